"""Hybrid retrieval: dense search in Chroma + BM25 over jieba tokens, fused with measured weights.

This is the only module of ``assistant`` that reads the index. Two weighted fusions exist:

- ``convex`` (default): each retriever's scores over its candidates are min-max normalised to
  [0, 1] and summed with the weights; a chunk one retriever did not return gets 0 from it.
  Unlike rank fusion it keeps score margins: when BM25 finds a passage far ahead of the rest
  (an extractive question), that margin survives. Bruch, Gai and Ingber (ACM TOIS 2023, "An
  analysis of fusion functions for hybrid retrieval") found this convex combination ahead of
  RRF; on our data too (CMRC 2018 held-out half, R@1: convex 0.984, RRF 0.973, BM25 0.976,
  dense 0.958; see docs/evals.md).
- ``rrf``: weighted Reciprocal Rank Fusion (Cormack, Clarke and Büttcher, SIGIR 2009): each
  retriever adds ``weight / (RRF_K + rank)``; ``RRF_K = 60`` is the constant of that paper.

Plain (unweighted) fusion of a strong and a weak retriever can fall below the strong one alone
(RRF(BM25, USE) 0.863 < BM25 0.914 R@1 on CMRC 2018), so the weights are settings, chosen by
measurement (`auditprep eval retrieval --sweep`, see the README).

Usage::

    retriever = HybridRetriever.open(data_dir, embedder)
    hits = retriever.search("食品经营许可的办理时限", k=5, department="行政审批科")
    docs = retriever.invoke("opening meeting agenda")   # LangChain Documents
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field, PrivateAttr

from assistant.retrieval.crosslingual import SentenceMatcher
from assistant.retrieval.departments import (
    DepartmentInfo,
    composes_name,
    find_by_name_parts,
    find_department,
    resolve_department,
)
from assistant.retrieval.glossary import expand_query
from assistant.retrieval.translation import QueryTranslator, name_lexicon
from ingest.catalog import DocumentRow, catalog_documents
from ingest.embedders import AuditPrepEmbeddings
from ingest.errors import IndexNotFoundError
from ingest.lexical import LexicalIndex
from ingest.metadata.declarations import declared_departments
from ingest.metadata.infer import MENTIONS_SEPARATOR
from ingest.metadata.short_names import abbreviates, contracted_names, short_names_for
from ingest.metadata.units import normalize_name, without_place
from ingest.text import CJK, CODE, codes, detect_language
from ingest.vectorstore import ChromaStore, StoredChunk

_CJK_NAME = re.compile(f"[{CJK}]")
log = logging.getLogger(__name__)

RRF_K = 60
# Translations of questions kept per retriever (a chat asks again for the same question).
_TRANSLATIONS_KEPT = 256
# The lexical weight is multiplied by this for a pool in the other language than the query:
# BM25 then matches translated words, which are noisier than the query's own. Chosen on the
# tuning halves of the cross-language gold sets (docs/chat.md: 0.3, 0.5, 0.7, 1.0 tried).
CROSS_LEXICAL_FACTOR = 0.5
# With language-balanced pools, the fused scores of a pool in the other language than the query
# count this much: its best passage still outranks the weak ones of the query's language, but a
# translated twin does not tie with the original in the query's language.
OTHER_POOL_FACTOR = 0.9
Mode = Literal["hybrid", "dense", "bm25"]
Fusion = Literal["convex", "rrf"]


@dataclass
class Hit:
    """One retrieved chunk. ``score`` is the fused score in hybrid mode (0-1 for convex fusion),
    cosine similarity in dense mode, BM25 in bm25 mode, the cross-encoder score after rerank:
    higher is better."""

    chunk_id: str
    doc_id: str
    title: str
    source: str
    department: str
    doc_type: str
    language: str
    heading_path: str
    text: str
    score: float
    ranks: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_stored(cls, chunk: StoredChunk, score: float, ranks: dict[str, int]) -> Hit:
        m = chunk.metadata
        return cls(
            chunk_id=chunk.chunk_id,
            doc_id=str(m.get("doc_id", "")),
            title=str(m.get("title", "")),
            source=str(m.get("source", "")),
            department=str(m.get("department", "")),
            doc_type=str(m.get("doc_type", "")),
            language=str(m.get("language", "")),
            heading_path=str(m.get("heading_path", "")),
            text=chunk.text,
            score=score,
            ranks=ranks,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_document(self) -> Document:
        meta = self.to_dict()
        text = meta.pop("text")
        return Document(page_content=text, metadata=meta)


def weighted_rrf(
    rankings: Mapping[str, Sequence[str]], weights: Mapping[str, float]
) -> list[tuple[str, float]]:
    """Fuse ranked ID lists; an ID appears once, with the sum of its weighted reciprocal ranks."""
    scores: dict[str, float] = {}
    for name, ids in rankings.items():
        weight = weights.get(name, 1.0)
        for rank, chunk_id in enumerate(dict.fromkeys(ids), 1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def convex_fusion(
    scores: Mapping[str, Mapping[str, float]], weights: Mapping[str, float]
) -> list[tuple[str, float]]:
    """Fuse score maps: per retriever, min-max normalise its candidates' scores to [0, 1], then
    take the weighted mean. An ID appears once; a retriever that did not return it adds 0."""
    total = sum(weights.get(name, 1.0) for name in scores) or 1.0
    fused: dict[str, float] = {}
    for name, by_id in scores.items():
        if not by_id:
            continue
        low, high = min(by_id.values()), max(by_id.values())
        weight = weights.get(name, 1.0) / total
        for chunk_id, score in by_id.items():
            normalised = (score - low) / (high - low) if high > low else 1.0
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight * normalised
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


class HybridRetriever(BaseRetriever):
    """LangChain retriever over the AuditPrep index.

    Args:
        store: the Chroma collection. lexical: the BM25 index. embedder: query embeddings.
        k: hits returned. candidates: hits taken from each side before fusion.
        dense_weight / lexical_weight: fusion weights. fusion: convex (default) or rrf.
        mode: hybrid, dense or bm25.
        reranker: optional local sentence-transformers CrossEncoder folder.
        expand_terms: add the other language's words to the BM25 query: glossary terms,
            department aliases and, with ``translate``, dictionary translations
            (``translation.py``).
        translate: use the bilingual dictionary too (False: glossary and aliases only).
        balance_languages: without a language filter, take and normalise each language's
            candidates on their own before fusion, so that a passage in the other language is
            not sunk by its lower absolute cross-language similarity.
        filters: default metadata filters (department, doc_type, language).
        query_translator: optional ``TextTranslator`` (an LLM, say): when a search crosses
            languages, its rendering of the question joins the dictionary's words in the BM25
            query and in the translated dense query. None (default): dictionary only.
        sentence_matcher: optional ``SentenceMatcher`` (``crosslingual.py``): how close a
            question is to sentences in the other language, for the relevance rule and the
            rules writer; search itself does not use it.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Any
    lexical: Any
    embedder: Any
    k: int = 5
    candidates: int = 40
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    fusion: Fusion = "convex"
    mode: Mode = "hybrid"
    reranker: str | None = None
    # BM25 also looks for the other language's glossary terms (assistant/glossary.py).
    expand_terms: bool = True
    translate: bool = True
    balance_languages: bool = True
    # Dense search for a pool in the other language embeds the query with its translations.
    translate_dense: bool = True
    cross_lexical_factor: float = CROSS_LEXICAL_FACTOR
    filters: dict[str, str] = Field(default_factory=dict)
    data_dir: Path | None = None
    # A ``TextTranslator``; typed as its call signature, which pydantic can validate.
    query_translator: Callable[[str, str], str | None] | None = None
    sentence_matcher: SentenceMatcher | None = None
    _translations: dict[tuple[str, str], str] = PrivateAttr(default_factory=dict)
    # The translator ``_translations`` came from: copies (``model_copy``) share the dict.
    _translations_by: Any = PrivateAttr(default=None)
    _cross_encoder: Any = PrivateAttr(default=None)
    _translator: QueryTranslator | None = PrivateAttr(default=None)
    # The last (query, query translator, lexical query), see ``lexical_query``.
    _last_lexical: tuple[str, Any, str] | None = PrivateAttr(default=None)
    _departments: list[DepartmentInfo] | None = PrivateAttr(default=None)
    _languages: dict[str | None, frozenset[str]] = PrivateAttr(default_factory=dict)

    @classmethod
    def open(
        cls, data_dir: Path, embedder: AuditPrepEmbeddings, chroma_url: str | None = None, **kwargs: Any
    ) -> HybridRetriever:
        """Open an existing index. Raises ``IndexNotFoundError`` when there is none."""
        lexical = LexicalIndex.load(data_dir / "lexical")
        if not (data_dir / "manifest.json").exists() or len(lexical) == 0:
            raise IndexNotFoundError(
                f"No index at {data_dir}. Run `auditprep ingest corpus/` (or your own folder) first."
            )
        store = ChromaStore.open(data_dir, chroma_url, embedder.name, embedder.dimension)
        built = store.built_with
        if built is not None and built != (embedder.name, embedder.dimension):
            raise IndexNotFoundError(
                f"The index at {data_dir} was built with embedder {built[0]!r}, not {embedder.name!r}. "
                f"Set AUDITPREP_EMBEDDER={built[0]} or run `auditprep ingest` again to rebuild it."
            )
        return cls(store=store, lexical=lexical, embedder=embedder, data_dir=data_dir, **kwargs)

    # -- LangChain interface ---------------------------------------------------------------
    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [hit.to_document() for hit in self.search(query)]

    # -- our interface -------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int | None = None,
        department: str | None = None,
        doc_type: str | None = None,
        language: str | None = None,
        mode: Mode | None = None,
    ) -> list[Hit]:
        """The ``k`` best chunks for ``query``; ``None`` arguments use the constructor's values."""
        k = k or self.k
        mode = mode or self.mode
        filters = self._search_filters(department, doc_type, language)
        pool = max(self.candidates, k)
        balanced = self._balanced(mode, filters)
        vector, translated = self._query_vectors(query, mode, filters, balanced)
        if vector is not None and translated is not None:
            self.store.prepare_queries([vector, translated])
        if balanced:
            # One pool per language, each normalised on its own, merged by fused score.
            fused: list[tuple[str, float]] = []
            positions: dict[str, dict[str, int]] = {}
            dense_hits: dict[str, StoredChunk] = {}
            for lang in sorted(self.languages()):
                part, part_rankings, part_dense = self._fuse(
                    query, vector, pool, {**filters, "language": lang}, mode, translated
                )
                factor = 1.0 if lang == detect_language(query) else OTHER_POOL_FACTOR
                fused.extend((cid, score * factor) for cid, score in part)
                dense_hits.update(part_dense)
                # Ranks are recorded within the chunk's own language pool.
                for name, ids in part_rankings.items():
                    positions.setdefault(name, {}).update({cid: r for r, cid in enumerate(ids, 1)})
            fused.sort(key=lambda item: (-item[1], item[0]))
        else:
            fused, rankings, dense_hits = self._fuse(query, vector, pool, filters, mode, translated)
            positions = {name: {cid: r for r, cid in enumerate(ids, 1)} for name, ids in rankings.items()}
        fused = self._codes_first(query, fused)
        keep = fused[: max(k, pool if self.reranker else k)]
        missing = [i for i, _ in keep if i not in dense_hits]
        chunks = {**dense_hits, **{c.chunk_id: c for c in self.store.get(missing)}} if missing else dense_hits
        hits = [
            Hit.from_stored(chunks[cid], score, {n: p[cid] for n, p in positions.items() if cid in p})
            for cid, score in keep
            if cid in chunks
        ]
        if self.reranker and hits:
            hits = self._rerank(query, hits)
        return hits[:k]

    def _codes_first(self, query: str, fused: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """``fused`` with the candidates that hold a code the query names (NC-2024-02,
        TCXF-2025-0765; ``ingest.text.codes``) moved to the front, in their fused order: a
        passage that names the very finding or case asked about answers before any that only
        shares its topic, whatever the other language's similarities say."""
        asked = set(codes(query))
        if not asked or not fused:
            return fused
        texts = {c.chunk_id: c.text for c in self.lexical.stored(cid for cid, _ in fused)}
        holding = [item for item in fused if not asked.isdisjoint(codes(texts.get(item[0], "")))]
        if not holding:
            return fused
        top = fused[0][1]
        # Their scores are raised to the top score so that the order and the scores agree.
        lifted = [(cid, max(score, top)) for cid, score in holding]
        held = {cid for cid, _ in holding}
        return lifted + [item for item in fused if item[0] not in held]

    def _search_filters(
        self, department: str | None, doc_type: str | None, language: str | None
    ) -> dict[str, str]:
        """The constructor's filters with a search's own."""
        filters = dict(self.filters)
        if department:
            filters["department"] = self.resolve_department(department)
        if doc_type:
            filters["doc_type"] = doc_type
        if language:
            # Chunks store "zh" or "en"; accept "ZH", "zh-CN", "en_US" as well.
            filters["language"] = re.split(r"[-_]", language.strip().lower())[0]
        return filters

    def _balanced(self, mode: Mode, filters: dict[str, str]) -> bool:
        """Whether a search fuses one pool per language (hybrid, no language filter, both held)."""
        return self.balance_languages and mode == "hybrid" and "language" not in filters and (
            len(self.languages()) > 1
        )

    def _texts_to_embed(self, query: str, mode: Mode, filters: dict[str, str], balanced: bool) -> list[str]:
        """The query and, when a pool in the other language is searched with the translated
        query, that too; nothing for a keyword search."""
        if mode not in ("hybrid", "dense"):
            return []
        target = filters.get("language")
        crossing = balanced or (bool(target) and target != detect_language(query))
        if not (crossing and self.translate_dense and self.expand_terms):
            return [query]
        return [query, self.lexical_query(query)]

    def query_texts(self, query: str, language: str | None = None, mode: Mode | None = None) -> list[str]:
        """The texts a search for ``query`` (in ``language``'s pool, or all) embeds, each once
        (``_texts_to_embed``). A caller with many questions embeds them all ahead, in batches."""
        mode = mode or self.mode
        filters = self._search_filters(None, None, language)
        return list(dict.fromkeys(self._texts_to_embed(query, mode, filters, self._balanced(mode, filters))))

    def _query_vectors(
        self, query: str, mode: Mode, filters: dict[str, str], balanced: bool
    ) -> tuple[list[float] | None, list[float] | None]:
        """The query's vector and, when a pool in the other language will be searched with the
        translated query, that vector too, embedded in one call: one forward pass for both costs
        less than two on a small CPU (``auditprep eval perf`` times it)."""
        texts = self._texts_to_embed(query, mode, filters, balanced)
        if not texts:
            return None, None
        if len(texts) == 1:
            return self.embedder.embed_query(query), None
        vectors = self.embedder.embed_queries(texts)
        return vectors[0], vectors[1]

    def _fuse(
        self,
        query: str,
        vector: list[float] | None,
        pool: int,
        filters: dict[str, str],
        mode: Mode,
        translated: list[float] | None = None,
    ) -> tuple[list[tuple[str, float]], dict[str, list[str]], dict[str, StoredChunk]]:
        """One candidate pool: dense and BM25 hits under ``filters``, fused. ``translated`` is
        the translated query's vector when the caller embedded it already."""
        rankings: dict[str, list[str]] = {}
        dense_hits: dict[str, StoredChunk] = {}
        lexical_scores: dict[str, float] = {}
        target = filters.get("language")
        crossing = bool(target) and target != detect_language(query)
        if vector is not None:
            if self.translate_dense and self.expand_terms and crossing:
                # e5-small ranks passages in the query's own language higher; the translated
                # words pull the query towards the pool's language (measured: docs/chat.md).
                vector = translated or self.embedder.embed_query(self.lexical_query(query))
            for chunk in self.store.query(vector, pool, where=_chroma_where(filters)):
                dense_hits[chunk.chunk_id] = chunk
            rankings["dense"] = list(dense_hits)
        if mode in ("hybrid", "bm25"):
            if not self.expand_terms:
                lexical_query = query
            elif (target and not crossing) or (not target and self.languages() <= {detect_language(query)}):
                # The query's own language: its own words, plus the glossary's terms as before.
                # Dictionary senses only add noise here (CMRC 2018 BM25 R@1 0.976 -> 0.971).
                lexical_query = expand_query(query)
            else:
                lexical_query = self.lexical_query(query)
            lexical_hits = self.lexical.search(lexical_query, pool, filters)
            lexical_scores = {h.chunk_id: h.score for h in lexical_hits}
            rankings["bm25"] = list(lexical_scores)
        lexical_weight = self.lexical_weight * (self.cross_lexical_factor if crossing else 1.0)
        if mode == "dense":
            fused = [(i, dense_hits[i].score) for i in rankings["dense"]]
        elif mode == "bm25":
            fused = list(lexical_scores.items())
        elif self.fusion == "rrf":
            fused = weighted_rrf(rankings, {"dense": self.dense_weight, "bm25": lexical_weight})
        else:
            dense_scores = {cid: chunk.score for cid, chunk in dense_hits.items()}
            fused = convex_fusion(
                {"dense": dense_scores, "bm25": lexical_scores},
                {"dense": self.dense_weight, "bm25": lexical_weight},
            )
        return fused, rankings, dense_hits

    def lexical_query(self, query: str) -> str:
        """The BM25 query: ``query`` plus its words in the other language (``translation.py``)
        and, with a ``query_translator``, its translation."""
        if self._translator is None:
            self._translator = QueryTranslator(vocabulary=self._in_vocabulary, use_dictionary=self.translate)
        # A search asks twice (the translated vector, the other pool's BM25); the dictionary
        # and jieba cost about 2 ms a time at 100k chunks.
        last = self._last_lexical
        if last is not None and last[0] == query and last[1] is self.query_translator:
            return last[2]
        expanded = self._translator.expand(query, self._department_aliases(query))
        translated = self.translated_query(query)
        lexical = f"{expanded} {translated}" if translated else expanded
        self._last_lexical = (query, self.query_translator, lexical)
        return lexical

    def translated_query(self, query: str) -> str:
        """``query`` in the other language by the ``query_translator``, "" without one or when
        it fails (the search goes on with the dictionary's words)."""
        if self.query_translator is None:
            return ""
        if self._translations_by is not self.query_translator:
            self._translations, self._translations_by = {}, self.query_translator
        target = "en" if detect_language(query) == "zh" else "zh"
        key = (query, target)
        if key not in self._translations:
            try:
                text = self.query_translator(query, target) or ""
            except Exception as e:  # any translator failure: search without it
                log.warning("Query translation failed (%s); searching with dictionary words only.", e)
                return ""
            if len(self._translations) >= _TRANSLATIONS_KEPT:
                self._translations.pop(next(iter(self._translations)))
            self._translations[key] = " ".join(text.split())
        return self._translations[key]

    def _in_vocabulary(self, token: str) -> bool:
        # bm25s keeps the index's tokens in ``vocab_dict``; a word no passage uses cannot help.
        model = getattr(self.lexical, "_bm25", None)
        vocab = getattr(model, "vocab_dict", None)
        return True if vocab is None else token in vocab

    def _department_aliases(self, query: str) -> list[str]:
        """The name and aliases of the department ``query`` names, in every language."""
        try:
            infos = self.departments()
        except (KeyError, AttributeError):
            infos = []
        name = find_department(query, infos)
        if name is None:
            return []
        info = next(i for i in infos if i.name == name)
        return [info.name, *info.aliases]

    def _rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        if self._cross_encoder is None:
            from sentence_transformers import CrossEncoder

            self._cross_encoder = CrossEncoder(self.reranker, device="cpu", local_files_only=True)
        scores = self._cross_encoder.predict([(query, h.text) for h in hits])
        for hit, score in zip(hits, scores, strict=True):
            hit.ranks["fused"] = hits.index(hit) + 1
            hit.score = float(score)
        return sorted(hits, key=lambda h: -h.score)

    def chunks(
        self, department: str | None = None, doc_type: str | None = None, doc_id: str | None = None
    ) -> list[Hit]:
        """Every chunk matching the filters, in document order (not a search; score 0)."""
        filters: dict[str, str] = {}
        if department:
            filters["department"] = self.resolve_department(department)
        if doc_type:
            filters["doc_type"] = doc_type
        if doc_id:
            filters["doc_id"] = doc_id
        where = _chroma_where(filters)
        stored = self.store.get_where(where) if where else list(self.store.iter_all())
        stored.sort(key=lambda c: (str(c.metadata.get("doc_id", "")), int(c.metadata.get("position", 0))))
        return [Hit.from_stored(c, 0.0, {}) for c in stored]

    def get(self, chunk_ids: Sequence[str]) -> list[Hit]:
        """The chunks with these IDs, in the order asked (unknown IDs are left out; score 0)."""
        ids = list(dict.fromkeys(chunk_ids))
        return [Hit.from_stored(c, 0.0, {}) for c in self.store.get(ids)] if ids else []

    def languages(self, doc_type: str | None = None) -> set[str]:
        """Languages of the indexed chunks, optionally of one document type only.

        Worked out once per retriever and type, as ``departments``: every hybrid search asks,
        and reading the column took 45 ms per search at 100k chunks (issue 14)."""
        if doc_type not in self._languages:
            fields = self.lexical.fields
            found: set[str] = set()
            if len(self.lexical):
                languages = fields["language"]
                if doc_type is not None:
                    languages = languages[fields["doc_type"] == doc_type]
                found = {str(language) for language in languages}
            self._languages[doc_type] = frozenset(found)
        return set(self._languages[doc_type])

    # -- departments ---------------------------------------------------------------------
    def departments(self) -> list[DepartmentInfo]:
        """Departments of the index, with their aliases, document counts and how each was found
        (declared, front matter, folder, duties section, title, file name); departments declared
        in a ``departments.yaml`` without files are listed too, with no documents.

        Worked out once per retriever: routing, name resolution and query translation ask on
        every request, and a retriever holds one generation of the index, which does not change
        under it (a new generation opens a new retriever).
        """
        if self._departments is None:
            self._departments = self._collect_departments()
        return list(self._departments)

    def _collect_departments(self) -> list[DepartmentInfo]:
        fields = self.lexical.fields
        sources = fields.get("department_source")
        groups: dict[str, dict[str, Any]] = {}
        for i in range(len(self.lexical)):
            name = str(fields["department"][i])
            if not name:
                continue
            group = groups.setdefault(
                name, {"docs": set(), "chunks": 0, "aliases": set(), "langs": set(), "found": set()}
            )
            group["docs"].add(fields["doc_id"][i])
            group["chunks"] += 1
            group["langs"].add(fields["language"][i])
            group["aliases"].update(a for a in str(fields["aliases"][i]).split("|") if a)
            if sources is not None and sources[i]:
                group["found"].add(str(sources[i]))
        # Short names one document defines for a unit ("…Unit（以下简称FPQS Unit）") are
        # aliases of the department whose name ends the text before the definition.
        defined = sorted({d for value in fields.get("defined_names", ()) for d in str(value).split("|") if d})
        for name, group in groups.items():
            group["aliases"].update(short_names_for(name, defined))
        mentioned = {
            m
            for value in fields.get("mentions_departments", ())
            for m in str(value).split(MENTIONS_SEPARATOR)
            if m
        }
        _add_inferred_aliases({name: group["aliases"] for name, group in groups.items()}, mentioned)
        def record_texts() -> list[str]:
            ids = zip(self.lexical.ids, fields["doc_type"], strict=True)
            return [c.text for c in self.lexical.stored(cid for cid, kind in ids if str(kind) == "record")]

        for name, languages in _recorded_only(groups, fields, record_texts).items():
            groups[name] = {
                "docs": set(), "chunks": 0, "aliases": set(), "langs": languages, "found": {"records"}
            }
        for declared in declared_departments(self.data_dir) if self.data_dir else []:
            group = groups.setdefault(
                declared.name, {"docs": set(), "chunks": 0, "aliases": set(), "langs": set(), "found": set()}
            )
            group["aliases"].update(declared.aliases)
            group["found"].add("declared")
        return [
            DepartmentInfo(
                name,
                tuple(sorted(g["aliases"] - {name})),
                len(g["docs"]),
                g["chunks"],
                tuple(sorted(g["langs"])),
                tuple(sorted(g["found"])),
            )
            for name, g in sorted(groups.items())
        ]

    def documents(self) -> list[DocumentRow]:
        """One row per indexed document: title, type, department, language, chunks, and how
        the department and the type were found (``auditprep documents``)."""
        return catalog_documents(chunk.metadata for chunk in self.store.iter_all())

    def resolve_department(self, name: str) -> str:
        """The department's name as the index writes it (see ``resolve_department``).

        Raises:
            UnknownDepartmentError: nothing matches, or several do; the message names the
                closest candidates and lists the departments.
        """
        return resolve_department(name, self.departments())


def _chroma_where(filters: dict[str, str]) -> dict[str, Any] | None:
    clauses = [{key: value} for key, value in filters.items() if value]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def timed_search(retriever: HybridRetriever, query: str, **kwargs: Any) -> tuple[list[Hit], float]:
    started = time.perf_counter()
    hits = retriever.search(query, **kwargs)
    return hits, time.perf_counter() - started


# Kinds of unit that are departments of the agency; a records-only name of another kind (a
# township station 站, an institute 所, another bureau 局) is no department to brief.
_DEPARTMENT_ENDINGS = ("科", "股", "室", "办", "处", "中心", "大队", "组")
_DEPARTMENT_KINDS_EN = ("section", "office", "division", "unit", "centre", "center", "department", "team")


def _is_department_kind(name: str) -> bool:
    if _CJK_NAME.search(name):
        return name.endswith(_DEPARTMENT_ENDINGS)
    return name.lower().rsplit(" ", 1)[-1] in _DEPARTMENT_KINDS_EN


# Column headers that hold the unit responsible for a row (承办部门, 受审核部门, 责任股室,
# "Responsible section"); "单位" alone is left out: complainants' and businesses' columns use it.
_UNIT_COLUMN = re.compile(
    r"(?:部门|股室|科室|处室|承办|主办|责任|受审核|department|section|responsible)", re.IGNORECASE
)
# How far after a finding's code its unit may stand ("NC-2025-01：野生动物保护科…",
# "NC-2024-02 疾病预防控制股").
_AFTER_CODE = 6


def _recorded_as_unit(name: str, texts: Sequence[str]) -> bool:
    """Whether the records set ``name`` down as a unit they hold to account: a whole cell of a
    unit column of a register ("承办部门: 野生动物保护科"), or the unit right after a finding's
    code. A name read from running text ("反映出疾控股", a business in a complaint) is not."""
    cell = re.compile(rf"(?:^|;\s*)([^:;\n]{{1,24}}):\s*{re.escape(name)}\s*(?=;|。|\.|$)", re.MULTILINE)
    for text in texts:
        if name not in text:
            continue
        if any(_UNIT_COLUMN.search(m.group(1)) for m in cell.finditer(text)):
            return True
        for code in CODE.finditer(text):
            if name in text[code.end() : code.end() + len(name) + _AFTER_CODE]:
                return True
    return False


def _recorded_only(
    groups: Mapping[str, Mapping[str, Any]],
    fields: Mapping[str, Any],
    record_texts: Callable[[], Sequence[str]] = list,
) -> dict[str, set[str]]:
    """Departments the agency's records hold to account (``_recorded_as_unit``: a register's
    handling unit, a finding's unit) that no document of their own declares: name -> the
    records' languages. A name already known, as a name or alias, inside one or holding one
    ("审批科" for 行政审批科), or a short form of one, is not another department.
    ``record_texts`` gives the records' passages; it is called only when a name is a candidate."""
    if "doc_type" not in fields or "mentions_departments" not in fields:
        return {}
    known = {
        normalize_name(n) for name, group in groups.items() for n in (name, *group["aliases"]) if n
    }
    found: dict[str, set[str]] = {}
    for doc_type, mentions, language in zip(
        fields["doc_type"], fields["mentions_departments"], fields["language"], strict=True
    ):
        if str(doc_type) != "record":
            continue
        for name in str(mentions).split(MENTIONS_SEPARATOR):
            key = normalize_name(name)
            if not key or not _is_department_kind(name):
                continue
            if any(key in k or k in key or abbreviates(key, k) for k in known):
                continue
            found.setdefault(name, set()).add(str(language))
    if not found:
        return {}
    # The records' texts are read only when some name is a candidate: most indexes have none.
    texts = record_texts()
    return {name: languages for name, languages in found.items() if _recorded_as_unit(name, texts)}


def _add_inferred_aliases(aliases: dict[str, set[str]], mentioned: set[str]) -> None:
    """Add to each department's ``aliases`` the other names the documents give it, each only when
    it can stand for that department alone."""
    # A unit named with its county in front ("苎岭县水政监察大队") is known without it too.
    for name, known in aliases.items():
        bare = without_place(name)
        if bare and bare not in aliases:
            known.add(bare)
    chinese = [DepartmentInfo(name, (), 0, 0, ()) for name in aliases if _CJK_NAME.search(name)]
    english = [name for name in aliases if not _CJK_NAME.search(name)]
    lexicon = name_lexicon()
    for short in sorted(mentioned - set(aliases)):
        # A short form the records write ("殡管股" in a ledger for 殡葬管理股).
        owners = [name for name in aliases if abbreviates(short, name)]
        if len(owners) == 1:
            aliases[owners[0]].add(short)
        elif not _CJK_NAME.search(short):
            # An English document's name for a Chinese unit ("Public Culture Section" for
            # 公共文化服务科), when its words compose that unit's name only.
            owner = find_by_name_parts(short, chinese)
            if owner:
                aliases[owner].add(short)
        elif not owners:
            # A Chinese record's name for a unit whose own documents are in English (基金监管股
            # for the "Fund Supervision Section"), when that one English name composes it.
            composers = [name for name in english if composes_name(name, short, lexicon)]
            if len(composers) == 1:
                aliases[composers[0]].add(short)
    # "Visitor Services Office" for "Visitor Services and Tourism Quality Office", unless the
    # short form is another unit's name or short form too.
    contracted = {name: contracted_names(name) for name in aliases}
    taken = Counter(short for shorts in contracted.values() for short in shorts)
    for name, shorts in contracted.items():
        aliases[name].update(s for s in shorts if taken[s] == 1 and s not in aliases)
