"""Markdown tables of a results folder, for docs/evals.md and the README.

Usage::

    python -m evals.report evals/results            # every suite
    python -m evals.report evals/results retrieval  # one suite
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:,.1f}"
    return "" if value is None else str(value)


def markdown_table(
    datasets: Mapping[str, Mapping[str, Mapping[str, Any]]], metrics: list[str] | None = None
) -> str:
    """One row per (dataset, system); columns are ``metrics`` (default: every numeric one)."""
    if metrics is None:
        metrics = []
        for systems in datasets.values():
            for values in systems.values():
                metrics += [m for m, v in values.items() if m not in metrics and isinstance(v, int | float)]
    lines = ["| dataset | system | " + " | ".join(metrics) + " |", "|" + " --- |" * (len(metrics) + 2)]
    for dataset, systems in datasets.items():
        for system, values in systems.items():
            lines.append(
                f"| {dataset} | {system} | " + " | ".join(_fmt(values.get(m)) for m in metrics) + " |"
            )
    return "\n".join(lines)


def render(folder: Path, suites: list[str] | None = None) -> str:
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    meta_path = folder / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    when, where = meta.get("date", "?"), meta.get("machine", "?")
    parts = [f"Measured {when} on {where}, embedder {meta.get('embedder', '?')}."]
    for suite in suites or list(results):
        if suite in results:
            parts += [f"\n### {suite}\n", markdown_table(results[suite])]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.stdout.write(render(Path(args[0]) if args else Path("evals/results"), args[1:] or None))
