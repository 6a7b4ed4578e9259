"""Heading-aware chunking: chunks never cross headings, carry their heading path, stay under the
token bound, quote the document verbatim and cover it in order; IDs are stable and content-bound.

Documents are generated here (fixed examples in Chinese and English, plus hypothesis-built
ones), so nothing depends on the wording of the bundled corpus.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from langchain_core.documents import Document

from ingest import chunking
from ingest.chunking import METADATA_KEYS, Chunk, MarkdownChunker, _Measure, chunk_id_for
from ingest.text import approx_tokens

ZH_DOC = """# 行政审批科职责

行政审批科负责集中办理本局的行政许可事项。窗口实行一次告知、限时办结。

## 办理时限

食品经营许可自受理之日起十个工作日内作出决定。需要现场核查的，核查时间不计入时限。
材料不齐的，当场一次性告知需要补正的全部内容。

### 延期

因特殊原因需要延长的，经分管领导批准可以延长五个工作日，并告知申请人理由。

## 质量目标

按时办结率100%。群众满意度不低于95%。
"""

EN_DOC = """# Records Office Duties

The office keeps the agency's paper and electronic files. It answers requests within one working day.

## Retention

Files past their retention period go to a disposal panel. The panel lists each file before shredding.

## Objectives

Ninety-nine percent of requested files are found on the first search. Complaints are answered within a week.
"""

HEADING_LINE = re.compile(r"^#{1,6}\s")


def make_doc(text: str, title: str = "", source: str = "kb/doc.md", **meta: object) -> Document:
    title = title or next(
        (line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")), "Untitled"
    )
    return Document(
        page_content=text,
        metadata={"title": title, "source": source, "doc_id": source.rsplit(".", 1)[0], **meta},
    )


def locate_in_order(text: str, chunks: list[Chunk]) -> list[int]:
    """Start offsets of each chunk in ``text``, each found after the previous chunk's end."""
    offsets: list[int] = []
    cursor = 0
    for chunk in chunks:
        found = text.find(chunk.text, cursor)
        assert found >= 0, f"chunk {chunk.position} is not a verbatim substring after offset {cursor}"
        offsets.append(found)
        cursor = found + len(chunk.text)
    return offsets


def heading_before(text: str, offset: int) -> str:
    """The last Markdown heading line above ``offset``, or "" when there is none."""
    headings = [m for m in re.finditer(r"^#{1,6}\s+(.+?)\s*$", text[:offset], re.M)]
    return headings[-1].group(1) if headings else ""


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_without_headings(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not HEADING_LINE.match(line.strip()))


@pytest.mark.parametrize("text", [ZH_DOC, EN_DOC], ids=["zh", "en"])
@pytest.mark.parametrize("max_tokens", [32, 60, 320])
def test_chunks_are_verbatim_in_order_and_never_cross_headings(text: str, max_tokens: int) -> None:
    chunks = MarkdownChunker(max_tokens=max_tokens, min_tokens=8).split(make_doc(text))
    assert chunks
    offsets = locate_in_order(text, chunks)
    for chunk, offset in zip(chunks, offsets, strict=True):
        assert not any(HEADING_LINE.match(line.strip()) for line in chunk.text.splitlines())
        assert approx_tokens(chunk.text) <= max_tokens
        # The heading right above a chunk is the last element of its heading path.
        assert chunk.heading_path[-1] == heading_before(text, offset)
    assert squash("".join(c.text for c in chunks)) == squash(body_without_headings(text))
    assert [c.position for c in chunks] == list(range(len(chunks)))


def test_heading_path_runs_from_title_to_the_nearest_heading() -> None:
    chunks = MarkdownChunker().split(make_doc(ZH_DOC))
    paths = {c.heading_path for c in chunks}
    assert ("行政审批科职责",) in paths
    assert ("行政审批科职责", "办理时限") in paths
    assert ("行政审批科职责", "办理时限", "延期") in paths
    assert ("行政审批科职责", "质量目标") in paths  # the sibling closed "办理时限 > 延期"
    late = next(c for c in chunks if "延长五个工作日" in c.text)
    assert late.heading == "行政审批科职责 > 办理时限 > 延期"
    assert late.embedding_text().startswith("行政审批科职责 > 办理时限 > 延期\n")


def test_title_that_differs_from_first_heading_leads_the_path() -> None:
    chunks = MarkdownChunker().split(make_doc("## 范围\n\n适用于全局各科室。\n", title="内部审核程序"))
    assert chunks[0].heading_path == ("内部审核程序", "范围")


