"""The leads page on a large database: its related-complaints-in-no-lead list and the count of a complaint search
are read off the GUI thread (through the task runner, a newer reading cancelling the older, the list shown staying
until the new one arrives), and its summary counts the complaints in leads through the indexes alone."""

from __future__ import annotations

import threading

import pytest

from tests.test_related10 import MASKED, NAMED, NAMELESS, OWN, add
from workstation import tasks
from workstation.screening import screen
from workstation.screening.without_lead import complaints_without_lead
from workstation.store.complaints import count_complaints


@pytest.fixture
def screened(db):
    add(db, [("N1", NAMED, "13900139000"), ("A1", NAMELESS, "13600000001"), ("O1", OWN, "13600000003"),
             ("M1", MASKED, "13600000007"), ("U1", "宽带经常断网，报修多次仍未解决。", "13600000008")])
    screen(db)
    return db


def traced(db, action) -> list[str]:
    """The statements ``action`` runs on the connection ``db`` (the GUI thread's)."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        action()
    finally:
        db.conn.set_trace_callback(None)
    return statements


def test_the_summary_counts_the_complaints_in_leads_without_reading_their_rows(screened, make_window, english):
    """Counting the related complaints in leads read a table row for each of them (a third of a second over
    150,000): no statement on the complaints reads the rows of a whole index or of a range of one, only counts
    an index's own entries or looks up the few rows of one value; an unrelated complaint in a lead is not counted
    as a related one."""
    lead_id = screened.execute("SELECT id FROM leads").fetchone()[0]
    screened.execute("UPDATE complaints SET lead_id = ? WHERE external_id = 'U1'", [lead_id])
    page = make_window(screened).leads_page
    statements = traced(screened, page.refresh)
    assert "4 of them concern personal information, 1 of those grouped into leads" in page.summary.text()
    on_complaints = [s for s in statements if "FROM complaints" in s and s.lstrip().upper().startswith("SELECT")]
    assert on_complaints
    for statement in on_complaints:
        plan = [row[3] for row in screened.execute("EXPLAIN QUERY PLAN " + statement).fetchall()]
        # a scan, or a search of a range (lead_id > ?), that reads the table row of each entry it passes
        reads_rows = [step for step in plan if step.startswith(("SCAN complaints", "SEARCH complaints"))
                      and "COVERING INDEX" not in step and (step.startswith("SCAN") or ">" in step or "<" in step)]
        assert not reads_rows, (statement, plan)


def test_the_list_of_related_complaints_in_no_lead_is_read_through_the_task_runner(screened, make_window,
                                                                                  monkeypatch, english):
    calls = []
    read = tasks.without_lead_task
    monkeypatch.setattr(tasks, "without_lead_task", lambda *a, **k: calls.append(a) or read(*a, **k))
    page = make_window(screened).leads_page
    statements = traced(screened, lambda: page.tabs.setCurrentWidget(page.without_lead))
    assert len(calls) == 1
    assert not [s for s in statements if "lead_id IS NULL" in s]  # not on the GUI thread's connection
    tab = page.without_lead
    assert [r.external_id for r in tab.model.records] == [c.external_id for c in complaints_without_lead(screened)]
    assert sorted(r.external_id for r in tab.model.records) == ["A1", "M1", "O1"]
    assert tab.counts.text().startswith("3 complaints concern personal information but are in no lead")


def test_a_newer_reading_cancels_the_running_one_and_the_old_list_stays_until_the_new(
        qtbot, screened, make_window, monkeypatch, english):
    from ui.task_runner import TaskRunner

    go = threading.Event()  # each reading waits for it: what the page shows meanwhile is seen whatever the speed
    read = tasks.without_lead_task
    tokens = []

    def held(*args, cancel, **kwargs):
        tokens.append(cancel)
        assert go.wait(20)
        return read(*args, cancel=cancel, **kwargs)

    runner = TaskRunner()
    page = make_window(screened, runner=runner).leads_page
    tab = page.without_lead
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: len(tab.model.records) == 3, timeout=20000)
    before = list(tab.model.records)
    monkeypatch.setattr(tasks, "without_lead_task", held)
    add(screened, [("A2", NAMELESS, "13600000002")])
    screen(screened)
    tab.refresh()
    qtbot.waitUntil(lambda: len(tokens) == 1, timeout=20000)
    tab.refresh()  # read again while the first reading runs: the first is no longer wanted
    assert tokens[0].cancelled
    assert tab.model.records == before  # the list stays while the new one is read
    go.set()
    qtbot.waitUntil(lambda: len(tab.model.records) == 4, timeout=20000)
    assert len(tokens) == 2 and not tokens[1].cancelled
    assert sorted(r.external_id for r in tab.model.records) == ["A1", "A2", "M1", "O1"]
    assert tab.counts.text().startswith("4 complaints concern personal information")
    runner.wait()


def test_reading_the_related_complaints_in_no_lead_stops_when_cancelled(screened):
    from workstation.errors import Cancelled
    from workstation.progress import CancelToken

    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        complaints_without_lead(screened, cancel=token)


def test_the_search_counts_what_it_found_through_the_task_runner(screened, make_window, monkeypatch, english):
    calls = []
    count = tasks.complaint_count_task
    monkeypatch.setattr(tasks, "complaint_count_task", lambda *a, **k: calls.append(a[1]) or count(*a, **k))
    page = make_window(screened).leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    page.search.setText("骚扰")  # two characters: no index, a scan of every complaint's text
    statements = traced(screened, page.run_search)
    assert calls == ["骚扰"]
    assert not [s for s in statements if "COUNT(" in s.upper()]  # the count is not run on the GUI's connection
    assert page.search_count.text() == "{n} complaints found".format(n=count_complaints(screened, "骚扰")) \
        == "4 complaints found"
    assert page.complaint_model.rowCount() == 4


def test_a_newer_query_cancels_the_count_of_the_older(qtbot, screened, make_window, monkeypatch, english):
    from ui.task_runner import TaskRunner

    go = threading.Event()
    count = tasks.complaint_count_task
    tokens = []

    def held(database, text, *, cancel, **kwargs):
        tokens.append((text, cancel))
        assert go.wait(20)
        return count(database, text, cancel=cancel, **kwargs)

    monkeypatch.setattr(tasks, "complaint_count_task", held)
    runner = TaskRunner()
    page = make_window(screened, runner=runner).leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    page.search.setText("骚扰")
    page.run_search()
    assert page.search_count.text() == "Counting the complaints found…"
    qtbot.waitUntil(lambda: len(tokens) == 1, timeout=20000)
    page.search.setText("推销")
    page.run_search()
    assert tokens[0][1].cancelled  # the older query's count is no longer wanted
    go.set()
    qtbot.waitUntil(lambda: page.search_count.text() != "Counting the complaints found…", timeout=20000)
    assert [text for text, _token in tokens] == ["骚扰", "推销"]
    assert page.search_count.text() == "{n} complaints found".format(n=count_complaints(screened, "推销"))
    runner.wait()

