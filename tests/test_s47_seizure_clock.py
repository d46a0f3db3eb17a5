"""The T14 clock of a seal-up or seizure (查封、扣押, 行政强制法 art. 25; REFERENCE §1.2 T14): it ends on the
期限届满日期 of the 实施行政强制措施决定书 issued for the seizure (never later than the law's thirty days), so that an
extension approved after that day is refused as the 延长 document refuses it; the measure is extended once, as the
延长 document allows it; and recording the seizure of goods under 先行登记保存 offers to end the preservation on that
day, the decision on them (行政处罚法 art. 56), so that T13 reads as decided in time."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import program_day
from tests.test_s43_testing_party_measure import MEASURE, MEASURED, add_other_party
from workstation import clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.records import ClockEvent
from workstation.store import find_case, get_case
from workstation.store.clock_events import get_clock_event, record_clock_event

UNTIL = "2026-10-15"  # the decision of 2026-10-01 says its period ends then, not thirty days later (10-31)


@pytest.fixture
def case(demo_db, data_dir, monkeypatch):
    program_day(monkeypatch, "2026-12-04")
    return get_case(demo_db, find_case(demo_db, MEASURED).id)


def issue_measure(db, data_dir, case, party_id=None, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_decision"),
                          {**MEASURE, **values}, party_id=party_id)


def record(db, case, kind, on, **more) -> ClockEvent:
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=on, **more))


def extend(db, case, approved_on, days, party=None) -> ClockEvent:
    return record(db, case, "extension", "", clock="T14", days=days, approved_on=approved_on, approved_by="局长",
                  party_id=party)


def clock(db, case, clock_id="T14", on="2026-10-20"):
    return next(d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == clock_id)


def test_t14_ends_on_the_decisions_period_until(demo_db, data_dir, case, english):
    issue_measure(demo_db, data_dir, case, period_until=UNTIL)
    record(demo_db, case, "seizure", "2026-10-01")
    deadline = clock(demo_db, case)
    assert (deadline.due, deadline.state) == (UNTIL, "overdue")
    assert "ends on 2026-10-15" in deadline.calculation()


def test_the_board_counts_the_decisions_end_too(demo_db, data_dir, case, english):
    issue_measure(demo_db, data_dir, case, period_until=UNTIL)
    record(demo_db, case, "seizure", "2026-10-01")
    rows = [d for d in clocks.board(demo_db, on="2026-10-05") if d.case_id == case.id and d.clock == "T14"]
    assert [d.due for d in rows] == [UNTIL]


def test_without_an_end_date_the_statutory_thirty_days_stand(demo_db, data_dir, case, english):
    issue_measure(demo_db, data_dir, case)
    record(demo_db, case, "seizure", "2026-10-01")
    assert clock(demo_db, case).due == "2026-10-31"


def test_a_decision_giving_more_than_thirty_days_does_not_lengthen_the_law(demo_db, data_dir, case, english):
    # a 期限届满日期 beyond the law's thirty days (as an older form let through): the law's thirty days stand
    form = find_form("compulsory_measure_decision")
    loose = replace(form, fields=tuple(replace(f, not_after="") if f.name == "period_until" else f
                                       for f in form.fields))
    issue_document(demo_db, data_dir, case, loose, {**MEASURE, "period_until": "2026-11-20"})
    record(demo_db, case, "seizure", "2026-10-01")
    assert clock(demo_db, case).due == "2026-10-31"


def test_an_extension_after_the_decisions_end_is_refused(demo_db, data_dir, case, english):
    issue_measure(demo_db, data_dir, case, period_until=UNTIL)
    record(demo_db, case, "seizure", "2026-10-01")
    with pytest.raises(ValidationError) as refused:
        extend(demo_db, case, "2026-10-20", 25)
    assert "ran out on 2026-10-15" in refused.value.errors["approved_on"]
    assert clock(demo_db, case).due == UNTIL


def test_an_extension_in_time_counts_from_the_decisions_end(demo_db, data_dir, case, english):
    issue_measure(demo_db, data_dir, case, period_until=UNTIL)
    record(demo_db, case, "seizure", "2026-10-01")
    extend(demo_db, case, "2026-10-10", 10)
    assert clock(demo_db, case).due == "2026-10-25"


def test_a_second_extension_is_refused(demo_db, case, english):
    record(demo_db, case, "seizure", "2026-11-20")
    extend(demo_db, case, "2026-11-30", 10)
    with pytest.raises(ValidationError) as refused:
        extend(demo_db, case, "2026-12-01", 10)
    message = refused.value.errors["days"]
    assert "T14 was already extended once, by 10 days (approved on 2026-11-30 by 局长)" in message
    assert clock(demo_db, case, on="2026-12-04").due == "2026-12-30"


def test_another_partys_seizure_is_extended_once_too(demo_db, case, english):
    first = case.party_ids[0]
    other = add_other_party(demo_db, case)
    record(demo_db, case, "seizure", "2026-11-20", party_id=first)
    record(demo_db, case, "seizure", "2026-11-20", party_id=other)
    extend(demo_db, case, "2026-11-30", 10, first)
    extend(demo_db, case, "2026-11-30", 10, other)  # its own measure: a first extension
    with pytest.raises(ValidationError):
        extend(demo_db, case, "2026-12-01", 5, other)


def test_a_seizure_can_end_the_running_preservation(demo_db, case, english):
    from workstation.store.clock_events import end_decided_preservations, preservations_decided_by

    preservation = record(demo_db, case, "preservation", "2026-11-20")
    seizure = record(demo_db, case, "seizure", "2026-11-24")
    assert [e.id for e in preservations_decided_by(demo_db, seizure)] == [preservation.id]
    assert [e.id for e in end_decided_preservations(demo_db, seizure)] == [preservation.id]
    assert get_clock_event(demo_db, preservation.id).ends_on == "2026-11-24"
    t13 = clock(demo_db, case, "T13", on="2026-12-04")
    assert (t13.state, t13.done_on) == ("met", "2026-11-24")
    assert preservations_decided_by(demo_db, seizure) == []


def test_a_preservation_begun_after_the_seizure_is_not_its_decision(demo_db, case, english):
    from workstation.store.clock_events import preservations_decided_by

    seizure = record(demo_db, case, "seizure", "2026-11-20")
    record(demo_db, case, "preservation", "2026-11-24")
    assert preservations_decided_by(demo_db, seizure) == []


@pytest.mark.gui
@pytest.mark.parametrize("answer", [True, False])
def test_recording_a_seizure_offers_to_end_the_preservation(demo_db, case, qtbot, prompts, english, answer):
    from ui.case_clocks import ClockEventDialog

    preservation = record(demo_db, case, "preservation", "2026-11-20")
    prompts.confirm_answer = answer
    dialog = ClockEventDialog(demo_db, case, prompts, kind="seizure", on="2026-11-24")
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.saved is not None and dialog.saved.kind == "seizure"
    assert len(prompts.confirmations) == 1
    assert "先行登记保存" in prompts.confirmations[0] or "preservation" in prompts.confirmations[0].lower()
    assert "2026-11-20" in prompts.confirmations[0] and "2026-11-24" in prompts.confirmations[0]
    assert get_clock_event(demo_db, preservation.id).ends_on == ("2026-11-24" if answer else None)
    t13 = clock(demo_db, case, "T13", on="2026-12-04")
    assert t13.state == ("met" if answer else "expired")


@pytest.mark.gui
def test_a_seizure_without_a_running_preservation_asks_nothing(demo_db, case, qtbot, prompts, english):
    from ui.case_clocks import ClockEventDialog

    dialog = ClockEventDialog(demo_db, case, prompts, kind="seizure", on="2026-11-24")
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.saved is not None and prompts.confirmations == []
