"""Which corpora the eval finds under evals/: blind-format folders with facts and documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.truth import TYPE_EQUIVALENTS, truth_folders, truth_name
from ingest.metadata.doctypes import DOC_TYPES


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


@pytest.mark.parametrize(
    ("truth_type", "ingested"),
    [
        ("procedure", "system"),
        ("manual", "system"),
        ("objectives", "system"),
        ("audit_report", "record"),
        ("complaints", "record"),
        ("minutes", "record"),
        ("notice", "record"),
        ("department", "department"),
        ("guidance", "guidance"),
    ],
)
def test_every_type_a_corpus_writer_may_use_maps_to_an_ingested_type(truth_type: str, ingested: str) -> None:
    assert TYPE_EQUIVALENTS[truth_type] == ingested
    assert ingested in DOC_TYPES

