"""The complaint import wizard shows what each added file holds before the import: the list names each file's
channel and how many rows it holds (a workbook's as the import counts them, a CSV's estimated without reading it
whole), and beside each field's column its first values in the file, read from the first rows only, numbers masked as lists
show them, long values cut short with the whole value as tooltip."""

import csv

import pytest

from ui.complaint_import import ComplaintImportDialog

LONG = "某某培训机构以低价体验课为名诱导消费者办理预付卡，后门店关闭无法退费，多次联系无果"


def hotline_workbook(path, rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["佛山市12345热线工单明细表"])
    sheet.append(["工单编号", "受理时间", "工单来源", "诉求人", "来电号码", "内容描述", "被反映对象"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return str(path)


def council_csv(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["投诉编号", "投诉时间", "投诉人", "联系电话", "被投诉方", "投诉内容", "投诉类别", "处理状态"])
        out.writerows(rows)
    return str(path)


@pytest.fixture
def hotline(tmp_path):
    rows = [["GD001", "2026-03-01 09:00:00", "12345热线", "", "13800138000", LONG, "某培训机构"],
            ["GD002", "2026-03-01 10:00:00", "12345热线", "王先生", "0757-81234567", "推销电话骚扰", "某房产"],
            ["GD003", "2026-03-02 11:00:00", "12345热线", "李女士", "13900139001", "商品过期", "某超市"],
            ["GD004", "2026-03-02 12:00:00", "12345热线", "赵先生", "13700137002", "第四条不显示", "某店"],
            ["合计", "", "", "", "", "", ""]]
    return hotline_workbook(tmp_path / "12345三月.xlsx", rows)


@pytest.fixture
def council(tmp_path):
    # the complaint text is empty in the rows read with the header and filled only far below them
    rows = [[f"XW{n}", "2026-03-03 08:00", "钱女士", "13600136000", "某健身房", "", "服务", "已办结"] for n in range(30)]
    rows.append(["XW99", "2026-03-04 08:00", "孙先生", "13600136099", "某健身房", "深处的投诉内容", "服务", "已办结"])
    return council_csv(tmp_path / "消委会三月.csv", rows)


@pytest.fixture
def big_council(tmp_path):
    rows = [[f"XW{n}", "2026-03-03 08:00", "钱女士", "13600136000", "某健身房", "推销", "服务", "已办结"]
            for n in range(3000)]
    return council_csv(tmp_path / "消委会全年.csv", rows)


def test_read_header_gives_the_first_values_of_each_column_and_the_rows_below_the_header(db, hotline, council,
                                                                                         big_council, tmp_path):
    from workstation.importing.complaints import read_header

    header = read_header(db, hotline, partial=True)
    assert header.samples["来电号码"] == ["13800138000", "0757-81234567", "13900139001"]
    assert header.samples["诉求人"] == ["王先生", "李女士", "赵先生"]  # an empty cell is skipped
    assert header.samples["工单编号"] == ["GD001", "GD002", "GD003"]
    # the sheet's complaint rows below its title and header as the import counts them (its 合计 row left out)
    assert (header.rows, header.rows_estimated) == (4, False)
    header = read_header(db, council, partial=True)
    assert header.samples["投诉内容"] == []  # only the first rows below the header are read for samples
    assert header.samples["投诉编号"] == ["XW0", "XW1", "XW2"]
    assert header.rows_estimated and 28 <= header.rows <= 34  # not read to its end
    short = council_csv(tmp_path / "消委会短表.csv", [["XW1", "2026-03-03", "钱女士", "13600136000", "某店", "推销"]] * 3)
    header = read_header(db, short, partial=True)  # read to its end with the first rows: counted
    assert (header.rows, header.rows_estimated) == (3, False)
    header = read_header(db, big_council, partial=True)  # not read whole: estimated from its first 64 kB
    assert header.rows_estimated and 2700 <= header.rows <= 3300


@pytest.mark.gui
def test_the_column_mapping_shows_each_columns_first_values_masked(db, prompts, qtbot, hotline):
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(hotline)
    assert prompts.errors == []
    phone = dialog.samples["complainant_phone"]
    assert phone.shown == "138****8000 | 0757-****4567 | 139****9001"
    assert "13800138000" not in phone.toolTip() and phone.toolTip().splitlines()[0] == "138****8000"
    assert dialog.samples["complainant"].shown == "王** | 李** | 赵**"  # masked as a reporter's name
    text = dialog.samples["text"]
    assert text.shown.startswith(LONG[:19] + "…") and text.shown.endswith("商品过期")
    assert text.toolTip().splitlines() == [LONG, "推销电话骚扰", "商品过期"]  # the whole values
    dialog.show()
    qtbot.waitExposed(dialog)
    # on screen the line is cut to the room beside the column instead of widening the wizard
    assert text.text().endswith("…") and text.fontMetrics().horizontalAdvance(text.text()) <= text.width()
    assert text.width() < text.fontMetrics().horizontalAdvance(text.shown)
    # another column chosen for a field: its values are shown
    combo = dialog.columns["complainant"]
    combo.setCurrentIndex(combo.findData("被反映对象"))
    combo.activated.emit(combo.currentIndex())
    assert dialog.samples["complainant"].shown == "某**** | 某** | 某**"
    combo.setCurrentIndex(combo.findData(""))
    combo.activated.emit(combo.currentIndex())
    assert dialog.samples["complainant"].shown == ""


@pytest.mark.gui
def test_the_file_list_names_each_files_channel_and_rows(db, prompts, qtbot, hotline, council, big_council,
                                                          english):
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(hotline)
    dialog.add_file(council)
    dialog.add_file(big_council)
    assert prompts.errors == []
    assert dialog.files.item(0).text() == "12345三月.xlsx — 12345热线工单 — 4 rows"  # its 合计 row not counted
    assert dialog.files.item(1).text().startswith("消委会三月.csv — 消委会投诉 — about ")
    listed = dialog.files.item(2).text()
    assert listed.startswith("消委会全年.csv — 消委会投诉 — about ") and listed.endswith(" rows")
    dialog.files.setCurrentRow(1)
    # the complaint text is empty in the first rows: said so, rather than a blank that looks like a wrong column
    assert dialog.samples["text"].shown == "(empty in the first rows)"
    assert dialog.samples["complainant_phone"].shown == "136****6000 | 136****6000 | 136****6000"
