"""The recognition vocabulary of the facts stage, as data: ``prompts/vocabulary/facts.*.yaml``.

Each file maps a key (``status_closed``, ``count_units`` …) to a list of regular expressions; a
key's pattern is the union of its lists in every file (``any``, ``zh``, ``en``), so a document in
either language is read with both. The files are read and checked once, on first use: an
unknown key, an empty or non-string entry, or a pattern that does not compile raises
:class:`VocabularyError` naming the file and the key.

Text and patterns are both NFKC-normalised before matching, so full-width forms (９５％, ：, ，)
match the ASCII ones the files are written with.

Usage::

    vocabulary = get_vocabulary()
    vocabulary.pattern("status_closed").search(normalize("已关闭并验证"))
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from assistant.templates import PROMPTS_DIR, TemplateError
from ingest.datafile import read_yaml

VOCABULARY_DIR = PROMPTS_DIR / "vocabulary"
FILES = ("facts.any.yaml", "facts.zh.yaml", "facts.en.yaml")

# The kinds of fact a section heading can announce (a vocabulary entry heading_<kind> each).
HEADING_KINDS = (
    "finding",
    "complaint",
    "risk",
    "time_limit",
    "objective",
    "volume",
    "change",
    "key_work",
    "workflow",
    "staffing",
    "duty",
)
# Every key the code reads, and what it is for; a key in a file but not here is a typo.
KEYS: dict[str, str] = {
    "finding_id": "finding IDs (NC-2025-01 …)",
    "finding_id_header": "a table column holding each row's own ID (编号, No., Ref)",
    "percent": "a percentage",
    "finding_words": "words naming an audit finding",
    "status_in_progress": "a finding whose correction is not done yet",
    "status_unverified": "corrected, effectiveness not yet verified",
    "status_corrected": "a correction or corrective action was taken",
    "status_not_closed": "a finding not closed",
    "status_closed": "a finding verified and closed",
    "repeat": "the records say a finding recurred",
    "repeat_hedge": "words that make a recurrence only a possibility",
    "repeat_reference": "words before an earlier finding a new one repeats",
    "change": "a change in staff, systems or organisation",
    "complaint": "complaints, petitions, hotline",
    "complaint_trouble": "a complaint overdue, still open or leaving the complainant dissatisfied",
    "risk": "a named risk",
    "grassroots": "grassroots units (stations, townships)",
    "intro": "sentences that only announce a list",
    "target": "a stated target",
    "result": "a reported result",
    "innovation": "innovative work",
    "duration": "a duration",
    "time_words": "words of a time limit",
    "elapsed": "time taken, as opposed to a limit",
    "comparator": "at least / at most",
    "rate": "a rate or objective",
    "zero_target": "a zero target",
    "year": "a year as the period of a volume",
    "volume_verbs": "verbs of yearly volumes",
    "date": "when a change takes effect",
    "staff": "words naming a department's people (在编, staff)",
    "staff_count": "a headcount (6人, 8 FTE)",
    "deadline": "a deadline by a date (3月31日前完成, by end of March)",
    "assignment": "a decision or assignment in minutes and notices (议定, 由…负责)",
    "procedure_titles": "a governing procedure named by its title (《…办法》)",
    "objectives_titles": "title words of a department's objectives document (质量目标, objectives)",
    "record_keeping": "keeping a record (形成…台账, entered in the log)",
    **{
        f"heading_{kind}": f"headings announcing {kind} facts"
        for kind in HEADING_KINDS
    },
    "count_units": "units of counted things (件, 项 …)",
    "count_not_after_ge": "words after 个 that make it a duration",
    "count_not_nouns": "words after an English number that are not a counted noun",
    "count_stop_words": "words that end an English counted noun",
    "count_not_labels": "labels before a colon whose number is a name, not a count (Phone: 8062)",
    "money_units": "money units (not counts)",
    "approx": "about / 约",
    "count_lead_words": "period and quantity words before a counted noun",
    "count_verbs": "verbs before a counted noun",
    "count_part_words": "a count that is part of the total",
    "count_columns": "table columns naming what is counted",
    "number_columns": "table columns holding the count",
    "total_cells": "a row's first cell that makes it the total (合计, Total)",
    "department_columns": "table columns naming the department a finding is against",
    "finding_against": "phrases raising a finding against {department}",
    "responsible_words": "words by which a procedure makes a department responsible",
    "count_subject_end": "a unit as the subject before a counting verb",
    "count_trail_words": "words ending a clause before its number",
    "count_noun_not_first": "characters a counted noun never starts with",
    "count_noun_after_stop": "characters ending a noun written after its unit",
    "subject_after_name": "words after a department's name that make it the subject",
    "department_head": "the department head (named groups title, name)",
    "leader_in_charge": "the leader in charge (named groups title, name)",
    "record_titles": "record names in titles (《…登记表》, Form X)",
    "record_nouns": "record names as noun phrases (…台账, … register)",
    "record_noun_lead": "words before a record noun that are not part of its name",
    "record_noun_exclude": "words that show a record noun is a clause, not a name",
}
# Keys whose patterns hold a {department} placeholder, filled with a department's name.
TEMPLATED = frozenset({"finding_against"})


class VocabularyError(TemplateError):
    """A vocabulary file is missing or malformed; the message names the file and the key."""


def normalize(text: str) -> str:
    """NFKC form of ``text``: full-width digits, letters and punctuation become ASCII."""
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True)
class Vocabulary:
    """The checked vocabulary: raw entries per key, and their compiled union."""

    entries: dict[str, tuple[str, ...]]
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False)

    def words(self, key: str) -> tuple[str, ...]:
        """The entries of ``key`` in every file, NFKC-normalised, longest first."""
        return tuple(sorted(self.entries[key], key=len, reverse=True))

    def pattern(self, key: str) -> re.Pattern[str]:
        """The union of ``key``'s entries, case-insensitive."""
        if key not in self._compiled:
            self._compiled[key] = re.compile("|".join(f"(?:{p})" for p in self.words(key)), re.I)
        return self._compiled[key]

    def each(self, key: str) -> tuple[re.Pattern[str], ...]:
        """``key``'s entries compiled one by one (for entries with named groups, which a
        union cannot hold twice)."""
        return tuple(re.compile(p) for p in self.entries[key])

    def against(self, key: str, department: str) -> re.Pattern[str]:
        """A templated key's union with ``{department}`` filled in."""
        name = re.escape(normalize(department))
        return re.compile("|".join(f"(?:{p.replace('{department}', name)})" for p in self.words(key)), re.I)


