"""Sampling priorities: what to sample in a department, why, how many and how to pick them.

Each candidate is anchored on one fact (an open finding, a time limit, a yearly volume, a
recent change, complaints, an objective, the plan). Facts about the same work (sharing key
words) add their reasons. The score is the sum of the reason weights in
``prompts/planner/sampling.yaml`` (a reason borrowed from related work counts half), so every
rank can be explained. A size is only given with a stated rule and a known population (the
``count`` of the thing sampled, never a year or another item's count): the zero-acceptance
attribute-sampling table named in ``sampling.yaml``, corrected for a finite population so it
never exceeds it. Without a population the item is a judgement sample with its rule, and no
number. Findings of other departments are not sampling priorities of this one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.facts.case_kinds import get_case_kinds
from assistant.facts.counts import Count, find_counts
from assistant.facts.profile import Fact
from assistant.facts.recognizers import (
    counts,
    english_date,
    falls_short,
    first_date,
    language_of,
    without_row_label,
)
from assistant.facts.vocabulary import normalize
from assistant.planner.audit_model import PDCA, pick
from assistant.planner.context import PlanContext
from assistant.planner.quoting import quotable
from assistant.retrieval.citations import Citation, unique_citations
from assistant.templates import fill
from ingest.text import content_tokens, tokenize

# A grassroots passage counts as a reason to sample only when it shows a problem that traces back
# to this department, not merely that the department guides grassroots units.
RELATED_SHARE = 0.5
_TRACE = re.compile(r"溯源|追溯|旧版|源于|根源|traced|old version|trace back|originat", re.I)
# A count whose unit is a year, or a number that reads as one, is never a population.
# Verbs and particles before a record's name that are not part of it.
_FRAME_LEAD = re.compile(
    r"^.*(?:形成|取自|启用|上线|列入|抽查|年|月|份|件|纳入|录入|登记在|记入|使用|通过|查询|在|从|和|与|及)"
)
_YEAR_LIKE = re.compile(r"^(?:19|20)\d\d$")


@dataclass
class SamplingItem:
    """One thing to sample, with the reasons that rank it and how to draw the sample."""

    item: str
    short: str
    reasons: list[str]
    codes: list[str]
    score: float
    sample_size: int | None
    method: str
    method_kind: str
    period: str
    pdca: str
    citations: list[Citation]
    population: int | None = None
    rule: str = ""
    frame: str = ""
    strata: list[str] = field(default_factory=list)
    kind: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "kind": self.kind,
            "reasons": self.reasons,
            "reason_codes": self.codes,
            "score": self.score,
            "sample_size": self.sample_size,
            "method": self.method,
            "method_kind": self.method_kind,
            "period": self.period,
            "population": self.population,
            "size_rule": self.rule,
            "frame": self.frame,
            "strata": self.strata,
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
    # Further time limits of the same work, checked on the same sample.
    siblings: list[Fact] = field(default_factory=list)
    # Stated parts of a volume's total ("其中总馆21,045册次"): its strata.
    parts: list[Fact] = field(default_factory=list)


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
    volumes = ctx.profile.ranked("volume")
    keywords.not_a_count = tuple(str(w).lower() for w in config.get("not_a_count", ()))
    for candidate in candidates:
        if candidate.kind == "time_limit" and candidate.anchor.count is not None:
            # A time limit stated with its own caseload (a row of a service list) counts itself.
            own = fact_population(candidate.anchor)
            if own:
                candidate.population = own
        elif candidate.kind == "objective" and candidate.anchor.numbers:
            # An objective that counts what it measures ("11个站10个达标") gives its population.
            # Asides count here: "90.9%（11个站10个达标）" says how many stations were measured.
            measured = [
                (c.number, c.counted)
                for c in find_counts(without_row_label(candidate.anchor.text))
                if is_population(c.number, c.approx)
            ]
            candidate.population = max(measured, key=lambda c: c[0]) if measured else None
        elif candidate.kind == "complaint" and candidate.anchor.count is not None:
            # A ledger's row for the department ("承办部门: 综合科; 2025年投诉件数: 612") counts its
            # complaints; a sentence's largest count may be the whole agency's, so only rows count.
            candidate.population = None if candidate.anchor.part else fact_population(candidate.anchor)
        elif candidate.kind == "time_limit":
            # The population is the count of the same thing, from whichever volume passage gives it.
            best = _best_population(keywords, candidate.anchor, volumes)
            if best:
                candidate.population, source = best
                candidate.extra.append(source)
        if candidate.population is None:
            # A passage that states its sample states what it was drawn from (a finding's
            # "抽查…14件（1—10月共53件）"): re-sampling draws from the same population.
            candidate.population = sampled_population(candidate.anchor.text)
        for fact in facts:
            if fact is candidate.anchor or not keywords.related(candidate.anchor, fact):
                continue
            if fact.kind == "finding" and (not ctx.owns(fact) or fact.status == "closed"):
                continue
            if fact.kind == "finding" and candidate.kind == "finding":
                continue  # one finding's item is no reason to sample another's records
            code = _reason_code(fact)
            if fact.kind == "grassroots" and not _TRACE.search(fact.text):
                continue
            if fact.kind == "volume":
                continue
            if code and code not in candidate.reasons:
                candidate.reasons[code] = fact
    unshare_totals(candidates)
    candidates = merge_shared_populations(candidates)
    # A population already sampled through its time limit needs no second, volume-only item.
    counted = {c.population for c in candidates if c.kind == "time_limit" and c.population}
    candidates = [c for c in candidates if not (c.kind == "volume" and c.population in counted)]
    # Complaints counted as the population of a time limit are one sample, checked for both:
    # the complaint's reasons and passage join the time limit's item.
    by_number = {c.population[0]: c for c in candidates if c.kind == "time_limit" and c.population}
    for complaint in [c for c in candidates if c.kind == "complaint"]:
        lead = by_number.get(complaint.population[0]) if complaint.population else None
        if lead is None:
            continue
        for code, reason in complaint.reasons.items():
            lead.reasons.setdefault(code, reason)
        lead.extra.append(complaint.anchor)
        candidates.remove(complaint)
    guidance = ctx.finder.find(config["query"])
    built = [(_item(ctx, c, guidance), c.order) for c in candidates]
    # An item with no reason to sample it (a small count nothing else points at) is left out.
    built = [(i, order) for i, order in built if i.citations and i.reasons]
    items = [i for i, _ in built]
    ranked = sorted(range(len(items)), key=lambda n: (-items[n].score, built[n][1]))
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

    for fact in ctx.own_findings()[:4]:
        add("finding", fact, _reason_code(fact))
    for fact in [f for f in profile.ranked("time_limit") if f.numbers][:6]:
        add("time_limit", fact, "statutory_deadline")
    not_a_count = tuple(str(w).lower() for w in ctx.model.sampling.get("not_a_count", ()))
    volumes = profile.ranked("volume")
    # Stated parts of a total are sampled as its strata, not as items of their own.
    totals = {id(f): _total_of(f, volumes) for f in volumes if f.part}
    for fact in volumes:
        counted = fact_population(fact)
        if not counted or (not_a_count and counted[1].strip().lower().startswith(not_a_count)):
            continue
        if totals.get(id(fact)) is not None:
            continue
        candidate = add("volume", fact, None)
        candidate.population = counted
        candidate.parts = [f for f in volumes if f.part and totals[id(f)] is fact]
    for fact in profile.ranked("change")[:4]:
        add("change", fact, "recent_change")
    for fact in [f for f in profile.ranked("complaint") if f.numbers][:2]:
        add("complaint", fact, "complaints")
    objectives = [f for f in profile.ranked("objective") if f.numbers]
    if objectives:
        short = next((f for f in objectives if falls_short(f.text)), None)
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


def _total_of(part: Fact, volumes: list[Fact]) -> Fact | None:
    """The total a stated part belongs to: the smallest larger whole count under the same heading
    of the same chunk ("通借通还38,560册次，其中总馆21,045册次" -> the 38,560)."""
    if part.count is None:
        return None
    totals = [
        v
        for v in volumes
        if not v.part
        and v.count is not None
        and v.count > part.count
        and v.citation.chunk_id == part.citation.chunk_id
        and v.heading == part.heading
    ]
    return min(totals, key=lambda v: v.count or 0) if totals else None


def unshare_totals(candidates: Sequence[_Candidate]) -> None:
    """One count cannot be the whole population of two different kinds of work. When the time
    limits of several items fall back on the same count and an item does not name the counted
    thing itself (娱乐场所经营许可 and 营业性演出审批 both under "许可及备案事项1,382件"), the count is
    their sum, not the item's population: that item gets a judgement sample instead."""
    by_count: dict[tuple[int, str], list[_Candidate]] = {}
    for candidate in candidates:
        if candidate.kind == "time_limit" and candidate.population and candidate.anchor.count is None:
            by_count.setdefault(candidate.population, []).append(candidate)
    for (_, counted), sharing in by_count.items():
        if len(sharing) < 2 or len({normalize(c.anchor.text) for c in sharing}) < 2:
            continue
        for candidate in sharing:
            if _wording_covered(normalize(candidate.anchor.text), normalize(counted)) < 1.0:
                candidate.population = None
                candidate.extra = [f for f in candidate.extra if f.kind != "volume"]


