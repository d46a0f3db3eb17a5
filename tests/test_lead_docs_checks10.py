"""A lead's documents (案件交办通知书, 案件移送函) and an interview's (约谈通知书, 约谈记录, 约谈纪要) are checked
before the officer is asked to issue them, as a case's are: a document that would be refused is refused at once,
without the question "签发？" and without a number taken; one that can be issued is asked about once. The core
checks (``check_lead_issue``, ``check_interview_issue``) take no number and write nothing, and issuing refuses
exactly as they do."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import (
    check_interview_issue,
    interview_documents,
    issue_interview_document,
)
from workstation.errors import ValidationError, WorkstationError
from workstation.leads_workflow import assign_lead, check_lead_issue, issue_lead_document, lead_documents
from workstation.store import agency_by_code, get_party, save_party
from workstation.store.interviews import get_interview

LEAD = "bb7f2ea6-871d-54c3-a193-b529d98b09cc"  # demo lead: 0757-85836433 calling about new flats, 禅城区
INTERVIEW = "2665d286-9309-541e-9d11-f29c98a11471"  # demo interview of one developer's agent (铎恒置业)
WRITTEN = ("documents", "doc_numbers", "audit")


@pytest.fixture
def before_the_interview(demo_db, monkeypatch):
    """The demo interview as it was when its notice was sent: scheduled, with its contact phone, on 10 September
    2026 (a notice is not issued once the interview has passed)."""
    from workstation.store.interviews import save_interview

    for module in ("workstation.documents.interview_documents", "workstation.formkit.interview_values"):
        monkeypatch.setattr(f"{module}.today", lambda: "2026-09-10")
    # not followed up yet: an interview not held holds no follow-up result (s58)
    return save_interview(demo_db, replace(get_interview(demo_db, INTERVIEW), status="scheduled",
                                           contact_phone="0757-83030000", follow_up_on=None, follow_up_result="",
                                           follow_up_outcome=None))


def unassigned_lead(db) -> str:
    """The demo lead back to registered and never assigned, on the test station, which has no agency of its own:
    no bureau could put its name and 文号 on the lead's documents."""
    db.execute("UPDATE leads SET status = 'registered', agency_id = NULL, assigned_on = NULL WHERE id = ?", [LEAD])
    return LEAD


def without_code(db, party_id: str) -> None:
    """The party's unified social credit code removed (as an officer correcting the party record would)."""
    save_party(db, replace(get_party(db, party_id), uscc=""))


# the core: a check that takes nothing, and issuing refusing as it does ---------------------------------------------
def test_an_unassigned_leads_notice_is_refused_by_the_check_and_by_issuing_alike_with_nothing_written(
        demo_db, data_dir, table_counts, english):
    unassigned_lead(demo_db)
    form = find_form("assignment_notice")
    before = table_counts(demo_db, WRITTEN)
    with pytest.raises(WorkstationError) as checked:
        check_lead_issue(demo_db, LEAD, form, {"contact_person": "陈志强"})
    with pytest.raises(WorkstationError) as issued:
        issue_lead_document(demo_db, data_dir, LEAD, form, {"contact_person": "陈志强"})
    assert checked.value.message == issued.value.message == (
        "Assign the lead first: the notice is addressed to the district or town it is assigned to.")
    assert table_counts(demo_db, WRITTEN) == before and lead_documents(demo_db, LEAD) == []


def test_a_station_with_a_bureau_refers_an_unassigned_lead_but_does_not_send_it_an_assignment_notice(
        demo_db, data_dir, table_counts, english):
    # the station's bureau may refer a lead it holds itself; an assignment notice needs the office it goes to (it
    # used to go out under the station's bureau with an empty 承办单位)
    from workstation.store.base import set_setting

    unassigned_lead(demo_db)
    set_setting(demo_db, "station_agency", agency_by_code(demo_db, "440604").id)
    before = table_counts(demo_db, WRITTEN)
    with pytest.raises(WorkstationError) as refused:
        issue_lead_document(demo_db, data_dir, LEAD, find_form("assignment_notice"), {"contact_person": "陈志强"})
    assert refused.value.message == (
        "Assign the lead first: the notice is addressed to the district or town it is assigned to.")
    assert table_counts(demo_db, WRITTEN) == before
    values, _context, agency_id = check_lead_issue(demo_db, LEAD, find_form("case_transfer_letter"),
                                                   {"contact_person": "陈志强"})
    assert agency_id == agency_by_code(demo_db, "440604").id


