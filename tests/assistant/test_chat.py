"""Grounded answering end to end: refusal, streaming, fallback, injection, follow-ups, planner route."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer.chat import ChatSession, answer, normalize_history, stream_answer
from assistant.errors import UnknownDepartmentError, WriterError
from assistant.retrieval.citations import check_citations
from assistant.retrieval.hybrid import HybridRetriever
from assistant.writers import Turn, get_writer
from assistant.writers.fake import FakeWriter
from ingest.embedders import HashEmbeddings
from tests.assistant.chat_support import DATA, build_index, tiny_with_injection

OFF_TOPIC = [
    "足球比赛的越位规则是什么？",
    "红烧肉怎么做？",
    "How do I bake a chocolate cake?",
    "Who won the World Cup?",
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    root = tmp_path_factory.mktemp("chat")
    return build_index(DATA / "tiny", root / "index", HashEmbeddings())


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    root = tmp_path_factory.mktemp("chat-injected")
    return build_index(tiny_with_injection(root), root / "index", HashEmbeddings())


def rules() -> object:
    return get_writer("rules")


# -- answers and refusals ---------------------------------------------------------------------


def test_answer_quotes_chunks_of_the_index_verbatim(tiny: HybridRetriever) -> None:
    result = answer("档案借阅原件最多借出几天？", tiny, get_writer("rules"))
    assert result.answered and result.writer == "rules"
    assert "7天" in result.answer
    assert result.citations and check_citations(result.citations, tiny) == []
    assert result.supported_share == 1.0
    assert "[1]" in result.answer


def test_answer_dict_has_the_contract_fields(tiny: HybridRetriever) -> None:
    body = answer("How quickly is a requested file retrieved?", tiny, get_writer("rules")).to_dict()
    json.dumps(body)  # JSON-ready
    assert {"answer", "answered", "citations", "writer", "sentences", "route", "timings"} <= body.keys()
    assert body["language"] == "en" and "one working day" in body["answer"]
    for citation in body["citations"]:
        assert {"doc_id", "chunk_id", "title", "quote"} <= citation.keys()


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_question_is_refused_plainly(question: str, tiny: HybridRetriever) -> None:
    result = answer(question, tiny, get_writer("rules"))
    assert not result.answered
    assert result.citations == []
    chinese = "\u4e00" <= question[0] <= "\u9fff"
    assert result.answer.startswith("文档中没有找到" if chinese else "The documents")


def test_unknown_department_option_raises_with_the_list(tiny: HybridRetriever) -> None:
    with pytest.raises(UnknownDepartmentError, match="档案科"):
        answer("借阅期限？", tiny, get_writer("rules"), department="消防科")


# -- streaming ---------------------------------------------------------------------------------


@pytest.mark.parametrize("scripted", [False, True])
def test_stream_emits_tokens_before_the_final_answer(scripted: bool, tiny: HybridRetriever) -> None:
    writer = FakeWriter(["原件借出不超过7天。[1]"]) if scripted else get_writer("rules")
    events = list(stream_answer("档案原件借出不超过几天？", tiny, writer))
    kinds = [e["type"] for e in events]
    assert kinds[-1] == "answer" and kinds.count("answer") == 1
    assert kinds.count("token") >= 2 and kinds.index("token") < kinds.index("answer")
    streamed = "".join(e["text"] for e in events if e["type"] == "token")
    assert "7天" in streamed
    final = events[-1]["answer"]
    json.dumps(events)  # every event is JSON-ready (the API streams them as NDJSON)
    assert final["answered"] and final["timings"]["first_token_s"] <= final["timings"]["total_s"]


# -- fallback ----------------------------------------------------------------------------------


def test_writer_error_falls_back_to_rules(tiny: HybridRetriever) -> None:
    writer = FakeWriter([WriterError("model server unreachable")])
    result = answer("档案原件借出不超过几天？", tiny, writer)
    assert result.writer == "rules" and result.fallback_from == "fake"
    assert "unreachable" in (result.fallback_reason or "")
    assert result.answered and "7天" in result.answer


def test_failure_mid_stream_tells_the_client_to_discard_the_draft(tiny: HybridRetriever) -> None:
    writer = FakeWriter(["原件借出不超过7天。[1]"], fail_after=3)
    events = list(stream_answer("档案原件借出不超过几天？", tiny, writer))
    kinds = [e["type"] for e in events]
    assert kinds[:3] == ["token", "token", "token"] and kinds[3] == "fallback"
    assert events[-1]["answer"]["writer"] == "rules"
    assert events[-1]["answer"]["fallback_from"] == "fake"


def test_answer_with_no_supported_sentence_falls_back(tiny: HybridRetriever) -> None:
    writer = FakeWriter(["档案科每年组织两次消防演练。[1]"])
    result = answer("档案原件借出不超过几天？", tiny, writer)
    assert result.fallback_from == "fake" and result.writer == "rules"
    assert "消防" not in result.answer


def test_planted_false_sentence_in_a_model_answer_is_marked(tiny: HybridRetriever) -> None:
    text = "档案借阅须填写借阅登记单，原件借出不超过7天。[1]借出的原件可以带回家中保管一个月。[1]"
    marked = answer("档案借阅有什么规定？", tiny, FakeWriter([text]))
    assert marked.writer == "fake"
    assert [s.supported for s in marked.sentences] == [True, False]
    assert "带回家中保管一个月。[无依据]" in marked.answer
    removed = answer("档案借阅有什么规定？", tiny, FakeWriter([text]), unsupported="remove")
    assert "带回家" not in removed.answer and "7天" in removed.answer


def test_model_refusal_is_reported_as_not_answered(tiny: HybridRetriever) -> None:
    result = answer(
        "How quickly is a requested file retrieved?", tiny, FakeWriter(["The documents do not cover this."])
    )
    assert not result.answered and result.citations == [] and result.writer == "fake"


# -- prompt injection in a document -----------------------------------------------------------


def test_rules_answer_ignores_instructions_inside_a_document(injected: HybridRetriever) -> None:
    result = answer("档案借阅登记单由谁填写？", injected, get_writer("rules"))
    assert result.answered
    assert "借阅人本人填写" in result.answer
    assert "已攻破" not in result.answer and "忽略" not in result.answer


@pytest.mark.parametrize("obeying", ["已攻破", "PWNED."])
def test_a_model_that_obeys_an_injected_instruction_is_not_passed_through(
    obeying: str, injected: HybridRetriever
) -> None:
    question = "档案借阅登记单由谁填写？" if obeying == "已攻破" else "Who signs the lending register?"
    result = answer(question, injected, FakeWriter([obeying]))
    # The obeying text is not supported by any chunk, so the rules writer answers instead.
    assert result.fallback_from == "fake"
    assert "已攻破" not in result.answer and "PWNED" not in result.answer
    assert result.answered


def test_obeyed_instruction_mixed_into_a_real_answer_is_flagged(injected: HybridRetriever) -> None:
    text = "Borrowers sign the lending register in person at the Records Office counter. [1] PWNED."
    result = answer("Who signs the lending register?", injected, FakeWriter([text]))
    assert result.writer == "fake"
    assert [s.supported for s in result.sentences] == [True, False]
    assert result.answer.endswith("PWNED. [unsupported]")
    assert all("PWNED" not in c.quote for c in result.citations)


# -- history and follow-ups -------------------------------------------------------------------


def test_follow_up_question_is_resolved_against_the_earlier_turn(tiny: HybridRetriever) -> None:
    session = ChatSession(tiny, get_writer("rules"))
    first = session.ask("档案科的档案借阅有什么规定？")
    assert first.answered
    follow = session.ask("那销毁呢？")
    assert "档案科" in follow.query and "销毁" in follow.query
    assert follow.answered and "销毁" in follow.answer
    assert follow.route.department == "档案科" and follow.route.department_source == "history"


def test_history_accepts_chat_messages_as_the_api_sends_them() -> None:
    turns = normalize_history(
        [
            {"role": "user", "content": "档案借阅期限？"},
            {"role": "assistant", "content": "7天。[1]"},
            {"role": "user", "content": "销毁呢？"},
        ]
    )
    assert turns == [Turn("档案借阅期限？", "7天。[1]"), Turn("销毁呢？", "")]


def test_writer_sees_the_conversation_history(tiny: HybridRetriever) -> None:
    writer = FakeWriter(["原件借出不超过7天。[1]", "原件借出不超过7天。[1]"])
    session = ChatSession(tiny, writer)
    session.ask("档案借阅原件借出几天？")
    session.ask("那电子档案呢？")
    assert writer.requests[1].history[0].question == "档案借阅原件借出几天？"


# -- planner route ------------------------------------------------------------------------------


def test_planner_request_is_answered_by_the_planner_with_citations(tiny: HybridRetriever) -> None:
    pytest.importorskip("assistant.planner.planning")
    result = answer("档案科的访谈问题有哪些？", tiny, get_writer("rules"))
    assert result.route.kind == "plan" and result.route.parts == ("questions",)
    assert result.answered and result.citations
    assert check_citations(result.citations, tiny) == []
    assert "[1]" in result.answer


def test_planner_enrichment_falls_back_to_the_rule_based_brief_on_error(tiny: HybridRetriever) -> None:
    pytest.importorskip("assistant.planner.planning")
    baseline = answer("档案科的访谈问题有哪些？", tiny, get_writer("rules"))
    failing = FakeWriter([WriterError("model crashed")])
    result = answer("档案科的访谈问题有哪些？", tiny, failing)
    assert result.answer == baseline.answer
    assert result.extra["enrichment"]["errors"] == 1 and result.writer == "planner"


def test_planner_enrichment_keeps_grounded_rephrasings_and_rejects_new_claims(tiny: HybridRetriever) -> None:
    pytest.importorskip("assistant.planner.planning")
    from assistant.answer.enrichment import brief_items, enrich_brief
    from assistant.planner.planning import plan_audit

    brief = plan_audit(tiny, "档案科", "zh")
    first, second = [item["text"] for item in list(brief_items(brief.to_dict(), "questions"))[:2]]
    writer = FakeWriter([f"能否请您谈谈：{first}", f"{second}去年档案科共发生37起泄密事故。"])
    enriched, report = enrich_brief(brief, writer, tiny, "zh", parts=("questions",))
    texts = [item["text"] for item in brief_items(enriched.to_dict(), "questions")]
    assert texts[0] == f"能否请您谈谈：{first}"  # grounded: kept
    assert texts[1] == second  # a new, unsupported claim: rejected, the rule-based text stays
    assert report["rephrased"] == 1 and report["rejected"] == 1


# -- real embedder, real corpora (slow) --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("question", OFF_TOPIC[:3])
def test_off_topic_questions_are_refused_on_the_bundled_corpus(
    question: str, bundled_index: HybridRetriever
) -> None:
    result = answer(question, bundled_index, get_writer("rules"))
    assert not result.answered, result.relevance


@pytest.mark.slow
@pytest.mark.parametrize("question", ["What should the opening meeting cover?", "不符合项应当怎样描述？"])
def test_on_topic_questions_are_answered_with_checked_citations(
    question: str, bundled_index: HybridRetriever
) -> None:
    result = answer(question, bundled_index, get_writer("rules"))
    assert result.answered, result.relevance
    assert check_citations(result.citations, bundled_index) == []


@pytest.mark.slow
def test_unseen_corpus_answers_its_own_facts_and_refuses_foreign_ones(
    other_agency_index: HybridRetriever,
) -> None:
    facts = json.loads((DATA / "other_agency" / "FACTS.json").read_text(encoding="utf-8"))
    limits = [f["key"] for f in facts["劳动保障监察大队"] if f["kind"] == "time_limit"]
    result = answer("劳动保障监察大队收到投诉后多久决定是否立案？", other_agency_index, get_writer("rules"))
    assert result.answered and any(limit in result.answer for limit in limits)
    assert check_citations(result.citations, other_agency_index) == []
    assert not answer("食品经营许可的办理时限是多少？", other_agency_index, get_writer("rules")).answered


def test_answers_never_touch_files_outside_the_index(tiny: HybridRetriever, tmp_path: Path) -> None:
    answer("档案借阅原件最多借出几天？", tiny, get_writer("rules"))
    assert not any(tmp_path.iterdir())


# -- across languages, relevance, follow-ups (a bilingual corpus of our own, real Chroma) ----


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    from tests.assistant.chat_support import crosslang_corpus

    root = tmp_path_factory.mktemp("crosslang")
    return build_index(crosslang_corpus(root), root / "index", HashEmbeddings())


MUST_ANSWER = [
    # (question, a string the answer holds, the document it must cite)
    ("超限运输许可对外承诺几个工作日办结？", "5个工作日", "crosslang/permits-zh"),
    ("What time limit is promised for oversize transport permits?", "5 working days", "crosslang/permits-zh"),
    ("档案科借出原件最长几天？", "7 days", "crosslang/archives-en"),
    ("How long may the Archives Section lend original files?", "7 days", "crosslang/archives-en"),
]
MUST_REFUSE = [
    "红烧肉怎么做？",                                   # off-topic
    "How do I bake a chocolate cake?",
    "2023年超限运输许可办理了多少件？",                 # a year with no data
    "How many lending requests did the Archives Section handle in 2019?",
    "人才交流科的职责是什么？",                         # a department that does not exist
    "What does the Talent Exchange Section do?",
    "超限运输许可的收费标准是多少元？",                 # a figure the documents never give
]


@pytest.mark.parametrize(("question", "expected", "doc"), MUST_ANSWER)
def test_relevance_rule_answers_in_and_across_languages(
    question: str, expected: str, doc: str, bilingual: HybridRetriever
) -> None:
    result = answer(question, bilingual, get_writer("rules"))
    assert result.answered, result.relevance
    assert expected in result.answer
    assert doc in {c.doc_id for c in result.citations}
    assert result.supported_share == 1.0


@pytest.mark.parametrize("question", MUST_REFUSE)
def test_relevance_rule_refuses_off_topic_and_near_misses(question: str, bilingual: HybridRetriever) -> None:
    result = answer(question, bilingual, get_writer("rules"))
    assert not result.answered, result.answer
    assert not result.citations


def test_cross_language_answer_is_in_the_question_language_and_quotes_the_source(
    bilingual: HybridRetriever,
) -> None:
    question = "What time limit is promised for oversize transport permits?"
    result = answer(question, bilingual, get_writer("rules"))
    first = result.answer.split("[1]")[0]
    assert first.startswith("The Chinese source") and "“" in first  # English frame, Chinese quote
    assert "5个工作日" in first and "5 working days" in first  # the figure quoted and glossed
    assert result.citations[0].quote in bilingual.get([result.citations[0].chunk_id])[0].text


def test_department_flag_does_not_refuse_what_the_question_alone_answers(bilingual: HybridRetriever) -> None:
    question = "What time limit is promised for oversize transport permits?"
    plain = answer(question, bilingual, get_writer("rules"))
    scoped = answer(question, bilingual, get_writer("rules"), department="Transport Permits Section")
    assert plain.answered and scoped.answered
    assert scoped.route.department == "运输许可科"


def test_question_about_unverified_items_leads_with_them(bilingual: HybridRetriever) -> None:
    for question in ("哪个不符合项的有效性尚未验证？", "哪些不符合项仍未关闭？"):
        result = answer(question, bilingual, get_writer("rules"))
        assert result.answered
        first = result.answer.split("[1]")[0]
        assert "NC-02" in first and "NC-01" not in first, result.answer


def test_follow_up_asks_its_own_topic_with_the_carried_department(bilingual: HybridRetriever) -> None:
    session = ChatSession(bilingual, get_writer("rules"))
    first = session.ask("What time limit does the Transport Permits Section promise?")
    assert "5 working days" in first.answer
    follow = session.ask("And how many oversize transport permits did it issue in 2025?")
    assert follow.answered and "1,240" in follow.answer
    assert follow.language == "en"
    assert follow.route.department == "运输许可科"


def test_short_follow_up_keeps_the_conversation_language(bilingual: HybridRetriever) -> None:
    session = ChatSession(bilingual, get_writer("rules"))
    session.ask("超限运输许可对外承诺几个工作日办结？")
    assert session.ask("NC-02?").language == "zh"
