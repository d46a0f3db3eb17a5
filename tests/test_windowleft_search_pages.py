"""The complaint search's further pages (the view scrolled to the end of the complaints listed) are read off the GUI
thread like its first: a page of a query of one or two characters scans the complaints' text, 0.1–0.3 s at the tenth
page of a common one over a million complaints and a second or more past the few of a rare one, which froze the
window. A page that comes back after another search started is dropped, and closing the window cancels it."""

from __future__ import annotations

import threading
import time

import pytest

from PySide6.QtCore import QModelIndex, Qt

from tests.test_complaint_verdict import add
from tests.test_left25_search_background import listed, searched
from workstation import tasks
from workstation.errors import Cancelled
from workstation.progress import CancelToken
from workstation.store.complaints import search_complaints

TEXTS = ["宽带经常断网，报修多次仍未解决。", "宽带资费被擅自调高。", "宽带安装师傅迟到三天。", "小区宽带报修无人理会。",
         "宽带合约到期后仍然扣费。", "宽带网速远低于宣传。", "楼盘销售电话一天打了十次。"]


@pytest.fixture
def background(db, make_window, monkeypatch):
    """The leads page on its search tab over seven complaints, three to a page, with the application's task runner
    (a thread of its own)."""
    from ui.leads_page import ComplaintModel
    from ui.task_runner import TaskRunner

    monkeypatch.setattr(ComplaintModel, "PAGE", 3)
    add(db, [(f"B{n}", text) for n, text in enumerate(TEXTS, start=1)])
    runner = TaskRunner()
    window = make_window(db, runner=runner)
    page = window.leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    yield window, page, runner
    window.shutdown()  # as quitting does: the background work stopped and waited for


def test_a_further_page_found_arrives_from_a_thread_of_its_own(qtbot, background, db, monkeypatch, english):
    _window, page, _runner = background
    threads = []
    search = tasks.complaint_search_task

    def recorded(*args, **kwargs):
        threads.append((threading.get_ident(), kwargs.get("offset", 0)))
        return search(*args, **kwargs)

    monkeypatch.setattr(tasks, "complaint_search_task", recorded)
    model = page.complaint_model
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        searched(qtbot, page, "宽带")
        # the view asks for more while its rows do not fill it, as when scrolled to the end of the list; asked
        # again while a page is read, it is not read twice
        while model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
            model.fetchMore(QModelIndex())
            qtbot.wait(10)
    finally:
        db.conn.set_trace_callback(None)
    assert not [s for s in statements if "FROM complaints" in s]  # not on the GUI thread's connection
    assert listed(page) == [hit.external_id for hit in search_complaints(db, "宽带", limit=50)]
    assert len(listed(page)) == 6 == len(set(listed(page)))
    assert [offset for _thread, offset in threads] == [0, 3, 6]
    assert all(thread != threading.get_ident() for thread, _offset in threads)


def test_a_page_of_an_older_search_arriving_late_is_dropped(qtbot, background, db, monkeypatch, english):
    _window, page, runner = background
    search = tasks.complaint_search_task
    go, tokens, returned = threading.Event(), {}, []

    def held(database, text, limit, *, cancel, offset=0, **kwargs):
        if offset:
            tokens[text] = cancel
            assert go.wait(20)
        # it finds what it finds although cancelled meanwhile: a page that comes back late
        found = search(database, text, limit, offset=offset, cancel=CancelToken(), **kwargs)
        if offset:
            returned.append(text)
        return found

    monkeypatch.setattr(tasks, "complaint_search_task", held)
    searched(qtbot, page, "宽带")
    page.complaint_model.fetchMore(QModelIndex())  # scrolled to the end of the first page
    qtbot.waitUntil(lambda: "宽带" in tokens, timeout=20000)
    assert len(listed(page)) == 3
    page.search.setText("报修")  # another query searched while the page of the first is read
    page.run_search()
    assert tokens["宽带"].cancelled
    go.set()  # the older page comes back (the new search waits its turn behind it)
    qtbot.waitUntil(lambda: page.complaint_model.searched == "报修" and not page.searching.running, timeout=20000)
    # every result handed back (the runner forgets a job once its callback ran), not a guess of how long that takes
    qtbot.waitUntil(lambda: runner.pool.activeThreadCount() == 0 and not runner._jobs, timeout=20000)
    assert returned == ["宽带"]  # it was found, and handed back
    assert sorted(listed(page)) == ["B1", "B4"]  # the older search's page not added under the newer one's
    assert page.complaint_model.searched == "报修" and not page.complaint_model.canFetchMore(QModelIndex())


def test_a_page_arriving_after_the_search_was_cleared_is_not_listed(qtbot, background, monkeypatch, english):
    _window, page, runner = background
    search = tasks.complaint_search_task
    go, returned = threading.Event(), []

    def held(database, text, limit, *, cancel, offset=0, **kwargs):
        if offset:
            assert go.wait(20)
        found = search(database, text, limit, offset=offset, cancel=CancelToken(), **kwargs)
        returned.append(offset)
        return found

    monkeypatch.setattr(tasks, "complaint_search_task", held)
    searched(qtbot, page, "宽带")
    page.complaint_model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: page.reading_more.running, timeout=20000)
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)  # the search cleared at once, while the page is read
    assert listed(page) == []
    go.set()
    # every result handed back (the runner forgets a job once its callback ran), not a guess of how long that takes
    qtbot.waitUntil(lambda: runner.pool.activeThreadCount() == 0 and not runner._jobs, timeout=20000)
    assert 3 in returned and listed(page) == []  # the page found, handed back, and not listed


def test_closing_the_window_while_a_page_is_read_leaves_no_work_running(qtbot, background, monkeypatch, english):
    window, page, runner = background
    started, ended = threading.Event(), []
    search = tasks.complaint_search_task

    def slow(database, text, limit, *, cancel, offset=0, **kwargs):
        if not offset:
            return search(database, text, limit, cancel=cancel, **kwargs)
        started.set()  # a page far down a search of two characters over a million complaints
        for _tick in range(2000):
            if cancel.cancelled:
                ended.append("cancelled")
                raise Cancelled("cancelled")
            time.sleep(0.01)
        ended.append("finished")
        return [], {}

    monkeypatch.setattr(tasks, "complaint_search_task", slow)
    searched(qtbot, page, "宽带")
    page.complaint_model.fetchMore(QModelIndex())
    assert started.wait(20)
    window.close()
    window.shutdown()
    assert ended == ["cancelled"]
    assert runner.pool.activeThreadCount() == 0
    qtbot.wait(0)
    assert len(listed(page)) == 3 and page.complaint_model.canFetchMore(QModelIndex())
