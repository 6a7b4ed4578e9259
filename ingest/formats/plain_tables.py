"""Tables typed into plain text: a ledger exported as tab- or bar-separated lines, or columns
aligned with runs of spaces, rendered as the other table readers render theirs
(``ingest/formats/tables.py``), one "Header: cell; Header: cell。" line per row.

A run of lines is a table when at least ``MIN_ROWS`` consecutive lines split, by one and the
same separator, into the same number of cells (at least ``MIN_CELLS``). Separators, in the
order tried: a tab; a bar "|" or full-width "｜" (with or without bars at the ends, Markdown's
"|---|" line dropped); two or more spaces or one ideographic space (U+3000). Prose seldom splits
that regularly three lines running; a paragraph with one bar or one tab stays prose.

Usage::

    text = render_plain_tables("编号\\t承办部门\\t事由\\nTS-01\\t办公室\\t超时\\nTS-02\\t财务科\\t收费")
    # "编号: TS-01; 承办部门: 办公室; 事由: 超时。\\n编号: TS-02; …"
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.formats.tables import clean_cell, render_row, render_table
from ingest.text import codes

MIN_ROWS = 3  # a header and two rows, or three rows
MIN_CELLS = 3
_MARKDOWN_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BARS = re.compile(r"\s*[|｜]\s*")
_SPACES = re.compile(r"(?: {2,}|\u3000+)")


def _by_tab(line: str) -> list[str] | None:
    return [c.strip() for c in line.split("\t")] if "\t" in line.strip() else None


def _by_bar(line: str) -> list[str] | None:
    body = line.strip()
    if "|" not in body and "｜" not in body:
        return None
    return [c.strip() for c in _BARS.split(body.strip("|｜"))]


def _by_spaces(line: str) -> list[str] | None:
    body = line.strip()
    cells = [c for c in _SPACES.split(body) if c]
    return cells if len(cells) > 1 else None


_SPLITTERS: tuple[Callable[[str], list[str] | None], ...] = (_by_tab, _by_bar, _by_spaces)


def _is_data(cells: list[str]) -> bool:
    """Whether a first line is a row of data rather than column names: a header names no
    document (《…》) and holds no code (QR-05-01, NC-2024-01)."""
    return any("《" in c or codes(c) for c in cells)


def _table_at(lines: list[str], start: int) -> tuple[int, list[list[str]]]:
    """(end, rows) of the table starting at ``lines[start]``, or (start, []) when none does."""
    for split in _SPLITTERS:
        first = split(lines[start])
        if first is None or len(first) < MIN_CELLS:
            continue
        rows = [first]
        end = start + 1
        while end < len(lines):
            if _MARKDOWN_RULE.match(lines[end]):
                end += 1
                continue
            cells = split(lines[end])
            if cells is None or len(cells) != len(first):
                break
            rows.append(cells)
            end += 1
        if len(rows) >= MIN_ROWS:
            return end, rows
    return start, []


def render_plain_tables(text: str) -> str:
    """``text`` with each table typed into it rendered as row sentences; the rest unchanged."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        end, rows = _table_at(lines, i) if lines[i].strip() else (i, [])
        if rows:
            cells: list[list[str | None]] = [[clean_cell(c) for c in row] for row in rows]
            if _is_data(rows[0]):
                # A list of records and their keepers has no header: every line is a row.
                out.extend(render_row(row, None, len(row)) for row in cells)
            else:
                out.extend(render_table(cells, header_hint=True))
            i = end
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)
