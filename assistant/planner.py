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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.audit_model import PDCA, REQUIRED_AGENDA, AuditModel, fill, load_audit_model, pick
from assistant.citations import Citation, unique_citations
from assistant.departments import DepartmentProfile, Fact, build_profile
from assistant.guidance import GuidanceFinder
from assistant.planner_opening import build_opening, build_risks, ordered_procedures
from assistant.planner_sampling import build_sampling
from assistant.retrieval import HybridRetriever, Mode
from assistant.text_rules import RESULT, TARGET, gloss, is_intro, language_of

_SYSTEM_CHANGE = re.compile(r"系统|平台|OA|信息化|数字化|platform|system|software|digital", re.I)
_STAFF_CHANGE = re.compile(
    r"新入职|新进|调任|调入|调出|退休|接任|人员|新任|同志|joined|moved|retire|staff|adviser|officer", re.I
)
_SHORTFALL = re.compile(r"未达|未能|(?<!不)低于|略低|下滑|not met|below|fell short|missed", re.I)
_FACT_LIMITS = {
    "duty": 1,
    "objective": 4,
    "time_limit": 4,
    "change": 3,
    "finding": 4,
    "complaint": 2,
    "risk": 2,
    "grassroots": 2,
    "procedure": 2,
}


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


def display_name(profile: DepartmentProfile, language: str) -> str:
    """The department's name for a reader of ``language`` (an alias in that language if any)."""
    for name in profile.names():
        if language_of(name) == language:
            return name
    return profile.department


@dataclass
class AuditBrief:
    """Everything the planner produced for one department; ``to_dict`` is the JSON contract."""

    department: str
    language: str
    profile: DepartmentProfile
    questions: list[Question]
    sampling: list[Any]
    pdca_coverage: dict[str, Any]
    opening: Any
    risks: list[Any]
    uncovered: list[dict[str, str]]
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
        }


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
        context = _Context(self.model, profile, lang, finder)
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


@dataclass
class _Context:
    """What every builder needs: the model, the profile, the brief's language, guidance."""

    model: AuditModel
    profile: DepartmentProfile
    language: str
    finder: GuidanceFinder

    @property
    def name(self) -> str:
        return display_name(self.profile, self.language)

    def gloss(self, fact: Fact) -> str:
        labels = self.model.labels
        return gloss(fact.text, self.language, labels["units"], labels["units_en"], labels["phrases"])

    def element_citation(self, element_id: str) -> Citation | None:
        element = self.model.element(element_id)
        return self.finder.find(element.query, [c for words in element.cues.values() for c in words])


def build_questions(ctx: _Context) -> tuple[list[Question], list[dict[str, str]]]:
    """Questions along the audit trail: the three opening ones first, then element by element."""
    model, lang, facts = ctx.model, ctx.language, ctx.profile
    first = _start_here(ctx)
    by_element: dict[str, list[Question]] = {e.id: [] for e in model.elements}
    used = {id(q) for q in first}
    for fact, key in _fact_questions(facts):
        question = _from_fact(ctx, fact, key)
        by_element[question.element].append(question)
        if fact.kind == "finding" and fact.status != "closed":
            by_element["nonconformity"].append(_from_fact(ctx, fact, "finding_follow_up"))
    volume = facts.ranked("volume")
    if volume:
        by_element["statistics"].insert(0, _volume_question(ctx, volume))
    shortfall = _shortfall_objective(facts)
    if shortfall:
        by_element["statistics"].append(_from_fact(ctx, shortfall, "objective_monitoring"))
    ordered: list[Question] = list(first)
    for element in model.elements:
        generic = _generic(ctx, element.id)
        ordered += by_element[element.id] + ([generic] if generic else [])
    seen: set[str] = set()
    result = []
    for question in ordered:
        if question.text not in seen and (id(question) in used or question.citations):
            seen.add(question.text)
            result.append(question)
    asked = {q.element for q in result}
    uncovered = [
        {"element": e.id, "name": pick(e.name, lang, e.id)} for e in model.elements if e.id not in asked
    ]
    return result, uncovered


