"""T1, the time to verify a lead and decide whether to file it (《市场监督管理行政处罚程序规定》第十八条, REFERENCE §1.2):

1. a case whose filing was declined (不予立案) meets T1 on the day of that decision, on time or late, as a filed case
   meets it on its filing day — not just 已结束 with no day;
2. T1 counts from the day the lead reached the 行政机关 handling it ("自发现线索或者收到材料之日起"): an assignment
   (交办) to another bureau starts it again, but a lead handed inside one bureau — to its own 市场监督管理所, which acts
   in the bureau's name, or between them — keeps the day it counts from, so that an overdue lead stays overdue."""

from __future__ import annotations

import pytest

from workstation import clocks, procedure
from workstation.board_export import state_text
from workstation.errors import ValidationError
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    assign_lead,
    assignment_history,
    extend_lead,
    get_lead_row,
    late_assignment_history,
    late_assignment_line,
    lead_context,
    t1_deadline,
)
from workstation.store import agency_by_code, get_case

REASON = "现有证据不足以认定违法"


def _t1(db, case_id):
    return next(d for d in clocks.case_clocks(db, get_case(db, case_id)) if d.clock == "T1")


# ---- 1. a case not filed ------------------------------------------------------------------------------------------

def test_a_case_declined_in_time_shows_t1_met_on_the_day_of_the_decline(db, make_case):
    case = make_case(lead_received_on="2026-11-10")
    procedure.apply(db, case.id, "decline_filing", on_date="2026-11-20", reason=REASON)
    t1 = _t1(db, case.id)
    assert (t1.state, t1.due, t1.done_on) == ("met", "2026-12-01", "2026-11-20")
    assert state_text(t1) == "已按期完成"
    assert "2026-11-20" in t1.calculation()


def test_a_case_declined_after_t1_ended_shows_it_met_late_and_stays_so_once_closed(db, make_case):
    case = make_case(lead_received_on="2026-09-01")
    procedure.apply(db, case.id, "decline_filing", on_date="2026-11-20", reason=REASON)
    t1 = _t1(db, case.id)
    assert (t1.state, t1.due, t1.done_on) == ("late", "2026-09-21", "2026-11-20")
    assert state_text(t1) == "逾期完成"
    procedure.apply(db, case.id, "close", on_date="2026-11-23")
    t1 = _t1(db, case.id)
    assert (t1.state, t1.done_on) == ("late", "2026-11-20")


def test_a_filed_case_still_meets_t1_by_its_filing(db, make_case):
    case = make_case(lead_received_on="2026-11-10")
    procedure.apply(db, case.id, "file", on_date="2026-11-18")
    t1 = _t1(db, case.id)
    assert (t1.state, t1.done_on) == ("met", "2026-11-18")


def test_a_case_awaiting_its_filing_decision_keeps_t1_running(db, make_case):
    case = make_case(lead_received_on="2026-11-10")
    t1 = next(d for d in clocks.case_clocks(db, case, on="2026-11-20") if d.clock == "T1")
    assert (t1.state, t1.done_on) == ("open", None)


# ---- 2. assignments inside one bureau -----------------------------------------------------------------------------

def _lead(db, agency_code: str, received: str = "2026-11-02 10:00") -> str:
    return register_lead(db, LeadEntry(source="inspection", received_at=received, description="检查发现未经同意发送商业短信",
                                       party="佛山市三水区淞屹房地产经纪有限公司",
                                       agency_id=agency_by_code(db, agency_code).id)).id


def _board_t1(db, lead_id, on):
    return next(d for d in clocks.board(db, on=on) if d.lead_id == lead_id and d.clock == "T1")


def test_a_bureau_handing_its_overdue_lead_to_its_own_office_keeps_it_overdue(db):
    lead = _lead(db, "440605")
    assert _board_t1(db, lead, "2026-12-04").state == "overdue"
    assign_lead(db, lead, agency_by_code(db, "440605011").id, on="2026-12-04")  # 桂城所: the bureau's own office
    t1 = _board_t1(db, lead, "2026-12-04")
    assert (t1.state, t1.due) == ("overdue", "2026-11-23")
    row = get_lead_row(db, lead)
    assert (row["status"], row["agency_id"]) == ("assigned", agency_by_code(db, "440605011").id)
    assert t1_deadline(db, row).due == "2026-11-23"
    # the hand-over is kept in the lead's history, with the day it still counts from
    [entry] = late_assignment_history(db, lead)
    line = late_assignment_line(db, entry)
    assert "2026-12-04" in line and "2026-11-23" in line and "桂城" in line
    # handed on to another office of the same bureau (改派, with a reason): still counted from the receipt
    with pytest.raises(ValidationError):
        assign_lead(db, lead, agency_by_code(db, "440605121").id, on="2026-12-05")  # a re-assignment needs its reason
    assign_lead(db, lead, agency_by_code(db, "440605121").id, on="2026-12-05", reason="桂城所人手不足")
    assert _board_t1(db, lead, "2026-12-05").due == "2026-11-23"
    assert assignment_history(db, lead) == []  # no earlier period left behind: the one period runs on
    assert len(late_assignment_history(db, lead)) == 2


