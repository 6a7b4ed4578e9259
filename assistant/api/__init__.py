"""HTTP API and web page of AuditPrep (FastAPI). Build the app with ``create_app``."""

from assistant.api.app import create_app

__all__ = ["create_app"]
