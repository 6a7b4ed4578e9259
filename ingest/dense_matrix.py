"""An exact copy of the Chroma collection's vectors, searched with numpy.

At 100k chunks Chroma's own search took about twice as long as an exact matrix product over
the same vectors (issue 14: 21 ms against 10 ms), and the product is exact where HNSW is
approximate. So the embedded store keeps, beside Chroma, every vector in one memory-mapped
float32 file and the few metadata fields the product filters on; ``ChromaStore.query``
answers from it whenever it is provably in step with Chroma, and asks Chroma otherwise.
Chroma stays the store of record; a ``chroma run`` server is always asked directly.

Files, in ``<data dir>/dense/``:

| file | what |
| --- | --- |
| ``state.json`` | the stamp, whether the files match Chroma (``clean``), rows, dead rows |
| ``seg-NNNNNN/vectors.f32`` | unit-length float32 rows, appended (raw: the state says how many) |
| ``seg-NNNNNN/rows.jsonl`` | one line per row: the chunk ID and its filter fields |
| ``.lock`` | held by a write from "mark dirty" until the files match Chroma again |

How it stays in step:

* Every write through ``ChromaStore`` (upsert, delete, reset) takes the lock, raises the stamp
  and marks the state dirty *before* Chroma is written, then appends the new rows (an upserted
  chunk's old row becomes dead) and marks it clean. Readers ask Chroma while it is dirty.
  A writer that dies in between leaves it dirty; the next write or query rebuilds it from Chroma.
* Files only grow within a segment, and a reader maps only the rows the state names, so a write
  never changes bytes a reader has mapped. A reset, or too many dead rows, starts a new segment.
* A reader also compares the state's live rows with Chroma's count, when the stamp changes and
  every few seconds (``COUNT_CHECK_SECONDS``): a write that went round ``ChromaStore`` (another
  program) shows up there and triggers a rebuild from Chroma.

Scores are cosine similarities (higher is closer), as ``ChromaStore.query`` reports them.

Usage::

    matrix = DenseMatrix(data_dir / "dense", "e5-small", 384, read_all=store_pages)
    found = matrix.search(vector, k=10, where={"department": "办公室"}, count=store.count)
    # None: not in step or an unsupported filter; ask Chroma instead
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout

from ingest.errors import IndexUnavailableError

log = logging.getLogger(__name__)
# The metadata fields a query may filter on through this copy; a filter on any other field is
# answered by Chroma.
FILTER_FIELDS = ("department", "doc_type", "language", "doc_id", "source")
STATE_FILE = "state.json"
VECTORS_FILE = "vectors.f32"
ROWS_FILE = "rows.jsonl"
LOCK_FILE = ".lock"
_SEGMENT_PREFIX = "seg-"
# Dead rows (deleted or replaced chunks) stay in the files until they are this share of all
# rows and at least this many; then the live rows are written to a new segment.
COMPACT_SHARE = 0.25
COMPACT_MIN_ROWS = 2_000
# A writer waits this long for a rebuild by another process to finish.
WRITE_LOCK_SECONDS = 600.0
# Chroma's count is compared with the copy's live rows whenever the stamp changes, and at least
# this often besides: a write by another program (which raises no stamp) is noticed within
# seconds. Counting on every query cost as much as the search itself (a scan at 100k chunks).
COUNT_CHECK_SECONDS = 2.0
FLOAT = np.dtype("<f4")
# Scores are kept for this many recent query vectors: a hybrid search asks once per language
# pool, with the question's vector and its translation's.
KEPT_SCORES = 4
# Several queries are scored a block of rows at a time, so that each block is read from memory
# once while it sits in cache: at 100k rows the product is bound by memory, and two queries
# this way took 6.6 ms against 8.6 ms one after the other (numpy's own matrix-matrix product
# with two columns took 15.8 ms).
BLOCK_ROWS = 2048

# One page of the collection: ids, vectors (rows) and metadatas, as Chroma returns them.
Page = tuple[list[str], np.ndarray, Sequence[Mapping[str, Any]]]


@dataclass(frozen=True)
class MatrixState:
    """What ``state.json`` records; ``rows`` counts dead rows too."""

    stamp: int = 0
    clean: bool = False
    segment: str = ""
    rows: int = 0
    rows_bytes: int = 0
    dead: tuple[int, ...] = ()
    embedder: str = ""
    dimension: int = 0

    @property
    def live(self) -> int:
        return self.rows - len(self.dead)

    def to_json(self) -> dict[str, Any]:
        return {
            "stamp": self.stamp, "clean": self.clean, "segment": self.segment, "rows": self.rows,
            "rows_bytes": self.rows_bytes, "dead": list(self.dead), "embedder": self.embedder,
            "dimension": self.dimension,
        }


def normalized(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (Chroma's cosine space does the same); zero rows stay zero."""
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


