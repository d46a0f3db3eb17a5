"""Session 52, the leads page audit: the 不予立案审批表 ticked ground (三) for a reason saying the party could NOT prove
its lack of fault; a lead decided (不予立案, 移送) after its verification period (T1) ended, or first assigned after
it ended, lost that lateness without a word; a refused complaint import named only its first bad row; the summary
counted the leads past "15 working days" (an extended T1 is 30) and called the decision on filing a 处理决定."""

from __future__ import annotations

import csv

import pytest

from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    assign_lead,
    decide_lead,
    get_lead_row,
    not_filing_ground,
    t1_due,
)
from workstation.store import list_agencies

pytestmark = pytest.mark.gui

NO_FAULT = "当事人有证据足以证明没有主观过错"
OTHER = "依法可以不予立案的其他情形"


# ---- 1. the ground a reason for not filing gives ------------------------------------------------------------------

@pytest.mark.parametrize(("reason", "ground"), [
    # the party could not prove it: not ground (三)
    ("当事人不能提供证据证明其没有主观过错", None),
    ("当事人未能提供证据证明其无主观过错", None),
    ("当事人不能提供证据证明其没有主观过错，且现有证据无法认定违法", None),
    ("当事人无法提供证据证明其没有主观过错", None),
    ("当事人没有提供证据证明其没有主观过错", None),
    ("当事人缺乏充分证据证明其没有主观过错", None),
    ("当事人提供的证据不足以证明其没有主观过错", None),
    ("当事人未提供证据证明其无主观过错", None),
    # it could: ground (三), a negation in another clause not counted against it
    ("当事人有证据足以证明没有主观过错", NO_FAULT),
    ("当事人提供证据证明其没有主观过错", NO_FAULT),
    ("当事人提供的进货凭证等证据足以证明其没有主观过错", NO_FAULT),
    ("经查未发现违法所得，当事人提供证据证明其没有主观过错", NO_FAULT),
])
def test_the_ground_of_a_reason_about_the_partys_fault(reason, ground):
    assert not_filing_ground(reason) == ground


def _lead(db, received: str = "2026-09-01 09:00", **values) -> str:
    entry = {"source": "report", "received_at": received, "description": "来信举报某中介倒卖业主信息，号码13911112222多次来电推销",
             "party": "", "party_id": None, "agency_id": None, "complainant_phone": "", "target_phone": "13911112222",
             "sector": None, "reporter_name": "", "reporter_address": "", **values}
    return register_lead(db, LeadEntry(**entry)).id


def _district_bureau(db):
    return next(a for a in list_agencies(db) if a.level == "district")


def _page(make_window, db, lead_id: str):
    page = make_window(db).leads_page
    page.refresh(select=lead_id)
    assert page.selected()["id"] == lead_id
    return page


def test_the_non_filing_approval_of_a_lead_whose_party_could_not_prove_it_ticks_the_other_ground(
        db, make_window, prompts, english):
    from ui.form_editor import FormEditor
    from workstation.store.base import set_setting

    # a station of a district bureau: the lead registered is held there, the bureau to issue the 不予立案审批表
    set_setting(db, "station_agency", _district_bureau(db).id)
    lead = _lead(db)
    page = _page(make_window, db, lead)
    prompts.texts, prompts.days = ["当事人不能提供证据证明其没有主观过错，且现有证据无法认定违法"], ["2026-09-10"]
    prompts.confirm_answer = True
    page.not_file()
    [editor] = [w for w in page.window().findChildren(FormEditor)]
    assert editor.current_values()["ground"] == OTHER


# ---- 2a. a decision made after the lead's T1 ended ----------------------------------------------------------------

def _assigned_lead(db) -> tuple[str, str]:
    """A lead received 2026-09-01, assigned 2026-09-02 (its T1 ends three weeks later); (its id, that end)."""
    lead = _lead(db)
    assign_lead(db, lead, _district_bureau(db).id, on="2026-09-02")
    return lead, t1_due(db, get_lead_row(db, lead))


