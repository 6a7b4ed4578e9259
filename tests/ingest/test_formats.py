"""Format fidelity: DOCX, PDF, XLSX, CSV and scanned pages keep their structure when ingested.

Every file is generated here (python-docx, fpdf2, openpyxl, PIL), so the checks hold for
documents the rules were not written against. Chinese PDFs and images need a CJK font: the
tests that draw Chinese skip with a reason when none is installed (Debian: fonts-wqy-microhei).
OCR tests need the ``ocr`` extra (rapidocr-onnxruntime) and skip without it.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from fpdf import FPDF
from langchain_core.documents import Document
from openpyxl.styles import Font

from ingest.chunking import Chunk, MarkdownChunker
from ingest.errors import IngestError
from ingest.formats import ocr, zipguard
from ingest.formats.outline import is_outline_heading, ordinal, outline_kind
from ingest.formats.sheets import table_heading
from ingest.formats.tables import is_header_like, render_row, render_table, shape_table
from ingest.loaders import DocxLoader, XlsxLoader, load_file
from ingest.text import approx_tokens

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
# Fonts known to cover Chinese and Latin digits; Droid Sans Fallback lacks the digits.
CJK_FONT_NAMES = ("wqy-microhei.ttc", "wqy-zenhei.ttc", "NotoSansCJK-Regular.ttc", "NotoSansSC-Regular.otf")


def find_cjk_font() -> Path | None:
    for directory in FONT_DIRS:
        if directory.is_dir():
            for name in CJK_FONT_NAMES:
                found = next(directory.rglob(name), None)
                if found is not None:
                    return found
    return None


@pytest.fixture
def cjk_font() -> Path:
    font = find_cjk_font()
    if font is None:
        pytest.skip("no CJK font (e.g. apt-get install fonts-wqy-microhei): cannot draw Chinese text")
    return font


@pytest.fixture
def ocr_engine() -> ocr.OcrEngine:
    engine = ocr.get_ocr_engine()
    if engine is None:
        pytest.skip("the ocr extra is not installed (pip install 'auditprep[ocr]')")
    return engine


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The engine as if the ``ocr`` extra were not installed."""
    monkeypatch.setattr(ocr, "get_ocr_engine", lambda: None)
    yield


def chunks_of(doc: Document) -> list[Chunk]:
    return MarkdownChunker(max_tokens=317).split(doc)


def chunk_with(chunks: list[Chunk], words: str) -> Chunk:
    return next(c for c in chunks if words in c.text)


# --- table rendering rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["事项", "件数", "金额"], True),
        (["Item", "Count", "Amount"], True),
        (["序号", "投诉人", "登记日期", "办理结果"], True),
        (["负责人", "张三"], True),  # a form like a header; shape_table decides from the columns
        (["就业补贴审核", "1,856件"], False),  # a number is data
        (["序号", "1"], False),
        (["2024-03-05", "已办结"], False),
        (["事项", "事项"], False),  # repeated names: a merged data cell
        (["本办法自发布之日起施行。", "附件"], False),  # a sentence
        (["仅一个单元格", ""], False),
        (["这是一个明显超过二十四个字符长度的单元格内容用于测试表头判断", "件数"], False),
        (["项目", "2025年", "说明"], True),  # columns named by year
        (["指标", "2024年度", "2025年度"], True),
        (["Measure", "FY2025", "FY 2026/27"], True),
        (["2024年", "2025年"], False),  # years alone: no word names the row labels
        (["2025年", "1,236件"], False),  # a year and a figure: a data row
        (["事项", "2025"], False),  # a bare number may be data
        (["合计", "2025年3月"], False),  # a date is data
        (["No.", "Action", "Owner", "Due"], True),  # an abbreviation's full stop ends no sentence
        (["Ref.", "Qty.", "Remarks"], True),
        (["Done.", "Open."], False),  # one-word sentences in a data row
        (["MR-2025-A1", "Hold the audit.", "General Office"], False),
    ],
)
def test_is_header_like(cells: list[str], expected: bool) -> None:
    assert is_header_like(cells) is expected


