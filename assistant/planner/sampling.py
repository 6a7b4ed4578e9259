"""Sampling priorities: what to sample in a department, why, how many and how to pick them.

Each candidate is anchored on one fact (an open finding, a time limit, a yearly volume, a
recent change, complaints, an objective, the plan). Facts about the same work (sharing key
words) add their reasons. The score is the sum of the reason weights in
``prompts/planner/sampling.yaml`` (a reason borrowed from related work counts half), so every
rank can be explained. Sample sizes follow ISO 19011
practice: judgement-based sampling by risk by default; statistical sampling (zero-acceptance
attribute sampling, finite-population corrected) only for a large population of routine cases;
verification samples at least as large as the sample that raised the finding.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.facts.profile import Fact
from assistant.facts.recognizers import counts, english_date, first_date, language_of, population
from assistant.planner.audit_model import PDCA, pick
from assistant.planner.context import PlanContext
from assistant.retrieval.citations import Citation, unique_citations
from assistant.templates import fill
from ingest.text import tokenize

_SHORTFALL = re.compile(r"未达|未能|(?<!不)低于|略低|下滑|not met|below|fell short|missed", re.I)
# A grassroots passage counts as a reason to sample only when it shows a problem that traces back
# to this department, not merely that the department guides grassroots units.
RELATED_SHARE = 0.5
_TRACE = re.compile(r"溯源|追溯|旧版|源于|根源|traced|old version|trace back|originat", re.I)
# "抽查2025年第三季度…案卷30件", "抽查30份", "3 of 25 sampled files": the size of last time's sample.
_PREVIOUS_SAMPLE = re.compile(r"抽查[^。；;]*?(\d+)\s*(?:份|件|卷|项|个)|\b(?:of|sampled)\s+(\d+)\b", re.I)


@dataclass
class SamplingItem:
    """One thing to sample, with the reasons that rank it and how to draw the sample."""

    item: str
    short: str
    reasons: list[str]
    codes: list[str]
    score: float
    sample_size: int
    method: str
    method_kind: str
    period: str
    pdca: str
    citations: list[Citation]
    population: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "reasons": self.reasons,
            "reason_codes": self.codes,
            "score": self.score,
            "sample_size": self.sample_size,
            "method": self.method,
            "method_kind": self.method_kind,
            "period": self.period,
            "population": self.population,
            "pdca": self.pdca,
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass
class _Candidate:
    kind: str
    anchor: Fact
    order: int
    reasons: dict[str, Fact | None] = field(default_factory=dict)
    extra: list[Fact] = field(default_factory=list)
    population: tuple[int, str] | None = None


def build_sampling(ctx: PlanContext) -> tuple[list[SamplingItem], dict[str, Any]]:
    """Ranked sampling items and a statement of which PDCA stages they cover."""
    config = ctx.model.sampling
    candidates = _candidates(ctx)
    keywords = _Keywords(ctx)
    facts = [
        f
        for f in ctx.profile.facts
        if f.kind
        in ("finding", "complaint", "change", "risk", "grassroots", "time_limit", "objective", "volume")
    ]
    for candidate in candidates:
        for fact in facts:
            if fact is candidate.anchor or not keywords.related(candidate.anchor, fact):
                continue
            code = _reason_code(fact)
            if fact.kind == "grassroots" and not _TRACE.search(fact.text):
                continue
            if fact.kind == "volume":
                if candidate.population is None and candidate.kind == "time_limit":
                    candidate.population = keywords.best_count(candidate.anchor, fact)
                    candidate.extra.append(fact)
                continue
            if code and code not in candidate.reasons:
                candidate.reasons[code] = fact
    # A population already sampled through its time limit needs no second, volume-only item.
    counted = {c.population for c in candidates if c.kind == "time_limit" and c.population}
    candidates = [c for c in candidates if not (c.kind == "volume" and c.population in counted)]
    guidance = ctx.finder.find(config["query"])
    items = [_item(ctx, c, guidance) for c in candidates]
    items = [i for i in items if i.citations]
    ranked = sorted(range(len(items)), key=lambda n: (-items[n].score, candidates[n].order))
    chosen = _keep(items, ranked, int(config.get("keep", 8)))
    return chosen, _coverage(ctx, chosen)


def _candidates(ctx: PlanContext) -> list[_Candidate]:
    profile = ctx.profile
    found: list[_Candidate] = []

    def add(kind: str, fact: Fact, reason: str | None) -> _Candidate:
        candidate = _Candidate(kind, fact, len(found))
        if reason:
            candidate.reasons[reason] = fact
        found.append(candidate)
        return candidate

    for fact in profile.ranked("finding")[:4]:
        add("finding", fact, _reason_code(fact))
    for fact in [f for f in profile.ranked("time_limit") if f.numbers][:6]:
        add("time_limit", fact, "statutory_deadline")
    for fact in profile.ranked("volume"):
        counted = population(fact.text)
        if counted:
            add("volume", fact, None).population = counted
    for fact in profile.ranked("change")[:4]:
        add("change", fact, "recent_change")
    for fact in [f for f in profile.ranked("complaint") if f.numbers][:2]:
        add("complaint", fact, "complaints")
    objectives = [f for f in profile.ranked("objective") if f.numbers]
    if objectives:
        short = next((f for f in objectives if _SHORTFALL.search(f.text)), None)
        add("objective", short or objectives[0], "shortfall" if short else "measurement")
        plan = add("plan", objectives[0], "plan_basis")
        plan.extra += profile.of_kind("key_work")[:1]
    grassroots = sorted(
        (f for f in profile.of_kind("grassroots") if _TRACE.search(f.text)),
        key=lambda f: f.origin == "department",
    )
    if grassroots:
        add("grassroots", grassroots[0], "grassroots")
    return found


def _reason_code(fact: Fact) -> str | None:
    if fact.kind == "finding":
        if fact.repeated:
            return "repeated_finding"
        return "closed_finding" if fact.status == "closed" else "open_finding"
    if fact.kind == "objective":
        return "shortfall" if _SHORTFALL.search(fact.text) else None
    return {
        "complaint": "complaints",
        "change": "recent_change",
        "risk": "risk",
        "grassroots": "grassroots",
        "time_limit": "statutory_deadline",
    }.get(fact.kind)


class _Keywords:
    """Content words of each fact; two facts are about the same work when they share two."""

    def __init__(self, ctx: PlanContext) -> None:
        stop = ctx.model.sampling["stopwords"]
        self.stop = {str(w).lower() for words in stop.values() for w in words}
        for name in ctx.profile.names():
            self.stop.update(tokenize(name))
        self._cache: dict[int, set[str]] = {}

    def of(self, fact: Fact) -> set[str]:
        if id(fact) not in self._cache:
            words = set(tokenize(fact.text))
            self._cache[id(fact)] = {
                w
                for w in words
                if len(w) >= 2 and w not in self.stop and not re.fullmatch(r"[\d,.%年月日]+", w)
            }
        return self._cache[id(fact)]

    def related(self, a: Fact, b: Fact) -> bool:
        return len(self.of(a) & self.of(b)) >= 2

    def best_count(self, anchor: Fact, volume: Fact) -> tuple[int, str] | None:
        """The count in ``volume`` whose label shares most words with ``anchor``."""
        found = counts(volume.text)
        if not found:
            return None
        wanted = self.of(anchor)

        def overlap(count: tuple[int, str]) -> int:
            return len(wanted & set(tokenize(count[1])))

        return max(found, key=lambda c: (overlap(c), c[0]))


def _weight(code: str, weights: Mapping[str, Any], count: int | None = None) -> float:
    if code == "volume":
        return float(min(int(weights["volume_max"]), max(0, int(math.log10(count)) - 1))) if count else 0.0
    return float(weights[code])


def _item(ctx: PlanContext, candidate: _Candidate, guidance: Citation | None) -> SamplingItem:
    config, lang = ctx.model.sampling, ctx.language
    anchor = candidate.anchor
    values = {
        "fact": anchor.text,
        "gloss": ctx.gloss(anchor),
        "finding_id": anchor.finding_id or ("这项发现" if lang == "zh" else "this finding"),
        "department": ctx.name,
        "label": candidate.population[1] if candidate.population else "",
        "population": f"{candidate.population[0]:,}" if candidate.population else "",
    }
    item = fill(
        pick(config["items"][candidate.kind], lang, candidate.kind), f"items.{candidate.kind}", values
    )
    reasons, codes, score = [], [], 0.0
    for code, fact in candidate.reasons.items():
        # The anchor's own reason counts in full; a reason borrowed from related work counts half.
        weight = _weight(code, config["weights"]) * (1.0 if fact is anchor else RELATED_SHARE)
        score += weight
        codes.append(code)
        reasons.append(_reason_text(ctx, code, fact))
    if candidate.population and candidate.population[0] >= 100:
        weight = _weight("volume", config["weights"], candidate.population[0])
        if weight:
            score += weight
            codes.append("volume")
            label = pick(config["reasons"]["volume"], lang, "volume")
            reasons.append(
                f"{label}{'：' if lang == 'zh' else ': '}{candidate.population[1]} "
                f"{candidate.population[0]:,}"
            )
    method_kind, size, method = _method(ctx, candidate, score)
    citations = [anchor.citation]
    citations += [f.citation for f in candidate.reasons.values() if f is not None]
    citations += [f.citation for f in candidate.extra]
    if guidance:
        citations.append(guidance)
    return SamplingItem(
        item=item,
        short=_short(ctx, candidate),
        reasons=reasons,
        codes=codes,
        score=score,
        sample_size=size,
        method=method,
        method_kind=method_kind,
        period=_period(ctx, candidate),
        pdca=str(config["pdca"][candidate.kind]),
        citations=unique_citations(citations),
        population=candidate.population[0] if candidate.population else None,
    )


def _reason_text(ctx: PlanContext, code: str, fact: Fact | None) -> str:
    label = pick(ctx.model.sampling["reasons"][code], ctx.language, code)
    if fact is None:
        return label
    tag = f" [{fact.finding_id}]" if fact.finding_id else ""
    if ctx.language == "zh":
        return f"{label}{tag}：“{fact.text}”{ctx.gloss(fact)}"
    return f"{label}{tag}: “{fact.text}”{ctx.gloss(fact)}"


def _method(ctx: PlanContext, candidate: _Candidate, score: float) -> tuple[str, int, str]:
    size_rules, methods, lang = ctx.model.sampling["size"], ctx.model.sampling["methods"], ctx.language
    period = _period_clause(ctx, candidate)
    judgement = size_rules["judgement"]
    by_risk = (
        judgement["high"]
        if score >= size_rules["judgement_high_score"]
        else judgement["medium"]
        if score >= size_rules["judgement_medium_score"]
        else judgement["low"]
    )
    if candidate.kind == "finding":
        previous = _previous_sample(candidate.anchor)
        size = max(previous or 0, by_risk)
        shown = str(previous) if previous else "—"
        return (
            "verification",
            size,
            fill(
                pick(methods["verification"], lang, "verification"),
                "verification",
                {"previous": shown, "period": period},
            ),
        )
    count = candidate.population[0] if candidate.population else None
    if (
        count
        and count >= size_rules["statistical_min_population"]
        and candidate.kind in ("volume", "time_limit")
    ):
        confidence = (
            size_rules["confidence_high_risk"]
            if score >= size_rules["high_risk_score"]
            else size_rules["confidence"]
        )
        tolerable = size_rules["tolerable"]
        n = math.ceil(math.log(1 - confidence) / math.log(1 - tolerable))
        size = math.ceil(n / (1 + (n - 1) / count))
        text = fill(
            pick(methods["statistical"], lang, "statistical"),
            "statistical",
            {"population": f"{count:,}", "confidence": f"{confidence:.0%}", "tolerable": f"{tolerable:.0%}"},
        )
        return "statistical", size, text
    size = min(by_risk, count) if count else by_risk
    return (
        "judgement",
        size,
        fill(pick(methods["judgement"], lang, "judgement"), "judgement", {"period": period}),
    )


def _previous_sample(fact: Fact) -> int | None:
    texts = [fact.text] + [c.quote for c in fact.support]
    for text in texts:
        match = _PREVIOUS_SAMPLE.search(text)
        if match:
            return int(match.group(1) or match.group(2))
    return None


def _date(ctx: PlanContext, fact: Fact) -> str:
    date = fact.date or first_date(fact.text)
    return english_date(date) if ctx.language == "en" else date


def _period_clause(ctx: PlanContext, candidate: _Candidate) -> str:
    methods = ctx.model.sampling["methods"]
    date = _date(ctx, candidate.anchor) if candidate.kind == "change" else ""
    if date:
        return fill(
            pick(methods["period_from"], ctx.language, "period_from"), "period_from", {"period": date}
        )
    return pick(methods["period_none"], ctx.language, "period_none")


def _period(ctx: PlanContext, candidate: _Candidate) -> str:
    periods, lang = ctx.model.sampling["periods"], ctx.language
    if candidate.kind == "change":
        date = _date(ctx, candidate.anchor)
        if date:
            return fill(pick(periods["change"], lang, "change"), "periods.change", {"date": date})
        return pick(periods["change_undated"], lang, "change_undated")
    if candidate.kind == "finding":
        return pick(periods["finding"], lang, "finding")
    return pick(periods["default"], lang, "default")


def _short(ctx: PlanContext, candidate: _Candidate) -> str:
    shorts, lang = ctx.model.sampling["short"], ctx.language
    anchor = candidate.anchor
    if candidate.kind == "finding" and anchor.finding_id:
        return fill(
            pick(shorts["finding"], lang, "finding"), "short.finding", {"finding_id": anchor.finding_id}
        )
    if candidate.kind == "plan":
        return pick(shorts["plan"], lang, "plan")
    if candidate.kind == "volume" and candidate.population:
        return fill(
            pick(shorts["volume"], lang, "volume"), "short.volume", {"label": candidate.population[1]}
        )
    return fill(pick(shorts["default"], lang, "default"), "short.default", {"snippet": snippet(anchor.text)})


def snippet(text: str) -> str:
    """A short handle for a fact: its label before a colon, or its opening words."""
    head = re.split(r"[：:]", text, maxsplit=1)[0].strip()
    if 4 <= len(head) <= 30 and head != text:
        return head
    if len(text) <= 40:
        return text
    if language_of(text) == "en":
        return text[:45].rsplit(" ", 1)[0] + "…"
    return text[:28] + "…"


def _keep(items: list[SamplingItem], ranked: list[int], keep: int) -> list[SamplingItem]:
    """The ``keep`` best items, swapping in the best item of any PDCA stage left out."""
    chosen = ranked[:keep]
    for stage in PDCA:
        if any(items[n].pdca == stage for n in chosen):
            continue
        extra = next((n for n in ranked[keep:] if items[n].pdca == stage), None)
        if extra is None:
            continue
        counts = {p: sum(1 for n in chosen if items[n].pdca == p) for p in PDCA}
        # Drop the lowest-ranked item of the stage that has most items.
        crowded = max(PDCA, key=lambda p: counts[p])
        drop = next(n for n in reversed(chosen) if items[n].pdca == crowded)
        chosen = [n for n in chosen if n != drop] + [extra]
    chosen.sort(key=lambda n: ranked.index(n))
    return [items[n] for n in chosen]


def _coverage(ctx: PlanContext, items: list[SamplingItem]) -> dict[str, Any]:
    coverage, lang = ctx.model.sampling["coverage"], ctx.language
    covered = [p for p in PDCA if any(i.pdca == p for i in items)]
    missing = [p for p in PDCA if p not in covered]
    names = coverage["stage_names"]
    separator = "、" if lang == "zh" else ", "
    if missing:
        statement = fill(
            pick(coverage["partial"], lang, "partial"),
            "coverage.partial",
            {
                "covered": separator.join(pick(names[p], lang, p) for p in covered) or "—",
                "missing": separator.join(pick(names[p], lang, p) for p in missing),
            },
        )
    else:
        statement = pick(coverage["full"], lang, "full")
    return {"covered": covered, "missing": missing, "statement": statement}