def merge_shared_populations(candidates: list[_Candidate], most: int = 3) -> list[_Candidate]:
    """Time limits of one kind of work (one population) make one item: one sample checked
    against each limit ("acknowledged within one working day; resolved within ten"), not a
    sample of the same cases per limit. At most ``most`` limits share an item."""
    leads: dict[tuple[int, str], _Candidate] = {}
    kept: list[_Candidate] = []
    for candidate in candidates:
        lead = (
            leads.get(candidate.population)
            if candidate.kind == "time_limit" and candidate.population
            else None
        )
        if lead is not None and len(lead.siblings) < most - 1:
            lead.siblings.append(candidate.anchor)
            for code, fact in candidate.reasons.items():
                lead.reasons.setdefault(code, fact)
            continue
        if candidate.kind == "time_limit" and candidate.population and lead is None:
            leads[candidate.population] = candidate
        kept.append(candidate)
    return kept


def _best_population(
    keywords: _Keywords, anchor: Fact, volumes: list[Fact]
) -> tuple[tuple[int, str], Fact] | None:
    """The count, among every volume passage's, of the same kind of case as ``anchor``, and the
    passage that gives it; on a tie the passage ranked first."""
    found: list[Count] = []
    source: dict[int, Fact] = {}
    for volume in volumes:
        for count in keywords.counts_of(volume):
            found.append(count)
            source.setdefault(id(count), volume)
    best = population_for(
        keywords.without_names(anchor.text),
        found,
        lambda label: keywords.overlap(anchor, label),
        keywords.names_a_thing,
        frozenset(keywords.stop),
    )
    if best is None:
        return None
    count = best[1]
    return (count.number, count.counted), source[id(count)]


