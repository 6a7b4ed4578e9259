"""Incremental sync of folders into the index.

Re-running changes only what changed: a file whose bytes are unchanged is skipped; an
edited file's chunks are replaced (its stale chunks deleted by source, so nothing is
duplicated even after a crash); a deleted file's chunks disappear; switching the embedding
model rebuilds the whole index from every folder ever synced instead of mixing vectors of
two models. A file that cannot be read is reported and skipped; whatever it had in the index
before stays, so a corrupt copy never loses content. The lexical index is rebuilt from the
vector store at the end, so both always hold the same chunks.

Usage::

    report = Ingester(data_dir, embedder).sync([Path("corpus")])
    print(report.summary())
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from ingest.chunking import Chunk, MarkdownChunker
from ingest.embedders import AuditPrepEmbeddings
from ingest.errors import IndexBusyError, IngestError
from ingest.lexical import LexicalIndex, write_json_atomic
from ingest.loaders import load_file, supported_suffixes
from ingest.metadata import Declarations, load_declarations, record_declarations
from ingest.vectorstore import ChromaStore

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    chunks_written: int = 0
    chunks_deleted: int = 0
    rebuilt: bool = False
    seconds: float = 0.0
    embed_seconds: float = 0.0
    total_chunks: int = 0

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
            },
            "chunks_written": self.chunks_written,
            "chunks_deleted": self.chunks_deleted,
            "total_chunks": self.total_chunks,
            "rebuilt": self.rebuilt,
            "seconds": round(self.seconds, 3),
        }


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def discover(path: Path) -> tuple[Path, list[Path]]:
    """(root, files) for a folder (every supported file below it, hidden ones skipped) or a file."""
    path = path.resolve()
    if path.is_file():
        return path.parent, [path]
    if not path.is_dir():
        raise IngestError(f"{path}: no such file or folder.")
    suffixes = supported_suffixes()
    files = sorted(
        p
        for p in path.rglob("*")
        if p.is_file()
        and p.suffix.lower() in suffixes
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )
    return path, files


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

    @property
    def old_sources(self) -> set[str]:
        return {self.source} | ({str(self.entry["source"])} if self.entry else set())


class Manifest:
    """What each synced file contributed: its hash and its chunk IDs, plus the folders synced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        self.roots: list[str] = data.get("roots", [])
        self.files: dict[str, dict[str, object]] = data.get("files", {})
        # Paths ingested with --department, and their department: later syncs keep it.
        self.departments: dict[str, str] = data.get("departments", {})

    def save(self) -> None:
        data = {"roots": self.roots, "files": self.files, "departments": self.departments}
        write_json_atomic(self.path, data)

    def department_for(self, path: Path) -> str | None:
        """The --department given for ``path`` or the nearest folder above it, if any."""
        owners = [Path(p) for p in self.departments if path.is_relative_to(Path(p))]
        return self.departments[str(max(owners, key=lambda p: len(p.parts)))] if owners else None


