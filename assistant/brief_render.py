"""Render an audit brief for people: Markdown, a printable DOCX (python-docx), or the terminal (rich).

All three show the same parts in the same order — profile, risks and traps, opening meeting,
interview questions, sampling priorities — and number the passages they cite, with a Sources
list at the end that gives each quote verbatim. The DOCX leaves writing space after every
question and puts the sampling priorities in a table an auditor can tick off.

Usage::

    text = render_markdown(brief)
    render_docx(brief, Path("brief.docx"))
    render_terminal(brief, Console())
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from assistant.audit_model import AuditModel, fill, load_audit_model
from assistant.citations import Citation
from assistant.departments import KINDS
from assistant.planner import AuditBrief, Question, display_name

_NOTE_LINES = 3


class _Sources:
    """Numbers citations in order of first appearance."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, str], int] = {}
        self.items: list[Citation] = []

    def refs(self, citations: Iterable[Citation]) -> str:
        numbers = []
        for citation in citations:
            key = (citation.chunk_id, citation.quote)
            if key not in self.numbers:
                self.items.append(citation)
                self.numbers[key] = len(self.items)
            numbers.append(self.numbers[key])
        return "".join(f"[{n}]" for n in sorted(set(numbers)))


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
    return fill(template, "sections.title", {"department": display_name(brief.profile, brief.language)})


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
    first = questions[0]
    return f"{first.element_name} ({labels.field('clause')} {first.clause} · {first.pdca})"


def _fact_text(fact: Any) -> str:
    # A procedure is known by its title; the quoted passage shows it concerns this department.
    return f"《{fact.label}》 {fact.text}" if fact.kind == "procedure" and fact.label else fact.text


