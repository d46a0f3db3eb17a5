"""T20 (REFERENCE §1.2, §1.9): the publication period of a penalty published on 国家企业信用信息公示系统 — 3 months
for 通报批评 or a lower fine, 3 years for the others (the "lower fine" amount is the data's, thresholds.toml
[publication], UNCONFIRMED), counted from the publication recorded, ended early by a withdrawal. A period shown on the
case, not an officer's duty: never overdue, never on the deadline board."""

from dataclasses import replace

from tests.helpers import run_json
from workstation import clocks
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event


def served_case(db, make_case, fine_fen):
    case = make_case(fine_fen=fine_fen)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-15", served_on="2026-06-16"),
                       allow_status_change=True)


def published(db, case, on="2026-06-20"):
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on=on))


def t20(db, case, on):
    return [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T20"]


def test_a_lower_fine_is_published_three_months_from_the_publication_and_then_the_period_is_over(db, make_case):
    case = served_case(db, make_case, 500_000)  # ¥5,000 for a company: a lower fine (the data's illustrative amount)
    assert t20(db, case, "2026-07-01") == []  # nothing published yet, no period
    published(db, case)
    [running] = t20(db, case, "2026-07-01")
    assert (running.start, running.due, running.state, running.rule.period, running.rule.unit) == (
        "2026-06-20", "2026-09-20", "open", 3, "months")
    assert running.state_key == "in_period" and running.shown_state() == "公示期内"
    text = running.calculation()
    assert "较低数额罚款" in text and "三个月" in text  # which rule chose the length
    assert "广东标准未经核实" in text  # the lower-fine amount is unconfirmed
    # shown on the case, not a duty: never on the board, and once over not overdue
    assert [d for d in clocks.board(db, on="2026-07-01") if d.case_id == case.id and d.clock == "T20"] == []
    [over] = t20(db, case, "2026-10-01")
    assert over.state != "overdue" and not over.open and over.state_key == "period_over"
    assert [d for d in clocks.board(db, on="2026-10-01") if d.case_id == case.id and d.clock == "T20"] == []


def test_a_larger_fine_is_published_three_years(db, make_case):
    case = served_case(db, make_case, 20_000_000)  # ¥200,000 for a company: above the lower-fine amount
    published(db, case)
    [running] = t20(db, case, "2027-07-01")
    assert (running.due, running.state_key, running.rule.period) == ("2029-06-20", "in_period", 36)
    assert "公示期三年" in running.calculation()


def test_a_withdrawal_ends_the_period_early_and_one_after_it_changes_nothing(db, make_case):
    case = served_case(db, make_case, 500_000)
    published(db, case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication_withdrawn", starts_on="2026-08-03",
                                      note="处罚决定经复议被撤销"))
    [ended] = t20(db, case, "2026-08-10")
    assert (ended.state_key, ended.done_on, ended.due) == ("ended_early", "2026-08-03", "2026-09-20")
    assert not ended.open and ended.shown_state() == "已提前结束（已撤回）"
    other = served_case(db, make_case, 500_000)
    published(db, other)
    record_clock_event(db, ClockEvent(case_id=other.id, kind="publication_withdrawn", starts_on="2026-10-05",
                                      note="处罚决定经复议被撤销"))
    [over] = t20(db, other, "2026-10-10")
    assert over.state_key == "period_over" and over.state != "late"


def test_clocks_case_lists_the_publication_period(db, make_case, data_dir, capsys):
    case = served_case(db, make_case, 500_000)
    published(db, case)
    rows = run_json(capsys, "--data-dir", data_dir, "clocks", "--case", case.id, "--as-of", "2026-07-01")
    [row] = [r for r in rows if r["clock"] == "T20"]
    assert (row["start"], row["due"], row["period"], row["unit"]) == ("2026-06-20", "2026-09-20", 3, "months")
    assert "三个月" in row["calculation"]
