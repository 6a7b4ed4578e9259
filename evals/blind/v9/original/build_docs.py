"""Build the documents of blind corpus v9 (岚峪县自然资源和规划局).

Run with a Python that has python-docx, openpyxl, fpdf2 and Pillow:

    python original/build_docs.py            # writes ../docs/2025 and ../docs/2026

All text below was written for this corpus; the agency, places and people are invented.
The scanned notice's text is kept in SCANNED_LINES so that facts can be checked against it.
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOCS = ROOT / "docs"
WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FIXED = dt.datetime(2026, 12, 3, 9, 0, 0)


# ---------------------------------------------------------------- helpers
def new_docx(author: str) -> Document:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.created = FIXED
    cp.modified = FIXED
    cp.revision = 1
    return doc


def centred(doc: Document, text: str, size: int = 16, bold: bool = True) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(text)
    r.bold = bold
    r.font.size = Pt(size)


def bold_line(doc: Document, text: str, size: int = 12) -> None:
    p = doc.add_paragraph()
    r = p.add_run(text)
    r.bold = True
    r.font.size = Pt(size)


def table(doc: Document, header: list[str], rows: list[list[str]]) -> None:
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for i, h in enumerate(header):
        cell = t.rows[0].cells[i]
        cell.text = ""
        cell.paragraphs[0].add_run(h).bold = True
    for row in rows:
        cells = t.add_row().cells
        for i, v in enumerate(row):
            cells[i].text = v


# ---------------------------------------------------------------- 办公室
def office_docx() -> None:
    doc = new_docx("岚峪县自然资源和规划局办公室")
    centred(doc, "岚峪县自然资源和规划局办公室职责及2025年工作情况")
    bold_line(doc, "一、部门概况")
    doc.add_paragraph(
        "办公室是局机关的综合协调部门，在分管副局长郝明岚的领导下开展工作。"
        "办公室现有工作人员5名，其中主任1名（滕晓雯）、副主任1名；"
        "信访接待和12345热线转办由1名同志专职负责，公文和档案管理、政务公开各由1名同志负责。"
    )
    bold_line(doc, "二、主要职责")
    for line in [
        "（一）负责局机关公文的收发、登记、审核、流转和归档，以及机要保密工作；",
        "（二）负责局党组会议、局务会议的会务工作和会议决定事项的督办；",
        "（三）负责政府信息主动公开和依申请公开答复工作；",
        "（四）负责群众来信来访、网上信箱和12345热线转办件的登记、交办、督办和回访；",
        "（五）承担局质量管理体系的日常管理，组织内部审核、管理评审和质量目标考核；",
        "（六）负责局机关车辆、办公用房和后勤保障。",
    ]:
        doc.add_paragraph(line)
    bold_line(doc, "三、2025年主要工作量")
    for line in [
        "2025年局机关共收文1,486件、发文229件，全部通过县电子公文系统流转。",
        "全年办理依申请公开47件，均已答复，其中延期答复3件。",
        "局务会议决定事项纳入督办的共112项，按期办结103项，其余9项已说明原因并调整时限。",
        "全年登记信访件26件、12345热线转办件2,317件，明细见信访及12345转办件登记台账。",
    ]:
        doc.add_paragraph(line)
    bold_line(doc, "四、办理时限")
    for line in [
        "依申请公开：自收到申请之日起20个工作日内答复；需要延长答复期限的，应当经办公室负责人同意并告知申请人，"
        "延长的期限最长不超过20个工作日。",
        "信访件：信访事项自受理之日起六十日内办结；情况复杂的，经局分管领导批准可以适当延长，延长期限不超过三十日。",
        "12345热线转办件：原则上自签收之日起5个工作日内回复办理结果。",
    ]:
        doc.add_paragraph(line)
    bold_line(doc, "五、与乡镇自然资源所的衔接")
    for line in [
        "本局在青垣镇、桐溪镇、沙湾镇、北坪乡、雁岭乡、柘川乡设有6个乡镇自然资源所，业务上接受局机关各股室指导。",
        "各乡镇自然资源所每月5日前向局办公室报送上月信访件办理情况，办公室汇总后在局务会议上通报。",
        "涉及多个承办单位的信访件，由办公室指定牵头单位，其他单位配合办理。",
    ]:
        doc.add_paragraph(line)
    bold_line(doc, "六、风险提示")
    for line in [
        "1. 信访件由多个股室和乡镇所共同承办时，容易出现相互推诿、超期未结。",
        "2. 依申请公开答复时限按工作日计算，遇节假日调休时容易算错截止日期。",
        "3. 督办事项只在台账上登记，未与局务会议纪要逐项对应，存在漏督的可能。",
    ]:
        doc.add_paragraph(line)
    bold_line(doc, "七、2025年度质量目标（办公室）")
    doc.add_paragraph(
        "信访件按期办结率不低于９５％；依申请公开按期答复率100%；局务会议决定事项按期办结率不低于90%。"
    )
    doc.save(DOCS / "2025" / "局办公室职责及2025年工作情况.docx")


# ---------------------------------------------------------------- ledger
LEDGER = [
    # id, received, source, summary, category, handler, limit, actual, late, status
    ("XF2025-001", "2025-01-08", "来信", "反映北坪乡某村集体土地被违规出租建厂", "违法用地", "北坪乡自然资源所", "60日", "2025-02-26", "否", "已办结"),
    ("XF2025-002", "2025-01-21", "网上信箱", "咨询农村宅基地建房需要办理哪些规划手续", "规划审批", "行政审批股", "60日", "2025-02-05", "否", "已办结"),
    ("XF2025-003", "2025-02-17", "来访", "反映沙湾镇某小区未经规划条件核实即交房", "规划审批", "行政审批股", "60日", "2025-04-03", "否", "已办结"),
    ("XF2025-004", "2025-03-03", "网上信箱", "申请公开2024年县城新增建设用地审批情况", "信息公开", "办公室", "20个工作日", "2025-03-24", "否", "已办结"),
    ("XF2025-005", "2025-03-19", "来信", "反映柘川乡某处耕地上堆放建筑垃圾", "耕地保护", "柘川乡自然资源所", "60日", "2025-04-28", "否", "已办结"),
    ("XF2025-006", "2025-04-02", "来访", "反映桐溪镇某村耕地被挖塘养鱼，要求恢复耕种", "耕地保护", "耕地保护股、桐溪镇自然资源所", "60日", "2025-06-20", "是", "已办结"),
    ("XF2025-007", "2025-04-15", "网上信箱", "询问乡村建设规划许可审批进度", "规划审批", "行政审批股", "60日", "2025-04-22", "否", "已办结"),
    ("XF2025-008", "2025-05-06", "来信", "反映雁岭乡征地补偿款发放不到位", "征地补偿", "雁岭乡自然资源所", "60日", "2025-06-27", "否", "已办结"),
    ("XF2025-009", "2025-05-22", "网上信箱", "反映青垣镇某企业厂房超出规划许可范围建设", "规划审批", "行政审批股", "60日", "2025-07-09", "否", "已办结"),
    ("XF2025-010", "2025-06-10", "来访", "反映沙湾镇河滩地被个人圈占种植", "违法用地", "沙湾镇自然资源所", "60日", "2025-07-25", "否", "已办结"),
    ("XF2025-011", "2025-06-24", "来信", "要求更正不动产权证书上的面积记载", "其他", "办公室（转不动产登记中心）", "60日", "2025-06-30", "否", "已转办"),
    ("XF2025-012", "2025-07-08", "网上信箱", "咨询耕地“进出平衡”政策的适用范围", "耕地保护", "耕地保护股", "60日", "2025-07-17", "否", "已办结"),
    ("XF2025-013", "2025-07-21", "来访", "反映桐溪镇某村民建房未取得乡村建设规划许可，邻里纠纷多次调处未果", "规划审批", "行政审批股、桐溪镇自然资源所", "60日", "2025-10-28", "是", "已办结"),
    ("XF2025-014", "2025-08-04", "网上信箱", "反映北坪乡补充耕地项目验收后撂荒", "耕地保护", "耕地保护股", "60日", "2025-09-12", "否", "已办结"),
    ("XF2025-015", "2025-08-19", "来信", "反映县城某地块规划条件公示时间不足", "规划审批", "行政审批股", "60日", "2025-09-30", "否", "已办结"),
    ("XF2025-016", "2025-09-02", "网上信箱", "申请公开某工业项目的建设工程规划许可证及附图", "信息公开", "办公室", "20个工作日", "2025-10-16", "是", "已办结"),
    ("XF2025-017", "2025-09-16", "来访", "再次反映雁岭乡征地补偿标准问题（已于XF2025-008答复）", "征地补偿", "雁岭乡自然资源所", "60日", "2025-09-19", "否", "不予受理"),
    ("XF2025-018", "2025-09-29", "网上信箱", "反映网上申报系统无法上传补正材料", "规划审批", "行政审批股", "60日", "2025-10-14", "否", "已办结"),
    ("XF2025-019", "2025-10-09", "来信", "反映青垣镇某砂场越界占用耕地和林地", "违法用地", "青垣镇自然资源所", "60日", "", "是", "办理中"),
    ("XF2025-020", "2025-10-20", "网上信箱", "咨询设施农业用地备案程序", "耕地保护", "耕地保护股", "60日", "2025-10-29", "否", "已办结"),
    ("XF2025-021", "2025-10-31", "来访", "反映柘川乡某村道路建设占用永久基本农田", "耕地保护", "耕地保护股、柘川乡自然资源所", "60日", "2025-12-22", "否", "已办结"),
    ("XF2025-022", "2025-11-12", "网上信箱", "询问规划许可网上受理后是否还需提交纸质材料", "规划审批", "行政审批股", "60日", "2025-11-18", "否", "已办结"),
    ("XF2025-023", "2025-11-20", "来信", "反映北坪乡自然资源所工作人员办事态度生硬", "其他", "办公室", "60日", "2025-12-19", "否", "已办结"),
    ("XF2025-024", "2025-12-03", "网上信箱", "申请公开2025年耕地卫片核查结果", "信息公开", "办公室", "20个工作日", "", "否", "办理中"),
    ("XF2025-025", "2025-12-11", "来访", "反映沙湾镇某养殖场用地手续不全", "违法用地", "沙湾镇自然资源所", "60日", "", "否", "办理中"),
    ("XF2025-026", "2025-12-23", "来信", "反映雁岭乡某村耕地被占用建设光伏板支架", "耕地保护", "耕地保护股", "60日", "", "否", "办理中"),
]


def add_working_days(day: dt.date, n: int) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def ledger_xlsx() -> None:
    wb = Workbook()
    wb.properties.creator = "岚峪县自然资源和规划局办公室"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    ws = wb.active
    ws.title = "登记台账"
    header = ["序号", "登记编号", "受理日期", "来源", "反映事项摘要", "类别", "承办单位",
              "办理时限", "应办结日期", "实际办结日期", "是否超期", "办理状态"]
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
        c.alignment = Alignment(horizontal="center")
    for n, (rid, rec, src, summ, cat, who, limit, actual, late, status) in enumerate(LEDGER, 1):
        got = dt.date.fromisoformat(rec)
        due = got + dt.timedelta(days=60) if limit == "60日" else add_working_days(got, 20)
        done = dt.date.fromisoformat(actual) if actual else None
        if done:
            assert (done > due) == (late == "是"), rid
        else:
            assert (dt.date(2025, 12, 31) > due) == (late == "是"), rid
        ws.append([n, rid, got, src, summ, cat, who, limit, due, done, late, status])
    for row in ws.iter_rows(min_row=2):
        for c in (row[2], row[8], row[9]):
            c.number_format = "yyyy-mm-dd"
    widths = [6, 13, 12, 10, 48, 10, 28, 11, 12, 13, 9, 10]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.freeze_panes = "A2"

    s = wb.create_sheet("年度汇总")
    s.append(["来源", "件数"])
    for c in s[1]:
        c.font = Font(bold=True)
    by_source: dict[str, int] = {}
    for r in LEDGER:
        by_source[r[2]] = by_source.get(r[2], 0) + 1
    for src in ("来信", "来访", "网上信箱"):
        s.append([src, by_source[src]])
    s.append(["12345热线转办", 2317])
    s.append(["合计", 2317 + len(LEDGER)])
    late = sum(1 for r in LEDGER if r[8] == "是")
    assert late == 4 and len(LEDGER) == 26
    s.append([])
    s.append(["说明：全年合计2,343件，其中12345热线转办件2,317件（在12345工单系统中逐件登记，本表不再列明），"
              "信访件26件。"])
    s.append([f"信访件26件中超期办结或超期未结{late}件，按期办结率84.6%；12345热线转办件按时回复率96.2%。"])
    s.append(["填表：办公室　　统计截至2025年12月31日"])
    s.column_dimensions["A"].width = 20
    s.column_dimensions["B"].width = 10
    wb.save(DOCS / "2025" / "2025年信访及12345转办件登记台账.xlsx")


# ---------------------------------------------------------------- 行政审批股 PDF
class Manual(FPDF):
    def header(self) -> None:
        self.set_font("wqy", size=8)
        self.cell(0, 6, "岚峪县自然资源和规划局　行政审批股工作手册（2025年版）", align="R")
        self.ln(8)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("wqy", size=8)
        self.cell(0, 6, f"第 {self.page_no()} 页", align="C")


def approval_pdf() -> None:
    pdf = Manual(format="A4")
    pdf.set_creation_date(FIXED.replace(tzinfo=dt.timezone.utc))
    pdf.set_title("行政审批股工作手册（2025年版）")
    pdf.set_author("岚峪县自然资源和规划局行政审批股")
    pdf.add_font("wqy", "", WQY, collection_font_number=0)
    pdf.set_margins(18, 15, 18)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, size: float = 10.5) -> None:
        pdf.set_font("wqy", size=size)
        assert pdf.get_string_width(text) < width, text  # one sentence, one line: quotes never wrap
        pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.start_section(text)
        pdf.set_font("wqy", size=13)
        pdf.cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")

    pdf.set_font("wqy", size=17)
    pdf.cell(0, 12, "行政审批股工作手册（2025年版）", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("wqy", size=10)
    pdf.cell(0, 7, "岚峪县自然资源和规划局　2025年10月印发", align="C", new_x="LMARGIN", new_y="NEXT")

    heading("【职能】")
    line("行政审批股统一承担本局规划类行政许可事项的受理、审查和决定，")
    line("并派员进驻县政务服务中心自然资源和规划窗口。")
    line("主要事项：建设用地规划许可证核发、建设工程规划许可证核发、")
    line("乡村建设规划许可证核发、建设工程规划条件核实。")

    heading("【人员】")
    line("本股现有在编人员4名，另有政务服务中心窗口辅助人员2名。")
    line("股长阮志恒，分管副局长郝明岚。")

    heading("【审批事项及办理时限】")
    pdf.set_font("wqy", size=10)
    rows = [
        ("事项", "法定时限", "承诺时限", "2025年办结量（件）"),
        ("建设用地规划许可证核发", "20个工作日", "10个工作日", "86"),
        ("建设工程规划许可证核发", "20个工作日", "10个工作日", "312"),
        ("乡村建设规划许可证核发", "20个工作日", "7个工作日", "1,045"),
        ("建设工程规划条件核实", "15个工作日", "8个工作日", "197"),
        ("合计", "—", "—", "1,640"),
    ]
    with pdf.table(col_widths=(62, 34, 34, 44), text_align=("LEFT", "CENTER", "CENTER", "RIGHT"),
                   line_height=8, headings_style=FontFace(emphasis="", fill_color=(225, 225, 225))) as t:
        for r in rows:
            row = t.row()
            for v in r:
                row.cell(v)
    pdf.ln(2)
    line("建设工程规划许可承诺在10个工作日内办结，比法定时限缩短一半。")
    line("申请材料需要补正的，自收到全部补正材料之日起重新计算承诺时限。")

    heading("【2025年业务量】")
    line("2025年共办结各类规划许可1,640件，其中乡村建设规划许可1,045件，占63.7%。")
    line("全年未发生被行政复议撤销的许可决定；因补正材料重新计时的办件共58件。")

    heading("【变化情况】")
    line("自2025年9月1日起，规划许可申请一律通过县工程建设项目审批系统网上受理。")
    line("窗口不再接收纸质申请材料，原纸质受理登记簿同时停用。")

    heading("【与乡镇的衔接】")
    line("乡村建设规划许可由乡镇人民政府初审后报送本股，")
    line("乡镇自然资源所负责现场踏勘并填写《现场踏勘记录表》。")
    line("本股每季度对乡镇初审案卷抽查一次，结果在季度例会上通报。")

    heading("【风险点】")
    line("1. 申请人补正材料的时间是否计入办理时限，窗口与股室的理解不一致。")
    line("2. 乡镇初审人员流动大，现场踏勘记录时有缺漏。")
    line("3. 网上受理后，系统计时与纸质档案记载的日期可能不一致。")
    pdf.output(str(DOCS / "2025" / "行政审批股工作手册（2025年版）.pdf"))


# ---------------------------------------------------------------- GBK procedure
PROCEDURE_TXT = """岚峪县自然资源和规划局质量管理体系程序文件

