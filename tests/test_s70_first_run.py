"""First start and the start of a second window (audit first_run, s70): a window that logged in while this one
stood at its login is found before this one opens the data for changes, and the officer asked as at any start; two
programs loading the demo into one folder load it once, the second waiting for the first (real processes); a
first-start dialog on a folder another window set up meanwhile tries no passphrase and counts no failure; a folder
holding the officer's own files/, backups/ and logs/ gets a normal first start, and a folder refused as lost data
gets no log file until a restore brings its database back, its records held meanwhile scrubbed, without their frames
and counted when dropped."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from PySide6.QtWidgets import QDialog

from tests.test_ui_login import PASS, driving, make_encrypted, officers_later, windows  # noqa: F401 - fixture
from workstation.db import open_database
from workstation.paths import database_path
from workstation.security import keyring, session

pytestmark = pytest.mark.gui

PROJECT = Path(__file__).resolve().parent.parent
FAST = {"memory_kib": 1024, "iterations": 1, "lanes": 1}
OTHER_WINDOW = """
import sys, time
from pathlib import Path
from workstation.repair import WINDOW, mark_open, set_program
set_program(WINDOW)
mark_open(Path(sys.argv[1]))
print("open", flush=True)
time.sleep(120)
"""


@pytest.fixture(autouse=True)
def _encryption(monkeypatch):
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    monkeypatch.setenv("WORKSTATION_ACTOR", "tester")
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    yield
    session._KEYS.clear()


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(WORKSTATION_LANG="en", PYTHONIOENCODING="utf-8", PYTHONPATH=str(PROJECT))
    return env


@pytest.fixture
def other_window():
    """other_window(data) → a real process, started now, that marks ``data`` open as the workstation's window
    does once its officer logged in; ended after the test."""
    started = []

    def start(data: Path) -> int:
        process = subprocess.Popen([sys.executable, "-c", OTHER_WINDOW, str(data)], cwd=PROJECT, env=_env(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        started.append(process)
        assert process.stdout.readline().strip() == "open", process.stderr.read()
        return process.pid

    yield start
    for process in started:
        process.kill()
        process.communicate()


# (#1) two windows started at once -----------------------------------------------------------------------------
@pytest.mark.parametrize("choice", [0, 1, 2])
def test_a_window_opened_while_this_one_stood_at_its_login_is_asked_about(qtbot, data_dir, windows, prompts,  # noqa: F811
                                                                          other_window, choice, english):
    """Both windows were started at once: neither saw the other's marker before its login. The one logging in
    second is asked as a window started second is (read only / open anyway / quit)."""
    make_encrypted(data_dir)
    others = []

    def login(dialog):
        assert dialog.objectName() == "login_dialog"
        others.append(other_window(data_dir))  # the other window's officer logs in first
        dialog.passphrase.setText(PASS)
        dialog.login_button.click()

    prompts.choices = [choice]
    window = windows(data_dir, show=driving(qtbot, login, officers_later), prompts=prompts)
    asked = [offer for offer in prompts.offered if "already open in another window" in offer[0]]
    assert len(asked) == 1, prompts.offered
    assert f"(process {others[0]})" in asked[0][0]
    assert asked[0][1:] == ["Open read only", "Open anyway", "Quit"]
    if choice == 2:
        assert window is None
        assert not (data_dir / ".open" / f"{os.getpid()}.json").exists()
        return
    assert window is not None
    assert window.db.read_only is (choice == 0)


def test_a_window_started_alone_is_not_asked(qtbot, data_dir, windows, prompts, english):  # noqa: F811
    make_encrypted(data_dir)

    def login(dialog):
        dialog.passphrase.setText(PASS)
        dialog.login_button.click()

    window = windows(data_dir, show=driving(qtbot, login, officers_later), prompts=prompts)
    assert window is not None and not window.db.read_only
    assert prompts.offered == []


DEMO_LOADER = """
import json, sys
from pathlib import Path
from workstation.progress import CancelToken
from workstation.tasks import load_demo_task

def progress(done, total, message):
    print("step", done, total, message, flush=True)

