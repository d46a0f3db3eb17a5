import io
import itertools
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase import ttfonts

from workstation.documents.blocks import Cell, Document, PageBreak, Paragraph, Row, Run, Spacer, Table
from workstation.documents.fonts import resolve_fonts
from workstation.documents.linebreak import NO_END, NO_START, check_lines
from workstation.documents.pdf_writer import AUTHOR, render_pdf

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
MICROHEI = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
PARTY = "佛山市喆犇镕赟堃置业有限公司"
USCC = "91440605MA5F6D7A4N"
NUMBER = "佛南市监处〔2026〕19号"
AMOUNT = "人民币壹拾捌万玖仟元整"
GRID_TRACKING = -0.25  # pt: 三号 characters 15.75 pt apart put 28 of them in the 156 mm text block
LEFT, RIGHT, TOP, BOTTOM = 28 * mm, (210 - 26) * mm, (297 - 37) * mm, 35 * mm
FACTS = ("经查，当事人自2025年3月起，通过其经营的售楼部收集购房意向客户的姓名、手机号码等个人信息共计3,200条，"
         "未经消费者同意，向其发送商业性短信息；当事人（法定代表人：张三）对上述事实无异议。“以上事实”有《现场笔录》"
         "《询问笔录》、电子数据证据等为证，证据确凿，足以认定！其行为违反了《中华人民共和国消费者权益保护法》"
         "第二十九条第三款：“经营者未经消费者同意或者请求，或者消费者明确表示拒绝的，不得向其发送商业性信息。”")

pytestmark = pytest.mark.skipif(not (UMING.is_file() and MICROHEI.is_file()),
                                reason="needs fonts-arphic-uming and fonts-wqy-microhei")


@pytest.fixture(autouse=True)
def _no_windows_fonts(monkeypatch):
    monkeypatch.delenv("WINDIR", raising=False)


@pytest.fixture
def fonts(data_dir):
    return resolve_fonts(data_dir)


def decision(paragraphs=6, **kwargs) -> Document:
    blocks = (
        Paragraph.of("佛山市南海区市场监督管理局", "agency"),
        Paragraph.of("行政处罚决定书", "title"),
        Paragraph.of(NUMBER, "number"),
        Table((Row((Cell.of("当事人", "cell_label"), Cell.of(PARTY))),
               Row((Cell.of("统一社会信用代码", "cell_label"), Cell.of(USCC)))), (0.3, 0.7)),
        *(Paragraph.of(FACTS) for _ in range(paragraphs)),
        Paragraph((Run("决定处以罚款"), Run(AMOUNT, underline=True), Run("（¥189,000.00）。", bold=True))),
        Paragraph.of("2026年3月22日", "signature"),
    )
    return Document("行政处罚决定书", blocks, **kwargs)


def pdf_pages(rendered) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(rendered.data)).pages]


def test_pages_are_a4(fonts):
    reader = PdfReader(io.BytesIO(render_pdf(decision(), fonts).data))
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == (595.28, 841.89)


def test_the_text_holds_the_party_uscc_number_and_amount(fonts):
    rendered = render_pdf(decision(), fonts)
    text = "".join(pdf_pages(rendered)).replace("\n", "")
    for wanted in (PARTY, USCC, NUMBER, AMOUNT, "¥189,000.00"):
        assert wanted in text


def test_every_character_is_drawn_from_a_face_that_has_it(fonts):
    rendered = render_pdf(decision(), fonts)
    drawn = "".join(segment.text for line in rendered.lines for segment in line.segments)
    for wanted in (PARTY, USCC, NUMBER, AMOUNT):
        assert wanted in drawn
    lacking = [(char, segment.font) for line in rendered.lines for segment in line.segments
               for char in segment.text if char not in fonts.chars[segment.font]]
    assert lacking == []


