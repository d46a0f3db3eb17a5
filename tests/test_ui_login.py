"""Login and lock in the window: the first-start passphrase creates the database encrypted (plaintext only after a
confirm), the login refuses a wrong passphrase in the dialog and makes the next tries wait, the idle lock covers
every window until a passphrase is given, passphrases are changed and added in the security dialog, and the
plaintext data of an earlier version is offered encryption before it opens."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from ui.app import start
from ui.login import LoginDialog
from ui.security_dialog import LockSettingsDialog, PassphraseDialog
from ui.setup_dialog import SetupDialog
from ui.task_runner import ImmediateRunner
from workstation import audit
from workstation.db import open_database
from workstation.demo import load_demo
from workstation.paths import database_path
from workstation.security import access, keyring, session
from workstation.store import (
    agency_id_for_code,
    count_cases,
    drafts,
    ensure_reference_data,
    find_case,
    set_setting,
)

pytestmark = pytest.mark.gui

PASS = "correct horse battery"
OTHER = "黄丽娟的口令2026"
FAST = {"memory_kib": 1024, "iterations": 1, "lanes": 1}
PARTY = "佛山市禅城区澄岚物业服务有限公司"  # a party of the demo data
CASE = "佛南市监立〔2026〕9号"


@pytest.fixture(autouse=True)
def _encryption(monkeypatch):
    """New data directories are encrypted here, Argon2id is cheap, the actor the login sets is restored and every
    unlocked key is forgotten afterwards."""
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    monkeypatch.setenv("WORKSTATION_ACTOR", "tester")
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    yield
    session._KEYS.clear()


@pytest.fixture
def windows(qtbot):
    """start() with an immediate runner; each window's lock, editors and database are closed afterwards."""
    made = []

    def open_window(data_dir, passphrase=None, show=None, prompts=None, **kwargs):
        from tests.conftest import ScriptedPrompts

        window = start(data_dir, passphrase, ImmediateRunner(), prompts or ScriptedPrompts(),
                       show=show or refuse_dialogs, **kwargs)
        if window is not None:
            qtbot.addWidget(window)
            made.append(window)
        return window

    yield open_window
    for window in made:
        if window.idle_lock is not None:
            window.idle_lock.stop()
        window.shutdown()
        window.db.conn.close()


def refuse_dialogs(dialog):
    raise AssertionError(f"no dialog expected, got {dialog.objectName()}")


def officers_later(dialog) -> bool:
    """The only dialog a start on ``make_encrypted``'s station (its agency chosen, no officer yet) shows: the first
    steps' officers dialog, closed with nobody added."""
    from ui.officers_dialog import OfficersDialog

    assert isinstance(dialog, OfficersDialog), f"no dialog but the officers' expected, got {dialog.objectName()}"
    dialog.reject()
    return False


