"""Table tests of the planner's rules (issue 11) and one planner run on a corpus written here.

Rules: clause -> PDCA stage (ISO 9001:2015's figure), the load-time refusal of a contradicting
pair, whose finding it is, what can be a sampling population, the attribute-sampling size, the
support check, English department and person names, header rows that are no question, and
trap conditions.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

from assistant.facts.fact import Fact
from assistant.planner.attribution import finding_owner
from assistant.planner.audit_model import PLANNER_PROMPTS, load_audit_model, pdca_for_clause
from assistant.planner.naming import english_department, english_person
from assistant.planner.planning import plan_audit
from assistant.planner.questions import is_header_or_heading
from assistant.planner.sampling import (
    _Candidate,
    _total_of,
    attribute_size,
    fact_population,
    is_population,
    unshare_totals,
)
from assistant.planner.support import check_support
from assistant.retrieval.citations import Citation
from assistant.retrieval.hybrid import HybridRetriever
from assistant.templates import TemplateError
from tests.assistant.planner_support import hash_index


def _citation(quote: str, title: str = "doc") -> Citation:
    return Citation("d", "c", title, quote, "d.md", "")


def _fact(text: str, **extra: object) -> Fact:
    return Fact(kind=str(extra.pop("kind", "finding")), text=text, citation=_citation(text), **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("clause", "stage"),
    [
        ("4.1", "P"),
        ("5.3", "P"),
        ("6.1", "P"),
        ("6.2.2", "P"),
        ("7.1.5", "D"),
        ("7.1.6", "D"),
        ("7.5", "D"),
        ("7.5.3", "D"),
        ("8.4", "D"),
        ("8.5.1", "D"),
        ("8.7", "D"),
        ("9.1.1", "C"),
        ("9.1.2", "C"),
        ("9.2", "C"),
        ("9.3", "C"),
        ("10.2", "A"),
        ("10.3", "A"),
    ],
)
def test_clause_gives_its_pdca_stage(clause: str, stage: str) -> None:
    assert pdca_for_clause(clause) == stage


@pytest.mark.parametrize("clause", ["3.1", "11", "", "A.1", "0.2"])
def test_a_clause_outside_sections_4_to_10_is_refused(clause: str) -> None:
    with pytest.raises(ValueError, match="not an ISO 9001 clause"):
        pdca_for_clause(clause)


def test_every_trail_element_and_question_agrees_with_the_rule() -> None:
    model = load_audit_model()
    for element in model.elements:
        assert element.pdca == pdca_for_clause(element.clause), element.id
    clauses = {e.clause for e in model.elements}
    assert {"8.4", "8.7", "9.2", "7.1.5", "7.1.6"} <= clauses


@pytest.mark.parametrize(("clause", "pdca"), [("8.5.1", "C"), ("9.1.2", "D"), ("7.5", "P"), ("10.2", "C")])
def test_loading_refuses_a_contradicting_clause_and_stage(tmp_path: Path, clause: str, pdca: str) -> None:
    folder = tmp_path / "planner"
    shutil.copytree(PLANNER_PROMPTS, folder)
    trail = yaml.safe_load((folder / "audit_trail.yaml").read_text(encoding="utf-8"))
    trail["elements"][0]["clause"], trail["elements"][0]["pdca"] = clause, pdca
    (folder / "audit_trail.yaml").write_text(yaml.safe_dump(trail, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TemplateError, match=f"clause {clause} belongs to PDCA stage"):
        load_audit_model.__wrapped__(folder)


OWN = ("办公室", "局办")
ALL = ("办公室", "行政审批科", "审批科", "财务科")


@pytest.mark.parametrize(
    ("text", "finding_id", "owner"),
    [
        (
            "办公室在2025年内部审核中被开具不符合项NC-2025-03：抽查批示件发现7件未按期反馈。",
            "NC-2025-03",
            "办公室",
        ),
        ("办公室缺少核查，NC-2025-10中行政审批科旧版申请表留在基层所窗口。", "NC-2025-10", "行政审批科"),
        ("财务科的NC-2025-05已经关闭。", "NC-2025-05", "财务科"),
        ("NC-2025-07：抽查的20件中有3件未登记。", "NC-2025-07", "办公室"),
        ("审批科的2025-OBS-02与办公室无关", "2025-OBS-02", "审批科"),
    ],
)
def test_a_finding_belongs_to_the_department_named_nearest_its_id(
    text: str, finding_id: str, owner: str
) -> None:
    fact = _fact(text, finding_id=finding_id, origin="department")
    assert finding_owner(fact, OWN, ALL) == owner


def test_the_evidence_layer_decides_whose_finding_it_is() -> None:
    fact = _fact("办公室在审核中被开具NC-2025-03", finding_id="NC-2025-03", about="财务科")
    assert finding_owner(fact, OWN, ALL) == "财务科"


@pytest.mark.parametrize(
    ("count", "approx", "ok"),
    [
        (186, False, True),
        (62, False, True),
        (1, False, True),
        (2025, False, False),
        (1999, False, False),
        (0, False, False),
        (12345, False, True),
        (2000, True, True),  # "两千余件", "about 2,000": approximate, never a year
        (0, True, False),
    ],
)
def test_a_year_is_never_a_population(count: int, approx: bool, ok: bool) -> None:
    assert is_population(count, approx) is ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("登记办理局领导批示件186件。", 186),
        ("2025年全年收文约3,200件", 3200),
        ("食品经营许可（含新办、变更、延续、注销）约3,100件", 3100),
        ("2025年共召开会议", None),
    ],
)
def test_population_comes_from_the_count_never_the_year(text: str, expected: int | None) -> None:
    found = fact_population(_fact(text, kind="volume"))
    assert (found[0] if found else None) == expected


def test_the_evidence_layers_count_wins() -> None:
    fact = _fact("全年印发会议纪要62份，登记批示件186件", kind="volume", count=62, counted="会议纪要")
    assert fact_population(fact) == (62, "会议纪要")


@pytest.mark.parametrize(
    ("limits", "total", "kept"),
    [
        # Sibling kinds of work under one all-cases total: the total is the population of none.
        (
            ["娱乐场所经营许可：承诺时限十个工作日", "网吧经营许可：承诺时限15个工作日"],
            (1382, "许可及备案事项"),
            [False, False],
        ),
        # An item that names the counted thing keeps it; its sibling does not.
        (["收文当日登记", "紧急件随到随办"], (3200, "收文"), [True, False]),
        (
            ["Licences are issued within 10 working days", "Renewals within 5 working days"],
            (900, "licences"),
            [True, False],
        ),
        # Two limits of the same work share its count.
        (["收文当日登记", "收文紧急件随到随办"], (3200, "收文"), [True, True]),
        # One item alone keeps the count it was given.
        (["娱乐场所经营许可：承诺时限十个工作日"], (1382, "许可及备案事项"), [True]),
    ],
)
def test_one_total_is_not_the_population_of_several_kinds_of_work(
    limits: list[str], total: tuple[int, str], kept: list[bool]
) -> None:
    candidates = [
        _Candidate("time_limit", _fact(t, kind="time_limit"), n, population=total)
        for n, t in enumerate(limits)
    ]
    unshare_totals(candidates)
    assert [c.population == total for c in candidates] == kept


def test_a_stated_part_is_a_stratum_of_its_total_not_an_item_of_its_own() -> None:
    def volume(count: int, counted: str, part: bool, heading: str = "四、2025年服务量") -> Fact:
        text = f"{counted}{count}册次"
        return _fact(text, kind="volume", count=count, counted=counted, part=part, heading=heading)

    total = volume(38560, "通借通还", False)
    main, branch = volume(21045, "总馆", True), volume(17515, "分馆", True)
    other_section = volume(900, "预约", True, heading="五、其他")
    volumes = [total, main, branch, other_section]
    assert _total_of(main, volumes) is total
    assert _total_of(branch, volumes) is total
    assert _total_of(other_section, volumes) is None  # another heading: not this total's part
    assert _total_of(total, volumes) is None
    bigger_part = volume(40000, "线上", True)
    assert _total_of(bigger_part, volumes) is None  # a total is never smaller than its part


@pytest.mark.parametrize(
    ("population", "confidence", "tolerable", "size"),
    [
        (100_000, 0.90, 0.10, 22),  # the published table's figure
        (100_000, 0.95, 0.10, 29),
        (186, 0.95, 0.10, 26),
        (62, 0.90, 0.10, 17),
        (8, 0.90, 0.10, 7),
        (1, 0.95, 0.10, 1),
    ],
)
def test_attribute_sample_size_follows_the_table_and_never_exceeds_the_population(
    population: int, confidence: float, tolerable: float, size: int
) -> None:
    assert attribute_size(population, confidence, tolerable) == size
    assert attribute_size(population, confidence, tolerable) <= population


@pytest.mark.parametrize(
    ("line", "quote", "ok"),
    [
        ("材料中写明“会议纪要在会议结束后48小时内印发”。", "会议纪要在会议结束后48小时内印发。", True),
        ("时限为“20个工作日”，实际用了30天。", "法定时限为20个工作日。", False),  # 30 not in the source
        ("“会议纪要24小时内印发”", "会议纪要在会议结束后48小时内印发。", False),  # misquote
        ("这一职责怎样落实？", "负责全局公文处理。", False),  # no shared term
        ("公文处理的职责怎样落实？", "负责全局公文处理。", True),
        (
            "“收文登记分办：收文后1个工作日内完成登记分办”",
            "| 收文登记分办 | 收文后1个工作日内完成登记分办 |",
            True,
        ),
        ("How is the limit “original: 十个工作日内办结” kept?", "十个工作日内办结", True),
        # A figure the source writes in words supports its digits, and only its digits.
        ("Population: 612 complaints.", "We received six hundred and twelve complaints in 2025.", True),
        ("Population: 621 complaints.", "We received six hundred and twelve complaints in 2025.", False),
        ("全年受理投诉612件。", "We received six hundred and twelve complaints in 2025.", True),
        ("总体400（12345转办件）。", "12345转办件 | 四百余件 | 多数转其他科室办理", True),
        ("总体4,000（12345转办件）。", "12345转办件 | 四百余件 | 多数转其他科室办理", False),
        # A row the facts stage names by its headers ("事项：…；承诺时限：…") quoted from the bare row.
        ("“事项：待遇核定；承诺时限：10个工作日内完成”", "| 待遇核定 | 10个工作日内完成 |", True),
        ("“事项：待遇核定；承诺时限：5个工作日内完成”", "| 待遇核定 | 10个工作日内完成 |", False),
        ("“承诺时限：”", "| 待遇核定 | 10个工作日内完成 |", False),  # a label alone is no quote
        ("能否举一个例子说明公文处理？", "负责公文处理。", True),  # "一个" is no figure
    ],
)
def test_a_line_passes_only_when_its_quote_supports_it(line: str, quote: str, ok: bool) -> None:
    assert check_support(line, [_citation(quote)]).ok is ok


def test_a_line_without_citation_fails() -> None:
    assert not check_support("公文处理", []).ok


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("行政审批股", "Administrative Licensing Section"),
        ("行政审批科", "Administrative Licensing Section"),
        ("办公室", "General Office"),
        ("信访办", "Letters and Visits Office"),
        ("信息中心", "Information Centre"),
        ("督查室", "Supervision and Inspection Office"),
        ("劳动保障监察大队", "Labour Inspection Brigade"),
        ("某某科", ""),  # unknown stem: no invented name
        # Word by word when every character of the stem is a known word.
        ("文化市场管理科", "Cultural Market Management Section"),
        ("殡葬管理股", "Funeral Management Section"),
        ("统计执法监督股", "Statistical Law Enforcement Supervision Section"),
        ("综合核算股", "General Accounting Section"),
        ("农村经济指导股", "Rural Economic Guidance Section"),
        # One unknown word leaves the name uncomposed: half a translation misleads.
        ("文化某某管理科", ""),
        ("党委办公室", ""),
    ],
)
def test_english_department_names_are_composed_from_stem_and_suffix(name: str, english: str) -> None:
    assert english_department(name) == english


@pytest.mark.parametrize(
    ("person", "english"),
    [
        ("林晓岚科长", "Section Chief Lin Xiaolan"),
        ("副局长周明远", "Deputy Director-General Zhou Mingyuan"),
        ("单雄科长", "Section Chief Shan Xiong"),  # surname read as a surname
        ("欧阳明股长", "Section Chief Ouyang Ming"),
        ("林晓岚", ""),  # no title: left alone
        ("某科长助理", ""),
    ],
)
def test_people_are_named_in_english_only_when_it_can_be_done_right(person: str, english: str) -> None:
    assert english_person(person) == english


@pytest.mark.parametrize(
    ("text", "skip"),
    [
        ("部门；质量目标；计算方法；数据来源", True),
        ("新OA系统切换。", True),
        ("体系文件修订", True),
        ("一般公文由承办科室在5个工作日内办结", False),
        ("部门：办公室；质量目标：公文办理按时率≥98%", False),
    ],
)
def test_a_table_header_or_a_bare_heading_is_no_question(text: str, skip: bool) -> None:
    assert is_header_or_heading(text) is skip


# A small agency written for this test (not the bundled corpus): a registration section with an
# open finding, a year and a count in one sentence, and another section's finding it mentions.
_REGISTRY = """---
title: 登记股职责
doc_type: department
department: 登记股
language: zh
---

