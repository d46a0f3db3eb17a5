"""Three edges of reading a CSV file, each through the entry point an officer uses: a register whose count of
records (涉案信息条数) is written 1,200 unquoted in most rows (every row one cell longer, the values after it shifted
a column right) is refused naming the column, as a split amount is; a complaint export whose DOS end-of-file mark
(Ctrl-Z) follows its last value with no line break is imported without a word about control characters; and the
evidence count finds a CSV file's delimiter as the importers do (a semicolon file whose rows are not all as long),
a DOS end mark after its last number no part of that number."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run
from tests.test_evidence11 import IDS
from tests.test_register_import import GOOD, HEADER, USCC_A, USCC_B, USCC_C, write_csv
from tests.test_s43_badfile_csv_ends import COMPLAINT_HEADER, complaint_rows
from workstation.store.evidence import add_evidence

RECORDS = HEADER.index("涉案信息条数")

# --- 1. a count split by an unquoted thousands separator in most rows of a register --------------------------------


def _count_split_rows(confiscated: str) -> list[list[str]]:
    """Three rows of 南海 whose 涉案信息条数 is 1,200 written unquoted: 1 under its column, 200 under 罚款金额, the
    fine under 没收违法所得 and the confiscation one cell past the header."""
    rows = []
    for number, code in zip((750, 751, 752), (USCC_A, USCC_B, USCC_C), strict=True):
        row = list(GOOD[0])
        row[0], row[1], row[2] = f"佛南市监立〔2026〕{number}号", f"佛山市南海区测试{number}号公司", code
        rows.append([*row[:RECORDS], "1", "200", "5000", confiscated])
    return rows


COUNT_SPLIT = ("涉案信息条数: 1 and the 200 in the cell after it are one count split by a thousands separator not "
               "quoted (1,200), so the values after it would be read under the wrong columns: quote the count "
               "(\"1,200\") or write it without separators, or save the register as .xlsx, then import it again")


@pytest.mark.parametrize("confiscated", ["", "300"], ids=["last cell empty", "last cell filled"])
def test_a_count_split_in_most_rows_of_a_register_is_refused_naming_the_column(db, data_dir, tmp_path, capsys,
                                                                               table_counts, english, confiscated):
    """The last cell empty: imported before as 1 record, a fine of ¥200 and a confiscation of ¥5,000; filled:
    refused naming only the number of cells."""
    path = write_csv(tmp_path / "台账.csv", [HEADER, *_count_split_rows(confiscated)])
    before = table_counts(db)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path)
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: {path}: 3 rows refused, nothing imported: row 2, {COUNT_SPLIT}; row 3, "
                          f"{COUNT_SPLIT}; row 4, {COUNT_SPLIT}.")
    assert table_counts(db) == before


def test_a_fine_split_after_a_count_of_three_digits_is_named_as_the_fine(db, data_dir, tmp_path, capsys, english):
    """472 | 500 | 000: the 000 says the fine of 500,000 was split, not a count of 472,500."""
    rows = _count_split_rows("")
    rows[0][RECORDS:] = ["472", "500", "000", ""]
    rows[1][RECORDS:], rows[2][RECORDS:] = ["472", "5000", ""], ["472", "5000", ""]
    path = write_csv(tmp_path / "台账.csv", [HEADER, *rows])
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path)
    assert code == 1
    assert err.startswith(f"Error: {path}: 1 row refused, nothing imported: row 2, 罚款金额: 500 and the 000 in the "
                          "cell after it are one amount split by a thousands separator not quoted (500,000)")


def test_a_count_of_three_digits_before_a_fine_in_rows_as_long_as_the_header_is_read(db, data_dir, tmp_path, capsys):
    rows = _count_split_rows("")
    for row in rows:
        row[RECORDS:] = ["472", "500", ""]  # 472 records, a fine of ¥500: no cell past the header
    path = write_csv(tmp_path / "台账.csv", [HEADER, *rows])
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path, "--json")
    assert code == 0, err
    assert json.loads(out)["imported"] == 3
    assert db.execute("SELECT DISTINCT records_other, fine_fen FROM cases").fetchall() == [(472, 50_000)]


# --- 2. a DOS end-of-file mark right after a complaint export's last value ---------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("ending", ["\x1a", "\x1a\x1a", "\x1a\r\n"], ids=["mark", "two marks", "mark, line break"])
def test_a_complaint_export_ending_in_a_dos_mark_after_its_last_value_is_imported_without_a_note(
        db, data_dir, tmp_path, capsys, english, encoding, ending):
    path = tmp_path / "工单.csv"
    lines = [",".join(row) for row in [COMPLAINT_HEADER, *complaint_rows()]]
    path.write_bytes(("\r\n".join(lines) + ending).encode(encoding))
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path)
    assert code == 0, err
    assert "工单.csv (12345热线工单): 3 rows, 3 imported, 0 duplicates." in out
    assert "control characters" not in out + err
    (raw,) = db.execute("SELECT raw FROM complaints WHERE external_id = 'SEMI-0002'").fetchone()
    assert json.loads(raw)["办理状态"] == "已办结"


def test_a_complaint_export_whose_short_last_row_ends_in_a_dos_mark_is_not_called_cut_off(db, data_dir, tmp_path,
                                                                                          capsys, english):
    """The mark is written once the file is whole: a last row without its trailing empty cells is no export cut
    short."""
    rows = complaint_rows()
    rows[-1][-1] = ""
    path = tmp_path / "工单.csv"
    path.write_text("\r\n".join(",".join(row).rstrip(",") for row in [COMPLAINT_HEADER, *rows]) + "\x1a",
                    encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path)
    assert code == 0, err
    assert "3 rows, 3 imported" in out and "cut short" not in out + err


# --- 3. the evidence count's delimiter, and a DOS end mark after its last number ---------------------------------


def _counted(capsys, db, data_dir, make_case, path) -> dict:
    case = make_case()
    add_evidence(db, data_dir, case.id, path, kind="customer_list", collected_on="2026-03-10")
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "count", case.id, "1", "--category", "other",
                         "--json")
    assert code == 0, err
    return json.loads(out)


def test_a_semicolon_file_whose_rows_differ_in_length_is_counted(db, data_dir, make_case, tmp_path, capsys):
    """An address left off every other row: the sniffer of the csv module found no delimiter there and read each
    line as one cell, and the count was refused for want of a column of numbers."""
    rows = [["姓名", "手机号码", "身份证号码", "地址"]]
    rows += [[f"张{i}", f"1380000000{i}", IDS[i], *([f"桂城{i}号"] if i % 2 else [])] for i in range(6)]
    path = tmp_path / "客户名单.csv"
    path.write_text("\r\n".join(";".join(row) for row in rows) + "\r\n", encoding="utf-8")
    counted = _counted(capsys, db, data_dir, make_case, path)
    assert (counted["distinct"], counted["case_records"]["other"], counted["malformed"]) == (6, 6, [])


def test_a_dos_end_mark_after_the_last_number_leaves_it_a_record(db, data_dir, make_case, tmp_path, capsys):
    path = tmp_path / "名单.csv"
    path.write_bytes("手机\r\n13800000001\r\n13800000002\x1a".encode())
    counted = _counted(capsys, db, data_dir, make_case, path)
    assert (counted["distinct"], counted["malformed"]) == (2, [])
