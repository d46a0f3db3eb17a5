"""The deadline board's XLSX handout is written row by row (openpyxl's write-only mode), so that exporting a hundred
thousand deadlines on the runner's thread no longer holds the window still; the workbook read back is the one the
whole-sheet writing made: the same cells, fonts, wrapping, merged note, column widths, frozen header and row height."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from tests.test_board_handout import stage
from tests.test_featfixa_handout_note import unconfirmed
from workstation import board_export, clocks
from workstation.board_export import HEADER, handout_bytes, handout_calendar_note, name_rows, row_cells
from workstation.i18n import _


def whole_sheet_handout(title, counted, note, rows) -> bytes:
    """The handout as it was written before: the whole sheet built in memory, then styled cell by cell (its
    deadlines dates and its days left numbers since the exports audit: ``row_cells``)."""
    header = [_(text) for text in HEADER]
    book = Workbook()
    sheet = book.active
    sheet.title = _("Deadlines")
    sheet.append([title])
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.append([counted])
    if note:
        sheet.append([note])
        sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(header))
        sheet.cell(3, 1).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[3].height = 60
    sheet.append([])
    sheet.append(header)
    head = sheet.max_row
    for cell in sheet[head]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{head + 1}"
    for row in rows:
        sheet.append(list(row))
    for column, width in zip("ABCDEFGH", (16, 12, 14, 24, 24, 16, 36, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=head + 1):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.properties.creator = "案卷工作站"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_back(data: bytes) -> dict:
    """What an officer's spreadsheet program shows of the handout: every cell with its font and wrapping, the merged
    cells, the column widths, the frozen rows, the row heights set, the sheet's name and the file's author."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    cells = [(cell.coordinate, cell.value, cell.font.b, cell.font.sz, cell.alignment.wrap_text,
              cell.alignment.vertical) for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=8)
             for cell in row]
    return {"title": sheet.title, "cells": cells, "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
            "widths": {c: sheet.column_dimensions[c].width for c in "ABCDEFGH"}, "frozen": sheet.freeze_panes,
            "heights": {n: d.height for n, d in sheet.row_dimensions.items() if d.height},
            "max": (sheet.max_row, sheet.max_column), "creator": book.properties.creator}


@pytest.fixture
def several(db, make_case):
    """Deadlines of two cases in two stages, named as the board names them."""
    deadlines = []
    for _n in range(2):
        case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
        deadlines += [d for d in clocks.board(db, on="2026-04-01") if d.case_id == case.id]
    name_rows(db, deadlines)
    assert len(deadlines) >= 2
    return deadlines


def test_the_xlsx_handout_reads_back_as_the_whole_sheet_wrote_it(several):
    counted = _("Counted as of {date}; {n} deadlines.").format(date="2026-04-01", n=len(several))
    written = read_back(handout_bytes("xlsx", "期限提醒（全部）", "2026-04-01", several))
    assert written == read_back(whole_sheet_handout("期限提醒（全部）", counted, "", [row_cells(d) for d in several]))
    assert written["frozen"] == "A5" and written["cells"][0][1:4] == ("期限提醒（全部）", True, 14)


def test_the_xlsx_handout_with_its_calendar_note_reads_back_the_same(db, make_case, data_dir):
    deadlines = unconfirmed(db, make_case)
    note = handout_calendar_note(deadlines, data_dir)
    counted = _("Counted as of {date}; {n} deadlines.").format(date="2026-12-21", n=len(deadlines))
    written = read_back(handout_bytes("xlsx", "期限提醒", "2026-12-21", deadlines, data_dir))
    assert written == read_back(whole_sheet_handout("期限提醒", counted, note, [row_cells(d) for d in deadlines]))
    assert written["merged"] == ["A3:H3"] and written["heights"] == {3: 60} and written["frozen"] == "A6"


def test_the_xlsx_handout_is_written_without_building_the_sheet_in_memory(several, monkeypatch):
    # a whole in-memory worksheet of a hundred thousand rows is what held the window still while it was written
    made = []
    original = Worksheet.__init__

    def counted(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Worksheet, "__init__", counted)
    data = board_export.handout_bytes("xlsx", "期限提醒", "2026-04-01", several * 50)
    assert made == []
    monkeypatch.undo()
    assert load_workbook(io.BytesIO(data)).active.max_row == 4 + len(several) * 50
