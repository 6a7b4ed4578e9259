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
from typing import Any, Protocol

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler
from langchain_core.documents import Document

from ingest.errors import IngestError
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
        return read_text(path), {}


@LOADERS.register("docx", help="Word documents; heading styles become headings (.docx)")
class DocxLoader:
    suffixes: tuple[str, ...] = (".docx",)

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(str(path))
        except (PackageNotFoundError, KeyError, ValueError, OSError) as e:
            raise IngestError(
                f"{path}: not a readable DOCX file ({_one_line(e)}). Re-save it from Word."
            ) from e
        except Exception as e:  # zipfile.BadZipFile and lxml errors have no common base
            raise IngestError(
                f"{path}: not a readable DOCX file ({_one_line(e)}). Re-save it from Word."
            ) from e
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
    suffixes: tuple[str, ...] = (".pdf",)

    def load(self, path: Path) -> tuple[str, dict[str, object]]:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(str(path))
            pages = [_normalize_newlines(page.extract_text() or "") for page in reader.pages]
            # Damaged metadata raises like a damaged page does, so read it inside the guard.
            info = reader.metadata
            title = str(info.title).strip() if info is not None and info.title else ""
        except (PdfReadError, OSError, ValueError) as e:
            raise IngestError(f"{path}: not a readable PDF ({_one_line(e)}). Re-export it as PDF.") from e
        except Exception as e:  # pypdf raises assorted errors on damaged streams
            raise IngestError(f"{path}: not a readable PDF ({_one_line(e)}). Re-export it as PDF.") from e
        text = "\n\n".join(p.strip() for p in pages if p.strip())
        if not text:
            raise IngestError(
                f"{path}: the PDF has no text layer (a scan?). Run OCR on it or supply a text version."
            )
        return text, ({"title": title} if title else {})


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


