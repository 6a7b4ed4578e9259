"""Recognising the name of an agency's unit (科, 股, 室, 中心 …; Section, Office, Division …).

A unit is a name ending in a unit suffix (行政审批科, 督查室, 12345热线办, Finance and Asset
Section) or, in English, "Office of Policy and Regulations". Chinese has no spaces, so a name
is only accepted where it can end: before punctuation, a non-Chinese character, or a word that
commonly follows a unit ("职责", "负责", "科长"). Without that test "办理", "处理" and "所有"
would all end a "unit". Generic names (各科室, 本局内设机构, "each section", "the department")
and outside bodies ("Department of Health") are rejected, and an agency prefix is removed
("临江市市场监督管理局行政审批科" -> "行政审批科").

Usage::

    unit_in_title("关于督查室2026年重点工作的安排")    # "督查室"
    units_in_text("由行政审批科负责受理，报办公室备案。")  # ["行政审批科", "办公室"]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from ingest.metadata.vocabulary import Vocabulary, get_vocabulary
from ingest.text import CJK

_CJK_CHAR = re.compile(f"[{CJK}]")
_NAME_CHAR = re.compile(f"[{CJK}0-9A-Za-z]")
# Longest body of a Chinese name before its suffix ("政务服务和大数据管理" is 10).
MAX_ZH_BODY = 12
# Most unit names have up to eight characters (劳动保障监察大队); a longer one found in running
# text has usually taken in the words before it ("…统计表报办公室").
LONG_ZH_NAME = 8
# Characters no unit name contains; they mark a phrase such as "以人民为中心的" instead.
_NOT_IN_NAMES = frozenset("的了是在将把被个对从向以由于着到")
# One-character introducing words that never begin a unit's name; others do (交通运输科,
# 报刊发行科, 和平所), so those are left on.
_NEVER_STARTS_NAMES = frozenset("由向请将把在从给被让经")
# Characters that end the word before a name in running text ("经信息中心", "登记后督查室").
_FUNCTION_CHARS = frozenset("经后回中照再也即交报送由向与和及或在对将把是为至到从给让被请")
# Words that introduce a name but are not part of it ("关于督查室…").
_LEADING_WORDS = re.compile(r"^(?:关于|对于|根据|例如|又如|再如|比如|如|而|但|并|且|即|或)")
# A date or count in front of a name belongs to the sentence, not to the unit ("2025年行政审批科").
_LEADING_DATE = re.compile(r"^(?:\d+(?:年度?|月份?|日|号)|[0-9]+[、.．])+")
_SENTENCE_BREAK = re.compile(r"[\s。，；：、！？,;:!?（）()【】\[\]“”\"'《》<>|/#*_-]")
_EN_WORD = r"[A-Z][\w'’-]*"


@cache
def _zh() -> Vocabulary:
    return get_vocabulary("zh")


@cache
def _en() -> Vocabulary:
    return get_vocabulary("en")


# --- Chinese ------------------------------------------------------------------------------


def _zh_ends_here(text: str, start: int, end: int) -> bool:
    """Whether the name ``text[start:end]`` may end at ``end``: the text ends, a non-Chinese
    character follows, or a word that follows unit names does. A name ending in a two-character
    suffix (办公室, 中心, 大队) rarely ends anything else, so any word may follow it; a
    one-character one (科, 办, 处, 所) ends ordinary words too ("办理", "处理", "所有") and
    needs the follower."""
    if end >= len(text) or not _CJK_CHAR.match(text[end]):
        return True
    name = text[start:end]
    # "办公室" is a whole name by itself; "中心" or "大队" alone is not.
    if any(len(s) > 1 and name.endswith(s) and len(name) >= 3 for s in _zh().unit_suffixes):
        return True
    return text.startswith(_zh().unit_followers, end)


def _zh_candidate_at(text: str, start: int) -> str:
    """The shortest name starting at ``start`` that ends in a unit suffix where a name can end."""
    limit = min(len(text), start + MAX_ZH_BODY)
    for i in range(start + 1, limit + 1):
        if not _NAME_CHAR.match(text[i - 1]):
            return ""
        for suffix in _zh().unit_suffixes:  # longest first: 信访办公室, not 信访办
            if text.startswith(suffix, i) and _zh_ends_here(text, start, i + len(suffix)):
                return text[start : i + len(suffix)]
    return ""


def strip_agency_prefix(name: str) -> str:
    """``name`` without a leading agency or place name ("县人民政府信息中心" -> "信息中心",
    "县殡葬管理股" -> "殡葬管理股",
    "Riverside Ecology Bureau Finance Section" -> "Finance Section"). A one-character word
    before the agency word is part of the unit's own name (党委办公室 stays whole)."""
    name = name.strip()
    if _CJK_CHAR.search(name):
        best = name
        for suffix in _zh().agency_suffixes:
            at = name.rfind(suffix)
            if at == 1 or at < 0:
                continue
            rest = name[at + len(suffix) :].lstrip()
            if len(rest) > 1 and rest.endswith(_zh().unit_suffixes) and len(rest) < len(best):
                best = rest
        return without_place(best) or best
    words = name.split()
    agency = {w.lower() for w in _en().agency_suffixes}
    last = max((n for n, w in enumerate(words) if w.lower().strip(":,") in agency), default=-1)
    return " ".join(words[last + 1 :]) if 0 <= last < len(words) - 1 else name


