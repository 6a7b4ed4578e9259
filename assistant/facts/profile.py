"""Department profiles: what a prepared auditor knows about a department before the visit.

``build_profile`` reads every chunk of the department's own documents and splits it into units
(sentences, clauses, table rows, list items), each a verbatim substring of its chunk, which
:mod:`assistant.facts.fact` classifies by heading and content. It adds what the agency's records
and procedures say about the department (:mod:`assistant.facts.agency_records`), merges what is said
about each audit finding, and names the department head and the leader in charge. Every fact
keeps a :class:`~assistant.retrieval.citations.Citation` of the chunk it came from.

Usage::

    profile = build_profile(retriever, "行政审批科")
    for fact in profile.of_kind("time_limit"):
        print(fact.text, fact.citation.chunk_id)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.facts.agency_records import agency_facts
from assistant.facts.counts import comparable, find_counts, row_count, split_clauses
from assistant.facts.fact import KINDS, Fact, classify, last_heading, make_fact
from assistant.facts.findings import (
    FindingRegister,
    finding_repeated,
    finding_status,
    merge_status,
    passages_by_id,
)
from assistant.facts.procedures import procedure_label, procedure_records, record_names
from assistant.facts.recognizers import (
    FINDING_ID,
    FINDING_WORDS,
    OBJECTIVES_TITLE,
    clean_display,
    first_date,
    heading_kinds,
    is_intro,
    is_repeat,
    keyed_row,
    language_of,
    sentences,
    split_units,
    without_row_label,
)
from assistant.facts.vocabulary import get_vocabulary, normalize
from assistant.retrieval.citations import Citation
from assistant.retrieval.hybrid import Hit, HybridRetriever

# Who leads the department, from the vocabulary; each entry has groups "title" and "name".
_HEADS = get_vocabulary().each("department_head")
_LEADERS = get_vocabulary().each("leader_in_charge")
_TROUBLE = get_vocabulary().pattern("complaint_trouble")


# Facts of one kind a reader takes in at once; the rest stay in ``facts`` for the planner.
CAP_PER_KIND = 5


def complaint_in_trouble(fact: Fact) -> bool:
    """A complaint overdue, still open or leaving the complainant dissatisfied ("是否超时：是",
    "办理中", "over the time limit"): the cases an auditor samples first."""
    return fact.kind == "complaint" and _TROUBLE.search(normalize(fact.text)) is not None


@dataclass
class DepartmentProfile:
    """The facts about one department, in document order, with who leads it."""

    department: str
    aliases: tuple[str, ...]
    language: str
    languages: tuple[str, ...]
    documents: list[dict[str, str]]
    facts: list[Fact] = field(default_factory=list)
    head: str = ""
    head_citation: Citation | None = None
    leader: str = ""
    leader_citation: Citation | None = None

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]

    def ranked(self, kind: str) -> list[Fact]:
        """Facts of ``kind``: the department's own, under a heading of that kind first (a change
        listed under "recent changes" before one mentioned among the priorities), then the
        agency's records; document order within each group."""
        return sorted(
            self.of_kind(kind), key=lambda f: (f.origin != "department", kind not in heading_kinds(f.heading))
        )

    def weight(self, fact: Fact) -> int:
        """How much an auditor needs ``fact`` first: open findings of this department, facts with
        figures, its own words, named records; a ledger's complaints overdue, open or
        unsatisfied before the rest; another department's facts and parts of totals last."""
        own = not fact.about or fact.about == self.department
        return (
            (4 if fact.kind == "finding" and own and fact.status in ("open", "corrected_unverified") else 0)
            + (2 if fact.numbers or fact.count is not None else 0)
            + (1 if fact.origin == "department" else 0)
            + (1 if fact.records else 0)
            - (3 if not own else 0)
            - (2 if fact.part else 0)
            + (3 if complaint_in_trouble(fact) else 0)
        )

    def summary(self, cap: int = CAP_PER_KIND) -> list[Fact]:
        """The facts an auditor reads first: each passage once (the first kind it was filed
        under), at most ``cap`` per kind (findings and counts of this department are all kept),
        the most informative first: findings still open, facts with numbers, named risks, the
        department's own words before the agency's; related findings of other departments last."""
        # A finding's passage is shown as the finding, not again as grassroots or risk.
        seen: set[object] = {re.sub(r"\W", "", normalize(f.text)) for f in self.facts if f.kind == "finding"}
        kept: list[Fact] = []
        for fact in self.facts:
            if fact.kind == "finding":
                kept.append(fact)
                continue
            # The same fact stated twice: the same words, the same count of the same thing, or
            # the same figures under the same kind (a department's objective and the agency's
            # report of it).
            keys: list[object] = [re.sub(r"\W", "", normalize(fact.text))]
            if fact.count is not None:
                # Counts read from one clause are shown once, with the clause.
                keys = [("count", fact.count, fact.counted), ("count-text", keys[0])]
            elif len(fact.numbers) >= 2:
                keys.append((fact.kind, frozenset(fact.numbers)))
            if any(k in seen for k in keys):
                continue
            seen.update(keys)
            kept.append(fact)

        order = {kind: i for i, kind in enumerate(KINDS)}
        ranked = sorted(
            enumerate(kept), key=lambda p: (order.get(p[1].kind, len(order)), -self.weight(p[1]), p[0])
        )
        shown: list[Fact] = []
        per_kind: dict[str, int] = {}
        for _, fact in ranked:
            per_kind[fact.kind] = per_kind.get(fact.kind, 0) + 1
            if per_kind[fact.kind] <= cap or (fact.kind == "finding" and fact.finding_id):
                shown.append(fact)
        return shown

    def names(self) -> list[str]:
        return [self.department, *self.aliases]

    def to_dict(self) -> dict[str, Any]:
        return {
            "department": self.department,
            "aliases": list(self.aliases),
            "language": self.language,
            "languages": list(self.languages),
            "documents": self.documents,
            "head": self.head,
            "leader_in_charge": self.leader,
            "facts": [self._fact_dict(f) for f in self.summary()],
            "counts": {kind: len(self.of_kind(kind)) for kind in KINDS},
            "missing": [kind for kind in KINDS if not self.of_kind(kind)],
        }

    def is_related(self, fact: Fact) -> bool:
        """A finding recorded against another department: shown as related, never as its own."""
        return bool(fact.about) and fact.about not in self.names()

    def _fact_dict(self, fact: Fact) -> dict[str, Any]:
        data = fact.to_dict()
        if fact.kind == "finding":
            data["related"] = self.is_related(fact)
        return data


