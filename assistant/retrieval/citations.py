"""Citations: every suggestion and answer sentence points at a real chunk and quotes it verbatim.

``Citation.for_hit`` refuses a quote that is not a substring of the chunk's text, so a citation
can never be invented; ``check_citations`` re-verifies a set of citations against the index.

Usage::

    citation = Citation.for_hit(hit, "食品经营许可法定办理时限为20个工作日")
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from assistant.retrieval.hybrid import Hit, HybridRetriever


@dataclass(frozen=True)
class Citation:
    doc_id: str
    chunk_id: str
    title: str
    quote: str
    source: str = ""
    heading_path: str = ""

    @classmethod
    def for_hit(cls, hit: Hit, quote: str | None = None) -> Citation:
        """Cite ``hit``; ``quote`` (default: the chunk text, shortened) must occur in it verbatim.

        Raises:
            ValueError: the quote is not a verbatim substring of the chunk (a programming error).
        """
        text = hit.text
        quote = (quote if quote is not None else shorten(text)).strip()
        if not quote or quote not in text:
            raise ValueError(f"quote {quote[:40]!r} is not in chunk {hit.chunk_id}")
        return cls(hit.doc_id, hit.chunk_id, hit.title, quote, hit.source, hit.heading_path)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def unique_citations(citations: Iterable[Citation]) -> list[Citation]:
    """Citations in first-seen order, each (chunk, quote) pair once."""
    first: dict[tuple[str, str], Citation] = {}
    for citation in citations:
        first.setdefault((citation.chunk_id, citation.quote), citation)
    return list(first.values())


class CitationNumbers:
    """The one numbering of citations in a text: ``[1]``, ``[2]``, … in order of first use; the
    same chunk and quote keep their number wherever they are cited again.

    Usage::

        numbers = CitationNumbers()
        line = "…" + numbers.marks(question.citations)
        numbers.citations  # the list the marks point into, in number order
    """

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._numbers: dict[tuple[str, str], int] = {}

    def number(self, citation: Citation) -> int:
        key = (citation.chunk_id, citation.quote)
        if key not in self._numbers:
            self.citations.append(citation)
            self._numbers[key] = len(self.citations)
        return self._numbers[key]

    def marks(self, citations: Iterable[Citation]) -> str:
        """``[n]`` marks for ``citations``, each number once, in ascending order."""
        return "".join(f"[{n}]" for n in sorted({self.number(c) for c in citations}))


def shorten(text: str, limit: int = 160) -> str:
    """A verbatim prefix of ``text`` that ends at a sentence end when one falls within ``limit``."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "。！？；.!?;\n")
    return text[: cut + 1].strip() if cut >= 20 else text[:limit].strip()


def check_citations(citations: Iterable[Citation], retriever: HybridRetriever) -> list[str]:
    """Problems found (empty when every citation names a real chunk and quotes it verbatim)."""
    citations = list(citations)
    stored = {hit.chunk_id: hit for hit in retriever.get([c.chunk_id for c in citations])}
    problems = []
    for citation in citations:
        chunk = stored.get(citation.chunk_id)
        if chunk is None:
            problems.append(f"{citation.chunk_id}: no such chunk")
        elif citation.quote not in chunk.text:
            problems.append(f"{citation.chunk_id}: quote not in chunk: {citation.quote[:40]!r}")
        elif chunk.doc_id != citation.doc_id:
            problems.append(f"{citation.chunk_id}: belongs to {chunk.doc_id}, not {citation.doc_id}")
    return problems
