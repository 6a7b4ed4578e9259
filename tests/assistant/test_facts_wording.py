"""Table tests of fact recognition on wording the rules were not written for (issue 11): time
limits said in many ways, headcounts, objectives, changes, named risks, grassroots links,
records kept, work assigned in minutes and notices, and finding statuses in varied forms. Each
table holds forms a rule must match and forms it must not. The sentences are written here, about
a land-registration office and its neighbours, in words none of the corpora use."""

from __future__ import annotations

import pytest

from assistant.facts.counts import column_noun, column_period, find_counts, row_count, split_clauses
from assistant.facts.fact import classify
from assistant.facts.findings import finding_status
from assistant.facts.recognizers import heading_kinds, keyed_row
from assistant.facts.vocabulary import get_vocabulary, normalize


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Time limits, in wordings beyond "N个工作日内".
        ("抵押登记承诺时限为3个工作日。", "time_limit"),
        ("更正登记的办结期限为十个工作日。", "time_limit"),
        ("查封登记须在受理当日办结。", "time_limit"),
        ("档案查询申请不超过2个工作日答复。", "time_limit"),
        ("首次登记自受理之日起5日内办结。", "time_limit"),
        ("涉企证明限时１个工作日出具。", "time_limit"),
        ("Applications are decided no later than 20 working days after receipt.", "time_limit"),
        ("Turnaround for copy requests is 3 days.", "time_limit"),
        ("Each enquiry must be answered within five working days.", "time_limit"),
        # Headcounts.
        ("科室在编6人，实有5人。", "staffing"),
        ("本科室编制8名，现有工作人员7名，其中窗口人员4名。", "staffing"),
        ("The team has a staff of 9 (8 FTE).", "staffing"),
        ("Eleven officers work in the unit: 11 staff in all.", "staffing"),
        # Objectives.
        ("登记差错率控制在0.5%以内。", "objective"),
        ("群众满意度目标：不低于95%。", "objective"),
        ("办件按时办结率达到100%。", "objective"),
        ("Target: at least 98% of applications decided on time.", "objective"),
        # Changes.
        ("2025年7月，原档案科划入本科室。", "change"),
        ("不动产登记系统于2026年1月新上线。", "change"),
        ("两个窗口合并为综合受理窗口。", "change"),
        ("The records unit was merged into the section in March 2026.", "change"),
        ("The new booking system went live in May 2026.", "change"),
        ("自2026年3月1日起，更正登记须在3个工作日内办结。", "change"),
        # Risks the department names.
        ("材料审核容易出现漏审。", "risk"),
        ("夜间值守力量薄弱。", "risk"),
        ("A weak point is the manual hand-over of files between counters.", "risk"),
        ("Counter staff are prone to skipping the identity check at peak hours.", "risk"),
        # Grassroots links.
        ("各乡镇便民服务站代办抵押登记。", "grassroots"),
        ("街道站所负责初审并报送材料。", "grassroots"),
        ("Township stations collect applications on our behalf.", "grassroots"),
        # Governing procedures and their records.
        ("受理信息须记入《收件登记表》。", "procedure"),
        ("每日形成窗口交接台账。", "procedure"),
        ("Each refusal is entered in the refusal log.", "procedure"),
        ("窗口按《不动产登记窗口工作规程》受理。", "procedure"),
        ("Counters follow the Document Intake Procedure.", "procedure"),
        ("Title corrections go by the Procedure for Handling Title Corrections (LR-P-04).", "procedure"),
        # Work that minutes and notices assign, with a deadline.
        ("会议议定：由登记科负责，3月31日前完成历史档案清理。", "key_work"),
        ("The meeting agreed that the section clears the backlog by the end of June.", "key_work"),
        # Counted complaints, with or without a heading.
        ("受理信访事项近百件。", "complaint"),
    ],
)
def test_a_passage_is_recognised_by_what_it_says(text: str, kind: str) -> None:
    assert kind in classify(text, [])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("接待办事群众1,200人次。", "staffing"),  # 人次 counts visits, not staff
        ("在编人员须持证上岗。", "staffing"),  # staff, but no headcount
        ("首次登记自受理之日起5日内办结。", "key_work"),  # a time limit, not an assignment
        ("Applications are decided no later than 20 working days after receipt.", "procedure"),
        ("抵押登记用时超过5个工作日的有3件。", "time_limit"),  # time taken, not a limit
        ("Two files were late by 4 working days.", "time_limit"),
        ("线上办理让群众办事更容易。", "risk"),  # easier, not a risk
        ("申请材料齐全的当场受理。", "change"),
        ("全年办结率为97.6%。", "objective"),  # a result with no target
        ("2025年热线12345接通率98%。", "volume"),  # a year, a phone number, a percentage
        ("本科室负责全市不动产登记工作。", "procedure"),  # a duty, no record or procedure named
        # A finding about complaint handling is a finding, not a complaint.
        ("NC-2026-03；抽查投诉结案记录30件，3件超过十个工作日且无延期审批表。", "complaint"),
        ("NC-2025-02: 4 of 25 complaint files lacked a reply letter.", "complaint"),
    ],
)
def test_a_passage_is_not_given_a_kind_it_does_not_state(text: str, kind: str) -> None:
    assert kind not in classify(text, [])


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("存在问题", "risk"),
        ("三、存在的问题和不足", "risk"),
        ("Issues and concerns", "risk"),
        ("队伍情况", "staffing"),
        ("Our people", "staffing"),
        ("办理时效", "time_limit"),
        ("【二〇二五年办件情况】", "volume"),
        ("三、2025年受理量和办结量", "volume"),
        ("Cases handled in 2025", "volume"),
        ("The year in numbers", "volume"),
        ("1. What we do", "duty"),
        ("Remit", "duty"),
        ("Our role in the Bureau", "duty"),
    ],
)
def test_a_heading_announces_the_kind_of_its_items(heading: str, kind: str) -> None:
    assert kind in heading_kinds(heading)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("四、办理时限", "volume"),
        ("【执行程序及记录】", "volume"),
        ("数据来源与计算方法", "volume"),
        ("Key activities in 2026", "volume"),
        ("Numbering of documents", "volume"),
        ("二、办件流程", "volume"),
        ("What we do next year", "volume"),
        ("Remittances", "duty"),
    ],
)
def test_a_heading_does_not_announce_a_kind_it_does_not_name(heading: str, kind: str) -> None:
    assert kind not in heading_kinds(heading)


