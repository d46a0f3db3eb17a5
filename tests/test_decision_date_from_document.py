"""作出行政处罚决定 after the 行政处罚决定书 was issued takes the day the document bears: the dialog starts at it, and
another day (today, left as the dialog offered it before) is refused naming the document, so the case's 决定日期 —
which starts the service and payment periods and is printed on the 结案审批表 — never differs from the decision's."""

from __future__ import annotations

import pytest

from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused
from workstation.records import today
from workstation.store import case_events, get_case

ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}
DECIDED = "2026-11-26"


def _awaiting_decision(db, data_dir, make_case):
    """Notice (¥50,000) issued and served, its statement period over: the penalty is to be decided."""
    case = make_case(status="under_review", lead_received_on="2026-10-20", filed_on="2026-10-22",
                     review_on="2026-11-12", facts="经查，当事人出售购房客户个人信息3000余条。")
    issue_document(db, data_dir, case, find_form("pre_penalty_notice"), {**ADDRESS, "fine_fen": 50_000,
                                                                         "issued_on": "2026-11-16"})
    for name, day in (("send_pre_notice", "2026-11-16"), ("end_statement_period", "2026-11-25")):
        procedure.apply(db, case.id, name, on_date=day)
    return get_case(db, case.id)


def _decision_issued(db, data_dir, make_case, decided_on=DECIDED):
    """Notice (¥50,000) served and its statement period over (``_awaiting_decision``); the 行政处罚决定书 issued,
    dated ``decided_on``."""
    case = _awaiting_decision(db, data_dir, make_case)
    decision = issue_document(db, data_dir, case, find_form("penalty_decision"),
                              {**ADDRESS, "fine_fen": 50_000, "decided_on": decided_on})
    return get_case(db, case.id), decision


def test_deciding_on_another_day_than_the_decision_bears_is_refused_and_changes_nothing(db, data_dir, make_case,
                                                                                      english):
    case, decision = _decision_issued(db, data_dir, make_case)
    refusal = procedure.date_refusal(db, case, "decide_penalty", "2026-11-27")
    assert refusal == (f"The 行政处罚决定书 issued bears its own 决定日期: {decision.number} dated {DECIDED}. Record "
                       "“Decide the penalty” with that day, not 2026-11-27; if the document's date is wrong, correct "
                       "the 行政处罚决定书 first.")
    events = len(case_events(db, case.id))
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "decide_penalty", on_date=today())
    assert (get_case(db, case.id).status, get_case(db, case.id).decided_on) == ("decision_pending", None)
    assert len(case_events(db, case.id)) == events
    procedure.apply(db, case.id, "decide_penalty")  # no day given (the command line without one): the document's
    assert get_case(db, case.id).decided_on == DECIDED


def test_without_an_issued_decision_any_day_after_the_statement_period_is_taken(db, data_dir, make_case):
    case = _awaiting_decision(db, data_dir, make_case)
    assert procedure.date_refusal(db, case, "decide_penalty", "2026-11-27") is None


@pytest.mark.gui
def test_the_decision_dialog_starts_at_the_day_the_decision_bears(qtbot, db, data_dir, make_case, prompts):
    from ui.case_workspace import CaseWorkspace
    from ui.transition_dialog import TransitionDialog

    case, decision = _decision_issued(db, data_dir, make_case)
    shown = {}

    def ask(parent, transition, check=None, warning=None, **extra):
        dialog = TransitionDialog(transition, parent, check=check, prompts=prompts, warning=warning, **extra)
        qtbot.addWidget(dialog)
        shown.update(date=dialog.date.date().toString("yyyy-MM-dd"), info=dialog.info.text(),
                     ok=dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled())
        return None  # cancelled: nothing recorded

    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=ask, data_dir=data_dir)
    qtbot.addWidget(workspace)
    workspace.action_buttons["decide_penalty"].click()
    assert shown["date"] == DECIDED and shown["ok"]
    assert decision.number in shown["info"] and "2026年11月26日" in shown["info"]
    assert get_case(db, case.id).status == "decision_pending"
