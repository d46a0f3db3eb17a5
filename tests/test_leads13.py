"""Leads assigned across stations and their documents: the 联系人 and 联系电话 of a lead's 案件交办通知书 and
案件移送函 start from what the officer typed on the last one issued under the same bureau (else the officer signed
in), so that assigning leads by the dozen does not mean typing them each time; a value typed wins."""

from __future__ import annotations

import pytest

from workstation.documents.drafts import find_form
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.values import default_values
from workstation.leads_workflow import assign_lead, get_lead_row, issue_lead_document, lead_context
from workstation.store import agency_by_code

CHANCHENG_TOWN = "440604012"  # a town office of 禅城区: its leads' documents go out under 禅城区局
NANHAI = "440605"


def open_leads(db, n: int) -> list[str]:
    """``n`` demo leads put back to registered and never assigned."""
    ids = [r[0] for r in db.execute("SELECT id FROM leads ORDER BY id LIMIT ?", [n])]
    db.execute(f"UPDATE leads SET status = 'registered', agency_id = NULL, assigned_on = NULL, decision = '', "
               f"case_id = NULL WHERE id IN ({', '.join('?' * n)})", ids)
    return ids


def assigned(db, lead_id: str, code: str = CHANCHENG_TOWN, **how) -> str:
    assign_lead(db, lead_id, agency_by_code(db, code).id, **how)
    return lead_id


def assigned_by_city(db, lead_id: str, code: str) -> str:
    """``lead_id`` assigned (交办) to ``code`` by the city bureau, which received it (as the demo's loader assigns its
    seed's leads): a station's own bureau is not assigned a lead it received itself (its T1 would start again)."""
    return assigned(db, lead_id, code, received_by=agency_by_code(db, "440600").id)


def contact(db, lead_id: str, form: str = "assignment_notice") -> tuple[str, str]:
    values = default_values(find_form(form), lead_context(db, get_lead_row(db, lead_id)))
    return values["contact_person"] or "", values["contact_phone"] or ""


def issue(db, data_dir, lead_id: str, form: str = "assignment_notice", **typed):
    return issue_lead_document(db, data_dir, lead_id, find_form(form), typed)


def test_the_contact_typed_on_a_notice_is_the_next_notices_contact_under_that_bureau(
        demo_db, data_dir, monkeypatch):
    monkeypatch.setenv("WORKSTATION_ACTOR", "administrator")  # the laptop's account, no officer's name
    first, second, third = (assigned(demo_db, i) for i in open_leads(demo_db, 3))
    assert contact(demo_db, first) == ("", "")
    with pytest.raises(ValidationError) as refused:  # nothing to take it from yet: it is typed once
        issue(demo_db, data_dir, first)
    assert refused.value.errors == {"联系人": "此项必填。"}
    issue(demo_db, data_dir, first, contact_person="陈志强", contact_phone="0757-83301234")
    # the next lead's notice and transfer letter start from it, and it is issued without typing anything
    assert contact(demo_db, second) == ("陈志强", "0757-83301234")
    assert contact(demo_db, second, "case_transfer_letter") == ("陈志强", "0757-83301234")
    document = issue(demo_db, data_dir, second)
    assert (document.values["contact_person"], document.values["contact_phone"]) == ("陈志强", "0757-83301234")
    # a contact typed over the default is the one printed, and the one the next notice starts from
    document = issue(demo_db, data_dir, third, contact_person="李明", contact_phone="13800138000")
    assert (document.values["contact_person"], document.values["contact_phone"]) == ("李明", "13800138000")
    assert contact(demo_db, second) == ("李明", "13800138000")


def test_another_bureaus_contact_is_not_taken(demo_db, data_dir, monkeypatch):
    monkeypatch.setenv("WORKSTATION_ACTOR", "administrator")
    chancheng, nanhai = open_leads(demo_db, 2)
    issue(demo_db, data_dir, assigned(demo_db, chancheng), contact_person="陈志强", contact_phone="0757-83301234")
    assert contact(demo_db, assigned(demo_db, nanhai, NANHAI)) == ("", "")


