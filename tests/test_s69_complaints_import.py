"""Complaint import, audit round 69: a work-order number a workbook stores as a number of more digits than Excel keeps
refuses the file (it was stored with its last digits changed: wrong ids, missed duplicates, false conflicts); a
signature or note line of two cells below the table (制表人：… | 审核人：…) is left out like a total row; a rightly quoted
complaint text of 150,000 characters in a CSV is read; the same file given twice in one import is said so."""

import csv
import os
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import open_db, run
from workstation.errors import ImportRefused
from workstation.importing.complaints import import_complaints, read_header

HOTLINE = ["工单编号", "受理时间", "来电号码", "内容描述"]


@pytest.fixture
def station(cli_station, tmp_path):
    return cli_station(tmp_path / "station")


def workbook(path, rows, header=HOTLINE):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path, rows, header=HOTLINE):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)
    return path


def stored(station) -> list[tuple]:
    db = open_db(station)
    try:
        return db.execute("SELECT external_id, text FROM complaints ORDER BY external_id").fetchall()
    finally:
        db.conn.close()


# 1. work-order numbers stored as numbers ---------------------------------------------------------------------------
BIG = [[202603050000123457, "2026-03-05 10:00", "13800138201", "推销电话骚扰，号码13911115555"],
       [202603050000123999, "2026-03-06 10:00", "13800138202", "短信轰炸，号码13911116666 某贷款公司"]]


def test_an_18_digit_work_order_number_stored_as_a_number_refuses_the_file(station, tmp_path, capsys, english):
    path = workbook(tmp_path / "bigid1.xlsx", BIG)
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", path)
    assert code == 1
    assert "row 2" in err and "cell A2" in err and "工单编号" in err and "set that column to text" in err, err
    assert "shown as 202603050000123000" in err  # as Excel shows it: the last digits lost
    assert stored(station) == []


@pytest.mark.parametrize("number", [9007199254740993, 9007199254740992, 2026030500001230, 20260305000012345],
                         ids=["beyond-2**53", "at-2**53", "16-digits-ending-in-0", "17-digits"])
def test_a_16_digit_work_order_number_whose_digits_cannot_be_trusted_is_refused_too(db, tmp_path, english, number):
    # python-calamine gives every number cell as a float: 9007199254740993 reads as ...992 (2**53), which a
    # ...992 in the file reads as too; Excel typed 16 digits keeps 15 and a 0 (1234567890123456 is 1234567890123450)
    path = workbook(tmp_path / "big16.xlsx", [["2026-03-05 10:00", number, "13800138201", "推销电话骚扰"]],
                    header=["受理时间", "工单编号", "来电号码", "内容描述"])
    outcome = import_complaints(db, [path]).files[0]
    assert "row 2" in outcome.refused and "cell B2" in outcome.refused, outcome.refused
    assert db.execute("SELECT count(*) FROM complaints").fetchone()[0] == 0


@pytest.mark.parametrize("number", [1234567890123456, 1234567890123456.0, 9007199254740991, 2026030500001237])
def test_a_16_digit_work_order_number_a_number_keeps_exactly_imports(db, tmp_path, number):
    # an export program writing <v>1234567890123456</v>: below 2**53, not ending in 0, no digit of it lost
    path = workbook(tmp_path / "exact16.xlsx", [["2026-03-05 10:00", number, "13800138201", "推销电话骚扰"],
                                                ["2026-03-05 11:00", "A2", "13800138202", "短信轰炸"]],
                    header=["受理时间", "工单编号", "来电号码", "内容描述"])
    header = read_header(db, path)
    assert header.samples["工单编号"][0] == str(int(number))
    outcome = import_complaints(db, [path]).files[0]
    assert not outcome.refused and outcome.imported == 2, outcome.refused
    assert db.execute("SELECT external_id FROM complaints WHERE text = '推销电话骚扰'").fetchone()[0] == str(int(number))


def test_a_15_digit_work_order_number_stored_as_a_number_imports_exactly(db, tmp_path):
    path = workbook(tmp_path / "id15.xlsx", [[202603050000123, "2026-03-05 10:00", "13800138201", "推销电话骚扰"],
                                             [999999999999999, "2026-03-05 11:00", "13800138202", "短信轰炸"]])
    outcome = import_complaints(db, [path]).files[0]
    assert not outcome.refused and outcome.imported == 2
    assert [r[0] for r in db.execute("SELECT external_id FROM complaints ORDER BY external_id")] == [
        "202603050000123", "999999999999999"]


