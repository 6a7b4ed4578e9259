"""The concise profile's lines: a document's own enumeration ("一是…", "二是…") keeps its order,
and a line that restates a figure already given is left out."""

from __future__ import annotations

import pytest

from assistant.planner.summary import ProfileLine, in_enumeration_order, ordinal, restates
from assistant.retrieval.citations import Citation


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一是审批系统按计划升级。", 1),
        ("二是新进人员2名。", 2),
        ("第三，窗口表单统一下发。", 3),
        ("Second, the hotline moved to the office.", 2),
        ("Firstly, the register was digitised.", 1),
        # Not an enumeration: the words only begin the same way.
        ("二是否需要复核", None),
        ("第三季度有3个站逾期。", None),
        ("First-line staff answer the hotline.", None),
        ("The first item is late.", None),
    ],
)
def test_ordinal(text: str, number: int | None) -> None:
    assert ordinal(text) == number


def _line(text: str, doc: str) -> ProfileLine:
    return ProfileLine("change", text, [Citation(doc, f"{doc}-c", doc, text)])


def test_one_documents_enumerated_lines_take_its_order_in_the_places_they_held() -> None:
    lines = [
        _line("行政审批科近期有两项较大变化。", "a"),
        _line("二是新进人员2名。", "a"),
        _line("一是审批系统升级。", "a"),
        _line("二是另一份文件的第二点。", "b"),
        _line("一是另一份文件的第一点。", "b"),
        _line("窗口搬迁到新大厅。", "a"),
    ]
    ordered = [line.text for line in in_enumeration_order(lines)]
    assert ordered == [
        "行政审批科近期有两项较大变化。",
        "一是审批系统升级。",
        "二是新进人员2名。",
        "一是另一份文件的第一点。",
        "二是另一份文件的第二点。",
        "窗口搬迁到新大厅。",
    ]


LONG = "行政审批科2025年办理各类许可登记约18,600件，其中营业执照登记约14,200件，食品经营许可约3,100件。"


@pytest.mark.parametrize(
    ("text", "taken", "restated"),
    [
        ("2025年行政审批科办理各类许可登记约18,600件。", [LONG], True),
        ("In 2025 the section handled about 18,600 licences.",
         ["In 2025 the section handled about 18,600 licences and registrations, 14,200 of them licences."],
         True),
        # Another figure, or the same figure said of something else, is a fact of its own.
        ("2025年行政审批科办理各类许可登记约18,900件。", [LONG], False),
        ("2025年窗口接听咨询电话约18,600次。", [LONG], False),
        # More figures than the line taken: it says more, it is kept.
        (LONG, ["2025年行政审批科办理各类许可登记约18,600件。"], False),
        # A line without figures is not judged here.
        ("行政审批科负责市本级行政许可。", ["行政审批科负责市本级行政许可和登记。"], False),
    ],
)
def test_restates(text: str, taken: list[str], restated: bool) -> None:
    assert restates(text, taken) is restated
