import datetime as dt

import pytest

from workstation.money import figures
from workstation.validators import (
    normalize_id_number,
    normalize_mobile,
    normalize_uscc,
    parse_count,
    parse_date,
    parse_datetime,
    parse_money_fen,
)


@pytest.mark.parametrize("code", ["91110000100017707H", "91512081MA62K0260E", "91350100M000100Y43"])
def test_uscc_worked_examples_of_the_reference_are_valid(code):
    assert normalize_uscc(code) == code


def test_uscc_with_the_letter_z_of_the_standards_own_example_is_rejected(english):
    with pytest.raises(ValueError, match="91350100M000100Y4Z is not a unified social credit code: it has 18 digits "
                                         "and capital letters other than I, O, Z, S and V, as on the business licence"):
        normalize_uscc("91350100M000100Y4Z")


def test_uscc_with_a_wrong_check_character_is_rejected(english):
    with pytest.raises(ValueError, match="check character of 91110000100017707A is wrong: compare the code with the "
                                         "business licence"):
        normalize_uscc("91110000100017707A")


def test_uscc_of_the_wrong_length_says_how_many_characters_were_given(english):
    with pytest.raises(ValueError, match="^9111000010001770 has 16 characters, but a unified social credit code has 18: "
                                         "copy all 18 from the business licence.$"):
        normalize_uscc("9111000010001770")


def test_uscc_is_upper_cased_and_stripped_of_spaces_and_full_width_digits():
    assert normalize_uscc(" 91110000100017707h ") == "91110000100017707H"
    assert normalize_uscc("９１１１００００１０００１７７０７Ｈ") == "91110000100017707H"


def test_id_number_example_of_the_standard_is_valid():
    assert normalize_id_number("11010519491231002X") == "11010519491231002X"


def test_id_number_with_lowercase_x_is_accepted_and_upper_cased():
    assert normalize_id_number("11010519491231002x") == "11010519491231002X"


def test_id_number_with_a_bad_check_digit_is_rejected(english):
    with pytest.raises(ValueError, match=r"check digit of ID number 1101\*{10}0021 is wrong: compare it with the ID "
                                         "card"):
        normalize_id_number("110105194912310021")


def test_id_number_with_an_impossible_birth_date_is_rejected(english):
    body = "11010519491331002"  # month 13
    from stdnum.cn import ric

    with pytest.raises(ValueError, match="birth date in ID number"):
        normalize_id_number(body + ric.calc_check_digit(body + "0"))


def test_id_number_of_seventeen_digits_says_the_length(english):
    with pytest.raises(ValueError, match=r"^1101\*{9}1002 has 17 characters, but a resident ID number has 18 \(17 "
                                         r"digits and a digit or X\): copy all 18 from the ID card.$"):
        normalize_id_number("11010519491231002")


@pytest.mark.parametrize(("text", "why", "nearest"), [
    ("2026-02-30", "month 2 of 2026 has 28 days", "2026-02-28"), ("2028年2月30日", "month 2 of 2028 has 29 days",
                                                                  "2028-02-29"),
    ("2026/4/31", "month 4 of 2026 has 30 days", "2026-04-30"), ("2026-03-00", "month 3 of 2026 has 31 days",
                                                                "2026-03-01"),
    ("2026-13-01", "a month is 1 to 12", "2026-12-01"), ("2026-00-15", "a month is 1 to 12", "2026-01-15"),
])
def test_a_day_not_in_the_calendar_is_named_with_the_nearest_day_that_is(text, why, nearest, english):
    with pytest.raises(ValueError) as refused:
        parse_date(text)
    assert str(refused.value) == (f"{text} is not a date in the calendar ({why}): write a date that exists, such as "
                                  f"{nearest}.")


def test_a_day_not_in_the_calendar_reads_as_chinese_advice():
    with pytest.raises(ValueError) as refused:
        parse_date("2026-02-30")
    assert str(refused.value) == "2026-02-30 不是日历上存在的日期（2026年2月共28天），请填写如 2026-02-28 的实际日期。"


@pytest.mark.parametrize("text", ["2026/3/1", "2026年3月1日", "2026-03-01", "2026.3.1", "20260301",
                                  "2026-03-01 09:30:00", "2026/3/1 9:30", "2026-03-01T09:30:00+08:00",
                                  "２０２６－０３－０１"])
def test_parse_date_accepts_the_usual_ways_of_writing_a_date(text):
    assert parse_date(text) == "2026-03-01"


@pytest.mark.parametrize("text", ["2026-09-01 25:99", "2026-09-01 24:00", "2026/9/1 9:60", "2026-09-01T09:30:61"])
def test_parse_date_refuses_a_time_after_the_date_that_is_no_time(text, english):
    # the time is dropped from the date, but read: a typing error there is said, not taken for midnight
    with pytest.raises(ValueError, match="is not a time of day: hours run from 00 to 23"):
        parse_date(text)


def test_a_stats_period_with_no_time_after_its_date_is_refused_naming_the_option(db, data_dir, capsys, english):
    from tests.helpers import run

    code, out, err = run(capsys, "--data-dir", data_dir, "stats", "--from", "2026-09-01 25:99")
    assert (code, out) == (1, "")
    assert err.startswith("Error: --from: 2026-09-01 25:99 is not a time of day")


