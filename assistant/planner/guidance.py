"""Guidance passages behind generic advice: the audit-trail elements, the opening-meeting
agenda, the traps. ``GuidanceFinder`` searches only documents of type ``guidance`` and quotes the
sentence that shares most words with the template's query, so every generic suggestion points
at a real passage, or at none when the index has no guidance on the point.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

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

    def find(
        self, query: Mapping[str, str], cues: Sequence[str] = (), avoid: Callable[[str], bool] | None = None
    ) -> Citation | None:
        """The best supporting sentence for ``query``; a sentence ``avoid`` rejects is passed
        over for the next best (a worked example about another department, say)."""
        key = (*sorted(query.items()), *cues, avoid)
        if key not in self._cache:
            self._cache[key] = self._find(query, cues, avoid)  # type: ignore[index]
        return self._cache[key]  # type: ignore[index]

    def _find(
        self, query: Mapping[str, str], cues: Sequence[str], avoid: Callable[[str], bool] | None
    ) -> Citation | None:
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
            for *_, hit in sorted(scored, key=lambda s: (s[0] + s[1], s[2]), reverse=True):
                sentence = best_sentence(hit, terms, avoid)
                if sentence:
                    return Citation.for_hit(hit, sentence)
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


def best_sentence(hit: Hit, terms: Sequence[str], avoid: Callable[[str], bool] | None = None) -> str:
    """The sentence of ``hit`` sharing most ``terms`` (with the next one if it is very short);
    of the sentences sharing any, the best one ``avoid`` does not reject, else ""."""
    spans = [
        (m.start(), m.end())
        for m in re.finditer(r"[^。！？!?\n]+[。！？!?]?", hit.text)
        if m.group(0).strip()
    ]
    if not spans:
        text = hit.text.strip()
        return "" if avoid and avoid(text) else text
    overlaps = [_overlap(hit.text[slice(*span)], terms) for span in spans]
    ranked = sorted(range(len(spans)), key=lambda i: (-overlaps[i], i))
    for i in ranked:
        if overlaps[i] == 0 and i != ranked[0]:
            break
        start, end = spans[i]
        # A very short sentence takes the next one along, unless that one is what is rejected.
        ends = [spans[i + 1][1], end] if end - start < 30 and i + 1 < len(spans) else [end]
        for stop in ends:
            sentence = hit.text[start:stop].strip()
            if not (avoid and avoid(sentence)):
                return sentence
    return ""
