"""Kinds of case (applications, complaints, meetings, contracts …) as the vocabulary file
``prompts/vocabulary/facts.case_kinds.yaml`` defines them, and which kind a noun phrase or a
count names: a sampling population must count the same kind of case as the thing sampled.

Usage::

    kinds = get_case_kinds()
    kinds.kind_of("报销凭证")                        # "voucher" (the head noun)
    kinds.kinds_in("政府采购合同须在7个工作日内备案")  # ("contract", "application"), first named first
    kinds.count_kind("局务会", "次")                  # "meeting"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.facts.vocabulary import VOCABULARY_DIR, VocabularyError, normalize
from ingest.datafile import read_yaml

CASE_KINDS_FILE = VOCABULARY_DIR / "facts.case_kinds.yaml"
# In English the head of "applications for food licences" is the word before "for"/"of".
_EN_HEAD_CUT = re.compile(r"\s(?:of|for|from|about|on|to|under|with)\s.*$", re.I)


@dataclass(frozen=True)
class CaseKind:
    """One kind of case: its nouns (both languages, lower-cased NFKC) and measure words."""

    name: str
    nouns: tuple[str, ...]
    units: tuple[str, ...]


@dataclass(frozen=True)
class CaseKinds:
    """The vocabulary of case kinds; see the module docstring."""

    kinds: tuple[CaseKind, ...]

    def _matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, kind) of every noun of every kind found in ``text``."""
        lowered = normalize(text).lower()
        found = []
        for kind in self.kinds:
            for noun in kind.nouns:
                # An English stem starts a word ("fte" is not inside "after"); Chinese has no spaces.
                pattern = rf"(?<![a-z]){re.escape(noun)}" if noun.isascii() else re.escape(noun)
                found += [(m.start(), m.end(), kind.name) for m in re.finditer(pattern, lowered)]
        return found

    def kind_of(self, noun: str) -> str:
        """The kind a counted noun phrase names ("" when none): the kind whose noun ends last
        (the head noun), the longest on a tie; English "X of Y" is read as X."""
        phrase = normalize(noun).strip()
        if not re.search(r"[\u4e00-\u9fff]", phrase):
            phrase = _EN_HEAD_CUT.sub("", phrase)
        found = self._matches(phrase)
        if not found:
            return ""
        return max(found, key=lambda m: (m[1], m[1] - m[0]))[2]

    def kinds_in(self, text: str) -> tuple[str, ...]:
        """Every kind ``text`` names, in the order first named (the subject of a time limit
        comes first: "投诉件须在5个工作日内转办" is about complaints)."""
        found = sorted(self._matches(text), key=lambda m: (m[0], -(m[1] - m[0])))
        # A noun inside a longer one of another kind ("政府采购" in "政府采购合同") is read once.
        kept: list[tuple[int, int, str]] = []
        for match in found:
            if any(k[0] <= match[0] and match[1] <= k[1] and k is not match for k in kept):
                continue
            kept.append(match)
        return tuple(dict.fromkeys(m[2] for m in kept))

    def count_kind(self, counted: str, unit: str = "") -> str:
        """The kind of a count: from its noun, else from a measure word only one kind uses."""
        kind = self.kind_of(counted)
        if kind or not unit:
            return kind
        owners = [k.name for k in self.kinds if unit in k.units]
        return owners[0] if len(owners) == 1 else ""

    def unit_fits(self, kind: str, unit: str) -> bool:
        """Whether ``unit`` can count cases of ``kind`` (an unknown unit or kind says nothing)."""
        known = next((k for k in self.kinds if k.name == kind), None)
        return not unit or known is None or unit in known.units


def load_case_kinds(path: Path = CASE_KINDS_FILE) -> CaseKinds:
    """Read and check the case-kind file.

    Raises:
        VocabularyError: the file is missing or a kind lacks nouns or units.
    """
    if not path.is_file():
        raise VocabularyError(f"Vocabulary file {path} is missing. Restore it from the repository.")
    data = read_yaml(path, VocabularyError, "Vocabulary file", fix="Fix or restore it.")
    if not isinstance(data, dict) or not data:
        raise VocabularyError(f"Vocabulary file {path} must map each case kind to its nouns and units.")
    kinds = []
    for name, entry in data.items():
        nouns = [*((entry or {}).get("zh") or []), *((entry or {}).get("en") or [])]
        units = (entry or {}).get("units") or []
        if not nouns or not units or not all(isinstance(w, str) and w for w in [*nouns, *units]):
            raise VocabularyError(
                f"Vocabulary file {path}, kind {name!r}: expected non-empty lists zh/en (nouns) and units."
            )
        kinds.append(
            CaseKind(
                str(name), tuple(normalize(n).lower() for n in nouns), tuple(normalize(u) for u in units)
            )
        )
    return CaseKinds(tuple(kinds))


@cache
def get_case_kinds() -> CaseKinds:
    """The installed case-kind vocabulary, read once."""
    return load_case_kinds()
