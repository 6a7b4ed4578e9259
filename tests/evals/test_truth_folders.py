"""Which corpora the eval finds under evals/: blind-format folders with facts and documents."""

from __future__ import annotations

from pathlib import Path

from evals.truth import truth_folders, truth_name


def _corpus(root: Path, family: str, version: str, *, facts: bool = True, docs: bool = True) -> Path:
    folder = root / family / version
    folder.mkdir(parents=True)
    if facts:
        (folder / "facts.jsonl").write_text("", encoding="utf-8")
    if docs:
        (folder / "docs").mkdir()
    return folder


def test_dev_then_blind_each_by_version_and_incomplete_folders_skipped(tmp_path: Path) -> None:
    _corpus(tmp_path, "blind", "v2")
    _corpus(tmp_path, "blind", "v1")
    _corpus(tmp_path, "dev", "v1")
    _corpus(tmp_path, "blind", "v3", facts=False)  # being written: no facts yet
    _corpus(tmp_path, "dev", "v2", docs=False)
    (tmp_path / "gold").mkdir()
    found = truth_folders(tmp_path)
    assert [truth_name(f) for f in found] == ["dev_v1", "blind_v1", "blind_v2"]


def test_no_corpora_is_an_empty_list(tmp_path: Path) -> None:
    assert truth_folders(tmp_path) == []
