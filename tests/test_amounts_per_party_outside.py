"""Amounts owed per party when the case was decided outside the workstation, the warning of deciding or serving a
penalty with no 行政处罚决定书 issued, and the 强制执行申请书's surcharge held to the fine.

A case with several parties decided on paper records on the case (编辑案件…) the fine of all its parties together:
no party's own debt. The payment of one party then prefills nothing and says why, in the window and on the command
line, instead of presenting the case's total as that party's debt; a case with one party keeps its total."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import run_json
from tests.test_party_case10 import COMPANY, EMPLOYEE, with_employee
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, issue_document
from workstation.errors import TransitionRefused, WorkstationError
from workstation.payments import Payment, owed
from workstation.store import case_events, get_case
from workstation.store.cases import update_case

TOTAL = 6_000_000  # ¥60,000 typed under 编辑案件… for the company and its employee together
PAID_ON = "2026-06-10"


def _decided_outside(db, make_case, **fields):
    """A served case of the company and its employee, decided on paper on 06-01 (served 06-03): (case, company,
    employee)."""
    case = make_case(status="served", filed_on="2026-04-01", decided_on="2026-06-01", served_on="2026-06-03",
                     fine_fen=TOTAL, **fields)
    return with_employee(db, case)


@pytest.fixture
def outside(db, make_case):
    return _decided_outside(db, make_case)


def test_a_party_of_a_case_decided_outside_owes_no_amount_taken_from_the_cases_total(db, outside, english):
    case, company, employee = outside
    owing = owed(db, case, PAID_ON, company)
    assert (owing.fine_fen, owing.total_fen, owing.nothing) == (0, 0, False)
    assert owing.unknown == (f"{COMPANY} has no 行政处罚决定书 in force in the workstation, so the amount it owes is "
                             f"not known. The case records a fine of ¥60,000.00 for its 2 parties together, which is "
                             f"not what {COMPANY} owes. The amount paid is not checked: give the one on its payment "
                             "voucher (缴款凭证). To record what the party owes, issue its own 行政处罚决定书 in the "
                             "documents section (one per party).")
    assert EMPLOYEE in owed(db, case, PAID_ON, employee).unknown


def test_a_case_with_one_party_keeps_the_cases_total(db, make_case):
    case = make_case(status="served", filed_on="2026-04-01", decided_on="2026-06-01", served_on="2026-06-03",
                     fine_fen=TOTAL)
    owing = owed(db, case, PAID_ON)
    assert (owing.fine_fen, owing.total_fen, owing.unknown) == (TOTAL, TOTAL, "")


def test_the_payment_of_a_party_is_recorded_as_typed_and_its_surcharge_held_to_the_cases_fine(db, outside):
    case, company, _employee = outside
    # a part of the total, not warned as a mismatch with ¥60,000, nor refused as paying where nothing is owed
    procedure.apply(db, case.id, "record_performance", on_date=PAID_ON, party_ids=(company,),
                    payment=Payment(paid_fen=4_000_000, voucher="F-1"))
    paid = [e for e in case_events(db, case.id) if e.kind == "payment"]
    assert [(e.party_id, json.loads(e.details)["paid_fen"]) for e in paid] == [(company, 4_000_000)]
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "record_performance", on_date=PAID_ON, party_ids=(_employee,),
                        payment=Payment(paid_fen=8_000_000, surcharge_fen=TOTAL + 1))
    assert "¥60,000.01" in str(refused.value)


def test_the_cli_payment_of_a_party_says_its_amount_is_unknown(db, data_dir, outside, english, capsys):
    case, company, _employee = outside
    result = run_json(capsys, "cases", "transition", case.id, "record_performance", "--date", PAID_ON, "--party",
                      company, "--paid", "40000", "--data-dir", data_dir)
    assert len(result["warnings"]) == 1
    assert result["warnings"][0].startswith(f"{COMPANY} has no 行政处罚决定书 in force in the workstation, so the "
                                            "amount it owes is not known.")
    assert "not what is owed" not in result["warnings"][0]  # the ¥40,000 paid is not set against the ¥60,000


@pytest.mark.gui
def test_the_payment_dialog_prefills_nothing_for_a_party_and_says_why(qtbot, db, outside, english):
    from PySide6.QtWidgets import QLabel

    from ui.transition_dialog import TransitionDialog, party_choices, payment_check

    case, company, employee = outside
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], check=None,
                              parties=party_choices(db, case, "record_performance"), payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    assert dialog.chosen_party() == company
    assert (dialog.paid.text(), dialog.surcharge.text()) == ("", "")  # not ¥60,000 for the company
    note = dialog.findChild(QLabel, "unknown_owed")
    assert not note.isHidden() and note.text().startswith(f"{COMPANY} has no 行政处罚决定书 in force")
    assert "¥60,000.00 for its 2 parties together" in note.text()
    dialog.party.setCurrentIndex(dialog.party.findData(employee))
    assert note.text().startswith(EMPLOYEE) and dialog.paid.text() == ""
    dialog.paid.setText("20000")
    assert not dialog.validate() and dialog.payment().paid_fen == 2_000_000  # recorded as typed, no tick asked


@pytest.mark.gui
def test_the_payment_dialog_of_a_case_with_one_party_prefills_its_total(qtbot, db, make_case):
    from PySide6.QtWidgets import QLabel

    from ui.transition_dialog import TransitionDialog, payment_check

    case = make_case(status="served", filed_on="2026-04-01", decided_on="2026-06-01", served_on="2026-06-03",
                     fine_fen=TOTAL)
    from PySide6.QtCore import QDate

    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.date.setDate(QDate.fromString(PAID_ON, "yyyy-MM-dd"))  # within the payment period: no surcharge
    assert dialog.paid.text().replace(",", "").startswith("60000")
    assert dialog.findChild(QLabel, "unknown_owed").isHidden()


# ---- deciding and serving with no 行政处罚决定书 issued: warned, not refused --------------------------------------

ADDRESS = "佛山市南海区桂城街道南海大道北1号"


def _reviewed(db, data_dir, make_case, **notice):
    """Reviewed, its notice (a warning alone unless ``notice`` says otherwise) issued, served and its statement
    period over: to be decided, no 行政处罚决定书 issued."""
    case = make_case(status="under_review", lead_received_on="2026-03-20", filed_on="2026-03-23",
                     review_on="2026-04-20", facts="经查，当事人出售购房客户个人信息3000余条。")
    issue_document(db, data_dir, case, find_form("pre_penalty_notice"),
                   {"party_address": ADDRESS, "issued_on": "2026-04-21", **(notice or {"warning": True})})
    for name, day in (("send_pre_notice", "2026-04-21"), ("end_statement_period", "2026-04-30")):
        procedure.apply(db, case.id, name, on_date=day)
    return get_case(db, case.id)


def test_deciding_without_a_decision_issued_warns_where_the_amounts_go(db, data_dir, make_case, english):
    case = _reviewed(db, data_dir, make_case)
    told = procedure.no_decision_warning(db, case, "decide_penalty")
    assert told.startswith("No 行政处罚决定书 is issued in the workstation for case")
    assert "is recorded for a decision made outside it." in told
    assert "If it imposed a fine or confiscated illegal gains, enter them under Edit case…" in told
    # a fine the party was not told of (its notice proposed a warning alone) is not decided (Penalty Law arts. 44, 45)
    update_case(db, replace(case, fine_fen=500_000))
    with pytest.raises(TransitionRefused, match="a fine of ¥5,000.00, which the notice did not propose"):
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-05-06")
    case = _reviewed(db, data_dir, make_case, warning=True, fine_fen="5000")
    update_case(db, replace(case, fine_fen=500_000))
    told = procedure.no_decision_warning(db, get_case(db, case.id), "decide_penalty")
    assert "The case records the amounts decided as a fine of ¥5,000.00" in told
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-05-06").status == "penalty_decided"


def test_the_warning_names_the_refused_payment_when_the_notice_proposed_a_fine(db, data_dir, make_case, english):
    case = _reviewed(db, data_dir, make_case, fine_fen=50_000)
    told = procedure.no_decision_warning(db, case, "serve_decision")
    assert ("Enter the fine and confiscated illegal gains it decided under Edit case…: until they are, “Penalty "
            "performed” is refused") in told


def test_a_multi_party_warning_says_the_cases_amounts_are_their_total(db, outside, english):
    case = outside[0]
    assert "With 2 parties, the amounts on the case are their total" in procedure.no_decision_warning(
        db, case, "serve_decision")


def test_the_cli_decides_and_serves_with_the_warning(db, data_dir, make_case, english, capsys):
    case = _reviewed(db, data_dir, make_case)
    for name, day in (("decide_penalty", "2026-05-06"), ("serve_decision", "2026-05-07")):
        result = run_json(capsys, "cases", "transition", case.id, name, "--date", day, "--data-dir", data_dir)
        assert result["warnings"][0].startswith("No 行政处罚决定书 is issued in the workstation")


@pytest.mark.gui
def test_the_window_warns_and_records_the_decision_once_ticked(qtbot, db, data_dir, make_case, english):
    from ui.transition_dialog import TransitionDialog, no_decision_warning

    case = _reviewed(db, data_dir, make_case)
    dialog = TransitionDialog(procedure.BY_NAME["decide_penalty"],
                              warning=no_decision_warning(db, case, "decide_penalty"))
    qtbot.addWidget(dialog)
    assert dialog.warning_label.text().startswith("No 行政处罚决定书 is issued in the workstation")
    assert "acknowledge" in dialog.validate()
    dialog.acknowledge.setChecked(True)
    assert not dialog.validate()
    assert dialog.recorded()[1] == "Recorded without a 行政处罚决定书 issued in the workstation."


# ---- the 强制执行申请书's surcharge ---------------------------------------------------------------------------------

def test_an_enforcement_application_with_a_surcharge_above_the_fine_is_refused(db, data_dir, make_case, english):
    case = make_case(status="served", filed_on="2026-02-13", decided_on="2026-04-13", served_on="2026-06-01",
                     fine_fen=5_000_000)
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, case, find_form("enforcement_application"),
                       {"decision_no": "佛南市监处〔2026〕9号", "party_address": ADDRESS, "surcharge_fen": "60000", "surcharge_on": "2026-06-26",
                        "demand_served_on": "2026-06-27", "signed_on": "2026-12-10", "court": "佛山市南海区人民法院"})
    assert str(refused.value) == ("The 申请执行的加处罚款 (¥60,000.00) is more than the fine (¥50,000.00): the "
                                  "surcharge never exceeds the fine (行政处罚法 art. 72). Write ¥50,000.00 at most.")
    assert case_documents(db, case.id) == []


@pytest.mark.gui
def test_the_workspace_asks_with_the_warning_for_both_steps(qtbot, db, data_dir, make_case, prompts, english):
    from ui.case_workspace import CaseWorkspace

    case = _reviewed(db, data_dir, make_case)
    asked = []

    def ask(_parent, transition, _check, warning, **_extra):
        asked.append((transition.name, warning and warning("2026-05-06")))
        return ("2026-05-06", "") if transition.name == "decide_penalty" else None

    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=ask, data_dir=data_dir)
    qtbot.addWidget(workspace)
    workspace.action_buttons["decide_penalty"].click()
    workspace.action_buttons["serve_decision"].click()
    assert [name for name, _warned in asked] == ["decide_penalty", "serve_decision"]
    for _name, (message, note) in asked:
        assert message.startswith("No 行政处罚决定书 is issued in the workstation")
        assert note == "Recorded without a 行政处罚决定书 issued in the workstation."