added = load_demo_task(Path(sys.argv[1]), progress=progress, cancel=CancelToken())
print("added", json.dumps(added), flush=True)
"""


def _loader(data: Path) -> subprocess.Popen:
    # the first one's import of 13,543 complaints holds the database's write lock for a while: opened meanwhile, the
    # second one's connection waits for it (a loaded test machine takes longer than the 5 seconds of a start)
    env = {**_env(), "WORKSTATION_BUSY_TIMEOUT_MS": "60000"}
    return subprocess.Popen([sys.executable, "-c", DEMO_LOADER, str(database_path(data))], cwd=PROJECT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def test_two_windows_loading_the_demo_into_one_folder_load_it_once(data_dir):
    """The second window's demo load starts while the first one's imports its complaints (its leads registered,
    waiting for them): it waits for the first to finish, then adds nothing — no 该线索已处理 refusal."""
    import json

    from workstation.demo import load_seed
    from workstation.security import access
    from workstation.store import ensure_reference_data

    access.prepare(data_dir, None, plaintext=True)
    db = open_database(database_path(data_dir))
    ensure_reference_data(db)
    db.conn.close()
    first = _loader(data_dir)
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # the first one's records are in: its complaints are being imported
        line = first.stdout.readline()
        assert line, first.stderr.read()
        lines.append(line)
        if line.startswith("step 4 "):
            break
    second = _loader(data_dir)
    out1, err1 = first.communicate(timeout=180)
    out2, err2 = second.communicate(timeout=180)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    added = json.loads(next(line for line in out2.splitlines() if line.startswith("added "))[len("added "):])
    assert not any(added.values()), added
    seed = load_seed()
    db = open_database(database_path(data_dir))
    try:
        assert db.execute("SELECT count(*) FROM leads").fetchone()[0] == len(seed["leads"])
        assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == len(seed["cases"])
        assert db.execute("SELECT count(*) FROM leads WHERE status = 'registered'").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM complaints").fetchone()[0] == 13543
    finally:
        db.conn.close()


def test_a_failure_while_loading_without_the_lock_is_not_chained_to_the_lock_s_error(tmp_path):
    """A folder the lock file cannot be made in: the load's own refusal is shown alone, not "During handling of the
    above exception" after the lock's OSError."""
    import traceback

    from workstation.demo import loading_alone

    with pytest.raises(ValueError) as refused:
        with loading_alone(tmp_path / "not there"):
            raise ValueError("refused by the database")
    assert refused.value.__context__ is None
    assert "During handling" not in "".join(traceback.format_exception(refused.value))


# (#2) a second first-start dialog on a folder set up meanwhile -------------------------------------------------
@pytest.mark.parametrize("passphrase", ["another passphrase 2026", PASS])
def test_a_first_start_dialog_on_a_folder_set_up_meanwhile_tries_no_passphrase(qtbot, data_dir, windows, prompts,  # noqa: F811
                                                                               passphrase, english):
    said = []

    def fill(dialog):
        assert dialog.objectName() == "setup_dialog"
        keyring.create_encrypted(data_dir, "陈志强", PASS)  # the other window's officer set it up meanwhile
        before = keyring.load(data_dir)
        dialog.fields.edits["officer"].setText("李明")
        dialog.fields.edits["passphrase"].setText(passphrase)
        dialog.fields.edits["repeat"].setText(passphrase)
        dialog.action_button.click()
        assert dialog.result() != QDialog.DialogCode.Accepted
        said.append(dialog.message.text())
        assert keyring.load(data_dir) == before
        dialog.leave_button.click()

    assert windows(data_dir, show=driving(qtbot, fill), prompts=prompts) is None
    assert said == [f"The data in {data_dir} was set up meanwhile; start the workstation again to open it."]
    data = keyring.load(data_dir)
    assert data["failures"] == 0 and keyring.officers(data_dir) == ["陈志强"]
    assert session.key_for(data_dir) is None


def test_prepare_for_new_data_on_a_folder_set_up_meanwhile_tries_no_passphrase(data_dir):
    """``prepare(new_only=True)`` (the first-start dialog's) on an encrypted keyring another program made: 'set up',
    the keyring untouched, no failure counted, nothing unlocked — whichever passphrase was typed."""
    from workstation.security import access

    keyring.create_encrypted(data_dir, "陈志强", PASS)
    before = keyring.load(data_dir)
    for passphrase in ("another passphrase 2026", PASS):
        assert access.prepare(data_dir, passphrase, officer="李明", new_only=True) == "set up"
        assert keyring.load(data_dir) == before
        assert keyring.load(data_dir)["failures"] == 0
        assert session.key_for(data_dir) is None


