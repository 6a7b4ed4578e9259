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
import re
from pathlib import Path
from typing import Protocol

import frontmatter
from langchain_core.documents import Document

from ingest.errors import IngestError
from ingest.registry import Registry
from ingest.text import detect_language

DOC_TYPES = ("guidance", "department", "system", "record")


class Loader(Protocol):
    """Reads one file. ``load`` returns the text (headings as ``#`` lines) and any metadata
    the file states itself; it raises ``IngestError`` when the file cannot be read."""

    suffixes: tuple[str, ...]

    def load(self, path: Path) -> tuple[str, dict[str, object]]: ...


LOADERS: Registry[Loader] = Registry("loader")


def read_text(path: Path) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else GB18030 (a superset of GBK/GB2312),
    else whatever charset-normalizer finds most plausible. Line ends become ``\n``: the chunker
    joins lines with ``\n``, and chunks must stay verbatim substrings of the document text."""
    return _normalize_newlines(_decode(path))


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


@LOADERS.register("markdown", help="Markdown with optional YAML front matter (.md, .markdown)")
class MarkdownLoader:
    suffixes: tuple[str, ...] = (".md", ".markdown")

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        text = read_text(path)
        try:
            post = frontmatter.loads(text)
        except Exception as e:  # a malformed YAML block: say which file and why
            raise IngestError(
                f"{path}: the YAML front matter cannot be parsed ({_one_line(e)}). Fix or remove it."
            ) from e
        return post.content, dict(post.metadata)


@LOADERS.register("text", help="Plain text, UTF-8 or GB18030/GBK (.txt)")
class TextLoader:
    suffixes: tuple[str, ...] = (".txt",)

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        return read_text(path), {}


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


@LOADERS.register(
    "docx",
    help="Word documents in body order; heading styles, numbered and bold headings, tables as rows (.docx)",
)
class DocxLoader:
    """Word documents. Paragraphs and tables keep their order; table rows become
    "Header: cell; …。" lines (``ingest.formats.word``).

    Args:
        max_unpacked_bytes, max_compression_ratio: the zip-bomb limits checked before parsing.
    """

    suffixes: tuple[str, ...] = (".docx",)

    def __init__(
        self, max_unpacked_bytes: int | None = None, max_compression_ratio: float | None = None
    ) -> None:
        self.max_unpacked_bytes, self.max_compression_ratio = _zip_limits(
            max_unpacked_bytes, max_compression_ratio
        )

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        from docx.opc.exceptions import PackageNotFoundError

        from ingest.formats.word import WordReader

        _zip_guard(path, self.max_unpacked_bytes, self.max_compression_ratio)
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
class XlsxLoader:
    """Excel workbooks (``ingest.formats.sheets``); hidden sheets are left out.

    Args:
        max_unpacked_bytes, max_compression_ratio: the zip-bomb limits checked before parsing.
    """

    suffixes: tuple[str, ...] = (".xlsx", ".xlsm")

    def __init__(
        self, max_unpacked_bytes: int | None = None, max_compression_ratio: float | None = None
    ) -> None:
        self.max_unpacked_bytes, self.max_compression_ratio = _zip_limits(
            max_unpacked_bytes, max_compression_ratio
        )

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        from ingest.formats.sheets import SheetReader

        _zip_guard(path, self.max_unpacked_bytes, self.max_compression_ratio)
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
        from bs4.element import PreformattedString, Tag

        soup = BeautifulSoup(read_text(path), "html.parser")
        title = soup.title.get_text(strip=True) if soup.title else ""
        for tag in soup(list(_HTML_SKIPPED)):
            tag.decompose()
        for br in soup("br"):
            br.replace_with("\n")  # "first<br>second" must not fuse two words
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

        for string in soup.find_all(string=True):
            if isinstance(string, PreformattedString):  # comments, doctype, CDATA
                continue
            owner = next((p for p in string.parents if p.name in _HTML_BLOCKS), None)
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


# --- metadata inference -------------------------------------------------------------------

_ZH_DEPARTMENT = re.compile(
    r"([\u4e00-\u9fff]{1,12}?(?:办公室|中心|大队|支队|科|室|办|股|处|所|部))"
)
_EN_DEPARTMENT = re.compile(
    r"\b((?:[A-Z][\w'&-]*\s+){0,5}?(?:Section|Office|Division|Unit|Centre|Center|Department|Brigade))\b"
)
# Words that end like a department name but name none ("各科室职责" is about every section).
_GENERIC_DEPARTMENTS = ("科室", "各科室", "处室", "各处室", "部门", "各部门", "职能部门", "内设机构")
_DUTY_WORDS = re.compile(r"职责|职能|岗位|工作要点|部门|responsibilit|mandate|duties|department", re.I)
_AGENCY_PREFIX = re.compile(r"^.*?(?:局|委员会|政府)\s*(?=[\u4e00-\u9fff])")
_TYPE_BY_FOLDER = {
    "guidance": "guidance", "guides": "guidance", "guide": "guidance",
    "department": "department", "departments": "department",
    "system": "system", "procedures": "system", "manual": "system",
    "record": "record", "records": "record",
}
_TYPE_BY_TITLE: tuple[tuple[str, str], ...] = (
    (r"程序|手册|制度|办法|规定|procedure|manual|policy", "system"),
    (r"报告|台账|记录|汇总|纪要|report|ledger|record|minutes", "record"),
    (r"指南|指引|实务|要点|方法|guidance|guide|how to|practice", "guidance"),
)


def _first_heading(text: str) -> str:
    """The first Markdown heading, else a short first line (plain text has no markup)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        match = re.match(r"#{1,6}\s+(.+)", line)
        if match:
            return match.group(1).strip()
    if lines and len(lines[0]) <= 60 and not re.search(r"[。.!?！？；;]$", lines[0]):
        return lines[0]
    return ""