def _entries(path: Path) -> Iterator[tuple[str, list[str]]]:
    data = read_yaml(path, VocabularyError, "Vocabulary file", fix="Fix or restore it.")
    if not isinstance(data, dict):
        raise VocabularyError(f"Vocabulary file {path} must map keys to lists of patterns.")
    for key, value in data.items():
        if key not in KEYS:
            raise VocabularyError(
                f"Vocabulary file {path}: unknown key {key!r}. Valid keys: {', '.join(sorted(KEYS))}."
            )
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise VocabularyError(
                f"Vocabulary file {path}, key {key!r}: expected a non-empty list of strings."
            )
        for entry in value:
            probe = normalize(entry).replace("{department}", "X") if key in TEMPLATED else normalize(entry)
            try:
                re.compile(probe)
            except re.error as e:
                raise VocabularyError(
                    f"Vocabulary file {path}, key {key!r}: pattern {entry!r} does not compile ({e})."
                ) from e
        yield key, [normalize(v) for v in value]


def load_vocabulary(directory: Path = VOCABULARY_DIR) -> Vocabulary:
    """Read and check the vocabulary files in ``directory``.

    Raises:
        VocabularyError: a file is missing or malformed, or a key the code needs is in none.
    """
    merged: dict[str, list[str]] = {}
    for name in FILES:
        path = directory / name
        if not path.is_file():
            raise VocabularyError(f"Vocabulary file {path} is missing. Restore it from the repository.")
        for key, values in _entries(path):
            merged.setdefault(key, []).extend(values)
    missing = sorted(set(KEYS) - set(merged))
    if missing:
        raise VocabularyError(f"Vocabulary files in {directory} lack the keys: {', '.join(missing)}.")
    return Vocabulary({key: tuple(dict.fromkeys(values)) for key, values in merged.items()})


@cache
def get_vocabulary() -> Vocabulary:
    """The vocabulary of the installed prompts, loaded and checked once."""
    return load_vocabulary()
