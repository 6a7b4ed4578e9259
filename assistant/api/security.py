"""Who may call the API, and from which host name.

A team shares one server: with ``AUDITPREP_API_KEY`` set, or a key file of named keys
(``AUDITPREP_API_KEYS_FILE``), every route except ``/api/health`` and the static page needs
``Authorization: Bearer KEY``. Without any key the server is open, which ``auditprep serve``
allows on loopback only.

The key file is YAML, one entry per person or tool::

    - name: lead-auditor
      key: 3f8a…   # at least 16 characters; `python -c "import secrets; print(secrets.token_urlsafe())"`
    - name: trainer
      key: 91bc…

Keys are compared in constant time, and the file is read again when it changes, so a key can be
added or revoked without a restart.
"""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from assistant.config import Settings, get_settings
from assistant.errors import ConfigError
from ingest.datafile import read_yaml

MIN_KEY_CHARS = 16
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


@dataclass(frozen=True)
class ApiKey:
    name: str
    secret: str


def read_key_file(path: Path) -> tuple[ApiKey, ...]:
    """The named keys of ``path``.

    Raises:
        ConfigError: the file is missing, not YAML, or an entry lacks a name or a long enough key.
    """
    where = f"API key file {path} (AUDITPREP_API_KEYS_FILE)"
    entries = read_yaml(path, ConfigError, "API key file", fix="Check AUDITPREP_API_KEYS_FILE.")
    if not isinstance(entries, list):
        raise ConfigError(f"{where} must be a list of entries like `- {{name: lead, key: ...}}`.")
    keys: list[ApiKey] = []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or set(entry) - {"name", "key"}:
            raise ConfigError(f"{where}: entry {n} must have exactly the keys name and key.")
        name, secret = str(entry.get("name") or "").strip(), str(entry.get("key") or "")
        if not name or len(secret) < MIN_KEY_CHARS:
            raise ConfigError(
                f"{where}: entry {n} needs a name and a key of at least {MIN_KEY_CHARS} characters."
            )
        if any(k.name == name for k in keys):
            raise ConfigError(f"{where}: the name {name!r} is used twice.")
        keys.append(ApiKey(name, secret))
    return tuple(keys)


_file_cache: dict[Path, tuple[int, tuple[ApiKey, ...]]] = {}
_file_lock = threading.Lock()


def configured_keys(settings: Settings) -> tuple[ApiKey, ...]:
    """Every key the server accepts (empty: the server is open).

    Raises:
        ConfigError: the key in AUDITPREP_API_KEY is too short, or the key file is unusable.
    """
    keys: list[ApiKey] = []
    if settings.api_key is not None:
        secret = settings.api_key.get_secret_value()
        if len(secret) < MIN_KEY_CHARS:
            raise ConfigError(f"AUDITPREP_API_KEY must be at least {MIN_KEY_CHARS} characters long.")
        keys.append(ApiKey("default", secret))
    path = settings.api_keys_file
    if path is not None:
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            stamp = -1  # read_key_file reports the missing file
        with _file_lock:
            cached = _file_cache.get(path)
            if cached is None or cached[0] != stamp:
                cached = (stamp, read_key_file(path))
                _file_cache[path] = cached
        keys.extend(cached[1])
    return tuple(keys)


def require_key(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> str | None:
    """The name of the caller's key; ``None`` on an open server.

    Raises:
        HTTPException: 401 without a bearer key or with a wrong one.
    """
    keys = configured_keys(settings)
    if not keys:
        return None
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    challenge = {"WWW-Authenticate": "Bearer"}
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(
            401, "This server needs an API key: send the header `Authorization: Bearer <key>`.", challenge
        )
    offered = token.strip().encode()
    # Check every key so the time taken does not tell which key came close.
    matches = [k.name for k in keys if hmac.compare_digest(offered, k.secret.encode())]
    if not matches:
        raise HTTPException(
            401, "The API key is not valid. Ask the server's administrator for one.", challenge
        )
    return matches[0]


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


KeyDep = Depends(require_key)
