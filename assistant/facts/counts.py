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
from ingest.text import CALENDAR_YEAR, CJK, detect_language, english_numerals

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
_LEAD_WORDS = re.compile(rf"^(?:{_alternation('count_lead_words')})+")
_LEAD_VERB = re.compile(rf"^(?:{_alternation('count_verbs')})")
_VERB = re.compile(_alternation("count_verbs"))
# A department or unit as the subject of a sentence ("综合股登记收文").
_SUBJECT = _V.pattern("count_subject_end")
# A noun does not start with these ("其", "由", "和答复…").
_FUNCTION_CHARS = "".join(_V.words("count_noun_not_first"))
_YEAR_PREFIX = re.compile(r"^.*?(?:\d{4}年(?:度|全年)?|全年|年内)")
_TRAIL = re.compile(rf"(?:{_alternation('count_trail_words')})+$")
_PART_ZH = re.compile(rf"^(?:{_alternation('count_part_words')})")
_AFTER_STOP = re.compile(rf"[^{CJK}]|{_alternation('count_noun_after_stop')}")
_COUNT_EN = re.compile(
    rf"(?<![\w.,/\-])(?P<approx>(?:{_alternation('approx')})\s+)?(?!(?:19|20)\d\d\b)"
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]?\d)(?!\s*%)"
    # The noun is read ahead, not consumed: the next count may start inside it ("about 850").
    r"(?=\s+(?P<noun>[A-Za-z][A-Za-z'\-]*(?:\s+[A-Za-z][A-Za-z'\-]*){0,6}))",
    re.I,  # "About 2,000 applications" opens a sentence
)
_NOT_NOUN_EN = re.compile(rf"^(?:{_alternation('count_not_nouns')})\b", re.I)
_STOP_EN = re.compile(rf"\s(?:{_alternation('count_stop_words')})\b.*$", re.I)
_AND_VERB = re.compile(
    rf"\s(?:and|or)\s+(?:\w+\s+)?(?:{_alternation('volume_verbs')})\b.*$|\s(?:and|or)\s*$", re.I
)
_PART_EN = re.compile(rf"(?:{_alternation('count_part_words')})\W*$", re.I)


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
    unit: str = ""




def _chinese_numerals(text: str) -> str:
    def to_digits(match: re.Match[str]) -> str:
        # "近百件", "千余份": a bare 百/千/万 is one of them.
        numeral = "一" + match.group(1) if match.group(1)[0] in "百千万" else match.group(1)
        try:
            return str(cn2an.cn2an(numeral, "smart"))
        except (ValueError, KeyError):
            return match.group(1)

    return _CN_COUNT.sub(to_digits, text)


def _split_outside(text: str, separators: str) -> list[str]:
    """``text`` cut after each separator that is outside parentheses and not a thousands comma."""
    pieces: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            thousands = 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1 : i + 4].isdigit()
            if ch == "," and thousands:
                continue
            pieces.append(text[start : i + 1])
            start = i + 1
    pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


