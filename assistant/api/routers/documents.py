"""Documents through the API: upload, list, delete, re-ingest, and the sync's progress.

``POST /api/documents`` takes one or more files (multipart, field ``files``; optional form
field ``department``). Each is checked by its content, not its name (``ingest.originals``),
stored by its SHA-256 under ``<data_dir>/originals`` and indexed by a sync of that folder
before the answer is sent, so the next search finds it. Names are labels, never paths.

Limits: at most ``MAX_FILES_PER_UPLOAD`` files and ``AUDITPREP_MAX_UPLOAD_BYTES`` in all per
request (413), ``AUDITPREP_MAX_FILE_BYTES`` per file (413 naming the file); content that is no
supported type or not the type its name says gets 415 naming the file, and nothing of that
request is stored.

One sync runs at a time per index: an upload, a delete or a re-ingest started while another
runs gets 409 naming the running one (who started it, what, how far); an ``auditprep ingest``
of the same folder holds the ingest lock and gives 409 too. ``GET /api/documents/progress``
reports the latest sync. The server's retriever is keyed on the index generation, which every
completed sync raises, so searches see the change without a restart.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse

from assistant.api.deps import SettingsDep, retriever_for
from assistant.api.errors import scrub_paths
from assistant.api.models import (
    DeleteResponse,
    DocumentModel,
    DocumentsResponse,
    SyncJobModel,
    UploadResponse,
    UploadResultModel,
)
from assistant.api.security import require_key
from assistant.config import Settings
from assistant.errors import AuditPrepError, IndexBusyError, IndexNotFoundError
from ingest.originals import (
    OriginalRecord,
    OriginalStore,
    UnsupportedUploadError,
    check_upload,
    display_name,
    known_targets,
    sha256_of_source,
)
from ingest.sanitize import printable_name
from ingest.sync import SyncReport, path_key

router = APIRouter(prefix="/api/documents", tags=["documents"])

MAX_FILES_PER_UPLOAD = 20
UPLOAD_PATH = "/api/documents"
KeyName = Annotated[str | None, Depends(require_key)]


@dataclass
class SyncJob:
    """The state of one index's latest sync; ``names`` maps stored file names to labels."""

    kind: str
    started_by: str | None
    started_at: str
    state: str = "running"
    done: int = 0
    total: int = 0
    current: str | None = None
    finished_at: str | None = None
    report: dict[str, Any] | None = None
    error: str | None = None
    names: dict[str, str] = field(default_factory=dict, repr=False)

    def progress(self, done: int, total: int, name: str) -> None:
        self.done, self.total = done, total
        self.current = self.names.get(name, name)

    def to_model(self) -> SyncJobModel:
        return SyncJobModel(
            state=self.state, kind=self.kind, started_by=self.started_by, started_at=self.started_at,  # type: ignore[arg-type]
            finished_at=self.finished_at, done=self.done, total=self.total, current=self.current,
            report=self.report, error=self.error,
        )

    def describe(self) -> str:
        who = f" by {self.started_by}" if self.started_by else ""
        where = f", {self.done}/{self.total} files" if self.total else ""
        return f"a {self.kind} started{who} at {self.started_at}{where}"


