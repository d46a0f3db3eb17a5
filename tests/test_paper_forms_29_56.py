"""The paper of forms 29–56 of the catalogue as drawn from the demo cases (a company's and a natural person's):
the layout facts that were wrong when their pages were first looked at."""

import pytest

from tests.rendering import case_draft, pdf_of
from workstation.documents.blocks import Table

COMPANY, PERSON = "佛南市监立〔2026〕1号", "佛南市监立〔2026〕5号"
DECISION = {"decision_no": "佛南市监处〔2026〕9号"}


def _sample_table(document) -> Table:
    return next(block for block in document.blocks
                if isinstance(block, Table) and block.rows[0].cells[0].paragraphs[0].text == "序号")


@pytest.mark.parametrize("case_number", [COMPANY, PERSON])
def test_the_sampling_record_keeps_ruled_rows_under_its_sample_heads(read_demo_db, case_number):
    document = case_draft(read_demo_db, case_number, "sampling_record")
    table = _sample_table(document)
    # the company's heads came at the foot of page 1 and kept no row to write a sample in: now all four go with
    # them to page 2; the person's page 1 has room for two
    assert len(table.rows) - table.header_rows >= 2
    rendered = pdf_of(document)
    heads = [line for line in rendered.lines if line.kind == "cell" and line.text in ("序号", "（型号）", "（批号）")]
    assert len({line.page for line in heads}) == 1 and len(heads) == 3  # 规格 / （型号） broken at the bracket
    assert not any(line.text.endswith("（型") for line in rendered.lines)


def test_the_sampling_record_of_the_company_case_has_all_four_blank_rows_with_their_heads(read_demo_db):
    document = case_draft(read_demo_db, COMPANY, "sampling_record")
    assert len(_sample_table(document).rows) == 1 + 4
    rendered = pdf_of(document)
    assert rendered.pages == 2
    heads_page = next(line.page for line in rendered.lines if line.text == "序号")
    intro_page = next(line.page for line in rendered.lines if line.text.startswith("抽取的样品如下"))
    assert heads_page == intro_page == 2


@pytest.mark.parametrize("case_number", [COMPANY, PERSON])
def test_the_statement_record_prints_its_signature_label_unbroken(read_demo_db, case_number):
    document = case_draft(read_demo_db, case_number, "statement_record",
                          {"served_document": "行政处罚告知书（佛南市监告〔2026〕1号）"})
    cells = pdf_of(document).text_lines(("cell",))
    assert "陈述申辩人" in cells and "人" not in cells


@pytest.mark.parametrize("case_number", [COMPANY, PERSON])
def test_the_hearing_record_footer_keeps_each_signature_blank_on_its_line(read_demo_db, case_number):
    rendered = pdf_of(case_draft(read_demo_db, case_number, "hearing_record"))
    for page in range(1, rendered.pages + 1):
        footer = [line.text for line in rendered.lines if line.kind == "footer" and line.page == page]
        assert len(footer) == 2, footer
        assert footer[0].endswith(f"第 {page} 页 共 {rendered.pages} 页")
        assert footer[1].startswith("主持人签名") and footer[1].endswith("签名：＿＿＿＿")


@pytest.mark.parametrize("case_number", [COMPANY, PERSON])
def test_the_on_the_spot_decision_keeps_its_signature_table_whole_and_with_text(read_demo_db, case_number):
    rendered = pdf_of(case_draft(read_demo_db, case_number, "on_the_spot_decision", {"serial_no": "0012345"}))
    pages = {line.page for line in rendered.lines if line.kind == "cell"}
    assert len(pages) == 1  # both rows of the table on one page
    page, = pages
    # the form is set small (small_type): its styles are the *_sheet ones
    assert page == next(line.page for line in rendered.lines if line.style == "signature_sheet")
    assert any(line.page == page and line.style == "body_sheet" and "备案" in line.text for line in rendered.lines)


@pytest.mark.parametrize("case_number", [COMPANY, PERSON])
@pytest.mark.parametrize("form_id", ["payment_deferral_notice", "performance_demand"])
def test_the_one_sheet_notices_keep_their_seal_on_their_one_page(read_demo_db, form_id, case_number):
    # the demo cases paid their fines: the 催告书's unpaid amount is typed (none is prefilled, ``fine_unpaid``)
    typed = {**DECISION, "unpaid_fen": "3000.00"} if form_id == "performance_demand" else DECISION
    rendered = pdf_of(case_draft(read_demo_db, case_number, form_id, typed))
    assert rendered.pages == 1
    assert any(line.style.startswith("signature") and "市场监督管理局" in line.text for line in rendered.lines)
