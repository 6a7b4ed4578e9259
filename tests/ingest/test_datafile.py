"""The one YAML reader of AuditPrep's data files: its errors name the file, the cause and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.datafile import read_yaml
from ingest.errors import IngestError


def test_a_good_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "words.yaml"
    path.write_text("unit_suffixes: [科, 股]\n", encoding="utf-8")
    assert read_yaml(path, IngestError, "Vocabulary file") == {"unit_suffixes": ["科", "股"]}


@pytest.mark.parametrize(
    ("content", "cause"),
    [(None, "cannot be read"), ("unit_suffixes: [科, 股\n", "is not valid YAML")],
)
def test_a_missing_or_broken_file_is_an_error_naming_it(
    tmp_path: Path, content: str | None, cause: str
) -> None:
    path = tmp_path / "words.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError) as raised:
        read_yaml(path, IngestError, "Vocabulary file", fix="Fix or restore it.")
    message = str(raised.value)
    assert message.startswith(f"Vocabulary file {path} {cause}") and message.endswith("Fix or restore it.")
