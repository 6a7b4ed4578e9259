"""A zip-bomb check for the formats that are zip files (DOCX, XLSX).

python-docx and openpyxl inflate the parts they need in memory. A small file whose parts
declare gigabytes of content, or that compresses thousands to one, would exhaust memory before
any parser error; ``check_zip`` refuses it from the zip's directory alone, before parsing. The
declared sizes are what Python's zipfile inflates at most, so checking them bounds the work.

Usage::

    check_zip(path)                                   # the default limits
    check_zip(path, max_unpacked_bytes=1_000_000_000)  # a genuinely huge workbook
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ingest.errors import IngestError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Office XML compresses 5-20 to 1, and a small part of repeated markup can reach far more;
# the ratio rule applies only to parts at least this large, where it costs memory.
RATIO_MIN_MEMBER_BYTES = 10 * 1024 * 1024
_HOW_TO_RAISE = (
    "If the file is genuine, raise the limit: ingest.formats.zipguard.{name} or the loader's "
    "{kwarg}= argument."
)


def check_zip(
    path: Path,
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
    max_ratio: float = MAX_COMPRESSION_RATIO,
) -> None:
    """Raise IngestError when the zip at ``path`` unpacks to more than ``max_unpacked_bytes`` or
    has a large part compressed more than ``max_ratio`` to one. A file that is not a zip passes:
    the format's parser reports it in its own words."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    total = sum(m.file_size for m in members)
    if total > max_unpacked_bytes:
        raise IngestError(
            f"{path}: unpacks to {_mb(total)}, more than the {_mb(max_unpacked_bytes)} limit "
            "(a zip bomb, or an unusually large document). "
            + _HOW_TO_RAISE.format(name="MAX_UNPACKED_BYTES", kwarg="max_unpacked_bytes")
        )
    for member in members:
        if member.file_size < RATIO_MIN_MEMBER_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > max_ratio:
            raise IngestError(
                f"{path}: part {member.filename} is compressed {ratio:.0f} to 1 ({_mb(member.file_size)} "
                f"unpacked), beyond the limit of {max_ratio:g} to 1 (a zip bomb?). "
                + _HOW_TO_RAISE.format(name="MAX_COMPRESSION_RATIO", kwarg="max_compression_ratio")
            )


def _mb(size: float) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
