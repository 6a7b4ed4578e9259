"""The trail from grassroots to the department: a problem seen at a township station or a
counter, traced back to this department's documents and controls, with the unit to visit.

Built only from the department's grassroots passages that show a problem (cues in
``sampling.yaml: grassroots_trail``); the controls to check are the governing procedures'
records when the evidence layer gives them, else the department's issue/withdrawal/check
records. No grassroots passage with a problem, no trail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.facts.fact import Fact
from assistant.facts.recognizers import GRASSROOTS, language_of
from assistant.planner.audit_model import pick
from assistant.planner.context import PlanContext
from assistant.planner.questions import procedure_records
from assistant.retrieval.citations import Citation
from assistant.templates import fill


@dataclass
class TrailStep:
    """One grassroots problem traced back to the department."""

    problem: str
    unit: str
    visit: str
    citations: list[Citation]

    def to_dict(self) -> dict[str, Any]:
        return {
            "problem": self.problem,
            "unit": self.unit,
            "visit": self.visit,
            "citations": [c.to_dict() for c in self.citations],
        }


def _unit(fact: Fact, config: dict[str, Any]) -> str:
    """The unit to visit: a named station or counter ("城东所", "the Chengdong station") if the
    passage names one, else the generic unit it mentions ("基层所窗口"), else ""."""
    lang = language_of(fact.text)
    suffixes = list(config["named_suffixes"].get(lang, []))
    if lang == "en":
        named = re.search(
            rf"\b(?:the\s+)?[A-Z][a-z]+\s+(?:{'|'.join(map(re.escape, suffixes))})\b", fact.text
        )
        if named:
            return named.group(0)
    else:
        for match in re.finditer(
            rf"([\u4e00-\u9fff]{{2}})(?:{'|'.join(map(re.escape, suffixes))})", fact.text
        ):
            if match.group(1) not in config["not_names"]:
                return match.group(0)
    generic = next((g for g in config["generic"].get(lang, []) if g.lower() in fact.text.lower()), "")
    return f"a {generic}" if generic and lang == "en" else generic


def _shows_problem(text: str, cues: list[Any]) -> bool:
    lowered = text.lower()
    for cue in (str(c).lower() for c in cues):
        # English cues are whole words ("late" is not in "template").
        pattern = rf"\b{re.escape(cue)}\b" if cue.isascii() else re.escape(cue)
        if re.search(pattern, lowered):
            return True
    return False


def build_trail(ctx: PlanContext) -> list[TrailStep]:
    """Grassroots problems traced back to this department, at most four."""
    config = ctx.model.sampling.get("grassroots_trail")
    if not config:
        return []
    lang = ctx.language
    steps: list[TrailStep] = []
    records = procedure_records(ctx)
    sep = "、" if lang == "zh" else ", "
    controls = (
        sep.join(ctx.standalone(r) for r in records[:3])
        if records
        else str(pick(config["controls_default"], lang, "controls"))
    )
    seen: set[str] = set()
    candidates = [f for f in ctx.profile.ranked("finding") if GRASSROOTS.search(f.text)]
    candidates += ctx.profile.ranked("grassroots")
    for fact in candidates:
        source_lang = language_of(fact.text)
        cues = config["problem"].get(source_lang, [])
        if not _shows_problem(fact.text, cues) or fact.text in seen:
            continue
        seen.add(fact.text)
        unit = _unit(fact, config)
        shown_unit = ctx.standalone(unit) if unit else str(pick(config["unit_default"], lang, "unit"))
        visit = fill(
            pick(config["visit"], lang, "visit"),
            "grassroots_trail.visit",
            {"unit": shown_unit, "department": ctx.name, "controls": controls},
        )
        steps.append(TrailStep(ctx.standalone(fact.text), unit, visit, fact.citations()[:2]))
        if len(steps) >= 4:
            break
    return steps
