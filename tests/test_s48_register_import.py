"""The register import reads what the officer sees: a cell merged down over several case rows gives its value to each
of them (also in a complaint export), a total row labelled 合计（2宗）, 总计：2件 or 南海区小计 is passed over as 合计 is,
an empty required cell is said to be empty (not “—”), and a line break typed in a cell (Alt+Enter) is no part of a
single-line value such as the party's name."""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from workstation.errors import ImportRefused
from workstation.importing.complaints import import_complaints
from workstation.importing.register import import_register
from workstation.store import CaseFilter, find_case, list_cases

HEADER = ["案件编号", "当事人", "统一社会信用代码", "所属区", "行业领域", "案由", "违法行为", "立案日期", "办理状态",
          "涉案信息条数", "罚款金额（元）", "没收违法所得（元）"]


def case(n, **changes):
    values = dict(zip(HEADER, [f"佛南市监立〔2026〕{n}号", f"佛山市南海区某{n}公司", None, "南海区", "房地产租售",
                               "发送商业性信息案", "未经同意发送商业性信息", dt.datetime(2026, 3, 5), "已决定", 100,
                               5000, None], strict=True))
    values.update(changes)
    return [values[h] for h in HEADER]


def workbook(path, rows, merges=(), header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for area in merges:
        first, _colon, _last = area.partition(":")
        for cell in sheet[area]:  # a merged range keeps its value in its top-left cell only, as Excel saves it
            for c in cell:
                if c.coordinate != first:
                    c.value = None
        sheet.merge_cells(area)
    book.save(path)
    return path


def write_csv(path, lines):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def stored(db):
    return {row.case_number: find_case(db, row.id) for row in list_cases(db, limit=1000)}


def test_optional_columns_merged_down_over_three_cases_give_each_case_the_value(db, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", [case(n) for n in (2051, 2052, 2053)],
                    merges=[f"{c}2:{c}4" for c in "GHJK"])
    result = import_register(db, path)
    assert (result.imported, result.errors) == (3, [])
    for number, one in stored(db).items():
        assert (one.violations, one.filed_on, one.records_total, one.fine_fen) == (
            ["unsolicited_commercial_messages"], "2026-03-05", 100, 500_000), number


def test_a_required_column_merged_down_is_read_in_each_row_it_covers(db, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", [case(n) for n in (2031, 2032, 2033)], merges=["D2:D4", "E2:E3"])
    result = import_register(db, path)
    assert (result.imported, result.errors) == (3, [])
    assert {one.district for one in stored(db).values()} == {"南海区"}
    assert {one.sector for one in stored(db).values()} == {"real_estate"}


def test_a_total_label_merged_across_the_row_and_header_merges_are_left_as_they_were(db, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["佛山市个人信息保护专项行动案件台账"] + [None] * 11)
    sheet.merge_cells("A1:L1")
    sheet.append(HEADER[:10] + ["处罚情况", None])
    sheet.append([None] * 10 + HEADER[10:])
    for column in "ABCDEFGHIJ":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("K2:L2")
    sheet.append(case(2001))
    sheet.append(case(2002))
    sheet.append(["合计（2宗）"] + [None] * 8 + [200, 10000, None])
    sheet.merge_cells("A6:I6")
    book.save(tmp_path / "台账.xlsx")
    result = import_register(db, tmp_path / "台账.xlsx")
    assert (result.rows, result.imported, result.errors) == (2, 2, [])
    assert {one.fine_fen for one in stored(db).values()} == {500_000}


@pytest.mark.parametrize("label", ["合计（2宗）", "总计：2件", "合 计", "共2宗合计"])
def test_a_total_row_whose_label_says_more_than_the_marker_is_passed_over(db, tmp_path, label):
    lines = [HEADER, case(3101, **{"立案日期": "2026-03-05"}), case(3102, **{"立案日期": "2026-03-05"}),
             [label, "", "", "", "", "", "", "", "", "200", "10000", ""]]
    result = import_register(db, write_csv(tmp_path / "台账.csv", lines))
    assert (result.rows, result.imported, result.errors) == (2, 2, [])


def test_subtotal_rows_under_a_number_column_are_passed_over(db, tmp_path):
    lines = [["序号", *HEADER],
             ["1", *case(3201, **{"立案日期": "2026-03-05"})],
             ["南海区小计", "", "", "", "", "", "", "", "", "", "100", "5000", ""],
             ["2", *case(3202, **{"立案日期": "2026-03-05", "所属区": "顺德区"})],
             ["顺德区小计：", "", "", "", "", "", "", "", "", "", "100", "5000", ""],
             ["合计（2宗）", "", "", "", "", "", "", "", "", "", "200", "10000", ""]]
    result = import_register(db, write_csv(tmp_path / "台账.csv", lines))
    assert (result.rows, result.imported, result.errors) == (2, 2, [])


def test_a_case_row_naming_a_party_is_not_taken_for_a_total(db, tmp_path):
    # a label ending in 合计 is a total only when the row names no party and no case number
    lines = [["序号", *HEADER],
             ["共计", *case(3301, **{"立案日期": "2026-03-05", "当事人": ""})]]
    with pytest.raises(ImportRefused) as refused:
        import_register(db, write_csv(tmp_path / "台账.csv", lines))
    assert any(e["field"] == "当事人" for e in refused.value.errors)


def test_empty_required_cells_are_said_to_be_empty(db, tmp_path, english):
    lines = [HEADER, case(3401, **{"立案日期": "2026-03-05", "所属区": "", "行业领域": " ", "办理状态": ""})]
    with pytest.raises(ImportRefused) as refused:
        import_register(db, write_csv(tmp_path / "台账.csv", lines))
    messages = {e["field"]: e["message"] for e in refused.value.errors}
    assert set(messages) == {"所属区", "行业领域", "办理状态"}
    for field, message in messages.items():
        assert "—" not in message and "empty" in message, (field, message)
    assert "南海区" in messages["所属区"]  # and what to write
    assert "房地产租售" in messages["行业领域"] and "已决定" in messages["办理状态"]


def test_a_merged_district_left_empty_is_said_to_be_empty_in_each_row(db, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", [case(n, **{"所属区": None}) for n in (3501, 3502)], merges=["D2:D3"])
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert [(e["row"], e["field"]) for e in refused.value.errors] == [(2, "所属区"), (3, "所属区")]
    assert all("—" not in e["message"] for e in refused.value.errors)


def test_line_breaks_in_single_line_cells_are_joined(db, tmp_path):
    rows = [case(3601, **{"当事人": "佛山市南海区\n换行公司 ", "案件编号": "佛南市监立〔2026〕\n3601号",
                          "案由": " 发送\n商业性信息案", "所属区": "南海区\n", "行业领域": " 其他 ",
                          "办理状态": "已结案\n", "违法行为": "未经同意发送商业性信息\n非法提供或泄露个人信息"}),
            case(3602, **{"当事人": "Foshan Nanhai\nTrading Co."})]
    result = import_register(db, workbook(tmp_path / "台账.xlsx", rows))
    assert (result.imported, result.errors) == (2, [])
    cases = stored(db)
    one = cases["佛南市监立〔2026〕3601号"]
    assert (one.cause, one.status, one.sector) == ("发送商业性信息案", "closed", "other")
    assert one.violations == ["unsolicited_commercial_messages", "illegal_provision_or_leak"]
    found = list_cases(db, CaseFilter(search="南海区换行公司"))
    assert [r.case_number for r in found] == ["佛南市监立〔2026〕3601号"]
    assert [r.case_number for r in list_cases(db, CaseFilter(search="Nanhai Trading"))] == ["佛南市监立〔2026〕3602号"]


COMPLAINT_HEADER = ["序号", "工单编号", "投诉时间", "投诉内容", "被投诉方"]


def test_a_complaint_subtotal_row_ending_in_its_marker_is_passed_over(db, tmp_path):
    lines = [COMPLAINT_HEADER,
             ["1", "GD001", "2026-03-05 14:22:10", "佛山某装饰公司天天打电话推销装修，严重骚扰", "某装饰公司"],
             ["南海区小计", "", "", "1件", ""],
             ["2", "GD002", "2026-03-05 15:00:00", "收到推销短信，回复退订无效", "某楼盘"],
             ["顺德区小计", "", "", "1件", ""]]
    result = import_complaints(db, [write_csv(tmp_path / "投诉.csv", lines)])
    assert (result.rows, result.imported) == (2, 2)


def test_a_complaint_export_with_a_column_merged_down_gives_each_row_its_value(db, tmp_path):
    rows = [["1", "GD011", dt.datetime(2026, 3, 5, 9), "佛山某装饰公司天天打电话推销装修，严重骚扰", "某装饰公司"],
            ["2", "GD012", dt.datetime(2026, 3, 5, 10), "又打电话推销装修", None],
            ["3", "GD013", dt.datetime(2026, 3, 5, 11), "第三次打电话推销装修", None]]
    path = workbook(tmp_path / "投诉.xlsx", rows, merges=["E2:E4"], header=COMPLAINT_HEADER)
    result = import_complaints(db, [path])
    assert (result.rows, result.imported) == (3, 3)
    assert [t for (t,) in db.execute("SELECT target_name FROM complaints ORDER BY external_id")] == ["某装饰公司"] * 3


def test_a_district_merged_over_its_cases_and_their_subtotal_row_leaves_the_subtotal_a_total(db, tmp_path):
    """所属区 merged down over a district's cases and its 小计 row (the review's register): the cases take the
    district, the 小计 rows are still passed over as totals."""
    rows = [case(3001, 所属区="南海区"), case(3002, 所属区=None),
            [None, "小计", None, None, None, None, None, None, None, None, 10000, None],
            case(3003, 所属区="顺德区"),
            [None, "小计", None, None, None, None, None, None, None, None, 5000, None]]
    path = workbook(tmp_path / "台账.xlsx", rows, merges=["D2:D4", "D5:D6"])
    result = import_register(db, path)
    assert result.imported == 3, result.errors
    cases = stored(db)
    assert cases["佛南市监立〔2026〕3002号"].district == "南海区"
    assert cases["佛南市监立〔2026〕3003号"].district == "顺德区"
