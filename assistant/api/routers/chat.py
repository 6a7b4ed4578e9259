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

from assistant.api.deps import RetrieverDep, SettingsDep, WriterFactoryDep
from assistant.api.errors import error_body
from assistant.api.limits import check_ask_limits
from assistant.api.models import AnswerResponse, AskRequest
from assistant.config import Settings
from assistant.errors import AuditPrepError

router = APIRouter(prefix="/api", tags=["chat"])
log = logging.getLogger(__name__)

NDJSON = "application/x-ndjson"


def _history(request: AskRequest, settings: Settings) -> list[dict[str, str]] | None:
    """The request's history as the chat service takes it, after the limits are checked."""
    turns = request.history or []
    check_ask_limits(request.question, [(t.role, t.content) for t in turns], settings)
    return [turn.model_dump() for turn in turns] or None


@router.post("/ask", response_model=AnswerResponse)
def ask(
    request: AskRequest, retriever: RetrieverDep, writers: WriterFactoryDep, settings: SettingsDep
) -> dict[str, Any]:
    """Answer one question; every sentence cites passages of the index."""
    from assistant.answer.chat import answer

    history = _history(request, settings)
    writer = writers(request.writer)
    result = answer(request.question, retriever, writer, department=request.department or None,
                    history=history)
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
def chat_stream(
    request: AskRequest, retriever: RetrieverDep, writers: WriterFactoryDep, settings: SettingsDep
) -> StreamingResponse:
    """Stream the answer as NDJSON: token events, then one answer event."""
    from assistant.answer.chat import stream_answer

    history = _history(request, settings)
    writer = writers(request.writer)
    events = iter(stream_answer(request.question, retriever, writer, department=request.department or None,
                                history=history))
    first = next(events, None)
    if first is None:
        return StreamingResponse(iter(()), media_type=NDJSON)
    return StreamingResponse(_ndjson(first, events), media_type=NDJSON,
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
