"""Values refused on issue that the audit found accepted: a 行政处罚决定书 dated within the party's statement period or
before the hearing it states as held, a 不予行政处罚 审批表 printing the case's amounts, a corrected 立案审批表 printing
another filing date than the case's, an extension of the 办案期限 of a case already decided, a 责令退款通知书 of 0 yuan
and a 责令改正通知书 asking for the report before the correction is due (``stage_rules``, the forms' ``not_before``)."""

from __future__ import annotations

import pytest

from tests.helpers import FILING_SOURCE
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError, WorkstationError
from workstation.store import get_case
from workstation.store.cases import find_case

ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}


def _notice_served(db, data_dir, make_case, ended="2026-11-25"):
    """Notice (¥50,000) served on 2026-11-16 (its five working days run to 11-23), the period ended on ``ended``."""
    case = make_case(status="under_review", lead_received_on="2026-10-20", filed_on="2026-10-22",
                     review_on="2026-11-12", facts="经查，当事人出售购房客户个人信息3000余条。")
    issue_document(db, data_dir, case, find_form("pre_penalty_notice"), {**ADDRESS, "fine_fen": 50_000,
                                                                         "issued_on": "2026-11-16"})
    for name, day in (("send_pre_notice", "2026-11-16"), ("end_statement_period", ended)):
        procedure.apply(db, case.id, name, on_date=day)
    return get_case(db, case.id)


def test_a_decision_dated_within_the_statement_period_is_refused(db, data_dir, make_case, english):
    case = _notice_served(db, data_dir, make_case)
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, case, find_form("penalty_decision"),
                       {**ADDRESS, "fine_fen": 50_000, "decided_on": "2026-11-20"})
    assert "决定日期 (2026-11-20)" in str(refused.value) and "2026-11-23" in str(refused.value)
    issue_document(db, data_dir, case, find_form("penalty_decision"),
                   {**ADDRESS, "fine_fen": 50_000, "decided_on": "2026-11-26"})


def test_a_decision_dated_before_the_hearing_it_states_is_refused(db, data_dir, make_case, english):
    case = _notice_served(db, data_dir, make_case)
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, case, find_form("penalty_decision"),
                       {**ADDRESS, "fine_fen": 50_000, "decided_on": "2026-11-26", "hearing_held_on": "2026-11-27",
                        "statement": "当事人在听证中提出的意见不予采纳。"})
    assert "before the hearing held on 2026-11-27" in str(refused.value)


@pytest.mark.parametrize("kind", ["不予行政处罚", "移送司法机关"])
def test_an_approval_deciding_no_penalty_with_amounts_is_refused_naming_them(db, data_dir, make_case, english, kind):
    case = make_case(status="under_review", filed_on="2026-10-22", fine_fen=50_000,
                     facts="经查，当事人出售购房客户个人信息。")
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, case, find_form("decision_approval"), {"decision_kind": kind})
    assert "罚款（元）" in str(refused.value) and "罚没款合计（元）" in str(refused.value)
    assert "没收违法所得（元）" not in str(refused.value)


def test_a_filing_approval_dated_otherwise_than_the_case_is_filed_is_refused(db, data_dir, make_case, english):
    case = make_case(status="investigating", lead_received_on="2026-11-10", filed_on="2026-11-16",
                     facts="经查，当事人出售购房客户个人信息。")
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, case, find_form("filing_approval"),
                       {**FILING_SOURCE, "approved_on": "2026-11-25", "proposed_on": "2026-11-12"})
    assert "(2026-11-25) is not the case's filing date (2026-11-16)" in str(refused.value)


def test_extending_the_period_of_a_decided_case_is_refused(demo_db, data_dir, english):
    case = find_case(demo_db, "佛南市监立〔2026〕8号")
    with pytest.raises(WorkstationError) as refused:
        issue_document(demo_db, data_dir, case, find_form("matter_approval"),
                       {"matter": "延长办案期限", "period": "延长三十日"})
    assert "nothing left to extend" in str(refused.value)


def test_a_refund_of_nothing_is_refused(db, data_dir, make_case, english):
    case = make_case(status="investigating", filed_on="2026-11-16")
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, case, find_form("refund_order"),
                       {"facts": "经查，当事人多收价款。", "refund_fen": 0, "refund_by": "2026-12-20", "basis": "x"})
    assert "应退还的多收价款 is 0" in str(refused.value)


def test_a_report_due_before_the_correction_is_refused(db, data_dir, make_case):
    case = make_case(status="investigating", filed_on="2026-11-16")
    values = {"signed_on": "2026-11-20", "violation": "经查，当事人未经消费者同意向其发送商业性短信。",
              "requirements": "1.停止未经消费者同意向其发送商业性短信的行为。"}
    with pytest.raises(ValidationError) as refused:
        issue_document(db, data_dir, case, find_form("rectification_order"),
                       {**values, "correct_by": "2026-12-20", "submit_by": "2026-12-05"})
    assert "报送期限" in str(refused.value.errors if hasattr(refused.value, "errors") else refused.value)
    issue_document(db, data_dir, case, find_form("rectification_order"),
                   {**values, "correct_by": "2026-12-20", "submit_by": "2026-12-20"})
