"""A reader's view of the index pinned to one generation, and a stand-in for an unreachable store.

Chroma is one live collection that a sync writes to while readers query it; BM25 is published
per generation (``ingest/generation.py``). A reader that mixed the two could show a passage of
a half-finished sync, or a chunk that the sync deleted a moment ago. ``PinnedStore`` wraps the
Chroma store for one reader and keeps every answer inside the BM25 generation it loaded:

* dense hits whose chunk is not in that generation are dropped (new chunks of a running sync
  appear once the sync publishes and the reader reopens);
* passages are read from the generation's own text table (``LexicalIndex.stored``), not from
  Chroma: the same wording BM25 scored, and still available while the Chroma server is down;
* a dense hit with no text is never returned as a blank "ghost" hit.

``UnreachableStore`` stands in for Chroma when it cannot be opened at all, so BM25-only search
can still run; every other call raises the error that opening failed with.

Usage::

    store = PinnedStore(ChromaStore.open(data_dir, url, "hash", 256), LexicalIndex.load(folder))
    hits = store.query(vector, k=10)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ingest.errors import IndexUnavailableError
from ingest.lexical import LexicalIndex
from ingest.vectorstore import StoredChunk


class PinnedStore:
    """The store's read calls, limited to the chunks of one lexical generation.

    Args:
        store: a ``ChromaStore`` (or anything with its read methods).
        lexical: the loaded BM25 generation the reader uses.
    """

    def __init__(self, store: Any, lexical: LexicalIndex) -> None:
        self.inner = store
        self.lexical = lexical
        self._ids = frozenset(lexical.ids)

    def __getattr__(self, name: str) -> Any:
        # Writes and bookkeeping (count, built_with, iter_all, get_where) go to the store as they are.
        return getattr(self.inner, name)

    def _in_generation(self, chunk: StoredChunk) -> bool:
        return (not self._ids or chunk.chunk_id in self._ids) and bool(chunk.text.strip())

    def prepare_queries(self, vectors: Sequence[Sequence[float]]) -> None:
        """As ``ChromaStore.prepare_queries``."""
        self.inner.prepare_queries(vectors)

    def query(
        self, vector: Sequence[float], k: int, where: dict[str, Any] | None = None
    ) -> list[StoredChunk]:
        """As ``ChromaStore.query`` (cosine similarity), without chunks outside the generation.

        A sync adds chunks before it publishes, so up to a batch of new chunks can crowd the
        ``k`` nearest; asking for a few more keeps the answer full in the common case. When the
        generation keeps its texts, the store need not read them from Chroma."""
        wanted = k + min(k, 20)
        if self.lexical.has_texts and len(self.lexical):
            hits = self.inner.query(vector, wanted, where=where, with_texts=False)
        else:
            hits = self.inner.query(vector, wanted, where=where)
        texts = {c.chunk_id: c for c in self.lexical.stored(h.chunk_id for h in hits)}
        kept = []
        for hit in hits:
            own = texts.get(hit.chunk_id)
            chunk = StoredChunk(own.chunk_id, own.text, own.metadata, hit.score) if own else hit
            if self._in_generation(chunk):
                kept.append(chunk)
        return kept[:k]

    def get(self, ids: Sequence[str]) -> list[StoredChunk]:
        """The passages with these IDs from the generation's text table (no call to Chroma);
        Chroma is asked only for a generation written before texts were kept."""
        if not self.lexical.has_texts:
            return [c for c in self.inner.get(ids) if self._in_generation(c)]
        return self.lexical.stored(ids)


class UnreachableStore:
    """A store that could not be opened: every call raises the error opening raised, so the
    API answers 503 for what needs Chroma while BM25-only search still works."""

    def __init__(self, error: IndexUnavailableError) -> None:
        self.error = error

    def prepare_queries(self, vectors: Sequence[Sequence[float]]) -> None:
        """A hint, not a read: the query that follows raises the error."""

    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise IndexUnavailableError(str(self.error)) from self.error

        return fail
