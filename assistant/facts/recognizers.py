"""Text rules of the planner: splitting a chunk into verbatim units, recognising what a unit
states (time limits, objectives, volumes, findings …) in Chinese or English, and glossing
numbers across languages ("20个工作日" -> "20 working days").

The patterns are deliberately tolerant: they look at content (a duration followed by 内, a
percentage with 不低于 / at least, a finding ID in any of the common shapes) rather than at the
exact headings one corpus happens to use.

Usage::

    for unit in split_units(chunk_text, fine=True):
        print(unit.quote, is_time_limit(unit.display))
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from assistant.facts.counts import find_counts
from assistant.facts.vocabulary import HEADING_KINDS, get_vocabulary, normalize
from assistant.retrieval.states import cell_state, sentence_state, target_missed
from ingest.text import arabic_numerals, detect_language, english_numerals, split_sentences

_V = get_vocabulary()


class Recognizer:
    """A vocabulary pattern that NFKC-normalises the text it reads (９５％ reads as 95%).

    Match positions refer to the normalised text; callers use the matched strings, not offsets
    into the original.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(normalize(text))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(normalize(text))

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.pattern.fullmatch(normalize(text.strip()))

    def sub(self, replacement: str, text: str) -> str:
        """The normalised ``text`` with every match replaced."""
        return self.pattern.sub(replacement, normalize(text))


def _recognizer(key: str) -> Recognizer:
    return Recognizer(_V.pattern(key))


FINDING_ID = _recognizer("finding_id")
_ID_HEADER = _V.pattern("finding_id_header")
# What an ID cell holds: one token of letters, digits and joiners, with a digit and a letter or
# joiner in it; a bare number is the row's position (序号), not an ID.
_ID_CELL = re.compile(r"(?=[^\s]*\d)(?=[^\s]*[A-Za-z\-‐–_/])[A-Za-z0-9][A-Za-z0-9\-‐–_/.]{1,23}")
FINDING_WORDS = _recognizer("finding_words")
CHANGE = _recognizer("change")
COMPLAINT = _recognizer("complaint")
RISK = _recognizer("risk")
GRASSROOTS = _recognizer("grassroots")
# Sentences that only announce what follows ("主要风险有两项。", "The Office has two quality objectives.").
INTRO = _recognizer("intro")
# A stated target, as opposed to a reported result ("≥98%" vs "2025年为97.8%").
TARGET = _recognizer("target")
RESULT = _recognizer("result")
INNOVATION = _recognizer("innovation")
# A headcount beside a word naming staff ("在编6人", "a staff of 9"); 人次 is a volume, not staff.
STAFF = _recognizer("staff")
_STAFF_COUNT = _recognizer("staff_count")
# Work assigned with a date to finish by ("3月31日前完成", "by the end of March"), and the
# wording of a decision in minutes or a notice ("会议议定", "由…负责", "the meeting agreed").
DEADLINE = _recognizer("deadline")
ASSIGNMENT = _recognizer("assignment")
# A governing procedure named by its title (《窗口受理工作规程》, "the Counter Service Rules").
PROCEDURE_TITLE = _recognizer("procedure_titles")
OBJECTIVES_TITLE = _recognizer("objectives_titles")
RECORD_KEEPING = _recognizer("record_keeping")
_REPEAT = _recognizer("repeat")
# Words that make a recurrence a possibility, up to a few words before it.
_HEDGE = re.compile(rf"(?:{'|'.join(_V.words('repeat_hedge'))})[^。.;,]{{0,12}}$", re.I)
_DURATION = _recognizer("duration")
_TIME_WORDS = _recognizer("time_words")
_ELAPSED = _recognizer("elapsed")
_PERCENT = _recognizer("percent")
_COMPARATOR = _recognizer("comparator")
_RATE = _recognizer("rate")
_ZERO_TARGET = _recognizer("zero_target")
_YEAR = _recognizer("year")
_VOLUME_VERBS = _recognizer("volume_verbs")
# A change takes effect in a month ("2026年3月起") or from a year on ("2026年起"); a bare year
# ("2025年尚未销号的事项") says when something happened, not when the change came.
_DATE = _recognizer("date")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_HEADING_KINDS: tuple[tuple[str, Recognizer], ...] = tuple(
    (kind, _recognizer(f"heading_{kind}")) for kind in HEADING_KINDS
)
_LIST_MARKER = re.compile(r"^(?:[-*•·]\s+|\d+[.、)）]\s*|[（(]\d+[)）]\s*|[一二三四五六七八九十]+、\s*)")
_SEPARATOR_ROW = re.compile(r"^[\s|:\-]+$")


@dataclass(frozen=True)
class Unit:
    """A verbatim piece of a chunk: ``quote`` occurs in the chunk; ``display`` is for reading."""

    quote: str
    display: str
    row: bool = False
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()


