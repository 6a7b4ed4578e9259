"""The evidence layer of department profiles (issue 11): whose a finding is, its status and
repetition as the records state them, what each count counts, the records a governing
procedure names, and a concise profile. Measured against what the documents say, on the
second corpus, on the bundled corpus, and on a small agency written here in other words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.facts.profile import DepartmentProfile, build_profile
from assistant.retrieval.citations import check_citations
from assistant.retrieval.hybrid import HybridRetriever
from ingest.embedders import HashEmbeddings
from ingest.sync import Ingester
from tests.assistant.planner_support import OTHER_AGENCY, hash_index

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

# Read by hand in tests/data/other_agency: (department, finding) -> (about, status, repeated).
OTHER_TRUTH = {
    ("综合股", "2025-OB-01"): ("综合股", "closed", False),
    ("社会保险经办股", "2025-NC-03"): ("社会保险经办股", "corrected_unverified", False),
    ("劳动保障监察大队", "2025-NC-07"): ("劳动保障监察大队", "open", True),
    ("人才交流中心", "2025-NC-05"): ("人才交流中心", "closed", False),
    ("Employment Services Division", "2025-OBS-02"): ("Employment Services Division", "open", False),
}
# Read by hand in corpus/records/zh/internal-audit-2025.md (the follow-up at 2026-03-31).
BUNDLED_TRUTH = {
    "NC-2025-01": ("行政审批科", "corrected_unverified", False),
    "NC-2025-02": ("督查室", "open", True),
    "NC-2025-03": ("办公室", "corrected_unverified", False),
    "NC-2025-04": ("财务科", "closed", False),
    "OBS-2025-05": ("政策法规科", "closed", False),
    "NC-2025-06": ("信访办", "corrected_unverified", False),
    "OBS-2025-07": ("人事科", "open", False),
    "OBS-2025-08": ("宣传科", "corrected_unverified", False),
    "OBS-2025-09": ("信息中心", "open", False),
    "NC-2025-10": ("行政审批科", "open", False),
}


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    return hash_index(OTHER_AGENCY, tmp_path_factory.mktemp("other-evidence"))


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    """The bundled corpus without its guidance (which states no department's facts)."""
    data = tmp_path_factory.mktemp("bundled-evidence")
    embedder = HashEmbeddings()
    roots = [CORPUS / part for part in ("departments", "records", "system")]
    report = Ingester(data, embedder).sync(roots)
    assert not report.failed, report.failed
    return HybridRetriever.open(data, embedder)


@pytest.mark.parametrize(("key", "truth"), sorted(OTHER_TRUTH.items()))
def test_second_corpus_findings_match_the_documents(
    other: HybridRetriever, key: tuple[str, str], truth: tuple[str, str, bool]
) -> None:
    department, finding_id = key
    findings = {f.finding_id: f for f in build_profile(other, department).of_kind("finding")}
    fact = findings[finding_id]
    assert (fact.about, fact.status, fact.repeated) == truth


def test_an_earlier_finding_named_as_the_one_repeated_is_not_itself_a_repeat(other: HybridRetriever) -> None:
    findings = {f.finding_id: f for f in build_profile(other, "劳动保障监察大队").of_kind("finding")}
    assert not findings["2024-NC-05"].repeated


@pytest.mark.parametrize(("finding_id", "truth"), sorted(BUNDLED_TRUTH.items()))
def test_bundled_findings_match_the_audit_report(
    bundled: HybridRetriever, finding_id: str, truth: tuple[str, str, bool]
) -> None:
    profile = build_profile(bundled, truth[0])
    fact = next(f for f in profile.of_kind("finding") if f.finding_id == finding_id)
    assert (fact.about, fact.status, fact.repeated) == truth


def test_another_departments_finding_is_only_related(bundled: HybridRetriever) -> None:
    findings = {f.finding_id: f for f in build_profile(bundled, "办公室").of_kind("finding")}
    assert findings["NC-2025-03"].about == "办公室"
    assert findings["NC-2025-10"].about == "行政审批科"
    assert "办公室" in findings["NC-2025-10"].mentions


@pytest.mark.parametrize(
    ("department", "count", "counted"),
    [
        ("办公室", 62, "局党组会议和局长办公会议"),
        ("办公室", 186, "局领导批示件"),
        ("财务科", 37, "政府采购项目"),
        ("财务科", 5400, "凭证"),
        ("行政审批科", 18600, "许可登记"),
    ],
)
def test_each_count_keeps_its_own_noun(
    bundled: HybridRetriever, department: str, count: int, counted: str
) -> None:
    facts = build_profile(bundled, department).facts
    assert any(f.count == count and f.counted.endswith(counted) for f in facts), [
        (f.count, f.counted) for f in facts if f.count is not None
    ]


def test_a_sub_type_is_a_part_never_the_total(bundled: HybridRetriever) -> None:
    counts = {f.count: f for f in build_profile(bundled, "行政审批科").facts if f.count is not None}
    assert not counts[18600].part
    assert counts[14200].part and counts[3100].part


def test_no_count_is_a_year_a_percentage_or_an_id(bundled: HybridRetriever, other: HybridRetriever) -> None:
    for retriever in (bundled, other):
        for info in retriever.departments():
            for fact in build_profile(retriever, info.name).facts:
                if fact.count is not None:
                    assert not 1990 <= fact.count <= 2035 or "," in " ".join(fact.numbers), fact
                    assert fact.counted and "%" not in fact.counted and "NC-" not in fact.counted


def test_governing_procedures_name_their_records(bundled: HybridRetriever) -> None:
    procedures = build_profile(bundled, "办公室").of_kind("procedure")
    records = {r for p in procedures for r in p.records}
    assert {"纠正措施跟踪台账", "受控文件清单", "内部审核检查表"} <= records


def test_profile_summary_states_each_passage_once_and_cites_verbatim(bundled: HybridRetriever) -> None:
    for department in ("办公室", "财务科", "行政审批科"):
        profile = build_profile(bundled, department)
        summary = profile.summary()
        assert len(summary) < len(profile.facts)
        plain = [(f.text, f.count) for f in summary]
        assert len(plain) == len(set(plain))
        assert check_citations([c for f in summary for c in f.citations()], bundled) == []
        assert json.dumps(profile.to_dict(), ensure_ascii=False)


UNSEEN = {
    "dept.md": """---
title: 财务股工作情况
doc_type: department
department: 财务股
aliases: [Finance Unit]
language: zh
---

# 财务股工作情况

## 工作数据
2025年财务股审核报销单据两千余笔，办理政府采购项目24个，其中公开招标9个。

## 上年问题
对财务股的审核发现2025-CAR-02：抽查合同12份，3份未验收即付款。已整改但尚未验证。
""",
    "other.md": """---
title: 办公厅工作情况
doc_type: department
department: 办公厅
language: zh
---

# 办公厅工作情况

## 风险
财务股的2025-CAR-02说明付款前核对不够，办公厅督办时应关注。
""",
    "report.md": """---
title: 内审问题清单
doc_type: record
language: zh
---

# 内审问题清单

| 问题编号 | 受审核部门 | 整改情况 |
|---|---|---|
| 2025-CAR-02 | 财务股 | 已整改，待跟踪 |
| 2025-CAR-03 | 办公厅 | 验证有效，已关闭 |
""",
}


def test_an_unseen_wording_of_findings_and_counts(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in UNSEEN.items():
        (docs / name).write_text(text, encoding="utf-8")
    retriever = hash_index(docs, tmp_path / "index")
    own = {f.finding_id: f for f in build_profile(retriever, "财务股").of_kind("finding")}
    assert own["2025-CAR-02"].about == "财务股"
    # Corrected, then "not yet verified" and "待跟踪": waiting for verification.
    assert own["2025-CAR-02"].status == "corrected_unverified"
    office = {f.finding_id: f for f in build_profile(retriever, "办公厅").of_kind("finding")}
    assert office["2025-CAR-02"].about == "财务股"  # related, not the office's own
    counts = {(f.count, f.counted, f.part, f.approx) for f in build_profile(retriever, "财务股").facts}
    assert (2000, "报销单据", False, True) in counts
    assert (24, "政府采购项目", False, False) in counts
    assert (9, "公开招标", True, False) in counts


def test_records_come_only_from_procedures_that_make_the_department_answer(bundled: HybridRetriever) -> None:
    procedures = {f.label: f for f in build_profile(bundled, "督查室").of_kind("procedure")}
    # The petitions procedure only says 督查室 supervises some petitions: its forms are not
    # 督查室's evidence. Its own supervision procedure's are.
    assert procedures["信访事项办理程序"].records == ()
    assert "督办事项台账" in procedures["重大事项督办程序"].records
    assert "督办台账" in procedures["临江市市场监督管理局质量手册（节选）"].records


@pytest.mark.parametrize(
    ("section", "label"),
    [
        ("## 工作依据\n\n《纠纷调处工作程序》（XX/CX-21），形成《调解申请登记表》。\n", "纠纷调处工作程序"),
        ("## 工作依据\n\n按照局《合同管理办法》执行，合同登记后归档。\n", "合同管理办法"),
        # No title given: the heading is a section of the department's document, not a
        # procedure the auditor could ask for by name.
        ("## 办事程序\n\n受理后由股长审核，3个工作日内办结并记入办件登记表。\n", ""),
        ("## 年度工作量\n\n全年办结纠纷120件，均记入调解台账。\n", ""),
    ],
)
def test_a_procedure_is_labelled_by_its_own_title_not_the_heading_above_it(
    tmp_path: Path, section: str, label: str
) -> None:
    profile = _profile_of_one_document(tmp_path, f"# 调解股职责\n\n## 职责\n\n负责纠纷调解。\n\n{section}")
    labels = {f.label for f in profile.of_kind("procedure")}
    assert label in labels, labels


def _profile_of_one_document(tmp_path: Path, text: str, department: str = "调解股") -> DepartmentProfile:
    """The profile of ``department`` over an index of one Markdown document holding ``text``."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / f"{department}.md").write_text(text, encoding="utf-8")
    Ingester(tmp_path / "index", HashEmbeddings()).sync([docs])
    return build_profile(HybridRetriever.open(tmp_path / "index", HashEmbeddings()), department)


@pytest.mark.parametrize(
    ("title", "risk"),
    [
        # The department's objectives document states its own risks under its own headings.
        ("调解股2026年质量目标", True),
        # A procedure's heading describes the procedure: only what a passage says counts.
        ("调解股纠纷调处工作程序", False),
    ],
)
def test_a_risks_heading_counts_in_the_objectives_document_not_in_a_procedure(
    tmp_path: Path, title: str, risk: bool
) -> None:
    profile = _profile_of_one_document(
        tmp_path,
        f"# {title}\n\n## 一、目标\n\n调解成功率不低于95%。\n\n"
        "## 二、风险\n\n村级调解员多为兼职，回访表存在代填现象。\n",
    )
    assert any("代填" in f.text for f in profile.of_kind("risk")) is risk
