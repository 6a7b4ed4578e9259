"""The retrieval suite end to end on the tiny corpus with the hash embedder (real Chroma, BM25,
LangChain baseline), CMRC loading, and the offline fusion the weight sweep relies on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.retrieval.hybrid import HybridRetriever
from evals.datasets import load_cmrc, write_cmrc_documents
from evals.indexes import cache_dir_for, lexical_retriever, retriever_options
from evals.retrieval import RetrievalOptions, run_retrieval_suite
from evals.sweep import pool
from ingest.embedders import HashEmbeddings

# Metrics go through ranx, whose numba kernels compile on first use (about 100 s on a fresh
# install): these tests run with the slow ones, not in the default run.
pytestmark = pytest.mark.slow

PARAGRAPHS = [
    ("P1", "长江", "长江是中国第一长河，全长约6300公里，流经青海、西藏、四川等省级行政区，最后注入东海。"),
    ("P2", "故宫", "故宫位于北京中轴线的中心，是明清两代的皇家宫殿，现为博物院，收藏文物一百八十余万件。"),
    ("P3", "熊猫", "大熊猫主要栖息在四川、陕西和甘肃的山区竹林中，以竹子为主要食物，是国宝级保护动物。"),
]
QUESTIONS = {
    "P1": ["长江全长大约多少公里？", "长江最后注入哪个海？"],
    "P2": ["故宫收藏了多少件文物？"],
    "P3": ["大熊猫主要吃什么？", "大熊猫栖息在哪些省份的山区？"],
}


def write_mini_cmrc(path: Path) -> Path:
    data = [
        {
            "id": pid,
            "title": title,
            "paragraphs": [
                {
                    "id": pid,
                    "context": text,
                    "qas": [
                        {"id": f"{pid}_Q{n}", "question": q, "answers": []}
                        for n, q in enumerate(QUESTIONS[pid])
                    ],
                }
            ],
        }
        for pid, title, text in PARAGRAPHS
    ]
    path.write_text(json.dumps({"version": "test", "data": data}, ensure_ascii=False), encoding="utf-8")
    return path


def write_tiny_gold(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    items = [
        {"id": "t1", "query": "档案原件借出最长几天", "language": "zh", "relevant": ["tiny/dangan_ke"]},
        {"id": "t2", "query": "抽样优先考虑哪些因素", "language": "zh", "relevant": ["tiny/chouyang_zhiyin"]},
        {"id": "t3", "query": "2025年装订了多少卷宗", "language": "zh", "relevant": ["tiny/dangan_ke"]},
    ]
    (folder / "bundled_zh.jsonl").write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8"
    )
    return folder


@pytest.fixture
def suite_run(tmp_path: Path, tiny_dir: Path):  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path / "data", embedder="hash")
    options = RetrievalOptions(
        cache=tmp_path / "cache",
        corpus=tiny_dir,
        gold_dir=write_tiny_gold(tmp_path / "gold"),
        cmrc=write_mini_cmrc(tmp_path / "mini.json"),
        latency_sample=2,
    )
    results, runs = run_retrieval_suite(settings, options)
    return settings, options, results, runs


def test_suite_reports_every_metric_of_every_system_per_dataset(suite_run) -> None:  # type: ignore[no-untyped-def]
    _, _, results, _ = suite_run
    assert set(results) == {"bundled_zh", "cmrc2018"}
    for systems in results.values():
        assert {"bm25", "dense", "hybrid", "naive_langchain"} <= set(systems)
        assert "hybrid_rerank" not in systems  # no reranker configured
        for metrics in systems.values():
            assert {"r@1", "r@5", "mrr@10", "ndcg@10", "latency_p50_ms"} <= set(metrics)
            assert all(0.0 <= metrics[m] <= 1.0 for m in ("r@1", "r@5", "mrr@10", "ndcg@10"))
    # Queries that share their rare words with one paragraph: BM25 finds each at rank 1.
    assert results["cmrc2018"]["bm25"]["r@1"] == 1.0
    assert results["bundled_zh"]["bm25"]["mrr@10"] == 1.0


def test_offline_fusion_reproduces_the_retrievers_hybrid_ranking(suite_run) -> None:  # type: ignore[no-untyped-def]
    settings, _, _, runs = suite_run
    for run in runs:
        fused = {}
        for split in ("tune", "test"):
            halves = pool(run.dataset.name, [run], split)
            fused.update(halves.fused(settings.lexical_weight, settings.dense_weight, settings.fusion))
        for query in run.dataset.queries:
            assert fused[f"{run.dataset.name}/{query.id}"] == run.rankings["hybrid"][query.id], query.id


def test_offline_rank_fusion_reproduces_an_rrf_retriever(suite_run) -> None:  # type: ignore[no-untyped-def]
    settings, options, _, runs = suite_run
    gold = next(r for r in runs if r.dataset.name == "bundled_zh")
    folder = cache_dir_for(options.cache, HashEmbeddings(), "bundled")
    rrf = HybridRetriever.open(folder, HashEmbeddings(), None, fusion="rrf", lexical_weight=0.5)
    halves = [pool("bundled_zh", [gold], split) for split in ("tune", "test")]
    for query in gold.dataset.queries:
        hits = rrf.search(query.text, k=settings.candidates, language=query.target_language)
        offline = next(h for h in halves if f"bundled_zh/{query.id}" in h.relevant)
        expected = offline.fused(0.5, 1.0, "rrf")[f"bundled_zh/{query.id}"]
        assert list(dict.fromkeys(h.doc_id for h in hits)) == expected, query.id


def test_second_run_reuses_the_cached_indexes(suite_run) -> None:  # type: ignore[no-untyped-def]
    settings, options, results, _ = suite_run
    again, _ = run_retrieval_suite(settings, options)
    for dataset, systems in results.items():
        for system, metrics in systems.items():
            assert again[dataset][system]["mrr@10"] == metrics["mrr@10"]


def test_lexical_only_retriever_ranks_like_the_full_index(suite_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings, options, _, runs = suite_run
    cmrc = next(r for r in runs if r.dataset.name == "cmrc2018")
    _, paragraphs = load_cmrc(options.cmrc)  # type: ignore[arg-type]
    root = write_cmrc_documents(paragraphs, tmp_path / "docs")
    lexical = lexical_retriever([root], tmp_path / "lex", HashEmbeddings(), retriever_options(settings))
    for query in cmrc.dataset.queries:
        hits = lexical.search(query.text, k=settings.candidates, mode="bm25")
        assert [(h.chunk_id, h.doc_id, h.score) for h in hits] == cmrc.chunks["bm25"][query.id]


def test_cmrc_loader_makes_each_paragraph_the_relevant_document(tmp_path: Path) -> None:
    dataset, paragraphs = load_cmrc(write_mini_cmrc(tmp_path / "mini.json"))
    assert dataset.documents == len(paragraphs) == 3
    assert len(dataset.queries) == 5
    assert all(q.relevant == {f"cmrc2018/{q.group}"} for q in dataset.queries)
    assert {q.split for q in dataset.queries if q.group == "P1"} in ({"tune"}, {"test"})
    root = write_cmrc_documents(paragraphs, tmp_path / "docs")
    assert sorted(p.name for p in root.iterdir()) == ["P1.md", "P2.md", "P3.md"]
    assert "# 长江" in (root / "P1.md").read_text(encoding="utf-8")


def test_configured_reranker_adds_the_hybrid_rerank_row(
    tmp_path: Path, tiny_dir: Path, tiny_cross_encoder: Path
) -> None:
    settings = Settings(data_dir=tmp_path / "data", embedder="hash", reranker=str(tiny_cross_encoder))
    options = RetrievalOptions(
        cache=tmp_path / "cache",
        corpus=tiny_dir,
        gold_dir=write_tiny_gold(tmp_path / "gold"),
        cmrc=None,
        systems=("bm25", "hybrid", "hybrid_rerank"),
        latency_sample=2,
    )
    results, runs = run_retrieval_suite(settings, options)
    systems = results["bundled_zh"]
    assert set(systems) == {"bm25", "hybrid", "hybrid_rerank"}
    assert {"r@1", "mrr@10", "latency_p50_ms"} <= set(systems["hybrid_rerank"])
    # The reranked run ranks the same candidates as the hybrid, in the cross-encoder's order.
    ranked, plain = runs[0].rankings["hybrid_rerank"], runs[0].rankings["hybrid"]
    assert ranked.keys() == plain.keys()
    assert all(set(ranked[q]) == set(plain[q]) for q in ranked)
    assert any(ranked[q] != plain[q] for q in ranked)
