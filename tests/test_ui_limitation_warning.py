"""The limitation period (Penalty Law art. 36) in the procedure actions, as an officer meets it: filing, the
pre-penalty notice and taking a case back from the police warn in the action's dialog, and OK waits until the
officer ticks that they read the warning (the timeline keeps that they did); a penalty decision on an act the
recorded dates put out of time is refused with the dates named, the decision not to penalise stays open."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox

from tests.test_ui_case_workspace import timeline, when_modal
from ui.transition_dialog import TransitionDialog
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.store import get_case
from workstation.store.cases import update_case

pytestmark = pytest.mark.gui


def qdate(iso: str) -> QDate:
    return QDate.fromString(iso, "yyyy-MM-dd")


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_filing_an_act_out_of_time_waits_for_the_officer_to_acknowledge_the_warning(db, make_case, make_window,
                                                                                      english):
    case = make_case(act_on="2023-01-05", lead_received_on="2025-03-01")
    workspace = make_window(db).open_case(case.id)
    seen = {}

    def pick(dialog):
        dialog.date.setDate(qdate("2025-03-04"))
        seen["shown"] = (dialog.warning_label.isVisible(), dialog.warning_label.text(),
                         dialog.acknowledge.isVisible(), ok_button(dialog).isEnabled())
        dialog.acknowledge.setChecked(True)
        seen["acknowledged"] = ok_button(dialog).isEnabled()
        ok_button(dialog).click()

    timer = when_modal(TransitionDialog, pick)
    workspace.action_buttons["file"].click()
    timer.stop()
    visible, text, box, enabled = seen["shown"]
    assert visible and box and not enabled
    assert "the act of 2023-01-05 was discovered on 2025-03-01" in text and "ended on 2025-01-05" in text
    assert "decline filing (不予立案)" in text
    assert seen["acknowledged"] is True
    assert (get_case(db, case.id).status, get_case(db, case.id).filed_on) == ("investigating", "2025-03-04")
    assert any("Limitation period warning read: act of 2023-01-05, discovered on 2025-03-01, period ended on "
               "2025-01-05." in line for line in timeline(workspace))


def test_cancelling_the_warned_filing_changes_nothing(db, make_case, make_window, table_counts):
    case = make_case(act_on="2023-01-05", lead_received_on="2025-03-01")
    workspace = make_window(db).open_case(case.id)
    before = table_counts(db)
    seen = {}

    def cancel(dialog):
        seen["ok"] = ok_button(dialog).isEnabled()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    timer = when_modal(TransitionDialog, cancel)
    workspace.action_buttons["file"].click()
    timer.stop()
    assert seen["ok"] is False
    assert get_case(db, case.id).status == "pending_filing" and table_counts(db) == before


def test_without_a_lead_the_filing_date_picked_is_the_discovery(db, make_case, make_window, english):
    case = make_case(act_on="2024-11-20")  # the two years end on 2026-11-20
    workspace = make_window(db).open_case(case.id)
    seen = {}

    def pick(dialog):
        dialog.date.setDate(qdate("2026-11-10"))
        seen["in_time"] = (dialog.warning_label.isVisible(), dialog.acknowledge.isVisible(),
                           ok_button(dialog).isEnabled())
        dialog.date.setDate(qdate("2026-11-21"))
        seen["late"] = (dialog.warning_label.isVisible(), ok_button(dialog).isEnabled())
        seen["text"] = dialog.warning_label.text()

    timer = when_modal(TransitionDialog, pick)
    workspace.action_buttons["file"].click()
    timer.stop()
    assert seen["in_time"] == (False, False, True)
    assert seen["late"] == (True, False)
    assert "discovered on 2026-11-21" in seen["text"] and "ended on 2026-11-20" in seen["text"]


def test_an_act_in_time_or_of_the_five_year_kind_is_filed_without_a_warning(db, make_case, make_window):
    case = make_case(act_on="2022-05-01", lead_received_on="2025-06-01",
                     discretion_factors=["endangers_life_health_finance"])
    workspace = make_window(db).open_case(case.id)
    seen = {}

    def accept(dialog):
        dialog.date.setDate(qdate("2025-06-03"))
        seen["warned"] = dialog.warning_label.isVisible() or dialog.acknowledge.isVisible()
        ok_button(dialog).click()

    timer = when_modal(TransitionDialog, accept)
    workspace.action_buttons["file"].click()
    timer.stop()
    assert seen["warned"] is False
    assert get_case(db, case.id).status == "investigating"


def test_the_pre_penalty_notice_of_an_act_out_of_time_is_warned(db, make_case, make_window, english):
    case = make_case(status="under_review", act_on="2023-01-05", lead_received_on="2025-03-01",
                     filed_on="2025-03-04", review_on="2025-05-06", fine_fen=300_000)
    workspace = make_window(db).open_case(case.id)
    seen = {}

    def pick(dialog):
        dialog.date.setDate(qdate("2025-05-20"))
        seen["text"], seen["ok"] = dialog.warning_label.text(), ok_button(dialog).isEnabled()

    timer = when_modal(TransitionDialog, pick)
    workspace.action_buttons["send_pre_notice"].click()
    timer.stop()
    assert "ended on 2025-01-05" in seen["text"] and "不予行政处罚" in seen["text"]
    assert seen["ok"] is False


@pytest.fixture
def awaiting_decision(make_case):
    """A case awaiting its decision whose act of 2023-01-05 was discovered on 2025-03-01 (two years ran on
    2025-01-05)."""
    return make_case(status="decision_pending", act_on="2023-01-05", lead_received_on="2025-03-01",
                     filed_on="2025-03-04", review_on="2025-05-06", notice_served_on="2025-05-20",
                     notice_waived=True, fine_fen=300_000)


def test_a_penalty_decision_out_of_time_is_refused_naming_the_dates(db, awaiting_decision, table_counts, english):
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, awaiting_decision.id, "decide_penalty", on_date="2025-06-02")
    message = str(refused.value)
    assert message.startswith("No penalty may be decided: Limitation period run: the act of 2023-01-05 was "
                              "discovered on 2025-03-01 (the lead was received), after the 2-year limitation "
                              "period ended on 2025-01-05")
    assert "Decide not to penalise (不予行政处罚) instead" in message
    assert get_case(db, awaiting_decision.id).status == "decision_pending" and table_counts(db) == before
    # the 行政处罚决定书 is refused likewise; the decision not to penalise remains
    assert procedure.issue_refusal(db, awaiting_decision, "penalty_decision") == message
    assert procedure.issue_refusal(db, awaiting_decision, "no_penalty_decision") is None
    decided = procedure.apply(db, awaiting_decision.id, "decide_no_penalty", on_date="2025-06-02",
                              reason="超过追责时效")
    assert decided.status == "no_penalty"


def test_the_workspace_disables_the_penalty_decision_and_says_why(db, awaiting_decision, make_window, english):
    workspace = make_window(db).open_case(awaiting_decision.id)
    button = workspace.action_buttons["decide_penalty"]
    assert not button.isEnabled() and "ended on 2025-01-05" in button.toolTip()
    assert workspace.action_buttons["decide_no_penalty"].isEnabled()


def test_the_five_year_kind_lets_the_penalty_be_decided(db, awaiting_decision):
    update_case(db, replace(awaiting_decision, discretion_factors=["endangers_life_health_finance"]))
    decided = procedure.apply(db, awaiting_decision.id, "decide_penalty", on_date="2025-06-02")
    assert (decided.status, decided.decided_on) == ("penalty_decided", "2025-06-02")
