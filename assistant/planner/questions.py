"""Interview questions along the audit trail: the department's own facts first (its time
limits, volumes, open findings), then a guidance-backed question for each trail element the
facts do not reach. A question with no supporting passage is not produced; the element is
listed as uncovered instead."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from assistant.facts.fact import Fact
from assistant.facts.profile import DepartmentProfile, complaint_in_trouble
from assistant.facts.recognizers import RESULT, TARGET, falls_short, is_intro, language_of
from assistant.planner.audit_model import pdca_for_clause, pick
from assistant.planner.brief import Question
from assistant.planner.context import PlanContext
from assistant.planner.naming import name_in
from assistant.planner.opening import named_risks, ordered_procedures
from assistant.planner.quoting import quotable
from assistant.retrieval.citations import unique_citations
from assistant.templates import fill

_SYSTEM_CHANGE = re.compile(r"系统|平台|OA|信息化|数字化|platform|system|software|digital", re.I)
_STAFF_CHANGE = re.compile(
    r"新入职|新进|调任|调入|调出|退休|接任|人员|新任|同志|joined|moved|retire|staff|adviser|officer", re.I
)
# At most this many questions per fact kind (time limits, findings and risks are handled apart:
# all time limits merge into one question; every own finding and every named risk gets one).
_FACT_LIMITS = {
    "duty": 1,
    "objective": 2,
    "change": 3,
    "complaint": 2,
    "grassroots": 2,
    "procedure": 2,
}
# At most this many questions share one template: a third question worded like two others
# reads as filler (change: three system changes still give two questions).
MAX_PER_TEMPLATE = 2
# A table header row joined into one unit ("部门；质量目标；计算方法") or a bare heading is no question.
_CELL_SPLIT = re.compile(r"[；;|]")


def is_header_or_heading(text: str) -> bool:
    """True for a table header row or a heading on its own: nothing to ask about."""
    cells = [c.strip() for c in _CELL_SPLIT.split(text) if c.strip()]
    if len(cells) >= 3 and all(len(c) <= 10 and not re.search(r"\d", c) for c in cells):
        return True
    body = text.strip().rstrip("。.")
    return len(body) <= 8 and not re.search(r"\d", body)


def build_questions(ctx: PlanContext) -> tuple[list[Question], list[dict[str, str]]]:
    """Questions along the audit trail: the three opening ones first, then element by element."""
    model, lang, facts = ctx.model, ctx.language, ctx.profile
    first = _start_here(ctx)
    by_element: dict[str, list[Question]] = {e.id: [] for e in model.elements}
    used = {id(q) for q in first}
    for fact, key in _fact_questions(facts):
        question = _from_fact(ctx, fact, key)
        by_element[question.element].append(question)
    limits = _time_limit_question(ctx)
    if limits:
        by_element[limits.element].insert(0, limits)
    by_element["nonconformity"].extend(finding_questions(ctx, ctx.own_findings()))
    for fact in ctx.related_findings():
        by_element["nonconformity"].append(_related_finding_question(ctx, fact))
    by_element["improvement"].extend(_risk_questions(ctx, named_risks(facts)))
    volume = facts.ranked("volume")
    if volume:
        by_element["statistics"].insert(0, _volume_question(ctx, volume))
    shortfall = _shortfall_objective(facts)
    if shortfall:
        by_element["statistics"].append(_from_fact(ctx, shortfall, "objective_monitoring"))
    ordered: list[Question] = list(first)
    texts = [f.text for f in facts.facts]
    for element in model.elements:
        if not element.applies_to(texts):
            continue
        generic = _generic(ctx, element.id)
        ordered += by_element[element.id] + ([generic] if generic else [])
    seen: set[str] = set()
    result = []
    for question in ordered:
        if question.text not in seen and (id(question) in used or question.citations):
            seen.add(question.text)
            result.append(question)
    result = at_most_per_template(result, {f.finding_id for f in ctx.own_findings() if f.finding_id})
    asked = {q.element for q in result}
    uncovered = [
        {"element": e.id, "name": pick(e.name, lang, e.id)}
        for e in model.elements
        if e.id not in asked and e.applies_to(texts)
    ]
    return result, uncovered


MIN_RECORD_WORDS = 2
_QUOTED_SPAN = re.compile(r"“[^”]*”|《[^》]*》")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def template_of(text: str) -> str:
    """A question's wording with its quoted spans and numbers masked: what two questions from
    one template share."""
    return _DIGITS.sub("0", _QUOTED_SPAN.sub("“…”", text)).strip()


def at_most_per_template(questions: Sequence[Question], must_keep: Collection[str] = ()) -> list[Question]:
    """``questions`` with no more than MAX_PER_TEMPLATE of one wording, in order. A question
    that names one of ``must_keep`` (own findings still to verify) is never dropped; the
    builders group those, so they do not crowd one template."""
    counts: dict[str, int] = {}
    kept = []
    for question in questions:
        key = template_of(question.text)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= MAX_PER_TEMPLATE or any(i in question.text for i in must_keep):
            kept.append(question)
    return kept


def _fact_questions(profile: DepartmentProfile) -> Iterable[tuple[Fact, str]]:
    """(fact, template key) pairs, at most a few per kind, department's own documents first."""
    asked: set[str] = set()
    per_template: dict[str, int] = {}
    for kind, limit in _FACT_LIMITS.items():
        candidates = [
            f for f in profile.ranked(kind) if not is_intro(f.text) and not is_header_or_heading(f.text)
        ]
        if kind == "objective":
            candidates = [f for f in candidates if f.numbers]
            # Ask how targets were set; reported results feed the indicator question instead.
            targets = [f for f in candidates if TARGET.search(f.text) and not RESULT.search(f.text)]
            candidates = targets or candidates
        if kind == "complaint":
            # A count of complaints, or a ledger's case that ran late or is still open.
            candidates = [f for f in candidates if f.numbers or complaint_in_trouble(f)]
        if kind == "procedure":
            # Asked about by its title: a passage naming no procedure is no document to revise.
            candidates = [f for f in ordered_procedures(profile) if f.label]
        taken = 0
        for fact in candidates:
            if taken >= limit:
                break
            if (kind == "duty" and len(fact.text) < 12) or fact.text in asked:
                continue
            key = _template_key(fact)
            if per_template.get(key, 0) >= MAX_PER_TEMPLATE:
                continue
            per_template[key] = per_template.get(key, 0) + 1
            asked.add(fact.text)
            taken += 1
            yield fact, key