def driving(qtbot, *steps):
    """A ``show`` that runs one step per dialog shown (each gets the dialog) and reports whether it accepted."""
    queue, seen = list(steps), []

    def show(dialog: QDialog) -> bool:
        qtbot.addWidget(dialog)
        seen.append(dialog.objectName())
        queue.pop(0)(dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    show.seen = seen
    return show


# the folders make_encrypted copies, by what they depend on (the environment and the key derivation's cost)
_ENCRYPTED: dict[tuple, Path] = {}


def make_encrypted(data_dir: Path, demo: bool = False) -> None:
    """An encrypted data directory whose first passphrase is 陈志强's, with the demo's cases if asked (not its
    13,543 complaints: no test of the login looks at them); its key is forgotten again. Made once a worker for the
    same environment (``tests.conftest._template_key``) and copied: half a second each time otherwise."""
    import atexit
    import shutil
    import tempfile

    from tests.conftest import _template_key

    key = (_template_key("encrypted"), json.dumps(keyring.DEFAULT_COST, sort_keys=True), demo)
    if key not in _ENCRYPTED:
        if not _ENCRYPTED:
            root = Path(tempfile.mkdtemp(prefix="encrypted-templates-"))
            atexit.register(shutil.rmtree, root, True)
        else:
            root = next(iter(_ENCRYPTED.values())).parent
        made = root / f"data-{len(_ENCRYPTED)}"
        access.prepare(made, PASS, officer="陈志强")
        db = open_database(database_path(made))
        ensure_reference_data(db)
        # its agency chosen: a start asks only for the officers it has none of (``officers_later``)
        set_setting(db, "station_agency", agency_id_for_code("440605"))
        if demo:
            load_demo(db, complaints=False)
        db.conn.close()
        session._KEYS.clear()
        gc.collect()
        _ENCRYPTED[key] = made
    shutil.copytree(_ENCRYPTED[key], data_dir, dirs_exist_ok=True)


def db_bytes(data_dir: Path) -> bytes:
    gc.collect()
    return b"".join(p.read_bytes() for p in (data_dir / "workstation.db", data_dir / "workstation.db-wal")
                    if p.exists())


def wait_over(data_dir: Path) -> None:
    data = keyring.load(data_dir)
    data["last_failure"] = 0
    keyring.keyring_path(data_dir).write_text(json.dumps(data), encoding="utf-8")


# first start ------------------------------------------------------------------------------------------------
def test_first_start_creates_the_database_encrypted(qtbot, data_dir, windows):
    def fill(dialog):
        assert dialog.objectName() == "setup_dialog"
        assert dialog.fields.text("officer") == ""  # the account name "tester" is no name to offer (newcomer13)
        dialog.fields.edits["officer"].setText("陈志强")
        dialog.fields.edits["passphrase"].setText("short")
        dialog.fields.edits["repeat"].setText("short")
        dialog.action_button.click()
        assert "8" in dialog.fields.error_text("passphrase") and not dialog.result()
        dialog.fields.edits["passphrase"].setText(PASS)
        assert dialog.fields.error_text("passphrase") == ""  # corrected: the error goes as it is typed
        assert dialog.fields.error_text("repeat")  # and the repetition differs now
        dialog.action_button.click()
        assert keyring.state(data_dir) == "none" and not dialog.result()
        dialog.fields.edits["repeat"].setText(PASS)
        dialog.action_button.click()

    show = driving(qtbot, fill)
    window = windows(data_dir, show=show)
    assert show.seen == ["setup_dialog"] and window is not None
    assert keyring.state(data_dir) == "encrypted" and keyring.officers(data_dir) == ["陈志强"]
    assert (data_dir / "workstation.db").read_bytes()[:16] != b"SQLite format 3\x00"
    assert window.idle_lock is not None and window.idle_lock.officer == "陈志强"
    assert audit.current_actor() == "陈志强"


def test_quitting_the_first_start_creates_nothing(qtbot, data_dir, windows):
    assert windows(data_dir, show=driving(qtbot, lambda d: d.leave_button.click())) is None
    assert keyring.state(data_dir) == "none" and not database_path(data_dir).exists()


def test_plaintext_is_chosen_only_after_the_confirm(qtbot, data_dir, prompts, windows):
    def choose(dialog):
        dialog.plaintext_button.click()  # the scripted confirm says no
        assert len(prompts.confirmations) == 1 and keyring.state(data_dir) == "none" and not dialog.result()
        prompts.confirm_answer = True
        dialog.plaintext_button.click()

    window = windows(data_dir, show=driving(qtbot, choose), prompts=prompts)
    assert keyring.state(data_dir) == "plaintext" and window.idle_lock is None
    assert (data_dir / "workstation.db").read_bytes()[:16] == b"SQLite format 3\x00"


def test_first_start_with_demo_then_login_adds_no_demo_twice(qtbot, data_dir, windows):
    def fill(dialog):
        dialog.fields.edits["officer"].setText("陈志强")
        for name in ("passphrase", "repeat"):
            dialog.fields.edits[name].setText(PASS)
        dialog.action_button.click()

    window = windows(data_dir, show=driving(qtbot, fill), demo=True)
    with qtbot.waitSignal(window.first_painted):
        window.show()
    qtbot.waitUntil(lambda: count_cases(window.db) == 36)
    assert window.runner.progress_reports  # the demo was loaded as a task
    window.close()
    session._KEYS.clear()  # a second start

    def login(dialog):
        assert dialog.objectName() == "login_dialog"
        dialog.passphrase.setText(PASS)
        dialog.login_button.click()

    again = windows(data_dir, show=driving(qtbot, login), demo=True)
    with qtbot.waitSignal(again.first_painted):
        again.show()
    qtbot.wait(20)
    demo_steps = [report for report in again.runner.progress_reports if report[1] == 6]  # the demo's six steps
    assert count_cases(again.db) == 36 and demo_steps == []  # no second demo task (the board counts as one, too)


# login ------------------------------------------------------------------------------------------------------
def test_wrong_passphrase_is_refused_in_the_dialog_then_the_right_one_opens(qtbot, data_dir, windows):
    make_encrypted(data_dir, demo=True)

    def login(dialog):
        assert dialog.officer.currentText() == "陈志强"
        dialog.passphrase.setText("wrong passphrase")
        dialog.login_button.click()
        assert dialog.message.text() and dialog.message.isVisibleTo(dialog)
        assert dialog.passphrase.text() == "" and not dialog.result()
        assert session.key_for(data_dir) is None and keyring.load(data_dir)["failures"] == 1
        dialog.passphrase.setText(PASS)
        dialog.login_button.click()

    window = windows(data_dir, show=driving(qtbot, login))
    assert window is not None and count_cases(window.db) == 36
    assert window.case_list.model.rowCount() == 36
    assert keyring.load(data_dir)["failures"] == 0


def test_quitting_the_login_opens_nothing(qtbot, data_dir, windows):
    make_encrypted(data_dir)
    assert windows(data_dir, show=driving(qtbot, lambda d: d.quit_button.click())) is None
    assert session.key_for(data_dir) is None


def test_a_given_passphrase_opens_without_the_dialog_and_a_wrong_one_asks(qtbot, data_dir, windows):
    make_encrypted(data_dir)
    assert windows(data_dir, PASS) is not None  # refuse_dialogs: no dialog was shown
    session._KEYS.clear()

    def login(dialog):
        assert dialog.message.text()  # why the given passphrase did not open the data
        dialog.passphrase.setText(PASS)
        dialog.login_button.click()

    show = driving(qtbot, login)
    assert windows(data_dir, "not the passphrase", show=show) is not None and show.seen == ["login_dialog"]


def test_repeated_wrong_passphrases_disable_the_button_while_waiting(qtbot, data_dir, english):
    make_encrypted(data_dir)
    dialog = LoginDialog(data_dir)
    qtbot.addWidget(dialog)
    text = dialog.login_button.text()
    said = []
    for _attempt in range(3):
        dialog.passphrase.setText("nope nope nope")
        dialog.login_button.click()
        said.append(dialog.message.text())
    assert [m.split(". ", 1)[1] for m in said] == [  # nothing more: not whether the officer or passphrase exists
        "2 more tries are left before the next one must wait.", "One more try is left before the next one must wait.",
        "The next try must wait 2 seconds."]
    assert not dialog.login_button.isEnabled() and dialog.countdown.isActive()
    assert dialog.login_button.text() != text and "2" in dialog.login_button.text()
    dialog.passphrase.setText(PASS)
    assert not dialog.attempt() and session.key_for(data_dir) is None  # even the right one waits
    wait_over(data_dir)
    dialog.update_wait()
    assert dialog.login_button.isEnabled() and dialog.login_button.text() == text
    assert not dialog.countdown.isActive()
    dialog.passphrase.setText(PASS)
    dialog.login_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and session.key_for(data_dir) is not None


def test_a_refusal_that_wraps_fits_above_the_buttons_and_the_field_has_the_focus_again(qtbot, data_dir):
    """The lock's long refusal wraps to two lines: the dialog grows so that the buttons do not cover its second
    line, and the passphrase field has the focus again for the next try (clicking 解锁 had taken it)."""
    make_encrypted(data_dir)
    dialog = LoginDialog(data_dir, officer="陈志强", locked=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.passphrase.setText("wrong passphrase")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    message = dialog.message
    assert message.isVisible() and message.height() >= message.heightForWidth(message.width()) > 0
    assert message.geometry().bottom() < dialog.login_button.geometry().top()
    assert dialog.focusWidget() is dialog.passphrase
    dialog.locked = False
    dialog.close()


# idle lock --------------------------------------------------------------------------------------------------
def test_idle_lock_covers_every_window_and_the_right_passphrase_restores_them(qtbot, data_dir, windows):
    make_encrypted(data_dir, demo=True)
    window = windows(data_dir, PASS)
    window.show()
    qtbot.waitExposed(window)
    window.case_tabs.setCurrentWidget(window.case_list)
    other = QWidget(window, Qt.WindowType.Window)  # another window of the application, showing personal data
    other.setWindowTitle(PARTY)
    QLabel(PARTY, other)
    other.show()
    lock = window.idle_lock
    assert lock.minutes == access.DEFAULT_IDLE_LOCK_MINUTES
    assert not lock.check_idle()  # in use
    lock.last_input = lock.clock() - access.DEFAULT_IDLE_LOCK_MINUTES * 60
    assert lock.check_idle() and lock.is_locked
    assert not window.centralWidget().isVisible()
    assert set(lock.covered()) == {window, other}
    for covered in (window, other):
        cover = covered.findChild(QWidget, "lock_cover")
        assert cover.isVisible() and cover.geometry() == covered.rect()
        assert PARTY not in covered.windowTitle()
    dialog = lock.dialog
    assert dialog.isVisible() and dialog.objectName() == "lock_dialog"
    assert dialog.officer.currentText() == "陈志强"
    dialog.reject()  # Esc does not dismiss the lock
    other.close()  # nor does closing a covered window
    assert dialog.isVisible() and other.isVisible()
    dialog.passphrase.setText("wrong passphrase")
    dialog.login_button.click()
    assert lock.is_locked and dialog.message.text() and keyring.load(data_dir)["failures"] == 1
    dialog.passphrase.setText(PASS)
    dialog.login_button.click()
    assert not lock.is_locked and not dialog.isVisible()
    assert window.centralWidget().isVisible() and window.case_tabs.currentWidget() is window.case_list
    assert other.windowTitle() == PARTY
    assert not [c for w in (window, other) for c in w.findChildren(QWidget, "lock_cover") if c.isVisible()]
    assert lock.covered() == []


def test_a_message_box_that_pops_up_while_locked_takes_no_input_until_unlocked(qtbot, data_dir, windows):
    from PySide6.QtWidgets import QMessageBox

    make_encrypted(data_dir)
    window = windows(data_dir, PASS, show=officers_later)
    window.show()
    window.lock_now()
    dialog = window.idle_lock.dialog
    answered = []
    box = QMessageBox(QMessageBox.Icon.Question, "任务完成", "删除这些草稿？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.finished.connect(answered.append)
    box.open()  # as a task that finished behind the lock would ask
    qtbot.waitUntil(lambda: box in window.idle_lock.covered())
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert answered == [] and box.isVisible()
    qtbot.keyClicks(dialog.passphrase, PASS)  # the lock dialog itself still takes the keyboard
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert not window.idle_lock.is_locked
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert answered == [QMessageBox.StandardButton.Yes]


def test_another_officer_unlocks_and_acts_from_then_on(qtbot, data_dir, windows):
    make_encrypted(data_dir)
    window = windows(data_dir, PASS, show=officers_later)
    keyring.add_officer(data_dir, session.key_for(data_dir), "黄丽娟", OTHER)
    window.show()
    window.lock_now()
    dialog = window.idle_lock.dialog
    dialog.officer.setCurrentText("黄丽娟")
    dialog.passphrase.setText(OTHER)
    dialog.login_button.click()
    assert not window.idle_lock.is_locked and window.idle_lock.officer == "黄丽娟"
    assert audit.current_actor() == "黄丽娟"


def test_quitting_from_the_lock_keeps_the_editors_text_as_a_draft(qtbot, data_dir, windows):
    make_encrypted(data_dir, demo=True)
    quits = []
    window = windows(data_dir, PASS, quit_app=lambda: quits.append(True))
    window.show()
    case = find_case(window.db, CASE)
    from workstation.documents.drafts import find_form

    editor = window.open_editor(case, find_form("inquiry_record"))
    editor.set_field("place", "询问室")
    window.lock_now()
    assert editor in window.idle_lock.covered()
    window.idle_lock.dialog.quit_button.click()
    assert quits == [True] and not window.isVisible() and not editor.isVisible()
    kept = drafts.saved_draft(window.db, "inquiry_record", case_id=case.id)
    assert kept is not None and kept.values["place"] == "询问室"


def test_lock_minutes_are_set_in_the_security_settings(qtbot, data_dir, windows):
    make_encrypted(data_dir)
    window = windows(data_dir, PASS)
    dialog = LockSettingsDialog(window.db, data_dir, window.idle_lock)
    qtbot.addWidget(dialog)
    assert dialog.minutes.isEnabled()
    dialog.minutes.setValue(3)
    assert dialog.save()
    assert access.idle_lock_minutes(window.db) == 3 and window.idle_lock.minutes == 3
    window.idle_lock.last_input = window.idle_lock.clock() - 179
    assert not window.idle_lock.check_idle()
    window.idle_lock.set_minutes(0)
    window.idle_lock.last_input = 0
    assert not window.idle_lock.check_idle() and not window.idle_lock.timer.isActive()


def test_without_encryption_there_is_no_lock_and_the_settings_say_why(qtbot, data_dir, windows, prompts):
    access.prepare(data_dir, None, plaintext=True)  # a new data directory kept unencrypted
    window = windows(data_dir, prompts=prompts)
    assert window.idle_lock is None
    window.lock_now()
    assert prompts.infos  # explained, nothing locked
    dialog = LockSettingsDialog(window.db, data_dir, None)
    qtbot.addWidget(dialog)
    assert not dialog.minutes.isEnabled() and dialog.reason.text()
    passphrases = PassphraseDialog(data_dir, "tester")
    qtbot.addWidget(passphrases)
    assert not passphrases.change_button.isEnabled() and not passphrases.add_button.isEnabled()
    assert passphrases.status.text()


# passphrases --------------------------------------------------------------------------------------------------
def test_change_the_own_passphrase_then_the_old_one_fails(qtbot, data_dir):
    make_encrypted(data_dir)
    access.unlock(data_dir, PASS)
    dialog = PassphraseDialog(data_dir, "陈志强")
    qtbot.addWidget(dialog)
    assert "Argon2id" in dialog.status.text() and "陈志强" in dialog.status.text()
    fields = dialog.change_fields
    fields.edits["old"].setText("wrong passphrase")
    fields.edits["passphrase"].setText("一个新的更长的口令")
    fields.edits["repeat"].setText("一个新的更长的口令")
    dialog.change_button.click()
    assert fields.error_text("old") and fields.text("old") == ""
    fields.edits["old"].setText(PASS)
    fields.edits["repeat"].setText("一个新的更长的口令！")
    dialog.change_button.click()
    assert fields.error_text("repeat") and not dialog.done_label.text()
    fields.edits["repeat"].setText("一个新的更长的口令")
    dialog.change_button.click()
    assert dialog.done_label.text() and fields.text("old") == ""
    with pytest.raises(keyring.WrongPassphrase):
        keyring.unlock(data_dir, PASS)
    assert keyring.unlock(data_dir, "一个新的更长的口令")[0] == "陈志强"


def test_add_an_officer_with_their_own_passphrase(qtbot, data_dir):
    from workstation.records import Officer
    from workstation.store import save_officer

    make_encrypted(data_dir)
    access.unlock(data_dir, PASS)
    db = open_database(database_path(data_dir))
    for name, cert in (("陈志强", "44060510001"), ("黄丽娟", "44060510002")):  # on duty in the register
        save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency_id_for_code("440605")))
    dialog = PassphraseDialog(data_dir, "陈志强", db=db)
    qtbot.addWidget(dialog)
    fields = dialog.add_fields
    assert [dialog.add_officer.itemData(i) for i in range(dialog.add_officer.count())] == ["44060510002"]
    dialog.add_officer.setCurrentIndex(0)  # none is chosen until the officer chooses
    fields.edits["passphrase"].setText(OTHER)
    fields.edits["repeat"].setText(OTHER[:-1])
    dialog.add_button.click()
    assert fields.error_text("repeat") and keyring.officers(data_dir) == ["陈志强"]
    fields.edits["repeat"].setText(OTHER)
    dialog.add_button.click()
    assert keyring.officers(data_dir) == ["陈志强", "黄丽娟"] and "黄丽娟" in dialog.status.text()
    assert keyring.unlock(data_dir, OTHER)[0] == "黄丽娟"
    db.conn.close()


# an earlier version's data ----------------------------------------------------------------------------------
@pytest.fixture
def earlier_version(data_dir, database_template):
    """A plaintext data directory with the demo, as an earlier version left it: no keyring (the whole demo's
    database, copied from the session's template instead of loading its 13,543 complaints again)."""
    import shutil

    from tests.helpers import copy_template_files

    shutil.copyfile(database_template("full"), database_path(data_dir))
    copy_template_files(database_template("full"), data_dir)  # the demo's evidence files
    db = open_database(database_path(data_dir))
    db.conn.close()
    assert keyring.state(data_dir) == "none" and PARTY.encode() in db_bytes(data_dir)
    return data_dir


def test_earlier_version_is_offered_encryption_and_then_holds_no_plaintext(qtbot, earlier_version, windows):
    def encrypt(dialog):
        assert dialog.objectName() == "encrypt_dialog"
        dialog.fields.edits["officer"].setText("罗建华")  # an officer of the demo's register
        dialog.fields.edits["passphrase"].setText(PASS)
        dialog.action_button.click()  # the repetition is missing
        assert dialog.fields.error_text("repeat") and keyring.state(earlier_version) == "none"
        dialog.fields.edits["repeat"].setText(PASS)
        dialog.action_button.click()

    window = windows(earlier_version, show=driving(qtbot, encrypt))
    assert keyring.state(earlier_version) == "encrypted" and window.idle_lock.officer == "罗建华"
    assert count_cases(window.db) == 36
    assert PARTY.encode() not in db_bytes(earlier_version)
    assert (earlier_version / "workstation.db").read_bytes()[:16] != b"SQLite format 3\x00"


def test_earlier_version_opens_as_before_when_not_now(qtbot, earlier_version, windows):
    show = driving(qtbot, lambda d: d.leave_button.click())
    window = windows(earlier_version, show=show)
    assert show.seen == ["encrypt_dialog"] and window.idle_lock is None
    assert keyring.state(earlier_version) == "none" and count_cases(window.db) == 36


def test_first_start_restores_a_backup_of_another_laptop(qtbot, tmp_path, windows, prompts, english):
    from workstation.backup import create_backup

    old = tmp_path / "old laptop"
    make_encrypted(old, demo=True)
    access.prepare(old, PASS)
    db = open_database(database_path(old))
    made = create_backup(db, old, tmp_path / "stick")
    db.conn.close()
    session._KEYS.clear()
    new = tmp_path / "new laptop"
    prompts.files = [made["path"], made["path"]]
    prompts.passphrases = ["not the right passphrase", PASS]

    def restore(dialog):
        assert not dialog.restore_button.isHidden()
        dialog.restore_button.click()
        assert "opens none of the keys" in dialog.message.text() and not dialog.result()
        assert keyring.state(new) == "none" and not database_path(new).exists()
        dialog.restore_button.click()
        assert dialog.result() == QDialog.DialogCode.Accepted and dialog.mode == "encrypted"
        assert dialog.officer == "陈志强"

    show = driving(qtbot, restore)
    window = windows(new, show=show, prompts=prompts)
    assert show.seen == ["setup_dialog"] and count_cases(window.db) == 36
    assert window.idle_lock is not None  # encrypted, as the laptop it came from


def unencrypted_backup(tmp_path: Path) -> str:
    """A backup of an unencrypted data directory with the demo (its parties' names readable in it)."""
    from workstation.backup import create_backup

    old = tmp_path / "old laptop"
    access.prepare(old, None, plaintext=True)  # a new data directory, kept unencrypted
    db = open_database(database_path(old))
    ensure_reference_data(db)
    load_demo(db, complaints=False)
    made = create_backup(db, old, tmp_path / "stick")
    db.conn.close()
    assert PARTY.encode() in Path(made["path"]).read_bytes()
    return made["path"]


def test_first_start_encrypts_an_unencrypted_backup_or_asks_before_keeping_it_so(qtbot, tmp_path, windows, prompts,
                                                                                english):
    backup = unencrypted_backup(tmp_path)
    new = tmp_path / "new laptop"
    prompts.files = [backup] * 3

    def restore(dialog):
        prompts.choices = [1]  # keep it unencrypted: the plaintext choice's confirmation, answered no
        dialog.restore_button.click()
        assert len(prompts.confirmations) == 1 and not dialog.result()
        assert prompts.confirmations[0].startswith("Keep the data of this workstation unencrypted?")
        assert keyring.state(new) == "none" and not database_path(new).exists()
        prompts.choices = [0]  # encrypt it, but no passphrase is set yet
        dialog.restore_button.click()
        assert dialog.fields.error_text("passphrase") and not database_path(new).exists() and not dialog.result()
        dialog.fields.edits["officer"].setText("陈志强")
        for name in ("passphrase", "repeat"):
            dialog.fields.edits[name].setText(PASS)
        prompts.choices = [0]
        dialog.restore_button.click()
        assert dialog.result() == QDialog.DialogCode.Accepted and dialog.mode == "encrypted"
        assert dialog.officer == "陈志强"

    show = driving(qtbot, restore)
    window = windows(new, show=show, prompts=prompts)
    assert prompts.offered[0][0].startswith(f"{Path(backup).name} is not encrypted")
    assert show.seen == ["setup_dialog"] and count_cases(window.db) == 36
    assert keyring.state(new) == "encrypted" and keyring.officers(new) == ["陈志强"]
    assert window.idle_lock is not None and PARTY.encode() not in db_bytes(new)
    assert not list((new / "backups").glob("replaced-*"))  # nothing was replaced, and nothing unencrypted kept
    assert prompts.infos[-1].split("\n\n")[0].endswith("was restored; there was no data here to replace.")


def test_first_start_keeps_an_unencrypted_backup_so_only_after_the_confirm(qtbot, tmp_path, windows, prompts,
                                                                          english):
    backup = unencrypted_backup(tmp_path)
    new = tmp_path / "new laptop"
    prompts.files, prompts.choices, prompts.confirm_answer = [backup], [1], True
    show = driving(qtbot, lambda dialog: dialog.restore_button.click())
    window = windows(new, show=show, prompts=prompts)
    assert len(prompts.confirmations) == 1
    assert prompts.confirmations[0].startswith("Keep the data of this workstation unencrypted?")
    assert keyring.state(new) == "plaintext" and count_cases(window.db) == 36 and window.idle_lock is None


def test_setup_dialog_refuses_a_data_directory_that_has_a_keyring(qtbot, data_dir, prompts):
    keyring.choose_plaintext(data_dir)
    dialog = SetupDialog(data_dir, prompts)
    qtbot.addWidget(dialog)
    dialog.fields.edits["officer"].setText("陈志强")
    for name in ("passphrase", "repeat"):
        dialog.fields.edits[name].setText(PASS)
    assert not dialog.create()
    assert dialog.message.text() and keyring.state(data_dir) == "plaintext"
