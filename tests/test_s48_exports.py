"""Every spreadsheet the station hands out keeps a text that looks like a formula a text: a lead's target worded
``=HYPERLINK("http://evil.example/","点击查看")`` is stored as text in an XLSX (never a formula, whose quote the
label's cut left open) and written with a leading apostrophe in a CSV (Excel runs a cell starting with = + - @);
numbers stay numbers. The board sorts 剩余 by the days a stopped clock would take counted from today, one not started
after every counted one; the ``clocks`` help says whose deadlines --officer lists and what --as-of counts."""

import csv
import io
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from tests.helpers import run_json
from workstation import clocks
from workstation.cli import main

EVIL = '=HYPERLINK("http://evil.example/","点击查看")'


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def csv_cells(data: bytes) -> list[str]:
    return [cell for row in read_csv(data) for cell in row]


def xlsx_cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def no_formula(data: bytes) -> list:
    cells = xlsx_cells(data)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    return cells


def texts_of(cells) -> list[str]:
    return [c.value for c in cells if isinstance(c.value, str)]


# the helper ---------------------------------------------------------------------------------------------------------

def test_a_formula_like_text_is_escaped_in_csv_and_a_number_is_not():
    from workstation.sheet_cells import csv_value

    assert csv_value(EVIL) == "'" + EVIL
    for text in ("+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert csv_value(text) == "'" + text
    for kept in ("-12.50", "-3", "+8613800001111", "1,200", "-", "南海区局", "2026-12-01", 5, -3, 2.5, None, ""):
        assert csv_value(kept) == kept


def test_a_formula_like_text_is_stored_as_text_in_xlsx_and_numbers_as_numbers():
    from openpyxl import Workbook

    from workstation.sheet_cells import xlsx_row

    book = Workbook()
    sheet = book.active
    sheet.append(xlsx_row(sheet, [EVIL[:24], "#N/A", -3, 12.5, None, "=1+1"]))
    out = io.BytesIO()
    book.save(out)
    back = load_workbook(io.BytesIO(out.getvalue())).active
    assert [c.value for c in back[1]] == [EVIL[:24], "#N/A", -3, 12.5, None, "=1+1"]
    assert [c.data_type for c in back[1]] == ["s", "s", "n", "n", "n", "s"]


# the deadline board's handout (期限提醒) ------------------------------------------------------------------------------

@pytest.fixture
def evil_board(demo_db, data_dir, capsys):
    run_json(capsys, "--data-dir", data_dir, "leads", "add", "--source", "report", "--received", "2026-12-01T10:00",
             "--description", "商业短信骚扰", "--party", EVIL, "--agency", "440605")
    from workstation.board_export import name_rows

    deadlines = clocks.board(demo_db)
    name_rows(demo_db, deadlines)
    ours = [d for d in deadlines if d.party_label.startswith("=") or d.case_number.startswith("=")]
    assert ours  # the lead's T1, named by its target
    return deadlines


def test_the_boards_xlsx_keeps_a_formula_like_target_text(evil_board):
    from workstation.board_export import handout_bytes

    cells = no_formula(handout_bytes("xlsx", "期限提醒", "2026-12-02", evil_board))
    assert any(text.startswith('=HYPERLINK("http://evil') for text in texts_of(cells))


def test_the_boards_csv_escapes_a_formula_like_target(evil_board):
    from workstation.board_export import handout_bytes

    cells = csv_cells(handout_bytes("csv", "期限提醒", "2026-12-02", evil_board))
    assert not [cell for cell in cells if cell.startswith("=")]
    assert any(cell.startswith("'=HYPERLINK(") for cell in cells)


# the other exports ----------------------------------------------------------------------------------------------

def bureau_row(name: str) -> dict:
    row = {key: 0 for key in ("cases", "records", "fines_fen", "confiscated_fen", "penalties_total_fen", "leads",
                              "leads_decided", "leads_decided_unassigned", "leads_in_time", "interviews",
                              "publicity", "participants")}
    return {**row, "name": name, "short_name": name, "kind": "agency", "district": "nanhai", "cases": 7,
            "fines_fen": 8_500_000}


def test_the_evaluation_csv_escapes_a_formula_like_unit_name(db, tmp_path):
    from workstation.stats_export import write_bureau_csv

    agency_id = db.execute("SELECT id FROM agencies WHERE level = 'district' ORDER BY code").fetchone()[0]
    db.execute("UPDATE agencies SET name = '@南海' WHERE id = ?", [agency_id])
    target = write_bureau_csv(db, [bureau_row(EVIL)], tmp_path / "各局考评.csv", agency_id=agency_id)
    rows = read_csv(target.read_bytes())
    assert rows[2] == ["办案机关", "'@南海（含所辖市场监管所）"]
    assert rows[-1][0] == "'" + EVIL and rows[-1][1] == "7" and rows[-1][3] == "85000.00"


def test_the_document_register_csv_escapes_a_formula_like_title():
    from workstation.document_register import RegisteredDocument, register_csv

    document = RegisteredDocument(id="d1", dated="2026-12-01", number="佛南市监罚〔2026〕1号", title=EVIL,
                                  case_id=None, lead_id=None, interview_id=None, subject="-1+1", parties="+当事人",
                                  agency="南海区局", pages=2, state="issued", note="", issued_at="2026-12-01T10:00")
    header, row = read_csv(register_csv([document]))
    assert row[2:5] == ["'" + EVIL, "'-1+1", "'+当事人"] and row[6] == "2"


def stats_rows():
    return [("概况", EVIL, "案件总数（件）", 3), ("概况", "罚款", "罚款（元）", -12.5)]


def test_the_statistics_csv_escapes_a_formula_like_label_and_keeps_figures():
    from workstation.stats_export import statistics_csv

    rows = read_csv(statistics_csv(stats_rows(), [("办案机关", "=南海区局")]))
    assert ["办案机关", "'=南海区局"] in rows
    assert ["概况", "'" + EVIL, "案件总数（件）", "3"] in rows and ["概况", "罚款", "罚款（元）", "-12.50"] in rows


def test_the_statistics_workbook_keeps_a_formula_like_label_text_and_figures_numbers():
    from workstation.stats_export import statistics_workbook

    cells = no_formula(statistics_workbook(stats_rows(), [("办案机关", "=南海区局")]))
    assert EVIL in texts_of(cells) and "=南海区局" in texts_of(cells)
    assert 3 in [c.value for c in cells] and -12.5 in [c.value for c in cells]


def test_the_interview_register_csv_escapes_a_formula_like_subject(demo_db):
    from workstation.interview_register import register_csv
    from workstation.records import Interview
    from workstation.store import agency_id_for_code
    from workstation.store.interviews import save_interview

    interview = save_interview(demo_db, Interview(agency_id=agency_id_for_code("440608"), held_on="2026-03-02",
                                                  subject=EVIL, summary="=1+1",
                                                  party_ids=["20d7f887-658a-5fd3-b5b7-e46e4c33b3f0"]),
                               allow_duplicate=True)
    header, row, total = read_csv(register_csv(demo_db, [interview]))
    assert row[4] == "'" + EVIL and row[-1] == "'=1+1" and row[0] == "2026-03-02"
    assert total[0] == "合计"


def test_the_publicity_csv_escapes_a_formula_like_title_and_keeps_counts(demo_db):
    from workstation.case_records import Publicity
    from workstation.store import agency_id_for_code
    from workstation.store.publicity import publicity_csv

    item = Publicity(agency_id=agency_id_for_code("440605"), held_on="2026-03-02", title=EVIL, flyers=120)
    header, row, total = read_csv(publicity_csv(demo_db, [item]))[:3]
    assert row[2] == "'" + EVIL and row[4] == "120" and total[0] == "合计"


def test_the_report_workbook_keeps_a_formula_like_title_text(demo_db):
    from workstation.reports.data import report_data
    from workstation.reports.workbook import campaign_workbook

    data = report_data(demo_db)
    data["title"] = EVIL
    data["text"] = [*data["text"], "=1+1"]
    data["bureau_table"][0]["name"] = "=A1"
    cells = no_formula(campaign_workbook(data))
    assert {EVIL, "=1+1", "=A1"} <= set(texts_of(cells))
    assert any(isinstance(c.value, int) and not isinstance(c.value, bool) for c in cells)


# the board's Remaining sort ---------------------------------------------------------------------------------------

def test_remaining_sorts_a_stopped_clock_by_the_days_it_would_take_and_one_not_started_last():
    from ui.deadlines import _left_key

    rule = {r.id: r for r in clocks.rules()}
    near = clocks.Deadline(case_id="a", case_number="1", rule=rule["T2"], state="due_soon", days_left=5)
    far = clocks.Deadline(case_id="b", case_number="2", rule=rule["T2"], state="running", days_left=40)
    not_started = clocks.Deadline(case_id="c", case_number="3", rule=rule["T16"], state="stopped", days_left=3,
                                  detail=(("awaiting", 0, ("reconsideration",)),))
    paused_months = replace(not_started, case_id="d", detail=(("stopped", 0, ("hearing",)),))
    paused_days = clocks.Deadline(case_id="e", case_number="5", rule=rule["T2"], state="stopped", days_left=2,
                                  detail=(("stopped", 0, ("hearing",)),))
    missing = clocks.Deadline(case_id="f", case_number="6", rule=rule["T2"], state="missing")
    assert not_started.awaiting and paused_months.paused
    order = sorted([not_started, paused_months, far, near, paused_days, missing], key=_left_key)
    assert [d.case_id for d in order[:4]] == ["e", "a", "b", "d"]  # 2 days, 5, 40, three months (~90 days)
    assert {d.case_id for d in order[4:]} == {"c", "f"}


# the clocks command's help ------------------------------------------------------------------------------------------

def clocks_help(capsys) -> str:
    with pytest.raises(SystemExit) as exited:
        main(["clocks", "--help"])
    assert exited.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def test_the_officer_help_says_the_interviews_the_officer_held_are_listed(capsys, english):
    text = clocks_help(capsys)
    assert "leads and interviews, a bureau's, are then left out" not in text
    assert "interviews the officer held" in text and "leads" in text


def test_the_as_of_help_says_it_counts_todays_records(capsys, english):
    text = clocks_help(capsys)
    assert "today's records" in text and "not to reconstruct" in text

