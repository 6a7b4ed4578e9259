"""The one department resolver: names and aliases match, similar names never swap silently."""

from __future__ import annotations

import pytest

from assistant.errors import UnknownDepartmentError
from assistant.retrieval.departments import DepartmentInfo, resolve_department

INDEX = (
    DepartmentInfo("行政审批科", ("Administrative Licensing Section",), 2, 10, ("en", "zh")),
    DepartmentInfo("财务科", ("Finance Section",), 1, 6, ("zh",)),
    DepartmentInfo("信访办", ("Letters and Visits Office", "信访办公室"), 2, 8, ("en", "zh")),
    DepartmentInfo("办公室", ("General Office",), 2, 9, ("zh",)),
)


@pytest.mark.parametrize(
    ("asked", "resolved"),
    [
        ("行政审批科", "行政审批科"),
        ("administrative licensing section", "行政审批科"),  # case and spaces ignored
        ("临江市市场监督管理局行政审批科", "行政审批科"),  # agency prefix
        ("审批科", "行政审批科"),  # a unique shortened name
        ("信访办公室", "信访办"),  # an alias that contains another department's name
        ("办公室", "办公室"),  # a name wins over an alias that contains it
        ("Finance Section", "财务科"),
    ],
)
def test_names_aliases_and_prefixes_resolve(asked: str, resolved: str) -> None:
    assert resolve_department(asked, INDEX) == resolved


@pytest.mark.parametrize(
    ("asked", "suggested"),
    [
        ("行政审批股", "行政审批科"),  # similar, but possibly another agency's unit
        ("Finance and Asset Section", "财务科"),
        ("社会保险科", None),
        ("科", None),  # contained in several names: ambiguous, not the first one
    ],
)
def test_unknown_or_similar_names_are_errors_naming_candidates(asked: str, suggested: str | None) -> None:
    with pytest.raises(UnknownDepartmentError) as raised:
        resolve_department(asked, INDEX)
    message = str(raised.value)
    assert repr(asked) in message and "Departments: 行政审批科" in message
    hint = message.split("Departments:")[0]
    if suggested:
        assert f"Did you mean one of: {suggested}" in hint
    else:
        assert "Did you mean" not in hint or asked == "科"


def test_an_empty_index_says_what_to_do() -> None:
    with pytest.raises(UnknownDepartmentError, match="ingest department documents first"):
        resolve_department("办公室", ())
