"""The planner suite: how complete and how well grounded the audit briefs are.

For each department of a corpus the suite builds a brief with ``assistant.planner.planning.plan_audit``
and scores it with ``brief_metrics`` against the department's expected facts (verbatim strings
of its documents): ``evals/gold/planner_facts.json`` for the bundled corpus, and the
``FACTS.json`` shipped beside the second, test-only corpus (``tests/data/other_agency``), whose
agency, departments and writing style the planner was not written against.

| metric | meaning |
| --- | --- |
| ``fact_coverage`` | share of expected facts that reach a question or a sampling item |
| ``profile_coverage`` | share of expected facts found in the department profile |
| ``citation_validity`` | share of citations whose quote is verbatim in the chunk they name |
| ``uncited_share`` | share of questions and sampling items without a citation |
| ``pdca_coverage`` | share of plan/do/check/act covered by the sampling items |
| ``agenda_coverage`` | share of the required opening-meeting agenda items present |
| ``brief_p50_ms`` | median time to build one brief |
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.planner.audit_model import PDCA, REQUIRED_AGENDA
from assistant.planner.brief import AuditBrief
from assistant.planner.planning import plan_audit
from assistant.retrieval.citations import check_citations
from assistant.retrieval.hybrid import HybridRetriever
from evals.datasets import GOLD_DIR
from evals.indexes import Say
from evals.metrics import latency_summary

PLANNER_FACTS = GOLD_DIR / "planner_facts.json"


@dataclass
class PlannerCorpus:
    """One corpus to plan for: its index, the expected facts per department, the brief language."""

    name: str
    retriever: HybridRetriever
    facts: Mapping[str, Sequence[str]]
    language: str | None = None


def load_facts(path: Path, language: str | None = None) -> dict[str, list[str]]:
    """Department -> fact keys, from a FACTS.json (``{dept: [{kind, key}]}``) or from the
    language section of ``planner_facts.json``."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    if language is not None:
        payload = payload[language]
    return {
        dept: [str(f["key"]) for f in facts] for dept, facts in payload.items() if not dept.startswith("_")
    }


def brief_metrics(brief: AuditBrief, expected_fact_keys: Sequence[str] = ()) -> dict[str, Any]:
    """Figures the evaluation suite reports for one brief.

    ``fact_coverage`` is the share of ``expected_fact_keys`` (verbatim strings from the
    documents) that appear in a question's text or a sampling item's text or reasons.
    """
    texts = [t for q in brief.questions for t in (q.text, q.purpose)]
    texts += [t for s in brief.sampling for t in (s.item, *s.reasons)]
    found = [k for k in expected_fact_keys if any(k in t for t in texts)]
    profile_text = [f.text for f in brief.profile.facts]
    in_profile = [k for k in expected_fact_keys if any(k in t for t in profile_text)]
    sampled = {s.pdca for s in brief.sampling}
    agenda = {a.id for a in brief.opening.agenda}
    citations = brief.citations()
    return {
        "department": brief.department,
        "language": brief.language,
        "fact_coverage": len(found) / len(expected_fact_keys) if expected_fact_keys else 1.0,
        "facts_found": found,
        "facts_missing": [k for k in expected_fact_keys if k not in found],
        "profile_coverage": len(in_profile) / len(expected_fact_keys) if expected_fact_keys else 1.0,
        "questions": len(brief.questions),
        "questions_without_citation": sum(1 for q in brief.questions if not q.citations),
        "sampling_items": len(brief.sampling),
        "sampling_without_citation": sum(1 for s in brief.sampling if not s.citations),
        "citations": len(citations),
        "pdca_coverage": sorted(sampled, key=PDCA.index),
        "pdca_missing": [p for p in PDCA if p not in sampled],
        "agenda_coverage": len(agenda & set(REQUIRED_AGENDA)) / len(REQUIRED_AGENDA),
        "agenda_missing": [a for a in REQUIRED_AGENDA if a not in agenda],
        "elements_uncovered": [u["element"] for u in brief.uncovered],
        "seconds": brief.seconds,
    }


def evaluate_corpus(corpus: PlannerCorpus, say: Say | None = None) -> dict[str, float]:
    """Mean scores over the departments of ``corpus``; a brief that fails counts in ``errors``."""
    sums: dict[str, float] = {}
    citations = invalid = items = uncited = errors = 0
    seconds: list[float] = []
    for department, keys in corpus.facts.items():
        started = time.perf_counter()
        try:
            brief = plan_audit(corpus.retriever, department, language=corpus.language)
        except Exception as e:  # one broken brief must not hide the others' scores
            errors += 1
            if say:
                say(f"  planner failed on {department}: {e}")
            continue
        seconds.append(time.perf_counter() - started)
        m = brief_metrics(brief, keys)
        cited = brief.citations()
        citations += len(cited)
        invalid += len(check_citations(cited, corpus.retriever))
        items += m["questions"] + m["sampling_items"]
        uncited += m["questions_without_citation"] + m["sampling_without_citation"]
        for name, value in (
            ("fact_coverage", m["fact_coverage"]),
            ("profile_coverage", m["profile_coverage"]),
            ("pdca_coverage", len(m["pdca_coverage"]) / (len(m["pdca_coverage"]) + len(m["pdca_missing"]))),
            ("agenda_coverage", m["agenda_coverage"]),
        ):
            sums[name] = sums.get(name, 0.0) + float(value)
        if say and m["facts_missing"]:
            say(f"  {corpus.name}/{department}: missing {', '.join(m['facts_missing'])}")
    done = len(seconds)
    result = {name: round(total / done, 4) for name, total in sums.items()} if done else {}
    result.update(
        citation_validity=round(1 - invalid / citations, 4) if citations else 0.0,
        uncited_share=round(uncited / items, 4) if items else 0.0,
        departments=done,
        errors=errors,
    )
    timing = latency_summary(seconds)
    if timing:
        result["brief_p50_ms"] = timing["latency_p50_ms"]
    return result


def run_planner_suite(
    corpora: Sequence[PlannerCorpus], say: Say | None = None
) -> dict[str, dict[str, dict[str, float]]]:
    """``{corpus: {"plan_audit": metrics}}``.
    """
    results: dict[str, dict[str, dict[str, float]]] = {}
    for corpus in corpora:
        if say:
            say(f"Planner: {len(corpus.facts)} departments of {corpus.name} ...")
        results[corpus.name] = {"plan_audit": evaluate_corpus(corpus, say)}
    return results
