"""Audit findings across the agency's documents: whose each finding is, its status, whether the
records say it recurred.

A finding belongs to the department it is recorded against, read from the record's structure,
strongest first: a findings table's department column (责任部门 / 受审核部门 / Department), a
phrase that raises it against a department ("对X的审核发现", "溯源至X", "X: nonconformity", a
sentence that opens with the department and ends with 开具), and last the department whose own
document reports it under a findings heading. A document that merely names a finding (the
office's risk section citing another section's NC) establishes nothing.

Status is read from the wording of the passage about that one finding (its item in a follow-up
list, or its sentence), in this order: work still under way -> ``open``; effectiveness not yet
verified -> ``corrected_unverified``; not closed -> ``open``; verified or closed -> ``closed``;
corrected with no word on verification -> ``corrected_unverified``; else ``unknown``.

Usage::

    register = FindingRegister.build(retriever)
    register.about("NC-2025-10")   # "行政审批科"
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.facts.recognizers import FINDING_ID, heading_kinds, is_repeat, sentences, split_units
from assistant.facts.vocabulary import get_vocabulary, normalize
from assistant.retrieval.hybrid import Hit, HybridRetriever

STATUSES = ("open", "corrected_unverified", "closed", "unknown")
_V = get_vocabulary()
_COLON_AFTER = re.compile(r"\s*[:：]")


def _sentence_status(text: str) -> str:
    if _V.pattern("status_in_progress").search(text):
        return "open"
    if _V.pattern("status_unverified").search(text):
        return "corrected_unverified"
    if _V.pattern("status_closed").search(text):
        return "closed"
    # Corrected but not closed ("已整改，待跟踪") is waiting for verification.
    if _V.pattern("status_corrected").search(text):
        return "corrected_unverified"
    if _V.pattern("status_not_closed").search(text):
        return "open"
    return "unknown"


def finding_status(text: str) -> str:
    """The status a passage about one finding states; see the module docstring for the order
    within a sentence. A passage tells its story in order (the problem, the action, where it
    stands), so its last sentence that states a status is the one that counts."""
    text = normalize(text)
    found = [
        s for s in (_sentence_status(p) for p in sentences(text, fine=False) or [text]) if s != "unknown"
    ]
    return found[-1] if found else _sentence_status(text)


def merge_status(statuses: Iterable[str]) -> str:
    """The least advanced known status: one passage saying a finding is still open outweighs
    another calling it done, until the records show it verified everywhere."""
    known = [s for s in statuses if s in STATUSES[:3]]
    return min(known, key=STATUSES.index) if known else "unknown"


def status_of_one(text: str, finding_id: str, named: int) -> str:
    """The status ``text`` gives ``finding_id`` when it names ``named`` findings: the whole text's
    for one, else only the clauses that name this one ("截至会前已关闭1项（N2026-04），N2026-01
    已完成纠正、待验证，其余3项正在整改": closed for N2026-04, not the "正在整改" of the others)."""
    if named <= 1:
        return finding_status(text)
    clauses = [c for c in re.split(r"[，,；;。]", normalize(text)) if finding_id in c]
    return finding_status("，".join(clauses)) if clauses else "unknown"


def passages_by_id(paragraph: str) -> dict[str, str]:
    """For each finding ID in ``paragraph``, the passage about it alone: its item when the
    paragraph lists findings as "ID：…", else the sentence that names it."""
    matches = list(FINDING_ID.finditer(paragraph))
    items = [m for m in matches if _COLON_AFTER.match(normalize(paragraph)[m.end() :])]
    norm = normalize(paragraph)
    result: dict[str, str] = {}
    for m in matches:
        if m in items:
            later = [i.start() for i in items if i.start() > m.start()]
            result.setdefault(m.group(0), norm[m.start() : later[0] if later else len(norm)])
            continue
        sentence = next((s for s in sentences(norm, fine=False) if m.group(0) in s), norm)
        result.setdefault(m.group(0), sentence)
    return result


def finding_account(paragraph: str, finding_id: str) -> str:
    """The sentences of ``paragraph`` about one finding: the one naming its ID and those after
    it up to the next finding ID ("…开具2025-NC-04。已调整排班，整改完成，有效性尚未验证。"), so
    that prose reports its status wherever the follow-up sentence stands."""
    norm = normalize(paragraph)
    spans = sentences(norm, fine=False) or [norm]
    start = next((i for i, s in enumerate(spans) if finding_id in s), None)
    if start is None:
        return norm
    kept = [spans[start]]
    for sentence in spans[start + 1 :]:
        if FINDING_ID.search(sentence):
            break
        kept.append(sentence)
    return "".join(kept)


def finding_repeated(text: str, finding_id: str) -> bool:
    """Whether ``text`` says that this finding (not an earlier one it is compared with)
    recurred: "与2024年的2024-NC-05属于同类问题" makes the finding in hand a repeat, not
    2024-NC-05."""
    passage = passages_by_id(text).get(finding_id, normalize(text))
    if not is_repeat(passage):
        return False
    before = passage.split(finding_id)[0] if finding_id in passage else ""
    return not _V.pattern("repeat_reference").search(before)


@dataclass
class _Entry:
    about: str = ""
    rank: int = 0
    repeated: bool = False
    statuses: list[str] = field(default_factory=list)


@dataclass
class FindingRegister:
    """Every finding ID in the index, with the department it is recorded against."""

    names: dict[str, str]  # any name or alias -> the department's name
    entries: dict[str, _Entry] = field(default_factory=dict)

    @classmethod
    def build(cls, retriever: HybridRetriever) -> FindingRegister:
        names: dict[str, str] = {}
        for info in retriever.departments():
            for name in (info.name, *info.aliases):
                if name:
                    names.setdefault(normalize(name), info.name)
        register = cls(names)
        for hit in retriever.chunks():
            if hit.doc_type != "guidance":
                register.read(hit)
        return register

    def about(self, finding_id: str) -> str:
        entry = self.entries.get(finding_id)
        return entry.about if entry else ""

    def status(self, finding_id: str) -> str:
        """The status the agency's documents state for the finding, in any language."""
        entry = self.entries.get(finding_id)
        return merge_status(entry.statuses) if entry else "unknown"

    def repeated(self, finding_id: str) -> bool:
        entry = self.entries.get(finding_id)
        return bool(entry and entry.repeated)

    def departments_in(self, text: str) -> list[str]:
        """Departments named in ``text``, in order of first mention (longest names first)."""
        text = normalize(text)
        found: dict[str, int] = {}
        taken: list[tuple[int, int]] = []
        for name in sorted(self.names, key=len, reverse=True):
            for m in re.finditer(re.escape(name), text):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                found.setdefault(self.names[name], m.start())
        return sorted(found, key=lambda n: found[n])

    def _set(self, finding_id: str, about: str, rank: int) -> None:
        entry = self.entries.setdefault(finding_id, _Entry())
        if about and rank > entry.rank:
            entry.about, entry.rank = about, rank

    def read(self, hit: Hit) -> None:
        """Take what one chunk says about the findings it names."""
        heading = hit.heading_path.split(">")[-1] if hit.heading_path else ""
        under_findings = "finding" in heading_kinds(heading) or "finding" in heading_kinds(hit.title)
        for unit in split_units(hit.text, fine=False):
            ids = list(dict.fromkeys(m.group(0) for m in FINDING_ID.finditer(unit.display)))
            if not ids:
                continue
            if unit.row:
                self._read_row(ids, unit.cells, unit.header)
                continue
            for finding_id, passage in passages_by_id(unit.display).items():
                entry = self.entries.setdefault(finding_id, _Entry())
                entry.repeated = entry.repeated or finding_repeated(passage, finding_id)
                in_passage = len({m.group(0) for m in FINDING_ID.finditer(passage)})
                entry.statuses.append(status_of_one(passage, finding_id, in_passage))
                about = self._raised_against(passage, finding_id)
                if about:
                    self._set(finding_id, about, 2)
                elif hit.doc_type == "department" and under_findings and hit.department:
                    named = self.departments_in(passage)
                    if not named or named[0] == hit.department:
                        self._set(finding_id, hit.department, 1)

    def _read_row(self, ids: list[str], cells: tuple[str, ...], header: tuple[str, ...]) -> None:
        column = _V.pattern("department_columns")
        at = next((i for i, h in enumerate(header) if column.fullmatch(normalize(h).strip())), None)
        about = ""
        if at is not None and at < len(cells):
            named = self.departments_in(cells[at])
            about = named[0] if named else ""
        repeated = any(is_repeat(c) for c in cells if not FINDING_ID.search(c))
        for finding_id in ids:
            self._set(finding_id, about, 3)
            entry = self.entries.setdefault(finding_id, _Entry())
            entry.repeated = entry.repeated or repeated

    def _raised_against(self, passage: str, finding_id: str) -> str:
        """The department a phrase raises the finding against, in the passage before the ID
        (after the last colon, so "X、Y、Z的情况：Y…开具NC" reads Y)."""
        before = passage.split(finding_id)[0]
        lead = re.split(r"[:：]", before)[-1].strip() if not before.rstrip().endswith((":", "：")) else before
        for department in self.departments_in(passage):
            names = [n for n, d in self.names.items() if d == department]
            for name in names:
                pattern = _V.against("finding_against", name)
                if pattern.search(lead) or pattern.search(normalize(before)):
                    return department
        return ""
