"""Shared fixtures. Every test gets its own AUDITPREP_DATA_DIR under tmp_path; no network.

Indexes built with the real e5-small model are session-scoped (embedding is the slow part)
and must be treated as read-only by the tests that use them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings, get_settings
from assistant.retrieval.hybrid import HybridRetriever
from ingest.embedders import AuditPrepEmbeddings, HashEmbeddings, get_embedder
from ingest.sync import Ingester

DATA = Path(__file__).parent / "data"
CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AUDITPREP_DATA_DIR", str(tmp_path / "auditprep-data"))
    monkeypatch.setenv("AUDITPREP_DEBUG", "0")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("AUDITPREP_CHROMA_URL", raising=False)
    monkeypatch.delenv("AUDITPREP_WRITER", raising=False)
    monkeypatch.delenv("AUDITPREP_EMBEDDER", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/data/tiny (4 short files, zh and en)."""
    target = tmp_path / "tiny"
    shutil.copytree(DATA / "tiny", target)
    return target


@pytest.fixture
def hash_embedder() -> AuditPrepEmbeddings:
    return HashEmbeddings()


@pytest.fixture(scope="session")
def e5() -> AuditPrepEmbeddings:
    return get_embedder("e5-small")


def _build_index(root: Path, data_dir: Path, embedder: AuditPrepEmbeddings) -> HybridRetriever:
    report = Ingester(data_dir, embedder).sync([root])
    assert not report.failed, report.failed
    return HybridRetriever.open(data_dir, embedder)


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory: pytest.TempPathFactory, e5: AuditPrepEmbeddings) -> HybridRetriever:
    """The bundled corpus indexed with e5-small (read-only)."""
    return _build_index(CORPUS, tmp_path_factory.mktemp("bundled-index"), e5)


@pytest.fixture(scope="session")
def other_agency_index(tmp_path_factory: pytest.TempPathFactory, e5: AuditPrepEmbeddings) -> HybridRetriever:
    """The test-only second corpus (another agency, other formats) indexed with e5-small (read-only)."""
    return _build_index(DATA / "other_agency", tmp_path_factory.mktemp("other-index"), e5)


@pytest.fixture
def settings_for(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Point the CLI/API settings at an existing index folder: settings_for(retriever_data_dir)."""

    def apply(data_dir: Path, embedder: str = "e5-small") -> Settings:
        monkeypatch.setenv("AUDITPREP_DATA_DIR", str(data_dir))
        monkeypatch.setenv("AUDITPREP_EMBEDDER", embedder)
        get_settings.cache_clear()
        return get_settings()

    return apply


@pytest.fixture(scope="session")
def tiny_cross_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real sentence-transformers cross-encoder folder: a one-layer BERT with seeded random
    weights and a character vocabulary. Its scores mean nothing; it exercises the rerank path
    (loading from a local folder, scoring pairs, reordering) without any model download."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    folder = tmp_path_factory.mktemp("cross-encoder")
    common_cjk = {chr(c) for c in range(0x4E00, 0x4E00 + 400)}
    characters = sorted(set("abcdefghijklmnopqrstuvwxyz0123456789") | common_cjk)
    special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join([*special, *characters]) + "\n", encoding="utf-8")
    torch.manual_seed(3)
    config = BertConfig(
        vocab_size=len(special) + len(characters),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
        num_labels=1,
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    BertTokenizer(str(vocab), tokenize_chinese_chars=True).save_pretrained(folder)
    return folder
