"""What kind of answer a question asks for, and whether a sentence gives that kind.

"How many repeat petitions…" wants a count of petitions; "What ceiling does … set…" an upper
bound ("≤0.5%"); "How soon … must the minutes go out?" a duration ("within 48 hours"); "占比是多少"
a percentage. The rules writer prefers sentences that give the kind asked for over sentences
that merely share the question's words, and the answer stage takes a same-language sentence
that gives it, and holds the question's topic words, as evidence that the documents answer.
The cues live in ``answer_types.yaml``.

Usage::

    asked = AnswerType.of("人事科去年计划办多少期培训？")
    asked.kinds, asked.unit            # frozenset({"count"}), "期"
    asked.fits("2025年计划组织培训38期，实际完成36期。")   # True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from assistant.retrieval.translation import load_vocabulary as load_translation_vocabulary
from ingest.text import CALENDAR_YEAR, arabic_numerals, content_tokens, english_numerals

VOCABULARY_FILE = Path(__file__).with_name("answer_types.yaml")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Stems are compared on this many leading letters ("petitioners" ~ "petitions", "satisfied" ~
# "satisfaction"): crude, but both sides are cut alike and five letters rarely collide.
STEM_LETTERS = 5
# "how many repeat petitions did …": the counted noun ends before an auxiliary verb.
_EN_COUNT = re.compile(
    r"\bhow many\s+((?:[a-z'-]+\s+){0,4}?[a-z'-]+?)(?:\s+"
    r"(?:did|does|do|were|was|are|is|have|has|had|will|can|could|would|should|must|in|at|on|for|of|from|by|per"
    r"|a|an|each|every)\b"  # "how many times a year"
    r"|\s*[?？,.]|\s*$)"
)
# Where no auxiliary or preposition ends the noun phrase ("how many stations missed …").
_EN_COUNT_LOOSE = re.compile(r"\bhow many\s+((?:[a-z'-]+)(?:\s+[a-z'-]+)?)")
_ZH_COUNT = re.compile(r"(?:多少|几)(个)?([\u4e00-\u9fff]{1,3})")


@dataclass(frozen=True)
class AnswerVocabulary:
    question: dict[str, tuple[re.Pattern[str], ...]]
    answer: dict[str, tuple[re.Pattern[str], ...]]
    form_words: frozenset[str]
    # Kinds that only rank sentences (``preference_only: true``): an answer without one is
    # still an answer, and no evidence is found by one.
    preference_only: frozenset[str] = frozenset()


def _cue(word: str) -> re.Pattern[str]:
    if re.search(r"[a-z]", word):
        return re.compile(rf"(?<![a-z]){re.escape(word)}(?![a-z])")
    return re.compile(re.escape(word))


def _pattern(text: str) -> re.Pattern[str]:
    # A plain word is matched as a word; anything with a regex metacharacter as a regex.
    if re.search(r"[\\\[\](){}|+*?^$]", text):
        return re.compile(text)
    return _cue(text)


def normal(text: str) -> str:
    """NFKC, digits for Chinese and English number words ("六十日", "six staff"), lower case."""
    return english_numerals(arabic_numerals(unicodedata.normalize("NFKC", text))).lower()


@cache
def load_vocabulary(path: Path = VOCABULARY_FILE) -> AnswerVocabulary:
    """``answer_types.yaml``. Raises ``ValueError`` naming the file and the entry when malformed."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    kinds = raw.get("kinds")
    if not isinstance(kinds, dict) or not kinds:
        raise ValueError(f"{path}: `kinds` must map a kind to its `question` and `answer` lists.")
    question: dict[str, tuple[re.Pattern[str], ...]] = {}
    answer: dict[str, tuple[re.Pattern[str], ...]] = {}
    preference_only: set[str] = set()
    for kind, entry in kinds.items():
        if isinstance(entry, dict) and entry.get("preference_only") is True:
            preference_only.add(str(kind))
        for key, out in (("question", question), ("answer", answer)):
            values = entry.get(key) if isinstance(entry, dict) else None
            if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values or [0]):
                raise ValueError(f"{path}: `kinds.{kind}.{key}` must be a non-empty list of strings.")
            try:
                out[str(kind)] = tuple(_pattern(normal(v) if key == "question" else v) for v in values)
            except re.error as e:
                raise ValueError(f"{path}: `kinds.{kind}.{key}` has a bad pattern: {e}") from e
    words: set[str] = set()
    for key in ("form_words_en", "form_words_zh"):
        values = raw.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"{path}: `{key}` must be a list of words.")
        words.update(normal(v) for v in values)
    return AnswerVocabulary(question, answer, frozenset(words), frozenset(preference_only))


