"""The limitation period (Penalty Law art. 36) counts to the day the act was discovered: for a case opened from a
lead handed to a town office (交办), the day the administration received the lead, not the assignment day its
线索接收日期 holds for T1 (session 51). Filing, or declining to file, after the lead's verification period (T1, SAMR
procedure rules art. 18) ran out is warned of, to be ticked, and the timeline keeps that it came late."""

from __future__ import annotations

import pytest

from tests.test_lead_filing_state import BUREAU, opened
from tests.test_leads_workflow import LEAD, fresh_lead
from tests.test_s50_transition_warnings import ask_with, late_step_driver
from workstation import concluding, procedure
from workstation.law import case_law
from workstation.leads_workflow import (
    assign_lead,
    extend_lead,
    file_case_from_lead,
    get_lead_row,
    t1_deadline,
)
from workstation.store import agency_by_code, case_events, get_case


def _lead_case(db, monkeypatch):
    """The demo lead (received 2026-02-19) assigned on 2026-03-02, its case opened, the act of 2024-02-25 recorded:
    its two years ran out on 2026-02-25, after the receipt and before the assignment."""
    case = opened(db, monkeypatch)
    db.execute("UPDATE cases SET act_on = '2024-02-25' WHERE id = ?", [case.id])
    return get_case(db, case.id)


# ---- 1. the limitation period counts to the lead's receipt --------------------------------------------------------

def test_the_act_is_discovered_when_the_lead_was_received_not_when_it_was_assigned(demo_db, monkeypatch, english):
    case = _lead_case(demo_db, monkeypatch)
    assert case.lead_received_on == "2026-03-02"  # T1 counts from the assignment: unchanged
    assert get_lead_row(demo_db, LEAD)["received_at"][:10] == "2026-02-19"
    day, how = case_law.discovery_day(demo_db, case)
    assert day == "2026-02-19" and "received" in how and "2026-03-02" in how
    found = case_law.limitation(case, on="2026-03-05", discovered=(day, how))
    assert (found.discovered_on, found.last_day, found.expired) == ("2026-02-19", "2026-02-25", False)
    assert "2026-02-19" in found.message and how in found.message
    # the assessment, the warnings and the refusals follow it
    assessed = case_law.case_law(demo_db, case).limitation
    assert (assessed.discovered_on, assessed.expired) == ("2026-02-19", False)
    assert case_law.limitation_warning(case, "file", "2026-03-05", discovered=(day, how)) is None
    assert case_law.limitation_refusal(case, discovered=(day, how)) is None
    assert case_law.no_penalty_refusal(case, discovered=(day, how)) is None
    assert "Limitation" not in (procedure._penalty_guard(demo_db, case) or "")
    from workstation.documents.stage_rules import _no_penalty_tier

    assert _no_penalty_tier(demo_db, case, "penalty_decision", {"fine_fen": 500000}) is None
    # a case without a lead keeps its own day: the case's 线索接收日期
    assert case_law.limitation(case).expired and case_law.limitation(case).discovered_on == "2026-03-02"


def test_a_lead_received_after_the_act_ran_out_is_still_too_late(demo_db, monkeypatch, english):
    case = _lead_case(demo_db, monkeypatch)
    demo_db.execute("UPDATE cases SET act_on = '2024-02-10' WHERE id = ?", [case.id])  # ran out 2026-02-10
    case = get_case(demo_db, case.id)
    found = case_law.case_law(demo_db, case).limitation
    assert (found.discovered_on, found.expired) == ("2026-02-19", True)
    assert "Limitation period run" in (procedure._penalty_guard(demo_db, case) or "")


def test_the_command_line_files_the_case_without_the_limitation_warning(demo_db, data_dir, monkeypatch, capsys,
                                                                        english):
    from tests.helpers import run_json

    case = _lead_case(demo_db, monkeypatch)
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file", "--date", "2026-03-05",
                      "--officer", "邓颖诗", "--officer", "陈敏仪")
    assert not any("Limitation" in w for w in result.get("warnings", []))
    assert get_case(demo_db, case.id).status == "investigating"