def test_long_section_splits_at_sentence_ends() -> None:
    sentences = [f"第{n}条规定各科室在每月{n}日前报送统计数据并由专人复核。" for n in range(1, 40)]
    text = "# 统计报送规定\n\n" + "".join(sentences) + "\n"
    chunks = MarkdownChunker(max_tokens=80, min_tokens=10).split(make_doc(text))
    assert len(chunks) > 3
    for chunk in chunks:
        assert chunk.text.endswith("。")
        assert approx_tokens(chunk.text) <= 80


def test_short_tail_is_not_left_as_a_fragment() -> None:
    long = " ".join(f"Sentence number {n} explains one more step of the sampling plan." for n in range(12))
    text = f"# Plan\n\n{long} Done.\n"
    chunker = MarkdownChunker(max_tokens=60, min_tokens=20)
    chunks = chunker.split(make_doc(text))
    assert approx_tokens(chunks[-1].text) >= 20
    assert all(approx_tokens(c.text) <= 60 for c in chunks)


def test_one_long_line_mixing_scripts_is_cut_under_the_bound() -> None:
    # Sparse English first, dense Chinese after: a proportional cut would overshoot here.
    line = "word " * 150 + "审" * 400
    chunks = MarkdownChunker(max_tokens=64, min_tokens=8).split(make_doc(f"# Mixed\n\n{line}\n"))
    assert all(approx_tokens(c.text) <= 64 for c in chunks)
    assert squash("".join(c.text for c in chunks)) == squash(line)


# --- plain-text structure: 【标签】 paragraphs and Chinese outline headings -------------------

LABELLED = """某县劳动保障监察大队情况说明
（2026年2月整理）

【职责】大队负责对用人单位遵守劳动保障法律的情况实施监督检查。

【时限】投诉自登记之日起五个工作日内决定是否立案。立案后六十日内结案。

【风险】年底欠薪投诉集中，可能超时。
"""


def test_bracket_label_opens_a_section_named_by_the_label() -> None:
    doc = make_doc(LABELLED, title="某县劳动保障监察大队情况说明")
    chunks = MarkdownChunker().split(doc)
    by_label = {c.heading_path[-1]: c for c in chunks}
    assert set(by_label) >= {"职责", "时限", "风险"}
    assert by_label["时限"].heading_path == ("某县劳动保障监察大队情况说明", "时限")
    assert by_label["时限"].text.startswith("投诉自登记之日起")
    assert "【" not in by_label["时限"].text  # the label is the heading, not the text
    locate_in_order(LABELLED, chunks)


OUTLINE = """科室职责说明

一、基本职能

负责全局公文的收发和归档。

（一）收文

收文当日登记分办。

（二）发文

发文须经核稿。

二、主要职责

一、负责组织起草综合性文件；
二、负责机关会务安排。

三、工作目标

公文差错率不高于0.5%。
"""


def test_chinese_outline_headings_nest_and_numbered_items_stay_text() -> None:
    chunks = MarkdownChunker().split(make_doc(OUTLINE, title="科室职责说明"))
    paths = {c.heading_path: c.text for c in chunks}
    assert paths[("科室职责说明", "一、基本职能")] == "负责全局公文的收发和归档。"
    assert paths[("科室职责说明", "一、基本职能", "（一）收文")] == "收文当日登记分办。"
    assert paths[("科室职责说明", "一、基本职能", "（二）发文")] == "发文须经核稿。"
    assert paths[("科室职责说明", "三、工作目标")] == "公文差错率不高于0.5%。"
    # Items that end like sentences are list entries: their words must stay searchable.
    duties = paths[("科室职责说明", "二、主要职责")]
    assert "一、负责组织起草综合性文件；" in duties and "二、负责机关会务安排。" in duties


def test_a_numbered_heading_behind_a_heading_mark_opens_its_section() -> None:
    text = "▲ 一、职能定位\n负责殡葬服务监管。\n▲ 二、重点工作\n全年发放补贴约九百户。\n"
    paths = {c.heading_path: c.text for c in MarkdownChunker().split(make_doc(text, title="工作计划"))}
    assert paths[("工作计划", "▲ 一、职能定位")] == "负责殡葬服务监管。"
    assert paths[("工作计划", "▲ 二、重点工作")] == "全年发放补贴约九百户。"


def test_run_of_short_numbered_items_is_a_list_not_headings() -> None:
    text = "分工\n\n一、收文登记\n二、印章管理\n三、会议服务\n"
    chunks = MarkdownChunker().split(make_doc(text, title="分工"))
    joined = "".join(c.text for c in chunks)
    for item in ("收文登记", "印章管理", "会议服务"):
        assert item in joined


# --- IDs -------------------------------------------------------------------------------------


