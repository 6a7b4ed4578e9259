"""Incremental sync of folders into the index.

Re-running changes only what changed: a file whose bytes are unchanged is skipped; an
edited file's chunks are replaced; a deleted file's chunks disappear; switching the embedding
model rebuilds the whole index from every folder ever synced instead of mixing vectors of
two models. A file that cannot be read, breaks a limit (``ingest/limits.py``) or fails in any
other way is reported and skipped; whatever it had in the index before stays, so a corrupt copy
never loses content, and no single file can abort the sync.

Consistency: the manifest records a file only after Chroma holds its chunks; at the end the
BM25 index is rebuilt from the chunks the manifest owns and published as a new generation
(``ingest/generation.py`` says what a reader sees meanwhile), and only then are chunks no
manifest entry owns deleted from Chroma: old versions of edited files, removed files, and
leftovers of a batch that failed or of a sync that was killed. So a completed sync leaves
Chroma IDs == BM25 IDs == manifest IDs, and a sync killed at any point is repaired by the next.

Usage::

    report = Ingester(data_dir, embedder).sync([Path("corpus")])
    print(report.summary())
"""

from __future__ import annotations

import hashlib
import json
import logging
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout
from langchain_core.documents import Document

from ingest.chunking import Chunk, MarkdownChunker
from ingest.discovery import Discovery, discover, walk
from ingest.embedders import AuditPrepEmbeddings
from ingest.errors import IndexBusyError, IndexUnavailableError, IngestError
from ingest.generation import read_generation, write_generation
from ingest.lexical import LexicalIndex, current_generation, write_json_atomic
from ingest.limits import (
    DEFAULT_MAX_CHUNKS_PER_FILE,
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_MAX_TEXT_CHARS,
    IngestLimits,
)
from ingest.loaders import load_file
from ingest.metadata import Declarations, load_declarations, record_declarations
from ingest.sanitize import clean_text, has_undecodable, legacy_reading, printable_name
from ingest.vectorstore import ChromaStore

__all__ = ["Ingester", "Manifest", "SyncReport", "discover", "file_sha256"]

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]


@dataclass
class SyncReport:
    """What a sync did. Paths in ``failed`` and ``warnings`` are printable (names that are not
    UTF-8 are escaped); ``failed`` also holds what discovery skipped, such as symlinks to
    outside the folder."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    chunks_written: int = 0
    chunks_deleted: int = 0
    rebuilt: bool = False
    seconds: float = 0.0
    embed_seconds: float = 0.0
    total_chunks: int = 0
    generation: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "removed": len(self.removed),
            "failed": len(self.failed),
        }

    def summary(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.counts().items())
        extra = " (index rebuilt for a new embedding model)" if self.rebuilt else ""
        return (
            f"Files: {counts}. Chunks written {self.chunks_written}, deleted {self.chunks_deleted}, "
            f"in index {self.total_chunks}. {self.seconds:.1f}s{extra}."
        )

    def to_dict(self) -> dict[str, object]:
        return {
            **self.counts(),
            "files": {
                "added": self.added, "updated": self.updated, "removed": self.removed,
                "failed": [{"path": p, "reason": r} for p, r in self.failed],
                "warnings": [{"path": p, "reason": r} for p, r in self.warnings],
            },
            "chunks_written": self.chunks_written,
            "chunks_deleted": self.chunks_deleted,
            "total_chunks": self.total_chunks,
            "rebuilt": self.rebuilt,
            "generation": self.generation,
            "seconds": round(self.seconds, 3),
        }

    def fail(self, key: str, reason: str) -> None:
        log.warning("Skipped %s: %s", key, reason)
        self.failed.append((key, reason))


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def path_key(path: Path | str) -> str:
    """The manifest key and reported name of a path: the path itself, with bytes that are not
    UTF-8 and control characters escaped (JSON, Chroma and terminals refuse them raw)."""
    return printable_name(str(path))


# Chunks embedded and written together. Many small files (848 paragraphs of CMRC 2018, say)
# otherwise pay a Chroma write, a Chroma read and a manifest write each.
WRITE_BATCH_CHUNKS = 64
LOCK_FILE = "ingest.lock"


@dataclass
class ParsedFile:
    """A new or changed file, chunked and waiting to be embedded and written."""

    key: str
    digest: str
    entry: dict[str, object] | None
    source: str
    chunks: list[Chunk]


class Manifest:
    """What each synced file contributed: its hash and its chunk IDs, plus the folders synced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data: dict[str, object] = {}
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as e:
                # Written with write-then-rename, so only outside damage gets here. Starting over
                # re-embeds the folders named in this sync; stopping would block every sync.
                log.warning("The manifest %s is unreadable (%s); starting a new one.", path, e)
        self.roots: list[str] = list(data.get("roots", []))  # type: ignore[call-overload]
        self.files: dict[str, dict[str, object]] = dict(data.get("files", {}))  # type: ignore[call-overload]
        # Paths ingested with --department, and their department: later syncs keep it.
        self.departments: dict[str, str] = dict(data.get("departments", {}))  # type: ignore[call-overload]

    def save(self) -> None:
        data = {"roots": self.roots, "files": self.files, "departments": self.departments}
        write_json_atomic(self.path, data)

    def department_for(self, path: Path) -> str | None:
        """The --department given for ``path`` or the nearest folder above it, if any."""
        owners = [Path(p) for p in self.departments if path.is_relative_to(Path(p))]
        return self.departments[str(max(owners, key=lambda p: len(p.parts)))] if owners else None

    def chunk_ids(self) -> set[str]:
        """Every chunk ID some file owns."""
        return {str(i) for entry in self.files.values() for i in _entry_ids(entry)}


