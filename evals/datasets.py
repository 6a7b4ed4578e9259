"""The retrieval data sets: our hand-written gold sets and CMRC 2018.

A gold set is a JSON Lines file in ``evals/gold/``, one query per line::

    {"id": "zh-001", "query": "...", "language": "zh", "relevant": ["corpus/departments/zh/licensing"],
     "target_language": "zh", "department": "行政审批科"}

``relevant`` holds document IDs (the corpus-relative path without its suffix, as the loaders
write ``doc_id``). ``target_language`` restricts the search to documents in that language: the
bundled corpus has translated twins, and without the filter a question would have two right
answers. It defaults to the query's own language; the cross-language sets set the other one.

CMRC 2018 is SQuAD-shaped: every question's relevant document is the paragraph it was written
from. ``write_cmrc_documents`` turns the paragraphs into Markdown files (title as heading) so
that both our ingester and the LangChain baseline read the same documents.

Tuning splits are by hash of a stable ID, so they never change between runs: CMRC questions
are split by paragraph (questions about one paragraph stay together).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from evals.errors import EvalDataError

T = TypeVar("T")

GOLD_DIR = Path(__file__).parent / "gold"
GOLD_SETS = ("bundled_zh", "bundled_en", "cross_zh2en", "cross_en2zh", "paraphrase")
CMRC_NAME = "cmrc2018"
CMRC_FILE = "cmrc2018_dev.json"


@dataclass(frozen=True)
class Query:
    """One evaluation query. ``group`` decides the tuning split (the CMRC paragraph, or the ID)."""

    id: str
    text: str
    relevant: frozenset[str]
    language: str = ""
    target_language: str | None = None
    group: str = ""

    @property
    def split(self) -> str:
        """ "tune" or "test": half of the queries each, fixed by a hash of ``group`` (or ``id``)."""
        digest = hashlib.sha256((self.group or self.id).encode()).digest()
        return "tune" if digest[0] % 2 == 0 else "test"


@dataclass
class Dataset:
    name: str
    queries: list[Query]
    documents: int = 0
    meta: dict[str, object] = field(default_factory=dict)

    def subset(self, split: str) -> Dataset:
        return Dataset(self.name, [q for q in self.queries if q.split == split], self.documents, self.meta)

    def head(self, limit: int | None) -> Dataset:
        if limit is None or limit >= len(self.queries):
            return self
        return Dataset(self.name, self.queries[:limit], self.documents, self.meta)


def read_jsonl(path: Path, build: Callable[[dict[str, Any]], T], what: str, hint: str = "") -> list[T]:
    """One ``build(object)`` per non-blank line of a JSON Lines file.

    Raises:
        EvalDataError: naming the file and line, when a line is not JSON or ``build`` finds a
            field missing or of the wrong type.
    """
    items: list[T] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(build(json.loads(line)))
        except (KeyError, TypeError, json.JSONDecodeError) as e:
            raise EvalDataError(f"{path}:{n}: not {what} ({e!r}){hint}.") from e
    return items


def load_gold(name: str, folder: Path = GOLD_DIR) -> Dataset:
    """Read ``folder/name.jsonl``.

    Raises:
        EvalDataError: the file is missing or a line lacks a field.
    """
    path = folder / f"{name}.jsonl"
    if not path.exists():
        raise EvalDataError(f"No gold set {path}. Gold sets: {', '.join(GOLD_SETS)}.")

    def query(item: dict[str, Any]) -> Query:
        language = str(item["language"])
        return Query(
            id=str(item["id"]),
            text=str(item["query"]),
            relevant=frozenset(str(d) for d in item["relevant"]),
            language=language,
            target_language=str(item.get("target_language") or language),
        )

    queries = read_jsonl(path, query, "a gold item", "; see evals/datasets.py")
    return Dataset(name, queries)


def load_gold_sets(folder: Path = GOLD_DIR) -> list[Dataset]:
    return [load_gold(name, folder) for name in GOLD_SETS if (folder / f"{name}.jsonl").exists()]


@dataclass(frozen=True)
class Paragraph:
    id: str
    title: str
    text: str


def load_cmrc(path: Path) -> tuple[Dataset, list[Paragraph]]:
    """CMRC 2018 questions (each relevant to its own paragraph) and the paragraphs.

    ``path`` is the JSON file or the folder holding ``cmrc2018_dev.json``.

    Raises:
        EvalDataError: the file is missing or not SQuAD-shaped.
    """
    file = path / CMRC_FILE if path.is_dir() else path
    if not file.exists():
        raise EvalDataError(
            f"No CMRC 2018 file at {file}. Put cmrc2018_dev.json under ../shared/benchmarks/cmrc2018/ "
            "or pass --cmrc PATH."
        )
    try:
        payload = json.loads(file.read_text(encoding="utf-8"))
        paragraphs: list[Paragraph] = []
        queries: list[Query] = []
        for article in payload["data"]:
            for para in article["paragraphs"]:
                pid = str(para["id"])
                paragraphs.append(Paragraph(pid, str(article.get("title", "")), str(para["context"])))
                doc_id = f"{CMRC_NAME}/{pid}"
                for qa in para["qas"]:
                    queries.append(
                        Query(str(qa["id"]), str(qa["question"]), frozenset({doc_id}), "zh", None, pid)
                    )
    except (KeyError, TypeError, json.JSONDecodeError) as e:
        raise EvalDataError(f"{file} is not SQuAD-shaped CMRC data ({e!r}).") from e
    return Dataset(CMRC_NAME, queries, len(paragraphs)), paragraphs


def paragraph_markdown(paragraph: Paragraph) -> str:
    return (
        f"---\ntitle: {json.dumps(paragraph.title, ensure_ascii=False)}\nlanguage: zh\n---\n"
        f"# {paragraph.title}\n\n{paragraph.text.strip()}\n"
    )


def write_cmrc_documents(paragraphs: list[Paragraph], folder: Path) -> Path:
    """Write one Markdown file per paragraph under ``folder/cmrc2018/`` (unchanged files are left
    alone, so an incremental sync skips them). Returns that folder; its files' document IDs are
    ``cmrc2018/<paragraph id>``."""
    target = folder / CMRC_NAME
    target.mkdir(parents=True, exist_ok=True)
    for paragraph in paragraphs:
        path = target / f"{paragraph.id}.md"
        text = paragraph_markdown(paragraph)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return target