@pytest.mark.parametrize(
    ("rows", "hint", "preamble", "header"),
    [
        # a ledger: title row merged across the columns, header on row 2
        ([["2024年投诉台账", "", ""], ["序号", "事项", "件数"], ["1", "补贴审核", "12件"]], False,
         ["2024年投诉台账"], ["序号", "事项", "件数"]),
        # two title rows (name, then the unit) above the header
        ([["台账", "", ""], ["填报单位：办公室", "", ""], ["事项", "件数", "时限"], ["审核", "3", "5日"]],
         False, ["台账", "填报单位：办公室"], ["事项", "件数", "时限"]),
        # two columns, numbers below a label: a header
        ([["事项", "件数"], ["就业补贴审核", "1,856件"], ["社保转移", "1,008件"]], False, [],
         ["事项", "件数"]),
        # two columns of labels and names: a list of pairs, no header
        ([["单位名称", "某县信访局"], ["负责人", "张三"]], False, [], None),
        # the same marked as a header by the file (bold, repeated header row)
        ([["项目", "说明"], ["收文", "当日登记"]], True, [], ["项目", "说明"]),
        # a marked header below a title row: the hint names the row
        ([["登记表", ""], ["项目", "说明"], ["收文", "当日登记"]], {1}, ["登记表"], ["项目", "说明"]),
        # a first row of data is not a header, even in three columns
        ([["1", "补贴审核", "12件"], ["2", "社保转移", "9件"]], False, [], None),
        # a header with no rows under it is text
        ([["事项", "件数", "金额"]], False, [], None),
    ],
)
def test_shape_table_finds_title_rows_and_header(
    rows: list[list[str]], hint: bool | set[int], preamble: list[str], header: list[str] | None
) -> None:
    shape = shape_table(rows, hint)
    assert shape.preamble == preamble
    assert shape.header == header


@pytest.mark.parametrize(
    ("cells", "header", "width", "line"),
    [
        (["就业补贴审核", "1,856件"], ["事项", "件数"], 2, "事项: 就业补贴审核; 件数: 1,856件。"),
        (["Permit review", "1,856"], ["Item", "Count"], 2, "Item: Permit review; Count: 1,856."),
        # an empty cell is skipped
        (["补贴审核", "", "3日"], ["事项", "件数", "时限"], 3, "事项: 补贴审核; 时限: 3日。"),
        (["已办结。", ""], ["结果", "备注"], 2, "结果: 已办结。"),  # already ends a sentence
        (["一、就业类", None, None], ["事项", "件数", "时限"], 3, "一、就业类"),  # merged across: a label
        (["一、就业类", "", ""], ["事项", "件数", "时限"], 3, "事项: 一、就业类。"),  # one cell filled: data
        (["负责人", "张三"], None, 2, "负责人: 张三。"),  # a label and its value
        (["a", "b", "c"], None, 3, "a; b; c."),
        (["件数", "12"], ["件数", "数量"], 2, "件数; 数量: 12。"),  # a cell repeating its header
    ],
)
def test_render_row(cells: list[str], header: list[str] | None, width: int, line: str) -> None:
    assert render_row(cells, header, width) == line


def test_rendered_rows_are_never_glued() -> None:
    lines = render_table(
        [["事项", "件数", "金额"], ["就业补贴审核", "1,856件", "320万元"], ["社保转移", "1,008件", ""]]
    )
    assert lines == ["事项: 就业补贴审核; 件数: 1,856件; 金额: 320万元。", "事项: 社保转移; 件数: 1,008件。"]


# --- outline headings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("一、基本情况", "cn_top"),
        ("十二、附则", "cn_top"),
        ("二．工作目标", "cn_top"),
        ("（二）工作目标", "cn_paren"),
        ("(三)督办程序", "cn_paren"),
        ("第一章 总则", "chapter"),
        ("第2节　档案管理", "section"),
        ("第三条 申请人应当在十个工作日内补正材料。", "article"),
        ("第十五条", "article"),
        ("第一编 通则", "part"),
        ("1、收文登记", "arabic1"),
        ("2. Records", "arabic1"),
        ("3 Scope", "arabic1"),
        ("1.2 Scope", "arabic2"),
        ("2.3.1 记录的保存", "arabic3"),
        ("（1）申请材料", "arabic_paren"),
        # must not match: quantities, dates, ordinary words that start like a number
        ("1.5万元以上项目", None),
        ("2024年工作要点", None),
        ("3.5%的增长", None),
        ("一是加强组织领导", None),
        ("第三方评估机构", None),
        ("第一时间上报", None),
        ("二〇二四年", None),
        ("10个工作日内办结", None),
        ("三定方案", None),
        ("12345678", None),
        ("(a) Scope", None),
        # behind a heading mark: the numbering after it, or the mark alone
        ("▲ 一、职能定位", "cn_top"),
        ("■（二）工作目标", "cn_paren"),
        ("★ 重点工作", "mark"),
        # list bullets mark items, not headings
        ("● 收文登记", None),
        ("• Records", None),
    ],
)
def test_outline_kind(text: str, kind: str | None) -> None:
    match = outline_kind(text)
    assert (match.kind if match else None) == kind


@pytest.mark.parametrize(
    ("marker", "number"),
    [("三、", 3), ("十、", 10), ("十二、", 12), ("二十、", 20), ("（二十三）", 23), ("第一百零五条", 105),
     ("2.", 2), ("2.3", 3), ("（4）", 4), ("第12条", 12)],
)
def test_ordinal(marker: str, number: int) -> None:
    assert ordinal(marker) == number


