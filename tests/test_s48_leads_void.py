"""Voiding a lead's documents: the 案件移送函 that recorded a lead's referral, voided with no other letter in force,
reopens the lead as it stood before (the referral kept in its history), so that a mistaken referral can be made
again; the window voids a lead's documents itself (作废文书…) and its refusal to correct a lead says so; a withdrawn
decision not to file puts back 已交办 only a lead that was assigned."""

from __future__ import annotations

import pytest

from tests.helpers import run, undecided_lead
from tests.test_leads_workflow import LEAD
from workstation.documents.drafts import find_form
from workstation.documents.issuing import get_document, issue_values, void_consequences, void_document
from workstation.leads_register import LeadEntry, edit_refusal, register_lead
from workstation.leads_workflow import (
    REFERRAL_WITHDRAWN,
    check_lead_issue,
    decide_lead,
    get_lead_row,
    issue_lead_document,
    lead_history,
    receiver_errors,
    referral_history,
    withdraw_not_filing,
)
from workstation.stats import campaign_stats
from workstation.store import agency_by_code
from workstation.store.base import set_setting

LETTER = {"receiver": "广东省通信管理局", "contact_person": "陈志强"}
OTHER = "佛山市公安局禅城分局"


def referred(db, data_dir, *, assigned: bool = True):
    """A demo lead (assigned to a town office of 禅城区, else never assigned on a station of 南海区局) referred by its
    transfer letter: (lead id, the letter)."""
    if assigned:
        lead = undecided_lead(db, LEAD, agency_code="440604012", assigned_on="2026-03-02")
    else:
        lead = undecided_lead(db, LEAD)
        set_setting(db, "station_agency", agency_by_code(db, "440605").id)
    letter = issue_lead_document(db, data_dir, lead, find_form("case_transfer_letter"),
                                 {**LETTER, "issued_on": "2026-03-05"})
    assert get_lead_row(db, lead)["status"] == "referred"
    return lead, letter


def test_voiding_the_letter_that_referred_a_lead_reopens_it_and_keeps_the_referral_in_its_history(demo_db, data_dir,
                                                                                                  english):
    lead, letter = referred(demo_db, data_dir)
    before = get_lead_row(demo_db, lead)
    referred_count = campaign_stats(demo_db)["leads"]["by_status"].get("referred", 0)
    said = " ".join(void_consequences(demo_db, letter))
    assert "The lead is reopened" in said and "广东省通信管理局" in said and "2026-03-05" in said
    audited = demo_db.execute("SELECT MAX(seq) FROM audit").fetchone()[0]
    void_document(demo_db, letter.id, "移送机关写错")
    row = get_lead_row(demo_db, lead)
    assert (row["status"], row["decision"], row["decided_on"], row["referred_to"]) == ("assigned", "", None, "")
    assert (row["agency_id"], row["assigned_on"]) == (before["agency_id"], "2026-03-02")  # T1 as it ran
    assert campaign_stats(demo_db)["leads"]["by_status"].get("referred", 0) == referred_count - 1
    [kept] = lead_history(demo_db, lead, REFERRAL_WITHDRAWN)
    assert (kept["decided_on"], kept["reason"]) == ("2026-03-05", "移送机关写错")
    assert referral_history(demo_db, lead)[0]["referred_to"] == "广东省通信管理局"
    actions = [r[0] for r in demo_db.execute("SELECT action || ' ' || entity FROM audit WHERE seq > ?", [audited])]
    assert "void_referral lead" in actions and "void_referral lead_history" in actions
    # the mistake can be put right: the lead referred again, to another agency
    assert receiver_errors(row, find_form("case_transfer_letter"), {"receiver": OTHER}) == {}
    issue_lead_document(demo_db, data_dir, lead, find_form("case_transfer_letter"),
                        {**LETTER, "receiver": OTHER, "issued_on": "2026-03-06"})
    row = get_lead_row(demo_db, lead)
    assert (row["status"], row["referred_to"], row["decided_on"]) == ("referred", OTHER, "2026-03-06")


def test_a_lead_never_assigned_is_registered_again_when_its_referral_letter_is_voided(demo_db, data_dir):
    lead, letter = referred(demo_db, data_dir, assigned=False)
    void_document(demo_db, letter.id, "误移送")
    row = get_lead_row(demo_db, lead)
    assert (row["status"], row["assigned_on"]) == ("registered", None)
    decide_lead(demo_db, lead, "refer", referred_to=OTHER)  # `leads decide --refer` is no longer refused