def population_for(
    subject: str,
    found: list[Count],
    overlap: Callable[[str], int],
    not_a_count: Callable[[str], bool],
    generic: frozenset[str] = frozenset(),
) -> tuple[tuple[float, ...], Count] | None:
    """The count among ``found`` that can be the population of the work ``subject`` describes,
    with its score (higher is better), or None.

    When ``subject`` names kinds of case (facts.case_kinds.yaml), only a count of one of those
    kinds qualifies: minutes are counted in meetings, not in the instructions handled the same
    year. Among those, the count whose noun the subject covers best wins ("信访事项" takes the
    1,350 信访件, not the 23 重复信访), then the kind named first, then shared words: a
    sub-type's own part ("其中食品经营许可3,100件") beats the all-cases total, and a sub-type
    with no part of its own (查封登记 beside 抵押登记 and 更正登记) takes no total. Several counts
    of the kind, none sharing a word with the subject ("一般公文" beside 收文, 发文 and 批示件), is
    no population: which one is a guess. When the subject names no kind, a whole count sharing a
    word with it qualifies. A year, a zero, a number that names a thing ("12345热线") never does.
    """
    kinds = get_case_kinds()
    wanted = kinds.kinds_in(subject)
    # Kinds whose parts the documents list ("其中抵押登记…，更正登记…"): their total counts all
    # the sub-types, so a sub-type without a part of its own has no population.
    divided = {kinds.count_kind(c.counted, c.unit) for c in found if c.part}
    scored: list[tuple[tuple[float, ...], Count, str]] = []
    for count in found:
        if not is_population(count.number, count.approx) or not_a_count(count.counted):
            continue
        shared = overlap(count.counted)
        kind = kinds.count_kind(count.counted, count.unit)
        if not count.part and kind in divided and _narrower(subject, count.counted):
            continue  # 查封登记 is one kind of 登记: the total of all of them is not its population
        if count.part and count.counted not in subject and shared < 2:
            continue  # a part counts its own sub-type only (更正登记 is not 查封登记)
        covered = _wording_covered(subject, count.counted, generic)
        if wanted and kind in wanted:
            if not kinds.unit_fits(kind, count.unit):
                continue
            rank = len(wanted) - wanted.index(kind)
        elif wanted:
            # A count the vocabulary cannot place qualifies on wording alone, after every count
            # of a named kind ("employment subsidy claims" for subsidy applications).
            if kind or covered < 0.5 or count.part:
                continue
            rank = 0
        elif shared <= 0 or count.part:
            continue
        else:
            rank = 0
        scored.append(((covered, rank, shared, int(not count.part), -count.number), count, kind))
    if not scored:
        return None
    score, count, kind = max(scored, key=lambda s: s[0])
    if score[0] == 0 and score[2] == 0 and sum(1 for s in scored if s[2] == kind) > 1:
        return None
    # Two counts that fit the work equally well ("62 providers" inspected, "41 providers" that
    # repaid): which one is its population is a guess, so there is none.
    if any(s[0][:-1] == score[:-1] and s[1].number != count.number for s in scored):
        return None
    return score, count