@pytest.mark.parametrize(
    ("texts", "n", "expected"),
    [
        (["一、基本情况", "本次审核覆盖六个科室。", "二、审核发现"], 0, True),
        (["一、收文登记", "二、印章管理"], 0, False),  # a run of items numbered in sequence
        (["一、收文登记", "二、印章管理"], 1, False),
        (["三、工作职责", "一、收文登记", "二、印章管理"], 0, True),  # the numbering restarts below it
        (["一、负责全局公文的收发和登记；", "正文。"], 0, False),  # ends like a list item
        # too long for a heading
        (["一、负责" + "公文收发登记" * 6, "正文。"], 0, False),
        (["第一章 总则", "第二章 职责"], 0, True),  # chapters are structure even back to back
        (["（一）审核范围", "内容。", "（二）审核依据"], 2, True),
        (["1.2 Scope", "2.1 Terms"], 0, True),  # same kind, but 2.1 does not follow 1.2
        (["▲ 重点工作", "全年计划发放补贴约九百户。", "▲ 存在的问题"], 0, True),
        (["▲ 收文登记", "▲ 印章管理"], 0, False),  # marked lines back to back are a list
    ],
)
def test_is_outline_heading(texts: list[str], n: int, expected: bool) -> None:
    matches = [outline_kind(t) for t in texts]
    kinds = [m.kind if m else None for m in matches]
    numbers = [ordinal(m.marker) if m else None for m in matches]
    assert is_outline_heading(kinds, texts, n, numbers) is expected


# --- DOCX ------------------------------------------------------------------------------------


def add_table(document: docx.document.Document, rows: list[list[str]], bold_header: bool = False) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = value
            if bold_header and r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def make_styled_docx(path: Path) -> Path:
    """Heading styles, a table under the second heading, a paragraph after the table."""
    document = docx.Document()
    document.add_heading("2024年度信访工作报告", level=0)
    document.add_heading("受理情况", level=1)
    document.add_paragraph("全年共受理群众来信来访两千余件。")
    document.add_heading("办理情况", level=1)
    document.add_paragraph("各类事项办理情况见下表。")
    add_table(document, [["事项", "件数", "金额"], ["就业补贴审核", "1,856件", "320万元"],
                         ["社保关系转移", "1,008件", ""]])
    document.add_paragraph("重复信访事项均已建立专人跟踪台账。")
    document.add_heading("存在问题", level=1)
    document.add_paragraph("个别事项超过承诺时限。")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def make_unstyled_docx(path: Path) -> Path:
    """A document typed without heading styles, as agencies often write them."""
    document = docx.Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("某县人力资源和社会保障局内部审核报告").bold = True
    document.add_paragraph("一、基本情况")
    document.add_paragraph("本次审核覆盖六个职能科室。")
    document.add_paragraph("（一）审核范围")
    document.add_paragraph("审核范围包括行政审批科和信访办公室。")
    document.add_paragraph("（二）审核依据")
    document.add_paragraph("依据GB/T 19001-2016和本局质量手册。")
    document.add_paragraph("二、审核发现")
    document.add_paragraph("第三条 行政审批科应当在十个工作日内完成补正材料的审查，并书面告知申请人。")
    document.add_paragraph("本条所列时限自收到材料之日起计算。")
    bold = document.add_paragraph()
    bold.add_run("整改要求").bold = True
    document.add_paragraph("各科室应当于三十日内提交整改报告。")
    document.add_paragraph("三、工作职责")
    document.add_paragraph("一、收文登记")  # a run of numbered items: a list, not headings
    document.add_paragraph("二、印章管理")
    document.add_paragraph("1.5万元以上的采购项目须经集体研究。")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_docx_table_stays_under_its_heading_with_header_names(tmp_path: Path) -> None:
    doc = load_file(make_styled_docx(tmp_path / "report.docx"), tmp_path)
    blocks = doc.page_content.split("\n\n")
    row = "事项: 就业补贴审核; 件数: 1,856件; 金额: 320万元。\n事项: 社保关系转移; 件数: 1,008件。"
    assert row in blocks  # header names on every row, the empty 金额 cell skipped
    order = [blocks.index(b) for b in ("## 办理情况", "各类事项办理情况见下表。", row,
                                      "重复信访事项均已建立专人跟踪台账。", "## 存在问题")]
    assert order == sorted(order)  # body order, not paragraphs first and tables last
    assert " | " not in doc.page_content
    chunks = chunks_of(doc)
    assert chunk_with(chunks, "就业补贴审核").heading_path[-1] == "办理情况"
    assert chunk_with(chunks, "专人跟踪台账").heading_path[-1] == "办理情况"
    assert chunk_with(chunks, "超过承诺时限").heading_path[-1] == "存在问题"


