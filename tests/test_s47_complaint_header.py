"""Found by the import wizard audit of session 47: a hotline workbook whose two-row header has a top row of group
names only (工单信息 / 诉求人信息 / 诉求信息), with 序号 and 办理状态 merged down over both rows, is read with its
merged-down columns named; Esc cancels a progress dialog; a row whose work-order number an earlier import stored
with another complaint is named, not counted a plain duplicate."""

import csv
import datetime as dt
import json
import threading
from pathlib import Path

import openpyxl
import pytest

from workstation.errors import Cancelled
from workstation.importing.complaints import import_complaints, read_header

GROUPS = ["序号", "工单信息", "", "诉求人信息", "", "诉求信息", "", "办理状态"]
SUBS = ["", "工单编号", "受理时间", "诉求人", "来电号码", "内容描述", "被反映对象", ""]
NAMES = ["序号", "工单编号", "受理时间", "诉求人", "来电号码", "内容描述", "被反映对象", "办理状态"]


def _row(i: int) -> list:
    return [i + 1, f"GD2026030000{i:02d}", dt.datetime(2026, 3, 1 + i, 9, 15), f"张{i}", f"1395383258{i}",
            f"第{i}件：收到营销短信，要求处理。", "某贷款咨询有限公司", "已办结"]


def _sheet(ws, rows: int, title: bool = True) -> None:
    top = 1
    if title:
        ws.append(["佛山市12345政务服务便民热线工单导出（2026年3月）"] + [""] * 7)
        ws.append(["导出时间：2026-04-01 09:12  导出人：王某"] + [""] * 7)
        ws.merge_cells("A1:H1")
        ws.merge_cells("A2:H2")
        top = 3
    ws.append(GROUPS)
    ws.append(SUBS)
    for cells in (f"A{top}:A{top + 1}", f"B{top}:C{top}", f"D{top}:E{top}", f"F{top}:G{top}",
                  f"H{top}:H{top + 1}"):
        ws.merge_cells(cells)
    for i in range(rows):
        ws.append(_row(i))


def grouped_workbook(path: Path, rows: int = 3, second_sheet: int = 0) -> Path:
    wb = openpyxl.Workbook()
    _sheet(wb.active, rows)
    if second_sheet:
        ws = wb.create_sheet("第二页")
        _sheet(ws, 0)
        for i in range(rows, rows + second_sheet):
            ws.append(_row(i))
    wb.save(path)
    return path


def complaints(db) -> int:
    return db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]


# --- 1. a top row of group names --------------------------------------------------------------------------------


def test_a_header_under_a_row_of_group_names_takes_the_merged_down_names(db, tmp_path):
    path = grouped_workbook(tmp_path / "12345工单_2026年3月.xlsx")
    header = read_header(db, path, partial=True)
    assert header.texts == NAMES
    assert header.mapping["external_id"] == "工单编号" and header.mapping["text"] == "内容描述"


def test_a_workbook_with_a_group_name_row_is_imported_with_every_column_named(db, tmp_path):
    result = import_complaints(db, [grouped_workbook(tmp_path / "12345工单_2026年3月.xlsx")])
    assert not result.refused, result.files[0].refused
    assert result.imported == 3 and complaints(db) == 3
    raw, external_id = db.execute("SELECT raw, external_id FROM complaints ORDER BY source_row LIMIT 1").fetchone()
    raw = json.loads(raw)
    assert external_id == "GD202603000000"
    assert raw["序号"] in ("1", "1.0") and raw["办理状态"] == "已办结"
    assert not any(key.startswith("第") and key.endswith("列") for key in raw)


def test_a_later_sheet_under_the_same_group_header_is_imported_with_the_first(db, tmp_path):
    outcome = import_complaints(db, [grouped_workbook(tmp_path / "工单.xlsx", 2, second_sheet=2)]).files[0]
    assert not outcome.refused, outcome.refused
    assert outcome.imported == 4 and outcome.sheets_left_out == []


