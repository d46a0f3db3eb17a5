"""A complaint's work-order number pasted on the 线索 page's search in full-width digits (２０２６０３１２０００４５, as
a Chinese input method or a spreadsheet copies it) finds that complaint as the ASCII number does: first, by the
index of work-order numbers, with the count beside the list agreeing; and a work-order number the search finds
through the texts too (one the complaint's text quotes) is found either way, in the trigram index and in the scan a
query of one or two characters makes."""

import pytest

from tests.helpers import insert_complaint_texts
from workstation.fullwidth import IDEOGRAPHIC_SPACE, TO_FULL
from workstation.i18n import _
from workstation.store.complaints import count_complaints, search_complaints

WORK_ORDER = "20260312000045"
PASTED = WORK_ORDER.translate(TO_FULL)  # ２０２６０３１２０００４５

ROWS = [  # work order, complainant's number, text
    ("20260312000045", "13900139001", "号码13500000011天天打电话推销楼盘"),
    ("20260312000046", "13900139002", "收到推销贷款的短信，回复退订无效"),
    ("A7", "13900139003", "补充工单20260312000045：又打来了"),
]


@pytest.fixture
def complaints_db(db):
    insert_complaint_texts(db, ROWS)
    return db


def found(db, query):
    return [hit.external_id for hit in search_complaints(db, query, limit=50)]


@pytest.mark.parametrize("query", [WORK_ORDER, PASTED, f"{IDEOGRAPHIC_SPACE}{PASTED}{IDEOGRAPHIC_SPACE}"])
def test_a_work_order_number_is_found_whether_pasted_in_ascii_or_full_width(complaints_db, query):
    # the complaint of that number first, then the one whose text quotes it
    assert found(complaints_db, query) == [WORK_ORDER, "A7"]
    assert count_complaints(complaints_db, query) == 2


@pytest.mark.parametrize("query", ["A7", "Ａ7", "Ａ７"])
def test_a_short_work_order_number_in_full_width_is_found_as_the_ascii_one(complaints_db, query):
    # two characters: no word for the trigram index, the scan of the texts finds nothing; the number finds it
    assert found(complaints_db, query) == ["A7"]
    assert count_complaints(complaints_db, query) == 1


def test_a_full_width_query_finds_no_other_complaint_than_the_ascii_one(complaints_db):
    assert found(complaints_db, "20260312000046".translate(TO_FULL)) == found(complaints_db, "20260312000046") == [
        "20260312000046"]
    assert found(complaints_db, "20260312000047".translate(TO_FULL)) == []


@pytest.mark.gui
def test_the_leads_pages_search_lists_the_complaint_of_a_pasted_full_width_number(complaints_db, make_window, english):
    page = make_window(complaints_db).leads_page  # its searches run at once (the immediate task runner)
    page.tabs.setCurrentWidget(page.search_tab)
    page.search.setText(PASTED)
    page.run_search()
    assert [hit.external_id for hit in page.complaint_model.records] == [WORK_ORDER, "A7"]
    assert page.search_count.text() == _("{n} complaints found").format(n=2)
