"""Departments: how a name the user gives, or a name inside a question, is matched to a
department of the index. One resolver serves the CLI, the API, chat routing and the planner.

A name is matched on the department's name or an alias, ignoring spaces, case and an agency
prefix ("临江市市场监督管理局行政审批科" -> "行政审批科"), then on a unique containment
("审批科"). It is never swapped silently for a merely similar department: an unknown or
ambiguous name is an error that names the closest candidates.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from assistant.errors import UnknownDepartmentError
from ingest.datafile import read_yaml
from ingest.metadata.units import normalize_name

NAME_PARTS_FILE = Path(__file__).with_name("department_names.yaml")
# Longest English department name looked at before its kind word ("Policy and Regulations").
_MAX_NAME_WORDS = 6


@dataclass(frozen=True)
class DepartmentInfo:
    name: str
    aliases: tuple[str, ...]
    documents: int
    chunks: int
    languages: tuple[str, ...]
    found_by: tuple[str, ...] = ()  # declared, front matter, folder, duties section, title, file name


# "临江市市场监督管理局行政审批科" -> "行政审批科": an agency name ends in 局, 委员会 or 政府.
_AGENCY_PREFIX = re.compile(r"^.*?(?:局|委员会|政府)\s*(?=[\u4e00-\u9fff])")


def strip_agency_prefix(name: str) -> str:
    return _AGENCY_PREFIX.sub("", name.strip())


def resolve_department(name: str, infos: Sequence[DepartmentInfo]) -> str:
    """The department's name as the index writes it.

    Raises:
        UnknownDepartmentError: nothing matches, or several do; the message names the closest
            candidates and lists the departments.
    """
    # Names before aliases: a department's own name must win over another department that
    # lists it as an alias (an English page aliased to the Chinese name, say).
    for wanted in dict.fromkeys([normalize_name(name), normalize_name(strip_agency_prefix(name))]):
        for info in infos:
            if wanted == normalize_name(info.name):
                return info.name
        for info in infos:
            if wanted in {normalize_name(a) for a in info.aliases}:
                return info.name
    wanted = normalize_name(name)
    # Containment both ways tolerates an agency prefix or a shortened name.
    candidates = [
        info.name
        for info in infos
        if any(
            normalize_name(n) and (normalize_name(n) in wanted or wanted in normalize_name(n))
            for n in (info.name, *info.aliases)
        )
    ]
    if len(candidates) == 1:
        return candidates[0]
    listing = ", ".join(
        f"{i.name} ({', '.join(i.aliases)})" if i.aliases else i.name for i in infos
    ) or "none (ingest department documents first)"
    if not candidates:
        # Similar spellings are suggested, never chosen: "行政审批股" may be another agency's unit.
        names = {normalize_name(n): info.name for info in infos for n in (info.name, *info.aliases)}
        close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
        candidates = list(dict.fromkeys(names[c] for c in close))
    hint = f" Did you mean one of: {', '.join(candidates)}?" if candidates else ""
    raise UnknownDepartmentError(f"No department {name!r} in the index.{hint} Departments: {listing}.")


# Words an English department name shares with many others; they cannot identify one.
_GENERIC_WORDS = frozenset(
    "the of and for section office division department unit team bureau centre center group "
    "administration municipal city county".split()
)
def _english_words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", text.lower())}


def find_department(question: str, departments: Sequence[DepartmentInfo]) -> str | None:
    """The department ``question`` names (by name or alias, longest match first), or None.

    Falls back to a unique department whose name ends with a 3+ character piece of the question
    ("审批科" for "行政审批科"), or whose distinctive English words the question mostly contains
    ("licensing section" for "Administrative Licensing Section"), and last to a department
    whose Chinese name an English name in the question composes from its parts
    (``department_names.yaml``: "Petitions Office" for "信访办", with no English alias).
    """
    text = normalize_name(question)
    matches: list[tuple[int, str]] = []
    for info in departments:
        for name in (info.name, *info.aliases):
            key = normalize_name(name)
            if len(key) >= 2 and key in text:
                matches.append((len(key), info.name))
    if matches:
        return max(matches)[1]
    suffixes = {
        info.name
        for info in departments
        for name in (info.name, *info.aliases)
        if re.search(r"[\u4e00-\u9fff]", name)
        for size in range(3, len(normalize_name(name)))
        if normalize_name(name)[-size:] in text
    }
    if len(suffixes) == 1:
        return suffixes.pop()
    words = _english_words(question)
    scored: list[tuple[float, str]] = []
    for info in departments:
        for name in (info.name, *info.aliases):
            distinctive = _english_words(name) - {w.rstrip("s") for w in _GENERIC_WORDS}
            if distinctive:
                scored.append((len(distinctive & words) / len(distinctive), info.name))
    best = max((s for s, _ in scored), default=0.0)
    winners = {name for s, name in scored if s == best}
    if best >= 0.5 and len(winners) == 1:
        return winners.pop()
    return find_by_name_parts(question, departments) or find_by_composition(question, departments)


def find_by_composition(
    question: str, departments: Sequence[DepartmentInfo], lexicon: NameLexicon | None = None
) -> str | None:
    """The one Chinese-named department that an English name in ``question`` composes through
    the bilingual dictionary (``composes_name``): "the Wildlife Protection Section" for
    野生动物保护科. The name is tried as the last one to six words before a kind word."""
    if lexicon is None:
        from assistant.retrieval.translation import name_lexicon  # the dictionary loads lazily

        lexicon = name_lexicon()
    if lexicon is None:
        return None
    names = load_name_parts()
    tokens = re.findall(r"[a-z]+(?:-[a-z]+)*|&", question.lower())
    chinese = [
        (info.name, name)
        for info in departments
        for name in (info.name, *info.aliases)
        if re.search(r"[\u4e00-\u9fff]", name)
    ]
    for end, token in enumerate(tokens):
        if _singular(token) not in names.kinds:
            continue
        # Longest name first: "Forest Fire Prevention Office" before "Fire Prevention Office".
        for start in range(max(0, end - _MAX_NAME_WORDS), end):
            phrase = " ".join(tokens[start : end + 1])
            owners = {owner for owner, name in chinese if composes_name(phrase, name, lexicon)}
            if len(owners) == 1:
                return owners.pop()
    return None


@dataclass(frozen=True)
class NameParts:
    """``department_names.yaml``: English kind word -> Chinese endings, English part -> Chinese
    words."""

    kinds: dict[str, tuple[str, ...]]
    parts: dict[str, tuple[str, ...]]


@cache
def load_name_parts(path: Path = NAME_PARTS_FILE) -> NameParts:
    """The department-name vocabulary. Raises ``ValueError`` naming the file and the section
    when it is malformed."""
    raw = read_yaml(path, ValueError, "Department-name vocabulary") or {}
    sections: dict[str, dict[str, tuple[str, ...]]] = {}
    for section in ("kinds", "parts"):
        entries = raw.get(section) if isinstance(raw, dict) else None
        if not isinstance(entries, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and v and all(isinstance(w, str) for w in v)
            for k, v in entries.items()
        ):
            raise ValueError(f"{path}: `{section}` must map an English word to a list of Chinese words.")
        sections[section] = {k.lower(): tuple(v) for k, v in entries.items()}
    return NameParts(sections["kinds"], sections["parts"])


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


NamedParts = list[tuple[list[tuple[str, ...]], str]]


def english_name_parts(question: str, vocabulary: NameParts | None = None) -> NamedParts:
    """The English department names of ``question`` ("the Petitions Office"), each as the
    Chinese words its parts may stand for and its kind word: ``([("信访",)], "office")``.

    A name is the run of known part words (and "and", "&") just before a kind word; a kind word
    with no known part before it ("the office") is no name.
    """
    names = vocabulary or load_name_parts()
    tokens = re.findall(r"[a-z]+|&", question.lower())
    found: list[tuple[list[tuple[str, ...]], str]] = []
    for end, token in enumerate(tokens):
        kind = _singular(token) if _singular(token) in names.kinds else token
        if kind not in names.kinds:
            continue
        parts: list[tuple[str, ...]] = []
        i = end
        while i > 0 and end - i < _MAX_NAME_WORDS:
            for size in (3, 2, 1):
                words = tokens[max(0, i - size) : i]
                phrase = " ".join([*words[:-1], _singular(words[-1])]) if words else ""
                if len(words) == size and phrase in names.parts:
                    parts.insert(0, names.parts[phrase])
                    i -= size
                    break
            else:
                if tokens[i - 1] in ("and", "&") and parts:
                    i -= 1
                    continue
                break
        if parts:
            found.append((parts, kind))
    return found


# An English name composes a Chinese one when its parts and kind cover at least this share of
# the Chinese name's characters: 基金监管股 is the "Fund Supervision Section" and 基金监管执法大队
# the "Fund Supervision Brigade" (执法 left over), but a mention read with a verb in front
# (覆盖基金监管股) is no name of it, and 行政审批科 needs more than "Licensing Section".
COMPOSED_SHARE = 0.75
_LINKING_WORDS = frozenset({"and", "&", "of", "the", "for"})
# What "and" is written as inside a Chinese name (对外贸易和投资促进股).
_JOINERS = ("和", "与", "及")
# Longest run of English words looked up as one piece ("rural e-commerce logistics").
_MAX_PHRASE_WORDS = 3


class NameLexicon(Protocol):
    """Translations of an English word of a department name into pieces of a Chinese name."""

    def pieces_for(self, english_word: str, chinese: str) -> list[str]:
        """Pieces of ``chinese`` that translate ``english_word``, strongest first."""
        ...


def composes_name(
    english: str, chinese: str, lexicon: NameLexicon | None = None, vocabulary: NameParts | None = None
) -> bool:
    """Whether the English department name ``english`` translates, part by part, into the
    Chinese name ``chinese``: its kind word gives the ending (Section -> 科/股) and each other
    word, or a run of words the dictionary knows as one ("Foreign Trade" -> 对外贸易), a piece of
    the rest, from ``department_names.yaml`` or a ``lexicon`` (a bilingual dictionary); "and"
    stands for 和, 与 or 及. Two words may share a piece ("Science and Technology" -> 科技). A part
    that is a whole kind of name ("General" -> 办公室) composes only that name itself, not
    信访办公室."""
    names = vocabulary or load_name_parts()
    tokens = re.findall(r"[a-z]+(?:-[a-z]+)*|&", english.lower())
    key = normalize_name(chinese)
    if len(tokens) < 2 or not key:
        return False
    kind = _singular(tokens[-1])
    ending = next((e for e in names.kinds.get(kind, ()) if key.endswith(e)), None)
    if ending is None:
        return False
    words = tokens[:-1]
    content = [w for w in words if w not in _LINKING_WORDS]
    if not content or words[0] in _LINKING_WORDS:
        return False  # "the office" is no name
    if any(key in names.parts.get(w, ()) for w in content):
        return True
    body = key[: len(key) - len(ending)]
    stem = body  # pieces already placed are blanked out of it
    covered = len(ending)
    if any(w in ("and", "&") for w in words):
        joiner = next((c for c in _JOINERS if c in stem), "")
        if joiner:
            covered += 1
            stem = stem.replace(joiner, "\0", 1)
    used: dict[str, str] = {}  # piece -> the run of words it was placed for
    i = 0
    while i < len(content):
        # The longest run of words that one piece translates, so that "foreign trade" gives
        # 对外贸易 rather than "foreign" alone giving 对外.
        for size in range(min(_MAX_PHRASE_WORDS, len(content) - i), 0, -1):
            run = " ".join(content[i : i + size])
            options = [*names.parts.get(run, ())]
            if size == 1:
                options += names.parts.get(_singular(run), ())
            # The vocabulary's longest piece first, then the lexicon's, strongest first.
            options.sort(key=len, reverse=True)
            if lexicon is not None:
                options += lexicon.pieces_for(run, body)
            found = [o for o in options if o and o in stem]
            if found:
                piece = found[0]
                covered += len(piece)
                used[piece] = run
                stem = stem.replace(piece, "\0" * len(piece), 1)  # a piece counts once
                i += size
                break
            if size == 1 and any(o in used and used[o] != run for o in options):
                # Another word for a piece already placed ("technology" after "science", both
                # 科技); the same word twice is two things and needs two pieces.
                i += 1
                break
        else:
            return False  # a word with no piece: "Fund Supervision Section" is not 监管股
    return covered >= COMPOSED_SHARE * len(key)


def find_by_name_parts(
    question: str, departments: Sequence[DepartmentInfo], vocabulary: NameParts | None = None
) -> str | None:
    """The one department whose Chinese name (or a Chinese alias) the English name in
    ``question`` composes: every part's Chinese word in it, and it ends as the kind says
    ("Petitions Office" -> "信访办"). None when no name composes, or several departments do."""
    names = vocabulary or load_name_parts()
    for parts, kind in english_name_parts(question, names):
        endings = names.kinds[kind]
        matches = {
            info.name
            for info in departments
            for name in (info.name, *info.aliases)
            if re.search(r"[\u4e00-\u9fff]", name)
            and normalize_name(name).endswith(endings)
            and all(any(word in name for word in options) for options in parts)
        }
        if len(matches) == 1:
            return matches.pop()
        # "General Office" composes 办公室 and 信访办公室 alike: the name that is a part's
        # word itself is the one meant.
        exact = {m for m in matches if any(m in options for options in parts)}
        if len(exact) == 1:
            return exact.pop()
    return None
