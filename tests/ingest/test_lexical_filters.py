"""BM25 filters: the rows kept per (field, value) always match the generation's table."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.lexical import LexicalIndex
from ingest.vectorstore import StoredChunk


def stored(n: int, department_of: dict[int, str]) -> list[StoredChunk]:
    return [
        StoredChunk(
            f"c{i}", f"内部审核 记录 第{i}条 纠正措施", {
                "department": department_of.get(i, "办公室"), "language": "zh" if i % 2 else "en",
                "doc_type": "record", "title": f"记录{i}",
            },
        )
        for i in range(n)
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {f"c{i}" for i in range(12)}),
        ({"department": "财务科"}, {"c3", "c7"}),
        ({"department": "财务科", "language": "zh"}, {"c3", "c7"}),
        ({"department": "财务科", "language": "en"}, set()),
        ({"language": "en"}, {f"c{i}" for i in range(0, 12, 2)}),
        ({"department": "没有"}, set()),
        ({"department": ""}, {f"c{i}" for i in range(12)}),  # an empty value does not filter
        ({"unknown_field": "x"}, {f"c{i}" for i in range(12)}),
    ],
)
def test_filtered_search_keeps_exactly_the_matching_rows(
    tmp_path: Path, filters: dict[str, str], expected: set[str]
) -> None:
    index = LexicalIndex(tmp_path / "lexical")
    index.rebuild(stored(12, {3: "财务科", 7: "财务科"}))
    for _ in range(2):  # the second search reads the kept rows
        assert {h.chunk_id for h in index.search("纠正措施", 50, filters)} == expected


def test_a_rebuild_forgets_the_rows_kept_for_the_old_table(tmp_path: Path) -> None:
    index = LexicalIndex(tmp_path / "lexical")
    index.rebuild(stored(8, {1: "财务科"}))
    assert {h.chunk_id for h in index.search("纠正措施", 50, {"department": "财务科"})} == {"c1"}
    index.rebuild(stored(8, {5: "财务科"}))
    assert {h.chunk_id for h in index.search("纠正措施", 50, {"department": "财务科"})} == {"c5"}
