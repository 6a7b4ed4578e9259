"""Guidance passages behind generic advice: the audit-trail elements, the opening-meeting
agenda, the traps. ``GuidanceFinder`` searches only documents of type ``guidance`` and quotes the
sentence that shares most words with the template's query, so every generic suggestion points
at a real passage, or at none when the index has no guidance on the point.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from assistant.planner.audit_model import query_terms
from assistant.retrieval.citations import Citation
from assistant.retrieval.hybrid import Hit, HybridRetriever, Mode
from ingest.text import tokenize

# A passage must share at least this many query words to count as support.
MIN_OVERLAP = 2
# A query word in the passage's own section heading counts this many times.
HEADING_BONUS = 2


class GuidanceFinder:
    """Finds the guidance passage that best supports a template, and quotes its best sentence.

    Searches only the guidance documents (``doc_type='guidance'``), preferring the brief's
    language; answers are cached per query, so a brief asks each query once.
    """

    def __init__(self, retriever: HybridRetriever, language: str, mode: Mode = "bm25") -> None:
        self.retriever = retriever
        self.mode = mode
        present = retriever.languages(doc_type="guidance")
        self.languages = [lang for lang in (language, "zh", "en") if lang in present]
        self.languages = list(dict.fromkeys(self.languages))
        self._cache: dict[tuple[str, ...], Citation | None] = {}

    def find(self, query: Mapping[str, str], cues: Sequence[str] = ()) -> Citation | None:
        key = (*sorted(query.items()), *cues)
        if key not in self._cache:
            self._cache[key] = self._find(query, cues)  # type: ignore[index]
        return self._cache[key]  # type: ignore[index]

    def _find(self, query: Mapping[str, str], cues: Sequence[str]) -> Citation | None:
        for language in self.languages:
            text = query.get(language)
            if not text:
                continue
            terms = _terms(text, language) + [c.lower() for c in cues]
            hits = self.retriever.search(text, k=4, doc_type="guidance", language=language, mode=self.mode)
            # A passage filed under a heading that names the topic is the guidance on it.
            scored = [
                (_overlap(hit.text, terms), HEADING_BONUS * _overlap(_section(hit), terms), -n, hit)
                for n, hit in enumerate(hits)
            ]
            scored = [s for s in scored if s[0] >= MIN_OVERLAP]
            if scored:
                best = max(scored, key=lambda s: (s[0] + s[1], s[2]))[3]
                return Citation.for_hit(best, best_sentence(best, terms))
        return None


def _section(hit: Hit) -> str:
    return hit.heading_path.split(">")[-1] if hit.heading_path else ""


def _terms(query: str, language: str) -> list[str]:
    if language == "zh":
        words = [w for term in query_terms(query) for w in tokenize(term)]
        return list(dict.fromkeys(w for w in words if len(w) >= 2))
    return list(dict.fromkeys(w.lower()[:6] for w in re.findall(r"[A-Za-z]{4,}", query)))


def _overlap(text: str, terms: Iterable[str]) -> int:
    lowered = text.lower()
    return sum(1 for term in set(terms) if term and term in lowered)


def best_sentence(hit: Hit, terms: Sequence[str]) -> str:
    """The sentence of ``hit`` sharing most ``terms`` (with the next one if it is very short)."""
    spans = [
        (m.start(), m.end())
        for m in re.finditer(r"[^。！？!?\n]+[。！？!?]?", hit.text)
        if m.group(0).strip()
    ]
    if not spans:
        return hit.text.strip()
    ranked = sorted(range(len(spans)), key=lambda i: (-_overlap(hit.text[slice(*spans[i])], terms), i))
    i = ranked[0]
    start, end = spans[i]
    if end - start < 30 and i + 1 < len(spans):
        end = spans[i + 1][1]
    return hit.text[start:end].strip()
