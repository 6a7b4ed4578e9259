"""The audit model the planner works from: the audit trail, question, opening, trap and sampling
templates, loaded from ``prompts/planner/*.yaml`` by name.

The model is data, so an auditor or a trainer can change a question or an agenda item without
touching code. Templates are filled with :func:`fill`, which refuses a template that names a
placeholder the caller did not supply (a missing variable is an error, never an empty string).

Usage::

    model = load_audit_model()
    element = model.element("objectives")
    text = fill(element.question["en"], "objectives.question", {"department": "行政审批科"})
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT
from assistant.templates import TemplateError
from ingest.datafile import read_yaml

PLANNER_PROMPTS = PROJECT_ROOT / "prompts" / "planner"
LANGUAGES = ("zh", "en")
PDCA = ("P", "D", "C", "A")

# What an ISO 19011 opening meeting covers; brief_metrics measures the agenda against this list,
# not against the YAML, so a template that drops an item shows up as lower coverage.
REQUIRED_AGENDA = (
    "introductions",
    "objectives_scope_criteria",
    "plan_timing",
    "methods_sampling",
    "communication_language",
    "keeping_informed",
    "resources_facilities",
    "confidentiality",
    "safety_emergency",
    "guides_observers",
    "closing_meeting",
    "findings_grading",
    "complaints_appeals",
    "termination_conditions",
    "auditee_risks",
)

# ISO 9001:2015's own figure (the PDCA cycle around clauses 4-10) places clauses 4-6 in Plan,
# 7-8 in Do, 9 in Check and 10 in Act. A clause tagged with another stage is a data error.
_STAGE_OF_CLAUSE = {"4": "P", "5": "P", "6": "P", "7": "D", "8": "D", "9": "C", "10": "A"}


def pdca_for_clause(clause: str) -> str:
    """The PDCA stage of an ISO 9001:2015 clause ("8.5.1" -> "D", "10.2" -> "A").

    Raises:
        ValueError: ``clause`` is not a clause of ISO 9001 sections 4-10.
    """
    top = str(clause).strip().split(".")[0]
    if top not in _STAGE_OF_CLAUSE:
        raise ValueError(f"{clause!r} is not an ISO 9001 clause of sections 4-10")
    return _STAGE_OF_CLAUSE[top]


def check_clause_pdca(clause: str, pdca: str, where: str) -> None:
    """Refuse a clause/PDCA pair that contradicts :func:`pdca_for_clause`."""
    try:
        expected = pdca_for_clause(clause)
    except ValueError as e:
        raise TemplateError(f"{where}: {e}.") from e
    if pdca != expected:
        raise TemplateError(
            f"{where}: clause {clause} belongs to PDCA stage {expected}, not {pdca} "
            "(ISO 9001:2015: clauses 4-6 P, 7-8 D, 9 C, 10 A)."
        )


@dataclass(frozen=True)
class TrailElement:
    """One step of the audit trail (e.g. quality objectives) with its clause and PDCA stage."""

    id: str
    name: dict[str, str]
    clause: str
    pdca: str
    fact_kinds: tuple[str, ...]
    cues: dict[str, tuple[str, ...]]
    query: dict[str, str]
    evidence: dict[str, tuple[str, ...]]
    purpose: dict[str, str]
    question: dict[str, str]
    # Fact cues that must occur in the department's documents for the element to apply (8.4
    # only where work is bought in or done by grassroots units); empty: always applies.
    applies_when: tuple[str, ...] = ()

    def applies_to(self, texts: list[str]) -> bool:
        if not self.applies_when:
            return True
        joined = " ".join(texts).lower()
        return any(cue.lower() in joined for cue in self.applies_when)

    def cue_hits(self, text: str) -> int:
        """How many of this element's cue words (either language) occur in ``text``."""
        lowered = text.lower()
        return sum(1 for words in self.cues.values() for word in words if word.lower() in lowered)


@dataclass(frozen=True)
class AgendaItem:
    id: str
    title: dict[str, str]
    detail: dict[str, str]
    query: dict[str, str]


@dataclass(frozen=True)
class Trap:
    id: str
    title: dict[str, str]
    text: dict[str, str]
    watch: dict[str, str]
    query: dict[str, str]
    illustrate: tuple[str, ...]
    when_kinds: tuple[str, ...] = ()
    when_cues: tuple[str, ...] = ()
    unless_numeric: tuple[str, ...] = ()
    unless_min: int = 0


@dataclass(frozen=True)
class AuditModel:
    """Everything the planner reads from ``prompts/planner``."""

    elements: tuple[TrailElement, ...]
    questions: dict[str, Any]
    agenda: tuple[AgendaItem, ...]
    script: dict[str, Any]
    notes: tuple[dict[str, Any], ...]
    fragments: dict[str, dict[str, str]]
    traps: tuple[Trap, ...]
    sampling: dict[str, Any]
    labels: dict[str, Any]

    def element(self, element_id: str) -> TrailElement:
        for element in self.elements:
            if element.id == element_id:
                return element
        known = ", ".join(e.id for e in self.elements)
        raise TemplateError(f"No audit-trail element {element_id!r} in audit_trail.yaml. Known: {known}.")

    def label(self, group: str, key: str, language: str) -> str:
        """A heading or field label, e.g. ``label("sections", "profile", "zh")``."""
        try:
            return str(self.labels[group][key][language])
        except KeyError as e:
            raise TemplateError(f"labels.yaml has no {group}.{key}.{language}; add it.") from e

    def fragment(self, key: str, language: str) -> str:
        try:
            return self.fragments[key][language]
        except KeyError as e:
            raise TemplateError(f"opening.yaml has no fragments.{key}.{language}; add it.") from e


