"""Line breaking and type sizes found on paper: a blank to be written in split at a line's end so that one blank looked
like two (于＿＿＿ | ＿＿＿＿年, （编号：＿＿＿ | ＿＿＿）); justified lines spread letter by letter when a 文号 or date moved
whole to the next line (送达行政处罚告知书（佛南市监告 | 〔2026〕8号）); the 结案审批表's blank date broken off its 日 in the
办案人员意见 cell; and a line of text between two tables in 三号 among cells in 小四. Checked on the line breaker's lines
and the PDF writer's own laid-out lines, not on pixels."""

from pathlib import Path

import pytest
from reportlab.lib.units import mm

from tests.rendering import case_draft, pdf_of
from workstation.documents.blocks import Cell, Document, Paragraph, Row, Table, tracking
from workstation.documents.fitting import between_tables, compact_cells
from workstation.documents.fonts import resolve_fonts
from workstation.documents.linebreak import break_lines, check_lines
from workstation.documents.pdf_layout import MAX_SPREAD, measurer, paragraph_lines, style
from workstation.documents.pdf_pages import CELL_PADDING

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
needs_fonts = pytest.mark.skipif(not UMING.is_file(), reason="needs fonts-arphic-uming")
CASE = "佛南市监立〔2026〕8号"  # 佛山市南海区栎湾房地产营销策划有限公司
BLANK_DATE = "＿＿＿＿年＿＿月＿＿日"


def width(text):
    """Fixed widths: a Chinese character or full-width sign 1, anything else half of that."""
    return sum(1.0 if ord(c) >= 0x2000 else 0.5 for c in text)


def split_blanks(lines: list[str]) -> list[tuple[str, str]]:
    """The pairs of lines where a blank runs on from the end of one to the start of the next."""
    return [(a, b) for a, b in zip(lines, lines[1:], strict=False) if a.endswith(("＿", "_")) and b.startswith(("＿", "_"))]


# ---- 1. a blank is one unit with the 年, 月, 日 or closing bracket after it

@pytest.mark.parametrize("max_width", range(12, 30))
def test_a_blank_moves_whole_to_the_next_line_with_what_closes_it(max_width):
    text = ("本局责令你单位于" + BLANK_DATE + "前将多收的价款人民币＿＿＿＿＿＿元（大写：＿＿＿＿＿＿＿＿）退还。"
            "该机构于" + BLANK_DATE + "出具了检测报告（编号：＿＿＿＿＿＿＿＿＿＿），检测结果如下：")
    lines = break_lines(text, max_width, width)
    assert split_blanks(lines) == []
    assert check_lines(lines) == []
    joined = "\n".join(lines)
    assert joined.count(BLANK_DATE) == 2
    assert "＿＿＿＿＿＿＿＿＿＿）" in joined and "＿＿＿＿＿＿元" in joined
    assert "".join(lines) == text


def test_the_blank_the_reviews_found_split_now_starts_the_next_line():
    # 28 characters a line: before, 该机构于＿ | ＿＿＿年＿＿月＿＿日 and （编号：＿＿＿＿＿＿＿ | ＿＿＿），
    text = ("＿＿＿＿＿＿＿＿＿＿＿＿对涉案样品（物品）进行检测。该机构于" + BLANK_DATE
            + "出具了检测报告（编号：＿＿＿＿＿＿＿＿＿＿），检测结果如下：")
    lines = break_lines(text, 28, width)
    assert lines[1] == "构于" + BLANK_DATE + "出具了检测报告（编号："
    assert lines[2] == "＿＿＿＿＿＿＿＿＿＿），检测结果如下："


def test_a_blank_date_wider_than_a_line_breaks_after_its_year_or_month():
    assert break_lines("于" + BLANK_DATE + "前", 9, width) == ["于", "＿＿＿＿年＿＿月", "＿＿日前"]
    assert break_lines("于" + BLANK_DATE + "前", 6, width) == ["于", "＿＿＿＿年", "＿＿月＿＿日", "前"]


def test_a_blank_wider_than_a_line_is_still_split_and_nothing_is_lost():
    text = "见证人：" + "＿" * 30 + "年"
    lines = break_lines(text, 12, width)
    assert all(width(line) <= 12 for line in lines)
    assert "".join(lines) == text


def test_underscores_inside_a_latin_word_stay_part_of_it():
    assert break_lines("文件名 report__final_v2.pdf 已提交", 30, width) == ["文件名 report__final_v2.pdf 已提交"]


# ---- 2. no line spread wide: a date or 文号 breaks after its year, else the line is left ragged

def test_with_stretch_a_date_breaks_after_its_year_rather_than_leave_the_line_spread():
    text = "处罚决定书（佛南市监罚〔2026〕12号）。因本局先后于2026年5月8日直接送达"
    # 2026年5月8日 (6.5 wide) does not fit the 4 left on the first line of 28
    assert break_lines(text, 28, width)[0] == "处罚决定书（佛南市监罚〔2026〕12号）。因本局先后于"
    assert break_lines(text, 28, width, stretch=0.1)[0] == "处罚决定书（佛南市监罚〔2026〕12号）。因本局先后于2026年"
    # a line short by little (1 of 26) keeps the date whole
    assert break_lines(text, 26, width, stretch=0.1)[0] == "处罚决定书（佛南市监罚〔2026〕12号）。因本局先后于"


