"""Citation verification: every answer sentence must rest on a retrieved chunk, or be flagged.

After a writer has produced its text, ``verify_answer`` splits it into sentences, strips the
``[n]`` markers and scores each sentence against every retrieved chunk:

* support is the share of the sentence's content words found in the best window (one or two
  consecutive sentences) of the chunk: jieba words, and for Chinese also character bigrams,
  which survive a different word segmentation of the same text;
* every number in the sentence must appear in that window ("30天" is not supported by "7天");
* a negated phrase must read the same in the window: "不须填写" is not supported by "须填写",
  nor "超过7天" by "不超过7天";
* sentences of a chunk that read like instructions to an AI ("ignore previous instructions")
  never count as support: documents are data, so obeying such text can never pass as grounded;
* a sentence found verbatim in a chunk (markup and spacing aside) is always supported;
* a sentence that quotes a chunk in the other language (“…”) and glosses it, as the rules
  writer does for an English question over a Chinese passage, is supported when the quote is
  verbatim in the chunk and every number and glossary term of the gloss is in the quote:
  across languages meaning is compared through numbers and the glossary, not shared words;
* a table row is matched together with its header, so "件数: 1,856件" is found in
  "| 就业补贴审核 | 1,856件 |" under the header "| 事项 | 件数 |".

A sentence's citations are re-pointed to the chunk that supports it best when the writer cited
the wrong one; a sentence no chunk supports loses its citations and is marked
(``[unsupported]`` / ``[无依据]``) or, with ``unsupported="remove"``, dropped. Each kept citation
quotes the verbatim span of its chunk that matched.

Usage::

    result = verify_answer("原件借出不超过7天。[1]", hits, language="zh")
    result.text, result.citations, result.supported_share
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.retrieval.citations import Citation, CitationNumbers
from assistant.retrieval.glossary import load_terms
from assistant.retrieval.hybrid import Hit
from assistant.writers.guards import is_instruction_like, strip_markers
from ingest.formats.tables import is_row_line
from ingest.text import FULL_STOP, NUMBER_RE, arabic_numerals, cjk_bigrams, content_tokens, split_sentences

UnsupportedPolicy = Literal["mark", "remove"]

# A sentence needs this share of its content words in one chunk window to count as supported.
# Chosen on planted false sentences and extractive answers (see docs/chat.md): extractive text
# scores 1.0, a sentence that grafts a new claim onto a copied subject scores 0.4-0.6.
SUPPORT_THRESHOLD = 0.65
# Against a whole chunk (a sentence summing up a list), nearly every word must be there.
WHOLE_CHUNK_THRESHOLD = 0.85
MAX_QUOTE_CHARS = 240
UNSUPPORTED_MARK = {"zh": "[无依据]", "en": "[unsupported]"}

# A negation cue and the two characters (or the word) it governs: "不须", "not reviewed".
# The look-ahead skips words that only look negative: 不同, 不断, 不少, 不仅, 不但, 不过, 无论, 非常, 未来.
_NEGATED_ZH = re.compile(r"(不得|没有|禁止|严禁|不|未|无|非)(?![同断少仅但过论常来])([\u4e00-\u9fff]{2})")
_NEGATED_EN = re.compile(
    r"\b(not|no|never|without|cannot|nor)\s+(?:be\s+|been\s+)?([a-z]{3,})", re.IGNORECASE
)
_LEADING_MARKERS_RE = re.compile(r"^(?:\s*(?:\[[^\]\n]{1,20}\]|【[^】\n]{1,10}】))+")
# A citation marker followed by more text also ends a claim: a table row has no full stop of its
# own, and "事项: 甲; 时限: 10日[1]事项: 乙…" is two claims, each checked against its own row.
_AFTER_MARKER_RE = re.compile(r"(?<=\])(?=\s*[^\s\[\]。！？!?.,，；;:：a-z])")
_BULLET_RE = re.compile(r"^(\s*(?:[-*•·]|\d{1,2}[.)、]|[（(]\d{1,2}[)）])\s+)")
_EXISTING_MARK_RE = re.compile(r"\s*(?:\[unsupported\]|\[无依据\])")
# A quotation inside an answer sentence: “…”, "…" or 「…」.
_QUOTED_RE = re.compile(r"“([^”]{4,})”|「([^」]{4,})」|\"([^\"]{4,})\"")
_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}")
_MARKUP_RE = re.compile(r"\*\*|__|`|^\s*(?:#{1,6}|[-*•>])\s+", re.MULTILINE)
def numbers_in(text: str) -> set[str]:
    """Numbers in ``text`` as digits; "十个工作日" gives "10", so it matches "10个工作日"."""
    return {n.replace(",", "") for n in NUMBER_RE.findall(arabic_numerals(text))}


def negated_phrases(text: str) -> frozenset[tuple[str, str]]:
    """(cue, governed text) pairs: ("不", "须填") for "不须填写", ("not", "reviewed")."""
    pairs = {(m.group(1), m.group(2)) for m in _NEGATED_ZH.finditer(text)}
    pairs |= {(m.group(1).lower(), m.group(2).lower()) for m in _NEGATED_EN.finditer(text)}
    return frozenset(pairs)


def _negation_agrees(claim_text: str, claim: frozenset[tuple[str, str]], window: Window) -> bool:
    """False when the claim negates what the window affirms, or affirms what it negates."""
    if not claim <= window.negations:
        return False
    claim_text = claim_text.lower()
    return all(pair in claim or pair[1] not in claim_text for pair in window.negations)


@dataclass(frozen=True)
class Window:
    """A verbatim span of a chunk (one or two consecutive sentences) usable as a quote."""

    text: str
    tokens: frozenset[str]
    bigrams: frozenset[str]
    numbers: frozenset[str]
    negations: frozenset[tuple[str, str]]
    whole: bool = False  # the whole chunk (minus instruction-like sentences)


def chunk_windows(text: str) -> list[Window]:
    """Candidate quote spans of a chunk, leaving out instruction-like sentences."""
    lines = [line for line in text.split("\n") if line.strip()]
    sentences = [s.strip() for line in lines for s in split_sentences(line)]
    sentences = [s for s in sentences if s and not is_instruction_like(s)]
    pairs = [a + b for a, b in itertools.pairwise(sentences)]
    pairs += [f"{a} {b}" for a, b in itertools.pairwise(sentences)]
    # Whole sentences up to a full stop, so a list joined by "；" can be matched in one piece.
    full = [s.strip() for line in lines for s in FULL_STOP.split(line)]
    full = [s for s in full if s and not is_instruction_like(s)]
    windows = []
    for span in dict.fromkeys(sentences + pairs + full):
        if span not in text:  # a span must be verbatim to serve as a quote
            continue
        windows.append(
            Window(
                span,
                frozenset(content_tokens(span)),
                frozenset(cjk_bigrams(span)),
                frozenset(numbers_in(span)),
                negated_phrases(span),
            )
        )
    windows.extend(_table_windows(text))
    # The whole chunk, for a sentence that sums up a list spread over several lines; it must
    # match more strictly (WHOLE_CHUNK_THRESHOLD), since its words come from far apart.
    kept = [line for line in lines if not is_instruction_like(line)]
    if len(sentences) > 2 and kept:
        body = "\n".join(kept)
        windows.append(
            Window(
                text.strip() if len(kept) == len(lines) else kept[0].strip(),
                frozenset(content_tokens(body)),
                frozenset(cjk_bigrams(body)),
                frozenset(numbers_in(body)),
                negated_phrases(body),
                whole=True,
            )
        )
    return windows


def _table_windows(text: str) -> list[Window]:
    """Each Markdown table row as a window whose words include its header's, so that a row
    rendered with its header ("事项: 就业补贴审核; 件数: 1,856件") matches the row it came from.
    The quote stays the verbatim row."""
    lines = text.split("\n")
    out: list[Window] = []
    header = ""
    for i, line in enumerate(lines):
        if not line.strip().startswith("|") or _TABLE_RULE_RE.match(line):
            if not line.strip().startswith("|"):
                header = ""
            continue
        if i + 1 < len(lines) and _TABLE_RULE_RE.match(lines[i + 1]):
            header = line
            continue
        if header and line.strip():
            both = f"{header} {line}"
            out.append(
                Window(
                    line.strip(),
                    frozenset(content_tokens(both)),
                    frozenset(cjk_bigrams(both)),
                    frozenset(numbers_in(line)),
                    negated_phrases(line),
                )
            )
    return out


def _plain(text: str) -> str:
    """Text for verbatim comparison: no Markdown markup, table pipes or runs of spaces."""
    text = _MARKUP_RE.sub("", text).replace("|", " ")
    return " ".join(text.split())


def _verbatim(sentence: str, chunk: str) -> Window | None:
    """A window quoting ``sentence`` when it occurs verbatim in ``chunk`` (markup aside)."""
    plain = _plain(sentence).rstrip("。.；;")
    if len(plain) < 4 or plain not in _plain(chunk):
        return None
    quote = sentence.strip().rstrip("。.；;") if sentence.strip().rstrip("。.；;") in chunk else None
    if quote is None:
        # The writer dropped markup: quote the chunk's line that holds the sentence.
        quote = next((line.strip() for line in chunk.split("\n") if plain in _plain(line)), None)
    if quote is None:
        return None
    return Window(quote, frozenset(content_tokens(quote)), frozenset(cjk_bigrams(quote)),
                  frozenset(numbers_in(quote)), negated_phrases(quote))


def _quoted_support(sentence: str, chunk: str, title: str) -> Window | None:
    """A window for a sentence that quotes ``chunk`` and glosses the quote in another language.

    The quote must be verbatim in the chunk (an ellipsis "…" may join verbatim pieces); the
    sentence outside the quote may only add numbers the quote (or the document title it names)
    holds, and glossary terms whose equivalent the quote holds."""
    quotes = [next(g for g in m.groups() if g) for m in _QUOTED_RE.finditer(sentence)]
    for quote in quotes:
        pieces = [p.strip() for p in re.split(r"…|\.\.\.", quote) if p.strip()]
        if pieces and not all(p in chunk for p in pieces):
            # A table row keyed by its header ("事项: 超限运输许可; 件数: 1,240件"): every header
            # and every cell must be in the chunk.
            pairs = [p.split(": ", 1) for p in re.split(r";\s*", quote) if p.strip()]
            cells = [pair[-1].strip() for pair in pairs]
            same_row = any(all(c in line for c in cells) for line in chunk.split("\n"))
            pieces = [c.strip() for pair in pairs for c in pair if c.strip()] if same_row else []
        if not pieces or not all(p in chunk for p in pieces) or sum(len(p) for p in pieces) < 6:
            continue
        outside = sentence.replace(quote, " ")
        if title:
            outside = outside.replace(title, " ")
        if not numbers_in(outside) <= numbers_in(quote) | numbers_in(title):
            continue
        if not _terms_agree(outside, quote):
            continue
        span = max(pieces, key=len)
        # Quote the whole table row the longest cell sits on, when it is one.
        rows = [line.strip() for line in chunk.split("\n") if line.strip().startswith("|")]
        span = next((row for row in rows if span in row), span)
        return Window(span, frozenset(content_tokens(span)), frozenset(cjk_bigrams(span)),
                      frozenset(numbers_in(span)), negated_phrases(span))
    return None


def _terms_agree(gloss: str, quote: str) -> bool:
    """Every glossary term the gloss names (in either language) has its equivalent in the quote.
    An English term inside a longer one the quote does hold ("time limit" in "statutory time
    limit" for 法定时限) agrees too."""
    lowered = quote.lower()
    terms = load_terms()
    held = [t for t in terms if t.zh in quote or any(p.search(lowered) for p in t.en_patterns)]
    held_english = " | ".join(e.lower() for t in held for e in t.en)
    for term in terms:
        if term in held:
            continue
        if term.zh in gloss and not any(term.zh in h.zh for h in held):
            return False
        if any(p.search(gloss) for p in term.en_patterns) and not any(
            p.search(held_english) for p in term.en_patterns
        ):
            return False
    return True


@dataclass(frozen=True)
class Claim:
    """What is checked of one answer sentence."""

    tokens: frozenset[str]
    bigrams: frozenset[str]
    numbers: frozenset[str]
    negations: frozenset[tuple[str, str]]
    text: str = ""

    @classmethod
    def of(cls, sentence: str) -> Claim:
        return cls(
            frozenset(content_tokens(sentence)),
            frozenset(cjk_bigrams(sentence)),
            frozenset(numbers_in(sentence)),
            negated_phrases(sentence),
            sentence,
        )

    @property
    def is_claim(self) -> bool:
        # A lead-in ("要点如下：", "In short:") introduces claims without making one.
        if self.text.rstrip().endswith((":", "：")):
            return False
        return bool(self.tokens) or bool(self.numbers)


def support_score(claim: Claim, window: Window) -> float:
    """Share (0-1) of the claim's words found in ``window``; 0 when a number or a negation
    of the claim is missing there. A similarity, higher is better."""
    if not claim.numbers <= window.numbers:
        return 0.0
    if (claim.negations or window.negations) and not _negation_agrees(claim.text, claim.negations, window):
        return 0.0
    token_recall = len(claim.tokens & window.tokens) / len(claim.tokens) if claim.tokens else 0.0
    bigram_recall = len(claim.bigrams & window.bigrams) / len(claim.bigrams) if claim.bigrams else 0.0
    if claim.bigrams:
        # Chinese: word segmentation differs between a paraphrase and its source; bigrams do not.
        return max(token_recall, (token_recall + bigram_recall) / 2, bigram_recall * 0.95)
    return token_recall


@dataclass
class CheckedSentence:
    """One answer sentence after verification. ``supported`` is None for connective text."""

    text: str
    cited: list[int]
    supported: bool | None
    score: float
    citations: list[int] = field(default_factory=list)  # numbers in the final citation list
    corrected: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "supported": self.supported,
            "score": round(self.score, 3),
            "citations": self.citations,
            "corrected": self.corrected,
        }


