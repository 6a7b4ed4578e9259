"""The writer registry: built-in writers register here exactly as an add-on would.

| name | what | needs |
| --- | --- | --- |
| ``rules`` (default) | extractive answer from the best passages; no model, deterministic | nothing |
| ``llamacpp`` | a local GGUF model through llama-cpp-python | extra ``llamacpp`` and a model |
| ``ollama`` | a model served by Ollama | extra ``llm`` and a server URL |
| ``openai`` | any OpenAI-compatible server (vLLM, llama.cpp server, …) | extra ``llm``, URL and model |
| ``fake`` | scripted with ``enqueue()``; for tests | nothing |

Usage::

    writer = get_writer("rules")
    writer = get_writer("openai", model="qwen2.5", base_url="http://127.0.0.1:8000/v1")
"""

from __future__ import annotations

import importlib

from assistant.writers.base import Writer
from ingest.registry import Registry

WRITERS: Registry[Writer] = Registry("writer")


# Importing a module runs its @WRITERS.register decorators. Built-ins are named, not imported,
# here (as simonw/llm loads its default plugins): they import this registry, so a static import
# back would make a cycle. LLM client libraries load later, inside the factories, so a missing
# optional extra costs nothing here.
BUILTIN_WRITERS = ("assistant.writers.rules", "assistant.writers.llm", "assistant.writers.fake")


def _load_builtins() -> None:
    for module_name in BUILTIN_WRITERS:
        importlib.import_module(module_name)


def get_writer(name: str, **options: object) -> Writer:
    """Build the writer registered as ``name`` with ``options``.

    Raises:
        UnknownComponentError: no writer has that name; the message lists the valid ones.
        WriterError: the writer's optional dependencies or model are missing.
    """
    _load_builtins()
    return WRITERS.get(name, **options)


def writer_names() -> list[str]:
    _load_builtins()
    return WRITERS.names()
