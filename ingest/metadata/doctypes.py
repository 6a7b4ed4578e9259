"""A document's title, its type (guidance, department, system, record) and duties sections.

Files from an auditor's folder have no front matter, so all three are read from the text. The
title skips lines that only name the agency, a document number or a date (a plain-text
procedure often starts "临江市生态环境局" and states "行政许可办理程序" two lines down). The
type comes from title words ("…程序", "…台账", "Procedure for …") with the unit's own name
taken out first, so "Records Office Overview" is not a record; failing that, from the content:
a duties section, an audit report's vocabulary, minutes, a ledger's table rows, a procedure's
"目的 / 适用范围" outline.

Usage::

    find_title(text, stated="", fallback="scan-001")
    doc_type_from_title("行政许可办理程序", unit="")          # "system"
    doc_type_from_content(text, has_duties=False)            # "record" for an audit report
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.formats.outline import without_heading_mark
from ingest.metadata.units import unit_in_title, units_in_text, zh_unit_at
from ingest.metadata.vocabulary import Vocabulary, get_vocabulary
from ingest.text import detect_language

# The document types every chunk carries (a filter of search and of the planner).
DOC_TYPES = ("guidance", "department", "system", "record")

# Linear on any line: a lazy body followed by optional closing #s and spaces backtracks
# quadratically on a heading padded with 50,000 spaces; the closing #s are stripped in Python.
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(\S.*)$")
_SENTENCE_END = re.compile(r"[。；;！？!?：:，,]$|(?<![A-Z])\.$")
# Outline numbering before a heading's words: 一、 （二） 1. 1.2 第三章 Part 2 …
_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+[章节条部分]+|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d+(?:\.\d+)*[.、)．]?|[A-Z][.)]|Part\s+\d+[.:]?)\s*"
)
_BRACKET_LABEL = re.compile(r"^【([^】]{1,12})】\s*(.*)$")
# A title is a short line; a longer one is a sentence of the body.
MAX_TITLE_CHARS = 60
# English spends about three letters where Chinese spends one character: titles run longer.
MAX_TITLE_CHARS_EN = 100
_SECTION_NUMBER = re.compile(
    r"^(?:\d+(?:\.\d+)*[.、)]?\s|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十\d]+[章节条部分])"
)
# A title line is looked for among this many non-empty lines at the top.
TITLE_LINES = 6
# How far below a duties heading the unit it describes is looked for.
DUTY_PARAGRAPH_CHARS = 400
# A ledger is mostly a table; fewer rows make an ordinary document with a table in it.
LEDGER_MIN_ROWS = 8
# A guide quotes a finding or two as examples; a report numbers many.
MIN_FINDINGS = 4
# A guide to running a meeting names three minutes fields (出席, 参会人员, 会议时间); minutes
# without "会议纪要" at the top fill in more.
MIN_MINUTES_FIELDS = 4
# Where a record names what it is: its title and first lines.
TOP_CHARS = 300
# The capitalised words an English paragraph opens with ("The Letters & Visits Office …").
_OPENING_NAME = re.compile(r"(?:The\s+)?((?:[A-Z][\w'’&-]*[ \t]+|(?:and|&|of|for)[ \t]+){0,7}[A-Z][\w'’-]*)")
_FINDING_NUMBER = re.compile(r"\b(?:\d{4}-)?(?:NC|OBS|CAR|OFI)-?\d{1,4}(?:-\d{1,4})?\b", re.I)


def _vocabularies() -> tuple[Vocabulary, Vocabulary]:
    return get_vocabulary("zh"), get_vocabulary("en")


def _has_word(text: str, words: tuple[str, ...]) -> bool:
    return bool(_words_in(text, words))


def _words_in(text: str, words: tuple[str, ...]) -> set[str]:
    """The entries of ``words`` that ``text`` contains: Chinese ones anywhere, English ones as
    whole words in any case."""
    lowered = text.lower()
    found: set[str] = set()
    for word in words:
        if word.isascii():
            if re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", lowered):
                found.add(word)
        elif word in text:
            found.add(word)
    return found


def is_title_noise(line: str) -> bool:
    """A line that is only an agency's name, a document number, a date or a note in brackets."""
    line = line.strip()
    return any(p.search(line) for v in _vocabularies() for p in v.title_skip_patterns)