def test_characters_the_style_face_lacks_come_from_another_face(fonts):
    name = "佛山市呑吿贸易有限公司"  # 呑 吿: not in AR PL UMing, in WenQuanYi Micro Hei
    rendered = render_pdf(Document("测试", (Paragraph.of(name),)), fonts)
    line = next(line for line in rendered.lines if line.kind == "text")
    assert [(s.font, s.text) for s in line.segments] == [
        (fonts.name("fangsong"), "佛山市"), (fonts.name("hei"), "呑吿"), (fonts.name("fangsong"), "贸易有限公司")]
    assert name in pdf_pages(rendered)[0]


def test_no_line_starts_or_ends_with_a_forbidden_character(fonts):
    rotations = (FACTS[i:] + FACTS[:i] for i in range(0, 120, 5))
    paragraphs = tuple(Paragraph.of(text) for text in rotations if text[0] not in NO_START and text[-1] not in NO_END)
    rendered = render_pdf(Document("测试", paragraphs), fonts)
    lines = rendered.text_lines()
    assert len(lines) > 100
    assert check_lines(lines) == [] and rendered.line_problems() == []
    assert not [line for line in lines if line[0] in NO_START or line[-1] in NO_END]
    # nothing lost: the lines of each paragraph add up to its text
    assert "".join(lines) == "".join(p.text for p in paragraphs)


def test_extracted_lines_are_the_laid_out_lines(fonts):
    rendered = render_pdf(decision(paragraphs=3, page_numbers=False), fonts)
    extracted = [line for page in pdf_pages(rendered) for line in page.splitlines()]
    body = [line.text for line in rendered.lines if line.kind == "text"]
    assert [line for line in extracted if line in body] == body
    assert not [line for line in extracted if line[0] in NO_START]


def test_a_footer_shows_page_x_of_y_on_every_page(fonts):
    footer = "被询问人签名：＿＿＿＿  第 {page} 页 共 {pages} 页"
    rendered = render_pdf(decision(paragraphs=6, footer=footer), fonts)
    assert rendered.pages == 3
    pages = pdf_pages(rendered)
    for number, text in enumerate(pages, start=1):
        assert f"被询问人签名：＿＿＿＿  第 {number} 页 共 3 页" in text
        assert "— " not in text
    footers = [line for line in rendered.lines if line.kind == "footer"]
    assert [line.page for line in footers] == [1, 2, 3]
    # the footer's line (18 pt high) starts 7 mm below the text block, as in the DOCX
    assert all(line.y == pytest.approx(BOTTOM - 7 * mm - 3 - 0.88 * 12) for line in footers)


def test_without_a_footer_pages_carry_gbt_9704_page_numbers(fonts):
    rendered = render_pdf(decision(paragraphs=3), fonts)
    assert rendered.pages == 2
    first, second = pdf_pages(rendered)
    assert "— 1 —" in first and "— 2 —" in second
    odd, even = (line for line in rendered.lines if line.kind == "page_number")
    size = 14  # 4号
    assert odd.x + odd.width == pytest.approx(RIGHT - size)  # odd pages: right, one character in
    assert even.x == pytest.approx(LEFT + size)  # even pages: left, one character in


def test_no_page_numbers_when_the_document_asks_for_none(fonts):
    rendered = render_pdf(decision(page_numbers=False), fonts)
    assert not [line for line in rendered.lines if line.kind in ("page_number", "footer")]
    assert "— 1 —" not in pdf_pages(rendered)[0]


def test_fonts_are_embedded_as_subsets_and_nothing_else_is_referenced(fonts):
    data = render_pdf(decision(), fonts).data
    assert data.count(b"/FontFile2") >= 1
    assert b"AAAAAA+" in data  # subset name prefix
    assert b"Helvetica" not in data