def test_the_officer_signed_in_is_the_contact_until_they_type_another(demo_db, data_dir, monkeypatch):
    officer = demo_db.execute("SELECT name FROM officers WHERE active = 1 AND name != '陈志强' LIMIT 1").fetchone()[0]
    first, second, third = (assigned(demo_db, i) for i in open_leads(demo_db, 3))
    monkeypatch.setenv("WORKSTATION_ACTOR", "administrator")
    issue(demo_db, data_dir, first, contact_person="陈志强", contact_phone="0757-83301234")
    # a colleague signing in is the contact of their own notices (another's phone is not put beside their name)
    monkeypatch.setenv("WORKSTATION_ACTOR", officer)
    assert contact(demo_db, second) == (officer, "")
    issue(demo_db, data_dir, second, contact_phone="0757-86220000")
    assert contact(demo_db, third) == (officer, "0757-86220000")
    # and what they typed themselves wins over their name next time
    issue(demo_db, data_dir, third, contact_person="科室值班", contact_phone="0757-86221111")
    monkeypatch.setenv("WORKSTATION_ACTOR", officer)
    fourth = assigned(demo_db, open_leads(demo_db, 4)[3])
    assert contact(demo_db, fourth) == ("科室值班", "0757-86221111")


# which bureau issues a lead's documents, across headquarters and a district station --------------------------------
def station_of(db, code: str) -> None:
    from workstation.store.base import set_setting

    set_setting(db, "station_agency", agency_by_code(db, code).id)


def test_headquarters_assigning_a_lead_to_a_town_office_issues_the_notice_in_its_own_name(demo_db, data_dir):
    station_of(demo_db, "440600")  # the city bureau's installation
    lead = assigned(demo_db, open_leads(demo_db, 1)[0], "440605011")  # straight to 桂城所 of 南海区
    document = issue(demo_db, data_dir, lead, contact_person="张华")
    # the city's notice and number: 南海区局's own laptop takes the 佛南市监 numbers
    assert document.number.startswith("佛市监交〔")
    assert draft_agency(demo_db, lead) == "佛山市市场监督管理局"


def draft_agency(db, lead_id: str, form: str = "assignment_notice") -> str:
    from workstation.leads_workflow import draft_lead_document

    draft = draft_lead_document(db, lead_id, find_form(form), {"contact_person": "张华"})
    return ["".join(run.text for run in block.runs) for block in draft.blocks if hasattr(block, "runs")][0]


def test_a_district_station_refers_a_lead_assigned_to_it_under_its_own_name(demo_db, data_dir):
    station_of(demo_db, NANHAI)
    lead = assigned_by_city(demo_db, open_leads(demo_db, 1)[0], NANHAI)  # the city assigned it to 南海区局
    letter = issue(demo_db, data_dir, lead, "case_transfer_letter", receiver="广东省通信管理局", contact_person="陈志强")
    assert letter.number.startswith("佛南市监移函〔")  # it was 佛市监移函: the city's name and number
    assert draft_agency(demo_db, lead, "case_transfer_letter") == "佛山市南海区市场监督管理局"


def test_a_district_station_does_not_issue_the_notice_the_city_assigned_it_a_lead_with(
        demo_db, data_dir, table_counts, english):
    station_of(demo_db, NANHAI)
    lead = assigned_by_city(demo_db, open_leads(demo_db, 1)[0], NANHAI)
    before = table_counts(demo_db, ("documents", "doc_numbers", "audit"))
    with pytest.raises(WorkstationError) as refused:
        issue(demo_db, data_dir, lead, contact_person="陈志强")
    assert refused.value.message == (
        "This lead was assigned to 佛山市南海区市场监督管理局 by 佛山市市场监督管理局: its assignment notice is "
        "佛山市市场监督管理局's, issued there under its name and 文号, not on this station. File the notice received "
        "with the lead's materials.")
    assert table_counts(demo_db, ("documents", "doc_numbers", "audit")) == before
    # its own town office's notice it issues, under its own name (handed to 九江所 the day it was received: T1 kept,
    # the result reported by its end)
    town = open_leads(demo_db, 2)[1]
    town = assigned(demo_db, town, "440605121", on=get_lead_row(demo_db, town)["received_at"][:10])
    assert issue(demo_db, data_dir, town, contact_person="陈志强").number.startswith("佛南市监交〔")


