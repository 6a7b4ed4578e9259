"""Fill in a document's title, language, type and department, recording how each was found.

Metadata the file states (front matter) wins. Otherwise the department comes from, in order:
the folder (a folder named after a unit, or a ``departments/`` folder with the unit read from
the title or file name), a duties section (主要职责, 【职能】, Duties, What we do … and the unit
named there), the title's unit, the file name's unit. Each is stored as ``department_source``;
``declared`` is added later by ``Declarations`` (ingest/metadata/declarations.py). A procedure,
record or guide is never assigned to a department, whatever it names (a procedure whose title
opens with a unit is that unit's own, as a manual would file it): the units it names go to
``mentions_departments`` ("; "-joined) so a listing can show what mentions whom.

Usage::

    meta = infer_metadata("【职能】督查室负责督办。", stated={}, relative_path=Path("2025/说明.txt"))
    meta["department"], meta["department_source"]     # "督查室", "duties section"
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath

from ingest.metadata.doctypes import (
    DOC_TYPES,
    doc_type_from_content,
    doc_type_from_title,
    find_duty_sections,
    find_title,
)
from ingest.metadata.short_names import defined_short_names
from ingest.metadata.units import unit_in_file_name, unit_in_title, units_in_text, whole_unit
from ingest.text import detect_language

# department_source values, strongest first.
DEPARTMENT_SOURCES = ("declared", "front matter", "folder", "duties section", "title", "file name")
DOC_TYPE_SOURCES = ("declared", "front matter", "folder", "title", "content")
MENTIONS_SEPARATOR = "; "
# A long document names many units in passing; the first ones are the ones it is about.
MAX_MENTIONS = 12
_TYPE_BY_FOLDER = {
    "guidance": "guidance",
    "guides": "guidance",
    "guide": "guidance",
    "department": "department",
    "departments": "department",
    "system": "system",
    "procedures": "system",
    "manual": "system",
    "record": "record",
    "records": "record",
}


def _aliases(value: object) -> list[str]:
    """Aliases as a list of strings, whether YAML gave a list, a comma-separated string or one
    scalar ("aliases: 2019")."""
    if not value:
        return []
    if isinstance(value, str):
        items: list[object] = [a.strip() for a in re.split(r"[,;，；、|]", value)]
    elif isinstance(value, list | tuple | set):
        items = list(value)
    else:
        items = [value]
    return [str(a).strip() for a in items if str(a).strip()]


def _language(text: str, stated: object) -> str:
    language = str(stated or detect_language(text[:4000])).lower()
    return "zh" if language.startswith("zh") else "en" if language.startswith("en") else language


def _doc_type_stated(meta: dict[str, object], folders: tuple[str, ...]) -> tuple[str, str]:
    doc_type = str(meta.get("doc_type") or "").lower()
    if doc_type in DOC_TYPES:
        return doc_type, "front matter"
    folder = next((_TYPE_BY_FOLDER[p.lower()] for p in folders if p.lower() in _TYPE_BY_FOLDER), "")
    return (folder, "folder") if folder else ("", "")


def _department(
    text: str, title: str, relative: PurePath, doc_type: str, doc_type_source: str
) -> tuple[str, str, bool]:
    """(department, source, has_duties) from content, for a file that states none."""
    folders = relative.parts[:-1]
    for folder in reversed(folders):
        unit = whole_unit(folder)
        if unit:
            return unit, "folder", False
    duties = find_duty_sections(text)
    if doc_type == "system":
        # A procedure names many units; only one whose title opens with a unit is that unit's
        # own ("公共文化服务科2026年质量目标", "Finance Section: Procedure for …").
        owner = title_owner(title)
        return owner, ("title" if owner else ""), bool(duties)
    if doc_type in ("record", "guidance"):
        return "", "", bool(duties)
    if doc_type == "department" and doc_type_source == "folder":
        # Filed as a department document: the folder decided, the title or file name names it.
        unit = unit_in_title(title) or unit_in_file_name(relative.stem)
        return unit, ("folder" if unit else ""), bool(duties)
    # The title may itself read as a duties heading ("X Section: Duties"); it counts as title.
    named = next((d.unit for d in duties if d.unit and d.heading not in title), "")
    if named:
        return named, "duties section", True
    unit = unit_in_title(title)
    if unit:
        # A file without a title line is titled by its file name: say so.
        return unit, ("file name" if title == relative.stem else "title"), bool(duties)
    unit = unit_in_file_name(relative.stem)
    if unit:
        return unit, "file name", bool(duties)
    return "", "", bool(duties)


# Pieces of a title block: "农村经济指导股 / Rural Economy Guidance Section · 汀溪县农业农村局".
_TITLE_PIECES = re.compile(r"\s*(?:[·|/—–:：]|\s-\s|[（(）)])\s*")
# How far below the top a page states its name in the other language.
_TITLE_BLOCK_LINES = 4


def name_in_other_language(text: str, department: str) -> str:
    """The department's name in the other language when the top of its own document states it
    ("# 农村经济指导股" over "Rural Economy Guidance Section · 汀溪县农业农村局"; "General Office
    (办公室)"), else "". Only a whole unit name in a title-block line counts, not one in a
    sentence."""
    own_is_zh = detect_language(department) == "zh"
    lines = [line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()]
    for line in lines[:_TITLE_BLOCK_LINES]:
        for piece in _TITLE_PIECES.split(line):
            unit = whole_unit(piece) if piece else ""
            if unit and unit != department and (detect_language(unit) == "zh") != own_is_zh:
                return unit
    return ""


def infer_metadata(text: str, stated: dict[str, object], relative_path: Path) -> dict[str, object]:
    """``stated`` completed with title, language, doc_type, department and their sources.

    Keys added: title, language, doc_type, doc_type_source, department, department_source
    ("" when there is no department), aliases (a list), mentions_departments (a "; "-joined
    string of the units the text names besides its own department), defined_names (short names
    the text defines, ``ingest.metadata.short_names``).
    """
    meta: dict[str, object] = {k: v for k, v in stated.items() if v not in (None, "")}
    relative = PurePath(relative_path)
    title = find_title(text, str(meta.get("title") or ""), relative.stem)
    meta["title"] = title
    meta["language"] = _language(text, meta.get("language"))
    doc_type, doc_type_source = _doc_type_stated(meta, relative.parts[:-1])
    title_unit = unit_in_title(title)
    if not doc_type:
        doc_type = doc_type_from_title(title, title_unit)
        doc_type_source = "title" if doc_type else ""
    if not doc_type and not title_unit and title != relative.stem:
        # The file name is a title too: "2025年信访投诉登记台账.xlsx" whose first sheet is headed
        # "2025年信访投诉月度汇总" is a ledger. A title naming a unit says more than a file
        # name ("report-a.docx" titled "Finance and Asset Section: …").
        stem = re.sub(r"[_.]+|(?<=[A-Za-z])-(?=[A-Za-z])", " ", relative.stem)  # file_name words
        doc_type = doc_type_from_title(stem, unit_in_file_name(relative.stem))
        doc_type_source = "title" if doc_type else ""

    department = str(meta.get("department") or "").strip()
    if department:
        department_source = "front matter"
        has_duties = bool(find_duty_sections(text)) if not doc_type else False
    else:
        department, department_source, has_duties = _department(
            text, title, relative, doc_type, doc_type_source
        )
    if not doc_type:
        doc_type = doc_type_from_content(text, has_duties)
        doc_type_source = "content" if doc_type else ""
    if not doc_type:
        # Nothing else spoke: a document about one unit is that unit's, anything else a guide.
        doc_type = "department" if department else "guidance"
        doc_type_source = {"title": "title", "file name": "title"}.get(department_source, "content")
    meta["doc_type"] = doc_type
    meta["doc_type_source"] = doc_type_source
    meta["department"] = department
    meta["department_source"] = department_source if department else ""
    aliases = _aliases(meta.get("aliases"))
    other = name_in_other_language(text, department) if department else ""
    meta["aliases"] = [*aliases, other] if other and other not in aliases else aliases
    named = [title_unit] if title_unit else []
    named += units_in_text(text[:20000], known_names=[n for n in (department, title_unit) if n])
    mentions = [n for n in dict.fromkeys(named) if n and n != department][:MAX_MENTIONS]
    meta["mentions_departments"] = MENTIONS_SEPARATOR.join(mentions)
    meta["defined_names"] = defined_short_names(text[:20000])
    return meta


def title_owner(title: str) -> str:
    """The unit a title opens with, after an agency name ("X局公共文化服务科2026年质量目标"), or "";
    a unit named further in ("PCS-P-04 Township Cultural Station Supervision Procedure") is what
    the document is about, not whose it is."""
    unit = unit_in_title(title)
    if not unit or detect_language(unit) == "zh":
        return unit  # a Chinese title's unit is only ever read at its start
    # An English title opens with the unit and sets it off: "Finance Section: …", "… Office's …".
    title = title.strip().lstrip("#").strip()
    return unit if title.startswith(unit) and re.match(r"\s*(?:$|[:：'’(（—–-])", title[len(unit) :]) else ""


def department_from_title(title: str) -> str:
    """The department a title names ("行政审批科职责" -> "行政审批科"), agency prefix removed."""
    return unit_in_title(title)
