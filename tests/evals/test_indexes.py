"""Query vectors computed ahead in batches are the vectors the product computes one by one."""

from __future__ import annotations

import numpy as np
import pytest

from evals.indexes import QueryVectors, embed_queries, slug
from ingest.embedders import AuditPrepEmbeddings, HashEmbeddings


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
