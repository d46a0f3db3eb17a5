"""A lead's 案件交办通知书 and 案件移送函 are one A4 sheet: the complaints the 案情简介 quotes are cut to excerpts
marked "……" (never inside a telephone number), the text is set in 四号, else 小四, when 三号 would run past the
page, and fewer complaints are quoted only when not even their openings fit; a lead that fits in 三号 prints as
before. Leads are made by importing a complaint export and screening it, as an officer would."""

from __future__ import annotations

import io

import docx
import pytest
from pypdf import PdfReader

from workstation.documents.blocks import Document, Paragraph
from workstation.documents.docx_writer import style_name
from workstation.documents.drafts import find_form, render_document
from workstation.documents.fitting import compact_text, fit_text, page_count
from workstation.documents.issuing import document_pdf
from workstation.i18n import ngettext
from workstation.importing.complaints import import_complaints
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    assign_lead,
    draft_lead_document,
    excerpt,
    get_lead_row,
    issue_lead_document,
    lead_context,
)
from workstation.screening.screen import screen
from workstation.store import agency_by_code

LONG_NAME = "佛山市顺德区大良街道嘉华房地产营销策划代理服务有限公司"  # 27 characters
COMPLAINT = ("打来推销电话，该公司工作人员频繁使用多个号码拨打本人手机推销楼盘和二手房，本人多次明确表示没有购房需要并要求"
             "不要再打来，但对方仍然每天换号码继续拨打，严重影响本人工作和休息，怀疑本人的个人信息被非法获取和使用，请求有关"
             "部门依法查处。")
OPENINGS = ("上周起{name}用13800138000和13600136000", "{name}的业务员用13700137000和13600136000",
            "我不断接到{name}的0757-22345678和13600136000")
TYPED = {"contact_person": "陈志强"}
#: the 案件移送函 names the agency it goes to (it gives none for a lead not yet referred nor about an operator)
LETTER_TYPED = {**TYPED, "receiver": "广东省通信管理局"}


def typed(form_id: str) -> dict:
    """What the officer types into ``form_id`` of a lead here: the contact, and the 移送函's receiver."""
    return LETTER_TYPED if form_id == "case_transfer_letter" else TYPED
FORMS = ("assignment_notice", "case_transfer_letter")


def screened_lead(db, data_dir, texts: list[str]) -> str:
    """The lead screening forms from a consumer-council export of ``texts`` (one complaint each), assigned to the
    顺德区 bureau."""
    rows = [f"R{i},2026-03-0{i + 1} 10:00:00,1390013900{i},{text}" for i, text in enumerate(texts)]
    export = data_dir / "council.csv"
    export.write_text("投诉编号,投诉时间,联系电话,投诉内容\n" + "\n".join(rows) + "\n", encoding="utf-8")
    import_complaints(db, [export], profile="consumer_council")
    [lead] = screen(db).leads  # registered today, as screening found it: assigned today
    assign_lead(db, lead["id"], agency_by_code(db, "440606").id)
    return lead["id"]


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text().replace("\n", "").replace(" ", "") for page in PdfReader(io.BytesIO(data)).pages]


def styles(document: Document) -> set[str]:
    return {block.style for block in document.blocks if isinstance(block, Paragraph)}


def test_three_long_complaints_about_a_long_named_business_leave_both_letters_on_one_sheet(db, data_dir):
    texts = [opening.format(name=LONG_NAME) + COMPLAINT for opening in OPENINGS]
    assert all(150 <= len(text) <= 200 for text in texts)
    lead = screened_lead(db, data_dir, texts)
    assert len(get_lead_row(db, lead)["phones"].split()) == 4
    for form_id in FORMS:
        draft = draft_lead_document(db, lead, find_form(form_id), typed(form_id))
        pages = pdf_pages(render_document(draft, "pdf").data)
        assert len(pages) == 1, form_id
        for i, opening in enumerate(OPENINGS, 1):  # each complaint quoted by its opening, marked as an excerpt
            assert f"{i}.{opening.format(name=LONG_NAME)[:20]}" in pages[0]
        assert pages[0].count("……") == 3 and COMPLAINT[-20:] not in pages[0]
        assert LONG_NAME in pages[0] and "13600136000" in pages[0]
        assert styles(draft) & {"body_compact", "body_small"} and "body" not in styles(draft)
        # the DOCX is set in the same type
        word = docx.Document(io.BytesIO(render_document(draft, "docx").data))
        assert {style_name("body_compact"), style_name("body_small")} & {p.style.name for p in word.paragraphs}
    issued = issue_lead_document(db, data_dir, lead, find_form("assignment_notice"), TYPED)
    assert len(pdf_pages(document_pdf(db, data_dir, issued.id))) == 1


