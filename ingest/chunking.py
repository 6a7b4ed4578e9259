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
from typing import NamedTuple

from langchain_core.documents import Document

from ingest.formats.outline import without_heading_mark
from ingest.formats.tables import is_row_line
from ingest.text import CJK, approx_tokens, split_sentences

# The heading text is trimmed of closing #s in Python: a lazy group followed by optional
# spaces and #s backtracks quadratically on a long line of spaces ("# a" + 50k spaces + "b").
_HEADING = re.compile(r"^(#{1,6})\s+(\S.*)$")
_CJK_CHAR = re.compile(f"[{CJK}]")
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
    "department_source", "doc_type_source", "mentions_departments", "defined_names",
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
    # surrogatepass: a name that is not UTF-8 reaches here as lone surrogates; hashing them must
    # not raise (ordinary text encodes exactly as with the default handler).
    content = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    meta = json.dumps({k: metadata.get(k) for k in sorted(METADATA_KEYS)}, ensure_ascii=False, sort_keys=True)
    key = f"{source}\x00{position}\x00{content}\x00{meta}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]


class _Measure(NamedTuple):
    """What ``approx_tokens`` counts in a string, kept so that the count of a concatenation
    follows from its parts in constant time: re-measuring a growing string made chunking
    quadratic (200,000 characters without punctuation took 19 s)."""

    cjk: int = 0
    words: int = 0
    opens_word: bool = False  # first character is part of a word (not space, not CJK)
    closes_word: bool = False  # last character is part of a word

    @classmethod
    def of(cls, text: str) -> _Measure:
        if not text:
            return cls()
        return cls(
            cjk=len(_CJK_CHAR.findall(text)),
            words=len(_CJK_CHAR.sub(" ", text).split()),
            opens_word=_in_word(text[0]),
            closes_word=_in_word(text[-1]),
        )

    def __add__(self, other: object) -> _Measure:
        if not isinstance(other, _Measure):
            return NotImplemented
        if self == _Measure():
            return other
        if other == _Measure():
            return self
        joined = 1 if self.closes_word and other.opens_word else 0  # "ab" + "cd" is one word
        return _Measure(
            self.cjk + other.cjk, self.words + other.words - joined, self.opens_word, other.closes_word
        )

    @property
    def tokens(self) -> int:
        """Equal to ``approx_tokens`` of the measured string."""
        return self.cjk + int(self.words * 1.3) + 1