@dataclass
class Verification:
    """The verified answer: rebuilt text with corrected markers, citations numbered 1..n."""

    text: str
    sentences: list[CheckedSentence]
    citations: list[Citation]
    corrected: int = 0
    dropped: int = 0
    removed: int = 0

    @property
    def claims(self) -> list[CheckedSentence]:
        return [s for s in self.sentences if s.supported is not None]

    @property
    def supported_share(self) -> float:
        """Share of claim sentences that a chunk supports (1.0 when there are none)."""
        claims = self.claims
        return sum(bool(s.supported) for s in claims) / len(claims) if claims else 1.0

    @property
    def any_supported(self) -> bool:
        return any(s.supported for s in self.sentences)


@dataclass
class _Line:
    prefix: str
    sentences: list[tuple[str, list[int]]]


def split_answer(text: str) -> list[_Line]:
    """Lines of the answer, each a bullet prefix and (sentence, cited numbers) pairs; a marker
    written after the full stop ("…。[2]") belongs to the sentence before it."""
    lines: list[_Line] = []
    for raw in _EXISTING_MARK_RE.sub("", text).splitlines():
        if not raw.strip():
            continue
        bullet = _BULLET_RE.match(raw)
        prefix = bullet.group(1).strip() + " " if bullet else ""
        body = raw[bullet.end() :] if bullet else raw
        pieces: list[tuple[str, list[int]]] = []
        for piece in _claim_pieces(body):
            lead = _LEADING_MARKERS_RE.match(piece)
            if lead and pieces:
                _, numbers = strip_markers(lead.group(0))
                sentence, cited = pieces[-1]
                pieces[-1] = (sentence, list(dict.fromkeys(cited + numbers)))
                piece = piece[lead.end() :]
            if not piece.strip():
                continue
            sentence, numbers = strip_markers(piece)
            if sentence:
                pieces.append((sentence, numbers))
            elif pieces:  # markers alone, e.g. "[1][2]" on their own
                pieces[-1] = (pieces[-1][0], list(dict.fromkeys(pieces[-1][1] + numbers)))
        if pieces:
            lines.append(_Line(prefix, pieces))
    return lines


