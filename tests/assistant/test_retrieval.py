"""HybridRetriever over a real index: filters in every mode, department names, RRF fusion,
hit fields, the LangChain interface, a round trip through a fresh process, and (with e5-small)
retrieval across Chinese and English.

The small corpus is written here, so no test leans on the wording of the bundled corpus.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langchain_core.documents import Document

from assistant.errors import UnknownDepartmentError
from assistant.retrieval.hybrid import RRF_K, Hit, HybridRetriever, convex_fusion, weighted_rrf
from ingest.embedders import AuditPrepEmbeddings, HashEmbeddings
from ingest.sync import Ingester

FILES: dict[str, str] = {
    "departments/licensing-zh.md": """---
department: 行政审批科
aliases: [审批科]
---
# 行政审批科职责

行政审批科集中受理食品经营许可申请，材料齐全的当场受理。

## 办理时限

食品经营许可自受理之日起十个工作日内作出决定，现场核查时间不计入办理时限。
""",
    "departments/licensing-en.md": """---
department: Administrative Licensing Section
aliases: [行政审批科, Licensing]
language: en
---
# Administrative Licensing Section

The section receives food business licence applications at one window and decides within ten working days.
""",
    "departments/finance-zh.md": """# 财务科职责

财务科负责预算编制、票据管理和差旅费报销审核。报销单据每月集中审核一次。
""",
    "system/records-procedure.md": """# 记录控制程序

各科室形成的记录应当及时归档，保存期限按照档案管理规定执行。借阅记录需登记。
""",
    "guidance/sampling.md": """# Sampling During an Audit

Pick samples that span every month and every clerk. Record why each sample was chosen.
""",
    "records/2025-audit-report.md": """---
department: 财务科
---
# 2025年内部审核报告（财务科）

