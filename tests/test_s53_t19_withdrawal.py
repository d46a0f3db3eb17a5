"""A decision changed on the party's reconsideration or lawsuit: its published penalty information is withdrawn
with its reason within 3 working days (市场监督管理行政处罚信息公示规定 art. 11; REFERENCE §1.2 T19) — publishing
the changed decision over it neither stands for the withdrawal nor may be recorded before it."""

from __future__ import annotations

import pytest

from tests.test_publication_copy import decided
from tests.test_s49_revoked_duties import NUMBER, event
from workstation import clocks, procedure
from workstation.errors import ValidationError
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event


def _changed(db, data_dir, make_case):
    case, _decision = decided(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    record_clock_event(db, event(case, "publication", "2026-03-16"))
    record_clock_event(db, event(case, "reconsideration", "2026-03-20"))
    record_clock_event(db, event(case, "challenge_changed", "2026-05-11", approved_by=NUMBER, days=300_000))
    return case


def _t19(db, case, on):
    [t19] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T19"]
    return t19


def test_publishing_the_changed_decision_before_withdrawing_is_refused_saying_what_to_do(db, data_dir, make_case,
                                                                                          english):
    case = _changed(db, data_dir, make_case)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, event(case, "publication", "2026-05-13"))
    said = str(refused.value)
    assert "changed on 2026-05-11" in said and "art. 11" in said and "withdrawn with its reason" in said
    assert _t19(db, case, "2026-05-20").state == "overdue"  # 3 working days from 05-11: nothing withdrawn


def test_the_withdrawal_meets_t19_and_the_changed_decision_may_then_be_published(db, data_dir, make_case, english):
    case = _changed(db, data_dir, make_case)
    record_clock_event(db, event(case, "publication_withdrawn", "2026-05-12", note=f"处罚决定经{NUMBER}复议决定变更"))
    assert _t19(db, case, "2026-05-20").state == "met"
    record_clock_event(db, event(case, "publication", "2026-05-13"))  # the changed decision, afresh
