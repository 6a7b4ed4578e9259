"""Audit briefs: ``POST /api/plan`` returns one as JSON; ``GET /api/plan/{department}.md`` and
``.docx`` download it rendered.

Planning runs many searches, so a brief is kept per (index, department, language) and the
downloads that usually follow a ``POST`` reuse it. The cache dies with the retriever: a
re-ingested index opens a new retriever and so plans afresh.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from cachetools import LRUCache
from fastapi import APIRouter, Query, Response

from assistant.api.deps import RetrieverDep
from assistant.api.models import Language, PlanRequest, PlanResponse
from assistant.planner.brief import AuditBrief
from assistant.retrieval.hybrid import HybridRetriever

router = APIRouter(prefix="/api/plan", tags=["plan"])

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_MAX_BRIEFS = 16
_BriefKey = tuple[int, str, str | None]
_briefs: LRUCache[_BriefKey, tuple[HybridRetriever, AuditBrief]] = LRUCache(maxsize=_MAX_BRIEFS)
_lock = threading.Lock()


def brief_for(retriever: HybridRetriever, department: str, language: str | None) -> AuditBrief:
    """The ``AuditBrief`` for ``department``, planned once per index and language.

    Raises:
        UnknownDepartmentError: no department of the index matches ``department``.
    """
    from assistant.planner.planning import plan_audit

    name = retriever.resolve_department(department)
    key = (id(retriever), name, language)
    with _lock:
        cached = _briefs.get(key)
        # The retriever is stored with the brief so a recycled id() can never match another index.
        if cached is not None and cached[0] is retriever:
            return cached[1]
    brief = plan_audit(retriever, name, language=language)
    with _lock:
        _briefs[key] = (retriever, brief)
    return brief


def _attachment(filename: str) -> dict[str, str]:
    # RFC 6266/5987: an ASCII fallback plus the UTF-8 name, since department names are Chinese.
    return {"Content-Disposition": f"attachment; filename=\"brief.{filename.rsplit('.', 1)[-1]}\"; "
                                   f"filename*=UTF-8''{quote(filename)}"}


@router.post("", response_model=PlanResponse)
def plan(request: PlanRequest, retriever: RetrieverDep) -> dict[str, Any]:
    """Plan the audit of one department: questions with citations, sampling, opening agenda."""
    brief = brief_for(retriever, request.department, request.language)
    result: dict[str, Any] = brief.to_dict()
    return result


LanguageQuery = Annotated[Language | None, Query(description="Brief language (zh or en).")]


@router.get("/{department}.md", response_class=Response)
def plan_markdown(department: str, retriever: RetrieverDep, language: LanguageQuery = None) -> Response:
    """The brief as Markdown, as a download."""
    from assistant.render.brief import render_markdown

    brief = brief_for(retriever, department, language)
    name = retriever.resolve_department(department)
    return Response(render_markdown(brief), media_type="text/markdown; charset=utf-8",
                    headers=_attachment(f"{name}-audit-brief.md"))


@router.get("/{department}.docx", response_class=Response)
def plan_docx(department: str, retriever: RetrieverDep, language: LanguageQuery = None) -> Response:
    """The brief as a Word document, as a download."""
    from assistant.render.brief import render_docx

    brief = brief_for(retriever, department, language)
    name = retriever.resolve_department(department)
    with tempfile.TemporaryDirectory(prefix="auditprep-docx-") as folder:
        path = Path(folder) / "brief.docx"
        render_docx(brief, path)
        content = path.read_bytes()
    return Response(content, media_type=DOCX_TYPE, headers=_attachment(f"{name}-audit-brief.docx"))
