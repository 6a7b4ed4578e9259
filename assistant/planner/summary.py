"""The concise profile a lead auditor reads first: the department's facts ranked, each once,
a few per kind, in the brief's language (an original-language fact is marked as such).

The full fact list stays in the JSON (``profile``); this is what the renderers show. A finding
of another department is listed apart as related, never among the department's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.facts.recognizers import is_intro, keyed_row, language_of
from assistant.planner.context import PlanContext
from assistant.planner.opening import document_title
from assistant.planner.questions import is_header_or_heading
from assistant.retrieval.citations import Citation

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
        for fact in facts:
            key = fact.text.strip().rstrip("。.；;")
            if taken >= limit or key in seen or is_intro(fact.text):
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
    return lines
