"""The leads page acted on the row it showed when another program (another window, ``leads …`` at the command line)
had changed the lead since: 撤销不予立案 withdrew a newer decision than the one the officer confirmed, 改派 described
one assignment and replaced another, and 不予立案/移送 asked for everything before refusing. Now each step reads the
lead again first: changed, the page shows it again as it is and says so, nothing asked or changed; and the
withdrawal and the assignment carry what the officer saw to the core (``expected``), which refuses in its
transaction when the lead is no longer so — a change made while the officer answered the questions is caught too."""

from __future__ import annotations

import pytest

from workstation.errors import TransitionRefused
from workstation.leads_workflow import (
    assign_lead,
    assignment_history,
    decide_lead,
    file_case_from_lead,
    get_lead_row,
    shown_state,
    withdraw_not_filing,
    withdrawal_refusal,
)
from workstation.store import agency_by_code, list_agencies

pytestmark = pytest.mark.gui

CHANGED = "was changed elsewhere (in another window or program) since it was shown"


def not_filed_lead(db) -> str:
    """A lead of the seed decided not to be filed whose decision can be withdrawn."""
    for (lead_id,) in db.execute("SELECT id FROM leads WHERE status = 'not_filed' ORDER BY received_at").fetchall():
        if withdrawal_refusal(db, get_lead_row(db, lead_id)) is None:
            return lead_id
    raise AssertionError("the seed has no lead not filed to withdraw")


def assigned_lead(db, code: str | None = None) -> str:
    """An assigned lead of the seed with no case (to ``code``'s agency when given)."""
    sql = "SELECT id FROM leads WHERE status = 'assigned' AND case_id IS NULL AND assigned_on IS NOT NULL"
    args = []
    if code:
        sql, args = sql + " AND agency_id = ?", [agency_by_code(db, code).id]
    return db.execute(sql + " ORDER BY received_at LIMIT 1", args).fetchone()[0]


def choose(page, prompts, code: str) -> None:
    agencies = [a for a in list_agencies(page.db) if a.level != "city"]
    prompts.choices = [next(n for n, a in enumerate(agencies) if a.code == code)]


def test_withdrawing_on_a_stale_row_leaves_the_other_programs_decision_and_shows_it(demo_db, other, make_window,
                                                                                  prompts, english):
    lead = not_filed_lead(demo_db)
    page = make_window(demo_db).leads_page
    page.select(lead)
    withdraw_not_filing(other, lead, "另一程序撤销")
    decide_lead(other, lead, "not_file", reason="另一程序新理由")
    prompts.texts, prompts.confirm_answer = ["界面撤销理由"], True
    page.withdraw()
    row = get_lead_row(demo_db, lead)
    assert row["status"] == "not_filed" and row["decision_reason"] == "另一程序新理由"
    assert prompts.questions == [] and prompts.confirmations == []  # nothing asked of the decision not seen
    assert len(prompts.errors) == 1 and CHANGED in prompts.errors[0]
    assert page.selected_id() == lead and page.selected()["decision_reason"] == "另一程序新理由"
    assert page.selected()["decided_on"] == row["decided_on"]


def test_a_change_while_the_officer_answers_is_refused_by_the_core(demo_db, other, make_window, prompts, english,
                                                                   monkeypatch):
    lead = not_filed_lead(demo_db)
    page = make_window(demo_db).leads_page
    page.select(lead)
    asked = prompts.confirm

    def confirm_while_another_program_decides(parent, message, *args, **kwargs):
        withdraw_not_filing(other, lead, "另一程序撤销")
        decide_lead(other, lead, "not_file", reason="另一程序新理由")
        return asked(parent, message, *args, **kwargs)

    monkeypatch.setattr(prompts, "confirm", confirm_while_another_program_decides)
    prompts.texts, prompts.confirm_answer = ["界面撤销理由"], True
    page.withdraw()
    row = get_lead_row(demo_db, lead)
    assert row["status"] == "not_filed" and row["decision_reason"] == "另一程序新理由"
    assert len(prompts.confirmations) == 1 and len(prompts.errors) == 1 and CHANGED in prompts.errors[0]
    assert page.selected()["decision_reason"] == "另一程序新理由"  # shown again as it is now