def row_identifier(unit: Unit) -> str | None:
    """The ID a table row gives itself in its ID column ("编号", "No.", "Ref"), whatever the
    ID's shape ("N2026-05", "JF/2025/3"); None for a row without one, or whose ID cell holds a
    bare number or words."""
    if not unit.row or len(unit.header) != len(unit.cells):
        return None
    for header, cell in zip(unit.header, unit.cells, strict=True):
        value = normalize(cell.strip())
        if _ID_HEADER.fullmatch(normalize(header.strip())) and _ID_CELL.fullmatch(value):
            return value
    return None


def names_identifier(text: str, identifier: str) -> bool:
    """Whether ``text`` names ``identifier`` as a whole token ("见N2026-05" yes, "N2026-051" no)."""
    pattern = rf"(?<![A-Za-z0-9]){re.escape(identifier)}(?![A-Za-z0-9])"
    return re.search(pattern, normalize(text), re.I) is not None


def is_intro(text: str) -> bool:
    """A sentence that only announces a list ("主要风险有两项。"); one with figures is kept."""
    return bool(INTRO.search(text)) and not re.search(r"\d", text)


def language_of(text: str) -> str:
    return detect_language(text)


def heading_kinds(heading: str) -> list[str]:
    """Fact kinds a section heading announces, most specific first ("人员和系统变动" -> change, staffing)."""
    return [kind for kind, pattern in _HEADING_KINDS if heading and pattern.search(heading)]


def sentences(text: str, fine: bool) -> list[str]:
    """Verbatim sentences of one line, from the one splitter (:func:`ingest.text.split_sentences`);
    without ``fine``, clauses it cut at a semicolon (；;) are joined back into their sentence."""
    pieces = split_sentences(text)
    if not fine:
        joined: list[str] = []
        for piece in pieces:
            if joined and joined[-1].rstrip().endswith(("；", ";")):
                joined[-1] += piece
            else:
                joined.append(piece)
        pieces = joined
    return [p.strip() for p in pieces if len(p.strip()) >= 4]


def clean_display(text: str) -> str:
    return _LIST_MARKER.sub("", text.strip()).rstrip("；;，,、 ").strip()


def split_units(text: str, fine: bool) -> list[Unit]:
    """Sentences, clauses, list items and table rows of a chunk, each verbatim."""
    units: list[Unit] = []
    lines = text.split("\n")
    header: list[str] | None = None
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if _SEPARATOR_ROW.match(line):
                continue
            following = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if following.startswith("|") and _SEPARATOR_ROW.match(following):
                header = cells
                continue
            if header is None and not any(ch.isdigit() for ch in line) and all(len(c) <= 8 for c in cells):
                continue  # a header row whose separator fell into the next chunk states nothing
            units.append(Unit(line, _row_display(cells, header), True, tuple(cells), tuple(header or ())))
            continue
        header = None
        keyed = keyed_row(line)
        if keyed is not None:
            labels, values = keyed
            display = "；".join(f"{h}：{c}" for h, c in zip(labels, values, strict=True))
            units.append(Unit(line, display, True, values, labels))
            continue
        body = _LIST_MARKER.sub("", line)
        for sentence in sentences(body, fine):
            display = clean_display(sentence)
            if len(display) >= 4:
                units.append(Unit(sentence, display))
    return units


# A table row as the DOCX/PDF/XLSX readers write it: "编号: 2026-NC-01; 受审核部门: 供水管理科;
# 状态: 未关闭。", each cell named by its column header (also with full-width ：；).
_KEYED_PAIR = re.compile(r"^([^:：;；。，,!?！？“”\"]{1,16})\s*[:：]\s*(\S.*)$")
_KEYED_SPLIT = re.compile(r"\s*[;；]\s*")


