"""The complaint import wizard walked through in the window as an officer uses it, on exports made the way the
hotline, the consumer council and the 12315 platform make them (the project's own generator, ``bench/
make_complaints.py``, and messy variants of its files): several exports chosen or dropped at once, a broken one
among them named while the others are added; a title row, merged header cells and a 合计 row; a council CSV in
GB18030; a 12315 export in its own column order with a column of its own; Cancel midway; a column chosen wrongly and
corrected the next time; numbers Excel wrote as 1.38E+10 or 13800138000.0; the leads screening makes of them and the
search over the complaints' texts; the wizard's keys and language."""

import csv
import sys
from pathlib import Path

import pytest

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from ui.complaint_import import ComplaintImportDialog
from workstation.importing.complaints import import_complaints, load_profile
from workstation.money import chinese_date

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402

pytestmark = pytest.mark.gui


class ChoosingSeveral:
    """Scripted prompts whose file chooser, as the window's, can choose several exports at once: each call answers
    with the next list of ``chosen``."""

    def __init__(self, prompts):
        self.prompts, self.chosen = prompts, []

    def open_files(self, parent, title, filters):
        return self.chosen.pop(0) if self.chosen else []

    def __getattr__(self, name):
        return getattr(self.prompts, name)


@pytest.fixture
def hotline(tmp_path):
    """A 12345 work-order workbook: title row, a two-row header with merged group cells, 300 rows, a 合计 row."""
    path = tmp_path / "12345工单.xlsx"
    make_complaints.write_hotline_xlsx(path, 300, seed=7, merged_header=True, answers=False)
    return path


@pytest.fixture
def council(tmp_path):
    """A consumer-council export in GB18030 below a title row and a blank row."""
    path = tmp_path / "消委会投诉.csv"
    make_complaints.write_council_csv(path, 200, seed=7, encoding="gb18030", answers=False)
    return path


def wizard(db, page, prompts, qtbot):
    dialog = ComplaintImportDialog(db, prompts, page, runner=page.runner, choices=page.import_choices)
    qtbot.addWidget(dialog)
    return dialog


def listed(dialog) -> list[str]:
    return [dialog.files.item(row).text() for row in range(dialog.files.count())]


def import_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def choose_column(dialog, field: str, header: str) -> None:
    """The officer picks ``header`` in the drop-down list of ``field``."""
    combo = dialog.columns[field]
    combo.setCurrentIndex(combo.findData(header))
    combo.activated.emit(combo.currentIndex())


