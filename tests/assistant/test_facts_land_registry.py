"""The evidence layer on a small agency written for these tests (tests/data/land_registry: a
land-registration section in Chinese, a records section in English, minutes in HTML, an audit
report in prose), with headings and wording none of the rules were written for. Checked against
what the files say, read by hand."""

from __future__ import annotations

import pytest

from assistant.facts.profile import DepartmentProfile, build_profile
from assistant.planner.audit_model import load_audit_model
from assistant.planner.planning import AuditPlanner
from assistant.retrieval.hybrid import HybridRetriever
from tests.assistant.planner_support import DATA, hash_index

LAND_REGISTRY = DATA / "land_registry"


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    return hash_index(LAND_REGISTRY, tmp_path_factory.mktemp("land-registry"))


@pytest.fixture(scope="module")
def section(registry: HybridRetriever) -> DepartmentProfile:
    return build_profile(registry, "登记科")


def _texts(profile: DepartmentProfile, kind: str) -> list[str]:
    return [f.text for f in profile.of_kind(kind)]


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("staffing", "核定编制9名"),  # a headcount under a heading of the writer's own
        ("risk", "容易出现退件反复"),  # an item under 【存在问题】
        ("risk", "以人工补录为准"),
        ("key_work", "4月底前报局务会审定"),  # a decision in the minutes assigned to the section
        ("time_limit", "办结期限为3个工作日"),
        ("time_limit", "十个工作日内办结"),
        ("change", "原档案室划入登记科"),
        ("objective", "不低于99%"),
    ],
)
def test_facts_in_wording_the_rules_were_not_written_for(
    section: DepartmentProfile, kind: str, words: str
) -> None:
    assert any(words in text for text in _texts(section, kind)), _texts(section, kind)


def test_a_procedure_passage_names_its_records(section: DepartmentProfile) -> None:
    records = {r for f in section.of_kind("procedure") for r in f.records}
    assert {"登记收件台账", "更正登记审批表"} <= records


def test_totals_and_parts_are_told_apart(section: DepartmentProfile) -> None:
    counts = {(f.counted, f.count, f.part, f.approx) for f in section.of_kind("volume")}
    assert ("登记", 2600, False, True) in counts  # 两千六百余件
    assert ("抵押登记", 1450, True, True) in counts
    assert ("更正登记", 86, True, False) in counts


@pytest.mark.parametrize(
    ("finding_id", "status"),
    [
        # The status is in the sentence after the one naming the finding.
        ("2025-NC-04", "corrected_unverified"),
        ("2025-OBS-06", "open"),  # 持续整改中
    ],
)
def test_findings_in_prose_carry_their_status(
    section: DepartmentProfile, finding_id: str, status: str
) -> None:
    findings = {f.finding_id: f for f in section.of_kind("finding")}
    assert findings[finding_id].status == status


@pytest.mark.parametrize(
    ("department", "anchor", "population"),
    [
        ("登记科", "抵押登记办结期限", 1450),  # the sub-type's own part, not the 2,600 total
        ("登记科", "更正登记须在受理后", 86),
        ("Archives and Records Section", "Requests to consult a file", 1900),  # not the 24 meetings
        ("Archives and Records Section", "Certified copies", None),  # no count of copies at all
    ],
)
def test_a_time_limit_is_sampled_from_the_count_of_its_own_cases(
    registry: HybridRetriever, department: str, anchor: str, population: int | None
) -> None:
    model = load_audit_model()
    model.sampling["keep"] = 50  # every candidate, not only the eight a brief shows
    items = [s for s in AuditPlanner(registry, model).plan(department).sampling if s.kind == "time_limit"]
    item = next(s for s in items if anchor in s.item)
    assert item.population == population
    if population is None:
        assert item.sample_size is None
        assert "population not given in the documents" in item.method


def test_the_records_section_is_read_in_english(registry: HybridRetriever) -> None:
    profile = build_profile(registry, "Archives and Records Section")
    assert any("staff of 6" in t for t in _texts(profile, "staffing"))
    assert any("turnaround of 2 working days" in t for t in _texts(profile, "time_limit"))
    assert any("weak point" in t for t in _texts(profile, "risk"))
