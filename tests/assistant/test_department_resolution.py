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


# -- English names of departments the documents write only in Chinese -------------------------

from pathlib import Path  # noqa: E402

from assistant.retrieval.departments import (  # noqa: E402
    english_name_parts,
    find_by_name_parts,
    find_department,
    load_name_parts,
)

CHINESE_ONLY = (
    DepartmentInfo("财务科", (), 1, 3, ("zh",)),
    DepartmentInfo("信访办", ("信访办公室",), 1, 3, ("zh",)),
    DepartmentInfo("行政审批科", ("审批科",), 1, 3, ("zh",)),
    DepartmentInfo("政策法规科", (), 1, 3, ("zh",)),
    DepartmentInfo("督查室", (), 1, 3, ("zh",)),
    DepartmentInfo("信息中心", (), 1, 3, ("zh",)),
    DepartmentInfo("人事股", (), 1, 3, ("zh",)),
    DepartmentInfo("劳动保障监察大队", (), 1, 3, ("zh",)),
    DepartmentInfo("办公室", (), 1, 3, ("zh",)),
)


@pytest.mark.parametrize(
    ("question", "department"),
    [
        ("What was the Finance Section's budget execution rate?", "财务科"),
        ("How does the Petitions Office handle repeat visits?", "信访办"),
        ("the complaints office backlog", "信访办"),  # lower case, plural
        ("Letters and Visits Office: how many cases?", "信访办"),  # a phrase as one part
        ("Who signs off in the Administrative Approval Section?", "行政审批科"),
        ("the approval section", "行政审批科"),  # fewer parts than the Chinese name
        ("Policy & Regulations Section duties", "政策法规科"),  # parts joined by "&"
        ("Who leads the Supervision Office?", "督查室"),  # office ending in 室
        ("Information Center uptime", "信息中心"),  # American spelling
        ("the Personnel Unit's training plan", "人事股"),
        ("Labour Inspection Brigade cases in 2025", "劳动保障监察大队"),
        ("What does the General Office log?", "办公室"),  # 信访办公室 composes too; 办公室 is the word
        # Must not match: no known part before the kind word, a kind the name does not end
        # with, a part no department has, a kind word without a name, no kind word at all.
        ("What does the office do?", None),
        ("the Finance Division", None),  # 处 is not 科
        ("the Publicity Section", None),
        ("Which section handles this?", None),
        ("finance and petitions", None),
        ("财务科的预算", None),  # Chinese names are matched elsewhere, as written
    ],
)
def test_english_department_names_compose_from_chinese_parts(question: str, department: str | None) -> None:
    assert find_by_name_parts(question, CHINESE_ONLY) == department


def test_a_composed_name_matching_two_departments_matches_none() -> None:
    twins = (DepartmentInfo("人事科", (), 1, 1, ("zh",)), DepartmentInfo("人事股", (), 1, 1, ("zh",)))
    assert find_by_name_parts("the Personnel Section", twins) is None  # section: 科 or 股


def test_find_department_falls_back_to_composed_names() -> None:
    assert find_department("What does the Petitions Office record?", CHINESE_ONLY) == "信访办"
    assert find_department("What does the office record?", CHINESE_ONLY) is None


def test_name_parts_keep_the_question_order() -> None:
    [(parts, kind)] = english_name_parts("the Policy and Regulations Section")
    assert kind == "section" and parts[0] == ("政策",) and parts[1][0] == "法规"


def test_a_malformed_name_vocabulary_names_its_file_and_section(tmp_path: Path) -> None:
    bad = tmp_path / "department_names.yaml"
    bad.write_text("kinds:\n  office: 办公室\nparts: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"department_names\.yaml: `kinds`"):
        load_name_parts(bad)


@pytest.mark.parametrize(
    ("english", "chinese", "composed"),
    [
        ("Fund Supervision Section", "基金监管股", True),  # both words from the dictionary
        ("Grassroots Work Section", "基层工作科", True),  # 基层: "grass-roots (units)"
        ("Petitions Office", "信访办", True),  # from department_names.yaml
        ("Administrative Licensing Section", "行政审批科", True),
        ("Licensing Section", "行政审批科", False),  # 行政 left over: too little of the name
        ("Fund Supervision Section", "覆盖基金监管股", False),  # a mention read with its verb
        ("General Office", "办公室", True),
        ("Policy and Regulations Section", "政策法规股", True),
        ("General Office", "信访办公室", False),  # 办公室 is the whole of "General Office" only
        ("Fund Supervision Section", "监管股", False),  # "fund" is not in it
        ("Fund Supervision Section", "基金监管执法支队", False),  # another kind of unit
        ("Fund Supervision Brigade", "基金监管执法大队", True),
        ("Finance Section", "基金监管股", False),
        ("Fund Fund Section", "基金股", False),  # one piece cannot stand for two words
        ("Section", "基金股", False),
        # Runs of words the dictionary knows as one, "and" as 和, forms of one stem, a piece
        # inside a longer dictionary word, and two words for one piece:
        ("Foreign Trade and Investment Promotion Section", "对外贸易和投资促进股", True),
        ("Market Operation and Consumption Promotion Section", "市场运行和消费促进股", True),
        ("Wildlife Protection Section", "野生动物保护科", True),  # 野生动物 "wild animal"
        ("Science and Technology Cooperation Section", "科技合作科", True),  # 科技 for both
        ("Basic Education Section", "基础教育股", True),
        ("Treasury Payment Centre", "国库支付中心", True),  # 支付 "pay"
        ("Rural E-Commerce and Logistics Centre", "农村电子商务和物流中心", True),
        ("Grain Reserve Management Section", "粮食储备管理股", True),
        ("Public Legal Services Section", "公共法律服务管理科", True),  # 管理 left over
        ("Foreign Trade Section", "对外贸易和投资促进股", False),  # half the name
        ("Education Section", "基础教育股", False),  # 基础 is another word's
        ("Science Section", "科技合作科", False),
        ("Forest Resources Management Section", "野生动物保护科", False),
        ("Fire Safety Inspection Office", "防火办", False),
    ],
)
def test_english_names_compose_chinese_ones_through_the_dictionary(
    english: str, chinese: str, composed: bool
) -> None:
    from assistant.retrieval.departments import composes_name
    from assistant.retrieval.translation import name_lexicon

    assert composes_name(english, chinese, name_lexicon()) is composed


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("What does the Wildlife Protection Section promise for permits?", "野生动物保护科"),
        (
            "How many complaints did the foreign trade and investment promotion section receive?",
            "对外贸易和投资促进股",
        ),
        ("What did the Treasury Payment Centre change in 2025?", "国库支付中心"),
        ("What is the time limit of the Trade Section?", None),  # half a name composes nothing
        ("What time limit applies to permits?", None),
    ],
)
def test_an_english_name_in_a_question_finds_a_chinese_department_by_composition(
    question: str, found: str | None
) -> None:
    from assistant.retrieval.departments import DepartmentInfo, find_department

    chinese = ["野生动物保护科", "对外贸易和投资促进股", "国库支付中心", "办公室"]
    departments = [DepartmentInfo(name, (), 1, 1, ("zh",)) for name in chinese]
    assert find_department(question, departments) == found
