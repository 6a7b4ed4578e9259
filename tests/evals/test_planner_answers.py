"""The planner and answers suites: their gold files, their failure modes, the answer scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.retrieval.hybrid import HybridRetriever
from evals.answers import AnswerItem, run_answers_suite, score_writer
from evals.planner import load_facts
from ingest.embedders import HashEmbeddings
from ingest.sync import Ingester

OTHER_FACTS = Path(__file__).parents[1] / "data" / "other_agency" / "FACTS.json"


@pytest.fixture
def tiny_index(tmp_path: Path, tiny_dir: Path) -> HybridRetriever:
    embedder = HashEmbeddings()
    Ingester(tmp_path / "idx", embedder).sync([tiny_dir])
    return HybridRetriever.open(tmp_path / "idx", embedder)


def test_facts_files_load_as_department_to_keys() -> None:
    facts = load_facts(OTHER_FACTS)
    assert "综合股" in facts and "2,864" in facts["综合股"]


def test_answer_scores_stay_in_range_with_the_rules_writer(tiny_index: HybridRetriever) -> None:
    from assistant.writers import get_writer

    items = [
        AnswerItem("a", "档案原件借出不能超过几天？", "zh", True, ("7天",), frozenset({"tiny/dangan_ke"})),
        AnswerItem("u", "明天的足球比赛谁会赢？", "zh", False),
    ]
    scores = score_writer(get_writer("rules"), tiny_index, items)
    for name in ("correctness", "answered", "supported_share", "citation_precision", "correct_refusals"):
        assert 0.0 <= scores[name] <= 1.0, name
    assert scores["questions"] == 2
    assert scores["total_p50_ms"] > 0


def test_answers_suite_skips_writers_that_cannot_load(tmp_path: Path, tiny_index: HybridRetriever) -> None:
    settings = Settings(data_dir=tmp_path, embedder="hash", llm_url="http://127.0.0.1:9/v1")
    items = [AnswerItem("u", "明天的足球比赛谁会赢？", "zh", False)]
    results = run_answers_suite(settings, tiny_index, writers=["rules", "openai"], items=items)
    assert "rules" in results["bundled"]
