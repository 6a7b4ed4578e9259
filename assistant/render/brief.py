"""Render an audit brief for people: Markdown (also what the terminal shows, through
``rich.Markdown``) or a printable DOCX (python-docx).

Both show the same parts in the same order — profile, risks and traps, opening meeting,
interview questions, sampling priorities — and number the passages they cite, with a Sources
list at the end that gives each quote verbatim. The DOCX leaves writing space after every
question and puts the sampling priorities in a table an auditor can tick off.

Usage::

    text = render_markdown(brief)
    render_docx(brief, Path("brief.docx"))
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assistant.facts.profile import KINDS
from assistant.planner.audit_model import AuditModel, load_audit_model
from assistant.planner.brief import AuditBrief, Question
from assistant.planner.context import display_name
from assistant.planner.quoting import quote_original
from assistant.retrieval.citations import CitationNumbers
from assistant.templates import fill

_NOTE_LINES = 3


class _Labels:
    def __init__(self, model: AuditModel, language: str) -> None:
        self.model, self.language = model, language

    def section(self, key: str) -> str:
        return self.model.label("sections", key, self.language)

    def field(self, key: str) -> str:
        return self.model.label("fields", key, self.language)

    def kind(self, key: str) -> str:
        return self.model.label("kinds", key, self.language)

    def colon(self) -> str:
        return "：" if self.language == "zh" else ": "


def _title(brief: AuditBrief, labels: _Labels) -> str:
    template = labels.section("title")
    name = brief.display_name or display_name(brief.profile, brief.language)
    return fill(template, "sections.title", {"department": name})


def _original(text: str, language: str) -> str:
    """``text`` marked as an original when it is not in the brief's language."""
    return quote_original(text, language)


def _summary_groups(brief: AuditBrief) -> list[tuple[str, list[Any]]]:
    groups: dict[str, list[Any]] = {}
    for line in brief.summary:
        groups.setdefault(line.kind, []).append(line)
    return list(groups.items())


def _question_groups(brief: AuditBrief) -> list[tuple[str, list[Question]]]:
    """("first", questions asked first), then one group per trail element, in trail order."""
    groups: list[tuple[str, list[Question]]] = [("first", [q for q in brief.questions if q.first])]
    order: list[str] = []
    for question in brief.questions:
        if not question.first and question.element not in order:
            order.append(question.element)
    groups += [(e, [q for q in brief.questions if q.element == e and not q.first]) for e in order]
    return groups


def _group_heading(element_id: str, questions: list[Question], labels: _Labels) -> str:
    if element_id == "first":
        return labels.section("start_here")
    # The heading names the element's own clause, not that of its first question.
    element = labels.model.element(element_id)
    name = labels.model.element(element_id).name.get(labels.language, questions[0].element_name)
    return f"{name} ({labels.field('clause')} {element.clause} · {element.pdca})"


def size_text(sample: Any, labels: _Labels) -> str:
    """The sample size cell: the number with its population, or the method's name when the rule
    sets no number (a judgement sample)."""
    if sample.sample_size is None:
        return labels.model.label("methods", sample.method_kind, labels.language)
    if sample.population:
        return f"{sample.sample_size} / {sample.population:,}"
    return str(sample.sample_size)


def _fact_text(fact: Any) -> str:
    # A procedure is known by its title; the quoted passage shows it concerns this department.
    if hasattr(fact, "label") and fact.kind == "procedure" and fact.label and fact.label not in fact.text:
        return f"《{fact.label}》 {fact.text}"
    return str(fact.text)


def _profile_groups(brief: AuditBrief) -> list[tuple[str, list[Any]]]:
    """The concise profile (each fact once, ranked) when the planner built one, else every fact."""
    if brief.summary:
        return _summary_groups(brief)
    return [(kind, brief.profile.of_kind(kind)) for kind in KINDS if brief.profile.of_kind(kind)]


