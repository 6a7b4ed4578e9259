"""One handler turns every ``AuditPrepError`` into ``{"ok": false, "error": ..., "status": ...}``.

The status follows the error's class: a missing department or index is 404, a bad setting or
component name is 400, anything else AuditPrep raises on purpose is 500. FastAPI's own 422
validation errors keep their shape; they are about the request, not about AuditPrep.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from assistant.errors import (
    AuditPrepError,
    ConfigError,
    IndexNotFoundError,
    UnknownComponentError,
    UnknownDepartmentError,
)

log = logging.getLogger(__name__)

STATUS_BY_ERROR: tuple[tuple[type[AuditPrepError], int], ...] = (
    (UnknownDepartmentError, 404),
    (IndexNotFoundError, 404),
    (ConfigError, 400),
    (UnknownComponentError, 400),
)


def status_for(error: AuditPrepError) -> int:
    for kind, status in STATUS_BY_ERROR:
        if isinstance(error, kind):
            return status
    return 500


def error_body(error: AuditPrepError) -> dict[str, object]:
    return {"ok": False, "error": str(error), "status": status_for(error)}


async def auditprep_error_handler(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, AuditPrepError)  # registered for this class only
    status = status_for(error)
    if status == 500:
        log.warning("%s %s failed: %s", request.method, request.url.path, error)
    return JSONResponse(error_body(error), status_code=status)


def install_error_handler(app: FastAPI) -> None:
    app.add_exception_handler(AuditPrepError, auditprep_error_handler)
