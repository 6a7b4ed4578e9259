"""The catalogue of ingested documents, read from stored chunk metadata alone.

``auditprep documents`` lists one row per document: where it came from, its title, type,
department and language, how many chunks it has, and how the department and the type were
found (``declared``, ``front matter``, ``folder``, ``duties section``, ``title``, ``file name``;
``front matter``, ``folder``, ``title``, ``content``). It takes any iterable of metadata
mappings, so it works on Chroma's ``iter_all()`` and on the lexical table alike.

Usage::

    store = ChromaStore.open(data_dir, None, embedder.name, embedder.dimension)
    rows = catalog_documents(chunk.metadata for chunk in store.iter_all())
    unassigned = [r for r in rows if r.mentions and not r.department]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from ingest.metadata.infer import MENTIONS_SEPARATOR


@dataclass(frozen=True)
class DocumentRow:
    """One document of the index. ``chunks`` counts its stored chunks; ``mentions`` holds the
    departments it names without being assigned to them."""

    source: str
    title: str
    doc_type: str
    department: str
    language: str
    chunks: int
    department_source: str
    doc_type_source: str
    mentions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (``mentions`` as a list), for ``--json``."""
        data = asdict(self)
        data["mentions"] = list(self.mentions)
        return data


def catalog_documents(metadatas: Iterable[Mapping[str, object]]) -> list[DocumentRow]:
    """One row per document (grouped by ``source``), sorted by source.

    A chunk stored before the provenance keys existed shows "" for them; the first chunk of a
    document seen supplies its fields (all chunks of one document share them).
    """
    first: dict[str, Mapping[str, object]] = {}
    counts: dict[str, int] = {}
    for meta in metadatas:
        source = str(meta.get("source") or "")
        if not source:
            continue
        first.setdefault(source, meta)
        counts[source] = counts.get(source, 0) + 1
    rows: list[DocumentRow] = []
    for source in sorted(first):
        meta = first[source]
        text = {key: str(meta.get(key) or "") for key in DocumentRow.__dataclass_fields__}
        mentioned = str(meta.get("mentions_departments") or "").split(MENTIONS_SEPARATOR)
        rows.append(
            DocumentRow(
                source=source,
                title=text["title"],
                doc_type=text["doc_type"],
                department=text["department"],
                language=text["language"],
                chunks=counts[source],
                department_source=text["department_source"],
                doc_type_source=text["doc_type_source"],
                mentions=tuple(m for m in mentioned if m),
            )
        )
    return rows


def mentioning_without_assignment(rows: Iterable[DocumentRow]) -> list[DocumentRow]:
    """Documents that name departments but belong to none (procedures, records, guides)."""
    return [row for row in rows if row.mentions and not row.department]
