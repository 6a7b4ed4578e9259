"""Loaders: every supported format becomes Markdown-like text with complete metadata, and every
unreadable file raises IngestError naming the file and the reason.

Files are written in the test (DOCX with python-docx, PDF with fpdf2), never taken from the
bundled corpus, so the checks hold for documents the code has not seen.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from ingest.errors import IngestError
from ingest.loaders import LOADERS, load_file, supported_suffixes
from ingest.metadata import department_from_title


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def make_docx(path: Path, title: str = "") -> Path:
    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.add_heading("质量目标管理办法", level=0)  # the "Title" style
    document.add_paragraph("本办法规定各科室质量目标的制定和考核。")
    document.add_heading("目标分解", level=1)
    document.add_paragraph("各科室每年一月分解年度目标。")
    document.add_heading("考核方式", level=2)
    document.add_paragraph("每季度统计一次完成情况。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "按时办结率"
    table.rows[0].cells[1].text = "100%"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def make_pdf(path: Path, lines: list[str], title: str = "") -> Path:
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A page with drawings and no text: what a scan without OCR looks like to pypdf."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)
    pdf.line(20, 100, 150, 180)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_front_matter_is_metadata_not_text(tmp_path: Path) -> None:
    path = write(
        tmp_path / "kb" / "x.md",
        "---\ntitle: 票据管理规程\ndepartment: 财务科\ndoc_type: system\naliases: [财务股, 计财科]\n"
        "language: zh-CN\n---\n\n# 票据管理规程\n\n票据由专人保管，每月盘点。\n",
    )
    doc = load_file(path, tmp_path / "kb")
    assert "title:" not in doc.page_content
    assert doc.page_content.lstrip().startswith("# 票据管理规程")
    meta = doc.metadata
    assert meta["title"] == "票据管理规程"
    assert meta["department"] == "财务科"
    assert meta["doc_type"] == "system"
    assert meta["aliases"] == ["财务股", "计财科"]
    assert meta["language"] == "zh"  # "zh-CN" is normalised
    assert meta["source"] == "kb/x.md"
    assert meta["doc_id"] == "kb/x"


def test_markdown_without_front_matter_infers_metadata_from_folder_and_title(tmp_path: Path) -> None:
    root = tmp_path / "library"
    path = write(
        root / "departments" / "roads.md",
        "# 某县交通运输局路政股职责\n\n路政股负责公路路产路权保护，受理涉路施工许可申请。\n",
    )
    meta = load_file(path, root).metadata
    assert meta["title"] == "某县交通运输局路政股职责"
    assert meta["language"] == "zh"
    assert meta["doc_type"] == "department"  # from the folder name
    assert meta["department"] == "路政股"  # from the title, agency prefix removed
    assert meta["aliases"] == []
    assert meta["source"] == "library/departments/roads.md"


def test_english_markdown_in_a_guides_folder_is_english_guidance(tmp_path: Path) -> None:
    path = write(
        tmp_path / "guides" / "interviews.md",
        "# Interviewing Senior Staff\n\nPrepare open questions and ask for evidence, not opinions.\n",
    )
    meta = load_file(path, tmp_path).metadata
    assert meta["language"] == "en"
    assert meta["doc_type"] == "guidance"
    assert meta["department"] == ""


def test_english_department_file_names_its_department_from_the_title(tmp_path: Path) -> None:
    path = write(
        tmp_path / "departments" / "mail.md",
        "# The Correspondence Unit at a Glance\n\nThe unit logs every incoming letter the day it arrives.\n",
    )
    assert load_file(path, tmp_path).metadata["department"] == "Correspondence Unit"


def test_title_falls_back_to_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path / "meeting-notes.md", "这是一段没有标题的说明文字，用于检查标题的推断。\n")
    assert load_file(path, tmp_path).metadata["title"] == "meeting-notes"


@pytest.mark.parametrize(
    ("title", "department"),
    [
        ("行政审批科职责", "行政审批科"),
        ("临江市市场监督管理局办公室工作职责", "办公室"),
        ("信访办公室岗位职责", "信访办公室"),
        ("县人民政府信息中心职能", "信息中心"),
        ("各科室职责分工", ""),
        ("Duties of the Planning Division", "Planning Division"),
    ],
)
def test_department_from_title(title: str, department: str) -> None:
    assert department_from_title(title) == department


def test_single_scalar_alias_becomes_a_list(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "---\ndepartment: 人事科\naliases: 2019\n---\n# 人事科职责\n\n正文。\n")
    assert load_file(path, tmp_path).metadata["aliases"] == ["2019"]


# --- plain text ----------------------------------------------------------------------------

TEXT_ZH = "审核方案说明\n\n内审员应当在审核前一周完成检查表。\n抽样记录要写明理由。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_plain_text_is_decoded_whatever_the_chinese_encoding(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "plan.txt", TEXT_ZH, encoding=encoding)
    doc = load_file(path, tmp_path)
    assert doc.page_content == TEXT_ZH
    assert doc.metadata["title"] == "审核方案说明"  # a short first line without a full stop
    assert doc.metadata["language"] == "zh"


def test_windows_line_ends_become_newlines(tmp_path: Path) -> None:
    path = write(tmp_path / "crlf.txt", TEXT_ZH.replace("\n", "\r\n"))
    assert load_file(path, tmp_path).page_content == TEXT_ZH


# --- DOCX ----------------------------------------------------------------------------------


def test_docx_heading_styles_become_markdown_headings(tmp_path: Path) -> None:
    doc = load_file(make_docx(tmp_path / "system" / "objectives.docx"), tmp_path)
    lines = doc.page_content.split("\n\n")
    assert lines[0] == "# 质量目标管理办法"  # Title style
    assert "## 目标分解" in lines  # Heading 1
    assert "### 考核方式" in lines  # Heading 2
    assert "本办法规定各科室质量目标的制定和考核。" in lines
    assert "按时办结率: 100%。" in lines  # a one-row, two-column table is a label and its value
    assert doc.metadata["title"] == "质量目标管理办法"
    assert doc.metadata["doc_type"] == "system"


def test_docx_core_title_is_the_title(tmp_path: Path) -> None:
    doc = load_file(make_docx(tmp_path / "x.docx", title="目标考核细则"), tmp_path)
    assert doc.metadata["title"] == "目标考核细则"


# --- PDF -----------------------------------------------------------------------------------


def test_pdf_text_layer_is_read(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "guides" / "sampling.pdf",
        ["Sampling records during an audit.", "Pick samples from every month and every clerk."],
        title="Sampling Guide",
    )
    doc = load_file(path, tmp_path)
    assert "Pick samples from every month and every clerk." in doc.page_content
    assert doc.metadata["title"] == "Sampling Guide"
    assert doc.metadata["language"] == "en"
    assert doc.metadata["doc_type"] == "guidance"


# --- HTML ----------------------------------------------------------------------------------


def test_html_headings_lists_and_bare_text_are_kept_once(tmp_path: Path) -> None:
    path = write(
        tmp_path / "page.html",
        "<html><head><title>统计科工作说明</title><style>p{color:red}</style></head><body>"
        "<nav>首页 | 机构设置</nav><h1>统计科 <b>工作说明</b></h1>"
        "<div>统计科负责全局业务数据的汇总。<p>每月五日前报送<a href='#'>月报</a>。</p></div>"
        "<ul><li><p>数据质量抽查</p></li><li>年报编制</li></ul><p>Monthly report<br>Annual report</p>"
        "<script>track()</script><footer>版权所有</footer></body></html>",
    )
    doc = load_file(path, tmp_path)
    lines = doc.page_content.split("\n\n")
    assert lines[0] == "# 统计科 工作说明"
    assert "统计科负责全局业务数据的汇总。" in lines  # text directly in a <div>
    assert "每月五日前报送月报。" in lines  # inline tags join their paragraph without spaces
    assert doc.page_content.count("数据质量抽查") == 1  # <li><p> nesting does not repeat text
    assert "- 年报编制" in lines
    assert "Monthly report Annual report" in lines  # <br> separates words
    for dropped in ("track()", "版权所有", "首页", "color:red"):
        assert dropped not in doc.page_content
    assert doc.metadata["title"] == "统计科工作说明"


# --- unreadable files ----------------------------------------------------------------------


def corrupt_docx(path: Path) -> Path:
    path.write_bytes(random.Random(1).randbytes(3000))
    return path


def corrupt_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n" + random.Random(2).randbytes(3000))
    return path


def binary_txt(path: Path) -> Path:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return path


def malformed_yaml(path: Path) -> Path:
    return write(path, "---\ntitle: [未闭合的列表\ndepartment: 办公室\n---\n# 正文\n\n内容。\n")


def empty_html(path: Path) -> Path:
    return write(path, "<html><body><script>x()</script></body></html>")


def empty_markdown(path: Path) -> Path:
    return write(path, "---\ntitle: 空文件\n---\n\n   \n")


BAD_FILES: dict[str, tuple[str, Callable[[Path], Path], str]] = {
    "corrupt docx": ("broken.docx", corrupt_docx, "not a readable DOCX"),
    "corrupt pdf": ("broken.pdf", corrupt_pdf, "not a readable PDF"),
    "pdf without text layer": ("scan.pdf", make_scanned_pdf, "no text layer"),
    "binary file named .txt": ("image.txt", binary_txt, "binary file"),
    "malformed front matter": ("bad-yaml.md", malformed_yaml, "front matter cannot be parsed"),
    "html without text": ("empty.html", empty_html, "no readable text"),
    "markdown without text": ("empty.md", empty_markdown, "holds no text"),
    "unsupported suffix": ("slides.pptx", lambda p: write(p, "x"), "unsupported file type .pptx"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_unreadable_file_raises_ingest_error_naming_file_and_reason(tmp_path: Path, case: str) -> None:
    name, make, reason = BAD_FILES[case]
    path = make(tmp_path / name)
    with pytest.raises(IngestError, match=reason) as info:
        load_file(path, tmp_path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)  # one line, readable in a sync report


def test_unsupported_suffix_message_lists_supported_types(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"Supported: .*\.docx.*\.md"):
        load_file(write(tmp_path / "a.rtf", "x"), tmp_path)


# Every registered loader has a good sample here; a new loader without one fails this test.
GOOD_SAMPLES: dict[str, Callable[[Path], Path]] = {
    "markdown": lambda d: write(d / "a.md", "# 标题\n\n正文一句。\n"),
    "text": lambda d: write(d / "a.txt", "正文一句。\n", encoding="gbk"),
    "docx": lambda d: make_docx(d / "a.docx"),
    "pdf": lambda d: make_pdf(d / "a.pdf", ["One plain English sentence."]),
    "html": lambda d: write(d / "a.html", "<h1>标题</h1><p>正文一句。</p>"),
    "xlsx": lambda d: make_xlsx(d / "a.xlsx"),
    "csv": lambda d: write(d / "a.csv", "事项,件数\n就业补贴审核,\"1,856件\"\n", encoding="gbk"),
    "image": lambda d: make_image(d / "a.png"),
}


def make_xlsx(path: Path) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["事项", "件数"])
    sheet.append(["就业补贴审核", 1856])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(str(path))
    return path


def make_image(path: Path) -> Path:
    """A line of English on a white page; needs the OCR extra to be read."""
    pytest.importorskip("rapidocr_onnxruntime", reason="the ocr extra (rapidocr-onnxruntime) is missing")
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (900, 200), "white")
    ImageDraw.Draw(image).text((40, 60), "Records are kept for three years.", fill="black",
                               font=ImageFont.load_default(size=40))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def test_every_registered_loader_has_a_sample() -> None:
    assert sorted(GOOD_SAMPLES) == LOADERS.names()


@pytest.mark.parametrize("name", LOADERS.names())
def test_every_loader_gives_complete_metadata(tmp_path: Path, name: str) -> None:
    doc = load_file(GOOD_SAMPLES[name](tmp_path / "in"), tmp_path / "in")
    assert doc.page_content.strip()
    for key in ("title", "language", "doc_type", "department", "aliases", "source", "doc_id"):
        assert key in doc.metadata
    assert doc.metadata["source"].startswith("in/")
    assert all(s.startswith(".") for s in LOADERS.get(name).suffixes)
    assert set(LOADERS.get(name).suffixes) <= supported_suffixes()


@pytest.mark.parametrize("name", LOADERS.names())
def test_every_loader_reports_a_file_of_random_bytes(tmp_path: Path, name: str) -> None:
    suffix = LOADERS.get(name).suffixes[0]
    path = tmp_path / f"noise{suffix}"
    path.write_bytes(b"\x00" + random.Random(3).randbytes(2000))
    with pytest.raises(IngestError, match=str(path).replace("\\", "\\\\")):
        load_file(path, tmp_path)
