"""Counting the records of a list (found by the evidence audit): a column of someone else's numbers (紧急联系人电话)
is never the person's own while another column holds any — it was chosen when it held as many numbers, and the
customers sharing an emergency contact were counted as one; a CSV cell too long to read is refused naming the file
and row (an internal error before)."""

import pytest

from workstation.errors import ImportRefused
from workstation.evidence_count import _sheets, count_rows


def test_an_emergency_contact_column_is_not_the_customers_own_number():
    rows = [["姓名", "紧急联系人电话", "手机"], ["甲", "13900000001", "13800000101"],
            ["乙", "13900000001", "13800000102"], ["丙", "13900000002", "13800000103"]]
    count = count_rows("客户名单.csv", rows)
    assert count.columns == ("手机",) and count.distinct == 3


def test_an_emergency_contact_column_alone_is_still_read():
    rows = [["姓名", "紧急联系人电话"], ["甲", "13900000001"], ["乙", "13900000002"]]
    assert count_rows("客户名单.csv", rows).distinct == 2


def test_a_csv_cell_too_long_to_read_is_refused_naming_the_file_and_row(english):
    data = ("姓名,手机\n甲,13800000101\n乙,\"" + "x" * 300_000 + "\n").encode("utf-8")
    with pytest.raises(ImportRefused, match=r"客户名单.csv, row 3: a value here is too long to be read as one cell"):
        [list(rows) for _name, rows in _sheets("客户名单.csv", data)]


def _workbook(path, sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path.read_bytes()


def test_the_records_of_every_sheet_are_counted_each_person_once(tmp_path):
    from workstation.evidence_count import count_bytes

    customers = [["姓名", "手机"], *[[f"客户{i}", f"138000{i:05d}"] for i in range(60)]]
    more = [["姓名", "手机"], ["客户0", "13800000000"], ["新客户", "13900000001"]]
    data = _workbook(tmp_path / "名单.xlsx", {"说明": [["本表为客户名单"]], "客户": customers, "补充": more},
                     hidden=("补充",))
    count = count_bytes("名单.xlsx", data)
    assert count.distinct == 61  # 60 + 2, one on both sheets
    assert count.steps[0].startswith("工作表“客户”：共 60 行")
    assert "工作表“说明”没有手机号码或身份证号码列，未计入" in count.steps
    assert count.steps[-1] == "各工作表合计 62 条，跨工作表重复 1 条，去重后 61 条"


def test_a_workbook_of_one_sheet_is_counted_as_before(tmp_path):
    from workstation.evidence_count import count_bytes

    data = _workbook(tmp_path / "名单.xlsx", {"Sheet1": [["手机"], ["13800000001"], ["13800000001"]]})
    count = count_bytes("名单.xlsx", data)
    assert (count.distinct, count.steps[0]) == (1, "共 2 行（表头在第 1 行）")
