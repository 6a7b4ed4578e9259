"""``GET /api/search`` (hybrid, dense or BM25 retrieval with filters) and ``GET /api/departments``.

While the Chroma server cannot be reached, a hybrid search falls back to BM25 alone (BM25 and
the passage texts live in the data folder) and says so with ``"degraded": true`` and a
``warning``; a dense search, and every other route that needs Chroma, answers 503.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query

from assistant.api.deps import RetrieverDep, SettingsDep, retriever_for
from assistant.api.models import (
    DepartmentModel,
    DepartmentsResponse,
    Language,
    Mode,
    SearchResponse,
    hit_models,
)
from assistant.config import Settings
from assistant.errors import IndexUnavailableError
from assistant.retrieval.hybrid import Hit, HybridRetriever
from ingest.generation import read_generation

router = APIRouter(prefix="/api", tags=["search"])
log = logging.getLogger(__name__)
DEGRADED = (
    "The vector store does not answer; these are keyword (BM25) results only, from the last "
    "complete index. Semantic matches come back when the store does."
)
# BM25-only retrievers opened while Chroma was down, one per index generation: loading BM25 per
# request would multiply the outage's cost under load.
_lexical: dict[tuple[str, int, str], HybridRetriever] = {}
_lexical_lock = threading.Lock()


def _lexical_retriever(settings: Settings, error: IndexUnavailableError) -> HybridRetriever:
    from assistant.wiring import build_lexical_retriever

    data_dir = Path(settings.data_dir)
    key = (str(data_dir.resolve()), read_generation(data_dir), settings.embedder)
    with _lexical_lock:
        if key not in _lexical:
            _lexical.clear()
            _lexical[key] = build_lexical_retriever(settings, error)
        return _lexical[key]


@router.get("/search", response_model=SearchResponse)
def search(
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=2000, description="Query, Chinese or English.")],
    k: Annotated[int, Query(ge=1, le=100, description="Number of hits.")] = 5,
    department: Annotated[str | None, Query(description="Department name or alias.")] = None,
    doc_type: Annotated[str | None, Query(description="guidance, department, system or record.")] = None,
    language: Annotated[Language | None, Query(description="Only passages in this language.")] = None,
    mode: Annotated[Mode, Query(description="hybrid, dense or bm25.")] = "hybrid",
) -> SearchResponse:
    options: dict[str, Any] = {
        "k": k, "department": department or None, "doc_type": doc_type or None, "language": language
    }
    outage: IndexUnavailableError | None = None
    try:
        retriever = retriever_for(settings)
    except IndexUnavailableError as e:
        if mode == "dense":
            raise
        retriever, outage = _lexical_retriever(settings, e), e
    try:
        hits: list[Hit] = retriever.search(q, mode="bm25" if outage else mode, **options)
    except IndexUnavailableError as e:
        if mode == "dense":
            raise
        hits, outage = retriever.search(q, mode="bm25", **options), e
    if outage is None or mode == "bm25":  # a BM25 search needs no vector store: nothing is missing
        return SearchResponse(data=hit_models(hits), count=len(hits))
    log.info("search fell back to BM25: %s", outage)
    return SearchResponse(data=hit_models(hits), count=len(hits), degraded=True, warning=DEGRADED)


@router.get("/departments", response_model=DepartmentsResponse)
def departments(retriever: RetrieverDep) -> DepartmentsResponse:
    data = [
        DepartmentModel(name=i.name, aliases=list(i.aliases), documents=i.documents, chunks=i.chunks,
                        languages=list(i.languages))
        for i in retriever.departments()
    ]
    return DepartmentsResponse(data=data, count=len(data))
