"""The steps with the police (session 51). 撤销上一步 does not undo a transfer to the police while a step with the
police recorded since answers it (their 立案 or 不予立案 …): undone alone, the case would be back under investigation
with the police's answer left over, saying the police opened it after the case was taken up again, refusing a new
transfer and counting no transfer; the officer removes those steps first (Case → Time limits). The report and the
head's approval recorded before the transfer are its grounds, not steps after it: they do not stand in the way. A
case awaiting its filing decision whose figures reach the criminal threshold is not declined (不予立案): it goes to
the police, as a decision or a termination is refused for such a case; and a case not filed that reaches the
threshold is named by the statistics among those not transferred."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.records import ClockEvent
from workstation.stats import campaign_stats
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import HEAD_STEPS, delete_clock_event, record_clock_event
from workstation.vocabulary import shown_label

LEAKED = {"records_other": 18176, "violations": ["illegal_provision_or_leak"]}


def _record(db, case, kind: str, on: str):
    # the head's decision on the transfer report is recorded with who decided (the letter's 批准人)
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=on,
                                             approved_by="张局长" if kind in HEAD_STEPS else ""))


def _offered(db, case) -> dict:
    return {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}


def test_transfer_not_undone_while_the_police_answered(db, make_case):
    case = make_case(status="investigating", filed_on="2026-11-02", **LEAKED)
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-13", reason="涉嫌犯罪")
    filed = _record(db, case, "police_filed", "2026-11-16")

    refusal = procedure.undo_refusal(db, get_case(db, case.id))
    assert refusal is not None
    assert shown_label("clock_events", "police_filed") in refusal and "2026-11-16" in refusal
    with pytest.raises(TransitionRefused):
        procedure.undo_last_step(db, case.id, "日期记错")
    kept = get_case(db, case.id)
    assert kept.status == "transferred_police"
    assert procedure.police_transfer_state(db, kept) == "opened"
    assert campaign_stats(db)["cases"]["transferred_to_police"] == 1

    # the police's answer removed first (recorded in error), the transfer is undone and can be recorded again
    delete_clock_event(db, filed.id, "记错案件")
    assert procedure.undo_refusal(db, get_case(db, case.id)) is None
    undone = procedure.undo_last_step(db, case.id, "日期记错")
    assert undone.status == "investigating"
    assert _offered(db, case)["transfer_to_police"] is None
    assert procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-14",
                           reason="涉嫌犯罪").status == "transferred_police"


def test_the_police_refusal_and_its_review_also_stand_in_the_way(db, make_case):
    case = make_case(status="investigating", filed_on="2026-11-02", **LEAKED)
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-13", reason="涉嫌犯罪")
    _record(db, case, "police_refused", "2026-11-16")
    _record(db, case, "police_review_requested", "2026-11-18")
    refusal = procedure.undo_refusal(db, get_case(db, case.id))
    assert refusal is not None
    for kind, day in (("police_refused", "2026-11-16"), ("police_review_requested", "2026-11-18")):
        assert shown_label("clock_events", kind) in refusal and day in refusal


def test_report_and_approval_before_the_transfer_do_not_stand_in_the_way(db, make_case):
    case = make_case(status="investigating", filed_on="2026-11-02", **LEAKED)
    _record(db, case, "transfer_report", "2026-11-10")
    _record(db, case, "transfer_approved", "2026-11-12")
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-13", reason="涉嫌犯罪")
    assert procedure.undo_refusal(db, get_case(db, case.id)) is None
    assert procedure.undo_last_step(db, case.id, "日期记错").status == "investigating"
    kinds = {row[0] for row in db.execute("SELECT kind FROM clock_events WHERE case_id = ?", [case.id])}
    assert kinds == {"transfer_report", "transfer_approved"}


def test_decline_filing_refused_at_the_criminal_threshold(db, make_case):
    case = make_case(status="pending_filing", lead_received_on="2026-11-01", **LEAKED)
    why = _offered(db, case)["decline_filing"]
    assert why is not None and shown_label("transitions", "transfer_to_police") in why
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "decline_filing", on_date="2026-11-05", reason="不予立案")
    assert get_case(db, case.id).status == "pending_filing"
    # filed, it is investigated and transferred as any case at the threshold
    assert _offered(db, case)["file"] is None

    minor = make_case(status="pending_filing", lead_received_on="2026-11-01", records_other=30,
                      violations=["illegal_provision_or_leak"])
    assert procedure.apply(db, minor.id, "decline_filing", on_date="2026-11-05",
                           reason="不予立案").status == "not_filed"


def test_cases_not_filed_at_the_threshold_are_named_by_the_statistics(db, make_case):
    declined = make_case(status="pending_filing", lead_received_on="2026-11-01", records_other=30,
                         violations=["illegal_provision_or_leak"])
    procedure.apply(db, declined.id, "decline_filing", on_date="2026-11-05", reason="不予立案")
    # its figures found larger afterwards: 18,176 records leaked — it was never transferred
    update_case(db, replace(get_case(db, declined.id), records_other=18176))
    procedure.apply(db, declined.id, "close", on_date="2026-11-06")
    pending = make_case(status="pending_filing", lead_received_on="2026-11-02", **LEAKED)
    named = campaign_stats(db)["cases"]["threshold_not_transferred"]
    assert len(named) == 2
    # the filed figures still count filed cases only
    assert campaign_stats(db)["cases"]["total"] == 0
    assert get_case(db, pending.id).status == "pending_filing"
