"""The 执法人员 register by keyboard alone: its buttons answer to Alt letters (保存执法人员(&S), 新增执法人员(&N),
停用（已调离）…(&D)), so Alt+S saves instead of typing an "s" into 执法证号; and a certificate number of digits with one
Latin letter after them (what such a slip leaves) is refused, naming the number, and saves nothing."""

import pytest

from PySide6.QtCore import Qt

from tests.test_ui_altkeys import MNEMONIC
from tests.test_ui_keyboard import active
from ui.officers_dialog import OfficersDialog
from workstation.i18n import _
from workstation.store import list_officers
from workstation.store.agencies import cert_no_error

pytestmark = pytest.mark.gui

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _letter(button):
    found = MNEMONIC.search(button.text())
    return found.group(1).upper() if found else None


def test_the_registers_buttons_have_alt_letters(qtbot, db, prompts):
    dialog = active(qtbot, OfficersDialog(db, prompts))
    assert (_letter(dialog.save_button), _letter(dialog.new_button), _letter(dialog.active_button)) == ("S", "N", "D")
    assert dialog.save_button.text().replace("&", "").startswith(_("Save officer").replace("&", "")[:2])


def test_alt_s_in_the_certificate_box_saves_the_officer_and_types_nothing(qtbot, db, prompts, officers):
    dialog = active(qtbot, OfficersDialog(db, prompts))
    dialog.name.insert("李新来")
    dialog.cert_no.setFocus()
    qtbot.waitUntil(lambda: dialog.cert_no.hasFocus())
    qtbot.keyClicks(dialog.cert_no, "44060500001")
    qtbot.keyClick(dialog.cert_no, Qt.Key.Key_S, ALT)
    assert dialog.cert_no.text() == "44060500001"
    qtbot.waitUntil(lambda: "李新来" in [o.name for o in list_officers(db, with_inactive=True)])  # an animated click
    saved = {o.name: o.cert_no for o in list_officers(db, with_inactive=True)}
    assert saved["李新来"] == "44060500001"


def test_a_letter_after_the_digits_of_a_certificate_is_refused(qtbot, db, prompts, officers):
    dialog = active(qtbot, OfficersDialog(db, prompts))
    dialog.name.insert("李新来")
    dialog.cert_no.setFocus()
    qtbot.keyClicks(dialog.cert_no, "44060500001s")
    assert not dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.cert_no, Qt.Key.Key_S, CTRL)
    assert "44060500001s" in dialog.errors["cert_no"].text() and not dialog.errors["cert_no"].isHidden()
    assert "李新来" not in [o.name for o in list_officers(db, with_inactive=True)]


def test_letters_that_are_part_of_a_number_are_still_taken():
    assert cert_no_error("44060500001S") != ""
    assert cert_no_error("粤 44060012") == "" and cert_no_error("GD-2026-0012A") == ""
    assert cert_no_error("A44060500001") == "" and cert_no_error("4406050000") == ""
