"""Findings kept in a table of the agency's audit report, as real folders hold them: a DOCX
table whose rows the reader writes "编号: …; 受审核部门: …; …". Each row is one finding of the
department its column names, with its status, and a repeat only where the row says so."""

from __future__ import annotations

import pytest
from docx import Document as DocxDocument

from assistant.facts.agency_records import agency_facts
from assistant.facts.findings import status_of_one
from assistant.facts.profile import build_profile
from assistant.facts.recognizers import keyed_row
from assistant.retrieval.hybrid import HybridRetriever
from ingest.embedders import HashEmbeddings
from tests.assistant.chat_support import build_index

ROWS = (
    ("编号", "受审核部门", "不符合事实", "状态"),
    ("2026-NC-01", "供水管理科", "抽查取水许可案卷20件，其中4件超过20个工作日办结。", "已整改，有效性待验证"),
    ("2026-NC-02", "供水管理科", "回访记录缺失6份，与2025-NC-03属同类问题，重复发生。", "未关闭"),
    ("2026-NC-03", "综合科", "收文登记簿有3件未登记办理结果。", "已关闭"),
)


@pytest.fixture(scope="module")
def water_bureau(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    folder = tmp_path_factory.mktemp("water-bureau")
    report = DocxDocument()
    report.add_heading("某市水务局2026年度内部审核报告", level=1)
    report.add_heading("二、不符合项", level=2)
    table = report.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for row, values in zip(table.rows, ROWS, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    report.save(str(folder / "内审报告.docx"))
    (folder / "供水管理科职责.md").write_text(
        "# 供水管理科职责\n\n## 主要职责\n\n供水管理科负责取水许可审批，法定办理时限为20个工作日。\n",
        encoding="utf-8",
    )
    (folder / "综合科职责.md").write_text(
        "# 综合科职责\n\n## 主要职责\n\n综合科负责公文收发和档案管理。\n", encoding="utf-8"
    )
    return build_index(folder, tmp_path_factory.mktemp("water-index"), HashEmbeddings())


def _findings(retriever: HybridRetriever, department: str) -> dict[str, tuple[str, bool]]:
    profile = build_profile(retriever, department, "zh")
    return {f.finding_id: (f.status, f.repeated) for f in profile.facts if f.kind == "finding"}


def test_each_row_is_a_finding_of_the_department_its_column_names(water_bureau: HybridRetriever) -> None:
    assert _findings(water_bureau, "供水管理科") == {
        "2026-NC-01": ("corrected_unverified", False),
        "2026-NC-02": ("open", True),  # the earlier 2025-NC-03 it repeats is no finding of its own
    }
    assert _findings(water_bureau, "综合科") == {"2026-NC-03": ("closed", False)}


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("编号: 2026-NC-01; 受审核部门: 供水管理科; 状态: 未关闭。", ("2026-NC-01", "供水管理科", "未关闭")),
        ("事项：就业补贴审核；件数：1,856件", ("就业补贴审核", "1,856件")),
        ("Item: licence renewals; Cases: 412.", ("licence renewals", "412")),
        (  # a cell's own "；" stays in the cell when the reader joined cells with "; "
            "编号: NC-03; 部门: 审批股; 事实: 未见分析；汇总表填报为“达标”。; 状态: 未关闭。",
            ("NC-03", "审批股", "未见分析；汇总表填报为“达标”。", "未关闭"),
        ),
        ("根据《办理程序》第3条：应当在5日内办结；逾期的须说明理由。", None),  # one label only
        (  # a cell's own "; " in English, with no label after it, stays in the cell
            "No.: NC1; Finding: Sheets missing (May 2025); figures not traced.; Status: Open.",
            ("NC1", "Sheets missing (May 2025); figures not traced.", "Open"),
        ),
        ("Note: see below; the rest was fine", None),  # one label and a continuation
        ("we checked; Status: open", None),  # no label before the first "; "
        ("时间：2025年3月", None),  # a single pair is a sentence, not a row
        ("负责全局公文处理，做好收发登记；按月统计。", None),
    ],
)
def test_keyed_rows_are_read_as_rows_and_sentences_are_not(line: str, cells: tuple[str, ...] | None) -> None:
    found = keyed_row(line)
    assert (found[1] if found else None) == cells


