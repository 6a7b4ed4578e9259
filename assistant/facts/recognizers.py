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
from collections.abc import Mapping
from dataclasses import dataclass

from ingest.text import arabic_numerals, detect_language

# Finding IDs as agencies write them: NC-2025-01, OBS-2025-05, 2025-NC-03, 2025-OBS-02, 2025-OB-01.
FINDING_ID = re.compile(
    r"(?<![A-Za-z0-9])(?:(?:NC|OBS|OB|CAR)[-‐–]\d{4}[-‐–]\d{1,3}|\d{4}[-‐–](?:NC|OBS|OB|CAR)[-‐–]\d{1,3})"
    r"(?![A-Za-z0-9])"
)
FINDING_WORDS = re.compile(r"不符合项|不合格项|观察项|审核发现|nonconformit|observation|audit finding", re.I)
STATUS_OPEN = re.compile(
    r"未(?:进行)?(?:有效性)?验证|待.{0,12}验证|未关闭|仍未|"
    r"尚未.{0,14}(?:验证|关闭|发布|下发|印发|完成)|"
    r"not (?:yet )?(?:been )?(?:verified|issued|closed)|remains? open|still open|pending verification",
    re.I,
)
STATUS_CLOSED = re.compile(
    r"已关闭|关闭并验证|验证后关闭|已验证|措施有效|"
    r"closed and verified|has been closed|was closed|verified and closed|now closed",
    re.I,
)
_REPEAT = re.compile(
    r"重复发生|同类问题|再次发生|又发生|属于重复|recurr|"
    r"repeat(?:ed|s)? (?:an )?(?:earlier|finding|nonconformity|problem)|"
    r"same (?:kind of )?(?:problem|issue|finding) as",
    re.I,
)
CHANGE = re.compile(
    r"上线|启用|停用|切换|升级|迁移|并入|改为|改由|新入职|新进|调任|调入|调出|"
    r"退休|接任|机构改革|外包|投入使用|更换|新任|换版|新开|"
    r"launch|went live|go-live|switch(?:ed)? (?:to|over)|migrat|upgrad|replaced (?:by|with)|"
    r"moved to|joined|retire|reorgani[sz]|outsourc|introduced",
    re.I,
)
COMPLAINT = re.compile(
    r"投诉|信访|来信|来访|12345|热线|申诉|complain|petition|hotline|letters and visits", re.I
)
RISK = re.compile(
    r"风险|隐患|可能导致|可能出现|可能造成|易出现|存在.{0,12}可能|"
    r"risk|may lead|could lead|vulnerab|counted as|without proof|reliance on",
    re.I,
)
GRASSROOTS = re.compile(
    r"基层|乡镇|街道|服务站|市场监管所|监管所|所窗口|溯源|追溯|"
    r"township|station|grassroots|subordinate unit|traced back",
    re.I,
)
# Sentences that only announce what follows ("主要风险有两项。", "The Office has two quality objectives.").
INTRO = re.compile(
    r"主要风险|承担[两二三四五\d]项|有以下|如下|^The .{0,60} has (?:two|three|four|five|\d+) |"
    r"\b(?:are|were) (?:these|as follows)\b|\bthe following\b",
)
# A stated target, as opposed to a reported result ("≥98%" vs "2025年为97.8%").
TARGET = re.compile(
    r"≥|≤|>=|<=|不低于|不高于|不超过|不少于|以上|以下|控制在|为零|达到\s*\d|"
    r"at least|or higher|or more|no more than|at most|not exceed|[：:]\s*\d",
    re.I,
)
RESULT = re.compile(
    r"为\d|达到目标|未达到|未达标|达标|实际|统计为|抽查|\bwas\b|\bwere\b|result|reached", re.I
)
INNOVATION = re.compile(r"创新|首创|试点|新做法|率先|innovat|pilot|new practice", re.I)