审核发现差旅费报销单据缺少审批签字两份，已开具不符合项。
""",
}


def write_corpus(root: Path, files: dict[str, str] = FILES) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, HybridRetriever]:
    """(data_dir, retriever) over FILES with the hash embedder; read-only for the tests."""
    base = tmp_path_factory.mktemp("retrieval")
    corpus = write_corpus(base / "kb")
    embedder = HashEmbeddings()
    report = Ingester(base / "data", embedder).sync([corpus])
    assert not report.failed
    return base / "data", HybridRetriever.open(base / "data", embedder, candidates=20)


@pytest.fixture
def retriever(indexed: tuple[Path, HybridRetriever]) -> HybridRetriever:
    return indexed[1]


MODES = ["dense", "bm25", "hybrid"]
QUERY = "食品经营许可 报销 票据 记录 sample 办理时限"


@pytest.mark.parametrize("mode", MODES)
def test_department_filter_keeps_only_that_department(retriever: HybridRetriever, mode: str) -> None:
    unfiltered = retriever.search(QUERY, k=20, mode=mode)  # type: ignore[arg-type]
    assert len({h.department for h in unfiltered}) > 1  # the filter has something to remove
    hits = retriever.search(QUERY, k=20, department="财务科", mode=mode)  # type: ignore[arg-type]
    assert hits
    assert {h.department for h in hits} == {"财务科"}
    assert {h.source for h in hits} == {"kb/departments/finance-zh.md", "kb/records/2025-audit-report.md"}


@pytest.mark.parametrize("mode", MODES)
def test_doc_type_filter(retriever: HybridRetriever, mode: str) -> None:
    hits = retriever.search(QUERY, k=20, doc_type="record", mode=mode)  # type: ignore[arg-type]
    assert hits and {h.doc_type for h in hits} == {"record"}
    both = retriever.search(QUERY, k=20, department="财务科", doc_type="department", mode=mode)  # type: ignore[arg-type]
    assert both and {(h.department, h.doc_type) for h in both} == {("财务科", "department")}


@pytest.mark.parametrize("mode", MODES)
def test_language_filter(retriever: HybridRetriever, mode: str) -> None:
    query = "licence applications ten working days 食品经营许可 十个工作日"
    english = retriever.search(query, k=20, language="en", mode=mode)  # type: ignore[arg-type]
    assert english and {h.language for h in english} == {"en"}
    chinese = retriever.search(query, k=20, language="zh", mode=mode)  # type: ignore[arg-type]
    assert chinese and {h.language for h in chinese} == {"zh"}


def test_language_filter_accepts_locale_spellings(retriever: HybridRetriever) -> None:
    for spelling in ("EN", "en-US", "en_GB"):
        hits = retriever.search(QUERY, k=20, language=spelling)
        assert hits and {h.language for h in hits} == {"en"}


def test_default_filters_apply_to_every_search(indexed: tuple[Path, HybridRetriever]) -> None:
    data_dir, _ = indexed
    english_only = HybridRetriever.open(data_dir, HashEmbeddings(), filters={"language": "en"})
    assert {h.language for h in english_only.search(QUERY, k=20)} == {"en"}


@pytest.mark.parametrize(
    ("asked", "resolved"),
    [
        ("行政审批科", "行政审批科"),  # its own name beats the English page that lists it as alias
        ("审批科", "行政审批科"),  # alias
        ("临江市市场监督管理局行政审批科", "行政审批科"),  # agency prefix
        ("青石县人民政府财务科", "财务科"),
        ("administrative licensing  section", "Administrative Licensing Section"),  # case, spaces
        ("licensing", "Administrative Licensing Section"),  # English alias
    ],
)
def test_resolve_department(retriever: HybridRetriever, asked: str, resolved: str) -> None:
    assert retriever.resolve_department(asked) == resolved


def test_unknown_department_error_lists_departments(retriever: HybridRetriever) -> None:
    with pytest.raises(UnknownDepartmentError, match="No department '人事科'") as info:
        retriever.resolve_department("人事科")
    message = str(info.value)
    for name in ("行政审批科", "财务科", "Administrative Licensing Section"):
        assert name in message
    with pytest.raises(UnknownDepartmentError):
        retriever.search("预算", department="人事科")


def test_departments_count_documents_and_chunks(retriever: HybridRetriever) -> None:
    infos = {d.name: d for d in retriever.departments()}
    assert set(infos) == {"行政审批科", "财务科", "Administrative Licensing Section"}
    assert infos["财务科"].documents == 2
    assert infos["行政审批科"].aliases == ("审批科",)
    assert infos["Administrative Licensing Section"].languages == ("en",)
    assert all(d.chunks >= d.documents for d in infos.values())


@pytest.mark.parametrize("mode", MODES)
def test_hits_carry_their_provenance(retriever: HybridRetriever, mode: str) -> None:
    hits = retriever.search("食品经营许可 办理时限", k=3, mode=mode)  # type: ignore[arg-type]
    assert 0 < len(hits) <= 3
    assert len({h.chunk_id for h in hits}) == len(hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        assert isinstance(hit, Hit)
        assert hit.chunk_id and hit.doc_id and hit.title and hit.source.startswith("kb/")
        assert hit.heading_path.startswith(hit.title)
        assert hit.text and hit.language in ("zh", "en")
        assert set(hit.ranks) <= {"dense", "bm25"} and hit.ranks
    top = hits[0]
    assert top.source == "kb/departments/licensing-zh.md"
    assert top.heading_path == "行政审批科职责 > 办理时限"
    if mode == "hybrid":
        assert set(top.ranks) == {"dense", "bm25"}
        # Convex fusion: a hit ranked first by both retrievers gets the full normalised score.
        assert 0.0 < top.score <= 1.0
        if top.ranks == {"dense": 1, "bm25": 1}:
            assert top.score == pytest.approx(1.0)
        # With RRF the fused score is the weighted sum of the reciprocal ranks it records.
        rrf_top = retriever.model_copy(update={"fusion": "rrf"}).search("食品经营许可 办理时限", k=1)[0]
        expected = retriever.dense_weight / (RRF_K + rrf_top.ranks["dense"]) + retriever.lexical_weight / (
            RRF_K + rrf_top.ranks["bm25"]
        )
        assert rrf_top.score == pytest.approx(expected)
    else:
        assert list(top.ranks) == [mode]


def test_chunks_lists_a_documents_chunks_in_order(retriever: HybridRetriever) -> None:
    chunks = retriever.chunks(doc_id="kb/departments/licensing-zh")
    assert [c.heading_path for c in chunks] == ["行政审批科职责", "行政审批科职责 > 办理时限"]
    assert {c.department for c in retriever.chunks(department="审批科")} == {"行政审批科"}
    assert len(retriever.chunks()) == len(retriever.lexical)


def test_get_returns_the_asked_chunks_in_order_and_skips_unknown_ids(retriever: HybridRetriever) -> None:
    hits = retriever.chunks()
    assert len(hits) >= 2
    wanted = [hits[1].chunk_id, "no-such-chunk", hits[0].chunk_id]
    got = retriever.get(wanted)
    assert [h.chunk_id for h in got] == [hits[1].chunk_id, hits[0].chunk_id]
    assert [h.text for h in got] == [hits[1].text, hits[0].text]


def test_languages_by_doc_type(retriever: HybridRetriever) -> None:
    every = retriever.languages()
    assert every == {h.language for h in retriever.chunks()}
    for doc_type in ("guidance", "department"):
        expected = {h.language for h in retriever.chunks(doc_type=doc_type)}
        assert retriever.languages(doc_type=doc_type) == expected
    assert retriever.languages(doc_type="record") == {h.language for h in retriever.chunks(doc_type="record")}


def test_invoke_returns_langchain_documents(retriever: HybridRetriever) -> None:
    docs = retriever.invoke("差旅费报销")
    assert docs and all(isinstance(d, Document) for d in docs)
    assert len(docs) <= retriever.k
    meta = docs[0].metadata
    for key in ("chunk_id", "doc_id", "title", "source", "heading_path", "score", "ranks"):
        assert key in meta
    assert "差旅费" in docs[0].page_content


ROUND_TRIP_SCRIPT = """
import json, sys
from pathlib import Path
from assistant.retrieval.hybrid import HybridRetriever
from ingest.embedders import HashEmbeddings
retriever = HybridRetriever.open(Path(sys.argv[1]), HashEmbeddings(), candidates=20)
out = {}
for mode in ("dense", "bm25", "hybrid"):
    out[mode] = [[h.chunk_id, h.score] for h in retriever.search(sys.argv[2], k=5, mode=mode)]
