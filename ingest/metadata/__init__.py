"""Metadata inference for ingested documents: departments (with how each was found), titles,
document types, declared departments and the vocabulary behind them.

``infer_metadata`` is what ``load_file`` calls; ``Declarations`` applies ``departments.yaml``
and ``--department`` on top (see ``ingest.sync``); ``draft_declarations`` writes a draft
``departments.yaml`` for ``auditprep departments --init``.
"""

from ingest.metadata.declarations import (
    DECLARATIONS_FILE,
    Declarations,
    DeclaredDepartment,
    declared_departments,
    draft_declarations,
    load_declarations,
    parse_declarations,
    record_declarations,
)
from ingest.metadata.infer import (
    DEPARTMENT_SOURCES,
    DOC_TYPE_SOURCES,
    MENTIONS_SEPARATOR,
    department_from_title,
    infer_metadata,
)

__all__ = [
    "DECLARATIONS_FILE",
    "DEPARTMENT_SOURCES",
    "DOC_TYPE_SOURCES",
    "MENTIONS_SEPARATOR",
    "Declarations",
    "DeclaredDepartment",
    "declared_departments",
    "department_from_title",
    "draft_declarations",
    "infer_metadata",
    "load_declarations",
    "parse_declarations",
    "record_declarations",
]
