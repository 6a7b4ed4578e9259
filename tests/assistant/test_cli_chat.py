"""`auditprep ask` and `auditprep chat` on a real (hash-embedder) index of the tiny corpus."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.retrieval.hybrid import HybridRetriever
from ingest.embedders import HashEmbeddings
from tests.assistant.chat_support import DATA, build_index


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    root = tmp_path_factory.mktemp("cli-chat")
    return build_index(DATA / "tiny", root / "index", HashEmbeddings())


@pytest.fixture
def cli(tiny_index: HybridRetriever, settings_for: Callable[..., object]) -> CliRunner:
    assert tiny_index.data_dir is not None
    settings_for(tiny_index.data_dir, "hash")
    return CliRunner()


def _chunk_texts(retriever: HybridRetriever) -> dict[str, str]:
    return {hit.chunk_id: hit.text for hit in retriever.chunks()}


def test_ask_json_prints_one_object_with_the_contract_fields(
    cli: CliRunner, tiny_index: HybridRetriever
) -> None:
    result = cli.invoke(app, ["ask", "档案借阅原件最多借出几天？", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)  # stdout holds exactly one JSON document
    assert isinstance(body["answer"], str) and "7天" in body["answer"]
    assert body["answered"] is True and body["writer"] == "rules"
    texts = _chunk_texts(tiny_index)
    assert body["citations"]
    for citation in body["citations"]:
        assert {"doc_id", "chunk_id", "title", "quote"} <= citation.keys()
        assert citation["quote"] in texts[citation["chunk_id"]]


def test_ask_json_on_an_off_topic_question_says_not_answered(cli: CliRunner) -> None:
    result = cli.invoke(app, ["ask", "How do I bake a chocolate cake?", "--json"])
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert body["answered"] is False and body["citations"] == []
    assert body["answer"].startswith("The documents do not cover this")


def test_writer_is_chosen_by_the_environment_and_falls_back_on_error(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An openai writer with no server URL fails on its first call; the answer still comes.
    monkeypatch.setenv("AUDITPREP_WRITER", "openai")
    monkeypatch.setenv("AUDITPREP_LLM_MODEL", "any-model")
    from assistant.config import get_settings

    get_settings.cache_clear()
    result = cli.invoke(app, ["ask", "档案借阅原件最多借出几天？", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["writer"] == "rules" and body["fallback_from"] == "openai"
    assert "AUDITPREP_LLM_URL" in body["fallback_reason"]
    assert body["answered"]


def test_writer_option_overrides_the_environment(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITPREP_WRITER", "ollama")
    from assistant.config import get_settings

    get_settings.cache_clear()
    result = cli.invoke(app, ["ask", "档案借阅原件最多借出几天？", "--json", "--writer", "rules"])
    body = json.loads(result.stdout)
    assert body["writer"] == "rules" and body["fallback_from"] is None


def test_unknown_writer_option_is_a_usage_error(cli: CliRunner) -> None:
    result = cli.invoke(app, ["ask", "x", "--writer", "gpt"])
    assert result.exit_code == 2
    assert "rules, llamacpp, ollama or openai" in result.output


def test_unknown_department_exits_1_with_the_list_on_stderr(cli: CliRunner) -> None:
    result = cli.invoke(app, ["ask", "借阅期限？", "--department", "消防科"])
    assert result.exit_code == 1
    assert "档案科" in result.stderr and result.stdout == ""


def test_ask_stream_prints_token_events_before_the_answer(cli: CliRunner) -> None:
    result = cli.invoke(app, ["ask", "档案借阅原件最多借出几天？", "--stream"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    kinds = [e["type"] for e in events]
    assert kinds[0] == "token" and kinds[-1] == "answer" and kinds.count("token") >= 2
    assert events[-1]["answer"]["answered"] is True


def test_ask_without_json_prints_the_answer_and_numbered_sources(cli: CliRunner) -> None:
    result = cli.invoke(app, ["ask", "How quickly is a requested file retrieved?"])
    assert result.exit_code == 0, result.output
    assert "one working day" in result.stdout
    assert "Sources:" in result.stdout and "[1] Records Office Overview" in result.stdout


def test_chat_reads_questions_until_exit_and_resolves_follow_ups(cli: CliRunner) -> None:
    questions = "档案科的档案借阅有什么规定？\n那销毁呢？\nexit\n这一行不会被读到\n"
    result = cli.invoke(app, ["chat", "--json"], input=questions)
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 2
    assert answers[1]["department"] == "档案科" and "销毁" in answers[1]["answer"]


def test_chat_ends_at_end_of_input(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["chat"], input="档案借阅原件最多借出几天？\n")
    assert result.exit_code == 0, result.output
    assert "7天" in result.stdout and "来源" in result.stdout
