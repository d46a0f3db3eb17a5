"""A case context works out what it draws on once: the account of the party's payment (``payments.balance``: the
结案审批表's surcharge and the 催告书's unpaid amount each asked for it, each counting the case's clocks again) and
the legal data files (``law.data.load`` looked at the bureau's copies a hundred times a context). What was worked
out is kept for that context only: a change made meanwhile on the connection, a change between two contexts — a
payment recorded, a bureau's copy of a legal data file written — is seen."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import replace

import pytest

from tests.helpers import sql_matching, statements_run
from workstation import clocks, paths, procedure
from workstation.clocks import case_clocks
from workstation.documents.drafts import draft_values, find_form
from workstation.documents.issuing import check_issue
from workstation.errors import ValidationError
from workstation.formkit.values import case_context
from workstation.law import data as law_data
from workstation.payments import Payment, balance, balance_read_once
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

DECIDED, SERVED = "2026-06-15", "2026-06-16"
FINE = 2_000_000  # ¥20,000.00, a 15-day payment period to 2026-07-01
SURCHARGE = 600_000  # 3 % a day for the 10 days late

#: the query ``clocks.case_clocks`` runs once each time it counts a case's clocks, as SQLite's trace gives it
CLOCKS_COUNTED = re.compile(r"kind = 'transition' AND to_status = 'penalty_decided'")


def served(db, make_case):
    case = make_case(fine_fen=FINE)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on=DECIDED, served_on=SERVED),
                       allow_status_change=True)


@pytest.fixture
def paid_late(db, make_case):
    """A case whose party paid its fine in full ten days late, leaving the ¥6,000.00 surcharge unpaid."""
    case = served(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-07-11", payment=Payment(paid_fen=FINE))
    return get_case(db, case.id)


def test_a_case_context_counts_the_account_of_the_payment_once(db, paid_late):
    with statements_run(db) as ran:
        context = case_context(db, paid_late)
    assert sql_matching(ran, CLOCKS_COUNTED) == 1
    # the surcharge accrued by the day paid, and the fine paid leaving only the surcharge unpaid (¥0.00, not blank)
    assert context["payment.surcharge_accrued_fen"] == SURCHARGE
    assert context["documents.unpaid_fen"] == (0 if context["documents.decision_total_fen"] is not None else None)


@pytest.mark.parametrize("form_id", ["closing_approval", "performance_demand"])
def test_a_draft_and_the_checks_of_an_issue_count_the_clocks_once(db, paid_late, form_id):
    form = find_form(form_id)
    for action in (draft_values, check_issue):
        with statements_run(db) as ran:
            try:
                action(db, paid_late, form, {})
            except ValidationError:  # refused for a value left blank: the reads before are what is counted
                pass
        assert sql_matching(ran, CLOCKS_COUNTED) <= 1, action.__name__


def test_the_next_context_sees_a_change_made_since(db, paid_late):
    assert case_context(db, paid_late)["payment.surcharge_accrued_fen"] == SURCHARGE
    # served ten days later: the payment came within its period, no surcharge
    later = update_case(db, replace(paid_late, served_on="2026-06-26"), allow_status_change=True)
    assert case_context(db, later)["payment.surcharge_accrued_fen"] is None
    assert case_context(db, paid_late)["payment.surcharge_accrued_fen"] == SURCHARGE  # the case as it is given


def test_a_payment_recorded_meanwhile_is_counted_again(db, make_case):
    case = served(db, make_case)
    with balance_read_once():
        assert balance(db, case) is None
        counted = [(d.clock, d.state, d.done_on, d.detail) for d in case_clocks(db, case)]
        procedure.apply(db, case.id, "record_performance", on_date="2026-07-11", payment=Payment(paid_fen=FINE))
        found = balance(db, case)  # the case object as it was: only the connection's change tells
        assert found is not None and (found.paid_fen, found.surcharge_fen) == (FINE, SURCHARGE)
        assert [(d.clock, d.state, d.done_on, d.detail) for d in case_clocks(db, case)] == counted
        record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-20"))
        published = [(d.clock, d.state, d.done_on) for d in case_clocks(db, case) if d.done_on == "2026-06-20"]
        assert published and not [c for c in counted if c[2] == "2026-06-20"]
    assert balance(db, case) == found


def test_a_payment_rolled_back_is_not_counted(db, make_case):
    case = served(db, make_case)
    with balance_read_once():
        counted = [(d.clock, d.state, d.done_on) for d in case_clocks(db, case)]
        with pytest.raises(RuntimeError), db.atomic():
            procedure.apply(db, case.id, "record_performance", on_date="2026-07-11", payment=Payment(paid_fen=FINE))
            record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-20"))
            assert balance(db, case) is not None
            assert [(d.clock, d.state, d.done_on) for d in case_clocks(db, case)] != counted
            raise RuntimeError("rolled back")
        # what was worked out between the payment and its rollback is not what is given after it
        assert balance(db, case) is None
        assert [(d.clock, d.state, d.done_on) for d in case_clocks(db, case)] == counted


def test_the_clocks_kept_are_not_changed_by_their_callers(db, paid_late):
    with balance_read_once():
        first = case_clocks(db, paid_late)
        shown = [(d.clock, d.state, d.detail) for d in first]
        for d in first:
            d.detail = ("changed",)
        first.clear()
        assert [(d.clock, d.state, d.detail) for d in case_clocks(db, paid_late)] == shown


def test_a_case_changed_in_place_by_its_caller_is_counted_again(db, paid_late):
    with balance_read_once(), statements_run(db) as ran:
        case_clocks(db, paid_late)
        case_clocks(db, paid_late)
        assert sql_matching(ran, CLOCKS_COUNTED) == 1
        paid_late.law_conditions.append("refused_correction")  # the list of the case given, changed in place
        case_clocks(db, paid_late)
        assert sql_matching(ran, CLOCKS_COUNTED) == 2
        paid_late.party_ids.append("another party")
        case_clocks(db, paid_late)
        assert sql_matching(ran, CLOCKS_COUNTED) == 3


# the legal data files ------------------------------------------------------------------------------------------------

@pytest.fixture
def law_station(data_dir, monkeypatch):
    monkeypatch.setattr(law_data, "_PARSED", {})
    monkeypatch.setattr(law_data, "_OWN", {})
    clocks._rules.cache_clear()
    previous = paths.use_data_dir(data_dir)
    (data_dir / "law").mkdir(exist_ok=True)
    yield data_dir
    paths.use_data_dir(previous)
    clocks._rules.cache_clear()


def law_copies_looked_at(monkeypatch, folder) -> Counter:
    """The stat calls on the bureau's copies in ``folder`` (by path) from now on."""
    looked: Counter = Counter()
    stat = os.stat
    where = str(folder / "law")

    def counted(path, *args, **kwargs):
        if str(path).startswith(where):
            looked[str(path)] += 1
        return stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counted)
    return looked