def test_not_filing_an_overdue_lead_says_its_deadline_passed_and_the_pane_keeps_it_late(db, make_window, prompts,
                                                                                      monkeypatch, english):
    lead, due = _assigned_lead(db)
    page = _page(make_window, db, lead)
    monkeypatch.setattr(page, "write", lambda *a, **k: None)
    prompts.texts, prompts.days, prompts.confirm_answer = ["经核查未发现违法行为"], ["2026-10-09"], False
    page.not_file()
    [question] = prompts.confirmations
    assert f"The lead's verification period (T1) ended on {due}" in question
    # Sep 23, 24, 28–30 (25th: 中秋节) and Oct 8, 9: in working days, as the lead's history counts them
    assert "deciding not to file it on 2026-10-09 comes 7 working days after it" in question
    assert get_lead_row(db, lead)["status"] == "assigned"  # declined: nothing decided
    prompts.texts, prompts.days, prompts.confirm_answer = ["经核查未发现违法行为"], ["2026-10-09"], True
    page.not_file()
    assert get_lead_row(db, lead)["status"] == "not_filed"
    shown = page.detail.toPlainText()
    assert f"Decided late: the verification period (T1) ended on {due}, 7 working days before the decision." in shown


def test_a_decision_in_time_says_nothing_of_lateness(db, make_window, prompts, monkeypatch, english):
    lead, due = _assigned_lead(db)
    page = _page(make_window, db, lead)
    monkeypatch.setattr(page, "write", lambda *a, **k: None)
    prompts.texts, prompts.days, prompts.confirm_answer = ["经核查未发现违法行为"], ["2026-09-10"], True
    page.not_file()
    assert "verification period (T1) ended" not in prompts.confirmations[0]
    assert get_lead_row(db, lead)["status"] == "not_filed"
    assert "Decided late" not in page.detail.toPlainText()


def test_referring_an_overdue_lead_says_its_deadline_passed_and_the_pane_keeps_it_late(db, make_window, prompts,
                                                                                     english):
    from workstation.records import today

    lead, due = _assigned_lead(db)
    page = _page(make_window, db, lead)
    window = page.window()
    prompts.texts = ["广东省通信管理局"]
    page.refer()
    assert prompts.questions[0].startswith(f"The lead's verification period (T1) ended on {due}: referring it on "
                                           f"{today()} comes ")
    editor = window.editors[-1]
    try:
        editor.set_field("contact_person", "陈志强")
        prompts.confirm_answer = True
        editor.issue()  # the letter records the referral, on its day: asked with the same note
        assert prompts.errors == [] and editor.document is not None
        assert f"The lead's verification period (T1) ended on {due}: referring it on {today()}" in \
            prompts.confirmations[-1]
    finally:
        editor.shutdown()
    assert get_lead_row(db, lead)["status"] == "referred"
    page.refresh(select=lead)
    assert f"Decided late: the verification period (T1) ended on {due}" in page.detail.toPlainText()


def test_a_referral_in_time_is_issued_without_a_note_of_lateness(db):
    from workstation.documents.drafts import find_form
    from workstation.leads_workflow import late_decision_line, lead_issue_warning

    lead, due = _assigned_lead(db)
    assert lead_issue_warning(db, lead, find_form("case_transfer_letter"), {"issued_on": due}) == ""
    decide_lead(db, lead, "refer", on=due, referred_to="广东省通信管理局")
    assert late_decision_line(db, get_lead_row(db, lead)) == ""


# ---- 2b. a registered lead first assigned after its T1 ended ------------------------------------------------------

def _choose(page, prompts, agency) -> None:
    agencies = [a for a in list_agencies(page.db) if a.level != "city"]
    prompts.choices = [next(n for n, a in enumerate(agencies) if a.id == agency.id)]


