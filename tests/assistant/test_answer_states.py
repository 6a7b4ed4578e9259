"""A question about items in a state (open, unverified, late) is answered from the records that
list them, not from the guidance that explains what the state means."""

from __future__ import annotations

from pathlib import Path

from assistant.answer.chat import answer
from assistant.writers.rules import RulesWriter
from ingest.embedders import HashEmbeddings
from tests.assistant.chat_support import build_index

GUIDANCE = """---
doc_type: guidance
---
# 不符合项的关闭

不符合项的纠正措施完成以后，要经过有效性验证才能关闭。有效性验证应由独立于责任部门的内审员进行。
验证时应抽查整改后形成的记录，确认同类问题没有再次发生。
"""

RECORD = """---
doc_type: record
---
# 2025年内审跟踪台账

NC-2025-11：档案科借阅登记问题已整改，有效性待验证。
NC-2025-12：收文登记问题已关闭，经验证有效。
"""


def test_which_findings_are_unverified_is_answered_from_the_records(tmp_path: Path) -> None:
    source = tmp_path / "docs"
    source.mkdir()
    (source / "guidance.md").write_text(GUIDANCE, encoding="utf-8")
    # Guidance that talks about unverified nonconformities at length, in many passages: by
    # words alone it outranks the ledger line that answers the question.
    for n in range(8):
        (source / f"guide{n}.md").write_text(
            f"---\ndoc_type: guidance\n---\n# 不符合项验证指南{n}\n\n"
            f"不符合项的验证要求：不符合项验证由内审员进行，"
            f"不符合项验证的记录要保存，验证不符合项时要抽查记录（第{n}条）。\n",
            encoding="utf-8",
        )
    (source / "ledger.md").write_text(RECORD, encoding="utf-8")
    retriever = build_index(source, tmp_path / "index", HashEmbeddings())
    result = answer("哪些不符合项还没有验证？", retriever, RulesWriter())
    assert "NC-2025-11" in result.answer
    first = result.answer.split("。")[0]
    assert "NC-2025-11" in first and "NC-2025-12" not in first  # the unverified item leads
    assert any(c.title == "2025年内审跟踪台账" for c in result.citations)


def test_every_late_row_of_a_long_ledger_is_listed(tmp_path: Path) -> None:
    # A ledger of 30 rows is indexed in groups of a few rows, and the search finds some of them;
    # the late complaints sit in the first and the last group.
    source = tmp_path / "docs"
    source.mkdir()
    lines = ["编号,受理日期,投诉事项摘要,承办部门,办理工作日,是否超时"]
    late = {"TS-03", "TS-27"}
    for n in range(1, 31):
        number = f"TS-{n:02d}"
        days, verdict = (14, "是") if number in late else (4, "否")
        lines.append(f"{number},2026-01-{n:02d},景区服务质量投诉第{n}件，游客反映排队时间过长,游客服务中心,{days},{verdict}")
    (source / "投诉登记台账.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    guidance = "---\ndoc_type: guidance\n---\n# 投诉办理\n\n投诉应在7个工作日内办结，超时的应说明原因。\n"
    (source / "guidance.md").write_text(guidance, encoding="utf-8")
    retriever = build_index(source, tmp_path / "index", HashEmbeddings())
    result = answer("投诉台账中哪几件投诉办理超时？", retriever, RulesWriter())
    assert result.answered
    assert "TS-03" in result.answer and "TS-27" in result.answer
    on_time = [f"TS-{n:02d}" for n in range(1, 31) if f"TS-{n:02d}" not in late]
    first_two = "".join(result.answer.split("。")[:2])
    assert not any(number in first_two for number in on_time)  # the late rows lead
