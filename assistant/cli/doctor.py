"""``auditprep doctor [--repair] [--rebuild]``: is the index whole, and can it be rebuilt?

The index is four things that must agree: the Chroma collection, the BM25 index
(``lexical/``), the manifest (which file owns which chunks) and the generation files. A
completed sync leaves Chroma IDs == BM25 IDs == manifest IDs; a disk restored from a backup
taken mid-sync, a hand-deleted folder or a crash can leave them apart. ``examine_index`` lists
what disagrees, in plain words; ``--repair`` runs a full sync of every known folder (it
re-embeds files whose chunks are missing, drops chunks no file owns, forgets files that are
gone and rebuilds BM25 from Chroma); ``--rebuild`` forgets the manifest and embeds everything
again from the stored originals (and the folders ingested before that still exist).

Exit codes: 0 healthy (also after a successful repair), 1 problems found and not repaired.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated

import typer
from filelock import FileLock, Timeout

from assistant.cli.output import JsonOpt, emit_json, reported_errors, stderr, stdout
from assistant.config import Settings, get_settings
from ingest.errors import IndexUnavailableError
from ingest.generation import read_generation
from ingest.lexical import LexicalIndex, current_generation
from ingest.originals import ORIGINALS_DIR, OriginalStore, known_targets
from ingest.sync import LOCK_FILE, Manifest
from ingest.vectorstore import ChromaStore

# Long lists are summarised: a few examples say enough about what is wrong.
EXAMPLES = 3


@dataclass(frozen=True)
class Finding:
    """One problem: what is wrong, and what ``--repair`` (or the user) does about it."""

    problem: str
    remedy: str


def _examples(items: set[str] | list[str]) -> str:
    shown = sorted(items)[:EXAMPLES]
    more = f" and {len(items) - EXAMPLES} more" if len(items) > EXAMPLES else ""
    return ", ".join(shown) + more


def _label(entry: dict[str, object], key: str, names: dict[str, str]) -> str:
    """How a manifest entry is named to a person: an upload by its display name."""
    source = str(entry.get("source", key))
    return names.get(source, source)


def _ids(entry: dict[str, object]) -> set[str]:
    ids = entry.get("chunk_ids")
    return {str(i) for i in ids} if isinstance(ids, list) else set()


def ingest_running(data_dir: Path) -> bool:
    """Whether an ingest holds the data folder's lock right now."""
    if not (data_dir / LOCK_FILE).exists():
        return False
    lock = FileLock(data_dir / LOCK_FILE)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


def examine_index(data_dir: Path, store: ChromaStore | None) -> list[Finding]:
    """Everything that disagrees between Chroma, BM25, the manifest, the generation files, the
    stored originals and the files on disk. ``store`` is None when Chroma could not be opened."""
    findings: list[Finding] = []
    manifest_path = data_dir / "manifest.json"
    originals = OriginalStore(data_dir)
    records = originals.records()
    if not manifest_path.exists():
        if records:
            findings.append(Finding(
                f"{len(records)} uploaded originals are stored but there is no index.",
                "Run `auditprep doctor --rebuild` to index them.",
            ))
        else:
            # An empty folder is not a healthy restore: most likely the wrong path.
            findings.append(Finding(
                f"There is no index in {data_dir} (no manifest.json, no stored originals).",
                "Check that AUDITPREP_DATA_DIR names the right folder, or run `auditprep ingest`.",
            ))
        return findings
    manifest = Manifest(manifest_path)
    owned = manifest.chunk_ids()
    names = {r.source: f"{r.display_name} (upload {r.sha256[:12]}…)" for r in records}
    if store is not None:
        in_chroma = store.all_ids()
        lost = owned - in_chroma
        if lost:
            owners = {_label(e, k, names) for k, e in manifest.files.items() if _ids(e) & lost}
            findings.append(Finding(
                f"{len(lost)} passages the manifest lists are missing from Chroma "
                f"(files: {_examples(owners)}).",
                "--repair embeds those files again.",
            ))
        orphans = in_chroma - owned
        if orphans:
            findings.append(Finding(
                f"Chroma holds {len(orphans)} passages no indexed file owns (left over from a crash or "
                "an interrupted sync); searches may find them.",
                "--repair deletes them.",
            ))
    lexical = data_dir / "lexical"
    try:
        bm25 = set(LexicalIndex.load(lexical).ids)
    except (OSError, ValueError) as e:
        findings.append(Finding(f"The BM25 index cannot be read ({e}).", "--repair rebuilds it from Chroma."))
        bm25 = owned
    if bm25 != owned:
        findings.append(Finding(
            f"The BM25 index and the manifest disagree: {len(owned - bm25)} passages missing from BM25, "
            f"{len(bm25 - owned)} in BM25 that no file owns.",
            "--repair rebuilds BM25 from Chroma.",
        ))
    generation, pointer = read_generation(data_dir), current_generation(lexical)
    if pointer and generation != pointer:
        findings.append(Finding(
            f"The generation files disagree: generation.json says {generation}, the BM25 pointer says "
            f"{pointer} (a sync stopped between the two, or a partial restore).",
            "--repair publishes a new generation.",
        ))
    folder = originals.folder.resolve()
    for key, entry in sorted(manifest.files.items()):
        path = Path(key)
        if path.exists():
            continue
        uploaded = path.is_relative_to(folder)
        where = "its stored original is missing" if uploaded else "it has no stored original"
        findings.append(Finding(
            f"{_label(entry, key, names)} is in the index but the file is gone and {where}; its passages "
            "are still searchable.",
            "--repair forgets it (restore the file first to keep it).",
        ))
    indexed = set(manifest.files)
    for record in records:
        if str(originals.path_for(record).resolve()) not in indexed and originals.path_for(record).is_file():
            findings.append(Finding(
                f"The upload {record.display_name} ({record.sha256[:12]}…) is stored but not indexed.",
                "--repair indexes it.",
            ))
    findings.extend(Finding(p, "Restore the originals folder from a backup.") for p in originals.problems())
    return findings


