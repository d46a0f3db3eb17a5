"""An officer's review of the printed documents of a demo case, read back from the produced files (the PDF's
laid-out lines, the DOCX's paragraphs): every value the officer gives a form is printed in both formats,
dates are written 2026年3月10日 (never ISO), the 送达回证 has its row for a refused service, and no line of a
document ends with an opening bracket in front of a long hash or address."""

import io
import re

import docx
import pytest

from tests.rendering import case_draft, docx_of, pdf_of
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.formkit.spec import load_forms
from workstation.leads_workflow import REPORT_NOTICE
from workstation.store import find_case
from workstation.store.evidence import add_evidence

CASE = "佛南市监立〔2026〕1号"
# the 约谈 documents are drawn from an interview, the 举报处理结果告知书 from a lead (a case refuses it)
CASE_FORMS = sorted(f.id for f in load_forms()[0].values() if f.kind != "interview" and f.id != REPORT_NOTICE)
HASH = "16fc2b603e2444779d51388af93c2ff8fee98b88a969348a0712231a48ab789c"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def pdf_text(rendered) -> str:
    """The drawn lines of the body and the tables, joined as the reader reads them."""
    return "".join(rendered.text_lines())


def docx_text(data: bytes) -> str:
    """Every paragraph of the DOCX body, table cells included, read back with python-docx."""
    body = docx.Document(io.BytesIO(data)).element.body
    return "".join(node.text or "" for node in body.iter() if node.tag.endswith("}t"))


def printed(document) -> tuple[str, str]:
    """The document's text in both formats (each rendered once per content: ``tests/rendering.py``)."""
    return pdf_text(pdf_of(document)), docx_text(docx_of(document))


def marker(index: int) -> str:
    return f"栏目标记{'甲乙丙丁戊己庚辛壬癸'[index % 10]}{'子丑寅卯辰巳午未申酉戌亥'[index // 10]}"


@pytest.mark.parametrize("form_id", CASE_FORMS)
def test_every_value_an_officer_gives_a_form_is_printed_in_both_formats(read_demo_db, form_id):
    form = find_form(form_id)
    # a field only another field's text for a choice prints (the 事项审批表's 中止调查的情形, in the 事由 of a 中止 or
    # 恢复: tests/test_docprefill.py) is not printed by itself
    through_choice = {name for field in form.fields for _choice, text in field.choice_defaults if isinstance(text, str)
                      for name in (f.name for f in form.fields) if "{" + name in text}
    given = {field.name: marker(index) for index, field in enumerate(form.fields)  # not one the register gives
             if field.type in ("text", "multiline") and not field.choices and not field.read_only
             and field.name not in through_choice}
    # a time of day (check = "time"): one of its own, later for each later field, so an end is after its start
    given.update({field.name: f"{8 + index // 60}时{index % 60:02d}分" for index, field in enumerate(form.fields)
                  if field.name in given and field.check == "time"})
    # a number or address its field checks (the 送达地址确认书's 手机号码, 电子邮箱, 邮政编码): one of its own that passes
    given.update({field.name: {"mobile": f"139{index:08d}", "email": f"m{index}@example.com",
                               "postcode": f"528{index:03d}", "government": f"{marker(index)}人民政府"}[field.check]
                  for index, field in enumerate(form.fields)
                  if field.name in given and field.check in ("mobile", "email", "postcode", "government")})
    # shows dated blocks (a date the system fills, the 备考表's 结案日期, is not the officer's to give)
    dates = {field.name: "2026-12-01" for field in form.fields if field.type == "date" and not field.read_only}
    # a choice the form leaves to the officer (the 听证报告's 处理建议, the 审核表's ticks): the first
    chosen = {field.name: field.choices[0] for field in form.fields
              if field.type == "choice" and field.required and field.default is None and not field.source}
    # a hearing given up (withdrawn, or the party absent) is said only where none was held, and every date is given
    # here (the 听证日期 too): it is printed in a draft of its own, of a notice offering a hearing none held
    alternatives = {name: given.pop(name) for name in ("hearing_given_up",) if name in given}
    # the receipt of a fine collected on the spot, and the article it is collected under (v9), are printed only with
    # the collection ticked: in a draft of its own
    collected = {name: given.pop(name) for name in ("receipt_no", "collection_basis") if name in given}
    # the 当场行政处罚决定书 names the account only for a fine paid at the bank (v8): in a draft of its own, with a fine
    at_bank = {name: given.pop(name) for name in ("payment_details",)
               if name in given and form_id == "on_the_spot_decision"}
    # the demo case paid its fine: the unpaid amount of a 催告书 or 强制执行申请书 is not prefilled (``fine_unpaid``)
    unpaid = {"unpaid_fen": "3000.00"} if form_id in ("performance_demand", "enforcement_application") else {}
    pdf, word = printed(case_draft(read_demo_db, CASE, form_id, {**given, **dates, **chosen, **unpaid}))
    labels = {field.name: field.label for field in form.fields}
    assert [labels[name] for name, value in given.items() if value not in pdf] == []
    assert [labels[name] for name, value in given.items() if value not in word] == []
    if alternatives:
        unheld = {**given, **alternatives, **{k: v for k, v in dates.items() if k != "hearing_held_on"}, **chosen,
                  "hearing_required": True}
        pdf, word = printed(case_draft(read_demo_db, CASE, form_id, unheld))
        assert [labels[name] for name, value in alternatives.items() if value not in pdf or value not in word] == []
    if collected:
        pdf, word = printed(case_draft(read_demo_db, CASE, form_id, {**given, **collected, **dates, **chosen,
                                                                   "fine_fen": "100", "collected_on_the_spot": True}))
        assert [labels[name] for name, value in collected.items() if value not in pdf or value not in word] == []
    if at_bank:
        pdf, word = printed(case_draft(read_demo_db, CASE, form_id, {**given, **at_bank, **dates, **chosen,
                                                                   "fine_fen": "100"}))
        assert [labels[name] for name, value in at_bank.items() if value not in pdf or value not in word] == []