def _claim_pieces(body: str) -> list[str]:
    """``body`` cut where claims end: at full stops and after a marker that a new claim follows.
    A table row is one claim: a cell's own full stop ("…笔迹相同。; 条款: 8.4") ends none; nor
    does a full stop inside a quotation (原文：“…回证。与…相同。; 条款: 7.5.3”), which is the
    quoted passage's, not the answer's."""
    pieces: list[str] = []
    for part in _AFTER_MARKER_RE.split(body):
        if is_row_line(strip_markers(part)[0]):
            pieces.append(part)
        else:
            pieces += _outside_quotes(FULL_STOP.split(part))
    return pieces


def _outside_quotes(pieces: list[str]) -> list[str]:
    """``pieces`` rejoined where a cut fell inside a “…” quotation."""
    joined: list[str] = []
    for piece in pieces:
        if joined and joined[-1].count("“") > joined[-1].count("”"):
            joined[-1] += piece
        else:
            joined.append(piece)
    return joined


def _best_window(
    claim: Claim, windows: Sequence[Window], threshold: float = SUPPORT_THRESHOLD
) -> tuple[float, Window | None]:
    """The best window for ``claim`` among those that pass their own threshold, else the best
    score with no window."""
    best: tuple[float, Window | None] = (0.0, None)
    top = 0.0
    for window in windows:
        score = support_score(claim, window)
        top = max(top, score)
        if score < (max(threshold, WHOLE_CHUNK_THRESHOLD) if window.whole else threshold):
            continue
        # Prefer the shorter span on a tie: it is the more precise quote.
        shorter = best[1] is not None and len(window.text) < len(best[1].text)
        if score > best[0] or (score == best[0] and shorter):
            best = (score, window)
    return best if best[1] is not None else (top, None)


