"""The documents an officer prints most carry the fields REFERENCE §2.2 lists for them: the 立案审批表 the whole
common party block (主体资格证照名称 included), the 结案审批表 the party's number under its own name
(统一社会信用代码 or 身份证件号码), the 询问笔录 the case number on every page beside the signature line."""

from io import BytesIO

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from tests.helpers import with_source
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.store import find_case

PERSON_CASE = "佛南市监立〔2026〕5号"  # 朱子轩, a natural person
COMPANY_CASE = "佛南市监立〔2026〕9号"  # a company, under investigation


def pages_text(data: bytes) -> list[str]:
    return [p.extract_text().replace("\n", "").replace(" ", "") for p in PdfReader(BytesIO(data)).pages]


def rendered(db, case_number: str, form_id: str, fmt: str = "pdf") -> bytes:
    return render_document(draft_document(db, find_case(db, case_number), find_form(form_id),
                                          with_source(form_id)), fmt).data


@pytest.mark.parametrize(("case_number", "licence"), [(PERSON_CASE, "居民身份证"), (COMPANY_CASE, "营业执照")])
def test_the_filing_approval_names_the_party_licence(demo_db, case_number, licence):
    text = "".join(pages_text(rendered(demo_db, case_number, "filing_approval")))
    assert f"主体资格证照名称{licence}" in text
    document = Docx(BytesIO(rendered(demo_db, case_number, "filing_approval", "docx")))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    # one line beside the telephone: the 立案审批表 fits one sheet (tests/test_paper_polish.py)
    assert "主体资格证照名称" in cells and licence in cells


@pytest.mark.parametrize(("case_number", "label"), [(PERSON_CASE, "身份证件号码440682199303275854"),
                                                    (COMPANY_CASE, "统一社会信用代码91440605MA5Q2292X3")])
def test_the_closing_approval_labels_the_party_number_by_kind(demo_db, case_number, label):
    text = "".join(pages_text(rendered(demo_db, case_number, "closing_approval")))
    assert label in text and "证照号码" not in text


def test_every_page_of_an_inquiry_record_carries_the_case_number(demo_db):
    pages = pages_text(rendered(demo_db, COMPANY_CASE, "inquiry_record"))
    assert len(pages) >= 2
    # the footer on every page, and the head of the first page names the number as the footer does
    assert all(page.count(f"案件编号：{COMPANY_CASE}") == (2 if i == 0 else 1) and "被询问人签名" in page
               for i, page in enumerate(pages))
    footer = Docx(BytesIO(rendered(demo_db, COMPANY_CASE, "inquiry_record", "docx"))).sections[0].footer
    assert footer.paragraphs[0].text == f"案件编号：{COMPANY_CASE}"