def _noun_before(clause: str) -> str:
    clause = re.sub(r"[(（][^)）]*[)）]", "", clause)  # parenthesised breakdowns are not the noun
    clause = _YEAR_PREFIX.sub("", clause.rstrip(",;:、。 "))
    clause = _PART_ZH.sub("", clause.strip())
    previous, last = None, clause
    while previous != clause:
        previous = clause
        clause = _LEAD_WORDS.sub("", clause).strip()
        last = clause or last  # "各类登记" -> "登记": the verb-noun itself, if nothing else is left
        # A verb is dropped only when a noun of some length is left ("审核报销凭证" counts
        # 报销凭证, not 凭证; "召开局务会" counts 局务会).
        without_verb = _LEAD_VERB.sub("", clause).strip()
        if len(without_verb) >= 3 or not without_verb:
            clause = without_verb
        clause = _TRAIL.sub("", clause).strip()
        last = clause or last
    # A verb alone names what was counted when nothing else does ("结案127件").
    clause = clause or (last if _VERB.fullmatch(last) else "")
    if clause.endswith("的有"):  # "涉及拖欠工资的有352件"
        clause = clause[:-2]
    elif "的" in clause:  # "经热线转办的涉及本股的投诉" counts 投诉
        clause = clause.rsplit("的", 1)[1]
    for within in ("中有", "件中"):  # "信访件中有重复信访" counts 重复信访
        if within in clause:
            clause = clause.rsplit(within, 1)[1]
    # A subject before the verb is not what was counted ("综合股登记收文" counts 收文), but a
    # verb inside a noun stays ("政府采购项目").
    verbs = [v for v in _VERB.finditer(clause) if _SUBJECT.search(clause[: v.start()])]
    if verbs and len(clause) - verbs[-1].end() >= 2:
        clause = clause[verbs[-1].end() :]
    clause = clause.strip(" (（")
    if len(clause) < 2 or clause[0] in _FUNCTION_CHARS or _COUNT_ZH.search(clause):
        return ""
    return clause


def _noun_after(tail: str) -> str:
    stop = _AFTER_STOP.search(tail)
    noun = tail[: stop.start()] if stop else tail[:10]
    return noun.rsplit("的", 1)[-1]  # "市审计局的预算执行审计" counts 预算执行审计


def _zh_counts(text: str) -> list[Count]:
    found: list[Count] = []
    for sentence in _split_outside(text, "。;!?"):
        in_part = False  # after 其中, the rest of the sentence lists parts of the total
        for clause in _split_outside(sentence, ",:"):
            in_part = in_part or bool(_PART_ZH.match(clause.strip()))
            for piece in _split_outside(clause, "、"):
                found += _piece_counts(piece, in_part)
    return found


def _piece_counts(piece: str, in_part: bool) -> list[Count]:
    found: list[Count] = []
    for m in _COUNT_ZH.finditer(piece):
        if m.group("unit") == "个" and _NOT_AFTER_GE.match(piece[m.end() :]):
            continue
        before = piece[: m.start()]
        if before.endswith("第"):
            continue  # an ordinal ("第8个工作日")
        inside = before.count("(") + before.count("（") > before.count(")") + before.count("）")
        if m.group("unit") == "个":  # "9个基层所": the noun follows 个
            noun = _noun_after(piece[m.end() :]) or _noun_before(before)
        else:
            # Inside "…时间长（7件）", the noun is what stands just before the parenthesis.
            noun = _noun_before(re.split(r"[)）]", re.split(r"[(（]", before)[-2])[-1] if inside else before)
            # "完成1次国有资产清查": with only a verb before it, the noun follows the unit.
            if (not noun or _VERB.fullmatch(noun)) and not inside:
                after = _noun_after(piece[m.end() :])
                noun = after if len(after) >= 3 else noun
        if not noun:
            continue
        found.append(
            Count(
                number=int(m.group("num").replace(",", "")),
                counted=noun,
                expression=m.group(0).strip(),
                approx=bool(m.group("approx") or m.group("more")),
                part=in_part or inside,
                unit=m.group("unit"),
            )
        )
    return found


# A list item or line that names what it counts before its figure: "- Designated providers under
# agreement at year end: 187 (23 hospitals …)", "Alerts reviewed: 1,905; confirmed: 311".
_LABELLED_EN = re.compile(
    r"^\s*(?:[-•*]\s*)?(?P<label>[A-Za-z][A-Za-z'\- ]{2,60}?)\s*:\s*(?P<num>\d{1,3}(?:,\d{3})+|\d+)"
    r"(?![\d.,]?\d)(?!\s*%)(?!\s*[A-Za-z\d])"
)


