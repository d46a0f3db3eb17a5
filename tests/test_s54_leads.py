"""Session 54, the leads workflow audit: the note kept with a 不予立案 recorded after T1 ran out was printed as the
不予立案理由 of the case's 不予立案审批表 and in the reporter's 举报处理结果告知书; a withdrawn decision not to file
kept its 不予立案审批表 in force (no new one offered, a new one refused, the stale one in force in the case opened
later); the 线索 page counted a lead being filed (立案中) by its own T1, not its case's, extended; the 案件交办通知书
was dated the day it was written, not the day of the assignment it records; 立案 on the page opened the case without
asking; ``leads decide`` of a lead not filed did not say how to withdraw that decision, and ``leads add`` refused a
time with a time-zone suffix as "not a time to the minute". The program's clock is set to the days acted on."""

from __future__ import annotations

import json

import pytest

from tests.helpers import program_day, run, run_json
from tests.rendering import pdf_of
from workstation import procedure
from workstation.documents.drafts import draft_document, find_form
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    assign_lead,
    decide_lead,
    draft_lead_document,
    file_case_from_lead,
    get_lead_row,
    issue_lead_document,
    lead_documents,
    withdraw_not_filing,
)
from workstation.store import agency_id_for_code, get_case

TODAY = "2026-12-05"
REASON = "经核查，当事人违法行为轻微并及时改正，没有造成危害后果"
APPROVERS = {"officer1_name": "陈志强", "officer1_cert": "44060512001", "officer2_name": "黄丽娟",
             "officer2_cert": "44060512002"}


@pytest.fixture(autouse=True)
def _on_the_day(monkeypatch):
    program_day(monkeypatch, TODAY)


def printed(document) -> str:
    return "".join("".join(pdf_of(document).text_lines()).split())


def reported(db, received: str = "2026-10-12 10:00", assigned: str | None = "2026-10-13") -> str:
    """A named report (its reporter told by letter: T24, the 举报处理结果告知书) assigned to the 南海 bureau."""
    lead = register_lead(db, LeadEntry(
        source="report", received_at=received, description="来访举报：佛山市南海区星河装饰工程有限公司未经同意多次发送装修推销短信",
        party="佛山市南海区星河装饰工程有限公司", complainant_phone="13811112222", reporter_name="王小明",
        target_phone="13566667777")).id
    if assigned:
        assign_lead(db, lead, agency_id_for_code("440605"), on=assigned)
    return lead


# 1. the note of a 不予立案 after T1 is the timeline's, not the 不予立案理由 printed ---------------------------------
@pytest.mark.parametrize("language", ["chinese", "english"])
def test_a_late_decline_prints_the_reason_alone_and_the_timeline_keeps_the_late_note(db, data_dir, capsys, officers,
                                                                                     request, language):
    request.getfixturevalue(language)  # the language the step was recorded in
    lead = reported(db)
    case = file_case_from_lead(db, lead)
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "decline_filing", "--date",
                      "2026-11-10", "--reason", REASON)
    assert any("2026-11-03" in warning for warning in result["warnings"])  # told it came late
    notes = " ".join(note or "" for (note,) in db.execute(
        "SELECT note FROM case_events WHERE case_id = ? AND to_status = 'not_filed'", [case.id]))
    assert "2026-11-03" in notes  # the timeline keeps the lateness
    request.getfixturevalue("chinese")
    approval = printed(draft_document(db, get_case(db, case.id), find_form("non_filing_approval"), APPROVERS))
    assert REASON in approval
    assert "超过T1" not in approval and "2026-11-03" not in approval and "timelimit" not in approval
    assert get_lead_row(db, lead)["decision_reason"] == REASON
    letter = printed(draft_lead_document(db, lead, find_form("report_result_notice"), {}))
    assert REASON in letter and "超过T1" not in letter and "timelimit" not in letter


def test_a_reason_stored_with_the_late_note_before_prints_without_it(db, data_dir, capsys, officers, chinese):
    """Data recorded before: the lead's reason and the case's step hold the note as the timeline words it."""
    lead = reported(db)
    case = file_case_from_lead(db, lead)
    run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "decline_filing", "--date", "2026-11-10",
        "--reason", REASON)
    late = f"{REASON} 超过T1期限（2026-11-03届满）7日后决定不予立案。 Decided not to file 7 days after the time limit T1 " \
           "ran out on 2026-11-03."
    db.execute("UPDATE leads SET decision_reason = ? WHERE id = ?", [late, lead])
    db.execute("UPDATE case_events SET note = ? WHERE case_id = ? AND to_status = 'not_filed'", [late, case.id])
    approval = printed(draft_document(db, get_case(db, case.id), find_form("non_filing_approval"), APPROVERS))
    letter = printed(draft_lead_document(db, lead, find_form("report_result_notice"), {}))
    for text in (approval, letter):
        assert REASON in text and "超过T1" not in text and "Decided" not in text


