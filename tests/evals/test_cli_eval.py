"""`auditprep eval`: the JSON contract on stdout, progress on stderr, files in --output."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.app import app
from tests.evals.test_retrieval_suite import write_mini_cmrc

METRICS = {"r@1", "r@5", "mrr@10", "ndcg@10"}


@pytest.mark.slow
def test_eval_retrieval_json_has_the_contract_shape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITPREP_EMBEDDER", "hash")
    cmrc = write_mini_cmrc(tmp_path / "mini.json")
    result = CliRunner().invoke(
        app, ["eval", "retrieval", "--json", "--cmrc", str(cmrc), "--output", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)  # stdout holds the JSON document and nothing else
    assert list(payload) == ["retrieval"]
    datasets = payload["retrieval"]
    wanted = {"cmrc2018", "bundled_zh", "bundled_en", "cross_zh2en", "cross_en2zh", "paraphrase"}
    assert wanted <= set(datasets)
    for systems in datasets.values():
        assert {"bm25", "dense", "hybrid", "naive_langchain"} <= set(systems)
        for metrics in systems.values():
            assert set(metrics) >= METRICS
    out = tmp_path / "out"
    assert json.loads((out / "results.json").read_text())["retrieval"] == datasets
    assert (out / "retrieval_tradeoff.png").read_bytes()[:4] == b"\x89PNG"
    assert json.loads((out / "meta.json").read_text())["embedder"] == "hash"
    assert {"convex:chosen", "rrf:chosen"} <= set(json.loads((out / "fusion_sweep.json").read_text()))


def test_eval_rejects_an_unknown_suite(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "speed", "--output", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown suite" in result.output


def test_eval_reports_a_missing_cmrc_file_as_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUDITPREP_EMBEDDER", "hash")
    result = CliRunner().invoke(
        app, ["eval", "retrieval", "--cmrc", str(tmp_path / "absent.json"), "--output", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "No CMRC 2018 file" in result.stderr


def test_eval_without_the_eval_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # As on a fresh install without the extra: the first library the runner needs is missing.
    monkeypatch.setitem(sys.modules, "evals.runner", None)
    result = CliRunner().invoke(app, ["eval", "retrieval"])
    assert result.exit_code == 1
    assert "'eval' extra" in result.stderr and "bash scripts/setup eval" in result.stderr
    assert "Traceback" not in result.output


def test_a_suite_that_needs_a_missing_library_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo installs no extras: the retrieval suite's baseline imports langchain-chroma only
    # when it runs, after the runner itself imported fine.
    monkeypatch.setenv("AUDITPREP_EMBEDDER", "hash")
    monkeypatch.setitem(sys.modules, "langchain_chroma", None)
    cmrc = write_mini_cmrc(tmp_path / "mini.json")
    arguments = ["eval", "retrieval", "--cmrc", str(cmrc), "--output", str(tmp_path / "o")]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 1, result.output
    assert "'eval' extra" in result.stderr and "langchain_chroma" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_eval_folders_and_briefs_print_every_corpus_side_by_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evals.truth import truth_folders, truth_name

    monkeypatch.setenv("AUDITPREP_EMBEDDER", "hash")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["eval", "folders", "briefs", "--output", str(out)])
    assert result.exit_code == 0, result.output
    for title in ("folders (issue 10)", "briefs in zh (issue 11)", "briefs in en (issue 11)"):
        assert title in result.stdout
    for column in ("bundled", "second", "blind_v1", "pass/fail"):
        assert column in result.stdout
    saved = json.loads((out / "results.json").read_text())
    # The bundled and second corpora, and every dev and blind corpus under evals/.
    corpora = {"bundled", "second", *(truth_name(f) for f in truth_folders())}
    assert {"blind_v1", "blind_v2", "blind_v3", "dev_v1"} <= corpora
    assert set(saved["folders"]) == corpora
    assert {f"{c}_{lang}" for c in corpora for lang in ("zh", "en")} == set(saved["briefs"])
    blind = saved["folders"]["blind_v1"]["ingest"]
    assert 0 <= blind["files_loaded"] <= 1 and blind["titles_right"] is not None
    # Indexes that measure loading are cached under the ingest code's hash.
    assert any(p.name.startswith("blind_v1-") for p in (out / "cache" / "hash").iterdir())
