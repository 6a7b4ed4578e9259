"""HTML tables reach the index as one sentence per row, cells prefixed by their header, as DOCX,
PDF and XLSX tables do."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import load_file

PAGE = """<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"""


def _load(tmp_path: Path, body: str, title: str = "农村经济指导股") -> str:
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(title=title, body=body), encoding="utf-8")
    return load_file(path, tmp_path).page_content


@pytest.mark.parametrize(
    ("table", "expected", "absent"),
    [
        (  # <th> header with a year column
            "<table><tr><th>项目</th><th>2025年</th></tr><tr><td>登记合作社</td><td>412家</td></tr>"
            "<tr><td>年报抽查</td><td>60家</td></tr></table>",
            ["项目: 登记合作社; 2025年: 412家。", "项目: 年报抽查; 2025年: 60家。"],
            [],
        ),
        (  # <thead> of <td> cells
            "<table><thead><tr><td>Item</td><td>Count</td></tr></thead>"
            "<tbody><tr><td>Permits</td><td>1,236</td></tr></tbody></table>",
            ["Item: Permits; Count: 1,236."],
            [],
        ),
        (  # no marked header, but a word row over a column of numbers
            "<table><tr><td>事项</td><td>件数</td><td>备注</td></tr>"
            "<tr><td>调解申请</td><td>86件</td><td>乡镇调处71件</td></tr></table>",
            ["事项: 调解申请; 件数: 86件; 备注: 乡镇调处71件。"],
            [],
        ),
        (  # a title cell spanning the columns is a preamble, not a data row
            "<table><tr><td colspan='2'>2025年办件统计</td></tr><tr><th>事项</th><th>件数</th></tr>"
            "<tr><td>农机登记</td><td>1,208件</td></tr></table>",
            ["2025年办件统计", "事项: 农机登记; 件数: 1,208件。"],
            ["事项: 2025年办件统计"],
        ),
        (  # a two-column form without a header stays as pairs
            "<table><tr><td>负责人</td><td>杜春华</td></tr><tr><td>职务</td><td>股长</td></tr></table>",
            ["负责人: 杜春华。", "职务: 股长。"],
            ["负责人: 职务"],
        ),
    ],
)
def test_table_rows_keep_their_headers(
    tmp_path: Path, table: str, expected: list[str], absent: list[str]
) -> None:
    text = _load(tmp_path, table)
    for line in expected:
        assert line in text, text
    for line in absent:
        assert line not in text, text


def test_a_nested_table_is_read_once_inside_its_cell(tmp_path: Path) -> None:
    inner = "<table><tr><th>站点</th><th>件数</th></tr><tr><td>石岭</td><td>512</td></tr></table>"
    outer = f"<table><tr><th>说明</th><th>明细</th></tr><tr><td>乡镇站</td><td>{inner}</td></tr></table>"
    text = _load(tmp_path, outer)
    assert text.count("石岭") == 1, text
    assert "站点: 石岭; 件数: 512。" in text


def test_text_around_a_table_keeps_its_order(tmp_path: Path) -> None:
    table = "<table><tr><th>事项</th><th>件数</th></tr><tr><td>甲</td><td>3件</td></tr></table>"
    body = f"<p>前言一句。</p>{table}<p>结尾一句。</p>"
    text = _load(tmp_path, body)
    assert text.index("前言一句") < text.index("事项: 甲") < text.index("结尾一句")


def test_a_huge_colspan_does_not_make_a_huge_row(tmp_path: Path) -> None:
    rows = "<tr><th>事项</th><th>件数</th></tr><tr><td>甲</td><td>3件</td></tr>"
    body = f"<table><tr><td colspan='99999999'>标题</td></tr>{rows}</table>"
    text = _load(tmp_path, body)
    assert len(text) < 500 and "事项: 甲; 件数: 3件。" in text
