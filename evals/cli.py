"""CLI command of the eval area: ``auditprep eval [SUITE ...]``.

``--json`` prints one JSON object ``{suite: {dataset: {system: {metric: value}}}}`` on stdout;
without it, one table per suite. Progress goes to stderr. Results files and plots are written
to ``--output`` (default ``evals/results/``). The ``evals`` package is imported inside the
command: nothing in ``assistant`` depends on it otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from evals.errors import SuiteUnavailableError

SuitesArg = Annotated[
    list[str] | None,
    typer.Argument(help="Suites to run: retrieval, planner, answers, perf, folders, briefs (default: all)."),
]


def _print_tables(results: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from assistant.cli.output import stdout

    # Piped output has no width; metric tables are wide, so do not squeeze them to 80 columns.
    from evals.sidebyside import is_answer_set, side_by_side

    console = stdout if stdout.is_terminal else Console(file=sys.stdout, width=200, soft_wrap=True)
    for suite, datasets in results.items():
        if suite in ("folders", "briefs"):
            continue  # printed side by side below
        if suite == "answers":
            datasets = {k: v for k, v in datasets.items() if not is_answer_set(k)}
        metrics: list[str] = []
        for systems in datasets.values():
            for values in systems.values():
                metrics += [m for m, v in values.items() if m not in metrics and isinstance(v, int | float)]
        table = Table(title=suite, title_justify="left")
        for header in ("dataset", "system", *metrics):
            table.add_column(header, overflow="fold")
        for dataset, systems in datasets.items():
            for system, values in systems.items():
                table.add_row(dataset, system, *[_cell(values.get(m)) for m in metrics])
        console.print(table)
    # Issues 10-12: bundled, second and blind corpora side by side, with floors and pass/fail.
    for side in side_by_side(results):
        table = Table(title=side.title, title_justify="left")
        for header in side.headers:
            table.add_column(header, overflow="fold")
        for row in side.rows:
            table.add_row(*row)
        console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def register(app: typer.Typer) -> None:
    """Add this area's commands to `app`."""

    @app.command("eval")
    def eval_command(
        suites: SuitesArg = None,
        json_output: Annotated[
            bool, typer.Option("--json", help="Print one JSON document to stdout.")
        ] = False,
        output: Annotated[
            Path | None, typer.Option("--output", help="Folder for results JSON, plots and caches.")
        ] = None,
        cmrc: Annotated[
            Path | None,
            typer.Option(
                "--cmrc", help="CMRC 2018 dev file or folder (default ../shared/benchmarks/cmrc2018)."
            ),
        ] = None,
        quick: Annotated[
            bool,
            typer.Option("--quick", help="The fast regression slice, checked against evals/floors.json."),
        ] = False,
        perf_100k: Annotated[
            bool, typer.Option("--perf-100k", help="Also time a 100,000-chunk index.")
        ] = False,
        sweep: Annotated[
            bool, typer.Option("--sweep", help="Add the fusion-weight sweep to the JSON output.")
        ] = False,
        writer: Annotated[
            list[str] | None,
            typer.Option("--writer", help="Writers for the answers suite (default: available)."),
        ] = None,
    ) -> None:
        """Run the evaluation suites and benchmarks (retrieval, planner, answers, perf, folders, briefs).

        Uses the embedder in AUDITPREP_EMBEDDER and the fusion weights in
        AUDITPREP_DENSE_WEIGHT / AUDITPREP_LEXICAL_WEIGHT.
        """
        from assistant.cli.output import emit_json, reported_errors, stderr, stdout
        from assistant.config import get_settings

        with reported_errors():
            try:
                from evals.runner import (
                    DEFAULT_CMRC,
                    DEFAULT_OUTPUT,
                    SUITES,
                    EvalOptions,
                    Runner,
                    check_floors,
                    load_floors,
                )
            except ModuleNotFoundError as e:
                raise SuiteUnavailableError(_missing_extra(e.name)) from e

            chosen = tuple(suites or (("retrieval", "planner") if quick else SUITES))
            unknown = [s for s in chosen if s not in SUITES]
            if unknown:
                raise typer.BadParameter(f"unknown suite {unknown[0]!r}; valid: {', '.join(SUITES)}")
            options = EvalOptions(
                suites=chosen,
                output=output or DEFAULT_OUTPUT,
                cmrc=cmrc or DEFAULT_CMRC,
                quick=quick,
                perf_100k=perf_100k,
                writers=tuple(writer or ()),
            )

            def say(message: str) -> None:
                stderr.print(message, highlight=False, markup=False)

            runner = Runner(get_settings(), options, say)
            try:
                results = runner.run()
            except ModuleNotFoundError as e:
                # Suites import their baselines (langchain-chroma, ranx …) only when they run.
                raise SuiteUnavailableError(_missing_extra(e.name)) from e
            written = runner.write(results)
        printed = dict(results)
        if sweep and "fusion_sweep" in runner.details:
            printed["fusion_sweep"] = runner.details["fusion_sweep"]
        if json_output:
            emit_json(printed)
        else:
            _print_tables(printed)
            stdout.print(f"Written: {', '.join(str(p) for p in written)}", highlight=False)
        if quick:
            problems = check_floors(results, {k: v for k, v in load_floors().items() if k in results})
            for problem in problems:
                stderr.print(f"[red]Below floor:[/red] {problem}", highlight=False)
            if problems:
                raise typer.Exit(1)


def _missing_extra(module: str | None) -> str:
    return (
        f"auditprep eval needs the 'eval' extra (Python module {module!r} is missing). "
        "Install it with `bash scripts/setup eval`, or `pip install -e '.[eval]'`."
    )
