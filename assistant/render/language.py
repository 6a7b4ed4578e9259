"""How much of a rendered brief is in the other language, outside quotes.

A brief in one language may quote sources in the other (marked as originals); anything else in
the other language is a leak: a name left untranslated, a template sentence in the wrong
language. ``other_language_share`` counts letters of the other script outside quotes, the
Sources list, citation marks, and acronyms or IDs (OA, NC-2025-03, GB/T 19001, PDCA), which
both languages write the same way.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.text import CJK

_QUOTES = re.compile(r"“[^”]*”|「[^」]*」|《[^》]*》")
_MARKS = re.compile(r"\[\d+\]|`[^`]*`")
# Acronyms and IDs: all capitals or digits, with -/.: "OA", "NC-2025-03", "GB/T", "ISO".
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z][A-Z0-9/.\-]*(?![A-Za-z])")
_CJK_CHAR = re.compile(f"[{CJK}]")
_LATIN = re.compile(r"[A-Za-z]")


def strip_quoted(text: str) -> str:
    """``text`` without quoted spans, original-language marks, citation marks and the Sources list."""
    text = unicodedata.normalize("NFKC", text)
    # Everything after the Sources heading quotes the passages verbatim.
    text = re.split(r"^## (?:引用来源|Sources)\s*$", text, maxsplit=1, flags=re.M)[0]
    text = _QUOTES.sub(" ", _QUOTES.sub(" ", text))
    return _MARKS.sub(" ", text)


def other_language_share(text: str, language: str) -> float:
    """Share of letters outside quotes that belong to the other language (0.0 = none)."""
    body = strip_quoted(text)
    body = _ACRONYM.sub(" ", body)
    cjk = len(_CJK_CHAR.findall(body))
    latin = len(_LATIN.findall(body))
    total = cjk + latin
    if not total:
        return 0.0
    other = latin if language == "zh" else cjk
    return other / total
