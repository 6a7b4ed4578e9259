"""Does a cited line say only what its passages say? A small check run on every line of a
brief before it is shown.

A line passes when, against the union of its cited quotes (NFKC-normalised, Chinese numerals
before a unit written as digits):

1. every number it states is in a quote (finding IDs and clause numbers aside): no figure the
   sources do not give;
2. every span it quotes (“…”) is in a quote: no misquotation, no quote from another passage;
3. it shares at least one content word with a quote: the passage is on its topic.

A line with no citation fails. The planner drops a line that fails, and reports the share of
lines that passed as ``citation_support``.

Usage::

    check_support("时限为20个工作日", [citation]).ok
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.facts.recognizers import FINDING_ID, language_of
from assistant.retrieval.citations import Citation
from ingest.text import NUMBER_RE, arabic_numerals, cjk_bigrams, content_tokens, english_numerals

_QUOTED = re.compile(r"“([^”]{2,})”")
# Marks the brief adds before an original-language quote; not part of the quote.
_ORIGINAL = re.compile(r"^(?:原文[:：]\s*|original:\s*)")
_ELLIPSIS = re.compile(r"…|\.\.\.")


def _norm(text: str) -> str:
    return arabic_numerals(unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Support:
    """The verdict on one line: ``ok`` and, when not, why (``missing`` lists what is unsupported)."""

    ok: bool
    missing: tuple[str, ...] = ()


def numbers_in(text: str) -> set[str]:
    """The numbers ``text`` states, without thousands separators; finding IDs are no numbers."""
    text = FINDING_ID.sub(" ", text)
    return {n.replace(",", "") for n in NUMBER_RE.findall(text)}


def check_support(line: str, citations: Sequence[Citation], allowed_numbers: Sequence[str] = ()) -> Support:
    """Check ``line`` against the quotes of ``citations`` (see the module docstring).

    Args:
        line: the text shown to the auditor. citations: what it cites.
        allowed_numbers: numbers the line may state without a source (a sample size the planner
            computed by a named rule, a clause number).
    """
    if not citations:
        return Support(False, ("no citation",))
    quotes = _norm(" ".join(c.quote for c in citations))
    # A quoted document name is supported by the title of the document cited.
    titled = quotes + " " + _norm(" ".join(c.title for c in citations))
    flat_quotes = re.sub(r"\s+", "", titled)
    raw = unicodedata.normalize("NFKC", line)
    text = _norm(line)
    missing: list[str] = []
    nfkc_quotes = unicodedata.normalize("NFKC", titled)
    # A figure the source writes in words ("six hundred and twelve complaints") supports its digits.
    quote_numbers = numbers_in(titled) | numbers_in(nfkc_quotes) | numbers_in(english_numerals(nfkc_quotes))
    # Only digits the line itself writes are claims ("一次" in a template is no figure).
    for number in sorted(numbers_in(raw) - quote_numbers - {str(n) for n in allowed_numbers}):
        missing.append(number)
    for span in _QUOTED.findall(raw):
        span = _ORIGINAL.sub("", span.strip())
        # Several passages quoted together are joined with "；" or "; ": each must be in a quote.
        pieces = [p.strip(" ，,。；;") for p in re.split(r"…|\.\.\.|[；;]\s*", span)]
        for piece in pieces:
            if not _quoted_in(piece, flat_quotes):
                missing.append(f"“{piece[:30]}”")
    # Words can only be compared within one language; a cross-language citation is checked on
    # its numbers and quotes alone.
    same_language = any(language_of(c.quote) == language_of(line) for c in citations)
    words = {w.lower() for w in content_tokens(text) if len(w) >= 2}
    quote_words = {w.lower() for w in content_tokens(quotes) if len(w) >= 2}
    if same_language and not words & quote_words and not (cjk_bigrams(text) & cjk_bigrams(quotes)):
        missing.append("no shared term")
    return Support(not missing, tuple(missing))


def _quoted_in(piece: str, flat_quotes: str) -> bool:
    """``piece`` is in the quotes, whole or (a table row shown as "cell：cell") cell by cell."""
    flat = re.sub(r"\s+", "", piece)
    if not flat or flat in flat_quotes or _norm(flat) in flat_quotes:
        return True
    cells = [c for c in re.split(r"[:：]", flat) if c]
    # "Header：cell": the facts stage names a row's cells by their column header, which stands
    # in the table's header row, not in the row quoted; the cells after the label must be there.
    values = cells[1:] if len(cells) > 1 else []
    return bool(values) and all(c in flat_quotes or _norm(c) in flat_quotes for c in values)


@dataclass
class SupportTally:
    """Counts of checked and passing lines of one brief."""

    checked: int = 0
    passed: int = 0
    dropped: list[dict[str, str]] | None = None

    def record(self, where: str, line: str, verdict: Support) -> bool:
        self.checked += 1
        if verdict.ok:
            self.passed += 1
        else:
            if self.dropped is None:
                self.dropped = []
            self.dropped.append({"where": where, "line": line[:120], "missing": "; ".join(verdict.missing)})
        return verdict.ok

    @property
    def share(self) -> float:
        return self.passed / self.checked if self.checked else 1.0

    def to_dict(self) -> dict[str, object]:
        return {
            "checked": self.checked,
            "passed": self.passed,
            "share": round(self.share, 3),
            "dropped": list(self.dropped or []),
        }
