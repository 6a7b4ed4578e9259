"""Builds the documents of blind corpus v11 (枫岭县司法局, an invented county justice bureau).

Run with the project's virtualenv:  /work/main/.venv/bin/python make_docs.py
Writes ../docs/2025/* and ../docs/2026/*. Deterministic (fixed random seed).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent / "docs"
Y25 = DOCS / "2025"
Y26 = DOCS / "2026"
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


# ---------------------------------------------------------------- DOCX helpers
def new_doc() -> docx.Document:
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.size = Pt(11)
    return d


def table(d: docx.Document, header: list[str], rows: list[list[str]]) -> None:
    t = d.add_table(rows=1, cols=len(header))
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


# ---------------------------------------------------------------- 办公室 DOCX (2025)
def office_docx() -> None:
    d = new_doc()
    h = d.add_heading("枫岭县司法局办公室职责与岗位分工", level=0)
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = d.add_paragraph("（2025年3月修订，2026年1月补充2025年工作量）")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    d.add_heading("一、机构概况", level=1)
    d.add_paragraph(
        "办公室是局机关的综合协调部门，在分管副局长陈立山的领导下开展工作。办公室核定编制5名，"
        "现有在编人员4名，另有聘用文员1名，主任由周雅芬担任。"
    )
    d.add_paragraph(
        "局质量管理体系的日常管理工作（体系文件的发放与回收、内部审核的组织、管理评审资料的汇总）由办公室承担。"
    )

    d.add_heading("二、主要职责", level=1)
    for line in [
        "（一）负责局机关公文的收发、登记、审核、印制和归档，承担机要、保密和印章管理。",
        "（二）负责局长办公会议等重要会议的组织和纪要起草，跟踪会议决定事项的落实。",
        "（三）负责县委、县政府和局领导交办事项的督查督办，建立督办台账，每月通报办理进度。",
        "（四）负责政府信息主动公开和依申请公开，维护局门户网站“政务公开”栏目。",
        "（五）负责群众来信来访的登记、转办、督办和答复，承接县12345政务服务便民热线转办的工单。",
        "（六）负责机关财务、固定资产、公务用车和后勤保障，配合审计部门开展审计。",
        "（七）负责局质量管理体系的日常运行管理。",
    ]:
        d.add_paragraph(line)

    d.add_heading("三、岗位分工", level=1)
    table(
        d,
        ["岗位", "责任人", "A角/B角", "主要事项"],
        [
            ["办公室主任", "周雅芬", "A角：周雅芬；B角：马骏", "全面工作、会议组织、体系管理"],
            ["文秘与公文", "韩冬", "A角：韩冬；B角：钱小玲", "公文收发与审核、印章、保密"],
            ["督办与信息公开", "马骏", "A角：马骏；B角：韩冬", "督办台账、政务公开、网站维护"],
            ["信访与热线", "郑可欣", "A角：郑可欣；B角：周雅芬", "来信来访登记、12345工单、回访"],
            ["档案与后勤（聘用）", "钱小玲", "A角：钱小玲；B角：郑可欣", "档案整理、资产台账、车辆"],
        ],
    )

    d.add_heading("四、2025年工作量", level=1)
    d.add_paragraph(
        "2025年，办公室共办理收文1,326件、发文208件；列入督办台账的事项97项，按期办结89项；"
        "主动公开政府信息412条，受理依申请公开23件。群众来信来访和热线投诉的逐件登记情况见年度汇总台账。"
    )
    table(
        d,
        ["项目", "2024年", "2025年", "备注"],
        [
            ["收文（件）", "1,194", "1,326", "含上级来文和平级来文"],
            ["发文（件）", "196", "208", "含局机关文件和办公室文件"],
            ["督办事项（项）", "84", "97", "2025年按期办结89项"],
            ["主动公开（条）", "388", "412", "门户网站及政务新媒体"],
            ["依申请公开（件）", "17", "23", "全部在期限内答复"],
        ],
    )

    d.add_heading("五、办理时限", level=1)
    d.add_paragraph(
        "1．依申请公开：能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；"
        "需要延长的，经局主要负责人同意并告知申请人，延长期限最长不超过20个工作日。"
    )
    d.add_paragraph("2．县12345热线转办的一般工单，应在五个工作日内办结并回复；紧急工单应在24小时内反馈处理情况。")
    d.add_paragraph("3．信访事项自受理之日起60日内办结；情况复杂的，经批准可以适当延长，但延长期限不得超过30日。")
    d.add_paragraph(
        "4．来信来访和热线投诉按《信访及投诉处理程序》（FLSFJ-CX-03）办理。12345工单办结后5个工作日内，"
        "由信访与热线岗位进行电话回访，回访情况记入《12345工单回访记录》。"
    )

    d.add_heading("六、与司法所的工作衔接", level=1)
    d.add_paragraph(
        "各司法所信访联络员每月25日前向办公室报送本所受理的信访事项和矛盾纠纷苗头情况。"
        "涉及司法所工作人员的投诉，由办公室登记后转基层工作科会同有关司法所核查，核查结果由办公室统一答复。"
    )

    d.add_heading("七、需要关注的事项", level=1)
    d.add_paragraph(
        "1．信访件登记在信访登记簿，12345工单登记在热线工单台账，两套台账到年终才汇总，"
        "存在重复统计、口径不一的风险。"
    )
    d.add_paragraph("2．自2025年10月起，信访事项登记改用省信访信息系统，不再使用纸质登记簿，12345工单台账仍为Excel表格。")
    d.add_paragraph("3．2025年有8项督办事项未按期办结，多为需要几个科室会签的事项，牵头科室不明确时容易相互推诿。")
    d.save(Y25 / "枫岭县司法局办公室职责与岗位分工.docx")


# ---------------------------------------------------------------- complaints ledger XLSX (2025)
MONTH_TOTAL = [24, 19, 31, 30, 33, 35, 38, 41, 36, 32, 35, 32]
MONTH_LATE = [0, 0, 1, 0, 1, 1, 3, 4, 3, 0, 2, 0]
SOURCES = {"12345热线转办": 214, "来访": 63, "来信": 41, "网上信访": 45, "12348热线": 23}
CATEGORIES = {
    "律师及律师事务所": 102,
    "基层法律服务工作者": 27,
    "公证": 31,
    "法律援助": 38,
    "人民调解": 74,
    "司法所工作人员": 46,
    "社区矫正": 29,
    "局机关及其他": 39,
}
FIRMS = ["枫岭明德律师事务所", "枫岭正衡律师事务所", "枫岭信达律师事务所", "枫岭九和律师事务所", "枫岭青禾律师事务所", "枫岭守正律师事务所"]
SFS = ["城关司法所", "石门司法所", "青湾司法所", "白鹭司法所", "岭口司法所", "上坊司法所", "下溪司法所", "东岗司法所", "西塘司法所", "柳营司法所"]
CAT_DETAIL = {
    "律师及律师事务所": (FIRMS, "公共法律服务管理科", ["反映代理律师收费后未按约定出庭", "投诉律师未及时告知案件进展", "反映律师事务所退费纠纷", "投诉律师接待时态度生硬"]),
    "基层法律服务工作者": (["城关法律服务所", "石门法律服务所", "柳营法律服务所"], "公共法律服务管理科", ["反映法律服务工作者超范围代理", "投诉法律服务所收费不规范"]),
    "公证": (["枫岭县公证处"], "公共法律服务管理科", ["反映继承公证办理时间过长", "对公证所需材料有异议", "投诉窗口答复前后不一致"]),
    "法律援助": (["县法律援助中心"], "县法律援助中心", ["反映法律援助申请迟迟未答复", "对不予法律援助决定有异议", "投诉援助律师会见次数少"]),
    "人民调解": (SFS, "基层工作科", ["反映邻里纠纷调解后对方未履行", "对村调委会调解结果不满", "要求司法所介入土地纠纷调解"]),
    "司法所工作人员": (SFS, "基层工作科", ["反映司法所工作人员接待态度差", "投诉司法所未受理调解申请"]),
    "社区矫正": (["县社区矫正中心"], "社区矫正管理科", ["反映社区矫正对象请假审批慢", "举报社区矫正对象违规外出"]),
    "局机关及其他": (["局机关"], "办公室", ["咨询婚姻财产分割问题（转为法律咨询）", "反映局门户网站信息未及时更新", "要求公开行政复议决定书"]),
}


def ledger_xlsx() -> None:
    rng = random.Random(20251231)
    sources = [s for s, n in SOURCES.items() for _ in range(n)]
    cats = [c for c, n in CATEGORIES.items() for _ in range(n)]
    rng.shuffle(sources)
    rng.shuffle(cats)
    rows = []
    k = 0
    for m in range(12):
        n, late = MONTH_TOTAL[m], MONTH_LATE[m]
        days_in = (dt.date(2025 + (m == 11), (m + 1) % 12 + 1, 1) - dt.date(2025, m + 1, 1)).days
        days = sorted(rng.randint(1, days_in) for _ in range(n))
        late_idx = set(rng.sample(range(n), late))
        for i in range(n):
            src, cat = sources[k], cats[k]
            k += 1
            reg = dt.date(2025, m + 1, days[i])
            limit = 7 if src == "12345热线转办" else 60
            due = reg + dt.timedelta(days=limit)
            if i in late_idx:
                done = due + dt.timedelta(days=rng.randint(2, 12))
            else:
                done = reg + dt.timedelta(days=rng.randint(2, limit - 1))
            rows.append([reg, src, cat, due, done, i not in late_idx])
    assert k == 386
    # return visits: 12345 orders closed in Q4 lack a visit record now and then
    repeat_idx = set(random.Random(7).sample(range(386), 23))
    wb = Workbook()
    ws = wb.active
    ws.title = "登记明细"
    ws.append(["枫岭县司法局2025年信访及投诉登记汇总台账"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["序号", "登记编号", "登记日期", "来源渠道", "投诉对象类别", "涉及单位", "内容摘要", "承办单位", "限办日期", "办结日期", "是否按期", "是否重复投诉", "回访日期", "回访结果"])
    for c in ws[2]:
        c.font = Font(bold=True)
    vrng = random.Random(99)
    missing = 0
    for i, (reg, src, cat, due, done, ontime) in enumerate(rows, 1):
        units, handler, texts = CAT_DETAIL[cat]
        unit = vrng.choice(units)
        text = vrng.choice(texts)
        if cat in ("人民调解", "司法所工作人员"):
            handler = f"基层工作科/{unit}"
        visit_date, visit_res = None, ""
        if src == "12345热线转办":
            if reg.month >= 10 and vrng.random() < 0.28:
                missing += 1
            else:
                visit_date = done + dt.timedelta(days=vrng.randint(1, 6))
                visit_res = vrng.choice(["满意", "满意", "满意", "基本满意", "不满意"])
        else:
            visit_res = "—"
        ws.append([i, f"FLXF-2025-{i:04d}", reg, src, cat, unit, text, handler, due, done, "是" if ontime else "否", "是" if i - 1 in repeat_idx else "否", visit_date, visit_res])
    for col in ("C", "I", "J", "M"):
        for c in ws[col][2:]:
            c.number_format = "yyyy-mm-dd"
    widths = [6, 16, 12, 14, 18, 22, 34, 24, 12, 12, 9, 12, 12, 10]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(65 + i)].width = w

    ws2 = wb.create_sheet("月度统计")
    ws2.append(["月份", "登记件数", "其中12345转办", "按期办结", "逾期", "按期办结率"])
    for c in ws2[1]:
        c.font = Font(bold=True)
    tot = [0, 0, 0, 0]
    for m in range(12):
        mr = [r for r in rows if r[0].month == m + 1]
        n = len(mr)
        n12345 = sum(1 for r in mr if r[1] == "12345热线转办")
        ok = sum(1 for r in mr if r[5])
        ws2.append([f"{m + 1}月", n, n12345, ok, n - ok, round(ok / n, 3)])
        tot = [tot[0] + n, tot[1] + n12345, tot[2] + ok, tot[3] + n - ok]
    ws2.append(["合计", tot[0], tot[1], tot[2], tot[3], round(tot[2] / tot[0], 3)])
    for c in ws2["F"][1:]:
        c.number_format = "0.0%"
    assert tot[0] == 386 and tot[2] == 371
    ws2.append([])
    ws2.append(["说明：全年登记386件，按期办结371件，按期办结率96.1%；逾期15件，其中7月至9月10件。8月按期办结率最低，为90.2%。"])
    ws2.append(["说明：12345转办工单按5个工作日计算办理期限，其余信访件按60日计算；涉及律师及律师事务所的投诉102件，占26.4%。"])
    ws2.append([f"说明：10月至12月办结的12345工单中，有{missing}件回访日期未填写，办公室正在核实是否已回访。"])
    ws2.column_dimensions["A"].width = 12

    ws3 = wb.create_sheet("分类统计")
    ws3.append(["来源渠道", "件数"])
    for s, n in SOURCES.items():
        ws3.append([s, n])
    ws3.append(["合计", sum(SOURCES.values())])
    ws3.append([])
    ws3.append(["投诉对象类别", "件数"])
    for s, n in CATEGORIES.items():
        ws3.append([s, n])
    ws3.append(["合计", sum(CATEGORIES.values())])
    ws3.append([])
    ws3.append(["重复投诉（30日内就同一事项再次投诉）", len(repeat_idx)])
    ws3.column_dimensions["A"].width = 34
    wb.save(Y25 / "2025年信访及投诉登记汇总台账.xlsx")
    print("ledger: 12345 Q4 without visit record:", missing)


# ---------------------------------------------------------------- 行政复议与应诉科 PDF (2025)
class ZhPDF(FPDF):
    def footer(self):
        self.set_y(-15)
        self.set_font("wqy", size=9)
        self.cell(0, 10, f"第 {self.page_no()} 页", align="C")


def reconsideration_pdf() -> None:
    pdf = ZhPDF(format="A4")
    pdf.add_font("wqy", fname=CJK_FONT, collection_font_number=0)
    pdf.add_font("wqy", style="B", fname=CJK_FONT, collection_font_number=0)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font("wqy", size=16)
    pdf.multi_cell(0, 9, "枫岭县司法局行政复议与应诉科\n工作职责及2025年工作概况", align="C")
    pdf.set_font("wqy", size=10)
    pdf.cell(0, 7, "行政复议与应诉科编写　2026年1月", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    def head(t):
        pdf.ln(2)
        pdf.set_font("wqy", size=13)
        pdf.cell(0, 8, t, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("wqy", size=10.5)

    def para(t):
        pdf.multi_cell(0, 6.5, t)
        pdf.ln(1)

    head("【科室职能】")
    para("根据县委机构编制委员会批复的“三定”方案，行政复议与应诉科主要承担以下工作：")
    para("（一）办理以县人民政府为行政复议机关的行政复议案件，负责申请的接收、受理审查、案件审理、调解和解以及复议决定书的起草；")
    para("（二）承办县人民政府作为被告的行政诉讼案件的应诉工作，指导县政府各部门做好行政应诉；")
    para("（三）制发行政复议意见书和建议书，对复议中发现的共性问题向有关部门提出改进建议；")
    para("（四）指导各司法所行政复议代收点的工作。")

    head("【体制变化】")
    para("自2024年1月1日起，新修订的《中华人民共和国行政复议法》施行。")
    para("除法定情形外，县政府各工作部门不再受理行政复议申请，由县人民政府统一行使行政复议职责。")
    para("县人民政府行政复议机构设在县司法局，具体工作由本科室承担。")

    head("【人员配置】")
    para("科室现有工作人员5名，其中3名取得法律职业资格。")
    para("科长欧阳靖，副科长梁舒，承办人杜明轩、施雨桐、贾浩。案件实行承办人负责、科长审核、分管副局长孙慧敏签批的三级审核。")

    head("【2025年业务数据】")
    para("2025年，全年共收到行政复议申请217件，依法受理186件。")
    para("不予受理19件，告知向有权机关申请12件；审结179件，结转2026年7件。")
    para("办理行政应诉案件64件，其中县人民政府作为被告的27件。")
    pdf.ln(1)
    pdf.set_font("wqy", size=10)
    with pdf.table(col_widths=(60, 30, 40), text_align=("LEFT", "RIGHT", "RIGHT"), line_height=7) as t:
        for r in [
            ("审结方式", "件数", "占审结数比例"),
            ("维持", "98", "54.7%"),
            ("撤销", "17", "9.5%"),
            ("变更", "2", "1.1%"),
            ("确认违法", "8", "4.5%"),
            ("责令履行", "5", "2.8%"),
            ("驳回", "13", "7.3%"),
            ("调解和解后终止", "36", "20.1%"),
            ("合计", "179", "100%"),
        ]:
            row = t.row()
            for v in r:
                row.cell(v)
    pdf.ln(3)
    pdf.set_font("wqy", size=10.5)
    para("受理案件按行政管理领域分布如下：")
    pdf.set_font("wqy", size=10)
    with pdf.table(col_widths=(70, 30), text_align=("LEFT", "RIGHT"), line_height=7) as t:
        for r in [
            ("领域", "受理件数"),
            ("公安行政处罚", "52"),
            ("征地拆迁与房屋征收", "41"),
            ("市场监管行政处罚", "37"),
            ("工伤认定", "23"),
            ("自然资源", "15"),
            ("其他", "18"),
            ("合计", "186"),
        ]:
            row = t.row()
            for v in r:
                row.cell(v)
    pdf.set_font("wqy", size=10.5)

    head("【办理时限】")
    para("（一）收到行政复议申请后，应在5日内完成受理审查。")
    para("（二）适用普通程序的案件，应当自受理之日起60日内作出行政复议决定；情况复杂的，经批准可以延长，延长期限最多不超过30日。")
    para("（三）适用简易程序的案件，应在受理之日起30日内作出决定。")
    para("（四）行政应诉案件，应在收到起诉状副本之日起15日内向人民法院提交答辩状，以及作出行政行为的证据和所依据的规范性文件。")

    head("【与司法所的衔接】")
    para("全县10个司法所均设有行政复议代收点。")
    para("各司法所行政复议代收点收到申请后，应在2个工作日内转送复议科，并在代收登记簿上登记。")
    para("2025年经代收点转送的申请共29件。")

    head("【工作风险提示】")
    para("1．2025年经批准延长审理期限的案件11件，其中4件的延期审批表签发日期晚于原审理期限届满日，属于事后补批。")
    para("2．补正材料期间不计入审理期限，但补正通知的送达日期记录不全，期限计算容易产生争议。")
    para("3．案件集中在公安行政处罚和征地拆迁两类，调查取证和听证耗时较长，临近期限的案件较多。")
    pdf.output(str(Y25 / "行政复议与应诉科工作职责及2025年工作概况.pdf"))


# ---------------------------------------------------------------- GBK procedure (2025)
PROCEDURE_TXT = """枫岭县司法局
质量管理体系程序文件
文件编号：FLSFJ-CX-06　　版本：B/1
实施日期：2025年2月1日

