"""A complaint workbook of a month a sheet (10月, 11月) is imported whole: every sheet whose header is the first's,
its rows numbered as its sheet numbers them; a sheet with another header or none is named in the import's notes
(an empty one is passed over), a bad row of a later sheet is refused naming the sheet, and the import wizard counts
the rows of every sheet imported. Only the first sheet was imported, silently."""

import openpyxl
import pytest

from workstation.importing.complaints import import_complaints, read_header

HEADER = ["工单编号", "受理时间", "来电号码", "内容描述", "被反映对象"]


def row(n: int, at: str = "2026-10-05 09:00:00") -> list:
    return [f"GD{n:03d}", at, f"1380013{n:04d}", f"第{n}号工单：商品质量问题，要求退货。", "某超市"]


def workbook(path, *sheets: tuple[str, list[list]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for cells in rows:
            sheet.append(cells)
    book.save(path)
    return path


def monthly(path, november=None):
    return workbook(path, ("10月", [["佛山市12345热线工单（10月）"], HEADER, row(1), row(2)]),
                    ("11月", november or [["佛山市12345热线工单（11月）"], HEADER, row(3), row(4), row(5)]),
                    ("说明", [["本表由12345热线导出，供各区局核对。"], ["导出人：张三"]]),
                    ("Sheet4", []))


def stored(db) -> list[tuple]:
    return db.execute("SELECT external_id, source_row FROM complaints ORDER BY external_id").fetchall()


def test_every_sheet_of_the_first_s_header_is_imported_and_the_others_are_named(db, tmp_path, english):
    path = monthly(tmp_path / "工单.xlsx")
    result = import_complaints(db, [path])
    [outcome] = result.files
    assert not outcome.refused and (outcome.rows, outcome.imported) == (5, 5)
    # each row where its sheet has it (the title and header above it)
    assert stored(db) == [("GD001", 3), ("GD002", 4), ("GD003", 3), ("GD004", 4), ("GD005", 5)]
    assert outcome.sheets_left_out == ["说明"]  # Sheet4 is empty: nothing of it left out
    assert outcome.sheets_note() == (
        "工单.xlsx: the sheet 说明 was not imported: its header row is not that of the first sheet (or it has none). "
        "If it holds complaints, save it as a file of its own and import that.")


def test_the_wizard_counts_the_rows_of_every_sheet_imported(db, tmp_path):
    assert read_header(db, monthly(tmp_path / "工单.xlsx"), partial=True).rows == 5


def test_a_workbook_of_one_sheet_names_nothing(db, tmp_path):
    path = workbook(tmp_path / "十月.xlsx", ("10月", [HEADER, row(1), row(2)]))
    [outcome] = import_complaints(db, [path]).files
    assert (outcome.imported, outcome.sheets_left_out, outcome.sheets_note()) == (2, [], "")


def test_a_bad_row_of_a_later_sheet_refuses_the_file_naming_the_sheet(db, tmp_path, english):
    path = monthly(tmp_path / "工单.xlsx", [HEADER, row(3), row(4, at="2026-11-31 10:00:00")])
    [outcome] = import_complaints(db, [path]).files
    assert outcome.refused.startswith("工单.xlsx: 1 row cannot be read; nothing was imported from this file. First: "
                                      "sheet 11月, row 3, 受理时间: ")
    assert outcome.errors[0]["sheet"] == "11月" and outcome.errors[0]["row"] == 3
    assert stored(db) == []


def test_a_formula_without_its_value_on_a_later_sheet_refuses_the_file_naming_the_sheet(db, tmp_path, english):
    path = monthly(tmp_path / "工单.xlsx", [HEADER, row(3)[:3] + ["=A2&\"推销电话\"", "某房产"]])
    [outcome] = import_complaints(db, [path]).files
    assert outcome.refused.startswith("工单.xlsx, sheet 11月, row 2, 内容描述: the cell holds a formula whose value "
                                      "was never saved")
    assert stored(db) == []


@pytest.mark.gui
def test_the_window_says_which_sheets_were_not_imported(db, tmp_path, make_window, prompts, english):
    page = make_window(db).leads_page
    page.run_import([str(monthly(tmp_path / "工单.xlsx"))])
    said = prompts.infos[0].splitlines()
    assert said[1].startswith("工单.xlsx (") and said[1].endswith("): 5 rows, 5 imported, 0 duplicates.")
    assert said[2].startswith("工单.xlsx: the sheet 说明 was not imported")


def test_the_command_line_names_the_sheets_left_out(data_dir, tmp_path, capsys, english):
    from tests.helpers import run, run_json

    path = monthly(tmp_path / "工单.xlsx")
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path)
    assert code == 0, err
    assert "工单.xlsx: the sheet 说明 was not imported" in out + err
    again = monthly(tmp_path / "工单2.xlsx", [HEADER, row(6)])
    [summary] = run_json(capsys, "--data-dir", data_dir, "complaints", "import", again)["files"]
    assert summary["sheets_left_out"] == ["说明"] and summary["imported"] == 1  # GD006: the others were here
