"""The lexical (BM25) side of the index: bm25s over jieba-segmented text.

It is derived state: after every sync it is rebuilt from the chunks in the vector store, so
it can never drift from it. Tokens are cached by a hash of the text they come from, so a
rebuild only segments new or changed passages. Scores are BM25 scores (higher is better; not
comparable across queries).

Each rebuild is a generation: it is written to a folder of its own (``gen-000012/``) and
``current.json`` is then switched to it by an atomic rename, so a reader loads either the old
or the new generation, never a half-written one. The previous generation is kept for readers
that read the pointer just before the switch; older ones are removed.

Usage::

    lexical = LexicalIndex.load(data_dir / "lexical")
    hits = lexical.search("办理时限", k=10, filters={"department": "行政审批科"})
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from ingest.text import TOKENIZER_VERSION, tokenize
from ingest.vectorstore import StoredChunk

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every build at DEBUG
# Filterable fields, plus the ones `departments` lists; kept beside the BM25 matrix.
FILTER_FIELDS = (
    "department", "doc_type", "language", "doc_id", "title", "aliases", "source",
    "department_source", "doc_type_source", "defined_names", "mentions_departments",
)
POINTER = "current.json"
# Passage texts and headings are kept beside the BM25 matrix, so a BM25 hit can be shown
# while the Chroma server is down, and a reader's passages come from the same generation as
# its BM25 scores (``ingest/snapshot.py``).
TEXTS_FILE = "texts.json"
_GENERATION_PREFIX = "gen-"
# A reader that finds its generation gone (two syncs finished while it loaded) reads the pointer
# again; more than a few rounds means something else is wrong.
_LOAD_ATTEMPTS = 3


def lexical_text(chunk: StoredChunk) -> str:
    """Title and heading path count as words of the passage, as they do for the embedder."""
    meta = chunk.metadata
    return f"{meta.get('title', '')} {meta.get('heading_path', '')}\n{chunk.text}"


def _text_key(text: str) -> str:
    # Keyed by the text, not the chunk ID: the ID leaves out the heading path, so a renamed
    # heading keeps the ID while the words BM25 should match change.
    # The tokenizer's version is in the key: tokens made by an older tokenizer are made again.
    return hashlib.sha256(f"{TOKENIZER_VERSION}\0{text}".encode()).hexdigest()[:32]


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
        self.generation = 0  # 0: empty, or written before generations existed
        self._bm25: bm25s.BM25 | None = None
        self._rows: dict[str, int] | None = None
        # (field, value) -> rows holding it; comparing 100k strings took longer than scoring.
        self._masks: dict[tuple[str, str], np.ndarray] = {}
        # chunk ID -> (text, heading path, position); empty for a generation written before
        # texts were kept (readers then fall back to Chroma).
        self._texts: dict[str, tuple[str, str, int]] = {}

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """The current generation in ``folder`` (an empty index when there is none)."""
        for attempt in range(1, _LOAD_ATTEMPTS + 1):
            try:
                return cls._load_current(folder)
            except FileNotFoundError:
                if attempt == _LOAD_ATTEMPTS:
                    raise
                log.info("Lexical generation in %s was replaced while loading; reading it again.", folder)
        raise AssertionError("unreachable")

    @classmethod
    def _load_current(cls, folder: Path) -> LexicalIndex:
        index = cls(folder)
        pointer = current_generation(folder)
        if pointer:
            index.generation = pointer
            files = folder / _generation_folder(pointer)
            if not (files / "table.json").exists():
                raise FileNotFoundError(files / "table.json")
        else:
            files = folder  # the layout before generations: table.json and bm25/ in the folder
        table = files / "table.json"
        if table.exists():
            payload = json.loads(table.read_text(encoding="utf-8"))
            index.ids = payload["ids"]
            index.fields = {k: np.asarray(v, dtype=object) for k, v in payload["fields"].items()}
            if index.ids:
                index._bm25 = bm25s.BM25.load(str(files / "bm25"))
            texts = files / TEXTS_FILE
            if texts.exists():
                rows = json.loads(texts.read_text(encoding="utf-8"))
                index._texts = {i: (t, h, int(p)) for i, (t, h, p) in zip(index.ids, rows, strict=True)}
        return index

    @property
    def has_texts(self) -> bool:
        """Whether this generation keeps its passage texts (every generation written since)."""
        return bool(self._texts) or not self.ids

    def stored(self, chunk_ids: Iterable[str]) -> list[StoredChunk]:
        """The passages with these IDs as this generation recorded them, in the order asked;
        IDs not in the generation are left out (score 0)."""
        if not self._texts:
            return []
        rows = self._row_numbers()
        found: list[StoredChunk] = []
        for chunk_id in chunk_ids:
            row = rows.get(chunk_id)
            if row is None:
                continue
            text, heading, position = self._texts[chunk_id]
            meta: dict[str, object] = {f: str(values[row]) for f, values in self.fields.items()}
            meta.update(heading_path=heading, position=position)
            found.append(StoredChunk(chunk_id, text, meta))
        return found

    def _row_numbers(self) -> dict[str, int]:
        if self._rows is None:
            self._rows = {chunk_id: row for row, chunk_id in enumerate(self.ids)}
        return self._rows

    def __len__(self) -> int:
        return len(self.ids)

    def rebuild(self, chunks: Iterable[StoredChunk], generation: int | None = None) -> None:
        """Rebuild from the full set of stored chunks, reusing cached tokens, and publish the
        result as ``generation`` (default: one more than the current one).

        Raises:
            ValueError: ``generation`` is not above the current one (readers may be using it).
        """
        previous = current_generation(self.folder)
        generation = previous + 1 if generation is None else generation
        if generation <= previous:
            raise ValueError(f"generation {generation} is not above the current {previous}")
        cache_path = self.folder / "tokens.json"
        cache: dict[str, list[str]] = (
            json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.exists() else {}
        )
        ids: list[str] = []
        keys: list[str] = []
        tokens: list[list[str]] = []
        fields: dict[str, list[str]] = {f: [] for f in FILTER_FIELDS}
        texts: list[tuple[str, str, int]] = []
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
            meta = chunk.metadata
            texts.append((chunk.text, str(meta.get("heading_path", "")), int(meta.get("position", 0))))
        target = self.folder / _generation_folder(generation)
        if target.exists():  # left by a sync that was killed before it switched the pointer
            shutil.rmtree(target)
        target.mkdir(parents=True)
        self.ids = ids
        self.fields = {k: np.asarray(v, dtype=object) for k, v in fields.items()}
        if ids:
            model = bm25s.BM25()
            model.index(tokens, show_progress=False)
            model.save(str(target / "bm25"))
            self._bm25 = model
        else:
            self._bm25 = None
        self._texts = {i: row for i, row in zip(ids, texts, strict=True)}
        self._rows = None
        self._masks = {}
        # Texts before the table: a reader that finds the table finds the texts too.
        write_json_atomic(target / TEXTS_FILE, texts)
        write_json_atomic(target / "table.json", {"ids": ids, "fields": fields})
        write_json_atomic(cache_path, dict(zip(keys, tokens, strict=True)))
        write_json_atomic(self.folder / POINTER, {"generation": generation, "folder": target.name})
        self.generation = generation
        self._remove_generations_before(previous)

    def _remove_generations_before(self, keep: int) -> None:
        """Delete generations older than ``keep`` (the one readers may still be loading), and
        the files of the layout before generations once a generation has replaced them."""
        for child in self.folder.glob(f"{_GENERATION_PREFIX}*"):
            number = child.name.removeprefix(_GENERATION_PREFIX)
            if number.isdigit() and int(number) < keep:
                shutil.rmtree(child, ignore_errors=True)
        if keep:
            (self.folder / "table.json").unlink(missing_ok=True)
            shutil.rmtree(self.folder / "bm25", ignore_errors=True)

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
                mask &= self._rows_with(field, value)
        scores = np.where(mask, scores, -np.inf)
        k = min(k, int(mask.sum()))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [LexicalHit(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]


    def _rows_with(self, field: str, value: str) -> np.ndarray:
        """Rows whose ``field`` equals ``value`` (kept: a generation's table never changes)."""
        key = (field, value)
        mask = self._masks.get(key)
        if mask is None:
            if len(self._masks) > 256:  # free-text values (doc_id, source) must not pile up
                self._masks.clear()
            mask = self._masks[key] = self.fields[field] == value
        return mask


def current_generation(folder: Path) -> int:
    """The generation ``folder``'s pointer names, 0 when there is none (or it is unreadable)."""
    try:
        payload = json.loads((folder / POINTER).read_text(encoding="utf-8"))
        return int(payload["generation"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def _generation_folder(generation: int) -> str:
    return f"{_GENERATION_PREFIX}{generation:06d}"
