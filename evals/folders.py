"""The folder measure (issue 10): what a folder of an agency's files becomes once ingested.

For a corpus with truth files (``evals/truth.py``) the suite ingests the folder into an index of
its own (cached like every suite index), then reports:

- ``departments_found``: share of truth departments that ``retriever.departments()`` lists, matched on the
  truth name or any alias against the listed name or any of its aliases (compared after NFKC, spaces and
  case ignored)
- ``titles_right``: share of truth files whose stored title equals the truth title after NFKC and whitespace
  squashing; a file that did not load counts as wrong
- ``types_right``: share of truth files whose stored ``doc_type`` is the truth type (procedure and
  objectives documents are ``system`` in the product); unloaded files count as wrong
| ``files_loaded`` | share of truth files that produced at least one chunk |
- ``facts_hit@3``: share of planted facts found in one of the top 3 hits of a question derived from the
  fact's kind and department (``derived_query``); the quote is never part of the query
| ``facts_hit@3_action`` | the same with the fact's ``auditor_action`` as the query (blind corpus only) |

A fact is *found* in a hit when its quote occurs in the hit's text after ``evals.textnorm.canon``
(NFKC, no whitespace, numbers as digits), or, for a quote a table may split into cells, when every
number and ID of the quote occurs in the hit and at least 60% of the quote's character bigrams
do too (``fact_in_text``). Truth that a corpus lacks is ``None`` ("n/a"), never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.retrieval.hybrid import HybridRetriever
from evals.indexes import Say, prefill_searches
from evals.textnorm import canon, key_tokens, squash
from evals.truth import TYPE_EQUIVALENTS, CorpusTruth, PlantedFact

HIT_K = 3
BIGRAM_SHARE = 0.6

# One question per fact kind, in the department's language; "{d}" is the department's name.
# Written from DOMAIN.md's list of what a department document holds, not from any corpus.
QUERY_TEMPLATES: dict[str, dict[str, str]] = {
    "zh": {
        "time_limit": "{d}办理事项的时限是多长？",
        "volume": "{d}全年办理了多少件业务？",
        "objective": "{d}的质量目标是什么？",
        "finding": "内部审核对{d}开具了哪些不符合项？",
        "complaint": "{d}受理的投诉有多少，办结情况如何？",
        "change": "{d}最近有哪些变化或调整？",
        "staff": "{d}有多少工作人员？",
        "risk": "{d}存在哪些风险？",
        "grassroots_link": "{d}与基层分局是怎样分工衔接的？",
        "procedure": "{d}的工作程序适用于哪些范围？",
        "record": "{d}按程序要保存哪些记录？",
    },
    "en": {
        "time_limit": "What time limits apply to the work of the {d}?",
        "volume": "How many cases did the {d} handle in a year?",
        "objective": "What are the quality objectives of the {d}?",
        "finding": "What nonconformities did the internal audit raise for the {d}?",
        "complaint": "How many complaints did the {d} receive and how were they closed?",
        "change": "What has changed recently in the {d}?",
        "staff": "How many staff does the {d} have?",
        "risk": "What risks does the {d} face?",
        "grassroots_link": "How does the {d} work with the branch or grassroots offices?",
        "procedure": "What is the scope of the {d}'s procedure?",
        "record": "Which records must the {d} keep under its procedure?",
    },
}
GENERIC = {"zh": "{d}的工作情况", "en": "How does the {d} work?"}


def derived_query(fact: PlantedFact, language: str) -> str:
    """The question for ``fact``: a template of its kind filled with the department's name."""
    templates = QUERY_TEMPLATES.get(language, QUERY_TEMPLATES["zh"])
    template = templates.get(fact.kind, GENERIC.get(language, GENERIC["zh"]))
    return template.format(d=fact.department)


_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def _bigrams(text: str) -> set[str]:
    flat = _PUNCT.sub("", canon(text))
    return {flat[i : i + 2] for i in range(len(flat) - 1)}


def fact_in_text(quote: str, text: str) -> bool:
    """``quote`` occurs in ``text`` (canon form), or its numbers/IDs all do and most of its
    bigrams too (a table row rendered cell by cell)."""
    if canon(quote) and canon(quote) in canon(text):
        return True
    tokens = key_tokens(quote)
    if not tokens or not set(tokens) <= set(key_tokens(text)):
        return False
    grams = _bigrams(quote)
    return bool(grams) and len(grams & _bigrams(text)) / len(grams) >= BIGRAM_SHARE


