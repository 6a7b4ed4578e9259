"""Tables typed into plain text become row sentences like every other reader's tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.formats.plain_tables import render_plain_tables
from ingest.loaders import TextLoader

ROW = "编号: TS-01; 承办部门: 办公室; 事由: 超时。"


@pytest.mark.parametrize(
    "text",
    [
        "编号\t承办部门\t事由\nTS-01\t办公室\t超时\nTS-02\t财务科\t收费",  # tabs
        "编号 | 承办部门 | 事由\nTS-01 | 办公室 | 超时\nTS-02 | 财务科 | 收费",  # bars, no outer bars
        "| 编号 | 承办部门 | 事由 |\n|---|---|---|\n| TS-01 | 办公室 | 超时 |\n| TS-02 | 财务科 | 收费 |",
        "编号｜承办部门｜事由\nTS-01｜办公室｜超时\nTS-02｜财务科｜收费",  # full-width bars
        "编号    承办部门    事由\nTS-01   办公室      超时\nTS-02   财务科      收费",  # aligned spaces
        "编号\u3000承办部门\u3000事由\nTS-01\u3000办公室\u3000超时\nTS-02\u3000财务科\u3000收费",
    ],
)
def test_typed_tables_become_rows_named_by_their_header(text: str) -> None:
    lines = render_plain_tables(text).split("\n")
    assert lines[0] == ROW
    assert lines[1] == "编号: TS-02; 承办部门: 财务科; 事由: 收费。"


@pytest.mark.parametrize(
    "text",
    [
        "本局承诺10个工作日办结 | 超时需说明理由。\n第二行没有分隔。\n第三行。",  # one bar in prose
        "负责人\t张三\n联系电话\t0571-1234\n地址\t某路1号",  # two columns: a list of labels
        "编号\t部门\t事由\nTS-01\t办公室\n说明文字。",  # rows of unequal width
        "Sentence one.  Sentence two.  Three.\nA normal line.\nAnother line.",  # spaces, one line
        "　　第一段以全角空格缩进。\n　　第二段也是。\n　　第三段。",  # paragraph indents
    ],
)
def test_prose_and_lists_are_left_alone(text: str) -> None:
    assert render_plain_tables(text) == text


def test_a_gbk_ledger_file_is_read_with_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "台账.txt"
    ledger = "2025年投诉登记台账\n编号\t承办部门\t事由\nTS-01\t办公室\t超时\nTS-02\t财务科\t收费\n"
    path.write_text(ledger, encoding="gbk")
    text, meta = TextLoader().load(path)
    assert text.split("\n")[:2] == ["2025年投诉登记台账", ROW]
    assert meta == {}


def test_a_list_of_records_without_a_header_keeps_every_line_as_a_row() -> None:
    text = (
        "《受理登记表》（QR-05-01）        审批科      长期\n"
        "《补正通知书》（QR-05-02）        审批科      10年\n"
        "《受托初审意见表》（QR-05-04）    各分局      10年"
    )
    assert render_plain_tables(text).split("\n") == [
        "《受理登记表》（QR-05-01）; 审批科; 长期。",
        "《补正通知书》（QR-05-02）; 审批科; 10年。",
        "《受托初审意见表》（QR-05-04）; 各分局; 10年。",
    ]
