"""The register importer and the database opening as an officer meets them with real files: an ID number in the
统一社会信用代码 column, numbers Excel cut short, misplaced thousands separators, a CSV of mixed encodings, a
file that cannot be read, another program's SQLite file and a backup that cannot be written before migrating."""

import csv
import hashlib
import io
import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import run, run_json
from tests.test_register_import import GOOD, HEADER, NOT_IN_CALENDAR, register_rows, write_csv, write_xlsx
from workstation.db import open_database, schema, schema_names
from workstation.db.connection import applied_schema
from workstation.errors import DatabaseError, ImportRefused
from workstation.importing.register import import_register
from workstation.paths import backups_dir, database_path
from workstation.store import find_case, get_party
from workstation.validators import parse_count, parse_money_fen

PERSON = ["佛禅市监立〔2026〕201号", "朱子轩", "11010519491231002x", "禅城区", "其他", "涉嫌非法出售消费者个人信息案",
          "非法提供或泄露个人信息", "2026-03-08", "已移送公安", "18176", "0", ""]
USCC_HEADER = [h if h != "统一社会信用代码（或身份证号码）" else "统一社会信用代码" for h in HEADER]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def register_file(tmp_path):
    def make(rows=GOOD, kind="xlsx", encoding="utf-8"):
        lines = register_rows(rows, total=False)
        if kind == "xlsx":
            return write_xlsx(tmp_path / "台账.xlsx", lines)
        return write_csv(tmp_path / "台账.csv", lines, encoding)

    return make


def test_an_id_number_in_the_uscc_column_is_imported_as_a_person(db, tmp_path):
    path = write_csv(tmp_path / "台账.csv", [USCC_HEADER, GOOD[0], PERSON])
    result = import_register(db, path)
    assert (result.imported, result.errors) == (2, [])
    person = get_party(db, find_case(db, PERSON[0]).party_ids[0])
    assert (person.kind, person.id_number, person.uscc) == ("person", "11010519491231002X", "")


def test_an_id_number_with_a_wrong_check_digit_in_the_uscc_column_is_reported_as_an_id_number(
        db, tmp_path, table_counts, english):
    bad = [*PERSON[:2], "110105194912310021", *PERSON[3:]]
    path = write_csv(tmp_path / "台账.csv", [USCC_HEADER, bad])
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert refused.value.errors == [{"row": 2, "field": "统一社会信用代码", "message":
                                     "The check digit of ID number 1101**********0021 is wrong: compare it with the "
                                     "ID card and correct the digit mistyped."}]
    assert table_counts(db) == before


def test_an_id_number_excel_stored_as_a_number_is_refused_with_the_reason(db, tmp_path, table_counts, english):
    lines = register_rows([GOOD[0], [*PERSON[:2], 110105194912310029, *PERSON[3:]]], total=False)
    path = write_xlsx(tmp_path / "台账.xlsx", lines)
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    [error] = refused.value.errors
    assert (error["row"], error["field"]) == (5, "统一社会信用代码（或身份证号码）")
    assert "stored in the spreadsheet as a number" in error["message"]
    assert "format the column as text" in error["message"]
    assert table_counts(db) == before


@pytest.mark.parametrize("text", ["12,34", "1,2,3", "1,23.50", "12,3456"])
def test_misplaced_thousands_separators_are_not_taken_for_an_amount(text, english):
    with pytest.raises(ValueError, match="thousands separators go between groups of three digits"):
        parse_money_fen(text)


@pytest.mark.parametrize(("text", "fen"), [("1,234.50", 123450), ("12,345,678", 1234567800), ("-0", 0),
                                           ("１，２３４.５０", 123450), ("¥1,234元", 123400)])
def test_thousands_separators_in_their_place_are_understood(text, fen):
    assert parse_money_fen(text) == fen


def test_a_count_with_misplaced_separators_is_refused(english):
    assert parse_count("18,176") == 18176
    with pytest.raises(ValueError, match="not a whole number"):
        parse_count("181,76")


def test_a_register_with_a_misplaced_separator_reports_the_row_and_field(db, register_file, table_counts,
                                                                           english):
    rows = [GOOD[0], [*GOOD[1][:10], "50,00", ""]]
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, register_file(rows))
    assert [(e["row"], e["field"]) for e in refused.value.errors] == [(5, "罚款金额")]
    assert table_counts(db) == before


def test_an_amount_computed_by_a_formula_is_read_to_the_fen(db, tmp_path):
    assert parse_money_fen(0.1 + 0.2) == 30
    assert parse_money_fen(1234.5 * 3) == 370350
    row = [*GOOD[0][:10], 0.1 + 0.2, 1.1 * 3]
    path = write_xlsx(tmp_path / "台账.xlsx", register_rows([row], total=False))
    assert import_register(db, path).imported == 1
    case = find_case(db, GOOD[0][0])
    assert (case.fine_fen, case.confiscated_fen) == (30, 330)


