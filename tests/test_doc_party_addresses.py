"""The rest of the documents worded by the kind of party, read back from the produced PDF and DOCX: every form
that prints the party's address calls it 住所 for a business or an association and 住址 for a natural person (a
lead, whose kind of party is unknown, keeps 住所（住址）); the 涉嫌犯罪案件移送书 and the 案件调查终结报告 name an
individual business's 经营者 and no legal representative of a person; an individual business's decision tells its
operator that personal information is processed when it is published. Also the layout of two tables found
broken when rendered (the 送达地址确认书 spilling its last row onto a second sheet, the 结案审批表 breaking a 文号),
and the 送达回证's refusal when nothing has been served yet."""

from __future__ import annotations

import pytest

from tests.helpers import with_source
from tests.rendering import pdf_of
from tests.test_party_kind_documents import COMPANY, INDIVIDUAL, PERSON, PERSON_ADDRESS, draft, printed
from workstation.documents.drafts import draft_document, find_form
from workstation.errors import ValidationError
from workstation.records import Case
from workstation.store import agency_id_for_code, create_case, find_case, parties_of_case

ADDRESS_FORMS = ["case_source_register", "assignment_notice", "case_transfer_letter", "filing_approval",
                 "non_filing_approval", "site_record", "investigation_report", "police_transfer"]
#: what the officer writes that a case does not give: the agency a case's 案件移送函 goes to
WRITTEN = {"case_transfer_letter": {"receiver": "佛山市南海区文化广电旅游体育局"}}
LEAD = "bb7f2ea6-871d-54c3-a193-b529d98b09cc"  # demo lead: 0757-85836433 calling about new flats, 禅城区


def address_of(db, case) -> str:
    return parties_of_case(db, case.id)[0].address


def labelled(text: str, label: str, address: str) -> bool:
    """The address follows its label, in a table (label cell, value cell) or a paragraph (label：value)."""
    return f"{label}{address}" in text or f"{label}：{address}" in text


def association_case(db):
    association = db.execute("SELECT id FROM parties WHERE kind = 'association'").fetchone()[0]
    return create_case(db, Case(case_number="", cause="佛山市房地产业协会涉嫌非法提供消费者个人信息案",
                                sector="real_estate", agency_id=agency_id_for_code("440605"),
                                status="investigating", party_ids=[association], filed_on="2026-03-01",
                                lead_received_on="2026-02-20",
                                facts="经查，当事人向会员单位提供了业主信息。",
                                officer_ids=find_case(db, COMPANY).officer_ids))


# ---- 住址 or 住所

@pytest.mark.parametrize("form_id", ADDRESS_FORMS)
def test_a_natural_persons_address_is_printed_as_住址(read_demo_db, form_id):
    for text in printed(draft(read_demo_db, PERSON, form_id, WRITTEN.get(form_id))):
        assert labelled(text, "住址", PERSON_ADDRESS), form_id
        assert "住所" not in text, form_id


@pytest.mark.parametrize("form_id", ADDRESS_FORMS)
@pytest.mark.parametrize("case_number", [COMPANY, INDIVIDUAL])
def test_a_business_address_is_printed_as_住所(read_demo_db, form_id, case_number):
    address = address_of(read_demo_db, find_case(read_demo_db, case_number))
    for text in printed(draft(read_demo_db, case_number, form_id, WRITTEN.get(form_id))):
        assert labelled(text, "住所", address), form_id
        assert "住所（住址）" not in text and "住址" not in text, form_id


@pytest.mark.parametrize("form_id", ADDRESS_FORMS)
def test_an_associations_address_is_printed_as_住所(demo_db, form_id):
    case = association_case(demo_db)
    for text in printed(draft_document(demo_db, case, find_form(form_id), with_source(form_id, WRITTEN.get(form_id)))):
        assert labelled(text, "住所", address_of(demo_db, case)), form_id
        assert "住址" not in text, form_id


