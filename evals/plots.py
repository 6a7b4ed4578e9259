"""PNG plots of the suites' results (matplotlib, Agg backend: no display needed).

- ``retrieval_tradeoff.png``: per data set, nDCG@10 against median query latency for each
  retriever; up and to the left is better.
- ``latency_vs_size.png``: median and p95 query latency against index size for the product's
  query paths, the ANN search alone and exact brute-force search (the floor).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

Results = Mapping[str, Mapping[str, Mapping[str, Any]]]
_MARKERS = {"bm25": "s", "dense": "^", "hybrid": "o", "hybrid_rerank": "D", "naive_langchain": "x"}


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_retrieval_tradeoff(results: Results, path: Path, metric: str = "ndcg@10") -> Path | None:
    """One panel per data set; returns the file written, or None when nothing has latency."""
    datasets = [
        name
        for name, systems in results.items()
        if any("latency_p50_ms" in m and metric in m for m in systems.values())
    ]
    if not datasets:
        return None
    plt = _pyplot()
    cols = min(3, len(datasets))
    rows = (len(datasets) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.4 * rows), squeeze=False)
    for ax, name in zip(axes.flat, datasets, strict=False):
        for system, m in results[name].items():
            if "latency_p50_ms" not in m or metric not in m:
                continue
            ax.scatter(
                max(m["latency_p50_ms"], 0.01),
                m[metric],
                marker=_MARKERS.get(system, "o"),
                s=50,
                label=system,
            )
            ax.annotate(
                system,
                (max(m["latency_p50_ms"], 0.01), m[metric]),
                fontsize=7,
                xytext=(4, 3),
                textcoords="offset points",
            )
        ax.set_xscale("log")
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("median latency per query (ms, log)")
        ax.set_ylabel(metric)
        ax.grid(True, alpha=0.3)
    for ax in list(axes.flat)[len(datasets) :]:
        ax.set_visible(False)
    fig.suptitle(f"Retrieval quality ({metric}) against latency", fontsize=11)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_latency_vs_size(results: Results, path: Path) -> Path | None:
    """Latency lines from the perf suite's ``query@<size>`` entries."""
    sizes = sorted(int(name.split("@", 1)[1]) for name in results if name.startswith("query@"))
    if not sizes:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    paths = [
        p
        for p in ("hybrid", "dense", "bm25", "embed_query", "chroma_ann", "brute_force")
        if all(p in results[f"query@{s}"] for s in sizes)
    ]
    for name in paths:
        p50 = [results[f"query@{s}"][name]["latency_p50_ms"] for s in sizes]
        p95 = [results[f"query@{s}"][name]["latency_p95_ms"] for s in sizes]
        line = ax.plot(sizes, p50, marker="o", label=f"{name} p50")[0]
        ax.plot(sizes, p95, linestyle="--", color=line.get_color(), alpha=0.6)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("chunks in the index (log)")
    ax.set_ylabel("latency per query (ms, log); dashed: p95")
    ax.set_title("Query latency against index size")
    ax.grid(True, alpha=0.3, which="both")
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
