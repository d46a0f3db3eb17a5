"""The register import's bad input and messages: a CSV row shifted by an unquoted separator, a file marked UTF-8 whose
text is GB18030, a file of blank lines, --skip-invalid with no valid row, row lines ending as sentences, files
named by their name, and the reading of the file said (and cancellable) from the start."""

import codecs
import threading

import pytest

from tests.test_register_import import GOOD, HEADER, register_rows, write_csv, write_xlsx
from workstation.errors import Cancelled, ImportRefused
from workstation.importing import tables
from workstation.importing.register import RegisterRefused, import_register, warning_lines
from workstation.progress import CancelToken, waiting

# 案由 written with an unquoted comma (涉嫌未经消费者同意,发送商业性信息案): one cell too many, every value after it one
# column to the right (涉案信息条数 would be read as 已决定). A count or an amount split so (12,345) is refused naming its
# column (tests/test_s44_import_edges.py)
SHIFTED = [*GOOD[3][:5], "涉嫌未经消费者同意", "发送商业性信息案", *GOOD[3][6:]]


def cli(capsys, *args):
    from workstation.cli import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_csv_row_with_a_value_beyond_the_header_is_refused_naming_row_and_cell_counts(db, tmp_path, table_counts,
                                                                                       english):
    path = write_csv(tmp_path / "台账.csv", register_rows([GOOD[0], SHIFTED], total=False))
    before = table_counts(db)
    with pytest.raises(RegisterRefused) as refused:
        import_register(db, path)
    assert table_counts(db) == before
    [error] = refused.value.errors
    assert (error["row"], error["field"]) == (5, "number of cells")
    assert error["message"].startswith("the row has 13 cells but the header only 12")
    assert "a thousands separator in a number must be quoted" in error["message"] and ".xlsx" in error["message"]
    assert "台账.csv: 1 row refused, nothing imported: row 5, number of cells: the row has 13" in refused.value.message

    result = import_register(db, path, skip_invalid=True)  # the valid rows alone, asked for: the shifted one left out
    assert (result.imported, result.skipped) == (1, 1)
    assert db.execute("SELECT case_number FROM cases").fetchall() == [(GOOD[0][0],)]


def test_trailing_empty_cells_beyond_the_header_are_read_as_usual(db, tmp_path):
    rows = [[*row, "", ""] for row in GOOD]  # the trailing commas of many exports
    result = import_register(db, write_csv(tmp_path / "台账.csv", register_rows(rows, total=False)))
    assert (result.imported, result.errors) == (len(GOOD), [])


def test_a_row_with_fewer_cells_than_the_header_reads_the_missing_ones_as_empty(db, tmp_path):
    short = GOOD[1][:9]  # no 涉案信息条数, 罚款 or 没收 cells at all, as empty ones
    result = import_register(db, write_csv(tmp_path / "台账.csv", register_rows([short], total=False)))
    assert (result.imported, result.errors) == (1, [])
    assert db.execute("SELECT fine_fen, records_other FROM cases").fetchone() == (0, 0)


def test_a_file_marked_utf8_whose_text_is_gb18030_is_read_as_gb18030(db, tmp_path):
    path = write_csv(tmp_path / "台账.csv", register_rows(), "gb18030")
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())  # the BOM some editors put before any text
    result = import_register(db, path)
    assert (result.imported, result.errors) == (len(GOOD), [])
    assert db.execute("SELECT party_names FROM cases WHERE case_number = ?", [GOOD[2][0]]).fetchone() == ("朱子轩",)


