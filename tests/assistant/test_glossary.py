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


# -- query translation, its vocabulary files, glossing, states -------------------------------

from assistant.retrieval.translation import (  # noqa: E402
    QueryTranslator,
    gloss_figures,
    load_vocabulary,
    mentions,
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("How many complaints were received?", "投诉"),  # glossary, plural
        ("What time limit is promised for oversize transport permits?", "时限"),  # dictionary, phrase
        ("Who signs the public-opinion report?", "舆情"),  # hyphenated phrase
        ("营业执照登记要几天？", "business licence"),  # glossary, British spelling
        ("差旅费报销要哪些附件？", "reimbursement"),  # dictionary, Chinese to English
    ],
)
def test_translation_finds_the_other_language_words(query: str, expected: str) -> None:
    assert expected in QueryTranslator().translate(query)


@pytest.mark.parametrize("query", ["What about it?", "How many were there in 2025?", "那个呢？"])
def test_translation_adds_nothing_for_words_of_form_only(query: str) -> None:
    assert QueryTranslator().translate(query) == []


def test_translation_keeps_only_words_the_index_knows() -> None:
    known = {"投诉"}
    translator = QueryTranslator(vocabulary=known.__contains__)
    assert translator.translate("How many complaints were received?") == ["投诉"]


def test_translation_works_without_the_dictionary() -> None:
    assert QueryTranslator(use_dictionary=False).translate("How many complaints were received?") == ["投诉"]


@pytest.mark.parametrize(
    ("text", "word", "found"),
    [("records are reviewed", "red", False), ("a red stamp", "red", True), ("承诺5个工作日", "承诺", True)],
)
def test_mentions_matches_english_as_whole_words(text: str, word: str, found: bool) -> None:
    assert mentions(text, word) is found


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("法定时限为20个工作日，承诺十个工作日办结", "en", ["20 working days", "10 working days"]),
        ("全年1,856件，按时率98.5%", "en", ["1,856 cases", "98.5%"]),
        ("lent for 7 days; 312 cases handled; 97.6% on time", "zh", ["7天", "312件", "97.6%"]),
        ("第3条规定", "en", []),  # a number without a unit glosses nothing
        ("状态: 已关闭（2026年5月20日现场验证）", "en", []),  # a date is not a duration
        ("2026年度共办结15件", "en", ["15 cases"]),  # a calendar year counts nothing
        ("5月份共受理12件，用时20日", "en", ["12 cases", "20 days"]),
    ],
)
def test_figures_are_glossed_with_their_units(text: str, target: str, expected: list[str]) -> None:
    assert gloss_figures(text, target) == expected