def _fact_questions(profile: DepartmentProfile) -> Iterable[tuple[Fact, str]]:
    """(fact, template key) pairs, at most a few per kind, department's own documents first."""
    asked: set[str] = set()
    for kind, limit in _FACT_LIMITS.items():
        candidates = [f for f in profile.ranked(kind) if not is_intro(f.text)]
        if kind in ("objective", "time_limit", "complaint"):
            candidates = [f for f in candidates if f.numbers]
        if kind == "objective":
            # Ask how targets were set; reported results feed the indicator question instead.
            targets = [f for f in candidates if TARGET.search(f.text) and not RESULT.search(f.text)]
            candidates = targets or candidates
        if kind == "procedure":
            candidates = ordered_procedures(profile)
        taken = 0
        for fact in candidates:
            if taken >= limit:
                break
            if (kind == "duty" and len(fact.text) < 12) or fact.text in asked:
                continue
            asked.add(fact.text)
            taken += 1
            yield fact, _template_key(fact)


def _template_key(fact: Fact) -> str:
    if fact.kind == "finding":
        return (
            "finding_repeated"
            if fact.repeated
            else "finding_closed"
            if fact.status == "closed"
            else "finding_open"
        )
    if fact.kind == "change":
        if _SYSTEM_CHANGE.search(fact.text):
            return "change_system"
        return "change_staff" if _STAFF_CHANGE.search(fact.text) else "change_other"
    return fact.kind


def _values(ctx: _Context, fact: Fact | None = None) -> dict[str, str]:
    values = {"department": ctx.name}
    if fact is not None:
        finding = fact.finding_id or ("这项发现" if ctx.language == "zh" else "this finding")
        shown = fact.label if fact.kind == "procedure" and fact.label else fact.text
        # The template supplies its own punctuation after the closing quote mark.
        shown = shown.rstrip("。；;，,、 ") if not shown.endswith("...") else shown
        shown = shown[:-1] if shown.endswith(".") and not shown.endswith("..") else shown
        values.update(fact=shown, gloss=ctx.gloss(fact), finding_id=finding)
    return values


def _question(
    ctx: _Context, entry: Mapping[str, Any], key: str, text: str, facts: Sequence[Fact], **flags: Any
) -> Question:
    lang = ctx.language
    element = ctx.model.element(str(entry["element"]))
    citations = [c for fact in facts for c in fact.citations()[:2]]
    guidance = ctx.element_citation(element.id)
    if guidance:
        citations.append(guidance)
    return Question(
        text=text,
        purpose=pick(entry["purpose"], lang, key),
        evidence=list(pick(entry["evidence"], lang, key)),
        element=element.id,
        element_name=pick(element.name, lang, element.id),
        clause=str(entry.get("clause", element.clause)),
        pdca=str(entry.get("pdca", element.pdca)),
        citations=unique_citations(citations),
        fact_kind=facts[0].kind if facts else "",
        **flags,
    )


def _from_fact(ctx: _Context, fact: Fact, key: str) -> Question:
    entry = ctx.model.questions["by_kind"][key]
    text = fill(pick(entry, ctx.language, key), key, _values(ctx, fact))
    element = entry["element"]
    if fact.kind == "time_limit":
        element = _topical_element(
            ctx,
            fact.text,
            ("document_handling", "major_matters", "letters_visits", "information_disclosure"),
            default=str(element),
        )
    return _question(
        ctx, {**entry, "element": element}, key, text, [fact], follow_up=bool(entry.get("follow_up", False))
    )


def _topical_element(ctx: _Context, text: str, choices: Sequence[str], default: str) -> str:
    scored = [(ctx.model.element(c).cue_hits(text), -n, c) for n, c in enumerate(choices)]
    best = max(scored)
    return best[2] if best[0] > 0 else default


def _volume_question(ctx: _Context, facts: list[Fact]) -> Question:
    """One question quoting the yearly volumes together (they come as clauses of one passage)."""
    chosen = [f for f in facts if f.numbers][:4] or facts[:1]
    joiner = "；" if chosen[0].language == "zh" else "; "
    pieces = [f.text.rstrip("。；;，,. ") for f in chosen]
    merged = Fact(
        kind="volume",
        text=joiner.join(pieces),
        citation=chosen[0].citation,
        numbers=tuple(n for f in chosen for n in f.numbers),
        language=chosen[0].language,
    )
    entry = ctx.model.questions["by_kind"]["volume"]
    text = fill(pick(entry, ctx.language, "volume"), "volume", _values(ctx, merged))
    return _question(ctx, entry, "volume", text, chosen)


def _shortfall_objective(profile: DepartmentProfile) -> Fact | None:
    objectives = [f for f in profile.ranked("objective") if f.numbers]
    return next((f for f in objectives if _SHORTFALL.search(f.text)), objectives[0] if objectives else None)