行政复议案件办理程序

第一条　目的
为规范行政复议案件的接收、受理、审理和决定，保证案件在法定期限内办结，制定本程序。

第二条　适用范围
本程序适用于县人民政府行政复议机构（设在县司法局，具体由行政复议与应诉科承办）办理的行政复议案件，以及各司法所行政复议代收点的接收和转送工作。

第三条　职责
（一）行政复议与应诉科（以下简称复议科）负责案件的登记、审查、审理、文书制作和期限管理；
（二）分管副局长负责审核受理意见、延期申请和复议决定；
（三）各司法所负责代收申请并按期转送；
（四）办公室负责案卷的接收和保管。

第四条　接收登记
申请人当面递交、邮寄或者通过省行政复议网上申请平台提交申请的，复议科应当于收到当日在《行政复议申请登记表》（FY-R-01）上登记。司法所代收的申请，应在2个工作日内转送复议科。

第五条　受理审查
复议科收到行政复议申请后五日内完成审查。符合受理条件的，制发《受理通知书》（FY-R-02）；申请材料不齐全的，制发《补正通知书》（FY-R-03），申请人应当自收到补正通知之日起十日内提交补正材料，补正期间不计入审理期限。

第六条　简易程序
事实清楚、权利义务关系明确、争议不大的案件，可以适用简易程序。适用简易程序审理的案件，应当自受理之日起三十日内作出决定。