def test_re_assigning_on_a_stale_row_keeps_the_other_programs_assignment(demo_db, other, make_window, prompts,
                                                                         english):
    lead = assigned_lead(demo_db, "440604")  # 禅城区局
    page = make_window(demo_db).leads_page
    page.select(lead)
    assign_lead(other, lead, agency_by_code(other, "440605").id, reason="另一程序改派")  # to 南海区局
    choose(page, prompts, "440606")  # the officer picks 顺德区局
    prompts.confirm_answer, prompts.texts = True, ["界面改派理由"]
    page.assign()
    row = get_lead_row(demo_db, lead)
    assert row["agency_id"] == agency_by_code(demo_db, "440605").id
    assert [entry["reason"] for entry in assignment_history(demo_db, lead)] == ["另一程序改派"]
    assert prompts.offered == [] and prompts.confirmations == [] and prompts.questions == []
    assert len(prompts.errors) == 1 and CHANGED in prompts.errors[0]
    assert page.selected()["agency_id"] == row["agency_id"]


@pytest.mark.parametrize("step", ["not_file", "refer", "file_case"])
def test_deciding_a_lead_filed_elsewhere_asks_nothing(demo_db, other, make_window, prompts, english, step):
    lead = assigned_lead(demo_db)
    page = make_window(demo_db).leads_page
    page.select(lead)
    case = file_case_from_lead(other, lead)
    before = get_lead_row(demo_db, lead)
    prompts.texts, prompts.confirm_answer = ["无违法事实"], True
    getattr(page, step)()
    assert prompts.questions == [] and prompts.confirmations == [] and prompts.offered == []
    assert len(prompts.errors) == 1 and CHANGED in prompts.errors[0]
    assert get_lead_row(demo_db, lead) == before and before["case_id"] == case.id
    assert page.selected()["case_id"] == case.id  # the page shows the lead as it is now


def test_a_step_on_a_lead_unchanged_goes_on(demo_db, make_window, prompts, english):
    lead = not_filed_lead(demo_db)
    page = make_window(demo_db).leads_page
    page.select(lead)
    prompts.texts, prompts.confirm_answer = ["界面撤销理由"], True
    page.withdraw()
    assert prompts.errors == [] and get_lead_row(demo_db, lead)["status"] != "not_filed"


def test_the_core_refuses_a_withdrawal_or_assignment_of_a_lead_not_as_expected(demo_db, other, english):
    lead = not_filed_lead(demo_db)
    seen = shown_state(get_lead_row(demo_db, lead))
    withdraw_not_filing(other, lead, "另一程序撤销")
    decide_lead(other, lead, "not_file", reason="另一程序新理由")
    before = get_lead_row(demo_db, lead)
    with pytest.raises(TransitionRefused, match="changed elsewhere"):
        withdraw_not_filing(demo_db, lead, "理由", expected=seen)
    assert get_lead_row(demo_db, lead) == before
    withdraw_not_filing(demo_db, lead, "理由", expected=shown_state(before))  # as it is: withdrawn
    assert get_lead_row(demo_db, lead)["status"] != "not_filed"

    lead = assigned_lead(demo_db, "440604")
    seen = shown_state(get_lead_row(demo_db, lead))
    assign_lead(other, lead, agency_by_code(other, "440605").id, reason="另一程序改派")
    before = get_lead_row(demo_db, lead)
    with pytest.raises(TransitionRefused, match="changed elsewhere"):
        assign_lead(demo_db, lead, agency_by_code(demo_db, "440606").id, reason="改派", expected=seen)
    assert get_lead_row(demo_db, lead) == before and len(assignment_history(demo_db, lead)) == 1
    assign_lead(demo_db, lead, agency_by_code(demo_db, "440606").id, reason="改派", expected=shown_state(before))
    assert get_lead_row(demo_db, lead)["agency_id"] == agency_by_code(demo_db, "440606").id


