"""What the agency's own records and procedures say about a department.

An internal-audit report, a complaints ledger or a procedure names many departments; a
passage counts for one of them only when that department is its subject (the passage opens
with its name, a table row has it in a cell, or it is followed by 负责 / 承担 …). Follow-up
notes that name one of the department's findings by ID count too, whoever they name.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.facts.counts import row_count
from assistant.facts.fact import Fact, classify, finding_status, last_heading, make_fact
from assistant.facts.findings import finding_account, finding_repeated, status_of_one
from assistant.facts.recognizers import (
    FINDING_ID,
    clean_display,
    heading_kinds,
    is_time_limit,
    language_of,
    names_identifier,
    row_identifier,
    split_units,
)
from assistant.facts.vocabulary import get_vocabulary, normalize
from assistant.retrieval.hybrid import Hit, HybridRetriever

# Kinds a passage of the agency's own records or procedures can contribute about a department:
# minutes and notices assign it work with deadlines (key work), changes, staff and risks too.
AGENCY_KINDS = (
    "finding",
    "complaint",
    "objective",
    "time_limit",
    "grassroots",
    "key_work",
    "change",
    "staffing",
    "risk",
)
_STRONG_SUBJECT = re.compile(rf"^(?:{'|'.join(get_vocabulary().words('subject_after_name'))})", re.I)


# A label that opens a passage and ends in a colon: an item's ID and kind, a number.
_LEADING_LABEL = re.compile(r"^\s*[^:：。；;！？!?,，]{1,24}[:：]\s*")


def mentions(text: str, names: list[str], others: list[str], cells: tuple[str, ...] = ()) -> bool:
    """Whether the department is the subject of ``text`` (not just named in passing).

    ``others`` are the other departments' names: a passage naming several departments is
    about this one only when this one is named last ("A、B、C：…" lists, then one of them).
    """
    if cells:
        return any(cell.startswith(name) for cell in cells for name in names if name)
    # The department as the subject of a duty ("医政医管股负责修订…，报办公室受控"): about it,
    # whoever the sentence names after it as a recipient.
    for name in names:
        for found in re.finditer(re.escape(name), text) if name else ():
            if _STRONG_SUBJECT.search(normalize(text[found.end() :])):
                return True
    for name in names:
        at = text.rfind(name) if name else -1
        if at < 0:
            continue
        if any(text.rfind(other) > at for other in others if other and other not in name):
            continue
        limit = 20 if language_of(name) == "en" else 8
        # A label before the passage ("不符合项NC-2025-01：", "Finding 3:") is not part of it.
        label = _LEADING_LABEL.match(text)
        first = text.find(name)
        if label and first >= label.end():
            first -= label.end()
        if first <= limit or _STRONG_SUBJECT.search(normalize(text[at + len(name) :])):
            return True
    return False


def title_names(title: str, names: list[str], others: list[str]) -> bool:
    """Whether ``title`` names the department and no other (longer names first: "Office" is
    inside "General Office")."""
    def named(name: str) -> bool:
        if not name:
            return False
        if language_of(name) == "en":
            return re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", title) is not None
        return name in title

    own = [n for n in names if named(n)]
    return bool(own) and not any(named(o) and not any(o in n for n in own) for o in others)


# What a Chinese unit's name ends with; the rest of the name is the work it does.
_UNIT_ENDINGS = ("办公室", "大队", "中心", "科", "股", "室", "处", "办", "组", "队")
# A subject shorter than this (财务, 信访) is a word many records' titles hold.
MIN_SUBJECT_CHARS = 4


def subject_of(name: str) -> str:
    """The work a Chinese unit's name says it does: the name without its ending
    ("环境信访投诉办公室" -> "环境信访投诉"); "" for an English name or too short a subject."""
    if not re.fullmatch(r"[\u4e00-\u9fff]+", name):
        return ""
    ending = next((e for e in _UNIT_ENDINGS if name.endswith(e)), "")
    subject = name[: len(name) - len(ending)] if ending else ""
    return subject if len(subject) >= MIN_SUBJECT_CHARS else ""


def subject_titled(title: str, names: list[str], others: list[str]) -> bool:
    """Whether a record's title names the department's work, and no other department's: the
    "2025年环境信访投诉台账" is the register of the 环境信访投诉办公室, its totals included."""
    own = [s for s in map(subject_of, names) if s and s in title]
    return bool(own) and not any(
        s and s in title and not any(s in o or o in s for o in own) for s in map(subject_of, others)
    )


def _paragraph_account(text: str, quote: str, finding_id: str) -> str:
    """The account of ``finding_id`` in the paragraph of ``text`` that holds ``quote``."""
    paragraph = next((p for p in text.split("\n") if quote.strip() and quote.strip() in p), quote)
    return finding_account(paragraph, finding_id)


# Time limits taken from one procedure that governs the department alone.
SOLE_PROCEDURE_LIMITS = 4


def _sole_procedure_limits(
    chunks: list[Hit], governing: dict[str, tuple[int, Fact]], others: list[str], seen: set[str]
) -> list[Fact]:
    """The time limits of each procedure that governs this department and names no other one:
    its limits are the department's criteria even where a sentence does not name it ("A case is
    closed within 90 days of being opened"). A procedure shared by several departments gives
    only the passages that name this one (above)."""
    found: list[Fact] = []
    for doc_id in governing:
        parts = [h for h in chunks if h.doc_id == doc_id]
        if any(other and other in h.text for h in parts for other in others):
            continue
        taken = 0
        for hit in parts:
            for unit in split_units(hit.text, fine=True):
                if taken >= SOLE_PROCEDURE_LIMITS or unit.quote in seen or not is_time_limit(unit.display):
                    continue
                seen.add(unit.quote)
                found.append(
                    make_fact("time_limit", hit, unit.quote, unit.display, "agency", last_heading(hit))
                )
                taken += 1
    return found


def agency_facts(
    retriever: HybridRetriever, names: list[str], known_ids: set[str], records: list[Hit] | None = None
) -> list[Fact]:
    """Facts about the department in agency-wide records and procedures. ``records``: the
    index's record chunks when the caller has them already (default: fetched here)."""
    facts: list[Fact] = []
    others = [
        n for info in retriever.departments() if info.name != names[0] for n in (info.name, *info.aliases)
    ]
    if records is None:
        records = retriever.chunks(doc_type="record")
    chunks = [h for h in records + retriever.chunks(doc_type="system") if h.department != names[0]]
    ids = set(known_ids)
    governing: dict[str, tuple[int, Fact]] = {}
    every_name = sorted({*names, *others}, key=len, reverse=True)
    for hit in chunks:
        prior = heading_kinds(f"{hit.title} {last_heading(hit)}")
        # A record whose title names the department ("Internal Audit Record: Finance Section",
        # "行政审批科2025年投诉台账") is about it throughout, table rows without a unit column too.
        titled = hit.doc_type == "record" and (
            title_names(hit.title, names, others) or subject_titled(hit.title, names, others)
        )
        for unit in split_units(hit.text, fine=False):
            about = (titled and not any(other in unit.display for other in others if other)) or mentions(
                unit.display, names, others, unit.cells
            )
            if not about:
                continue
            if hit.doc_type == "system":
                # The passage that best shows the procedure governs this department: a table row
                # or a sentence that opens with its name.
                rank = (
                    3
                    if unit.row or re.match(rf"(?:{'|'.join(map(re.escape, names))})\s*[：:]", unit.display)
                    else 2
                    if any(unit.display.startswith(n) for n in names)
                    else 1
                )
                if hit.doc_id not in governing or rank > governing[hit.doc_id][0]:
                    governing[hit.doc_id] = (
                        rank,
                        make_fact(
                            "procedure",
                            hit,
                            unit.quote,
                            clean_display(unit.display),
                            "agency",
                            last_heading(hit),
                            label=hit.title,
                        ),
                    )
            # A sentence may cover several matters; its clauses become separate facts.
            for clause in split_units(unit.quote, fine=True) if not unit.row else [unit]:
                # Later clauses of a sentence about the department stay with it unless they
                # turn to another department.
                if (
                    not unit.row
                    and not mentions(clause.display, names, others)
                    and len(clause.quote) < len(unit.quote)
                    and any(other in clause.display for other in others if other)
                ):
                    continue
                # Department names must not count as content ("信访办" is not a petition).
                bare = clause.display
                for name in every_name:
                    bare = bare.replace(name, "")
                kinds = classify(bare, [k for k in prior if k in AGENCY_KINDS], content_only=True)
                if not kinds and unit.row and hit.doc_type == "record" and "complaint" in prior:
                    # A row of a complaints register is a complaint, whatever its cells say
                    # ("事由: 许可办理超时").
                    kinds = ["complaint"]
                for kind in kinds:
                    if kind not in AGENCY_KINDS:
                        continue
                    if kind == "finding":
                        # A table row is one finding: the ID its own cell holds. Another ID in its
                        # text ("与2025-NC-03属同类问题") is the earlier finding it refers to.
                        own = [c for c in clause.cells if FINDING_ID.fullmatch(c)] if clause.row else []
                        matches = [
                            m.group(0)
                            for m in FINDING_ID.finditer(clause.display)
                            if not own or m.group(0) in own
                        ]
                        if not own and (labelled := row_identifier(clause)):
                            # An ID of a shape the vocabulary does not know, in the table's ID
                            # column: the table's structure says it is this row's own.
                            own, matches = [labelled], [labelled]
                        for finding_id in matches[:1] if own else matches:
                            ids.add(finding_id)
                            facts.append(
                                make_fact(
                                    "finding",
                                    hit,
                                    clause.quote,
                                    clause.display,
                                    "agency",
                                    last_heading(hit),
                                    finding_id=finding_id,
                                    label=finding_id,
                                    # In prose the follow-up may be the next sentence.
                                    status=finding_status(
                                        clause.display
                                        if clause.row
                                        else _paragraph_account(hit.text, clause.quote, finding_id)
                                    ),
                                    repeated=finding_repeated(unit.display, finding_id),
                                )
                            )
                        continue
                    extra: dict[str, Any] = {}
                    count = row_count(unit.cells, unit.header) if unit.row else None
                    if count and kind in ("volume", "complaint"):
                        extra = {"counted": count.counted, "count": count.number, "part": count.part}
                    facts.append(
                        make_fact(
                            kind, hit, clause.quote, clause.display, "agency", last_heading(hit), **extra
                        )
                    )
    facts += [fact for _, fact in governing.values()]
    facts += _sole_procedure_limits(chunks, governing, others, {f.citation.quote for f in facts})
    # Follow-up notes in the records name a finding by its ID, not the department.
    for hit in (h for h in chunks if h.doc_type == "record"):
        for unit in split_units(hit.text, fine=False):
            named = {m.group(0) for m in FINDING_ID.finditer(unit.display)} | {
                i for i in ids if names_identifier(unit.display, i)
            }
            for finding_id in named & ids:
                facts.append(
                    make_fact(
                        "finding",
                        hit,
                        unit.quote,
                        unit.display,
                        "agency",
                        last_heading(hit),
                        finding_id=finding_id,
                        label=finding_id,
                        status=status_of_one(unit.display, finding_id, len(named)),
                        repeated=finding_repeated(unit.display, finding_id),
                    )
                )
    return facts
