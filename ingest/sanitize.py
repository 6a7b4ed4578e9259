"""Making hostile file names and text safe to store, quote and report.

An audit team's folder holds whatever the agency has: archives unpacked on a GBK system leave
file names that are not UTF-8 (Python sees them as lone surrogates, which JSON, Chroma and
hashing refuse), names can contain newlines, and text can hold NUL and other control bytes.
Names are escaped into a stable, printable form (the same bytes always give the same text, and
a valid UTF-8 name is left exactly as it is); text loses its control characters.

Usage::

    printable_name(os.fsdecode(b"/kb/\\xb0\\xec.md"))   # '/kb/\\\\xb0\\\\xec.md'
    clean_text("a\\x00b")                               # 'ab'
"""

from __future__ import annotations

import re

# Surrogates stand for undecodable bytes in a name (os.fsdecode uses surrogateescape);
# control characters would break a report line or a citation.
_UNPRINTABLE_NAME = re.compile(r"[\ud800-\udfff\x00-\x1f\x7f-\x9f]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Control characters that carry no text. Tab, newline, carriage return, vertical tab and form
# feed stay: they separate words and lines (PDF page ends are form feeds).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Surrogates that do not stand for one undecodable byte (surrogateescape makes \udc80-\udcff).
_FOREIGN_SURROGATE = re.compile(r"[\ud800-\udc7f\udd00-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # one undecodable byte, as surrogateescape stores it
        return f"\\x{code - 0xDC00:02x}"
    if code > 0xFF:
        return f"\\u{code:04x}"
    return _NAMED_ESCAPES.get(char, f"\\x{code:02x}")


def printable_name(name: str) -> str:
    """``name`` with undecodable bytes and control characters written as escapes (``\\xb0``,
    ``\\n``). A valid UTF-8 name without control characters comes back unchanged, so chunk IDs
    and manifest keys of ordinary files do not move. In a path component that is not UTF-8,
    every non-ASCII byte is escaped: GBK bytes that happen to form a UTF-8 character would
    otherwise show as a stray Hangul syllable between escapes. Escaping is not reversible in
    general (a name may itself contain the four characters ``\\xb0``); it is meant to be
    stable and safe, not to restore the bytes."""
    if _SURROGATE.search(name):
        name = "/".join(_escape_bytes(part) if _SURROGATE.search(part) else part for part in name.split("/"))
    return _UNPRINTABLE_NAME.sub(_escape, name)


def _escape_bytes(part: str) -> str:
    raw = part.encode("utf-8", "surrogateescape" if not _FOREIGN_SURROGATE.search(part) else "surrogatepass")
    return "".join(chr(byte) if 0x20 <= byte < 0x7F else f"\\x{byte:02x}" for byte in raw)


def legacy_reading(name: str) -> str | None:
    """How a name that is not UTF-8 reads as GB18030 (a superset of GBK), the usual cause:
    archives made on Chinese Windows. None when the name is UTF-8 or not GB18030 either."""
    if not _SURROGATE.search(name):
        return None
    try:
        raw = name.encode("utf-8", "surrogateescape")
        return raw.decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def has_undecodable(text: str) -> bool:
    """True when ``text`` holds lone surrogates (bytes that were not valid UTF-8)."""
    return _SURROGATE.search(text) is not None


def clean_text(text: str) -> str:
    """``text`` without NUL and other control characters, and with lone surrogates (from a
    broken PDF text layer, say) replaced by U+FFFD, which every store can encode."""
    text = _CONTROL.sub("", text)
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text
