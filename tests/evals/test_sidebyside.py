"""The side-by-side tables: one column per corpus, floors, and a verdict naming who fails."""

from __future__ import annotations

from evals.sidebyside import markdown, side_by_side


def results() -> dict:
    brief = {"facts_surfaced": 0.95, "attribution_errors": 0, "max_same_template": 2, "profile_chars": 900.0}
    return {
        "folders": {
            "bundled": {"ingest": {"departments_found": 1.0, "titles_right": None}},
            "blind_v1": {"ingest": {"departments_found": 0.25, "titles_right": 0.5}},
        },
        "briefs": {
            "bundled_zh": {"plan_audit": brief},
            "blind_v1_zh": {"plan_audit": {**brief, "facts_surfaced": 0.5, "attribution_errors": 2}},
            "blind_v1_en": {"plan_audit": {**brief, "open_findings_verified": None}},
        },
        "answers": {
            "bundled": {"rules": {"correctness": 0.8}},
            "blind_v1": {"rules": {"correct_zh": 0.625, "correct_en->zh": None}},
        },
    }


def test_columns_rows_and_verdicts() -> None:
    folders, briefs, briefs_en, answers = side_by_side(results())
    assert folders.headers == ["measure", "floor", "bundled", "blind_v1", "pass/fail"]
    assert folders.rows[1] == ["titles_right", "report", "n/a", "0.500", ""]
    # One table per brief language, a column per corpus.
    assert (briefs.title, briefs_en.title) == ("briefs in zh (issue 11)", "briefs in en (issue 11)")
    assert briefs.headers[2:-1] == ["bundled", "blind_v1"]
    assert briefs_en.headers[2:-1] == ["blind_v1"]
    rows = {r[0]: r for r in briefs.rows}
    assert rows["facts_surfaced"][-1] == "FAIL: blind_v1"
    assert rows["attribution_errors"][1] == "<= 0" and rows["attribution_errors"][-1] == "FAIL: blind_v1"
    assert rows["max_same_template"][-1] == "pass"
    assert rows["profile_chars"][1] == "report" and rows["profile_chars"][-1] == ""
    assert "open_findings_verified" not in rows  # no corpus has a figure: no row
    assert answers.headers[2:-1] == ["blind_v1"]  # the plain answers set is not a pair set
    assert {r[0] for r in answers.rows} == {"correct_zh"}


def test_markdown_renders_every_table() -> None:
    text = markdown(results())
    assert text.count("| measure | floor |") == 4
    assert "FAIL: blind_v1" in text
    assert markdown({}) == "\n"


def test_every_truth_corpus_gets_a_column_dev_before_blind_by_version() -> None:
    ingest = {"ingest": {"departments_found": 1.0}}
    data = {
        "folders": {
            "blind_v2": ingest,
            "second": ingest,
            "blind_v1": ingest,
            "dev_v1": ingest,
            "bundled": ingest,
        },
        "briefs": {
            f"{c}_{lang}": {"plan_audit": {"facts_surfaced": 1.0}}
            for c in ("blind_v2", "dev_v1")
            for lang in ("en", "zh")
        },
        "answers": {
            "blind_v2": {"rules": {"correct_zh": 1.0}},
            "bundled_pairs": {"rules": {"correct_zh": 1.0}},
        },
    }
    folders, briefs, briefs_en, answers = side_by_side(data)
    assert folders.headers[2:-1] == ["bundled", "second", "dev_v1", "blind_v1", "blind_v2"]
    assert briefs.headers[2:-1] == briefs_en.headers[2:-1] == ["dev_v1", "blind_v2"]
    assert answers.headers[2:-1] == ["bundled_pairs", "blind_v2"]


def test_many_corpora_are_split_into_tables_of_at_most_eight_with_their_own_verdicts() -> None:
    names = ["bundled", "second", *(f"blind_v{n}" for n in range(1, 13))]
    found = {n: 0.5 if n == "blind_v12" else 1.0 for n in names}
    data = {"folders": {n: {"ingest": {"departments_found": found[n]}} for n in names}}
    first, second = side_by_side(data)
    assert (first.title, second.title) == ("folders (issue 10) (1/2)", "folders (issue 10) (2/2)")
    assert first.headers[2:-1] == ["bundled", "second", *(f"blind_v{n}" for n in range(1, 7))]
    assert second.headers[2:-1] == [f"blind_v{n}" for n in range(7, 13)]
    assert first.headers[-1] == second.headers[-1] == "pass/fail"
    assert second.rows[0][2:] == ["1.000"] * 5 + ["0.500", ""]  # no floor: no verdict