def test_a_document_number_is_never_broken_inside_even_with_stretch():
    """A 文号 is one unit (session 20: 佛 | 南市监保存〔2026〕1号 and 佛南市监告〔2026〕 | 8号 were both printed): it moves
    whole to the next line with the bracket that opens it."""
    text = "本局已向当事人送达行政处罚告知书（佛南市监告〔2026〕8号），今天依法听取"
    for stretch in (0.0, 0.1):
        first, second = break_lines(text, 26, width, stretch=stretch)[:2]
        assert first == "本局已向当事人送达行政处罚告知书"
        assert second.startswith("（佛南市监告〔2026〕8号），")


def test_a_blank_date_is_not_broken_to_fill_a_line_a_printed_one_would_be():
    text = "消费者同意向其发送商业性信息案过程中，于" + BLANK_DATE + "以《实施行政强制措施决定书》"
    assert break_lines(text, 28, width, stretch=0.1)[1].startswith(BLANK_DATE)


@needs_fonts
@pytest.mark.parametrize("text", [
    "问：我们是佛山市南海区市场监督管理局的执法人员罗展鹏、黄少芬，执法证号分别为44060512908、44060511413，现向"
    "你出示执法证件，请你过目。本局已向佛山市南海区栎湾房地产营销策划有限公司送达行政处罚告知书（佛南市监告〔2026〕8号），"
    "今天依法听取你单位对拟作出的行政处罚的陈述和申辩。",
    "本局在办理佛山市南海区栎湾房地产营销策划有限公司涉嫌未经消费者同意向其发送商业性信息案过程中，依法制作了行政"
    "处罚决定书（佛南市监罚〔2026〕12号）。因本局先后于2026年5月8日直接送达、5月11日邮寄送达，均因受送达人下落不明无法送达。",
])
@pytest.mark.parametrize("style_name", ["body", "body_small"])
def test_no_justified_line_is_spread_wider_than_the_maximum(data_dir, text, style_name):
    lines = paragraph_lines(Paragraph.of(text, style_name), 156 * 72 / 25.4, measurer(resolve_fonts(data_dir)))
    spacing, size = tracking(style(style_name)), style(style_name)["size"]
    assert all(line.char_space <= spacing + MAX_SPREAD * size + 1e-6 for line in lines), \
        [(line.text, line.char_space) for line in lines]
    assert "".join(line.text for line in lines) == text
    assert check_lines([line.text for line in lines]) == []


@needs_fonts
def test_a_line_that_cannot_be_filled_is_left_ragged_rather_than_spread(data_dir):
    text = "请当事人登录本局网站下载申请表www.example-market-regulation.gov.cn后填写。"
    available = 156 * 72 / 25.4
    first = paragraph_lines(Paragraph.of(text, "body"), available, measurer(resolve_fonts(data_dir)))[0]
    assert first.text.endswith("申请表") and not first.last
    assert first.char_space == tracking(style("body"))
    assert first.x + first.width < available - 5 * style("body")["size"]


# ---- 3. a blank date after a signature's padding stays on its line

def test_the_padding_before_a_blank_date_gives_up_room_rather_than_the_date_breaking():
    text = "签名：" + "　" * 16 + "　　　　年　　月　　日"  # 30 wide on a line of 27
    assert break_lines(text, 27, width) == [text]
    # never more than half the padding: on a line of 19 the date goes down
    assert len(break_lines(text, 19, width)) == 2
    # a short run of spaces is a blank of its own, not padding
    assert len(break_lines("请于　　　　年　　月　　日前", 13, width)) == 2


@needs_fonts
def test_the_closing_approvals_officers_opinion_keeps_its_blank_date_on_the_signature_line(read_demo_db):
    rendered = pdf_of(case_draft(read_demo_db, CASE, "closing_approval", {"proposed_on": ""}))
    cell = [line for line in rendered.lines if line.kind == "cell"]
    signed = [line for line in cell if line.text.startswith("签名：")]
    assert len(signed) == 3 and all(line.text.endswith("年　　月　　日") for line in signed)
    assert "日" not in [line.text for line in cell]
    first = signed[0]
    narrowed = [segment for segment in first.segments if segment.squeeze]
    assert narrowed and all(set(segment.text) == {"　"} for segment in narrowed)
    # it ends within its cell
    assert first.x + first.width <= (210 - 26) * mm - CELL_PADDING + 0.01
    assert not rendered.line_problems()


# ---- 4. text between two tables is set in their size

def table(style_name="cell"):
    return Table((Row((Cell.of("序号", style_name), Cell.of("名称", style_name))),), (0.3, 0.7))


def test_a_paragraph_between_two_tables_takes_the_size_of_their_cells():
    document = Document("清单", (Paragraph.of("案件编号：1", "plain"), table(), Paragraph.of("本清单一式二份。", "plain"),
                                 table(), Paragraph.of("说明", "body")))
    blocks = between_tables(document).blocks
    assert [getattr(block, "style", None) for block in blocks] == ["plain", None, "plain_small", None, "body"]
    compact = Document("清单", (compact_cells(table()), Paragraph.of("处理物品清单：", "plain"), compact_cells(table())))
    assert between_tables(compact).blocks[1].style == "plain_sheet"
    assert style("plain_small")["size"] == style("cell")["size"] == 12


@pytest.mark.parametrize(("form_id", "values", "text"), [
    ("seized_items_list", {"decision_no": "佛南市监强〔2026〕2号"}, "本清单一式二份，当事人和本局各执一份。"),
    ("items_disposal_record", {}, "处理物品清单："),
])
def test_the_forms_lines_between_tables_are_set_in_the_size_of_their_cells(read_demo_db, form_id, values, text):
    document = case_draft(read_demo_db, CASE, form_id, values)
    paragraph = next(block for block in document.blocks if isinstance(block, Paragraph) and block.text == text)
    assert style(paragraph.style)["size"] <= 12