def test_the_wizard_refuses_the_file_whose_number_lost_digits_rather_than_showing_it(db, tmp_path, english):
    path = workbook(tmp_path / "bigid.xlsx", [["2026-03-05 09:00", "A1", "13800138200", "正常投诉"],
                                              ["2026-03-05 10:00", *BIG[0][:1], "13800138201", "推销电话骚扰"]],
                    header=["受理时间", "工单编号", "来电号码", "内容描述"])
    with pytest.raises(ImportRefused) as refusal:
        read_header(db, path)
    assert "row 3" in refusal.value.message and "cell B3" in refusal.value.message, refusal.value.message
    assert "shown as 202603050000123000" in refusal.value.message


# 2. signature and note lines below the table ---------------------------------------------------------------------
def notes_rows():
    return [["N1", "2026-03-05 10:00", "13800138601", "推销电话骚扰，号码13911117771"],
            ["N2", "2026-03-05 11:00", "13800138602", "推销电话骚扰，号码13911117772"],
            [],
            ["制表人：李四", "审核人：王五"],
            ["导出时间：2026-03-10 09:00", "导出人：张三"],
            ["注：本表数据截至2026年3月10日，共2条"]]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_signature_line_of_two_cells_below_the_table_is_left_out(db, tmp_path, suffix):
    path = tmp_path / f"notes{suffix}"
    (workbook if suffix == ".xlsx" else write_csv)(path, notes_rows())
    header = read_header(db, path)
    assert header.rows == 2
    assert header.samples["工单编号"] == ["N1", "N2"]
    outcome = import_complaints(db, [path]).files[0]
    assert not outcome.refused, outcome.refused
    assert (outcome.rows, outcome.imported, outcome.errors) == (2, 2, [])
    assert [r[0] for r in db.execute("SELECT external_id FROM complaints ORDER BY external_id")] == ["N1", "N2"]


def test_a_signature_line_ends_each_sheet_of_a_workbook_of_a_month_a_sheet(db, tmp_path):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in (("3月", notes_rows()[:2]), ("4月", [["N3", "2026-04-05 10:00", "13800138603", "骚扰电话"]])):
        sheet = book.create_sheet(name)
        for row in [HOTLINE, *rows, ["制表人：李四", "审核人：王五"]]:
            sheet.append(row)
    book.save(tmp_path / "months.xlsx")
    assert read_header(db, tmp_path / "months.xlsx").rows == 3  # the signature line above 4月's rows left out
    outcome = import_complaints(db, [tmp_path / "months.xlsx"]).files[0]
    assert not outcome.refused, outcome.refused
    assert outcome.imported == 3


def test_a_work_order_without_its_text_in_the_table_is_still_refused(db, tmp_path, english):
    path = workbook(tmp_path / "gap.xlsx", [["W1", "2026-03-05 10:00", "13800138601", "推销电话骚扰"],
                                            ["W2", "2026-03-05 11:00", "13800138602", ""],
                                            ["W3", "2026-03-05 12:00", "13800138603", "短信轰炸"],
                                            ["制表人：李四", "审核人：王五"]])
    outcome = import_complaints(db, [path]).files[0]
    assert "row 3, 内容描述: the complaint text is empty" in outcome.refused, outcome.refused
    assert [e["row"] for e in outcome.errors] == [3]
    assert db.execute("SELECT count(*) FROM complaints").fetchone()[0] == 0


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_signature_like_row_with_complaints_below_it_is_read_as_a_row_of_the_table(db, tmp_path, english, suffix):
    path = tmp_path / f"middle{suffix}"
    (workbook if suffix == ".xlsx" else write_csv)(path, [["W1", "2026-03-05 10:00", "13800138601", "推销电话骚扰"],
                                                          ["制表人：李四", "审核人：王五"],
                                                          ["W3", "2026-03-05 12:00", "13800138603", "短信轰炸"]])
    assert read_header(db, path).rows == 3  # the wizard counts it as the import does: a row of the table
    outcome = import_complaints(db, [path]).files[0]
    assert "row 3, 内容描述: the complaint text is empty" in outcome.refused, outcome.refused
    assert outcome.rows == 3
    assert db.execute("SELECT count(*) FROM complaints").fetchone()[0] == 0


