"""States a question asks about: open, unverified or late items, and sentences that are in them.

An auditor asking "which nonconformity is still unverified?" wants the unverified one first,
not the one whose effectiveness was verified, though both sentences share the question's words.
``question_states`` finds the states a question asks for; ``sentence_state`` tells whether a
sentence is in such a state (True), in its opposite (False), or says nothing of it (None). The
vocabulary is data (``states.yaml``), validated at load; text is NFKC-normalised first.

Usage::

    states = question_states("Which nonconformity is still unverified?")   # ("unverified",)
    sentence_state("NC-2的纠正措施尚未验证。", states)                      # True
    cell_state("是否超期", "否", ("late",))                                  # False

A table row states an item's state in its cells rather than in words: ``cell_state`` reads a
status column like a sentence, and a yes/no column whose header names a state by its answer
(headers and answers are data, ``state_cells.yaml``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

STATES_FILE = Path(__file__).with_name("states.yaml")
CELLS_FILE = Path(__file__).with_name("state_cells.yaml")
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


def _spans(text: str, patterns: tuple[re.Pattern[str], ...]) -> list[tuple[int, int]]:
    return [m.span() for p in patterns for m in p.finditer(text)]


def _outside(spans: list[tuple[int, int]], longer: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` not inside a longer span of ``longer``: "not closed" hides the "closed" in it."""
    return [
        (s, e) for s, e in spans if not any(ls <= s and e <= le and le - ls > e - s for ls, le in longer)
    ]


def sentence_state(sentence: str, states: tuple[str, ...]) -> bool | None:
    """True when ``sentence`` is in one of ``states``, False when it is only in an opposite
    state, None when it says nothing of them. The longer wording wins where two overlap:
    "尚未验证" is in "unverified" although it contains "验证", and "not closed" is not in
    "closed"."""
    text = _normal(sentence)
    opposite = False
    for state in load_states():
        if state.name not in states:
            continue
        inside = _spans(text, state.in_state)
        against = _spans(text, state.opposite)
        if _outside(inside, against):
            return True
        opposite = opposite or bool(_outside(against, inside))
    return False if opposite else None


@dataclass(frozen=True)
class CellWords:
    status_labels: tuple[str, ...]
    yes: frozenset[str]
    no: frozenset[str]


@cache
def load_cell_words(path: Path = CELLS_FILE) -> CellWords:
    """``state_cells.yaml``. Raises ``ValueError`` naming the file and the list when malformed."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    lists: dict[str, list[str]] = {}
    for key in ("status_labels", "yes", "no"):
        value = raw.get(key) if isinstance(raw, dict) else None
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise ValueError(f"{path}: `{key}` must be a non-empty list of words.")
        lists[key] = [_normal(v) for v in value]
    return CellWords(tuple(lists["status_labels"]), frozenset(lists["yes"]), frozenset(lists["no"]))


# A row's target cell and its result cell, by their headers: "目标值", "Target", "Goal"; "完成值",
# "实际", "Result", "Achieved", "Actual", or a period ("Jan–Oct 2025", "2025年1—10月").
_TARGET_LABEL = re.compile(r"目标|指标值|target|goal", re.IGNORECASE)
_RESULT_LABEL = re.compile(
    r"完成|实际|实绩|结果|达成值|result|actual|achieved|outturn|(?:19|20)\d{2}", re.IGNORECASE
)
_FIGURE = re.compile(r"(\d+(?:\.\d+)?)")
# A target is a floor unless it says it is a ceiling.
_CEILING = re.compile(
    r"≤|<=|不超过|不高于|以内|以下|at most|no more than|not exceed|below|under|within", re.IGNORECASE
)


def target_missed(labels: tuple[str, ...], values: tuple[str, ...]) -> bool | None:
    """Whether a table row's result falls short of its target ("目标值: ≥95%; 完成值: 93%"), by
    the figures in its target and result cells; None when the row has no such pair."""
    # The target cell holds a figure: "质量目标: 投诉按时办结率" names the objective, "目标值: ≥95%" sets it.
    target_at = next(
        (i for i, label in enumerate(labels) if _TARGET_LABEL.search(label) and _FIGURE.search(values[i])),
        None,
    )
    if target_at is None:
        return None
    result_at = next(
        (
            i
            for i, label in enumerate(labels)
            if i != target_at and _RESULT_LABEL.search(label) and not _TARGET_LABEL.search(label)
        ),
        None,
    )
    if result_at is None:
        return None
    target = _FIGURE.search(unicodedata.normalize("NFKC", values[target_at]))
    result = _FIGURE.search(unicodedata.normalize("NFKC", values[result_at]))
    if not target or not result:
        return None
    goal, reached = float(target.group(1)), float(result.group(1))
    return reached > goal if _CEILING.search(values[target_at]) else reached < goal


def cell_state(label: str, value: str, states: tuple[str, ...]) -> bool | None:
    """The state one table cell gives its row: a status column ("状态: 已关闭（4月30日验证）") is
    read like a sentence; a yes/no column whose header names a state ("是否超期: 否",
    "Overdue: yes") or its opposite ("是否按时办结: 是") by its answer; None for any other cell."""
    words = load_cell_words()
    header = _normal(label).strip()
    answer = _normal(value).strip().rstrip("。.；;").strip()
    if any(word in header for word in words.status_labels):
        return sentence_state(value, states)
    if answer not in words.yes and answer not in words.no:
        return None
    named = sentence_state(header, states)
    if named is None:
        return None
    return named if answer in words.yes else not named