第七条　普通程序
适用普通程序审理的案件，应当自受理之日起六十日内作出行政复议决定。需要听证的，由复议科拟定听证方案，报分管副局长批准后组织。

第八条　延长审理期限
案件确需延长审理期限的，承办人应当在原期限届满前3个工作日填写《行政复议案件延期审批表》（FY-R-05），经科长审核、分管副局长审批后，报县人民政府分管领导批准，并书面告知当事人。延长期限最多不超过三十日。

第九条　审理报告
承办人应当在拟作出决定前完成《案件审理报告》（FY-R-04），写明案件事实、证据、适用依据和处理意见，经科长审核后报批。

第十条　决定与送达
行政复议决定书经县人民政府批准后，以县人民政府名义作出，并在七日内送达当事人。

第十一条　归档
结案后三十日内立卷归档，填写《案卷归档目录》（FY-R-06），移交办公室保管。

第十二条　期限清理与监督
复议科每月10日前对全部在办案件的期限进行一次清理，分管副局长每季度听取一次案件办理情况汇报。

第十三条　记录
《行政复议申请登记表》（FY-R-01）
《受理通知书》（FY-R-02）
《补正通知书》（FY-R-03）
《案件审理报告》（FY-R-04）
《行政复议案件延期审批表》（FY-R-05）
《案卷归档目录》（FY-R-06）

