"""LLM writers: one writer class over any LangChain chat model, streamed, with a time limit.

``ChatModelWriter`` renders the prompt files ``prompts/chat/answer.<lang>.md`` (or
``prompts/planner/enrich.<lang>.md``), wraps every passage in ``<passage n=…>`` tags as quoted
data, and streams the model's reply through ``BaseChatModel.stream``. Sentences of a passage
that read like instructions to an AI are replaced by a notice before the model sees them, and
the prompt says that passage text is never an instruction: defence in depth, since
``assistant.answer.verification`` checks every sentence afterwards anyway.

Every failure (client library missing, model missing, server down, time limit) surfaces as
``WriterError`` so that ``assistant.answer.chat`` can fall back to the rules writer.

| name | chat model |
| --- | --- |
| ``llamacpp`` | ``LlamaCppChatModel`` below, over llama-cpp-python and a local GGUF file |
| ``ollama`` | ``langchain_ollama.ChatOllama`` |
| ``openai`` | ``langchain_openai.ChatOpenAI`` with ``base_url`` (vLLM, llama.cpp server, …) |

Usage::

    writer = get_writer("openai", model="qwen2.5-1.5b", base_url="http://127.0.0.1:8000/v1")
    for piece in writer.write(WriteRequest("…", "zh", hits)):
        print(piece, end="")
"""

from __future__ import annotations

import atexit
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict

from assistant.errors import WriterError
from assistant.retrieval.hybrid import Hit
from assistant.templates import load_prompt
from assistant.writers.base import Turn, WriteRequest
from assistant.writers.guards import is_instruction_like, strip_markers
from assistant.writers.registry import WRITERS
from ingest.text import split_sentences

MAX_PASSAGE_CHARS = 900
HISTORY_TURNS = 2
OMITTED = {
    "zh": "（此处一句疑似对AI下达指令的文字已略去）",
    "en": "(an instruction-like sentence was left out)",
}
_DONE = object()


def passage_block(number: int, hit: Hit, language: str, max_chars: int = MAX_PASSAGE_CHARS) -> str:
    """One passage as quoted data: tag characters inside the text cannot close the tag."""
    kept = []
    for line in hit.text.splitlines():
        sentences = split_sentences(line) or [line]
        kept.append("".join(OMITTED[language] if is_instruction_like(s) else s for s in sentences))
    text = "\n".join(kept).replace("<", "‹").replace(">", "›").strip()
    if len(text) > max_chars:
        text = text[:max_chars] + "…"
    title = hit.title.replace('"', "'")
    return f'<passage n="{number}" title="{title}" language="{hit.language}">\n{text}\n</passage>'


def history_block(history: Sequence[Turn], language: str) -> str:
    turns = list(history)[-HISTORY_TURNS:]
    if not turns:
        return ""
    label = ("此前的对话：", "问", "答") if language == "zh" else ("Earlier in this conversation:", "Q", "A")
    lines = [label[0]]
    for turn in turns:
        answer, _ = strip_markers(turn.answer)
        lines.append(f"{label[1]}: {turn.question}\n{label[2]}: {answer[:400]}")
    return "\n".join(lines) + "\n\n"


def build_messages(
    request: WriteRequest, max_passages: int | None = None, max_chars: int = MAX_PASSAGE_CHARS
) -> list[BaseMessage]:
    """System and user messages for ``request`` from the prompt files; passages beyond
    ``max_passages`` are left out (prompt length is what a small local model pays for)."""
    language = request.language if request.language in ("zh", "en") else "en"
    shown = list(request.passages)[:max_passages] if max_passages else list(request.passages)
    passages = "\n\n".join(passage_block(n, hit, language, max_chars) for n, hit in enumerate(shown, 1))
    if request.task == "enrich":
        prompt = load_prompt("planner/enrich", language)
        system, user = prompt.render(
            kind=request.item.get("kind", "question"),
            department=request.item.get("department", ""),
            passages=passages,
            text=request.item.get("text", ""),
        )
    else:
        prompt = load_prompt("chat/answer", language)
        system, user = prompt.render(
            passages=passages, question=request.question, history=history_block(request.history, language)
        )
    return [SystemMessage(system), HumanMessage(user)]