def build_profile(
    retriever: HybridRetriever, department: str, language: str | None = None
) -> DepartmentProfile:
    """Assemble the profile of ``department`` from the index.

    Args:
        retriever: the open index. department: name or alias, as written in the documents.
        language: prefer the department's documents in this language (others fill gaps);
            default: the language most of its documents are written in.

    Raises:
        UnknownDepartmentError: no such department; the message lists the departments.
    """
    name = retriever.resolve_department(department)
    info = next(i for i in retriever.departments() if i.name == name)
    hits = retriever.chunks(department=name)
    languages = tuple(sorted({h.language for h in hits if h.language})) or info.languages
    preferred = language if language in languages else _default_language(department, languages, hits)
    names = [name, *info.aliases]
    profile = DepartmentProfile(
        department=name,
        aliases=info.aliases,
        language=preferred,
        languages=languages,
        documents=_documents(hits),
    )
    state: dict[tuple[str, str], str] = {}
    own = [fact for hit in hits for fact in _facts_of_chunk(hit, names, state)]
    primary = [f for f in own if f.language == preferred]
    present = {f.kind for f in primary}
    # Documents in the other language fill only the kinds the preferred ones lack.
    facts = primary + [f for f in own if f.language != preferred and f.kind not in present]
    records = retriever.chunks(doc_type="record")
    agency = agency_facts(retriever, names, {f.finding_id for f in facts if f.finding_id}, records)
    # The agency's records in the other language fill gaps too, and only gaps: a Chinese
    # profile does not quote the English quality manual for what the Chinese one says.
    present |= {f.kind for f in agency if f.language == preferred}
    known = {f.finding_id for f in facts + agency if f.finding_id and f.language == preferred}
    # A register's rows (a ledger's cases) are items of their own, never a translation of
    # another document's: they count in either language.
    registers = {h.doc_id for h in records}
    facts += [
        f
        for f in agency
        if f.language == preferred
        or (f.kind not in present if not f.finding_id else f.finding_id not in known)
        or (not f.finding_id and f.citation.doc_id in registers and keyed_row(f.text) is not None)
    ]
    # The department's own procedures govern its work first of all.
    for hit in _first_chunks(hits):
        units = split_units(hit.text, fine=False) if hit.doc_type == "system" else []
        if units:
            facts.append(
                make_fact(
                    "procedure",
                    hit,
                    units[0].quote,
                    units[0].display,
                    "department",
                    last_heading(hit),
                    label=hit.title,
                )
            )
    # A sentence that only announces a list ("主要风险有两项。") states no fact of its own.
    merged = [f for f in _merge_findings(_dedupe(facts)) if not is_intro(f.text)]
    register = FindingRegister.build(retriever)
    profile.facts = _dedupe(
        [
            evidence
            for fact in merged
            for evidence in _with_evidence(fact, register, name, retriever)
            if evidence is not None
        ]
    )
    _find_people(profile, [h for h in hits if h.language == preferred] or hits)
    return profile


