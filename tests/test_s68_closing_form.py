"""Session 68: the 结案审批表 (version 14) of a decision revoked before the case closed ticks 其他 with the reason
处罚决定已被撤销（文号） and prints none of the revoked decision's amounts as owed or paid (what was paid before the
revocation is to be refunded); its 加处罚款 (行政强制法 art. 45, Penalty Law art. 72) says what accrued, what was paid
and what was waived or reduced (行政强制法 art. 42: a 履行完毕 recorded in full with its reason), accrued and waived
only when there are any, in figures and in 大写; the sheet still fits one page, in the PDF and the DOCX alike."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pytest

from tests.helpers import pdf_text
from tests.test_doc_case_defaults import defaults
from tests.test_multiparty12 import decided_case
from workstation import procedure
from workstation.case_records import CaseEvent
from workstation.documents.docx_writer import style_name
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import check_issue
from workstation.documents.pdf_writer import render_pdf
from workstation.enforcement import APPLIED
from workstation.formkit.spec import earlier_form
from workstation.payments import Payment
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import add_event, update_case
from workstation.store.clock_events import record_clock_event

FINE = 5_000_000  # ¥50,000.00, decided and served on 2026-06-01: T8 ends 2026-06-16
NUMBER = "佛府复〔2026〕2号"
REVOKED = f"处罚决定已被撤销（{NUMBER}）"
WAIVED = "经集体讨论，依法减免部分加处罚款"


def served(db, make_case, **fields):
    case = make_case(fine_fen=FINE, **fields)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-01", served_on="2026-06-01"),
                       allow_status_change=True)


def revoke(db, case, kind="challenge_revoked", party_id=None, on="2026-07-20", asked="2026-06-10"):
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on=asked,
                                      party_id=party_id))
    record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=on, approved_by=NUMBER,
                                      party_id=party_id))
    return get_case(db, case.id)


def docx_text(data: bytes) -> str:
    word = docx.Document(io.BytesIO(data))
    return "".join(cell.text for table in word.tables for row in table.rows for cell in row.cells
                   ).replace(" ", "").replace("\n", "")


def printed(db, case, values=None) -> tuple[str, str]:
    """(PDF text, DOCX text) of the case's 结案审批表 drafted with ``values``, spaces and line breaks taken out."""
    document = draft_document(db, get_case(db, case.id), find_form("closing_approval"), values)
    return pdf_text(render_document(document, "pdf").data), docx_text(render_document(document, "docx").data)


def test_version_13_is_kept_as_it_stood():
    earlier = earlier_form("closing_approval", 13)
    assert earlier is not None and earlier.version == 13
    assert not any(field.name in ("decision_revoked", "surcharge_accrued_fen", "surcharge_waived_fen")
                   for field in earlier.fields)


# ---- 1. a decision revoked before the case closed ------------------------------------------------------------------

def test_a_revoked_decision_ticks_other_with_its_reason(db, make_case):
    case = revoke(db, served(db, make_case))
    values = defaults(db, case, "closing_approval")
    assert values["ground"] == "其他" and values["ground_other"] == REVOKED
    for text in printed(db, case):
        assert f"☑其他：{REVOKED}" in text
        # the revoked decision's amounts are neither owed nor paid: no 罚款 row, no 实缴合计 left to write in
        assert "罚款¥50,000.00" not in text.split("结案理由", 1)[1]
        assert "实缴合计" not in text and "缴款凭证号码" not in text
        assert "处罚决定已于2026年7月20日被撤销（佛府复〔2026〕2号），罚没款不再执行" in text


def test_the_sheet_of_a_revoked_decision_is_issued_once_the_case_is_closed(db, data_dir, make_case):
    case = revoke(db, served(db, make_case))
    case = procedure.apply(db, case.id, "close", on_date="2026-07-25")
    assert case.status == "closed"
    values = defaults(db, case, "closing_approval")
    assert values["ground"] == "其他" and values["ground_other"] == REVOKED
    check_issue(db, case, find_form("closing_approval"), values)  # not refused


def test_a_decision_declared_void_says_so(db, make_case):
    case = revoke(db, served(db, make_case), kind="challenge_void")
    values = defaults(db, case, "closing_approval")
    assert values["ground"] == "其他" and values["ground_other"] == f"处罚决定已被确认无效（{NUMBER}）"


