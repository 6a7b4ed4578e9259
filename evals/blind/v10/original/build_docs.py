"""Build the documents of blind corpus v10 (棠川县医疗保障局).

Run with the project's virtualenv (python-docx, openpyxl, fpdf2, Pillow):
    /work/main/.venv/bin/python original/build_docs.py
from the folder evals/blind/v10. Output goes to docs/2025 and docs/2026.
The output is deterministic apart from the timestamps the libraries stamp into
DOCX/XLSX/PDF metadata.
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
DOCS = HERE.parent / "docs"
WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FIXED_TIME = dt.datetime(2026, 12, 20, 9, 0, 0)

AGENCY = "棠川县医疗保障局"


# ---------------------------------------------------------------- helpers
def new_docx(author: str) -> Document:
    doc = Document()
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        st = doc.styles[name]
        st.font.name = "Times New Roman"
        rpr = st.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(rfonts)
        rfonts.set(qn("w:eastAsia"), "宋体")
    doc.styles["Normal"].font.size = Pt(12)
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.title = ""
    cp.comments = ""
    return doc


def add_table(doc: Document, header: list[str], rows: list[list[str]]):
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for i, h in enumerate(header):
        cell = t.rows[0].cells[i]
        cell.text = h
        for r in cell.paragraphs[0].runs:
            r.bold = True
    for row in rows:
        cells = t.add_row().cells
        for i, v in enumerate(row):
            cells[i].text = v
    return t


def centred(doc: Document, text: str, size: int = 16, bold: bool = True):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(text)
    r.bold = bold
    r.font.size = Pt(size)
    return p


# ---------------------------------------------------------------- 2025: 办公室 (DOCX, Chinese only)
def office_docx(path: Path) -> None:
    doc = new_docx("办公室")
    centred(doc, "棠川县医疗保障局办公室工作规则及岗位分工", 18)
    centred(doc, "（2025年12月修订）", 12, bold=False)

    doc.add_paragraph("【职能】")
    doc.add_paragraph(
        "办公室是局机关的综合协调部门，负责文电、会务、机要、保密、档案、信息、督查督办、政务信息公开、"
        "安全保卫和后勤保障，承担局党组会议和局务会议议定事项的跟踪落实。办公室同时是本局质量管理体系的"
        "归口管理部门，负责体系文件的编号、发布、修订登记和受控管理，组织内部审核和管理评审的会务。"
    )

    doc.add_paragraph("【人员与分工】")
    doc.add_paragraph(
        "办公室核定编制5名，现有在编人员4名，另从县医疗保障事务中心借调1名工作人员协助档案整理。"
        "各岗位实行A、B角制度，A角不在岗时由B角顶岗办理。"
    )
    add_table(
        doc,
        ["岗位", "主要事项", "A角", "B角"],
        [
            ["主任", "全面工作；督查督办；质量管理体系归口管理", "程立新", "许嘉禾"],
            ["文秘岗", "收文、发文；会务；信息报送", "许嘉禾", "欧阳静"],
            ["机要保密档案岗", "机要文件收发；保密管理；档案集中归档", "欧阳静", "（空缺）"],
            ["政务公开与后勤岗", "政务信息公开；安全保卫；车辆和后勤", "陶一鸣", "许嘉禾"],
        ],
    )
    doc.add_paragraph("注：机要保密档案岗暂无B角，欧阳静休假期间机要文件由办公室主任代为签收。")

    doc.add_paragraph("【公文与会务】")
    doc.add_paragraph(
        "（一）收文登记后，一般来文应在3个工作日内提出拟办意见报局领导批示；标注“特急”的来文当日登记、当日呈批。"
    )
    doc.add_paragraph(
        "（二）2025年全年局机关收文1,357件、发文208件，组织局务会议22次、局党组会议18次。"
    )
    doc.add_paragraph(
        "（三）自2025年6月1日起，各股室办结的业务档案一律移交办公室集中归档，股室不再自行保管。"
    )

    doc.add_paragraph("【督查督办】")
    doc.add_paragraph(
        "县委、县政府、市医疗保障局交办事项和局务会议议定事项，统一登记入《督办事项台账》。"
        "2025年共登记督办事项96项，按期办结89项，延期办结5项，尚未办结2项。"
        "对距离办结期限不足3个工作日仍未办结的事项，办公室向承办股室发出《催办通知单》。"
    )

    doc.add_paragraph("【政务信息公开】")
    doc.add_paragraph(
        "属于主动公开范围的政府信息，由承办股室提交办公室审核，办公室自信息形成或者变更之日起20个工作日内"
        "在县政府门户网站“医疗保障”专栏发布。2025年主动公开信息173条，受理依申请公开11件。"
    )

    doc.add_paragraph("【风险提示】")
    doc.add_paragraph(
        "一是督办事项大多由其他股室承办，办公室只掌握台账，对承办过程缺少抓手，"
        "容易出现“台账办结、实际未办结”的情况；二是机要保密档案岗单人在岗，人员请假时存在断档。"
    )

    doc.add_paragraph("附表：2025年办公室主要工作量（按季度）")
    add_table(
        doc,
        ["季度", "收文（件）", "发文（件）", "督办登记（项）", "主动公开（条）"],
        [
            ["第一季度", "318", "47", "21", "38"],
            ["第二季度", "352", "55", "26", "45"],
            ["第三季度", "331", "50", "24", "41"],
            ["第四季度", "356", "56", "25", "49"],
            ["合计", "1357", "208", "96", "173"],
        ],
    )
    doc.save(path)


# ---------------------------------------------------------------- 2025: 待遇保障股 (PDF with headings and a table)
class SectionPDF(FPDF):
    def footer(self):
        self.set_y(-15)
        self.set_font("wqy", size=9)
        self.cell(0, 10, f"第 {self.page_no()} 页", align="C")


def benefits_pdf(path: Path) -> None:
    pdf = SectionPDF(format="A4")
    pdf.set_creation_date(FIXED_TIME)
    pdf.set_author("待遇保障股")
    pdf.set_title("待遇保障股职责及2025年业务运行情况")
    pdf.add_font("wqy", "", WQY, collection_font_number=0)
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()

    def heading(text: str, level: int = 0):
        pdf.ln(3)
        pdf.start_section(text, level=level)
        pdf.set_font("wqy", size=14 if level == 0 else 12)
        pdf.multi_cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("wqy", size=11)

    def para(text: str):
        pdf.set_font("wqy", size=11)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    pdf.set_font("wqy", size=17)
    pdf.multi_cell(0, 11, "棠川县医疗保障局待遇保障股", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 11, "职责及2025年业务运行情况", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    heading("一、基本情况")
    para("待遇保障股现有工作人员6名。")
    para("其中股长1名、经办骨干3名、劳务派遣人员2名。")
    para("本股负责全县约31.6万参保群众的医疗保障待遇审核。")

    heading("二、主要职责")
    para("（一）组织落实全县基本医疗保险、大病保险和医疗救助待遇政策。")
    para("（二）负责门诊慢特病待遇认定、异地就医备案、零星医疗费用报销审核和医疗救助对象待遇审核。")
    para("（三）指导10个乡镇医保服务站开展待遇经办，组织业务培训和抽查。")
    para("（四）受理待遇政策咨询，配合政策法规与信访股办理待遇类投诉。")

    heading("三、2025年业务量")
    para("全年受理门诊慢特病待遇认定申请2,138件，")
    para("认定通过1,906件；办理异地就医备案4,705人次；审核零星医疗费用报销1,264件。")
    para("各项业务办理情况见下表。")
    pdf.set_font("wqy", size=10)
    with pdf.table(
        col_widths=(52, 30, 40, 30),
        text_align=("LEFT", "RIGHT", "CENTER", "RIGHT"),
        headings_style=FontFace(emphasis=None, fill_color=(225, 225, 225)),
        line_height=7,
    ) as table:
        for row in [
            ("事项", "办理量", "办理时限", "按时办结率"),
            ("门诊慢特病待遇认定", "2,138件", "15个工作日", "96.4%"),
            ("异地就医备案", "4,705人次", "2个工作日", "99.1%"),
            ("零星医疗费用报销", "1,264件", "20个工作日", "93.8%"),
            ("医疗救助待遇审核", "862件", "10个工作日", "98.2%"),
        ]:
            r = table.row()
            for c in row:
                r.cell(c)
    pdf.ln(3)
    para("2025年门诊慢特病待遇认定按时办结率96.4%，达到年度目标（95%）。")

    heading("四、办理时限")
    para("门诊慢特病待遇认定自受理之日起15个工作日内作出结论。")
    para("零星医疗费用报销材料齐全的，20个工作日内完成审核。")
    para("异地就医备案材料齐全的，2个工作日内办结。")

    heading("五、对乡镇医保服务站的指导")
    para("10个乡镇医保服务站负责慢特病申请材料的初审和代收，")
    para("每周二、周五集中报送待遇保障股。")
    para("2025年本股按季度抽查乡镇代收件，")
    para("共抽查320件，发现材料不全或交接手续缺失47件。")

    heading("六、存在的问题和风险")
    para("（一）零星报销审核依赖人工核对票据，存在重复报销的风险。")
    para("（二）每年11月至12月为集中申报期，慢特病认定申请占全年三成以上，超时风险较高。")
    para("（三）乡镇服务站人员流动较大，新进人员对病种材料要求掌握不够。")
    pdf.output(str(path))


# ---------------------------------------------------------------- 2025: procedure (GB18030 text, CRLF)
PROCEDURE_LINES = [
    "棠川县医疗保障局",
    "程序文件",
    "",
    "文件编号：TCYB-CX-07        版本/修改：B/0",
    "标    题：门诊慢特病待遇认定办理规程",
    "发布日期：2025年3月10日      实施日期：2025年4月1日",
    "编制：待遇保障股    审核：办公室    批准：邵怀远",
    "",
    "1  目的",
    "规范门诊慢性病、特殊疾病（以下简称慢特病）待遇认定的受理、审核、评审和告知，确保在规定时限内办结。",
    "",
    "2  适用范围",
    "本规程适用于待遇保障股、县医疗保障事务中心以及受委托代收材料的各乡镇医保服务站。",
    "",
    "3  职责",
    "3.1  待遇保障股负责受理审核、组织专家评审并作出认定结论。",
    "3.2  乡镇医保服务站负责材料初审、代收和移交，不得作出认定结论。",
    "3.3  县医疗保障事务中心负责在信息系统中维护认定结果，保证待遇按时享受。",
    "3.4  办公室负责认定案卷的集中归档。",
    "",
    "4  工作程序",
    "4.1  受理：申请材料齐全的，当场受理；材料不全的，应当场或在五个工作日内一次性告知需补正的全部内容。",
    "4.2  乡镇代收：服务站收到材料后两个工作日内填写交接单，并将材料移交待遇保障股。",
    "4.3  审核与评审：需专家评审的病种，每月集中评审不少于两次，评审时间不计入办理时限。",
    "4.4  认定：自受理之日起十五个工作日内作出认定结论；不能按期作出的，须经分管领导批准延期并记录理由。",
    "4.5  告知：认定结论作出后三个工作日内告知申请人；不予认定的，应说明理由和救济途径。",
    "",
    "5  记录",
    "5.1  《门诊慢特病待遇申请表》（TCYB-JL-07-01）",
    "5.2  《乡镇代收材料交接单》（TCYB-JL-07-02）",
    "5.3  《慢特病专家评审记录》（TCYB-JL-07-03）",
    "5.4  《门诊慢特病认定结果告知书》（TCYB-JL-07-04）",
    "以上记录由办公室集中归档，保存期限不少于10年。",
    "",
    "6  相关文件",
    "《棠川县门诊慢特病病种目录及认定标准》（现行版）",
]


def procedure_txt(path: Path) -> None:
    text = "\r\n".join(PROCEDURE_LINES) + "\r\n"
    path.write_bytes(text.encode("gb18030"))


# ---------------------------------------------------------------- 2025: Fund Supervision Section (HTML, English only)
FUND_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Fund Supervision Section | Tangchuan County Healthcare Security Administration</title>
<style>
body { font-family: Arial, sans-serif; max-width: 860px; margin: 2em auto; color: #222; }
h1 { border-bottom: 2px solid #2a6f97; }
.updated { color: #777; font-size: 0.9em; }
</style>
</head>
<body>
<div id="crumbs">Intranet &gt; Sections &gt; Fund Supervision</div>
<h1>Fund Supervision Section</h1>
<p class="updated">Page updated 18 December 2025</p>

<h2>What we do</h2>
<p>We look after the county's medical insurance fund. We manage the service agreements with designated
hospitals, clinics and retail pharmacies, review the alerts raised by the smart monitoring system, carry
out on-site inspections, handle suspected fraud cases and recover money that was wrongly paid out.</p>

<h2>Who we are</h2>
<p>The section has four staff: the section chief, two inspectors and one data analyst on secondment from
the County Healthcare Security Service Centre.</p>

<h2>2025 in figures</h2>
<ul>
<li>Designated providers under agreement at year end: 187 (23 hospitals and clinics, 164 retail pharmacies).</li>
<li>On-site inspections: 62 providers, a coverage of 33.2% against a target of 30%.</li>
<li>Smart monitoring alerts reviewed: 1,905; confirmed as violations: 311.</li>
<li>Money recovered: RMB 1,486,200 from 41 providers.</li>
<li>Public tip-offs received: 57, of which 12 were substantiated.</li>
</ul>

<h2>Our deadlines</h2>
<p>Every alert raised by the smart monitoring system is reviewed within ten working days of being flagged.
A tip-off from the public is acknowledged within 3 working days, and the person who reported it is told
the outcome when the case is closed.</p>

<h2>How we work with township stations</h2>
<p>Each of the ten township healthcare security stations sends us a list of suspected card lending and of
providers that patients complain about, by the 5th of the following month. We check every item on the
list during the next round of visits.</p>

<h2>Risks we keep an eye on</h2>
<ul>
<li>Retail pharmacies swapping daily goods for prescribed medicines paid from the insurance card.</li>
<li>Small cases (under RMB 5,000) are closed inside the section without legal review, so similar cases may end differently.</li>
<li>With only two inspectors, the rule that every visit needs two inspectors is hard to keep when one of them is away.</li>
</ul>

<p id="contact">Questions about this page: extension 8062.</p>
</body>
</html>
"""