修订记录
A/0版（2021年6月）：首次发布。
B/1版（2025年2月）：依据2023年修订的行政复议法调整受理审查和审理期限，增加司法所代收点的规定。
"""


def procedure_txt() -> None:
    data = PROCEDURE_TXT.replace("\n", "\r\n").encode("gbk")
    (Y25 / "行政复议案件办理程序.txt").write_bytes(data)


# ---------------------------------------------------------------- Public Legal Services Section, English DOCX (2025)
def pls_remit_docx() -> None:
    d = new_doc()
    d.add_heading("Fengling County Bureau of Justice — Public Legal Services Section", level=0)
    d.add_paragraph("What we do, and how we did in 2025 (edition of January 2026)")

    d.add_heading("What we do", level=1)
    for line in [
        "Run the County Public Legal Services Centre, the walk-in hall on the ground floor of the county government service building, and the county seat of the 12348 legal-advice hotline.",
        "Supervise the County Legal Aid Centre, which decides on legal aid applications and assigns lawyers to the cases it grants.",
        "Register and inspect the county's law firms, grassroots legal service offices and the Fengling Notary Office, and investigate complaints about them.",
        "Organise the annual practice assessment of lawyers and grassroots legal service workers.",
    ]:
        d.add_paragraph(line, style="List Bullet")

    d.add_heading("Who we are", level=1)
    d.add_paragraph(
        "The section has six staff: the head, Xu Lanying, three case officers (Wei Guoqiang, Tan Ruoxi and Bai Jun), "
        "and two officers seconded from the Legal Aid Centre (Kong Meiling and Lu Tianyi). "
        "The section reports to Deputy Director Sun Huimin. The Legal Aid Centre is led by Yan Zhiyuan."
    )
    d.add_paragraph(
        "We supervise six law firms with 58 practising lawyers, three grassroots legal service offices with 14 workers, "
        "and the Fengling Notary Office with four notaries."
    )

    d.add_heading("Our numbers for 2025", level=1)
    d.add_paragraph(
        "In 2025 the Legal Aid Centre received 1,473 legal aid applications, granted 1,391 and refused 82. "
        "It closed 1,208 legal aid cases during the year; the others were still running at year end."
    )
    d.add_paragraph("The 12348 hotline answered 9,860 calls, and the walk-in hall gave 4,215 face-to-face consultations.")
    table(
        d,
        ["Indicator", "2025", "Note"],
        [
            ["Legal aid applications received", "1,473", "312 through township workstations, 188 online"],
            ["Applications granted", "1,391", "including 436 criminal defence cases notified by courts or procuratorates"],
            ["Applications refused", "82", "mostly income above the threshold"],
            ["Legal aid cases closed", "1,208", "closed files handed in by the assigned lawyers"],
            ["12348 hotline calls answered", "9,860", "county seat only"],
            ["Walk-in consultations", "4,215", "Public Legal Services Centre"],
        ],
    )

    d.add_heading("Service standards", level=1)
    table(
        d,
        ["Service", "Our standard", "Basis"],
        [
            ["Decision on a legal aid application", "within seven days of receiving the application", "Legal Aid Law"],
            ["Assigning a lawyer once aid is granted", "within 3 days of that decision", "Legal Aid Law"],
            ["Complaint about a lawyer or a law firm", "acknowledged within five working days and concluded within 60 days", "bureau rule"],
            ["Written reply to a letter asking for legal advice", "within ten working days", "section commitment"],
            ["Missed hotline call", "called back the same working day", "section commitment"],
        ],
    )

    d.add_heading("Quality objective for 2025", level=1)
    d.add_paragraph(
        "Client satisfaction of at least 95% in return-visit surveys of closed legal aid cases. "
        "Result for 2025: 97.2% (1,030 of the 1,060 clients we reached said they were satisfied or very satisfied)."
    )

    d.add_heading("Working with the township justice offices", level=1)
    d.add_paragraph(
        "Each of the ten township justice offices runs a legal aid workstation. The workstation checks the applicant's "
        "documents, takes the application and must pass it to the Legal Aid Centre within two working days. "
        "In 2025, 312 of the 1,473 applications came in through the workstations."
    )

    d.add_heading("What changed", level=1)
    d.add_paragraph(
        "From 1 July 2025, applications can also be filed online through the provincial legal services website; "
        "188 applications arrived that way in the second half of the year."
    )

    d.add_heading("Watch points", level=1)
    for line in [
        "Quality review of closed cases is thin: in 2025 the reviewers looked at only one closed file in ten, so weak files can go unnoticed.",
        "Lawyers hand in closed-case files late. The rules allow 30 days after the case ends, and about one file in six arrived later than that.",
        "Workstation staff in the townships change often, and new staff are not always trained on the income test.",
    ]:
        d.add_paragraph(line, style="List Bullet")
    d.save(Y25 / "Public_Legal_Services_Section_What_We_Do.docx")


# ---------------------------------------------------------------- 基层工作科 HTML (2025)
MEDIATION = [
    ("城关司法所", 612, 601, 188),
    ("石门司法所", 455, 446, 131),
    ("青湾司法所", 348, 339, 92),
    ("白鹭司法所", 301, 296, 84),
    ("岭口司法所", 389, 381, 107),
    ("上坊司法所", 276, 268, 71),
    ("下溪司法所", 333, 325, 90),
    ("东岗司法所", 402, 392, 113),
    ("西塘司法所", 365, 357, 98),
    ("柳营司法所（含原松坪）", 466, 453, 128),
]


def grassroots_html() -> None:
    assert sum(r[1] for r in MEDIATION) == 3947
    assert sum(r[2] for r in MEDIATION) == 3858
    assert sum(r[3] for r in MEDIATION) == 1102
    trs = "\n".join(f"<tr><td>{n}</td><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for n, a, b, c in MEDIATION)
    html = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>基层工作科 - 机构设置 - 枫岭县司法局</title>
<style>
body{{font-family:"Microsoft YaHei",sans-serif;width:900px;margin:0 auto;color:#333}}
.crumb{{font-size:12px;color:#666;border-bottom:1px solid #ddd;padding:6px 0}}
h1{{font-size:20px;text-align:center;color:#8b0000}}
.info{{text-align:center;font-size:12px;color:#999}}
h3{{border-left:4px solid #8b0000;padding-left:8px}}
table{{border-collapse:collapse;width:100%}} td,th{{border:1px solid #ccc;padding:4px 6px;text-align:center}}
</style>
</head>
<body>
<div class="crumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/jgsz/">机构设置</a> &gt; 内设机构 &gt; 基层工作科</div>
<h1>基层工作科</h1>
<div class="info">更新时间：2026-02-10　来源：枫岭县司法局　浏览次数：318</div>
<div class="content">
<h3>职能简介</h3>
<p>基层工作科负责指导、管理全县司法所建设和人民调解工作。主要职责是：</p>
<ol>
<li>指导全县司法所的规范化建设和业务工作，组织司法所工作人员培训；</li>
<li>指导村（居）和行业性、专业性人民调解委员会的组建和工作，组织人民调解员培训；</li>
<li>组织开展矛盾纠纷排查化解，汇总分析全县矛盾纠纷动态；</li>
<li>协助做好人民陪审员、人民监督员的选任工作。</li>
</ol>
<h3>科室人员</h3>
<p>基层工作科现有工作人员3名：科长曹建军，科员彭丽、吴昊。</p>
<h3>机构调整</h3>
<p>2025年6月，经县委编委批准，松坪司法所并入柳营司法所，全县司法所由11个调整为10个。</p>
<p>原松坪司法所2名工作人员随同划转，原松坪镇辖区的人民调解指导工作由柳营司法所承接。</p>
<h3>人民调解组织</h3>
<p>全县共有村（居）人民调解委员会236个，行业性、专业性人民调解委员会9个，人民调解员1,580名。</p>
<h3>2025年人民调解工作情况</h3>
<p>2025年，全县各级人民调解组织共调解矛盾纠纷3,947件，调解成功3,858件，调解成功率97.7%。</p>
<p>其中制作书面调解协议1,102件，其余为口头协议，记入司法所的口头协议登记簿。</p>
<table>
<tr><th>司法所</th><th>调解件数</th><th>调解成功</th><th>书面协议</th></tr>
{trs}
<tr><td>合计</td><td>3947</td><td>3858</td><td>1102</td></tr>
</table>
<p style="font-size:12px">注：各司法所数据含辖区内村（居）调委会和行业性、专业性调委会的调解数。</p>
<h3>工作时限</h3>
<p>一般矛盾纠纷自受理之日起十五日内调处完毕；疑难复杂纠纷经司法所所长同意可以延长，但最长不超过30日。</p>
<p>调解不成的，应当在终止调解后3日内告知当事人可以通过仲裁、行政或者司法途径解决。</p>
<h3>对司法所的指导检查</h3>
<p>基层工作科每季度对每个司法所至少开展一次业务检查，每次抽查调解卷宗不少于10卷，检查结果当场反馈，并填写《司法所业务检查记录表》。</p>
<h3>存在的问题</h3>
<p>部分村（居）调委会调解员兼职多、更替快，调解卷宗由司法所代为补制的情况时有发生，存在“事后补卷”的风险。</p>
<p>口头协议只记在登记簿上，事后回访难以追溯。</p>
</div>
<div class="crumb">主办：枫岭县司法局　地址：枫岭县城关镇正阳路18号</div>
</body>
</html>
"""
    (Y25 / "基层工作科_机构设置_枫岭县司法局.html").write_text(html, encoding="utf-8")


