"""A case register's text columns (案件编号, 当事人, 案由, 统一社会信用代码) holding a number, a date, a time or TRUE/FALSE
in a workbook: a whole number is its digits, anything else refuses the row naming row and field and saying to format
the column as text."""

import datetime as dt

import openpyxl
import pytest
from stdnum.cn import uscc

from workstation.errors import ImportRefused
from workstation.importing.register import import_register
from workstation.store import find_case

HEADER = ["案件编号", "当事人名称", "统一社会信用代码", "所属区", "行业领域", "案由", "违法行为", "立案日期", "办理状态",
          "涉案信息条数", "罚款金额", "没收违法所得（元）"]
USCC = "91440605MA4UX0001" + uscc.calc_check_digit("91440605MA4UX0001")
AS_TEXT = "format the column as text (文本), type the value again as it is written and import the register again"


def _row(number, party="佛山市南海区誉嘉房地产代理有限公司", code=USCC, cause="涉嫌未经消费者同意发送商业性信息案"):
    return [number, party, code, "南海区", "房地产租售", cause, "未经同意发送商业性信息", dt.date(2026, 3, 2), "立案调查",
            "3200", "", ""]


def _register(path, *rows):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _refusal(db, path) -> dict[tuple[int, str], str]:
    with pytest.raises(ImportRefused) as caught:
        import_register(db, path)
    return {(e["row"], e["field"]): e["message"] for e in caught.value.errors}


def test_a_whole_number_case_number_is_its_digits(db, tmp_path):
    result = import_register(db, _register(tmp_path / "台账.xlsx", _row(20260001.0)))
    assert result.imported == 1 and find_case(db, "20260001") is not None


@pytest.mark.parametrize(("cell", "what"), [
    (0.3, "a number with a fraction (0.3)"),
    (dt.time(12, 0), "a time (12:00:00)"),
    (dt.datetime(2026, 3, 2), "a date (2026-03-02)"),
    (True, "a logical value (TRUE)"),
])
def test_a_fraction_date_time_or_logical_case_number_refuses_the_row(db, tmp_path, english, cell, what):
    errors = _refusal(db, _register(tmp_path / "台账.xlsx", _row("佛南市监立〔2026〕7号"), _row(cell)))
    assert errors == {(3, "案件编号"): f"The cell holds {what}, not text: {AS_TEXT}."}
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0


def test_the_party_and_cause_columns_refuse_a_date_or_a_fraction(db, tmp_path, english):
    errors = _refusal(db, _register(tmp_path / "台账.xlsx", _row("佛南市监立〔2026〕7号", party=dt.datetime(2026, 1, 5)),
                                    _row("佛南市监立〔2026〕8号", cause=1.5)))
    # one reason each: not also "the party's name is empty"
    assert errors == {(2, "当事人名称"): f"The cell holds a date (2026-01-05), not text: {AS_TEXT}.",
                      (3, "案由"): f"The cell holds a number with a fraction (1.5), not text: {AS_TEXT}."}


def test_a_code_cell_holding_a_time_is_refused_and_a_whole_number_is_validated_as_text(db, tmp_path, english):
    errors = _refusal(db, _register(tmp_path / "台账.xlsx", _row("佛南市监立〔2026〕7号", code=dt.time(8, 30)),
                                    _row("佛南市监立〔2026〕8号", code=914406051234.0)))
    assert errors[(2, "统一社会信用代码")] == f"The cell holds a time (08:30:00), not text: {AS_TEXT}."
    # a whole number loses nothing: its digits are checked as a code typed as text would be
    assert "914406051234" in errors[(3, "统一社会信用代码")] and "not text" not in errors[(3, "统一社会信用代码")]
