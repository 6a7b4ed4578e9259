"""Bilingual audit terms for cross-language lexical search.

BM25 matches words, so an English question finds nothing in Chinese passages and the other way
round. ``expand_query`` appends, for every glossary term a query contains, its equivalents in
the other language (``assistant/glossary.yaml``); dense search is left alone. Measured on the
gold sets (docs/evals.md): English questions over Chinese documents gain, same-language
questions are unchanged.

Usage::

    expand_query("What happens at the opening meeting?")
    # 'What happens at the opening meeting? 首次会议'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

GLOSSARY_FILE = Path(__file__).with_name("glossary.yaml")


@dataclass(frozen=True)
class Term:
    zh: str
    en: tuple[str, ...]
    en_patterns: tuple[re.Pattern[str], ...]


@cache
def load_terms(path: Path = GLOSSARY_FILE) -> tuple[Term, ...]:
    """The glossary's terms. Raises ``ValueError`` naming the file when an entry is malformed."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected `中文: [English, ...]` entries.")
    terms: list[Term] = []
    for zh, english in raw.items():
        if not isinstance(zh, str) or not isinstance(english, list) or not english:
            raise ValueError(f"{path}: entry {zh!r} needs a list of English terms.")
        names = tuple(str(e).strip() for e in english)
        patterns = tuple(_english_pattern(e) for e in names)
        terms.append(Term(zh, names, patterns))
    return tuple(terms)


def _english_pattern(term: str) -> re.Pattern[str]:
    """Whole words, any case, singular or plural ("finding(s)", "nonconformity/-ies")."""
    if term.endswith("y"):
        return re.compile(rf"\b{re.escape(term[:-1])}(?:y|ies)\b", re.IGNORECASE)
    return re.compile(rf"\b{re.escape(term)}(?:s|es)?\b", re.IGNORECASE)


def expand_query(query: str, terms: tuple[Term, ...] | None = None) -> str:
    """``query`` followed by the other-language equivalents of the glossary terms it contains."""
    extra: list[str] = []
    for term in terms if terms is not None else load_terms():
        if term.zh in query:
            extra.extend(term.en)
        if any(p.search(query) for p in term.en_patterns):
            extra.append(term.zh)
    added = [e for e in dict.fromkeys(extra) if e not in query]
    return f"{query} {' '.join(added)}" if added else query
