"""Check blind corpus v12 against its truth files.

    /tmp/v12venv/bin/python original/verify.py        (from evals/blind/v12, or anywhere)

Checks: quotes verbatim in the extracted text of their files; must_contain strings of answerable
questions in their files; file language matches the question pair; cross-language must_contain
strings (>= 4 characters) absent from every document of the other language; English documents hold
no CJK text; the scanned PDF has no text layer; the TXT is GBK/GB18030 and not UTF-8; no front matter;
titles.json and departments.json cover the docs; the project's load_blind loads the folder.
"""
from __future__ import annotations

import collections
import json
import re
import subprocess
import sys
from pathlib import Path

sys.dont_write_bytecode = True
from pypdf import PdfReader  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOCS = ROOT / "docs"
PROJECT = ROOT.parents[2]  # /work/main
sys.path.insert(0, str(HERE))
from extract import extract, is_scanned  # noqa: E402

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
errors: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


def language(text: str) -> str:
    cjk = len(CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk > latin / 4 else "en"


def main() -> int:
    files = sorted(p for p in DOCS.rglob("*") if p.is_file())
    rel = {p.relative_to(DOCS).as_posix(): p for p in files}
    texts = {r: extract(p) for r, p in rel.items()}
    langs = {r: language(t) for r, t in texts.items()}

    # layout
    for r in rel:
        if not re.match(r"^20\d\d/[^/]+$", r):
            err(f"{r}: docs/ must hold folders by year only")
    for r, t in texts.items():
        if t.lstrip().startswith("---"):
            err(f"{r}: looks like front matter")
    for r, lang in langs.items():
        if lang == "en" and CJK.search(texts[r]):
            err(f"{r}: English document contains CJK characters")

    # formats
    suffixes = collections.Counter(p.suffix.lower() for p in files)
    for need in (".docx", ".pdf", ".txt", ".xlsx", ".html"):
        if not suffixes[need]:
            err(f"no {need} file")
    for r, p in rel.items():
        if p.suffix.lower() == ".txt":
            raw = p.read_bytes()
            try:
                raw.decode("utf-8")
                err(f"{r}: decodes as UTF-8")
            except UnicodeDecodeError:
                pass
        if is_scanned(p):
            reader = PdfReader(str(p))
            if len(reader.pages) != 1:
                err(f"{r}: scanned PDF must be one page")
            for page in reader.pages:
                if (page.extract_text() or "").strip():
                    err(f"{r}: scanned PDF has a text layer")
                res = page.get("/Resources") or {}
                if "/Font" in res:
                    err(f"{r}: scanned PDF has fonts")
        elif p.suffix.lower() == ".pdf":
            if len(PdfReader(str(p)).pages[0].extract_text() or "") < 200:
                err(f"{r}: PDF text layer missing")

    # departments / titles
    depts = json.loads((ROOT / "departments.json").read_text(encoding="utf-8"))
    names = {d["name"] for d in depts}
    all_names = names | {a for d in depts for a in d.get("aliases", [])}
    for d in depts:
        for f in d["files"]:
            if f.removeprefix("docs/") not in rel:
                err(f"departments.json: missing file {f}")
            elif langs[f.removeprefix("docs/")] != d["language"]:
                err(f"departments.json: {f} is not in {d['language']}")
    dept_langs = collections.Counter(d["language"] for d in depts)
    if not (dept_langs["en"] >= 1 and dept_langs["zh"] >= 1 and 3 <= len(depts) <= 4):
        err("need 3-4 departments, at least one English-only and one Chinese-only")
    titles = json.loads((ROOT / "titles.json").read_text(encoding="utf-8"))
    if {k.removeprefix("docs/") for k in titles} != set(rel):
        err("titles.json does not cover exactly the files in docs/")
    for k, t in titles.items():
        if t.get("department") not in names | {None}:
            err(f"titles.json: unknown department {t.get('department')}")
    en_dept_zh_names = [a for d in depts if d["language"] == "en" for a in d["aliases"] if CJK.search(a)]
    for r, lang in langs.items():
        if lang == "en":
            for a in en_dept_zh_names:
                if a in texts[r]:
                    err(f"{r}: English document names the section in Chinese ({a})")

    # facts
    facts = [json.loads(line) for line in (ROOT / "facts.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    statuses = collections.Counter()
    for f in facts:
        r = f["file"]
        if r not in rel:
            err(f"{f['id']}: no file {r}")
            continue
        if f["quote"] not in texts[r]:
            err(f"{f['id']}: quote not in {r}: {f['quote']}")
        if bool(f.get("scanned")) != is_scanned(rel[r]):
            err(f"{f['id']}: scanned flag does not match file")
        if f["department"] not in names:
            err(f"{f['id']}: unknown department {f['department']}")
        if f["kind"] == "finding":
            statuses[f["status"]] += 1
            if not f.get("finding_id") or f.get("about_department") not in names:
                err(f"{f['id']}: finding needs finding_id and about_department")
            if f["finding_id"] not in texts[r]:
                err(f"{f['id']}: finding id {f['finding_id']} not in {r}")
        if f.get("population"):
            if not isinstance(f["population"].get("count"), int) or not f["population"].get("what"):
                err(f"{f['id']}: bad population")
        if not f.get("auditor_action"):
            err(f"{f['id']}: no auditor_action")
    for s in ("corrected_not_verified", "repeat", "open", "closed"):
        if not statuses[s]:
            err(f"no finding with status {s}")

    # questions
    questions = [json.loads(line) for line in (ROOT / "questions.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    want = {"zh": "zh", "en": "en", "zh->en": "en", "en->zh": "zh"}
    qlang = {"zh": "zh", "en": "en", "zh->en": "zh", "en->zh": "en"}
    for qu in questions:
        pair = qu["pair"]
        if qu["lang"] != qlang[pair] or language(qu["question"]) != qu["lang"]:
            err(f"{qu['id']}: question language does not match pair {pair}")
        if qu["department"] is not None and qu["department"] not in names:
            err(f"{qu['id']}: unknown department {qu['department']}")
        if not qu["answerable"]:
            if qu["file"] or qu["must_contain"]:
                err(f"{qu['id']}: unanswerable question with file or must_contain")
            continue
        r = qu["file"]
        if r not in rel:
            err(f"{qu['id']}: no file {r}")
            continue
        if langs[r] != want[pair]:
            err(f"{qu['id']}: file {r} is {langs[r]}, pair {pair} needs {want[pair]}")
        if not qu["must_contain"]:
            err(f"{qu['id']}: answerable without must_contain")
        for m in qu["must_contain"]:
            if m not in texts[r]:
                err(f"{qu['id']}: {m!r} not in {r}")
            if pair in ("zh->en", "en->zh") and len(m) >= 4:
                other = "zh" if pair == "zh->en" else "en"
                for r2, lang in langs.items():
                    if lang == other and m in texts[r2]:
                        err(f"{qu['id']}: {m!r} also in {other} document {r2}")

    # the project's loader
    code = ("from pathlib import Path; from evals.truth import load_blind; "
            "t = load_blind(Path('evals/blind/v12')); "
            "print(len(t.facts), len(t.departments), len(t.files), sum(f.scanned for f in t.facts))")
    py = PROJECT / ".venv" / "bin" / "python"
    proc = subprocess.run([str(py), "-c", code], cwd=PROJECT, capture_output=True, text=True)
    if proc.returncode != 0:
        err(f"load_blind failed: {proc.stderr.strip()[-500:]}")
    else:
        loaded = proc.stdout.split()
        if int(loaded[0]) != len(facts):
            err(f"load_blind loaded {loaded[0]} facts, file has {len(facts)}")

    # report
    print(f"docs: {len(rel)} files ({dict(suffixes)}); languages: {dict(collections.Counter(langs.values()))}")
    print(f"facts: {len(facts)} ({sum(bool(f.get('scanned')) for f in facts)} scanned); finding statuses: {dict(statuses)}")
    per_pair = collections.Counter((q["pair"], "answerable" if q["answerable"] else "unanswerable") for q in questions)
    print(f"questions: {len(questions)}; " + ", ".join(f"{p}/{a}: {n}" for (p, a), n in sorted(per_pair.items())))
    if proc.returncode == 0:
        print(f"load_blind: facts, departments, files, scanned = {proc.stdout.strip()}")
    if errors:
        print(f"FAIL ({len(errors)})")
        for e in errors:
            print("  -", e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