def test_what_was_paid_before_the_revocation_is_to_be_refunded_not_paid(db, make_case):
    case = served(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-10", payment=Payment(FINE, 0, "X201"))
    case = revoke(db, case)
    values = defaults(db, case, "closing_approval")
    assert values["ground"] == "其他" and values["ground_other"] == REVOKED
    for text in printed(db, case):
        assert "实缴合计" not in text
        assert "撤销前已缴纳¥50,000.00（人民币伍万元整），应予退还" in text


def test_an_ordinary_decision_is_untouched(db, make_case):
    case = served(db, make_case)
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-06-10", payment=Payment(FINE, 0, "X202"))
    values = defaults(db, case, "closing_approval")
    assert values["ground"] == "决定执行完毕" and not values["ground_other"] and not values["decision_revoked"]
    for text in printed(db, case):
        assert "罚款¥50,000.00（人民币伍万元整）" in text and "实缴合计¥50,000.00（人民币伍万元整）" in text
        assert "撤销" not in text


def test_a_party_s_revoked_decision_is_said_in_its_rows_and_left_out_of_the_totals(db, data_dir, make_case):
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=5_000_000, voucher="缴款书A1"))
    case = revoke(db, get_case(db, case.id), party_id=employee, on="2026-04-20", asked="2026-03-16")
    values = defaults(db, case, "closing_approval")
    assert values["fine_total_fen"] == "50000.00"  # the company's alone: the employee's ¥5,000 was revoked
    for text in printed(db, case):
        employee_rows = text.split("当事人二", 1)[1].split("罚款合计", 1)[0]
        assert "处罚决定已于2026年4月20日被撤销（佛府复〔2026〕2号），罚没款不再执行" in employee_rows


def test_every_party_s_decision_revoked_ticks_other_naming_them(db, data_dir, make_case):
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    case = revoke(db, get_case(db, case.id), on="2026-04-20", asked="2026-03-16")  # the whole case's
    values = defaults(db, case, "closing_approval")
    assert values["ground"] == "其他" and values["ground_other"] == REVOKED
    assert not values["paid_total_fen"]
    for text in printed(db, case):
        rows = text.split("当事人一", 1)[1].split("结案理由", 1)[0]
        assert "罚款合计" not in rows and "实缴合计" not in rows
        assert all("罚没款不再执行" in part for part in rows.split("当事人二"))


def test_a_revocation_recorded_after_the_case_closed_changes_nothing(db, make_case):
    case = served(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-10", payment=Payment(FINE, 0, "X203"))
    case = procedure.apply(db, case.id, "close", on_date="2026-06-20")
    case = revoke(db, case, on="2026-07-20", asked="2026-06-12")  # recorded after the case closed on 06-20
    values = defaults(db, case, "closing_approval")
    assert values["ground"] == "决定执行完毕" and not values["ground_other"] and not values["decision_revoked"]
    for text in printed(db, case):
        # the 其他执行情况 lists the outcome recorded; the sheet neither ticks it nor drops the amounts paid
        assert "实缴合计¥50,000.00（人民币伍万元整）" in text and "罚没款不再执行" not in text


def test_a_revocation_after_the_court_was_applied_to_ticks_other(db, data_dir, make_case):
    """The court applied to for the employee, who did not pay: 申请人民法院强制执行, until every decision is revoked —
    enforcement then ends (行政强制法 art. 40(4)) and the case closes 其他, the decisions revoked."""
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=5_000_000, voucher="缴款书A1"))
    add_event(db, CaseEvent(case.id, APPLIED, "2026-04-10T09:00:00", on_date="2026-04-10", party_id=employee))
    assert defaults(db, get_case(db, case.id), "closing_approval")["ground"] == "申请人民法院强制执行"
    case = revoke(db, get_case(db, case.id), on="2026-04-20", asked="2026-03-16")  # the whole case's
    values = defaults(db, case, "closing_approval")
    assert values["ground"] == "其他" and values["ground_other"] == REVOKED
    for text in printed(db, case):
        assert f"☑其他：{REVOKED}" in text and "☑申请人民法院强制执行" not in text
        assert "撤销前已缴纳¥50,000.00（人民币伍万元整），应予退还" in text.split("当事人二", 1)[0]
    case = procedure.apply(db, case.id, "close", on_date="2026-04-25")
    values = defaults(db, case, "closing_approval")
    assert values["ground"] == "其他"
    check_issue(db, case, find_form("closing_approval"), values)  # not refused


def test_a_party_s_decision_made_again_after_its_revocation_is_no_revoked_case(db, data_dir, make_case):
    """The company's decision revoked, the employee's revoked and made again (撤销并责令重新作出, its new decision of
    05-01 in force): not every decision in force is revoked, so the sheet ticks no 其他, and the employee's rows show
    its new decision, as they say."""
    case, company, employee, _first, second = decided_case(db, data_dir, make_case,
                                                           employee_decided_on="2026-05-01")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    revoke(db, get_case(db, case.id), party_id=company, on="2026-04-20", asked="2026-03-16")
    case = revoke(db, get_case(db, case.id), kind="challenge_redo", party_id=employee, on="2026-04-20",
                  asked="2026-03-16")
    values = defaults(db, case, "closing_approval")
    assert values["ground"] != "其他" and not values["ground_other"]
    for text in printed(db, case):
        assert f"☑其他：{REVOKED}" not in text
        employee_rows = text.split("当事人二", 1)[1].split("罚款合计", 1)[0]
        assert second.number in employee_rows and "罚没款不再执行" not in employee_rows
        company_rows = text.split("当事人一", 1)[1].split("当事人二", 1)[0]
        assert "罚没款不再执行" in company_rows


