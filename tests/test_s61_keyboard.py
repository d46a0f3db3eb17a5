# ruff: noqa: F811 - the fixtures imported from test_ui_login are used by name
"""The first steps with the keyboard, as an audit of them found them:

1. Enter in the login's (and the lock's) passphrase field tries the passphrase once: the officer reads why it was
   refused (口令错误…还可再试 2 次), not "the passphrase is empty" of a second, empty try;
2. Enter on a focused way out (退出, 以后再说, 不加密, 从备份恢复…) presses that button, not the dialog's main one; Enter
   in a field still presses the main one;
3. Tab goes through the fields as the screen shows them (口令与安全: the officer, then their passphrase; the first
   start: 不加密, 从备份恢复…, then 加密并启动);
4. every list of agencies (``ui.layouts.add_agency``) is searched by typing any part of a name, Chinese typed through
   an input method included: Enter chooses the first agency containing it, leaving the field chooses the one agency
   it names or shows the chosen agency again, Esc puts the chosen one back; the item's data stays the agency's id
   and the filters keep "All agencies" first. The match-anywhere completer is made at the first focus, not before
   the window's first paint."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QCompleter, QDialog

from tests.conftest import ScriptedPrompts
from tests.test_ui_keyboard import active
from tests.test_ui_login import PASS, _encryption, make_encrypted, wait_over  # noqa: F401 (a fixture)
from ui.agency_details_dialog import AgencyDetailsDialog
from ui.case_dialog import CaseDialog
from ui.case_list_page import CaseListPage
from ui.dashboard import DashboardPage
from ui.deadlines import DeadlineBoard
from ui.first_steps import StationAgencyDialog
from ui.interview_dialog import InterviewDialog
from ui.login import LoginDialog
from ui.officers_dialog import OfficersDialog
from ui.security_dialog import PassphraseDialog
from ui.setup_dialog import SetupDialog
from ui.task_runner import ImmediateRunner
from workstation.db import open_database
from workstation.paths import database_path
from workstation.records import Officer
from workstation.security import access, keyring
from workstation.store import agency_id_for_code, get_agency, get_setting, save_officer

# offscreen Qt: the list of matches pops up
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")]

GUICHENG, NANHAI, SHUNDE = "440605011", "440605", "440606"


def accepted(dialog: QDialog) -> bool:
    return dialog.result() == QDialog.DialogCode.Accepted


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the keyboard is: the list that popped up (of the matches) while there is one."""
    qtbot.keyClick(QApplication.activePopupWidget() or QApplication.focusWidget(), key, modifier)


