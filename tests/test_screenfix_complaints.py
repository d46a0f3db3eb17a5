"""Complaint files as they really arrive (screenfix): spaced total rows, a two-row header whose group is merged
across, SMS ports written with separators, numbers followed by 号码, landlines Excel stored as numbers, the import
summary of complaints also received through another channel, phone searches typed with +86, date-only receipts."""

import csv

import openpyxl
import pytest

from workstation.importing.complaints import import_complaints, read_header
from workstation.store.complaints import count_complaints, search_complaints


def write_csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def found(db, query):
    return sorted(h.external_id for h in search_complaints(db, query, limit=50))


# --- 7. a search typed as a telephone number finds every complaint writing that number -------------------------

SEARCHED = [  # work order, text
    ("S1", "13922223333天天打电话推销贷款"),
    ("S2", "号码+86 13922223333又打来推销"),
    ("S3", "139-2222-3333推销装修，骚扰不断"),
    ("S4", "收到１３９２２２２３３３３的推销电话"),
    ("S5", "8613922223333打来推销楼盘"),
    ("S6", "13700137000打来推销贷款"),
    ("S7", "１３７００１３７０００推销保险"),
    ("S8", "小区门口占道经营"),
]


def _searched(db, tmp_path):
    path = write_csv(tmp_path / "消委会投诉.csv", ["投诉编号", "投诉时间", "联系电话", "投诉内容"],
                     [(n, f"2026-03-0{i + 1} 09:00:00", f"1390013900{i}", text)
                      for i, (n, text) in enumerate(SEARCHED)])
    import_complaints(db, [path])


def test_a_number_typed_with_the_country_code_finds_it_however_written(db, tmp_path):
    _searched(db, tmp_path)
    plain = found(db, "13922223333")
    assert plain == ["S1", "S2", "S3", "S4", "S5"]
    for query in ("+86 13922223333", "+8613922223333", "86-13922223333", "（+86）13922223333"):
        assert found(db, query) == plain, query
        assert count_complaints(db, query) == len(plain), query
    assert found(db, "+86 13700137000") == found(db, "13700137000") == ["S6", "S7"]


# --- 3, 4. SMS ports written with separators, numbers followed by 号码 / 号 -------------------------------------

def _phones(db):
    return dict(db.execute("SELECT external_id, phones FROM complaints").fetchall())


def _screened(db, tmp_path, texts):
    path = write_csv(tmp_path / "消委会投诉.csv", ["投诉编号", "投诉时间", "联系电话", "投诉内容"],
                     [(n, "2026-03-01 09:00:00", "13900139000", text) for n, text in texts])
    import_complaints(db, [path])
    return _phones(db)


def test_sms_ports_written_with_dashes_or_spaces_are_read_as_their_digits(db, tmp_path):
    phones = _screened(db, tmp_path, [
        ("P1", "手机每天收到106-9012-3456-78发来的推销短信，骚扰不断"),
        ("P2", "手机每天收到106 9012 3456 78发来的推销短信，骚扰不断"),
        ("P3", "收到1069012345678发来的推销短信"),
    ])
    assert phones == {"P1": "1069012345678", "P2": "1069012345678", "P3": "1069012345678"}  # no 075790123456
    assert found(db, "1069012345678") == ["P1", "P2", "P3"]


def test_a_number_followed_by_haoma_or_hao_is_read(db, tmp_path):
    phones = _screened(db, tmp_path, [
        ("P3", "接到86123456号码打来的推销电话"),
        ("P4", "被10690123456号码发短信骚扰，推销贷款"),
        ("P5", "1069012345678号发来推销短信"),
        ("P6", "3号又接到推销电话，对方没有显示号码"),  # 3号 stays a date
    ])
    assert phones["P3"] == "075786123456"
    assert phones["P4"] == "10690123456"
    assert phones["P5"] == "1069012345678"
    assert phones["P6"] == ""


# --- 1. a total row written with spaces -------------------------------------------------------------------------

@pytest.mark.parametrize("total", ["合 计", "合　计", " 合  计", "总 计", "小　计"])
def test_a_spaced_total_row_is_left_out(db, tmp_path, total):
    rows = [("TS001", "2026-03-05 14:22:10", "13800138000", "频繁接到推销电话"),
            ("TS002", "2026-03-06 09:05:00", "13800138001", "收到营销短信"),
            (total, "2 件", "", "")]
    path = write_csv(tmp_path / "council.csv", ["投诉编号", "投诉时间", "联系电话", "投诉内容"], rows)
    assert read_header(db, path).rows == 2  # the wizard counts the complaints only
    result = import_complaints(db, [path])
    assert (result.rows, result.imported, result.errors, result.refused) == (2, 2, [], [])


def test_a_spaced_total_row_in_the_first_column_of_a_workbook_is_left_out(db, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["工单编号", "受理时间", "来电号码", "内容描述"])
    sheet.append(["GD1", "2026-03-05 10:00:00", "13800138000", "天天打电话推销楼盘"])
    sheet.append(["合　计", "1 件", None, None])
    workbook.save(path := tmp_path / "hotline.xlsx")
    assert read_header(db, path).rows == 1
    result = import_complaints(db, [path])
    assert (result.imported, result.errors) == (1, [])


