"""A department document that states its own name in the other language at the top gives that
name as an alias; a unit named in a sentence does not."""

from __future__ import annotations

import pytest

from ingest.metadata.infer import name_in_other_language


@pytest.mark.parametrize(
    ("text", "department", "expected"),
    [
        (
            "# 农村经济指导股\n\nRural Economy Guidance Section · 汀溪县农业农村局\n\n## 我们做什么",
            "农村经济指导股",
            "Rural Economy Guidance Section",
        ),
        ("# General Office (办公室)\n\nWe handle documents.", "General Office", "办公室"),
        ("# 办公室 | General Office\n\n正文", "办公室", "General Office"),
        (
            "行政审批科 / Administrative Approval Section\n\n一、职责",
            "行政审批科",
            "Administrative Approval Section",
        ),
        # not a title-block statement of the name
        ("# 办公室\n\n办公室负责公文处理，并与Finance Section协调。", "办公室", ""),
        (
            "# Hotline & Outreach Unit\n\nQingtong Emergency Management Bureau\n\nThe Unit answers calls.",
            "Hotline & Outreach Unit",
            "",
        ),
        ("# 办公室\n\n一\n\n二\n\n三\n\n四\n\nGeneral Office", "办公室", ""),  # too far down
        ("# 财务科\n\n办公室 · 财务科", "财务科", ""),  # another unit, same language
    ],
)
def test_name_in_the_other_language(text: str, department: str, expected: str) -> None:
    assert name_in_other_language(text, department) == expected