def drop(dialog, paths) -> None:
    """Files dragged from the file manager and dropped on the wizard."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(event)


def count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]


def active(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


# several exports at once -------------------------------------------------------------------------------------
def test_the_hotline_workbook_and_the_council_csv_chosen_together_are_both_added_and_imported(
        db, prompts, make_window, qtbot, hotline, council, chinese):
    page = make_window(db).leads_page
    choosing = ChoosingSeveral(prompts)
    choosing.chosen = [[str(hotline), str(council)]]
    dialog = wizard(db, page, choosing, qtbot)
    dialog.add_button.click()  # one file chooser, both exports selected in it
    assert prompts.errors == []
    # the title row, the merged header and the 合计 row are read as the import reads them
    assert listed(dialog) == ["12345工单.xlsx — 12345热线工单 — 300行", "消委会投诉.csv — 消委会投诉 — 约200行"]
    assert dialog.profile() == "12345" and dialog.columns["text"].currentText() == "诉求信息 / 内容描述"
    assert dialog.field_labels["complainant_phone"].text() == "来电号码（导入为“来电号码”）"
    assert dialog.samples["complainant_phone"].shown.count("****") == 3  # the callers' numbers masked
    dialog.files.setCurrentRow(1)
    assert dialog.profile() == "consumer_council" and dialog.columns["complainant_phone"].currentText() == "联系电话"
    assert dialog.samples["text"].shown.startswith("佛山市禅城区惠万家超市")  # GB18030 read as such
    assert import_button(dialog).isEnabled()
    page.run_import(dialog.paths, plan=dialog.plan())
    assert prompts.errors == []
    assert prompts.infos[0].split("\n") == [
        "已导入投诉491件，重复9件未导入。", "12345工单.xlsx（12345热线工单）：300行，导入294件，重复6件。",
        "消委会投诉.csv（消委会投诉）：200行，导入197件（其中8件与其他渠道的投诉为同一投诉），重复3件。"]
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE text LIKE '合计%'").fetchone()[0] == 0


def test_a_broken_workbook_chosen_with_a_good_export_is_named_and_the_other_still_imports(
        db, prompts, make_window, qtbot, hotline, council, tmp_path, chinese):
    broken = tmp_path / "12345工单_四月.xlsx"
    broken.write_bytes(hotline.read_bytes()[: hotline.stat().st_size // 2])  # cut short in the copy
    page = make_window(db).leads_page
    choosing = ChoosingSeveral(prompts)
    choosing.chosen = [[str(broken), str(council)]]
    dialog = wizard(db, page, choosing, qtbot)
    dialog.add_button.click()
    assert prompts.errors == ["12345工单_四月.xlsx 无法作为电子表格读取：文件可能已损坏、不完整，或并非真正的 Excel "
                              "文件；请用 Excel 或 WPS 打开，重新另存为 .xlsx 后再导入。"]
    assert dialog.paths == [str(council)] and listed(dialog) == ["消委会投诉.csv — 消委会投诉 — 约200行"]
    before = count(db)
    page.run_import(dialog.paths, plan=dialog.plan())
    assert count(db) - before == 197
    assert {r[0] for r in db.execute("SELECT source_file FROM complaints")} == {"消委会投诉.csv"}


def test_exports_chosen_together_are_read_one_after_the_other_in_the_background(db, prompts, qtbot, hotline,
                                                                               council):
    from ui.task_runner import TaskRunner

    runner = TaskRunner()
    dialog = ComplaintImportDialog(db, prompts, runner=runner)
    qtbot.addWidget(dialog)
    try:
        dialog.add_files([str(hotline), str(council)])
        assert dialog.reading == str(hotline) and not import_button(dialog).isEnabled()
        qtbot.waitUntil(lambda: dialog.paths == [str(hotline), str(council)], timeout=60000)
    finally:
        runner.wait()
    assert dialog.reading is None and prompts.errors == [] and import_button(dialog).isEnabled()


def test_exports_dropped_on_the_wizard_are_added_and_one_dropped_twice_is_named(
        db, prompts, make_window, qtbot, hotline, council, chinese):
    page = make_window(db).leads_page
    dialog = wizard(db, page, prompts, qtbot)
    drop(dialog, [hotline, council])
    assert dialog.paths == [str(hotline), str(council)] and prompts.errors == []
    drop(dialog, [council])  # the same file again
    assert prompts.errors == ["消委会投诉.csv 已在列表中。"] and dialog.paths == [str(hotline), str(council)]
    page.run_import(dialog.paths, plan=dialog.plan())
    stored = count(db)
    page.run_import([str(council)])  # and imported once more, later
    assert count(db) == stored
    assert prompts.infos[-1].startswith("消委会投诉.csv 已于 ") and prompts.infos[-1].splitlines()[0].endswith(
        "导入过：其中 200 件投诉均已在库中，本次未重复导入。")


def test_a_12315_export_in_its_own_column_order_with_a_column_of_its_own(db, prompts, make_window, qtbot, tmp_path,
                                                                         chinese):
    made = tmp_path / "made.csv"
    make_complaints.write_council_csv(made, 40, seed=3, encoding="utf-8", title=False, answers=False)
    with made.open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    # the 12315 platform's wordings, the text first, and a column no profile knows (核查备注)
    taken = ["投诉内容", "投诉编号", None, "联系电话", "投诉时间", "被投诉方", "投诉人"]
    names = ["问题描述", "登记编号", "核查备注", "联系电话", "登记时间", "被投诉对象", "反映人"]
    path = tmp_path / "12315登记.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([names, *([row[header.index(t)] if t else "待核" for t in taken] for row in rows)])
    page = make_window(db).leads_page
    dialog = wizard(db, page, prompts, qtbot)
    dialog.add_file(str(path))
    assert listed(dialog) == ["12315登记.csv — 12315平台 — 约40行"] and dialog.detected.text() == "识别为：12315平台"
    assert {f: c.currentText() for f, c in dialog.columns.items() if c.currentData()} == {
        "external_id": "登记编号", "received_at": "登记时间", "complainant_phone": "联系电话", "complainant": "反映人",
        "text": "问题描述", "target_name": "被投诉对象"}
    page.run_import(dialog.paths, plan=dialog.plan())
    assert prompts.errors == []
    first = db.execute("SELECT source, external_id, text, raw FROM complaints ORDER BY source_row LIMIT 1").fetchone()
    assert first[:3] == ("12315", rows[0][0], rows[0][5])
    assert '"核查备注":"待核"' in first[3]  # the column of its own kept in the raw row


# Cancel ---------------------------------------------------------------------------------------------------------
def test_cancel_midway_leaves_no_complaint_of_the_file_being_imported(db, prompts, make_window, tmp_path, chinese):
    from ui.task_runner import ImmediateRunner
    from workstation.progress import CancelToken

    class CancelInTheSecondFile(ImmediateRunner):
        """The officer presses Cancel once, when the bar shows the council file a third imported; each task has a
        token of its own, as on the window's runner."""

        pressed = False

        def start(self, title, work, on_done, on_error, progress):
            def watch(done, total, message):
                if not self.pressed and "消委会投诉.csv" in message and total and done > total // 3:
                    self.pressed = True
                    self.cancel_token.cancel()
                progress(done, total, message)

            self.cancel_token = CancelToken()
            return super().start(title, work, on_done, on_error, watch)

    hotline, council = tmp_path / "12345工单.xlsx", tmp_path / "消委会投诉.csv"
    make_complaints.write_hotline_xlsx(hotline, 500, seed=7, answers=False)
    make_complaints.write_council_csv(council, 3000, seed=7, encoding="gb18030", answers=False)
    page = make_window(db, runner=CancelInTheSecondFile()).leads_page
    page.run_import([str(hotline), str(council)])
    # asked whether to screen what the earlier file stored (the scripted answer: yes)
    assert prompts.confirmations[-1].startswith(
        "已取消：消委会投诉.csv 未导入；在它之前导入的文件（12345工单.xlsx）保持已导入。\n\n这些投诉尚未归并为线索。")
    assert db.execute("SELECT source_file, COUNT(*) FROM complaints GROUP BY 1").fetchall() == [("12345工单.xlsx", 490)]
    page.run_import([str(council)])  # imported again to its end: whole, once
    assert prompts.infos[-1].split("\n")[-1].startswith("消委会投诉.csv（消委会投诉）：3000行，导入2969件")
    assert count(db) == 490 + 2969


