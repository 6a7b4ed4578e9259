"""Text normalisation the measures share, so that a figure never depends on how a number or a
space was typed.

``canon`` is what every "does this string appear in that text" check compares: NFKC (full-width
``９５％`` becomes ``95%``), whitespace removed, lower case, thousands separators dropped
(``1,842`` and ``1842`` are one number), and numbers written in words turned into digits on both
sides (``十个工作日``, ``ten working days`` and ``10个工作日`` all contain ``10``). Both sides go
through the same function, so a conversion that is odd for one word (``一般`` -> ``1般``) is odd
on both sides alike and cannot create a match the text does not have.
"""

from __future__ import annotations

import re
import unicodedata

import cn2an
from text_to_num import alpha2digit

_CN_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# Letters, not \b: a Chinese character next to the word is a word boundary here ("共ten件").
_EN_WORD = re.compile(
    r"(?<![A-Za-z])(" + "|".join(sorted(_EN_UNITS, key=len, reverse=True)) + r")(?![A-Za-z])", re.IGNORECASE
)
_SPACE = re.compile(r"\s+")
_CJK_LATIN_EDGE = re.compile(r"(?<=[\u4e00-\u9fff])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u4e00-\u9fff])")
_EN_COMPOUND = re.compile(
    r"(?<![A-Za-z])(?:hundred|thousand|million"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-[a-z]+)(?![A-Za-z])",
    re.IGNORECASE,
)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """NFKC with runs of whitespace made one space and the ends trimmed (titles)."""
    return _SPACE.sub(" ", nfkc(text)).strip()


def _cn_to_digits(match: re.Match[str]) -> str:
    try:
        return str(cn2an.cn2an(match.group(0), "smart"))
    except (ValueError, KeyError, IndexError):
        return match.group(0)  # not a well-formed numeral ("十百"): leave it as written


# A lone 一/两/one is mostly a word, not a quantity (一下, 一般, 两套, "one of"): when numbers are
# extracted as claims (``key_tokens``) they stay words; in ``canon`` both sides convert alike.
_WORDY = {"一", "两", "one"}


def numbers_as_digits(text: str, strict: bool = False) -> str:
    """Chinese and English number words as digits, thousands separators dropped; ``strict``
    leaves the lone words in ``_WORDY`` alone."""

    def cn(match: re.Match[str]) -> str:
        return match.group(0) if strict and match.group(0) in _WORDY else _cn_to_digits(match)

    def en(match: re.Match[str]) -> str:
        word = match.group(1).lower()
        return match.group(0) if strict and word in _WORDY else str(_EN_UNITS[word])

    text = _CN_NUMERAL.sub(cn, text)
    if _EN_COMPOUND.search(text):
        # "six hundred and twelve", "twenty-one": text2num reads compounds; it leaves a lone
        # small word ("one of") as it is, which the word table below then handles as before.
        # A Chinese character glued to the first word ("共six hundred") hides that word from it.
        text = alpha2digit(_CJK_LATIN_EDGE.sub(" ", text), "en")
    text = _EN_WORD.sub(en, text)
    return _THOUSANDS.sub("", text)


def canon(text: str) -> str:
    """The form two texts are compared in (see the module docstring)."""
    return _SPACE.sub("", numbers_as_digits(nfkc(text))).lower()


def contains(haystack: str, needle: str) -> bool:
    """``needle`` occurs in ``haystack`` once both are in ``canon`` form (empty needles do not)."""
    key = canon(needle)
    return bool(key) and key in canon(haystack)


_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
# IDs such as NC-2025-03, 2026-NC-01, QR-05-01, LJSJ/JL-CX10-05 (the part after the slash);
# ASCII only, so that "NC-2025-10中行政审批科" yields the ID and not the sentence.
_ID = re.compile(r"[A-Za-z]{1,6}-?\d[A-Za-z0-9.-]*[A-Za-z0-9]|\d{4}-[A-Za-z]{1,4}-\d+")
# Standards named by number are references, not claims about the department.
_STANDARD = re.compile(r"(?:ISO|GB/T|GB)\s*\d+(?:[.:-]\d+)*", re.IGNORECASE)


def key_tokens(text: str, strict: bool = True) -> list[str]:
    """The numbers and IDs in ``text`` (canon form), the parts a paraphrase must keep.
    ``strict=False`` also reads a lone 一/两/one as a number: use it on the side that must
    *contain* a claim (a cited quote), so "半年一次" supports a line that says "once (1)"."""
    flat = _STANDARD.sub(" ", numbers_as_digits(nfkc(text), strict=strict))
    ids = [m.group(0).lower() for m in _ID.finditer(flat)]
    numbers = [m.group(0) for m in _NUMBER.finditer(flat)]
    return list(dict.fromkeys(ids + numbers))