def test_the_officer_sees_the_excerpts_the_paper_prints(db, data_dir):
    # the editor's 案情简介 is the context's, so what the officer reads before issuing is what is printed
    lead = screened_lead(db, data_dir, [opening.format(name=LONG_NAME) + COMPLAINT for opening in OPENINGS])
    summary = lead_context(db, get_lead_row(db, lead))["case.facts"]
    lines = summary.split("\n")
    assert len(lines) == 4 and all(line.endswith("……") for line in lines[1:])
    draft = draft_lead_document(db, lead, find_form("assignment_notice"), TYPED)
    assert any(block.text == lines[1] for block in draft.blocks if isinstance(block, Paragraph))


def test_a_lead_with_short_complaints_quotes_them_whole_as_before(db, data_dir, english):
    texts = ["13800138000每天打来推销电话", "13800138000又打来推销电话，推销楼盘"]
    lead = screened_lead(db, data_dir, texts)
    summary = lead_context(db, get_lead_row(db, lead))["case.facts"]
    # the user of the lead's one number: named by the 案件名称 and the 当事人 line, the number not listed again
    assert summary == ("2026年3月1日 to 3月2日, 2 complaints.\n1. 13800138000每天打来推销电话\n"
                       "2. 13800138000又打来推销电话，推销楼盘")
    draft = draft_lead_document(db, lead, find_form("assignment_notice"), TYPED)
    assert page_count(draft) == 1


def test_a_short_lead_that_fits_in_sanhao_prints_unchanged(db, data_dir):
    # registered by hand, quoting no complaint: the notice fits its sheet in 三号 and is set as it always was
    lead = register_lead(db, LeadEntry(source="12345", received_at="2026-03-01 09:00", description="接到推销电话。",
                                       party="某某公司")).id
    assign_lead(db, lead, agency_by_code(db, "440606").id, on="2026-03-02")
    draft = draft_lead_document(db, lead, find_form("assignment_notice"), TYPED)
    assert page_count(draft) == 1
    assert styles(draft) == {"agency", "title", "number", "plain", "body", "attachment", "signature"}
    assert "据反映，接到推销电话。" in [block.text for block in draft.blocks if isinstance(block, Paragraph)]


@pytest.mark.parametrize(("text", "length", "expected"), [
    ("短投诉", 10, "短投诉"),
    ("每天  接到\n推销电话", 20, "每天 接到 推销电话"),  # on one line
    ("对方自称某某公司，每天打来推销电话", 9, "对方自称某某公司……"),  # no comma before the ……
    ("对方用0757-22345678打来推销电话", 10, "对方用……"),  # not a number cut in half
    ("对方用138 0013 8000打来推销电话", 8, "对方用……"),
    ("13800138000打来推销电话", 5, "13800……"),  # a text that opens with a number keeps its opening
])
def test_an_excerpt_is_marked_and_cuts_no_number_in_half(text, length, expected):
    assert excerpt(text, length) == expected


def test_fit_text_sets_a_letter_smaller_only_to_keep_it_on_one_sheet():
    line = "现将有关情况函告如下，请依法处理。"  # one line in every size
    fitting = Document("函", tuple(Paragraph.of(line) for _ in range(10)))
    assert fit_text(fitting) == fitting  # fits in 三号: as it is
    over = Document("函", tuple(Paragraph.of(line) for _ in range(24)))
    assert page_count(over) == 2 and page_count(compact_text(over)) == 1
    assert fit_text(over) == compact_text(over)  # 四号 is enough: not 小四
    much = Document("函", tuple(Paragraph.of(line) for _ in range(28)))
    assert page_count(compact_text(much)) == 2 and fit_text(much) == compact_text(much, "_small")
    far = Document("函", tuple(Paragraph.of(line) for _ in range(60)))
    assert fit_text(far) == far  # too long for any size: kept in 三号


def test_a_lead_of_many_numbers_quotes_fewer_complaints_and_says_so(db, data_dir, english):
    # the numbers fill the 案情简介: not even three openings fit, so fewer complaints are quoted, and the paper
    # says how many of them
    numbers = [f"1380013{8000 + i}" for i in range(36)]
    texts = [f"{LONG_NAME}用{'、'.join(numbers[i::3])}打来推销电话，" + COMPLAINT for i in range(3)]
    lead = screened_lead(db, data_dir, texts)
    summary = lead_context(db, get_lead_row(db, lead))["case.facts"]
    lines = summary.split("\n")
    quoted = len(lines) - 1
    said = ngettext("Excerpt of {m} of them:", "Excerpts of {m} of them:", quoted).format(m=quoted)
    assert 1 <= quoted < 3 and lines[0].endswith("13800138035)." + said)
    assert page_count(draft_lead_document(db, lead, find_form("assignment_notice"), TYPED)) == 1
