"""A 催告书 (clock event ``demand``, T15) served while the payment is deferred or split (延期/分期缴纳罚款, 行政处罚法
art. 66) demands a payment not yet due: recording one dated within a deferral recorded, or within the period of an
issued 延期/分期缴纳罚款通知书 not recorded, is refused saying until when the payment is deferred; a deferral recorded
over a demand already recorded is warned of; and such a demand does not count toward the application to the court
(``enforcement.demand_days``, ``unpaid_parties``). A decision served by public notice (送达公告, T30): the 催告书 and
the 强制执行申请书 take the day it is deemed served as the 决定书送达日期, and the application accepts that day as
well as the day recorded."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.test_s42_clocks import publish
from workstation import enforcement
from workstation.documents.stage_rules import stage_refusal
from workstation.errors import ValidationError
from workstation.formkit.values import case_context
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import (
    clock_event_errors,
    deferral_over_demands,
    deferral_warning,
    early_demand,
    record_clock_event,
)

FINE = 500_000
# served on Monday 2026-03-02: the fine is due by 03-17 (T8), the remedy periods end on 09-02
SERVED = "2026-03-02"
NOTICE = "佛南市监延缴〔2026〕1号"


def served(db, make_case):
    case = make_case(fine_fen=FINE)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-01-20",
                                   notice_served_on="2026-02-10", decided_on="2026-02-26", served_on=SERVED),
                       allow_status_change=True)


def demand(case, day):
    return ClockEvent(case_id=case.id, kind="demand", starts_on=day)


def deferral(case, start="2026-04-10", end="2026-05-29"):
    return ClockEvent(case_id=case.id, kind="deferral", starts_on=start, ends_on=end, approved_on=start,
                      approved_by="张局长")


def issue_deferral_notice(db, case, signed="2026-04-10", until="2026-05-29"):
    """A 延期缴纳罚款通知书 issued (not recorded among the deadlines) deferring the fine from ``signed`` to ``until``."""
    db.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES ('x', 1, 'application/pdf', "
               "'')")
    values = {"signed_on": signed, "deferred_to": until, "fine_fen": FINE}
    db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, number, values_json, pdf_sha256, "
               "pages, issued_at, issued_by) VALUES ('defer1', ?, 'payment_deferral_notice', 1, '延期缴纳罚款通知书', ?, "
               "?, 'x', 1, ?, '')", [case.id, NOTICE, json.dumps(values), f"{signed}T10:00:00+08:00"])


# ---- 1. a demand within a deferral --------------------------------------------------------------------------------

def test_a_deferral_recorded_over_a_demand_is_warned_of_and_the_demand_no_longer_counts(db, make_case, english):
    case = served(db, make_case)
    record_clock_event(db, demand(case, "2026-04-20"))  # after T8 ran out unpaid: allowed
    assert enforcement.demand_days(db, get_case(db, case.id), None) == ["2026-04-20"]
    approved = deferral(case)
    assert clock_event_errors(db, approved, get_case(db, case.id)) == {}
    warning = early_demand(db, get_case(db, case.id), approved)
    assert "2026-04-20" in warning and "2026-05-29" in warning
    record_clock_event(db, approved)
    case = get_case(db, case.id)
    # served within the deferral, the 催告书 demanded a payment not yet due: it counts for no application
    assert enforcement.demand_days(db, case, None) == []
    assert enforcement.unpaid_parties(db, case)[0].demand_served_on is None
    assert enforcement.unpaid_parties(db, case)[0].earliest is None
    # nor does the 期限 tab count the ten working days after it (T15), as it did before the deferral was recorded
    from workstation.clocks import case_clocks

    assert [d.start for d in case_clocks(db, case, on="2026-05-06") if d.clock == "T15"] in ([], [None])


def test_a_deferral_covering_no_demand_is_not_warned_of(db, make_case, english):
    case = served(db, make_case)
    record_clock_event(db, demand(case, "2026-04-01"))  # before the deferral
    assert deferral_over_demands(db, get_case(db, case.id), deferral(case)) == ""
    # (approved after T8 ran out, it is warned of the surcharge accrued until then alone, ``deferral_warning``)
    assert early_demand(db, get_case(db, case.id), deferral(case)) == deferral_warning(db, get_case(db, case.id),
                                                                                     deferral(case))
    record_clock_event(db, deferral(case))
    assert enforcement.demand_days(db, get_case(db, case.id), None) == ["2026-04-01"]


def test_a_demand_within_a_recorded_deferral_is_refused_saying_until_when(db, make_case, english):
    case = served(db, make_case)
    record_clock_event(db, deferral(case))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, demand(case, "2026-05-04"))
    message = refused.value.errors["starts_on"]
    assert "deferred until 2026-05-29" in message and "2026-05-04" in message


def test_a_demand_within_an_issued_deferral_notice_not_recorded_is_refused_naming_it(db, make_case, english):
    case = served(db, make_case)
    issue_deferral_notice(db, case)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, demand(case, "2026-05-04"))
    message = refused.value.errors["starts_on"]
    assert NOTICE in message and "2026-05-29" in message and "2026-05-04" in message
    record_clock_event(db, demand(case, "2026-06-01"))  # after the deferral
    assert enforcement.demand_days(db, get_case(db, case.id), None) == ["2026-06-01"]


def test_a_demand_recorded_before_the_notice_was_issued_does_not_count(db, make_case, english):
    case = served(db, make_case)
    record_clock_event(db, demand(case, "2026-05-04"))
    issue_deferral_notice(db, case)
    case = get_case(db, case.id)
    assert enforcement.demand_days(db, case, None) == []
    refusal = enforcement.closing_refusal(db, case)
    assert "2026-05-04" not in refusal and "serve it a 催告书 first" in refusal


# ---- 2. a decision served by public notice --------------------------------------------------------------------------

@pytest.fixture
def published(db, data_dir, make_case):
    """The decision served by a 送达公告 published on 03-02 (the day recorded as its service): deemed served on
    04-01; a 催告书 served on 2026-11-02."""
    case = served(db, make_case)
    publish(db, data_dir, case, "《行政处罚决定书》", SERVED)
    record_clock_event(db, demand(case, "2026-11-02"))
    return get_case(db, case.id)


def test_the_forms_take_the_deemed_day_of_service_of_a_decision_served_by_public_notice(db, published):
    assert case_context(db, published)["documents.decision_served_on"] == "2026-04-01"


def test_the_application_accepts_the_deemed_day_and_the_day_recorded(db, published, english):
    for served_on in ("2026-04-01", SERVED):
        refusal = stage_refusal(db, published, "enforcement_application",
                                {"decision_served_on": served_on, "demand_served_on": "2026-11-02",
                                 "signed_on": "2026-11-20"})
        assert refusal is None or "决定书送达日期" not in refusal, refusal
    refusal = stage_refusal(db, published, "enforcement_application",
                            {"decision_served_on": "2026-03-05", "demand_served_on": "2026-11-02",
                             "signed_on": "2026-11-20"})
    assert "决定书送达日期 (2026-03-05)" in refusal and "2026-04-01" in refusal


def test_without_a_public_notice_the_day_recorded_is_the_default(db, make_case):
    case = served(db, make_case)
    assert case_context(db, case)["documents.decision_served_on"] == SERVED


def test_the_application_resting_on_a_demand_served_within_a_deferral_is_refused_saying_so(db, make_case, english):
    case = served(db, make_case)
    record_clock_event(db, demand(case, "2026-05-04"))
    issue_deferral_notice(db, case)
    refusal = stage_refusal(db, get_case(db, case.id), "enforcement_application",
                            {"decision_served_on": SERVED, "demand_served_on": "2026-05-04", "signed_on": "2026-11-20"})
    assert "2026-05-04" in refusal and "deferred until 2026-05-29" in refusal
