"""The ``auditprep`` command line: one module per area, sharing ``output``."""

from assistant.cli.app import app

__all__ = ["app"]
