"""The document catalogue is built from chunk metadata alone: one row per source."""

from __future__ import annotations

from ingest.catalog import DocumentRow, catalog_documents, mentioning_without_assignment


def chunk(source: str, **meta: object) -> dict[str, object]:
    return {"source": source, "title": source.upper(), "language": "zh", **meta}


def test_one_row_per_document_with_its_chunk_count_sorted_by_source() -> None:
    rows = catalog_documents(
        [
            chunk("kb/b.md", doc_type="system", department="", department_source="",
                  doc_type_source="title", mentions_departments="督查室; 办公室"),
            chunk("kb/a.md", doc_type="department", department="督查室",
                  department_source="duties section", doc_type_source="content"),
            chunk("kb/b.md", doc_type="system", department="", department_source="",
                  doc_type_source="title", mentions_departments="督查室; 办公室"),
            {"title": "no source"},  # not a document chunk: skipped
        ]
    )
    assert [(r.source, r.chunks) for r in rows] == [("kb/a.md", 1), ("kb/b.md", 2)]
    assert rows[0] == DocumentRow(
        "kb/a.md", "KB/A.MD", "department", "督查室", "zh", 1, "duties section", "content", ()
    )
    assert rows[1].mentions == ("督查室", "办公室")
    assert mentioning_without_assignment(rows) == [rows[1]]


def test_chunks_stored_before_provenance_existed_show_empty_sources() -> None:
    (row,) = catalog_documents([chunk("old/x.md", doc_type="guidance", department="")])
    assert (row.department_source, row.doc_type_source, row.mentions) == ("", "", ())
    assert row.to_dict() == {
        "source": "old/x.md", "title": "OLD/X.MD", "doc_type": "guidance", "department": "",
        "language": "zh", "chunks": 1, "department_source": "", "doc_type_source": "",
        "mentions": [],
    }
