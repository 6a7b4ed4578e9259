"""The index generation: a number that grows by one with every completed sync.

A running server holds an open retriever (a BM25 matrix in memory, a Chroma handle). Any
process may sync the same data folder, so the server compares ``read_generation(data_dir)`` with
the number it loaded and reopens the retriever when they differ.

What a reader sees while a sync runs:

* BM25 (``lexical/``) stays at the last complete generation: a sync writes the new matrix to a
  folder of its own and switches ``lexical/current.json`` to it with one atomic rename at the end.
  The previous generation's folder is kept, so a reader loading it as the switch happens still
  finds its files.
* Chroma is a single live collection. New and changed files' chunks appear in dense results as
  each batch is written; nothing is deleted until the new generation is published (then the
  chunks of edited, removed and failed-to-write files go). So every chunk the last complete
  generation's BM25 names is still in Chroma, and no passage goes missing mid-sync; a passage
  may be found twice in its old and new wording until the sync ends.
* ``generation.json`` is written last, after the BM25 switch and the manifest, with
  write-then-rename: a reader that sees generation *n* finds BM25 and the manifest of *n* or
  later.
* A model switch empties Chroma at the start of the sync and refills it: readers find fewer
  and fewer old-model chunks until the sync ends.

Usage::

    if read_generation(data_dir) != loaded_generation:
        retriever = HybridRetriever.open(data_dir, embedder)
"""

from __future__ import annotations

import json
from pathlib import Path

from ingest.lexical import write_json_atomic

GENERATION_FILE = "generation.json"


def read_generation(data_dir: Path) -> int:
    """The generation of the index in ``data_dir``: 0 before the first completed sync (also for
    an index built before generations existed, or when the file is unreadable)."""
    try:
        payload = json.loads((data_dir / GENERATION_FILE).read_text(encoding="utf-8"))
        return int(payload["generation"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def write_generation(data_dir: Path, generation: int) -> None:
    """Publish ``generation`` (write-then-rename, so a reader never sees half a file)."""
    write_json_atomic(data_dir / GENERATION_FILE, {"generation": generation})
