"""The opening meeting and the risks of a brief.

The agenda covers every item ISO 19011 lists for an opening meeting, each filled in for the
department (its head, its procedures as criteria). The lead auditor's script names the head,
the focus (the top sampling items) and the findings still to verify; the coaching notes say
whom to rely on, how to keep a relaxed tone and the initiative, why evidence of conformity
matters and how to face a department that outranks the team. Risks are the department's own
(as its documents state them) plus the traps that make functional departments hard to audit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from assistant.facts.profile import DepartmentProfile, Fact
from assistant.facts.recognizers import is_intro, language_of
from assistant.planner.audit_model import PLANNER_PROMPTS, Trap, pick
from assistant.planner.context import PlanContext
from assistant.planner.sampling import SamplingItem
from assistant.retrieval.citations import Citation, unique_citations
from assistant.templates import TemplateError, fill


@dataclass
class AgendaEntry:
    id: str
    title: str
    detail: str
    citations: list[Citation]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "detail": self.detail,
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass
class Note:
    id: str
    text: str
    citations: list[Citation]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "citations": [c.to_dict() for c in self.citations]}


@dataclass
class Opening:
    """Agenda, script and notes for the department-level opening meeting."""

    agenda: list[AgendaEntry]
    script: str
    notes: list[Note]
    citations: list[Citation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "agenda": [a.to_dict() for a in self.agenda],
            "script": self.script,
            "notes": [n.to_dict() for n in self.notes],
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass
class Risk:
    """A risk to probe: one the department names, or a trap of auditing functional departments."""

    kind: str
    title: str
    text: str
    watch: str
    citations: list[Citation]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "text": self.text,
            "watch": self.watch,
            "citations": [c.to_dict() for c in self.citations],
        }


# A sentence that introduces the risks ("faces two kinds of risk") or advises the auditor
# ("审核时可从…入手") states no risk to ask about.
_NOT_A_RISK = re.compile(
    r"^(?:审核时|审核员|审核组|建议)|(?:两类|几类|以下|两方面)风险|风险(?:主要)?(?:集中在|有两|包括)|"
    r"^auditors?\b|\b(?:two|several|three) kinds of risk|risks? (?:centre|center)s? on",
    re.I,
)


@lru_cache(maxsize=1)
def _risk_words() -> re.Pattern[str]:
    path = PLANNER_PROMPTS / "risks.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(data.get(k), list) for k in ("zh", "en")):
        raise TemplateError(f"{path}: 'zh' and 'en' must be lists of words.")
    chinese = [re.escape(str(w)) for w in data["zh"]]
    english = [rf"(?<![A-Za-z]){re.escape(str(w))}(?![A-Za-z])" for w in data["en"]]
    return re.compile("|".join(chinese + english), re.IGNORECASE)


def names_a_risk(text: str) -> bool:
    """True when ``text`` names a risk or a weakness (a word of ``risks.yaml``), not merely
    stands under a risks heading."""
    return bool(_risk_words().search(text))


def named_risks(profile: DepartmentProfile) -> list[Fact]:
    """Every risk the department names (its own documents), once each."""
    seen: set[str] = set()
    risks = []
    for fact in profile.ranked("risk"):
        if fact.origin != "department" or len(fact.text) < 12 or is_intro(fact.text) or fact.text in seen:
            continue
        if _NOT_A_RISK.search(fact.text) or not names_a_risk(fact.text):
            continue
        seen.add(fact.text)
        risks.append(fact)
    return risks


def ordered_procedures(profile: DepartmentProfile) -> list[Fact]:
    """The procedures that govern the department: its own first, then those named as procedures,
    then those in the department's language."""
    return sorted(
        profile.of_kind("procedure"),
        key=lambda f: (
            f.origin != "department",
            not re.search(r"程序|procedure", f.label, re.I),
            language_of(f.label) != profile.language,
        ),
    )


def _people(ctx: PlanContext) -> dict[str, str]:
    model, lang = ctx.model, ctx.language
    return {
        "department": ctx.name,
        "head": ctx.head or model.fragment("head_unknown", lang),
        "head_or_you": ctx.head or model.fragment("head_you", lang),
        "leader": ctx.leader or model.fragment("leader_unknown", lang),
    }


def focus_phrases(ctx: PlanContext, sampling: list[SamplingItem], limit: int = 3) -> list[str]:
    """What the script says the team will focus on: whole phrases per sampling item, once each."""
    focus = ctx.model.sampling["focus"]
    phrases: list[str] = []
    for item in sampling:
        kind = item.kind
        phrase = (
            item.short
            if kind in ("finding", "plan")
            else (str(pick(focus[kind], ctx.language, kind)) if kind in focus else "")
        )
        if phrase and phrase not in phrases:
            phrases.append(phrase)
        if len(phrases) >= limit:
            break
    return phrases


