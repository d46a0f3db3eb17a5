"""Two regressions of reading a CSV file, each through the entry point an officer uses: a register whose every data
row ends in a comma the header line does not (each row a cell longer than the header, that cell empty) reads a fine
of three digits before a confiscation of three (200 | 300), or a count of three digits before a fine of three, as
the values they are — it was refused as one amount split by a thousands separator (200,300), which no quoting could
help — while a row longer than the file's own rows is still refused as split; and a comma export with one
complaint whose unquoted text holds more semicolons than the line holds commas is read as the comma file it is (it
was taken for a semicolon file and refused as having no header), as a semicolon export whose complaints hold more
commas than its lines hold semicolons is read by its semicolons: the delimiter is the one splitting the lines."""

from __future__ import annotations

import csv
import json

from tests.helpers import run
from tests.test_register_import import GOOD, HEADER, USCC_A, USCC_B, USCC_C, write_csv
from tests.test_s43_badfile_csv_ends import COMPLAINT_HEADER, complaint_rows

RECORDS = HEADER.index("涉案信息条数")

# --- 1. a register whose data rows end in a comma ----------------------------------------------------------------


def _rows(*numbers: tuple[str, str, str]) -> list[list[str]]:
    """Rows of 南海 whose 涉案信息条数, 罚款金额 and 没收违法所得 are ``numbers``, each row ending in an empty cell
    past the header (a comma at the end of every data line)."""
    rows = []
    for n, (records, fine, confiscated) in enumerate(numbers):
        row = list(GOOD[0])
        row[0], row[1] = f"佛南市监立〔2026〕{750 + n}号", f"佛山市南海区测试{750 + n}号公司"
        row[2] = (USCC_A, USCC_B, USCC_C)[n]
        rows.append([*row[:RECORDS], records, fine, confiscated, ""])
    return rows


def _imported(capsys, db, data_dir, path) -> list[tuple]:
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path, "--json")
    assert code == 0, err
    assert json.loads(out)["imported"] == 3
    return db.execute("SELECT case_number, records_other, fine_fen, confiscated_fen FROM cases "
                      "ORDER BY case_number").fetchall()


def test_a_fine_of_three_digits_before_a_confiscation_of_three_in_rows_ending_in_a_comma_is_read(
        db, data_dir, tmp_path, capsys, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, *_rows(("3,200", "5000", "1200"), ("3,200", "200", "300"),
                                                                ("3,200", "3000", ""))])
    assert _imported(capsys, db, data_dir, path)[1] == ("佛南市监立〔2026〕751号", 3200, 20_000, 30_000)


def test_a_count_of_three_digits_before_a_fine_of_three_in_rows_ending_in_a_comma_is_read(
        db, data_dir, tmp_path, capsys, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, *_rows(("1200", "5000", ""), ("472", "500", ""),
                                                                ("35", "3000", "1500"))])
    assert _imported(capsys, db, data_dir, path)[1] == ("佛南市监立〔2026〕751号", 472, 50_000, 0)


def test_an_amount_split_in_a_row_longer_than_the_rows_ending_in_a_comma_is_still_refused(
        db, data_dir, tmp_path, capsys, table_counts, english):
    rows = _rows(("3,200", "5000", "1200"), ("3,200", "12", "345"), ("3,200", "3000", ""))
    rows[1][RECORDS + 3:RECORDS + 3] = ["300"]  # 12,345 unquoted and a confiscation of 300: a cell more than the rest
    path = write_csv(tmp_path / "台账.csv", [HEADER, *rows])
    before = table_counts(db)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path)
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: {path}: 1 row refused, nothing imported: row 3, 罚款金额: 12 and the 345 in the "
                          "cell after it are one amount split by a thousands separator not quoted (12,345)")
    assert table_counts(db) == before


# --- 2. a comma export whose one complaint holds many semicolons --------------------------------------------------


def test_a_comma_export_whose_complaint_holds_more_semicolons_than_commas_is_read_as_a_comma_file(
        db, data_dir, tmp_path, capsys, english):
    row = complaint_rows(1)[0]
    row[5] = "反映以下问题;" + ";".join(f"{i}.商家虚假宣传" for i in range(1, 12))
    row[6] = "佛山A店;佛山B店;佛山C店;佛山D店;佛山E店;佛山F店"  # 16 semicolons unquoted, 7 commas
    path = tmp_path / "工单.csv"
    path.write_text("\r\n".join(",".join(r) for r in [COMPLAINT_HEADER, row]) + "\r\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path)
    assert code == 0, err
    assert "工单.csv (12345热线工单): 1 rows, 1 imported, 0 duplicates." in out
    (text,) = db.execute("SELECT text FROM complaints WHERE external_id = 'SEMI-0000'").fetchone()
    assert text == row[5]


def test_a_semicolon_export_whose_complaints_hold_more_commas_than_semicolons_is_still_read_by_its_semicolons(
        db, data_dir, tmp_path, capsys, english):
    rows = complaint_rows()
    for row in rows:
        row[5] = ",".join(["接到电话", "推销楼盘", "每天", "多次", "骚扰", "已拒绝", "仍来电", "周末", "夜间", "要求处理",
                           "核实", "回复", "谢谢"])  # 12 commas a line, 7 semicolons
    path = tmp_path / "工单.csv"
    path.write_text("\r\n".join(";".join(r) for r in [COMPLAINT_HEADER, *rows]) + "\r\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path)
    assert code == 0, err
    assert "工单.csv (12345热线工单): 3 rows, 3 imported, 0 duplicates." in out
    (text,) = db.execute("SELECT text FROM complaints WHERE external_id = 'SEMI-0001'").fetchone()
    assert text == rows[1][5]


def test_a_comma_export_whose_quoted_complaints_run_over_lines_of_semicolons_is_read_as_a_comma_file(
        db, data_dir, tmp_path, capsys, english):
    """Each line of a quoted complaint read as a semicolon row outnumbered the comma rows; those rows leave a
    quotation mark astray, which a row of the right delimiter does not."""
    rows = complaint_rows(4)
    for row in rows:
        row[5] = "\n".join(f"第{n}次;推销楼盘;骚扰" for n in range(1, 6))  # five lines, two semicolons each
    path = tmp_path / "工单.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([COMPLAINT_HEADER, *rows])
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path)
    assert code == 0, err
    assert "工单.csv (12345热线工单): 4 rows, 4 imported, 0 duplicates." in out
    (text,) = db.execute("SELECT text FROM complaints WHERE external_id = 'SEMI-0000'").fetchone()
    assert text == rows[0][5]
