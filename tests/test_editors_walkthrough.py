"""Every editing surface of the window walked through as an officer uses it: Ctrl+Z takes back the last change
wherever the keyboard is — a choice in a drop-down as well as typing, in the order made — and Ctrl+Shift+Z or Ctrl+Y
bring it back (the party, lead, publicity activity, officers and bureau details dialogs, as the case and interview
editors and the document editor do); Esc or Cancel with changes asks to save, discard or cancel, Cancel keeping
everything and a save a field refuses keeping what was typed and naming the field; a dialog with nothing changed
closes at once, and one whose button takes a step (not a save) asks only before dropping; the document being written
is offered back after a crash with its last steps, the questions removed and put back included."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from tests.test_ui_keyboard import active
from ui.agency_details_dialog import AgencyDetailsDialog
from ui.case_dialog import CaseDialog
from ui.lead_dialog import LeadDialog
from ui.officers_dialog import OfficersDialog
from ui.party_dialog import PartyDialog
from ui.publicity_dialog import PublicityDialog
from ui.rules_editor import RulesEditor
from ui.text_dialog import TextDialog
from workstation.documents.drafts import find_form
from workstation.i18n import _
from workstation.store import drafts, find_case, list_officers, list_parties, list_publicity

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CASE = "佛南市监立〔2026〕9号"  # demo case under investigation
ASKED = _("Save the changes you made?")
OPTIONS = [_("&Save"), _("&Discard changes"), _("Cancel")]
SAVE, DISCARD, CANCEL = range(3)


def press(qtbot, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the keyboard is."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)


def type_into(qtbot, box, text: str) -> None:
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box)
    qtbot.keyClicks(box, text)


def type_chinese(qtbot, box, text: str) -> None:
    """``text`` committed into ``box`` as an input method commits a Chinese word (key clicks type Latin letters only)."""
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box)
    box.insert(text)


def choose_next(qtbot, combo) -> None:
    """The next item of a drop-down chosen with the keyboard."""
    combo.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is combo)
    qtbot.keyClick(combo, Qt.Key.Key_Down)


# undo and redo in the dialogs of plain fields ---------------------------------------------------------------------
def test_the_party_dialog_takes_back_the_kind_chosen_and_the_typing_in_the_order_made(db, prompts, qtbot):
    dialog = active(qtbot, PartyDialog(db, prompts))
    type_into(qtbot, dialog.edits["name"], "Foshan Jiaye")
    first = dialog.kind.currentText()
    choose_next(qtbot, dialog.kind)
    chosen = dialog.kind.currentText()
    assert chosen != first
    type_into(qtbot, dialog.edits["address"], "Nanhai")
    press(qtbot, Qt.Key.Key_Z, CTRL)  # in the address: its typing
    assert dialog.edits["address"].text() == "" and dialog.kind.currentText() == chosen
    press(qtbot, Qt.Key.Key_Z, CTRL)  # then the kind, though the keyboard was in a text box
    assert dialog.kind.currentText() == first and dialog.edits["name"].text() == "Foshan Jiaye"
    assert QApplication.focusWidget() is dialog.kind  # the officer sees what came back
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert dialog.edits["name"].text() == ""
    assert dialog.typed() == dialog._loaded  # as opened: Esc closes without asking
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert dialog.edits["name"].text() == "Foshan Jiaye"
    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert dialog.kind.currentText() == chosen


def test_the_lead_dialog_takes_back_a_source_chosen_from_the_description(db, prompts, qtbot):
    dialog = active(qtbot, LeadDialog(db, prompts))
    type_into(qtbot, dialog.description, "SMS about flats")
    choose_next(qtbot, dialog.source)
    assert dialog.source.currentData() is not None
    dialog.description.setFocus()
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the choice was the last change: it goes first
    assert dialog.source.currentData() is None and dialog.description.toPlainText() == "SMS about flats"
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert dialog.description.toPlainText() == ""
    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert dialog.description.toPlainText() == "SMS about flats"


def test_the_publicity_dialog_takes_back_the_kind_chosen(db, prompts, qtbot):
    dialog = active(qtbot, PublicityDialog(db, prompts))
    kind = dialog.kind.currentText()
    type_into(qtbot, dialog.texts["title"], "Campaign")
    choose_next(qtbot, dialog.kind)
    assert dialog.kind.currentText() != kind
    dialog.texts["title"].setFocus()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert dialog.kind.currentText() == kind and dialog.texts["title"].text() == "Campaign"


def test_the_officers_register_takes_back_the_agency_chosen_and_a_new_officer_starts_afresh(
    db, prompts, qtbot
):
    dialog = active(qtbot, OfficersDialog(db, prompts))
    agency = dialog.agency.currentText()
    type_chinese(qtbot, dialog.name, "王芳")
    choose_next(qtbot, dialog.agency)
    assert dialog.agency.currentText() != agency
    dialog.name.setFocus()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert dialog.agency.currentText() == agency and dialog.name.text() == "王芳"
    press(qtbot, Qt.Key.Key_Return, CTRL)  # saved, the fields blank for the next one
    assert "王芳" in [o.name for o in list_officers(db, with_inactive=True)] and dialog.name.text() == ""
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the officer saved is not typed back into the fields
    assert dialog.name.text() == ""


def test_the_bureau_details_take_back_the_last_field_typed_wherever_the_keyboard_is(db, prompts, qtbot):
    dialog = active(qtbot, AgencyDetailsDialog(db, prompts=prompts))
    phone, address = dialog.edits["contact_phone"], dialog.edits["contact_address"]
    before = phone.text(), address.text()
    type_into(qtbot, phone, "8")
    type_into(qtbot, address, " Room 2")
    phone.setFocus()
    press(qtbot, Qt.Key.Key_Z, CTRL)  # in the telephone: the address typed last goes first
    assert (phone.text(), address.text()) == (before[0] + "8", before[1])
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert (phone.text(), address.text()) == before


# closing with changes ---------------------------------------------------------------------------------------------
def _party(db, prompts):
    return PartyDialog(db, prompts), lambda d: d.edits["name"]


def _lead(db, prompts):
    return LeadDialog(db, prompts), lambda d: d.description


def _publicity(db, prompts):
    return PublicityDialog(db, prompts), lambda d: d.texts["title"]


def _officers(db, prompts):
    return OfficersDialog(db, prompts), lambda d: d.name


def _details(db, prompts):
    return AgencyDetailsDialog(db, prompts=prompts), lambda d: d.edits["contact_address"]


def _rules(db, prompts, data_dir):
    return RulesEditor(db, data_dir, prompts), lambda d: d.text


@pytest.mark.parametrize(
    "make",
    [_party, _lead, _publicity, _officers, _details, _rules],
    ids=["party", "lead", "publicity", "officers", "details", "rules"],
)
def test_esc_with_changes_asks_to_save_discard_or_cancel_and_cancel_keeps_everything(
    db, data_dir, prompts, qtbot, make
):
    dialog, field = make(db, prompts, data_dir) if make is _rules else make(db, prompts)
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    box = field(dialog)
    type_into(qtbot, box, "# zz")
    typed = dialog.typed()
    prompts.choices.append(CANCEL)
    press(qtbot, Qt.Key.Key_Escape)
    assert prompts.offered == [[ASKED, *OPTIONS]]
    assert dialog.isVisible() and dialog.typed() == typed  # kept, as typed
    assert QApplication.focusWidget() is box
    prompts.choices.append(DISCARD)
    press(qtbot, Qt.Key.Key_Escape)
    # (the rules editor's ``result`` is its preview pane)
    assert not dialog.isVisible() and QDialog.result(dialog) == QDialog.DialogCode.Rejected
    assert prompts.confirmations == []  # asked once each time, no second question


def test_save_on_closing_saves_the_party_and_closes(db, prompts, qtbot):
    dialog = active(qtbot, PartyDialog(db, prompts))
    type_into(qtbot, dialog.edits["name"], "Foshan Jiaye")
    prompts.choices.append(SAVE)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    assert "Foshan Jiaye" in [p.name for p in list_parties(db)]


def test_save_on_closing_the_officers_register_saves_the_officer_typed_and_closes(db, prompts, qtbot):
    dialog = active(qtbot, OfficersDialog(db, prompts))
    type_chinese(qtbot, dialog.name, "王芳")
    prompts.choices.append(SAVE)
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert "王芳" in [o.name for o in list_officers(db, with_inactive=True)]


def test_a_save_refused_on_closing_keeps_what_was_typed_and_names_the_field(db, prompts, qtbot, chinese):
    stored = list_parties(db)
    dialog = active(qtbot, PartyDialog(db, prompts))
    type_into(qtbot, dialog.edits["name"], "Foshan Jiaye")
    type_into(qtbot, dialog.edits["uscc"], "123")
    prompts.choices.append(SAVE)
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # not saved, not closed
    assert dialog.edits["name"].text() == "Foshan Jiaye" and dialog.edits["uscc"].text() == "123"
    error = dialog.errors["uscc"]
    assert error.isVisible() and "统一社会信用代码" in error.text()
    assert list_parties(db) == stored


def test_a_publicity_count_refused_on_closing_stays_under_its_field(db, prompts, qtbot):
    stored = list_publicity(db)
    dialog = active(qtbot, PublicityDialog(db, prompts))
    type_into(qtbot, dialog.texts["title"], "Campaign")
    flyers = dialog.texts["flyers"]
    flyers.setFocus()
    flyers.selectAll()
    qtbot.keyClicks(flyers, "x")
    prompts.choices.append(SAVE)
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and flyers.text() == "x" and dialog.texts["title"].text() == "Campaign"
    assert dialog.errors["flyers"].isVisible() and dialog.errors["flyers"].text()
    assert list_publicity(db) == stored


def test_ctrl_s_saves_the_party_from_any_field_and_a_refused_one_names_its_field(db, prompts, qtbot, chinese):
    dialog = active(qtbot, PartyDialog(db, prompts))
    type_into(qtbot, dialog.edits["uscc"], "123")
    press(qtbot, Qt.Key.Key_S, CTRL)  # Save greyed out (no name, a short code): what is wrong is shown
    assert dialog.isVisible() and dialog.edits["uscc"].text() == "123"
    assert dialog.errors["name"].isVisible() and dialog.errors["uscc"].isVisible()
    dialog.edits["uscc"].clear()
    type_into(qtbot, dialog.edits["name"], "Foshan Jiaye")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert "Foshan Jiaye" in [p.name for p in list_parties(db)]


def test_a_dialog_without_changes_closes_at_once_and_a_step_s_ok_only_asks_before_dropping(
    db, prompts, qtbot
):
    dialog = active(qtbot, PartyDialog(db, prompts))
    type_into(qtbot, dialog.edits["name"], "ab")
    press(qtbot, Qt.Key.Key_Z, CTRL)  # typed and taken back: nothing to lose
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and prompts.offered == [] and prompts.confirmations == []
    reason = TextDialog(prompts, None, "Reason", "Why?")  # 确定 of a reason: it saves nothing
    qtbot.addWidget(reason)
    active(qtbot, reason)
    qtbot.keyClicks(reason.text, "late")
    press(qtbot, Qt.Key.Key_Escape)
    assert reason.isVisible() and prompts.confirmations == [_("Discard the changes you made?")]
    assert prompts.offered == []


def test_the_case_editor_asks_to_save_its_changes_and_saves_them(db, prompts, qtbot, make_case):
    from workstation.store import get_case

    case = make_case()
    dialog = active(qtbot, CaseDialog(db, prompts, case))
    dialog.facts.setFocus()
    dialog.facts.insertPlainText("当事人通过短信平台发送")  # typed through the input method
    prompts.choices.append(CANCEL)
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.facts.toPlainText() == "当事人通过短信平台发送"
    prompts.choices.append(SAVE)
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_case(db, case.id).facts == "当事人通过短信平台发送"
    assert [o[0] for o in prompts.offered] == [ASKED, ASKED]


# the document editor, killed -------------------------------------------------------------------------------------
def test_the_document_being_written_comes_back_after_a_crash_with_its_last_steps(
    demo_db, make_window, prompts, qtbot
):
    window = make_window(demo_db)
    editor = active(qtbot, window.show_editor(find_case(demo_db, CASE), find_form("inquiry_record")))
    pairs = editor.fields["questions_answers"].list
    type_into(qtbot, pairs.pairs[0].answer, "Li Ming, 40")
    removed = pairs.pairs[2].pair()
    pairs.pairs[2].question.setFocus()
    press(qtbot, Qt.Key.Key_Delete, CTRL | SHIFT)  # a question removed
    assert removed not in [p.pair() for p in pairs.pairs]
    press(qtbot, Qt.Key.Key_Z, CTRL)  # put back
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)  # removed again, the last step before the crash
    shown = [p.pair() for p in pairs.pairs]
    assert removed not in shown and shown[0][1] == "Li Ming, 40"
    draft_id = editor.draft.id
    window.shutdown()  # killed: no closing, no question, the draft left open

    again = make_window(demo_db)
    prompts.confirm_answer = True
    assert again.recover_drafts() == 1
    assert "询问笔录" in prompts.confirmations[-1]
    [recovered] = again.editors
    assert recovered.draft.id == draft_id
    assert [p.pair() for p in recovered.fields["questions_answers"].list.pairs] == shown
    recovered.shutdown()
    assert drafts.get_draft(demo_db, draft_id).status == "open"
