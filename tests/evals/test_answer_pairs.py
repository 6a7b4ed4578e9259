"""Answers per language pair (issue 12): the correctness rule, the gold set's shape, and the
scoring loop on a real (hash-embedded) index of the bundled corpus."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from evals.answer_pairs import (
    PAIRS,
    PAIRS_FILE,
    PairItem,
    cites_file,
    is_correct,
    load_pair_items,
    score_pairs,
)
from evals.errors import EvalDataError
from evals.textnorm import canon, contains

CORPUS = PAIRS_FILE.parent.parent.parent / "corpus"


@pytest.fixture(scope="module")
def hash_bundled_index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The bundled departments' documents, hash-embedded (fast, real files, real index)."""
    from assistant.retrieval.hybrid import HybridRetriever
    from ingest.embedders import HashEmbeddings
    from ingest.sync import Ingester

    data = tmp_path_factory.mktemp("pairs-index")
    Ingester(data, HashEmbeddings()).sync([CORPUS / "departments"])
    return HybridRetriever.open(data, HashEmbeddings())


@pytest.mark.parametrize(
    ("must", "answer", "quotes", "correct"),
    [
        (["十个工作日"], "应在10个工作日内办结。", [], True),
        (["10 working days"], "It must be done within ten working days.", [], True),
        (["１０个工作日"], "应在十个工作日内办结。", [], True),
        (["９５％"], "The target is 95%.", [], True),
        (["2,864"], "全年合计2864件", [], True),
        (["1,236", "517"], "全年受理1,236件。", ["其中窗口受理517件"], True),  # found in a cited quote
        (["1,236", "517"], "全年受理1,236件。", [], False),  # one string missing
        (["十个工作日"], "应在二十个工作日内答复。", [], False),  # 20 is not 10
        (["60日"], "受理后六十日内办结", [], True),
        ([], "anything", [], False),
    ],
)
def test_is_correct(must: list[str], answer: str, quotes: list[str], correct: bool) -> None:
    assert is_correct(must, answer, quotes) is correct


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("ten working days", "10 working days", True),
        ("两千余件", "2000余件", True),
        ("1,842件", "1842件", True),
        ("Ｑ３", "q3", True),
        ("十二", "12", True),
        ("二十", "12", False),
        ("six hundred and twelve complaints", "612 complaints", True),
        ("twenty-one cases", "21 cases", True),
        ("six hundred and twelve complaints", "6 hundred and 12 complaints", False),
        ("one of the two", "one of the 2", True),
    ],
)
def test_canon(a: str, b: str, same: bool) -> None:
    assert (canon(a) == canon(b)) is same
    assert contains(f"前文{a}后文", b) is same


def test_cites_file_matches_by_path_suffix() -> None:
    assert cites_file(["corpus/departments/zh/finance.md"], "departments/zh/finance.md")
    assert cites_file(["docs/2025/台账.xlsx"], "2025/台账.xlsx")
    assert not cites_file(["corpus/departments/zh/finance.md"], "departments/en/finance.md")
    assert not cites_file(["corpus/a.md"], "")


def test_the_bundled_pair_set_has_ten_questions_per_pair() -> None:
    items = load_pair_items()
    assert Counter(i.pair for i in items) == {p: 10 for p in PAIRS}
    unanswerable = [i for i in items if not i.answerable]
    assert 8 <= len(unanswerable) <= 14
    assert {i.kind for i in unanswerable} >= {"near_miss_year", "near_miss_department", "off_topic"}
    assert {i.lang for i in unanswerable if i.kind == "off_topic"} == {"zh", "en"}
    root = CORPUS
    for item in items:
        if item.answerable:
            assert item.must_contain and (root / item.file).exists(), item.id
            text = (root / item.file).read_text(encoding="utf-8")
            assert all(contains(text, s) for s in item.must_contain), item.id
            assert all(s not in item.question for s in item.must_contain), (
                item.id
            )  # no answer in the question
        lang_of_doc = item.pair.split("->")[-1]
        assert item.lang == item.pair.split("->")[0]
        if item.answerable:
            assert f"/{lang_of_doc}/" in item.file, item.id


def test_a_bad_pair_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "x", "lang": "zh", "pair": "zh->fr", "question": "?", "answerable": true}\n')
    with pytest.raises(EvalDataError):
        load_pair_items(path)


class Failing:
    """A writer that breaks: the suite must count its questions wrong, not stop."""

    name = "failing"

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError("writer broke")


def test_score_pairs_on_a_real_index(hash_bundled_index: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.writers.rules import RulesWriter

    items = [i for i in load_pair_items() if i.id in {"P03", "P12", "P10", "P40"}]
    result = score_pairs(RulesWriter(), hash_bundled_index, items)
    assert result["n_zh"] == 1 and result["n_en"] == 1 and result["n_unanswerable"] == 2
    for key in ("correct_zh", "correct_en", "correct_all", "correct_refusals", "right_document"):
        assert 0.0 <= result[key] <= 1.0
    assert result["correct_zh->en"] is None  # no question of that pair: n/a, not 0
    broken = [
        PairItem("x", "zh", "zh", "问？", True, "a.md", "", ("1",)),
        PairItem("y", "en", "en", "?", False),
    ]
    assert score_pairs(Failing(), hash_bundled_index, broken)["correct_zh"] == 0.0
    import assistant.answer.chat

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(assistant.answer.chat, "answer", explode)
    failed = score_pairs(Failing(), hash_bundled_index, broken)
    assert failed["correct_zh"] == 0.0 and failed["correct_refusals"] == 0.0
    assert len(failed["details"]["failed"]) == 2
