"""Write the truth files of blind corpus v12: facts.jsonl, questions.jsonl, departments.json, titles.json.

Written together with the documents (make_docs.py), before any run of the product.
    /tmp/v12venv/bin/python original/make_truth.py
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# files, relative to docs/
A = "2025/岚禾市退役军人事务局办公室职能职责.docx"
B = "2025/优抚褒扬科工作职责及2025年业务概况.pdf"
C = "2026/优抚对象定期抚恤补助发放程序.txt"
D = "2025/Employment_and_Entrepreneurship_Section_What_We_Do.docx"
E = "2026/Employment_Support_and_Training_Subsidy_Procedure_Rev2.pdf"
G = "2025/权益维护科职责与工作规范.docx"
H = "2025/2025年退役军人诉求登记台账.xlsx"
I = "2026/2026年度内部审核报告.docx"
J = "2026/2026年度质量目标分解表.docx"
K = "2026/2026年第2次局务会议纪要.html"
L = "2026/关于调整乡镇（街道）退役军人服务站设置的通知（扫描件）.pdf"

OFF = "办公室"
PEN = "优抚褒扬科"
RIG = "权益维护科"
EMP = "Employment and Entrepreneurship Section"

DEPARTMENTS = [
    {
        "name": OFF,
        "name_en": "General Office",
        "aliases": ["局办公室", "办公室（财务）", "General Office", "Office"],
        "files": [f"docs/{A}", f"docs/{K}", f"docs/{L}"],
        "language": "zh",
    },
    {
        "name": PEN,
        "name_en": "Preferential Treatment and Commemoration Section",
        "aliases": ["优抚科", "褒扬科", "优抚褒扬", "Preferential Treatment Section", "Preferential Treatment and Commemoration"],
        "files": [f"docs/{B}", f"docs/{C}"],
        "language": "zh",
    },
    {
        "name": RIG,
        "name_en": "Rights Protection Section",
        "aliases": ["权益科", "退役军人来信来访接待室", "接待室", "Rights Protection", "Letters and Visits Reception"],
        "files": [f"docs/{G}", f"docs/{H}"],
        "language": "zh",
    },
    {
        "name": EMP,
        "name_en": EMP,
        "aliases": ["就业创业科", "就业科", "Employment Section", "Employment and Entrepreneurship"],
        "files": [f"docs/{D}", f"docs/{E}"],
        "language": "en",
    },
]
DEPT_EN = {d["name"]: d["name_en"] for d in DEPARTMENTS}

TITLES = {
    f"docs/{A}": {"title": "岚禾市退役军人事务局办公室职能职责", "type": "department", "department": OFF},
    f"docs/{B}": {"title": "优抚褒扬科工作职责及2025年业务概况", "type": "department", "department": PEN},
    f"docs/{C}": {"title": "优抚对象定期抚恤补助发放程序", "type": "procedure", "department": PEN},
    f"docs/{D}": {"title": "Employment and Entrepreneurship Section: What We Do", "type": "department", "department": EMP},
    f"docs/{E}": {"title": "Employment Support and Training Subsidy Procedure", "type": "procedure", "department": EMP},
    f"docs/{G}": {"title": "权益维护科职责与工作规范（2025年版）", "type": "department", "department": RIG},
    f"docs/{H}": {"title": "岚禾市退役军人事务局2025年退役军人诉求登记台账", "type": "record", "department": RIG},
    f"docs/{I}": {"title": "岚禾市退役军人事务局2026年度内部质量管理体系审核报告", "type": "record", "department": None},
    f"docs/{J}": {"title": "岚禾市退役军人事务局2026年度质量目标分解表", "type": "objectives", "department": None},
    f"docs/{K}": {"title": "2026年第2次局务会议纪要", "type": "record", "department": None},
    f"docs/{L}": {"title": "关于调整乡镇（街道）退役军人服务站设置的通知", "type": "guidance", "department": OFF},
}


def pop(what: str, count: int) -> dict:
    return {"what": what, "count": count}


# (department, kind, file, quote, extras, auditor_action)
F = []


def fact(dept, kind, file, quote, action, *, status=None, finding_id=None, about=None, population=None, scanned=False):
    F.append(dict(department=dept, kind=kind, file=file, quote=quote, status=status, finding_id=finding_id,
                  about_department=about, population=population, auditor_action=action, scanned=scanned))


# ------------------------------------------------------------------ 办公室
fact(OFF, "staff", A, "办公室核定编制6名，现有在岗5名",
     "Ask how the vacant post is covered and check the A/B backup table against who actually signed records during absences.")
fact(OFF, "risk", A, "财务岗B岗空缺，方志强休假期间报销审核无人顶岗",
     "Pull reimbursements approved during 方志强's leave and see who reviewed them; ask when the B post will be filled.")
fact(OFF, "volume", A, "2025年局机关收文1,318件、发文204件",
     "Sample incoming documents from the 1,318 received in 2025, before and after the 1 September 2025 switch to the OA system; outgoing (204) is a separate population.",
     population=pop("2025年局机关收文", 1318))
fact(OFF, "volume", A, "督办事项97项中按期办结91项",
     "Sample from the 97 supervised items, including all 6 late cross-department items; check reminder slips (催办单) were issued.",
     population=pop("2025年督办事项", 97))
fact(OFF, "time_limit", A, "督办事项承办科室应在办结后2个工作日内向办公室反馈",
     "Compare completion dates with feedback dates in the 督办台账; ask what happens when a section does not report back.")
fact(OFF, "time_limit", A, "自收到申请之日起20个工作日内答复",
     "Check disclosure replies against the 20-working-day limit and look for approved extension records (see BFH-2026-04).")
fact(OFF, "grassroots_link", A, "全市设乡镇（街道）退役军人服务站14个、村（社区）退役军人服务站186个",
     "Use the station list as the population for site sampling (2025: 14 township stations); reconcile with the April 2026 merger to 12.",
     population=pop("2025年乡镇（街道）退役军人服务站", 14))
fact(OFF, "grassroots_link", A, "每次不少于3个乡镇站",
     "Ask for the quarterly station spot-check records and results reported to the bureau meeting; check the 15 station-visits of 2025.")
fact(OFF, "risk", A, "政策传达存在层层衰减的风险",
     "Interview a station head who changed in 2025 about a recent policy; check how the Office trained new station staff.")
fact(OFF, "change", A, "2025年9月1日起，局机关公文全部通过“岚禾市协同办公系统”办理",
     "Trace a document received around September 2025 end to end; ask how paper files before the switch are archived.")
fact(OFF, "procedure", A, "督查督办程序",
     "Audit supervision against procedure LHTY-CX-02 and its records: 督办台账、催办单、办结反馈单.")
fact(OFF, "finding", I, "2026年依申请公开申请9件，其中2件答复超过20个工作日，且无延期审批记录",
     "Closed and verified (BFH-2026-04): confirm the revised register with deadline reminders is in use by sampling applications after 12 November 2026.",
     status="closed", finding_id="BFH-2026-04", about=OFF, population=pop("2026年依申请公开申请", 9))
fact(OFF, "risk", I, "原石桥镇、云渡乡两个服务站的台账档案移交，截至11月5日仍有1个站未完成",
     "Follow up observation GCX-2026-01: which station has not handed over, and are any pension or complaint files missing?")
fact(OFF, "objective", J, "上级交办及会议议定事项按期办结率",
     "2026 target ≥９５％ against 2025 actual ９３．８％ (target ９０％); ask how cross-department items will be handled to reach it.")
fact(OFF, "change", L, "自2026年4月1日起，全市乡镇（街道）退役军人服务站由14个调整为12个",
     "Check that station lists, sampling frames and contact lists were updated after 1 April 2026; sample the two merged stations.",
     population=pop("2026年4月起乡镇（街道）退役军人服务站", 12), scanned=True)
fact(OFF, "grassroots_link", L, "村（社区）退役军人服务站由186个调整为179个",
     "Ask for the published list of 179 village stations and who checked that no veteran was left without a station.",
     population=pop("2026年4月起村（社区）退役军人服务站", 179), scanned=True)
fact(OFF, "change", K, "平台账号由办公室统一向省厅申请开通，实行“一人一号”，不得共用",
     "Compare the account list the Office requested with the staff list of the employment section (shared account found in BFH-2026-03).")

# ------------------------------------------------------------------ 优抚褒扬科
fact(PEN, "staff", B, "优抚褒扬科现有工作人员4名，其中1名从禾丰镇借调",
     "Ask who will do the seconded officer's work when the secondment ends in June 2026.")
fact(PEN, "volume", B, "2025年末在册享受定期抚恤补助的重点优抚对象2,146人",
     "Population for sampling payment records and certification files (2,146 on the roll at end 2025).",
     population=pop("2025年末定期抚恤补助对象", 2146))
fact(PEN, "volume", B, "已制发4,960张",
     "5,208 card applications against 4,960 cards issued: ask for the status of the 248 outstanding and sample applications for time limits.",
     population=pop("2025年优待证申领受理", 5208))
fact(PEN, "risk", B, "全年追回多发抚恤补助资金7笔，合计4.38万元",
     "Review all 7 recovery cases: how late was the death reported, and was money recovered within 60 days?",
     population=pop("2025年多发资金追回", 7))
fact(PEN, "risk", B, "与殡葬、户籍数据未实现自动比对，存在多发和冒领风险",
     "Ask for the quarterly data comparisons (YF-05) required since 2026 and how mismatches were resolved.")
fact(PEN, "time_limit", B, "本科收到后7个工作日内完成复核并报送制证",
     "Sample card applications and compare receipt and submission dates.")
fact(PEN, "time_limit", B, "服务站应在知悉后三个工作日内报告",
     "For the recovery cases, compare date of death with the station's report date.")
fact(PEN, "time_limit", C, "优抚褒扬科自收到初审材料之日起十个工作日内完成审核",
     "Sample new beneficiaries of 2026 and check review dates against the ten-working-day limit.")
fact(PEN, "time_limit", C, "服务站应在知悉之日起3个工作日内书面报告",
     "Ask stations for the written reports of deaths and check dates.")
fact(PEN, "grassroots_link", B, "服务站须于3月31日前将认证结果报送本科，本科按不低于百分之十的比例电话抽核",
     "Check that phone re-checks covered at least 10% of certified people, and that late stations were chased.")
fact(PEN, "change", B, "定期抚恤补助资金统一通过惠民惠农财政补贴资金“一卡通”发放",
     "Since January 2026 payments go through the 一卡通: check how account errors and returned payments are handled.")
fact(PEN, "procedure", C, "文件编号：LHTY-CX-06",
     "Audit pension payments against procedure LHTY-CX-06 (version C/0, from 1 January 2026).")
fact(PEN, "record", C, "《定期抚恤补助对象资格认证记录表》（YF-01）",
     "Sample YF-01 certification forms for signatures of certifier and beneficiary.")
fact(PEN, "finding", I, "纠正措施是否有效，须待2027年3月资格认证结束后验证",
     "BFH-2026-01 is corrected but not verified: after the March 2027 certification round, re-sample YF-01 forms before closing.",
     status="corrected_not_verified", finding_id="BFH-2026-01", about=PEN)
fact(PEN, "volume", I, "抽查2026年定期抚恤补助资格认证记录表（YF-01）30份（全市认证对象共2,098人）",
     "Stated sample for BFH-2026-01: 30 of 2,098; for verification, draw a fresh sample weighted to the stations that were late.",
     population=pop("2026年资格认证对象", 2098))
fact(PEN, "risk", I, "发放数据比对记录（YF-05）只有第一、二季度，第三季度尚未比对",
     "Follow up observation GCX-2026-02: has the Q3 comparison been done, and did it find any payments to deceased people?")
fact(PEN, "objective", K, "优抚褒扬科资格认证3月31日前完成率为96.2%，未达到98%的目标",
     "Ask for the root-cause analysis due 15 March 2026 and whether it explains the late certifications found in BFH-2026-01.")

# ------------------------------------------------------------------ 权益维护科
fact(RIG, "staff", G, "科室现有3人：科长唐秀梅，科员程慧（兼任局内审员）、刘洋",
     "Note that the lead auditor 程慧 works here: check she did not audit her own section.")
fact(RIG, "volume", G, "2025年共受理来信来访及12345热线诉求638件",
     "Reconcile with the ledger (638 rows) and sample by channel.",
     population=pop("2025年受理诉求", 638))
fact(RIG, "time_limit", G, "受理后60日内办结",
     "Sample petition cases and check closure within 60 days or an approved extension.")
fact(RIG, "time_limit", G, "一般诉求5个工作日内答复，政策咨询类1个工作日内答复",
     "Sample 12345 cases and check reply times in working days.")
fact(RIG, "time_limit", G, "并在答复后10日内回访",
     "Check QW-04 follow-up records for transferred cases against the 10-day limit.")
fact(RIG, "grassroots_link", G, "服务站3个工作日内回告",
     "Sample cases sent to stations (114 in 2025) and check the stations' reply dates.")
fact(RIG, "risk", G, "2025年同一诉求人来访3次以上的有9人",
     "Ask for the nine 一人一档 files and what each station has done.")
fact(RIG, "risk", G, "转办其他科室后跟踪不到位，出现“转而不办”“办而不复”",
     "Known risk that recurred as BFH-2026-02: test the transfer-feedback-follow-up chain on recent cases.")
fact(RIG, "change", G, "自2026年2月1日起执行省退役军人事务厅《退役军人诉求办理工作规范（试行）》",
     "Check that the procedure LHTY-CX-09 was updated for the new rule requiring follow-up of every case.")
fact(RIG, "procedure", G, "退役军人来信来访及诉求办理程序（LHTY-CX-09）",
     "Audit request handling against LHTY-CX-09 and its records QW-01 to QW-05.")
fact(RIG, "complaint", H, "全年受理诉求638件，按期办结611件，按期办结率95.8%",
     "The ledger is the sampling frame: 638 requests, 27 late; sample the late ones and a random set of on-time ones.",
     population=pop("2025年诉求登记台账", 638))
fact(RIG, "complaint", H, "8月受理量全年最高（72件），超期9件",
     "Focus on August 2025: most late cases were preferential-treatment cards; ask what was done with the province about card delays.",
     population=pop("2025年8月受理诉求", 72))
fact(RIG, "complaint", H, "转办其他科室办理376件（优抚褒扬科213件、就业创业科140件、办公室23件），其中14件办结后未回访",
     "Population for the follow-up test: 376 transferred cases, 14 without follow-up; compare with BFH-2026-02.",
     population=pop("2025年转办其他科室诉求", 376))
fact(RIG, "complaint", H, "同一诉求人2025年第4次反映，涉及2019年退役安置待遇未落实，已建“一人一档”",
     "Trace the four entries of this petitioner and ask what the station and the employment section have done.")
fact(RIG, "finding", I, "2025年内审BFH-2025-03曾指出同一问题",
     "Repeat finding BFH-2026-02: reject a cause analysis limited to 'too few staff'; ask how transfer feedback is now enforced.",
     status="repeat", finding_id="BFH-2026-02", about=RIG)
fact(RIG, "volume", I, "抽查2026年1—9月办结诉求40件（同期办结共503件）",
     "Stated sample for BFH-2026-02: 40 of 503; re-test on cases closed after the corrective action.",
     population=pop("2026年1—9月办结诉求", 503))
fact(RIG, "objective", J, "诉求办结回访率",
     "2026 target 百分之百 (2025: ９７．８％ against ≥９０％): check follow-up records for every case closed in a sampled month.")

# ------------------------------------------------------------------ Employment and Entrepreneurship Section (English documents)
fact(EMP, "staff", D, "The section has six staff",
     "Ask who can approve claims when the chief is away; check platform permissions and review sheets: the contract assistant may prepare files but not approve a claim.")
fact(EMP, "volume", D, "In 2025 we received 264 training subsidy claims and paid 249 of them",
     "Sample from the 264 claims received in 2025, including some of the 15 rejected or returned.",
     population=pop("2025 training subsidy claims received", 264))
fact(EMP, "risk", D, "in 2025 the 41 posts barely covered the 37 entitled veterans",
     "Check the 37 arranged-job cases, especially the 2 not placed by year end, against the six-month limit.",
     population=pop("2025 veterans entitled to a government-arranged job", 37))
fact(EMP, "time_limit", D, "A complete training subsidy claim is reviewed within ten working days of receipt",
     "Sample claims and compare receipt and decision dates.")
fact(EMP, "time_limit", D, "A veteran entitled to an arranged job is placed within six months of the file reaching the bureau.",
     "Sample arranged-job files and compare file arrival and placement dates.")
fact(EMP, "grassroots_link", D, "Township stations forward training sign-ups to us by the 20th of each month.",
     "Ask how late sign-ups are handled now that stations enter them on the platform.")
fact(EMP, "grassroots_link", D, "Each of the 14 township and street service stations names one employment contact.",
     "Check the contact list was updated after the April 2026 station merger (14 to 12).")
fact(EMP, "objective", D, "We missed the employment-rate target.",
     "2025 employment rate 81.6% against 85%: ask for the six-month follow-up logs and whether suspending two courses is the right fix.")
fact(EMP, "risk", D, "we compared them with the face-recognition attendance logs for only two of the five providers",
     "Known risk that materialised in BFH-2026-03: sample claims from the three providers never compared.")
fact(EMP, "risk", D, "kept in an unlocked cabinet shared with the contract assistant",
     "Look at where registration forms are kept and who has access.")
fact(EMP, "change", D, "From 1 March 2026 job matching and training sign-ups move from our spreadsheets to the provincial",
     "Ask how spreadsheet data were migrated to the platform and whether each officer has a personal login.")
fact(EMP, "procedure", D, "Our work follows procedure LHTY-QP-07, Employment Support and Training Subsidy.",
     "Audit against LHTY-QP-07 Rev 2 and its records ER-01 to ER-06.")
fact(EMP, "time_limit", E, "The claim is decided within 10 working days of receipt",
     "Check decision dates of sampled claims; finance then has 15 working days to pay.")
fact(EMP, "procedure", E, "A trainee who attended less than 80% of the course hours is not eligible for the subsidy.",
     "For sampled claims, recompute attendance from the face-recognition export.")
fact(EMP, "record", E, "Attendance comparison record",
     "Ask for the ER-04 comparison for each claim sampled.")
fact(EMP, "finding", I, "另见该科2名工作人员共用1个就业服务平台账号；平台账号由办公室统一申请开通",
     "Open finding BFH-2026-03 against the employment section (the Office is mentioned only as issuer of logins): chase the action plan due 15 December 2026.",
     status="open", finding_id="BFH-2026-03", about=EMP)
fact(EMP, "volume", I, "2026年第二批职业技能培训补贴申请共118份，抽查15份",
     "Stated sample for BFH-2026-03: 15 of 118; extend the sample to the three providers never checked.",
     population=pop("2026年第二批培训补贴申请", 118))
fact(EMP, "objective", J, "参训退役军人结业后六个月就业率",
     "2026 target ≥８５％ again after ８１．６％ in 2025: ask what changed besides suspending two courses.")
fact(EMP, "complaint", H, "承办科室超期未反馈，本科第6个工作日发催办单",
     "A hotline case the employment section answered late: ask how the section tracks transferred requests.")


# ------------------------------------------------------------------ questions
Q = []


def q(lang, pair, question, dept, file, must, kind="fact"):
    Q.append(dict(lang=lang, pair=pair, question=question, answerable=file is not None, department=dept,
                  file=file, must_contain=must, kind=kind))


# zh -> zh
q("zh", "zh", "局办公室核定编制几名？目前实际在岗几名？", OFF, A, ["6名", "5名"])
q("zh", "zh", "按程序文件的规定，优抚对象死亡的，服务站应在多长时间内书面报告？", PEN, C, ["3个工作日"])
q("zh", "zh", "2026年内审开具的不符合项中，哪一项已经纠正、但纠正措施的有效性还没有验证？要等到什么时候验证？", PEN, I, ["BFH-2026-01", "2027年3月"], "open_items")
q("zh", "zh", "2026年内审中哪一项不符合属于重复发生？它和上一年的哪一项相同？", RIG, I, ["BFH-2026-02", "BFH-2025-03"], "open_items")
q("zh", "zh", "2025年诉求登记台账中，8月份受理了多少件？按期办结率是多少？", RIG, H, ["72", "87.5%"])
q("zh", "zh", "服务站调整后，全市乡镇（街道）退役军人服务站从几个变为几个？从哪天开始执行？", OFF, L, ["14个", "12个", "2026年4月1日"])
q("zh", "zh", "定期抚恤补助对象资格认证记录表的记录编号是什么？", PEN, C, ["YF-01"])
q("zh", "zh", "2025年末在册享受定期抚恤补助的重点优抚对象有多少人？全年发放了多少资金？", PEN, B, ["2,146", "3,872.6万元"])
q("zh", "zh", "权益维护科受理来信来访后应在多少日内办结？最多可以延长多久？", RIG, G, ["60日", "30日"])
q("zh", "zh", "2024年全局共受理了多少件退役军人诉求？", RIG, None, [], "near_miss")
q("zh", "zh", "局军休服务管理科有几名工作人员？", None, None, [], "near_miss")
q("zh", "zh", "2026年通过“一卡通”发放的定期抚恤补助资金总额是多少？", PEN, None, [], "near_miss")
q("zh", "zh", "帮我写一首关于秋天的诗。", None, None, [], "off_topic")

# en -> en
q("en", "en", "How many staff does the Employment and Entrepreneurship Section have?", EMP, D, ["six"])
q("en", "en", "How quickly must the section review a complete training subsidy claim?", EMP, D, ["ten working days"])
q("en", "en", "How many training subsidy claims did the section receive in 2025, and how many did it pay?", EMP, D, ["264", "249"])
q("en", "en", "Which records does the Employment Support and Training Subsidy Procedure require?", EMP, E, ["ER-01", "ER-02", "ER-03", "ER-04", "ER-05", "ER-06"])
q("en", "en", "What share of course hours must a trainee attend to qualify for the training subsidy?", EMP, E, ["80%"])
q("en", "en", "How many veterans were entitled to a government-arranged job in 2025, and how many had been placed by 31 December?", EMP, D, ["37", "35"])
q("en", "en", "What personal-data risk does the employment section point out?", EMP, D, ["unlocked cabinet"])
q("en", "en", "From what date does Revision 2 of the training subsidy procedure apply, and which platform does the work move to?", EMP, E, ["1 March 2026", "Veterans Employment Service Platform"])
q("en", "en", "How many veterans did the section place in arranged jobs in 2023?", EMP, None, [], "near_miss")
q("en", "en", "What is the section's 2026 budget for training subsidies?", EMP, None, [], "near_miss")

# zh -> en (answer only in English documents)
q("zh", "zh->en", "就业创业科有几名工作人员？合同制助理能不能审批补贴申请？", EMP, D, ["six", "may not approve"])
q("zh", "zh->en", "2025年招聘会共提供了多少个岗位？通过招聘会就业的退役军人有多少人？", EMP, D, ["1,540", "196"])
q("zh", "zh->en", "有安排工作资格的退役军人，应在档案到达后多长时间内完成安置？", EMP, D, ["six months"])
q("zh", "zh->en", "就业扶持和培训补贴程序的文件编号是什么？", EMP, E, ["LHTY-QP-07"])
q("zh", "zh->en", "2025年创业担保贷款发放了多少笔？总金额是多少？", EMP, D, ["29", "RMB 8.7 million"])
q("zh", "zh->en", "结业六个月后的就业跟踪记录，记录编号是什么？", EMP, E, ["ER-06"])
q("zh", "zh->en", "科长每季度按什么比例复核已批准的补贴申请？最少复核几份？", EMP, E, ["10%", "at least five"])
q("zh", "zh->en", "就业创业科认为2025年培训后就业率没有达标的主要原因是什么？", EMP, D, ["welding", "ride-hailing"])
q("zh", "zh->en", "乡镇服务站应在每月几号之前把培训报名信息报给就业创业科？", EMP, D, ["20th"])
q("zh", "zh->en", "就业创业科2026年举办了多少场招聘会？", EMP, None, [], "near_miss")
q("zh", "zh->en", "退役军人创业孵化基地目前有多少家入驻企业？", EMP, None, [], "near_miss")

# en -> zh (answer only in Chinese documents)
q("en", "en->zh", "How many veterans' requests did the 2025 ledger record, and what share was closed on time?", RIG, H, ["638", "95.8%"])
q("en", "en->zh", "Which 2026 audit finding is about the Employment and Entrepreneurship Section but also mentions the General Office?", EMP, I, ["BFH-2026-03"], "open_items")
q("en", "en->zh", "Which finding from the 2026 internal audit has been closed and verified?", OFF, I, ["BFH-2026-04"], "open_items")
q("en", "en->zh", "Which findings of the 2026 internal audit are not yet closed?", None, I, ["BFH-2026-01", "BFH-2026-02", "BFH-2026-03"], "open_items")
q("en", "en->zh", "How many pension certification forms did the auditors sample for the 2026 audit, and out of how many people certified?", PEN, I, ["30份", "2,098"])
q("en", "en->zh", "What is the time limit for replying to a request for government information disclosure?", OFF, A, ["20个工作日"])
q("en", "en->zh", "How many supervised items did the General Office track in 2025, and how many were completed on time?", OFF, A, ["97项", "91项"])
q("en", "en->zh", "What is the 2026 target for on-time handling of veterans' requests?", RIG, J, ["９６％"])
q("en", "en->zh", "What did the February 2026 bureau meeting decide about accounts on the employment service platform?", OFF, K, ["一人一号"])
q("en", "en->zh", "How much overpaid pension money was recovered in 2025?", PEN, B, ["4.38万元"])
q("en", "en->zh", "How many letters and visits did the bureau log in 2023?", RIG, None, [], "near_miss")
q("en", "en->zh", "What are the duties of the bureau's Policy and Regulations Section?", None, None, [], "near_miss")
q("en", "en->zh", "How many martyrs' memorial facilities were repaired in 2025?", PEN, None, [], "near_miss")


def main() -> None:
    with (ROOT / "facts.jsonl").open("w", encoding="utf-8") as fh:
        for n, f in enumerate(F, start=1):
            row = {"id": f"F{n:02d}", "department": f["department"], "department_en": DEPT_EN[f["department"]],
                   "kind": f["kind"], "file": f["file"], "quote": f["quote"], "status": f["status"],
                   "finding_id": f["finding_id"], "about_department": f["about_department"],
                   "population": f["population"], "auditor_action": f["auditor_action"]}
            if f["scanned"]:
                row["scanned"] = True
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (ROOT / "questions.jsonl").open("w", encoding="utf-8") as fh:
        for n, x in enumerate(Q, start=1):
            row = {"id": f"Q{n:02d}", "lang": x["lang"], "pair": x["pair"], "question": x["question"],
                   "answerable": x["answerable"], "department": x["department"], "file": x["file"],
                   "must_contain": x["must_contain"], "kind": x["kind"]}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    (ROOT / "departments.json").write_text(json.dumps(DEPARTMENTS, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (ROOT / "titles.json").write_text(json.dumps(TITLES, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"facts: {len(F)}  questions: {len(Q)}")


if __name__ == "__main__":
    main()
