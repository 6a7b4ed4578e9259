"""Table tests of the facts vocabulary: forms each rule must and must not match, in both
languages, including forms the rules were not written for; and the loader's errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.facts.counts import find_counts, row_count
from assistant.facts.fact import classify
from assistant.facts.findings import finding_status, merge_status
from assistant.facts.procedures import procedure_label, record_names
from assistant.facts.recognizers import is_repeat, is_time_limit, is_volume, numeric_expressions, split_units
from assistant.facts.vocabulary import FILES, VOCABULARY_DIR, VocabularyError, load_vocabulary
from assistant.retrieval.hybrid import Hit


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("纠正措施已完成，有效性未验证。", "corrected_unverified"),
        ("已整改但尚未验证。", "corrected_unverified"),
        ("整改完成，有效性待验证。", "corrected_unverified"),
        (
            "纠正措施已经实施，但质量管理办公室尚未进行有效性验证，该项仍处于未关闭状态。",
            "corrected_unverified",
        ),
        ("已完成整改。", "corrected_unverified"),
        ("Corrected; effectiveness not yet verified.", "corrected_unverified"),
        ("The corrective action was completed and awaits verification.", "corrected_unverified"),
        ("经办公室验证有效，已关闭。", "closed"),
        ("两份合同已补备案，已关闭并验证。", "closed"),
        ("复查抽取10项，均有反馈材料，该观察项已关闭。", "closed"),
        ("The action was verified effective and the finding closed.", "closed"),
        ("措施正在实施，尚未关闭。", "open"),
        ("尚未关闭。", "open"),
        ("仍未关闭。", "open"),
        ("待跟踪。", "open"),
        ("已整改，待跟踪。", "corrected_unverified"),
        ("已整改并经验证有效，已关闭。", "closed"),
        ("整改措施已落实，尚未关闭。", "corrected_unverified"),
        ("The nonconformity remains open.", "open"),
        ("No corrective action has been taken yet.", "open"),
        ("抽查30份档案，2份超时。", "unknown"),
        ("Of 30 files sampled, 2 were late.", "unknown"),
    ],
)
def test_finding_status_reads_the_wording(text: str, status: str) -> None:
    assert finding_status(text) == status


@pytest.mark.parametrize(
    ("not_text", "status"),
    [
        ("已验证", "corrected_unverified"),
        ("未验证", "closed"),
        ("verified effective", "corrected_unverified"),
    ],
)
def test_verified_and_unverified_are_not_confused(not_text: str, status: str) -> None:
    assert finding_status(not_text) != status


def test_merged_status_is_the_least_advanced() -> None:
    assert merge_status(["closed", "corrected_unverified", "unknown"]) == "corrected_unverified"
    assert merge_status(["unknown"]) == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "与2024年同类问题重复发生",
        "该问题再次出现",
        "属上年同类问题",
        "This is a repeat of NC-2024-02.",
        "The problem recurred.",
    ],
)
def test_repeat_is_read_when_the_records_say_so(text: str) -> None:
    assert is_repeat(text)


@pytest.mark.parametrize(
    "text",
    [
        "批示件如果转办后无人跟踪，NC-2025-03的问题可能再次出现。",
        "NC-2025-02",
        "防止问题再次发生",
        "It could recur.",
    ],
)
def test_a_possible_recurrence_or_an_id_is_not_a_repeat(text: str) -> None:
    assert not is_repeat(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年召开局务会24次，研究议题186项。", [(24, "局务会", False), (186, "研究议题", False)]),
        (
            "2025年受理申请约5,400件，其中线上办理860件。",
            [(5400, "受理申请", False), (860, "线上办理", True)],
        ),
        ("登记办理局领导批示件１８６件。", [(186, "局领导批示件", False)]),
        ("全年受理投诉两千余件。", [(2000, "受理投诉", False)]),
        ("经12345热线转办的涉及本股的投诉共37件。", [(37, "投诉", False)]),
        ("2025年全年，综合股登记收文2,864件。", [(2864, "收文", False)]),
        (
            "In 2025 the office logged 186 leaders' written instructions.",
            [(186, "leaders' written instructions", False)],
        ),
        (
            "It handled 24 meetings and 186 agenda items.",
            [(24, "meetings", False), (186, "agenda items", False)],
        ),
    ],
)
def test_counts_carry_their_own_noun(text: str, expected: list[tuple[int, str, bool]]) -> None:
    assert [(c.number, c.counted, c.part) for c in find_counts(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025年全年工作总结。",
        "FY2025 report.",
        "按时率达到95%。",
        "按时率达到９５％。",
        "开具NC-2025-03。",
        "拨打12345热线。",
        "在10个工作日内办结。",
        "会议于2025年11月17日召开。",
        "Within 15 working days of receipt.",
        "Call 12345 for help.",
    ],
)
def test_years_dates_percentages_ids_phones_and_limits_are_not_counts(text: str) -> None:
    assert find_counts(text) == []


def test_an_approximate_count_is_flagged() -> None:
    (count,) = find_counts("约1,350件信访件")
    assert (count.number, count.approx) == (1350, True)


def test_a_table_row_counts_what_its_type_column_names() -> None:
    count = row_count(("信访办", "信访件（来信420、来访310）", "约1,350件"), ("部门", "类型", "数量"))
    assert count is not None and (count.number, count.counted, count.approx) == (1350, "信访件", True)
    assert row_count(("信访办", "1,350"), ("部门", "说明")) is None


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # A count written in words in the number column, as a sentence would write it.
        (("12345转办件", "四百余件", "多数转其他科室办理"), (400, "12345转办件", True)),
        (("送戏下乡", "一百三十四场", "全部完成"), (134, "送戏下乡", False)),
        (("收文", "1,246件", "纸质318件"), (1246, "收文", False)),
        # No count in the number column: none.
        (("发文", "未统计", "—"), None),
    ],
)
def test_a_table_row_reads_its_count_in_digits_or_words(
    cells: tuple[str, str, str], expected: tuple[int, str, bool] | None
) -> None:
    count = row_count(cells, ("项目", "2025年数量", "构成"))
    assert (None if count is None else (count.number, count.counted, count.approx)) == expected


def test_full_width_forms_are_read_after_nfkc() -> None:
    assert "不低于95%" in numeric_expressions("满意率不低于９５％")
    assert is_time_limit("在１０个工作日内办结")
    assert is_volume("２０２５年受理申请１，２００件", False)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "建立《纠正措施跟踪台账》，填写《文件发放回收登记表》。",
            ["纠正措施跟踪台账", "文件发放回收登记表"],
        ),
        ("形成收文处理单和催办记录。", ["收文处理单", "催办记录"]),
        ("Attendance goes on form LJSJ/JL-CX05-03 and the issue log.", ["form LJSJ/JL-CX05-03", "issue log"]),
    ],
)
def test_record_names_are_found(text: str, names: list[str]) -> None:
    assert all(any(n in found for found in record_names(text)) for n in names), record_names(text)


@pytest.mark.parametrize(
    "text", ["两者必须分别记录。", "抽取措施实施后新产生的记录。", "The team must write the checklist."]
)
def test_clauses_ending_in_a_record_word_are_not_record_names(text: str) -> None:
    assert record_names(text) == []


def test_a_column_label_before_the_records_is_no_record() -> None:
    # "主要记录：" labels the list in a table; the records are the titles after it.
    assert record_names("程序文件：公文处理程序；主要记录：《收文登记簿》《发文稿纸》") == ["收文登记簿"]


def _hit(doc_type: str, title: str) -> Hit:
    return Hit("c1", "d1", title, "d1.md", "办公室", doc_type, "zh", "", "", 0.0)


@pytest.mark.parametrize(
    ("text", "doc_type", "title", "label"),
    [
        # The title a passage names, in either language, under any document.
        ("收文按《公文处理办法》办理，形成收文处理单。", "department", "办公室职责", "公文处理办法"),
        ("依照《窗口受理工作规程》（QP-07）受理。", "record", "年度报告", "窗口受理工作规程"),
        (
            "Permits follow the Counter Service Rules and go in the issue log.",
            "department",
            "Duties",
            "Counter Service Rules",
        ),
        (
            "Complaints go through the Procedure for Complaint Handling.",
            "department",
            "Remit",
            "Procedure for Complaint Handling",
        ),
        (
            "Staff follow the Document Control Procedure (QP-02).",
            "department",
            "Remit",
            "Document Control Procedure",
        ),
        # A procedure named by its code, as registers of controlled documents write it.
        (
            "Procedure VSO-P-02 Visitor Complaint Handling.",
            "department",
            "Remit",
            "Procedure VSO-P-02 Visitor Complaint Handling",
        ),
        (
            "We follow Procedure QP-07 Document Control for all forms.",
            "department",
            "Remit",
            "Procedure QP-07 Document Control",
        ),
        ("Procedure 2 of the manual applies.", "department", "Remit", ""),
        # A system document's own title governs a passage that names none.
        ("形成纠正措施跟踪台账。", "system", "纠正措施控制程序", "纠正措施控制程序"),
        # A department document's heading or title is not a procedure.
        ("形成签到表、会议记录和纪要印发登记。", "department", "工作流程与记录", ""),
        ("文秘岗负责收文登记和批示件台账。", "department", "办公室职责与工作要点", ""),
        # A record's title in 《》 is a record, not the procedure.
        ("体系归口：《受控文件清单》和《文件发放回收登记表》。", "department", "年度工作量", ""),
        ("Requests are logged in the request register.", "department", "What we do", ""),
    ],
)
def test_a_procedure_label_is_a_procedure_title_never_a_heading(
    text: str, doc_type: str, title: str, label: str
) -> None:
    assert procedure_label(text, _hit(doc_type, title)) == label


def _copy_vocabulary(tmp_path: Path) -> Path:
    for name in FILES:
        (tmp_path / name).write_text((VOCABULARY_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_the_installed_vocabulary_loads() -> None:
    assert load_vocabulary().pattern("status_closed").search("已关闭")


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        ("stauts_closed: [已关闭]\n", r"facts\.zh\.yaml.*unknown key 'stauts_closed'"),
        ("repeat_hedge: []\n", r"facts\.zh\.yaml.*'repeat_hedge'.*non-empty list"),
        ("repeat_hedge: ['(未闭合']\n", r"facts\.zh\.yaml.*'repeat_hedge'.*does not compile"),
        ("repeat_hedge: [12345]\n", r"facts\.zh\.yaml.*'repeat_hedge'.*non-empty list"),
    ],
)
def test_a_malformed_vocabulary_names_the_file_and_key(tmp_path: Path, addition: str, message: str) -> None:
    directory = _copy_vocabulary(tmp_path)
    path = directory / "facts.zh.yaml"
    path.write_text(path.read_text(encoding="utf-8") + addition, encoding="utf-8")
    with pytest.raises(VocabularyError, match=message):
        load_vocabulary(directory)


def test_a_missing_vocabulary_file_is_named(tmp_path: Path) -> None:
    directory = _copy_vocabulary(tmp_path)
    (directory / "facts.en.yaml").unlink()
    with pytest.raises(VocabularyError, match=r"facts\.en\.yaml is missing"):
        load_vocabulary(directory)


@pytest.mark.parametrize(
    "chunk",
    [
        "| 事项 | 件数 | 金额 |",  # a header whose separator fell into the next chunk
        "| Item | Cases | Amount |",
        "| 事项 | 件数 |\n|---|---|",
    ],
)
def test_a_table_header_alone_is_no_unit(chunk: str) -> None:
    assert split_units(chunk, fine=True) == []


def test_table_rows_are_units_of_their_own_with_their_header() -> None:
    units = split_units(
        "说明文字一句。另一句话在此。\n| 部门 | 数量 |\n|---|---|\n| 信访办 | 23件 |\n| 宣传科 | 11次 |", True
    )
    assert [u.display for u in units] == [
        "说明文字一句。",
        "另一句话在此。",
        "部门：信访办；数量：23件",
        "部门：宣传科；数量：11次",
    ]
    assert units[2].header == ("部门", "数量") and units[2].row


def test_units_never_join_two_sentences() -> None:
    units = split_units("全年受理1,200件。其中线上办理860件；窗口办理340件。", fine=True)
    assert [u.quote for u in units] == ["全年受理1,200件。", "其中线上办理860件；", "窗口办理340件。"]
    assert [u.quote for u in split_units("A first one. A second one.", fine=False)] == [
        "A first one.",
        "A second one.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "抽查30份档案，2份超过10个工作日，开具NC-2025-01。",
        "Of 30 files sampled in 2025, 2 were late (NC-2025-01).",
    ],
)
def test_a_finding_is_never_filed_as_a_yearly_volume(text: str) -> None:
    assert "volume" not in classify(text, ["volume"])


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("主任王海燕主持全面工作，审核以局名义的重要发文。", ("主任", "王海燕")),
        ("科长钱玉梅负责预算编制审核。", ("科长", "钱玉梅")),
        ("Section Chief Lin Xiaolan runs the section.", ("Section Chief", "Lin Xiaolan")),
        ("副主任陈斌分管文秘。", None),  # a deputy is not the head
        # A sentence that is the title and the name alone.
        ("科长罗振川。科室在编4人，其中持行政执法证3人。", ("科长", "罗振川")),
        ("科室在编4人。股长李明。", ("股长", "李明")),
        ("报科长签字。", None),  # a verb after the title, not a name
        ("材料经科长审核。", None),
        ("Deputy Director Chen Bin oversees secretarial work.", None),
    ],
)
def test_department_head_vocabulary(text: str, head: tuple[str, str] | None) -> None:
    from assistant.facts.vocabulary import get_vocabulary, normalize

    match = next(
        (m for m in (p.search(normalize(text)) for p in get_vocabulary().each("department_head")) if m), None
    )
    assert (match["title"], match["name"]) == head if head else match is None


@pytest.mark.parametrize(
    ("text", "leader"),
    [
        ("分管领导为副局长周明远。", "周明远"),
        ("分管局领导：局长陈立群，", "陈立群"),
        ("The leader in charge is Deputy Director Zhou Mingyuan.", "Deputy Director Zhou Mingyuan"),
        ("领导批示件186件。", None),
    ],
)
def test_leader_in_charge_vocabulary(text: str, leader: str | None) -> None:
    from assistant.facts.vocabulary import get_vocabulary, normalize

    match = next(
        (m for m in (p.search(normalize(text)) for p in get_vocabulary().each("leader_in_charge")) if m), None
    )
    assert (match["name"] if match else None) == leader


@pytest.mark.parametrize(
    ("text", "finding_id", "repeated"),
    [
        ("NC-2025-07与2024年的NC-2024-05属于重复发生的同类问题。", "NC-2025-07", True),
        ("2025-NC-07 repeats an earlier finding from 2024.", "2025-NC-07", True),
        ("批示件如果转办后无人跟踪，NC-2025-03的问题可能再次出现。", "NC-2025-03", False),  # a risk
        ("NC-2025-03: records showing the problem has not recurred", "NC-2025-03", False),  # a check
        ("NC-2025-03整改后同类问题未再发生。", "NC-2025-03", False),
    ],
)
def test_a_finding_is_repeated_only_when_its_passage_says_so_plainly(
    text: str, finding_id: str, repeated: bool
) -> None:
    # The one rule for repeats (the planner trusts Fact.repeated; it keeps no copy of its own).
    from assistant.facts.findings import finding_repeated

    assert finding_repeated(text, finding_id) is repeated


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("本科分管领导为副局长王建国。", "王建国"),
        ("分管局领导是李明。", "李明"),
        ("分管领导：周岚。", "周岚"),
        ("分管领导副局长陈立新。", "陈立新"),
        ("信息公开前须经政务公开工作分管领导同意。", None),  # a verb, not a name
        ("重大事项报分管领导审批。", None),
    ],
)
def test_the_leader_in_charge_is_a_name_after_a_copula_or_a_title(text: str, name: str | None) -> None:
    from assistant.facts.profile import _LEADERS
    from assistant.facts.vocabulary import normalize

    found = next((m["name"] for pattern in _LEADERS if (m := pattern.search(normalize(text)))), None)
    assert found == name


@pytest.mark.parametrize(
    ("text", "grassroots"),
    [
        ("各分局负责辖区内环境投诉的现场核查和处理。", True),
        ("由所属单位按月报送进展。", True),
        ("乡镇便民服务中心代收材料。", True),
        ("The district branches check each complaint on site.", True),
        ("Township stations collect the forms on our behalf.", True),
        ("办公室负责公文处理和档案管理。", False),
        ("The section keeps the accounts.", False),
    ],
)
def test_grassroots_links_in_forms_agencies_use(text: str, grassroots: bool) -> None:
    from assistant.facts.recognizers import GRASSROOTS

    assert bool(GRASSROOTS.search(text)) is grassroots