@dataclass
class _Column:
    """One filter field as integer codes per row (fast equality masks)."""

    codes: list[int] = field(default_factory=list)
    vocabulary: dict[Any, int] = field(default_factory=dict)

    def add(self, value: Any) -> None:
        self.codes.append(self.vocabulary.setdefault(value, len(self.vocabulary)))


class MatrixView:
    """The rows of one segment up to a stamp's row count, mapped read-only."""

    def __init__(self, folder: Path, state: MatrixState) -> None:
        self.segment = state.segment
        self.ids: list[str] = []
        self._columns = {name: _Column() for name in FILTER_FIELDS}
        self._codes: dict[str, np.ndarray] = {}
        self._rows_bytes = 0
        self._folder = folder
        self.stamp = -1
        self.vectors = np.zeros((0, state.dimension), dtype=FLOAT)
        self.alive = np.zeros(0, dtype=bool)
        self._recent: dict[bytes, np.ndarray] = {}
        self.extend(state)

    def extend(self, state: MatrixState) -> None:
        """Catch up with ``state`` (same segment, as many rows or more)."""
        folder = self._folder / state.segment
        if state.rows_bytes > self._rows_bytes:
            with open(folder / ROWS_FILE, "rb") as handle:
                handle.seek(self._rows_bytes)
                added = handle.read(state.rows_bytes - self._rows_bytes)
            for line in added.splitlines():
                chunk_id, fields = json.loads(line)
                self.ids.append(chunk_id)
                for name, column in self._columns.items():
                    column.add(fields.get(name))
            self._rows_bytes = state.rows_bytes
            self._codes = {name: np.asarray(c.codes, dtype=np.int32) for name, c in self._columns.items()}
        if len(self.ids) != state.rows:
            raise ValueError(f"{folder / ROWS_FILE} holds {len(self.ids)} rows, the state {state.rows}")
        if state.rows:
            self.vectors = np.memmap(
                folder / VECTORS_FILE, dtype=FLOAT, mode="r", shape=(state.rows, state.dimension)
            )
        alive = np.ones(state.rows, dtype=bool)
        alive[list(state.dead)] = False
        self.alive = alive
        self.stamp = state.stamp
        self._recent = {}

    def mask(self, where: Mapping[str, Any] | None) -> np.ndarray | None:
        """Live rows matching a Chroma ``where`` filter, or None for a filter this copy cannot
        answer (a field it does not keep, an operator other than equality, ``$in``, ``$and``)."""
        mask = self.alive.copy()
        for name, wanted in where_clauses(where or {}):
            codes = self._codes.get(name)
            if codes is None:
                return None
            vocabulary = self._columns[name].vocabulary
            if isinstance(wanted, list):
                allowed = [vocabulary[v] for v in wanted if v in vocabulary]
                mask &= np.isin(codes, allowed)
            else:
                code = vocabulary.get(wanted)
                mask &= codes == code if code is not None else False
        return mask

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine similarity of every row with ``query`` (a unit vector); kept for the
        ``KEPT_SCORES`` most recent queries (see ``prepare``)."""
        return self.prepare([query])[0]

    def prepare(self, queries: Sequence[np.ndarray]) -> list[np.ndarray]:
        """The scores of each of ``queries`` (unit vectors), computing the ones not kept in one
        pass over the rows, and keeping them for ``scores``."""
        keys = [query.tobytes() for query in queries]
        # Kept scores are taken out and put back as the most recent, so filling the cache with
        # the new ones never evicts one that is asked for now.
        found = {key: kept for key in keys if (kept := self._recent.pop(key, None)) is not None}
        missing = list(dict.fromkeys(key for key in keys if key not in found))
        if missing:
            by_key = dict(zip(keys, queries, strict=True))
            computed = score_rows(self.vectors, [by_key[key] for key in missing])
            found.update(zip(missing, computed, strict=True))
        for key in dict.fromkeys(keys):
            self._recent[key] = found[key]
        while len(self._recent) > KEPT_SCORES:
            self._recent.pop(next(iter(self._recent)))
        return [found[key] for key in keys]

    def forget_scores(self) -> None:
        self._recent = {}

    def values(self, name: str) -> list[Any]:
        """Field ``name`` of every row (None where the chunk has no such field)."""
        column = self._columns[name]
        by_code = {code: value for value, code in column.vocabulary.items()}
        return [by_code[code] for code in column.codes]

    def live_rows(self) -> dict[str, int]:
        return {self.ids[row]: int(row) for row in np.flatnonzero(self.alive)}


def score_rows(vectors: np.ndarray, queries: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``vectors @ query`` for each query; several queries share each block of rows
    (``BLOCK_ROWS``). Every row's dot product is the same one numpy computes for the whole
    matrix, so a score does not depend on which queries were scored with it."""
    rows = len(vectors)
    if len(queries) == 1 or rows <= BLOCK_ROWS:
        return [vectors @ query if rows else np.zeros(0, dtype=FLOAT) for query in queries]
    out = [np.empty(rows, dtype=FLOAT) for _ in queries]
    for start in range(0, rows, BLOCK_ROWS):
        block = vectors[start : start + BLOCK_ROWS]
        for query, scores in zip(queries, out, strict=True):
            np.dot(block, query, out=scores[start : start + len(block)])
    return out