def keyed_row(line: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(headers, cells) of a row written "Header: cell; Header: cell。", else None. Two cells at
    least, each "label: value" (a piece without a label continues the cell before it): a
    sentence with one colon is no row."""
    body = line.rstrip("。.；; ")
    # The table readers join cells with "; ": split there when they did, so a cell's own "；"
    # ("未见原因分析及措施；办公室汇总的…") stays inside its cell.
    joined = "; " in body
    pieces = [p for p in (body.split("; ") if joined else _KEYED_SPLIT.split(body)) if p]
    cells: list[list[str]] = []
    for piece in pieces:
        pair = _KEYED_PAIR.match(piece)
        if pair:
            cells.append([pair.group(1).strip(), pair.group(2).strip()])
        elif joined and cells:
            # A cell's own "; " ("…(May 2025); attendance could not be traced"): no label follows.
            cells[-1][1] += "; " + piece.strip()
        else:
            return None
    if len(cells) < 2:
        return None
    return tuple(c[0] for c in cells), tuple(c[1] for c in cells)


def row_state(text: str, states: tuple[str, ...]) -> bool | None:
    """Whether ``text`` is in one of ``states`` (``retrieval/states.py``): for a table row, by
    its status and yes/no cells alone (a finding's description may say "尚未" of something
    else; "是否超期: 否" is not late though it says 超期), and a row that only counts items in
    the state ("超时件数: 22") is in none; for other text, by its words."""
    row = keyed_row(text)
    if row is None:
        return sentence_state(text, states)
    labels, values = row
    verdicts = [cell_state(label, value, states) for label, value in zip(labels, values, strict=True)]
    if "missed" in states:
        verdicts.append(target_missed(labels, values))
    if any(v is True for v in verdicts):
        return True
    if any(v is False for v in verdicts):
        return False
    if any(sentence_state(label, states) is not None for label in labels):
        return None  # "超时件数: 22" counts late items: the row is a total, not an item in a state
    return sentence_state(text, states)


# Words saying an objective's result fell short of it.
_SHORTFALL = re.compile(r"未达|未能|(?<!不)低于|略低|下滑|not met|below|fell short|missed", re.I)


def falls_short(text: str) -> bool:
    """Whether an objective's text says its result fell short, in words ("未达到98%的目标",
    "fell short") or by a table row's figures ("目标值: ≥95%; 完成值: 93%")."""
    if _SHORTFALL.search(text):
        return True
    row = keyed_row(text)
    return bool(row and target_missed(*row))


def without_row_label(text: str) -> str:
    """A table row ("Channel: 12301 online platform; Complaints 2025: 388; …") without its first
    cell: that cell names the row's item, and a number in it is a name (the 12301 hotline), not
    how many there are. Other text unchanged."""
    row = keyed_row(text)
    if not row or len(row[0]) < 2:
        return text
    return "; ".join(f"{label}: {value}" for label, value in zip(row[0][1:], row[1][1:], strict=True))


def _row_display(cells: list[str], header: list[str] | None) -> str:
    cells = [c for c in cells]
    if not header or len(header) != len(cells):
        return (
            "：".join(c for c in cells if c)
            if language_of(" ".join(cells)) == "zh"
            else ": ".join(c for c in cells if c)
        )
    return "；".join(f"{h}：{c}" for h, c in zip(header, cells, strict=True) if c)


def is_time_limit(text: str) -> bool:
    text = arabic_numerals(normalize(text))  # "十个工作日内" is a time limit too
    return bool(_DURATION.search(text) and _TIME_WORDS.search(text) and not _ELAPSED.search(text))


def is_staffing(text: str) -> bool:
    """The passage states a headcount: "科室在编6人，实有5人", "a staff of 9 (8 FTE)"."""
    text = english_numerals(arabic_numerals(normalize(text)))
    return bool(STAFF.search(text) and _STAFF_COUNT.search(text))


def is_assignment(text: str) -> bool:
    """Work assigned with a deadline ("由登记科负责，3月31日前完成…", "to be completed by the end
    of June"), as minutes and notices write it."""
    return bool(DEADLINE.search(text) or (ASSIGNMENT.search(text) and not is_time_limit(text)))


def is_objective(text: str, under_objective_heading: bool) -> bool:
    measurable = bool(_PERCENT.search(text) or _ZERO_TARGET.search(text))
    if under_objective_heading:
        return measurable or bool(_COMPARATOR.search(text)) or is_time_limit(text)
    return bool(_PERCENT.search(text) and _COMPARATOR.search(text) and _RATE.search(text))


def is_volume(text: str, under_volume_heading: bool) -> bool:
    counted = bool(find_counts(text))
    if under_volume_heading:
        return counted
    return counted and bool(_YEAR.search(text) and _VOLUME_VERBS.search(text)) and not _PERCENT.search(text)


def is_repeat(text: str) -> bool:
    """The passage says a problem recurred ("与2024年同类问题重复发生", "a repeat of"); a warning
    that it may happen again ("可能再次出现", "could recur") is not a recurrence."""
    text = normalize(text)
    return any(not _HEDGE.search(text[: m.start()]) for m in _REPEAT.pattern.finditer(text))


# Counts and sums of money as written, for glossing ("2,864件", "12.6万元").
_AMOUNT_ZH = re.compile(
    r"(?<![\d.,])(?:约)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*"
    rf"(?:{'|'.join(_V.words('money_units'))}|{'|'.join(_V.words('count_units'))})"
    r"(?!工作日|月|自然日|小时)"
)
_PERCENT_EXPR = re.compile(
    r"(?:不低于|不高于|不超过|达到|≥|≤|at least\s+)?\d+(?:\.\d+)?\s*%(?:以上|以下| or higher| or more)?"
)