def fund_html(path: Path) -> None:
    path.write_text(FUND_HTML, encoding="utf-8")


# ---------------------------------------------------------------- 2025: complaints ledger (XLSX)
MONTH_TOTALS = [186, 97, 104, 98, 101, 112, 205, 143, 109, 94, 107, 117]
MONTH_LATE = [9, 2, 3, 2, 2, 3, 16, 5, 3, 2, 3, 4]

CATEGORIES = [
    ("待遇报销类", 412, "待遇保障股", "县医疗保障事务中心"),
    ("异地就医类", 296, "待遇保障股", "—"),
    ("慢特病认定类", 231, "待遇保障股", "乡镇医保服务站"),
    ("参保缴费类", 187, "县医疗保障事务中心", "乡镇医保服务站"),
    ("定点机构服务类", 154, "基金监管股", "—"),
    ("基金违规举报类", 57, "基金监管股", "—"),
    ("其他", 136, "政策法规与信访股", "—"),
]

KEY_CASES = [
    ("TCXF-2025-0031", "2025-01-06", "12345转办", "异地就医备案后结算仍按未备案比例报销", "待遇保障股", "2025-01-15", "是", "已回访，满意"),
    ("TCXF-2025-0158", "2025-01-27", "来访", "慢特病认定结论未告知", "待遇保障股", "2025-02-20", "否", "已回访，基本满意"),
    ("TCXF-2025-0402", "2025-04-14", "网上留言", "药店以生活用品冲抵医保刷卡", "基金监管股", "2025-05-09", "是", "已回访，满意"),
    ("TCXF-2025-0611", "2025-06-23", "来信", "参保缴费年限合并计算", "县医疗保障事务中心", "2025-07-18", "是", "已回访，满意"),
    ("TCXF-2025-0707", "2025-07-02", "12345转办", "新年度起付线调整不理解", "待遇保障股", "2025-07-16", "否", "未回访"),
    ("TCXF-2025-0765", "2025-07-11", "12345转办", "零星报销超过一个月未到账", "待遇保障股", "2025-08-12", "否", "已回访，不满意"),
    ("TCXF-2025-0893", "2025-08-05", "网上留言", "乡镇服务站要求重复提交材料", "待遇保障股", "2025-08-19", "是", "未回访"),
    ("TCXF-2025-1032", "2025-09-18", "来访", "举报诊所挂床住院", "基金监管股", "2025-11-07", "是", "已回访，满意"),
    ("TCXF-2025-1186", "2025-10-30", "12345转办", "医疗救助审核结果有异议", "待遇保障股", "2025-11-26", "否", "未回访（电话未接通，未再联系）"),
    ("TCXF-2025-1349", "2025-12-03", "来信", "政策解读口径前后不一", "政策法规与信访股", "2025-12-22", "是", "已回访，满意"),
]


