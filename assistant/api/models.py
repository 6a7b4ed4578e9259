"""Request and response models of the HTTP API. Lists come back as ``{data, count}``.

Plan and answer bodies are the ``to_dict()`` of the planner's and chat's own dataclasses;
their models here allow extra fields so the API passes through whatever those modules add.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Language = Literal["zh", "en"]
Mode = Literal["hybrid", "dense", "bm25"]


class HealthResponse(BaseModel):
    ok: bool = Field(description="The server runs. It stays true without an index; see `index_ready`.")
    index_ready: bool = Field(description="An index exists and opens with the configured embedder.")
    chunks: int = Field(description="Chunks in the index (0 without one).")
    departments: int = Field(description="Departments named in the index.")
    embedder: str
    writer: str
    auth: bool = Field(description="Requests other than this one need `Authorization: Bearer KEY`.")
    error: str | None = Field(default=None, description="Why the index is not ready, with the next step.")


class HitModel(BaseModel):
    """One retrieved chunk; ``score`` is higher-is-better (RRF, cosine similarity or BM25 by mode)."""

    chunk_id: str
    doc_id: str
    title: str
    source: str
    department: str
    doc_type: str
    language: str
    heading_path: str
    text: str
    score: float
    ranks: dict[str, int] = Field(default_factory=dict)


class SearchResponse(BaseModel):
    data: list[HitModel]
    count: int
    degraded: bool = Field(
        default=False, description="True when the vector store was down and only BM25 answered."
    )
    warning: str | None = Field(default=None, description="Why the results are degraded.")


class DepartmentModel(BaseModel):
    name: str
    aliases: list[str]
    documents: int
    chunks: int
    languages: list[str]


class DepartmentsResponse(BaseModel):
    data: list[DepartmentModel]
    count: int


class PlanRequest(BaseModel):
    department: str = Field(min_length=1, description="Department name or alias, as in the index.")
    language: Language | None = Field(
        default=None, description="Brief language; default: that of the department's documents."
    )


class PlanResponse(BaseModel):
    """An audit brief (``AuditBrief.to_dict()``)."""

    model_config = ConfigDict(extra="allow")


class ChatTurn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=8000)


class AskRequest(BaseModel):
    """A question, with the earlier turns of the conversation when it is a follow-up.

    Limits (settings): the question's length (AUDITPREP_MAX_QUESTION_CHARS), the history's
    turns (AUDITPREP_MAX_HISTORY_TURNS) and characters (AUDITPREP_MAX_HISTORY_CHARS); the
    routers check them, so an error names the setting.
    """

    question: str = Field(min_length=1, max_length=20_000)
    department: str | None = Field(
        default=None, max_length=200, description="Only passages of this department."
    )
    writer: str | None = Field(
        default=None, max_length=40, description="Writer for this answer; default AUDITPREP_WRITER."
    )
    history: list[ChatTurn] | None = Field(
        default=None, max_length=200, description="Earlier turns, oldest first, starting with a user turn."
    )

    @model_validator(mode="after")
    def _every_answer_follows_a_question(self) -> AskRequest:
        previous = "assistant"  # so that a history opening with an answer is refused too
        for n, turn in enumerate(self.history or []):
            if turn.role == "assistant" and previous != "user":
                where = "must start with a user turn" if n == 0 else f"turn {n + 1} answers no question"
                raise ValueError(f"history {where}: each assistant turn follows the user turn it answers")
            previous = turn.role
        return self


class AnswerResponse(BaseModel):
    """An answer with numbered citations (``Answer.to_dict()``)."""

    model_config = ConfigDict(extra="allow")


def hit_models(hits: list[Any]) -> list[HitModel]:
    return [HitModel(**hit.to_dict()) for hit in hits]


class DocumentModel(BaseModel):
    """One document: an upload (``sha256`` set) or a file ingested from a folder (``sha256`` null).

    ``chunks`` is 0 for an upload that is stored but not (yet) in the index.
    """

    display_name: str = Field(description="The upload's file name (a label only), or the indexed source.")
    sha256: str | None = Field(description="Content hash of an uploaded original; null for folder files.")
    source: str = Field(description="The `source` its passages cite.")
    title: str
    doc_type: str
    department: str
    language: str
    chunks: int
    uploaded_at: str | None = None
    uploaded_by: str | None = Field(default=None, description="Name of the API key that uploaded it.")
    department_override: str | None = Field(default=None, description="Department chosen at upload.")


class DocumentsResponse(BaseModel):
    data: list[DocumentModel]
    count: int


class UploadResultModel(BaseModel):
    """What became of one uploaded file."""

    display_name: str
    sha256: str | None = None
    status: Literal["added", "unchanged", "failed"] = Field(
        description="added: stored and indexed; unchanged: the same bytes were already stored; "
        "failed: not indexed (the original is not kept)."
    )
    reason: str | None = None


class UploadResponse(BaseModel):
    data: list[UploadResultModel]
    count: int
    generation: int = Field(description="Index generation after the sync; searches see it at once.")


class DeleteResponse(BaseModel):
    sha256: str
    display_name: str
    chunks_deleted: int
    generation: int


class SyncJobModel(BaseModel):
    """The document sync of this server: one at a time (upload, delete or re-ingest)."""

    state: Literal["idle", "running", "done", "failed"]
    kind: str | None = Field(default=None, description="upload, delete or reingest.")
    started_by: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    done: int = Field(default=0, description="Files examined so far.")
    total: int = Field(default=0, description="Files to examine (0 until the folders are walked).")
    current: str | None = Field(default=None, description="Display name of the file being examined.")
    report: dict[str, Any] | None = Field(default=None, description="The sync's report when it ended.")
    error: str | None = None
