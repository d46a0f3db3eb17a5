"""Counting the records of a list (found by the evidence audit): a column of someone else's numbers (紧急联系人电话)
is never the person's own while another column holds any — it was chosen when it held as many numbers, and the
customers sharing an emergency contact were counted as one; a CSV cell too long to read is refused naming the file
and row (an internal error before)."""

import pytest

from workstation.errors import ImportRefused
from workstation.evidence_count import _read_rows, count_rows


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
        _read_rows("客户名单.csv", data)
