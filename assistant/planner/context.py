"""What every part of the planner works from: the audit model, the department's profile, the
brief's language, the guidance finder, and the names of the other departments (to tell the
department's own findings from those its documents merely mention)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from assistant.facts.fact import Fact
from assistant.facts.profile import DepartmentProfile
from assistant.facts.recognizers import gloss, language_of
from assistant.planner.attribution import is_own
from assistant.planner.audit_model import AuditModel
from assistant.planner.guidance import GuidanceFinder
from assistant.planner.naming import (
    chinese_department,
    chinese_person,
    english_department,
    english_person,
    gloss_title,
)
from assistant.planner.quoting import original_mark, quote_original
from assistant.retrieval.citations import Citation


def display_name(profile: DepartmentProfile, language: str) -> str:
    """The department's name for a reader of ``language``: an alias in that language, else a
    composed English name (names.yaml), else the name as the documents write it."""
    same = [n for n in profile.names() if language_of(n) == language]
    if language == "en":
        # Of several English aliases, the one the names table composes is the standard form.
        composed = {english_department(n) for n in profile.names()} - {""}
        preferred = [n for n in same if n in composed]
        if preferred or same:
            return (preferred or same)[0]
    elif same:
        return same[0]
    compose = english_department if language == "en" else chinese_department
    for name in profile.names():
        translated = compose(name)
        if translated:
            return translated
    return quote_original(profile.department, language)


def display_person(person: str, language: str, department: str = "") -> str:
    """A person with title for a reader of ``language`` ("Section Chief Lin Xiaolan")."""
    if not person or language_of(person) == language:
        return person
    if language != "en":
        # No Chinese form of an English name can be derived: the title in Chinese, the name quoted.
        return chinese_person(person, department) or quote_original(person, language)
    return english_person(person) or gloss_title(person) or person


_SINGULAR_PEOPLE = re.compile(r"(?<![\d,.])(1) people(-visits)?\b")


@dataclass
class PlanContext:
    """What every builder needs: the model, the profile, the brief's language, guidance."""

    model: AuditModel
    profile: DepartmentProfile
    language: str
    finder: GuidanceFinder
    departments: tuple[str, ...] = field(default=())
    # The department's own chunks in every language, by finding ID: the Chinese account may name
    # the section a finding belongs to when the English one does not.
    passages: Callable[[str], list[str]] | None = field(default=None, repr=False)
    _foreign: set[str] | None = field(default=None, init=False, repr=False)

    @property
    def name(self) -> str:
        return display_name(self.profile, self.language)

    @property
    def head(self) -> str:
        return display_person(self.profile.head, self.language, self.name)

    @property
    def leader(self) -> str:
        return display_person(self.profile.leader, self.language, self.name)

    def gloss(self, fact: Fact) -> str:
        labels = self.model.labels
        text = gloss(fact.text, self.language, labels["units"], labels["units_en"], labels["phrases"])
        # The shared glosser makes plurals by dropping an "s"; "people" has no such singular.
        return _SINGULAR_PEOPLE.sub(r"\1 person\2", text)

    def shown(self, text: str) -> str:
        """``text`` to put inside the quote marks of a template, verbatim; the original mark
        goes after the closing quote (``original_mark``), never inside it."""
        return text

    def original_mark(self, text: str) -> str:
        return original_mark(text, self.language)

    def standalone(self, text: str) -> str:
        """``text`` as a line of its own: in quotes and marked when it is in the other language."""
        return quote_original(text, self.language)

    def owns(self, fact: Fact) -> bool:
        """True when ``fact`` is about this department, not one it merely mentions. A finding ID
        shown to be another department's in any passage (often the Chinese one, which names the
        section) is another department's in every passage."""
        if fact.finding_id and fact.finding_id in self._foreign_ids():
            return False
        return is_own(fact, self.profile.names(), self.departments)

    def _foreign_ids(self) -> set[str]:
        if self._foreign is None:
            names = self.profile.names()
            findings = [f for f in self.profile.of_kind("finding") if f.finding_id]
            self._foreign = {f.finding_id for f in findings if not is_own(f, names, self.departments)}
            for finding_id in {f.finding_id for f in findings} - self._foreign:
                for text in self.passages(finding_id) if self.passages else []:
                    probe = replace(findings[0], text=text, finding_id=finding_id, about="")
                    if not is_own(probe, names, self.departments):
                        self._foreign.add(finding_id)
                        break
        return self._foreign

    def own_findings(self) -> list[Fact]:
        return [f for f in self.profile.ranked("finding") if self.owns(f)]

    def related_findings(self) -> list[Fact]:
        return [f for f in self.profile.ranked("finding") if not self.owns(f)]

    def about_another(self, text: str) -> bool:
        """True when ``text`` names another department of the index and not this one."""
        own = [n for n in self.profile.names() if n]
        if any(n in text for n in own):
            return False
        return any(n in text for n in self.departments if n not in own and len(n) >= 2)

    def others_figures(self, text: str) -> bool:
        """True when ``text`` gives another department's figures (its time limits, its targets):
        no support for a question about this department, even as guidance."""
        return bool(re.search(r"\d", text)) and self.about_another(text)

    def element_citation(self, element_id: str) -> Citation | None:
        element = self.model.element(element_id)
        cues = [c for words in element.cues.values() for c in words]
        return self.finder.find(element.query, cues, avoid=self.others_figures)