def test_ids_are_stable_across_runs() -> None:
    first = [c.chunk_id for c in MarkdownChunker().split(make_doc(ZH_DOC))]
    second = [c.chunk_id for c in MarkdownChunker().split(make_doc(ZH_DOC))]
    assert first == second
    assert len(set(first)) == len(first)


def test_ids_change_with_content_source_and_metadata_only_where_changed() -> None:
    chunker = MarkdownChunker()
    base = chunker.split(make_doc(ZH_DOC))
    edited = chunker.split(make_doc(ZH_DOC.replace("按时办结率100%", "按时办结率99%")))
    changed = [a.position for a, b in zip(base, edited, strict=True) if a.chunk_id != b.chunk_id]
    assert changed == [next(c.position for c in base if "按时办结率" in c.text)]
    moved = chunker.split(make_doc(ZH_DOC, source="kb/other.md"))
    assert not {c.chunk_id for c in moved} & {c.chunk_id for c in base}
    relabelled = chunker.split(make_doc(ZH_DOC, department="行政审批科"))
    assert not {c.chunk_id for c in relabelled} & {c.chunk_id for c in base}


def test_store_metadata_is_scalar() -> None:
    chunk = MarkdownChunker().split(make_doc(ZH_DOC, aliases=["审批科", "许可科"], extra={"a": 1}))[0]
    meta = chunk.store_metadata()
    assert meta["aliases"] == "审批科|许可科"
    assert "extra" not in meta
    assert all(isinstance(v, str | int) for v in meta.values())
    assert meta["chunk_id"] == chunk.chunk_id and meta["heading_path"] == chunk.heading


def test_max_tokens_below_a_useful_window_is_rejected() -> None:
    with pytest.raises(ValueError, match="max_tokens"):
        MarkdownChunker(max_tokens=10)


# --- properties ------------------------------------------------------------------------------

ZH_WORDS = list("审核记录科室目标质量办理时限抽样文件档案会议纠正措施")
EN_WORDS = "audit record section objective sample file meeting action evidence scope".split()