def _wording_covered(subject: str, counted: str, generic: frozenset[str] = frozenset()) -> float:
    """Share of ``counted``'s wording found in ``subject``: Chinese character pairs, English
    content words; ``generic`` words ("items", 事项) are left out of the count's wording."""
    if re.search(r"[\u4e00-\u9fff]", counted):
        for word in generic:
            counted = counted.replace(word, " ")
        pairs = {counted[i : i + 2] for i in range(len(counted) - 1)}
        pairs = {p for p in pairs if " " not in p}
        return len({p for p in pairs if p in subject}) / len(pairs) if pairs else 0.0
    words = set(content_tokens(counted)) - generic
    return len(words & set(content_tokens(subject))) / len(words) if words else 0.0


# Words before a noun that widen or point, not narrow it ("各类登记", "该登记").
_BROAD_BEFORE = re.compile(r"(?:各类|各项|各种|所有|全部|一切|[各全本该此其的对在由须应经将把])$")
_CJK_BEFORE = re.compile(r"[\u4e00-\u9fff]$")


def _narrower(subject: str, counted: str) -> bool:
    """``subject`` names a sub-type of ``counted`` ("查封登记" of "登记"): the noun stands in it
    right after a Chinese word of its own that narrows it. English is not judged this way."""
    if len(counted) < 2 or not _CJK_BEFORE.search(counted[-1]):
        return False
    at = subject.find(counted)
    found = False
    while at >= 0:
        before = subject[:at]
        if not _CJK_BEFORE.search(before) or _BROAD_BEFORE.search(before):
            return False  # the noun itself, unqualified, is named: the total is its population
        found = True
        at = subject.find(counted, at + 1)
    return found


def _without_asides(text: str) -> str:
    """``text`` without bracketed asides, so "食品经营许可（含新办、变更…）约3,100件" keeps its label
    ("食品经营许可") when counts are split at enumeration commas."""
    return re.sub(r"[（(][^（）()]*[）)]", "", text)


# A sample and the aside that says what it was drawn from: "抽查…14件（1—10月共53件）".
_SAMPLE_WITH_ASIDE = re.compile(
    r"(?:抽查|抽取|抽样|抽检|随机抽)[^，。；;（(]{0,30}?(\d[\d,]*)\s*([件份卷家个条户宗批])\s*[（(]([^（）()]*)[）)]"
)
# "sampled 20 of the 312 grant files", "checked 12 out of 49 inspections".
_SAMPLE_OF = re.compile(
    r"\b(?:sampled|sample of|checked|reviewed|examined|inspected|tested)\b[^.;]{0,30}?"
    r"\b(\d[\d,]*)\s+(?:[a-z-]+\s+){0,3}?(?:out\s+)?of\s+(?:the\s+|all\s+)?"
    r"(\d[\d,]*)\s+([a-z][a-z -]{1,40}?)\b"
    r"(?=[;,.)]|\s+(?:in|from|during|between|for|were|was|lacked|had)\b|$)",
    re.I,
)


