"""A party of several never served its 行政处罚告知书 when the case was transferred to the police (移送), or closed
after that: its statement period (T4) never began and no longer will, so its row reads as not applicable there —
not "Not computable" — and is not counted open on the case's clocks, the deadline board or `clocks --json`
(audit s70 multiparty, defect 2). While the case is still at its notice stage the unserved party's row stays
"Not computable": the officer still has to serve it. The periods counted from the service of a party's decision
(T10, T11) stay "Not computable" even once the case is closed: an unserved decision is not in force for that party,
a gap the officer must still fill (final read s70, finding 4)."""

from __future__ import annotations

from tests.helpers import run_json
from tests.test_party_case10 import FACTS, notice, with_employee
from workstation import procedure
from workstation.clocks import OPEN_STATES, board, case_clocks
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

ON = "2026-12-07"


def _transferred(db, data_dir, make_case):
    """A case of the company and its employee, the company's notice alone served (11-24), transferred on 11-25."""
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-11-02",
                                                          review_on="2026-11-20", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="50000", hearing_required=False, issued_on="2026-11-23")
    notice(db, data_dir, case, employee, fine_fen="5000", hearing_required=False, issued_on="2026-11-23")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-11-24", party_ids=(company,))
    return case, company, employee


def _t4(db, case) -> dict:
    return {d.party_id: d for d in case_clocks(db, get_case(db, case.id), on=ON) if d.clock == "T4"}


def test_unserved_party_still_at_the_notice_stage_is_not_computable(db, data_dir, make_case, english):
    case, company, employee = _transferred(db, data_dir, make_case)
    rows = _t4(db, case)
    assert rows[employee].state == "missing"  # the officer must still serve it: a gap to fill
    assert rows[employee].open


def test_unserved_party_of_a_transferred_case_is_not_applicable_nor_open(db, data_dir, make_case, english,
                                                                         capsys):
    case, company, employee = _transferred(db, data_dir, make_case)
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-25", reason="涉嫌犯罪")
    rows = _t4(db, case)
    assert set(rows) == {company, employee}
    assert rows[company].state == "ended"
    mine = rows[employee]
    assert mine.state == "not_applicable"
    assert not mine.open and mine.state not in OPEN_STATES
    assert mine.party == "朱子轩"
    text = mine.calculation()
    assert "Cannot be computed" not in text
    assert "never started" in text and "“Transferred to the police”" in text
    assert "date the notice was served" in text
    # the open items of the case: the police's answer (T27) and T2, paused while with the police (s72); no T4
    every = case_clocks(db, get_case(db, case.id), on=ON)
    assert [d.clock for d in every if d.open] == ["T2", "T27"]
    # the deadline board and `clocks --json` (the case's and the board's) count no T4 of the case
    assert not [d for d in board(db, on=ON) if d.case_id == case.id and d.clock == "T4"]
    listed = run_json(capsys, "--data-dir", data_dir, "clocks", "--case", case.case_number, "--as-of", ON)
    t4 = [row for row in listed if row["clock"] == "T4"]
    assert {row["party_id"]: row["state"] for row in t4} == {company: "ended", employee: "not_applicable"}
    assert "Cannot be computed" not in next(row for row in t4 if row["party_id"] == employee)["calculation"]
    listed = run_json(capsys, "--data-dir", data_dir, "clocks", "--as-of", ON)
    assert not [row for row in listed if row["case_id"] == case.id and row["clock"] == "T4"]


def test_unserved_party_of_a_case_closed_after_its_transfer_is_not_applicable(db, data_dir, make_case, english):
    case, company, employee = _transferred(db, data_dir, make_case)
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-25", reason="涉嫌犯罪")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_filed", starts_on="2026-11-27"))
    procedure.apply(db, case.id, "close", on_date="2026-11-30")
    assert get_case(db, case.id).status == "closed"
    rows = _t4(db, case)
    assert rows[employee].state == "not_applicable" and not rows[employee].open
    assert not rows[company].open
    assert not [d for d in board(db, on=ON) if d.case_id == case.id and d.clock == "T4"]


def test_panel_shows_no_not_computable_row_after_the_transfer(db, data_dir, make_case, prompts, qtbot, english):
    from ui.case_clocks import CaseClocks

    case, company, employee = _transferred(db, data_dir, make_case)
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-25", reason="涉嫌犯罪")
    section = CaseClocks(db, get_case(db, case.id), prompts)
    qtbot.addWidget(section)
    model = section.table.view.model()
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    employee_row = next(row for row in rows if "朱子轩" in str(row[3]))
    assert employee_row[0] != "Not computable"
    assert not [row for row in rows if row[0] == "Not computable"]


# ---- a party whose decision was never served, the case closed: its periods stay "Not computable" ------------------

def _closed_unserved_warning(db, data_dir, make_case):
    """The company fined ¥50,000 and its employee only warned, decided 03-10; the company alone served (03-12) and
    paid (03-20), so the case is performed, then closed on 03-30 — the employee's decision never served."""
    from tests.test_multiparty12 import decided_case
    from workstation.payments import Payment

    case, company, employee, _first, _second = decided_case(db, data_dir, make_case, employee_fine="0")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company,))
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                           payment=Payment(paid_fen=5_000_000, voucher="缴款书A1")).status == "performed"
    procedure.apply(db, case.id, "close", on_date="2026-03-30")
    assert get_case(db, case.id).status == "closed"
    return case, company, employee


def test_unserved_decision_of_a_closed_case_stays_not_computable(db, data_dir, make_case, english, capsys):
    """An unserved decision is not in force for its party, and its times to challenge start on service: the
    officer must still see the gap, not "nothing is left to record" (final read s70, finding 4)."""
    case, company, employee = _closed_unserved_warning(db, data_dir, make_case)
    every = case_clocks(db, get_case(db, case.id), on="2026-04-10")
    # warned only, it owes nothing: no time to pay nor enforcement (T8, T16), only its times to challenge
    mine = [d for d in every if d.party_id == employee and d.clock in ("T8", "T10", "T11", "T16")]
    assert sorted(d.clock for d in mine) == ["T10", "T11"]
    for d in mine:
        assert d.state == "missing" and d.open, (d.clock, d.state)
        text = d.calculation()
        assert "Cannot be computed" in text and "never started" not in text, text
    # the company, served, keeps its own periods counted from its service
    assert all(d.state != "missing" for d in every if d.party_id == company and d.clock in ("T10", "T11"))
    listed = run_json(capsys, "--data-dir", data_dir, "clocks", "--case", case.case_number, "--as-of", "2026-04-10")
    states = {row["clock"]: row["state"] for row in listed if row.get("party_id") == employee}
    assert (states.get("T10"), states.get("T11")) == ("missing", "missing"), states