class Ingester:
    """Syncs files into a ``ChromaStore`` and a ``LexicalIndex`` under ``data_dir``.

    Args:
        data_dir: the index folder (manifest, lexical index, embedded Chroma).
        embedder: the embedding model; its name and dimension are recorded in the store.
        chroma_url: a Chroma server instead of the embedded store.
        chunker: defaults to a ``MarkdownChunker`` sized to the embedder's window.
        lock_timeout: seconds to wait for another ingest of ``data_dir`` to finish before
            raising ``IndexBusyError`` (default: do not wait).
    """

    def __init__(
        self,
        data_dir: Path,
        embedder: AuditPrepEmbeddings,
        chroma_url: str | None = None,
        chunker: MarkdownChunker | None = None,
        lock_timeout: float = 0.0,
    ) -> None:
        self.data_dir = data_dir
        self.embedder = embedder
        self.chroma_url = chroma_url
        self.lock_timeout = lock_timeout
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
        roots = list(dict.fromkeys(p.resolve() for p in paths))
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
                if str(root_path) in manifest.roots:
                    manifest.roots.remove(str(root_path))
                continue
            root, files = discover(root_path)
            declarations.setdefault(root, load_declarations(root))
            if root_path.is_dir() and str(root) not in manifest.roots:
                manifest.roots.append(str(root))
            jobs.extend((root, f) for f in files)

        pending: list[ParsedFile] = []
        for n, (root, path) in enumerate(jobs, 1):
            seen.add(str(path))
            if progress:
                progress(n, len(jobs), path.name)
            parsed = self._parse_file(root, path, manifest, report, declarations[root])
            if parsed:
                pending.append(parsed)
            if sum(len(p.chunks) for p in pending) >= WRITE_BATCH_CHUNKS:
                self._write_files(pending, store, manifest, report)
                pending = []
        if pending:
            self._write_files(pending, store, manifest, report)

        for root_path in (r for r in roots if r.is_dir() or r in vanished):
            for key in [k for k in manifest.files if Path(k).is_relative_to(root_path) and k not in seen]:
                entry = manifest.files.pop(key)
                source = str(entry["source"])
                stale = sorted(store.ids_for_source(source) - _ids_owned_by_others(manifest, key, {source}))
                store.delete(stale)
                report.chunks_deleted += len(stale)
                report.removed.append(str(entry["source"]))
        manifest.save()
        record_declarations(self.data_dir, declarations)

        LexicalIndex(self.data_dir / "lexical").rebuild(store.iter_all())
        report.total_chunks = store.count()
        report.seconds = time.perf_counter() - started
        return report

    def _parse_file(
        self, root: Path, path: Path, manifest: Manifest, report: SyncReport, declarations: Declarations
    ) -> ParsedFile | None:
        """The file's chunks when it is new or changed; None when unchanged or unreadable."""
        key = str(path)
        override = manifest.department_for(path)
        try:
            # Declarations count as content: editing departments.yaml re-ingests the files.
            digest = declarations.fingerprint(file_sha256(path), override)
            entry = manifest.files.get(key)
            if entry and entry.get("sha256") == digest:
                report.unchanged.append(str(entry["source"]))
                return None
            document = load_file(path, root)
            declarations.apply(document.metadata, path.relative_to(root), override)
            chunks = self.chunker.split(document)
            if not chunks:
                raise IngestError(f"{path}: no text to index after parsing.")
        except IngestError as e:
            log.warning("Skipped %s", e)
            report.failed.append((key, str(e).removeprefix(f"{path}: ")))
            return None
        except OSError as e:
            report.failed.append((key, f"cannot be read ({e.strerror or e})"))
            return None
        return ParsedFile(key, digest, entry, str(document.metadata["source"]), chunks)

    def _write_files(
        self, batch: list[ParsedFile], store: ChromaStore, manifest: Manifest, report: SyncReport
    ) -> None:
        """Embed and write several files' chunks at once, then record them in the manifest.

        The manifest is saved only after Chroma holds the chunks, so a crash in between makes
        the next run embed these files again (upserts by stable ID; nothing is duplicated).
        """
        # Same-named folders can hold identical files, whose chunks get identical IDs (the ID
        # hashes source, position, text and metadata): write each ID once.
        chunks = list({c.chunk_id: c for parsed in batch for c in parsed.chunks}.values())
        embed_started = time.perf_counter()
        vectors = self.embedder.embed_documents([c.embedding_text() for c in chunks])
        report.embed_seconds += time.perf_counter() - embed_started
        new_ids = {c.chunk_id for c in chunks}
        sources = {s for parsed in batch for s in parsed.old_sources}
        stored = store.ids_by_source(sources)
        stale: set[str] = set()
        for parsed in batch:
            # Two synced folders with the same name give their files the same source ("policies/
            # a.md"); chunks another file still owns are not this file's stale chunks.
            owned = _ids_owned_by_others(manifest, parsed.key, parsed.old_sources)
            stale |= {i for s in parsed.old_sources for i in stored.get(s, set())} - owned
            manifest.files[parsed.key] = {
                "source": parsed.source,
                "sha256": parsed.digest,
                "chunk_ids": sorted(c.chunk_id for c in parsed.chunks),
            }
            (report.updated if parsed.entry else report.added).append(parsed.source)
        stale -= new_ids
        store.upsert(chunks, vectors)
        store.delete(sorted(stale))
        report.chunks_written += len(chunks)
        report.chunks_deleted += len(stale)
        manifest.save()


def _previous_targets(manifest: Manifest) -> list[Path]:
    """Every folder synced before, and every file synced on its own, that still exists."""
    roots = [Path(r) for r in manifest.roots]
    single = [
        Path(key) for key in manifest.files if not any(Path(key).is_relative_to(root) for root in roots)
    ]
    return [p for p in [*roots, *single] if p.exists()]


def _was_synced(manifest: Manifest, path: Path) -> bool:
    return str(path) in manifest.roots or any(Path(k).is_relative_to(path) for k in manifest.files)


def _ids_owned_by_others(manifest: Manifest, key: str, sources: set[str]) -> set[str]:
    """Chunk IDs that manifest entries other than ``key`` with one of ``sources`` still hold."""
    owned: set[str] = set()
    for other, entry in manifest.files.items():
        if other != key and str(entry.get("source")) in sources:
            owned.update(map(str, entry.get("chunk_ids") or []))  # type: ignore[call-overload]
    return owned
