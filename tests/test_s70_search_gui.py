"""Session 70, the complaint search seen from the 线索 page (audit search_gui): a masked number copied as the list shows
it, with its spaces (138 **** 8000, full width with ideographic spaces, inside a phrase), finds what the number
without them finds, and the search agrees with the lead's complaint picker (``complaints_holding``); a complaint found
only by its 被投诉方 shows the name, marked, in the list's Text cell; the count of the complaints found is never shown
over the list of another query. A phrase is split, and spaced tokens joined, only at a run of two or more mask
characters, as the list masks a number (规格1200*600瓷砖 stays one phrase); a work-order number is found in every
source storing it; a query of Chinese characters alone (the shortcut past the general rules) is read as the general
rules read it; a further page read on the list's own connection leaves that connection's page cache alone."""

from __future__ import annotations

import re

import pytest

from ui.marked_text import MARKS_ROLE
from ui.task_runner import ImmediateRunner
from workstation.masking import mask_text
from workstation.progress import CancelToken
from workstation.store import complaints
from workstation.store.complaints import (
    checked_words,
    complaints_holding,
    count_complaints,
    insert_complaints,
    search_complaints,
    search_words,
)

TEXTS = [  # (work order, text, 被投诉方)
    ("C1", "电话138 0013 8000多次骚扰", ""),
    ("C2", "电话138-0013-8000多次骚扰", ""),
    ("C3", "电话１３８００１３８０００多次骚扰", ""),
    ("C7", "接到推销电话", "鸿运地产有限公司"),
    ("C9", "电话13800138000多次骚扰，另有0757-86123457", ""),
    ("C13", "１３８　００１３　８０００来电", ""),
    ("C20", "电话13900139000多次骚扰", ""),
]


def add(db, rows=TEXTS) -> None:
    insert_complaints(db, [(f"id-{n}", "12345", n, f"2026-03-{i + 1:02d} 10:00:00", text, "{}", "f.csv", i + 2,
                            "2026-03-20T00:00:00+08:00", "12345", f"1391111{i:04d}", target, "", "", "", "", "", "",
                            "", None) for i, (n, text, target) in enumerate(rows)])


def found(db, query: str) -> list[str]:
    return sorted(hit.external_id for hit in search_complaints(db, query, limit=1000))


def picked(db, query: str) -> list[str]:
    """What the picker of a lead's complaints keeps of every complaint for ``query``."""
    listed = [{"external_id": n, "text": text, "shown": mask_text(text)} for n, text, _target in TEXTS]
    return sorted(c["external_id"] for c in complaints_holding(listed, query))


MASKED = ["138 **** 8000", "１３８　＊＊＊＊　８０００", "１３８\u3000****\u3000８０００", "138  ****  8000", "138 ****8000"]


@pytest.mark.parametrize("query", MASKED)
def test_a_masked_number_copied_with_its_spaces_finds_what_it_finds_without(db, query):
    add(db)
    assert found(db, "138****8000") == ["C1", "C13", "C2", "C3", "C9"]
    assert count_complaints(db, query) == count_complaints(db, "138****8000") == 5
    assert found(db, query) == found(db, "138****8000")
    assert picked(db, query) == found(db, query)  # the picker agrees


@pytest.mark.parametrize(("query", "without"), [("电话138 **** 8000多次", "电话138****8000多次"),
                                                ("其中138 **** 8000多次", "其中138****8000多次"),
                                                ("骚扰 138 **** 8000", "骚扰 138****8000")])
def test_a_masked_number_inside_a_phrase_is_found_as_a_number(db, query, without):
    add(db)
    assert found(db, query) == found(db, without)
    assert count_complaints(db, query) == count_complaints(db, without) == len(found(db, query))
    assert picked(db, query) == found(db, query)
    assert picked(db, without) == found(db, without)


def test_the_phrase_copied_from_the_list_finds_the_complaint_it_was_copied_from(db):
    add(db)
    shown = mask_text("电话138 0013 8000多次骚扰")
    assert shown.startswith("电话138 **** 8000多次")
    assert "C1" in found(db, shown[:len("电话138 **** 8000多次")])
    assert found(db, "电话138 **** 8000多次") == ["C1", "C2", "C3", "C9"]  # not C20, whose number differs


