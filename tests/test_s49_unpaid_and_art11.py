"""Two faults of printed forms found by a legal audit: the 履行催告书 of a case performed or closed whose fine was paid
said the whole fine was still unpaid (``payments.fine_unpaid`` ignored the payments recorded once the case was past
已送达); the 涉嫌犯罪案件移送书 said a decision of a fine alone is not stopped by the transfer under transfer rules art.
11, which says so only of 警告, 责令停产停业 and 暂扣或者吊销许可证/执照 (a fine is credited against a criminal fine:
art. 11 and Penalty Law art. 35 para. 2), and said it of a decision confiscating only, which art. 11 does not cover."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_police_after_decision import letter_text
from tests.test_s46_enforcement import DECISION, FINE, _served
from workstation import procedure
from workstation.documents.drafts import draft_document, find_form
from workstation.formkit.values import case_context, default_values
from workstation.payments import Payment, fine_unpaid
from workstation.penalty_terms import Terms
from workstation.store import get_case
from workstation.store.cases import update_case

NOT_STOPPED = "不因移送停止执行"
OFFSET = ("根据《行政执法机关移送涉嫌犯罪案件的规定》第十一条和《中华人民共和国行政处罚法》第三十五条第二款，人民法院判处"
          "罚金时，当事人已被处以的罚款依法折抵相应罚金。")


# ---- 1. the unpaid amount of a case whose fine was paid ----------------------------------------------------------

def _paid(db, make_case, status, paid_fen=FINE):
    case = _served(db, make_case)
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-03-10",
                           payment=Payment(paid_fen=paid_fen, voucher="V-1"))
    assert case.status == "performed"
    if status != "performed":
        case = update_case(db, replace(case, status=status, closed_on="2026-03-20"), allow_status_change=True)
    return get_case(db, case.id)


@pytest.mark.parametrize("status", ["performed", "closed", "archived"])
def test_a_fine_paid_in_full_leaves_nothing_unpaid_whatever_the_status(db, make_case, status):
    case = _paid(db, make_case, status)
    assert fine_unpaid(db, case, FINE) is None
    context = case_context(db, case)
    assert context["documents.unpaid_fen"] is None
    for form_id in ("performance_demand", "enforcement_application"):
        assert not default_values(find_form(form_id), context).get("unpaid_fen")


def test_the_demand_draft_of_a_closed_case_paid_states_no_unpaid_amount(db, make_case):
    case = _paid(db, make_case, "closed")
    blanks: list = []
    draft = draft_document(db, case, find_form("performance_demand"), {"decision_no": DECISION}, blanks=blanks)
    text = draft.text.replace("\n", "")
    assert "¥5,000.00" not in text  # the fine paid is not said unpaid
    assert any("unpaid_fen" in str(blank) for blank in blanks), blanks  # left blank, the officer told


def test_a_fine_paid_as_decided_without_an_amount_leaves_nothing_unpaid(db, make_case):
    case = _served(db, make_case)
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-03-10", payment=None)
    case = update_case(db, replace(case, status="closed", closed_on="2026-03-20"), allow_status_change=True)
    assert fine_unpaid(db, get_case(db, case.id), FINE) is None


def test_a_case_closed_without_a_payment_still_owes_the_whole_decision(db, make_case):
    case = _served(db, make_case)
    case = update_case(db, replace(case, status="closed", closed_on="2026-03-20"), allow_status_change=True)
    assert fine_unpaid(db, get_case(db, case.id), FINE) == FINE


def test_a_case_performed_short_still_shows_what_is_left(db, make_case):
    case = _served(db, make_case)
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-03-10",
                           payment=Payment(paid_fen=400_000, voucher="V-1"), in_full=True)
    assert case.status == "performed"
    assert fine_unpaid(db, case, FINE) == 100_000


def test_a_served_case_paid_in_part_still_shows_the_rest(db, make_case):
    case = _served(db, make_case)
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-03-10",
                           payment=Payment(paid_fen=200_000, voucher="V-1"))
    assert case.status == "served"
    assert fine_unpaid(db, case, FINE) == 300_000


# ---- 2. what the 移送书 says of transfer rules art. 11 --------------------------------------------------------------

@pytest.fixture
def decided(make_case):
    from tests.test_police_after_decision import DATES, FACTS

    def make(status="served", **fields):
        amounts = {"fine_fen": 5_000_000, **fields}
        return make_case(status=status, filed_on="2026-01-05", facts=FACTS, records_other=6_000,
                         **DATES["served"], **amounts)
    return make


def test_a_fine_alone_is_credited_not_said_unstopped(db, decided):
    text = letter_text(db, decided("served"))
    assert OFFSET in text
    assert NOT_STOPPED not in text


def test_a_closed_case_paid_is_credited_not_said_unstopped(db, decided):
    text = letter_text(db, decided("closed", closed_on="2026-04-01"))
    assert OFFSET in text and NOT_STOPPED not in text


def test_a_confiscation_alone_cites_nothing_of_art_11(db, decided):
    text = letter_text(db, decided("served", fine_fen=0, confiscated_fen=120_000))
    assert "没收违法所得¥1,200.00" in text
    assert NOT_STOPPED not in text and "第十一条" not in text and "折抵" not in text


def test_a_warning_with_a_fine_is_said_unstopped_and_the_fine_credited(db, data_dir, make_case):
    from tests.test_s45_simple_procedure import _issue
    from workstation.decided_transfer import penalty_before_transfer

    case = make_case()
    _issue(db, data_dir, case, warning=True)
    stated = penalty_before_transfer(db, procedure.apply(db, case.id, "decide_on_the_spot"))
    assert "根据《行政执法机关移送涉嫌犯罪案件的规定》第十一条，上述警告的行政处罚不因移送停止执行。" in stated
    assert stated.endswith(OFFSET)


def test_a_fine_alone_on_the_spot_is_only_credited(db, data_dir, make_case):
    from tests.test_s45_simple_procedure import _issue
    from workstation.decided_transfer import penalty_before_transfer

    case = make_case()
    _issue(db, data_dir, case, warning=False)
    stated = penalty_before_transfer(db, procedure.apply(db, case.id, "decide_on_the_spot"))
    assert stated.endswith(OFFSET) and NOT_STOPPED not in stated


@pytest.mark.parametrize(("terms", "said"), [
    (Terms(warning=True), ["警告"]),
    (Terms(fine_fen=100, other_penalty="责令停产停业一个月"), ["责令停产停业一个月"]),
    (Terms(warning=True, other_penalty="吊销营业执照"), ["警告", "吊销营业执照"]),
    (Terms(other_penalty="暂扣食品经营许可证三个月"), ["暂扣食品经营许可证三个月"]),
    (Terms(fine_fen=100, confiscated_fen=100, confiscated_property="涉案手机2部"), []),
    (Terms(other_penalty="限制开展生产经营活动"), []),
])
def test_the_penalties_art_11_names_are_those_it_lists(terms, said):
    from workstation.decided_transfer import not_stopped_penalties

    assert not_stopped_penalties(terms) == said