class Ingester:
    """Syncs files into a ``ChromaStore`` and a ``LexicalIndex`` under ``data_dir``.

    Args:
        data_dir: the index folder (manifest, lexical index, embedded Chroma).
        embedder: the embedding model; its name and dimension are recorded in the store.
        chroma_url: a Chroma server instead of the embedded store.
        chunker: defaults to a ``MarkdownChunker`` sized to the embedder's window.
        lock_timeout: seconds to wait for another ingest of ``data_dir`` to finish before
            raising ``IndexBusyError`` (default: do not wait).
        max_file_bytes, max_text_chars, max_chunks_per_file: per-file limits (see
            ``ingest/limits.py``); a file over one is reported and skipped.

    Raises:
        ValueError: a limit is not a positive integer.
    """

    def __init__(
        self,
        data_dir: Path,
        embedder: AuditPrepEmbeddings,
        chroma_url: str | None = None,
        chunker: MarkdownChunker | None = None,
        lock_timeout: float = 0.0,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
        max_chunks_per_file: int = DEFAULT_MAX_CHUNKS_PER_FILE,
    ) -> None:
        self.data_dir = data_dir
        self.embedder = embedder
        self.chroma_url = chroma_url
        self.lock_timeout = lock_timeout
        self.limits = IngestLimits(max_file_bytes, max_text_chars, max_chunks_per_file)
        # Leave room for the title/heading prefix and tokenizer disagreement.
        self.chunker = chunker or MarkdownChunker(max_tokens=min(320, int(embedder.max_tokens * 0.62)))

    def sync(
        self, paths: Sequence[Path], progress: Progress | None = None, department: str | None = None
    ) -> SyncReport:
        """Bring the index up to date with ``paths``; one ingest per data folder at a time.

        ``department`` (``auditprep ingest PATH --department X``) assigns every file under
        ``paths`` to that department with source ``declared``; it is remembered for later syncs,
        and ``department=""`` forgets it. A folder's ``departments.yaml`` is read before any file
        is written: a malformed one raises ``IngestError`` and changes nothing.

        Raises:
            IndexBusyError: another ingest holds the data folder.
            IngestError: a path given does not exist (and was never synced), or a
                departments.yaml is malformed.
            IndexUnavailableError: Chroma failed; the next sync repairs what this one left.
        """
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # Two ingests interleaving their Chroma writes and manifest saves would leave chunks
        # no manifest knows about; the second one stops at once instead of waiting unseen.
        lock = FileLock(self.data_dir / LOCK_FILE)
        try:
            lock.acquire(timeout=self.lock_timeout)
        except Timeout:
            raise IndexBusyError(
                f"Another ingest is writing to {self.data_dir}. Wait for it to finish and run this "
                "again, or point AUDITPREP_DATA_DIR at another folder."
            ) from None
        try:
            return self._sync(paths, progress, department)
        finally:
            lock.release()

    def _sync(self, paths: Sequence[Path], progress: Progress | None, department: str | None) -> SyncReport:
        started = time.perf_counter()
        report = SyncReport()
        store = ChromaStore.open(self.data_dir, self.chroma_url, self.embedder.name, self.embedder.dimension)
        manifest = Manifest(self.data_dir / "manifest.json")
        wanted = (self.embedder.name, self.embedder.dimension)
        roots = list(dict.fromkeys(_resolve(p) for p in paths))
        built = store.built_with
        if built not in (None, wanted):
            log.warning("Embedding model changed from %s to %s: rebuilding.", built, wanted)
            store.reset()
            roots = list(dict.fromkeys([*_previous_targets(manifest), *roots]))
            manifest.files = {}
            report.rebuilt = True
        elif built is None:
            if store.configured_for != wanted:
                store.reset()  # empty, but Chroma still expects the old model's vector size
            manifest.files = {}  # the store was emptied behind our back: start over
        # Every ID in Chroma now or written below; what no manifest entry owns at the end goes.
        in_store = store.all_ids()
        _forget_lost_chunks(manifest, in_store)

        if department is not None:
            for given in paths:
                if department.strip():
                    manifest.departments[str(given.resolve())] = department.strip()
                else:
                    manifest.departments.pop(str(given.resolve()), None)

        seen: set[str] = set()
        declarations: dict[Path, Declarations] = {}
        jobs: list[tuple[Path, Path]] = []
        vanished: list[Path] = []
        for root_path in roots:
            if not root_path.exists() and _was_synced(manifest, root_path):
                # A synced folder or file that is gone: forget its files below, not fail.
                vanished.append(root_path)
                if path_key(root_path) in manifest.roots:
                    manifest.roots.remove(path_key(root_path))
                continue
            found = walk(root_path)
            declarations.setdefault(found.root, load_declarations(found.root))
            if root_path.is_dir() and path_key(found.root) not in manifest.roots:
                manifest.roots.append(path_key(found.root))
            seen |= _report_discovery(found, manifest, report)
            jobs.extend((found.root, f) for f in found.files)

        pending: list[ParsedFile] = []
        for n, (root, path) in enumerate(jobs, 1):
            seen.add(path_key(path))
            if progress:
                progress(n, len(jobs), printable_name(path.name))
            parsed = self._parse_file(root, path, manifest, report, declarations[root])
            if parsed:
                pending.append(parsed)
            if sum(len(p.chunks) for p in pending) >= WRITE_BATCH_CHUNKS:
                self._write_files(pending, store, manifest, report, in_store)
                pending = []
        if pending:
            self._write_files(pending, store, manifest, report, in_store)

        for root_path in (r for r in roots if r.is_dir() or r in vanished):
            below = Path(path_key(root_path))
            for key in [k for k in manifest.files if Path(k).is_relative_to(below) and k not in seen]:
                report.removed.append(str(manifest.files.pop(key)["source"]))
        manifest.save()
        record_declarations(self.data_dir, declarations)
        self._publish(store, manifest, report, in_store)
        report.seconds = time.perf_counter() - started
        return report

    def _parse_file(
        self, root: Path, path: Path, manifest: Manifest, report: SyncReport, declarations: Declarations
    ) -> ParsedFile | None:
        """The file's chunks when it is new or changed; None when unchanged or skipped. Never
        raises for a problem with the file itself: the report says what went wrong."""
        key = path_key(path)
        override = manifest.department_for(path)
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):  # replaced by a pipe since discovery: reading blocks
                raise IngestError(f"{key}: not a regular file (a pipe, socket or device).")
            self.limits.check_file_size(key, info.st_size)
            # Declarations count as content: editing departments.yaml re-ingests the files.
            digest = declarations.fingerprint(file_sha256(path), override)
            entry = manifest.files.get(key)
            if entry and entry.get("sha256") == digest:
                report.unchanged.append(str(entry["source"]))
                return None
            document = _printable(load_file(path, root))
            declarations.apply(document.metadata, path.relative_to(root), override)
            self.limits.check_text_length(key, len(document.page_content))
            chunks = self.chunker.split(document)
            if not chunks:
                raise IngestError(f"{key}: no text to index after parsing.")
            self.limits.check_chunk_count(key, len(chunks))
        except IngestError as e:
            report.fail(key, printable_name(str(e)).removeprefix(f"{key}: "))
            return None
        except OSError as e:
            report.fail(key, f"cannot be read ({printable_name(e.strerror or str(e))})")
            return None
        except Exception as e:  # a parser bug or an input nobody foresaw: one file, not the sync
            log.debug("Parsing %s failed", key, exc_info=True)
            report.fail(
                key,
                f"cannot be parsed ({type(e).__name__}: {_one_line(e)}). Re-save or convert the file; "
                "if it looks fine, report this error.",
            )
            return None
        source = str(document.metadata["source"])
        if key != str(path):
            report.warnings.append((key, _name_warning(path, root, source)))
            log.warning("%s: %s", key, report.warnings[-1][1])
        return ParsedFile(key, digest, entry, source, chunks)

    def _write_files(
        self,
        batch: list[ParsedFile],
        store: ChromaStore,
        manifest: Manifest,
        report: SyncReport,
        in_store: set[str],
    ) -> None:
        """Embed and write several files' chunks at once, then record them in the manifest.

        The manifest is saved only after Chroma holds the chunks, so a crash in between makes
        the next run embed these files again (upserts by stable ID; nothing is duplicated).
        When a batch fails, its files are written one by one, so only the file at fault is
        reported; chunks of it that reached Chroma are owned by no entry and go at the end.
        """
        try:
            self._embed_and_store(batch, store, report, in_store)
        except Exception as e:
            if not _answers(store):
                raise  # Chroma is down: every further write would fail too
            if len(batch) > 1:
                log.warning("Writing %d files together failed (%s); writing them one by one.", len(batch), e)
                for parsed in batch:
                    self._write_files([parsed], store, manifest, report, in_store)
                return
            log.debug("Writing %s failed", batch[0].key, exc_info=True)
            report.fail(
                batch[0].key,
                f"could not be embedded or stored ({type(e).__name__}: {_one_line(e)}); what it had in "
                "the index before stays. Run the ingest again; if it fails again, report this error.",
            )
            return
        for parsed in batch:
            manifest.files[parsed.key] = {
                "source": parsed.source,
                "sha256": parsed.digest,
                "chunk_ids": sorted(c.chunk_id for c in parsed.chunks),
            }
            (report.updated if parsed.entry else report.added).append(parsed.source)
        manifest.save()

    def _embed_and_store(
        self, batch: list[ParsedFile], store: ChromaStore, report: SyncReport, in_store: set[str]
    ) -> None:
        # Same-named folders can hold identical files, whose chunks get identical IDs (the ID
        # hashes source, position, text and metadata): write each ID once.
        chunks = list({c.chunk_id: c for parsed in batch for c in parsed.chunks}.values())
        embed_started = time.perf_counter()
        vectors = self.embedder.embed_documents([c.embedding_text() for c in chunks])
        report.embed_seconds += time.perf_counter() - embed_started
        if len(vectors) != len(chunks):
            raise IngestError(f"the embedder returned {len(vectors)} vectors for {len(chunks)} chunks")
        in_store.update(c.chunk_id for c in chunks)  # before the write: a partial write counts
        store.upsert(chunks, vectors)
        report.chunks_written += len(chunks)

    def _publish(
        self, store: ChromaStore, manifest: Manifest, report: SyncReport, in_store: set[str]
    ) -> None:
        """Rebuild BM25 from the chunks the manifest owns, publish it as a new generation, then
        delete from Chroma what no file owns (never before: readers still use it)."""
        owned = manifest.chunk_ids()
        lexical_folder = self.data_dir / "lexical"
        generation = max(read_generation(self.data_dir), current_generation(lexical_folder)) + 1
        LexicalIndex(lexical_folder).rebuild(
            (c for c in store.iter_all() if c.chunk_id in owned), generation=generation
        )
        write_generation(self.data_dir, generation)
        orphans = sorted(in_store - owned)
        store.delete(orphans)
        report.chunks_deleted += len(orphans)
        report.generation = generation
        report.total_chunks = store.count()


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError) as e:  # Python 3.11 raises RuntimeError on a symlink loop
        raise IngestError(f"{path_key(path)}: cannot be resolved ({e}). Check it for a symlink loop.") from e


