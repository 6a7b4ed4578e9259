"""Hostile input: whatever an audit team's folder holds, an ingest reports the bad file by name,
never crashes, hangs or loses a document, and leaves Chroma IDs == BM25 IDs == manifest IDs.

Every hostile file is generated in tmp_path next to two good documents; each test checks that
the good documents are indexed exactly as they are without the hostile one (same chunk IDs).
Real Chroma, real BM25, the hash embedder.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import ingest.chunking
import ingest.discovery
import ingest.sync
from assistant.retrieval.hybrid import HybridRetriever
from ingest.chunking import MarkdownChunker
from ingest.embedders import HashEmbeddings
from ingest.generation import read_generation
from ingest.lexical import LexicalIndex
from ingest.limits import DEFAULT_MAX_CHUNKS_PER_FILE, DEFAULT_MAX_TEXT_CHARS, MB, IngestLimits
from ingest.loaders import load_file
from ingest.sanitize import clean_text, legacy_reading, printable_name
from ingest.sync import Ingester, Manifest, SyncReport
from ingest.text import approx_tokens
from ingest.vectorstore import ChromaStore

GOOD = {
    "licensing.md": "# 行政审批科职责\n\n行政审批科负责受理行政许可申请，法定时限为20个工作日。\n",
    "records.md": "# Records Office\n\nThe Records Office keeps the loan register and checks it monthly.\n",
}
GOOD_SOURCES = {f"kb/{name}" for name in GOOD}
REPO = Path(__file__).resolve().parents[2]


def make_kb(base: Path) -> Path:
    kb = base / "kb"
    kb.mkdir(parents=True)
    for name, text in GOOD.items():
        (kb / name).write_text(text, encoding="utf-8")
    return kb


def store_of(data_dir: Path) -> ChromaStore:
    return ChromaStore.open(data_dir, None, "hash", 256)


def consistent_ids(data_dir: Path) -> set[str]:
    """Chroma IDs, which must equal the BM25 IDs and the IDs the manifest records."""
    chroma = store_of(data_dir).all_ids()
    lexical = LexicalIndex.load(data_dir / "lexical")
    assert sorted(lexical.ids) == sorted(chroma)
    assert Manifest(data_dir / "manifest.json").chunk_ids() == chroma
    return chroma


def good_ids(data_dir: Path) -> set[str]:
    store = store_of(data_dir)
    return {i for source in GOOD_SOURCES for i in store.ids_for_source(source)}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Chunk IDs of the good documents indexed on their own (same folder name, same sources)."""
    base = tmp_path_factory.mktemp("reference")
    report = Ingester(base / "data", HashEmbeddings()).sync([make_kb(base)])
    assert report.counts()["added"] == 2
    return good_ids(base / "data")


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return make_kb(tmp_path)


def run_sync(
    tmp_path: Path,
    kb: Path,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    max_chunks_per_file: int = DEFAULT_MAX_CHUNKS_PER_FILE,
) -> SyncReport:
    ingester = Ingester(tmp_path / "data", HashEmbeddings(), max_text_chars=max_text_chars)
    ingester.limits = IngestLimits(max_text_chars=max_text_chars, max_chunks_per_file=max_chunks_per_file)
    return ingester.sync([kb])


def assert_good_documents_intact(tmp_path: Path, reference: set[str]) -> set[str]:
    ids = consistent_ids(tmp_path / "data")
    assert good_ids(tmp_path / "data") == reference
    return ids


def failure_for(report: SyncReport, path: Path) -> str:
    """The reason reported for ``path``; the report must name the file."""
    reasons = {p: r for p, r in report.failed}
    assert printable_name(str(path)) in reasons, report.failed
    return reasons[printable_name(str(path))]


def all_texts(data_dir: Path) -> list[str]:
    return [c.text for c in store_of(data_dir).iter_all()]


# --- size and time ------------------------------------------------------------------------------


