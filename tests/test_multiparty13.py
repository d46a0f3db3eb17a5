"""Several parties in one case (session 13), the case-level pieces left: the late-payment surcharge of each party on
its own decided fine from its own payment deadline; the service of the decision (T7) of each party, from the date
its own decision bears to the service on it; the --party help of `cases transition`; and the documents written per
party (调查终结报告, 卷内文件目录, 行政处罚告知书). A case with one party reads as before (tests/test_clocks.py,
tests/test_case_law*.py, tests/test_forms*.py)."""

from __future__ import annotations

import pytest

from tests.helpers import pdf_text
from tests.test_multiparty12 import decided_case as decided_in_12
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, notice, with_employee
from workstation import procedure
from workstation.clocks import board, case_clocks
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.errors import WorkstationError
from workstation.formkit.values import case_context, default_values
from workstation.law.case_law import case_law
from workstation.store import get_case

DECIDED_ON = "2026-03-10"  # Tuesday: seven working days end on Thursday 03-19
COMPANY_FINE, EMPLOYEE_FINE = 5_000_000, 500_000  # ¥50,000 and ¥5,000 in fen


def decided_case(db, data_dir, make_case, employee_decided_on=DECIDED_ON, **case_fields):
    """The company and its employee, each told of and decided its own fine (¥50,000 and ¥5,000, no warning), the
    decisions dated 03-10 (the employee's ``employee_decided_on``): (case, company, employee)."""
    return decided_in_12(db, data_dir, make_case, employee_warning=False, decided_on=DECIDED_ON,
                         employee_decided_on=employee_decided_on, **case_fields)[:3]


@pytest.fixture
def decided(request, db, data_dir, kept_state):
    def make():
        make_case = request.getfixturevalue("make_case")
        return decided_case(db, data_dir, make_case)

    return kept_state("decided", db, data_dir, make, ("make_case", "officers"))


def serve(db, case, date, *parties):
    return procedure.apply(db, case.id, "serve_decision", on_date=date, party_ids=parties)


# ---- 1. the late-payment surcharge: each party's own fine from its own payment deadline --------------------------

def test_each_party_owes_the_surcharge_on_its_own_fine_from_its_own_payment_deadline(db, data_dir, make_case):
    # the officer recorded the case's total on the case: it is no party's fine
    case, company, employee = decided_case(db, data_dir, make_case, fine_fen=COMPANY_FINE + EMPLOYEE_FINE)
    serve(db, case, "2026-03-12", company)  # pays by 03-27
    serve(db, case, "2026-03-16", employee)  # pays by 03-31
    law = case_law(db, get_case(db, case.id), on="2026-04-06")
    assert law.surcharge is None  # not the case's total from the first party's deadline
    owed = {p.party_id: (p.surcharge.days, p.surcharge.amount_fen) for p in law.parties}
    # ten days of 3 % of ¥50,000 and six days of 3 % of ¥5,000
    assert owed == {company: (10, 1_500_000), employee: (6, 90_000)}
    procedure.apply(db, case.id, "record_performance", on_date="2026-04-06", party_ids=(company,))
    law = case_law(db, get_case(db, case.id), on="2026-04-06")
    assert [(p.party_id, p.surcharge and p.surcharge.amount_fen) for p in law.parties] == [(company, None),
                                                                                       (employee, 90_000)]


def test_no_party_owes_a_surcharge_before_its_own_deadline(db, decided):
    case, company, employee = decided
    serve(db, case, "2026-03-12", company)
    serve(db, case, "2026-03-16", employee)
    law = case_law(db, get_case(db, case.id), on="2026-03-30")  # the company's ran out on 03-27, not the employee's
    assert [(p.party_id, p.surcharge is not None) for p in law.parties] == [(company, True), (employee, False)]
    assert law.parties[0].surcharge.amount_fen == 3 * 150_000


@pytest.mark.gui
def test_the_law_box_shows_each_partys_surcharge(db, data_dir, make_case, make_window, monkeypatch):
    from PySide6.QtWidgets import QLabel

    import workstation.law.case_law as case_law_module

    case, company, employee = decided_case(db, data_dir, make_case)
    serve(db, case, "2026-03-12", company)
    serve(db, case, "2026-03-16", employee)
    monkeypatch.setattr(case_law_module, "today", lambda: "2026-04-06")
    lines = make_window(db).open_case(case.id).law.findChild(QLabel, "surcharge").text()
    assert lines.startswith(COMPANY) and "¥15,000.00" in lines
    assert f"\n{EMPLOYEE}" in lines and "¥900.00" in lines


