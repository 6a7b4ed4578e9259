"""The audit planner: from a department's facts and the audit model, the brief a prepared lead
auditor would take to the visit — interview questions along the audit trail, what to sample
and why, the opening meeting, the traps to watch for — each item citing the passages behind it.

Rule-based and deterministic: questions come from the templates in ``prompts/planner`` filled
with the department's own facts (its time limits, volumes, open findings); generic questions
on the trail cite guidance passages found by retrieval. A question or sampling item with no
supporting passage is not produced; trail elements the documents do not touch are listed as
uncovered instead. An LLM writer may later rephrase the brief but never replaces its grounding.

Usage::

    brief = plan_audit(retriever, "行政审批科", language="en")
    print(brief.to_dict()["questions"][0]["text"])
"""

from __future__ import annotations

import time

from assistant.facts.profile import build_profile
from assistant.planner.audit_model import AuditModel, load_audit_model
from assistant.planner.brief import AuditBrief
from assistant.planner.context import PlanContext
from assistant.planner.guidance import GuidanceFinder
from assistant.planner.opening import build_opening, build_risks
from assistant.planner.questions import build_questions
from assistant.planner.sampling import build_sampling
from assistant.retrieval.hybrid import HybridRetriever, Mode


class AuditPlanner:
    """Builds an :class:`AuditBrief` from the index and the audit model.

    Args:
        retriever: the open index. model: the audit model (default: ``prompts/planner``).
        mode: retrieval mode for guidance look-ups (bm25, hybrid or dense). BM25 by default:
            the queries are bilingual keyword templates, asked in each language present, and
            BM25 quotes the same guidance as hybrid for them, while ~37 hybrid look-ups made a
            brief take about 2 s instead of 0.3 s (see docs/planner.md).
    """

    def __init__(
        self, retriever: HybridRetriever, model: AuditModel | None = None, mode: Mode = "bm25"
    ) -> None:
        self.retriever = retriever
        self.model = model or load_audit_model()
        self.mode = mode

    def plan(self, department: str, language: str | None = None) -> AuditBrief:
        """The brief for ``department``; ``language`` (zh/en) defaults to its documents' language.

        Raises:
            UnknownDepartmentError: no such department (the message lists those that exist).
        """
        started = time.perf_counter()
        if language not in (None, "zh", "en"):
            raise ValueError(f"language must be zh or en, not {language!r}")
        profile = build_profile(self.retriever, department, language)
        lang = language or profile.language
        finder = GuidanceFinder(self.retriever, lang, self.mode)
        context = PlanContext(self.model, profile, lang, finder)
        questions, uncovered = build_questions(context)
        sampling, coverage = build_sampling(context)
        opening = build_opening(context, sampling)
        risks = build_risks(context)
        return AuditBrief(
            department=profile.department,
            language=lang,
            profile=profile,
            questions=questions,
            sampling=sampling,
            pdca_coverage=coverage,
            opening=opening,
            risks=risks,
            uncovered=uncovered,
            seconds=time.perf_counter() - started,
        )


def plan_audit(
    retriever: HybridRetriever, department: str, language: str | None = None, mode: Mode = "bm25"
) -> AuditBrief:
    """Plan the audit of ``department`` (see :class:`AuditPlanner`)."""
    return AuditPlanner(retriever, mode=mode).plan(department, language)
