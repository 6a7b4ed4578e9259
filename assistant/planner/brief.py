"""The brief: what the planner hands to renderers, the API and the evaluation suite.

``to_dict`` is the JSON contract of ``auditprep brief --json`` and ``POST /api/plan``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.facts.profile import DepartmentProfile
from assistant.planner.opening import Opening, Risk
from assistant.planner.sampling import SamplingItem
from assistant.retrieval.citations import Citation


@dataclass
class Question:
    """One interview question on the audit trail, with why it is asked and what to look at."""

    text: str
    purpose: str
    evidence: list[str]
    element: str
    element_name: str
    clause: str
    pdca: str
    citations: list[Citation]
    fact_kind: str = ""
    follow_up: bool = False
    first: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "purpose": self.purpose,
            "evidence": self.evidence,
            "element": self.element,
            "element_name": self.element_name,
            "clause": self.clause,
            "pdca": self.pdca,
            "fact_kind": self.fact_kind,
            "follow_up": self.follow_up,
            "ask_first": self.first,
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass
class AuditBrief:
    """Everything the planner produced for one department; ``to_dict`` is the JSON contract."""

    department: str
    language: str
    profile: DepartmentProfile
    questions: list[Question]
    sampling: list[SamplingItem]
    pdca_coverage: dict[str, Any]
    opening: Opening
    risks: list[Risk]
    uncovered: list[dict[str, str]]
    related_findings: list[str] = field(default_factory=list)
    summary: list[Any] = field(default_factory=list)
    trail: list[Any] = field(default_factory=list)
    display_name: str = ""
    head: str = ""
    leader: str = ""
    citation_support: dict[str, Any] = field(default_factory=dict)
    seconds: float = field(default=0.0, compare=False)

    def citations(self) -> list[Citation]:
        """Every citation in the brief (for validity checks)."""
        found: list[Citation] = [c for f in self.profile.facts for c in f.citations()]
        found += [c for q in self.questions for c in q.citations]
        found += [c for s in self.sampling for c in s.citations]
        found += list(self.opening.citations) + [c for r in self.risks for c in r.citations]
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "department": self.department,
            "language": self.language,
            "profile": self.profile.to_dict(),
            "questions": [q.to_dict() for q in self.questions],
            "sampling": [s.to_dict() for s in self.sampling],
            "pdca_coverage": self.pdca_coverage,
            "opening": self.opening.to_dict(),
            "risks": [r.to_dict() for r in self.risks],
            "uncovered_elements": self.uncovered,
            "related_findings": self.related_findings,
            "display_name": self.display_name,
            "head": self.head,
            "leader": self.leader,
            "summary": [line.to_dict() for line in self.summary],
            "grassroots_trail": [step.to_dict() for step in self.trail],
            "citation_support": self.citation_support,
        }
