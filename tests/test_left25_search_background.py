# ruff: noqa: F811 - the fixtures imported from test_leads_page_background are used by name
"""The complaint search of the 线索 page reads its first page off the GUI thread (most of a second over a million
complaints, during which the window froze while the officer typed): the complaints found before stay listed until
the new ones arrive, a newer search drops what an older one still running finds, and a window closing during a
search leaves no work running."""

from __future__ import annotations

import threading
import time

import pytest

from tests.test_leads_page_background import screened  # noqa: F401 - the complaints searched, screened
from workstation import tasks
from workstation.errors import Cancelled
from workstation.progress import CancelToken
from workstation.store.complaints import search_complaints


@pytest.fixture
def background(screened, make_window):
    """The leads page on its search tab with the task runner of the application (a thread of its own)."""
    from ui.task_runner import TaskRunner

    runner = TaskRunner()
    window = make_window(screened, runner=runner)
    page = window.leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    yield window, page, runner
    window.shutdown()  # as quitting does: the background work stopped and waited for


def listed(page) -> list[str]:
    return [hit.external_id for hit in page.complaint_model.records]


def searched(qtbot, page, text: str) -> None:
    page.search.setText(text)
    page.run_search()
    qtbot.waitUntil(lambda: page.complaint_model.searched == text and not page.searching.running, timeout=20000)


def test_the_first_page_found_arrives_from_a_thread_of_its_own(qtbot, background, screened, monkeypatch, english):
    _window, page, _runner = background
    threads = []
    search = tasks.complaint_search_task

    def recorded(*args, **kwargs):
        threads.append(threading.get_ident())
        return search(*args, **kwargs)

    monkeypatch.setattr(tasks, "complaint_search_task", recorded)
    statements: list[str] = []
    screened.conn.set_trace_callback(statements.append)
    try:
        page.search.setText("楼盘")
        page.run_search()
        assert listed(page) == []  # nothing found yet: the search runs while the window goes on
        assert page.searching.running and page.searching_for == "楼盘"
    finally:
        screened.conn.set_trace_callback(None)
    assert not [s for s in statements if "FROM complaints" in s]  # not on the GUI thread's connection
    qtbot.waitUntil(lambda: len(listed(page)) == 2, timeout=20000)
    assert listed(page) == [hit.external_id for hit in search_complaints(screened, "楼盘")]
    assert sorted(listed(page)) == ["N1", "O1"]
    assert threads and threading.get_ident() not in threads
    assert page.complaint_model.searched == "楼盘" and not page.searching.running


def test_an_older_search_finishing_late_does_not_overwrite_the_newer(qtbot, background, monkeypatch, english):
    _window, page, runner = background
    searched(qtbot, page, "宽带")
    qtbot.waitUntil(lambda: page.search_count.text() == "1 complaints found", timeout=20000)
    assert listed(page) == ["U1"]
    finished = []
    runner.task_finished.connect(lambda: finished.append(True))
    search = tasks.complaint_search_task
    go = {"楼盘": threading.Event(), "贷款": threading.Event()}
    tokens = {}

    def held(database, text, limit, *, cancel, **kwargs):
        tokens[text] = cancel
        assert go[text].wait(20)
        # it finds what it finds although cancelled meanwhile: a result that comes back late
        return search(database, text, limit, cancel=CancelToken(), **kwargs)

    monkeypatch.setattr(tasks, "complaint_search_task", held)
    page.search.setText("楼盘")
    page.run_search()
    qtbot.waitUntil(lambda: "楼盘" in tokens, timeout=20000)
    page.search.setText("贷款")  # typed on while the first search runs
    page.run_search()
    assert tokens["楼盘"].cancelled
    go["楼盘"].set()
    # the older search, then the count of its query (cancelled), ended and handed back on the GUI thread; the newer
    # search waits for its go
    qtbot.waitUntil(lambda: len(finished) >= 2 and "贷款" in tokens, timeout=20000)
    assert listed(page) == ["U1"]  # the older search's complaints dropped: the list shown stays
    assert page.complaint_model.searched == "宽带" and page.searching_for == "贷款"
    go["贷款"].set()
    qtbot.waitUntil(lambda: page.complaint_model.searched == "贷款", timeout=20000)
    assert listed(page) == ["A1"]
    qtbot.waitUntil(lambda: page.search_count.text() == "1 complaints found", timeout=20000)


def test_down_in_the_search_goes_to_the_first_complaint_once_found(qtbot, background, monkeypatch, english):
    from PySide6.QtCore import Qt

    _window, page, _runner = background
    search = tasks.complaint_search_task
    go = threading.Event()

    def held(*args, **kwargs):
        assert go.wait(20)
        return search(*args, **kwargs)

    monkeypatch.setattr(tasks, "complaint_search_task", held)
    page.search.setText("贷款")  # typed: searched after the typing pause
    assert page.search_timer.isActive()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # searched at once, not after the typing pause
    assert page.searching.running and page.complaint_view.currentIndex().row() == -1
    go.set()
    qtbot.waitUntil(lambda: listed(page) == ["A1"], timeout=20000)
    assert page.complaint_view.currentIndex().row() == 0


def test_closing_the_window_during_a_search_leaves_no_work_running(qtbot, background, monkeypatch, english):
    window, page, runner = background
    searched(qtbot, page, "宽带")
    started, ended = threading.Event(), []

    def slow(database, text, limit, *, cancel, **kwargs):
        # a search over a million complaints, which the cancel interrupts
        started.set()
        for _tick in range(2000):
            if cancel.cancelled:
                ended.append("cancelled")
                raise Cancelled("cancelled")
            time.sleep(0.01)
        ended.append("finished")
        return [], {}

    monkeypatch.setattr(tasks, "complaint_search_task", slow)
    page.search.setText("楼盘")
    page.run_search()
    assert started.wait(20)
    window.close()
    window.shutdown()
    assert ended == ["cancelled"]
    assert runner.pool.activeThreadCount() == 0
    qtbot.wait(0)  # what the cancelled search ended with, handed back: dropped
    assert listed(page) == ["U1"] and page.complaint_model.searched == "宽带"
    assert not page.searching.running
