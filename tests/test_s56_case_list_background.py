"""The case list reads a search, a filter or a sort off the window's thread (s56): over 100,000 cases a search of two
characters, one finding nothing, or one sorted by 罚没金额 froze the window 0.3–1.2 s at each pause in typing. The
cases listed stay until the newest result arrives, the count below saying the list is being searched; a newer query
cancels the one still running and drops what it finds; a window closing mid-search leaves no work running."""

from __future__ import annotations

import threading

import pytest

from PySide6.QtCore import QCoreApplication, Qt

import ui.case_model as case_model
from tests.test_s50_case_list import _copies
from ui.case_model import CASE_ID_ROLE
from workstation.progress import CancelToken
from workstation.store import CaseFilter, count_cases, list_cases
from workstation.store.cases import case_position

HONGYUN, HONGDA = "鸿运置业有限公司", "宏达贸易商行"  # 250 cases (more than a page of 200) and 30


@pytest.fixture
def cases(demo_db, data_dir, kept_state):
    """The demo's 36 cases and 280 more: 250 of 鸿运置业有限公司, 30 of 宏达贸易商行 (made once, copied into each
    test: ``kept_state``)."""
    def copies():
        _copies(demo_db, 250, HONGYUN)
        _copies(demo_db, 30, HONGDA, start=250)

    kept_state("cases", demo_db, data_dir, copies)
    return demo_db


@pytest.fixture
def background(cases, make_window, english):
    """The case list in the window with the application's task runner (threads of its own)."""
    from ui.task_runner import TaskRunner

    runner = TaskRunner()
    window = make_window(cases, runner=runner)
    page = window.case_list
    yield window, page, runner
    window.shutdown()  # as quitting does: the background work stopped and waited for


class Held:
    """The case list's reads held at their start, each search's until its gate is opened (a read cancelled meanwhile
    ends there, cancelled); the token each was given kept by its search text. A search in ``deaf`` ignores its token:
    let go, it is read whole (with a token of its own) even when cancelled, what it read kept in ``read``."""

    def __init__(self, monkeypatch, deaf: tuple[str, ...] = ()):
        self.gates: dict[str, threading.Event] = {}
        self.tokens: dict[str, object] = {}
        self.read: dict[str, object] = {}
        real = case_model.read_listing

        def held(database, flt, *args, cancel, **kwargs):
            search = flt.search or ""
            gate = self.gates.setdefault(search, threading.Event())
            self.tokens[search] = cancel
            while not gate.wait(0.01):
                if search not in deaf:
                    cancel.check()
            if search in deaf:
                self.read[search] = real(database, flt, *args, cancel=CancelToken(), **kwargs)
                return self.read[search]
            return real(database, flt, *args, cancel=cancel, **kwargs)

        monkeypatch.setattr(case_model, "read_listing", held)

    def open(self, search: str) -> None:
        self.gates.setdefault(search, threading.Event()).set()


def listed(page) -> list[str]:
    return [page.model.index(row, 0).data(CASE_ID_ROLE) for row in range(page.model.rowCount())]


def found(db, **given) -> list[str]:
    return [row.id for row in list_cases(db, CaseFilter(**given), limit=10_000)]


def test_a_search_is_read_off_the_window_thread_the_cases_listed_staying_till_it_arrives(qtbot, background, cases,
                                                                                        monkeypatch):
    _window, page, _runner = background
    held = Held(monkeypatch)
    before = listed(page)
    assert len(before) == 36 + 280
    statements: list[str] = []
    cases.conn.set_trace_callback(statements.append)
    try:
        page.search.setText("鸿运")
        page.apply_filters()
        assert page.count_label.text() == "Searching the cases…"
        assert listed(page) == before  # the cases listed stay while the search runs
        qtbot.waitUntil(lambda: "鸿运" in held.tokens, timeout=20000)
    finally:
        cases.conn.set_trace_callback(None)
    assert not [s for s in statements if "FROM cases" in s]  # not on the window's connection
    held.open("鸿运")
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    assert listed(page) == found(cases, search="鸿运")
    assert len(listed(page)) == 250
    assert page.count_label.text() == "250 cases" == f"{count_cases(cases, CaseFilter(search='鸿运'))} cases"


