"""Fixtures of the API tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.embedders import AuditPrepEmbeddings
from ingest.sync import Ingester


@pytest.fixture
def tiny_index(tmp_path: Path, tiny_dir: Path, hash_embedder: AuditPrepEmbeddings) -> Path:
    data_dir = tmp_path / "tiny-index"
    report = Ingester(data_dir, hash_embedder).sync([tiny_dir])
    assert not report.failed
    return data_dir