# 2. withdrawing a decision not to file voids its 不予立案审批表 -----------------------------------------------------
def not_filed_with_approval(db, data_dir) -> tuple[str, object]:
    lead = reported(db, "2026-11-16 10:00", "2026-11-17")
    decide_lead(db, lead, "not_file", on="2026-11-20", reason="经核查，号码已停机，无法确定使用人")
    approval = issue_lead_document(db, data_dir, lead, find_form("non_filing_approval"), APPROVERS)
    return lead, approval


def test_withdrawing_the_decision_voids_its_approval_and_a_new_one_is_issued_for_the_next(db, data_dir, officers,
                                                                                         english):
    lead, approval = not_filed_with_approval(db, data_dir)
    audited = db.execute("SELECT MAX(seq) FROM audit").fetchone()[0]
    withdraw_not_filing(db, lead, "又收到新的举报，需重新核查", on="2026-11-25")
    (voided,) = lead_documents(db, lead)
    assert (voided.id, voided.status) == (approval.id, "void")
    assert "又收到新的举报，需重新核查" in voided.void_reason and "withdrawn" in voided.void_reason
    assert db.execute("SELECT 1 FROM audit WHERE seq > ? AND action = 'void' AND entity_id = ?",
                      [audited, approval.id]).fetchone()
    decide_lead(db, lead, "not_file", on="2026-11-30", reason="违法行为轻微并及时改正，没有造成危害后果")
    again = issue_lead_document(db, data_dir, lead, find_form("non_filing_approval"), APPROVERS)
    assert again.values["reason"] == "违法行为轻微并及时改正，没有造成危害后果"
    assert [d.status for d in lead_documents(db, lead)] == ["void", "issued"]


def test_the_case_opened_after_a_withdrawal_holds_no_approval_not_to_file_in_force(db, data_dir, officers):
    from workstation.concluding import non_filing_approval_issued
    from workstation.documents.issuing import document_list, in_force_of_form

    lead, _approval = not_filed_with_approval(db, data_dir)
    withdraw_not_filing(db, lead, "查明了号码使用人", on="2026-11-25")
    case = file_case_from_lead(db, lead)
    assert in_force_of_form(db, case.id, "non_filing_approval") == []
    assert not non_filing_approval_issued(db, case)
    assert [d["status"] for d in document_list(db, case.id) if d["form"] == "non_filing_approval"] in ([], ["void"])


@pytest.mark.gui
def test_the_window_says_the_approval_is_voided_and_offers_a_new_one(db, data_dir, officers, make_window, prompts,
                                                                     english):
    lead, approval = not_filed_with_approval(db, data_dir)
    page = make_window(db).leads_page
    page.refresh(select=lead)
    prompts.texts, prompts.days, prompts.confirm_answers = ["又收到新的举报，需重新核查"], ["2026-11-25"], [True]
    page.not_file()  # the button withdraws the decision
    assert "不予立案审批表" in prompts.confirmations[-1] and "void" in prompts.confirmations[-1]
    assert get_lead_row(db, lead)["status"] == "assigned"
    assert [d.status for d in lead_documents(db, lead)] == ["void"]
    opened = []
    page.write = lambda form_id, lead=None: opened.append(form_id)
    asked = len(prompts.confirmations)
    prompts.texts, prompts.days, prompts.confirm_answers = ["违法行为轻微并及时改正"], ["2026-11-30"], [True, True]
    page.not_file()
    assert "Write the 不予立案审批表 (approval not to file) now?" in prompts.confirmations[asked:]
    assert opened == ["non_filing_approval"]


# 3. the 线索 page counts a lead being filed by its case's T1 --------------------------------------------------------
@pytest.mark.gui
def test_the_page_shows_a_lead_being_filed_due_by_its_case_s_extended_t1(db, make_window):
    from workstation import clocks
    from workstation.case_records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    lead = reported(db, "2026-11-09 10:00", "2026-11-10")  # its own T1 ends on 2026-12-01, before today
    case = file_case_from_lead(db, lead)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="extension", clock="T1", days=15, starts_on="2026-11-28",
                                      approved_on="2026-11-28", approved_by="王局长"))
    (board,) = [d for d in clocks.board(db) if d.case_id == case.id and d.clock == "T1"]
    assert board.due > TODAY and board.state != "overdue"
    page = make_window(db).leads_page
    page.refresh(select=lead)
    row = page.selected()
    assert (row["due"], row["overdue"]) == (board.due, False)


