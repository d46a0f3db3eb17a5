"""Dates and late/on-time verdicts counted through 2027, a year the program has no holiday data for (counted Monday to
Friday less the holidays the law fixes by date), carry the 日历待核实 note the rest of the program gives: the
surcharge a payment is checked against (``payments.amount_mismatch``), the 截止日期 a 约谈记录 prints counted in the
working days its 整改期限 names (at issue, in the register and on the deadline board), and the late or timely
decision of a lead (its pane and `leads decide`, the statistics, the report's 按期办结率). The program's clock is
moved to the days acted on: none of it depends on the real today."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import holiday_file_2027, open_db, program_day, run, run_json
from workstation.store import agency_by_code, get_case
from workstation.store.base import set_setting
from workstation.store.cases import update_case

UNCONFIRMED = "calendar unconfirmed"


# 1. a payment checked against a surcharge counted from an unconfirmed T8 ------------------------------------------
def served_in_2027(db, make_case):
    """A case fined ¥5,000.00 whose decision was served on Sunday 2027-01-24: its T8 ends on 2027-02-09 as counted
    without 2027's holiday data (its fifteenth day, Monday 2027-02-08, is 初三, a statutory holiday: s62)."""
    case = make_case(fine_fen=500_000)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-11-01",
                                   notice_served_on="2026-12-01", decided_on="2027-01-20", served_on="2027-01-24"),
                       allow_status_change=True)


def test_a_payment_short_of_a_surcharge_counted_on_2027_says_the_calendar_is_unconfirmed(
        db, data_dir, make_case, monkeypatch, capsys, english):
    case = served_in_2027(db, make_case)
    program_day(monkeypatch, "2027-02-15")
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--paid", "5000",
                      "--date", "2027-02-15", "--voucher", "123", "--data-dir", data_dir)
    (warning,) = result["warnings"]
    assert "surcharge (加处罚款) ¥900.00" in warning and "2027-02-09" in warning
    assert UNCONFIRMED in warning and "holidays are not known yet" in warning


def test_a_payment_without_its_amount_after_an_unconfirmed_t8_says_so_too(db, data_dir, make_case, monkeypatch,
                                                                         capsys, english):
    case = served_in_2027(db, make_case)
    program_day(monkeypatch, "2027-02-15")
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2027-02-15",
                      "--voucher", "123", "--data-dir", data_dir)
    assert any("no amount paid nor surcharge is given" in w and UNCONFIRMED in w for w in result["warnings"])


def test_the_same_payment_once_2027_has_its_holidays_has_no_calendar_note(db, data_dir, make_case, monkeypatch,
                                                                         capsys, english):
    case = served_in_2027(db, make_case)
    program_day(monkeypatch, "2027-02-26")
    with holiday_file_2027(data_dir, "春节", "2027-02-05", "2027-02-13"):
        result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--paid", "5000",
                          "--date", "2027-02-26", "--data-dir", data_dir)
    (warning,) = result["warnings"]
    assert "surcharge (加处罚款)" in warning and UNCONFIRMED not in warning


# 2. the 截止日期 a 约谈记录 prints, counted in the working days its 整改期限 names ------------------------------------
TEN_DAYS = {"deadline_text": "10个工作日内书面报送整改情况", "time_to": "11:00", "issues": "骚扰电话问题",
            "requirements": "立即整改"}
HELD, TEN_DUE = "2026-12-28", "2027-01-12"  # ten working days after it, counted Monday to Friday less 元旦


def held_without_deadline(data_dir, capsys, monkeypatch) -> str:
    """An interview held on 2026-12-28 with no rectification deadline (no commitments recorded), on 2026-12-30."""
    program_day(monkeypatch, "2026-12-30")
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party",
                    "佛山市高明区杨和翎峪装饰设计工作室", "--date", HELD, "--time", "9:30", "--place", "本局会议室",
                    "--topics", "骚扰电话", "--officer", "李明:科长", "--officer", "黄晓:科员",
                    "--attendee", "王五:经营者", "--summary", "约谈")["id"]


