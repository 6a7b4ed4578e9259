"""What every command shares: the two consoles, ``--json`` output and error reporting.

stdout carries only the result; messages, warnings and progress go to stderr.
"""

from __future__ import annotations

import json
import os
import sys
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
