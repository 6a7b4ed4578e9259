"""The originals of uploaded documents, stored by content under ``<data_dir>/originals``.

A file sent through the API is never written under the name it came with: a name such as
``../../etc/passwd.txt`` or ``行政审批科.docx`` is only a label. The bytes go to
``originals/ab/abcdef….docx`` (their SHA-256, split on the first two hex digits so no folder
grows huge) and a small JSON record beside them keeps the display name, the department the
uploader chose (if any), the upload time and the uploader's key name. The suffix comes from
the content, checked by ``check_upload``: magic bytes for PDF and images, the zip's part
names for DOCX and XLSX, a clean decode for text; a file whose content does not match its
name is refused with ``UnsupportedUploadError``.

The originals folder is ingested like any other folder, so the index can always be rebuilt
from it alone (``auditprep doctor --rebuild``). A department chosen at upload reaches the
index through a ``departments.yaml`` the store writes from its records (the declaration
mechanism of ``ingest.metadata.declarations``): a declared department wins over detection.

Usage::

    store = OriginalStore(data_dir)
    record, created = store.add("行政审批科职责.docx", data, department=None, uploader="lead")
    Ingester(data_dir, embedder).sync([store.folder])
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

from ingest.errors import IngestError
from ingest.lexical import write_json_atomic
from ingest.metadata.declarations import DECLARATIONS_FILE
from ingest.sanitize import printable_name

ORIGINALS_DIR = "originals"
MAX_DISPLAY_NAME_CHARS = 200
_SHA256 = re.compile(r"[0-9a-f]{64}")

# What each content kind may be called: the name's suffix must be one of these.
SUFFIXES_BY_KIND: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "xlsx": (".xlsx", ".xlsm"),
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
    "tiff": (".tif", ".tiff"),
    "text": (".txt", ".md", ".markdown", ".csv", ".html", ".htm"),
}
_TEXT_SNIFF_BYTES = 4096


class UnsupportedUploadError(IngestError):
    """An upload whose content is not a supported type, or does not match its name (HTTP 415)."""


def sniff_kind(data: bytes) -> str | None:
    """The kind of ``data`` judged by its content alone (a key of ``SUFFIXES_BY_KIND``), or
    ``None`` when it is none of them (an executable, an old .doc, a zip of something else)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return "text" if _decodes_as_text(data) else None