class SyncJobs:
    """One sync at a time per data folder, within this server; the ingest lock file keeps out
    other processes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, SyncJob] = {}

    def latest(self, data_dir: Path) -> SyncJob | None:
        with self._lock:
            return self._jobs.get(str(data_dir.resolve()))

    def start(self, data_dir: Path, kind: str, by: str | None) -> SyncJob:
        """Claim the data folder for a new sync.

        Raises:
            HTTPException: 409 while another sync of this folder runs.
        """
        key = str(data_dir.resolve())
        with self._lock:
            running = self._jobs.get(key)
            if running is not None and running.state == "running":
                raise HTTPException(
                    409,
                    f"The documents are being synced: {running.describe()}. Wait for it to finish "
                    "(GET /api/documents/progress) and send this again.",
                )
            job = SyncJob(kind=kind, started_by=by, started_at=_now())
            self._jobs[key] = job
            return job

    @staticmethod
    def finish(job: SyncJob, report: SyncReport | None = None, error: str | None = None) -> None:
        job.report = report.to_dict() if report is not None else None
        job.error = error
        job.state = "failed" if error else "done"
        job.current = None
        job.finished_at = _now()


JOBS = SyncJobs()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _sync(settings: Settings, job: SyncJob, targets: list[Path], pending: str = "") -> SyncReport:
    """Run a sync for ``job``; a held ingest lock (another process) becomes 409, whose message
    ends with ``pending``: what was already done and will reach the index at the next sync."""
    from assistant.wiring import build_ingester

    store = OriginalStore(settings.data_dir)
    job.names = {r.relative.split("/")[-1]: r.display_name for r in store.records()}
    try:
        report = build_ingester(settings).sync(targets, progress=job.progress)
    except IndexBusyError as e:
        SyncJobs.finish(job, error="another process holds the ingest lock")
        raise HTTPException(
            409,
            "Another ingest (e.g. `auditprep ingest` on the server) is writing to this index. "
            + (pending or "Wait for it to finish and send this again."),
        ) from e
    except AuditPrepError as e:
        SyncJobs.finish(job, error=scrub_paths(str(e)))
        raise
    except Exception as e:
        SyncJobs.finish(job, error=f"{type(e).__name__}: {scrub_paths(str(e))}")
        raise
    SyncJobs.finish(job, report)
    return report


@contextmanager
def _claimed(settings: Settings, kind: str, by: str | None) -> Iterator[SyncJob]:
    job = JOBS.start(settings.data_dir, kind, by)
    try:
        yield job
    finally:
        if job.state == "running":  # left early (a refusal before the sync): free the slot
            SyncJobs.finish(job, error="stopped before the sync")


def _read_uploads(files: list[UploadFile], settings: Settings) -> list[tuple[str, bytes]]:
    """Every file's name and bytes, after the count, size and type checks (413, 415)."""
    if not files:
        raise HTTPException(422, "Send at least one file in the form field `files`.")
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise HTTPException(
            413,
            f"{len(files)} files in one request; the limit is {MAX_FILES_PER_UPLOAD}. Send them in parts.",
        )
    read: list[tuple[str, bytes]] = []
    refused: list[str] = []
    for upload in files:
        name = upload.filename or "unnamed"
        data = upload.file.read(settings.max_file_bytes + 1)
        if len(data) > settings.max_file_bytes:
            raise HTTPException(
                413,
                f"{display_name(name)} is larger than {settings.max_file_bytes:,} bytes "
                "(AUDITPREP_MAX_FILE_BYTES). Split it, or ask the administrator to raise the limit.",
            )
        try:
            check_upload(name, data)
        except UnsupportedUploadError as e:
            refused.append(str(e))
            continue
        read.append((name, data))
    if refused:
        raise HTTPException(415, "Nothing was stored. " + " ".join(refused))
    return read


@router.post("", status_code=201, response_model=UploadResponse)
def upload_documents(
    settings: SettingsDep,
    key_name: KeyName,
    files: Annotated[
        list[UploadFile], File(description="One or more documents (PDF, DOCX, XLSX, text, images).")
    ],
    department: Annotated[
        str | None, Form(max_length=200, description="Assign every file of this request to this department.")
    ] = None,
) -> UploadResponse | JSONResponse:
    """Store and index uploaded documents. 201 when every file is indexed (or was already);
    422 when some could not be indexed (their originals are not kept; the others are)."""
    uploads = _read_uploads(files, settings)
    store = OriginalStore(settings.data_dir)
    with _claimed(settings, "upload", key_name) as job:
        stored = [(store.add(name, data, department, key_name), name) for name, data in uploads]
        pending = "The files are stored; they are indexed by the next sync (POST /api/documents/reingest)."
        report = _sync(settings, job, [store.folder], pending)
    failures = {key: reason for key, reason in report.failed}
    results: list[UploadResultModel] = []
    for (record, created), _name in stored:
        reason = failures.get(path_key(store.path_for(record)))
        if reason is not None:
            store.remove(record.sha256)  # a file no sync can read would fail every sync after
            results.append(UploadResultModel(display_name=record.display_name, status="failed",
                                             reason=printable_name(reason)))
        else:
            results.append(UploadResultModel(display_name=record.display_name, sha256=record.sha256,
                                             status="added" if created else "unchanged"))
    body = UploadResponse(data=results, count=len(results), generation=report.generation)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        # The usual error shape, plus each file's result: the others were stored and indexed.
        message = "Not indexed: " + "; ".join(f"{r.display_name}: {r.reason}" for r in failed)
        return JSONResponse({"ok": False, "error": message, "status": 422, **body.model_dump()}, 422)
    return body


