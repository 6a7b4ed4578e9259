"""Leakage check for the gold sets: does a query copy its relevant passage?

A query that repeats a stretch of its source word for word measures string matching, not
retrieval, and a "paraphrase" that does so is no paraphrase. For each query and each of its
relevant documents this computes the longest common run: in characters for Chinese (no
spaces to count words by), in words for English; and the share of the query's BM25 tokens
found anywhere in the document (``overlap``).

Limits (a run at or above the limit is flagged):

| set | Chinese characters | English words |
| --- | --- | --- |
| every set | 12 | 8 |
| ``paraphrase`` | 6 | 4 |

Run it with ``python -m evals.leakage`` (exit code 1 when something is flagged); a test runs it
on every gold set.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from assistant.config import PROJECT_ROOT
from evals.datasets import GOLD_DIR, Query, load_gold_sets
from ingest.loaders import load_file
from ingest.text import detect_language, tokenize

LIMITS: dict[str, tuple[int, int]] = {"default": (12, 8), "paraphrase": (6, 4)}
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


@dataclass(frozen=True)
class Leak:
    dataset: str
    query_id: str
    document: str
    run: str  # the longest shared stretch
    length: int
    unit: str  # "chars" or "words"
    overlap: float
    flagged: bool


@cache
def document_text(doc_id: str, root: Path = PROJECT_ROOT) -> str:
    """The text of a document ID (path without suffix, relative to ``root``), as ingested."""
    matches = sorted(p for p in (root / doc_id).parent.glob(f"{Path(doc_id).name}.*") if p.is_file())
    if not matches:
        raise FileNotFoundError(f"no file for document ID {doc_id!r} under {root}")
    return load_file(matches[0], root / Path(doc_id).parts[0]).page_content


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def longest_common_run(query: str, text: str) -> tuple[str, int, str]:
    """(stretch, length, unit): characters for Chinese queries, words for English ones."""
    query, text = _normalise(query), _normalise(text)
    if detect_language(query) == "zh":
        matcher = SequenceMatcher(None, text, query, autojunk=False)
        m = matcher.find_longest_match(0, len(text), 0, len(query))
        return query[m.b : m.b + m.size], m.size, "chars"
    q_words, t_words = _WORD.findall(query), _WORD.findall(text)
    matcher = SequenceMatcher(None, t_words, q_words, autojunk=False)
    m = matcher.find_longest_match(0, len(t_words), 0, len(q_words))
    return " ".join(q_words[m.b : m.b + m.size]), m.size, "words"


def token_overlap(query: str, text: str) -> float:
    """Share of the query's distinct BM25 tokens that occur in ``text``."""
    wanted = set(tokenize(query))
    if not wanted:
        return 0.0
    return round(len(wanted & set(tokenize(text))) / len(wanted), 3)


def check_query(dataset: str, query: Query, root: Path = PROJECT_ROOT) -> list[Leak]:
    zh_limit, en_limit = LIMITS.get(dataset, LIMITS["default"])
    leaks: list[Leak] = []
    for doc in sorted(query.relevant):
        text = document_text(doc, root)
        run, length, unit = longest_common_run(query.text, text)
        limit = zh_limit if unit == "chars" else en_limit
        leaks.append(
            Leak(dataset, query.id, doc, run, length, unit, token_overlap(query.text, text), length >= limit)
        )
    return leaks


def check_gold_sets(folder: Path = GOLD_DIR, root: Path = PROJECT_ROOT) -> list[Leak]:
    """Every (query, relevant document) pair of every gold set."""
    return [
        leak for ds in load_gold_sets(folder) for q in ds.queries for leak in check_query(ds.name, q, root)
    ]


def main() -> int:
    leaks = check_gold_sets()
    flagged = [leak for leak in leaks if leak.flagged]
    out = sys.stdout
    for leak in flagged:
        out.write(
            f"{leak.dataset}/{leak.query_id} copies {leak.length} {leak.unit} of {leak.document}: "
            f"{leak.run!r}\n"
        )
    by_set: dict[str, list[Leak]] = {}
    for leak in leaks:
        by_set.setdefault(leak.dataset, []).append(leak)
    for name, items in by_set.items():
        runs = sorted(leak.length for leak in items)
        overlap = sum(leak.overlap for leak in items) / len(items)
        out.write(
            f"{name}: {len(items)} pairs, longest run median {runs[len(runs) // 2]}, "
            f"max {runs[-1]}, mean token overlap {overlap:.2f}\n"
        )
    return 1 if flagged else 0


if __name__ == "__main__":
    raise SystemExit(main())
