"""The store of uploaded originals: content checks, content addressing, records, declarations."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ingest.metadata.declarations import load_declarations
from ingest.originals import (
    OriginalStore,
    UnsupportedUploadError,
    check_upload,
    display_name,
    sha256_of_source,
    sniff_kind,
)
from tests.api.test_documents import FINANCE_PDF, LICENSING_DOCX


def _zip(**parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name.replace("__", "/"), text)
    return buffer.getvalue()


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["事项", "办理时限"])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (FINANCE_PDF, "pdf"),
        (LICENSING_DOCX, "docx"),
        (_xlsx(), "xlsx"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"II*\x00\x08\x00\x00\x00", "tiff"),
        ("行政审批科 办理时限 20 个工作日".encode(), "text"),
        ("行政审批科 办理时限".encode("gbk"), "text"),  # GBK text, as old Windows files are
        ("\ufeffUTF-8 with a BOM".encode(), "text"),
        ("UTF-16 with a BOM".encode("utf-16"), "text"),
        (b"", "text"),
    ],
)
def test_sniff_kind_recognises_supported_content(data: bytes, kind: str) -> None:
    assert sniff_kind(data) == kind


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows executable
        b"\x7fELF\x02\x01\x01\x00\x00\x00",  # a Linux executable
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16,  # an old .doc (OLE)
        _zip(readme__txt="a zip of other things"),
        _zip(**{"[Content_Types].xml": "<Types/>", "ppt__presentation.xml": "<p/>"}),  # PPTX
        b"PK\x03\x04 truncated zip",
        b"text with a NUL\x00 near the start",
    ],
)
def test_sniff_kind_refuses_what_no_loader_reads(data: bytes) -> None:
    assert sniff_kind(data) is None


@pytest.mark.parametrize(
    ("name", "data", "suffix"),
    [
        ("a.pdf", FINANCE_PDF, ".pdf"),
        ("A.PDF", FINANCE_PDF, ".pdf"),
        ("职责.docx", LICENSING_DOCX, ".docx"),
        ("photo.jpeg", b"\xff\xd8\xff\xe1", ".jpeg"),
        ("notes.md", b"# notes", ".md"),
        ("table.csv", b"a,b\n1,2", ".csv"),
        ("page.HTML", b"<html><body>x</body></html>", ".html"),
    ],
)
def test_check_upload_accepts_matching_names(name: str, data: bytes, suffix: str) -> None:
    assert check_upload(name, data) == suffix


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.docx", FINANCE_PDF),
        ("report.pdf", LICENSING_DOCX),
        ("notes.txt", LICENSING_DOCX),
        ("image.png", b"\xff\xd8\xff\xe0"),
        ("data.xlsx", b"plain text"),
        ("script.sh", b"#!/bin/sh\nrm -rf /\n"),
        ("noext", b"plain text"),
    ],
)
def test_check_upload_refuses_a_mismatch_naming_the_file(name: str, data: bytes) -> None:
    with pytest.raises(UnsupportedUploadError, match=name.rsplit("/", 1)[-1]):
        check_upload(name, data)


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/abs/path/行政审批科.docx", "行政审批科.docx"),
        ("..", "unnamed"),
        ("", "unnamed"),
        (".hidden.md", "hidden.md"),
        ("line\nbreak.md", "line\\nbreak.md"),
    ],
)
def test_display_name_keeps_only_a_printable_last_part(raw: str, label: str) -> None:
    assert display_name(raw) == label


def test_originals_are_stored_by_content_with_a_record(tmp_path: Path) -> None:
    store = OriginalStore(tmp_path)
    record, created = store.add(
        "../../etc/passwd.txt", b"plain words\n", department=" 办公室 ", uploader="lead"
    )
    digest = hashlib.sha256(b"plain words\n").hexdigest()
    assert created and record.sha256 == digest and record.display_name == "passwd.txt"
    assert store.path_for(record) == tmp_path / "originals" / digest[:2] / f"{digest}.txt"
    assert store.path_for(record).read_bytes() == b"plain words\n"
    assert record.department == "办公室" and record.uploaded_by == "lead"
    assert sha256_of_source(record.source) == digest
    assert store.records() == [record]
    assert store.problems() == []


def test_department_choices_become_a_declarations_file_the_sync_reads(tmp_path: Path) -> None:
    store = OriginalStore(tmp_path)
    first, _ = store.add("a.md", b"# a", department="办公室")
    second, _ = store.add("b.md", b"# b")
    declared = load_declarations(store.folder)
    assert [(d.name, d.files) for d in declared.departments] == [("办公室", (first.relative,))]
    again, created = store.add("b again.md", b"# b", department="督查室")
    assert not created and again.department == "督查室" and again.display_name == "b.md"
    assert {d.name for d in load_declarations(store.folder).departments} == {"办公室", "督查室"}
    store.remove(first.sha256)
    store.remove(second.sha256)
    assert not (store.folder / "departments.yaml").exists()
    assert store.records() == []


def test_problems_name_a_changed_original_and_a_file_without_record(tmp_path: Path) -> None:
    store = OriginalStore(tmp_path)
    record, _ = store.add("a.md", b"# a")
    store.path_for(record).write_bytes(b"# edited")
    (store.folder / "ab").mkdir()
    (store.folder / "ab" / "stray.md").write_bytes(b"# stray")
    problems = " ".join(store.problems())
    assert "a.md" in problems and "changed since it was uploaded" in problems
    assert "ab/stray.md has no upload record" in problems


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("originals/ab/ab" + "0" * 62 + ".pdf", "ab" + "0" * 62),
        ("originals/cd/ab" + "0" * 62 + ".pdf", None),  # folder does not match the hash
        ("corpus/ab/ab" + "0" * 62 + ".pdf", None),
        ("originals/ab/short.pdf", None),
        ("tiny/dangan_ke.md", None),
    ],
)
def test_sha256_of_source_only_for_stored_originals(source: str, expected: str | None) -> None:
    assert sha256_of_source(source) == expected


def test_get_refuses_anything_but_a_sha256(tmp_path: Path) -> None:
    store = OriginalStore(tmp_path)
    assert store.get("../../etc/passwd") is None and store.get("AB" * 32) is None