def _report_discovery(found: Discovery, manifest: Manifest, report: SyncReport) -> set[str]:
    """Report what the walk skipped; return the manifest keys to keep as they are (the skipped
    entries, and everything below a folder that could not be listed)."""
    keep: set[str] = set()
    for path, reason in found.skipped:
        keep.add(path_key(path))
        report.fail(path_key(path), printable_name(reason))
    for folder in found.unlisted:
        below = Path(path_key(folder))
        keep.update(k for k in manifest.files if Path(k).is_relative_to(below))
    return keep


def _printable(document: Document) -> Document:
    """The document with control characters removed from its text and its name-derived
    metadata made printable: ``source`` and ``doc_id`` come from the file name, which may hold
    bytes that are not UTF-8 (Chroma refuses them) or a newline (it would break a citation)."""
    meta = dict(document.metadata)
    for key in ("source", "doc_id"):
        meta[key] = printable_name(str(meta.get(key, "")))
    for key, value in meta.items():
        if isinstance(value, str):
            meta[key] = _printable_value(value)
        elif isinstance(value, list):
            meta[key] = [_printable_value(v) if isinstance(v, str) else v for v in value]
    return Document(page_content=clean_text(document.page_content), metadata=meta)


def _printable_value(value: str) -> str:
    # A title taken from a file name that is not UTF-8 keeps its bytes as escapes, like the source.
    return printable_name(value) if has_undecodable(value) else clean_text(value)