def document_title(ctx: PlanContext, title: str) -> str:
    """A document named in a sentence: 《title》 in Chinese, “title” in English, marked as the
    original when the title is in the other language."""
    quoted = f"《{title}》" if ctx.language == "zh" else f"“{title}”"
    return quoted + ctx.original_mark(title)


def build_opening(ctx: PlanContext, sampling: list[SamplingItem]) -> Opening:
    model, lang, profile = ctx.model, ctx.language, ctx.profile
    separator = model.fragment("list_separator", lang)
    governing = [f for f in ordered_procedures(profile) if f.label][:3]
    procedures = [f.label for f in governing]
    criteria = (
        fill(
            model.fragment("criteria_with_procedures", lang),
            "criteria_with_procedures",
            {"procedures": separator.join(document_title(ctx, p) for p in dict.fromkeys(procedures))},
        )
        if procedures
        else model.fragment("criteria_base", lang)
    )
    open_findings = [f for f in ctx.own_findings() if f.status != "closed" and f.finding_id]
    focus = focus_phrases(ctx, sampling)
    values = {
        **_people(ctx),
        "scope": fill(model.fragment("scope_unknown", lang), "scope_unknown", {"department": ctx.name}),
        "criteria": criteria,
        "focus": separator.join(focus),
        # A finding the focus already names is not announced a second time.
        "findings": separator.join(
            f.finding_id for f in open_findings if not any(f.finding_id in phrase for phrase in focus)
        ),
    }
    agenda = []
    for item in model.agenda:
        guidance = ctx.finder.find(item.query)
        agenda.append(
            AgendaEntry(
                id=item.id,
                title=pick(item.title, lang, item.id),
                detail=fill(pick(item.detail, lang, item.id), f"agenda.{item.id}", values),
                citations=([guidance] if guidance else [])
                # The criteria name the governing procedures: their passages back the names.
                + ([f.citation for f in governing] if item.id == "objectives_scope_criteria" else []),
            )
        )
    script_parts = pick(model.script, lang, "script")
    paragraphs = []
    for key in model.script["order"]:
        if key in model.script.get("optional", ()) and not values.get(key):
            continue
        template = script_parts[key]
        if key == "greeting" and not ctx.head:
            template = pick(model.script["greeting_neutral"], lang, "greeting_neutral")
        paragraphs.append(fill(template, f"script.{key}", values))
    notes = []
    for raw in model.notes:
        guidance = ctx.finder.find(raw["query"])
        citations = [guidance] if guidance else []
        if raw["id"] == "rely_on":
            citations += [c for c in (profile.head_citation, profile.leader_citation) if c]
        if raw["id"] == "begin":
            citations += [
                f.citation for f in (profile.of_kind("staffing")[:1] + profile.of_kind("key_work")[:1])
            ]
        notes.append(
            Note(str(raw["id"]), fill(pick(raw, lang, raw["id"]), f"notes.{raw['id']}", values), citations)
        )
    citations = [c for a in agenda for c in a.citations] + [c for n in notes for c in n.citations]
    citations += [f.citation for f in open_findings]
    if profile.head_citation:
        citations.append(profile.head_citation)
    return Opening(agenda, "\n\n".join(paragraphs), notes, unique_citations(citations))


def trap_applies(trap: Trap, profile: DepartmentProfile) -> bool:
    """A trap applies only where the department's own documents show it (traps.yaml conditions)."""
    if trap.when_cues:
        texts = " ".join(f.text for f in profile.facts if f.kind in trap.when_kinds).lower()
        if not any(cue.lower() in texts for cue in trap.when_cues):
            return False
    if trap.unless_numeric:
        numeric = [f for f in profile.facts if f.kind in trap.unless_numeric and f.numbers]
        if len(numeric) >= trap.unless_min:
            return False
    return True


def build_risks(ctx: PlanContext) -> list[Risk]:
    model, lang, profile = ctx.model, ctx.language, ctx.profile
    risks = []
    title = model.label("kinds", "risk", lang)
    for fact in named_risks(profile)[:6]:
        risks.append(
            Risk("department", title, f"{ctx.standalone(fact.text)}{ctx.gloss(fact)}", "", [fact.citation])
        )
    values = _people(ctx)
    for trap in model.traps:
        if not trap_applies(trap, profile):
            continue
        citations = []
        guidance = ctx.finder.find(trap.query)
        if guidance:
            citations.append(guidance)
        for kind in trap.illustrate:
            facts = [f for f in profile.ranked(kind) if not is_intro(f.text)]
            if facts:
                citations.append(facts[0].citation)
                break
        risks.append(
            Risk(
                "trap",
                pick(trap.title, lang, trap.id),
                fill(pick(trap.text, lang, trap.id), f"traps.{trap.id}", values),
                fill(pick(trap.watch, lang, trap.id), f"traps.{trap.id}.watch", values),
                citations,
            )
        )
    return risks
