"""A register's rows are items of their own: a Chinese complaints ledger's cases count for a
department documented in English, even where an English record also touches complaints (the
other language otherwise only fills a kind the brief's language lacks)."""

from __future__ import annotations

import pytest

from assistant.facts.profile import build_profile
from assistant.planner.planning import plan_audit
from assistant.retrieval.hybrid import HybridRetriever
from ingest.embedders import HashEmbeddings
from ingest.sync import Ingester

PROFILE = """---
department: Visitor Office
doc_type: department
---
# Visitor Office: work profile

## What we do

The Visitor Office handles complaints from visitors and inspects scenic spots each quarter.
A complaint is resolved within ten working days of receipt.
"""

MINUTES = """---
doc_type: record
---
# Minutes of the 2025 management review

## Actions

| No. | Action | Owner | Due |
| --- | --- | --- | --- |
| MR-A1 | Reconcile the complaint platform with the paper register | Visitor Office | 30 Apr 2026 |
"""

LEDGER = """序号,受理日期,投诉事项摘要,承办部门,办理工作日,是否超时
TS-01,2026-01-04,停车收费不明码标价,Visitor Office,4,否
TS-02,2026-01-19,导游强制购物,Visitor Office,14,是
TS-03,2026-02-18,景区排队过长,Visitor Office,14,是
"""


@pytest.fixture(scope="module")
def bureau(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    folder = tmp_path_factory.mktemp("tourism-bureau")
    (folder / "visitor_office.md").write_text(PROFILE, encoding="utf-8")
    (folder / "minutes_2025.md").write_text(MINUTES, encoding="utf-8")
    (folder / "投诉登记台账.csv").write_text(LEDGER, encoding="utf-8")
    data_dir = tmp_path_factory.mktemp("tourism-index")
    Ingester(data_dir, HashEmbeddings()).sync([folder])
    return HybridRetriever.open(data_dir, HashEmbeddings())


def _complaints(texts: list[str]) -> set[str]:
    return {case for case in ("TS-01", "TS-02", "TS-03") for text in texts if case in text}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_ledger_in_the_other_language_still_gives_the_departments_cases(
    bureau: HybridRetriever, language: str
) -> None:
    profile = build_profile(bureau, "Visitor Office", language)
    assert {"TS-02", "TS-03"} <= _complaints([f.text for f in profile.facts if f.kind == "complaint"])
    brief = plan_audit(bureau, "Visitor Office", language)
    summary = [line.text for line in brief.summary if line.kind == "complaint"]
    assert {"TS-02", "TS-03"} <= _complaints(summary), summary


def test_fixture_holds_an_english_record_about_complaints(bureau: HybridRetriever) -> None:
    # The case this guards: without the English action row the ledger would fill a gap anyway.
    profile = build_profile(bureau, "Visitor Office", "en")
    assert any("MR-A1" in f.text and f.language == "en" for f in profile.facts)
