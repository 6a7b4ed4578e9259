"""Choosing the hybrid's fusion weights by measurement.

The hybrid fuses the dense and BM25 candidates either by convex combination of min-max
normalised scores (``assistant.retrieval.hybrid.convex_fusion``, the default) or by weighted RRF
(``weighted_rrf``, k=60). For both, only the ratio of the two weights changes the fused order,
so the sweep fixes the dense weight at 1 and varies the lexical weight. It re-fuses the chunk
lists (with their scores) the retrieval suite already has, with the product's own fusion
functions, so the sweep costs no search; a test checks that this reproduces the retriever.

Protocol: every query falls in a "tune" or a "test" half by a hash of a stable ID (CMRC by
paragraph). A weight is eligible when, on CMRC's tune half, the hybrid beats the better single
retriever on both R@1 and MRR@10 (the hybrid must earn its extra cost on CMRC); among eligible
weights the one with the best objective (the mean MRR@10 of CMRC's tune half and of the gold
sets' tune halves pooled) is chosen. When no weight is eligible, the best objective wins and
the report says so. The choice is reported on the test halves, beside BM25 alone, dense alone,
the hybrid with the current settings and the unconstrained optimum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.retrieval.hybrid import convex_fusion, weighted_rrf
from evals.datasets import CMRC_NAME
from evals.metrics import collapse_to_documents, evaluate_rankings
from evals.retrieval import ChunkList, DatasetRun

LEXICAL_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0)
FUSIONS = ("convex", "rrf")
OBJECTIVE = "mrr@10"
CONSTRAINT = ("r@1", "mrr@10")
Report = dict[str, dict[str, dict[str, Any]]]


def fuse(dense: ChunkList, bm25: ChunkList, weights: dict[str, float], fusion: str) -> list[str]:
    """Document IDs, best first, as ``HybridRetriever.search`` would fuse these candidates."""
    doc_of = {c: d for c, d, _ in (*dense, *bm25)}
    if fusion == "rrf":
        fused = weighted_rrf({"dense": [c for c, _, _ in dense], "bm25": [c for c, _, _ in bm25]}, weights)
    else:
        fused = convex_fusion(
            {"dense": {c: s for c, _, s in dense}, "bm25": {c: s for c, _, s in bm25}}, weights
        )
    return collapse_to_documents(doc_of[c] for c, _ in fused)


@dataclass
class Pool:
    """Queries of one or more runs, keyed ``dataset/query`` so that IDs never collide."""

    name: str
    relevant: dict[str, frozenset[str]]
    dense: dict[str, ChunkList]
    bm25: dict[str, ChunkList]

    def fused(
        self, lexical_weight: float, dense_weight: float = 1.0, fusion: str = "convex"
    ) -> dict[str, list[str]]:
        weights = {"dense": dense_weight, "bm25": lexical_weight}
        return {q: fuse(self.dense.get(q, []), self.bm25.get(q, []), weights, fusion) for q in self.relevant}

    def single(self, side: str) -> dict[str, list[str]]:
        lists = self.dense if side == "dense" else self.bm25
        return {qid: collapse_to_documents(d for _, d, _ in lists.get(qid, [])) for qid in self.relevant}


def pool(name: str, runs: Sequence[DatasetRun], split: str) -> Pool:
    result = Pool(name, {}, {}, {})
    for run in runs:
        for query in run.dataset.queries:
            if query.split != split:
                continue
            key = f"{run.dataset.name}/{query.id}"
            result.relevant[key] = query.relevant
            result.dense[key] = run.chunks.get("dense", {}).get(query.id, [])
            result.bm25[key] = run.chunks.get("bm25", {}).get(query.id, [])
    return result


def sweep_fusion_weights(
    runs: Sequence[DatasetRun],
    current: tuple[float, float],
    lexical_weights: Sequence[float] = LEXICAL_WEIGHTS,
    fusion: str = "convex",
    current_fusion: str | None = None,
) -> Report:
    """Sweep ``fusion``'s weight on the tune halves, report on the test halves.

    Args:
        runs: retrieval-suite runs that kept both the dense and the BM25 chunk lists.
        current: (dense_weight, lexical_weight) now in Settings.
        fusion: the fusion swept (convex or rrf). current_fusion: the one in Settings (default
            ``fusion``), used for the "hybrid" row of the test halves.

    Returns:
        ``{"tune_<group>": {"bm25"|"dense"|"lex=<w>": metrics}, "objective": {"lex=<w>": ...},
        "test_<group>": {system: metrics}, "chosen": {"hybrid_tuned": {"dense_weight": 1.0,
        "lexical_weight": w, ...}, "hybrid_unconstrained": {...}}}``; groups are cmrc2018 and gold.

    Raises:
        ValueError: no run has both chunk lists, or no query falls in the tune half.
    """
    usable = [r for r in runs if "dense" in r.chunks and "bm25" in r.chunks]
    if not usable:
        raise ValueError("the sweep needs runs with both dense and bm25 rankings")
    groups = {
        "cmrc2018": [r for r in usable if r.dataset.name == CMRC_NAME],
        "gold": [r for r in usable if r.dataset.name != CMRC_NAME],
    }
    groups = {k: v for k, v in groups.items() if v}
    tune = {name: pool(name, rs, "tune") for name, rs in groups.items()}
    test = {name: pool(name, rs, "test") for name, rs in groups.items()}
    if not any(p.relevant for p in tune.values()):
        raise ValueError("no query falls in the tune half")

    report: Report = {}
    singles: dict[str, dict[str, dict[str, float]]] = {}
    for name, p in tune.items():
        if p.relevant:
            singles[name] = {s: evaluate_rankings(p.relevant, p.single(s)) for s in ("bm25", "dense")}
            report[f"tune_{name}"] = dict(singles[name])
    objective: dict[float, float] = {}
    eligible: list[float] = []
    for weight in lexical_weights:
        scores = []
        beats_singles = True
        for name, p in tune.items():
            if not p.relevant:
                continue
            metrics = evaluate_rankings(p.relevant, p.fused(weight, fusion=fusion))
            report[f"tune_{name}"][f"lex={weight:g}"] = metrics
            scores.append(metrics[OBJECTIVE])
            if name == CMRC_NAME:
                best = {m: max(singles[name]["bm25"][m], singles[name]["dense"][m]) for m in CONSTRAINT}
                beats_singles = all(metrics[m] > best[m] for m in CONSTRAINT)
        objective[weight] = round(sum(scores) / len(scores), 4)
        if beats_singles:
            eligible.append(weight)
    # Among ties, the weight nearest the current ratio: do not move settings for nothing.
    ratio = current[1] / current[0] if current[0] else float("inf")

    def best_of(weights: Sequence[float]) -> float:
        top = max(objective[w] for w in weights)
        return min((w for w in weights if objective[w] == top), key=lambda w: abs(w - ratio))

    unconstrained = best_of(list(objective))
    chosen = best_of(eligible) if eligible else unconstrained
    report["objective"] = {
        f"lex={w:g}": {f"mean_{OBJECTIVE}": s, "beats_singles_on_cmrc_tune": float(w in eligible)}
        for w, s in objective.items()
    }
    dense, lexical = current
    for name, p in test.items():
        if not p.relevant:
            continue
        report[f"test_{name}"] = {
            "bm25": evaluate_rankings(p.relevant, p.single("bm25")),
            "dense": evaluate_rankings(p.relevant, p.single("dense")),
            "hybrid": evaluate_rankings(p.relevant, p.fused(lexical, dense, current_fusion or fusion)),
            "hybrid_tuned": evaluate_rankings(p.relevant, p.fused(chosen, fusion=fusion)),
        }
        if unconstrained != chosen:
            report[f"test_{name}"]["hybrid_unconstrained"] = evaluate_rankings(
                p.relevant, p.fused(unconstrained, fusion=fusion)
            )
    report["chosen"] = {
        "hybrid_tuned": {
            "dense_weight": 1.0,
            "lexical_weight": chosen,
            f"tune_mean_{OBJECTIVE}": objective[chosen],
            "constraint_met": float(bool(eligible)),
        },
        "hybrid_unconstrained": {
            "dense_weight": 1.0,
            "lexical_weight": unconstrained,
            f"tune_mean_{OBJECTIVE}": objective[unconstrained],
        },
    }
    return report


def sweep_all_fusions(
    runs: Sequence[DatasetRun], current: tuple[float, float], current_fusion: str
) -> Report:
    """Both fusions' sweeps in one report, each key prefixed by its fusion ("convex:chosen")."""
    merged: Report = {}
    for fusion in FUSIONS:
        report = sweep_fusion_weights(runs, current, fusion=fusion, current_fusion=current_fusion)
        merged.update({f"{fusion}:{key}": value for key, value in report.items()})
    return merged