def _piece_text(chunk: Any) -> str:
    content = getattr(chunk, "content", chunk)
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content)


class ChatModelWriter:
    """A writer over a LangChain chat model built on first use by ``model_factory``.

    Args:
        name: the registry name, recorded in answers.
        model_factory: returns the chat model; may raise ``WriterError`` (missing extra).
        needs_network: True for server-backed models.
        timeout: seconds allowed for the whole answer; ``first_token_timeout`` for the first
            piece (defaults to ``timeout``). Past either, ``WriterError`` is raised.
        max_passages / max_passage_chars: how much of the retrieved text goes into the prompt.
    """

    can_stream = True

    def __init__(
        self,
        name: str,
        model_factory: Callable[[], BaseChatModel],
        needs_network: bool,
        timeout: float = 120.0,
        first_token_timeout: float | None = None,
        max_passages: int | None = None,
        max_passage_chars: int = MAX_PASSAGE_CHARS,
    ) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.max_passages = max_passages
        self.max_passage_chars = max_passage_chars
        self.name = name
        self.needs_network = needs_network
        self.timeout = timeout
        self.first_token_timeout = first_token_timeout or timeout
        self._factory = model_factory
        self._model: BaseChatModel | None = None
        # One generation at a time: a local model is not re-entrant, and an abandoned stream
        # (after a time-out) must finish before the next one starts.
        self._lock = threading.Lock()

    @property
    def model(self) -> BaseChatModel:
        if self._model is None:
            try:
                self._model = self._factory()
            except WriterError:
                raise
            except Exception as e:
                raise WriterError(f"Could not start the {self.name} writer: {e}") from e
        return self._model

    def write(self, request: WriteRequest) -> Iterator[str]:
        messages = build_messages(request, self.max_passages, self.max_passage_chars)
        model = self.model
        pieces: queue.Queue[object] = queue.Queue()
        stop = threading.Event()

        def produce() -> None:
            with self._lock:
                try:
                    for chunk in model.stream(messages):
                        if stop.is_set():
                            break
                        pieces.put(_piece_text(chunk))
                except Exception as e:  # handed to the consumer, which raises WriterError
                    pieces.put(e)
                finally:
                    pieces.put(_DONE)

        threading.Thread(target=produce, name=f"{self.name}-writer", daemon=True).start()
        started = time.monotonic()
        first = True
        try:
            while True:
                limit = self.first_token_timeout if first else self.timeout
                remaining = limit - (time.monotonic() - started)
                try:
                    item = pieces.get(timeout=max(remaining, 0.001))
                except queue.Empty:
                    what = "start answering" if first else "finish"
                    raise WriterError(
                        f"The {self.name} writer did not {what} within {limit:.0f}s. Raise "
                        "AUDITPREP_LLM_TIMEOUT or use a smaller model."
                    ) from None
                if item is _DONE:
                    return
                if isinstance(item, BaseException):
                    raise WriterError(f"The {self.name} writer failed: {item}") from item
                if item:
                    first = False
                    yield str(item)
        finally:
            stop.set()


# -- llama.cpp ---------------------------------------------------------------------------


@cache
def _llama(path: str, n_ctx: int, n_threads: int | None) -> Any:
    # Loading a GGUF file takes seconds; one instance per process and file.
    from llama_cpp import Llama

    model = Llama(model_path=path, n_ctx=n_ctx, n_threads=n_threads, n_batch=256, verbose=False, seed=0)
    # Free it before interpreter shutdown: llama-cpp-python's own finaliser fails once the
    # module globals are gone ("'NoneType' object is not callable" at exit).
    atexit.register(model.close)
    return model


