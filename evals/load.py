"""A bounded mixed load against a running AuditPrep server: search, brief, ask and a streamed
chat answer from several concurrent clients. It stops by itself after ``--requests`` requests
or ``--seconds``, whichever comes first, and only ever calls the URL it is given (a loopback
address in our runs).

    python -m evals.load --url http://127.0.0.1:8765 --clients 8 --requests 400 [--key KEY] [--pid PID]

It prints one JSON object: per route the count, the 5xx and other error counts and the p50/p95
latency in milliseconds, and, with ``--pid``, the server's resident memory sampled during the
run (first and last sample after warm-up, and the peak), so a leak shows as a rising line.
"""

from __future__ import annotations

import argparse
import itertools
import json
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

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies_ms)

        def pick(share: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1) if ordered else 0.0

        return {
            "requests": len(ordered),
            "5xx": self.server_errors,
            "other_errors": self.other_errors,
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


def run_load(
    url: str, clients: int, requests: int, seconds: float, key: str | None = None, pid: int | None = None
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
                try:
                    status = call(client, n).status_code
                except httpx.HTTPError:
                    status = -1
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    route = stats[name]
                    route.latencies_ms.append(elapsed)
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
    for thread in threads:
        thread.start()
    sampler = threading.Thread(target=sample_memory, daemon=True)
    sampler.start()
    for thread in threads:
        thread.join()
    sampler.join(timeout=2)
    result: dict[str, Any] = {
        "clients": clients,
        "seconds": round(time.monotonic() - started, 1),
        "routes": {name: route.summary() for name, route in stats.items()},
    }
    result["total_5xx"] = sum(r.server_errors for r in stats.values())
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
    args = parser.parse_args(argv)
    host = httpx.URL(args.url).host
    if host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("127."):
        parser.error("the load test only targets a server on this machine (a loopback address)")
    result = run_load(args.url, args.clients, args.requests, args.seconds, args.key, args.pid)
    sys.stdout.write(json.dumps(result, indent=2) + "\n")
    return 1 if result["total_5xx"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
