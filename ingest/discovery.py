"""Finding the files to ingest in a folder that may hold anything.

The walk is iterative (a folder 1,200 levels deep overflowed the recursive glob), never follows a
symlink to a folder (so symlink loops cannot trap it; the folder it points to is walked under
its own name when it lies inside), and takes a symlinked file only when its target lies inside
the ingested folder: a link to /etc/passwd is reported, not indexed. Folders that cannot be
listed and entries that cannot be examined are reported and the walk goes on. Hidden files and
folders (a leading dot) and unsupported suffixes are skipped silently.

Usage::

    found = walk(Path("corpus"))
    found.files      # supported files, sorted
    found.skipped    # (path, reason) for what was left out and why
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders import supported_suffixes

OUTSIDE_SYMLINK = "skipped: symlink to outside the folder"
NOT_REGULAR = "skipped: not a regular file (a pipe, socket or device)"


@dataclass
class Discovery:
    """What a walk found below ``root``.

    Attributes:
        root: the folder walked (resolved), or the parent of a single file.
        files: supported regular files (and symlinks to files inside ``root``), sorted.
        skipped: (path, reason) for each supported-looking entry left out.
        unlisted: folders whose listing failed; what they held before stays in the index.
    """

    root: Path
    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    unlisted: list[Path] = field(default_factory=list)


def walk(path: Path) -> Discovery:
    """Every supported file below ``path`` (a folder), or ``path`` itself (a file).

    Raises:
        IngestError: ``path`` does not exist or is a symlink loop.
    """
    try:
        path = path.resolve()
    except (OSError, RuntimeError) as e:  # Python 3.11 raises RuntimeError on a symlink loop
        raise IngestError(f"{path}: cannot be resolved ({e}). Check the path for a symlink loop.") from e
    if path.is_file():
        return Discovery(path.parent, [path])
    if not path.is_dir():
        raise IngestError(f"{path}: no such file or folder.")
    found = Discovery(path)
    suffixes = supported_suffixes()
    pending = [path]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as e:
            found.unlisted.append(folder)
            reason = f"skipped: the folder cannot be read ({e.strerror or e}); its files keep their chunks"
            found.skipped.append((folder, reason))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            entry_path = folder / entry.name
            wanted = entry_path.suffix.lower() in suffixes
            try:
                if entry.is_symlink():
                    _take_symlink(found, entry_path, wanted)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(entry_path)
                elif not wanted:
                    continue
                elif entry.is_file(follow_symlinks=False):
                    found.files.append(entry_path)
                else:
                    found.skipped.append((entry_path, NOT_REGULAR))
            except OSError as e:
                if wanted:
                    found.skipped.append((entry_path, f"skipped: cannot be examined ({e.strerror or e})"))
    found.files.sort()
    return found


def _take_symlink(found: Discovery, link: Path, wanted: bool) -> None:
    """A symlinked file inside the root is taken under the link's name; anything else is not."""
    target = Path(os.path.realpath(link))
    if not target.is_relative_to(found.root):
        if wanted or target.is_dir():
            found.skipped.append((link, f"{OUTSIDE_SYMLINK} ({target})"))
        return
    if target.is_dir() or not wanted:
        return  # walked under its own name; following it could loop
    if target.is_file():
        found.files.append(link)
    elif not target.exists():
        found.skipped.append((link, "skipped: broken symlink (its target is missing or loops)"))
    else:
        found.skipped.append((link, NOT_REGULAR))


def discover(path: Path) -> tuple[Path, list[Path]]:
    """(root, files) for a folder (every supported file below it, hidden ones skipped) or a file."""
    found = walk(path)
    return found.root, found.files
