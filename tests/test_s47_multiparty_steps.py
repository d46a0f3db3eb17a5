"""Several parties in one case, the steps the audit met: deciding the case while a party has no decision warns,
naming the party, and the time limit for the decision (T2) keeps running for it; a party's own hearing steps run
beside the other parties' steps (a hearing request dated before another party's later waiver is that party's own,
held to its own service and period); `docs list` names the party each document is written for."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, decide, notice, with_employee
from workstation import procedure
from workstation.clocks import case_clocks
from workstation.errors import TransitionRefused
from workstation.store import get_case

DECIDED_ON = "2026-03-10"


def pending(db, data_dir, make_case):
    """The company and its employee, each told of a fine and served on 03-02, the period over on 03-10, a
    行政处罚决定书 issued to the company only: (case, company, employee)."""
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="50000", hearing_required=False)
    notice(db, data_dir, case, employee, fine_fen="5000", hearing_required=False)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "end_statement_period", on_date=DECIDED_ON)
    decide(db, data_dir, case, company, fine_fen="50000", decided_on=DECIDED_ON)
    return case, company, employee


# ---- 1. the decision of the case while a party has none -----------------------------------------------------------

def test_the_command_line_warns_of_the_party_left_without_a_decision(db, data_dir, make_case, capsys, english):
    case, _company, _employee = pending(db, data_dir, make_case)
    code, out, err = run(capsys, "cases", "transition", case.case_number, "decide_penalty", "--date", DECIDED_ON,
                         "--data-dir", data_dir)
    assert code == 0 and get_case(db, case.id).status == "penalty_decided"
    warned = [line for line in (out + err).splitlines() if line.startswith("Warning:")]
    assert any(EMPLOYEE in line and COMPANY not in line for line in warned), out + err


def test_the_json_answer_names_the_undecided_party_among_its_warnings(db, data_dir, make_case, capsys, english):
    case, _company, _employee = pending(db, data_dir, make_case)
    result = run_json(capsys, "cases", "transition", case.case_number, "decide_penalty", "--date", DECIDED_ON,
                      "--data-dir", data_dir)
    assert any(EMPLOYEE in warning for warning in result["warnings"])


def test_no_warning_once_every_party_is_decided(db, data_dir, make_case, capsys, english):
    case, _company, employee = pending(db, data_dir, make_case)
    decide(db, data_dir, case, employee, fine_fen="5000", decided_on=DECIDED_ON)
    result = run_json(capsys, "cases", "transition", case.case_number, "decide_penalty", "--date", DECIDED_ON,
                      "--data-dir", data_dir)
    assert not any(EMPLOYEE in warning for warning in result.get("warnings", []))


@pytest.mark.gui
def test_the_window_warns_of_the_party_left_without_a_decision(qtbot, db, data_dir, make_case, english):
    from ui.transition_dialog import TransitionDialog, no_decision_warning

    case, _company, _employee = pending(db, data_dir, make_case)
    dialog = TransitionDialog(procedure.BY_NAME["decide_penalty"],
                              warning=no_decision_warning(db, get_case(db, case.id), "decide_penalty"))
    qtbot.addWidget(dialog)
    assert EMPLOYEE in dialog.warning_label.text()
    assert "acknowledge" in dialog.validate()


def t2(db, case, on):
    return [(d.state, d.done_on) for d in case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T2"]


def test_the_time_limit_for_the_decision_keeps_running_for_the_undecided_party(db, data_dir, make_case):
    case, _company, employee = pending(db, data_dir, make_case)
    procedure.apply(db, case.id, "decide_penalty", on_date=DECIDED_ON)
    [(state, done_on)] = t2(db, case, "2026-03-12")
    assert state not in ("met", "late", "ended") and done_on is None
    decide(db, data_dir, case, employee, fine_fen="5000", decided_on="2026-03-13")
    assert t2(db, case, "2026-03-16") == [("met", DECIDED_ON)]


def test_a_case_decided_for_every_party_meets_its_time_limit_as_before(db, data_dir, make_case):
    case, _company, employee = pending(db, data_dir, make_case)
    decide(db, data_dir, case, employee, fine_fen="5000", decided_on=DECIDED_ON)
    procedure.apply(db, case.id, "decide_penalty", on_date=DECIDED_ON)
    assert t2(db, case, "2026-03-12") == [("met", DECIDED_ON)]


# ---- 2. a party's hearing steps beside the others' ---------------------------------------------------------------

@pytest.fixture
def both_told(request, db, data_dir, kept_state):
    """The company and its employee, each told of a fine with a hearing right, both served on 03-02 (their five
    working days end on 03-09)."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                              review_on="2026-02-27", facts=FACTS))
        notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
        notice(db, data_dir, case, employee, fine_fen="150000", hearing_required=True)
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
        return case, company, employee

    return kept_state("both_told", db, data_dir, make, ("make_case", "officers"))