# 4. the 案件交办通知书 is dated the day of the assignment -----------------------------------------------------------
def test_the_notice_is_dated_the_day_of_the_assignment(db, data_dir, capsys, tmp_path):
    from workstation.money import chinese_date

    lead = reported(db, "2026-11-30 10:00", "2026-12-01")
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"contact_person": "陈志强"}, ensure_ascii=False), encoding="utf-8")
    result = run_json(capsys, "--data-dir", data_dir, "docs", "issue", lead, "--form", "assignment_notice",
                      "--values", values, "-o", tmp_path / "notice.pdf")
    assert "warnings" not in result
    (notice,) = lead_documents(db, lead)
    assert notice.values["issued_on"] == "2026-12-01"
    assert chinese_date("2026-12-01") in printed(draft_lead_document(db, lead, find_form("assignment_notice"),
                                                                     {"contact_person": "陈志强"}))


def test_a_notice_dated_another_day_is_issued_with_a_warning(db, data_dir, capsys, tmp_path, english):
    lead = reported(db, "2026-11-30 10:00", "2026-12-01")
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"contact_person": "陈志强", "issued_on": TODAY}), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "--json", "docs", "issue", lead, "--form",
                         "assignment_notice", "--values", values, "-o", tmp_path / "notice.pdf")
    assert code == 0, err
    (warning,) = json.loads(out)["warnings"]
    assert "2026-12-01" in warning and TODAY in warning and "assign" in warning
    assert f"Warning: {warning}" in " ".join(err.split())


@pytest.mark.gui
def test_the_editor_asks_before_issuing_a_notice_dated_another_day(db, opened, prompts, english):
    lead = reported(db, "2026-11-30 10:00", "2026-12-01")
    editor = opened(db, "assignment_notice", lead_id=lead)
    assert editor.current_values()["issued_on"] == "2026-12-01"
    editor.set_field("contact_person", "陈志强")
    editor.set_field("issued_on", TODAY)
    prompts.confirm_answer = False
    editor.issue()
    assert prompts.errors == []
    (question,) = prompts.confirmations
    assert "2026-12-01" in question and "assign" in question
    assert editor.document is None


def test_the_earlier_notice_form_is_kept():
    from workstation.formkit.spec import earlier_form

    current = find_form("assignment_notice")
    earlier = earlier_form("assignment_notice", 4)  # the last version dated on the day of printing
    assert earlier is not None
    assert {f.name: f.source for f in earlier.fields}["issued_on"] == "today"
    assert {f.name: f.source for f in current.fields}["issued_on"] == "lead.assigned_on"


# 5. 立案 on the page asks first ----------------------------------------------------------------------------------
@pytest.mark.gui
def test_filing_a_lead_on_the_page_asks_before_opening_its_case(db, make_window, prompts, english):
    lead = reported(db, "2026-11-30 10:00", "2026-12-01")
    page = make_window(db).leads_page
    page.refresh(select=lead)
    opened = []
    page.case_opened.connect(opened.append)
    prompts.confirm_answer = False
    page.file_case()
    (question,) = prompts.confirmations
    assert "referred" in question and "not to be filed" in question
    assert opened == [] and get_lead_row(db, lead)["case_id"] is None
    prompts.confirm_answer = True
    page.file_case()
    assert len(opened) == 1 and get_lead_row(db, lead)["case_id"] == opened[0]


# minor: the refusals of the command line --------------------------------------------------------------------------
def test_deciding_a_lead_not_filed_says_how_to_withdraw_that_decision(db, data_dir, capsys, english):
    lead = reported(db, "2026-11-16 10:00", "2026-11-17")
    decide_lead(db, lead, "not_file", on="2026-11-20", reason="经核查，号码已停机")
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--not-file", "--reason", "另一理由")
    assert code != 0
    assert "Withdraw not filing" in err and "Leads" in err


def test_a_received_time_with_a_time_zone_suffix_is_refused_saying_so(db, data_dir, capsys, english):
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "add", "--source", "report", "--received",
                          "2026-10-12T10:00+08:00", "--description", "来访举报推销短信")
    assert code != 0
    assert "+08:00" in err and "time-zone" in err and "not a time to the minute" not in err
    assert db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 0


def test_the_timeline_note_helper_keeps_a_reason_without_notes(english):
    from workstation.concluding import without_decline_note

    assert without_decline_note(REASON) == REASON
    assert procedure.noted_reason(REASON) == REASON
