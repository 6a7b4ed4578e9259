"""What every command shares: the two consoles, ``--json`` output and error reporting.

stdout carries only the result; messages, warnings and progress go to stderr.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console

from assistant.config import get_settings
from ingest.errors import AuditPrepError

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True)  # no hard wraps: messages hold paths to copy

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document to stdout.")]


def emit_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn AuditPrepError into a message on stderr and exit code 1."""
    try:
        yield
    except AuditPrepError as e:
        if get_settings().debug or os.environ.get("AUDITPREP_DEBUG") == "1":
            raise
        stderr.print(f"[red]Error:[/red] {e}", highlight=False)
        raise typer.Exit(1) from None


class ProgressLines:
    """Progress as plain lines on a console that is not a terminal (a log file, CI): one line
    every ``every_files`` files or ``every_seconds`` seconds, and one for the last file."""

    def __init__(self, console: Console, every_files: int = 25, every_seconds: float = 10.0) -> None:
        self.console = console
        self.every_files = every_files
        self.every_seconds = every_seconds
        self._last_time = time.monotonic()
        self._last_done = 0

    def __call__(self, done: int, total: int, name: str) -> None:
        now = time.monotonic()
        due = done - self._last_done >= self.every_files or now - self._last_time >= self.every_seconds
        if due or done == total:
            self.console.print(f"Indexing {done}/{total} files: {name}", highlight=False, markup=False)
            self._last_time, self._last_done = now, done
