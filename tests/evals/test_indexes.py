"""Query vectors computed ahead in batches are the vectors the product computes one by one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from evals.indexes import QueryVectors, VectorCache, embed_queries, eval_embedder, slug
from ingest.embedders import AuditPrepEmbeddings, CachedQueryEmbeddings, HashEmbeddings


class CountingEmbeddings(HashEmbeddings):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def embed_query(self, text: str) -> list[float]:
        self.calls += 1
        return super().embed_query(text)


def test_prefilled_vectors_are_served_without_calling_the_model() -> None:
    inner = CountingEmbeddings()
    vectors = QueryVectors(inner)
    vectors.prefill(["办理时限", "opening meeting", "办理时限"])
    assert inner.calls == 2
    assert vectors.embed_query("办理时限") == HashEmbeddings().embed_query("办理时限")
    assert inner.calls == 2
    assert vectors.name == "hash" and vectors.dimension == inner.dimension


def test_latency_mode_sends_every_query_to_the_model() -> None:
    inner = CountingEmbeddings()
    vectors = QueryVectors(inner)
    vectors.prefill(["a"])
    vectors.use_cache = False
    vectors.embed_query("a")
    vectors.embed_query("a")
    assert inner.calls == 3


def test_cache_folder_names_are_safe() -> None:
    assert slug("st:/models/bge small") == "st_models_bge_small"
    assert slug("e5-small") == "e5-small"


@pytest.mark.slow
def test_batched_e5_query_vectors_equal_single_ones(e5: AuditPrepEmbeddings) -> None:
    queries = ["食品经营许可的法定办理时限", "How long should the opening meeting last?"]
    batched = np.asarray(embed_queries(e5, queries))
    single = np.asarray([e5.embed_query(q) for q in queries])
    assert np.allclose(batched, single, atol=1e-5)


class CountingDocuments(HashEmbeddings):
    def __init__(self, dim: int = 256) -> None:
        super().__init__(dim)
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return super().embed_documents(texts)


def test_passage_vectors_outlive_the_run_and_equal_the_models(tmp_path: Path) -> None:
    first = CountingDocuments()
    vectors = eval_embedder(first, tmp_path)
    texts = ["第一段 内审", "second passage", "第一段 内审"]
    assert vectors.embed_documents(texts) == HashEmbeddings().embed_documents(texts)
    assert first.embedded == ["第一段 内审", "second passage"]
    again = CountingDocuments()
    later = eval_embedder(again, tmp_path)  # another suite, or the next run
    assert later.embed_documents(["second passage", "新的一段"]) == HashEmbeddings().embed_documents(
        ["second passage", "新的一段"]
    )
    assert again.embedded == ["新的一段"]


def test_prefilled_queries_are_kept_apart_from_passages_of_the_same_text(tmp_path: Path) -> None:
    inner = CountingEmbeddings()
    vectors = eval_embedder(inner, tmp_path)
    vectors.embed_documents(["办理时限"])
    vectors.prefill(["办理时限"])
    assert inner.calls == 1  # the query was embedded as a query, not served the passage vector
    fresh = CountingEmbeddings()
    eval_embedder(fresh, tmp_path).prefill(["办理时限"])
    assert fresh.calls == 0


@pytest.mark.parametrize(
    ("other", "shared"),
    [
        (HashEmbeddings(), True),
        (HashEmbeddings(dim=64), False),
        (CachedQueryEmbeddings(HashEmbeddings()), True),
    ],
)
def test_vectors_are_shared_only_by_the_same_model(
    tmp_path: Path, other: AuditPrepEmbeddings, shared: bool
) -> None:
    eval_embedder(HashEmbeddings(), tmp_path).embed_documents(["一段"])
    assert (len(VectorCache.for_embedder(tmp_path / "embeddings", other)) == 1) is shared


def test_a_row_written_by_a_killed_run_without_its_key_is_ignored(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path / "c")
    cache.add("passage", ["a", "b"], [[1.0, 0.0], [0.0, 1.0]])
    with open(tmp_path / "c" / "vectors.f32", "ab") as handle:
        handle.write(np.asarray([[5.0, 5.0]], dtype=np.float32).tobytes())  # no key followed
    reopened = VectorCache(tmp_path / "c")
    assert len(reopened) == 2
    reopened.add("passage", ["c"], [[0.5, 0.5]])
    assert VectorCache(tmp_path / "c").lookup("passage", ["a", "c", "d"]) == [[1.0, 0.0], [0.5, 0.5], None]


def test_latency_mode_bypasses_the_products_query_cache_too() -> None:
    inner = CountingEmbeddings()
    vectors = QueryVectors(CachedQueryEmbeddings(inner))
    vectors.prefill(["a"])
    vectors.use_cache = False
    vectors.embed_query("a")
    assert inner.calls == 2
