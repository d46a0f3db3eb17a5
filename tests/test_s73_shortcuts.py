"""Keyboard work kept (s73 audit). No key is bound twice where it works: on every page of the main window with the
demo data (each tab of a page shown in turn), in a case's tab and in a document editor of each kind of form (before
and after a change, Undo and Redo then taking their keys), no key sequence belongs to two enabled actions or
shortcuts live for the same widget with the keyboard, Qt's shortcut contexts honoured (a window's key, a key of a
widget and its children, a widget's own key, the application's): Qt would run neither and the officer's key would do
nothing. The scan finds such a pair made on purpose, and a second F5 put in the real window.

The payment dialog (履行完毕) opens on its first field (the party in a case with several, else the date), Tab goes
through the party, the date, the amount, the surcharge and the voucher in that order, and a voucher already recorded
for the party's payment in this case, tried with Ctrl+Enter from the reason or Enter from the date, puts the keyboard
in the voucher field, its error shown under it.

A grid's row keys (Ctrl+Enter, Ctrl+Shift+Delete) work in the grid alone, not from every field of the editor (PySide6
drops a ``context=`` given to QShortcut with its slot: set apart)."""

from __future__ import annotations

import itertools

import pytest

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tests.test_s72_execution import two_parties  # noqa: F401 (a fixture)
from tests.test_ui_interviews import OPERATORS_INTERVIEW
from tests.test_ui_keyboard import active, redo_on_ctrl_y  # noqa: F401 (a fixture)
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.formkit.spec import load_forms
from workstation.payments import Payment
from workstation.store import find_case, get_case
from workstation.store.interviews import get_interview

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕9号"  # under investigation (as in tests/test_keyboard12.py)
#: one form of each kind (``kind`` in forms/*.toml); among them a grid (卷内文件目录) and the questions and answers
#: (询问笔录)
FORM_OF_KIND = {"approval": "closing_approval", "archive": "file_index", "decision": "penalty_decision",
                "interview": "interview_record", "letter": "police_transfer", "notice": "pre_penalty_notice",
                "record": "inquiry_record"}
Context = Qt.ShortcutContext


# ---- the scan ----------------------------------------------------------------------------------------------------

def _through(action: QAction, seen: tuple = ()) -> list[QWidget]:
    """The widgets whose showing lets ``action``'s keys work, as Qt finds them: those it was added to, and for an
    action in a menu those its menu was added to (a menu bar, a menu above it)."""
    widgets = []
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu):
            if owner.menuAction() not in seen:
                widgets += _through(owner.menuAction(), (*seen, action))
        elif isinstance(owner, QWidget):
            widgets.append(owner)
    return widgets


def _bindings(window: QWidget) -> list[tuple[str, list[QKeySequence], Context, list[QWidget]]]:
    """(name, keys, context, widgets) of each enabled action and shortcut with keys that can be live while
    ``window`` is active: its own, and those of every window that work application-wide."""
    found = []
    tops = {window, *(w for w in QApplication.topLevelWidgets() if w.isVisible())}
    every = {w for top in tops for w in (top, *top.findChildren(QWidget))}
    actions = {a for top in tops for a in top.findChildren(QAction)} | {a for w in every for a in w.actions()}
    for action in actions:
        keys = [key for key in action.shortcuts() if not key.isEmpty()]
        if keys and action.isEnabled() and action.isVisible():
            name = action.objectName() or action.text().replace("&", "")
            found.append((f"action {name}", keys, action.shortcutContext(), _through(action)))
    for shortcut in {s for top in tops for s in top.findChildren(QShortcut)}:  # (an editor's are its window's too)
        keys = [key for key in shortcut.keys() if not key.isEmpty()]
        if keys and shortcut.isEnabled() and isinstance(shortcut.parent(), QWidget):
            owner = shortcut.parent()
            name = shortcut.objectName() or f"of {type(owner).__name__} {owner.objectName()}".rstrip()
            found.append((f"shortcut {name}", keys, shortcut.context(), [owner]))
    return [(name, keys, context, widgets) for name, keys, context, widgets in found
            if context == Context.ApplicationShortcut or any(w.window() is window for w in widgets)]