# ---------------------------------------------------------------- 2026 quality objectives DOCX
def objectives_docx() -> None:
    d = new_doc()
    h = d.add_heading("枫岭县司法局2026年度质量目标及分解", level=0)
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph(
        "依据局质量方针“依法履职、便民高效、公正规范、持续改进”，经2026年第1次局长办公会议审议通过，"
        "现将2026年度质量目标分解如下。各责任部门于每季度结束后5个工作日内向办公室报送目标完成情况。"
    )
    table(
        d,
        ["序号", "质量目标", "责任部门", "统计方法", "2025年实际"],
        [
            ["1", "督办事项按期办结率≥95%", "办公室", "按期办结项数÷到期督办项数", "91.8%"],
            ["2", "信访及投诉按期办结率≥97%", "办公室", "按期办结件数÷登记件数", "96.1%"],
            ["3", "依申请公开在法定期限内答复率100%", "办公室", "期限内答复件数÷申请件数", "100%"],
            ["4", "行政复议案件在法定期限内审结率100%", "行政复议与应诉科", "期限内审结件数÷审结件数", "97.8%"],
            ["5", "行政复议决定被人民法院判决撤销或确认违法的比例不高于３％", "行政复议与应诉科", "被撤销或确认违法件数÷被起诉的复议决定件数", "1.6%"],
            ["6", "12348热线接通率不低于90%", "公共法律服务管理科", "接通量÷呼入量", "87.5%"],
            ["7", "人民调解成功率不低于９５％", "基层工作科", "调解成功件数÷调解件数", "97.7%"],
            ["8", "司法所调解卷宗月报按时报送率100%", "基层工作科", "2026年4月起统计", "—"],
        ],
    )
    d.add_paragraph("注1：2025年督办事项按期办结率未达到95%的目标（97项中按期办结89项），办公室已在局长办公会议上作出说明。")
    d.add_paragraph("注2：第6项的2025年实际值来自省12348热线平台月报，未达到目标的原因主要是上半年坐席人员不足。")
    d.add_paragraph("枫岭县司法局　2026年1月20日")
    d.save(Y26 / "枫岭县司法局2026年度质量目标及分解.docx")


