# ruff: noqa: F811 - the fixtures imported from test_leads_page_background are used by name
"""Session 61, the complaint search audit: a count of a one- or two-digit search no longer holds up the next page
(both only read, beside each other) nor masks every text that shows the digits anyway; a masked number copied from a
list finds the complaints writing that number (the search, and the picker of a lead's complaints, which also finds a
whole number however the text writes it); a business name with digits (360借条, K12) is found; a phrase holding a whole
number is found; a work-order number in small letters, or its tail, finds its complaint; a query of very many words
is refused with a message naming the limit, repeated words counted once."""

from __future__ import annotations

import threading

import pytest

from tests.test_leads_page_background import screened  # noqa: F401 - the complaints searched, screened
from workstation.errors import WorkstationError
from workstation.store.complaints import (
    MAX_SEARCH_WORDS,
    count_complaints,
    insert_complaints,
    search_complaints,
    search_words,
    shows_every_word,
)

ROWS = [  # work order, complainant, text, business complained of
    ("FS12345-2026-009485", "13900139001", "刚收楼就接到132-0448-2659的装修推销电话，对方未说明公司名称", ""),
    ("FS12345-2026-009445", "13900139002", "刚收楼就接到13204482659的装修推销电话，对方未说明公司名称", ""),
    ("FS12345-2026-009325", "13900139003", "132 0448 2659每周打三四次电话推销全屋定制装修", ""),
    ("TS2026010000018", "13900139004", "其中(0757)8112 1234最频繁，对方不肯透露公司名称", ""),
    ("T0001", "13900139005", "每天接到贷款推销电话，严重影响生活。", "360借条"),
    ("T0002", "13900139006", "培训机构每天打电话推销课程。", "K12教育"),
    ("T0003", "13900139007", "2026年1月1日起每天11点收到推销短信", ""),
]


@pytest.fixture
def stored(db):
    insert_complaints(db, [(f"id-{n}", "12345", n, f"2026-04-0{i + 1} 09:00:00", text, "{}", "f.csv", i + 2,
                            "2026-04-09T00:00:00+08:00", "12345", own, target, "", "", "", "", "", "", "", None)
                           for i, (n, own, text, target) in enumerate(ROWS)])
    from workstation.store.complaints import index_numbers_after

    index_numbers_after(db)
    return db


def found(db, query) -> list[str]:
    hits = search_complaints(db, query, limit=50)
    assert count_complaints(db, query) == len(hits)
    return sorted(h.external_id for h in hits)


THE_NUMBER = ["FS12345-2026-009325", "FS12345-2026-009445", "FS12345-2026-009485"]


# ---- 1. a short digit search: counted without masking texts that show it, and beside the next page ----------------

def test_a_short_digit_counted_without_masking_a_text_that_shows_it(stored, monkeypatch):
    import workstation.masking as masking

    calls = []
    mask = masking.mask_text
    monkeypatch.setattr(masking, "mask_text", lambda text, rules=None: calls.append(text) or mask(text, rules))
    text = "2026年1月1日起每天接到13204482659的推销电话"
    assert shows_every_word(text, ("1",)) and text not in calls  # 1 outside the number: shown as it is, not masked
    assert not shows_every_word("接到13204482659的电话", ("04",))  # only inside the masked digits: not found
    assert found(stored, "11") == ["T0003"] and found(stored, "0448") == []


def test_the_next_page_is_read_while_the_count_runs(qtbot, screened, make_window, monkeypatch):
    from ui.task_runner import TaskRunner
    from workstation import tasks

    release = threading.Event()
    count = tasks.complaint_count_task

    def slow_count(*args, **kwargs):
        release.wait(20)
        return count(*args, **kwargs)

    monkeypatch.setattr(tasks, "complaint_count_task", slow_count)
    runner = TaskRunner()
    window = make_window(screened, runner=runner)
    page = window.leads_page
    try:
        page.tabs.setCurrentWidget(page.search_tab)
        page.search.setText("1")
        page.run_search()
        qtbot.waitUntil(lambda: not page.searching.running, timeout=10000)
        assert page.counting_found.running
        page._read_more_found("1", len(page.complaint_model.records))
        qtbot.waitUntil(lambda: not page.reading_more.running, timeout=10000)  # not behind the count
        assert page.counting_found.running
    finally:
        release.set()
        window.shutdown()


# ---- 2. a masked number as a list shows it ------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["132****2659", "132＊＊＊＊2659", "132-****-2659"])
def test_a_masked_mobile_finds_the_complaints_writing_it(stored, query):
    assert found(stored, query) == THE_NUMBER


def test_a_masked_landline_finds_it_and_another_number_nothing(stored):
    assert found(stored, "(0757)****1234") == found(stored, "0757****1234") == ["TS2026010000018"]
    assert found(stored, "(0757)8112****") == []  # it names digits the list hides: no probing them
    assert found(stored, "132****2658") == [] and found(stored, "133****2659") == []


# ---- 3. the picker of a lead's complaints -------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["13204482659", "132-0448-2659", "132****2659", "132 **** 2659"])
def test_the_picker_finds_a_whole_or_masked_number_however_written(query):
    from ui.lead_complaint_picker import matching
    from workstation.masking import mask_text

    complaints = [{"id": n, "external_id": n, "received_at": "", "text": text, "shown": mask_text(text)}
                  for n, _own, text, _target in ROWS]
    assert sorted(c["id"] for c in matching(complaints, query)) == THE_NUMBER
    assert matching(complaints, "0448") == []  # the hidden digits find nothing
    assert [c["id"] for c in matching(complaints, "009485")] == ["FS12345-2026-009485"]
    assert [c["id"] for c in matching(complaints, "课程")] == ["T0002"]


