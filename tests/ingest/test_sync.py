"""Incremental sync against a real Chroma store in tmp_path, with the hash embedder.

After every operation the BM25 index must hold exactly the chunk IDs Chroma holds, and the
report must say what happened to each file.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.retrieval.hybrid import HybridRetriever
from ingest.embedders import AuditPrepEmbeddings, HashEmbeddings
from ingest.errors import IndexBusyError, IndexNotFoundError, IngestError
from ingest.lexical import LexicalIndex
from ingest.loaders import load_file
from ingest.sync import Ingester, SyncReport
from ingest.vectorstore import ChromaStore


class SmallHashEmbeddings(HashEmbeddings):
    """A second "model": another name and another vector size, for the model-switch tests."""

    name = "hash-128"

    def __init__(self) -> None:
        super().__init__(dim=128)


def chroma_ids(data_dir: Path, embedder: AuditPrepEmbeddings) -> set[str]:
    store = ChromaStore.open(data_dir, None, embedder.name, embedder.dimension)
    return {c.chunk_id for c in store.iter_all()}


def source_ids(data_dir: Path, embedder: AuditPrepEmbeddings, source: str) -> set[str]:
    return ChromaStore.open(data_dir, None, embedder.name, embedder.dimension).ids_for_source(source)


def sync(data_dir: Path, embedder: AuditPrepEmbeddings, *paths: Path) -> SyncReport:
    """Sync, then check the invariant every sync must keep: BM25 and Chroma hold the same IDs."""
    report = Ingester(data_dir, embedder).sync(list(paths))
    ids = chroma_ids(data_dir, embedder)
    lexical = LexicalIndex.load(data_dir / "lexical")
    assert sorted(lexical.ids) == sorted(ids)
    assert len(lexical.ids) == len(set(lexical.ids))
    assert report.total_chunks == len(ids)
    return report


def texts(data_dir: Path, embedder: AuditPrepEmbeddings) -> list[str]:
    store = ChromaStore.open(data_dir, None, embedder.name, embedder.dimension)
    return [c.text for c in store.iter_all()]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


def test_first_sync_adds_every_file(tiny_dir: Path, data_dir: Path, hash_embedder: HashEmbeddings) -> None:
    report = sync(data_dir, hash_embedder, tiny_dir)
    assert sorted(report.added) == sorted(f"tiny/{p.name}" for p in tiny_dir.glob("*.md"))
    assert report.counts() == {"added": 4, "updated": 0, "unchanged": 0, "removed": 0, "failed": 0}
    assert report.chunks_written == report.total_chunks > 0
    assert not report.rebuilt
    assert "4 added" in report.summary() and f"in index {report.total_chunks}" in report.summary()
    payload = report.to_dict()
    assert payload["added"] == 4 and payload["total_chunks"] == report.total_chunks
    assert payload["files"]["failed"] == []  # type: ignore[index]


def test_rerun_writes_nothing(tiny_dir: Path, data_dir: Path, hash_embedder: HashEmbeddings) -> None:
    sync(data_dir, hash_embedder, tiny_dir)
    before = chroma_ids(data_dir, hash_embedder)
    report = sync(data_dir, hash_embedder, tiny_dir)
    assert report.counts() == {"added": 0, "updated": 0, "unchanged": 4, "removed": 0, "failed": 0}
    assert report.chunks_written == report.chunks_deleted == 0
    assert chroma_ids(data_dir, hash_embedder) == before


def test_edit_replaces_the_files_chunks_without_duplicates(
    tiny_dir: Path, data_dir: Path, hash_embedder: HashEmbeddings
) -> None:
    sync(data_dir, hash_embedder, tiny_dir)
    path = tiny_dir / "opening_meeting_note.md"
    old_ids = source_ids(data_dir, hash_embedder, "tiny/opening_meeting_note.md")
    path.write_text(
        path.read_text(encoding="utf-8").replace("fifteen to twenty minutes", "at most ten minutes")
        + "\n## Attendance\n\nKeep a signed attendance sheet as evidence.\n",
        encoding="utf-8",
    )
    report = sync(data_dir, hash_embedder, tiny_dir)
    assert report.updated == ["tiny/opening_meeting_note.md"]
    assert report.counts()["unchanged"] == 3
    new_ids = source_ids(data_dir, hash_embedder, "tiny/opening_meeting_note.md")
    expected = Ingester(data_dir, hash_embedder).chunker.split(load_file(path, tiny_dir))
    assert new_ids == {c.chunk_id for c in expected}
    assert old_ids - new_ids  # the edited passage got a new ID ...
    assert not (old_ids - new_ids) & chroma_ids(data_dir, hash_embedder)  # ... and the old one is gone
    stored = texts(data_dir, hash_embedder)
    assert not any("fifteen to twenty minutes" in t for t in stored)
    assert sum("at most ten minutes" in t for t in stored) == 1
    assert len(stored) == len(set(stored))


def test_renamed_heading_is_searchable_under_its_new_name(
    tmp_path: Path, data_dir: Path, hash_embedder: HashEmbeddings
) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    path = folder / "a.md"
    path.write_text("# 印章管理\n\n## 用印登记\n\n每次使用都要记录事由和经办人。\n", encoding="utf-8")
    sync(data_dir, hash_embedder, folder)
    path.write_text("# 印章管理\n\n## 外借审批\n\n每次使用都要记录事由和经办人。\n", encoding="utf-8")
    sync(data_dir, hash_embedder, folder)
    retriever = HybridRetriever.open(data_dir, hash_embedder)
    hits = retriever.search("外借审批", k=1, mode="bm25")
    assert hits and hits[0].heading_path == "印章管理 > 外借审批"
    assert retriever.search("用印登记", k=1, mode="bm25") == []


def test_delete_removes_the_files_chunks(
    tiny_dir: Path, data_dir: Path, hash_embedder: HashEmbeddings
) -> None:
    sync(data_dir, hash_embedder, tiny_dir)
    (tiny_dir / "dangan_ke.md").unlink()
    report = sync(data_dir, hash_embedder, tiny_dir)
    assert report.removed == ["tiny/dangan_ke.md"]
    assert report.chunks_deleted > 0
    assert source_ids(data_dir, hash_embedder, "tiny/dangan_ke.md") == set()
    assert not any("库房温湿度" in t for t in texts(data_dir, hash_embedder))
    hits = HybridRetriever.open(data_dir, hash_embedder).search("档案借阅 库房温湿度", k=10)
    assert all(h.source != "tiny/dangan_ke.md" for h in hits)


def test_corrupt_file_is_reported_and_the_others_are_indexed(
    tiny_dir: Path, data_dir: Path, hash_embedder: HashEmbeddings
) -> None:
    bad = tiny_dir / "minutes.docx"
    bad.write_bytes(random.Random(7).randbytes(4000))
    report = sync(data_dir, hash_embedder, tiny_dir)
    assert len(report.added) == 4
    assert [path for path, _ in report.failed] == [str(bad.resolve())]
    assert "not a readable DOCX" in report.failed[0][1]
    assert report.to_dict()["files"]["failed"][0]["path"] == str(bad.resolve())  # type: ignore[index]
    # A failed file is tried again next time rather than remembered as done.
    assert sync(data_dir, hash_embedder, tiny_dir).counts()["failed"] == 1


def test_good_file_that_turns_corrupt_keeps_its_chunks(
    tiny_dir: Path, data_dir: Path, hash_embedder: HashEmbeddings
) -> None:
    sync(data_dir, hash_embedder, tiny_dir)
    path = tiny_dir / "dangan_ke.md"
    good = path.read_text(encoding="utf-8")
    before = source_ids(data_dir, hash_embedder, "tiny/dangan_ke.md")
    path.write_text("---\ntitle: [broken\n---\n" + good, encoding="utf-8")
    report = sync(data_dir, hash_embedder, tiny_dir)
    assert report.failed and "front matter" in report.failed[0][1]
    assert report.removed == []
    assert source_ids(data_dir, hash_embedder, "tiny/dangan_ke.md") == before
    path.write_text(good.replace("7天", "10天"), encoding="utf-8")
    assert sync(data_dir, hash_embedder, tiny_dir).updated == ["tiny/dangan_ke.md"]


def test_model_switch_rebuilds_every_synced_folder_and_file(
    tmp_path: Path, tiny_dir: Path, data_dir: Path, hash_embedder: HashEmbeddings
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "note.md").write_text("# 会议纪要\n\n末次会议通报了三项审核发现。\n", encoding="utf-8")
    single = tmp_path / "loose.txt"
    single.write_text("Loose notes on the closing meeting and its follow-up.\n", encoding="utf-8")
    sync(data_dir, hash_embedder, tiny_dir)
    sync(data_dir, hash_embedder, extra)
    first = sync(data_dir, hash_embedder, single)
    assert first.added == [f"{tmp_path.name}/loose.txt"]
    sources_before = {
        c.metadata["source"]
        for c in ChromaStore.open(data_dir, None, "hash", 256).iter_all()
    }

    small = SmallHashEmbeddings()
    report = sync(data_dir, small, extra)  # only one folder named: the others come back too
    assert report.rebuilt
    assert "rebuilt" in report.summary()
    store = ChromaStore.open(data_dir, None, small.name, small.dimension)
    assert store.built_with == ("hash-128", 128)
    assert {c.metadata["source"] for c in store.iter_all()} == sources_before
    vectors = store._collection.get(include=["embeddings"])["embeddings"]
    assert {len(v) for v in vectors} == {128}  # no vectors of the old model are left

    with pytest.raises(IndexNotFoundError, match="built with embedder 'hash-128'"):
        HybridRetriever.open(data_dir, hash_embedder)
    hits = HybridRetriever.open(data_dir, small).search("末次会议 审核发现", k=3)
    assert hits and hits[0].source == "extra/note.md"
    assert not sync(data_dir, small, extra).rebuilt  # the next run is incremental again


def test_emptied_index_switches_model_without_error(
    tmp_path: Path, data_dir: Path, hash_embedder: HashEmbeddings
) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "a.md").write_text("# A\n\nFirst passage about sampling.\n", encoding="utf-8")
    sync(data_dir, hash_embedder, folder)
    (folder / "a.md").unlink()
    assert sync(data_dir, hash_embedder, folder).total_chunks == 0
    # Chroma keeps the 256-dim size after the last chunk goes; a 128-dim model must still work.
    (folder / "b.md").write_text("# B\n\nSecond passage about interviews.\n", encoding="utf-8")
    report = sync(data_dir, SmallHashEmbeddings(), folder)
    assert report.added == ["kb/b.md"] and report.failed == []
    assert HybridRetriever.open(data_dir, SmallHashEmbeddings()).search("interviews", k=1)


def test_two_data_dirs_never_share_state(
    tmp_path: Path, tiny_dir: Path, hash_embedder: HashEmbeddings
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.md").write_text("# 财务科职责\n\n财务科负责预算编制和票据管理。\n", encoding="utf-8")
    first, second = tmp_path / "data-1", tmp_path / "data-2"
    sync(first, hash_embedder, tiny_dir)
    sync(second, hash_embedder, other)
    assert not chroma_ids(first, hash_embedder) & chroma_ids(second, hash_embedder)
    assert {h.source for h in HybridRetriever.open(second, hash_embedder).search("档案 借阅", k=10)} == {
        "other/x.md"
    }
    # Removing a file synced into one folder leaves the other index alone.
    (tiny_dir / "dangan_ke.md").unlink()
    sync(first, hash_embedder, tiny_dir)
    assert sync(second, hash_embedder, other).counts()["unchanged"] == 1


def test_folders_with_the_same_name_keep_their_own_chunks(
    tmp_path: Path, data_dir: Path, hash_embedder: HashEmbeddings
) -> None:
    a, b = tmp_path / "2024" / "policies", tmp_path / "2025" / "policies"
    for folder, year in ((a, "2024"), (b, "2025")):
        folder.mkdir(parents=True)
        (folder / "plan.md").write_text(f"# 审核计划\n\n{year}年度内部审核安排在十月。\n", encoding="utf-8")
    sync(data_dir, hash_embedder, a)
    sync(data_dir, hash_embedder, b)
    old_2024 = "2024年度内部审核安排在十月。"
    old_2025 = "2025年度内部审核安排在十月。"
    new_2025 = "2025年度内部审核改在十一月。"
    assert set(texts(data_dir, hash_embedder)) == {old_2024, old_2025}
    (b / "plan.md").write_text("# 审核计划\n\n2025年度内部审核改在十一月。\n", encoding="utf-8")
    sync(data_dir, hash_embedder, b)
    assert set(texts(data_dir, hash_embedder)) == {old_2024, new_2025}
    (b / "plan.md").unlink()
    sync(data_dir, hash_embedder, b)
    assert texts(data_dir, hash_embedder) == [old_2024]


def test_folder_that_vanished_is_forgotten(
    tmp_path: Path, tiny_dir: Path, data_dir: Path, hash_embedder: HashEmbeddings
) -> None:
    sync(data_dir, hash_embedder, tiny_dir)
    shutil.rmtree(tiny_dir)
    report = sync(data_dir, hash_embedder, tiny_dir)
    assert len(report.removed) == 4 and report.total_chunks == 0
    with pytest.raises(IngestError, match="no such file or folder"):
        Ingester(data_dir, hash_embedder).sync([tmp_path / "never-synced"])


def test_hidden_and_unsupported_files_are_skipped(
    tiny_dir: Path, data_dir: Path, hash_embedder: HashEmbeddings
) -> None:
    (tiny_dir / ".draft.md").write_text("# 草稿\n\n不应入库。\n", encoding="utf-8")
    (tiny_dir / ".git").mkdir()
    (tiny_dir / ".git" / "notes.md").write_text("# 内部\n\n不应入库。\n", encoding="utf-8")
    (tiny_dir / "slides.pptx").write_bytes(b"PK\x03\x04")  # .jpg is read by OCR now
    report = sync(data_dir, hash_embedder, tiny_dir)
    assert len(report.added) == 4 and not report.failed
    assert not any("不应入库" in t for t in texts(data_dir, hash_embedder))


def test_progress_reports_each_file(tiny_dir: Path, data_dir: Path, hash_embedder: HashEmbeddings) -> None:
    calls: list[tuple[int, int, str]] = []
    Ingester(data_dir, hash_embedder).sync([tiny_dir], progress=lambda *a: calls.append(a))
    assert [(n, total) for n, total, _ in calls] == [(n, 4) for n in range(1, 5)]
    assert {name for *_, name in calls} == {p.name for p in tiny_dir.iterdir()}


def test_incremental_sync_of_many_files_matches_a_fresh_build(
    tmp_path: Path, data_dir: Path, hash_embedder: HashEmbeddings
) -> None:
    """Files are embedded and written in batches; across edits, deletions and additions spanning
    several batches (two same-named folders among them) the index must equal one built afresh."""
    rng = random.Random(5)
    roots = [tmp_path / "2024" / "records", tmp_path / "2025" / "records"]
    for root in roots:
        root.mkdir(parents=True)

    def write(path: Path, version: int) -> None:
        # Earlier sections stay as they were, so an edit keeps some chunk IDs and changes others.
        sections = [
            f"## 第{n}项\n\n{path.parent.parent.name}年{path.stem}记录，抽样{n * 3}份。"
            for n in range(1, rng.randint(1, 3) + 1)
        ]
        sections.append(f"## 修订\n\n第{version}版，{rng.choice(['已整改', '待验证', '已关闭'])}。")
        path.write_text(f"# {path.stem}\n\n" + "\n\n".join(sections) + "\n", encoding="utf-8")

    files = [root / f"r{i:03d}.md" for root in roots for i in range(60)]
    for path in files:
        write(path, 1)
    first = sync(data_dir, hash_embedder, *roots)
    assert len(first.added) == len(files)
    for round_ in range(2, 4):
        for path in rng.sample(files, 25):
            if path.exists() and rng.random() < 0.3:
                path.unlink()
            else:
                write(path, round_)
        sync(data_dir, hash_embedder, *roots)
        fresh = tmp_path / f"fresh-{round_}"
        sync(fresh, hash_embedder, *roots)
        assert chroma_ids(data_dir, hash_embedder) == chroma_ids(fresh, hash_embedder)
        assert sorted(texts(data_dir, hash_embedder)) == sorted(texts(fresh, hash_embedder))


def test_second_ingest_of_a_busy_folder_stops_and_changes_nothing(
    tiny_dir: Path, data_dir: Path, hash_embedder: HashEmbeddings
) -> None:
    sync(data_dir, hash_embedder, tiny_dir)
    before = chroma_ids(data_dir, hash_embedder)
    (tiny_dir / "extra.md").write_text("# 补充\n\n内审员每年参加一次培训。\n", encoding="utf-8")
    # Another process holds the ingest lock, as a running `auditprep ingest` would.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from filelock import FileLock; "
            "lock = FileLock(sys.argv[1]); lock.acquire(); print('held', flush=True); time.sleep(60)",
            str(data_dir / "ingest.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(IndexBusyError, match="Another ingest is writing to"):
            Ingester(data_dir, hash_embedder).sync([tiny_dir])
        assert chroma_ids(data_dir, hash_embedder) == before
    finally:
        holder.kill()
        holder.wait()
    report = sync(data_dir, hash_embedder, tiny_dir)  # the lock dies with its process
    assert report.added == ["tiny/extra.md"]
