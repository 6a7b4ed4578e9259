"""The lexical (BM25) side of the index: bm25s over jieba-segmented text.

It is derived state: after every sync it is rebuilt from the chunks in the vector store, so
it can never drift from it. Tokens are cached by a hash of the text they come from, so a
rebuild only segments new or changed passages. Scores are BM25 scores (higher is better; not
comparable across queries).

Usage::

    lexical = LexicalIndex.load(data_dir / "lexical")
    hits = lexical.search("办理时限", k=10, filters={"department": "行政审批科"})
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from ingest.text import tokenize
from ingest.vectorstore import StoredChunk

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every build at DEBUG
# Filterable fields, plus the ones `departments` lists; kept beside the BM25 matrix.
FILTER_FIELDS = (
    "department", "doc_type", "language", "doc_id", "title", "aliases", "source",
    "department_source", "doc_type_source",
)


def lexical_text(chunk: StoredChunk) -> str:
    """Title and heading path count as words of the passage, as they do for the embedder."""
    meta = chunk.metadata
    return f"{meta.get('title', '')} {meta.get('heading_path', '')}\n{chunk.text}"


def _text_key(text: str) -> str:
    # Keyed by the text, not the chunk ID: the ID leaves out the heading path, so a renamed
    # heading keeps the ID while the words BM25 should match change.
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass
class LexicalHit:
    chunk_id: str
    score: float


def write_json_atomic(path: Path, payload: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False)
    os.replace(tmp, path)


class LexicalIndex:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ids: list[str] = []
        self.fields: dict[str, np.ndarray] = {}
        self._bm25: bm25s.BM25 | None = None

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        index = cls(folder)
        table = folder / "table.json"
        if table.exists():
            payload = json.loads(table.read_text(encoding="utf-8"))
            index.ids = payload["ids"]
            index.fields = {k: np.asarray(v, dtype=object) for k, v in payload["fields"].items()}
            if index.ids:
                index._bm25 = bm25s.BM25.load(str(folder / "bm25"))
        return index

    def __len__(self) -> int:
        return len(self.ids)

    def rebuild(self, chunks: Iterable[StoredChunk]) -> None:
        """Rebuild from the full set of stored chunks, reusing cached tokens."""
        cache_path = self.folder / "tokens.json"
        cache: dict[str, list[str]] = (
            json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.exists() else {}
        )
        ids: list[str] = []
        keys: list[str] = []
        tokens: list[list[str]] = []
        fields: dict[str, list[str]] = {f: [] for f in FILTER_FIELDS}
        for chunk in chunks:
            text = lexical_text(chunk)
            key = _text_key(text)
            toks = cache.get(key)
            if toks is None:
                toks = tokenize(text)
            ids.append(chunk.chunk_id)
            keys.append(key)
            tokens.append(toks or ["∅"])  # bm25s needs one token per document
            for f in FILTER_FIELDS:
                fields[f].append(str(chunk.metadata.get(f, "")))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.ids = ids
        self.fields = {k: np.asarray(v, dtype=object) for k, v in fields.items()}
        if ids:
            model = bm25s.BM25()
            model.index(tokens, show_progress=False)
            model.save(str(self.folder / "bm25"))
            self._bm25 = model
        else:
            self._bm25 = None
        write_json_atomic(cache_path, dict(zip(keys, tokens, strict=True)))
        write_json_atomic(self.folder / "table.json", {"ids": ids, "fields": fields})

    def search(self, query: str, k: int, filters: Mapping[str, str] | None = None) -> list[LexicalHit]:
        if self._bm25 is None or not self.ids:
            return []
        query_tokens = [t for t in tokenize(query) if t in self._bm25.vocab_dict]
        if not query_tokens:
            return []
        scores = np.asarray(self._bm25.get_scores(query_tokens), dtype=np.float64)
        mask = np.ones(len(self.ids), dtype=bool)
        for field, value in (filters or {}).items():
            if field in self.fields and value:
                mask &= self.fields[field] == value
        scores = np.where(mask, scores, -np.inf)
        k = min(k, int(mask.sum()))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [LexicalHit(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