def ledger_xlsx(path: Path) -> None:
    rnd = random.Random(1012)
    wb = Workbook()
    ws = wb.active
    ws.title = "月度汇总"
    ws["A1"] = "棠川县医疗保障局2025年信访投诉月度汇总"
    ws["A1"].font = Font(bold=True, size=14)
    header = ["月份", "12345转办", "来信", "来访", "网上留言", "合计", "按期办结", "按期办结率"]
    ws.append([])
    ws.append(header)
    for c in ws[3]:
        c.font = Font(bold=True)
        c.alignment = Alignment(horizontal="center")
    sums = [0] * 6
    for m, (tot, late) in enumerate(zip(MONTH_TOTALS, MONTH_LATE), 1):
        hot = round(tot * rnd.uniform(0.55, 0.63))
        letter = round(tot * rnd.uniform(0.04, 0.07))
        visit = round(tot * rnd.uniform(0.09, 0.14))
        web = tot - hot - letter - visit
        ontime = tot - late
        row = [f"{m}月", hot, letter, visit, web, tot, ontime, round(ontime / tot, 3)]
        ws.append(row)
        ws.cell(ws.max_row, 8).number_format = "0.0%"
        for i, v in enumerate(row[1:7]):
            sums[i] += v
    ws.append(["合计", *sums, round(sums[5] / sums[4], 3)])
    ws.cell(ws.max_row, 8).number_format = "0.0%"
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    assert sums[4] == 1473 and sums[5] == 1419, sums
    ws.append([])
    ws.append(["说明：全年合计1,473件，按期办结1,419件，按期办结率96.3%。"])
    ws.append(["7月受医保年度待遇调整影响，按期办结率降至92.2%；1月为春节前集中咨询期。"])
    ws.append(["统计口径：以县医保信访投诉系统登记日期为准，乡镇服务站当面受理件录入系统后计入。"])
    ws.column_dimensions["A"].width = 10
    for col in "BCDEFGH":
        ws.column_dimensions[col].width = 12

    ws2 = wb.create_sheet("分类统计")
    ws2.append(["类别", "件数", "占比", "主办股室（单位）", "协办"])
    for c in ws2[1]:
        c.font = Font(bold=True)
    total = sum(c[1] for c in CATEGORIES)
    assert total == 1473
    for name, n, lead, helper in CATEGORIES:
        ws2.append([name, n, round(n / total, 3), lead, helper])
        ws2.cell(ws2.max_row, 3).number_format = "0.0%"
    ws2.append(["合计", total, 1.0, "", ""])
    ws2.cell(ws2.max_row, 3).number_format = "0.0%"
    ws2.append([])
    ws2.append(["待遇类（报销、异地就医、慢特病）合计939件，占全年总量的63.7%。"])
    for col, w in zip("ABCDE", (16, 8, 8, 20, 16)):
        ws2.column_dimensions[col].width = w

    ws3 = wb.create_sheet("重点件登记")
    ws3.append(["编号", "受理日期", "来源", "诉求摘要", "承办股室（单位）", "办结日期", "是否按期", "回访情况"])
    for c in ws3[1]:
        c.font = Font(bold=True)
    for case in KEY_CASES:
        ws3.append(list(case))
    ws3.append([])
    ws3.append(["注：本表仅登记领导批示件、重复件和超期件，完整记录见县医保信访投诉系统。"])
    for col, w in zip("ABCDEFGH", (16, 12, 11, 34, 18, 12, 9, 28)):
        ws3.column_dimensions[col].width = w

    wb.properties.creator = "政策法规与信访股"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.save(path)