def test_the_row_reader_and_the_facts_stage_agree_on_the_form() -> None:
    # What the DOCX/PDF/XLSX readers write for a table is what keyed_row reads back.
    from ingest.formats.tables import render_table

    lines = [line for line in render_table([list(r) for r in ROWS], header_hint=True) if line.strip()]
    rows = [keyed_row(line) for line in lines]
    assert [r[1][0] for r in rows if r] == ["2026-NC-01", "2026-NC-02", "2026-NC-03"]
    assert all(r[0] == ROWS[0] for r in rows if r)


@pytest.mark.parametrize(
    ("about", "related"),
    [("办公室", False), ("General Office", False), ("行政审批科", True), ("", False)],
)
def test_a_finding_of_another_department_is_marked_related_in_the_profile(about: str, related: bool) -> None:
    from assistant.facts.fact import Fact
    from assistant.facts.profile import DepartmentProfile
    from assistant.retrieval.citations import Citation

    quote = "NC-2025-10：文件版本未及时更新。"
    citation = Citation("d", "c", "内审报告", quote)
    finding = Fact("finding", quote, citation, finding_id="NC-2025-10", about=about)
    profile = DepartmentProfile("办公室", ("General Office",), "zh", ("zh",), [], [finding])
    (shown,) = [f for f in profile.to_dict()["facts"] if f["kind"] == "finding"]
    assert shown["related"] is related