def sampled_population(text: str) -> tuple[int, str] | None:
    """The population a finding's sample was drawn from, when the finding states both: the
    count in the aside after "抽查…N件" ("（1—10月共53件）" -> 53), or "sampled N of M files"; it
    must exceed the sample. None when the finding states no such pair."""
    normal = normalize(text)
    for match in _SAMPLE_WITH_ASIDE.finditer(normal):
        sample = int(match.group(1).replace(",", ""))
        drawn = [c for c in counts(match.group(3)) if c[0] > sample and is_population(c[0])]
        if drawn:
            sampled = [c for c in counts(_without_asides(match.group(0))) if c[0] == sample]
            label = sampled[0][1] if sampled else drawn[0][1]
            return max(c[0] for c in drawn), label
    for match in _SAMPLE_OF.finditer(normal):
        sample, total = (int(match.group(n).replace(",", "")) for n in (1, 2))
        if total > sample and is_population(total):
            return total, match.group(3).strip()
    return None


def is_population(count: int, approx: bool = False) -> bool:
    """A count can be a sampling population: positive and not a year. An approximate count
    ("两千余件", "about 2,000") is never a year, whatever its digits."""
    return count > 0 and (approx or not _YEAR_LIKE.match(str(count)))


def fact_population(fact: Fact) -> tuple[int, str] | None:
    """The population a fact gives: its ``count`` (evidence layer) when set, else the largest
    count recognised in its text that is not a year."""
    if fact.count is not None and is_population(fact.count, fact.approx):
        return fact.count, fact.counted or ""
    found = [c for c in counts(_without_asides(without_row_label(fact.text))) if is_population(c[0])]
    return max(found, key=lambda c: c[0]) if found else None


def _reason_code(fact: Fact) -> str | None:
    if fact.kind == "finding":
        # The evidence layer sets ``repeated`` only where the records state the repeat without a
        # hedge ("可能再次出现" is none), from the finding's own passage or the record beside it.
        if fact.repeated:
            return "repeated_finding"
        return "closed_finding" if fact.status == "closed" else "open_finding"
    if fact.kind == "objective":
        return "shortfall" if falls_short(fact.text) else None
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
        self.department_names = sorted(
            {n for n in (*ctx.profile.names(), *ctx.departments) if n}, key=len, reverse=True
        )
        self._cache: dict[int, set[str]] = {}

    def of(self, fact: Fact) -> set[str]:
        if id(fact) not in self._cache:
            words = set(content_tokens(fact.text))
            self._cache[id(fact)] = {
                w
                for w in words
                if len(w) >= 2 and w not in self.stop and not re.fullmatch(r"[\d,.%年月日]+", w)
            }
        return self._cache[id(fact)]

    def related(self, a: Fact, b: Fact) -> bool:
        return len(self.of(a) & self.of(b)) >= 2

    not_a_count: tuple[str, ...] = ()

    def names_a_thing(self, label: str) -> bool:
        """True when the word after the number makes it a name ("12345 hotline"), not a count."""
        return label.strip().lower().startswith(self.not_a_count) if self.not_a_count else False

    def overlap(self, anchor: Fact, label: str) -> int:
        """Content words shared by ``anchor`` and a count's label."""
        return len(self.of(anchor) & {w for w in content_tokens(label) if len(w) >= 2 and w not in self.stop})

    def counts_of(self, volume: Fact) -> list[Count]:
        """The counts a volume passage gives, department names taken out of their nouns."""
        found = find_counts(_without_asides(without_row_label(volume.text)))
        if volume.count is not None and volume.counted:
            found = [Count(volume.count, volume.counted, "", volume.approx, volume.part)]
        return [replace(c, counted=self.without_names(c.counted).strip() or c.counted) for c in found]

    def without_names(self, text: str) -> str:
        """``text`` without department names: 信访办 is a department, not a complaint."""
        for name in self.department_names:
            text = text.replace(name, " ")
        return text


def _weight(code: str, weights: Mapping[str, Any], count: int | None = None) -> float:
    if code == "volume":
        return float(min(int(weights["volume_max"]), max(0, int(math.log10(count)) - 1))) if count else 0.0
    return float(weights[code])


