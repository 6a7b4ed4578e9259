"""Headings from type sizes: a text layer's exact font sizes against OCR's wobbling box heights."""

from __future__ import annotations

import pytest

from ingest.formats.layout import LayoutAssembler, TextLine


def _lines(heading: str, heading_size: float, body_size: float, measured: bool = True) -> list[TextLine]:
    texts = [(heading, heading_size)] + [
        (f"第{n}段正文，内容较长，用来确定正文字号。", body_size) for n in range(6)
    ]
    return [
        TextLine(
            text, page=1, top=20.0 * n, bottom=20.0 * n + size, x0=30, x1=500, size=size, measured=measured
        )
        for n, (text, size) in enumerate(texts)
    ]


@pytest.mark.parametrize(
    ("heading", "heading_size", "body_size", "measured", "is_heading"),
    [
        ("1. What we do", 12.0, 10.5, True, True),  # 小四 over 五号: 1.14
        ("一、基本情况", 16.0, 12.0, True, True),
        ("1. What we do", 11.0, 10.5, True, False),  # 1.05: the body's own size, near enough
        ("1. What we do", 12.0, 10.5, False, False),  # OCR heights wobble: needs a clearer step
        ("1. What we do", 13.0, 10.5, False, True),
        ("本段以句号结束，不是标题。", 12.0, 10.5, True, False),
        # An English title longer than a Chinese one may be.
        ("Visitor Services and Tourism Quality Office: Work Profile 2026", 15.0, 10.5, True, True),
        ("这是一行很长的大字说明文字" * 6, 15.0, 10.5, True, False),
    ],
)
def test_a_line_set_larger_than_the_body_is_a_heading(
    heading: str, heading_size: float, body_size: float, measured: bool, is_heading: bool
) -> None:
    out = LayoutAssembler().assemble(_lines(heading, heading_size, body_size, measured))
    assert out[0].startswith("#") is is_heading