def test_a_record_titled_with_the_department_gives_it_the_rows_of_its_tables(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = tmp_path_factory.mktemp("titled-record")
    (folder / "finance_section.md").write_text(
        "# Finance Section: Remit\n\n## What we do\n\nThe Finance Section pays grants in ten working days.\n",
        encoding="utf-8",
    )
    (folder / "general_office.md").write_text(
        "# General Office: Remit\n\n## What we do\n\nThe General Office files the bureau's letters.\n",
        encoding="utf-8",
    )
    record = (
        "# Internal Audit Record: Finance Section\n\n## Findings\n\n"
        "| No. | Clause | Finding | Status |\n| --- | --- | --- | --- |\n"
        "| FIN-2025-NC1 | 7.5.3 | Receipts missing for two grants (May 2025); totals not traced. | Open |\n"
        "| FIN-2025-NC2 | 8.5.1 | The quarterly report was late. | Closed |\n"
    )
    (folder / "finance_audit_record.md").write_text(record, encoding="utf-8")
    retriever = build_index(folder, tmp_path_factory.mktemp("titled-index"), HashEmbeddings())
    profile = build_profile(retriever, "Finance Section", "en")
    findings = {f.finding_id: f.status for f in profile.facts if f.kind == "finding"}
    assert findings == {"FIN-2025-NC1": "open", "FIN-2025-NC2": "closed"}
    assert not any(f.kind == "finding" for f in build_profile(retriever, "General Office", "en").facts)


def test_a_findings_table_gives_each_row_the_id_in_its_id_column_whatever_its_shape(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # IDs no vocabulary pattern knows ("FS/26/7", "Q-7b"): the table's ID column says they are
    # the rows' own, and a later follow-up record that names one is linked to it.
    folder = tmp_path_factory.mktemp("odd-ids")
    (folder / "资金科职责.md").write_text(
        "# 资金科职责\n\n## 主要职责\n\n资金科负责专项资金拨付，办理时限为10个工作日。\n", encoding="utf-8"
    )
    (folder / "综合科职责.md").write_text(
        "# 综合科职责\n\n## 主要职责\n\n综合科负责公文收发。\n", encoding="utf-8"
    )
    (folder / "内审报告.md").write_text(
        "# 某局2026年度内部审核报告\n\n## 三、不符合项\n\n"
        "| 问题编号 | 责任部门 | 不符合事实 | 整改情况 |\n| --- | --- | --- | --- |\n"
        "| FS/26/7 | 资金科 | 抽查拨付凭证15份，2份缺少复核签字。 | 未关闭 |\n"
        "| Q-7b | 综合科 | 收文登记缺少办理结果3件。 | 已关闭 |\n"
        "| 3 | 资金科 | 一份台账未编页码。 | 已关闭 |\n",
        encoding="utf-8",
    )
    (folder / "跟踪记录.md").write_text(
        "# 2026年不符合项跟踪验证记录\n\n## 验证情况\n\n"
        "2026年12月1日复查FS/26/7，补签已完成，经验证有效，予以关闭。\n",
        encoding="utf-8",
    )
    retriever = build_index(folder, tmp_path_factory.mktemp("odd-ids-index"), HashEmbeddings())
    # The follow-up's "closed" does not outweigh the report's "未关闭" (merge_status).
    assert _findings(retriever, "资金科") == {"FS/26/7": ("open", False)}  # "3" is a row number
    assert _findings(retriever, "综合科") == {"Q-7b": ("closed", False)}
    facts = agency_facts(retriever, ["资金科"], set())
    follow_ups = [f for f in facts if f.finding_id == "FS/26/7" and "复查" in f.text]
    assert [f.status for f in follow_ups] == ["closed"]


MINUTES_NOTE = "截至会前已关闭1项（N2026-04），N2026-01已完成纠正、待验证，其余3项正在整改。"


@pytest.mark.parametrize(
    ("text", "finding_id", "named", "status"),
    [
        # A note on several findings gives each the status of its own clause.
        (MINUTES_NOTE, "N2026-04", 2, "closed"),
        (MINUTES_NOTE, "N2026-01", 2, "corrected_unverified"),
        ("NC-2025-01、NC-2025-02均已验证关闭。", "NC-2025-02", 2, "closed"),
        ("NC-2025-01已关闭；NC-2025-02正在整改。", "NC-2025-02", 2, "open"),
        ("NC-2025-01已关闭；NC-2025-02正在整改。", "NC-2025-01", 2, "closed"),
        # A note on one finding is read whole: its status may sit in the next clause.
        ("NC-2025-03已整改，有效性尚未验证。", "NC-2025-03", 1, "corrected_unverified"),
    ],
)
def test_a_follow_up_note_on_several_findings_gives_each_its_own_status(
    text: str, finding_id: str, named: int, status: str
) -> None:
    assert status_of_one(text, finding_id, named) == status


@pytest.mark.parametrize(
    ("procedure", "taken"),
    [
        # A procedure for this section alone: its limits are the section's criteria.
        (
            "This procedure applies to the Fund Supervision Section.\n"
            "A case is closed within 90 days of being opened.\n"
            "Findings are sent to the provider within 5 working days.",
            [
                "A case is closed within 90 days of being opened.",
                "Findings are sent to the provider within 5 working days.",
            ],
        ),
        # A procedure shared with another section gives no unnamed limits.
        (
            "This procedure applies to the Fund Supervision Section and the Benefits Section.\n"
            "A case is closed within 90 days of being opened.",
            [],
        ),
    ],
)
def test_a_procedure_governing_the_department_alone_gives_its_time_limits(
    procedure: str, taken: list[str]
) -> None:
    from assistant.facts.agency_records import _sole_procedure_limits
    from assistant.facts.fact import make_fact
    from assistant.retrieval.hybrid import Hit

    hit = Hit("c1", "proc", "Inspection Procedure", "proc.docx", "", "system", "en", "", procedure, 0.0)
    opening = procedure.splitlines()[0]
    governing = {"proc": (2, make_fact("procedure", hit, opening, opening, "agency", ""))}
    found = _sole_procedure_limits([hit], governing, ["Benefits Section"], set())
    assert [f.text for f in found] == taken


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("不符合项NC-2025-01：野生动物保护科抽查12份许可案卷，3份超时。", True),  # after its label
        ("Finding 3: the Wildlife Section kept no log of late replies.", True),
        ("野生动物保护科：抽查12份案卷。", True),
        ("审核组抽查了办公室转来的、由野生动物保护科会签的12份案卷。", False),  # named in passing
        ("不符合项NC-2025-02：办公室档案登记不全，野生动物保护科已知悉。", False),  # another's finding
        # The subject of a duty, whoever receives the work after it:
        ("（三）自7月1日起改为全程网办，野生动物保护科负责修订程序文件，报办公室受控。", True),
        ("办公室负责汇总各科室上报的材料，并转交野生动物保护科存档。", False),
    ],
)
def test_a_label_before_a_passage_does_not_hide_its_subject(text: str, about: bool) -> None:
    from assistant.facts.agency_records import mentions

    names = ["野生动物保护科", "Wildlife Section"]
    assert mentions(text, names, ["办公室", "General Office"]) is about


@pytest.mark.parametrize(
    ("title", "titled"),
    [
        ("2025年环境信访投诉台账", True),  # the office's work is the register's subject
        ("环境信访投诉办公室2025年台账", True),
        ("2025年行政许可办理台账", False),  # another department's work
        ("2025年信访台账", False),  # a shorter subject: many records hold it
        ("环境信访投诉与行政许可联合台账", False),  # two departments' work
    ],
)
def test_a_register_titled_with_the_departments_work_is_its_register(title: str, titled: bool) -> None:
    from assistant.facts.agency_records import subject_titled

    names, others = ["环境信访投诉办公室"], ["行政许可科", "办公室"]
    assert subject_titled(title, names, others) is titled
