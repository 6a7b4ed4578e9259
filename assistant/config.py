"""Settings, read from ``AUDITPREP_*`` environment variables or a ``.env`` file.

Precedence: CLI flag, environment variable, ``.env``, default. Only ``assistant/wiring.py``
reads settings; components take plain constructor arguments. Build settings with
``get_settings()`` (cached), never at import time.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.limits import DEFAULT_MAX_CHUNKS_PER_FILE, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_TEXT_CHARS

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("auditprep", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AUDITPREP_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder of the index (manifest, lexical index, embedded Chroma). "
        "Two different folders never share state.",
    )
    chroma_url: str | None = Field(
        default=None, description="URL of a `chroma run` server; unset means the embedded store."
    )
    embedder: str = Field(
        default="e5-small",
        description="Embedding model: e5-small, use-multilingual, hash (tests), or st:<local model>.",
    )
    cross_matcher: str = Field(
        default="use-multilingual",
        description="Embedder that compares a question with sentences in the other language "
        "(relevance and the rules writer; assistant/retrieval/crosslingual.py), or 'none'.",
    )
    reranker: str | None = Field(
        default=None, description="Local sentence-transformers cross-encoder (folder path) to rerank hits."
    )
    fusion: Literal["convex", "rrf"] = Field(
        default="convex",
        description="How hybrid search fuses dense and BM25: convex (min-max normalised scores) or rrf.",
    )
    # Chosen by measurement (docs/evals.md): equal weights gave the best mean MRR@10 over the
    # tuning halves of CMRC 2018 and our gold sets, and beat both single retrievers on CMRC.
    dense_weight: float = Field(default=1.0, ge=0, description="Weight of dense search in hybrid fusion.")
    lexical_weight: float = Field(default=1.0, ge=0, description="Weight of BM25 in hybrid fusion.")
    candidates: int = Field(default=40, ge=1, description="Hits fetched from each retriever before fusion.")
    writer: str = Field(default="rules", description="Answer writer: rules, llamacpp, ollama or openai.")
    llm_model: str | None = Field(
        default=None, description="Model name for ollama/openai, or a GGUF path for llamacpp."
    )
    llm_url: str | None = Field(
        default=None, description="Base URL of the ollama or OpenAI-compatible server."
    )
    llm_api_key: str | None = Field(default=None, description="API key for an OpenAI-compatible server.")
    llm_timeout: float = Field(default=120.0, gt=0, description="Seconds before an LLM call is abandoned.")
    unsupported: str = Field(
        default="mark", description="What to do with answer sentences no passage supports: mark or remove."
    )
    debug: bool = Field(default=False, description="Show tracebacks on errors.")
    # Per-file limits of ingestion (ingest/limits.py): a file over one is skipped with a message.
    max_file_bytes: int = Field(
        default=DEFAULT_MAX_FILE_BYTES, gt=0, description="Largest file ingested, in bytes."
    )
    max_text_chars: int = Field(
        default=DEFAULT_MAX_TEXT_CHARS, gt=0, description="Most characters of text one file may hold."
    )
    max_chunks_per_file: int = Field(
        default=DEFAULT_MAX_CHUNKS_PER_FILE, gt=0, description="Most chunks one file may give."
    )
    # The server a team shares (auditprep serve). See docs/api.md, "Keys and limits".
    api_key: SecretStr | None = Field(
        default=None,
        description="Key every API request but /api/health must send as `Authorization: Bearer KEY`.",
    )
    api_keys_file: Path | None = Field(
        default=None,
        description="YAML file of named keys (`- {name: lead, key: ...}`), for several users; "
        "used with or instead of AUDITPREP_API_KEY.",
    )
    allowed_hosts: list[str] = Field(
        default=["127.0.0.1", "localhost", "::1", "[::1]"],
        description="Host headers the server answers (trusted-host check against DNS rebinding). "
        "Add the server's name when it is reached from other machines.",
    )
    max_body_bytes: int = Field(default=1_000_000, gt=0, description="Largest request body accepted.")
    max_upload_bytes: int = Field(
        default=100_000_000, gt=0,
        description="Largest upload request (POST /api/documents, all files together), in bytes; "
        "each file is also held to AUDITPREP_MAX_FILE_BYTES.",
    )
    request_timeout: float = Field(
        default=120.0, gt=0,
        description="Seconds an answer (/api/ask, /api/chat/stream) may take before it is stopped "
        "with a 504.",
    )
    max_question_chars: int = Field(default=2000, gt=0, description="Longest question accepted.")
    max_history_turns: int = Field(default=20, ge=0, description="Most earlier turns a request may send.")
    max_history_chars: int = Field(
        default=20_000, ge=0, description="Most characters of earlier turns a request may send, in all."
    )

    @field_validator("unsupported")
    @classmethod
    def _check_unsupported(cls, value: str) -> str:
        if value not in ("mark", "remove"):
            raise ValueError("AUDITPREP_UNSUPPORTED must be 'mark' or 'remove'")
        return value

    @field_validator("writer")
    @classmethod
    def _check_writer(cls, value: str) -> str:
        allowed = ("rules", "llamacpp", "ollama", "openai", "fake")
        if value not in allowed:
            raise ValueError(f"AUDITPREP_WRITER must be one of {', '.join(allowed[:-1])}, got {value!r}")
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
