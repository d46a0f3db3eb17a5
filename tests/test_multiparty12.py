"""Several parties in one case (session 12), after the notices: the steps recorded for one party count in the
order of the procedure; the fines of a case are each party's decision in force, summed once (statistics, report,
case list, workspace), a voided decision not at all; the decision is served on each party and each party owing
money pays its own (cases transition --party), with its own payment (T8) and court-enforcement (T16) periods,
and the case is performed once every party owing money paid; a party's decision says whether that party waived.
A case with one party reads as before (tests/test_procedure*.py, tests/test_clocks.py, tests/test_stats*.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import hearing_notice, run, run_json
from tests.test_multiparty11 import COMPANY_SERVED, EMPLOYEE_SERVED
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, decide, notice, with_employee
from workstation import party_decisions, procedure
from workstation.clocks import board, case_clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import void_document
from workstation.errors import TransitionRefused, WorkstationError
from workstation.formkit.values import case_context, default_values
from workstation.penalty_terms import decided_amounts
from workstation.reports.data import report_data
from workstation.stats import bureau_table, campaign_stats, monthly
from workstation.store import case_events, get_case
from workstation.store.cases import CaseFilter, case_timeline, list_cases, update_case

# both parties served on 03-02, their periods end on 03-09; decided on 03-10
DECIDED_ON = "2026-03-10"
COMPANY_FINE, EMPLOYEE_FINE = 5_000_000, 500_000  # ¥50,000 and ¥5,000 in fen


def decided_case(db, data_dir, make_case, employee_fine="5000", *, employee_warning=True,
                 decided_on: str | None = None, employee_decided_on: str | None = None, **case_fields):
    """A case of the company and its employee decided on 03-10, each issued its own 行政处罚决定书 (the company fined
    ¥50,000, the employee ``employee_fine`` yuan, with a warning unless ``employee_warning`` is False; the decisions
    bear ``decided_on`` and ``employee_decided_on`` when given): (case, company, employee, company's decision,
    employee's)."""
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS, **case_fields))
    notice(db, data_dir, case, company, fine_fen="50000", hearing_required=False)
    notice(db, data_dir, case, employee, fine_fen="5000", hearing_required=False)
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED)
    procedure.apply(db, case.id, "end_statement_period", on_date=DECIDED_ON)
    company_date = {"decided_on": decided_on} if decided_on else {}
    employee_date = {"decided_on": employee_decided_on or decided_on} if employee_decided_on or decided_on else {}
    first = decide(db, data_dir, case, company, fine_fen="50000", **company_date)
    second = decide(db, data_dir, case, employee, fine_fen=employee_fine, **employee_date,
                    **({"warning": True} if employee_warning else {}))
    procedure.apply(db, case.id, "decide_penalty", on_date=DECIDED_ON)
    return case, company, employee, first, second


