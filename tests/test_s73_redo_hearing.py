"""s73 (redo2_mend): the one-party 责令重作 path after the party's new 行政处罚告知书:

1. the other party, whose notice was served on the case's date, keeps its service and its period once the new notice
   is served on the party decided anew;
2. the window offers 送达告知书 and 陈述申辩放弃 only for the party decided anew, while there is one to serve or to
   waive, and no button otherwise;
3. the party decided anew may ask for a hearing after its new notice (行政处罚法 arts. 63, 64), the case staying 已送达,
   and its new 行政处罚决定书 waits for that hearing."""

from __future__ import annotations

import pytest

from tests.test_s73_redo_party import _party_redone
from workstation.errors import TransitionRefused
from workstation.store import get_case

REASON = "复议决定责令重新作出"


def _noticed_anew(db, data_dir, make_case, **values):
    """The company decided anew (06-05) and issued its new 告知书 (06-06): (case, company, employee)."""
    from tests.test_party_case10 import notice
    from workstation import procedure

    case, company, employee, _decided = _party_redone(db, data_dir, make_case)
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason=REASON, party_ids=(company,))
    notice(db, data_dir, get_case(db, case.id), company, fine_fen="400000", issued_on="2026-06-06", **values)
    return get_case(db, case.id), company, employee


# ---- 1. the other party's service stands ---------------------------------------------------------------------

def test_the_other_partys_service_and_period_stand_after_the_new_notice(db, data_dir, make_case, english):
    from workstation import party_notices, procedure

    case, company, employee = _noticed_anew(db, data_dir, make_case)
    served = case.notice_served_on
    assert party_notices.services(db, case) == {employee: served}
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-08", party_ids=(company,))
    case = get_case(db, case.id)
    # was {company: "2026-06-08"}: the employee lost its service of the case's date
    assert party_notices.services(db, case) == {employee: served, company: "2026-06-08"}
    periods = {item.party.id: item for item in party_notices.party_periods(db, case)}
    assert periods[employee].served_on == served and periods[employee].period is not None
    assert periods[company].period.due == "2026-06-15"
    assert employee not in {party.id for party in party_notices.unserved_parties(db, case)}


# ---- 2. the window's buttons ---------------------------------------------------------------------------------

def _pressing(answers: dict, day: str, reason: str = ""):
    """An ``ask_transition`` opening the real dialog: keeps the parties offered, records on ``day``."""
    from ui.transition_dialog import TransitionDialog

    def ask(parent, transition, check=None, warning=None, **extra):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, **extra)
        combo = dialog.party
        answers["offered"] = [combo.itemData(i) for i in range(combo.count())]
        dialog.reason.setPlainText(reason)
        dialog.date.setDate(dialog.date.date().fromString(day, "yyyy-MM-dd"))
        answers["errors"] = dialog.validate()
        dialog.accept()
        return (*dialog.recorded(), dialog.chosen_party()) if extra.get("parties") else dialog.recorded()

    return ask


@pytest.mark.gui
def test_the_window_offers_the_new_notice_only_for_the_party_decided_anew(qtbot, db, data_dir, make_case, prompts,
                                                                          english):
    from ui.case_workspace import CaseWorkspace
    from workstation import party_notices

    case, company, employee = _noticed_anew(db, data_dir, make_case)

    def workspace(answers, day, reason=""):
        shown = CaseWorkspace(db, case.id, prompts, ask_transition=_pressing(answers, day, reason),
                              data_dir=data_dir)
        qtbot.addWidget(shown)
        return shown

    answers: dict = {}
    shown = workspace(answers, "2026-06-08")
    # was: 陈述申辩放弃 offering only 朱子轩, whose decision stands
    assert "send_pre_notice" in shown.action_buttons and "waive_statement" not in shown.action_buttons
    shown.action_buttons["send_pre_notice"].click()
    assert answers["offered"] == [company] and answers["errors"] == {}, answers
    assert prompts.errors == []
    assert party_notices.services(db, get_case(db, case.id))[company] == "2026-06-08"

    answers = {}
    shown = workspace(answers, "2026-06-09", "当事人书面放弃陈述、申辩")
    # was: 送达告知书 still shown, offering 朱子轩 alone
    assert "send_pre_notice" not in shown.action_buttons and "waive_statement" in shown.action_buttons
    shown.action_buttons["waive_statement"].click()
    assert answers["offered"] == [company] and answers["errors"] == {}, answers
    assert party_notices.waivers(db, get_case(db, case.id)).get(company) == "2026-06-09"

    shown = workspace({}, "2026-06-10")
    # was: both still shown
    assert "send_pre_notice" not in shown.action_buttons and "waive_statement" not in shown.action_buttons
    assert get_case(db, case.id).status == "served"


# ---- 3. a hearing asked after the new notice -------------------------------------------------------------------

def test_a_hearing_asked_after_the_new_notice_holds_back_the_new_decision(db, data_dir, make_case, english):
    from tests.test_party_case10 import EMPLOYEE
    from workstation import procedure
    from workstation.documents.addressee import PARTY_KEY
    from workstation.penalty_terms import redo_decision_warning
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case, company, employee = _noticed_anew(db, data_dir, make_case, hearing_required=True)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-08", party_ids=(company,))
    with pytest.raises(TransitionRefused, match=EMPLOYEE):  # its decision stands
        procedure.apply(db, case.id, "request_hearing", on_date="2026-06-09", party_ids=(employee,))
    # was refused: "taken once the case is 'Party notified'"
    procedure.apply(db, case.id, "request_hearing", on_date="2026-06-09", party_ids=(company,))
    case = get_case(db, case.id)
    assert case.status == "served" and case.decided_on == "2026-03-10"  # the employee's decision stands
    assert procedure.hearing_requests(db, case) == {company: "2026-06-09"}
    with pytest.raises(TransitionRefused):  # asked once
        procedure.apply(db, case.id, "request_hearing", on_date="2026-06-10", party_ids=(company,))
    # was issued in silence once the period had run, as if no hearing was asked for: warned while it stands
    values = {"decided_on": "2026-06-30", "fine_fen": "400000", PARTY_KEY: company}
    said = redo_decision_warning(db, case, values)
    assert said and "2026-06-09" in said and "65" in said, said
    assert redo_decision_warning(db, case, {**values, PARTY_KEY: employee}) is None
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", party_id=company,
                                      starts_on="2026-06-20"))
    assert redo_decision_warning(db, get_case(db, case.id), values) is None  # heard: the decision follows
