# ruff: noqa: F811 - the fixtures imported from test_pdf_writer are used by name
"""A paragraph is laid out once: fitting a document to its pages lays it out again for each size or row count it
tries, and the writer keeps each paragraph's lines for the next trial (``pdf_layout.LINES_KEPT`` of them). What
it hands out is always what laying the paragraph out anew gives — a paragraph changed between two trials, or the
same text in another width or style, is laid out anew; lines placed on one rendering's pages do not move
another's; two threads rendering different documents at once each get their own document, as alone."""

import threading
from dataclasses import replace
from pathlib import Path

import pytest

from tests.test_pdf_writer import _no_windows_fonts, fonts  # noqa: F401
from workstation.documents import fitting, pdf_layout
from workstation.documents.blocks import Cell, Document, Paragraph, Row, Run, Table
from workstation.documents.pdf_layout import Measurer, paragraph_lines
from workstation.documents.pdf_writer import render_pdf

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")

pytestmark = pytest.mark.skipif(not UMING.is_file(), reason="needs fonts-arphic-uming")

WIDTH = 442.2  # pt: about the 156 mm text block
FACTS = ("经查，当事人自2025年3月起，通过其经营的售楼部收集购房意向客户的姓名、手机号码等个人信息共计3,200条，"
         "未经消费者同意，向其发送商业性短信息，支付费用人民币叁仟元整（¥3,000.00）。")


def laid_out_anew(paragraph: Paragraph, width: float, fonts, kind: str = "text") -> list:
    """The lines of ``paragraph`` from a measurer that has laid nothing out before."""
    return paragraph_lines(paragraph, width, Measurer(fonts), kind)


def counting_layouts(monkeypatch) -> list[str]:
    """The texts broken into lines from now on (``break_lines`` called through)."""
    broken: list[str] = []
    real = pdf_layout.break_lines

    def counted(text, *args, **kwargs):
        broken.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(pdf_layout, "break_lines", counted)
    return broken


def test_a_paragraph_changed_between_two_trials_is_laid_out_anew(fonts):
    measure = Measurer(fonts)
    first = Paragraph.of(FACTS)
    assert [line.text for line in paragraph_lines(first, WIDTH, measure)] == \
        [line.text for line in laid_out_anew(first, WIDTH, fonts)]
    for changed in (Paragraph.of("本局认为，" + FACTS), replace(first, style="body_compact"),
                    replace(first, align="left"), replace(first, right_indent_chars=4),
                    Paragraph((Run(FACTS[:30]), Run(FACTS[30:], underline=True)))):
        lines = paragraph_lines(changed, WIDTH, measure)
        assert lines == laid_out_anew(changed, WIDTH, fonts)
    assert paragraph_lines(first, WIDTH / 2, measure) == laid_out_anew(first, WIDTH / 2, fonts)
    assert len(paragraph_lines(first, WIDTH / 2, measure)) > len(paragraph_lines(first, WIDTH, measure))
    cells = paragraph_lines(first, WIDTH, measure, "cell")
    assert {line.kind for line in cells} == {"cell"} and cells == laid_out_anew(first, WIDTH, fonts, "cell")


def test_a_document_fitted_to_its_page_lays_each_paragraph_out_once_per_size(fonts, monkeypatch):
    letter = Document("案件交办通知书", (Paragraph.of("佛山市南海区市场监督管理局", "agency"),
                                   Paragraph.of("案件交办通知书", "title"),
                                   *(Paragraph.of(f"{n}.{FACTS}") for n in range(1, 9)),
                                   Paragraph.of("2026年3月22日", "signature")))
    broken = counting_layouts(monkeypatch)
    fitted = fitting.fit_text(letter)
    assert {block.style for block in fitted.blocks} == {"agency", "title", "body_small", "signature_small"}
    assert fitting.page_count(fitted) == 1  # in 小四 after 三号 and 四号 ran past its page
    tried = len(broken)
    assert tried == 2 + 3 * 9  # the agency line and title keep their size: laid out once; the others once a size
    first = render_pdf(fitted)  # in the fonts the fitting measured with
    assert broken[tried:] == ["— 1 —"]  # the PDF of the fitted letter lays out its page number alone
    assert render_pdf(fitted) == first


def test_lines_placed_on_one_renderings_pages_do_not_move_anothers(fonts):
    document = Document("行政处罚决定书", (
        Paragraph.of("行政处罚决定书", "title"),
        Table((Row((Cell.of("当事人", "cell_label"), Cell.of(FACTS))),), (0.3, 0.7)),
        *(Paragraph.of(FACTS) for _ in range(30))))
    first = render_pdf(document, fonts)
    again = render_pdf(document, fonts)
    assert again.data == first.data
    assert [(line.page, line.x, line.y) for line in again.lines] == [(line.page, line.x, line.y) for line in first.lines]
    assert first.pages > 2 and {line.page for line in first.lines} == set(range(1, first.pages + 1))
    assert render_pdf(document, fonts).data == first.data


