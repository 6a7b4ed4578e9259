"""Planner output in chat: read the items of an audit brief, rephrase them with an LLM
(verified, with the rule-based text as fallback), and format the asked-for parts as an answer.

The brief is read through its ``to_dict()``: an item is any mapping inside the "questions",
"sampling" or "opening" part that has a text field and a list of citations (each with doc_id,
chunk_id, title, quote). ``enrich_brief`` sends each question and opening item, with the
chunks it cites, to the writer (prompt ``prompts/planner/enrich.<lang>.md``); a rephrasing is
kept only if ``assistant.answer.verification`` finds it supported by those chunks. Any writer error or
time-out leaves the rule-based brief as it was.

Usage::

    brief, report = enrich_brief(plan_audit(retriever, "行政审批科", "zh"), writer, retriever, "zh")
    text, citations = format_brief(brief.to_dict(), ("questions",), "zh")
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answer.verification import verify_answer
from assistant.errors import WriterError
from assistant.retrieval.citations import Citation, CitationNumbers
from assistant.retrieval.hybrid import Hit, HybridRetriever
from assistant.writers.base import Writer, WriteRequest

log = logging.getLogger(__name__)

PART_KEYS = ("questions", "sampling", "opening")
TEXT_KEYS = ("text", "question", "script", "line", "say", "item", "what", "suggestion")
REASON_KEYS = ("why", "reason", "rationale", "purpose", "reasons")
# Parts an LLM may rephrase: sampling items carry figures and record names best left verbatim.
ENRICHED_PARTS = ("questions", "opening")
# Enrichment is a nicety; past this budget the rest of the brief keeps its rule-based text.
ENRICH_BUDGET_S = 60.0
HEADINGS = {
    "zh": {"questions": "访谈问题", "sampling": "抽样建议", "opening": "首次会议开场"},
    "en": {"questions": "Interview questions", "sampling": "What to sample", "opening": "Opening meeting"},
}
CITATION_FIELDS = ("doc_id", "chunk_id", "title", "quote", "source", "heading_path")


@dataclass
class EnrichedBrief:
    """A brief whose items were rephrased; ``to_dict()`` as the planner's brief."""

    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return self.data


def _text_key(item: dict[str, Any]) -> str | None:
    return next((k for k in TEXT_KEYS if isinstance(item.get(k), str) and item[k].strip()), None)


def _citation_list(item: dict[str, Any]) -> list[dict[str, Any]]:
    cited = item.get("citations", item.get("sources"))
    if isinstance(cited, dict):
        return [cited]
    if isinstance(cited, list):
        return [c for c in cited if isinstance(c, dict) and "chunk_id" in c]
    if isinstance(item.get("citation"), dict):
        return [item["citation"]]
    return []


