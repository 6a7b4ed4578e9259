"""The ingest, search and departments commands: JSON output, exit codes, and stdout that holds
only the result (messages and logs go to stderr).

Most tests use typer's CliRunner, which keeps stdout and stderr apart; one test runs the real
``auditprep`` entry point in a subprocess, where logging and Chroma write to the real streams.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from assistant.cli.app import app
from assistant.config import get_settings

HIT_KEYS = {"doc_id", "title", "source", "department", "doc_type", "language", "chunk_id", "text", "score"}


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("AUDITPREP_EMBEDDER", "hash")
    get_settings.cache_clear()
    return CliRunner()


def invoke(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def ingested(runner: CliRunner, tiny_dir: Path) -> Path:
    result = invoke(runner, "ingest", str(tiny_dir), "--json")
    assert result.exit_code == 0, result.stderr
    return tiny_dir


def test_ingest_json_prints_one_document_with_counts(runner: CliRunner, tiny_dir: Path) -> None:
    result = invoke(runner, "ingest", str(tiny_dir), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert {k: report[k] for k in ("added", "updated", "unchanged", "removed", "failed")} == {
        "added": 4,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "failed": 0,
    }
    assert report["total_chunks"] >= 4 and report["chunks_written"] == report["total_chunks"]
    again = json.loads(invoke(runner, "ingest", str(tiny_dir), "--json").stdout)
    assert again["unchanged"] == 4 and again["chunks_written"] == 0


def test_ingest_reports_a_bad_file_on_stderr_and_indexes_the_rest(runner: CliRunner, tiny_dir: Path) -> None:
    bad = tiny_dir / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + random.Random(5).randbytes(1500))
    result = invoke(runner, "ingest", str(tiny_dir), "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["added"] == 4 and report["failed"] == 1
    assert report["files"]["failed"][0]["path"] == str(bad.resolve())
    assert f"Skipped {bad.resolve()}: not a readable PDF" in result.stderr


def test_ingest_text_output_is_a_summary(runner: CliRunner, tiny_dir: Path) -> None:
    result = invoke(runner, "ingest", str(tiny_dir))
    assert result.exit_code == 0
    assert result.stdout.startswith("Files: 4 added")


def test_ingest_of_a_missing_path_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "ingest", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "no such file or folder" in result.stderr and result.stdout == ""


def test_search_json_prints_a_list_of_hits(runner: CliRunner, ingested: Path) -> None:
    result = invoke(runner, "search", "档案借阅登记", "--json", "--k", "3")
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert isinstance(hits, list) and 0 < len(hits) <= 3
    for hit in hits:
        assert set(hit) >= HIT_KEYS
    assert hits[0]["source"] == "tiny/dangan_ke.md"
    assert hits[0]["text"] in (ingested / "dangan_ke.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("mode", ["dense", "bm25", "hybrid"])
def test_search_filters_and_modes(runner: CliRunner, ingested: Path, mode: str) -> None:
    result = invoke(
        runner,
        "search",
        "files retention 档案",
        "--json",
        "--mode",
        mode,
        "--department",
        "Records Office",
        "--language",
        "en",
        "--doc-type",
        "department",
    )
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and {(h["department"], h["language"], h["doc_type"]) for h in hits} == {
        ("Records Office", "en", "department")
    }


def test_search_text_output_names_the_source(runner: CliRunner, ingested: Path) -> None:
    result = invoke(runner, "search", "opening meeting agenda", "--k", "1")
    assert result.exit_code == 0
    assert result.stdout.startswith("1. Running the Opening Meeting")
    assert "tiny/opening_meeting_note.md" in result.stdout


def test_search_without_index_exits_1_and_says_how_to_build_one(runner: CliRunner) -> None:
    result = invoke(runner, "search", "首次会议", "--json")
    assert result.exit_code == 1
    assert "Run `auditprep ingest" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(("option", "value"), [("--mode", "fuzzy"), ("--doc-type", "policy"), ("--k", "0")])
def test_search_with_a_bad_option_is_a_usage_error(runner: CliRunner, option: str, value: str) -> None:
    result = invoke(runner, "search", "首次会议", option, value)
    assert result.exit_code == 2
    assert option in result.stderr and result.stdout == ""


def test_search_unknown_department_exits_1_listing_departments(runner: CliRunner, ingested: Path) -> None:
    result = invoke(runner, "search", "借阅", "--department", "宣传科")
    assert result.exit_code == 1
    assert "No department '宣传科'" in result.stderr and "Records Office" in result.stderr


def test_departments_json_lists_departments_with_document_counts(runner: CliRunner, ingested: Path) -> None:
    result = invoke(runner, "departments", "--json")
    assert result.exit_code == 0, result.stderr
    rows = {row["department"]: row for row in json.loads(result.stdout)}
    assert set(rows) == {"档案科", "Records Office"}
    assert rows["档案科"]["documents"] == 1 and rows["档案科"]["languages"] == ["zh"]
    assert rows["Records Office"]["aliases"] == ["档案科"]
    assert all(row["chunks"] >= row["documents"] for row in rows.values())


def test_departments_without_index_exits_1(runner: CliRunner) -> None:
    result = invoke(runner, "departments")
    assert result.exit_code == 1 and "auditprep ingest" in result.stderr


def test_real_process_keeps_stdout_for_the_result(tmp_path: Path, tiny_dir: Path) -> None:
    """Logging, pypdf warnings and Chroma run for real here; none of it may reach stdout."""
    (tiny_dir / "broken.pdf").write_bytes(b"%PDF-1.4\n" + random.Random(9).randbytes(1500))
    env = {**os.environ, "AUDITPREP_DATA_DIR": str(tmp_path / "cli-data"), "AUDITPREP_EMBEDDER": "hash"}
    command = [sys.executable, "-c", "from assistant.cli.app import app; app()"]
    ingest = subprocess.run(
        [*command, "ingest", str(tiny_dir), "--json"], env=env, capture_output=True, text=True, timeout=120
    )
    assert ingest.returncode == 0, ingest.stderr
    assert json.loads(ingest.stdout)["failed"] == 1
    assert "Skipped" in ingest.stderr
    search = subprocess.run(
        [*command, "search", "sampling", "--json"], env=env, capture_output=True, text=True, timeout=120
    )
    assert search.returncode == 0, search.stderr
    assert all(set(hit) >= HIT_KEYS for hit in json.loads(search.stdout))


def test_progress_lines_are_printed_when_stderr_is_a_log(tmp_path: Path) -> None:
    from io import StringIO

    from rich.console import Console

    from assistant.cli.output import ProgressLines

    log = StringIO()
    progress = ProgressLines(Console(file=log), every_files=2, every_seconds=3600)
    for n in range(1, 6):
        progress(n, 5, f"file{n}.md")
    assert log.getvalue().splitlines() == [
        "Indexing 2/5 files: file2.md",
        "Indexing 4/5 files: file4.md",
        "Indexing 5/5 files: file5.md",
    ]
