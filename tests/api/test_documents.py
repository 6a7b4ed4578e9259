"""Documents through the API (issue 13, part 2): upload, list, search, delete, re-ingest,
with real DOCX, PDF and text files, a real Chroma and the hash embedder, behind a key."""

from __future__ import annotations

import io
import time
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient
from fpdf import FPDF

from assistant.api import create_app
from assistant.api.routers.documents import JOBS, MAX_FILES_PER_UPLOAD
from assistant.config import Settings
from ingest.originals import ORIGINALS_DIR
from tests.api.support import local_client

KEY = "d" * 24
AUTH = {"Authorization": f"Bearer {KEY}"}


def docx_bytes(title: str, paragraphs: list[str]) -> bytes:
    document = docx.Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


LICENSING_DOCX = docx_bytes(
    "行政审批科主要职责",
    [
        "一、主要职责",
        "负责本局行政许可事项的受理、审查和决定，严格执行法定办理时限。",
        "负责行政审批档案的整理和归档，按月统计超期办结件。",
    ],
)
FINANCE_PDF = pdf_bytes(
    [
        "Finance Section: Duties",
        "The Finance Section prepares the annual budget and reconciles the petty cash ledger monthly.",
        "Every reimbursement above 5,000 yuan needs the countersignature of the leader in charge.",
    ]
)
NOTE_TEXT = b"# Opening meeting note\n\nThe quarterly tarpaulin inventory is checked by the office.\n"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "shared-index"


@pytest.fixture
def client(data_dir: Path) -> TestClient:
    settings = Settings(data_dir=data_dir, embedder="hash", api_key=KEY, max_file_bytes=200_000,
                        max_upload_bytes=500_000)
    return local_client(create_app(settings))


def upload(client: TestClient, *files: tuple[str, bytes], department: str | None = None):  # type: ignore[no-untyped-def]
    form = {"department": department} if department else None
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
    return client.post("/api/documents", files=parts, data=form, headers=AUTH)


def listed(client: TestClient) -> dict[str, dict[str, object]]:
    response = client.get("/api/documents", headers=AUTH)
    assert response.status_code == 200, response.text
    return {str(d["display_name"]): d for d in response.json()["data"]}


def search_sources(client: TestClient, query: str) -> list[str]:
    response = client.get("/api/search", params={"q": query, "k": 10, "mode": "bm25"}, headers=AUTH)
    assert response.status_code == 200, response.text
    return [hit["source"] for hit in response.json()["data"]]


def test_upload_lists_searches_and_deletes_real_files(client: TestClient, data_dir: Path) -> None:
    response = upload(client, ("行政审批科职责.docx", LICENSING_DOCX), ("finance.pdf", FINANCE_PDF),
                      ("note.md", NOTE_TEXT))
    assert response.status_code == 201, response.text
    results = {r["display_name"]: r for r in response.json()["data"]}
    assert {r["status"] for r in results.values()} == {"added"}

    documents = listed(client)
    licensing = documents["行政审批科职责.docx"]
    assert licensing["title"] == "行政审批科主要职责" and licensing["department"] == "行政审批科"
    assert int(licensing["chunks"]) >= 1 and licensing["uploaded_by"] == "default"  # type: ignore[call-overload]
    assert documents["finance.pdf"]["chunks"] and documents["note.md"]["chunks"]

    # The running app sees the new index generation without a restart.
    finance_sha = str(results["finance.pdf"]["sha256"])
    assert any(finance_sha in s for s in search_sources(client, "petty cash ledger reimbursement"))
    assert any(str(licensing["sha256"]) in s for s in search_sources(client, "法定办理时限"))

    deleted = client.delete(f"/api/documents/{finance_sha}", headers=AUTH)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["chunks_deleted"] >= 1
    assert "finance.pdf" not in listed(client)
    assert not any(finance_sha in s for s in search_sources(client, "petty cash ledger reimbursement"))
    assert not list((data_dir / ORIGINALS_DIR).glob(f"??/{finance_sha}*"))
    assert client.delete(f"/api/documents/{finance_sha}", headers=AUTH).status_code == 404


def test_the_same_bytes_uploaded_twice_are_stored_once(client: TestClient, data_dir: Path) -> None:
    assert upload(client, ("a.md", NOTE_TEXT)).status_code == 201
    again = upload(client, ("copy of a.md", NOTE_TEXT))
    assert again.status_code == 201 and again.json()["data"][0]["status"] == "unchanged"
    assert len(list((data_dir / ORIGINALS_DIR).glob("??/*.md"))) == 1


