"""The relevance rule's quarter check: a question about a quarter the documents do not record,
while they record others, is a near miss ("third quarter" asked, "第四季度" written)."""

from __future__ import annotations

import pytest

from assistant.answer.relevance import missing_quarter, quarters_named
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
