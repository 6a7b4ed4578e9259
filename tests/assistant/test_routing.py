"""Intent routing: planner requests need a planner intent and a department; the rest is answered."""

from __future__ import annotations

import pytest

from assistant.answer.routing import detect_intents, detect_route, find_department, is_follow_up
from assistant.retrieval.departments import DepartmentInfo

DEPARTMENTS = [
    DepartmentInfo("行政审批科", ("Administrative Licensing Section", "审批科"), 2, 10, ("en", "zh")),
    DepartmentInfo("信访办", ("Letters and Visits Office",), 2, 8, ("en", "zh")),
    DepartmentInfo("办公室", ("General Office",), 2, 9, ("en", "zh")),
    DepartmentInfo("Employment Services Division", ("就业服务股",), 1, 5, ("en",)),
]


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("审核行政审批科时应该问哪些问题？", ("questions",)),
        ("给我一份信访办的访谈提纲", ("questions",)),
        ("行政审批科要抽查哪些记录？", ("sampling",)),
        ("办公室的首次会议开场白怎么说？", ("opening",)),
        ("What interview questions should I ask the Letters and Visits Office?", ("questions",)),
        ("Which records should I sample in the licensing section?", ("sampling",)),
        ("Draft opening remarks for the General Office", ("opening",)),
        ("行政审批科的访谈问题和抽样建议", ("questions", "sampling")),
        ("请问什么是不符合项？", ()),
        ("食品经营许可的办理时限是多少？", ()),
        # A fact about samples is answered, not planned:
        ("How many water samples did the unit take from January to November 2025?", ()),
        ("Under SGU-P-04, how large must the first-inspection sample be?", ()),
        ("2025年内审抽查了多少份许可案卷？", ()),
        ("What sample size should we use for the licensing files?", ("sampling",)),
        ("行政审批科应该抽查多少份案卷？", ("sampling",)),
        ("How many files should I sample in the licensing section?", ("sampling",)),
    ],
)
def test_intents_are_detected_in_both_languages(question: str, parts: tuple[str, ...]) -> None:
    assert detect_intents(question) == parts


@pytest.mark.parametrize(
    ("question", "department"),
    [
        ("行政审批科的职责是什么？", "行政审批科"),
        ("临江市市场监督管理局行政审批科的质量目标", "行政审批科"),
        ("审批科多久办结？", "行政审批科"),
        ("What does the Administrative Licensing Section do?", "行政审批科"),
        ("sampling in the licensing section", "行政审批科"),
        ("就业服务股的目标", "Employment Services Division"),
        ("How many job fairs does the employment services team run?", "Employment Services Division"),
        ("首次会议包括哪些内容？", None),
        ("What does the office do?", None),  # "office" alone names no single department
    ],
)
def test_departments_are_found_by_name_alias_or_distinctive_words(
    question: str, department: str | None
) -> None:
    assert find_department(question, DEPARTMENTS) == department


def test_planner_request_with_a_department_routes_to_the_planner() -> None:
    route = detect_route("行政审批科需要抽查哪些记录？", DEPARTMENTS)
    assert (route.kind, route.parts, route.department, route.department_source) == (
        "plan",
        ("sampling",),
        "行政审批科",
        "question",
    )


def test_planner_words_without_a_department_are_a_document_question() -> None:
    route = detect_route("How large should an audit sample be?", DEPARTMENTS)
    assert route.kind == "answer" and route.intents == ("sampling",)


def test_explicit_department_option_routes_a_bare_request() -> None:
    route = detect_route("What should I ask in the interviews?", DEPARTMENTS, department="信访办")
    assert (route.kind, route.department, route.department_source) == ("plan", "信访办", "option")


def test_follow_up_inherits_the_previous_department() -> None:
    route = detect_route("那首次会议怎么开场？", DEPARTMENTS, previous_department="办公室")
    assert (route.kind, route.department, route.department_source) == ("plan", "办公室", "history")


def test_a_new_standalone_question_does_not_inherit_the_department() -> None:
    question = "How should an auditor handle pressure from a senior department head during interviews?"
    assert not is_follow_up(question)
    route = detect_route(question, DEPARTMENTS, previous_department="办公室")
    assert route.department is None and route.kind == "answer"


@pytest.mark.parametrize(
    ("question", "follow_up"),
    [
        ("它的办理时限呢？", True),
        ("What about sampling?", True),
        ("And their objectives?", True),
        ("食品经营许可的法定办理时限是多少个工作日？", False),
    ],
)
def test_follow_up_cues(question: str, follow_up: bool) -> None:
    assert is_follow_up(question) is follow_up


@pytest.mark.parametrize(
    ("question", "own_topic"),
    [
        ("它的办理时限呢？", True),
        ("And how many complaints did they get?", True),
        ("What about sampling?", True),
        ("那2024年呢？", False),
        ("What about last year?", False),
        ("那财务科呢？", False),
        ("And in 2024?", False),
        ("NC-3呢？", True),  # a finding's number is a topic
    ],
)
def test_a_follow_up_with_its_own_topic_does_not_inherit_the_previous_one(
    question: str, own_topic: bool
) -> None:
    from assistant.answer.routing import carries_topic

    assert carries_topic(question) is own_topic
