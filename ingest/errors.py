"""Errors AuditPrep raises on purpose; each message says what failed and what to do next."""


class AuditPrepError(Exception):
    """Base class for every error AuditPrep reports to the user (CLI exit code 1)."""


class IngestError(AuditPrepError):
    """A file could not be read or turned into chunks."""


class IndexNotFoundError(AuditPrepError):
    """The index does not exist yet, or holds no chunks."""


class UnknownComponentError(AuditPrepError):
    """A registry was asked for a name it does not hold."""


class IndexUnavailableError(AuditPrepError):
    """The vector store or lexical index failed (a server that does not answer, a broken folder)."""


class IndexBusyError(AuditPrepError):
    """Another ingest is writing to the same index folder."""
