"""Brief measures (issue 11): is an audit brief complete, honest about whose findings it shows,
sound in its numbers and phases, varied, in one language, and backed by what it cites?

Every measure reads the brief's JSON (``AuditBrief.to_dict()``), so it measures what the API and
the renderers get, and so that a hand-written dict can test it. Fields the planner does not
write today are looked up with ``.get``: where the measure needs one (a ``related`` flag on a
fact, a ``population`` on a sampling item), its absence counts against the brief, as the
report says; nothing here raises on a missing field.

- ``facts_surfaced``: (floor >= 0.90) share of the department's planted facts whose quote (``canon`` form)
  occurs in one text of the brief's questions, sampling items, opening or profile, or whose numbers and IDs
  all occur among one such text's numbers and IDs (a quote without numbers must occur)
- ``open_findings_verified``: (floor 1.00) share of the department's open findings (status open, corrected
  but not verified, repeat) named by ID in a question's text
- ``attribution_errors``: (floor 0) findings whose true department is another one, shown as this
  department's own: a profile fact naming the finding's ID without ``related: true``, or a sampling item
  anchored on it (``_anchors``) without ``related: true``
- ``sample_size_errors``: (floor 0) sampling items whose size is a year (1990-2100), exceeds the item's
  ``population``, or whose item names a planted population (its quote or count) while its ``population`` is
  missing or differs from the planted count
- ``pdca_contradictions``: (floor 0) questions whose ISO 9001:2015 clause and PDCA tag disagree (clauses 4-6
  P, 7-8 D, 9 C, 10 A)
- ``max_same_template``: (floor <= 2) most questions sharing one text once quoted spans and numbers
  are masked
- ``other_language_share``: (floor <= 0.02) CJK characters in an English brief, Latin letters in a Chinese
  one, over all characters, in the brief's own sentences with quoted spans, bracketed citation marks and
  verbatim document text left out
- ``citation_support``: (floor >= 0.95) share of cited lines (a question, a sampling item with its reasons,
  an opening note or agenda item that has citations) whose every quoted span occurs in one of its cited
  quotes and whose every number and ID occurs in one of them. Both sides are compared in ``canon`` form,
  so the languages are judged alike: Chinese and English number words and full-width digits are digits
  (二十个工作日 and "20 working days" both state 20; １,８４２ is 1842), and a quote in the other
  language counts when it occurs in the cited quote (an original mark the brief puts inside the quote
  marks, “原文：…”, is the brief's, not part of the span). A number the line states outside quotes
  must still be in one of its cited quotes, whatever the language.
- ``profile_facts`` / ``profile_chars``: (reported) facts in the profile and their characters
- ``brief_p50_ms``: (reported) median time to build a brief
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evals.metrics import latency_summary
from evals.textnorm import canon, key_tokens, nfkc
from evals.truth import OPEN_STATUSES, CorpusTruth, PlantedFact, unique_facts
from ingest.text import cjk_bigrams, content_tokens

FLOORS: dict[str, tuple[str, float]] = {
    "facts_surfaced": (">=", 0.90),
    "open_findings_verified": (">=", 1.0),
    "attribution_errors": ("<=", 0),
    "sample_size_errors": ("<=", 0),
    "pdca_contradictions": ("<=", 0),
    "max_same_template": ("<=", 2),
    "other_language_share": ("<=", 0.02),
    "citation_support": (">=", 0.95),
}

CLAUSE_PHASE = {"4": "P", "5": "P", "6": "P", "7": "D", "8": "D", "9": "C", "10": "A"}
# Spans the brief presents as the documents' words: Chinese and straight quotes, book titles.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|《[^》]*》|「[^」]*」|‘[^’]*’")
_QUOTED_INNER = re.compile(r"“([^”]*)”|\"([^\"]*)\"|「([^」]*)」")
# A brief may mark a quote as the source's own words inside the quote marks (“原文：…”,
# “original: …”); the mark is the brief's, not the source's, so it is no part of the span.
_ORIGINAL_MARK = re.compile(r"^\s*(?:原文|original)\s*[:：]\s*", re.IGNORECASE)
_CITE_MARK = re.compile(r"\[\d+(?:[,，]\s*\d+)*\]")
_NUMBERISH = re.compile(r"\d+(?:[.,]\d+)*")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_NON_SPACE = re.compile(r"\S")
_ID_CODE = re.compile(
    r"(?<![A-Za-z])[A-Za-z]{1,6}(?:/[A-Za-z]{1,6})?-?\d[A-Za-z0-9./-]*|\d{4}-[A-Za-z]{1,4}-\d+"
)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _get(d: Mapping[str, Any] | None, key: str, default: Any = None) -> Any:
    return d.get(key, default) if isinstance(d, Mapping) else default


def _items(brief: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = brief.get(key)
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _profile_facts(brief: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    facts = _get(brief.get("profile"), "facts", [])
    return [f for f in facts if isinstance(f, Mapping)] if isinstance(facts, list) else []


def _opening(brief: Mapping[str, Any]) -> Mapping[str, Any]:
    opening = brief.get("opening")
    return opening if isinstance(opening, Mapping) else {}


def surface_texts(brief: Mapping[str, Any]) -> list[str]:
    """Every text where a planted fact may surface: questions, sampling, opening, profile."""
    texts: list[str] = []
    for q in _items(brief, "questions"):
        texts += _texts(q.get("text")) + _texts(q.get("purpose"))
    for s in _items(brief, "sampling"):
        texts += _texts(s.get("item")) + _texts(s.get("reasons")) + _texts(s.get("method"))
    opening = _opening(brief)
    texts += _texts(opening.get("script"))
    for a in _items(opening, "agenda") + _items(opening, "notes"):
        texts += _texts(a.get("detail")) + _texts(a.get("text")) + _texts(a.get("title"))
    for f in _profile_facts(brief):
        texts += _texts(f.get("text"))
    return texts


def _numbers(text: str) -> set[str]:
    return set(key_tokens(text))


def _year(token: str) -> bool:
    return token.isdigit() and 1990 <= int(token) <= 2100


def fact_surfaced(fact: PlantedFact, texts: Sequence[str]) -> bool:
    """The quote occurs in one text, or all its numbers and IDs do (not when they are only
    years: "2027" alone says nothing about which fact a text carries)."""
    key = canon(fact.quote)
    if key and any(key in canon(t) for t in texts):
        return True
    if fact.finding_id and any(_names_id(t, fact.finding_id) for t in texts):
        return True  # a finding surfaces by its ID
    tokens = set(key_tokens(fact.quote))
    if not tokens or all(_year(t) for t in tokens):
        return False
    return any(tokens <= _numbers(t) for t in texts)


def _names_id(text: str, finding_id: str) -> bool:
    return bool(finding_id) and canon(finding_id) in canon(text)


def _anchors(item: Mapping[str, Any], finding_id: str) -> bool:
    """A sampling item is anchored on a finding when its item text names the finding, or a
    reason given for a finding (its ``reason_codes`` entry mentions "finding") does. A reason
    that only quotes a risk mentioning the ID in passing does not anchor the item. Without
    ``reason_codes`` every reason counts."""
    if _names_id(" ".join(_texts(item.get("item"))), finding_id):
        return True
    reasons = _texts(item.get("reasons"))
    codes = item.get("reason_codes")
    if isinstance(codes, list) and len(codes) == len(reasons):
        reasons = [r for r, c in zip(reasons, codes, strict=True) if "finding" in str(c)]
    return any(_names_id(r, finding_id) for r in reasons)


def attribution_errors(
    brief: Mapping[str, Any], department_names: Iterable[str], findings: Sequence[PlantedFact]
) -> list[str]:
    """Other departments' findings the brief shows as this department's own (see the table)."""
    own = {canon(n) for n in department_names}
    errors: list[str] = []
    seen: set[str] = set()
    for finding in findings:
        fid = finding.finding_id
        if not fid or fid in seen or canon(finding.owner) in own:
            continue
        seen.add(fid)  # one error per finding, however many places show it
        places = []
        for f in _profile_facts(brief):
            named = _names_id(str(f.get("finding_id") or ""), fid) or _names_id(str(f.get("text") or ""), fid)
            if named and f.get("related") is not True:
                places.append("profile")
        for s in _items(brief, "sampling"):
            if _anchors(s, fid) and s.get("related") is not True:
                places.append(f"sampling {str(s.get('item'))[:40]!r}")
        if places:
            where = ", ".join(dict.fromkeys(places))
            errors.append(f"{fid} (of {finding.owner}) shown as own: {where}")
    return errors


def sample_size_errors(brief: Mapping[str, Any], populations: Sequence[PlantedFact] = ()) -> list[str]:
    """Sampling sizes that are a year, exceed their population, or use the wrong population."""
    errors: list[str] = []
    for s in _items(brief, "sampling"):
        label = str(s.get("item", ""))[:40]
        size = s.get("sample_size")
        population = s.get("population")
        if isinstance(size, int) and 1990 <= size <= 2100:
            errors.append(f"size {size} is a year: {label!r}")
        if isinstance(size, int) and isinstance(population, int) and size > population:
            errors.append(f"size {size} exceeds population {population}: {label!r}")
        anchor = " ".join(_texts(s.get("item")) + _texts(s.get("reasons")))
        for fact in populations:
            if fact.population is None:
                continue
            count = str(fact.population.count)
            named = canon(fact.quote) in canon(anchor)
            # The count alone names the population only beside words of what it counts: "经管人员
            # 由原15人" does not name the 15 cases sent to arbitration.
            if named or (count in _numbers(anchor) and _shares_words(fact.population.what, anchor)):
                if population != fact.population.count:
                    errors.append(
                        f"population {population!r} where the planted one is {fact.population.count} "
                        f"({fact.population.what}): {label!r}"
                    )
                break
    return errors


def _shares_words(what: str, text: str) -> bool:
    """``text`` holds a content word (English) or a character pair (Chinese) of ``what``,
    numbers and years aside."""
    bare = re.sub(r"\d+", " ", what)
    return bool(
        (cjk_bigrams(bare) & cjk_bigrams(text))
        or set(content_tokens(bare)) & set(content_tokens(text))
    )


def clause_phase(clause: str) -> str | None:
    head = str(clause).strip().split(".")[0]
    return CLAUSE_PHASE.get(head)


def pdca_contradictions(brief: Mapping[str, Any]) -> list[str]:
    out = []
    for q in _items(brief, "questions"):
        clause, pdca = q.get("clause"), q.get("pdca")
        want = clause_phase(str(clause)) if clause else None
        if want and pdca and str(pdca).upper() != want:
            out.append(f"clause {clause} tagged {pdca}")
    return out


def template_key(text: str) -> str:
    """A question's text with quoted spans and numbers masked: what is left is its template."""
    masked = _QUOTED.sub("“…”", nfkc(text))
    return _NUMBERISH.sub("0", masked).strip()


