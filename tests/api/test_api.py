"""HTTP API: routes against real indexes (tiny corpus with the hash embedder for speed; the
other agency's corpus with e5-small where planning and answering need meaning)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.api import create_app
from assistant.api.deps import clear_retrievers, get_writer_factory
from assistant.cli.app import app as cli_app
from assistant.config import Settings
from assistant.errors import WriterError
from assistant.planner.context import display_name
from assistant.planner.planning import plan_audit
from assistant.retrieval.citations import Citation, check_citations
from assistant.retrieval.hybrid import HybridRetriever
from assistant.writers.fake import FakeWriter
from ingest.embedders import AuditPrepEmbeddings
from ingest.sync import Ingester
from tests.api.support import local_client


def assert_error_shape(response: Any, status: int, match: str | None = None) -> dict[str, Any]:
    """Every AuditPrepError answers ``{"ok": false, "error": <message>, "status": <code>}``."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"ok", "error", "status"}, body
    assert body["ok"] is False
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    if match is not None:
        assert match in body["error"], body["error"]
    return body


@pytest.fixture(autouse=True)
def _fresh_retrievers() -> None:
    # Each test's index lives in its own tmp folder; a retriever cached for another test's
    # folder must not answer for this one.
    clear_retrievers()


@pytest.fixture
def client(tiny_index: Path) -> TestClient:
    return local_client(create_app(Settings(data_dir=tiny_index, embedder="hash")))


def test_health_reports_chunks_embedder_and_writer(client: TestClient, tiny_index: Path) -> None:
    body = client.get("/api/health").json()
    assert body["ok"] is True and body["index_ready"] is True
    assert body["chunks"] > 0
    assert body["departments"] == 2
    assert body["embedder"] == "hash"
    assert body["writer"] == "rules"
    assert body["auth"] is False
    assert str(tiny_index) not in client.get("/api/health").text  # no server paths in responses


def test_health_without_index_stays_up_and_says_what_to_do(tmp_path: Path) -> None:
    client = local_client(create_app(Settings(data_dir=tmp_path / "nothing", embedder="hash")))
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["index_ready"] is False and body["chunks"] == 0
    assert "auditprep ingest" in body["error"]


def test_search_returns_hits_with_data_and_count(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "档案借阅登记", "k": 3}).json()
    assert body["count"] == len(body["data"]) >= 1
    top = body["data"][0]
    assert "借阅" in top["text"]
    assert {"chunk_id", "doc_id", "title", "source", "department", "score", "ranks"} <= set(top)


def test_search_filters_by_department_language_and_doc_type(client: TestClient) -> None:
    # Names match ignoring case and spaces, as the CLI does.
    params: dict[str, str | int] = {"q": "files 档案", "department": "records office", "k": 20}
    scoped = client.get("/api/search", params=params).json()
    assert scoped["count"] >= 1
    assert {hit["department"] for hit in scoped["data"]} == {"Records Office"}
    english = client.get("/api/search", params={"q": "files meeting", "language": "en", "k": 20}).json()
    assert english["count"] >= 1 and {hit["language"] for hit in english["data"]} == {"en"}
    guidance = client.get("/api/search", params={"q": "抽样 meeting", "doc_type": "guidance", "k": 20}).json()
    assert guidance["count"] >= 1 and {hit["doc_type"] for hit in guidance["data"]} == {"guidance"}


def test_search_modes_each_answer(client: TestClient) -> None:
    for mode in ("hybrid", "dense", "bm25"):
        body = client.get("/api/search", params={"q": "opening meeting", "mode": mode}).json()
        assert body["count"] >= 1, mode
        assert body["data"][0]["title"] == "Running the Opening Meeting", mode


def test_search_validation_errors_keep_fastapi_422(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": "x", "mode": "fuzzy"}).status_code == 422
    assert client.get("/api/search", params={"q": "x", "k": 0}).status_code == 422
    assert client.get("/api/search").status_code == 422


def test_search_in_unknown_department_is_404_listing_departments(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "x", "department": "宣传科"})
    assert_error_shape(response, 404, match="档案科")


def test_no_index_is_404_with_next_step(tmp_path: Path) -> None:
    client = local_client(create_app(Settings(data_dir=tmp_path / "none", embedder="hash")))
    assert_error_shape(client.get("/api/search", params={"q": "x"}), 404, match="auditprep ingest")
    assert_error_shape(client.get("/api/departments"), 404, match="auditprep ingest")