def test_a_lead_assigned_to_another_district_bureau_counts_from_that_assignment(db):
    lead = _lead(db, "440605")
    assign_lead(db, lead, agency_by_code(db, "440605011").id, on="2026-12-01")
    assign_lead(db, lead, agency_by_code(db, "440606").id, on="2026-12-04", reason="属顺德区管辖")  # another 行政机关
    t1 = _board_t1(db, lead, "2026-12-04")
    assert t1.state == "open" and t1.due > "2026-12-04"
    assert get_lead_row(db, lead)["assigned_on"] == "2026-12-04"
    [earlier] = assignment_history(db, lead)  # the lateness of the period left behind is kept
    assert earlier["late_days"] > 0


def test_the_city_bureau_assigning_to_a_district_starts_t1_which_its_office_keeps(db):
    lead = _lead(db, "440600", received="2026-11-02 10:00")
    assign_lead(db, lead, agency_by_code(db, "440605").id, on="2026-11-10")  # 上级交办: counted from it
    due = _board_t1(db, lead, "2026-11-10").due
    assert due == t1_deadline(db, get_lead_row(db, lead)).due and due > "2026-11-23"
    assign_lead(db, lead, agency_by_code(db, "440605011").id, on="2026-11-20")  # inside the district bureau
    assert _board_t1(db, lead, "2026-11-20").due == due
    row = get_lead_row(db, lead)
    assert row["assigned_on"] == "2026-11-10"
    # the 案件交办通知书 the bureau writes for its office records that hand-over
    assert lead_context(db, row, form_id="assignment_notice")["lead.assigned_on"] == "2026-11-20"


def test_an_extension_of_t1_survives_a_hand_over_inside_the_bureau(db):
    lead = _lead(db, "440605", received="2026-11-16 10:00")
    extend_lead(db, lead, 15, approved_on="2026-11-20", approved_by="李局长")
    before = _board_t1(db, lead, "2026-11-25").due
    assign_lead(db, lead, agency_by_code(db, "440605011").id, on="2026-11-25")
    after = get_lead_row(db, lead)
    assert after["extension_days"] == 15
    assert _board_t1(db, lead, "2026-11-25").due == before


def test_the_command_line_says_the_day_a_lead_was_handed_inside_the_bureau(db, data_dir, capsys, english):
    from tests.helpers import run

    lead = _lead(db, "440605")
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440605011",
                         "--date", "2026-12-04")
    assert code == 0, err
    assert "on 2026-12-04;" in out and "None" not in out and "by 2026-11-23 (T1)" in out


@pytest.mark.gui
def test_the_window_does_not_say_a_new_period_starts_for_a_hand_over_inside_the_bureau(db, make_window, prompts,
                                                                                      english):
    from tests.test_lead_reassign_ui import choose

    lead = _lead(db, "440605")
    page = make_window(db).leads_page
    page.select(lead)
    choose(page, prompts, "440605011")
    prompts.confirm_answer = False  # the late assignment's question, declined: nothing assigned
    page.assign()
    assert prompts.confirmations and "Inside the same bureau, its verification period goes on" in \
        prompts.confirmations[0]
    assert "new verification period" not in prompts.confirmations[0]
    assert get_lead_row(db, lead)["status"] != "assigned"


def test_a_late_hand_over_inside_the_bureau_names_the_assignment_its_t1_counted_from(db, english):
    from workstation.leads_workflow import late_assignment_summary

    lead = _lead(db, "440600", received="2026-11-02 10:00")
    assign_lead(db, lead, agency_by_code(db, "440605").id, on="2026-11-10")  # T1 counted from this assignment
    due = t1_deadline(db, get_lead_row(db, lead)).due
    said = late_assignment_summary(db, get_lead_row(db, lead), "2026-12-20")
    assert said.startswith("The lead was assigned on 2026-11-10;") and f"ended on {due}" in said
    assert "received" not in said