@pytest.fixture
def apart(request, db, data_dir, kept_state):
    """The company and its employee, each issued its own notice, served on the company on 03-02 and on the employee
    on 03-04 (as in tests/test_multiparty11.py)."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                              review_on="2026-02-27", facts=FACTS))
        notice(db, data_dir, case, company, fine_fen="50000")
        notice(db, data_dir, case, employee, fine_fen="5000")
        procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED, party_ids=(company,))
        procedure.apply(db, case.id, "send_pre_notice", on_date=EMPLOYEE_SERVED, party_ids=(employee,))
        return case, company, employee

    return kept_state("apart", db, data_dir, make, ("make_case", "officers"))


@pytest.fixture
def decided(request, db, data_dir, kept_state):
    def make():
        make_case = request.getfixturevalue("make_case")
        return decided_case(db, data_dir, make_case)

    return kept_state("decided", db, data_dir, make, ("make_case", "officers"))


def fines(db) -> tuple[int, int, int]:
    stats = campaign_stats(db)
    return stats["fines_fen"], stats["confiscated_fen"], stats["penalties_total_fen"]


def status(db, case) -> str:
    return get_case(db, case.id).status


# ---- 1. the steps recorded for one party are steps of the case ---------------------------------------------------

def test_a_decision_cannot_be_dated_before_a_later_service_on_another_party(db, data_dir, make_case, english,
                                                                             table_counts):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="50000")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02", party_ids=(company,))
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-03", reason="放弃", party_ids=(company,))
    assert status(db, case) == "decision_pending"
    # the employee is proposed a penalty afterwards, and its notice is served on 03-10
    notice(db, data_dir, case, employee, fine_fen="5000")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-10", party_ids=(employee,))
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-03-05", reason="首违不罚")
    assert str(refused.value) == ("2026-03-05 is before the latest step of the case (the pre-penalty notice was "
                                  f"served on {EMPLOYEE}, 2026-03-10): the steps of the procedure are recorded in "
                                  "their order.")
    assert table_counts(db) == before and status(db, case) == "decision_pending"


def test_the_hearing_cannot_be_concluded_before_a_waiver_recorded_after_it(db, data_dir, make_case, english):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="5000")
    # the company asks on 03-03 and is told on 03-03 of its hearing on 03-12 (seven working days later, Penalty Law
    # art. 64 (2)); the employee, served on 03-12, waives on 03-13
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02", party_ids=(company,))
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    hearing_notice(db, data_dir, case, company, issued_on="2026-03-03", hearing_date="2026-03-12")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-12", party_ids=(employee,))
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-13", reason="放弃", party_ids=(employee,))
    refusal = procedure.date_refusal(db, get_case(db, case.id), "conclude_hearing", "2026-03-12")
    assert refusal.startswith(f"2026-03-12 is before the latest step of the case ({EMPLOYEE} waived its statement, "
                              "defence and hearing, 2026-03-13)")
    assert procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-13").status == "decision_pending"


# ---- 2. the fines of a case: each party's decision in force, once ------------------------------------------------

def test_each_partys_decided_fine_counts_once_in_the_statistics_report_and_case_list(db, data_dir, decided, capsys):
    case, _company, _employee, _first, _second = decided
    total = COMPANY_FINE + EMPLOYEE_FINE
    assert fines(db) == (total, 0, total)
    assert decided_amounts(db, get_case(db, case.id)) == (total, 0)
    assert bureau_table(db)[-1]["penalties_total_fen"] == total
    assert [m["penalties_total_fen"] for m in monthly(db)] == [total]
    assert [row.penalties_fen for row in list_cases(db, CaseFilter())] == [total]
    report = report_data(db)
    assert report["stats"]["penalties_total_fen"] == total
    assert sum(d["penalties_total_fen"] for d in report["districts"]) == total
    assert run_json(capsys, "stats", "--json", "--data-dir", data_dir)["fines_fen"] == total


def test_the_amount_recorded_on_the_case_gives_way_to_the_decisions(db, data_dir, make_case):
    # the officer recorded the company's ¥50,000 on the case: the case still counts ¥55,000, not ¥50,000
    decided_case(db, data_dir, make_case, fine_fen=COMPANY_FINE)
    assert fines(db)[0] == COMPANY_FINE + EMPLOYEE_FINE


def test_a_voided_decision_does_not_count_and_its_replacement_does(db, data_dir, decided, monkeypatch):
    case, _company, employee, _first, second = decided
    void_document(db, second.id, "当事人名称有误")
    assert fines(db)[0] == COMPANY_FINE
    decide(db, data_dir, case, employee, fine_fen="3000")  # the employee's decision issued again
    assert fines(db)[0] == COMPANY_FINE + 300_000


def test_a_case_without_an_issued_decision_counts_what_it_records(db, make_case):
    make_case(status="penalty_decided", filed_on="2026-02-20", decided_on=DECIDED_ON, fine_fen=COMPANY_FINE,
              confiscated_fen=100_000)
    assert fines(db) == (COMPANY_FINE, 100_000, COMPANY_FINE + 100_000)


@pytest.mark.gui
def test_the_workspace_shows_the_decided_total_and_each_partys_decision(db, decided, make_window):
    from PySide6.QtWidgets import QLabel

    case, _company, _employee, first, second = decided
    workspace = make_window(db).open_case(case.id)
    assert workspace.findChild(QLabel, "penalties_total").text() == "¥55,000.00"
    texts = [label.text() for label in workspace.findChildren(QLabel)]
    assert any(text.startswith(f"{first.number}") and "¥50,000.00" in text for text in texts)
    assert any(text.startswith(f"{second.number}") and "¥5,000.00" in text for text in texts)


@pytest.mark.gui
def test_the_dashboard_counts_each_partys_decided_fine(db, decided, make_window):
    from PySide6.QtWidgets import QLabel

    window = make_window(db)
    window.navigation.setCurrentRow(4)
    shown = window.stats_page.findChild(QLabel, "figure_penalties")
    assert (shown.text(), shown.toolTip()) == ("5.50万元", "¥55,000.00")


# ---- 3. service of the decision and payment per party; T8 and T16 per party --------------------------------------

def test_the_decision_is_served_on_each_party_and_the_case_is_performed_once_each_paid(db, decided, english):
    case, company, employee, _first, _second = decided
    served = procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company,))
    assert (served.status, served.served_on) == ("served", "2026-03-12")
    assert [p.id for p in party_decisions.unserved_parties(db, served)] == [employee]
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["serve_decision"] is None and offered["record_performance"] is None
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-16", party_ids=(employee,))
    assert party_decisions.decision_services(db, get_case(db, case.id)) == {company: "2026-03-12",
                                                                            employee: "2026-03-16"}
    with pytest.raises(TransitionRefused) as refused:  # each pays its own fine
        procedure.apply(db, case.id, "record_performance", on_date="2026-03-20")
    assert str(refused.value).startswith(f"Case {case.case_number} has 2 parties and each pays its own fine: say "
                                         f"which party paid: {company} ({COMPANY})")
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-20",
                           party_ids=(company,)).status == "served"
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-25",
                           party_ids=(employee,)).status == "performed"
    lines = [(e.on_date, e.text) for e in case_timeline(db, get_case(db, case.id))]
    assert ("2026-03-16", f"Decision served on {EMPLOYEE}") in lines and ("2026-03-20", f"{COMPANY} paid") in lines


def test_a_payment_is_refused_before_the_service_on_that_party_and_twice(db, decided, english, table_counts):
    case, company, employee, _first, _second = decided
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company,))
    before = table_counts(db)
    for parties, date, expected in (
            ((employee,), "2026-03-20", f"{EMPLOYEE}: its decision has not been served: its payment period counts "
                                        "from the service, so record the service first."),
            ((company,), "2026-03-11", f"{COMPANY}: the payment (2026-03-11) cannot come before its decision was "
                                       "served on it (2026-03-12).")):
        with pytest.raises(TransitionRefused) as refused:
            procedure.apply(db, case.id, "record_performance", on_date=date, party_ids=parties)
        assert str(refused.value) == expected
    assert table_counts(db) == before
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-16", party_ids=(employee,))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,))
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "record_performance", on_date="2026-03-21", party_ids=(company,))
    assert str(refused.value) == f"{COMPANY}: it already paid on 2026-03-20."


def test_a_party_warned_only_is_not_waited_for(db, data_dir, make_case, english):
    """Its decision in force concludes it with nothing to pay. (A party whose decision was voided has none and is
    waited for: tests/test_multiparty_closeguard.py.)"""
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case, employee_fine="0")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")  # every party, on one date
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(employee,))
    assert str(refused.value) == (f"{EMPLOYEE}: its decision in force imposes no fine or confiscation, so it has "
                                  "nothing to pay.")
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-20",
                           party_ids=(company,)).status == "performed"


def test_payment_and_enforcement_periods_run_for_each_party(db, decided):
    case, company, employee, _first, _second = decided
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company,))
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-16", party_ids=(employee,))
    clocks = case_clocks(db, get_case(db, case.id), on="2026-03-20")
    t8 = [(d.party_id, d.start, d.due, d.state) for d in clocks if d.clock == "T8"]
    assert t8 == [(company, "2026-03-12", "2026-03-27", "due_soon"), (employee, "2026-03-16", "2026-03-31", "open")]
    t16 = [(d.party_id, d.start, d.due) for d in clocks if d.clock == "T16"]
    # six months after each service (the company's end on Saturday 09-12, so on Monday 09-14), then three months
    assert t16 == [(company, "2026-09-14", "2026-12-14"), (employee, "2026-09-16", "2026-12-16")]
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,))
    clocks = case_clocks(db, get_case(db, case.id), on="2026-03-30")
    assert [(d.party_id, d.state) for d in clocks if d.clock == "T8"] == [(company, "met"), (employee, "due_soon")]
    assert [(d.party_id, d.state) for d in clocks if d.clock == "T16"] == [(company, "ended"), (employee, "open")]
    on_board = [(d.clock, d.party_id) for d in board(db, on="2026-03-30") if d.case_id == case.id
                and d.clock in ("T8", "T16")]
    assert sorted(on_board) == [("T16", employee), ("T8", employee)]


def test_the_payment_period_of_a_fined_party_runs_though_the_last_decision_is_a_warning(db, data_dir, make_case):
    case, company, _employee, _first, _second = decided_case(db, data_dir, make_case, employee_fine="0")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    t8 = [(d.party_id, d.state) for d in case_clocks(db, get_case(db, case.id), on="2026-03-20") if d.clock == "T8"]
    assert t8 == [(company, "due_soon")]


def test_the_command_line_serves_and_records_the_payment_of_the_party_named(db, data_dir, decided, capsys, english):
    case, company, employee, _first, _second = decided
    result = run_json(capsys, "cases", "transition", case.case_number, "serve_decision", "--date", "2026-03-12",
                      "--data-dir", data_dir)  # every party, on one date
    assert result["status"] == "served"
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "record_performance", "--date",
                          "2026-03-20", "--data-dir", data_dir)
    assert code == 1 and f"{employee} ({EMPLOYEE})" in err
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date",
                      "2026-03-20", "--party", company, "--party", employee, "--data-dir", data_dir)
    assert result["status"] == "performed"
    paid = [(e.on_date, e.party_id) for e in case_events(db, case.id) if e.kind == "payment"]
    assert sorted(paid) == sorted([("2026-03-20", company), ("2026-03-20", employee)])


def test_a_case_served_and_performed_before_payments_per_party_reads_as_every_party_paid(db, data_dir, decided):
    case, company, employee, _first, _second = decided
    # recorded before: the case's own service date, no event per party
    served = update_case(db, replace(get_case(db, case.id), status="served", served_on="2026-03-12"),
                         allow_status_change=True)
    assert party_decisions.decision_services(db, served) == {company: "2026-03-12", employee: "2026-03-12"}
    assert [d.party for d in case_clocks(db, served, on="2026-03-20") if d.clock == "T8"] == [""]
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company, employee))
    assert status(db, case) == "performed"


def test_a_one_party_case_is_served_and_performed_as_before(db, make_case):
    case = make_case(status="penalty_decided", filed_on="2026-02-20", decided_on=DECIDED_ON, fine_fen=500_000)
    case = procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-03-20")
    assert (case.status, case.served_on) == ("performed", "2026-03-12")
    assert all(e.party_id is None for e in case_events(db, case.id))


# ---- 4. a party's decision says whether that party waived ---------------------------------------------------------

def test_a_partys_decision_says_whether_it_waived_and_when_its_notice_was_served(db, apart, english):
    case, company, employee = apart
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-05", reason="放弃", party_ids=(company,))
    form = find_form("penalty_decision")
    current = get_case(db, case.id)
    own = default_values(form, case_context(db, current, company))
    other = default_values(form, case_context(db, current, employee))
    assert (own["statement_waived"], own["notice_served_on"]) == (True, "2026-03-02")
    assert (other["statement_waived"], other["notice_served_on"]) == (False, "2026-03-04")


def test_a_decision_cannot_say_a_party_waived_that_did_not(db, data_dir, apart, monkeypatch, english):
    case, company, employee = apart
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-05", reason="放弃", party_ids=(company,))
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-12")
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, case, employee, fine_fen="5000", statement_waived=True)
    assert str(refused.value).startswith(f"{EMPLOYEE} did not waive its statement, defence and hearing")
    assert decide(db, data_dir, case, company, fine_fen="50000", statement_waived=True).number


@pytest.mark.gui
def test_the_workspace_shows_each_partys_steps_read_only(db, apart, make_window):
    from PySide6.QtWidgets import QLabel

    case, company, _employee = apart
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-05", reason="放弃", party_ids=(company,))
    workspace = make_window(db).open_case(case.id)
    steps = [workspace.findChild(QLabel, f"party_steps_{n}").text() for n in (0, 1)]
    assert "2026-03-02" in steps[0] and "2026-03-05" in steps[0]
    assert "2026-03-04" in steps[1] and "2026-03-05" not in steps[1]


@pytest.mark.gui
def test_the_dialog_offers_the_parties_to_serve_and_those_that_may_pay(db, decided, english):
    from ui.transition_dialog import party_choices

    case, company, employee, _first, _second = decided
    assert party_choices(db, get_case(db, case.id), "serve_decision") == [
        (None, "All parties, on one date"), (company, COMPANY), (employee, EMPLOYEE)]
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company,))
    current = get_case(db, case.id)
    assert party_choices(db, current, "serve_decision") == [(employee, EMPLOYEE)]
    assert party_choices(db, current, "record_performance") == [(company, COMPANY)]
