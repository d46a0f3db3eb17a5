"""Bad input found by the import audit of session 46: a number in scientific notation written without "+" (as Java
exports write it: 2.02503E11) is refused like 2.02503E+11; rows of one file sharing a work-order number but not the
same complaint are named; two columns of one header are refused naming both; a customer list whose numbers are
floats as text (13800138001.0) is counted, one in scientific notation said to be so; a register's filing date
held as an Excel date serial (45748) is read as the date it shows."""

import csv
from pathlib import Path

import openpyxl
import pytest

from workstation.errors import WorkstationError
from workstation.evidence_count import count_rows
from workstation.importing.complaints import import_complaints
from workstation.importing.register import import_register

HEADER = ["工单编号", "受理时间", "来电号码", "内容描述"]


def export(path: Path, rows, header=HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def complaints(db) -> int:
    return db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("written", ["2.02503E11", "2.02503e11", "2.02503E+11", "2.02503E-11", "1E+11"])
def test_a_work_order_number_in_scientific_notation_is_refused_with_or_without_its_sign(db, tmp_path, written):
    rows = [[written, f"2025-03-0{i + 1} 10:00", f"1391234567{i}", f"第{i}件 推销电话骚扰"] for i in range(5)]
    result = import_complaints(db, [export(tmp_path / "工单.csv", rows)])
    assert "scientific notation" in result.files[0].refused and written in result.files[0].refused
    assert complaints(db) == 0


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("written", ["1.3800138E10", "1.3800138e10", "1.38001E+10"])
def test_a_complainants_number_in_scientific_notation_is_refused_with_or_without_its_sign(db, tmp_path, written):
    result = import_complaints(db, [export(tmp_path / "工单.csv", [["PH1", "2025-03-02 10:00", written, "推销骚扰"]])])
    assert "scientific notation" in result.files[0].refused and "来电号码" in result.files[0].refused
    assert complaints(db) == 0


@pytest.mark.parametrize("number", ["12E345", "2025E-1234"])
def test_a_work_order_number_with_letters_and_an_e_is_no_number(db, tmp_path, number):
    rows = [[number, "2025-03-02 10:00", "13912345670", "推销骚扰"]]
    result = import_complaints(db, [export(tmp_path / "工单.csv", rows)])
    assert not result.refused and result.imported == 1


@pytest.mark.usefixtures("english")
def test_rows_sharing_a_work_order_number_but_not_their_complaint_are_named(db, tmp_path):
    rows = [["WO-1", "2025-03-01 10:00", "13912345670", "第0件 推销电话骚扰"],
            ["WO-1", "2025-03-01 10:00", "13912345670", "第0件 推销电话骚扰"],  # the same row again: a duplicate
            ["WO-1", "2025-03-02 10:00", "13912345671", "第1件 推销电话骚扰"],
            ["WO-2", "2025-03-03 10:00", "13912345672", "第2件 推销电话骚扰"],
            ["WO-2", "2025-03-03 10:00", "13912345672", "第2件 另一件投诉"]]
    result = import_complaints(db, [export(tmp_path / "工单.csv", rows)])
    outcome = result.files[0]
    # the one row written twice is a duplicate; the two other complaints under a number above are conflicts, counted
    # apart since session 49
    assert (outcome.imported, outcome.duplicates, outcome.number_conflicts) == (2, 1, 2)
    assert outcome.same_number == [(4, 2, "WO-1"), (6, 5, "WO-2")]
    note = outcome.same_number_note()
    assert "2 rows have the work-order number of a row above them" in note
    assert "row 4 (work-order number WO-1, as in row 2)" in note and "row 6 (work-order number WO-2, as in row 5)" \
        in note
    assert "row 3" not in note  # the row written twice is a plain duplicate
    assert "same_number" not in outcome.as_dict()  # the keys scripts rely on stay as they were


def test_a_file_whose_rows_each_have_their_own_number_names_none(db, tmp_path):
    rows = [[f"WO-{i}", f"2025-03-0{i + 1} 10:00", "13912345670", f"第{i}件"] for i in range(3)]
    outcome = import_complaints(db, [export(tmp_path / "工单.csv", rows)]).files[0]
    assert outcome.same_number == [] and outcome.same_number_note() == ""


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("header", "letters"), [
    (["工单编号", "受理时间", "内容描述", "来电号码", "内容描述"], ("C", "E")),
    (["工单编号", "工单编号", "受理时间", "来电号码", "内容描述"], ("A", "B")),
])
def test_two_columns_of_one_header_are_refused_naming_both(db, tmp_path, header, letters):
    rows = [["X1", "X2", "2025-03-01 10:00", "13912345670", "推销电话骚扰"]] if header[1] == "工单编号" else \
        [["X1", "2025-03-01 10:00", "", "13912345670", "推销电话骚扰"]]
    result = import_complaints(db, [export(tmp_path / "工单.csv", rows, header)])
    refusal = result.files[0].refused
    assert f"columns {letters[0]} and {letters[1]} have the same header" in refusal
    assert complaints(db) == 0