Support = list[tuple[float, Window, int]]


def _supporting(claim: Claim, windows: Sequence[Sequence[Window]], threshold: float) -> Support:
    found: Support = []
    for index, chunk in enumerate(windows):
        score, window = _best_window(claim, chunk, threshold)
        if window is not None:
            found.append((score, window, index))
    return found


def _pick(support: Support, cited: Sequence[int]) -> Support:
    """The cited chunks among the supporting ones; else the single best supporting chunk."""
    kept = [t for t in support if t[2] + 1 in cited]
    return kept or [max(support, key=lambda t: (t[0], -t[2]))]


def _data_text(text: str) -> str:
    """The chunk without its sentences that read like instructions to an AI: text copied from
    those never counts as support, verbatim or not."""
    lines = []
    for line in text.split("\n"):
        kept = [s for s in split_sentences(line) if not is_instruction_like(s)]
        lines.append("".join(kept))
    return "\n".join(lines)


def _literal_support(sentence: str, passages: Sequence[Hit], cited: Sequence[int]) -> Support:
    """Support by verbatim text or by a glossed quote (see the module docstring)."""
    found: Support = []
    for index, hit in enumerate(passages):
        data = _data_text(hit.text)
        window = _verbatim(sentence, data) or _quoted_support(sentence, data, hit.title)
        if window is not None and window.text in hit.text:  # a quote must be verbatim
            found.append((1.0, window, index))
    return _pick(found, cited) if found else []