def issue_record(data_dir, capsys, tmp_path, interview_id: str, values: dict) -> dict:
    path = tmp_path / "values.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return run_json(capsys, "interviews", "issue", interview_id, "--data-dir", data_dir, "--form", "interview_record",
                    "--values", path, "-o", tmp_path / "record.pdf")


def test_a_record_printing_ten_working_days_into_2027_is_issued_with_the_calendar_warning(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    interview_id = held_without_deadline(data_dir, capsys, monkeypatch)
    result = issue_record(data_dir, capsys, tmp_path, interview_id, TEN_DAYS)
    assert any(TEN_DUE in w and "10 working days" in w and "calendar to be verified" in w
               for w in result.get("warnings", []))


def test_the_register_and_the_board_mark_that_deadline_unconfirmed(demo_db, data_dir, capsys, tmp_path, monkeypatch,
                                                                   english):
    interview_id = held_without_deadline(data_dir, capsys, monkeypatch)
    issue_record(data_dir, capsys, tmp_path, interview_id, TEN_DAYS)
    code, out, _err = run(capsys, "interviews", "list", "--data-dir", data_dir)
    (line,) = [line for line in out.splitlines() if line.startswith(interview_id)]
    assert f"{TEN_DUE}（日历待核实）" in line
    board = run_json(capsys, "clocks", "--due-within", "60", "--data-dir", data_dir)
    (row,) = [d for d in board if d.get("interview_id") == interview_id]
    assert row["due"] == TEN_DUE and row["confirmed"] is False


def test_a_deadline_typed_in_without_a_record_counting_it_stays_the_interview_s_own(
        demo_db, data_dir, capsys, monkeypatch, english):
    interview_id = held_without_deadline(data_dir, capsys, monkeypatch)
    run_json(capsys, "interviews", "edit", interview_id, "--deadline", TEN_DUE, "--data-dir", data_dir)
    code, out, _err = run(capsys, "interviews", "list", "--data-dir", data_dir)
    (line,) = [line for line in out.splitlines() if line.startswith(interview_id)]
    assert TEN_DUE in line and "日历待核实" not in line


def test_the_warning_reads_the_period_and_day_the_form_prints(demo_db, data_dir, capsys, monkeypatch, english):
    from workstation.store.interviews import get_interview, rectification_calendar_warning

    interview = get_interview(demo_db, held_without_deadline(data_dir, capsys, monkeypatch))
    warning = rectification_calendar_warning(demo_db, interview, "interview_record", values=dict(TEN_DAYS))
    assert TEN_DUE in warning and "10 working days" in warning and "calendar to be verified" in warning
    # the same period ending in 2026, whose holidays are known: nothing to verify
    assert rectification_calendar_warning(demo_db, replace(interview, held_on="2026-11-02"), "interview_record",
                                          values=dict(TEN_DAYS)) == ""


@pytest.mark.gui
def test_the_editor_asks_before_issuing_a_record_counted_into_2027(demo_db, data_dir, capsys, monkeypatch, opened,
                                                                 prompts, english):
    from workstation.store.interviews import get_interview

    interview = get_interview(demo_db, held_without_deadline(data_dir, capsys, monkeypatch))
    editor = opened(demo_db, "interview_record", interview=interview)
    for name, value in TEN_DAYS.items():
        editor.set_field(name, value)
    prompts.confirm_answer = False
    editor.issue()
    assert any(TEN_DUE in q and "calendar to be verified" in q for q in prompts.confirmations)


# 3. a lead decided late or in time on a T1 counted through 2027 -------------------------------------------------
def lead_decided_in_2027(data_dir, capsys, monkeypatch) -> tuple[str, str]:
    """A lead received on Monday 2027-01-25 (T1 ends on 2027-02-17 as counted without 2027's holiday data, less 除夕
    to 初三, 5–8 February: s62) decided not to file on 2027-02-18 at a station of 禅城区局 (a bureau to issue its
    不予立案审批表): (its id, what was said)."""
    program_day(monkeypatch, "2027-03-01")
    db = open_db(data_dir)
    try:
        set_setting(db, "station_agency", agency_by_code(db, "440604").id)
    finally:
        db.conn.close()
    lead = run_json(capsys, "leads", "add", "--data-dir", data_dir, "--source", "report", "--received",
                    "2027-01-25T10:00", "--description", "骚扰电话推销楼盘", "--party", "某某置业公司",
                    "--officer", "陈志强")["id"]
    code, out, err = run(capsys, "leads", "decide", lead, "--not-file", "--date", "2027-02-18", "--reason",
                         "无证据证明存在违法行为", "--officer", "陈志强", "--data-dir", data_dir)
    assert code == 0, err
    return lead, out + err


def test_leads_decide_says_the_late_verdict_rests_on_an_unconfirmed_calendar(db, officers, data_dir, capsys,
                                                                             monkeypatch, english):
    from workstation.leads_workflow import get_lead_row, late_decision_line

    lead, said = lead_decided_in_2027(data_dir, capsys, monkeypatch)
    line = late_decision_line(db, get_lead_row(db, lead))
    assert "2027-02-17" in line and UNCONFIRMED in line
    assert UNCONFIRMED in " ".join(said.split())


def test_stats_and_the_report_say_how_many_verdicts_rest_on_an_unconfirmed_calendar(db, officers, data_dir, capsys,
                                                                                     monkeypatch, english):
    from workstation.reports.text import _leads
    from workstation.stats import campaign_stats

    lead_decided_in_2027(data_dir, capsys, monkeypatch)
    stats = run_json(capsys, "stats", "--from", "2027-01-01", "--to", "2027-02-28", "--data-dir", data_dir)
    leads = stats["leads"]
    assert (leads["decided"], leads["in_time"]) == (1, 0)  # the figures as they were
    assert leads["calendar_unconfirmed"] == {"decided": 1, "years": [2027]}
    code, out, _err = run(capsys, "stats", "--from", "2027-01-01", "--to", "2027-02-28", "--data-dir", data_dir)
    assert "2027" in out and UNCONFIRMED in out
    text = "".join(_leads(campaign_stats(db, None, "2027-01-01", "2027-02-28")))
    assert "其中1条的核查期限含尚未核实的2027年节假日安排" in text


def test_a_verdict_counted_on_known_holidays_is_not_marked(db, officers, data_dir, capsys, monkeypatch, english):
    lead_decided_in_2027(data_dir, capsys, monkeypatch)
    with holiday_file_2027(data_dir, "春节", "2027-02-05", "2027-02-13"):
        leads = run_json(capsys, "stats", "--from", "2027-01-01", "--to", "2027-02-28", "--data-dir", data_dir)["leads"]
        code, out, _err = run(capsys, "stats", "--from", "2027-01-01", "--to", "2027-02-28", "--data-dir", data_dir)
    assert leads["in_time"] == 1 and "calendar_unconfirmed" not in leads
    assert UNCONFIRMED not in out


def test_the_statistics_export_has_a_row_of_them(db, officers, data_dir, capsys, monkeypatch, tmp_path):
    import csv
    import io

    from workstation.stats_export import export_statistics

    lead_decided_in_2027(data_dir, capsys, monkeypatch)
    export_statistics(db, tmp_path / "统计.csv", date_from="2027-01-01", date_to="2027-02-28")
    lines = list(csv.reader(io.StringIO((tmp_path / "统计.csv").read_bytes().decode("utf-8-sig"))))
    overview = {line[2]: line[3] for line in lines if line[:1] == ["概况"]}
    assert overview["按期办结线索（条）"] == "0" and overview["按期与否日历待核实线索（条）"] == "1"


@pytest.mark.gui
def test_the_statistics_page_notes_them_under_the_leads_decided_in_time(db, officers, data_dir, capsys, monkeypatch,
                                                                        qtbot, english):
    from ui.dashboard_overview import LEADS_TIP, OverviewTab
    from workstation.stats import campaign_stats, monthly_in_period

    tab = OverviewTab()
    qtbot.addWidget(tab)
    note = tab.findChild(type(tab.figures["leads_in_time"]), "figure_leads_in_time_note")
    period = {"date_from": "2027-01-01", "date_to": "2027-02-28"}
    tab.show_stats(campaign_stats(db, **period), monthly_in_period(db, **period), "2027")
    assert note.isHidden() and tab.figures["leads_in_time"].toolTip() == LEADS_TIP
    lead_decided_in_2027(data_dir, capsys, monkeypatch)
    tab.show_stats(campaign_stats(db, **period), monthly_in_period(db, **period), "2027")
    assert not note.isHidden() and note.text() == "1 judged on a calendar to be verified"
    assert UNCONFIRMED in tab.figures["leads_in_time"].toolTip() and "2027" in tab.figures["leads_in_time"].toolTip()


# 4. interviews past a deadline counted through 2027 (已过整改期限未报送整改情况) --------------------------------------
def test_the_report_says_an_overdue_verdict_rests_on_an_unconfirmed_deadline(demo_db, data_dir, capsys, tmp_path,
                                                                           monkeypatch, english):
    from workstation.reports.text import _interviews
    from workstation.stats import campaign_stats

    interview_id = held_without_deadline(data_dir, capsys, monkeypatch)
    issue_record(data_dir, capsys, tmp_path, interview_id, TEN_DAYS)
    program_day(monkeypatch, "2027-01-15")
    period = ("--from", "2026-12-01", "--to", "2027-01-31")
    stats = run_json(capsys, "stats", *period, "--data-dir", data_dir)
    assert stats["interviews_follow_up"]["overdue"] == 1  # the figures as they were
    assert stats["interviews_overdue_unconfirmed"] == {"overdue": 1, "years": [2027]}
    text = "".join(_interviews(campaign_stats(demo_db, None, "2026-12-01", "2027-01-31")))
    assert "已过整改期限未报送整改情况1次" in text and "已过整改期限的约谈中，有1次的整改期限含尚未核实的2027年节假日安排" in text
    program_day(monkeypatch, "2027-03-01")  # long past it: no holiday of 2027 moves it past today
    assert "interviews_overdue_unconfirmed" not in run_json(capsys, "stats", *period, "--data-dir", data_dir)


def test_the_report_counts_the_unconfirmed_deadlines_among_the_overdue_not_as_the_overdue():
    """Five interviews past their deadline, two of them counted through 2027: the report says five overdue, then how
    many of those five have a deadline to verify — not "其中已过整改期限的2次", which reads as the number overdue."""
    from workstation.reports.text import _interviews

    stats = {"interviews": 5, "interviews_follow_up": {"overdue": 5},
             "interviews_follow_up_parties": {"overdue": {"units": 5}},
             "interviews_overdue_unconfirmed": {"overdue": 2, "years": [2027]}}
    (text,) = _interviews(stats)
    assert "已过整改期限未报送整改情况5次（涉及5家）。" in text
    assert text.endswith("已过整改期限的约谈中，有2次的整改期限含尚未核实的2027年节假日安排，待国务院公布后核实。"), text
    assert "其中已过整改期限的2次" not in text


def test_a_payment_of_what_is_owed_records_the_surcharge_saying_its_calendar_is_unconfirmed(
        db, data_dir, make_case, monkeypatch, capsys, english):
    case = served_in_2027(db, make_case)
    program_day(monkeypatch, "2027-02-15")
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--paid", "5900",
                      "--date", "2027-02-15", "--data-dir", data_dir)
    assert result["status"] == "performed" and "warnings" not in result
    assert "¥900.00 is recorded as its surcharge" in result["note"] and UNCONFIRMED in result["note"]
