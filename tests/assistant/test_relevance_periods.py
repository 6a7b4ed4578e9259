"""The relevance rule's period checks: a question about a quarter or a month the documents do not
record, while they record others, is a near miss ("third quarter" asked, "第四季度" written;
"October 2025" asked, "2025年1—9月" written)."""

from __future__ import annotations

import pytest

from assistant.answer.relevance import (
    missing_month,
    missing_quarter,
    months_asked,
    months_written,
    quarters_named,
    year_without_answer,
)
from assistant.retrieval.hybrid import Hit


def _hit(text: str) -> Hit:
    return Hit(
        chunk_id="c", doc_id="d", title="报告", source="r.md", department="", doc_type="report",
        language="zh", heading_path="", text=text, score=0.9,
    )


@pytest.mark.parametrize(
    ("text", "quarters"),
    [
        ("2025年第四季度有3个站未按期报送", {4}),
        ("三季度的投诉量", {3}),
        ("1季度和第2季度", {1, 2}),
        ("How many in the third quarter of 2025?", {3}),
        ("3rd-quarter figures", {3}),
        ("Q2 and q4 returns", {2, 4}),
        ("First quarter: 12 complaints.", {1}),
        # Forms that name no particular quarter.
        ("每季度末10日内报送", set()),
        ("每一季度抽查一次", set()),
        ("Forms are due each quarter; reports are quarterly.", set()),
        ("Question Q45 and Q12", set()),
        ("四季度", {4}),
        ("a quarter of the files", set()),
    ],
)
def test_quarters_named(text: str, quarters: set[int]) -> None:
    assert quarters_named(text) == quarters


@pytest.mark.parametrize(
    ("question", "passages", "missing"),
    [
        # The documents record the fourth quarter, the question asks about the third.
        ("How many stations missed the deadline in the third quarter of 2025?",
         ["2025年第四季度有3个乡镇文化站未按期报送评价表。"], 3),
        ("第三季度有几个站逾期？", ["Q4 2025: three stations were late."], 3),
        # The quarter asked is written (in the other language, or among others).
        ("第四季度有几个站逾期？", ["In the fourth quarter of 2025 three stations were late."], None),
        ("How many in Q3?", ["一季度2个，三季度5个。"], None),
        # Passages that name no quarter leave the question to the other rules.
        ("How many stations were late in the third quarter?", ["每季度结束后10日内报送评价表。"], None),
        # A question that names no quarter is not checked.
        ("How many stations were late in 2025?", ["2025年第四季度有3个站逾期。"], None),
    ],
)
def test_missing_quarter(question: str, passages: list[str], missing: int | None) -> None:
    assert missing_quarter(question, [_hit(p) for p in passages]) == missing


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("How many complaints did the section receive in October 2025?", {(2025, 10)}),
        ("2025年10月受理投诉多少件？", {(2025, 10)}),
        ("２０２５年１０月受理多少件？", {(2025, 10)}),
        ("2026年三月起用哪个系统？", {(2026, 3)}),
        ("What was filed in Sept. 2025 and in March of 2026?", {(2025, 9), (2026, 3)}),
        # A range, a month without its year, a recurring day, or a "since" period ask no month.
        ("2025年1—9月共受理多少件？", set()),
        ("2025年3月以来有什么变化？", set()),
        ("What is due by the 5th of each month?", set()),
        ("每月5日前报送什么？", set()),
        ("How many were late in October?", set()),
        ("What may the office refuse in 2025?", set()),
    ],
)
def test_months_asked(question: str, asked: set[tuple[int, int]]) -> None:
    assert months_asked(question) == asked


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("2025年1—9月，共受理投诉70件", set(range(1, 10))),
        ("1月至3月、11月", {1, 2, 3, 11}),
        ("1-6月", set(range(1, 7))),
        ("Disbursements, Jan-Aug 2025: 146", set(range(1, 9))),
        ("January to September 2025", set(range(1, 10))),
        ("received on 2025-10-08 and 2025/11/02", {10, 11}),
        ("十二月份", {12}),
        ("第四季度", {10, 11, 12}),
        ("上半年完成", set(range(1, 7))),
        ("in the second half of the year", set(range(7, 13))),
        # Durations and recurring periods write no month.
        ("三个月内办结，12个月滚动", set()),
        ("每月5日前报送月报", set()),
        ("within 3 months of receipt", set()),
    ],
)
def test_months_written(text: str, months: set[int]) -> None:
    assert months_written(text) == months