def test_a_one_party_case_owes_the_surcharge_on_the_case_fine_as_before(db, make_case):
    case = make_case(status="penalty_decided", filed_on="2026-02-20", decided_on=DECIDED_ON, fine_fen=COMPANY_FINE)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    law = case_law(db, get_case(db, case.id), on="2026-04-06")
    assert (law.surcharge.days, law.surcharge.amount_fen, law.parties) == (10, 1_500_000, ())


# ---- 2. T7: each party's decision served within seven working days of its own decision -------------------------

def t7(db, case, on):
    return [(d.party_id, d.start, d.due, d.state, d.done_on) for d in case_clocks(db, get_case(db, case.id), on=on)
            if d.clock == "T7"]


def test_the_service_of_the_decision_is_awaited_for_each_party(db, decided):
    case, company, employee = decided
    serve(db, case, "2026-03-12", company)
    assert t7(db, case, "2026-03-20") == [
        (company, DECIDED_ON, "2026-03-19", "met", "2026-03-12"),
        (employee, DECIDED_ON, "2026-03-19", "overdue", None)]  # not met by the company's service
    on_board = [(d.clock, d.party_id, d.state) for d in board(db, on="2026-03-18") if d.case_id == case.id
                and d.clock == "T7"]
    assert on_board == [("T7", employee, "due_soon")]
    serve(db, case, "2026-03-23", employee)
    assert t7(db, case, "2026-03-24")[1] == (employee, DECIDED_ON, "2026-03-19", "late", "2026-03-23")
    assert not [d for d in board(db, on="2026-03-24") if d.case_id == case.id and d.clock == "T7"]


def test_each_partys_service_counts_from_the_date_its_own_decision_bears(db, data_dir, make_case):
    # the employee's decision is dated Friday 03-13: its seven working days end on 03-24
    case, company, employee = decided_case(db, data_dir, make_case, employee_decided_on="2026-03-13")
    assert [row[:4] for row in t7(db, case, "2026-03-11")] == [(company, DECIDED_ON, "2026-03-19", "open"),
                                                               (employee, "2026-03-13", "2026-03-24", "open")]


def test_the_service_on_every_party_on_one_date_reads_as_one_deadline(db, decided):
    case, _company, _employee = decided
    serve(db, case, "2026-03-12")
    assert t7(db, case, "2026-03-20") == [(None, DECIDED_ON, "2026-03-19", "met", "2026-03-12")]


def test_a_one_party_case_serves_its_decision_as_before(db, make_case):
    case = make_case(status="penalty_decided", filed_on="2026-02-20", decided_on=DECIDED_ON, fine_fen=COMPANY_FINE)
    assert t7(db, case, "2026-03-11") == [(None, DECIDED_ON, "2026-03-19", "open", None)]
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    assert t7(db, case, "2026-03-20") == [(None, DECIDED_ON, "2026-03-19", "met", "2026-03-12")]


# ---- 3. the --party help names every action that takes a party ---------------------------------------------------

def test_the_party_help_of_a_transition_names_every_action_taking_a_party(capsys, english):
    from workstation.cli import main

    with pytest.raises(SystemExit) as done:
        main(["cases", "transition", "--help"])
    assert done.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split()).split("--party ID", 1)[1]
    named = [action for action in (*procedure.PARTY_ACTIONS, "request_hearing") if action in help_text]
    assert named == ["send_pre_notice", "waive_statement", "serve_decision", "record_performance", "request_hearing"]
    assert "the id of the party who paid" in help_text


# ---- 4. the documents written for each party ----------------------------------------------------------------------

def draft_values(db, case, form_id, party=None) -> dict:
    return default_values(find_form(form_id), case_context(db, get_case(db, case.id), party))


def reviewed(db, make_case, **case_fields):
    return with_employee(db, make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27",
                                       facts=FACTS, **case_fields))


