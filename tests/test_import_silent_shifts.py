"""Spreadsheets that imported wrong data with exit 0 (found by the importers audit), now read as the officer sees
them or refused naming the row: a hidden sheet before the visible one is passed over (both importers); a formula
whose value was never saved (a workbook written by openpyxl or Apache POI) is refused naming its cell, not read as
empty; a register's CSV line with one cell more than the file's lines (an amount's thousands separator unquoted) is
refused though the cell pushed past the header is empty. (A complaint export's lines with empty cells past the header
are still read: hotline exports write them, tests/test_complaints_import_same_rows.py.)"""

from __future__ import annotations

import openpyxl
import pytest

from tests.helpers import run, run_json

HEADER = ["案件编号", "当事人", "统一社会信用代码", "所属区", "行业领域", "案由", "违法行为", "立案日期", "办理状态",
          "涉案信息条数", "罚款金额（元）", "没收违法所得（元）", "备注"]


def case_row(n: int, fine="30000", records="100") -> list:
    return [f"佛南市监立〔2026〕{n}号", f"佛山市南海区测试{n}有限公司", "", "南海区", "房地产租售", f"测试案由{n}",
            "未经同意发送商业性信息", "2026-03-05", "已决定", records, fine, "0", ""]


def workbook(path, sheets: list[tuple[str, list[list], bool]]):
    """An .xlsx of ``sheets``: (title, rows, hidden)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows, hidden in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def stored(data_dir, sql: str):
    from tests.helpers import open_db

    db = open_db(data_dir)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.conn.close()


# ---- hidden sheets -----------------------------------------------------------------------------------------------
def test_a_register_s_hidden_sheet_before_the_visible_one_is_not_imported(db, data_dir, tmp_path, capsys):
    path = workbook(tmp_path / "台账.xlsx", [("旧台账", [HEADER, case_row(931, fine="99999")], True),
                                             ("台账", [HEADER, case_row(932)], False)])
    result = run_json(capsys, "--data-dir", data_dir, "cases", "import", path)
    assert result["imported"] == 1
    assert stored(data_dir, "SELECT case_number, fine_fen FROM cases") == [("佛南市监立〔2026〕932号", 3_000_000)]


COMPLAINT_HEADER = ["投诉编号", "投诉时间", "联系电话", "投诉内容"]


def test_a_complaint_export_s_hidden_sheet_before_the_visible_one_is_not_imported(db, data_dir, tmp_path, capsys):
    path = workbook(tmp_path / "投诉.xlsx", [
        ("上月", [COMPLAINT_HEADER, ["AUD-0201", "2026-02-05 10:00:00", "13900139001", "上月的骚扰电话"]], True),
        ("本月", [COMPLAINT_HEADER, ["AUD-0301", "2026-03-05 10:00:00", "13900139002", "本月的骚扰电话"]], False)])
    result = run_json(capsys, "--data-dir", data_dir, "complaints", "import", path, "--profile", "consumer_council")
    assert result["imported"] == 1
    assert stored(data_dir, "SELECT external_id FROM complaints") == [("AUD-0301",)]


# ---- formulas never calculated -----------------------------------------------------------------------------------
def test_a_register_fine_written_as_a_formula_never_calculated_is_refused_naming_the_cell(db, data_dir, tmp_path,
                                                                                          capsys, english):
    path = workbook(tmp_path / "台账.xlsx", [("台账", [HEADER, case_row(941, fine="=10000*3")], False)])
    code, out, err = run(capsys, "--data-dir", data_dir, "--json", "cases", "import", path)
    assert code == 1
    assert "the cell holds a formula whose value was never saved" in out + err
    assert "罚款金额" in out + err
    assert stored(data_dir, "SELECT COUNT(*) FROM cases") == [(0,)]


def test_a_complaint_time_written_as_a_formula_never_calculated_is_refused(db, data_dir, tmp_path, capsys, english):
    path = workbook(tmp_path / "投诉.xlsx", [("本月", [
        COMPLAINT_HEADER, ["AUD-0401", "=DATE(2026,3,5)", "13900139003", "又是骚扰电话"]], False)])
    code, _out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path, "--profile",
                          "consumer_council")
    assert code == 1
    assert "row 2, 投诉时间: the cell holds a formula whose value was never saved" in err
    assert stored(data_dir, "SELECT COUNT(*) FROM complaints") == [(0,)]


def test_formulas_with_their_values_saved_and_an_empty_text_result_are_read(tmp_path):
    from workstation.importing.cell_errors import UNCALCULATED, _scan

    saved = (b'<sheetData><row r="2"><c r="K2"><f>10000*3</f><v>30000</v></c>'
             b'<c r="L2" t="str"><f>""</f><v></v></c><c r="M2"><f>1+1</f><v></v></c></row></sheetData>')
    import io

    assert _scan(io.BytesIO(saved)) == {(1, 12): UNCALCULATED}  # only M2: K2 has its value, L2 an empty text


# ---- a CSV line one cell longer ------------------------------------------------------------------------------------
@pytest.mark.parametrize("header", [HEADER, HEADER[:-1]])
def test_a_register_line_with_an_unquoted_thousands_separator_is_refused(db, data_dir, tmp_path, capsys, english,
                                                                         header):
    good = ",".join(case_row(960)[:len(header)])
    shifted = ",".join(case_row(961, fine="30,000")[:len(header)])  # its last cell empty, pushed past the header
    path = tmp_path / "台账.csv"
    path.write_text("\n".join([",".join(header), good, shifted]) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "--json", "cases", "import", path)
    assert code == 1
    assert "罚款金额" in out + err and "thousands separator" in out + err  # the amount's column named (s43)
    assert stored(data_dir, "SELECT COUNT(*) FROM cases") == [(0,)]


def test_a_register_exported_with_a_trailing_comma_on_every_line_is_read(db, data_dir, tmp_path, capsys):
    lines = [",".join(HEADER[:-1]), *(",".join(case_row(n)[:-1]) + "," for n in (970, 971))]
    path = tmp_path / "台账.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_json(capsys, "--data-dir", data_dir, "cases", "import", path)["imported"] == 2


# ---- a group header over the party's name and code ---------------------------------------------------------------
def test_a_party_group_over_its_name_and_code_keeps_the_code(db, data_dir, tmp_path, capsys):
    """当事人 merged over 名称 | 统一社会信用代码, the other headers merged down over both rows: the code column was lost
    (and with --skip-invalid the cases imported without their codes, the column not even listed as not imported)."""
    top = ["案件编号", "当事人", None, *HEADER[3:-1]]
    below = [None, "名称", "统一社会信用代码", *([None] * (len(HEADER) - 4))]
    row = case_row(950)[:-1]
    row[2] = "91440605MA4UJ8TK17"
    book = openpyxl.Workbook()
    sheet = book.active
    for line in (top, below, row):
        sheet.append(line)
    sheet.merge_cells("B1:C1")
    for column in [1, *range(4, len(HEADER))]:
        sheet.merge_cells(start_row=1, start_column=column, end_row=2, end_column=column)
    book.save(tmp_path / "台账.xlsx")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "import", tmp_path / "台账.xlsx")
    assert (result["imported"], result["errors"]) == (1, [])
    assert stored(data_dir, "SELECT name, uscc FROM parties") == [("佛山市南海区测试950有限公司", "91440605MA4UJ8TK17")]
