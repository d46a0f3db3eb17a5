"""A refusal about a lead settled with a penalty decided on the spot (简易程序, never filed) says so, not that the
lead was filed as a case (s60): the 案件移送函 and the 不予立案审批表 refused for it, and the 有关事项审批表's
refusal names its state 已当场处罚."""

from tests.test_s59_onspot import _decided_from_lead
from workstation.leads_workflow import get_lead_row, lead_form_refusal


def test_refusals_of_a_lead_decided_on_the_spot_say_so(db, data_dir, officers, english):
    lead_id, _case, _document = _decided_from_lead(db, data_dir, officers)
    lead = get_lead_row(db, lead_id)
    for form in ("case_transfer_letter", "non_filing_approval"):
        refusal = lead_form_refusal(db, lead, form)
        assert refusal.startswith("The lead was settled by a penalty decided on the spot:"), refusal
        assert "filed as a case" not in refusal
    assert "(Decided on the spot)" in lead_form_refusal(db, lead, "matter_approval")
