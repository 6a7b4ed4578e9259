"""Reading the YAML files that hold AuditPrep's data (vocabularies, planner templates, API
keys), with one wording for the two ways it fails: the file cannot be read, or is not YAML.
Each caller checks the shape of what it read and raises its own error class.

Usage::

    data = read_yaml(path, IngestError, "Vocabulary file", fix="Fix or restore it.")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def read_yaml(path: Path, error: type[Exception], what: str, fix: str = "") -> Any:
    """The parsed content of ``path`` (safe loader: plain data only).

    Raises:
        error: the file cannot be read, or it is not valid YAML; the message names ``what``,
            the file, the cause and ``fix``.
    """
    where = f"{what} {path}"
    tail = f" {fix}" if fix else ""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise error(f"{where} cannot be read ({e.strerror or e}).{tail}") from e
    except yaml.YAMLError as e:
        raise error(f"{where} is not valid YAML ({' '.join(str(e).split())[:300]}).{tail}") from e
