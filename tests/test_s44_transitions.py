"""Procedure actions through the window and the core (session 44): a waiver received within the statement period
(T4) is recorded after it ran out with the day it was received; a party of a case with several parties who waived is
not recorded as asking for a hearing; the dialog's acknowledgement of a warning does not carry over to another
warning; a case closed without a penalty decision is not offered a decision made anew."""

from __future__ import annotations

import pytest

from tests.helpers import run
from tests.test_party_case10 import COMPANY, EMPLOYEE, SERVED, notice, with_employee
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.store import case_events, get_case


def ask_with(monkeypatch, drive):
    """The window's transition dialog built as the window builds it, then ``drive``n: what it returns is recorded
    (None: cancelled)."""
    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, **extra):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties,
                                  payment=extra.get("payment"), advice=extra.get("advice"))
        try:
            return drive(dialog)
        finally:
            dialog.deleteLater()

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)


def set_date(dialog, day: str) -> None:
    dialog.date.setDate(dialog.date.date().fromString(day, "yyyy-MM-dd"))


# ---- 1. a waiver received within the period, entered after it ran out --------------------------------------------

@pytest.mark.gui
def test_a_waiver_received_within_the_period_is_recorded_after_it_ran_out(db, make_case, make_window, monkeypatch,
                                                                           english):
    from PySide6.QtWidgets import QPushButton

    case = make_case(status="pre_notice", notice_served_on="2026-11-09", fine_fen=300_000)  # T4 ends 2026-11-16
    seen = {}

    def drive(dialog):
        seen["today"] = dialog.validate().get("date")  # the dialog starts at today, after the period
        set_date(dialog, "2026-11-12")
        dialog.reason.setPlainText("当事人书面放弃")
        seen["received"] = dialog.validate().get("date")
        return dialog.recorded()

    ask_with(monkeypatch, drive)
    window = make_window(db)
    window.open_case(case.id)
    button = window.findChild(QPushButton, "action_waive_statement")
    assert button.isEnabled() and button.toolTip() == ""
    button.click()
    assert "nothing left to waive" in seen["today"] and seen["received"] is None
    waived = get_case(db, case.id)
    assert (waived.status, waived.notice_waived) == ("decision_pending", True)
    assert [e.on_date for e in case_events(db, case.id) if e.to_status == "decision_pending"] == ["2026-11-12"]


# ---- 2. a party who waived does not ask for a hearing --------------------------------------------------------------