# --- steps one after another, changes while the officer answers, one message for a lead changed ---

def test_the_page_says_a_lead_changed_in_the_cores_words(demo_db, other, make_window, prompts, english):
    from workstation.leads_workflow import stale_refusal

    lead = assigned_lead(demo_db, "440604")
    page = make_window(demo_db).leads_page
    page.select(lead)
    seen = shown_state(get_lead_row(demo_db, lead))
    assign_lead(other, lead, agency_by_code(other, "440605").id, reason="另一程序改派")
    page.assign()
    # one message for one meaning: the page's check before asking and the core's check in its transaction say it alike
    assert prompts.errors == [stale_refusal(get_lead_row(demo_db, lead), seen)]


def test_assigning_then_re_assigning_on_one_page_both_go_through(demo_db, make_window, prompts, english):
    lead = assigned_lead(demo_db, "440604")
    page = make_window(demo_db).leads_page
    page.select(lead)
    choose(page, prompts, "440605")
    prompts.confirm_answers, prompts.texts = [True, False], ["第一次改派"]  # re-assign: yes; the notice: not now
    page.assign()
    assert prompts.errors == [] and get_lead_row(demo_db, lead)["agency_id"] == agency_by_code(demo_db, "440605").id
    assert page.selected_id() == lead
    choose(page, prompts, "440606")
    prompts.confirm_answers, prompts.texts = [True, False], ["第二次改派"]
    page.assign()
    assert prompts.errors == [] and get_lead_row(demo_db, lead)["agency_id"] == agency_by_code(demo_db, "440606").id
    assert [entry["reason"] for entry in assignment_history(demo_db, lead)] == ["第一次改派", "第二次改派"]


def test_not_filing_then_withdrawing_on_one_page_both_go_through(demo_db, make_window, prompts, english):
    lead = assigned_lead(demo_db, "440604")
    page = make_window(demo_db).leads_page
    page.select(lead)
    prompts.texts, prompts.confirm_answers = ["无违法事实"], [True, False]  # decide: yes; its approval: not now
    page.not_file()
    assert prompts.errors == [] and get_lead_row(demo_db, lead)["status"] == "not_filed"
    assert page.selected_id() == lead
    prompts.texts, prompts.confirm_answers = ["界面撤销理由"], [True]
    page.withdraw()
    assert prompts.errors == [] and get_lead_row(demo_db, lead)["status"] == "assigned"


def reassigned_by_another_program(other, lead):
    assign_lead(other, lead, agency_by_code(other, "440605").id, reason="另一程序改派")


def _reassigned_while(prompt: str, demo_db, other, make_window, prompts, monkeypatch):
    """A lead assigned to 440604, selected on the leads page, which another program re-assigns to 440605 while the
    officer answers ``prompts.<prompt>``: (lead, page)."""
    lead = assigned_lead(demo_db, "440604")
    page = make_window(demo_db).leads_page
    page.select(lead)
    asked = getattr(prompts, prompt)

    def answer_while_another_program_assigns(*args, **kwargs):
        reassigned_by_another_program(other, lead)
        return asked(*args, **kwargs)

    monkeypatch.setattr(prompts, prompt, answer_while_another_program_assigns)
    return lead, page


def test_a_re_assignment_while_the_officer_chooses_the_agency_is_refused(demo_db, other, make_window, prompts,
                                                                        english, monkeypatch):
    lead, page = _reassigned_while("choose_item", demo_db, other, make_window, prompts, monkeypatch)
    choose(page, prompts, "440606")
    prompts.confirm_answer, prompts.texts = True, ["界面改派理由"]
    page.assign()
    row = get_lead_row(demo_db, lead)
    assert row["agency_id"] == agency_by_code(demo_db, "440605").id
    assert [entry["reason"] for entry in assignment_history(demo_db, lead)] == ["另一程序改派"]
    assert len(prompts.errors) == 1 and CHANGED in prompts.errors[0]
    assert page.selected()["agency_id"] == row["agency_id"]  # shown again as it is now


