"""Build the documents of blind corpus v12 (岚禾市退役军人事务局) into ../docs/.

Deterministic: fixed seeds, fixed document dates, zip members re-stamped with a fixed time.
Run with a private virtualenv that has python-docx, openpyxl, fpdf2, pypdf and Pillow:
    /tmp/v12venv/bin/python original/make_docs.py
"""
from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent / "docs"
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
LATIN_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LATIN_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FIXED = dt.datetime(2026, 12, 3, 9, 0, 0)
ZIP_TIME = (2026, 12, 3, 9, 0, 0)


# --------------------------------------------------------------------------- helpers
def normalise_zip(path: Path, stamp: dt.datetime) -> None:
    """Rewrite an OOXML package with fixed member times and fixed core-property dates."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as z:
        members = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            if name == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)", rf"\g<1>{iso}\g<2>", text)
                text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{iso}\g<2>", text)
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, data)
    path.write_bytes(buf.getvalue())


def new_docx(author: str, east_asian: bool = True) -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(11)
    if east_asian:
        style.font.name = "宋体"
        style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    else:
        style.font.name = "Calibri"
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.created = FIXED
    cp.modified = FIXED
    cp.revision = 1
    return doc


def add_table(doc: Document, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    doc.add_paragraph("")


def title(doc: Document, text: str, size: int = 16) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def bold_line(doc: Document, text: str) -> None:
    p = doc.add_paragraph()
    p.add_run(text).bold = True


def save_docx(doc: Document, path: Path, stamp: dt.datetime) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.created = stamp
    doc.core_properties.modified = stamp
    doc.save(path)
    normalise_zip(path, stamp)


# --------------------------------------------------------------------------- 办公室 (zh, DOCX)
def office_docx() -> None:
    doc = new_docx("陆文涛")
    title(doc, "岚禾市退役军人事务局办公室职能职责")
    doc.add_paragraph("（2025年12月修订　起草：陆文涛　审核：宋雅琴）")

    bold_line(doc, "【职能】")
    doc.add_paragraph("办公室是局机关的综合协调部门，同时是本局质量管理体系的归口管理部门。具体承担：")
    for item in [
        "1. 局机关公文的收发、运转、催办和归档，组织局务会议并整理会议纪要；",
        "2. 上级交办事项和局务会议议定事项的督查督办，按月通报办理进度；",
        "3. 政府信息公开，包括主动公开目录的维护和依申请公开的答复；",
        "4. 质量管理体系的日常运行：体系文件的编号、发放和回收，组织内部审核，筹备管理评审；",
        "5. 机关财务、资产和后勤保障；",
        "6. 指导乡镇（街道）退役军人服务站规范化建设，组织服务站工作人员业务培训；",
        "7. 局门户网站和“岚禾市退役军人服务平台”的信息维护。",
    ]:
        doc.add_paragraph(item)

    bold_line(doc, "【人员】")
    doc.add_paragraph("办公室核定编制6名，现有在岗5名，主任陆文涛。岗位实行A、B岗互为备份，分工如下：")
    add_table(doc, ["岗位", "A岗", "B岗"], [
        ["主任（统筹、体系归口）", "陆文涛", "吴敏"],
        ["公文与档案", "吴敏", "周婷"],
        ["督查督办、政务公开", "周婷", "吴敏"],
        ["财务与资产", "方志强", "空缺（原B岗人员2025年6月调离）"],
        ["信息化与服务站建设", "李航", "陆文涛"],
    ])

    bold_line(doc, "【业务量】")
    doc.add_paragraph("2025年局机关收文1,318件、发文204件；督办事项97项中按期办结91项，其余6项均为跨科室事项。")
    add_table(doc, ["项目", "2025年", "2024年"], [
        ["收文", "1,318件", "1,205件"],
        ["发文", "204件", "187件"],
        ["局务会议", "22次", "20次"],
        ["督办事项（上级交办及会议议定）", "97项", "84项"],
        ["依申请公开", "11件", "7件"],
        ["服务站业务抽查", "4次，共15个站次", "4次，共12个站次"],
    ])

    bold_line(doc, "【时限要求】")
    doc.add_paragraph("一般来文在1个工作日内完成登记并提出拟办意见，急件随到随办。")
    doc.add_paragraph("督办事项承办科室应在办结后2个工作日内向办公室反馈；逾期未反馈的，由办公室发出催办单。")
    doc.add_paragraph("依申请公开：能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复，"
                      "需要延长的，经分管局领导同意可延长，延长期限不超过20个工作日。")

    bold_line(doc, "【对服务站的指导】")
    doc.add_paragraph("全市设乡镇（街道）退役军人服务站14个、村（社区）退役军人服务站186个。")
    doc.add_paragraph("办公室每季度组织一次服务站业务抽查，每次不少于3个乡镇站，抽查结果在局务会议上通报。"
                      "各乡镇站每月5日前报送上月服务台账。")

    bold_line(doc, "【风险提示】")
    doc.add_paragraph("1. 服务站人员多为乡镇干部兼任，2025年乡镇站负责人调整5人次，政策传达存在层层衰减的风险。")
    doc.add_paragraph("2. 督办事项涉及多个科室时牵头科室不明确，容易相互推诿，2025年未按期办结的6项均属此类。")
    doc.add_paragraph("3. 财务岗B岗空缺，方志强休假期间报销审核无人顶岗。")

    bold_line(doc, "【近期变化】")
    doc.add_paragraph("2025年9月1日起，局机关公文全部通过“岚禾市协同办公系统”办理，纸质公文流转同时停止；"
                      "此前形成的纸质文件仍按原方式整理归档。")
    doc.add_paragraph("据市政府通知，2026年上半年将进行部分乡镇行政区划调整，服务站设置将相应调整，具体以正式文件为准。")

    bold_line(doc, "【程序文件及记录】")
    add_table(doc, ["程序文件", "编号", "要求保存的记录"], [
        ["公文处理程序", "LHTY-CX-01", "收文登记表、发文审签单、公文归档目录"],
        ["督查督办程序", "LHTY-CX-02", "督办台账、催办单、办结反馈单"],
        ["内部审核程序", "LHTY-CX-03", "年度审核计划、审核检查表、不符合项报告、审核报告"],
        ["政府信息公开程序", "LHTY-CX-04", "依申请公开登记表、答复书、送达回证"],
    ])
    save_docx(doc, DOCS / "2025" / "岚禾市退役军人事务局办公室职能职责.docx", dt.datetime(2025, 12, 22, 10, 0))


# --------------------------------------------------------------------------- 优抚褒扬科 (zh, PDF)
class CJKPDF(FPDF):
    def __init__(self, header_text: str = "", lang: str = "zh"):
        super().__init__(format="A4")
        self.header_text = header_text
        self.lang = lang
        if lang == "zh":
            self.add_font("cjk", "", CJK_FONT, collection_font_number=0)
            self.add_font("cjk", "B", CJK_FONT, collection_font_number=0)
            self.family = "cjk"
        else:
            self.add_font("dv", "", LATIN_FONT)
            self.add_font("dv", "B", LATIN_BOLD)
            self.family = "dv"
        self.set_creation_date(FIXED.replace(tzinfo=dt.timezone.utc))
        self.set_auto_page_break(True, margin=18)
        self.set_margins(20, 18, 20)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.cell(0, 6, f"{self.page_no()}", align="C")

    def h1(self, text: str) -> None:
        self.set_font(self.family, "B", 15)
        self.multi_cell(0, 9, text, align="C")
        self.ln(2)

    def h2(self, text: str) -> None:
        self.ln(2)
        self.set_font(self.family, "B", 12)
        self.multi_cell(0, 7, text)
        self.ln(1)

    def para(self, text: str, size: float = 10.5) -> None:
        self.set_font(self.family, "", size)
        self.multi_cell(0, 6, text, align="L")
        self.ln(1)

    def grid(self, header: list[str], rows: list[list[str]], widths: tuple[int, ...]) -> None:
        self.set_font(self.family, "", 9.5)
        with self.table(col_widths=widths, text_align="LEFT", line_height=6) as table:
            r = table.row()
            for h in header:
                r.cell(h)
            for row in rows:
                r = table.row()
                for c in row:
                    r.cell(c)
        self.ln(2)


def pension_pdf() -> None:
    pdf = CJKPDF()
    pdf.set_title("优抚褒扬科工作职责及2025年业务概况")
    pdf.set_author("郑海波")
    pdf.add_page()
    pdf.h1("岚禾市退役军人事务局\n优抚褒扬科工作职责及2025年业务概况")
    pdf.para("（2026年1月8日　优抚褒扬科编写，供管理评审和内部审核使用）", 9)

    pdf.h2("一、基本情况")
    pdf.para("优抚褒扬科现有工作人员4名，其中1名从禾丰镇借调，科长郑海波。")
    pdf.para("本科承担全市重点优抚对象抚恤补助、优待证、光荣牌、烈士褒扬和烈士纪念设施管理等工作。")

    pdf.h2("二、主要职责")
    for line in [
        "（一）落实重点优抚对象定期抚恤补助政策，组织年度资格认证；",
        "（二）审核退役军人和其他优抚对象的优待证申领；",
        "（三）组织光荣牌悬挂和立功受奖“送喜报”；",
        "（四）负责烈士纪念设施的保护管理，组织清明节、烈士纪念日祭扫活动；",
        "（五）办理残疾军人伤残等级评定的初审和上报；",
        "（六）指导乡镇（街道）服务站做好优抚对象信息采集和走访慰问。",
    ]:
        pdf.para(line)

    pdf.h2("三、2025年主要业务量")
    pdf.para("2025年末在册享受定期抚恤补助的重点优抚对象2,146人，全年发放资金3,872.6万元。")
    pdf.grid(["项目", "单位", "2025年", "备注"], [
        ["享受定期抚恤补助的重点优抚对象", "人", "2,146", "年末在册数"],
        ["定期抚恤补助发放金额", "万元", "3,872.6", "按月发放"],
        ["优待证申领受理", "件", "5,208", "已制发4,960张"],
        ["新悬挂光荣牌", "户", "1,093", "含补挂"],
        ["伤残等级评定初审", "件", "38", "全部按期上报"],
        ["烈士纪念设施", "处", "23", "其中市级保护单位4处"],
        ["追回多发抚恤补助资金", "笔", "7", "合计4.38万元"],
    ], (62, 16, 24, 68))
    pdf.para("全年追回多发抚恤补助资金7笔，合计4.38万元，均因对象死亡后未及时停发。")

    pdf.h2("四、办理时限")
    pdf.para("1. 优待证：服务站受理后5个工作日内完成初审，本科收到后7个工作日内完成复核并报送制证。")
    pdf.para("2. 定期抚恤补助新增对象：本科自收到初审材料之日起10个工作日内完成审核，次月起发放。")
    pdf.para("3. 优抚对象死亡的，服务站应在知悉后三个工作日内报告，本科在当月停发。")

    pdf.h2("五、与基层服务站的衔接")
    pdf.para("每年1月至3月，服务站对辖区定期抚恤补助对象逐人开展资格认证（入户或视频）。")
    pdf.para("服务站须于3月31日前将认证结果报送本科，本科按不低于百分之十的比例电话抽核。")

    pdf.h2("六、风险与薄弱环节")
    pdf.para("1. 对象死亡信息依赖服务站报告，与殡葬、户籍数据未实现自动比对，存在多发和冒领风险。")
    pdf.para("2. 优待证复核由借调人员承担，人员不稳定，借调期至2026年6月。")
    pdf.para("3. 烈士纪念设施分散在乡村，日常管护由所在乡镇负责，部分设施管护记录不全。")

    pdf.h2("七、2026年工作变化")
    pdf.para("自2026年1月起，定期抚恤补助资金统一通过惠民惠农财政补贴资金“一卡通”发放。")
    pdf.para("乡镇不再代发，同时按上级通知提高了在乡复员军人等对象的补助标准。")
    pdf.para("相应修订《优抚对象定期抚恤补助发放程序》（LHTY-CX-06），C/0版自2026年1月1日起施行。")
    out = DOCS / "2025" / "优抚褒扬科工作职责及2025年业务概况.pdf"
    pdf.output(str(out))


# --------------------------------------------------------------------------- 优抚褒扬科 (zh, GBK TXT)
PENSION_TXT = """岚禾市退役军人事务局质量管理体系程序文件
文件编号：LHTY-CX-06　　版本/修改状态：C/0　　实施日期：2026年1月1日
编制：郑海波　　审核：宋雅琴　　批准：韩立山

