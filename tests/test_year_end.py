"""The turn of the year 2026 → 2027 walked through, with the answers worked out by hand: a payment period of a
decision served in December that ends in 2027 — a year no source gives the holidays of yet — marks the surcharge
counted from it (the law panel, and the 催告书 before it is issued) until the 2027 holiday file is imported; the
command line's deadline rows say what the board's say; the statistics count a case once, in its filing year."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from tests.helpers import fixed_holidays_toml, move_program_clock, run
from workstation import clocks, records, stats
from workstation.documents.stage_rules import stage_warnings
from workstation.law.case_law import case_law
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.workdays import import_year_file, reload_calendars

# 2027's New Year holiday as the State Council's notice would give it (Friday 1 to Sunday 3 January), and the other
# holidays the law fixes by date
CALENDAR_2027 = ('year = 2027\nsource = "国务院办公厅关于2027年部分节假日安排的通知（测试）"\n\n'
                 '[[holiday]]\nname = "元旦"\nfrom = 2027-01-01\nto = 2027-01-03\n' + fixed_holidays_toml(2027, but=("元旦",)))
UNCONFIRMED_STEP = ("The payment period's last day, 2027-01-04, falls in 2027, whose holidays are not known yet "
                    "(calendar unconfirmed): should the holidays of 2027 move it, the surcharge changes with it. Check "
                    "it before demanding it; adding the holiday file of 2027 counts it again.")
UNCONFIRMED_DEMAND = ("The party's time to pay runs until 2027-01-04, counted through 2027, whose holidays are not known "
                      "yet (calendar unconfirmed): the surcharge from 2027-01-05 and the earliest date of this 催告书 "
                      "rest on that day. Check it against the State Council's holidays of 2027 before issuing.")


@pytest.fixture
def january_10(monkeypatch):
    """The program's clock reads Sunday 10 January 2027 in Beijing; the calendars are read afresh after the test."""
    move_program_clock(monkeypatch, dt.datetime(2027, 1, 10, 10, 0, tzinfo=records.SHANGHAI))
    yield
    reload_calendars()


def _stage(db, case, status, **dates):
    return update_case(db, replace(get_case(db, case.id), status=status, **dates), allow_status_change=True)


@pytest.fixture
def served_in_december(db, make_case):
    # fine ¥50,000, decision served Thursday 2026-12-17: T8 = 15 days → Friday 2027-01-01 (元旦, fixed by law), then
    # Saturday 2 and Sunday 3 → Monday 2027-01-04 (counted without the 2027 notice, so unconfirmed). Unpaid on
    # 2027-01-10: 6 days (5–10 January) × 3 % × ¥50,000 = ¥9,000
    return _stage(db, make_case(fine_fen=5_000_000), "served", filed_on="2026-11-10", notice_served_on="2026-11-20",
                  decided_on="2026-12-17", served_on="2026-12-17")


def _import_2027(data_dir, tmp_path):
    source = tmp_path / "2027.toml"
    source.write_text(CALENDAR_2027, encoding="utf-8")
    import_year_file(data_dir, source)


def _t8(db, case):
    return next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2027-01-10") if d.clock == "T8")


def test_the_surcharge_from_a_payment_period_ending_in_2027_says_its_day_is_unconfirmed_until_2027_is_imported(
        db, data_dir, tmp_path, served_in_december, january_10, english):
    t8 = _t8(db, served_in_december)
    assert (t8.due, t8.confirmed) == ("2027-01-04", False)
    owed = case_law(db, get_case(db, served_in_december.id), on="2027-01-10").surcharge
    assert (owed.days, owed.amount_fen) == (6, 900_000)
    assert owed.steps[-1] == UNCONFIRMED_STEP
    _import_2027(data_dir, tmp_path)  # 导入节假日文件…: the next count reads it
    t8 = _t8(db, served_in_december)
    assert (t8.due, t8.confirmed) == ("2027-01-04", True)
    owed = case_law(db, get_case(db, served_in_december.id), on="2027-01-10").surcharge
    assert (owed.days, owed.amount_fen) == (6, 900_000)
    assert not any("calendar unconfirmed" in step for step in owed.steps)


