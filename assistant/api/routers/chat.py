"""Questions answered from the index: ``POST /api/ask`` returns the whole answer,
``POST /api/chat/stream`` streams it as NDJSON, one event per line.

Stream events are those of ``assistant.answer.chat.stream_answer``: ``{"type": "token", "text": ...}``
while the writer writes, then one ``{"type": "answer", "answer": {...}}`` with the checked
answer and its citations. The first event is computed before the response starts, so an
unknown department or a missing index still gets a proper error status and body; an error
after that arrives as a last ``{"type": "error", "error": ..., "status": ...}`` line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from assistant.api.deps import RetrieverDep, WriterFactoryDep
from assistant.api.errors import error_body
from assistant.api.models import AnswerResponse, AskRequest
from assistant.errors import AuditPrepError

router = APIRouter(prefix="/api", tags=["chat"])
log = logging.getLogger(__name__)

NDJSON = "application/x-ndjson"


def _history(request: AskRequest) -> list[dict[str, str]] | None:
    return [turn.model_dump() for turn in request.history] if request.history else None


@router.post("/ask", response_model=AnswerResponse)
def ask(request: AskRequest, retriever: RetrieverDep, writers: WriterFactoryDep) -> dict[str, Any]:
    """Answer one question; every sentence cites passages of the index."""
    from assistant.answer.chat import answer

    writer = writers(request.writer)
    result = answer(request.question, retriever, writer, department=request.department or None,
                    history=_history(request))
    body: dict[str, Any] = result.to_dict()
    return body


def _ndjson(first: dict[str, Any], rest: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield json.dumps(first, ensure_ascii=False) + "\n"
    try:
        for event in rest:
            yield json.dumps(event, ensure_ascii=False) + "\n"
    except AuditPrepError as e:
        # Headers are gone already; the client learns of the failure from the last line.
        log.warning("chat stream failed: %s", e)
        yield json.dumps({"type": "error", **error_body(e)}, ensure_ascii=False) + "\n"


@router.post("/chat/stream", response_class=StreamingResponse)
def chat_stream(request: AskRequest, retriever: RetrieverDep, writers: WriterFactoryDep) -> StreamingResponse:
    """Stream the answer as NDJSON: token events, then one answer event."""
    from assistant.answer.chat import stream_answer

    writer = writers(request.writer)
    events = iter(stream_answer(request.question, retriever, writer, department=request.department or None,
                                history=_history(request)))
    first = next(events, None)
    if first is None:
        return StreamingResponse(iter(()), media_type=NDJSON)
    return StreamingResponse(_ndjson(first, events), media_type=NDJSON,
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
