"""Every reader of a file an officer or headquarters hands the program, fed damaged files (the bad-files audit): a
named pipe no program writes to (what stands in for a file the account may not read, as root reads every file), a
path under a file, a line of megabytes, GB18030 behind a UTF-8 byte order mark, a workbook whose rows are on its
second sheet, formula errors (#N/A) in cells. Each is refused with one line naming the file (and row and field) and
what to do, and changes nothing; what the earlier rounds of damaged input cover (tests/test_fuzz25_inputs.py,
tests/test_fuzzb25_inputs.py, tests/test_import_ux10.py …) is not repeated here."""

import contextlib
import os
import threading
from pathlib import Path

import openpyxl
import pytest

from tests.data_digest import data_digest
from tests.helpers import open_db, run
from tests.test_fuzz25_inputs import HEADER, ROW, refused, tree
from tests.test_fuzzb25_inputs import COMPLAINT_HEADER, COMPLAINT_ROW

CASE = "佛南市监立〔2026〕9号"  # a case of the demo, under investigation
PIPES = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")


@pytest.fixture
def station(cli_station, tmp_path):
    return cli_station(tmp_path / "station")


@contextlib.contextmanager
def pipe_at(path: Path):
    """A named pipe at ``path`` that a reader opening it finds closed at once (end of file: as if it were an empty
    file), so that a reader that does not refuse it reads nothing and goes on instead of waiting for ever: the event
    given is set once a reader opened it (before the end of file it reads). The writer waiting for no reader is let
    go at the end."""
    os.mkfifo(path)
    opened = threading.Event()

    def write() -> None:
        with open(path, "wb"):
            opened.set()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        yield opened
    finally:
        let_go = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # the writer's open returns, if it still waits
        writer.join()
        os.close(let_go)


def workbook(path: Path, *sheets: tuple[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def counts(
    data_dir: Path, tables=("cases", "parties", "complaints", "evidence", "documents", "audit")
) -> dict:
    db = open_db(data_dir)
    try:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        db.conn.close()


# a pipe given where a file is read: refused, not waited on for ever ------------------------------------------------
@PIPES
@pytest.mark.parametrize(
    "argv",
    [
        [
            "docs",
            "render",
            CASE,
            "--form",
            "case_source_register",
            "--values",
            "{pipe}",
            "--format",
            "pdf",
            "-o",
            "{out}",
        ],
        ["bundle", "verify", "{pipe}"],
        ["bundle", "import", "{pipe}"],
        ["backup", "verify", "{pipe}"],
        ["backup", "restore", "{pipe}"],
        ["evidence", "add", CASE, "{pipe}", "--kind", "other"],
    ],
    ids=["values", "bundle-verify", "bundle-import", "backup-verify", "backup-restore", "evidence"],
)
def test_a_pipe_given_as_an_input_file_is_refused_instead_of_read(station, tmp_path, capsys, english, argv):
    pipe = tmp_path / "input.file"
    with pipe_at(pipe) as opened:
        err = refused(capsys, station, *(a.format(pipe=pipe, out=tmp_path / "out.pdf") for a in argv))
        assert not opened.is_set()
    assert err == f"Error: {pipe} is not a file but a pipe or a device: choose the file itself."
    assert not (tmp_path / "out.pdf").exists()


@PIPES
def test_a_pipe_given_as_the_passphrase_file_is_refused_naming_the_option(station, tmp_path, capsys, english):
    pipe = tmp_path / "passphrase"
    with pipe_at(pipe) as opened:
        err = refused(capsys, station, "--passphrase-file", pipe, "stats")
        assert not opened.is_set()
    assert (
        err
        == f"Error: --passphrase-file {pipe} is not a file but a pipe or a device: choose the file itself."
    )


def test_evidence_on_a_path_under_a_file_is_no_such_file(station, tmp_path, capsys, english):
    """As every other reader says it: it was "cannot be read: a part of the path is not a folder", no advice."""
    (tmp_path / "notes.txt").write_text("not a folder", encoding="utf-8")
    path = tmp_path / "notes.txt" / "photo.jpg"
    err = refused(capsys, station, "evidence", "add", CASE, path, "--kind", "other")
    assert err == (f"Error: {path}: no such file (moved, renamed or deleted?): check where it is and choose it again; "
                   "nothing was stored.")


# files of the data directory --------------------------------------------------------------------------------------
@PIPES
@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_a_keyring_that_is_no_file_is_refused_saying_what_to_do(station, capsys, english, kind):
    keyring = station / "keyring.json"
    keyring.unlink(missing_ok=True)
    with contextlib.ExitStack() as stack:
        opened = stack.enter_context(pipe_at(keyring)) if kind == "pipe" else threading.Event()
        if kind == "folder":
            keyring.mkdir()
        err = refused(capsys, station, "stats")
        assert not opened.is_set()
    assert err == (
        f"Error: {keyring} is not a file but a folder, a pipe or a device: move it out of the data "
        "directory and restore the keyring from a backup of the data directory."
    )


@PIPES
def test_a_pipe_in_place_of_the_backup_settings_keeps_no_command_waiting(station, capsys, english):
    settings = station / "backup.json"
    settings.unlink(missing_ok=True)
    with pipe_at(settings) as opened:
        code, out, err = run(capsys, "--data-dir", station, "--json", "backup", "list")
        assert not opened.is_set()  # the settings are the defaults, as for a missing file
    assert (code, err) == (0, "") and out.strip() == "[]"


@PIPES
def test_a_pipe_in_the_calendar_folder_is_said_and_ignored(station, capsys, english):
    (station / "calendar").mkdir()
    pipe = station / "calendar" / "2027.toml"
    with pipe_at(pipe) as opened:
        code, out, err = run(capsys, "--data-dir", station, "calendar", "add-workdays", "2027-03-01", "1")
        assert not opened.is_set()
    assert (code, out) == (0, "2027-03-02\n")
    assert err.splitlines()[0] == (
        f"Warning: {pipe}: this is not a file but a folder, a pipe or a device: move it "
        "out of the calendar folder; the file was ignored until it is fixed."
    )


def test_screening_rules_not_in_utf8_are_refused_naming_their_line(station, capsys, english):
    rules = station / "screening" / "rules.toml"
    rules.parent.mkdir()
    rules.write_bytes(b"# rules\n# \xc6\xc1\xb1\xce\xb4\xca\n")  # a comment in GB18030
    before = counts(station)
    code, out, err = run(capsys, "--data-dir", station, "leads", "screen")
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {rules}, line 2: the text is not UTF-8 (saved as GB18030/ANSI or UTF-16?): save the file "
        "as UTF-8.\n"
    )
    assert counts(station) == before


def test_a_damaged_font_file_in_the_fonts_folder_is_named_by_the_fonts_command(station, capsys, english):
    font = station / "fonts" / "simfang.ttf"
    font.parent.mkdir()
    font.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)  # a picture saved under the font's name
    code, out, err = run(capsys, "--data-dir", station, "fonts")
    assert code == 0 and "FangSong" in out
    assert err.startswith(f"Warning: Font file {font} was skipped: it is damaged or not a TrueType font (")
    assert err.endswith("); replace it with a working copy or remove it.\n")


