"""Citations: verbatim quotes only, deduplicated in first-seen order."""

from __future__ import annotations

import pytest

from assistant.retrieval.citations import Citation, shorten, unique_citations
from assistant.retrieval.hybrid import Hit


def _hit(text: str, chunk_id: str = "c1") -> Hit:
    return Hit(chunk_id, "doc", "Title", "doc.md", "", "system", "zh", "Title", text, 0.0)


def test_for_hit_refuses_a_quote_that_is_not_in_the_chunk() -> None:
    hit = _hit("信访事项应当自受理之日起60日内办结。")
    assert Citation.for_hit(hit, "60日内办结").quote == "60日内办结"
    with pytest.raises(ValueError, match="not in chunk c1"):
        Citation.for_hit(hit, "30日内办结")


def test_shorten_gives_a_verbatim_prefix_ending_at_a_sentence() -> None:
    text = "第一句说明适用范围和职责分工，内容较长。" * 12
    short = shorten(text, limit=60)
    assert text.startswith(short) and short.endswith("。") and len(short) <= 60


def test_unique_citations_keeps_first_seen_order_and_drops_repeats() -> None:
    a = Citation("d", "c1", "T", "甲")
    b = Citation("d", "c2", "T", "乙")
    a_again = Citation("d", "c1", "T", "甲", source="other")
    c = Citation("d", "c1", "T", "丙")
    assert unique_citations([a, b, a_again, c, b]) == [a, b, c]