def department_from_title(title: str) -> str:
    """The department a title names ("行政审批科职责" -> "行政审批科"), agency prefix removed."""
    stripped = _AGENCY_PREFIX.sub("", title.strip())
    if stripped.startswith(_GENERIC_DEPARTMENTS):
        return ""
    match = _ZH_DEPARTMENT.match(stripped)
    if match:
        return match.group(1)
    match = _EN_DEPARTMENT.search(title)
    if match:
        return re.sub(r"^(?:The|the)\s+", "", match.group(1)).strip()
    return ""


def infer_metadata(text: str, stated: dict[str, object], relative_path: Path) -> dict[str, object]:
    """Fill in title, language, doc_type and department where the file does not state them."""
    meta: dict[str, object] = {k: v for k, v in stated.items() if v not in (None, "")}
    title = str(meta.get("title") or _first_heading(text) or relative_path.stem)
    meta["title"] = title
    language = str(meta.get("language") or detect_language(text[:4000]))
    meta["language"] = "zh" if language.lower().startswith("zh") else "en" if language.lower().startswith(
        "en"
    ) else language.lower()
    doc_type = str(meta.get("doc_type") or "").lower()
    if doc_type not in DOC_TYPES:
        doc_type = next(
            (_TYPE_BY_FOLDER[p.lower()] for p in relative_path.parts[:-1] if p.lower() in _TYPE_BY_FOLDER), ""
        )
    department = str(meta.get("department") or "")
    # A file filed as a department document names its department in the title whatever the
    # wording ("Records Office Overview"); elsewhere only a title about duties is trusted.
    if not department and (doc_type == "department" or (not doc_type and _DUTY_WORDS.search(title))):
        department = department_from_title(title)
    if not doc_type:
        doc_type = next((t for pattern, t in _TYPE_BY_TITLE if re.search(pattern, title, re.I)), "")
        doc_type = doc_type or ("department" if department else "guidance")
    meta["doc_type"] = doc_type
    meta["department"] = department
    aliases = meta.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in re.split(r"[,;，；、]", aliases) if a.strip()]
    elif not isinstance(aliases, list | tuple | set):
        aliases = [aliases]  # a single YAML scalar ("aliases: 2019") is one alias
    meta["aliases"] = [str(a) for a in aliases if str(a).strip()]
    return meta


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


