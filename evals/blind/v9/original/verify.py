"""Check blind corpus v9: every quote and every must_contain string against text extracted back from the files.

    python original/verify.py [--pypdf /path/to/python-with-pypdf]

Extraction: python-docx (paragraphs and table cells), openpyxl (every cell of every sheet), pdfplumber
(and pypdf in a second interpreter when given), GBK decode for .txt, tag strip + unescape for .html.
The scanned PDF must have no text layer; its facts are checked against build_docs.SCANNED_TEXT.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pdfplumber
from docx import Document
from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(HERE))
from build_docs import SCANNED_TEXT  # noqa: E402

FACT_KINDS = {"volume", "time_limit", "finding", "change", "risk", "staff", "objective", "grassroots",
              "procedure", "complaint", "record"}
Q_KINDS = {"fact", "near_miss", "open_items", "unanswerable", "off_topic"}
STATUSES = {None, "open", "closed", "repeat", "corrected_not_verified"}
PAIRS = {"zh", "en", "zh->en", "en->zh"}

PYPDF_SNIPPET = "import sys, pypdf; r = pypdf.PdfReader(sys.argv[1]); print('\\n'.join((p.extract_text() or '') for p in r.pages))"


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def xlsx_text(path: Path) -> str:
    wb = load_workbook(str(path))
    parts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            parts.append("\t".join("" if v is None else str(v) for v in row))
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    with pdfplumber.open(str(path)) as pdf:
        return "\n".join((p.extract_text() or "") for p in pdf.pages)


def html_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
    return html.unescape(re.sub(r"<[^>]+>", "\n", raw))


def gbk_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
        raise SystemExit(f"{path} decodes as UTF-8; it must be GBK")
    except UnicodeDecodeError:
        pass
    return data.decode("gbk")


def extract(path: Path) -> str:
    suffix = path.suffix.lower()
    return {".docx": docx_text, ".xlsx": xlsx_text, ".pdf": pdf_text, ".html": html_text,
            ".txt": gbk_text}[suffix](path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pypdf", help="a python interpreter that has pypdf, for a second PDF extraction")
    args = ap.parse_args()
    errors: list[str] = []

    texts: dict[str, str] = {}
    second: dict[str, str] = {}
    for f in sorted(DOCS.rglob("*")):
        if not f.is_file():
            continue
        rel = f.relative_to(DOCS).as_posix()
        texts[rel] = extract(f)
        head = f.read_bytes()[:8]
        if head.startswith(b"---"):
            errors.append(f"{rel}: starts with front matter")
        if f.suffix == ".pdf" and args.pypdf:
            out = subprocess.run([args.pypdf, "-c", PYPDF_SNIPPET, str(f)], capture_output=True, text=True,
                                 check=True)
            second[rel] = out.stdout
    scanned = [r for r in texts if "扫描件" in r]
    for r in scanned:
        if texts[r].strip() or second.get(r, "").strip():
            errors.append(f"{r}: scanned PDF has a text layer")
        texts[r] = SCANNED_TEXT
        second.pop(r, None)
    for r, t in texts.items():
        if r.endswith(".pdf") and r not in scanned and not t.strip():
            errors.append(f"{r}: no text layer")

    facts = [json.loads(l) for l in (ROOT / "facts.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    questions = [json.loads(l) for l in (ROOT / "questions.jsonl").read_text(encoding="utf-8").splitlines()
                 if l.strip()]
    departments = json.loads((ROOT / "departments.json").read_text(encoding="utf-8"))
    titles = json.loads((ROOT / "titles.json").read_text(encoding="utf-8"))
    dept_names = {d["name"] for d in departments}

    for d in departments:
        for p in d["files"]:
            if not (ROOT / p).is_file():
                errors.append(f"departments.json: missing {p}")
    for p in titles:
        if not (ROOT / p).is_file():
            errors.append(f"titles.json: missing {p}")
    if set(titles) != {"docs/" + r for r in texts}:
        errors.append("titles.json does not list exactly the files in docs/")

    for fct in facts:
        fid = fct["id"]
        if fct["kind"] not in FACT_KINDS:
            errors.append(f"{fid}: kind {fct['kind']}")
        if fct["status"] not in STATUSES:
            errors.append(f"{fid}: status {fct['status']}")
        if fct["department"] not in dept_names:
            errors.append(f"{fid}: department {fct['department']}")
        if fct["kind"] == "finding" and not (fct["status"] and fct["finding_id"] and fct["about_department"]):
            errors.append(f"{fid}: finding lacks status/finding_id/about_department")
        if fct["file"] not in texts:
            errors.append(f"{fid}: no file {fct['file']}")
            continue
        if fct["quote"] not in texts[fct["file"]]:
            errors.append(f"{fid}: quote not found in {fct['file']}: {fct['quote']}")
        if fct["file"] in second and fct["quote"] not in second[fct["file"]]:
            errors.append(f"{fid}: quote not found by pypdf in {fct['file']}: {fct['quote']}")
        if bool(fct.get("scanned")) != (fct["file"] in scanned):
            errors.append(f"{fid}: scanned flag wrong")
        if fct["finding_id"] and fct["finding_id"] not in texts[fct["file"]]:
            errors.append(f"{fid}: finding id not in file")
        pop = fct["population"]
        if pop is not None and not (isinstance(pop["count"], int) and pop["what"]):
            errors.append(f"{fid}: bad population")

    for qq in questions:
        qid = qq["id"]
        if qq["kind"] not in Q_KINDS or qq["pair"] not in PAIRS:
            errors.append(f"{qid}: kind/pair")
        if qq["lang"] != qq["pair"].split("->")[0]:
            errors.append(f"{qid}: lang does not match pair")
        if qq["department"] is not None and qq["department"] not in dept_names:
            errors.append(f"{qid}: department {qq['department']}")
        if qq["answerable"]:
            text = texts.get(qq["file"])
            if text is None:
                errors.append(f"{qid}: no file {qq['file']}")
                continue
            doc_lang = "en" if qq["file"].split("/")[-1].isascii() else "zh"
            if qq["pair"].split("->")[-1] != doc_lang:
                errors.append(f"{qid}: pair {qq['pair']} but document is {doc_lang}")
            if not qq["must_contain"]:
                errors.append(f"{qid}: answerable without must_contain")
            for s in qq["must_contain"]:
                if s not in text:
                    errors.append(f"{qid}: must_contain {s!r} not in {qq['file']}")
                if qq["file"] in second and s not in second[qq["file"]]:
                    errors.append(f"{qid}: must_contain {s!r} not found by pypdf")
        elif qq["file"] is not None or qq["must_contain"]:
            errors.append(f"{qid}: unanswerable with file/must_contain")

    # the English-only department must have no Chinese name anywhere in docs
    for d in departments:
        if d["language"] == "en":
            for alias in d["aliases"]:
                if not alias.isascii():
                    for r, t in texts.items():
                        if alias in t:
                            errors.append(f"{r}: contains the Chinese alias {alias} of {d['name']}")

    print("facts", len(facts), dict(Counter(f["kind"] for f in facts)))
    print("fact status", dict(Counter(f["status"] for f in facts if f["status"])))
    print("facts by department", dict(Counter(f["department"] for f in facts)))
    print("questions", len(questions), dict(Counter(q["kind"] for q in questions)))
    print("question pairs", dict(Counter(q["pair"] for q in questions)))
    print("unanswerable near-misses", sum(1 for q in questions if q["kind"] in ("near_miss", "unanswerable")))
    print("pypdf checked" if second else "pypdf not used")
    if errors:
        print("\n".join(errors))
        raise SystemExit(1)
    print("OK")


if __name__ == "__main__":
    main()