def _office_kind(data: bytes) -> str | None:
    # Only the zip's directory is read, never the parts: the loaders guard against zip bombs.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _decodes_as_text(data: bytes) -> bool:
    """The loader's own rule (``ingest.loaders.read_text``): no NUL near the start, and UTF-8 or
    GB18030. UTF-16 with a byte-order mark counts too."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-16")
        except UnicodeDecodeError:
            return False
        return True
    if b"\x00" in data[:_TEXT_SNIFF_BYTES]:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def display_name(name: str) -> str:
    """The label of an upload: the last part of whatever path it came with, printable and
    short. Never used to build a path."""
    last = re.split(r"[\\/]", name)[-1]
    label = printable_name(last).strip().lstrip(".") or "unnamed"
    return label[:MAX_DISPLAY_NAME_CHARS]


def check_upload(name: str, data: bytes) -> str:
    """The suffix to store ``data`` under: the one its content proves, in the spelling its name
    uses when that is allowed (``.jpeg`` stays ``.jpeg``).

    Raises:
        UnsupportedUploadError: the content is no supported type, or not the type the name says.
    """
    label = display_name(name)
    kind = sniff_kind(data)
    claimed = os.path.splitext(label)[1].lower()
    supported = sorted({s for suffixes in SUFFIXES_BY_KIND.values() for s in suffixes})
    if kind is None:
        raise UnsupportedUploadError(
            f"{label}: the content is not a supported document type (PDF, DOCX, XLSX, text, PNG, "
            "JPEG, TIFF). Convert it, e.g. an old .doc to .docx, and upload it again."
        )
    allowed = SUFFIXES_BY_KIND[kind]
    if claimed not in allowed:
        shown = claimed or "no suffix"
        if claimed not in supported and kind != "text":
            hint = f"rename it to end in {allowed[0]}"
        else:
            hint = f"rename it to end in {' or '.join(allowed)}, or upload the right file"
        raise UnsupportedUploadError(
            f"{label}: the name says {shown}, but the content is {_KIND_NAMES[kind]}; {hint}."
        )
    return claimed


_KIND_NAMES = {
    "pdf": "a PDF", "docx": "a Word document (DOCX)", "xlsx": "an Excel workbook (XLSX)",
    "png": "a PNG image", "jpeg": "a JPEG image", "tiff": "a TIFF image", "text": "plain text",
}


@dataclass(frozen=True)
class OriginalRecord:
    """What is known of one stored original besides its bytes."""

    sha256: str
    suffix: str
    display_name: str
    size: int
    uploaded_at: str
    uploaded_by: str | None = None
    department: str | None = None

    @property
    def relative(self) -> str:
        """Its path under the originals folder (POSIX)."""
        return f"{self.sha256[:2]}/{self.sha256}{self.suffix}"

    @property
    def source(self) -> str:
        """The ``source`` its chunks carry once the originals folder is ingested."""
        return f"{ORIGINALS_DIR}/{self.relative}"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class OriginalStore:
    """The content-addressed folder of originals under ``data_dir``.

    Args:
        data_dir: the index folder; originals go to ``data_dir / "originals"``.
    """

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / ORIGINALS_DIR

    def path_for(self, record: OriginalRecord) -> Path:
        return self.folder / record.relative

    def _record_path(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / f"{sha256}.json"

    def add(
        self, name: str, data: bytes, department: str | None = None, uploader: str | None = None
    ) -> tuple[OriginalRecord, bool]:
        """Store ``data`` (checked with ``check_upload``); ``created`` is False when the same bytes
        were stored before, whose record then keeps its name, time and uploader (a department
        given now replaces the old one).

        Raises:
            UnsupportedUploadError: see ``check_upload``.
        """
        suffix = check_upload(name, data)
        digest = hashlib.sha256(data).hexdigest()
        existing = self.get(digest)
        department = (department or "").strip() or None
        if existing is not None and self.path_for(existing).is_file():
            if department and department != existing.department:
                existing = dataclasses.replace(existing, department=department)
                write_json_atomic(self._record_path(digest), existing.to_dict())
                self.write_declarations()
            return existing, False
        record = OriginalRecord(
            sha256=digest,
            suffix=suffix,
            display_name=display_name(name),
            size=len(data),
            uploaded_at=datetime.now(UTC).isoformat(timespec="seconds"),
            uploaded_by=uploader,
            department=department,
        )
        target = self.path_for(record)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write-then-rename: a sync walking the folder never reads half a file.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
        write_json_atomic(self._record_path(digest), record.to_dict())
        if department:
            self.write_declarations()
        return record, True

    def get(self, sha256: str) -> OriginalRecord | None:
        """The record of ``sha256``, or None (also for anything that is not a SHA-256)."""
        if not _SHA256.fullmatch(sha256):
            return None
        return _read_record(self._record_path(sha256))

    def records(self) -> list[OriginalRecord]:
        """Every readable record, by upload time."""
        found = [r for path in self._record_files() if (r := _read_record(path)) is not None]
        return sorted(found, key=lambda r: (r.uploaded_at, r.sha256))

    def _record_files(self) -> Iterator[Path]:
        if self.folder.is_dir():
            yield from sorted(self.folder.glob("??/*.json"))

    def remove(self, sha256: str) -> OriginalRecord | None:
        """Delete the original and its record; the removed record, or None when there was none."""
        record = self.get(sha256)
        if record is None:
            return None
        self.path_for(record).unlink(missing_ok=True)
        self._record_path(sha256).unlink(missing_ok=True)
        if record.department:
            self.write_declarations()
        return record

    def write_declarations(self) -> None:
        """Write ``originals/departments.yaml`` from the records that name a department (remove
        it when none does), so the next sync assigns those files to their departments."""
        by_department: dict[str, list[str]] = {}
        for record in self.records():
            if record.department:
                by_department.setdefault(record.department, []).append(record.relative)
        path = self.folder / DECLARATIONS_FILE
        if not by_department:
            path.unlink(missing_ok=True)
            return
        entries = [{"name": name, "files": files} for name, files in sorted(by_department.items())]
        text = "# Written by AuditPrep from the upload records; edits are overwritten.\n"
        text += yaml.safe_dump(entries, allow_unicode=True, sort_keys=False)
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".departments.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)

    def problems(self) -> list[str]:
        """What is wrong with the stored originals, in plain words: a file whose bytes no longer
        match its name (damaged or edited), a file without a record, a record without a file."""
        found: list[str] = []
        recorded: set[Path] = set()
        for record in self.records():
            path = self.path_for(record)
            recorded.add(path)
            if not path.is_file():
                found.append(f"The original of {record.display_name} ({record.sha256[:12]}…) is missing.")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != record.sha256:
                found.append(
                    f"The original of {record.display_name} ({record.relative}) has changed since it was "
                    "uploaded (its bytes no longer match its name): restore it from a backup."
                )
        if self.folder.is_dir():
            for path in sorted(self.folder.glob("??/*")):
                if path.suffix != ".json" and not path.name.startswith(".") and path not in recorded:
                    found.append(f"{ORIGINALS_DIR}/{path.parent.name}/{path.name} has no upload record.")
        return found


def _read_record(path: Path) -> OriginalRecord | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return OriginalRecord(**{k: data.get(k) for k in OriginalRecord.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return None


def sha256_of_source(source: str) -> str | None:
    """The SHA-256 an indexed ``source`` names when it is a stored original, else None."""
    parts = source.split("/")
    if len(parts) != 3 or parts[0] != ORIGINALS_DIR:
        return None
    stem = parts[2].split(".", 1)[0]
    return stem if _SHA256.fullmatch(stem) and parts[1] == stem[:2] else None


def known_targets(data_dir: Path) -> list[Path]:
    """What a full re-sync of ``data_dir`` covers: the originals folder, every folder synced
    before and every file synced on its own, as far as they still exist."""
    from ingest.sync import Manifest  # the manifest's reader lives with the sync that writes it

    manifest = Manifest(data_dir / "manifest.json")
    roots = [Path(r) for r in manifest.roots]
    single = [Path(k) for k in manifest.files if not any(Path(k).is_relative_to(r) for r in roots)]
    originals = data_dir / ORIGINALS_DIR
    targets = [originals] if originals.is_dir() else []
    for path in [*roots, *single]:
        if path.exists() and path.resolve() != originals.resolve() and path not in targets:
            targets.append(path)
    return targets