def _with_evidence(
    fact: Fact, register: FindingRegister, department: str, retriever: HybridRetriever
) -> list[Fact]:
    """``fact`` with the evidence layer filled: whom a finding is about and whom it mentions,
    what a volume or complaint counts (one fact per count), the records a procedure defines."""
    if fact.kind == "finding":
        about = register.about(fact.finding_id) if fact.finding_id else ""
        named = register.departments_in(fact.text)
        return [
            replace(
                fact,
                about=about,
                mentions=tuple(n for n in named if n != about),
                repeated=fact.repeated or register.repeated(fact.finding_id),
                # Follow-ups written in the other language still tell where the finding stands.
                status=merge_status([fact.status, register.status(fact.finding_id)])
                if fact.finding_id
                else fact.status,
            )
        ]
    if fact.kind == "procedure" and fact.records:
        return [replace(fact, about=department)]  # a passage naming its own record
    if fact.kind == "procedure":
        # Records are asked for only from a procedure that makes the department answer for
        # the work: its own, one that names it responsible (负责, 归口 …), or one that assigns
        # it a line of its own ("行政审批科：…", "部门：行政审批科；…").
        text = normalize(fact.text)
        responsible = (
            fact.origin == "department"
            or get_vocabulary().pattern("responsible_words").search(text)
            or re.match(r"^[^:;,。]{1,12}:", text)
        )
        records = (
            _procedure_records(retriever.chunks(doc_id=fact.citation.doc_id), register, department)
            if responsible
            else ()
        )
        named = register.departments_in(fact.text)
        return [
            replace(
                fact, records=records, about=department, mentions=tuple(n for n in named if n != department)
            )
        ]
    if fact.kind in ("volume", "complaint"):
        return _count_facts(fact)
    return [fact]


def _procedure_records(hits: list[Hit], register: FindingRegister, department: str) -> tuple[str, ...]:
    """The records a procedure names for ``department``: all of them when the procedure is
    about a few departments, only those in passages naming it when it is a manual that
    assigns work to many (the quality manual's records are not the finance section's)."""
    named = register.departments_in(" ".join(h.text for h in hits))
    if len(named) <= 3:
        return procedure_records(hits)
    names = [n for n, d in register.names.items() if d == department]
    return procedure_records(hits, lambda text: any(name in normalize(text) for name in names))


def _count_facts(fact: Fact) -> list[Fact]:
    """One fact per count in a volume or complaint passage, each with what it counts; a passage
    with several counts is cut into its clauses so that each count keeps its own noun."""
    if fact.count is not None:
        return [fact]  # a table row, counted from its columns
    found = find_counts(without_row_label(fact.text))
    if not found:
        return [fact]
    if len(found) == 1:
        c = found[0]
        return [replace(fact, counted=c.counted, count=c.number, part=c.part, approx=c.approx)]
    # Counts are read in the whole sentence (after 其中 every count is a part), then each is
    # shown with the clause that holds it.
    facts: list[Fact] = []
    pending = list(found)
    for clause in split_clauses(fact.citation.quote):
        while pending and pending[0].expression in comparable(clause):
            c = pending.pop(0)
            facts.append(
                replace(
                    fact,
                    text=clean_display(clause),
                    citation=replace(fact.citation, quote=clause.strip()),
                    numbers=(c.expression,),
                    counted=c.counted,
                    count=c.number,
                    part=c.part,
                    approx=c.approx,
                )
            )
    # A count whose clause cannot be told apart keeps the whole passage.
    facts += [
        replace(
            fact, numbers=(c.expression,), counted=c.counted, count=c.number, part=c.part, approx=c.approx
        )
        for c in pending
    ]
    return facts or [fact]


