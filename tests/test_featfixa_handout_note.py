"""The deadline board's hand-out (PDF, XLSX, CSV) carries the calendar note the window shows above the table when a
deadline was counted in a year without holiday data (``clocks.calendar_note``; on paper naming the calendar, not a file
of this computer: ``board_export.handout_calendar_note``), so that the rows marked 日历待核实 say why on paper too; a
hand-out with every deadline confirmed has no such note."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.helpers import pdf_text
from workstation import clocks
from workstation.board_export import HEADER, handout_bytes, handout_calendar_note, name_rows
from workstation.i18n import _
from workstation.store import get_case


def unconfirmed(db, make_case):
    """T1 of a lead received on 2026-12-20, counted into 2027 (no holiday data): due 2027-01-11, unconfirmed."""
    case = make_case(lead_received_on="2026-12-20")
    deadlines = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-12-21") if d.clock == "T1"]
    assert [(d.due, d.confirmed) for d in deadlines] == [("2027-01-11", False)]
    name_rows(db, deadlines)
    return deadlines


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_table_handout_says_why_its_rows_are_unconfirmed(db, make_case, data_dir, fmt, english):
    deadlines = unconfirmed(db, make_case)
    note = handout_calendar_note(deadlines, data_dir)  # the board's, naming the calendar rather than a file here
    assert note.startswith("There is no holiday data for 2027 in the calendar")
    data = handout_bytes(fmt, "期限提醒", "2026-12-21", deadlines, data_dir)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows[2] == [note] and rows[3] == [] and rows[4] == [_(text) for text in HEADER]
        body = rows[5:]
    else:
        sheet = load_workbook(io.BytesIO(data)).active
        assert sheet["A3"].value == note and sheet.freeze_panes == "A6"
        assert [cell.value for cell in sheet[5]] == [_(text) for text in HEADER]
        body = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=6)]
    assert len(body) == 1 and "calendar unconfirmed" in body[0][0]


def test_the_printed_handout_says_it_too(db, make_case, data_dir, english):
    deadlines = unconfirmed(db, make_case)
    text = pdf_text(handout_bytes("pdf", "期限提醒", "2026-12-21", deadlines, data_dir))
    assert "Thereisnoholidaydatafor2027inthecalendar" in text  # (the text as drawn, without spaces)
    assert "2027.toml" not in text  # the file of this computer it would be written into: not on paper


def test_a_handout_of_confirmed_deadlines_has_no_note(db, make_case, data_dir, english):
    case = make_case(lead_received_on="2026-03-02")
    deadlines = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-03") if d.clock == "T1"]
    assert clocks.calendar_note(deadlines, data_dir) == ""
    rows = list(csv.reader(io.StringIO(handout_bytes("csv", "期限提醒", "2026-03-03", deadlines,
                                                        data_dir).decode("utf-8-sig"))))
    assert rows[2] == [] and rows[3] == [_(text) for text in HEADER]