# (#4) the officer's own files/, backups/, logs/ ---------------------------------------------------------------------
def _own_folder(root: Path) -> Path:
    folder = root / "mine"
    for name, text in (("files/photo.jpg", "photo"), ("backups/x.zip", "zip"), ("logs/a.txt", "notes"),
                       ("station/readme.txt", "notes")):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_folder_of_the_officers_own_files_gets_a_normal_first_start(qtbot, tmp_path, windows, prompts,  # noqa: F811
                                                                     english):
    folder = _own_folder(tmp_path)
    shown = []

    def setup(dialog):
        shown.append(dialog.objectName())
        dialog.leave_button.click()

    assert windows(folder, show=driving(qtbot, setup), prompts=prompts) is None
    assert shown == ["setup_dialog"] and prompts.errors == []


def test_init_on_a_folder_of_the_officers_own_files_is_not_refused(tmp_path, capsys, english):
    from tests.helpers import run

    folder = _own_folder(tmp_path)
    code, out, err = run(capsys, "--data-dir", folder, "init", "--plaintext")
    assert code == 0, err
    assert "what only a database kept here leaves" not in err
    assert (folder / "files" / "photo.jpg").read_text(encoding="utf-8") == "photo"


@pytest.mark.parametrize("kept", ["files/ab/ab" + "0" * 62, "station/sign.key", "backups/x.wsbackup"])
def test_a_folder_refused_as_lost_data_gets_no_log(tmp_path, capsys, english, kept):
    from tests.helpers import run

    folder = _own_folder(tmp_path)  # its logs/ holds the officer's own notes
    (folder / kept).parent.mkdir(parents=True, exist_ok=True)
    (folder / kept).write_bytes(b"stored")
    code, out, err = run(capsys, "--data-dir", folder, "init", "--plaintext")
    assert code == 1
    assert "what only a database kept here leaves" in err and f"({kept.split('/')[0]}/)" in err
    assert sorted(p.name for p in (folder / "logs").iterdir()) == ["a.txt"]
    assert not database_path(folder).exists()


def test_a_folder_refused_as_lost_data_has_the_log_of_the_restore_that_brings_its_database_back(tmp_path, capsys,
                                                                                                 english):
    import json

    from tests.helpers import run
    from tests.test_db_lost import lose_database

    folder = tmp_path / "data"
    code, _out, err = run(capsys, "--data-dir", folder, "init", "--plaintext")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", folder, "backup", "create", "--json")
    assert code == 0, err
    backup = json.loads(out)["id"]
    lose_database(folder, "deleted")
    for entry in (folder / "logs").iterdir():
        entry.unlink()
    code, _out, err = run(capsys, "--data-dir", folder, "backup", "restore", backup)
    assert code == 0, err
    log = (folder / "logs" / "workstation.log").read_text(encoding="utf-8")
    assert "backup restored" in log


# the log held for a folder refused as lost data (final read) ------------------------------------------------------
@pytest.fixture
def held_log(tmp_path):
    """A data directory refused as lost data (its station's key, no database) whose log is set up: (folder, the
    handler holding its records); the handler closed afterwards."""
    from workstation.log import LOGGER, setup_logging

    folder = tmp_path / "data"
    (folder / "station").mkdir(parents=True)
    (folder / "station" / "sign.key").write_bytes(b"key")
    setup_logging(folder)
    handler = next(h for h in LOGGER.handlers if getattr(h, "baseFilename", "").startswith(str(folder)))
    yield folder, handler
    LOGGER.removeHandler(handler)
    handler.close()


