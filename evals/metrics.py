"""Glue between our ranked lists and ranx, the metrics library every suite uses.

A suite produces, for each query, the document IDs a system returned, best first. ranx wants
a ``Qrels`` (the relevant documents per query) and a ``Run`` (scores per query and document);
``evaluate_rankings`` builds both and returns our metric names:

| ours | ranx | meaning |
| --- | --- | --- |
| ``r@1``, ``r@5`` | ``recall@1``, ``recall@5`` | share of a query's relevant documents in the top k |
| ``mrr@10`` | ``mrr@10`` | reciprocal rank of the first relevant document (0 past rank 10) |
| ``ndcg@10`` | ``ndcg@10`` | discounted gain of the top 10, binary relevance |

With one relevant document per query (CMRC 2018 and most gold items) ``r@k`` is the hit rate.

Usage::

    scores = evaluate_rankings({"q1": ["a"]}, {"q1": ["b", "a"]})
    scores["mrr@10"]   # 0.5
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

NO_HIT = "\x00no-hit"
METRICS: dict[str, str] = {"r@1": "recall@1", "r@5": "recall@5", "mrr@10": "mrr@10", "ndcg@10": "ndcg@10"}


def collapse_to_documents(doc_ids: Iterable[str]) -> list[str]:
    """Document IDs in the order of their first chunk: a document ranks where its best chunk ranks."""
    return list(dict.fromkeys(d for d in doc_ids if d))


def evaluate_rankings(
    relevant: Mapping[str, Iterable[str]],
    rankings: Mapping[str, Sequence[str]],
    metrics: Mapping[str, str] = METRICS,
) -> dict[str, float]:
    """Mean of each metric over the queries of ``relevant``.

    Args:
        relevant: query ID -> the IDs of its relevant documents (binary relevance).
        rankings: query ID -> document IDs, best first. A query missing here, or with an
            empty list, counts as a miss (score 0), never as skipped.
        metrics: our metric name -> ranx metric name.

    Raises:
        ValueError: ``relevant`` is empty or a query has no relevant document.
    """
    from ranx import Qrels, Run, evaluate

    if not relevant:
        raise ValueError("no queries to evaluate")
    qrels_dict: dict[str, dict[str, int]] = {}
    for qid, docs in relevant.items():
        judged = {str(d): 1 for d in docs}
        if not judged:
            raise ValueError(f"query {qid!r} has no relevant document")
        qrels_dict[str(qid)] = judged
    run_dict: dict[str, dict[str, float]] = {}
    for qid in qrels_dict:
        ranked = collapse_to_documents(rankings.get(qid, ()))
        # Scores only need to preserve the order; ranx sorts by them.
        run_dict[qid] = {doc: float(len(ranked) - i) for i, doc in enumerate(ranked)}
        if not run_dict[qid]:
            # ranx cannot hold an empty result list; a document no query judges is a miss.
            run_dict[qid] = {NO_HIT: 0.0}
    with warnings.catch_warnings():
        # numba warns about an integer cast inside ranx; harmless and noisy.
        warnings.simplefilter("ignore")
        scores = evaluate(
            Qrels.from_dict(qrels_dict),
            Run.from_dict(run_dict),
            list(metrics.values()),
            make_comparable=True,
        )
    if not isinstance(scores, dict):  # ranx returns a bare float for a single metric
        scores = {next(iter(metrics.values())): scores}
    return {ours: round(float(scores[theirs]), 4) for ours, theirs in metrics.items()}


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50 and p95 of a list of durations, in milliseconds."""
    if not seconds:
        return {}
    values = np.asarray(seconds, dtype=np.float64) * 1000.0
    # Four decimals: a cached lookup takes a few microseconds, which two decimals round to zero.
    return {
        "latency_p50_ms": round(float(np.percentile(values, 50)), 4),
        "latency_p95_ms": round(float(np.percentile(values, 95)), 4),
    }