优抚对象定期抚恤补助发放程序

第一条　为规范重点优抚对象定期抚恤补助的审核、发放、停发和追回，保证资金按时足额发放到人，制定本程序。

第二条　本程序适用于本局及各乡镇（街道）退役军人服务站对定期抚恤补助的办理。

第三条　职责分工。优抚褒扬科负责审核、造册、提出发放申请和抽核；乡镇（街道）服务站负责受理、初审、资格认证，以及对象死亡、服刑、失踪等情况的报告；办公室（财务）负责资金拨付和账务处理。

第四条　新增对象。乡镇服务站受理申请后七个工作日内完成初审；优抚褒扬科自收到初审材料之日起十个工作日内完成审核，审核通过的次月起发放。

第五条　按月发放。每月10日前，优抚褒扬科根据当月增减变动形成发放花名册，经科长审核、分管局领导签批后交办公室（财务）拨付。自本版施行起，资金通过惠民惠农财政补贴资金“一卡通”直接发放至对象本人账户，乡镇不再代发。

第六条　资格认证。每年1月1日至3月31日，服务站对辖区全部对象逐人开展资格认证，填写《定期抚恤补助对象资格认证记录表》（YF-01），由认证人和对象本人（或监护人）签字。优抚褒扬科按不少于百分之十的比例电话抽核，填写《资格认证抽核记录》（YF-02）。