# ---- 4. a business name with digits -------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [("360借条", ["T0001"]), ("360", ["T0001"]), ("K12", ["T0002"]),
                                                 ("k12", ["T0002"]), ("K12教育", ["T0002"]), ("12", ["T0002", "TS2026010000018"])])
def test_a_business_name_with_digits_is_found(stored, query, expected):
    assert found(stored, query) == expected


# ---- 5. a phrase holding a whole number ---------------------------------------------------------------------------

def test_a_phrase_holding_a_whole_number_is_found(stored):
    assert found(stored, "接到13204482659的装修推销电话") == ["FS12345-2026-009445"]
    assert found(stored, "接到1320448") == []  # a part of the number still finds nothing


# ---- 6. a work-order number typed in small letters, or its tail ---------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [("fs12345-2026-009485", "FS12345-2026-009485"),
                                                 ("ts2026010000018", "TS2026010000018"),
                                                 ("009485", "FS12345-2026-009485")])
def test_a_work_order_number_in_small_letters_or_its_tail(stored, query, expected):
    hits = search_complaints(stored, query, limit=50)
    assert hits[0].external_id == expected and count_complaints(stored, query) == len(hits)


# ---- 7. very many words --------------------------------------------------------------------------------------------

def test_repeated_words_count_once_and_too_many_are_refused(stored):
    assert search_words(" ".join(["推销"] * 1000)) == ("推销",)
    assert found(stored, " ".join(["推销"] * 1000)) == found(stored, "推销")
    many = " ".join(f"词{n}" for n in range(MAX_SEARCH_WORDS + 1))
    for call in (search_complaints, count_complaints):
        with pytest.raises(WorkstationError) as refused:
            call(stored, many)
        assert str(MAX_SEARCH_WORDS) in str(refused.value)
    assert search_complaints(stored, " ".join(f"词{n}" for n in range(MAX_SEARCH_WORDS))) == []


# ---- 8. a number written with dots ---------------------------------------------------------------------------------

def test_the_hidden_digits_of_a_dotted_number_find_nothing(stored):
    from workstation.masking import mask_text
    from workstation.store.complaints import index_numbers_after

    insert_complaints(stored, [("id-T0004", "12345", "T0004", "2026-04-08 09:00:00", "号码132.0448.2659每天来电推销",
                                "{}", "f.csv", 9, "2026-04-09T00:00:00+08:00", "12345", "13900139008", "", "", "",
                                "", "", "", "", "", None)])
    index_numbers_after(stored)

    assert mask_text("号码132.0448.2659每天来电推销") == "号码132.****.2659每天来电推销"
    for query in ("0448", "04", "4", "132.0448"):
        assert "T0004" not in found(stored, query), query
    assert "T0004" in found(stored, "2659") and "T0004" in found(stored, "132")


# ---- 9. the count of a search with a digit stops at its cap --------------------------------------------------------

def test_a_capped_count_stops_after_one_more_than_its_cap(stored, monkeypatch):
    import workstation.store.complaints as complaints

    tested = []
    shown_test = complaints._shown_test

    def counted_test(words, rules=None):  # the real test, each text it reads noted
        test = shown_test(words, rules)
        return lambda text, target=None: tested.append(text) or test(text, target)

    monkeypatch.setattr(complaints, "_shown_test", counted_test)
    assert count_complaints(stored, "1") == 6 and len(tested) >= 6
    tested.clear()
    assert count_complaints(stored, "1", limit=2) == 3  # above the cap: more than 2
    assert len(tested) == 3  # the other texts were not read
    assert count_complaints(stored, "132****2659", limit=1) == 2 and count_complaints(stored, "推销", limit=4) == 5
    assert count_complaints(stored, "009485", limit=0) == 1  # a work-order number found first counts too


@pytest.mark.parametrize("query", ["1", "12", "0", "2026", "推销", "132****2659", "009485", "fs12345-2026-009485", ""])
def test_a_count_at_or_below_its_cap_is_exact(stored, query):
    exact = count_complaints(stored, query)
    assert count_complaints(stored, query, limit=exact) == count_complaints(stored, query, limit=50) == exact


def test_the_count_task_caps_a_search_with_a_digit_only(stored, data_dir, monkeypatch):
    from workstation import tasks
    from workstation.paths import database_path
    from workstation.progress import CancelToken
    from workstation.store.complaints import ComplaintCount

    monkeypatch.setattr(tasks, "COUNT_LIMIT", 2)

    def counted(query):
        return tasks.complaint_count_task(database_path(data_dir), query, progress=lambda *a, **k: None,
                                          cancel=CancelToken())

    assert counted("1") == ComplaintCount(2, True) and counted("推销 1") == ComplaintCount(2, True)
    assert counted("12") == ComplaintCount(2, False)
    assert counted("推销") == ComplaintCount(6, False)  # no digit: no text masked, counted exactly


def test_the_search_says_more_than_the_cap(stored, make_window, monkeypatch, english):
    from workstation import tasks
    from workstation.store.complaints import ComplaintCount

    monkeypatch.setattr(tasks, "COUNT_LIMIT", 2)
    page = make_window(stored).leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    for query, said in (("1", "More than 2 complaints found"), ("12", "2 complaints found"),
                        ("推销", "6 complaints found")):
        page.search.setText(query)
        page.run_search()
        assert page.search_count.text() == said, query
    page._counted(ComplaintCount(1000, True))
    assert page.search_count.text() == "More than 1,000 complaints found"