def test_headquarters_notice_reaches_a_district_station_that_issued_notices_of_its_own(capsys, tmp_path,
                                                                                       station_and_hq_template):
    from tests.helpers import copy_station_and_hq, open_db, run_json
    from workstation.leads_register import LeadEntry, register_lead
    from workstation.leads_workflow import file_case_from_lead, lead_documents

    root = copy_station_and_hq(station_and_hq_template(), tmp_path)
    station, hq = root / "station", root / "hq"
    run_json(capsys, "--data-dir", hq, "init", "--agency", "440600")
    run_json(capsys, "--data-dir", hq, "station", "trust", root / "station.card")
    run_json(capsys, "--data-dir", station, "station", "headquarters", root / "hq.card")
    run_json(capsys, "--data-dir", station, "station", "trust", root / "hq.card")
    db = open_db(station)  # 南海区局 hands a lead of its own to 九江所 first (the day it came): 佛南市监交〔…〕1号
    own = open_leads(db, 1)[0]
    own = assigned(db, own, "440605121", on=get_lead_row(db, own)["received_at"][:10])
    assert issue(db, station, own, contact_person="陈志强").number.endswith("〕1号")
    db.conn.close()
    db = open_db(hq)
    lead = register_lead(db, LeadEntry(source="12345", received_at="2026-11-20 09:10", party="佛山市南海区某楼盘销售部",
                                       description="市民反映号码0757-86661234频繁来电推销楼盘")).id
    notice = issue(db, hq, assigned(db, lead, "440605011"), contact_person="张华")
    db.conn.close()
    run_json(capsys, "--data-dir", hq, "bundle", "export", "--all", "-o", root / "h1.bundle")
    # the hand-out used to be refused: 文号 佛南市监交〔…〕1号 taken on both laptops
    assert run_json(capsys, "--data-dir", station, "bundle", "import", root / "h1.bundle")["conflicts"] == 0
    db = open_db(station)
    assert [d.number for d in lead_documents(db, lead)] == [notice.number]
    case = file_case_from_lead(db, lead)
    db.conn.close()
    run_json(capsys, "--data-dir", station, "bundle", "export", "-o", root / "s1.bundle")
    run_json(capsys, "--data-dir", hq, "bundle", "import", root / "s1.bundle")
    db = open_db(hq)
    row = get_lead_row(db, lead)
    db.conn.close()
    # opened at the station, not filed yet: headquarters sees the lead 立案中 (open, linked), not decided
    assert (row["status"], row["case_id"], row["decided_on"]) == ("assigned", case.id, None)


# the leads page: where and when the lead was assigned, and the notice it came with -----------------------------------
def test_the_leads_page_shows_the_notice_a_lead_came_with_and_opens_it_read_only(
        demo_db, data_dir, make_window, english):
    station_of(demo_db, "440600")
    lead = assigned(demo_db, open_leads(demo_db, 1)[0], "440605011")
    notice = issue(demo_db, data_dir, lead, contact_person="张华", contact_phone="0757-83300000")
    window = make_window(demo_db)
    page = window.leads_page
    page.select(lead)
    shown = page.detail.toPlainText()
    assert f"Assigned to 桂城所 on {get_lead_row(demo_db, lead)['assigned_on']}." in shown
    assert f"Issued: 案件交办通知书 {notice.number} on {notice.issued_at[:10]}" in shown
    editor = page.open_document()
    try:
        assert editor.document.id == notice.id and editor.document.number.startswith("佛市监交〔")
        assert editor.fields["contact_person"].value() == "张华" and not editor.issue_action.isEnabled()
    finally:
        editor.shutdown()
        editor.close()
    # a lead without documents says so on the greyed-out button
    other = assigned(demo_db, open_leads(demo_db, 2)[1], "440605011")
    page.refresh(select=other)
    assert not page.buttons["open_document"].isEnabled()
    assert page.buttons["open_document"].toolTip() == (
        "No document (assignment notice, transfer letter) was issued for this lead yet.")