def test_unknown_embedder_is_400(tiny_index: Path) -> None:
    client = local_client(create_app(Settings(data_dir=tiny_index, embedder="no-such-model")))
    assert_error_shape(client.get("/api/departments"), 400, match="Valid names")


def test_departments_list_names_aliases_and_counts(client: TestClient) -> None:
    body = client.get("/api/departments").json()
    assert body["count"] == 2
    by_name = {d["name"]: d for d in body["data"]}
    assert set(by_name) == {"档案科", "Records Office"}
    assert by_name["Records Office"]["aliases"] == ["档案科"]
    assert by_name["档案科"]["documents"] == 1 and by_name["档案科"]["languages"] == ["zh"]


def test_reingest_is_seen_without_restart(client: TestClient, tiny_index: Path, tiny_dir: Path,
                                          hash_embedder: AuditPrepEmbeddings) -> None:
    before = client.get("/api/departments").json()["count"]
    (tiny_dir / "xuanchuan.md").write_text(
        "---\ntitle: 宣传科职责\ndoc_type: department\ndepartment: 宣传科\nlanguage: zh\n---\n\n"
        "# 宣传科职责\n\n宣传科负责新闻发布和政务新媒体的内容审核。\n",
        encoding="utf-8",
    )
    Ingester(tiny_index, hash_embedder).sync([tiny_dir])
    after = client.get("/api/departments").json()
    assert after["count"] == before + 1
    assert "宣传科" in {d["name"] for d in after["data"]}


def test_settings_come_from_get_settings_override(tiny_index: Path) -> None:
    from assistant.config import get_settings

    app = create_app()
    app.dependency_overrides[get_settings] = lambda: Settings(data_dir=tiny_index, embedder="hash")
    assert local_client(app).get("/api/health").json()["chunks"] > 0


def test_web_page_and_assets_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert 'id="department"' in page.text and "/app.js" in page.text
    for asset, kind in (("/app.js", "javascript"), ("/style.css", "text/css")):
        response = client.get(asset)
        assert response.status_code == 200 and kind in response.headers["content-type"], asset


def test_web_page_loads_nothing_from_other_hosts() -> None:
    static = Path(create_app.__code__.co_filename).parent / "static"
    for path in static.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, path.name