def max_same_template(brief: Mapping[str, Any]) -> tuple[int, str]:
    counts: dict[str, int] = {}
    for q in _items(brief, "questions"):
        key = template_key(str(q.get("text", "")))
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return 0, ""
    key = max(counts, key=lambda k: counts[k])
    return counts[key], key


def own_sentences(brief: Mapping[str, Any]) -> list[str]:
    """The brief's own wording: not the profile's facts or the risks (verbatim document text)."""
    texts: list[str] = []
    for q in _items(brief, "questions"):
        texts += _texts(q.get("text")) + _texts(q.get("purpose")) + _texts(q.get("evidence"))
    for s in _items(brief, "sampling"):
        texts += _texts(s.get("item")) + _texts(s.get("reasons")) + _texts(s.get("method"))
        texts += _texts(s.get("period"))
    opening = _opening(brief)
    texts += _texts(opening.get("script"))
    for a in _items(opening, "agenda") + _items(opening, "notes"):
        texts += _texts(a.get("title")) + _texts(a.get("detail")) + _texts(a.get("text"))
    texts += _texts(_get(brief.get("pdca_coverage"), "statement"))
    return texts


def other_language_share(brief: Mapping[str, Any], language: str | None = None) -> float:
    language = language or str(brief.get("language") or "zh")
    other = _CJK if language.startswith("en") else _LATIN
    total = foreign = 0
    for text in own_sentences(brief):
        # Finding and record IDs (NC-2025-03, QR-05-01) are codes, not words of either language.
        bare = _ID_CODE.sub("", _CITE_MARK.sub("", _QUOTED.sub("", nfkc(text))))
        total += len(_NON_SPACE.findall(bare))
        foreign += len(other.findall(bare))
    return foreign / total if total else 0.0


