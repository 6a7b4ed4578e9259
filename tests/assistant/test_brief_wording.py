"""How a brief reads (issue 11, part 2): one template for at most two questions, each brief in
its own language with originals quoted and marked, and lines that only cite what supports them.

Table tests of each rule, then briefs planned on a small agency written here (not the bundled
corpus): a Chinese section with three open findings and many risks, and an English-only
section with no Chinese alias.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from assistant.facts.fact import Fact
from assistant.planner.audit_model import load_audit_model
from assistant.planner.brief import AuditBrief
from assistant.planner.naming import chinese_department, chinese_person, name_in
from assistant.planner.opening import document_title, names_a_risk
from assistant.planner.planning import plan_audit
from assistant.planner.questions import MAX_PER_TEMPLATE, at_most_per_template, template_of
from assistant.planner.quoting import original_mark, quotable, quote_original
from assistant.planner.sampling import _strata, sampled_population
from assistant.render.brief import render_markdown
from assistant.render.language import other_language_share
from assistant.retrieval.citations import Citation
from assistant.retrieval.hybrid import HybridRetriever
from tests.assistant.planner_support import hash_index


def _fact(text: str, quote: str | None = None, kind: str = "objective", language: str = "zh") -> Fact:
    citation = Citation("d", "c", "doc", text if quote is None else quote, "d.md", "")
    return Fact(kind=kind, text=text, citation=citation, language=language)


# --- names across the languages ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Finance and Asset Section", "财务资产科"),
        ("Human Resources Section", "人事科"),
        ("Procurement and Contract Unit", "采购合同股"),
        ("Letters and Visits Office", "信访办公室"),
        ("General Office", "办公室"),
        ("Employment Services Division", "就业服务处"),
        ("Records Centre", "档案中心"),
        # A word no table knows, no unit word, or one word alone: no guess.
        ("Quantum Office", ""),
        ("Finance and Assets", ""),
        ("Finance", ""),
        ("Section", ""),
        ("Finance-Asset Section", ""),
        ("", ""),
    ],
)
def test_a_chinese_department_name_is_composed_only_from_known_parts(english: str, chinese: str) -> None:
    assert chinese_department(english) == chinese


@pytest.mark.parametrize(
    ("person", "department", "shown"),
    [
        ("Head of Division Liang Yuwei", "就业服务股", "股长“Liang Yuwei”（原文）"),
        ("Head of Division Ms Liang Yuwei", "财务资产科", "科长“Liang Yuwei”（原文）"),
        ("Head Zhou Lan", "", "负责人“Zhou Lan”（原文）"),
        ("Director Wang Hai", "办公室", "主任“Wang Hai”（原文）"),
        ("Section Chief Tan Wei", "采购股", "科长“Tan Wei”（原文）"),
        # No title the table knows, or no name after it: not composed.
        ("Ms Liang Yuwei", "就业服务股", ""),
        ("Head of Division", "就业服务股", ""),
        ("Head of Division and six staff", "就业服务股", ""),
    ],
)
def test_an_english_person_in_a_chinese_brief_has_a_chinese_title_and_a_quoted_name(
    person: str, department: str, shown: str
) -> None:
    assert chinese_person(person, department) == shown


@pytest.mark.parametrize(
    ("text", "language", "shown"),
    [
        ("负责预算编制", "en", "“负责预算编制” (original)"),
        ("Prepares the budget", "zh", "“Prepares the budget”（原文）"),
        ("负责预算编制", "zh", "负责预算编制"),
        ("Prepares the budget", "en", "Prepares the budget"),
        ("NC-2025-03", "zh", "NC-2025-03"),  # a code is in neither language
        ("OA-2026", "zh", "OA-2026"),
        ("新OA系统", "en", "“新OA系统” (original)"),
    ],
)
def test_an_original_is_quoted_and_marked_after_the_quote(text: str, language: str, shown: str) -> None:
    assert quote_original(text, language) == shown
    assert ("原文：" not in shown) and ("original:" not in shown)
    assert bool(original_mark(text, language)) is (shown != text)


@pytest.mark.parametrize(
    ("name", "language", "shown"),
    [
        ("行政审批科", "en", "Administrative Licensing Section"),
        ("Finance and Asset Section", "zh", "财务资产科"),
        ("某某股", "en", "“某某股” (original)"),
        ("Quantum Office", "zh", "“Quantum Office”（原文）"),
        ("行政审批科", "zh", "行政审批科"),
    ],
)
def test_another_departments_name_is_in_the_briefs_language_or_quoted(
    name: str, language: str, shown: str
) -> None:
    assert name_in(name, language) == shown


# --- risks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "risk"),
    [
        ("新OA切换期间纸质件和线上件并行，容易漏登、漏催", True),
        ("业务科室对口径的确认如果拖延，会影响首次响应", True),
        ("对其他科室缺少约束手段", True),
        ("Reliance on one data officer for the platform.", True),
        ("Subsidies paid for fictitious or short-lived hiring.", True),
        ("Replies that are brief invite repeat petitions.", True),
        ("The office does not check forms sent to the stations.", True),
        # Sentences under a risks heading that describe, advise or set a rule name no risk.
        ("财务科核定编制5名，设科长1名。", False),
        ("审核时可重点追踪一项专项资金的全过程。", False),
        ("窗口受理时发现旧表应指导改用现行版本。", False),
        ("Important petitions are also taken into formal supervision.", False),
        ("The section prepares the annual budget.", False),
        ("Maybe the mayor visits in spring.", False),  # "may" is a word, not a part of one
    ],
)
def test_a_risk_is_a_sentence_that_names_one(text: str, risk: bool) -> None:
    assert names_a_risk(text) is risk


# --- quoting table rows --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "quoted"),
    [
        # Headers not in the row quoted: the cells alone, the department's own cell left out.
        (
            "部门：资产股；质量目标：资产盘点账实相符率100%",
            "| 资产股 | 资产盘点账实相符率100% |",
            "资产盘点账实相符率100%",
        ),
        ("项目：收文登记；目标值：1个工作日内", "| 收文登记 | 1个工作日内 |", "收文登记；1个工作日内"),
        # A cell value that holds a "；" of its own stays whole.
        (
            "质量目标：按时率≥98%；纪要48小时内印发；数据来源：OA系统",
            "| 按时率≥98%；纪要48小时内印发 | OA系统 |",
            "按时率≥98%；纪要48小时内印发；OA系统",
        ),
        # The text is in the quote, or a cell is not: quoted as written.
        ("年度预算执行率≥95%", "一是年度预算执行率≥95%。", "年度预算执行率≥95%"),
        (
            "项目：收文登记；目标值：2个工作日内",
            "| 收文登记 | 1个工作日内 |",
            "项目：收文登记；目标值：2个工作日内",
        ),
        ("资产股负责盘点；每年一次", "资产股负责资产盘点", "资产股负责盘点；每年一次"),
        # The headers stand in the chunk (a ledger rendered "header: cell"): the row keeps them,
        # whatever the width of its punctuation.
        (
            "序号：TS-05；投诉事项摘要：强制购物；是否超时：是",
            "序号: TS-05; 投诉事项摘要: 强制购物; 是否超时: 是",
            "序号：TS-05；投诉事项摘要：强制购物；是否超时：是",
        ),
    ],
)
def test_a_labelled_table_row_is_quoted_by_its_cells(text: str, quote: str, quoted: str) -> None:
    assert quotable(_fact(text, quote), names=["资产股"]) == quoted


# --- one template, at most two questions ---------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("质量目标“按时率≥98%”是怎样定的？", "质量目标“差错率≤1%”是怎样定的？", True),
        ("“系统于3月上线”。切换是怎样策划的？", "“平台于5月启用”。切换是怎样策划的？", True),
        ("NC-2025-01的有效性验证：抽样12件。", "NC-2025-02的有效性验证：抽样30件。", True),
        ("质量目标“按时率≥98%”是怎样定的？", "“按时率≥98%”这个指标由谁取数？", False),
        ("NC-2025-01还没有整改完成：哪天完成？", "NC-2025-01的有效性验证：抽样12件。", False),
    ],
)
def test_template_of_masks_quotes_and_numbers_only(first: str, second: str, same: bool) -> None:
    assert (template_of(first) == template_of(second)) is same


def test_no_more_than_two_questions_share_a_template_unless_they_name_an_open_finding() -> None:
    def question(text: str) -> SimpleNamespace:
        return SimpleNamespace(text=text)

    asked = [question(f"“第{n}项变化”。切换是怎样策划的？") for n in range(4)]
    asked += [question(f"NC-2025-0{n}的有效性验证：抽样{n}件。") for n in range(1, 4)]
    kept = at_most_per_template(asked, must_keep={"NC-2025-03"})  # type: ignore[arg-type]
    texts = [q.text for q in kept]
    assert texts[:MAX_PER_TEMPLATE] == [q.text for q in asked[:MAX_PER_TEMPLATE]]
    assert "“第2项变化”。切换是怎样策划的？" not in texts
    assert "NC-2025-03的有效性验证：抽样3件。" in texts  # kept: it names an open finding


# --- strata only where the documents give them ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "strata"),
    [
        ("每月统计一次按期办结率", "zh", ["按月份"]),
        ("大额支出（5万元以上）须集体研究", "zh", ["按金额分层（大额全查或多抽）"]),
        ("各经办人按月报送台账", "zh", ["按月份", "按经办人"]),
        (
            "Claims are reviewed at township service desks",
            "en",
            ["by channel (counter, township station, online)"],
        ),
        # A date, a post or an officer's job gives no strata.
        ("新系统于2026年3月上线", "zh", []),
        ("综合岗负责收文登记", "zh", []),
        ("A loan officer reviews each guarantee.", "en", []),
        ("The platform went live in March 2026.", "en", []),
    ],
)
def test_strata_are_named_only_when_the_documents_give_them(
    text: str, language: str, strata: list[str]
) -> None:
    ctx = SimpleNamespace(model=load_audit_model(), language=language)
    anchor = SimpleNamespace(text=text, support=[])
    assert _strata(ctx, anchor) == strata  # type: ignore[arg-type]


# --- briefs on a small agency written here -------------------------------------------------------

_ASSETS = """---
title: 资产股职责
doc_type: department
department: 资产股
language: zh
---