# ---------------------------------------------------------------- 2025: 政策法规与信访股 (DOCX, Chinese only)
def legal_docx(path: Path) -> None:
    doc = new_docx("政策法规与信访股")
    centred(doc, "政策法规与信访股工作职责", 18)

    doc.add_heading("一、机构沿革", level=1)
    doc.add_paragraph(
        "2025年3月，根据局党组会议决定，原政策法规股与原信访办公室合并，组建政策法规与信访股，"
        "原两个部门的台账、档案和在办事项一并移交本股。"
    )
    doc.add_heading("二、主要职责", level=1)
    for i, t in enumerate(
        [
            "起草本局行政规范性文件，组织政策解读。",
            "对本局拟出台的规范性文件和重大行政决策草案进行合法性审查。",
            "办理行政复议、行政应诉事项，联系法律顾问。",
            "组织本局普法和执法人员法律培训。",
            "受理、登记、转办、督办医保信访投诉，组织办结回访。",
            "办理12345热线转办的医保类工单。",
        ],
        1,
    ):
        doc.add_paragraph(f"{i}. {t}")
    doc.add_heading("三、人员配备", level=1)
    doc.add_paragraph("本股现有工作人员3名，其中信访岗2名、法规岗1名；法规岗同时负责与法律顾问的联络。")

    doc.add_heading("四、工作时限和记录", level=1)
    add_table(
        doc,
        ["事项", "时限要求", "记录"],
        [
            ["信访事项办结", "自受理之日起60日内办结", "《信访事项受理登记簿》"],
            ["12345转办工单", "5个工作日内答复诉求人", "12345平台工单记录"],
            ["办结回访", "办结后7个工作日内逐件电话回访", "《回访记录表》"],
            ["规范性文件合法性审查", "收到送审稿后7个工作日内出具意见", "《合法性审查意见书》"],
        ],
    )

    doc.add_heading("五、与乡镇服务站的联动", level=1)
    doc.add_paragraph(
        "乡镇医保服务站当面受理的投诉，应在2个工作日内录入县医保信访投诉系统，由本股统一登记编号后转办；"
        "涉及待遇的转待遇保障股，涉及定点医药机构的转基金监管股。"
    )
    doc.add_heading("六、2025年工作量", level=1)
    add_table(
        doc,
        ["项目", "数量"],
        [
            ["登记信访投诉", "1,473件"],
            ["审查规范性文件及重大行政决策草案", "19件"],
            ["办理行政复议案件", "2件（均维持）"],
            ["组织普法培训", "4场"],
        ],
    )
    doc.add_heading("七、风险提示", level=1)
    doc.add_paragraph(
        "每年1月和7月医保待遇政策集中调整，咨询投诉量陡增，各股室和乡镇服务站对同一问题的解释容易出现答复口径不一致。"
    )
    doc.save(path)