@pytest.fixture
def one_waived(request, db, data_dir, kept_state):
    """A case of the company and its employee, both told of their right to a hearing by the notices served on 03-02;
    the employee waived on 03-03."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case, company, employee = with_employee(db, make_case(status="pre_notice", filed_on="2026-02-27",
                                                              notice_served_on=SERVED))
        notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
        notice(db, data_dir, case, employee, fine_fen="50000", hearing_required=True)
        procedure.apply(db, case.id, "waive_statement", on_date="2026-03-03", reason="书面放弃", party_id=employee)
        return case, company, employee

    return kept_state("one_waived", db, data_dir, make, ("make_case", "officers"))


WAIVED = (f"{EMPLOYEE}: It expressly waived its statement, defence and hearing request on 2026-03-03: it no longer "
          "asks for a hearing.")


def test_a_party_who_waived_is_refused_a_hearing_request_naming_its_waiver(db, one_waived, english, table_counts):
    case, company, employee = one_waived
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04", party_id=employee)
    assert str(refused.value) == WAIVED
    assert table_counts(db) == before and get_case(db, case.id).status == "pre_notice"
    assert procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04", party_id=company).status == "hearing"
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["request_hearing"] == ("Each party with the right to a hearing has asked for one or waived it. "
                                          f"{COMPANY}: It already asked for a hearing on 2026-03-04. {WAIVED}")


def test_the_command_line_refuses_the_hearing_request_of_a_party_who_waived(db, data_dir, one_waived, capsys,
                                                                            english):
    case, _company, employee = one_waived
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "request_hearing", "--date", "2026-03-04",
                          "--party", employee, "--data-dir", data_dir)
    assert code != 0 and WAIVED in err
    assert get_case(db, case.id).status == "pre_notice"


@pytest.mark.gui
def test_the_hearing_dialog_does_not_offer_a_party_who_waived(db, one_waived, make_window, monkeypatch):
    from PySide6.QtWidgets import QComboBox

    case, company, _employee = one_waived
    offered = []

    def drive(dialog):
        combo = dialog.findChild(QComboBox, "party")
        offered.extend(combo.itemText(i) for i in range(combo.count()))
        return None

    ask_with(monkeypatch, drive)
    make_window(db).open_case(case.id)._apply(procedure.BY_NAME["request_hearing"])
    assert offered == [COMPANY]


# ---- 3. the acknowledgement of a warning ---------------------------------------------------------------------------

@pytest.mark.gui
def test_a_changed_warning_must_be_acknowledged_again(db, make_case, make_window, monkeypatch, english):
    from PySide6.QtWidgets import QDialogButtonBox

    case = make_case(status="served", filed_on="2026-11-03", review_on="2026-11-04", notice_served_on="2026-11-05",
                     notice_waived=True, decided_on="2026-11-10", served_on="2026-11-11", fine_fen=500_000)
    seen = {}

    def drive(dialog):
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        set_date(dialog, "2026-11-20")
        dialog.voucher.setText("X9")
        dialog.paid.setText("1000")
        seen["first"] = dialog.warning_label.text()
        dialog.acknowledge.setChecked(True)
        seen["ok_first"] = ok.isEnabled()
        dialog.paid.setText("99999")  # another amount: another warning
        seen["second"] = dialog.warning_label.text()
        seen["ticked"], seen["ok_second"] = dialog.acknowledge.isChecked(), ok.isEnabled()
        seen["errors"] = dialog.validate()
        dialog.voucher.setText("X10")  # the same warning: the tick given for it stays
        dialog.acknowledge.setChecked(True)
        dialog.voucher.setText("X11")
        seen["kept"] = dialog.acknowledge.isChecked()
        return None

    ask_with(monkeypatch, drive)
    make_window(db).open_case(case.id)._apply(procedure.BY_NAME["record_performance"])
    assert "¥1,000.00" in seen["first"] and "¥99,999.00" in seen["second"] and seen["ok_first"]
    assert (seen["ticked"], seen["ok_second"]) == (False, False)
    assert seen["errors"]["acknowledge"] == "Tick that you have read the warning to record the action."
    assert seen["kept"] is True
    assert get_case(db, case.id).status == "served"


# ---- 4. a decision made anew, only where one was made ----------------------------------------------------------------

REDO_REFUSED = ("was closed without a penalty decision: there is no decision for a reconsideration or judgment to "
                "order made anew, so “Decide again as the reconsideration or court ordered” is not possible.")


@pytest.mark.gui
@pytest.mark.parametrize("ended", ["terminate", "decline_filing"])
def test_a_case_closed_without_a_penalty_decision_is_not_offered_a_new_decision(db, make_case, make_window, ended,
                                                                                english):
    from PySide6.QtWidgets import QPushButton

    if ended == "terminate":
        case = make_case(status="investigating", filed_on="2026-11-03")
        procedure.apply(db, case.id, "terminate", on_date="2026-11-15", reason="当事人注销")
    else:
        case = make_case(status="pending_filing")
        procedure.apply(db, case.id, ended, on_date="2026-11-05", reason="不予立案")
    closed = procedure.apply(db, case.id, "close", on_date="2026-11-16")
    assert "redecide" not in {t.name for t, _why in procedure.available(db, closed)}
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "redecide", on_date="2026-11-20", reason="复议决定撤销")
    assert REDO_REFUSED in str(refused.value) and "decision of —" not in str(refused.value)
    window = make_window(db)
    window.open_case(case.id)
    assert window.findChild(QPushButton, "action_redecide") is None
    assert window.findChild(QPushButton, "action_archive") is not None


def test_a_case_closed_after_its_penalty_decision_is_still_offered_a_new_decision(db, make_case, english):
    case = make_case(status="closed", filed_on="2026-11-03", decided_on="2026-11-10", served_on="2026-11-11",
                     fine_fen=500_000, closed_on="2026-11-20")
    from workstation.store.clock_events import ClockEvent, record_clock_event

    # without a challenge nothing can order a new decision: the step is not offered (session 49)
    assert "redecide" not in {t.name for t, _why in procedure.available(db, case)}
    # the party's lawsuit pending after the closing: offered (greyed out until a judgment orders it), dated by the
    # decision it challenges
    record_clock_event(db, ClockEvent(case_id=case.id, kind="litigation", starts_on="2026-11-25"))
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert "since its decision of 2026-11-10" in offered["redecide"]
