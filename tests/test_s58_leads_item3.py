"""The 案件来源登记表 of a case filed from a lead prints the lead's own 来源时间 and 登记时间 — the day the lead was
received, as the lead's register prints them —, not the day the lead was assigned (交办), which the case keeps as
the start of its T1 (``lead_received_on``)."""

from __future__ import annotations

from workstation.documents.drafts import find_form
from workstation.formkit.values import case_context, default_values
from workstation.leads_workflow import get_lead_row, lead_context
from workstation.store import get_case

FORM = "case_source_register"
DATES = ("received_on", "registered_on")


def assigned_after_received(db) -> tuple[dict, str]:
    """A demo lead assigned days after it was received, whose case was filed: (the lead, its case's id)."""
    row = db.execute("SELECT id, case_id FROM leads WHERE case_id IS NOT NULL AND status = 'filed' AND assigned_on > "
                     "substr(received_at, 1, 10) ORDER BY received_at LIMIT 1").fetchone()
    return get_lead_row(db, row[0]), row[1]


def test_the_case_s_register_prints_the_lead_s_own_dates(read_demo_db):
    lead, case_id = assigned_after_received(read_demo_db)
    case = get_case(read_demo_db, case_id)
    form = find_form(FORM)
    by_lead = default_values(form, lead_context(read_demo_db, lead, form_id=FORM))
    by_case = default_values(form, case_context(read_demo_db, case))
    assert by_lead["received_on"] == by_lead["registered_on"] == lead["received_at"][:10]
    assert {k: by_case[k] for k in DATES} == {k: by_lead[k] for k in DATES}
    assert str(case.lead_received_on) == lead["assigned_on"] != lead["received_at"][:10]  # T1's start kept
    assert by_case["summary"] == by_lead["summary"]


def test_a_case_without_a_lead_prints_its_own_day(read_demo_db):
    case_id = read_demo_db.execute("SELECT id FROM cases WHERE lead_received_on IS NOT NULL AND id NOT IN "
                                   "(SELECT case_id FROM leads WHERE case_id IS NOT NULL) LIMIT 1").fetchone()[0]
    case = get_case(read_demo_db, case_id)
    values = default_values(find_form(FORM), case_context(read_demo_db, case))
    assert values["received_on"] == values["registered_on"] == str(case.lead_received_on)[:10]


def test_the_register_s_date_and_facts_come_from_the_same_lead(demo_db):
    """A case a second lead was joined to after the lead it was filed from, which gives no description: its register
    prints the first lead's day and the case's own facts, not the day of one lead beside the description of another."""
    from workstation.formkit.values import suspected

    lead, case_id = assigned_after_received(demo_db)
    other = demo_db.execute("SELECT id, description FROM leads WHERE id != ? AND description != '' AND "
                            "substr(received_at, 1, 10) != ? LIMIT 1",
                            [lead["id"], lead["received_at"][:10]]).fetchone()
    demo_db.execute("UPDATE leads SET description = '' WHERE id = ?", [lead["id"]])
    demo_db.execute("UPDATE leads SET case_id = ?, decided_on = '2099-12-31' WHERE id = ?", [case_id, other[0]])
    demo_db.conn.commit()
    case = get_case(demo_db, case_id)
    values = default_values(find_form(FORM), case_context(demo_db, case))
    assert values["received_on"] == values["registered_on"] == lead["received_at"][:10]
    first = next(line.strip() for line in case.facts.splitlines() if line.strip())
    assert values["summary"] == suspected(first)
    assert other[1][:20] not in values["summary"]
