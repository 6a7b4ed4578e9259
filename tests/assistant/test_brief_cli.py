"""``auditprep brief``: the JSON contract, the output formats (Markdown, DOCX, JSON), the
language option, and exit codes (1 for an unknown department, with the listing; 2 for misuse)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from typer.testing import CliRunner, Result

from assistant.cli.app import app
from assistant.retrieval.hybrid import HybridRetriever
from tests.assistant.planner_support import OTHER_AGENCY, hash_index

CITATION_KEYS = {"doc_id", "chunk_id", "title", "quote"}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    return hash_index(OTHER_AGENCY, tmp_path_factory.mktemp("cli-other-hash"))


@pytest.fixture
def runner(index: HybridRetriever, settings_for: Any) -> CliRunner:
    assert index.data_dir is not None
    settings_for(index.data_dir, "hash")
    return CliRunner()


def invoke(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args), catch_exceptions=False)


def _quotes_are_verbatim(payload: Any, index: HybridRetriever) -> int:
    """Check every citation dict inside ``payload``; return how many were checked."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.keys() >= CITATION_KEYS:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload)
    chunks = {c.chunk_id: c.text for c in index.store.get(sorted({c["chunk_id"] for c in found}))}
    for citation in found:
        assert citation["quote"] in chunks[citation["chunk_id"]]
    return len(found)


def test_json_brief_follows_the_contract(runner: CliRunner, index: HybridRetriever) -> None:
    result = invoke(runner, "brief", "社会保险经办股", "--json")
    assert result.exit_code == 0, result.stderr
    brief = json.loads(result.stdout)  # stdout holds one JSON document and nothing else
    assert {"department", "language", "profile", "questions", "sampling", "opening", "risks"} <= brief.keys()
    assert brief["department"] == "社会保险经办股" and brief["language"] == "zh"
    assert brief["profile"]["facts"] and all(f["citations"] for f in brief["profile"]["facts"])
    for question in brief["questions"]:
        assert {"text", "purpose", "evidence", "element", "clause", "pdca", "citations"} <= question.keys()
        assert question["citations"]
    for item in brief["sampling"]:
        assert {"item", "reasons", "sample_size", "method", "pdca", "citations"} <= item.keys()
        assert item["citations"]
    assert {"agenda", "script", "citations"} <= brief["opening"].keys()
    assert isinstance(brief["opening"]["agenda"], list) and brief["opening"]["script"]
    assert _quotes_are_verbatim(brief, index) > 50


def test_lang_option_switches_the_brief_to_english(runner: CliRunner) -> None:
    result = invoke(runner, "brief", "社会保险经办股", "--lang", "en", "--json")
    brief = json.loads(result.stdout)
    assert brief["language"] == "en"
    assert brief["questions"][0]["text"].startswith("Could you start")


def test_unknown_department_exits_1_and_lists_departments(runner: CliRunner) -> None:
    result = invoke(runner, "brief", "宣传科", "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "综合股" in result.stderr and "Employment Services Division" in result.stderr


def test_department_with_agency_prefix_is_found(runner: CliRunner) -> None:
    result = invoke(runner, "brief", "青石县人力资源和社会保障局综合股", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["department"] == "综合股"


def test_markdown_output_has_every_section(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    result = invoke(runner, "brief", "劳动保障监察大队", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    for heading in (
        "# 审核准备简报",
        "## 部门概况",
        "## 风险与审核陷阱",
        "## 首次会议",
        "### 议程",
        "### 组长开场白",
        "## 面谈问题",
        "### 先问这些",
        "## 抽样重点",
        "## 引用来源",
    ):
        assert heading in text, heading
    assert "2025-NC-07" in text and "| 1 |" in text


def test_docx_output_opens_with_questions_notes_space_and_a_sampling_table(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "brief.docx"
    result = invoke(runner, "brief", "Employment Services Division", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    document = Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Interview questions" in text and "Lead auditor's script" in text
    assert text.count("Notes:") >= 10 and "_" * 40 in text
    assert document.tables
    table = document.tables[0]
    assert table.rows[0].cells[1].text == "What to sample" and len(table.rows) > 3


def test_json_output_file_matches_stdout_json(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "brief.json"
    invoke(runner, "brief", "人才交流中心", "--output", str(target))
    printed = json.loads(invoke(runner, "brief", "人才交流中心", "--json").stdout)
    assert json.loads(target.read_text(encoding="utf-8")) == printed


def test_terminal_output_shows_the_brief(runner: CliRunner) -> None:
    result = invoke(runner, "brief", "综合股")
    assert result.exit_code == 0, result.stderr
    assert "面谈问题" in result.stdout and "2025-OB-01" in result.stdout


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_checklist_option_writes_the_checklist(runner: CliRunner, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"checklist{suffix}"
    result = invoke(runner, "brief", "社会保险经办股", "--json", "--checklist", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.exists() and target.stat().st_size > 0
    assert f"Wrote {target}" in result.stderr and json.loads(result.stdout)["citation_support"]["checked"] > 0


def test_json_reports_citation_support_and_related_findings(runner: CliRunner) -> None:
    brief = json.loads(invoke(runner, "brief", "综合股", "--json").stdout)
    support = brief["citation_support"]
    assert support["checked"] >= support["passed"] > 0 and 0.0 < support["share"] <= 1.0
    assert isinstance(brief["related_findings"], list) and brief["summary"]


@pytest.mark.parametrize(
    "args", [["--lang", "fr"], ["--output", "brief.pdf"], ["--checklist", "checklist.csv"]]
)
def test_misuse_exits_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, ["brief", "综合股", *args])
    assert result.exit_code == 2


def test_piped_output_is_the_markdown_file_unwrapped(runner: CliRunner, tmp_path: Path) -> None:
    # Redirected to a file, the brief must not carry the terminal's line breaks, which fell
    # inside figures ("1\n0个工作日").
    target = tmp_path / "brief.md"
    invoke(runner, "brief", "综合股", "--output", str(target))
    printed = invoke(runner, "brief", "综合股").stdout
    assert printed == target.read_text(encoding="utf-8")
