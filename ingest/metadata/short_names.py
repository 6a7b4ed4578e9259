"""Short names a document defines for a unit: "Farm Produce Quality & Safety Unit（以下简称FPQS
Unit）", "政策法规科（下称“法规科”）", 'Office of Policy and Regulations (hereafter "the Policy
Office")', "Quality and Safety Monitoring Office (QSMO)".

An audit report or minutes often define the short name once and use it throughout; a user then
asks about "FPQS Unit". Each definition is kept as ``"<text before it>=<short name>"``: the
document does not know which departments the index holds, so the department catalogue matches
the text before the parenthesis against its names when it reads the index (a department whose
name ends that text gets the short name as an alias).

Usage::

    defined_short_names("本次覆盖办公室和Farm Produce Quality & Safety Unit（以下简称FPQS Unit）。")
    # ["本次覆盖办公室和Farm Produce Quality & Safety Unit=FPQS Unit"]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.metadata.units import english_unit_suffixes, normalize_name
from ingest.text import CJK

_CJK_RUN = re.compile(f"[{CJK}]+")
# How much text before a definition is kept: the longest unit name with some words in front.
CONTEXT_CHARS = 48
# At most this many definitions per document: a page of them is a glossary, not a report.
MAX_DEFINITIONS = 20
_OPEN = r"[（(]\s*"
_CLOSE = r"\s*[）)]"
_QUOTED = r"[“\"「『‘']\s*(?P<q>[^”\"」』’'）)]{1,30}?)\s*[”\"」』’']"
_ZH_MARKERS = r"(?:以下简称|以下称|以下统称|下称|简称)[：:为]?\s*"
_EN_MARKERS = r"(?:hereafter|hereinafter|below|henceforth)(?:\s+referred\s+to\s+as|\s+called)?[,:]?\s*"
_DEFINITION = re.compile(
    _OPEN
    + "(?:"
    + rf"{_ZH_MARKERS}(?:{_QUOTED}|(?P<zh>[^\s）),，。；;“”\"]{{1,20}}(?:\s[A-Za-z]+)?))"
    + rf"|(?:{_EN_MARKERS})?(?:the\s+)?{_QUOTED.replace('?P<q>', '?P<en>')}"
    # An acronym alone, perhaps with a unit word: "(QSMO)", "(FPQS Unit)".
    + r"|(?P<acronym>[A-Z][A-Z&]{1,7}(?:\s(?:Unit|Section|Office|Division|Centre|Center|Team|Desk))?)"
    + ")"
    + _CLOSE,
    re.IGNORECASE,
)
# Short names that stand for the agency or the document itself, never for a unit.
# A bare unit word ("the Unit") names no unit in particular.
_NOT_UNITS = re.compile(
    r"^(?:本|该|this\b|the\s+(?:bureau|agency|procedure|manual)\b"
    r"|(?:unit|section|office|division|team|department|centre|center|bureau|agency)$)",
    re.IGNORECASE,
)
# Where the text before a definition starts: the last sentence break.
_BREAK = re.compile(r"[。；;！？!?\n，,、：:]")


def defined_short_names(text: str) -> list[str]:
    """``"<up to CONTEXT_CHARS of text before>=<short name>"`` for each short name ``text``
    defines, in order, each once."""
    found: list[str] = []
    for match in _DEFINITION.finditer(text):
        short = next((g for g in match.group("q", "zh", "en", "acronym") if g), "").strip()
        if match.group("acronym") and not match.group("acronym").isupper() and " " not in short:
            continue  # "(Note)" is a word in brackets, not an acronym; IGNORECASE let it in
        short = re.sub(r"^the\s+", "", short, flags=re.IGNORECASE)
        if not short or _NOT_UNITS.match(short):
            continue
        before = text[max(0, match.start() - CONTEXT_CHARS) : match.start()]
        before = _BREAK.split(before)[-1].strip()
        if not before or before == short:
            continue
        entry = f"{before}={short}".replace("|", " ")  # "|" joins a list in the index
        if entry not in found:
            found.append(entry)
        if len(found) >= MAX_DEFINITIONS:
            break
    return found


def short_names_for(name: str, definitions: Iterable[str]) -> set[str]:
    """The short names among ``definitions`` whose text before ends with the unit ``name``."""
    normalize = normalize_name
    key = normalize(name)
    names: set[str] = set()
    if not key:
        return names
    for entry in definitions:
        before, _, short = entry.rpartition("=")
        if before and short and normalize(before).endswith(key) and normalize(short) != key:
            names.add(short)
    return names


def contracted_names(name: str) -> set[str]:
    """The short form English writers give a unit whose name joins two fields with "and": the
    first field and the unit word ("Visitor Services and Tourism Quality Office" -> "Visitor
    Services Office", "Finance and Asset Section" -> "Finance Section"). Chinese names and
    names without "and" have none. Whether a short form is unambiguous is for the caller, who
    knows the other units."""
    words = name.split()
    if len(words) < 4 or words[-1] not in english_unit_suffixes() or "and" not in words[1:-2]:
        return set()
    first = words[: words.index("and", 1)]
    if not all(w[:1].isupper() and not w.endswith(",") for w in first):
        return set()
    return {" ".join([*first, words[-1]])}


def abbreviates(short: str, name: str) -> bool:
    """Whether Chinese ``short`` is a short form of the unit ``name`` as agencies write them:
    its characters stand in ``name`` in order, the first and the unit word alike ("殡管股" for
    殡葬管理股, "文市科" for 文化市场管理科), three characters at least and shorter than the
    name. A contiguous tail ("审批科" of 行政审批科) is matched by name search already."""
    if len(short) < 3 or len(short) >= len(name) or not _CJK_RUN.fullmatch(short + name):
        return False
    if short[0] != name[0] or short[-1] != name[-1] or short in name:
        return False
    rest = iter(name)
    return all(ch in rest for ch in short)
