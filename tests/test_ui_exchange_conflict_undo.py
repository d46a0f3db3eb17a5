# ruff: noqa: F811 - the fixtures imported from test_ui_exchange are used by name
"""Headquarters settles a conflict only after confirming it, naming the record, the field and both values, and can
reopen it (撤销, Ctrl+Z) while nothing changed the record since; the empty list says there is nothing to settle."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.test_ui_exchange import (  # noqa: F401
    EDITED,
    build,
    dirs,
    edit_case,
    export_from_station,
    merge_through,
    template,
)
from tests.test_ui_keyboard import active
from workstation.audit import no_officer_text
from workstation.i18n import _

pytestmark = pytest.mark.gui


def _one_conflict(dirs, build, prompts):
    export_from_station(dirs, build, prompts, "one.bundle")
    db, page = build(dirs / "hq")
    prompts.confirm_answer = True
    merge_through(page, dirs / "one.bundle")
    edit_case(dirs / "hq", case=EDITED, fine_fen=1_100_000)
    edit_case(dirs / "station", case=EDITED, fine_fen=1_200_000)
    export_from_station(dirs, build, prompts, "two.bundle")
    merge_through(page, dirs / "two.bundle")
    assert page.conflicts_model.rowCount() == 1
    page.conflicts_view.selectRow(0)
    return db, page


def _fine(db) -> int:
    from workstation.store import find_case

    return find_case(db, EDITED).fine_fen


def test_taking_the_station_s_value_is_confirmed_naming_record_field_and_both_values(dirs, build, prompts):
    db, page = _one_conflict(dirs, build, prompts)
    prompts.confirm_answer = False
    asked = len(prompts.confirmations)
    page.buttons["take_incoming"].click()
    question = prompts.confirmations[asked]
    assert EDITED in question and _("Fine (yuan)") in question
    assert "12,000.00" in question and "11,000.00" in question
    assert _fine(db) == 1_100_000 and page.conflicts_model.rowCount() == 1  # declined: nothing changed
    assert not page.buttons["reopen_conflict"].isEnabled() and page.buttons["reopen_conflict"].toolTip()
    # who imported: no officer signed in here, and the computer's account is never shown
    model = page.imports_model
    assert {model.data(model.index(row, model.columnCount() - 1)) for row in range(model.rowCount())} == {
        no_officer_text()}


def test_a_settled_conflict_is_reopened_with_ctrl_z(qtbot, dirs, build, prompts):
    db, page = _one_conflict(dirs, build, prompts)
    active(qtbot, page)
    page.tabs.setCurrentIndex(3)
    page.buttons["take_incoming"].click()
    assert _fine(db) == 1_200_000 and page.conflicts_model.rowCount() == 0
    assert not page.no_conflicts.isHidden() and page.no_conflicts.text() == _("No conflicts waiting to be settled.")
    assert page.conflicts_view.horizontalHeader().sectionSize(0) > 40  # the columns kept their widths
    assert page.buttons["reopen_conflict"].isEnabled() and "12,000.00" in page.settled_note.text()
    page.conflicts_view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.conflicts_view)
    qtbot.keyClick(page.conflicts_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _fine(db) == 1_100_000
    assert page.conflicts_model.rowCount() == 1 and page.selected_conflict().field == "fine_fen"
    assert page.no_conflicts.isHidden() and not page.buttons["reopen_conflict"].isEnabled()
    # settled again, keeping the value here: undone as well
    page.buttons["keep_local"].click()
    assert page.conflicts_model.rowCount() == 0
    page.buttons["reopen_conflict"].click()
    assert page.conflicts_model.rowCount() == 1 and _fine(db) == 1_100_000
    assert prompts.errors == []


def test_no_undo_once_the_record_changed_since(dirs, build, prompts):
    db, page = _one_conflict(dirs, build, prompts)
    page.buttons["take_incoming"].click()
    assert page.buttons["reopen_conflict"].isEnabled()
    edit_case(dirs / "hq", case=EDITED, facts="结算后又改")
    page.refresh()
    assert not page.buttons["reopen_conflict"].isEnabled() and page.settled_note.isHidden()
    page.reopen()
    assert page.conflicts_model.rowCount() == 0 and _fine(db) == 1_200_000
