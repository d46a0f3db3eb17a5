"""A case with several parties held to the law (REFERENCE §1.1, §1.9; Penalty Law arts. 44, 64): the pre-penalty
notice is recorded as served only on a party that holds an issued 行政处罚告知书."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, notice, with_employee
from workstation import party_notices, procedure
from workstation.errors import TransitionRefused
from workstation.law.case_law import parties_law
from workstation.store import case_events, get_case
from workstation.store.cases import update_case


@pytest.fixture
def company_noticed(db, data_dir, make_case):
    """A case of the company and its employee back from review; only the company was issued a 行政处罚告知书."""
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="50000")
    return case, company, employee


def served(db, case) -> list[str]:
    return [e.party_id for e in case_events(db, case.id) if e.kind == "notice_served"]


def test_the_service_without_a_party_records_only_the_parties_holding_a_notice(db, company_noticed):
    case, company, _employee = company_noticed
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    assert served(db, case) == [company]
    assert party_notices.unserved_parties(db, get_case(db, case.id)) == []


def test_a_party_named_without_a_notice_is_refused_by_name_and_nothing_is_recorded(db, company_noticed, table_counts,
                                                                                  english):
    case, company, employee = company_noticed
    before = table_counts(db)
    with pytest.raises(TransitionRefused, match=f"{EMPLOYEE}: no 行政处罚告知书 in force was issued to it"):
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02", party_ids=(company, employee))
    assert table_counts(db) == before and get_case(db, case.id).status == "under_review"


def test_without_any_notice_issued_every_party_is_served_as_before(db, make_case):
    """Notices written outside the workstation: the service names every party, as the other steps read them."""
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS, fine_fen=50_000))
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    assert served(db, case) == [company, employee]


# ---- each party judged on its own penalty (REFERENCE §1.9; Penalty Law art. 63) --------------------------------------

def test_each_party_is_judged_on_its_own_notice_and_a_party_not_penalised_has_no_thresholds(db, data_dir,
                                                                                       company_noticed):
    case, company, employee = company_noticed
    case = update_case(db, replace(get_case(db, case.id), fine_fen=10_000_000))  # the whole case's fine: ¥100,000
    law = {p.party_id: p for p in parties_law(db, case)}
    # the company's notice proposes ¥500: no hearing, although the case records ¥100,000
    assert dict(law[company].thresholds)["hearing"].applies is False
    assert law[company].publication is not None
    # the employee holds no notice while the company does: not penalised, no thresholds and nothing published
    assert law[employee].thresholds == () and law[employee].publication is None


def test_the_law_box_prints_only_the_penalised_party(db, data_dir, company_noticed, make_window, english):
    from PySide6.QtWidgets import QLabel

    case, _company, _employee = company_noticed
    box = make_window(db).open_case(case.id).law
    text = box.findChild(QLabel, "publication").text()
    assert COMPANY in text and EMPLOYEE not in text
