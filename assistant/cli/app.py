"""The ``auditprep`` command line. Thin: parse, call a service function, format.

stdout carries only the result (``--json`` prints one JSON document); logs, warnings and
progress bars go to stderr. Exit codes: 0 success, 1 an ``AuditPrepError`` (message on
stderr), 2 a usage error. Tracebacks only with ``AUDITPREP_DEBUG=1``.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from assistant.cli.output import JsonOpt, ProgressLines, emit_json, reported_errors, stderr, stdout
from assistant.config import PROJECT_ROOT, get_settings

app = typer.Typer(
    name="auditprep",
    help="AuditPrep: prepare internal audits of functional departments from your documents (zh/en).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _setup_logging() -> None:
    level = logging.DEBUG if os.environ.get("AUDITPREP_DEBUG") == "1" else logging.WARNING
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")


@app.callback()
def main() -> None:
    _setup_logging()


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders to index (default: the bundled corpus/).")
    ] = None,
    department: Annotated[
        str | None,
        typer.Option(
            "--department",
            help="Assign every file under PATHS to this department (remembered; \"\" forgets it). "
            "A departments.yaml in the folder declares several.",
        ),
    ] = None,
    json_output: JsonOpt = False,
) -> None:
    """Index documents (Markdown, text, DOCX, PDF, HTML). Re-running syncs only what changed.

    Departments are found from each file's content (a duties section, the unit its title
    names, the file name), or declared: a departments.yaml in the folder (draft one with
    `auditprep departments --init FOLDER`) or --department. The index lives in
    AUDITPREP_DATA_DIR; the model is AUDITPREP_EMBEDDER.
    """
    from assistant.wiring import build_ingester

    targets = paths or [PROJECT_ROOT / "corpus"]
    with reported_errors():
        ingester = build_ingester(get_settings())
        show_bar = not json_output and stderr.is_terminal
        if show_bar:
            from rich.progress import Progress

            with Progress(console=stderr, transient=True) as bar:
                task = bar.add_task("Indexing", total=None)

                def progress(done: int, total: int, name: str) -> None:
                    bar.update(task, completed=done, total=total, description=f"Indexing {name[:30]}")

                report = ingester.sync(targets, progress=progress, department=department)
        elif json_output:
            report = ingester.sync(targets, department=department)
        else:
            # Redirected to a log: a plain line now and then, so a long first ingest is not silence.
            report = ingester.sync(targets, progress=ProgressLines(stderr), department=department)
    # Reasons quote install commands with [brackets]: escaped, or rich reads them as markup.
    for path, reason in report.failed:
        stderr.print(f"[yellow]Skipped[/yellow] {escape(path)}: {escape(reason)}", highlight=False)
    for path, reason in report.warnings:
        stderr.print(f"[yellow]Note[/yellow] {escape(path)}: {escape(reason)}", highlight=False)
    if json_output:
        emit_json(report.to_dict())
    else:
        stdout.print(report.summary(), highlight=False)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in Chinese or English.")],
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="Number of hits.")] = 5,
    department: Annotated[str | None, typer.Option(help="Only this department (name or alias).")] = None,
    doc_type: Annotated[
        str | None, typer.Option("--doc-type", help="guidance, department, system or record.")
    ] = None,
    language: Annotated[str | None, typer.Option(help="Only passages in this language (zh, en).")] = None,
    mode: Annotated[str, typer.Option(help="hybrid, dense or bm25.")] = "hybrid",
    json_output: JsonOpt = False,
) -> None:
    """Search the index with hybrid (dense + BM25) retrieval."""
    from assistant.wiring import build_retriever
    from ingest.metadata.doctypes import DOC_TYPES

    if mode not in ("hybrid", "dense", "bm25"):
        raise typer.BadParameter("mode must be hybrid, dense or bm25", param_hint="--mode")
    if doc_type is not None and doc_type not in DOC_TYPES:
        # Every chunk carries one of these types, so any other value would silently find nothing.
        raise typer.BadParameter(f"doc type must be one of {', '.join(DOC_TYPES)}", param_hint="--doc-type")
    with reported_errors():
        retriever = build_retriever(get_settings())
        hits = retriever.search(
            query, k=k, department=department, doc_type=doc_type, language=language, mode=mode  # type: ignore[arg-type]
        )
    if json_output:
        emit_json([hit.to_dict() for hit in hits])
        return
    if not hits:
        stdout.print("No passages found.")
    for n, hit in enumerate(hits, 1):
        where = " > ".join(p for p in [hit.heading_path] if p)
        stdout.print(f"[bold]{n}. {hit.title}[/bold]  [dim]{hit.source} · {where} · {hit.score:.4f}[/dim]")
        stdout.print(hit.text.strip(), highlight=False)
        stdout.print()


NO_DEPARTMENTS_HINT = (
    "No departments found. AuditPrep finds a department from a document that states its duties "
    "(a heading such as 主要职责 / 职责 / Duties / Responsibilities) or names the unit in its title "
    "or file name (行政审批科职责.docx, \"Bureau: Finance Section\"). To declare them instead: "
    "`auditprep departments --init FOLDER > FOLDER/departments.yaml`, correct the file, and ingest "
    "the folder again; or `auditprep ingest FOLDER --department NAME` for a folder of one department."
)


@app.command()
def departments(
    init: Annotated[
        Path | None,
        typer.Option(
            "--init", metavar="FOLDER",
            help="Print a draft departments.yaml for FOLDER (from what was detected when it was "
            "ingested), for you to correct and save there.",
        ),
    ] = None,
    json_output: JsonOpt = False,
) -> None:
    """List the departments found in the index: aliases, documents, and how each was found.

    Also lists documents that mention departments without being assigned to one.
    """
    from assistant.wiring import build_retriever

    with reported_errors():
        retriever = build_retriever(get_settings())
        infos = retriever.departments()
        # The catalogue reads every stored chunk: only --init and the table listing need it.
        rows = retriever.documents() if init is not None or not json_output else []
    if init is not None:
        from ingest.metadata.declarations import draft_declarations

        prefix = init.resolve().name + "/"
        chosen = [r.to_dict() for r in rows if r.source.startswith(prefix)]
        if not chosen:
            stderr.print(f"No indexed documents from {init}. Run `auditprep ingest {init}` first.")
            raise typer.Exit(1)
        sys.stdout.write(draft_declarations(chosen))
        return
    unassigned = [r for r in rows if r.mentions and not r.department]
    if json_output:
        # The list stays the stable contract; documents that only mention departments are in
        # `auditprep documents --json` (their "department" is empty, "mentions" is not).
        emit_json(
            [
                {"department": i.name, "aliases": list(i.aliases), "documents": i.documents,
                 "chunks": i.chunks, "languages": list(i.languages), "found_by": list(i.found_by)}
                for i in infos
            ]
        )
        return
    if not infos:
        stderr.print(NO_DEPARTMENTS_HINT, highlight=False, markup=False)
        return
    table = Table("department", "aliases", "documents", "chunks", "languages", "found by")
    for i in infos:
        table.add_row(i.name, ", ".join(i.aliases), str(i.documents), str(i.chunks), ", ".join(i.languages),
                      ", ".join(i.found_by))
    stdout.print(table)
    if unassigned:
        stdout.print("Documents that mention departments but belong to none (records, procedures, guidance):")
        for r in unassigned:
            line = f"  {r.source} ({r.doc_type}): {', '.join(r.mentions)}"
            stdout.print(line, highlight=False, markup=False)


@app.command()
def documents(json_output: JsonOpt = False) -> None:
    """List the indexed documents: title, type, department, language, chunks, and how the
    department and the type were found."""
    from assistant.wiring import build_retriever

    with reported_errors():
        rows = build_retriever(get_settings()).documents()
    if json_output:
        emit_json([r.to_dict() for r in rows])
        return
    table = Table("source", "title", "type", "department", "language", "chunks", "how found")
    for r in rows:
        how = "; ".join(x for x in (f"department: {r.department_source}" if r.department else "",
                                    f"type: {r.doc_type_source}" if r.doc_type_source else "") if x)
        table.add_row(r.source, r.title, r.doc_type, r.department, r.language, str(r.chunks), how)
    stdout.print(table)


# Each area's commands live in a module with ``register(app)``. The eval command belongs to the
# ``evals`` package, which nothing in ``assistant`` may import: it is loaded by its dotted name,
# as simonw/llm loads its default plugins, so the import graph keeps pointing one way.
AREA_COMMANDS = (
    "assistant.cli.brief", "assistant.cli.chat", "evals.cli", "assistant.cli.serve", "assistant.cli.doctor",
)


def _register_area_commands() -> None:
    for module_name in AREA_COMMANDS:
        register: Callable[[typer.Typer], None] = importlib.import_module(module_name).register
        register(app)


_register_area_commands()
