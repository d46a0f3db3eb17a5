"""Paper defects of the new forms found page by page: the officers' typed names in the signature cell of the 清单 and
the 先行处置物品确认书; the 协助辨认通知书's column head broken inside its bracket and its few ruled rows; empty
听证主持人 and 记录员 cells printed as ＿＿＿ beside an empty 听证员; and a justified line spread wide because the
amount after it (¥3,000.00) could not follow it onto the line. Drafts come from the shared read-only demo
database (tests/rendering.py), each read from the PDF writer's own lines."""

import pytest

from tests.rendering import case_draft, pdf_of
from workstation.documents.blocks import Paragraph, Table
from workstation.documents.linebreak import break_lines
from workstation.formkit.values import case_context
from workstation.store import find_case

COMPANY, PERSON = "佛南市监立〔2026〕1号", "佛南市监立〔2026〕5号"
TYPED = {"decision_no": "佛南市监处〔2026〕9号"}


def cells(document) -> list[list[str]]:
    """Each table row of ``document`` as the texts of its cells."""
    return [["\n".join(p.text for p in cell.paragraphs) for cell in row.cells]
            for block in document.blocks if isinstance(block, Table) for row in block.rows]


# ---- 1. the officers sign by hand

@pytest.mark.parametrize("case", [COMPANY, PERSON])
@pytest.mark.parametrize("form_id", ["seized_items_list", "early_disposal_confirmation"])
def test_the_officers_are_named_in_the_head_and_their_signature_cell_is_left_blank(read_demo_db, form_id, case):
    context = case_context(read_demo_db, find_case(read_demo_db, case))
    names = f"{context['officer1.name']}、{context['officer2.name']}"
    document = case_draft(read_demo_db, case, form_id, TYPED)
    rows = cells(document)
    named = [row[row.index("办案人员") + 1] for row in rows if "办案人员" in row]
    assert named == [names]
    signature = next(row for row in rows if "办案人员签名" in row)
    cell = signature[signature.index("办案人员签名") + 1]
    assert cell.strip("\n") == "年　　月　　日"
    assert pdf_of(document).pages == 1


# ---- 3. the 协助辨认通知书's items table

def test_the_identification_request_breaks_its_head_before_the_bracket_and_rules_more_rows(read_demo_db):
    document = case_draft(read_demo_db, COMPANY, "identification_request")
    rendered = pdf_of(document)
    texts = rendered.text_lines()
    assert "标注的商标" in texts and "（标识）" in texts and "识）" not in texts
    items = next(block for block in document.blocks if isinstance(block, Table))
    assert len(items.rows) - 1 >= 4  # version 1 ruled three
    assert rendered.pages == 1


def test_a_letter_keeps_only_the_blank_rows_its_one_sheet_holds(read_demo_db):
    """Its blank rows are fitted to the page in 三号; those the smaller size cannot also hold are dropped rather
    than leave the letter on two pages in 三号."""
    goods = "\n".join(f"{n} | 运动鞋 | 某某牌（图形） | 42码 | 20双" for n in range(1, 4))
    document = case_draft(read_demo_db, PERSON, "identification_request", {"goods": goods})
    assert pdf_of(document).pages == 1
    assert "body_small" in {block.style for block in document.blocks if isinstance(block, Paragraph)}


# ---- 4. empty names of the hearing staff

@pytest.mark.parametrize("form_id", ["hearing_record", "hearing_report"])
def test_the_hearing_staff_cells_are_all_left_empty_for_the_hand(read_demo_db, form_id):
    values = {"analysis": "申辩不成立。", "proposal": "维持"} if form_id == "hearing_report" else None
    rows = cells(case_draft(read_demo_db, COMPANY, form_id, values))
    staff = {row[i]: row[i + 1] for row in rows for i, text in enumerate(row[:-1])
             if text in ("听证主持人", "听证员", "记录员")}
    assert staff == {"听证主持人": "", "听证员": "", "记录员": ""}


def test_the_hearing_staff_typed_in_are_printed_in_their_cells(read_demo_db):
    rows = cells(case_draft(read_demo_db, COMPANY, "hearing_record", {"chair": "梁志远", "clerk": "何丽"}))
    assert ["听证主持人", "梁志远", "听证员", ""] in rows and ["记录员", "何丽"] in rows


# ---- 5. a number that does not fit the rest of a justified line

def width(text):
    """Fixed widths: a Chinese character or full-width sign 1, anything else half of that."""
    return sum(1.0 if ord(c) >= 0x2000 else 0.5 for c in text)


def test_a_number_overrunning_a_line_a_little_stays_on_it_when_the_line_may_be_set_tighter():
    text = "强制被申请人缴纳罚没款¥3,000.00（人民币叁仟元整）。"
    # 11 characters and an amount 4.5 wide: 15.5 on a line of 15
    assert break_lines(text, 15, width)[0] == "强制被申请人缴纳罚没款"
    assert break_lines(text, 15, width, squeeze=0.04)[0] == "强制被申请人缴纳罚没款¥3,000.00"
    assert break_lines(text, 14, width, squeeze=0.04)[0] == "强制被申请人缴纳罚没款"  # 1.5 over: too much
    # Chinese characters are never squeezed in: each line keeps its width
    assert break_lines("当事人" * 10, 15, width, squeeze=0.04) == ["当事人" * 5] * 2


def test_a_document_number_still_moves_whole_when_squeezing_is_allowed():
    lines = break_lines("本局作出的处罚决定书（佛南市监处〔2026〕9号）", 17, width, squeeze=0.04)
    assert "".join(lines).count("〔2026〕9号") == 1 and any("〔2026〕9号" in line for line in lines)


def test_the_enforcement_application_sets_its_amount_on_the_line_of_the_document_number(read_demo_db):
    """The line （佛南市监处〔2026〕9号），强制被申请人缴纳罚没款 was spread 1.9 pt a character wide, its amount on the
    next line."""
    # the demo's company paid its fine: the amount applied for is typed (since session 49 a paid fine is not prefilled)
    rendered = pdf_of(case_draft(read_demo_db, COMPANY, "enforcement_application", {**TYPED, "unpaid_fen": "3000"}))
    line = next(line for line in rendered.lines if line.text.startswith("（佛南市监处〔2026〕9号），强制"))
    assert line.text.endswith("¥3,000.00")
    assert -0.25 - 0.04 * line.size <= line.char_space <= 0
    assert not rendered.line_problems()