def test_parse_date_accepts_date_objects_and_treats_empty_as_no_date():
    assert parse_date(dt.datetime(2026, 3, 1, 14, 0)) == "2026-03-01"
    assert parse_date(dt.date(2026, 3, 1)) == "2026-03-01"
    assert parse_date("") is None
    assert parse_date(None) is None


def test_parse_date_rejects_text_that_is_no_date(english):
    with pytest.raises(ValueError, match="write it as 2026-03-01"):
        parse_date("下周一")


@pytest.mark.parametrize(("text", "fen"), [
    ("1,234.50", 123450), ("¥1,234", 123400), ("￥189,000.00", 18900000), ("1234元", 123400),
    ("0.5", 50), (189000, 18900000), (1234.5, 123450), ("", 0), (None, 0), ("１，２３４．５０", 123450),
])
def test_parse_money_fen_reads_yuan_into_integer_fen(text, fen):
    assert parse_money_fen(text) == fen


def test_parse_money_fen_rejects_a_negative_amount(english):
    with pytest.raises(ValueError, match="cannot be negative"):
        parse_money_fen("-500")


def test_parse_money_fen_rejects_three_decimals_and_shows_the_amount_to_the_fen(english):
    with pytest.raises(ValueError, match=r"at most two decimals \(fen\): write 12.345 to the fen, such as 12.35"):
        parse_money_fen("12.345")


@pytest.mark.parametrize("text", ["abc", "十万", "1.2.3", True, "Infinity", "nan", "1e30", float("inf"),
                                  float("nan")])
def test_parse_money_fen_rejects_text_that_is_no_amount(text, english):
    with pytest.raises(ValueError, match="not an amount of money"):
        parse_money_fen(text)


def test_parse_count_allows_thousands_separators_and_refuses_negative_counts(english):
    assert parse_count("18,176") == 18176
    assert parse_count("453条") == 453
    assert parse_count(12.0) == 12
    with pytest.raises(ValueError, match="cannot be negative"):
        parse_count("-3")
    with pytest.raises(ValueError, match="not a whole number"):
        parse_count("3.5")


@pytest.mark.parametrize("text", ["13800138000", "+86 138-0013-8000", "86-13800138000", "138 0013 8000",
                                  "(138)00138000"])
def test_mobile_numbers_are_normalised_to_eleven_digits(text):
    assert normalize_mobile(text) == "13800138000"


@pytest.mark.parametrize("text", ["12800138000", "1380013800", "075712345678", "138001380001"])
def test_numbers_that_are_no_mainland_mobile_are_rejected(text, english):
    with pytest.raises(ValueError, match="11 digits and starts with 13–19"):
        normalize_mobile(text)


def test_amounts_are_printed_with_yuan_sign_and_separators():
    assert figures(18900000) == "¥189,000.00"
    assert figures(123405) == "¥1,234.05"
    assert figures(0) == "¥0.00"


def test_an_id_number_born_in_the_future_is_refused():
    from workstation.validators import normalize_id_number

    with pytest.raises(ValueError, match="晚于今天"):
        normalize_id_number("11010520300101001X")


def test_amounts_and_counts_beyond_any_case_are_refused_before_they_reach_the_database(english):
    assert parse_money_fen("9,999,999,999,999.99") == 999_999_999_999_999
    assert parse_count("999,999,999,999,999") == 999_999_999_999_999
    for value in ("10,000,000,000,000", 1e20):
        with pytest.raises(ValueError, match="too large for an amount"):
            parse_money_fen(value)
    for value in ("9" * 25, 10**15):
        with pytest.raises(ValueError, match="too large for a count"):
            parse_count(value)


@pytest.mark.parametrize(("check", "value", "advice"), [
    (parse_money_fen, "十万", "十万 is not an amount of money: write the yuan in digits, such as 1,234.50 or 1234.5."),
    (parse_money_fen, "-500", "An amount cannot be negative (-500): write it without the minus sign."),
    (parse_money_fen, "1" * 16, f"{'1' * 16} is too large for an amount: check the digits, and write the amount in "
                                "yuan, such as 189,000.00."),
    (parse_count, "三百", "三百 is not a whole number: write the count in digits, such as 453 or 18,176."),
    (parse_count, "-3", "A count cannot be negative (-3): write it without the minus sign."),
    (parse_count, "1" * 16, f"{'1' * 16} is too large for a count: check the digits (a count is written like 18,176)."),
    (parse_datetime, "2026-03-10 24:30", "2026-03-10 24:30 is not a time of day: hours run from 00 to 23 and minutes "
                                         "from 00 to 59, as in 2026-03-10 09:30."),
    (normalize_mobile, "12800138000", "128****8000 is not a mobile number: a mobile number has 11 digits and starts "
                                      "with 13–19, such as 13800138000."),
    (normalize_id_number, "11010520300101001X", "The birth date in ID number 1101**********001X is after today: "
                                                "compare it with the ID card."),
])
def test_each_refusal_names_the_value_and_what_a_correct_one_looks_like(check, value, advice, english):
    with pytest.raises(ValueError) as refused:
        check(value)
    assert str(refused.value) == advice and "\n" not in advice


def test_an_impossible_birth_date_in_an_id_number_is_named_masked(english):
    from stdnum.cn import ric

    body = "11010519491331002"  # month 13
    with pytest.raises(ValueError) as refused:
        normalize_id_number(body + ric.calc_check_digit(body + "0"))
    assert str(refused.value).startswith("The birth date in ID number 1101**********")
    assert str(refused.value).endswith("does not exist: compare it with the ID card.") and body not in str(refused.value)
