"""Loaders turn one file into one LangChain ``Document`` whose text is Markdown-like.

Every loader keeps headings as ``#`` lines so the chunker sees the same structure whatever
the format. Metadata that the file does not state (title, language, doc_type, department)
is inferred by ``infer_metadata``. A file that cannot be read raises ``IngestError`` naming
the path and the reason; the sync reports it and goes on with the other files.

Usage::

    doc = load_file(Path("corpus/departments/zh/licensing.md"), root=Path("corpus"))
"""

from __future__ import annotations

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
    else whatever charset-normalizer finds most plausible."""
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
    suffixes = (".md", ".markdown")

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        text = read_text(path)
        try:
            post = frontmatter.loads(text)
        except Exception as e:  # a malformed YAML block: say which file and why
            raise IngestError(
                f"{path}: the YAML front matter cannot be parsed ({e}). Fix or remove it."
            ) from e
        return post.content, dict(post.metadata)


@LOADERS.register("text", help="Plain text, UTF-8 or GB18030/GBK (.txt)")
class TextLoader:
    suffixes = (".txt",)

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        return read_text(path), {}


@LOADERS.register("docx", help="Word documents; heading styles become headings (.docx)")
class DocxLoader:
    suffixes = (".docx",)

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(str(path))
        except (PackageNotFoundError, KeyError, ValueError, OSError) as e:
            raise IngestError(f"{path}: not a readable DOCX file ({e}). Re-save it from Word.") from e
        except Exception as e:  # zipfile.BadZipFile and lxml errors have no common base
            raise IngestError(f"{path}: not a readable DOCX file ({e}). Re-save it from Word.") from e
        lines: list[str] = []
        for paragraph in document.paragraphs:
            text = paragraph.text.strip()
            if not text:
                continue
            level = _heading_level(paragraph.style.name if paragraph.style is not None else "")
            lines.append(f"{'#' * level} {text}" if level else text)
        for table in document.tables:
            for row in table.rows:
                cells = [cell.text.strip() for cell in row.cells]
                lines.append(" | ".join(cells))
        title = (document.core_properties.title or "").strip()
        return "\n\n".join(lines), ({"title": title} if title else {})


def _heading_level(style_name: str) -> int:
    if style_name == "Title":
        return 1
    match = re.match(r"Heading (\d)", style_name)
    return min(int(match.group(1)) + 1, 6) if match else 0


@LOADERS.register("pdf", help="PDF text layer; scanned PDFs without text are reported (.pdf)")
class PdfLoader:
    suffixes = (".pdf",)

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(str(path))
            pages = [page.extract_text() or "" for page in reader.pages]
        except (PdfReadError, OSError, ValueError) as e:
            raise IngestError(f"{path}: not a readable PDF ({e}). Re-export it as PDF.") from e
        except Exception as e:  # pypdf raises assorted errors on damaged streams
            raise IngestError(f"{path}: not a readable PDF ({e}). Re-export it as PDF.") from e
        text = "\n\n".join(p.strip() for p in pages if p.strip())
        if not text:
            raise IngestError(
                f"{path}: the PDF has no text layer (a scan?). Run OCR on it or supply a text version."
            )
        title = ""
        if reader.metadata is not None and reader.metadata.title:
            title = str(reader.metadata.title).strip()
        return text, ({"title": title} if title else {})


@LOADERS.register("html", help="HTML pages; h1-h6 become headings (.html, .htm)")
class HtmlLoader:
    suffixes = (".html", ".htm")

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(read_text(path), "html.parser")
        for tag in soup(["script", "style", "nav", "footer"]):
            tag.decompose()
        lines: list[str] = []
        body = soup.body or soup
        for element in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "pre"]):
            text = " ".join(element.get_text(" ", strip=True).split())
            if not text:
                continue
            if element.name and element.name[0] == "h" and element.name[1:].isdigit():
                lines.append(f"{'#' * int(element.name[1:])} {text}")
            elif element.name == "li":
                lines.append(f"- {text}")
            else:
                lines.append(text)
        if not lines:
            raise IngestError(f"{path}: the HTML page has no readable text.")
        title = soup.title.get_text(strip=True) if soup.title else ""
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
    if not department and (doc_type in ("department", "") and _DUTY_WORDS.search(title)):
        department = department_from_title(title)
    if not doc_type:
        doc_type = next((t for pattern, t in _TYPE_BY_TITLE if re.search(pattern, title, re.I)), "")
        doc_type = doc_type or ("department" if department else "guidance")
    meta["doc_type"] = doc_type
    meta["department"] = department
    aliases = meta.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in re.split(r"[,;，；]", aliases) if a.strip()]
    meta["aliases"] = [str(a) for a in aliases]  # type: ignore[union-attr]
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
    except OSError as e:
        raise IngestError(f"{path}: cannot be read ({e.strerror or e}).") from e
    if not text.strip():
        raise IngestError(f"{path}: the file holds no text.")
    relative = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    source = (Path(root.name) / relative).as_posix() if root.name else relative.as_posix()
    meta = infer_metadata(text, stated, relative)
    meta["source"] = source
    meta["doc_id"] = source.rsplit(".", 1)[0]
    return Document(page_content=text, metadata=meta)


