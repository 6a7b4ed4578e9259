"""CLI commands of the chat area: ``auditprep ask`` and ``auditprep chat``.

``ask --json`` prints one JSON object (``Answer.to_dict()``: answer, answered, citations with
doc_id, chunk_id, title and a verbatim quote, writer, …); ``ask --stream`` prints the events of
``stream_answer`` as JSON lines. Without either, the draft streams on stderr while the writer
writes (on a terminal) and the checked answer with its sources goes to stdout.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

WriterOpt = Annotated[
    str | None,
    typer.Option("--writer", help="rules, llamacpp, ollama or openai (env AUDITPREP_WRITER; default rules)."),
]
DepartmentOpt = Annotated[
    str | None, typer.Option(help="Department (name or alias) the question is about.")
]
UnsupportedOpt = Annotated[
    str | None,
    typer.Option("--unsupported", help="mark or remove unsupported sentences (env AUDITPREP_UNSUPPORTED)."),
]
EXIT_WORDS = frozenset({"exit", "quit", "/exit", "/quit", "退出"})


def _components(writer_name: str | None, unsupported: str | None) -> tuple[Any, Any, str]:
    from assistant.config import get_settings
    from assistant.wiring import build_retriever, build_writer

    settings = get_settings()
    if writer_name is not None and writer_name not in ("rules", "llamacpp", "ollama", "openai", "fake"):
        raise typer.BadParameter("must be rules, llamacpp, ollama or openai", param_hint="--writer")
    policy = unsupported or settings.unsupported
    if policy not in ("mark", "remove"):
        raise typer.BadParameter("must be mark or remove", param_hint="--unsupported")
    return build_retriever(settings), build_writer(settings, writer_name), policy


def _run(events: Any, json_output: bool, stream: bool) -> dict[str, Any]:
    """Consume one answer's events: print them as asked; return the answer dict."""
    from rich.live import Live
    from rich.text import Text

    from assistant.cli.output import emit_json, stderr, stdout
    from assistant.render.answer import format_answer

    final: dict[str, Any] = {}
    show_draft = not json_output and not stream and stderr.is_terminal
    draft = Text(style="dim")
    with Live(draft, console=stderr, transient=True, auto_refresh=False) if show_draft else _Null() as live:
        for event in events:
            public = {k: v for k, v in event.items() if k != "result"}
            if stream:
                sys.stdout.write(json.dumps(public, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            if event["type"] == "token" and show_draft:
                draft.append(event["text"])
                live.refresh()
            elif event["type"] == "fallback":
                draft.truncate(0)
                if not stream:
                    note = f"{event['from']} writer failed ({event['reason']}); answering with rules."
                    stderr.print(note, style="yellow", highlight=False, markup=False)
            elif event["type"] == "answer":
                final = public["answer"]
    if json_output and not stream:
        emit_json(final)
    elif not stream:
        stdout.print(format_answer(final), highlight=False, markup=False, end="")
    return final


class _Null:
    def __enter__(self) -> _Null:
        return self

    def __exit__(self, *args: object) -> None:
        return None

    def refresh(self) -> None:
        return None


def register(app: typer.Typer) -> None:
    """Add this area's commands to `app`."""

    @app.command()
    def ask(
        question: Annotated[str, typer.Argument(help="The question, in Chinese or English.")],
        department: DepartmentOpt = None,
        writer: WriterOpt = None,
        unsupported: UnsupportedOpt = None,
        json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object to stdout.")] = False,
        stream: Annotated[
            bool, typer.Option("--stream", help="Print the events as JSON lines while the answer is written.")
        ] = False,
    ) -> None:
        """Answer a question from the indexed documents, with numbered citations.

        Requests for interview questions, sampling or opening remarks for a department go to
        the planner. With no relevant passage the answer says so (answered: false).
        """
        from assistant.answer.chat import stream_answer
        from assistant.cli.output import reported_errors

        with reported_errors():
            retriever, writer_obj, policy = _components(writer, unsupported)
            events = stream_answer(question, retriever, writer_obj, department, unsupported=policy)
            _run(events, json_output, stream)

    @app.command()
    def chat(
        department: DepartmentOpt = None,
        writer: WriterOpt = None,
        unsupported: UnsupportedOpt = None,
        json_output: Annotated[
            bool, typer.Option("--json", help="Print one JSON object per answer (JSON lines).")
        ] = False,
    ) -> None:
        """An interactive session: one question per line; follow-ups see earlier turns.

        Reads standard input until end of file or a line `exit`.
        """
        from assistant.answer.chat import ChatSession
        from assistant.cli.output import reported_errors, stderr

        with reported_errors():
            retriever, writer_obj, policy = _components(writer, unsupported)
            session = ChatSession(retriever, writer_obj, department, unsupported=policy)
            interactive = sys.stdin.isatty()
            if interactive:
                stderr.print("Ask about your documents (zh/en). `exit` or Ctrl-D ends.", highlight=False)
            while True:
                if interactive:
                    stderr.print("[bold]> [/bold]", end="")
                line = sys.stdin.readline()
                if not line:
                    break
                question = line.strip()
                if not question:
                    continue
                if question.lower() in EXIT_WORDS:
                    break
                if json_output:
                    final = next(e["answer"] for e in session.stream(question) if e["type"] == "answer")
                    sys.stdout.write(json.dumps(final, ensure_ascii=False) + "\n")
                    sys.stdout.flush()
                else:
                    _run(session.stream(question), json_output=False, stream=False)
                    sys.stdout.write("\n")
