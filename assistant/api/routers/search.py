"""``GET /api/search`` (hybrid, dense or BM25 retrieval with filters) and ``GET /api/departments``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.deps import RetrieverDep
from assistant.api.models import (
    DepartmentModel,
    DepartmentsResponse,
    Language,
    Mode,
    SearchResponse,
    hit_models,
)

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", response_model=SearchResponse)
def search(
    retriever: RetrieverDep,
    q: Annotated[str, Query(min_length=1, max_length=2000, description="Query, Chinese or English.")],
    k: Annotated[int, Query(ge=1, le=100, description="Number of hits.")] = 5,
    department: Annotated[str | None, Query(description="Department name or alias.")] = None,
    doc_type: Annotated[str | None, Query(description="guidance, department, system or record.")] = None,
    language: Annotated[Language | None, Query(description="Only passages in this language.")] = None,
    mode: Annotated[Mode, Query(description="hybrid, dense or bm25.")] = "hybrid",
) -> SearchResponse:
    hits = retriever.search(q, k=k, department=department or None, doc_type=doc_type or None,
                            language=language, mode=mode)
    return SearchResponse(data=hit_models(hits), count=len(hits))


@router.get("/departments", response_model=DepartmentsResponse)
def departments(retriever: RetrieverDep) -> DepartmentsResponse:
    data = [
        DepartmentModel(name=i.name, aliases=list(i.aliases), documents=i.documents, chunks=i.chunks,
                        languages=list(i.languages))
        for i in retriever.departments()
    ]
    return DepartmentsResponse(data=data, count=len(data))
