"""``ui.task_runner.NewestWork``, the one place the board, the 统计 page, the complaint search's count and the list of
related complaints in no lead keep their background work: only the newest work's callbacks act, a newer start
cancels the older, ``cancel`` (a Cancel pressed) lets the cancellation be told, and nothing acts on a destroyed
window."""

from PySide6.QtWidgets import QWidget
from shiboken6 import delete, isValid

from ui.task_runner import ImmediateRunner, NewestWork
from workstation.errors import Cancelled
from workstation.progress import CancelToken


class HandRunner:
    """A runner whose work never runs by itself: the test calls back what it was given, when and as it likes."""

    def __init__(self):
        self.started: list[dict] = []

    def start(self, title, work, on_done, on_error, progress):
        self.started.append({"title": title, "done": on_done, "error": on_error, "progress": progress,
                             "cancel": CancelToken()})
        return self.started[-1]["cancel"]


def _newest(qtbot, kept: bool = True):
    owner = QWidget()
    if kept:
        qtbot.addWidget(owner)
    runner = HandRunner()
    seen: list = []
    newest = NewestWork(owner, runner)

    def start(name: str) -> None:
        newest.start(name, None, lambda value: seen.append((name, "done", value)),
                     lambda exc: seen.append((name, "error", type(exc).__name__)),
                     lambda done, total, message: seen.append((name, "progress", done)))

    return owner, runner, newest, seen, start


def test_a_newer_start_cancels_the_running_work_and_drops_all_it_ends_with(qtbot):
    _owner, runner, newest, seen, start = _newest(qtbot)
    start("old")
    start("new")
    old, new = runner.started
    assert old["cancel"].cancelled and not new["cancel"].cancelled
    old["progress"](1, 2, "")
    old["done"](1)
    old["error"](Cancelled("x"))
    assert seen == [] and newest.running
    new["progress"](1, 2, "")
    new["done"](2)
    assert seen == [("new", "progress", 1), ("new", "done", 2)]
    assert not newest.running


def test_stop_drops_the_work_and_cancel_keeps_it_wanted_so_its_cancellation_is_told(qtbot):
    _owner, runner, newest, seen, start = _newest(qtbot)
    start("stopped")
    newest.stop()
    assert runner.started[0]["cancel"].cancelled and not newest.running
    runner.started[0]["error"](Cancelled("x"))
    assert seen == []
    start("cancelled")
    newest.cancel()
    assert runner.started[1]["cancel"].cancelled and newest.running
    runner.started[1]["error"](Cancelled("x"))
    assert seen == [("cancelled", "error", "Cancelled")] and not newest.running


def test_work_ending_after_its_window_is_destroyed_is_dropped(qtbot):
    owner, runner, _newest_work, seen, start = _newest(qtbot, kept=False)
    start("late")
    delete(owner)
    assert not isValid(owner)
    runner.started[0]["done"](1)
    assert seen == []


def test_with_an_immediate_runner_the_callbacks_act_while_start_runs(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    newest, seen = NewestWork(owner, ImmediateRunner()), []
    newest.start("now", lambda progress, cancel: progress(1, 1, "") or 5, seen.append, seen.append,
                 lambda done, total, message: seen.append(("progress", done)))
    assert seen == [("progress", 1), 5] and not newest.running