def _fact_status(fact: Any, labels: _Labels) -> str:
    if not fact.kind.endswith("finding"):
        return ""
    status = labels.model.label("status", fact.status or "unknown", labels.language)
    # The passage may state the status itself ("…，未关闭。"): saying it twice reads as a glitch.
    # Compared without punctuation: "已纠正，待验证" states "已纠正、待验证".
    bare_status, bare_text = (re.sub(r"[^\w ]+", "", t) for t in (status, fact.text))
    stated = re.search(rf"(?<![A-Za-z]){re.escape(bare_status)}(?![A-Za-z])", bare_text, re.I)
    return "" if stated else f" ({status})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(brief: AuditBrief) -> str:
    """The brief as a Markdown document."""
    labels = _Labels(load_audit_model(), brief.language)
    sources = CitationNumbers()
    sep = labels.colon()
    out: list[str] = [f"# {_title(brief, labels)}", "", f"_{labels.field('generated')}_", ""]

    profile = brief.profile
    head, leader = brief.head or profile.head, brief.leader or profile.leader
    out += [f"## {labels.section('profile')}", ""]
    if head:
        out.append(
            f"- **{labels.field('head')}**{sep}{head} {sources.marks([profile.head_citation])}"
            if profile.head_citation
            else f"- **{labels.field('head')}**{sep}{head}"
        )
    if leader and profile.leader_citation:
        out.append(f"- **{labels.field('leader')}**{sep}{leader} {sources.marks([profile.leader_citation])}")
    # A department only the agency's records name has no document of its own: say so, so that
    # the reader knows the brief rests on the records alone.
    titles = "; ".join(_original(d["title"], brief.language) for d in profile.documents) or labels.field(
        "records_only"
    )
    out += [f"- **{labels.field('documents')}**{sep}{titles}", ""]
    for kind, lines in _profile_groups(brief):
        out += [f"### {labels.kind(kind)}", ""]
        out += [f"- {_fact_text(f)}{_fact_status(f, labels)} {sources.marks(f.citations())}" for f in lines]
        out.append("")

    department_risks = [r for r in brief.risks if r.kind == "department"]
    traps = [r for r in brief.risks if r.kind == "trap"]
    if department_risks or traps:
        out += [f"## {labels.section('risks')}", ""]
    if department_risks:
        out += [f"### {labels.section('department_risks')}", ""]
        out += [f"- {r.text} {sources.marks(r.citations)}" for r in department_risks]
        out.append("")
    if traps:  # a heading with nothing under it reads as a fault in the brief
        out += [f"### {labels.section('traps')}", ""]
        for risk in traps:
            out.append(f"- **{risk.title}**{sep}{risk.text} {sources.marks(risk.citations)}")
            out.append(f"  - {labels.field('watch')}{sep}{risk.watch}")
        out.append("")

    opening = brief.opening
    out += [f"## {labels.section('opening')}", "", f"### {labels.section('agenda')}", ""]
    for n, item in enumerate(opening.agenda, 1):
        out.append(f"{n}. **{item.title}**{sep}{item.detail} {sources.marks(item.citations)}".rstrip())
    out += ["", f"### {labels.section('script')}", ""]
    out += [line for paragraph in opening.script.split("\n\n") for line in (f"> {paragraph}", ">")][:-1]
    out += ["", f"### {labels.section('notes')}", ""]
    out += [f"- {note.text} {sources.marks(note.citations)}".rstrip() for note in opening.notes]
    out.append("")

    out += [f"## {labels.section('questions')}", ""]
    number = 0
    for element_id, questions in _question_groups(brief):
        if not questions:
            continue
        out += [f"### {_group_heading(element_id, questions, labels)}", ""]
        for question in questions:
            number += 1
            tag = f"**{labels.field('follow_up')}** " if question.follow_up else ""
            out.append(f"{number}. {tag}{question.text} {sources.marks(question.citations)}")
            out.append(f"   - {labels.field('purpose')}{sep}{question.purpose}")
            out.append(f"   - {labels.field('evidence')}{sep}{'; '.join(question.evidence)}")
            out.append(
                f"   - {labels.field('clause')} {question.clause} · {labels.field('pdca')} {question.pdca}"
            )
        out.append("")

    if brief.trail:
        out += [f"## {labels.section('trail')}", ""]
        for step in brief.trail:
            out.append(f"- {step.problem} {sources.marks(step.citations)}")
            out.append(f"  - {step.visit}")
        out.append("")

    out += [f"## {labels.section('sampling')}", ""]
    header = ("rank", "item", "reasons", "size", "method", "pdca", "sources")
    out.append("| " + " | ".join(labels.field(h) for h in header) + " |")
    out.append("|" + "---|" * len(header))
    for n, sample in enumerate(brief.sampling, 1):
        reasons = "<br>".join(_cell(r) for r in sample.reasons)
        size = size_text(sample, labels)
        out.append(
            f"| {n} | {_cell(sample.item)} ({_cell(sample.period)}) | {reasons} | {size} | "
            f"{_cell(sample.method)} | {sample.pdca} | {sources.marks(sample.citations)} |"
        )
    out += ["", f"**{labels.section('coverage')}**{sep}{brief.pdca_coverage['statement']}", ""]

    if brief.uncovered:
        out += [f"## {labels.section('uncovered')}", ""]
        out += [f"- {u['name']}" for u in brief.uncovered]
        out.append("")

    out += [f"## {labels.section('sources')}", ""]
    for n, citation in enumerate(sources.citations, 1):
        where = f" › {citation.heading_path}" if citation.heading_path else ""
        out.append(
            f"{n}. {citation.title}{where} — “{citation.quote}” (`{citation.doc_id}` · `{citation.chunk_id}`)"
        )
    return "\n".join(out).rstrip() + "\n"


