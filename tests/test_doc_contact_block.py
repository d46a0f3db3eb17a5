"""What belongs together stays on one page: the contact lines at the foot of a notice (联系人 … 联系电话 … /
联系地址 …) are one block, and a sentence introducing what follows it (上述事实，有下列证据证明： / 其中：) is never
left at the foot of a page with its list on the next."""

import io

import docx
import pytest
from docx.oxml.ns import qn

from workstation.documents.docx_writer import render_docx
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.store import find_case

PERSON = "佛南市监立〔2026〕5号"  # 朱子轩: his 告知书 (with its hearing paragraph) ends at the foot of page 2
COMPANY = "佛南市监立〔2026〕1号"


def _contact_lines(document) -> tuple:
    rendered = render_pdf(document)
    person = next(line for line in rendered.lines if line.text.startswith("联系人："))
    address = next(line for line in rendered.lines if line.text.startswith("联系地址："))
    return person, address


def test_the_contact_person_and_the_contact_address_of_a_pre_penalty_notice_share_a_page(demo_db):
    document = draft_document(demo_db, find_case(demo_db, PERSON), find_form("pre_penalty_notice"),
                              {"issued_on": "2026-07-27"})
    person, address = _contact_lines(document)
    assert person.page == address.page
    assert address.y < person.y  # the address still follows the contact person


@pytest.mark.parametrize("form_id", ["pre_penalty_notice", "hearing_notice"])
def test_the_contact_person_line_is_kept_with_the_address_line_in_both_writers(demo_db, form_id):
    document = draft_document(demo_db, find_case(demo_db, COMPANY), find_form(form_id))
    paragraphs = [block for block in document.blocks if hasattr(block, "text")]
    person = next(p for p in paragraphs if p.text.startswith("联系人："))
    following = paragraphs[paragraphs.index(person) + 1]
    assert following.text.startswith("联系地址：")
    assert person.keep_with_next  # the PDF's page flow keeps it on the page of the address line
    body = docx.Document(io.BytesIO(render_docx(document))).paragraphs
    printed = next(p for p in body if p.text.startswith("联系人："))
    assert printed._p.pPr.find(qn("w:keepNext")) is not None  # Word and WPS keep it with the address too


def _next_text_line(rendered, starting: str):
    lines = [line for line in rendered.lines if line.kind == "text" and line.text.strip("\u3000 ")]
    index = next(i for i, line in enumerate(lines) if line.text.startswith(starting))
    return lines[index], lines[index + 1]


@pytest.mark.parametrize(("case_number", "form_id", "lead_in"), [
    ("佛顺市监立〔2026〕1号", "penalty_decision", "上述事实，有下列证据证明："),  # fell at the foot of page 1
    ("佛禅市监立〔2026〕4号", "police_transfer", "经统计，当事人涉及的公民个人信息共计"),  # … 1,031条，其中：
])
def test_a_sentence_ending_in_a_colon_starts_the_page_of_what_it_introduces(demo_db, case_number, form_id, lead_in):
    # the decision lists the case's evidence (none in the demo): written as long as the list once printed
    values = {"evidence": "1.当事人营业执照复印件；\n2.询问笔录；\n3.现场笔录；\n4.电子数据证据提取笔录及所附电子数据等。"} \
        if form_id == "penalty_decision" else None
    document = draft_document(demo_db, find_case(demo_db, case_number), find_form(form_id), values)
    introducing, introduced = _next_text_line(render_pdf(document), lead_in)
    assert introducing.text.endswith("：")
    assert introducing.page == introduced.page
    body = docx.Document(io.BytesIO(render_docx(document))).paragraphs
    printed = next(p for p in body if p.text.startswith(lead_in))
    assert printed._p.pPr.find(qn("w:keepNext")) is not None  # the DOCX keeps it with what follows too
