"""Grounded answering: route, retrieve, refuse or write, verify, fall back; streamed.

``stream_answer`` yields ``{"type": "token", "text": …}`` events while the writer writes and
ends with one ``{"type": "answer", "answer": {…}}`` holding the verified answer. When an LLM
writer fails (``WriterError``, time-out) or writes nothing the passages support, a
``{"type": "fallback", …}`` event tells the client to discard the tokens so far, and the
rules writer answers instead; the answer records ``writer="rules"`` and ``fallback_from``.
``answer`` runs the same and returns the final ``Answer``.

Before writing, a relevance test (``relevance.py``) decides whether the documents can answer at
all; if not, the answer says so plainly (``answered`` false) instead of stretching an unrelated
passage. After writing, a question that asks for a figure is refused when no supported
sentence gives a number.

Usage::

    result = answer("食品经营许可的办理时限是多少？", retriever, get_writer("rules"))
    result.to_dict()["citations"][0]["quote"]

    session = ChatSession(retriever, writer)
    session.ask("行政审批科的质量目标是什么？")
    session.ask("它的办理时限呢？")     # "它" resolves to the department of the previous turn
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.answer.relevance import asks_for_figure, assess_relevance
from assistant.answer.routing import Route, carries_topic, detect_route, find_department, is_follow_up
from assistant.answer.verification import (
    CheckedSentence,
    UnsupportedPolicy,
    verify_answer,
)
from assistant.errors import AuditPrepError, WriterError
from assistant.facts.recognizers import keyed_row, row_state
from assistant.retrieval.citations import Citation
from assistant.retrieval.hybrid import Hit, HybridRetriever
from assistant.retrieval.states import question_states
from assistant.writers.answer_types import AnswerType
from assistant.writers.base import Turn, Writer, WriteRequest
from assistant.writers.guards import strip_markers
from assistant.writers.rules import RulesWriter
from ingest.formats.sheets import table_heading
from ingest.text import detect_language

log = logging.getLogger(__name__)

REFUSAL = {
    "zh": "文档中没有找到与这个问题相关的内容，无法作答。可以换个说法，或先导入相关文件。",
    "en": "The documents do not cover this. Try other words, or ingest documents that do.",
}
# How a model says it cannot answer (the prompts ask for these sentences).
_MODEL_REFUSAL = re.compile(r"^\s*(?:文档中没有找到|the documents do not cover)", re.IGNORECASE)


PASSAGES = 5
# Chunks of a retrieved register added for a question about items in a state (open, late):
# enough for a register split in a few chunks, few enough to leave room for the search's hits.
SIBLING_CHUNKS = 3


@dataclass
class Answer:
    """A verified answer. ``citations[i]`` is the source of ``[i + 1]`` in ``answer``."""

    question: str
    answer: str
    answered: bool
    citations: list[Citation]
    writer: str
    language: str
    route: Route
    sentences: list[CheckedSentence] = field(default_factory=list)
    query: str = ""
    fallback_from: str | None = None
    fallback_reason: str | None = None
    relevance: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def supported_share(self) -> float:
        claims = [s for s in self.sentences if s.supported is not None]
        return sum(bool(s.supported) for s in claims) / len(claims) if claims else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "answered": self.answered,
            "citations": [{"n": n, **c.to_dict()} for n, c in enumerate(self.citations, 1)],
            "writer": self.writer,
            "fallback_from": self.fallback_from,
            "fallback_reason": self.fallback_reason,
            "language": self.language,
            "route": self.route.kind,
            "routing": self.route.to_dict(),
            "department": self.route.department,
            "query": self.query,
            "sentences": [s.to_dict() for s in self.sentences],
            "supported_share": round(self.supported_share, 3),
            "relevance": self.relevance,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            **self.extra,
        }


# -- history and follow-ups ----------------------------------------------------------------


def normalize_history(history: Sequence[Any] | None) -> list[Turn]:
    """Turns from ``Turn`` objects, ``{"question", "answer"}`` dicts or chat-style
    ``{"role": "user"|"assistant", "content"}`` messages (the API's format), oldest first."""
    turns: list[Turn] = []
    pending: str | None = None
    for item in history or []:
        if isinstance(item, Turn):
            turns.append(item)
        elif isinstance(item, Mapping) and "question" in item:
            turns.append(Turn(str(item["question"]), str(item.get("answer", ""))))
        elif isinstance(item, Mapping) and item.get("role") == "user":
            if pending is not None:
                turns.append(Turn(pending, ""))
            pending = str(item.get("content", ""))
        elif isinstance(item, Mapping) and item.get("role") == "assistant" and pending is not None:
            turns.append(Turn(pending, str(item.get("content", ""))))
            pending = None
        else:
            raise TypeError(f"history items must be Turn or dicts, got {item!r}")
    if pending is not None:
        turns.append(Turn(pending, ""))
    return turns


@dataclass(frozen=True)
class Context:
    """What a question means in its conversation: the retrieval query, the department an
    earlier turn was about, and the language of the conversation."""

    query: str
    previous_department: str | None
    language: str = ""


def conversation_language(question: str, history: Sequence[Turn]) -> str:
    """The question's language; a question too short to tell ("2024?", "NC-3呢") takes the
    previous turn's."""
    cjk = len(re.findall(r"[\u4e00-\u9fff]", question))
    words = re.findall(r"[A-Za-z]{2,}", question)
    if history and not cjk and len(words) < 2:
        return detect_language(history[-1].question)
    return detect_language(question)


def resolve_context(
    question: str, history: Sequence[Turn], retriever: HybridRetriever, chosen: str | None = None
) -> Context:
    """Carry the conversation into a follow-up.

    The department carries over ("它的办理时限呢？" after a question about 行政审批科 searches for
    "行政审批科 它的办理时限呢？"); the previous question's topic carries over only when the
    follow-up has none of its own ("那2024年呢？"), so "And how many complaints?" after a question
    about time limits searches for complaints. A department chosen now (``chosen``) that differs
    from the one the history was about starts afresh: the old topic does not follow.
    """
    language = conversation_language(question, history)
    if not history:
        return Context(question, None, language)
    departments = retriever.departments()
    previous_department = None
    for turn in reversed(history):
        previous_department = find_department(turn.question, departments)
        if previous_department:
            break
    if chosen and previous_department and chosen != previous_department:
        return Context(question, None, language)
    if not is_follow_up(question):
        return Context(question, previous_department, language)
    pieces = [question] if carries_topic(question) else [history[-1].question, question]
    if previous_department and not find_department(question, departments):
        pieces.insert(0, previous_department)
    return Context(" ".join(dict.fromkeys(pieces)), previous_department, language)


# -- retrieval and relevance ---------------------------------------------------------------


def retrieve(retriever: HybridRetriever, query: str, department: str | None, k: int = PASSAGES) -> list[Hit]:
    """The department's own passages first (when one is named), then the best of the rest."""
    hits: list[Hit] = []
    if department:
        hits = retriever.search(query, k=max(2, k // 2 + 1), department=department)
    states = question_states(query)
    if states:
        # Items in a state (open, unverified, late) are listed in the agency's records, not in
        # the guidance that explains what the states mean: the records are searched first.
        chosen = {h.chunk_id for h in hits}
        hits += [
            h for h in retriever.search(query, k=max(2, k // 2 + 1), doc_type="record", department=department)
            if h.chunk_id not in chosen
        ]
        hits = _with_rows_in_state(retriever, hits, states)
    seen = {h.chunk_id for h in hits}
    for hit in retriever.search(query, k=k):
        if len(hits) >= k:
            break
        if hit.chunk_id not in seen:
            hits.append(hit)
            seen.add(hit.chunk_id)
    return hits[:k]


def _rows_in_state(text: str, states: tuple[str, ...]) -> tuple[bool, bool]:
    """(holds table rows, holds a row in one of ``states``)."""
    rows = [line for line in text.splitlines() if keyed_row(line)]
    return bool(rows), any(row_state(line, states) for line in rows)


def _with_rows_in_state(retriever: HybridRetriever, hits: list[Hit], states: tuple[str, ...]) -> list[Hit]:
    """``hits`` with, after each hit that holds a table of items, the other chunks of that table
    holding rows in the asked state. A long register (the findings of an audit, a complaints
    ledger) is split over several chunks and the search finds one of them; "which are still
    open?" needs every open row, which the other chunks of the same table hold."""
    out: list[Hit] = []
    chosen = {h.chunk_id for h in hits}
    documents: dict[str, list[Hit]] = {}  # each document read once, however many of its hits
    added = 0
    for hit in hits:
        out.append(hit)
        if added >= SIBLING_CHUNKS or not _rows_in_state(hit.text, states)[0]:
            continue
        table = table_heading(hit.heading_path)
        if hit.doc_id not in documents:
            documents[hit.doc_id] = retriever.chunks(doc_id=hit.doc_id)
        for sibling in documents[hit.doc_id]:
            if added >= SIBLING_CHUNKS:
                break
            if sibling.chunk_id in chosen or table_heading(sibling.heading_path) != table:
                continue
            if _rows_in_state(sibling.text, states)[1]:
                out.append(sibling)
                chosen.add(sibling.chunk_id)
                added += 1
    return out


# -- the answer stream ---------------------------------------------------------------------


def _is_llm(writer: Writer) -> bool:
    return writer.name not in ("rules",)


def _write(writer: Writer, request: WriteRequest, started: float, timings: dict[str, float]) -> Iterator[str]:
    for piece in writer.write(request):
        if not piece:
            continue
        timings.setdefault("first_token_s", time.perf_counter() - started)
        yield piece


def stream_answer(
    question: str,
    retriever: HybridRetriever,
    writer: Writer,
    department: str | None = None,
    history: Sequence[Any] | None = None,
    **options: Any,
) -> Iterator[dict[str, Any]]:
    """Answer ``question`` as a stream of JSON-ready events (see the module docstring).

    Args:
        department: restrict to this department (name or alias); also routes planner requests.
        history: earlier turns (``Turn``, ``{"question","answer"}`` or ``{"role","content"}``).
        options: ``k`` (passages), ``unsupported`` ("mark" or "remove" sentences no passage
            supports), ``enrich`` (let an LLM writer rephrase planner output; default True).

    Raises:
        UnknownDepartmentError: ``department`` is not in the index.
        IndexNotFoundError: there is no index.
    """
    for event in _events(question, retriever, writer, department, history, **options):
        yield {key: value for key, value in event.items() if key != "result"}


def _events(
    question: str,
    retriever: HybridRetriever,
    writer: Writer,
    department: str | None = None,
    history: Sequence[Any] | None = None,
    *,
    k: int = PASSAGES,
    unsupported: UnsupportedPolicy = "mark",
    enrich: bool = True,
) -> Iterator[dict[str, Any]]:
    """``stream_answer``'s events; the answer event also carries the ``Answer`` as "result"."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    question = question.strip()
    turns = normalize_history(history)
    chosen = retriever.resolve_department(department) if department else None
    context = resolve_context(question, turns, retriever, chosen)
    language = context.language
    route = detect_route(question, retriever.departments(), chosen, context.previous_department)

    planner_error = None
    if route.kind == "plan" and route.department:
        try:
            yield from _plan_stream(question, language, route, retriever, writer, enrich, started, timings)
            return
        except AuditPrepError as e:
            # The planner's data is broken; the documents can still answer the question.
            planner_error = str(e)
            log.warning("planner failed, answering from the documents: %s", e)

    query = context.query
    hits = retrieve(retriever, query, route.department, k)
    timings["retrieval_s"] = time.perf_counter() - started
    relevance = assess_relevance(retriever, query, hits, question)
    base: dict[str, Any] = {"question": question, "language": language, "route": route, "query": query,
                            "relevance": relevance, "timings": timings}
    if planner_error:
        base["extra"] = {"planner_error": planner_error}
    refusal = REFUSAL.get(language, REFUSAL["en"])
    if not relevance["relevant"]:
        timings["first_token_s"] = time.perf_counter() - started
        yield {"type": "token", "text": refusal}
        timings["total_s"] = time.perf_counter() - started
        result = Answer(answer=refusal, answered=False, citations=[], writer=writer.name, **base)
        yield {"type": "answer", "answer": result.to_dict(), "result": result}
        return

    request = WriteRequest(
        _scoring_question(question, route, used_by=writer),
        language,
        hits,
        turns,
        department=route.department,
        names=department_names(retriever),
        similarity=retriever.sentence_matcher.similarities if retriever.sentence_matcher else None,
    )
    used = writer
    fallback_reason: str | None = None
    pieces: list[str] = []
    try:
        for piece in _write(writer, request, started, timings):
            pieces.append(piece)
            yield {"type": "token", "text": piece}
    except (WriterError, TimeoutError, ConnectionError) as e:
        if not _is_llm(writer):
            raise
        fallback_reason = str(e)
        log.warning("writer %s failed, answering with rules: %s", writer.name, e)
    text = "".join(pieces)

    if fallback_reason is None and _is_llm(writer) and _MODEL_REFUSAL.match(strip_markers(text)[0]):
        # The model read the passages and found no answer: respect that as a refusal.
        timings["total_s"] = time.perf_counter() - started
        result = Answer(answer=refusal, answered=False, citations=[], writer=writer.name, **base)
        yield {"type": "answer", "answer": result.to_dict(), "result": result}
        return

    verification = None
    if fallback_reason is None:
        verification = verify_answer(text, hits, language, unsupported)
        if _is_llm(writer) and not verification.any_supported:
            fallback_reason = "no sentence of the model's answer is supported by the passages"
            base["extra"] = {**base.get("extra", {}), "rejected_draft": text}
    if fallback_reason is not None:
        yield {"type": "fallback", "from": writer.name, "reason": fallback_reason}
        used = RulesWriter()
        timings.pop("first_token_s", None)
        pieces = []
        for piece in _write(used, request, started, timings):
            pieces.append(piece)
            yield {"type": "token", "text": piece}
        verification = verify_answer("".join(pieces), hits, language, unsupported)

    assert verification is not None
    timings["total_s"] = time.perf_counter() - started
    checked = {name: getattr(verification, name) for name in ("corrected", "dropped", "removed")}
    answered = verification.any_supported
    if answered and asks_for_figure(question) and not _gives_figure(verification.sentences):
        # Sentences on the topic without the figure asked for do not answer the question.
        answered = False
        relevance["relevant"] = False
        relevance["reason"] = "the passages give no figure"
    elif answered and not _gives_kind(question, language, verification.sentences):
        # "How many interpreters…" answered with counts of petitions: not the answer asked for.
        answered = False
        relevance["relevant"] = False
        relevance["reason"] = "no sentence gives the kind of answer asked for"
    result = Answer(
        answer=verification.text if answered else refusal,
        answered=answered,
        citations=verification.citations if answered else [],
        writer=used.name,
        sentences=verification.sentences,
        fallback_from=writer.name if used is not writer else None,
        fallback_reason=fallback_reason,
        **{**base, "extra": {**base.get("extra", {}), "verification": checked}},
    )
    yield {"type": "answer", "answer": result.to_dict(), "result": result}


def department_names(retriever: HybridRetriever) -> tuple[tuple[str, str], ...]:
    """(Chinese name, English name) of each department of the index that has both."""
    pairs: list[tuple[str, str]] = []
    for info in retriever.departments():
        names = (info.name, *info.aliases)
        chinese = next((n for n in names if re.search(r"[\u4e00-\u9fff]", n)), None)
        english = next((n for n in names if n.isascii() and re.search(r"[A-Za-z]{3}", n)), None)
        if chinese and english:
            pairs.append((chinese, english))
    return tuple(pairs)


def _scoring_question(question: str, route: Route, used_by: Writer) -> str:
    """The question the rules writer scores sentences against: with the department the question
    names in another language added ("Publicity Section" -> "宣传科"), so that the department's
    own sentences in that language count as on topic. LLM writers get the question as asked."""
    if used_by.name != "rules" or not route.department or route.department in question:
        return question
    return f"{question} {route.department}"


def _gives_kind(question: str, language: str, sentences: Sequence[CheckedSentence]) -> bool:
    """Whether a supported sentence gives the kind of answer ``question`` asks for
    (``answer_types.py``); true when it asks for no particular kind. A sentence quoting a passage
    in the other language is read as such: a count's unit is not compared across languages."""
    asked = AnswerType.of(question).required()
    if not asked:
        return True
    for sentence in sentences:
        if not sentence.supported:
            continue
        quoted = "".join(_QUOTE.findall(sentence.text))
        crossing = bool(quoted) and detect_language(quoted) != language
        if asked.fits(sentence.text, crossing=False) or (crossing and asked.fits(quoted, crossing=True)):
            return True
    return False


_QUOTE = re.compile(r"“([^”]+)”")


def _gives_figure(sentences: Sequence[CheckedSentence]) -> bool:
    return any(s.supported and _FIGURE.search(s.text) for s in sentences)


# A figure in an answer sentence: digits, a Chinese numeral with a unit, or an English number
# word ("about ten minutes"); a lone "one" is mostly a pronoun, not a figure.
_FIGURE = re.compile(
    r"\d|[一二两三四五六七八九十百千万]+(?:个|件|项|次|人|日|天|%)"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|hundred|thousand|half|twice|once)\b",
    re.IGNORECASE,
)


def _plan_stream(
    question: str,
    language: str,
    route: Route,
    retriever: HybridRetriever,
    writer: Writer,
    enrich: bool,
    started: float,
    timings: dict[str, float],
) -> Iterator[dict[str, Any]]:
    """Answer a planner request from ``assistant.planner.planning``, optionally rephrased by the LLM."""
    from assistant.answer.enrichment import enrich_brief, format_brief
    from assistant.planner.planning import plan_audit  # another area's module; imported on use

    assert route.department is not None
    brief = plan_audit(retriever, route.department, language)
    used = "planner"
    extra: dict[str, Any] = {}
    if enrich and _is_llm(writer):
        brief, report = enrich_brief(brief, writer, retriever, language, parts=route.parts)
        extra["enrichment"] = report
        if report.get("rephrased"):
            used = writer.name
    text, citations = format_brief(brief.to_dict(), route.parts, language)
    for line in text.splitlines(keepends=True):
        timings.setdefault("first_token_s", time.perf_counter() - started)
        yield {"type": "token", "text": line}
    timings["total_s"] = time.perf_counter() - started
    result = Answer(
        question=question,
        answer=text,
        answered=bool(citations),
        citations=citations,
        writer=used,
        language=language,
        route=route,
        query=question,
        timings=timings,
        extra=extra,
    )
    yield {"type": "answer", "answer": result.to_dict(), "result": result}


def answer(
    question: str,
    retriever: HybridRetriever,
    writer: Writer,
    department: str | None = None,
    history: Sequence[Any] | None = None,
    **options: Any,
) -> Answer:
    """The final ``Answer`` of ``stream_answer`` (same arguments)."""
    for event in _events(question, retriever, writer, department, history, **options):
        if event["type"] == "answer":
            result: Answer = event["result"]
            return result
    raise RuntimeError("stream_answer ended without an answer event")  # a bug, not a user error


class ChatSession:
    """A conversation: each question sees the earlier turns, so follow-ups resolve.

    Usage::

        session = ChatSession(retriever, writer, department="行政审批科")
        first = session.ask("质量目标是什么？")
    """

    def __init__(
        self, retriever: HybridRetriever, writer: Writer, department: str | None = None, **options: Any
    ) -> None:
        self.retriever = retriever
        self.writer = writer
        self.department = department
        self.options = options
        self.turns: list[Turn] = []

    def stream(self, question: str) -> Iterator[dict[str, Any]]:
        """Events as ``stream_answer``; the answer event also carries the ``Answer`` as "result"."""
        events = _events(question, self.retriever, self.writer, self.department, self.turns, **self.options)
        for event in events:
            if event["type"] == "answer":
                self.turns.append(Turn(question, event["result"].answer))
            yield event

    def ask(self, question: str) -> Answer:
        result: Answer | None = None
        for event in self.stream(question):
            if event["type"] == "answer":
                result = event["result"]
        if result is None:
            raise RuntimeError("stream_answer ended without an answer event")
        return result
