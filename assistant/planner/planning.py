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

import re
import time
from collections.abc import Callable

from assistant.facts.profile import build_profile
from assistant.planner.audit_model import AuditModel, load_audit_model
from assistant.planner.brief import AuditBrief, Question
from assistant.planner.context import PlanContext
from assistant.planner.guidance import GuidanceFinder
from assistant.planner.opening import Risk, build_opening, build_risks
from assistant.planner.questions import build_questions
from assistant.planner.sampling import SamplingItem, build_sampling
from assistant.planner.summary import build_summary
from assistant.planner.support import SupportTally, check_support
from assistant.planner.trail import build_trail
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

    def _passages(self, department: str) -> Callable[[str], list[str]]:
        return _finding_passages(self.retriever, department)

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
        names = tuple(n for d in self.retriever.departments() for n in (d.name, *d.aliases))
        context = PlanContext(self.model, profile, lang, finder, names, self._passages(profile.department))
        questions, uncovered = build_questions(context)
        sampling, coverage = build_sampling(context)
        risks = build_risks(context)
        tally = SupportTally()
        questions, sampling, risks = _supported(context, tally, questions, sampling, risks)
        opening = build_opening(context, sampling)
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
            related_findings=[f.finding_id or f.text for f in context.related_findings()],
            summary=build_summary(context),
            trail=build_trail(context),
            display_name=context.name,
            head=context.head,
            leader=context.leader,
            citation_support=tally.to_dict(),
            seconds=time.perf_counter() - started,
        )


def _finding_passages(retriever: HybridRetriever, department: str) -> Callable[[str], list[str]]:
    """A look-up of the department's own passages (any language) that carry a finding ID."""

    def passages(finding_id: str) -> list[str]:
        hits = retriever.search(finding_id, k=6, department=department, mode="bm25")
        return [h.text for h in hits if finding_id in h.text]

    return passages


def _supported(
    ctx: PlanContext,
    tally: SupportTally,
    questions: list[Question],
    sampling: list[SamplingItem],
    risks: list[Risk],
) -> tuple[list[Question], list[SamplingItem], list[Risk]]:
    """Keep only the lines whose citations support them (numbers, quotes, a shared term)."""
    size = ctx.model.sampling["size"]
    # Numbers a sampling line states by rule, not from a source: the rule's parameters and results.
    rule_numbers = [
        str(round(size["confidence"] * 100)),
        str(round(size["confidence_high_risk"] * 100)),
        str(round(size["tolerable"] * 100)),
        str(size["check_all_up_to"]),
        "0",
    ]
    kept_questions = [
        q for q in questions if tally.record("question", q.text, check_support(q.text, q.citations))
    ]
    kept_sampling = []
    for item in sampling:
        line = " ".join([item.item, *item.reasons, item.method])
        allowed = [*rule_numbers, str(item.sample_size or "")]
        # The AICPA table's own figures (22, 29) and the year in a change period are named rules.
        allowed += re.findall(r"\d+", item.period)
        if tally.record("sampling", line, check_support(line, item.citations, allowed)):
            kept_sampling.append(item)
    kept_risks = [r for r in risks if tally.record("risk", r.text, check_support(r.text, r.citations))]
    return kept_questions, kept_sampling, kept_risks


def plan_audit(
    retriever: HybridRetriever, department: str, language: str | None = None, mode: Mode = "bm25"
) -> AuditBrief:
    """Plan the audit of ``department`` (see :class:`AuditPlanner`)."""
    return AuditPlanner(retriever, mode=mode).plan(department, language)
