"""Helpers of the API tests."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

# The app answers loopback host names only (trusted-host check), as a local server does.
LOCAL_URL = "http://127.0.0.1"


def local_client(app: FastAPI) -> TestClient:
    return TestClient(app, base_url=LOCAL_URL)
