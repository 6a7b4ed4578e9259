"""Metadata from content: units, titles, document types and departments with their provenance,
declared departments, and a flat folder without front matter ingested end to end.

Every recognition rule has a table of forms it must and must not match, including forms the
rules were not written for (督查室, 12345热线办, "Office of Policy and Regulations"). Files are
written by the tests in tmp_path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import yaml

from ingest.catalog import catalog_documents, mentioning_without_assignment
from ingest.embedders import AuditPrepEmbeddings
from ingest.errors import IngestError
from ingest.loaders import load_file
from ingest.metadata import (
    Declarations,
    declared_departments,
    draft_declarations,
    infer_metadata,
    load_declarations,
    parse_declarations,
)
from ingest.metadata.doctypes import (
    doc_type_from_content,
    doc_type_from_title,
    find_duty_sections,
    find_title,
)
from ingest.metadata.units import (
    strip_agency_prefix,
    unit_in_file_name,
    unit_in_title,
    units_in_text,
    whole_unit,
    without_place,
)
from ingest.metadata.vocabulary import get_vocabulary, load_vocabulary
from ingest.sync import Ingester
from ingest.vectorstore import ChromaStore


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def stored(data_dir: Path, embedder: AuditPrepEmbeddings) -> dict[str, dict[str, object]]:
    """Metadata of one chunk per source, as Chroma holds it."""
    store = ChromaStore.open(data_dir, None, embedder.name, embedder.dimension)
    return {str(c.metadata["source"]): c.metadata for c in store.iter_all()}


# --- units ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("行政审批科职责", "行政审批科"),
        ("医政医管股办事指南", "医政医管股"),
        ("医政医管股行政许可事项办事指南", "医政医管股"),
        ("政务服务事项办事指南", ""),  # services of no unit
        ("临江市市场监督管理局办公室工作职责", "办公室"),
        ("临江市市场监督管理局行政审批科职责与工作要点", "行政审批科"),
        ("信访办公室岗位职责", "信访办公室"),
        ("县人民政府信息中心职能", "信息中心"),
        ("关于督查室2026年重点工作的安排", "督查室"),
        ("法规股工作规程", "法规股"),
        ("12345热线办职责", "12345热线办"),
        ("青石县人力资源和社会保障局 综合股职责与工作情况说明", "综合股"),
        ("劳动保障监察大队工作职责及情况说明", "劳动保障监察大队"),
        ("党委办公室职责", "党委办公室"),  # 党委 is the unit's own name, not an agency prefix
        ("Duties of the Planning Division", "Planning Division"),
        ("Riverside Ecology Bureau: Finance and Asset Section", "Finance and Asset Section"),
        ("Riverside Ecology Bureau Finance Section", "Finance Section"),
        ("Finance Section: Duties and Key Work", "Finance Section"),
        ("Office of Policy and Regulations", "Office of Policy and Regulations"),
        ("Letters & Visits Office: what we do", "Letters & Visits Office"),
        ("The Correspondence Unit at a Glance", "Correspondence Unit"),
        # must not match
        ("各科室职责分工", ""),
        ("本局内设机构", ""),
        ("职能部门职责汇编", ""),
        ("行政许可办理程序", ""),  # 办 of 办理 ends no unit
        ("信访事项处理办法", ""),  # nor 处 of 处理
        ("重大事项督办程序", ""),
        ("section 3.2", ""),
        ("See Section 4 of the manual", ""),
        ("Department of Health guidance", ""),
        ("Duties of each section", ""),
        ("What the department does", ""),
    ],
)
def test_unit_in_title(title: str, unit: str) -> None:
    assert unit_in_title(title) == unit


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("由行政审批科负责受理，报办公室备案。", ["行政审批科", "办公室"], ["由行政审批科"]),
        ("2025年信息中心完成了系统升级。", ["信息中心"], ["2025年信息中心"]),
        ("所有记录由档案室保管。", ["档案室"], ["所有记录由档案室"]),
        ("信访办公室和办公室各派一人。", ["信访办公室", "办公室"], []),
        ("社会保险经办股负责待遇核定。", ["社会保险经办股"], ["保险经办股", "办股"]),
        ("人才交流中心是局属事业单位。", ["人才交流中心"], ["流中心"]),
        ("例如先请督查室介绍督办台账。", ["督查室"], ["例如先请督查室"]),
        ("12345热线办转来的工单当日分办。", ["12345热线办"], ["分办"]),
        ("交通运输科牵头。", ["交通运输科"], ["通运输科"]),
        ("The Finance Section reviews every claim.", ["Finance Section"], []),
        ("Complaints go to the Letters & Visits Office first.", ["Letters & Visits Office"], []),
        ("See the Office of Policy and Regulations.", ["Office of Policy and Regulations"], []),
        (
            "本次覆盖办公室和Farm Produce Quality & Safety Unit（以下简称FPQS Unit）。",
            ["Farm Produce Quality & Safety Unit"],
            ["Produce Quality & Safety Unit"],
        ),
        # a sentence's verb run into the name it governs
        ("会议责成办公室于6月10日前完成验证。", ["办公室"], ["会议责成办公室"]),
        ("该问题未列入办公室的督办台账。", ["办公室"], ["未列入办公室"]),
        ("建议由财务科牵头核对。", ["财务科"], ["建议由财务科"]),
        ("抄送法规股。", ["法规股"], ["抄送法规股"]),
        # must not match
        ("会议要求该股在月底前整改。", [], ["会议要求该股", "该股"]),
        ("在三楼会议室召开。", [], ["三楼会议室"]),
        ("各科室要配合，本局内设机构调整后职能部门职责不变。", [], ["各科室", "内设机构", "职能部门"]),
        ("坚持以人民为中心的理念。", [], ["坚持以人民为中心"]),
        ("审批办理时限为十个工作日，所有问题及时处理。", [], ["审批办", "所有问题及时处"]),
        ("上级交办事项由专人督办、催办。", [], ["上级交办", "专人督办"]),
        ("组长带队进场，不足之处当场指出。", [], ["组长带队", "不足之处"]),
        ("Each section and the department report under section 3.2.", [], ["Each section"]),
        ("Follow the Department of Health guidance.", [], ["Department of Health"]),
        ("## Team\nHead of Division Ms Liang leads.", [], ["Team Head of Division"]),
        ("The Division of Labour Director decides.", [], ["Division of Labour Director"]),
    ],
)
def test_units_in_running_text(text: str, expected: list[str], absent: list[str]) -> None:
    found = units_in_text(text)
    assert [n for n in found if n in expected] == expected, found
    assert not set(absent) & set(found), found


@pytest.mark.parametrize(
    ("name", "stripped"),
    [
        ("临江市市场监督管理局行政审批科", "行政审批科"),
        ("县人民政府办公室", "办公室"),
        ("市委市政府督查室", "督查室"),
        ("党委办公室", "党委办公室"),
        ("县殡葬管理股", "殡葬管理股"),
        ("县政务服务中心", "县政务服务中心"),
        ("市场监管所", "市场监管所"),
        ("行政审批科", "行政审批科"),
        ("Riverside Ecology Bureau Finance Section", "Finance Section"),
        ("Finance Section", "Finance Section"),
    ],
)
def test_agency_prefix_is_stripped(name: str, stripped: str) -> None:
    assert strip_agency_prefix(name) == stripped


@pytest.mark.parametrize(
    ("name", "bare"),
    [
        ("苎岭县水政监察大队", "水政监察大队"),
        ("东城区12345热线办", "12345热线办"),
        ("宁川市不动产登记中心", "不动产登记中心"),
        ("县殡葬管理股", "殡葬管理股"),
        ("市12345热线办", "12345热线办"),
        # No place in front, a one-character one, or one that is part of a word (市场, 市民).
        ("水政监察大队", ""),
        ("县政务服务中心", ""),
        ("市场监管所", ""),
        ("县级河长办", ""),
        ("城市管理科", ""),
        ("集贸市场管理所", ""),
        ("宁州市民服务中心", ""),
        # An agency after the place is not a unit.
        ("临江市市场监督管理局", ""),
        ("漾川县文化和旅游局", ""),
    ],
)
def test_a_unit_named_with_its_county_is_known_without_it(name: str, bare: str) -> None:
    assert without_place(name) == bare


@pytest.mark.parametrize(
    ("stem", "unit"),
    [
        ("行政审批科_职责", "行政审批科"),
        ("督查室-2026工作要点", "督查室"),
        ("12345热线办 说明", "12345热线办"),
        ("finance-section-duties", "Finance Section"),
        ("letters-and-visits-office", "Letters and Visits Office"),
        ("Information_Centre_overview", "Information Centre"),
        ("meeting-notes", ""),
        ("section-3-2", ""),
        ("各科室职责", ""),
        ("办理程序", ""),
    ],
)
def test_unit_in_file_name(stem: str, unit: str) -> None:
    assert unit_in_file_name(stem) == unit


@pytest.mark.parametrize(
    ("folder", "unit"),
    [
        ("行政审批科", "行政审批科"),
        ("信息中心", "信息中心"),
        ("Finance Section", "Finance Section"),
        ("2025", ""),
        ("departments", ""),
        ("各科室", ""),
        ("行政审批科2025", ""),
    ],
)
def test_whole_unit_names_a_folder(folder: str, unit: str) -> None:
    assert whole_unit(folder) == unit


# --- duties sections, titles, document types -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("# 工作情况\n\n## 主要职责\n\n综合股是局机关的运转枢纽，负责公文处理。", "综合股"),
        ("【职能】劳动保障监察大队是本局的执法机构。", "劳动保障监察大队"),
        ("一、基本职能\n督查室负责重大事项督办。", "督查室"),
        ("## 职责\n\n信息中心承担政务网站运维。", "信息中心"),
        ("## 工作职责\n\n12345热线办负责热线工单分派。", "12345热线办"),
        ("职能：\n法规股负责规范性文件合法性审查。", "法规股"),
        ("## 行政审批科主要职责\n\n负责许可受理。", "行政审批科"),
        ("## Duties\n\nThe Finance Section prepares the budget.", "Finance Section"),
        ("## Responsibilities\n\nLetters & Visits Office staff register visits.", "Letters & Visits Office"),
        ("## What we do\n\nThe Office of Policy and Regulations acts.", "Office of Policy and Regulations"),
        ("## Remit\n\nWe run the archive.", ""),  # a duties section naming no unit
        ("## Functions\n\nThe section keeps the ledger.", ""),
        ("## 主要职责\n\n负责全局财务管理，指导市场监管所的票据工作。", ""),  # 市场监管所 is not the subject
    ],
)
def test_duty_section_and_the_unit_it_describes(text: str, unit: str) -> None:
    sections = find_duty_sections(text)
    assert sections, "the duties heading was not recognised"
    assert sections[0].unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "## 各科室职责分工\n\n见附表。",
        "## 工作目标\n\n办结率100%。",
        "## Scope\n\nThis procedure applies to the Finance Section.",
        "## Duties of care in interviews\n\nBe polite.",
        "办公室负责落实本局主要职责。",  # the word in a sentence, not a heading
    ],
)
def test_other_headings_are_not_duty_sections(text: str) -> None:
    assert find_duty_sections(text) == []


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("临江市生态环境局\n\n行政许可办理程序\n\n1 目的\n规范许可办理。", "行政许可办理程序"),
        ("临江市生态环境局文件\n临环发〔2025〕12号\n\n文件控制程序\n\n正文。", "文件控制程序"),
        ("（2026年2月 大队内勤整理）\n劳动保障监察大队工作情况\n正文。", "劳动保障监察大队工作情况"),
        ("# 临江市市场监督管理局\n\n## 纠正措施控制程序\n\n正文。", "纠正措施控制程序"),
        ("Riverside Ecology Bureau\n\nProcedure for Complaints\n\nText.", "Procedure for Complaints"),
        ("审核方案说明\n\n内审员应当在审核前一周完成检查表。", "审核方案说明"),
        ("这是一段没有标题的说明文字，用于检查标题的推断。", "fallback"),
        ("【职能】督查室负责督办。", "fallback"),
        # A PDF's title in large type is a plain line; its section headings are Markdown ones.
        (
            "Yangchuan County Bureau of Culture and Tourism\n\n"
            "Visitor Services and Tourism Quality Office: Work Profile 2026\n\n"
            "1. What we do The Office handles complaints.\n\n## 4. Quality objectives\n\nText.",
            "Visitor Services and Tourism Quality Office: Work Profile 2026",
        ),
        ("某某县统计局\n\n统计执法监督股工作规程\n\n## 一、总则\n\n正文。", "统计执法监督股工作规程"),
        # A heading behind a heading mark is a section too.
        ("某某县民政局\n\n殡葬管理股工作计划\n\n## ▲ 一、职能定位\n\n正文。", "殡葬管理股工作计划"),
        ("殡葬管理股工作计划\n\n## ★ 重点工作\n\n正文。", "殡葬管理股工作计划"),
        # A short line above an unnumbered heading: the heading is the title, as before.
        ("内部资料 第二版\n\n# 公文处理程序\n\n正文。", "公文处理程序"),
        ("某某县统计局\n\n办公室工作情况\n\n## 一、基本情况\n\n正文。", "办公室工作情况"),
        # Body text before the first heading: the heading is the title, as before.
        ("本文件规定了公文处理的要求。\n\n# 公文处理程序\n\n正文。", "公文处理程序"),
        ("# 临江市市场监督管理局\n\n# 内部审核程序\n\n正文。", "内部审核程序"),
        # The agency line alone, then only noise: the file name.
        ("Riverside County Bureau of Water Resources\n\n## Ref: WR-2025-01", "fallback"),
    ],
)
def test_title_skips_agency_lines_numbers_and_dates(text: str, title: str) -> None:
    assert find_title(text, "", "fallback") == title


@pytest.mark.parametrize(
    ("stated", "title"),
    [
        ("临江市市场监督管理局", "内部审核程序"),
        ("Microsoft Word - 内审程序.docx", "内部审核程序"),  # what office software writes
        ("内审程序.doc", "内部审核程序"),
        ("Untitled", "内部审核程序"),
        ("文档1", "内部审核程序"),
        ("内审程序（2025版）", "内审程序（2025版）"),
        ("Internal Audit Procedure", "Internal Audit Procedure"),
    ],
)
def test_stated_title_that_is_noise_is_ignored(stated: str, title: str) -> None:
    assert find_title("# 内部审核程序\n\n正文。", stated, "x") == title


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("行政许可办理程序", "system"),
        ("质量目标管理办法", "system"),
        ("督查室工作规程", "system"),  # names a unit, still a procedure
        ("Procedure for Handling Complaints", "system"),
        ("Quality Manual", "system"),
        ("2025年度内部审核报告", "record"),
        ("行政审批科2025年投诉台账", "record"),
        ("党组会议纪要", "record"),
        ("Minutes of the Management Review", "record"),
        ("Complaints Ledger 2025", "record"),
        ("抽样方法指引", "guidance"),
        ("A Guide to Interviewing Senior Staff", "guidance"),
        ("财务科职责与工作要点", "department"),
        ("Records Office Overview", "department"),  # "Records" is the unit's name, not a record
        ("Finance Section: Duties", "department"),
        # A unit's own account of its work or services describes the unit.
        ("疾病预防控制股2024年工作总结及2025年工作打算", "department"),
        ("医政医管股行政许可事项办事指南", "department"),
        ("Licensing Section: Work Summary 2025", "department"),
        ("2025年内部审核工作总结", "record"),  # no unit: the agency's record
        ("政务服务事项办事指南", "guidance"),
        ("审核方案说明", ""),
        ("Reporting Lines", ""),  # "report" only as a whole word
    ],
)
def test_doc_type_from_title(title: str, doc_type: str) -> None:
    assert doc_type_from_title(title, unit_in_title(title)) == doc_type


AUDIT_REPORT = (
    "# 2025年内审情况\n\n本审核报告汇总各科室审核结果。\n\n审核发现：共开具不符合项3项（NC-2025-01至03），"
    "均已制定纠正措施。\n"
)
LEDGER = "# 投诉登记\n\n投诉处理台账\n\n" + "\n".join(f"| {n} | 2025-0{n} | 已办结 |" for n in range(1, 10))
MINUTES = "党组会议\n\n会议纪要\n\n会议时间：2026年1月5日\n出席：局长、副局长\n议题：一季度工作安排。"
EN_MINUTES = "Management meeting\n\nAttendees: Director\nApologies: none\nAgenda: Q1\nChaired by: Director"
EN_REPORT = "Internal audit report 2025\n\nAudit findings: two nonconformities (NC-2025-01, NC-2025-02)."
PROCEDURE = "## 目的\n\n规范许可办理。\n\n## 适用范围\n\n本局各类许可。\n\n## 职责\n\n行政审批科负责受理。"


@pytest.mark.parametrize(
    ("text", "has_duties", "doc_type"),
    [
        (AUDIT_REPORT, False, "record"),
        (EN_REPORT, False, "record"),
        (LEDGER, False, "record"),
        (MINUTES, False, "record"),
        (EN_MINUTES, False, "record"),
        (PROCEDURE.replace("## 职责\n\n行政审批科负责受理。", ""), False, "system"),
        ("## Purpose\n\nTo set rules.\n\n## Scope\n\nAll sections.", False, "system"),
        ("## 主要职责\n\n综合股负责公文处理。", True, "department"),
        # must not match: a guide quoting one finding, a meeting guide, a short table
        ("写不符合项时要写明审核发现的依据，例如NC-2025-01。", False, ""),
        ("首次会议时，出席人员签到，会议时间不超过半小时。", False, ""),
        ("台账\n\n| a | b |\n| 1 | 2 |", False, ""),
        ("Plain notes about sampling.", False, ""),
    ],
)
def test_doc_type_from_content(text: str, has_duties: bool, doc_type: str) -> None:
    assert doc_type_from_content(text, has_duties) == doc_type


# --- departments with provenance ---------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "stated", "text", "department", "source"),
    [
        ("a.md", {"department": "人事科"}, "# 人事科职责\n\n正文。", "人事科", "front matter"),
        ("行政审批科/2025/台账.md", {}, "# 2025年投诉台账\n\n| a |", "行政审批科", "folder"),
        ("departments/roads.md", {}, "# 路政股工作情况\n\n负责路政。", "路政股", "folder"),
        ("x.md", {}, "# 工作情况\n\n【职能】督查室负责督办。", "督查室", "duties section"),
        (
            "x.md",
            {},
            "# Our work\n\n## Duties\n\nThe Finance Section pays.",
            "Finance Section",
            "duties section",
        ),
        ("x.md", {}, "# 信息中心2026年工作安排\n\n正文。", "信息中心", "title"),
        (
            "x.md",
            {},
            "# Bureau X: Finance and Asset Section\n\n## Duties\n\nThe section pays.",
            "Finance and Asset Section",
            "title",
        ),
        ("行政审批科_职责.md", {}, "受理、审查和决定许可事项。", "行政审批科", "file name"),
        ("finance-section-duties.md", {}, "Budgets and payments.", "Finance Section", "file name"),
        ("2025/督查室-说明.txt", {}, "今年督办事项共42件。", "督查室", "file name"),  # a year folder
        # a procedure or objectives document is its owner's when its title opens with the unit
        ("p.md", {}, "# 行政审批科办理程序\n\n行政审批科负责受理。", "行政审批科", "title"),
        (
            "o.pdf",
            {},
            "公共文化服务科2026年质量目标及基层站点情况\n\n目标：满意度≥95%。",
            "公共文化服务科",
            "title",
        ),
        ("p.md", {}, "# Finance Section: Payment Procedure\n\nThe section pays.", "Finance Section", "title"),
        # ... and not when the unit comes further in: it is what the document is about
        ("p.html", {}, "# PCS-P-04 Township Cultural Station Supervision Procedure\n\nText.", "", ""),
        ("p.md", {}, "# Payment Procedure of the Finance Section\n\nThe section pays.", "", ""),
        ("p.md", {}, "# Internal Audit Procedure: Finance Section scope\n\nText.", "", ""),
        ("p.md", {}, "# 公文处理程序\n\n办公室负责登记。", "", ""),
        # records and guides that name a department are not assigned to it
        ("r2.md", {}, "# 行政审批科2025年度内审报告\n\n开具不符合项2项。", "", ""),
        ("r.md", {}, "# 2025年度内部审核报告\n\n行政审批科开具不符合项2项。", "", ""),
        ("g.md", {}, "# 审核行政审批科的方法指引\n\n先看行政审批科的台账。", "", ""),
        ("n.md", {}, "# 会议安排\n\n请各科室派人参加。", "", ""),
    ],
)
def test_department_and_its_source(
    relative: str, stated: dict[str, object], text: str, department: str, source: str
) -> None:
    meta = infer_metadata(text, stated, Path(relative))
    assert (meta["department"], meta["department_source"]) == (department, source)


def test_a_procedure_records_the_departments_it_mentions() -> None:
    meta = infer_metadata(
        "# 行政许可办理程序\n\n## 职责\n\n行政审批科负责受理；政策法规科负责合法性审查；信息中心维护系统。",
        {},
        Path("licensing.md"),
    )
    assert meta["doc_type"] == "system" and meta["doc_type_source"] == "title"
    assert meta["department"] == ""
    assert meta["mentions_departments"] == "行政审批科; 政策法规科; 信息中心"


def test_mentions_leave_out_the_documents_own_department() -> None:
    meta = infer_metadata("# 督查室职责\n\n督查室会同办公室督办。", {}, Path("a.md"))
    assert meta["department"] == "督查室"
    assert meta["mentions_departments"] == "办公室"


SUMMARY_SHEET = "某县2025年信访投诉月度汇总\n月份: 1月; 件数: 12件。"


@pytest.mark.parametrize(
    ("relative", "text", "doc_type", "source"),
    [
        ("system/a.md", "# 说明\n\n正文。", "system", "folder"),
        ("a.md", "# 文件控制程序\n\n正文。", "system", "title"),
        ("a.md", AUDIT_REPORT, "record", "content"),
        ("a.md", "# 工作情况\n\n【职能】督查室负责督办。", "department", "content"),
        ("a.md", "# 抽样的几点体会\n\n正文。", "guidance", "content"),
        # The file name is a title too, when the content's own title names no type.
        ("2025年信访投诉登记台账.xlsx", SUMMARY_SHEET, "record", "title"),
        ("complaints_register_2025.xlsx", "Monthly figures\nMonth: Jan; Cases: 12.", "record", "title"),
        ("summary.xlsx", SUMMARY_SHEET, "guidance", "content"),
        ("会议纪要.md", "# 文件控制程序\n\n正文。", "system", "title"),  # the content's title first
    ],
)
def test_doc_type_source(relative: str, text: str, doc_type: str, source: str) -> None:
    meta = infer_metadata(text, {}, Path(relative))
    assert (meta["doc_type"], meta["doc_type_source"]) == (doc_type, source)


def test_front_matter_doc_type_is_recorded_as_such() -> None:
    meta = infer_metadata("# x\n\n正文。", {"doc_type": "record"}, Path("a.md"))
    assert (meta["doc_type"], meta["doc_type_source"]) == ("record", "front matter")


# --- vocabulary files ----------------------------------------------------------------------


def test_bundled_vocabularies_load_with_longest_suffix_first() -> None:
    zh = get_vocabulary("zh")
    assert zh.unit_suffixes.index("办公室") < zh.unit_suffixes.index("室")
    assert "Section" in get_vocabulary("en").unit_suffixes


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.update(unit_sufixes=["科"]), r"unknown key\(s\) unit_sufixes.*Accepted keys"),
        (lambda d: d.pop("duty_headings"), r"missing key\(s\) duty_headings"),
        (lambda d: d.update(unit_suffixes=["科", 12345]), r"'unit_suffixes' must be a list of non-empty"),
        (lambda d: d.update(title_skip_patterns=["(unclosed"]), "not a regular expression"),
    ],
)
def test_broken_vocabulary_file_is_reported_with_the_key(
    tmp_path: Path, edit: Callable[[dict[str, object]], object], message: str
) -> None:
    source = Path(__file__).parents[2] / "ingest" / "vocabulary" / "departments.zh.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    edit(data)
    path = write(tmp_path / "departments.zh.yaml", yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(IngestError, match=message):
        load_vocabulary(path, "zh")


# --- declarations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- name: 行政审批科\n  alias: [审批科]\n", r"line 2: unknown key 'alias'.*name, aliases, files"),
        ("- name: 行政审批科\n  files: [a.docx\n", r"line \d+: not valid YAML"),
        ("name: 行政审批科\n", r"line 1: expected a list of departments"),
        ("- aliases: [审批科]\n", r"line 1: every department needs exactly one name"),
        ("- 行政审批科\n", r"line 1: expected a department"),
        ("- name: A科\n- name: A科\n", r"line 2: 'A科' is declared again \(first on line 1\)"),
        ("- name: A科\n  files: [../other/a.md]\n", r"must be a path relative to the folder"),
        ("- name: A科\n  aliases: [{x: 1}]\n", r"line 2: 'aliases' must be a text or a list of texts"),
    ],
)
def test_malformed_declarations_name_the_file_the_line_and_the_keys(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path / "departments.yaml", text)
    with pytest.raises(IngestError, match=message) as raised:
        parse_declarations(path)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    ("relative", "listed"),
    [
        ("行政审批科_职责.docx", True),
        ("2025/审批台账.xlsx.md", True),
        ("2025/sub/审批记录.md", True),  # "*" crosses folders
        ("licensing/notes.md", True),  # a folder entry covers what is under it
        ("2025/other.md", False),
        ("licensing-old/notes.md", False),
    ],
)
def test_declared_files_match_paths_folders_and_globs(tmp_path: Path, relative: str, listed: bool) -> None:
    write(
        tmp_path / "departments.yaml",
        "- name: 行政审批科\n  files: [行政审批科_职责.docx, '*/审批*', licensing/]\n",
    )
    declarations = load_declarations(tmp_path)
    assert (declarations.listing(Path(relative)) is not None) == listed


def test_declared_department_wins_and_brings_its_aliases(tmp_path: Path) -> None:
    write(
        tmp_path / "departments.yaml",
        "- name: 行政审批科\n  aliases: [Administrative Licensing Section, 审批科]\n  files: [notes.md]\n"
        "- name: 督查室\n  aliases: [Supervision Office]\n",
    )
    declarations = load_declarations(tmp_path)
    meta = infer_metadata("# 信息中心工作安排\n\n正文。", {}, Path("notes.md"))
    assert meta["department"] == "信息中心"
    declarations.apply(meta, Path("notes.md"))
    assert (meta["department"], meta["department_source"]) == ("行政审批科", "declared")
    assert meta["aliases"] == ["Administrative Licensing Section", "审批科"]
    # A department declared without files still renames what detection found by an alias.
    other = infer_metadata("# Supervision Office: Duties\n\nText.", {}, Path("en.md"))
    declarations.apply(other, Path("en.md"))
    assert (other["department"], other["department_source"]) == ("督查室", "title")
    assert other["aliases"] == ["Supervision Office"]


def test_a_file_listed_under_two_departments_is_an_error_for_that_file(tmp_path: Path) -> None:
    write(tmp_path / "departments.yaml", "- name: A科\n  files: ['*.md']\n- name: B科\n  files: [x.md]\n")
    message = r"x\.md: .* lists this file under 'A科' \(line 1\) and 'B科' \(line 3\)"
    with pytest.raises(IngestError, match=message):
        load_declarations(tmp_path).listing(Path("x.md"))


def test_no_declarations_leave_the_hash_and_the_metadata_alone() -> None:
    meta = {"department": "督查室", "department_source": "title", "aliases": []}
    Declarations().apply(meta, Path("a.md"))
    assert meta == {"department": "督查室", "department_source": "title", "aliases": []}
    assert Declarations().fingerprint("abc") == "abc"
    assert Declarations().fingerprint("abc", override="督查室") != "abc"


def test_draft_declarations_lists_detected_departments_and_parses_back(tmp_path: Path) -> None:
    documents = [
        {
            "source": "audit/2025/督查室_职责.md",
            "department": "督查室",
            "department_source": "file name",
            "aliases": "Supervision Office",
            "mentions_departments": "办公室",
        },
        {
            "source": "audit/2025/督查室_职责.md",
            "department": "督查室",
            "department_source": "file name",
            "aliases": "Supervision Office",
            "mentions_departments": "办公室",
        },  # a second chunk
        {
            "source": "audit/finance.docx",
            "department": "Finance Section",
            "department_source": "title",
            "aliases": ["财务科"],
            "mentions_departments": "",
        },
        {"source": "audit/程序.txt", "department": "", "mentions_departments": "督查室; 信息中心"},
    ]
    text = draft_declarations(documents)
    assert text.startswith("# departments.yaml") and "CORRECT" in text
    path = write(tmp_path / "departments.yaml", text)
    declared = {d.name: d for d in parse_declarations(path).departments}
    assert declared["督查室"].files == ("2025/督查室_职责.md",)
    assert declared["督查室"].aliases == ("Supervision Office",)
    assert declared["Finance Section"].aliases == ("财务科",)
    assert declared["信息中心"].files == ()  # only mentioned: listed without files
    assert "办公室" in declared and "detected by: file name" in text


def test_draft_of_nothing_is_still_a_valid_file(tmp_path: Path) -> None:
    path = write(tmp_path / "departments.yaml", draft_declarations([]))
    assert parse_declarations(path).departments == ()


# --- sync ----------------------------------------------------------------------------------


def test_sync_applies_departments_yaml_and_reingests_when_it_changes(
    tmp_path: Path, hash_embedder: AuditPrepEmbeddings
) -> None:
    folder = tmp_path / "audit"
    write(folder / "notes.md", "# 工作安排\n\n今年重点是档案数字化。\n")
    write(folder / "b.md", "# 信访办公室职责\n\n信访办公室负责来信来访登记。\n")
    data_dir = tmp_path / "data"
    Ingester(data_dir, hash_embedder).sync([folder])
    assert stored(data_dir, hash_embedder)["audit/notes.md"]["department"] == ""

    write(
        folder / "departments.yaml",
        "- name: 档案室\n  files: [notes.md]\n- name: 信访办\n  aliases: [信访办公室]\n",
    )
    report = Ingester(data_dir, hash_embedder).sync([folder])
    assert sorted(report.updated) == ["audit/b.md", "audit/notes.md"]
    meta = stored(data_dir, hash_embedder)
    notes = meta["audit/notes.md"]
    assert (notes["department"], notes["department_source"]) == ("档案室", "declared")
    assert (meta["audit/b.md"]["department"], meta["audit/b.md"]["aliases"]) == ("信访办", "信访办公室")
    assert Ingester(data_dir, hash_embedder).sync([folder]).counts()["unchanged"] == 2
    # Both declared departments are kept for name resolution, 信访办 with its alias.
    assert [(d.name, d.aliases) for d in declared_departments(data_dir)] == [
        ("信访办", ("信访办公室",)),
        ("档案室", ()),
    ]
    (folder / "departments.yaml").unlink()
    Ingester(data_dir, hash_embedder).sync([folder])
    assert declared_departments(data_dir) == []


def test_a_file_listed_twice_fails_alone_in_a_sync(
    tmp_path: Path, hash_embedder: AuditPrepEmbeddings
) -> None:
    folder = tmp_path / "audit"
    write(folder / "x.md", "# 说明\n\n正文。\n")
    write(folder / "y.md", "# 督查室职责\n\n督查室负责督办。\n")
    write(folder / "departments.yaml", "- name: A科\n  files: [x.md]\n- name: B科\n  files: ['x*']\n")
    report = Ingester(tmp_path / "data", hash_embedder).sync([folder])
    assert report.added == ["audit/y.md"]
    assert [(Path(p).name, "A科" in why and "B科" in why) for p, why in report.failed] == [("x.md", True)]


def test_malformed_departments_yaml_stops_the_sync_before_anything_changes(
    tmp_path: Path, hash_embedder: AuditPrepEmbeddings
) -> None:
    folder = tmp_path / "audit"
    write(folder / "a.md", "# 督查室职责\n\n督查室负责督办。\n")
    data_dir = tmp_path / "data"
    Ingester(data_dir, hash_embedder).sync([folder])
    before = stored(data_dir, hash_embedder)
    write(folder / "a.md", "# 督查室职责\n\n督查室负责督办和通报。\n")
    write(folder / "departments.yaml", "- name: 督查室\n  file: [a.md]\n")
    with pytest.raises(IngestError, match=r"departments\.yaml, line 2: unknown key 'file'"):
        Ingester(data_dir, hash_embedder).sync([folder])
    assert stored(data_dir, hash_embedder) == before


def test_department_option_assigns_every_file_and_is_remembered(
    tmp_path: Path, hash_embedder: AuditPrepEmbeddings
) -> None:
    folder = tmp_path / "batch"
    write(folder / "a.md", "# 2025年投诉台账\n\n| 1 | 已办结 |\n")
    write(folder / "sub" / "b.txt", "Notes on the complaints register.\n")
    data_dir = tmp_path / "data"
    Ingester(data_dir, hash_embedder).sync([folder], department="信访办")
    meta = stored(data_dir, hash_embedder)
    assert {(m["department"], m["department_source"]) for m in meta.values()} == {("信访办", "declared")}
    # The ledger stays a record; the untyped note becomes the department's document.
    assert (meta["batch/a.md"]["doc_type"], meta["batch/sub/b.txt"]["doc_type"]) == ("record", "department")
    assert meta["batch/sub/b.txt"]["doc_type_source"] == "declared"
    # A later sync without the option keeps it; an empty one forgets it.
    assert Ingester(data_dir, hash_embedder).sync([folder]).counts()["unchanged"] == 2
    Ingester(data_dir, hash_embedder).sync([folder], department="")
    assert {m["department"] for m in stored(data_dir, hash_embedder).values()} == {""}


# --- end to end: a flat folder without front matter ---------------------------------------


def make_finance_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Riverside Ecology Bureau: Finance and Asset Section", level=0)
    document.add_paragraph("Prepared for the 2026 internal audit.")
    document.add_heading("Duties", level=1)
    document.add_paragraph("The section prepares the annual budget and keeps the asset register.")
    document.add_heading("Staff", level=1)
    document.add_paragraph("A head of section and three accountants.")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_flat_folder_without_front_matter_gets_departments_titles_and_provenance(
    tmp_path: Path, hash_embedder: AuditPrepEmbeddings
) -> None:
    folder = tmp_path / "audit-2026"
    write(
        folder / "情况说明.md",
        "# 2026年工作情况说明\n\n【职能】督查室是本局负责重大事项督办的机构，承担领导批示件的跟踪落实。\n\n"
        "【人员】主任一名，科员两名。\n",
    )
    make_finance_docx(folder / "report-a.docx")
    write(
        folder / "xuke.txt",
        "临江市生态环境局\n\n行政许可办理程序\n\n一、目的\n规范行政许可的受理、审查和决定。\n"
        "二、职责\n行政审批科负责受理和审查；政策法规科负责合法性审核。\n",
        encoding="gbk",
    )
    write(folder / "法规股_说明.txt", "本股负责规范性文件的合法性审查和备案，每年清理一次。\n")

    data_dir = tmp_path / "data"
    report = Ingester(data_dir, hash_embedder).sync([folder])
    assert report.failed == [] and len(report.added) == 4
    meta = stored(data_dir, hash_embedder)

    duties = meta["audit-2026/情况说明.md"]
    assert (duties["department"], duties["department_source"]) == ("督查室", "duties section")
    assert (duties["doc_type"], duties["doc_type_source"]) == ("department", "content")
    finance = meta["audit-2026/report-a.docx"]
    assert (finance["department"], finance["department_source"]) == ("Finance and Asset Section", "title")
    assert finance["language"] == "en" and finance["doc_type"] == "department"
    by_name = meta["audit-2026/法规股_说明.txt"]
    assert (by_name["department"], by_name["department_source"]) == ("法规股", "file name")
    procedure = meta["audit-2026/xuke.txt"]
    assert procedure["title"] == "行政许可办理程序"
    assert (procedure["doc_type"], procedure["doc_type_source"]) == ("system", "title")
    assert procedure["department"] == ""
    assert procedure["mentions_departments"] == "行政审批科; 政策法规科"

    rows = catalog_documents(
        c.metadata
        for c in ChromaStore.open(data_dir, None, hash_embedder.name, hash_embedder.dimension).iter_all()
    )
    assert [r.source for r in rows] == sorted(meta)
    assert {r.department for r in rows} == {"督查室", "Finance and Asset Section", "法规股", ""}
    assert [r.source for r in mentioning_without_assignment(rows)] == ["audit-2026/xuke.txt"]
    assert all(r.chunks >= 1 for r in rows)

    draft = write(folder / "departments.yaml", draft_declarations(meta.values()))
    names = {d.name for d in parse_declarations(draft).departments}
    assert names >= {"督查室", "Finance and Asset Section", "法规股"}


def test_load_file_of_a_plain_text_procedure_keeps_its_heading_as_title(tmp_path: Path) -> None:
    text = "临江市生态环境局\n\n排污许可证核发办法\n\n第一条 为规范核发……\n"
    path = write(tmp_path / "p.txt", text, encoding="gbk")
    meta = load_file(path, tmp_path).metadata
    assert meta["title"] == "排污许可证核发办法"
    assert meta["doc_type"] == "system"


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("2026年度质量目标", "system"),
        ("行政审批科质量目标分解表", "system"),
        ("Quality objectives for 2026", "system"),
        ("Performance indicators of the Finance Section", "system"),
        ("质量目标的制定方法指南", "guidance"),  # a guide about objectives stays guidance
        ("2026年工作会议纪要", "record"),
    ],
)
def test_quality_objectives_are_system_documents(title: str, doc_type: str) -> None:
    from ingest.metadata.doctypes import doc_type_from_title

    assert doc_type_from_title(title, "") == doc_type


@pytest.mark.parametrize(
    ("line", "noise"),
    [
        ("Yangchuan County Bureau of Culture and Tourism", True),
        ("Riverside Municipal Commission of Health", True),
        ("Linjiang Ecology Bureau", True),
        ("临江市生态环境局", True),
        ("Bureau of Culture and Tourism: Annual Report 2025", False),
        ("Visitor Services and Tourism Quality Office: Work Profile 2026", False),
        ("Commission of Inquiry into Delays in Permits and the Appeals Process", False),
        ("Office of the Bureau", False),
        # document-control labels, attachment and page marks
        ("编号：QP-07", True),
        ("附件2", True),
        ("第3页", True),
        ("2026-03-12", True),
        ("Version: 2.0", True),
        ("Annex 1", True),
        ("Page 2 of 5", True),
        ("Date: 12 March 2026", True),
        ("Finance Section: Duties", False),
        ("Status report on complaints", False),
        ("附件：各科室职责", False),
    ],
)
def test_an_agency_name_alone_is_no_title(line: str, noise: bool) -> None:
    from ingest.metadata.doctypes import is_title_noise

    assert is_title_noise(line) is noise
