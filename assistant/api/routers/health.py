"""``GET /api/health``: is the server up, is there an index, which embedder and writer answer."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.deps import SettingsDep, retriever_for
from assistant.api.errors import scrub_paths
from assistant.api.models import HealthResponse
from assistant.api.security import configured_keys
from assistant.errors import AuditPrepError

router = APIRouter(prefix="/api/health", tags=["health"])


@router.get("", response_model=HealthResponse)
def health(settings: SettingsDep) -> HealthResponse:
    """Always 200 while the server runs; a missing index shows as ``index_ready: false``."""
    chunks = departments = 0
    error = None
    try:
        retriever = retriever_for(settings)
        chunks = len(retriever.lexical)
        departments = len(retriever.departments())
    except AuditPrepError as e:
        error = str(e)
    return HealthResponse(
        ok=True,
        index_ready=error is None,
        chunks=chunks,
        departments=departments,
        embedder=settings.embedder,
        writer=settings.writer,
        auth=bool(configured_keys(settings)),
        error=scrub_paths(error) if error else None,
    )
