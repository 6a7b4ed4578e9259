"""The concise profile a lead auditor reads first: the department's facts ranked, each once,
a few per kind, in the brief's language (an original-language fact is marked as such).

The full fact list stays in the JSON (``profile``); this is what the renderers show. A finding
of another department is listed apart as related, never among the department's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import cn2an

from assistant.facts.recognizers import is_intro, keyed_row, language_of
from assistant.planner.context import PlanContext
from assistant.planner.opening import document_title
from assistant.planner.questions import is_header_or_heading
from assistant.planner.support import numbers_in
from assistant.retrieval.citations import Citation
from ingest.text import cjk_bigrams, content_tokens

# Kinds in reading order and how many facts of each the summary keeps. Risks and time limits
# have their own sections and questions, so the profile shows only the first few; complaints
# keep four, so that a ledger's overdue and still-open cases and its totals all show.
SUMMARY_LIMITS = {
    "duty": 4,
    "staffing": 3,
    "key_work": 4,
    "objective": 3,
    "time_limit": 4,
    "volume": 3,
    "workflow": 3,
    "change": 3,
    "finding": 6,
    "related_finding": 4,
    "complaint": 4,
    "grassroots": 3,
    "procedure": 4,
    "innovation": 2,
}


@dataclass
class ProfileLine:
    """One line of the concise profile."""

    kind: str
    text: str
    sources: list[Citation]
    status: str = ""
    finding_id: str = ""

    def citations(self) -> list[Citation]:
        return list(self.sources)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.finding_id:
            data.update(finding_id=self.finding_id, status=self.status)
        data["citations"] = [c.to_dict() for c in self.sources]
        return data


def build_summary(ctx: PlanContext) -> list[ProfileLine]:
    """The concise profile of ``ctx.profile``: ranked, each fact once, a few per kind."""
    seen: set[str] = set()
    lines: list[ProfileLine] = []
    for kind, limit in SUMMARY_LIMITS.items():
        if kind == "finding":
            facts = ctx.own_findings()
        elif kind == "related_finding":
            facts = ctx.related_findings()
        else:
            # The department's own documents first, then facts with figures (the profile's
            # weighting: a ledger's overdue or open complaints before the others).
            facts = sorted(ctx.profile.ranked(kind), key=lambda f: -ctx.profile.weight(f))
            # Facts in the brief's language say it best; the other language only fills a gap,
            # except an agency register's rows (a ledger's cases), which translate nothing.
            same = [
                f
                for f in facts
                if language_of(f.text) == ctx.language or (f.origin == "agency" and keyed_row(f.text))
            ]
            facts = same or facts
        taken = 0
        start = len(lines)
        for fact in facts:
            key = fact.text.strip().rstrip("。.；;")
            if taken >= limit or key in seen or is_intro(fact.text):
                continue
            if restates(fact.text, [line.text for line in lines[start:]]):
                continue
            if kind not in ("finding", "related_finding") and is_header_or_heading(fact.text):
                continue
            seen.add(key)
            taken += 1
            text = f"{ctx.standalone(fact.text)}{ctx.gloss(fact)}"
            if kind == "procedure" and fact.label and fact.label not in text:
                # 《title》 in Chinese, “title” in English, each marked when in the other language.
                text = f"{document_title(ctx, fact.label)} {text}"
            lines.append(
                ProfileLine(
                    kind=kind,
                    text=text,
                    sources=fact.citations()[:3],
                    status=fact.status or ("unknown" if kind.endswith("finding") else ""),
                    finding_id=fact.finding_id,
                )
            )
        lines[start:] = in_enumeration_order(lines[start:])
    return lines


# A line with figures that says again what a line already taken says: every figure among that
# line's and this share of its character pairs (or words) in it. "2025年行政审批科办理各类许可登记约
# 18,600件。" after the sentence that gives the 18,600 and breaks it down.
RESTATED_SHARE = 0.8


def restates(text: str, taken: Sequence[str]) -> bool:
    """Whether ``text`` (with figures) repeats one of the ``taken`` lines; a line without
    figures is not judged here."""
    numbers = numbers_in(text)
    grams = cjk_bigrams(text) or set(content_tokens(text))
    if not numbers or not grams:
        return False
    for other in taken:
        if not numbers <= numbers_in(other):
            continue
        other_grams = cjk_bigrams(other) or set(content_tokens(other))
        if len(grams & other_grams) / len(grams) >= RESTATED_SHARE:
            return True
    return False


# "一是…", "二是…", "第三，…", "First, …": a document's own enumeration of its items.
_ORDINALS_EN = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_ORDINAL_RE = re.compile(
    r"^\s*(?:(?P<zh>[一二三四五六七八九十])是(?!否)|第(?P<di>[一二三四五六七八九十])[，,、：:]"
    r"|(?P<en>first|second|third|fourth|fifth|sixth)(?:ly)?,)",
    re.IGNORECASE,
)


def ordinal(text: str) -> int | None:
    """The number of an item a document enumerates ("二是…" -> 2), or None."""
    match = _ORDINAL_RE.match(text)
    if not match:
        return None
    if match.group("en"):
        return _ORDINALS_EN[match.group("en").lower()]
    return int(cn2an.cn2an(match.group("zh") or match.group("di"), "smart"))


def in_enumeration_order(lines: list[ProfileLine]) -> list[ProfileLine]:
    """``lines`` with those that carry one document's enumeration ("一是", "二是") in its order,
    in the places those lines held; the others stay where they are. Ranked by weight, "二是…"
    came before "一是…"."""
    result = list(lines)
    by_document: dict[str, list[int]] = {}
    for n, line in enumerate(lines):
        if ordinal(line.text) is not None:
            by_document.setdefault(line.sources[0].doc_id if line.sources else "", []).append(n)
    for slots in by_document.values():
        ordered = sorted((lines[n] for n in slots), key=lambda line: ordinal(line.text) or 0)
        for n, line in zip(slots, ordered, strict=True):
            result[n] = line
    return result
