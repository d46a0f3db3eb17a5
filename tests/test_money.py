import pytest

from workstation.money import chinese_date, figures, uppercase


@pytest.mark.parametrize("yuan, words", [  # REFERENCE §8.4, worked outputs
    ("189000.00", "人民币壹拾捌万玖仟元整"),
    ("200000.00", "人民币贰拾万元整"),
    ("105000.00", "人民币壹拾万伍仟元整"),
    ("100500.00", "人民币壹拾万零伍佰元整"),
    ("1010.00", "人民币壹仟零壹拾元整"),
    ("1000.50", "人民币壹仟元伍角整"),
    ("100.05", "人民币壹佰元零伍分"),
    ("12345678.90", "人民币壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整"),
    ("100000000.00", "人民币壹亿元整"),
    ("3.14", "人民币叁元壹角肆分"),
])
def test_uppercase_amounts_of_the_reference(yuan, words):
    fen = round(float(yuan) * 100)
    assert uppercase(fen) == words


@pytest.mark.parametrize("fen, words", [
    (0, "人民币零元整"),
    (50, "人民币伍角整"),
    (5, "人民币伍分"),
    (1_000_000, "人民币壹万元整"),
    (10_001_000, "人民币壹拾万零壹拾元整"),
    (100_000_100, "人民币壹佰万零壹元整"),
    (1_000_000_000_00, "人民币壹拾亿元整"),
    (100_010_000_00, "人民币壹亿零壹万元整"),
])
def test_uppercase_zeros_and_units(fen, words):
    assert uppercase(fen) == words


@pytest.mark.parametrize("yuan, words", [
    (1_500_000_000_000, "人民币壹万伍仟亿元整"),  # 1.5 trillion: the number of 亿 in words, never 壹万亿伍仟亿
    (1_000_100_000_000, "人民币壹万零壹亿元整"),
    (9_999_999_999_999, "人民币玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整"),
    (1_000_000_000_005, "人民币壹万亿零伍元整"),
    (1_005_000_000_000, "人民币壹万零伍拾亿元整"),
    (100_005_000_000, "人民币壹仟亿零伍佰万元整"),
])
def test_uppercase_from_a_trillion_writes_the_number_of_yi_once(yuan, words):
    assert uppercase(yuan * 100) == words


def test_figures_have_the_yuan_sign_separators_and_two_decimals():
    assert figures(18_900_000) == "¥189,000.00"
    assert figures(7600) == "¥76.00"
    assert figures(5) == "¥0.05"


@pytest.mark.parametrize("bad", [-1, 1.5, "100", True])
def test_only_whole_non_negative_fen_are_amounts(bad):
    with pytest.raises(ValueError):
        uppercase(bad)


def test_dates_as_documents_print_them():
    assert chinese_date("2026-03-22") == "2026年3月22日"
    assert chinese_date("2026-10-08T09:30:00+08:00") == "2026年10月8日"
    assert chinese_date(None) == ""