@st.composite
def sentences(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        body = "".join(draw(st.lists(st.sampled_from(ZH_WORDS), min_size=1, max_size=40)))
        return body + draw(st.sampled_from(["。", "；", "！", "？", ""]))
    words = draw(st.lists(st.sampled_from(EN_WORDS), min_size=1, max_size=25))
    return " ".join(words).capitalize() + draw(st.sampled_from([". ", "? ", "; ", " "]))


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Markdown with random heading levels and paragraphs; returns (text, heading lines)."""
    lines: list[str] = []
    headings: list[str] = []
    for n in range(draw(st.integers(1, 6))):
        if draw(st.booleans()) or n == 0:
            heading = f"{'#' * draw(st.integers(1, 4))} Heading {n} {draw(st.sampled_from(ZH_WORDS))}"
            lines.append(heading)
            headings.append(heading)
        for _ in range(draw(st.integers(0, 3))):
            lines.append("".join(draw(st.lists(sentences(), min_size=1, max_size=8))))
            lines.append(draw(st.sampled_from(["", "  "])))
    return "\n".join(lines) + "\n", headings


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(), max_tokens=st.integers(32, 200))
def test_property_chunks_cover_the_text_in_order(doc: tuple[str, list[str]], max_tokens: int) -> None:
    text, headings = doc
    chunks = MarkdownChunker(max_tokens=max_tokens, min_tokens=8).split(make_doc(text, title="T"))
    locate_in_order(text, chunks)
    assert all(approx_tokens(c.text) <= max_tokens for c in chunks)
    assert squash("".join(c.text for c in chunks)) == squash(body_without_headings(text))
    for chunk in chunks:
        assert not any(line in headings for line in chunk.text.splitlines())


@settings(max_examples=80, deadline=None)
@given(text=st.text(min_size=1, max_size=600), max_tokens=st.integers(32, 120))
def test_property_any_text_gives_bounded_verbatim_chunks(text: str, max_tokens: int) -> None:
    doc = make_doc(text, title="T")
    chunks = MarkdownChunker(max_tokens=max_tokens, min_tokens=8).split(doc)
    locate_in_order(doc.page_content, chunks)
    assert all(approx_tokens(c.text) <= max_tokens for c in chunks)


@settings(max_examples=50, deadline=None)
@given(
    values=st.fixed_dictionaries(
        {k: st.text(max_size=12) for k in METADATA_KEYS if k != "aliases"}
        | {"aliases": st.lists(st.text(max_size=6), max_size=3)}
    ),
    extra=st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=8), max_size=3),
    data=st.data(),
)
def test_property_ids_ignore_metadata_key_order(
    values: dict[str, object], extra: dict[str, str], data: st.DataObject
) -> None:
    meta = {**{k: v for k, v in extra.items() if k not in values}, **values}
    shuffled_keys = data.draw(st.permutations(list(meta)))
    shuffled = {k: meta[k] for k in shuffled_keys}
    assert chunk_id_for("kb/a.md", 3, "正文", meta) == chunk_id_for("kb/a.md", 3, "正文", shuffled)
    assert chunk_id_for("kb/a.md", 3, "正文", meta) != chunk_id_for("kb/a.md", 4, "正文", meta)


# --- linear-time splitting ---------------------------------------------------------------------

_PIECE_PARTS = [*"审核ab1 .\n\t。,", "\u3000", "word ", "e.g."]
_PIECES = st.lists(st.sampled_from(_PIECE_PARTS), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(left=_PIECES, right=_PIECES)
def test_property_measures_add_up_to_the_estimate_of_the_joined_text(left: str, right: str) -> None:
    """The chunker adds piece measures instead of re-measuring growing strings; the sum must be
    exactly approx_tokens of the concatenation (words that meet at the seam count once)."""
    assert (_Measure.of(left) + _Measure.of(right)).tokens == approx_tokens(left + right)
    assert _Measure.of(left).tokens == approx_tokens(left)


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("# 标题", "标题"),
        ("## Scope ##", "Scope"),
        ("### C# and F#", "C# and F"),  # closing #s go, as they always did
        ("#### Title #  #", "Title #"),
        ("## ##", "#"),
        ("   # indented", "indented"),  # lines are stripped first
        ("# a" + " " * 50_000 + "b", "a" + " " * 50_000 + "b"),  # once quadratic backtracking
    ],
)
def test_markdown_heading_forms(line: str, heading: str) -> None:
    chunks = MarkdownChunker(max_tokens=64).split(
        Document(page_content=f"{line}\n\n正文一句。", metadata={"source": "s.md", "title": "T"})
    )
    assert chunks[0].heading_path[-1] == heading


@pytest.mark.parametrize("line", ["####### seven", "#nospace", "＃ 全角井号"])
def test_lines_that_are_not_markdown_headings(line: str) -> None:
    chunks = MarkdownChunker(max_tokens=64).split(
        Document(page_content=f"{line}\n\n正文一句。", metadata={"source": "s.md", "title": "T"})
    )
    assert chunks[0].heading_path == ("T",) and line.strip() in chunks[0].text


def test_run_without_spaces_is_cut_at_max_chars() -> None:
    blob = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo" * 3_000  # one "word" to the token estimate
    chunks = MarkdownChunker(max_tokens=64).split(Document(page_content=blob, metadata={"source": "b"}))
    assert len(chunks) > 1 and max(len(c.text) for c in chunks) == 64 * 12
    assert "".join(c.text for c in chunks) == blob


FINDING_ROWS = "\n".join(
    f"编号: NC-2026-0{n}; 责任部门: 农村经济指导股; 不符合事实: 2025年纠纷调处成功率为82.{n}%，未达到目标。"
    f"办公室汇总表中该项填报为“达标”。; 对应条款: 6.2 / 9.1.3; 状态: 未关闭。"
    for n in range(1, 7)
)


@pytest.mark.parametrize("max_tokens", [120, 200, 320])  # a row fits: ~95 tokens
def test_a_table_row_is_never_cut_between_its_cells(max_tokens: int) -> None:
    text = f"## 不符合项一览\n\n前言一句。\n{FINDING_ROWS}\n结尾一句，写明复查安排。"
    chunks = MarkdownChunker(max_tokens=max_tokens, min_tokens=8).split(make_doc(text))
    rows = FINDING_ROWS.splitlines()
    for row in rows:
        holders = [c for c in chunks if row.split(";")[0] in c.text]
        assert len(holders) == 1 and row in holders[0].text, [c.text for c in chunks]
    assert "".join(c.text for c in chunks).replace("\n", "") == text.split("\n\n", 1)[1].replace("\n", "")


@pytest.mark.parametrize(
    ("line", "is_row"),
    [
        ("事项: 就业补贴审核; 件数: 1,856件。", True),
        ("Item: Permits; Count: 1,236.", True),
        ("编号: NC-01; 状态: 已整改，待验证（5月6日提交）。", True),
        ("本办法自发布之日起施行; 原办法同时废止。", False),  # prose with a semicolon
        ("注: 见附件; 另行通知。", False),  # one "label: " only
        ("时间: 2026年3月5日", False),
    ],
)
def test_which_lines_are_table_rows(line: str, is_row: bool) -> None:
    units = chunking._sentences_and_rows(f"{line}\n下一句。")
    assert (f"{line}\n" in units) is is_row
