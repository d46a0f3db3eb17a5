"""Session 70, encryption, passphrases and the idle lock: the clipboard emptied while the window is locked (given
back only to the officer who locked it), encrypting data kept unencrypted on purpose from 口令与安全 (at the next
start), a passphrase of spaces and a few characters refused, and the encryption's progress moving while the database
is copied."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from PySide6.QtGui import QGuiApplication

from tests import backup_fixtures, test_officers_passphrases, test_ui_login
from tests.test_officers_passphrases import WANG
from tests.test_ui_login import PASS
from ui.idle_lock import IdleLock
from workstation.errors import ValidationError, WorkstationError
from workstation.i18n import _
from workstation.security import access, encrypt_request, keyring

station = test_officers_passphrases.station  # 陈志强 and 王芳 with a passphrase each, 李明 without
_encryption = test_ui_login._encryption  # autouse: cheap Argon2id, the actor restored, the keys forgotten
templates, copy_template = backup_fixtures.templates, backup_fixtures.copy_template

SECRET = "身份证 440602198801011234"


# 1. the clipboard while locked -----------------------------------------------------------------------------------
def clipboard_text() -> str:
    return QGuiApplication.clipboard().text()


def unlock_as(lock: IdleLock, officer: str, passphrase: str) -> None:
    lock.dialog.officer.setCurrentIndex(lock.dialog.officer.findData(officer))
    lock.dialog.passphrase.setText(passphrase)
    lock.dialog.login_button.click()
    assert not lock.is_locked


@pytest.fixture
def clipboard_lock(qtbot, station, make_window):
    """The window of 陈志强 shown, SECRET on the clipboard, and its idle lock (not locked yet); stopped afterwards."""
    db, data = station
    access.act_as("陈志强")
    window = make_window(db)
    window.show()
    QGuiApplication.clipboard().setText(SECRET)
    lock = IdleLock(window, data, "陈志强", 5, quit_app=lambda: None)
    try:
        yield lock
    finally:
        lock.stop()


@pytest.mark.gui
def test_the_lock_empties_the_clipboard_and_gives_it_back_to_the_same_officer(clipboard_lock):
    clipboard_lock.lock()
    assert clipboard_text() == "", "nobody at the locked laptop may paste what was copied"
    unlock_as(clipboard_lock, "陈志强", PASS)
    assert clipboard_text() == SECRET


@pytest.mark.gui
def test_another_officer_unlocking_does_not_get_the_clipboard(clipboard_lock):
    clipboard_lock.lock()
    assert clipboard_text() == ""
    unlock_as(clipboard_lock, "王芳", WANG)
    assert clipboard_text() == ""
    clipboard_lock.lock()  # and 陈志强 unlocking after her finds nothing either: it was not kept
    unlock_as(clipboard_lock, "陈志强", PASS)
    assert clipboard_text() == ""


@pytest.mark.gui
def test_a_clipboard_manager_refilling_an_empty_clipboard_does_not_bring_it_back(clipboard_lock):
    """A clipboard manager that puts its last item back when the clipboard is emptied (KDE Klipper's "prevent empty
    clipboard", on by default) finds the clipboard holding the lock's placeholder, never empty."""
    clipboard = QGuiApplication.clipboard()

    def refill(mode=None):
        held = clipboard.mimeData()
        if held is None or not held.formats():
            clipboard.setText(SECRET)  # the manager's history: what was copied last

    clipboard.dataChanged.connect(refill)
    try:
        clipboard_lock.lock()
        assert SECRET not in clipboard_text(), "nobody at the locked laptop may paste what was copied"
        unlock_as(clipboard_lock, "陈志强", PASS)
        assert clipboard_text() == SECRET
    finally:
        clipboard.dataChanged.disconnect(refill)


@pytest.mark.gui
def test_what_is_copied_while_locked_is_not_replaced_at_the_unlock(clipboard_lock):
    clipboard_lock.lock()
    QGuiApplication.clipboard().setText("other")  # copied meanwhile (another program, or its owner changed)
    unlock_as(clipboard_lock, "陈志强", PASS)
    assert clipboard_text() == "other"


@pytest.mark.gui
def test_what_another_program_put_on_the_clipboard_is_left_alone(clipboard_lock, monkeypatch):
    from ui import idle_lock

    QGuiApplication.clipboard().setText("another program's text")
    monkeypatch.setattr(idle_lock, "_owns", lambda clipboard, mode: False)  # as on X11: see the test below
    clipboard_lock.lock()
    assert clipboard_text() == "another program's text"
    unlock_as(clipboard_lock, "王芳", WANG)
    assert clipboard_text() == "another program's text"


class _StubClipboard:
    """A clipboard as X11 (xcb) shows it to the workstation: owned or not, with a selection."""

    def __init__(self, owns: bool):
        self.owns = owns

    def ownsClipboard(self) -> bool:
        return self.owns

    def ownsSelection(self) -> bool:
        return self.owns

    def supportsSelection(self) -> bool:
        return True


@pytest.mark.parametrize("owns", [False, True])
def test_the_clipboard_is_the_workstation_s_only_when_x11_says_it_owns_it(monkeypatch, owns):
    from types import SimpleNamespace

    from PySide6.QtGui import QClipboard

    from ui import idle_lock

    monkeypatch.setattr(idle_lock, "QGuiApplication", SimpleNamespace(platformName=lambda: "xcb"))
    for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):
        assert idle_lock._owns(_StubClipboard(owns), mode) is owns, mode


