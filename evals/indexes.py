"""Indexes the suites search, kept in a cache folder so that a second run embeds nothing.

Embedding is the slow part on a CPU (CMRC 2018 is ~1,700 chunks for e5-small), so each index
lives under ``<cache>/<embedder>/<name>/`` and is brought up to date with the ingester's own
incremental sync: unchanged files are skipped, edited ones re-embedded.

``QueryVectors`` wraps an embedder so that each evaluation query is embedded once, in
batches: quality figures do not depend on how a vector was computed, and thousands of single
calls would dominate the run. Latency is measured separately, without the cache.

``VectorCache`` keeps every passage and query vector on disk under ``<cache>/embeddings/``,
keyed by a hash of the text: suites and indexes that embed the same text share one model call
(the folder measure's index, rebuilt whenever ``ingest/`` changes, re-embeds nothing that
another index of the same files embedded before).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.retrieval.hybrid import HybridRetriever
from assistant.wiring import build_sentence_matcher
from ingest.embedders import AuditPrepEmbeddings, CachedQueryEmbeddings
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
        "sentence_matcher": build_sentence_matcher(settings),
    }


def embed_queries(embedder: AuditPrepEmbeddings, texts: list[str]) -> list[list[float]]:
    """Query vectors for many texts, batched where the embedder can (e5-small is several times
    faster per query in batches); the vectors equal those of ``embed_query``."""
    return embedder.embed_queries(texts)


class VectorCache:
    """Vectors of one embedder on disk, keyed by a hash of (role, text): ``vectors.f32`` (rows
    appended) and ``keys.txt`` (one key per row, written after its row, so a run killed between
    the two leaves a row without a key, which is ignored).

    Usage::

        cache = VectorCache.for_embedder(output / "cache" / "embeddings", embedder)
        found = cache.lookup("passage", texts)      # a vector or None per text
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.dimension = 0
        self._rows: dict[str, int] = {}
        self._vectors = np.zeros((0, 0), dtype=np.float32)
        meta = folder / "meta.json"
        if meta.exists():
            self.dimension = int(json.loads(meta.read_text(encoding="utf-8"))["dimension"])
            keys = (folder / "keys.txt").read_text(encoding="ascii").split()
            raw = np.fromfile(folder / "vectors.f32", dtype=np.float32)
            rows = min(len(keys), raw.size // self.dimension)
            self._vectors = raw[: rows * self.dimension].reshape(rows, self.dimension)
            self._rows = {key: row for row, key in enumerate(keys[:rows])}

    @classmethod
    def for_embedder(cls, root: Path, embedder: AuditPrepEmbeddings) -> VectorCache:
        """The cache of ``embedder``: its name, engine, precision and size (where it has them)
        name the folder, so vectors of another model or engine are never served."""
        model = embedder.inner if isinstance(embedder, CachedQueryEmbeddings) else embedder
        parts = [embedder.name, *(str(getattr(model, a, "")) for a in ("engine", "precision", "dim"))]
        digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:12]
        return cls(root / f"{slug(embedder.name)}-{digest}")

    def __len__(self) -> int:
        return len(self._rows)

    @staticmethod
    def key(role: str, text: str) -> str:
        return hashlib.sha256(f"{role}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def lookup(self, role: str, texts: Sequence[str]) -> list[list[float] | None]:
        rows = [self._rows.get(self.key(role, text)) for text in texts]
        return [None if row is None else self._vectors[row].tolist() for row in rows]

    def add(self, role: str, texts: Sequence[str], vectors: Sequence[Sequence[float]]) -> None:
        fresh = {self.key(role, t): v for t, v in zip(texts, vectors, strict=True)}
        fresh = {k: v for k, v in fresh.items() if k not in self._rows}
        if not fresh:
            return
        matrix = np.asarray(list(fresh.values()), dtype=np.float32)
        if self.dimension and matrix.shape[1] != self.dimension:
            return  # not this cache's model after all; never mix sizes
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self.dimension:
            self.dimension = matrix.shape[1]
            meta = json.dumps({"dimension": self.dimension})
            (self.folder / "meta.json").write_text(meta, encoding="utf-8")
            # Rows of an earlier, unfinished cache would not line up with new keys.
            (self.folder / "vectors.f32").unlink(missing_ok=True)
            (self.folder / "keys.txt").unlink(missing_ok=True)
        with open(self.folder / "vectors.f32", "ab") as handle:
            handle.truncate(len(self._rows) * self.dimension * 4)  # a row left by a killed run
            handle.write(matrix.tobytes())
        with open(self.folder / "keys.txt", "a", encoding="ascii") as handle:
            handle.write("".join(f"{k}\n" for k in fresh))
        start = len(self._rows)
        self._rows.update({k: start + n for n, k in enumerate(fresh)})
        self._vectors = np.concatenate([self._vectors.reshape(-1, self.dimension), matrix])

    def embed(self, role: str, texts: list[str], compute: Callable[[list[str]], list[list[float]]]
              ) -> list[list[float]]:
        """Vectors of ``texts``: the cached ones, the rest from ``compute`` (then cached)."""
        found = self.lookup(role, texts)
        missing = list(dict.fromkeys(t for t, v in zip(texts, found, strict=True) if v is None))
        if missing:
            computed = dict(zip(missing, compute(missing), strict=True))
            self.add(role, missing, list(computed.values()))
            found = [computed[t] if v is None else v for t, v in zip(texts, found, strict=True)]
        return [list(v or []) for v in found]


class QueryVectors(AuditPrepEmbeddings):
    """An embedder whose ``embed_query`` answers from vectors computed ahead by ``prefill``,
    and, with a ``VectorCache``, whose passage and query vectors outlive the run."""

    def __init__(self, inner: AuditPrepEmbeddings, store: VectorCache | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.max_tokens = inner.max_tokens
        # Off while latency is measured: then every query goes to the model, as in the product
        # for a question not asked before (the product's query cache is bypassed too).
        self.use_cache = True
        self.store = store
        self._model = inner.inner if isinstance(inner, CachedQueryEmbeddings) else inner
        self._vectors: dict[str, list[float]] = {}

    def prefill(self, texts: Iterable[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if not missing:
            return
        if self.store is None:
            computed = embed_queries(self.inner, missing)
        else:
            computed = self.store.embed("query", missing, partial(embed_queries, self.inner))
        self._vectors.update(zip(missing, computed, strict=True))

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        # A search embeds its question and translation together: both missing ones in one batch.
        if self.use_cache:
            self.prefill(texts)
        return [self.embed_query(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        if not self.use_cache:
            return self._model.embed_query(text)
        vector = self._vectors.get(text)
        if vector is None:
            vector = self._vectors[text] = self.inner.embed_query(text)
        return vector

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.store is None:
            return self.inner.embed_documents(texts)
        return self.store.embed("passage", texts, self.inner.embed_documents)

    @property
    def dimension(self) -> int:
        return self.inner.dimension


def prefill_searches(
    retriever: HybridRetriever, queries: Iterable[str | tuple[str, str | None]]
) -> None:
    """Embed, in batches and ahead, every text the hybrid searches for ``queries`` (a question,
    or a question and the language pool searched) will embed: the question and, across
    languages, its translated form. Only with the suites' own embedder; one call per question
    and per translation took a tenth of a cold evaluation."""
    embedder = retriever.embedder
    if not isinstance(embedder, QueryVectors):
        return
    pairs = [(q, None) if isinstance(q, str) else q for q in queries]
    embedder.prefill(text for query, language in pairs for text in retriever.query_texts(query, language))


def eval_embedder(inner: AuditPrepEmbeddings, cache: Path) -> QueryVectors:
    """The suites' embedder: prefilled queries, and vectors shared on disk under ``cache``."""
    return QueryVectors(inner, VectorCache.for_embedder(cache / "embeddings", inner))


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
