"""The deadline board's groups, State texts and calendar note are sorted out with the count on the worker thread
(``board_groups``): what each group shows is what the board showed when it sorted them itself, and a count
superseded by a newer one is dropped whole."""

from tests.helpers import program_day
from ui.deadlines import GROUPS, DeadlineBoard, group_of
from ui.task_runner import ImmediateRunner
from workstation import clocks
from workstation.paths import database_path
from workstation.progress import CancelToken


class HeldRunner:
    """Holds each count until ``finish(i)`` runs it (counts overtaking each other)."""

    def __init__(self):
        self.held = []

    def start(self, _title, work, on_done, _on_error, _progress):
        token = CancelToken()
        self.held.append((work, on_done, token))
        return token

    def finish(self, index: int) -> None:
        work, on_done, _token = self.held[index]
        on_done(work(progress=lambda *_a: None, cancel=CancelToken()))


def _shown(board) -> list:
    return list(board.table.model.records)


def test_each_group_shows_its_deadlines_with_their_texts_and_note(qtbot, demo_db, data_dir, monkeypatch):
    # counted on a day of the demo's campaign, whose deadlines fall in several groups (by the spring after it all
    # have passed)
    program_day(monkeypatch, "2026-11-20")
    board = DeadlineBoard(demo_db, runner=ImmediateRunner(), database=database_path(data_dir))
    qtbot.addWidget(board)
    board.refresh()
    assert board.deadlines, "the demo has running deadlines"
    seen_groups = set()
    for index, (key, _text) in enumerate(GROUPS):
        board.group.setCurrentIndex(index)
        expected = board.deadlines if key == "all" else \
            [d for d in board.deadlines if group_of(d, clocks.DUE_SOON_DAYS) == key]
        assert [id(d) for d in _shown(board)] == [id(d) for d in expected], key
        seen_groups |= {group_of(d, clocks.DUE_SOON_DAYS) for d in expected}
        # the State texts known with the count are those of the rows shown, as the model words them
        assert board.table._state_texts == {board.table.model.state_text(d) for d in expected}
        note = clocks.calendar_note(expected, data_dir)
        assert board.table.note.text() == note
    assert len(seen_groups) >= 2  # more than one group was really compared


def test_a_count_overtaken_by_a_newer_filter_is_dropped(qtbot, demo_db, data_dir):
    runner = HeldRunner()
    board = DeadlineBoard(demo_db, runner=runner, database=database_path(data_dir))
    qtbot.addWidget(board)
    board.refresh()  # every agency
    every = len(clocks.board(demo_db, on=clocks.today()))
    town = next(i for i in range(1, board.agency.count())  # an agency with fewer deadlines than all of them
                if len(clocks.board(demo_db, on=clocks.today(), agency_id=board.agency.itemData(i))) < every)
    board.agency.setCurrentIndex(town)  # counts again for that agency
    assert len(runner.held) == 2
    runner.finish(1)
    newest = _shown(board)
    agency_rows = [(d.case_id, d.clock) for d in newest]
    runner.finish(0)  # the count for every agency arrives late: dropped
    assert [(d.case_id, d.clock) for d in _shown(board)] == agency_rows
    wanted = clocks.board(demo_db, on=board.counted_on, agency_id=board.agency.itemData(town))
    assert sorted((d.case_id, d.clock) for d in board.deadlines) == sorted((d.case_id, d.clock) for d in wanted)
    assert len(wanted) < len(clocks.board(demo_db, on=board.counted_on))  # the late count would have shown more


def test_no_garbage_collection_runs_while_the_board_is_counted(demo_db, data_dir, monkeypatch):
    """A collection run by the worker holds the window up for as long as it walks every object: the count, its
    names (``name_rows``), texts and groups are made with collections held, and they are on again afterwards."""
    import gc

    from ui import deadlines
    from workstation import board_export

    enabled = {}

    def observed(name, real):
        def run(*args, **kwargs):
            enabled[name] = gc.isenabled()
            return real(*args, **kwargs)
        return run

    monkeypatch.setattr(board_export, "name_rows", observed("names", board_export.name_rows))
    monkeypatch.setattr(deadlines, "board_groups", observed("groups", deadlines.board_groups))
    assert gc.isenabled()
    counted, states, groups = deadlines.board_rows_task(database_path(data_dir), progress=lambda *_a: None,
                                                        cancel=CancelToken())
    assert counted and len(states) == len(counted) and groups["all"][0] is counted
    assert enabled == {"names": False, "groups": False}
    assert gc.isenabled()


def test_the_board_sorts_by_a_header_with_no_collection_meanwhile(qtbot, demo_db, monkeypatch):
    import gc

    from PySide6.QtCore import Qt

    from ui import deadlines

    enabled = []

    def left_key(d):
        enabled.append(gc.isenabled())
        return d.days_left

    monkeypatch.setattr(deadlines, "_left_key", left_key)
    table = deadlines.DeadlineTable(with_case=True)
    qtbot.addWidget(table)
    counted = clocks.board(demo_db)
    table.set_deadlines(counted)
    remaining = next(c for c in range(table.model.columnCount())
                     if table.model.headerData(c, Qt.Orientation.Horizontal) == deadlines._("Remaining"))
    table.view.sortByColumn(remaining, Qt.SortOrder.AscendingOrder)
    shown = [d.days_left for d in table.model.records]
    assert shown == sorted(shown, key=lambda v: (v is not None, v or 0)) and len(shown) == len(counted)
    assert enabled and not any(enabled) and gc.isenabled()
