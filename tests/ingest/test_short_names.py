"""Short names documents define for units become aliases of the department they stand for."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.retrieval.departments import find_department, resolve_department
from ingest.embedders import HashEmbeddings
from ingest.metadata.short_names import abbreviates, contracted_names, defined_short_names, short_names_for
from tests.assistant.chat_support import build_index


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "本次覆盖办公室和Farm Produce Quality & Safety Unit（以下简称FPQS Unit），并抽查",
            ["和Farm Produce Quality & Safety Unit=FPQS Unit"],
        ),
        ("政策法规科（下称“法规科”）负责", ["政策法规科=法规科"]),
        ("行政审批科（简称审批科）", ["行政审批科=审批科"]),
        ("由信访投诉办公室(以下简称: 信访办)登记", ["由信访投诉办公室=信访办"]),
        (
            'The Office of Policy and Regulations (hereafter "the Policy Office") drafts',
            ["The Office of Policy and Regulations=Policy Office"],
        ),
        (
            "The Quality and Safety Monitoring Office (QSMO) runs the lab",
            ["The Quality and Safety Monitoring Office=QSMO"],
        ),
        # not definitions of a unit's short name
        ('Hotline & Outreach Unit (the "Unit") answers', []),  # a bare unit word
        ("临江市市场监督管理局（以下简称“本局”）的办公室", []),
        ("the procedure (Note) says", []),
        ("See the form (Annex 2) for", []),
        ("办公室（2人）负责", []),
        ("审批股（TXNY/CX-12）", []),
        ("收文1,932件（含急件）", []),
        ("the register (see below) lists", []),
    ],
)
def test_definitions_found_and_not(text: str, expected: list[str]) -> None:
    found = [entry.replace("本次覆盖办公室", "") for entry in defined_short_names(text)]
    assert found == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Farm Produce Quality & Safety Unit", {"FPQS Unit"}),
        ("farm produce quality & safety unit", {"FPQS Unit"}),  # case and spaces ignored
        ("Safety Unit", {"FPQS Unit"}),  # a name that ends the text before: the index decides
        ("行政审批股", set()),  # named earlier in the sentence, not defined
        ("办公室", set()),
    ],
)
def test_short_names_attach_to_the_department_that_ends_the_text_before(
    name: str, expected: set[str]
) -> None:
    definitions = defined_short_names(
        "本次覆盖办公室、行政审批股和Farm Produce Quality & Safety Unit（以下简称FPQS Unit）"
    )
    assert short_names_for(name, definitions) == expected


def test_a_short_name_defined_in_one_document_finds_the_department_of_another(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "audit_report_2026.md").write_text(
        "# 2026年度内部审核报告\n\n本次审核覆盖办公室和Seed Quality Testing Unit（以下简称SQT Unit）。\n",
        encoding="utf-8",
    )
    (docs / "sqt_remit.md").write_text(
        "# Seed Quality Testing Unit: remit\n\n## Duties\n\nThe Unit tests seed lots in ten working days.\n",
        encoding="utf-8",
    )
    retriever = build_index(docs, tmp_path / "index", HashEmbeddings())
    infos = retriever.departments()
    unit = next(i for i in infos if i.name == "Seed Quality Testing Unit")
    assert "SQT Unit" in unit.aliases
    assert resolve_department("SQT Unit", infos) == "Seed Quality Testing Unit"
    assert find_department("How fast does the SQT Unit test seed lots?", infos) == "Seed Quality Testing Unit"


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Visitor Services and Tourism Quality Office", {"Visitor Services Office"}),
        ("Finance and Asset Section", {"Finance Section"}),
        ("Public Health and Safety Inspection Division", {"Public Health Division"}),
        # No "and" joining two fields, or no unit word at the end: no short form.
        ("Rural Water Supply Unit", set()),
        ("Survey Operations Unit", set()),
        ("Office of Policy and Regulations", set()),
        ("Planning and Development", set()),
        # A list before the "and" is not one field.
        ("Health, Safety and Environment Office", set()),
        ("财务和资产管理科", set()),
    ],
)
def test_an_english_unit_joined_with_and_has_its_first_field_as_short_form(
    name: str, short: set[str]
) -> None:
    assert contracted_names(name) == short


def test_a_short_form_two_units_share_is_an_alias_of_neither(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in (
        "Visitor Services and Tourism Quality Office",
        "Finance and Asset Section",
        "Finance and Budget Section",
    ):
        (docs / f"{name.replace(' ', '_')}.md").write_text(
            f"# {name}: remit\n\n## Duties\n\nThe unit answers letters in ten working days.\n",
            encoding="utf-8",
        )
    infos = {i.name: i for i in build_index(docs, tmp_path / "index", HashEmbeddings()).departments()}
    assert "Visitor Services Office" in infos["Visitor Services and Tourism Quality Office"].aliases
    assert "Finance Section" not in infos["Finance and Asset Section"].aliases
    assert "Finance Section" not in infos["Finance and Budget Section"].aliases
    assert resolve_department("Visitor Services Office", list(infos.values())) == (
        "Visitor Services and Tourism Quality Office"
    )


def test_a_unit_named_with_its_county_is_known_by_its_own_name(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "brigade.md").write_text(
        "# 宁川县水政监察大队2025年工作说明\n\n## 一、职责\n\n"
        "宁川县水政监察大队负责河道巡查，每月巡查两次。\n",
        encoding="utf-8",
    )
    infos = build_index(docs, tmp_path / "index", HashEmbeddings()).departments()
    assert [i.name for i in infos] == ["水政监察大队"]
    assert find_department("水政监察大队每月巡查几次？", infos) == "水政监察大队"


@pytest.mark.parametrize(
    ("short", "name", "abbreviated"),
    [
        ("殡管股", "殡葬管理股", True),
        ("文市科", "文化市场管理科", True),
        ("财务科", "财务资产科", True),
        # A tail is found by name search; another unit word, first character or order is no
        # short form; a unit is not its own short form.
        ("审批科", "行政审批科", False),
        ("殡管科", "殡葬管理股", False),
        ("管理股", "殡葬管理股", False),
        ("管殡股", "殡葬管理股", False),
        ("殡葬管理股", "殡葬管理股", False),
        ("殡股", "殡葬管理股", False),
        ("Survey Unit", "Survey Operations Unit", False),
    ],
)
def test_a_chinese_short_form_keeps_the_names_first_character_order_and_unit_word(
    short: str, name: str, abbreviated: bool
) -> None:
    assert abbreviates(short, name) is abbreviated


def test_a_short_form_the_records_write_is_an_alias_when_it_fits_one_unit(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, duty in (("殡葬管理股", "殡葬服务监管"), ("殡仪管理股", "殡仪馆管理"), ("财务资产科", "财务")):
        (docs / f"{name}职责.md").write_text(f"# {name}职责\n\n## 职责\n\n负责{duty}。\n", encoding="utf-8")
    (docs / "台账.md").write_text(
        "# 2025年投诉登记台账\n\n财务科答复投诉3件；殡管股答复投诉5件。\n", encoding="utf-8"
    )
    infos = {i.name: i for i in build_index(docs, tmp_path / "index", HashEmbeddings()).departments()}
    assert "财务科" in infos["财务资产科"].aliases
    # "殡管股" fits 殡葬管理股 and 殡仪管理股 alike: it is neither's alias.
    assert "殡管股" not in infos["殡葬管理股"].aliases
    assert "殡管股" not in infos["殡仪管理股"].aliases


def test_an_english_documents_name_for_a_chinese_unit_is_its_alias(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, duty in (("公共文化服务科", "文化站业务指导"), ("文化市场管理科", "演出审批")):
        (docs / f"{name}职责.md").write_text(f"# {name}职责\n\n## 职责\n\n负责{duty}。\n", encoding="utf-8")
    (docs / "procedure.md").write_text(
        "# Township Station Supervision Procedure\n\n## Scope\n\n"
        "The Public Culture Section visits each station twice a year. "
        "The Public Security Section is informed.\n",
        encoding="utf-8",
    )
    infos = {i.name: i for i in build_index(docs, tmp_path / "index", HashEmbeddings()).departments()}
    assert "Public Culture Section" in infos["公共文化服务科"].aliases
    # A name whose words compose no unit here is nobody's alias.
    assert all("Public Security Section" not in i.aliases for i in infos.values())


def test_a_chinese_records_name_for_an_english_unit_is_its_alias(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, duty in (("Fund Supervision Section", "inspects"), ("Grassroots Work Section", "guides")):
        remit = f"# {name}: Remit\n\n## What we do\n\nThe {name} {duty}.\n"
        (docs / f"{name}.md").write_text(remit, encoding="utf-8")
    (docs / "待遇科职责.md").write_text("# 待遇保障股职责\n\n## 职责\n\n负责待遇审核。\n", encoding="utf-8")
    (docs / "内审报告.md").write_text(
        "# 2026年内部审核报告\n\n## 不符合项\n\n"
        "| 编号 | 受审核部门 | 不符合事实 |\n| --- | --- | --- |\n"
        "| N2026-03 | 基金监管股 | 2份检查记录只有1人签字。 |\n"
        "| N2026-04 | 基层工作科 | 台账未按月汇总。 |\n"
        "| N2026-05 | 信访办公室 | 3件投诉未回访。 |\n",
        encoding="utf-8",
    )
    infos = {i.name: i for i in build_index(docs, tmp_path / "index", HashEmbeddings()).departments()}
    assert "基金监管股" in infos["Fund Supervision Section"].aliases
    assert "基层工作科" in infos["Grassroots Work Section"].aliases
    # 信访办公室 composes none of the English names: nobody's alias.
    assert all("信访办公室" not in i.aliases for i in infos.values())
