"""The Chroma collection that holds chunks, their vectors and their metadata.

Embedded ``PersistentClient`` under the data folder by default, or a ``chroma run`` server
when a URL is given. We always pass our own vectors: Chroma's default embedding function
downloads a model, which fails offline, so the collection is created without one.
Telemetry is off. Distances are cosine distances (0 = same direction); ``query`` returns
similarities (1 - distance).

The embedded store also keeps an exact copy of the vectors beside Chroma
(``ingest/dense_matrix.py``): every write here updates it, and ``query`` searches it with numpy
whenever it is in step with Chroma (faster than Chroma's index at 100k chunks, and exact), and
asks Chroma otherwise. A server URL always asks Chroma.

Usage::

    store = ChromaStore.open(data_dir, url=None, embedder_name="e5-small", dimension=384)
    store.upsert(chunks, vectors)
    hits = store.query(vector, k=10, where={"department": "行政审批科"})
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
from cachetools import LRUCache

from ingest.chunking import Chunk
from ingest.dense_matrix import DenseMatrix, MatrixWrite, Page, where_clauses
from ingest.errors import AuditPrepError, IndexUnavailableError

log = logging.getLogger(__name__)
PAGE = 2000  # Chroma caps batch sizes; page both writes and full reads.
# A read that fails is tried again after each of these pauses: a query that meets a sync's
# delete ("Error finding id") or a server connection dropped by a restart usually succeeds the
# second time, and on a loaded machine the third. A store that is really down fails within two
# seconds, so callers still fail fast.
READ_RETRY_PAUSES = (0.2, 0.5, 1.0)
# Chunks read from the embedded store are kept (most recently used first) while the dense copy's
# stamp stands: every search reads the texts of its hits, and that read from Chroma cost as much
# as the search itself (about a seventh of a cold `auditprep eval`). Chunk IDs hash the text and
# its metadata, so a kept chunk is what its ID names; a write through this class raises the stamp
# and empties the cache, and the heading path (outside the hash) is never older than that write.
CACHED_CHUNKS = 20_000


@dataclass(frozen=True)
class StoredChunk:
    chunk_id: str
    text: str
    metadata: dict[str, Any]
    score: float = 0.0


@contextmanager
def _guard(action: str, where: str, url: str | None = None) -> Iterator[None]:
    """Chroma fails with its own errors, httpx errors or sqlite errors; report them as one
    error type that names the store and the next step (the cause stays chained). A server that
    stops answering is an outage, not damage: its message does not suggest deleting anything."""
    try:
        yield
    except AuditPrepError:
        raise
    except Exception as e:
        cause = f"{type(e).__name__}: {' '.join(str(e).split())}"
        if url:
            raise IndexUnavailableError(
                f"The Chroma server at {url} failed to {action} ({cause}). Check that `chroma run` is "
                "running there (AUDITPREP_CHROMA_URL); the index resumes when the server answers again."
            ) from e
        raise IndexUnavailableError(
            f"Chroma failed to {action} at {where} ({cause}). "
            "Check that the server runs (AUDITPREP_CHROMA_URL) or the data folder is writable; "
            "if the index is damaged, delete the data folder and run `auditprep ingest` again."
        ) from e


def _client(data_dir: Path, url: str | None) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if url:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        try:
            client = chromadb.HttpClient(
                host=parsed.hostname or "localhost",
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=settings,
            )
            client.heartbeat()
        except Exception as e:
            raise IndexUnavailableError(
                f"Chroma server at {url} does not answer ({e}). Start it with `chroma run --path DIR` "
                "or unset AUDITPREP_CHROMA_URL to use the embedded store."
            ) from e
        return client
    path = data_dir / "chroma"
    with _guard("open the embedded store", str(path)):
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)


def collection_name(data_dir: Path, url: str | None) -> str:
    """One collection per data folder, also on a shared server, so that two values of
    AUDITPREP_DATA_DIR never share state."""
    if not url:
        return "auditprep"
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:12]
    return f"auditprep-{digest}"


class ChromaStore:
    """One Chroma collection; every call that reaches Chroma raises ``IndexUnavailableError``
    on failure."""

    def __init__(
        self,
        client: Any,
        name: str,
        embedder_name: str,
        dimension: int,
        reconnect: Callable[[], Any] | None = None,
        url: str | None = None,
        dense_folder: Path | None = None,
    ) -> None:
        self._client = client
        self.name = name
        self.embedder_name = embedder_name
        self.dimension = dimension
        # Builds a new client (a server URL only): after the server restarts, the old client's
        # pooled connections are dead and its collection handle may be stale.
        self._reconnect = reconnect
        self.url = url
        with self._guard("open the collection"):
            self._collection = self._get_or_create()
        # The exact copy of the vectors (embedded store only); ``exact_search`` False makes
        # ``query`` ask Chroma even when the copy could answer (the perf suite compares both).
        self.dense = (
            DenseMatrix(dense_folder, embedder_name, dimension, self._vector_pages) if dense_folder else None
        )
        self.exact_search = True
        self._chunks: LRUCache[str, StoredChunk] = LRUCache(maxsize=CACHED_CHUNKS)
        self._chunks_stamp: int | None = None
        self._chunks_lock = threading.Lock()

    def _guard(self, action: str) -> Any:
        return _guard(action, f"collection {self.name!r}", self.url)

    @classmethod
    def open(cls, data_dir: Path, url: str | None, embedder_name: str, dimension: int) -> ChromaStore:
        reconnect = (lambda: _client(data_dir, url)) if url else None
        name = collection_name(data_dir, url)
        dense = None if url else data_dir / "dense"
        return cls(_client(data_dir, url), name, embedder_name, dimension, reconnect, url, dense)

    def _read(self, action: str, call: Callable[[Any], Any]) -> Any:
        """``call(collection)``, tried again after a failure (see ``READ_RETRY_PAUSES``); the
        last failure raises ``IndexUnavailableError``. Only for reads: a write is not repeated
        behind the sync's back."""
        *pauses, last_pause = READ_RETRY_PAUSES
        for pause in [0.0, *pauses]:
            time.sleep(pause)
            try:
                return self._call(call, reconnect=pause > 0)
            except Exception as e:
                log.info("Chroma failed to %s (%s: %s); trying again.", action, type(e).__name__, e)
        time.sleep(last_pause)
        with self._guard(action):
            return self._call(call, reconnect=True)

    def _call(self, call: Callable[[Any], Any], reconnect: bool) -> Any:
        """``call(collection)``, on a fresh connection first when asked (server mode only)."""
        if reconnect and self._reconnect is not None:
            self._client = self._reconnect()
            self._collection = self._get_or_create()
        return call(self._collection)

    def _get_or_create(self) -> Any:
        return self._client.get_or_create_collection(
            self.name,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "embedder": self.embedder_name, "dimension": self.dimension},
        )

    @property
    def built_with(self) -> tuple[str, int] | None:
        """(embedder, dimension) the stored vectors came from, or None for an empty store."""
        if self.count() == 0:
            return None
        return self.configured_for

    @property
    def configured_for(self) -> tuple[str, int]:
        """(embedder, dimension) the collection was created for, even when it is empty now:
        Chroma keeps the vector size of the first insert after every chunk is deleted."""
        meta = self._collection.metadata or {}
        return str(meta.get("embedder", "")), int(meta.get("dimension", 0))

    @contextmanager
    def _writing(self) -> Iterator[MatrixWrite]:
        """Around every write: the dense copy is marked dirty before Chroma changes and brought
        in step after (``DenseMatrix.writing``); without a copy, the record is dropped."""
        if self.dense is None:
            yield MatrixWrite()
            return
        with self.dense.writing(empty_before=self.count() == 0) as change:
            yield change

    def reset(self) -> None:
        """Drop every chunk (used when the embedding model changes)."""
        with self._guard("reset the collection"), self._writing() as change:
            self._client.delete_collection(self.name)
            self._collection = self._get_or_create()
            change.reset = True

    def count(self) -> int:
        return int(self._read("count chunks", lambda c: c.count()))

    def upsert(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        with self._guard("write chunks"), self._writing() as change:
            for start in range(0, len(chunks), PAGE):
                part = chunks[start : start + PAGE]
                ids = [c.chunk_id for c in part]
                metadatas = [c.store_metadata() for c in part]
                part_vectors = [list(v) for v in vectors[start : start + PAGE]]
                self._collection.upsert(
                    ids=ids, embeddings=part_vectors, documents=[c.text for c in part], metadatas=metadatas
                )
                change.upsert(ids, part_vectors, metadatas)

    def ids_for_source(self, source: str) -> set[str]:
        with self._guard("read chunk ids"):
            got = self._collection.get(where={"source": source}, include=[])
        return set(got["ids"])

    def ids_by_source(self, sources: set[str]) -> dict[str, set[str]]:
        """Chunk IDs per source, for many sources in one read."""
        found: dict[str, set[str]] = {}
        ordered = sorted(sources)
        with self._guard("read chunk ids"):
            for start in range(0, len(ordered), PAGE):
                where = {"source": {"$in": ordered[start : start + PAGE]}}
                got = self._collection.get(where=where, include=["metadatas"])
                for chunk_id, meta in zip(got["ids"], got["metadatas"], strict=True):
                    found.setdefault(str((meta or {}).get("source", "")), set()).add(chunk_id)
        return found

    def all_ids(self) -> set[str]:
        """Every chunk ID in the collection (IDs only: cheap even for a large index)."""
        found: set[str] = set()
        offset = 0
        with self._guard("read chunk ids"):
            while True:
                got = self._collection.get(include=[], limit=PAGE, offset=offset)
                if not got["ids"]:
                    return found
                found.update(got["ids"])
                offset += len(got["ids"])

    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        with self._guard("read chunk ids"):
            for start in range(0, len(ids), PAGE):
                found.update(self._collection.get(ids=list(ids[start : start + PAGE]), include=[])["ids"])
        return found

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        with self._guard("delete chunks"), self._writing() as change:
            for start in range(0, len(ids), PAGE):
                self._collection.delete(ids=list(ids[start : start + PAGE]))
                change.delete(ids[start : start + PAGE])

    def get(self, ids: Sequence[str]) -> list[StoredChunk]:
        """The chunks with these IDs that exist, in the order asked (kept chunks first looked up
        in the cache, see ``CACHED_CHUNKS``)."""
        if not ids:
            return []
        return self._get(ids, self._cache_stamp())

    def _get(self, ids: Sequence[str], stamp: int | None) -> list[StoredChunk]:
        """``get`` with the dense copy's clean stamp already known (None: keep nothing)."""
        by_id: dict[str, StoredChunk] = {}
        if stamp is not None:
            with self._chunks_lock:
                if stamp != self._chunks_stamp:
                    self._chunks.clear()
                    self._chunks_stamp = stamp
                by_id = {i: kept for i in ids if (kept := self._chunks.get(i)) is not None}
        missing = [i for i in dict.fromkeys(ids) if i not in by_id]
        if missing:
            got = self._read("read chunks", lambda c: c.get(ids=missing, include=["documents", "metadatas"]))
            fetched = {
                i: StoredChunk(i, d or "", dict(m or {}))
                for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
            }
            if stamp is not None:
                with self._chunks_lock:
                    if stamp == self._chunks_stamp:
                        self._chunks.update(fetched)
            by_id.update(fetched)
        # Copies: a caller may change a hit's metadata; the kept chunk must not change with it.
        return [StoredChunk(i, by_id[i].text, dict(by_id[i].metadata)) for i in ids if i in by_id]

    def forget_chunks(self) -> None:
        """Empty the chunk cache (the perf suite times a search of chunks never read before)."""
        with self._chunks_lock:
            self._chunks.clear()

    def _cache_stamp(self) -> int | None:
        """The dense copy's stamp while the copy is clean, else None (nothing is cached then:
        a write is under way, or there is no copy, as with a server)."""
        if self.dense is None:
            return None
        state = self.dense.read_state()
        return state.stamp if state is not None and state.clean else None

    def get_where(self, where: dict[str, Any]) -> list[StoredChunk]:
        """Every chunk whose metadata matches ``where`` (Chroma filter syntax)."""
        got = self._read("read chunks", lambda c: c.get(where=where, include=["documents", "metadatas"]))
        return [
            StoredChunk(i, d or "", dict(m or {}))
            for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]

    def iter_all(self) -> Iterator[StoredChunk]:
        for got in self._pages("read chunks", ["documents", "metadatas"]):
            for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                yield StoredChunk(i, d or "", dict(m or {}))

    def _vector_pages(self) -> Iterator[Page]:
        """The whole collection, page by page, with vectors (a rebuild of the dense copy)."""
        for got in self._pages("read vectors", ["embeddings", "metadatas"]):
            vectors = np.asarray(got["embeddings"], dtype=np.float32).reshape(len(got["ids"]), self.dimension)
            yield list(got["ids"]), vectors, [m or {} for m in got["metadatas"]]

    def _pages(self, action: str, include: list[str]) -> Iterator[Any]:
        """The whole collection, ``PAGE`` chunks at a time, each page a Chroma ``get`` result."""
        offset = 0
        while True:
            got = self._read(action, functools.partial(_page, include=include, offset=offset))
            if not got["ids"]:
                return
            yield got
            offset += len(got["ids"])

    def prepare_queries(self, vectors: Sequence[Sequence[float]]) -> None:
        """Say which query vectors the next ``query`` calls will use, so the exact path scores
        them in one pass (``DenseMatrix.prepare``); a hint only, nothing changes in the results."""
        if self.dense is not None and self.exact_search:
            self.dense.prepare(vectors)

    def query(
        self, vector: Sequence[float], k: int, where: dict[str, Any] | None = None, with_texts: bool = True
    ) -> list[StoredChunk]:
        """The ``k`` nearest chunks; ``score`` is cosine similarity (higher is closer).

        Exact search over the dense copy when it is in step with Chroma and keeps the fields
        ``where`` names; Chroma's own search otherwise (and the copy is rebuilt if it fell
        behind). ``with_texts=False``: the exact path may leave text and metadata empty, for a
        caller that reads passages elsewhere (``PinnedStore``), saving a read from Chroma."""
        total: int | None = None
        if self.dense is not None and self.exact_search:
            found = self.dense.search(vector, k, where, self.count)
            if found is None:
                total = self.count()
                if total and not self.dense.in_step(total) and self.dense.repair(total):
                    found = self.dense.search(vector, k, where, self.count)
            if found is not None:
                if not with_texts:
                    return [StoredChunk(chunk_id, "", {}, score) for chunk_id, score in found]
                # The exact search has just read the copy's clean stamp: no second read of it.
                ids = [chunk_id for chunk_id, _ in found]
                stored = {c.chunk_id: c for c in self._get(ids, self.dense.stamp)} if ids else {}
                return [
                    StoredChunk(i, stored[i].text, stored[i].metadata, score)
                    for i, score in found
                    if i in stored
                ]
        total = self.count() if total is None else total
        if total == 0:
            return []
        try:
            return self._chroma_query(vector, k, where)
        except IndexUnavailableError:
            clauses = list(where_clauses(where)) if where else []
            if not clauses or any(name == "$unsupported" for name, _ in clauses):
                raise
            # A filtered query that meets a sync's deletes from another process fails in Chroma
            # ("Error finding id") for as long as the deletes run; the unfiltered one does not.
            # Ask for many more neighbours and filter here.
            log.info("filtered search failed; searching unfiltered and filtering the hits")
            wider = self._chroma_query(vector, min(total, max(k * WIDER_SEARCH, MIN_WIDER_SEARCH)), None)
            return [c for c in wider if _matches(c.metadata, clauses)][:k]

    def _chroma_query(
        self, vector: Sequence[float], k: int, where: dict[str, Any] | None
    ) -> list[StoredChunk]:
        got = self._read(
            "search",
            lambda c: c.query(
                query_embeddings=[list(vector)],
                n_results=k,
                where=where or None,
                include=["documents", "metadatas", "distances"],
            ),
        )
        return [
            StoredChunk(i, d or "", dict(m or {}), 1.0 - float(dist))
            for i, d, m, dist in zip(
                got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0], strict=True
            )
        ]


# The unfiltered search that stands in for a failed filtered one asks for this many times k
# neighbours, and at least this many.
WIDER_SEARCH = 20
MIN_WIDER_SEARCH = 200


def _matches(metadata: dict[str, Any], clauses: Sequence[tuple[str, Any]]) -> bool:
    """Whether ``metadata`` meets every (field, value or list of values) clause."""
    for name, wanted in clauses:
        value = metadata.get(name)
        if value not in wanted if isinstance(wanted, list) else value != wanted:
            return False
    return True


def _page(collection: Any, include: list[str], offset: int) -> Any:
    return collection.get(include=include, limit=PAGE, offset=offset)