TEXT_FIRST = ["内容描述", "工单编号", "受理时间", "来电号码"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_note_like_row_writing_a_text_with_complaints_below_it_is_reported_not_lost(db, tmp_path, english,
                                                                                       suffix):
    # its text cell (the first column) filled, its time unreadable: left out below the table, but a row of it here
    path = tmp_path / f"textfirst{suffix}"
    (workbook if suffix == ".xlsx" else write_csv)(path, [["推销电话骚扰", "W1", "2026-03-05 10:00", "13800138601"],
                                                          ["说明：来电人要求回电", "", "昨天下午", ""],
                                                          ["短信轰炸", "W3", "2026-03-05 12:00", "13800138603"]],
                                                   header=TEXT_FIRST)
    assert read_header(db, path).rows == 3
    outcome = import_complaints(db, [path]).files[0]
    assert "row 3, 受理时间" in outcome.refused and "昨天下午" in outcome.refused, outcome.refused
    assert [e["row"] for e in outcome.errors] == [3] and outcome.rows == 3
    assert db.execute("SELECT count(*) FROM complaints").fetchone()[0] == 0


def test_a_note_like_row_writing_a_text_but_no_time_with_complaints_below_it_is_a_complaint_again(db, tmp_path):
    path = workbook(tmp_path / "notime.xlsx", [["推销电话骚扰", "W1", "2026-03-05 10:00", "13800138601"],
                                               ["说明：来电人反映噪音扰民", "", "", ""],
                                               ["短信轰炸", "W3", "2026-03-05 12:00", "13800138603"]],
                    header=TEXT_FIRST)
    assert read_header(db, path).rows == 3
    outcome = import_complaints(db, [path]).files[0]
    assert not outcome.refused and (outcome.rows, outcome.imported) == (3, 3), outcome.refused
    assert db.execute("SELECT source_row FROM complaints WHERE text = '说明：来电人反映噪音扰民'").fetchone()[0] == 3
    # the rows keep the file's order
    assert [r[0] for r in db.execute("SELECT text FROM complaints ORDER BY id")] == [
        "推销电话骚扰", "说明：来电人反映噪音扰民", "短信轰炸"]


def test_note_lines_at_the_end_of_the_table_are_still_left_out_where_the_text_comes_first(db, tmp_path):
    path = workbook(tmp_path / "textfirst_end.xlsx", [["推销电话骚扰", "W1", "2026-03-05 10:00", "13800138601"],
                                                      ["说明：本表截至昨天下午", "", "", ""]],
                    header=TEXT_FIRST)
    assert read_header(db, path).rows == 1
    outcome = import_complaints(db, [path]).files[0]
    assert not outcome.refused and (outcome.rows, outcome.imported) == (1, 1), outcome.refused


def test_a_last_row_starting_with_a_note_word_and_writing_a_time_is_reported_not_lost(db, tmp_path, english):
    # a note's word in the text column and something beside it (an unreadable time): a complaint's row, as it is
    # with complaints below it — refused for its time, not left out unsaid
    path = workbook(tmp_path / "textfirst_end2.xlsx", [["推销电话骚扰", "W1", "2026-03-05 10:00", "13800138601"],
                                                       ["说明：来电人要求回电", "", "昨天下午", ""]],
                    header=TEXT_FIRST)
    assert read_header(db, path).rows == 2
    outcome = import_complaints(db, [path]).files[0]
    assert "row 3, 受理时间" in outcome.refused and "昨天下午" in outcome.refused, outcome.refused
    assert db.execute("SELECT count(*) FROM complaints").fetchone()[0] == 0


# 3. a long complaint text in a CSV ---------------------------------------------------------------------------------
def test_a_rightly_quoted_complaint_text_of_150000_characters_is_read(db, tmp_path):
    text = "长" * 150_000 + "号码13911119999"
    path = write_csv(tmp_path / "longtext.csv", [["L1", "2026-03-05", "13800138401", text],
                                                 ["L2", "2026-03-05", "13800138402", "正常内容"]],
                     header=["投诉编号", "投诉时间", "投诉人电话", "投诉内容"])
    limit = csv.field_size_limit()
    outcome = import_complaints(db, [path]).files[0]
    assert not outcome.refused, outcome.refused
    assert db.execute("SELECT length(text) FROM complaints WHERE external_id = 'L1'").fetchone()[0] == len(text)
    assert csv.field_size_limit() == limit  # other readers (a register's) keep theirs


@pytest.mark.parametrize("rest", [10, 200_000], ids=["short", "beyond-the-csv-default"])
def test_a_quotation_mark_never_closed_is_still_refused(db, tmp_path, english, rest):
    path = tmp_path / "open.csv"
    path.write_text("投诉编号,投诉时间,投诉人电话,投诉内容\nQ1,2026-03-05,13800138401,正常内容\n"
                    f"Q2,2026-03-05,13800138402,\"开了引号{'x' * rest}\nQ3,2026-03-05,13800138403,正常内容\n",
                    encoding="utf-8")
    outcome = import_complaints(db, [path]).files[0]
    assert "row 3" in outcome.refused and "quotation mark" in outcome.refused, outcome.refused
    assert db.execute("SELECT count(*) FROM complaints").fetchone()[0] == 0


# 4. the same file given twice ------------------------------------------------------------------------------------
def test_the_same_file_given_twice_is_said_so(station, tmp_path, capsys, english):
    path = write_csv(tmp_path / "twice.csv", [["T1", "2026-03-05 10:00", "13800138601", "推销电话骚扰"]])
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", path, tmp_path / "." / "twice.csv")
    assert code == 0, err
    assert "given twice" in out and "imported already, on" not in out, out
    assert stored(station) == [("T1", "推销电话骚扰")]
    # given again in a later run, it was imported already on that day, as before
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", path)
    assert code == 0 and "imported already, on" in out and "given twice" not in out, out


def without_inode_numbers(monkeypatch):
    """Files as a network or FAT drive gives them: each one's inode number 0."""
    real = Path.stat

    def stat(self, *args, **kwargs):
        info = real(self, *args, **kwargs)
        fields = list(info)
        fields[1] = 0
        return os.stat_result(fields, {n: getattr(info, n) for n in dir(info) if n.startswith("st_")} | {"st_ino": 0})

    monkeypatch.setattr(Path, "stat", stat)


def test_two_files_of_a_drive_without_inode_numbers_are_not_taken_for_one(db, tmp_path, monkeypatch):
    first = write_csv(tmp_path / "a.csv", [["T1", "2026-03-05 10:00", "13800138601", "推销电话骚扰"]])
    second = write_csv(tmp_path / "b.csv", [["T2", "2026-03-05 11:00", "13800138602", "短信轰炸"]])
    without_inode_numbers(monkeypatch)
    assert Path(first).stat().st_ino == Path(second).stat().st_ino == 0
    result = import_complaints(db, [first, second, tmp_path / "." / "b.csv"])
    assert [f.given_twice for f in result.files] == [False, False, True]
    assert [f.imported for f in result.files] == [1, 1, 0]


# 5. stop-check mends: a complaint starting 说明： is no note line; no redo advice after "given twice" --------------
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_last_complaint_starting_with_a_note_word_is_imported_where_the_text_comes_first(db, tmp_path, suffix):
    # no receipt time, no work-order number, but the complainant's number: a complaint, not a note below the table
    path = tmp_path / f"notelast{suffix}"
    (workbook if suffix == ".xlsx" else write_csv)(path, [["推销电话骚扰", "W1", "2026-03-05 10:00", "13800138601"],
                                                          ["说明：来电人反映噪音扰民", "", "", "13800138602"],
                                                          ["备注：短信轰炸", "", "", "13800138603"],
                                                          ["注：号码13911117773天天来电", "", "", "13800138604"]],
                                                   header=TEXT_FIRST)
    assert read_header(db, path).rows == 4  # the wizard counts them as the import does
    outcome = import_complaints(db, [path]).files[0]
    assert not outcome.refused and (outcome.rows, outcome.imported) == (4, 4), outcome.refused
    assert [r[0] for r in db.execute("SELECT text FROM complaints ORDER BY id")] == [
        "推销电话骚扰", "说明：来电人反映噪音扰民", "备注：短信轰炸", "注：号码13911117773天天来电"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_signature_and_lone_note_lines_are_still_left_out_where_the_text_comes_first(db, tmp_path, suffix):
    path = tmp_path / f"footfirst{suffix}"
    (workbook if suffix == ".xlsx" else write_csv)(path, [["推销电话骚扰", "W1", "2026-03-05 10:00", "13800138601"],
                                                          ["短信轰炸", "W2", "2026-03-05 11:00", "13800138602"],
                                                          ["制表人：李四", "审核人：王五", "", ""],
                                                          ["导出时间：2026-03-10 09:00", "", "", ""],
                                                          ["注：本表数据截至2026年3月10日，共2条", "", "", ""]],
                                                   header=TEXT_FIRST)
    assert read_header(db, path).rows == 2
    outcome = import_complaints(db, [path]).files[0]
    assert not outcome.refused and (outcome.rows, outcome.imported) == (2, 2), outcome.refused
    assert [r[0] for r in db.execute("SELECT external_id FROM complaints ORDER BY id")] == ["W1", "W2"]


def test_the_file_given_twice_gets_no_advice_to_withdraw_an_import(station, tmp_path, capsys, english):
    path = write_csv(tmp_path / "twice2.csv", [["T1", "2026-03-05 10:00", "13800138601", "推销电话骚扰"]])
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", path, tmp_path / "." / "twice2.csv")
    assert code == 0, err
    assert "given twice" in out and "withdraw" not in out, out


def test_the_file_given_twice_gets_no_advice_to_withdraw_in_the_window_either(db, tmp_path):
    path = write_csv(tmp_path / "twice3.csv", [["T1", "2026-03-05 10:00", "13800138601", "推销电话骚扰"]])
    first, again = import_complaints(db, [path, tmp_path / "." / "twice3.csv"]).files
    assert again.given_twice and again.already_imported_note()
    assert again.redo_note() == "" and again.redo_note(command_line=True, which="x.csv") == ""
