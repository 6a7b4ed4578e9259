"""The ranx glue: our metric names, document collapse, misses and latency percentiles."""

from __future__ import annotations

import pytest

from evals.metrics import collapse_to_documents, evaluate_rankings, latency_summary

# Metrics go through ranx, whose numba kernels compile on first use (about 100 s on a fresh
# install): these tests run with the slow ones, not in the default run.
pytestmark = pytest.mark.slow


def test_single_relevant_document_gives_hit_rate_and_reciprocal_rank() -> None:
    relevant = {"q1": ["a"], "q2": ["b"]}
    rankings = {"q1": ["a", "x"], "q2": ["x", "y", "b"]}
    scores = evaluate_rankings(relevant, rankings)
    assert scores["r@1"] == 0.5
    assert scores["r@5"] == 1.0
    assert scores["mrr@10"] == pytest.approx((1 + 1 / 3) / 2, abs=1e-4)
    assert set(scores) == {"r@1", "r@5", "mrr@10", "ndcg@10"}


def test_recall_counts_the_share_of_several_relevant_documents() -> None:
    scores = evaluate_rankings({"q": ["a", "b"]}, {"q": ["a", "x", "y", "z", "w", "b"]})
    assert scores["r@1"] == 0.5
    assert scores["r@5"] == 0.5  # b is sixth


def test_missing_or_empty_rankings_count_as_misses_not_as_skipped() -> None:
    scores = evaluate_rankings({"q1": ["a"], "q2": ["b"], "q3": ["c"]}, {"q1": ["a"], "q2": []})
    assert scores["r@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert evaluate_rankings({"q": ["a"]}, {})["mrr@10"] == 0.0


def test_a_relevant_document_past_rank_ten_scores_nothing_at_ten() -> None:
    ranking = [f"x{i}" for i in range(10)] + ["a"]
    scores = evaluate_rankings({"q": ["a"]}, {"q": ranking})
    assert scores["mrr@10"] == 0.0 and scores["ndcg@10"] == 0.0


def test_duplicate_documents_rank_at_their_first_chunk() -> None:
    assert collapse_to_documents(["d1", "d2", "d1", "", "d3", "d2"]) == ["d1", "d2", "d3"]
    scores = evaluate_rankings({"q": ["d2"]}, {"q": ["d1", "d1", "d2"]})
    assert scores["mrr@10"] == 0.5


def test_empty_relevance_is_rejected() -> None:
    with pytest.raises(ValueError, match="no queries"):
        evaluate_rankings({}, {})
    with pytest.raises(ValueError, match="no relevant document"):
        evaluate_rankings({"q": []}, {"q": ["a"]})


def test_latency_summary_reports_milliseconds() -> None:
    summary = latency_summary([0.001] * 19 + [0.1])
    assert summary["latency_p50_ms"] == 1.0
    assert summary["latency_p95_ms"] > 1.0
    assert latency_summary([]) == {}