# ---------------------------------------------------------------- 2026: English procedure (DOCX)
def inspection_procedure_docx(path: Path) -> None:
    doc = new_docx("Fund Supervision Section")
    doc.add_paragraph("Tangchuan County Healthcare Security Administration", style="Title")
    doc.add_heading("On-site Inspection and Case Handling Procedure", level=1)
    add_table(
        doc,
        ["Item", "Detail"],
        [
            ["Document No.", "TCYB-CX-11"],
            ["Version", "2.0"],
            ["Effective", "1 March 2026"],
            ["Owner", "Fund Supervision Section"],
            ["Replaces", "Version 1.1 (June 2024)"],
        ],
    )
    doc.add_heading("1 Purpose", level=2)
    doc.add_paragraph(
        "To make sure that inspections of designated providers are planned, carried out, recorded and followed "
        "up in the same way every time, and that money wrongly paid from the fund is recovered."
    )
    doc.add_heading("2 Scope", level=2)
    doc.add_paragraph(
        "This procedure applies to the Fund Supervision Section and to Service Centre staff who join inspections. "
        "It covers routine inspections, inspections triggered by alerts or tip-offs, and the cases that follow."
    )
    doc.add_heading("3 What changed in version 2.0", level=2)
    doc.add_paragraph(
        "Providers and inspectors for routine inspections are now drawn at random in the county supervision "
        "platform; the section chief no longer picks them by hand. The annual plan must cover at least 35% of "
        "designated providers."
    )
    doc.add_heading("4 Steps", level=2)
    for t in [
        "4.1 Planning. The annual inspection plan is approved by the Director by 31 January.",
        "4.2 Visit. Every on-site visit is carried out by at least two inspectors, and both sign the On-site "
        "Inspection Record before leaving the premises.",
        "4.3 Written findings. The provider receives the written findings within 5 working days after the visit "
        "and may reply within 5 working days.",
        "4.4 Case handling. A case is closed within 90 days of being opened. The Director may extend this once, "
        "by no more than 30 days, and the reason is written on the approval form.",
        "4.5 Recovery. Money found to be wrongly paid is returned to the fund within fifteen working days of the "
        "decision; the section enters each repayment in the Fund Recovery Ledger.",
    ]:
        doc.add_paragraph(t)
    doc.add_heading("5 Records", level=2)
    add_table(
        doc,
        ["Code", "Record", "Kept by", "Retention"],
        [
            ["TCYB-JL-11-01", "Inspection Notice", "Fund Supervision Section", "10 years"],
            ["TCYB-JL-11-02", "On-site Inspection Record", "Fund Supervision Section", "10 years"],
            ["TCYB-JL-11-03", "Case Handling Approval Form", "Fund Supervision Section", "30 years"],
            ["TCYB-JL-11-04", "Fund Recovery Ledger", "Fund Supervision Section", "Permanent"],
        ],
    )
    doc.add_heading("6 Who does what", level=2)
    add_table(
        doc,
        ["Role", "Responsibility"],
        [
            ["Director", "Approves the annual plan, case decisions and any extension"],
            ["Section chief", "Runs the random draw, reviews every record before filing"],
            ["Inspectors", "Carry out visits, write records and findings"],
            ["Service Centre staff", "Join visits when drawn; provide claims data"],
        ],
    )
    doc.save(path)


