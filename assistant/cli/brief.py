"""CLI commands of the planner area: ``auditprep brief DEPARTMENT``.

``brief`` prints the audit brief of one department: to the terminal (rich) by default, as one
JSON object with ``--json`` (``AuditBrief.to_dict()``: department, language, profile,
questions, sampling, pdca_coverage, opening, risks, uncovered_elements), or to a file with
``--output FILE`` whose suffix picks the format (.md, .docx, .json). ``--checklist FILE``
also writes the checklist auditors carry (内审检查表), as .xlsx or .docx. An unknown department
exits 1 with a message listing the departments of the index.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from assistant.planner.brief import AuditBrief

FORMATS = {".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".json": "json"}


def register(app: typer.Typer) -> None:
    """Add this area's commands to `app`."""
    app.command(name="brief")(brief)


def brief(
    department: Annotated[str, typer.Argument(help="Department name or alias, as the documents write it.")],
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="zh or en (default: the language of the department's documents)."),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document to stdout.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the brief to FILE; .md, .docx or .json.")
    ] = None,
    checklist: Annotated[
        Path | None,
        typer.Option(
            "--checklist", help="Also write the audit checklist (内审检查表) to FILE; .xlsx or .docx."
        ),
    ] = None,
) -> None:
    """Prepare the audit of one department: profile, questions, sampling, opening meeting, traps.

    Built by rules from your documents (no language model); every item cites its passages.
    """
    from assistant.cli.output import emit_json, reported_errors, stderr, stdout
    from assistant.config import get_settings
    from assistant.wiring import build_retriever

    if lang is not None and lang not in ("zh", "en"):
        raise typer.BadParameter("must be zh or en", param_hint="--lang")
    fmt = FORMATS.get(output.suffix.lower()) if output is not None else None
    if output is not None and fmt is None:
        raise typer.BadParameter(
            f"unknown suffix {output.suffix!r}; use .md, .docx or .json", param_hint="--output"
        )
    if checklist is not None and checklist.suffix.lower() not in (".xlsx", ".docx"):
        raise typer.BadParameter(
            f"unknown suffix {checklist.suffix!r}; use .xlsx or .docx", param_hint="--checklist"
        )
    from assistant.planner.planning import plan_audit

    with reported_errors():
        retriever = build_retriever(get_settings())
        result = plan_audit(retriever, department, language=lang)
    if output is not None:
        _write(result, output, fmt or "markdown")
        stderr.print(f"Wrote {output}", highlight=False)
    if checklist is not None:
        from assistant.render.checklist import render_checklist

        render_checklist(result, checklist)
        stderr.print(f"Wrote {checklist}", highlight=False)
    if json_output:
        emit_json(result.to_dict())
    elif output is None:
        from rich.markdown import Markdown

        from assistant.render.brief import render_markdown

        # The terminal shows the same Markdown as the file output, so there is one renderer.
        # Piped or redirected, the Markdown itself is printed: rich wraps Chinese text at any
        # character, which put a line break inside figures ("1\n0个工作日") in saved output.
        if stdout.is_terminal:
            stdout.print(Markdown(render_markdown(result)), soft_wrap=False)
        else:
            sys.stdout.write(render_markdown(result))
            sys.stdout.flush()


def _write(result: AuditBrief, output: Path, fmt: str) -> None:
    import json

    from assistant.render.brief import render_docx, render_markdown

    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "docx":
        render_docx(result, output)
    elif fmt == "json":
        output.write_text(
            json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
    else:
        output.write_text(render_markdown(result), encoding="utf-8")
