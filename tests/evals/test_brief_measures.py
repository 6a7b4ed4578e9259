"""The brief measures (issue 11) on small hand-made briefs: each must pass a sound brief and
fail one with the fault it is there to catch. The briefs are dicts in the shape of
``AuditBrief.to_dict()``, with fields left out where the measure must cope without them."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from evals.briefs import (
    attribution_errors,
    citation_support,
    clause_phase,
    fact_surfaced,
    max_same_template,
    other_language_share,
    passes,
    pdca_contradictions,
    sample_size_errors,
    score_brief,
    summarise,
    surface_texts,
    template_key,
)
from evals.truth import CorpusTruth, Department, PlantedFact, Population

QUOTE_LIMIT = "许可申请应在十个工作日内办结"
QUOTE_VOLUME = "全年受理许可申请1,236件"


def cite(quote: str, title: str = "审批科职责") -> dict[str, Any]:
    return {"doc_id": "d", "chunk_id": "c", "title": title, "quote": quote, "source": "x/d.md"}


def truth() -> CorpusTruth:
    facts = [
        PlantedFact("F1", "审批科", "time_limit", QUOTE_LIMIT),
        PlantedFact("F2", "审批科", "volume", QUOTE_VOLUME, population=Population("许可申请", 1236)),
        PlantedFact(
            "F3",
            "审批科",
            "finding",
            "纠正措施尚待验证",
            status="corrected_not_verified",
            finding_id="2026-NC-01",
            about_department="审批科",
        ),
        PlantedFact(
            "F4",
            "办公室",
            "finding",
            "由审批科承办的3件交办事项",
            status="open",
            finding_id="2026-NC-04",
            about_department="办公室",
        ),
        PlantedFact("F5", "办公室", "finding", "发布记录已复核", status="closed", finding_id="2026-NC-03"),
    ]
    return CorpusTruth(
        "hand",
        Path("."),
        [Department("审批科", ("行政审批科",)), Department("办公室")],
        facts,
        statuses_known=True,
        populations_known=True,
    )


def good_brief() -> dict[str, Any]:
    """A zh brief of 审批科 that meets every floor."""
    return {
        "department": "审批科",
        "language": "zh",
        "profile": {
            "facts": [
                {"kind": "time_limit", "text": QUOTE_LIMIT, "citations": [cite(QUOTE_LIMIT)]},
                {
                    "kind": "finding",
                    "text": "2026-NC-04：由审批科承办的3件交办事项",
                    "finding_id": "2026-NC-04",
                    "related": True,
                    "citations": [],
                },
            ]
        },
        "questions": [
            {
                "text": f"材料中写明“{QUOTE_LIMIT}”。这个时限从何时起算？",
                "clause": "8.5.1",
                "pdca": "D",
                "citations": [cite(QUOTE_LIMIT)],
            },
            {
                "text": "2026-NC-01的纠正措施落实后，由谁验证了效果？",
                "clause": "10.2",
                "pdca": "A",
                "citations": [cite("2026-NC-01：纠正措施尚待验证")],
            },
            {"text": "质量目标是怎样分解到岗位的？", "clause": "6.2", "pdca": "P", "citations": []},
            {"text": "业务数据多久分析一次？", "clause": "9.1.3", "pdca": "C"},
        ],
        "sampling": [
            {
                "item": f"受理的许可申请：“{QUOTE_VOLUME}”",
                "reasons": ["业务量大"],
                "sample_size": 20,
                "population": 1236,
                "pdca": "D",
                "citations": [cite(QUOTE_VOLUME)],
            },
        ],
        "opening": {
            "script": "各位同事，大家好。",
            "agenda": [{"id": "scope", "title": "审核范围", "detail": "近一年的记录"}],
        },
    }


def test_a_sound_brief_passes_every_floor() -> None:
    score = score_brief(good_brief(), truth(), "审批科", seconds=0.1)
    summary = summarise([score], truth())
    assert summary["facts_surfaced"] == 1.0
    assert summary["open_findings_verified"] == 1.0
    assert all(v is True for v in summary["pass"].values()), summary["pass"]


# --- planted facts surfaced --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "text", "surfaced"),
    [
        (QUOTE_LIMIT, "程序规定“许可申请应在10个工作日内办结”", True),  # numerals normalised
        (QUOTE_VOLUME, "抽样总体：2025年许可申请1236件", True),  # the key number alone
        ("按时办结率不低于９５％", "目标为95%，实际92%", True),
        (QUOTE_VOLUME, "抽样总体：许可申请1,263件", False),  # a different number
        ("纠正措施是否有效，尚待2027年第一季度跟踪验证", "计划在2027年完成", False),  # a year says nothing
        ("存在线上线下双轨运行的风险", "存在风险", False),  # no numbers: the quote must occur
    ],
)
def test_fact_surfaced(quote: str, text: str, surfaced: bool) -> None:
    fact = PlantedFact("X", "审批科", "volume", quote)
    assert fact_surfaced(fact, [text]) is surfaced


def test_surface_texts_tolerates_missing_sections() -> None:
    assert surface_texts({"department": "审批科"}) == []
    score = score_brief({"department": "审批科", "questions": None, "sampling": "oops"}, truth(), "审批科")
    assert score.surfaced == 0 and score.planted == 3


# --- open findings -----------------------------------------------------------------------------


def test_an_open_finding_without_a_question_fails() -> None:
    brief = good_brief()
    brief["questions"] = [q for q in brief["questions"] if "2026-NC-01" not in q["text"]]
    score = score_brief(brief, truth(), "审批科")
    assert score.unverified == ["2026-NC-01"]
    assert passes(summarise([score], truth())["open_findings_verified"], "open_findings_verified") is False


def test_a_closed_finding_needs_no_question() -> None:
    score = score_brief(
        {"department": "办公室", "questions": [{"text": "2026-NC-04 进展如何？"}]}, truth(), "办公室"
    )
    assert score.open_findings == 1 and score.verified == 1  # NC-03 is closed, NC-04 open


# --- attribution -------------------------------------------------------------------------------


def test_another_departments_finding_presented_as_own_is_an_error() -> None:
    brief = good_brief()
    del brief["profile"]["facts"][1]["related"]  # the marker is missing: counts against the brief
    assert attribution_errors(brief, ["审批科"], truth().facts) == [
        "2026-NC-04 (of 办公室) shown as own: profile"
    ]


def test_a_sampling_item_anchored_on_another_departments_finding_is_an_error() -> None:
    brief = good_brief()
    brief["sampling"].append({"item": "2026-NC-04的整改记录", "reasons": [], "sample_size": 3})
    errors = attribution_errors(brief, ["审批科"], truth().facts)
    assert len(errors) == 1 and "sampling" in errors[0]


def test_a_risk_that_mentions_another_finding_does_not_anchor_a_sampling_item() -> None:
    brief = good_brief()
    brief["sampling"].append(
        {
            "item": "基层执行本部门文件的情况",
            "reasons": ["上次审核发现尚未关闭 [2026-NC-01]：…", "部门自述的风险：“2026-NC-04暴露了衔接问题”"],
            "reason_codes": ["open_finding", "risk"],
        }
    )
    assert attribution_errors(brief, ["审批科"], truth().facts) == []
    brief["sampling"][-1]["reason_codes"] = ["open_finding", "open_finding"]
    assert len(attribution_errors(brief, ["审批科"], truth().facts)) == 1


def test_own_findings_and_related_ones_are_not_errors() -> None:
    brief = good_brief()
    brief["profile"]["facts"].append(
        {"kind": "finding", "text": "2026-NC-01 尚待验证", "finding_id": "2026-NC-01"}
    )
    assert attribution_errors(brief, ["审批科", "行政审批科"], truth().facts) == []


# --- sample sizes ------------------------------------------------------------------------------


def _sampling(**item: Any) -> dict[str, Any]:
    return {"sampling": [{"item": "许可档案", "reasons": [], **item}]}


@pytest.mark.parametrize(
    ("item", "errors"),
    [
        ({"sample_size": 20, "population": 1236}, 0),
        ({"sample_size": 3}, 0),  # no population, none planted for it
        ({"sample_size": 2025}, 1),  # a year
        ({"sample_size": 1990, "population": 5000}, 1),
        ({"sample_size": 30, "population": 12}, 1),  # more than the population
        ({"sample_size": "20"}, 0),  # not a number: nothing to judge, no crash
    ],
)
def test_sample_size_errors(item: dict[str, Any], errors: int) -> None:
    assert len(sample_size_errors(_sampling(**item))) == errors


def test_a_planted_population_must_be_the_one_used() -> None:
    planted = [f for f in truth().facts if f.population]
    right = _sampling(item=f"“{QUOTE_VOLUME}”", sample_size=20, population=1236)
    right["sampling"][0]["item"] = f"“{QUOTE_VOLUME}”"
    assert sample_size_errors(right, planted) == []
    wrong = copy.deepcopy(right)
    wrong["sampling"][0]["population"] = 3018
    assert len(sample_size_errors(wrong, planted)) == 1
    missing = copy.deepcopy(right)
    del missing["sampling"][0]["population"]  # missing field counts against the brief
    assert len(sample_size_errors(missing, planted)) == 1


@pytest.mark.parametrize(
    ("item", "population", "errors"),
    [
        # The planted count beside what it counts, with no population: an error.
        ("受时限约束的办件：“移交仲裁的纠纷共15件”", None, 1),
        ("Cases under the limit: 15 disputes sent to arbitration", 9, 1),
        ("受时限约束的办件：“移交仲裁的纠纷共15件”", 15, 0),
        # The same digits counting something else name no planted population.
        ("变化前后的记录：“经管人员由原15人减为9人”", None, 0),
        ("Records: form TS-15 kept for every visit", None, 0),
    ],
)
def test_a_count_names_its_population_only_beside_what_it_counts(
    item: str, population: int | None, errors: int
) -> None:
    what = "2025年移交仲裁的纠纷 (disputes sent to arbitration)"
    planted = [PlantedFact("F1", "仲裁股", "volume", "纠纷移交仲裁", population=Population(what, 15))]
    brief = {"sampling": [{"item": item, "reasons": [], "sample_size": 5, "population": population}]}
    assert len(sample_size_errors(brief, planted)) == errors


# --- clause and PDCA ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "phase"),
    [("4.1", "P"), ("5.3", "P"), ("6.2.2", "P"), ("7.5.3", "D"), ("8.5.1", "D"), ("9.1", "C"), ("9.2", "C"),
     ("10.2", "A"), ("10", "A"), ("11.1", None), ("", None), ("A.1", None)],
)  # fmt: skip
def test_clause_phase(clause: str, phase: str | None) -> None:
    assert clause_phase(clause) == phase


def test_clause_9_1_tagged_d_is_a_contradiction() -> None:
    brief = {
        "questions": [
            {"text": "q", "clause": "9.1", "pdca": "D"},
            {"text": "r", "clause": "9.1.3", "pdca": "C"},
        ]
    }
    assert pdca_contradictions(brief) == ["clause 9.1 tagged D"]
    assert pdca_contradictions({"questions": [{"text": "q"}, {"text": "r", "clause": "7.2"}]}) == []


# --- templates ---------------------------------------------------------------------------------


def test_questions_from_one_template_are_counted() -> None:
    texts = [
        "质量目标“按时办结率98%”是怎样定下来的？",
        "质量目标“差错率不高于0.5%”是怎样定下来的？",
        "质量目标“满意率90%”是怎样定下来的？",
        "这个时限从何时起算？",
    ]
    count, key = max_same_template({"questions": [{"text": t} for t in texts]})
    assert count == 3 and key == "质量目标“…”是怎样定下来的?"
    assert passes(count, "max_same_template") is False
    assert template_key('The objective "98%" in 2025') == template_key('The objective "99.5%" in 2026')
    assert max_same_template({}) == (0, "")


# --- language ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "ok"),
    [
        ("en", "How is the time limit “十个工作日内办结” counted?", True),  # Chinese inside quotes
        ("en", "How does 审批科 count the time limit for 许可申请 cases?", False),
        ("en", "See 《行政许可办理程序》 for the steps [1].", True),
        ("zh", "这个时限从何时起算？“within ten working days”", True),
        ("zh", "Please explain how the deadline is counted 时限", False),
        ("zh", "NC-2025-03的整改情况如何？", True),  # an ID is a few letters in a long sentence
    ],
)
def test_other_language_share(language: str, text: str, ok: bool) -> None:
    brief = {"language": language, "questions": [{"text": text}]}
    assert passes(other_language_share(brief), "other_language_share") is ok


def test_profile_quotes_are_not_the_briefs_own_language() -> None:
    brief = {
        "language": "en",
        "profile": {"facts": [{"text": "全是中文的原文摘录"}]},
        "questions": [{"text": "Why?"}],
    }
    assert other_language_share(brief) == 0.0


# --- citation support --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "supported"),
    [
        (f"材料中写明“{QUOTE_LIMIT}”。怎样起算？", QUOTE_LIMIT, True),
        ("质量目标“按时办结率：不低于98%”怎样定的？", "| 按时办结率 | 不低于98% |", True),  # a table row
        ("材料中写明“许可申请应在五个工作日内办结”。", QUOTE_LIMIT, False),  # a changed number
        ("去年受理1,236件，怎样找出超期的？", QUOTE_VOLUME, True),
        ("去年受理1,326件，怎样找出超期的？", QUOTE_VOLUME, False),
        ("“半年一次”的检查（1次）够吗？", "实际使用情况只能依靠半年一次的检查了解", True),
        ("依据GB/T 19001和《审批科职责》，抽查近期记录。", "审批科负责许可", True),  # standards, titles
    ],
)
def test_citation_support(text: str, quote: str, supported: bool) -> None:
    share, bad = citation_support({"questions": [{"text": text, "citations": [cite(quote)]}]})
    assert (share == 1.0) is supported
    assert bool(bad) is not supported


@pytest.mark.parametrize(
    ("text", "quote", "supported"),
    [
        # Across languages: number words and full-width digits are the numbers they write.
        ("Applications are decided within 20 working days.", "申请应在二十个工作日内作出决定", True),
        ("Applications are decided within 30 working days.", "申请应在二十个工作日内作出决定", False),
        ("申请在二十个工作日内办结（20个工作日）。", "Decided within twenty working days.", True),
        ("Population 1842 (frame: the register).", "全年登记１,８４２件", True),
        ("Population 1,843 (frame: the register).", "全年登记１,８４２件", False),
        # A quoted original counts when it is in the cited quote, marked after or inside the quotes.
        ("The duty “负责预算编制”（原文） rests with which post?", "财务科负责预算编制和执行", True),
        ("The duty “original: 负责预算编制” rests with which post?", "财务科负责预算编制和执行", True),
        ("职责“Prepares the budget” (original)由谁承担？", "The section prepares the budget.", True),
        ("职责“原文：Prepares the budget”由谁承担？", "The section prepares the budget.", True),
        ("职责“原文：Approves the budget”由谁承担？", "The section prepares the budget.", False),
        # A figure from another passage than the one cited fails, in either language.
        ("“负责预算编制”（原文）: 316 claims a year.", "财务科负责预算编制和执行", False),
        ("“Prepares the budget” (original)：全年报销3,120笔。", "The section prepares the budget.", False),
    ],
)
def test_citation_support_across_languages(text: str, quote: str, supported: bool) -> None:
    share, _ = citation_support({"questions": [{"text": text, "citations": [cite(quote)]}]})
    assert (share == 1.0) is supported


def test_uncited_lines_are_not_judged() -> None:
    assert citation_support({"questions": [{"text": "怎样起算？10天？"}]}) == (None, [])


def test_a_brief_that_could_not_be_built_counts_as_misses() -> None:
    score = score_brief(good_brief(), truth(), "审批科")
    summary = summarise([score], truth(), failed=["办公室"])
    assert summary["errors"] == 1
    assert summary["facts_surfaced"] == 0.6  # 3 of 审批科's facts, none of 办公室's 2 (F4, F5)
    assert summary["open_findings_verified"] == 0.5  # 2026-NC-04 of 办公室 was never asked about
    nothing = summarise([], truth(), failed=["审批科", "办公室"])
    assert nothing["facts_surfaced"] == 0.0 and nothing["open_findings_verified"] == 0.0
    assert nothing["pass"]["facts_surfaced"] is False
