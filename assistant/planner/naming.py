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

from assistant.facts.recognizers import language_of
from assistant.planner.audit_model import PLANNER_PROMPTS
from assistant.planner.quoting import ORIGINAL_MARK, quote_original
from assistant.templates import TemplateError


@lru_cache(maxsize=1)
def _names() -> dict[str, Any]:
    path = PLANNER_PROMPTS / "names.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("whole", "stems", "suffixes", "titles", "surnames"):
        if not isinstance(data.get(key), dict):
            raise TemplateError(f"{path}: '{key}' must be a mapping of Chinese to English.")
    for key in ("parts", "units", "titles_en", "unit_titles"):
        if not isinstance(data.get(key), dict):
            raise TemplateError(f"{path}: '{key}' must be a mapping of English to Chinese.")
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
            english = data["stems"].get(stem) or _composed(stem, {**data["stems"], **data.get("words", {})})
            if english:
                return f"{english} {data['suffixes'][suffix]}"
    return ""


def _composed(stem: str, table: dict[str, str]) -> str:
    """``stem`` word by word, longest words first, when the table covers every character."""
    parts: list[str] = []
    at = 0
    while at < len(stem):
        end = next((end for end in range(len(stem), at, -1) if stem[at:end] in table), None)
        if end is None:
            return ""
        word = str(table[stem[at:end]])
        if not parts or parts[-1] != word:  # 执法监督 + 监察 would say "Supervision" twice
            parts.append(word)
        at = end
    return " ".join(parts)


_LINK_WORDS = {"and", "of", "the", "&"}


@lru_cache(maxsize=1)
def _chinese_parts() -> dict[str, str]:
    """English name part (lower case) -> Chinese: the stems read backwards, then ``parts``."""
    data = _names()
    parts: dict[str, str] = {}
    for chinese, english in {**data["whole"], **data["stems"]}.items():
        parts.setdefault(str(english).lower(), str(chinese))
    for english, chinese in data["parts"].items():
        parts.setdefault(str(english).lower(), str(chinese))
    return parts


def chinese_department(name: str) -> str:
    """The composed Chinese name of an English department name ("Finance and Asset Section" ->
    财务资产科), or "" when a word of it is in no table (a guess would be worse than none)."""
    name = unicodedata.normalize("NFKC", name).strip()
    data = _names()
    whole: dict[str, str] = {}
    for chinese, english in data["whole"].items():
        whole.setdefault(str(english).lower(), str(chinese))  # the first listed is the usual form
    if name.lower() in whole:
        return whole[name.lower()]
    words = re.findall(r"[A-Za-z&]+", name)
    units = {str(k).lower(): str(v) for k, v in data["units"].items()}
    if len(words) < 2 or words[-1].lower() not in units or len(words) != len(name.split()):
        return ""
    suffix = units[words[-1].lower()]
    body = [w.lower() for w in words[:-1]]
    parts = _chinese_parts()
    longest = max(len(p.split()) for p in parts)
    composed: list[str] = []
    i = 0
    while i < len(body):
        for size in range(min(longest, len(body) - i), 0, -1):
            piece = " ".join(body[i : i + size])
            if piece in parts:
                composed.append(parts[piece])
                i += size
                break
        else:
            if body[i] not in _LINK_WORDS:
                return ""
            i += 1
    stem = "".join(dict.fromkeys(composed))
    return f"{stem}{suffix}" if stem else ""


def chinese_person(person: str, department: str = "") -> str:
    """An English-named person for a Chinese brief: the title in Chinese (from the unit of the
    Chinese ``department`` name when the title is a generic "Head"), the name quoted as the
    original: "Head of Division Liang Yuwei" of 就业服务股 -> 股长“Liang Yuwei”（原文）. "" when no
    title is known."""
    person = unicodedata.normalize("NFKC", person).strip()
    data = _names()
    for english in sorted(data["titles_en"], key=len, reverse=True):
        match = re.match(
            rf"^{re.escape(english)}\s+(?:(?:Ms|Mr|Mrs|Dr)\.?\s+)?(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){{0,2}})$",
            person,
        )
        if not match:
            continue
        title = str(data["titles_en"][english])
        if title == "负责人":
            unit = next(
                (u for u in sorted(data["unit_titles"], key=len, reverse=True) if department.endswith(u)), ""
            )
            title = str(data["unit_titles"][unit]) if unit else title
        return f"{title}“{match.group('name')}”{ORIGINAL_MARK['zh']}"
    return ""


def name_in(name: str, language: str) -> str:
    """Another department's ``name`` for a brief in ``language``: as is in that language, else
    composed from the names table, else quoted as the original."""
    if not name or language_of(name) == language:
        return name
    composed = english_department(name) if language == "en" else chinese_department(name)
    return composed or quote_original(name, language)


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
