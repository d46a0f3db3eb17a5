"""The paper of the catalogue's Nos. 6–28 as printed from the demo data: blanks and dates that fit their line,
and enough ruled rows for the items written in by hand. Drafts come from the shared read-only demo database
(tests/rendering.py), each read from the PDF writer's own lines."""

import pytest

from tests.rendering import case_draft, pdf_of
from workstation.documents.blocks import Table

COMPANY, PERSON = "佛南市监立〔2026〕1号", "佛南市监立〔2026〕5号"
TYPED = {"decision_no": "佛南市监处〔2026〕9号", "notice_no": "佛南市监保存〔2026〕1号"}


def lines(db, case: str, form_id: str, values: dict | None = None) -> list[str]:
    return [line.text for line in pdf_of(case_draft(db, case, form_id, values or TYPED)).lines]


@pytest.mark.parametrize("case", [COMPANY, PERSON])
def test_the_assistance_letters_blank_numbers_and_period_each_take_one_line(read_demo_db, case):
    printed = lines(read_demo_db, case, "assistance_letter")
    numbers = next(i for i, text in enumerate(printed) if text.startswith("涉及号码："))
    assert printed[numbers].endswith("＿") and not printed[numbers + 1].startswith("＿")
    period = next(text for text in printed if text.startswith("查询期间："))
    assert period == "查询期间：＿＿年＿＿月＿＿日至＿＿年＿＿月＿＿日。"


@pytest.mark.parametrize("case", [COMPANY, PERSON])
@pytest.mark.parametrize(("form_id", "pages"), [("preservation_release", 1), ("compulsory_measure_release", 1),
                                                ("custody_entrustment", 2)])
def test_an_items_table_leaves_rows_for_the_items_to_be_written_in(read_demo_db, form_id, pages, case):
    values = {**TYPED, "custodian": "佛山市南海区某仓储有限公司", "custody_place": "桂城街道某仓库3号库"}
    document = case_draft(read_demo_db, case, form_id, values)
    items = next(block for block in document.blocks if isinstance(block, Table))
    assert len(items.rows) - 1 >= 5  # below the column heads: 3 blank rows before, with half the page left empty
    assert pdf_of(document).pages == pages  # as many as fit: no page more for them


def test_the_transfer_notice_leaves_an_underlined_blank_date_on_one_line(read_demo_db):
    printed = lines(read_demo_db, COMPANY, "seized_items_transfer_notice")
    assert any("＿＿年＿＿月＿＿日以《实施行政强制措施决定书》" in text for text in printed), printed


def test_a_document_number_is_not_split_across_lines(read_demo_db):
    """The seal strip's 依据 line broke between 〔2026〕9 and 号."""
    printed = lines(read_demo_db, COMPANY, "seal_strip")
    assert any("〔2026〕9号" in text for text in printed), printed
