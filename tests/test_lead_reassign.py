"""Re-assigning a lead (改派) found by a GUI walk: it reset the lead's T1 and the overdue count fell, hiding that the
first office let its deadline pass. Re-assigning now needs a reason; the earlier assignment stays in the lead's
history with its deadline met or missed (by how many working days), the leads page counts the leads re-assigned
late, and the command line (`leads assign`) refuses a re-assignment without ``--reason``."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from workstation.errors import ValidationError
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    assign_lead,
    assignment_history,
    current_assignment,
    get_lead_row,
    history_line,
    reassigned_late,
    t1_due,
)
from workstation.store import agency_by_code


def a_lead(db) -> str:
    """A report received on Mon 2026-09-21, assigned to 顺德区局 on Tue 2026-09-22."""
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00",
                                       description="来访举报某公司反复拨打推销电话")).id
    assign_lead(db, lead, agency_by_code(db, "440606").id, "2026-09-22")
    return lead


def test_re_assigning_needs_a_reason_naming_the_assignment_it_replaces(db, table_counts, english):
    lead = a_lead(db)
    before, counts = get_lead_row(db, lead), table_counts(db, ("leads", "audit", "settings"))
    due = t1_due(db, before)
    assert due == "2026-10-20"  # 15 working days after the day of assignment, the National Day holidays skipped
    with pytest.raises(ValidationError) as refused:
        assign_lead(db, lead, agency_by_code(db, "440605").id, "2026-10-23", reason="  ")
    message = refused.value.errors["reason"]
    assert message.startswith("The lead is assigned to 佛山市顺德区市场监督管理局 since 2026-09-22; its verification "
                              "period (T1) ends on 2026-10-20. It is 3 working days overdue")
    assert message.endswith("Say why it is re-assigned: the reason is kept with the lead's earlier assignment.")
    assert get_lead_row(db, lead) == before and table_counts(db, ("leads", "audit", "settings")) == counts


def test_the_earlier_assignment_and_its_missed_deadline_stay_in_the_history(db, english):
    lead = a_lead(db)
    nanhai = agency_by_code(db, "440605").id
    assert current_assignment(db, get_lead_row(db, lead), "2026-10-23").late_days == 3
    row = assign_lead(db, lead, nanhai, "2026-10-23", reason="经营场所位于南海区")
    assert (row["agency_id"], row["assigned_on"]) == (nanhai, "2026-10-23")
    assert t1_due(db, row) > "2026-10-20"  # the new office's own period, from its assignment
    [earlier] = assignment_history(db, lead)
    assert {k: earlier[k] for k in ("assigned_on", "due", "until", "late_days", "to", "reason")} == {
        "assigned_on": "2026-09-22", "due": "2026-10-20", "until": "2026-10-23", "late_days": 3, "to": nanhai,
        "reason": "经营场所位于南海区"}
    assert earlier["agency_id"] == agency_by_code(db, "440606").id
    assert reassigned_late(db) == 1  # the lateness the new deadline would otherwise hide
    # audited: the lead's change and its history's new record
    [step] = db.execute("SELECT id FROM lead_history WHERE lead_id = ?", [lead]).fetchall()
    actions = [r[0] for r in db.execute("SELECT action || ':' || entity FROM audit WHERE entity_id IN (?, ?) ORDER BY "
                                        "seq", [lead, step[0]])]
    assert actions[-2:] == ["reassign:lead", "reassign:lead_history"]
    # re-assigned in time: kept as met (0 days late), not counted late
    assign_lead(db, lead, agency_by_code(db, "440604").id, "2026-10-26", reason="南海区局回避")
    assert [e["late_days"] for e in assignment_history(db, lead)] == [3, 0]
    assert [history_line(db, e) for e in assignment_history(db, lead)] == [
        "Assigned to 佛山市顺德区市场监督管理局 on 2026-09-22, re-assigned to 佛山市南海区市场监督管理局 on 2026-10-23 "
        "(deadline 2026-10-20 missed by 3 working days). Reason: 经营场所位于南海区",
        f"Assigned to 佛山市南海区市场监督管理局 on 2026-10-23, re-assigned to 佛山市禅城区市场监督管理局 on 2026-10-26 "
        f"(deadline {t1_due(db, row)} not passed). Reason: 南海区局回避"]
    assert reassigned_late(db) == 1
    assert db.execute("SELECT COUNT(*) FROM settings WHERE key = 'lead_reassignments'").fetchone()[0] == 0


def test_the_first_assignment_and_the_same_one_again_need_no_reason(db):
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00", description="举报")).id
    shunde = agency_by_code(db, "440606").id
    assign_lead(db, lead, shunde, "2026-09-22")
    assert assign_lead(db, lead, shunde, "2026-09-22")["assigned_on"] == "2026-09-22"
    assert assignment_history(db, lead) == []


def test_a_lead_assigned_on_a_day_not_recorded_is_re_assigned_with_its_deadline_from_receipt(demo_db, english):
    lead = demo_db.execute("SELECT id FROM leads WHERE status = 'assigned' AND agency_id != ? LIMIT 1",
                           [agency_by_code(demo_db, "440605").id]).fetchone()[0]
    # held as an earlier version's seed held its leads: assigned, the day not recorded
    demo_db.execute("UPDATE leads SET assigned_on = NULL WHERE id = ?", [lead])
    current = current_assignment(demo_db, get_lead_row(demo_db, lead))
    assert current is not None and current.assigned_on == "" and current.due == t1_due(demo_db, get_lead_row(demo_db,
                                                                                                          lead))
    with pytest.raises(ValidationError) as refused:
        assign_lead(demo_db, lead, agency_by_code(demo_db, "440605").id)
    assert refused.value.errors["reason"].startswith("The lead is assigned to ")


def test_the_command_line_refuses_a_re_assignment_without_reason(db, data_dir, capsys, english):
    lead = a_lead(db)
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440605",
                          "--date", "2026-10-23")
    assert code == 1 and err.strip().startswith("Error: --reason: The lead is assigned to 佛山市顺德区市场监督管理局 "
                                                "since 2026-09-22")
    assert get_lead_row(db, lead)["agency_id"] == agency_by_code(db, "440606").id
    result = run_json(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440605",
                      "--date", "2026-10-23", "--reason", "经营场所位于南海区")
    assert result["agency"] == "440605" and result["assigned_on"] == "2026-10-23"
    assert [(e["due"], e["late_days"], e["reason"]) for e in result["earlier"]] == [
        ("2026-10-20", 3, "经营场所位于南海区")]
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "999999")
    assert code == 1 and err.strip().startswith("Error: --agency:")


def test_a_lead_assigned_again_to_its_own_agency_keeps_its_period(db, table_counts, english):
    """Found by the publicity and leads audit: assigning a lead to the agency it was assigned to started its T1
    again and dropped its extension — an overdue lead was made in time, its lateness lost."""
    lead = a_lead(db)
    before, counts = get_lead_row(db, lead), table_counts(db, ("leads", "audit", "lead_history"))
    with pytest.raises(ValidationError) as refused:
        assign_lead(db, lead, agency_by_code(db, "440606").id, "2026-10-23", reason="重新交办")
    assert refused.value.errors["agency_id"].startswith("The lead is assigned to 佛山市顺德区市场监督管理局 since "
                                                        "2026-09-22 already")
    assert get_lead_row(db, lead) == before and table_counts(db, ("leads", "audit", "lead_history")) == counts


def test_a_lead_is_not_assigned_on_a_day_still_to_come(db, data_dir, capsys, english):
    from workstation.records import today

    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00", description="举报")).id
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440605",
                          "--date", "2099-01-04")
    assert code == 1 and "2099-01-04 has not come yet" in err
    assert get_lead_row(db, lead)["assigned_on"] is None
    assert run_json(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440605",
                    "--date", today())["assigned_on"] == today()