_DURATION_ZH = re.compile(
    r"(?<![\d月.])\d+(?:\.\d+)?\s*个?(?:工作日|自然日|日|天|小时|个月)|"
    r"即时办结|当场办结|当日办结|即时|当场|当日"
)
_DURATION_EN = re.compile(
    r"\b(?:within\s+)?(?:\d+|one|two|three|five|seven|ten|fifteen|twenty|thirty)\s+"
    r"(?:working\s+|calendar\s+)?(?:days?|hours?|weeks?)\b|\bon the spot\b|\bsame day\b",
    re.I,
)
_TIME_WORDS = re.compile(
    r"内|以内|之内|时限|期限|办结|答复|回传|印发|出具|告知|不超过|不得超过|"
    r"within|limit|deadline|on the spot|same day|decision|reviewed|completed",
    re.I,
)
_ELAPSED = re.compile(r"用时|(?<!不)(?<!不得)超过|超出|逾期|took|late|overdue|more than", re.I)
_PERCENT = re.compile(r"\d+(?:\.\d+)?\s*%|百分之")
_COMPARATOR = re.compile(
    r"不低于|不高于|不超过|不少于|≥|≤|>=|<=|以上|以下|达到|控制在|为零|为0|"
    r"at least|or higher|or more|no more than|at most|not exceed|or lower|below|aims? to",
    re.I,
)
_RATE = re.compile(r"率|满意度|目标|rate|satisfaction|target|aim", re.I)
_ZERO_TARGET = re.compile(r"为零|为0|零差错|zero", re.I)
_COUNT_ZH = re.compile(
    r"(?<![\d.,])(?:约)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*"
    r"(万元|亿元|万|人次|户次|件|项|卷|份|次|篇|笔|起|期|名|户|人|条|家|"
    r"个(?!工作日|月|自然日|小时))"
)
_COUNT_EN = re.compile(
    r"(?<![\d.,])(?!(?:19|20)\d\d\b)(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s+"
    r"(?!(?:working|days?|hours?|weeks?|of|the|to|and|or|in|on|at|internal|audit|per)\b)([a-z][a-z\-]+)",
    re.I,
)
_YEAR = re.compile(r"\d{4}年|全年|年度|\b(?:in|during) 20\d\d\b|\blast year\b", re.I)
_VOLUME_VERBS = re.compile(
    r"办理|受理|登记|接待|发布|处置|组织|审核|核定|完成|接收|转出|立案|结案|"
    r"发文|收文|督办|巡查|追讨|追回|认证|发放|报销|采购|培训|审查|收到|"
    r"handled|registered|processed|held|approved|issued|received|guaranteed|answered|"
    r"conducted|published|organised|organized|dealt with",
    re.I,
)
# A change takes effect in a month ("2026年3月起") or from a year on ("2026年起"); a bare year
# ("2025年尚未销号的事项") says when something happened, not when the change came.
_DATE_ZH = re.compile(
    r"\d{4}年\d{1,2}月|\d{4}年(?:[一二三四]季度|上半年|下半年|底|初)|\d{4}年(?=起|开始|以来)"
)
_DATE_EN = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{4}|\b(?:from|since) 20\d\d\b"
)
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

_HEADING_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "finding",
        re.compile(r"审核发现|整改|内审|内部审核|audit|finding|follow-up|nonconform|corrective", re.I),
    ),
    ("complaint", re.compile(r"投诉|信访|complaint|letters|petition|hotline", re.I)),
    ("risk", re.compile(r"风险|薄弱|隐患|risk|weak", re.I)),
    ("time_limit", re.compile(r"时限|期限|承诺|service standard|time limit|deadline|turnaround", re.I)),
    ("objective", re.compile(r"目标|指标|target|objective|indicator|kpi", re.I)),
    ("volume", re.compile(r"业务量|工作量|数量|业务数据|caseload|volume|workload", re.I)),
    ("change", re.compile(r"变化|变动|调整|change", re.I)),
    ("key_work", re.compile(r"重点|要点|任务|priorit|key work|work plan", re.I)),
    ("workflow", re.compile(r"流程|workflow|process", re.I)),
    ("staffing", re.compile(r"分工|岗位设置|人员|编制|team|staff|division of labou?r|posts", re.I)),
    (
        "duty",
        re.compile(r"职责|职能|概况|简介|mandate|dut(?:y|ies)|responsibilit|overview|functions?\b", re.I),
    ),
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


def is_intro(text: str) -> bool:
    """A sentence that only announces a list ("主要风险有两项。"); one with figures is kept."""
    return bool(INTRO.search(text)) and not re.search(r"\d", text)


def language_of(text: str) -> str:
    return detect_language(text)


def heading_kinds(heading: str) -> list[str]:
    """Fact kinds a section heading announces, most specific first ("人员和系统变动" -> change, staffing)."""
    return [kind for kind, pattern in _HEADING_KINDS if heading and pattern.search(heading)]