@pytest.mark.parametrize(
    ("question", "passages", "missing"),
    [
        # The ledger runs to September; October is asked.
        ("How many complaints did the office receive in October 2025?",
         ["2025年1—9月，局各部门共受理投诉举报70件。"], "2025-10"),
        ("2025年12月有几件逾期？", ["Overdue items, January to November 2025: 4."], "2025-12"),
        # The month asked is written: alone, in a range, in a date or in its quarter.
        ("How many complaints in October 2025?", ["2025年1—10月受理82件。"], None),
        ("2025年10月受理多少件？", ["Received on 2025-10-08: 3 complaints."], None),
        ("What happened in November 2025?", ["四季度完成了平台切换。"], None),
        # Passages writing no month at all leave the question to the other rules.
        ("How many complaints in October 2025?", ["2025年共受理投诉举报96件。"], None),
    ],
)
def test_missing_month(question: str, passages: list[str], missing: str | None) -> None:
    assert missing_month(question, [_hit(p) for p in passages]) == missing


def _titled(text: str, title: str, language: str = "zh") -> Hit:
    return Hit(
        chunk_id="c", doc_id="d", title=title, source="r.md", department="", doc_type="report",
        language=language, heading_path=title, text=text, score=0.9,
    )


@pytest.mark.parametrize(
    ("question", "passages", "refused"),
    [
        # The check reads passages, not sentences: one naming the year and holding a count is
        # enough, even when the count is another year's (the writer and the verifier judge it).
        ("How many samples did the office handle in 2024?",
         [_titled("The office has tested samples since 2024. In 2025 it handled 1,204 samples.",
                  "Testing", "en")], None),
        # The year is mentioned, but not in a passage with the figure asked for.
        ("How many samples did the office handle in 2024?",
         [_titled("The rule took effect in 2024.", "Rules", "en"),
          _titled("In 2025 it handled 1,204 samples.", "Work in 2025", "en")], "2024"),
        ("2024年检查了多少份报告？", [_titled("2024年起实行新的检查办法。", "检查办法"),
                                    _titled("2025年共检查报告312份。", "2025年工作概况")], "2024"),
        ("What was the budget for 2025?",
         [_titled("2025年共受理投诉96件，办结率98%。", "2025年工作概况")], "2025"),
        # The figure sits under a heading or title that names the year.
        ("2025年共受理投诉多少件？", [_titled("共受理投诉96件。", "2025年工作概况")], None),
        ("How many complaints were received in 2025?",
         [_titled("共受理投诉96件。", "2025年工作概况")], None),  # a count across languages
        ("2025年办结率是多少？", [_titled("Complaints closed on time in 2025: 98%.", "Results", "en")], None),
        # A target is also written without its comparator: not read by this check.
        ("What is the section's objective and the 2025 result?",
         [_titled("案卷评查合格率目标值95%。", "质量目标")], None),
        # No year, or no particular kind asked: not this check's question.
        ("共受理投诉多少件？", [_titled("2025年共受理投诉96件。", "概况")], None),
        ("What changed in 2025?", [_titled("The platform moved in 2024.", "Changes", "en")], None),
    ],
)
def test_year_without_answer(question: str, passages: list[Hit], refused: str | None) -> None:
    assert year_without_answer(question, passages) == refused
