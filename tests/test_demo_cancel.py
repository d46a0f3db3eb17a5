"""The demo loads under the window's progress dialog, and its Cancel is heard (DESIGN: progress and Cancel on long
work): while its records load they roll back whole (nothing added, no number taken); while its complaints are
imported and screened the records stay, and loading the demo again completes it, as a full fresh load would."""

from __future__ import annotations

import pytest

from workstation.demo import load_demo
from workstation.errors import Cancelled
from workstation.progress import CancelToken


def counts(db) -> dict[str, int]:
    return {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
            for table in ("cases", "parties", "leads", "interviews", "case_events", "complaints", "audit")}


def cancelled_at(step: int):
    """A CancelToken cancelled when the demo reports progress ``step`` (of 6), and the progress callback that does
    so — as the window's Cancel pressed while that step runs."""
    token = CancelToken()

    def progress(done: int, _total: int, _message: str) -> None:
        if done >= step:
            token.cancel()

    return token, progress


def test_cancel_while_the_records_load_adds_nothing(db, english):
    before = counts(db)
    token, progress = cancelled_at(2)  # after the cases, before the leads
    with pytest.raises(Cancelled, match="nothing was changed"):
        load_demo(db, progress, complaints=False, cancel=token)
    assert counts(db) == before
    # loaded afterwards, the demo is whole: nothing of the cancelled load was kept
    assert load_demo(db, complaints=False)["cases"] == 36


def test_cancel_while_the_complaints_load_keeps_the_records_and_loading_again_completes_it(db, english):
    token, progress = cancelled_at(4)  # importing the demo's complaints
    with pytest.raises(Cancelled) as cancelled:
        load_demo(db, progress, cancel=token)
    assert str(cancelled.value).startswith("Cancelled while the demo's complaints were loading: its cases, leads and "
                                           "interviews are loaded")
    kept = counts(db)
    assert kept["cases"] == 36 and kept["complaints"] == 0
    assert db.execute("SELECT COUNT(*) FROM leads WHERE status = 'registered'").fetchone()[0] == 31
    again = load_demo(db)
    assert (again["cases"], again["complaints"]) == (0, 13_543)
    assert db.execute("SELECT COUNT(*) FROM leads WHERE status = 'registered'").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM leads WHERE status = 'filed'").fetchone()[0] == 14


def test_the_window_task_hands_its_cancel_to_the_demo(db, data_dir, english):
    from workstation.paths import database_path
    from workstation.tasks import load_demo_task

    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        load_demo_task(database_path(data_dir), progress=lambda *_args: None, cancel=token)
    assert counts(db)["cases"] == 0


@pytest.mark.gui
def test_the_windows_cancel_is_said_as_what_it_left_not_as_an_error(db, make_window, prompts, english):
    from ui.task_runner import ImmediateRunner

    runner = ImmediateRunner()
    runner.cancel_token.cancel()  # the officer pressed Cancel as soon as the dialog showed
    window = make_window(db, runner=runner)
    window.load_demo()
    assert prompts.infos == ["Cancelled; nothing was changed."] and prompts.errors == []
    assert counts(db)["cases"] == 0
