"""Positioned text lines (from a PDF text layer or from OCR) back into headings and paragraphs.

A PDF stores lines, not paragraphs: a sentence wraps at the right margin and every wrapped line
is a separate string. ``LayoutAssembler`` rejoins lines into paragraphs (Chinese without a
space), marks lines set clearly larger than the body text as headings (the largest size is
``#``), drops bare page numbers, and puts tables where they stand in the reading order.

Usage::

    lines = LayoutAssembler().assemble(items)   # TextLine and TableBlock items, in page order
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ingest.formats.outline import Block, render_blocks
from ingest.formats.tables import join_lines, render_table

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ENDS_SENTENCE = re.compile(r"[。！？；.!?;:：”」』]$")
# "- 3 -", "第 3 页", "第3页 共9页", "Page 3 of 9", "3/9", "3": page furniture, not text.
_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?)"
    r"[-—–\s]*$",
    re.I,
)
# A heading is set at least this much larger than the body text. Font sizes from a text layer
# are exact, and Chinese official documents set headings in 小四 (12 pt) over 五号 (10.5 pt)
# body, a ratio of 1.14; OCR box heights wobble by some 10%, so they need a clearer step.
HEADING_SIZE_RATIO = 1.12
OCR_HEADING_SIZE_RATIO = 1.15
HEADING_MAX_CHARS = 60
HEADING_MAX_CHARS_LATIN = 100  # English spends about three letters where Chinese spends one character
MAX_HEADING_LEVELS = 4


@dataclass(eq=False)
class TextLine:
    """One printed line. ``size`` is the font size (or the OCR box height): only ratios matter."""

    text: str
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    page_height: float = 0.0
    heading_level: int = 0  # set when a bookmark names this line
    measured: bool = True  # the size is a font size, not an OCR box height


@dataclass(eq=False)
class TableBlock:
    rows: list[list[str | None]]
    page: int
    top: float
    header_hint: bool = False


def _size_key(size: float) -> float:
    return round(size * 2) / 2


class LayoutAssembler:
    """Turns lines and tables, in reading order, into Markdown-like lines."""

    def assemble(self, items: Sequence[TextLine | TableBlock]) -> list[str]:
        items = [i for i in items if not (isinstance(i, TextLine) and self._is_page_furniture(i))]
        lines = [i for i in items if isinstance(i, TextLine)]
        body = self._body_size(lines)
        levels = self._heading_levels(lines, body)
        left, right, pitch = self._geometry(lines, body)
        blocks: list[Block] = []
        paragraph: list[TextLine] = []
        last_heading: TextLine | None = None
        header: list[str | None] | None = None  # header of the table just before, for page breaks

        def flush() -> None:
            if paragraph:
                blocks.append(Block(join_lines([ln.text for ln in paragraph])))
                paragraph.clear()

        for item in items:
            if isinstance(item, TableBlock):
                flush()
                last_heading = None
                rows = item.rows
                if header is not None and rows and len(rows[0]) == len(header):
                    # A table broken by a page end: the new part repeats the header or goes on
                    # without one; either way its rows keep the first part's column names.
                    rows = [header, *(rows[1:] if rows[0] == header else rows)]
                text = "\n".join(render_table(rows, header_hint=item.header_hint))
                blocks.append(Block(text, table=True))
                header = rows[0] if rows else None
                continue
            header = None
            level = item.heading_level or levels.get(id(item), 0)
            if (
                level
                and last_heading is not None
                and not paragraph
                and _continues_heading(last_heading, item, blocks[-1].level, level)
            ):
                # A long title wrapped onto a second line: "关于印发《……方案》" / "的通知".
                blocks[-1].text = join_lines([blocks[-1].text, item.text])
                last_heading = item
            elif level:
                flush()
                blocks.append(Block(item.text, level=level))
                last_heading = item
            else:
                last_heading = None
                if paragraph and self._starts_paragraph(paragraph[-1], item, left, right, pitch, body):
                    flush()
                paragraph.append(item)
        flush()
        return [line for line in render_blocks(blocks) if line.strip()]

    @staticmethod
    def _is_page_furniture(line: TextLine) -> bool:
        if not _PAGE_NUMBER.match(line.text):
            return False
        if line.page_height <= 0:
            return True
        return line.top < line.page_height * 0.1 or line.bottom > line.page_height * 0.9

    @staticmethod
    def _body_size(lines: Sequence[TextLine]) -> float:
        """The size most characters are set in."""
        weights: Counter[float] = Counter()
        for line in lines:
            weights[_size_key(line.size)] += len(line.text)
        return weights.most_common(1)[0][0] if weights else 0.0

    @staticmethod
    def _heading_levels(lines: Sequence[TextLine], body: float) -> dict[int, int]:
        """Lines clearly larger than the body, short, not ending like a sentence: headings, the
        largest size first. Sizes within 10% of each other share a level (OCR heights wobble)."""
        candidates = [
            ln
            for ln in lines
            if body
            and ln.size >= body * (HEADING_SIZE_RATIO if ln.measured else OCR_HEADING_SIZE_RATIO)
            and len(ln.text) <= (HEADING_MAX_CHARS if _CJK.search(ln.text) else HEADING_MAX_CHARS_LATIN)
            and not re.search(r"[。；;，,]$", ln.text)
        ]
        tiers: list[float] = []
        for size in sorted({c.size for c in candidates}, reverse=True):
            if not tiers or size < tiers[-1] / 1.1:
                tiers.append(size)
        result: dict[int, int] = {}
        for line in candidates:
            tier = next(i for i, t in enumerate(tiers) if line.size >= t / 1.1)
            result[id(line)] = min(tier + 1, MAX_HEADING_LEVELS)
        return result

    @staticmethod
    def _geometry(lines: Sequence[TextLine], body: float) -> tuple[float, float, float]:
        """Left and right edges of the body text and its usual line pitch."""
        body_lines = [ln for ln in lines if abs(ln.size - body) <= body * 0.1] or list(lines)
        left = min((ln.x0 for ln in body_lines), default=0.0)
        right = max((ln.x1 for ln in body_lines), default=0.0)
        pitches = [
            b.top - a.top
            for a, b in pairwise(body_lines)
            if a.page == b.page and 0 < b.top - a.top < max(body, 1.0) * 3
        ]
        pitch = statistics.median(pitches) if pitches else max(body, 1.0) * 1.5
        return left, right, pitch

    @staticmethod
    def _starts_paragraph(
        prev: TextLine, line: TextLine, left: float, right: float, pitch: float, body: float
    ) -> bool:
        """A new paragraph starts after a wider gap, at an indented first line (Chinese
        paragraphs open with two blank characters), after a short line that ends a sentence,
        or where the type size changes. A page break alone does not end a paragraph."""
        size = max(body, 1.0)
        if abs(line.size - prev.size) > size * 0.15:
            return True
        if line.page == prev.page and line.top - prev.top > pitch * 1.35:
            return True
        if line.x0 > left + size * 1.2:
            return True
        ended = _ENDS_SENTENCE.search(prev.text) is not None
        return ended and prev.x1 < right - size * 2


def _continues_heading(previous: TextLine, line: TextLine, previous_level: int, level: int) -> bool:
    """The same heading level, the same page, the next line down (within 1.6 line heights)."""
    return (
        previous_level == level
        and previous.page == line.page
        and 0 < line.top - previous.top <= max(previous.size, 1.0) * 1.6
    )