第七条　停发与追回。对象死亡、服刑、失踪的，服务站应在知悉之日起3个工作日内书面报告；优抚褒扬科在当月停发，对已多发的资金填写《多发资金追回登记表》（YF-04），并在60日内追回。

第八条　数据比对。每季度末，优抚褒扬科将发放花名册与户籍、殡葬火化信息比对一次，比对结果记入《发放数据比对记录》（YF-05）。

第九条　记录。本程序形成以下记录，由优抚褒扬科保存，保存期限不少于10年：
　　YF-01　定期抚恤补助对象资格认证记录表
　　YF-02　资格认证抽核记录
　　YF-03　定期抚恤补助发放花名册（按月）
　　YF-04　多发资金追回登记表
　　YF-05　发放数据比对记录

第十条　本程序由优抚褒扬科负责解释，自2026年1月1日起施行，B/0版同时废止。
"""


def pension_txt() -> None:
    out = DOCS / "2026" / "优抚对象定期抚恤补助发放程序.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(PENSION_TXT.replace("\n", "\r\n").encode("gbk"))


# --------------------------------------------------------------------------- 就业创业科 (en, DOCX)
def employment_docx() -> None:
    doc = new_docx("Bai Yunfeng", east_asian=False)
    title(doc, "Lanhe City Veterans Affairs Bureau\nEmployment and Entrepreneurship Section: What We Do", 15)
    doc.add_paragraph("Prepared by the section for the bureau's quality manual. Last reviewed December 2025.")

    doc.add_heading("What we do", level=2)
    doc.add_paragraph("We help people leaving the armed forces find work or start a business in Lanhe. In practice that means:")
    for item in [
        "receiving and registering veterans who settle in Lanhe after discharge, and running the three-day adaptive training course after each discharge season;",
        "placing retired soldiers who are entitled to a government-arranged job, working with the state-owned employers and public institutions that hold reserved posts;",
        "organising vocational skills training through approved training providers and paying the training subsidy;",
        "running job fairs, online and on site, and keeping a list of employers who have pledged to hire veterans;",
        "supporting start-ups: guaranteed start-up loans arranged with the city employment service bureau, and desk space in the veterans' business incubator;",
        "confirming eligibility for enterprises that claim tax reductions for hiring veterans.",
    ]:
        doc.add_paragraph(item, style="List Bullet")

    doc.add_heading("Who we are", level=2)
    doc.add_paragraph("The section has six staff: the section chief (Bai Yunfeng), two resettlement officers, "
                      "two employment and training officers, and one assistant on a service contract.")
    doc.add_paragraph("The assistant can prepare files but may not approve a subsidy claim.")

    doc.add_heading("Our 2025 numbers", level=2)
    doc.add_paragraph("In 2025 we received 264 training subsidy claims and paid 249 of them; the other 15 were rejected or sent back for missing documents.")
    add_table(doc, ["Item", "2025", "Note"], [
        ["Veterans received and registered", "486", "spring and autumn discharge seasons"],
        ["Entitled to a government-arranged job", "37", "reserved posts available: 41"],
        ["  of whom placed by 31 December", "35", "two files arrived in December"],
        ["Adaptive training participants", "463", ""],
        ["Vocational skills training: enrolled / completed", "278 / 251", "five approved providers"],
        ["Training subsidy claims received", "264", "includes 13 claims for 2024 courses"],
        ["Training subsidy claims paid", "249", "RMB 1.12 million in total"],
        ["Job fairs held", "8", "3 of them online"],
        ["Posts offered at job fairs", "1,540", ""],
        ["Veterans hired through job fairs", "196", ""],
        ["Guaranteed start-up loans", "29", "RMB 8.7 million"],
        ["Enterprise tax-reduction confirmations", "41", ""],
    ])

    doc.add_heading("Time limits we work to", level=2)
    for item in [
        "A complete training subsidy claim is reviewed within ten working days of receipt, and the applicant is told the result in writing.",
        "A veteran entitled to an arranged job is placed within six months of the file reaching the bureau.",
        "Township stations forward training sign-ups to us by the 20th of each month.",
        "After each job fair we send the results to the township stations within five working days.",
    ]:
        doc.add_paragraph(item, style="List Bullet")

    doc.add_heading("Targets and how we did", level=2)
    add_table(doc, ["Target", "2025 target", "2025 actual"], [
        ["Employment rate six months after completing training", "85%", "81.6%"],
        ["Subsidy claims decided within ten working days", "95%", "96.6%"],
        ["Arranged-job placements within the time limit", "100%", "100%"],
    ])
    doc.add_paragraph("We missed the employment-rate target. Most of the shortfall came from the welding and "
                      "ride-hailing courses, where few trainees found matching jobs; both courses are suspended for 2026.")

    doc.add_heading("Links with the township stations", level=2)
    doc.add_paragraph("Each of the 14 township and street service stations names one employment contact. "
                      "The stations register job seekers, collect training sign-ups and visit veterans who have been out of work for more than six months.")

    doc.add_heading("Risks we watch", level=2)
    for item in [
        "Training subsidy fraud. Sign-in sheets are kept by the providers; in 2025 we compared them with the face-recognition attendance logs for only two of the five providers.",
        "Reserved posts. Arranged-job placements depend on reserved posts, and in 2025 the 41 posts barely covered the 37 entitled veterans.",
        "Personal data. Registration forms carry ID numbers and bank details and are kept in an unlocked cabinet shared with the contract assistant.",
    ]:
        doc.add_paragraph(item, style="List Number")

    doc.add_heading("What is changing", level=2)
    doc.add_paragraph("From 1 March 2026 job matching and training sign-ups move from our spreadsheets to the provincial "
                      "Veterans Employment Service Platform. Each officer gets a personal login, and the township stations "
                      "enter sign-ups directly. The procedure was revised to Rev 2 for this.")

    doc.add_heading("Governing procedure", level=2)
    doc.add_paragraph("Our work follows procedure LHTY-QP-07, Employment Support and Training Subsidy. "
                      "It lists the records we must keep (section 6 of the procedure).")
    save_docx(doc, DOCS / "2025" / "Employment_and_Entrepreneurship_Section_What_We_Do.docx", dt.datetime(2025, 12, 15, 16, 30))


# --------------------------------------------------------------------------- 就业创业科 (en, PDF)
def employment_pdf() -> None:
    pdf = CJKPDF(lang="en")
    pdf.set_title("Employment Support and Training Subsidy Procedure")
    pdf.set_author("Employment and Entrepreneurship Section")
    pdf.add_page()
    pdf.h1("Lanhe City Veterans Affairs Bureau\nEmployment Support and Training Subsidy Procedure")
    pdf.para("Document LHTY-QP-07   Revision 2   Effective 1 March 2026", 9.5)
    pdf.para("Owner: Employment and Entrepreneurship Section   Approved by: Song Yaqin, Deputy Director", 9.5)

    pdf.h2("1 Purpose")
    pdf.para("To register veterans who seek work, run training and job matching, and pay training subsidies only for training that actually took place.")

    pdf.h2("2 Scope")
    pdf.para("Veterans registered in Lanhe, approved training providers, and the township and street service stations.")
    pdf.para("Government-arranged jobs are outside this procedure; they follow LHTY-QP-08, Resettlement.")

    pdf.h2("3 Responsibilities")
    pdf.para("Section chief: approves every claim above RMB 5,000 and runs the quarterly re-check.")
    pdf.para("Employment and training officers: register veterans, review claims and follow up trainees.")
    pdf.para("Township stations: enter sign-ups on the platform and confirm that applicants live locally.")
    pdf.para("General Office (finance): pays approved claims.")

    pdf.h2("4 Procedure")
    pdf.para("4.1 Registration. Within 15 days after a veteran reports to the bureau, an officer opens a record on the platform (ER-01).")
    pdf.para("4.2 Sign-up. Stations enter sign-ups on the platform; the section confirms eligibility within three working days.")
    pdf.para("4.3 Claims. The provider submits the claim with sign-in sheets, the face-recognition attendance export and certificates.")
    pdf.para("The officer compares the sheets with the export for every claim and keeps the comparison (ER-04).")
    pdf.para("A trainee who attended less than 80% of the course hours is not eligible for the subsidy.")
    pdf.para("The claim is decided within 10 working days of receipt; finance pays within 15 working days of approval.")
    pdf.para("4.4 Re-check. Each quarter the chief re-checks 10% of approved claims, at least five (ER-05).")
    pdf.para("4.5 Follow-up. Six months after a course ends, officers phone each trainee to record whether they are in work (ER-06).")

    pdf.h2("5 Platform accounts")
    pdf.para("Every officer uses a personal platform login. Logins must not be shared, and leavers' logins are closed on their last day.")

    pdf.h2("6 Records")
    pdf.grid(["Code", "Record", "Kept by", "Retention"], [
        ["ER-01", "Veteran employment registration", "Section (platform)", "10 years"],
        ["ER-02", "Training sign-up list", "Township station (platform)", "5 years"],
        ["ER-03", "Subsidy claim review sheet", "Section", "10 years"],
        ["ER-04", "Attendance comparison record", "Section", "10 years"],
        ["ER-05", "Quarterly re-check record", "Section chief", "5 years"],
        ["ER-06", "Six-month follow-up log", "Section", "5 years"],
    ], (20, 70, 50, 30))

    pdf.h2("7 Revision history")
    pdf.grid(["Rev", "Date", "Change"], [
        ["1", "1 April 2023", "First issue."],
        ["2", "1 March 2026", "Work moved to the Veterans Employment Service Platform with personal logins; attendance comparison made mandatory for every provider; quarterly re-check added."],
    ], (15, 35, 120))
    out = DOCS / "2026" / "Employment_Support_and_Training_Subsidy_Procedure_Rev2.pdf"
    pdf.output(str(out))


# --------------------------------------------------------------------------- 权益维护科 (zh, DOCX)
def rights_docx() -> None:
    doc = new_docx("唐秀梅")
    title(doc, "权益维护科职责与工作规范（2025年版）")
    doc.add_paragraph("岚禾市退役军人事务局　2025年3月印发，2025年11月补充")

    doc.add_heading("职责范围", level=2)
    doc.add_paragraph("权益维护科对外挂“退役军人来信来访接待室”牌子，负责：退役军人来信、来访、网上信访和12345热线转办诉求的受理、转办、督办和答复；"
                      "困难退役军人帮扶援助；法律咨询和法律援助转介；涉退役军人矛盾纠纷的排查化解。")
    doc.add_paragraph("立功受奖人员“送喜报”由优抚褒扬科负责，本科不承担。")

    doc.add_heading("人手", level=2)
    doc.add_paragraph("科室现有3人：科长唐秀梅，科员程慧（兼任局内审员）、刘洋。另聘法律顾问1名，每周二上午在接待室坐班。")

    doc.add_heading("工作量（2025年）", level=2)
    doc.add_paragraph("2025年共受理来信来访及12345热线诉求638件，其中来访201件、来信54件、网上信访97件、12345转办286件。")
    doc.add_paragraph("全年发放困难退役军人帮扶援助金126人次，合计58.3万元；转介法律援助19件。")

    doc.add_heading("时限", level=2)
    doc.add_paragraph("1. 来信来访：自收到之日起15日内告知是否受理；受理后60日内办结，情况复杂的，经局长批准可延长，延长不超过30日。")
    doc.add_paragraph("2. 12345热线转办诉求：一般诉求5个工作日内答复，政策咨询类1个工作日内答复。")
    doc.add_paragraph("3. 转办其他科室的诉求，承办科室办结后1个工作日内将结果反馈本科，由本科统一答复，并在答复后10日内回访。")

    doc.add_heading("基层联动", level=2)
    doc.add_paragraph("服务站能够当场解答的政策咨询，由服务站当场解答并登记；涉及乡镇的诉求，由本科转乡镇服务站办理，服务站3个工作日内回告。")
    doc.add_paragraph("对重复来访人员逐人建立“一人一档”，由所在服务站包联稳控。")

    doc.add_heading("风险点", level=2)
    doc.add_paragraph("1. 重复信访：2025年同一诉求人来访3次以上的有9人，主要涉及历史遗留的安置待遇问题。")
    doc.add_paragraph("2. 转办其他科室后跟踪不到位，出现“转而不办”“办而不复”。")
    doc.add_paragraph("3. 个人信息保护：来访登记表含身份证号和家庭困难情况，接待室与档案柜未分设。")

    doc.add_heading("新规定", level=2)
    doc.add_paragraph("自2026年2月1日起执行省退役军人事务厅《退役军人诉求办理工作规范（试行）》，要求诉求办结后全部回访，回访满意率纳入年度考核。")

    doc.add_heading("程序与记录", level=2)
    add_table(doc, ["依据", "记录", "编号"], [
        ["退役军人来信来访及诉求办理程序（LHTY-CX-09）", "诉求登记表", "QW-01"],
        ["", "诉求转办单", "QW-02"],
        ["", "答复告知书", "QW-03"],
        ["", "回访记录", "QW-04"],
        ["", "诉求登记台账（电子表格）", "QW-05"],
    ])
    save_docx(doc, DOCS / "2025" / "权益维护科职责与工作规范.docx", dt.datetime(2025, 11, 18, 9, 0))


# --------------------------------------------------------------------------- 权益维护科 (zh, XLSX ledger)
MONTH_COUNTS = [48, 39, 57, 52, 50, 55, 61, 72, 58, 49, 51, 46]
MONTH_LATE = [1, 0, 2, 1, 2, 1, 3, 9, 4, 2, 1, 1]
CHANNELS = {"来访": 201, "来信": 54, "网上信访": 97, "12345转办": 286}
# (category, handling unit, count)
CATEGORY_UNITS = [
    ("优待证办理", "优抚褒扬科", 120), ("优待证办理", "乡镇服务站", 44),
    ("抚恤补助", "优抚褒扬科", 93),
    ("就业创业", "就业创业科", 88),
    ("安置待遇", "就业创业科", 52), ("安置待遇", "权益维护科", 9),
    ("帮扶援助", "权益维护科", 72),
    ("政策咨询", "乡镇服务站", 70), ("政策咨询", "权益维护科", 48),
    ("法律援助", "权益维护科", 19),
    ("其他", "办公室", 23),
]
TRANSFER_UNITS = {"优抚褒扬科", "就业创业科", "办公室"}
NOT_VISITED = 14
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
# days the reception room is closed (New Year, Spring Festival, Qingming, May Day, Dragon Boat, National Day)
HOLIDAYS = {dt.date(2025, 1, 1), *(dt.date(2025, 1, 28) + dt.timedelta(days=i) for i in range(8)),
            dt.date(2025, 4, 4), *(dt.date(2025, 5, 1) + dt.timedelta(days=i) for i in range(5)),
            dt.date(2025, 6, 2), *(dt.date(2025, 10, 1) + dt.timedelta(days=i) for i in range(8))}
TOWNS = ["禾丰镇", "石桥镇", "东坝镇", "云渡乡", "青溪乡", "柳湾街道", "新城街道", "南塘镇", "白鹭镇", "望江镇", "金沙乡", "梅岭镇", "龙泉街道", "江口镇"]


def add_workdays(d: dt.date, n: int) -> dt.date:
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def ledger_rows() -> list[dict]:
    rng = random.Random(20250101)
    channels = [c for c, n in CHANNELS.items() for _ in range(n)]
    rng.shuffle(channels)
    cats = [(c, u) for c, u, n in CATEGORY_UNITS for _ in range(n)]
    rng.shuffle(cats)
    rows: list[dict] = []
    k = 0
    for m, (n, late) in enumerate(zip(MONTH_COUNTS, MONTH_LATE), start=1):
        days = [dt.date(2025, m, d) for d in range(1, 32)
                if _valid(2025, m, d) and dt.date(2025, m, d).weekday() < 5 and dt.date(2025, m, d) not in HOLIDAYS]
        dates = sorted(rng.choice(days) for _ in range(n))
        month_rows = []
        for i in range(n):
            cat, unit = cats[k]
            month_rows.append({"date": dates[i], "channel": channels[k], "category": cat, "unit": unit, "late": False})
            k += 1
        # lateness: in August mostly 优待证 cases, otherwise cases handled by other sections
        pool = [r for r in month_rows if r["unit"] in TRANSFER_UNITS]
        if m == 8:
            pool = sorted(pool, key=lambda r: (r["category"] != "优待证办理", r["date"]))
            chosen = pool[:late]
        else:
            chosen = rng.sample(pool, late)
        for r in chosen:
            r["late"] = True
        rows.extend(month_rows)
    # durations and closing dates
    for r in rows:
        if r["channel"] == "12345转办":
            limit = 1 if r["category"] == "政策咨询" else 5
            r["limit"] = f"{limit}个工作日"
            used = limit + rng.randint(1, 6) if r["late"] else rng.randint(1, limit)
            r["used"] = f"{used}个工作日"
            r["closed"] = add_workdays(r["date"], used)
        else:
            r["limit"] = "60日"
            if r["late"]:
                used = 60 + rng.randint(3, 25)
            elif r["category"] == "政策咨询":
                used = rng.randint(1, 10)
            else:
                used = rng.randint(6, 58)
            r["used"] = f"{used}日"
            r["closed"] = r["date"] + dt.timedelta(days=used)
    # follow-up visits: 14 transferred cases never visited, the rest visited
    transferred = [i for i, r in enumerate(rows) if r["unit"] in TRANSFER_UNITS]
    not_visited = set(rng.sample(transferred, NOT_VISITED))
    for i, r in enumerate(rows):
        if i in not_visited:
            r["visit"] = "未回访"
        else:
            x = rng.random()
            r["visit"] = "满意" if x < 0.83 else ("基本满意" if x < 0.97 else "不满意")
    # people, towns, ids, notes
    for i, r in enumerate(rows, start=1):
        r["no"] = i
        r["id"] = f"QW2025-{i:04d}"
        r["person"] = rng.choice(SURNAMES) + "**"
        r["town"] = rng.choice(TOWNS)
        r["note"] = ""
        if r["late"] and r["date"].month == 8 and r["category"] == "优待证办理":
            r["note"] = "8月集中制证，省级制卡延迟"
    return rows


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


def plant_ledger_notes(rows: list[dict]) -> None:
    """Hand-written remarks a clerk would add to a few rows."""
    # a repeat petitioner on a historical resettlement grievance (four entries, same person)
    repeat = [r for r in rows if r["category"] == "安置待遇" and r["unit"] == "权益维护科" and r["channel"] != "12345转办"]
    repeat = repeat[-4:]
    for k, r in enumerate(repeat, start=1):
        r["person"] = "邓**"
        r["town"] = "石桥镇"
        r["note"] = f"同一诉求人2025年第{k}次反映"
    last = repeat[-1]
    last["note"] = f"同一诉求人2025年第{len(repeat)}次反映，涉及2019年退役安置待遇未落实，已建“一人一档”"
    last["visit"] = "不满意"
    # a late hotline case held by the employment section
    late_emp = [x for x in rows if x["late"] and x["unit"] == "就业创业科" and x["channel"] == "12345转办"]
    if late_emp:
        late_emp[0]["note"] = "承办科室超期未反馈，本科第6个工作日发催办单"
    # an unsatisfied follow-up
    unhappy = [x for x in rows if x["visit"] == "不满意" and x["category"] == "抚恤补助"]
    if unhappy:
        unhappy[0]["note"] = "回访不满意：对象认为补发抚恤金未计利息，已解释政策"


def ledger_xlsx() -> dict:
    rows = ledger_rows()
    plant_ledger_notes(rows)
    wb = Workbook()
    ws = wb.active
    ws.title = "诉求明细"
    header = ["序号", "登记编号", "受理日期", "渠道", "诉求人", "所属乡镇（街道）", "诉求类别", "承办单位",
              "时限要求", "办结日期", "实际用时", "是否按期", "回访结果", "备注"]
    ws.append(["岚禾市退役军人事务局2025年退役军人诉求登记台账（权益维护科）"])
    ws.append(header)
    for c in ws[2]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append([r["no"], r["id"], r["date"], r["channel"], r["person"], r["town"], r["category"], r["unit"],
                   r["limit"], r["closed"], r["used"], "否" if r["late"] else "是", r["visit"], r["note"]])
        ws.cell(ws.max_row, 3).number_format = "yyyy-mm-dd"
        ws.cell(ws.max_row, 10).number_format = "yyyy-mm-dd"
    widths = [6, 13, 12, 10, 8, 14, 11, 11, 10, 12, 10, 8, 9, 40]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w

    ss = wb.create_sheet("月度汇总")
    ss.append(["2025年诉求办理月度汇总"])
    ss.append(["月份", "受理量", "来访", "来信", "网上信访", "12345转办", "办结量", "按期办结", "按期办结率", "回访数", "回访满意率"])
    for c in ss[2]:
        c.font = Font(bold=True)
    totals = dict(n=0, ontime=0, visited=0, happy=0)
    stats = {}
    for m in range(1, 13):
        mr = [r for r in rows if r["date"].month == m]
        n = len(mr)
        ontime = sum(not r["late"] for r in mr)
        visited = sum(r["visit"] != "未回访" for r in mr)
        happy = sum(r["visit"] in ("满意", "基本满意") for r in mr)
        ch = [sum(r["channel"] == c for r in mr) for c in CHANNELS]
        ss.append([f"{m}月", n, *ch, n, ontime, ontime / n, visited, happy / visited])
        ss.cell(ss.max_row, 9).number_format = "0.0%"
        ss.cell(ss.max_row, 11).number_format = "0.0%"
        totals["n"] += n
        totals["ontime"] += ontime
        totals["visited"] += visited
        totals["happy"] += happy
        stats[m] = dict(n=n, ontime=ontime, rate=ontime / n)
    ch_tot = [sum(r["channel"] == c for r in rows) for c in CHANNELS]
    ss.append(["合计", totals["n"], *ch_tot, totals["n"], totals["ontime"], totals["ontime"] / totals["n"],
               totals["visited"], totals["happy"] / totals["visited"]])
    for c in ss[ss.max_row]:
        c.font = Font(bold=True)
    ss.cell(ss.max_row, 9).number_format = "0.0%"
    ss.cell(ss.max_row, 11).number_format = "0.0%"
    n_transfer = sum(r["unit"] in TRANSFER_UNITS for r in rows)
    n_station = sum(r["unit"] == "乡镇服务站" for r in rows)
    by_unit = {u: sum(r["unit"] == u for r in rows) for u in ["优抚褒扬科", "就业创业科", "办公室"]}
    rate = totals["ontime"] / totals["n"]
    ss.append([])
    notes = [
        f"注：1. 全年受理诉求{totals['n']}件，按期办结{totals['ontime']}件，按期办结率{rate * 100:.1f}%；台账更新至2026年3月10日，2025年受理的诉求已全部办结。",
        f"2. 8月受理量全年最高（{stats[8]['n']}件），超期{stats[8]['n'] - stats[8]['ontime']}件，主要是优待证集中制证期间省级制卡延迟。",
        f"3. 转办其他科室办理{n_transfer}件（优抚褒扬科{by_unit['优抚褒扬科']}件、就业创业科{by_unit['就业创业科']}件、办公室{by_unit['办公室']}件），其中{NOT_VISITED}件办结后未回访；转乡镇服务站办理{n_station}件。",
        "4. 按期判定：12345转办诉求按工作日计，信访件按自然日计；法定节假日未扣除。",
    ]
    for t in notes:
        ss.append([t])
    ss.column_dimensions["A"].width = 12
    for col in "BCDEFGHIJK":
        ss.column_dimensions[col].width = 11
    ss["A1"].font = Font(bold=True, size=13)
    ws["A1"].font = Font(bold=True, size=13)
    for row in ss.iter_rows(min_row=3):
        for c in row:
            c.alignment = Alignment(vertical="center")
    wb.properties.creator = "唐秀梅"
    wb.properties.lastModifiedBy = "刘洋"
    wb.properties.created = dt.datetime(2025, 1, 2, 9, 0)
    wb.properties.modified = dt.datetime(2026, 3, 10, 17, 0)
    out = DOCS / "2025" / "2025年退役军人诉求登记台账.xlsx"
    wb.save(out)
    normalise_zip(out, dt.datetime(2026, 3, 10, 17, 0))
    return dict(total=totals["n"], ontime=totals["ontime"], rate=rate, aug=stats[8], transfer=n_transfer,
                by_unit=by_unit, station=n_station, visited=totals["visited"])


# --------------------------------------------------------------------------- agency: internal audit report (zh, DOCX)
def audit_docx() -> None:
    doc = new_docx("程慧")
    title(doc, "岚禾市退役军人事务局2026年度内部质量管理体系审核报告")
    add_table(doc, ["项目", "内容"], [
        ["审核时间", "2026年11月3日至5日"],
        ["审核范围", "办公室、优抚褒扬科、权益维护科、就业创业科；禾丰镇、东坝镇、柳湾街道3个退役军人服务站"],
        ["审核准则", "GB/T 19001-2016；本局质量手册、程序文件；退役军人优抚、信访、就业相关法规"],
        ["审核组", "组长程慧（权益维护科），组员吴敏（办公室）、许嘉（优抚褒扬科）；内审员不审核本科室工作"],
        ["报告日期", "2026年11月27日（状态截至当日）"],
    ])

    doc.add_heading("一、审核概况", level=2)
    doc.add_paragraph("11月3日上午召开首次会议，韩立山局长到会讲话，要求各科室把内审当作查找短板的机会，如实提供记录。"
                      "审核组按科室分工和2026年重点工作逐项抽样，11月5日下午召开末次会议。")
    doc.add_paragraph("本次审核共开具不符合项4项、观察项2项。")

    doc.add_heading("二、不符合项", level=2)
    add_table(doc, ["编号", "受审核部门", "不符合事实", "依据", "状态"], [
        ["BFH-2026-01", "优抚褒扬科",
         "抽查2026年定期抚恤补助资格认证记录表（YF-01）30份（全市认证对象共2,098人），其中4份缺少认证人签字，2份认证日期在4月上旬，晚于程序规定的3月31日。",
         "GB/T 19001-2016 8.5.1；LHTY-CX-06第六条",
         "已纠正，待验证：11月20日已补正记录，科室增加2月底催报提醒；纠正措施是否有效，须待2027年3月资格认证结束后验证。"],
        ["BFH-2026-02", "权益维护科",
         "抽查2026年1—9月办结诉求40件（同期办结共503件），其中转办其他科室的17件中有5件无回访记录（QW-04）。2025年内审BFH-2025-03曾指出同一问题。",
         "GB/T 19001-2016 9.1.2、10.2；LHTY-CX-09",
         "重复发生，未关闭：原因分析仅归于人手少，未涉及转办反馈机制，已退回重新分析。"],
        ["BFH-2026-03", "就业创业科",
         "2026年第二批职业技能培训补贴申请共118份，抽查15份，均未与培训机构人脸识别考勤记录比对，其中3份签到表疑似代签。"
         "另见该科2名工作人员共用1个就业服务平台账号；平台账号由办公室统一申请开通。",
         "GB/T 19001-2016 8.5.1、7.5.3；《就业扶持和培训补贴程序》第2版",
         "未关闭：整改计划尚未提交，限2026年12月15日前提交。"],
        ["BFH-2026-04", "办公室",
         "2026年依申请公开申请9件，其中2件答复超过20个工作日，且无延期审批记录。",
         "GB/T 19001-2016 8.2；LHTY-CX-04",
         "已关闭：11月12日修订登记表增加时限提醒；11月25日许嘉抽查此后受理的3件申请，均按期答复，验证有效。"],
    ])

    doc.add_heading("三、观察项", level=2)
    doc.add_paragraph("GCX-2026-01（办公室）：服务站调整后，原石桥镇、云渡乡两个服务站的台账档案移交，截至11月5日仍有1个站未完成。")
    doc.add_paragraph("GCX-2026-02（优抚褒扬科）：“一卡通”发放后，发放数据比对记录（YF-05）只有第一、二季度，第三季度尚未比对。")

    doc.add_heading("四、上年不符合项跟踪", level=2)
    add_table(doc, ["编号", "部门", "问题摘要", "跟踪结果"], [
        ["BFH-2025-01", "办公室", "发文审签单缺少核稿人签字", "已关闭（2026年1月验证）"],
        ["BFH-2025-02", "优抚褒扬科", "光荣牌悬挂登记不全", "已关闭"],
        ["BFH-2025-03", "权益维护科", "转办诉求办结后未回访", "2025年12月关闭，2026年再次发生，见BFH-2026-02"],
        ["BFH-2025-04", "就业创业科", "培训补贴审核表无复核人签字", "已关闭"],
    ])

    doc.add_heading("五、审核结论与建议", level=2)
    doc.add_paragraph("体系总体运行有效，但“转办—反馈—回访”链条和培训补贴审核两处薄弱环节需在管理评审中专题研究。"
                      "建议办公室牵头明确转办诉求的反馈责任，并按“一人一号”清理就业服务平台账号。")
    doc.add_paragraph("分发：局领导班子成员、各科室、各服务站。")
    save_docx(doc, DOCS / "2026" / "2026年度内部审核报告.docx", dt.datetime(2026, 11, 27, 15, 0))


# --------------------------------------------------------------------------- agency: quality objectives (zh, DOCX)
def objectives_docx() -> None:
    doc = new_docx("陆文涛")
    title(doc, "岚禾市退役军人事务局2026年度质量目标分解表")
    doc.add_paragraph("经2026年第2次局务会议审议通过。2025年实际值由各科室于2026年1月报送，办公室汇总。")
    add_table(doc, ["科室", "质量目标", "2026年目标", "2025年目标", "2025年实际", "测量方式"], [
        ["办公室", "上级交办及会议议定事项按期办结率", "≥９５％", "≥９０％", "９３．８％", "督办台账，按月统计"],
        ["办公室", "依申请公开按期答复率", "百分之百", "百分之百", "百分之百", "登记表，按季统计"],
        ["办公室", "服务站季度业务抽查覆盖率（新增）", "百分之百", "—", "—", "抽查记录，按年统计"],
        ["优抚褒扬科", "定期抚恤补助按时足额发放率", "百分之百", "百分之百", "百分之百", "发放花名册，按月"],
        ["优抚褒扬科", "资格认证3月31日前完成率", "≥９８％", "≥９８％", "９６．２％", "认证记录，按年"],
        ["优抚褒扬科", "优待证复核按期率", "≥９５％", "≥９５％", "９７．１％", "受理登记，按季"],
        ["权益维护科", "诉求按期办结率", "≥９６％", "≥９５％", "９５．８％", "诉求登记台账，按月"],
        ["权益维护科", "诉求办结回访率", "百分之百", "≥９０％", "９７．８％", "回访记录，按月"],
        ["就业创业科", "参训退役军人结业后六个月就业率", "≥８５％", "≥８５％", "８１．６％", "跟踪回访，按半年"],
        ["就业创业科", "培训补贴申请按期审核率", "≥９５％", "≥９５％", "９６．６％", "审核记录，按季"],
        ["就业创业科", "安排工作对象按期安置率", "百分之百", "百分之百", "百分之百", "安置台账，按年"],
    ])
    doc.add_paragraph("2025年度10项目标中8项完成；优抚褒扬科资格认证完成率、就业创业科就业率两项未完成，已在局务会议上通报。")
    doc.add_paragraph("各科室每季度第一个月10日前向办公室报送上季度目标完成情况，办公室汇总后提交管理评审。")
    save_docx(doc, DOCS / "2026" / "2026年度质量目标分解表.docx", dt.datetime(2026, 3, 2, 11, 0))


# --------------------------------------------------------------------------- agency: minutes (zh, HTML)
MINUTES_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>2026年第2次局务会议纪要 - 岚禾市退役军人事务局</title>
<style>
body { font-family: "SimSun", serif; max-width: 820px; margin: 24px auto; line-height: 1.8; }
h1 { text-align: center; font-size: 22px; }
.meta { color: #555; font-size: 14px; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #888; padding: 4px 8px; font-size: 14px; }
</style>
</head>
<body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; 会议纪要</div>
<h1>2026年第2次局务会议纪要</h1>
<p class="meta">时间：2026年2月26日上午　地点：局三楼会议室　主持：韩立山　记录：周婷</p>
<p class="meta">出席：韩立山、宋雅琴、陈国栋　列席：陆文涛、郑海波、唐秀梅、白云峰</p>
<p>会议听取了各科室汇报，研究了以下事项：</p>

<h2>一、2025年度质量目标完成情况</h2>
<p>2025年全局10项质量目标中8项完成。优抚褒扬科资格认证3月31日前完成率为96.2%，未达到98%的目标；就业创业科参训人员结业后六个月就业率未达标。</p>
<p>会议要求两个科室于3月15日前提交原因分析和改进措施，由办公室汇总后提交管理评审。</p>
<p>办公室通报：2025年全年召开局务会议22次，督办事项按期办结率93.8%。</p>

<h2>二、2026年度质量目标分解表</h2>
<p>会议审议通过2026年度质量目标分解表，新增“服务站季度业务抽查覆盖率”一项，由办公室负责。</p>

<h2>三、乡镇（街道）退役军人服务站调整</h2>
<p>根据市政府部分乡镇行政区划调整的决定，石桥镇服务站并入禾丰镇服务站，云渡乡服务站并入东坝镇服务站，调整自4月1日起执行。</p>
<p>全市优抚对象两千余人的档案中，涉及两个撤并乡镇的部分由办公室牵头、优抚褒扬科配合，于4月30日前随站移交完毕。</p>

<h2>四、就业服务平台启用</h2>
<p>就业创业科汇报：3月1日起启用省退役军人就业服务平台，培训报名和岗位对接不再使用电子表格。</p>
<p>会议决定：平台账号由办公室统一向省厅申请开通，实行“一人一号”，不得共用。</p>

<h2>五、诉求转办回访</h2>
<p>权益维护科通报：2025年转办其他科室办理的诉求中有14件办结后未回访，与去年内审指出的问题相同。</p>
<p>会议要求：承办科室办结后1个工作日内向权益维护科反馈结果，权益维护科按新规范对办结诉求全部回访。</p>

<h2>六、2026年内部审核安排</h2>
<p>2026年内部审核定于11月上旬进行，程慧任审核组长，审核范围覆盖全部四个科室和不少于3个服务站。</p>

<h3>会议议定事项督办表</h3>
<table>
<tr><th>序号</th><th>事项</th><th>责任科室</th><th>完成时限</th></tr>
<tr><td>1</td><td>未完成质量目标的原因分析</td><td>优抚褒扬科、就业创业科</td><td>3月15日</td></tr>
<tr><td>2</td><td>撤并乡镇服务站档案移交</td><td>办公室</td><td>4月30日</td></tr>
<tr><td>3</td><td>就业服务平台账号“一人一号”开通</td><td>办公室</td><td>3月1日</td></tr>
<tr><td>4</td><td>转办诉求反馈和回访机制</td><td>权益维护科</td><td>3月31日</td></tr>
</table>
<p class="meta">岚禾市退役军人事务局办公室　2026年2月27日印发</p>
</body>
</html>
"""


