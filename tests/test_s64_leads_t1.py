"""Session 64: a lead the bureau that received it hands to one of its own offices keeps its verification period
(T1) counted from the receipt (REFERENCE §1.2 T1; ``leads_workflow.assign_lead``, no day of assignment recorded).
Its 案件交办通知书, dated the day of that hand-over (交办日期), asks the result by that period's end
(``report_by``), filled in though the notice is written after it passed, instead of left blank and the notice
refused until a date is typed; a lead whose T1 restarted with an assignment (交办) to another bureau, already run
out, and a lead handed over after its T1 ended (no 报送期限 can be on or after the hand-over and within T1) still get
no default."""

from __future__ import annotations

from workstation.documents.drafts import find_form
from workstation.formkit.values import default_values
from workstation.leads_workflow import assign_lead, get_lead_row, issue_lead_document, lead_context, t1_due
from workstation.records import today
from workstation.store import agency_by_code
from workstation.store.base import set_setting

NANHAI, JIUJIANG, SHUNDE = "440605", "440605121", "440606"  # 九江所: an office of 南海区局


def _nanhai_lead(db) -> dict:
    """A demo lead put back to registered, never assigned, received long ago by 南海区局 (this station's agency)."""
    set_setting(db, "station_agency", agency_by_code(db, NANHAI).id)
    (lead_id,) = db.execute("SELECT id FROM leads ORDER BY id LIMIT 1").fetchone()
    db.execute("UPDATE leads SET status = 'registered', agency_id = NULL, assigned_on = NULL, decision = '', "
               "decided_on = NULL, case_id = NULL WHERE id = ?", [lead_id])
    lead = get_lead_row(db, lead_id)
    assert t1_due(db, lead) < today()  # its T1, counted from the receipt, is over
    return lead


def _report_by(db, lead_id: str) -> str:
    return default_values(find_form("assignment_notice"), lead_context(db, get_lead_row(db, lead_id)))["report_by"] or ""


def test_a_lead_handed_to_an_office_of_the_bureau_that_received_it_is_reported_by_t1_s_end(demo_db, data_dir):
    lead = _nanhai_lead(demo_db)
    due = t1_due(demo_db, lead)
    handed_on = lead["received_at"][:10]  # handed to 九江所 the day it came, the notice written only now
    assign_lead(demo_db, lead["id"], agency_by_code(demo_db, JIUJIANG).id, on=handed_on)
    handed = get_lead_row(demo_db, lead["id"])
    assert handed["assigned_on"] is None and t1_due(demo_db, handed) == due  # T1 kept, counted from the receipt
    assert _report_by(demo_db, lead["id"])[:10] == due
    # issued without typing a date: dated the hand-over, 请于<T1's end>前将核查处理结果书面报送本局
    document = issue_lead_document(demo_db, data_dir, lead["id"], find_form("assignment_notice"),
                                   {"contact_person": "陈志强"})
    assert (str(document.values["issued_on"])[:10], str(document.values["report_by"])[:10]) == (handed_on, due)


def test_a_lead_not_handed_or_whose_restarted_t1_ran_out_gets_no_default(demo_db, data_dir):
    lead = _nanhai_lead(demo_db)
    assert _report_by(demo_db, lead["id"]) == ""  # registered, not handed to anyone
    # assigned (交办) to another bureau on a day long past: its T1 counts from then, and is over too
    assign_lead(demo_db, lead["id"], agency_by_code(demo_db, SHUNDE).id, on=lead["received_at"][:10],
                received_by=agency_by_code(demo_db, "440600").id)  # the city bureau assigning (a district station assigns only below it: test_s73_jurisdiction)
    assigned = get_lead_row(demo_db, lead["id"])
    assert assigned["assigned_on"] and t1_due(demo_db, assigned) < today()
    assert _report_by(demo_db, lead["id"]) == ""  # the officer fixes a date


def test_a_lead_handed_to_an_office_after_its_t1_ended_gets_no_default(demo_db, data_dir):
    lead = _nanhai_lead(demo_db)
    assign_lead(demo_db, lead["id"], agency_by_code(demo_db, JIUJIANG).id)  # today, after T1's end
    assert get_lead_row(demo_db, lead["id"])["assigned_on"] is None
    assert _report_by(demo_db, lead["id"]) == ""  # T1's end is before the notice's 交办日期