def _in_word(char: str) -> bool:
    return not char.isspace() and not _CJK_CHAR.match(char)


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
        max_chars: upper bound per chunk in characters (default: 12 per token, well above
            any prose). The token estimate counts a run without spaces (base64, a hex dump) as
            one word, so only this bound keeps such a run from becoming one huge chunk.

    Splitting takes time linear in the text: each piece is measured once.
    """

    def __init__(self, max_tokens: int = 320, min_tokens: int = 24, max_chars: int | None = None) -> None:
        if max_tokens < 32:
            raise ValueError("max_tokens must be at least 32")
        self.max_tokens = max_tokens
        self.min_tokens = min_tokens
        self.max_chars = max_chars or max_tokens * 12
        if self.max_chars < max_tokens:
            raise ValueError("max_chars must be at least max_tokens")

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
                level, heading = len(match.group(1)), _heading_text(match.group(2))
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
        """Greedy packing of whole sentences; the pieces, concatenated, give back ``body``.
        A table row written "Header: cell; Header: cell。" is one piece: its cells' own full
        stops and the semicolons between cells must not let a chunk end inside the row, which
        would part a finding's ID from its status."""
        pieces: list[str] = []
        for unit in _sentences_and_rows(body):
            pieces.extend(self._hard_split(unit))
        groups: list[list[str]] = []
        current: list[str] = []
        size, chars = _Measure(), 0
        for piece in pieces:
            measure = _Measure.of(piece)
            grown = size + measure
            if current and (grown.tokens > self.max_tokens or chars + len(piece) > self.max_chars):
                groups.append(current)
                current, size, chars = [piece], measure, len(piece)
            else:
                current.append(piece)
                size, chars = grown, chars + len(piece)
        if current:
            groups.append(current)
        self._absorb_short_tail(groups)
        texts = ("".join(group).strip() for group in groups)
        return [text for text in texts if text]

    def _fits(self, text: str) -> bool:
        return len(text) <= self.max_chars and approx_tokens(text) <= self.max_tokens

    def _absorb_short_tail(self, groups: list[list[str]]) -> None:
        """A tail shorter than min_tokens joins the chunk before it when the result fits;
        otherwise it takes sentences from that chunk until it is no longer a fragment.
        max_tokens stays a hard bound: the embedder truncates beyond its window."""
        if len(groups) < 2 or approx_tokens("".join(groups[-1])) >= self.min_tokens:
            return
        previous, tail = groups[-2], groups[-1]
        if self._fits("".join(previous + tail)):
            groups[-2:] = [previous + tail]
            return
        while (
            len(previous) > 1
            and approx_tokens("".join(tail)) < self.min_tokens
            and self._fits("".join([previous[-1], *tail]))
        ):
            tail.insert(0, previous.pop())

    def _hard_split(self, sentence: str) -> list[str]:
        """A single sentence longer than the window is cut at line breaks, then by length.

        The rest of a long line is never copied or measured whole: each cut looks at most
        ``max_chars`` characters ahead, so a 5 MB line costs time in proportion to its length."""
        if self._fits(sentence):
            return [sentence]
        parts: list[str] = []
        for line in re.split(r"(?<=\n)", sentence):
            start = 0
            while len(line) - start > self.max_chars or not self._fits(line[start:]):
                cut = self._longest_fitting_prefix(line[start : start + self.max_chars])
                parts.append(line[start : start + cut])
                start += cut
            parts.append(line[start:])
        return [p for p in parts if p]

    def _longest_fitting_prefix(self, window: str) -> int:
        """Length of the longest prefix of ``window`` within max_tokens. A proportional cut
        overshoots when the line mixes dense Chinese and sparse English; the estimate grows
        with the prefix, so a search finds the exact cut: doubling from a small prefix, then
        halving, so that a cut costs about as much as the text it cuts off, not the window.
        Prefers to end at a space when one is near."""
        # Each character adds at most 1.3 to the estimate, so this many always fit.
        low, high = min(len(window), max(1, int((self.max_tokens - 1) / 1.3))), len(window)
        probe = self.max_tokens
        while probe < high:
            if approx_tokens(window[:probe]) > self.max_tokens:
                high = probe - 1
                break
            low, probe = probe, probe * 2
        while low < high:
            middle = (low + high + 1) // 2
            if approx_tokens(window[:middle]) <= self.max_tokens:
                low = middle
            else:
                high = middle - 1
        space = window.rfind(" ", 0, low)
        return space + 1 if space > low * 3 // 4 else low


def _sentences_and_rows(body: str) -> list[str]:
    """``split_sentences`` of ``body``, except that each table-row line stays whole."""
    units: list[str] = []
    prose: list[str] = []
    for line in body.splitlines(keepends=True):
        if is_row_line(line):
            if prose:
                units.extend(split_sentences("".join(prose)))
                prose.clear()
            units.append(line)
        else:
            prose.append(line)
    if prose:
        units.extend(split_sentences("".join(prose)))
    return units


def _heading_text(text: str) -> str:
    """A Markdown heading without its optional closing #s ("## Scope ##" -> "Scope"); a heading
    of only #s keeps its first one, as the former lazy pattern did."""
    return text.rstrip("#").rstrip() or text[0]


def _outline_kind(line: str) -> str:
    """"top" for "一、…", "sub" for "（一）…", "" for anything else (length limit included)."""
    match = _OUTLINE_HEADING.match(without_heading_mark(line))
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
