"""The default writer: an extractive answer built from the best sentences of the passages.

No model, deterministic and fast. Each sentence of the top passages is scored by how many of
the question's content words (jieba words, and Chinese character bigrams) it contains, by how
well its whole passage (title and headings included) matches, and by the passage's retrieval
rank. The best few sentences are returned in document order, each followed by ``[n]``.
Sentences in the question's language are preferred when the passages offer them; sentences
that read like instructions to an AI are never used.

Usage::

    writer = RulesWriter(max_sentences=4)
    text = "".join(writer.write(WriteRequest("How long may a file be borrowed?", "en", hits)))
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from assistant.facts.recognizers import keyed_row, row_state
from assistant.retrieval.glossary import load_terms
from assistant.retrieval.hybrid import Hit
from assistant.retrieval.states import question_states
from assistant.retrieval.translation import QueryTranslator, gloss_figures, gloss_terms, unit_coverage
from assistant.writers.answer_types import AnswerType, key_words, normal, word_coverage
from assistant.writers.base import WriteRequest
from assistant.writers.guards import is_instruction_like
from assistant.writers.registry import WRITERS
from ingest.formats.sheets import table_heading
from ingest.formats.tables import is_row_line
from ingest.text import (
    CALENDAR_YEAR,
    CHINESE_NUMERAL,
    CJK,
    FULL_STOP,
    cjk_bigrams,
    content_tokens,
    detect_language,
)

# Weights of the sentence score: its own match with the question, its passage's match, and the
# retrieval rank. The sentence's own words dominate; the passage match lifts sentences whose
# subject sits in a heading ("## 办理时限" over "20个工作日。"); rank breaks ties.
SENTENCE_WEIGHT = 0.6
PASSAGE_WEIGHT = 0.3
RANK_WEIGHT = 0.1
# A sentence in the other language also matches by the cross-language matcher's similarity
# (``request.similarity``), read as a share like the words': MATCH_NONE and below is no match,
# MATCH_FULL and above a full one. The dictionary's word translations find a sentence that
# shares the question's terms; the matcher finds one that says the same thing in other words
# ("最多可以延长几天" – "may be extended once by five working days"). use-multilingual gives the
# sentence that answers 0.36-0.48 and one merely on the topic up to about 0.3 ("auditors must
# hold a certificate" for "which grades do findings have"), which must not outrank the
# same-language answer (bundled gold set, ans-009).
MATCH_NONE = 0.25
MATCH_FULL = 0.55
# Sentences from a passage in another language count this much when same-language ones exist;
# they are scored on the question's translated words (``translation.py``), so a Chinese sentence
# that answers an English question can still win over an English one that merely shares words.
OTHER_LANGUAGE_FACTOR = 0.8
# A sentence is kept only if it scores at least this share of the best sentence.
KEEP_RATIO = 0.55
# A question about open, unverified or late items (``states.py``): sentences in that state
# count this much more, sentences only in the opposite state this much less, and the answer
# leads with the former, so "which is still unverified?" is not answered with the verified one.
STATE_BONUS = 0.5
STATE_PENALTY = 0.4
# Such a question asks for a list: the answer may hold this many times the usual sentences and
# characters, the extra room for items in the state asked about only.
LIST_FACTOR = 2
# A question that asks for a kind of answer (``answer_types.py``: a count in a unit, a duration,
# a percentage, a bound): sentences that give that kind count this much more, the others this
# much less, so "What ceiling…" is answered with "≤0.5%" rather than with a sentence that only
# shares the question's words.
TYPE_BONUS = 0.4
TYPE_PENALTY = 0.6
# A kind that only ranks sentences (``preference_only``: "who…" asks for a person, but "the
# borrower fills it in" names none the patterns know) lifts the sentences that give it and
# lowers none, and never narrows the answer to them.
PREFERENCE_BONUS = 0.4
# A question about one department: sentences from another department's page count this much
# (its time limits do not answer "how many days does the Finance Section take…"); passages of no
# department (procedures, guidance) are not affected.
OTHER_DEPARTMENT_FACTOR = 0.5
# A sentence dated only with years the question does not ask about.
OTHER_YEAR_FACTOR = 0.5
# Framing of a sentence quoted from a passage in the other language (see ``_glossed``).
QUOTE_FRAME = {
    "en": "The {language} source “{title}” states: “{quote}”{gloss}",
    "zh": "{language}文件《{title}》原文：“{quote}”{gloss}",
}
LANGUAGE_NAMES = {"en": {"zh": "Chinese", "en": "English"}, "zh": {"zh": "中文", "en": "英文"}}
# Glosses of a quote beyond its figures: at most this many department names and audit terms.
GLOSSED_NAMES = 2
GLOSSED_TERMS = 2

# Full stops only: a Chinese list joined by "；" stays one sentence ("内容包括：…；…；…。").
_CLAUSE_END = re.compile(r"(?<=[，、；,;：:])")
_SENTENCE_END = re.compile(r"[。！？.!?”\"）)]\s*$")
# A row's item (its first cell) must be this long to count as named by a question ("甲" is not).
MIN_ITEM_CHARS = 2
# A candidate this similar (character bigrams) to one already chosen repeats it.
DUPLICATE_OVERLAP = 0.7
# A sentence that announces what follows says little alone. Two shapes: it ends in a colon
# ("内容包括：", "as follows:"), and the next sentence is added; or it is short and announces a
# count of kinds ("审核发现分为三级。", "Findings fall into three grades."), and the labelled
# items after it ("严重不符合：…", "Major: …") are added.
LEAD_IN_MAX_CJK = 20
LEAD_IN_MAX_WORDS = 10
_ENDS_WITH_COLON = re.compile(r"[：:]\s*$")
_ANNOUNCES_KINDS = re.compile(
    rf"[{CHINESE_NUMERAL}\d]+\s*(?:级|类|种|个方面|个部分|个层次|项内容|步)"
    r"|\b(?:two|three|four|five|six|seven|\d+)\s+(?:kinds|types|grades|levels|classes|categories|parts|steps)\b",
    re.IGNORECASE,
)
_LABELLED_ITEM = re.compile(r"^[^，。；,.;：:\s]{1,12}[：:]|^[A-Za-z][\w -]{0,24}:\s")
_MARKUP_RE = re.compile(r"^\s*(?:#{1,6}\s+|[-*•>]\s+|\d{1,2}[.)、]\s+)|\*\*|__|`")
_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}")


@dataclass(frozen=True)
class _Candidate:
    passage: int  # 0-based index into the request's passages
    position: int  # order within the passage
    text: str
    score: float
    in_state: bool = False  # in the state the question asks about (open, unverified, late)
    crossing: bool = False  # from a passage in the other language than the question's


def _overlap(question_tokens: set[str], question_bigrams: set[str], text: str) -> float:
    if not question_tokens and not question_bigrams:
        return 0.0
    tokens = set(content_tokens(text))
    token_share = len(question_tokens & tokens) / len(question_tokens) if question_tokens else 0.0
    if not question_bigrams:
        return token_share
    bigram_share = len(question_bigrams & cjk_bigrams(text)) / len(question_bigrams)
    return (token_share + bigram_share) / 2


def clean_sentence(text: str) -> str:
    """Drop Markdown markup (bullets, heading hashes, bold) and table pipes for display."""
    text = _MARKUP_RE.sub("", text).strip()
    if text.startswith("|"):
        text = " | ".join(cell.strip() for cell in text.strip("|").split("|") if cell.strip())
    return text


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table_row(header: list[str], line: str) -> str:
    """A Markdown table row with its header: "事项: 就业补贴审核; 件数: 1,856件". Empty cells are
    left out; a row whose cells do not line up with the header keeps its cells alone."""
    cells = _cells(line)
    if len(cells) != len(header):
        return "; ".join(c for c in cells if c)
    return "; ".join(f"{h}: {c}" if h else c for h, c in zip(header, cells, strict=True) if c)


def passage_sentences(text: str) -> list[str]:
    """The passage's sentences; each table row is one sentence keyed by its header, so rows
    are never glued together or read without the column they belong to."""
    sentences: list[str] = []
    lines = text.splitlines()
    header: list[str] | None = None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or line.lstrip().startswith("#"):
            header = None if not stripped else header
            continue
        if _TABLE_RULE_RE.match(line):
            continue
        if stripped.startswith("|"):
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if _TABLE_RULE_RE.match(following):
                header = _cells(line)  # a header row: it labels the rows, it is not one
                continue
            if header is not None:
                sentences.append(table_row(header, line))
                continue
        else:
            header = None
        if is_row_line(line):
            sentences.append(stripped)  # a row written "Header: cell; …": its cells' full stops are inside it
            continue
        sentences.extend(s.strip() for s in FULL_STOP.split(line) if s.strip())
    return sentences


def rows_of_the_item_asked(candidates: Sequence[_Candidate], question: str) -> list[_Candidate]:
    """``candidates`` without the table rows of items the question does not name, when it names
    the item of another row of that table: "养老保险待遇核定要几个工作日" is answered by that row of
    the time-limit table, not by the rows of 失业保险金申领 and the like next to it."""
    asked = normal(question)
    rows = {id(c): keyed_row(c.text) for c in candidates}
    named = {row[0][0] for row in rows.values() if row and _names_item(asked, row[1][0])}
    if not named:
        return list(candidates)
    return [
        c
        for c in candidates
        if not ((row := rows[id(c)]) and row[0][0] in named and not _names_item(asked, row[1][0]))
    ]


# A passage that is one short line without a full stop or colon is a title ("2026年1-4月投诉汇总",
# a sheet's title row) or a web page's furniture ("Page updated 18 December 2025"): it names
# what follows or frames the page, and answers nothing. Short means characters for Chinese and
# words for English, whose words are longer.
TITLE_LINE_MAX = 24
TITLE_LINE_MAX_WORDS = 8
_SENTENCE_MARK = re.compile(r"[。.!?！？;；:：]")


def is_title_line(sentence: str, passage: str) -> bool:
    """Whether ``sentence`` is the whole of ``passage`` and reads as a title."""
    line = sentence.strip()
    if line != passage.strip() or _SENTENCE_MARK.search(line):
        return False
    if re.search(f"[{CJK}]", line):
        return len(line) <= TITLE_LINE_MAX
    return len(line.split()) <= TITLE_LINE_MAX_WORDS


def names_the_item(text: str, question: str) -> bool:
    """Whether ``text`` is a table row whose item (its first cell) the question names."""
    row = keyed_row(text)
    return row is not None and _names_item(normal(question), row[1][0])


def _names_item(asked: str, item: str) -> bool:
    """Whether the question (``normal`` form) names a row's item: a Chinese item of two
    characters or more inside it; an English one as whole words, of two words or six letters
    at least ("total" or "staff" are words any question may use). A total row names no item."""
    key = normal(item).strip()
    if key in _GENERIC_ROW_ITEMS:
        return False
    if re.search(f"[{CJK}]", key):
        return len(key) >= MIN_ITEM_CHARS and key in asked
    if len(key.split()) < 2 and len(key) < 6:
        return False
    return re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", asked) is not None


_GENERIC_ROW_ITEMS = {
    "合计", "总计", "小计", "其他", "其它", "total", "subtotal", "sum", "other", "others", "all",
}  # fmt: skip


def lead_in_kind(text: str) -> str | None:
    """ "colon" or "count" when the sentence introduces the sentences after it, else None."""
    if _ENDS_WITH_COLON.search(text):
        return "colon"
    cjk = len(re.findall(f"[{CJK}]", text))
    short = cjk <= LEAD_IN_MAX_CJK if cjk else len(text.split()) <= LEAD_IN_MAX_WORDS
    return "count" if short and _ANNOUNCES_KINDS.search(text) else None


def _repeats(text: str, chosen: list[_Candidate]) -> bool:
    grams = cjk_bigrams(text) or set(content_tokens(text))
    row = keyed_row(text)
    for other in chosen:
        other_row = keyed_row(other.text) if row else None
        if row and other_row and row[1][0] != other_row[1][0]:
            continue  # two rows of one table share their labels; another item is no repeat
        other_grams = cjk_bigrams(other.text) or set(content_tokens(other.text))
        if grams and len(grams & other_grams) / len(grams) >= DUPLICATE_OVERLAP:
            return True
    return False


@WRITERS.register("rules", help="extractive answer from the best passages; no model (default)")
class RulesWriter:
    """Extractive writer. ``max_sentences`` and ``max_chars`` bound the answer's length."""

    name = "rules"
    can_stream = True
    needs_network = False

    def __init__(self, max_sentences: int = 4, max_chars: int = 600, max_passages: int = 5) -> None:
        if max_sentences < 1 or max_chars < 1 or max_passages < 1:
            raise ValueError("max_sentences, max_chars and max_passages must be positive")
        self.max_sentences = max_sentences
        self.max_chars = max_chars
        self.max_passages = max_passages

    def candidates(self, request: WriteRequest) -> list[_Candidate]:
        """Every usable sentence of the top passages, scored against the question."""
        question = request.question
        q_tokens = set(content_tokens(question))
        q_bigrams = cjk_bigrams("".join(t for t in content_tokens(question)))
        passages = list(request.passages)[: self.max_passages]
        same_language = any((p.language or detect_language(p.text)) == request.language for p in passages)
        states = question_states(question)
        asked = AnswerType.of(question)
        required = asked.required()
        # English is compared by stems of the question's topic words ("petitioners" finds
        # "petitions"), without the Chinese department name the chat stage may have added.
        topic = key_words(re.sub(r"[\u4e00-\u9fff]+", " ", question)) if request.language == "en" else []
        units: list[tuple[str, list[str]]] = []
        years_asked = set(CALENDAR_YEAR.findall(question))
        matched = self._matched(request, passages)
        found: list[_Candidate] = []
        for index, hit in enumerate(passages):
            crossing = (hit.language or detect_language(hit.text)) != request.language
            if crossing and not units:
                units = QueryTranslator().units(question)

            def overlap(
                text: str, crossing: bool = crossing, units: list[tuple[str, list[str]]] = units
            ) -> float:
                if crossing:
                    return max(unit_coverage(units, text), matched.get(text, 0.0))
                if topic:
                    return word_coverage(topic, text)
                return _overlap(q_tokens, q_bigrams, text)

            passage_score = overlap(f"{hit.title} {hit.heading_path} {hit.text}")
            # The one year a passage's title and headings name is the period of its lines that
            # name no year ("## 2025 in figures"). A year in a body sentence dates that sentence
            # only ("In 2025, … 89.6%" beside an undated objective), and a title of two years
            # ("2024年工作总结及2025年工作打算") dates nothing.
            headings = " ".join(line for line in hit.text.splitlines() if line.lstrip().startswith("#"))
            framed = set(CALENDAR_YEAR.findall(f"{hit.title} {hit.heading_path} {headings}"))
            context_years = next(iter(framed)) if len(framed) == 1 and framed <= years_asked else ""
            rank_score = 1.0 / (1 + index)
            factor = 1.0
            if same_language and crossing:
                factor = OTHER_LANGUAGE_FACTOR
            if request.department and hit.department and hit.department != request.department:
                factor *= OTHER_DEPARTMENT_FACTOR
            for position, raw in enumerate(passage_sentences(hit.text)):
                text = clean_sentence(raw)
                if len(content_tokens(text)) < 2 or is_instruction_like(raw) or is_title_line(raw, hit.text):
                    continue
                undated = context_years and not CALENDAR_YEAR.search(text)
                dated = f"{text} {context_years}" if undated else text
                score = (
                    SENTENCE_WEIGHT * overlap(dated)
                    + PASSAGE_WEIGHT * passage_score
                    + RANK_WEIGHT * rank_score
                ) * factor
                # A line dated only with other years than the question asks about ("2024 result:
                # 94%" for "in 2025") answers another period; the years of its passage's title
                # and headings date it too ("2026年质量目标" over "…; 2025年完成值: 3%").
                named_years = set(CALENDAR_YEAR.findall(text)) | framed
                if years_asked and named_years and not named_years & years_asked:
                    score *= OTHER_YEAR_FACTOR
                if required:
                    score *= 1 + TYPE_BONUS if asked.fits(text, crossing) else TYPE_PENALTY
                elif asked and asked.fits(text, crossing):
                    score *= 1 + PREFERENCE_BONUS
                state = row_state(text, states) if states else None
                if state is not None:
                    score *= 1 + STATE_BONUS if state else STATE_PENALTY
                in_state = bool(state)
                found.append(_Candidate(index, position, text, score, in_state, crossing))
        return found

    @staticmethod
    def _matched(request: WriteRequest, passages: Sequence[Hit]) -> dict[str, float]:
        """The cross-language matcher's share (0-1, see ``MATCH_NONE``) for each sentence of the
        passages in the other language; empty without a matcher."""
        if request.similarity is None:
            return {}
        sentences = list(dict.fromkeys(
            clean_sentence(raw)
            for hit in passages
            if (hit.language or detect_language(hit.text)) != request.language
            for raw in passage_sentences(hit.text)
        ))
        if not sentences:
            return {}
        scores = request.similarity(request.question, sentences)
        span = MATCH_FULL - MATCH_NONE
        return {
            text: min(1.0, max(0.0, (score - MATCH_NONE) / span))
            for text, score in zip(sentences, scores, strict=True)
        }

    def select(self, request: WriteRequest) -> list[_Candidate]:
        found = self.candidates(request)
        ranked = sorted(found, key=lambda c: (-c.score, c.passage, c.position))
        if not ranked:
            return []
        by_place = {(c.passage, c.position): c for c in found}
        floor = ranked[0].score * KEEP_RATIO
        asked = AnswerType.of(request.question)
        if asked.required() and asked.fits(ranked[0].text, ranked[0].crossing):
            # The best sentence gives the kind of answer asked for: the others must give it too,
            # or they only pad the answer with sentences that share the question's words.
            ranked = [c for c in ranked if asked.fits(c.text, c.crossing)]
            typed = True
        else:
            typed = False
        ranked = rows_of_the_item_asked(ranked, request.question)
        # A row whose item the question names ("…at the Xiawan station") is the answer itself:
        # it leads, however many general sentences share more of the question's words.
        item_rows = [c for c in ranked if names_the_item(c.text, request.question)]
        ranked = item_rows + [c for c in ranked if c not in item_rows]
        # "Which findings are still open?" asks for a list: every item in that state is part of
        # the answer, so such a question gets room for more of them.
        listing = any(c.in_state for c in ranked)
        max_sentences = self.max_sentences * LIST_FACTOR if listing else self.max_sentences
        max_chars = self.max_chars * LIST_FACTOR if listing else self.max_chars
        groups: list[list[_Candidate]] = []
        chosen: list[_Candidate] = []
        length = 0
        # Rows of a register that holds an item in the asked state are all part of the list,
        # however their words score: the late rows of a ledger differ only in their cells.
        def listed_row(c: _Candidate) -> bool:
            return c.in_state and keyed_row(c.text) is not None

        passages = list(request.passages)

        def register(c: _Candidate) -> tuple[str, str]:
            """The document and table a candidate sentence comes from."""
            hit = passages[c.passage]
            return hit.doc_id, table_heading(hit.heading_path)

        registers = {register(c) for c in ranked if listed_row(c) and c.score >= floor}
        for candidate in ranked:
            if len(groups) >= max_sentences:
                break
            if candidate.score < floor and candidate not in item_rows and not (
                listed_row(candidate) and register(candidate) in registers
            ):
                continue
            if listing and len(groups) >= self.max_sentences and not candidate.in_state:
                continue  # the extra room is for items in the state asked about
            if candidate in chosen or (chosen and length + len(candidate.text) > max_chars):
                continue
            if _repeats(candidate.text, chosen):
                continue
            budget = max_chars - length - len(candidate.text)
            group = [candidate, *self._continuation(candidate, by_place, chosen, budget)]
            groups.append(group)
            chosen.extend(group)
            length += sum(len(c.text) for c in group)
        # Reading order: items in the state asked about first, then by passage rank, then as
        # the passage has it; an answer of the kind asked for leads with its best sentence.
        lead = groups[0] if typed and groups else []
        return sorted(
            chosen, key=lambda c: (not c.in_state, c not in item_rows, c not in lead, c.passage, c.position)
        )

    @staticmethod
    def _continuation(
        lead: _Candidate, by_place: dict[tuple[int, int], _Candidate], chosen: list[_Candidate], budget: int
    ) -> list[_Candidate]:
        """The sentences a lead-in announces (see ``lead_in_kind``), within ``budget`` characters."""
        kind = lead_in_kind(lead.text)
        if kind is None:
            return []
        following: list[_Candidate] = []
        length = 0
        position = lead.position + 1
        while (nxt := by_place.get((lead.passage, position))) is not None:
            if nxt in chosen or length + len(nxt.text) > budget:
                break
            labelled = bool(_LABELLED_ITEM.match(nxt.text))
            if not labelled and (following or kind == "count"):
                break
            following.append(nxt)
            length += len(nxt.text)
            position += 1
        return following

    def write(self, request: WriteRequest) -> Iterator[str]:
        if request.task == "enrich":
            # Rephrasing needs a model; without one the rule-based item stands as it is.
            yield request.item.get("text", "")
            return
        joiner, gap = ("", "") if request.language == "zh" else (" ", " ")
        passages = list(request.passages)
        row_ended = False
        for n, candidate in enumerate(self.select(request)):
            hit = passages[candidate.passage]
            text = candidate.text
            if candidate.crossing:
                source_language = hit.language or detect_language(hit.text)
                title = hit.title or hit.doc_id
                question, names = request.question, request.names
                text = _glossed(text, title, source_language, request.language, question, names)
            # A table row has no full stop: it ends its line, so rows read as rows, not one run.
            sentence = (joiner if n and not row_ended else "") + f"{text}{gap}[{candidate.passage + 1}]"
            row_ended = not _SENTENCE_END.search(text) or is_row_line(text)
            if row_ended:
                sentence += "\n"
            # Clause by clause, so a client renders the answer as it would a model's stream.
            yield from (piece for piece in _CLAUSE_END.split(sentence) if piece)


