"""Format readers behind the loaders in ``ingest.loaders``: each turns one kind of file into
Markdown-like text (``#`` headings, one paragraph or one table row per line) that keeps the
document's structure, so ``MarkdownChunker`` can cut it along real sections.

Shared pieces: ``tables`` (rows rendered as "Header: value" sentences), ``outline`` (Chinese
and numbered headings written without styles), ``layout`` (lines with positions rejoined into
paragraphs and headings, for PDF text layers and OCR), ``zipguard`` (zip-bomb check for DOCX
and XLSX) and ``ocr`` (the optional offline OCR engine).
"""
