"""The deadline board's hand-out leaves the computer (printed, mailed, sent to a station): its calendar note says
which calendar the deadlines were counted with — the years it has holiday data for and where each came from (the
chinesecalendar package, the file supplied with the program, a holiday file imported here) — and never a path of
this computer's data directory, as the board on screen does to tell the officer where to put the missing year."""

from __future__ import annotations

import csv
import io
import shutil

from openpyxl import load_workbook

from tests.helpers import full_2027, pdf_text
from workstation import clocks
from workstation.board_export import handout_bytes, handout_calendar_note, name_rows
from workstation.store import get_case
from workstation.workdays import reload_calendars

# a plausible 2027 (fictional; the festivals on the days resources' festivals data gives), as an officer imports it
YEAR_2027 = full_2027("国务院办公厅关于2027年部分节假日安排的通知（假设）")


def t1(db, make_case, received: str, on: str):
    case = make_case(lead_received_on=received)
    deadlines = [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T1"]
    name_rows(db, deadlines)
    return deadlines


def handout_texts(deadlines, data_dir, as_of):
    """The hand-out's text as CSV, XLSX and PDF (the PDF's as drawn, without spaces)."""
    rows = list(csv.reader(io.StringIO(handout_bytes("csv", "期限提醒", as_of, deadlines, data_dir).decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(handout_bytes("xlsx", "期限提醒", as_of, deadlines, data_dir))).active
    return ("\n".join(",".join(row) for row in rows),
            "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value),
            pdf_text(handout_bytes("pdf", "期限提醒", as_of, deadlines, data_dir)))


def test_the_handout_names_the_calendar_not_a_path_of_this_computer(db, make_case, data_dir, english):
    deadlines = t1(db, make_case, "2026-12-20", "2026-12-21")  # due 2027-01-11, 2027 has no holiday data
    assert not deadlines[0].confirmed
    on_screen = clocks.calendar_note(deadlines, data_dir)
    assert str(data_dir) in on_screen  # the board tells the officer where the file goes
    note = handout_calendar_note(deadlines, data_dir)
    assert note.startswith("There is no holiday data for 2027 in the calendar these deadlines were counted with")
    assert "2026 from 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日发布） (supplied with the program)" in note
    assert "–2025 from the holiday data built into the program (chinesecalendar " in note
    csv_text, xlsx_text, pdf = handout_texts(deadlines, data_dir, "2026-12-21")
    assert note in csv_text and note in xlsx_text
    assert "suppliedwiththeprogram" in pdf and "2027.toml" not in pdf
    for text in (csv_text, xlsx_text, pdf):
        assert str(data_dir) not in text and ".toml" not in text and "calendar/" not in text


def test_a_year_imported_here_is_said_to_be_imported(db, make_case, data_dir, english):
    folder = data_dir / "calendar"
    folder.mkdir()
    (folder / "2027.toml").write_text(YEAR_2027, encoding="utf-8")
    reload_calendars()
    try:
        deadlines = t1(db, make_case, "2027-12-20", "2027-12-21")  # into 2028, which has no data
        note = handout_calendar_note(deadlines, data_dir)
        assert "There is no holiday data for 2028" in note
        assert "2027 from a holiday file imported here (国务院办公厅关于2027年部分节假日安排的通知" in note
        csv_text, _xlsx, pdf = handout_texts(deadlines, data_dir, "2027-12-21")
        assert note in csv_text and "aholidayfileimportedhere" in pdf
        assert str(data_dir) not in csv_text + pdf and "2027.toml" not in csv_text + pdf
    finally:
        shutil.rmtree(folder)
        reload_calendars()


def test_confirmed_deadlines_carry_no_note(db, make_case, data_dir, english):
    deadlines = t1(db, make_case, "2026-03-02", "2026-03-03")
    assert deadlines[0].confirmed and handout_calendar_note(deadlines, data_dir) == ""