def test_the_case_source_register_prints_the_partys_address(demo_db):
    case = find_case(demo_db, CASE)
    document = draft_document(demo_db, case, find_form("case_source_register"))
    address = document_value(demo_db, case, "case_source_register", "party_address")
    assert address and all(address in text for text in printed(document))


def test_the_service_address_confirmation_prints_the_cause_of_the_case(demo_db):
    case = find_case(demo_db, CASE)
    pdf, word = printed(draft_document(demo_db, case, find_form("service_address_confirmation")))
    assert case.cause in pdf.replace(" ", "") and case.cause in word


def document_value(db, case, form_id, name):
    from workstation.formkit.values import case_context, default_values

    return default_values(find_form(form_id), case_context(db, case))[name]


@pytest.fixture
def case_with_evidence(demo_db, data_dir, tmp_path):
    case = find_case(demo_db, CASE)
    listing = tmp_path / "客户名单导出.csv"
    listing.write_text("姓名,手机\n张三,13800138000\n", encoding="utf-8")
    # a closed case of the demo: registered as before it was closed (its register no longer changes, s47)
    add_evidence(demo_db, data_dir, case.id, listing, kind="customer_list", source="当事人办公电脑",
                 collected_on="2026-03-10", collector="陈志强", after_closing=True)
    return find_case(demo_db, CASE)


def test_the_evidence_list_prints_collection_dates_as_documents_write_dates(demo_db, case_with_evidence):
    document = draft_document(demo_db, case_with_evidence, find_form("electronic_evidence_record"))
    for text in printed(document):
        assert "（客户名单，当事人办公电脑，2026年3月10日，陈志强）" in text.replace(" ", "")
        assert ISO_DATE.findall(text) == []


@pytest.mark.parametrize("form_id", ["electronic_evidence_record", "penalty_decision", "closing_approval",
                                     "investigation_report", "site_record"])
def test_no_document_prints_an_iso_date(demo_db, case_with_evidence, form_id):
    for text in printed(draft_document(demo_db, case_with_evidence, find_form(form_id))):
        assert ISO_DATE.findall(text) == []


def test_the_delivery_receipt_records_a_refusal_and_its_witness(demo_db):
    case = find_case(demo_db, CASE)
    document = draft_document(demo_db, case, find_form("delivery_receipt"),
                              {"served_document": "行政处罚决定书", "method": "留置送达",
                               "refusal": "受送达人拒绝签收，执法人员将文书留置于其经营场所"})
    for text in printed(document):
        assert "☑留置送达" in text
        assert "拒收事由及见证人受送达人拒绝签收，执法人员将文书留置于其经营场所见证人签名：" in text.replace(" ", "")


@pytest.mark.parametrize("value", [
    f"客户名单导出.csv，SHA-256值（{HASH}）",
    "某某外呼平台（https://console.example-outbound-platform.com/login?tenant=foshan-nanhai-0757）",
])
def test_an_opening_bracket_stays_with_the_long_word_it_opens(demo_db, value):
    case = find_case(demo_db, CASE)
    document = draft_document(demo_db, case, find_form("electronic_evidence_record"),
                              {"device": value, "hashes": value, "note": value})
    rendered = render_pdf(document)
    assert rendered.line_problems() == []
    lines = rendered.text_lines()
    assert not [line for line in lines if line.rstrip().endswith("（")]
    assert value.replace(" ", "") in pdf_text(rendered).replace(" ", "")


MM = 72 / 25.4
RIGHT = (210 - 26) * MM


@pytest.mark.parametrize("form_id", ["penalty_decision", "pre_penalty_notice", "police_transfer"])
def test_the_agency_is_centred_on_the_date_which_stands_four_characters_from_the_right(read_demo_db, form_id):
    document = case_draft(read_demo_db, CASE, form_id)
    rendered = pdf_of(document)
    agency, date = [line for line in rendered.lines if line.style.startswith("signature")][:2]
    assert agency.text == "佛山市南海区市场监督管理局" and date.text.endswith("日")
    assert date.x + date.width == pytest.approx(RIGHT - 4 * 16, abs=0.5)
    assert agency.x + agency.width / 2 == pytest.approx(date.x + date.width / 2, abs=2)  # under the seal
    # the DOCX says the same in Word's units: the name's right indent in hundredths of a character
    body = docx.Document(io.BytesIO(docx_of(document))).element.body
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    *_header, name = [p for p in body.iter(f"{ns}p") if "".join(t.text for t in p.iter(f"{ns}t")) == agency.text]
    indent = name.find(f"{ns}pPr/{ns}ind")
    date_chars = sum(1 if "\u4e00" <= c <= "\u9fff" else 0.5 for c in date.text)
    assert int(indent.get(f"{ns}rightChars")) == round((4 + date_chars / 2 - 13 / 2) * 100)


def test_a_signature_line_wider_than_its_room_stands_at_the_right_margin(demo_db):
    case = find_case(demo_db, CASE)
    rendered = render_pdf(draft_document(demo_db, case, find_form("investigation_report")))
    signer, date = [line for line in rendered.lines if line.style.startswith("signature")][:2]
    assert signer.text.startswith("办案人员（签名）")
    assert signer.x + signer.width == pytest.approx(RIGHT, abs=0.5)
    assert date.x + date.width == pytest.approx(RIGHT - 4 * 16, abs=0.5)