def _cited_lines(brief: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    lines: list[tuple[str, list[str]]] = []

    def quotes(item: Mapping[str, Any]) -> list[str]:
        """The cited quotes, and the cited documents' titles (a line may name its document)."""
        cites = item.get("citations")
        if not isinstance(cites, list):
            return []
        cites = [c for c in cites if isinstance(c, Mapping)]
        return [str(c.get("quote", "")) for c in cites] + [str(c["title"]) for c in cites if c.get("title")]

    for q in _items(brief, "questions"):
        lines.append((str(q.get("text", "")), quotes(q)))
    for s in _items(brief, "sampling"):
        lines.append((" ".join(_texts(s.get("item")) + _texts(s.get("reasons"))), quotes(s)))
    opening = _opening(brief)
    for a in _items(opening, "agenda") + _items(opening, "notes"):
        lines.append((" ".join(_texts(a.get("detail")) + _texts(a.get("text"))), quotes(a)))
    return [(text, q) for text, q in lines if q]


_SEGMENT = re.compile(r"[^\w%.]+")


def span_supported(span: str, quotes: Sequence[str]) -> bool:
    """A quoted span is supported when it occurs in one cited quote (or cited document title),
    or when each of its segments (split at punctuation, so a table row "目标：98%" matches the
    cells "目标 | 98%", and a span joining two sentences matches their two quotes) occurs in
    at least one of them."""
    key = canon(_ORIGINAL_MARK.sub("", span)).rstrip("。；;，,.…")
    cited = [canon(q) for q in quotes]
    if not key or any(key in q for q in cited):
        return True
    segments = [s for s in _SEGMENT.split(key) if len(s) >= 2]
    return bool(segments) and all(any(s in q for q in cited) for s in segments)


def line_supported(text: str, quotes: Sequence[str]) -> bool:
    """Every quoted span and every number/ID of ``text`` occurs in one of ``quotes``."""
    for match in _QUOTED_INNER.finditer(nfkc(text)):
        if not span_supported(next(g for g in match.groups() if g is not None), quotes):
            return False
    quote_tokens: set[str] = set()
    for q in quotes:
        quote_tokens |= set(key_tokens(q, strict=False))
    outside = _QUOTED.sub(" ", nfkc(text))
    return _numbers(outside) <= quote_tokens


def citation_support(brief: Mapping[str, Any]) -> tuple[float | None, list[str]]:
    lines = _cited_lines(brief)
    if not lines:
        return None, []
    bad = [text[:60] for text, quotes in lines if not line_supported(text, quotes)]
    return 1 - len(bad) / len(lines), bad


@dataclass
class BriefScore:
    department: str
    language: str
    planted: int
    surfaced: int
    open_findings: int | None
    verified: int | None
    attribution: list[str]
    sample_sizes: list[str]
    pdca: list[str]
    same_template: int
    template: str
    other_language: float
    citation_support: float | None
    unsupported: list[str]
    profile_facts: int
    profile_chars: int
    seconds: float
    missing_facts: list[str]
    unverified: list[str]
    fields_missing: list[str]


def score_brief(
    brief: Mapping[str, Any],
    truth: CorpusTruth,
    department: str,
    seconds: float = 0.0,
    language: str | None = None,
) -> BriefScore:
    """All measures for one brief (a dict from ``AuditBrief.to_dict()``) of ``department``."""
    language = language or str(brief.get("language") or "zh")
    dept = truth.department(department)
    names = dept.names() if dept else (department,)
    facts = unique_facts(truth.facts_of(department))
    texts = surface_texts(brief)
    missing = [f.id for f in facts if not fact_surfaced(f, texts)]
    open_ids: list[str] = []
    unverified: list[str] = []
    if truth.statuses_known:
        open_ids = sorted(_open_findings(truth, department))
        questions = [str(q.get("text", "")) for q in _items(brief, "questions")]
        unverified = [fid for fid in open_ids if not any(_names_id(t, fid) for t in questions)]
    findings = [f for f in truth.facts if f.kind == "finding" and f.finding_id]
    populations = [f for f in truth.facts if f.population and f.department in names]
    fields_missing = []
    sampling = _items(brief, "sampling")
    if sampling and not any("population" in s for s in sampling):
        fields_missing.append("sampling.population")
    if _profile_facts(brief) and not any("related" in f for f in _profile_facts(brief)):
        fields_missing.append("profile.facts.related")
    support, unsupported = citation_support(brief)
    same, template = max_same_template(brief)
    profile = _profile_facts(brief)
    return BriefScore(
        department=department,
        language=language,
        planted=len(facts),
        surfaced=len(facts) - len(missing),
        open_findings=len(open_ids) if truth.statuses_known else None,
        verified=len(open_ids) - len(unverified) if truth.statuses_known else None,
        attribution=attribution_errors(brief, names, findings) if truth.statuses_known or findings else [],
        sample_sizes=sample_size_errors(brief, populations),
        pdca=pdca_contradictions(brief),
        same_template=same,
        template=template,
        other_language=other_language_share(brief, language),
        citation_support=support,
        unsupported=unsupported,
        profile_facts=len(profile),
        profile_chars=sum(len(str(f.get("text", ""))) for f in profile),
        seconds=seconds,
        missing_facts=missing,
        unverified=unverified,
        fields_missing=fields_missing,
    )


def _open_findings(truth: CorpusTruth, department: str) -> set[str]:
    dept = truth.department(department)
    names = dept.names() if dept else (department,)
    return {
        f.finding_id
        for f in truth.facts
        if f.kind == "finding" and f.finding_id and f.status in OPEN_STATUSES and f.owner in names
    }


def summarise(
    scores: Sequence[BriefScore], truth: CorpusTruth, errors: int = 0, failed: Sequence[str] = ()
) -> dict[str, Any]:
    """Pooled figures over a corpus's briefs in one language, with pass/fail against FLOORS.

    ``failed`` names departments whose brief could not be built: their planted facts count as
    not surfaced and their open findings as not verified (a brief that does not exist asks
    nothing), so a planner that refuses a department cannot score better for it.
    """
    failed_planted = sum(len(unique_facts(truth.facts_of(d))) for d in failed)
    failed_open = sum(len(_open_findings(truth, d)) for d in failed) if truth.statuses_known else 0
    planted = sum(s.planted for s in scores) + failed_planted
    open_total = sum(s.open_findings or 0 for s in scores) + failed_open
    supports = [s.citation_support for s in scores if s.citation_support is not None]
    timing = latency_summary([s.seconds for s in scores])
    out: dict[str, Any] = {
        "briefs": len(scores),
        "errors": max(errors, len(failed)),
        "facts_surfaced": round(sum(s.surfaced for s in scores) / planted, 4) if planted else None,
        "open_findings_verified": (
            round(sum(s.verified or 0 for s in scores) / open_total, 4)
            if truth.statuses_known and open_total
            else None
        ),
        "attribution_errors": sum(len(s.attribution) for s in scores) if scores else None,
        "sample_size_errors": sum(len(s.sample_sizes) for s in scores) if scores else None,
        "pdca_contradictions": sum(len(s.pdca) for s in scores) if scores else None,
        "max_same_template": max((s.same_template for s in scores), default=None),
        "other_language_share": round(max((s.other_language for s in scores), default=0.0), 4)
        if scores
        else None,
        "citation_support": round(sum(supports) / len(supports), 4) if supports else None,
        "profile_facts": round(sum(s.profile_facts for s in scores) / len(scores), 1) if scores else None,
        "profile_chars": round(sum(s.profile_chars for s in scores) / len(scores), 1) if scores else None,
        "brief_p50_ms": timing.get("latency_p50_ms") if timing else None,
    }
    out["pass"] = {m: passes(out.get(m), m) for m in FLOORS}
    out["details"] = {
        s.department: {
            "missing_facts": s.missing_facts,
            "unverified_findings": s.unverified,
            "attribution": s.attribution,
            "sample_sizes": s.sample_sizes,
            "pdca": s.pdca,
            "template": f"{s.same_template}x {s.template[:80]}",
            "other_language": round(s.other_language, 4),
            "unsupported_lines": s.unsupported[:5],
            "fields_missing": s.fields_missing,
        }
        for s in scores
    }
    return out


def passes(value: Any, metric: str) -> bool | None:
    """``True``/``False`` against the floor; ``None`` when there is no figure or no floor."""
    if metric not in FLOORS or value is None:
        return None
    op, floor = FLOORS[metric]
    return bool(value >= floor) if op == ">=" else bool(value <= floor)


def run_briefs(
    truth: CorpusTruth, retriever: Any, languages: Sequence[str] = ("zh", "en"), say: Any = None
) -> dict[str, dict[str, Any]]:
    """``{f"{corpus}_{language}": summary}``: one brief per truth department and language."""
    from assistant.planner.planning import plan_audit

    results: dict[str, dict[str, Any]] = {}
    for language in languages:
        scores: list[BriefScore] = []
        failed: list[str] = []
        for dept in truth.departments:
            started = time.perf_counter()
            try:
                brief = plan_audit(retriever, dept.name, language=language).to_dict()
            except Exception as e:  # a department the index does not know is a miss, not a crash
                failed.append(dept.name)
                if say:
                    say(f"  brief failed for {truth.name}/{dept.name} ({language}): {e}")
                continue
            scores.append(score_brief(brief, truth, dept.name, time.perf_counter() - started, language))
        results[f"{truth.name}_{language}"] = summarise(scores, truth, failed=failed)
    return results
