"""Quitting while long work runs cancels it (s74, background_work defects 1 and 2). The idle lock's 退出 (仍然退出)
says the work running "is cancelled when the workstation quits now"; closing the main window leads to the same end.
A real complaint import of a generated consumer-council CSV, run by the real ``TaskRunner``, is quit while it runs:
it is held on an event after its first rows are read (before its commit) until the test has quit, so it is running
whatever the machine's speed; the complaints stay as they were (had ``shutdown`` waited for the whole import instead,
they would be stored: no timing is asserted), and the import's callbacks do not run on the closed window (no prompt,
no screening started). A close by the window's close
button before the import's progress dialog shows cancels the import as quitting does; so does a quit with the daily
backup queued behind the import, which is dropped unrun however often the quit cancels all work."""

from __future__ import annotations

import functools
import sys
import threading
from pathlib import Path

import pytest

from PySide6.QtWidgets import QApplication, QProgressDialog
from shiboken6 import isValid

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402

ROWS = 2000  # rows read and reported before the commit (the import held there: ``_held``)
HOLD_S = 120  # a guard only: the test releases the import long before (``released``), else its teardown does


@pytest.fixture(scope="module")
def council_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("s74") / "council.csv"
    make_complaints.write_council_csv(path, ROWS)
    return path


def _complaints(db) -> int:
    return db.conn.execute("SELECT count(*) FROM complaints").fetchone()[0]


def _shown_progress():
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and isValid(w) and w.isVisible()]


def _held(work, released: threading.Event):
    """``work`` waiting at its first report of rows read, before its commit (its token not closed), until
    ``released`` is set: still running, whatever the machine's speed, when the test quits. Released, it goes on and
    hears the Cancel the quit gave at its next look."""

    @functools.wraps(work)
    def run(*, progress, cancel):
        def report(done: int, total: int, message: str) -> None:
            progress(done, total, message)
            if done > 0 and not cancel.closed:
                released.wait(HOLD_S)

        return work(progress=report, cancel=cancel)

    return run


@pytest.fixture
def importing(demo_db, make_window, council_csv, qtbot, english):
    """(window, started, before, released): the main window with a real task runner, the leads page importing a
    council CSV of ``ROWS`` rows (held before its commit until ``released`` is set: ``_held``), the titles of the
    work started from then on, the complaint count before, and the event the test sets once it has quit."""
    from ui.task_runner import TaskRunner

    window = make_window(demo_db, runner=TaskRunner())
    window.runner.setParent(window)
    window.show()
    path = council_csv
    before = _complaints(demo_db)
    window.show_page(1)
    started: list[str] = []
    released = threading.Event()
    real_run = window.runner.run

    def noting(title, work, *args, **kwargs):
        started.append(title)
        return real_run(title, _held(work, released) if len(started) == 1 else work, *args, **kwargs)

    window.runner.run = noting
    window.page(1).run_import([str(path)])
    assert started and started[0].startswith("Importing complaints")
    yield window, started, before, released
    released.set()  # a test failing before it released the import
    window.runner.wait(60000)


def _wait_for_progress(qtbot):
    qtbot.waitUntil(lambda: any(d.value() > 0 for d in _shown_progress()), timeout=20000)


def _settle():
    for _ in range(10):
        QApplication.processEvents()


def _assert_quit_cleanly(window, started, before, demo_db, prompts):
    _settle()
    assert _complaints(demo_db) == before  # nothing of the import kept
    assert started == [started[0]]  # no screening (nor any other work) started after the quit
    assert prompts.infos == [] and prompts.errors == [] and prompts.confirmations == []  # nothing shown
    assert _shown_progress() == []  # the import's progress dialog went with it


def test_quitting_from_the_idle_lock_during_an_import_cancels_it(importing, demo_db, prompts, qtbot):
    from ui.idle_lock import IdleLock

    window, started, before, released = importing
    _wait_for_progress(qtbot)
    quits = []
    lock = IdleLock(window, window.data_dir, "", 0, quit_app=lambda: quits.append(True))
    assert lock.running_work()  # the lock names the import among the work quitting cancels
    lock.quit()
    released.set()  # the import goes on from where it was held, the quit's Cancel set
    window.shutdown()  # as ``ui.app.main`` does once the event loop has ended
    assert quits == [True] and not window.isVisible()
    _assert_quit_cleanly(window, started, before, demo_db, prompts)


def test_closing_the_window_then_shutting_down_during_an_import_cancels_it(importing, demo_db, prompts, qtbot):
    window, started, before, released = importing
    _wait_for_progress(qtbot)
    window.close()  # the workstation closing its window (the lock's quit, the application's end)
    released.set()
    window.shutdown()
    _assert_quit_cleanly(window, started, before, demo_db, prompts)


def test_the_close_button_before_the_progress_shows_cancels_the_import(importing, demo_db, prompts, qtbot):
    window, started, before, released = importing
    window.windowHandle().close()  # the close button, within the moment before the progress dialog shows
    assert not window.isVisible()
    released.set()
    window.shutdown()
    _assert_quit_cleanly(window, started, before, demo_db, prompts)


def test_quitting_during_an_import_with_the_daily_backup_queued_behind_it_cancels_both(importing, demo_db, prompts,
                                                                                        qtbot):
    """The daily backup falls due while an import runs: it waits behind it. The lock's 退出 cancels all work more than
    once before ``shutdown`` (the lock, the window's close, ``shutdown`` itself): the backup is dropped unrun, and the
    quit ends as with the import alone."""
    from ui.backup_dialogs import maybe_backup
    from ui.idle_lock import IdleLock
    from workstation.backup import backup_folder

    window, started, before, released = importing
    _wait_for_progress(qtbot)
    folder = backup_folder(window.data_dir)
    backups_before = sorted(folder.iterdir()) if folder.is_dir() else []
    assert maybe_backup(window)  # queued behind the import (one write at a time)
    assert started[1:] == ["Automatic backup"]
    quits = []
    lock = IdleLock(window, window.data_dir, "", 0, quit_app=lambda: quits.append(True))
    lock.quit()
    assert _shown_progress() == []  # hidden at once, before any event is handled: not left over the closed window
    window.runner.cancel_all()  # once more, as a second quit asked before any event is handled would
    released.set()
    window.shutdown()  # returns: the runner waited for, the database closable
    assert quits == [True] and not window.isVisible()
    _settle()
    assert window.runner._gate._writes == 0  # no write held at the gate: a read started now would not wait forever
    assert _complaints(demo_db) == before  # nothing of the import kept
    assert (sorted(folder.iterdir()) if folder.is_dir() else []) == backups_before  # no backup written
    assert started == [started[0], "Automatic backup"]  # no screening (nor other work) started after the quit
    assert prompts.infos == [] and prompts.errors == [] and prompts.confirmations == []
    assert _shown_progress() == []