def test_a_mask_character_between_words_still_separates_them(db):
    add(db)
    assert found(db, "电话 · 骚扰") == []  # the · is a word no text writes
    assert search_words("电话 · 骚扰") == ("电话", "·", "骚扰")
    assert search_words("2026 138****8000") == ("2026", "138****8000")  # a number before it stays a word of its own
    assert search_words("138 8000") == ("138", "8000")


def test_a_star_between_digits_keeps_the_phrase_whole(db):
    """A single * between digits is no masked number copied from the list (that writes ****): the phrase is found
    only where a text writes it, as before the masked numbers were taken out of phrases."""
    add(db, [("P1", "购买规格1200*600瓷砖有裂纹", ""), ("P2", "瓷砖1200*6000规格不符", ""), ("P3", "瓷砖规格800*800", "")])
    for query in ("规格1200*600瓷砖", "1200*600瓷砖", "规格1200*600"):
        assert search_words(query) == (query,)
        assert found(db, query) == ["P1"], query
        assert count_complaints(db, query) == 1
    assert search_words("1200 * 600瓷砖") == ("1200", "*", "600瓷砖")  # a lone * typed apart joins nothing
    assert search_words("3 · 15晚会") == ("3", "·", "15晚会")


@pytest.mark.parametrize(("query", "words"), [("电话138****8000，139****9000", ("电话", "138****8000", "139****9000")),
                                              ("电话138****8000，、139****9000。", ("电话", "138****8000", "139****9000")),
                                              ("（138****8000）、", ("（138****8000）",)),
                                              ("电话(0757)8112****转", ("电话", "(0757)8112****", "转")),
                                              ("电话138****8000，另有", ("电话", "138****8000", "，另有"))])
def test_a_leftover_of_punctuation_beside_a_masked_number_is_no_word(db, query, words):
    """Cutting a phrase around a masked number leaves no word made only of punctuation (a word under three
    characters takes the search past the trigram index); a short word of characters (转) stays: the officer typed
    it."""
    assert search_words(query) == words


def test_a_pasted_phrase_of_two_masked_numbers_finds_what_it_found(db):
    add(db, [("D1", "电话138 0013 8000，139 0013 9000均来电", ""), ("D2", "电话13800138000与13900139000", ""),
             ("D3", "电话13800138000多次", "")])
    query = "电话138****8000，139****9000"
    assert "D1" in found(db, query)  # the complaint the phrase was copied from, which writes the ，
    assert found(db, query) == found(db, "电话 138****8000 139****9000") == ["D1", "D2"]
    assert count_complaints(db, query) == 2


@pytest.mark.parametrize(("query", "words"), [("138 **** 8000", ("138****8000",)),
                                              ("138** 8000", ("138**8000",)),
                                              ("电话138 ** 8000", ("电话", "138**8000")),
                                              ("电话138****8000多次", ("电话", "138****8000", "多次")),
                                              ("１３８　＊＊＊＊　８０００", ("１３８＊＊＊＊８０００",))])
def test_a_masked_number_as_the_list_writes_it_is_still_one_word(db, query, words):
    add(db)
    assert search_words(query) == words
    assert found(db, query) == found(db, "138****8000" if len(words) == 1 else "电话138****8000")


def test_a_work_order_number_is_found_in_every_source_storing_it(db):
    rows = [("aa", "WO-77", "第一来源的投诉"), ("bb", "", "没有工单号的来源"), ("bc", "WO-1", "另一工单"),
            ("cc", "WO-77", "第三来源的投诉"), ("dd", "", "又一个没有工单号的"), ("ee", "WO-77", "最后来源的投诉")]
    insert_complaints(db, [(f"id-{i}", source, number, f"2026-03-{i + 1:02d} 10:00:00", text, "{}", "f.csv", i + 2,
                            "2026-03-20T00:00:00+08:00", "12345", f"1391111{i:04d}", "", "", "", "", "", "", "",
                            "", None) for i, (source, number, text) in enumerate(rows)])
    hits = search_complaints(db, "WO-77", limit=100)
    assert sorted(hit.id for hit in hits) == ["id-0", "id-3", "id-5"]
    assert count_complaints(db, "WO-77") == 3
    assert sorted(hit.id for hit in search_complaints(db, "wo-77", limit=100)) == ["id-0", "id-3", "id-5"]


CHINESE = ["罚款单", "推销电话", "鸿运地产有限公司", "㐀㐁㐂", "鿿鿿鿿", "骚扰"]


