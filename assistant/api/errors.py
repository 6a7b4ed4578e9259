"""Every error leaves the API as ``{"ok": false, "error": ..., "status": ...}``.

The status of an ``AuditPrepError`` follows its class: a missing department or index is 404, a
bad setting or component name is 400, a store that cannot be reached (a Chroma server down) is
503, a request that ran past ``AUDITPREP_REQUEST_TIMEOUT`` is 504, anything else AuditPrep raises on
purpose is 500. HTTP errors (401, 404, 405, 413) and
request validation errors (422) get the same shape; a 422 also keeps FastAPI's ``detail`` list,
with each offending input cut to a short excerpt. An AuditPrep error never shows a path of the
server's file system: absolute paths are replaced by ``<path>``.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import (
    AuditPrepError,
    ConfigError,
    IndexNotFoundError,
    IndexUnavailableError,
    UnknownComponentError,
    UnknownDepartmentError,
)

log = logging.getLogger(__name__)


class RequestTimeoutError(AuditPrepError):
    """An answer took longer than ``AUDITPREP_REQUEST_TIMEOUT``; its work was stopped."""


STATUS_BY_ERROR: tuple[tuple[type[AuditPrepError], int], ...] = (
    (UnknownDepartmentError, 404),
    (IndexNotFoundError, 404),
    (ConfigError, 400),
    (UnknownComponentError, 400),
    (IndexUnavailableError, 503),
    (RequestTimeoutError, 504),
)
EXCERPT_CHARS = 80
# An absolute POSIX path of two or more parts ("/srv/audit/data/index", "/etc/passwd").
_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/~-])/(?!api/)(?:[^\s/'\"`<>|]+/)+[^\s/'\"`<>|,;)]*")


def scrub_paths(message: str) -> str:
    """``message`` with absolute file-system paths replaced by ``<path>``."""
    # A sentence's full stop after a path is not part of it.
    return _ABSOLUTE_PATH.sub(lambda m: "<path>" + m.group(0)[len(m.group(0).rstrip(".")) :], message)


def excerpt(value: Any) -> Any:
    """A short excerpt of a request input, for messages that quote it."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + f"… ({len(text):,} characters)"


def status_for(error: AuditPrepError) -> int:
    for kind, status in STATUS_BY_ERROR:
        if isinstance(error, kind):
            return status
    return 500


def error_body(error: AuditPrepError) -> dict[str, object]:
    return {"ok": False, "error": scrub_paths(str(error)), "status": status_for(error)}


async def auditprep_error_handler(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, AuditPrepError)  # registered for this class only
    status = status_for(error)
    if status == 500:
        log.warning("%s %s failed: %s", request.method, request.url.path, error)
    return JSONResponse(error_body(error), status_code=status)


async def http_error_handler(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    message = str(error.detail)  # our own wording, which names API paths, never files
    body = {"ok": False, "error": message, "status": error.status_code, "detail": message}
    return JSONResponse(body, status_code=error.status_code, headers=error.headers)


async def validation_error_handler(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    details = []
    for item in error.errors():
        item = {k: v for k, v in item.items() if k not in ("ctx", "url")}
        if "input" in item:
            item["input"] = excerpt(item["input"])
        details.append(item)
    summary = "; ".join(
        f"{'.'.join(str(p) for p in d.get('loc', ()))}: {d.get('msg', '')}" for d in details[:5]
    )
    body = {"ok": False, "error": f"Invalid request: {summary}", "status": 422, "detail": details}
    return JSONResponse(body, status_code=422)


def install_error_handler(app: FastAPI) -> None:
    app.add_exception_handler(AuditPrepError, auditprep_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