def minutes_html() -> None:
    out = DOCS / "2026" / "2026年第2次局务会议纪要.html"
    out.write_text(MINUTES_HTML, encoding="utf-8")


# --------------------------------------------------------------------------- 办公室 (zh, scanned notice, image-only PDF)
SCAN_TITLE_LINES = ["岚禾市退役军人事务局"]
SCAN_DOC_NO = "岚退役发〔2026〕6号"
SCAN_HEADING = "关于调整乡镇（街道）退役军人服务站设置的通知"
SCAN_PARAGRAPHS = [
    "各乡镇人民政府、街道办事处，局机关各科室：",
    "　　根据市政府关于部分乡镇行政区划调整的决定，经局务会议研究，现将服务站设置调整事项通知如下：",
    "　　一、自2026年4月1日起，全市乡镇（街道）退役军人服务站由14个调整为12个。石桥镇服务站并入禾丰镇服务站，云渡乡服务站并入东坝镇服务站。",
    "　　二、村（社区）退役军人服务站由186个调整为179个，具体名单另行印发。",
    "　　三、原石桥镇、云渡乡服务站的优抚对象档案、诉求台账和就业登记资料，于2026年4月30日前移交合并后的服务站，移交清单报局办公室备案。",
    "　　四、调整期间，群众诉求由合并后的服务站统一受理，不得推诿。",
    "　　联系人：李航（局办公室）",
]
SCAN_SIGNATURE = ["岚禾市退役军人事务局", "2026年3月12日"]