def _item(ctx: PlanContext, candidate: _Candidate, guidance: Citation | None) -> SamplingItem:
    config, lang = ctx.model.sampling, ctx.language
    anchor = candidate.anchor
    values = {
        "fact": ctx.shown(_quoted_limits(ctx, candidate)),
        "gloss": ctx.original_mark(anchor.text) + ctx.gloss(anchor),
        "finding_id": anchor.finding_id or ("这项发现" if lang == "zh" else "this finding"),
        "department": ctx.name,
        "label": ctx.shown(candidate.population[1]) if candidate.population else "",
        "label_mark": ctx.original_mark(candidate.population[1]) if candidate.population else "",
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
                f"{label}：{ctx.standalone(candidate.population[1])}{candidate.population[0]:,}。"
                if lang == "zh"
                else f"{label}: {candidate.population[0]:,} {ctx.standalone(candidate.population[1])}."
            )
    method_kind, size, method = _method(ctx, candidate, score)
    rule = pick(config["size"]["rule_name"], lang, "rule_name") if method_kind == "statistical" else ""
    citations = [anchor.citation, *(f.citation for f in candidate.siblings + candidate.parts)]
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
        rule=str(rule),
        frame=_frame(ctx, anchor),
        strata=_candidate_strata(ctx, candidate),
        kind=candidate.kind,
    )


def _quoted_limits(ctx: PlanContext, candidate: _Candidate) -> str:
    """The anchor's quotable text, or with sibling limits, each limit joined in its own language."""
    names = ctx.profile.names()
    if not candidate.siblings:
        return quotable(candidate.anchor, names=names)
    parts = [quotable(f, names=names).rstrip("。.；; ") for f in [candidate.anchor, *candidate.siblings]]
    return ("；" if language_of(candidate.anchor.text) == "zh" else "; ").join(parts)


def _reason_text(ctx: PlanContext, code: str, fact: Fact | None) -> str:
    """One sentence per reason; the passage behind it is in the item's citations, not quoted here."""
    label = pick(ctx.model.sampling["reasons"][code], ctx.language, code)
    tag = f"（{fact.finding_id}）" if fact is not None and fact.finding_id and ctx.language == "zh" else ""
    if fact is not None and fact.finding_id and ctx.language == "en":
        tag = f" ({fact.finding_id})"
    return f"{label}{tag}{'。' if ctx.language == 'zh' else '.'}"


def attribute_size(population: int, confidence: float, tolerable: float) -> int:
    """Zero-acceptance attribute sample size, corrected for a finite population; never above it.

    n0 = ln(1 - confidence) / ln(1 - tolerable) is the published table's figure (22 at 90 %/10 %,
    29 at 95 %/10 %); n = n0 / (1 + (n0 - 1) / N).
    """
    if population <= 0:
        raise ValueError("population must be positive")
    n0 = math.ceil(math.log(1 - confidence) / math.log(1 - tolerable))
    return min(population, math.ceil(n0 / (1 + (n0 - 1) / population)))


def _frame(ctx: PlanContext, anchor: Fact) -> str:
    """The sampling frame: the ledger or system list the documents name for this work."""
    words = ctx.model.sampling["frames"][ctx.language if ctx.language in ("zh", "en") else "zh"]
    texts = [anchor.text] + [f.text for f in ctx.profile.of_kind("workflow")]
    anchor_words = {w for w in tokenize(anchor.text) if len(w) >= 2}
    for text in texts:
        for clause in re.split(r"[，,；;。（）()、]", text):
            shared = anchor_words & {w for w in tokenize(clause) if len(w) >= 2}
            if text is not anchor.text and len(shared) < 2:
                continue
            for word in words:
                match = re.search(rf"[A-Za-z\u4e00-\u9fff]{{0,10}}{re.escape(word)}", clause, re.I)
                if not match:
                    continue
                # "形成批示件登记台账" -> "批示件登记台账"; "数据取自OA系统" -> "OA系统".
                frame = _FRAME_LEAD.sub("", match.group(0)).strip()
                if len(frame) > len(word) and language_of(frame) == ctx.language:
                    return frame
    return str(pick(ctx.model.sampling["methods"]["frame_default"], ctx.language, "frame_default"))