def test_a_letter_still_in_force_keeps_the_lead_referred(demo_db, data_dir, english):
    lead, letter = referred(demo_db, data_dir)
    form = find_form("case_transfer_letter")
    values, context, agency_id = check_lead_issue(demo_db, lead, form, {**LETTER, "issued_on": "2026-03-06"})
    # a corrected letter superseding it (as `docs issue --supersedes` records one)
    correction = issue_values(demo_db, data_dir, form, values, owner={"lead_id": lead}, agency_id=agency_id,
                              agency=str(context["agency.name"]), date="2026-03-06", supersedes=letter.id)
    assert not any("reopened" in s for s in void_consequences(demo_db, letter))
    void_document(demo_db, letter.id, "已更正")
    assert get_lead_row(demo_db, lead)["status"] == "referred"
    assert lead_history(demo_db, lead, REFERRAL_WITHDRAWN) == []
    # the last letter in force voided: the referral stands on no letter any more, and the lead is reopened
    void_document(demo_db, correction.id, "不应移送")
    assert get_lead_row(demo_db, lead)["status"] == "assigned"


def test_another_document_of_a_referred_lead_voided_leaves_it_referred(demo_db, data_dir):
    lead, _letter = referred(demo_db, data_dir)
    register = issue_lead_document(demo_db, data_dir, lead, find_form("case_source_register"), {"registrar": "李明"})
    void_document(demo_db, register.id, "填错")
    assert get_lead_row(demo_db, lead)["status"] == "referred"


def test_docs_void_says_the_lead_was_reopened(demo_db, data_dir, capsys, english):
    lead, letter = referred(demo_db, data_dir)
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "void", letter.number, "--reason", "移送机关写错")
    assert code == 0, err
    assert "The lead is reopened" in out
    assert get_lead_row(demo_db, lead)["status"] == "assigned"
    assert get_document(demo_db, letter.id).status == "void"


# ---- a withdrawn decision not to file -------------------------------------------------------------------------------

def test_withdrawing_not_filing_a_lead_never_assigned_registers_it_again(demo_db, english):
    bureau = agency_by_code(demo_db, "440604")
    lead = register_lead(demo_db, LeadEntry(source="report", received_at="2026-11-30 10:00", agency_id=bureau.id,
                                            description="来访反映：13800138000频繁拨打推销电话")).id
    assigned = campaign_stats(demo_db)["leads"]["assigned"]
    decide_lead(demo_db, lead, "not_file", on="2026-12-01", reason="无违法事实")
    row = withdraw_not_filing(demo_db, lead, "核查不充分", on="2026-12-02")
    assert (row["status"], row["agency_id"], row["assigned_on"]) == ("registered", bureau.id, None)
    assert campaign_stats(demo_db)["leads"]["assigned"] == assigned


# ---- the window -----------------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_leads_page_voids_the_letter_and_says_the_lead_was_reopened(demo_db, data_dir, make_window, prompts,
                                                                        qtbot, english):
    lead, letter = referred(demo_db, data_dir)
    register = issue_lead_document(demo_db, data_dir, lead, find_form("case_source_register"), {"registrar": "李明"})
    page = make_window(demo_db).leads_page
    page.refresh(select=lead)
    button = page.void_button
    assert button.isEnabled() and "&" in button.text()
    prompts.choices, prompts.texts = [0], ["移送机关写错"]
    prompts.confirm_answer = False
    button.click()  # asked which, why, then confirmed: refused, nothing changes
    assert get_document(demo_db, letter.id).status == "issued"
    assert any("The lead is reopened" in c for c in prompts.confirmations) and prompts.destructive
    assert len(prompts.offered[-1]) == 3  # the letter and the register: the issued documents of the lead
    prompts.choices, prompts.texts = [0], ["移送机关写错"]
    prompts.confirm_answer = True
    button.click()
    assert get_document(demo_db, letter.id).status == "void"
    assert get_lead_row(demo_db, lead)["status"] == "assigned"
    assert any("The lead is reopened" in i for i in prompts.infos), prompts.infos
    assert page.buttons["refer"].isEnabled()  # the page follows: the lead can be referred again
    # the register still quotes the lead: the refusal to correct it names the window's action, then the command
    refusal = edit_refusal(demo_db, get_lead_row(demo_db, lead))
    assert "Void document…" in refusal and f"docs void {register.number or register.id}" in refusal
    assert page.buttons["edit_lead"].toolTip() == refusal
    prompts.choices, prompts.texts = [], ["填错"]
    button.click()  # one left: voided without asking which
    assert get_document(demo_db, register.id).status == "void" and prompts.errors == []
    assert not button.isEnabled()  # nothing in force left to void

