"""Transfer to the police (s76 audit): T28 ends for good once a case the police declined was taken back and decided,
while a case transferred after its decision keeps it; the warning on a transfer whose recorded conduct the offence
does not cover says so in its headline."""

import pytest

from workstation import clocks, procedure
from workstation.law.transfer_basis import below_thresholds_warning
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event


def record(db, case, kind, on):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=on))


def of_case(db, case, on):
    return {d.clock: d for d in clocks.case_clocks(db, get_case(db, case.id), on=on)}


def on_board(db, case, on):
    return {d.clock: d for d in clocks.board(db, on=on) if d.case_id == case.id}


@pytest.fixture
def transferred(db, make_case):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    return procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")


@pytest.mark.parametrize(("refused", "resumed", "decided"), [
    ("2026-04-23", "2026-04-24", "2026-04-25"),
    ("2026-04-21", "2026-04-21", "2026-04-22"),  # taken back the day it was transferred: ended as any case taken back
])
def test_t28_stays_ended_once_the_case_taken_back_is_decided(db, transferred, refused, resumed, decided):
    record(db, transferred, "police_refused", refused)
    case = procedure.apply(db, transferred.id, "resume_after_police", on_date=resumed, reason="公安机关不予立案")
    assert of_case(db, case, resumed)["T28"].state == "ended"
    case = procedure.apply(db, case.id, "conclude_investigation", on_date=resumed)
    case = procedure.apply(db, case.id, "submit_review", on_date=resumed)
    case = procedure.apply(db, case.id, "decide_no_penalty", on_date=decided, reason="违法行为轻微")
    assert case.status == "no_penalty"
    assert of_case(db, case, decided)["T28"].state == "ended"
    assert "T28" not in on_board(db, case, decided)


def test_a_case_in_the_offences_reach_whose_conduct_is_not_covered_is_warned_of_the_conduct(make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-02", violations=["unsolicited_commercial_messages"],
                     records_other=6200)
    warning = below_thresholds_warning(case, done=True)
    assert warning.startswith("The transfer to the police is recorded although the violations recorded are not the "
                              "selling, providing or illegal obtaining of personal information")
    assert "stay below the criminal thresholds" not in warning
    assert "≥ 1" in warning or "reach" in warning
    before = below_thresholds_warning(case)
    assert before.startswith("The violations recorded are not the selling, providing or illegal obtaining of "
                             "personal information")


def test_a_case_transferred_after_its_decision_keeps_t28(db, make_case):
    case = make_case(status="served", filed_on="2026-01-05", facts="经查，当事人出售业主信息。", records_other=6_000,
                     fine_fen=5_000_000, decided_on="2026-03-02", served_on="2026-03-04")
    case = procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")
    assert case.status == "served"
    record(db, case, "police_refused", "2026-04-23")
    assert of_case(db, case, "2026-04-24")["T28"].state == "due_soon"
    assert on_board(db, case, "2026-04-24")["T28"].due == "2026-04-26"
