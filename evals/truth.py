"""What each corpus is known to contain, in one shape the folder and brief measures read.

Three kinds of truth file:

- blind-format corpora (``evals/blind/v1``, ``evals/blind/v2``, the development corpus
  ``evals/dev/v1``): ``departments.json`` (names, aliases), ``titles.json`` (title, type per
  file), ``facts.jsonl`` (quote, kind, finding status, true department, population). Blind ones
  are written by someone who has not read the code and only measure; ``dev/`` ones may be tuned on.
- bundled (``corpus/``): departments and facts (``key`` strings with their kind) of
  ``evals/gold/planner_facts.json``; no titles or types.
- second (``tests/data/other_agency``): the same from its ``FACTS.json``.

The bundled and second corpora's facts carry no finding status, no population and no truth
department for a finding beyond the department they are listed under, so the measures that
need those report ``None`` ("n/a") there instead of a figure built on guesses.

The blind corpora are frozen: this module reads them, never writes them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT
from evals.datasets import GOLD_DIR
from evals.errors import EvalDataError

BLIND_V1 = PROJECT_ROOT / "evals" / "blind" / "v1"
# Development corpora first, then blind ones: the order of the columns in every report.
TRUTH_FAMILIES = ("dev", "blind")
BUNDLED_ROOT = PROJECT_ROOT / "corpus"
SECOND_ROOT = PROJECT_ROOT / "tests" / "data" / "other_agency"

# The blind truth names document types as an auditor would; the ingester knows four
# (ingest.metadata.doctypes.DOC_TYPES). Procedures, objectives and manuals are system documents there;
# audit reports, complaints ledgers, minutes and notices are the agency's records.
TYPE_EQUIVALENTS = {
    "procedure": "system",
    "objectives": "system",
    "objective": "system",
    "manual": "system",
    "system": "system",
    "audit_report": "record",
    "complaints": "record",
    "minutes": "record",
    "notice": "record",
    "department": "department",
    "record": "record",
    "guidance": "guidance",
}
OPEN_STATUSES = ("open", "corrected_not_verified", "repeat")


@dataclass(frozen=True)
class Department:
    name: str
    aliases: tuple[str, ...] = ()
    language: str | None = None

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Population:
    what: str
    count: int


@dataclass(frozen=True)
class PlantedFact:
    id: str
    department: str
    kind: str
    quote: str
    file: str = ""
    status: str | None = None
    finding_id: str | None = None
    about_department: str | None = None
    population: Population | None = None
    auditor_action: str = ""
    scanned: bool = False

    @property
    def owner(self) -> str:
        """The department a finding belongs to (the one audited), else the fact's department."""
        return self.about_department or self.department


@dataclass(frozen=True)
class FileTruth:
    path: str
    title: str | None
    doc_type: str | None
    department: str | None


@dataclass
class CorpusTruth:
    """One corpus and what is known about it. ``statuses_known``: findings carry a status and a
    true department (only the blind corpus's facts do)."""

    name: str
    root: Path
    departments: list[Department]
    facts: list[PlantedFact]
    files: list[FileTruth] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)
    statuses_known: bool = False
    populations_known: bool = False

    def department(self, name: str) -> Department | None:
        for d in self.departments:
            if name in d.names():
                return d
        return None

    def facts_of(self, department: str) -> list[PlantedFact]:
        return [f for f in self.facts if f.department == department]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise EvalDataError(f"{path}: {e}") from e


def truth_folders(root: Path = PROJECT_ROOT / "evals") -> list[Path]:
    """Every blind-format corpus under ``evals/dev/`` and ``evals/blind/``, by family then version."""
    return [
        folder
        for family in TRUTH_FAMILIES
        for folder in sorted((root / family).glob("*"))
        if (folder / "facts.jsonl").is_file() and (folder / "docs").is_dir()
    ]


def truth_name(folder: Path) -> str:
    """``blind_v1``, ``blind_v2``, ``dev_v1``: the family folder and the version."""
    return f"{folder.parent.name}_{folder.name}"


def load_blind(folder: Path = BLIND_V1) -> CorpusTruth:
    """The blind corpus's truth files (``docs/`` is the folder to ingest)."""
    departments = [
        Department(str(d["name"]), tuple(str(a) for a in d.get("aliases", ())), d.get("language"))
        for d in _read_json(folder / "departments.json")
    ]
    facts: list[PlantedFact] = []
    for number, line in enumerate((folder / "facts.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            pop = raw.get("population")
            facts.append(
                PlantedFact(
                    id=str(raw["id"]),
                    department=str(raw["department"]),
                    kind=str(raw["kind"]),
                    quote=str(raw["quote"]),
                    file=str(raw.get("file") or ""),
                    status=raw.get("status"),
                    finding_id=raw.get("finding_id"),
                    about_department=raw.get("about_department"),
                    population=Population(str(pop["what"]), int(pop["count"])) if pop else None,
                    auditor_action=str(raw.get("auditor_action") or ""),
                    scanned=bool(raw.get("scanned", False)),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
            raise EvalDataError(f"{folder / 'facts.jsonl'} line {number}: {e}") from e
    files = [
        FileTruth(path, t.get("title"), t.get("type"), t.get("department"))
        for path, t in _read_json(folder / "titles.json").items()
    ]
    return CorpusTruth(
        name=truth_name(folder),
        root=folder / "docs",
        departments=departments,
        facts=facts,
        files=files,
        languages={d.name: d.language or "zh" for d in departments},
        statuses_known=True,
        populations_known=True,
    )


def _facts_from_keys(payload: dict[str, Any], prefix: str) -> list[PlantedFact]:
    facts: list[PlantedFact] = []
    for dept, items in payload.items():
        if dept.startswith("_"):
            continue
        for n, item in enumerate(items, 1):
            key, kind = str(item["key"]), str(item["kind"])
            facts.append(
                PlantedFact(
                    id=f"{prefix}{dept}-{n}",
                    department=dept,
                    kind=kind,
                    quote=key,
                    finding_id=key if kind == "finding" else None,
                )
            )
    return facts


def load_bundled(facts_path: Path = GOLD_DIR / "planner_facts.json") -> CorpusTruth:
    """The bundled corpus: departments and facts of both language sections."""
    payload = _read_json(facts_path)
    facts: list[PlantedFact] = []
    languages: dict[str, str] = {}
    names: list[str] = []
    for language in ("zh", "en"):
        section = payload.get(language, {})
        facts += _facts_from_keys(section, f"{language}:")
        for dept in section:
            if not dept.startswith("_") and dept not in names:
                names.append(dept)
                languages[dept] = language
    return CorpusTruth("bundled", BUNDLED_ROOT, [Department(n) for n in names], facts, languages=languages)


def load_second(folder: Path = SECOND_ROOT) -> CorpusTruth:
    payload = _read_json(folder / "FACTS.json")
    facts = _facts_from_keys(payload, "")
    names = [d for d in payload if not d.startswith("_")]
    languages = {n: ("en" if n.isascii() else "zh") for n in names}
    return CorpusTruth("second", folder, [Department(n) for n in names], facts, languages=languages)


def unique_facts(facts: Sequence[PlantedFact]) -> list[PlantedFact]:
    """The bundled set lists a department's facts once per language: measure each quote once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for f in facts:
        if (f.department, f.quote) not in seen:
            seen.add((f.department, f.quote))
            out.append(f)
    return out