def test_the_check_of_an_assigned_leads_notice_gives_the_values_issuing_freezes_and_takes_no_number(
        demo_db, data_dir, table_counts):
    unassigned_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604012").id, on="2026-03-02")  # a town office of 禅城区
    form = find_form("assignment_notice")
    before = table_counts(demo_db, WRITTEN)
    # the result is due by the end of T1 (2026-03-23): a date the officer gives once that day has passed
    values, _context, agency_id = check_lead_issue(demo_db, LEAD, form, {"contact_person": "陈志强", "report_by": "2026-03-23", "issued_on": "2026-03-02"})
    assert table_counts(demo_db, WRITTEN) == before
    assert agency_id == agency_by_code(demo_db, "440604").id  # the bureau above the office issues it
    document = issue_lead_document(demo_db, data_dir, LEAD, form, {"contact_person": "陈志强", "report_by": "2026-03-23", "issued_on": "2026-03-02"})
    assert document.values == values and document.number.startswith("佛禅市监交〔")


def test_a_lead_checked_for_a_case_document_is_refused_naming_a_leads_documents(demo_db, english):
    with pytest.raises(WorkstationError) as refused:
        check_lead_issue(demo_db, LEAD, find_form("penalty_decision"))
    assert refused.value.message == ("A lead's documents are 案件交办通知书、案件移送函、案件来源登记表、不予立案审批表、"
                                     "行政处罚案件有关事项审批表、举报处理结果告知书; other documents are "
                                     "written for a case.")


def test_an_interview_notice_to_a_party_without_a_code_is_refused_by_the_check_and_by_issuing_alike(
        demo_db, data_dir, table_counts, before_the_interview):
    interview = get_interview(demo_db, INTERVIEW)
    party = interview.party_ids[0]
    form = find_form("interview_notice")
    values, _context = check_interview_issue(demo_db, interview, form, party_id=party)
    assert values["party_name"] == get_party(demo_db, party).name
    without_code(demo_db, party)
    before = table_counts(demo_db, WRITTEN)
    with pytest.raises(ValidationError) as checked:
        check_interview_issue(demo_db, interview, form, party_id=party)
    with pytest.raises(ValidationError) as issued:
        issue_interview_document(demo_db, data_dir, interview, form, party_id=party)
    assert checked.value.errors == issued.value.errors
    assert get_party(demo_db, party).name in checked.value.errors["party_ids"]
    assert table_counts(demo_db, WRITTEN) == before and interview_documents(demo_db, INTERVIEW) == []


# the editor: refused before the question, asked once when it can go through ------------------------------------
def test_the_editor_refuses_an_unassigned_leads_notice_without_asking_to_issue_it(demo_db, opened, prompts,
                                                                                    table_counts, english):
    unassigned_lead(demo_db)
    editor = opened(demo_db, "assignment_notice", lead_id=LEAD)
    editor.set_field("contact_person", "陈志强")
    assert editor.validate() == {}  # every field is right: only the lead stands in the way
    before = table_counts(demo_db, WRITTEN)
    prompts.confirm_answer = True
    editor.issue()
    assert prompts.confirmations == []
    assert prompts.errors == ["Assign the lead first: the notice is addressed to the district or town it is assigned "
                              "to."]  # no internal field name
    assert table_counts(demo_db, WRITTEN) == before and editor.document is None