def test_a_department_chosen_at_upload_wins_over_detection(client: TestClient) -> None:
    response = upload(client, ("duties.docx", LICENSING_DOCX), department="督查室")
    assert response.status_code == 201, response.text
    row = listed(client)["duties.docx"]
    assert row["department"] == "督查室" and row["department_override"] == "督查室"


def test_a_file_name_is_never_used_as_a_path(client: TestClient, data_dir: Path, tmp_path: Path) -> None:
    response = upload(client, ("../../etc/passwd.txt", b"root line that is plain text\n"),
                      ("..\\..\\boot.ini.txt", b"another plain line\n"))
    assert response.status_code == 201, response.text
    names = {r["display_name"] for r in response.json()["data"]}
    assert names == {"passwd.txt", "boot.ini.txt"}
    stored = [p for p in (data_dir / ORIGINALS_DIR).rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to((data_dir / ORIGINALS_DIR).resolve()) for p in stored)
    assert not any("passwd" in p.name or "boot" in p.name for p in stored)
    assert not (tmp_path / "etc").exists() and not (data_dir.parent / "etc").exists()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("report.docx", FINANCE_PDF, "the content is a PDF"),  # a PDF renamed .docx
        ("scan.pdf", LICENSING_DOCX, "Word document"),
        ("notes.txt", FINANCE_PDF, "the content is a PDF"),
        ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "not a supported document type"),
        ("table.xlsx", NOTE_TEXT, "plain text"),
        ("noext", NOTE_TEXT, "no suffix"),
    ],
)
def test_content_that_does_not_match_the_name_is_refused_with_415(
    client: TestClient, data_dir: Path, name: str, data: bytes, says: str
) -> None:
    response = upload(client, ("fine.md", NOTE_TEXT), (name, data))
    assert response.status_code == 415, response.text
    body = response.json()
    assert body["ok"] is False and name in body["error"] and says in body["error"]
    assert not (data_dir / ORIGINALS_DIR).exists()  # nothing of a refused request is stored


def test_a_file_over_the_per_file_limit_gets_413_naming_it(client: TestClient, data_dir: Path) -> None:
    big = b"# big\n\n" + b"plain words. " * 20_000  # 260 kB > max_file_bytes (200 kB)
    response = upload(client, ("big.md", big))
    assert response.status_code == 413, response.text
    assert "big.md" in response.json()["error"] and "AUDITPREP_MAX_FILE_BYTES" in response.json()["error"]
    assert not (data_dir / ORIGINALS_DIR).exists()


def test_a_request_over_the_upload_limit_gets_413(client: TestClient) -> None:
    part = b"# part\n\n" + b"words " * 30_000  # 180 kB each, three of them > 500 kB
    response = upload(client, ("a.md", part), ("b.md", part + b"b"), ("c.md", part + b"c"))
    assert response.status_code == 413
    assert "AUDITPREP_MAX_UPLOAD_BYTES" in response.json()["error"]


def test_too_many_files_in_one_request_get_413(client: TestClient) -> None:
    files = [(f"n{i}.md", f"# note {i}\n\nline {i}\n".encode()) for i in range(MAX_FILES_PER_UPLOAD + 1)]
    response = upload(client, *files)
    assert response.status_code == 413 and str(MAX_FILES_PER_UPLOAD) in response.json()["error"]


def test_other_routes_keep_the_small_body_limit(data_dir: Path) -> None:
    app = create_app(Settings(data_dir=data_dir, embedder="hash", api_key=KEY, max_body_bytes=1000))
    response = local_client(app).post("/api/ask", json={"question": "x" * 5000}, headers=AUTH)
    assert response.status_code == 413 and "AUDITPREP_MAX_BODY_BYTES" in response.json()["error"]


def test_upload_delete_and_reingest_need_the_key(client: TestClient) -> None:
    parts = [("files", ("a.md", NOTE_TEXT, "text/markdown"))]
    assert client.post("/api/documents", files=parts).status_code == 401
    assert client.get("/api/documents").status_code == 401
    assert client.post("/api/documents/reingest").status_code == 401
    assert client.delete("/api/documents/" + "a" * 64).status_code == 401


