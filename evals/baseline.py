"""The naive LangChain baseline: what a first tutorial builds over the same documents.

Recursive character splitter at 1,000 characters with 200 overlap, a ``langchain_chroma``
store with our embedder, a ``BM25Retriever`` with its default whitespace tokenizer, and an
``EnsembleRetriever`` fusing the two with equal weights (its own RRF, c=60). Nothing here is
tuned; that is the point. Each side returns ``k`` chunks (the pool our hybrid fuses), so the
comparison is not lost to a small default ``k``.

The baseline cannot filter BM25 by metadata, so a language restriction is applied to the fused
list afterwards (with the same pool, a filter can only remove hits).

Usage::

    baseline = NaiveLangChainBaseline.build([Path("corpus")], embedder, cache / "naive-bundled")
    baseline.rank("opening meeting agenda", language="en")   # document IDs, best first
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import warnings
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from ingest.loaders import load_file
from ingest.sync import discover

log = logging.getLogger(__name__)
CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200


def load_documents(roots: list[Path]) -> list[Document]:
    """The same documents our ingester reads (same loaders, front matter removed)."""
    documents: list[Document] = []
    for root_path in roots:
        root, files = discover(root_path)
        documents.extend(load_file(path, root) for path in files)
    return documents


def split_documents(documents: list[Document]) -> list[Document]:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    chunks = splitter.split_documents(documents)
    for chunk in chunks:
        # Chroma takes scalar metadata only; the baseline needs just these two.
        chunk.metadata = {
            "doc_id": str(chunk.metadata.get("doc_id", "")),
            "language": str(chunk.metadata.get("language", "")),
        }
    return chunks


def _chunk_ids(chunks: list[Document]) -> list[str]:
    return [
        hashlib.sha256(f"{n}\x00{c.metadata['doc_id']}\x00{c.page_content}".encode()).hexdigest()[:24]
        for n, c in enumerate(chunks)
    ]


class NaiveLangChainBaseline:
    """An ``EnsembleRetriever`` over Chroma and whitespace BM25 (see the module docstring)."""

    def __init__(self, retriever: Any, k: int, chunks: int) -> None:
        self.retriever = retriever
        self.k = k
        self.chunks = chunks

    @classmethod
    def build(
        cls, roots: list[Path], embedder: Embeddings, persist_dir: Path, k: int = 40, name: str = ""
    ) -> NaiveLangChainBaseline:
        """Split, embed (or reuse the persisted vectors when the chunks and model are unchanged)."""
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # langchain_community's sunset notice
            from langchain_classic.retrievers import EnsembleRetriever
            from langchain_community.retrievers import BM25Retriever

        chunks = split_documents(load_documents(roots))
        ids = _chunk_ids(chunks)
        fingerprint = hashlib.sha256(
            json.dumps([getattr(embedder, "name", type(embedder).__name__), ids]).encode()
        ).hexdigest()
        marker = persist_dir / "fingerprint.txt"
        fresh = not marker.exists() or marker.read_text() != fingerprint
        if fresh and persist_dir.exists():
            shutil.rmtree(persist_dir)
        persist_dir.mkdir(parents=True, exist_ok=True)
        store = Chroma(
            collection_name="naive",
            embedding_function=embedder,
            persist_directory=str(persist_dir),
            client_settings=ChromaSettings(anonymized_telemetry=False),
        )
        if fresh:
            log.info("Embedding %d baseline chunks of %s", len(chunks), name)
            store.add_documents(chunks, ids=ids)
            marker.write_text(fingerprint)
        bm25 = BM25Retriever.from_documents(chunks, k=k)  # default preprocess: str.split
        dense = store.as_retriever(search_kwargs={"k": k})
        # Equal weights, as EnsembleRetriever defaults to; stated so the baseline is explicit.
        return cls(EnsembleRetriever(retrievers=[bm25, dense], weights=[0.5, 0.5]), k, len(chunks))

    def rank(self, query: str, language: str | None = None) -> list[str]:
        """Document IDs, best first (a document ranks at its best chunk)."""
        docs = self.retriever.invoke(query)
        if language:
            docs = [d for d in docs if d.metadata.get("language") == language]
        return list(dict.fromkeys(str(d.metadata.get("doc_id", "")) for d in docs))
