"""The renderers of the brief: the checklist (XLSX and DOCX) and the other-language measure."""

from __future__ import annotations

import dataclasses
from itertools import pairwise
from pathlib import Path

import pytest

from assistant.facts.fact import make_fact
from assistant.planner.audit_model import load_audit_model
from assistant.planner.brief import AuditBrief
from assistant.planner.planning import plan_audit
from assistant.planner.summary import ProfileLine
from assistant.render.brief import _fact_status, _fact_text, _Labels, render_markdown
from assistant.render.checklist import checklist_rows, render_checklist
from assistant.render.language import other_language_share
from assistant.retrieval.hybrid import Hit
from tests.assistant.planner_support import OTHER_AGENCY, hash_index

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], AuditBrief]:
    retriever = hash_index(OTHER_AGENCY, tmp_path_factory.mktemp("render-index"))
    return {
        (d, lang): plan_audit(retriever, d, lang)
        for d in ("社会保险经办股", "Employment Services Division")
        for lang in ("zh", "en")
    }


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("# 审核准备简报：办公室\n\n请调取台账。", "zh", 0.0),
        ("# 审核准备简报：办公室\n\n材料写明“within 20 working days”。", "zh", 0.0),  # quoted
        ("# 审核准备简报\n\nPlease fetch the ledger.", "zh", 20 / 26),
        ("# Brief\n\nThe OA system and NC-2025-03 (original: “收文当日登记”).", "en", 0.0),
        ("# Brief\n\nHead: 林晓岚科长", "en", 5 / 14),
        ("# Brief\n\n## Sources\n\n1. 办公室职责", "en", 0.0),  # the Sources list quotes verbatim
    ],
)
def test_other_language_share_counts_only_text_outside_quotes(
    text: str, language: str, expected: float
) -> None:
    assert other_language_share(text, language) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("key", [("社会保险经办股", "en"), ("Employment Services Division", "zh")])
def test_a_brief_in_the_other_language_keeps_the_other_script_inside_quotes(
    briefs: dict[tuple[str, str], AuditBrief], key: tuple[str, str]
) -> None:
    brief = briefs[key]
    assert other_language_share(render_markdown(brief), brief.language) < 0.02


def test_checklist_has_one_row_per_question_and_sampling_item(
    briefs: dict[tuple[str, str], AuditBrief],
) -> None:
    brief = briefs["社会保险经办股", "zh"]
    rows = checklist_rows(brief)
    assert len(rows) == len(brief.questions) + len(brief.sampling)
    assert all(row.criterion.startswith("GB/T 19001") for row in rows)
    assert all("□符合" in row.verdict for row in rows)
    verification = [r for r in rows if "有效性验证" in r.question]
    assert verification, "an open finding's verification is on the checklist"


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_checklist_writes_a_file_that_reads_back(
    briefs: dict[tuple[str, str], AuditBrief], tmp_path: Path, suffix: str
) -> None:
    brief = briefs["Employment Services Division", "en"]
    path = render_checklist(brief, tmp_path / f"checklist{suffix}")
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[1][0] == "#" and "Conforming" in str(rows[1][5])
        assert len(rows) == 2 + len(checklist_rows(brief))
    else:
        from docx import Document

        table = Document(str(path)).tables[0]
        assert len(table.rows) == 1 + len(checklist_rows(brief))
        assert table.rows[0].cells[2].text == "Question"


def test_checklist_refuses_another_format(briefs: dict[tuple[str, str], AuditBrief], tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.xlsx or \.docx"):
        render_checklist(briefs["社会保险经办股", "zh"], tmp_path / "checklist.csv")


def test_section_heading_names_its_elements_clause(briefs: dict[tuple[str, str], AuditBrief]) -> None:
    from assistant.planner.audit_model import load_audit_model

    model = load_audit_model()
    text = render_markdown(briefs["社会保险经办股", "zh"])
    for element in model.elements:
        name = element.name["zh"]
        for line in text.splitlines():
            if line.startswith(f"### {name} ("):
                assert f"条款 {element.clause} · {element.pdca}" in line


@pytest.mark.parametrize(
    ("text", "status", "language", "shown"),
    [
        ("NC-2025-10：旧版申请表仍在使用。", "open", "zh", " (未关闭)"),
        ("NC-2025-10：旧版申请表仍在使用，未关闭。", "open", "zh", ""),
        ("NC-2025-03 has been corrected; status not stated in the report.", "unknown", "en", ""),
        ("NC-2025-03 remains open.", "open", "en", ""),
        ("NC-2025-03: the reopened ledger lacked dates.", "open", "en", " (open)"),
        ("NC-2025-04 was closed in March.", "closed", "en", ""),
        ("NC-2026-01：督办台账缺延期审批记录；状态：已纠正，待验证", "corrected_unverified", "zh", ""),
    ],
)
def test_a_finding_status_the_passage_states_is_not_repeated(
    text: str, status: str, language: str, shown: str
) -> None:
    line = ProfileLine(kind="finding", text=text, sources=[], status=status)
    assert _fact_status(line, _Labels(load_audit_model(), language)) == shown


@pytest.mark.parametrize(
    ("text", "label", "shown"),
    [
        ("收文当日登记。", "公文处理办法", "《公文处理办法》 收文当日登记。"),
        (
            "按《公文处理办法》（LJSJ/CX-01）当日登记。",
            "公文处理办法",
            "按《公文处理办法》（LJSJ/CX-01）当日登记。",
        ),
        ("形成签到表和会议记录。", "", "形成签到表和会议记录。"),
    ],
)
def test_a_procedure_is_named_once(text: str, label: str, shown: str) -> None:
    hit = Hit("c1", "d1", "办公室职责", "d1.md", "办公室", "department", "zh", "", text, 0.0)
    fact = make_fact("procedure", hit, text, text, "department", "", label=label)
    assert _fact_text(fact) == shown


def test_no_placeholder_is_left_unfilled(tmp_path: Path) -> None:
    # The bundled corpus's 办公室 owns the quality system: its brief has the 9.2/9.3 question,
    # whose purpose names the department.
    retriever = hash_index(PROJECT_ROOT / "corpus", tmp_path / "index")
    for language in ("zh", "en"):
        text = render_markdown(plan_audit(retriever, "办公室", language))
        assert "${" not in text, language


def test_a_section_with_nothing_under_it_is_left_out(briefs: dict[tuple[str, str], AuditBrief]) -> None:
    # A copy: the fixture's briefs are shared by the module's tests.
    brief = dataclasses.replace(briefs[("社会保险经办股", "zh")])
    brief.risks = [r for r in brief.risks if r.kind != "trap"]
    lines = render_markdown(brief).splitlines()
    headings = [n for n, line in enumerate(lines) if line.startswith("#")]
    for here, following in pairwise(headings):
        # Every heading has text of its own before the next heading of its level or above.
        if len(lines[following].split(" ")[0]) <= len(lines[here].split(" ")[0]):
            assert any(line.strip() for line in lines[here + 1 : following]), lines[here]


def test_a_word_brief_leaves_out_a_section_with_nothing_under_it(
    briefs: dict[tuple[str, str], AuditBrief], tmp_path: Path
) -> None:
    import docx

    from assistant.render.brief import render_docx

    brief = briefs[("社会保险经办股", "zh")]
    path = render_docx(brief, tmp_path / "with.docx")
    headings = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name.startswith("Heading")]
    assert brief.risks and "风险与审核陷阱" in headings
    path = render_docx(dataclasses.replace(brief, risks=[]), tmp_path / "without.docx")
    headings = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name.startswith("Heading")]
    assert "风险与审核陷阱" not in headings