def _fact_status(fact: Any, labels: _Labels) -> str:
    if fact.kind != "finding":
        return ""
    return f" ({labels.model.label('status', fact.status or 'unknown', labels.language)})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(brief: AuditBrief) -> str:
    """The brief as a Markdown document."""
    labels = _Labels(load_audit_model(), brief.language)
    sources = _Sources()
    sep = labels.colon()
    out: list[str] = [f"# {_title(brief, labels)}", "", f"_{labels.field('generated')}_", ""]

    profile = brief.profile
    out += [f"## {labels.section('profile')}", ""]
    if profile.head:
        out.append(
            f"- **{labels.field('head')}**{sep}{profile.head} {sources.refs([profile.head_citation])}"
            if profile.head_citation
            else f"- **{labels.field('head')}**{sep}{profile.head}"
        )
    if profile.leader and profile.leader_citation:
        out.append(
            f"- **{labels.field('leader')}**{sep}{profile.leader} {sources.refs([profile.leader_citation])}"
        )
    titles = "; ".join(d["title"] for d in profile.documents)
    out += [f"- **{labels.field('documents')}**{sep}{titles}", ""]
    for kind in KINDS:
        facts = profile.of_kind(kind)
        if not facts:
            continue
        out += [f"### {labels.kind(kind)}", ""]
        out += [f"- {_fact_text(f)}{_fact_status(f, labels)} {sources.refs(f.citations())}" for f in facts]
        out.append("")

    out += [f"## {labels.section('risks')}", ""]
    department_risks = [r for r in brief.risks if r.kind == "department"]
    if department_risks:
        out += [f"### {labels.section('department_risks')}", ""]
        out += [f"- {r.text} {sources.refs(r.citations)}" for r in department_risks]
        out.append("")
    out += [f"### {labels.section('traps')}", ""]
    for risk in (r for r in brief.risks if r.kind == "trap"):
        out.append(f"- **{risk.title}**{sep}{risk.text} {sources.refs(risk.citations)}")
        out.append(f"  - {labels.field('watch')}{sep}{risk.watch}")
    out.append("")

    opening = brief.opening
    out += [f"## {labels.section('opening')}", "", f"### {labels.section('agenda')}", ""]
    for n, item in enumerate(opening.agenda, 1):
        out.append(f"{n}. **{item.title}**{sep}{item.detail} {sources.refs(item.citations)}".rstrip())
    out += ["", f"### {labels.section('script')}", ""]
    out += [line for paragraph in opening.script.split("\n\n") for line in (f"> {paragraph}", ">")][:-1]
    out += ["", f"### {labels.section('notes')}", ""]
    out += [f"- {note.text} {sources.refs(note.citations)}".rstrip() for note in opening.notes]
    out.append("")

    out += [f"## {labels.section('questions')}", ""]
    number = 0
    for element_id, questions in _question_groups(brief):
        if not questions:
            continue
        if element_id == "first":
            out += [f"### {labels.section('start_here')}", ""]
        else:
            q = questions[0]
            out += [f"### {q.element_name} ({labels.field('clause')} {q.clause} · {q.pdca})", ""]
        for question in questions:
            number += 1
            tag = f"**{labels.field('follow_up')}** " if question.follow_up else ""
            out.append(f"{number}. {tag}{question.text} {sources.refs(question.citations)}")
            out.append(f"   - {labels.field('purpose')}{sep}{question.purpose}")
            out.append(f"   - {labels.field('evidence')}{sep}{'; '.join(question.evidence)}")
            out.append(
                f"   - {labels.field('clause')} {question.clause} · {labels.field('pdca')} {question.pdca}"
            )
        out.append("")

    out += [f"## {labels.section('sampling')}", ""]
    header = ("rank", "item", "reasons", "size", "method", "pdca", "sources")
    out.append("| " + " | ".join(labels.field(h) for h in header) + " |")
    out.append("|" + "---|" * len(header))
    for n, item in enumerate(brief.sampling, 1):
        reasons = "<br>".join(_cell(r) for r in item.reasons)
        method = labels.model.label("methods", item.method_kind, brief.language)
        out.append(
            f"| {n} | {_cell(item.item)} ({_cell(item.period)}) | {reasons} | {item.sample_size} | "
            f"{method}: {_cell(item.method)} | {item.pdca} | {sources.refs(item.citations)} |"
        )
    out += ["", f"**{labels.section('coverage')}**{sep}{brief.pdca_coverage['statement']}", ""]

    if brief.uncovered:
        out += [f"## {labels.section('uncovered')}", ""]
        out += [f"- {u['name']}" for u in brief.uncovered]
        out.append("")

    out += [f"## {labels.section('sources')}", ""]
    for n, citation in enumerate(sources.items, 1):
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
    sources = _Sources()
    sep = labels.colon()
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    # Chinese text needs an East Asian font, or Word falls back to one that may lack glyphs.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    doc.add_heading(_title(brief, labels), level=0)
    doc.add_paragraph().add_run(labels.field("generated")).italic = True

    profile = brief.profile
    doc.add_heading(labels.section("profile"), level=1)
    if profile.head:
        refs = sources.refs([profile.head_citation]) if profile.head_citation else ""
        doc.add_paragraph(f"{labels.field('head')}{sep}{profile.head} {refs}".rstrip())
    if profile.leader and profile.leader_citation:
        doc.add_paragraph(
            f"{labels.field('leader')}{sep}{profile.leader} {sources.refs([profile.leader_citation])}"
        )
    for kind in KINDS:
        facts = profile.of_kind(kind)
        if not facts:
            continue
        doc.add_heading(labels.kind(kind), level=2)
        for fact in facts:
            doc.add_paragraph(
                f"{_fact_text(fact)}{_fact_status(fact, labels)} {sources.refs(fact.citations())}",
                style="List Bullet",
            )

    doc.add_heading(labels.section("risks"), level=1)
    for risk in brief.risks:
        title = risk.title if risk.kind == "trap" else labels.section("department_risks")
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{title}{sep}").bold = True
        paragraph.add_run(f"{risk.text} {sources.refs(risk.citations)}")
        if risk.watch:
            doc.add_paragraph(f"{labels.field('watch')}{sep}{risk.watch}", style="List Bullet 2")

    opening = brief.opening
    doc.add_heading(labels.section("opening"), level=1)
    doc.add_heading(labels.section("agenda"), level=2)
    for item in opening.agenda:
        paragraph = doc.add_paragraph(style="List Number")
        paragraph.add_run(f"{item.title}{sep}").bold = True
        paragraph.add_run(f"{item.detail} {sources.refs(item.citations)}".rstrip())
    doc.add_heading(labels.section("script"), level=2)
    for text in opening.script.split("\n\n"):
        doc.add_paragraph(text, style="Quote")
    doc.add_heading(labels.section("notes"), level=2)
    for note in opening.notes:
        doc.add_paragraph(f"{note.text} {sources.refs(note.citations)}".rstrip(), style="List Bullet")

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
            paragraph.add_run(f"{question.text} {sources.refs(question.citations)}")
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

    doc.add_heading(labels.section("sampling"), level=1)
    header = ("rank", "item", "reasons", "size", "method", "pdca", "sources")
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, header, strict=True):
        cell.text = labels.field(key)
    for n, item in enumerate(brief.sampling, 1):
        method = labels.model.label("methods", item.method_kind, brief.language)
        values = (
            str(n),
            f"{item.item} ({item.period})",
            "\n".join(item.reasons),
            str(item.sample_size),
            f"{method}: {item.method}",
            item.pdca,
            sources.refs(item.citations),
        )
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    doc.add_paragraph(f"{labels.section('coverage')}{sep}{brief.pdca_coverage['statement']}")

    if brief.uncovered:
        doc.add_heading(labels.section("uncovered"), level=1)
        for element in brief.uncovered:
            doc.add_paragraph(element["name"], style="List Bullet")

    doc.add_heading(labels.section("sources"), level=1)
    for n, citation in enumerate(sources.items, 1):
        where = f" › {citation.heading_path}" if citation.heading_path else ""
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(f"[{n}] {citation.title}{where} — “{citation.quote}” ({citation.doc_id})")
        run.font.size = Pt(8.5)
    path = Path(path)
    doc.save(str(path))
    return path


