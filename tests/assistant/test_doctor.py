"""``auditprep doctor``: finds planted inconsistencies in a real index (Chroma with the hash
embedder, BM25, the manifest, the stored originals), repairs them and rebuilds from originals."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from assistant.cli.app import app
from assistant.config import get_settings
from ingest.embedders import AuditPrepEmbeddings
from ingest.lexical import LexicalIndex
from ingest.originals import OriginalStore
from ingest.sync import Ingester, Manifest
from ingest.vectorstore import ChromaStore

NOTE = "# 督查室工作制度\n\n督查室对重大事项督办实行台账管理，按周跟踪办理进度。\n".encode()
GUIDE = b"# Sampling guide\n\nSample key work items across plan, do, check and act.\n"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "index"
    monkeypatch.setenv("AUDITPREP_DATA_DIR", str(folder))
    monkeypatch.setenv("AUDITPREP_EMBEDDER", "hash")
    get_settings.cache_clear()
    return folder


@pytest.fixture
def indexed(data_dir: Path, tiny_dir: Path, hash_embedder: AuditPrepEmbeddings) -> Path:
    """An index of the tiny folder plus two uploads, as the API leaves it."""
    store = OriginalStore(data_dir)
    store.add("督查室制度.md", NOTE, uploader="lead")
    store.add("guide.md", GUIDE, department="办公室")
    report = Ingester(data_dir, hash_embedder).sync([tiny_dir, store.folder])
    assert not report.failed
    return data_dir


def doctor(*args: str) -> Result:
    return CliRunner().invoke(app, ["doctor", *args], catch_exceptions=False)


def chroma(data_dir: Path, embedder: AuditPrepEmbeddings) -> ChromaStore:
    return ChromaStore.open(data_dir, None, embedder.name, embedder.dimension)


def test_a_fresh_index_is_healthy(indexed: Path) -> None:
    result = doctor()
    assert result.exit_code == 0, result.output
    assert "healthy" in result.stdout


def test_an_empty_folder_is_not_called_healthy(data_dir: Path) -> None:
    result = doctor()
    assert result.exit_code == 1 and "no index" in result.stdout


def test_a_chunk_deleted_behind_the_manifest_is_found_and_repaired(
    indexed: Path, hash_embedder: AuditPrepEmbeddings
) -> None:
    store = chroma(indexed, hash_embedder)
    victim = sorted(store.all_ids())[0]
    store.delete([victim])

    found = doctor()
    assert found.exit_code == 1
    assert "1 passages the manifest lists are missing from Chroma" in found.stdout

    repaired = doctor("--repair")
    assert repaired.exit_code == 0, repaired.output
    assert "Repaired" in repaired.stdout
    manifest_ids = Manifest(indexed / "manifest.json").chunk_ids()
    assert victim in manifest_ids
    bm25_ids = set(LexicalIndex.load(indexed / "lexical").ids)
    assert chroma(indexed, hash_embedder).all_ids() == manifest_ids == bm25_ids
    assert doctor().exit_code == 0


def test_orphans_stale_bm25_and_an_unindexed_upload_are_each_named(
    indexed: Path, hash_embedder: AuditPrepEmbeddings
) -> None:
    store = chroma(indexed, hash_embedder)
    orphan = next(iter(store.iter_all()))
    manifest = Manifest(indexed / "manifest.json")
    owner = next(k for k, e in manifest.files.items() if orphan.chunk_id in e["chunk_ids"])  # type: ignore[operator]
    manifest.files.pop(owner)  # Chroma and BM25 still hold this file's chunks
    manifest.save()
    OriginalStore(indexed).add("late.md", b"# Late upload\n\nNever synced.\n")

    result = doctor("--json")
    assert result.exit_code == 1
    problems = " | ".join(p["problem"] for p in json.loads(result.stdout)["problems"])
    assert "no indexed file owns" in problems
    assert "BM25 index and the manifest disagree" in problems
    assert "late.md" in problems and "not indexed" in problems

    repaired = json.loads(doctor("--repair", "--json").stdout)
    assert repaired["healthy"] is True and repaired["remaining"] == []


def test_a_gone_file_and_a_changed_original_are_reported(indexed: Path, tiny_dir: Path) -> None:
    gone = sorted(tiny_dir.glob("*.md"))[0]
    gone.unlink()
    record = OriginalStore(indexed).records()[0]
    OriginalStore(indexed).path_for(record).write_bytes(b"# Tampered\n\nother words\n")
    result = doctor()
    assert result.exit_code == 1
    assert f"{gone.name} is in the index but the file is gone" in result.stdout
    assert "has changed since it was uploaded" in result.stdout


def test_generation_files_that_disagree_are_found(indexed: Path) -> None:
    (indexed / "generation.json").write_text('{"generation": 7}', encoding="utf-8")
    result = doctor()
    assert result.exit_code == 1 and "generation files disagree" in result.stdout


def test_a_running_ingest_is_not_examined(indexed: Path) -> None:
    from filelock import FileLock

    with FileLock(indexed / "ingest.lock"):
        result = doctor("--repair")
    assert result.exit_code == 1 and "An ingest is running" in result.stderr


def test_rebuild_restores_the_index_from_the_originals_alone(
    indexed: Path, tiny_dir: Path, hash_embedder: AuditPrepEmbeddings
) -> None:
    # A restored backup that kept only the originals: the index files and the tiny folder are gone.
    shutil.rmtree(tiny_dir)
    for name in ("chroma", "lexical"):
        shutil.rmtree(indexed / name)
    for name in ("manifest.json", "generation.json"):
        os.remove(indexed / name)
    # A restore happens under a new process; this one's Chroma still caches the deleted files.
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    assert doctor().exit_code == 1

    rebuilt = doctor("--rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    sources = {str(m.metadata["source"]) for m in chroma(indexed, hash_embedder).iter_all()}
    records = OriginalStore(indexed).records()
    assert sources == {r.source for r in records}
    departments = {str(m.metadata["source"]): m.metadata["department"]
                   for m in chroma(indexed, hash_embedder).iter_all()}
    guide = next(r for r in records if r.display_name == "guide.md")
    assert departments[guide.source] == "办公室"  # the department chosen at upload survives
    assert doctor().exit_code == 0
