"""The planner suite: how complete and how well grounded the audit briefs are.

For each department of a corpus the suite builds a brief with ``assistant.planner.plan_audit``
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

from assistant.retrieval import HybridRetriever
from evals.datasets import GOLD_DIR
from evals.errors import SuiteUnavailableError
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


def _planner() -> tuple[Any, Any, Any]:
    try:
        from assistant.citations import check_citations
        from assistant.planner import brief_metrics, plan_audit
    except ImportError as e:
        raise SuiteUnavailableError(
            f"The planner suite needs assistant.planner (plan_audit, brief_metrics): {e}."
        ) from e
    return plan_audit, brief_metrics, check_citations


def evaluate_corpus(corpus: PlannerCorpus, say: Say | None = None) -> dict[str, float]:
    """Mean scores over the departments of ``corpus``; a brief that fails counts in ``errors``."""
    plan_audit, brief_metrics, check_citations = _planner()
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

    Raises:
        SuiteUnavailableError: the planner is not installed.
    """
    _planner()
    results: dict[str, dict[str, dict[str, float]]] = {}
    for corpus in corpora:
        if say:
            say(f"Planner: {len(corpus.facts)} departments of {corpus.name} ...")
        results[corpus.name] = {"plan_audit": evaluate_corpus(corpus, say)}
    return results
