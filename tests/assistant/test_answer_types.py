"""The kind of answer a question asks for (``assistant/writers/answer_types.py``), and where it
is used: the rules writer's sentence choice, the relevance rule's evidence, the chat stage's
check that an answer gives the kind asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.chat import _gives_kind
from assistant.answer.relevance import _shortened, answer_evidence
from assistant.answer.verification import CheckedSentence
from assistant.retrieval.hybrid import Hit
from assistant.writers.answer_types import AnswerType, key_words, load_vocabulary, stem, word_coverage
from assistant.writers.base import WriteRequest
from assistant.writers.rules import RulesWriter, _glossed


def hit(text: str, language: str, department: str = "", title: str = "Notes", n: int = 0) -> Hit:
    return Hit(f"c{n}", f"d{n}", title, f"notes/{n}.md", department, "department", language, title, text, 1.0)


@pytest.mark.parametrize(
    ("question", "kinds", "unit"),
    [
        ("档案科去年原计划办多少期讲座，最后办了几期？", {"count"}, "期"),
        ("借阅电子档案几个工作日内开放权限？", {"count", "duration"}, "工作日"),
        ("How many overdue loans did the Records Office chase in 2025?", {"count"}, "loan"),
        ("How many staff?", {"count"}, "people"),  # a word for people counts people
        ("How many people work in the Surveying Unit?", {"count"}, "people"),  # not "work"
        # No auxiliary after the noun phrase: the plural ends it.
        ("How many township stations missed the deadline?", {"count", "duration"}, stem("stations")),
        ("How many people attended the review meeting?", {"count"}, "people"),
        ("How many boundary and cadastral survey reports did the unit check?", {"count"}, stem("reports")),
        ("How many times a year is each station visited?", {"count"}, stem("times")),
        ("What ceiling does the Records Office set on its loss rate?", {"upper_bound", "percentage"}, None),
        ("How soon after a loan ends must the file come back?", {"duration"}, None),
        ("档案查准率是多少？", {"percentage", "count"}, None),
        ("What did the Records Office spend on boxes in 2025?", {"money"}, None),
        ("What is the Records Office's budget for 2027?", {"money"}, None),
        ("What total fines did the brigade impose in 2025?", {"money"}, None),
        # A bare 多少 beside a sum asks for the sum; with a measure word it still counts.
        ("档案科2026年的预算是多少？", {"money"}, None),
        ("罚没款总额是多少？", {"money"}, None),
        ("专家评审每次的评审费标准是多少？", {"money"}, None),
        ("预算执行率是多少？", {"money", "percentage"}, None),
        ("How much money did the office recover?", {"money"}, None),
        ("罚款多少件？", {"money", "count"}, "件"),
        # Words that only contain a money word ask for no sum ("defined", "fee-free").
        ("How is a closed file defined?", set(), None),
        # Questions that ask for no particular kind of answer.
        ("Who signs the lending register?", {"person"}, None),
        ("档案借阅登记单由谁填写？", {"person"}, None),
        # "哪几件" asks which items; "几件" alone asks how many.
        ("一季度哪几件投诉办理超时？", set(), None),
        ("一季度有几件投诉办理超时？", {"count"}, "件"),
        ("哪几个乡镇站未按期报送？", set(), None),
        ("Describe the lending procedure.", set(), None),
    ],
)
def test_question_kinds_and_units(question: str, kinds: set[str], unit: str | None) -> None:
    asked = AnswerType.of(question)
    assert set(asked.kinds) == kinds
    assert asked.unit == unit


@pytest.mark.parametrize(
    ("question", "sentence", "crossing", "fits"),
    [
        ("档案科去年办了几期讲座？", "2025年计划举办讲座12期，实际完成10期。", False, True),
        ("档案科去年办了几期讲座？", "讲座完成率为83%。", False, False),  # a rate, not a count of 期
        ("档案室年度用纸目标是多少升？", "年度目标≥95%。", False, False),  # the unit decides
        ("十个工作日够吗？借阅几个工作日内归还？", "借阅的档案应在十个工作日内归还。", False, True),
        ("How many overdue loans were chased?", "The office chased 14 overdue loans.", False, True),
        ("How many overdue loans were chased?", "14 were overdue loans.", False, True),
        ("How many overdue loans were chased?", "14 of the many requests were about loans.", False, False),
        ("How many overdue loans were chased?", "The office registered 1,200 requests.", False, False),
        ("How many overdue loans were chased?", "逾期借阅催还14件。", True, True),  # unit not compared
        ("How many overdue loans were chased?", "2025年3月起实行新规定。", True, False),  # a date
        ("How many overdue loans were chased?", "咨询电话为12345热线。", True, False),  # a code
        ("档案科2025年催还了多少件？", "In 2025 the office chased 14 overdue loans.", True, True),
        ("档案科2025年催还了多少件？", "The rule has applied since 2025.", True, False),  # a year
        ("档案科2025年催还了多少件？", "Page updated 18 December 2025", True, False),  # a date
        ("两个目标各是多少？", "The on-time rate was 89.7% against 95%.", True, True),  # any figure
        ("档案科2025年催还了多少件？", "The return rate was 89.7%.", True, False),  # a rate counts no 件
        ("档案科2025年催还了多少件？", "Effective 1 March 2026.", True, False),
        ("档案科2025年催还了多少件？", "It chased 14 may-day loans and 3 overdue files.", True, True),
        ("What ceiling is set on the loss rate?", "丢失率≤0.2%。", False, True),
        ("What ceiling is set on the loss rate?", "The loss rate must not exceed 0.2%.", False, True),
        ("What ceiling is set on the loss rate?", "丢失率≥0.2%。", False, True),  # a percentage still
        ("What ceiling is set on the return time?", "Files are returned within 7 days.", False, True),
        ("What ceiling does the office set?", "The office keeps a register.", False, False),
        ("How soon must the file come back?", "The file comes back within 48 hours.", False, True),
        ("How soon must the file come back?", "Keep the talk to about ten minutes.", False, True),
        ("How soon must the file come back?", "The file comes back on the spot.", False, True),
        ("How soon must the file come back?", "The file comes back to the archive.", False, False),
        ("What did the office spend on boxes?", "Boxes cost 3,000元.", False, True),
        ("What did the office spend on boxes?", "The office bought 300 boxes.", False, False),
        ("每年去每个乡镇站检查几次？", "We visit each station twice a year.", True, True),
        ("How many times a year is a station visited?", "We visit each station twice a year.", False, True),
        ("How many times a year is a station visited?", "We visit each station in spring.", False, False),
        # A table row counts in a column whose header names the unit.
        ("How many rapid tests at Xiawan?", "Station: Xiawan; Rapid tests: 468; Positives: 5.", False, True),
        ("How many rapid tests at Xiawan?", "Station: Xiawan; Staff: 2; Note: tests daily.", False, False),
        ("How many overdue loans were chased?", "Month: March; Overdue loans: 14", False, True),
        ("2025年受理了多少件？", "事项: 取水许可; 受理件数: 1,236", False, True),
        ("2025年受理了多少件？", "事项: 取水许可; 承诺时限: 10个工作日", False, False),
        # A label of several words before its figure, as a bulleted list writes it.
        (
            "How many designated providers were under agreement at the end of 2025?",
            "Designated providers under agreement at year end: 187 (23 hospitals and clinics).",
            False,
            True,
        ),
        (
            "How many designated providers were under agreement at the end of 2025?",
            "Retail pharmacies and hospitals inspected during the spring campaign: 62.",
            False,
            False,
        ),
        # A target stated as such, in either language.
        (
            "What coverage was reached, against what target?",
            "Coverage: 33% against a target of 30%.",
            False,
            True,
        ),
        ("What coverage was reached, against what target?", "Targets are set every January.", False, False),
        ("目标是多少？", "覆盖率目标值：95%，实际96.1%。", False, True),
        ("目标是多少？", "目标分解到各股室。", False, False),
        # "Who": a person named with a role, or the unit that acts.
        ("2025年管理评审会议由谁主持？", "Chair: Director Pei Zhaolin.", True, True),
        ("2025年管理评审会议由谁主持？", "首次会议由局长裴兆林主持并作动员讲话。", False, True),
        ("2025年管理评审会议由谁主持？", "Date: 18 December 2025.", True, False),
        ("2025年管理评审会议由谁主持？", "局长办公会议纪要", False, False),  # 局长 not before a name
        ("验证人是谁？", "验证人：办公室主任林晓岚", False, True),
        ("谁负责受理？", "行政审批科负责受理。", False, True),
        ("登记单由谁填写？", "登记单由借阅人本人填写。", False, True),  # a role acting
        ("谁负责受理？", "2025年共受理投诉612件。", False, False),
        ("Who signs the register?", "The register is signed by the section head.", False, True),
        ("Who signs the register?", "The head count rose to 12.", False, False),
        ("Who signs the register?", "Ms. Wen signs it weekly.", False, True),
        ("Who signs the register?", "No.: MR-2025-A1; Action: sign the register.", False, False),  # a code
    ],
)
def test_sentence_fits_the_kind_asked_for(question: str, sentence: str, crossing: bool, fits: bool) -> None:
    assert AnswerType.of(question).fits(sentence, crossing) is fits


@pytest.mark.parametrize(
    ("word", "same_as"),
    [("petitioners", "petitions"), ("satisfied", "satisfaction"), ("minutes", "minute"), ("cars", "car")],
)
def test_stems_meet_across_word_forms(word: str, same_as: str) -> None:
    assert stem(word) == stem(same_as)


@pytest.mark.parametrize(
    ("word", "other"), [("review", "revision"), ("letters", "lending"), ("档案", "档案科")]
)
def test_stems_keep_different_words_apart(word: str, other: str) -> None:
    assert stem(word) != stem(other)


def test_topic_words_leave_out_the_form_of_the_question() -> None:
    words = key_words("What share of borrowers said they were satisfied in 2025?")
    assert words == ["borro", "satis", "2025"]
    words = key_words("人事科去年原计划办多少期讲座，最后办成了几期？")
    assert {"计划", "讲座"} <= set(words)
    assert not {"去年", "最后", "多少", "几期", "原", "办"} & set(words)
    assert key_words("How many?") == []


def test_word_coverage_counts_stems_and_chinese_substrings() -> None:
    words = key_words("How many borrowers were satisfied with the archive in 2025?")
    assert word_coverage(words, "In 2025 borrower satisfaction with the archive was 91%.") == 1.0
    assert word_coverage(words, "The archive opens at nine.") == 0.25
    assert word_coverage(key_words("档案科讲座办了几期？"), "档案科举办讲座10期") == 1.0


def test_a_malformed_vocabulary_names_the_file_and_the_entry(tmp_path: Path) -> None:
    bad = tmp_path / "answer_types.yaml"
    bad.write_text("kinds:\n  count:\n    question: [how many]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"answer_types.yaml: `kinds.count.answer`"):
        load_vocabulary(bad)
    bad.write_text("kinds:\n  count:\n    question: [how many]\n    answer: ['(']\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad pattern"):
        load_vocabulary(bad)


# -- the rules writer --------------------------------------------------------------------------

RECORDS_EN = (
    "The Records Office has two objectives. The first is a loss rate of at most 0.2%, counted "
    "each quarter. In 2025 the loss rate was 0.25%, above the ceiling, because two boxes went "
    "missing during the move. The office lends about 1,200 files a year."
)


def test_rules_writer_answers_a_ceiling_with_the_bound_not_the_result() -> None:
    question = "What ceiling does the Records Office set on its loss rate?"
    request = WriteRequest(question, "en", [hit(RECORDS_EN, "en")])
    text = "".join(RulesWriter().write(request))
    assert text.startswith("The first is a loss rate of at most 0.2%")
    assert "1,200" not in text  # a sentence of no asked kind does not pad the answer


def test_rules_writer_prefers_the_named_departments_page() -> None:
    other = hit("Loans to other offices are returned within 10 working days.", "en", "档案科", n=0)
    own = hit("Travel claims are reviewed within 3 working days of a complete claim.", "en", "财务科", n=1)
    request = WriteRequest(
        "Within how many working days is a claim reviewed?", "en", [other, own], department="财务科"
    )
    text = "".join(RulesWriter().write(request))
    assert text.startswith("Travel claims are reviewed within 3 working days")


# -- relevance: evidence, and shortened department names -----------------------------------------


def test_a_sentence_of_the_asked_kind_with_the_topic_words_is_evidence() -> None:
    hits = [hit("The office chased 14 overdue loans in 2025. It lends about 1,200 files a year.", "en")]
    found = answer_evidence("How many overdue loans did the Records Office chase in 2025?", hits)
    assert found == "The office chased 14 overdue loans in 2025."


@pytest.mark.parametrize(
    "question",
    [
        "How many interpreters does the Records Office employ?",  # a count of something else
        "What did the Records Office spend on shelving in 2025?",  # no money in the passage
        "Who chased the overdue loans in 2025?",  # no kind of answer asked for
    ],
)
def test_near_misses_find_no_evidence(question: str) -> None:
    hits = [hit("The office chased 14 overdue loans in 2025. It lends about 1,200 files a year.", "en")]
    assert answer_evidence(question, hits) is None


def test_a_count_in_the_unit_asked_needs_fewer_topic_words_and_number_words_count() -> None:
    text = "The Unit has six staff: a head, four inspectors and one technician. Two joined in 2025."
    hits = [hit(text, "en", department="Seed Testing Unit", title="Seed Testing Unit")]
    question = "How many staff does the STU have, and what are their roles?"
    assert answer_evidence(question, hits, "Seed Testing Unit", aliases=("STU",)) is not None
    assert answer_evidence(question, hits, "Seed Testing Unit") is None  # "STU" unknown: 1 of 3 words
    vehicles = "How many vehicles does the STU have?"
    assert answer_evidence(vehicles, hits, "Seed Testing Unit", ("STU",)) is None


def test_evidence_in_the_other_language_needs_the_named_department_and_the_counted_noun() -> None:
    text = "档案科2025年共办理借阅申请约1,200件，催还逾期借阅14件。"
    hits = [hit(text, "zh", department="档案科", title="档案科工作要点")]
    question = "How many loan applications did the Records Office handle in 2025?"
    assert answer_evidence(question, hits, department="档案科") is not None
    assert answer_evidence(question, hits, department=None) is None
    assert answer_evidence("How many servers does the Records Office run in 2025?", hits, "档案科") is None


@pytest.mark.parametrize(
    ("name", "known", "shortened"),
    [
        ("Supervision Office", "Supervision and Inspection Office", True),
        ("Licensing Section", "Administrative Licensing Section", False),  # first word differs
        ("Legal Aid Section", "Administrative Licensing Section", False),
        ("Supervision Section", "Supervision and Inspection Office", False),  # last word differs
        ("Talent Exchange Office", "Supervision and Inspection Office", False),
        ("Office", "General Office", False),
    ],
)
def test_a_known_name_with_words_left_out_is_not_an_unknown_department(
    name: str, known: str, shortened: bool
) -> None:
    assert _shortened(name, known) is shortened


# -- chat: the answer must give the kind asked for ------------------------------------------------


@pytest.mark.parametrize(
    ("question", "sentence", "gives"),
    [
        ("How many interpreters does the office employ?", "The office chased 14 overdue loans.", False),
        ("How many overdue loans were chased?", "The office chased 14 overdue loans.", True),
        (
            "How many overdue loans were chased?",
            "The Chinese source “档案科” states: “催还逾期借阅14件” (14 cases).",
            True,
        ),
        ("How many overdue loans were chased?", "The Chinese source “档案科” states: “12345热线”.", False),
        ("Who signs the register?", "Borrowers sign it in person.", True),
    ],
)
def test_answer_must_give_the_kind_asked_for(question: str, sentence: str, gives: bool) -> None:
    checked = [CheckedSentence(sentence, [1], True, 1.0)]
    assert _gives_kind(question, "en", checked) is gives


# -- glosses of a quote from the other language ----------------------------------------------------

NAMES = (("档案科", "Records Office"), ("行政审批科", "Administrative Licensing Section"))


@pytest.mark.parametrize(
    ("quote", "language", "question", "present", "absent"),
    [
        ("档案科催还逾期借阅14件。", "en", "How many loans?", ["14 cases", "档案科 = Records Office"], []),
        # The English name uses "licensing" (行政许可) for 审批: a gloss the verifier would reject.
        ("行政审批科派2人参加。", "en", "Who attended?", ["2 people"], ["Administrative Licensing Section"]),
        # Audit terms are glossed only when the question uses them.
        ("档案科的纠正措施已完成。", "en", "Corrective action done?", ["纠正措施 = corrective action"], []),
        ("档案科的纠正措施已完成。", "en", "Is it done?", [], ["corrective action"]),
        ("The Records Office chased 14 loans.", "zh", "催还了多少件？", ["Records Office = 档案科"], []),
    ],
)
def test_quote_glosses_figures_names_and_the_questions_terms(
    quote: str, language: str, question: str, present: list[str], absent: list[str]
) -> None:
    source = "zh" if language == "en" else "en"
    text = _glossed(quote, "Notes", source, language, question, NAMES)
    assert f"“{quote.rstrip('。.')}”" in text
    assert all(p in text for p in present), text
    assert not any(a in text for a in absent), text


def test_who_ranks_sentences_but_an_answer_need_not_name_a_person() -> None:
    # "kept by the General Office" answers "who keeps…" in words no pattern lists.
    asked = AnswerType.of("Who keeps the complaint register?")
    assert asked.kinds == {"person"}
    assert not asked.required()
    both = AnswerType.of("投诉办理最多延长几天？需经谁批准？")
    assert both.required().kinds == {"duration", "upper_bound"}


@pytest.mark.parametrize(
    ("question", "sentence", "fits"),
    [
        ("How many people work in the unit?", "Eleven staff: the head of unit and ten surveyors.", True),
        ("How many staff does the office have?", "The office has 6 people.", True),
        ("How many officers hold a licence?", "Twelve officers hold one.", True),
        ("How many people work in the unit?", "The unit checked 412 reports.", False),
        ("How many vehicles does the unit have?", "The unit has six staff.", False),
    ],
)
def test_words_for_people_answer_a_count_of_people(question: str, sentence: str, fits: bool) -> None:
    assert AnswerType.of(question).fits(sentence) is fits


@pytest.mark.parametrize(
    ("question", "row", "fits"),
    [
        (
            "How many survey reports did the unit check in 2025?",
            "Item: Boundary and cadastral survey reports checked; Volume: four hundred and twelve; Note: up.",
            True,
        ),
        ("How many survey reports were checked?", "Item: Survey reports; Target: within 7 days.", False),
        ("How many complaints were received?", "Item: Complaints; Share: 12%; Volume: 40.", True),
        ("How many vehicles does it run?", "Item: Survey reports; Volume: 412.", False),
    ],
)
def test_a_row_whose_item_names_the_counted_noun_counts_it_in_its_figure(
    question: str, row: str, fits: bool
) -> None:
    assert AnswerType.of(question).fits(row) is fits


@pytest.mark.parametrize(
    ("sentence", "fits"),
    [
        ("Invoices passed for payment on time; 95%; 91% (target missed).", True),
        ("低保审核确认按时办结率95%，未达到98%的目标。", True),
        ("The office met its target for replies.", True),
        ("We set a target every year.", False),
        ("Invoices are passed for payment within ten working days.", False),
    ],
)
def test_a_line_saying_whether_the_target_was_reached_answers_a_target_question(
    sentence: str, fits: bool
) -> None:
    asked = AnswerType.of("Did the unit meet its objective for paying invoices on time?")
    assert asked.fits(sentence) is fits


def test_evidence_for_a_figure_of_a_named_place_must_name_that_place() -> None:
    text = "In 2025 the stations ran 4,630 rapid tests. Twenty-seven tests came back positive."
    hits = [hit(text, "en", department="Testing Unit", title="Testing Unit overview")]
    county = "How many rapid tests did the stations run in 2025?"
    assert answer_evidence(county, hits, "Testing Unit") is not None
    shiling = "How many rapid tests did the Shiling station run in 2025?"
    assert answer_evidence(shiling, hits, "Testing Unit") is None
