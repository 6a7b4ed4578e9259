"""Measure chat answers: latency to first token and to the full answer, supported-sentence share,
refusals and fallbacks, for one writer over a list of questions (one per line, or the defaults).

Usage (an index must exist in AUDITPREP_DATA_DIR, built with the same embedder)::

    .venv/bin/python scripts/measure_chat.py --writer rules
    .venv/bin/python scripts/measure_chat.py --writer llamacpp --json > llm.json

The figures in docs/chat.md come from this script.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from assistant.answer.chat import stream_answer
from assistant.config import get_settings
from assistant.wiring import build_retriever, build_writer

DEFAULT_QUESTIONS = [
    "食品经营许可的办理时限是多少？",
    "抽样时应考虑哪些因素？",
    "首次会议应该包括哪些内容？",
    "信访事项的办理期限是多久？",
    "不符合项应当怎样描述？",
    "What should the opening meeting cover?",
    "How should an auditor deal with a department that outranks them?",
    "What records does the letters and visits procedure produce?",
    "How large should an audit sample be?",
    "足球比赛的越位规则是什么？",
]


def measure(question: str, retriever: Any, writer: Any) -> dict[str, Any]:
    started = time.perf_counter()
    first: float | None = None
    final: dict[str, Any] = {}
    fallback = None
    for event in stream_answer(question, retriever, writer):
        if event["type"] == "token" and first is None:
            first = time.perf_counter() - started
        elif event["type"] == "fallback":
            fallback = event["reason"]
        elif event["type"] == "answer":
            final = event["answer"]
    return {
        "question": question,
        "answered": final["answered"],
        "writer": final["writer"],
        "fallback": fallback,
        "supported_share": final["supported_share"],
        "sentences": len(final["sentences"]),
        "citations": len(final["citations"]),
        "first_token_s": round(first or 0.0, 2),
        "total_s": round(time.perf_counter() - started, 2),
        "answer": final["answer"],
        "rejected_draft": final.get("rejected_draft"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writer", default=None, help="rules, llamacpp, ollama or openai")
    parser.add_argument("--questions", type=Path, help="file with one question per line")
    parser.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    args = parser.parse_args()
    settings = get_settings()
    questions = (
        [q.strip() for q in args.questions.read_text(encoding="utf-8").splitlines() if q.strip()]
        if args.questions else DEFAULT_QUESTIONS
    )
    retriever = build_retriever(settings)
    writer = build_writer(settings, args.writer)
    rows = [measure(q, retriever, writer) for q in questions]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    out = [
        "| question | answered | writer | supported | first token s | total s |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        out.append(
            f"| {row['question']} | {row['answered']} | {row['writer']} | {row['supported_share']} | "
            f"{row['first_token_s']} | {row['total_s']} |"
        )
    answered = [r for r in rows if r["answered"]]
    out.append("")
    out.append(
        f"median first token {statistics.median(r['first_token_s'] for r in rows):.2f}s, "
        f"median total {statistics.median(r['total_s'] for r in rows):.2f}s, "
        f"mean supported share {statistics.mean(r['supported_share'] for r in answered or rows):.3f}, "
        f"answered {len(answered)}/{len(rows)}, fallbacks {sum(1 for r in rows if r['fallback'])}"
    )
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
