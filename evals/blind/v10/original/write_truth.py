"""Write facts.jsonl, questions.jsonl, departments.json and titles.json for v10,
then check every quote and every must_contain string against the text
extracted from the built files (see extract.py).

    /work/main/.venv/bin/python original/write_truth.py
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from extract import text_of  # noqa: E402

O, B, F, L = "办公室", "待遇保障股", "Fund Supervision Section", "政策法规与信访股"
EN = {
    O: "General Office",
    B: "Medical Benefits Section",
    F: "Fund Supervision Section",
    L: "Policy, Legal Affairs and Complaints Section",
}

D1 = "2025/棠川县医疗保障局办公室工作规则及岗位分工.docx"
D2 = "2025/待遇保障股职责及2025年业务运行情况.pdf"
D3 = "2025/门诊慢特病待遇认定办理规程.txt"
D4 = "2025/fund_supervision_section.html"
D5 = "2025/2025年医保信访投诉登记台账.xlsx"
D6 = "2025/政策法规与信访股工作职责.docx"
D7 = "2026/TCYB-CX-11_On-site_Inspection_Procedure_v2.0.docx"
D8 = "2026/2026年度质量目标及分解.docx"
D9 = "2026/2026年度内部质量管理体系审核报告.docx"
D10 = "2026/2026年度管理评审会议纪要.html"
D11 = "2026/关于异地就医备案实行即时办结的通知（扫描件）.pdf"


def pop(what: str, count: int) -> dict:
    return {"what": what, "count": count}


# (department, kind, file, quote, status, finding_id, about_department, population, auditor_action[, scanned])
FACTS = [
    # ---------------- 办公室
    (O, "staff", D1, "办公室核定编制5名，现有在编人员4名", None, None, None, None,
     "One post is vacant and a fifth person is on loan from the Service Centre: ask who covers the filing and confidential-document work and whether the loaned person has been trained and authorised."),
    (O, "volume", D1, "2025年全年局机关收文1,357件、发文208件", None, None, None, pop("2025年局机关收文", 1357),
     "Sample incoming documents from the 1,357 logged in 2025 (spread over the quarters) and trace each from registration to the proposed handling note and filing; outgoing documents (208) are a separate population."),
    (O, "time_limit", D1, "一般来文应在3个工作日内提出拟办意见", None, None, None, None,
     "For the sampled incoming documents compare registration date with the date of the proposed-handling note (3 working days; same day for 特急)."),
    (O, "change", D1, "各股室办结的业务档案一律移交办公室集中归档", None, None, None, None,
     "Since 1 June 2025 files are archived centrally: ask for the hand-over lists from the sections and check that files closed before and after the switch are complete and findable."),
    (O, "volume", D1, "2025年共登记督办事项96项，按期办结89项", None, None, None, pop("2025年《督办事项台账》登记的督办事项", 96),
     "Sample supervised items from the 96 in the ledger, including the 5 extended and 2 unfinished; check reminder slips (《催办通知单》) and evidence that 'closed' items were really done."),
    (O, "time_limit", D1, "自信息形成或者变更之日起20个工作日内", None, None, None, None,
     "Check publication dates of proactively disclosed items against the date the policy was made or changed (20 working days); this is the requirement behind finding N2026-05."),
    (O, "risk", D1, "机要保密档案岗暂无B角", None, None, None, None,
     "Ask how confidential documents are signed for when the post holder is away; sample the confidential-document register for the leave periods."),
    (O, "risk", D1, "容易出现“台账办结、实际未办结”的情况", None, None, None, None,
     "The Office itself names the risk that the ledger says done while the work is not: for sampled supervised items, ask the handling section for the actual output, not the ledger entry."),
    (O, "objective", D8, "督办事项按期办结率不低于95%", None, None, None, None,
     "Ask how the 95% rate is calculated (are extended items counted as on time?) and compare with the 2025 ledger (89 of 96 on time)."),
    (O, "finding", D9, "受控文件清单未收录2026年3月发布的TCYB-CX-11（2.0版）", "closed", "N2026-04", O, None,
     "Closed and verified on 6 Nov 2026: confirm only briefly that the controlled-document list is current and no superseded copies are in use in any section."),
    (O, "finding", D9, "9月14日才在“医疗保障”专栏发布", "open", "N2026-05", O, None,
     "Open finding N2026-05, recorded against the Office although the late submission may lie with the Benefits Section: check the new submission/approval routing slip (due 15 Jan 2027) and sample disclosures since."),
    # ---------------- 待遇保障股
    (B, "staff", D2, "待遇保障股现有工作人员6名", None, None, None, None,
     "Two of six are agency (labour-dispatch) staff: ask who may sign decisions and how they are trained, especially in the November-December peak."),
    (B, "volume", D2, "全年受理门诊慢特病待遇认定申请2,138件", None, None, None, pop("2025年门诊慢特病待遇认定申请", 2138),
     "Sample chronic and special disease decisions from the 2,138 applications, weighted towards November-December and towards files collected by township stations."),
    (B, "time_limit", D2, "自受理之日起15个工作日内作出结论", None, None, None, None,
     "Check acceptance and decision dates of sampled files against 15 working days and look for approved extensions; compare with the 十五个工作日 in procedure TCYB-CX-07."),
    (B, "grassroots", D2, "每周二、周五集中报送待遇保障股", None, None, None, None,
     "Township stations batch their submissions twice a week: check whether the clock starts at the station or at the section, and trace a few files from station hand-over to decision."),
    (B, "grassroots", D2, "共抽查320件，发现材料不全或交接手续缺失47件", None, None, None, None,
     "47 of 320 township files had gaps: ask what the section fed back to the stations and whether the 2026 checks show improvement (see observation O2026-01)."),
    (B, "risk", D2, "零星报销审核依赖人工核对票据，存在重复报销的风险", None, None, None, pop("2025年零星医疗费用报销审核件", 1264),
     "Ask what control prevents paying the same receipt twice; sample reimbursement files from the 1,264 and check receipt numbers against each other."),
    (B, "procedure", D3, "本规程适用于待遇保障股、县医疗保障事务中心以及受委托代收材料的各乡镇医保服务站", None, None, None, None,
     "Use TCYB-CX-07 as criteria for the section, the Service Centre and the township stations that collect applications."),
    (B, "time_limit", D3, "自受理之日起十五个工作日内作出认定结论", None, None, None, None,
     "Statutory-style time limit for the decision: sample files and check any delay has an extension approved by the leader in charge with a written reason."),
    (B, "record", D3, "《乡镇代收材料交接单》（TCYB-JL-07-02）", None, None, None, None,
     "Ask for the hand-over slips for sampled township files and check the hand-over date is filled in and within two working days of collection."),
    (B, "finding", D9, "纠正措施有效性待2027年1月抽查验证", "corrected_not_verified", "N2026-01", B, pop("2026年1至9月门诊慢特病认定案卷", 1652),
     "N2026-01 is corrected but not verified: check the day-12 system warning works and sample decisions made after it was set up before closing the finding."),
    (B, "grassroots", D9, "4件《乡镇代收材料交接单》未填写移交日期", None, None, None, None,
     "Observation O2026-01 at a township station traces back to the section's guidance: check whether the section's training and checks cover how the slip is filled in."),
    (B, "objective", D8, "门诊慢特病待遇认定按时办结率不低于９８％", None, None, None, None,
     "The 2026 target was raised to 98% and the review reported 97.1% for January-November: ask for the analysis of the shortfall and what was done about it."),
    (B, "change", D11, "线上渠道申请异地就医备案，材料齐全的即时办结", None, None, None, None,
     "From 1 April 2026 online registrations are settled immediately: ask how the system checks completeness and who reviews registrations that no longer pass the section.",
     True),
    (B, "time_limit", D11, "1个工作日内完成备案，不再报待遇保障股审核", None, None, None, None,
     "Counter registrations at township stations must be completed within 1 working day without section review: sample station registrations for timeliness.",
     True),
    (B, "grassroots", D11, "待遇保障股每月按不低于5%的比例抽查各服务站备案件", None, None, None, None,
     "Ask for the monthly spot-check records of station registrations since April 2026 and check the 5% rate and that results were reported back to the townships.",
     True),
    # ---------------- Fund Supervision Section
    (F, "staff", D4, "The section has four staff", None, None, None, None,
     "Only two inspectors plus a seconded analyst: ask how independence and the two-inspector rule are kept when one is away."),
    (F, "volume", D4, "Designated providers under agreement at year end: 187", None, None, None, pop("designated providers under agreement at end of 2025", 187),
     "The population for checking inspection coverage and agreement management is 187 providers (23 hospitals and clinics, 164 pharmacies); sample agreements from both groups."),
    (F, "objective", D4, "a coverage of 33.2% against a target of 30%", None, None, None, None,
     "Verify the 62 inspections against the inspection records and ask whether the providers were chosen by risk or by convenience."),
    (F, "volume", D4, "Smart monitoring alerts reviewed: 1,905", None, None, None, pop("smart monitoring alerts reviewed in 2025", 1905),
     "Sample alerts from the 1,905 reviewed, both confirmed (311) and dismissed, and check the reasons for dismissal."),
    (F, "time_limit", D4, "reviewed within ten working days", None, None, None, None,
     "Check flag and review dates for sampled alerts against ten working days; observation O2026-02 suggests some reviews took longer."),
    (F, "grassroots", D4, "by the 5th of the following month", None, None, None, None,
     "Ask for the township stations' monthly lists and check that each item was followed up on the next round of visits."),
    (F, "risk", D4, "closed inside the section without legal review", None, None, None, None,
     "Sample small cases (under RMB 5,000) and compare outcomes of similar cases; ask whether the Policy, Legal Affairs and Complaints Section ever sees them."),
    (F, "complaint", D4, "Public tip-offs received: 57, of which 12 were substantiated", None, None, None, pop("public tip-offs received in 2025", 57),
     "Sample tip-offs from the 57, check acknowledgement within 3 working days and that the informant was told the outcome; reconcile with the ledger category 基金违规举报类."),
    (F, "procedure", D7, "applies to the Fund Supervision Section and to Service Centre staff who join inspections", None, None, None, None,
     "Use TCYB-CX-11 v2.0 as criteria; it also binds Service Centre staff drawn for inspections, so check they have been briefed on it."),
    (F, "change", D7, "drawn at random in the county supervision platform", None, None, None, None,
     "Since 1 March 2026 providers and inspectors are drawn at random: ask for the platform draw logs and compare with the inspections actually carried out."),
    (F, "time_limit", D7, "A case is closed within 90 days of being opened", None, None, None, None,
     "Sample cases and check opening and closing dates against 90 days and any single Director-approved extension of up to 30 days."),
    (F, "record", D7, "Fund Recovery Ledger", None, None, None, None,
     "Ask for the Fund Recovery Ledger (TCYB-JL-11-04) and reconcile it with the RMB 1,486,200 recovered in 2025 and with bank receipts."),
    (F, "finding", D9, "其中2份仅有1名检查人员签字", "open", "N2026-03", F, pop("2026年1至9月现场检查（受检机构）", 49),
     "Open finding N2026-03 (due 31 Dec 2026): check the loan arrangement with the Service Centre agreed at the management review and sample inspection records since October for two signatures."),
    (F, "staff", D10, "2027年起基金监管股增加1名编制", None, None, None, None,
     "Ask whether the extra post has been filled and how the two-inspector rule is kept until then."),
    # ---------------- 政策法规与信访股
    (L, "change", D6, "原政策法规股与原信访办公室合并", None, None, None, None,
     "The section was formed by a merger in March 2025: check that ledgers and open cases were handed over completely and that procedures name the new section."),
    (L, "staff", D6, "本股现有工作人员3名", None, None, None, None,
     "Two complaint staff for about 1,473 cases a year: ask how call-backs are resourced, which is the root-cause question behind the repeat finding."),
    (L, "time_limit", D6, "办结后7个工作日内逐件电话回访", None, None, None, None,
     "Every closed case must get a call-back within 7 working days: sample closed cases and check the call-back record and date."),
    (L, "grassroots", D6, "应在2个工作日内录入县医保信访投诉系统", None, None, None, None,
     "Complaints received in person at township stations must be logged within 2 working days: compare station receipt dates with system entry dates."),
    (L, "risk", D6, "容易出现答复口径不一致", None, None, None, None,
     "Ask how replies are kept consistent in the January and July policy-change peaks; compare replies to similar complaints."),
    (L, "complaint", D5, "全年合计1,473件", None, None, None, pop("2025年登记的医保信访投诉", 1473),
     "Population for sampling complaints in 2025 is 1,473; stratify by month (peaks in January and July) and by category; 939 concern benefits."),
    (L, "complaint", D5, "7月受医保年度待遇调整影响，按期办结率降至92.2%", None, None, None, None,
     "Sample July 2025 cases for late closure and missing call-backs, and ask what was planned for the July 2026 peak."),
    (L, "finding", D9, "该问题与2025年度不符合项N2025-04相同，属重复发生", "repeat", "N2026-02", L, None,
     "Repeat finding N2026-02: ask for the root-cause analysis (due 31 Jan 2027) and why the 2025 action on N2025-04 did not prevent recurrence; re-sample call-back records."),
    (L, "complaint", D10, "一千四百余件", None, None, None, None,
     "The minutes round the 2025 total; reconcile with the ledger's 1,473 before using it as a sampling population."),
    (L, "record", D10, "修订《信访投诉处理程序》回访条款", None, None, None, None,
     "Management-review action due 31 Jan 2027: check the revised call-back clause and the system reminder, and whether they address the root cause of N2026-02."),
]

# (lang, pair, question, answerable, department, file, must_contain, kind)
QUESTIONS = [
    # ---- zh
    ("zh", "zh", "局办公室核定编制几名？现在实有在编人员几名？", True, O, D1, ["5名", "4名"], "fact"),
    ("zh", "zh", "按照门诊慢特病待遇认定办理规程，认定结论应在受理后多长时间内作出？", True, B, D3, ["十五个工作日"], "fact"),
    ("zh", "zh", "2026年度内审的不符合项中，哪一项已经纠正但纠正措施的有效性还没有验证？计划什么时候验证？", True, B, D9, ["N2026-01", "2027年1月"], "open_items"),
    ("zh", "zh", "2026年内审有没有重复发生的不符合项？对应上一年的哪一项？", True, L, D9, ["N2026-02", "N2025-04"], "open_items"),
    ("zh", "zh", "2025年全县医保信访投诉一共登记了多少件？", True, L, D5, ["1,473"], "fact"),
    ("zh", "zh", "异地就医备案线上申请从什么时候开始实行即时办结？", True, B, D11, ["2026年4月1日"], "fact"),
    ("zh", "zh", "门诊慢特病认定办理规程要求形成和保存哪些记录？", True, B, D3, ["TCYB-JL-07-01", "TCYB-JL-07-02", "TCYB-JL-07-03", "TCYB-JL-07-04"], "fact"),
    ("zh", "zh", "政策法规与信访股是什么时候、由哪两个部门合并组建的？", True, L, D6, ["2025年3月", "原政策法规股", "原信访办公室"], "fact"),
    ("zh", "zh", "2024年全县医保信访投诉总量是多少件？", False, L, None, [], "near_miss"),
    ("zh", "zh", "局计划财务股负责哪些工作？现有几个人？", False, None, None, [], "near_miss"),
    ("zh", "zh", "慢特病认定专家评审每次的评审费标准是多少？", False, B, None, [], "near_miss"),
    ("zh", "zh", "棠川县周末有什么好玩的地方？", False, None, None, [], "off_topic"),
    # ---- en
    ("en", "en", "How many designated providers did the Fund Supervision Section have under agreement at the end of 2025?", True, F, D4, ["187"], "fact"),
    ("en", "en", "How quickly must an alert from the smart monitoring system be reviewed?", True, F, D4, ["ten working days"], "fact"),
    ("en", "en", "What changed in version 2.0 of the on-site inspection procedure, and from what date?", True, F, D7, ["1 March 2026", "drawn at random"], "fact"),
    ("en", "en", "Which records does the on-site inspection and case handling procedure require?", True, F, D7, ["TCYB-JL-11-01", "TCYB-JL-11-02", "TCYB-JL-11-03", "TCYB-JL-11-04"], "fact"),
    ("en", "en", "How many people work in the Fund Supervision Section?", True, F, D4, ["four"], "fact"),
    ("en", "en", "Within how long must an inspection case be closed, and can that be extended?", True, F, D7, ["90 days", "30 days"], "fact"),
    ("en", "en", "What on-site inspection coverage did the section reach in 2025, against what target?", True, F, D4, ["33.2%", "30%"], "fact"),
    ("en", "en", "What do the township stations send to the Fund Supervision Section, and by when?", True, F, D4, ["card lending", "5th"], "fact"),
    ("en", "en", "How much money did the Fund Supervision Section recover in 2024?", False, F, None, [], "near_miss"),
    ("en", "en", "What total fines did the Fund Supervision Section impose on retail pharmacies in 2025?", False, F, None, [], "near_miss"),
    ("en", "en", "What's a good recipe for pork and cabbage dumplings?", False, None, None, [], "off_topic"),
    # ---- zh->en
    ("zh", "zh->en", "基金监管股2025年复核了多少条智能监控疑点？其中确认违规多少条？", True, F, D4, ["1,905", "311"], "fact"),
    ("zh", "zh->en", "2025年基金监管股收到群众举报线索多少条？查实了几条？", True, F, D4, ["57", "12"], "fact"),
    ("zh", "zh->en", "现场检查和案件办理程序适用于哪些人员？", True, F, D7, ["Service Centre staff who join inspections"], "fact"),
    ("zh", "zh->en", "按程序规定，每次现场检查至少要有几名检查人员？", True, F, D7, ["at least two inspectors"], "fact"),
    ("zh", "zh->en", "基金监管股认为小额案件有什么风险？小额的标准是多少钱？", True, F, D4, ["5,000", "legal review"], "fact"),
    ("zh", "zh->en", "2025年基金监管股追回了多少医保基金？涉及多少家机构？", True, F, D4, ["1,486,200", "41"], "fact"),
    ("zh", "zh->en", "现场检查结束后，书面检查意见要在多长时间内送达定点机构？", True, F, D7, ["5 working days"], "fact"),
    ("zh", "zh->en", "基金监管股2025年解除了几家定点医药机构的服务协议？", False, F, None, [], "near_miss"),
    ("zh", "zh->en", "智能监控系统的规则库目前一共有多少条规则？", False, F, None, [], "near_miss"),
    ("zh", "zh->en", "基金监管股的股长叫什么名字？", False, F, None, [], "near_miss"),
    ("zh", "zh->en", "截至2025年底，签订服务协议的定点零售药店有多少家？", True, F, D4, ["164"], "fact"),
    # ---- en->zh
    ("en", "en->zh", "How many incoming documents did the General Office log in 2025, and how many outgoing ones?", True, O, D1, ["1,357", "208"], "fact"),
    ("en", "en->zh", "According to the Benefits Section's own overview, within what time must an outpatient chronic or special disease application be decided?", True, B, D2, ["15个工作日"], "fact"),
    ("en", "en->zh", "Which findings from the 2026 internal audit are not yet closed?", True, None, D9, ["N2026-01", "N2026-02", "N2026-03", "N2026-05"], "open_items"),
    ("en", "en->zh", "Which 2026 audit finding has been closed, and when was it verified?", True, O, D9, ["N2026-04", "2026年11月6日"], "open_items"),
    ("en", "en->zh", "What action did the 2026 management review give the complaints section, and by when?", True, L, D10, ["2027年1月31日"], "open_items"),
    ("en", "en->zh", "What is the agency-wide satisfaction target for 2026?", True, None, D8, ["９５％"], "fact"),
    ("en", "en->zh", "In the 2025 complaints ledger, which month had the lowest on-time rate, and what was it?", True, L, D5, ["7月", "92.2%"], "fact"),
    ("en", "en->zh", "How many files collected by township stations did the Benefits Section spot-check in 2025, and how many had problems?", True, B, D2, ["320", "47"], "fact"),
    ("en", "en->zh", "What was the on-time rate for chronic disease benefit decisions in 2024?", False, B, None, [], "near_miss"),
    ("en", "en->zh", "Which internal auditor audited the General Office in October 2026?", False, O, None, [], "near_miss"),
    ("en", "en->zh", "Who will lead the 2027 internal audit, and which sections will it cover?", False, None, None, [], "unanswerable"),
    ("en", "en->zh", "Within how many working days must proactively disclosed information be published?", True, O, D1, ["20个工作日"], "fact"),
]

DEPARTMENTS = [
    {
        "name": O, "name_en": EN[O],
        "aliases": ["局办公室", "综合办公室", "General Office", "Office"],
        "files": [f"docs/{D1}"], "language": "zh",
    },
    {
        "name": B, "name_en": EN[B],
        "aliases": ["待遇股", "待遇保障", "Benefits Section", "Medical Benefits Section"],
        "files": [f"docs/{D2}", f"docs/{D3}", f"docs/{D11}"], "language": "zh",
    },
    {
        "name": F, "name_en": EN[F],
        "aliases": ["基金监管股", "基金监管", "Fund Supervision", "Fund Supervision Unit"],
        "files": [f"docs/{D4}", f"docs/{D7}"], "language": "en",
    },
    {
        "name": L, "name_en": EN[L],
        "aliases": ["法规信访股", "信访股", "政策法规股", "原政策法规股", "原信访办公室", "信访办",
                    "Complaints Section", "Policy and Legal Affairs Section"],
        "files": [f"docs/{D5}", f"docs/{D6}"], "language": "zh",
    },
]

TITLES = {
    f"docs/{D1}": {"title": "棠川县医疗保障局办公室工作规则及岗位分工", "type": "department", "department": O},
    f"docs/{D2}": {"title": "棠川县医疗保障局待遇保障股职责及2025年业务运行情况", "type": "department", "department": B},
    f"docs/{D3}": {"title": "门诊慢特病待遇认定办理规程", "type": "procedure", "department": B},
    f"docs/{D4}": {"title": "Fund Supervision Section", "type": "department", "department": F},
    f"docs/{D5}": {"title": "棠川县医疗保障局2025年信访投诉登记台账", "type": "record", "department": L},
    f"docs/{D6}": {"title": "政策法规与信访股工作职责", "type": "department", "department": L},
    f"docs/{D7}": {"title": "On-site Inspection and Case Handling Procedure", "type": "procedure", "department": F},
    f"docs/{D8}": {"title": "棠川县医疗保障局2026年度质量目标及分解", "type": "objectives", "department": None},
    f"docs/{D9}": {"title": "棠川县医疗保障局2026年度内部质量管理体系审核报告", "type": "record", "department": None},
    f"docs/{D10}": {"title": "棠川县医疗保障局2026年度管理评审会议纪要", "type": "record", "department": None},
    f"docs/{D11}": {"title": "关于异地就医备案实行即时办结的通知", "type": "guidance", "department": B},
}

FACT_KINDS = {"volume", "time_limit", "finding", "change", "risk", "staff", "objective", "grassroots",
              "procedure", "complaint", "record"}
Q_KINDS = {"fact", "near_miss", "open_items", "unanswerable", "off_topic"}
STATUSES = {None, "open", "closed", "repeat", "corrected_not_verified"}
CJK = re.compile(r"[\u3400-\u9fff]")


def build() -> tuple[list[dict], list[dict]]:
    facts = []
    for n, row in enumerate(FACTS, 1):
        dept, kind, file, quote, status, fid, about, popu, action = row[:9]
        d = {
            "id": f"F{n:02d}", "department": dept, "department_en": EN[dept], "kind": kind, "file": file,
            "quote": quote, "status": status, "finding_id": fid, "about_department": about,
            "population": popu, "auditor_action": action,
        }
        if len(row) > 9 and row[9]:
            d["scanned"] = True
        facts.append(d)
    questions = []
    for n, (lang, pair, q, ans, dept, file, must, kind) in enumerate(QUESTIONS, 1):
        questions.append({
            "id": f"Q{n:02d}", "lang": lang, "pair": pair, "question": q, "answerable": ans,
            "department": dept, "file": file, "must_contain": must, "kind": kind,
        })
    return facts, questions


def check(facts: list[dict], questions: list[dict]) -> list[str]:
    errors: list[str] = []
    cache: dict[str, str] = {}

    def txt(rel: str) -> str:
        if rel not in cache:
            cache[rel] = text_of(rel)
        return cache[rel]

    names = {d["name"] for d in DEPARTMENTS}
    for f in facts:
        if f["kind"] not in FACT_KINDS or f["status"] not in STATUSES or f["department"] not in names:
            errors.append(f"{f['id']}: bad kind/status/department")
        if f["kind"] == "finding" and not (f["status"] and f["finding_id"] and f["about_department"] in names):
            errors.append(f"{f['id']}: finding without status/id/about")
        if f["quote"] not in txt(f["file"]):
            errors.append(f"{f['id']}: quote not found in {f['file']}: {f['quote']}")
        elif txt(f["file"]).count(f["quote"]) > 1:
            print(f"note: {f['id']} quote occurs more than once in {f['file']}")
        if ("扫描件" in f["file"]) != bool(f.get("scanned")):
            errors.append(f"{f['id']}: scanned flag wrong")
    for q in questions:
        if q["kind"] not in Q_KINDS or q["pair"] not in {"zh", "en", "zh->en", "en->zh"}:
            errors.append(f"{q['id']}: bad kind/pair")
        if q["lang"] != q["pair"].split("->")[0]:
            errors.append(f"{q['id']}: lang does not match pair")
        if q["department"] is not None and q["department"] not in names:
            errors.append(f"{q['id']}: unknown department")
        if q["answerable"]:
            if not q["file"] or not q["must_contain"]:
                errors.append(f"{q['id']}: answerable without file/must_contain")
                continue
            for m in q["must_contain"]:
                if m not in txt(q["file"]):
                    errors.append(f"{q['id']}: must_contain {m!r} not in {q['file']}")
            doc_lang = "en" if not CJK.search(txt(q["file"])) else "zh"
            if q["pair"].split("->")[-1] != doc_lang:
                errors.append(f"{q['id']}: pair says {q['pair']} but document is {doc_lang}")
        elif q["file"] or q["must_contain"]:
            errors.append(f"{q['id']}: unanswerable with file/must_contain")
    # language rules for department documents
    for d in DEPARTMENTS:
        for path in d["files"]:
            t = txt(path.removeprefix("docs/"))
            if d["language"] == "en" and CJK.search(t):
                errors.append(f"{path}: English-only department document contains CJK text")
            if d["language"] == "zh" and EN[d["name"]] in t:
                errors.append(f"{path}: Chinese-only department document contains its English name")
    for p in (ROOT / "docs").rglob("*"):
        if p.is_file() and f"docs/{p.relative_to(ROOT / 'docs')}" not in TITLES:
            errors.append(f"{p}: file missing from titles.json")
    return errors


def main() -> None:
    facts, questions = build()
    errors = check(facts, questions)
    with (ROOT / "facts.jsonl").open("w", encoding="utf-8") as fh:
        for f in facts:
            fh.write(json.dumps(f, ensure_ascii=False) + "\n")
    with (ROOT / "questions.jsonl").open("w", encoding="utf-8") as fh:
        for q in questions:
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    (ROOT / "departments.json").write_text(json.dumps(DEPARTMENTS, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (ROOT / "titles.json").write_text(json.dumps(TITLES, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("facts", len(facts), dict(Counter(f["kind"] for f in facts)))
    print("facts by department", dict(Counter(f["department"] for f in facts)))
    print("finding statuses", {f["finding_id"]: f["status"] for f in facts if f["kind"] == "finding"})
    print("questions", len(questions), dict(Counter(q["kind"] for q in questions)), dict(Counter(q["pair"] for q in questions)))
    if errors:
        print("ERRORS:")
        for e in errors:
            print("  ", e)
        sys.exit(1)
    print("all quotes and must_contain strings verified")


if __name__ == "__main__":
    main()