print(json.dumps(out))
"""


def test_round_trip_reopened_index_gives_the_same_results(indexed: tuple[Path, HybridRetriever]) -> None:
    data_dir, retriever = indexed
    query = "差旅费 报销 审批签字"
    fresh = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP_SCRIPT, str(data_dir), query],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    reopened = json.loads(fresh.stdout)
    for mode in MODES:
        here = retriever.search(query, k=5, mode=mode)  # type: ignore[arg-type]
        assert [cid for cid, _ in reopened[mode]] == [h.chunk_id for h in here]
        assert [s for _, s in reopened[mode]] == pytest.approx([h.score for h in here])


# --- weighted RRF ----------------------------------------------------------------------------

ids = st.lists(st.sampled_from([f"c{n}" for n in range(12)]), max_size=10)


@settings(max_examples=150, deadline=None)
@given(
    rankings=st.dictionaries(st.sampled_from(["dense", "bm25", "other"]), ids, max_size=3),
    weights=st.dictionaries(st.sampled_from(["dense", "bm25", "other"]), st.floats(0.01, 5)),
)
def test_property_rrf_lists_each_id_once_and_leaves_inputs_alone(
    rankings: dict[str, list[str]], weights: dict[str, float]
) -> None:
    before = copy.deepcopy((rankings, weights))
    fused = weighted_rrf(rankings, weights)
    assert (rankings, weights) == before
    fused_ids = [cid for cid, _ in fused]
    assert len(fused_ids) == len(set(fused_ids))
    assert set(fused_ids) == {cid for ranking in rankings.values() for cid in ranking}
    assert [s for _, s in fused] == sorted((s for _, s in fused), reverse=True)
    for cid, score in fused:
        expected = sum(
            weights.get(name, 1.0) / (RRF_K + list(dict.fromkeys(ranking)).index(cid) + 1)
            for name, ranking in rankings.items()
            if cid in ranking
        )
        assert score == pytest.approx(expected)


SIX = [f"a{n}" for n in range(6)]


@settings(max_examples=60, deadline=None)
@given(first=st.permutations(SIX), second=st.permutations(SIX))
def test_property_rrf_weight_decides_between_disagreeing_rankers(first: list[str], second: list[str]) -> None:
    rankings = {"dense": first, "bm25": second}
    assert weighted_rrf(rankings, {"dense": 100.0, "bm25": 0.01})[0][0] == first[0]
    assert weighted_rrf(rankings, {"dense": 0.01, "bm25": 100.0})[0][0] == second[0]


def test_rrf_agreement_beats_one_strong_vote() -> None:
    fused = dict(weighted_rrf({"dense": ["x", "y"], "bm25": ["z", "y"]}, {"dense": 1.0, "bm25": 1.0}))
    assert fused["y"] > fused["x"] and fused["y"] > fused["z"]


# --- across languages (real model) -----------------------------------------------------------

CROSS_LANGUAGE = {
    "fire.md": "# Warehouse Safety\n\nFire extinguishers in the warehouse are inspected every month "
    "and the date is written on a tag.\n",
    "fuel.md": "# Vehicle Costs\n\nFuel cards for official cars are reconciled against mileage logs "
    "at the end of each quarter.\n",
    "letters.md": "# 来信处理\n\n群众来信登记后三个工作日内转交承办科室，并告知来信人。\n",
    "archive.md": "# 档案库房\n\n档案库房每天记录两次温度和湿度，超出范围立即调整空调。\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["dense", "hybrid"])
def test_cross_language_search_with_e5(tmp_path: Path, e5: AuditPrepEmbeddings, mode: str) -> None:
    corpus = write_corpus(tmp_path / "mixed", CROSS_LANGUAGE)
    Ingester(tmp_path / "data", e5).sync([corpus])
    retriever = HybridRetriever.open(tmp_path / "data", e5)
    # e5-small prefers passages in the query's own language whatever their topic (measured: a
    # Chinese query about fire extinguishers scores the Chinese archive passage 0.87, the
    # English fire passage 0.82), so the test asks for passages in the other language.
    zh_query = "仓库灭火器多久检查一次？"
    assert retriever.search(zh_query, k=1, language="en", mode=mode)[0].source == "mixed/fire.md"  # type: ignore[arg-type]
    en_query = "How quickly are letters from citizens passed to the responsible section?"
    assert retriever.search(en_query, k=1, language="zh", mode=mode)[0].source == "mixed/letters.md"  # type: ignore[arg-type]
    ranked = [h.source for h in retriever.search(zh_query, k=4, mode=mode)]  # type: ignore[arg-type]
    assert ranked.index("mixed/fire.md") < ranked.index("mixed/fuel.md")


def test_convex_fusion_normalises_each_retriever_and_lists_each_id_once() -> None:
    dense = {"a": 0.9, "b": 0.8, "c": 0.7}
    bm25 = {"c": 30.0, "d": 10.0}
    before = (dict(dense), dict(bm25))
    fused = convex_fusion({"dense": dense, "bm25": bm25}, {"dense": 1.0, "bm25": 1.0})
    ids = [i for i, _ in fused]
    assert sorted(ids) == ["a", "b", "c", "d"]
    assert all(0.0 <= score <= 1.0 for _, score in fused)
    # c is last for dense (0) but first for BM25 (1): 0.5; a is first for dense only: 0.5.
    scores = dict(fused)
    assert scores["c"] == pytest.approx(0.5) and scores["a"] == pytest.approx(0.5)
    assert scores["d"] == pytest.approx(0.0)
    assert (dense, bm25) == before


def test_convex_fusion_weight_decides_between_disagreeing_retrievers() -> None:
    scores = {"dense": {"x": 1.0, "y": 0.0}, "bm25": {"y": 5.0, "x": 1.0}}
    assert convex_fusion(scores, {"dense": 2.0, "bm25": 1.0})[0][0] == "x"
    assert convex_fusion(scores, {"dense": 1.0, "bm25": 2.0})[0][0] == "y"


def test_fusion_setting_switches_between_convex_and_rrf(retriever: HybridRetriever) -> None:
    convex = retriever.search("办理时限", k=3)
    rrf = retriever.model_copy(update={"fusion": "rrf"}).search("办理时限", k=3)
    assert convex and rrf
    assert all(0.0 <= h.score <= 1.0 for h in convex)
    # RRF scores are sums of weight / (60 + rank): far below convex scores of top hits.
    assert all(h.score <= 2.0 / (RRF_K + 1) + 1e-9 for h in rrf)
    assert convex[0].score > rrf[0].score


def test_reranker_reorders_the_hybrid_candidates_by_cross_encoder_score(
    retriever: HybridRetriever, tiny_cross_encoder: Path
) -> None:
    from sentence_transformers import CrossEncoder

    query = "办理时限 sample"
    pool = retriever.search(query, k=retriever.candidates)
    reranking = retriever.model_copy(update={"reranker": str(tiny_cross_encoder)})
    hits = reranking.search(query, k=4)
    assert len(hits) == 4
    expected = CrossEncoder(str(tiny_cross_encoder), device="cpu").predict([(query, h.text) for h in pool])
    by_id = {h.chunk_id: float(s) for h, s in zip(pool, expected, strict=True)}
    best = sorted(by_id, key=lambda cid: -by_id[cid])[:4]
    assert [h.chunk_id for h in hits] == best
    assert [h.score for h in hits] == pytest.approx([by_id[cid] for cid in best], abs=1e-5)
    # Each hit keeps the place the fusion gave it before reranking.
    fused_place = {h.chunk_id: n for n, h in enumerate(pool, 1)}
    assert all(h.ranks["fused"] == fused_place[h.chunk_id] for h in hits)


# -- across languages: translated BM25 queries, language-balanced pools ----------------------


@pytest.fixture(scope="module")
def bilingual_index(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    from tests.assistant.chat_support import build_index, crosslang_corpus

    root = tmp_path_factory.mktemp("crosslang-retrieval")
    return build_index(crosslang_corpus(root), root / "index", HashEmbeddings())


@pytest.mark.parametrize(
    ("query", "language", "doc"),
    [
        ("What time limit is promised for oversize transport permits?", "zh", "crosslang/permits-zh"),
        ("档案科借出原件最长几天？", "en", "crosslang/archives-en"),
    ],
)
def test_bm25_finds_the_other_language_through_translation(
    bilingual_index: HybridRetriever, query: str, language: str, doc: str
) -> None:
    hits = bilingual_index.search(query, k=1, mode="bm25", language=language)
    assert hits and hits[0].doc_id == doc
    untranslated = bilingual_index.model_copy(update={"expand_terms": False})
    assert not untranslated.search(query, k=1, mode="bm25", language=language)


def test_department_aliases_join_the_lexical_query(bilingual_index: HybridRetriever) -> None:
    expanded = bilingual_index.lexical_query("What does the Transport Permits Section do?")
    assert "运输许可科" in expanded


def test_balanced_pools_bring_both_languages_and_rank_within_each(bilingual_index: HybridRetriever) -> None:
    hits = bilingual_index.search("How long may the Archives Section lend original files?", k=6)
    assert {h.language for h in hits} == {"zh", "en"}  # the other language is not crowded out
    assert hits[0].language == "en"  # the query's own language wins a tie
    for language in ("zh", "en"):
        ranks = [h.ranks.get("dense") for h in hits if h.language == language and "dense" in h.ranks]
        assert ranks and min(ranks) == 1  # ranks are counted within the language's own pool
    unbalanced = bilingual_index.model_copy(update={"balance_languages": False}).search("x", k=3)
    assert len(unbalanced) <= 3


class _CountingEmbeddings(HashEmbeddings):
    """The hash embedder, counting the calls a search makes to it."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def embed_query(self, text: str) -> list[float]:
        self.calls += 1
        return super().embed_query(text)

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        return [super(_CountingEmbeddings, self).embed_query(t) for t in texts]


