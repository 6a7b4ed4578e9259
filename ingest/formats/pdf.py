"""PDF text layer with its structure: headings, paragraphs and tables in reading order.

pdfplumber (MIT, on pdfminer.six) gives every line with its font size and position, and finds
ruled tables; pypdfium2 (Apache-2.0/BSD-3) reads the bookmarks and renders pages without a text
layer for OCR. ``PdfReader.read`` returns the Markdown-like text and the PDF's stated title.

Usage::

    text, title = PdfReader().read(Path("report.pdf"))
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.errors import IngestError
from ingest.formats import ocr
from ingest.formats.layout import LayoutAssembler, TableBlock, TextLine
from ingest.formats.tables import clean_cell

log = logging.getLogger(__name__)
# 10.5pt (五号) Chinese type is about 22 px tall at 150 dpi, well within what the recogniser
# reads (it scales each line to 48 px); 200 dpi took 40% longer for the same text.
OCR_DPI = 150


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class PdfContent:
    text: str
    title: str
    ocr_pages: list[int] = field(default_factory=list)
    pages_without_text: list[int] = field(default_factory=list)


class PdfReader:
    """Reads a PDF into Markdown-like text; pages without a text layer go through OCR when the
    engine is installed."""

    def read(self, path: Path) -> PdfContent:
        import pdfplumber

        items: list[TextLine | TableBlock] = []
        scanned: list[int] = []
        with pdfplumber.open(str(path)) as pdf:
            title = str((pdf.metadata or {}).get("Title") or "").strip()
            bookmarks = self._bookmarks(path)
            for number, page in enumerate(pdf.pages, start=1):
                if page.chars:
                    items.extend(self._page_items(page, number, bookmarks.get(number - 1, [])))
                elif page.images or page.rects or page.curves or page.lines:
                    scanned.append(number)
        content = PdfContent("", title)
        if scanned:
            engine = ocr.get_ocr_engine()
            if engine is None:
                content.pages_without_text = scanned
                if not items:
                    raise IngestError(f"{path}: {ocr.NEEDS_OCR}")
                log.warning("%s: pages %s have no text layer and were skipped; %s", path,
                            ", ".join(map(str, scanned)), ocr.NEEDS_OCR)
            else:
                items = self._with_ocr(path, items, scanned, engine)
                content.ocr_pages = scanned
        content.text = "\n\n".join(LayoutAssembler().assemble(items))
        if not content.text.strip():
            reason = "OCR found no text on its pages" if content.ocr_pages else "it holds no text"
            raise IngestError(f"{path}: the PDF has no text layer and {reason}. Supply a text version.")
        return content

    @staticmethod
    def _bookmarks(path: Path) -> dict[int, list[tuple[str, int]]]:
        """Bookmark titles by page index, with a Markdown level (top bookmarks are ``#``)."""
        import pypdfium2 as pdfium

        marks: dict[int, list[tuple[str, int]]] = {}
        try:
            document = pdfium.PdfDocument(str(path))
        except Exception:  # pdfplumber read it; a bookmark-less reading is still worth having
            return marks
        try:
            for bookmark in document.get_toc():
                destination = bookmark.get_dest()
                page_index = destination.get_index() if destination is not None else None
                title = _normalise(bookmark.get_title() or "")
                if page_index is not None and title:
                    marks.setdefault(page_index, []).append((title, bookmark.level + 1))
        except Exception:
            log.debug("%s: bookmarks unreadable, ignored", path)
        finally:
            document.close()
        return marks

    @staticmethod
    def _page_items(page: Any, number: int, bookmarks: list[tuple[str, int]]) -> list[TextLine | TableBlock]:
        tables = [
            t for t in page.find_tables()
            if len(t.rows) >= 2 and max((len(r.cells) for r in t.rows), default=0) >= 2
        ]
        boxes = [t.bbox for t in tables]

        def outside_tables(obj: dict[str, Any]) -> bool:
            x = (obj["x0"] + obj["x1"]) / 2
            y = (obj["top"] + obj["bottom"]) / 2
            return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

        items: list[TextLine | TableBlock] = []
        text_page = page.filter(outside_tables) if boxes else page
        for raw in text_page.extract_text_lines(return_chars=True, strip=True):
            chars = [c for c in raw["chars"] if c["text"].strip()]
            if not raw["text"].strip() or not chars:
                continue
            sizes = sorted(c["size"] for c in chars)
            line = TextLine(
                text=" ".join(raw["text"].split()), page=number, top=raw["top"], bottom=raw["bottom"],
                x0=raw["x0"], x1=raw["x1"], size=sizes[len(sizes) // 2], page_height=page.height,
            )
            key = _normalise(line.text)
            line.heading_level = next((lvl for title, lvl in bookmarks if title == key), 0)
            items.append(line)
        for table in tables:
            # pdfplumber gives None for a cell covered by a merged neighbour, as tables.py expects.
            rows = [[None if c is None else clean_cell(c) for c in row] for row in table.extract()]
            items.append(TableBlock(rows, number, table.bbox[1]))
        items.sort(key=lambda i: i.top)
        return items

    @staticmethod
    def _with_ocr(
        path: Path, items: list[TextLine | TableBlock], pages: list[int], engine: ocr.OcrEngine
    ) -> list[TextLine | TableBlock]:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
        try:
            for number in pages:
                image = document[number - 1].render(scale=OCR_DPI / 72).to_pil()
                items.extend(ocr.image_lines(engine, image, number))
        finally:
            document.close()
        items.sort(key=lambda i: (i.page, i.top))
        return items
