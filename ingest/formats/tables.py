"""Tables as sentences: one line per data row, each cell prefixed by its column's header.

A retrieval chunk that holds "就业补贴审核 | 1,856件" has lost what 1,856 counts; the line
"事项: 就业补贴审核; 件数: 1,856件。" keeps it, and its terminator lets the chunker's sentence
splitter see where one row ends. Every table reader (DOCX, PDF, XLSX, CSV) builds a list of rows
of cells and calls ``render_table``. A cell is a string (``""`` when empty) or ``None`` when a
cell merged from the left covers it, so a title merged across the table can be told from a row
that merely has one cell filled in.

Usage::

    lines = render_table([["事项", "件数"], ["就业补贴审核", "1,856件"]])
    # ["事项: 就业补贴审核; 件数: 1,856件。"]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from ingest.text import CJK

_CJK_CHAR = re.compile(f"[{CJK}\u3000-\u303f\uff00-\uffef]")
_ENDS_SENTENCE = re.compile(r"[。！？；.!?;]$")
# Abbreviations that name a column ("No.", "Ref."): their full stop ends no sentence. A list,
# not a pattern: "Done." in a status column is a sentence.
_HEADER_ABBREVIATIONS = frozenset(
    {"no.", "nos.", "ref.", "qty.", "amt.", "dept.", "sec.", "art.", "para.", "doc.", "rev.", "ver."}
)
# A cell that is a quantity, a date or a code rather than a label: mostly digits and number signs.
_NUMBER_SIGNS = r"[\s\d.,，%％+\-−/:：年月日号件人次个元万亿¥$€£()（）]*"
_NUMERIC = re.compile(rf"^{_NUMBER_SIGNS}\d{_NUMBER_SIGNS}$")
_HEADER_CELL_MAX = 24  # header names are short; a long cell is data or a note
# A column named by its year: "2025年", "2025年度", "2025 年", "FY2025", "FY 2025/26".
_YEAR_LABEL = re.compile(r"^(?:(?:19|20)\d{2}\s*年度?|FY\s?(?:19|20)\d{2}(?:/\d{2})?)$", re.IGNORECASE)
Cell = str | None
Row = Sequence[Cell]


@dataclass(frozen=True)
class TableShape:
    """Where a table's rows start: lines before the header (a title row merged across the
    columns, a "填报单位：" line), the header row if there is one, and the data rows."""

    preamble: list[str]
    header: list[Cell] | None
    body: list[list[Cell]]
    body_start: int  # index in the input rows of the first data row


# A line ``render_row`` wrote: at least two "Header: cell" parts joined by "; ". Headers are
# short and hold no separators. Chunking and answer writing keep such a line whole.
_ROW_LINE = re.compile(r"^\s*[^\n:：;；。]{1,24}: [^\n]*?; [^\n:：;；。]{1,24}: ")


def is_row_line(line: str) -> bool:
    """Whether ``line`` is a table row as the table readers write it ("事项: 甲; 件数: 3件。")."""
    return bool(_ROW_LINE.match(line))


def clean_cell(text: str) -> str:
    """One line per cell: wrapped lines are rejoined without a space between Chinese
    characters (a line break inside "就业补贴\\n审核" is layout, not a word gap)."""
    lines = [" ".join(part.split()) for part in text.replace("\r", "\n").split("\n")]
    return join_lines([line for line in lines if line])


def join_lines(lines: Sequence[str]) -> str:
    """Join wrapped lines: nothing between two Chinese characters, a space elsewhere, and an
    English word hyphenated across the break ("manage-" + "ment") made whole."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif _CJK_CHAR.match(out[-1]) or _CJK_CHAR.match(line[0]):
            out += line
        elif out.endswith("-") and out[-2:-1].isalpha() and line[0].islower():
            out = out[:-1] + line
        else:
            out += " " + line
    return out


def terminate(line: str) -> str:
    """End a row with a sentence terminator the chunker splits on: 。 for Chinese rows,
    "." otherwise; a row that already ends like a sentence is left alone."""
    if not line or _ENDS_SENTENCE.search(line):
        return line
    return line + ("。" if _CJK_CHAR.search(line) else ".")