def test_numbers_written_as_floats_in_text_are_counted():
    rows = [["姓名", "手机号码", "地址"], *[[f"客户{i}", f"1380013800{i}.0", "佛山"] for i in range(5)]]
    count = count_rows("客户名单.csv", rows)
    assert (count.distinct, count.invalid) == (5, 0)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("written", ["1.38001E+10", "1.3800138E10"])
def test_a_column_of_numbers_in_scientific_notation_is_said_to_be_found(written):
    rows = [["姓名", "手机号码", "地址"], *[[f"客户{i}", written, "佛山"] for i in range(5)]]
    with pytest.raises(WorkstationError) as caught:
        count_rows("客户名单.csv", rows)
    message = str(caught.value)
    assert "手机号码 (column B)" in message and "scientific notation" in message
    assert "no column of mobile phone numbers" not in message


@pytest.mark.usefixtures("english")
def test_a_list_without_any_column_of_numbers_is_still_said_to_have_none():
    with pytest.raises(WorkstationError, match="no column of mobile phone numbers or ID numbers was found"):
        count_rows("客户名单.csv", [["姓名", "地址"], ["甲", "佛山"]])


REGISTER = ["案件编号", "当事人", "统一社会信用代码", "所属区", "行业领域", "案由", "违法行为", "立案日期", "办理状态",
            "涉案信息条数", "罚款金额（元）", "没收违法所得（元）"]


def register(path: Path, filed_on) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(REGISTER)
    sheet.append(["佛南市监立〔2025〕1号", "佛山市测试房产有限公司", "91440605MA4W00001D", "南海区", "房地产租售",
                  "未经同意发送商业性信息案", "未经同意发送商业性信息", filed_on, "立案调查", 1200, 0, 0])
    book.save(path)
    return path


@pytest.mark.parametrize("serial", [45748, 45748.0, 45748.5])
def test_a_filing_date_held_as_an_excel_serial_is_the_date_it_shows(db, tmp_path, serial):
    result = import_register(db, register(tmp_path / "台账.xlsx", serial))
    assert (result.imported, result.errors) == (1, [])
    assert db.execute("SELECT filed_on FROM cases").fetchone()[0] == "2025-04-01"


@pytest.mark.usefixtures("english")
def test_a_number_no_serial_of_a_plausible_date_is_still_no_date(db, tmp_path):
    from workstation.importing.register import RegisterRefused

    with pytest.raises(RegisterRefused, match="123 is not a date"):
        import_register(db, register(tmp_path / "台账.xlsx", 123))


@pytest.mark.usefixtures("english")
def test_an_amount_typed_in_the_date_column_is_no_date_before_2000(db, tmp_path):
    from workstation.importing.register import RegisterRefused

    with pytest.raises(RegisterRefused, match="35000 is not a date"):  # would be 1995-10-28 as a serial
        import_register(db, register(tmp_path / "台账.xlsx", 35000))


SAME_NUMBER = [["WO-1", "2025-03-01 10:00", "13912345670", "第0件 推销电话骚扰"],
               ["WO-1", "2025-03-02 10:00", "13912345671", "第1件 推销电话骚扰"]]


def test_the_import_command_names_the_row_left_out_under_another_rows_number(data_dir, tmp_path, capsys, english):
    from workstation.cli import main

    path = export(tmp_path / "工单.csv", SAME_NUMBER)
    assert main(["complaints", "import", "--data-dir", str(data_dir), str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 row has the work-order number of a row above it" in out
    assert "row 3 (work-order number WO-1, as in row 2)" in out


@pytest.mark.gui
def test_the_import_summary_in_the_window_names_the_row_left_out(db, prompts, make_window, tmp_path, english):
    path = export(tmp_path / "工单.csv", SAME_NUMBER)
    make_window(db).leads_page.run_import([str(path)])
    assert "row 3 (work-order number WO-1, as in row 2)" in prompts.infos[0]