# ---- 2. the surcharge accrued, paid and waived --------------------------------------------------------------------

def paid_late(db, make_case, payment: Payment, in_full=False, reason=""):
    """Paid on 2026-06-26, ten days after T8 ended: ¥1,500 a day, ¥15,000 of surcharge accrued."""
    case = served(db, make_case)
    return procedure.apply(db, case.id, "record_performance", on_date="2026-06-26", payment=payment,
                           in_full=in_full, reason=reason)


def test_a_surcharge_reduced_prints_what_accrued_what_was_paid_and_what_was_waived(db, make_case):
    case = paid_late(db, make_case, Payment(FINE + 500_000, 500_000, "X301"), in_full=True, reason=WAIVED)
    assert case.status == "performed"
    values = defaults(db, case, "closing_approval")
    assert (values["surcharge_accrued_fen"], values["surcharge_fen"], values["surcharge_waived_fen"]) == (
        "15000.00", "5000.00", "10000.00")
    for text in printed(db, case):
        assert "已加处罚款¥15,000.00（人民币壹万伍仟元整）" in text
        assert "实缴加处罚款¥5,000.00（人民币伍仟元整）" in text
        assert "减免加处罚款¥10,000.00（人民币壹万元整）" in text
        assert "实缴合计¥55,000.00（人民币伍万伍仟元整）" in text


def test_a_surcharge_waived_whole_prints_none_paid(db, make_case):
    case = paid_late(db, make_case, Payment(FINE, 0, "X302"), in_full=True, reason=WAIVED)
    values = defaults(db, case, "closing_approval")
    assert (values["surcharge_accrued_fen"], values["surcharge_waived_fen"]) == ("15000.00", "15000.00")
    assert not values["surcharge_fen"]
    for text in printed(db, case):
        assert "已加处罚款¥15,000.00" in text and "减免加处罚款¥15,000.00" in text and "实缴加处罚款" not in text


def test_a_surcharge_paid_whole_prints_no_waiver(db, make_case):
    case = paid_late(db, make_case, Payment(FINE + 1_500_000, 1_500_000, "X303"))
    values = defaults(db, case, "closing_approval")
    assert values["surcharge_accrued_fen"] == "15000.00" and not values["surcharge_waived_fen"]
    for text in printed(db, case):
        assert "已加处罚款¥15,000.00" in text and "实缴加处罚款¥15,000.00" in text and "减免" not in text


def test_a_fine_paid_in_time_prints_no_surcharge(db, make_case):
    case = served(db, make_case)
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-06-10", payment=Payment(FINE, 0, "X304"))
    values = defaults(db, case, "closing_approval")
    assert not values["surcharge_accrued_fen"] and not values["surcharge_waived_fen"]
    for text in printed(db, case):
        assert "加处罚款" not in text


def _company_paid(db, data_dir, make_case, reason: str):
    """A company and its employee decided, served on 03-12; the company paid in time (03-20), the employee on 04-01 in
    full with ``reason``: its period ended 03-27, five days late, ¥750 accrued, ¥300 paid. The case."""
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=5_000_000, voucher="缴款书A1"))
    procedure.apply(db, case.id, "record_performance", on_date="2026-04-01", party_ids=(employee,),
                    payment=Payment(paid_fen=530_000, surcharge_fen=30_000, voucher="缴款书B1"), in_full=True,
                    reason=reason)
    return case


def test_a_party_s_surcharge_accrued_and_waived_is_in_its_rows(db, data_dir, make_case):
    # the employee's period ended 03-27: paid 04-01, five days late, ¥750 accrued, ¥300 paid, the rest waived
    case = _company_paid(db, data_dir, make_case, WAIVED)
    for text in printed(db, get_case(db, case.id)):
        employee_rows = text.split("当事人二", 1)[1].split("罚款合计", 1)[0]
        assert "其中加处罚款¥300.00（人民币叁佰元整）" in employee_rows
        assert "已加处罚款¥750.00（人民币柒佰伍拾元整），减免¥450.00（人民币肆佰伍拾元整）" in employee_rows
        company_rows = text.split("当事人一", 1)[1].split("当事人二", 1)[0]
        assert "加处罚款" not in company_rows