def test_the_editor_asks_once_before_issuing_an_assigned_leads_notice(demo_db, opened, prompts):
    unassigned_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604012").id, on="2026-03-02")
    editor = opened(demo_db, "assignment_notice", lead_id=LEAD)
    editor.set_field("contact_person", "陈志强")
    editor.set_field("issued_on", "2026-03-02")  # issued the day it was assigned, its result due by the end of T1
    editor.set_field("report_by", "2026-03-23")
    prompts.confirm_answer = True
    editor.issue()
    assert len(prompts.confirmations) == 1 and "案件交办通知书" in prompts.confirmations[0]
    assert prompts.errors == []
    assert [d.id for d in lead_documents(demo_db, LEAD)] == [editor.document.id]


def test_the_editor_refuses_an_interview_notice_whose_party_lost_its_code_without_asking(
        demo_db, opened, prompts, table_counts):
    interview = get_interview(demo_db, INTERVIEW)
    party = interview.party_ids[0]
    editor = opened(demo_db, "interview_notice", interview=interview, party_id=party)
    without_code(demo_db, party)  # corrected in the party register while the notice was open
    before = table_counts(demo_db, WRITTEN)
    prompts.confirm_answer = True
    editor.issue()
    assert prompts.confirmations == []
    assert len(prompts.errors) == 1 and get_party(demo_db, party).name in prompts.errors[0]
    assert not prompts.errors[0].startswith("party_ids")
    assert table_counts(demo_db, WRITTEN) == before and editor.document is None


def test_the_editor_asks_once_before_issuing_an_interview_notice(demo_db, opened, prompts, before_the_interview):
    interview = get_interview(demo_db, INTERVIEW)
    editor = opened(demo_db, "interview_notice", interview=interview, party_id=interview.party_ids[0])
    prompts.confirm_answer = True
    editor.issue()
    assert len(prompts.confirmations) == 1 and "约谈通知书" in prompts.confirmations[0]
    assert [d.id for d in interview_documents(demo_db, INTERVIEW)] == [editor.document.id]


# the interview register's buttons ------------------------------------------------------------------------------
def test_the_register_refuses_a_notice_issued_before_whose_party_lost_its_code_before_asking_anything(
        demo_db, make_window, prompts, table_counts, tmp_path, before_the_interview):
    page = make_window(demo_db).interviews_page
    page.select(INTERVIEW)
    prompts.files = [str(tmp_path / "first.pdf")]
    page.issue(find_form("interview_notice"))
    assert prompts.confirmations == [] and (tmp_path / "first.pdf").is_file()
    party = get_interview(demo_db, INTERVIEW).party_ids[0]
    without_code(demo_db, party)  # the page still shows the notice's button enabled: not refreshed yet
    before = table_counts(demo_db, WRITTEN)
    prompts.confirm_answer = True
    prompts.files = [str(tmp_path / "again.pdf")]
    page.issue(find_form("interview_notice"))
    assert prompts.confirmations == []  # not asked whether to issue it once more, only told why not
    assert prompts.files == [str(tmp_path / "again.pdf")]  # nor where to save it
    assert len(prompts.errors) == 1 and get_party(demo_db, party).name in prompts.errors[0]
    assert table_counts(demo_db, WRITTEN) == before


def test_the_register_refuses_a_notice_in_force_issued_again(demo_db, make_window, prompts, tmp_path,
                                                             before_the_interview):
    page = make_window(demo_db).interviews_page
    page.select(INTERVIEW)
    prompts.files = [str(tmp_path / "first.pdf")]
    page.issue(find_form("interview_notice"))
    prompts.files = [str(tmp_path / "again.pdf")]
    page.issue(find_form("interview_notice"))  # one notice to the party: void it first to send another
    [first] = interview_documents(demo_db, INTERVIEW)
    assert first.number in prompts.errors[-1] and prompts.confirmations == []
    assert not (tmp_path / "again.pdf").exists()


def test_a_lead_document_s_window_title_masks_the_number_the_lead_names(demo_db, opened):
    """The editor's title took the lead's 案由 as it is, with the caller's number in full, while every list masks it."""
    editor = opened(demo_db, "assignment_notice", lead_id=LEAD)
    title = editor.windowTitle()
    assert "0757-****6433" in title and "85836433" not in title