def _heading_text(match: re.Match[str]) -> str:
    """A Markdown heading's words, without closing #s ("## 职责 ##" -> "职责")."""
    return match.group(1).rstrip().rstrip("#").rstrip()


def find_title(text: str, stated: str, fallback: str) -> str:
    """The document's title: the stated one (front matter, DOCX/PDF/HTML properties) unless it
    only names the agency; else the first short plain line at the top that is not noise, when
    it comes before the first heading (a PDF's title in large type is often not read as a
    heading while its section headings are: "4. Quality objectives" is no title); else the
    first Markdown heading that is not noise; else ``fallback`` (the file name)."""
    if stated.strip() and not is_title_noise(stated):
        return stated.strip()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    matches = [_MARKDOWN_HEADING.match(line) for line in lines]
    first_heading = next((n for n, m in enumerate(matches) if m), len(lines))
    heading = next((h for h in (_heading_text(m) for m in matches if m) if not is_title_noise(h)), "")
    # A numbered heading ("4. Quality objectives", "一、基本情况") is a section, not the title.
    # So is one behind a heading mark ("▲ 重点工作").
    bare = without_heading_mark(heading)
    if not heading or _SECTION_NUMBER.match(bare) or bare != heading:
        top = _plain_title_line(lines[: min(first_heading, TITLE_LINES)])
        if top:
            return top
    return heading or fallback


def _plain_title_line(lines: Sequence[str]) -> str:
    """The first line of ``lines`` that reads as a title (short, no full stop, not noise); the
    search stops at the first line of body text."""
    for line in lines:
        if is_title_noise(line):
            continue
        limit = MAX_TITLE_CHARS if detect_language(line) == "zh" else MAX_TITLE_CHARS_EN
        if len(line) <= limit and not _SENTENCE_END.search(line) and not _BRACKET_LABEL.match(line):
            return line
        break
    return ""


def doc_type_from_title(title: str, unit: str) -> str:
    """The type the title's words give, or "". The unit's own name is taken out first."""
    zh, en = _vocabularies()
    rest = title.replace(unit, " ") if unit else title
    if unit and _has_word(rest, zh.department_title_words + en.department_title_words):
        return "department"
    found: list[tuple[int, str]] = []
    for doc_type, words in (
        ("system", zh.procedure_words + en.procedure_words),
        ("record", zh.record_words + en.record_words),
        ("guidance", zh.guidance_words + en.guidance_words),
    ):
        at = _first_position(rest, words)
        if at is not None:
            found.append((at, doc_type))
    if not found:
        return ""
    # The head noun names the document: last in a Chinese title ("质量目标的制定方法指南" is a
    # guide), first in an English one ("Guide to quality objectives"). Ties keep the list order.
    if detect_language(rest) == "zh":
        return max(found, key=lambda f: f[0])[1]
    return min(found, key=lambda f: f[0])[1]


def _first_position(text: str, words: tuple[str, ...]) -> int | None:
    """Where the earliest of ``words`` found in ``text`` starts (as ``_words_in`` matches them)."""
    lowered = text.lower()
    positions = []
    for word in _words_in(text, words):
        match = (
            re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", lowered)
            if word.isascii()
            else re.search(re.escape(word), text)
        )
        if match:
            positions.append(match.start())
    return min(positions) if positions else None


def _table_rows(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.count("|") >= 2 or line.count("\t") >= 2)


def _headings(text: str) -> list[str]:
    """Every heading-like line, numbering and brackets removed."""
    found: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        heading = _heading_of(line)
        if heading:
            found.append(heading[0])
    return found


def doc_type_from_content(text: str, has_duties: bool) -> str:
    """The type the content shows, or "": a duties section makes a department document; two
    audit-report words plus "审核报告" near the top or four numbered findings a record; minutes
    ("会议纪要" near the top and an 出席 line, or four minutes fields) a record; a ledger word
    near the top and many table rows a record; a 目的/适用范围 (Purpose/Scope) outline a
    procedure."""
    if has_duties:
        return "department"
    zh, en = _vocabularies()
    top = text[:TOP_CHARS]
    audit = _words_in(text, zh.audit_report_words + en.audit_report_words)
    findings = {m.group(0).upper() for m in _FINDING_NUMBER.finditer(text)}
    calls_itself = _has_word(top, zh.audit_report_titles + en.audit_report_titles)
    if len(audit) >= 2 and (calls_itself or len(findings) >= MIN_FINDINGS):
        return "record"
    minutes = _words_in(text, zh.minutes_words + en.minutes_words)
    titled = _has_word(top, zh.minutes_titles + en.minutes_titles)
    if len(minutes) >= MIN_MINUTES_FIELDS or (minutes and titled):
        return "record"
    if _has_word(top, zh.ledger_words + en.ledger_words) and _table_rows(text) >= LEDGER_MIN_ROWS:
        return "record"
    headings = {h.lower() for h in _headings(text)}
    if {"目的", "适用范围"} <= headings or {"purpose", "scope"} <= headings:
        return "system"
    return ""