def test_a_party_s_surcharge_left_unpaid_without_a_reason_prints_no_waiver(db, data_dir, make_case):
    # in full with no reason recorded: nothing was reduced or waived under 行政强制法 art. 42
    case = _company_paid(db, data_dir, make_case, "")
    for text in printed(db, get_case(db, case.id)):
        employee_rows = text.split("当事人二", 1)[1].split("罚款合计", 1)[0]
        assert "已加处罚款¥750.00（人民币柒佰伍拾元整）" in employee_rows and "减免" not in employee_rows


def test_the_surcharge_accrued_is_on_the_fine_as_changed_after_the_payment(db, make_case):
    """Paid ten days late on the ¥50,000 fine; a reconsideration then changed it to ¥20,000: what accrued is the
    decision as changed asks (``payments.balance``: ¥600 a day), not the ¥15,000 of the fine changed."""
    case = paid_late(db, make_case, Payment(FINE, 0, "X305"), in_full=True, reason=WAIVED)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-06-30"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_changed", starts_on="2026-07-20",
                                      days=2_000_000, approved_by=NUMBER))
    values = defaults(db, get_case(db, case.id), "closing_approval")
    assert values["surcharge_accrued_fen"] == "6000.00" and not values["surcharge_waived_fen"]


# ---- 3. one page ---------------------------------------------------------------------------------------------------

CAUSE = ("佛山市南海区瀚沅房地产经纪有限公司在代理销售新建商品房及二手房过程中，未经消费者同意或者请求，通过外呼系统"
         "和手机短信等方式向不特定消费者发送商业性信息，并向第三方营销公司非法提供其收集的购房客户姓名、手机号码、购房意向"
         "、家庭住址等个人信息案")
LONG = {"cause": CAUSE, "fine_fen": "98765.43", "confiscated_fen": "12345.67", "surcharge_fen": "8888.88",
        "surcharge_accrued_fen": "29629.63", "surcharge_waived_fen": "20740.75",
        "paid_fen": "119999.98", "paid_on": "2026-06-01", "receipt_no": "4400123456789012",
        "decision": "警告；没收违法所得人民币壹万贰仟叁佰肆拾伍元陆角柒分；罚款人民币玖万捌仟柒佰陆拾伍元肆角叁分",
        "execution_note": "当事人已按期缴纳罚没款，责令改正事项已落实。"}


def _one_page(document):
    rendered = render_pdf(document)
    assert rendered.pages == 1
    text = "".join(rendered.text_lines()).replace(" ", "")
    assert text.endswith("部门负责人审批意见签名：　　　　　　　　　　　　　　　　年　　月　　日")
    data = render_document(document, "docx").data
    styles = {line.style for line in rendered.lines if line.kind == "cell"}
    assert styles != {"cell", "cell_label"}  # made to fit: set smaller, and the DOCX's cells the same
    word = docx.Document(io.BytesIO(data))
    assert {p.style.name for table in word.tables for row in table.rows for cell in row.cells
            for p in cell.paragraphs} == {style_name(style) for style in styles}
    return text, docx_text(data)


def test_a_long_cause_with_every_amount_is_one_page(db, make_case):
    case = served(db, make_case)
    document = draft_document(db, case, find_form("closing_approval"), LONG)
    for text in _one_page(document):
        assert CAUSE in text and "已加处罚款¥29,629.63（人民币贰万玖仟陆佰贰拾玖元陆角叁分）" in text
        assert "减免加处罚款¥20,740.75（人民币贰万零柒佰肆拾元柒角伍分）" in text


@pytest.mark.parametrize("revoked", [False, True])
def test_several_parties_with_a_long_cause_and_their_surcharges_are_one_page(db, data_dir, make_case, revoked):
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    procedure.apply(db, case.id, "record_performance", on_date="2026-04-01", party_ids=(company,),
                    payment=Payment(paid_fen=5_300_000, surcharge_fen=300_000, voucher="缴款书A1"), in_full=True,
                    reason=WAIVED)
    if revoked:
        revoke(db, get_case(db, case.id), party_id=employee, on="2026-04-20", asked="2026-03-16")
    else:
        procedure.apply(db, case.id, "record_performance", on_date="2026-04-01", party_ids=(employee,),
                        payment=Payment(paid_fen=530_000, surcharge_fen=30_000, voucher="缴款书B1"), in_full=True,
                        reason=WAIVED)
    cause = CAUSE[:99] + "案"  # 100 characters: with both parties' surcharges, as many as still fit in 小五
    document = draft_document(db, get_case(db, case.id), find_form("closing_approval"),
                              {"cause": cause, "execution_note": "当事人已缴纳罚没款。"})
    for text in _one_page(document):
        assert cause in text and "减免¥4,500.00（人民币肆仟伍佰元整）" in text
