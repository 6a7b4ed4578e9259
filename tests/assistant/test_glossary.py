"""Glossary terms let BM25 match across languages (real index, hash embedder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.retrieval.glossary import expand_query, load_terms
from assistant.retrieval.hybrid import HybridRetriever
from ingest.embedders import HashEmbeddings
from tests.assistant.chat_support import build_index


def test_english_terms_bring_their_chinese_equivalents_and_back() -> None:
    assert expand_query("When is the opening meeting held?").endswith("首次会议")
    assert "不符合项" in expand_query("How many nonconformities were raised?")  # plural
    assert "corrective action" in expand_query("纠正措施多久完成")
    assert expand_query("午饭吃什么") == "午饭吃什么"  # no glossary term
    once = expand_query("opening meeting, Opening Meeting, 首次会议")
    assert once == "opening meeting, Opening Meeting, 首次会议"  # nothing added twice


def test_a_malformed_glossary_names_its_file(tmp_path: Path) -> None:
    bad = tmp_path / "glossary.yaml"
    bad.write_text("首次会议: opening meeting\n", encoding="utf-8")  # a string, not a list
    with pytest.raises(ValueError, match=r"glossary\.yaml: entry '首次会议'"):
        load_terms(bad)


@pytest.fixture(scope="module")
def chinese_only(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    root = tmp_path_factory.mktemp("glossary")
    docs = root / "docs"
    docs.mkdir()
    (docs / "整改.md").write_text(
        "# 整改要求\n\n受审核部门应在收到报告后二十个工作日内提交纠正措施计划。\n", encoding="utf-8"
    )
    (docs / "车辆.md").write_text("# 公务车辆\n\n公务车辆实行定点加油和定点维修。\n", encoding="utf-8")
    return build_index(docs, root / "index", HashEmbeddings())


def test_english_question_finds_a_chinese_passage_through_bm25(chinese_only: HybridRetriever) -> None:
    question = "By when must the corrective action plan be submitted?"
    hits = chinese_only.search(question, k=2, mode="bm25", language="zh")
    assert hits and "纠正措施" in hits[0].text
    plain = chinese_only.model_copy(update={"expand_terms": False})
    assert plain.search(question, k=2, mode="bm25", language="zh") == []
