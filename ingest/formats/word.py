"""DOCX body in document order: headings, paragraphs and tables as they stand in the file.

python-docx lists paragraphs and tables separately; walking the body's children instead keeps
a table under the heading it sits under. Headings come from heading styles (also localised
names such as "标题 1" and a paragraph's outline level) and, for documents typed without
styles, from numbering ("一、", "（二）", "第三条") and short bold paragraphs
(``ingest.formats.outline``).

Usage::

    text, title = WordReader().read(Path("report.docx"))
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ingest.formats.outline import Block, reads_as_heading, render_blocks
from ingest.formats.tables import clean_cell, render_table

# "Heading 2", "heading 2", "标题 2", "见出し 2": a heading style of that level.
_HEADING_STYLE = re.compile(r"^(?:heading|标题|見出し)\s*(\d)$", re.I)
_TITLE_STYLES = ("title", "标题", "subtitle")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class WordReader:
    """Reads a .docx file into Markdown-like text and its core title."""

    def read(self, path: Path) -> tuple[str, str]:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
        blocks: list[Block] = []
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                blocks.extend(self._paragraph(item, first=not blocks))
            elif isinstance(item, Table):
                lines = render_table(self._rows(item), header_hint=self._marked_header(item))
                if lines:
                    blocks.append(Block("\n".join(lines), table=True))
        title = (document.core_properties.title or "").strip()
        return "\n\n".join(render_blocks(blocks)), title

    def _paragraph(self, paragraph: Any, first: bool) -> list[Block]:
        text = clean_cell(paragraph.text)
        if not text:
            return []
        level = _style_level(paragraph)
        bold = _all_bold(paragraph)
        if not level and first and reads_as_heading(text) and (bold or _centred(paragraph)):
            level = 1  # the centred or bold first line of an unstyled document is its title
        if not level and not bold:
            lead = _bold_lead(paragraph)
            if lead is not None:
                return [Block(lead[0], bold=True), Block(lead[1])]
        return [Block(text, level=level, bold=bold)]

    @staticmethod
    def _rows(table: Any) -> list[list[str | None]]:
        """Cell texts row by row. A cell merged across columns appears once in its row (python-
        docx repeats it for every grid column it spans); a cell merged down keeps its value in
        each row, so every row can be read on its own."""
        rows: list[list[str | None]] = []
        for row in table.rows:
            cells: list[str | None] = []
            previous = None
            for cell in row.cells:
                cells.append(None if cell._tc is previous else clean_cell(cell.text))
                previous = cell._tc
            rows.append(cells)
        return rows

    @staticmethod
    def _marked_header(table: Any) -> bool:
        """The first row is marked as a header: "repeat as header row" or all of its text bold."""
        if not table.rows:
            return False
        first = table.rows[0]
        tr_pr = first._tr.trPr
        if tr_pr is not None and tr_pr.find(f"{_W}tblHeader") is not None:
            return True
        paragraphs = [p for cell in first.cells for p in cell.paragraphs if p.text.strip()]
        return bool(paragraphs) and all(_all_bold(p) for p in paragraphs)


def _style_level(paragraph: Any) -> int:
    """Markdown level from the paragraph's style (Title is ``#``, Heading N is N+1) or from its
    outline level (w:outlineLvl, set directly or on its style; 0 is the top level)."""
    style = paragraph.style
    while style is not None:
        name = (style.name or "").strip()
        if name.lower() in _TITLE_STYLES:
            return 1
        match = _HEADING_STYLE.match(name)
        if match:
            return min(int(match.group(1)) + 1, 6)
        style = style.base_style
    for element in (paragraph._p.pPr, getattr(paragraph.style, "element", None)):
        outline = element.find(f".//{_W}outlineLvl") if element is not None else None
        if outline is not None:
            value = int(outline.get(f"{_W}val", "9"))
            if value < 9:  # 9 means "body text"
                return min(value + 2, 6)
    return 0


def _all_bold(paragraph: Any) -> bool:
    """Every run with text is bold, by the run or by the paragraph's style."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return all(r.bold or (r.bold is None and style_bold) for r in runs)


def _bold_lead(paragraph: Any) -> tuple[str, str] | None:
    """A run-in heading: "（一）加强组织领导。各科室要……" with the first sentence in bold is a
    heading followed by its text. Returns (heading without its closing mark, text), or None."""
    lead = ""
    for run in paragraph.runs:
        if not run.bold:
            break
        lead += run.text
    lead = clean_cell(lead)
    rest = clean_cell(paragraph.text)[len(lead) :].strip() if lead else ""
    if not lead or not rest or not re.search(r"[。：:.]$", lead):
        return None
    heading = lead[:-1].strip()
    return (heading, rest) if reads_as_heading(heading) else None


def _centred(paragraph: Any) -> bool:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return bool(paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER)
