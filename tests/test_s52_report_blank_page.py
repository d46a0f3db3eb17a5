# ruff: noqa: F811 - the fonts fixture imported from test_pdf_writer is used by name
"""Space that does not fit at the foot of a page ends the page; it opens no page of its own. The campaign report
(通报) put half a line after its last table and a page break before its charts: when the table ended near the
foot of a page, the half line opened a page and the break another, and a page stood empty but for its number."""

from pathlib import Path

import pytest

from tests.test_pdf_writer import _no_windows_fonts, fonts  # noqa: F401
from workstation.documents.blocks import Document, PageBreak, Paragraph, Spacer
from workstation.documents.pdf_layout import Measurer
from workstation.documents.pdf_pages import Frame, flow

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")

pytestmark = pytest.mark.skipif(not UMING.is_file(), reason="needs fonts-arphic-uming")

LINES_ON_A_PAGE = 22  # body lines of 28.95 pt in the 225 mm text block


def pages_of(blocks, fonts) -> list:
    return flow(Document("", tuple(blocks)), Frame.from_layout(), Measurer(fonts))


def nearly_full_page() -> list:
    return [Paragraph.of(f"第{n}行。", "body") for n in range(1, LINES_ON_A_PAGE)]


def test_space_at_the_foot_of_a_page_then_a_page_break_leaves_no_empty_page(fonts):
    pages = pages_of([*nearly_full_page(), Spacer(2), PageBreak(), Paragraph.of("附图", "body")], fonts)
    assert len(pages) == 2
    assert all(page.lines for page in pages)
    assert [line.text for line in pages[1].lines] == ["附图"]


def test_space_that_does_not_fit_ends_the_document_without_a_page(fonts):
    pages = pages_of([*nearly_full_page(), Spacer(2)], fonts)
    assert len(pages) == 1


def test_what_follows_space_that_does_not_fit_starts_the_next_page_at_its_top(fonts):
    pages = pages_of([*nearly_full_page(), Spacer(2), Paragraph.of("下一页", "body")], fonts)
    assert len(pages) == 2 and [line.text for line in pages[1].lines] == ["下一页"]
    assert pages[1].lines[0].y == pages_of([Paragraph.of("下一页", "body")], fonts)[0].lines[0].y


def test_space_that_fits_is_kept(fonts):
    pages = pages_of([*nearly_full_page()[:-2], Spacer(1), Paragraph.of("同一页", "body")], fonts)
    assert len(pages) == 1
    texts = [line.text for line in pages[0].lines]
    assert texts[-1] == "同一页"
