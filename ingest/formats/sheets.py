"""Spreadsheets (XLSX) and CSV files as sheets of self-describing rows.

Each sheet becomes a ``#`` heading; its header row is found (below any title rows merged
across the columns, as ledgers (台账) have them) and each data row becomes one line
"Header: value; Header: value。". Rows are grouped under a ``##`` heading naming the sheet's
row numbers ("第3–12行" / "Rows 3–12"), so the chunker keeps a group together in one chunk and
a citation says where in the sheet to look.

Usage::

    text, title = SheetReader().read_xlsx(Path("ledger.xlsx"))
    text = SheetReader().read_csv(Path("ledger.csv"), read_text)
    table_heading("台账 > 2026年1-3月 > 第6–9行")   # "台账 > 2026年1-3月"
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.formats.tables import clean_cell, render_row, shape_table
from ingest.text import approx_tokens, detect_language

# Names a spreadsheet program gives a sheet nobody named; the title row says more.
_DEFAULT_SHEET_NAME = re.compile(r"^(?:sheet|工作表|tabelle|feuil|hoja)\s*\d*$", re.I)
ROWS_PER_GROUP = 10
# The heading of a group of rows, as ``flush`` writes it: the table is the heading above it.
ROW_GROUP_HEADING = re.compile(r"^(?:第\d+(?:–\d+)?行|Rows? \d+(?:–\d+)?)$")
# A group stays within the chunker's bound for e5-small (317 approximate tokens, the same
# count), so one group is one chunk; wide rows make smaller groups.
GROUP_TOKEN_BUDGET = 300


@dataclass
class Sheet:
    name: str
    rows: list[list[str | None]]  # cleaned cell strings; None where a merge covers the cell
    header_hint: bool | frozenset[int] = False  # True, or the indices of rows set in bold


class SheetReader:
    """Renders sheets; ``read_xlsx`` and ``read_csv`` only collect cells."""

    def __init__(self, rows_per_group: int = ROWS_PER_GROUP, token_budget: int = GROUP_TOKEN_BUDGET) -> None:
        if rows_per_group < 1:
            raise ValueError("rows_per_group must be at least 1")
        self.rows_per_group = rows_per_group
        self.token_budget = token_budget

    def read_xlsx(self, path: Path) -> tuple[str, str]:
        """Text of every visible sheet, and the workbook's title (its property, else the first
        sheet's title row)."""
        import openpyxl

        # data_only: a formula cell shows the value Excel last computed, as a reader sees it.
        workbook = openpyxl.load_workbook(str(path), data_only=True)
        try:
            sheets = [
                _xlsx_sheet(ws) for ws in workbook.worksheets if ws.sheet_state == "visible"
            ]
            title = (workbook.properties.title or "").strip()
        finally:
            workbook.close()
        if not title and sheets:
            title = next(iter(shape_table(sheets[0].rows).preamble), "")
        return self.render(sheets), title

    def read_csv(self, text: str, name: str) -> str:
        """Text of a CSV whose decoded content is ``text``; ``name`` (the file's stem) heads it."""
        sample = text[:8192]
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        rows: list[list[str | None]] = [
            [clean_cell(c) for c in row] for row in csv.reader(text.splitlines(), dialect)
        ]
        # A CSV has no formatting to mark its header, and nearly always has one.
        return self.render([Sheet(name, rows, header_hint=True)])

    def render(self, sheets: Sequence[Sheet]) -> str:
        parts: list[str] = []
        for sheet in sheets:
            rendered = self._sheet(sheet)
            if rendered:
                parts.append(rendered)
        return "\n\n".join(parts)

    def _sheet(self, sheet: Sheet) -> str:
        rows = sheet.rows
        if not any(any(r) for r in rows):
            return ""
        width = max(len(r) for r in rows)
        shape = shape_table(rows, sheet.header_hint)
        numbered = [(n + 1, row) for n, row in enumerate(rows) if n >= shape.body_start and any(row)]
        sample = " ".join(c for r in rows[:20] for c in r if c)
        zh = detect_language(sample) == "zh"
        name = sheet.name
        if _DEFAULT_SHEET_NAME.match(name.strip()) and shape.preamble:
            name = shape.preamble[0]  # "Sheet1" tells a reader nothing; the ledger's title does
        out = [f"# {name}", *shape.preamble]
        group: list[tuple[int, str]] = []

        def flush() -> None:
            if group:
                first, last = group[0][0], group[-1][0]
                span = str(first) if first == last else f"{first}–{last}"
                out.append(f"## 第{span}行" if zh else f"## {'Row' if first == last else 'Rows'} {span}")
                out.append("\n".join(line for _, line in group))
                group.clear()

        for number, row in numbered:
            line = render_row(row, shape.header, width)
            tokens = approx_tokens("\n".join(text for _, text in group) + line)
            if group and (len(group) >= self.rows_per_group or tokens > self.token_budget):
                flush()
            group.append((number, line))
        flush()
        return "\n\n".join(out)


def _xlsx_sheet(ws: Any) -> Sheet:
    """Cells of one worksheet as strings. A range merged across columns keeps its value in its
    first cell only; a range merged down repeats it in every row (each row reads on its own)."""
    grid: list[list[Any]] = [list(row) for row in ws.iter_rows()]
    values: list[list[str | None]] = [[_cell_text(cell) for cell in row] for row in grid]
    for merged in ws.merged_cells.ranges:
        top_value = _cell_text(ws.cell(merged.min_row, merged.min_col))
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if r - 1 < len(values) and c - 1 < len(values[r - 1]):
                    values[r - 1][c - 1] = top_value if c == merged.min_col else None
    bold = frozenset(n for n, row in enumerate(grid[:10]) if _all_bold(row))
    return Sheet(ws.title, values, header_hint=bold)


def _all_bold(row: Sequence[Any]) -> bool:
    filled = [cell for cell in row if cell.value not in (None, "")]
    return bool(filled) and all(cell.font is not None and cell.font.b for cell in filled)


def _cell_text(cell: Any) -> str:
    """The value as a reader of the sheet sees it: 1856 not 1856.0, 95% not 0.95, dates as
    2024-03-05, thousands separators where the number format asks for them."""
    value = cell.value
    fmt = str(getattr(cell, "number_format", "") or "")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        if "%" in fmt:
            return f"{value * 100:.10g}%"
        number = int(value) if float(value).is_integer() else value
        if "#,##" in fmt:
            return f"{number:,}"
        return f"{number:.10g}" if isinstance(number, float) else str(number)
    return clean_cell(str(value))


def table_heading(heading_path: str) -> str:
    """A chunk's heading path without its row-group heading: the chunks of one sheet share it."""
    parts = heading_path.split(" > ")
    if parts and ROW_GROUP_HEADING.match(parts[-1].strip()):
        parts = parts[:-1]
    return " > ".join(parts)
