"""Rows kept together that move to a new page go there under the table's column heads set again, as any other
rows a table continues with; a table's heads never stay at the foot of a page while the rows its first row is kept
with move on; the campaign report keeps each total row with the row above it (format 13 on), so that 顺德区合计
never stands alone at the top of a page, and a period frozen before prints again as it was sent."""

import io
import json
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from workstation.documents.blocks import Cell, Document, Row, Spacer, Table, layout
from workstation.documents.fonts import resolve_fonts
from workstation.documents.pdf_layout import measurer
from workstation.documents.pdf_pages import Frame, set_table
from workstation.documents.pdf_writer import render_pdf
from workstation.reports import render_report, report_data
from workstation.store import agency_id_for_code

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
pytestmark = pytest.mark.skipif(not UMING.is_file(), reason="needs fonts-arphic-uming")

SHUNDE = agency_id_for_code("440606")
SPRING = {"date_from": "2026-03-01", "date_to": "2026-05-31"}
HEADS = ("单位", "案件数", "罚没金额")


@pytest.fixture
def fonts(data_dir, monkeypatch):
    monkeypatch.delenv("WINDIR", raising=False)
    return resolve_fonts(data_dir)


def pages_of(data: bytes) -> list[str]:
    """Each page's text, spaces and line ends taken out."""
    return [page.extract_text().replace(" ", "").replace("\n", "") for page in PdfReader(io.BytesIO(data)).pages]


def table(names: list[str], kept_from: int) -> Table:
    """A table under the heads ``HEADS`` with a row per name; from row ``kept_from`` on (counted among the
    names) each row is kept with the next, as a report keeps its total row with the row above it."""
    head = Row(tuple(Cell.of(text, "cell_label") for text in HEADS))
    body = [Row((Cell.of(name), Cell.of(str(number)), Cell.of(f"{number}.00")),
                keep_with_next=kept_from <= number < len(names) - 1) for number, name in enumerate(names)]
    return Table((head, *body), (0.4, 0.3, 0.3), header_rows=1)


def placed_after_room(block: Table, room_rows: float, fonts) -> bytes:
    """The PDF of ``block`` set below a spacer that leaves room on the first page for its heads and its first
    ``room_rows`` rows exactly (a half row: the next row does not fit)."""
    frame, measure = Frame.from_layout(), measurer(fonts)
    rows = set_table(block, frame, measure)
    whole = int(room_rows)
    room = sum(row.height for row in rows[:1 + whole]) + (room_rows - whole) * rows[1 + whole].height
    spacer = (frame.top - frame.bottom - room) / layout()["styles"]["body"]["leading"]
    return render_pdf(Document("表", (Spacer(spacer), block), page_numbers=False), fonts).data


def test_rows_kept_together_move_to_the_next_page_under_the_column_heads(fonts):
    names = ["禅城区局", "南海区局", "顺德区局", "大良所", "顺德区合计"]
    # room for the heads and four rows and a half: 大良所 fits but 顺德区合计, kept with it, does not
    first, second = pages_of(placed_after_room(table(names, kept_from=3), 4.5, fonts))
    assert "禅城区局" in first and "顺德区局" in first and "大良所" not in first
    assert second.startswith("单位案件数罚没金额大良所")  # the heads set again above the rows kept together
    assert second.endswith("顺德区合计44.00")


def test_rows_not_kept_continue_under_the_heads_as_before(fonts):
    names = ["禅城区局", "南海区局", "顺德区局", "大良所", "顺德区合计"]
    first, second = pages_of(placed_after_room(table(names, kept_from=len(names)), 4.5, fonts))
    assert first.endswith("大良所33.00")
    assert second == "单位案件数罚没金额顺德区合计44.00"


def test_the_heads_do_not_stay_at_the_foot_of_a_page_when_the_first_row_is_kept_with_the_next(fonts):
    names = ["顺德区", "合计"]
    # room for the heads and one row and a half: the first row fits under them, the total kept with it does not
    first, second = pages_of(placed_after_room(table(names, kept_from=0), 1.5, fonts))
    assert "单位" not in first
    assert second == "单位案件数罚没金额顺德区00.00合计11.00"


def shunde(demo_db, **changes) -> dict:
    """Shunde's spring report with table 3 of its active units alone (顺德区局, 大良所, 顺德区合计), as it printed them
    before its offices without a record were listed (report format 17): the table that broke at the foot of a
    page."""
    data = json.loads(json.dumps(report_data(demo_db, agency_id=SHUNDE, **SPRING)))
    data["bureau_table"] = [r for r in data["bureau_table"] if r["kind"] != "agency" or r["cases"] or r["leads"]
                            or r["interviews"] or r["publicity"] or r["penalties_total_fen"]]
    return data | changes


def table_3_pages(data: dict) -> list[str]:
    pages = pages_of(render_report(data, "pdf")[0])
    return [page for page in pages if "顺德区局" in page or "顺德区合计" in page]


def test_shunde_s_total_row_is_not_alone_under_the_repeated_heads_of_table_3(demo_db):
    # the attachment's first page as before format 17 (without its title on the third line, which moves table 3
    # whole to the next page): the table breaking at the foot of the page as it did
    data = shunde(demo_db, format=16)
    pages = table_3_pages(data)
    assert len(pages) == 2  # table 3 breaks at the foot of the page in the spring of 2026 (the case of the fix)
    assert "大良所" not in pages[0]
    assert "单位案件数（件）" in pages[1] and "大良所1" in pages[1] and "顺德区合计3" in pages[1]
    assert pages[1].index("单位案件数（件）") < pages[1].index("大良所1") < pages[1].index("顺德区合计3")


def test_a_period_frozen_before_format_13_prints_table_3_as_it_was_sent(demo_db):
    pages = table_3_pages(shunde(demo_db, format=12))
    assert "大良所1" in pages[0]
    assert pages[1].startswith("单位案件数（件）") and "大良所" not in pages[1]  # its total alone, as sent


def test_each_total_row_of_the_docx_is_kept_with_the_row_above_it(demo_db):
    def kept(data: dict) -> list[str]:
        document = docx.Document(io.BytesIO(render_report(data, "docx")[0]))
        evaluation = next(t for t in document.tables if t.rows[0].cells[0].text == "单位")
        return [row.cells[0].text for row in evaluation.rows[1:]
                if all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)]

    assert kept(shunde(demo_db)) == ["大良所"]
    assert kept(shunde(demo_db, format=12)) == []
