"""Indexes the suites search, kept in a cache folder so that a second run embeds nothing.

Embedding is the slow part on a CPU (CMRC 2018 is ~1,700 chunks for e5-small), so each index
lives under ``<cache>/<embedder>/<name>/`` and is brought up to date with the ingester's own
incremental sync: unchanged files are skipped, edited ones re-embedded.

``QueryVectors`` wraps an embedder so that each evaluation query is embedded once, in
batches: quality figures do not depend on how a vector was computed, and thousands of single
calls would dominate the run. Latency is measured separately, without the cache.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.retrieval.hybrid import HybridRetriever
from ingest.embedders import AuditPrepEmbeddings
from ingest.lexical import LexicalIndex
from ingest.loaders import load_file
from ingest.sync import Ingester, SyncReport, discover
from ingest.vectorstore import StoredChunk

log = logging.getLogger(__name__)
Say = Callable[[str], None]


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "default"


def retriever_options(settings: Settings) -> dict[str, Any]:
    """The fusion settings the product uses, so the suite measures what users get."""
    return {
        "candidates": settings.candidates,
        "dense_weight": settings.dense_weight,
        "lexical_weight": settings.lexical_weight,
        "fusion": settings.fusion,
        "reranker": settings.reranker,
    }


def embed_queries(embedder: AuditPrepEmbeddings, texts: list[str]) -> list[list[float]]:
    """Query vectors for many texts, batched where the embedder can (e5-small is several times
    faster per query in batches); the vectors equal those of ``embed_query``."""
    return embedder.embed_queries(texts)


class QueryVectors(AuditPrepEmbeddings):
    """An embedder whose ``embed_query`` answers from vectors computed ahead by ``prefill``."""

    def __init__(self, inner: AuditPrepEmbeddings) -> None:
        self.inner = inner
        self.name = inner.name
        self.max_tokens = inner.max_tokens
        # Off while latency is measured: then every query goes to the model, as in the product.
        self.use_cache = True
        self._vectors: dict[str, list[float]] = {}

    def prefill(self, texts: Iterable[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            self._vectors.update(zip(missing, embed_queries(self.inner, missing), strict=True))

    def embed_query(self, text: str) -> list[float]:
        if not self.use_cache:
            return self.inner.embed_query(text)
        vector = self._vectors.get(text)
        if vector is None:
            vector = self._vectors[text] = self.inner.embed_query(text)
        return vector

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    @property
    def dimension(self) -> int:
        return self.inner.dimension


def cached_index(
    roots: list[Path],
    data_dir: Path,
    embedder: AuditPrepEmbeddings,
    options: dict[str, Any],
    say: Say | None = None,
    label: str = "",
) -> tuple[HybridRetriever, SyncReport]:
    """Sync ``roots`` into ``data_dir`` (incremental) and open a retriever on it."""
    if say:
        say(f"Indexing {label or ', '.join(r.name for r in roots)} with {embedder.name} in {data_dir} ...")
    report = Ingester(data_dir, embedder).sync(roots)
    for path, reason in report.failed:
        log.warning("Not indexed: %s (%s)", path, reason)
    if say and report.chunks_written:
        say(f"  {report.summary()}")
    return HybridRetriever.open(data_dir, embedder, None, **options), report


def cache_dir_for(cache: Path, embedder: AuditPrepEmbeddings, name: str) -> Path:
    return cache / slug(embedder.name) / name


def ingest_fingerprint() -> str:
    """A short hash of the ingest package's code and data files.

    The ingester re-reads a file only when its bytes change, so an index cached before a loader
    learned DOCX tables would keep the old chunks. Indexes that measure loading itself (the
    folder measure) are cached under a name carrying this hash, and rebuilt when ``ingest/``
    changes.
    """
    import hashlib

    import ingest

    root = Path(ingest.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in {".py", ".yaml", ".yml", ".json"}):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


class MemoryStore:
    """Chunk texts and metadata by ID, standing in for Chroma where only BM25 is measured.

    The regression slice measures the lexical side only, which needs the chunks, not the
    vectors: embedding CMRC's 1,744 chunks would take minutes of a test run.
    """

    def __init__(self, chunks: list[StoredChunk]) -> None:
        self._chunks = {c.chunk_id: c for c in chunks}

    def get(self, ids: Sequence[str]) -> list[StoredChunk]:
        return [self._chunks[i] for i in ids if i in self._chunks]

    def count(self) -> int:
        return len(self._chunks)


def lexical_retriever(
    roots: list[Path], folder: Path, embedder: AuditPrepEmbeddings, options: dict[str, Any]
) -> HybridRetriever:
    """A retriever over ``roots`` that supports ``mode="bm25"`` only: the same loaders, chunker
    (sized for ``embedder``, as the ingester sizes it), tokenizer and BM25 index as the product,
    without embedding or Chroma."""
    chunker = Ingester(folder, embedder).chunker
    stored: list[StoredChunk] = []
    for root_path in roots:
        root, files = discover(root_path)
        for path in files:
            for chunk in chunker.split(load_file(path, root)):
                stored.append(StoredChunk(chunk.chunk_id, chunk.text, chunk.store_metadata()))
    lexical = LexicalIndex(folder)
    lexical.rebuild(stored)
    return HybridRetriever(store=MemoryStore(stored), lexical=lexical, embedder=None, mode="bm25", **options)