# 2. encrypting data kept unencrypted on purpose ------------------------------------------------------------------
def plaintext_data(copy_template):
    data = copy_template("plain")
    keyring.choose_plaintext(data)
    assert keyring.state(data) == "plaintext"
    return data


def passphrase_dialog(qtbot, data, prompts):
    from ui.security_dialog import PassphraseDialog

    dialog = PassphraseDialog(data, "", prompts=prompts)
    qtbot.addWidget(dialog)
    return dialog


def start_gate(qtbot, data, prompts, passphrase=PASS, officer="罗建华"):
    """``gain_access`` as the window's start runs it; the encryption dialog, when shown, filled in and run."""
    from ui.gate import gain_access
    from ui.task_runner import ImmediateRunner

    shown = []

    def show(dialog):
        qtbot.addWidget(dialog)
        shown.append(dialog.objectName())
        if dialog.objectName() != "encrypt_dialog":
            return False
        for name, edit in dialog.fields.edits.items():
            edit.setText(officer if name == "officer" else passphrase)
        dialog.encrypt()
        return dialog.mode == "encrypted"

    return gain_access(data, None, ImmediateRunner(), prompts, show), shown


@pytest.mark.gui
def test_plaintext_data_can_be_encrypted_from_the_window_at_the_next_start(qtbot, copy_template, prompts, english):
    data = plaintext_data(copy_template)
    dialog = passphrase_dialog(qtbot, data, prompts)
    assert dialog.encrypt_button.isEnabled() and dialog.encrypt_button.isVisibleTo(dialog)
    assert dialog.encrypt_button.text() == _("Encrypt the data…")
    dialog.encrypt_button.click()
    said = dialog.done_label.text()
    assert "close the workstation and start it again" in said, said
    assert keyring.state(data) == "plaintext"  # nothing is encrypted while the data is open
    assert dialog.withdraw_request_button.isVisibleTo(dialog) and not dialog.encrypt_button.isVisibleTo(dialog)
    dialog.done(0)
    result, shown = start_gate(qtbot, data, prompts)
    assert shown == ["encrypt_dialog"]
    assert result.mode == "encrypted" and keyring.state(data) == "encrypted"
    assert not encrypt_request.encryption_requested(data)
    session_key = keyring.unlock(data, PASS)
    assert session_key[0] == "罗建华"


@pytest.mark.gui
def test_a_request_withdrawn_asks_nothing_at_the_next_start(qtbot, copy_template, prompts, english):
    data = plaintext_data(copy_template)
    dialog = passphrase_dialog(qtbot, data, prompts)
    dialog.encrypt_button.click()
    dialog.withdraw_request_button.click()
    assert dialog.encrypt_button.isVisibleTo(dialog) and not dialog.withdraw_request_button.isVisibleTo(dialog)
    assert "withdrawn" in dialog.done_label.text()
    result, shown = start_gate(qtbot, data, prompts)
    assert shown == [] and result.mode == "plaintext" and keyring.state(data) == "plaintext"