def test_assigning_an_overdue_registered_lead_says_so_and_keeps_the_missed_deadline(db, make_window, prompts,
                                                                                  monkeypatch, english):
    from workstation.records import today

    lead = _lead(db)
    due = t1_due(db, get_lead_row(db, lead))
    page = _page(make_window, db, lead)
    monkeypatch.setattr(page, "write", lambda *a, **k: None)
    bureau = _district_bureau(db)
    _choose(page, prompts, bureau)
    prompts.confirm_answer = False
    page.assign()
    [question] = prompts.confirmations
    assert f"its verification period (T1) ended on {due}" in question and "working days ago" in question
    assert question.endswith(f" Assign it to {bureau.name}? Its new verification period counts from today.")
    assert get_lead_row(db, lead)["status"] == "registered"  # declined: not assigned
    _choose(page, prompts, bureau)
    prompts.confirm_answer = True
    page.assign()
    row = get_lead_row(db, lead)
    assert (row["status"], row["assigned_on"]) == ("assigned", today())
    shown = page.detail.toPlainText()
    assert f"Assigned to {bureau.name} on {today()} after its verification period (T1) had ended on {due}" in shown
    assert "1 lead was assigned after its verification period had ended" in page.summary.text()


def test_assigning_a_registered_lead_in_time_asks_nothing_of_lateness(db, make_window, prompts, monkeypatch):
    from workstation.records import program_time

    lead = _lead(db, received=program_time().strftime("%Y-%m-%d 00:00"))
    page = _page(make_window, db, lead)
    monkeypatch.setattr(page, "write", lambda *a, **k: None)
    _choose(page, prompts, _district_bureau(db))
    page.assign()
    assert get_lead_row(db, lead)["status"] == "assigned"
    assert len(prompts.confirmations) == 1  # only whether to write the notice
    assert "after its verification period" not in page.detail.toPlainText()


def test_the_core_keeps_a_late_first_assignment_in_the_leads_history(db):
    from workstation.leads_workflow import late_assignment_history

    lead = _lead(db)
    due = t1_due(db, get_lead_row(db, lead))
    assign_lead(db, lead, _district_bureau(db).id, on="2026-10-09")
    [entry] = late_assignment_history(db, lead)
    assert (entry["due"], entry["until"], entry["to"]) == (due, "2026-10-09", _district_bureau(db).id)
    assert entry["late_days"] > 0
    in_time = _lead(db)
    assign_lead(db, in_time, _district_bureau(db).id, on="2026-09-02")
    assert late_assignment_history(db, in_time) == []


# ---- 3. every row a refused complaint import could not read --------------------------------------------------------

def test_a_refused_complaint_import_lists_every_bad_row(db, make_window, prompts, tmp_path, english):
    path = tmp_path / "消委会.csv"
    rows = [["投诉编号", "投诉时间", "投诉人", "联系电话", "被投诉方", "投诉内容"],
            ["A1", "2026-11-02 09:00", "张三", "13800138000", "", "号码13912345678多次来电推销楼盘"],
            ["A2", "2026-13-45", "李四", "13800138001", "", "号码13912345678 再次推销房子"],
            ["A3", "2026-11-03 10:00", "王五", "13800138002", "", "号码13912345678 推销"],
            ["A4", "2026-02-30", "赵六", "13800138003", "", "号码13912345678 推销"],
            ["A5", "昨天", "钱七", "13800138004", "", "号码13612345678 装修推销"]]
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    page = make_window(db).leads_page
    page.run_import([str(path)], "consumer_council")
    [message] = prompts.errors
    assert "3 rows cannot be read" in message
    assert "First: row 3" in message  # the message names the first; its details every one
    lines = prompts.details[-1].splitlines()
    assert [line.split(",")[0] for line in lines] == ["row 3", "row 5", "row 6"]
    assert "2026-13-45" in lines[0] and "2026-02-30" in lines[1] and "昨天" in lines[2]


# ---- 4. the summary's words -------------------------------------------------------------------------------------

def test_the_summary_counts_the_leads_past_their_verification_period(db, make_window, prompts, english):
    lead = _lead(db)
    page = _page(make_window, db, lead)
    text = page.summary.text()
    assert "1 past the verification period without a decision whether to file" in text
    assert "15 working days" not in text
