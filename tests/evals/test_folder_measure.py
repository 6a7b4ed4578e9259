"""The folder measure's plumbing (issue 10) on a folder this test writes itself.

The folder is shaped like one an agency hands over: flat, no front matter, a DOCX (with a table)
whose title names the unit after a colon and is the only place that unit appears, an English PDF
with a text layer, a GBK text file, an XLSX ledger and an image-only PDF page. Some of these
formats may not load yet; the measure must still run and count them as misses. The figures
themselves are not asserted: they belong to the loaders other engineers are changing.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
import pytest
from fpdf import FPDF

from assistant.retrieval.hybrid import HybridRetriever
from evals.folders import derived_query, fact_in_text, measure_folder
from evals.truth import load_blind
from ingest.embedders import HashEmbeddings
from ingest.sync import Ingester

ARCHIVES_TITLE = "青川县自然资源局职能说明：档案管理科"


def _docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading(ARCHIVES_TITLE, level=0)
    document.add_paragraph("档案管理科负责局机关文书档案的收集、整理和移交，现有工作人员4名。")
    document.add_heading("年度工作量", level=1)
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "项目"
    table.rows[0].cells[1].text = "数量"
    table.rows[1].cells[0].text = "全年归档文件"
    table.rows[1].cells[1].text = "1,520件"
    document.save(str(path))


def _pdf(path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in (
        "Land Survey Section: Remit",
        "The Land Survey Section keeps the county's cadastral maps up to date.",
        "Survey requests are answered within fifteen working days.",
    ):
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def _scan(path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 70)
    pdf.line(20, 110, 160, 190)
    pdf.output(str(path))


def _xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "月度汇总"
    sheet.append(["月份", "受理件数", "办结件数"])
    sheet.append(["1月", 31, 30])
    sheet.append(["合计", 31, 30])
    book.save(str(path))


def write_folder(root: Path) -> Path:
    """``root/docs`` with five files and ``root`` with the truth files, in the blind layout."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    _docx(docs / "档案管理科职能.docx")
    _pdf(docs / "land_survey_section.pdf")
    gbk = "青川县自然资源局\r\n\r\n执法监督科案件办理程序\r\n\r\n一、立案后三十日内完成调查。\r\n"
    (docs / "执法监督科案件办理程序.txt").write_bytes(gbk.encode("gbk"))
    _xlsx(docs / "2025年执法台账.xlsx")
    _scan(docs / "通知（扫描件）.pdf")
    departments = [
        {"name": "档案管理科", "aliases": ["档案科"], "language": "zh"},
        {"name": "Land Survey Section", "aliases": ["测绘科"], "language": "en"},
        {"name": "执法监督科", "aliases": [], "language": "zh"},
    ]
    titles = {
        "docs/档案管理科职能.docx": {
            "title": ARCHIVES_TITLE,
            "type": "department",
            "department": "档案管理科",
        },
        "docs/land_survey_section.pdf": {
            "title": "Land Survey Section: Remit",
            "type": "department",
            "department": "Land Survey Section",
        },
        "docs/执法监督科案件办理程序.txt": {
            "title": "执法监督科案件办理程序",
            "type": "procedure",
            "department": "执法监督科",
        },
        "docs/2025年执法台账.xlsx": {"title": "2025年执法台账", "type": "record", "department": "执法监督科"},
        "docs/通知（扫描件）.pdf": {"title": "关于规范立案的通知", "type": "guidance", "department": None},
    }
    facts = [
        {"id": "T1", "department": "档案管理科", "kind": "staff", "quote": "现有工作人员4名"},
        {"id": "T2", "department": "档案管理科", "kind": "volume", "quote": "全年归档文件1,520件",
         "population": {"what": "归档文件", "count": 1520}},
        {"id": "T3", "department": "Land Survey Section", "kind": "time_limit",
         "quote": "answered within fifteen working days", "auditor_action": "Sample survey requests."},
        {"id": "T4", "department": "执法监督科", "kind": "time_limit", "quote": "立案后三十日内完成调查"},
        {"id": "T5", "department": "执法监督科", "kind": "complaint", "quote": "受理件数31", "scanned": True},
    ]  # fmt: skip
    (root / "departments.json").write_text(json.dumps(departments, ensure_ascii=False), encoding="utf-8")
    (root / "titles.json").write_text(json.dumps(titles, ensure_ascii=False), encoding="utf-8")
    lines = [json.dumps({"file": "", "status": None, **f}, ensure_ascii=False) for f in facts]
    (root / "facts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture
def folder_index(tmp_path: Path) -> tuple[Path, HybridRetriever]:
    root = write_folder(tmp_path / "agency")
    embedder = HashEmbeddings()
    data = tmp_path / "index"
    report = Ingester(data, embedder).sync([root / "docs"])
    assert report.failed  # the scanned page at least does not load today
    return root, HybridRetriever.open(data, embedder)


def test_the_measure_runs_and_counts_unloaded_files_as_misses(
    folder_index: tuple[Path, HybridRetriever],
) -> None:
    root, retriever = folder_index
    truth = load_blind(root)
    result = measure_folder(truth, retriever)
    for key in ("departments_found", "titles_right", "types_right", "files_loaded", "facts_hit@3"):
        assert 0.0 <= result[key] <= 1.0, key
    assert result["facts_hit@3_action"] is not None  # one fact carries an auditor_action
    # The image-only page has no text: it cannot be right, whatever else loads.
    wrong = {w["file"] for w in result["details"]["files_wrong"]}
    assert "docs/通知（扫描件）.pdf" in wrong
    assert result["files_loaded"] < 1.0
    assert result["files_indexed"] == round(result["files_loaded"] * 5)
    # Every truth department is either found or listed as missing, never dropped.
    missing = result["details"]["departments_missing"]
    assert round(result["departments_found"] * 3) + len(missing) == 3


def test_a_truth_file_that_is_not_in_the_folder_is_a_miss(folder_index: tuple[Path, HybridRetriever]) -> None:
    root, retriever = folder_index
    titles = json.loads((root / "titles.json").read_text(encoding="utf-8"))
    titles["docs/never_written.docx"] = {"title": "不存在", "type": "record", "department": None}
    (root / "titles.json").write_text(json.dumps(titles, ensure_ascii=False), encoding="utf-8")
    result = measure_folder(load_blind(root), retriever)
    assert any(
        w["file"] == "docs/never_written.docx" and w["title"] is None
        for w in result["details"]["files_wrong"]
    )


def test_queries_never_contain_the_quote(tmp_path: Path) -> None:
    truth = load_blind(write_folder(tmp_path / "agency"))
    for fact in truth.facts:
        for language in ("zh", "en"):
            query = derived_query(fact, language)
            assert fact.department in query
            assert fact.quote not in query


@pytest.mark.parametrize(
    ("quote", "text", "found"),
    [
        ("全年归档文件1,520件", "全年归档文件1520件，均已移交。", True),
        ("十个工作日内办结", "应在10个工作日内办结", True),
        ("９５％", "按时办结率不低于95%", True),
        ("answered within fifteen working days", "Requests are answered within 15 working  days.", True),
        # A table row rendered cell by cell: numbers all there, most characters too.
        ("全年归档文件1,520件", "| 全年归档文件 | 1,520件 |", True),
        ("全年归档文件1,520件", "全年归档文件1,250件", False),
        ("立案后三十日内完成调查", "立案后六十日内完成调查", False),
        ("现有工作人员4名", "现有工作人员", False),
    ],
)
def test_fact_in_text(quote: str, text: str, found: bool) -> None:
    assert fact_in_text(quote, text) is found