def pick(mapping: Mapping[str, Any], language: str, name: str) -> Any:
    """The ``language`` version of a bilingual template entry."""
    if language not in mapping:
        raise TemplateError(f"Template {name!r} has no {language!r} version; add one to prompts/planner/.")
    return mapping[language]


def _read(directory: Path, name: str) -> dict[str, Any]:
    path = directory / name
    data = read_yaml(path, TemplateError, "Planner data file", fix="Restore it from the repository.")
    if not isinstance(data, dict):
        raise TemplateError(f"{path} must hold a mapping at the top level.")
    return data


def _tuple_map(data: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(str(v) for v in values or ()) for lang, values in data.items()}


def _element(raw: Mapping[str, Any]) -> TrailElement:
    try:
        element = TrailElement(
            id=str(raw["id"]),
            name=dict(raw["name"]),
            clause=str(raw["clause"]),
            pdca=str(raw["pdca"]),
            fact_kinds=tuple(raw.get("fact_kinds") or ()),
            cues=_tuple_map(raw.get("cues") or {}),
            query=dict(raw["query"]),
            evidence=_tuple_map(raw["evidence"]),
            purpose=dict(raw["purpose"]),
            question=dict(raw["question"]),
            applies_when=tuple(str(c) for c in raw.get("applies_when") or ()),
        )
    except KeyError as e:
        raise TemplateError(f"audit_trail.yaml: element {raw.get('id')!r} lacks {e.args[0]!r}.") from e
    if element.pdca not in PDCA:
        raise TemplateError(f"audit_trail.yaml: element {element.id!r} has PDCA {element.pdca!r}.")
    check_clause_pdca(element.clause, element.pdca, f"audit_trail.yaml: element {element.id!r}")
    return element


@lru_cache(maxsize=4)
def load_audit_model(directory: Path = PLANNER_PROMPTS) -> AuditModel:
    """Read and check the planner data files (cached per folder)."""
    trail = _read(directory, "audit_trail.yaml")
    questions = _read(directory, "questions.yaml")
    opening = _read(directory, "opening.yaml")
    traps = _read(directory, "traps.yaml")
    sampling = _read(directory, "sampling.yaml")
    labels = _read(directory, "labels.yaml")
    try:
        model = AuditModel(
            elements=tuple(_element(raw) for raw in trail["elements"]),
            questions=questions,
            agenda=tuple(
                AgendaItem(str(a["id"]), dict(a["title"]), dict(a["detail"]), dict(a["query"]))
                for a in opening["agenda"]
            ),
            script=dict(opening["script"]),
            notes=tuple(opening["notes"]),
            fragments=dict(opening["fragments"]),
            traps=tuple(
                Trap(
                    str(t["id"]),
                    dict(t["title"]),
                    dict(t["text"]),
                    dict(t["watch"]),
                    dict(t["query"]),
                    tuple(t.get("illustrate") or ()),
                    tuple(t.get("when_kinds") or ()),
                    tuple(str(c) for c in t.get("when_cues") or ()),
                    tuple(t.get("unless_numeric") or ()),
                    int(t.get("unless_min") or 0),
                )
                for t in traps["traps"]
            ),
            sampling=sampling,
            labels=labels,
        )
    except (KeyError, TypeError) as e:
        raise TemplateError(f"Planner data in {directory} is incomplete: missing {e}.") from e
    _check_questions(model)
    return model


def _check_questions(model: AuditModel) -> None:
    """Every question template must point at a real element and have both languages."""
    entries = {**model.questions.get("start_here", {}), **model.questions.get("by_kind", {})}
    for key, entry in entries.items():
        model.element(str(entry["element"]))
        for language in LANGUAGES:
            pick(entry, language, key)
            pick(entry["purpose"], language, f"{key}.purpose")
            pick(entry["evidence"], language, f"{key}.evidence")
        if "pdca" in entry and entry["pdca"] not in PDCA:
            raise TemplateError(f"questions.yaml: {key} has PDCA {entry['pdca']!r}.")
        element = model.element(str(entry["element"]))
        clause = str(entry.get("clause", element.clause))
        pdca = str(entry.get("pdca", pdca_for_clause(clause)))
        check_clause_pdca(clause, pdca, f"questions.yaml: {key}")


def query_terms(query: str) -> list[str]:
    """The words of a template query, used to judge whether a passage speaks to it."""
    return [t for t in re.split(r"\s+", query.strip()) if len(t) >= 2]
