"""Filing from the case workspace's 立案 action (REFERENCE §2.2): its dialog takes the optional day the filing was
proposed for approval (立案呈批日期) beside the filing date, prefilled with the one recorded, checked as typed by the
core's ``proposal_refusal``; the other actions' dialogs do not ask for it."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit

from tests.test_ui_case_workspace import when_modal
from ui.transition_dialog import TransitionDialog
from workstation.store import get_case

pytestmark = pytest.mark.gui

PROPOSED, FILED = "2026-03-02", "2026-03-05"


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def run_action(workspace, name: str, action) -> None:
    timer = when_modal(TransitionDialog, action)
    workspace.action_buttons[name].click()
    timer.stop()


def test_filing_through_the_action_with_a_proposal_date_stores_both_dates(db, make_case, make_window):
    case = make_case(lead_received_on="2026-02-20")
    workspace = make_window(db).open_case(case.id)
    seen = {}

    def pick(dialog):
        seen["prefilled"] = dialog.proposed_on.text()
        dialog.date.setDate(QDate.fromString(FILED, "yyyy-MM-dd"))
        dialog.proposed_on.setText(PROPOSED)
        ok_button(dialog).click()

    run_action(workspace, "file", pick)
    stored = get_case(db, case.id)
    assert seen["prefilled"] == ""
    assert (stored.status, stored.filing_proposed_on, stored.filed_on) == ("investigating", PROPOSED, FILED)


def test_the_proposal_recorded_before_the_filing_is_prefilled_and_kept(db, make_case, make_window):
    case = make_case(lead_received_on="2026-02-20", filing_proposed_on=PROPOSED)
    workspace = make_window(db).open_case(case.id)
    seen = {}

    def pick(dialog):
        seen["prefilled"] = dialog.proposed_on.text()
        dialog.date.setDate(QDate.fromString(FILED, "yyyy-MM-dd"))
        ok_button(dialog).click()

    run_action(workspace, "file", pick)
    stored = get_case(db, case.id)
    assert seen["prefilled"] == PROPOSED
    assert (stored.filing_proposed_on, stored.filed_on) == (PROPOSED, FILED)


def test_a_proposal_after_the_filing_date_is_said_under_its_field_and_nothing_is_stored(
        db, make_case, make_window, qtbot, english):
    case = make_case(lead_received_on="2026-02-20")
    workspace = make_window(db).open_case(case.id)
    seen = {}

    def pick(dialog):
        dialog.date.setDate(QDate.fromString(FILED, "yyyy-MM-dd"))
        dialog.proposed_on.setText("2026-03-06")
        seen["enabled"] = ok_button(dialog).isEnabled()
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)  # the officer tries OK: every error shows
        line = dialog.errors["proposed_on"]
        form = line.parentWidget().layout()  # the fields' form, in their scroll area
        seen["line"] = (line.text(), line.isVisibleTo(dialog), dialog.errors["date"].isVisibleTo(dialog))
        seen["under"] = form.getWidgetPosition(line)[0] == form.getWidgetPosition(dialog.proposed_on)[0] + 1
        seen["open"] = dialog.isVisible()

    run_action(workspace, "file", pick)
    assert seen["enabled"] is False and seen["open"] and seen["under"]
    assert seen["line"] == ("Filing proposed on: 2026-03-06 is after the filing date 2026-03-05; a filing is "
                            "approved on or after the day it was proposed.", True, False)
    stored = get_case(db, case.id)
    assert (stored.status, stored.filing_proposed_on, stored.filed_on) == ("pending_filing", None, None)


@pytest.mark.parametrize(("action", "status"), [("decline_filing", "pending_filing"), ("suspend", "investigating")])
def test_the_other_actions_dialogs_ask_for_no_proposal_date(db, make_case, make_window, english, action, status):
    fields = {"filed_on": "2026-03-05"} if status == "investigating" else {}
    case = make_case(status=status, lead_received_on="2026-02-20", **fields)
    workspace = make_window(db).open_case(case.id)
    seen = {}

    def look(dialog):
        seen["field"] = dialog.findChild(QLineEdit, "proposed_on")
        seen["labels"] = [label.text() for label in dialog.findChildren(QLabel)]

    run_action(workspace, action, look)
    assert seen, "the action's dialog was not shown"
    assert seen["field"] is None and "Filing proposed on" not in seen["labels"]
