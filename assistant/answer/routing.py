"""Intent routing: planner requests (interview questions, sampling, opening remarks for a
department) go to the planner; every other question to retrieval-grounded answering.

A question routes to the planner only when it both asks for one of the three planner parts and
names a department (in the question, by ``--department``, or carried over from the previous
turn of a chat): "行政审批科的访谈问题有哪些？" is a planner request, "首次会议一般包括哪些内容？" is
a question about the documents. Departments are matched against the names and aliases the
index holds, so nothing here knows any particular agency.

Usage::

    route = detect_route("What should I sample in the licensing section?", retriever.departments())
    route.kind, route.parts, route.department   # "plan", ("sampling",), "行政审批科"
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from assistant.retrieval.departments import DepartmentInfo, find_department
from assistant.retrieval.translation import load_vocabulary
from ingest.text import content_tokens

Part = Literal["questions", "sampling", "opening"]
PARTS: tuple[Part, ...] = ("questions", "sampling", "opening")

_INTENTS: dict[Part, tuple[re.Pattern[str], ...]] = {
    "questions": (
        re.compile(r"访谈|提问|(?<!请)问(?:些)?(?:哪些|什么)(?:问题)?|问题(?:清单|列表|提纲)|面谈|怎么问|该问|询问(?:哪些|什么)"),
        re.compile(
            r"\binterview|\bquestions?\s+(?:to|should|can|could|for|i\b|we\b)|"
            r"\bwhat\s+(?:should|can|could|do|might)\s+(?:i|we)\s+ask|\bask\s+(?:the|them|their)\b|"
            r"\bquestion\s+list",
            re.IGNORECASE,
        ),
    ),
    "sampling": (
        re.compile(r"抽样|抽查|抽取|抽哪|抽什么|样本|查哪些(?:记录|档案|文件|案卷)"),
        re.compile(
            r"\bsampl(?:e|es|ing)\b|\b(?:which|what)\s+(?:records|files|cases)\s+(?:should|to|do|would|must)\s+"
            r"(?:i\s+|we\s+)?(?:check|pull|review|look|sample|examine|inspect|ask)",
            re.IGNORECASE,
        ),
    ),
    "opening": (
        re.compile(r"首次会议|开场|开幕|致辞|开头(?:怎么|该|要)说"),
        re.compile(
            r"\bopening\s+(?:meeting|remarks?|script|statement|speech|words)|\bopen\s+the\s+(?:meeting|audit)\b|"
            r"\bkick[- ]?off",
            re.IGNORECASE,
        ),
    ),
}
# Cues that a question leans on the previous turn: pronouns, "what about", very short asks.
_FOLLOW_UP_ZH = re.compile(
    r"^(?:那|再|又)|它|该(?:科|室|部门|办|股|队|中心)|这个|那个|这些|那些|他们|她们|上述|还有|那么|呢[？?]?$|另外|同样"
)
_FOLLOW_UP_EN = re.compile(
    r"^(?:and|also|what about|how about|then)\b|\b(?:it|its|they|them|their|this|that|these|those|there)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Route:
    """Where a question goes. ``parts`` lists the planner parts asked for (empty for "answer")."""

    kind: Literal["plan", "answer"]
    parts: tuple[Part, ...] = ()
    department: str | None = None
    department_source: Literal["option", "question", "history", "none"] = "none"
    intents: tuple[Part, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "parts": list(self.parts),
            "department": self.department,
            "department_source": self.department_source,
        }


# A question about what the documents say of samples ("How many water samples did the unit
# take?", "抽查了多少份案卷？", "how large must the first sample be?") asks for a fact, not for a
# sampling plan; one that asks what to do ("what should I sample") is a plan.
_FACT_ABOUT_SAMPLES = (
    re.compile(r"多少|几(?:个|件|份|次|名|人|家|天|批)|是否|有没有|哪天|什么时候|何时|规定|要求|比例"),
    re.compile(
        r"\bhow\s+(?:many|much|large|big|often|long)\b|\b(?:did|was|were|has|had|does)\b|\bmust\b|\bwhen\b",
        re.IGNORECASE,
    ),
)
_ASKS_WHAT_TO_DO = (
    re.compile(r"(?:应该|应|该|要|怎么|如何|怎样)(?:抽|选|查)|抽哪|抽什么|查哪些"),
    re.compile(r"\b(?:should|shall|ought)\b|\bhow\s+(?:do|can)\s+(?:i|we)\b|\bwhich\b.*\bto\b", re.I),
)


def detect_intents(question: str) -> tuple[Part, ...]:
    """The planner parts ``question`` asks for, in the canonical order. Sampling is asked for
    only by a question about what to do, not by one asking a fact about samples."""
    found = tuple(part for part in PARTS if any(p.search(question) for p in _INTENTS[part]))
    if "sampling" in found and any(p.search(question) for p in _FACT_ABOUT_SAMPLES) and not any(
        p.search(question) for p in _ASKS_WHAT_TO_DO
    ):
        found = tuple(part for part in found if part != "sampling")
    return found


def is_follow_up(question: str) -> bool:
    """True when ``question`` is short or refers back ("它的时限呢？", "What about sampling?")."""
    cjk = len(re.findall(r"[\u4e00-\u9fff]", question))
    words = len(re.findall(r"[A-Za-z]+", question))
    if (cjk and cjk <= 8 and words <= 2) or (not cjk and words <= 4):
        return True
    return bool(_FOLLOW_UP_ZH.search(question) or _FOLLOW_UP_EN.search(question))


# Words of a follow-up that point back or frame the question rather than name a topic.
_REFERRING_WORDS = frozenset(
    "它 它们 该 这个 那个 这些 那些 他们 她们 上述 还有 那么 那 再 又 另外 同样 呢 情况 怎么样 如何 怎样 "
    "去年 今年 明年 前年 上年 同期 年 年度 月 季度 科 室 部门 "
    "it its they them their this that these those there what about how then also and else "
    "department section office unit".split()
)
# A token that is a year or a department-like name ("财务科", "2024年") names no topic.
_NOT_A_TOPIC = re.compile(r"^(?:\d+年?|[\u4e00-\u9fff]{1,8}(?:科|室|办|股|处|中心))$")


def carries_topic(question: str) -> bool:
    """True when a follow-up names a topic of its own ("它的办理时限呢？", "And complaints?"),
    False when it only points back, changes the year or the department ("那2024年呢？",
    "What about last year?", "那财务科呢？"): then the previous question's topic carries over."""
    skip = _REFERRING_WORDS | load_vocabulary().skip_english
    return any(t not in skip and not _NOT_A_TOPIC.match(t) for t in content_tokens(question))


def detect_route(
    question: str,
    departments: Sequence[DepartmentInfo],
    department: str | None = None,
    previous_department: str | None = None,
) -> Route:
    """Route ``question``. ``department`` is an explicit choice (``--department``), already
    resolved; ``previous_department`` the one an earlier turn was about."""
    intents = detect_intents(question)
    source: Literal["option", "question", "history", "none"] = "none"
    found = department
    if found:
        source = "option"
    else:
        found = find_department(question, departments)
        if found:
            source = "question"
        elif previous_department and is_follow_up(question):
            found, source = previous_department, "history"
    if intents and found:
        return Route("plan", intents, found, source, intents)
    return Route("answer", (), found, source, intents)
