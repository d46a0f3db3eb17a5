"""The law box of a case against REFERENCE §1.4 and §1.9 (audit): a decision imposing a penalty written out in its
其他行政处罚 (吊销营业执照, 通报批评 …) is published — for three years, or three months for 通报批评 alone — and its
hearing threshold counts that penalty, as the decision's 公示告知 paragraph, the clock T18 and the notice's hearing
paragraph already do; a decision made on the spot under the simple procedure is not published. The expected
answers were worked out by hand from REFERENCE (SAMR Order 45 arts. 2, 13; Penalty Law arts. 51, 63)."""

from __future__ import annotations

import pytest

from tests.test_party_case10 import COMPANY, notice, with_employee
from tests.test_simple_procedure_m029 import _decided
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.law import thresholds
from workstation.law.case_law import case_law, parties_law
from workstation.records import Party
from workstation.store import get_case, save_party

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"


def decided(db, data_dir, make_case, violations=("unsolicited_commercial_messages",), **values):
    """A company's case decided by a 行政处罚决定书 with ``values`` (amounts in yuan), nothing typed on the case."""
    case = make_case(status="decision_pending", lead_received_on="2026-02-10", filed_on="2026-02-27",
                     notice_served_on="2026-03-02", violations=list(violations), facts=FACTS)
    save_party(db, Party(name=COMPANY, uscc="91512081MA62K0260E", address="佛山市南海区桂城街道南海大道1号",
                         legal_rep="梁嘉豪", id=case.party_ids[0]))
    issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                   {"decided_on": "2026-03-20", "fine_fen": "0", **values})
    return get_case(db, case.id)


# (其他行政处罚 written out, fine in fen, published, months): worked out by hand from SAMR Order 45 arts. 2, 13 with
# the illustrative lower fine of thresholds.toml (¥100,000 for a company)
WRITTEN = [
    ("吊销营业执照", 0, True, 36),  # a heavier penalty: three years
    ("责令停业整顿", 500_000, True, 36),  # a lower fine beside it does not shorten the period
    ("通报批评", 0, True, 3),  # 通报批评 alone: three months
    ("通报批评", 500_000, True, 3),  # 通报批评 and a lower fine: three months
    ("通报批评、吊销营业执照", 0, True, 36),
    ("限制开展生产经营活动三个月", 0, True, 36),  # named by no pattern: still a penalty, published three years
    ("", 0, False, 0),  # nothing imposed yet
]


@pytest.mark.parametrize(("written", "fine_fen", "required", "months"), WRITTEN)
def test_a_penalty_written_out_is_published_for_its_period(written, fine_fen, required, months):
    found = thresholds.publication("company", fine_fen, other_penalty=written)
    assert (found.required, found.period_months) == (required, months)


def test_a_decision_revoking_the_licence_alone_is_published_and_gave_the_hearing_right(db, data_dir, make_case,
                                                                                     english):
    law = case_law(db, decided(db, data_dir, make_case, other_penalty="吊销营业执照", hearing_required=True))
    assert law.publication.required and law.publication.period_months == 36
    assert law.publication.reasons[1] == "Published for three years."
    hearing = dict(law.thresholds)["hearing"]
    assert hearing.applies and hearing.reasons == ("Proposed: revocation of the business licence.",)


def test_a_decision_of_public_criticism_alone_is_published_for_three_months(db, data_dir, make_case, english):
    # 通报批评 is no kind 消法 art. 56 provides: a case on a basis outside the legal catalogue, no violation ticked
    law = case_law(db, decided(db, data_dir, make_case, violations=(), other_penalty="通报批评"))
    assert law.publication.required and law.publication.period_months == 3
    assert law.publication.reasons[1] == "Only a public criticism or a lower fine: published for three months."


def test_a_decision_made_on_the_spot_is_not_published(db, data_dir, make_case, english):
    law = case_law(db, get_case(db, _decided(db, data_dir, make_case).id))
    assert not law.publication.required
    assert law.publication.reasons == ("A penalty decision made under the simple procedure is not published.",)


def test_each_party_is_judged_on_the_penalty_its_own_notice_writes_out(db, data_dir, make_case, english):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="50000", other_penalty="吊销营业执照", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="5000", warning=False, other_penalty="通报批评")
    law = {party.party_id: party for party in parties_law(db, get_case(db, case.id))}
    assert dict(law[company].thresholds)["hearing"].applies and law[company].publication.period_months == 36
    assert not dict(law[employee].thresholds)["hearing"].applies and law[employee].publication.period_months == 3