def without_place(name: str) -> str:
    """A Chinese unit's name without the county or city written in front of it ("苎岭县水政监察
    大队" -> "水政监察大队", "县殡葬管理股" -> "殡葬管理股"), or "" when it has none. The place is
    a place word (县, 市 …) alone or after two to four characters; what is left must itself be a
    unit's name of three characters or more that does not make the place word part of another
    word, so "县政务服务中心", "市场监管所" and "集贸市场管理所" keep their names."""
    vocabulary = _zh()
    for at in range(0, min(5, len(name) - 3)):
        if name[at] not in vocabulary.place_words or at == 1:
            continue  # a place is the place word alone ("县") or two to four characters before it
        rest = name[at + 1 :]
        if rest.startswith(vocabulary.place_word_continuations):
            continue
        if rest.endswith(vocabulary.unit_suffixes) and _accept_zh(rest) == rest:
            return rest
    return ""


def _accept_zh(candidate: str) -> str:
    """The unit's name in ``candidate``, or "" when it names no single unit."""
    name = _LEADING_WORDS.sub("", _LEADING_DATE.sub("", strip_agency_prefix(candidate)))
    leader = next((w for w in _zh().unit_leaders if name.startswith(w)), "")
    if leader and (len(leader) > 1 or leader in _NEVER_STARTS_NAMES) and len(name) - len(leader) >= 3:
        name = name[len(leader) :]  # "由行政审批科" is 行政审批科 named after 由
    # Three characters at least: 财务科, 办公室, 法规股; "办股" is a piece of 经办股.
    if len(name) < 3 or _NOT_IN_NAMES & set(name[:-1]):
        return ""
    if len(name) == 4 and name[0] in _FUNCTION_CHARS and name[1:] in _zh().unit_suffixes:
        name = name[1:]  # "报办公室备案" reports to 办公室
    if name.startswith(_zh().generic_prefixes) or name in _zh().generic_units:
        return ""
    if name.endswith(_zh().non_unit_endings) or any(w in name for w in _zh().never_inside_names):
        return ""
    return name


def zh_unit_at(text: str, start: int = 0) -> str:
    """The Chinese unit name that starts at ``start`` of ``text`` (agency prefix removed), or ""."""
    return _accept_zh(_zh_candidate_at(text, start))


def _zh_starts(text: str) -> Iterator[tuple[int, bool]]:
    """Where a unit's name may start in running text, and whether that start is strong: at the
    start, after punctuation or space, after an agency's name or a two-character introducing
    word ("会同", "例如") it is; after a one-character word ("由", "交") it is weak, because
    such characters also sit inside names (人才交流中心, 交通运输科)."""
    yield 0, True
    for match in _SENTENCE_BREAK.finditer(text):
        yield match.end(), True
    for word in (*_zh().unit_leaders, *_zh().agency_suffixes):
        strong = len(word) > 1 or word in _zh().agency_suffixes
        at = text.find(word)
        while at >= 0:
            yield at + len(word), strong
            at = text.find(word, at + 1)


def _zh_units(text: str, known_names: Iterable[str] = ()) -> list[str]:
    """Names in running text. Each place where a name ends gets one name: the one from the
    latest strong start ("明确办公室" is 办公室), or from a weak start when that name also
    stands on its own somewhere ("…统计表报办公室" is 办公室, "人才交流中心" stays whole). A
    function character left in front of a known name is dropped ("经信息中心")."""
    found: list[tuple[int, int, bool, str]] = []  # (end, start, strong, name)
    for start, strong in sorted(set(_zh_starts(text))):
        if start >= len(text) or not _NAME_CHAR.match(text[start]):
            continue
        candidate = _zh_candidate_at(text, start)
        name = _accept_zh(candidate)
        if name:
            found.append((start + len(candidate), start, strong, name))
    known = {name for _, _, strong, name in found if strong} | set(known_names)
    by_end: dict[int, tuple[int, str]] = {}
    for end, start, strong, name in sorted(found, key=lambda f: (f[0], f[1])):
        kept = by_end.get(end)
        # A name far longer than units usually are has swallowed the words before it.
        swallowed = kept is not None and len(kept[1]) > LONG_ZH_NAME and len(kept[1]) - len(name) >= 3
        if kept is None or strong or name in known or swallowed:
            by_end[end] = (start, name)  # later starts come last: the shortest name wins
    first: dict[str, int] = {}
    for start, name in sorted(by_end.values()):
        first.setdefault(_drop_function_prefix(name, known), start)
    return list(first)


def _drop_function_prefix(name: str, known: set[str]) -> str:
    """``name`` without the leading characters up to a function character when the rest is a
    name found elsewhere: "登记后信息中心" -> "信息中心" (but 信访办公室 stays whole)."""
    for cut in range(1, len(name) - 2):
        rest = name[cut:]
        if len(rest) >= 3 and name[cut - 1] in _FUNCTION_CHARS and rest in known:
            return rest
    return name