def stem(word: str) -> str:
    """A crude English stem (the first ``STEM_LETTERS`` letters of the word without its
    ending); Chinese words stay as they are."""
    if _CJK.search(word) or not word.isascii():
        return word
    for ending in ("ations", "ation", "ings", "ing", "ied", "ies", "ers", "er", "ed", "es", "s"):
        if len(word) - len(ending) >= 3 and word.endswith(ending):
            word = word[: -len(ending)]
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]  # "chase" and "chased" meet at "chas"
    return word[:STEM_LETTERS]


def key_words(question: str) -> list[str]:
    """The question's topic words: content words without form words, single Chinese characters
    (too ambiguous alone) and numbers other than years, as stems. A year stays: "in 2025" picks
    the 2025 figure over the target."""
    form = load_vocabulary().form_words | load_translation_vocabulary().skip_english
    text = re.sub(r"'s\b", "", normal(question))
    words: list[str] = []
    for word in content_tokens(text):
        single_character = bool(_CJK.search(word)) and len(word) < 2
        if word in form or single_character or not re.search(r"[a-z\u4e00-\u9fff]", word):
            continue
        words.append(stem(word))
    words.extend(CALENDAR_YEAR.findall(text))
    return list(dict.fromkeys(words))


def word_coverage(words: list[str], text: str) -> float:
    """Share of ``words`` (from ``key_words``) in ``text``: Chinese words and years as
    substrings, English words by stem."""
    if not words:
        return 0.0
    lowered = normal(text)
    stems = {stem(w) for w in re.findall(r"[a-z][a-z'-]+", lowered)}
    found = sum(1 for w in words if (w in stems if w.isalpha() and w.isascii() else w in lowered))
    return found / len(words)


# A table row's cell "Rapid tests: 468" / "受理件数: 1,236", or a list item's label ("Designated
# providers under agreement at year end: 187"): the header names what is counted.
_CELL = re.compile(r"(?:^|[;；])\s*([^:：;；]{1,60}?)\s*[:：]\s*\d")


def _names_unit(label: str, unit: str) -> bool:
    if _CJK.search(unit):
        return unit in label
    return any(counted_unit(w) == unit for w in re.findall(r"[a-z][a-z'-]*", label))


# A row's first cell, naming the item its other cells measure ("Item: Boundary survey reports
# checked; Volume: 412"), and a cell that is a bare figure.
_FIRST_CELL = re.compile(r"^\s*[^:：;；]{1,24}[:：]\s*([^;；]{2,80})[;；]")
_FIGURE_CELL = re.compile(r"[;；]\s*[^:：;；]{1,24}[:：]\s*[\d][\d,.]*\s*(?:[;；。.]|$)")


def _counted_in_column(text: str, unit: str) -> bool:
    """Whether a cell of the row counts ``unit`` in its header, the number in the cell, or the
    row's item names ``unit`` and another cell is its figure ("Item: Boundary survey reports
    checked; Volume: 412")."""
    if any(_names_unit(match.group(1), unit) for match in _CELL.finditer(text)):
        return True
    item = _FIRST_CELL.match(text)
    return bool(item and _names_unit(item.group(1), unit) and _FIGURE_CELL.search(text))


