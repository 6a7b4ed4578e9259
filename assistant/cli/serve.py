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

APP_FACTORY = "assistant.api.app:create_app"
HOST_HELP = (
    "Interface to listen on. 127.0.0.1 keeps the server private to this machine; any other "
    "needs an API key (or --insecure)."
)


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
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
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
        workers: Annotated[
            int,
            typer.Option(
                min=1, max=32,
                help="Worker processes. Each loads its own models and index; more than the CPU "
                "count only adds memory.",
            ),
        ] = 1,
        insecure: Annotated[
            bool,
            typer.Option(
                "--insecure", help="Allow serving beyond loopback without an API key (anyone who can "
                "reach the port reads your documents)."
            ),
        ] = False,
    ) -> None:
        """Serve the web page and the JSON API (docs at /api/docs).

        The index and models come from AUDITPREP_DATA_DIR, AUDITPREP_EMBEDDER and AUDITPREP_WRITER;
        keys from AUDITPREP_API_KEY or AUDITPREP_API_KEYS_FILE; accepted host names from
        AUDITPREP_ALLOWED_HOSTS.
        """
        if get is not None:
            raise typer.Exit(get_once(get))
        import uvicorn

        from assistant.api import create_app
        from assistant.api.security import configured_keys, is_loopback
        from assistant.cli.output import reported_errors
        from assistant.config import Settings, get_settings

        settings = get_settings()
        with reported_errors():
            keys = configured_keys(settings)  # a broken key file stops here, not on a request
        if not is_loopback(host) and not keys and not insecure:
            typer.echo(
                f"Refusing to serve on {host} without an API key: anyone who reaches the port could read "
                "the indexed documents. Set AUDITPREP_API_KEY (or AUDITPREP_API_KEYS_FILE), or pass "
                "--insecure if this network is trusted.",
                err=True,
            )
            raise typer.Exit(2)
        if not is_loopback(host) and settings.allowed_hosts == Settings.model_fields["allowed_hosts"].default:
            typer.echo(
                "Note: only loopback host names are accepted (AUDITPREP_ALLOWED_HOSTS); add the name "
                "other machines use to reach this server, or '*' to accept any.",
                err=True,
            )
        typer.echo(f"AuditPrep on http://{host}:{port}/  (API docs: /api/docs; Ctrl+C stops)", err=True)
        # A short graceful shutdown: streaming answers are not worth waiting long for on Ctrl+C.
        options: dict[str, Any] = {
            "host": host, "port": port, "log_config": _log_config(), "timeout_graceful_shutdown": 5
        }
        if workers > 1:
            # Worker processes import the app themselves, so uvicorn needs its factory's import path;
            # each builds it from the same AUDITPREP_* variables.
            uvicorn.run(APP_FACTORY, factory=True, workers=workers, **options)
        else:
            uvicorn.run(create_app(), **options)
