"""A bounded mixed load against a running AuditPrep server: search, brief, ask and a streamed
chat answer from several concurrent clients. It stops by itself after ``--requests`` requests
or ``--seconds``, whichever comes first, and only ever calls the URL it is given (a loopback
address in our runs).

    python -m evals.load --url http://127.0.0.1:8765 --clients 8 --requests 400 [--key KEY] [--pid PID]

It prints one JSON object: per route the count, the 5xx and other error counts and the p50/p95
latency in milliseconds, and, with ``--pid``, the server's resident memory sampled during the
run (first and last sample after warm-up, and the peak), so a leak shows as a rising line.

With ``--ingest FOLDER --data-dir DIR`` it also re-indexes while it loads: it copies FOLDER to a
scratch folder beside DIR (``DIR-load-ingest/``, reused by later runs, so the index gains one
copy of FOLDER, not one per run: use a data folder made for load runs) and runs ``auditprep
ingest`` on it in a loop (another process, as an operator would), changing every Markdown file
before each round so that every chunk is replaced and the old ones deleted under the readers'
feet. The server must use the same data folder, embedder and Chroma URL (the ingest inherits
the ``AUDITPREP_*`` variables). The report adds the rounds run and failed, and counts hits
with a blank text.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

QUESTIONS = (
    "信访事项的办理时限是多少？",
    "What is the time limit for handling a complaint?",
    "哪些不符合项还没有验证？",
    "How many applications were handled last year?",
)
SEARCHES = ("办理时限", "opening meeting", "抽样", "nonconformity corrective action")


@dataclass
class RouteStats:
    latencies_ms: list[float] = field(default_factory=list)
    server_errors: int = 0
    other_errors: int = 0
    blank_hits: int = 0

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies_ms)

        def pick(share: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1) if ordered else 0.0

        return {
            "requests": len(ordered),
            "5xx": self.server_errors,
            "other_errors": self.other_errors,
            "blank_hits": self.blank_hits,
            "p50_ms": pick(0.50),
            "p95_ms": pick(0.95),
        }


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _calls(departments: Sequence[str]) -> list[tuple[str, Callable[[httpx.Client, int], httpx.Response]]]:
    def search(client: httpx.Client, n: int) -> httpx.Response:
        return client.get("/api/search", params={"q": SEARCHES[n % len(SEARCHES)], "k": 5})

    def brief(client: httpx.Client, n: int) -> httpx.Response:
        language = "zh" if n % 2 else "en"
        department = departments[n % len(departments)]
        return client.post("/api/plan", json={"department": department, "language": language})

    def ask(client: httpx.Client, n: int) -> httpx.Response:
        return client.post("/api/ask", json={"question": QUESTIONS[n % len(QUESTIONS)]})

    def stream(client: httpx.Client, n: int) -> httpx.Response:
        with client.stream("POST", "/api/chat/stream", json={"question": QUESTIONS[n % len(QUESTIONS)]}) as r:
            for _ in r.iter_lines():
                pass
            return r

    Call = Callable[[httpx.Client, int], httpx.Response]
    calls: list[tuple[str, Call]] = [("search", search), ("ask", ask), ("chat_stream", stream)]
    if departments:
        calls.append(("brief", brief))
    return calls


def _blank_hits(response: httpx.Response) -> int:
    """Search hits with no text: a reader that saw a half-written index."""
    if response.status_code != 200 or not response.request.url.path.endswith("/api/search"):
        return 0
    return sum(1 for hit in response.json().get("data", []) if not str(hit.get("text", "")).strip())


class IngestLoop:
    """Re-index a scratch copy of ``folder`` into ``data_dir`` until stopped (see the module
    docstring); each round changes every Markdown file, so each round replaces every chunk."""

    def __init__(self, folder: Path, data_dir: Path) -> None:
        self.folder = folder
        self.data_dir = data_dir
        self.rounds = 0
        self.failed: list[str] = []
        self.stop = threading.Event()
        self._scratch = data_dir.with_name(f"{data_dir.name}-load-ingest")
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        shutil.copytree(self.folder, self._scratch / self.folder.name, dirs_exist_ok=True)
        self._thread.start()

    def _run(self) -> None:
        # The CLI of the Python running this tool, so a source checkout on PYTHONPATH is used too.
        cli = "from assistant.cli.app import app; app()"
        command = [sys.executable, "-c", cli, "ingest", str(self._scratch / self.folder.name), "--json"]
        env = {**os.environ, "AUDITPREP_DATA_DIR": str(self.data_dir)}
        while not self.stop.is_set():
            for path in sorted((self._scratch / self.folder.name).rglob("*.md")):
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(f"\n\n<!-- load round {self.rounds} -->\n")
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            self.rounds += 1
            if done.returncode:
                self.failed.append(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "?")

    def finish(self) -> dict[str, Any]:
        self.stop.set()
        self._thread.join()
        return {"rounds": self.rounds, "failed": len(self.failed), "errors": self.failed[:3]}


def run_load(
    url: str, clients: int, requests: int, seconds: float, key: str | None = None, pid: int | None = None,
    ingest: IngestLoop | None = None,
) -> dict[str, Any]:
    """Run the load; see the module docstring for what comes back."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as probe:
        listed = probe.get("/api/departments")
        listed.raise_for_status()
        departments = [d["name"] for d in listed.json()["data"]]
    calls = _calls(departments)
    stats = {name: RouteStats() for name, _ in calls}
    counter = itertools.count()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    memory: list[float] = []

    def worker() -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
            while time.monotonic() < deadline:
                n = next(counter)
                if n >= requests:
                    return
                name, call = calls[n % len(calls)]
                started = time.perf_counter()
                blank = 0
                try:
                    response = call(client, n)
                    status, blank = response.status_code, _blank_hits(response)
                except httpx.HTTPError:
                    status = -1
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    route = stats[name]
                    route.latencies_ms.append(elapsed)
                    route.blank_hits += blank
                    if status >= 500:
                        route.server_errors += 1
                    elif status >= 400 or status < 0:
                        route.other_errors += 1

    def sample_memory() -> None:
        while pid is not None and any(t.is_alive() for t in threads):
            value = _rss_mb(pid)
            if value is not None:
                memory.append(value)
            time.sleep(0.5)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    started = time.monotonic()
    if ingest is not None:
        ingest.start()
    for thread in threads:
        thread.start()
    sampler = threading.Thread(target=sample_memory, daemon=True)
    sampler.start()
    for thread in threads:
        thread.join()
    sampler.join(timeout=2)
    ingest_report = ingest.finish() if ingest is not None else None
    result: dict[str, Any] = {
        "clients": clients,
        "seconds": round(time.monotonic() - started, 1),
        "routes": {name: route.summary() for name, route in stats.items()},
    }
    result["total_5xx"] = sum(r.server_errors for r in stats.values())
    result["blank_hits"] = sum(r.blank_hits for r in stats.values())
    if ingest_report is not None:
        result["ingest"] = ingest_report
    if memory:
        settled = memory[len(memory) // 4 :] or memory  # after warm-up: models loaded, caches filled
        result["rss_mb"] = {
            "after_warmup": round(settled[0]), "end": round(settled[-1]), "peak": round(max(memory))
        }
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--url", default="http://127.0.0.1:8765")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--key", default=None, help="API key, when the server needs one")
    parser.add_argument("--pid", type=int, default=None, help="server process id, to sample its memory")
    parser.add_argument("--ingest", type=Path, default=None, metavar="FOLDER",
                        help="re-index a copy of FOLDER in a loop while loading (needs --data-dir)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="the server's AUDITPREP_DATA_DIR, for --ingest")
    args = parser.parse_args(argv)
    if args.ingest is not None and args.data_dir is None:
        parser.error("--ingest needs --data-dir: the data folder the server reads")
    host = httpx.URL(args.url).host
    if host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("127."):
        parser.error("the load test only targets a server on this machine (a loopback address)")
    ingest = IngestLoop(args.ingest, args.data_dir) if args.ingest is not None else None
    result = run_load(args.url, args.clients, args.requests, args.seconds, args.key, args.pid, ingest)
    sys.stdout.write(json.dumps(result, indent=2) + "\n")
    return 1 if result["total_5xx"] or result["blank_hits"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
