"""At city scale (100,000 cases, 128,000 running deadlines): the 约谈 register is read beside the board's count
instead of waiting behind it on the one worker thread, while a write still never runs beside a read; and a recount
arriving at the board leaves the GUI thread little to do: the rows come sorted as the header asks, the columns are
not measured again when the rows they are measured from are the same, and the deadlines replaced are freed a part
at a time."""

from __future__ import annotations

import threading
import weakref
from dataclasses import fields

from PySide6.QtCore import Qt

from ui import deadlines
from ui.deadlines import RELEASED_AT_ONCE, DeadlineBoard, DeadlineTable, board_groups
from ui.interviews_page import InterviewsPage
from ui.task_runner import TaskRunner, only_reading
from workstation import clocks
from workstation.errors import Cancelled
from workstation.paths import database_path
from workstation.progress import CancelToken
from workstation.store.interviews import list_interviews

SAFETY = 20  # seconds after which a held stand-in lets go by itself, so that a failing test fails instead of hanging


class HeldRunner:
    """Runs each count when the test says (``finish``), on the test's thread."""

    def __init__(self):
        self.held = []

    def start(self, _title, work, on_done, _on_error, _progress):
        token = CancelToken()
        self.held.append((work, on_done))
        return token

    def result(self, index: int):
        return self.held[index][0](progress=lambda *_a: None, cancel=CancelToken())


def _released(event: threading.Event) -> threading.Timer:
    timer = threading.Timer(SAFETY, event.set)
    timer.daemon = True
    timer.start()
    return timer


def test_the_interview_register_is_read_while_the_board_is_still_counting(
    qtbot, demo_db, data_dir, prompts, monkeypatch
):
    counting, go = threading.Event(), threading.Event()

    def long_count(database, *, progress, cancel, **filters):  # the count of 100,000 cases, held until told
        counting.set()
        go.wait()
        return [], {}, board_groups([], {}, None)

    monkeypatch.setattr(deadlines, "board_rows_task", long_count)
    runner = TaskRunner()
    board = DeadlineBoard(demo_db, runner=runner, database=database_path(data_dir))
    qtbot.addWidget(board)
    safety = _released(go)
    try:
        board.refresh()
        assert counting.wait(SAFETY)
        # the 约谈 page opened while the board counts: it reads its register
        page = InterviewsPage(demo_db, data_dir, prompts, runner=runner, database=database_path(data_dir))
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda: bool(page.rows), timeout=10_000)
        assert not go.is_set() and board.counting.running  # read while the count still ran
        assert sorted(r.interview.id for r in page.rows) == sorted(
            i.id for i in list_interviews(demo_db, include_void=True)
        )
    finally:
        go.set()
        safety.cancel()
        runner.wait()
        qtbot.waitUntil(lambda: not board.counting.running)


def test_a_write_waits_for_the_reads_running_and_a_read_for_the_write_before_it(qtbot):
    runner = TaskRunner()
    first_read, go = threading.Event(), threading.Event()
    read_ended, write_ended = threading.Event(), threading.Event()
    seen: dict[str, bool] = {}
    ended: list = []

    def read(progress, cancel):
        first_read.set()
        go.wait()
        read_ended.set()
        return "read"

    def write(progress, cancel):
        seen["read ended when the write ran"] = read_ended.is_set()
        write_ended.set()
        return "write"

    def later_read(progress, cancel):
        seen["write ended when the later read ran"] = write_ended.is_set()
        return "later read"

    def done(value):
        ended.append(value)

    safety = _released(go)
    try:
        runner.start("read", only_reading(read), done, done, lambda *_a: None)
        assert first_read.wait(SAFETY)
        runner.start("write", write, done, done, lambda *_a: None)
        qtbot.waitUntil(lambda: runner.pool.activeThreadCount() == 1)  # the write taken up by its thread
        runner.start("later read", only_reading(later_read), done, done, lambda *_a: None)
        qtbot.waitUntil(lambda: runner.readers.activeThreadCount() == 2)  # the later read taken up by another
        go.set()
    finally:
        go.set()
        safety.cancel()
        runner.wait()
    qtbot.waitUntil(lambda: len(ended) == 3)
    assert seen == {"read ended when the write ran": True, "write ended when the later read ran": True}
    assert ended == ["read", "write", "later read"]