def brief_items(data: Any, part: str) -> Iterator[dict[str, Any]]:
    """The items (mappings with a text field) of one part of a brief, in order."""

    def walk(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if _text_key(node) and ("citations" in node or "citation" in node or "sources" in node):
                yield node
                return
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    if isinstance(data, dict) and part in data:
        yield from walk(data[part])


def _citation(raw: dict[str, Any]) -> Citation:
    return Citation(**{k: str(raw.get(k, "")) for k in CITATION_FIELDS})


def format_brief(data: dict[str, Any], parts: Sequence[str], language: str) -> tuple[str, list[Citation]]:
    """The asked-for parts as text with numbered citations ``[n]`` and the citation list."""
    lang = language if language in HEADINGS else "en"
    department = str(data.get("department", "") or "")
    numbers = CitationNumbers()
    lines: list[str] = []
    for part in parts or PART_KEYS:
        items = list(brief_items(data, part))
        if not items:
            continue
        heading = HEADINGS[lang][part]
        if department:
            heading = f"{department}{heading}" if lang == "zh" else f"{heading}: {department}"
        lines.append(heading + ("：" if lang == "zh" else ""))
        for n, item in enumerate(items, 1):
            key = _text_key(item)
            marks = "".join(f"[{numbers.number(_citation(raw))}]" for raw in _citation_list(item))
            text = str(item[key]) if key else ""
            lines.append(_item_line(n, text, marks, _reason(item, lang), lang, single=len(items) == 1))
            lines.extend(_agenda_lines(item, lang))
        lines.append("")
    return "\n".join(lines).strip() + "\n", numbers.citations


def _reason(item: dict[str, Any], lang: str) -> str:
    for key in REASON_KEYS:
        value = item.get(key)
        if isinstance(value, list) and value:
            value = ("；" if lang == "zh" else "; ").join(str(v) for v in value)
        if isinstance(value, str) and value:
            size = item.get("sample_size")
            if isinstance(size, int) and size > 0:
                value += f"；样本量约{size}" if lang == "zh" else f"; sample of about {size}"
            return value
    return ""


def _item_line(n: int, text: str, marks: str, reason: str, lang: str, single: bool) -> str:
    # A lone item (the opening script) reads as a paragraph, not as a list of one.
    line = f"{'' if single else f'{n}. '}{text}{' ' if lang == 'en' and marks else ''}{marks}"
    if reason:
        line += f"（{reason}）" if lang == "zh" else f" ({reason})"
    return line


def _agenda_lines(item: dict[str, Any], lang: str) -> list[str]:
    agenda = [a for a in item.get("agenda", []) if isinstance(a, dict) and a.get("title")]
    if not agenda:
        return []
    lines = ["", "议程：" if lang == "zh" else "Agenda:"]
    for n, entry in enumerate(agenda, 1):
        detail = str(entry.get("detail", "") or "")
        separator = "：" if lang == "zh" else ": "
        lines.append(f"{n}. {entry['title']}" + (separator + detail if detail else ""))
    return lines


def cited_chunks(retriever: HybridRetriever, item: dict[str, Any]) -> list[Hit]:
    """The chunks an item cites, read back from the index."""
    ids = [str(c["chunk_id"]) for c in _citation_list(item)]
    if not ids:
        return []
    return retriever.get(ids)


def enrich_brief(
    brief: Any,
    writer: Writer,
    retriever: HybridRetriever,
    language: str,
    parts: Sequence[str] = ENRICHED_PARTS,
    budget_s: float = ENRICH_BUDGET_S,
) -> tuple[Any, dict[str, Any]]:
    """Rephrase the brief's question and opening items with ``writer``.

    Returns:
        The brief (an ``EnrichedBrief`` when anything changed, else ``brief`` itself) and a
        report: how many items were rephrased, rejected by verification, or left after an error.
    """
    report: dict[str, Any] = {"rephrased": 0, "rejected": 0, "errors": 0, "error": None}
    data = copy.deepcopy(brief.to_dict())
    started = time.monotonic()
    changed = False
    department = str(data.get("department", "") or "")
    for part in parts:
        if part not in ENRICHED_PARTS:
            continue
        for item in brief_items(data, part):
            if time.monotonic() - started > budget_s:
                report["error"] = f"enrichment stopped after {budget_s:.0f}s; the rest is rule-based"
                return (EnrichedBrief(data) if changed else brief), report
            key = _text_key(item)
            chunks = cited_chunks(retriever, item)
            if key is None or not chunks:
                continue
            original = item[key]
            kind = "question" if part == "questions" else "opening"
            request = WriteRequest(
                original, language, chunks, task="enrich",
                item={"text": original, "kind": kind, "department": department},
            )
            try:
                rewritten = "".join(writer.write(request)).strip().strip('"“”')
            except (WriterError, TimeoutError, ConnectionError) as e:
                # One failure usually means the model is down: keep the rule-based brief.
                report["errors"] += 1
                report["error"] = str(e)
                log.warning("planner enrichment stopped: %s", e)
                return (EnrichedBrief(data) if changed else brief), report
            if not rewritten or rewritten == original:
                continue
            if _grounded(rewritten, original, chunks, language):
                item[key] = rewritten
                item["rephrased_from"] = original
                report["rephrased"] += 1
                changed = True
            else:
                report["rejected"] += 1
    return (EnrichedBrief(data) if changed else brief), report


def _grounded(rewritten: str, original: str, chunks: Sequence[Hit], language: str) -> bool:
    """A rephrasing passes when it adds no unsupported claim: each of its sentences is either
    supported by the cited chunks or says no more than the original item did."""
    checked = verify_answer(rewritten, chunks, language).sentences
    against_original = verify_answer(rewritten, [_as_hit(original)], language).sentences
    return all(
        a.supported is not False or b.supported is not False
        for a, b in zip(checked, against_original, strict=True)
    )


def _as_hit(text: str) -> Hit:
    return Hit("original", "original", "", "", "", "", "", "", text, 0.0)
