"""Plots are written as PNG files from suite results, and skipped when there is nothing to draw."""

from __future__ import annotations

from pathlib import Path

from evals.plots import plot_latency_vs_size, plot_retrieval_tradeoff


def test_tradeoff_and_size_plots_are_png_files(tmp_path: Path) -> None:
    retrieval = {
        "cmrc2018": {
            "bm25": {"ndcg@10": 0.9, "latency_p50_ms": 3.0},
            "dense": {"ndcg@10": 0.95, "latency_p50_ms": 60.0},
            "hybrid": {"ndcg@10": 0.97, "latency_p50_ms": 65.0},
        }
    }
    perf = {
        f"query@{n}": {p: {"latency_p50_ms": n / 100, "latency_p95_ms": n / 50} for p in ("hybrid", "dense")}
        for n in (1000, 10000)
    }
    for path in (
        plot_retrieval_tradeoff(retrieval, tmp_path / "a.png"),
        plot_latency_vs_size(perf, tmp_path / "b.png"),
    ):
        assert path is not None and path.read_bytes()[:4] == b"\x89PNG"


def test_nothing_to_plot_writes_nothing(tmp_path: Path) -> None:
    assert plot_retrieval_tradeoff({"x": {"bm25": {"r@1": 1.0}}}, tmp_path / "a.png") is None
    assert plot_latency_vs_size({"ingestion": {}}, tmp_path / "b.png") is None
    assert not list(tmp_path.iterdir())