def test_a_re_assignment_while_the_officer_answers_not_filing_is_refused(demo_db, other, make_window, prompts,
                                                                        english, monkeypatch):
    lead, page = _reassigned_while("ask_dated_text", demo_db, other, make_window, prompts, monkeypatch)
    prompts.texts, prompts.confirm_answer = ["无违法事实"], True
    page.not_file()
    row = get_lead_row(demo_db, lead)
    assert row["status"] == "assigned" and row["agency_id"] == agency_by_code(demo_db, "440605").id
    assert not row["decision"] and not row["decision_reason"]
    assert len(prompts.errors) == 1 and CHANGED in prompts.errors[0]
    assert not any("不予立案审批表" in c for c in prompts.confirmations)  # no approval offered for no decision
    assert page.selected()["agency_id"] == row["agency_id"]


def test_a_re_assignment_while_the_officer_confirms_filing_opens_no_case(demo_db, other, make_window, prompts,
                                                                        english, monkeypatch):
    lead, page = _reassigned_while("confirm", demo_db, other, make_window, prompts, monkeypatch)
    cases = demo_db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    prompts.confirm_answer = True
    opened = []
    page.case_opened.connect(opened.append)
    page.file_case()
    row = get_lead_row(demo_db, lead)
    assert row["case_id"] is None and row["agency_id"] == agency_by_code(demo_db, "440605").id
    assert demo_db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == cases and opened == []
    assert len(prompts.errors) == 1 and CHANGED in prompts.errors[0]
    assert page.selected()["agency_id"] == row["agency_id"]


def test_the_core_refuses_a_decision_or_a_case_on_a_lead_not_as_expected(demo_db, other, english):
    lead = assigned_lead(demo_db, "440604")
    seen = shown_state(get_lead_row(demo_db, lead))
    reassigned_by_another_program(other, lead)
    before = get_lead_row(demo_db, lead)
    cases = demo_db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    with pytest.raises(TransitionRefused, match="changed elsewhere"):
        decide_lead(demo_db, lead, "not_file", reason="无违法事实", expected=seen)
    with pytest.raises(TransitionRefused, match="changed elsewhere"):
        file_case_from_lead(demo_db, lead, expected=seen)
    assert get_lead_row(demo_db, lead) == before
    assert demo_db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == cases
    case = file_case_from_lead(demo_db, lead, expected=shown_state(before))  # as it is: opened
    assert get_lead_row(demo_db, lead)["case_id"] == case.id

    lead = assigned_lead(demo_db, "440604")
    decide_lead(demo_db, lead, "not_file", reason="无违法事实", expected=shown_state(get_lead_row(demo_db, lead)))
    assert get_lead_row(demo_db, lead)["status"] == "not_filed"


def test_a_lead_removed_elsewhere_is_said_gone_in_the_cores_words(demo_db, other, make_window, prompts, english):
    """A lead removed by another program after the page showed it: the step asks nothing, says so in the words the
    core keeps beside ``stale_refusal`` (``gone_refusal``), and the list no longer shows it."""
    from workstation.leads_register import LeadEntry, register_lead
    from workstation.leads_workflow import gone_refusal

    lead = register_lead(demo_db, LeadEntry(source="report", received_at="2026-11-02 09:00",
                                            description="某公司多次拨打电话推销楼盘", party="佛山市某某地产公司")).id
    page = make_window(demo_db).leads_page
    page.refresh(select=lead)
    assert page.selected_id() == lead
    shown = page.selected()
    with other.atomic():
        other.execute("DELETE FROM leads WHERE id = ?", [lead])
    choose(page, prompts, "440606")
    prompts.confirm_answer = True
    page.assign()
    assert prompts.errors == [gone_refusal(shown)]
    assert prompts.errors[0] == ("The lead received 2026-11-02 is no longer stored: it was regrouped or removed "
                                 "elsewhere (in another window or program). The leads are shown again; nothing was "
                                 "done.")
    assert prompts.offered == [] and prompts.confirmations == []
    assert page.selected_id() != lead
