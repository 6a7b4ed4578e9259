"""Checks corpus v11: every fact quote is verbatim in its file, every answerable question's
must_contain strings are in its file, and cross-language answers are not also in the other language.

Needs python-docx, openpyxl and pypdf (run in a private virtualenv).
"""

from __future__ import annotations

import ast
import html
import json
import re
import sys
from pathlib import Path

import docx
import openpyxl
import pypdf

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOCS = ROOT / "docs"


def scanned_text() -> str:
    tree = ast.parse((HERE / "make_docs.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "NOTICE_LINES":
            return "\n".join(t for _, t in ast.literal_eval(node.value))
    raise SystemExit("NOTICE_LINES not found")


def extract(path: Path) -> str:
    suf = path.suffix.lower()
    if suf == ".docx":
        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        for t in d.tables:
            for r in t.rows:
                parts.extend(c.text for c in r.cells)
        return "\n".join(parts)
    if suf == ".xlsx":
        wb = openpyxl.load_workbook(path)
        return "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    if suf == ".pdf":
        text = "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages)
        return text if text.strip() else ""
    if suf == ".txt":
        raw = path.read_bytes()
        try:
            raw.decode("utf-8")
            raise SystemExit(f"{path} decodes as UTF-8; it should be GBK only")
        except UnicodeDecodeError:
            pass
        return raw.decode("gbk").replace("\r\n", "\n")
    if suf in (".html", ".htm"):
        s = path.read_text(encoding="utf-8")
        s = re.sub(r"<style.*?</style>", "", s, flags=re.S)
        return html.unescape(re.sub(r"<[^>]+>", "\n", s))
    raise SystemExit(f"unknown format {path}")


def main() -> int:
    texts = {str(p.relative_to(DOCS)): extract(p) for p in sorted(DOCS.rglob("*")) if p.is_file()}
    scan_key = next(k for k in texts if "扫描件" in k)
    assert texts[scan_key] == "", "scanned PDF must have no text layer"
    texts[scan_key] = scanned_text()
    depts = json.loads((ROOT / "departments.json").read_text(encoding="utf-8"))
    lang_of = {d["name"]: d["language"] for d in depts}
    titles = json.loads((ROOT / "titles.json").read_text(encoding="utf-8"))
    assert set(titles) == {f"docs/{k}" for k in texts}, "titles.json must list every document"
    en_files = {k for k in texts if k.endswith((".docx",)) and re.search(r"^[\x00-\x7f]*$", Path(k).name)}
    zh_files = set(texts) - en_files
    bad = 0
    for line in (ROOT / "facts.jsonl").read_text(encoding="utf-8").splitlines():
        f = json.loads(line)
        t = texts[f["file"]]
        if f["quote"] not in t:
            print("QUOTE MISSING", f["id"], f["file"], f["quote"])
            bad += 1
        if f.get("scanned") and f["file"] != scan_key:
            print("SCANNED FLAG WRONG", f["id"])
            bad += 1
    for line in (ROOT / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        qq = json.loads(line)
        if not qq["answerable"]:
            assert qq["file"] is None and qq["must_contain"] == []
            continue
        t = texts[qq["file"]]
        for m in qq["must_contain"]:
            if m not in t:
                print("ANSWER MISSING", qq["id"], qq["file"], m)
                bad += 1
        doc_lang = "en" if qq["file"] in en_files else "zh"
        want = {"zh": "zh", "en": "en", "zh->en": "en", "en->zh": "zh"}[qq["pair"]]
        if doc_lang != want:
            print("PAIR/LANG MISMATCH", qq["id"], qq["pair"], qq["file"])
            bad += 1
        if qq["pair"] in ("zh->en", "en->zh"):
            other = zh_files if qq["pair"] == "zh->en" else en_files
            distinctive = [m for m in qq["must_contain"] if len(m) >= 4]
            for m in distinctive:
                for k in other:
                    if m in texts[k]:
                        print("CROSS-LANGUAGE ANSWER ALSO IN OTHER LANGUAGE", qq["id"], m, k)
                        bad += 1
    print("files:", len(texts), "problems:", bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