def _default_language(asked: str, languages: tuple[str, ...], hits: list[Hit]) -> str:
    if len(languages) == 1:
        return languages[0]
    typed = language_of(asked)
    if typed in languages:
        return typed
    counts = {lang: sum(1 for h in hits if h.language == lang) for lang in languages}
    return "zh" if counts.get("zh") else max(counts, key=lambda k: counts[k])


def _first_chunks(hits: list[Hit]) -> list[Hit]:
    seen: dict[str, Hit] = {}
    for hit in hits:
        seen.setdefault(hit.doc_id, hit)
    return list(seen.values())


def _documents(hits: list[Hit]) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for hit in hits:
        seen.setdefault(
            hit.doc_id,
            {"doc_id": hit.doc_id, "title": hit.title, "language": hit.language, "source": hit.source},
        )
    return list(seen.values())


def _facts_of_chunk(hit: Hit, names: list[str], state: dict[tuple[str, str], str]) -> Iterator[Fact]:
    heading = last_heading(hit)
    prior = heading_kinds(heading)
    # A procedure filed under the department is read like agency text: its headings describe
    # the procedure, so only what a passage itself says counts. The department's objectives
    # document is a system document too, but its own statement: "六、风险" there lists its risks.
    objectives = OBJECTIVES_TITLE.search(hit.title) is not None
    procedure = hit.doc_type == "record" or (hit.doc_type == "system" and not objectives)
    yield from _finding_facts(hit, prior, "department", heading, state)
    for unit in split_units(hit.text, fine=True):
        if unit.display.endswith(("：", ":")) and not unit.row:
            continue  # an introduction to a list ("主要承担以下工作：") says nothing by itself
        for kind in classify(unit.display, prior, content_only=procedure):
            if kind == "finding":
                continue
            extra: dict[str, Any] = {}
            if kind == "change":
                extra["date"] = first_date(unit.display)
            if kind == "procedure":
                extra["records"] = tuple(record_names(unit.display))
                extra["label"] = procedure_label(unit.display, hit)
            # A row of a service list that states its own caseload ("事项名称: …; 承诺时限: …;
            # 2025年办结量: 146件") gives its time limit a population of its own.
            if kind in ("volume", "complaint", "time_limit") and unit.row:
                count = row_count(unit.cells, unit.header)
                if count:
                    extra.update(
                        counted=count.counted, count=count.number, part=count.part, approx=count.approx
                    )
            yield make_fact(kind, hit, unit.quote, unit.display, "department", heading, **extra)


