"""The documents of a case against a natural person (自然人) read back from the produced PDF and DOCX: the table
rows that fit the kind of party (a natural person's 身份证件号码 and 住址, a business's 法定代表人（负责人）), the
way a notice addresses the party (你 / 你单位), the report's account of the investigation, the 主体资格证照名称
of a decision's party block, and the 送达回证's default 送达文书名称及文号 (the document last issued to the
party). Also the form kit's row conditions themselves: checked when the form is loaded, heights kept per row."""

from __future__ import annotations

import io
import re

import docx
import pytest

from tests.helpers import beijing_year
from tests.rendering import case_draft, docx_of, pdf_of
from workstation.documents.compose import compose
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.formkit.spec import FormError, load_form
from workstation.store import find_case

PERSON = "佛南市监立〔2026〕5号"  # 朱子轩, a natural person
PERSON_ID = "440682199303275854"
PERSON_ADDRESS = "佛山市南海区桂城街道南海大道北281号302铺"
COMPANY = "佛南市监立〔2026〕1号"  # 佛山市南海区瀚沅房地产经纪有限公司, legal representative 曾俊杰
INDIVIDUAL = "佛高市监立〔2026〕1号"  # 佛山市高明区杨和翎峪装饰设计工作室, operator 霍婉婷


def printed(document) -> tuple[str, str]:
    """The PDF's laid-out lines and the DOCX's paragraphs (table cells included), each joined as read (each
    rendered once per content)."""

    body = docx.Document(io.BytesIO(docx_of(document))).element.body
    paragraphs = ["".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                  for p in body.iter() if p.tag.endswith("}p")]
    return "".join(pdf_of(document).text_lines()), "".join(paragraphs)


def draft(db, case_number, form_id, values=None):
    """The case's document (drafted once for the shared read-only demo database: ``tests/rendering.py``)."""
    return case_draft(db, case_number, form_id, values)


# ---- 1. table rows by the kind of party

TABLE_FORMS = ["filing_approval", "non_filing_approval", "site_record"]


@pytest.mark.parametrize("form_id", TABLE_FORMS)
def test_a_natural_persons_table_shows_id_number_and_address_and_no_legal_representative(read_demo_db, form_id):
    for text in printed(draft(read_demo_db, PERSON, form_id)):
        assert f"身份证件号码{PERSON_ID}联系电话" in text
        assert f"住址{PERSON_ADDRESS}" in text
        assert "法定代表人" not in text


@pytest.mark.parametrize("form_id", TABLE_FORMS)
@pytest.mark.parametrize(("case_number", "representative"), [(COMPANY, "法定代表人（负责人）曾俊杰"),
                                                             (INDIVIDUAL, "经营者霍婉婷")])
def test_a_business_table_keeps_its_legal_representative_row(read_demo_db, form_id, case_number, representative):
    for text in printed(draft(read_demo_db, case_number, form_id)):
        assert representative in text
        assert "统一社会信用代码" in text


def test_the_kind_of_party_stays_editable_on_the_form(read_demo_db):
    # a party registered with the wrong kind: the officer unticks 当事人为自然人 and gets the business's rows
    for text in printed(draft(read_demo_db, PERSON, "filing_approval", {"party_is_person": False})):
        assert "法定代表人（负责人）" in text and f"住所{PERSON_ADDRESS}" in text and "住址" not in text


def test_the_person_present_at_a_site_inspection_of_a_natural_person_is_the_person(read_demo_db):
    for form_id in ("site_record", "electronic_evidence_record"):
        for text in printed(draft(read_demo_db, PERSON, form_id)):
            assert "在场人朱子轩" in text, form_id


def test_a_natural_person_receives_the_documents_in_person(read_demo_db):
    for text in printed(draft(read_demo_db, PERSON, "service_address_confirmation")):
        assert "收件人朱子轩" in text
    for text in printed(draft(read_demo_db, COMPANY, "service_address_confirmation")):
        assert "收件人曾俊杰" in text


