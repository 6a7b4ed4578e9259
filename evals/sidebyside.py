"""The bundled, second, development and blind corpora side by side: one row per measure, one column per
corpus, the floor and a pass/fail column (issues 10-12).

``side_by_side(results)`` turns the ``folders``, ``briefs`` and ``answers`` suites of a
``results.json`` into tables; ``markdown(results)`` renders them for docs/evals.md and the CLI
prints the same rows. A figure a corpus cannot have (no truth for it) is "n/a".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from evals.answer_pairs import FLOORS as ANSWER_FLOORS
from evals.briefs import FLOORS as BRIEF_FLOORS

# Fixed columns first; then every blind-format corpus the run found (``dev_v1``, ``blind_v1``, ...).
FIXED_CORPORA = ("bundled", "second")
TRUTH_PREFIXES = ("dev_", "blind_")
FOLDER_METRICS = (
    "departments_found",
    "titles_right",
    "types_right",
    "files_loaded",
    "facts_hit@3",
    "facts_hit@3_action",
    "files_indexed",
    "facts",
)
BRIEF_METRICS = (
    "facts_surfaced",
    "open_findings_verified",
    "attribution_errors",
    "sample_size_errors",
    "pdca_contradictions",
    "max_same_template",
    "other_language_share",
    "citation_support",
    "profile_facts",
    "profile_chars",
    "brief_p50_ms",
    "briefs",
    "errors",
)
ANSWER_METRICS = (
    "correct_zh",
    "correct_en",
    "correct_zh->en",
    "correct_en->zh",
    "correct_all",
    "correct_refusals",
    "right_document",
    "first_token_p50_ms",
)
FIXED_ANSWER_SETS = ("bundled_pairs",)


def _truth_corpora(names: Iterable[str]) -> list[str]:
    """Blind-format corpus names among ``names``, dev before blind, each family by version."""
    found = {n for n in names if n.startswith(TRUTH_PREFIXES)}
    return [n for prefix in TRUTH_PREFIXES for n in sorted(found, key=_by_version) if n.startswith(prefix)]


def _by_version(name: str) -> tuple[str, int, str]:
    """"blind_v2" before "blind_v10": the version as a number."""
    match = re.fullmatch(r"(.*_v)(\d+)(.*)", name)
    return (match.group(1), int(match.group(2)), match.group(3)) if match else (name, 0, "")


def corpora(names: Iterable[str]) -> list[str]:
    """The corpus columns present in a suite's datasets (``names``), in report order."""
    names = list(names)
    return [c for c in FIXED_CORPORA if c in names] + _truth_corpora(names)


def is_answer_set(name: str) -> bool:
    """Answer datasets reported per language pair: the bundled pair set and each truth corpus."""
    return name in FIXED_ANSWER_SETS or name.startswith(TRUTH_PREFIXES)


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]


def fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def _floor_text(floors: Mapping[str, tuple[str, float]], metric: str) -> str:
    if metric not in floors:
        return "report"
    op, value = floors[metric]
    return f"{op} {value:g}"


def _passes(floors: Mapping[str, tuple[str, float]], metric: str, value: Any) -> bool | None:
    if metric not in floors or value is None or isinstance(value, bool):
        return None
    op, floor = floors[metric]
    return bool(value >= floor) if op == ">=" else bool(value <= floor)


def _verdict(floors: Mapping[str, tuple[str, float]], metric: str, named: list[tuple[str, Any]]) -> str:
    checks = [(name, _passes(floors, metric, v)) for name, v in named]
    judged = [(n, ok) for n, ok in checks if ok is not None]
    if not judged:
        return ""
    failed = [n for n, ok in judged if not ok]
    return "pass" if not failed else "FAIL: " + ", ".join(failed)


# Corpus columns per table: with sixteen corpora in one table the columns no longer fit 200
# characters and their headers were folded ("pass/f" "ail"); more corpora make more tables.
MAX_CORPUS_COLUMNS = 8


def _tables(
    title: str,
    columns: list[tuple[str, Mapping[str, Any]]],
    metrics: tuple[str, ...],
    floors: Mapping[str, tuple[str, float]],
) -> list[Table]:
    """``_table`` for each run of at most ``MAX_CORPUS_COLUMNS`` corpora, titled "(1/2)" …."""
    groups = [columns[i : i + MAX_CORPUS_COLUMNS] for i in range(0, len(columns), MAX_CORPUS_COLUMNS)]
    if len(groups) <= 1:
        return [_table(title, columns, metrics, floors)]
    return [_table(f"{title} ({n}/{len(groups)})", g, metrics, floors) for n, g in enumerate(groups, 1)]


def _table(
    title: str,
    columns: list[tuple[str, Mapping[str, Any]]],
    metrics: tuple[str, ...],
    floors: Mapping[str, tuple[str, float]],
) -> Table:
    rows = []
    for metric in metrics:
        named = [(name, values.get(metric)) for name, values in columns]
        if all(v is None for _, v in named):
            continue
        rows.append(
            [
                metric,
                _floor_text(floors, metric),
                *[fmt(v) for _, v in named],
                _verdict(floors, metric, named),
            ]
        )
    return Table(title, ["measure", "floor", *[n for n, _ in columns], "pass/fail"], rows)


def side_by_side(results: Mapping[str, Any], writer: str = "rules") -> list[Table]:
    tables: list[Table] = []
    folders = results.get("folders", {})
    if folders:
        columns = [(c, folders[c].get("ingest", {})) for c in corpora(folders)]
        tables.extend(_tables("folders (issue 10)", columns, FOLDER_METRICS, {}))
    briefs = results.get("briefs", {})
    if briefs:
        names = corpora(n.rsplit("_", 1)[0] for n in briefs)
        # One table per brief language: with every corpus twice in one table, the columns no
        # longer fit a terminal and their names were cut.
        for lang in ("zh", "en"):
            columns = [
                (c, briefs[f"{c}_{lang}"].get("plan_audit", {})) for c in names if f"{c}_{lang}" in briefs
            ]
            if columns:
                tables.extend(_tables(f"briefs in {lang} (issue 11)", columns, BRIEF_METRICS, BRIEF_FLOORS))
    answers = results.get("answers", {})
    sets = [n for n in FIXED_ANSWER_SETS if n in answers] + _truth_corpora(answers)
    columns = [(name, answers[name].get(writer, {})) for name in sets]
    if columns:
        title = f"answers per language pair, {writer} writer (issue 12)"
        tables.extend(_tables(title, columns, ANSWER_METRICS, ANSWER_FLOORS))
    return tables


def markdown(results: Mapping[str, Any], writer: str = "rules") -> str:
    parts = []
    for table in side_by_side(results, writer):
        lines = [f"**{table.title}**", "", "| " + " | ".join(table.headers) + " |"]
        lines.append("|" + " --- |" * len(table.headers))
        lines += ["| " + " | ".join(row) + " |" for row in table.rows]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("evals/results")
    sys.stdout.write(markdown(json.loads((folder / "results.json").read_text(encoding="utf-8"))))
