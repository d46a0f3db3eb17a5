"""The command line says what the leads page asks: a lead first assigned after its verification period (T1) had
ended, and a lead decided not to be filed after it, are recorded all the same, with a note on stderr naming the day
T1 ended (the lead's history keeps it); a lead assigned or decided in time gets no note."""

from __future__ import annotations

from tests.helpers import run
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import assign_lead, get_lead_row
from workstation.store import agency_by_code


def a_report(db) -> str:
    """A report received on Mon 2026-09-21: its T1, counted from the receipt, ends on 2026-10-19."""
    return register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00",
                                       description="来访举报某公司反复拨打推销电话")).id


def test_a_late_first_assignment_is_recorded_with_a_note(db, data_dir, capsys, english):
    lead = a_report(db)
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440606",
                         "--date", "2026-10-23")
    assert code == 0 and "assigned to" in out
    assert err.startswith("Note: The lead was received on 2026-09-21; its verification period (T1) ended on "
                          "2026-10-19"), err
    assert get_lead_row(db, lead)["assigned_on"] == "2026-10-23"


def test_an_assignment_in_time_has_no_note(db, data_dir, capsys, english):
    lead = a_report(db)
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440606",
                          "--date", "2026-09-22")
    assert code == 0 and err == ""


def test_a_late_decision_not_to_file_is_recorded_with_a_note(db, data_dir, capsys, english):
    lead = a_report(db)
    assign_lead(db, lead, agency_by_code(db, "440606").id, "2026-09-22")  # T1 then ends on 2026-10-20
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--not-file", "--date",
                          "2026-10-23", "--reason", "经核查，号码已停机")
    assert code == 0
    # said as done (the decision is recorded: no advice to record an extension first, which a decided lead refuses);
    # Wed 21, Thu 22, Fri 23 October: in working days, as the lead's history counts them
    assert "Note: Decided late: the verification period (T1) ended on 2026-10-20, 3 working days before the " \
           "decision." \
        in err and "record it first" not in err, err
    assert get_lead_row(db, lead)["status"] == "not_filed"


def test_a_decision_in_time_has_no_late_note(db, data_dir, capsys, english):
    lead = a_report(db)
    assign_lead(db, lead, agency_by_code(db, "440606").id, "2026-09-22")
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--not-file", "--date",
                          "2026-10-09", "--reason", "经核查，号码已停机")
    assert code == 0 and "verification period" not in err, err
