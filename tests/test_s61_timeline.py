"""The case timeline (audit s61, workspace defects 4–7): a change to a clock event is dated the day it was made (or
the end it sets) and names who made it; a clock event and a reopened one name who recorded them."""

from dataclasses import replace

import pytest

from workstation import procedure
from workstation.records import ClockEvent, today
from workstation.step_undo import undo_last_step
from workstation.store import get_case
from workstation.store.cases import case_timeline
from workstation.store.clock_events import (
    correct_extension,
    end_clock_event,
    get_clock_event,
    record_clock_event,
)


@pytest.fixture
def officer_acting(monkeypatch):
    monkeypatch.setenv("WORKSTATION_ACTOR", "陈志强")
    return "陈志强"


def _filed(db, make_case):
    return procedure.apply(db, make_case().id, "file", on_date="2026-03-10")


def _lines(db, case_id, kind="clock"):
    return [e for e in case_timeline(db, get_case(db, case_id)) if e.kind == kind]


def test_ending_a_test_is_dated_on_its_end_and_names_who_ended_it(db, make_case, english, officer_acting):
    case = _filed(db, make_case)
    test = record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-03-12"))
    end_clock_event(db, test.id, "2026-03-20")
    [changed] = _lines(db, case.id)
    assert changed.on_date == "2026-03-20"
    assert changed.actor == officer_acting
    [line] = _lines(db, case.id, "stopped")
    assert line.actor == officer_acting  # who recorded the test, from the audit log


def test_a_change_not_moving_the_end_is_dated_the_day_it_was_made(db, make_case, english, officer_acting):
    case = _filed(db, make_case)
    test = record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-03-12",
                                             ends_on="2026-03-20"))
    record_clock_event(db, replace(get_clock_event(db, test.id), note="电子数据鉴定"))
    [changed] = _lines(db, case.id)
    assert changed.on_date == today()


def test_a_corrected_extension_is_dated_the_day_it_was_corrected_and_names_who(db, make_case, english,
                                                                              officer_acting):
    case = _filed(db, make_case)
    extension = record_clock_event(db, ClockEvent(case_id=case.id, kind="extension", clock="T2", days=30,
                                                  starts_on="2026-05-20", approved_on="2026-05-20",
                                                  approved_by="局长"))
    correct_extension(db, extension.id, 20, "2026-05-21", "局长")
    [corrected] = _lines(db, case.id)
    assert (corrected.on_date, corrected.actor) == (today(), officer_acting)
    [line] = _lines(db, case.id, "extension")
    assert line.actor == officer_acting


def test_a_clock_event_recorded_with_nobody_signed_in_names_nobody(db, make_case, english, monkeypatch):
    monkeypatch.setenv("WORKSTATION_ACTOR", "os-account")
    case = _filed(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-03-12"))
    [line] = _lines(db, case.id, "stopped")
    assert line.actor == ""


def test_undoing_a_resumption_names_who_reopened_the_suspension(db, make_case, english, officer_acting):
    case = _filed(db, make_case)
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="当事人下落不明")
    procedure.apply(db, case.id, "resume", on_date="2026-04-21")
    undo_last_step(db, case.id, "日期录错")
    reopened = [e for e in _lines(db, case.id) if e.note.startswith("Reopened")]
    assert [e.actor for e in reopened] == [officer_acting]


def test_a_lead_assigned_after_it_was_received_shows_both_days(demo_db, english):
    [case_id] = [r[0] for r in demo_db.execute("SELECT id FROM cases WHERE case_number = '佛三市监立〔2026〕1号'")]
    case = get_case(demo_db, case_id)
    assert case.lead_received_on == "2026-02-14"  # the assignment day: T1 counts from it
    lines = [(e.on_date, e.text) for e in case_timeline(demo_db, case) if e.kind == "milestone"]
    assert ("2026-02-13", "Lead registered") in lines
    assert ("2026-02-14", "Lead assigned") in lines
    assert ("2026-02-14", "Lead registered") not in lines


def _demo_case(db, number):
    [case_id] = [r[0] for r in db.execute("SELECT id FROM cases WHERE case_number = ?", [number])]
    return get_case(db, case_id)


def test_a_case_decided_outside_the_workstation_is_sent_to_undo_not_to_void(demo_db, english):
    from workstation.evidence_count import decided_refusal

    refusal = decided_refusal(demo_db, _demo_case(demo_db, "佛南市监立〔2026〕7号"))
    assert "Nothing was changed" in refusal
    assert "void it first" not in refusal and "Undo last step" in refusal


def test_a_case_with_its_decision_issued_is_still_sent_to_void_it(demo_db, english):
    from workstation.evidence_count import decided_refusal

    case = _demo_case(demo_db, "佛南市监立〔2026〕7号")
    sha = demo_db.execute("SELECT sha256 FROM files LIMIT 1").fetchone()[0]
    demo_db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, status, values_json, "
                    "pdf_sha256, pages, issued_at, issued_by) VALUES ('doc-s61', ?, 'penalty_decision', 1, "
                    "'行政处罚决定书', 'issued', '{}', ?, 1, '2026-05-01T10:00:00+08:00', '陈志强')", [case.id, sha])
    refusal = decided_refusal(demo_db, case)
    assert "void it first" in refusal and "Undo last step" not in refusal


def test_a_case_decided_outside_the_workstation_names_the_step_to_undo_or_the_case_edit(demo_db, english):
    # the final read: the last step is named (a served or paid case's is not the decision), and a case with no
    # step recorded here (it came in decided) is sent to Edit case instead
    from workstation.evidence_count import decided_refusal
    from workstation.step_undo import last_step_named

    case = _demo_case(demo_db, "佛南市监立〔2026〕7号")
    refusal = decided_refusal(demo_db, case)
    named = last_step_named(demo_db, case)
    if named is None:
        assert "Edit case…" in refusal and "Undo last step" not in refusal
    else:
        assert f"“{named[0]}” of {named[1]}" in refusal
    from workstation.procedure import party_step_kinds

    kinds = ("transition", *party_step_kinds())
    demo_db.execute(f"DELETE FROM case_events WHERE case_id = ? AND kind IN ({', '.join('?' * len(kinds))})",
                    [case.id, *kinds])
    refusal = decided_refusal(demo_db, case)
    assert last_step_named(demo_db, case) is None
    assert "came in decided" in refusal and "Edit case…" in refusal and "Undo last step" not in refusal
