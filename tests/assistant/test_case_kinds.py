"""Table tests of populations of the same kind of case: which kind a noun or a count names
(prompts/vocabulary/facts.case_kinds.yaml), and which count a sampling item may take as its
population. Sentences are written here, in wordings none of the corpora use."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.facts.case_kinds import get_case_kinds, load_case_kinds
from assistant.facts.counts import find_counts
from assistant.facts.vocabulary import VocabularyError
from assistant.planner.sampling import population_for
from ingest.text import content_tokens


@pytest.mark.parametrize(
    ("noun", "unit", "kind"),
    [
        ("局务会", "次", "meeting"),
        ("专题调度会", "场", "meeting"),
        ("会议纪要", "份", "meeting"),
        ("局领导批示件", "件", "document"),
        ("政府采购项目", "个", "contract"),
        ("采购报销凭证", "张", "voucher"),  # the head noun decides, not the first word
        ("不动产抵押登记", "件", "application"),
        ("12345转办工单", "件", "complaint"),
        ("行政处罚案件", "宗", "enforcement_case"),
        ("在编人员", "名", "staff"),
        ("applications for food licences", "", "application"),
        ("procurement contracts", "", "contract"),
        ("meetings of the steering group", "", "meeting"),
        ("expense claims", "", "voucher"),
        ("", "辆", "asset"),  # a measure word only one kind uses (vehicles)
        ("", "件", ""),  # 件 counts many kinds: it names none
        ("研究议题", "项", ""),
        ("working groups", "", ""),
    ],
)
def test_count_kind_reads_the_head_noun_then_a_unit_of_one_kind(noun: str, unit: str, kind: str) -> None:
    assert get_case_kinds().count_kind(noun, unit) == kind


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("会议纪要须在会后3个工作日内印发", ("meeting",)),
        ("政府采购合同须在签订后7个工作日内备案", ("contract", "application")),
        ("群众投诉件应在五个工作日内转交承办科室", ("complaint",)),
        ("Expense claims are paid within ten working days", ("voucher",)),
        ("各科室须在每月5日前报送工作小结", ()),
        ("Copies are issued no later than 2 days after receipt.", ()),  # "fte" is not in "after"
    ],
)
def test_kinds_in_lists_the_kinds_named_first_named_first(text: str, kinds: tuple[str, ...]) -> None:
    assert get_case_kinds().kinds_in(text) == kinds


def _population(subject: str, volumes: str) -> tuple[int, str] | None:
    words = set(content_tokens(subject))
    best = population_for(
        subject,
        find_counts(volumes),
        lambda label: len(words & set(content_tokens(label))),
        lambda label: label.startswith(("热线", "hotline")),
    )
    return (best[1].number, best[1].counted) if best else None


@pytest.mark.parametrize(
    ("subject", "volumes", "population"),
    [
        # Minutes are counted in meetings, not in the instructions handled the same year.
        (
            "会议纪要须在会后3个工作日内印发",
            "全年登记办理局领导批示件186件，召开局务会24次。",
            (24, "局务会"),
        ),
        # Contract filing is counted in projects, not in the vouchers checked.
        (
            "政府采购合同须在签订后7个工作日内备案",
            "审核报销凭证5,400张，组织政府采购项目37个。",
            (37, "政府采购项目"),
        ),
        # A sub-type takes its own part, the general kind the total.
        (
            "食品经营许可须在15个工作日内办结",
            "受理各类许可申请约5,400件，其中食品经营许可3,100件。",
            (3100, "食品经营许可"),
        ),
        (
            "许可申请须在20个工作日内作出决定",
            "受理各类许可申请约5,400件，其中食品经营许可3,100件。",
            (5400, "许可申请"),
        ),
        (
            "Minutes are circulated within 3 working days of each meeting",
            "The office handled 186 instructions and held 24 meetings.",
            (24, "meetings"),
        ),
        (
            "Expense claims are paid within ten working days",
            "We checked 2,310 expense claims and signed 41 contracts.",
            (2310, "expense claims"),
        ),
        # A sub-type with no part of its own takes no total of all the sub-types; with no
        # parts listed, the total is the kind's own count.
        ("查封登记当日办结", "全年受理各类登记两千六百余件，其中抵押登记约1,450件，更正登记86件。", None),
        (
            "更正登记须在受理后十个工作日内办结",
            "全年受理各类登记两千六百余件，其中抵押登记约1,450件，更正登记86件。",
            (86, "更正登记"),
        ),
        ("行政许可申请须在20个工作日内作出决定", "全年受理申请约5,400件。", (5400, "受理申请")),
        (
            "Requests to consult a file are answered within 5 working days",
            "We answered about 1,900 consultation requests and held 24 meetings.",
            (1900, "consultation requests"),
        ),
        # No count of that kind: no population, rather than a borrowed number.
        ("投诉须在5个工作日内答复", "受理各类许可申请约5,400件，审核报销凭证200张。", None),
        (
            "Complaints are answered within 15 days",
            "The office handled 186 instructions and held 24 meetings.",
            None,
        ),
        # Never a year, a percentage, a phone number or a sum of money.
        ("热线诉求须在2个工作日内转办", "2025年热线12345接通率98%，经费12.6万元。", None),
        ("投诉须在5个工作日内答复", "2025年投诉办结率98%，12345热线转来投诉两千余件。", (2000, "投诉")),
        # Two counts of the same noun that fit equally: which one is a guess, so none.
        (
            "The provider receives the written findings within 5 working days after the visit",
            "On-site inspections: 62 providers. Money recovered from 41 providers.",
            None,
        ),
        # One of them fits better by its other words: that one.
        (
            "The written findings of an inspection are sent within 5 working days",
            "We carried out 62 inspections. Money was recovered from 41 providers.",
            (62, "inspections"),
        ),
    ],
)
def test_population_is_a_count_of_the_same_kind_of_case(
    subject: str, volumes: str, population: tuple[int, str] | None
) -> None:
    assert _population(subject, volumes) == population


def test_a_kind_without_nouns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kinds.yaml"
    path.write_text("meeting:\n  zh: []\n  units: [次]\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="kind 'meeting'"):
        load_case_kinds(path)
