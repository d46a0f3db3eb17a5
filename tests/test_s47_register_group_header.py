"""A register whose header is two rows, the upper holding only group names (案件信息 / 当事人信息 / 处罚信息) and some
columns merged down over both rows (序号 first, 备注 last): the header is the lower row's names, a column merged down
takes the upper row's (序号 and 备注, not register fields, listed as not imported), and the title row above is never
read with it. As a CSV file (the merged cells' text in their upper cell, the lower one empty) and as a workbook."""

import csv
import io

import openpyxl

from workstation.importing.register import import_register

TITLE = "佛山市2026年侵害消费者个人信息案件台账"
UPPER = ["序号", "案件信息", "", "", "", "", "", "当事人信息", "", "处罚信息", "", "备注"]
LOWER = ["", "案件编号", "立案日期", "所属区", "行业领域", "案由", "办理状态", "当事人名称", "统一社会信用代码",
         "罚款金额（元）", "没收违法所得（元）", ""]
CASES = [
    [1, "佛南市监立〔2026〕201号", "2026-03-02", "南海区", "房地产租售", "涉嫌未经消费者同意发送商业性信息案",
     "已决定", "佛山市南海区誉嘉房地产代理有限公司", "", "15000", "", "已缴纳罚款"],
    [2, "佛顺市监立〔2026〕202号", "2026-03-05", "顺德区", "教育培训", "涉嫌违法收集、使用消费者个人信息案",
     "立案调查", "佛山市顺德区禾屿教育科技有限公司", "", "", "", ""],
]


def stored(db):
    return {r[0]: r[1:] for r in db.execute("SELECT case_number, cause, filed_on, fine_fen, party_names FROM cases")}


def assert_imported(db, result):
    assert (result.rows, result.imported, result.errors) == (2, 2, [])
    assert result.ignored_columns == ["序号", "备注"]
    assert stored(db) == {
        "佛南市监立〔2026〕201号": ("涉嫌未经消费者同意发送商业性信息案", "2026-03-02", 1_500_000,
                                   "佛山市南海区誉嘉房地产代理有限公司"),
        "佛顺市监立〔2026〕202号": ("涉嫌违法收集、使用消费者个人信息案", "2026-03-05", 0,
                                   "佛山市顺德区禾屿教育科技有限公司"),
    }


def test_a_csv_register_under_a_row_of_group_names_with_a_remark_merged_down_last_imports(db, tmp_path):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([TITLE] + [""] * (len(UPPER) - 1))
    writer.writerow(UPPER)
    writer.writerow(LOWER)
    writer.writerows(CASES)
    path = tmp_path / "台账.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    # refused before as "the row has 12 cells but the header only 11": 备注, merged down, was left without a header
    assert_imported(db, import_register(db, path))


def test_an_xlsx_register_under_a_row_of_group_names_with_columns_merged_down_imports(db, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(UPPER))
    sheet.append([c or None for c in UPPER])
    sheet.append([c or None for c in LOWER])
    for column in (1, len(UPPER)):  # 序号 and 备注 merged down over both header rows
        sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    for first, last in ((2, 7), (8, 9), (10, 11)):  # the groups merged across their columns
        sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=last)
    for case in CASES:
        sheet.append([c if c != "" else None for c in case])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    assert_imported(db, import_register(db, path))
