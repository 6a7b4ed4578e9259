"""The word lists metadata inference works from, read from ``ingest/vocabulary/*.yaml``.

The lists live in data files so that an agency with other unit names (a 中队, a "Desk") can
extend them without touching the rules. Each file is checked when it is loaded: a missing or
unknown key, or an entry that is not a string, raises ``IngestError`` naming the file and the
key, so a typo never silently switches a rule off.

Usage::

    zh = get_vocabulary("zh")
    zh.unit_suffixes        # ("办公室", "大队", "中心", ...), longest first
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

from ingest.datafile import read_yaml
from ingest.errors import IngestError

VOCABULARY_DIR = Path(__file__).resolve().parent.parent / "vocabulary"
LANGUAGES = ("zh", "en")
# Keys only some languages need: English names can be written "Office of X".
_OPTIONAL = frozenset(
    {
        "prefix_units", "name_joiners", "unit_followers", "unit_leaders", "non_unit_endings",
        "non_unit_phrases", "never_inside_names", "place_words", "place_word_continuations",
    }
)


@dataclass(frozen=True)
class Vocabulary:
    """One language's word lists. Lists that are matched as prefixes or suffixes are sorted
    longest first, so "办公室" is tried before "室" and "大队" before "队"."""

    language: str
    unit_suffixes: tuple[str, ...]
    generic_prefixes: tuple[str, ...]
    generic_units: tuple[str, ...]
    agency_suffixes: tuple[str, ...]
    duty_headings: tuple[str, ...]
    department_title_words: tuple[str, ...]
    procedure_words: tuple[str, ...]
    record_words: tuple[str, ...]
    guidance_words: tuple[str, ...]
    audit_report_words: tuple[str, ...]
    audit_report_titles: tuple[str, ...]
    minutes_titles: tuple[str, ...]
    minutes_words: tuple[str, ...]
    ledger_words: tuple[str, ...]
    title_skip_patterns: tuple[re.Pattern[str], ...]
    unit_followers: tuple[str, ...] = ()
    unit_leaders: tuple[str, ...] = ()
    non_unit_endings: tuple[str, ...] = ()
    non_unit_phrases: tuple[str, ...] = ()
    prefix_units: tuple[str, ...] = ()
    name_joiners: tuple[str, ...] = ()
    never_inside_names: tuple[str, ...] = ()
    place_words: tuple[str, ...] = ()
    place_word_continuations: tuple[str, ...] = ()


def _keys() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Vocabulary) if f.name != "language")


@cache
def get_vocabulary(language: str) -> Vocabulary:
    """The vocabulary of ``language`` ("zh" or "en"), loaded and checked once.

    Raises:
        IngestError: the file is missing, is not valid YAML, or has a missing, unknown or
            ill-typed key.
    """
    if language not in LANGUAGES:
        raise ValueError(f"no vocabulary for language {language!r}; known: {', '.join(LANGUAGES)}")
    return load_vocabulary(VOCABULARY_DIR / f"departments.{language}.yaml", language)


def load_vocabulary(path: Path, language: str) -> Vocabulary:
    """Read and check one vocabulary file (see ``get_vocabulary``)."""
    accepted = _keys()
    hint = f"Accepted keys: {', '.join(accepted)}."
    data = read_yaml(path, IngestError, "Vocabulary file", fix="Fix or restore it.")
    if not isinstance(data, dict):
        raise IngestError(f"{path}: expected a mapping of word lists. {hint}")
    unknown = sorted(set(map(str, data)) - set(accepted))
    if unknown:
        raise IngestError(f"{path}: unknown key(s) {', '.join(unknown)}. {hint}")
    missing = [k for k in accepted if k not in data and k not in _OPTIONAL]
    if missing:
        raise IngestError(f"{path}: missing key(s) {', '.join(missing)}. {hint}")
    values: dict[str, tuple[str, ...]] = {}
    for key, value in data.items():
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise IngestError(
                f"{path}: key {key!r} must be a list of non-empty strings (quote numbers, e.g. '12345')."
            )
        values[key] = tuple(dict.fromkeys(v.strip() for v in value))
    try:
        patterns = tuple(re.compile(p) for p in values.pop("title_skip_patterns"))
    except re.error as e:
        raise IngestError(f"{path}: a title_skip_patterns entry is not a regular expression ({e}).") from e
    ordered = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in values.items()}
    return Vocabulary(language=language, title_skip_patterns=patterns, **ordered)
