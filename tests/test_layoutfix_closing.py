"""The last page and the justified line as GB/T 9704 sets them (QA of printed documents):

- the 落款 never stands on a page with nothing of the text but the contact lines: the last sentence of the text
  (two lines of it at least) is kept with the closing, and where closing the line pitch up a little (23, else 24
  lines a page instead of 22; GB/T 9704-2012 7.3.5 allows adjusting the line spacing for this) saves the last page,
  the whole 落款 goes on the page before — in the PDF and, with the same styles and keep properties, in the DOCX;
- a one-page form that runs past its page in 小四 first sets only its long free-text cells in 五号;
- closing punctuation squeezes onto a justified line set half as wide (书》，) rather than take the character
  before it to the next line, and a justified line is spread between its Chinese characters, never between the
  digits of a number."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.helpers import FILING_SOURCE
from workstation.documents.blocks import Cell, Document, Paragraph, Row, Spacer, Table, layout, tracking
from workstation.documents.compose import keep_with_signature
from workstation.documents.docx_writer import render_docx
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.fitting import CLOSING_PITCHES, closer_lines, fit_closing, fit_page, page_count
from workstation.documents.fonts import resolve_fonts
from workstation.documents.linebreak import break_lines
from workstation.documents.pdf_layout import measurer, paragraph_lines
from workstation.documents.pdf_pages import Frame
from workstation.documents.pdf_writer import render_pdf
from workstation.store import find_case

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
MICROHEI = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
pytestmark = pytest.mark.skipif(not (UMING.is_file() and MICROHEI.is_file()),
                                reason="needs fonts-arphic-uming and fonts-wqy-microhei")

CASE = "佛南市监立〔2026〕6号"
# the QA's notice: a large fine and amounts typed in, the discretion and the evidence written out
PROPOSED = {"fine_fen": 20000000, "confiscated_fen": 100050,
            "evidence": "1.当事人营业执照复印件；\n2.询问笔录2份；\n3.外呼平台导出的通话记录（电子数据）1份；\n4.现场笔录1份。",
            "discretion": "当事人初次违法，且能主动配合调查，如实陈述违法事实，依据《广东省市场监督管理行政处罚裁量权"
                          "适用规则》第十条的规定，可以从轻处罚。",
            "contact_phone": "0757-86220000", "contact_address": "佛山市南海区桂城街道南海大道北80号",
            "issued_on": "2026-07-27"}
SENTENCE = ("根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你单位有权要求举行听证。你单位要求听证的，"
            "应当自收到本告知书之日起五个工作日内向本局提出；逾期未提出的，视为放弃要求听证的权利。")  # four lines


@pytest.fixture(autouse=True)
def _no_windows_fonts(monkeypatch):
    monkeypatch.delenv("WINDIR", raising=False)


def _text_lines(rendered) -> list:
    return [line for line in rendered.lines if line.kind == "text"]


def _closing_blocks(body: int) -> list:
    """``body`` one-line paragraphs, the hearing sentence, a blank line, the contact lines, two blank lines and the
    落款, as the 行政处罚告知书 composes them."""
    blocks = [Paragraph.of(f"第{index}行正文。") for index in range(1, body + 1)]
    blocks += [Paragraph.of(SENTENCE), Spacer(1), Paragraph.of("联系人：杨伟明　　联系电话：0757-86220000"),
               Paragraph.of("联系地址：佛山市南海区桂城街道南海大道北80号"), Spacer(2)]
    keep_with_signature(blocks)
    return blocks + [Paragraph.of("佛山市南海区市场监督管理局", "signature", keep_with_next=True),
                     Paragraph.of("2026年7月27日", "signature")]


def test_the_pre_penalty_notice_of_the_qa_ends_with_its_seal_on_the_page_of_its_last_sentences(demo_db):
    document = draft_document(demo_db, find_case(demo_db, CASE), find_form("pre_penalty_notice"), PROPOSED)
    rendered = render_pdf(document)
    lines = _text_lines(rendered)
    seal = next(line for line in lines if line.text == "2026年7月27日")
    hearing = [line for line in lines if line.text.startswith("根据《中华人民共和国行政处罚法》第六十三条")]
    assert hearing and hearing[0].page == seal.page  # a sentence of the notice on the page to be sealed
    assert rendered.pages == 2  # it took 3: the contact lines and the 落款 alone on the last
    assert {line.leading for line in lines if line.style.startswith("body")} == {layout()["styles"]["body_closer"]
                                                                                ["leading"]}


def test_the_closing_keeps_two_lines_of_the_last_sentence_past_the_contact_lines(data_dir):
    # 17 lines of text leave 5 at the foot of page 1: the hearing sentence fits, the contact lines and 落款 do not
    rendered = render_pdf(Document("告知书", tuple(_closing_blocks(17))), resolve_fonts(data_dir))
    lines = _text_lines(rendered)
    seal = lines[-1]
    sentence = [line.page for line in lines if line.text.strip() and line.text in SENTENCE]
    assert seal.page == 2
    assert sentence.count(2) >= 2  # two lines of the sentence at least go on with the contact lines and the 落款


def test_the_kept_closing_is_kept_in_the_docx_too(data_dir):
    blocks = _closing_blocks(17)
    kept = [block for block in blocks if isinstance(block, Paragraph) and block.keep_with_next]
    assert any(block.text == SENTENCE for block in kept)
    assert not any(isinstance(block, Spacer) for block in blocks)  # a spacer would be dropped at a page break
    word = docx.Document(io.BytesIO(render_docx(Document("告知书", tuple(blocks)))))
    sentence = next(p for p in word.paragraphs if p.text == SENTENCE)
    assert sentence._p.pPr.find(qn("w:keepNext")) is not None
    blank = word.paragraphs[[p.text for p in word.paragraphs].index(SENTENCE) + 1]
    assert blank._p.pPr.find(qn("w:keepNext")) is not None


def test_a_closing_alone_on_the_last_page_is_pulled_back_by_a_closer_line_pitch_in_both_writers(data_dir):
    fonts = resolve_fonts(data_dir)
    document = Document("告知书", tuple(_closing_blocks(34)))
    assert page_count(document) == 3  # page 3: the last two lines of the sentence, the contact lines and the 落款
    fitted = fit_closing(document)
    assert page_count(fitted) == 2
    rendered = render_pdf(fitted, fonts)
    pitches = {line.leading for line in _text_lines(rendered) if line.style.startswith("body")}
    assert pitches == {layout()["styles"]["body" + CLOSING_PITCHES[0]]["leading"]}  # 23 lines a page sufficed
    assert 26.5 <= min(pitches) < layout()["styles"]["body"]["leading"]
    word = docx.Document(io.BytesIO(render_docx(fitted)))
    sentence = next(p for p in word.paragraphs if p.text == SENTENCE)
    spacing, = word.styles.element.xpath(f"w:style[@w:styleId='{sentence._p.pPr.pStyle.val}']/w:pPr/w:spacing")
    assert int(spacing.get(qn("w:line"))) == round(min(pitches) * 20)  # the DOCX's exact leading is the PDF's


def test_the_line_pitch_is_closed_up_no_more_than_to_24_lines_and_only_for_a_closing_alone(data_dir):
    two_steps = Document("告知书", tuple(_closing_blocks(36)))  # 23 lines a page do not save the page, 24 do
    assert {b.style for b in fit_closing(two_steps).blocks if isinstance(b, Paragraph)} >= {"body_closer"}
    too_long = Document("告知书", tuple(_closing_blocks(38)))  # not even 24 lines a page would save it
    assert fit_closing(too_long) is too_long
    # the last page holds a line of text not kept with the 落款: its pitch is left alone, though 24 lines a page
    # would save the page
    loose = Document("告知书", (*(Paragraph.of(f"第{i}行正文。") for i in range(46)),
                              Paragraph.of("佛山市南海区市场监督管理局", "signature", keep_with_next=True),
                              Paragraph.of("2026年7月27日", "signature")))
    assert page_count(loose) == 3 and page_count(closer_lines(loose, CLOSING_PITCHES[-1])) == 2
    assert fit_closing(loose) is loose


def test_closing_punctuation_squeezes_onto_a_justified_line_half_wide(data_dir):
    fonts = resolve_fonts(data_dir)
    text = "本局于2026年8月17日向当事人送达了《行政处罚告知书》，告知当事人拟作出行政处罚的内容及事实、理由、依据。"
    frame = Frame.from_layout()
    lines = paragraph_lines(Paragraph.of(text), frame.text_width, measurer(fonts))
    assert lines[0].text.endswith("书》，")  # 书》， used to go down whole, leaving the line spread wide
    indent = 2 * 16
    assert lines[0].x + lines[0].width == pytest.approx(indent + frame.text_width - indent, abs=0.05)
    assert lines[0].char_space == pytest.approx(tracking(layout()["styles"]["body"]))  # nothing spread
    # a plain width measure: only the punctuation's half may be given up, never a character
    half = break_lines("一二三》，", 4.0, lambda piece: float(len(piece)), squeeze=0.1)
    assert half == ["一二三》，"]
    assert break_lines("一二三四》，", 4.0, lambda piece: float(len(piece)), squeeze=0.1) == ["一二三", "四》，"]


def _gaps(line) -> list[tuple[str, str, float]]:
    """(character, next character, the space drawn between them beyond the style's tracking) along ``line``."""
    spacing = tracking(layout()["styles"][line.style])
    out = []
    chars = [(char, line.char_space - segment.squeeze) for segment in line.segments for char in segment.text]
    for (char, space), (following, _space) in zip(chars, chars[1:], strict=False):
        out.append((char, following, space - spacing))
    return out


def test_a_justified_line_is_spread_between_its_chinese_characters_never_inside_a_number(data_dir):
    fonts = resolve_fonts(data_dir)
    text = "本局于2026年6月29日对佛山市南海区桐麓房地产营销策划有限公司涉嫌未经消费者同意向其发送商业性信息案立案调查。"
    frame = Frame.from_layout()
    first = paragraph_lines(Paragraph.of(text), frame.text_width, measurer(fonts))[0]
    gaps = _gaps(first)
    inside = [extra for char, following, extra in gaps if char.isdigit() and following.isdigit()]
    between = [extra for char, following, extra in gaps if not (char.isdigit() and following.isdigit())]
    assert inside and all(extra == pytest.approx(0) for extra in inside)  # 2026, 29: set as the style sets them
    assert min(between) > 0.1  # the room the line lacks is given to the other gaps
    assert first.x + first.width == pytest.approx(frame.text_width, abs=0.05)  # still flush right


def test_a_one_page_form_sets_only_its_long_free_text_cell_smaller_when_that_keeps_it_on_its_page(data_dir):
    long = "经查，当事人" + "未经消费者同意向其发送商业性信息，" * 14 + "建议立案调查。"
    rows = [Row((Cell.of("案件来源", "cell_label"), Cell.of("投诉"))) for _ in range(3)]
    rows.append(Row((Cell.of("简要案情", "cell_label"), Cell.of(long))))
    rows += [Row((Cell.of("意见", "cell_label"), Cell.of("签名：")), min_height_mm=18)] * 2
    table = Table(tuple(rows), (0.2, 0.8))
    for filler in range(40):  # as many body lines above the table as let it overrun its page in 小四, by a little
        blocks = (*(Paragraph.of("正文") for _ in range(filler)), table)
        document = Document("立案审批表", blocks)
        if page_count(document) > 1:
            break
    fitted = fit_page(document, [len(blocks) - 1], "approval")
    assert page_count(fitted) == 1
    styles = {cell.paragraphs[0].text[:4]: cell.paragraphs[0].style for row in fitted.blocks[-1].rows
              for cell in row.cells}
    assert styles["案件来源"] == "cell_label" and styles["投诉"] == "cell"  # the labels and short entries in 小四
    assert styles[long[:4]] == "cell_compact"  # the case summary alone in 五号


def test_the_filing_approval_of_a_demo_case_keeps_its_labels_in_small_four(demo_db):
    document = draft_document(demo_db, find_case(demo_db, "佛南市监立〔2026〕5号"), find_form("filing_approval"),
                              FILING_SOURCE)
    cells = [p for block in document.blocks if isinstance(block, Table) for row in block.rows for cell in row.cells
             for p in cell.paragraphs]
    assert render_pdf(document).pages == 1
    assert {p.style for p in cells if len(p.text) < 20 and p.text} <= {"cell", "cell_label"}
    assert any(p.style == "cell_compact" for p in cells)
