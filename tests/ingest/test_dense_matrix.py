"""The exact dense copy beside Chroma: same answers as Chroma, never stale, falls back when unsure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import ingest.dense_matrix as dense_matrix
from ingest.chunking import Chunk, chunk_id_for
from ingest.dense_matrix import STATE_FILE, DenseMatrix, MatrixView
from ingest.vectorstore import ChromaStore

DIM = 24
DEPARTMENTS = ("办公室", "行政审批科", "财务科", "")
TYPES = ("guidance", "department", "system")


def make_chunks(n: int, offset: int = 0) -> list[Chunk]:
    chunks = []
    for i in range(offset, offset + n):
        meta: dict[str, object] = {
            "doc_id": f"doc/{i // 4}", "source": f"doc/{i // 4}.md", "title": f"文档{i // 4}",
            "department": DEPARTMENTS[i % len(DEPARTMENTS)], "doc_type": TYPES[i % len(TYPES)],
            "language": "zh" if i % 3 else "en",
        }
        text = f"第{i}段：内审记录与纠正措施。"
        chunks.append(Chunk(chunk_id_for(str(meta["source"]), i % 4, text, meta), str(meta["doc_id"]),
                            i % 4, text, (str(meta["title"]),), meta))
    return chunks


def unit_vectors(n: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def open_store(data_dir: Path) -> ChromaStore:
    return ChromaStore.open(data_dir, None, "hash", DIM)


def both_paths(store: ChromaStore, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
               ) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    store.exact_search = True
    exact = [(c.chunk_id, c.score) for c in store.query(vector.tolist(), k, where)]
    store.exact_search = False
    chroma = [(c.chunk_id, c.score) for c in store.query(vector.tolist(), k, where)]
    store.exact_search = True
    return exact, chroma


def brute_force(chunks: list[Chunk], vectors: np.ndarray, query: np.ndarray, k: int,
                keep: Any = lambda c: True) -> list[str]:
    rows = [n for n, c in enumerate(chunks) if keep(c)]
    scores = vectors[rows] @ query
    return [chunks[rows[n]].chunk_id for n in np.argsort(-scores, kind="stable")[:k]]


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[ChromaStore, list[Chunk], np.ndarray]:
    # Under a hundred chunks: Chroma searches them by brute force, so its answer is exact too.
    chunks = make_chunks(90)
    vectors = unit_vectors(90, seed=1)
    store = open_store(tmp_path / "data")
    store.upsert(chunks, vectors.tolist())
    return store, chunks, vectors


FILTERS: list[tuple[dict[str, Any] | None, Any]] = [
    (None, lambda c: True),
    ({"department": "办公室"}, lambda c: c.metadata["department"] == "办公室"),
    ({"$and": [{"department": "财务科"}, {"language": "zh"}]},
     lambda c: c.metadata["department"] == "财务科" and c.metadata["language"] == "zh"),
    ({"doc_type": {"$in": ["system", "guidance"]}},
     lambda c: c.metadata["doc_type"] in ("system", "guidance")),
    ({"doc_type": {"$eq": "department"}}, lambda c: c.metadata["doc_type"] == "department"),
    ({"department": "没有这个科"}, lambda c: False),
    # Not kept in the copy or not equality: Chroma answers, the result is the same.
    ({"position": 2}, lambda c: c.position == 2),
    ({"title": "文档3"}, lambda c: c.metadata["title"] == "文档3"),
    ({"department": {"$ne": "办公室"}}, lambda c: c.metadata["department"] != "办公室"),
]


@pytest.mark.parametrize(("where", "keep"), FILTERS)
def test_exact_path_returns_chromas_ids_in_chromas_order(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray], where: dict[str, Any] | None, keep: Any
) -> None:
    store, chunks, vectors = indexed
    for query in unit_vectors(6, seed=2):
        exact, chroma = both_paths(store, query, 10, where)
        expected = brute_force(chunks, vectors, query, 10, keep)
        assert [i for i, _ in exact] == [i for i, _ in chroma] == expected
        assert np.allclose([s for _, s in exact], [s for _, s in chroma], atol=1e-5)


def test_exact_hits_carry_chromas_text_and_metadata(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray],
) -> None:
    store, _, vectors = indexed
    store.exact_search = True
    exact = store.query(vectors[7].tolist(), 3)
    store.exact_search = False
    chroma = store.query(vectors[7].tolist(), 3)
    def rows(hits: list[Any]) -> list[tuple[str, str, dict[str, Any]]]:
        return [(c.chunk_id, c.text, c.metadata) for c in hits]

    assert rows(exact) == rows(chroma)
    assert exact[0].score == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize(
    ("where", "supported"),
    [
        (None, True),
        ({}, True),
        ({"department": "办公室"}, True),
        ({"language": {"$eq": "en"}}, True),
        ({"doc_id": {"$in": ["doc/1", "doc/2"]}}, True),
        ({"$and": [{"department": "办公室"}, {"doc_type": "system"}]}, True),
        ({"source": "doc/1.md", "language": "zh"}, True),
        ({"$or": [{"department": "办公室"}, {"department": "财务科"}]}, False),
        ({"department": {"$ne": "办公室"}}, False),
        ({"department": {"$nin": ["办公室"]}}, False),
        ({"position": 3}, False),
        ({"language": {"$in": ["zh", 3]}}, False),
        ({"heading_path": "内审"}, False),
        ({"$and": [{"department": "办公室"}, {"position": {"$gt": 1}}]}, False),
    ],
)
def test_filters_the_copy_answers_and_the_ones_it_leaves_to_chroma(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray], where: dict[str, Any] | None, supported: bool
) -> None:
    store, _, _ = indexed
    assert store.dense is not None
    view = store.dense.view()
    assert isinstance(view, MatrixView)
    assert (view.mask(where) is not None) is supported


def test_upserted_vectors_deletes_and_reset_are_seen_by_every_reader(tmp_path: Path) -> None:
    data = tmp_path / "data"
    chunks, vectors = make_chunks(60), unit_vectors(60, seed=3)
    writer = open_store(data)
    writer.upsert(chunks, vectors.tolist())
    reader = open_store(data)  # another handle, as a server holds while a sync writes
    target = unit_vectors(1, seed=4)[0]
    assert both_paths(reader, target, 5)[0][0][0] != chunks[10].chunk_id
    # Same IDs, new vectors: chunk 10 now points at the target.
    moved = vectors.copy()
    moved[10] = target
    writer.upsert(chunks[8:12], moved[8:12].tolist())
    exact, chroma = both_paths(reader, target, 5)
    assert exact[0][0] == chroma[0][0] == chunks[10].chunk_id
    writer.delete([chunks[10].chunk_id, chunks[11].chunk_id])
    exact, chroma = both_paths(reader, target, 60)
    assert [i for i, _ in exact] == [i for i, _ in chroma]
    assert not {chunks[10].chunk_id, chunks[11].chunk_id} & {i for i, _ in exact}
    assert len(exact) == 58
    new = make_chunks(5, offset=60)
    writer.upsert(new, unit_vectors(5, seed=5).tolist())
    assert reader.count() == 63
    exact, chroma = both_paths(reader, unit_vectors(5, seed=5)[2], 3)
    assert exact[0][0] == chroma[0][0] == new[2].chunk_id
    writer.reset()
    assert writer.query(target.tolist(), 5) == []
    assert open_store(data).query(target.tolist(), 5) == []
    writer.upsert(chunks[:3], vectors[:3].tolist())
    exact, chroma = both_paths(open_store(data), vectors[1], 3)
    assert [i for i, _ in exact] == [i for i, _ in chroma]
    assert exact[0][0] == chunks[1].chunk_id and len(exact) == 3


def test_many_replacements_compact_the_copy_and_answers_stay_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dense_matrix, "COMPACT_MIN_ROWS", 10)
    store = open_store(tmp_path / "data")
    chunks = make_chunks(40)
    store.upsert(chunks, unit_vectors(40, seed=6).tolist())
    assert store.dense is not None
    first = store.dense.read_state()
    for round_ in range(4):
        vectors = unit_vectors(40, seed=10 + round_)
        store.upsert(chunks[:12], vectors[:12].tolist())
    state = store.dense.read_state()
    assert first is not None and state is not None
    assert state.segment != first.segment  # a new segment holds only live rows
    assert len(state.dead) < 12
    assert len(list((tmp_path / "data" / "dense").glob("seg-*"))) == 1
    for query in unit_vectors(5, seed=20):
        exact, chroma = both_paths(store, query, 8)
        assert [i for i, _ in exact] == [i for i, _ in chroma]


def exact_was_used(store: ChromaStore, monkeypatch: pytest.MonkeyPatch, vector: np.ndarray) -> bool:
    """Query once and tell whether the dense copy answered (Chroma's search is watched)."""
    calls: list[int] = []
    collection = store._collection
    original = collection.query

    def watched(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(collection, "query", watched)
    store.query(vector.tolist(), 5)
    monkeypatch.setattr(collection, "query", original)
    return not calls


def test_a_dirty_copy_is_not_searched_and_is_rebuilt(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store, chunks, vectors = indexed
    assert exact_was_used(store, monkeypatch, vectors[0])
    state_file = tmp_path / "data" / "dense" / STATE_FILE
    payload = json.loads(state_file.read_text())
    # A writer died between marking the copy dirty and bringing it in step; its rows are wrong.
    state_file.write_text(json.dumps({**payload, "clean": False, "stamp": payload["stamp"] + 1}))
    segment = tmp_path / "data" / "dense" / payload["segment"] / "vectors.f32"
    segment.write_bytes(np.zeros((90, DIM), dtype=np.float32).tobytes())
    reader = open_store(tmp_path / "data")
    hits = reader.query(vectors[5].tolist(), 3)
    assert hits[0].chunk_id == chunks[5].chunk_id
    assert reader.dense is not None and reader.dense.read_state().clean  # type: ignore[union-attr]
    assert exact_was_used(reader, monkeypatch, vectors[6])
    assert reader.query(vectors[6].tolist(), 1)[0].chunk_id == chunks[6].chunk_id


def test_a_write_behind_the_stores_back_is_noticed_by_the_count(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _, vectors = indexed
    monkeypatch.setattr(dense_matrix, "COUNT_CHECK_SECONDS", 0.0)
    store.query(vectors[0].tolist(), 1)
    extra = make_chunks(1, offset=500)[0]
    vector = unit_vectors(1, seed=9)[0]
    # Another program adds a chunk straight into the collection: the copy's rows no longer
    # match Chroma's count, so it is rebuilt before it answers.
    store._collection.add(ids=[extra.chunk_id], embeddings=[vector.tolist()], documents=[extra.text],
                          metadatas=[extra.store_metadata()])
    assert store.query(vector.tolist(), 1)[0].chunk_id == extra.chunk_id
    assert exact_was_used(store, monkeypatch, vector)
    assert store.query(vector.tolist(), 1)[0].chunk_id == extra.chunk_id


def test_a_failed_chroma_write_leaves_the_copy_dirty_until_repaired(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, chunks, vectors = indexed
    collection = store._collection

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk hiccup")

    monkeypatch.setattr(collection, "delete", fail)
    with pytest.raises(Exception, match="disk hiccup"):
        store.delete([chunks[0].chunk_id])
    monkeypatch.undo()
    assert store.dense is not None
    assert not store.dense.read_state().clean  # type: ignore[union-attr]
    assert store.query(vectors[0].tolist(), 1)[0].chunk_id == chunks[0].chunk_id
    assert store.dense.read_state().clean  # type: ignore[union-attr]


def test_a_copy_made_for_another_model_is_never_searched(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray], tmp_path: Path
) -> None:
    _, _, vectors = indexed
    other = DenseMatrix(tmp_path / "data" / "dense", "e5-small", DIM, read_all=lambda: iter(()))
    assert other.view() is None
    assert other.search(vectors[0].tolist(), 3, None, count=lambda: 90) is None


def test_a_server_store_has_no_copy(tmp_path: Path) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    client = chromadb.PersistentClient(path=str(tmp_path / "c"), settings=settings)
    store = ChromaStore(client, "plain", "hash", DIM)  # as for a URL: no dense folder given
    store.upsert(make_chunks(5), unit_vectors(5, seed=1).tolist())
    assert store.dense is None
    assert len(store.query(unit_vectors(1, seed=1)[0].tolist(), 3)) == 3
    assert not (tmp_path / "dense").exists()


def test_chromas_count_is_not_asked_on_every_query(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, chunks, vectors = indexed
    monkeypatch.setattr(dense_matrix, "COUNT_CHECK_SECONDS", 3600.0)
    counted: list[int] = []
    original = ChromaStore.count

    def count(self: ChromaStore) -> int:
        counted.append(1)
        return original(self)

    monkeypatch.setattr(ChromaStore, "count", count)
    for vector in vectors[:5]:
        store.query(vector.tolist(), 3)
    assert len(counted) == 1
    # A write through the store raises the stamp: the next query counts again, and sees it.
    store.delete([chunks[1].chunk_id])
    counted.clear()
    assert chunks[1].chunk_id not in {c.chunk_id for c in store.query(vectors[1].tolist(), 3)}
    assert counted


def test_without_texts_the_exact_path_reads_nothing_from_chroma(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, chunks, vectors = indexed
    store.query(vectors[0].tolist(), 3)  # the count check of this stamp is done
    monkeypatch.setattr(store, "get", lambda ids: pytest.fail("read texts from Chroma"))
    hits = store.query(vectors[2].tolist(), 3, with_texts=False)
    assert hits[0].chunk_id == chunks[2].chunk_id and hits[0].text == ""


def test_the_writers_own_searches_catch_up_without_a_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(tmp_path / "data")
    chunks, vectors = make_chunks(30), unit_vectors(30, seed=40)
    store.upsert(chunks[:20], vectors[:20].tolist())
    store.query(vectors[0].tolist(), 3)
    assert store.dense is not None
    monkeypatch.setattr(store.dense, "_rebuild", lambda state: pytest.fail("rebuilt from Chroma"))
    store.upsert(chunks[20:], vectors[20:].tolist())
    assert store.query(vectors[25].tolist(), 1)[0].chunk_id == chunks[25].chunk_id
    store.delete([chunks[25].chunk_id])
    assert store.query(vectors[25].tolist(), 1)[0].chunk_id != chunks[25].chunk_id
    assert exact_was_used(store, monkeypatch, vectors[3])


def test_searches_on_other_threads_while_the_copy_grows_never_fail(tmp_path: Path) -> None:
    import threading

    store = open_store(tmp_path / "data")
    chunks = make_chunks(40)
    vectors = unit_vectors(40, seed=30)
    store.upsert(chunks[:10], vectors[:10].tolist())
    reader = open_store(tmp_path / "data")
    errors: list[BaseException] = []
    done = threading.Event()

    def search() -> None:
        try:
            while not done.is_set():
                for hit in reader.query(vectors[0].tolist(), 5, {"language": "zh"}, with_texts=False):
                    assert hit.chunk_id in {c.chunk_id for c in chunks}
        except BaseException as e:  # reported below, on the test's thread
            errors.append(e)

    threads = [threading.Thread(target=search) for _ in range(3)]
    for thread in threads:
        thread.start()
    for start in range(10, 40, 5):
        store.upsert(chunks[start : start + 5], vectors[start : start + 5].tolist())
    done.set()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(reader.query(vectors[0].tolist(), 100)) == 40


@pytest.mark.parametrize(("where", "keep"), FILTERS)
def test_a_filtered_chroma_search_that_fails_is_answered_unfiltered_and_filtered_here(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray],
    monkeypatch: pytest.MonkeyPatch,
    where: dict[str, Any] | None,
    keep: Any,
) -> None:
    """As while another process's sync deletes chunks: Chroma's filtered query fails ("Error
    finding id") while the unfiltered one works. Filters this module reads are applied to a wider
    unfiltered search; any other filter still fails, naming the store."""
    from ingest.errors import IndexUnavailableError
    from ingest.vectorstore import READ_RETRY_PAUSES

    store, chunks, vectors = indexed
    store.exact_search = False
    monkeypatch.setattr("ingest.vectorstore.READ_RETRY_PAUSES", tuple(0.0 for _ in READ_RETRY_PAUSES))
    real_query = store._collection.query

    def failing_when_filtered(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("where"):
            raise RuntimeError("Error executing plan: Internal error: Error finding id")
        return real_query(*args, **kwargs)

    monkeypatch.setattr(store._collection, "query", failing_when_filtered)
    query = unit_vectors(1, seed=3)[0]
    supported = where is None or all(name != "$unsupported" for name, _ in dense_matrix.where_clauses(where))
    if not supported:
        with pytest.raises(IndexUnavailableError, match="search"):
            store.query(query.tolist(), 10, where)
        return
    found = [c.chunk_id for c in store.query(query.tolist(), 10, where)]
    assert found == brute_force(chunks, vectors, query, 10, keep)


@pytest.mark.parametrize("rows", [0, 1, dense_matrix.BLOCK_ROWS - 1, dense_matrix.BLOCK_ROWS,
                                  dense_matrix.BLOCK_ROWS * 2 + 37])
@pytest.mark.parametrize("queries", [1, 2, 3])
def test_scores_of_queries_scored_together_equal_each_scored_alone(rows: int, queries: int) -> None:
    matrix = np.random.default_rng(rows).standard_normal((rows, DIM)).astype(np.float32)
    asked = list(unit_vectors(queries, seed=queries))
    together = dense_matrix.score_rows(matrix, asked)
    assert len(together) == queries
    for query, scores in zip(asked, together, strict=True):
        # Bit for bit: ties between rows must break the same way whichever path scored them.
        assert np.array_equal(scores, matrix @ query)


def test_prepared_queries_give_the_same_hits_as_unprepared_ones(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray]
) -> None:
    store, chunks, vectors = indexed
    first, second = unit_vectors(2, seed=5)
    where = {"language": "en"}
    before = [[(c.chunk_id, c.score) for c in store.query(v.tolist(), 7, where)] for v in (first, second)]
    assert store.dense is not None
    store.dense.forget_scores()
    store.prepare_queries([first.tolist(), second.tolist()])
    view = store.dense.view()
    assert view is not None and len(view._recent) == 2  # both scored in the one pass
    after = [[(c.chunk_id, c.score) for c in store.query(v.tolist(), 7, where)] for v in (first, second)]
    assert after == before
    english = brute_force(chunks, vectors, first, 7, lambda c: c.metadata["language"] == "en")
    assert [i for i, _ in after[0]] == english


def test_preparing_a_dirty_copy_or_a_wrong_size_vector_does_nothing(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray]
) -> None:
    store, _, _ = indexed
    assert store.dense is not None
    store.dense.forget_scores()
    store.prepare_queries([[1.0, 0.0], [0.0, 1.0]])  # not this collection's dimension
    view = store.dense.view()
    assert view is not None and view._recent == {}
    state = json.loads((store.dense.folder / STATE_FILE).read_text(encoding="utf-8"))
    (store.dense.folder / STATE_FILE).write_text(json.dumps({**state, "clean": False}), encoding="utf-8")
    store.prepare_queries(unit_vectors(2, seed=9).tolist())  # dirty: the searches ask Chroma
    assert store.dense.view() is None


def test_only_the_most_recent_scores_are_kept() -> None:
    matrix = unit_vectors(50, seed=3)
    view = MatrixView.__new__(MatrixView)
    view.vectors, view._recent = matrix, {}
    asked = list(unit_vectors(dense_matrix.KEPT_SCORES + 2, seed=4))
    for query in asked:
        view.scores(query)
    assert list(view._recent) == [q.tobytes() for q in asked[-dense_matrix.KEPT_SCORES:]]
    assert np.array_equal(view.scores(asked[-1]), matrix @ asked[-1])


def test_a_kept_query_asked_with_new_ones_in_a_full_cache_is_still_answered() -> None:
    # Filling the cache with the new scores once evicted the kept one being asked for (KeyError).
    matrix = unit_vectors(50, seed=3)
    view = MatrixView.__new__(MatrixView)
    view.vectors, view._recent = matrix, {}
    kept = list(unit_vectors(dense_matrix.KEPT_SCORES, seed=6))
    for query in kept:
        view.scores(query)
    new = unit_vectors(1, seed=7)[0]
    oldest, latest = view.prepare([kept[0], new])
    assert np.array_equal(oldest, matrix @ kept[0]) and np.array_equal(latest, matrix @ new)
    assert len(view._recent) == dense_matrix.KEPT_SCORES
    assert kept[0].tobytes() in view._recent and kept[1].tobytes() not in view._recent


def _count_chroma_reads(store: ChromaStore, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many IDs each read from Chroma asked for (reads only, not searches or counts)."""
    asked: list[int] = []
    collection = store._collection
    original = collection.get

    def get(*args: Any, **kwargs: Any) -> Any:
        asked.append(len(kwargs.get("ids") or []))
        return original(*args, **kwargs)

    monkeypatch.setattr(collection, "get", get)
    return asked


def test_chunks_read_once_are_served_again_without_asking_chroma(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, chunks, vectors = indexed
    asked = _count_chroma_reads(store, monkeypatch)
    first = store.query(vectors[4].tolist(), 5)
    assert asked == [5]
    again = store.query(vectors[4].tolist(), 5)
    assert asked == [5]  # nothing read the second time
    assert [(c.chunk_id, c.text, c.metadata, c.score) for c in again] == [
        (c.chunk_id, c.text, c.metadata, c.score) for c in first
    ]
    # A wider read asks Chroma only for the chunks it has not seen; order and absent IDs as asked.
    seen = {c.chunk_id for c in first}
    unseen = [c for c in chunks if c.chunk_id not in seen][:2]
    wanted = [unseen[0].chunk_id, first[0].chunk_id, "no-such-id", unseen[1].chunk_id]
    got = store.get(wanted)
    assert asked == [5, 3]
    assert [c.chunk_id for c in got] == [unseen[0].chunk_id, first[0].chunk_id, unseen[1].chunk_id]
    assert got[0].text == unseen[0].text


def test_a_changed_hit_does_not_change_the_kept_chunk(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray],
) -> None:
    store, chunks, _ = indexed
    store.get([chunks[3].chunk_id])[0].metadata["department"] = "改过的科"
    assert store.get([chunks[3].chunk_id])[0].metadata["department"] == chunks[3].metadata["department"]


def test_a_write_by_another_handle_is_seen_by_a_reader_that_kept_the_chunk(tmp_path: Path) -> None:
    data = tmp_path / "data"
    chunks, vectors = make_chunks(12), unit_vectors(12, seed=6)
    writer = open_store(data)
    writer.upsert(chunks, vectors.tolist())
    reader = open_store(data)
    assert reader.query(vectors[2].tolist(), 1)[0].metadata["heading_path"] == chunks[2].heading
    assert reader.get([chunks[2].chunk_id])[0].metadata["heading_path"] == chunks[2].heading
    # Same ID (text and metadata unchanged), new heading: the write raises the stamp.
    moved = Chunk(chunks[2].chunk_id, chunks[2].doc_id, chunks[2].position, chunks[2].text,
                  ("新的标题",), chunks[2].metadata)
    writer.upsert([moved], vectors[2:3].tolist())
    # The search path takes the stamp its exact search read; the plain read reads it itself.
    assert reader.query(vectors[2].tolist(), 1)[0].metadata["heading_path"] == moved.heading
    assert reader.get([chunks[2].chunk_id])[0].metadata["heading_path"] == moved.heading
    writer.delete([chunks[2].chunk_id])
    assert reader.get([chunks[2].chunk_id]) == []


def test_without_a_clean_copy_nothing_is_kept(
    indexed: tuple[ChromaStore, list[Chunk], np.ndarray], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, chunks, _ = indexed
    state = json.loads((store.dense.folder / STATE_FILE).read_text(encoding="utf-8"))  # type: ignore[union-attr]
    (store.dense.folder / STATE_FILE).write_text(  # type: ignore[union-attr]
        json.dumps({**state, "clean": False}), encoding="utf-8"
    )
    asked = _count_chroma_reads(store, monkeypatch)
    store.get([chunks[1].chunk_id])
    store.get([chunks[1].chunk_id])
    assert asked == [1, 1]