FORM = '''id = "sample"
title = "测试"
kind = "record"
type_code = ""
version = 1

[[fields]]
name = "flag"
label = "标记"
type = "bool"

[[blocks]]
kind = "table"
widths = [0.5, 0.5]
heights = [5, 30, 10]
header_rows = 2
rows = [
  ["甲", "乙"],
  {{ when = "{when}", cells = ["丙", "丁"] }},
  ["戊", "己"],
]
'''


def test_a_hidden_row_takes_its_height_and_header_place_with_it(tmp_path):
    path = tmp_path / "sample.toml"
    path.write_text(FORM.format(when="flag"), encoding="utf-8")
    form = load_form(path)

    hidden = compose(form, {"flag": False}, agency="局").blocks[-1]
    shown = compose(form, {"flag": True}, agency="局").blocks[-1]

    assert [row.cells[0].paragraphs[0].text for row in hidden.rows] == ["甲", "戊"]
    assert [row.min_height_mm for row in hidden.rows] == [5, 10] and hidden.header_rows == 1
    assert [row.min_height_mm for row in shown.rows] == [5, 30, 10] and shown.header_rows == 2


@pytest.mark.parametrize(("when", "key"), [("nothing", "blocks[0].rows[1].when"), ("flag|nothing", "rows[1].when")])
def test_a_row_condition_naming_no_field_is_refused_naming_the_row(tmp_path, english, when, key):
    path = tmp_path / "sample.toml"
    path.write_text(FORM.format(when=when), encoding="utf-8")

    with pytest.raises(FormError, match=rf"sample\.toml, .*{re.escape(key)}: .*names no field"):
        load_form(path)


def test_a_row_table_with_an_unknown_key_is_refused_naming_it(tmp_path, english):
    path = tmp_path / "sample.toml"
    path.write_text(FORM.format(when="flag").replace("when =", "wehn ="), encoding="utf-8")

    with pytest.raises(FormError, match=r"blocks\[0\]\.rows\[1\]\.wehn: unknown key"):
        load_form(path)


# ---- 2. how the 询问通知书 addresses the party

def test_the_inquiry_notice_addresses_a_natural_person_as_you(read_demo_db):
    for text in printed(draft(read_demo_db, PERSON, "inquiry_notice")):
        assert "的规定，请你于" in text
        assert "你（单位）" not in text and "你单位" not in text


@pytest.mark.parametrize(("case_number", "attendee"), [(COMPANY, "法定代表人（负责人）或者委托代理人"),
                                                       (INDIVIDUAL, "经营者或者委托代理人")])
def test_the_inquiry_notice_addresses_a_business_as_your_unit(read_demo_db, case_number, attendee):
    year = beijing_year() + 1  # a day still to come
    for text in printed(draft(read_demo_db, case_number, "inquiry_notice", {"appear_on": f"{year}-01-05"})):
        assert f"请你单位{attendee}于{year}年1月5日" in text and "你（单位）" not in text


# ---- 3. the 案件调查终结报告's account of the investigation

def test_the_report_on_a_natural_person_tells_no_step_the_case_did_not_record(read_demo_db):
    for text in printed(draft(read_demo_db, PERSON, "investigation_report")):
        course = text.split("二、案件来源及调查经过")[1].split("三、调查认定的事实")[0]
        # the demo case issued no record: only the evidence it registered, no questioning or inspection made up
        assert "收集了当事人持有的消费者个人信息名单、当事人向他人提供消费者个人信息的网络聊天记录共2项证据材料并登记" in course
        assert "询问了" not in course and "现场检查" not in course and "经营场所" not in course


def test_the_report_on_a_natural_person_speaks_of_questioning_the_person(demo_db, data_dir):
    from tests.helpers import INQUIRY_TO_ISSUE
    from tests.test_law_guards import under_investigation

    with under_investigation(demo_db, find_case(demo_db, PERSON)) as case:  # a 询问笔录 is refused once decided
        issue_document(demo_db, data_dir, case, find_form("inquiry_record"),
                       {**INQUIRY_TO_ISSUE, "id_number": PERSON_ID, "time_from": "2026-11-20 09:30"})
    for text in printed(draft(demo_db, PERSON, "investigation_report")):
        assert "2026年11月20日，询问了当事人朱子轩，制作了询问笔录。" in text
        assert "经营场所" not in text and "当事人的有关人员" not in text


