"""The hearing and decision steps in the window (walkthrough75b): 举行听证 reachable from the case page's steps (and
the 听证结束 refusal saying where to record it), each undecided party offered its 决定书 in turn after 作出行政处罚决定,
and the 退回补充调查 dialog naming the failed review it answers, its reason started from the review's problems."""

from __future__ import annotations

import pytest

from tests.helpers import hearing_notice
from tests.test_hearing10 import asked  # noqa: F401 (fixture)
from tests.test_s75_decide_next_document import _workspace
from tests.test_s75_review_return import FAILED, reviewed  # noqa: F401 (fixture)
from workstation import procedure
from workstation.store import get_case
from workstation.store.clock_events import clock_events_of

pytestmark = pytest.mark.gui

HELD = "2026-03-13"  # seven working days after the 听证通知书 of 03-03


def _sessions(db, case) -> list[str]:
    return [e.starts_on for e in clock_events_of(db, case.id) if e.kind == "hearing_session"]


def test_the_conclusion_refused_for_want_of_a_notice_says_where_the_hearing_is_recorded(
        qtbot, db, data_dir, asked, prompts, english, monkeypatch):  # noqa: F811
    from ui.case_workspace import CaseWorkspace

    monkeypatch.setattr(procedure, "today", lambda: "2026-03-25")
    shown = CaseWorkspace(db, asked.id, prompts, ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(shown)
    tip = shown.action_buttons["conclude_hearing"].toolTip()
    assert not shown.action_buttons["conclude_hearing"].isEnabled()
    assert "Hold hearing…" in tip and "Record clock event…" in tip and "Deadlines" in tip
    assert "hold_hearing" in tip  # the command as well


def test_the_hearing_stage_offers_to_record_the_hearing_held(
        qtbot, db, data_dir, asked, prompts, english, monkeypatch):  # noqa: F811
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDialog

    from ui.case_workspace import CaseWorkspace

    monkeypatch.setattr(procedure, "today", lambda: "2026-03-25")
    hearing_notice(db, data_dir, asked, issued_on="2026-03-03", hearing_date=HELD)
    shown = CaseWorkspace(db, asked.id, prompts, ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(shown)
    button = shown.hold_hearing_button
    assert button.isEnabled() and button.text().replace("&", "").startswith("Hold hearing")
    assert button.focusPolicy() & button.focusPolicy().TabFocus  # reached from the keyboard
    seen = []

    def held(dialog):  # the officer picks the day and saves
        seen.append(dialog.kind.currentData())
        dialog.starts_on.setDate(QDate.fromString(HELD, "yyyy-MM-dd"))
        dialog.save()
        return QDialog.DialogCode.Accepted if dialog.saved else QDialog.DialogCode.Rejected

    monkeypatch.setattr(QDialog, "exec", held)
    button.click()
    assert seen == ["hearing_session"] and _sessions(db, asked) == [HELD]


def test_no_hearing_button_outside_the_hearing(qtbot, db, data_dir, reviewed, prompts):  # noqa: F811
    from ui.case_workspace import CaseWorkspace

    shown = CaseWorkspace(db, reviewed.id, prompts, ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(shown)
    assert shown.hold_hearing_button is None


def _two_parties_awaiting(db, data_dir, make_case):
    from tests.test_party_case10 import FACTS, notice, with_employee

    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-10-22",
                                                          review_on="2026-11-12", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="50000", hearing_required=False, issued_on="2026-11-16")
    notice(db, data_dir, case, employee, fine_fen="5000", hearing_required=False, issued_on="2026-11-16")
    for name, day in (("send_pre_notice", "2026-11-16"), ("end_statement_period", "2026-11-25")):
        procedure.apply(db, case.id, name, on_date=day)
    return get_case(db, case.id), company, employee


def test_each_undecided_party_is_offered_its_decision_in_turn(qtbot, db, data_dir, make_case, prompts, english):
    from tests.test_party_case10 import COMPANY, EMPLOYEE

    case, company, employee = _two_parties_awaiting(db, data_dir, make_case)
    opened = []
    workspace = _workspace(qtbot, db, data_dir, prompts, case, opened)
    prompts.choices = [0, 0]

    workspace.action_buttons["decide_penalty"].click()

    assert get_case(db, case.id).status == "penalty_decided"
    first, second = (offer[0] for offer in prompts.offered)
    assert f"for {COMPANY}" in first and f"for {EMPLOYEE}" in second
    assert [(e.form.id, e.case_party) for e in opened] == [("penalty_decision", company),
                                                           ("penalty_decision", employee)]


def test_not_now_stops_the_series(qtbot, db, data_dir, make_case, prompts, english):
    case, _company, _employee = _two_parties_awaiting(db, data_dir, make_case)
    opened = []
    workspace = _workspace(qtbot, db, data_dir, prompts, case, opened)
    prompts.choices = [1]  # 以后再说 for the first: the second is not asked

    workspace.action_buttons["decide_penalty"].click()

    assert len(prompts.offered) == 1 and not opened


def test_the_return_dialog_names_the_failed_review_and_starts_its_reason_from_its_problems(
        qtbot, db, data_dir, reviewed, prompts, english):  # noqa: F811
    from ui.case_workspace import CaseWorkspace
    from ui.transition_dialog import TransitionDialog

    seen = {}

    def ask(parent, transition, check=None, warning=None, **extra):
        dialog = TransitionDialog(transition, parent, check=check, prompts=prompts, warning=warning, **extra)
        qtbot.addWidget(dialog)
        seen["info"], seen["reason"] = dialog.info.text(), dialog.reason.toPlainText()
        return None  # cancelled

    shown = CaseWorkspace(db, reviewed.id, prompts, ask_transition=ask, data_dir=data_dir)
    qtbot.addWidget(shown)
    shown.action_buttons["return_for_investigation"].click()
    assert "2026-03-16" in seen["info"] and "facts unclear" in seen["info"]
    assert seen["info"] in shown.action_buttons["return_for_investigation"].toolTip()
    assert seen["reason"] == FAILED["problems"]
    assert get_case(db, reviewed.id).status == "under_review"  # cancelled: nothing recorded