def test_a_read_waiting_behind_a_write_is_cancelled_at_once(qtbot):
    """A window closing joins its read (``TaskRunner.join``): waiting for a write to end, it stops at its Cancel."""
    runner = TaskRunner()
    writing, go = threading.Event(), threading.Event()
    errors: list = []

    def write(progress, cancel):
        writing.set()
        go.wait()

    safety = _released(go)
    try:
        runner.start("write", write, lambda _v: None, errors.append, lambda *_a: None)
        assert writing.wait(SAFETY)
        token = runner.start(
            "read",
            only_reading(lambda progress, cancel: "read"),
            errors.append,
            errors.append,
            lambda *_a: None,
        )
        qtbot.waitUntil(
            lambda: runner.readers.activeThreadCount() == 1
        )  # waiting at the gate, not in the queue
        runner.join(token)
        assert not go.is_set()  # joined while the write still ran
    finally:
        go.set()
        safety.cancel()
        runner.wait()
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], Cancelled)


def _remaining_column(table) -> int:
    return next(
        c
        for c in range(table.model.columnCount())
        if table.model.headerData(c, Qt.Orientation.Horizontal) == deadlines._("Remaining")
    )


def test_a_recount_comes_sorted_as_the_header_asks_and_is_not_sorted_again(
    qtbot, demo_db, data_dir, monkeypatch
):
    runner = HeldRunner()
    board = DeadlineBoard(demo_db, runner=runner, database=database_path(data_dir))
    qtbot.addWidget(board)
    board.refresh()
    runner.held[0][1](runner.result(0))
    remaining = _remaining_column(board.table)
    board.table.view.sortByColumn(remaining, Qt.SortOrder.DescendingOrder)  # the Remaining header clicked
    board.refresh()
    counted = runner.result(1)  # on the worker thread
    model = board.table.model
    sorted_here: list = []
    real = model.sort_value
    monkeypatch.setattr(
        model, "sort_value", lambda column, record: sorted_here.append(record) or real(column, record)
    )
    runner.held[1][1](counted)  # the count arrives
    assert not sorted_here  # no row's sort key worked out on the GUI thread
    shown = [d.days_left for d in model.records]
    assert len(shown) == len(board.deadlines) > 10
    assert shown == sorted(shown, key=lambda v: (v is not None, v or 0), reverse=True)
    assert [id(d) for d in model.records] == [
        id(board.deadlines[r]) for r in deadlines.sorted_rows(board.deadlines, model._specs[remaining], True)
    ]


def test_the_columns_are_measured_again_only_when_their_rows_texts_change(qtbot, demo_db):
    from dataclasses import replace

    table = DeadlineTable(with_case=True)
    qtbot.addWidget(table)
    table.resize(1280, 600)
    table.show()
    counted = clocks.board(demo_db)
    table.set_deadlines(counted)
    widths = [table.view.columnWidth(c) for c in range(table.model.columnCount())]
    measured: list[int] = []
    real = table.view.resizeColumnToContents
    table.view.resizeColumnToContents = lambda column: (measured.append(column), real(column))
    table.set_deadlines([replace(d) for d in counted])  # counted again: the same rows, new objects
    assert measured == []
    assert [table.view.columnWidth(c) for c in range(table.model.columnCount())] == widths
    longer = [
        replace(counted[0], case_number=counted[0].case_number + "（补充编号第一二三四五六七八九十号）"),
        *counted[1:],
    ]
    table.set_deadlines(longer)  # a first row's case number grew: measured again, and wider
    case = next(
        c
        for c in range(table.model.columnCount())
        if table.model.headerData(c, Qt.Orientation.Horizontal) == deadlines._("Case")
    )
    assert case in measured and table.view.columnWidth(case) > widths[case]


def test_the_deadlines_a_recount_replaces_are_freed_a_part_at_a_time(qtbot, demo_db, data_dir):
    class Kept(clocks.Deadline):  # a deadline that can be watched being freed
        __slots__ = ("__weakref__",)

    def copies(n: int) -> list:
        some = clocks.board(demo_db)
        return [
            Kept(**{f.name: getattr(d, f.name) for f in fields(clocks.Deadline)})
            for d in (some * (n // len(some) + 1))[:n]
        ]

    def count(rows: list) -> tuple:
        texts = {id(d): deadlines._state_text(d) for d in rows}
        return rows, texts, board_groups(rows, texts, data_dir)

    runner = HeldRunner()
    board = DeadlineBoard(demo_db, runner=runner, database=database_path(data_dir))
    qtbot.addWidget(board)
    board.refresh()
    first = copies(3 * RELEASED_AT_ONCE)
    watched = [weakref.ref(d) for d in first]
    runner.held[0][1](count(first))
    del first
    board.refresh()
    runner.held[1][1](count(copies(10)))  # the recount arrives
    assert sum(ref() is not None for ref in watched) > RELEASED_AT_ONCE  # not all freed while it was shown
    qtbot.waitUntil(lambda: all(ref() is None for ref in watched))  # then all of them, from the event loop
