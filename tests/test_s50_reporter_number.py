"""The reporter's own number in a lead registered by hand: the documents a case filed from the lead prints as the
facts known at filing (案件移送函, 案件来源登记表, 立案审批表) mask it as the lead's own documents do (they printed it in
full), and the case's facts, which its notice and decision print to the party, leave it out altogether (a masked
number's first and last digits still point the party to the reporter among its callers)."""

from __future__ import annotations

from workstation.formkit.values import filing_facts
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import assign_lead, file_case_from_lead
from workstation.store import agency_by_code, get_case

REPORTER = "13912345678"
TEXT = f"举报人{REPORTER}来访称，佛山市南海区誉嘉房地产代理有限公司多次拨打其电话推销楼盘。"


def test_a_case_from_a_hand_registered_lead_hides_the_reporter_s_number(db):
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-03-01 09:00", description=TEXT,
                                       party="佛山市南海区誉嘉房地产代理有限公司", complainant_phone=REPORTER)).id
    assign_lead(db, lead, agency_by_code(db, "440605").id, on="2026-03-02")
    case = file_case_from_lead(db, lead)
    facts = get_case(db, case.id).facts
    assert REPORTER not in facts and "139****5678" not in facts and "举报人来访称" in facts
    db.execute("UPDATE cases SET filed_on = '2026-03-05' WHERE id = ?", [case.id])  # as filed (the facts known then)
    known = filing_facts(db, get_case(db, case.id))
    assert REPORTER not in known and "139****5678" in known