def _read_generally(monkeypatch):
    """The general rules for every query: the shortcut of a Chinese-only query never taken."""
    monkeypatch.setattr(complaints, "_CHINESE_WORD", re.compile(r"(?!)"))
    _forget_searches()


def _forget_searches():
    for held in (complaints._checked_words_held, complaints._matching_held, complaints._numbered_ways):
        held.cache_clear()


@pytest.mark.parametrize("query", CHINESE)
def test_a_chinese_only_query_is_read_as_the_general_rules_read_it(db, monkeypatch, query):
    add(db, [*TEXTS, ("罚款单", "开具罚款单推销电话", ""), ("C40", "㐀㐁㐂 鿿鿿鿿", "")])
    _forget_searches()
    shortcut = complaints._CHINESE_WORD.fullmatch(query) is not None
    assert shortcut == (len(query) >= 3)  # the queries of three characters or more take it
    quick = (checked_words(query), complaints._matching_rowids(checked_words(query)),
             complaints._numbered_ways(query), found(db, query), count_complaints(db, query))
    try:
        _read_generally(monkeypatch)
        general = (checked_words(query), complaints._matching_rowids(checked_words(query)),
                   complaints._numbered_ways(query), found(db, query), count_complaints(db, query))
    finally:
        monkeypatch.undo()
        _forget_searches()
    assert quick == general
    assert quick[0] == (query,) and quick[3]


# ---- the list ----------------------------------------------------------------------------------------------------


def test_a_complaint_found_by_its_business_alone_shows_the_name_marked(db, make_window, english):
    add(db)
    page = make_window(db).leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    page.search.setText("鸿运")
    page.run_search()
    model = page.complaint_model
    assert [hit.external_id for hit in model.records] == ["C7"]
    index = model.index(0, model.TEXT_COLUMN)
    cell, marks = model.data(index), model.data(index, MARKS_ROLE)
    assert marks, cell
    assert [cell[a:b] for a, b in marks] == ["鸿运"]
    assert cell.startswith("Complained-about party: 鸿运地产有限公司") and cell.endswith("接到推销电话")
    # a word the text writes is marked there, with no name before it
    page.search.setText("推销")
    page.run_search()
    cell, marks = model.data(index), model.data(index, MARKS_ROLE)
    assert cell == "接到推销电话" and [cell[a:b] for a, b in marks] == ["推销"]


def test_a_word_found_only_in_the_business_shows_the_name_beside_a_word_the_text_marks(db, make_window, english):
    """鸿运 推销 finds C7 by 鸿运 in its 被投诉方 and 推销 in its text: the row shows both, each marked."""
    add(db)
    page = make_window(db).leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    page.search.setText("鸿运 推销")
    page.run_search()
    model = page.complaint_model
    assert [hit.external_id for hit in model.records] == ["C7"]
    index = model.index(0, model.TEXT_COLUMN)
    cell, marks = model.data(index), model.data(index, MARKS_ROLE)
    assert cell == "Complained-about party: 鸿运地产有限公司 | 接到推销电话"
    assert [cell[a:b] for a, b in marks] == ["鸿运", "推销"]
    # both words in the text: no name before it
    page.search.setText("接到 推销")
    page.run_search()
    cell, marks = model.data(index), model.data(index, MARKS_ROLE)
    assert cell == "接到推销电话" and [cell[a:b] for a, b in marks] == ["接到推销"]


def test_the_name_in_the_list_is_masked_as_the_text_is(db, make_window, english):
    add(db, [("C30", "接到推销电话", "13204482659鸿运商行")])
    page = make_window(db).leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    page.search.setText("鸿运商行")
    page.run_search()
    model = page.complaint_model
    index = model.index(0, model.TEXT_COLUMN)
    cell, marks = model.data(index), model.data(index, MARKS_ROLE)
    assert "13204482659" not in cell and "132****2659鸿运商行" in cell
    assert [cell[a:b] for a, b in marks] == ["鸿运商行"]


def test_the_name_in_the_list_in_chinese(db, make_window, chinese):
    add(db)
    page = make_window(db).leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    page.search.setText("鸿运")
    page.run_search()
    model = page.complaint_model
    index = model.index(0, model.TEXT_COLUMN)
    cell, marks = model.data(index), model.data(index, MARKS_ROLE)
    assert cell.startswith("被投诉对象：鸿运地产有限公司") and cell.endswith("接到推销电话")  # the pane's label
    assert [cell[a:b] for a, b in marks] == ["鸿运"]