def test_a_query_typed_then_another_shows_only_the_second(qtbot, background, cases, monkeypatch):
    _window, page, runner = background
    held = Held(monkeypatch, deaf=("鸿运",))  # the first search runs on to its end, cancelled or not
    shown: list[str] = []
    page.model.modelReset.connect(lambda: shown.append(page.model.case_filter.search))
    ended: list[bool] = []
    runner.task_finished.connect(lambda: ended.append(True))
    page.search.setText("鸿运")  # typed, then a pause: searched
    qtbot.waitUntil(lambda: "鸿运" in held.tokens, timeout=20000)
    page.search.setText("宏达")  # typed on: the first search is no longer wanted
    qtbot.waitUntil(lambda: "宏达" in held.tokens, timeout=20000)
    assert held.tokens["鸿运"].cancelled and not held.tokens["宏达"].cancelled
    held.open("宏达")
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    assert shown == ["宏达"] and page.count_label.text() == "30 cases"
    held.open("鸿运")  # the older search let go last: the 250 cases it ends with are dropped
    qtbot.waitUntil(lambda: len(ended) == 2, timeout=20000)
    assert held.read["鸿运"].total == 250  # it did end with its cases, after the second was shown
    assert shown == ["宏达"]
    assert listed(page) == found(cases, search="宏达")
    assert len(listed(page)) == 30 and page.count_label.text() == "30 cases"


def test_a_sort_and_a_filter_chosen_while_a_search_runs_are_what_the_list_shows(qtbot, background, cases, monkeypatch):
    _window, page, _runner = background
    held = Held(monkeypatch)
    page.search.setText("鸿运")
    page.apply_filters()
    qtbot.waitUntil(lambda: "鸿运" in held.tokens, timeout=20000)
    page.table.sortByColumn(8, Qt.SortOrder.DescendingOrder)  # 罚没金额, largest first
    page.district_filter.setCurrentIndex(page.district_filter.findData("南海区"))
    held.open("鸿运")
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    expected = found(cases, search="鸿运", district="南海区", order_by="penalties_fen", descending=True)
    assert 0 < len(expected) < 250
    assert listed(page) == expected
    assert page.count_label.text() == f"{len(expected)} cases"
    header = page.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (8, Qt.SortOrder.DescendingOrder)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # and sorted again, the filters kept
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    assert listed(page) == found(cases, search="鸿运", district="南海区", order_by="case_number")


def test_the_case_selected_is_found_in_the_new_list_by_the_search_itself(qtbot, background, cases, monkeypatch):
    _window, page, _runner = background
    flt = CaseFilter(search="鸿运", order_by="case_number", descending=True)
    chosen = found(cases, search="鸿运", order_by="case_number")[5]  # past the first page in the order searched
    assert case_position(cases, flt, chosen) >= page.model.PAGE
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    assert page.select_case(chosen)
    held = Held(monkeypatch)
    page.search.setText("鸿运")
    page.apply_filters()
    qtbot.waitUntil(lambda: "鸿运" in held.tokens, timeout=20000)
    statements: list[str] = []
    cases.conn.set_trace_callback(statements.append)
    try:
        held.open("鸿运")
        qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    finally:
        cases.conn.set_trace_callback(None)
    assert page.selected_case_id() == chosen
    assert page.table.selectionModel().selectedRows()[0].row() == case_position(cases, flt, chosen)
    assert not [s for s in statements if "COUNT(" in s]  # its place found with the search, off the window's thread


def _shown_with_the_search_focused(qtbot, window, page) -> None:
    window.show()
    window.case_tabs.setCurrentWidget(page)
    qtbot.waitExposed(window)
    window.activateWindow()
    page.search.setFocus()
    qtbot.waitUntil(page.search.hasFocus, timeout=20000)