def _en_counts(text: str) -> list[Count]:
    found: list[Count] = []
    labelled = _LABELLED_EN.match(text)
    if labelled and not CALENDAR_YEAR.fullmatch(labelled.group("num")):
        label = labelled.group("label").strip()
        if not _NOT_NOUN_EN.match(label) and not _V.pattern("count_not_labels").search(label):
            found.append(
                Count(
                    number=int(labelled.group("num").replace(",", "")),
                    counted=label,
                    expression=f"{label}: {labelled.group('num')}",
                )
            )
    for m in _COUNT_EN.finditer(text):
        digits = m.group("num")
        if CALENDAR_YEAR.fullmatch(digits):
            continue  # a year
        # "and" joins two nouns ("group and director's meetings") unless a verb follows it.
        noun = _AND_VERB.sub("", " " + m.group("noun"))
        noun = _STOP_EN.sub("", noun).strip()
        noun = " ".join(noun.split()[:6])
        noun = re.split(r"[,;:.]", noun)[0].strip()
        if not noun or _NOT_NOUN_EN.match(noun):
            continue
        found.append(
            Count(
                number=int(digits.replace(",", "")),
                counted=noun,
                expression=f"{m.group(0).strip()} {noun}",
                approx=bool(m.group("approx")),
                part=bool(_PART_EN.search(text[: m.start()][-20:])),
            )
        )
    return found


def find_counts(text: str) -> list[Count]:
    """The counts in ``text`` with their nouns, in order; see the module docstring."""
    text = _chinese_numerals(normalize(text))
    return _zh_counts(text) if detect_language(text) == "zh" else _en_counts(english_numerals(text))


# A column header's period ("2025年1—10月", "Jan-Oct 2025", "2024年"): its year and last month.
_HEADER_MONTH_ZH = re.compile(r"(\d{1,2})\s*月")
_MONTHS_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_EN = r"\b(?:" + "|".join(_MONTHS_EN) + r")[a-z]*\.?"
_HEADER_MONTH_EN = re.compile(f"({_MONTH_EN})", re.I)
# What a period header says besides its noun: years, months, period words and joiners.
_HEADER_PERIOD_WORDS = re.compile(
    r"(?:FY\s*)?(?:19|20)\d\d\s*(?:年度|年)?|全年|上半年|下半年|前?[一二三四1-4]季度|"
    r"(?:\d{1,2}\s*[—\-–~至到]\s*)?\d{1,2}\s*月份?|"
    rf"{_MONTH_EN}|\b(?:in|of|for)\b|[—\-–~至到]",
    re.I,
)
_HEADER_ASIDE = re.compile(r"[(（]([^()（）]*)[)）]")


def column_period(header: str) -> tuple[int, int] | None:
    """(year, last month) of the period a column header names, a whole year ending in month
    12; None when the header names no year."""
    text = normalize(header)
    years = [int(y) for y in CALENDAR_YEAR.findall(text)]
    if not years:
        return None
    rest = CALENDAR_YEAR.sub(" ", text)
    months = [int(m) for m in _HEADER_MONTH_ZH.findall(rest) if 1 <= int(m) <= 12]
    months += [_MONTHS_EN.index(m.lower()[:3]) + 1 for m in _HEADER_MONTH_EN.findall(rest)]
    return max(years), max(months) if months else 12


def column_noun(header: str) -> str:
    """What a number column counts, from its header: "2025年投诉件数" -> "投诉", "Complaints 2025" ->
    "Complaints", "2025年1—10月" -> "" (a period only)."""
    text = _HEADER_ASIDE.sub(" ", normalize(header))
    text = _HEADER_PERIOD_WORDS.sub(" ", text).strip()
    text = re.sub(r"件数|数量|次数|数$|量$|\b(?:number|count|total)\b", " ", text, flags=re.I)
    return " ".join(text.split()).strip(" :：;；,，")


