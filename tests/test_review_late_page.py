"""A further page of the complaints found is not read for a list a new search is about to replace: the view asks
for more of the rows still shown (its geometry updated, scrolled to their end) while the search of another query
runs, and that page — a scan of the complaints' text, seconds at a million complaints for a short query — held the
one task thread before the new search's count, only to be dropped when it came back. It also made
test_windowleft_search_pages' late-page test depend on whether the view asked before the new search arrived."""

from __future__ import annotations

import threading

from PySide6.QtCore import QModelIndex

from tests.test_left25_search_background import listed, searched
from tests.test_windowleft_search_pages import background  # noqa: F401 - the fixture
from workstation import tasks
from workstation.progress import CancelToken


def test_the_view_asking_for_more_of_a_list_being_replaced_reads_nothing(qtbot, background, monkeypatch,  # noqa: F811
                                                                         english):
    _window, page, runner = background
    search = tasks.complaint_search_task
    go, read = threading.Event(), []

    def held(database, text, limit, *, cancel, offset=0, **kwargs):
        if offset:
            read.append((text, offset))
            assert go.wait(20)  # the one task thread held: the new search waits its turn behind the page
        return search(database, text, limit, offset=offset, cancel=CancelToken(), **kwargs)

    monkeypatch.setattr(tasks, "complaint_search_task", held)
    searched(qtbot, page, "宽带")
    page.complaint_model.fetchMore(QModelIndex())  # scrolled to the end of the first page (or the view asked already)
    qtbot.waitUntil(lambda: read == [("宽带", 3)], timeout=20000)
    page.search.setText("报修")
    page.run_search()
    assert page.searching.running and len(listed(page)) == 3  # 宽带's rows still shown while 报修 is searched
    page.complaint_model.fetchMore(QModelIndex())  # the view, at the end of those rows, asks for more again
    assert not page.reading_more.running
    go.set()
    qtbot.waitUntil(lambda: page.complaint_model.searched == "报修" and not page.searching.running, timeout=20000)
    qtbot.waitUntil(lambda: runner.pool.activeThreadCount() == 0 and not runner._jobs, timeout=20000)
    assert read == [("宽带", 3)]  # the page asked before the new search, and no other for a list already replaced
    assert sorted(listed(page)) == ["B1", "B4"]