# ---------------------------------------------------------------- 2026 internal audit report DOCX
def audit_docx() -> None:
    d = new_doc()
    h = d.add_heading("枫岭县司法局2026年内部质量管理体系审核报告", level=0)
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table(
        d,
        ["项目", "内容"],
        [
            ["报告编号", "FLSFJ-NS-2026"],
            ["审核日期", "2026年5月18日至5月20日"],
            ["审核组长", "方晓岚"],
            ["报告日期", "2026年5月27日（2026年7月10日更新不符合项整改状态）"],
        ],
    )

    d.add_heading("一、审核目的", level=1)
    d.add_paragraph("检查局质量管理体系是否符合GB/T 19001—2016标准和本局体系文件的要求，评价体系运行的有效性，发现改进机会。")

    d.add_heading("二、审核范围和依据", level=1)
    d.add_paragraph("范围：局机关办公室、行政复议与应诉科、公共法律服务管理科、基层工作科，以及城关司法所、柳营司法所。")
    d.add_paragraph("依据：GB/T 19001—2016；局质量手册和程序文件；《行政复议法》《法律援助法》《人民调解法》《信访工作条例》等法律法规。")

    d.add_heading("三、审核组", level=1)
    table(
        d,
        ["姓名", "所在单位", "审核组职务", "负责审核的部门"],
        [
            ["方晓岚", "社区矫正管理科", "组长", "办公室、公共法律服务管理科"],
            ["唐文博", "城关司法所", "内审员", "行政复议与应诉科"],
            ["吕志刚", "石门司法所", "内审员", "基层工作科"],
            ["贺晴", "社区矫正管理科", "内审员", "城关司法所、柳营司法所"],
        ],
    )

    d.add_heading("四、审核过程", level=1)
    d.add_paragraph(
        "5月18日上午召开首次会议，局长黎振华到会作动员讲话，要求各科室如实提供资料，把内审当作查找问题、改进工作的机会。"
        "审核组采用面谈、查阅文件和记录、现场观察等方式，抽样检查了各部门2025年7月以来的工作记录。"
        "5月20日下午召开末次会议，通报了审核发现，各部门负责人在不符合项报告上签字确认。"
    )

    d.add_heading("五、上年度不符合项跟踪", level=1)
    table(
        d,
        ["编号", "部门", "问题摘要", "2025年验证情况", "本次审核确认"],
        [
            ["FH-2025-01", "行政复议与应诉科", "2件案件的受理通知书晚于5日审查期限制发", "2025年9月验证后关闭", "未再发现，维持关闭"],
            ["FH-2025-02", "公共法律服务管理科", "法律援助案件质量评查表未按季度填写", "2025年10月验证后关闭", "维持关闭"],
            ["FH-2025-03", "基层工作科", "人民调解员培训签到和考核记录不完整", "2025年8月验证后关闭", "维持关闭"],
            ["FH-2025-04", "办公室", "12345转办工单办结后未按规定回访，回访记录缺失", "2025年11月验证后关闭", "再次发现同类问题，见FH-2026-02"],
        ],
    )

    d.add_heading("六、本次审核发现", level=1)
    table(
        d,
        ["编号", "受审核部门", "标准条款", "类型", "整改状态（截至2026年7月10日）"],
        [
            ["FH-2026-01", "行政复议与应诉科", "8.5.1", "一般不符合", "已纠正，待验证"],
            ["FH-2026-02", "办公室", "9.1.2、10.2", "一般不符合（重复发生）", "整改中，未关闭"],
            ["FH-2026-03", "基层工作科", "8.5.1、9.1.1", "一般不符合", "已关闭"],
            ["FH-2026-04", "公共法律服务管理科", "8.5.1", "一般不符合", "整改中，未关闭"],
        ],
    )

    d.add_heading("（一）FH-2026-01　行政复议与应诉科", level=2)
    d.add_paragraph(
        "事实：审核员抽查了2025年经批准延长审理期限的全部11件案件，其中4件《行政复议案件延期审批表》的审批日期晚于原审理期限届满日，"
        "最长的晚了6天，不符合《行政复议案件办理程序》（FLSFJ-CX-06）第八条“在原期限届满前3个工作日填写延期审批表”的规定。"
    )
    d.add_paragraph("原因：期限提醒依靠承办人自行掌握，案件管理台账没有设置预警。")
    d.add_paragraph(
        "整改情况：复议科已对4件案件补写情况说明，并在案件管理台账中增设“届满前5个工作日预警”栏，于2026年6月5日完成。"
        "整改后至今没有出现需要延期的案件，纠正措施是否有效暂无法验证，状态为“已纠正、待验证”，计划于2026年第四季度结合案卷评查进行验证。"
    )

    d.add_heading("（二）FH-2026-02　办公室", level=2)
    d.add_paragraph(
        "事实：抽查2025年10月至2026年3月办结的12345转办工单30件，其中9件没有回访记录，"
        "不符合《信访及投诉处理程序》（FLSFJ-CX-03）关于办结后5个工作日内回访的要求。"
    )
    d.add_paragraph("该问题与2025年内审开具的FH-2025-04属同一问题，判定为重复发生。")
    d.add_paragraph(
        "原因分析：2025年的整改只对已发现的工单补做了回访，没有解决信访件和12345工单分两本台账登记、回访责任不清的问题；"
        "2025年10月信访登记改用省信访信息系统后，12345工单的回访没有纳入任何系统提醒。"
        "局长办公会议决定的两本台账合并工作原定于2026年3月底前完成，审核时尚未完成。"
    )
    d.add_paragraph("整改情况：办公室已提交整改计划，台账合并预计2026年8月完成，状态为整改中，未关闭。")

    d.add_heading("（三）FH-2026-03　基层工作科", level=2)
    d.add_paragraph(
        "事实：2025年第四季度，基层工作科只对10个司法所中的6个开展了业务检查，青湾、白鹭、下溪、东岗4个司法所当季没有检查，"
        "不符合本科室“每季度对每个司法所至少开展一次业务检查”的规定。"
    )
    d.add_paragraph(
        "整改情况：基层工作科已于2026年6月对上述4个司法所进行补充检查，并将年度检查计划细化到月、落实到人。"
        "审核组于2026年6月30日现场核实整改记录和2026年第二季度检查记录，确认有效，同意关闭。"
    )

    d.add_heading("（四）FH-2026-04　公共法律服务管理科", level=2)
    d.add_paragraph(
        "事实：抽查2025年7月以后受理的法律援助申请40份，其中3份自收到申请至作出决定超过7日（分别为9日、10日、12日），"
        "不符合《法律援助法》和本局法律援助案件办理程序的规定。3份均为乡镇法律援助工作站转来的申请，工作站转送分别用时4至6个工作日。"
    )
    d.add_paragraph("原因：工作站的转送时限没有纳入司法所考核，法律援助中心以收到转送材料的日期作为收到申请的日期。")
    d.add_paragraph(
        "整改情况：公共法律服务管理科已提交整改计划（修订程序文件，会同基层工作科督促各司法所按时转送），"
        "截至2026年7月10日尚未实施完毕，状态为整改中，未关闭。"
    )

    d.add_heading("七、观察项", level=1)
    d.add_paragraph("1．办公室既负责体系日常管理和内审计划的编制，又是受审核部门，建议今后对办公室的审核计划由其他部门人员编制。")
    d.add_paragraph("2．行政复议与应诉科的岗位职责说明书仍为2023年版本，没有反映2024年复议职责集中后的变化。")

    d.add_heading("八、审核结论", level=1)
    d.add_paragraph(
        "局质量管理体系总体符合GB/T 19001—2016和本局体系文件的要求，运行基本有效。本次审核共开具一般不符合项4项、观察项2项，没有严重不符合项。"
    )
    d.add_heading("九、后续要求", level=1)
    d.add_paragraph("各责任部门应于末次会议后15个工作日内提交纠正措施计划；办公室负责跟踪整改进度，审核组负责验证。")
    d.save(Y26 / "2026年内部质量管理体系审核报告.docx")


