"""The clocks stopped by a suspension or a hearing run again whenever the case leaves that status, whatever the step
taking it out (REFERENCE §1.2 T2, rule 4): a suspended case sent to the police or terminated, a case at its hearing
sent to the police."""

from dataclasses import replace

from workstation import clocks, procedure
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import clock_events_of, record_clock_event


def stage(db, case, status, **dates):
    return update_case(db, replace(get_case(db, case.id), status=status, **dates), allow_status_change=True)


def kept(db, case, kind):
    return [(e.starts_on, e.ends_on) for e in clock_events_of(db, case.id) if e.kind == kind]


def t2(db, case, on):
    found = [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T2"]
    assert len(found) == 1
    return found[0]


def test_a_suspended_case_sent_to_the_police_and_taken_back_has_its_suspension_ended(db, make_case):
    case = stage(db, make_case(), "investigating", filed_on="2026-09-03")
    procedure.apply(db, case.id, "suspend", on_date="2026-09-10", reason="等待检验结果")
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-09-15", reason="涉案个人信息5000条")
    assert kept(db, case, "suspension") == [("2026-09-10", "2026-09-14")]
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on="2026-09-20"))
    back = procedure.apply(db, case.id, "resume_after_police", on_date="2026-09-22", reason="公安机关不予立案")
    assert back.status == "investigating"
    assert kept(db, case, "suspension") == [("2026-09-10", "2026-09-14")]
    assert t2(db, case, on="2026-09-23").due is not None


def test_a_later_suspension_is_its_own_and_ends_on_its_resumption(db, make_case):
    case = stage(db, make_case(), "investigating", filed_on="2026-09-03")
    procedure.apply(db, case.id, "suspend", on_date="2026-09-10", reason="等待检验结果")
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-09-15", reason="涉案个人信息5000条")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on="2026-09-20"))
    procedure.apply(db, case.id, "resume_after_police", on_date="2026-09-22", reason="公安机关不予立案")
    procedure.apply(db, case.id, "suspend", on_date="2026-10-08", reason="当事人下落不明")
    procedure.apply(db, case.id, "resume", on_date="2026-10-20")
    assert kept(db, case, "suspension") == [("2026-09-10", "2026-09-14"), ("2026-10-08", "2026-10-19")]


def test_a_suspended_case_terminated_has_its_suspension_ended(db, make_case):
    case = stage(db, make_case(), "investigating", filed_on="2026-09-03")
    procedure.apply(db, case.id, "suspend", on_date="2026-09-10", reason="当事人死亡")
    procedure.apply(db, case.id, "terminate", on_date="2026-09-10", reason="当事人死亡，无继承人")
    assert kept(db, case, "suspension") == [("2026-09-10", "2026-09-10")]  # at least its first day


def test_a_case_sent_to_the_police_from_its_hearing_has_its_hearing_ended(db, make_case):
    case = stage(db, make_case(fine_fen=20_000_000), "hearing", filed_on="2026-09-03", review_on="2026-09-20",
                 notice_served_on="2026-09-25")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing", starts_on="2026-09-28"))
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-10-09", reason="涉案个人信息5000条")
    assert kept(db, case, "hearing") == [("2026-09-28", "2026-10-08")]
