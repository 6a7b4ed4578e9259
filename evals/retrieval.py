"""The retrieval suite: R@1, R@5, MRR@10 and nDCG@10 of each retriever on each data set.

Systems compared on the same documents and the same embedder:

| name | what |
| --- | --- |
| ``bm25`` | our BM25 over jieba tokens (``HybridRetriever.search(mode="bm25")``) |
| ``dense`` | our Chroma search with the configured embedder |
| ``hybrid`` | weighted RRF of the two, with the weights in Settings |
| ``hybrid_rerank`` | the hybrid, reranked by the cross-encoder in AUDITPREP_RERANKER (only when set) |
| ``naive_langchain`` | ``evals.baseline.NaiveLangChainBaseline`` |

Data sets: the hand-written gold sets over the bundled corpus (``evals/gold``) and CMRC 2018
dev. Chunks are ranked, then collapsed to documents (a document ranks at its best chunk),
since the gold sets and CMRC judge documents. Quality runs on every query; latency
(``latency_p50_ms``/``latency_p95_ms``, one query at a time, query embedding included) on a
fixed sample, since a batch-embedded query would flatter the dense side.

Usage::

    results, runs = run_retrieval_suite(settings, RetrievalOptions(cmrc=path, cache=cache))
    results["cmrc2018"]["hybrid"]["r@1"]
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT, Settings
from assistant.retrieval.hybrid import HybridRetriever
from assistant.wiring import build_embedder
from evals.baseline import NaiveLangChainBaseline
from evals.datasets import GOLD_DIR, Dataset, Query, load_cmrc, load_gold_sets, write_cmrc_documents
from evals.indexes import (
    QueryVectors,
    Say,
    cache_dir_for,
    cached_index,
    eval_embedder,
    lexical_retriever,
    prefill_searches,
    retriever_options,
)
from evals.metrics import collapse_to_documents, evaluate_rankings, latency_summary

OUR_MODES = ("bm25", "dense", "hybrid")
SYSTEMS = ("bm25", "dense", "hybrid", "hybrid_rerank", "naive_langchain")
# (chunk_id, doc_id, score) triples, best first: what the fusion sweep re-fuses offline (rank
# fusion needs the order, convex fusion the scores: cosine similarity, BM25).
ChunkList = list[tuple[str, str, float]]


@dataclass
class RetrievalOptions:
    """What to run. ``cmrc`` None skips CMRC; ``limit`` caps the queries of each data set."""

    cache: Path
    cmrc: Path | None = None
    corpus: Path = PROJECT_ROOT / "corpus"
    gold_dir: Path = GOLD_DIR
    systems: tuple[str, ...] = SYSTEMS
    limit: int | None = None
    cmrc_limit: int | None = None
    latency_sample: int = 60
    # Each gold set searches the same small index, so a few timed queries per set suffice
    # (five sets x 20 = 100 per system); timing costs a model call per query.
    gold_latency_sample: int = 20
    # BM25 only on CMRC, from an in-memory chunk table (the fast regression slice).
    cmrc_lexical_only: bool = False


@dataclass
class DatasetRun:
    """Everything one data set produced: document rankings per system, the chunk lists the
    fusion sweep needs, and the timed queries."""

    dataset: Dataset
    rankings: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    chunks: dict[str, dict[str, ChunkList]] = field(default_factory=dict)
    latency: dict[str, list[float]] = field(default_factory=dict)

    def relevant(self) -> dict[str, frozenset[str]]:
        return {q.id: q.relevant for q in self.dataset.queries}

    def metrics(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for system, ranking in self.rankings.items():
            out[system] = {
                **evaluate_rankings(self.relevant(), ranking),
                **latency_summary(self.latency.get(system, [])),
            }
        return out


@dataclass
class Systems:
    """The retrievers under test for one document collection."""

    retriever: HybridRetriever
    embedder: QueryVectors | None
    naive: NaiveLangChainBaseline | None = None
    modes: tuple[str, ...] = OUR_MODES

    def search_chunks(self, query: Query, mode: str, retriever: HybridRetriever | None = None) -> ChunkList:
        r = retriever or self.retriever
        hits = r.search(query.text, k=r.candidates, mode=mode, language=query.target_language)  # type: ignore[arg-type]
        return [(h.chunk_id, h.doc_id, h.score) for h in hits]

    def _documents_for(self, mode: str, retriever: HybridRetriever) -> Callable[[Query], list[str]]:
        def rank(query: Query) -> list[str]:
            return collapse_to_documents(d for _, d, _ in self.search_chunks(query, mode, retriever))

        return rank

    def runners(self) -> dict[str, Callable[[Query], list[str]]]:
        """System name -> a function from a query to document IDs, best first."""
        out: dict[str, Callable[[Query], list[str]]] = {}
        plain = self.retriever.model_copy(update={"reranker": None})
        for mode in (m for m in self.modes if m in OUR_MODES):
            out[mode] = self._documents_for(mode, plain)
        if "hybrid_rerank" in self.modes and self.retriever.reranker:
            out["hybrid_rerank"] = self._documents_for("hybrid", self.retriever)
        if self.naive is not None:
            naive = self.naive
            out["naive_langchain"] = lambda q: naive.rank(q.text, q.target_language)
        return out


def evaluate_dataset(
    dataset: Dataset, systems: Systems, latency_sample: int, say: Say | None = None
) -> DatasetRun:
    """Rank every query with every system; time a sample of queries one by one."""
    run = DatasetRun(dataset)
    queries = dataset.queries
    embedder = systems.embedder
    if embedder is not None and (systems.naive or {"dense", "hybrid", "hybrid_rerank"} & set(systems.modes)):
        embedder.prefill(q.text for q in queries)
        if {"hybrid", "hybrid_rerank"} & set(systems.modes):
            prefill_searches(systems.retriever, [(q.text, q.target_language) for q in queries])
    plain = systems.retriever.model_copy(update={"reranker": None})
    for mode in ("bm25", "dense"):
        if mode in systems.modes:
            run.chunks[mode] = {q.id: systems.search_chunks(q, mode, plain) for q in queries}
    runners = systems.runners()
    for name, runner in runners.items():
        if name in run.chunks:
            lists = run.chunks[name]
            run.rankings[name] = {qid: collapse_to_documents(d for _, d, _ in c) for qid, c in lists.items()}
        else:
            run.rankings[name] = {q.id: runner(q) for q in queries}
    if latency_sample > 0:
        sample = queries[:: max(1, len(queries) // latency_sample)][:latency_sample]
        if embedder is not None:
            embedder.use_cache = False
        try:
            for name, runner in runners.items():
                runner(sample[0])  # warm-up: model load and first-call costs are not query latency
                times: list[float] = []
                for query in sample:
                    started = time.perf_counter()
                    runner(query)
                    times.append(time.perf_counter() - started)
                run.latency[name] = times
        finally:
            if embedder is not None:
                embedder.use_cache = True
    if say:
        say(f"  {dataset.name}: {len(queries)} queries, systems {', '.join(run.rankings)}")
    return run


def _systems(
    roots: list[Path],
    name: str,
    settings: Settings,
    options: RetrievalOptions,
    embedder: QueryVectors,
    say: Say | None,
) -> Systems:
    modes = tuple(m for m in options.systems if m in (*OUR_MODES, "hybrid_rerank"))
    retriever, _ = cached_index(
        roots, cache_dir_for(options.cache, embedder, name), embedder, retriever_options(settings), say, name
    )
    naive = None
    if "naive_langchain" in options.systems:
        if say:
            say(f"Building the naive LangChain baseline over {name} ...")
        naive = NaiveLangChainBaseline.build(
            roots,
            embedder,
            cache_dir_for(options.cache, embedder, f"naive-{name}"),
            k=settings.candidates,
            name=name,
        )
    return Systems(retriever, embedder, naive, modes)


def run_retrieval_suite(
    settings: Settings, options: RetrievalOptions, say: Say | None = None
) -> tuple[dict[str, dict[str, dict[str, float]]], list[DatasetRun]]:
    """Run the suite; returns ``{dataset: {system: {metric: value}}}`` and the raw runs."""
    results: dict[str, dict[str, dict[str, float]]] = {}
    runs: list[DatasetRun] = []
    # Read every input first: a missing file should fail before minutes of indexing.
    cmrc = load_cmrc(options.cmrc) if options.cmrc is not None else None
    gold = [d.head(options.limit) for d in load_gold_sets(options.gold_dir)]
    embedder = eval_embedder(build_embedder(settings), options.cache)
    if gold:
        systems = _systems([options.corpus], "bundled", settings, options, embedder, say)
        documents = len(set(systems.retriever.lexical.fields.get("doc_id", [])))
        for dataset in gold:
            dataset.documents = documents
            sample = min(options.latency_sample, options.gold_latency_sample)
            run = evaluate_dataset(dataset, systems, sample, say)
            runs.append(run)
            results[dataset.name] = run.metrics()
    if cmrc is not None:
        dataset, paragraphs = cmrc
        dataset = dataset.head(options.cmrc_limit)
        root = write_cmrc_documents(paragraphs, options.cache / "documents")
        if options.cmrc_lexical_only:
            retriever = lexical_retriever(
                [root], options.cache / "lexical-cmrc2018", embedder.inner, retriever_options(settings)
            )
            systems = Systems(retriever, None, None, ("bm25",))
        else:
            systems = _systems([root], "cmrc2018", settings, options, embedder, say)
        run = evaluate_dataset(dataset, systems, options.latency_sample, say)
        runs.append(run)
        results[dataset.name] = run.metrics()
    return results, runs


def describe(runs: list[DatasetRun]) -> dict[str, Any]:
    """Sizes of the data sets, for the results file."""
    return {
        r.dataset.name: {"queries": len(r.dataset.queries), "documents": r.dataset.documents} for r in runs
    }