def test_unstyled_docx_gets_headings_from_numbering_and_bold(tmp_path: Path) -> None:
    doc = load_file(make_unstyled_docx(tmp_path / "audit.docx"), tmp_path)
    blocks = doc.page_content.split("\n\n")
    assert blocks[0] == "# 某县人力资源和社会保障局内部审核报告"  # centred bold first line
    for heading in ("## 一、基本情况", "### （一）审核范围", "### （二）审核依据", "## 二、审核发现",
                    "## 三、工作职责"):
        assert heading in blocks
    assert doc.metadata["title"] == "某县人力资源和社会保障局内部审核报告"
    # a clause: its number heads its text
    clause = blocks.index("### 第三条")  # under 二、审核发现
    assert blocks[clause + 1].startswith("行政审批科应当在十个工作日内")
    assert any(b.endswith(" 整改要求") and b.startswith("#") for b in blocks)
    # items in a run, and a quantity that starts like a number, stay text
    assert "一、收文登记" in blocks and "二、印章管理" in blocks
    assert "1.5万元以上的采购项目须经集体研究。" in blocks
    chunks = chunks_of(doc)
    scope = chunk_with(chunks, "行政审批科和信访办公室")
    assert scope.heading_path[-2:] == ("一、基本情况", "（一）审核范围")
    assert chunk_with(chunks, "十个工作日内").heading_path[-2:] == ("二、审核发现", "第三条")


def test_docx_bold_run_in_heading_is_split_from_its_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("工作措施", level=1)
    for lead, body in (("（一）加强组织领导。", "各科室主要负责人为第一责任人。"),
                       ("（二）严格督查考核。", "督查室每季度通报一次。"),
                       ("注意：", "本段的粗体提示不是编号标题，但也是小标题。")):
        paragraph = document.add_paragraph()
        paragraph.add_run(lead).bold = True
        paragraph.add_run(body)
    mixed = document.add_paragraph()
    mixed.add_run("各科室应当")
    mixed.add_run("按时").bold = True
    mixed.add_run("报送材料。")
    path = tmp_path / "measures.docx"
    document.save(str(path))
    blocks = load_file(path, tmp_path).page_content.split("\n\n")
    assert blocks[1:5] == ["### （一）加强组织领导", "各科室主要负责人为第一责任人。",
                           "### （二）严格督查考核", "督查室每季度通报一次。"]
    assert "各科室应当按时报送材料。" in blocks  # bold inside a sentence is emphasis


