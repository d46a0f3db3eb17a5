"""An officer with the keyboard alone, once more: Ctrl+N on the 线索 page registers a lead (the page lists leads;
Ctrl+Shift+N still does everywhere), as it makes an interview on 约谈 and a case elsewhere; F1 names every page with
its key; in 口令与安全 Enter in a group's fields presses that group's button (the other officer's passphrase is
added, not a change of one's own tried), and Esc asks before dropping what was typed; no dialog opened from the
window's menus or its pages' buttons shows two Alt letters alike."""

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QPushButton,
    QTabBar,
    QWidget,
)

from tests.test_ui_altkeys import MNEMONIC, shared_letters
from tests.test_ui_keyboard import active
from tests.test_ui_login import FAST, OTHER, PASS, make_encrypted
from ui.case_dialog import CaseDialog
from ui.lead_dialog import LeadDialog
from ui.main_window import NAVIGATION
from ui.security_dialog import PassphraseDialog
from workstation.i18n import _
from workstation.security import access, keyring, session
from workstation.store import find_case

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def test_ctrl_n_on_the_leads_page_registers_a_lead_and_elsewhere_makes_a_case(demo_db, make_window, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    new_case, new_lead = (window.findChild(QAction, name) for name in ("new_case", "new_lead"))
    window.go_to_page(1)
    assert new_lead.shortcuts() == [*QKeySequence.keyBindings(QKeySequence.StandardKey.New),
                                    QKeySequence("Ctrl+Shift+N")]  # Ctrl+N first, as its tooltip says
    assert not new_case.shortcuts() and new_lead.toolTip().endswith("(Ctrl+N)")
    opened = []

    def close_it():
        dialog = QApplication.activeModalWidget()
        opened.append(type(dialog))
        dialog.reject()

    QTimer.singleShot(0, close_it)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, CTRL)
    assert opened == [LeadDialog]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.go_to_page(4)
    assert new_lead.shortcuts() == [QKeySequence("Ctrl+Shift+N")]
    assert new_lead.toolTip().endswith("(Ctrl+Shift+N)")
    QTimer.singleShot(0, close_it)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, CTRL)
    assert opened == [LeadDialog, CaseDialog]


def test_f1_names_every_page_with_its_key(demo_db, make_window, prompts):
    window = make_window(demo_db)
    window.about()
    text = prompts.infos[-1]
    for row, label in enumerate(NAVIGATION):
        assert f"{_(label)} (Ctrl+{row + 1})" in text


@pytest.fixture
def encrypted(data_dir, monkeypatch):
    """The data directory encrypted (Argon2id cheap), 陈志强's key unlocked; forgotten afterwards."""
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    make_encrypted(data_dir)
    access.unlock(data_dir, PASS)
    yield data_dir
    session._KEYS.clear()


def passphrases(qtbot, data_dir, prompts, db=None) -> PassphraseDialog:
    dialog = PassphraseDialog(data_dir, "陈志强", prompts=prompts, db=db)
    qtbot.addWidget(dialog)
    return active(qtbot, dialog)


def test_enter_in_the_other_officers_fields_adds_the_officer(encrypted, prompts, qtbot):
    from workstation.db import open_database
    from workstation.paths import database_path
    from workstation.records import Officer
    from workstation.store import agency_id_for_code, save_officer

    db = open_database(database_path(encrypted))
    save_officer(db, Officer(name="黄丽娟", cert_no="44060510002", agency_id=agency_id_for_code("440605")))
    dialog = passphrases(qtbot, encrypted, prompts, db)
    fields = dialog.add_fields
    assert dialog.add_officer.currentIndex() == -1  # none is chosen until the officer chooses
    dialog.add_officer.setCurrentIndex(0)
    assert dialog.add_officer.currentText() == "黄丽娟（44060510002）"
    for name, text in (("passphrase", OTHER), ("repeat", OTHER)):
        fields.edits[name].setFocus()
        fields.edits[name].insert(text)  # as the input method commits it
    qtbot.keyClick(fields.edits["repeat"], Qt.Key.Key_Return)
    assert keyring.officers(encrypted) == ["陈志强", "黄丽娟"]
    assert dialog.isVisible() and dialog.change_fields.error_text("old") == ""  # no change of one's own was tried
    own = dialog.change_fields.edits["old"]
    own.setFocus()
    qtbot.keyClicks(own, "wrong passphrase")
    qtbot.keyClick(own, Qt.Key.Key_Return)  # its own group's button: the passphrase is checked
    assert dialog.isVisible() and dialog.change_fields.error_text("passphrase")
    db.conn.close()


def test_esc_asks_before_dropping_a_passphrase_typed(encrypted, prompts, qtbot):
    dialog = passphrases(qtbot, encrypted, prompts)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible() and prompts.confirmations == []  # nothing typed: closed at once
    dialog = passphrases(qtbot, encrypted, prompts)
    edit = dialog.add_fields.edits["passphrase"]
    edit.setFocus()
    edit.insert(OTHER)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert dialog.isVisible() and edit.text() == OTHER
    assert prompts.confirmations == [_("Discard the changes you made?")]
    prompts.confirm_answer = True
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def dialog_mnemonics(dialog: QDialog) -> list[tuple[str, str]]:
    """(letter, text) of the Alt letters the dialog shows: its buttons', its labels' and its tabs'."""
    texts = []
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog):
            continue
        if isinstance(widget, QAbstractButton | QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
    return [(m.group(1).upper(), text) for text in texts for m in [MNEMONIC.search(text)] if m]


def test_no_dialog_of_the_window_shows_two_alt_letters_alike(demo_db, make_window, qtbot, monkeypatch):
    seen: dict[str, dict] = {}

    def looked_at(dialog, *_args) -> int:  # instead of showing it: its letters, then closed unanswered
        dialog.show()
        seen.setdefault(type(dialog).__name__, shared_letters(dialog_mnemonics(dialog)))
        dialog.hide()
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(QDialog, "exec", looked_at)
    monkeypatch.setattr(QDialog, "open", looked_at)
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    for name in ("new_case", "new_lead", "new_interview", "officers", "backup", "passphrases", "security_settings"):
        window.findChild(QAction, name).trigger()
    case = find_case(demo_db, "佛南市监立〔2026〕9号")
    window.edit_case(case.id)
    for page in (window.open_case(case.id), *(window.page(row) for row in range(1, 6))):
        for button in page.findChildren(QPushButton):
            if button.isVisibleTo(page) and button.isEnabled() and "删除" not in button.text():
                button.click()
    assert len(seen) >= 12, sorted(seen)
    assert {name: shared for name, shared in seen.items() if shared} == {}