def finding_state(fact: Fact) -> str:
    """The state a verification question asks about: repeat, corrected_unverified, closed or
    open (an unknown status is treated as open: nothing shows it was closed)."""
    if fact.repeated:
        return "repeat"
    return fact.status if fact.status in ("corrected_unverified", "closed") else "open"


# One template asks about at most this many findings one by one; more of one state are asked
# about in one question that lists them.
FINDINGS_ONE_BY_ONE = 2
_STATE_TEMPLATES = {
    "open": ("finding_open", "finding_follow_up_open"),
    "corrected_unverified": ("finding_corrected", "finding_follow_up"),
    "repeat": ("finding_repeated", "finding_follow_up_repeat"),
    "closed": ("finding_closed", ""),
}


def finding_questions(ctx: PlanContext, findings: Sequence[Fact]) -> list[Question]:
    """Each own finding named by ID: per state, a question on the finding and one on its
    verification (none for a closed one), worded for that state; more than two findings of a
    state share one question of each kind."""
    by_state: dict[str, list[Fact]] = {}
    for fact in findings:
        by_state.setdefault(finding_state(fact), []).append(fact)
    questions: list[Question] = []
    for state, facts in by_state.items():
        ask, verify = _STATE_TEMPLATES[state]
        if len(facts) <= FINDINGS_ONE_BY_ONE:
            for fact in facts:
                questions.append(_from_fact(ctx, fact, ask))
                if verify:
                    questions.append(verification_question(ctx, fact, verify))
            continue
        questions.append(_findings_group_question(ctx, state, facts))
        if verify:
            questions.append(_group_verification_question(ctx, facts))
    return questions


def _findings_group_question(ctx: PlanContext, state: str, facts: Sequence[Fact]) -> Question:
    entry = ctx.model.questions["by_kind"]["findings_group"]
    zh = ctx.language == "zh"
    listed = ("；" if zh else "; ").join(
        f"{f.finding_id}（{quoted_fact(ctx, f)}）" if zh else f"{f.finding_id} ({quoted_fact(ctx, f)})"
        for f in facts
    )
    status = pick(ctx.model.questions["finding_statuses"][state], ctx.language, state)
    values = {"department": ctx.name, "status": status, "findings": listed}
    text = fill(pick(entry, ctx.language, "findings_group"), "findings_group", values)
    return _question(ctx, entry, "findings_group", text, list(facts))