def test_the_lines_of_the_paragraphs_last_used_are_kept(fonts, monkeypatch):
    monkeypatch.setattr(pdf_layout, "LINES_KEPT", 3)
    measure = Measurer(fonts)
    broken = counting_layouts(monkeypatch)
    paragraphs = [Paragraph.of(f"第{n}段：{FACTS}") for n in range(5)]
    for paragraph in paragraphs:
        paragraph_lines(paragraph, WIDTH, measure)
    paragraph_lines(paragraphs[3], WIDTH, measure)  # kept: laid out again only when dropped
    assert len(broken) == 5
    paragraph_lines(paragraphs[0], WIDTH, measure)  # dropped for the later ones
    assert len(broken) == 6
    assert paragraph_lines(paragraphs[0], WIDTH, measure) == laid_out_anew(paragraphs[0], WIDTH, fonts)


def test_two_threads_rendering_different_documents_at_once_each_get_their_own(fonts):
    documents = [Document(f"文书{n}", (Paragraph.of(f"文书{n}", "title"),
                                      Table((Row((Cell.of("当事人", "cell_label"), Cell.of(f"{n}号当事人"))),),
                                            (0.3, 0.7)),
                                      *(Paragraph.of(f"{n}.{k}{FACTS[k:]}") for k in range(12))))
                 for n in range(2)]
    alone = [render_pdf(document, fonts).data for document in documents]
    pdf_layout.forget_lines()  # both threads lay their documents out at once
    start = threading.Barrier(2)
    made: dict[int, list[bytes]] = {0: [], 1: []}

    def render(n: int) -> None:
        start.wait()
        for _ in range(4):
            made[n].append(render_pdf(documents[n], fonts).data)

    threads = [threading.Thread(target=render, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == {0: [alone[0]] * 4, 1: [alone[1]] * 4}
    assert alone[0] != alone[1]


def _one_row_table(text: str) -> Table:
    return Table((Row((Cell.of("简要案情", "cell_label"), Cell.of(text))),), (0.2, 0.8))


def test_a_table_row_changed_in_one_cell_is_set_anew(fonts):
    from workstation.documents.pdf_pages import Frame, set_table

    frame, measure = Frame.from_layout(), Measurer(fonts)
    short, long = _one_row_table(FACTS[:20]), _one_row_table(FACTS * 3)
    first = set_table(short, frame, measure)
    assert len(first[0].cells[1].lines) == 1
    changed = set_table(long, frame, measure)
    anew = set_table(long, frame, Measurer(fonts))
    assert [[line.text for line in cell.lines] for cell in changed[0].cells] == \
        [[line.text for line in cell.lines] for cell in anew[0].cells]
    assert changed[0].height == anew[0].height > first[0].height
    assert set_table(short, frame, measure)[0].height == first[0].height


def test_documents_differing_in_one_cell_are_counted_each_their_own_pages(fonts, monkeypatch):
    monkeypatch.setattr("workstation.documents.fonts.resolve_fonts", lambda *args: fonts)
    opening = (Paragraph.of("询问笔录", "title"), *(Paragraph.of(FACTS) for _ in range(4)))
    one = Document("询问笔录", (*opening, _one_row_table(FACTS[:20])))
    two = Document("询问笔录", (*opening, _one_row_table(FACTS * 4)))
    assert fitting.page_count(one) == 1
    assert fitting.page_count(two) == 2 == render_pdf(two, fonts).pages
    assert fitting.page_count(one) == 1 == render_pdf(one, fonts).pages


def test_counting_a_documents_pages_moves_no_line_its_pdf_draws(fonts, monkeypatch):
    monkeypatch.setattr("workstation.documents.fonts.resolve_fonts", lambda *args: fonts)
    document = Document("行政处罚决定书", (
        Paragraph.of("行政处罚决定书", "title"),
        Table((Row((Cell.of("当事人", "cell_label"), Cell.of(FACTS))),) * 3, (0.3, 0.7), header_rows=1),
        *(Paragraph.of(FACTS) for _ in range(30))))
    pdf_layout.forget_lines()
    first = render_pdf(document, fonts)
    assert fitting.page_count(document) == first.pages > 2
    assert fitting.page_count(replace(document, blocks=document.blocks[1:])) == first.pages
    again = render_pdf(document, fonts)
    assert again.data == first.data
    assert [(line.page, line.x, line.y) for line in again.lines] == [(line.page, line.x, line.y) for line in first.lines]