def _glossed(
    sentence: str,
    title: str,
    source_language: str,
    language: str,
    question: str = "",
    names: Sequence[tuple[str, str]] = (),
) -> str:
    """``sentence`` from a passage in the other language, framed in ``language``: it is quoted
    whole (so the verifier can find it verbatim), and glossed with its figures, the department
    names it holds, and the audit terms the question itself uses (other terms would only be noise).
    "The Chinese source “…” states: “…20个工作日…” (20 working days; 信访办 = Letters and Visits
    Office)." The quote's own final full stop is left out: inside quotation marks it would end the
    answer sentence early."""
    quote = sentence.rstrip("。.！!？? ")
    terms = gloss_terms(quote, language, limit=10)
    asked = gloss_terms(question, "en" if language == "zh" else "zh", limit=10)
    asked_words = {part.strip() for gloss in asked for part in gloss.split(" = ")}
    terms = [t for t in terms if any(part.strip() in asked_words for part in t.split(" = "))][:GLOSSED_TERMS]
    glosses = gloss_figures(quote, language) + _gloss_names(quote, language, names) + terms
    if language == "zh":
        gloss = f"（{'；'.join(glosses)}）。" if glosses else "。"
    else:
        gloss = f" ({'; '.join(glosses)})." if glosses else "."
    names_of = LANGUAGE_NAMES.get(language, LANGUAGE_NAMES["en"])
    frame = QUOTE_FRAME.get(language, QUOTE_FRAME["en"])
    source = names_of.get(source_language, source_language)
    return frame.format(language=source, title=title, quote=quote, gloss=gloss)


def _gloss_names(quote: str, language: str, names: Sequence[tuple[str, str]]) -> list[str]:
    """Department names in ``quote`` with their name in ``language`` ("信访办 = Letters and Visits
    Office"), longest first and none inside another ("行政审批科", not also "审批科")."""
    out: list[str] = []
    lowered = quote.lower()
    for chinese, english in sorted(names, key=lambda n: -len(n[0] if language == "en" else n[1])):
        if not _name_agrees_with_glossary(chinese, english):
            continue  # "Administrative Licensing Section" for 行政审批科 reads as 行政许可 to the verifier
        if language == "en" and chinese in quote and not any(chinese in o for o in out):
            out.append(f"{chinese} = {english}")
        elif language == "zh" and english.lower() in lowered and not any(english in o for o in out):
            out.append(f"{english} = {chinese}")
    return out[:GLOSSED_NAMES]


def _name_agrees_with_glossary(chinese: str, english: str) -> bool:
    """Whether every glossary term the English name uses has its Chinese in the Chinese name: a
    gloss that uses a term must hold up to the verifier's term check."""
    used = [term for term in load_terms() if any(p.search(english) for p in term.en_patterns)]
    return all(term.zh in chinese for term in used)
