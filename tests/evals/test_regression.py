"""Regression guard: a fast slice of the retrieval and planner suites must stay above the floors
recorded in evals/floors.json (the full suites run with `auditprep eval`, not here).

Slice: every gold set over the bundled corpus (BM25, dense and hybrid with e5-small), the first
200 CMRC 2018 questions with BM25 over all 848 paragraphs (no embedding), and the planner on the
test-only corpus of another agency. Floors sit a little below the figures measured when they
were recorded, so noise does not trip them but a real loss does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.retrieval.hybrid import HybridRetriever
from evals.datasets import load_cmrc, load_gold_sets, write_cmrc_documents
from evals.indexes import QueryVectors, lexical_retriever
from evals.retrieval import Systems, evaluate_dataset
from evals.runner import DEFAULT_CMRC, OTHER_AGENCY, QUICK_CMRC_QUESTIONS, check_floors, load_floors


def _floors(suite: str) -> dict[str, Any]:
    return {suite: load_floors().get(suite, {})}


@pytest.mark.slow
def test_retrieval_slice_stays_above_its_floors(bundled_index: HybridRetriever, tmp_path: Path) -> None:
    embedder = QueryVectors(bundled_index.embedder)
    retriever = bundled_index.model_copy(update={"embedder": embedder})
    systems = Systems(retriever, embedder, None, ("bm25", "dense", "hybrid"))
    results: dict[str, Any] = {}
    for dataset in load_gold_sets():
        results[dataset.name] = evaluate_dataset(dataset, systems, latency_sample=0).metrics()
    if (DEFAULT_CMRC / "cmrc2018_dev.json").exists():
        cmrc, paragraphs = load_cmrc(DEFAULT_CMRC)
        root = write_cmrc_documents(paragraphs, tmp_path / "docs")
        lexical = lexical_retriever([root], tmp_path / "lexical", bundled_index.embedder, {})
        run = evaluate_dataset(cmrc.head(QUICK_CMRC_QUESTIONS), Systems(lexical, None, None, ("bm25",)), 0)
        results["cmrc2018"] = run.metrics()
    floors = _floors("retrieval")
    if "cmrc2018" not in results:
        floors["retrieval"].pop("cmrc2018", None)
    assert floors["retrieval"], "evals/floors.json has no retrieval floors"
    assert check_floors({"retrieval": results}, floors) == []


@pytest.mark.slow
def test_planner_on_another_agency_stays_above_its_floors(other_agency_index: HybridRetriever) -> None:
    pytest.importorskip("assistant.planner.planning")
    from evals.planner import PlannerCorpus, load_facts, run_planner_suite

    corpus = PlannerCorpus("other_agency", other_agency_index, load_facts(OTHER_AGENCY / "FACTS.json"))
    results = run_planner_suite([corpus])
    assert results["other_agency"]["plan_audit"]["errors"] == 0
    floors = _floors("planner")
    assert floors["planner"], "evals/floors.json has no planner floors"
    assert check_floors({"planner": results}, floors) == []