@dataclass(frozen=True)
class AnswerType:
    """The kinds of answer a question asks for, and the unit a count is asked in ("期", "petit")."""

    kinds: frozenset[str]
    unit: str | None = None

    @classmethod
    def of(cls, question: str) -> AnswerType:
        text = normal(question)
        vocabulary = load_vocabulary()
        kinds = frozenset(k for k, cues in vocabulary.question.items() if any(c.search(text) for c in cues))
        unit = _count_unit(text) if "count" in kinds else None
        if "money" in kinds and unit is None:
            # "预算是多少": the bare 多少 asks for the sum, not a count; any number would do for a
            # count, so the budget question would be answered by the section's workload.
            kinds -= {"count"}
        return cls(kinds, unit)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def required(self) -> AnswerType:
        """The kinds an answer must give (``preference_only`` kinds left out)."""
        kinds = self.kinds - load_vocabulary().preference_only
        return AnswerType(kinds, self.unit if "count" in kinds else None)

    def fits(self, sentence: str, crossing: bool = False) -> bool:
        """Whether ``sentence`` gives an answer of one of the asked kinds. A count asked in a
        unit needs a number with that unit, unless the sentence is in the other language (the
        unit is not translated: any number will do there)."""
        text = normal(sentence)
        if self.unit and not crossing:
            # The unit decides: "年度目标是多少升" is not answered by "目标≥95%".
            return _has_count(text, self.unit)
        patterns = load_vocabulary().answer
        for kind in self.kinds:
            if kind == "count" and crossing:
                # A bare 多少 ("各是多少") is answered by any figure, a rate too; a count in a
                # unit ("多少件") is not answered by a rate.
                if _ANY_COUNT.search(text) or (self.unit is None and _PERCENT.search(text)):
                    return True
            elif any(p.search(text) for p in patterns[kind]):
                return True
        return False


# A count in a sentence of the other language, whose unit cannot be compared: a number with a
# Chinese measure word ("23件", "3次"), or an English number that is not a year followed by a
# word ("23 repeat petitions"), or "once", "twice". Dates ("2025年3月", "18 December 2025"),
# years and codes ("12345热线") count nothing.
_TIMES_IN_WORDS = r"\b(?:once|twice|thrice)\b"  # "twice a year" answers "几次"
_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
_PERCENT = re.compile(r"\d\s*%|\bper ?cent\b|百分之")
_ANY_COUNT = re.compile(
    r"\d[\d,.]*\s*(?:个)?[件项次人名份家起篇卷笔条期场批张台辆套例位所]"
    rf"|(?<![\d.])(?!(?:19|20)\d{{2}}(?!\d))\d[\d,.]*\s+(?!{_MONTH_WORD})[a-z]"
    rf"|{_TIMES_IN_WORDS}"
)


# Words that count people; a count of any of them answers "how many people" ("Eleven staff").
_PEOPLE_WORDS = ("people", "person", "persons", "staff", "employees", "officers", "members", "personnel")
PEOPLE = "people"


def _is_plural(word: str) -> bool:
    return word in _PEOPLE_WORDS or (word.endswith("s") and len(word) > 3)


def counted_unit(word: str) -> str:
    """The unit a counted English noun stands for: "people" for any word for people, else its
    stem ("reports" -> "report")."""
    word = word.strip("'")
    return PEOPLE if word in _PEOPLE_WORDS else stem(word)


def _count_unit(text: str) -> str | None:
    """The unit a count is asked in: the measure word after 多少/几 ("多少期" -> "期", "几个工作日"
    -> "工作日"), or the stem of the noun after "how many"."""
    match = _EN_COUNT.search(text)
    if match:
        # "how many people work in …", "how many survey reports did …": the noun ends at the
        # first plural (a word for people included), else it is the phrase's last word.
        words = match.group(1).split()
        return counted_unit(next((w for w in words if _is_plural(w)), words[-1]))
    match = _EN_COUNT_LOOSE.search(text)
    if match:
        # "how many township stations missed …": the noun ends at the first plural, else it is
        # the first word.
        words = match.group(1).split()
        return counted_unit(next((w for w in words if _is_plural(w)), words[0]))
    match = _ZH_COUNT.search(text)
    if not match:
        return None
    rest = match.group(2)
    units = sorted(load_translation_vocabulary().units, key=len, reverse=True)
    known = next((u for u in units if rest.startswith(u.lstrip("个"))), None)
    if known:
        return known.lstrip("个")
    # "多少个停车位": the 个 counts the noun after it, which the topic words already carry.
    return "个" if match.group(1) else rest[0]


def _has_count(text: str, unit: str) -> bool:
    if _counted_in_column(text, unit):
        return True
    if unit == stem("times") and re.search(_TIMES_IN_WORDS, text):
        return True
    if _CJK.search(unit):
        return re.search(rf"\d\s*(?:个)?{re.escape(unit)}", text) is not None
    # "23 repeat petitions", "23 were repeat petitions": the counted noun within four words.
    for match in re.finditer(r"\d[\d,.]*\s+((?:[a-z'-]+\s+){0,3}[a-z'-]+)", text):
        if any(counted_unit(w) == unit for w in match.group(1).split()):
            return True
    return False