def test_a_utf8_register_with_a_gb18030_row_is_refused_naming_the_row_when_the_encoding_is_guessed(
        db, tmp_path, table_counts, english):
    head, tail = io.StringIO(), io.StringIO()
    csv.writer(head, lineterminator="\r\n").writerows([HEADER, GOOD[0], GOOD[1]])
    csv.writer(tail, lineterminator="\r\n").writerows([GOOD[2], GOOD[3]])
    path = tmp_path / "拼接.csv"
    path.write_bytes(head.getvalue().encode("utf-8") + tail.getvalue().encode("gb18030"))
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert str(refused.value) == ("拼接.csv, row 4: this row is not UTF-8 like the rows before it (the file mixes "
                                  "encodings): save the whole file again as UTF-8 CSV.")
    assert table_counts(db) == before


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_a_register_in_one_encoding_is_still_read_when_guessed(db, register_file, encoding):
    assert import_register(db, register_file(kind="csv", encoding=encoding)).imported == 4


def test_a_register_that_cannot_be_read_is_refused_with_the_reason(db, register_file, table_counts, monkeypatch,
                                                                    english):
    path = register_file(kind="csv")

    opening = Path.open

    def denied(self, *args, **kwargs):  # this register only: the catalogue, read again when the language is
        if self == path:  # restored, stays readable
            raise PermissionError(13, "Permission denied", str(self))
        return opening(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    before = table_counts(db)
    with pytest.raises(ImportRefused, match=r"^台账.csv cannot be read \(permission denied\): close it"):
        import_register(db, path)
    assert table_counts(db) == before


def test_an_sqlite_file_of_another_program_is_refused_without_change(data_dir, english):
    path = database_path(data_dir)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE cases (a, b)")
    conn.execute("INSERT INTO cases VALUES (1, 2)")
    conn.commit()
    conn.close()
    before = sha256(path)
    with pytest.raises(DatabaseError) as refused:
        open_database(path)
    assert str(refused.value) == (f"{path} is an SQLite database of another program, not a workstation database: "
                                  "move it away or choose another data directory.")
    assert sha256(path) == before
    assert sorted(p.name for p in data_dir.iterdir()) == [path.name]


def test_a_database_is_not_migrated_when_its_backup_cannot_be_written(data_dir, demo_db, monkeypatch, english):
    path = database_path(data_dir)  # a database holding data (one holding none is migrated without a copy)
    demo_db.conn.close()
    backups_dir(data_dir).write_text("a file where the backups folder belongs")
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_next", lambda database: database.execute(
        "ALTER TABLE cases ADD COLUMN priority INTEGER"))])
    with pytest.raises(DatabaseError) as refused:
        open_database(path)
    message = str(refused.value)
    assert message.startswith(f"{path} was not updated to this version: its backup copy could not be written in "
                              f"{backups_dir(data_dir)}")
    assert "\n" not in message
    monkeypatch.undo()
    reopened = open_database(path)
    try:
        assert applied_schema(reopened) == schema_names()
        assert "priority" not in [c.name for c in reopened["cases"].columns]
    finally:
        reopened.conn.close()


def test_the_command_line_refuses_each_bad_register_in_one_line_and_changes_nothing(data_dir, tmp_path, capsys,
                                                                                      english):
    assert run(capsys, "--data-dir", data_dir, "init", "--plaintext")[0] == 0
    good = write_csv(tmp_path / "好.csv", [HEADER, GOOD[0]])
    assert run(capsys, "--data-dir", data_dir, "cases", "import", good)[0] == 0
    conn = sqlite3.connect(database_path(data_dir))
    counts = lambda: [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # noqa: E731
                      for t in ("cases", "parties", "case_events", "audit")]
    before = counts()
    bad = [*PERSON[:2], "110105194912310021", *PERSON[3:]]
    files = {
        "身份证.csv": [USCC_HEADER, bad],
        "金额.csv": [HEADER, [*GOOD[1][:10], "12,34", ""]],
        "日期.csv": [HEADER, [*GOOD[1][:7], "2026-02-30", *GOOD[1][8:]]],
    }
    for name, lines in files.items():
        code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", write_csv(tmp_path / name, lines))
        assert code == 1 and out == ""
        assert err.count("\n") == 1 and name in err and "row 2" in err and "Traceback" not in err
    assert counts() == before
    conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "audit", "verify", "--json")
    assert code == 0 and '"valid": true' in out


# refusals name every bad row; the rows read and the columns not imported are reported -------------------------

def bad_dates(count):
    """``count`` rows whose 立案日期 is not a date, each with a case number of its own."""
    return [[f"佛南市监立〔2026〕{300 + i}号", *GOOD[1][1:7], "2026-02-30", *GOOD[1][8:]] for i in range(count)]


def test_a_refused_register_names_every_bad_row_and_field_in_one_line(db, tmp_path, table_counts, english):
    rows = bad_dates(2)
    rows.insert(1, [*GOOD[0][:2], "91440605MA4UX00010", *GOOD[0][3:]])
    path = write_csv(tmp_path / "台账.csv", [HEADER, GOOD[2], *rows])
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert str(refused.value) == (
        f"台账.csv: 3 rows refused, nothing imported: row 3, 立案日期: {NOT_IN_CALENDAR}; "
        f"row 4, 统一社会信用代码（或身份证号码）: {refused.value.errors[1]['message'].rstrip('.')}; "
        f"row 5, 立案日期: {NOT_IN_CALENDAR}. Correct these rows and import again, or add --skip-invalid to import "
        "only the valid rows.")
    assert (refused.value.rows, len(refused.value.errors)) == (4, 3)
    assert table_counts(db) == before


