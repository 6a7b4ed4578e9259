"""A server a team can share: keys, host names, limits, error shapes (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.api import create_app
from assistant.api.errors import scrub_paths, status_for
from assistant.api.security import read_key_file
from assistant.cli.app import app as cli_app
from assistant.config import Settings
from assistant.errors import ConfigError, IndexNotFoundError, IndexUnavailableError, UnknownDepartmentError
from tests.api.support import local_client

KEY = "k" * 24
OTHER_KEY = "o" * 24


@pytest.fixture
def keyed(tiny_index: Path) -> TestClient:
    return local_client(create_app(Settings(data_dir=tiny_index, embedder="hash", api_key=KEY)))


def _example(schema: dict[str, Any], ref_or_schema: dict[str, Any]) -> Any:
    """A minimal valid JSON body for a request schema (enough to get past validation)."""
    if "$ref" in ref_or_schema:
        ref_or_schema = schema["components"]["schemas"][ref_or_schema["$ref"].rsplit("/", 1)[-1]]
    return {name: "办公室" for name in ref_or_schema.get("required", [])}


def _protected_calls(client: TestClient) -> list[tuple[str, str, Any]]:
    schema = client.get("/api/openapi.json").json()
    calls = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if path == "/api/health":
                continue
            concrete = path.replace("{department}", "办公室")
            params = {p["name"]: "x" for p in operation.get("parameters", []) if p.get("required")}
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            payload = _example(schema, body["schema"]) if body else None
            calls.append((method.upper(), concrete + ("?" + "&".join(f"{k}=x" for k in params) if params
                                                      and "{" not in path else ""), payload))
    return calls


def test_every_route_but_health_refuses_without_a_key_and_with_a_wrong_one(keyed: TestClient) -> None:
    calls = _protected_calls(keyed)
    assert len(calls) >= 6  # search, departments, plan (3 forms), ask, chat stream
    for method, path, payload in calls:
        for headers in ({}, {"Authorization": f"Bearer {OTHER_KEY}"}, {"Authorization": KEY}):
            response = keyed.request(method, path, json=payload, headers=headers)
            assert response.status_code == 401, (method, path, headers, response.text)
            assert response.json()["ok"] is False and response.headers["www-authenticate"] == "Bearer"
        allowed = keyed.request(method, path, json=payload, headers={"Authorization": f"Bearer {KEY}"})
        assert allowed.status_code != 401, (method, path)
    assert keyed.get("/api/health").status_code == 200
    assert keyed.get("/api/health").json()["auth"] is True


def test_named_keys_from_a_file_are_read_again_when_it_changes(tiny_index: Path, tmp_path: Path) -> None:
    keys = tmp_path / "keys.yaml"
    keys.write_text(f"- name: lead\n  key: {KEY}\n", encoding="utf-8")
    client = local_client(create_app(Settings(data_dir=tiny_index, embedder="hash", api_keys_file=keys)))
    ok = {"Authorization": f"Bearer {KEY}"}
    assert client.get("/api/departments", headers=ok).status_code == 200
    keys.write_text(f"- name: trainer\n  key: {OTHER_KEY}\n", encoding="utf-8")  # the lead's key revoked
    import os

    os.utime(keys, ns=(1, 1))  # a different modification time, whatever the clock's resolution
    assert client.get("/api/departments", headers=ok).status_code == 401
    assert client.get("/api/departments", headers={"Authorization": f"Bearer {OTHER_KEY}"}).status_code == 200


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ("name: lead\nkey: x\n", "must be a list"),
        ("- {name: lead, key: short}\n", "at least 16 characters"),
        ("- {name: lead, key: " + KEY + ", role: admin}\n", "exactly the keys name and key"),
        ("- {name: a, key: " + KEY + "}\n- {name: a, key: " + OTHER_KEY + "}\n", "used twice"),
        ("- [unclosed\n", "not valid YAML"),
    ],
)
def test_a_bad_key_file_is_an_error_naming_the_file(tmp_path: Path, content: str, complaint: str) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=complaint) as raised:
        read_key_file(path)
    assert str(path) in str(raised.value)


def test_serve_refuses_to_listen_beyond_loopback_without_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDITPREP_API_KEY", raising=False)
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "AUDITPREP_API_KEY" in result.stderr and "--insecure" in result.stderr


def test_a_foreign_host_name_is_refused(tiny_index: Path) -> None:
    client = TestClient(create_app(Settings(data_dir=tiny_index, embedder="hash")), base_url="http://evil.example")
    assert client.get("/api/health").status_code == 400
    assert local_client(create_app(Settings(data_dir=tiny_index, embedder="hash"))).get(
        "/api/health").status_code == 200


def test_a_body_over_the_limit_is_413_json(tiny_index: Path) -> None:
    client = local_client(create_app(Settings(data_dir=tiny_index, embedder="hash", max_body_bytes=2000)))
    response = client.post("/api/ask", json={"question": "问" * 5000})
    assert response.status_code == 413
    assert "AUDITPREP_MAX_BODY_BYTES" in response.json()["error"]

    def chunks():  # no Content-Length: the body is counted as it arrives
        yield b'{"question": "'
        for _ in range(10):
            yield b"x" * 500
        yield b'"}'

    streamed = client.post("/api/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413


def test_limits_on_question_and_history_name_their_setting(tiny_index: Path) -> None:
    settings = Settings(
        data_dir=tiny_index, embedder="hash", max_question_chars=50, max_history_turns=2,
        max_history_chars=100,
    )
    client = local_client(create_app(settings))
    too_long = client.post("/api/ask", json={"question": "档案" * 40})
    assert too_long.status_code == 422 and "AUDITPREP_MAX_QUESTION_CHARS" in too_long.json()["error"]
    turns = [{"role": r, "content": "借阅"} for r in ("user", "assistant", "user")]
    many = client.post("/api/ask", json={"question": "时限？", "history": turns})
    assert many.status_code == 422 and "AUDITPREP_MAX_HISTORY_TURNS" in many.json()["error"]
    wordy = [{"role": "user", "content": "借" * 80}, {"role": "assistant", "content": "阅" * 80}]
    chars = client.post("/api/ask", json={"question": "时限？", "history": wordy})
    assert chars.status_code == 422 and "AUDITPREP_MAX_HISTORY_CHARS" in chars.json()["error"]


@pytest.mark.parametrize(
    ("roles", "complaint"),
    [
        (["assistant"], "must start with a user turn"),
        (["user", "assistant", "assistant"], "turn 3 answers no question"),  # found by the fuzz test
    ],
)
def test_history_where_an_answer_follows_no_question_is_a_clear_422(
    client_hash: TestClient, roles: list[str], complaint: str
) -> None:
    history = [{"role": role, "content": "前面的内容"} for role in roles]
    response = client_hash.post("/api/ask", json={"question": "时限？", "history": history})
    assert response.status_code == 422
    assert complaint in response.json()["error"]


def test_a_question_without_its_answer_in_history_is_accepted(client_hash: TestClient) -> None:
    history = [{"role": "user", "content": "档案借阅？"}, {"role": "user", "content": "时限呢？"}]
    assert client_hash.post("/api/ask", json={"question": "几天？", "history": history}).status_code == 200


def test_errors_quote_only_an_excerpt_of_the_input(client_hash: TestClient) -> None:
    huge = "甲" * 100_000
    response = client_hash.post("/api/ask", json={"question": "时限？", "department": huge})
    assert response.status_code == 422
    assert len(response.text) < 3000
    assert "100,000 characters" in json.dumps(response.json(), ensure_ascii=False)


def test_undeclared_methods_get_405_with_allow(client_hash: TestClient) -> None:
    response = client_hash.put("/api/ask", json={"question": "x"})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert client_hash.delete("/api/search").status_code == 405
    assert client_hash.put("/api/no-such-thing").status_code == 404


def test_api_docs_load_their_assets_from_this_server(client_hash: TestClient) -> None:
    page = client_hash.get("/api/docs").text
    assert "/api/docs-assets/swagger-ui-bundle.js" in page and "cdn." not in page
    asset = client_hash.get("/api/docs-assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.content) > 100_000


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (IndexUnavailableError("Chroma failed"), 503),
        (IndexNotFoundError("no index"), 404),
        (UnknownDepartmentError("no such"), 404),
        (ConfigError("bad"), 400),
    ],
)
def test_error_classes_map_to_statuses(error: Exception, status: int) -> None:
    assert status_for(error) == status  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("message", "scrubbed"),
    [
        ("No index at /srv/audit/data/index. Run ingest.", "No index at <path>. Run ingest."),
        ("Chroma failed at /home/li/.local/share/auditprep (x)", "Chroma failed at <path> (x)"),
        ("symlink to /etc/passwd skipped", "symlink to <path> skipped"),
        ("See /api/docs for the list.", "See /api/docs for the list."),  # API paths stay
        ("ratio 3/4 and http://127.0.0.1:8765/api/x", "ratio 3/4 and http://127.0.0.1:8765/api/x"),
        ("办理时限/天", "办理时限/天"),
    ],
)
def test_paths_are_scrubbed_from_messages(message: str, scrubbed: str) -> None:
    assert scrub_paths(message) == scrubbed


@pytest.fixture
def client_hash(tiny_index: Path) -> TestClient:
    return local_client(create_app(Settings(data_dir=tiny_index, embedder="hash")))