def test_a_file_of_blank_lines_says_it_holds_nothing(db, tmp_path, english):
    path = tmp_path / "台账.csv"
    path.write_text("\n\n,,,\n\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert refused.value.message.startswith("台账.csv holds nothing but blank rows: export the register again")


@pytest.mark.parametrize("name", ["空.csv", "台账.pdf"])
def test_refusals_of_the_file_name_it_and_not_its_folder(db, tmp_path, english, name):
    path = tmp_path / name
    path.write_bytes(b"" if name.endswith(".csv") else b"%PDF")
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert refused.value.message.startswith(name) and str(tmp_path) not in refused.value.message


def test_skip_invalid_with_no_valid_row_refuses_saying_nothing_was_imported(db, tmp_path, table_counts, english):
    path = write_csv(tmp_path / "台账.csv", register_rows([SHIFTED], total=False))
    before = table_counts(db)
    with pytest.raises(RegisterRefused) as refused:
        import_register(db, path, skip_invalid=True)
    assert refused.value.importable == 0
    assert refused.value.message.startswith("台账.csv: 1 row refused, nothing imported: not one row is valid, so "
                                            "--skip-invalid has nothing to import")
    assert table_counts(db) == before


def test_the_refusal_tells_how_many_rows_could_be_imported(db, tmp_path):
    with pytest.raises(RegisterRefused) as refused:
        import_register(db, write_csv(tmp_path / "台账.csv", register_rows([GOOD[0], SHIFTED], total=False)))
    assert refused.value.importable == 1


def test_the_command_line_exits_1_when_skip_invalid_finds_no_valid_row(tmp_path, capsys, english):
    station = tmp_path / "station"
    assert cli(capsys, "--data-dir", station, "init")[0] == 0
    path = write_csv(tmp_path / "台账.csv", register_rows([SHIFTED], total=False))
    code, out, err = cli(capsys, "--data-dir", station, "cases", "import", path, "--skip-invalid")
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: {path}: 1 row refused, nothing imported: not one row is valid")
    assert err.count("\n") == 1
    code, out, err = cli(capsys, "--data-dir", station, "--json", "cases", "list")
    assert (code, out.strip()) == (0, "[]")


def test_each_warning_line_ends_as_a_sentence(db, tmp_path, english):
    path = write_xlsx(tmp_path / "台账.xlsx", register_rows())
    import_register(db, path)
    again = import_register(db, path)  # every row stored already: each said in a line of its own
    lines = warning_lines(again.warnings)
    assert lines[0] == "Not imported, their case numbers being stored already (4 rows):"
    assert lines[1] == f"row 4, {HEADER[0]}: {GOOD[0][0]} is stored already: the row was not imported."
    assert all(line.endswith(".") for line in lines[1:])


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_reading_the_file_is_said_first_and_a_cancel_then_is_heard(db, tmp_path, table_counts, english, kind):
    lines = register_rows()
    path = write_xlsx(tmp_path / "台账.xlsx", lines) if kind == "xlsx" else write_csv(tmp_path / "台账.csv", lines)
    reports = []
    import_register(db, path, dry_run=True, progress=lambda done, total, message: reports.append((done, total,
                                                                                                   message)))
    assert reports[0] == (0, 0, f"Reading 台账.{kind}…")  # a step of unknown length: a busy bar

    token, said = CancelToken(), []

    def cancel_while_reading(done, total, message):
        said.append(message)
        token.cancel()

    before = table_counts(db)
    with pytest.raises(Cancelled):
        import_register(db, path, progress=cancel_while_reading, cancel=token)
    assert said == [f"Reading 台账.{kind}…"]  # no row was checked
    assert table_counts(db) == before


def test_a_long_sheet_parse_gives_its_heartbeat_until_it_ends_and_stops_on_cancel():
    parsed = threading.Event()
    beats = []

    def beat():
        beats.append(1)
        if len(beats) == 3:
            parsed.set()  # the parse ends once the heartbeat has been given thrice

    assert waiting(lambda: parsed.wait(30) and "sheet", beat, poll=0.01) == "sheet"
    assert len(beats) >= 3

    token = CancelToken()
    token.cancel()
    never = threading.Event()
    with pytest.raises(Cancelled):
        waiting(lambda: never.wait(30), token.check, poll=0.01)
    never.set()


def test_the_command_line_says_the_reading_before_the_rows_are_checked(tmp_path, capsys, english, monkeypatch):
    import workstation.cli

    station = tmp_path / "station"
    clock = [1000.0]

    def slow():  # every look at the clock finds a second gone: each step's progress is said
        clock[0] += 1
        return clock[0]

    monkeypatch.setattr(workstation.cli, "_progress_clock", slow)
    path = write_xlsx(tmp_path / "台账.xlsx", register_rows())
    code, out, err = cli(capsys, "--data-dir", station, "cases", "import", path)
    assert code == 0
    lines = err.splitlines()
    assert lines[:2] == [f"Importing {path}…", "Reading 台账.xlsx…"]  # a busy step: no percentage
    assert lines[2].startswith("Checking rows: ")


def test_a_busy_step_on_a_terminal_is_said_without_a_percentage(english):
    import io

    from workstation.cli import _stderr_progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    report = _stderr_progress(stream)
    report(0, 0, "Reading 台账.xlsx…")
    report(0, 0, "Reading 台账.xlsx…")
    report(0, 4, "Checking rows")
    assert stream.getvalue() == "\rReading 台账.xlsx…\n\rChecking rows: 0%"


def test_a_file_marked_utf8_whose_text_is_gb18030_declared_utf8_is_told_to_import_as_gb18030(db, tmp_path, english):
    path = write_csv(tmp_path / "台账.csv", register_rows(), "gb18030")
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path, encoding="utf-8")
    assert refused.value.message.startswith("台账.csv, row 1: the text is not UTF-8 as declared.")
    assert refused.value.message.endswith("It looks like GB18030: import it again with --encoding gb18030 "
                                           "(or --encoding auto).")
    assert import_register(db, path, encoding="gb18030").imported == len(GOOD)


def test_a_cancel_while_the_sheet_is_still_parsed_is_a_cancel(db, tmp_path, monkeypatch, table_counts):
    parsing = threading.Event()  # set once the test is over: the abandoned parse then ends

    class Workbook:  # calamine's, whose sheet is still being parsed (and the workbook borrowed) on another thread
        def get_sheet_by_name(self, name):
            parsing.wait(30)
            raise RuntimeError("parse abandoned")

        def close(self):
            if not parsing.is_set():
                raise RuntimeError("Already borrowed")

    monkeypatch.setattr(tables, "_open_workbook", lambda path: (Workbook(), ["台账"]))
    path = write_xlsx(tmp_path / "台账.xlsx", register_rows())
    token, reports = CancelToken(), []

    def cancel_on_the_second_report(done, total, message):
        reports.append(message)
        if len(reports) == 2:
            token.cancel()

    before = table_counts(db)
    try:
        with pytest.raises(Cancelled):
            import_register(db, path, progress=cancel_on_the_second_report, cancel=token)
    finally:
        parsing.set()
    assert table_counts(db) == before
