"""安全设置 asks before dropping the minutes typed (s72, close_unsaved): Esc, Cancel or the close button with minutes
typed and not saved ask, as every other editing dialog does (``AsksBeforeDropping``), to save, discard or keep them
(Cancel: the dialog stays with what was typed); Save saves them — or, typed as no number of minutes, keeps the
dialog open saying so at the field; nothing typed, it closes without asking. Opened from the window's menu, it asks
with the window's prompts."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests import backup_fixtures
from tests.backup_fixtures import open_db
from workstation.security import access, session

templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)

SAVE_ASKED = ["Save the changes you made?", "&Save", "&Discard changes", "Cancel"]


@pytest.fixture
def lock_dialog(copy_template, qtbot, prompts, english):
    from ui.security_dialog import LockSettingsDialog

    data = copy_template("encrypted")
    db = open_db(data)
    access.set_idle_lock_minutes(db, 7)
    dialog = LockSettingsDialog(db, data, prompts=prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog, db
    db.conn.close()
    session._KEYS.clear()


def type_minutes(qtbot, dialog, text: str) -> None:
    edit = dialog.minutes.lineEdit()
    dialog.minutes.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def close_by(qtbot, dialog, how: str) -> None:
    if how == "esc":
        qtbot.keyClick(dialog.minutes.lineEdit(), Qt.Key.Key_Escape)
    elif how == "cancel":
        cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    else:
        dialog.close()


@pytest.mark.parametrize("how", ["esc", "cancel", "close"])
def test_minutes_typed_are_not_dropped_without_asking(lock_dialog, qtbot, prompts, how):
    dialog, db = lock_dialog
    type_minutes(qtbot, dialog, "45")
    prompts.choices = [2]  # Cancel: back to the dialog
    close_by(qtbot, dialog, how)
    assert prompts.offered == [SAVE_ASKED]
    assert dialog.isVisible() and dialog.minutes.cleanText() == "45"
    assert access.idle_lock_minutes(db) == 7
    prompts.choices = [None]  # the question closed by its own close button: kept too
    close_by(qtbot, dialog, how)
    assert dialog.isVisible() and dialog.minutes.cleanText() == "45"
    prompts.choices = [1]  # Discard changes
    close_by(qtbot, dialog, how)
    assert not dialog.isVisible() and access.idle_lock_minutes(db) == 7


def test_save_in_the_question_saves_the_minutes_typed(lock_dialog, qtbot, prompts):
    dialog, db = lock_dialog
    type_minutes(qtbot, dialog, "45")
    prompts.choices = [0]
    close_by(qtbot, dialog, "esc")
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    assert access.idle_lock_minutes(db) == 45


def test_save_in_the_question_of_minutes_that_are_no_number_keeps_the_dialog_saying_why(lock_dialog, qtbot,
                                                                                          prompts):
    dialog, db = lock_dialog
    type_minutes(qtbot, dialog, "500")
    prompts.choices = [0]
    close_by(qtbot, dialog, "close")
    assert dialog.isVisible() and "500" in dialog.minutes.lineEdit().text()
    assert dialog.error.text() == "Give a number of minutes from 0 (never lock) to 480."
    assert access.idle_lock_minutes(db) == 7


def test_nothing_typed_closes_without_asking(lock_dialog, qtbot, prompts):
    dialog, db = lock_dialog
    close_by(qtbot, dialog, "esc")
    assert not dialog.isVisible() and prompts.offered == [] and prompts.confirmations == []


def test_the_menus_security_settings_ask_with_the_windows_prompts(window_on, qtbot, english):
    from ui.security_dialog import LockSettingsDialog

    window = window_on("encrypted")
    seen = []

    def in_the_dialog():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LockSettingsDialog) and
                      w.isVisible())
        type_minutes(qtbot, dialog, "45")
        window.prompts.choices = [2, 1]  # Cancel, then Discard changes
        close_by(qtbot, dialog, "esc")
        seen.append(dialog.isVisible())
        close_by(qtbot, dialog, "esc")
        seen.append(dialog.isVisible())

    QTimer.singleShot(0, in_the_dialog)
    window.edit_security_settings()
    assert seen == [True, False]
    assert window.prompts.offered == [SAVE_ASKED, SAVE_ASKED]


@pytest.mark.parametrize("stored, retyped", [(7, "7"), (0, "0"), (7, "07"), (0, "00")])
def test_the_minutes_stored_typed_again_close_without_asking(lock_dialog, qtbot, prompts, stored, retyped):
    # the field shows "7 min" (or "never" for 0): the same value typed again ("0 min", "07 min") changed nothing
    dialog, db = lock_dialog
    access.set_idle_lock_minutes(db, stored)
    dialog.minutes.setValue(stored)
    dialog.mark_loaded()
    type_minutes(qtbot, dialog, retyped)
    close_by(qtbot, dialog, "esc")
    assert not dialog.isVisible() and prompts.offered == [] and prompts.confirmations == []
    assert access.idle_lock_minutes(db) == stored


def test_other_minutes_typed_still_ask(lock_dialog, qtbot, prompts):
    dialog, db = lock_dialog
    type_minutes(qtbot, dialog, "70")  # 7 stored: a digit more is another value
    prompts.choices = [1]
    close_by(qtbot, dialog, "esc")
    assert prompts.offered == [SAVE_ASKED] and access.idle_lock_minutes(db) == 7