# the columns, remembered per channel ----------------------------------------------------------------------------
def test_a_column_chosen_wrongly_is_remembered_for_its_channel_and_corrected_the_next_time(
        db, prompts, make_window, qtbot, council, tmp_path, chinese):
    page = make_window(db).leads_page
    dialog = wizard(db, page, prompts, qtbot)
    dialog.add_file(str(council))
    choose_column(dialog, "text", "投诉类别")  # the officer picks the category column for the text
    # what it holds shows beside it before anything is imported
    assert dialog.samples["text"].shown == "商品价格 | 通信服务 | 通信服务"
    page.run_import(dialog.paths, plan=dialog.plan())
    assert load_profile(db, "consumer_council")["text"] == "投诉类别"

    april = tmp_path / "消委会投诉四月.csv"
    with council.open(encoding="gb18030", newline="") as fh:
        rows = list(csv.reader(fh))
    for row in rows[3:]:
        row[0] = row[0].replace("TS", "TS04")  # April's complaints, numbered apart
    with april.open("w", encoding="gb18030", newline="") as fh:
        csv.writer(fh).writerows(rows)
    again = wizard(db, page, prompts, qtbot)  # opened again: the wrong column is offered, as remembered
    again.add_file(str(april))
    assert again.columns["text"].currentText() == "投诉类别"
    choose_column(again, "text", "投诉内容")  # and corrected
    page.run_import(again.paths, plan=again.plan())
    assert load_profile(db, "consumer_council")["text"] == "投诉内容"
    assert db.execute("SELECT text FROM complaints WHERE source_file = ? ORDER BY source_row LIMIT 1",
                      [april.name]).fetchone() == (rows[3][5],)
    # the hotline's channel keeps its own columns
    assert load_profile(db, "12345") is None


