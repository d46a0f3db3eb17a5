"""An officer with the keyboard alone: every button of the 线索, 约谈 and 统计 pages has its Alt letter, shown as the
menus show theirs ("交办(&A)…"), one per button on a page and none taken from the menu bar (Alt+F, Alt+C, Alt+G,
Alt+H open the menus whatever page is shown); the document editor's 另存为PDF… and 另存为DOCX… have their letters and
另存为PDF… its Ctrl+Shift+S; the box asking a reason (删除所选事项…, 不予立案…) asks before Esc drops what was typed,
and Enter still is OK."""

import re

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox, QToolBar, QToolButton

from tests.test_leads_workflow import LEAD, fresh_lead
from tests.test_ui_keyboard import active
from ui.prompts import Prompts
from ui.text_dialog import TextDialog
from workstation.i18n import _
from workstation.leads_workflow import assign_lead
from workstation.store import agency_by_code, find_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕9号"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
CHINESE_LETTER = re.compile(r"\(&(\w)\)…?$")  # "交办(&A)…", "立案(&L)": the letter after the words, as in the menus
PAGES = {1: "leads", 2: "interviews", 4: "statistics"}


def menu_bar_letters(window) -> set[str]:
    return {re.search(r"&(\w)", a.text()).group(1).upper() for a in window.menuBar().actions()}


def page_buttons(page) -> list[QAbstractButton]:
    """The buttons an officer reads on the page, its tabs' included (Qt's own, without text, aside)."""
    return [b for b in page.findChildren(QAbstractButton) if b.text()]


@pytest.mark.parametrize("row", sorted(PAGES))
def test_every_button_of_the_page_has_its_own_alt_letter_not_taken_from_the_menus(demo_db, make_window, row):
    window = make_window(demo_db)
    window.fill_menus()
    taken = menu_bar_letters(window)
    assert taken == {"F", "C", "G", "H"}
    buttons = page_buttons(window.page(row))
    assert len(buttons) >= 5
    letters = []
    for button in buttons:
        text = button.text()
        letter = CHINESE_LETTER.search(text)
        assert CHINESE.search(text) and letter, f"{PAGES[row]}: {button.objectName()} {text!r}"
        assert letter.group(1).upper() not in taken, f"{PAGES[row]}: {text!r} takes a menu's Alt letter"
        letters.append(letter.group(1).upper())
    assert len(letters) == len(set(letters)), "".join(sorted(letters))  # one letter, one button


def test_the_extension_button_keeps_its_letter_once_the_lead_is_extended(demo_db, make_window):
    # the button's text changes with the lead; its Alt key stays where the officer learnt it
    from workstation.leads_workflow import extend_lead
    from workstation.records import today

    fresh_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on=today())
    page = make_window(demo_db).leads_page
    page.select(LEAD)
    assert page.buttons["extend"].text() == "延长核查期限(&E)…"
    extend_lead(demo_db, LEAD, 10, today(), "局长")
    page.refresh(select=LEAD)
    assert page.buttons["extend"].text() == "更正核查期限延期(&E)…"


def test_alt_w_on_the_statistics_page_ticks_and_unticks_the_whole_campaign(demo_db, make_window, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    window.go_to_page(4)
    page = window.stats_page
    assert page.whole.isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not page.whole.isChecked())  # Qt shows the button pressed for a moment, then clicks it
    assert page.date_from.isEnabled() and QApplication.focusWidget() is page.whole
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(page.whole.isChecked)


def test_alt_o_on_the_leads_page_asks_why_the_selected_lead_is_not_filed(demo_db, make_window, prompts, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    window.go_to_page(1)
    page = window.leads_page
    lead = next(r for r in page.model.records if r["status"] in ("registered", "assigned"))
    page.select(lead["id"])
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: prompts.questions != [])  # Qt shows the button pressed for a moment, then clicks it
    [asked] = prompts.questions  # the day and the reason, in one dialog; no reason given: the lead stays as it was
    assert asked.startswith(_("On which day was the lead decided not to be filed (not before {date}), and why?").split("{")[0])
    status = demo_db.execute("SELECT status FROM leads WHERE id = ?", (lead["id"],)).fetchone()[0]
    assert status == lead["status"]