def test_a_table_with_colspan_renders_its_cells(fonts):
    opinion = "经初步核查，当事人涉嫌违法，符合立案条件，建议立案调查。"
    table = Table((
        Row((Cell.of("案由", "cell_label"), Cell.of("未经同意发送商业性短信息"), Cell.of("立案日期", "cell_label"),
             Cell.of("2026年3月5日"))),
        Row((Cell.of("承办人意见", "cell_label"), Cell.of(opinion + "\n承办人：李四、王五", colspan=3)),
            min_height_mm=30),
    ), (0.2, 0.35, 0.2, 0.25))
    rendered = render_pdf(Document("立案审批表", (table,)), fonts)
    text = pdf_pages(rendered)[0]
    for wanted in ("案由", "未经同意发送商业性短信息", "立案日期", "2026年3月5日", "承办人意见", opinion,
                   "承办人：李四、王五"):
        assert wanted in text
    cells = {line.text: line for line in rendered.lines if line.kind == "cell"}
    width = RIGHT - LEFT
    # the spanned cell is three columns wide: its 28 characters (336 pt) fit on one line
    assert cells[opinion].x == pytest.approx(LEFT + 0.2 * width + 1.5 * mm)
    assert cells[opinion].width == pytest.approx(28 * 12)


def test_table_rows_are_ruled_and_keep_their_minimum_height(fonts):
    from workstation.documents.pdf_layout import measurer
    from workstation.documents.pdf_pages import Frame, flow

    table = Table((Row((Cell.of("签名", "cell_label"), Cell.of(""))),
                   Row((Cell.of("意见", "cell_label"), Cell.of("同意")), min_height_mm=40)), (0.3, 0.7))
    page, = flow(Document("表", (table,)), Frame.from_layout(), measurer(fonts))
    tops = sorted({round(y1, 2) for x1, y1, x2, y2 in page.rules if y1 == y2}, reverse=True)
    assert tops[0] == pytest.approx(TOP, abs=0.01)
    assert tops[1] - tops[2] == pytest.approx(40 * mm, abs=0.01)
    assert all(x1 >= LEFT - 0.01 and x2 <= RIGHT + 0.01 for x1, y1, x2, y2 in page.rules)


def test_a_row_is_its_lines_its_padding_and_the_rule_above_high_as_libreoffice_makes_the_docx_row(fonts):
    # 12 pt cell lines of 20 pt, 1.5 mm padding above and below, the 0.5 pt rule: 29 pt a one-line row, so a
    # long register breaks pages where the DOCX does (LibreOffice: rows 1-20, 21-41, 42-60 under this title)
    from workstation.documents.pdf_layout import measurer
    from workstation.documents.pdf_pages import Frame, flow

    rows = tuple(Row((Cell.of(f"第{i}行", "cell_label"), Cell.of("内容"))) for i in range(1, 61))
    document = Document("表", (Paragraph.of("测试表格", "title"), Table(rows, (0.3, 0.7))))
    pages = flow(document, Frame.from_layout(), measurer(fonts))
    tops = sorted({round(y1, 2) for x1, y1, x2, y2 in pages[1].rules if y1 == y2}, reverse=True)
    assert [upper - lower for upper, lower in itertools.pairwise(tops)] == pytest.approx([20 + 3 * mm + 0.5] * 21,
                                                                                       abs=0.011)
    labels = [[line.text for line in page.lines if line.kind == "cell" and line.text.startswith("第")]
              for page in pages]
    assert [(shown[0], shown[-1]) for shown in labels] == [("第1行", "第20行"), ("第21行", "第41行"),
                                                           ("第42行", "第60行")]


def test_a_row_that_does_not_fit_moves_whole_to_the_next_page(fonts):
    blocks = (*(Paragraph.of("第一段文字") for _ in range(20)),
              Table((Row((Cell.of("意见", "cell_label"), Cell.of("同意\n第二行\n第三行"))),), (0.3, 0.7)))
    rendered = render_pdf(Document("表", blocks), fonts)
    cells = [line for line in rendered.lines if line.kind == "cell"]
    assert {line.page for line in cells} == {2}
    assert cells[0].y > TOP - 30


