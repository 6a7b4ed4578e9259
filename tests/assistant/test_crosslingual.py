"""The cross-language sentence matcher, the relevance rule that reads it, and the rules writer's
use of it. The matcher's ranking is checked on the real model (use-multilingual ships its
weights in its package); the rule and the writer are isolated with fixed similarities."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.answer.relevance import RELEVANCE
from assistant.retrieval.crosslingual import SentenceMatcher
from assistant.retrieval.hybrid import Hit
from assistant.writers.base import WriteRequest
from assistant.writers.rules import RulesWriter
from ingest.embedders import get_embedder


@pytest.fixture(scope="module")
def matcher() -> SentenceMatcher:
    return SentenceMatcher(get_embedder("use-multilingual"))


@pytest.mark.parametrize(
    ("question", "answer", "others"),
    [
        (
            "档案原件最多可以借出几天？",
            "An original file may be lent out for at most seven days.",
            ["The archive room is on the third floor.", "Staff training took place in March."],
        ),
        (
            "How many staff does the finance section have?",
            "财务科现有工作人员4名。",
            ["报销单据应在3个工作日内审核。", "档案室位于三楼。"],
        ),
        # Other words than the question's: "who approves an extension" / "经…批准可延长".
        (
            "Who approves an extension of a licence case?",
            "许可事项确需延长的，经分管副局长批准可延长十个工作日。",
            ["窗口每天八点半开始受理。", "本股共有审批员3名。"],
        ),
    ],
)
def test_the_sentence_that_answers_across_languages_ranks_first(
    matcher: SentenceMatcher, question: str, answer: str, others: list[str]
) -> None:
    rule = RELEVANCE["e5-small"]
    scores = matcher.similarities(question, [*others, answer])
    assert max(scores) == scores[-1]
    assert scores[-1] >= rule.cross_sentence


def test_an_off_topic_question_matches_no_sentence(matcher: SentenceMatcher) -> None:
    score, _ = matcher.best("明天会下雨吗？", ["An original file may be lent out for at most seven days.",
                                               "The archive room is on the third floor."])
    assert score < RELEVANCE["e5-small"].cross_sentence


class CountingEmbedder:
    """Isolates the cache: counts the texts it is asked to embed."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return [[float(len(t)), 1.0] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def test_sentence_vectors_are_cached_across_questions() -> None:
    embedder = CountingEmbedder()
    matcher = SentenceMatcher(embedder, "counting")  # type: ignore[arg-type]
    matcher.similarities("q1", ["a", "bb"])
    matcher.similarities("q2", ["bb", "a", "ccc"])
    assert embedder.embedded == ["q1", "a", "bb", "q2", "ccc"]
    assert matcher.similarities("q1", []) == []


@pytest.mark.parametrize(
    ("dense", "coverage", "other", "matched", "relevant"),
    [
        # The other language's best passage just under the plain cross threshold, with one of
        # its sentences saying what was asked: relevant.
        (0.91, 0.18, 0.868, 0.35, True),
        (0.84, 0.12, 0.874, 0.50, True),
        # The same passage score with no sentence that matches: a near miss, refused.
        (0.91, 0.18, 0.868, 0.30, False),
        (0.90, 0.40, 0.8745, 0.27, False),
        # A matching sentence in a passage too far from the question: refused.
        (0.85, 0.20, 0.845, 0.60, False),
        # Without a matcher (matched 0) the former rule stands.
        (0.91, 0.18, 0.868, 0.0, False),
        (0.80, 0.10, 0.880, 0.0, True),
        (0.93, 0.00, 0.700, 0.0, True),
        (0.88, 0.50, 0.700, 0.0, True),
    ],
)
def test_cross_language_relevance_rule(
    dense: float, coverage: float, other: float, matched: float, relevant: bool
) -> None:
    assert RELEVANCE["e5-small"].passes(dense, coverage, other, matched) is relevant


def _hit(chunk: str, language: str, text: str, rank: int) -> Hit:
    title, source = f"doc {chunk}", f"{chunk}.md"
    return Hit(chunk, chunk, title, source, "", "department", language, "", text, 1.0 - rank / 10)


def test_the_writer_quotes_the_other_language_sentence_the_matcher_finds() -> None:
    """A Chinese question; a Chinese passage that shares its words without answering, and an
    English one whose answer shares none of the dictionary's translations."""
    question = "投诉办理最多可以延长几天？"
    chinese = _hit("zh1", "zh", "投诉办理情况每月通报一次。投诉登记表由综合股保存。", 0)
    english = _hit("en1", "en", "Staff rotate monthly. A hard case may run on for five more working days.", 1)

    def similarity(text: str, sentences: Sequence[str]) -> list[float]:
        return [0.55 if "five more working days" in s else 0.1 for s in sentences]

    request = WriteRequest(question, "zh", [chinese, english], similarity=similarity)
    with_matcher = RulesWriter().select(request)
    without = RulesWriter().select(WriteRequest(question, "zh", [chinese, english]))
    assert any("five more working days" in c.text for c in with_matcher)
    assert not any("five more working days" in c.text for c in without)


def test_a_merely_topical_sentence_in_the_other_language_stays_out_of_the_answer() -> None:
    """The matcher scores sentences on the question's topic near 0.3 ("auditors must hold a
    certificate" for "which grades do findings have"): barely a match, so the same-language
    sentence that answers leads and the topical one is not quoted after it."""
    question = "内部审核发现分为哪几个等级？"
    chinese = _hit("zh1", "zh", "在基层发现的问题应追溯到科室。审核发现分为三级。", 0)
    english = _hit("en1", "en", "Internal audit findings. Auditors must hold an internal-auditor licence.", 1)

    def similarity(text: str, sentences: Sequence[str]) -> list[float]:
        return [0.30 for _ in sentences]

    chosen = RulesWriter().select(WriteRequest(question, "zh", [chinese, english], similarity=similarity))
    assert any(c.text.startswith("审核发现分为三级") for c in chosen)
    assert not any("licence" in c.text for c in chosen)


@pytest.mark.parametrize(
    ("other", "crossed", "relevant"),
    [
        # Most words of the question found through their translations, in a close passage.
        (0.865, 1.0, True),
        (0.855, 0.8, True),
        # Too few of its words have a counterpart (a near miss: fines in a year with none).
        (0.865, 0.6, False),
        # Every word found, but the passages are far from the question.
        (0.84, 1.0, False),
    ],
)
def test_translated_coverage_admits_a_close_other_language_passage(
    other: float, crossed: float, relevant: bool
) -> None:
    assert RELEVANCE["e5-small"].passes(0.90, 0.45, other, 0.2, crossed) is relevant
