"""Loaders turn one file into one LangChain ``Document`` whose text is Markdown-like.

Every loader keeps headings as ``#`` lines so the chunker sees the same structure whatever
the format. Metadata that the file does not state (title, language, doc_type, department)
is inferred by ``infer_metadata``. A file that cannot be read raises ``IngestError`` naming
the path and the reason; the sync reports it and goes on with the other files.

Usage::

    doc = load_file(Path("corpus/departments/zh/licensing.md"), root=Path("corpus"))
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Protocol

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler
from langchain_core.documents import Document

from ingest.errors import IngestError
from ingest.formats.html_tables import html_table_lines
from ingest.formats.plain_tables import render_plain_tables
from ingest.metadata import infer_metadata
from ingest.registry import Registry
from ingest.sanitize import clean_text


class Loader(Protocol):
    """Reads one file. ``load`` returns the text (headings as ``#`` lines) and any metadata
    the file states itself; it raises ``IngestError`` when the file cannot be read."""

    suffixes: tuple[str, ...]

    def load(self, path: Path) -> tuple[str, dict[str, object]]: ...


LOADERS: Registry[Loader] = Registry("loader")


def read_text(path: Path) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else GB18030 (a superset of GBK/GB2312),
    else whatever charset-normalizer finds most plausible. Line ends become ``\n``: the chunker
    joins lines with ``\n``, and chunks must stay verbatim substrings of the document text.
    NUL and other control characters are dropped (a file with NUL bytes near its start is
    refused as binary; stray ones further on are noise, not text)."""
    return clean_text(_normalize_newlines(_decode(path)))


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _one_line(error: Exception) -> str:
    """Parser messages (YAML, zip, PDF) span several lines; an error report needs one."""
    return " ".join(str(error).split()) or type(error).__name__


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(f"{path}: looks like a binary file, not text. Convert it to text or remove it.")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise IngestError(f"{path}: cannot detect the text encoding. Save it as UTF-8 and ingest again.")
    return str(best)


class _RefusedFrontMatter(yaml.YAMLError):
    """Front matter we do not parse: it uses an alias, or it is far larger than metadata is."""


# Metadata is a few lines; a block this large is a mistake (or an attack on the parser).
MAX_FRONT_MATTER_CHARS = 100_000


class _NoAliasLoader(yaml.SafeLoader):
    """The safe loader, refusing aliases. An alias repeats a node without copying it, so nine
    lines of nested aliases (339 bytes) stand for billions of strings once anything turns the
    value into text. Front matter has no need for them."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _RefusedFrontMatter(
                f"it uses the YAML alias *{event.anchor} (line {event.start_mark.line + 1}); aliases can "
                "expand into gigabytes, so write the value out in full"
            )
        return super().compose_node(parent, index)


class _FrontMatterHandler(YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        if len(fm) > MAX_FRONT_MATTER_CHARS:
            raise _RefusedFrontMatter(
                f"it is {len(fm):,} characters long, more than the {MAX_FRONT_MATTER_CHARS:,} metadata "
                "needs; check that it is closed by a '---' line"
            )
        return yaml.load(fm, Loader=_NoAliasLoader)  # a SafeLoader: plain data only


_FRONT_MATTER = _FrontMatterHandler()


@LOADERS.register("markdown", help="Markdown with optional YAML front matter (.md, .markdown)")
class MarkdownLoader:
    suffixes: tuple[str, ...] = (".md", ".markdown")

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        text = read_text(path)
        # The library picks the front-matter format (YAML or JSON) itself; YAML goes through
        # our loader, which refuses aliases.
        handler = frontmatter.detect_format(text, frontmatter.handlers)
        if isinstance(handler, YAMLHandler):
            handler = _FRONT_MATTER
        try:
            post = frontmatter.loads(text, handler=handler)
        except _RefusedFrontMatter as e:
            raise IngestError(
                f"{path}: the YAML front matter is refused: {e}. Fix it and ingest again."
            ) from e
        except Exception as e:  # a malformed (or 10,000-deep) YAML block: say which file and why
            raise IngestError(
                f"{path}: the YAML front matter cannot be parsed ({_one_line(e)}). Fix or remove it."
            ) from e
        return post.content, dict(post.metadata)


@LOADERS.register("text", help="Plain text, UTF-8 or GB18030/GBK (.txt)")
class TextLoader:
    suffixes: tuple[str, ...] = (".txt",)

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        # A ledger kept as text has its columns in tabs, bars or aligned spaces: its rows are
        # rendered like any other table's, each cell named by its column.
        return render_plain_tables(read_text(path)), {}


def _zip_limits(max_unpacked_bytes: int | None, max_compression_ratio: float | None) -> tuple[int, float]:
    """The zip-bomb limits, ``None`` meaning the module's current constants (read when the loader
    is made, so a changed constant applies to loaders made after it)."""
    from ingest.formats import zipguard

    limits = {"max_unpacked_bytes": max_unpacked_bytes, "max_compression_ratio": max_compression_ratio}
    for name, value in limits.items():
        if value is not None and value <= 0:
            raise ValueError(f"{name} must be positive, not {value}")
    return (
        zipguard.MAX_UNPACKED_BYTES if max_unpacked_bytes is None else max_unpacked_bytes,
        zipguard.MAX_COMPRESSION_RATIO if max_compression_ratio is None else max_compression_ratio,
    )


def _zip_guard(path: Path, max_unpacked_bytes: int, max_compression_ratio: float) -> None:
    from ingest.formats.zipguard import check_zip

    check_zip(path, max_unpacked_bytes=max_unpacked_bytes, max_ratio=max_compression_ratio)


class _ZippedLoader:
    """Formats that are zip archives (DOCX, XLSX): the zip-bomb check runs before any parsing."""

    def __init__(
        self, max_unpacked_bytes: int | None = None, max_compression_ratio: float | None = None
    ) -> None:
        self.max_unpacked_bytes, self.max_compression_ratio = _zip_limits(
            max_unpacked_bytes, max_compression_ratio
        )

    def _check_zip(self, path: Path) -> None:
        _zip_guard(path, self.max_unpacked_bytes, self.max_compression_ratio)


@LOADERS.register(
    "docx",
    help="Word documents in body order; heading styles, numbered and bold headings, tables as rows (.docx)",
)
class DocxLoader(_ZippedLoader):
    """Word documents. Paragraphs and tables keep their order; table rows become
    "Header: cell; …。" lines (``ingest.formats.word``).

    Args:
        max_unpacked_bytes, max_compression_ratio: the zip-bomb limits checked before parsing.
    """

    suffixes: tuple[str, ...] = (".docx",)

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        from docx.opc.exceptions import PackageNotFoundError

        from ingest.formats.word import WordReader

        self._check_zip(path)
        try:
            text, title = WordReader().read(path)
        except (PackageNotFoundError, KeyError, ValueError, OSError) as e:
            raise IngestError(
                f"{path}: not a readable DOCX file ({_one_line(e)}). Re-save it from Word."
            ) from e
        except Exception as e:  # zipfile.BadZipFile and lxml errors have no common base
            raise IngestError(
                f"{path}: not a readable DOCX file ({_one_line(e)}). Re-save it from Word."
            ) from e
        return text, ({"title": title} if title else {})


@LOADERS.register(
    "pdf",
    help="PDF text layer: headings by type size or bookmarks, rejoined paragraphs, tables as rows; "
    "pages without text go through OCR with the ocr extra (.pdf)",
)
class PdfLoader:
    """PDFs (``ingest.formats.pdf``). Pages without a text layer are read by OCR when the
    ``ocr`` extra is installed; a PDF with no text at all and no OCR engine raises IngestError."""

    suffixes: tuple[str, ...] = (".pdf",)

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        from pdfminer.pdfparser import PDFSyntaxError

        from ingest.formats.pdf import PdfReader

        try:
            content = PdfReader().read(path)
        except IngestError:
            raise
        except (PDFSyntaxError, OSError, ValueError) as e:
            raise IngestError(f"{path}: not a readable PDF ({_one_line(e)}). Re-export it as PDF.") from e
        except Exception as e:  # pdfminer raises assorted errors on damaged streams
            raise IngestError(f"{path}: not a readable PDF ({_one_line(e)}). Re-export it as PDF.") from e
        return content.text, ({"title": content.title} if content.title else {})


@LOADERS.register(
    "xlsx", help="Excel workbooks: a heading per sheet, rows as 'Header: value' lines (.xlsx, .xlsm)"
)
class XlsxLoader(_ZippedLoader):
    """Excel workbooks (``ingest.formats.sheets``); hidden sheets are left out.

    Args:
        max_unpacked_bytes, max_compression_ratio: the zip-bomb limits checked before parsing.
    """

    suffixes: tuple[str, ...] = (".xlsx", ".xlsm")

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        from ingest.formats.sheets import SheetReader

        self._check_zip(path)
        try:
            text, title = SheetReader().read_xlsx(path)
        except Exception as e:  # zipfile, lxml and openpyxl errors share no base class
            raise IngestError(
                f"{path}: not a readable XLSX workbook ({_one_line(e)}). Re-save it from Excel as .xlsx."
            ) from e
        if not text.strip():
            raise IngestError(f"{path}: the workbook's visible sheets hold no cells with text.")
        return text, {"title": title or path.stem}


@LOADERS.register("csv", help="CSV tables, UTF-8 or GBK/GB18030, rows as 'Header: value' lines (.csv)")
class CsvLoader:
    """CSV files: one table under a heading named after the file (``ingest.formats.sheets``)."""

    suffixes: tuple[str, ...] = (".csv",)

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        from ingest.formats.sheets import SheetReader

        try:
            text = SheetReader().read_csv(read_text(path), path.stem)
        except csv.Error as e:
            raise IngestError(
                f"{path}: not a readable CSV file ({_one_line(e)}). Save it again as CSV."
            ) from e
        if not text.strip():
            raise IngestError(f"{path}: the CSV file holds no cells with text.")
        return text, {"title": path.stem}


@LOADERS.register(
    "image", help="Scanned pages as images, read by OCR with the ocr extra (.png, .jpg, .jpeg, .tif, .tiff)"
)
class ImageLoader:
    """Images of scanned pages; every frame of a multi-page TIFF is a page. Without the ``ocr``
    extra the file raises IngestError saying how to install it."""

    suffixes: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        from PIL import Image, ImageSequence, UnidentifiedImageError

        from ingest.formats import ocr
        from ingest.formats.layout import LayoutAssembler, TextLine

        try:
            with Image.open(path) as image:
                image.verify()  # a truncated or corrupt file fails here, before any OCR work
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
            raise IngestError(f"{path}: not a readable image ({_one_line(e)}). Re-save or re-scan it.") from e
        engine = ocr.get_ocr_engine()
        if engine is None:
            raise IngestError(f"{path}: {ocr.NEEDS_OCR}")
        lines: list[TextLine] = []
        try:
            with Image.open(path) as image:
                for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                    lines.extend(ocr.image_lines(engine, frame, number))
        except OSError as e:
            raise IngestError(f"{path}: not a readable image ({_one_line(e)}). Re-save or re-scan it.") from e
        text = "\n\n".join(LayoutAssembler().assemble(lines))
        if not text.strip():
            raise IngestError(
                f"{path}: OCR found no text in the image. Check the scan or supply a text version."
            )
        return text, {}


# Block elements: text directly inside one of these forms one line of the output. Text in inline
# elements (<b>, <a>, <span>) joins the line of its nearest block; nesting (<li><p>) never
# repeats text, and bare text in a <div> is kept.
_HTML_BLOCKS = frozenset(
    "h1 h2 h3 h4 h5 h6 p li td th pre div blockquote section article main header aside dd dt "
    "caption figcaption table tr ul ol dl form body html".split()
)
_HTML_SKIPPED = ("script", "style", "nav", "footer", "noscript", "template", "head", "title")


@LOADERS.register("html", help="HTML pages; h1-h6 become headings (.html, .htm)")
class HtmlLoader:
    suffixes: tuple[str, ...] = (".html", ".htm")

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        from bs4 import BeautifulSoup
        from bs4.element import NavigableString, PreformattedString, Tag

        soup = BeautifulSoup(read_text(path), "html.parser")
        title = soup.title.get_text(strip=True) if soup.title else ""
        for tag in soup(list(_HTML_SKIPPED)):
            tag.decompose()
        for br in soup("br"):
            br.replace_with("\n")  # "first<br>second" must not fuse two words
        # Tables become one sentence per row, each cell with its header, as in DOCX and PDF;
        # inner tables first, so an outer one reads their sentences as its cells' text.
        for table in reversed(soup.find_all("table")):
            rendered = soup.new_tag("div")
            for line in html_table_lines(table):
                paragraph = soup.new_tag("p")
                paragraph.string = line
                rendered.append(paragraph)
            table.replace_with(rendered)
        lines: list[str] = []
        block: Tag | None = None
        parts: list[str] = []

        def flush() -> None:
            text = " ".join("".join(parts).split())
            parts.clear()
            if not text:
                return
            name = block.name if block is not None else ""
            if len(name) == 2 and name[0] == "h" and name[1].isdigit():
                lines.append(f"{'#' * int(name[1])} {text}")
            elif name == "li":
                lines.append(f"- {text}")
            else:
                lines.append(text)

        # The nearest block around each inline tag, remembered: looking it up afresh for every
        # string made 20,000 nested <b> tags take 26 s (each string walked all its parents).
        owners: dict[int, Tag | None] = {}

        def owner_of(string: NavigableString) -> Tag | None:
            chain: list[Tag] = []
            parent, found = string.parent, None
            while parent is not None:
                if id(parent) in owners:
                    found = owners[id(parent)]
                    break
                if parent.name in _HTML_BLOCKS:
                    found = parent
                    break
                chain.append(parent)
                parent = parent.parent
            owners.update((id(tag), found) for tag in chain)
            return found

        for string in soup.find_all(string=True):
            if isinstance(string, PreformattedString):  # comments, doctype, CDATA
                continue
            owner = owner_of(string)
            if owner is not block:
                flush()
                block = owner
            parts.append(str(string))
        flush()
        if not lines:
            raise IngestError(f"{path}: the HTML page has no readable text.")
        return "\n\n".join(lines), ({"title": title} if title else {})


def loader_for(path: Path) -> Loader | None:
    suffix = path.suffix.lower()
    for name in LOADERS.names():
        loader = LOADERS.get(name)
        if suffix in loader.suffixes:
            return loader
    return None


def supported_suffixes() -> set[str]:
    return {s for name in LOADERS.names() for s in LOADERS.get(name).suffixes}


def load_file(path: Path, root: Path) -> Document:
    """Load ``path`` (a file under ``root``) into a Document with complete metadata.

    Raises:
        IngestError: the format is unsupported or the file cannot be read.
    """
    loader = loader_for(path)
    if loader is None:
        raise IngestError(
            f"{path}: unsupported file type {path.suffix or '(none)'}. "
            f"Supported: {', '.join(sorted(supported_suffixes()))}."
        )
    try:
        text, stated = loader.load(path)
    except IngestError:
        raise
    except OSError as e:
        raise IngestError(f"{path}: cannot be read ({e.strerror or e}).") from e
    except Exception as e:
        # Parsers of user files fail in ways we cannot list; one bad file must not stop a sync.
        raise IngestError(
            f"{path}: cannot be parsed ({type(e).__name__}: {_one_line(e)}). Re-save or convert the file."
        ) from e
    if not text.strip():
        raise IngestError(f"{path}: the file holds no text.")

    relative = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    source = (Path(root.name) / relative).as_posix() if root.name else relative.as_posix()
    meta = infer_metadata(text, stated, relative)
    meta["source"] = source
    meta["doc_id"] = source.rsplit(".", 1)[0]
    return Document(page_content=text, metadata=meta)


