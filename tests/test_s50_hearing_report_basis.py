"""The 听证报告 states the 处罚依据 the investigators put to the party in its 行政处罚告知书 (an audit found it printed
依据＿＿的规定 blank in a case with several parties whose notices each stated it, the case recording no violation
for the workstation to word the basis from); each party's report states its own notice's basis."""

from __future__ import annotations

from workstation.documents.drafts import draft_values, find_form
from workstation.store import get_case

COMPANY_BASIS = "依据《中华人民共和国个人信息保护法》第六十六条第一款的规定"


def test_the_hearing_report_states_the_basis_of_the_party_s_own_notice(db, data_dir, make_case):
    from tests.test_party_case10 import FACTS, notice, with_employee
    from workstation import procedure

    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True, basis=COMPANY_BASIS)
    notice(db, data_dir, case, employee, fine_fen="150000", hearing_required=True)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    values, _ = draft_values(db, get_case(db, case.id), find_form("hearing_report"), party_id=company, blanks=[])
    assert values["presented_basis"] == COMPANY_BASIS
    values, _ = draft_values(db, get_case(db, case.id), find_form("hearing_report"), party_id=employee, blanks=[])
    assert values["presented_basis"] == find_form("pre_penalty_notice").field("basis").default  # its notice's


def test_a_case_with_one_party_states_its_notice_s_basis(db, data_dir, make_case):
    from workstation.documents.issuing import issue_document

    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts="当事人……")
    issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                   {"facts": "当事人……", "issued_on": "2026-03-02", "warning": True, "fine_fen": "150000",
                    "hearing_required": True, "basis": COMPANY_BASIS})
    values, _ = draft_values(db, get_case(db, case.id), find_form("hearing_report"), blanks=[])
    assert values["presented_basis"] == COMPANY_BASIS
