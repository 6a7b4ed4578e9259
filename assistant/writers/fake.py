"""A scripted writer for tests: it replays queued answers, piece by piece, or raises.

Usage::

    writer = FakeWriter()
    writer.enqueue("档案借阅原件借出不超过7天。[1]")
    writer.enqueue(WriterError("model crashed"))      # the next call raises this
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

from assistant.errors import WriterError
from assistant.writers.base import WriteRequest
from assistant.writers.registry import WRITERS


@WRITERS.register("fake", help="scripted answers for tests (enqueue text or an exception)")
class FakeWriter:
    """Replays queued answers in order; with nothing queued it raises ``WriterError``.

    Each answer is yielded one non-space character at a time so that streaming code is
    exercised as with a real model. ``requests`` records every request received.
    """

    name = "fake"
    can_stream = True
    needs_network = False

    def __init__(
        self, answers: list[str | BaseException] | None = None, fail_after: int | None = None
    ) -> None:
        self._queue: deque[str | BaseException] = deque(answers or [])
        self.fail_after = fail_after
        self.requests: list[WriteRequest] = []

    def enqueue(self, answer: str | BaseException) -> None:
        self._queue.append(answer)

    def write(self, request: WriteRequest) -> Iterator[str]:
        self.requests.append(request)
        if not self._queue:
            raise WriterError("FakeWriter has no scripted answer left; call enqueue() first.")
        answer = self._queue.popleft()
        if isinstance(answer, BaseException):
            raise answer
        for n, piece in enumerate(re.findall(r"\s*\S", answer) if answer else []):
            if self.fail_after is not None and n >= self.fail_after:
                raise WriterError(f"FakeWriter stopped after {n} pieces as scripted.")
            yield piece