# 资产股职责

## 部门概况

资产股股长田立新主持全面工作。资产股负责固定资产登记、年度盘点和处置审批，指导各基层所的资产管理。

## 质量目标

资产盘点账实相符率100%，每季度统计一次。

## 年度业务量

2025年资产股登记固定资产2,310件，办理处置审批146件。

## 上次审核发现

资产股在2025年内部审核中被开具不符合项NC-2025-21：抽查的20张资产卡片中有3张未登记存放地点，整改仍在进行中。

资产股在2025年内部审核中被开具不符合项NC-2025-22：2份处置审批单缺少分管领导签字，整改仍在进行中。

资产股在2025年内部审核中被开具不符合项NC-2025-23：年度盘点报告未附差异说明，整改仍在进行中。

## 风险

一是盘点时基层所自报数量，容易出现账实不符。
二是处置审批如果拖延，闲置资产会继续占用库房。
三是资产卡片依赖一名管理员维护，人员变动时容易断档。
四是报废资产的残值回收缺少复核。
五是系统与纸质台账并行，数据可能不一致。
六是基层所对新版卡片格式不熟悉，容易漏填。
七是大额资产处置没有集体研究记录。

## 近期变化

资产管理系统于2026年2月上线。
资产卡片模块于2026年3月启用。
资产处置模块于2026年4月启用。
"""

_PROCUREMENT = """---
title: Assets and Procurement Section - Remit
doc_type: department
department: Assets and Procurement Section
language: en
---

