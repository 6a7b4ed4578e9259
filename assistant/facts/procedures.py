"""The records a procedure defines, so that a brief can ask for them as audit evidence.

A procedure names its records as titles (《纠正措施跟踪台账》, "form LJSJ/JL-CX05-01") or as
noun phrases ending in a record word (…登记表, …台账, …记录, "issue log", "feedback slip"); the
words come from the vocabulary (``record_titles``, ``record_nouns``).

Usage::

    procedure_records(retriever.chunks(doc_id="system/zh/corrective-action.md"))
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from assistant.facts.recognizers import PROCEDURE_TITLE, split_units
from assistant.facts.vocabulary import get_vocabulary, normalize
from assistant.retrieval.hybrid import Hit

_V = get_vocabulary()
MAX_RECORDS = 12


def _lead_words() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in _V.words("record_noun_lead"))
    # An English lead word ends at a space; a Chinese one at the next character.
    return re.compile(rf"^(?:(?:{words})(?:\s+|(?=[\u4e00-\u9fff])))+", re.I)


def _excluded() -> re.Pattern[str]:
    # Chinese words are found inside a phrase; English ones only as whole words.
    words = _V.words("record_noun_exclude")
    chinese = "|".join(re.escape(w) for w in words if re.search(r"[\u4e00-\u9fff]", w))
    latin = "|".join(re.escape(w) for w in words if not re.search(r"[\u4e00-\u9fff]", w))
    return re.compile(rf"{chinese}|\b(?:{latin})\b", re.I)


def record_names(text: str) -> list[str]:
    """Record names in one passage, in order, each once."""
    text = normalize(text)
    found: list[str] = []
    lead = _lead_words()
    excluded = _excluded()
    for key in ("record_titles", "record_nouns"):
        for m in _V.pattern(key).finditer(text):
            name = next((g for g in m.groups() if g), m.group(0)).strip()
            if key == "record_nouns":  # a title in 《》 is the record's whole name
                name = lead.sub("", name).strip(" ,、")
            if key == "record_nouns" and excluded.search(name):
                continue
            if len(name) >= 3 and not any(name in other or other in name for other in found):
                found.append(name)
    return found


def procedure_label(text: str, hit: Hit) -> str:
    """The procedure a passage answers to: the title it names (《窗口受理工作规程》, "the Counter
    Service Rules"), else the title of the system document it stands in; "" otherwise. The
    heading a department document files the passage under ("工作流程与记录", "年度工作量")
    names no procedure, and a brief that lists it as one misleads the auditor."""
    text = normalize(text)
    match = PROCEDURE_TITLE.search(text)
    if match:
        title = _title_case_tail(next((g for g in match.groups() if g), match.group(0)).strip())
        if " " not in title and title.isascii():
            # The keyword alone ("… through the Procedure for Complaint Handling"): the title
            # runs on after it.
            after = PROCEDURE_TITLE.search(text[match.end() - len(title) :])
            if after and after.group(0) != title:
                return _title_case_tail(next((g for g in after.groups() if g), after.group(0)).strip())
        return title
    return hit.title if hit.doc_type == "system" else ""


def _title_case_tail(title: str) -> str:
    """An English title that ends in its keyword starts at its run of capitalised words
    ("Permits follow the Counter Service Rules" -> "Counter Service Rules")."""
    words = title.split()
    if not words or not words[-1][:1].isupper() or len(words) == 1:
        return title
    start = len(words) - 1
    while start > 0 and (words[start - 1][:1].isupper() or words[start - 1] in _TITLE_JOINERS):
        start -= 1
    while words[start] in _TITLE_JOINERS:
        start += 1
    return " ".join(words[start:])


_TITLE_JOINERS = {"of", "for", "on", "and", "the", "to", "in"}


def procedure_records(hits: Iterable[Hit], keep: Callable[[str], bool] | None = None) -> tuple[str, ...]:
    """The record names a procedure's chunks define, at most :data:`MAX_RECORDS`; with
    ``keep``, only those in passages it accepts."""
    names: list[str] = []
    for hit in hits:
        for unit in split_units(hit.text, fine=False):
            if keep is not None and not keep(unit.display):
                continue
            for name in record_names(unit.display):
                if not any(name in other or other in name for other in names):
                    names.append(name)
    return tuple(names[:MAX_RECORDS])