@router.get("", response_model=DocumentsResponse)
def list_documents(settings: SettingsDep) -> DocumentsResponse:
    """Every indexed document, and every stored upload (``chunks`` 0 when not in the index)."""
    try:
        rows = retriever_for(settings).documents()
    except IndexNotFoundError:
        rows = []
    records = {r.sha256: r for r in OriginalStore(settings.data_dir).records()}
    data: list[DocumentModel] = []
    for row in rows:
        sha = sha256_of_source(row.source)
        record = records.pop(sha, None) if sha else None
        data.append(
            DocumentModel(
                display_name=record.display_name if record else row.source, sha256=sha, source=row.source,
                title=row.title, doc_type=row.doc_type, department=row.department, language=row.language,
                chunks=row.chunks, **_upload_fields(record),
            )
        )
    for record in records.values():
        data.append(
            DocumentModel(
                display_name=record.display_name, sha256=record.sha256, source=record.source, title="",
                doc_type="", department="", language="", chunks=0, **_upload_fields(record),
            )
        )
    return DocumentsResponse(data=data, count=len(data))


def _upload_fields(record: OriginalRecord | None) -> dict[str, Any]:
    if record is None:
        return {}
    return {"uploaded_at": record.uploaded_at, "uploaded_by": record.uploaded_by,
            "department_override": record.department}


@router.get("/progress", response_model=SyncJobModel)
def sync_progress(settings: SettingsDep) -> SyncJobModel:
    """The latest sync this server ran for the index: state, files done/total, its report."""
    job = JOBS.latest(settings.data_dir)
    return job.to_model() if job else SyncJobModel(state="idle")


@router.post("/reingest", status_code=202, response_model=SyncJobModel)
def reingest(settings: SettingsDep, key_name: KeyName) -> SyncJobModel:
    """Start a sync of the originals and of every folder ingested before, in the background;
    follow it with ``GET /api/documents/progress``."""
    job = JOBS.start(settings.data_dir, "reingest", key_name)
    targets = known_targets(settings.data_dir)

    def run() -> None:
        try:
            _sync(settings, job, targets)
        except Exception:  # recorded in the job by _sync; nobody waits on this thread
            if job.state == "running":
                SyncJobs.finish(job, error="the sync stopped unexpectedly")

    threading.Thread(target=run, name="auditprep-reingest", daemon=True).start()
    return job.to_model()


@router.delete("/{sha256}", response_model=DeleteResponse)
def delete_document(
    settings: SettingsDep,
    key_name: KeyName,
    sha256: Annotated[str, PathParam(pattern="^[0-9a-f]{64}$", description="The upload's SHA-256.")],
) -> DeleteResponse:
    """Remove an uploaded original and its passages from the index."""
    store = OriginalStore(settings.data_dir)
    if store.get(sha256) is None:
        raise HTTPException(404, f"No uploaded document {sha256[:12]}…. GET /api/documents lists them.")
    with _claimed(settings, "delete", key_name) as job:
        record = store.remove(sha256)
        pending = "The original is deleted; its passages leave the index at the next sync."
        report = _sync(settings, job, [store.folder], pending)
    assert record is not None
    return DeleteResponse(sha256=sha256, display_name=record.display_name,
                          chunks_deleted=report.chunks_deleted, generation=report.generation)
