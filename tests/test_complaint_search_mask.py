"""A complaint search never finds a complaint by the digits masking hides: a part of a masked number finds nothing
(the list would show a hit with nothing marked, and confirm the hidden digits), the whole number finds it and is
marked whole, masked; other words, and the digits a list shows, are found as before. Every word is marked."""

import pytest

from tests.helpers import insert_complaint_texts
from workstation.masking import mask_text
from workstation.store.complaints import (
    MARK_END,
    MARK_START,
    count_complaints,
    marked_pieces,
    search_complaints,
    shows_every_word,
    snippet,
)

ROWS = [  # work order, complainant, text (as the walkthrough's complaints wrote the number)
    ("M1", "13900139001", "收到8583-6433发来的房产短信，称特价房源首付10万起"),
    ("M2", "13900139002", "其中(0757)85836433最频繁，对方不肯透露公司名称"),
    ("M3", "13900139003", "收到0757-8583-6433发来的房产短信，回T退订也没用"),
    ("M4", "13900139004", "小区门口8583号商铺占道经营，推销电话不断"),  # 8583 written where the list shows it
]


@pytest.fixture
def masked(db):
    insert_complaint_texts(db, ROWS)
    return db


def found(db, query):
    assert count_complaints(db, query) == len(hits := search_complaints(db, query, limit=50))
    return [h.external_id for h in hits]


@pytest.mark.parametrize("query", ["8583", "85836", "58364", "7578583", "８５８３", "8583-64"])
def test_a_part_of_a_masked_number_finds_nothing(masked, query):
    assert "8583" not in mask_text(ROWS[0][2]) and "8583" in mask_text(ROWS[3][2])
    assert [n for n in found(masked, query) if n != "M4"] == []


@pytest.mark.parametrize("query", ["58", "83"])  # one or two characters: the base table's path
def test_a_short_query_inside_a_masked_number_finds_nothing(masked, query):
    assert found(masked, query) == ["M4"]


@pytest.mark.parametrize("query", ["075785836433", "0757-8583-6433", "(0757)8583 6433", "85836433", "8583 6433"])
def test_the_whole_number_finds_every_way_it_is_written_and_is_marked_whole_masked(masked, query):
    hits = {h.external_id: h for h in search_complaints(masked, query)}
    assert sorted(hits) == ["M1", "M2", "M3"]
    for name, written in (("M1", "****-6433"), ("M2", "(0757)****6433"), ("M3", "0757-****-6433")):
        hit = hits[name]
        assert f"{MARK_START}{written}{MARK_END}" in snippet(hit.text, list(hit.words), shown=mask_text(hit.text),
                                                            rules=hit.rules)


def test_visible_digits_and_ordinary_words_are_found_as_before(masked):
    assert found(masked, "6433") == ["M3", "M2", "M1"]  # the last four digits, shown by the mask
    assert found(masked, "房产短信") == ["M3", "M1"]
    assert found(masked, "房产短信 8583") == []  # the number's hidden digits do not count for either
    assert found(masked, "8583号") == ["M4"]
    assert found(masked, "推销 8583") == ["M4"]
    assert shows_every_word(ROWS[3][2], ("推销", "8583")) and not shows_every_word(ROWS[0][2], ("8583",))


def test_the_snippet_marks_every_word_found_each_time():
    text = "推销电话天天打来，说是装修公司，电话里推销楼盘"
    plain, spans = marked_pieces(snippet(text, ["推销", "电话"]))
    assert plain == text and "【" not in plain
    assert [plain[a:b] for a, b in spans] == ["推销电话", "电话", "推销"]