def test_a_2027_holiday_that_moves_the_payment_period_is_counted_again_in_the_surcharge(
        db, data_dir, tmp_path, served_in_december, january_10, english):
    # were 4 January a holiday too (a notice bridging to Monday), the period would end on Tuesday 2027-01-05:
    # 5 days (6–10 January) × ¥1,500 = ¥7,500
    source = tmp_path / "2027.toml"
    source.write_text(CALENDAR_2027.replace("to = 2027-01-03", "to = 2027-01-04"), encoding="utf-8")
    import_year_file(data_dir, source)
    owed = case_law(db, get_case(db, served_in_december.id), on="2027-01-10").surcharge
    assert (owed.days, owed.amount_fen, owed.steps[0]) == (
        5, 750_000, "The period for paying the fine ended on 2027-01-05; from 2027-01-06 a surcharge of 3% of the fine "
                    "is added for each day.")


def test_the_demand_for_payment_warns_of_a_time_to_pay_counted_through_2027_until_2027_is_imported(
        db, data_dir, tmp_path, served_in_december, january_10, english):
    case = get_case(db, served_in_december.id)
    # with its whole account, so that its own warning is not given
    values = {"signed_on": "2027-01-10", "surcharge_on": "2027-01-10", "surcharge_fen": 900_000,
              "payment_details": "收款银行：某银行；户名：某财政局；账号：1。"}
    assert stage_warnings(db, case, "performance_demand", values) == [UNCONFIRMED_DEMAND]
    _import_2027(data_dir, tmp_path)
    assert stage_warnings(db, case, "performance_demand", values) == []


def test_the_demand_names_the_unconfirmed_day_beside_a_surcharge_written_wrong(
        db, served_in_december, january_10, english):
    values = {"signed_on": "2027-01-10", "surcharge_on": "2027-01-10", "surcharge_fen": 1_050_000}  # 7 days
    warnings = stage_warnings(db, get_case(db, served_in_december.id), "performance_demand", values)
    assert warnings[0] == UNCONFIRMED_DEMAND
    assert warnings[1].startswith("The 已加处罚款 written (¥10,500.00) is not the surcharge computed: 6 days from "
                                  "2027-01-05 to 2027-01-10")


def test_the_clocks_command_marks_an_internal_limit_ending_on_a_sunday_of_2027_as_the_board_does(
        db, data_dir, make_case, capsys, english):
    # filed Monday 2026-11-16: T2 = 90 days → 14 (Nov) + 31 + 31 + 14 → Sunday 2027-02-14, perhaps a make-up
    # working day of the unknown 2027 notice: not moved, flagged
    case = make_case(status="investigating", lead_received_on="2026-11-09", filed_on="2026-11-16")
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "--case", case.case_number, "--as-of", "2026-12-02")
    assert code == 0, err
    assert (f"2027-02-14  Running (calendar unconfirmed) (last day may be a rest day)  {case.case_number}  T2 "
            in out.splitlines()[-1] + " ")
    assert "There is no holiday data for 2027 yet" in err


def test_a_case_filed_in_december_counts_once_in_2026_and_in_a_period_across_the_new_year(
        db, make_case, january_10):
    december = make_case(status="investigating", lead_received_on="2026-12-21", filed_on="2026-12-30")
    january = make_case(status="investigating", lead_received_on="2026-12-28", filed_on="2027-01-04")
    assert december.case_number.endswith("〔2026〕1号") and january.case_number.endswith("〔2027〕1号")
    assert stats.campaign_stats(db, date_from="2026-01-01", date_to="2026-12-31")["cases"]["total"] == 1
    assert stats.campaign_stats(db, date_from="2027-01-01", date_to="2027-12-31")["cases"]["total"] == 1
    assert stats.campaign_stats(db, date_from="2026-12-01", date_to="2027-01-31")["cases"]["total"] == 2
    assert [(m["month"], m["cases"]) for m in stats.monthly(db, date_from="2026-12-01", date_to="2027-01-31")] == [
        ("2026-12", 1), ("2027-01", 1)]