class LlamaCppChatModel(BaseChatModel):
    """A LangChain chat model over llama-cpp-python; the GGUF file's own chat template applies."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_path: str
    n_ctx: int = 4096
    n_threads: int | None = None
    max_tokens: int = 384
    temperature: float = 0.0

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    @property
    def client(self) -> Any:
        return _llama(self.model_path, self.n_ctx, self.n_threads)

    def _params(self, stop: list[str] | None) -> dict[str, Any]:
        return {"max_tokens": self.max_tokens, "temperature": self.temperature, "stop": stop or None}

    @staticmethod
    def _dicts(messages: list[BaseMessage]) -> list[dict[str, str]]:
        roles = {"system": "system", "human": "user", "ai": "assistant"}
        return [{"role": roles.get(m.type, "user"), "content": _piece_text(m)} for m in messages]

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        reply = self.client.create_chat_completion(messages=self._dicts(messages), **self._params(stop))
        text = reply["choices"][0]["message"].get("content") or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        stream = self.client.create_chat_completion(
            messages=self._dicts(messages), stream=True, **self._params(stop)
        )
        for part in stream:
            delta = part["choices"][0].get("delta") or {}
            text = delta.get("content") or ""
            if not text:
                continue
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
            if run_manager:
                run_manager.on_llm_new_token(text, chunk=chunk)
            yield chunk


@WRITERS.register("llamacpp", help="a local GGUF model through llama-cpp-python (extra: llamacpp)")
def llamacpp_writer(
    model: str | None = None,
    cache_dir: Path | None = None,
    timeout: float = 120.0,
    n_ctx: int = 4096,
    n_threads: int | None = None,
    max_tokens: int = 384,
    **_: object,
) -> ChatModelWriter:
    """``model`` is a GGUF path or a key of ``gguf.MODELS`` (default: Qwen2.5-Coder-1.5B)."""

    def factory() -> BaseChatModel:
        try:
            import llama_cpp  # noqa: F401
        except ImportError as e:
            raise WriterError(
                "The llamacpp writer needs llama-cpp-python: run `pip install -e '.[llamacpp]'` "
                "(see docs/chat.md for a portable build), or set AUDITPREP_WRITER=rules."
            ) from e
        from assistant.writers.gguf import resolve_model_path

        path = resolve_model_path(model, cache_dir)
        return LlamaCppChatModel(
            model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, max_tokens=max_tokens
        )

    # Prompt processing dominates a small CPU model's latency: four passages of 600 characters
    # halve the prompt against five of 900 (see docs/chat.md).
    return ChatModelWriter(
        "llamacpp", factory, needs_network=False, timeout=timeout, max_passages=4, max_passage_chars=600
    )


# -- servers -----------------------------------------------------------------------------


def _require(value: str | None, variable: str, writer: str) -> str:
    if not value:
        raise WriterError(f"The {writer} writer needs {variable}; set it or use AUDITPREP_WRITER=rules.")
    return value


@WRITERS.register("ollama", help="a model served by Ollama (extra: llm; needs AUDITPREP_LLM_MODEL)")
def ollama_writer(
    model: str | None = None,
    base_url: str | None = None,
    timeout: float = 120.0,
    max_tokens: int = 384,
    **_: object,
) -> ChatModelWriter:
    def factory() -> BaseChatModel:
        try:
            from langchain_ollama import ChatOllama
        except ImportError as e:
            raise WriterError("The ollama writer needs `pip install -e '.[llm]'`.") from e
        return ChatOllama(
            model=_require(model, "AUDITPREP_LLM_MODEL", "ollama"),
            base_url=base_url or "http://127.0.0.1:11434",
            temperature=0.0,
            num_predict=max_tokens,
            client_kwargs={"timeout": timeout},
        )

    return ChatModelWriter("ollama", factory, needs_network=True, timeout=timeout)


@WRITERS.register("openai", help="any OpenAI-compatible server (extra: llm; AUDITPREP_LLM_URL, _MODEL)")
def openai_writer(
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    timeout: float = 120.0,
    max_tokens: int = 384,
    **_: object,
) -> ChatModelWriter:
    def factory() -> BaseChatModel:
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as e:
            raise WriterError("The openai writer needs `pip install -e '.[llm]'`.") from e
        return ChatOpenAI(
            model=_require(model, "AUDITPREP_LLM_MODEL", "openai"),
            base_url=_require(base_url, "AUDITPREP_LLM_URL", "openai"),
            # Local servers ignore the key, but the client insists on one.
            api_key=api_key or "not-needed",  # type: ignore[arg-type]
            timeout=timeout,
            max_retries=0,
            temperature=0.0,
            max_tokens=max_tokens,  # type: ignore[call-arg]
        )

    return ChatModelWriter("openai", factory, needs_network=True, timeout=timeout)