# --- 2. a two-row header whose top row alone looks like a header ----------------------------------------------

def _merged_hotline(path, phone=13800138000):
    """A 12345 export whose 工单编号, 受理时间, 内容描述 and 被反映对象 span both header rows and whose 诉求人 spans
    C:D with 姓名 | 电话 below it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["工单编号", "受理时间", "诉求人", None, "内容描述", "被反映对象"])
    sheet.append([None, None, "姓名", "电话", None, None])
    for column in "ABEF":
        sheet.merge_cells(f"{column}1:{column}2")
    sheet.merge_cells("C1:D1")
    sheet.append(["GD1", "2026-03-05 10:00:00", "张三", phone, "天天打电话推销楼盘", "某房产中介"])
    sheet.append(["GD2", "2026-03-06 11:00:00", "李四", "13800138001", "收到推销短信", ""])
    workbook.save(path)
    return path


def test_a_sub_header_row_under_a_group_merged_across_joins_the_header(db, tmp_path):
    path = _merged_hotline(tmp_path / "hotline.xlsx")
    header = read_header(db, path)
    assert header.texts == ["工单编号", "受理时间", "诉求人 / 姓名", "诉求人 / 电话", "内容描述", "被反映对象"]
    assert header.mapping["complainant_phone"] == "诉求人 / 电话"
    assert header.rows == 2 and header.samples["诉求人 / 电话"]  # 姓名/电话 are no complaint
    result = import_complaints(db, [path])
    assert (result.rows, result.imported, result.errors) == (2, 2, [])
    phones = dict(db.execute("SELECT external_id, complainant_phone FROM complaints").fetchall())
    assert phones == {"GD1": "13800138000", "GD2": "13800138001"}


def test_a_first_data_row_under_a_one_row_header_stays_data(db, tmp_path):
    # the row below fills the cells under every column: data, however short its texts
    path = write_csv(tmp_path / "hotline.csv", ["工单编号", "受理时间", "诉求人", "", "内容描述"],
                     [("GD1", "2026-03-05 10:00:00", "张三", "备注", "推销电话"),
                      ("GD2", "2026-03-06 10:00:00", "李四", "", "推销短信")])
    assert read_header(db, path, partial=True).texts == ["工单编号", "受理时间", "诉求人", "", "内容描述"]
    assert import_complaints(db, [path], profile="12345").imported == 2


# --- 5. a landline Excel stored as a number ----------------------------------------------------------------------

@pytest.mark.parametrize("cell, stored", [
    (75786123457, "075786123457"),  # Foshan 0757, its 0 dropped
    (2083331234, "02083331234"),  # Guangzhou 020
    (13800138000, "13800138000"),  # a mobile stays a mobile
    ("75786123457", "075786123457"),  # a text cell the same (no number is 11 digits starting 7)
    (75716123457, "75716123457"),  # no subscriber number starts with 1: not read as a landline
    (99986123457, "99986123457"),  # no area code of Guangdong
])
def test_a_landline_stored_as_a_number_gets_its_zero_back(db, tmp_path, cell, stored):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["工单编号", "受理时间", "来电号码", "内容描述"])
    sheet.append(["GD1", "2026-03-05 10:00:00", cell, "天天打电话推销楼盘"])
    workbook.save(path := tmp_path / "hotline.xlsx")
    import_complaints(db, [path])
    assert db.execute("SELECT complainant_phone FROM complaints WHERE external_id = 'GD1'").fetchone()[0] == stored


# --- 6. the import summary: complaints also sent through another channel are among those imported ---------------

def test_the_summary_counts_same_complaints_among_those_imported(tmp_path, capsys, english):
    from tests.helpers import run

    council = write_csv(tmp_path / "消委会投诉.csv", ["投诉编号", "投诉时间", "联系电话", "投诉内容"],
                        [("TS1", "2026-03-05 10:00:00", "13800138000", "某房产中介天天打电话推销楼盘，严重骚扰"),
                         ("TS2", "2026-03-05 11:00:00", "13800138001", "收到贷款推销短信")])
    hotline = write_csv(tmp_path / "12345.csv", ["工单编号", "受理时间", "来电号码", "内容描述"],
                        [("GD1", "2026-03-06 09:00:00", "13800138000", "某房产中介天天打电话推销楼盘，严重骚扰"),
                         ("GD2", "2026-03-06 10:00:00", "13800138002", "装修公司推销电话")])
    data = ["--data-dir", str(tmp_path / "站点")]
    code, out, _err = run(capsys, "complaints", "import", str(council), *data)
    assert code == 0
    assert "消委会投诉.csv (消委会投诉): 2 rows, 2 imported, 0 duplicates." in out
    assert "same complaint" not in out  # no clause for none
    code, out, _err = run(capsys, "complaints", "import", str(hotline), *data, "--dry-run")
    assert code == 0 and ("12345.csv (12345热线工单): 2 rows, 2 would be imported (of which 1 the same complaint as "
                          "one sent through another channel), 0 duplicates (dry run, not saved).") in out
    code, out, _err = run(capsys, "complaints", "import", str(hotline), *data)
    assert code == 0 and ("12345.csv (12345热线工单): 2 rows, 2 imported (of which 1 the same complaint as one sent "
                          "through another channel), 0 duplicates.") in out
