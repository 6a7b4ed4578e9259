"""Write the truth files of blind corpus v9: departments.json, titles.json, facts.jsonl, questions.jsonl.

    python original/build_truth.py

Paths in facts/questions are relative to docs/; in departments.json and titles.json they start with "docs/".
Run original/verify.py afterwards: it extracts the text back from every file and checks each quote
and each must_contain string.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

OFF = "办公室"
APP = "行政审批股"
ENF = "Land Use Enforcement Section"
FARM = "耕地保护股"
EN_NAME = {OFF: "General Office", APP: "Administrative Approval Section", ENF: ENF,
           FARM: "Farmland Protection Section"}

F_OFFICE = "2025/局办公室职责及2025年工作情况.docx"
F_LEDGER = "2025/2025年信访及12345转办件登记台账.xlsx"
F_MANUAL = "2025/行政审批股工作手册（2025年版）.pdf"
F_PROC = "2025/规划许可办理程序.txt"
F_REMIT = "2025/Land_Use_Enforcement_Section_What_We_Do.docx"
F_FARM = "2025/耕地保护股工作职责（2025年修订）.docx"
F_AUDIT = "2026/2026年度内部质量审核报告.docx"
F_MIN = "2026/2026年第1次管理评审会议纪要.html"
F_ENFPROC = "2026/Enforcement_Case_Handling_Procedure_Rev_C.docx"
F_SCAN = "2026/关于调整田长巡田频次和记录方式的通知（扫描件）.pdf"

DEPARTMENTS = [
    {"name": OFF, "name_en": "General Office",
     "aliases": ["局办公室", "综合办公室", "信访接待", "General Office", "Office"],
     "files": ["docs/" + F_OFFICE, "docs/" + F_LEDGER, "docs/" + F_MIN], "language": "zh"},
    {"name": APP, "name_en": "Administrative Approval Section",
     "aliases": ["审批股", "规划许可窗口", "审批窗口", "Approval Section", "Administrative Approval"],
     "files": ["docs/" + F_MANUAL, "docs/" + F_PROC], "language": "zh"},
    {"name": ENF, "name_en": ENF,
     "aliases": ["Enforcement Section", "Land Enforcement", "执法股", "执法监察股", "土地执法"],
     "files": ["docs/" + F_REMIT, "docs/" + F_ENFPROC], "language": "en"},
    {"name": FARM, "name_en": "Farmland Protection Section",
     "aliases": ["耕保股", "耕地保护", "Farmland Protection", "Cultivated Land Protection Section"],
     "files": ["docs/" + F_FARM, "docs/" + F_SCAN], "language": "zh"},
]

TITLES = {
    F_OFFICE: ("岚峪县自然资源和规划局办公室职责及2025年工作情况", "department", OFF),
    F_LEDGER: ("2025年信访及12345转办件登记台账", "record", OFF),
    F_MANUAL: ("行政审批股工作手册（2025年版）", "department", APP),
    F_PROC: ("规划许可办理程序", "procedure", APP),
    F_REMIT: ("Land Use Enforcement Section: what we do and how we work (2025 edition)", "department", ENF),
    F_ENFPROC: ("Enforcement Case Handling Procedure", "procedure", ENF),
    F_FARM: ("岚峪县自然资源和规划局耕地保护股工作职责（2025年修订）", "department", FARM),
    F_SCAN: ("关于调整田长巡田频次和记录方式的通知", "guidance", FARM),
    F_AUDIT: ("岚峪县自然资源和规划局2026年度内部质量审核报告", "record", None),
    F_MIN: ("岚峪县自然资源和规划局2026年第1次管理评审会议纪要", "record", None),
}


def fact(dept, kind, file, quote, action, status=None, finding_id=None, about=None, population=None,
         scanned=False):
    d = {"department": dept, "department_en": EN_NAME[dept], "kind": kind, "file": file, "quote": quote,
         "status": status, "finding_id": finding_id, "about_department": about,
         "population": {"what": population[0], "count": population[1]} if population else None,
         "auditor_action": action}
    if scanned:
        d["scanned"] = True
    return d


FACTS = [
    # ---- 办公室: department description
    fact(OFF, "staff", F_OFFICE, "办公室现有工作人员5名",
         "Ask who covers the single-person posts (信访接待/12345, 公文档案, 政务公开) during leave; check the "
         "backup arrangement against who actually signed replies."),
    fact(OFF, "volume", F_OFFICE, "2025年局机关共收文1,486件、发文229件",
         "Sample incoming documents from the 1,486 received in 2025 and trace receipt, hand-over and filing in "
         "the county e-document system; outgoing documents (229) are a separate population.",
         population=("2025年局机关收文", 1486)),
    fact(OFF, "time_limit", F_OFFICE, "自收到申请之日起20个工作日内答复",
         "Sample disclosure-on-request files and check reply dates against 20 working days, and any extension "
         "against a recorded approval and notice to the applicant (this is where 2026-NC-03 arose)."),
    fact(OFF, "time_limit", F_OFFICE, "信访事项自受理之日起六十日内办结",
         "Check the ledger's due dates against the 60-day limit and ask who approves extensions; compare with "
         "the 4 overdue cases in 2025."),
    fact(OFF, "grassroots", F_OFFICE, "各乡镇自然资源所每月5日前向局办公室报送上月信访件办理情况",
         "Ask for the six township offices' monthly returns for a few months; check they arrived by the 5th "
         "and that gaps were reported at the 局务会议 as stated."),
    fact(OFF, "risk", F_OFFICE, "容易出现相互推诿、超期未结",
         "Sample the multi-handler cases in the ledger (e.g. XF2025-006, XF2025-013, both late) and ask who "
         "was designated lead and when; follow the 首办负责制 action from the management review."),
    fact(OFF, "objective", F_OFFICE, "信访件按期办结率不低于９５％",
         "Ask how the rate is calculated (26 信访件, 4 overdue gives 84.6%) and what analysis and action "
         "followed the miss; check whether the 2026 target kept the same definition."),
    # ---- 办公室: complaints ledger
    fact(OFF, "complaint", F_LEDGER, "全年合计2,343件",
         "Population for complaint sampling in 2025 is 2,343 (2,317 hotline referrals kept in the 12345 system "
         "plus 26 信访件 in this ledger); sample both, since the ledger does not list hotline items.",
         population=("2025年信访件及12345热线转办件", 2343)),
    fact(OFF, "complaint", F_LEDGER, "超期办结或超期未结4件",
         "Select all 4 overdue 信访件 (XF2025-006, -013, -016, -019) plus a judgement sample of on-time ones; "
         "ask for the extension approvals and the cause of each delay.",
         population=("2025年信访件（来信、来访、网上信箱）", 26)),
    fact(OFF, "complaint", F_LEDGER, "反映青垣镇某砂场越界占用耕地和林地",
         "XF2025-019 was overdue and still 办理中 at year end: ask for its current status, who holds it and "
         "whether the township office passed it to enforcement."),
    fact(OFF, "complaint", F_LEDGER, "反映桐溪镇某村民建房未取得乡村建设规划许可",
         "XF2025-013 was shared by 行政审批股 and 桐溪镇自然资源所 and closed late (2025-10-28 against a "
         "2025-09-19 due date): ask who was lead handler and what the delay was."),
    # ---- management review minutes
    fact(OFF, "complaint", F_MIN, "2025年全年受理信访及12345热线转办件两千余件",
         "Reconcile the rounded figure reported to management review with the ledger total (2,343)."),
    fact(OFF, "change", F_MIN, "建立信访件多部门承办的首办负责制",
         "Action due 2026-03-31: ask for the written rule and sample 2026 multi-handler cases to see whether a "
         "lead handler was named."),
    fact(FARM, "change", F_MIN, "推行“岚峪田长通”手机应用，停用纸质巡田记录本",
         "Action due 2026-04-01: check whether townships still use paper records (the 2026 audit found they "
         "did in 桐溪镇, 2026-NC-02)."),
    fact(APP, "procedure", F_MIN, "将补正材料计时规则写入《规划许可办理程序》并换版",
         "Action due 2026-06-30: ask for the revised LYZG-CX-07; the November 2026 audit still found timing "
         "errors (2026-NC-01), so check whether the revision was issued and trained."),
    # ---- internal audit report: findings
    fact(APP, "finding", F_AUDIT, "纠正措施有效性尚待2027年第一季度抽查验证",
         "2026-NC-01 is corrected but not verified: plan the Q1 2027 re-sample of construction permits "
         "(population 268 in Jan-Oct 2026) and check days from complete materials to decision.",
         status="corrected_not_verified", finding_id="2026-NC-01", about=APP,
         population=("2026年1—10月办结的建设工程规划许可", 268)),
    fact(FARM, "finding", F_AUDIT, "与2025年内审不符合项2025-NC-05属同类问题",
         "Repeat finding 2026-NC-02: ask for the root-cause analysis and why last year's action only filled in "
         "the records; re-sample township patrol data in the app for Q4 2026.",
         status="repeat", finding_id="2026-NC-02", about=FARM),
    fact(OFF, "finding", F_AUDIT, "原因分析及整改计划尚未提交",
         "2026-NC-03 is open: chase the plan due 2026-12-20; when it comes, re-sample disclosure replies "
         "(53 received Jan-Oct 2026) for working-day counting and extension notices.",
         status="open", finding_id="2026-NC-03", about=OFF,
         population=("2026年1—10月依申请公开申请", 53)),
    fact(OFF, "finding", F_AUDIT, "内审员龚蔚于2026年11月25日复查9月至11月台账",
         "2026-NC-04 closed and verified: at the next audit, spot-check that the weekly update of the 督办台账 "
         "continued; no further action now.",
         status="closed", finding_id="2026-NC-04", about=OFF),
    fact(APP, "finding", F_AUDIT, "2026年11月26日验证有效，予以关闭",
         "2026-NC-05 closed: the cause lay with 雁岭乡's initial review, so include a township office in the "
         "next sample of 乡村建设规划许可 files and check the section's quarterly checks cover every township.",
         status="closed", finding_id="2026-NC-05", about=APP,
         population=("2026年1—10月办结的乡村建设规划许可", 871)),
    # ---- 行政审批股: manual (PDF)
    fact(APP, "staff", F_MANUAL, "本股现有在编人员4名",
         "Four staff plus two window assistants handle 1,640 permits a year: ask who may sign acceptance and "
         "how workload is shared when the window is busy."),
    fact(APP, "volume", F_MANUAL, "2025年共办结各类规划许可1,640件",
         "Population for permit sampling in 2025 is 1,640; stratify by item (乡村建设 1,045, 建设工程 312, "
         "条件核实 197, 建设用地 86) and before/after the 1 September 2025 move online.",
         population=("2025年办结的规划许可", 1640)),
    fact(APP, "time_limit", F_MANUAL, "建设工程规划许可承诺在10个工作日内办结",
         "Sample construction-permit files and count working days from acceptance (or complete materials) to "
         "decision against the promised 10 working days; the statutory limit is 20."),
    fact(APP, "change", F_MANUAL, "自2025年9月1日起，规划许可申请一律通过县工程建设项目审批系统网上受理",
         "Ask how files straddling the switch were handled and whether the system clock matches the paper "
         "file dates; note the procedure (rev B/0, March 2025) still lists the paper register JL-07-01."),
    fact(APP, "risk", F_MANUAL, "申请人补正材料的时间是否计入办理时限",
         "Ask the window and the section separately how they count time when materials are incomplete; this "
         "is the cause recorded in 2026-NC-01."),
    fact(APP, "grassroots", F_MANUAL, "乡镇自然资源所负责现场踏勘并填写《现场踏勘记录表》",
         "Ask for the quarterly checks of township initial reviews and which townships they covered; "
         "2026-NC-05 arose from 雁岭乡, which the checks had missed."),
    # ---- 行政审批股: GBK procedure
    fact(APP, "time_limit", F_PROC, "建设工程规划许可应在受理后十个工作日内作出决定",
         "Compare with the manual's promised 10 working days and sample decisions; check any late file has "
         "an extension approved by the deputy director before the deadline."),
    fact(APP, "procedure", F_PROC, "本程序适用于局行政审批股及受委托开展乡村建设规划许可初审的各乡镇人民政府",
         "The procedure reaches the township governments: ask how it was issued to them and whether their "
         "initial reviewers were trained."),
    fact(APP, "record", F_PROC, "《现场踏勘记录表》（JL-07-03）",
         "Check JL-07-03 is present in sampled 乡村建设规划许可 files (2 were missing in 2026-NC-05)."),
    fact(APP, "record", F_PROC, "《规划许可申请受理登记簿》（JL-07-01）",
         "The paper register was discontinued on 1 September 2025 but the procedure still requires it: ask "
         "whether the procedure was revised and what replaced the record."),
    # ---- Land Use Enforcement Section: remit (English)
    fact(ENF, "staff", F_REMIT, "The section has six officers",
         "Ask how six officers (two with under two years' experience) cover 138 cases a year plus satellite "
         "spots, and who reviews the new officers' case files."),
    fact(ENF, "volume", F_REMIT, "In 2025 the section opened 138 cases",
         "Population for case-file sampling in 2025 is 138 (127 closed, 11 carried into 2026); include the "
         "17 court referrals and cases closed after the autumn peak.",
         population=("2025年立案的土地违法案件", 138)),
    fact(ENF, "volume", F_REMIT, "flagged 1,204 change spots",
         "Sample satellite change spots (1,204) and check the township verification sheets and photographs, "
         "especially the ones judged not to be violations.",
         population=("2025年卫星监测变化图斑", 1204)),
    fact(ENF, "time_limit", F_REMIT, "within ten working days of a lead being received",
         "Sample leads in the provincial case system and measure days from receipt to opening or dismissal; "
         "ask how leads phoned in to township offices are dated."),
    fact(ENF, "time_limit", F_REMIT, "within 90 days of the case being opened",
         "Check closed cases against 90 days and any 30-day extension against the Director's approval."),
    fact(ENF, "grassroots", F_REMIT, "reports suspected violations to the section within 24 hours",
         "Ask for township patrol logs and compare patrol dates with registration dates in the case system."),
    fact(ENF, "risk", F_REMIT, "without photographs or a site visit",
         "Sample closed cases and look for the re-inspection photographs; closure on a township's statement "
         "alone is what Revision C now forbids."),
    fact(ENF, "objective", F_REMIT, "Cases closed within the time limit: at least 90%",
         "Ask how the rate is computed (109 of 127 closed in time in 2025, 85.8%) and what is being done to "
         "reach 90% in 2026."),
    fact(ENF, "change", F_REMIT,
         "lead registration has moved from the paper logbook to the provincial enforcement case system",
         "Ask how leads from before 1 June 2025 were carried over and trace a lead across the switch."),
    # ---- Land Use Enforcement Section: procedure Rev C (English)
    fact(ENF, "procedure", F_ENFPROC,
         "This procedure applies to the Land Use Enforcement Section and to the six township natural resources offices",
         "Ask how Revision C was issued and explained to the six township offices."),
    fact(ENF, "record", F_ENFPROC, "Rectification Verification Sheet (JL-11-04)",
         "Check every closed case since 1 March 2026 has JL-11-04 signed by two officers after a re-inspection."),
    fact(ENF, "change", F_ENFPROC,
         "Revision C requires a site re-inspection with dated photographs before any case is closed",
         "Sample cases closed before and after 1 March 2026 to see whether the change took effect."),
    # ---- 耕地保护股
    fact(FARM, "staff", F_FARM, "本股现有工作人员3名",
         "Three people supervise field-chief patrols across all townships: ask how the quarterly checks are "
         "planned and how far they reach."),
    fact(FARM, "volume", F_FARM, "全年审核耕地“进出平衡”方案63个",
         "Sample the 63 in/out balance plans reviewed in 2025 and check review dates against 20 working days.",
         population=("2025年审核的耕地进出平衡方案", 63)),
    fact(FARM, "time_limit", F_FARM, "应在十五个工作日内完成复核",
         "Sample the 287 problem spots verified in 2025 and check review dates against 15 working days."),
    fact(FARM, "grassroots", F_FARM, "村级田长每周巡田不少于1次",
         "Compare the 2025 rule (once a week) with the April 2026 notice (at least twice a week) and check "
         "which one the villages are following."),
    fact(FARM, "risk", F_FARM, "记录真实性难以保证",
         "The section itself names back-filled patrol records as a risk; ask what its quarterly checks look at "
         "(the same problem recurred as 2026-NC-02)."),
    fact(FARM, "objective", F_FARM, "永久基本农田保护面积不低于36.2万亩",
         "Ask how the area is monitored during the year and where the result is reported."),
    fact(FARM, "change", F_SCAN, "自2026年4月1日起，村级田长巡田频次调整为每周不少于2次",
         "Check the app data for villages sampled after 1 April 2026 against twice a week, and whether "
         "paper records ended (2026-NC-02 says not in 桐溪镇).", scanned=True),
]


def q(lang, pair, question, kind, department=None, file=None, must=()):
    answerable = kind in ("fact", "open_items")
    return {"lang": lang, "pair": pair, "question": question, "answerable": answerable,
            "department": department, "file": file if answerable else None,
            "must_contain": list(must) if answerable else [], "kind": kind}


QUESTIONS = [
    # ---------------- zh (question zh, document zh)
    q("zh", "zh", "2026年内审中，办公室哪一项不符合项至今还没有提交原因分析和整改计划？", "open_items",
      OFF, F_AUDIT, ["2026-NC-03"]),
    q("zh", "zh", "行政审批股2025年共办结多少件规划许可？其中乡村建设规划许可有多少件？", "fact",
      APP, F_MANUAL, ["1,640", "1,045"]),
    q("zh", "zh", "按照《规划许可办理程序》，建设工程规划许可应当在受理后多长时间内作出决定？", "fact",
      APP, F_PROC, ["十个工作日"]),
    q("zh", "zh", "《规划许可办理程序》要求形成和保存哪些记录？", "fact",
      APP, F_PROC, ["JL-07-01", "JL-07-02", "JL-07-03", "JL-07-04", "JL-07-05"]),
    q("zh", "zh", "按调整巡田频次的通知，从哪天起村级田长每周至少要巡田几次？", "fact",
      FARM, F_SCAN, ["2026年4月1日", "2次"]),
    q("zh", "zh", "乡镇上报的耕地流出问题图斑，耕地保护股应在多长时间内完成复核？", "fact",
      FARM, F_FARM, ["十五个工作日"]),
    q("zh", "zh", "2026年内审开具的不符合项中，哪一项属于重复发生？它与上一年的哪一项是同类问题？", "open_items",
      FARM, F_AUDIT, ["2026-NC-02", "2025-NC-05"]),
    q("zh", "zh", "2025年信访台账里有哪几件信访件超期了？", "open_items",
      OFF, F_LEDGER, ["XF2025-006", "XF2025-013", "XF2025-016", "XF2025-019"]),
    q("zh", "zh", "办公室2025年信访件按期办结率的目标是多少？", "fact",
      OFF, F_OFFICE, ["９５％"]),
    q("zh", "zh", "局办公室2024年全年收文多少件？", "near_miss", OFF),
    q("zh", "zh", "局财务股2025年的预算执行率是多少？", "near_miss"),
    q("zh", "zh", "耕地保护股2025年田长巡田记录季度抽查的实际合格率是多少？", "unanswerable", FARM),
    q("zh", "zh", "岚峪县明年的房价会上涨吗？", "off_topic"),
    # ---------------- en (question en, document en)
    q("en", "en", "How many officers does the Land Use Enforcement Section have?", "fact",
      ENF, F_REMIT, ["six"]),
    q("en", "en", "How many cases did the Land Use Enforcement Section open in 2025, and how many were carried into 2026?",
      "fact", ENF, F_REMIT, ["138", "11"]),
    q("en", "en", "Within what time must a lead on unlawful land use be turned into a case or dismissed?", "fact",
      ENF, F_REMIT, ["ten working days"]),
    q("en", "en", "How many satellite change spots were flagged in 2025, and how many turned out to be violations?",
      "fact", ENF, F_REMIT, ["1,204", "96"]),
    q("en", "en", "Which records does the Enforcement Case Handling Procedure require?", "fact",
      ENF, F_ENFPROC, ["JL-11-01", "JL-11-02", "JL-11-03", "JL-11-04", "JL-11-05"]),
    q("en", "en", "What did Revision C of the enforcement procedure change about closing a case, and from when?",
      "fact", ENF, F_ENFPROC, ["dated photographs", "1 March 2026"]),
    q("en", "en", "What is the enforcement section's 2026 target for cases closed within the time limit?", "fact",
      ENF, F_REMIT, ["90%"]),
    q("en", "en", "How quickly must township offices report suspected land violations to the enforcement section?",
      "fact", ENF, F_REMIT, ["24 hours"]),
    q("en", "en", "How many cases did the Land Use Enforcement Section open in 2024?", "near_miss", ENF),
    q("en", "en", "What was the total amount of fines imposed by the Land Use Enforcement Section in 2025?",
      "unanswerable", ENF),
    q("en", "en", "Can you suggest a good recipe for pork dumplings?", "off_topic"),
    # ---------------- zh -> en (question zh, document en)
    q("zh", "zh->en", "执法股2025年结案的127件案件中，有多少件在时限内办结？比例是多少？", "fact",
      ENF, F_REMIT, ["109", "85.8%"]),
    q("zh", "zh->en", "土地违法案件立案后一般应在多少天内结案？最多可以延长多久？", "fact",
      ENF, F_REMIT, ["90 days", "30 days"]),
    q("zh", "zh->en", "执法股的线索登记从什么时候起由纸质登记本改为省执法案件系统？", "fact",
      ENF, F_REMIT, ["1 June 2025"]),
    q("zh", "zh->en", "执法股自己认为结案环节容易出什么问题？", "fact",
      ENF, F_REMIT, ["without photographs or a site visit"]),
    q("zh", "zh->en", "执法案件办理程序（C版）适用于哪些单位？", "fact",
      ENF, F_ENFPROC, ["six township natural resources offices"]),
    q("zh", "zh->en", "执法案件办理程序中，整改核验单的记录编号是什么？", "fact",
      ENF, F_ENFPROC, ["JL-11-04"]),
    q("zh", "zh->en", "2025年执法股有多少件案件移送法院强制执行？", "fact",
      ENF, F_REMIT, ["17"]),
    q("zh", "zh->en", "C版程序把登记后现场核查的时限改成了几个工作日？", "fact",
      ENF, F_ENFPROC, ["three working days"]),
    q("zh", "zh->en", "执法股2026年上半年立案多少件？", "near_miss", ENF),
    q("zh", "zh->en", "执法股2025年第三季度立案多少件？", "near_miss", ENF),
    q("zh", "zh->en", "执法股有几名同志取得了法律职业资格证书？", "unanswerable", ENF),
    # ---------------- en -> zh (question en, document zh)
    q("en", "en->zh", "Which findings from the 2026 internal audit are still not closed?", "open_items",
      None, F_AUDIT, ["2026-NC-01", "2026-NC-02", "2026-NC-03"]),
    q("en", "en->zh", "Which 2026 finding has been corrected but not yet verified as effective, and when is the verification due?",
      "open_items", APP, F_AUDIT, ["2026-NC-01", "2027年第一季度"]),
    q("en", "en->zh", "Which 2026 internal audit findings have been verified and closed, and which departments were they raised against?",
      "open_items", None, F_AUDIT, ["2026-NC-04", "2026-NC-05", "办公室", "行政审批股"]),
    q("en", "en->zh", "Which complaint in the 2025 ledger was overdue and still being handled at the end of the year?",
      "open_items", OFF, F_LEDGER, ["XF2025-019"]),
    q("en", "en->zh", "How many letters, visits and hotline referrals did the bureau receive in 2025 in total?", "fact",
      OFF, F_LEDGER, ["2,343"]),
    q("en", "en->zh", "What is the promised time limit for issuing a construction project planning permit?", "fact",
      APP, F_MANUAL, ["10个工作日"]),
    q("en", "en->zh", "Since when have all planning permit applications been accepted online only?", "fact",
      APP, F_MANUAL, ["2025年9月1日"]),
    q("en", "en->zh", "What actions did the January 2026 management review assign, and to which departments?", "fact",
      None, F_MIN, ["首办负责制", "岚峪田长通", "补正材料计时规则"]),
    q("en", "en->zh", "How many people work in the Farmland Protection Section?", "fact",
      FARM, F_FARM, ["3名"]),
    q("en", "en->zh", "How many planning permits did the Administrative Approval Section issue in 2023?", "near_miss", APP),
    q("en", "en->zh", "What are the duties of the bureau's Surveying and Mapping Section?", "near_miss"),
    q("en", "en->zh", "What was the on-time reply rate for 12345 hotline referrals handled by Beiping township in 2025?",
      "unanswerable", OFF),
    q("en", "en->zh", "Can you book me a train ticket to Shanghai for tomorrow?", "off_topic"),
]


def main() -> None:
    (ROOT / "departments.json").write_text(json.dumps(DEPARTMENTS, ensure_ascii=False, indent=2) + "\n",
                                           encoding="utf-8")
    titles = {"docs/" + path: {"title": t, "type": ty, "department": d} for path, (t, ty, d) in TITLES.items()}
    (ROOT / "titles.json").write_text(json.dumps(titles, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with (ROOT / "facts.jsonl").open("w", encoding="utf-8") as fh:
        for n, f in enumerate(FACTS, 1):
            fh.write(json.dumps({"id": f"F{n:02d}", **f}, ensure_ascii=False) + "\n")
    with (ROOT / "questions.jsonl").open("w", encoding="utf-8") as fh:
        for n, item in enumerate(QUESTIONS, 1):
            fh.write(json.dumps({"id": f"Q{n:02d}", **item}, ensure_ascii=False) + "\n")
    print(len(FACTS), "facts,", len(QUESTIONS), "questions")


if __name__ == "__main__":
    main()
