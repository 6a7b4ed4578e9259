"""Answers per language pair (issue 12): right answers, honest refusals, the right document cited.

Question sets in the blind corpus's format, one JSON object a line: ``id``, ``lang`` (of the
question), ``pair`` (``zh``, ``en``, ``zh->en``: a Chinese question whose answer is in an
English document, ``en->zh``), ``question``, ``answerable``, ``department``, ``file`` (the
document that answers it, relative to the corpus folder), ``must_contain``, ``kind``. Two sets:
``evals/gold/answers_pairs.jsonl`` over ``corpus/`` and the blind ``questions.jsonl``.

- ``correct_<pair>``: share of the pair's answerable questions answered with every ``must_contain``
  string present in the answer or in its cited quotes, both sides compared in
  ``evals.textnorm.canon`` form (NFKC, no spaces, case folded, thousands separators dropped,
  Chinese and English number words as digits: 十个工作日 = 10个工作日 = ten working days)
- ``correct_all``: the same over all answerable questions
- ``correct_refusals``: share of unanswerable questions (near misses, off-topic) refused
- ``right_document``: share of answerable questions with a citation to their ``file``
- ``first_token_p50_ms``: median time to the first streamed piece

A question the assistant fails on (an exception) is counted wrong and listed, never a crash.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.retrieval.hybrid import HybridRetriever
from evals.datasets import GOLD_DIR, read_jsonl
from evals.indexes import Say
from evals.metrics import latency_summary
from evals.textnorm import contains

PAIRS = ("zh", "en", "zh->en", "en->zh")
PAIRS_FILE = GOLD_DIR / "answers_pairs.jsonl"
# Issue 12's floors: 0.85 correct per language pair, 0.95 correct refusals; the rest is reported.
FLOORS: dict[str, tuple[str, float]] = {
    **{f"correct_{pair}": (">=", 0.85) for pair in ("zh", "en", "zh->en", "en->zh")},
    "correct_refusals": (">=", 0.95),
}


@dataclass(frozen=True)
class PairItem:
    id: str
    lang: str
    pair: str
    question: str
    answerable: bool
    file: str = ""
    department: str = ""
    must_contain: tuple[str, ...] = ()
    kind: str = ""


def load_pair_items(path: Path = PAIRS_FILE) -> list[PairItem]:
    """Read a question set in the pair format.

    Raises:
        EvalDataError: a line is not a valid item.
    """

    def item(raw: dict[str, Any]) -> PairItem:
        pair = str(raw["pair"])
        if pair not in PAIRS:
            raise KeyError(f"pair {pair!r}")
        return PairItem(
            id=str(raw["id"]),
            lang=str(raw["lang"]),
            pair=pair,
            question=str(raw["question"]),
            answerable=bool(raw["answerable"]),
            file=str(raw.get("file") or ""),
            department=str(raw.get("department") or ""),
            must_contain=tuple(str(s) for s in raw.get("must_contain") or ()),
            kind=str(raw.get("kind") or ""),
        )

    return read_jsonl(path, item, "a language-pair question")


def is_correct(must_contain: Sequence[str], answer: str, quotes: Sequence[str]) -> bool:
    """Every required string is in the answer or in one of its cited quotes (canon form)."""
    if not must_contain:
        return False
    return all(contains(answer, s) or any(contains(q, s) for q in quotes) for s in must_contain)


def cites_file(sources: Sequence[str], file: str) -> bool:
    """A citation's source (relative to the indexed folder's parent) ends with ``file``."""
    tail = file.replace("\\", "/").strip("/")
    return bool(tail) and any(s.replace("\\", "/").endswith(tail) for s in sources)


def score_pairs(writer: Any, retriever: HybridRetriever, items: Sequence[PairItem]) -> dict[str, Any]:
    from assistant.answer.chat import answer

    per_pair: dict[str, list[bool]] = {p: [] for p in PAIRS}
    refusals: list[bool] = []
    right_doc: list[bool] = []
    first: list[float] = []
    wrong: list[str] = []
    failed: list[str] = []
    for item in items:
        started = time.perf_counter()
        try:
            result = answer(item.question, retriever, writer)
        except Exception as e:  # one question failing must not hide the others
            failed.append(f"{item.id}: {e}")
            if item.answerable:
                per_pair[item.pair].append(False)
                right_doc.append(False)
            else:
                refusals.append(False)
            continue
        first.append(result.timings.get("first_token_s", time.perf_counter() - started))
        if not item.answerable:
            refusals.append(not result.answered)
            if result.answered:
                wrong.append(f"{item.id} answered")
            continue
        quotes = [c.quote for c in result.citations]
        ok = result.answered and is_correct(item.must_contain, result.answer, quotes)
        per_pair[item.pair].append(ok)
        right_doc.append(cites_file([c.source for c in result.citations], item.file))
        if not ok and not result.answered:
            # Which rule refused it tells a false refusal's cause without rerunning the question.
            rule = result.relevance.get("rule") or "writer"
            wrong.append(f"{item.id} refused ({rule}: {result.relevance.get('reason', '')})")
        elif not ok:
            wrong.append(item.id)
    out: dict[str, Any] = {}
    for pair, marks in per_pair.items():
        out[f"correct_{pair}"] = round(sum(marks) / len(marks), 4) if marks else None
        out[f"n_{pair}"] = len(marks)
    every = [m for marks in per_pair.values() for m in marks]
    out["correct_all"] = round(sum(every) / len(every), 4) if every else None
    out["correct_refusals"] = round(sum(refusals) / len(refusals), 4) if refusals else None
    out["n_unanswerable"] = len(refusals)
    out["right_document"] = round(sum(right_doc) / len(right_doc), 4) if right_doc else None
    timing = latency_summary(first)
    out["first_token_p50_ms"] = timing.get("latency_p50_ms") if timing else None
    out["details"] = {"wrong": wrong, "failed": failed}
    return out


def run_pair_sets(
    writer: Any,
    sets: Sequence[tuple[str, HybridRetriever, Sequence[PairItem]]],
    say: Say | None = None,
) -> dict[str, dict[str, Any]]:
    """``{dataset: figures}`` for each (name, index, questions)."""
    results: dict[str, dict[str, Any]] = {}
    for name, retriever, items in sets:
        if say:
            say(f"Answers per language pair: {len(items)} questions of {name} ...")
        results[name] = score_pairs(writer, retriever, items)
    return results
