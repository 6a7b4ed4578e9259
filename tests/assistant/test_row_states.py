"""Items in a state, read from the words of a sentence and from the cells of a table row: the
longer wording wins where two overlap, a status column is read like a sentence, and a yes/no
column whose header names a state is read by its answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.facts.recognizers import row_state
from assistant.retrieval.states import cell_state, load_cell_words, sentence_state


@pytest.mark.parametrize(
    ("sentence", "states", "state"),
    [
        ("NC-1 was not closed by year end.", ("closed",), False),
        ("NC-1 was closed in March.", ("closed",), True),
        ("NC-1 was not closed by year end.", ("open",), True),
        ("NC-4 已关闭（2026年5月20日现场验证）。", ("closed",), True),
        ("NC-3 未关闭。", ("closed",), False),
        ("NC-2的纠正措施尚未验证。", ("unverified",), True),
        ("The archive room is on the third floor.", ("closed",), None),
    ],
)
def test_the_longer_wording_wins(sentence: str, states: tuple[str, ...], state: bool | None) -> None:
    assert sentence_state(sentence, states) is state


@pytest.mark.parametrize(
    ("label", "value", "states", "state"),
    [
        ("是否超期", "否", ("late",), False),
        ("是否超期", "是", ("late",), True),
        ("Overdue?", "Yes", ("late",), True),
        ("Overdue", "no", ("late",), False),
        ("是否按时办结", "是", ("late",), False),  # the header names the opposite state
        ("是否按时办结", "否", ("late",), True),
        ("状态", "已整改，待验证", ("open",), True),
        ("Status", "Closed (verified 30 April)", ("closed",), True),
        ("Status", "Not closed", ("closed",), False),
        # Cells that say nothing of the state asked.
        ("办理时限", "5个工作日", ("late",), None),
        ("是否现场办理", "是", ("late",), None),
        ("是否超期", "待定", ("late",), None),
    ],
)
def test_cell_state(label: str, value: str, states: tuple[str, ...], state: bool | None) -> None:
    assert cell_state(label, value, states) is state


@pytest.mark.parametrize(
    ("row", "states", "state"),
    [
        # A ledger row: the yes/no column decides, though "超期" is written in it.
        ("编号: TS2026-007; 办理时限: 5个工作日; 是否超期: 否; 回访满意度: 满意", ("late",), False),
        ("编号: TS2026-008; 办理时限: 5个工作日; 是否超期: 是; 回访满意度: 不满意", ("late",), True),
        # The description says "尚未" of something else; the status column says closed.
        ("编号: NC-5; 不符合事实: 告知单尚未更新; 状态: 已关闭（4月30日验证）", ("open",), False),
        ("编号: NC-2; 不符合事实: 延期无审批单; 状态: 重复发生，整改中", ("open",), True),
        # A row without a state column, and plain text: read by their words.
        ("项目: 村级代理记账; 2025年: 128个; 说明: 尚未全覆盖", ("open",), True),
        ("NC-2026-03 remains open.", ("open",), True),
        # A total counts items in the state; it is not one of them.
        ("承办部门: 合计; 2025年投诉件数: 689; 超时件数: 24", ("late",), None),
        ("Section: Licensing; Cases: 146; Overdue cases: 3", ("late",), None),
    ],
)
def test_row_state(row: str, states: tuple[str, ...], state: bool | None) -> None:
    assert row_state(row, states) is state


def test_a_malformed_cells_file_names_the_list(tmp_path: Path) -> None:
    bad = tmp_path / "state_cells.yaml"
    bad.write_text("status_labels: [状态]\nyes: []\nno: [否]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"state_cells\.yaml: `yes`"):
        load_cell_words(bad)


@pytest.mark.parametrize(
    ("row", "missed"),
    [
        ("Objective: Queries resolved in two days; Target: at least 95%; Jan–Oct 2025: 93%.", True),
        ("Objective: On-time submission rate; Target: at least 98%; Jan–Oct 2025: 98.4%.", False),
        ("质量目标: 投诉按时办结率; 目标值: ≥95%; 完成值: 96%。", False),
        ("质量目标: 投诉按时办结率; 目标值: ≥95%; 完成值: 91.2%。", True),
        ("指标: 差错率; 目标值: ≤0.5%; 2025年完成值: 0.8%。", True),  # a ceiling exceeded
        ("指标: 差错率; 目标值: 不超过0.5%; 2025年完成值: 0.3%。", False),
        ("Item: Complaints; Volume: 40; Share: 12%.", None),  # no target
        ("质量目标: 按时办结率不低于98%; 责任部门: 办公室。", None),  # no result
    ],
)
def test_a_row_misses_its_target_by_its_figures(row: str, missed: bool | None) -> None:
    assert row_state(row, ("missed",)) is missed


def test_a_question_about_targets_not_met_asks_for_missed_rows() -> None:
    from assistant.retrieval.states import question_states

    assert question_states("Which of the unit's targets was not met in 2025?") == ("missed",)
    assert "missed" in question_states("哪些质量目标未达到？")


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("低保审核确认按时办结率95%，未达到98%的目标。", True),
        ("质量目标: 按时办结率; 目标值: ≥95%; 完成值: 93%。", True),
        ("质量目标: 按时办结率; 目标值: ≥95%; 完成值: 96%。", False),
        ("Target: at most 2%; 2025 result: 1.4%.", False),
        ("The rate fell short of the 95% target.", True),
        ("按时办结率不低于95%。", False),
    ],
)
def test_an_objective_falls_short_in_words_or_by_its_figures(text: str, short: bool) -> None:
    from assistant.facts.recognizers import falls_short

    assert falls_short(text) is short
