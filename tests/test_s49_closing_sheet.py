"""From an audit of the case file: the 结案审批表 of a case with several parties ticks 决定执行完毕 only once every
party fined performed, as closing requires (the court applied to for one that did not pay), and its 实缴合计 covers
what the parties owe; its draft's 结案理由 is 申请人民法院强制执行 once the court was applied to for each party that
did not pay; the 处理决定 of a case transferred to the police
(移送公安机关（文号）) or not filed (不予立案。理由：…) is prefilled, and the cover's 处理结果 of a case not filed says so;
the 涉嫌犯罪案件移送书 leaves out the 共计…条 sentence when no record count was recorded."""

from __future__ import annotations

import pytest

from tests.test_doc_case_defaults import defaults
from tests.test_multiparty12 import decided_case
from tests.test_s47_casefile_print import FACTS, texts_of
from workstation import procedure
from workstation.case_records import CaseEvent
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import check_issue, issue_document
from workstation.enforcement import APPLIED
from workstation.errors import WorkstationError
from workstation.payments import Payment
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import add_event
from workstation.store.clock_events import record_clock_event

ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道1号"}


def _company_paid(db, data_dir, make_case):
    """Two parties decided and served, the company paid its ¥50,000, the employee nothing of its ¥5,000."""
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=5_000_000, voucher="缴款书A1"))
    return get_case(db, case.id), company, employee


# ---- 1. several parties: 决定执行完毕 only once every party fined performed --------------------------------------

def test_one_party_paid_of_two_is_no_performed_decision(db, data_dir, make_case, english):
    case, _company, _employee = _company_paid(db, data_dir, make_case)
    assert case.status == "served"
    with pytest.raises(WorkstationError, match="决定执行完毕"):
        check_issue(db, case, find_form("closing_approval"), {"ground": "决定执行完毕"})


def test_the_court_applied_to_for_the_other_party_closes_as_enforced(db, data_dir, make_case, english):
    case, _company, employee = _company_paid(db, data_dir, make_case)
    add_event(db, CaseEvent(case.id, APPLIED, "2026-11-17T09:00:00", on_date="2026-11-17", party_id=employee))
    case = get_case(db, case.id)
    values = defaults(db, case, "closing_approval")
    assert values["ground"] == "申请人民法院强制执行"
    checked, _context = check_issue(db, case, find_form("closing_approval"))  # the draft's defaults pass
    assert checked["ground"] == "申请人民法院强制执行"
    # 决定执行完毕 with ¥50,000 paid of the ¥55,000 the parties owe contradicts the sheet's own totals
    with pytest.raises(WorkstationError, match="实缴"):
        check_issue(db, case, find_form("closing_approval"), {"ground": "决定执行完毕"})


def test_every_party_paid_closes_as_performed(db, data_dir, make_case):
    case, _company, employee = _company_paid(db, data_dir, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-25", party_ids=(employee,),
                    payment=Payment(paid_fen=500_000, voucher="缴款书B1"))
    case = get_case(db, case.id)
    assert defaults(db, case, "closing_approval")["ground"] == "决定执行完毕"
    checked, _context = check_issue(db, case, find_form("closing_approval"))
    assert checked["ground"] == "决定执行完毕"


# ---- 2. 处理决定 of a case transferred to the police or not filed --------------------------------------------------

def test_a_case_closed_after_its_transfer_to_the_police_prefills_its_decision(db, data_dir, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02", facts=FACTS, records_other=6_000)
    letter = issue_document(db, data_dir, case, find_form("police_transfer"), {**ADDRESS, "issued_on": "2026-04-20"})
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_filed", starts_on="2026-05-05"))
    closed = procedure.apply(db, case.id, "close", on_date="2026-05-06")
    values = defaults(db, closed, "closing_approval")
    assert values["decision"] == f"移送公安机关（{letter.number}）"
    assert values["ground"] == "移送司法"


def test_a_case_not_filed_prefills_its_decision_and_cover(db, make_case):
    case = make_case()
    procedure.apply(db, case.id, "decline_filing", on_date="2026-03-20", reason="现有证据无法认定违法")
    closed = procedure.apply(db, case.id, "close", on_date="2026-03-21")
    values = defaults(db, closed, "closing_approval")
    assert values["decision"] == "不予立案。理由：现有证据无法认定违法。"
    assert (values["ground"], values["ground_other"]) == ("其他", "不予立案")
    assert defaults(db, closed, "file_cover")["result"] == "不予立案"
    cover = draft_document(db, closed, find_form("file_cover"), blanks=[])
    assert "不予立案" in texts_of(render_document(cover, "pdf").data)[0]


# ---- 3. the 涉嫌犯罪案件移送书 without a record count ----------------------------------------------------------------

def test_the_transfer_letter_without_a_record_count_leaves_the_count_out(db, data_dir, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02", facts=FACTS)
    draft = draft_document(db, case, find_form("police_transfer"), {**ADDRESS, "issued_on": "2026-04-20"},
                           blanks=[])
    text = "".join(texts_of(render_document(draft, "pdf").data)).replace(" ", "")
    assert "共计0条" not in text and "经统计" not in text
    counted = make_case(status="investigating", filed_on="2026-03-02", facts=FACTS, records_other=6_000)
    draft = draft_document(db, counted, find_form("police_transfer"), {**ADDRESS, "issued_on": "2026-04-20"},
                           blanks=[])
    text = "".join(texts_of(render_document(draft, "pdf").data)).replace(" ", "").replace("\n", "")
    assert "共计6,000条" in text or "共计6000条" in text
    # a total typed on the letter without its categories is still stated
    typed = draft_document(db, case, find_form("police_transfer"),
                           {**ADDRESS, "issued_on": "2026-04-20", "records_total": "5000"}, blanks=[])
    text = "".join(texts_of(render_document(typed, "pdf").data)).replace(" ", "").replace("\n", "")
    assert "共计5,000条。" in text or "共计5000条。" in text
