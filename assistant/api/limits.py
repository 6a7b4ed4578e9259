"""Limits a stranger cannot push past: the request body's size (this middleware), and, in the
request models, the question's length and the history's turns and characters.

A body over the limit is refused with 413 before it is read whole: a declared
``Content-Length`` is checked first, and a body sent in chunks is counted as it arrives.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.config import Settings


def error_json(status: int, message: str) -> bytes:
    return json.dumps({"ok": False, "error": message, "status": status}, ensure_ascii=False).encode()


class BodyTooLarge(HTTPException):
    """Raised while the body is read; an HTTPException, so FastAPI's body parsing passes it on
    as a 413 instead of turning it into "error parsing the body"."""


class BodySizeLimit:
    """ASGI middleware: 413 for a request body larger than ``max_bytes``.

    ``route_limits`` maps a path to (limit, setting name) for the few routes that take files
    (uploads): their bodies are held to that limit instead.
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, route_limits: Mapping[str, tuple[int, str]] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.route_limits = dict(route_limits or {})

    def _limit(self, scope: Scope) -> tuple[int, str]:
        return self.route_limits.get(scope.get("path", ""), (self.max_bytes, "AUDITPREP_MAX_BODY_BYTES"))

    def _message(self, limit: tuple[int, str]) -> str:
        return f"The request body is larger than {limit[0]:,} bytes ({limit[1]}). Send less."

    async def _refuse(self, send: Send, limit: tuple[int, str]) -> None:
        body = error_json(413, self._message(limit))
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit[0]:
            await self._refuse(send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit[0]:
                    raise BodyTooLarge(413, self._message(limit))
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send, limit)


def check_ask_limits(question: str, history: Sequence[tuple[str, str]], settings: Settings) -> None:
    """Refuse a question or a history over the configured limits (HTTP 422, naming the setting).

    ``history`` holds (role, content) pairs.
    """
    if len(question) > settings.max_question_chars:
        raise HTTPException(
            422,
            f"The question has {len(question):,} characters; the limit is {settings.max_question_chars:,} "
            "(AUDITPREP_MAX_QUESTION_CHARS).",
        )
    if len(history) > settings.max_history_turns:
        raise HTTPException(
            422,
            f"The history has {len(history)} turns; the limit is {settings.max_history_turns} "
            "(AUDITPREP_MAX_HISTORY_TURNS). Send only the latest turns.",
        )
    chars = sum(len(content) for _, content in history)
    if chars > settings.max_history_chars:
        raise HTTPException(
            422,
            f"The history has {chars:,} characters; the limit is {settings.max_history_chars:,} "
            "(AUDITPREP_MAX_HISTORY_CHARS). Send only the latest turns.",
        )
