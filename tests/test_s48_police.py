"""The police's answers after a case was taken back or closed (REFERENCE §1.7 steps 5–7; transfer rules arts. 9,
11): a request to the procuratorate keeps the case with the police until they answer; a case the police opened is
closed as theirs (移送司法) from whatever open state it is in, and not transferred again; a case the police withdrew
after it was closed is reopened and decided."""

import pytest

from workstation import clocks, procedure
from workstation.errors import TransitionRefused
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event


def record(db, case, kind, on):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=on))


def offered(db, case):
    return {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}


def states(db, case, on):
    return {d.rule.id: d.state for d in clocks.case_clocks(db, get_case(db, case.id), on=on)}


@pytest.fixture
def transferred(db, make_case):
    case = procedure.apply(db, make_case(fine_fen=10_000_000).id, "file", on_date="2026-03-10")
    return procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")


@pytest.fixture
def supervised(db, transferred):
    """The refusal upheld on reconsideration, the procuratorate asked to supervise on 2026-04-28."""
    record(db, transferred, "police_refused", "2026-04-23")
    record(db, transferred, "police_review_requested", "2026-04-24")
    record(db, transferred, "police_review_upheld", "2026-04-27")
    record(db, transferred, "procuratorate_requested", "2026-04-28")
    return transferred


def test_a_request_to_the_procuratorate_holds_the_case_with_the_police(db, supervised, table_counts, english):
    why = offered(db, supervised)["resume_after_police"]
    assert why is not None and "procuratorate" in why
    before = table_counts(db)
    with pytest.raises(TransitionRefused, match="procuratorate"):
        procedure.apply(db, supervised.id, "resume_after_police", on_date="2026-05-02", reason="x")
    assert table_counts(db) == before and get_case(db, supervised.id).status == "transferred_police"
    close = offered(db, supervised)["close"]
    assert "procuratorate" in close and "Police declined or withdrew the case; resume" not in close
    # the police open the case on the supervision: it is closed as theirs
    record(db, supervised, "police_filed", "2026-05-06")
    assert procedure.apply(db, supervised.id, "close", on_date="2026-05-07").status == "closed"


def test_a_refusal_standing_after_the_supervision_lets_the_case_come_back(db, supervised, english):
    record(db, supervised, "police_refused", "2026-05-06")
    assert offered(db, supervised)["resume_after_police"] is None
    assert procedure.apply(db, supervised.id, "resume_after_police", on_date="2026-05-07",
                           reason="公安机关仍不予立案").status == "investigating"


@pytest.fixture
def resumed_then_opened(db, transferred):
    """Taken back on the refusal, then opened by the police on reconsideration (the walkthrough's case)."""
    record(db, transferred, "police_refused", "2026-04-22")
    procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-04-23", reason="公安机关不予立案")
    record(db, transferred, "police_review_requested", "2026-04-23")
    record(db, transferred, "police_filed", "2026-04-24")
    return get_case(db, transferred.id)


def test_a_case_the_police_opened_after_it_came_back_is_closed_as_theirs(db, resumed_then_opened, english):
    case = resumed_then_opened
    assert case.status == "investigating"
    assert offered(db, case)["close"] is None
    with pytest.raises(TransitionRefused, match="2026-04-24"):
        procedure.apply(db, case.id, "close", on_date="2026-04-23")
    closed = procedure.apply(db, case.id, "close", on_date="2026-04-25")
    assert closed.status == "closed" and closed.closed_on == "2026-04-25"
    assert states(db, closed, "2027-06-01").get("T2") != "overdue"
    from workstation.documents.stage_rules import closing_ground

    assert closing_ground(db, closed) == "移送司法"