def _open_store(settings: Settings, data_dir: Path) -> tuple[ChromaStore | None, list[Finding]]:
    from assistant.wiring import build_embedder

    embedder = build_embedder(settings)
    try:
        store = ChromaStore.open(data_dir, settings.chroma_url, embedder.name, embedder.dimension)
        built = store.built_with
    except IndexUnavailableError as e:
        return None, [Finding(f"Chroma cannot be opened: {e}", "Restore the data folder or use --rebuild.")]
    if built not in (None, (embedder.name, embedder.dimension)):
        return store, [Finding(
            f"The index was built with the embedder {built[0]}, but AUDITPREP_EMBEDDER is {embedder.name}.",
            "--repair rebuilds it with the configured embedder (or set AUDITPREP_EMBEDDER back).",
        )]
    return store, []


def check(settings: Settings) -> list[Finding]:
    data_dir = Path(settings.data_dir)
    has_chroma = (data_dir / "chroma").exists() or settings.chroma_url
    store, findings = _open_store(settings, data_dir) if has_chroma else (None, [])
    return findings + examine_index(data_dir, store)


def repair(settings: Settings, rebuild: bool) -> str:
    """Run the full sync that repairs the index (after forgetting the manifest when
    ``rebuild``); the sync's one-line summary."""
    from assistant.wiring import build_ingester

    data_dir = Path(settings.data_dir)
    manifest = Manifest(data_dir / "manifest.json")
    targets = known_targets(data_dir)
    if rebuild:
        data_dir.mkdir(parents=True, exist_ok=True)
        with FileLock(data_dir / LOCK_FILE, timeout=0):
            # Every file is embedded again; chunks nobody re-adds are deleted at the end.
            manifest.files = {}
            manifest.roots = [r for r in manifest.roots if Path(r).exists()]
            if (data_dir / ORIGINALS_DIR).is_dir() or manifest.path.exists():
                manifest.save()
    else:
        # Gone folders and files are passed too: the sync forgets what they held.
        gone = [Path(r) for r in manifest.roots] + [Path(k) for k in manifest.files]
        targets += [p for p in gone if not p.exists() and p not in targets]
    if not targets:
        return "Nothing to index: no stored originals and no folder ingested before."
    return build_ingester(settings).sync(targets).summary()


def register(app: typer.Typer) -> None:
    @app.command()
    def doctor(
        fix: Annotated[bool, typer.Option("--repair", help="Fix what is found (a full sync).")] = False,
        rebuild: Annotated[
            bool, typer.Option("--rebuild", help="Embed everything again from the stored originals.")
        ] = False,
        json_output: JsonOpt = False,
    ) -> None:
        """Check the index (AUDITPREP_DATA_DIR) against the manifest and the stored originals;
        --repair fixes it, --rebuild rebuilds it. Exit 0 healthy, 1 problems left."""
        settings = get_settings()
        data_dir = Path(settings.data_dir)
        result: dict[str, object] = {"data_dir": str(data_dir), "healthy": False, "repaired": None}
        with reported_errors():
            if ingest_running(data_dir):
                message = "An ingest is running on this index now; run the doctor again when it ends."
                if json_output:
                    emit_json({**result, "problems": [{"problem": message, "remedy": "wait"}]})
                else:
                    stderr.print(message, highlight=False, markup=False)
                raise typer.Exit(1)
            findings = [] if rebuild else check(settings)
            result["problems"] = [asdict(f) for f in findings]
            if findings or rebuild:
                if not json_output:
                    _print_findings(findings)
                if fix or rebuild:
                    summary = repair(settings, rebuild)
                    findings = check(settings)
                    result["repaired"] = summary
                    result["remaining"] = [asdict(f) for f in findings]
                    if not json_output:
                        stdout.print(("Rebuilt: " if rebuild else "Repaired: ") + summary, highlight=False)
                        _print_findings(findings, after="the rebuild" if rebuild else "the repair")
        result["healthy"] = not findings
        if json_output:
            emit_json(result)
        elif not findings:
            stdout.print(f"The index in {data_dir} is healthy.", highlight=False, markup=False)
        raise typer.Exit(0 if not findings else 1)


def _print_findings(findings: list[Finding], after: str = "") -> None:
    if not findings:
        return
    head = f"Still wrong after {after}:" if after else f"{len(findings)} problem(s) found:"
    stdout.print(head, highlight=False, markup=False)
    for n, finding in enumerate(findings, 1):
        stdout.print(f"  {n}. {finding.problem}\n     -> {finding.remedy}", highlight=False, markup=False)