def test_a_refused_register_names_twenty_rows_then_how_many_more(data_dir, tmp_path, capsys, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, *bad_dates(23)])
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path)
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: {path}: 23 rows refused, nothing imported: row 2, 立案日期: ")  # named as typed
    assert err.endswith(f"; row 21, 立案日期: {NOT_IN_CALENDAR} … and 3 more (--json lists them all). Correct these "
                        "rows and import again, or add --skip-invalid to import only the valid rows.\n")
    assert err.count("\n") == 1 and err.count("立案日期") == 20
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path, "--json")
    result = json.loads(out)
    assert code == 1 and (result["rows"], result["imported"], len(result["errors"])) == (23, 0, 23)


def test_the_json_of_a_refused_register_gives_the_rows_read(data_dir, tmp_path, capsys, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, GOOD[0], GOOD[2], *bad_dates(1)])
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path, "--json")
    assert code == 1 and err.count("\n") == 1
    result = json.loads(out)
    assert (result["rows"], result["imported"], result["skipped"]) == (3, 0, 0)
    assert [(e["row"], e["field"]) for e in result["errors"]] == [(4, "立案日期")]


def test_columns_the_register_does_not_read_are_reported(db, data_dir, tmp_path, capsys, english):
    header = ["序号", *HEADER, "备注\n（其他）", "罚没合计（元）"]
    path = write_csv(tmp_path / "台账.csv", [header, ["1", *GOOD[0], "已缴", "190,234.50"]])
    result = import_register(db, path, dry_run=True)
    assert (result.imported, result.ignored_columns) == (1, ["序号", "备注 （其他）", "罚没合计（元）"])
    assert result.as_dict()["ignored_columns"] == ["序号", "备注 （其他）", "罚没合计（元）"]
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path)
    assert code == 0
    assert out.splitlines()[0] == ("1 row: 1 imported, 0 skipped as stored already, 0 with errors not imported. "
                                   "Columns not imported: 序号、备注 （其他）、罚没合计（元）.")
    assert run_json(capsys, "--data-dir", data_dir, "cases", "import", path)["ignored_columns"] == [
        "序号", "备注 （其他）", "罚没合计（元）"]


LOSSY = [
    ("罚款金额（万元）", "罚款金额", "amounts would be imported as 0: give them in yuan (元) under the header 罚款金额（元）"),
    ("罚没金额", "罚款金额", "under the headers 罚款金额（元）、没收违法所得（元）"),
    ("违法所得（元）", "没收违法所得（元）", "under the header 没收违法所得（元）"),
    ("涉案条数", "涉案信息条数", "counts would be lost: give the number of records under the header 涉案信息条数"),
]


@pytest.mark.parametrize(("header", "replaces", "hint"), LOSSY, ids=[h for h, _r, _m in LOSSY])
def test_an_amount_or_count_column_in_another_unit_or_wording_is_refused(db, tmp_path, table_counts, header,
                                                                          replaces, hint, english):
    path = write_csv(tmp_path / "台账.csv", [[header if h == replaces else h for h in HEADER], GOOD[0]])
    before = table_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path, skip_invalid=True)
    message = str(refused.value)
    assert message.startswith(f"台账.csv: nothing was imported: column {header} is not read, so its ")
    assert hint in message and "\n" not in message
    assert table_counts(db) == before


def test_the_command_line_refuses_a_register_of_ten_thousands_of_yuan_in_one_line(data_dir, tmp_path, capsys,
                                                                                 english):
    path = write_csv(tmp_path / "台账.csv", [[h.replace("罚款金额", "罚款金额（万元）") for h in HEADER], GOOD[0]])
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path, "--dry-run")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "罚款金额（万元）" in err and "罚款金额（元）" in err


@pytest.mark.gui
def test_the_window_lists_every_refused_row_and_the_columns_not_imported(make_window, db, tmp_path, prompts,
                                                                        english):
    window = make_window(db)
    window.import_register(str(write_csv(tmp_path / "台账.csv", [HEADER, *bad_dates(12)])))
    # not one valid row: refused, every row in the message's details, importing the valid rows alone not offered
    assert prompts.confirmations == []
    assert prompts.errors[0].startswith("台账.csv: 12 rows refused, nothing imported. Not one row")
    assert prompts.details[0].splitlines() == [f"row {n}, 立案日期: {NOT_IN_CALENDAR}." for n in range(2, 14)]
    prompts.confirm_answer = True  # the import's preview (its counts): Yes
    window.import_register(str(write_csv(tmp_path / "备注.csv", [[*HEADER, "备注"], [*GOOD[0], "已缴"]])))
    assert prompts.infos == ["1 case imported, 0 skipped. Columns not imported: 备注."]