文件编号：LYZG-CX-07　　版本/修改状态：B/0
生效日期：2025年3月1日　　编制：行政审批股　　批准：郝明岚

规划许可办理程序

1　目的
规范规划类行政许可事项的受理、审查、决定和送达，确保在法定时限和承诺时限内办结。

2　适用范围
本程序适用于局行政审批股及受委托开展乡村建设规划许可初审的各乡镇人民政府。

3　职责
3.1　行政审批股负责受理、审查、提出审批意见和送达。
3.2　分管副局长负责签发许可决定。
3.3　乡镇人民政府负责乡村建设规划许可的初审，乡镇自然资源所负责现场踏勘。

4　工作程序
4.1　受理：申请材料齐全、符合法定形式的，当场受理并登记；材料不齐全的，应当场或者在五日内一次告知申请人需要补正的全部内容。
4.2　审查：承办人对申请材料进行审查；需要现场核查的，组织现场踏勘并做好记录。
4.3　决定：建设工程规划许可应在受理后十个工作日内作出决定；乡村建设规划许可应在受理后七个工作日内作出决定。不能按期作出决定的，应在期限届满前报分管副局长批准延期，并书面告知申请人。
4.4　送达：许可决定自作出之日起三个工作日内送达申请人。
4.5　归档：办结后十五日内将案卷整理归档。

