"""Whose finding is it? A finding the department's documents mention may be another
department's (the office's risk list cites 行政审批科's NC-2025-10 as an example). Such a
finding is shown as related, never as the department's own, and is not a sampling priority.

The evidence layer's ``Fact.about`` decides when it is set. When it is empty, the planner
looks at the clause that carries the finding's ID: the department named nearest to the ID in
that clause owns it; no department named there means the department whose documents say it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from assistant.facts.fact import Fact

_CLAUSE = re.compile(r"[^，,；;。.!?！？]+")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def finding_owner(fact: Fact, own_names: Iterable[str], all_names: Iterable[str]) -> str:
    """The name of the department ``fact`` (a finding) is about: one of ``all_names``, or ""
    (unknown). ``own_names`` are the planned department's name and aliases."""
    own = [n for n in own_names if n]
    if fact.about:
        return fact.about
    if not fact.finding_id:
        return own[0] if fact.origin == "department" and own else ""
    text = _norm(fact.text)
    names = sorted({_norm(n) for n in [*own, *all_names] if n}, key=len, reverse=True)
    for clause in _CLAUSE.finditer(text):
        at = clause.group(0).find(fact.finding_id)
        if at < 0:
            continue
        found: list[tuple[int, str]] = []
        body = clause.group(0)
        for name in names:
            for m in re.finditer(re.escape(name), body):
                # A longer name already covering this span wins ("行政审批科" over "审批科").
                if any(s <= m.start() < s + len(n) for s, n in found):
                    continue
                found.append((m.start(), name))
        if found:
            return min(found, key=lambda f: abs(f[0] - at))[1]
    return own[0] if fact.origin == "department" and own else ""


def is_own(fact: Fact, own_names: Iterable[str], all_names: Iterable[str]) -> bool:
    """True when ``fact`` is about the planned department (or cannot be shown to be another's)."""
    own = {_norm(n) for n in own_names if n}
    owner = finding_owner(fact, own, all_names)
    return not owner or _norm(owner) in own