def typed_with_input_method(text: str) -> None:
    """``text`` committed by an input method (拼音) into the widget that has the keyboard: no key events."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(QApplication.focusWidget(), event)


def focus(qtbot, widget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    qtbot.wait(10)  # what the field does once it has the keyboard (its text selected, to be typed over)


# ---- 1. Enter after a wrong passphrase ---------------------------------------------------------------------------

@pytest.mark.parametrize("locked", [False, True])
def test_enter_in_the_passphrase_field_tries_once_and_says_why_it_was_refused(qtbot, data_dir, english, locked):
    make_encrypted(data_dir)
    dialog = LoginDialog(data_dir, officer="陈志强", locked=locked)
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    focus(qtbot, dialog.passphrase)
    qtbot.keyClicks(dialog.passphrase, "wrong pass 1")
    press(qtbot, Qt.Key.Key_Return)
    assert keyring.load(data_dir)["failures"] == 1  # one try, not a second, empty one
    message = dialog.message.text()
    assert "2 more tries are left" in message and "empty" not in message
    assert dialog.isVisible() and not accepted(dialog)
    focus(qtbot, dialog.passphrase)
    qtbot.keyClicks(dialog.passphrase, PASS)
    wait_over(data_dir)  # no wait before the next try
    dialog.update_wait()
    unlocked = []
    dialog.unlocked.connect(unlocked.append)
    press(qtbot, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert unlocked == ["陈志强"] and accepted(dialog)
    dialog.locked = False
    dialog.close()


# ---- 2. Enter on a way out ---------------------------------------------------------------------------------------

def _setup(qtbot, tmp_path, prompts):
    dialog = SetupDialog(tmp_path / "new", prompts, runner=ImmediateRunner())
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    dialog.fields.edits["officer"].setText("黄丽娟")
    dialog.fields.edits["passphrase"].setText(PASS)
    dialog.fields.edits["repeat"].setText(PASS)
    return dialog


def test_enter_on_quit_at_the_first_start_quits_and_encrypts_nothing(qtbot, tmp_path, prompts):
    dialog = _setup(qtbot, tmp_path, prompts)
    focus(qtbot, dialog.leave_button)
    press(qtbot, Qt.Key.Key_Return)
    assert not dialog.isVisible() and not accepted(dialog) and dialog.mode == ""
    assert keyring.state(tmp_path / "new") == "none" and not prompts.confirmations  # 退出 asks nothing


def test_enter_on_do_not_encrypt_asks_about_it_and_creates_nothing_encrypted(qtbot, tmp_path, prompts):
    dialog = _setup(qtbot, tmp_path, prompts)
    focus(qtbot, dialog.plaintext_button)
    press(qtbot, Qt.Key.Key_Return)
    assert len(prompts.confirmations) == 1  # the plaintext question, answered no
    assert dialog.isVisible() and dialog.mode == "" and keyring.state(tmp_path / "new") == "none"


def test_enter_on_restore_chooses_a_backup_instead_of_encrypting(qtbot, tmp_path, prompts):
    asked = []
    prompts.open_file = lambda parent, title, filters: asked.append(title)  # the officer cancels the file dialog
    dialog = _setup(qtbot, tmp_path, prompts)
    focus(qtbot, dialog.restore_button)
    press(qtbot, Qt.Key.Key_Return)
    assert len(asked) == 1 and dialog.isVisible() and keyring.state(tmp_path / "new") == "none"


def test_enter_in_a_field_of_the_first_start_still_encrypts(qtbot, tmp_path, prompts):
    dialog = _setup(qtbot, tmp_path, prompts)
    focus(qtbot, dialog.fields.edits["repeat"])
    press(qtbot, Qt.Key.Key_Return)
    assert accepted(dialog) and dialog.mode == "encrypted" and keyring.state(tmp_path / "new") == "encrypted"


@pytest.mark.parametrize("locked", [False, True])
def test_enter_on_quit_at_the_login_quits_without_trying_the_passphrase(qtbot, data_dir, locked):
    make_encrypted(data_dir)
    dialog = LoginDialog(data_dir, officer="陈志强", locked=locked)
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    quits = []
    dialog.quit_requested.connect(lambda: quits.append(True))
    dialog.passphrase.setText("typed, not tried")
    focus(qtbot, dialog.quit_button)
    press(qtbot, Qt.Key.Key_Return)
    assert not keyring.load(data_dir).get("failures")  # no try was counted
    assert quits == [True] if locked else (not dialog.isVisible() and not accepted(dialog))
    dialog.locked = False
    dialog.close()


def test_enter_on_not_now_in_the_first_steps_saves_no_agency(qtbot, db, data_dir):
    dialog = StationAgencyDialog(db, data_dir)
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    dialog.choose(agency_id_for_code(GUICHENG))
    later = dialog.findChild(type(dialog.continue_button), "later")
    focus(qtbot, later)
    press(qtbot, Qt.Key.Key_Return)
    assert not dialog.isVisible() and not accepted(dialog) and not get_setting(db, "station_agency")


# ---- 3. Tab in screen order --------------------------------------------------------------------------------------

def tabbed(qtbot, start, count: int) -> list:
    focus(qtbot, start)
    seen = [start]
    for _ in range(count):
        press(qtbot, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_tab_reaches_the_other_officer_before_their_passphrase(qtbot, data_dir, monkeypatch):
    make_encrypted(data_dir)
    access.unlock(data_dir, PASS)
    db = open_database(database_path(data_dir))
    for name, cert in (("陈志强", "44060510001"), ("黄丽娟", "44060510002")):
        save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency_id_for_code(NANHAI)))
    try:
        dialog = PassphraseDialog(data_dir, "陈志强", db=db)
        qtbot.addWidget(dialog)
        active(qtbot, dialog)
        add = dialog.add_fields.edits
        assert tabbed(qtbot, dialog.change_button, 4) == [
            dialog.change_button, dialog.add_officer, add["passphrase"], add["repeat"], dialog.add_button]
    finally:
        db.conn.close()


def test_tab_goes_through_the_first_start_s_buttons_as_they_are_shown(qtbot, tmp_path, prompts):
    dialog = _setup(qtbot, tmp_path, prompts)
    assert tabbed(qtbot, dialog.fields.edits["repeat"], 4) == [
        dialog.fields.edits["repeat"], dialog.plaintext_button, dialog.restore_button, dialog.action_button,
        dialog.leave_button]


# ---- 4. agencies searched by typing ------------------------------------------------------------------------------

# each list of agencies: the widget, its combo box, whether it names agencies by their short names, whether it is a
# filter (its first item "All agencies")
LISTS = {
    "first steps": (lambda db, data_dir: StationAgencyDialog(db, data_dir), "agency", False, False),
    "officers dialog": (lambda db, data_dir: OfficersDialog(db, ScriptedPrompts()), "agency", False, False),
    "case dialog": (lambda db, data_dir: CaseDialog(db, ScriptedPrompts()), "agency", False, False),
    "interview dialog": (lambda db, data_dir: InterviewDialog(db, ScriptedPrompts()), "agency", False, False),
    "document details": (lambda db, data_dir: AgencyDetailsDialog(db, prompts=ScriptedPrompts()), "agency", False,
                         False),
    "deadline board": (lambda db, data_dir: DeadlineBoard(db, prompts=ScriptedPrompts()), "agency", True, True),
    "case list": (lambda db, data_dir: CaseListPage(db), "agency_filter", True, True),
    "dashboard": (lambda db, data_dir: DashboardPage(db, data_dir, ScriptedPrompts(), ImmediateRunner()), "agency",
                  False, True),
}


def shown_name(agency, short: bool) -> str:
    return (agency.short_name or agency.name) if short else agency.name


def _list(qtbot, db, data_dir, which):
    make, attribute, short, is_filter = LISTS[which]
    widget = make(db, data_dir)
    qtbot.addWidget(widget)
    active(qtbot, widget)
    return widget, getattr(widget, attribute), short, is_filter


@pytest.mark.parametrize("which", list(LISTS))
def test_part_of_a_name_typed_through_an_input_method_and_enter_choose_the_agency(qtbot, db, data_dir, which):
    widget, combo, short, is_filter = _list(qtbot, db, data_dir, which)
    town = get_agency(db, agency_id_for_code(GUICHENG))
    first = combo.itemData(0)
    focus(qtbot, combo)
    typed_with_input_method("桂城")  # the name shown is typed over
    assert combo.currentText() == "桂城"
    press(qtbot, Qt.Key.Key_Return)
    assert combo.currentData() == town.id and combo.currentText() == shown_name(town, short)
    assert widget.isVisible()  # Enter chose the agency; it did not press the dialog's button
    assert combo.itemData(0) == first and (combo.itemData(0) is None) == is_filter  # "All agencies" stays first


@pytest.mark.parametrize("which", ["first steps", "officers dialog", "deadline board"])
def test_text_that_names_no_agency_is_never_taken_for_one(qtbot, db, data_dir, which):
    widget, combo, short, is_filter = _list(qtbot, db, data_dir, which)
    shunde = get_agency(db, agency_id_for_code(SHUNDE))

    def left_as(text: str) -> None:
        """A filter shows the agency chosen before again; a list saving the agency chosen keeps the text, no agency
        chosen (s66: a Save clicked at once would have saved the one before), until Esc puts that one back."""
        if is_filter:
            assert combo.currentData() == shunde.id and combo.currentText() == shown_name(shunde, short)
            return
        assert combo.currentData() is None and combo.lineEdit().text() == text
        focus(qtbot, combo)
        press(qtbot, Qt.Key.Key_Escape)
        assert combo.currentData() == shunde.id and combo.currentText() == shown_name(shunde, short)

    combo.setCurrentIndex(combo.findData(shunde.id))
    for leave in (Qt.Key.Key_Return, Qt.Key.Key_Tab):
        focus(qtbot, combo)
        combo.lineEdit().selectAll()
        typed_with_input_method("不存在的所")
        press(qtbot, leave)
        left_as("不存在的所")
        assert widget.isVisible()
    # a part several agencies share (every town office's 所): Enter takes the first of them; leaving the field names
    # none of them
    focus(qtbot, combo)
    combo.lineEdit().selectAll()
    typed_with_input_method("所")
    press(qtbot, Qt.Key.Key_Tab)
    left_as("所")
    focus(qtbot, combo)
    combo.lineEdit().selectAll()
    typed_with_input_method("所")
    press(qtbot, Qt.Key.Key_Return)
    assert combo.currentData() == agency_id_for_code("440604010")  # 石湾镇所, the first listed


def test_leaving_the_field_with_a_part_that_names_one_agency_chooses_it(qtbot, db, data_dir):
    dialog, combo, _short, _filter = _list(qtbot, db, data_dir, "officers dialog")
    focus(qtbot, combo)
    typed_with_input_method("西樵")
    press(qtbot, Qt.Key.Key_Tab)
    assert combo.currentData() == agency_id_for_code("440605122") and QApplication.focusWidget() is not combo


def test_escape_puts_the_chosen_agency_back_before_it_closes_the_dialog(qtbot, db, data_dir):
    dialog, combo, _short, _filter = _list(qtbot, db, data_dir, "first steps")
    dialog.choose(agency_id_for_code(NANHAI))
    focus(qtbot, combo)
    typed_with_input_method("桂")  # 桂城所, 容桂所
    if combo.completer().popup().isVisible():
        press(qtbot, Qt.Key.Key_Escape)  # the list of matches closes
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and combo.currentText() == get_agency(db, agency_id_for_code(NANHAI)).name
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not get_setting(db, "station_agency")


def test_a_ctrl_key_takes_the_agency_typed_before_its_action_reads_the_field(qtbot, db, data_dir):
    """Ctrl+S, Ctrl+Enter (a dialog's Save) read the agency chosen: what is half typed is settled first."""
    dialog, combo, _short, _filter = _list(qtbot, db, data_dir, "first steps")
    focus(qtbot, combo)
    typed_with_input_method("西樵")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert combo.currentData() == agency_id_for_code("440605122")
    assert combo.currentText() == get_agency(db, combo.currentData()).name


def test_the_first_steps_take_the_agency_typed_with_enter_then_save_it_with_enter(qtbot, db, data_dir):
    dialog, combo, _short, _filter = _list(qtbot, db, data_dir, "first steps")
    assert combo.currentIndex() == -1 and combo.currentText() == "" and not dialog.continue_button.isEnabled()
    assert combo.lineEdit().placeholderText()  # "Choose the agency of this workstation"
    focus(qtbot, combo)
    typed_with_input_method("桂城")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.continue_button.isEnabled()
    press(qtbot, Qt.Key.Key_Return)
    assert accepted(dialog) and get_setting(db, "station_agency") == agency_id_for_code(GUICHENG)


def test_all_agencies_is_typed_for_too(qtbot, db, data_dir, english):
    board, combo, _short, _filter = _list(qtbot, db, data_dir, "deadline board")
    combo.setCurrentIndex(combo.findData(agency_id_for_code(NANHAI)))
    focus(qtbot, combo)
    qtbot.keyClicks(QApplication.focusWidget(), "all")
    press(qtbot, Qt.Key.Key_Return)
    assert combo.currentIndex() == 0 and combo.currentData() is None and combo.currentText() == "All agencies"


def test_the_match_anywhere_search_is_made_at_the_first_focus(qtbot, db, data_dir):
    board = DeadlineBoard(db, prompts=ScriptedPrompts())
    qtbot.addWidget(board)
    active(qtbot, board)
    combo = board.agency
    assert combo.isEditable()

    def searches_anywhere() -> bool:
        completer = combo.completer()
        return isinstance(completer, QCompleter) and completer.filterMode() == Qt.MatchFlag.MatchContains

    assert not searches_anywhere()  # nothing of it before the officer comes to the field
    focus(qtbot, combo)
    assert searches_anywhere()
    assert combo.completer().popup().minimumWidth() >= combo.view().minimumWidth()  # names seen whole


def test_an_agency_is_chosen_from_the_list_of_matches_with_the_arrows(qtbot, db, data_dir):
    dialog, combo, _short, _filter = _list(qtbot, db, data_dir, "officers dialog")
    focus(qtbot, combo)
    typed_with_input_method("桂")  # 桂城所, then 容桂所
    popup = combo.completer().popup()
    assert popup.isVisible() and popup.model().rowCount() == 2
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert combo.currentData() == agency_id_for_code("440606006") and not popup.isVisible()
    assert dialog.isVisible()


def test_ctrl_z_takes_back_the_typing_then_the_dialog_s_last_edit(qtbot, db, data_dir):
    """The agency's field typed into takes back its typing with Ctrl+Z; showing the agency chosen, it leaves Ctrl+Z to
    the dialog's undo history, as when it could not be typed into."""
    dialog, combo, _short, _filter = _list(qtbot, db, data_dir, "case dialog")
    chosen = combo.currentData()
    other = agency_id_for_code(GUICHENG if chosen != agency_id_for_code(GUICHENG) else NANHAI)
    focus(qtbot, combo)
    combo.setCurrentIndex(combo.findData(other))  # as the officer picks it in the list
    typed_with_input_method("不存在")
    if combo.completer().popup().isVisible():
        press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert combo.currentText() == combo.itemText(combo.currentIndex()) and combo.currentData() == other
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert combo.currentData() == chosen  # the choice taken back by the dialog


# ---- a menu opened while a name is half typed ---------------------------------------------------------------------

def test_a_menu_opened_while_typing_settles_the_field_before_its_action_reads_it(qtbot, db, data_dir):
    """A menu (文件→打印…, by mouse or Alt+F) takes the keyboard with the reason a list's own popup does: the field is
    settled all the same, so the printed list's title and file name name the agency whose deadlines it lists."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMenu

    board, combo, short, _filter = _list(qtbot, db, data_dir, "deadline board")
    nanhai = get_agency(db, agency_id_for_code(NANHAI))
    combo.setCurrentIndex(combo.findData(nanhai.id))
    focus(qtbot, combo)
    typed_with_input_method("不存在的所")
    menu = QMenu(board)
    action = menu.addAction("打印…")
    seen = {}

    def chosen():
        action.trigger()
        seen.update(data=combo.currentData(), text=combo.currentText(), title=board.handout_title(),
                    file=board._file_name(".pdf"))
        menu.close()

    QTimer.singleShot(50, chosen)
    menu.exec(board.mapToGlobal(board.rect().center()))
    name = shown_name(nanhai, short)
    assert seen["data"] == nanhai.id and seen["text"] == name
    assert "不存在的所" not in seen["title"] and name in seen["title"]
    assert "不存在的所" not in seen["file"] and name in seen["file"]


def test_the_board_s_title_names_the_agency_chosen_whatever_the_field_shows(qtbot, db, data_dir):
    board, combo, short, _filter = _list(qtbot, db, data_dir, "deadline board")
    nanhai = get_agency(db, agency_id_for_code(NANHAI))
    combo.setCurrentIndex(combo.findData(nanhai.id))
    combo.lineEdit().setText("不存在的所")  # half typed, not yet settled
    name = shown_name(nanhai, short)
    assert name in board.handout_title() and "不存在的所" not in board.handout_title()
    assert name in board._file_name(".pdf") and "不存在的所" not in board._file_name(".pdf")


# ---- the lead dialog's 承办机构 ------------------------------------------------------------------------------------

def test_the_lead_dialog_s_agency_list_is_searched_and_keeps_none_first(qtbot, db, data_dir, english):
    from ui.layouts import IndentedAgencies
    from ui.lead_dialog import LeadDialog

    dialog = LeadDialog(db, ScriptedPrompts())
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    combo = dialog.agency
    assert isinstance(combo.itemDelegate(), IndentedAgencies) and combo.isEditable()  # add_agency's list
    assert combo.itemData(0) is None and combo.currentIndex() == 0 and combo.currentText() == "— none —"
    focus(qtbot, combo)
    typed_with_input_method("桂城")
    press(qtbot, Qt.Key.Key_Return)
    assert combo.currentData() == agency_id_for_code(GUICHENG) and dialog.isVisible()
    # "— none —" names the item holding no agency: typed (or part of it, "none") and left, the lead is held by none
    for typed, leave in (("none", Qt.Key.Key_Return), ("— none —", Qt.Key.Key_Tab)):
        dialog = LeadDialog(db, ScriptedPrompts())
        qtbot.addWidget(dialog)
        active(qtbot, dialog)
        combo = dialog.agency
        combo.setCurrentIndex(combo.findData(agency_id_for_code(GUICHENG)))
        focus(qtbot, combo)
        typed_with_input_method(typed)
        press(qtbot, leave)
        assert combo.currentIndex() == 0 and combo.currentData() is None and combo.currentText() == "— none —"


def test_the_lead_dialog_s_agency_list_shows_the_station_s_agency_and_no_none(qtbot, db, data_dir):
    from ui.lead_dialog import LeadDialog

    nanhai = agency_id_for_code(NANHAI)
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('station_agency', ?)", [nanhai])
    dialog = LeadDialog(db, ScriptedPrompts())
    qtbot.addWidget(dialog)
    combo = dialog.agency
    assert combo.currentData() == nanhai and None not in [combo.itemData(row) for row in range(combo.count())]
    assert combo.currentText() == get_agency(db, nanhai).name
