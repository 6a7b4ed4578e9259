"""Headings that Chinese (and numbered English) documents mark by numbering, not by style.

Agency documents are often typed without Word's heading styles: "一、基本情况", "（二）工作目标",
"第三条 ……", "1.2 Scope". ``outline_kind`` names the numbering a paragraph starts with;
``OUTLINE_ORDER`` ranks the kinds from outermost to innermost, the order GB/T 9704 (the
official-document standard) and ordinary legal drafting nest them. The same markers also
number list items ("一、负责……；"), so callers decide with ``is_outline_heading``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_NUM = "一二三四五六七八九十百零〇两"
# Outermost first. "bold" (a short paragraph set in bold, no number) ranks first: agencies use
# it for the top-level section names when they number nothing.
OUTLINE_ORDER = (
    "bold", "part", "chapter", "section", "article",
    "cn_top", "cn_paren", "arabic1", "arabic2", "arabic3", "arabic_paren",
)
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


def outline_kind(text: str) -> OutlineMatch | None:
    """The numbering ``text`` starts with, or None."""
    text = text.strip()
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            return OutlineMatch(kind, match.group(1), match.group(2).strip())
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


def is_outline_heading(kinds: list[str | None], texts: list[str], n: int) -> bool:
    """A numbered paragraph is a heading when it reads as one and is not part of a run of items
    of the same kind ("一、收文登记" right after "二、印章管理" is a list)."""
    kind = kinds[n]
    if kind is None or not reads_as_heading(texts[n]):
        return False
    if kind in ("part", "chapter", "section", "article", "bold"):
        return True  # chapters and clauses are structure even when consecutive
    neighbours = [kinds[i] for i in (n - 1, n + 1) if 0 <= i < len(kinds)]
    return kind not in neighbours


def assign_levels(kinds: list[str | None], base_levels: list[int]) -> list[int]:
    """Markdown level for each outline heading: the kinds present in the document are ranked by
    ``OUTLINE_ORDER`` and nest below the styled heading in force (``base_levels[n]``, 1 when
    only the title is above). A document numbered only with "第X条" gets its clauses at ``##``."""
    present = sorted({k for k in kinds if k}, key=OUTLINE_ORDER.index)
    return [
        min(base + 1 + present.index(kind), 6) if kind else 0
        for kind, base in zip(kinds, base_levels, strict=True)
    ]


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
    clauses: list[tuple[str, str] | None] = []
    for block in blocks:
        kind: str | None = None
        clause = None
        if not block.table and not block.level:
            match = outline_kind(block.text)
            if match is not None:
                kind = match.kind
                clause = split_clause(match)
            elif block.bold and reads_as_heading(block.text):
                kind = "bold"
        kinds.append(kind)
        clauses.append(clause)
    texts = [b.text for b in blocks]
    heading_kinds = [
        k if (clauses[n] is not None or is_outline_heading(kinds, texts, n)) else None
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