def test_down_pressed_while_the_search_runs_goes_to_its_first_case_once_found(qtbot, background, cases, monkeypatch):
    window, page, _runner = background
    _shown_with_the_search_focused(qtbot, window, page)
    held = Held(monkeypatch)
    page.search.setText("宏达")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # typed, not yet searched: searched, then the first case found
    qtbot.waitUntil(lambda: "宏达" in held.tokens, timeout=20000)
    assert page.selected_case_id() is None
    held.open("宏达")
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    assert page.selected_case_id() == found(cases, search="宏达")[0] and page.table.hasFocus()


def test_a_case_clicked_while_the_search_asked_down_for_runs_stays_selected(qtbot, background, cases, monkeypatch):
    window, page, _runner = background
    _shown_with_the_search_focused(qtbot, window, page)
    held = Held(monkeypatch)
    page.search.setText("宏达")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # the first case found, asked for
    qtbot.waitUntil(lambda: "宏达" in held.tokens, timeout=20000)
    wanted = found(cases, search="宏达")
    clicked = wanted[3]  # then a case clicked in the list still shown: the officer's choice now
    index = page.model.index(page.model.row_of(clicked), 0)
    page.table.scrollTo(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(index).center())
    assert page.selected_case_id() == clicked
    held.open("宏达")
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    assert page.count_label.text() == "30 cases"
    assert page.selected_case_id() == clicked  # not the first case found in its place
    assert page.table.selectionModel().selectedRows()[0].row() == wanted.index(clicked)


def test_down_asked_for_then_another_tab_chosen_leaves_the_list_unselected(qtbot, background, cases, monkeypatch):
    window, page, _runner = background
    _shown_with_the_search_focused(qtbot, window, page)
    held = Held(monkeypatch)
    page.search.setText("宏达")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: "宏达" in held.tokens, timeout=20000)
    window.case_tabs.setCurrentWidget(window.board)  # the deadlines looked at meanwhile
    held.open("宏达")
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    window.case_tabs.setCurrentWidget(page)
    assert listed(page) == found(cases, search="宏达")
    assert page.selected_case_id() is None and not page.table.hasFocus()
    page.search.setText("鸿运")  # searched again, Down not pressed: the list still not entered
    page.apply_filters()
    held.open("鸿运")
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    assert len(listed(page)) == 250 and page.selected_case_id() is None


def test_a_search_failing_on_a_bug_leaves_the_count_of_the_cases_still_listed(qtbot, background, monkeypatch):
    _window, page, _runner = background
    before = listed(page)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the search")

    monkeypatch.setattr(case_model, "read_listing", broken)
    with qtbot.capture_exceptions() as raised:
        page.search.setText("鸿运")
        page.apply_filters()
        assert page.count_label.text() == "Searching the cases…"
        qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    assert [str(error) for _kind, error, _trace in raised] == ["a bug in the search"]  # raised again, as a bug is
    assert listed(page) == before
    assert page.count_label.text() == f"{len(before)} cases"  # not still searching


def test_closing_the_window_mid_search_leaves_no_work_running(qtbot, background, monkeypatch):
    window, page, runner = background
    window.show()
    window.case_tabs.setCurrentWidget(page)
    qtbot.waitExposed(window)
    held = Held(monkeypatch)
    before = listed(page)
    page.search.setText("鸿运")
    page.apply_filters()
    qtbot.waitUntil(lambda: "鸿运" in held.tokens, timeout=20000)
    window.close()
    assert held.tokens["鸿运"].cancelled  # stopped, not waited for
    window.shutdown()
    assert runner.readers.activeThreadCount() == 0 and runner.pool.activeThreadCount() == 0
    QCoreApplication.processEvents()  # what the cancelled search ended with, delivered: dropped
    assert listed(page) == before and not page.reading.running