# ---------------------------------------------------------------- 2026: quality objectives (DOCX)
def objectives_docx(path: Path) -> None:
    doc = new_docx("办公室")
    centred(doc, f"{AGENCY}2026年度质量目标及分解", 18)
    doc.add_paragraph(
        "经2026年1月9日局务会议审定，现将2026年度质量目标分解如下。"
        "各股室每季度结束后5个工作日内向办公室报送目标完成情况及未达标原因分析。"
    )
    doc.add_paragraph("总体目标：参保群众对医保经办服务满意率不低于９５％。")
    add_table(
        doc,
        ["序号", "目标", "责任股室", "测量方式", "统计频次"],
        [
            ["1", "门诊慢特病待遇认定按时办结率不低于９８％", "待遇保障股", "业务系统统计", "季度"],
            ["2", "异地就医备案线上申请即时办结率100%", "待遇保障股", "业务系统统计", "季度"],
            ["3", "定点医药机构现场检查覆盖率不低于35%（2025年为30%）", "基金监管股", "检查台账", "半年"],
            ["4", "信访投诉按期办结率不低于９６％", "政策法规与信访股", "信访投诉台账", "月度"],
            ["5", "信访投诉办结件回访率100%", "政策法规与信访股", "《回访记录表》", "季度"],
            ["6", "督办事项按期办结率不低于95%", "办公室", "《督办事项台账》", "季度"],
            ["7", "主动公开信息按时发布率100%", "办公室", "网站后台记录", "季度"],
        ],
    )
    doc.add_paragraph("注：目标2自2026年4月1日起按即时办结口径统计。")
    doc.save(path)


# ---------------------------------------------------------------- 2026: internal audit report (DOCX)
def audit_report_docx(path: Path) -> None:
    doc = new_docx("内审组")
    centred(doc, f"{AGENCY}2026年度内部质量管理体系审核报告", 18)
    doc.add_paragraph("报告编号：TCYB-NS-2026")

    doc.add_heading("一、审核目的和范围", level=1)
    doc.add_paragraph(
        "评价本局质量管理体系与GB/T 19001—2016及本局体系文件的符合性和运行有效性。"
        "本次审核于2026年10月19日至10月23日进行，覆盖局机关办公室、待遇保障股、基金监管股、"
        "政策法规与信访股4个职能股室，并延伸抽查县医疗保障事务中心和青檀镇、石渠镇、枫岭乡3个乡镇医保服务站。"
    )
    doc.add_heading("二、审核组", level=1)
    doc.add_paragraph("审核组长：韩书铭（县医疗保障事务中心副主任）")
    doc.add_paragraph("内审员：龚玥、申立群、卢思远、贝晓楠")
    doc.add_heading("三、审核准则", level=1)
    doc.add_paragraph("GB/T 19001—2016；本局质量手册、程序文件和作业指导书（现行有效版本）；医疗保障相关法律法规和上级文件。")

    doc.add_heading("四、审核发现综述", level=1)
    doc.add_paragraph(
        "本次审核共开具不符合项5项、观察项2项。上年度4项不符合项中，3项保持关闭，1项（N2025-04）所涉问题再次发生。"
        "各股室对审核工作配合积极，办公室、基金监管股介绍的做法可作为符合性证据予以确认。"
    )

    doc.add_heading("五、不符合项", level=1)
    add_table(
        doc,
        ["编号", "受审核部门", "不符合事实", "条款", "整改状态"],
        [
            [
                "N2026-01",
                "待遇保障股",
                "抽查2026年1至9月门诊慢特病认定案卷25件（同期受理1,652件），"
                "3件自受理至作出结论超过十五个工作日，且无延期审批记录。",
                "8.5.1",
                "已纠正，待验证：3件已补写情况说明，业务系统增设第12个工作日预警；"
                "纠正措施有效性待2027年1月抽查验证。",
            ],
            [
                "N2026-02",
                "政策法规与信访股",
                "抽查2026年已办结投诉件20件，6件无回访记录，不符合“办结后7个工作日内逐件电话回访”的要求。"
                "该问题与2025年度不符合项N2025-04相同，属重复发生。",
                "9.1.2",
                "整改中（重复发生，须做根本原因分析）",
            ],
            [
                "N2026-03",
                "基金监管股",
                "抽查2026年现场检查记录12份（1至9月共检查49家），其中2份仅有1名检查人员签字，"
                "不符合TCYB-CX-11第4.2条关于每次检查不少于2名检查人员并共同签字的规定。",
                "8.5.1",
                "未关闭，整改期限2026年12月31日",
            ],
            [
                "N2026-04",
                "办公室",
                "受控文件清单未收录2026年3月发布的TCYB-CX-11（2.0版），基金监管股仍存有1.1版纸质文本。",
                "7.5.3",
                "已关闭：2026年11月6日验证，清单已更新，旧版已收回。",
            ],
            [
                "N2026-05",
                "办公室",
                "2026年7月1日起执行的门诊慢特病病种目录调整文件，9月14日才在“医疗保障”专栏发布，"
                "超过20个工作日的主动公开时限；待遇保障股何时提交审核也无记录。",
                "7.4",
                "未关闭",
            ],
        ],
    )

    doc.add_heading("六、观察项", level=1)
    doc.add_paragraph(
        "O2026-01（待遇保障股，延伸至乡镇）：在青檀镇医保服务站抽查代收件10件，"
        "4件《乡镇代收材料交接单》未填写移交日期，无法判断是否在两个工作日内移交。"
    )
    doc.add_paragraph(
        "O2026-02（基金监管股）：智能监控疑点复核记录中有复核用时偏长的情况，建议分析原因并调整人员安排。"
    )

    doc.add_heading("七、上年度不符合项跟踪", level=1)
    add_table(
        doc,
        ["编号", "部门", "问题", "本次验证结果"],
        [
            ["N2025-01", "办公室", "督办台账未及时更新", "保持关闭"],
            ["N2025-02", "待遇保障股", "零星报销案卷缺初审签字", "保持关闭"],
            ["N2025-03", "基金监管股", "年度检查计划未经局长批准", "保持关闭"],
            ["N2025-04", "原信访办公室（现政策法规与信访股）", "投诉办结后未按规定回访", "2025年12月关闭；本次再次发生，见N2026-02"],
        ],
    )

    doc.add_heading("八、审核结论", level=1)
    doc.add_paragraph(
        "本局质量管理体系基本符合标准和体系文件要求，运行总体有效。"
        "请各责任股室于2026年11月20日前向办公室提交纠正措施计划；"
        "审核组将于2027年1月对N2026-01、N2026-02、N2026-03进行跟踪验证。"
    )
    doc.add_paragraph("审核组长：韩书铭        2026年10月28日")
    doc.save(path)


