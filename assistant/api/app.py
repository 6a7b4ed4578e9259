"""The FastAPI application: JSON API under ``/api`` and the web page at ``/``.

Usage::

    from assistant.api import create_app
    app = create_app()                      # settings from AUDITPREP_* variables
    app = create_app(Settings(data_dir=p))  # fixed settings (tests, `serve --get`)

Run it with ``auditprep serve`` (uvicorn) or answer one request with
``auditprep serve --get /api/health``.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.middleware.trustedhost import TrustedHostMiddleware

from assistant.api.errors import install_error_handler
from assistant.api.limits import BodySizeLimit
from assistant.api.routers import chat, documents, health, plan, search
from assistant.api.security import KeyDep
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
    # FastAPIOffline serves the docs page's scripts from the installed package: no CDN, so
    # /api/docs works on a machine without internet.
    app = FastAPIOffline(
        title="AuditPrep",
        version=VERSION,
        summary="Prepare internal QMS audits of functional departments from your own documents (zh/en).",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        static_url="/api/docs-assets",
    )
    effective = settings or get_settings()
    if settings is not None:
        fixed = settings
        app.dependency_overrides[get_settings] = lambda: fixed
    install_error_handler(app)
    app.include_router(health.router)
    for area in (search, plan, chat, documents):
        app.include_router(area.router, dependencies=[KeyDep])

    @app.api_route("/api/{path:path}", methods=list(ALL_METHODS), include_in_schema=False)
    def unknown_api_path(path: str, request: Request) -> None:
        # Without this, the page's static mount would answer a mistyped API path in plain text,
        # and a known path with an undeclared method with 404 instead of 405.
        allowed = allowed_methods(app, f"/api/{path}")
        if allowed:
            raise HTTPException(
                405, f"{request.method} is not allowed on /api/{path}; use {', '.join(allowed)}.",
                headers={"Allow": ", ".join(allowed)},
            )
        raise HTTPException(404, f"No API endpoint /api/{path}. See /api/docs for the list.")

    # Mounted last: routes registered before it win, the page takes every other path.
    app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="web")
    # Outermost first: the host check, then the body limit, then the app.
    uploads = {documents.UPLOAD_PATH: (effective.max_upload_bytes, "AUDITPREP_MAX_UPLOAD_BYTES")}
    app.add_middleware(BodySizeLimit, max_bytes=effective.max_body_bytes, route_limits=uploads)
    if "*" not in effective.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=effective.allowed_hosts)
    return app


ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """The methods the API's schema declares for ``path`` (empty: no such path). The schema is
    the public list of routes, so included routers need no walking."""
    methods: set[str] = set()
    for template, operations in app.openapi()["paths"].items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            methods |= {m.upper() for m in operations}
    return sorted(methods)