# files too large for what they are --------------------------------------------------------------------------------
def test_a_values_file_of_megabytes_is_refused_without_reading_it(station, tmp_path, capsys, english):
    values = tmp_path / "values.json"
    with values.open("wb") as fh:
        fh.truncate(17 << 20)  # 17 MB of zeros, never written (a sparse file): only its size is looked at
    err = refused(
        capsys,
        station,
        "docs",
        "render",
        CASE,
        "--form",
        "case_source_register",
        "--values",
        values,
        "--format",
        "pdf",
        "-o",
        tmp_path / "out.pdf",
    )
    assert err == (
        f"Error: {values} is larger than 16 MB, far more than the field values of a document: choose the "
        "JSON file of the values."
    )


def test_a_station_card_of_megabytes_is_no_card(station_and_hq_copy, capsys, english):
    card = station_and_hq_copy / "big.card"
    card.write_text('{"format": "workstation-station", "name": "' + "x" * (1 << 20) + '"}', encoding="utf-8")
    err = refused(capsys, station_and_hq_copy / "hq", "station", "trust", card)
    assert err == f"Error: {card} is not a station card: export one with `station export`."


# CSV files --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "command, header",
    [(["cases", "import"], HEADER), (["complaints", "import"], COMPLAINT_HEADER)],
    ids=["register", "complaints"],
)
@pytest.mark.parametrize("quote", ["", '"'], ids=["unquoted", "quoted"])
def test_a_csv_line_of_megabytes_is_refused_naming_its_row_before_it_is_read(
    station, tmp_path, capsys, english, command, header, quote
):
    """Its cell was refused by the csv module only once the whole line was in memory (50 MB of it took 400 MB)."""
    path = tmp_path / "export.csv"
    path.write_bytes((header + "\n").encode("utf-8") + quote.encode() + b"x" * (2 << 20))
    err = refused(capsys, station, *command, path)
    assert err == (
        f"Error: {path}, row 2: a line here goes on for more than 1 MB "
        "without a line break, so the file is damaged or not a CSV file: save or export it again as CSV and "
        "import the new file."
    )


def test_a_complaint_csv_in_gb18030_behind_a_utf8_byte_order_mark_is_read_as_gb18030(
    station, tmp_path, capsys
):
    """As the register import reads one: it was refused as mixing encodings in its first row."""
    path = tmp_path / "council.csv"
    path.write_bytes(b"\xef\xbb\xbf" + f"{COMPLAINT_HEADER}\n{COMPLAINT_ROW.format(n=1)}\n".encode("gb18030"))
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", path)
    assert code == 0, err
    db = open_db(station)
    try:
        texts = [
            r[0] for r in db.execute("SELECT text FROM complaints WHERE external_id = 'TS2026010000001'")
        ]
    finally:
        db.conn.close()
    assert texts == ["多收了276元，要求退还差价。"]


