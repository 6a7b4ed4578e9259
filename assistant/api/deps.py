"""Dependencies of the HTTP API, as ``Annotated`` aliases the routers declare in their signatures.

``get_settings`` is the same cached function the CLI uses, so tests swap settings with
``app.dependency_overrides[get_settings] = lambda: settings`` (``create_app(settings)`` does
exactly that). Retrievers are expensive to open (an embedding model, a Chroma client, a BM25
index), so one is kept per index and reused by every request; the key includes the index's
generation (``ingest.generation``), which every completed sync raises, so a re-run of
``auditprep ingest`` by any process is picked up by the next request without a restart.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from cachetools import LRUCache
from fastapi import Depends

from assistant.config import Settings, get_settings
from assistant.retrieval.hybrid import HybridRetriever
from ingest.generation import read_generation

# A few indexes at most are open at once (tests switch between them); each holds a model handle.
_MAX_OPEN = 4
_retrievers: LRUCache[tuple[Any, ...], HybridRetriever] = LRUCache(maxsize=_MAX_OPEN)
_lock = threading.Lock()


def _retriever_key(settings: Settings) -> tuple[Any, ...]:
    # The generation changes once per completed sync, by any process (CLI or another server);
    # the manifest also changes mid-sync, so its modification time would reload half-way.
    stamp = read_generation(Path(settings.data_dir))
    return (
        str(Path(settings.data_dir).resolve()), settings.chroma_url, settings.embedder, settings.reranker,
        settings.candidates, settings.dense_weight, settings.lexical_weight, stamp,
    )


def retriever_for(settings: Settings) -> HybridRetriever:
    """The shared retriever for ``settings``, opened on first use.

    Raises:
        IndexNotFoundError: there is no index in ``settings.data_dir`` (or it was built with
            another embedder).
        UnknownComponentError: ``settings.embedder`` names no embedder.
    """
    from assistant.wiring import build_retriever

    key = _retriever_key(settings)
    with _lock:
        retriever = _retrievers.get(key)
        if retriever is None:
            # Failures are not cached: the next request tries again, e.g. after `auditprep ingest`.
            retriever = build_retriever(settings)
            _retrievers[key] = retriever
        return retriever


def clear_retrievers() -> None:
    """Forget every open retriever (tests that delete an index folder call this)."""
    with _lock:
        _retrievers.clear()


def get_retriever(settings: Annotated[Settings, Depends(get_settings)]) -> HybridRetriever:
    return retriever_for(settings)


def writer_for(settings: Settings, name: str | None = None) -> Any:
    """The answer writer ``name`` (default: ``AUDITPREP_WRITER``), built by ``assistant.wiring``.

    Raises:
        UnknownComponentError: no writer has that name.
        WriterError: the writer's optional dependencies or model are missing.
    """
    from assistant.wiring import build_writer

    return build_writer(settings, name or None)


WriterFactory = Callable[[str | None], Any]


def get_writer_factory(settings: Annotated[Settings, Depends(get_settings)]) -> WriterFactory:
    """Writers are built per request (the request may name one); tests override this to
    hand in a scripted ``FakeWriter``."""

    def build(name: str | None = None) -> Any:
        return writer_for(settings, name)

    return build


SettingsDep = Annotated[Settings, Depends(get_settings)]
RetrieverDep = Annotated[HybridRetriever, Depends(get_retriever)]
WriterFactoryDep = Annotated[WriterFactory, Depends(get_writer_factory)]