def test_a_row_taller_than_a_page_is_split_between_pages_without_losing_lines(fonts):
    text = "\n".join(f"第{i}行" for i in range(60))
    rendered = render_pdf(Document("表", (Table((Row((Cell.of("记录", "cell_label"), Cell.of(text))),),
                                                (0.3, 0.7)),)), fonts)
    cells = [line for line in rendered.lines if line.kind == "cell" and line.text != "记录"]
    assert [line.text for line in cells] == text.split("\n")
    assert rendered.pages == 2
    assert all(BOTTOM < line.y < TOP for line in cells)


def test_justified_lines_end_at_the_right_margin(fonts):
    rendered = render_pdf(decision(), fonts)
    body = [line for line in rendered.lines if line.kind == "text" and line.style == "body"]
    inner = [line for line in body if not line.last]
    assert len(inner) > 20
    for line in inner:
        assert line.x + line.width == pytest.approx(RIGHT, abs=0.01)
        assert GRID_TRACKING <= line.char_space < 16
    for line in body:
        if line.last:  # the last line of a paragraph is not stretched, only set on the character grid
            assert line.char_space == GRID_TRACKING and line.x + line.width < RIGHT + 0.01


def test_body_lines_hold_the_28_characters_of_the_gbt_9704_grid(fonts):
    text = "当事人佛山市某有限公司于年月日在其经营场所销售不符合国家标准的产品经查证属实依据" * 8
    rendered = render_pdf(Document("测试", (Paragraph.of(text), Paragraph.of(text, "plain"))), fonts)
    body = [line for line in rendered.lines if line.style == "body"]
    plain = [line for line in rendered.lines if line.style == "plain"]
    assert len(body[0].text) == 26 and body[0].x == pytest.approx(LEFT + 32)  # 2 characters indent + 26
    assert {len(line.text) for line in body[1:-1]} == {28}
    assert {len(line.text) for line in plain[:-1]} == {28}
    assert all(line.x + line.width <= RIGHT + 0.01 for line in body + plain)
    # the characters are set at the grid's pitch: 156 mm / 28 = 15.79 pt, 15.75 pt as Word keeps it
    assert plain[-1].char_space == GRID_TRACKING and plain[-1].width == pytest.approx(
        len(plain[-1].text) * 16 + (len(plain[-1].text) - 1) * GRID_TRACKING)


def test_first_lines_are_indented_two_characters(fonts):
    rendered = render_pdf(decision(paragraphs=2), fonts)
    body = [line for line in rendered.lines if line.style == "body"]
    firsts = [line for before, line in zip([None, *body], body, strict=False) if before is None or before.last]
    assert [line.text[:2] for line in firsts] == ["经查", "经查", "决定"]
    assert all(line.x == pytest.approx(LEFT + 32) for line in firsts)
    assert all(line.x == pytest.approx(LEFT) for line in body if line not in firsts)


def test_body_pages_hold_22_lines_at_the_fixed_pitch(fonts):
    rendered = render_pdf(Document("测试", tuple(Paragraph.of(FACTS) for _ in range(12))), fonts)
    first = [line for line in rendered.lines if line.kind == "text" and line.page == 1]
    assert len(first) == 22
    pitches = {round(a.y - b.y, 3) for a, b in itertools.pairwise(first)}
    assert pitches == {28.95}
    assert first[-1].y > BOTTOM


def test_titles_are_centred_and_the_date_is_right_indented(fonts):
    rendered = render_pdf(decision(paragraphs=1), fonts)
    title = next(line for line in rendered.lines if line.style == "title")
    assert (title.x + title.x + title.width) / 2 == pytest.approx((LEFT + RIGHT) / 2)
    date = next(line for line in rendered.lines if line.style == "signature")
    assert date.x + date.width == pytest.approx(RIGHT - 4 * 16)


