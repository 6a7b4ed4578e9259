"""Facts about a department, each tied to the passage that states it, and the rules that say
what kind of fact a passage is (a time limit, an objective, a finding …).

A passage is classified by the heading it sits under *and* by what it says, so documents
written with other headings still yield facts: a duration with 工作日 / working days is a time
limit wherever it appears, and NC-2025-01 or 2025-OBS-02 is an audit finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.facts.counts import find_counts
from assistant.facts.findings import finding_status
from assistant.facts.procedures import record_names
from assistant.facts.recognizers import (
    CHANGE,
    COMPLAINT,
    FINDING_ID,
    FINDING_WORDS,
    GRASSROOTS,
    INNOVATION,
    PROCEDURE_TITLE,
    RECORD_KEEPING,
    RISK,
    is_assignment,
    is_objective,
    is_staffing,
    is_time_limit,
    is_volume,
    language_of,
    numeric_expressions,
)
from assistant.retrieval.citations import Citation
from assistant.retrieval.hybrid import Hit

KINDS = (
    "duty",
    "staffing",
    "key_work",
    "objective",
    "time_limit",
    "volume",
    "workflow",
    "change",
    "finding",
    "complaint",
    "risk",
    "grassroots",
    "procedure",
    "innovation",
)


@dataclass(frozen=True)
class Fact:
    """One thing the documents say about a department, with the passage that says it.

    ``text`` is the unit as written (table cells joined); ``citation.quote`` is its verbatim
    form in the chunk. ``numbers`` are the numeric expressions in it ("20个工作日", "98%").
    """

    kind: str
    text: str
    citation: Citation
    numbers: tuple[str, ...] = ()
    label: str = ""
    finding_id: str = ""
    status: str = ""
    repeated: bool = False
    date: str = ""
    language: str = ""
    origin: str = "department"
    heading: str = ""
    support: tuple[Citation, ...] = ()
    # The evidence layer (issue 11): whom the fact is about, as opposed to departments it merely
    # mentions; for counts, what is counted and how many (a sampling population); for
    # procedures, the records they name. Empty means "not established": never guessed.
    about: str = ""
    mentions: tuple[str, ...] = ()
    counted: str = ""
    count: int | None = None
    records: tuple[str, ...] = ()
    # A count that is a part of a total stated before it ("其中线上办理860件"), and whether the
    # count is approximate (约, 余, about).
    part: bool = False
    approx: bool = False

    @property
    def value(self) -> str:
        return self.numbers[0] if self.numbers else ""

    def citations(self) -> list[Citation]:
        return [self.citation, *self.support]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "value": self.value,
            "numbers": list(self.numbers),
            "origin": self.origin,
        }
        for key in ("label", "finding_id", "status", "date"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.kind == "finding":
            data["repeated"] = self.repeated
        if self.about:
            data["about"] = self.about
        if self.mentions:
            data["mentions"] = list(self.mentions)
        if self.count is not None:
            data.update(counted=self.counted, count=self.count, part=self.part, approx=self.approx)
        if self.records:
            data["records"] = list(self.records)
        data["citations"] = [c.to_dict() for c in self.citations()]
        return data


def last_heading(hit: Hit) -> str:
    parts = [p.strip() for p in hit.heading_path.split(">") if p.strip()]
    # A chunk directly under the document title has no section heading of its own.
    if not parts or (len(parts) == 1 and parts[0] == hit.title.strip()):
        return ""
    return parts[-1] if parts[-1] != hit.title.strip() else ""


def make_fact(kind: str, hit: Hit, quote: str, display: str, origin: str, heading: str, **extra: Any) -> Fact:
    """A fact of ``kind`` quoting ``quote`` (verbatim in ``hit``), shown as ``display``."""
    return Fact(
        kind=kind,
        text=display,
        citation=Citation.for_hit(hit, quote),
        numbers=tuple(numeric_expressions(display)),
        language=hit.language or language_of(display),
        origin=origin,
        heading=heading,
        **extra,
    )


def classify(text: str, prior: list[str], content_only: bool = False) -> list[str]:
    """Fact kinds of one unit, from its section heading's kinds (``prior``) and its content.

    With ``content_only`` the heading only helps judge the content (a percentage under an
    objectives heading); a unit that says nothing recognisable gets no kind.
    """
    content: list[str] = []
    if FINDING_ID.search(text) or (FINDING_WORDS.search(text) and "finding" in prior):
        content.append("finding")
    # Deadlines inside plans and changes are milestones, not service time limits.
    if is_time_limit(text) and not set(prior) & {
        "finding",
        "complaint",
        "volume",
        "risk",
        "key_work",
        "change",
    }:
        content.append("time_limit")
    if is_objective(text, "objective" in prior) and not set(prior) & {
        "finding",
        "volume",
        "complaint",
        "risk",
    }:
        content.append("objective")
    # A finding's sample ("抽查30份…2份超时") is evidence of the finding, not a yearly volume.
    if is_volume(text, "volume" in prior) and not FINDING_ID.search(text):
        content.append("volume")
    if CHANGE.search(text) and (not prior or set(prior) & {"change", "key_work", "staffing", "duty"}):
        content.append("change")
    # Complaints counted ("受理信访事项近百件") are a complaint fact under any heading; a finding
    # about complaint handling ("NC-2026-03：抽查投诉结案记录30件…") is a finding, not a complaint.
    if COMPLAINT.search(text) and ("complaint" in prior or find_counts(text)) and not FINDING_ID.search(text):
        content.append("complaint")
    if RISK.search(text) and (not prior or "risk" in prior):
        content.append("risk")
    if GRASSROOTS.search(text):
        content.append("grassroots")
    if is_staffing(text) and not set(prior) & {"finding", "volume", "complaint"}:
        content.append("staffing")
    # Work assigned with a deadline (a decision in minutes, a notice) is key work, not a
    # service time limit.
    if is_assignment(text) and not set(prior) & {"finding", "complaint"}:
        content = [k for k in content if k != "time_limit"]
        content.append("key_work")
    # A passage naming the procedure that governs the work, or the record it keeps.
    if PROCEDURE_TITLE.search(text) or RECORD_KEEPING.search(text) or record_names(text):
        content.append("procedure")
    if INNOVATION.search(text):
        content.append("innovation")
    if FINDING_ID.search(text):
        # A finding's sample ("抽查30份…") is evidence of the finding, never a yearly volume,
        # whatever heading it sits under.
        prior = [k for k in prior if k != "volume"] or ["finding"]
    if not prior or content_only:
        return content
    base = [k for k in prior if k in content] or prior[:1]
    # Content that speaks for itself is kept under any heading (a time limit inside the objectives).
    crossing = [
        k
        for k in content
        if k in ("finding", "time_limit", "objective", "grassroots", "innovation", "staffing", "procedure")
    ]
    if set(prior) & {"key_work", "staffing", "duty"} and "change" in content:
        crossing.append("change")
    return list(dict.fromkeys(base + crossing))


__all__ = ["KINDS", "Fact", "classify", "finding_status", "last_heading", "make_fact"]
