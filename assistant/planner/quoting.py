"""How a brief quotes its sources: verbatim inside the quote marks, with the original mark after
the closing quote when the source is in the other language (“…”（原文） in a Chinese brief,
“…” (original) in an English one), and a table row by its cells when the column headers the
facts stage added are not in the row quoted. Every quoted word is then in the passage cited.

Usage::

    quote_original("Prepares the budget", "zh")   # '“Prepares the budget”（原文）'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from assistant.facts.fact import Fact
from assistant.facts.recognizers import language_of

# A quote in the other language is followed by this mark, outside the quote marks, so the
# quote stays verbatim: “…”（原文） in a Chinese brief, “…” (original) in an English one.
ORIGINAL_MARK = {"zh": "（原文）", "en": " (original)"}


# Codes both languages write alike: IDs (NC-2025-03, LJSJ/JL-CX05-01) and acronyms (OA, ISO).
_CODE = re.compile(r"(?<![A-Za-z])[A-Z][A-Z0-9/.\-]*(?![A-Za-z])|[A-Za-z]{1,6}-?\d[\w./-]*")
_CJK = re.compile(r"[\u3400-\u9fff]")


def original_mark(text: str, language: str) -> str:
    """The mark to put after a quote of ``text`` in a brief in ``language`` ("" when no mark:
    the text is in that language, or has no word of the other one, only codes and figures)."""
    if not text or language_of(text) == language:
        return ""
    other_words = _CJK.search(text) if language == "en" else re.search(r"[A-Za-z]", _CODE.sub(" ", text))
    return ORIGINAL_MARK.get(language, ORIGINAL_MARK["en"]) if other_words else ""


def quote_original(text: str, language: str) -> str:
    """``text`` as it may stand in a sentence of a brief in ``language``: as is in that language,
    else in quote marks followed by the original mark."""
    mark = original_mark(text, language)
    return f"“{text}”{mark}" if mark else text


def trim(text: str) -> str:
    # The template supplies its own punctuation after the closing quote mark.
    shown = text.rstrip("。；;，,、 ") if not text.endswith("...") else text
    return shown[:-1] if shown.endswith(".") and not shown.endswith("..") else shown


# "；项目：" in a table row the facts stage labelled: a separator, then a short column header.
_LABELLED_CELL = re.compile(r"[；;]\s*(?=[^；;：:“”]{1,12}[:：])")


def quotable(fact: Fact, text: str | None = None, names: Sequence[str] = ()) -> str:
    """What of ``text`` (default: the fact's text) a question may put in quote marks: the text
    itself, or, for a table row the facts stage labelled with its column headers ("项目：收文登记；
    目标值：1个工作日内"), the cells alone when the headers are not in the quoted row, so that
    every quoted word is in the passage cited. A cell that only names the department (one of
    ``names``) is left out: the question names it already."""
    text = trim(fact.text if text is None else text)
    quote = re.sub(r"\s+", "", fact.citation.quote)
    # A row whose headers stand in the quoted chunk ("序号: TS-01; 受理日期: …") keeps them: the
    # same words in full-width punctuation are the same quote.
    if not quote or _flat(text) in _flat(quote):
        return text
    labelled = [re.split(r"[:：]", cell.strip(), maxsplit=1) for cell in _LABELLED_CELL.split(text)]
    if len(labelled) < 2 or any(len(pair) != 2 for pair in labelled):
        return text
    values = [value.strip() for _, value in labelled]
    if not all(v and re.sub(r"\s+", "", v) in quote for v in values):
        return text
    kept = [v for v in values if v not in names] or values
    return ("；" if fact.language == "zh" else "; ").join(kept)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