def _template_key(fact: Fact) -> str:
    if fact.kind == "finding":
        return _STATE_TEMPLATES[finding_state(fact)][0]
    if fact.kind == "change":
        if _SYSTEM_CHANGE.search(fact.text):
            return "change_system"
        return "change_staff" if _STAFF_CHANGE.search(fact.text) else "change_other"
    return fact.kind


def quoted_fact(ctx: PlanContext, fact: Fact, text: str | None = None) -> str:
    """“fact” with its original mark (other language) and its gloss, for a list in a question."""
    inside = quotable(fact, text, ctx.profile.names())
    return f"“{ctx.shown(inside)}”{ctx.original_mark(inside)}{ctx.gloss(fact)}"


def _values(ctx: PlanContext, fact: Fact | None = None) -> dict[str, str]:
    values = {"department": ctx.name}
    if fact is not None:
        finding = fact.finding_id or ("这项发现" if ctx.language == "zh" else "this finding")
        label = fact.label if fact.kind == "procedure" and fact.label else None
        shown = quotable(fact, label, ctx.profile.names())
        values.update(
            fact=ctx.shown(shown),
            gloss=ctx.original_mark(shown) + ctx.gloss(fact),
            finding_id=finding,
        )
    return values


def _time_limit_question(ctx: PlanContext) -> Question | None:
    """One question listing every time limit of the department (not one per limit)."""
    limits = [
        f
        for f in ctx.profile.ranked("time_limit")
        if f.numbers and not is_intro(f.text) and not is_header_or_heading(f.text)
    ]
    chosen: list[Fact] = []
    for fact in limits:
        if fact.text not in {c.text for c in chosen} and len(chosen) < 6:
            chosen.append(fact)
    if not chosen:
        return None
    zh = ctx.language == "zh"
    listed = ("；" if zh else "; ").join(quoted_fact(ctx, f) for f in chosen)
    entry = ctx.model.questions["by_kind"]["time_limit"]
    element = _topical_element(
        ctx,
        " ".join(f.text for f in chosen),
        ("document_handling", "major_matters", "letters_visits", "information_disclosure"),
        default=str(entry["element"]),
    )
    text = fill(
        pick(entry, ctx.language, "time_limit"), "time_limit", {"department": ctx.name, "fact": listed}
    )
    return _question(ctx, {**entry, "element": element}, "time_limit", text, chosen)


# Risks listed per question: every named risk is asked about, a few at a time, so that one
# template does not fill the brief with near-identical questions.
RISKS_PER_QUESTION = 3


