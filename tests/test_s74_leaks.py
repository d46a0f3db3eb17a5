"""A dialog with a list of agencies built and dropped before the event loop turns (never shown) leaves nothing behind:
the list's fitting, waiting for the event loop (``ui.layouts.add_agency``), goes with the list, no dead ``QComboBox``
wrapper nor the function that was to fit it kept for the rest of the day. Shown, the list is still fitted. And
``validators.known_division`` remembers a bounded number of codes."""

import gc
from functools import partial

import pytest

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from shiboken6 import isValid

from tests.conftest import ScriptedPrompts
from ui.case_dialog import CaseDialog
from ui.lead_dialog import LeadDialog
from ui.officers_dialog import OfficersDialog

DIALOGS = {
    "case dialog": lambda db, parent=None: CaseDialog(db, ScriptedPrompts(), parent=parent),
    "officers dialog": lambda db, parent=None: OfficersDialog(db, ScriptedPrompts(), parent=parent),
    "lead dialog": lambda db, parent=None: LeadDialog(db, ScriptedPrompts(), parent=parent),
}


def _left_behind() -> dict[str, int]:
    """What a dropped list of agencies could leave: dead combo boxes and line edits (their Python wrappers, the
    widget gone) and the functions ``add_agency`` made to fit a list (``partial(fit_agency_list, combo)``; before
    ``call_soon``, a ``lambda`` of its own)."""
    from ui.layouts import fit_agency_list

    gc.collect()
    objects = gc.get_objects()
    return {
        "dead combos": sum(1 for o in objects if isinstance(o, QComboBox) and not isValid(o)),
        "dead line edits": sum(1 for o in objects if isinstance(o, QLineEdit) and not isValid(o)),
        "fitting functions": sum(1 for o in objects if (isinstance(o, partial) and o.func is fit_agency_list) or (
            callable(o) and getattr(o, "__qualname__", "").startswith("add_agency.<locals>"))),
    }


def _growth(step, times: int) -> dict[str, int]:
    """What ``times`` more ``step()`` calls leave behind (``_left_behind``'s kinds, each counted), after a first
    ``step()`` that loads the modules and makes the first of anything made; the event loop not turning in between."""
    step()
    before = _left_behind()
    for _ in range(times):
        step()
    after = _left_behind()
    return {kind: after[kind] - before[kind] for kind in after}


def _assert_nothing_left(step, times: int = 20) -> None:
    growth = _growth(step, times)
    assert growth == dict.fromkeys(growth, 0)


@pytest.mark.parametrize("name", DIALOGS)
def test_a_dialog_dropped_unshown_leaves_no_agency_list_behind(qtbot, db, name):
    make = DIALOGS[name]
    window = QWidget()  # the dialogs' parent, as the main window is theirs
    qtbot.addWidget(window)

    def made_and_dropped() -> None:  # as ``exec_once`` drops a dialog: deleted later, here before any timer fires
        dialog = make(db, window)
        assert dialog.agency.property("agency_list_fit_waiting")  # its list waits to be fitted
        dialog.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not isValid(dialog)

    _assert_nothing_left(made_and_dropped)


def test_a_fitting_kept_after_its_list_went_is_counted(qtbot, db, monkeypatch):
    """The count above sees what it looks for: with the fitting waiting as it did before ``call_soon``
    (``QTimer.singleShot(0, combo, fit)``, which kept ``fit`` and the dead list's wrapper after the list went), the
    dropped dialogs' fittings and lists are counted left behind."""
    import ui.layouts

    def kept_for_the_day(owner, slot):  # the earlier shape of ``call_soon``
        QTimer.singleShot(0, owner, slot)
        return QTimer()

    monkeypatch.setattr(ui.layouts, "call_soon", kept_for_the_day)
    window = QWidget()
    qtbot.addWidget(window)

    def made_and_dropped() -> None:
        dialog = DIALOGS["case dialog"](db, window)
        dialog.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    growth = _growth(made_and_dropped, times=5)
    assert growth["fitting functions"] >= 5
    assert growth["dead combos"] >= 5


@pytest.mark.parametrize("name", DIALOGS)
def test_the_agency_list_of_a_dialog_shown_is_still_fitted(qtbot, db, name):
    dialog = DIALOGS[name](db)
    qtbot.addWidget(dialog)
    combo = dialog.agency
    dialog.show()
    qtbot.waitUntil(lambda: not combo.property("agency_list_fit_waiting"))
    view = combo.view()
    bar = view.verticalScrollBar().sizeHint().width() if combo.count() > combo.maxVisibleItems() else 0
    assert view.minimumWidth() == view.sizeHintForColumn(0) + 2 * view.frameWidth() + bar > 0
    qtbot.wait(20)
    assert not combo.findChildren(QTimer, "agency_list_fitting")  # the fitting's timer gone once it has fitted



def _focused_then_dropped(qtbot, make) -> None:
    """``make(parent)`` a field whose name is to be selected once the keyboard comes to it (at the event loop's next
    turn), the keyboard brought to it, and its window deleted before that turn."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFocusEvent

    window = QWidget()
    qtbot.addWidget(window)
    field = make(window)
    QCoreApplication.sendEvent(field, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.TabFocusReason))
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(field)


def test_an_agency_search_dropped_before_it_selected_its_text_leaves_nothing_behind(qtbot, db):
    from ui.agency_search import AgencySearch
    from ui.layouts import add_agency
    from workstation.store import list_agencies

    agencies = list_agencies(db)

    def make(window):
        combo = QComboBox(window)
        for agency in agencies:
            add_agency(combo, agency)
        AgencySearch(combo)
        return combo

    _assert_nothing_left(lambda: _focused_then_dropped(qtbot, make))


def test_a_document_chooser_dropped_before_it_selected_its_text_leaves_nothing_behind(qtbot):
    from ui.form_chooser import FormChooser
    from workstation.formkit.spec import load_forms

    forms = list(load_forms()[0].values())
    _assert_nothing_left(lambda: _focused_then_dropped(qtbot, lambda window: FormChooser(forms, window)))


def test_the_text_is_still_selected_once_the_keyboard_comes(qtbot, db):
    from ui.form_chooser import FormChooser
    from workstation.formkit.spec import load_forms

    chooser = FormChooser(list(load_forms()[0].values()))
    qtbot.addWidget(chooser)
    chooser.show()
    qtbot.waitExposed(chooser)
    chooser.setFocus()
    chooser.lineEdit().deselect()
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFocusEvent

    # a click: the field itself puts the cursor in, the chooser selects the title after
    QCoreApplication.sendEvent(chooser, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.MouseFocusReason))
    qtbot.waitUntil(lambda: chooser.lineEdit().selectedText() == chooser.lineEdit().text() != "")

def test_known_division_remembers_a_bounded_number_of_codes():
    from workstation.validators import known_division

    assert known_division("440605")  # 南海区
    assert not known_division("999999")
    limit = known_division.cache_info().maxsize
    assert limit is not None and limit >= 4096
    for n in range(limit + 500):  # every 6-digit code typed or imported, invalid ones too
        known_division(f"{n:06d}")
    assert known_division.cache_info().currsize <= limit
    assert known_division("440605") and not known_division("999999")  # still answers right
