"""Against a real ``chroma run`` server: ingest and search through it, incremental re-runs, one
collection per data folder on a shared server, and a clear error when nothing listens.

The server is the ``chroma`` script installed beside the running Python; it is always stopped
by the fixture's finalizer, even when a test fails.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.config import get_settings
from assistant.retrieval.hybrid import HybridRetriever
from ingest.embedders import HashEmbeddings
from ingest.errors import IndexUnavailableError
from ingest.sync import Ingester
from ingest.vectorstore import ChromaStore, collection_name

pytestmark = pytest.mark.integration

CHROMA = Path(sys.executable).parent / "chroma"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_heartbeat(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(errors="replace")
            raise RuntimeError(f"chroma run exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"chroma run did not answer within {timeout}s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMA.exists():
        pytest.skip(f"no chroma script at {CHROMA}")
    folder = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    url = f"http://localhost:{port}"
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(folder / "db"), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
    try:
        wait_for_heartbeat(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def test_cli_ingest_and_search_through_the_server(
    chroma_url: str, tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "server-data"
    monkeypatch.setenv("AUDITPREP_DATA_DIR", str(data_dir))
    monkeypatch.setenv("AUDITPREP_CHROMA_URL", chroma_url)
    monkeypatch.setenv("AUDITPREP_EMBEDDER", "hash")
    get_settings.cache_clear()
    runner = CliRunner()

    first = runner.invoke(app, ["ingest", str(tiny_dir), "--json"], catch_exceptions=False)
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout)["added"] == 4
    assert not (data_dir / "chroma").exists()  # the vectors went to the server, not the embedded store

    search = runner.invoke(app, ["search", "档案借阅 登记", "--json", "--k", "2"], catch_exceptions=False)
    assert search.exit_code == 0, search.stderr
    assert json.loads(search.stdout)[0]["source"] == "tiny/dangan_ke.md"

    again = runner.invoke(app, ["ingest", str(tiny_dir), "--json"], catch_exceptions=False)
    report = json.loads(again.stdout)
    assert report["unchanged"] == 4 and report["chunks_written"] == 0


def test_two_data_dirs_use_two_collections_on_one_server(
    chroma_url: str, tmp_path: Path, tiny_dir: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.md").write_text("# 宣传科职责\n\n宣传科负责新闻发布和舆情监测。\n", encoding="utf-8")
    embedder = HashEmbeddings()
    first, second = tmp_path / "one", tmp_path / "two"
    Ingester(first, embedder, chroma_url=chroma_url).sync([tiny_dir])
    Ingester(second, embedder, chroma_url=chroma_url).sync([other])

    assert collection_name(first, chroma_url) != collection_name(second, chroma_url)
    one = ChromaStore.open(first, chroma_url, embedder.name, embedder.dimension)
    two = ChromaStore.open(second, chroma_url, embedder.name, embedder.dimension)
    assert {c.metadata["source"] for c in two.iter_all()} == {"other/a.md"}
    assert "other/a.md" not in {c.metadata["source"] for c in one.iter_all()}
    hits = HybridRetriever.open(second, embedder, chroma_url=chroma_url).search("档案 借阅 新闻", k=5)
    assert {h.source for h in hits} == {"other/a.md"}


def test_url_where_nothing_listens_raises_a_clear_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(IndexUnavailableError, match="does not answer") as info:
        ChromaStore.open(tmp_path, url, "hash", 256)
    assert url in str(info.value) and "AUDITPREP_CHROMA_URL" in str(info.value)
    assert time.monotonic() - started < 30


def test_cli_ingest_with_a_dead_server_exits_1(tiny_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITPREP_CHROMA_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("AUDITPREP_EMBEDDER", "hash")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["ingest", str(tiny_dir), "--json"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "does not answer" in result.stderr and result.stdout == ""