def test_the_report_on_a_business_inspects_the_place_its_site_record_names(demo_db, data_dir):
    from tests.test_law_guards import under_investigation

    with under_investigation(demo_db, find_case(demo_db, COMPANY)) as case:  # a 现场笔录 is refused once decided
        issue_document(demo_db, data_dir, case, find_form("site_record"),
                       {"recusal_answer": "不申请", "findings": "当事人办公电脑存有客户名单。",
                        "time_from": "2026-11-20 09:30", "time_to": "2026-11-20 10:30"})
    for text in printed(draft(demo_db, COMPANY, "investigation_report")):
        assert "2026年11月20日，对佛山市南海区" in text and "进行了现场检查，制作了现场笔录。" in text
        assert "询问了" not in text


# ---- 4. the 送达回证 names the document last issued to the party

def notified_before_decision(db, data_dir, case_number):
    """The 行政处罚告知书 of the demo's decided case, issued as it was before its decision (a notice is refused once
    the case is decided): the case put back to 待审核 for it, then decided again."""
    case = find_case(db, case_number)
    db.execute("UPDATE cases SET status = 'under_review' WHERE id = ?", [case.id])
    notice = issue_document(db, data_dir, find_case(db, case_number), find_form("pre_penalty_notice"))
    db.execute("UPDATE cases SET status = ? WHERE id = ?", [case.status, case.id])
    return notice


def test_the_delivery_receipt_names_the_document_last_served_on_the_party(demo_db, data_dir):
    case = find_case(demo_db, PERSON)
    notice = notified_before_decision(demo_db, data_dir, PERSON)
    for text in printed(draft(demo_db, PERSON, "delivery_receipt")):
        assert f"送达文书名称及文号行政处罚告知书（{notice.number}）" in text

    # dated as the demo decided it: after the statement period of the notice served on 2026-07-28
    decision = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {"decided_on": case.decided_on})
    issue_document(demo_db, data_dir, case, find_form("closing_approval"))  # internal: never served on the party
    for text in printed(draft(demo_db, PERSON, "delivery_receipt")):
        assert f"行政处罚决定书（{decision.number}）" in text and "告知书" not in text

    void_document(demo_db, decision.id, "文号错误")  # a voided decision is not served: back to the notice
    for text in printed(draft(demo_db, PERSON, "delivery_receipt")):
        assert f"行政处罚告知书（{notice.number}）" in text


def test_the_document_served_stays_editable(demo_db, data_dir):
    notified_before_decision(demo_db, data_dir, PERSON)

    for text in printed(draft(demo_db, PERSON, "delivery_receipt", {"served_document": "询问通知书"})):
        assert "送达文书名称及文号询问通知书受送达人" in text


def test_without_a_document_issued_the_document_served_is_asked_for(read_demo_db):
    from workstation.errors import ValidationError

    with pytest.raises(ValidationError, match="送达文书名称及文号"):
        draft(read_demo_db, PERSON, "delivery_receipt")


# ---- 5. the 主体资格证照名称 of a decision's party block (REFERENCE §2.2 common party block)

@pytest.mark.parametrize("form_id", ["penalty_decision", "no_penalty_decision"])
@pytest.mark.parametrize(("case_number", "licence", "code"), [
    (PERSON, "居民身份证", "身份证件号码"), (COMPANY, "营业执照", "统一社会信用代码"),
    (INDIVIDUAL, "营业执照", "统一社会信用代码")])
def test_a_decision_names_the_partys_licence_by_its_kind(read_demo_db, form_id, case_number, licence, code):
    for text in printed(draft(read_demo_db, case_number, form_id)):
        assert f"主体资格证照名称：{licence}{code}：" in text
