"""Counts in a passage, each with the noun that says what was counted: a sampling population.

"全年召开局务会24次，研究议题186项" holds two counts, 局务会 24 and 议题 186; "其中线上办理860件"
is a part of the total before it, never the total. A number is a count only when a unit of
things follows it (件, 项, 次 … in Chinese; a noun in English): years, dates, percentages, IDs,
phone numbers (12345) and time limits are not. Chinese numerals count too ("两千余件" -> 2000,
approximate), and full-width digits are read through NFKC.

Usage::

    for count in find_counts("2025年受理申请约5,400件，其中线上办理860件。"):
        print(count.number, count.counted, count.part, count.approx)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from assistant.facts.vocabulary import get_vocabulary, normalize
from ingest.text import CJK, detect_language

_V = get_vocabulary()
_NUMERAL = "零一二两三四五六七八九十百千万"


def _alternation(key: str) -> str:
    return "|".join(_V.words(key))


_UNITS = _alternation("count_units")
_COUNT_ZH = re.compile(
    rf"(?<![\d.,A-Za-z/\-])(?P<approx>{_alternation('approx')})?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)"
    rf"(?!\.\d)(?P<more>余|多)?\s*(?P<unit>{_UNITS})"
)
_CN_COUNT = re.compile(rf"(?<![{_NUMERAL}第])([{_NUMERAL}]+)(?=(?:余|多)?(?:{_UNITS}))")
_NOT_AFTER_GE = re.compile(rf"(?:{_alternation('count_not_after_ge')})")
_LEAD = re.compile(rf"^(?:{_alternation('count_lead_words')}|{_alternation('count_verbs')})+")
_VERB = re.compile(_alternation("count_verbs"))
_YEAR_PREFIX = re.compile(r"^.*?\d{4}年(?:度|全年)?")
_TRAIL = re.compile(r"(?:共计|共|合计|累计|约|达|为|计|总数|总量|数量|有)+$")
_PART_ZH = re.compile(rf"^(?:{_alternation('count_part_words')})")
_AFTER_STOP = re.compile(r"[^" + CJK + r"]|[未没已在均被为是有的中和及与因从到向经按由且]")
_COUNT_EN = re.compile(
    rf"(?<![\w.,/\-])(?P<approx>(?:{_alternation('approx')})\s+)?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)"
    r"(?![\d.,]?\d)(?!\s*%)\s+(?P<noun>[A-Za-z][A-Za-z'\-]*(?:\s+[A-Za-z][A-Za-z'\-]*){0,4})"
)
_NOT_NOUN_EN = re.compile(rf"^(?:{_alternation('count_not_nouns')})\b", re.I)
_STOP_EN = re.compile(rf"\s(?:{_alternation('count_stop_words')})\b.*$", re.I)
_PART_EN = re.compile(rf"(?:{_alternation('count_part_words')})\W*$", re.I)
_CLAUSE = re.compile(r"(?:[^,;:，；：。！？!?]|(?<=\d),(?=\d{3}))+")


@dataclass(frozen=True)
class Count:
    """One count: ``number`` of ``counted``, as written in ``expression``.

    ``part`` marks a part of a total stated just before ("其中…", "of which…"); ``approx`` an
    "about" (约, 余, about).
    """

    number: int
    counted: str
    expression: str
    approx: bool = False
    part: bool = False


def _chinese_numerals(text: str) -> str:
    def to_digits(match: re.Match[str]) -> str:
        try:
            return str(cn2an.cn2an(match.group(1), "smart"))
        except (ValueError, KeyError):
            return match.group(1)

    return _CN_COUNT.sub(to_digits, text)


def _noun_before(clause: str) -> str:
    clause = re.sub(r"[(（][^)）]*[)）]", "", clause)  # parenthesised breakdowns are not the noun
    clause = _YEAR_PREFIX.sub("", clause)
    clause = _PART_ZH.sub("", clause.strip())
    previous = None
    while previous != clause:
        previous = clause
        clause = _LEAD.sub("", clause).strip()
    clause = _TRAIL.sub("", clause).strip()
    if "的" in clause:  # "经热线转办的涉及本股的投诉" counts 投诉
        clause = clause.rsplit("的", 1)[1]
    # A subject before the verb is not what was counted ("综合股登记收文" counts 收文).
    verbs = list(_VERB.finditer(clause))
    if verbs and verbs[-1].start() > 0 and len(clause) - verbs[-1].end() >= 2:
        clause = clause[verbs[-1].end() :]
    return clause.strip(" (（")


def _noun_after(tail: str) -> str:
    stop = _AFTER_STOP.search(tail)
    return tail[: stop.start()] if stop else tail[:10]


def _zh_counts(text: str) -> list[Count]:
    found: list[Count] = []
    for clause_match in _CLAUSE.finditer(text):
        clause = clause_match.group(0)
        part = bool(_PART_ZH.match(clause.strip()))
        for piece in clause.split("、"):
            for m in _COUNT_ZH.finditer(piece):
                if m.group("unit") == "个" and _NOT_AFTER_GE.match(piece[m.end() :]):
                    continue
                if piece[: m.start()].endswith("第"):
                    continue  # an ordinal ("第8个工作日")
                before = piece[: m.start()]
                inside = before.count("(") + before.count("（") > before.count(")") + before.count("）")
                noun = _noun_after(piece[m.end() :]) if m.group("unit") == "个" else ""
                noun = noun or _noun_before(before.rsplit("(", 1)[0].rsplit("（", 1)[0] if inside else before)
                noun = noun or _noun_after(piece[m.end() :])
                if not noun or not re.search(f"[{CJK}A-Za-z]", noun):
                    continue
                found.append(
                    Count(
                        number=int(m.group("num").replace(",", "")),
                        counted=noun,
                        expression=m.group(0).strip(),
                        approx=bool(m.group("approx") or m.group("more")),
                        part=part or inside or bool(_PART_ZH.match(piece.strip())),
                    )
                )
    return found


def _en_counts(text: str) -> list[Count]:
    found: list[Count] = []
    for m in _COUNT_EN.finditer(text):
        digits = m.group("num")
        if re.fullmatch(r"(?:19|20)\d\d", digits):
            continue  # a year
        noun = _STOP_EN.sub("", " " + m.group("noun")).strip()
        noun = re.split(r"[,;:.]", noun)[0].strip()
        if not noun or _NOT_NOUN_EN.match(noun):
            continue
        found.append(
            Count(
                number=int(digits.replace(",", "")),
                counted=noun,
                expression=m.group(0).strip(),
                approx=bool(m.group("approx")),
                part=bool(_PART_EN.search(text[: m.start()][-20:])),
            )
        )
    return found


def find_counts(text: str) -> list[Count]:
    """The counts in ``text`` with their nouns, in order; see the module docstring."""
    text = _chinese_numerals(normalize(text))
    return _zh_counts(text) if detect_language(text) == "zh" else _en_counts(text)


def row_count(cells: tuple[str, ...], header: tuple[str, ...]) -> Count | None:
    """The count of a table row whose header names a number column and a "what" column
    ("类型 | 数量": 信访件 | 约1,350件)."""
    if not header or len(header) != len(cells):
        return None
    number_columns = _V.pattern("number_columns")
    what_columns = _V.pattern("count_columns")
    number_at = next((i for i, h in enumerate(header) if number_columns.search(normalize(h))), None)
    what_at = next((i for i, h in enumerate(header) if what_columns.search(normalize(h))), None)
    if number_at is None or what_at is None:
        return None
    value = normalize(cells[number_at])
    m = re.match(rf"\s*(?P<approx>{_alternation('approx')})?\s*(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)", value)
    if not m:
        return None
    counted = re.sub(r"[(（].*$", "", normalize(cells[what_at])).strip()
    if not counted:
        return None
    part = bool(_PART_ZH.match(counted))
    return Count(
        number=int(m.group("num").replace(",", "")),
        counted=_PART_ZH.sub("", counted).strip() or counted,
        expression=value.strip(),
        approx=bool(m.group("approx")),
        part=part,
    )
