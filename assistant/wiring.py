"""Builds components from ``Settings``; the only module that reads settings for them."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from assistant.config import Settings
from assistant.retrieval import HybridRetriever
from ingest.embedders import AuditPrepEmbeddings, get_embedder
from ingest.sync import Ingester


@lru_cache(maxsize=4)
def _cached_embedder(name: str) -> AuditPrepEmbeddings:
    # Models are large; one instance per process and name.
    return get_embedder(name)


def build_embedder(settings: Settings) -> AuditPrepEmbeddings:
    return _cached_embedder(settings.embedder)


def build_ingester(settings: Settings) -> Ingester:
    return Ingester(settings.data_dir, build_embedder(settings), chroma_url=settings.chroma_url)


def build_retriever(settings: Settings, **overrides: Any) -> HybridRetriever:
    options: dict[str, Any] = {
        "candidates": settings.candidates,
        "dense_weight": settings.dense_weight,
        "lexical_weight": settings.lexical_weight,
        "reranker": settings.reranker,
    }
    options.update({k: v for k, v in overrides.items() if v is not None})
    return HybridRetriever.open(settings.data_dir, build_embedder(settings), settings.chroma_url, **options)