# ---------------------------------------------------------------- 2026: management review minutes (HTML)
MINUTES_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>棠川县医疗保障局2026年度管理评审会议纪要</title>
</head>
<body>
<h1>棠川县医疗保障局2026年度管理评审会议纪要</h1>
<table class="meta">
<tr><td>时间</td><td>2026年12月16日上午</td></tr>
<tr><td>地点</td><td>局三楼会议室</td></tr>
<tr><td>主持</td><td>邵怀远（局长）</td></tr>
<tr><td>参加</td><td>局班子成员，各股室负责人，县医疗保障事务中心主任</td></tr>
<tr><td>记录</td><td>许嘉禾</td></tr>
</table>

<h2>一、评审输入</h2>
<ol>
<li>内部审核结果：2026年10月内审开具不符合项5项，截至会前已关闭1项（N2026-04），N2026-01已完成纠正、待验证，其余3项正在整改。</li>
<li>质量目标完成情况：1至11月门诊慢特病认定按时办结率97.1%，未达到年度目标；定点医药机构现场检查覆盖率36.4%，已完成。</li>
<li>投诉和满意度：2025年全年受理医保信访投诉一千四百余件，2026年1至11月受理1,208件，同比下降；第三方满意度测评95.8%。</li>
<li>资源：基金监管股现有检查人员2名，难以保证每次现场检查2人到场。经县委编办批复，2027年起基金监管股增加1名编制。</li>
<li>外部变化：自2026年4月1日起异地就医线上备案实行即时办结，乡镇服务站窗口备案不再报股室审核。</li>
</ol>

<h2>二、评审结论</h2>
<p>会议认为，本局质量管理体系总体适宜、充分、有效，但慢特病认定时限控制和投诉回访两个环节需要从机制上解决，不能只做个案纠正。</p>

<h2>三、改进决定和行动项</h2>
<table class="actions">
<tr><th>序号</th><th>事项</th><th>责任部门</th><th>完成时限</th></tr>
<tr><td>1</td><td>对N2026-02开展根本原因分析，修订《信访投诉处理程序》回访条款，回访改由系统自动提醒</td><td>政策法规与信访股</td><td>2027年1月31日</td></tr>
<tr><td>2</td><td>建立“股室提交—办公室审核—发布”主动公开流转单，记录各环节时间</td><td>办公室</td><td>2027年1月15日</td></tr>
<tr><td>3</td><td>对10个乡镇医保服务站开展慢特病代收材料交接培训，一季度抽查交接单填写情况</td><td>待遇保障股</td><td>2027年3月31日</td></tr>
<tr><td>4</td><td>新增人员到岗前，与县医疗保障事务中心建立检查人员借调机制，确保每次现场检查不少于2人</td><td>基金监管股</td><td>2027年1月10日</td></tr>
</table>

