"""s72 review (sr_a findings 1 and 2): what counts as recorded under the decision in force — a payment, a 履行完毕 or a
service dated on or after the case's decision date — is worked out by one helper (``under_decision_in_force``) that
every query uses, so a decision revoked and made anew (撤销并责令重新作出) leaves out the same events everywhere; and
a voucher recorded twice is refused with one message, naming the party in a case with several."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_clock_challenges import served_case
from tests.test_law24_money_checks import both_served  # noqa: F401 (a fixture)
from tests.test_party_case10 import COMPANY
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.payments import Payment, under_decision_in_force
from workstation.store import get_case

ROOT = Path(__file__).resolve().parent.parent


def test_the_events_under_the_decision_in_force_are_those_dated_on_or_after_it(db, make_case):
    case = served_case(db, make_case)  # decided, then served 06-01
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-10", payment=Payment(paid_fen=2_500_000))
    case = get_case(db, case.id)
    condition, params = under_decision_in_force(case.decided_on or "")
    days = [day for (day,) in db.execute(f"SELECT on_date FROM case_events WHERE case_id = ? AND kind = 'payment' "
                                         f"AND {condition}", [case.id, *params]).fetchall()]
    assert days == ["2026-06-10"]
    # a decision made anew after the payment: the payment was the revoked decision's
    condition, params = under_decision_in_force("2026-06-11")
    assert db.execute(f"SELECT COUNT(*) FROM case_events WHERE case_id = ? AND kind = 'payment' AND {condition}",
                      [case.id, *params]).fetchone()[0] == 0


def test_the_date_filter_is_written_once():
    """The condition of ``under_decision_in_force`` — each event's day (``clocks.STEP_DAY`` unless told) on or after
    the decision in force (the case's, or its party's own) — is written once, in payments.py, and nowhere else: no
    second copy of it (the old ``COALESCE(on_date, '') >= ?`` included) in the modules that count payments."""
    new = r"\{day_sql or STEP_DAY\} >= \{bound\}"
    old = r"COALESCE\(on_date, ''\)\s*\"?\s*\"?>= \?"
    for path, copies in (("workstation/payments.py", 1), ("workstation/party_decisions.py", 0),
                         ("workstation/closing.py", 0)):
        text = (ROOT / path).read_text(encoding="utf-8")
        assert len(re.findall(new, text)) == copies, path
        assert not re.findall(old, text), path


def test_a_voucher_recorded_twice_for_a_party_of_several_names_the_party(db, both_served, english):  # noqa: F811
    case, company, _employee = both_served
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=1_000_000, voucher="V-7"))
    with pytest.raises(TransitionRefused, match=f"already recorded for a payment of {COMPANY} in this case on "
                                                "2026-03-20: a voucher is one payment's"):
        procedure.apply(db, case.id, "record_performance", on_date="2026-03-21", party_ids=(company,),
                        payment=Payment(paid_fen=1_000_000, voucher="V-7"))


def test_a_voucher_recorded_twice_in_a_case_with_one_party_names_the_case(db, make_case, english):
    case = served_case(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-10",
                    payment=Payment(paid_fen=2_500_000, voucher="NH-0001"))
    with pytest.raises(TransitionRefused, match="already recorded for a payment of this case on 2026-06-10: a "
                                                "voucher is one payment's"):
        procedure.apply(db, case.id, "record_performance", on_date="2026-06-11",
                        payment=Payment(paid_fen=2_500_000, voucher="NH-0001"))
