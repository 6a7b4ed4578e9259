"""Errors of the assistant layer; all are ``AuditPrepError`` so the CLI and API report them alike."""

from ingest.errors import (
    AuditPrepError,
    IndexBusyError,
    IndexNotFoundError,
    IndexUnavailableError,
    IngestError,
    UnknownComponentError,
)


class ConfigError(AuditPrepError):
    """A setting has a value that cannot work; the message names the AUDITPREP_* variable."""


class UnknownDepartmentError(AuditPrepError):
    """No department in the index matches the name asked for."""


class WriterError(AuditPrepError):
    """A writer (rules or an LLM) failed; callers fall back to the rule-based writer."""


__all__ = [
    "AuditPrepError",
    "ConfigError",
    "IndexBusyError",
    "IndexNotFoundError",
    "IndexUnavailableError",
    "IngestError",
    "UnknownComponentError",
    "UnknownDepartmentError",
    "WriterError",
]
