"""不予立案 is refused, as 立案 is, while the case's 当场行政处罚决定书 is in force (an audit declined such a case, its
fine dropped from the case and the statistics, the case closed, and the decision handed to the party stayed in force);
once the decision is voided the case may be declined."""

from __future__ import annotations

import pytest

from tests.test_s48_spot_back import _issue
from workstation import procedure
from workstation.documents.issuing import void_document
from workstation.errors import TransitionRefused
from workstation.store import get_case


def _offered(db, case) -> dict[str, str | None]:
    return {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}


def test_not_filing_is_refused_while_the_on_the_spot_decision_is_in_force(db, data_dir, make_case, english):
    case = make_case()
    _issue(db, data_dir, case)
    assert get_case(db, case.id).status == "pending_filing"
    why = _offered(db, case)["decline_filing"]
    assert why and "No.0012345" in why and "void it first" in why
    with pytest.raises(TransitionRefused, match="No.0012345"):
        procedure.apply(db, case.id, "decline_filing", on_date="2026-03-11", reason="违法行为轻微")
    assert get_case(db, case.id).status == "pending_filing"


def test_once_the_decision_is_voided_the_case_may_be_declined(db, data_dir, make_case):
    case = make_case()
    document = _issue(db, data_dir, case)
    void_document(db, document.id, "填写错误")
    assert _offered(db, case)["decline_filing"] is None
    assert procedure.apply(db, case.id, "decline_filing", on_date="2026-03-11",
                           reason="违法行为轻微").status == "not_filed"