def render_docx(brief: AuditBrief, path: Path) -> Path:
    """Write the brief as a printable Word document at ``path`` and return the path."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    labels = _Labels(load_audit_model(), brief.language)
    sources = CitationNumbers()
    sep = labels.colon()
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    # Chinese text needs an East Asian font, or Word falls back to one that may lack glyphs.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    doc.add_heading(_title(brief, labels), level=0)
    doc.add_paragraph().add_run(labels.field("generated")).italic = True

    profile = brief.profile
    head, leader = brief.head or profile.head, brief.leader or profile.leader
    doc.add_heading(labels.section("profile"), level=1)
    if head:
        refs = sources.marks([profile.head_citation]) if profile.head_citation else ""
        doc.add_paragraph(f"{labels.field('head')}{sep}{head} {refs}".rstrip())
    if leader and profile.leader_citation:
        doc.add_paragraph(f"{labels.field('leader')}{sep}{leader} {sources.marks([profile.leader_citation])}")
    for kind, lines in _profile_groups(brief):
        doc.add_heading(labels.kind(kind), level=2)
        for fact in lines:
            doc.add_paragraph(
                f"{_fact_text(fact)}{_fact_status(fact, labels)} {sources.marks(fact.citations())}",
                style="List Bullet",
            )

    if brief.risks:  # as in Markdown: no heading with nothing under it
        doc.add_heading(labels.section("risks"), level=1)
    for risk in brief.risks:
        title = risk.title if risk.kind == "trap" else labels.section("department_risks")
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{title}{sep}").bold = True
        paragraph.add_run(f"{risk.text} {sources.marks(risk.citations)}")
        if risk.watch:
            doc.add_paragraph(f"{labels.field('watch')}{sep}{risk.watch}", style="List Bullet 2")

    opening = brief.opening
    doc.add_heading(labels.section("opening"), level=1)
    doc.add_heading(labels.section("agenda"), level=2)
    for item in opening.agenda:
        paragraph = doc.add_paragraph(style="List Number")
        paragraph.add_run(f"{item.title}{sep}").bold = True
        paragraph.add_run(f"{item.detail} {sources.marks(item.citations)}".rstrip())
    doc.add_heading(labels.section("script"), level=2)
    for text in opening.script.split("\n\n"):
        doc.add_paragraph(text, style="Quote")
    doc.add_heading(labels.section("notes"), level=2)
    for note in opening.notes:
        doc.add_paragraph(f"{note.text} {sources.marks(note.citations)}".rstrip(), style="List Bullet")

    doc.add_heading(labels.section("questions"), level=1)
    number = 0
    for element_id, questions in _question_groups(brief):
        if not questions:
            continue
        doc.add_heading(_group_heading(element_id, questions, labels), level=2)
        for question in questions:
            number += 1
            paragraph = doc.add_paragraph()
            paragraph.add_run(f"{number}. ").bold = True
            if question.follow_up:
                paragraph.add_run(f"{labels.field('follow_up')} ").bold = True
            paragraph.add_run(f"{question.text} {sources.marks(question.citations)}")
            detail = doc.add_paragraph()
            detail.add_run(f"{labels.field('purpose')}{sep}").italic = True
            detail.add_run(question.purpose)
            detail.add_run(f"\n{labels.field('evidence')}{sep}").italic = True
            detail.add_run("; ".join(question.evidence))
            detail.add_run(
                f"\n{labels.field('clause')} {question.clause} · {labels.field('pdca')} {question.pdca}"
            )
            doc.add_paragraph(f"{labels.field('notes')}{sep}")
            for _ in range(_NOTE_LINES):
                doc.add_paragraph("_" * 60)

    if brief.trail:
        doc.add_heading(labels.section("trail"), level=1)
        for step in brief.trail:
            doc.add_paragraph(f"{step.problem} {sources.marks(step.citations)}", style="List Bullet")
            doc.add_paragraph(step.visit, style="List Bullet 2")

    doc.add_heading(labels.section("sampling"), level=1)
    header = ("rank", "item", "reasons", "size", "method", "pdca", "sources")
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, header, strict=True):
        cell.text = labels.field(key)
    for n, sample in enumerate(brief.sampling, 1):
        values = (
            str(n),
            f"{sample.item} ({sample.period})",
            "\n".join(sample.reasons),
            size_text(sample, labels),
            sample.method,
            sample.pdca,
            sources.marks(sample.citations),
        )
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    doc.add_paragraph(f"{labels.section('coverage')}{sep}{brief.pdca_coverage['statement']}")

    if brief.uncovered:
        doc.add_heading(labels.section("uncovered"), level=1)
        for element in brief.uncovered:
            doc.add_paragraph(element["name"], style="List Bullet")

    doc.add_heading(labels.section("sources"), level=1)
    for n, citation in enumerate(sources.citations, 1):
        where = f" › {citation.heading_path}" if citation.heading_path else ""
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(f"[{n}] {citation.title}{where} — “{citation.quote}” ({citation.doc_id})")
        run.font.size = Pt(8.5)
    path = Path(path)
    doc.save(str(path))
    return path