@pytest.mark.parametrize("form_id", ["assignment_notice", "case_transfer_letter"])
def test_a_leads_document_knows_no_kind_of_party_and_keeps_the_combined_label(read_demo_db, form_id):
    from workstation.leads_workflow import draft_lead_document

    address = "佛山市禅城区祖庙街道人民路1号"
    values = {"party_address": address, "contact_person": "陈志强"}
    for text in printed(draft_lead_document(read_demo_db, LEAD, find_form(form_id), values)):
        assert f"住所（住址）：{address}" in text


# ---- the 经营者 of an individual business, no legal representative of a person

@pytest.mark.parametrize("form_id", ["police_transfer", "investigation_report"])
def test_a_letter_and_a_report_name_the_party_by_its_kind(read_demo_db, form_id):
    for text in printed(draft(read_demo_db, INDIVIDUAL, form_id)):
        assert "经营者：霍婉婷" in text and "法定代表人" not in text
    for text in printed(draft(read_demo_db, COMPANY, form_id)):
        assert "法定代表人（负责人）：曾俊杰" in text and "经营者" not in text
    for text in printed(draft(read_demo_db, PERSON, form_id, {"legal_rep": "张某某"})):  # a person has none
        assert "张某某" not in text and "法定代表人" not in text


# ---- publication of a decision

def test_an_individual_business_is_told_its_operators_personal_information_is_processed_when_published(read_demo_db):
    operator = "本决定书将依法通过国家企业信用信息公示系统向社会公示，公示时将依法对经营者的个人信息进行必要的处理。"
    for text in printed(draft(read_demo_db, INDIVIDUAL, "penalty_decision")):
        assert operator in text
    for text in printed(draft(read_demo_db, COMPANY, "penalty_decision")):
        assert "本决定书将依法通过国家企业信用信息公示系统向社会公示。" in text and "个人信息进行必要的处理" not in text
    for text in printed(draft(read_demo_db, PERSON, "penalty_decision")):
        assert "公示时将依法对当事人的个人信息进行必要的处理。" in text


# ---- layout

LONG_ADDRESS = "佛山市南海区桂城街道南海大道北282号2606室（南海万达广场写字楼B座东侧入口）"


@pytest.mark.parametrize("case_number", [PERSON, COMPANY, INDIVIDUAL])
def test_the_service_address_confirmation_is_one_sheet_with_a_two_line_cause_and_address(read_demo_db, case_number):
    for values in ({}, {"address": LONG_ADDRESS}):
        assert pdf_of(draft(read_demo_db, case_number, "service_address_confirmation", values)).pages == 1


@pytest.mark.parametrize("case", [PERSON, COMPANY, INDIVIDUAL])
def test_the_service_address_confirmation_fits_a_fax_and_every_channel_on_one_sheet(read_demo_db, case):
    # REFERENCE §2.2 No. 10/50: SMS, fax, e-mail and IM accounts are the channels of electronic service
    values = {
        "address": LONG_ADDRESS,
        "sms_phone": "13912767777",
        "fax": "0757-86281234",
        "im_account": "hanyuan_fc",
        "email": "legal@hanyuan-fc.com",
        "e_consent": "同意",
    }
    document = draft(read_demo_db, case, "service_address_confirmation", values)
    assert pdf_of(document).pages == 1
    for text in printed(document):
        assert "传真号码0757-86281234" in text and "电子邮箱legal@hanyuan-fc.com" in text
        assert "☑同意　□不同意电子送达" in text and "传真号码、即时通讯账号或者电子邮箱之日为送达日期" in text


def test_the_closing_approval_prints_a_decision_number_on_one_line(read_demo_db):
    lines = pdf_of(draft(read_demo_db, COMPANY, "closing_approval",
                             {"decision_number": "佛禅市监处〔2026〕19号"})).text_lines()
    assert "佛禅市监处〔2026〕19号" in lines
    assert {"办案机构", "负责人意见", "部门负责人", "审批意见"} <= set(lines)


# ---- the 送达回证 before anything was served

def test_a_delivery_receipt_before_any_document_was_issued_says_what_to_do(read_demo_db, english):
    with pytest.raises(ValidationError) as refused:
        draft(read_demo_db, COMPANY, "delivery_receipt")
    assert refused.value.errors == {"送达文书名称及文号": (
        "No document served on the party has been issued in this case yet: issue it first, or type the title and "
        "文号 of the document served.")}