# 登记股职责

## 部门概况

登记股股长许明远主持全面工作。登记股负责企业设立和变更登记，指导各基层所窗口的受理工作。

## 办理时限

企业设立登记在受理后3个工作日内办结；变更登记在受理后2个工作日内办结。

## 年度业务量

2025年登记股办理企业设立登记1,240件，变更登记860件。

## 上次审核发现

登记股在2025年内部审核中被开具不符合项NC-2025-04：抽查的30份设立登记档案中有4份超过3个工作日且没有延期记录，目前尚未验证。

档案股的NC-2025-09说明登记档案移交不及时，登记股需配合档案股整改。

## 风险

新入职人员较多，容易出现超时限办理。
"""
_ARCHIVES = """---
title: 档案股职责
doc_type: department
department: 档案股
language: zh
---

# 档案股职责

档案股负责登记档案的接收、整理和借阅管理，每月接收各股室移交的档案。
"""


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    root = tmp_path_factory.mktemp("small-agency")
    (root / "registry.md").write_text(_REGISTRY, encoding="utf-8")
    (root / "archives.md").write_text(_ARCHIVES, encoding="utf-8")
    return hash_index(root, tmp_path_factory.mktemp("small-index"))


@pytest.fixture(scope="module")
def small_brief(small_index: HybridRetriever) -> tuple[object, object]:
    return plan_audit(small_index, "登记股", "zh"), plan_audit(small_index, "登记股", "en")


def test_small_agency_sample_sizes_are_never_a_year_or_above_the_population(small_brief: tuple) -> None:
    for brief in small_brief:
        for item in brief.sampling:
            if item.sample_size is not None:
                assert item.population is not None
                assert 0 < item.sample_size <= item.population
                assert not 1900 <= item.sample_size <= 2100
            else:
                assert item.method_kind in ("judgement", "verification")


def test_small_agency_open_finding_gets_a_verification_question(small_brief: tuple) -> None:
    zh = small_brief[0]
    verification = [q for q in zh.questions if q.follow_up and "NC-2025-04" in q.text]
    assert verification and "有效性验证" in verification[0].text
    assert "关闭" in verification[0].text


def test_small_agency_other_departments_finding_is_related_not_own(small_brief: tuple) -> None:
    zh = small_brief[0]
    assert "NC-2025-09" in zh.related_findings
    own = [line for line in zh.summary if line.kind == "finding"]
    assert own and all(line.finding_id != "NC-2025-09" for line in own)
    assert all("NC-2025-09" not in item.item for item in zh.sampling)
    assert "NC-2025-09" not in zh.opening.script


def test_small_agency_questions_agree_with_the_pdca_rule(small_brief: tuple) -> None:
    for brief in small_brief:
        for question in brief.questions:
            assert question.pdca == pdca_for_clause(question.clause), question.text


def test_small_agency_english_brief_has_an_english_title_and_head(small_brief: tuple) -> None:
    from assistant.render.brief import render_markdown

    english = render_markdown(small_brief[1])
    assert english.splitlines()[0] == "# Audit preparation brief: Registration Section"
    assert "Section Chief Xu Mingyuan" in english
    assert "Good morning, Section Chief Xu Mingyuan" in small_brief[1].opening.script


def test_small_agency_brief_reports_its_citation_support(small_brief: tuple) -> None:
    support = small_brief[0].to_dict()["citation_support"]
    assert support["checked"] > 0 and 0.0 <= support["share"] <= 1.0


_TRAIL = load_audit_model().sampling["grassroots_trail"]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("审核组在城东所窗口发现仍在使用第3版申请表", "城东所"),
        ("每季度抽查基层所窗口表单版本", "基层所窗口"),
        ("委托市场监管所开展现场核查", "市场监管所"),
        ("At the Chengdong station counter an old form was found", "the Chengdong station"),
        ("forms sent to every market-regulation station", "a market-regulation station"),
        ("负责全局公文处理", ""),
    ],
)
def test_the_unit_to_visit_is_named_only_when_the_passage_names_it(text: str, unit: str) -> None:
    from assistant.planner.trail import _unit

    assert _unit(_fact(text, kind="grassroots"), _TRAIL) == unit


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("城东所窗口仍在使用旧版申请表", True),
        ("an outdated form was still in use at the counter", True),
        ("sets the application form templates for the stations", False),  # "late" in "templates"
        ("指导9个市场监管所的受理工作", False),
    ],
)
def test_a_grassroots_passage_enters_the_trail_only_when_it_shows_a_problem(text: str, problem: bool) -> None:
    from assistant.planner.trail import _shows_problem

    lang = "en" if text.isascii() else "zh"
    assert _shows_problem(text, _TRAIL["problem"][lang]) is problem


@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 7, 10])
def test_every_named_risk_is_asked_about_in_a_few_questions(
    small_index: HybridRetriever, small_brief: tuple, count: int
) -> None:
    from assistant.planner.context import PlanContext
    from assistant.planner.guidance import GuidanceFinder
    from assistant.planner.questions import _risk_questions

    brief = small_brief[0]
    ctx = PlanContext(load_audit_model(), brief.profile, "zh", GuidanceFinder(small_index, "zh"))
    base = next(f for f in brief.profile.facts if f.citation)
    risks = [dataclasses.replace(base, kind="risk", text=f"第{n}项风险：台账可能漏登") for n in range(count)]
    questions = _risk_questions(ctx, risks)
    # A few at a time, never one per risk, and never more than two questions of the template.
    assert len(questions) == min(2, -(-count // 3))
    for n in range(count):
        assert sum(f"第{n}项风险" in q.text for q in questions) == 1


def _guidance_hit(text: str) -> object:
    from assistant.retrieval.hybrid import Hit

    return Hit("c1", "d1", "指南", "g.md", "", "guidance", "zh", "", text, 1.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The best sentence is a worked example with another department's figures: the next one.
        (
            "基层所代办的事项仍由本部门负责。又如办公室要求基层所在3个工作日内转办。",
            "基层所代办的事项仍由本部门负责。",
        ),
        # Nothing rejected: the sentence sharing most words, as before.
        ("委托和外包要有要求。基层所代办、委托事项要抽查。", "基层所代办、委托事项要抽查。"),
        # Every sentence sharing a word is rejected: no quote at all rather than a wrong one.
        ("办公室要求基层所3日内办结。", ""),
        # A sentence that shares no word is never taken in place of a rejected one.
        ("办公室要求基层所3日内办结。天气晴好。", ""),
    ],
)
def test_guidance_quote_passes_over_sentences_the_caller_rejects(text: str, expected: str) -> None:
    from assistant.planner.guidance import best_sentence

    def others_figures(sentence: str) -> bool:
        return "办公室" in sentence and any(c.isdigit() for c in sentence)

    assert best_sentence(_guidance_hit(text), ["基层所", "委托", "代办"], others_figures) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "rejected"),
    [
        ("办公室要求领导批示件在3个工作日内转办。", True),  # another department with a figure
        ("办公室负责公文处理。", False),  # another department, no figure
        ("登记股要求5个工作日内办结，办公室督办。", False),  # names this department too
        ("各科室应在3个工作日内答复。", False),  # no department named
        ("The Bureau Office forwards instructions within 3 working days.", False),  # not a known name
    ],
)
def test_a_sentence_with_another_departments_figures_is_no_support(
    small_index: HybridRetriever, small_brief: tuple, text: str, rejected: bool
) -> None:
    from assistant.planner.context import PlanContext
    from assistant.planner.guidance import GuidanceFinder

    profile = small_brief[0].profile
    ctx = PlanContext(
        load_audit_model(), profile, "zh", GuidanceFinder(small_index, "zh"), ("登记股", "办公室", "档案股")
    )
    assert ctx.others_figures(text) is rejected


@pytest.mark.parametrize(
    ("text", "population"),
    [
        # A number in the row's item cell names the item (the 12301 hotline), it counts nothing.
        ("Channel: 12301 online platform; Complaints 2025: 388; Share: 63.4%.", None),
        ("渠道: 12345热线转办; 件数: 171; 占比: 27.9%", None),
        # Counts in the other cells are read as before.
        ("项目: 收文; 2025年数量: 1,246件; 构成: 纸质收文318件，OA电子收文928件。", 928),
        # Not a row: the sentence's own count.
        ("We received 612 complaints in 2025.", 612),
        ("2025年受理信访件1,350件。", 1350),
    ],
)
def test_a_row_label_number_is_never_a_population(text: str, population: int | None) -> None:
    from assistant.facts.fact import Fact
    from assistant.planner.sampling import fact_population

    fact = Fact(kind="volume", text=text, citation=None)  # type: ignore[arg-type]
    found = fact_population(fact)
    assert (found[0] if found else None) == population


@pytest.mark.parametrize(
    ("status", "language", "phrase"),
    [
        ("open", "zh", "NC-2026-09的纠正措施是否有效"),
        ("corrected_unverified", "en", "whether the corrective action for NC-2026-09 worked"),
        # A closed finding is checked for whether the fix holds: "did it work" is settled.
        ("closed", "zh", "NC-2026-09关闭后同类问题是否再次出现"),
        ("closed", "en", "whether the problem behind the closed NC-2026-09 has stayed away"),
    ],
)
def test_the_script_names_a_closed_finding_for_whether_its_fix_holds(
    small_index: HybridRetriever, small_brief: tuple, status: str, language: str, phrase: str
) -> None:
    from assistant.planner.context import PlanContext
    from assistant.planner.guidance import GuidanceFinder
    from assistant.planner.sampling import _short

    brief = small_brief[0]
    ctx = PlanContext(load_audit_model(), brief.profile, language, GuidanceFinder(small_index, language))
    base = next(f for f in brief.profile.facts if f.citation)
    finding = dataclasses.replace(base, kind="finding", finding_id="NC-2026-09", status=status)
    assert _short(ctx, _Candidate("finding", finding, 0)) == phrase


@pytest.mark.parametrize(
    ("limit", "volume", "population"),
    [
        # A generic noun in common is no shared work: 督办事项 are not 主动公开事项.
        ("主动公开事项自信息形成之日起20个工作日内公开", "全年登记督办事项58项。", None),
        ("Disclosure items are published within 20 working days.", "We logged 58 supervision items.", None),
        # The same work keeps its count.
        ("督办事项应在交办单载明的期限内办结", "全年登记督办事项58项。", 58),
    ],
)
def test_a_generic_noun_in_common_gives_no_population(
    small_index: HybridRetriever, small_brief: tuple, limit: str, volume: str, population: int | None
) -> None:
    from assistant.planner.context import PlanContext
    from assistant.planner.guidance import GuidanceFinder
    from assistant.planner.sampling import _best_population, _Keywords

    language = "en" if limit.isascii() else "zh"
    brief = small_brief[0]
    ctx = PlanContext(load_audit_model(), brief.profile, language, GuidanceFinder(small_index, language))
    anchor = _fact(limit, kind="time_limit")
    count = 58
    counted = "督办事项" if language == "zh" else "supervision items"
    volumes = [_fact(volume, kind="volume", count=count, counted=counted)]
    best = _best_population(_Keywords(ctx), anchor, volumes)
    assert (best[0][0] if best else None) == population


def test_the_opening_script_never_announces_a_finding_twice(small_brief: tuple) -> None:
    for brief in small_brief:
        ids = {f.finding_id for f in brief.profile.of_kind("finding") if f.finding_id}
        assert ids, "the small agency has findings"
        assert any(i in brief.opening.script for i in ids)
        for finding_id in ids:
            assert brief.opening.script.count(finding_id) <= 1, (finding_id, brief.opening.script)


def test_a_ledgers_overdue_and_open_complaints_come_first_in_the_profile(
    small_index: HybridRetriever, small_brief: tuple
) -> None:
    from assistant.facts.profile import DepartmentProfile
    from assistant.planner.context import PlanContext
    from assistant.planner.guidance import GuidanceFinder
    from assistant.planner.summary import build_summary

    rows = [
        "序号：TS-01；事项：停车收费；办理工作日：4；是否超时：否",
        "序号：TS-02；事项：押金未退；办理工作日：7；是否超时：否",
        "序号：TS-05；事项：强制购物；办理工作日：14；是否超时：是",
        "序号：TS-06；事项：门票价格；办理工作日：3；是否超时：否",
        "序号：TS-07；事项：游船超载；办理工作日：6；是否超时：否",
        "序号：TS-18；事项：厕所不足；是否超时：办理中",
    ]
    facts = [_fact(row, kind="complaint", origin="agency", language="zh") for row in rows]
    profile = DepartmentProfile("登记股", (), "zh", ("zh",), [], facts)
    ctx = PlanContext(load_audit_model(), profile, "zh", GuidanceFinder(small_index, "zh"))
    shown = [line.text for line in build_summary(ctx) if line.kind == "complaint"]
    assert any("TS-05" in text for text in shown[:2]) and any("TS-18" in text for text in shown[:2])


def test_questions_come_from_troubled_ledger_cases_and_named_procedures_only() -> None:
    from assistant.facts.profile import DepartmentProfile
    from assistant.planner.questions import _fact_questions

    facts = [
        _fact("序号：TS-01；事项：停车收费；是否超时：否", kind="complaint", origin="agency"),
        _fact("序号：TS-05；事项：强制购物；是否超时：是", kind="complaint", origin="agency"),
        _fact("形成签到表和会议记录。", kind="procedure"),
        _fact("按《会议管理办法》执行，形成会议记录。", kind="procedure", label="会议管理办法"),
    ]
    profile = DepartmentProfile("登记股", (), "zh", ("zh",), [], facts)
    asked = [fact.text for fact, _ in _fact_questions(profile)]
    assert "序号：TS-05；事项：强制购物；是否超时：是" in asked
    assert "序号：TS-01；事项：停车收费；是否超时：否" not in asked  # on time, no figure: nothing to ask
    assert "按《会议管理办法》执行，形成会议记录。" in asked
    assert "形成签到表和会议记录。" not in asked  # names no procedure to ask about