def numeric_expressions(text: str) -> list[str]:
    """Durations, percentages and counts, in order of appearance; as written (NFKC), except
    that Chinese numerals before a unit become digits ("十个工作日" -> "10个工作日")."""
    text = arabic_numerals(normalize(text))
    found: list[tuple[int, str]] = []
    for pattern in (_DURATION.pattern, _AMOUNT_ZH, _PERCENT_EXPR):
        found += [(m.start(), m.group(0).strip()) for m in pattern.finditer(text)]
    if language_of(text) == "en":
        found += [(text.find(c.expression), c.expression) for c in find_counts(text) if c.expression in text]
    ordered = sorted(found)
    result: list[str] = []
    covered = -1
    for start, expr in ordered:
        if start >= covered and expr not in result:
            result.append(expr)
            covered = start + len(expr)
    return result


def counts(text: str) -> list[tuple[int, str]]:
    """Each count in ``text`` with the words that name what was counted ("收文", 2864); parts
    of a total ("其中…") are left out, so a caller never takes a part for the whole."""
    return [(c.number, c.counted) for c in find_counts(text) if not c.part]


def population(text: str) -> tuple[int, str] | None:
    """The first whole count in ``text`` and the words that name what was counted."""
    found = counts(text)
    return found[0] if found else None


def first_date(text: str) -> str:
    match = _DATE.search(text)
    return match.group(0) if match else ""


def gloss(
    text: str,
    target: str,
    units: Mapping[str, str],
    units_en: Mapping[str, str],
    phrases: Mapping[str, Mapping[str, str]],
    limit: int = 3,
) -> str:
    """A short gloss of the numbers in ``text`` for a reader of ``target`` ("" if same language)."""
    source = language_of(text)
    if source == target:
        return ""
    parts: list[str] = []
    if source == "zh":
        for expr in numeric_expressions(text):
            english = _gloss_zh(expr, units, phrases.get("zh_en", {}))
            if english and english not in parts:
                parts.append(english)
    else:
        for expr in numeric_expressions(text):
            chinese = _gloss_en(expr, units_en, phrases.get("en_zh", {}))
            if chinese and chinese not in parts:
                parts.append(chinese)
    if not parts:
        return ""
    joined = "; ".join(parts[:limit]) if target == "en" else "；".join(parts[:limit])
    return f" ({joined})" if target == "en" else f"（{joined}）"


def _gloss_zh(expr: str, units: Mapping[str, str], phrases: Mapping[str, str]) -> str:
    if expr in phrases:
        return phrases[expr]
    percent = re.fullmatch(r"(不低于|不高于|不超过|达到|≥|≤)?\s*(\d+(?:\.\d+)?)\s*%(以上|以下)?", expr)
    if percent:
        lead = {
            "不低于": "at least ",
            "≥": "at least ",
            "不高于": "at most ",
            "≤": "at most ",
            "不超过": "at most ",
            "达到": "reaching ",
        }.get(percent.group(1) or "", "")
        tail = {"以上": " or more", "以下": " or less"}.get(percent.group(3) or "", "")
        return f"{lead}{percent.group(2)}%{tail}"
    match = re.fullmatch(r"约?(\d[\d,]*(?:\.\d+)?)\s*(\S+?)", expr)
    if not match:
        return phrases.get(expr, "")
    number, unit = match.groups()
    if unit == "万元":
        return f"CNY {float(number.replace(',', '')) / 100:g} million"
    english = units.get(unit) or units.get(unit.lstrip("个"))
    if english and number == "1" and english.endswith("s"):
        english = english[:-1]  # "1 working day", "1 case"
    return f"{number} {english}" if english else ""


def _gloss_en(expr: str, units_en: Mapping[str, str], phrases: Mapping[str, str]) -> str:
    lowered = expr.lower()
    if lowered in phrases:
        return phrases[lowered]
    percent = re.fullmatch(r"(at least\s+)?(\d+(?:\.\d+)?)\s*%( or higher| or more)?", lowered)
    if percent:
        lead = "不低于" if percent.group(1) else ""
        return f"{lead}{percent.group(2)}%{'及以上' if percent.group(3) else ''}"
    match = re.fullmatch(r"(?:within\s+)?(\d[\d,]*)\s+(.+)", lowered)
    if not match:
        return ""
    number, unit = match.groups()
    chinese = units_en.get(unit.strip())
    if not chinese:
        return ""
    return f"{number}{chinese}{'内' if lowered.startswith('within') else ''}"


def english_date(date: str) -> str:
    """ "2026年5月" -> "May 2026" (other forms unchanged)."""
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(?:\d{1,2}日)?", date)
    if match:
        return f"{_MONTHS[int(match.group(2)) - 1]} {match.group(1)}"
    return date