def test_a_malformed_translation_vocabulary_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "translation.yaml"
    bad.write_text("skip_english: a b\nspellings: [x]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"translation\.yaml: `spellings`"):
        load_vocabulary(bad)


@pytest.mark.parametrize(
    ("question", "states"),
    [
        ("Which nonconformity is still unverified?", ("unverified",)),
        ("哪些不符合项逾期未关闭？", ("open", "late")),
        ("Which findings are overdue?", ("late",)),
        ("Which findings were closed?", ("closed",)),
        ("Which findings have not been closed?", ("open",)),
        ("2026年度内审开出的不符合项里，哪些还没有关闭？", ("open",)),
        ("哪些不符合项已经关闭？", ("closed",)),
        ("Open the opening meeting how?", ("open",)),  # "open" as a word is a state cue too
    ],
)
def test_question_states(question: str, states: tuple[str, ...]) -> None:
    from assistant.retrieval.states import question_states

    assert question_states(question) == states


@pytest.mark.parametrize(
    ("sentence", "state"),
    [
        ("NC-2的纠正措施已完成，有效性尚未验证。", True),
        ("NC-1 effectiveness was verified in March.", False),
        ("NC-3 is not yet verified.", True),
        ("ＮＣ－３ ＩＳ ＮＯＴ ＹＥＴ ＶＥＲＩＦＩＥＤ", True),  # full-width, NFKC-normalised
        ("科室共有12人。", None),
    ],
)
def test_sentence_state(sentence: str, state: bool | None) -> None:
    from assistant.retrieval.states import sentence_state

    assert sentence_state(sentence, ("unverified", "open")) is state


def test_a_malformed_states_file_names_the_entry(tmp_path: Path) -> None:
    from assistant.retrieval.states import load_states

    bad = tmp_path / "states.yaml"
    bad.write_text("open:\n  question: [open]\n  in_state: []\n  opposite: [closed]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"open\.in_state"):
        load_states(bad)


@pytest.mark.parametrize(
    ("question", "figure"),
    [("How many complaints?", True), ("办结率是多少？", True), ("What is the time limit?", False),
     ("哪几项未关闭？", False), ("HOW MUCH was spent?", True)],
)
def test_questions_asking_for_a_figure(question: str, figure: bool) -> None:
    from assistant.answer.relevance import asks_for_figure

    assert asks_for_figure(question) is figure


# -- the translation hook (an LLM in the product; a scripted fake here) ----------------------


class ScriptedTranslator:
    """Answers from a table and records its calls; ``fail`` makes every call raise."""

    def __init__(self, table: dict[str, str], fail: bool = False) -> None:
        self.table = table
        self.fail = fail
        self.calls: list[tuple[str, str]] = []

    def __call__(self, text: str, target_language: str) -> str | None:
        self.calls.append((text, target_language))
        if self.fail:
            raise TimeoutError("the model did not answer")
        return self.table.get(text)


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    root = tmp_path_factory.mktemp("fleet")
    docs = root / "docs"
    docs.mkdir()
    (docs / "车辆.md").write_text("# 公务车辆\n\n公务车辆实行定点加油和定点维修。\n", encoding="utf-8")
    (docs / "会议.md").write_text("# 会议管理\n\n会议纪要由办公室整理归档。\n", encoding="utf-8")
    (docs / "fleet.md").write_text("# Staff canteen\n\nThe canteen opens at noon.\n", encoding="utf-8")
    return build_index(docs, root / "index", HashEmbeddings())


# Words neither the glossary nor the dictionary turns into 公务车辆 or 定点.
QUESTION = "Where are the motor-pool sedans refuelled?"


def test_a_query_translator_lets_bm25_cross_languages(fleet: HybridRetriever) -> None:
    assert fleet.search(QUESTION, k=1, mode="bm25", language="zh") == []  # the dictionary alone
    translator = ScriptedTranslator({QUESTION: "公务车辆 在哪里 定点加油"})
    crossing = fleet.model_copy(update={"query_translator": translator})
    hits = crossing.search(QUESTION, k=1, mode="bm25", language="zh")
    assert hits and "定点加油" in hits[0].text
    assert translator.calls == [(QUESTION, "zh")]
    crossing.search(QUESTION, k=1, mode="bm25", language="zh")
    assert len(translator.calls) == 1  # asked once per question and language


def test_the_query_translator_is_not_asked_within_one_language(fleet: HybridRetriever) -> None:
    translator = ScriptedTranslator({})
    same = fleet.model_copy(update={"query_translator": translator})
    same.search("When does the canteen open?", k=1, mode="bm25", language="en")
    same.search("会议纪要谁整理？", k=1, mode="bm25", language="zh")
    assert translator.calls == []


@pytest.mark.parametrize(
    "translator", [ScriptedTranslator({}, fail=True), ScriptedTranslator({QUESTION: ""})]
)
def test_a_failing_or_silent_translator_leaves_the_dictionary_query(
    fleet: HybridRetriever, translator: ScriptedTranslator
) -> None:
    plain = fleet.search(QUESTION, k=2, mode="bm25", language="zh")
    crossing = fleet.model_copy(update={"query_translator": translator})
    assert crossing.lexical_query(QUESTION) == fleet.lexical_query(QUESTION)
    assert [h.chunk_id for h in crossing.search(QUESTION, k=2, mode="bm25", language="zh")] == [
        h.chunk_id for h in plain
    ]


def test_wiring_hands_the_query_translator_to_the_retriever(
    fleet: HybridRetriever, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant import wiring
    from assistant.config import Settings

    monkeypatch.setattr(wiring, "build_embedder", lambda settings: HashEmbeddings())
    settings = Settings(data_dir=fleet.data_dir)
    translator = ScriptedTranslator({})
    assert wiring.build_retriever(settings, query_translator=translator).query_translator is translator
    assert wiring.build_retriever(settings).query_translator is None