# workbooks --------------------------------------------------------------------------------------------------------
def test_a_complaint_workbook_whose_rows_are_on_its_second_sheet_says_which_sheet_is_read(
    station, tmp_path, capsys, english
):
    path = workbook(
        tmp_path / "council.xlsx",
        ("说明", [["导出说明：见第二页"]]),
        ("投诉", [COMPLAINT_HEADER.split(","), COMPLAINT_ROW.format(n=1).split(",")]),
    )
    err = refused(capsys, station, "complaints", "import", path)
    assert err.endswith(
        ". Only the first of the workbook's 2 sheets (说明、投诉) is read: put the sheet of the "
        "complaints first, save the workbook and import it again."
    )


def register_row(**changes) -> list:
    row = ROW.split(",")
    for column, value in changes.items():
        row[HEADER.split(",").index(column)] = value
    return row


@pytest.mark.parametrize(
    "column, code", [("罚款金额（元）", "#N/A"), ("当事人", "#REF!"), ("立案日期", "#VALUE!")]
)
def test_a_register_cell_showing_a_formula_error_is_refused_naming_row_and_column(
    station, tmp_path, capsys, english, column, code
):
    """Read as empty, a fine of #N/A was imported as no fine, a filing date of #VALUE! as none."""
    path = workbook(tmp_path / "register.xlsx", ("台账", [HEADER.split(","), register_row(**{column: code})]))
    err = refused(capsys, station, "cases", "import", path)
    assert err == (
        f"Error: {path}: 1 row refused, nothing imported: row 2, {column}: the cell shows the "
        f"spreadsheet error {code}, a formula without a value: correct the formula, or replace the formulas "
        "with their values (Paste Special > Values). Correct these rows and import again, or add "
        "--skip-invalid to import only the valid rows."
    )


def test_skip_invalid_leaves_out_only_the_rows_showing_a_formula_error(station, tmp_path, capsys):
    path = workbook(
        tmp_path / "register.xlsx",
        (
            "台账",
            [
                HEADER.split(","),
                register_row(**{"罚款金额（元）": "#N/A"}),
                register_row(
                    **{
                        "案件编号": "佛南市监立〔2026〕802号",
                        "统一社会信用代码": "914406041000000104",
                        "当事人": "佛山某某教育咨询有限公司",
                    }
                ),
            ],
        ),
    )
    code, out, err = run(capsys, "--data-dir", station, "--json", "cases", "import", path, "--skip-invalid")
    assert code == 0, err
    db = open_db(station)
    try:
        numbers = [r[0] for r in db.execute("SELECT case_number FROM cases WHERE case_number LIKE '%80_号'")]
    finally:
        db.conn.close()
    assert numbers == ["佛南市监立〔2026〕802号"]


@pytest.mark.parametrize(
    "column, code", [("投诉时间", "#VALUE!"), ("投诉内容", "#N/A"), ("联系电话", "#REF!")]
)
def test_a_complaint_cell_showing_a_formula_error_is_refused_naming_row_and_column(
    station, tmp_path, capsys, english, column, code
):
    header = COMPLAINT_HEADER.split(",")
    row = COMPLAINT_ROW.format(n=1).split(",")
    row[header.index(column)] = code
    path = workbook(tmp_path / "council.xlsx", ("投诉", [header, COMPLAINT_ROW.format(n=2).split(","), row]))
    err = refused(capsys, station, "complaints", "import", path)
    assert err == (
        f"Error: {path}, row 3, {column}: the cell shows the spreadsheet error {code}, a formula "
        "without a value: correct the formula, or replace the formulas with their values (Paste Special > "
        "Values). Then import the file again."
    )


def test_a_formula_error_in_a_column_no_field_reads_is_no_refusal(station, tmp_path, capsys):
    header = [*COMPLAINT_HEADER.split(","), "辅助列"]
    path = workbook(
        tmp_path / "council.xlsx", ("投诉", [header, [*COMPLAINT_ROW.format(n=1).split(","), "#N/A"]])
    )
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", path)
    assert code == 0, err
    assert counts(station)["complaints"] == 1


def test_the_data_is_unchanged_by_every_refusal_above(station, tmp_path, capsys, english):
    """The refusals compare the whole database (``refused``); this one compares its tables' row counts as well,
    for the import refused last in its file's rows (the third row of three)."""
    header = COMPLAINT_HEADER.split(",")
    rows = [COMPLAINT_ROW.format(n=n).split(",") for n in (1, 2, 3)]
    rows[2][header.index("投诉内容")] = "#N/A"
    path = workbook(tmp_path / "council.xlsx", ("投诉", [header, *rows]))
    before = counts(station), data_digest(station), tree(station)
    code, _out, _err = run(capsys, "--data-dir", station, "complaints", "import", path)
    assert code == 1
    assert (counts(station), data_digest(station), tree(station)) == before
