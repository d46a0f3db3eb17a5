"""A mistyped ID number (its birth date no date: a 13th month, a 32nd day) written right after an ID label is masked
where it is shown (``masking.LABELLED_ID_RX``, tests/test_s73_masking.py); the complaint search finds it by the whole
number, as it finds a valid ID number — marked whole, masked — and never by the digits masking hides. Without a label
such a number is shown as written, and found as any other text is."""

from __future__ import annotations

import pytest

from tests.helpers import insert_complaint_texts, run, run_json
from workstation.leads_register import LeadEntry, register_lead
from workstation.masking import mask_text
from workstation.store.complaints import (
    MARK_END,
    MARK_START,
    complaints_holding,
    count_complaints,
    search_complaints,
    shows_every_word,
    snippet,
)

VALID = "本人身份证号码440602199001011234被泄露给装修公司，天天接到推销电话"
MISTYPED = "本人身份证号码440602199013011234被泄露给装修公司，天天接到推销电话"
MISTYPED_X = "登记时留的公民身份号码：44060219900132123X，现在每天接到贷款推销电话"
MISTYPED_15 = "本人身份证号码440602901301123被泄露，每天接到推销电话"
UNLABELLED = "工单号440602199013011234，来电反映每天接到推销电话"


@pytest.fixture
def stored(db):
    insert_complaint_texts(db, [("W1", "13900139001", VALID), ("W2", "13900139002", MISTYPED),
                                ("W3", "13900139003", MISTYPED_X), ("W4", "13900139004", MISTYPED_15),
                                ("W5", "13900139005", UNLABELLED)])
    return db


def found(db, query):
    return sorted(hit.external_id for hit in search_complaints(db, query))


@pytest.mark.parametrize(("query", "expected", "shown"), [
    ("440602199001011234", ["W1"], "4406**********1234"),  # a valid ID number: as before
    ("440602199013011234", ["W2", "W5"], "4406**********1234"),  # month 13, after its label (and W5, unmasked)
    ("４４０６０２１９９０１３０１１２３４", ["W2", "W5"], "4406**********1234"),  # typed in full width
    ("44060219900132123X", ["W3"], "4406**********123X"),  # day 32, its check character X
    ("44060219900132123x", ["W3"], "4406**********123X"),
    ("440602901301123", ["W4"], "4406*******1123"),  # 15 digits, month 13
])
def test_a_masked_id_number_is_found_by_the_whole_number(stored, query, expected, shown):
    assert found(stored, query) == expected
    assert count_complaints(stored, query) == len(expected)
    for hit in search_complaints(stored, query):
        masked = mask_text(hit.text)
        if hit.external_id != "W5":
            assert shown in masked  # masked in the list, and marked whole as masked
            assert f"{MARK_START}{shown}{MARK_END}" in snippet(hit.text, list(hit.words), shown=masked)
        else:  # no label: shown as written, and marked so
            assert masked == UNLABELLED
            assert f"{MARK_START}440602199013011234{MARK_END}" in snippet(hit.text, list(hit.words), shown=masked)


@pytest.mark.parametrize(("text", "number"), [(VALID, "440602199001011234"), (MISTYPED, "440602199013011234"),
                                              (MISTYPED_X, "44060219900132123X"), (MISTYPED_15, "440602901301123")])
def test_shows_every_word_finds_a_labelled_id_number_whole(text, number):
    assert mask_text(text) != text
    assert shows_every_word(text, [number])


@pytest.mark.parametrize("query", ["0602199013", "19901301", "199013011234", "4406021990130", "13", "0130"])
def test_a_part_of_a_mistyped_id_number_finds_nothing_where_it_is_masked(stored, query):
    """The digits masking hides find nothing, the short query (under three characters, the base table) too; only the
    unlabelled number, shown as written, is found by them."""
    assert found(stored, query) == ["W5"]
    assert count_complaints(stored, query) == 1
    assert not shows_every_word(MISTYPED, [query])


@pytest.mark.parametrize(("query", "expected"), [("1234", ["W1", "W2", "W5"]), ("123X", ["W3"]),
                                                 ("12", ["W1", "W2", "W3", "W4", "W5"])])
def test_the_visible_end_of_a_masked_id_number_is_still_found(stored, query, expected):
    assert found(stored, query) == expected


@pytest.mark.parametrize("text", [
    UNLABELLED,
    "证件号码：911101191000000089，该公司每天发送推销短信",  # a credit code all in digits: not masked
    "账户6222021234567890123转账记录",
])
def test_an_unlabelled_number_is_found_as_before(text):
    number = "".join(ch for ch in text if ch.isdigit())[:18]
    assert mask_text(text) == text or number not in text
    assert shows_every_word(text, [number])
    assert shows_every_word(text, [number[2:12]])  # shown as written: a part of it is found too


def test_a_mistyped_id_number_of_another_complaint_is_not_found(stored):
    """The whole number finds only the complaint writing that number, not one writing another mistyped one."""
    assert found(stored, "440602199013011235") == []
    assert not shows_every_word(MISTYPED, ["440602199013011235"])


def test_the_leads_complaint_picker_finds_the_mistyped_id_number():
    complaints = [{"external_id": "W2", "text": MISTYPED, "shown": mask_text(MISTYPED)},
                  {"external_id": "W1", "text": VALID, "shown": mask_text(VALID)}]
    assert [c["external_id"] for c in complaints_holding(complaints, "440602199013011234")] == ["W2"]
    assert [c["external_id"] for c in complaints_holding(complaints, "440602199001011234")] == ["W1"]
    assert complaints_holding(complaints, "0602199013") == []


def test_leads_search_finds_a_lead_by_the_mistyped_id_number(db, data_dir, capsys):
    for party in ("身份证号码440602199013011234的使用人", "身份证号码440602199001011234的使用人"):
        register_lead(db, LeadEntry(source="report", received_at="2026-03-02 10:00", description="推销电话骚扰",
                                    party=party))
    for number in ("440602199013011234", "440602199001011234"):
        leads = run_json(capsys, "--data-dir", data_dir, "leads", "list", "--search", number)
        assert [lead["target"] for lead in leads] == ["身份证号码4406**********1234的使用人"]
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "list", "--search", "440602199013011234")
    assert code == 0, err
    assert "4406**********1234" in out and "440602199013011234" not in out