def test_docx_merged_cells_appear_once_and_title_row_is_not_glued(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("投诉台账", level=1)
    table = document.add_table(rows=4, cols=3)
    values = [["2024年投诉登记", "", ""], ["类别", "事项", "件数"], ["就业", "补贴审核", "12件"],
              ["", "技能培训", "7件"]]
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    table.cell(0, 0).merge(table.cell(0, 2))  # the title row spans the table
    table.cell(2, 0).merge(table.cell(3, 0))  # 就业 spans two rows
    path = tmp_path / "ledger.docx"
    document.save(str(path))
    text = load_file(path, tmp_path).page_content
    assert (
        "2024年投诉登记\n类别: 就业; 事项: 补贴审核; 件数: 12件。\n类别: 就业; 事项: 技能培训; 件数: 7件。"
    ) in text
    assert text.count("2024年投诉登记") == 1


def test_docx_bold_header_row_names_a_two_column_table(tmp_path: Path) -> None:
    document = docx.Document()
    add_table(document, [["项目", "要求"], ["收文", "当日登记"], ["发文", "三日内核稿"]], bold_header=True)
    add_table(document, [["单位名称", "某县信访局"], ["负责人", "张三"]])
    path = tmp_path / "forms.docx"
    document.save(str(path))
    text = load_file(path, tmp_path).page_content
    assert "项目: 收文; 要求: 当日登记。\n项目: 发文; 要求: 三日内核稿。" in text
    assert "单位名称: 某县信访局。\n负责人: 张三。" in text  # label-value pairs, no header


def test_docx_repeated_header_row_marks_the_header(tmp_path: Path) -> None:
    document = docx.Document()
    add_table(document, [["项目", "要求"], ["收文", "当日登记"]])
    tr_pr = document.tables[0].rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    path = tmp_path / "header.docx"
    document.save(str(path))
    assert "项目: 收文; 要求: 当日登记。" in load_file(path, tmp_path).page_content


def test_docx_outline_level_without_heading_style_is_a_heading(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Records control")
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().append(outline)
    document.add_paragraph("Records are kept for three years.")
    path = tmp_path / "outline.docx"
    document.save(str(path))
    assert load_file(path, tmp_path).page_content.startswith("## Records control\n\n")


# --- PDF -------------------------------------------------------------------------------------


REPORT_PARAGRAPH = (
    "本年度信访办公室共受理群众来信来访两千余件，按期办结率达到百分之九十五，较上年提高三个百分点。"
    "对重复信访事项建立专人跟踪制度，并每月向分管领导报告一次办理进展。"
)


def make_cjk_pdf(path: Path, font: Path) -> Path:
    """A 20pt title, 15pt section headings, wrapped body paragraphs, a ruled table, page numbers."""

    class Report(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("cjk", size=9)
            self.cell(0, 10, f"- {self.page_no()} -", align="C")

    pdf = Report()
    pdf.add_font("cjk", "", str(font))
    pdf.add_font("cjk", "B", str(font))  # table headings are set in the bold style
    pdf.add_page()
    pdf.set_font("cjk", size=20)
    pdf.cell(0, 12, "信访办公室年度工作报告", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=15)
    pdf.cell(0, 12, "一、受理情况", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=11)
    pdf.multi_cell(0, 7, REPORT_PARAGRAPH, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("cjk", size=15)
    pdf.cell(0, 12, "二、办理情况统计", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=11)
    with pdf.table() as table:
        for values in (("事项", "件数", "办结率"), ("就业补贴审核", "1,856件", "96%"),
                       ("社保关系转移", "1,008件", "99%")):
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(3)
    pdf.multi_cell(0, 7, "下一步将继续完善台账管理。", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=15)
    pdf.cell(0, 12, "三、存在问题", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=11)
    pdf.multi_cell(0, 7, "个别事项超过承诺时限。", new_x="LMARGIN", new_y="NEXT")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def test_pdf_headings_paragraphs_and_table_keep_their_structure(tmp_path: Path, cjk_font: Path) -> None:
    doc = load_file(make_cjk_pdf(tmp_path / "report.pdf", cjk_font), tmp_path)
    blocks = doc.page_content.split("\n\n")
    assert blocks[0] == "# 信访办公室年度工作报告"
    assert "## 一、受理情况" in blocks and "## 二、办理情况统计" in blocks and "## 三、存在问题" in blocks
    assert REPORT_PARAGRAPH in blocks  # wrapped lines rejoined without spaces
    table = (
        "事项: 就业补贴审核; 件数: 1,856件; 办结率: 96%。\n事项: 社保关系转移; 件数: 1,008件; 办结率: 99%。"
    )
    assert table in blocks
    assert blocks.index("## 二、办理情况统计") < blocks.index(table) < blocks.index("## 三、存在问题")
    assert "- 1 -" not in doc.page_content  # the page number is furniture
    assert doc.metadata["title"] == "信访办公室年度工作报告"
    chunks = chunks_of(doc)
    assert chunk_with(chunks, "就业补贴审核").heading_path[-1] == "二、办理情况统计"
    assert chunk_with(chunks, "两千余件").heading_path[-1] == "一、受理情况"


def test_pdf_title_wrapped_on_two_lines_is_one_heading(tmp_path: Path, cjk_font: Path) -> None:
    pdf = FPDF()
    pdf.add_font("cjk", "", str(cjk_font))
    pdf.add_page()
    pdf.set_font("cjk", size=20)
    pdf.multi_cell(0, 10, "关于印发《某县人力资源和社会保障局2024年度内部审核实施方案》的通知",
                   align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("cjk", size=16)
    pdf.cell(0, 10, "一、审核目的", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=12)
    purpose = "检查质量管理体系在各职能科室的运行情况，评价质量目标的完成程度和体系文件的执行效果。"
    pdf.multi_cell(0, 8, purpose, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=16)
    pdf.cell(0, 10, "二、审核范围", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=12)
    pdf.multi_cell(0, 8, "覆盖全部职能科室。", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "notice.pdf"
    pdf.output(str(path))
    blocks = load_file(path, tmp_path).page_content.split("\n\n")
    assert blocks[0] == "# 关于印发《某县人力资源和社会保障局2024年度内部审核实施方案》的通知"
    assert blocks[1:3] == ["## 一、审核目的", purpose]
    assert "## 二、审核范围" in blocks  # two headings of one size in a row stay two headings


def test_pdf_bookmarks_mark_headings_set_in_body_type(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for level, name, body in ((0, "Document control", "Every procedure carries a version and an owner."),
                              (1, "Review cycle", "Procedures are reviewed once a year by their owner."),
                              (0, "Records", "Records are kept for three years after the audit.")):
        pdf.start_section(name, level=level)
        pdf.multi_cell(0, 7, name, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 7, body, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    path = tmp_path / "procedures.pdf"
    pdf.output(str(path))
    blocks = load_file(path, tmp_path).page_content.split("\n\n")
    assert blocks[:4] == ["# Document control", "Every procedure carries a version and an owner.",
                          "## Review cycle", "Procedures are reviewed once a year by their owner."]
    assert "# Records" in blocks


@pytest.mark.parametrize("repeat_header", [True, False])
def test_pdf_table_across_a_page_break_keeps_its_header(
    tmp_path: Path, cjk_font: Path, repeat_header: bool
) -> None:
    pdf = FPDF()
    pdf.add_font("cjk", "", str(cjk_font))
    pdf.add_font("cjk", "B", str(cjk_font))
    pdf.add_page()
    pdf.set_font("cjk", size=11)
    pdf.multi_cell(0, 7, "下表列出全年各月的受理件数。", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(repeat_headings=1 if repeat_header else 0) as table:
        for values in [("月份", "受理件数", "办结件数")] + [(f"{n}月", f"{n * 7}件", f"{n * 6}件") for n in
                                                              range(1, 13)] * 3:
            row = table.row()
            for value in values:
                row.cell(value)
    path = tmp_path / "monthly.pdf"
    pdf.output(str(path))
    assert pdf.page_no() == 2
    text = load_file(path, tmp_path).page_content
    rows = [line for line in text.split("\n") if "件数" in line and not line.startswith("下表")]
    assert len(rows) == 36  # every data row, on both pages, names its columns
    # ... and a header repeated on the second page is not taken for a data row
    assert all(re.match(r"月份: \d+月; 受理件数: \d+件; 办结件数: \d+件。$", line) for line in rows)


def test_pdf_paragraph_runs_on_across_a_page_break(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.set_y(262)  # near the bottom: the paragraph wraps onto the next page
    pdf.multi_cell(0, 7, "Complaints are logged on the day they arrive and answered within ten working "
                   "days; a complaint that needs another unit is forwarded the same day with a note to "
                   "the complainant, and every forwarded complaint is checked again after five days.",
                   new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "complaints.pdf"
    pdf.output(str(path))
    text = load_file(path, tmp_path).page_content
    assert "\n" not in text.strip()
    assert "forwarded the same day" in text


# --- XLSX and CSV ----------------------------------------------------------------------------


def make_ledger_xlsx(path: Path, rows: int = 25) -> Path:
    """Two sheets: a complaints ledger with a title row merged across the columns and its header
    on row 2, and a summary sheet with numbers, a percentage and a date. A hidden sheet too."""
    workbook = openpyxl.Workbook()
    ledger = workbook.active
    assert ledger is not None
    ledger.title = "投诉台账"
    ledger.append(["2024年信访投诉登记台账", None, None, None])
    ledger.merge_cells("A1:D1")
    ledger.append(["序号", "投诉事项", "承办科室", "办理结果"])
    for cell in ledger[2]:
        cell.font = Font(bold=True)
    for n in range(1, rows + 1):
        ledger.append([n, f"第{n}号投诉：补贴发放延迟", "社会保险科" if n % 2 else "就业促进科",
                       "已办结" if n % 3 else None])
    summary = workbook.create_sheet("办结情况")
    summary.append(["事项", "件数", "办结率", "统计日期"])
    summary.append(["就业补贴审核", 1856, 0.95, None])
    summary["B2"].number_format = "#,##0"
    summary["C2"].number_format = "0%"
    import datetime as dt

    summary["D2"] = dt.datetime(2024, 3, 5)
    hidden = workbook.create_sheet("下拉选项")
    hidden.append(["已办结", "未办结"])
    hidden.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(str(path))
    return path


def test_xlsx_sheets_are_headings_and_rows_keep_header_names(tmp_path: Path) -> None:
    doc = load_file(make_ledger_xlsx(tmp_path / "records" / "ledger.xlsx"), tmp_path)
    text = doc.page_content
    blocks = text.split("\n\n")
    assert blocks[0] == "# 投诉台账"
    assert "# 办结情况" in blocks
    assert "下拉选项" not in text  # hidden sheets are lookup lists, not records
    assert "2024年信访投诉登记台账" in blocks  # the title row, on its own line
    assert doc.metadata["title"] == "2024年信访投诉登记台账"
    assert "序号: 1; 投诉事项: 第1号投诉：补贴发放延迟; 承办科室: 社会保险科; 办理结果: 已办结。" in text
    assert "序号: 3; 投诉事项: 第3号投诉：补贴发放延迟; 承办科室: 社会保险科。" in text  # empty skipped
    assert "事项: 就业补贴审核; 件数: 1,856; 办结率: 95%; 统计日期: 2024-03-05。" in text
    # groups headed by their rows in the sheet (data starts on row 3), consecutive, all rows once
    groups = [b.removeprefix("## 第").removesuffix("行") for b in blocks if b.startswith("## ")]
    assert groups[-1] == "2"  # the summary sheet's one row
    spans = [tuple(map(int, g.split("–"))) for g in groups[:-1]]
    assert spans[0][0] == 3 and spans[-1][1] == 27
    assert all(b[0] == a[1] + 1 for a, b in pairwise(spans))


def test_xlsx_row_groups_are_one_chunk_each(tmp_path: Path) -> None:
    doc = load_file(make_ledger_xlsx(tmp_path / "ledger.xlsx"), tmp_path)
    groups = [b for b in doc.page_content.split("\n\n") if b.startswith("## 第")]
    chunks = [c for c in chunks_of(doc) if c.heading_path[1] == "投诉台账" and len(c.heading_path) == 3]
    assert [f"## {c.heading_path[-1]}" for c in chunks] == groups[:-1]  # one chunk per group
    for chunk in chunks:
        first, last = map(int, chunk.heading_path[-1].removeprefix("第").removesuffix("行").split("–"))
        assert chunk.text.count("\n") == last - first  # one line per row
        assert last - first < 10
    assert chunk_with(chunks_of(doc), "1,856").heading_path[1:] == ("办结情况", "第2行")


@pytest.mark.parametrize(
    ("sheet_name", "heading"),
    [("Sheet1", "# 2024年收文登记簿"), ("工作表1", "# 2024年收文登记簿"), ("收文", "# 收文"),
     ("Sheet 2", "# 2024年收文登记簿"), ("Sheets of 2024", "# Sheets of 2024")],
)
def test_default_sheet_name_gives_way_to_the_title_row(tmp_path: Path, sheet_name: str, heading: str) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_name
    for row in (["2024年收文登记簿", None, None], ["收文日期", "来文单位", "文号"],
                ["2024-01-05", "市局", "3号"]):
        sheet.append(row)
    path = tmp_path / "book.xlsx"
    workbook.save(str(path))
    assert load_file(path, tmp_path).page_content.startswith(heading + "\n\n2024年收文登记簿\n\n## 第3行")


def test_xlsx_narrow_rows_group_by_ten(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Permits"
    sheet.append(["Item", "Days"])
    for n in range(23):
        sheet.append([f"P{n}", n])
    path = tmp_path / "permits.xlsx"
    workbook.save(str(path))
    blocks = load_file(path, tmp_path).page_content.split("\n\n")
    headings = [b for b in blocks if b.startswith("#")]
    assert headings == ["# Permits", "## Rows 2–11", "## Rows 12–21", "## Rows 22–24"]


def test_xlsx_long_rows_make_smaller_groups(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["事项", "说明"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)  # marks the header of a two-column sheet without numbers
    for n in range(12):
        sheet.append([f"事项{n}", "办理过程说明" * 12])
    path = tmp_path / "long.xlsx"
    workbook.save(str(path))
    chunks = chunks_of(load_file(path, tmp_path))
    assert len(chunks) == 4  # three rows of about 80 characters fit a chunk, not ten
    for chunk in chunks:
        assert all(line.startswith("事项: 事项") for line in chunk.text.split("\n"))
        assert approx_tokens(chunk.text) <= 300


def test_xlsx_loader_names_an_empty_workbook(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(str(path))
    with pytest.raises(IngestError, match="visible sheets hold no cells"):
        load_file(path, tmp_path)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_gbk_csv_is_one_heading_with_header_names(tmp_path: Path, delimiter: str) -> None:
    rows = [["序号", "投诉事项", "件数"], ["1", "补贴发放延迟", "1,856件"], ["2", "窗口服务态度", "12件"]]
    quote = '"' if delimiter == "," else ""
    lines = [delimiter.join(f"{quote}{v}{quote}" if "," in v else v for v in row) for row in rows]
    path = tmp_path / "投诉登记.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    doc = load_file(path, tmp_path)
    assert doc.page_content == (
        "# 投诉登记\n\n## 第2–3行\n\n"
        "序号: 1; 投诉事项: 补贴发放延迟; 件数: 1,856件。\n序号: 2; 投诉事项: 窗口服务态度; 件数: 12件。"
    )
    assert doc.metadata["title"] == "投诉登记"


def test_english_csv_groups_are_headed_in_english(tmp_path: Path) -> None:
    path = tmp_path / "permits.csv"
    path.write_text("Item,Count\nPermit review,1856\nLicence renewal,912\n", encoding="utf-8")
    assert load_file(path, tmp_path).page_content == (
        "# permits\n\n## Rows 2–3\n\nItem: Permit review; Count: 1856.\nItem: Licence renewal; Count: 912."
    )


# --- scanned pages ---------------------------------------------------------------------------

SCAN_LINES = ("信访办公室投诉处理规定", "投诉自登记之日起十个工作日内答复。", "重复投诉由分管领导督办。")


def draw_page(font: Path, lines: tuple[str, ...] = SCAN_LINES, size: tuple[int, int] = (1240, 620)):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        font_size = 52 if n == 0 else 34  # the first line is the page's title
        draw.text((70, 60 + n * 110), line, font=ImageFont.truetype(str(font), font_size), fill="black")
    return image


def make_scanned_pdf(path: Path, font: Path, with_text_page: bool = False) -> Path:
    """A page that is only a picture of text, as a scanner makes it; optionally a text page first."""
    buffer = io.BytesIO()
    draw_page(font).save(buffer, format="PNG")
    pdf = FPDF()
    if with_text_page:
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 7, "Cover note: the signed rules follow as a scan.", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.image(buffer, x=10, y=10, w=190)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def test_scanned_pdf_page_is_read_by_ocr(tmp_path: Path, cjk_font: Path, ocr_engine: ocr.OcrEngine) -> None:
    doc = load_file(make_scanned_pdf(tmp_path / "rules.pdf", cjk_font), tmp_path)
    for words in ("投诉处理规定", "十个工作日内答复", "分管领导督办"):
        assert words in doc.page_content
    assert doc.page_content.startswith("# 信访办公室投诉处理规定")  # the larger type is a heading


def test_image_is_read_by_ocr(tmp_path: Path, cjk_font: Path, ocr_engine: ocr.OcrEngine) -> None:
    path = tmp_path / "scan.jpg"
    draw_page(cjk_font).save(path, quality=85)
    doc = load_file(path, tmp_path)
    assert "十个工作日内答复" in doc.page_content
    assert doc.metadata["language"] == "zh"
    assert chunk_with(chunks_of(doc), "十个工作日内答复").heading_path[-1] == "信访办公室投诉处理规定"


def test_multi_page_tiff_reads_every_page(tmp_path: Path, cjk_font: Path, ocr_engine: ocr.OcrEngine) -> None:
    first = draw_page(cjk_font, ("第一页：收文当日登记。",), size=(900, 200))
    second = draw_page(cjk_font, ("第二页：发文三日内核稿。",), size=(900, 200))
    path = tmp_path / "pages.tif"
    first.save(path, save_all=True, append_images=[second])
    text = load_file(path, tmp_path).page_content
    assert "收文当日登记" in text and "发文三日内核稿" in text
    assert text.index("收文当日登记") < text.index("发文三日内核稿")


def test_scanned_pdf_without_ocr_engine_is_reported_by_name(
    tmp_path: Path, cjk_font: Path, no_ocr: None
) -> None:
    path = make_scanned_pdf(tmp_path / "rules.pdf", cjk_font)
    needs_ocr = r"no text layer, needs OCR \(install with: pip install 'auditprep\[ocr\]'\)"
    with pytest.raises(IngestError, match=needs_ocr):
        load_file(path, tmp_path)
    with pytest.raises(IngestError, match=str(path)):
        load_file(path, tmp_path)


def test_image_without_ocr_engine_is_reported_by_name(tmp_path: Path, no_ocr: None) -> None:
    from PIL import Image

    path = tmp_path / "scan.png"
    Image.new("RGB", (100, 100), "white").save(path)
    with pytest.raises(IngestError, match=r"scan\.png: no text layer, needs OCR"):
        load_file(path, tmp_path)


def test_text_pages_of_a_partly_scanned_pdf_are_kept_without_ocr(
    tmp_path: Path, cjk_font: Path, no_ocr: None, caplog: pytest.LogCaptureFixture
) -> None:
    path = make_scanned_pdf(tmp_path / "mixed.pdf", cjk_font, with_text_page=True)
    with caplog.at_level(logging.WARNING):
        doc = load_file(path, tmp_path)
    assert "Cover note" in doc.page_content
    assert "pages 2 have no text layer" in caplog.text and "auditprep[ocr]" in caplog.text


def test_corrupt_image_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(IngestError, match=r"broken\.png: not a readable image"):
        load_file(path, tmp_path)


# --- zip bombs -------------------------------------------------------------------------------


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_zip_bomb_is_refused_naming_the_limit(tmp_path: Path, suffix: str) -> None:
    # 24 MB of zeros compress to about 24 KB: a ratio near 1000, far past the limit of 100.
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(24 << 20)}
    path = make_zip(tmp_path / f"bomb{suffix}", members)
    with pytest.raises(IngestError) as info:
        load_file(path, tmp_path)
    message = str(info.value)
    assert str(path) in message
    assert "limit of 100 to 1" in message and "MAX_COMPRESSION_RATIO" in message
    assert "max_compression_ratio=" in message  # how to raise it


def test_unpacked_size_limit_is_checked_and_can_be_raised(tmp_path: Path) -> None:
    path = make_ledger_xlsx(tmp_path / "ledger.xlsx")
    limit = r"more than the 0\.0 MB limit.*MAX_UNPACKED_BYTES.*max_unpacked_bytes="
    with pytest.raises(IngestError, match=limit):
        XlsxLoader(max_unpacked_bytes=1000).load(path)
    text, _ = XlsxLoader(max_unpacked_bytes=10 << 20).load(path)
    assert "# 投诉台账" in text


@pytest.mark.parametrize("loader", [DocxLoader, XlsxLoader])
def test_a_limit_that_is_not_positive_is_refused_at_construction(loader: type) -> None:
    with pytest.raises(ValueError, match="max_unpacked_bytes must be positive"):
        loader(max_unpacked_bytes=0)


def test_limits_are_module_constants(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_styled_docx(tmp_path / "report.docx")
    monkeypatch.setattr(zipguard, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(IngestError, match="MAX_UNPACKED_BYTES"):
        DocxLoader().load(path)


@pytest.mark.parametrize(
    ("heading_path", "table"),
    [
        ("投诉登记台账 > 2026年1-3月 > 第6–9行", "投诉登记台账 > 2026年1-3月"),
        ("Ledger > Sheet 2 > Rows 11–20", "Ledger > Sheet 2"),
        ("Ledger > Row 31", "Ledger"),
        # Headings that only look like row groups stay.
        ("审核报告 > 二、不符合项", "审核报告 > 二、不符合项"),
        ("台账 > 第3行说明", "台账 > 第3行说明"),
        ("Rows of seats", "Rows of seats"),
    ],
)
def test_table_heading_drops_only_the_row_group(heading_path: str, table: str) -> None:
    assert table_heading(heading_path) == table