def render_terminal(brief: AuditBrief, console: Any) -> None:
    """Print the brief to a rich ``Console`` (plain text inside panels: no markup is parsed)."""
    from rich.panel import Panel
    from rich.text import Text

    labels = _Labels(load_audit_model(), brief.language)
    sources = _Sources()
    sep = labels.colon()

    def show(renderable: Any) -> None:
        # The CLI's console soft-wraps (crops) by default; a brief must wrap inside its panels.
        console.print(renderable, soft_wrap=False)

    show(Panel(Text(_title(brief, labels), style="bold"), subtitle=labels.field("generated")))
    profile = brief.profile
    body = Text()
    if profile.head:
        body.append(f"{labels.field('head')}{sep}", style="bold")
        body.append(f"{profile.head}\n")
    if profile.leader:
        body.append(f"{labels.field('leader')}{sep}", style="bold")
        body.append(f"{profile.leader}\n")
    for kind in KINDS:
        facts = profile.of_kind(kind)
        if facts:
            body.append(f"{labels.kind(kind)}\n", style="bold")
            for fact in facts:
                body.append(
                    f"  • {_fact_text(fact)}{_fact_status(fact, labels)} {sources.refs(fact.citations())}\n"
                )
    body.rstrip()
    show(Panel(body, title=labels.section("profile")))
    risks = "\n".join(
        f"• {r.title + sep if r.kind == 'trap' else ''}{r.text} {sources.refs(r.citations)}"
        for r in brief.risks
    )
    show(Panel(Text(risks), title=labels.section("risks")))
    opening = brief.opening
    agenda = "\n".join(
        f"{n}. {a.title}{sep}{a.detail} {sources.refs(a.citations)}".rstrip()
        for n, a in enumerate(opening.agenda, 1)
    )
    show(Panel(Text(agenda), title=f"{labels.section('opening')} · {labels.section('agenda')}"))
    show(Panel(Text(opening.script), title=labels.section("script")))
    show(
        Panel(
            Text("\n".join(f"• {n.text} {sources.refs(n.citations)}".rstrip() for n in opening.notes)),
            title=labels.section("notes"),
        )
    )
    console.rule(labels.section("questions"))
    number = 0
    for element_id, questions in _question_groups(brief):
        if not questions:
            continue
        title = (
            labels.section("start_here")
            if element_id == "first"
            else f"{questions[0].element_name} ({questions[0].clause} · {questions[0].pdca})"
        )
        body = Text()
        for question in questions:
            number += 1
            tag = f"{labels.field('follow_up')} " if question.follow_up else ""
            body.append(f"{number}. ", style="bold")
            body.append(f"{tag}{question.text} {sources.refs(question.citations)}\n")
            body.append(
                f"   {labels.field('purpose')}{sep}{question.purpose}\n"
                f"   {labels.field('evidence')}{sep}{'; '.join(question.evidence)}\n",
                style="dim",
            )
        body.rstrip()
        show(Panel(body, title=title))
    rows = Text()
    for n, item in enumerate(brief.sampling, 1):
        method = labels.model.label("methods", item.method_kind, brief.language)
        rows.append(f"{n}. {item.item} ({item.period}) {sources.refs(item.citations)}\n", style="bold")
        rows.append(
            f"   {labels.field('size')}{sep}{item.sample_size} · {method} · PDCA {item.pdca} · "
            f"{labels.field('score')} {item.score:g}\n"
        )
        for reason in item.reasons:
            rows.append(f"   - {reason}\n", style="dim")
        rows.append(f"   {item.method}\n")
    rows.rstrip()
    show(Panel(rows, title=labels.section("sampling")))
    show(Text(f"{labels.section('coverage')}{sep}{brief.pdca_coverage['statement']}"))
    if brief.uncovered:
        show(Text(f"{labels.section('uncovered')}{sep}" + ", ".join(u["name"] for u in brief.uncovered)))
    listing = "\n".join(f"[{n}] {c.title} — “{c.quote}”" for n, c in enumerate(sources.items, 1))
    show(Panel(Text(listing), title=labels.section("sources")))