# numbers Excel changed -----------------------------------------------------------------------------------------
def write_council(path, phones):
    rows = [["投诉编号", "投诉时间", "联系电话", "投诉内容"]]
    rows += [[f"TS{n}", f"2026-03-02 09:{n:02d}", phone, f"0757-8123456{n}天天打来推销楼盘"]
             for n, phone in enumerate(phones, 1)]
    with path.open("w", encoding="gb18030", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_a_callers_number_excel_wrote_as_1_38e10_is_refused_naming_file_row_and_column(
        db, prompts, make_window, qtbot, tmp_path, chinese, table_counts):
    shortened = write_council(tmp_path / "消委会三月.csv", ["13800138000", "1.38001E+10"])
    fine = write_council(tmp_path / "消委会四月.csv", ["13800138000.0", "13900139000"])
    page = make_window(db).leads_page
    before = table_counts(db, ("complaints", "leads", "import_profiles"))
    page.run_import([str(shortened)])
    assert prompts.errors == ["已导入投诉0件，重复0件未导入。\n未导入：消委会三月.csv，第3行，联系电话：1.38001E+10 是 Excel "
                              "以科学计数法写出的数字，末尾几位已丢失。请从原系统重新导出投诉，或在原工作簿中先将该列设为"
                              "文本（数字格式 0）再另存为 CSV，然后导入新文件。"]
    assert table_counts(db, ("complaints", "leads", "import_profiles")) == before
    page.run_import([str(fine)])  # a number written with .0 keeps its digits
    assert db.execute("SELECT complainant_phone FROM complaints ORDER BY source_row").fetchall() == [
        ("13800138000",), ("13900139000",)]


def test_a_work_order_number_excel_wrote_in_scientific_notation_is_refused(db, tmp_path, english):
    path = tmp_path / "热线.csv"
    path.write_text("工单编号,受理时间,来电号码,内容描述\n2.02603E+15,2026-03-02 09:00,13800138000,推销楼盘\n"
                    "2.02603E+15,2026-03-02 09:05,13900139000,推销贷款\n", encoding="utf-8")
    result = import_complaints(db, [path])
    # before, the second complaint was left out as a duplicate of the first
    assert result.refused[0].refused.startswith("热线.csv, row 2, 工单编号: 2.02603E+15 is a number Excel wrote in "
                                                "scientific notation")
    assert count(db) == 0


def test_a_workbooks_number_cells_keep_their_digits(db, prompts, make_window, qtbot, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["工单编号", "受理时间", "来电号码", "内容描述"])
    sheet.append(["X1", "2026-03-02 09:00:00", 13800138000.0, "0757-81234567天天打来推销楼盘"])
    sheet.append(["X2", "2026-03-02 09:10:00", 13900139000, "0757-81234567天天打来推销楼盘"])
    sheet["C2"].number_format = "0.00E+00"  # shown 1.38E+10 in Excel, the digits kept in the cell
    path = tmp_path / "12345三月.xlsx"
    workbook.save(path)
    page = make_window(db).leads_page
    page.run_import([str(path)])
    assert db.execute("SELECT complainant_phone FROM complaints ORDER BY source_row").fetchall() == [
        ("13800138000",), ("13900139000",)]


# the leads and the search -------------------------------------------------------------------------------------
def test_the_leads_screening_makes_of_both_exports(db, prompts, make_window, tmp_path, chinese):
    hotline, council = tmp_path / "12345工单.xlsx", tmp_path / "消委会投诉.csv"
    answers = [make_complaints.write_hotline_xlsx(hotline, 400, seed=7, merged_header=True),
               make_complaints.write_council_csv(council, 300, seed=7, encoding="gb18030")]
    expected = make_complaints.expected_leads(*answers)
    page = make_window(db).leads_page
    page.run_import([str(hotline), str(council)])
    found = {}
    for lead_id, in db.execute("SELECT id FROM leads").fetchall():
        found[lead_id] = sorted(r[0] for r in db.execute("SELECT external_id FROM complaints WHERE lead_id = ?",
                                                          [lead_id]))
    assert sorted(found.values()) == sorted(sorted(e["complaint_ids"]) for e in expected)
    model = page.model
    assert model.rowCount() == len(expected)
    for row, record in enumerate(model.records):
        cells = [model.data(model.index(row, column)) for column in range(model.columnCount())]
        dates = db.execute("SELECT MIN(received_at), MAX(received_at) FROM complaints WHERE lead_id = ?",
                           [record["id"]]).fetchone()
        # the list's count leaves out a complaint that repeats one received through the other channel
        repeated = db.execute("SELECT COUNT(*) FROM complaints WHERE lead_id = ? AND same_as IS NOT NULL",
                              [record["id"]]).fetchone()[0]
        assert cells[4] == str(len(found[record["id"]]) - repeated)
        assert f"（{chinese_date(dates[0][:10])}至{chinese_date(dates[1][:10])}）" in cells[11]
        assert "****" in cells[2] and not any(len(n) == 11 and n.isdigit() for n in cells[2].split())
        page.select(record["id"])
        shown = page.detail.toPlainText()
        # every complainant's own number masked wherever the lead's sample texts quote it
        for phone, in db.execute("SELECT DISTINCT complainant_phone FROM complaints WHERE lead_id = ?",
                                 [record["id"]]):
            assert phone not in shown and phone not in cells[11]
        assert "1. " in cells[11]  # its sample texts


def test_the_search_finds_complaints_from_two_characters_masked(db, prompts, make_window, hotline, council,
                                                                 chinese):
    page = make_window(db).leads_page
    page.run_import([str(hotline), str(council)])
    for query in ("骚扰", "推销电话"):
        page.search.setText(query)
        page.run_search()
        expected = db.execute("SELECT COUNT(*) FROM complaints WHERE instr(text, ?) > 0", [query]).fetchone()[0]
        assert expected and page.search_count.text() == f"找到投诉{expected}件"
        shown = [page.complaint_model.data(page.complaint_model.index(r, 2)) for r in range(min(expected, 20))]
        assert all("****" in number for number in shown)  # the complainants' numbers masked


# keys and language -----------------------------------------------------------------------------------------------
def test_the_wizard_is_worked_with_the_keyboard(db, prompts, make_window, qtbot, council, chinese):
    page = make_window(db).leads_page
    dialog = active(qtbot, wizard(db, page, prompts, qtbot))
    assert QApplication.focusWidget() is dialog.add_button  # Enter chooses the exports at once
    prompts.files = [str(council)]
    qtbot.keyClick(dialog.add_button, Qt.Key.Key_Return)
    assert dialog.paths == [str(council)]
    # the keyboard on the list of files: Tab goes on through the channel and the columns to Import
    assert QApplication.focusWidget() is dialog.files
    chain = []
    for _n in range(16):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        chain.append(QApplication.focusWidget().objectName() or QApplication.focusWidget().text())
    assert chain == ["add_file", "remove_file", "profile", *(f"column_{f}" for f in dialog.columns),
                     import_button(dialog).text(), dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text(),
                     "import_files"]
    dialog.files.setFocus()
    qtbot.keyClick(dialog.files, Qt.Key.Key_Return)  # Enter imports
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_escape_asks_before_dropping_the_files_added(db, prompts, make_window, qtbot, council, chinese):
    page = make_window(db).leads_page
    dialog = active(qtbot, wizard(db, page, prompts, qtbot))
    dialog.add_file(str(council))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert prompts.confirmations == ["放弃所做的修改吗？"] and dialog.isVisible()  # No: the files stay
    prompts.confirm_answer = True
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible() and count(db) == 0


def test_a_file_needing_a_choice_takes_the_keyboard_to_it(db, prompts, make_window, qtbot, tmp_path, chinese):
    path = tmp_path / "来信.csv"
    path.write_text("编号,反映内容\nL1,有人打0757-81234567推销装修\n", encoding="utf-8")
    page = make_window(db).leads_page
    dialog = active(qtbot, wizard(db, page, prompts, qtbot))
    dialog.add_file(str(path))
    assert QApplication.focusWidget() is dialog.profile_box  # the channel is still to choose
    assert dialog.detected.text() == "来信.csv：导入前请选择来源渠道。"


def test_the_wizards_own_texts_are_chinese(db, prompts, make_window, qtbot, qapp, council, chinese):
    from ui.app import install_qt_translations

    translator = install_qt_translations(qapp)  # as the program starts: Qt's own buttons in Chinese
    try:
        page = make_window(db).leads_page
        dialog = wizard(db, page, prompts, qtbot)
        dialog.add_file(str(council))
        texts = [dialog.windowTitle(), dialog.intro.text(), dialog.add_button.text(), dialog.remove_button.text(),
                 dialog.mapping_box.title(), *(b.text() for b in dialog.buttons.buttons()),
                 *(label.text() for label in dialog.field_labels.values()), dialog.columns["district"].itemText(0),
                 dialog.profile_box.itemText(0)]
        assert [t for t in texts if not any("\u4e00" <= c <= "\u9fff" for c in t)] == []
    finally:
        if translator is not None:
            qapp.removeTranslator(translator)