# Assets and Procurement Section

## Mandate

Runs the agency's purchasing of goods and services under the procurement rules,
keeps the register of contracts and checks deliveries before payment.

## Team

Head of Section Ms Zhou Lan and four staff: a buyer, a contract clerk, a stores keeper
and an accounts assistant.

## Service Standards

Purchase requests are approved within 5 working days of receipt.
Suppliers are paid within 30 days of an accepted delivery.

## Caseload

In 2025 the Section handled 412 purchase orders and signed 57 contracts.

## Audit Follow-up

Observation 2025-OBS-31 (2025 internal audit): 2 of 15 sampled contracts had no record
of the delivery check before payment. The observation remains open.

## Risks

- Deliveries paid without a signed acceptance record.
- Reliance on one contract clerk for the register.
"""


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    root = tmp_path_factory.mktemp("wording-agency")
    (root / "assets.md").write_text(_ASSETS, encoding="utf-8")
    (root / "procurement.md").write_text(_PROCUREMENT, encoding="utf-8")
    return hash_index(root, tmp_path_factory.mktemp("wording-index"))


@pytest.fixture(scope="module")
def briefs(agency: HybridRetriever) -> dict[tuple[str, str], AuditBrief]:
    return {
        (dept, lang): plan_audit(agency, dept, lang)
        for dept in ("资产股", "Assets and Procurement Section")
        for lang in ("zh", "en")
    }


_EMPTY_SLOT = re.compile(r"“”|《》|（）|\(\)|\s[.,;:]|by\s*\.|受“”|：。")


def _lines(brief: AuditBrief) -> list[str]:
    data = brief.to_dict()
    lines = [q["text"] for q in data["questions"]]
    lines += [" ".join([s["item"], *s["reasons"], s["method"]]) for s in data["sampling"]]
    lines += [a["detail"] for a in data["opening"]["agenda"]] + [n["text"] for n in data["opening"]["notes"]]
    return [*lines, data["opening"]["script"]]


@pytest.mark.parametrize("dept", ["资产股", "Assets and Procurement Section"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_template_gives_more_than_two_questions(
    briefs: dict[tuple[str, str], AuditBrief], dept: str, lang: str
) -> None:
    counts: dict[str, int] = {}
    for question in briefs[dept, lang].questions:
        counts[template_of(question.text)] = counts.get(template_of(question.text), 0) + 1
    assert max(counts.values()) <= MAX_PER_TEMPLATE, counts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_three_open_findings_are_each_named_in_one_grouped_question(
    briefs: dict[tuple[str, str], AuditBrief], lang: str
) -> None:
    questions = [q.text for q in briefs["资产股", lang].questions]
    for finding in ("NC-2025-21", "NC-2025-22", "NC-2025-23"):
        assert any(finding in q for q in questions), finding
    grouped = [q for q in questions if all(f in q for f in ("NC-2025-21", "NC-2025-22", "NC-2025-23"))]
    assert len(grouped) == 2  # one on the findings, one on their verification


def test_an_open_finding_and_a_corrected_one_are_asked_in_their_own_words(
    briefs: dict[tuple[str, str], AuditBrief],
) -> None:
    brief = briefs["Assets and Procurement Section", "en"]
    follow_up = [q.text for q in brief.questions if q.follow_up and "2025-OBS-31" in q.text]
    assert follow_up and "is still open" in follow_up[0]  # the wording for an open finding


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_risk_in_a_risks_section_names_a_risk(
    briefs: dict[tuple[str, str], AuditBrief], lang: str
) -> None:
    risks = [r for r in briefs["资产股", lang].risks if r.kind == "department"]
    assert risks and all(names_a_risk(r.text) for r in risks)


def test_a_chinese_brief_of_an_english_only_department_reads_in_chinese(
    briefs: dict[tuple[str, str], AuditBrief],
) -> None:
    brief = briefs["Assets and Procurement Section", "zh"]
    assert brief.display_name == "资产采购科"
    assert brief.head == "科长“Zhou Lan”（原文）"
    markdown = render_markdown(brief)
    assert other_language_share(markdown, "zh") <= 0.02
    for line in _lines(brief):
        assert "原文：" not in line and "original" not in line.lower(), line
        # English only inside quote marks, each followed by the original mark.
        for quoted in re.finditer(r"“([^”]*[A-Za-z]{3}[^”]*)”(.{0,4})", line):
            if re.search(r"[A-Za-z]{3}", quoted.group(1).replace("OBS", "")):
                assert quoted.group(2).startswith("（原文）"), line


def test_an_english_brief_of_a_chinese_department_reads_in_english(
    briefs: dict[tuple[str, str], AuditBrief],
) -> None:
    brief = briefs["资产股", "en"]
    assert brief.display_name == "Assets Section"
    assert other_language_share(render_markdown(brief), "en") <= 0.02
    for line in _lines(brief):
        assert "original:" not in line and "原文" not in line, line


@pytest.mark.parametrize("dept", ["资产股", "Assets and Procurement Section"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_line_has_an_empty_slot(briefs: dict[tuple[str, str], AuditBrief], dept: str, lang: str) -> None:
    for line in _lines(briefs[dept, lang]):
        assert not _EMPTY_SLOT.search(line), line


def test_strata_table_cues_in_the_yaml_are_not_bare_dates_or_posts() -> None:
    strata = load_audit_model().sampling["strata"]
    cues = {str(c) for rule in strata.values() for c in rule["cues"]}
    assert not cues & {"月", "岗", "officer", "value"}


@pytest.mark.parametrize(
    ("title", "language", "shown"),
    [
        ("文件控制程序", "zh", "《文件控制程序》"),
        ("Internal Audit Procedure", "en", "“Internal Audit Procedure”"),
        ("Internal Audit Procedure", "zh", "《Internal Audit Procedure》（原文）"),
        ("文件控制程序", "en", "“文件控制程序” (original)"),
    ],
)
def test_a_document_is_named_in_the_briefs_own_marks(title: str, language: str, shown: str) -> None:
    ctx = SimpleNamespace(language=language, original_mark=lambda text: original_mark(text, language))
    assert document_title(ctx, title) == shown  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("records", "finding", "language", "phrase"),
    [
        # What the finding is about first: the procedure's records that fit it ...
        (
            ["纠正措施跟踪台账", "承诺时限延期审批表", "form LJSJ/JL-CX05-01"],
            "2份档案超过10个工作日的承诺时限，且没有延期审批记录",
            "zh",
            "承诺时限延期审批表",
        ),
        # ... else the topic's own phrase: time limits, document versions, signatures.
        (
            [],
            "4份档案超过3个工作日且没有延期记录",
            "zh",
            "同类办件的办理时间记录（受理、办结和延期审批的时间）",
        ),
        (
            ["现场核查记录表", "预警清单"],
            "审核组在城东所窗口发现仍在使用旧版申请表",
            "zh",
            "在用文件的版本和发放回收记录",
        ),
        (
            ["form LJSJ/JL-CX05-01"],
            "an old licence application form stayed on the counter",
            "en",
            "the versions of the documents in use and their issue and withdrawal records",
        ),
        ([], "2份处置审批单缺少分管领导签字", "zh", "同类事项的审批和记录（签字、附件是否齐全）"),
        # No topic: the procedures' records, else the generic phrase.
        (["纠正措施跟踪台账", "form LJSJ/JL-CX05-01"], "会议纪要印发前未经审核", "zh", "纠正措施跟踪台账"),
        (["资产卡片"], "Stores are counted twice a year.", "en", "records of the same work"),
    ],
)
def test_verification_names_records_that_fit_the_finding(
    records: list[str], finding: str, language: str, phrase: str
) -> None:
    from assistant.planner.questions import _records_phrase

    ctx = SimpleNamespace(language=language, model=load_audit_model())
    fact = _fact(finding, kind="finding", language="en" if finding.isascii() else "zh")
    assert _records_phrase(ctx, records, [fact]) == phrase  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("record", "evidence", "matches"),
    [
        ("纠正措施跟踪台账", ["纠正措施实施证据", "有效性验证记录"], True),
        ("受控文件清单", ["受控文件清单及发放记录"], True),
        # One shared word is not enough: "文件" or "计划" alone says nothing about the record.
        ("文件更改记录", ["内部分工文件", "岗位职责说明"], False),
        ("纠正措施计划与验证表", ["年度工作计划或要点"], False),
    ],
)
def test_a_procedures_record_joins_the_evidence_only_on_two_shared_words(
    record: str, evidence: list[str], matches: bool
) -> None:
    from assistant.planner.questions import MIN_RECORD_WORDS, _record_words

    assert (sum(w in record for w in _record_words(evidence)) >= MIN_RECORD_WORDS) is matches


@pytest.mark.parametrize(
    ("finding", "population"),
    [
        ("办公室：抽查依申请公开答复14件（1—10月共53件），2件超期。", (53, "依申请公开答复")),
        ("抽查认定案卷25件（同期受理1,652件），3件超时。", (1652, "认定案卷")),
        ("抽查现场检查记录12份（1至9月共检查49家），其中2份仅有1名检查人员签字。", (49, "现场检查记录")),
        ("We sampled 20 of the 312 grant files; 3 lacked receipts.", (312, "grant files")),
        ("The team checked 12 out of 49 inspections in May.", (49, "inspections")),
        # No population stated beside the sample: none is invented.
        ("抽查案卷20件，其中3件超期（2025年）。", None),  # a year in the aside
        ("抽查30件（其中5件超期）。", None),  # the aside is a part of the sample
        ("Sampled 20 files (2025).", None),
        ("共受理53件，抽查14件，2件超期。", None),  # not an aside to the sample
        ("收文登记簿有3件未登记办理结果。", None),
    ],
)
def test_a_findings_own_sample_states_its_population_or_none(
    finding: str, population: tuple[int, str] | None
) -> None:
    assert sampled_population(finding) == population