def _support(
    sentence: str, windows: Sequence[Sequence[Window]], threshold: float, cited: Sequence[int]
) -> tuple[bool, float, Support]:
    """Whether ``sentence`` is supported, its best score, and the (score, window, chunk) to cite.

    A sentence is supported when each of its clauses (pieces between "；", "。", …) is supported
    by some chunk, so a false clause cannot hide in a long sentence of copied text. It is cited
    to the chunks supporting it whole, or else to the chunk supporting each clause.
    """
    whole = Claim.of(sentence)
    best = max((_best_window(whole, chunk, threshold)[0] for chunk in windows), default=0.0)
    clauses = [c for c in (Claim.of(piece) for piece in split_sentences(sentence)) if c.is_claim]
    per_clause = [_supporting(c, windows, threshold) for c in clauses] or [[]]
    if not all(per_clause) and len(clauses) > 0:
        return False, best, []
    support_whole = _supporting(whole, windows, threshold)
    if support_whole:
        return True, best, _pick(support_whole, cited)
    if not clauses:
        return False, best, []
    picked: Support = []
    for found in per_clause:
        picked.extend(t for t in _pick(found, cited) if t not in picked)
    return True, best, picked


def _quote(window: Window) -> str:
    text = window.text.strip()
    if len(text) <= MAX_QUOTE_CHARS:
        return text
    return text[:MAX_QUOTE_CHARS].strip()


