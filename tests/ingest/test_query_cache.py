"""The query-vector cache: the model's own vectors, bounded, per embedder name."""

from __future__ import annotations

import pytest

from ingest.embedders import CachedQueryEmbeddings, HashEmbeddings


class CountingHash(HashEmbeddings):
    """The hash embedder, counting the query texts that reach it (to see cache hits)."""

    def __init__(self, dim: int = 64, name: str = "hash") -> None:
        super().__init__(dim)
        self.name = name
        self.asked: list[str] = []

    def embed_query(self, text: str) -> list[float]:
        self.asked.append(text)
        return super().embed_query(text)


@pytest.mark.parametrize("text", ["首次会议", "opening meeting agenda", "", "内审 internal audit 9.2"])
def test_a_cached_vector_is_the_models_vector(text: str) -> None:
    inner = CountingHash()
    cached = CachedQueryEmbeddings(inner)
    first = cached.embed_query(text)
    again = cached.embed_query(text)
    assert first == again == HashEmbeddings(64).embed_query(text)
    assert inner.asked == [text]


def test_the_cache_is_bounded_and_forgets_the_least_recently_used() -> None:
    inner = CountingHash()
    cached = CachedQueryEmbeddings(inner, maxsize=3)
    for text in ("a1", "b2", "c3"):
        cached.embed_query(text)
    cached.embed_query("a1")  # a1 is now the most recent
    cached.embed_query("d4")  # evicts b2
    assert cached.cache_size == 3
    inner.asked.clear()
    for text in ("a1", "c3", "d4", "b2"):
        cached.embed_query(text)
    assert inner.asked == ["b2"]


def test_changing_a_returned_vector_does_not_change_the_cache() -> None:
    cached = CachedQueryEmbeddings(CountingHash())
    vector = cached.embed_query("纠正措施")
    vector[0] = 99.0
    assert cached.embed_query("纠正措施")[0] != 99.0


def test_batched_queries_use_and_fill_the_cache() -> None:
    inner = CountingHash()
    cached = CachedQueryEmbeddings(inner)
    cached.embed_query("已有")
    inner.asked.clear()
    vectors = cached.embed_queries(["已有", "新的", "新的"])
    assert vectors == [HashEmbeddings(64).embed_query(t) for t in ("已有", "新的", "新的")]
    assert inner.asked == ["新的"]
    cached.embed_query("新的")
    assert inner.asked == ["新的"]


def test_documents_are_never_cached_and_the_wrapper_reads_like_its_embedder() -> None:
    inner = CountingHash(dim=32)
    cached = CachedQueryEmbeddings(inner)
    assert (cached.name, cached.dimension, cached.dim) == ("hash", 32, 32)
    assert cached.max_tokens == inner.max_tokens
    assert cached.embed_documents(["一段"]) == inner.embed_documents(["一段"])
    assert cached.cache_size == 0
    cached.embed_query("一段")
    cached.cache_clear()
    assert cached.cache_size == 0
