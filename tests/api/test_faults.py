"""Faults the API must survive without a 5xx it could have avoided: a sync writing to the index
while requests read it, a request that runs past its time limit, and a stream whose client
leaves. (The Chroma server outage is in tests/ingest/test_chroma_server.py: it needs a server.)
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.api.deps import clear_retrievers, get_writer_factory
from assistant.api.routers.chat import _ndjson
from assistant.config import Settings
from assistant.writers.base import WriteRequest
from assistant.writers.fake import FakeWriter
from ingest.embedders import HashEmbeddings
from ingest.generation import read_generation
from ingest.lexical import LexicalIndex
from ingest.snapshot import PinnedStore
from ingest.sync import Ingester
from ingest.vectorstore import ChromaStore
from tests.api.support import local_client

CLI = "from assistant.cli.app import app; app()"
DEPARTMENTS = ("档案科", "信访办", "财务科", "宣传科")


def write_corpus(root: Path, files: int, version: int) -> None:
    """``files`` short department documents; ``version`` changes every text, so a second sync
    replaces (deletes) every chunk of the first."""
    root.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        department = DEPARTMENTS[n % len(DEPARTMENTS)]
        body = "\n\n".join(
            f"## 第{s}节 办理要求\n\n{department}按照第{version}版程序办理第{n}号事项，"
            f"办理时限为{s + n % 7}个工作日，"
            f"记录保存{version + s}年。The {department} keeps record {n}-{s} for {version + s} years."
            for s in range(1, 4)
        )
        (root / f"doc_{n:03d}.md").write_text(f"# {department}工作规程{n}\n\n{body}\n", encoding="utf-8")


@pytest.fixture
def busy_index(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    data_dir, corpus = tmp_path / "busy-index", tmp_path / "busy"
    write_corpus(corpus, 60, version=1)
    Ingester(data_dir, HashEmbeddings()).sync([corpus])
    yield data_dir, corpus
    clear_retrievers()


def test_requests_during_a_sync_get_no_5xx_and_no_blank_hit(busy_index: tuple[Path, Path]) -> None:
    data_dir, corpus = busy_index
    client = local_client(create_app(Settings(data_dir=data_dir, embedder="hash")))
    before = read_generation(data_dir)
    # Every file changes, a third disappear and new ones arrive: the sync writes new chunks while
    # old ones are still searched, then deletes the old ones under the readers' feet.
    write_corpus(corpus, 90, version=2)
    for n in range(0, 90, 3):
        (corpus / f"doc_{n:03d}.md").unlink()
    failures: list[BaseException] = []

    def sync() -> None:
        # Another process, as `auditprep ingest` beside a running server: it shares nothing with
        # the server but the data folder.
        env = {**os.environ, "AUDITPREP_DATA_DIR": str(data_dir), "AUDITPREP_EMBEDDER": "hash",
               "PYTHONPATH": str(Path(__file__).parents[2])}
        try:
            for round_ in range(3):  # several generations, each deleting the previous one's leftovers
                done = subprocess.run(
                    [sys.executable, "-c", CLI, "ingest", str(corpus), "--json"],
                    env=env, capture_output=True, text=True, timeout=300, check=False,
                )
                if done.returncode:
                    failures.append(RuntimeError(done.stderr[-2000:]))
                write_corpus(corpus, 90, version=3 + round_)
        except BaseException as e:  # reported by the main thread
            failures.append(e)

    writer = threading.Thread(target=sync)
    writer.start()
    statuses: list[tuple[str, int, str]] = []
    blanks: list[dict[str, object]] = []
    rounds = 0
    while writer.is_alive() or rounds < 5:
        rounds += 1
        for path, call in (
            ("search", lambda: client.get("/api/search", params={"q": "办理时限 记录保存", "k": 10})),
            ("bm25", lambda: client.get("/api/search", params={"q": "档案科 办理", "k": 10, "mode": "bm25"})),
            ("ask", lambda: client.post("/api/ask", json={"question": "档案科事项的办理时限是多少？"})),
        ):
            response = call()
            statuses.append((path, response.status_code, response.text[:200]))
            if path != "ask" and response.status_code == 200:
                blanks += [h for h in response.json()["data"] if not h["text"].strip()]
    writer.join()
    assert not failures, failures
    assert rounds >= 5
    server_errors = [s for s in statuses if s[1] >= 500]
    assert not server_errors, server_errors[:3]
    assert not blanks
    assert read_generation(data_dir) >= before + 3
    # After the sync the server answers from the new generation: version-1 wording is gone.
    final = client.get("/api/search", params={"q": "第1版程序", "k": 20, "mode": "bm25"}).json()["data"]
    assert final and all("第1版" not in h["text"] for h in final)


def test_pinned_store_drops_dense_hits_outside_its_generation(busy_index: tuple[Path, Path]) -> None:
    data_dir, corpus = busy_index
    embedder = HashEmbeddings()
    lexical = LexicalIndex.load(data_dir / "lexical")
    chroma = ChromaStore.open(data_dir, None, embedder.name, embedder.dimension)
    pinned = PinnedStore(chroma, lexical)
    # A sync's new chunks reach Chroma before BM25 is published; this reader's generation lacks them.
    write_corpus(corpus, 61, version=1)  # one new file, the rest unchanged
    Ingester(data_dir, embedder).sync([corpus])
    vector = embedder.embed_query("档案科工作规程60")
    assert any(h.metadata["source"].endswith("doc_060.md") for h in chroma.query(vector, k=200))
    kept = pinned.query(vector, k=200)
    assert kept and not any(h.metadata["source"].endswith("doc_060.md") for h in kept)
    assert {h.chunk_id for h in kept} <= set(lexical.ids)
    # Texts come from the generation's own table, identical to what Chroma holds for them.
    for got in pinned.get([h.chunk_id for h in kept[:5]]):
        assert got.text == chroma.get([got.chunk_id])[0].text


def test_pinned_store_never_returns_a_blank_passage(busy_index: tuple[Path, Path]) -> None:
    data_dir, _ = busy_index
    lexical = LexicalIndex.load(data_dir / "lexical")
    known = lexical.ids[0]
    assert [c.chunk_id for c in PinnedStore(None, lexical).get(["no-such-id", known])] == [known]
    assert lexical.stored([known])[0].text.strip()


class SlowWriter(FakeWriter):
    """A scripted writer that pauses before each piece, as a slow model does, and records
    whether its generator was closed before it finished."""

    def __init__(self, answer: str, pause: float) -> None:
        super().__init__([answer])
        self.pause = pause
        self.pieces = 0
        self.closed_early = threading.Event()

    def write(self, request: WriteRequest) -> Iterator[str]:
        pieces = super().write(request)
        finished = False
        try:
            for piece in pieces:
                time.sleep(self.pause)
                self.pieces += 1
                yield piece
            finished = True
        finally:
            if not finished:
                self.closed_early.set()


LONG_ANSWER = "档案原件借出最长7天，需要登记并经科长批准 [1]。" * 5


def _app_with_writer(data_dir: Path, writer: FakeWriter, timeout: float) -> TestClient:
    app = create_app(Settings(data_dir=data_dir, embedder="hash", request_timeout=timeout))
    app.dependency_overrides[get_writer_factory] = lambda: (lambda name=None: writer)
    return local_client(app)


def test_ask_past_the_time_limit_is_504_and_stops_the_writer(tiny_index: Path) -> None:
    writer = SlowWriter(LONG_ANSWER, pause=0.05)
    client = _app_with_writer(tiny_index, writer, timeout=0.5)
    started = time.monotonic()
    response = client.post("/api/ask", json={"question": "档案原件借出最长多少天？"})
    assert response.status_code == 504, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == 504
    assert "AUDITPREP_REQUEST_TIMEOUT" in body["error"]
    assert time.monotonic() - started < 5
    assert writer.closed_early.wait(2) and writer.pieces < len(LONG_ANSWER)


def test_stream_past_the_time_limit_ends_with_a_504_error_line(tiny_index: Path) -> None:
    writer = SlowWriter(LONG_ANSWER, pause=0.05)
    client = _app_with_writer(tiny_index, writer, timeout=0.5)
    response = client.post("/api/chat/stream", json={"question": "档案原件借出最长多少天？"})
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert lines[-1]["type"] == "error" and lines[-1]["status"] == 504
    assert not any(line["type"] == "answer" for line in lines)
    assert writer.closed_early.wait(2)


def test_stream_within_the_time_limit_ends_with_the_answer(tiny_index: Path) -> None:
    writer = SlowWriter("档案原件借出最长7天 [1]。", pause=0.0)
    client = _app_with_writer(tiny_index, writer, timeout=30)
    lines = [json.loads(line) for line in client.post(
        "/api/chat/stream", json={"question": "档案原件借出最长多少天？"}).text.splitlines()]
    assert lines[-1]["type"] == "answer" and not writer.closed_early.is_set()


class _GoneAfter:
    """A request whose client disconnects after ``n`` checks."""

    def __init__(self, n: int) -> None:
        self.n = n

    async def is_disconnected(self) -> bool:
        self.n -= 1
        return self.n < 0


def test_stream_generator_is_closed_when_the_client_goes_away() -> None:
    closed = threading.Event()

    def events() -> Iterator[dict[str, object]]:
        try:
            for n in range(1000):
                yield {"type": "token", "text": str(n)}
        finally:
            closed.set()

    async def consume() -> list[str]:
        lines = _ndjson({"type": "token", "text": "-"}, events(), time.monotonic() + 60,
                        _GoneAfter(3), Settings(embedder="hash"))  # type: ignore[arg-type]
        return [line async for line in lines]

    lines = asyncio.run(consume())
    assert len(lines) == 4  # the first event and three more, then the client was gone
    assert closed.is_set()


def test_pinned_store_reads_chroma_for_a_generation_without_texts(busy_index: tuple[Path, Path]) -> None:
    data_dir, _ = busy_index
    embedder = HashEmbeddings()
    lexical = LexicalIndex.load(data_dir / "lexical")
    lexical._texts = {}  # as a generation written before texts were kept beside BM25
    chroma = ChromaStore.open(data_dir, None, embedder.name, embedder.dimension)
    wanted = lexical.ids[:3]
    assert not lexical.has_texts and lexical.stored(wanted) == []
    got = PinnedStore(chroma, lexical).get(wanted)
    assert [c.chunk_id for c in got] == wanted and all(c.text.strip() for c in got)
