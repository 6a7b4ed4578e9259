"""Text helpers shared by ingestion and the assistant."""

from __future__ import annotations

import pytest

from ingest.text import arabic_numerals, english_numerals


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("应在十个工作日内办结", "应在10个工作日内办结"),
        ("二十四小时内响应", "24小时内响应"),
        ("全年受理一百二十件", "全年受理120件"),
        ("每日两次记录", "每日2次记录"),
        ("一般情况下统一编号", "一般情况下统一编号"),  # numerals inside words stay
        ("三月十日前报送", "3月十日前报送"),  # a day of the month is not a duration
        ("十十个工作日", "十十个工作日"),  # not a number: left as written
        ("接收转办件四百余件", "接收转办件400余件"),  # 余/多 between the numeral and its unit
        ("十多个工作日", "10多个工作日"),
        ("演出一百三十四场", "演出134场"),
        ("余下三千", "余下三千"),  # no unit: left as written
        ("within 10 working days", "within 10 working days"),
    ],
)
def test_chinese_numerals_before_a_unit_become_digits(written: str, digits: str) -> None:
    assert arabic_numerals(written) == digits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Unit has six staff", "The Unit has 6 staff"),
        ("Twenty-seven tests came back positive", "27 tests came back positive"),
        ("ninety nine files", "99 files"),
        ("one lab technician", "1 lab technician"),
        # compounds, as agencies write volumes
        ("We received six hundred and twelve complaints in 2025.", "We received 612 complaints in 2025."),
        ("about three thousand one hundred cases", "about 3100 cases"),
        ("within ten working days", "within 10 working days"),
        # a Chinese character glued to the first word hides nothing ("six 112" before)
        ("前文six hundred and twelve complaints后文", "前文612 complaints后文"),
        ("共six hundred and twelve件", "共612件"),
        ("six.", "6."),
        # not a number word, or a small one standing alone (mostly a pronoun)
        ("someone often said", "someone often said"),
        ("one.", "one."),
        ("the second review", "the second review"),
        ("a one-off check", "a one-off check"),
        ("中文六百件", "中文六百件"),  # Chinese numerals are arabic_numerals' business
    ],
)
def test_english_numerals(text: str, expected: str) -> None:
    assert english_numerals(text) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("What happened to NC-2024-02?", ["nc-2024-02"]),
        ("编号：TCXF-2025-0765；承办", ["tcxf-2025-0765"]),
        ("依据PCS-P-04及N2026-01", ["pcs-p-04", "n2026-01"]),
        ("见NC–2025–03（重复）", ["nc-2025-03"]),  # en dashes read as hyphens
        ("FS/26/7", ["fs/26/7"]),
        ("GB/T 19001-2016", []),  # letters and digits in separate words
        ("2025-03-02", []),  # a date: no letter
        ("e-commerce", []),  # a word: no digit
        ("ISO 9001:2015", []),
    ],
)
def test_codes_are_read_whole_and_are_tokens_too(text: str, found: list[str]) -> None:
    from ingest.text import codes, tokenize

    assert codes(text) == found
    assert all(code in tokenize(text) for code in found)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Eleven staff: the head of unit (Ms. Hou Yiran), two surveyors. One post is vacant.", 2),
        ("Dr. Li agreed. Mr. Wang did not.", 2),
        ("See No. 5 of the list, e.g. the second row. Then stop.", 2),
        ("It ended. Then it began.", 2),
        ("The unit (approx. 40 cases) has Nos. 3 and 4.", 1),
    ],
)
def test_an_abbreviations_full_stop_ends_no_sentence(text: str, count: int) -> None:
    from ingest.text import split_sentences

    assert len([s for s in split_sentences(text) if s.strip()]) == count