def test_a_request_dated_before_another_partys_later_waiver_is_recorded(db, both_told, english):
    case, company, employee = both_told
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-04", reason="放弃", party_ids=(employee,))
    assert procedure.date_refusal(db, get_case(db, case.id), "request_hearing", "2026-03-03", company) is None
    assert procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03",
                           party_id=company).status == "hearing"


def test_the_request_is_still_held_to_its_partys_own_service_and_period(db, both_told, english):
    case, company, employee = both_told
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-04", reason="放弃", party_ids=(employee,))
    late = procedure.date_refusal(db, get_case(db, case.id), "request_hearing", "2026-03-10", company)
    assert late.startswith(f"{COMPANY}: A hearing had to be requested by 2026-03-09")
    early = procedure.date_refusal(db, get_case(db, case.id), "request_hearing", "2026-03-01", company)
    assert early.startswith(f"{COMPANY}: A hearing cannot be requested (2026-03-01) before the notice was served")


def test_a_request_dated_before_another_partys_later_request_is_recorded(db, both_told, english):
    case, company, employee = both_told
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-05", party_id=employee)
    assert procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04",
                           party_id=company).status == "hearing"


def test_a_withdrawal_dated_before_another_partys_later_request_is_recorded(db, both_told, english):
    case, company, employee = both_told
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-05", party_id=employee)
    assert procedure.date_refusal(db, get_case(db, case.id), "withdraw_hearing", "2026-03-04", company) is None
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-04", reason="书面撤回", party_id=company)
    # but not before its own request
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-04", reason="书面撤回", party_id=employee)
    assert "2026-03-05" in str(refused.value)


def test_the_command_line_records_the_request_before_the_others_waiver(db, data_dir, both_told, capsys, english):
    case, company, employee = both_told
    run_json(capsys, "cases", "transition", case.case_number, "waive_statement", "--date", "2026-03-04", "--reason",
             "放弃", "--party", employee, "--data-dir", data_dir)
    result = run_json(capsys, "cases", "transition", case.case_number, "request_hearing", "--date", "2026-03-03",
                      "--party", company, "--data-dir", data_dir)
    assert result["status"] == "hearing"


# ---- 3. docs list names each document's party --------------------------------------------------------------------

def test_docs_list_names_the_party_of_each_document(db, data_dir, make_case, capsys):
    case, company, employee = pending(db, data_dir, make_case)
    code, out, _err = run(capsys, "docs", "list", case.case_number, "--data-dir", data_dir)
    notices = [line for line in out.splitlines() if "行政处罚告知书" in line]
    assert code == 0 and len(notices) == 2
    assert COMPANY in notices[0] and EMPLOYEE not in notices[0]
    assert EMPLOYEE in notices[1] and COMPANY not in notices[1]
    listed = run_json(capsys, "docs", "list", case.case_number, "--data-dir", data_dir)
    told = [(row["party_id"], row["party"]) for row in listed if row["form_id"] == "pre_penalty_notice"]
    assert told == [(company, COMPANY), (employee, EMPLOYEE)]
    decided = [(row["party_id"], row["party"]) for row in listed if row["form_id"] == "penalty_decision"]
    assert decided == [(company, COMPANY)]


def test_docs_list_of_a_one_party_case_reads_as_before(db, data_dir, make_case, capsys):
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=FACTS)
    document = notice(db, data_dir, case, None, fine_fen="5000")
    code, out, _err = run(capsys, "docs", "list", case.case_number, "--data-dir", data_dir)
    assert code == 0 and out.splitlines()[0].split("\t")[:3] == [document.id, "行政处罚告知书", document.number]
