"""Limits on what one file may cost an ingest, with their defaults in one place.

A 50 MB log saved as .txt, or a file of 100,000 headings, would otherwise tie up the embedder
for an hour and bury the real documents in noise. A file over a limit is skipped with a
message that names the file, the limit and how to raise it; the other files are indexed.

The defaults fit the largest real documents we expect (a 1,000-page manual is about 3 million
characters and 2,000 chunks). ``ENV_VARS`` names the settings that raise them; the
configuration layer reads those variables and passes the values to ``Ingester``.

Usage::

    limits = IngestLimits(max_file_bytes=200 * MB)
    limits.check_file_size("kb/big.txt", 300 * MB)   # raises IngestError
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.errors import IngestError

MB = 1024 * 1024
DEFAULT_MAX_FILE_BYTES = 50 * MB
DEFAULT_MAX_TEXT_CHARS = 5_000_000
DEFAULT_MAX_CHUNKS_PER_FILE = 5_000

# Setting names for the configuration layer (not read here: only the wiring reads settings).
ENV_VARS = {
    "max_file_bytes": "AUDITPREP_MAX_FILE_BYTES",
    "max_text_chars": "AUDITPREP_MAX_TEXT_CHARS",
    "max_chunks_per_file": "AUDITPREP_MAX_CHUNKS_PER_FILE",
}


@dataclass(frozen=True)
class IngestLimits:
    """Per-file limits; each check raises ``IngestError`` naming the file and the setting.

    Args:
        max_file_bytes: larger files are not read at all.
        max_text_chars: larger texts (after parsing) are not chunked.
        max_chunks_per_file: files that give more chunks are not embedded.
    """

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    max_chunks_per_file: int = DEFAULT_MAX_CHUNKS_PER_FILE

    def __post_init__(self) -> None:
        for name in ENV_VARS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, not {value!r}")

    def check_file_size(self, name: str, size: int) -> None:
        if size > self.max_file_bytes:
            raise IngestError(
                f"{name}: the file is {_megabytes(size)}, over the limit of {_megabytes(self.max_file_bytes)}"
                f" per file. {_how_to_raise('max_file_bytes', 'split the file')}"
            )

    def check_text_length(self, name: str, chars: int) -> None:
        if chars > self.max_text_chars:
            raise IngestError(
                f"{name}: the text is {chars:,} characters long, over the limit of "
                f"{self.max_text_chars:,} per file. {_how_to_raise('max_text_chars', 'split the file')}"
            )

    def check_chunk_count(self, name: str, chunks: int) -> None:
        if chunks > self.max_chunks_per_file:
            raise IngestError(
                f"{name}: the file gives {chunks:,} chunks, over the limit of {self.max_chunks_per_file:,} "
                f"per file (is it a data dump or a log?). {_how_to_raise('max_chunks_per_file', 'split it')}"
            )


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def _how_to_raise(field: str, alternative: str) -> str:
    return f"To index it anyway, {alternative} or raise {ENV_VARS[field]} (Ingester {field}=...)."