def test_closed_from_review_too_and_not_transferred_again(db, resumed_then_opened, english):
    case = procedure.apply(db, resumed_then_opened.id, "conclude_investigation", on_date="2026-04-27")
    case = procedure.apply(db, case.id, "submit_review", on_date="2026-04-27")
    found = offered(db, case)
    assert found["close"] is None
    assert "The police opened a criminal case on 2026-04-24" in found["transfer_to_police"]
    with pytest.raises(TransitionRefused, match="The police opened a criminal case on 2026-04-24"):
        procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-28", reason="x")
    assert procedure.apply(db, case.id, "close", on_date="2026-04-28").status == "closed"


def test_an_open_case_never_transferred_is_not_offered_closing(db, make_case, english):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    assert "close" not in offered(db, case)
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "close", on_date="2026-03-11")


@pytest.fixture
def closed_then_withdrawn(db, transferred):
    record(db, transferred, "police_filed", "2026-04-23")
    record(db, transferred, "exhibits_transferred", "2026-04-24")
    procedure.apply(db, transferred.id, "close", on_date="2026-04-25")
    record(db, transferred, "police_withdrawn", "2026-06-01")
    return get_case(db, transferred.id)


def test_a_case_the_police_withdrew_after_it_was_closed_is_reopened(db, closed_then_withdrawn, english):
    case = closed_then_withdrawn
    found = offered(db, case)
    assert found["resume_after_police"] is None
    reopened = procedure.apply(db, case.id, "resume_after_police", on_date="2026-06-02", reason="公安机关撤销案件")
    assert reopened.status == "investigating" and reopened.closed_on is None
    note = db.execute("SELECT note FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                      "'investigating' ORDER BY at DESC, rowid DESC LIMIT 1", [case.id]).fetchone()[0]
    assert "公安机关撤销案件" in note and "2026-06-01" in note and "closed" in note.lower()


def test_a_closed_case_the_police_still_hold_is_not_reopened(db, transferred, english):
    record(db, transferred, "police_filed", "2026-04-23")
    procedure.apply(db, transferred.id, "close", on_date="2026-04-25")
    assert "resume_after_police" not in offered(db, transferred)
    with pytest.raises(TransitionRefused):
        procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-04-26", reason="x")
    assert get_case(db, transferred.id).status == "closed"


def test_after_the_refusal_stands_nothing_more_is_asked_nor_answered(db, supervised, english):
    from workstation.errors import ValidationError

    record(db, supervised, "police_refused", "2026-05-06")
    for kind in ("police_filed", "police_review_requested", "procuratorate_requested", "police_refused"):
        with pytest.raises(ValidationError):
            record(db, supervised, kind, "2026-05-07")
    why = procedure._police_closing_refusal(db, get_case(db, supervised.id), on="2026-05-07")
    assert "after the procuratorate was asked" in why and "may still ask" not in why


def test_no_transfer_report_while_the_procuratorate_supervises(db, supervised, english):
    from workstation.errors import ValidationError

    with pytest.raises(ValidationError, match="procuratorate was asked on 2026-04-28"):
        record(db, supervised, "transfer_report", "2026-05-02")


def test_a_case_taken_up_after_the_withdrawal_and_closed_as_its_own_is_not_reopened_by_it(db, make_case, english):
    """The review's case: transferred, opened, withdrawn and returned, taken up again (恢复办理), terminated and
    closed — closed as this bureau's own case: the withdrawal it answered offers no way back."""
    case = procedure.apply(db, make_case(fine_fen=10_000_000).id, "file", on_date="2026-03-10")
    case = procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌犯罪")
    for kind, day in (("police_filed", "2026-04-23"), ("police_withdrawn", "2026-04-25")):
        record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=day))
    procedure.apply(db, case.id, "resume_after_police", on_date="2026-04-26", reason="公安撤销案件退回")
    procedure.apply(db, case.id, "terminate", on_date="2026-04-27", reason="违法事实不能成立")
    case = procedure.apply(db, case.id, "close", on_date="2026-04-28")
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert "resume_after_police" not in offered or offered["resume_after_police"]
