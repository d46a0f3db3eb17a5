"""From an audit of payments (session 56): the 结案审批表 of a case with several parties counts all of each party's
payments — a party that paid its fine in parts prints, in its own 执行情况 row and in the case's 实缴合计, what its
parts add up to (amounts and surcharges), as the one-party sheet does (``payments.recorded_payment``), not only its
last part; a party that paid once prints as before."""

from __future__ import annotations

from tests.helpers import closing_rows, pdf_text
from tests.test_doc_case_defaults import defaults
from tests.test_multiparty12 import decided_case
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_pdf, issue_document
from workstation.payments import Payment
from workstation.store import get_case


def _company_paid_in_two_parts(db, data_dir, make_case, employee_payment: Payment):
    """The company (¥50,000) pays ¥20,000 on 03-18 and the ¥30,000 left on 03-20, the employee (¥5,000) once, on
    03-25: the case performed."""
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-18", party_ids=(company,),
                           payment=Payment(paid_fen=2_000_000, voucher="缴款书A1")).status == "served"
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=3_000_000, voucher="缴款书A2"))
    performed = procedure.apply(db, case.id, "record_performance", on_date="2026-03-25", party_ids=(employee,),
                                payment=employee_payment)
    assert performed.status == "performed"
    return performed


def test_the_issued_sheet_prints_each_party_s_parts_added_up_and_their_sum(db, data_dir, make_case):
    case = _company_paid_in_two_parts(db, data_dir, make_case, Payment(paid_fen=500_000, voucher="缴款书B1"))
    values = defaults(db, case, "closing_approval")
    assert values["paid_total_fen"] == "55000.00"  # ¥20,000 + ¥30,000 + ¥5,000, not the company's last part alone
    assert values["ground"] == "决定执行完毕"
    issued = issue_document(db, data_dir, get_case(db, case.id), find_form("closing_approval"), {})
    text = pdf_text(document_pdf(db, data_dir, issued.id))
    company, employee = closing_rows(text)
    # the sum, then each part with its day and voucher (REFERENCE No. 53), not the last part alone
    assert ("已缴纳¥50,000.00（人民币伍万元整），分2次缴纳：2026年3月18日缴纳¥20,000.00（缴款凭证号码缴款书A1）；"
            "2026年3月20日缴纳¥30,000.00（缴款凭证号码缴款书A2）") in company
    # the employee, who paid once, as ever: its one payment with its day and voucher
    assert "已缴纳¥5,000.00（人民币伍仟元整），缴款日期2026年3月25日，缴款凭证号码缴款书B1" in employee
    assert "实缴合计¥55,000.00（人民币伍万伍仟元整）" in text.replace(" ", "").replace("\n", "")


def test_the_surcharge_of_a_party_s_parts_is_added_up_too(db, data_dir, make_case):
    # the employee pays late (its period ended 03-27), with the surcharge it owes; the company in two parts in time
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-18", party_ids=(company,),
                    payment=Payment(paid_fen=2_000_000, voucher="缴款书A1"))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=3_000_000, voucher="缴款书A2"))
    # two parts of ¥3,000 each with ¥150 of surcharge stated in each: ¥6,000 with ¥300 of surcharge in all
    procedure.apply(db, case.id, "record_performance", on_date="2026-04-01", party_ids=(employee,),
                    payment=Payment(paid_fen=300_000, surcharge_fen=15_000, voucher="缴款书B1"))
    procedure.apply(db, case.id, "record_performance", on_date="2026-04-02", party_ids=(employee,),
                    payment=Payment(paid_fen=300_000, surcharge_fen=15_000, voucher="缴款书B2"))
    case = get_case(db, case.id)
    values = defaults(db, case, "closing_approval")
    assert values["paid_total_fen"] == "56000.00"  # ¥50,000 + ¥6,000
    company_rows, employee_rows = closing_rows(pdf_text(_rendered(db, case, values)))
    assert "已缴纳¥50,000.00" in company_rows
    assert "已缴纳¥6,000.00（人民币陆仟元整），其中加处罚款¥300.00（人民币叁佰元整）" in employee_rows


def _rendered(db, case, values) -> bytes:
    from workstation.documents.drafts import draft_document, render_document

    return render_document(draft_document(db, get_case(db, case.id), find_form("closing_approval"), values),
                           "pdf").data


def test_a_party_fined_nothing_prints_no_payment_of_the_case_s_performance(db, data_dir, make_case):
    # the employee only warned: the company's payment performs the case, and the employee's row says no payment
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case, employee_fine="0")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                           payment=Payment(paid_fen=5_000_000, voucher="缴款书A1")).status == "performed"
    case = get_case(db, case.id)
    values = defaults(db, case, "closing_approval")
    assert values["paid_total_fen"] == "50000.00"
    _company_rows, employee_rows = closing_rows(pdf_text(_rendered(db, case, values)))
    assert "已缴纳" not in employee_rows
