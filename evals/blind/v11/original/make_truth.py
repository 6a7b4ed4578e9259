"""Writes the truth files of blind corpus v11: departments.json, titles.json, facts.jsonl, questions.jsonl.

Run:  python3 make_truth.py   (standard library only)
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

OFFICE = "办公室"
RECON = "行政复议与应诉科"
PLS = "Public Legal Services Section"
GRASS = "基层工作科"

F_OFFICE = "2025/枫岭县司法局办公室职责与岗位分工.docx"
F_LEDGER = "2025/2025年信访及投诉登记汇总台账.xlsx"
F_RECON = "2025/行政复议与应诉科工作职责及2025年工作概况.pdf"
F_PROC = "2025/行政复议案件办理程序.txt"
F_PLS = "2025/Public_Legal_Services_Section_What_We_Do.docx"
F_GRASS = "2025/基层工作科_机构设置_枫岭县司法局.html"
F_OBJ = "2026/枫岭县司法局2026年度质量目标及分解.docx"
F_AUDIT = "2026/2026年内部质量管理体系审核报告.docx"
F_MIN = "2026/2026年第1次局长办公会议纪要.html"
F_LAP = "2026/Legal_Aid_Case_Handling_Procedure_RevC.docx"
F_SCAN = "2026/关于规范人民调解卷宗月报工作的通知（扫描件）.pdf"

DEPARTMENTS = [
    {
        "name": OFFICE,
        "name_en": "General Office",
        "aliases": ["局办公室", "综合办公室", "信访与热线岗", "General Office", "Office"],
        "files": [f"docs/{F_OFFICE}", f"docs/{F_LEDGER}", f"docs/{F_MIN}"],
        "language": "zh",
    },
    {
        "name": RECON,
        "name_en": "Administrative Reconsideration and Litigation Section",
        "aliases": ["复议科", "行政复议科", "应诉科", "县人民政府行政复议机构", "Reconsideration Section", "Administrative Reconsideration Section"],
        "files": [f"docs/{F_RECON}", f"docs/{F_PROC}"],
        "language": "zh",
    },
    {
        "name": PLS,
        "name_en": PLS,
        "aliases": ["公共法律服务管理科", "公共法律服务科", "PLS Section", "Legal Services Section", "Legal Aid Centre", "法律援助中心"],
        "files": [f"docs/{F_PLS}", f"docs/{F_LAP}"],
        "language": "en",
    },
    {
        "name": GRASS,
        "name_en": "Grassroots Work Section",
        "aliases": ["基层科", "基层工作股", "Grassroots Section", "Grassroots Work Section"],
        "files": [f"docs/{F_GRASS}", f"docs/{F_SCAN}"],
        "language": "zh",
    },
]

TITLES = {
    F_OFFICE: ("枫岭县司法局办公室职责与岗位分工", "department", OFFICE),
    F_LEDGER: ("枫岭县司法局2025年信访及投诉登记汇总台账", "record", OFFICE),
    F_RECON: ("枫岭县司法局行政复议与应诉科工作职责及2025年工作概况", "department", RECON),
    F_PROC: ("行政复议案件办理程序", "procedure", RECON),
    F_PLS: ("Fengling County Bureau of Justice — Public Legal Services Section", "department", PLS),
    F_GRASS: ("基层工作科", "department", GRASS),
    F_OBJ: ("枫岭县司法局2026年度质量目标及分解", "objectives", None),
    F_AUDIT: ("枫岭县司法局2026年内部质量管理体系审核报告", "record", None),
    F_MIN: ("枫岭县司法局局长办公会议纪要〔2026〕1号", "record", None),
    F_LAP: ("Legal Aid Case Handling Procedure", "procedure", PLS),
    F_SCAN: ("关于规范人民调解卷宗月报工作的通知", "guidance", GRASS),
}

DEPT_EN = {OFFICE: "General Office", RECON: "Administrative Reconsideration and Litigation Section", PLS: PLS, GRASS: "Grassroots Work Section"}


def fact(dept, kind, file, quote, action, *, status=None, finding_id=None, pop=None, scanned=False):
    d = {
        "department": dept,
        "department_en": DEPT_EN[dept],
        "kind": kind,
        "file": file,
        "quote": quote,
        "status": status,
        "finding_id": finding_id,
        "about_department": dept if finding_id else None,
        "population": {"what": pop[0], "count": pop[1]} if pop else None,
        "auditor_action": action,
    }
    if scanned:
        d["scanned"] = True
    return d


FACTS = [
    # ---------------- 办公室
    fact(OFFICE, "staff", F_OFFICE, "现有在编人员4名，另有聘用文员1名",
         "Four established posts plus one contract clerk, against five authorised: ask how the single-person posts (信访与热线, 督办与信息公开) are covered and check the A/B table against leave records."),
    fact(OFFICE, "volume", F_OFFICE, "共办理收文1,326件、发文208件",
         "Sample incoming documents from the 1,326 received in 2025 (outgoing, 208, is a separate population) and trace receipt, routing and filing.",
         pop=("2025年局机关收文", 1326)),
    fact(OFFICE, "volume", F_OFFICE, "列入督办台账的事项97项，按期办结89项",
         "Population for sampling supervised matters is the 97 items on the 2025 ledger; sample the 8 late items plus on-time ones and ask who led the multi-section items.",
         pop=("2025年督办台账事项", 97)),
    fact(OFFICE, "time_limit", F_OFFICE, "自收到申请之日起20个工作日内予以答复",
         "Sample the 23 disclosure requests of 2025 and check reply dates against 20 working days and any extension approvals."),
    fact(OFFICE, "time_limit", F_OFFICE, "应在五个工作日内办结并回复",
         "Compare the 12345 order ledger's deadline column with the 5-working-day limit; check urgent orders for the 24-hour feedback."),
    fact(OFFICE, "record", F_OFFICE, "《12345工单回访记录》",
         "Ask for the return-visit record for 12345 orders closed since October 2025; this is where the repeated finding FH-2026-02 sits."),
    fact(OFFICE, "procedure", F_OFFICE, "《信访及投诉处理程序》（FLSFJ-CX-03）",
         "Governing procedure for letters, visits and hotline complaints: check the current version and that practice (two ledgers) matches it."),
    fact(OFFICE, "grassroots_link", F_OFFICE, "各司法所信访联络员每月25日前向办公室报送",
         "Ask for the township justice offices' monthly returns and how complaints about 司法所 staff are passed to 基层工作科 and answered."),
    fact(OFFICE, "risk", F_OFFICE, "存在重复统计、口径不一的风险",
         "Reconcile the 信访 system count and the 12345 Excel ledger with the year-end summary ledger (386 items); look for items counted twice."),
    fact(OFFICE, "change", F_OFFICE, "自2025年10月起，信访事项登记改用省信访信息系统",
         "Ask how records were carried over at the October 2025 switch and whether 12345 return visits got any reminder after it."),
    fact(OFFICE, "complaint", F_LEDGER, "全年登记386件，按期办结371件，按期办结率96.1%",
         "The complaints population for 2025 is 386 entries; sample the 15 late ones (10 in July to September) and a spread of on-time ones by channel.",
         pop=("2025年信访及投诉登记（汇总台账）", 386)),
    fact(OFFICE, "complaint", F_LEDGER, "8月按期办结率最低，为90.2%",
         "Ask what happened in August 2025 (41 entries, 4 late) and whether the cause was analysed."),
    fact(OFFICE, "complaint", F_LEDGER, "涉及律师及律师事务所的投诉102件",
         "The largest complaint category concerns lawyers: follow a sample into 公共法律服务管理科's complaint handling (grassroots-to-functional trace)."),
    fact(OFFICE, "complaint", F_MIN, "全年受理群众信访和投诉三百八十余件",
         "Rounded figure in the minutes; the exact population is the ledger's 386."),
    fact(OFFICE, "volume", F_MIN, "2025年全局共召开局长办公会议18次，研究议题131项",
         "To sample minutes the population is 18 meetings, not the 131 topics; check that decisions were tracked to completion.",
         pop=("2025年局长办公会议", 18)),
    fact(OFFICE, "change", F_MIN, "于2026年3月31日前将12345工单和信访事项合并为一本台账",
         "Decision of January 2026 not met by the May audit: ask for the current status and the revised date (August 2026 per the audit report)."),
    fact(OFFICE, "objective", F_OBJ, "督办事项按期办结率≥95%",
         "2025 reached only 91.8% (89 of 97): ask how the rate is computed and for the 2026 quarterly figures."),
    fact(OFFICE, "objective", F_OBJ, "信访及投诉按期办结率≥97%",
         "Target raised above the 2025 result of 96.1%: ask what was changed to reach it."),
    fact(OFFICE, "finding", F_AUDIT, "该问题与2025年内审开具的FH-2025-04属同一问题，判定为重复发生",
         "Repeat finding FH-2026-02 (12345 return visits): examine why the 2025 correction did not remove the cause; re-sample 12345 orders closed after the ledgers are merged.",
         status="repeat", finding_id="FH-2026-02"),
    # ---------------- 行政复议与应诉科
    fact(RECON, "staff", F_RECON, "科室现有工作人员5名，其中3名取得法律职业资格",
         "Ask who signs off cases handled by the two staff without the legal qualification; check the three-level review on sampled files."),
    fact(RECON, "volume", F_RECON, "全年共收到行政复议申请217件，依法受理186件",
         "Sample case files from the 186 accepted cases (not the 217 applications); weight towards 公安行政处罚 and 征地拆迁.",
         pop=("2025年受理的行政复议案件", 186)),
    fact(RECON, "volume", F_RECON, "办理行政应诉案件64件",
         "Separate population of 64 litigation files; check defence filings against the 15-day limit.",
         pop=("2025年行政应诉案件", 64)),
    fact(RECON, "time_limit", F_RECON, "应当自受理之日起60日内作出行政复议决定",
         "Check decision dates of sampled ordinary-procedure cases against 60 days from acceptance, net of correction periods."),
    fact(RECON, "time_limit", F_RECON, "应在收到起诉状副本之日起15日内",
         "Check court receipt dates of defence statements in sampled litigation files."),
    fact(RECON, "time_limit", F_PROC, "适用简易程序审理的案件，应当自受理之日起三十日内作出决定",
         "Identify simplified-procedure cases in the sample and check the 30-day limit."),
    fact(RECON, "time_limit", F_PROC, "收到行政复议申请后五日内完成审查",
         "Check acceptance notices against the 5-day review (FH-2025-01 was about late acceptance notices)."),
    fact(RECON, "grassroots_link", F_RECON, "各司法所行政复议代收点收到申请后，应在2个工作日内转送复议科",
         "Sample the 29 applications forwarded by township collection points in 2025 and compare collection and arrival dates."),
    fact(RECON, "risk", F_RECON, "2025年经批准延长审理期限的案件11件",
         "Population of extensions is 11: check every extension approval date against the original deadline.",
         pop=("2025年经批准延长审理期限的行政复议案件", 11)),
    fact(RECON, "risk", F_RECON, "其中4件的延期审批表签发日期晚于原审理期限届满日",
         "Self-reported after-the-fact approvals: link to FH-2026-01 and check that the new warning column is used."),
    fact(RECON, "change", F_RECON, "由县人民政府统一行使行政复议职责",
         "Since 1 January 2024 reconsideration is centralised: ask whether job descriptions and procedures were updated (the audit's observation says job descriptions were not)."),
    fact(RECON, "procedure", F_PROC, "本程序适用于县人民政府行政复议机构",
         "Governing procedure FLSFJ-CX-06 (B/1, 2025-02-01): confirm scope includes township collection points."),
    fact(RECON, "record", F_PROC, "《行政复议案件延期审批表》（FY-R-05）",
         "Ask for the FY-R-05 forms of the 11 extended cases and check dates and signatures."),
    fact(RECON, "objective", F_OBJ, "行政复议案件在法定期限内审结率100%",
         "2025 actual 97.8%: ask which cases missed the limit and how the figure was counted."),
    fact(RECON, "objective", F_OBJ, "行政复议决定被人民法院判决撤销或确认违法的比例不高于３％",
         "Ask for the list of reconsideration decisions challenged in court and the outcomes behind the 1.6%."),
    fact(RECON, "finding", F_AUDIT, "纠正措施是否有效暂无法验证",
         "FH-2026-01 corrected but not verified: plan verification in Q4 2026 on the next extended cases; check the warning column in the case ledger.",
         status="corrected_not_verified", finding_id="FH-2026-01"),
    # ---------------- Public Legal Services Section (English)
    fact(PLS, "staff", F_PLS, "The section has six staff",
         "Two of the six are seconded from the Legal Aid Centre: ask who reviews the Centre's files independently of the people who made them."),
    fact(PLS, "volume", F_PLS, "received 1,473 legal aid applications",
         "Population for checking decision times is the 1,473 applications of 2025; stratify by channel (312 via workstations, 188 online).",
         pop=("2025 legal aid applications", 1473)),
    fact(PLS, "volume", F_PLS, "closed 1,208 legal aid cases",
         "Population for case-quality sampling is the 1,208 closed files; compare with the one-in-ten review actually done.",
         pop=("2025 closed legal aid cases", 1208)),
    fact(PLS, "volume", F_PLS, "The 12348 hotline answered 9,860 calls",
         "Ask how answered calls relate to the connection-rate objective (90%, 2025 actual 87.5% in the objectives table)."),
    fact(PLS, "volume", F_PLS, "six law firms with 58 practising lawyers",
         "Scope of supervision: ask for the annual practice assessment records and how the 102 complaints about lawyers in the bureau ledger were handled."),
    fact(PLS, "time_limit", F_PLS, "within seven days of receiving the application",
         "Check decision dates in a sample of applications; count from the workstation's receipt date (see FH-2026-04)."),
    fact(PLS, "time_limit", F_PLS, "within 3 days of that decision",
         "Check assignment letters (LA-04) against decision dates."),
    fact(PLS, "time_limit", F_PLS, "acknowledged within five working days and concluded within 60 days",
         "Sample complaints about lawyers and firms; check acknowledgement and conclusion dates."),
    fact(PLS, "objective", F_PLS, "Client satisfaction of at least 95%",
         "2025 result 97.2% of 1,060 clients reached (of 1,208 closed cases): ask how clients who were not reached are treated."),
    fact(PLS, "grassroots_link", F_PLS, "pass it to the Legal Aid Centre within two working days",
         "Sample applications that came through township workstations and compare workstation receipt with Centre receipt.",
         pop=("2025 legal aid applications via township workstations", 312)),
    fact(PLS, "risk", F_PLS, "looked at only one closed file in ten",
         "Review coverage was 10% in 2025; check whether Rev C's 20% is applied from 2026 Q2 on the LA-05 sheets."),
    fact(PLS, "change", F_PLS, "From 1 July 2025, applications can also be filed online",
         "Ask how online applications are registered in LA-01 and dated; sample some of the 188 online applications."),
    fact(PLS, "change", F_LAP, "raises the quality-review sample from 10% to 20% of closed files",
         "Revision C effective 1 March 2026: check the quarterly review sheets after that date reach 20%."),
    fact(PLS, "record", F_LAP, "Case Quality Review Sheet (LA-05)",
         "Ask for the LA-05 sheets of 2026 and check coverage and that every complained-about file was reviewed."),
    fact(PLS, "procedure", F_LAP, "This procedure applies to legal aid applications received at the County Public Legal Services Centre",
         "Governing procedure FLSJ-QP-11 Rev C; confirm it covers workstations and the online channel."),
    fact(PLS, "objective", F_OBJ, "12348热线接通率不低于90%",
         "2025 actual 87.5% below target: ask for the monthly platform reports and the staffing fix."),
    fact(PLS, "finding", F_AUDIT, "抽查2025年7月以后受理的法律援助申请40份，其中3份",
         "Open finding FH-2026-04 (late legal aid decisions); root cause at township workstations, so follow up with 基层工作科 and the justice offices.",
         status="open", finding_id="FH-2026-04"),
    # ---------------- 基层工作科
    fact(GRASS, "staff", F_GRASS, "基层工作科现有工作人员3名",
         "Three people for ten justice offices and 236 committees: ask how quarterly inspections are shared out."),
    fact(GRASS, "volume", F_GRASS, "共调解矛盾纠纷3,947件，调解成功3,858件",
         "Population for sampling mediation files is 3,947 cases; written agreements (1,102) are a subset with proper case files.",
         pop=("2025年全县人民调解案件", 3947)),
    fact(GRASS, "volume", F_GRASS, "全县共有村（居）人民调解委员会236个",
         "Population of village/community committees is 236: choose a few to visit with the justice office.",
         pop=("村（居）人民调解委员会", 236)),
    fact(GRASS, "time_limit", F_GRASS, "一般矛盾纠纷自受理之日起十五日内调处完毕",
         "Check acceptance and closure dates on sampled mediation files."),
    fact(GRASS, "time_limit", F_GRASS, "最长不超过30日",
         "For difficult disputes, check that extensions were approved by the office head."),
    fact(GRASS, "grassroots_link", F_GRASS, "每季度对每个司法所至少开展一次业务检查",
         "Check the inspection records (司法所业务检查记录表) for every office every quarter; Q4 2025 gap became FH-2026-03."),
    fact(GRASS, "risk", F_GRASS, "存在“事后补卷”的风险",
         "Look for files written after the event: compare file dates, signatures and registers at a justice office."),
    fact(GRASS, "change", F_GRASS, "松坪司法所并入柳营司法所，全县司法所由11个调整为10个",
         "Ask how 松坪's files and registers were transferred in June 2025; populations of justice offices are 10 after the merger."),
    fact(GRASS, "objective", F_OBJ, "人民调解成功率不低于９５％",
         "Ask how success is defined and verified; 2025 reported 97.7%."),
    fact(GRASS, "finding", F_AUDIT, "审核组于2026年6月30日现场核实整改记录和2026年第二季度检查记录，确认有效，同意关闭",
         "Closed and verified FH-2026-03: confirm the monthly inspection plan is followed; no further action.",
         status="closed", finding_id="FH-2026-03"),
    fact(GRASS, "change", F_SCAN, "自2026年4月1日起，各司法所应于每月5日前",
         "Monthly submission by the 5th since 1 April 2026: check the system's submission log for each office.", scanned=True),
    fact(GRASS, "grassroots_link", F_SCAN, "对报送卷宗的抽查比例不低于15%",
         "Check the section's monthly review covered at least 15% of submitted files.", scanned=True),
    fact(GRASS, "volume", F_MIN, "调处矛盾纠纷近四千件",
         "Rounded figure in the minutes; the exact population is 3,947."),
]


def q(pair, question, answerable, dept, file, must, kind):
    lang = "zh" if pair in ("zh", "zh->en") else "en"
    return {"lang": lang, "pair": pair, "question": question, "answerable": answerable, "department": dept,
            "file": file, "must_contain": must, "kind": kind}


QUESTIONS = [
    # ---- zh -> zh
    q("zh", "行政复议与应诉科2025年收到多少件行政复议申请？依法受理了多少件？", True, RECON, F_RECON, ["217", "186"], "fact"),
    q("zh", "按照程序文件，适用简易程序的行政复议案件应在多长时间内作出决定？", True, RECON, F_PROC, ["三十日"], "fact"),
    q("zh", "2026年内审的不符合项中，哪一项已经纠正但纠正措施的有效性还没有验证？", True, RECON, F_AUDIT, ["FH-2026-01"], "open_items"),
    q("zh", "2026年内审中哪一个不符合项属于重复发生？和上一年的哪一项重复？", True, OFFICE, F_AUDIT, ["FH-2026-02", "FH-2025-04"], "open_items"),
    q("zh", "局办公室现有在编人员几名？", True, OFFICE, F_OFFICE, ["4名"], "fact"),
    q("zh", "2025年信访及投诉台账全年登记了多少件？按期办结率是多少？", True, OFFICE, F_LEDGER, ["386", "96.1%"], "fact"),
    q("zh", "人民调解卷宗月报的新要求从哪天开始执行？司法所每月几号前报送？", True, GRASS, F_SCAN, ["2026年4月1日", "5日前"], "fact"),
    q("zh", "一般矛盾纠纷应在受理后多长时间内调处完毕？", True, GRASS, F_GRASS, ["十五日"], "fact"),
    q("zh", "2025年局里一共召开了几次局长办公会议？", True, OFFICE, F_MIN, ["18次"], "fact"),
    q("zh", "2026年质量目标中，行政复议决定被法院撤销或确认违法的比例要控制在多少以内？", True, RECON, F_OBJ, ["３％"], "fact"),
    q("zh", "司法所行政复议代收点收到申请后要在几个工作日内转送复议科？", True, RECON, F_RECON, ["2个工作日"], "fact"),
    q("zh", "2023年行政复议与应诉科受理了多少件行政复议案件？", False, RECON, None, [], "near_miss"),
    q("zh", "司法局人事教育科的主要职责有哪些？", False, None, None, [], "near_miss"),
    q("zh", "基层工作科2025年人民调解员培训经费是多少？", False, GRASS, None, [], "near_miss"),
    q("zh", "枫岭县有哪些特色小吃？", False, None, None, [], "off_topic"),
    # ---- en -> en
    q("en", "How many legal aid applications did the Legal Aid Centre receive in 2025?", True, PLS, F_PLS, ["1,473"], "fact"),
    q("en", "Within how many days must a decision be made on a legal aid application?", True, PLS, F_PLS, ["seven days"], "fact"),
    q("en", "Which records does the Legal Aid Case Handling Procedure require?", True, PLS, F_LAP, ["LA-01", "LA-02", "LA-03", "LA-04", "LA-05", "LA-06"], "fact"),
    q("en", "What did Revision C of the legal aid procedure change about the quality review of closed files?", True, PLS, F_LAP, ["10%", "20%"], "fact"),
    q("en", "How many people work in the Public Legal Services Section?", True, PLS, F_PLS, ["six"], "fact"),
    q("en", "What weakness does the section itself point out about its quality review of closed legal aid cases?", True, PLS, F_PLS, ["one closed file in ten"], "fact"),
    q("en", "Since when can legal aid applications be filed online?", True, PLS, F_PLS, ["1 July 2025"], "fact"),
    q("en", "How many legal aid applications did the Legal Aid Centre receive in 2023?", False, PLS, None, [], "near_miss"),
    q("en", "How many notarial certificates did the Fengling Notary Office issue in 2025?", False, PLS, None, [], "near_miss"),
    # ---- zh -> en
    q("zh->en", "公共法律服务管理科2025年12348热线接听了多少个电话？", True, PLS, F_PLS, ["9,860"], "fact"),
    q("zh->en", "法律援助机构决定给予法律援助后，应在几日内指派律师？", True, PLS, F_PLS, ["3"], "fact"),
    q("zh->en", "法律援助案件办理程序的文件编号是什么？现行是第几版？", True, PLS, F_LAP, ["FLSJ-QP-11"], "fact"),
    q("zh->en", "法律援助案件质量评查表在程序中的记录编号是什么？", True, PLS, F_LAP, ["LA-05"], "fact"),
    q("zh->en", "公共法律服务管理科的受援人满意度目标是多少？2025年实际达到多少？", True, PLS, F_PLS, ["95%", "97.2%"], "fact"),
    q("zh->en", "群众投诉律师或律师事务所，公共法律服务管理科要在多长时间内办结？", True, PLS, F_PLS, ["60"], "fact"),
    q("zh->en", "乡镇法律援助工作站收到申请后，要在多长时间内转交法律援助中心？", True, PLS, F_PLS, ["two working days"], "fact"),
    q("zh->en", "全县有几家律师事务所？执业律师多少名？", True, PLS, F_PLS, ["58"], "fact"),
    q("zh->en", "2025年法律援助中心办结了多少件法律援助案件？", True, PLS, F_PLS, ["1,208"], "fact"),
    q("zh->en", "公共法律服务管理科2024年受理了多少件法律援助申请？", False, PLS, None, [], "near_miss"),
    q("zh->en", "法律援助律师每件案件的办案补贴标准是多少？", False, PLS, None, [], "near_miss"),
    # ---- en -> zh
    q("en->zh", "How many administrative reconsideration cases had their time limit extended in 2025, and in how many was the extension approved only after the original deadline?", True, RECON, F_RECON, ["11", "4"], "fact"),
    q("en->zh", "How many letters, visits and complaints did the bureau's 2025 ledger record?", True, OFFICE, F_LEDGER, ["386"], "fact"),
    q("en->zh", "Which finding of the 2026 internal audit has been closed after verification?", True, GRASS, F_AUDIT, ["FH-2026-03"], "open_items"),
    q("en->zh", "Which findings of the 2026 internal audit are still not closed?", True, None, F_AUDIT, ["FH-2026-01", "FH-2026-02", "FH-2026-04"], "open_items"),
    q("en->zh", "Which 2026 audit finding concerns the Public Legal Services Section, and what is its status?", True, PLS, F_AUDIT, ["FH-2026-04"], "open_items"),
    q("en->zh", "How many disputes did the county's people's mediation organisations handle in 2025?", True, GRASS, F_GRASS, ["3,947"], "fact"),
    q("en->zh", "Within how many days of receiving a copy of the complaint must the bureau file its defence in administrative litigation?", True, RECON, F_RECON, ["15"], "fact"),
    q("en->zh", "How many items were on the General Office's supervision ledger in 2025, and how many were completed on time?", True, OFFICE, F_OFFICE, ["97", "89"], "fact"),
    q("en->zh", "What is the 2026 target for the people's mediation success rate?", True, GRASS, F_OBJ, ["９５％"], "fact"),
    q("en->zh", "Which township justice office was merged into another in 2025, and into which one?", True, GRASS, F_GRASS, ["松坪", "柳营"], "fact"),
    q("en->zh", "In which month of 2025 was the on-time completion rate for complaints lowest, and what was it?", True, OFFICE, F_LEDGER, ["90.2%"], "fact"),
    q("en->zh", "What are the duties of the bureau's Prison Affairs Section?", False, None, None, [], "near_miss"),
    q("en->zh", "How many mediation cases did the township justice offices report for the first quarter of 2026?", False, GRASS, None, [], "near_miss"),
]


def main() -> None:
    (ROOT / "departments.json").write_text(json.dumps(DEPARTMENTS, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    titles = {f"docs/{p}": {"title": t, "type": ty, "department": dep} for p, (t, ty, dep) in TITLES.items()}
    (ROOT / "titles.json").write_text(json.dumps(titles, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with (ROOT / "facts.jsonl").open("w", encoding="utf-8") as fh:
        for i, f in enumerate(FACTS, 1):
            fh.write(json.dumps({"id": f"F{i:02d}", **f}, ensure_ascii=False) + "\n")
    with (ROOT / "questions.jsonl").open("w", encoding="utf-8") as fh:
        for i, x in enumerate(QUESTIONS, 1):
            fh.write(json.dumps({"id": f"Q{i:02d}", **x}, ensure_ascii=False) + "\n")
    print(len(FACTS), "facts,", len(QUESTIONS), "questions")


if __name__ == "__main__":
    main()
