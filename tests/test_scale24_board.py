"""The deadline board over 100,000 cases: each deadline's State text is worded once, on the count's worker thread,
so that showing the count, sizing the State column, sorting by a header and choosing a group no longer word every
row again on the GUI thread (seconds of a frozen window each); and a header clicked sorts the rows once."""

from __future__ import annotations

import threading

from PySide6.QtCore import QModelIndex, Qt

from workstation.board_export import state_text


def _wording_threads(monkeypatch) -> list[bool]:
    """Whether each State text worded from now on was worded on the GUI (main) thread."""
    import ui.deadlines

    worded: list[bool] = []
    word = ui.deadlines._state_text

    def recorded(deadline):
        worded.append(threading.current_thread() is threading.main_thread())
        return word(deadline)

    monkeypatch.setattr(ui.deadlines, "_state_text", recorded)
    return worded


def test_the_board_words_its_states_on_the_counts_thread_not_the_windows(qtbot, make_window, demo_db, english,
                                                                         monkeypatch):
    from ui.deadlines import GROUPS
    from ui.task_runner import TaskRunner

    on_gui_thread = _wording_threads(monkeypatch)
    runner = TaskRunner()
    window = make_window(demo_db, runner=runner)
    window.show()
    board = window.board
    try:
        board.refresh()
        qtbot.waitUntil(lambda: not board.counting.running and bool(board.deadlines), timeout=20000)
        model = board.table.model
        assert model.rowCount() == len(board.deadlines) > 10
        board.table.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the State header clicked
        for row in range(1, len(GROUPS)):  # each group chosen, then every deadline again
            board.group.setCurrentIndex(row)
        board.group.setCurrentIndex(0)
        shown = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
        assert on_gui_thread and not any(on_gui_thread)  # worded, and only off the GUI thread
        # each row says its own deadline's state, sorted by it
        assert shown == [state_text(d) for d in model.records] == sorted(shown, reverse=True)
        assert len(set(shown)) > 1
    finally:
        board.stop()
        runner.wait()


def test_a_deadline_counted_again_shows_its_new_state(qtbot, demo_db, english):
    """The texts kept belong to the deadlines counted: a case's table counted again (a new deadline object, its
    state changed) says the new state, not the one kept for the old."""
    from dataclasses import replace

    from ui.deadlines import DeadlineTable
    from workstation import clocks

    # as counted on a day of the demo's campaign: by the spring after it every deadline of the demo has passed
    deadline = next(d for d in clocks.board(demo_db, on="2026-11-20") if d.state == "open")
    table = DeadlineTable(with_case=False)
    qtbot.addWidget(table)
    table.set_deadlines([deadline])
    assert table.model.data(table.model.index(0, 0)) == state_text(deadline)
    for _count in range(1200):  # counted again and again (each a new object): the texts kept stay few
        table.set_deadlines([replace(deadline)])
    overdue = replace(deadline, state="overdue", days_left=-3)
    table.set_deadlines([overdue])
    assert table.model.data(table.model.index(0, 0)) == state_text(overdue) != state_text(deadline)
    assert len(table.model._states) < 1_100  # 1,201 had none been let go


def test_a_header_clicked_sorts_the_records_once(qtbot):
    """A view's sortByColumn asked the model to sort twice (the header's indicator, then the view): over 100,000
    deadlines each sort reads every row's value."""
    from ui.pages import read_only_table
    from ui.record_model import Column, RecordTableModel

    read: list[int] = []

    def value(record: int) -> int:
        read.append(record)
        return record

    model = RecordTableModel([Column("Figure", str, value)])
    view = read_only_table(model)
    qtbot.addWidget(view)
    view.setSortingEnabled(True)
    model.set_records([3, 1, 2])
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert model.records == [1, 2, 3]
    read.clear()
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert model.records == [3, 2, 1]
    assert sorted(read) == [1, 2, 3]  # each record's value read once
    model.set_records([5, 4, 6])  # records set later keep the order chosen
    assert model.records == [6, 5, 4]
    model.beginInsertRows(QModelIndex(), 3, 3)  # a row fetched as the view scrolls, appended as it comes
    model.records.append(9)
    model.endInsertRows()
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the same sort asked again sorts it in
    assert model.records == [9, 6, 5, 4]