# ---------------------------------------------------------------- 2026 minutes HTML
def minutes_html() -> None:
    html = """<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>局长办公会议纪要〔2026〕1号</title>
</head>
<body style="font-family:FangSong,serif;width:800px;margin:20px auto;line-height:1.9">
<div style="text-align:center;color:#c00;font-size:26px;font-weight:bold">枫岭县司法局局长办公会议纪要</div>
<div style="text-align:center">〔2026〕1号</div>
<hr style="border:1px solid #c00">
<p>时间：2026年1月16日上午<br>地点：局机关三楼会议室<br>主持：黎振华<br>
出席：陈立山、孙慧敏<br>列席：周雅芬、欧阳靖、许兰英、曹建军、方晓岚<br>记录：韩冬</p>
<p>会议听取了各科室2025年工作情况汇报，研究了2026年有关工作。纪要如下：</p>
<p><b>一、关于2025年工作回顾</b></p>
<p>2025年全局共召开局长办公会议18次，研究议题131项。全年受理群众信访和投诉三百八十余件，办理行政复议申请两百余件，指导全县人民调解组织调处矛盾纠纷近四千件。</p>
<p>会议指出，督办事项按期办结率没有达到年度目标，部分需要多个科室会签的事项牵头不明，存在相互推诿现象；12345工单回访不到位的问题仍然存在。</p>
<p><b>二、关于2026年度质量目标</b></p>
<p>会议审议通过《枫岭县司法局2026年度质量目标及分解》，由办公室印发，各科室每季度报送完成情况。</p>
<p><b>三、关于信访和12345工单登记</b></p>
<p>会议决定，由办公室牵头，于2026年3月31日前将12345工单和信访事项合并为一本台账，统一回访责任，具体由郑可欣负责。</p>
<p><b>四、关于2026年内部审核</b></p>
<p>内部审核定于2026年5月中旬开展，由社区矫正管理科方晓岚担任审核组长。黎振华局长将在首次会议上作动员讲话，各科室不得以业务繁忙为由推迟受审。</p>
<p><b>五、关于柳营司法所人员</b></p>
<p>松坪司法所并入后，柳营司法所服务人口明显增加。会议同意从城关司法所调剂1名工作人员到柳营司法所，由基层工作科办理。</p>
<p><b>决定事项督办表</b></p>
<table border="1" cellspacing="0" cellpadding="4">
<tr><th>序号</th><th>事项</th><th>牵头部门</th><th>完成时限</th></tr>
<tr><td>1</td><td>印发2026年度质量目标</td><td>办公室</td><td>2026年1月31日</td></tr>
<tr><td>2</td><td>合并12345工单台账与信访台账</td><td>办公室</td><td>2026年3月31日</td></tr>
<tr><td>3</td><td>制定2026年内部审核计划</td><td>办公室</td><td>2026年4月30日</td></tr>
<tr><td>4</td><td>柳营司法所人员调剂</td><td>基层工作科</td><td>2026年2月28日</td></tr>
</table>
<p style="text-align:right">枫岭县司法局办公室<br>2026年1月18日印发</p>
</body>
</html>
"""
    (Y26 / "2026年第1次局长办公会议纪要.html").write_text(html, encoding="utf-8")


