"""Runs the suites for ``auditprep eval``: shared indexes, results files, plots, floors.

Every suite returns ``{dataset: {system: {metric: value}}}``; the runner keys them by suite
name and writes to the output folder (default ``evals/results/``, not versioned):

| file | what |
| --- | --- |
| ``results.json`` | the latest figures of every suite run so far (a rerun replaces its suite) |
| ``meta.json`` | date, machine, embedder, fusion settings, seconds per suite, data set sizes |
| ``fusion_sweep.json`` | the weight sweep (retrieval suite with both dense and BM25) |
| ``retrieval_tradeoff.png``, ``latency_vs_size.png`` | the plots |
| ``cache/`` | indexes reused by the next run (delete to rebuild) |

``--quick`` is the regression slice: the gold sets, 200 CMRC questions with BM25 only (no
embedding of CMRC) and the planner on the test-only corpus, compared with ``evals/floors.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT, Settings
from assistant.retrieval.hybrid import HybridRetriever
from evals.errors import SuiteUnavailableError
from evals.indexes import (
    QueryVectors,
    Say,
    cache_dir_for,
    cached_index,
    ingest_fingerprint,
    retriever_options,
)
from evals.truth import truth_folders, truth_name

SUITES = ("retrieval", "planner", "answers", "perf", "folders", "briefs")
DEFAULT_OUTPUT = PROJECT_ROOT / "evals" / "results"
DEFAULT_CMRC = PROJECT_ROOT.parent / "shared" / "benchmarks" / "cmrc2018"
FLOORS = Path(__file__).parent / "floors.json"
OTHER_AGENCY = PROJECT_ROOT / "tests" / "data" / "other_agency"
QUICK_CMRC_QUESTIONS = 200
Results = dict[str, dict[str, dict[str, Any]]]


@dataclass
class EvalOptions:
    suites: tuple[str, ...] = SUITES
    output: Path = DEFAULT_OUTPUT
    cmrc: Path | None = DEFAULT_CMRC
    quick: bool = False
    perf_100k: bool = False
    writers: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


class Runner:
    """Builds shared indexes once and runs the suites asked for.

    Usage::

        runner = Runner(get_settings(), EvalOptions(suites=("retrieval",)), say=print)
        results = runner.run()
    """

    def __init__(self, settings: Settings, options: EvalOptions, say: Say | None = None) -> None:
        unknown = [s for s in options.suites if s not in SUITES]
        if unknown:
            raise ValueError(f"unknown suites {unknown}; valid: {', '.join(SUITES)}")
        self.settings = settings
        self.options = options
        self.say = say
        self.cache = options.output / "cache"
        self.seconds: dict[str, float] = {}
        self.notes: dict[str, str] = {}
        self.details: dict[str, Any] = {}
        self._embedder: QueryVectors | None = None
        self._bundled: HybridRetriever | None = None
        self._indexes: dict[str, HybridRetriever] = {}

    # -- shared pieces ---------------------------------------------------------------------
    @property
    def embedder(self) -> QueryVectors:
        if self._embedder is None:
            from assistant.wiring import build_embedder

            self._embedder = QueryVectors(build_embedder(self.settings))
        return self._embedder

    def index(self, root: Path, name: str) -> HybridRetriever:
        if name in self._indexes:
            return self._indexes[name]
        retriever, _ = cached_index(
            [root],
            cache_dir_for(self.cache, self.embedder, name),
            self.embedder,
            retriever_options(self.settings),
            self.say,
            name,
        )
        self._indexes[name] = retriever
        return retriever

    def fresh_index(self, root: Path, name: str) -> HybridRetriever:
        """An index of ``root`` cached under the ingest code's fingerprint: rebuilt whenever
        ``ingest/`` changes, so the folder and brief measures see today's loaders."""
        return self.index(root, f"{name}-{ingest_fingerprint()}")

    @property
    def bundled(self) -> HybridRetriever:
        if self._bundled is None:
            self._bundled = self.index(PROJECT_ROOT / "corpus", "bundled")
        return self._bundled

    # -- suites ----------------------------------------------------------------------------
    def run(self) -> Results:
        results: Results = {}
        suites: dict[str, Callable[[], Results]] = {
            "retrieval": self.retrieval,
            "planner": self.planner,
            "answers": self.answers,
            "perf": self.perf,
            "folders": self.folders,
            "briefs": self.briefs,
        }
        for name in self.options.suites:
            started = time.perf_counter()
            try:
                results[name] = suites[name]()
            except SuiteUnavailableError as e:
                self.notes[name] = str(e)
                if self.say:
                    self.say(f"Skipped the {name} suite: {e}")
            self.seconds[name] = round(time.perf_counter() - started, 1)
        return results

    def retrieval(self) -> Results:
        from evals.retrieval import RetrievalOptions, describe, run_retrieval_suite
        from evals.sweep import sweep_all_fusions

        quick = self.options.quick
        options = RetrievalOptions(
            cache=self.cache,
            cmrc=self.options.cmrc,
            cmrc_limit=QUICK_CMRC_QUESTIONS if quick else None,
            cmrc_lexical_only=quick,
            latency_sample=10 if quick else 60,
            systems=("bm25", "dense", "hybrid")
            if quick
            else ("bm25", "dense", "hybrid", "hybrid_rerank", "naive_langchain"),
        )
        results, runs = run_retrieval_suite(self.settings, options, self.say)
        self.details["datasets"] = describe(runs)
        try:
            current = (self.settings.dense_weight, self.settings.lexical_weight)
            self.details["fusion_sweep"] = sweep_all_fusions(runs, current, self.settings.fusion)
        except ValueError as e:
            self.notes["fusion_sweep"] = str(e)
        return results

    def planner(self) -> Results:
        from evals.planner import PLANNER_FACTS, PlannerCorpus, load_facts, run_planner_suite

        corpora = []
        if not self.options.quick:
            corpora += [
                PlannerCorpus("bundled", self.bundled, load_facts(PLANNER_FACTS, "zh"), "zh"),
                PlannerCorpus("bundled_en", self.bundled, load_facts(PLANNER_FACTS, "en"), "en"),
            ]
        other = self.index(OTHER_AGENCY, "other_agency")
        corpora.append(PlannerCorpus("other_agency", other, load_facts(OTHER_AGENCY / "FACTS.json")))
        return run_planner_suite(corpora, self.say)

    def answers(self) -> Results:
        from evals.answer_pairs import PAIRS_FILE, load_pair_items, score_pairs
        from evals.answers import available_writers, run_answers_suite

        results = run_answers_suite(self.settings, self.bundled, self.options.writers or None, say=self.say)
        # Per language pair, on the bundled pair set and each dev or blind corpus's questions (issue 12).
        sets = [("bundled_pairs", self.bundled, load_pair_items(PAIRS_FILE))]
        for folder in truth_folders():
            if (folder / "questions.jsonl").exists():
                name = truth_name(folder)
                items = load_pair_items(folder / "questions.jsonl")
                sets.append((name, self.fresh_index(folder / "docs", name), items))
        for name, writer in available_writers(self.settings, self.options.writers or None).items():
            for dataset, retriever, items in sets:
                if self.say:
                    self.say(f"Answers per language pair: {len(items)} questions of {dataset}, {name} ...")
                results.setdefault(dataset, {})[name] = score_pairs(writer, retriever, items)
        return results

    def truths(self) -> list[tuple[Any, HybridRetriever]]:
        """The corpora with truth files, each with its (cached) index: bundled, second, dev, blind."""
        from evals.truth import load_blind, load_bundled, load_second

        pairs: list[tuple[Any, HybridRetriever]] = [
            (load_bundled(), self.bundled),
            (load_second(OTHER_AGENCY), self.fresh_index(OTHER_AGENCY, "other_agency")),
        ]
        folders = truth_folders()
        for folder in folders:
            pairs.append((load_blind(folder), self.fresh_index(folder / "docs", truth_name(folder))))
        if not any(folder.parent.name == "blind" for folder in folders):
            self.notes["blind"] = "no blind corpus under evals/blind/"
        return pairs

    def folders(self) -> Results:
        from evals.folders import measure_folder

        results: Results = {}
        for truth, retriever in self.truths():
            if self.say:
                self.say(f"Folder measure: {truth.name} ...")
            results[truth.name] = {"ingest": measure_folder(truth, retriever, self.say)}
        return results

    def briefs(self) -> Results:
        from evals.briefs import run_briefs

        results: Results = {}
        for truth, retriever in self.truths():
            if self.say:
                self.say(f"Brief measures: {len(truth.departments)} departments of {truth.name} ...")
            for dataset, summary in run_briefs(truth, retriever, ("zh", "en"), self.say).items():
                results[dataset] = {"plan_audit": summary}
        return results

    def perf(self) -> Results:
        from evals.perf import BIG, SIZES, PerfOptions, run_perf_suite

        sizes = (*SIZES, BIG) if self.options.perf_100k else SIZES
        options = PerfOptions(work=self.cache / "perf", sizes=sizes)
        return run_perf_suite(self.settings, self.embedder.inner, options, self.say, bundled=self.bundled)

    # -- output ----------------------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        return {
            "date": dt.date.today().isoformat(),
            "machine": machine_description(),
            "embedder": self.settings.embedder,
            "dense_weight": self.settings.dense_weight,
            "lexical_weight": self.settings.lexical_weight,
            "fusion": self.settings.fusion,
            "candidates": self.settings.candidates,
            "reranker": self.settings.reranker,
            "quick": self.options.quick,
            "seconds": self.seconds,
            "notes": self.notes,
            "datasets": self.details.get("datasets", {}),
        }

    def write(self, results: Results) -> list[Path]:
        """Write the results files and plots; returns the paths written."""
        from evals.plots import plot_latency_vs_size, plot_retrieval_tradeoff

        out = self.options.output
        out.mkdir(parents=True, exist_ok=True)
        suffix = "-quick" if self.options.quick else ""
        merged: Results = _read_json(out / f"results{suffix}.json")
        merged.update(results)
        # Suites may run separately (perf at 100k, say): keep the other suites' timings.
        meta = self.meta()
        previous = _read_json(out / f"meta{suffix}.json")
        for key in ("seconds", "notes", "datasets"):
            meta[key] = {**previous.get(key, {}), **meta[key]}
        written = [
            _write_json(out / f"results{suffix}.json", merged),
            _write_json(out / f"meta{suffix}.json", meta),
        ]
        if "fusion_sweep" in self.details:
            written.append(_write_json(out / "fusion_sweep.json", self.details["fusion_sweep"]))
        if not self.options.quick:
            if "retrieval" in results:
                png = plot_retrieval_tradeoff(merged["retrieval"], out / "retrieval_tradeoff.png")
                written += [png] if png else []
            if "perf" in results:
                png = plot_latency_vs_size(merged["perf"], out / "latency_vs_size.png")
                written += [png] if png else []
        return written


def _read_json(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else {}


def _write_json(path: Path, payload: Any) -> Path:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def machine_description() -> str:
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    return f"{os.cpu_count()}-core {platform.machine()}{memory}, Python {platform.python_version()}"


def load_floors(path: Path = FLOORS) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def check_floors(results: Mapping[str, Any], floors: Mapping[str, Any]) -> list[str]:
    """Every floor not met, as "suite/dataset/system/metric: value < floor" (missing counts)."""
    problems: list[str] = []
    for suite, datasets in floors.items():
        if suite.startswith("_"):
            continue
        for dataset, systems in datasets.items():
            for system, metrics in systems.items():
                for metric, floor in metrics.items():
                    value = results.get(suite, {}).get(dataset, {}).get(system, {}).get(metric)
                    if value is None:
                        problems.append(f"{suite}/{dataset}/{system}/{metric}: missing (floor {floor})")
                    elif value < floor:
                        problems.append(f"{suite}/{dataset}/{system}/{metric}: {value} < floor {floor}")
    return problems