class CountFirst(ImmediateRunner):
    """Runs every task at once but the search and the count of the complaints found, which wait until ``finish``
    runs them in the order given."""

    HELD = ("Searching the complaints", "Counting the complaints found")

    def __init__(self):
        super().__init__()
        self.held: dict[str, tuple] = {}

    def start(self, title, work, on_done, on_error, progress):
        if title not in self.HELD:
            return super().start(title, work, on_done, on_error, progress)
        token = CancelToken()  # its own: a search replaced cancels its token, not every task's
        self.held[title] = (work, on_done, on_error, token)
        return token

    def finish(self, title: str) -> None:
        work, on_done, on_error, token = self.held.pop(title)
        try:
            result = work(progress=lambda *_a: None, cancel=token)
        except Exception as exc:  # noqa: BLE001 - as the runner: errors go to on_error
            on_error(exc)
        else:
            on_done(result)


def test_the_count_is_not_shown_over_the_list_of_another_query(db, make_window, english):
    add(db)
    runner = CountFirst()
    page = make_window(db, runner=runner).leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    model = page.complaint_model
    page.search.setText("有限公司")
    page.run_search()
    runner.finish("Searching the complaints")
    runner.finish("Counting the complaints found")
    assert model.searched == "有限公司" and page.search_count.text() == "1 complaints found"
    page.search.setText("骚扰")
    page.run_search()
    runner.finish("Counting the complaints found")  # the count ends first
    assert model.searched != "骚扰"
    assert page.search_count.text() == "Counting the complaints found…"
    runner.finish("Searching the complaints")
    assert model.searched == "骚扰" and page.search_count.text() == "5 complaints found"


def test_a_count_held_for_a_search_replaced_is_never_shown(db, make_window, english):
    add(db)
    runner = CountFirst()
    page = make_window(db, runner=runner).leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    model = page.complaint_model
    page.search.setText("骚扰")
    page.run_search()
    runner.finish("Counting the complaints found")
    page.search.setText("鸿运")
    page.run_search()  # the search of 骚扰 dropped: what it held with it
    runner.finish("Searching the complaints")
    assert model.searched == "鸿运" and "5" not in page.search_count.text()
    runner.finish("Counting the complaints found")
    assert page.search_count.text() == "1 complaints found"


def test_the_same_query_read_again_keeps_its_count(db, make_window, english):
    add(db)
    runner = CountFirst()
    page = make_window(db, runner=runner).leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    page.search.setText("骚扰")
    page.run_search()
    runner.finish("Searching the complaints")
    runner.finish("Counting the complaints found")
    page.run_search(keep_place=True)
    runner.finish("Counting the complaints found")  # the rows shown are this query's: the count may show
    assert page.search_count.text() == "5 complaints found"
    runner.finish("Searching the complaints")
    assert page.search_count.text() == "5 complaints found"


def test_a_further_page_read_on_the_lists_own_connection_keeps_its_page_cache(db, make_window, english):
    """A page read on the window's long-lived connection (``fetch_page_now``) leaves its page cache alone: setting
    a smaller one drops the pages it holds; the same page is found as on a connection of the search's own."""
    add(db)
    page = make_window(db).leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    model = page.complaint_model
    model.PAGE = 2  # pages of two: 骚 (one character: a scan of the table) finds five
    page.search.setText("骚")
    page.run_search()
    assert len(model.records) == 2
    said: list[str] = []
    model._db.conn.set_trace_callback(said.append)
    try:
        model.fetch_page_now()
    finally:
        model._db.conn.set_trace_callback(None)
    assert len(model.records) == 4
    assert said and not [sql for sql in said if "cache_size" in sql.lower()]
    assert [hit.id for hit in model.records[2:]] == [hit.id for hit in search_complaints(db, "骚", 2, 2)]
    # a search on a connection of its own (the window's tasks) reads the table with the smaller cache
    said.clear()
    db.conn.set_trace_callback(said.append)
    try:
        search_complaints(db, "骚", 2, 2)
    finally:
        db.conn.set_trace_callback(None)
    assert [sql for sql in said if "cache_size = -2000" in sql.lower()]