def verify_answer(
    text: str,
    passages: Sequence[Hit],
    language: str,
    unsupported: UnsupportedPolicy = "mark",
    threshold: float = SUPPORT_THRESHOLD,
) -> Verification:
    """Check every sentence of ``text`` against ``passages`` (cited as ``[1]``..``[n]``).

    Args:
        text: the writer's answer, with ``[n]`` markers.
        passages: the retrieved chunks the writer saw, in the order it numbered them.
        language: "zh" or "en", the answer's language (for the unsupported mark).
        unsupported: "mark" appends the mark to unsupported sentences; "remove" drops them.
        threshold: the support score a sentence needs.

    Returns:
        The rebuilt text (verified markers renumbered 1..m in order of first use), the
        checked sentences and the citations, each quoting a verbatim span of its chunk.
    """
    windows = [chunk_windows(hit.text) for hit in passages]
    mark = UNSUPPORTED_MARK.get(language, UNSUPPORTED_MARK["en"])
    joiner = "" if language == "zh" else " "
    numbers = CitationNumbers()
    checked: list[CheckedSentence] = []
    out_lines: list[str] = []
    corrected = dropped = removed = 0

    def cite(hit: Hit, window: Window) -> int:
        return numbers.number(Citation.for_hit(hit, _quote(window)))

    for line in split_answer(text):
        parts: list[str] = []
        for sentence, cited in line.sentences:
            valid = [n for n in cited if 1 <= n <= len(passages)]
            if is_instruction_like(sentence):
                result = CheckedSentence(sentence, cited, False, 0.0)
                dropped += len(cited)
            elif not Claim.of(sentence).is_claim:
                result = CheckedSentence(sentence, cited, None, 0.0)
            else:
                literal = _literal_support(sentence, passages, valid)
                if literal:
                    supported, score, support = True, 1.0, literal
                elif _QUOTED_RE.search(sentence):
                    # A quoting sentence stands or falls with its quote: the copied words of the
                    # quote would otherwise carry a gloss that says something else.
                    supported, score, support = False, 0.0, []
                else:
                    supported, score, support = _support(sentence, windows, threshold, valid)
                result = CheckedSentence(sentence, cited, supported, score)
                if supported:
                    kept = {i + 1 for _, _, i in support}
                    if cited and not kept & set(valid):
                        result.corrected = True
                        corrected += 1
                    dropped += len(set(cited) - kept)
                    result.citations = list(dict.fromkeys(cite(passages[i], w) for _, w, i in support))
                else:
                    dropped += len(cited)
            checked.append(result)
            if result.supported is False and unsupported == "remove":
                removed += 1
                continue
            rendered = sentence
            if result.citations:
                rendered += ("" if language == "zh" else " ") + "".join(f"[{n}]" for n in result.citations)
            elif result.supported is False:
                rendered += f" {mark}" if language != "zh" else mark
            parts.append(rendered)
        if parts:
            out_lines.append(line.prefix + joiner.join(parts))
    return Verification("\n".join(out_lines), checked, numbers.citations, corrected, dropped, removed)