def sentences(text: str, fine: bool) -> list[str]:
    """Verbatim sentences of one line; ``fine`` also splits at semicolons (；;)."""
    stops = "。！？!?；;" if fine else "。！？!?"
    pattern = rf"(?:[^{stops}.]|\.(?!\s|$))+(?:[{stops}]+|\.(?=\s|$))?"
    return [s.strip() for s in re.findall(pattern, text) if len(s.strip()) >= 4]


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
            units.append(Unit(line, _row_display(cells, header), True, tuple(cells)))
            continue
        header = None
        body = _LIST_MARKER.sub("", line)
        for sentence in sentences(body, fine):
            display = clean_display(sentence)
            if len(display) >= 4:
                units.append(Unit(sentence, display))
    return units


def _row_display(cells: list[str], header: list[str] | None) -> str:
    cells = [c for c in cells]
    if len(cells) == 2 or not header or len(header) != len(cells):
        return (
            "：".join(c for c in cells if c)
            if language_of(" ".join(cells)) == "zh"
            else ": ".join(c for c in cells if c)
        )
    return "；".join(f"{h}：{c}" for h, c in zip(header, cells, strict=True) if c)


def is_time_limit(text: str) -> bool:
    text = arabic_numerals(text)  # "十个工作日内" is a time limit too
    duration = _DURATION_ZH.search(text) or _DURATION_EN.search(text)
    return bool(duration and _TIME_WORDS.search(text) and not _ELAPSED.search(text))


def is_objective(text: str, under_objective_heading: bool) -> bool:
    measurable = bool(_PERCENT.search(text) or _ZERO_TARGET.search(text))
    if under_objective_heading:
        return measurable or bool(_COMPARATOR.search(text)) or is_time_limit(text)
    return bool(_PERCENT.search(text) and _COMPARATOR.search(text) and _RATE.search(text))


def is_volume(text: str, under_volume_heading: bool) -> bool:
    counted = bool(_COUNT_ZH.search(text) or _COUNT_EN.search(text))
    if under_volume_heading:
        return counted
    return counted and bool(_YEAR.search(text) and _VOLUME_VERBS.search(text)) and not _PERCENT.search(text)


def is_repeat(text: str) -> bool:
    return bool(_REPEAT.search(text))


def numeric_expressions(text: str) -> list[str]:
    """Durations, percentages and counts, in order of appearance; as written, except that
    Chinese numerals before a unit become digits ("十个工作日" -> "10个工作日")."""
    text = arabic_numerals(text)
    found: list[tuple[int, str]] = []
    for pattern in (_DURATION_ZH, _DURATION_EN, _COUNT_ZH):
        found += [(m.start(), m.group(0).strip()) for m in pattern.finditer(text)]
    found += [
        (m.start(), m.group(0))
        for m in re.finditer(
            r"(?:不低于|不高于|不超过|达到|≥|≤|at least\s+)?\d+(?:\.\d+)?\s*%"
            r"(?:以上|以下| or higher| or more)?",
            text,
        )
    ]
    found += [(m.start(), m.group(0)) for m in _COUNT_EN.finditer(text) if language_of(text) == "en"]
    ordered = sorted(found)
    result: list[str] = []
    covered = -1
    for start, expr in ordered:
        if start >= covered and expr not in result:
            result.append(expr)
            covered = start + len(expr)
    return result


def counts(text: str) -> list[tuple[int, str]]:
    """Each count in ``text`` with the words that name what was counted ("登记收文2,864件")."""
    found: list[tuple[int, str]] = []
    for m in _COUNT_ZH.finditer(text):
        if m.group(2) in ("万元", "亿元", "万", "元", "个"):
            continue
        clause = re.split(r"[，,；;。、]", text[: m.start()])[-1]
        label = _label_zh(clause)
        if label:
            found.append((int(m.group(1).replace(",", "")), label))
    if not found and language_of(text) == "en":
        for m in _COUNT_EN.finditer(text):
            tail = re.split(r"\b(?:with|worth|from|in|and|for|of)\b|[,;.]", text[m.end(1) :])[0].strip()
            if tail:
                found.append((int(m.group(1).replace(",", "")), tail))
    return found


def population(text: str) -> tuple[int, str] | None:
    """The largest count in ``text`` and the words that name what was counted."""
    found = counts(text)
    return max(found, key=lambda c: c[0]) if found else None


def _label_zh(clause: str) -> str:
    clause = re.sub(r"^.*?(?:\d{4}年(?:全年)?|全年)[，,]?", "", clause)
    clause = re.sub(r"^(?:其中|另有|共|合计|累计|本股|本科|本室|中心|大队)+", "", clause)
    clause = re.sub(r"(?:共|合计|约|累计)+$", "", clause)
    return clause.strip(" ，,：:")


def first_date(text: str) -> str:
    match = _DATE_ZH.search(text) or _DATE_EN.search(text)
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
