"""The complaint import wizard says how many rows a file holds as the import counts them (its 合计 row, blank and
footnote rows and the header repeated below the table left out), and every header a channel's profile names is
either recognised as a field or deliberately ignored — the consumer council's 投诉类别 is its 类型."""

import csv

import pytest

from ui.complaint_import import ComplaintImportDialog
from workstation.importing.complaints import complaint_spec, import_complaints, read_header
from workstation.importing.tables import normalize_header

HEADER = ["工单编号", "受理时间", "工单来源", "诉求人", "来电号码", "内容描述", "被反映对象"]
ROWS = [["GD001", "2026-03-01 09:00:00", "12345热线", "王先生", "13800138000", "推销电话骚扰", "某房产"],
        ["GD002", "2026-03-01 10:00:00", "12345热线", "李女士", "13900139001", "商品过期", "某超市"],
        [],
        HEADER,  # the next day's export pasted under the first, header and all
        ["GD003", "2026-03-02 11:00:00", "12345热线", "赵先生", "13700137002", "培训机构骚扰", "某培训"],
        ["合计", "", "", "", "", "3件", ""],
        ["制表人：张三", "", "", "", "", "", ""]]


def hotline_workbook(path, rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["佛山市12345热线工单明细表"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def hotline_csv(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


@pytest.mark.parametrize("write", [hotline_workbook, hotline_csv], ids=["xlsx", "csv"])
def test_the_rows_read_with_the_header_are_counted_as_the_import_counts_them(db, tmp_path, write):
    path = write(tmp_path / ("12345三月" + (".xlsx" if write is hotline_workbook else ".csv")), ROWS)
    header = read_header(db, path, partial=True)
    result = import_complaints(db, [path])
    assert result.rows == 3 and not result.files[0].refused
    assert (header.rows, header.rows_estimated) == (3, False)


def test_a_workbook_whose_text_column_is_still_to_choose_counts_its_filled_rows_but_the_total(db, tmp_path):
    path = tmp_path / "无内容列.xlsx"
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["工单编号", "受理时间", "诉求详情"])  # 诉求详情 names no field: the text column is to be chosen
    for row in (["GD001", "2026-03-01 09:00:00", "推销电话"], [], ["GD002", "2026-03-01 10:00:00", "骚扰短信"],
                ["合计", "", "2件"]):
        sheet.append(row)
    workbook.save(path)
    header = read_header(db, path, partial=True)
    assert "text" not in header.mapping and header.rows == 2


@pytest.mark.gui
def test_the_wizard_lists_a_workbook_with_the_rows_the_import_will_read(db, prompts, qtbot, tmp_path):
    path = hotline_workbook(tmp_path / "hotline.xlsx", ROWS)
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(str(path))
    assert prompts.errors == []
    label = dialog.files.item(0).text()
    assert label.startswith("hotline.xlsx — ") and label.split(" — ")[2] in ("3 rows", "3 行", "3行")


def test_every_header_a_profile_names_maps_to_a_field_or_is_ignored():
    spec = complaint_spec()
    fields = {normalize_header(w): f for f, words in spec["fields"].items() for w in words}
    ignored = {normalize_header(w) for w in spec["ignored"]}
    assert not fields.keys() & ignored  # a wording is either a field's or ignored, not both
    for name, profile in spec["profiles"].items():
        unknown = [h for h in profile["headers"] if normalize_header(h) not in fields.keys() | ignored]
        assert unknown == [], f"{name}: {unknown}"
    assert fields[normalize_header("投诉类别")] == "kind"


def test_the_consumer_councils_complaint_category_is_read_as_its_kind(db, tmp_path):
    path = tmp_path / "消委会三月.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([["投诉编号", "投诉时间", "联系电话", "投诉内容", "投诉类别"],
                                  ["XW1", "2026-03-03 08:00", "13600136000", "健身房推销电话骚扰", "服务"]])
    header = read_header(db, path, partial=True)
    assert header.mapping["kind"] == "投诉类别" and header.profile == "consumer_council"
