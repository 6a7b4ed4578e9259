"""Markdown tables for the docs come straight from a results folder."""

from __future__ import annotations

import json
from pathlib import Path

from evals.report import markdown_table, render


def test_markdown_table_has_a_row_per_dataset_and_system() -> None:
    results = {"cmrc2018": {"bm25": {"r@1": 0.9144, "latency_p50_ms": 3.2}, "dense": {"r@1": 0.95}}}
    table = markdown_table(results)
    lines = table.splitlines()
    assert lines[0] == "| dataset | system | r@1 | latency_p50_ms |"
    assert lines[2] == "| cmrc2018 | bm25 | 0.914 | 3.200 |"
    assert lines[3] == "| cmrc2018 | dense | 0.950 |  |"


def test_render_names_the_date_and_machine(tmp_path: Path) -> None:
    (tmp_path / "results.json").write_text(json.dumps({"planner": {"x": {"plan_audit": {"errors": 0}}}}))
    (tmp_path / "meta.json").write_text(json.dumps({"date": "2026-11-24", "machine": "2-core x86_64"}))
    text = render(tmp_path)
    assert "2026-11-24" in text and "2-core x86_64" in text and "| x | plan_audit | 0 |" in text