def where_clauses(where: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(field, value or list of values) for each clause; unsupported ones yield a field name
    no column has, so ``mask`` answers None."""
    for key, value in where.items():
        if key == "$and" and isinstance(value, list):
            for part in value:
                yield from where_clauses(part) if isinstance(part, Mapping) else [("$unsupported", None)]
        elif key.startswith("$"):
            yield "$unsupported", None
        elif isinstance(value, Mapping):
            if set(value) == {"$eq"} and isinstance(value["$eq"], str):
                yield key, value["$eq"]
            elif set(value) == {"$in"} and all(isinstance(v, str) for v in value["$in"]):
                yield key, list(value["$in"])
            else:
                yield "$unsupported", None
        elif isinstance(value, str):
            yield key, value
        else:  # Chroma compares numbers and booleans by type; leave them to Chroma
            yield "$unsupported", None


class DenseMatrix:
    """The exact dense copy of one collection (see the module docstring).

    Args:
        folder: ``<data dir>/dense``.
        embedder / dimension: what the collection holds; a copy made for another model is
            never searched.
        read_all: pages of the whole collection (IDs, vectors, metadatas), for a rebuild.
    """

    def __init__(
        self, folder: Path, embedder: str, dimension: int, read_all: Callable[[], Iterable[Page]]
    ) -> None:
        self.folder = folder
        self.embedder = embedder
        self.dimension = dimension
        self._read_all = read_all
        self._view: MatrixView | None = None
        # (stamp, when) of the last time the view's live rows equalled Chroma's count.
        self._counted: tuple[int, float] = (-1, 0.0)
        # A rebuild that failed (read-only folder, say) is not tried again for the same stamp.
        self._failed_stamp: int | None = None
        # The API searches from several threads; a view must not grow under a running search.
        self._reading = threading.RLock()

    # -- reading ---------------------------------------------------------------------------
    def read_state(self) -> MatrixState | None:
        try:
            payload = json.loads((self.folder / STATE_FILE).read_text(encoding="utf-8"))
            return MatrixState(
                stamp=int(payload["stamp"]), clean=bool(payload["clean"]), segment=str(payload["segment"]),
                rows=int(payload["rows"]), rows_bytes=int(payload["rows_bytes"]),
                dead=tuple(int(r) for r in payload["dead"]), embedder=str(payload["embedder"]),
                dimension=int(payload["dimension"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _usable(self, state: MatrixState | None) -> bool:
        return (
            state is not None and state.clean and bool(state.segment)
            and (state.embedder, state.dimension) == (self.embedder, self.dimension)
        )

    def view(self, state: MatrixState | None = None) -> MatrixView | None:
        """The rows of the current clean state, or None when it is dirty, missing, made for
        another model, or its files cannot be read."""
        with self._reading:
            return self._load_view(state)

    def _load_view(self, state: MatrixState | None) -> MatrixView | None:
        state = state or self.read_state()
        if not self._usable(state):
            return None
        assert state is not None
        view = self._view
        try:
            if view is None or view.segment != state.segment or len(view.ids) > state.rows:
                view = MatrixView(self.folder, state)
            elif view.stamp != state.stamp:
                view.extend(state)
        except (OSError, ValueError) as e:
            log.info("Dense copy in %s unreadable (%s); asking Chroma.", self.folder, e)
            self._view = None
            return None
        self._view = view
        return view

    @property
    def stamp(self) -> int | None:
        """The stamp of the clean rows last read (by a search or ``view``), without reading the
        state again; None before any."""
        view = self._view
        return view.stamp if view is not None else None

    def search(
        self, vector: Sequence[float], k: int, where: Mapping[str, Any] | None, count: Callable[[], int]
    ) -> list[tuple[str, float]] | None:
        """The ``k`` most similar live rows under ``where`` as (chunk ID, cosine similarity),
        best first (ties: earlier row first); None when this copy cannot answer exactly: it is
        not in step with Chroma (``count`` gives Chroma's count, asked as the module docstring
        says) or the filter is unsupported."""
        with self._reading:
            return self._search(vector, k, where, count)

    def _search(
        self, vector: Sequence[float], k: int, where: Mapping[str, Any] | None, count: Callable[[], int]
    ) -> list[tuple[str, float]] | None:
        view = self.view()
        if view is None:
            return None
        stamp, when = self._counted
        if stamp != view.stamp or time.monotonic() - when > COUNT_CHECK_SECONDS:
            if int(view.alive.sum()) != count():
                return None
            self._counted = (view.stamp, time.monotonic())
        mask = view.mask(where)
        if mask is None:
            return None
        candidates = int(mask.sum())
        k = min(k, candidates)
        if k <= 0:
            return []
        query = normalized(np.asarray(vector, dtype=np.float32))
        if query.shape != (self.dimension,):
            return None
        scores = view.scores(query)
        masked = np.where(mask, scores, -np.inf)
        if k < candidates:
            top = np.argpartition(-masked, k - 1)[:k]
            top = top[np.lexsort((top, -masked[top]))]
        else:
            top = np.flatnonzero(mask)
            top = top[np.argsort(-masked[top], kind="stable")]
        return [(view.ids[row], float(masked[row])) for row in top]

    def prepare(self, vectors: Sequence[Sequence[float]]) -> None:
        """Score several query vectors in one pass over the rows, ahead of the searches that
        will ask for them (a hybrid search's language pools); nothing when the copy is not
        usable, as the searches will then ask Chroma."""
        queries = [normalized(np.asarray(v, dtype=np.float32)) for v in vectors]
        if len(queries) < 2 or any(q.shape != (self.dimension,) for q in queries):
            return
        with self._reading:
            view = self.view()
            if view is not None:
                view.prepare(queries)

    def forget_scores(self) -> None:
        """Drop the last query's kept scores (the perf suite times a search from scratch)."""
        if self._view is not None:
            self._view.forget_scores()

    def in_step(self, total: int) -> bool:
        with self._reading:
            view = self.view()
            return view is not None and int(view.alive.sum()) == total

    def repair(self, total: int) -> bool:
        """Rebuild from Chroma when the copy is not in step (``total`` is Chroma's count) and
        no writer holds the lock; True when the copy is in step afterwards. Never raises for a
        problem of the copy itself: the caller then asks Chroma."""
        state = self.read_state()
        stamp = state.stamp if state else 0
        if self._failed_stamp == stamp:
            return False
        try:
            with FileLock(str(self.folder / LOCK_FILE), timeout=0):
                if self.in_step(total):
                    return True
                self._rebuild(self.read_state())
        except Timeout:
            return False  # a write is under way; its end brings the copy in step
        except (OSError, ValueError) as e:
            log.warning("Could not rebuild the dense copy in %s (%s); Chroma answers.", self.folder, e)
            self._failed_stamp = stamp
            return False
        return self.in_step(total)

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def writing(self, empty_before: bool) -> Iterator[MatrixWrite]:
        """Wrap one write to Chroma: the copy is marked dirty first, the caller records the
        rows it wrote or deleted on the yielded ``MatrixWrite``, and the copy is brought in
        step when the block ends without an error (else it stays dirty). ``empty_before``:
        Chroma held no chunk before this write (a copy that was never made starts empty)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.folder / LOCK_FILE), timeout=WRITE_LOCK_SECONDS)
        try:
            lock.acquire()
        except Timeout as e:
            raise IndexUnavailableError(
                f"The dense copy in {self.folder} stayed locked for {WRITE_LOCK_SECONDS:.0f} s. "
                "Stop the process holding it, or delete that folder (it is rebuilt from Chroma)."
            ) from e
        try:
            state = self.read_state()
            base = state if self._usable(state) else None
            if base is None and empty_before:
                base = MatrixState(embedder=self.embedder, dimension=self.dimension, clean=True)
            stamp = (state.stamp if state else 0) + 1
            dirty = replace(state or MatrixState(), stamp=stamp, clean=False)
            write_json_atomic(self.folder / STATE_FILE, dirty.to_json())
            change = MatrixWrite()
            yield change
            try:
                if base is None:
                    self._rebuild(dirty)
                else:
                    self._apply(base, stamp, change)
            except (OSError, ValueError) as e:
                # Chroma holds the write; the copy stays dirty and the next query rebuilds it.
                log.warning("Could not update the dense copy in %s (%s); rebuilt later.", self.folder, e)
        finally:
            lock.release()

    def _apply(self, base: MatrixState, stamp: int, change: MatrixWrite) -> None:
        """Bring the copy from ``base`` (the last clean state) in step after ``change`` and
        publish it as ``stamp``; the caller holds the lock. The view is read at ``base``'s own
        stamp, so that this process's next search sees the new stamp and catches up."""
        if change.reset or not base.segment:
            self._start_segment(stamp, change.pages())
            return
        view = self.view(base)
        if view is None:
            self._rebuild(replace(base, stamp=stamp))
            return
        rows = view.live_rows()
        dead = set(base.dead)
        dead.update(rows[i] for i in change.removed_ids() if i in rows)
        if len(dead) >= COMPACT_MIN_ROWS and len(dead) >= COMPACT_SHARE * (base.rows + change.count()):
            self._compact(replace(base, stamp=stamp), view, dead, change)
            return
        folder = self.folder / base.segment
        with open(folder / VECTORS_FILE, "r+b") as vectors, open(folder / ROWS_FILE, "r+b") as lines:
            # Bytes past the state's rows come from a writer that died: write over them.
            vectors.truncate(base.rows * self.dimension * FLOAT.itemsize)
            lines.truncate(base.rows_bytes)
            vectors.seek(0, os.SEEK_END)
            lines.seek(0, os.SEEK_END)
            added = _append(vectors, lines, change.pages(), self.dimension)
            size = lines.tell()
        self._publish(replace(
            base, stamp=stamp, clean=True, rows=base.rows + added, rows_bytes=size, dead=tuple(sorted(dead)),
        ))

    def _compact(self, base: MatrixState, view: MatrixView, dead: set[int], change: MatrixWrite) -> None:
        keep = [row for row in range(base.rows) if row not in dead]
        kept_ids = [view.ids[row] for row in keep]
        columns = {name: view.values(name) for name in FILTER_FIELDS}
        meta = [{name: values[row] for name, values in columns.items()} for row in keep]
        first: Page = (kept_ids, np.asarray(view.vectors[keep]), meta)
        self._start_segment(base.stamp, [first, *change.pages()])

    def _rebuild(self, state: MatrixState | None) -> None:
        """A new segment from everything in Chroma; the caller holds the lock."""
        stamp = (state.stamp if state else 0) + 1
        log.info("Rebuilding the dense copy in %s from Chroma.", self.folder)
        self._start_segment(stamp, self._read_all())

    def _start_segment(self, stamp: int, pages: Iterable[Page]) -> None:
        name = f"{_SEGMENT_PREFIX}{stamp:06d}"
        folder = self.folder / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        with open(folder / VECTORS_FILE, "wb") as vectors, open(folder / ROWS_FILE, "wb") as lines:
            rows = _append(vectors, lines, pages, self.dimension)
            size = lines.tell()
        self._publish(MatrixState(
            stamp=stamp, clean=True, segment=name, rows=rows, rows_bytes=size,
            embedder=self.embedder, dimension=self.dimension,
        ))
        for child in self.folder.glob(f"{_SEGMENT_PREFIX}*"):
            # Readers that mapped an old segment keep its data (the inode lives on) until they
            # read the state again.
            if child.name != name:
                shutil.rmtree(child, ignore_errors=True)

    def _publish(self, state: MatrixState) -> None:
        write_json_atomic(self.folder / STATE_FILE, state.to_json())


def write_json_atomic(path: Path, payload: object) -> None:
    # As ingest.lexical's (which imports the vector store, so it cannot be imported here).
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False)
    os.replace(tmp, path)


def _append(vectors: Any, lines: Any, pages: Iterable[Page], dimension: int) -> int:
    added = 0
    for ids, matrix, metadatas in pages:
        if not ids:
            continue
        rows = normalized(np.asarray(matrix, dtype=np.float32).reshape(len(ids), dimension))
        vectors.write(rows.astype(FLOAT).tobytes())
        for chunk_id, meta in zip(ids, metadatas, strict=True):
            fields = {name: meta.get(name) for name in FILTER_FIELDS if name in (meta or {})}
            lines.write(json.dumps([chunk_id, fields], ensure_ascii=False).encode("utf-8") + b"\n")
        added += len(ids)
    return added


@dataclass
class MatrixWrite:
    """What one write did to Chroma, recorded by the writer for ``DenseMatrix.writing``."""

    reset: bool = False
    upserted: list[Page] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def upsert(self, ids: list[str], vectors: Any, metadatas: Sequence[Mapping[str, Any]]) -> None:
        self.upserted.append((ids, np.asarray(vectors, dtype=np.float32), metadatas))

    def delete(self, ids: Iterable[str]) -> None:
        self.deleted.extend(ids)

    def removed_ids(self) -> Iterator[str]:
        """IDs whose old row dies: deleted ones and upserted ones (their new row is appended)."""
        yield from self.deleted
        for ids, _, _ in self.upserted:
            yield from ids

    def pages(self) -> list[Page]:
        gone = set(self.deleted)
        return [
            (ids, vectors, metadatas) if not gone else _without(ids, vectors, metadatas, gone)
            for ids, vectors, metadatas in self.upserted
        ]

    def count(self) -> int:
        return sum(len(ids) for ids, _, _ in self.upserted)


def _without(
    ids: list[str], vectors: np.ndarray, metadatas: Sequence[Mapping[str, Any]], gone: set[str]
) -> Page:
    keep = [n for n, chunk_id in enumerate(ids) if chunk_id not in gone]
    return [ids[n] for n in keep], vectors[keep], [metadatas[n] for n in keep]