def _cell_count(value: str) -> tuple[int, bool, str] | None:
    """(number, approximate, unit) of a cell that holds one count in digits ("1,263件（OA…）", "412",
    "约300件"); a percentage, a date, a duration or a number inside other words is not one."""
    m = re.match(
        rf"\s*(?P<approx>{_alternation('approx')})?\s*(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)(?P<more>余|多)?"
        rf"\s*(?P<unit>{_UNITS})?\s*(?:$|[（(。;；,，])",
        _chinese_numerals(normalize(value)),
    )
    if not m:
        return None
    approx = bool(m.group("approx") or m.group("more"))
    return int(m.group("num").replace(",", "")), approx, m.group("unit") or ""


def _number_column(cells: tuple[str, ...], header: tuple[str, ...]) -> int | None:
    """The column holding the row's count: of the columns headed by a period whose cell reads as
    a count, the latest ("2024年: 9件; 2025年1—10月: 7件" counts the audited year); else the
    first column the vocabulary calls a number column."""
    number_columns = _V.pattern("number_columns")
    dated: list[tuple[tuple[int, int], int]] = []
    for i, (head, cell) in enumerate(zip(header, cells, strict=True)):
        period = column_period(head)
        if period is None:
            continue
        noun = column_noun(head)
        if noun and not number_columns.search(normalize(head)) and re.search(f"[{CJK}]", noun):
            continue  # "2025年目标值" names no count; an English noun ("Complaints 2025") may
        if _cell_count(cell):
            dated.append((period, -i))
    if dated:
        return -max(dated)[1]
    plain = [_HEADER_ASIDE.sub("", normalize(h)) for h in header]
    return next((i for i, h in enumerate(plain) if number_columns.search(h)), None)


def row_count(cells: tuple[str, ...], header: tuple[str, ...]) -> Count | None:
    """The count of a table row: its number column (``_number_column``) counts what its "what"
    column names ("类型 | 数量": 信访件 | 约1,350件). A row naming a department or the total
    ("承办部门: 综合科; 2025年投诉件数: 612") counts what the number column's header names (投诉).
    A unit written in the header ("办件量（件）: 412") is the count's unit."""
    if not header or len(header) != len(cells):
        return None
    number_at = _number_column(cells, header)
    if number_at is None:
        return None
    what_columns = _V.pattern("count_columns")
    what_at = next(
        (i for i, h in enumerate(header) if i != number_at and what_columns.search(normalize(h))), None
    )
    if what_at is not None:
        counted = re.sub(r"[(（].*$", "", normalize(cells[what_at])).strip()
    elif _V.pattern("department_columns").search(normalize(header[0])) or (
        _V.pattern("total_cells").fullmatch(normalize(cells[0]).strip())
    ):
        counted = column_noun(header[number_at])
    else:
        return None
    if not counted:
        return None
    value = normalize(cells[number_at])
    asides = _HEADER_ASIDE.findall(normalize(header[number_at]))
    header_unit = next((u.strip() for u in asides if re.fullmatch(_UNITS, u.strip())), "")
    part = bool(_PART_ZH.match(counted))
    read = _cell_count(value)
    if read:
        number, approx, unit = read
    else:
        # A count in words ("四百余件", "about four hundred"), as a sentence would write it.
        written = find_counts(counted + value)
        if not written:
            return None
        number, approx, unit = written[0].number, written[0].approx, written[0].unit
    return Count(
        number=number,
        counted=_PART_ZH.sub("", counted).strip() or counted,
        expression=value.strip(),
        approx=approx,
        part=part,
        unit=unit or header_unit,
    )


def split_clauses(text: str) -> list[str]:
    """Clauses of a sentence as written (cut at semicolons and full stops outside parentheses,
    never inside a number), each a verbatim piece of ``text``. Commas do not cut: a total and
    its parts ("督办事项42项，按期办结40项，另有2项延期") are one statement."""
    return _split_outside(text, ";；。")


def comparable(text: str) -> str:
    """``text`` as counts are read from it (NFKC, Chinese and English number words in digits), to
    find where a :class:`Count`'s ``expression`` was written."""
    return english_numerals(_chinese_numerals(normalize(text)))