def scanned_text() -> list[str]:
    """The text drawn on the scanned page, paragraph by paragraph (the truth for scanned facts)."""
    return [*SCAN_TITLE_LINES, SCAN_DOC_NO, SCAN_HEADING, *SCAN_PARAGRAPHS, *SCAN_SIGNATURE]


def wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if draw.textlength(cur + ch, font=font) > width:
            if ch in "，。；：、）”":
                cur += ch
                lines.append(cur)
                cur = ""
                continue
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines


def scanned_pdf() -> None:
    W, H = 1240, 1754  # A4 at 150 dpi
    img = Image.new("L", (W, H), 246)
    d = ImageDraw.Draw(img)
    f_red = ImageFont.truetype(CJK_FONT, 58)
    f_head = ImageFont.truetype(CJK_FONT, 38)
    f_body = ImageFont.truetype(CJK_FONT, 30)
    left, right = 130, W - 130
    y = 150
    t = SCAN_TITLE_LINES[0]
    d.text(((W - d.textlength(t, font=f_red)) / 2, y), t, font=f_red, fill=40)
    y += 95
    d.text(((W - d.textlength(SCAN_DOC_NO, font=f_body)) / 2, y), SCAN_DOC_NO, font=f_body, fill=25)
    y += 52
    d.line((left, y, right, y), fill=60, width=4)
    y += 40
    for line in wrap(d, SCAN_HEADING, f_head, right - left):
        d.text(((W - d.textlength(line, font=f_head)) / 2, y), line, font=f_head, fill=15)
        y += 58
    y += 20
    for para in SCAN_PARAGRAPHS:
        for line in wrap(d, para, f_body, right - left):
            d.text((left, y), line, font=f_body, fill=20)
            y += 50
        y += 6
    y += 60
    sig_x = right - 360
    seal_c = (sig_x + 160, y + 40)
    for line in SCAN_SIGNATURE:
        d.text((sig_x, y), line, font=f_body, fill=20)
        y += 50
    # grey seal (the scanner renders red as mid grey)
    r = 120
    d.ellipse((seal_c[0] - r, seal_c[1] - r, seal_c[0] + r, seal_c[1] + r), outline=140, width=7)
    star = ImageFont.truetype(CJK_FONT, 60)
    d.text((seal_c[0] - 30, seal_c[1] - 38), "★", font=star, fill=140)
    # scanner artefacts: speckles, slight rotation, blur
    rng = random.Random(6)
    for _ in range(2600):
        x, yy = rng.randrange(W), rng.randrange(H)
        v = rng.choice([150, 175, 200])
        d.point((x, yy), fill=v)
    img = img.rotate(0.45, resample=Image.BICUBIC, fillcolor=246)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    out = DOCS / "2026" / "关于调整乡镇（街道）退役军人服务站设置的通知（扫描件）.pdf"
    img.convert("RGB").save(out, "PDF", resolution=150.0, title="scan0312",
                            creationDate=dt.datetime(2026, 3, 13, 8, 41).timetuple(),
                            modDate=dt.datetime(2026, 3, 13, 8, 41).timetuple())


def main() -> None:
    (DOCS / "2025").mkdir(parents=True, exist_ok=True)
    (DOCS / "2026").mkdir(parents=True, exist_ok=True)
    office_docx()
    pension_pdf()
    pension_txt()
    employment_docx()
    employment_pdf()
    rights_docx()
    info = ledger_xlsx()
    audit_docx()
    objectives_docx()
    minutes_html()
    scanned_pdf()
    print("ledger:", info)


if __name__ == "__main__":
    main()
