"""The bounded load run: 8 clients against a real server on loopback, no server error."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from assistant.api import create_app
from assistant.api.deps import clear_retrievers
from assistant.config import Settings
from evals.load import main, run_load
from ingest.embedders import HashEmbeddings
from ingest.sync import Ingester

pytestmark = pytest.mark.slow


def test_mixed_load_on_loopback_gets_no_server_error(tiny_dir: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "index"
    Ingester(data_dir, HashEmbeddings()).sync([tiny_dir])
    clear_retrievers()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    app = create_app(Settings(data_dir=data_dir, embedder="hash", writer="rules"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        result = run_load(f"http://127.0.0.1:{port}", clients=8, requests=96, seconds=120)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert result["total_5xx"] == 0, result
    assert set(result["routes"]) == {"search", "ask", "chat_stream", "brief"}
    assert all(route["requests"] >= 20 and route["other_errors"] == 0 for route in result["routes"].values())


def test_the_load_tool_refuses_a_target_off_this_machine() -> None:
    with pytest.raises(SystemExit):
        main(["--url", "http://192.0.2.10:8765"])
