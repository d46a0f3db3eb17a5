"""A case register's optional decision-date column (决定日期, 处罚决定日期, …) is imported as the case's decision date, so
that a case imported 已决定 or 已结案 has its fines counted in the period it was decided, not by its filing date; a
decision date before the filing date, still to come or not a date refuses the register with the row and column, as
its other dates do. The statistics' note on how a period counts says that a case without a recorded decision date
counts by its filing date."""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from tests.helpers import run
from workstation.errors import ImportRefused
from workstation.importing.register import import_register
from workstation.records import today
from workstation.stats import campaign_stats
from workstation.store import find_case, list_cases

HEADER = ["案件编号", "当事人", "所属区", "行业领域", "案由", "违法行为", "立案日期", "办理状态", "罚款金额（元）"]


def row(n, filed="2025-12-31", status="已决定", fine="10000"):
    return [f"佛南市监立〔2025〕{n}号", f"佛山市南海区某{n}公司", "南海区", "房地产租售", "发送商业性信息案",
            "未经同意发送商业性信息", filed, status, fine]


def write_csv(path, lines):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def decided_on(db) -> dict[str, str | None]:
    return {c.case_number: find_case(db, c.id).decided_on for c in list_cases(db, limit=100)}


def test_the_decision_date_is_stored_and_the_fine_counts_in_the_period_it_was_decided(db, tmp_path):
    path = write_csv(tmp_path / "台账.csv", [HEADER + ["决定日期"], row(1) + ["2026-01-05"]])
    assert import_register(db, path).imported == 1
    assert decided_on(db) == {"佛南市监立〔2025〕1号": "2026-01-05"}
    assert campaign_stats(db, None, None, "2025-12-31")["penalties_total_fen"] == 0
    assert campaign_stats(db, None, "2026-01-01", "2026-01-31")["penalties_total_fen"] == 1_000_000


@pytest.mark.parametrize("heading", ["处罚决定日期", "作出决定日期", "决定时间", "决定日期"])
def test_each_wording_of_the_column_is_read(db, tmp_path, heading):
    path = write_csv(tmp_path / "台账.csv", [HEADER + [heading], row(2, status="已结案") + ["2026年1月6日"]])
    assert import_register(db, path).imported == 1
    assert decided_on(db) == {"佛南市监立〔2025〕2号": "2026-01-06"}


def test_a_workbook_date_cell_is_read_as_the_date_it_is(db, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER + ["处罚决定日期"])
    sheet.append(row(3, filed=dt.datetime(2025, 12, 31)) + [dt.datetime(2026, 1, 7)])
    book.save(tmp_path / "台账.xlsx")
    assert import_register(db, tmp_path / "台账.xlsx").imported == 1
    assert decided_on(db) == {"佛南市监立〔2025〕3号": "2026-01-07"}


def test_rows_without_a_decision_date_are_imported_without_one(db, tmp_path):
    path = write_csv(tmp_path / "台账.csv", [HEADER + ["决定日期"], row(4) + [""], row(5, status="立案调查", fine="")
                                            + [""], row(10) + ["2026-01-08"]])
    assert import_register(db, path).imported == 3
    assert decided_on(db) == {"佛南市监立〔2025〕4号": None, "佛南市监立〔2025〕5号": None,
                              "佛南市监立〔2025〕10号": "2026-01-08"}


@pytest.mark.parametrize("value, words", [
    ("2025-12-30", "2025-12-31"),  # before the filing date
    ("2099-01-01", today()),  # still to come
    ("2026-02-30", "2026-02-30"),  # no such day
])
def test_a_bad_decision_date_refuses_the_register_naming_its_row_and_column(db, tmp_path, value, words):
    path = write_csv(tmp_path / "台账.csv", [HEADER + ["处罚决定日期"], row(6) + ["2026-01-05"], row(7) + [value]])
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    errors = refused.value.errors
    assert [(e["row"], e["field"]) for e in errors] == [(3, "处罚决定日期")]
    assert words in errors[0]["message"]
    assert list_cases(db, limit=10) == []  # nothing imported


def test_a_decision_date_of_a_case_not_decided_is_refused(db, tmp_path):
    path = write_csv(tmp_path / "台账.csv", [HEADER + ["决定日期"], row(8, status="立案调查", fine="") + ["2026-01-05"]])
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert [(e["row"], e["field"]) for e in refused.value.errors] == [(2, "决定日期")]
    assert list_cases(db, limit=10) == []


def test_the_period_note_of_stats_says_how_a_case_without_a_decision_date_counts(cli_station, tmp_path, capsys,
                                                                                  english):
    station = cli_station(tmp_path / "station")
    code, out, err = run(capsys, "--data-dir", station, "stats", "--from", "2026-01-01", "--to", "2026-01-31")
    assert code == 0, err
    assert "without a recorded decision date by their filing date" in out


def test_a_case_stored_without_its_decision_date_is_named_when_the_register_gives_one(db, tmp_path):
    import_register(db, write_csv(tmp_path / "旧台账.csv", [HEADER, row(9)]))
    result = import_register(db, write_csv(tmp_path / "台账.csv", [HEADER + ["决定日期"], row(9) + ["2026-01-05"]]))
    assert (result.imported, result.skipped) == (0, 1)
    [warning] = result.warnings
    assert warning["differs"] and "决定日期" in warning["message"] and "2026-01-05" in warning["message"]
    assert decided_on(db) == {"佛南市监立〔2025〕9号": None}  # the stored case is corrected in the workstation