def _finding_facts(
    hit: Hit, prior: list[str], origin: str, heading: str, state: dict[tuple[str, str], str]
) -> Iterator[Fact]:
    """Findings of one chunk; a finding's status is read from the whole paragraph around it.

    A paragraph without an ID that follows one with an ID continues that finding (its status or
    its corrective action), so it is filed under the same ID; ``state`` carries the last ID from
    one chunk to the next of the same section.
    """
    section = (hit.doc_id, hit.heading_path)
    last_id = state.get(section, "")
    for paragraph in (p for p in hit.text.split("\n") if p.strip()):
        spans = sentences(paragraph, fine=False)
        ids = list(dict.fromkeys(m.group(0) for m in FINDING_ID.finditer(paragraph)))
        if not ids:
            if "finding" in prior and FINDING_WORDS.search(paragraph) and spans:
                first = next((s for s in spans if FINDING_WORDS.search(s)), spans[0])
                yield make_fact(
                    "finding",
                    hit,
                    first,
                    clean_display(first),
                    origin,
                    heading,
                    status=finding_status(paragraph),
                    repeated=is_repeat(paragraph),
                    finding_id=last_id,
                    label=last_id,
                )
            continue
        last_id = state[section] = ids[-1]
        passages = passages_by_id(paragraph)
        for n, finding_id in enumerate(ids):
            # The finding is quoted by its own clause, never with the sentence it shares
            # ("办结率100%；抽查30份…开具NC-2025-01" quotes the part after the semicolon).
            sentence = next(
                (s for s in sentences(paragraph, fine=True) if finding_id in s),
                next((s for s in spans if finding_id in s), paragraph),
            )
            passage = passages.get(finding_id, sentence)
            # The first finding of a paragraph that is not a list of findings owns the
            # paragraph's follow-up sentences ("…纠正措施已经实施，但尚未进行有效性验证").
            scope = paragraph if n == 0 and len(ids) == 1 and "finding" in prior else passage
            status = finding_status(scope)
            status_sentence = next(
                (
                    s
                    for s in spans
                    if s != sentence and finding_status(s) != "unknown" and normalize(s) in normalize(scope)
                ),
                "",
            )
            support: tuple[Citation, ...] = ()
            if status_sentence:
                support = (Citation.for_hit(hit, status_sentence),)
            yield replace(
                make_fact(
                    "finding",
                    hit,
                    sentence,
                    clean_display(sentence),
                    origin,
                    heading,
                    finding_id=finding_id,
                    status=status,
                    repeated=finding_repeated(scope, finding_id),
                    label=finding_id,
                ),
                support=support,
            )


def _dedupe(facts: list[Fact]) -> list[Fact]:
    seen: set[tuple[str, ...]] = set()
    kept = []
    for fact in facts:
        # Findings are merged by ID later, so only exact repeats of a passage are dropped here.
        key = (
            (fact.kind, fact.finding_id, fact.citation.chunk_id, fact.citation.quote)
            if fact.finding_id
            else (fact.kind, fact.text, str(fact.count))
        )
        if key not in seen:
            seen.add(key)
            kept.append(fact)
    return kept


def _merge_findings(facts: list[Fact]) -> list[Fact]:
    """One fact per finding ID: the department's own account first, the records as support."""
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.kind == "finding" and fact.finding_id:
            groups.setdefault(fact.finding_id, []).append(fact)
    merged: list[Fact] = []
    placed: set[str] = set()
    for fact in facts:
        if fact.kind != "finding" or not fact.finding_id:
            merged.append(fact)
            continue
        if fact.finding_id in placed:
            continue
        placed.add(fact.finding_id)
        group = groups[fact.finding_id]
        group.sort(key=lambda f: (f.origin != "department", "finding" not in heading_kinds(f.heading)))
        primary = group[0]
        status = merge_status(f.status for f in group)
        support: dict[tuple[str, str], Citation] = {}
        for other in group:
            for citation in other.citations():
                support.setdefault((citation.chunk_id, citation.quote), citation)
        support.pop((primary.citation.chunk_id, primary.citation.quote), None)
        merged.append(
            replace(
                primary,
                status=status,
                repeated=any(f.repeated for f in group),
                support=tuple(support.values()),
            )
        )
    return merged


def _find_people(profile: DepartmentProfile, hits: list[Hit]) -> None:
    """The department head and the leader in charge, as the documents name them."""
    for hit in hits:
        for unit in split_units(hit.text, fine=False):
            text = normalize(unit.display)
            if not profile.head:
                match = next((m for m in (p.search(text) for p in _HEADS) if m), None)
                if match:
                    title, name = match["title"], match["name"]
                    profile.head = f"{name}{title}" if language_of(name) == "zh" else f"{title} {name}"
                    profile.head_citation = Citation.for_hit(hit, unit.quote)
            if not profile.leader:
                match = next((m for m in (p.search(text) for p in _LEADERS) if m), None)
                if match:
                    title = match.groupdict().get("title") or ""
                    profile.leader = f"{match['name']}{title}" if title else match["name"]
                    profile.leader_citation = Citation.for_hit(hit, unit.quote)


__all__ = ["KINDS", "DepartmentProfile", "Fact", "build_profile", "classify"]
