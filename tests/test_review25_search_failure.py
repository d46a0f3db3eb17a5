# ruff: noqa: F811 - the fixtures imported are used by name
"""The complaint search and its count run side by side in the background: a database that cannot be read (locked by
another program, say) is said once, not once by each of them."""

from __future__ import annotations

from tests.test_left25_search_background import background, listed, screened, searched  # noqa: F401
from workstation import tasks
from workstation.errors import DatabaseError

LOCKED = "workstation.db is locked by another program (a database viewer, say): close it, then try again."


def _locked(*args, **kwargs):
    raise DatabaseError(LOCKED)


def test_a_search_the_database_refuses_is_said_once_and_leaves_the_list_as_it_was(qtbot, background, prompts,
                                                                                  monkeypatch, english):
    _window, page, _runner = background
    searched(qtbot, page, "宽带")
    monkeypatch.setattr(tasks, "complaint_search_task", _locked)
    monkeypatch.setattr(tasks, "complaint_count_task", _locked)
    page.search.setText("楼盘")
    page.run_search()
    qtbot.waitUntil(lambda: not page.searching.running and not page.counting_found.running, timeout=20000)
    qtbot.wait(50)  # anything else either of them ends with, handed back
    assert prompts.errors == [LOCKED]
    assert listed(page) == ["U1"] and page.complaint_model.searched == "宽带"
    assert page.search_count.text() == ""
