"""The perf suite's pieces: realistic synthetic chunks, the exact-search floor, a small full run."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.config import PROJECT_ROOT, Settings
from evals.perf import (
    LATENCY_PATHS,
    PerfOptions,
    corpus_sentences,
    exact_top_k,
    random_unit_vectors,
    run_perf_suite,
    synthetic_chunks,
)
from ingest.embedders import HashEmbeddings


def test_synthetic_chunks_recombine_corpus_sentences_deterministically() -> None:
    sentences = corpus_sentences(PROJECT_ROOT / "corpus")
    assert set(sentences) == {"zh", "en"}
    first = synthetic_chunks(sentences, 50)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in synthetic_chunks(sentences, 50)]
    assert len({c.chunk_id for c in first}) == 50
    pool = {s for group in sentences.values() for s in group}
    for chunk in first[:10]:
        assert any(s in chunk.text for s in pool)
        assert chunk.metadata["language"] in ("zh", "en")


def test_exact_top_k_is_the_true_nearest_neighbours() -> None:
    vectors = random_unit_vectors(500, 16)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    query = vectors[42]
    top = exact_top_k(vectors, query, 5)
    assert top[0] == 42
    scores = vectors @ query
    assert set(top) == set(np.argsort(-scores)[:5])


def test_small_perf_run_reports_throughput_latency_and_memory(tmp_path: Path, tiny_dir: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", embedder="hash")
    options = PerfOptions(work=tmp_path / "perf", ingest_roots=[tiny_dir], sizes=(300,), repeats=1)
    results = run_perf_suite(settings, HashEmbeddings(), options)
    ingestion = results["ingestion"]
    assert ingestion["ingester"]["chunks"] == ingestion["raw_embedder"]["chunks"] > 0
    assert ingestion["ingester"]["ratio_to_raw"] > 0
    query = results["query@300"]
    for path in LATENCY_PATHS:
        assert query[path]["latency_p95_ms"] >= query[path]["latency_p50_ms"] > 0
    assert 0.0 <= query["chroma_ann"]["recall@10_vs_exact"] <= 1.0
    assert query["exact_store"]["recall@10_vs_exact"] == 1.0  # the exact copy is exact
    ratios = query["exact_vs_chroma"]
    assert set(ratios) == {
        "hybrid_p50", "hybrid_p95", "dense_p50", "dense_p95", "embed_cached_over_cold_p50"
    }
    assert all(value > 0 for value in ratios.values())
    assert results["memory"]["after_300"]["peak_rss_mib"] > 0
    assert not (tmp_path / "perf" / "synthetic-300").exists()  # big synthetic indexes are removed
