"""Headings that Chinese (and numbered English) documents mark by numbering, not by style.

Agency documents are often typed without Word's heading styles: "一、基本情况", "（二）工作目标",
"第三条 ……", "1.2 Scope". ``outline_kind`` names the numbering a paragraph starts with;
Levels follow the order in which a document uses the kinds (``assign_levels``), as a reader
infers them. The same markers also number list items ("一、负责……；"), so callers decide
with ``is_outline_heading``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_NUM = "一二三四五六七八九十百零〇两"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^(第[{_CN_NUM}\d]+编)(?:[\s\u3000]*)(.*)$")),
    ("chapter", re.compile(rf"^(第[{_CN_NUM}\d]+章)(?:[\s\u3000]*)(.*)$")),
    ("section", re.compile(rf"^(第[{_CN_NUM}\d]+节)(?:[\s\u3000]*)(.*)$")),
    ("article", re.compile(rf"^(第[{_CN_NUM}\d]+条)(?:[\s\u3000]*)(.*)$")),
    ("cn_top", re.compile(rf"^([{_CN_NUM}]+[、．.])[\s\u3000]*(\S.*)$")),
    ("cn_paren", re.compile(rf"^([（(][{_CN_NUM}]+[）)])[\s\u3000]*(\S.*)$")),
    ("arabic_paren", re.compile(r"^([（(]\d{1,2}[）)])[\s\u3000]*(\S.*)$")),
    # "1.1 Scope", "2.3.1 记录": the dotted number must be followed by a space, so "1.5万元" is
    # a quantity, not a heading.
    ("arabic3", re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})\.?[\s\u3000]+(\S.*)$")),
    ("arabic2", re.compile(r"^(\d{1,2}\.\d{1,2})\.?[\s\u3000]+(\S.*)$")),
    # "1、收文", "2. Scope", "3 Records": a separator, or a space before a capital or a Chinese
    # character; "2024年" and "3.5" never match.
    ("arabic1", re.compile(rf"^(\d{{1,2}}(?:[、．]|\.(?!\d)|(?=[\s\u3000]+[A-Z{_CN_NUM}\u4e00-\u9fff])))"
                           r"[\s\u3000]*(\S.*)$")),
)
_ENDS_SENTENCE = re.compile(r"[。；;！？!?，,、：:]$")
HEADING_MAX_CHARS = 32  # longer lines are body text even when numbered


@dataclass(frozen=True)
class OutlineMatch:
    kind: str
    marker: str  # "第三条", "一、"
    rest: str  # the text after the marker


# Marks some offices type before a heading instead of a style ("▲ 一、职能定位", "■ 重点工作").
# List bullets (●, •, ○) are left out: they mark items, which are not headings.
HEADING_MARKS = "▲△■□◆◇★☆▶►"


def without_heading_mark(text: str) -> str:
    """``text`` without a leading heading mark and the space after it."""
    return text.strip().lstrip(HEADING_MARKS).strip()


def outline_kind(text: str) -> OutlineMatch | None:
    """The numbering ``text`` starts with (after a heading mark, if any), or None; a heading
    mark alone ("▲ 重点工作") is kind "mark"."""
    text = text.strip()
    bare = without_heading_mark(text)
    for kind, pattern in _PATTERNS:
        match = pattern.match(bare)
        if match:
            return OutlineMatch(kind, match.group(1), match.group(2).strip())
    if bare and bare != text:
        return OutlineMatch("mark", text[: len(text) - len(bare)].strip(), bare)
    return None


def reads_as_heading(text: str) -> bool:
    """Short and not ending like a sentence or a list item."""
    text = text.strip()
    return 0 < len(text) <= HEADING_MAX_CHARS and not _ENDS_SENTENCE.search(text)


def split_clause(match: OutlineMatch) -> tuple[str, str] | None:
    """"第三条 申请人应当……。" is a clause: its number is the heading, the rest is its body.
    Returns (heading, body), or None when the paragraph is a heading as a whole ("第一章 总则")."""
    if match.kind not in ("part", "chapter", "section", "article") or not match.rest:
        return None
    if reads_as_heading(match.rest):
        return None
    return match.marker, match.rest


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}


def ordinal(marker: str) -> int | None:
    """The number a marker carries: "三、" -> 3, "（十二）" -> 12, "2.3" -> 3, "第二十条" -> 20."""
    digits = "".join(ch for ch in marker if ch.isdigit() or ch == ".").strip(".")
    if digits:
        return int(digits.rsplit(".", 1)[-1])
    value, current = 0, 0
    for ch in marker:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            value += (current or 1) * 10
            current = 0
        elif ch == "百":
            value += (current or 1) * 100
            current = 0
    total = value + current
    return total or None


def is_outline_heading(
    kinds: list[str | None], texts: list[str], n: int, numbers: list[int | None] | None = None
) -> bool:
    """A numbered paragraph is a heading when it reads as one and is not part of a run of items:
    a neighbour of the same kind numbered next to it ("一、收文登记" then "二、印章管理" is a list,
    but "三、工作职责" then "一、收文登记" starts one). Without ``numbers`` any neighbour of
    the same kind makes a run."""
    kind = kinds[n]
    if kind is None or not reads_as_heading(texts[n]):
        return False
    if kind in ("part", "chapter", "section", "article", "bold"):
        return True  # chapters and clauses are structure even when consecutive
    for i in (n - 1, n + 1):
        if 0 <= i < len(kinds) and kinds[i] == kind:
            if numbers is None:
                return False
            first, second = (numbers[i], numbers[n]) if i < n else (numbers[n], numbers[i])
            if first is None or second is None or second == first + 1:
                return False
    return True


def assign_levels(kinds: list[str | None], base_levels: list[int]) -> list[int]:
    """Markdown level for each outline heading (0 for the others), nested as a reader nests
    them: the first kind met is the outermost, a kind met again closes the ones opened inside
    it ("二、" after "（一）" is a sibling of "一、"), and all of them sit below the stated
    heading in force (``base_levels[n]``: 1 when only the title is above). A new stated heading
    starts a fresh outline."""
    levels: list[int] = []
    stack: list[str] = []
    base = 0
    for kind, in_force in zip(kinds, base_levels, strict=True):
        if in_force != base:
            stack, base = [], in_force
        if kind is None:
            levels.append(0)
            continue
        if kind in stack:
            del stack[stack.index(kind) + 1 :]
        else:
            stack.append(kind)
        levels.append(min(base + len(stack), 6))
    return levels


@dataclass
class Block:
    """One paragraph or table of a document on its way to Markdown.

    ``level`` is a heading level the file states (a heading style, a larger type size, a
    bookmark); 0 for body text. ``bold`` marks a paragraph set entirely in bold."""

    text: str
    level: int = 0
    bold: bool = False
    table: bool = False


def render_blocks(blocks: list[Block]) -> list[str]:
    """Markdown lines for ``blocks``: stated headings keep their level, numbered and bold
    headings get a level below the stated heading in force, clauses are split into their
    number and their text, everything else is returned as it is."""
    kinds: list[str | None] = []
    numbers: list[int | None] = []
    clauses: list[tuple[str, str] | None] = []
    for block in blocks:
        kind: str | None = None
        number: int | None = None
        clause = None
        if not block.table and not block.level:
            match = outline_kind(block.text)
            if match is not None:
                kind, number = match.kind, ordinal(match.marker)
                clause = split_clause(match)
            elif block.bold and reads_as_heading(block.text):
                kind = "bold"
        kinds.append(kind)
        numbers.append(number)
        clauses.append(clause)
    texts = [b.text for b in blocks]
    heading_kinds = [
        k if (clauses[n] is not None or is_outline_heading(kinds, texts, n, numbers)) else None
        for n, k in enumerate(kinds)
    ]
    base_levels: list[int] = []
    in_force = 1
    for block in blocks:
        if block.level:
            in_force = block.level
        base_levels.append(in_force)
    levels = assign_levels(heading_kinds, base_levels)
    out: list[str] = []
    for n, block in enumerate(blocks):
        if block.level:
            out.append(f"{'#' * block.level} {block.text}")
        elif levels[n] and (clause := clauses[n]) is not None:
            out.extend([f"{'#' * levels[n]} {clause[0]}", clause[1]])
        elif levels[n]:
            out.append(f"{'#' * levels[n]} {block.text}")
        else:
            out.append(block.text)
    return out
