"""HTML tables as sentences, like every other table reader (``ingest/formats/tables.py``).

Without this a page's table reached the index as one cell per line ("项目 / 2025年 / 登记农民专业
合作社 / 412家"), so a passage held "412家" far from what it counts. Rows become
"项目: 登记农民专业合作社; 2025年: 412家。"; a header row is one in ``<thead>`` or made of ``<th>``
cells; a cell spanning columns appears once, followed by ``None`` for the columns it covers.

Usage::

    lines = html_table_lines(soup.find("table"))
"""

from __future__ import annotations

from typing import Any

from ingest.formats.tables import Row, clean_cell, render_table

# A page may claim any span; one cell must not make a row of thousands of empty columns.
MAX_COLSPAN = 50


def _own_rows(table: Any) -> list[Any]:
    """The table's rows, not those of a table nested in one of its cells."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _span(cell: Any) -> int:
    try:
        return max(1, min(int(str(cell.get("colspan", "1")).strip() or 1), MAX_COLSPAN))
    except ValueError:
        return 1


def html_table_lines(table: Any) -> list[str]:
    """One line per data row of a BeautifulSoup ``<table>``, cells prefixed by their header."""
    rows: list[Row] = []
    headers: set[int] = set()
    for tr in _own_rows(table):
        cells = tr.find_all(["td", "th"], recursive=False)
        if not cells:
            continue
        row: list[str | None] = []
        for cell in cells:
            row.append(clean_cell(cell.get_text("\n")))
            row.extend([None] * (_span(cell) - 1))
        if tr.find_parent("thead") is not None or all(c.name == "th" for c in cells):
            headers.add(len(rows))
        rows.append(row)
    if not rows:
        return []
    return render_table(rows, header_hint=headers or False)