def _name_warning(path: Path, root: Path, source: str) -> str:
    """Why a file is indexed under an escaped name, and how it reads in GBK when it does."""
    relative = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    readings = [r for part in relative.parts if (r := legacy_reading(part))]
    hint = (
        f" In GBK it reads {'/'.join(readings)}: rename it to UTF-8 (e.g. convmv -f gbk -t utf-8)."
        if readings
        else ""
    )
    return f"the name holds bytes that are not UTF-8 or control characters; indexed as {source}.{hint}"


def _one_line(error: BaseException) -> str:
    return printable_name(" ".join(str(error).split()))[:300] or type(error).__name__


def _answers(store: ChromaStore) -> bool:
    try:
        store.count()
    except IndexUnavailableError:
        return False
    return True


def _entry_ids(entry: dict[str, object]) -> Iterable[object]:
    ids = entry.get("chunk_ids")
    return ids if isinstance(ids, list) else []


def _forget_lost_chunks(manifest: Manifest, in_store: set[str]) -> None:
    """A manifest entry whose chunks are not all in Chroma (deleted behind our back) loses its
    hash, so that its file is embedded again, and the IDs Chroma lacks."""
    for key, entry in manifest.files.items():
        ids = [str(i) for i in _entry_ids(entry)]
        if any(i not in in_store for i in ids):
            log.warning("Chunks of %s are missing from the index; embedding it again.", key)
            entry["sha256"] = ""
            entry["chunk_ids"] = [i for i in ids if i in in_store]


def _previous_targets(manifest: Manifest) -> list[Path]:
    """Every folder synced before, and every file synced on its own, that still exists."""
    roots = [Path(r) for r in manifest.roots]
    single = [
        Path(key) for key in manifest.files if not any(Path(key).is_relative_to(root) for root in roots)
    ]
    return [p for p in [*roots, *single] if p.exists()]


def _was_synced(manifest: Manifest, path: Path) -> bool:
    key = path_key(path)
    return key in manifest.roots or any(Path(k).is_relative_to(Path(key)) for k in manifest.files)