def _database_back(folder: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(database_path(folder))
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


class _Secret:
    """What a frame may hold in its locals (a passphrase, a record)."""


def _failing(secret: _Secret) -> None:
    raise ValueError("张三 13812345678 440682199003075851")


def test_records_held_for_a_refused_folder_keep_no_frames_and_are_scrubbed_when_held(held_log, monkeypatch):
    import gc
    import weakref

    from workstation.log import LOGGER

    folder, handler = held_log
    monkeypatch.setattr(LOGGER, "propagate", False)  # pytest's own capture of the record (and its frames) left out
    secret = _Secret()
    alive = weakref.ref(secret)
    try:
        _failing(secret)
    except ValueError:
        LOGGER.exception("check failed for %s", "李四 13912345678")
    del secret
    gc.collect()
    assert alive() is None  # the traceback's frames (and their locals) are not kept while the record is held
    assert not (folder / "logs" / "workstation.log").exists()
    _database_back(folder)
    LOGGER.info("database back")
    log = (folder / "logs" / "workstation.log").read_text(encoding="utf-8")
    assert "check failed for [zh:2]" in log and "Traceback" in log and "ValueError" in log
    assert "database back" in log
    for personal in ("张三", "李四", "13812345678", "13912345678", "440682199003075851"):
        assert personal not in log


def test_records_not_held_for_a_refused_folder_are_counted_in_the_log(held_log, monkeypatch):
    from workstation.log import LOGGER

    folder, handler = held_log
    monkeypatch.setattr(handler, "HELD_AT_MOST", 3)
    for n in range(5):
        LOGGER.info("record %s", n)
    _database_back(folder)
    LOGGER.info("database back")
    lines = (folder / "logs" / "workstation.log").read_text(encoding="utf-8").splitlines()
    assert [line.split(" workstation ", 1)[1] for line in lines] == [
        "record 0", "record 1", "record 2",
        "2 log records not kept (at most 3 are held while the data directory has no database)", "database back"]
    assert " WARNING workstation 2 log records not kept" in lines[3]


def test_the_held_log_of_a_folder_named_relatively_is_closed_as_the_folders(tmp_path, monkeypatch):
    """``cli_new_data`` closes the log in a folder it made by the folder's full path: a --data-dir given relative to
    the working folder is found too."""
    from workstation.cli_new_data import _close_log_in
    from workstation.log import LOGGER, setup_logging

    monkeypatch.chdir(tmp_path)
    (tmp_path / "data" / "station").mkdir(parents=True)
    (tmp_path / "data" / "station" / "sign.key").write_bytes(b"key")
    before = list(LOGGER.handlers)
    setup_logging(Path("data"))
    added = [h for h in LOGGER.handlers if h not in before]
    assert len(added) == 1 and Path(added[0].baseFilename).is_absolute()
    _close_log_in(Path("data"))
    if added[0] in LOGGER.handlers:
        LOGGER.removeHandler(added[0])
        added[0].close()
        pytest.fail("the log handler of data/ was left open")


def test_lost_data_found_names_what_a_database_leaves(tmp_path):
    from workstation.db.connection import lost_data_found

    folder = tmp_path / "data"
    (folder / "station").mkdir(parents=True)
    assert lost_data_found(database_path(folder)) == []
    (folder / "station" / "sign.key").write_bytes(b"key")
    assert lost_data_found(database_path(folder)) == ["station/"]
    _database_back(folder)
    assert lost_data_found(database_path(folder)) == []


# (stop read #1) a first-start whose own set-up is refused while another program left a damaged keyring ------------
@pytest.mark.gui
def test_a_refused_set_up_beside_a_keyring_damaged_meanwhile_shows_the_refusal(qtbot, data_dir, prompts, monkeypatch,
                                                                              english):
    """The first start's set-up refused (``access.prepare``) while another program left a keyring.json that cannot
    be read (damaged, or of a newer version): the dialog shows the refusal and stays open, nothing escapes its
    button."""
    from ui.setup_dialog import SetupDialog
    from workstation.errors import WorkstationError
    from workstation.security import access

    def prepare(data_dir, passphrase, **kwargs):
        keyring.keyring_path(data_dir).write_text("{damaged", encoding="utf-8")  # another program, meanwhile
        raise WorkstationError("The keyring could not be written: try again.")

    monkeypatch.setattr(access, "prepare", prepare)
    dialog = SetupDialog(data_dir, prompts)
    qtbot.addWidget(dialog)
    dialog.fields.edits["officer"].setText("李明")
    dialog.fields.edits["passphrase"].setText(PASS)
    dialog.fields.edits["repeat"].setText(PASS)
    assert dialog.create() is False
    assert dialog.message.text() == "The keyring could not be written: try again."
    assert dialog.result() != QDialog.DialogCode.Accepted