def test_items_under_a_problems_heading_are_risks() -> None:
    assert "risk" in classify("档案移交后无人复核。", heading_kinds("存在问题"))


@pytest.mark.parametrize(
    ("text", "number", "approx"),
    [
        ("全年受理信访件两千余件。", 2000, True),
        ("受理信访事项近百件。", 100, True),
        ("收到群众来信千余封。", 1000, True),
        ("About 2,000 applications were handled a year.", 2000, True),
        ("收文２，８６４件。", 2864, False),
    ],
)
def test_approximate_and_written_out_counts_are_read(text: str, number: int, approx: bool) -> None:
    found = find_counts(text)
    assert (found[0].number, found[0].approx) == (number, approx)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Twenty-seven tests came back positive.", [(27, "tests came back positive")]),
        ("The unit has six staff and four inspectors.", [(6, "staff"), (4, "inspectors")]),
        ("We held twenty two meetings.", [(22, "meetings")]),
        # Not counts: a frequency, "one of", a time limit, "none".
        ("Stations are visited at least once a quarter.", []),
        ("One of the stations closed.", []),
        ("Copies are ready within ten working days.", []),
        ("None of the files was late.", []),
    ],
)
def test_english_number_words_count_like_digits(text: str, expected: list[tuple[int, str]]) -> None:
    assert [(c.number, c.counted) for c in find_counts(text)] == expected


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("该项已整改待验证。", "corrected_unverified"),
        ("整改完成，有效性尚未验证。", "corrected_unverified"),
        ("目前仍未关闭。", "open"),
        ("持续整改中。", "open"),
        ("Status: open.", "open"),
        ("Status: closed.", "closed"),
        ("The action was verified effective.", "closed"),
        ("经复查验证有效，予以关闭。", "closed"),
        ("Corrective action completed; verification pending.", "corrected_unverified"),
    ],
)
def test_finding_status_in_varied_forms(text: str, status: str) -> None:
    assert finding_status(text) == status


@pytest.mark.parametrize(
    ("cells", "header", "count"),
    [
        (("抵押登记", "3个工作日", "1,450件"), ("事项名称", "承诺时限", "2025年办结量"), (1450, "抵押登记")),
        (("查封登记", "当日", "约300件"), ("业务类别", "办理时效", "受理量"), (300, "查封登记")),
        (
            ("Certified copies", "2 days", "310"),
            ("Service", "Turnaround", "Handled in 2025"),
            (310, "Certified copies"),
        ),
        # No column holding a count: a quality target is not a caseload.
        (("抵押登记", "3个工作日", "99%"), ("事项名称", "承诺时限", "质量目标"), None),
    ],
)
def test_a_service_row_states_its_own_caseload(
    cells: tuple[str, ...], header: tuple[str, ...], count: tuple[int, str] | None
) -> None:
    found = row_count(cells, header)
    assert ((found.number, found.counted) if found else None) == count


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        # A total and its parts are one statement; semicolons and full stops still cut.
        ("督办事项42项，按期办结40项，另有2项延期；收文1,932件。", 2),
        ("全年受理各类登记2,600余件，其中抵押登记约1,450件。", 1),
        ("We logged 1,900 requests; 24 meetings were held.", 2),
    ],
)
def test_counts_are_shown_with_their_whole_statement(text: str, clauses: int) -> None:
    assert len(split_clauses(text)) == clauses


