"""Plain-text extraction used by verify.py (and handy for reading the corpus back)."""
from __future__ import annotations

import datetime as dt
import html.parser
import re
import sys
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _display(cell) -> str:
    v = cell.value
    if v is None:
        return ""
    fmt = cell.number_format or "General"
    if isinstance(v, (dt.datetime, dt.date)):
        if "yyyy-mm-dd" in fmt:
            return v.strftime("%Y-%m-%d")
        return v.isoformat()
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "%" in fmt:
            m = re.search(r"0\.(0+)%", fmt)
            places = len(m.group(1)) if m else 0
            return f"{v * 100:.{places}f}%"
        if "#,##0" in fmt:
            return f"{v:,.0f}"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)
    return str(v)


def xlsx_text(path: Path) -> str:
    wb = load_workbook(str(path))
    parts = []
    for ws in wb.worksheets:
        parts.append(f"[{ws.title}]")
        for row in ws.iter_rows():
            cells = [_display(c) for c in row]
            if any(cells):
                parts.append("\t".join(cells))
    return "\n".join(parts)


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(data.strip())


def html_text(path: Path) -> str:
    p = _Text()
    p.feed(path.read_text(encoding="utf-8"))
    return "\n".join(p.parts)


def txt_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        raise ValueError(f"{path.name} decodes as UTF-8; it must be GBK/GB18030")
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def is_scanned(path: Path) -> bool:
    return path.suffix.lower() == ".pdf" and "扫描件" in path.name


def scanned_text() -> str:
    import make_docs  # the text drawn on the image is the truth for scanned facts
    return "\n".join(make_docs.scanned_text())


def extract(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return docx_text(path)
    if suffix == ".pdf":
        return scanned_text() if is_scanned(path) else pdf_text(path)
    if suffix == ".xlsx":
        return xlsx_text(path)
    if suffix in (".html", ".htm"):
        return html_text(path)
    if suffix == ".txt":
        return txt_text(path)
    raise ValueError(f"unknown format: {path}")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"===== {arg}")
        print(extract(Path(arg)))
