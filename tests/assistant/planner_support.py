"""Shared helpers of the planner tests: hash-embedded indexes of the test corpora, and the
expected facts of the second corpus (tests/data/other_agency/FACTS.json)."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.retrieval.hybrid import HybridRetriever
from ingest.embedders import HashEmbeddings
from ingest.sync import Ingester

DATA = Path(__file__).resolve().parents[1] / "data"
OTHER_AGENCY = DATA / "other_agency"


def hash_index(root: Path, data_dir: Path) -> HybridRetriever:
    """``root`` indexed with the deterministic hash embedder (fast; meaning does not matter here)."""
    embedder = HashEmbeddings()
    report = Ingester(data_dir, embedder).sync([root])
    assert not report.failed, report.failed
    return HybridRetriever.open(data_dir, embedder)


def other_agency_facts() -> dict[str, list[dict[str, str]]]:
    return json.loads((OTHER_AGENCY / "FACTS.json").read_text(encoding="utf-8"))


def fact_keys(department: str) -> list[str]:
    return [f["key"] for f in other_agency_facts()[department]]