def test_unknown_api_path_is_json_404(client: TestClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert "/api/docs" in response.json()["detail"]


def test_openapi_lists_each_area_once_with_its_tag(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    tags = {tag for path in spec["paths"].values() for op in path.values() for tag in op.get("tags", [])}
    assert {"health", "search", "plan", "chat"} <= tags


# -- ask and stream (tiny index, rules writer or a scripted FakeWriter) ------------------------


def _events(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [line for line in response.text.split("\n") if line.strip()]
    return [json.loads(line) for line in lines]


def _with_writer(client: TestClient, writer: Any) -> TestClient:
    client.app.dependency_overrides[get_writer_factory] = lambda: (lambda name=None: writer)  # type: ignore[attr-defined]
    return client


def test_ask_answers_with_verbatim_citations(client: TestClient, tiny_index: Path,
                                             hash_embedder: AuditPrepEmbeddings) -> None:
    response = client.post("/api/ask", json={"question": "档案原件借出最长多少天？"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["answered"] is True and "7天" in body["answer"]
    assert body["citations"] and body["citations"][0]["n"] == 1
    retriever = HybridRetriever.open(tiny_index, hash_embedder)
    assert check_citations([Citation(**{k: v for k, v in c.items() if k != "n"}) for c in body["citations"]],
                           retriever) == []


def test_ask_in_unknown_department_is_404(client: TestClient) -> None:
    assert_error_shape(client.post("/api/ask", json={"question": "借阅", "department": "宣传科"}), 404,
                       match="宣传科")


def test_ask_with_unknown_writer_is_400_listing_writers(client: TestClient) -> None:
    response = client.post("/api/ask", json={"question": "借阅期限", "writer": "gpt-17"})
    assert_error_shape(response, 400, match="rules")


def test_ask_rejects_empty_question_with_422(client: TestClient) -> None:
    assert client.post("/api/ask", json={"question": ""}).status_code == 422
    assert client.post("/api/ask", json={}).status_code == 422


def test_stream_yields_token_lines_then_one_answer(client: TestClient) -> None:
    writer = FakeWriter()
    writer.enqueue("档案借阅须填写借阅登记单，原件借出不超过7天。[1]")
    events = _events(_with_writer(client, writer).post("/api/chat/stream",
                                                        json={"question": "档案原件借出最长多少天？"}))
    tokens = [e for e in events if e["type"] == "token"]
    assert len(tokens) > 5
    assert "".join(e["text"] for e in tokens).startswith("档案借阅须填写借阅登记单")
    assert events[-1]["type"] == "answer" and [e["type"] for e in events].count("answer") == 1
    final = events[-1]["answer"]
    assert final["answered"] is True and final["writer"] == "fake"
    assert final["citations"][0]["quote"] in "档案借阅须填写借阅登记单，原件借出不超过7天。"


def test_stream_passes_on_the_fallback_when_the_model_fails(client: TestClient) -> None:
    writer = FakeWriter(fail_after=3)
    writer.enqueue("档案借阅须填写借阅登记单。[1]")
    events = _events(_with_writer(client, writer).post("/api/chat/stream",
                                                        json={"question": "档案原件借出最长多少天？"}))
    kinds = [e["type"] for e in events]
    assert "fallback" in kinds and kinds[-1] == "answer"
    assert events[-1]["answer"]["writer"] == "rules"
    assert events[-1]["answer"]["fallback_from"] == "fake"


def test_stream_error_before_first_event_gets_error_status(client: TestClient) -> None:
    response = client.post("/api/chat/stream", json={"question": "借阅", "department": "no such office"})
    assert_error_shape(response, 404, match="no such office")


class _BrokenRulesWriter:
    """Looks like the rules writer (so chat does not fall back) and fails mid-answer."""

    name = "rules"
    can_stream = True
    needs_network = False

    def write(self, request: Any) -> Iterator[str]:
        yield "档案借阅"
        raise WriterError("disk on fire")


def test_stream_error_after_tokens_ends_with_an_error_line(client: TestClient) -> None:
    events = _events(_with_writer(client, _BrokenRulesWriter()).post(
        "/api/chat/stream", json={"question": "档案原件借出最长多少天？"}))
    assert events[0] == {"type": "token", "text": "档案借阅"}
    assert events[-1] == {"type": "error", "ok": False, "error": "disk on fire", "status": 500}


# -- serve --get ----------------------------------------------------------------------------


def test_serve_get_prints_json_without_a_server(tiny_index: Path, settings_for: Any) -> None:
    settings_for(tiny_index, "hash")
    result = CliRunner().invoke(cli_app, ["serve", "--get", "/api/health"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["index_ready"] is True and body["embedder"] == "hash"


def test_serve_get_exits_1_on_error_status_and_prints_the_body(tmp_path: Path, settings_for: Any) -> None:
    settings_for(tmp_path / "empty", "hash")
    result = CliRunner().invoke(cli_app, ["serve", "--get", "/api/departments"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == 404


def test_serve_get_rejects_a_path_without_slash() -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--get", "api/health"])
    assert result.exit_code == 2


# -- plan and chat on the e5 index of another agency ----------------------------------------


@pytest.fixture
def agency_client(other_agency_index: HybridRetriever) -> TestClient:
    assert other_agency_index.data_dir is not None
    return local_client(create_app(Settings(data_dir=other_agency_index.data_dir, embedder="e5-small")))


def _biggest_department(client: TestClient) -> str:
    data = client.get("/api/departments").json()["data"]
    return str(max(data, key=lambda d: d["chunks"])["name"])


def _citations(brief: dict[str, Any]) -> list[Citation]:
    found = [c for q in brief["questions"] for c in q["citations"]]
    found += [c for s in brief["sampling"] for c in s["citations"]]
    found += [c for item in brief["opening"]["agenda"] for c in item["citations"]]
    return [Citation(**c) for c in found]


@pytest.mark.slow
def test_plan_returns_a_brief_whose_citations_quote_the_index(
    agency_client: TestClient, other_agency_index: HybridRetriever
) -> None:
    department = _biggest_department(agency_client)
    response = agency_client.post("/api/plan", json={"department": department, "language": "zh"})
    assert response.status_code == 200, response.text
    brief = response.json()
    assert brief["department"] == department and brief["language"] == "zh"
    assert len(brief["questions"]) >= 5
    assert {"text", "purpose", "element", "element_name", "citations"} <= set(brief["questions"][0])
    assert brief["sampling"] and brief["opening"]["script"]
    citations = _citations(brief)
    assert citations
    assert check_citations(citations, other_agency_index) == []


@pytest.mark.slow
def test_plan_resolves_an_alias_and_writes_english(agency_client: TestClient) -> None:
    departments = agency_client.get("/api/departments").json()["data"]
    with_alias = next(d for d in departments if d["aliases"])
    brief = agency_client.post(
        "/api/plan", json={"department": with_alias["aliases"][0], "language": "en"}
    ).json()
    assert brief["department"] == with_alias["name"]
    assert brief["language"] == "en"
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in q["purpose"]) for q in brief["questions"])


@pytest.mark.slow
def test_plan_for_unknown_department_is_404_naming_the_real_ones(agency_client: TestClient) -> None:
    body = assert_error_shape(agency_client.post("/api/plan", json={"department": "宣传科"}), 404)
    assert _biggest_department(agency_client) in body["error"]
    assert_error_shape(agency_client.get("/api/plan/宣传科.md"), 404)


@pytest.mark.slow
def test_plan_rejects_unknown_language_with_422(agency_client: TestClient) -> None:
    department = _biggest_department(agency_client)
    response = agency_client.post("/api/plan", json={"department": department, "language": "fr"})
    assert response.status_code == 422
    assert agency_client.get(f"/api/plan/{department}.md", params={"language": "fr"}).status_code == 422


@pytest.mark.slow
def test_plan_downloads_markdown_and_docx_of_the_same_brief(
    agency_client: TestClient, tmp_path: Path
) -> None:
    from docx import Document

    department = _biggest_department(agency_client)
    brief = agency_client.post("/api/plan", json={"department": department, "language": "zh"}).json()
    first_question = brief["questions"][0]["text"]

    md = agency_client.get(f"/api/plan/{department}.md", params={"language": "zh"})
    assert md.status_code == 200
    assert md.headers["content-type"].startswith("text/markdown")
    assert "filename*=UTF-8''" in md.headers["content-disposition"]
    assert first_question in md.text

    docx = agency_client.get(f"/api/plan/{department}.docx", params={"language": "zh"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    path = tmp_path / "brief.docx"
    path.write_bytes(docx.content)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert first_question in text


@pytest.mark.slow
def test_ask_on_another_agency_cites_its_documents(
    agency_client: TestClient, other_agency_index: HybridRetriever
) -> None:
    chinese = [d for d in agency_client.get("/api/departments").json()["data"] if d["languages"] == ["zh"]]
    department = max(chinese, key=lambda d: d["chunks"])["name"]
    body = agency_client.post("/api/ask", json={"question": f"{department}的质量目标有哪些？"}).json()
    assert body["answered"] is True and body["citations"]
    citations = [Citation(**{k: v for k, v in c.items() if k != "n"}) for c in body["citations"]]
    assert check_citations(citations, other_agency_index) == []


@pytest.mark.slow
def test_serve_get_prints_the_markdown_brief(
    other_agency_index: HybridRetriever, settings_for: Any
) -> None:
    assert other_agency_index.data_dir is not None
    settings_for(other_agency_index.data_dir, "e5-small")
    department = max(other_agency_index.departments(), key=lambda d: d.chunks).name
    result = CliRunner().invoke(cli_app, ["serve", "--get", f"/api/plan/{department}.md?language=en"])
    assert result.exit_code == 0, result.output
    title = result.stdout.lstrip().splitlines()[0]
    # The English title names the department as an English reader knows it (its English alias
    # where it has one), so the expected name comes from the same profile, not from a guess.
    expected = display_name(plan_audit(other_agency_index, department, "en").profile, "en")
    assert title.startswith("# ") and expected in title, title


def test_an_edit_ingested_by_another_process_is_served_without_restart(
    client: TestClient, tiny_index: Path, tiny_dir: Path
) -> None:
    import os
    import subprocess
    import sys

    assert client.get("/api/search", params={"q": "借阅期限"}).status_code == 200  # retriever now open
    target = next(p for p in tiny_dir.glob("*.md") if "档案" in p.read_text(encoding="utf-8"))
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "\n档案原件借阅一律登记在借阅台账第七栏。\n", encoding="utf-8")
    env = {**os.environ, "AUDITPREP_DATA_DIR": str(tiny_index), "AUDITPREP_EMBEDDER": "hash"}
    subprocess.run(
        [sys.executable, "-c", "from assistant.cli import app; app()", "ingest", str(tiny_dir)],
        env=env, check=True, capture_output=True,
    )
    hits = client.get("/api/search", params={"q": "借阅台账第七栏", "mode": "bm25"}).json()["data"]
    assert any("借阅台账第七栏" in h["text"] for h in hits)
    assert all(h["chunk_id"] and h["text"] and h["source"] for h in hits)  # no blank "ghost" hit