@pytest.mark.parametrize(
    ("row", "trouble"),
    [
        ("序号：TS-2026-011；投诉事项摘要：景区排队过长；办理工作日：14；是否超时：是", True),
        ("序号：TS-2026-004；投诉事项摘要：演出临时取消；办理工作日：5；是否超时：否", False),
        ("编号：XF-07；事项：噪声扰民；是否超期：是", True),
        ("编号：XF-08；事项：噪声扰民；状态：办理中", True),
        ("编号：XF-09；事项：噪声扰民；状态：已办结，未超时", False),
        ("Case C-12; noise complaint; closed in 14 working days, over the time limit", True),
        ("Case C-13; noise complaint; Late: yes", True),
        ("Case C-14; noise complaint; Late: no; closed on time", False),
    ],
)
def test_a_complaint_overdue_or_still_open_is_recognised(row: str, trouble: bool) -> None:
    assert bool(get_vocabulary().pattern("complaint_trouble").search(normalize(row))) is trouble


@pytest.mark.parametrize(
    ("row", "count"),
    [
        # Period columns: the latest period's count is the row's, whatever the form of the period.
        ("事项: 依申请公开; 2024年: 9件; 2025年1—10月: 7件。", (7, "依申请公开")),
        ("Item: Licences issued; Jan-Oct 2025: 1,204; 2024: 1,390", (1204, "Licences issued")),
        ("类别: 信访件; 2025年度: 两千余件; 2024年度: 1,870件", (2000, "信访件")),
        ("项目: 纠纷调解申请; 2025年: 八十六件; 说明: 移交仲裁15件。", (86, "纠纷调解申请")),
        # A unit in the header's brackets; the count beside a time limit.
        ("许可事项: 农药经营许可; 承诺时限: 十个工作日; 2025年办件量（件）: 412。", (412, "农药经营许可")),
        # A department's or the total's row counts what the number column's header names.
        ("承办部门: 综合科; 2025年投诉件数: 612; 超时件数: 22", (612, "投诉")),
        ("Channel: Total; Complaints 2025: 612; Share: 100%.", (612, "Complaints")),
        # A row of one channel, with no column naming what is counted: no population.
        ("Channel: 12301 online platform; Complaints 2025: 388; Share: 63.4%.", None),
        # Rates, targets, dates and durations under a year are not counts.
        ("指标: 按期办结率; 2025年目标值: 95%; 2025年实际: 96.2%", None),
        ("事项: 收文; 2025年登记日期: 3月4日; 承办部门: 办公室", None),
        ("事项: 行政许可; 2025年承诺时限: 10个工作日", None),
    ],
)
def test_a_table_row_counts_its_latest_period_or_its_named_column(
    row: str, count: tuple[int, str] | None
) -> None:
    parsed = keyed_row(row)
    assert parsed is not None
    found = row_count(parsed[1], parsed[0])
    assert ((found.number, found.counted) if found else None) == count


@pytest.mark.parametrize(
    ("header", "period", "noun"),
    [
        ("2025年1—10月", (2025, 10), ""),
        ("2024年", (2024, 12), ""),
        ("Jan-Sep 2025", (2025, 9), ""),
        ("2025年投诉件数", (2025, 12), "投诉"),
        ("Complaints 2025", (2025, 12), "Complaints"),
        ("办件量（件）", None, "办件"),
        ("承诺时限", None, "承诺时限"),
    ],
)
def test_a_column_header_names_its_period_and_noun(
    header: str, period: tuple[int, int] | None, noun: str
) -> None:
    assert column_period(header) == period
    assert column_noun(header) == noun


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A day before a month's name is a date, in every spelling of the month.
        ("Due: 30 Apr 2026", []),
        ("by 15 March 2026 the office reports", []),
        ("Closed on 9 Sept; 2 May reviews were held", []),
        ("on 3 June we held 4 meetings", [(4, "meetings")]),
        # Words that merely start like a month are nouns.
        ("12 Octopus cards were issued", [(12, "Octopus cards")]),
        ("We logged 1,900 requests", [(1900, "requests")]),
    ],
)
def test_an_english_date_is_not_a_count(text: str, found: list[tuple[int, str]]) -> None:
    assert [(c.number, c.counted) for c in find_counts(text)] == found


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # A list item names what it counts before the colon.
        (
            "- Providers under agreement at year end: 187 (23 clinics).",
            (187, "Providers under agreement at year end"),
        ),
        ("Alerts reviewed: 1,905; confirmed as violations: 311.", (1905, "Alerts reviewed")),
        ("Number of cases: 57", (57, "Number of cases")),
        # A number that names something, a rate, a year, a date: no count.
        ("Phone: 8062 4410", None),
        ("Extension: 8062", None),
        ("Coverage: 33.2% against a target of 30%.", None),
        ("Updated: 2025", None),
        ("Due: 30 Apr 2026", None),
    ],
)
def test_an_english_label_before_its_figure_names_the_count(
    text: str, first: tuple[int, str] | None
) -> None:
    found = find_counts(text)
    assert ((found[0].number, found[0].counted) if found else None) == first
