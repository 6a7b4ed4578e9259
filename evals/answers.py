"""The answers suite: are the chat answers right, supported, well cited, and do they refuse
what the documents do not cover?

Questions live in ``evals/gold/answers.jsonl``: answerable ones carry reference ``facts``
(strings a correct answer contains, written from the corpus) and the ``relevant`` documents;
unanswerable ones (``"answerable": false``) are questions the bundled corpus does not cover,
some of them close to its subject. Each available writer answers every question through
``assistant.answer.chat.answer``, the same path as the CLI and the API.

| metric | meaning |
| --- | --- |
| ``correctness`` | share of an answerable question's reference facts found in the answer, averaged |
| ``answered`` | share of answerable questions answered (not refused) |
| ``supported_share`` | share of answer sentences a cited passage supports, averaged over answers |
| ``citation_precision`` | share of citations pointing at one of the question's relevant documents |
| ``correct_refusals`` | share of unanswerable questions refused |
| ``first_token_p50_ms`` / ``total_p50_ms`` | latency to the first streamed piece and to the full answer |
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.retrieval.hybrid import HybridRetriever
from evals.datasets import GOLD_DIR, read_jsonl
from evals.errors import SuiteUnavailableError
from evals.indexes import Say
from evals.metrics import latency_summary
from ingest.errors import AuditPrepError

ANSWERS_FILE = GOLD_DIR / "answers.jsonl"


@dataclass(frozen=True)
class AnswerItem:
    id: str
    question: str
    language: str
    answerable: bool
    facts: tuple[str, ...] = ()
    relevant: frozenset[str] = frozenset()


def load_answer_items(path: Path = ANSWERS_FILE) -> list[AnswerItem]:
    """Read the answer gold set.

    Raises:
        EvalDataError: a line is not a valid item.
    """

    def item(raw: dict[str, Any]) -> AnswerItem:
        return AnswerItem(
            str(raw["id"]),
            str(raw["question"]),
            str(raw["language"]),
            bool(raw["answerable"]),
            tuple(raw.get("facts", ())),
            frozenset(raw.get("relevant", ())),
        )

    return read_jsonl(path, item, "an answer item")


def available_writers(settings: Settings, names: Sequence[str] | None = None) -> dict[str, Any]:
    """Writers that can be built here: ``rules`` always, the configured LLM writer when it loads."""
    from assistant.wiring import build_writer

    wanted = list(names) if names else list(dict.fromkeys(["rules", settings.writer]))
    writers: dict[str, Any] = {}
    for name in wanted:
        if name == "fake":
            continue
        try:
            writers[name] = build_writer(settings, name)
        except AuditPrepError:
            continue  # an LLM writer without its model or server is simply not measured
    return writers


def score_writer(writer: Any, retriever: HybridRetriever, items: Sequence[AnswerItem]) -> dict[str, float]:
    from assistant.answer.chat import answer

    correctness: list[float] = []
    supported: list[float] = []
    answered = refused = cited = cited_relevant = 0
    first: list[float] = []
    total: list[float] = []
    for item in items:
        result = answer(item.question, retriever, writer)
        if "first_token_s" in result.timings:
            first.append(result.timings["first_token_s"])
        if "total_s" in result.timings:
            total.append(result.timings["total_s"])
        if not item.answerable:
            refused += not result.answered
            continue
        text = result.answer.lower()
        correctness.append(
            sum(f.lower() in text for f in item.facts) / len(item.facts) if item.facts else 0.0
        )
        if result.answered:
            answered += 1
            supported.append(result.supported_share)
            cited += len(result.citations)
            cited_relevant += sum(c.doc_id in item.relevant for c in result.citations)
    n_answerable = sum(i.answerable for i in items)
    n_unanswerable = len(items) - n_answerable
    out: dict[str, float] = {
        "correctness": round(sum(correctness) / len(correctness), 4) if correctness else 0.0,
        "answered": round(answered / n_answerable, 4) if n_answerable else 0.0,
        "supported_share": round(sum(supported) / len(supported), 4) if supported else 0.0,
        "citation_precision": round(cited_relevant / cited, 4) if cited else 0.0,
        "correct_refusals": round(refused / n_unanswerable, 4) if n_unanswerable else 0.0,
        "questions": len(items),
    }
    for name, values in (("first_token", first), ("total", total)):
        summary = latency_summary(values)
        if summary:
            out[f"{name}_p50_ms"] = summary["latency_p50_ms"]
            out[f"{name}_p95_ms"] = summary["latency_p95_ms"]
    return out


def run_answers_suite(
    settings: Settings,
    retriever: HybridRetriever,
    writers: Sequence[str] | None = None,
    items: Sequence[AnswerItem] | None = None,
    say: Say | None = None,
) -> dict[str, dict[str, dict[str, float]]]:
    """``{"bundled": {writer: metrics}}`` for every writer available.

    Raises:
        SuiteUnavailableError: assistant.answer.chat is missing or no writer can be built.
    """
    try:
        import assistant.answer.chat  # noqa: F401
    except ImportError as e:
        raise SuiteUnavailableError(f"The answers suite needs assistant.answer.chat: {e}.") from e
    chosen = available_writers(settings, writers)
    if not chosen:
        raise SuiteUnavailableError("No answer writer can be built here; check AUDITPREP_WRITER.")
    questions = list(items) if items is not None else load_answer_items()
    results: dict[str, dict[str, float]] = {}
    for name, writer in chosen.items():
        if say:
            say(f"Answers: {len(questions)} questions with the {name} writer ...")
        results[name] = score_writer(writer, retriever, questions)
    return {"bundled": results}