def _risk_questions(ctx: PlanContext, risks: list[Fact]) -> list[Question]:
    """Questions on the risks the department names, each risk in one of them."""
    if not risks:
        return []
    if len(risks) == 1:
        return [_from_fact(ctx, risks[0], "risk")]
    entry = ctx.model.questions["by_kind"]["risks"]
    joiner = "；" if ctx.language == "zh" else "; "
    questions = []
    # Even groups: four risks make two questions of two, not one of three and one of one; and
    # never more than MAX_PER_TEMPLATE questions, however many risks.
    groups = min(MAX_PER_TEMPLATE, -(-len(risks) // RISKS_PER_QUESTION))
    size = -(-len(risks) // groups)
    for start in range(0, len(risks), size):
        group = risks[start : start + size]
        listed = joiner.join(quoted_fact(ctx, f) for f in group)
        text = fill(pick(entry, ctx.language, "risks"), "risks", {"department": ctx.name, "fact": listed})
        questions.append(_question(ctx, entry, "risks", text, group))
    return questions


def procedure_records(ctx: PlanContext) -> list[str]:
    """Record names the department's governing procedures define (evidence layer), in order."""
    found = [r for f in ordered_procedures(ctx.profile) for r in f.records]
    return list(dict.fromkeys(found))


def _records_phrase(ctx: PlanContext, records: Sequence[str], findings: Sequence[Fact] = ()) -> str:
    """The records that verify ``findings``, as a question may name them without quoting.

    What the findings are about (``finding_topics``: time limits, document versions, signatures)
    comes first: the governing procedures' records that fit the topic, else the topic's own
    phrase. Without a topic, the procedures' records; else a generic phrase. Only records in the
    brief's language and without form codes are named in the question (a code or a name in the
    other language would need the procedure's own passage as its citation; the evidence list
    still names every record)."""
    zh = ctx.language == "zh"
    plain = [r for r in records if language_of(r) == ctx.language and not re.search(r"\d", r)]
    text = " ".join(f.text for f in findings).lower()
    for key, topic in ctx.model.questions.get("finding_topics", {}).items():
        cues = [str(cue).lower() for cue in topic["cues"]]
        if not any(cue in text for cue in cues):
            continue
        phrase = str(pick(topic, ctx.language, key))
        words = _record_words([phrase, *cues]) if zh else set()
        fitting = [r for r in plain if sum(w in r for w in words) >= MIN_RECORD_WORDS]
        return "、".join(fitting[:3]) if fitting else phrase
    if plain:
        return ("、" if zh else ", ").join(plain[:3])
    return "同类记录" if zh else "records of the same work"


def verification_question(ctx: PlanContext, fact: Fact, key: str = "finding_follow_up") -> Question:
    """Which records, from which date, how many, what closes it: the verification of one
    finding, worded for its state (``key``: finding_follow_up, _open or _repeat)."""
    from assistant.planner.sampling import verification_size

    zh = ctx.language == "zh"
    records = procedure_records(ctx)
    entry = ctx.model.questions["by_kind"][key]
    values = {
        **_values(ctx, fact),
        "records": _records_phrase(ctx, records, [fact]),
        "since": "纠正措施完成" if zh else "the corrective action was completed",
        "size": verification_size(ctx, fact),
    }
    text = fill(pick(entry, ctx.language, key), key, values)
    question = _question(ctx, entry, key, text, [fact], follow_up=True)
    if records:
        question.evidence = [ctx.standalone(r) for r in records[:4]] + question.evidence
    return question


def _group_verification_question(ctx: PlanContext, facts: Sequence[Fact]) -> Question:
    """One verification question for several findings of one state, each named by ID."""
    from assistant.planner.sampling import verification_size

    zh = ctx.language == "zh"
    records = procedure_records(ctx)
    sizes = list(dict.fromkeys(verification_size(ctx, f) for f in facts))
    size = (
        sizes[0]
        if len(sizes) == 1
        else ("；" if zh else "; ").join(f"{f.finding_id}：{verification_size(ctx, f)}" for f in facts)
    )
    values = {
        "department": ctx.name,
        "ids": ("、" if zh else ", ").join(f.finding_id for f in facts),
        "records": _records_phrase(ctx, records, facts),
        "since": "纠正措施完成" if zh else "the corrective action was completed",
        "size": size,
    }
    key = "findings_follow_up_group"
    entry = ctx.model.questions["by_kind"][key]
    text = fill(pick(entry, ctx.language, key), key, values)
    question = _question(ctx, entry, key, text, list(facts), follow_up=True)
    if records:
        question.evidence = [ctx.standalone(r) for r in records[:4]] + question.evidence
    return question


def _related_finding_question(ctx: PlanContext, fact: Fact) -> Question:
    from assistant.planner.attribution import finding_owner

    owner = finding_owner(fact, ctx.profile.names(), ctx.departments)
    entry = ctx.model.questions["by_kind"]["finding_related"]
    values = {**_values(ctx, fact), "owner": name_in(owner, ctx.language)}
    text = fill(pick(entry, ctx.language, "finding_related"), "finding_related", values)
    return _question(ctx, entry, "finding_related", text, [fact])


def _question(
    ctx: PlanContext, entry: Mapping[str, Any], key: str, text: str, facts: Sequence[Fact], **flags: Any
) -> Question:
    lang = ctx.language
    element = ctx.model.element(str(entry["element"]))
    citations = [c for fact in facts for c in fact.citations()[:2]]
    guidance = ctx.element_citation(element.id)
    if guidance:
        citations.append(guidance)
    clause = str(entry.get("clause", element.clause))
    evidence = list(pick(entry["evidence"], lang, key))
    records = procedure_records(ctx)
    # Records the governing procedures name beat the template's generic list where they match:
    # two shared words at least, so that "文件" alone does not put a document-change record
    # among the evidence for the division of labour.
    words = _record_words(evidence)
    named = [r for r in records if sum(w in r for w in words) >= MIN_RECORD_WORDS]
    return Question(
        text=text,
        purpose=fill(pick(entry["purpose"], lang, key), f"{key}.purpose", _values(ctx)),
        evidence=list(dict.fromkeys([ctx.standalone(r) for r in named[:3]] + evidence))
        if named
        else evidence,
        element=element.id,
        element_name=pick(element.name, lang, element.id),
        clause=clause,
        pdca=str(entry.get("pdca") or pdca_for_clause(clause)),
        citations=unique_citations(citations),
        fact_kind=facts[0].kind if facts else "",
        **flags,
    )


def _record_words(evidence: Sequence[str]) -> set[str]:
    """Two-character words of the template's evidence list, to match a procedure's records."""
    return {
        e[i : i + 2]
        for e in evidence
        for i in range(len(e) - 1)
        if re.fullmatch(r"[\u4e00-\u9fff]{2}", e[i : i + 2])
    }


def _from_fact(ctx: PlanContext, fact: Fact, key: str) -> Question:
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


def _topical_element(ctx: PlanContext, text: str, choices: Sequence[str], default: str) -> str:
    scored = [(ctx.model.element(c).cue_hits(text), -n, c) for n, c in enumerate(choices)]
    best = max(scored)
    return best[2] if best[0] > 0 else default


def _volume_question(ctx: PlanContext, facts: list[Fact]) -> Question:
    """One question quoting the yearly volumes together (they come as clauses of one passage)."""
    # The evidence layer gives one fact per count, so two counts of one sentence share its text:
    # each passage is quoted once.
    distinct = list({f.text: f for f in facts if f.numbers}.values())
    chosen = distinct[:4] or facts[:1]
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
    return next((f for f in objectives if falls_short(f.text)), objectives[0] if objectives else None)


def _start_here(ctx: PlanContext) -> list[Question]:
    """Division of labour, recent priorities, innovations: the questions a prepared auditor opens with."""
    profile, lang = ctx.profile, ctx.language
    picks = {
        "division_of_labour": _first(
            profile.of_kind("staffing"),
            prefer=re.compile(r"分工|负责|岗|全面|主持|in charge|responsible|handles|Head|Chief|runs"),
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
    """The first usable fact, those ``prefer`` matches first; a bare title and name ("科长罗振川")
    last, since it says nothing about the work to ask about."""
    usable = [f for f in facts if not is_intro(f.text)]
    usable = sorted(
        usable,
        key=lambda f: (
            prefer is not None and prefer.search(f.text) is None,
            len(f.text.strip(" 。.；;")) <= BARE_NAME_CHARS,
        ),
    )
    return usable[0] if usable else None


# A staffing line this short is a title and a name, no more.
BARE_NAME_CHARS = 8


def _generic(ctx: PlanContext, element_id: str) -> Question | None:
    """The element's generic question, citing guidance and, where one fits, a fact of the department."""
    element = ctx.model.element(element_id)
    text = fill(pick(element.question, ctx.language, element_id), f"{element_id}.question", _values(ctx))
    support = _supporting_fact(ctx.profile, element_id, ctx)
    entry = {"element": element_id, "purpose": element.purpose, "evidence": element.evidence}
    question = _question(ctx, entry, element_id, text, [support] if support else [])
    # A generic question asks about this department: a passage giving another department's
    # figures (its objectives, its time limits) is no support for it, even as guidance.
    question.citations = [c for c in question.citations if not ctx.others_figures(c.quote)]
    return question if question.citations else None


def _supporting_fact(profile: DepartmentProfile, element_id: str, ctx: PlanContext) -> Fact | None:
    """A fact of the department that speaks to the element (duties first), if any."""
    element = ctx.model.element(element_id)
    order = ("duty", "staffing", "key_work", "workflow", "change", "procedure")
    scored = [
        (element.cue_hits(f.text), -order.index(f.kind), -n, f)
        for n, f in enumerate(profile.facts)
        if f.kind in order and not ctx.about_another(f.text)
    ]
    scored = [s for s in scored if s[0] > 0]
    return max(scored, key=lambda s: s[:3])[3] if scored else None