# ---------------------------------------------------------------- English procedure DOCX (2026)
def pls_procedure_docx() -> None:
    d = new_doc()
    d.add_heading("Legal Aid Case Handling Procedure", level=0)
    table(
        d,
        ["Document no.", "Revision", "Effective", "Owner", "Approved by"],
        [["FLSJ-QP-11", "C", "1 March 2026", "Public Legal Services Section", "Sun Huimin, Deputy Director"]],
    )

    d.add_heading("1 Purpose", level=1)
    d.add_paragraph("To make sure every legal aid application is registered, decided, assigned and followed through to a reviewed, closed file within the time the law allows.")
    d.add_heading("2 Scope", level=1)
    d.add_paragraph(
        "This procedure applies to legal aid applications received at the County Public Legal Services Centre, "
        "at the township legal aid workstations and through the online channel, and to the cases that follow from them."
    )
    d.add_heading("3 Terms", level=1)
    d.add_paragraph("Working day: a day on which government offices are open. Closed file: the case file a lawyer hands in after the case ends.")

    d.add_heading("4 Responsibilities", level=1)
    table(
        d,
        ["Role", "Responsibility"],
        [
            ["Director of the Legal Aid Centre", "Signs decisions to grant or refuse legal aid"],
            ["Case officer", "Checks documents and the income test; drafts the decision"],
            ["Township legal aid workstation", "Receives applications and forwards them within two working days"],
            ["Assigned lawyer", "Handles the case and hands in the closed file within 30 days of the case ending"],
            ["Head of the Public Legal Services Section", "Quality review of closed files; complaints about legal aid"],
        ],
    )

    d.add_heading("5 Steps", level=1)
    for line in [
        "5.1 Every application is entered in the Application Register (LA-01) on the day it arrives, whichever channel it comes through.",
        "5.2 The case officer checks financial hardship with the Financial Hardship Check Sheet (LA-02).",
        "5.3 The Centre decides within seven days of receiving the application and issues a Decision Notice (LA-03). For an application forwarded by a workstation, the day the workstation received it counts as the day of receipt.",
        "5.4 Once aid is granted, the Centre assigns a lawyer within three days with an Assignment Letter (LA-04).",
        "5.5 The lawyer hands in the closed file within 30 days of the case ending.",
        "5.6 Every quarter the section reviews at least 20% of the closed files, using the Case Quality Review Sheet (LA-05). Every file with a client complaint is reviewed.",
        "5.7 The section calls back at least 60% of the clients of closed cases and records the results in the Client Return-Visit Log (LA-06).",
        "5.8 A nonconformity found at any step is handled under the Nonconformity and Corrective Action Procedure (FLSJ-QP-14).",
    ]:
        d.add_paragraph(line)

    d.add_heading("6 Records", level=1)
    table(
        d,
        ["Code", "Record", "Kept by", "Retention"],
        [
            ["LA-01", "Application Register", "Legal Aid Centre", "10 years"],
            ["LA-02", "Financial Hardship Check Sheet", "Legal Aid Centre", "with the case file"],
            ["LA-03", "Decision Notice", "Legal Aid Centre", "with the case file"],
            ["LA-04", "Assignment Letter", "Legal Aid Centre", "with the case file"],
            ["LA-05", "Case Quality Review Sheet", "Public Legal Services Section", "5 years"],
            ["LA-06", "Client Return-Visit Log", "Public Legal Services Section", "5 years"],
        ],
    )

    d.add_heading("7 Revision history", level=1)
    table(
        d,
        ["Revision", "Date", "What changed"],
        [
            ["A", "June 2021", "First issue."],
            ["B", "March 2023", "Aligned with the Legal Aid Law; added the return-visit step."],
            ["C", "1 March 2026", "Adds the online channel and the township workstation step; raises the quality-review sample from 10% to 20% of closed files."],
        ],
    )
    d.save(Y26 / "Legal_Aid_Case_Handling_Procedure_RevC.docx")


# ---------------------------------------------------------------- scanned notice (2026), image-only PDF
NOTICE_LINES = [
    ("title", "枫岭县司法局文件"),
    ("num", "枫司发〔2026〕9号"),
    ("rule", ""),
    ("head", "关于规范人民调解卷宗月报工作的通知"),
    ("gap", ""),
    ("body", "各司法所："),
    ("body", "　　为及时掌握全县矛盾纠纷调处情况，提高人民调解卷宗质量，"),
    ("body", "现就卷宗月报工作通知如下："),
    ("body", "　　一、自2026年4月1日起，各司法所应于每月5日前，通过“枫岭县人"),
    ("body", "民调解信息系统”报送上月调解案件台账及书面协议卷宗扫描件。"),
    ("body", "　　二、基层工作科于每月10日前完成审核，抽查结果在全县司法所"),
    ("body", "工作例会上通报。对报送卷宗的抽查比例不低于15%。"),
    ("body", "　　三、连续两个月逾期报送，或者抽查发现补制卷宗的，对所在司法所"),
    ("body", "予以通报批评，并纳入年度考核。"),
    ("body", "　　四、执行中遇到的问题，请与基层工作科彭丽联系（电话：7286153）。"),
    ("gap", ""),
    ("right", "枫岭县司法局"),
    ("right", "2026年3月12日"),
]


def scanned_notice_pdf() -> None:
    W, H = 1240, 1754  # A4 at 150 dpi
    img = Image.new("RGB", (W, H), (250, 249, 244))
    dr = ImageDraw.Draw(img)
    f_title = ImageFont.truetype(CJK_FONT, 62)
    f_head = ImageFont.truetype(CJK_FONT, 40)
    f_body = ImageFont.truetype(CJK_FONT, 31)
    y = 150
    for kind, text in NOTICE_LINES:
        if kind == "title":
            w = dr.textlength(text, font=f_title)
            dr.text(((W - w) / 2, y), text, font=f_title, fill=(200, 30, 30))
            y += 110
        elif kind == "num":
            w = dr.textlength(text, font=f_body)
            dr.text(((W - w) / 2, y), text, font=f_body, fill=(30, 30, 30))
            y += 55
        elif kind == "rule":
            dr.line((120, y, W - 120, y), fill=(200, 30, 30), width=4)
            y += 50
        elif kind == "head":
            w = dr.textlength(text, font=f_head)
            dr.text(((W - w) / 2, y), text, font=f_head, fill=(20, 20, 20))
            y += 90
        elif kind == "gap":
            y += 50
        elif kind == "body":
            dr.text((140, y), text, font=f_body, fill=(25, 25, 25))
            y += 58
        elif kind == "right":
            w = dr.textlength(text, font=f_body)
            dr.text((W - 200 - w, y), text, font=f_body, fill=(25, 25, 25))
            y += 58
    # seal over the signature
    seal = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    sd = ImageDraw.Draw(seal)
    sd.ellipse((10, 10, 290, 290), outline=(210, 40, 40, 170), width=9)
    star = ImageFont.truetype(CJK_FONT, 80)
    sd.text((150, 150), "★", font=star, fill=(210, 40, 40, 170), anchor="mm")
    sf = ImageFont.truetype(CJK_FONT, 30)
    sd.text((150, 232), "枫岭县司法局", font=sf, fill=(210, 40, 40, 160), anchor="mm")
    img.paste(seal, (W - 470, y - 230), seal)
    # scanner artefacts
    rng = random.Random(4)
    px = img.load()
    for _ in range(9000):
        x, yy = rng.randrange(W), rng.randrange(H)
        g = rng.randint(90, 190)
        px[x, yy] = (g, g, g)
    img = img.rotate(0.7, resample=Image.BICUBIC, expand=False, fillcolor=(235, 235, 230))
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    img.save(Y26 / "关于规范人民调解卷宗月报工作的通知（扫描件）.pdf", "PDF", resolution=150)


def main() -> None:
    Y25.mkdir(parents=True, exist_ok=True)
    Y26.mkdir(parents=True, exist_ok=True)
    office_docx()
    ledger_xlsx()
    reconsideration_pdf()
    procedure_txt()
    pls_remit_docx()
    grassroots_html()
    objectives_docx()
    audit_docx()
    minutes_html()
    pls_procedure_docx()
    scanned_notice_pdf()


if __name__ == "__main__":
    main()
