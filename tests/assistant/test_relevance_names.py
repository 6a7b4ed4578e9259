"""The relevance rule's department check reads the whole index, not only the passages retrieved:
a short name one document defines ("以下简称FPQS Unit") is a department the documents know."""

from __future__ import annotations

import pytest

from assistant.answer.relevance import unknown_department
from assistant.retrieval.hybrid import HybridRetriever
from ingest.embedders import HashEmbeddings
from tests.assistant.chat_support import build_index

REPORT = """# 2026年度内部审核报告

本次审核覆盖办公室、审批股和Seed Quality Testing Unit（以下简称SQT Unit），并抽查两个乡镇站。
全县有村（社区）综合性文化服务中心142个，人才服务科负责培训。
复抽样品送县检测实验室，法律援助申请转交县法律援助中心。

| 编号 | 部门 | 描述 |
| --- | --- | --- |
| NC-01 | SQT Unit | 复检记录缺少签字 |
"""
REMIT = """# Seed Quality Testing Unit: remit

The Unit has five staff and tests seed lots sold in the county within ten working days.
"""


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    root = tmp_path_factory.mktemp("agency")
    docs = root / "docs"
    docs.mkdir()
    (docs / "audit_report_2026.md").write_text(REPORT, encoding="utf-8")
    (docs / "sqt_unit_remit.md").write_text(REMIT, encoding="utf-8")
    return build_index(docs, root / "index", HashEmbeddings())


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("How many staff does the SQT Unit have?", None),  # defined in the report, not in the hits
        ("SQT Unit的复检时限是多少？", None),
        ("What does the Seed Quality Testing Unit test?", None),  # the department's own name
        ("What does the Talent Exchange Section do?", "Talent Exchange Section"),
        ("人才交流科的职责是什么？", "人才交流科"),
        ("How many staff does the Fertiliser Unit have?", "Fertiliser Unit"),  # written nowhere
        # Written in a variant: most of its character pairs in one passage.
        ("村级综合性文化服务中心有多少个？", None),
        # A made-up name sharing a pair with a real one is still unknown.
        ("人才交流科有几个人？", "人才交流科"),
        ("综合执法大队有几个人？", "综合执法大队"),
        # An office named by its short form "…办" that the documents do not hold.
        ("局信访办2025年接待来访多少人次？", "局信访办"),
        # ... but a phrase ending in a verb or a common noun with such an end names no unit.
        ("哪些事项需要督办？", None),
        ("这次培训由谁承办？", None),
        ("材料不全时怎么办？", None),
        ("各类许可和登记加起来大约办了多少件？", None),  # the verb 办, not an office
        ("审核员要有什么学科背景？", None),
        # Sections in general, no name: "…流转到科室", "报送各科室".
        ("乡镇代收的材料多长时间内流转到科室？", None),
        ("通知要在几天内报送相关处室？", None),
        # Units counted or picked out are a kind of unit, not a named one.
        ("SQT Unit的项目支持多少个村卫生室？", None),
        ("全县有几家乡镇便民服务中心？", None),
        ("哪个服务中心的办件最多？", None),
        ("人才交流科的乡镇站有多少个？", "人才交流科"),  # the named unit is still unknown
    ],
)
def test_a_name_is_unknown_only_when_no_passage_in_the_index_writes_it(
    agency: HybridRetriever, question: str, unknown: str | None
) -> None:
    found = unknown_department(question, agency, hits=[])
    assert (found and found.strip()) == unknown


def test_an_english_name_composed_from_a_chinese_department_is_known(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = tmp_path_factory.mktemp("zh_only")
    docs = root / "docs"
    docs.mkdir()
    (docs / "行政审批股职责.md").write_text(
        "# 行政审批股职责\n\n## 职责\n\n行政审批股现有在编人员5人。\n", encoding="utf-8"
    )
    retriever = build_index(docs, root / "index", HashEmbeddings())
    assert (
        unknown_department("How many staff does the Administrative Approval Section have?", retriever, [])
        is None
    )
    assert unknown_department("How many staff does the Statistics Section have?", retriever, [])


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        # Read from too far left: a tail the retrieved passages write is the name meant.
        ("不合格样品多长时间内复抽送实验室？", None),
        ("申请应在几日内转交法律援助中心？", None),
        # A tail that is a dictionary word is a kind of place, not a department's name.
        ("样品多长时间内送县里的实验室？", None),
        ("几天内送到会议室？", None),
        # ... but a tail no passage writes leaves the name unknown.
        ("申请几日内转交司法鉴定中心？", "日内转交司法鉴定中心"),
        ("人才交流科有几个人？", "人才交流科"),
    ],
)
def test_a_tail_of_a_name_the_passages_write_is_the_name_meant(
    agency: HybridRetriever, question: str, unknown: str | None
) -> None:
    hits = agency.search(question, k=5)
    found = unknown_department(question, agency, hits=hits)
    assert (found and found.strip()) == unknown


def test_a_passage_holding_the_code_asked_about_comes_first(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Across languages too: an English question naming NC-2024-02 gets the Chinese row that
    holds it before passages that only share its words."""
    root = tmp_path_factory.mktemp("codes")
    docs = root / "docs"
    docs.mkdir()
    (docs / "follow_up.md").write_text(
        "# 2025年内审跟踪\n\n编号: NC-2024-01; 部门: 医政股; 验证结论: 已关闭。\n\n"
        "# 另一节\n\n编号: NC-2024-02; 部门: 疾控股; 验证结论: 已验证，关闭（2025年3月）。\n",
        encoding="utf-8",
    )
    (docs / "summary.md").write_text(
        "# Annual summary\n\nThe cold-chain nonconformity work happened in 2024 across the county.\n",
        encoding="utf-8",
    )
    retriever = build_index(docs, root / "index", HashEmbeddings())
    hits = retriever.search("What happened to the 2024 cold-chain nonconformity NC-2024-02?", k=3)
    assert "NC-2024-02" in hits[0].text
    assert "NC-2024-02" not in retriever.search("What happened to the cold-chain work in 2024?", k=1)[0].text
