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
# "一、基本职能" (top) and "（二）工作目标" (sub). The same markers also number list items
# ("一、负责……；"), which must stay text: a heading line is dropped from the chunks.
_OUTLINE_HEADING = re.compile(
    r"^(?:(?P<top>[一二三四五六七八九十]+、)|(?P<sub>[（(][一二三四五六七八九十]+[）)]))(?P<rest>.{0,30})$"
)
_ENDS_LIKE_SENTENCE = re.compile(r"[。；;！？!?，,、.]$")
# "【职责】劳动保障监察大队是……": a bracketed label opening a paragraph names its section.
_BRACKET_LABEL = re.compile(r"^【([^】]{1,12})】\s*(.*)$")
# Outline headings and labels nest below the Markdown heading they follow, in this order.
_OUTLINE_DEPTH = {"top": 1, "sub": 2, "label": 3}
# How the department and the type were found travel with each chunk, so that filters and the
# document listing can tell a declared department from a guessed one.
METADATA_KEYS = (
    "doc_id", "source", "title", "doc_type", "department", "aliases", "language",
    "department_source", "doc_type_source", "mentions_departments",
)


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
        # Only "\n" separates lines: str.splitlines() also breaks at form feeds (PDF page ends)
        # and other separators, and joining with "\n" would then alter the quoted text.
        lines = text.split("\n")
        kinds = [_outline_kind(line.strip()) for line in lines]
        stack: list[tuple[int, str]] = []
        markdown_level = 1  # depth of the innermost open Markdown heading (the title counts as 1)
        sections = [_Section((title,), [])]
        for n, line in enumerate(lines):
            stripped = line.strip()
            match = _HEADING.match(stripped)
            label = None if match else _BRACKET_LABEL.match(stripped)
            if match:
                level, heading = len(match.group(1)), match.group(2)
                markdown_level = level
            elif label:
                level, heading = markdown_level + _OUTLINE_DEPTH["label"], label.group(1)
            elif kinds[n] and _is_outline_heading(lines, kinds, n):
                level, heading = markdown_level + _OUTLINE_DEPTH[kinds[n]], stripped
            else:
                sections[-1].lines.append(line)
                continue
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading))
            names = [h for _, h in stack]
            path = tuple(names) if names and names[0] == title else (title, *names)
            sections.append(_Section(path, [label.group(2)] if label else []))
        return sections

    def _pack(self, body: str) -> list[str]:
        """Greedy packing of whole sentences; the pieces, concatenated, give back ``body``."""
        pieces: list[str] = []
        for sentence in split_sentences(body):
            pieces.extend(self._hard_split(sentence))
        groups: list[list[str]] = []
        current: list[str] = []
        for piece in pieces:
            if current and approx_tokens("".join(current) + piece) > self.max_tokens:
                groups.append(current)
                current = [piece]
            else:
                current.append(piece)
        if current:
            groups.append(current)
        self._absorb_short_tail(groups)
        texts = ("".join(group).strip() for group in groups)
        return [text for text in texts if text]

    def _absorb_short_tail(self, groups: list[list[str]]) -> None:
        """A tail shorter than min_tokens joins the chunk before it when the result fits;
        otherwise it takes sentences from that chunk until it is no longer a fragment.
        max_tokens stays a hard bound: the embedder truncates beyond its window."""
        if len(groups) < 2 or approx_tokens("".join(groups[-1])) >= self.min_tokens:
            return
        previous, tail = groups[-2], groups[-1]
        if approx_tokens("".join(previous + tail)) <= self.max_tokens:
            groups[-2:] = [previous + tail]
            return
        while (
            len(previous) > 1
            and approx_tokens("".join(tail)) < self.min_tokens
            and approx_tokens("".join([previous[-1], *tail])) <= self.max_tokens
        ):
            tail.insert(0, previous.pop())

    def _hard_split(self, sentence: str) -> list[str]:
        """A single sentence longer than the window is cut at line breaks, then by length."""
        if approx_tokens(sentence) <= self.max_tokens:
            return [sentence]
        parts: list[str] = []
        for line in re.split(r"(?<=\n)", sentence):
            while approx_tokens(line) > self.max_tokens:
                cut = self._longest_fitting_prefix(line)
                parts.append(line[:cut])
                line = line[cut:]
            parts.append(line)
        return [p for p in parts if p]

    def _longest_fitting_prefix(self, line: str) -> int:
        """Length of the longest prefix within max_tokens. A proportional cut overshoots when
        the line mixes dense Chinese and sparse English; the estimate grows with the prefix,
        so a binary search finds the exact cut. Prefers to end at a space when one is near."""
        low, high = 1, len(line)
        while low < high:
            middle = (low + high + 1) // 2
            if approx_tokens(line[:middle]) <= self.max_tokens:
                low = middle
            else:
                high = middle - 1
        space = line.rfind(" ", 0, low)
        return space + 1 if space > low * 3 // 4 else low


def _outline_kind(line: str) -> str:
    """"top" for "一、…", "sub" for "（一）…", "" for anything else (length limit included)."""
    match = _OUTLINE_HEADING.match(line)
    if not match or len(line) > 32:
        return ""
    return "top" if match.group("top") else "sub"


def _is_outline_heading(lines: list[str], kinds: list[str], n: int) -> bool:
    """An outline line is a heading unless it reads as a list item: it ends like a sentence, or
    its nearest non-blank neighbour is a line of the same kind (a run of numbered items)."""
    if _ENDS_LIKE_SENTENCE.search(lines[n].strip()):
        return False
    return kinds[n] not in (_neighbour_kind(lines, kinds, n, -1), _neighbour_kind(lines, kinds, n, +1))


def _neighbour_kind(lines: list[str], kinds: list[str], n: int, step: int) -> str:
    """Kind of the nearest non-blank line in direction ``step``; a neighbour that ends like a
    sentence is a list item already and says nothing about this line."""
    n += step
    while 0 <= n < len(lines):
        if lines[n].strip():
            return "" if _ENDS_LIKE_SENTENCE.search(lines[n].strip()) else kinds[n]
        n += step
    return ""
