"""Long work off the GUI thread with progress and Cancel: the deadline board's count, and the bundle's records
encoded so that the GUI thread gets its turns meanwhile."""

from __future__ import annotations

import json

import pytest

from workstation import clocks
from workstation.errors import Cancelled
from workstation.i18n import _
from workstation.progress import CancelToken


def key(deadlines):
    return [(d.case_id, d.lead_id, d.interview_id, d.due, d.state) for d in deadlines]


def test_the_board_counts_through_the_task_runner_with_progress(make_window, demo_db, english):
    window = make_window(demo_db)
    runner = window.runner
    window.board.refresh()
    messages = {m for _d, _t, m in runner.progress_reports}
    assert _("Counting the deadlines of the cases") in messages
    assert key(window.board.deadlines) == key(clocks.board(demo_db)) and window.board.deadlines
    assert not window.board.count_button.isVisible()
    assert window.board.summary.text().startswith(_("Overdue or expired: {overdue}").split("{")[0])


def test_a_cancelled_count_keeps_the_board_as_it_was_and_can_count_again(make_window, demo_db, english):
    window = make_window(demo_db)
    window.show()
    board, runner = window.board, window.runner
    board.refresh()
    before = key(board.deadlines)
    runner.cancel_token.cancel()  # Cancel pressed before the count got anywhere
    board.refresh()
    assert key(board.deadlines) == before  # nothing half counted replaces the list
    assert board.summary.text() == _("Counting the deadlines was cancelled: the list below may be out of date.")
    assert board.count_button.isVisible() and board.count_button.text() == _("Count again")
    assert board.stale
    runner.cancel_token = CancelToken()
    board.count_button.click()
    assert key(board.deadlines) == before
    assert not board.count_button.isVisible()


def test_the_board_counts_in_the_background_and_shows_it(qtbot, make_window, demo_db, english, monkeypatch):
    import threading

    from ui.task_runner import TaskRunner
    from workstation import tasks

    go = threading.Event()  # the count waits for it: Cancel is pressed while it runs, whatever the machine's speed
    count = tasks.board_task

    def held(*args, **kwargs):
        assert go.wait(20)
        return count(*args, **kwargs)

    monkeypatch.setattr(tasks, "board_task", held)
    runner = TaskRunner()
    window = make_window(demo_db, runner=runner)
    window.show()
    board = window.board
    board.refresh()  # returns at once: the count runs on the runner's thread
    assert board.summary.text().startswith(_("Counting the deadlines…"))
    assert board.count_button.isVisible() and board.count_button.text() == _("Cancel")
    go.set()
    qtbot.waitUntil(lambda: not board.count_button.isVisible(), timeout=20000)
    assert key(board.deadlines) == key(clocks.board(demo_db)) and board.deadlines
    go.clear()
    board.refresh()
    board.count_button.click()  # Cancel: the count stops at its next look at the token
    assert not board.count_button.isEnabled()
    go.set()
    qtbot.waitUntil(lambda: board.count_button.text() == _("Count again"), timeout=20000)
    assert board.summary.text() == _("Counting the deadlines was cancelled: the list below may be out of date.")
    assert key(board.deadlines) == key(clocks.board(demo_db))  # the list counted before stays
    runner.wait()


def test_clocks_board_stops_when_cancelled_midway(demo_db, english):
    token = CancelToken()
    seen = []

    def progress(done, total, message):
        seen.append(message)
        token.cancel()

    with pytest.raises(Cancelled):
        clocks.board(demo_db, progress=progress, cancel=token)
    assert seen == [_("Counting the deadlines of the cases")]


def test_bundle_records_are_encoded_a_part_at_a_time_as_one_call_would(monkeypatch):
    """A bundle's large tables go through ``json.dumps`` in runs of a few hundred values (one call over 100,000
    cases held the interpreter lock for seconds: the window froze while the bundle was written in the
    background), and the text is byte for byte what one call gives."""
    from workstation.bundle import writer

    rows = [{"id": f"c{i}", "name": "鸿运置业\n\"甲\"", "n": i, "gone": None, "amount": 1.5, "tags": [1, {"b": 1, "a": 2}]}
            for i in range(600)]
    value = {"records": {"cases": {f"c{i}": "digest" for i in range(300)}, "none": {}}, "complete": True,
             "rows": [1, {"a": list(range(300))}, *rows, list(range(300)), [], {}]}
    whole = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    sizes = []
    dumps = json.dumps

    def counting(obj, **kwargs):
        sizes.append(10**9 - writer._items_left(obj, 10**9))  # the values nested in what one call encodes
        return dumps(obj, **kwargs)

    monkeypatch.setattr(writer.json, "dumps", counting)
    assert writer._json_bytes(value) == whole
    assert max(sizes) < (10**9 - writer._items_left(value, 10**9)) // 2  # runs of rows, never the whole table
    assert writer._json_bytes(rows[:3]) == dumps(rows[:3], ensure_ascii=False, separators=(",", ":"),
                                                 sort_keys=True).encode("utf-8")


def test_the_leads_summary_counts_the_complaints_through_indexes(make_window, demo_db):
    """The leads page's summary counted 1,000,000 complaints in one pass over the table (a second's freeze each
    time it was read again): each statement the refresh runs on the complaints goes through an index."""
    window = make_window(demo_db)
    page = window.page(1)
    statements = []
    demo_db.conn.set_trace_callback(statements.append)
    try:
        page.refresh()
    finally:
        demo_db.conn.set_trace_callback(None)
    on_complaints = [s for s in statements if "FROM complaints" in s and s.lstrip().upper().startswith("SELECT")]
    assert on_complaints
    for statement in on_complaints:
        plan = [row[3] for row in demo_db.execute("EXPLAIN QUERY PLAN " + statement).fetchall()]
        assert "SCAN complaints" not in plan, (statement, plan)


def test_the_leads_lists_size_their_columns_from_a_sample_of_rows(make_window, demo_db):
    """Sizing the columns of 2,600 leads (or 9,000 complaints in no lead) read a thousand rows' masked text: most
    of a second on every refresh. The columns are sized from the first rows and those in view."""
    from ui import leads_page, leads_without_lead

    page = make_window(demo_db).page(1)
    assert page.view.horizontalHeader().resizeContentsPrecision() == leads_page.WIDTH_SAMPLE_ROWS <= 200
    assert page.without_lead.view.horizontalHeader().resizeContentsPrecision() == \
        leads_without_lead.WIDTH_SAMPLE_ROWS <= 200