def _live(context: Context, widgets: list[QWidget], window: QWidget, focus: QWidget) -> bool:
    """Whether a key of ``context`` through ``widgets`` works in ``window`` with the keyboard on ``focus`` (Qt's
    ``correctWidgetContext``: a hidden or disabled widget's keys never do)."""
    for widget in widgets:
        if not (widget.isVisible() and widget.isEnabled()):
            continue
        if context == Context.ApplicationShortcut:
            return True
        if context == Context.WindowShortcut and widget.window() is window:
            return True
        if context == Context.WidgetWithChildrenShortcut and (widget is focus or widget.isAncestorOf(focus)):
            return True
        if context == Context.WidgetShortcut and widget is focus:
            return True
    return False


def _clash(first: list[QKeySequence], second: list[QKeySequence]) -> str | None:
    """The key of ``first`` that ``second`` binds too, or begins or ends a sequence of (Ctrl+K before Ctrl+K, C)."""
    for one, other in itertools.product(first, second):
        if one.matches(other) != QKeySequence.SequenceMatch.NoMatch or \
                other.matches(one) != QKeySequence.SequenceMatch.NoMatch:
            return one.toString(QKeySequence.SequenceFormat.PortableText)
    return None


def conflicts(window: QWidget) -> list[str]:
    """Each key bound twice in ``window`` as it is shown: "key: first and second (with the keyboard on …)"."""
    bindings = _bindings(window)
    focusable = [window, *(w for w in window.findChildren(QWidget) if w.window() is window and w.isVisible()
                           and w.isEnabled() and w.focusPolicy() != Qt.FocusPolicy.NoFocus)]
    found = []
    for (name, keys, context, widgets), (other, other_keys, other_context, other_widgets) in \
            itertools.combinations(bindings, 2):
        key = _clash(keys, other_keys)
        if key is None:
            continue
        focus = next((f for f in focusable if _live(context, widgets, window, f)
                      and _live(other_context, other_widgets, window, f)), None)
        if focus is not None:
            found.append(f"{key}: {name} and {other} (keyboard on {type(focus).__name__} {focus.objectName()})")
    return found


def each_tab_shown(root: QWidget):
    """Show each tab of every tab widget in ``root`` in turn (yielding what is shown), then the tab first shown."""
    for tabs in [root] * isinstance(root, QTabWidget) + root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        first = tabs.currentIndex()
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            yield f"{tabs.objectName() or type(tabs.parentWidget()).__name__} tab {tabs.tabText(index)}"
        tabs.setCurrentIndex(first)


# ---- 1. no key bound twice -----------------------------------------------------------------------------------------