def _candidate_strata(ctx: PlanContext, candidate: _Candidate) -> list[str]:
    """The strata of an item: the parts its documents state for its total, then the kinds of
    stratum they give grounds for."""
    parts = [
        f"{ctx.standalone(p.counted)}（{p.count:,}）"
        if ctx.language == "zh"
        else f"{ctx.standalone(p.counted)} ({p.count:,})"
        for p in candidate.parts
        if p.counted and p.count is not None
    ]
    return parts + _strata(ctx, candidate.anchor)


def _strata(ctx: PlanContext, anchor: Fact) -> list[str]:
    """Strata the department's documents give grounds for (amount, month, channel …)."""
    text = " ".join([anchor.text] + [c.quote for c in anchor.support]).lower()
    found = []
    for key, rule in ctx.model.sampling["strata"].items():
        if any(str(cue).lower() in text for cue in rule["cues"]):
            found.append(str(pick(rule, ctx.language, key)))
    return found


def verification_size(ctx: PlanContext, fact: Fact) -> str:
    """How many records verify ``fact``: by the table on a known population, else a judgement rule."""
    config, lang = ctx.model.sampling, ctx.language
    methods, size_rules = config["methods"], config["size"]
    known = fact_population(fact) if fact.count is not None else None
    if known:
        size = attribute_size(known[0], size_rules["confidence"], size_rules["tolerable"])
        return fill(
            pick(methods["verification_size"], lang, "verification_size"),
            "verification_size",
            {
                "population": f"{known[0]:,}",
                "rule": pick(size_rules["rule_name"], lang, "rule"),
                "size": str(size),
            },
        )
    return str(pick(methods["verification_judgement"], lang, "verification_judgement"))


def _method(ctx: PlanContext, candidate: _Candidate, score: float) -> tuple[str, int | None, str]:
    size_rules, methods, lang = ctx.model.sampling["size"], ctx.model.sampling["methods"], ctx.language
    period = _period_clause(ctx, candidate)
    frame = _frame(ctx, candidate.anchor)
    strata = _candidate_strata(ctx, candidate)
    strata_text = (
        fill(
            pick(methods["strata"], lang, "strata"),
            "strata",
            {"strata": ("、" if lang == "zh" else ", ").join(strata)},
        )
        if strata
        else ""
    )
    if candidate.kind == "finding":
        text = fill(
            pick(methods["verification"], lang, "verification"),
            "verification",
            {"frame": frame, "period": period, "size_rule": verification_size(ctx, candidate.anchor)},
        )
        return "verification", None, text
    count = candidate.population[0] if candidate.population else None
    if count is None:
        text = fill(
            pick(methods["judgement"], lang, "judgement"),
            "judgement",
            {"frame": frame, "strata": strata_text, "period": period},
        )
        return "judgement", None, text
    if count <= int(size_rules["check_all_up_to"]):
        text = fill(
            pick(methods["all"], lang, "all"),
            "all",
            {"population": f"{count:,}", "frame": frame, "limit": str(size_rules["check_all_up_to"])},
        )
        return "all", count, text
    confidence = (
        size_rules["confidence_high_risk"]
        if score >= size_rules["high_risk_score"]
        else size_rules["confidence"]
    )
    tolerable = size_rules["tolerable"]
    size = attribute_size(count, confidence, tolerable)
    text = fill(
        pick(methods["table"], lang, "table"),
        "table",
        {
            "rule": pick(size_rules["rule_name"], lang, "rule_name"),
            "population": f"{count:,}",
            "frame": frame,
            "confidence": f"{confidence:.0%}",
            "tolerable": f"{tolerable:.0%}",
            "size": str(size),
            "strata": strata_text,
        },
    )
    return "statistical", size, text


def _date(ctx: PlanContext, fact: Fact) -> str:
    date = fact.date or first_date(fact.text)
    date = english_date(date) if ctx.language == "en" else date
    # An English date has no Chinese form here; an undated period is better than a mixed one.
    return date if not date or language_of(date) == ctx.language or ctx.language == "en" else ""


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
        # A closed finding is checked for whether the fix holds, not for whether it worked.
        key = "finding_closed" if anchor.status == "closed" else "finding"
        return fill(pick(shorts[key], lang, key), f"short.{key}", {"finding_id": anchor.finding_id})
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
