"""The forms a case keeps one of name every party of a case with several (REFERENCE §2.2): the 立案审批表 and the
案件来源登记表 list each party's 当事人 rows (name, licence, 统一社会信用代码 or 身份证件号码, address, legal
representative), and the 结案审批表 each party's decision in force and its 执行情况 — the payment recorded for it, or
the application to the people's court — with the totals; its 结案理由 offers 申请人民法院强制执行. A case with one
party prints as before."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pytest

from tests.helpers import with_source
from tests.test_multiparty12 import decided_case
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, with_employee
from workstation import procedure
from workstation.case_records import CaseEvent
from workstation.documents.docx_writer import render_docx
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.documents.stage_rules import closing_ground
from workstation.enforcement import APPLIED
from workstation.formkit.spec import FORMS, FormError, _parsed_form
from workstation.formkit.values import case_context, default_values
from workstation.payments import Payment
from workstation.store import get_case
from workstation.store.cases import add_event, update_case

USCC, ID_NUMBER = "91512081MA62K0260E", "11010519491231002X"
# the 案件来源登记表 of a case not drafted from a lead is told its 来源时间
GIVEN = {"filing_approval": {}, "case_source_register": {"received_on": "2026-02-10"}}


def pdf_text(db, case, form_id: str, values: dict | None = None) -> str:
    document = draft_document(db, get_case(db, case.id), find_form(form_id), with_source(form_id, values))
    rendered = render_pdf(document)
    assert rendered.pages == 1  # still one sheet
    return "".join(rendered.text_lines()).replace(" ", "")


def docx_text(db, case, form_id: str, values: dict | None = None) -> str:
    document = draft_document(db, get_case(db, case.id), find_form(form_id), with_source(form_id, values))
    word = docx.Document(io.BytesIO(render_docx(document)))
    return "".join(p.text for table in word.tables for row in table.rows for cell in row.cells
                   for p in cell.paragraphs).replace(" ", "")


@pytest.fixture
def two_parties(db, make_case):
    case, _company, _employee = with_employee(db, make_case(status="investigating", filed_on="2026-02-20",
                                                            facts=FACTS))
    return case


def test_the_filing_approval_and_the_source_register_list_both_parties(db, two_parties):
    for form_id in ("filing_approval", "case_source_register"):
        for text in (pdf_text(db, two_parties, form_id, GIVEN[form_id]),
                     docx_text(db, two_parties, form_id, GIVEN[form_id])):
            assert f"当事人一{COMPANY}" in text and f"当事人二{EMPLOYEE}" in text
            assert USCC in text and ID_NUMBER in text
            assert "佛山市南海区桂城街道南海大道1号" in text and "佛山市禅城区祖庙路3号" in text
            assert text.index(COMPANY) < text.index(EMPLOYEE) < text.index("佛山市禅城区祖庙路3号")
    filing = pdf_text(db, two_parties, "filing_approval")
    # the company's licence and legal representative, the person's ID card, and no 法定代表人 for the person
    assert f"营业执照联系电话统一社会信用代码{USCC}法定代表人（负责人）梁嘉豪住所" in filing
    assert f"主体资格证照名称居民身份证身份证件号码{ID_NUMBER}联系电话住址佛山市禅城区祖庙路3号" in filing


def test_a_one_party_case_prints_its_party_as_before(db, make_case):
    case = make_case(status="investigating", filed_on="2026-02-20", facts=FACTS)
    party = case_context(db, get_case(db, case.id))["party.name"]
    assert case_context(db, get_case(db, case.id))["parties.filing_rows"] == ""
    text = pdf_text(db, case, "filing_approval")
    assert f"当事人{party}主体资格证照名称" in text and "当事人一" not in text
    register = pdf_text(db, case, "case_source_register", GIVEN["case_source_register"])
    assert f"当事人{party}主体资格证照名称营业执照" in register and "当事人一" not in register


def test_the_closing_approval_names_each_partys_decision_payment_and_enforcement(db, data_dir, make_case):
    case, company, employee, first, second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=5_000_000, voucher="4400261234567"))
    add_event(db, CaseEvent(case.id, APPLIED, "2026-11-17T09:00:00", on_date="2026-11-17", party_id=employee))
    text = pdf_text(db, case, "closing_approval")
    company_part, employee_part = text.split(f"当事人二{EMPLOYEE}")
    assert f"当事人一{COMPANY}" in company_part and f"当事人二{EMPLOYEE}" not in company_part
    assert f"处理决定{first.number}：" in company_part and "罚款¥50,000.00（人民币伍万元整）" in company_part
    assert "执行情况已缴纳¥50,000.00（人民币伍万元整），缴款日期2026年3月20日，缴款凭证号码4400261234567" in company_part
    assert f"处理决定{second.number}：警告；罚款¥5,000.00（人民币伍仟元整）" in employee_part
    assert "执行情况已于2026年11月17日申请人民法院强制执行" in employee_part
    assert "罚款合计¥55,000.00（人民币伍万伍仟元整）" in employee_part
    assert "实缴合计¥50,000.00（人民币伍万元整）" in employee_part
    assert "决定日期2026年3月20日" in company_part and "缴款凭证号码" not in text.replace("缴款凭证号码4400261234567", "")
    word = docx_text(db, case, "closing_approval")
    assert f"当事人一{COMPANY}" in word and "已于2026年11月17日申请人民法院强制执行" in word


def test_a_case_closed_after_applying_to_the_court_offers_that_ground(db, make_case):
    case = make_case(status="served", filed_on="2026-02-20", decided_on="2026-02-26", fine_fen=500_000)
    party = get_case(db, case.id).party_ids[0]
    add_event(db, CaseEvent(case.id, APPLIED, "2026-11-17T09:00:00", on_date="2026-11-17", party_id=party))
    add_event(db, CaseEvent(case.id, "transition", "2026-11-20T09:00:00", on_date="2026-11-20",
                            from_status="served", to_status="closed"))
    closed = update_case(db, replace(get_case(db, case.id), status="closed"), allow_status_change=True)
    assert closing_ground(db, closed) == "申请人民法院强制执行"
    values = default_values(find_form("closing_approval"), case_context(db, closed))
    assert values["ground"] == "申请人民法院强制执行"
    assert "☑申请人民法院强制执行" in pdf_text(db, closed, "closing_approval")


def test_a_one_party_closing_approval_keeps_its_rows(db, make_case):
    case = make_case(status="performed", filed_on="2026-02-20", decided_on="2026-02-26", fine_fen=500_000)
    text = pdf_text(db, case, "closing_approval")
    party = case_context(db, get_case(db, case.id))["party.name"]
    assert f"当事人{party}" in text and "当事人一" not in text and "罚款合计" not in text
    assert "罚款¥5,000.00（人民币伍仟元整）" in text and "缴款凭证号码" in text


def test_a_repeated_row_names_a_multi_line_field(tmp_path, english):
    text = (FORMS / "filing_approval.toml").read_text(encoding="utf-8").replace(
        'repeat = "party_rows"', 'repeat = "cause"')
    with pytest.raises(FormError, match=r"rows\[10\]\.repeat"):
        _parsed_form(str(tmp_path / "filing_approval.toml"), text)


def test_a_repeated_row_takes_no_cells_of_its_own(tmp_path, english):
    text = (FORMS / "filing_approval.toml").read_text(encoding="utf-8").replace(
        '{ when = "party_rows", repeat = "party_rows" }',
        '{ when = "party_rows", repeat = "party_rows", cells = [{ text = "当事人", span = 4 }] }')
    with pytest.raises(FormError, match=r"rows\[10\]\.cells.*lines of its field"):
        _parsed_form(str(tmp_path / "filing_approval.toml"), text)
