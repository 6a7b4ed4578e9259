"""English names for a Chinese brief's department and people, and the reverse guard.

A department's English name is its English alias when the index has one, else composed from
``prompts/planner/names.yaml`` (known stem + unit suffix: 行政审批股 -> Administrative Licensing
Section). A person "林晓岚科长" reads "Section Chief Lin Xiaolan" (pypinyin, with a surname
table for the readings it gets wrong); a name that cannot be split into title and two- or
three-character name keeps its Chinese form with the title glossed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import yaml

from assistant.planner.audit_model import PLANNER_PROMPTS
from assistant.templates import TemplateError


@lru_cache(maxsize=1)
def _names() -> dict[str, Any]:
    path = PLANNER_PROMPTS / "names.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("whole", "stems", "suffixes", "titles", "surnames"):
        if not isinstance(data.get(key), dict):
            raise TemplateError(f"{path}: '{key}' must be a mapping of Chinese to English.")
    return dict(data)


def english_department(name: str) -> str:
    """The composed English name of a Chinese department name, or "" when no stem is known."""
    name = unicodedata.normalize("NFKC", name).strip()
    data = _names()
    if name in data["whole"]:
        return str(data["whole"][name])
    for suffix in sorted(data["suffixes"], key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if stem in data["stems"]:
                return f"{data['stems'][stem]} {data['suffixes'][suffix]}"
    return ""


def _romanise(given: str) -> str:
    # pypinyin loads its dictionary on first use (about 1 s once per process).
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(given)).capitalize()


@lru_cache(maxsize=256)
def english_person(text: str) -> str:
    """ "林晓岚科长" or "科长林晓岚" -> "Section Chief Lin Xiaolan"; "" when it cannot be done right."""
    text = unicodedata.normalize("NFKC", text).strip()
    data = _names()
    titles = sorted(data["titles"], key=len, reverse=True)
    for title in titles:
        for pattern in (
            rf"^(?P<name>[\u4e00-\u9fff]{{2,3}}){title}$",
            rf"^{title}(?P<name>[\u4e00-\u9fff]{{2,3}})$",
        ):
            match = re.match(pattern, text)
            if not match:
                continue
            name = match.group("name")
            surnames = data["surnames"]
            double = next((s for s in surnames if len(s) == 2 and name.startswith(s)), "")
            surname_len = 2 if double else 1
            surname, given = name[:surname_len], name[surname_len:]
            if not given:
                return ""
            family = surnames.get(surname) or _romanise(surname)
            return f"{data['titles'][title]} {family} {_romanise(given)}"
    return ""


def gloss_title(text: str) -> str:
    """ "林晓岚科长" -> "林晓岚 (Section Chief)" when the title is known, else ""."""
    data = _names()
    for title in sorted(data["titles"], key=len, reverse=True):
        if title in text:
            return f"{text.replace(title, '').strip()} ({data['titles'][title]})"
    return ""
