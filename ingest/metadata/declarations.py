"""Departments the user declares: ``departments.yaml`` at the root of an ingested folder, or
``--department`` for a whole path. A declaration wins over anything detected.

``departments.yaml`` is a list of departments::

    - name: 行政审批科
      aliases: [Administrative Licensing Section, 审批科]
      files: ["行政审批科_职责.docx", "2025/审批*.pdf"]   # relative to the folder; globs allowed
    - name: 督查室          # no files: the department still exists, its aliases name it
      aliases: [Supervision Office]

A file a declaration lists gets that department with ``department_source: declared`` and the
declared aliases (and doc_type "department" when only the fallback made it a guide). A file
whose detected department is a declared name or alias gets the declared name and aliases (its
source stays what detected it). ``draft_declarations`` writes such a file from what was
detected, for the user to correct.

Usage::

    declarations = load_declarations(Path("audit-2025"))        # empty when there is no file
    declarations.apply(document.metadata, Path("2025/a.docx"), override=None)
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import yaml
from langchain_core.documents import Document

from ingest.errors import IngestError
from ingest.lexical import write_json_atomic
from ingest.metadata.infer import MENTIONS_SEPARATOR

DECLARATIONS_FILE = "departments.yaml"
# In the index folder: every synced folder's declared departments, so that a department declared
# without files (no chunk names it) still exists for whoever lists departments.
DECLARED_INDEX_FILE = "declared_departments.json"
ACCEPTED_KEYS = ("name", "aliases", "files")
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class DeclaredDepartment:
    """One entry of ``departments.yaml``; ``line`` is where it starts (1-based)."""

    name: str
    aliases: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    line: int = 0

    def covers(self, relative: str) -> bool:
        """Whether the file at ``relative`` (a POSIX path under the folder) is listed: an exact
        path, a folder ("2025/" or "2025") holding it, or a glob ("*" also crosses folders)."""
        for pattern in self.files:
            folder = pattern.rstrip("/")
            if relative == pattern or relative.startswith(folder + "/"):
                return True
            if fnmatch.fnmatchcase(relative, pattern):
                return True
        return False


def _key(name: str) -> str:
    return "".join(name.split()).casefold()


@dataclass(frozen=True)
class Declarations:
    """The departments declared for one folder (none when it has no ``departments.yaml``)."""

    path: Path | None = None
    departments: tuple[DeclaredDepartment, ...] = ()
    _by_name: dict[str, DeclaredDepartment] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        # Names before aliases: an English page may list the Chinese department's name as its
        # alias, and the department itself must still win.
        for department in self.departments:
            self._by_name.setdefault(_key(department.name), department)
        for department in self.departments:
            for alias in department.aliases:
                self._by_name.setdefault(_key(alias), department)

    def named(self, name: str) -> DeclaredDepartment | None:
        """The declared department whose name or alias is ``name`` (spaces and case ignored)."""
        return self._by_name.get(_key(name)) if name else None

    def listing(self, relative: PurePath) -> DeclaredDepartment | None:
        """The declared department that lists the file.

        Raises:
            IngestError: two departments list the same file.
        """
        posix = relative.as_posix()
        owners = [d for d in self.departments if d.covers(posix)]
        if len(owners) > 1:
            names = " and ".join(f"{d.name!r} (line {d.line})" for d in owners)
            raise IngestError(
                f"{posix}: {self.path} lists this file under {names}. Keep it under one department."
            )
        return owners[0] if owners else None

    def fingerprint(self, digest: str, override: str | None = None) -> str:
        """The file's content hash combined with the declarations that can change its metadata,
        so that editing ``departments.yaml`` or ``--department`` re-ingests the files; the plain
        hash when neither applies, so existing indexes stay valid."""
        if not self.departments and not override:
            return digest
        declared = [[d.name, list(d.aliases), list(d.files)] for d in self.departments]
        payload = json.dumps([digest, override or "", declared], ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def apply(self, metadata: dict[str, object], relative: PurePath, override: str | None = None) -> None:
        """Give ``metadata`` its declared department, if any, in place.

        Raises:
            IngestError: two departments list the same file.
        """
        listed = self.listing(relative)
        declared_name = override or (listed.name if listed else "")
        if declared_name:
            entry = self.named(declared_name)
            metadata["department"] = entry.name if entry else declared_name
            metadata["department_source"] = "declared"
            if metadata.get("doc_type") == "guidance" and metadata.get("doc_type_source") == "content":
                # Nothing marked it a guide (that is only the fallback): a file declared to
                # belong to a department is that department's document.
                metadata["doc_type"], metadata["doc_type_source"] = "department", "declared"
        else:
            entry = self.named(str(metadata.get("department") or ""))
            if entry:
                metadata["department"] = entry.name
        if entry:
            stated = _alias_list(metadata.get("aliases"))
            metadata["aliases"] = list(dict.fromkeys([*entry.aliases, *stated]))
        mentions = str(metadata.get("mentions_departments") or "")
        if mentions and self.departments:
            names = [getattr(self.named(n), "name", n) for n in mentions.split(MENTIONS_SEPARATOR)]
            kept = [n for n in dict.fromkeys(names) if n != metadata.get("department")]
            metadata["mentions_departments"] = MENTIONS_SEPARATOR.join(kept)


def _fail(path: Path, line: int, problem: str) -> IngestError:
    return IngestError(
        f"{path}, line {line}: {problem} Each entry takes the keys {', '.join(ACCEPTED_KEYS)} "
        "(name required); see `auditprep departments --init` for a draft."
    )


def _strings(path: Path, node: yaml.Node, key: str) -> tuple[str, ...]:
    """A scalar or a list of scalars as strings (YAML's "2019" or "no" stay text)."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    values: list[str] = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode):
            raise _fail(path, item.start_mark.line + 1, f"{key!r} must be a text or a list of texts.")
        if item.tag != _NULL_TAG and str(item.value).strip():
            values.append(str(item.value).strip())
    return tuple(dict.fromkeys(values))


def _entry(path: Path, node: yaml.Node) -> DeclaredDepartment:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise _fail(path, line, "expected a department (name, aliases, files), found something else.")
    values: dict[str, tuple[str, ...]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in ACCEPTED_KEYS:
            raise _fail(path, key_node.start_mark.line + 1, f"unknown key {key!r}.")
        values[key] = _strings(path, value_node, key)
    names = values.get("name", ())
    if len(names) != 1:
        raise _fail(path, line, "every department needs exactly one name.")
    for pattern in values.get("files", ()):
        if PurePath(pattern).is_absolute() or ".." in PurePath(pattern).parts:
            raise _fail(path, line, f"file {pattern!r} must be a path relative to the folder, inside it.")
    return DeclaredDepartment(names[0], values.get("aliases", ()), values.get("files", ()), line)


def parse_declarations(path: Path) -> Declarations:
    """Read and check one ``departments.yaml``.

    Raises:
        IngestError: it cannot be read, is not valid YAML, is not a list of departments, has an
            unknown key or an entry without a name, or declares a name twice. The message names
            the file, the line and the accepted keys.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise IngestError(f"{path}: cannot be read as UTF-8 text ({e}). Save it as UTF-8.") from e
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or type(e).__name__
        raise _fail(path, mark.line + 1 if mark else 1, f"not valid YAML ({problem}).") from e
    if root is None:
        return Declarations(path)
    if not isinstance(root, yaml.SequenceNode):
        raise _fail(path, root.start_mark.line + 1, "expected a list of departments ('- name: …').")
    departments = [_entry(path, node) for node in root.value]
    seen: dict[str, DeclaredDepartment] = {}
    for department in departments:
        other = seen.setdefault(_key(department.name), department)
        if other is not department:
            raise _fail(
                path, department.line, f"{department.name!r} is declared again (first on line {other.line})."
            )
    return Declarations(path, tuple(departments))


def load_declarations(folder: Path) -> Declarations:
    """The declarations of ``folder`` (its ``departments.yaml``), or none for a file or a folder
    without one. Raises ``IngestError`` as ``parse_declarations`` does."""
    path = folder / DECLARATIONS_FILE
    return parse_declarations(path) if folder.is_dir() and path.is_file() else Declarations()


def _alias_list(value: object) -> list[str]:
    """Aliases from a loaded document (a list) or from chunk metadata ("a|b")."""
    if isinstance(value, str):
        return [a for a in value.split("|") if a]
    if isinstance(value, list | tuple):
        return [str(a) for a in value if str(a)]
    return []


def record_declarations(data_dir: Path, declarations: Mapping[Path, Declarations]) -> None:
    """Store the declarations of the folders just synced in ``data_dir``; folders synced before
    keep theirs, and a folder whose ``departments.yaml`` is gone loses its entry."""
    path = data_dir / DECLARED_INDEX_FILE
    stored: dict[str, list[dict[str, object]]] = (
        json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    )
    for folder, declared in declarations.items():
        if declared.departments:
            stored[str(folder)] = [
                {"name": d.name, "aliases": list(d.aliases), "files": list(d.files)}
                for d in declared.departments
            ]
        else:
            stored.pop(str(folder), None)
    if stored or path.is_file():
        write_json_atomic(path, stored)


def declared_departments(data_dir: Path) -> list[DeclaredDepartment]:
    """Every department declared in any synced folder, merged by name (aliases united), for the
    department listing and name resolution; [] when nothing was declared."""
    path = data_dir / DECLARED_INDEX_FILE
    if not path.is_file():
        return []
    merged: dict[str, DeclaredDepartment] = {}
    for entries in json.loads(path.read_text(encoding="utf-8")).values():
        for entry in entries:
            name = str(entry["name"])
            old = merged.get(name, DeclaredDepartment(name))
            aliases = tuple(dict.fromkeys([*old.aliases, *map(str, entry.get("aliases") or [])]))
            merged[name] = DeclaredDepartment(name, aliases, old.files)
    return [merged[n] for n in sorted(merged)]


_HEADER = """\
# departments.yaml: the departments of this folder, drafted by `auditprep departments --init`
# from what AuditPrep detected. CHECK AND CORRECT IT, then ingest the folder again.
#   name:    the department's name as your documents write it
#   aliases: other names, in both languages (行政审批科 / Administrative Licensing Section)
#   files:   paths relative to this folder, globs allowed ("2025/审批*.docx"); listed files are
#            assigned to the department whatever their content says
# A department with no files still counts: its aliases help find it by another name.
# "detected by" notes say how each department was found; delete what is wrong.
"""


def draft_declarations(documents: Iterable[Mapping[str, object] | Document]) -> str:
    """YAML text for a ``departments.yaml`` drafted from detected metadata.

    Args:
        documents: loaded ``Document``s or metadata mappings (chunk metadata works: one chunk
            per document is enough, repeats are merged). ``source`` is "<folder>/<path>" as
            ``load_file`` writes it; the folder part is dropped to make paths relative.

    Returns:
        The file's text: a comment header asking the user to correct it, then one entry per
        department with its aliases and files; departments only mentioned get no files.
    """
    found: dict[str, dict[str, set[str]]] = {}
    mentioned: dict[str, int] = {}
    for document in documents:
        meta = document.metadata if isinstance(document, Document) else document
        name = str(meta.get("department") or "").strip()
        for other in str(meta.get("mentions_departments") or "").split(MENTIONS_SEPARATOR):
            if other.strip():
                mentioned[other.strip()] = mentioned.get(other.strip(), 0) + 1
        if not name:
            continue
        entry = found.setdefault(name, {"aliases": set(), "files": set(), "sources": set()})
        entry["aliases"].update(a for a in _alias_list(meta.get("aliases")) if a != name)
        source = PurePath(str(meta.get("source") or ""))
        if source.parts:
            inside = PurePath(*source.parts[1:]) if len(source.parts) > 1 else source
            entry["files"].add(inside.as_posix())
        if meta.get("department_source"):
            entry["sources"].add(str(meta["department_source"]))
    blocks: list[str] = []
    for name in sorted(found):
        entry = found[name]
        body = yaml.safe_dump(
            [{"name": name, "aliases": sorted(entry["aliases"]), "files": sorted(entry["files"])}],
            allow_unicode=True, sort_keys=False, default_flow_style=None, width=100,
        )
        blocks.append(f"# detected by: {', '.join(sorted(entry['sources'])) or 'unknown'}\n{body}")
    known = {_key(n) for n in found} | {_key(a) for e in found.values() for a in e["aliases"]}
    for name in sorted(n for n in mentioned if _key(n) not in known):
        body = yaml.safe_dump([{"name": name, "aliases": [], "files": []}], allow_unicode=True,
                              sort_keys=False, default_flow_style=None)
        note = f"# only mentioned, in {mentioned[name]} document(s): keep it if it is a department"
        blocks.append(f"{note}\n{body}")
    return _HEADER + ("\n" + "\n".join(blocks) if blocks else "\n[]\n")