@pytest.mark.parametrize("query", ["报销票据的审批", "approval of expense receipts"])
def test_a_search_across_languages_embeds_the_query_and_its_translation_in_one_call(
    indexed: tuple[Path, HybridRetriever], query: str
) -> None:
    data_dir, retriever = indexed
    assert len(retriever.languages()) > 1, "the test corpus holds both languages"
    counting = _CountingEmbeddings()
    batched = HybridRetriever.open(data_dir, counting, candidates=20)
    hits = batched.search(query, k=5, mode="hybrid")
    assert counting.calls == 1
    # The same hits as embedding the two one after the other.
    assert [h.chunk_id for h in hits] == [h.chunk_id for h in retriever.search(query, k=5, mode="hybrid")]


class _RecordingEmbeddings(HashEmbeddings):
    """The hash embedder, recording the query texts a search embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def embed_query(self, text: str) -> list[float]:
        self.texts.append(text)
        return super().embed_query(text)

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return [super(_RecordingEmbeddings, self).embed_query(t) for t in texts]


@pytest.mark.parametrize(
    ("query", "language", "texts"),
    [
        # Both pools: the other language's is searched with the translated form too.
        ("What time limit is promised for oversize transport permits?", None, 2),
        ("档案科借出原件最长几天？", None, 2),
        ("档案科借出原件最长几天？", "en", 2),  # the other language only
        ("档案科借出原件最长几天？", "zh", 1),  # its own language only: the question alone
        ("What time limit is promised for oversize transport permits?", "en-GB", 1),
    ],
)
def test_query_texts_are_the_texts_a_search_embeds(
    bilingual_index: HybridRetriever, query: str, language: str | None, texts: int
) -> None:
    recording = _RecordingEmbeddings()
    retriever = bilingual_index.model_copy(update={"embedder": recording})
    retriever.search(query, k=5, mode="hybrid", language=language)
    assert sorted(set(recording.texts)) == sorted(retriever.query_texts(query, language))
    assert len(retriever.query_texts(query, language)) == texts
