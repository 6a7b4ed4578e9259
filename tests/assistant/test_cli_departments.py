"""Departments in a real folder from the command line: found from content with how, declared
by a file or a flag, listed with the documents that only mention them (issue 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from typer.testing import CliRunner, Result

from assistant.cli.app import app
from assistant.config import get_settings


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("AUDITPREP_EMBEDDER", "hash")
    monkeypatch.setenv("AUDITPREP_DATA_DIR", str(tmp_path / "index"))
    get_settings.cache_clear()
    return CliRunner()


def invoke(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def flat_folder(tmp_path: Path) -> Path:
    """Five files of three departments, no front matter, no folders by type."""
    folder = tmp_path / "agency-docs"
    folder.mkdir()
    (folder / "社保科工作职责.md").write_text(
        "# 社会保险科工作职责\n\n## 主要职责\n\n负责养老保险待遇核定，办理时限为十个工作日。\n",
        encoding="utf-8",
    )
    doc = DocxDocument()
    doc.add_heading("Riverside Labour Bureau: Finance and Asset Section", level=1)
    doc.add_heading("Duties", level=2)
    doc.add_paragraph("The section keeps the accounts and signs off purchases above 50,000 yuan.")
    doc.save(str(folder / "finance.docx"))
    (folder / "档案室.md").write_text(
        "# 档案室\n\n## 职责\n\n档案室负责全局文书档案的收集、整理和借阅，借阅期限不超过7天。\n",
        encoding="utf-8",
    )
    (folder / "内审报告2025.md").write_text(
        "# 2025年内部审核报告\n\n## 审核发现\n\n不符合项NC-2025-01：社会保险科未按时限办结3件。\n",
        encoding="utf-8",
    )
    return folder


def test_a_flat_folder_lists_every_department_with_how_it_was_found(
    runner: CliRunner, flat_folder: Path
) -> None:
    assert invoke(runner, "ingest", str(flat_folder)).exit_code == 0
    rows = {r["department"]: r for r in json.loads(invoke(runner, "departments", "--json").stdout)}
    assert set(rows) == {"社会保险科", "Finance and Asset Section", "档案室"}
    assert all(r["found_by"] for r in rows.values())
    listing = invoke(runner, "departments").stdout
    assert "found by" in listing and "内审报告2025.md" in listing  # a record that only mentions one
    documents = json.loads(invoke(runner, "documents", "--json").stdout)
    report = next(d for d in documents if d["source"].endswith("内审报告2025.md"))
    assert report["department"] == "" and "社会保险科" in report["mentions"]


def test_an_empty_result_says_how_departments_are_found_and_declared(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text("# 会议记录\n\n讨论了年度工作安排。\n", encoding="utf-8")
    invoke(runner, "ingest", str(folder))
    result = invoke(runner, "departments")
    assert result.exit_code == 0
    assert "departments.yaml" in result.stderr and "--department" in result.stderr


def test_init_drafts_a_file_that_declares_what_was_missed(runner: CliRunner, flat_folder: Path) -> None:
    invoke(runner, "ingest", str(flat_folder))
    draft = invoke(runner, "departments", "--init", str(flat_folder))
    assert draft.exit_code == 0 and "CHECK AND CORRECT" in draft.stdout
    # The user corrects the draft: the archive room is really the records office.
    (flat_folder / "departments.yaml").write_text(
        "- name: 档案科\n  aliases: [Records Office, 档案室]\n  files: [档案室.md]\n",
        encoding="utf-8",
    )
    assert invoke(runner, "ingest", str(flat_folder)).exit_code == 0
    rows = {r["department"]: r for r in json.loads(invoke(runner, "departments", "--json").stdout)}
    assert "档案科" in rows and "档案室" not in rows
    assert "declared" in rows["档案科"]["found_by"]
    assert invoke(runner, "search", "借阅期限", "--department", "Records Office").exit_code == 0


def test_department_flag_assigns_a_whole_folder(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "misc"
    folder.mkdir()
    (folder / "note.md").write_text("# 工作安排\n\n每月5日前报送统计报表。\n", encoding="utf-8")
    assert invoke(runner, "ingest", str(folder), "--department", "统计科").exit_code == 0
    rows = json.loads(invoke(runner, "departments", "--json").stdout)
    assert [(r["department"], r["found_by"]) for r in rows] == [("统计科", ["declared"])]


def test_a_department_only_the_records_name_is_listed_and_briefed_from_them(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "forestry"
    folder.mkdir()
    (folder / "办公室工作职责.txt").write_text(
        "办公室工作职责\n\n一、主要职责\n办公室负责公文处理和档案管理。收文后1个工作日内完成登记。\n",
        encoding="utf-8",
    )
    (folder / "2025年内部审核报告.txt").write_text(
        "青岚县林业局2025年度内部审核报告\n\n二、审核发现\n"
        "不符合项NC-2025-01：野生动物保护科抽查12份许可案卷，其中3份超过承诺时限。整改措施有效性尚待验证。\n"
        "观察项OBS-2025-02：办公室归档不及时。\n",
        encoding="utf-8",
    )
    # A ledger kept as text, its columns in tabs: each row is a complaint about its unit.
    (folder / "投诉登记台账.txt").write_text(
        "2025年投诉登记台账\n编号\t承办部门\t事由\nTS-01\t野生动物保护科\t许可办理超时\nTS-02\t办公室\t信息公开延迟\n"
        "TS-03\t野生动物保护科\t收费不透明\n",
        encoding="gbk",
    )
    assert invoke(runner, "ingest", str(folder)).exit_code == 0
    rows = {r["department"]: r for r in json.loads(invoke(runner, "departments", "--json").stdout)}
    assert rows["野生动物保护科"]["found_by"] == ["records"]
    assert rows["野生动物保护科"]["documents"] == 0
    brief = invoke(runner, "brief", "野生动物保护科").stdout
    assert "没有本部门自己的文件" in brief
    assert "NC-2025-01" in brief and "待验证" in brief
    assert "TS-01" in brief and "TS-03" in brief and "TS-02" not in brief


@pytest.mark.parametrize(
    ("name", "department"),
    [
        ("野生动物保护科", True), ("资源股", True), ("局办公室", True), ("信访办", True),
        ("林业综合执法大队", True), ("数据中心", True), ("Project Office", True), ("Finance Section", True),
        ("乡镇林业站", False), ("林业科学研究所", False), ("县财政局", False),
        ("Township Forestry Station", False),
    ],
)
def test_only_a_department_kind_of_unit_is_listed_from_the_records(name: str, department: bool) -> None:
    from assistant.retrieval.hybrid import _is_department_kind

    assert _is_department_kind(name) is department


@pytest.mark.parametrize(
    ("text", "recorded"),
    [
        ("编号: TS-01; 承办部门: 野生动物保护科; 事由: 超时。", True),
        ("编号: NC-2024-02; 受审核部门: 野生动物保护科; 状态: 已关闭。", True),
        ("Ref: NC-2025-07; Responsible section: 野生动物保护科; Status: Open.", True),
        ("不符合项NC-2025-01：野生动物保护科抽查12份案卷。", True),
        ("NC-2024-02 野生动物保护科\n抽查记录缺失。", True),
        ("群众反映出野生动物保护科态度不好。", False),  # running text
        ("编号: TS-02; 被投诉单位: 野生动物保护科; 事由: 收费。", False),  # "单位": anyone's column
        ("编号: TS-03; 承办部门: 野生动物保护科协办; 事由: 收费。", False),  # not the whole cell
    ],
)
def test_the_records_hold_a_unit_to_account_only_in_a_unit_column_or_after_a_finding_code(
    text: str, recorded: bool
) -> None:
    from assistant.retrieval.hybrid import _recorded_as_unit

    assert _recorded_as_unit("野生动物保护科", [text]) is recorded
