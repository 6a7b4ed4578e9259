"""Errors of the evaluation suites; ``AuditPrepError`` subclasses so the CLI reports them alike."""

from ingest.errors import AuditPrepError


class EvalDataError(AuditPrepError):
    """A gold set or benchmark file is missing or malformed."""


class SuiteUnavailableError(AuditPrepError):
    """A suite cannot run here (a component it measures is missing); the message says why."""
