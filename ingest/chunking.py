"""Heading-aware chunking for Chinese and English.

A chunk never crosses a heading: each section is packed sentence by sentence (。！？；and
.!?) into chunks that stay under ``max_tokens`` of the embedder's window, and each chunk
keeps its heading path ("行政审批科职责 > 办理时限"). Chunk IDs hash the source path, the
position and the content, so re-ingesting an unchanged file gives the same IDs (an upsert),
and an edited passage gets a new ID.

Usage::

    chunks = MarkdownChunker(max_tokens=320).split(document)
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from langchain_core.documents import Document

from ingest.text import approx_tokens, split_sentences

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# Chinese outline headings that plain-text documents use instead of Markdown:
# "一、基本职能", "（二）工作目标", "【职责】".
_OUTLINE_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)(.{0,30})$")
# "【职责】劳动保障监察大队是……": a bracketed label opening a paragraph names its section.
_BRACKET_LABEL = re.compile(r"^【([^】]{1,12})】\s*(.*)$")
METADATA_KEYS = ("doc_id", "source", "title", "doc_type", "department", "aliases", "language")


@dataclass(frozen=True)
class Chunk:
    """One retrieval unit. ``text`` is verbatim from the document (citations quote it)."""

    chunk_id: str
    doc_id: str
    position: int
    text: str
    heading_path: tuple[str, ...]
    metadata: dict[str, object] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        return " > ".join(self.heading_path)

    def embedding_text(self) -> str:
        """Title and heading path in front of the text: a short passage under "办理时限"
        means little without its heading."""
        context = " > ".join([str(self.metadata.get("title", "")), *self.heading_path[1:]])
        return f"{context}\n{self.text}" if context.strip() else self.text

    def store_metadata(self) -> dict[str, str | int]:
        """Scalar metadata only, as Chroma requires; aliases are joined with '|'."""
        meta: dict[str, str | int] = {
            key: ("|".join(map(str, value)) if isinstance(value, list) else str(value))
            for key, value in self.metadata.items()
            if key in METADATA_KEYS
        }
        meta.update(chunk_id=self.chunk_id, position=self.position, heading_path=self.heading)
        return meta


def chunk_id_for(source: str, position: int, text: str, metadata: dict[str, object]) -> str:
    content = hashlib.sha256(text.encode("utf-8")).hexdigest()
    meta = json.dumps({k: metadata.get(k) for k in sorted(METADATA_KEYS)}, ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(f"{source}\x00{position}\x00{content}\x00{meta}".encode()).hexdigest()
    return digest[:24]


@dataclass
class _Section:
    path: tuple[str, ...]
    lines: list[str]


class MarkdownChunker:
    """Splits Markdown-like text into heading-bounded, sentence-aligned chunks.

    Args:
        max_tokens: upper bound per chunk, in approximate subword tokens; keep it below the
            embedder's window (512 for e5-small) minus the heading prefix.
        min_tokens: a trailing piece shorter than this is merged into the previous chunk of the
            same section rather than left as a fragment.
    """

    def __init__(self, max_tokens: int = 320, min_tokens: int = 24) -> None:
        if max_tokens < 32:
            raise ValueError("max_tokens must be at least 32")
        self.max_tokens = max_tokens
        self.min_tokens = min_tokens

    def split(self, document: Document) -> list[Chunk]:
        meta = document.metadata
        title = str(meta.get("title", ""))
        chunks: list[Chunk] = []
        for section in self._sections(document.page_content, title):
            body = "\n".join(section.lines).strip()
            if not body:
                continue
            for text in self._pack(body):
                position = len(chunks)
                chunks.append(
                    Chunk(
                        chunk_id=chunk_id_for(str(meta.get("source", "")), position, text, meta),
                        doc_id=str(meta.get("doc_id", "")),
                        position=position,
                        text=text,
                        heading_path=section.path,
                        metadata=dict(meta),
                    )
                )
        return chunks

    def _sections(self, text: str, title: str) -> list[_Section]:
        stack: list[tuple[int, str]] = []
        sections = [_Section((title,), [])]
        for line in text.splitlines():
            stripped = line.strip()
            match = _HEADING.match(stripped)
            level, heading = (len(match.group(1)), match.group(2)) if match else (0, "")
            label = None if match else _BRACKET_LABEL.match(stripped)
            if label:
                level, heading = 2, label.group(1)
            elif not match and _OUTLINE_HEADING.match(stripped) and len(stripped) <= 32:
                level, heading = 2, stripped
            if level:
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, heading))
                names = [h for _, h in stack]
                path = tuple(names) if names and names[0] == title else (title, *names)
                sections.append(_Section(path, [label.group(2)] if label else []))
            else:
                sections[-1].lines.append(line)
        return sections

    def _pack(self, body: str) -> list[str]:
        """Greedy packing of whole sentences; the pieces, concatenated, give back ``body``."""
        pieces: list[str] = []
        for sentence in split_sentences(body):
            pieces.extend(self._hard_split(sentence))
        chunks: list[str] = []
        current = ""
        for piece in pieces:
            if current and approx_tokens(current + piece) > self.max_tokens:
                chunks.append(current)
                current = piece
            else:
                current += piece
        if current:
            if chunks and approx_tokens(current) < self.min_tokens and approx_tokens(
                chunks[-1] + current
            ) <= self.max_tokens * 1.2:
                chunks[-1] += current
            else:
                chunks.append(current)
        return [c.strip() for c in chunks if c.strip()]

    def _hard_split(self, sentence: str) -> list[str]:
        """A single sentence longer than the window is cut at line breaks, then by length."""
        if approx_tokens(sentence) <= self.max_tokens:
            return [sentence]
        parts: list[str] = []
        for line in sentence.splitlines(keepends=True):
            while approx_tokens(line) > self.max_tokens:
                cut = max(1, len(line) * self.max_tokens // (approx_tokens(line) + 1))
                parts.append(line[:cut])
                line = line[cut:]
            parts.append(line)
        return [p for p in parts if p]