def test_a_name_the_lower_row_repeats_under_two_groups_is_told_by_its_group(db, tmp_path):
    path = tmp_path / "重名.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["序号", "工单信息", "", "诉求人信息", "", "被投诉方信息", "", "诉求信息"])
        writer.writerow(["", "投诉编号", "投诉时间", "投诉人", "联系电话", "被投诉方", "联系电话", "投诉内容"])
        writer.writerow(["1", "T1", "2026-03-01 10:00", "李某", "13912345670", "某店", "075788880000", "推销骚扰"])
    header = read_header(db, path)
    assert header.texts == ["序号", "投诉编号", "投诉时间", "投诉人", "诉求人信息 / 联系电话", "被投诉方",
                            "被投诉方信息 / 联系电话", "投诉内容"]
    result = import_complaints(db, [path])
    assert not result.refused, result.files[0].refused
    assert db.execute("SELECT complainant_phone FROM complaints").fetchone()[0] == "13912345670"


def test_a_title_row_above_a_one_row_header_is_not_joined_to_it(db, tmp_path):
    path = tmp_path / "登记.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["投诉登记表", "", "", "填报单位：市场监管局"])
        writer.writerow(["投诉编号", "投诉时间", "联系电话", "投诉内容"])
        writer.writerow(["C1", "2026-03-01 10:00", "13912345670", "推销骚扰"])
    assert read_header(db, path).texts == ["投诉编号", "投诉时间", "联系电话", "投诉内容"]


# --- 3. a work-order number an earlier import stored with another complaint ----------------------------------------

HEADER = ["工单编号", "受理时间", "来电号码", "内容描述"]
ROWS = [[f"WO-{i}", f"2026-03-0{i + 1} 10:00", f"1391234567{i}", f"第{i}件 推销电话骚扰"] for i in range(3)]


def export(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.mark.usefixtures("english")
def test_a_number_stored_by_an_earlier_import_with_another_complaint_is_named(db, tmp_path):
    import_complaints(db, [export(tmp_path / "三月.csv", ROWS)])
    revised = [r[:] for r in ROWS]
    revised[2][3] = "完全不同的投诉内容：某健身房拒绝退卡。"
    outcome = import_complaints(db, [export(tmp_path / "三月_修订.csv", revised)]).files[0]
    assert (outcome.imported, outcome.duplicates, outcome.number_conflicts) == (0, 2, 1)
    assert outcome.earlier_number == [(4, "三月.csv", 4, "WO-2")]
    assert outcome.same_number == []  # none repeats a row of its own file
    assert outcome.already_imported_note() == ""  # not every complaint in it is stored
    note = outcome.same_number_note()
    assert "三月_修订.csv" in note and "三月.csv" in note and "row 4" in note and "WO-2" in note
    assert "WO-1" not in note  # the same complaint again: a plain duplicate
    stored = db.execute("SELECT text FROM complaints WHERE external_id = 'WO-2'").fetchall()
    assert stored == [("第2件 推销电话骚扰",)]  # the stored complaint is kept, the other not added


def test_a_file_imported_again_unchanged_names_no_row(db, tmp_path):
    import_complaints(db, [export(tmp_path / "三月.csv", ROWS)])
    outcome = import_complaints(db, [export(tmp_path / "三月.csv", ROWS)]).files[0]
    assert outcome.duplicates == 3 and outcome.same_numbers == 0 and outcome.earlier_number == []
    assert outcome.same_number_note() == "" and outcome.already_imported_note()


def test_rows_of_one_file_sharing_a_number_are_still_named_as_before(db, tmp_path, english):
    rows = [*ROWS, ["WO-0", "2026-03-09 10:00", "13912345679", "另一件投诉"]]
    outcome = import_complaints(db, [export(tmp_path / "工单.csv", rows)]).files[0]
    assert outcome.same_number == [(5, 2, "WO-0")] and outcome.earlier_number == []
    assert "as in row 2" in outcome.same_number_note()


# --- 2. Esc cancels a progress dialog ------------------------------------------------------------------------------


def test_esc_cancels_the_task_of_a_progress_dialog(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMainWindow, QProgressDialog

    from ui.task_runner import TaskRunner

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    runner = TaskRunner()
    ended: list = []
    steps: list[int] = []
    released = threading.Event()

    def work(progress, cancel):
        for step in range(10_000):
            cancel.check()
            steps.append(step)
            progress(step, 10_000, "工作中")
            released.wait(0.01)
        return "done"

    runner.run("测试", work, ended.append, ended.append, window)
    try:
        qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QProgressDialog)), timeout=10_000)
        dialog = next(d for d in window.findChildren(QProgressDialog) if d.isVisible())
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: bool(ended), timeout=10_000)
    finally:
        released.set()
        runner.wait()
    assert isinstance(ended[0], Cancelled)
    assert steps[-1] < 9_999