@pytest.mark.gui
def test_the_window_files_the_case_without_the_limitation_warning(demo_db, monkeypatch, make_window, english):
    from ui.transition_dialog import limitation_warning

    case = _lead_case(demo_db, monkeypatch)
    assert limitation_warning(case, "file", demo_db)("2026-03-05") is None
    assert limitation_warning(case, "file")("2026-03-05") is not None  # without the database: the case's own day


# ---- 2. filing or declining after T1 ran out --------------------------------------------------------------------

def test_filing_or_declining_after_t1_is_warned_naming_its_last_day_and_the_days_over(db, make_case, english):
    case = make_case(lead_received_on="2026-03-02")  # T1: 15 working days, to 2026-03-23
    assert concluding.late_filing_warnings(db, case, "file", "2026-03-23") == []
    found = concluding.late_filing_warnings(db, case, "file", "2026-03-25")
    assert len(found) == 1
    assert "T1" in found[0].message and "2026-03-23" in found[0].message and "2 working days" in found[0].message
    assert found[0].note == "Filed 2 working days after the time limit T1 ran out on 2026-03-23."
    assert "2 working days" in found[0].done
    assert concluding.late_filing_warnings(db, case, "decline_filing", "2026-03-24")[0].note == (
        "Decided not to file 1 working day after the time limit T1 ran out on 2026-03-23.")
    assert concluding.late_filing_warnings(db, case, "suspend", "2026-03-25") == []


def test_t1_of_a_lead_counts_its_approved_extension(demo_db, monkeypatch, english):
    lead = fresh_lead(demo_db)
    assign_lead(demo_db, lead, agency_by_code(demo_db, BUREAU).id, on="2026-03-02")
    extend_lead(demo_db, lead, 15, "2026-03-10", "王局长")
    monkeypatch.setenv("WORKSTATION_ACTOR", "邓颖诗")
    case = file_case_from_lead(demo_db, lead)
    due = t1_deadline(demo_db, get_lead_row(demo_db, lead)).due
    assert due > "2026-04-01"
    assert concluding.late_filing_warnings(demo_db, case, "file", "2026-03-25") == []
    assert concluding.late_filing_warnings(demo_db, case, "file", due) == []
    assert len(concluding.late_filing_warnings(demo_db, case, "file", "2026-05-20")) == 1


def test_the_command_line_says_the_late_filing_and_the_timeline_keeps_it(db, data_dir, make_case, capsys, english):
    from tests.helpers import run_json

    late = make_case(lead_received_on="2026-03-02")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", late.id, "file", "--date", "2026-03-25")
    assert any("2 working days" in w and "2026-03-23" in w for w in result["warnings"])
    notes = [e.note for e in case_events(db, late.id) if e.kind == "transition"]
    assert any("Filed 2 working days after the time limit T1" in (n or "") for n in notes)
    declined = make_case(lead_received_on="2026-03-02")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", declined.id, "decline_filing",
                      "--date", "2026-03-24", "--reason", "违法事实不成立")
    assert any("1 working day" in w and "2026-03-23" in w for w in result["warnings"])
    notes = [e.note for e in case_events(db, declined.id) if e.kind == "transition"]
    assert any("Decided not to file 1 working day after the time limit T1" in (n or "") for n in notes)
    in_time = make_case(lead_received_on="2026-03-02")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", in_time.id, "file", "--date", "2026-03-23")
    assert not any("T1" in w for w in result.get("warnings", []))


@pytest.mark.gui
def test_the_dialog_warns_of_a_late_filing_and_the_timeline_keeps_it(db, make_case, make_window, monkeypatch,
                                                                      english):
    from PySide6.QtWidgets import QPushButton

    case = make_case(lead_received_on="2026-03-02")
    seen = {}
    ask_with(monkeypatch, late_step_driver(seen, "2026-03-23", "2026-03-25"))
    window = make_window(db)
    window.open_case(case.id)
    window.findChild(QPushButton, "action_file").click()
    assert "2026-03-23" not in seen["in_time"]
    assert seen["refused"] and "2026-03-23" in seen["late"] and "2 working days" in seen["late"]
    filed = get_case(db, case.id)
    assert (filed.status, filed.filed_on) == ("investigating", "2026-03-25")
    note = [e.note for e in case_events(db, case.id) if e.to_status == "investigating"][0]
    assert "Filed 2 working days after the time limit T1 ran out on 2026-03-23." in note