def _start_here(ctx: _Context) -> list[Question]:
    """Division of labour, recent priorities, innovations: the questions a prepared auditor opens with."""
    profile, lang = ctx.profile, ctx.language
    picks = {
        "division_of_labour": _first(
            profile.of_kind("staffing"), prefer=re.compile(r"全面|主持|Head|Chief|runs")
        ),
        "recent_priorities": _first(profile.of_kind("key_work")),
        "innovations": _first(profile.of_kind("innovation"))
        or _first([f for f in profile.of_kind("change") if not _STAFF_CHANGE.search(f.text)]),
    }
    questions = []
    for key, fact in picks.items():
        entry = ctx.model.questions["start_here"][key]
        if fact is not None and (key != "innovations" or fact.kind == "innovation"):
            text = fill(pick(entry, lang, key), key, _values(ctx, fact))
            facts = [fact]
        else:
            text = fill(pick(entry, f"generic_{lang}", key), key, _values(ctx))
            facts = [fact] if fact is not None else []
        question = _question(ctx, entry, key, text, facts, first=True)
        if question.citations:
            questions.append(question)
    return questions


def _first(facts: Sequence[Fact], prefer: re.Pattern[str] | None = None) -> Fact | None:
    usable = [f for f in facts if not is_intro(f.text)]
    if prefer:
        usable = sorted(usable, key=lambda f: prefer.search(f.text) is None)
    return usable[0] if usable else None


def _generic(ctx: _Context, element_id: str) -> Question | None:
    """The element's generic question, citing guidance and, where one fits, a fact of the department."""
    element = ctx.model.element(element_id)
    text = fill(pick(element.question, ctx.language, element_id), f"{element_id}.question", _values(ctx))
    support = _supporting_fact(ctx.profile, element_id, ctx)
    entry = {"element": element_id, "purpose": element.purpose, "evidence": element.evidence}
    question = _question(ctx, entry, element_id, text, [support] if support else [])
    return question if question.citations else None


def _supporting_fact(profile: DepartmentProfile, element_id: str, ctx: _Context) -> Fact | None:
    """A fact of the department that speaks to the element (duties first), if any."""
    element = ctx.model.element(element_id)
    order = ("duty", "staffing", "key_work", "workflow", "change", "procedure")
    scored = [
        (element.cue_hits(f.text), -order.index(f.kind), -n, f)
        for n, f in enumerate(profile.facts)
        if f.kind in order
    ]
    scored = [s for s in scored if s[0] > 0]
    return max(scored, key=lambda s: s[:3])[3] if scored else None



def brief_metrics(brief: AuditBrief, expected_fact_keys: Sequence[str] = ()) -> dict[str, Any]:
    """Figures the evaluation suite reports for one brief.

    ``fact_coverage`` is the share of ``expected_fact_keys`` (verbatim strings from the
    documents) that appear in a question's text or a sampling item's text or reasons.
    """
    texts = [t for q in brief.questions for t in (q.text, q.purpose)]
    texts += [t for s in brief.sampling for t in (s.item, *s.reasons)]
    found = [k for k in expected_fact_keys if any(k in t for t in texts)]
    profile_text = [f.text for f in brief.profile.facts]
    in_profile = [k for k in expected_fact_keys if any(k in t for t in profile_text)]
    sampled = {s.pdca for s in brief.sampling}
    agenda = {a.id for a in brief.opening.agenda}
    citations = brief.citations()
    return {
        "department": brief.department,
        "language": brief.language,
        "fact_coverage": len(found) / len(expected_fact_keys) if expected_fact_keys else 1.0,
        "facts_found": found,
        "facts_missing": [k for k in expected_fact_keys if k not in found],
        "profile_coverage": len(in_profile) / len(expected_fact_keys) if expected_fact_keys else 1.0,
        "questions": len(brief.questions),
        "questions_without_citation": sum(1 for q in brief.questions if not q.citations),
        "sampling_items": len(brief.sampling),
        "sampling_without_citation": sum(1 for s in brief.sampling if not s.citations),
        "citations": len(citations),
        "pdca_coverage": sorted(sampled, key=PDCA.index),
        "pdca_missing": [p for p in PDCA if p not in sampled],
        "agenda_coverage": len(agenda & set(REQUIRED_AGENDA)) / len(REQUIRED_AGENDA),
        "agenda_missing": [a for a in REQUIRED_AGENDA if a not in agenda],
        "elements_uncovered": [u["element"] for u in brief.uncovered],
        "seconds": brief.seconds,
    }


__all__ = ["AuditBrief", "AuditPlanner", "GuidanceFinder", "Question", "brief_metrics", "plan_audit"]