def test_keep_with_next_moves_a_heading_to_the_page_of_its_paragraph(fonts):
    filler = tuple(Paragraph.of("第一段") for _ in range(21))
    heading = Paragraph.of("一、违法事实", "heading1", keep_with_next=True)
    rendered = render_pdf(Document("测试", (*filler, heading, Paragraph.of(FACTS))), fonts)
    placed = next(line for line in rendered.lines if line.text == "一、违法事实")
    assert placed.page == 2 and placed.y > TOP - 29
    loose = render_pdf(Document("测试", (*filler, Paragraph.of("一、违法事实", "heading1"),
                                          Paragraph.of(FACTS))), fonts)
    assert next(line for line in loose.lines if line.text == "一、违法事实").page == 1


def test_page_breaks_and_spacers(fonts):
    blocks = (Paragraph.of("第一页"), Spacer(2), Paragraph.of("仍在第一页"), PageBreak(), Paragraph.of("第二页"))
    rendered = render_pdf(Document("测试", blocks), fonts)
    lines = {line.text: line for line in rendered.lines if line.kind == "text"}
    assert (lines["第一页"].page, lines["仍在第一页"].page, lines["第二页"].page) == (1, 1, 2)
    assert lines["第一页"].y - lines["仍在第一页"].y == pytest.approx(3 * 28.95)
    assert "第二页" in pdf_pages(rendered)[1]


def test_bold_runs_are_stroked_and_underlined_runs_ruled(fonts):
    rendered = render_pdf(decision(paragraphs=0), fonts)
    line = next(line for line in rendered.lines if AMOUNT in line.text)
    assert [(s.bold, s.underline) for s in line.segments if s.text.strip()] == [
        (False, False), (False, True), (True, False)]
    content = PdfReader(io.BytesIO(rendered.data)).pages[0].get_contents().get_data()
    assert b" 2 Tr" in content and b" 0 Tr" in content


def test_metadata_is_the_title_and_the_app_and_no_clock(fonts):
    rendered = render_pdf(decision(), fonts)
    info = PdfReader(io.BytesIO(rendered.data)).metadata
    assert info.title == "行政处罚决定书"
    assert info.author == AUTHOR and info.creator == AUTHOR
    assert b"/Lang (zh-CN)" in rendered.data
    dated = render_pdf(decision(metadata={"date": "2026年3月22日"}), fonts)
    assert PdfReader(io.BytesIO(dated.data)).metadata["/CreationDate"].startswith("D:20260322")


def test_the_same_document_gives_the_same_bytes(fonts):
    first = render_pdf(decision(), fonts).data
    render_pdf(Document("其他", (Paragraph.of("其他文书"),)), fonts)
    assert render_pdf(decision(), fonts).data == first
    assert render_pdf(decision(paragraphs=2), fonts).data != first


def test_the_to_unicode_map_writes_characters_beyond_the_bmp_as_surrogate_pairs():
    import workstation.documents.pdf_writer  # noqa: F401  (installs the fix)

    cmap = ttfonts.makeToUnicodeCMap("AAAAAA+Face", [0, 0x4F5B, 0x20BB7, 0x20000])
    assert "<01> <4F5B>" in cmap
    assert "<02> <D842DFB7>" in cmap and "<03> <D840DC00>" in cmap


def test_extension_b_characters_are_drawn_and_extracted_when_a_face_has_them(fonts):
    if fonts.uncovered("𠀀𠮷"):
        pytest.skip("no installed face has 𠀀 𠮷 (install fonts-hanazono)")
    rendered = render_pdf(Document("测试", (Paragraph.of(f"{PARTY}𠀀𠮷野家"),)), fonts)
    assert f"{PARTY}𠀀𠮷野家" in pdf_pages(rendered)[0]
    assert not [c for line in rendered.lines for s in line.segments for c in s.text if c not in fonts.chars[s.font]]