<p>下次管理评审计划于2027年12月召开。</p>
<p>棠川县医疗保障局办公室　2026年12月18日印发</p>
</body>
</html>
"""


def minutes_html(path: Path) -> None:
    path.write_text(MINUTES_HTML, encoding="utf-8")


# ---------------------------------------------------------------- 2026: scanned notice (image-only PDF)
SCAN_LINES = [
    ("title", "棠川县医疗保障局"),
    ("num", "棠医保发〔2026〕9号"),
    ("head", "关于异地就医备案实行即时办结的通知"),
    ("blank", ""),
    ("body0", "各乡镇医保服务站、县医疗保障事务中心，局机关各股室："),
    ("body", "为进一步方便参保群众异地就医，经局务会议研究，现就异地就医备案办理有关事项通知如下："),
    ("body", "一、自2026年4月1日起，参保人员通过国家医保服务平台、省医保APP等线上渠道申请异地就医备案，材料齐全的即时办结。"),
    ("body", "二、在乡镇医保服务站窗口申请的，服务站应当日录入系统，1个工作日内完成备案，不再报待遇保障股审核。"),
    ("body", "三、待遇保障股每月按不低于5%的比例抽查各服务站备案件，抽查结果通报各乡镇。"),
    ("body", "四、原“2个工作日”的备案承诺时限同时废止。"),
    ("blank", ""),
    ("sign", "棠川县医疗保障局"),
    ("sign", "2026年3月18日"),
]


def scan_text() -> str:
    """The text printed on the scanned page, paragraph by paragraph (for checking quotes)."""
    return "\n".join(t for _, t in SCAN_LINES if t)


def wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if draw.textlength(cur + ch, font=font) > width:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines


def scanned_pdf(path: Path) -> None:
    rnd = random.Random(26318)
    w, h = 1240, 1754  # A4 at 150 dpi
    img = Image.new("L", (w, h), 246)
    d = ImageDraw.Draw(img)
    f_title = ImageFont.truetype(WQY, 56, index=0)
    f_head = ImageFont.truetype(WQY, 38, index=0)
    f_body = ImageFont.truetype(WQY, 31, index=0)
    left, right = 150, w - 150
    y = 150
    for kind, text in SCAN_LINES:
        if kind == "title":
            tw = d.textlength(text, font=f_title)
            d.text(((w - tw) / 2, y), text, font=f_title, fill=40)
            y += 95
        elif kind == "num":
            tw = d.textlength(text, font=f_body)
            d.text(((w - tw) / 2, y), text, font=f_body, fill=50)
            y += 50
            d.line((left, y, right, y), fill=60, width=3)
            y += 45
        elif kind == "head":
            tw = d.textlength(text, font=f_head)
            d.text(((w - tw) / 2, y), text, font=f_head, fill=30)
            y += 80
        elif kind == "blank":
            y += 40
        elif kind == "body0":
            d.text((left, y), text, font=f_body, fill=35)
            y += 52
        elif kind == "body":
            first = True
            for ln in wrap(d, "　　" + text, f_body, right - left):
                d.text((left, y), ln, font=f_body, fill=35)
                y += 52
                first = False
        elif kind == "sign":
            tw = d.textlength(text, font=f_body)
            d.text((right - tw - 40, y), text, font=f_body, fill=35)
            y += 52
    # grey seal over the signature
    cx, cy, r = right - 190, y - 90, 105
    seal = Image.new("L", (w, h), 0)
    sd = ImageDraw.Draw(seal)
    sd.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=7)
    sd.regular_polygon((cx, cy, 28), 5, fill=255)
    img.paste(150, (0, 0), seal.point(lambda v: 150 if v else 0))
    # scanner look: speckle, slight rotation, blur
    px = img.load()
    for _ in range(9000):
        x, yy = rnd.randrange(w), rnd.randrange(h)
        px[x, yy] = rnd.choice((70, 110, 200))
    img = img.rotate(-0.7, resample=Image.BICUBIC, fillcolor=246, expand=False)
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    img.convert("RGB").save(path, "PDF", resolution=150.0)


# ---------------------------------------------------------------- main
def main() -> None:
    y25, y26 = DOCS / "2025", DOCS / "2026"
    y25.mkdir(parents=True, exist_ok=True)
    y26.mkdir(parents=True, exist_ok=True)
    office_docx(y25 / "棠川县医疗保障局办公室工作规则及岗位分工.docx")
    benefits_pdf(y25 / "待遇保障股职责及2025年业务运行情况.pdf")
    procedure_txt(y25 / "门诊慢特病待遇认定办理规程.txt")
    fund_html(y25 / "fund_supervision_section.html")
    ledger_xlsx(y25 / "2025年医保信访投诉登记台账.xlsx")
    legal_docx(y25 / "政策法规与信访股工作职责.docx")
    inspection_procedure_docx(y26 / "TCYB-CX-11_On-site_Inspection_Procedure_v2.0.docx")
    objectives_docx(y26 / "2026年度质量目标及分解.docx")
    audit_report_docx(y26 / "2026年度内部质量管理体系审核报告.docx")
    minutes_html(y26 / "2026年度管理评审会议纪要.html")
    scanned_pdf(y26 / "关于异地就医备案实行即时办结的通知（扫描件）.pdf")
    print("built", sum(1 for _ in DOCS.rglob("*.*")), "files")


if __name__ == "__main__":
    main()
