"""The fusion-weight sweep: it picks the weight the tune half supports and reports held-out figures."""

from __future__ import annotations

import pytest

from evals.datasets import Dataset, Query
from evals.retrieval import DatasetRun
from evals.sweep import FUSIONS, LEXICAL_WEIGHTS, sweep_all_fusions, sweep_fusion_weights

# Metrics go through ranx, whose numba kernels compile on first use (about 100 s on a fresh
# install): these tests run with the slow ones, not in the default run.
pytestmark = pytest.mark.slow


def make_run(name: str, dense_rank: int | None, bm25_rank: int | None, n: int = 40) -> DatasetRun:
    """Each query's relevant document sits at ``dense_rank`` / ``bm25_rank`` (None: absent);
    the other places hold distractors that differ between the two sides."""
    queries = [Query(f"q{i}", f"query {i}", frozenset({f"rel{i}"})) for i in range(n)]
    run = DatasetRun(Dataset(name, queries))

    def ranked(side: str, rank: int | None, i: int) -> list[tuple[str, str]]:
        docs = [f"{side}-noise{i}-{j}" for j in range(10)]
        if rank is not None:
            docs.insert(rank - 1, f"rel{i}")
        return [(f"c-{d}", d, 1.0 - 0.05 * j) for j, d in enumerate(docs)]

    run.chunks["dense"] = {f"q{i}": ranked("dense", dense_rank, i) for i in range(n)}
    run.chunks["bm25"] = {f"q{i}": ranked("bm25", bm25_rank, i) for i in range(n)}
    return run


@pytest.mark.parametrize("fusion", FUSIONS)
def test_when_bm25_alone_finds_the_answer_the_sweep_raises_the_lexical_weight(fusion: str) -> None:
    report = sweep_fusion_weights([make_run("cmrc2018", None, 1)], current=(1.0, 0.7), fusion=fusion)
    chosen = report["chosen"]["hybrid_tuned"]["lexical_weight"]
    assert chosen > 1.0
    assert report["test_cmrc2018"]["hybrid_tuned"]["r@1"] == 1.0
    assert report["test_cmrc2018"]["hybrid"]["r@1"] == 0.0  # at the current 0.7 dense noise wins


@pytest.mark.parametrize("fusion", FUSIONS)
def test_ties_keep_the_weight_closest_to_the_current_setting(fusion: str) -> None:
    report = sweep_fusion_weights([make_run("cmrc2018", 1, 5)], current=(1.0, 0.7), fusion=fusion)
    assert report["chosen"]["hybrid_tuned"]["lexical_weight"] == 0.7


def test_gold_sets_and_cmrc_are_tuned_as_two_groups() -> None:
    runs = [make_run("cmrc2018", 1, 1), make_run("bundled_zh", 2, 1)]
    report = sweep_fusion_weights(runs, current=(1.0, 0.7))
    assert {"tune_cmrc2018", "tune_gold", "test_cmrc2018", "test_gold", "objective", "chosen"} <= set(report)
    assert len(report["objective"]) == len(LEXICAL_WEIGHTS)


@pytest.mark.parametrize("fusion", FUSIONS)
def test_the_chosen_weight_must_beat_both_single_retrievers_on_cmrc(fusion: str) -> None:
    # CMRC: most answers only BM25 finds, a fifth dense finds first (BM25 second): the hybrid
    # beats both only with lexical weight > 1. Gold: only dense finds them, which favours < 1.
    cmrc = make_run("cmrc2018", None, 1)
    for i in range(0, 40, 5):
        cmrc.chunks["dense"][f"q{i}"] = make_run("x", 1, 2).chunks["dense"][f"q{i}"]
        cmrc.chunks["bm25"][f"q{i}"] = make_run("x", 1, 2).chunks["bm25"][f"q{i}"]
    report = sweep_fusion_weights([cmrc, make_run("bundled_zh", 1, None)], current=(1.0, 0.7), fusion=fusion)
    chosen = report["chosen"]
    assert chosen["hybrid_unconstrained"]["lexical_weight"] < 1.0
    assert chosen["hybrid_tuned"]["lexical_weight"] > 1.0
    assert chosen["hybrid_tuned"]["constraint_met"] == 1.0
    test = report["test_cmrc2018"]
    assert test["hybrid_tuned"]["r@1"] > max(test["bm25"]["r@1"], test["dense"]["r@1"])


def test_both_fusions_are_reported_side_by_side() -> None:
    report = sweep_all_fusions([make_run("cmrc2018", 1, 2)], current=(1.0, 1.0), current_fusion="convex")
    assert {"convex:chosen", "rrf:chosen", "convex:test_cmrc2018", "rrf:objective"} <= set(report)
