"""Lists of names (files, bundles, characters, penalties…) read "甲、乙" in Chinese — the enumeration comma — not
"甲，乙", which parts clauses; in English they stay "a, b". Clauses (a payment's amount, surcharge and voucher) keep
the comma."""

from __future__ import annotations

from workstation.bundle.export_journal import unrecorded_note
from workstation.documents.glyphs import MissingGlyphs
from workstation.i18n import join_names
from workstation.store.cases import payment_text

CUT_OFF = {"unrecorded": [{"file": "station-0001.wsbundle", "removed": True},
                          {"file": "station-0002.wsbundle", "removed": True}]}


def test_the_bundles_an_export_removed_are_listed_with_the_enumeration_comma_in_chinese(chinese):
    note = unrecorded_note(CUT_OFF)
    assert "案卷包 station-0001.wsbundle、station-0002.wsbundle 由被中断的导出写入" in note
    assert "station-0001.wsbundle，" not in note


def test_the_same_message_in_english_lists_them_with_a_comma(english):
    assert unrecorded_note(CUT_OFF).startswith("The bundles station-0001.wsbundle, station-0002.wsbundle, written by "
                                               "exports that were cut off")


def test_characters_no_font_has_are_named_one_after_the_other(chinese):
    assert MissingGlyphs("当事人", "\U00020bb7\u4dc0").named() == "“\U00020bb7”（U+20BB7）、“\u4dc0”（U+4DC0）"


def test_joining_names_in_each_language(chinese):
    assert join_names(["a.csv", "b.csv", "c.csv"]) == "a.csv、b.csv、c.csv"
    assert join_names(["a.csv"]) == "a.csv" and join_names([]) == ""


def test_joining_names_in_english(english):
    assert join_names(iter(["a.csv", "b.csv", "c.csv"])) == "a.csv, b.csv, c.csv"


def test_the_parts_of_a_payment_are_clauses_and_keep_the_comma(chinese):
    said = payment_text('{"paid_fen": 150000, "surcharge_fen": 50000, "voucher": "F-12"}')
    assert "，" in said and "、" not in said
