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

from assistant.api import create_app
from assistant.api.deps import clear_retrievers
from assistant.cli.app import app
from assistant.config import Settings, get_settings
from assistant.retrieval.hybrid import HybridRetriever
from ingest.embedders import HashEmbeddings
from ingest.errors import IndexUnavailableError
from ingest.generation import read_generation
from ingest.lexical import LexicalIndex
from ingest.sync import Ingester
from ingest.vectorstore import ChromaStore, collection_name
from tests.api.support import local_client

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


class ChromaServer:
    """A ``chroma run`` server on a fixed port and folder that a test can stop and start again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.folder / "server.log"
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(CHROMA), "run", "--path", str(self.folder / "db"), "--port", str(self.port)],
                stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
            )
        wait_for_heartbeat(self.url, self.process, log)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    if not CHROMA.exists():
        pytest.skip(f"no chroma script at {CHROMA}")
    server = ChromaServer(tmp_path / "restartable-chroma")
    server.folder.mkdir()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _index_ids(data_dir: Path, url: str) -> tuple[set[str], set[str], set[str]]:
    """Chroma IDs, BM25 IDs and manifest IDs of an index (equal after a completed sync)."""
    chroma = ChromaStore.open(data_dir, url, "hash", HashEmbeddings().dimension).all_ids()
    lexical = set(LexicalIndex.load(data_dir / "lexical").ids)
    manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
    owned = {i for entry in manifest["files"].values() for i in entry.get("chunk_ids", [])}
    return chroma, lexical, owned


@pytest.mark.slow
def test_outage_serves_bm25_degraded_503_elsewhere_and_recovers_without_restart(
    chroma_server: ChromaServer, tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "outage-data"
    settings = Settings(data_dir=data_dir, embedder="hash", chroma_url=chroma_server.url)
    Ingester(data_dir, HashEmbeddings(), chroma_url=chroma_server.url).sync([tiny_dir])
    generation = read_generation(data_dir)
    client = local_client(create_app(settings))
    query = {"q": "档案借阅 登记", "k": 3}
    healthy = client.get("/api/search", params=query).json()
    assert healthy["degraded"] is False and healthy["data"][0]["source"] == "tiny/dangan_ke.md"

    chroma_server.stop()
    try:
        for fresh in (False, True):  # the open retriever, then one the server must open during the outage
            if fresh:
                clear_retrievers()
            started = time.monotonic()
            degraded = client.get("/api/search", params=query)
            assert degraded.status_code == 200, degraded.text
            body = degraded.json()
            assert body["degraded"] is True and "BM25" in body["warning"]
            assert body["data"][0]["source"] == "tiny/dangan_ke.md"
            assert all(hit["text"].strip() for hit in body["data"])
            assert time.monotonic() - started < 10
            for response in (
                client.get("/api/search", params={**query, "mode": "dense"}),
                client.post("/api/ask", json={"question": "档案原件借出最长多少天？"}),
                client.post("/api/chat/stream", json={"question": "档案原件借出最长多少天？"}),
            ):
                assert response.status_code == 503, response.text
                error = response.json()
                assert error["ok"] is False and error["status"] == 503
                assert "AUDITPREP_CHROMA_URL" in error["error"] and "/" + "tmp" not in error["error"]

        # An ingest during the outage fails with one line and changes nothing.
        (tiny_dir / "new.md").write_text("# 宣传科职责\n\n宣传科负责新闻发布。\n", encoding="utf-8")
        monkeypatch.setenv("AUDITPREP_DATA_DIR", str(data_dir))
        monkeypatch.setenv("AUDITPREP_CHROMA_URL", chroma_server.url)
        monkeypatch.setenv("AUDITPREP_EMBEDDER", "hash")
        get_settings.cache_clear()
        failed = CliRunner().invoke(app, ["ingest", str(tiny_dir), "--json"], catch_exceptions=False)
        assert failed.exit_code == 1 and failed.stdout == ""
        assert len(failed.stderr.strip().splitlines()) == 1 and "AUDITPREP_CHROMA_URL" in failed.stderr
        assert read_generation(data_dir) == generation
    finally:
        chroma_server.start()

    recovered = client.get("/api/search", params=query).json()
    assert recovered["degraded"] is False and recovered["data"][0]["source"] == "tiny/dangan_ke.md"
    assert client.post("/api/ask", json={"question": "档案原件借出最长多少天？"}).status_code == 200
    # The next ingest after the restart takes the new file and leaves a consistent index.
    done = CliRunner().invoke(app, ["ingest", str(tiny_dir), "--json"], catch_exceptions=False)
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["added"] == 1
    chroma, lexical, owned = _index_ids(data_dir, chroma_server.url)
    assert chroma == lexical == owned
    assert read_generation(data_dir) == generation + 1
    clear_retrievers()