@pytest.mark.qt_log_ignore("Ambiguous shortcut overload")  # what Qt says of the key bound twice on purpose
def test_the_scan_finds_a_key_bound_twice_and_honours_where_keys_work(qtbot, qtlog):
    window = QMainWindow()
    qtbot.addWidget(window)
    body = QWidget()
    panel = QWidget(body)
    left, right = QLineEdit(panel), QLineEdit(body)
    QVBoxLayout(panel).addWidget(left)
    layout = QVBoxLayout(body)
    layout.addWidget(panel)
    layout.addWidget(right)
    window.setCentralWidget(body)
    menu = window.menuBar().addMenu("&File")
    fired = []
    for name in ("first", "second"):  # Ctrl+K twice: in the menu bar's menu and on the window
        action = QAction(name, window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence("Ctrl+K"))
        action.triggered.connect(lambda _checked=False, name=name: fired.append(name))
        (menu if name == "first" else window).addAction(action)
    active(qtbot, window)
    found = conflicts(window)
    assert len(found) == 1 and found[0].startswith("Ctrl+K: ") and "first" in found[0] and "second" in found[0]
    left.setFocus()
    qtbot.keyClick(left, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert fired == []  # what the officer meets: Qt runs neither, and says why
    assert any("Ambiguous shortcut overload: Ctrl+K" in record.message for record in qtlog.records)
    # one disabled, the clash is gone; a key of one field alone and the same key of another field alone do not clash
    window.findChild(QAction, "second").setEnabled(False)
    for field in (left, right):
        own = QShortcut(QKeySequence("Ctrl+J"), field)
        own.setContext(Context.WidgetShortcut)
    assert conflicts(window) == []
    # a key of the panel and its children clashes with the window's key only where the keyboard is in the panel
    held = QShortcut(QKeySequence("Ctrl+K"), panel)
    held.setContext(Context.WidgetWithChildrenShortcut)
    [clash] = conflicts(window)
    assert "first" in clash and "QLineEdit" in clash
    panel.hide()  # a hidden widget's keys do not work
    assert conflicts(window) == []


def test_no_key_is_bound_twice_on_any_page_in_a_case_or_in_a_document_editor(demo_db, make_window, qtbot,
                                                                              redo_on_ctrl_y):  # noqa: F811
    from ui import redo_key

    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    # its Ctrl+Y for the search fields, bound after the first paint (as on the Linux desktops, whose redo has it not)
    qtbot.waitUntil(lambda: window.findChild(QShortcut, redo_key.OBJECT_NAME) is not None)
    found = {}
    for row in range(window.stack.count()):
        window.navigation.setCurrentRow(row)
        page = window.stack.currentWidget()
        for shown in ("", *each_tab_shown(page)):
            found[f"page {row} {shown}"] = conflicts(window)
    window.navigation.setCurrentRow(0)
    workspace = window.open_case(find_case(demo_db, CASE).id)
    qtbot.wait(1)  # its controls shown
    assert window.case_tabs.currentWidget() is workspace
    for shown in ("", *each_tab_shown(workspace)):
        found[f"case {shown}"] = conflicts(window)
    # the scan sees the window's own keys: a second F5 on the case's tab is found beside 刷新's
    again = QAction("F5 again", workspace)
    again.setShortcut(QKeySequence("F5"))
    workspace.addAction(again)
    assert [clash for clash in conflicts(window) if clash.startswith("F5: ") and "refresh" in clash]
    workspace.removeAction(again)
    forms, _broken = load_forms()
    assert set(FORM_OF_KIND) == {form.kind for form in forms.values()}  # a new kind of form gets its sample
    interview = get_interview(demo_db, OPERATORS_INTERVIEW)
    for kind, form_id in FORM_OF_KIND.items():
        if kind == "interview":
            editor = window.open_editor(None, find_form(form_id), interview=interview,
                                        party_id=interview.party_ids[0])
        else:
            editor = window.open_editor(find_case(demo_db, CASE), find_form(form_id))
        try:
            active(qtbot, editor)
            found[f"editor {form_id}"] = conflicts(editor)
            # its Undo and Redo take their keys once they have something to do: a letter typed, then undone
            qtbot.keyClicks(QApplication.focusWidget(), "x")
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            assert editor.undo_action.isEnabled(), form_id
            found[f"editor {form_id}, a change made"] = conflicts(editor)
            editor.undo_action.trigger()
            assert editor.redo_action.isEnabled(), form_id
            found[f"editor {form_id}, a change undone"] = conflicts(editor)
        finally:
            editor.shutdown()
    assert len(found) > 8
    assert {where: clashes for where, clashes in found.items() if clashes} == {}


def test_a_grids_row_keys_work_in_the_grid_alone(demo_db, opened, qtbot):
    editor = active(qtbot, opened(demo_db, "file_index", find_case(demo_db, CASE)))
    grid, cause = editor.fields["index"], editor.fields["cause"].focus_widget
    rows = grid.table.rowCount()
    assert QApplication.focusWidget() is cause  # 案由, the first field, not the grid
    qtbot.keyClick(cause, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert (grid.table.rowCount(), QApplication.focusWidget()) == (rows, cause)
    grid.table.setFocus()  # in the grid the key adds its row
    qtbot.keyClick(grid.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert grid.table.rowCount() == rows + 1


# ---- 2. the payment dialog by keyboard -----------------------------------------------------------------------------

def payment_dialog(qtbot, db, case):
    """履行完毕 for ``case`` as its tab opens it: the parties who may pay, the amounts checked against what is owed."""
    from ui.transition_dialog import TransitionDialog, party_choices, payment_check

    case = get_case(db, case.id)
    parties = party_choices(db, case, "record_performance")
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], parties=parties or None,
                              payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    return active(qtbot, dialog)


def tab_round(qtbot, dialog) -> list[QWidget]:
    """The widgets Tab goes through from the one with the keyboard, once round the dialog."""
    first, seen = QApplication.focusWidget(), []
    for _press in range(30):
        seen.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is first:
            break
    return seen


def refused_with_the_keyboard_on_the_voucher(qtbot, dialog, key, modifier, from_widget, day: str) -> None:
    from_widget.setFocus()
    qtbot.keyClick(from_widget, key, modifier)
    assert dialog.isVisible() and not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert QApplication.focusWidget() is dialog.voucher
    error = dialog.errors["voucher"]
    assert error.isVisible() and "MP-1" in error.text() and day in error.text()
    assert not dialog.voucher.visibleRegion().isEmpty()  # scrolled into view


def test_the_payment_of_one_of_several_parties_by_keyboard(db, two_parties, qtbot):  # noqa: F811
    case, company, employee = two_parties
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=1_000_000, voucher="MP-1"))
    dialog = payment_dialog(qtbot, db, case)
    assert dialog.party.count() == 2 and dialog.party.currentData() == company
    assert conflicts(dialog) == []
    # the first field has the keyboard: the party, whose choice fills the amount; Tab goes on in the form's order
    assert QApplication.focusWidget() is dialog.party
    order = tab_round(qtbot, dialog)
    fields = [dialog.party, dialog.date, dialog.paid, dialog.surcharge, dialog.voucher, dialog.reason]
    assert all(field in order for field in fields), [w.objectName() for w in order]
    assert [order.index(field) for field in fields] == sorted(order.index(field) for field in fields)
    # the company's voucher typed again for its own payment: refused, the keyboard put in the voucher field
    dialog.date.setDate(QDate(2026, 3, 20))
    dialog.voucher.setFocus()
    qtbot.keyClicks(dialog.voucher, "MP-1")
    qtbot.keyClick(dialog.voucher, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.reason
    ctrl = Qt.KeyboardModifier.ControlModifier
    refused_with_the_keyboard_on_the_voucher(qtbot, dialog, Qt.Key.Key_Return, ctrl, dialog.reason, "2026-03-20")
    refused_with_the_keyboard_on_the_voucher(qtbot, dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier,
                                             dialog.date, "2026-03-20")
    # the employee may pay with the same voucher the same day (one payment at the bank for both): OK is free again
    dialog.party.setFocus()
    qtbot.keyClick(dialog.party, Qt.Key.Key_Down)
    assert dialog.party.currentData() == employee and not dialog.errors["voucher"].isVisible()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_the_payment_of_a_case_with_one_party_opens_on_its_date(db, make_case, qtbot):
    from tests.test_clock_challenges import served_case

    case = served_case(db, make_case)  # ¥50,000, served 06-01
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-10",
                    payment=Payment(paid_fen=2_500_000, voucher="MP-1"))
    dialog = payment_dialog(qtbot, db, case)
    assert not dialog.party.isVisible()
    assert QApplication.focusWidget() is dialog.date
    order = tab_round(qtbot, dialog)
    fields = [dialog.date, dialog.paid, dialog.surcharge, dialog.voucher, dialog.reason]
    assert [order.index(field) for field in fields] == sorted(order.index(field) for field in fields)
    dialog.date.setDate(QDate(2026, 6, 12))
    dialog.voucher.setFocus()
    qtbot.keyClicks(dialog.voucher, "MP-1")
    refused_with_the_keyboard_on_the_voucher(qtbot, dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier,
                                             dialog.reason, "2026-06-10")
