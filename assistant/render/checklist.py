"""The checklist (内审检查表) auditors carry into the room, as XLSX (openpyxl) or DOCX.

One row per item: the requirement and criterion (ISO 9001 clause, trail element, and the
department's governing procedures), the question, the evidence to ask for, blank cells for the
sample IDs drawn, a verdict (conforming / nonconforming / observation) and notes. Interview
questions come first, then one row per sampling item (its size and method stated), so the
verification of each open finding is on the sheet with the records it needs.

Usage::

    rows = checklist_rows(brief)
    render_checklist(brief, Path("checklist.xlsx"))
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.planner.audit_model import load_audit_model
from assistant.planner.brief import AuditBrief

COLUMNS = ("number", "criterion", "question", "evidence", "samples", "verdict", "notes")
_HEADERS = {
    "zh": (
        "序号",
        "要求和准则（条款、程序文件）",
        "审核问题",
        "需查看的证据",
        "抽取的样本编号",
        "结论（符合 / 不符合 / 观察项）",
        "记录",
    ),
    "en": (
        "#",
        "Requirement and criterion (clause, procedure)",
        "Question",
        "Evidence to request",
        "Sample IDs drawn",
        "Conforming / nonconforming / observation",
        "Notes",
    ),
}
_VERDICT = {"zh": "□符合  □不符合  □观察项", "en": "□ conforming  □ nonconforming  □ observation"}
_SAMPLE_PROMPT = {"zh": "抽样", "en": "Sample"}


@dataclass(frozen=True)
class ChecklistRow:
    number: int
    criterion: str
    question: str
    evidence: str
    samples: str
    verdict: str
    notes: str = ""

    def cells(self) -> tuple[str, ...]:
        return (
            str(self.number),
            self.criterion,
            self.question,
            self.evidence,
            self.samples,
            self.verdict,
            self.notes,
        )


def _procedures(brief: AuditBrief) -> list[str]:
    """The governing procedures named in the brief's language, the department's own first."""
    from assistant.facts.recognizers import language_of
    from assistant.planner.opening import ordered_procedures

    labels = [
        f.label
        for f in ordered_procedures(brief.profile)
        if f.label and language_of(f.label) == brief.language
    ]
    return list(dict.fromkeys(labels))[:2]


def checklist_rows(brief: AuditBrief) -> list[ChecklistRow]:
    """The rows of the checklist, in the order the brief asks and samples."""
    lang = brief.language
    model = load_audit_model()
    zh = lang == "zh"
    sep = "；" if zh else "; "
    standard = "GB/T 19001" if zh else "ISO 9001"
    procedures = sep.join(f"《{p}》" for p in _procedures(brief))
    rows: list[ChecklistRow] = []
    for question in brief.questions:
        criterion = f"{standard} {question.clause} {question.element_name}"
        if procedures:
            criterion += f"{sep}{procedures}"
        samples = "1. ____  2. ____  3. ____" if question.follow_up or question.fact_kind else ""
        rows.append(
            ChecklistRow(
                len(rows) + 1, criterion, question.text, sep.join(question.evidence), samples, _VERDICT[lang]
            )
        )
    for item in brief.sampling:
        element = {"finding": "nonconformity", "plan": "objectives", "objective": "statistics"}.get(
            item.kind, "document_handling"
        )
        clause = model.element(element).clause
        size = (
            f"{item.sample_size}" + (f" / {item.population:,}" if item.population else "")
            if item.sample_size is not None
            else ("判断抽样" if zh else "judgement")
        )
        rows.append(
            ChecklistRow(
                len(rows) + 1,
                f"{standard} {clause}{sep}{item.method}",
                f"{_SAMPLE_PROMPT[lang]}: {item.item} ({item.period})",
                item.frame,
                (f"（{size}）" if zh else f"({size}) ") + "____  ____  ____  ____",
                _VERDICT[lang],
            )
        )
    return rows


def render_checklist(brief: AuditBrief, path: Path) -> Path:
    """Write the checklist to ``path``: .xlsx (openpyxl) or .docx (python-docx).

    Raises:
        ValueError: ``path`` has another suffix.
    """
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx(brief, path)
    if suffix == ".docx":
        return _docx(brief, path)
    raise ValueError(f"checklist must be .xlsx or .docx, not {path.suffix!r}")


def _title(brief: AuditBrief) -> str:
    name = brief.display_name or brief.department
    return f"内审检查表：{name}" if brief.language == "zh" else f"Internal audit checklist: {name}"


def _xlsx(brief: AuditBrief, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "checklist"
    sheet.append([_title(brief)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(_HEADERS[brief.language]))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in checklist_rows(brief):
        sheet.append(list(row.cells()))
    widths = (6, 34, 60, 34, 24, 22, 30)
    for column, width in zip("ABCDEFG", widths, strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _docx(brief: AuditBrief, path: Path) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    section = doc.sections[0]
    # A seven-column table needs a landscape page.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    normal = doc.styles["Normal"]
    normal.font.size = Pt(9)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    doc.add_heading(_title(brief), level=0)
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, _HEADERS[brief.language], strict=True):
        cell.text = header
    for row in checklist_rows(brief):
        for cell, value in zip(table.add_row().cells, row.cells(), strict=True):
            cell.text = value
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
