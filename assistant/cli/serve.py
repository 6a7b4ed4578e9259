"""``auditprep serve``: the HTTP API and web page under uvicorn, or one request answered in-process.

``auditprep serve --get /api/health`` runs the request through the app with httpx's ASGI
transport, without opening a port (as Datasette's ``--get`` does), and prints the body to
stdout: handy in scripts, CI and docs. It exits 1 when the status is 400 or above.
"""

from __future__ import annotations

import copy
import json
import sys
from typing import Annotated, Any

import typer

HOST_HELP = "Interface to listen on. 127.0.0.1 keeps the server private to this machine."


def _log_config() -> dict[str, Any]:
    import uvicorn.config

    # uvicorn sends access lines to stdout; ours is for results only, so they go to stderr too.
    config: dict[str, Any] = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    return config


def get_once(path: str) -> int:
    """Answer ``GET path`` with the app in-process, print the body, return the exit code."""
    import asyncio

    import httpx

    from assistant.api import create_app

    if not path.startswith("/"):
        raise typer.BadParameter("the path must start with /, e.g. /api/health", param_hint="--get")

    async def fetch() -> httpx.Response:
        # raise_app_exceptions=False: a crash becomes a 500 body, as a real server would answer.
        transport = httpx.ASGITransport(app=create_app(), raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://auditprep.local") as client:
            return await client.get(path)

    response = asyncio.run(fetch())
    content_type = response.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        sys.stdout.write(json.dumps(response.json(), ensure_ascii=False, indent=2) + "\n")
    elif content_type.startswith(("text/", "application/x-ndjson")):
        sys.stdout.write(response.text)
    else:
        sys.stdout.buffer.write(response.content)
    sys.stdout.flush()
    return 0 if response.status_code < 400 else 1


def register(app: typer.Typer) -> None:
    """Add this area's commands to `app`."""

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help=HOST_HELP)] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8765,
        get: Annotated[
            str | None,
            typer.Option("--get", metavar="PATH", help="Answer one GET in-process, print the body, exit."),
        ] = None,
    ) -> None:
        """Serve the web page and the JSON API (docs at /api/docs).

        The index and models come from AUDITPREP_DATA_DIR, AUDITPREP_EMBEDDER and AUDITPREP_WRITER.
        """
        if get is not None:
            raise typer.Exit(get_once(get))
        import uvicorn

        from assistant.api import create_app

        typer.echo(f"AuditPrep on http://{host}:{port}/  (API docs: /api/docs; Ctrl+C stops)", err=True)
        uvicorn.run(create_app(), host=host, port=port, log_config=_log_config())
