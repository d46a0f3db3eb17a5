"""The document editor's Issue (签发) greyed out, asked for every way an officer can: its key Ctrl+Shift+I, its entry
in the Document menu and its toolbar button each say the same reason in the status bar and issue nothing — the
fields to correct (all shown, the first one given the focus) or, once issued, that the document is issued already."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QApplication, QMenu, QToolBar

from tests.helpers import fill_inquiry_to_issue, numbers_taken
from tests.test_ui_keyboard import active
from ui import refused_action
from ui.form_editor import FormEditor
from workstation.documents.drafts import find_form
from workstation.i18n import _
from workstation.store import find_case

# a menu popped up offscreen: the platform cannot raise it or grab the keyboard for it, and says so
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")]

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation


@pytest.fixture
def editor(demo_db, data_dir, prompts, qtbot):
    made = []

    def make(form_id):
        ed = FormEditor(demo_db, data_dir, find_case(demo_db, CASE), find_form(form_id), prompts)
        qtbot.addWidget(ed)
        made.append(ed)
        return active(qtbot, ed)

    yield make
    for ed in made:
        ed.shutdown()


def documents_issued(db) -> int:
    return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def press_issue_key(qtbot, ed) -> None:
    qtbot.keyClick(QApplication.focusWidget() or ed, Qt.Key.Key_I,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def click_issue_in_the_menu(qtbot, ed) -> None:
    menu = next(obj for obj in ed.issue_action.associatedObjects() if isinstance(obj, QMenu))
    menu.popup(ed.mapToGlobal(ed.rect().center()))
    qtbot.waitExposed(menu)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(ed.issue_action).center())
    qtbot.waitUntil(lambda: not menu.isVisible())


def click_issue_on_the_toolbar(qtbot, ed) -> None:
    qtbot.mouseClick(ed.findChild(QToolBar).widgetForAction(ed.issue_action), Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("ask", [press_issue_key, click_issue_in_the_menu, click_issue_on_the_toolbar],
                         ids=["key", "menu", "toolbar"])
def test_issue_greyed_out_for_wrong_fields_says_which_every_way_it_is_asked_for(editor, demo_db, prompts, qtbot, ask):
    ed = editor("penalty_decision")
    ed.set_field("fine_fen", "约12万元")
    assert not ed.issue_action.isEnabled() and set(ed.errors) == {"decided_on", "fine_fen"}
    labels = {field.name: field.label for field in ed.form.fields}
    said = _("Issue is not possible until these fields are corrected: {errors}").format(
        errors=" ".join(f"{labels[name]}：{error}" for name, error in ed.errors.items()))
    before = numbers_taken(demo_db)
    ed.fields["party_name"].focus_widget.setFocus()
    ask(qtbot, ed)
    assert ed.statusBar().currentMessage() == said
    assert all(ed.error_labels[name].isVisibleTo(ed) for name in ed.errors)  # every wrong field shown
    first = next(name for name in ed.error_labels if name in ed.errors)
    assert ed.fields[first].widget.isAncestorOf(QApplication.focusWidget()) or \
        QApplication.focusWidget() is ed.fields[first].widget
    assert ed.document is None and numbers_taken(demo_db) == before
    assert prompts.confirmations == [] and prompts.errors == []


@pytest.mark.parametrize("ask", [press_issue_key, click_issue_in_the_menu], ids=["key", "menu"])
def test_issue_of_an_issued_document_says_it_is_issued_already(editor, demo_db, prompts, qtbot, ask):
    ed = editor("inquiry_record")
    fill_inquiry_to_issue(ed)
    prompts.confirm_answer = True
    ed.issue()
    assert ed.document is not None and not ed.issue_action.isEnabled()
    before, issued = numbers_taken(demo_db), documents_issued(demo_db)
    said = _("{title} is issued already: an issued document is not issued again or changed; a correction is a new "
             "document.").format(title=ed.doc_label)  # an inquiry record takes no 文号
    assert ed.issue_action.toolTip() == said  # hovering its button or its menu entry
    ask(qtbot, ed)
    assert ed.statusBar().currentMessage() == said
    assert numbers_taken(demo_db) == before and documents_issued(demo_db) == issued
    assert len(prompts.confirmations) == 1


def test_the_key_answering_for_issue_greyed_out_is_never_live_beside_it(editor):
    ed = editor("penalty_decision")
    key = ed.findChild(QShortcut, refused_action.KEY_NAME)
    assert key.keys() == ed.issue_action.shortcuts()
    assert not ed.issue_action.isEnabled() and key.isEnabled()
    ed.set_field("decided_on", "2026-11-20")
    assert ed.errors == {} and ed.issue_action.isEnabled() and not key.isEnabled()  # Qt would run neither


def test_issue_enabled_issues_from_its_key_with_no_reason_said(editor, demo_db, prompts, qtbot):
    ed = editor("inquiry_record")
    fill_inquiry_to_issue(ed)
    assert ed.issue_action.isEnabled()
    prompts.confirm_answer = True
    press_issue_key(qtbot, ed)
    assert ed.document is not None and len(prompts.confirmations) == 1
