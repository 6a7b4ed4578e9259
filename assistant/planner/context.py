"""What every part of the planner works from: the audit model, the department's profile, the
brief's language and the guidance finder."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.facts.fact import Fact
from assistant.facts.profile import DepartmentProfile
from assistant.facts.recognizers import gloss, language_of
from assistant.planner.audit_model import AuditModel
from assistant.planner.guidance import GuidanceFinder
from assistant.retrieval.citations import Citation


def display_name(profile: DepartmentProfile, language: str) -> str:
    """The department's name for a reader of ``language`` (an alias in that language if any)."""
    for name in profile.names():
        if language_of(name) == language:
            return name
    return profile.department



@dataclass
class PlanContext:
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