def _same_name(a: str, b: str) -> bool:
    return _PUNCT.sub("", canon(a)) == _PUNCT.sub("", canon(b))


@dataclass
class StoredFile:
    source: str
    title: str
    doc_type: str
    department: str


def stored_files(retriever: HybridRetriever) -> list[StoredFile]:
    """One entry per indexed file, from the chunks' metadata."""
    seen: dict[str, StoredFile] = {}
    for hit in retriever.chunks():
        if hit.source not in seen:
            seen[hit.source] = StoredFile(hit.source, hit.title, hit.doc_type, hit.department)
    return list(seen.values())


def _match_file(path: str, files: Sequence[StoredFile]) -> StoredFile | None:
    """The stored file for a truth path: sources are relative to the folder's parent, truth
    paths to the corpus folder, so compare by suffix."""
    tail = path.replace("\\", "/").lstrip("./")
    for f in files:
        source = f.source.replace("\\", "/")
        if source == tail or source.endswith("/" + tail) or tail.endswith("/" + source):
            return f
    return None


def measure_folder(truth: CorpusTruth, retriever: HybridRetriever, say: Say | None = None) -> dict[str, Any]:
    """The folder figures for one corpus (see the module docstring); ``details`` lists misses."""
    listed = retriever.departments()
    found: list[str] = []
    missing: list[str] = []
    for dept in truth.departments:
        hit = any(
            _same_name(n, m) for n in dept.names() for info in listed for m in (info.name, *info.aliases)
        )
        (found if hit else missing).append(dept.name)
    result: dict[str, Any] = {
        "departments_found": round(len(found) / len(truth.departments), 4) if truth.departments else None,
        "departments_listed": len(listed),
    }
    details: dict[str, Any] = {"departments_missing": missing, "departments_listed": [i.name for i in listed]}
    files = stored_files(retriever)
    if truth.files:
        titles = types = loaded = 0
        wrong: list[dict[str, str | None]] = []
        for f in truth.files:
            stored = _match_file(f.path, files)
            loaded += stored is not None
            title_ok = stored is not None and f.title is not None and squash(stored.title) == squash(f.title)
            want_type = TYPE_EQUIVALENTS.get(f.doc_type or "", f.doc_type)
            type_ok = stored is not None and stored.doc_type == want_type
            titles += title_ok
            types += type_ok
            if not (title_ok and type_ok):
                wrong.append(
                    {
                        "file": f.path,
                        "title": stored.title if stored else None,
                        "truth_title": f.title,
                        "type": stored.doc_type if stored else None,
                        "truth_type": want_type,
                    }
                )
        n = len(truth.files)
        result.update(
            titles_right=round(titles / n, 4),
            types_right=round(types / n, 4),
            files_loaded=round(loaded / n, 4),
        )
        details["files_wrong"] = wrong
    else:
        result.update(titles_right=None, types_right=None, files_loaded=None)
    result["files_indexed"] = len(files)
    facts = truth.facts
    if facts:
        derived = {f.id: derived_query(f, truth.languages.get(f.department, "zh")) for f in facts}
        with_action = [f for f in facts if f.auditor_action]
        prefill_searches(retriever, [*derived.values(), *(f.auditor_action for f in with_action)])
        hits, misses = _hit_rate(truth, retriever, facts, lambda f: derived[f.id])
        result["facts_hit@3"] = round(hits / len(facts), 4)
        details["facts_missed"] = misses
        if with_action:
            hits_a, misses_a = _hit_rate(truth, retriever, with_action, lambda f: f.auditor_action)
            result["facts_hit@3_action"] = round(hits_a / len(with_action), 4)
            details["facts_missed_action"] = misses_a
        else:
            result["facts_hit@3_action"] = None
        result["facts"] = len(facts)
    else:
        result.update({"facts_hit@3": None, "facts_hit@3_action": None, "facts": 0})
    if say and missing:
        say(f"  {truth.name}: departments not listed: {', '.join(missing)}")
    result["details"] = details
    return result


def _hit_rate(
    truth: CorpusTruth, retriever: HybridRetriever, facts: Sequence[PlantedFact], query_for: Any
) -> tuple[int, list[str]]:
    hits = 0
    misses: list[str] = []
    for fact in facts:
        try:
            top = retriever.search(query_for(fact), k=HIT_K)
        except Exception as e:  # a failing search is a miss, reported, not a crash
            misses.append(f"{fact.id} (search failed: {e})")
            continue
        if any(fact_in_text(fact.quote, h.text) for h in top):
            hits += 1
        else:
            misses.append(fact.id)
    return hits, misses
