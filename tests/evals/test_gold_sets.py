"""The gold sets: enough hand-written queries, real document IDs, no copied passages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from evals.answers import load_answer_items
from evals.datasets import GOLD_DIR, GOLD_SETS, load_gold, load_gold_sets
from evals.errors import EvalDataError
from evals.leakage import Leak, check_gold_sets, longest_common_run, token_overlap
from evals.planner import PLANNER_FACTS, load_facts


def _document_language(doc_id: str) -> str:
    return "en" if "/en/" in doc_id else "zh"


@pytest.mark.parametrize("name", GOLD_SETS)
def test_each_gold_set_has_forty_queries_on_existing_documents(name: str) -> None:
    dataset = load_gold(name)
    assert len(dataset.queries) >= 40
    assert len({q.id for q in dataset.queries}) == len(dataset.queries)
    for query in dataset.queries:
        assert query.relevant, query.id
        for doc_id in query.relevant:
            assert (PROJECT_ROOT / f"{doc_id}.md").exists(), (query.id, doc_id)
            assert _document_language(doc_id) == query.target_language, (query.id, doc_id)


def test_cross_language_sets_ask_in_one_language_for_the_other() -> None:
    for name, asked, found in (("cross_zh2en", "zh", "en"), ("cross_en2zh", "en", "zh")):
        for query in load_gold(name).queries:
            assert (query.language, query.target_language) == (asked, found), query.id


@pytest.fixture(scope="module")
def leaks() -> list[Leak]:
    return check_gold_sets()


def test_no_gold_query_copies_its_passage(leaks: list[Leak]) -> None:
    flagged = [leak for leak in leaks if leak.flagged]
    assert not flagged, [(f.query_id, f.run) for f in flagged]


def test_paraphrases_share_fewer_words_with_their_documents_than_plain_queries(leaks: list[Leak]) -> None:
    mean = {
        name: sum(leak.overlap for leak in leaks if leak.dataset == name)
        / max(1, sum(leak.dataset == name for leak in leaks))
        for name in ("bundled_zh", "bundled_en", "paraphrase")
    }
    assert mean["paraphrase"] < 0.5 < min(mean["bundled_zh"], mean["bundled_en"])


def test_leakage_check_flags_a_copied_sentence() -> None:
    text = "行政审批科负责食品经营许可的受理、审查、决定和发证。"
    run, length, unit = longest_common_run("食品经营许可的受理、审查、决定和发证由谁负责", text)
    assert unit == "chars" and length >= 12 and run in text
    run, length, unit = longest_common_run(
        "who keeps the list of applicable laws up to date",
        "Wei Lin keeps the list of applicable laws up to date.",
    )
    assert unit == "words" and length == 9
    assert token_overlap("办理时限", text) < token_overlap("食品经营许可", text)


def test_malformed_gold_line_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bundled_zh.jsonl").write_text('{"id": "a", "query": "x"}\n', encoding="utf-8")
    with pytest.raises(EvalDataError, match=r"bundled_zh.jsonl:1"):
        load_gold("bundled_zh", tmp_path)
    assert load_gold_sets(tmp_path / "none") == []


def test_answer_and_planner_gold_files_are_complete() -> None:
    items = load_answer_items()
    assert sum(i.answerable for i in items) >= 20 and sum(not i.answerable for i in items) >= 8
    for item in items:
        for doc_id in item.relevant:
            assert (PROJECT_ROOT / f"{doc_id}.md").exists(), doc_id
    for language in ("zh", "en"):
        facts = load_facts(PLANNER_FACTS, language)
        assert facts and all(keys for keys in facts.values())
    raw = json.loads(PLANNER_FACTS.read_text(encoding="utf-8"))
    slugs = {"办公室": "office", "行政审批科": "licensing", "信访办": "letters-visits"}
    for department, slug in slugs.items():
        text = (PROJECT_ROOT / f"corpus/departments/en/{slug}.md").read_text(encoding="utf-8")
        assert all(f["key"] in text for f in raw["en"][department]), department
    assert GOLD_DIR.is_dir()
