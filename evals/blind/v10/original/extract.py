"""Extract the text of every file in docs/ the plain way (used to check quotes).

python-docx (paragraphs and table cells), pdfplumber (page text), openpyxl
(cell values), GB18030/GBK decode, HTML tag strip. The scanned PDF has no text
layer: its text comes from build_docs.scan_text().
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent / "docs"
sys.path.insert(0, str(HERE))


def docx_text(p: Path) -> str:
    from docx import Document

    doc = Document(p)
    out = [para.text for para in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                out.append(cell.text)
    return "\n".join(out)


def pdf_text(p: Path) -> str:
    import pdfplumber

    with pdfplumber.open(p) as pdf:
        return "\n".join((page.extract_text() or "") for page in pdf.pages)


def xlsx_text(p: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(p, read_only=True, data_only=True)
    out = []
    for ws in wb.worksheets:
        out.append(ws.title)
        for row in ws.iter_rows(values_only=True):
            out.append("\t".join("" if v is None else str(v) for v in row))
    return "\n".join(out)


def txt_text(p: Path) -> str:
    return p.read_bytes().decode("gbk")


def html_text(p: Path) -> str:
    raw = p.read_text(encoding="utf-8")
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
    raw = re.sub(r"(?s)<[^>]+>", " ", raw)
    return html.unescape(raw)


def text_of(rel: str) -> str:
    p = DOCS / rel
    if "扫描件" in p.name:
        from build_docs import scan_text

        return scan_text()
    return {
        ".docx": docx_text,
        ".pdf": pdf_text,
        ".xlsx": xlsx_text,
        ".txt": txt_text,
        ".html": html_text,
    }[p.suffix](p)


if __name__ == "__main__":
    for rel in sys.argv[1:]:
        print(f"===== {rel}")
        print(text_of(rel))