@pytest.mark.gui
def test_not_now_at_the_start_keeps_the_request_and_keeping_it_unencrypted_ends_it(qtbot, copy_template, prompts):
    from ui.gate import gain_access
    from ui.task_runner import ImmediateRunner

    data = plaintext_data(copy_template)
    encrypt_request.request_encryption(data, "罗建华")

    def later(dialog):
        qtbot.addWidget(dialog)
        dialog.leave_button.click()
        return False

    assert gain_access(data, None, ImmediateRunner(), prompts, later).mode == "plaintext"
    assert encrypt_request.encryption_requested(data)  # offered again at the next start

    def keep_plain(dialog):
        qtbot.addWidget(dialog)
        prompts.confirm_answer = True
        return dialog.choose_plaintext()

    assert gain_access(data, None, ImmediateRunner(), prompts, keep_plain).mode == "plaintext"
    assert not encrypt_request.encryption_requested(data) and keyring.state(data) == "plaintext"


@pytest.mark.gui
@pytest.mark.parametrize("why", ["read-only disk", "open in another window"])
def test_a_start_that_cannot_encrypt_keeps_the_request_for_a_later_one(qtbot, copy_template, prompts, monkeypatch,
                                                                       why):
    """A start on a read-only disk, or beside another window that has the data open (this one read only, or opened
    anyway), cannot encrypt the data: the request is not acted on (no dialog that would only be refused) and kept."""
    from workstation import data_folder, repair

    data = plaintext_data(copy_template)
    encrypt_request.request_encryption(data, "罗建华")
    with monkeypatch.context() as patched:
        if why == "read-only disk":
            patched.setattr(data_folder, "on_read_only_disk", lambda path: True)
        else:
            patched.setattr(repair, "open_elsewhere", lambda data_dir: [os.getpid() + 1])
        result, shown = start_gate(qtbot, data, prompts)
    assert shown == [] and result.mode == "plaintext" and keyring.state(data) == "plaintext"
    assert encrypt_request.encryption_requested(data)  # offered at a start that can encrypt
    result, shown = start_gate(qtbot, data, prompts)
    assert shown == ["encrypt_dialog"] and result.mode == "encrypted"


@pytest.mark.gui
def test_lock_now_on_plaintext_data_names_where_to_encrypt_it(qtbot, data_dir, make_window, prompts, english):
    from workstation.db import open_database
    from workstation.paths import database_path

    db = open_database(database_path(data_dir))
    keyring.choose_plaintext(data_dir)
    try:
        window = make_window(db)
        window.lock_now()
        said = " ".join(prompts.infos)
        assert "Passphrases and security" in said and "Encrypt the data" in said, said
        # the button records a request; the next start asks for a name and passphrase before it encrypts
        assert "asks for it to be encrypted at the next start" in said and "encrypts it" not in said, said
    finally:
        db.conn.close()


# 3. spaces do not count toward the passphrase's length -----------------------------------------------------------
@pytest.mark.parametrize("weak", [" " * 8 + "x", "a b c d e f g", "  abc   defg  "])
def test_a_passphrase_of_spaces_and_a_few_characters_is_refused(weak):
    with pytest.raises(ValidationError) as refused:
        keyring.check_passphrase(weak)
    assert list(refused.value.errors) == ["passphrase"]


def test_the_refusal_says_spaces_do_not_count(english):
    with pytest.raises(ValidationError) as refused:
        keyring.check_passphrase(" " * 8 + "x")
    assert refused.value.errors["passphrase"] == _(
        "The passphrase needs at least {n} characters, not counting spaces.").format(n=keyring.MIN_PASSPHRASE)
    assert keyring.check_passphrase("correct horse 1") == "correct horse 1"


@pytest.mark.gui
def test_the_form_shows_it_at_the_field(qtbot, english):
    from ui.passphrase_fields import NewPassphraseForm

    form = NewPassphraseForm()
    qtbot.addWidget(form)
    form.edits["passphrase"].setText(" " * 8 + "x")
    form.edits["repeat"].setText(" " * 8 + "x")
    assert form.checked() is None
    assert "not counting spaces" in form.error_text("passphrase")