@dataclass(frozen=True)
class DutySection:
    """A duties heading and the unit named in it or in the paragraph below it ("" when none)."""

    heading: str
    unit: str


def _heading_of(line: str) -> tuple[str, str] | None:
    """(heading words, rest of the line) when ``line`` reads as a heading, else None."""
    match = _MARKDOWN_HEADING.match(line)
    if match:
        return _NUMBERING.sub("", _heading_text(match)).strip(" ：:"), ""
    label = _BRACKET_LABEL.match(line)
    if label:
        return label.group(1).strip(), label.group(2)
    if 0 < len(line) <= 30 and not _SENTENCE_END.search(line.rstrip("：:")):
        return _NUMBERING.sub("", line).strip(" ：:【】[]"), ""
    return None


def _duty_heading_unit(heading: str) -> tuple[bool, str]:
    """Whether ``heading`` heads a duties section, and the unit it names itself if any
    ("综合股主要职责", "Finance Section: Duties", "Duties of the Planning Division")."""
    zh, en = _vocabularies()
    if heading in zh.duty_headings or heading.lower() in {d.lower() for d in en.duty_headings}:
        return True, ""
    for duty in zh.duty_headings:
        if heading.endswith(duty) and len(heading) > len(duty):
            unit = zh_unit_at(heading[: -len(duty)].rstrip("的"), 0)
            if unit and heading[: -len(duty)].rstrip("的").endswith(unit):
                return True, unit
    unit = unit_in_title(heading)
    if unit:
        # "Finance Section: Duties", "Duties of the Planning Division": what is left besides the
        # unit, its connecting words and punctuation must be a duties heading.
        words = re.split(r"[\s:：—–-]+", heading.replace(unit, " ").lower())
        rest = " ".join(w for w in words if w and w not in {"of", "the", "for"})
        if rest in {d.lower() for d in en.duty_headings} or rest in zh.duty_headings:
            return True, unit
    return False, ""


def find_duty_sections(text: str) -> list[DutySection]:
    """Every duties section: a heading such as 主要职责, 【职能】, 一、基本职能, Duties or What we
    do, with the unit named in the heading or, failing that, opening the paragraph below."""
    lines = text.split("\n")
    sections: list[DutySection] = []
    for n, raw in enumerate(lines):
        parsed = _heading_of(raw.strip())
        if parsed is None:
            continue
        heading, rest = parsed
        is_duty, unit = _duty_heading_unit(heading)
        if not is_duty:
            continue
        if not unit:
            unit = subject_unit(_paragraph_after(lines, n, rest))
        sections.append(DutySection(heading, unit))
    return sections


def subject_unit(paragraph: str) -> str:
    """The unit a paragraph opens with, as its subject ("综合股是局机关的运转枢纽…", "The Finance
    Section prepares…"); "" when it opens otherwise ("负责…指导市场监管所" is not about 市场监管所)."""
    paragraph = paragraph.strip()
    unit = zh_unit_at(paragraph, 0)
    if unit:
        return unit
    match = _OPENING_NAME.match(paragraph)
    named = units_in_text(match.group(1)) if match else []
    return named[0] if named and match and match.group(1).startswith(named[0]) else ""


def _paragraph_after(lines: list[str], n: int, rest: str) -> str:
    """The text under heading line ``n`` up to the next Markdown heading or bracket label."""
    parts = [rest] if rest else []
    size = len(rest)
    for raw in lines[n + 1 :]:
        line = raw.strip()
        if _MARKDOWN_HEADING.match(line) or _BRACKET_LABEL.match(line):
            break
        parts.append(line)
        size += len(line)
        if size >= DUTY_PARAGRAPH_CHARS:
            break
    return "\n".join(parts)[:DUTY_PARAGRAPH_CHARS]
