# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Data safety with a second copy of the program, a full disk, a second restore and a window left open for days.
A window started while another window has the data open does not take the documents being written there for ones a
crash left (offering them back would open a second editor on the same draft, and declining would close it under the
other window's hands); once that window is gone without closing, they are offered as after any crash. A log file the
disk refuses to grow (full, or read only) never puts a Python traceback on stderr: the command's own one-line reason
stays the only thing said. A restore over data held by the numbering hold keeps the hold for the bundles the backup
predates. The automatic backup is made daily also in a window that stays open, and a week without a backup is said in
a message box once a day, not at each hourly try. An encrypted database whose keyring.json was lost is not called a
foreign file to move away."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time

import pytest

from tests import backup_fixtures
from tests.helpers import open_db, run_json
from tests.test_bundle_hq import (  # noqa: F401 - the fixtures are used by name
    dirs,
    export,
    import_,
    take_headquarters_card,
    template,
)
from ui.backup_dialogs import left_out_text
from workstation.backup_restore import exports_since
from workstation.repair import MARKER, boot_id
from workstation.store import drafts, find_case

templates, copy_template, window_on = backup_fixtures.templates, backup_fixtures.copy_template, backup_fixtures.window_on
CASE = "佛南市监立〔2026〕9号"  # demo case under investigation
TYPED = "当事人称名单系从他人处购得（未写完"


@pytest.fixture
def other_window(data_dir):
    """Another window of the workstation running on ``data_dir``: a live process with its open marker."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    folder = data_dir / MARKER
    folder.mkdir(exist_ok=True)
    marker = folder / f"{process.pid}.json"
    marker.write_text(json.dumps({"pid": process.pid, "time": time.time(), "boot": boot_id(), "program": "window"}),
                      encoding="utf-8")
    yield process
    process.kill()
    process.wait()


def written_in_the_other_window(db, opened) -> tuple[object, str, str]:
    """An inquiry record typed into (autosaved) and one just opened, both still in their editors."""
    case = find_case(db, CASE)
    typed = opened(db, "inquiry_record", case)
    typed.fields["place"].set_value(TYPED)
    typed.autosave()
    untouched = opened(db, "inquiry_record", case)
    untouched.save_draft()
    return typed, typed.draft.id, untouched.draft.id


def test_a_window_started_beside_another_leaves_the_documents_being_written_there_alone(
        demo_db, opened, make_window, prompts, other_window):
    editor, typed, untouched = written_in_the_other_window(demo_db, opened)
    prompts.confirm_answer = True
    window = make_window(demo_db)
    assert window.recover_drafts() == 0
    assert prompts.confirmations == [] and window.editors == []  # no second editor on the same draft
    assert drafts.get_draft(demo_db, typed).status == "open"
    assert drafts.get_draft(demo_db, untouched).status == "open"  # not thrown away under the other window
    editor.fields["place"].set_value(TYPED + "，次日补充")
    editor.autosave()  # the other window goes on writing, and its text is still the draft's
    assert drafts.get_draft(demo_db, typed).values["place"] == TYPED + "，次日补充"


def test_once_the_other_window_is_gone_without_closing_its_typed_document_is_offered(
        demo_db, opened, make_window, prompts, other_window):
    _editor, typed, untouched = written_in_the_other_window(demo_db, opened)
    other_window.kill()  # killed: its marker stays behind
    other_window.wait()
    prompts.confirm_answer = True
    window = make_window(demo_db)
    assert window.recover_drafts() == 1 and len(prompts.confirmations) == 1
    [editor] = window.editors
    assert editor.draft.id == typed and editor.current_values()["place"] == TYPED
    assert drafts.get_draft(demo_db, untouched).status == "discarded"
    editor.shutdown()


class FullDisk:
    """A log file's stream on a disk with no room left."""

    def write(self, _text):
        raise OSError(28, "No space left on device")

    def flush(self):
        raise OSError(28, "No space left on device")

    def seek(self, *_args):
        return 0

    def tell(self):
        return 0

    def close(self):
        pass


def test_a_log_file_the_disk_refuses_puts_no_traceback_on_stderr(data_dir, monkeypatch, capfd):
    from workstation.log import LOGGER, setup_logging

    monkeypatch.setattr(logging.FileHandler, "_open", lambda self: FullDisk())
    assert setup_logging(data_dir) is not None
    try:
        logging.getLogger("workstation.cli").info("command refused: %s %s", "stats", "DiskFull")
        logging.getLogger("workstation.cli").error("a failure with its exception", exc_info=ValueError("x"))
    finally:
        for handler in [h for h in LOGGER.handlers if isinstance(h, logging.FileHandler)]:
            LOGGER.removeHandler(handler)
    assert capfd.readouterr().err == ""


def test_a_command_on_a_disk_that_turned_full_says_its_one_line_reason_only(data_dir, monkeypatch, capfd):
    from workstation.cli import main
    from workstation.log import LOGGER

    monkeypatch.setenv("WORKSTATION_PLAINTEXT", "1")
    assert main(["--data-dir", str(data_dir), "init"]) == 0
    capfd.readouterr()
    monkeypatch.setattr(logging.FileHandler, "_open", lambda self: FullDisk())  # the log cannot grow any more
    try:
        assert main(["--data-dir", str(data_dir), "docs", "list", "佛南市监立〔2026〕999号"]) == 1
    finally:
        for handler in [h for h in LOGGER.handlers if isinstance(h, logging.FileHandler)]:
            LOGGER.removeHandler(handler)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Logging error" not in err, err
    assert len(err.strip().splitlines()) == 1 and "999" in err, err



def test_a_second_restore_over_held_data_keeps_the_numbering_hold_of_the_bundles_sent(capsys, dirs):
    """Shunde backs up twice (A, then B), sends its case (s1.bundle) and is restored from A: its numbers are held.
    Restored then from B, which predates s1.bundle too, the numbers taken after B and sent in s1.bundle may still be
    on paper: the hold stands, naming s1.bundle, though the data B replaced no longer records that export."""
    shunde = dirs / "shunde"
    take_headquarters_card(capsys, dirs, "shunde")
    first = run_json(capsys, "--data-dir", shunde, "backup", "create")["path"]
    made = run_json(capsys, "--data-dir", shunde, "backup", "create")
    second = made["path"]
    assert first != second
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    held = run_json(capsys, "--data-dir", shunde, "backup", "restore", first)["numbering_hold"]
    assert held["newest_export"]["file"] == "s1.bundle"
    db = open_db(shunde)  # the window's question before the second restore names the bundle it leaves out
    try:
        assert [row["file"] for row in exports_since(db, made["created"])] == ["s1.bundle"]
        assert "s1.bundle" in left_out_text(db, made["created"])
    finally:
        db.conn.close()
    result = run_json(capsys, "--data-dir", shunde, "backup", "restore", second)
    hold = result["numbering_hold"]
    assert hold is not None and hold["newest_export"]["file"] == "s1.bundle"
    assert hold["newest_export"]["audit_to"] == held["newest_export"]["audit_to"]  # a hand-out can still lift it
    assert hold["backup_created"] == result["created"]
    assert [row["file"] for row in result["exported_after"]] == ["s1.bundle"] and "s1.bundle" in result["advice"]
    assert run_json(capsys, "--data-dir", shunde, "numbers", "hold")["held"]


def test_a_restore_over_held_data_of_a_backup_made_after_the_bundles_sent_holds_nothing_more(capsys, dirs):
    """A hold whose bundles the backup restored already knows (it was made after them) is not carried over: that
    backup's own bundles decide, as for any restore."""
    shunde = dirs / "shunde"
    take_headquarters_card(capsys, dirs, "shunde")
    first = run_json(capsys, "--data-dir", shunde, "backup", "create")["path"]
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    later = run_json(capsys, "--data-dir", shunde, "backup", "create")["path"]
    assert run_json(capsys, "--data-dir", shunde, "backup", "restore", first)["numbering_hold"] is not None
    result = run_json(capsys, "--data-dir", shunde, "backup", "restore", later)
    assert result["exported_after"] == [] and result["numbering_hold"]["exported_after"] == []


def test_a_window_left_open_for_days_backs_up_again_once_a_day(templates, copy_template, started, qtbot):
    """The automatic backup is made when the window opens and, the window left open (locked overnight, for days),
    again whenever a day has passed since the last backup: not only once per start."""
    import datetime as dt

    from PySide6.QtCore import QTimer

    from tests.conftest import ScriptedPrompts
    from workstation.backup import list_backups, save_backup_settings

    data = copy_template("plain")
    window = started(data, ScriptedPrompts())
    window.show()
    qtbot.waitUntil(lambda: len(list_backups(data)) == 1, timeout=10000)  # the one made at opening
    timer = window.findChild(QTimer, "daily_backup_timer")
    assert timer is not None and timer.isActive() and timer.interval() <= 60 * 60 * 1000
    timer.timeout.emit()  # an hour later: the last backup is not a day old, nothing more
    assert len(list_backups(data)) == 1
    day_ago = (dt.datetime.now().astimezone() - dt.timedelta(hours=25)).isoformat()
    save_backup_settings(data, last_backup=day_ago)  # the window is still open the next day
    timer.timeout.emit()
    qtbot.waitUntil(lambda: len(list_backups(data)) == 2, timeout=10000)


def test_a_week_without_a_backup_is_said_in_a_message_box_once_a_day_not_at_each_hourly_try(window_on):
    import datetime as dt

    from PySide6.QtWidgets import QLabel

    from ui.backup_dialogs import maybe_backup
    from workstation.backup import save_backup_settings

    window = window_on()
    data = window.data_dir
    nine_days_ago = (dt.datetime.now().astimezone() - dt.timedelta(days=9)).isoformat()
    save_backup_settings(data, folder=str(data / "keyring.json"), last_backup=nine_days_ago)  # a folder that is a file
    for _hour in range(3):  # the open window tries every hour: the message box comes once
        assert maybe_backup(window) is True
    assert len(window.prompts.errors) == 1
    warning = window.statusBar().findChild(QLabel, "backup_warning")
    assert warning is not None and not warning.isHidden()  # the status bar keeps saying it
    window.stale_backup_said = dt.date.today() - dt.timedelta(days=1)  # the next day: said again
    assert maybe_backup(window) is True
    assert len(window.prompts.errors) == 2


def test_an_encrypted_database_whose_keyring_is_lost_is_not_called_a_foreign_file_to_move_away(copy_template, capsys):
    """keyring.json gone (deleted by hand, a sync tool, a half-copied folder): the encrypted database is no SQLite
    file to look at, but it is the data, and telling the officer to move it away would lose it. The refusal names the
    missing keyring, says to leave the database where it is and the ways back; nothing is changed."""
    from workstation.cli import main

    data = copy_template("encrypted")
    (data / "keyring.json").unlink()
    before = {p.name: p.stat().st_size for p in data.iterdir() if p.is_file()}
    code = main(["--data-dir", str(data), "stats"])
    err = capsys.readouterr().err
    assert code == 1
    assert "keyring.json" in err and str(data) in err, err
    assert "移走" not in err and "move it away" not in err
    assert "backup restore" in err  # the backup carries the keyring: the way back named
    assert {p.name: p.stat().st_size for p in data.iterdir() if p.is_file()} == before