def test_an_existing_passphrase_with_spaces_still_opens_and_can_be_changed(data_dir, monkeypatch):
    old = "ab  cd  "  # accepted before this session: 8 characters counting the spaces
    minimum = keyring.MIN_PASSPHRASE
    monkeypatch.setattr(keyring, "MIN_PASSPHRASE", 1)
    keyring.create_encrypted(data_dir, "陈志强", old)
    monkeypatch.setattr(keyring, "MIN_PASSPHRASE", minimum)
    assert keyring.unlock(data_dir, old)[0] == "陈志强"
    keyring.change_passphrase(data_dir, "陈志强", old, "陈志强的新口令2027")
    assert keyring.unlock(data_dir, "陈志强的新口令2027")[0] == "陈志强"


# 4. the progress of the database's encryption --------------------------------------------------------------------
class _Marked:
    """A connection that notes when ``sqlcipher_export`` returned (how many progress reports had come by then)."""

    def __init__(self, conn, reports, marks):
        self._conn, self._reports, self._marks = conn, reports, marks

    def execute(self, sql, *args):
        result = self._conn.execute(sql, *args)
        if "sqlcipher_export" in sql:
            self._marks.append(len(self._reports))
        return result

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_the_progress_moves_while_the_database_is_copied(tmp_path, monkeypatch):
    from workstation.db import driver

    if driver.sqlcipher is None:
        pytest.skip("SQLCipher is not installed")
    source = tmp_path / "workstation.db"
    plain = sqlite3.connect(source)
    plain.execute("CREATE TABLE audit (seq INTEGER PRIMARY KEY, actor TEXT, action TEXT, note TEXT)")
    plain.execute("CREATE INDEX audit_actor ON audit (actor)")
    plain.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, number TEXT, party TEXT)")
    plain.execute("CREATE INDEX cases_number ON cases (number)")
    plain.executemany("INSERT INTO audit (actor, action, note) VALUES (?, ?, ?)",
                      [(f"officer {i % 7}", "case_saved", f"note {i}" * 3) for i in range(40000)])
    plain.executemany("INSERT INTO cases (number, party) VALUES (?, ?)",
                      [(f"佛南市监立〔2026〕{i}号", f"当事人{i}") for i in range(20000)])
    plain.commit()
    plain.close()
    assert source.stat().st_size < 6 << 20  # held in SQLCipher's page cache until the copy commits
    reports, marks = [], []
    real_connect = driver.sqlcipher.connect
    monkeypatch.setattr(driver.sqlcipher, "connect", lambda *a, **k: _Marked(real_connect(*a, **k), reports, marks))
    monkeypatch.setattr(access._CopyWatch, "INTERVAL", 0.005)

    def progress(done, total, message):
        reports.append(done / total)
        time.sleep(0.005)  # a slow laptop: the copy takes a while

    access._copy_database(source, tmp_path / "sealed.db", os.urandom(32), progress)
    assert marks, "the copy was made by sqlcipher_export"
    during = reports[:marks[0]]
    shown = [round(share, 3) for share in during]
    assert any(0.10 <= share <= 0.90 for share in during), shown
    # moving, not standing near 0 % for most of the copy and then jumping
    assert len({share for share in shown if 0.10 <= share <= 0.90}) >= 3, shown
    assert sum(share < 0.10 for share in during) <= len(during) / 2, shown
    assert all(b >= a for a, b in zip(reports, reports[1:], strict=False)), "the bar never goes back"
    assert reports[-1] == 1.0



class _WriterDuring:
    """A connection at whose ``sqlcipher_export`` (or ``ATTACH``, ``at``) another connection commits a row to the
    database being copied."""

    def __init__(self, conn, source, at):
        self._conn, self._source, self._at = conn, source, at

    def execute(self, sql, *args):
        if sql.startswith(self._at):
            other = sqlite3.connect(self._source)
            other.execute("INSERT INTO notes (note) VALUES ('saved meanwhile')")
            other.commit()
            other.close()
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def wal_database(path):
    plain = sqlite3.connect(path)
    plain.execute("PRAGMA journal_mode = WAL")
    plain.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, note TEXT UNIQUE)")
    plain.executemany("INSERT INTO notes (note) VALUES (?)", [(f"note {i}",) for i in range(5000)])
    plain.commit()
    plain.close()


