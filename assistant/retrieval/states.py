"""States a question asks about: open, unverified or late items, and sentences that are in them.

An auditor asking "which nonconformity is still unverified?" wants the unverified one first,
not the one whose effectiveness was verified, though both sentences share the question's words.
``question_states`` finds the states a question asks for; ``sentence_state`` tells whether a
sentence is in such a state (True), in its opposite (False), or says nothing of it (None). The
vocabulary is data (``states.yaml``), validated at load; text is NFKC-normalised first.

Usage::

    states = question_states("Which nonconformity is still unverified?")   # ("unverified",)
    sentence_state("NC-2的纠正措施尚未验证。", states)                      # True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

STATES_FILE = Path(__file__).with_name("states.yaml")
_PARTS = ("question", "in_state", "opposite")


@dataclass(frozen=True)
class State:
    name: str
    question: tuple[re.Pattern[str], ...]
    in_state: tuple[re.Pattern[str], ...]
    opposite: tuple[re.Pattern[str], ...]


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _pattern(word: str) -> re.Pattern[str]:
    word = _normal(word)
    if re.search(r"[a-z]", word):
        return re.compile(rf"\b{re.escape(word)}\b")
    return re.compile(re.escape(word))


@cache
def load_states(path: Path = STATES_FILE) -> tuple[State, ...]:
    """The states of ``states.yaml``. Raises ``ValueError`` naming the file and the entry when
    one is malformed."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected `state: {{question, in_state, opposite}}` entries.")
    states: list[State] = []
    for name, entry in raw.items():
        if not isinstance(entry, dict) or set(entry) != set(_PARTS):
            raise ValueError(f"{path}: state {name!r} needs exactly the lists {', '.join(_PARTS)}.")
        lists = {}
        for part in _PARTS:
            words = entry[part]
            if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words) or not words:
                raise ValueError(f"{path}: {name}.{part} must be a non-empty list of words.")
            lists[part] = tuple(_pattern(w) for w in words)
        states.append(State(str(name), lists["question"], lists["in_state"], lists["opposite"]))
    return tuple(states)


def question_states(question: str) -> tuple[str, ...]:
    """Names of the states ``question`` asks for, in file order."""
    text = _normal(question)
    return tuple(s.name for s in load_states() if any(p.search(text) for p in s.question))


def sentence_state(sentence: str, states: tuple[str, ...]) -> bool | None:
    """True when ``sentence`` is in one of ``states``, False when it is only in an opposite
    state, None when it says nothing of them. "尚未验证" is in "unverified" although it contains
    "验证": the state's own words are looked for first."""
    text = _normal(sentence)
    opposite = False
    for state in load_states():
        if state.name not in states:
            continue
        if any(p.search(text) for p in state.in_state):
            return True
        opposite = opposite or any(p.search(text) for p in state.opposite)
    return False if opposite else None
