import unicodedata

import pytest

from workstation.fullwidth import DIGITS, PRINTABLE, TO_ASCII, TO_FULL, full_width, to_ascii, to_full
from workstation.screening.rules import ascii_digits
from workstation.validators import normalize_uscc, parse_date

WRITTEN_FULL = ("！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
                "［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～")


def test_the_whole_table_reads_every_full_width_ascii_form_as_unicode_folds_it():
    assert len(WRITTEN_FULL) == len(PRINTABLE) == 94
    assert WRITTEN_FULL.translate(TO_ASCII) == PRINTABLE
    assert PRINTABLE.translate(TO_FULL) == WRITTEN_FULL
    # the compatibility decomposition of each full-width form is its ASCII character: an oracle outside the module
    assert all(unicodedata.normalize("NFKC", c) == c.translate(TO_ASCII) for c in WRITTEN_FULL)
    assert all(unicodedata.name(c).startswith("FULLWIDTH ") for c in WRITTEN_FULL)


def test_the_whole_table_leaves_chinese_text_and_the_ideographic_space_alone():
    text = "来电号码为１３８　００１３　８０００（推销）、“贷款”。"
    assert text.translate(TO_ASCII) == "来电号码为138　0013　8000(推销)、“贷款”。"
    assert len(text.translate(TO_ASCII)) == len(text)


def test_a_narrow_table_reads_only_the_characters_it_names():
    table = to_ascii(DIGITS + "+-() ")
    assert "＋８６　１３８（Ａ）".translate(table) == "+86 138(Ａ)"
    assert "ab12".translate(to_full("ab")) == "ａｂ12"


@pytest.mark.parametrize("char", ["", "ab", "中", "\t", "\u3000", "０"])
def test_only_one_printable_ascii_character_or_the_space_has_a_full_width_form(char):
    with pytest.raises(ValueError):
        full_width(char)


def test_callers_keep_their_own_narrow_sets():
    # screening reads brackets and spaces only where full-width digits or signs are written
    assert ascii_digits("（推销）") == "（推销）"
    assert ascii_digits("（０７５７）８１２３") == "(0757)8123"
    # a USCC may be typed in full width, but never with I, O, Z, S or V, which stay what they are and are refused
    assert normalize_uscc("９１１１００００１０００１７７０７Ｈ") == "91110000100017707H"
    with pytest.raises(ValueError):
        normalize_uscc("９１３５０１００Ｍ０００１００Ｙ４Ｚ")
    assert parse_date("２０２６／３／１") == "2026-03-01"
