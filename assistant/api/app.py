"""The FastAPI application: JSON API under ``/api`` and the web page at ``/``.

Usage::

    from assistant.api import create_app
    app = create_app()                      # settings from AUDITPREP_* variables
    app = create_app(Settings(data_dir=p))  # fixed settings (tests, `serve --get`)

Run it with ``auditprep serve`` (uvicorn) or answer one request with
``auditprep serve --get /api/health``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.staticfiles import StaticFiles

from assistant.api.errors import install_error_handler
from assistant.api.routers import chat, health, plan, search
from assistant.config import Settings, get_settings

STATIC_DIR = Path(__file__).parent / "static"

try:
    VERSION = version("auditprep")
except PackageNotFoundError:  # a source tree that was never `pip install`ed
    VERSION = "0.0.0"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app. ``settings`` replaces ``get_settings()`` for every request when given.

    Args:
        settings: fixed settings; ``None`` reads ``AUDITPREP_*`` variables (cached).

    Returns:
        The application, with the API routers, the error handler and the static web page.
    """
    app = FastAPI(
        title="AuditPrep",
        version=VERSION,
        summary="Prepare internal QMS audits of functional departments from your own documents (zh/en).",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    if settings is not None:
        fixed = settings
        app.dependency_overrides[get_settings] = lambda: fixed
    install_error_handler(app)
    for area in (health, search, plan, chat):
        app.include_router(area.router)

    @app.api_route("/api/{path:path}", methods=["GET", "POST"], include_in_schema=False)
    def unknown_api_path(path: str) -> None:
        # Without this, the page's static mount would answer a mistyped API path in plain text.
        raise HTTPException(404, f"No API endpoint /api/{path}. See /api/docs for the list.")

    # Mounted last: routes registered before it win, the page takes every other path.
    app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="web")
    return app