def test_the_final_report_proposes_each_partys_penalty_from_its_own_notice(db, data_dir, make_case):
    case, company, employee = reviewed(db, make_case, fine_fen=COMPANY_FINE + EMPLOYEE_FINE)
    notice(db, data_dir, case, employee, fine_fen="5000", warning=False, hearing_required=False)
    own = draft_values(db, case, "investigation_report", employee)
    assert (own["fine_fen"], own["total_fen"], own["warning"], own["hearing_required"]) == ("5000.00", "5000.00",
                                                                                            False, False)
    # the company was told nothing yet: the case's amounts, which the officer proposes for it, and no warning
    # nothing proposed (never the form's default)
    other = draft_values(db, case, "investigation_report", company)
    assert (other["fine_fen"], other["total_fen"], other["warning"]) == ("55000.00", "55000.00", None)
    text = pdf_text(render_document(draft_document(db, get_case(db, case.id), find_form("investigation_report"),
                                                   party_id=employee), "pdf").data)
    assert "罚款¥5,000.00" in text and "¥55,000.00" not in text and "警告" not in text.split("处理意见")[-1]


def test_a_one_party_final_report_proposes_the_cases_penalty_as_before(db, data_dir, make_case):
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS, fine_fen=COMPANY_FINE)
    notice(db, data_dir, case, None, fine_fen="3000")
    values = draft_values(db, case, "investigation_report")
    assert (values["fine_fen"], values["total_fen"], values["warning"]) == ("50000.00", "50000.00", True)


def test_the_notice_of_a_party_of_several_proposes_no_case_amount_and_needs_its_own(db, data_dir, make_case, english,
                                                                                  table_counts):
    from workstation.formkit.values import field_errors

    case, company, employee = reviewed(db, make_case, fine_fen=COMPANY_FINE + EMPLOYEE_FINE, confiscated_fen=10_000)
    form = find_form("pre_penalty_notice")
    assert "多个当事人" in {f.name: f for f in form.fields}["fine_fen"].help
    values = draft_values(db, case, "pre_penalty_notice", employee)
    assert (values["fine_fen"], values["confiscated_fen"]) == (None, None)
    context = case_context(db, get_case(db, case.id), employee)
    _out, errors = field_errors(form, values, context)
    # the case records a confiscation for its parties together: this party's must be written too (0 for none)
    assert set(errors) == {"fine_fen", "confiscated_fen"}
    assert errors["fine_fen"].startswith("The case has several parties: write the fine proposed to this party")
    before = table_counts(db, ("documents", "number_sequences", "audit"))
    with pytest.raises(WorkstationError) as refused:
        notice(db, data_dir, case, employee)
    assert "罚款（元）" in str(refused.value) and table_counts(db, ("documents", "number_sequences", "audit")) == before
    issued = notice(db, data_dir, case, employee, fine_fen="5000", confiscated_fen="0")
    assert (issued.values["fine_fen"], issued.values["confiscated_fen"]) == (500_000, 0)
    # a corrected notice of the employee starts from its own amounts, the company's still from none
    assert draft_values(db, case, "pre_penalty_notice", employee)["fine_fen"] == "5000.00"
    assert draft_values(db, case, "pre_penalty_notice", company)["fine_fen"] is None


def test_a_one_party_notice_proposes_the_cases_amounts_as_before(db, make_case):
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS, fine_fen=COMPANY_FINE)
    values = draft_values(db, case, "pre_penalty_notice")
    assert (values["fine_fen"], values["confiscated_fen"]) == ("50000.00", "0.00")
    _out, errors = field_errors_of(db, case, values)
    assert errors == {}


def field_errors_of(db, case, values):
    from workstation.formkit.values import field_errors

    return field_errors(find_form("pre_penalty_notice"), values, case_context(db, get_case(db, case.id)))


def test_the_file_index_names_the_party_of_each_notice_decision_and_receipt(db, data_dir, decided):
    case, company, employee = decided
    rows = [line.split(" | ")[3] for line in draft_values(db, case, "file_index")["index"].split("\n")]
    assert rows == [f"行政处罚告知书（{COMPANY}）", f"行政处罚告知书（{EMPLOYEE}）", f"行政处罚决定书（{COMPANY}）",
                    f"行政处罚决定书（{EMPLOYEE}）"]
    text = pdf_text(render_document(draft_document(db, get_case(db, case.id), find_form("file_index")), "pdf").data)
    flat = "".join(text.split())
    assert f"行政处罚决定书（{EMPLOYEE}）" in flat and f"行政处罚告知书（{COMPANY}）" in flat


def test_a_one_party_file_index_lists_the_titles_alone(db, data_dir, make_case):
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS)
    notice(db, data_dir, case, None, fine_fen="3000")
    rows = [line.split(" | ")[3] for line in draft_values(db, case, "file_index")["index"].split("\n")]
    assert rows == ["行政处罚告知书"]