def notes_in(path, key=None):
    from workstation.db import driver

    conn = driver.connect_encrypted(str(path), 5.0, key) if key else sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
    finally:
        conn.close()


def test_a_commit_before_the_copy_begins_is_in_the_copy(tmp_path, monkeypatch):
    from workstation.db import driver

    if driver.sqlcipher is None:
        pytest.skip("SQLCipher is not installed")
    source = tmp_path / "workstation.db"
    wal_database(source)
    real_connect = driver.sqlcipher.connect
    monkeypatch.setattr(driver.sqlcipher, "connect",
                        lambda *a, **k: _WriterDuring(real_connect(*a, **k), source, "ATTACH"))
    key = os.urandom(32)
    access._copy_database(source, tmp_path / "sealed.db", key)  # the counts and the copy: one snapshot
    assert notes_in(tmp_path / "sealed.db", key) == notes_in(source) == 5001


def test_a_commit_during_the_copy_is_said_as_a_change_not_a_bad_copy(tmp_path, monkeypatch, english):
    from workstation.db import driver

    if driver.sqlcipher is None:
        pytest.skip("SQLCipher is not installed")
    source = tmp_path / "workstation.db"
    wal_database(source)
    real_connect = driver.sqlcipher.connect
    monkeypatch.setattr(driver.sqlcipher, "connect",
                        lambda *a, **k: _WriterDuring(real_connect(*a, **k), source, "SELECT sqlcipher_export"))
    with pytest.raises(WorkstationError) as refused:
        access._copy_database(source, tmp_path / "sealed.db", os.urandom(32))
    said = refused.value.message
    assert "does not match" not in said, said
    assert said == _("Another program opened or changed the data in {path} while it was being encrypted: nothing was "
                     "changed, the data is still unencrypted. Close the other programs of the workstation and encrypt "
                     "again.").format(path=tmp_path)
    assert notes_in(source) == 5001  # what was saved meanwhile is kept


# 5. a finished encryption ends the request -----------------------------------------------------------------------
def test_encrypting_ends_the_request(copy_template):
    data = plaintext_data(copy_template)
    encrypt_request.request_encryption(data, "罗建华")
    access.encrypt_data_dir(data, PASS, "罗建华")
    assert keyring.state(data) == "encrypted"
    assert not encrypt_request.request_path(data).exists()


def test_security_encrypt_on_the_command_line_ends_the_request(capsys, copy_template, monkeypatch):
    from tests.helpers import run

    data = plaintext_data(copy_template)
    encrypt_request.request_encryption(data, "罗建华")
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, _out, err = run(capsys, "--data-dir", data, "security", "encrypt", "--officer", "罗建华")
    assert code == 0, err
    assert keyring.state(data) == "encrypted" and not encrypt_request.request_path(data).exists()


def _undeletable(data_dir):
    raise WorkstationError("encrypt-request.json could not be deleted")


def test_a_request_that_cannot_be_withdrawn_does_not_undo_a_finished_encryption(copy_template, monkeypatch, caplog):
    data = plaintext_data(copy_template)
    encrypt_request.request_encryption(data, "罗建华")
    monkeypatch.setattr(encrypt_request, "withdraw_request", _undeletable)
    result = access.encrypt_data_dir(data, PASS, "罗建华")
    assert result["encrypted"] and keyring.state(data) == "encrypted"
    assert "could not be deleted" in caplog.text


@pytest.mark.gui
def test_the_window_starts_when_the_request_cannot_be_withdrawn_after_encrypting(qtbot, copy_template, prompts,
                                                                                monkeypatch, caplog):
    data = plaintext_data(copy_template)
    encrypt_request.request_encryption(data, "罗建华")
    monkeypatch.setattr(encrypt_request, "withdraw_request", _undeletable)
    result, shown = start_gate(qtbot, data, prompts)
    assert shown == ["encrypt_dialog"]
    assert result.mode == "encrypted" and keyring.state(data) == "encrypted"
    assert "could not be deleted" in caplog.text


def test_a_stored_time_is_shown_to_the_minute():
    from workstation.records import short_time

    assert short_time("2026-03-05T14:30:59+08:00") == "2026-03-05 14:30"
    assert short_time(None) == short_time("") == ""
