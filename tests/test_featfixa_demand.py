"""A demand to perform (催告书, T15) follows the service of the decision and the end of the time to pay (T8) unpaid
(行政强制法 art. 54; REFERENCE §1.2 T8/T15): refused before, naming the day from which it is allowed (the day after
T8 as the case's clocks count it), and greyed out in the 记录期限事项 dialog with that reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from tests.test_clock_challenges import served_case
from tests.test_multiparty13 import decided_case, serve
from workstation import clocks, procedure
from workstation.errors import ValidationError
from workstation.records import ClockEvent, today
from workstation.store import get_case, update_case
from workstation.store.clock_events import clock_event_errors, kind_refusal, record_clock_event


def counts(db):
    return db.execute("SELECT (SELECT COUNT(*) FROM clock_events), (SELECT COUNT(*) FROM audit)").fetchone()


def demand(case, starts_on, party=None):
    return ClockEvent(case_id=case.id, kind="demand", starts_on=starts_on, party_id=party)


def test_a_demand_dated_within_the_time_to_pay_is_refused_naming_the_first_day_allowed(db, make_case, english):
    case = served_case(db, make_case)  # served 2026-06-01: T8 runs until 2026-06-16
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, demand(case, "2026-06-16"))
    message = refused.value.errors["starts_on"]
    assert "only from 2026-06-17" in message and "(T8)" in message and "art. 54" in message
    assert "2026-06-16 is too early" in message
    assert counts(db) == before
    record_clock_event(db, demand(case, "2026-06-17"))
    assert db.execute("SELECT starts_on FROM clock_events WHERE case_id = ? AND kind = 'demand'",
                      [case.id]).fetchall() == [("2026-06-17",)]


def test_a_deferral_of_the_payment_moves_the_first_day_of_the_demand(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-06-10", ends_on="2026-08-31",
                                      approved_on="2026-06-08", approved_by="张局长"))
    t8 = [d for d in clocks.case_clocks(db, get_case(db, case.id)) if d.clock == "T8"][0]
    first = (dt.date.fromisoformat(t8.due) + dt.timedelta(days=1)).isoformat()
    assert first > "2026-08-31"
    errors = clock_event_errors(db, demand(case, "2026-07-01"), get_case(db, case.id))
    assert f"only from {first}" in errors["starts_on"]
    assert "starts_on" not in clock_event_errors(db, demand(case, first), get_case(db, case.id))


def test_a_demand_before_the_decision_is_served_is_refused_saying_so(db, make_case, english):
    case = served_case(db, make_case)
    decided = update_case(db, replace(get_case(db, case.id), status="penalty_decided", served_on=None),
                          allow_status_change=True)
    before = counts(db)
    refusal = kind_refusal(db, decided, "demand")
    assert refusal.startswith("The 行政处罚决定书 has not been served:") and "“Serve the penalty decision”" in refusal
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, demand(decided, "2026-07-01"))
    assert refused.value.errors["kind"] == refusal
    assert counts(db) == before


def test_while_the_time_to_pay_runs_the_dialog_greys_the_demand_naming_the_day_after_it(
        db, make_case, prompts, qtbot, english):
    from ui.case_clocks import ClockEventDialog

    served_on = (dt.date.fromisoformat(today()) - dt.timedelta(days=2)).isoformat()
    case = update_case(db, replace(get_case(db, served_case(db, make_case).id), served_on=served_on),
                       allow_status_change=True)
    t8 = [d for d in clocks.case_clocks(db, case) if d.clock == "T8"][0]
    first = (dt.date.fromisoformat(t8.due) + dt.timedelta(days=1)).isoformat()
    refusal = kind_refusal(db, case, "demand")
    assert refusal.startswith("The time to pay the fine (T8) has not run yet") and f"only from {first}" in refusal
    dialog = ClockEventDialog(db, case, prompts)
    qtbot.addWidget(dialog)
    item = dialog.kind.model().item(dialog.kind.findData("demand"))
    assert not item.isEnabled() and item.toolTip() == refusal


def test_a_paid_fine_leaves_nothing_to_demand(db, make_case, english):
    case = served_case(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-10")
    refusal = kind_refusal(db, get_case(db, case.id), "demand")
    assert refusal.startswith("No party has a fine left unpaid after its time to pay (T8)")
    with pytest.raises(ValidationError):
        record_clock_event(db, demand(case, "2026-07-01"))


def test_with_several_parties_any_party_unpaid_after_its_time_allows_it_and_a_named_party_its_own(
        db, data_dir, make_case, english):
    case, company, employee = decided_case(db, data_dir, make_case)
    assert kind_refusal(db, get_case(db, case.id), "demand").startswith("The 行政处罚决定书 has not been served")
    serve(db, case, "2026-03-12", company)  # the company's T8 runs until 03-27; the employee is not served yet
    case = get_case(db, case.id)
    assert kind_refusal(db, case, "demand") is None
    assert "only from 2026-03-28" in clock_event_errors(db, demand(case, "2026-03-27"), case)["starts_on"]
    assert "starts_on" not in clock_event_errors(db, demand(case, "2026-03-28"), case)
    own = kind_refusal(db, case, "demand", employee)
    assert own.startswith("The 行政处罚决定书 has not been served on ")
    assert kind_refusal(db, case, "demand", company) is None