def test_reingest_runs_in_the_background_and_a_second_one_gets_409(
    client: TestClient, data_dir: Path
) -> None:
    assert upload(client, ("note.md", NOTE_TEXT)).status_code == 201
    job = JOBS.start(data_dir, "reingest", "trainer")  # as if one were running now
    try:
        busy = client.post("/api/documents/reingest", headers=AUTH)
        assert busy.status_code == 409
        assert "reingest started by trainer" in busy.json()["error"]
        assert upload(client, ("other.md", b"# other\n\ntext\n")).status_code == 409
        assert client.get("/api/documents/progress", headers=AUTH).json()["state"] == "running"
    finally:
        JOBS.finish(job)

    started = client.post("/api/documents/reingest", headers=AUTH)
    assert started.status_code == 202, started.text
    for _ in range(200):
        progress = client.get("/api/documents/progress", headers=AUTH).json()
        if progress["state"] != "running":
            break
        time.sleep(0.05)
    assert progress["state"] == "done", progress
    assert progress["kind"] == "reingest" and progress["started_by"] == "default"
    assert progress["done"] == progress["total"] == 1
    assert progress["report"]["unchanged"] == 1


def test_a_file_no_loader_can_read_is_not_kept(client: TestClient, data_dir: Path) -> None:
    # A valid zip with the DOCX part names but a broken document part: sniffing passes,
    # parsing fails; the upload says so and the original is not kept to fail every sync.
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "not xml at all")
    response = upload(client, ("broken.docx", buffer.getvalue()), ("good.md", NOTE_TEXT))
    assert response.status_code == 422, response.text
    body = response.json()
    statuses = {r["display_name"]: r["status"] for r in body["data"]}
    assert statuses == {"broken.docx": "failed", "good.md": "added"}
    assert "broken.docx" in body["error"]
    assert set(listed(client)) == {"good.md"}
    assert not list((data_dir / ORIGINALS_DIR).glob("??/*.docx"))


CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.mark.slow
@pytest.mark.integration
@pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()), reason="needs chromium and chromedriver"
)
def test_the_web_page_uploads_lists_and_deletes(tmp_path: Path) -> None:
    import socket
    import threading

    import uvicorn
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    app = create_app(Settings(data_dir=tmp_path / "web-index", embedder="hash", writer="rules"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path / 'profile'}", "--lang=zh-CN"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    wait = WebDriverWait(driver, 60, poll_frequency=0.2)
    try:
        driver.get(f"http://127.0.0.1:{port}/")
        driver.find_element(By.ID, "tab-docs").click()
        wait.until(lambda d: "还没有资料" in d.find_element(By.ID, "docs").text)
        upload_file = tmp_path / "行政审批科职责.docx"
        upload_file.write_bytes(LICENSING_DOCX)
        driver.find_element(By.ID, "upload-files").send_keys(str(upload_file))
        driver.find_element(By.ID, "upload-go").click()
        wait.until(lambda d: "行政审批科职责.docx" in d.find_element(By.ID, "docs").text)
        row = driver.find_element(By.CSS_SELECTOR, "#docs tbody tr").text
        assert "行政审批科主要职责" in row and "行政审批科" in row
        assert "已索引 1 个文件" in driver.find_element(By.ID, "docs-message").text
        driver.find_element(By.CSS_SELECTOR, "#docs button.danger").click()
        driver.switch_to.alert.accept()
        wait.until(lambda d: "还没有资料" in d.find_element(By.ID, "docs").text)
        assert "已删除" in driver.find_element(By.ID, "docs-message").text
    finally:
        driver.quit()
        server.should_exit = True
        thread.join(timeout=10)


def test_an_ingest_holding_the_lock_gives_409_saying_what_was_done(
    client: TestClient, data_dir: Path
) -> None:
    from filelock import FileLock

    assert upload(client, ("note.md", NOTE_TEXT)).status_code == 201
    sha = next(iter(listed(client).values()))["sha256"]
    with FileLock(data_dir / "ingest.lock"):  # as `auditprep ingest` in another process holds it
        busy = upload(client, ("other.md", b"# other\n\nplain words\n"))
        assert busy.status_code == 409 and "indexed by the next sync" in busy.json()["error"]
        gone = client.delete(f"/api/documents/{sha}", headers=AUTH)
        assert gone.status_code == 409 and "leave the index at the next sync" in gone.json()["error"]
    assert client.get("/api/documents/progress", headers=AUTH).json()["state"] == "failed"
    started = client.post("/api/documents/reingest", headers=AUTH)
    assert started.status_code == 202
    for _ in range(200):
        if client.get("/api/documents/progress", headers=AUTH).json()["state"] != "running":
            break
        time.sleep(0.05)
    assert set(listed(client)) == {"other.md"}  # the delete and the upload both reached the index
