"""Questions answered from the index: ``POST /api/ask`` returns the whole answer,
``POST /api/chat/stream`` streams it as NDJSON, one event per line.

Stream events are those of ``assistant.answer.chat.stream_answer``: ``{"type": "token", "text": ...}``
while the writer writes, then one ``{"type": "answer", "answer": {...}}`` with the checked
answer and its citations. The first event is computed before the response starts, so an
unknown department or a missing index still gets a proper error status and body; an error
after that arrives as a last ``{"type": "error", "error": ..., "status": ...}`` line.

Both routes stop their work after ``AUDITPREP_REQUEST_TIMEOUT`` seconds: ``/api/ask`` answers 504,
the stream ends with an error line of status 504. The answer is computed as a generator of
events, checked against the time limit between events, and closed when the limit passes or the
stream's client goes away, so the writer stops instead of writing for nobody.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import RetrieverDep, SettingsDep, WriterFactoryDep
from assistant.api.errors import RequestTimeoutError, error_body
from assistant.api.limits import check_ask_limits
from assistant.api.models import AnswerResponse, AskRequest
from assistant.config import Settings
from assistant.errors import AuditPrepError

router = APIRouter(prefix="/api", tags=["chat"])
log = logging.getLogger(__name__)

NDJSON = "application/x-ndjson"
_END = object()


def _history(request: AskRequest, settings: Settings) -> list[dict[str, str]] | None:
    """The request's history as the chat service takes it, after the limits are checked."""
    turns = request.history or []
    check_ask_limits(request.question, [(t.role, t.content) for t in turns], settings)
    return [turn.model_dump() for turn in turns] or None


def _timeout(settings: Settings) -> RequestTimeoutError:
    return RequestTimeoutError(
        f"The answer took longer than {settings.request_timeout:g} seconds and was stopped. "
        "Ask a narrower question, name the department, or raise AUDITPREP_REQUEST_TIMEOUT."
    )


def _close(events: Iterator[dict[str, Any]]) -> None:
    close = getattr(events, "close", None)
    if close is None:
        return
    try:
        close()
    except ValueError:  # still running in a worker thread; it stops at its next event
        log.debug("answer generator busy while closing", exc_info=True)


@router.post("/ask", response_model=AnswerResponse)
def ask(
    request: AskRequest, retriever: RetrieverDep, writers: WriterFactoryDep, settings: SettingsDep
) -> dict[str, Any]:
    """Answer one question; every sentence cites passages of the index."""
    from assistant.answer.chat import stream_answer

    deadline = time.monotonic() + settings.request_timeout
    history = _history(request, settings)
    writer = writers(request.writer)
    events = iter(stream_answer(request.question, retriever, writer, department=request.department or None,
                                history=history))
    try:
        for event in events:
            if event["type"] == "answer":
                body: dict[str, Any] = event["answer"]
                return body
            if time.monotonic() > deadline:
                raise _timeout(settings)
    finally:
        _close(events)
    raise RuntimeError("stream_answer ended without an answer event")  # a bug, not a user error


async def _ndjson(
    first: dict[str, Any], rest: Iterator[dict[str, Any]], deadline: float, request: Request,
    settings: Settings,
) -> AsyncIterator[str]:
    """The events as NDJSON lines; each next event is computed in a worker thread (the writer
    blocks), and the generator is closed on every way out: end, error, timeout, disconnect."""
    try:
        yield json.dumps(first, ensure_ascii=False) + "\n"
        while True:
            if await request.is_disconnected():
                log.info("chat stream client went away; stopping the answer")
                return
            if time.monotonic() > deadline:
                timeout = {"type": "error", **error_body(_timeout(settings))}
                yield json.dumps(timeout, ensure_ascii=False) + "\n"
                return
            event = await run_in_threadpool(next, rest, _END)
            if event is _END:
                return
            yield json.dumps(event, ensure_ascii=False) + "\n"
    except AuditPrepError as e:
        # Headers are gone already; the client learns of the failure from the last line.
        log.warning("chat stream failed: %s", e)
        yield json.dumps({"type": "error", **error_body(e)}, ensure_ascii=False) + "\n"
    finally:
        _close(rest)


@router.post("/chat/stream", response_class=StreamingResponse)
def chat_stream(
    request: AskRequest, http: Request, retriever: RetrieverDep, writers: WriterFactoryDep,
    settings: SettingsDep,
) -> StreamingResponse:
    """Stream the answer as NDJSON: token events, then one answer event."""
    from assistant.answer.chat import stream_answer

    deadline = time.monotonic() + settings.request_timeout
    history = _history(request, settings)
    writer = writers(request.writer)
    events = iter(stream_answer(request.question, retriever, writer, department=request.department or None,
                                history=history))
    first = next(events, None)
    if first is None:
        return StreamingResponse(iter(()), media_type=NDJSON)
    return StreamingResponse(_ndjson(first, events, deadline, http, settings), media_type=NDJSON,
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