def test_the_document_editor_menus_give_every_item_a_letter_or_a_key(demo_db, opened):
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, CASE))
    for menu_action in editor.menuBar().actions():
        letters = []
        for item in (a for a in menu_action.menu().actions() if not a.isSeparator()):
            letter = re.search(r"&(\w)", item.text())
            assert letter or item.shortcuts(), item.text()
            letters += [letter.group(1).upper()] if letter else []
        assert len(letters) == len(set(letters)), menu_action.text()
    assert CHINESE_LETTER.search(editor.pdf_action.text()) and CHINESE_LETTER.search(editor.docx_action.text())
    assert editor.pdf_action.shortcuts() == [QKeySequence("Ctrl+Shift+S")]


def test_the_toolbar_shows_save_as_pdf_without_the_letter_mark_and_its_key_in_the_tooltip(demo_db, opened):
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, CASE))
    bar = editor.findChild(QToolBar)
    shown = {b.defaultAction(): b.text() for b in bar.findChildren(QToolButton) if b.defaultAction()}
    assert shown[editor.pdf_action] == "另存为PDF…" and shown[editor.docx_action] == "另存为DOCX…"
    assert editor.pdf_action.toolTip() == "另存为PDF (Ctrl+Shift+S)"
    assert editor.docx_action.toolTip() == "另存为DOCX"


def test_ctrl_shift_s_in_the_document_editor_saves_the_pdf(demo_db, opened, prompts, qtbot, tmp_path):
    active(qtbot, opened(demo_db, "inquiry_record", find_case(demo_db, CASE)))
    target = tmp_path / "询问笔录.pdf"
    prompts.files = [str(target)]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert prompts.errors == []
    assert target.read_bytes().startswith(b"%PDF")


def test_esc_in_the_reason_box_asks_before_dropping_the_reason_typed_and_enter_is_ok(db, make_case, qtbot):
    from tests.test_clock_rules import extended_twice_before_the_rule
    from ui.case_clocks import CaseClocks

    case, _first, second = extended_twice_before_the_rule(db, make_case)
    section = CaseClocks(db, case, Prompts())  # the real boxes, as the officer sees them
    qtbot.addWidget(section)
    section.events.setCurrentRow(next(i for i in range(section.events.count())
                                      if section.events.item(i).data(256) == second.id))
    seen = {}

    def answer_no():
        box = QApplication.activeModalWidget()
        seen["asked"] = box.text() if isinstance(box, QMessageBox) else type(box).__name__
        if isinstance(box, QMessageBox):
            box.button(QMessageBox.StandardButton.No).click()

    def in_the_box():
        dialog = QApplication.activeModalWidget()
        seen["box"] = type(dialog).__name__
        if not isinstance(dialog, TextDialog):
            dialog.reject()  # not the box that asks: the test says so below, rather than wait on it
            return
        seen["label"] = dialog.findChild(QLabel).text()
        dialog.text.insert("重复登记")  # as the input method commits it
        QTimer.singleShot(0, answer_no)
        qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
        seen["kept"] = (dialog.isVisible(), dialog.text.text())
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return)

    QTimer.singleShot(0, in_the_box)
    section.remove_selected()
    assert seen["box"] == "TextDialog"
    assert seen["label"] == _("Why is it removed?") and seen["asked"] == _("Discard the changes you made?")
    assert seen["kept"] == (True, "重复登记")  # still open, with the reason
    shown = [section.events.item(i).data(256) for i in range(section.events.count())]
    assert second.id not in shown  # removed, on Enter, with that reason


def test_the_text_box_closes_at_once_when_nothing_was_typed_or_the_default_is_kept(prompts, qtbot):
    for default, typed in (("", "   "), ("广东省通信管理局", "")):  # spaces alone are nothing to lose
        dialog = TextDialog(prompts, None, _("Refer"), _("Agency the lead is referred to:"), default)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.text, typed)
        qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
    assert prompts.confirmations == []


def test_a_reason_typed_is_dropped_on_esc_when_the_officer_agrees(prompts, qtbot):
    dialog = TextDialog(prompts, None, _("Not file"), _("Why is the lead not filed?"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.insert("经核查不属于本局管辖")
    dialog.close()  # the window's close button asks too
    assert dialog.isVisible() and prompts.confirmations == [_("Discard the changes you made?")]
    prompts.confirm_answer = True
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == TextDialog.DialogCode.Rejected