5　记录
5.1　《规划许可申请受理登记簿》（JL-07-01），保存期限：永久
5.2　《补正材料告知书》（JL-07-02），保存期限：30年
5.3　《现场踏勘记录表》（JL-07-03），保存期限：30年
5.4　《规划许可审查意见表》（JL-07-04），保存期限：永久
5.5　《许可决定送达回证》（JL-07-05），保存期限：30年

6　相关文件
《岚峪县工程建设项目审批制度改革实施方案》
《岚峪县自然资源和规划局质量手册》（第3版）
"""


def procedure_txt() -> None:
    data = PROCEDURE_TXT.replace("\n", "\r\n").encode("gbk")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("GBK text must not decode as UTF-8")
    (DOCS / "2025" / "规划许可办理程序.txt").write_bytes(data)


# ---------------------------------------------------------------- English department
def enforcement_remit() -> None:
    doc = new_docx("Land Use Enforcement Section")
    centred(doc, "Lanyu County Bureau of Natural Resources and Planning", size=14)
    centred(doc, "Land Use Enforcement Section: what we do and how we work (2025 edition)", size=13)

    doc.add_heading("What we do", level=2)
    doc.add_paragraph(
        "The Land Use Enforcement Section investigates unlawful occupation of land, building without or "
        "beyond a planning permit, and unlawful extraction of sand and gravel on land under the bureau's "
        "supervision. It follows up the change spots flagged by the provincial satellite monitoring "
        "programme, opens and runs administrative penalty cases, and refers cases that are not complied "
        "with to the county court for compulsory enforcement."
    )
    doc.add_heading("Who we are", level=2)
    doc.add_paragraph(
        "The section has six officers and two contracted patrol drivers. It is headed by Section Chief "
        "Qiu Hanlin and reports to Deputy Director Hao Minglan. Two of the six officers received their "
        "law enforcement certificates in 2024 and have less than two years' experience."
    )
    doc.add_heading("2025 in numbers", level=2)
    for text in [
        "In 2025 the section opened 138 cases, closed 127 and carried 11 into 2026.",
        "The satellite monitoring programme flagged 1,204 change spots in the county; the township offices "
        "checked every one of them and 96 turned out to be violations.",
        "17 cases were referred to the county court for compulsory enforcement.",
        "Of the 127 cases closed, 109 were closed within the time limit (85.8%).",
    ]:
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("Time limits we work to", level=2)
    for text in [
        "A case is opened, or the lead dismissed with reasons, within ten working days of a lead being received.",
        "A case is closed within 90 days of the case being opened; the Director may extend this once, by up to 30 days.",
        "A penalty decision is served on the party within 7 days of being signed.",
    ]:
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("Working with the township offices", level=2)
    doc.add_paragraph(
        "Each of the six township natural resources offices walks its patch at least twice a month and "
        "reports suspected violations to the section within 24 hours. The offices also carry out the first "
        "site check on satellite change spots and send back a verification sheet with photographs. The "
        "section visits every township office once a quarter to check its patrol log."
    )
    doc.add_heading("Where things go wrong", level=2)
    for text in [
        "Cases are sometimes closed on the basis of a township's written statement that the structure was "
        "removed, without photographs or a site visit.",
        "Leads phoned in to a township office are not always passed on, so the ten-day clock starts late or "
        "never starts.",
        "With six officers and well over a hundred cases a year, files pile up after the autumn harvest, "
        "when building on farmland peaks.",
    ]:
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("What changed this year", level=2)
    doc.add_paragraph(
        "Since 1 June 2025, lead registration has moved from the paper logbook to the provincial enforcement "
        "case system. Leads received before that date stay in the logbook, which is kept in the section's archive."
    )
    doc.add_heading("Targets for 2026", level=2)
    for text in [
        "Cases closed within the time limit: at least 90%",
        "Satellite change spots checked on site within the provincial deadline: 100%",
    ]:
        doc.add_paragraph(text, style="List Bullet")
    doc.save(DOCS / "2025" / "Land_Use_Enforcement_Section_What_We_Do.docx")


def enforcement_procedure() -> None:
    doc = new_docx("Land Use Enforcement Section")
    centred(doc, "Enforcement Case Handling Procedure", size=15)
    table(doc, ["Document No.", "Revision", "Effective", "Owner"],
          [["LYZG-CX-11", "C", "1 March 2026", "Land Use Enforcement Section"]])
    bold_line(doc, "1. Purpose")
    doc.add_paragraph(
        "To make sure that every lead on unlawful land use is registered, checked and either dismissed or "
        "taken to a decision, and that no case is closed before the land has actually been put right."
    )
    bold_line(doc, "2. Scope")
    doc.add_paragraph(
        "This procedure applies to the Land Use Enforcement Section and to the six township natural "
        "resources offices when they receive, check or follow up a lead on unlawful land use."
    )
    bold_line(doc, "3. Steps")
    for text in [
        "3.1 Registering a lead. Every lead, whether reported by a member of the public, referred by another "
        "body or flagged by satellite monitoring, is entered in the provincial enforcement case system on the "
        "day it is received.",
        "3.2 Site check. The township office or an officer of the section checks the site within three working "
        "days of registration and completes the Site Inspection Record with photographs.",
        "3.3 Opening the case. The Section Chief approves opening the case, or dismissing the lead with "
        "written reasons, within ten working days of the lead being received.",
        "3.4 Investigation and decision. The case officer gathers evidence, hears the party and drafts the "
        "penalty decision for the Director's signature.",
        "3.5 Closure. A case is closed only after two officers have re-inspected the site and signed the "
        "Rectification Verification Sheet.",
    ]:
        doc.add_paragraph(text)
    bold_line(doc, "4. Records")
    for text in [
        "Lead Register (JL-11-01), kept in the provincial enforcement case system",
        "Site Inspection Record with photographs (JL-11-02)",
        "Case Approval Form (JL-11-03)",
        "Rectification Verification Sheet (JL-11-04)",
        "Case Closure Form (JL-11-05)",
    ]:
        doc.add_paragraph(text, style="List Bullet")
    doc.add_paragraph(
        "Case files are kept for 30 years, or permanently where permanent basic farmland is involved."
    )
    bold_line(doc, "5. What changed in Revision C")
    for text in [
        "Revision C requires a site re-inspection with dated photographs before any case is closed; a "
        "township's written statement is no longer enough.",
        "The site check after registration is shortened from five to three working days.",
        "Revision B (2024) is withdrawn.",
    ]:
        doc.add_paragraph(text, style="List Bullet")
    doc.save(DOCS / "2026" / "Enforcement_Case_Handling_Procedure_Rev_C.docx")


# ---------------------------------------------------------------- 耕地保护股
def farmland_docx() -> None:
    doc = new_docx("岚峪县自然资源和规划局耕地保护股")
    centred(doc, "岚峪县自然资源和规划局耕地保护股工作职责（2025年修订）")
    clauses = [
        ("第一条　职责",
         ["本股负责全县耕地和永久基本农田保护的组织实施，具体包括：落实耕地保护目标责任；组织实施田长制；"
          "审核耕地“进出平衡”方案并组织补充耕地项目验收；组织年度国土变更调查中耕地图斑的核实；"
          "指导、督促乡镇开展耕地保护工作。"]),
        ("第二条　人员与分工",
         ["本股现有工作人员3名：股长符清远负责全面工作和田长制，1名同志负责进出平衡和补充耕地，"
          "1名同志负责变更调查和图斑核实。"]),
        ("第三条　2025年工作量",
         ["全年审核耕地“进出平衡”方案63个，组织验收补充耕地项目11个，新增耕地412.6亩。",
          "配合年度变更调查，核实耕地流出问题图斑287个。"]),
        ("第四条　办理时限",
         ["乡镇上报的耕地流出问题图斑，本股应在十五个工作日内完成复核并提出处理意见。",
          "“进出平衡”方案自收到乡镇报送材料之日起20个工作日内完成审核。"]),
        ("第五条　乡镇和村级工作要求",
         ["全县实行县、乡、村三级田长制。村级田长每周巡田不少于1次，乡级田长每月巡田不少于1次，"
          "巡田情况如实填入《田长巡田记录》。",
          "乡镇自然资源所每季度末将巡田记录汇总报本股，本股每季度对乡镇进行一次督导检查。"]),
        ("第六条　主要风险",
         ["部分村的巡田记录由村干部事后集中补填，记录真实性难以保证。",
          "补充耕地项目验收后管护不到位，存在新增耕地撂荒、质量下降的情况。"]),
        ("第七条　年度目标",
         ["永久基本农田保护面积不低于36.2万亩；耕地保有量不低于上级下达的任务；"
          "田长巡田记录季度抽查合格率不低于90%。"]),
    ]
    for head, paras in clauses:
        bold_line(doc, head)
        for p in paras:
            doc.add_paragraph(p)
    doc.save(DOCS / "2025" / "耕地保护股工作职责（2025年修订）.docx")


# ---------------------------------------------------------------- scanned notice
SCANNED_LINES = [
    "岚峪县自然资源和规划局",
    "岚自然资发〔2026〕12号",
    "关于调整田长巡田频次和记录方式的通知",
    "各乡镇人民政府，各乡镇自然资源所：",
    "为进一步压实田长责任，经局务会议研究，现将有关事项通知如下：",
    "一、自2026年4月1日起，村级田长巡田频次调整为每周不少于2次，乡级田长每月不少于2次。",
    "二、巡田记录一律通过“岚峪田长通”手机应用实时上传，不再使用纸质记录本。",
    "三、耕地保护股每月对应用上传数据进行抽查，抽查比例不低于村级田长总数的10%。",
    "四、各乡镇自然资源所应于每月3日前报送上月巡田情况汇总表。",
    "岚峪县自然资源和规划局",
    "2026年3月18日",
]
SCANNED_TEXT = "\n".join(SCANNED_LINES)


def wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    out, cur = [], ""
    for ch in text:
        if draw.textlength(cur + ch, font=font) > width:
            out.append(cur)
            cur = ch
        else:
            cur += ch
    out.append(cur)
    return out


def scanned_pdf() -> None:
    rnd = random.Random(20261203)
    W, H = 1240, 1754  # A4 at 150 dpi
    img = Image.new("L", (W, H), 246)
    d = ImageDraw.Draw(img)
    f_head = ImageFont.truetype(WQY, 50, index=0)
    f_title = ImageFont.truetype(WQY, 36, index=0)
    f_body = ImageFont.truetype(WQY, 28, index=0)
    left, right = 130, W - 130
    y = 150
    head = SCANNED_LINES[0] + "文件"
    d.text(((W - d.textlength(head, font=f_head)) / 2, y), head, font=f_head, fill=40)
    y += 90
    d.line((left, y, right, y), fill=60, width=3)
    y += 20
    d.text(((W - d.textlength(SCANNED_LINES[1], font=f_body)) / 2, y), SCANNED_LINES[1], font=f_body, fill=30)
    y += 80
    d.text(((W - d.textlength(SCANNED_LINES[2], font=f_title)) / 2, y), SCANNED_LINES[2], font=f_title, fill=20)
    y += 90
    d.text((left, y), SCANNED_LINES[3], font=f_body, fill=25)
    y += 52
    for para in SCANNED_LINES[4:9]:
        lines = wrap(d, "　　" + para, f_body, right - left)
        for ln in lines:
            d.text((left, y), ln, font=f_body, fill=25)
            y += 48
        y += 8
    y += 90
    sig_x = right - 360
    d.text((sig_x, y), SCANNED_LINES[9], font=f_body, fill=25)
    d.text((sig_x + 60, y + 52), SCANNED_LINES[10], font=f_body, fill=25)
    # grey seal over the signature
    cx, cy, r = sig_x + 170, y + 30, 120
    seal = Image.new("L", (W, H), 0)
    sd = ImageDraw.Draw(seal)
    sd.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=8)
    star = [(cx + 40 * __import__("math").cos(a), cy + 40 * __import__("math").sin(a))
            for a in [(-90 + k * 144) * 3.14159265 / 180 for k in range(5)]]
    sd.polygon(star, fill=255)
    f_seal = ImageFont.truetype(WQY, 22, index=0)
    sd.text((cx - sd.textlength("公文专用", font=f_seal) / 2, cy + 55), "公文专用", font=f_seal, fill=255)
    img.paste(Image.new("L", (W, H), 120), (0, 0), seal.point(lambda v: int(v * 0.55)))
    y_end = H - 120
    d.line((left, y_end, right, y_end), fill=90, width=2)
    d.text((left, y_end + 12), "岚峪县自然资源和规划局办公室　　　2026年3月18日印发", font=f_body, fill=60)
    # scan artefacts: speckle, a little rotation, blur, uneven edge shadow
    px = img.load()
    for _ in range(9000):
        x, yy = rnd.randrange(W), rnd.randrange(H)
        px[x, yy] = rnd.choice((70, 110, 150, 190))
    img = img.rotate(0.7, resample=Image.BICUBIC, fillcolor=200, expand=False)
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    shadow = Image.linear_gradient("L").rotate(90).resize((60, H))
    img.paste(Image.eval(shadow, lambda v: 150 + v // 3), (W - 60, 0))
    img.save(DOCS / "2026" / "关于调整田长巡田频次和记录方式的通知（扫描件）.pdf", "PDF", resolution=150.0)


# ---------------------------------------------------------------- internal audit report
FINDINGS = [
    ["2026-NC-01", "行政审批股",
     "抽查的25份建设工程规划许可档案中，有3份从受理到作出决定超过承诺的10个工作日（最长16个工作日），"
     "既未办理延期审批，也未告知申请人。",
     "GB/T 19001—2016 8.5.1；LYZG-CX-07 第4.3条",
     "已对3件逐件分析原因（补正材料时间计算错误），修订了补正计时规则并对窗口人员进行培训；"
     "纠正措施有效性尚待2027年第一季度抽查验证。",
     "已纠正，待验证"],
    ["2026-NC-02", "耕地保护股",
     "桐溪镇3个村2026年第三季度仍使用纸质《田长巡田记录》，且有同一人同一日集中补填多周记录的情况；"
     "股室季度督导未发现，也未落实“岚峪田长通”实时上传的要求。",
     "GB/T 19001—2016 9.1.1、8.5.1",
     "与2025年内审不符合项2025-NC-05属同类问题，上年整改仅补齐了记录，未分析原因。"
     "股室已提交原因分析，纠正措施正在实施。",
     "重复发生，未关闭"],
    ["2026-NC-03", "办公室",
     "抽查的14件依申请公开答复中，有2件超过20个工作日才答复，且无延期审批和告知记录。",
     "GB/T 19001—2016 8.2.1、7.5.3",
     "原因分析及整改计划尚未提交，已要求于2026年12月20日前提交。",
     "未关闭"],
    ["2026-NC-04", "办公室",
     "局务会议决定事项督办台账2026年6月至8月未更新，其中2项已逾期事项未督促。",
     "GB/T 19001—2016 9.1.3",
     "已补登台账并明确专人每周更新；内审员龚蔚于2026年11月25日复查9月至11月台账，更新及时。",
     "已关闭"],
    ["2026-NC-05", "行政审批股",
     "抽查的20份乡村建设规划许可档案中，有2份缺少《现场踏勘记录表》，均由雁岭乡初审；股室季度抽查未覆盖该乡。",
     "GB/T 19001—2016 8.4；LYZG-CX-07 第5.3条",
     "雁岭乡自然资源所已补做现场踏勘并补齐记录，股室已将该表列为受理必查项；2026年11月26日验证有效，予以关闭。",
     "已关闭"],
]


def audit_report() -> None:
    doc = new_docx("岚峪县自然资源和规划局内审组")
    centred(doc, "岚峪县自然资源和规划局")
    centred(doc, "2026年度内部质量审核报告", size=15)
    doc.add_heading("一、审核概况", level=1)
    for line in [
        "审核时间：2026年11月9日至12日。",
        "审核范围：办公室、行政审批股、耕地保护股，以及桐溪镇、雁岭乡2个乡镇自然资源所。",
        "审核准则：GB/T 19001—2016、本局质量管理体系文件（第3版）及相关法律法规。",
        "审核组：组长龚蔚（不动产登记中心），组员潘若琳（耕地保护股）、骆一舟（行政审批股）；组员均不审核本人所在部门。",
        "首次会议由局长韦承泽主持并作动员讲话，各股室负责人参加。",
    ]:
        doc.add_paragraph(line)
    doc.add_heading("二、抽样情况", level=1)
    for line in [
        "行政审批股：抽查2026年1—10月建设工程规划许可办件档案25份（同期共办结268件），乡村建设规划许可档案20份（同期共办结871件）。",
        "办公室：抽查依申请公开答复14件（1—10月共受理53件）、信访件12件，以及局务会议决定事项督办台账。",
        "耕地保护股：抽查桐溪镇、雁岭乡共6个村2026年第三季度的巡田记录，并查阅股室季度督导记录。",
    ]:
        doc.add_paragraph(line)
    doc.add_heading("三、不符合项", level=1)
    doc.add_paragraph("本次审核共开具不符合项5项，均为一般不符合，明细如下：")
    table(doc, ["编号", "受审核部门", "不符合事实", "不符合条款", "整改情况", "状态"], FINDINGS)
    doc.add_heading("四、上年度不符合项跟踪", level=1)
    doc.add_paragraph(
        "2025年度内审共开具不符合项6项，至本次审核前已关闭5项；2025-NC-05（田长巡田记录补填）本次再次发现同类问题，"
        "按重复发生处理，转入2026-NC-02跟踪。"
    )
    doc.add_heading("五、审核结论", level=1)
    doc.add_paragraph(
        "局质量管理体系总体运行有效。行政审批股规划许可全部网上受理、办公室督办台账专人周更新等做法可作为良好实践。"
        "需要关注的是：多部门承办事项的时限管理，以及对乡镇的督导是否真正发挥作用。"
    )
    doc.add_heading("六、整改跟踪（截至2026年11月27日）", level=1)
    doc.add_paragraph(
        "2026-NC-04、2026-NC-05已验证关闭；2026-NC-01已纠正，有效性待验证；2026-NC-02、2026-NC-03未关闭。"
    )
    p = doc.add_paragraph("审核组长：龚蔚　　　　2026年11月27日")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(DOCS / "2026" / "2026年度内部质量审核报告.docx")


# ---------------------------------------------------------------- management review minutes
MINUTES_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>2026年第1次管理评审会议纪要</title>
<style>
body { font-family: "SimSun", serif; margin: 2em 4em; line-height: 1.7; }
table { border-collapse: collapse; }
td, th { border: 1px solid #444; padding: 4px 8px; }
</style>
</head>
<body>
<h1>岚峪县自然资源和规划局2026年第1次管理评审会议纪要</h1>
<p>时间：2026年1月16日上午<br>
地点：局三楼会议室<br>
主持：局长韦承泽<br>
出席：郝明岚（副局长）、滕晓雯（办公室）、阮志恒（行政审批股）、符清远（耕地保护股）及各股室负责人<br>
记录：滕晓雯</p>

<h2>一、评审输入</h2>
<p>办公室汇报了2025年质量管理体系运行情况：2025年全年受理信访及12345热线转办件两千余件，信访件按期办结率为84.6%，未达到不低于95%的年度目标；依申请公开按期答复率100%。</p>
<p>2025年度内部审核开具的6项不符合项已关闭5项，2025-NC-05（田长巡田记录补填）仍在整改中。</p>
<p>行政审批股汇报：规划许可自2025年9月起全部网上受理，全年承诺时限内办结率为97.1%；补正材料计时口径仍需统一。</p>
<p>耕地保护股汇报：全县永久基本农田保护任务全部落实，部分村巡田记录存在补填现象。</p>

<h2>二、评审结论</h2>
<p>会议认为，局质量管理体系总体适宜、充分、有效，但信访件多部门承办时责任不清、乡镇基础记录不实的问题需要从机制上解决。</p>

<h2>三、决定事项</h2>
<table>
<tr><th>序号</th><th>事项</th><th>责任部门</th><th>完成时限</th></tr>
<tr><td>1</td><td>建立信访件多部门承办的首办负责制，由首个接件单位牵头答复</td><td>办公室</td><td>2026年3月31日</td></tr>
<tr><td>2</td><td>推行“岚峪田长通”手机应用，停用纸质巡田记录本</td><td>耕地保护股</td><td>2026年4月1日</td></tr>
<tr><td>3</td><td>将补正材料计时规则写入《规划许可办理程序》并换版</td><td>行政审批股</td><td>2026年6月30日</td></tr>
<tr><td>4</td><td>在2026年质量目标中增设“规划许可承诺时限内办结率不低于98%”</td><td>办公室</td><td>2026年1月31日</td></tr>
<tr><td>5</td><td>每季度对各乡镇自然资源所信访件办理情况抽查一次</td><td>办公室</td><td>2026年3月起每季度</td></tr>
</table>
<p>会议要求各责任部门于每季度末向办公室书面报告决定事项落实情况，办公室纳入督办台账跟踪。</p>
<p>岚峪县自然资源和规划局办公室<br>2026年1月19日印发</p>
</body>
</html>
"""


def minutes_html() -> None:
    (DOCS / "2026" / "2026年第1次管理评审会议纪要.html").write_text(MINUTES_HTML, encoding="utf-8")


def main() -> None:
    for year in ("2025", "2026"):
        (DOCS / year).mkdir(parents=True, exist_ok=True)
    office_docx()
    ledger_xlsx()
    approval_pdf()
    procedure_txt()
    enforcement_remit()
    enforcement_procedure()
    farmland_docx()
    scanned_pdf()
    audit_report()
    minutes_html()
    for f in sorted(DOCS.rglob("*")):
        if f.is_file():
            print(f.relative_to(ROOT), f.stat().st_size)


if __name__ == "__main__":
    main()
