"""OCR'd text as the facts layer reads it: spaces a recogniser puts inside Chinese words are
closed, spaces between Latin words kept, and a scanned notice's time limit and a decision in
scanned minutes are recognised once the page is read. The end-to-end test needs the ``ocr``
extra and a CJK font and skips without them."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.facts.fact import classify
from assistant.facts.recognizers import split_units
from ingest.formats import ocr
from ingest.formats.ocr import close_cjk_gaps
from ingest.loaders import load_file
from tests.ingest.test_formats import draw_page, find_cjk_font


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("会 议 纪 要", "会议纪要"),
        ("须在 5 个工作日内办结", "须在5个工作日内办结"),
        ("自 2026 年 3 月 1 日起", "自2026年3月1日起"),
        ("共 1,200 件", "共1,200件"),
        ("状态：已 关闭", "状态：已关闭"),
        ("登记　科", "登记科"),  # an ideographic space
        # Latin words keep their spaces, Chinese or not around them.
        ("ISO 9001 质量管理体系", "ISO 9001质量管理体系"),
        ("NC-2025-01 open", "NC-2025-01 open"),
        ("Minutes of the 3 meetings", "Minutes of the 3 meetings"),
        ("within 10 working days", "within 10 working days"),
    ],
)
def test_ocr_gaps_inside_chinese_are_closed(text: str, closed: str) -> None:
    assert close_cjk_gaps(text) == closed


def test_a_scanned_notice_reaches_the_facts_layer(tmp_path: Path) -> None:
    font = find_cjk_font()
    if font is None:
        pytest.skip("no CJK font: cannot draw Chinese text")
    if ocr.get_ocr_engine() is None:
        pytest.skip("the ocr extra is not installed (pip install 'auditprep[ocr]')")
    # Wide-set type, as on a stamped notice: the recogniser may read it glyph by glyph.
    lines = (
        "关于调整抵押登记时限的通知",
        "自2026年3月1日起，抵押登记须在 3 个工作日内办结。",
        "会议议定：由登记科负责，4月30日前完成档案清理。",
    )
    path = tmp_path / "notice.png"
    draw_page(font, lines, size=(1400, 420)).save(path)
    text = load_file(path, tmp_path).page_content
    kinds = [kind for unit in split_units(text, fine=True) for kind in classify(unit.display, [])]
    assert "time_limit" in kinds
    assert "key_work" in kinds