def test_a_case_context_looks_at_each_legal_data_file_once(db, paid_late, law_station, monkeypatch):
    case_context(db, paid_late)
    looked = law_copies_looked_at(monkeypatch, law_station)
    case_context(db, paid_late)
    assert looked and max(looked.values()) == 1 and len(looked) <= len(law_data.FILES)


def test_a_copy_of_a_legal_data_file_written_between_two_contexts_is_read(db, paid_late, law_station):
    # a fine of ¥20,000.00 gives a company no hearing (¥100,000); a bureau's copy lowering it to ¥15,000 does
    assert case_context(db, paid_late)["case.hearing_required"] is False
    text = paths.resource("law", "thresholds.toml").read_text(encoding="utf-8")
    assert "organisation_fen = 10_000_000" in text
    copy = law_station / "law" / "thresholds.toml"
    copy.write_text(text.replace("organisation_fen = 10_000_000", "organisation_fen = 1_500_000", 1), encoding="utf-8")
    assert case_context(db, paid_late)["case.hearing_required"] is True
    copy.unlink()
    assert case_context(db, paid_late)["case.hearing_required"] is False


def test_within_a_context_the_file_is_the_one_first_read(law_station):
    text = paths.resource("law", "thresholds.toml").read_text(encoding="utf-8")
    copy = law_station / "law" / "thresholds.toml"
    with law_data.law_read_once():
        first = law_data.load("thresholds")
        copy.write_text(text.replace("organisation_fen = 10_000_000", "organisation_fen = 1_500_000", 1),
                        encoding="utf-8")
        assert law_data.load("thresholds") is first
    assert law_data.load("thresholds")["hearing"]["organisation_fen"] == 1_500_000
