"""Service by public notice (公告送达, T30) is a date the law deems, not a duty: 公告期内 until the party is deemed
served 30 days after publication, 视为送达 from that day, never overdue nor met late; the announcement T2 does not
count (行政处罚法 art. 60) ends there, whether it is left open or recorded as ending later, and an end date other than
that day is warned about, not refused. The preservation of evidence (先行登记保存, T13) lapses by itself after 7
working days without a decision (行政处罚法 art. 56): shown as lapsed, the items to be released, never overdue for
good."""

from __future__ import annotations

from dataclasses import replace

from tests.test_clocks import deadline, stage
from workstation import clocks
from workstation.board_export import state_text
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import clock_event_errors, notice_end_warning, record_clock_event

FILED = dict(filed_on="2026-01-05")


def _noticed(db, make_case, ends_on=None):
    case = stage(db, make_case(), "investigating", **FILED)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="announcement", starts_on="2026-02-01", ends_on=ends_on))
    return get_case(db, case.id)


def test_an_open_announcement_is_deemed_served_after_30_days_and_t2_counts_again_from_then(db, make_case):
    case = _noticed(db, make_case)
    t30 = deadline(db, case, "T30", on="2026-06-01")
    assert t30.due == "2026-03-03" and t30.state == "deemed" and not t30.open
    assert t30.state_label == "视为送达"
    t2 = deadline(db, case, "T2", on="2026-06-01")
    # 90 days from 01-05 end 04-05; the announcement from its publication to the deemed service, 31 days, not counted
    assert t2.state == "overdue" and t2.due == "2026-05-06"
    assert "2026-03-03" in t2.calculation()
    assert any(d.clock == "T2" for d in clocks.board(db, on="2026-06-01") if d.case_id == case.id)


def test_during_the_notice_period_t30_says_so_with_the_days_left(db, make_case):
    case = _noticed(db, make_case)
    t30 = deadline(db, case, "T30", on="2026-02-20")
    assert t30.state in ("open", "due_soon") and t30.days_left == 11
    assert t30.state_label == "公告期内"
    assert state_text(t30).startswith("公告期内") or state_text(t30).startswith("In the notice period")
    on_the_day = deadline(db, case, "T30", on="2026-03-03")
    assert on_the_day.state == "deemed"


def test_an_end_recorded_after_the_deemed_service_is_neither_late_nor_counted_in_t2(db, make_case):
    case = _noticed(db, make_case, ends_on="2026-03-10")
    t30 = deadline(db, case, "T30", on="2026-06-01")
    assert t30.state == "deemed" and t30.done_on is None
    assert deadline(db, case, "T2", on="2026-06-01").due == "2026-05-06"
    # an end before the deemed service (the party served otherwise) ends what T2 does not count
    early = _noticed(db, make_case, ends_on="2026-02-10")
    assert deadline(db, early, "T2", on="2026-06-01").due == "2026-04-15"


def test_an_end_date_other_than_the_deemed_service_is_warned_about_not_refused(db, make_case):
    case = stage(db, make_case(), "investigating", **FILED)
    event = ClockEvent(case_id=case.id, kind="announcement", starts_on="2026-02-01", ends_on="2026-03-10")
    assert clock_event_errors(db, event, case) == {}
    warning = notice_end_warning(db, case, event)
    assert "2026-03-03" in warning and "2026-03-10" in warning
    assert "2026-03-03" in notice_end_warning(db, case, replace(event, ends_on="2026-02-10"))
    assert notice_end_warning(db, case, replace(event, ends_on="2026-03-03")) == ""
    assert notice_end_warning(db, case, replace(event, ends_on=None)) == ""


def test_preservation_lapses_after_seven_working_days_instead_of_staying_overdue(db, make_case):
    case = stage(db, make_case(), "investigating", **FILED)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="preservation", starts_on="2026-09-28"))
    t13 = deadline(db, case, "T13", on="2026-12-01")
    assert t13.due == "2026-10-13"
    assert t13.state != "overdue" and t13.state_label == "已自动解除（逾期未作处理决定）"
    assert "退还" in t13.calculation() or "return" in t13.calculation()
    # still before the officer until the release is recorded, grouped with the periods that are over
    assert any(d.clock == "T13" and d.case_id == case.id for d in clocks.board(db, on="2026-12-01"))
    running = deadline(db, case, "T13", on="2026-10-09")
    assert running.state in ("open", "due_soon")
