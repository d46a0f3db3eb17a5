"""The deadline board's handout on a big board (audit s69, dashboard defects 1 and 2): its progress bar moves while the
rows are built and the pages drawn (it stood at 0 % through a 35-second PDF), and Python's cyclic collector is held
off while the PDF or XLSX is built (a full collection walking the layout's objects froze the window for seconds) —
on again afterwards, after a Cancel and after a failure too — and the layout's kept lines do not keep the handout's
rows alive once it is written. No timing is asserted: what the officer would see is the reports, in order."""

import gc
from dataclasses import replace

import pytest

from workstation import clocks
from workstation.board_export import STEPS, handout_bytes, name_rows, write_handout
from workstation.documents import blocks, pdf_layout
from workstation.documents.blocks import Document, Paragraph
from workstation.documents.fonts import resolve_fonts
from workstation.documents.pdf_writer import render_pdf
from workstation.errors import Cancelled
from workstation.progress import CancelToken

ON = "2026-11-20"
ROWS = 2500
#: what names the rows of the board made here (their case column)
MARK = "S69板-"


@pytest.fixture
def board(demo_db):
    """A board of ``ROWS`` deadlines: the demo's, named as the board names them, repeated with numbers of their own
    (each row a row of its own, as on a city's board)."""
    found = clocks.board(demo_db, on=ON)
    name_rows(demo_db, found)
    assert found
    return [replace(found[i % len(found)], case_number=f"{MARK}{i:05d}") for i in range(ROWS)]


def on_a_page(message: str) -> bool:
    """Whether a report tells of a page drawn (第3页, or page 3 untranslated)."""
    return "页" in message or "page" in message


def reporting(seen: list, *, cancel: CancelToken | None = None, cancel_at: int | None = None,
              fail_at: int | None = None):
    """A progress sink noting each report and whether the collector was on when it came; it sets ``cancel`` once
    it has heard of ``cancel_at`` pages drawn, or raises once it has heard ``fail_at`` reports."""
    def report(done, total, message):
        seen.append((done, total, message, gc.isenabled()))
        if cancel_at is not None and sum(on_a_page(report[2]) for report in seen) >= cancel_at:
            cancel.cancel()
        if fail_at is not None and len(seen) >= fail_at:
            raise OSError("the disk went away")
    return report


def steady(seen: list) -> list:
    """The reports made while the handout was built (the collector held), checked to rise steadily on one scale."""
    assert gc.isenabled()
    totals = {total for _done, total, _message, _on in seen}
    assert len(totals) == 1, totals  # one scale, so that the bar never jumps back
    done = [report[0] for report in seen]
    assert done == sorted(done) and done[0] == 0 and done[-1] == totals.pop()
    held = [report for report in seen if not report[3]]
    assert len({report[0] for report in held}) > 3, held  # the bar moved while the handout was built
    return held


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_the_progress_bar_moves_while_a_big_handout_is_built_the_collector_held(board, tmp_path, fmt):
    assert gc.isenabled()
    seen: list = []
    written = write_handout(tmp_path / f"board.{fmt}", "期限提醒（全部）", ON, board, progress=reporting(seen))
    assert written.is_file() and written.stat().st_size > 0
    held = steady(seen)
    if fmt == "pdf":  # the pages are told of as they are drawn, from the first to well past the tenth
        assert sum(on_a_page(message) for _done, _total, message, _on in held) > 10
    assert gc.isenabled()


def test_a_cancel_while_the_pages_are_drawn_stops_and_the_collector_is_on_again(board, tmp_path):
    seen: list = []
    cancel = CancelToken()
    with pytest.raises(Cancelled):
        write_handout(tmp_path / "board.pdf", "期限提醒（全部）", ON, board, cancel=cancel,
                      progress=reporting(seen, cancel=cancel, cancel_at=3))
    assert not (tmp_path / "board.pdf").exists() and not list(tmp_path.glob("board.pdf*"))
    assert any(not on for *_report, on in seen)  # the collector was held while it was built
    assert gc.isenabled()  # and is on again after the Cancel
    assert sum(on_a_page(report[2]) for report in seen) == 3  # heard at the next page, not at the end


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_a_failure_while_the_handout_is_built_turns_the_collector_on_again(board, tmp_path, fmt):
    seen: list = []
    with pytest.raises(OSError, match="the disk went away"):
        write_handout(tmp_path / f"board.{fmt}", "期限提醒（全部）", ON, board, progress=reporting(seen, fail_at=5))
    assert not seen[-1][3]  # it failed while the collector was held
    assert gc.isenabled()
    assert not list(tmp_path.glob("board.*"))


def test_a_collector_off_before_the_handout_stays_off(board):
    gc.disable()
    try:
        handout_bytes("xlsx", "期限提醒（全部）", ON, board[:300])
        assert not gc.isenabled()
    finally:
        gc.enable()


def _handout_rows_alive() -> int:
    """The table rows alive (in the layout's kept lines, say) that are rows of a handout of ``board``."""
    return sum(isinstance(thing, blocks.Row) and any(MARK in p.text for cell in thing.cells for p in cell.paragraphs)
               for thing in gc.get_objects())


def test_the_layout_keeps_no_row_of_a_big_handout_and_keeps_what_it_kept_before(board, monkeypatch):
    fonts = resolve_fonts()
    letter = Document(title="函", blocks=(Paragraph.of("经查，当事人于2026年3月起发送商业性短信息，违反了有关规定。"),))
    render_pdf(letter, fonts)  # an ordinary document, its lines kept for the next time it is rendered
    assert handout_bytes("pdf", "期限提醒（全部）", ON, board[:600]).startswith(b"%PDF")
    gc.collect()
    assert _handout_rows_alive() == 0  # none of the handout's rows held by the layout's kept lines
    broken: list[str] = []
    real = pdf_layout.break_lines

    def counted(text, *args, **kwargs):
        broken.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(pdf_layout, "break_lines", counted)
    render_pdf(letter, fonts)
    assert not any("商业性短信息" in text for text in broken)  # the letter's lines were still kept: not laid out anew


def test_an_xlsx_cancelled_half_written_leaves_no_temporary_sheet(board, tmp_path):
    import tempfile
    from pathlib import Path

    left = set(Path(tempfile.gettempdir()).glob("openpyxl.*"))
    seen: list = []
    cancel = CancelToken()

    def report(done, total, message):
        seen.append((done, total, message, gc.isenabled()))
        if done > STEPS["xlsx"]["texts"] and not cancel.cancelled:  # the sheet's first rows written
            cancel.cancel()
            seen.append("cancelled")

    with pytest.raises(Cancelled):
        write_handout(tmp_path / "board.xlsx", "期限提醒（全部）", ON, board, progress=report, cancel=cancel)
    assert seen[-1] == "cancelled" and not list(tmp_path.glob("board.xlsx*")) and gc.isenabled()
    assert set(Path(tempfile.gettempdir()).glob("openpyxl.*")) <= left  # the sheet's temporary file removed
