"""Several parties in one case (session 11): the pre-penalty notice is served on each party, maybe on different days,
and each party's period to state, defend and request a hearing counts from its own service; a waiver is its party's
own. The case goes on to the decision only once every party with an issued notice is done (period run, waived or
asked for a hearing), and a party's own 行政处罚决定书 waits for that party's period. The clocks show the period of
each party where they differ; the command line takes --party; bundles carry the records. A case with one party,
and a case recorded before service per party, read as before (tests/test_procedure*.py, tests/test_hearing10.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import hearing_notice, legal_review, open_db, run, run_json
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, decide, notice, with_employee
from tests.test_s45_hearing_path import hearing_documents
from workstation import party_notices, procedure
from workstation.clocks import board, case_clocks
from workstation.errors import TransitionRefused, WorkstationError
from workstation.i18n import _
from workstation.store import case_events, get_case
from workstation.store.cases import case_timeline, update_case

# the company is served on Monday 2026-03-02 (its five working days end on 03-09), the employee on Wednesday 03-04
# (they end on 03-11)
COMPANY_SERVED, COMPANY_LAST = "2026-03-02", "2026-03-09"
EMPLOYEE_SERVED, EMPLOYEE_LAST = "2026-03-04", "2026-03-11"


@pytest.fixture
def reviewed(request, db, data_dir, kept_state):
    """A case of the company and its employee back from review, each issued its own 行政处罚告知书 (made once,
    copied into each test: ``kept_state``)."""
    def make():
        case, company, employee = with_employee(db, request.getfixturevalue("make_case")(
            status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=FACTS))
        notice(db, data_dir, case, company, fine_fen="50000")
        notice(db, data_dir, case, employee, fine_fen="5000")
        return case, company, employee

    return kept_state("reviewed", db, data_dir, make, ("make_case", "officers"))


@pytest.fixture
def apart(db, data_dir, reviewed, kept_state):
    """The reviewed case with the notice served on the company on 03-02 and on the employee on 03-04."""
    def serve():
        case, company, employee = reviewed
        procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED, party_ids=(company,))
        procedure.apply(db, case.id, "send_pre_notice", on_date=EMPLOYEE_SERVED, party_ids=(employee,))
        return reviewed

    return kept_state("apart", db, data_dir, serve)


def served_events(db, case) -> list[tuple[str, str | None]]:
    return [(e.on_date, e.party_id) for e in case_events(db, case.id) if e.kind == "notice_served"]


def refusal_of(db, case, action: str, date: str) -> str | None:
    return procedure.date_refusal(db, get_case(db, case.id), action, date)


# ---- 1. the service of the notice on each party -----------------------------------------------------------------

def test_the_first_service_on_one_party_opens_the_notice_stage_and_leaves_the_other_unserved(db, reviewed, english):
    case, company, employee = reviewed
    updated = procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED, party_ids=(company,))
    assert (updated.status, updated.notice_served_on) == ("pre_notice", COMPANY_SERVED)
    assert party_notices.services(db, updated) == {company: COMPANY_SERVED}
    # the case cannot go on while the employee's notice, issued, is not served
    refusal = refusal_of(db, case, "end_statement_period", "2026-03-10")
    assert refusal.startswith(f"{EMPLOYEE}: the 行政处罚告知书 issued to it has not been served")
    assert COMPANY not in refusal
    # the service on the employee is still offered, for the employee alone
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["send_pre_notice"] is None
    assert [p.id for p in party_notices.unserved_parties(db, get_case(db, case.id))] == [employee]


def test_each_party_waits_for_its_own_period(db, apart, english):
    case, company, employee = apart
    assert get_case(db, case.id).status == "pre_notice"  # the later service does not move the case
    assert served_events(db, case) == [(COMPANY_SERVED, company), (EMPLOYEE_SERVED, employee)]
    # after the company's period, before the employee's: only the employee is named, with its own last day
    refusal = refusal_of(db, case, "end_statement_period", "2026-03-10")
    assert refusal.startswith(f"{EMPLOYEE} may state, defend and request a hearing until {EMPLOYEE_LAST} (5 working "
                              f"days from the service of its notice on {EMPLOYEE_SERVED})")
    assert COMPANY not in refusal
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    assert procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-12").status == "decision_pending"
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-12").status == "penalty_decided"


def test_all_parties_served_on_one_date_share_the_period(db, reviewed):
    case, company, employee = reviewed
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED)  # no party named: all of them
    assert served_events(db, case) == [(COMPANY_SERVED, company), (COMPANY_SERVED, employee)]
    assert refusal_of(db, case, "end_statement_period", "2026-03-10") is None
    assert "send_pre_notice" not in {t.name for t, _why in procedure.available(db, get_case(db, case.id))}
    # one statement period on the clocks, as in a case with one party
    t4 = [d for d in case_clocks(db, get_case(db, case.id), on="2026-03-03") if d.clock == "T4"]
    assert [(d.due, d.party) for d in t4] == [(COMPANY_LAST, "")]


def test_a_party_already_served_or_not_of_the_case_is_refused_and_nothing_recorded(db, apart, english, table_counts):
    case, company, _employee = apart
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-05", party_ids=(company,))
    assert "send_pre_notice" not in {t.name for t, _why in procedure.available(db, get_case(db, case.id))}
    assert str(refused.value).startswith("“Serve the pre-penalty notice” is not possible while the case is “Party "
                                         "notified”. From “Party notified” the procedure goes on with “Party waives")
    assert table_counts(db) == before


def test_a_further_service_names_a_party_of_the_case_not_yet_served(db, reviewed, english, table_counts):
    case, company, employee = reviewed
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED, party_ids=(company,))
    before = table_counts(db)
    for parties, expected in (((company,), f"{COMPANY}: the notice was already served on it on {COMPANY_SERVED}."),
                              (("no-such-party",), f"no-such-party is not a party of case {case.case_number}.")):
        with pytest.raises(TransitionRefused) as refused:
            procedure.apply(db, case.id, "send_pre_notice", on_date=EMPLOYEE_SERVED, party_ids=parties)
        assert str(refused.value).startswith(expected)
    # a service on a further party cannot be dated before the file went to review, nor before its notice's date
    # (which names the notice: tests/test_s54_penalty.py)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-02-26", party_ids=(employee,))
    assert str(refused.value).startswith(f"{EMPLOYEE}: The 行政处罚告知书 ")
    assert party_notices.date_refusal(db, get_case(db, case.id), "send_pre_notice", "2026-02-26", (employee,)) == (
        "The notice cannot have been served (2026-02-26) before the file went to review (2026-02-27).")
    assert table_counts(db) == before


def test_a_party_without_an_issued_notice_is_not_waited_for(db, data_dir, make_case):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="50000")  # the employee is not proposed a penalty
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED, party_ids=(company,))
    assert refusal_of(db, case, "end_statement_period", "2026-03-10") is None


# ---- 2. the waiver of each party ---------------------------------------------------------------------------------

def test_a_waiver_is_its_partys_own_and_the_last_one_takes_the_case_to_its_decision(db, reviewed, english):
    case, company, employee = reviewed
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED)
    updated = procedure.apply(db, case.id, "waive_statement", on_date="2026-03-03", reason="书面放弃",
                              party_ids=(company,))
    assert (updated.status, updated.notice_waived) == ("pre_notice", False)  # the employee's period still runs
    refusal = refusal_of(db, case, "end_statement_period", "2026-03-05")
    assert refusal.startswith(f"{EMPLOYEE} may state, defend and request a hearing until {COMPANY_LAST}")
    assert COMPANY not in refusal
    updated = procedure.apply(db, case.id, "waive_statement", on_date="2026-03-04", reason="当场放弃",
                              party_ids=(employee,))
    assert (updated.status, updated.notice_waived) == ("decision_pending", True)
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-05").status == "penalty_decided"
    waived = [(e.kind, e.on_date, e.party_id, e.note) for e in case_events(db, case.id) if e.kind == "waiver"]
    assert waived == [("waiver", "2026-03-03", company, "书面放弃"), ("waiver", "2026-03-04", employee, "当场放弃")]


def test_a_waiver_names_a_served_party_that_has_not_waived(db, apart, english, table_counts):
    case, company, employee = apart
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "waive_statement", on_date="2026-03-05", reason="放弃")
    assert str(refused.value).startswith(f"Case {case.case_number} has 2 parties and each waives for itself: say "
                                         f"which party waives: {company} ({COMPANY})")
    with pytest.raises(TransitionRefused) as refused:  # before the notice reached the employee
        procedure.apply(db, case.id, "waive_statement", on_date="2026-03-03", reason="放弃", party_ids=(employee,))
    assert str(refused.value) == (f"{EMPLOYEE}: the waiver (2026-03-03) cannot come before the notice was served on "
                                  f"it ({EMPLOYEE_SERVED}).")
    assert table_counts(db) == before
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-05", reason="放弃", party_ids=(company,))
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "waive_statement", on_date="2026-03-06", reason="放弃", party_ids=(company,))
    assert str(refused.value) == f"{COMPANY}: it already waived its statement and hearing on 2026-03-05."


def test_a_waiver_before_the_party_is_served_is_refused(db, reviewed, english):
    case, company, employee = reviewed
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED, party_ids=(company,))
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "waive_statement", on_date="2026-03-03", reason="放弃", party_ids=(employee,))
    assert str(refused.value).startswith(f"{EMPLOYEE}: its notice has not been served")


def test_a_waiver_while_the_other_is_heard_keeps_the_case_at_its_hearing(db, data_dir, make_case, english):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="5000")
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    assert procedure.apply(db, case.id, "waive_statement", on_date="2026-03-04", reason="放弃",
                           party_ids=(employee,)).status == "hearing"
    # both are done before their period ends: the one heard, the one who waived (the hearing is held seven working
    # days after its notice, Penalty Law art. 64 (2): the periods hold neither its end nor the decision back)
    assert procedure._hearing_over_guard(db, get_case(db, case.id), "2026-03-05") is None
    hearing_notice(db, data_dir, case, company, issued_on="2026-03-03", hearing_date="2026-03-12")
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-12")
    hearing_documents(db, data_dir, case, "2026-03-12", company)  # the decision rests on them (art. 65)
    assert procedure._statement_over_guard(db, get_case(db, case.id), "2026-03-06") is None
    legal_review(db, data_dir, case, reviewed_on="2026-03-12")  # a hearing held: 法制审核 first (art. 58)
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-12").status == "penalty_decided"


# ---- 3. the hearing request counts from the party's own service ---------------------------------------------------

def test_a_hearing_request_counts_from_the_service_on_the_party_who_asks(db, data_dir, make_case, english):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="50000", hearing_required=True)
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED, party_ids=(company,))
    procedure.apply(db, case.id, "send_pre_notice", on_date=EMPLOYEE_SERVED, party_ids=(employee,))
    # 03-10: too late for the company, in time for the employee served two days later
    refusal = procedure.date_refusal(db, get_case(db, case.id), "request_hearing", "2026-03-10", company)
    assert refusal.startswith(f"{COMPANY}: A hearing had to be requested by {COMPANY_LAST}")
    assert procedure.date_refusal(db, get_case(db, case.id), "request_hearing", "2026-03-10", employee) is None
    assert procedure.apply(db, case.id, "request_hearing", on_date="2026-03-10",
                           party_id=employee).status == "hearing"
    # the hearing stage waits for no one: the company's period ran out without a request (the hearing itself is
    # held seven working days after its notice, Penalty Law art. 64 (2))
    assert procedure._hearing_over_guard(db, get_case(db, case.id), "2026-03-11") is None
    hearing_notice(db, data_dir, case, employee, issued_on="2026-03-10", hearing_date="2026-03-19")
    assert procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-19").status == "decision_pending"


# ---- 4. a party's own 行政处罚决定书 ------------------------------------------------------------------------------

def test_a_partys_decision_waits_for_its_own_period(db, data_dir, make_case, monkeypatch, english):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="5000")  # no hearing right
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED, party_ids=(company,))
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-09", party_ids=(employee,))
    hearing_notice(db, data_dir, case, company, issued_on="2026-03-03", hearing_date="2026-03-12")
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-12")  # only the company had the right
    hearing_documents(db, data_dir, case, "2026-03-12", company)  # the decision rests on them (art. 65)
    legal_review(db, data_dir, case, reviewed_on="2026-03-12")  # a hearing held: 法制审核 first (art. 58)
    monkeypatch.setattr(procedure, "today", lambda: "2026-03-12")
    decide(db, data_dir, case, company, fine_fen="150000")  # the company was heard: its decision may be issued
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, case, employee, fine_fen="5000")
    assert str(refused.value) == (f"The 行政处罚决定书 of {EMPLOYEE} cannot be issued yet. {EMPLOYEE} may state, "
                                  "defend and request a hearing until 2026-03-16 (5 working days from the service of "
                                  "its notice on 2026-03-09): only from the day after may the case go on without it, "
                                  "unless it expressly waived these rights (Penalty Law arts. 45, 62, 64).")
    monkeypatch.setattr(procedure, "today", lambda: "2026-03-17")
    assert decide(db, data_dir, case, employee, fine_fen="5000").number


# ---- 5. the clocks: the period of each party where they differ ----------------------------------------------------

def test_the_clocks_show_each_partys_statement_period(db, apart):
    case, company, employee = apart
    t4 = [d for d in case_clocks(db, get_case(db, case.id), on="2026-03-10") if d.clock == "T4"]
    assert [(d.party, d.start, d.due, d.state) for d in t4] == [(COMPANY, COMPANY_SERVED, COMPANY_LAST, "expired"),
                                                                (EMPLOYEE, EMPLOYEE_SERVED, EMPLOYEE_LAST, "due_soon")]
    assert t4[1].title.endswith(f"（{EMPLOYEE}）") and t4[1].as_dict()["party_id"] == employee
    on_board = [(d.party, d.due) for d in board(db, on="2026-03-05") if d.clock == "T4" and d.case_id == case.id]
    assert on_board == [(COMPANY, COMPANY_LAST), (EMPLOYEE, EMPLOYEE_LAST)]


def test_the_clocks_show_an_unserved_party_and_a_waived_one(db, reviewed):
    case, company, employee = reviewed
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED, party_ids=(company,))
    t4 = [(d.party, d.state) for d in case_clocks(db, get_case(db, case.id), on="2026-03-03") if d.clock == "T4"]
    assert t4 == [(COMPANY, "due_soon"), (EMPLOYEE, "missing")]
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED, party_ids=(employee,))
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-03", reason="放弃", party_ids=(company,))
    t4 = [(d.party, d.state) for d in case_clocks(db, get_case(db, case.id), on="2026-03-04") if d.clock == "T4"]
    assert t4 == [(COMPANY, "met"), (EMPLOYEE, "due_soon")]
    assert [d.party for d in board(db, on="2026-03-04") if d.clock == "T4" and d.case_id == case.id] == [EMPLOYEE]


# ---- 6. what is recorded: the timeline, a case with one party, a case recorded before -----------------------------

def test_the_timeline_names_the_party_served_and_the_party_who_waived(db, apart, english):
    case, company, employee = apart
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-05", reason="放弃", party_ids=(employee,))
    lines = [(e.on_date, e.text) for e in case_timeline(db, get_case(db, case.id))]
    # each with the penalty it was told of (its own notice's)
    assert (COMPANY_SERVED, f"Pre-penalty notice served on {COMPANY} (proposed a fine of ¥50,000.00, a warning)") in lines
    assert (EMPLOYEE_SERVED, f"Pre-penalty notice served on {EMPLOYEE} (proposed a fine of ¥5,000.00, a warning)") in lines
    assert ("2026-03-05", f"{EMPLOYEE} waived its statement, defence and hearing") in lines
    assert not any("hearing requested" in text for _day, text in lines)


def test_a_one_party_case_records_the_service_and_waiver_for_the_case_as_before(db, make_case):
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", fine_fen=300_000)
    case = procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED, party_ids=(case.party_ids[0],))
    case = procedure.apply(db, case.id, "waive_statement", on_date="2026-03-03", reason="放弃")
    assert (case.status, case.notice_served_on, case.notice_waived) == ("decision_pending", COMPANY_SERVED, True)
    # besides the registration of its evidence (``make_case``), its creation and its steps
    assert {e.kind for e in case_events(db, case.id)} == {"created", "transition", "evidence"}
    assert all(e.party_id is None for e in case_events(db, case.id))


def test_a_case_recorded_before_service_per_party_keeps_its_one_date_and_waiver(db, make_case):
    case, company, employee = with_employee(db, make_case(status="pre_notice", filed_on="2026-02-20",
                                                          notice_served_on=COMPANY_SERVED, facts=FACTS,
                                                          fine_fen=300_000))
    assert party_notices.services(db, case) == {company: COMPANY_SERVED, employee: COMPANY_SERVED}
    assert refusal_of(db, case, "end_statement_period", COMPANY_LAST) is not None
    assert refusal_of(db, case, "end_statement_period", "2026-03-10") is None
    # a waiver recorded for the whole case stands for every party
    waived = update_case(db, replace(get_case(db, case.id), status="decision_pending", notice_waived=True),
                         allow_status_change=True)
    assert party_notices.waivers(db, waived) == {company: "", employee: ""}
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-03").status == "penalty_decided"


# ---- 7. the command line -------------------------------------------------------------------------------------------

def test_the_command_line_serves_the_parties_named_and_needs_the_party_who_waives(db, data_dir, reviewed, capsys,
                                                                                   english):
    case, company, employee = reviewed
    result = run_json(capsys, "cases", "transition", case.case_number, "send_pre_notice", "--date", COMPANY_SERVED,
                      "--party", company, "--data-dir", data_dir)
    assert result["status"] == "pre_notice"
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "waive_statement", "--date", "2026-03-03",
                          "--reason", "放弃", "--data-dir", data_dir)
    assert code == 1 and "--party" in err and f"{company} ({COMPANY})" in err
    run_json(capsys, "cases", "transition", case.case_number, "send_pre_notice", "--date", EMPLOYEE_SERVED,
             "--party", employee, "--data-dir", data_dir)
    assert served_events(db, case) == [(COMPANY_SERVED, company), (EMPLOYEE_SERVED, employee)]
    clocks = run_json(capsys, "clocks", "--case", case.case_number, "--as-of", "2026-03-05", "--data-dir", data_dir)
    assert [(c["party_id"], c["due"]) for c in clocks if c["clock"] == "T4"] == [(company, COMPANY_LAST),
                                                                                (employee, EMPLOYEE_LAST)]
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "request_hearing", "--party", company,
                          "--party", employee, "--data-dir", data_dir)
    assert code == 1 and "--party" in err


def test_the_command_line_serves_several_parties_at_once(db, data_dir, reviewed, capsys):
    case, company, employee = reviewed
    run_json(capsys, "cases", "transition", case.case_number, "send_pre_notice", "--date", COMPANY_SERVED,
             "--party", employee, "--party", company, "--data-dir", data_dir)
    assert sorted(served_events(db, case)) == sorted([(COMPANY_SERVED, company), (COMPANY_SERVED, employee)])


# ---- 8. bundles carry the service and waiver of each party ---------------------------------------------------------

def test_a_bundle_carries_each_partys_service_and_waiver(db, data_dir, apart, capsys, cli_station, tmp_path):
    case, company, employee = apart
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-05", reason="放弃", party_ids=(employee,))
    hq = cli_station(tmp_path / "hq", ["init", "--station-name", "佛山市局"])
    run_json(capsys, "--data-dir", data_dir, "station", "export", "-o", tmp_path / "station.card")
    run_json(capsys, "--data-dir", hq, "station", "trust", tmp_path / "station.card")
    run_json(capsys, "--data-dir", data_dir, "bundle", "export", "--all", "-o", tmp_path / "one.bundle")
    run_json(capsys, "--data-dir", hq, "bundle", "import", tmp_path / "one.bundle")
    at_hq = open_db(hq)
    try:
        there = get_case(at_hq, case.id)
        assert party_notices.services(at_hq, there) == {company: COMPANY_SERVED, employee: EMPLOYEE_SERVED}
        assert party_notices.waivers(at_hq, there) == {employee: "2026-03-05"}
    finally:
        at_hq.conn.close()


# ---- 9. the dialog -----------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_dialog_asks_on_which_party_the_notice_was_served_and_records_it(db, reviewed, make_window, monkeypatch):
    from PySide6.QtWidgets import QComboBox

    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    case, company, employee = reviewed
    offered, refusals = [], []

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, **_advice):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties)
        combo = dialog.findChild(QComboBox, "party")
        offered.extend(combo.itemText(i) for i in range(combo.count()))
        dialog.date.setDate(dialog.date.date().fromString(EMPLOYEE_SERVED, "yyyy-MM-dd"))
        combo.setCurrentIndex(2)  # the employee
        refusals.append(dialog.validate().get("date"))
        return (*dialog.recorded(), dialog.chosen_party())

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    workspace = make_window(db).open_case(case.id)
    workspace._apply(procedure.BY_NAME["send_pre_notice"])
    assert offered == [_("All parties, on one date"), COMPANY, EMPLOYEE]
    assert refusals == [None]
    assert served_events(db, case) == [(EMPLOYEE_SERVED, employee)]
    assert get_case(db, case.id).status == "pre_notice"


@pytest.mark.gui
def test_the_waiver_dialog_judges_the_date_for_the_party_chosen(db, apart, qtbot):
    from PySide6.QtWidgets import QComboBox

    from ui.transition_dialog import TransitionDialog, party_choices

    case, company, employee = apart
    current = get_case(db, case.id)
    choices = party_choices(db, current, "waive_statement")
    assert choices == [(company, COMPANY), (employee, EMPLOYEE)]

    def check(on_date, party_id=None):
        return procedure.date_refusal(db, get_case(db, case.id), "waive_statement", on_date, party_id)

    dialog = TransitionDialog(procedure.BY_NAME["waive_statement"], check=check, parties=choices)
    qtbot.addWidget(dialog)
    dialog.date.setDate(dialog.date.date().fromString("2026-03-03", "yyyy-MM-dd"))
    combo = dialog.findChild(QComboBox, "party")
    combo.setCurrentIndex(0)  # the company, served on 03-02: the date stands
    assert "date" not in dialog.validate()
    combo.setCurrentIndex(1)  # the employee, served on 03-04: not before that
    assert EMPLOYEE_SERVED in dialog.validate()["date"]