def is_header_like(cells: Row) -> bool:
    """Short, distinct, non-numeric labels in at least two columns, none ending like a sentence.
    A year that names a column ("2025年", "2024年度", "FY2025") is a label, not a figure, when
    another cell is a word."""
    values = [c for c in cells if c]
    if len(values) < 2 or len(set(values)) < len(values):
        return False
    words = [v for v in values if not _YEAR_LABEL.match(v)]
    if not words:
        return False
    return all(
        len(v) <= _HEADER_CELL_MAX
        and not _NUMERIC.match(v)
        and (not _ENDS_SENTENCE.search(v) or v.lower() in _HEADER_ABBREVIATIONS)
        for v in words
    )


def is_banner(cells: Row, width: int, merged_only: bool = True) -> bool:
    """A row with one value across a table of several columns: a title row merged across the
    columns, or a group label ("一、就业类") inside the data. With ``merged_only`` the other
    cells must be covered by the merge (None), not merely empty: a data row with one cell
    filled in is still data."""
    values = {c for c in cells if c}
    if width <= 1 or len(values) != 1:
        return False
    return not merged_only or all(c is None or c in values for c in cells)


def _typed_columns(header: Row, body: Sequence[Row]) -> bool:
    """Some column has a text label on top and mostly numbers below it: the top row names the
    columns. (A two-column list of "负责人 | 张三" pairs has no such column.)"""
    for j, name in enumerate(header):
        column = [v for row in body if j < len(row) and (v := row[j])]
        if name and column and sum(bool(_NUMERIC.match(v)) for v in column) * 2 >= len(column):
            return True
    return False


def shape_table(rows: Sequence[Row], header_hint: bool | AbstractSet[int] = False) -> TableShape:
    """Find the preamble, header and body of a table.

    Args:
        rows: the table's rows as cleaned cell strings (merged cells already blanked).
        header_hint: the file marks the first row as a header (bold, a repeated header row) or
            the format always has one (CSV); or the indices of the rows the file marks (bold
            rows of a sheet, where the header may sit below a title row).
    """
    width = max((len(r) for r in rows), default=0)
    start = 0
    preamble: list[str] = []
    # At most three title-like rows above the header: a ledger's name, the unit, the period;
    # typed in the first cell or merged across the columns.
    while start < min(len(rows) - 1, 3) and is_banner(rows[start], width, merged_only=False):
        preamble.append(next(c for c in rows[start] if c))
        start += 1
    while start < len(rows) and not any(rows[start]):
        start += 1
    if start >= len(rows):
        return TableShape(preamble, None, [], start)
    first = list(rows[start])
    body = [list(r) for r in rows[start + 1 :]]
    marked = header_hint if isinstance(header_hint, bool) else start in header_hint
    if body and is_header_like(first) and (marked or width >= 3 or _typed_columns(first, body)):
        return TableShape(preamble, first, body, start + 1)
    return TableShape(preamble, None, [first, *body], start)


def render_row(cells: Row, header: Row | None, width: int) -> str:
    """One row as one sentence. Empty cells are skipped; a header name is not repeated when the
    cell merely repeats it; a banner row stays a plain line."""
    if is_banner(cells, width) or width == 1:
        return next(c for c in cells if c)  # a one-column "table" is a framed paragraph
    parts: list[str] = []
    for j, value in enumerate(cells):
        if not value:
            continue
        name = header[j] if header is not None and j < len(header) else ""
        parts.append(f"{name}: {value}" if name and name != value else value)
    if header is None and len(parts) == 2 and width == 2:
        return terminate(f"{parts[0]}: {parts[1]}")  # a label and its value
    return terminate("; ".join(parts))


def render_table(rows: Sequence[Row], header_hint: bool | AbstractSet[int] = False) -> list[str]:
    """Render a whole table: preamble lines, then one line per non-empty data row."""
    shape = shape_table(rows, header_hint)
    width = max((len(r) for r in rows), default=0)
    lines = list(shape.preamble)
    for row in shape.body:
        if any(row):
            lines.append(render_row(row, shape.header, width))
    return lines