def test_file_over_the_size_limit_is_skipped_unread(
    tmp_path: Path, kb: Path, reference: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    big = kb / "dump.txt"
    with big.open("wb") as handle:  # one line, just over 50 MB
        handle.write(b"word " * (10 * MB + 1))
    read: list[Path] = []
    real_sha = ingest.sync.file_sha256

    def hashing(path: Path) -> str:
        read.append(path)
        return real_sha(path)

    monkeypatch.setattr(ingest.sync, "file_sha256", hashing)
    report = run_sync(tmp_path, kb)
    reason = failure_for(report, big)
    assert "over the limit of 50.0 MB" in reason and "AUDITPREP_MAX_FILE_BYTES" in reason
    assert big not in read  # refused on its size, not after hashing 50 MB
    assert_good_documents_intact(tmp_path, reference)


def test_text_over_the_length_limit_is_skipped_before_chunking(
    tmp_path: Path, kb: Path, reference: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = kb / "long.md"
    path.write_text("# 长文\n\n" + "受理登记。" * 400, encoding="utf-8")
    measured = count_measured_characters(monkeypatch)
    report = run_sync(tmp_path, kb, max_text_chars=1_000)
    reason = failure_for(report, path)
    assert "2,006 characters long, over the limit of 1,000" in reason and "AUDITPREP_MAX_TEXT_CHARS" in reason
    assert measured[0] < 1_000  # only the good documents were chunked
    assert_good_documents_intact(tmp_path, reference)


def test_limits_are_checked_when_the_ingester_is_built() -> None:
    with pytest.raises(ValueError, match="max_chunks_per_file must be a positive integer"):
        Ingester(Path("unused"), HashEmbeddings(), max_chunks_per_file=0)
    with pytest.raises(ValueError, match="max_file_bytes"):
        IngestLimits(max_file_bytes=True)


def count_measured_characters(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make the chunker's approx_tokens record how many characters it is asked to measure."""
    measured = [0]

    def counting(text: str) -> int:
        measured[0] += len(text)
        return approx_tokens(text)

    monkeypatch.setattr(ingest.chunking, "approx_tokens", counting)
    return measured


@pytest.mark.parametrize(
    "unit",
    [
        pytest.param("clause 12 of the register ", id="English words"),
        pytest.param("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo", id="no spaces (base64)"),
        pytest.param("审核组抽查 case files 的办理时限 ", id="Chinese and English"),
    ],
)
def test_two_megabyte_line_is_chunked_in_linear_time(
    tmp_path: Path, kb: Path, monkeypatch: pytest.MonkeyPatch, unit: str
) -> None:
    """The chunker alone (embedding 2 MB with the hash embedder's jieba takes half a minute;
    the Chinese test below runs a whole sync)."""
    path = kb / "line.txt"
    path.write_text((unit * (2 * MB // len(unit) + 1))[: 2 * MB], encoding="utf-8")
    document = load_file(path, kb)
    chunker = Ingester(tmp_path / "data", HashEmbeddings()).chunker
    measured = count_measured_characters(monkeypatch)
    chunks = chunker.split(document)
    # Re-measuring growing prefixes (the old quadratic cut) measured ~1,000x the text.
    assert measured[0] < 40 * len(document.page_content)
    assert max(len(c.text) for c in chunks) <= chunker.max_chars
    assert max(approx_tokens(c.text) for c in chunks) <= chunker.max_tokens
    assert "".join(c.text for c in chunks).replace(" ", "") == document.page_content.replace(" ", "")


def test_unpunctuated_chinese_line_is_skipped_by_default_and_indexed_under_a_raised_limit(
    tmp_path: Path, kb: Path, reference: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    line = "审核组抽查行政许可案卷办理时限" * (5 * MB // 45)  # 5 MB of UTF-8, not one stop
    path = kb / "scan.txt"
    path.write_text(line, encoding="utf-8")
    measured = count_measured_characters(monkeypatch)
    started = time.perf_counter()
    report = run_sync(tmp_path, kb)
    assert "over the limit of 5,000 per file" in failure_for(report, path)
    assert "AUDITPREP_MAX_CHUNKS_PER_FILE" in failure_for(report, path)
    assert measured[0] < 40 * len(line)
    assert time.perf_counter() - started < 120  # was hours: 200k characters took 19 s
    assert_good_documents_intact(tmp_path, reference)

    smaller = line[: len(line) // 4]  # a quarter keeps the test short; the chunker is the same
    path.write_text(smaller, encoding="utf-8")
    report = run_sync(tmp_path, kb, max_chunks_per_file=20_000)
    assert report.failed == [] and report.added == ["kb/scan.txt"]
    pieces = store_of(tmp_path / "data").get_where({"source": "kb/scan.txt"})
    pieces.sort(key=lambda c: int(c.metadata["position"]))
    assert "".join(c.text for c in pieces) == smaller  # nothing lost or doubled at the cuts
    assert_good_documents_intact(tmp_path, reference)


def test_one_hundred_thousand_headings_are_refused_by_the_chunk_limit(
    tmp_path: Path, kb: Path, reference: set[str]
) -> None:
    path = kb / "outline.md"
    path.write_text("".join(f"# 第{n}节\n\n内容{n}。\n\n" for n in range(100_000)), encoding="utf-8")
    report = run_sync(tmp_path, kb)
    assert "100,000 chunks, over the limit of 5,000" in failure_for(report, path)
    assert_good_documents_intact(tmp_path, reference)


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<div>" * 10_000 + "最深处的段落" + "</div>" * 10_000, id="10k nested div"),
        pytest.param("<b>字 " * 10_000 + "最深处的段落", id="10k unclosed inline"),
        pytest.param("<ul><li>" * 5_000 + "最深处的段落", id="5k nested lists"),
    ],
)
def test_deeply_nested_html_is_indexed_in_bounded_time(
    tmp_path: Path, kb: Path, reference: set[str], html: str
) -> None:
    (kb / "deep.html").write_text(f"<html><body>{html}</body></html>", encoding="utf-8")
    started = time.perf_counter()
    report = run_sync(tmp_path, kb)
    assert time.perf_counter() - started < 120  # 20,000 inline tags took 26 s in the loader alone
    assert report.failed == [] and "kb/deep.html" in report.added
    assert any("最深处的段落" in t for t in all_texts(tmp_path / "data"))
    assert_good_documents_intact(tmp_path, reference)


def test_heading_line_of_spaces_does_not_backtrack(tmp_path: Path, kb: Path, reference: set[str]) -> None:
    (kb / "spaces.md").write_text("# 标题" + " " * 60_000 + "尾\n\n正文一句。\n", encoding="utf-8")
    started = time.perf_counter()
    report = run_sync(tmp_path, kb)
    assert time.perf_counter() - started < 60  # the lazy heading pattern was quadratic here
    assert "kb/spaces.md" in report.added
    assert_good_documents_intact(tmp_path, reference)


# --- content ------------------------------------------------------------------------------------


def test_yaml_alias_bomb_is_refused_naming_the_file(tmp_path: Path, kb: Path, reference: set[str]) -> None:
    lines = ['a: &a ["审核","审核","审核","审核","审核","审核","审核","审核","审核"]']
    for name, previous in zip("bcdefgh", "abcdefg", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    lines.append("title: [" + ",".join(["*h"] * 9) + "]")
    path = kb / "bomb.md"
    path.write_text("---\n" + "\n".join(lines) + "\n---\n# 正文\n\n一句话。\n", encoding="utf-8")
    assert path.stat().st_size < 600
    started = time.perf_counter()
    report = run_sync(tmp_path, kb)
    assert time.perf_counter() - started < 60
    reason = failure_for(report, path)
    assert "front matter is refused" in reason and "alias *a" in reason
    assert_good_documents_intact(tmp_path, reference)


@pytest.mark.parametrize(
    ("front_matter", "accepted"),
    [
        ("title: 审核计划\naliases: [计划, plan]", True),
        ("title: &t 审核计划", True),  # an anchor alone repeats nothing
        ("title: 审核计划\ndate: 2024-05-01", True),
        ("base: &b {x: 1}\ntitle: *b", False),
        ("list: &l [1]\nmerge:\n  <<: *l", False),
        ("title: " + "[" * 5_000 + "]" * 5_000, False),  # too deep for the parser: an error
        ("title: x\n" + "k: v\n" * 30_000, False),  # far more than metadata needs
    ],
)
def test_front_matter_forms(tmp_path: Path, kb: Path, front_matter: str, accepted: bool) -> None:
    path = kb / "doc.md"
    path.write_text(f"---\n{front_matter}\n---\n# 正文\n\n一句话。\n", encoding="utf-8")
    report = run_sync(tmp_path, kb)
    if accepted:
        assert report.failed == [] and "kb/doc.md" in report.added
    else:
        assert "front matter" in failure_for(report, path)
    consistent_ids(tmp_path / "data")


def test_nul_bytes_after_the_first_4_kb_are_removed(tmp_path: Path, kb: Path, reference: set[str]) -> None:
    body = "受理窗口登记申请材料。" * 600
    (kb / "nul.txt").write_bytes(body.encode() + b"\x00\x00\x07tail\x00 \x1b[0mtext\x00")
    report = run_sync(tmp_path, kb)
    assert "kb/nul.txt" in report.added
    texts = all_texts(tmp_path / "data")
    assert not any(ch in t for t in texts for ch in "\x00\x07\x1b")
    assert any("tail [0mtext" in t for t in texts)
    assert_good_documents_intact(tmp_path, reference)


def test_binary_file_named_txt_is_still_refused(tmp_path: Path, kb: Path, reference: set[str]) -> None:
    path = kb / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    assert "binary file" in failure_for(run_sync(tmp_path, kb), path)
    assert_good_documents_intact(tmp_path, reference)


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("a\x00b", "ab"),
        ("tab\tnew\nline\fpage\vvt", "tab\tnew\nline\fpage\vvt"),  # separators stay
        ("bell\x07 esc\x1b del\x7f c1\x85", "bell esc del c1"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("审核\u200b零宽", "审核\u200b零宽"),  # a format character is text, not control
        ("", ""),
    ],
)
def test_clean_text_forms(text: str, cleaned: str) -> None:
    assert clean_text(text) == cleaned


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "printable", "gbk"),
    [
        (b"\xb0\xec\xb9\xab\xca\xd2.md", "\\xb0\\xec\\xb9\\xab\\xca\\xd2.md", "办公室.md"),
        (b"line\nbreak.md", "line\\nbreak.md", None),
        (b"tab\tand\rreturn.md", "tab\\tand\\rreturn.md", None),
        (b"\xff\xfe.md", "\\xff\\xfe.md", None),  # not GB18030 either
        ("普通文件.md".encode(), "普通文件.md", None),  # valid UTF-8 is left alone
        (b"plain.md", "plain.md", None),
    ],
)
def test_printable_name_forms(raw: bytes, printable: str, gbk: str | None) -> None:
    name = os.fsdecode(raw)
    assert printable_name(name) == printable
    assert printable_name(f"/kb/sub/{name}") == f"/kb/sub/{printable}"  # other parts unchanged
    assert legacy_reading(name) == gbk


@pytest.mark.parametrize(
    "raw",
    [b"\xb0\xec\xb9\xab\xca\xd2.md", b"line\nbreak.md", b"\xff\xfe.md", b"\xe5\xa4\x87\xb0.txt"],
)
def test_file_names_that_are_not_utf8_or_hold_newlines_are_indexed_stably(
    tmp_path: Path, kb: Path, reference: set[str], raw: bytes
) -> None:
    # Enough files for a batch to be written before the odd name: the old crash then left
    # Chroma and BM25 out of step for good.
    for n in range(70):
        (kb / f"r{n:02d}.md").write_text(f"# 记录{n}\n\n第{n}份记录抽样三份。\n", encoding="utf-8")
    path = os.fsencode(kb) + b"/" + raw
    with open(path, "wb") as handle:
        handle.write("# 办公室职责\n\n办公室负责公文处理和督办。\n".encode())
    report = run_sync(tmp_path, kb)
    source = f"kb/{printable_name(os.fsdecode(raw))}"
    assert report.failed == [] and source in report.added
    assert any("not UTF-8 or control characters" in reason for _, reason in report.warnings)
    if raw.startswith(b"\xb0"):
        assert "In GBK it reads 办公室.md" in report.warnings[0][1]
    store = store_of(tmp_path / "data")
    assert store.ids_for_source(source)
    json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")  # printable all the way
    before = assert_good_documents_intact(tmp_path, reference)
    again = run_sync(tmp_path, kb)  # the escaped key is stable: nothing to do
    assert again.counts()["unchanged"] == 73 and again.chunks_written == 0
    assert consistent_ids(tmp_path / "data") == before


def remove_tree(top: Path) -> None:
    """Delete a folder of any depth: shutil.rmtree (and so pytest's clean-up of old temporary
    folders, shared by every test run on the machine) recurses and fails at ~1,000 levels."""
    folders, pending = [], [top]
    while pending:
        folder = pending.pop()
        folders.append(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                else:
                    os.unlink(entry.path)
    for folder in reversed(folders):
        os.rmdir(folder)


def test_folder_1200_levels_deep_is_walked(tmp_path: Path, kb: Path, reference: set[str]) -> None:
    folder = kb / "deep"
    folder.mkdir()
    try:
        for _ in range(1200):
            folder = folder / "d"
            folder.mkdir()  # os.makedirs itself recurses too deep here
        (folder / "bottom.md").write_text("# 最深处\n\n最深处的文件也要入库。\n", encoding="utf-8")
        report = run_sync(tmp_path, kb)
        deep = [source for source in report.added if source.endswith("/bottom.md")]
        assert report.failed == [] and len(deep) == 1 and deep[0].split("/").count("d") == 1200
        assert any("最深处的文件" in t for t in all_texts(tmp_path / "data"))
        assert_good_documents_intact(tmp_path, reference)
    finally:
        remove_tree(kb / "deep")


# --- symlinks and unreadable entries -------------------------------------------------------------


def link_inside_file(kb: Path, outside: Path) -> str | None:
    (kb / "sub").mkdir()
    (kb / "sub" / "real.md").write_text("# 真实\n\n真实文件内容。\n", encoding="utf-8")
    os.symlink(kb / "sub" / "real.md", kb / "alias.md")
    return None


def link_outside_file(kb: Path, outside: Path) -> str | None:
    os.symlink(outside / "secret.md", kb / "secret.md")
    return "symlink to outside the folder"


def link_etc_passwd(kb: Path, outside: Path) -> str | None:
    os.symlink("/etc/passwd", kb / "passwd.txt")
    return "symlink to outside the folder"


def link_outside_folder(kb: Path, outside: Path) -> str | None:
    os.symlink(outside, kb / "elsewhere")
    return "symlink to outside the folder"


def link_relative_escape(kb: Path, outside: Path) -> str | None:
    os.symlink("../outside/secret.md", kb / "relative.md")
    return "symlink to outside the folder"


def link_loop_of_folders(kb: Path, outside: Path) -> str | None:
    (kb / "inner").mkdir()
    os.symlink(kb, kb / "loop")
    os.symlink("..", kb / "inner" / "back")
    return None  # not followed: the folders are walked under their own names


def link_up_and_out(kb: Path, outside: Path) -> str | None:
    os.symlink("..", kb / "up")
    return "symlink to outside the folder"


def link_loop_of_files(kb: Path, outside: Path) -> str | None:
    os.symlink(kb / "b.md", kb / "a.md")
    os.symlink(kb / "a.md", kb / "b.md")
    return "broken symlink"


def link_dangling(kb: Path, outside: Path) -> str | None:
    os.symlink(kb / "gone.md", kb / "dangling.md")
    return "broken symlink"


def fifo_named_txt(kb: Path, outside: Path) -> str | None:
    os.mkfifo(kb / "pipe.txt")  # opening it for reading would block forever
    return "not a regular file"


@pytest.mark.parametrize(
    "make",
    [
        link_inside_file, link_outside_file, link_etc_passwd, link_outside_folder, link_relative_escape,
        link_loop_of_folders, link_up_and_out, link_loop_of_files, link_dangling, fifo_named_txt,
    ],
)
def test_symlink_and_special_file_forms(
    tmp_path: Path, kb: Path, reference: set[str], make: Callable[[Path, Path], str | None]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# 机密\n\n文件夹之外的机密内容。\n", encoding="utf-8")
    expected = make(kb, outside)
    report = run_sync(tmp_path, kb)
    texts = all_texts(tmp_path / "data")
    assert not any("机密内容" in t or "root:" in t for t in texts)
    if expected:
        assert report.failed and all(expected in reason for _, reason in report.failed), report.failed
    else:
        assert report.failed == []
    if make is link_inside_file:
        assert {"kb/alias.md", "kb/sub/real.md"} <= set(report.added)
    assert_good_documents_intact(tmp_path, reference)


def make_unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000, or (as root, which reads anything) a read that fails as chmod 000 would."""
    if os.geteuid() != 0:
        path.chmod(0)
        return
    if path.is_dir():
        real_scandir = os.scandir

        def scandir(folder: Path | str = ".") -> object:
            if Path(folder) == path:
                raise PermissionError(13, "Permission denied", str(folder))
            return real_scandir(folder)

        monkeypatch.setattr(ingest.discovery.os, "scandir", scandir)
        return
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_unreadable_file_and_folder_are_reported_and_keep_their_chunks(
    tmp_path: Path, kb: Path, reference: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (kb / "locked").mkdir()
    (kb / "locked" / "inner.md").write_text("# 内部\n\n上锁文件夹里的文件。\n", encoding="utf-8")
    (kb / "secret.md").write_text("# 保密\n\n一份上锁的文件。\n", encoding="utf-8")
    run_sync(tmp_path, kb)
    before = consistent_ids(tmp_path / "data")
    make_unreadable(kb / "secret.md", monkeypatch)
    make_unreadable(kb / "locked", monkeypatch)
    try:
        report = run_sync(tmp_path, kb)
    finally:
        (kb / "secret.md").chmod(0o644)
        (kb / "locked").chmod(0o755)
    assert "Permission denied" in failure_for(report, kb / "secret.md")
    assert "folder cannot be read" in failure_for(report, kb / "locked")
    assert report.removed == []  # what they held before stays
    assert consistent_ids(tmp_path / "data") == before
    assert_good_documents_intact(tmp_path, reference)


# --- failures while writing ----------------------------------------------------------------------


def test_an_unexpected_error_in_one_file_is_reported_and_the_sync_goes_on(
    tmp_path: Path, kb: Path, reference: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (kb / "odd.md").write_text("# 特殊\n\n触发解析缺陷的文件。\n", encoding="utf-8")
    real_split = MarkdownChunker.split

    def split(self: MarkdownChunker, document: object) -> object:
        if "触发" in document.page_content:  # type: ignore[attr-defined]
            raise RecursionError("maximum recursion depth exceeded")
        return real_split(self, document)  # type: ignore[arg-type]

    monkeypatch.setattr(MarkdownChunker, "split", split)
    report = run_sync(tmp_path, kb)
    assert "cannot be parsed (RecursionError" in failure_for(report, kb / "odd.md")
    assert_good_documents_intact(tmp_path, reference)


class FlakyEmbeddings(HashEmbeddings):
    """Fails on any batch that holds a poisoned passage, as a model might on odd input."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if any("POISON" in t for t in texts):
            raise RuntimeError("the model choked")
        return super().embed_documents(texts)


def test_a_failed_batch_is_retried_file_by_file_and_the_index_stays_consistent(
    tmp_path: Path, kb: Path, reference: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    for n in range(30):
        (kb / f"r{n:02d}.md").write_text(f"# 记录{n}\n\n第{n}份记录。\n", encoding="utf-8")
    Ingester(data, HashEmbeddings()).sync([kb])
    old_r05 = store_of(data).ids_for_source("kb/r05.md")
    (kb / "r05.md").write_text("# 记录5\n\nPOISON 第5份记录改了。\n", encoding="utf-8")
    (kb / "r06.md").write_text("# 记录6\n\n第6份记录改了。\n", encoding="utf-8")
    # And a write that fails halfway: the first page reaches Chroma, then the store raises.
    real_upsert = ChromaStore.upsert

    def half_upsert(self: ChromaStore, chunks: list[Any], vectors: list[Any]) -> None:
        if any("半途" in c.text for c in chunks):
            real_upsert(self, chunks[:1], vectors[:1])
            raise RuntimeError("disk hiccup")
        real_upsert(self, chunks, vectors)

    monkeypatch.setattr(ChromaStore, "upsert", half_upsert)
    second_section = "## 第二节\n\n" + "更多内容。" * 80
    (kb / "r07.md").write_text(f"# 记录7\n\n写到半途失败。\n\n{second_section}", encoding="utf-8")
    report = Ingester(data, FlakyEmbeddings()).sync([kb])
    assert "the model choked" in failure_for(report, kb / "r05.md")
    assert "disk hiccup" in failure_for(report, kb / "r07.md")
    assert report.updated == ["kb/r06.md"]
    ids = assert_good_documents_intact(tmp_path, reference)
    assert store_of(data).ids_for_source("kb/r05.md") == old_r05  # the old version stays
    assert not any("半途" in t for t in all_texts(data))  # the half-written chunk was removed
    monkeypatch.setattr(ChromaStore, "upsert", real_upsert)
    (kb / "r05.md").write_text("# 记录5\n\n第5份记录改了。\n", encoding="utf-8")
    assert Ingester(data, HashEmbeddings()).sync([kb]).failed == []
    fresh = tmp_path / "fresh"
    Ingester(fresh, HashEmbeddings()).sync([kb])
    assert consistent_ids(data) == consistent_ids(fresh) != ids


def test_chunks_missing_from_chroma_are_embedded_again(tmp_path: Path, kb: Path, reference: set[str]) -> None:
    run_sync(tmp_path, kb)
    store = store_of(tmp_path / "data")
    store.delete(sorted(store.ids_for_source("kb/records.md")))  # lost behind our back
    report = run_sync(tmp_path, kb)
    assert report.updated == ["kb/records.md"]
    assert_good_documents_intact(tmp_path, reference)


def test_a_damaged_manifest_starts_over_instead_of_blocking_every_sync(
    tmp_path: Path, kb: Path, reference: set[str]
) -> None:
    run_sync(tmp_path, kb)
    (tmp_path / "data" / "manifest.json").write_text('{"roots": [', encoding="utf-8")
    report = run_sync(tmp_path, kb)
    assert sorted(report.added) == sorted(GOOD_SOURCES)  # embedded again, same IDs
    assert_good_documents_intact(tmp_path, reference)


# --- generations and readers ----------------------------------------------------------------------


def test_each_completed_sync_publishes_a_new_generation(tmp_path: Path, kb: Path) -> None:
    data = tmp_path / "data"
    assert read_generation(data) == 0
    assert run_sync(tmp_path, kb).generation == read_generation(data) == 1
    assert run_sync(tmp_path, kb).generation == read_generation(data) == 2
    (kb / "extra.md").write_text("# 补充\n\n内审员每年培训一次。\n", encoding="utf-8")
    run_sync(tmp_path, kb)
    assert read_generation(data) == 3
    assert LexicalIndex.load(data / "lexical").generation == 3
    # The previous generation stays for readers that are loading it; older ones go.
    assert sorted(p.name for p in (data / "lexical").glob("gen-*")) == ["gen-000002", "gen-000003"]
    (data / "generation.json").write_text("{broken", encoding="utf-8")
    assert read_generation(data) == 0
    assert run_sync(tmp_path, kb).generation == 4  # continues after the lexical generation


def test_index_written_before_generations_is_still_read_and_replaced(tmp_path: Path, kb: Path) -> None:
    data = tmp_path / "data"
    run_sync(tmp_path, kb)
    lexical = data / "lexical"
    # Lay the index out as before generations: table.json and bm25/ in the folder itself.
    current = lexical / "gen-000001"
    (current / "table.json").rename(lexical / "table.json")
    (current / "bm25").rename(lexical / "bm25")
    (current / "texts.json").unlink()  # that layout kept no passage texts: readers ask Chroma
    current.rmdir()
    (lexical / "current.json").unlink()
    (data / "generation.json").unlink()
    assert len(LexicalIndex.load(lexical)) == len(store_of(data).all_ids())
    assert HybridRetriever.open(data, HashEmbeddings()).search("行政许可", k=1)
    run_sync(tmp_path, kb)
    run_sync(tmp_path, kb)
    assert not (lexical / "table.json").exists() and not (lexical / "bm25").exists()
    consistent_ids(data)


def test_a_reader_during_a_sync_sees_the_last_complete_generation(tmp_path: Path, kb: Path) -> None:
    data = tmp_path / "data"
    for n in range(80):
        (kb / f"r{n:02d}.md").write_text(f"# 记录{n}\n\n第{n}份记录，初版。\n", encoding="utf-8")
    run_sync(tmp_path, kb)
    first_ids = consistent_ids(data)
    for n in range(80):
        (kb / f"r{n:02d}.md").write_text(f"# 记录{n}\n\n第{n}份记录，修订版。\n", encoding="utf-8")
    seen: list[tuple[int, int, set[str], bool]] = []

    def look(done: int, total: int, name: str) -> None:
        if done in (70, 82):  # a batch of new versions is in Chroma by now
            lexical = LexicalIndex.load(data / "lexical")
            in_chroma = store_of(data).existing_ids(lexical.ids)
            hits = HybridRetriever.open(data, HashEmbeddings()).search("第3份记录 初版", k=3, mode="bm25")
            seen.append((read_generation(data), lexical.generation, in_chroma, bool(hits)))

    report = Ingester(data, HashEmbeddings()).sync([kb], progress=look)
    assert len(seen) == 2
    for generation, lexical_generation, in_chroma, found in seen:
        assert generation == lexical_generation == 1
        assert in_chroma == first_ids  # nothing the old generation names was deleted yet
        assert found
    assert report.generation == read_generation(data) == 2
    assert consistent_ids(data).isdisjoint(first_ids - good_ids(data))  # old versions are gone


KILLED_INGEST = """
import os, signal, sys, time
from pathlib import Path
from typing import Any
from ingest.embedders import HashEmbeddings
from ingest.vectorstore import ChromaStore
from ingest.sync import Ingester

data, kb, point = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

import ingest.lexical
write_json_atomic = ingest.lexical.write_json_atomic

def write_unless_pointer(path, payload):
    if path.name == "current.json":
        die()  # the new generation's files are written; the switch never happens
    write_json_atomic(path, payload)

if point == "before-bm25-switch":
    ingest.lexical.write_json_atomic = write_unless_pointer
elif point == "before-deletes":
    ChromaStore.delete = die  # the generation is published; stale chunks are still in Chroma

def progress(done, total, name):
    print(done, flush=True)
    if point == "mid-batches" and done == 120:
        time.sleep(60)  # edited files' batches are written, nothing deleted: kill here

Ingester(data, HashEmbeddings()).sync([kb], progress=progress)
"""


@pytest.mark.parametrize("point", ["mid-batches", "before-bm25-switch", "before-deletes"])
def test_an_ingest_killed_at_any_point_is_repaired_by_the_next(tmp_path: Path, kb: Path, point: str) -> None:
    data = tmp_path / "data"
    for n in range(150):
        (kb / f"r{n:03d}.md").write_text(f"# 记录{n}\n\n第{n}份记录，初版。\n", encoding="utf-8")
    Ingester(data, HashEmbeddings()).sync([kb])
    for n in range(0, 150, 2):  # edit half, delete some, add some: stale chunks to clean up
        (kb / f"r{n:03d}.md").write_text(f"# 记录{n}\n\n第{n}份记录，修订版。\n", encoding="utf-8")
    for n in range(1, 40, 6):
        (kb / f"r{n:03d}.md").unlink()
    for n in range(150, 190):
        (kb / f"r{n:03d}.md").write_text(f"# 记录{n}\n\n新增的第{n}份记录。\n", encoding="utf-8")
    script = tmp_path / "killed_ingest.py"
    script.write_text(KILLED_INGEST, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, str(script), str(data), str(kb), point], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    if point == "mid-batches":
        for line in child.stdout:
            if int(line) == 120:
                child.send_signal(signal.SIGKILL)
                break
    assert child.wait(timeout=300) == -signal.SIGKILL

    Ingester(data, HashEmbeddings()).sync([kb])
    fresh = tmp_path / "fresh"
    Ingester(fresh, HashEmbeddings()).sync([kb])
    assert consistent_ids(data) == consistent_ids(fresh)
    assert sorted(all_texts(data)) == sorted(all_texts(fresh))