# --- English ------------------------------------------------------------------------------


def english_unit_suffixes() -> tuple[str, ...]:
    """The words that end an English unit's name (Section, Office, Unit …)."""
    return tuple(_en().unit_suffixes)


@cache
def _en_pattern() -> re.Pattern[str]:
    en = _en()
    joiner = "|".join(re.escape(j) for j in en.name_joiners)
    suffix = "|".join(re.escape(s) for s in en.unit_suffixes)
    prefix = "|".join(re.escape(p) for p in en.prefix_units)
    # "Office of Policy and Regulations": the unit word first, then of/for and a name.
    # Spaces only, never a line break: a heading's last word must not join the next line's.
    name = rf"{_EN_WORD}(?:[ \t]+(?:(?:{joiner})[ \t]+)?{_EN_WORD}){{0,5}}"
    # Not \b: Chinese characters are word characters too, so "和Farm Produce … Unit" has no
    # boundary before "Farm"; a Latin letter or digit is what must not come before.
    start = r"(?<![A-Za-z0-9'’-])"
    prefix_form = rf"{start}(?:{prefix})[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?{name}"
    # "Finance and Asset Section", "Letters & Visits Office": capitalised words, then the unit word.
    suffix_form = rf"{start}(?:{_EN_WORD}[ \t]+(?:(?:{joiner})[ \t]+)?){{1,7}}(?:{suffix})\b"
    return re.compile(f"{prefix_form}|{suffix_form}")


def _accept_en(candidate: str) -> str:
    en = _en()
    words = strip_agency_prefix(" ".join(candidate.split())).split()
    skip = {w.lower() for w in (*en.generic_prefixes, *en.name_joiners)}
    while words and words[0].lower() in skip:
        words.pop(0)
    if len(words) < 2:
        return ""
    name = " ".join(words)
    if name.lower() in {g.lower() for g in en.generic_units}:
        return ""
    if any(phrase in name.lower() for phrase in en.non_unit_phrases):
        return ""
    return name


def _en_units(text: str) -> list[str]:
    names = (_accept_en(m.group(0)) for m in _en_pattern().finditer(text))
    return list(dict.fromkeys(n for n in names if n))


# --- both ---------------------------------------------------------------------------------


def units_in_text(text: str, known_names: Iterable[str] = ()) -> list[str]:
    """Every unit ``text`` names, in order of first mention; a name that is the tail of a longer
    one found too ("保险经办股" of "社会保险经办股") is dropped. ``known_names`` (the document's
    own department, say) help cut a name out of the words before it."""
    names = [*_zh_units(text, known_names), *_en_units(text)]
    return [n for n in names if not _only_inside_longer(n, names, text)]


def _only_inside_longer(name: str, names: list[str], text: str) -> bool:
    """Whether every occurrence of ``name`` is the tail of a longer name found ("保险经办股" in
    "社会保险经办股"); "办公室" beside "信访办公室" stays when it also stands alone."""
    longer = [o for o in names if o != name and o.endswith(name)]
    return bool(longer) and text.count(name) <= sum(text.count(o) for o in longer)


def unit_in_title(title: str) -> str:
    """The unit a title names: at its start in Chinese (after an agency name or "关于":
    "X科职责与…", "关于X科…", "X股工作规程"), anywhere in English, in either order
    ("X Section: …", "<Bureau>: Finance and Asset Section"). "" when none."""
    title = title.strip().lstrip("#").strip()
    starts = [2, 0] if title.startswith("关于") else [0]
    for suffix in _zh().agency_suffixes:
        at = title.find(suffix)
        if at >= 0:
            rest = at + len(suffix)
            starts.append(rest + len(title[rest:]) - len(title[rest:].lstrip(" ：:-—")))
    for start in starts:
        name = zh_unit_at(title, start)
        if name:
            return name
    english = _en_units(title)
    return english[0] if english else ""


def unit_in_file_name(stem: str) -> str:
    """The unit a file name starts with ("行政审批科_职责", "finance-section-duties"), or ""."""
    name = zh_unit_at(stem, 0)
    if name:
        return name
    words = [w for w in re.split(r"[\s_.-]+", stem) if w]
    spaced = " ".join(w if w.lower() in _en().name_joiners else w.capitalize() for w in words)
    match = _en_pattern().match(spaced)
    return _accept_en(match.group(0)) if match else ""


def normalize_name(name: str) -> str:
    """How unit names are compared: spaces, brackets and dashes ignored, any case."""
    return re.sub(r"[\s·()（）\-_/]", "", name).lower()


def whole_unit(text: str) -> str:
    """``text`` itself when it is exactly a unit's name (a folder named "行政审批科"), else ""."""
    text = text.strip()
    candidate = _zh_candidate_at(text, 0)
    if candidate == text:
        return _accept_zh(candidate)
    match = _en_pattern().fullmatch(text)
    return _accept_en(match.group(0)) if match else ""
