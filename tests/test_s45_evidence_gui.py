"""Evidence handling in the window (s45): rows copied from a spreadsheet are pasted into an item grid (Ctrl+V on
the table, or in a cell open for typing) cell by cell, adding rows, as one undo step, and cells are copied as
tab-separated text; changing the recipient of a counted item and voiding a counted item read the counted files in
the background (the window's task runner: progress and Cancel), a Cancel leaving everything as it was; the refusal
of a blank reason for a void names the file masked, as the other messages do."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QTableWidgetSelectionRange

from workstation.evidence_count import apply_count, update_and_recount
from workstation.formkit import grid as formkit_grid
from workstation.masking import mask_text
from workstation.store import find_case, get_case
from workstation.store.cases import case_events
from workstation.store.evidence import add_evidence, get_evidence

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation
ONE_ROW = "1 | 营业执照复印件 | 当事人提供 | 1份 | 复印"
# two rows copied from Excel: cells separated by tabs, each row ended by a line break (the last one too)
CLIP = "2\t现场照片\t当事人\t3张\t拍照\n3\t录音\t当事人\t1份\t打印\n"
PASTED = ("1 | 营业执照复印件 | 当事人提供 | 1份 | 复印\n2 | 现场照片 | 当事人 | 3张 | 拍照\n"
          "3 | 录音 | 当事人 | 1份 | 打印")


# the grid -----------------------------------------------------------------------------------------------------------
def test_pasted_text_splits_into_rows_and_cells_and_a_cell_keeps_no_tab():
    assert formkit_grid.pasted_rows(CLIP) == [["2", "现场照片", "当事人", "3张", "拍照"], ["3", "录音", "当事人", "1份", "打印"]]
    assert formkit_grid.pasted_rows("a\tb\r\nc\r\n") == [["a", "b"], ["c"]]  # Windows line breaks, the last one ignored
    assert formkit_grid.pasted_rows("a\n\nb") == [["a"], [""], ["b"]]  # a blank line in between stays a row
    assert formkit_grid.pasted_rows("") == [] and formkit_grid.pasted_rows("\n") == []
    assert formkit_grid.cell_text("现场\t照片") == "现场 照片"


@pytest.fixture
def grid(demo_db, opened, qtbot):
    """The items grid of a 证据提取单 of the demo case holding ``value``, shown, the table focused."""

    def make(value):
        editor = opened(demo_db, "evidence_extraction", find_case(demo_db, CASE))
        editor.set_field("items", value)
        editor.show()
        qtbot.waitExposed(editor)
        field = editor.fields["items"]
        field.table.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is field.table)
        return editor, field

    return make


def test_ctrl_v_on_the_table_fills_cells_from_the_current_one_adding_rows_as_one_undo_step(grid):
    editor, field = grid(ONE_ROW + "\n以下空白")
    table = field.table
    steps = editor.undo_stack.count()
    QApplication.clipboard().setText(CLIP)
    table.setCurrentCell(1, 0)  # the row printed across (以下空白) takes the pasted cells
    QTest.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert field.value() == PASTED
    assert table.rowCount() == 3 and "\t" not in field.value()
    assert editor.undo_stack.count() == steps + 1
    editor.undo_stack.undo()
    assert field.value() == ONE_ROW + "\n以下空白"
    editor.undo_stack.redo()
    assert field.value() == PASTED


def test_ctrl_v_from_a_middle_cell_goes_right_and_down_extra_columns_joining_the_last(grid):
    editor, field = grid(ONE_ROW)
    QApplication.clipboard().setText("现场照片\t当事人\n录音\t当事人\n")
    field.table.setCurrentCell(0, 1)
    QTest.keyClick(field.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert field.value() == "1 | 现场照片 | 当事人 | 1份 | 复印\n | 录音 | 当事人"
    QApplication.clipboard().setText("复制\t备注\t多余")  # one column more than the table has left
    field.table.setCurrentCell(0, 4)
    QTest.keyClick(field.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert field.value().split("\n")[0] == "1 | 现场照片 | 当事人 | 1份 | 复制 | 备注／多余"


def test_pasting_rows_in_a_cell_open_for_typing_fills_the_cells_not_that_one(grid):
    editor, field = grid(ONE_ROW)
    table = field.table
    steps = editor.undo_stack.count()
    QApplication.clipboard().setText("1\t营业执照复印件\t当事人提供\t1份\t复印\n" + CLIP)
    table.setCurrentCell(0, 0)
    QTest.keyClick(table, Qt.Key.Key_F2)
    typing = QApplication.focusWidget()
    assert typing is not table and table.isAncestorOf(typing)
    typing.selectAll()
    QTest.keyClick(typing, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert field.value() == PASTED and "\t" not in field.value()
    assert editor.undo_stack.count() == steps + 1
    # one cell copied (Excel ends it with a line break too) is typed in the open cell as any text pasted
    QApplication.clipboard().setText("现场照片\n")
    table.setCurrentCell(0, 1)
    QTest.keyClick(table, Qt.Key.Key_F2)
    typing = QApplication.focusWidget()
    typing.selectAll()
    QTest.keyClick(typing, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(typing, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate ends the edit queued
    assert field.value().split("\n")[0] == "1 | 现场照片 | 当事人提供 | 1份 | 复印"
    # a text of two lines from a document (no tabs) goes into the cell typed, not over the rows below it
    before = field.value().split("\n")[1:]
    QApplication.clipboard().setText("佛山市南海区桂城街道\n南海大道1号")
    table.setCurrentCell(0, 2)
    QTest.keyClick(table, Qt.Key.Key_F2)
    typing = QApplication.focusWidget()
    typing.selectAll()
    QTest.keyClick(typing, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(typing, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert field.value().split("\n")[0] == "1 | 现场照片 | 佛山市南海区桂城街道 南海大道1号 | 1份 | 复印"
    assert field.value().split("\n")[1:] == before


def test_ctrl_c_copies_the_selected_cells_as_tab_separated_rows(grid):
    editor, field = grid(PASTED)
    table = field.table
    table.setCurrentCell(0, 1)
    table.setRangeSelected(QTableWidgetSelectionRange(0, 1, 1, 2), True)
    QApplication.clipboard().setText("")
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "营业执照复印件\t当事人提供\n现场照片\t当事人\n"


# the evidence register ----------------------------------------------------------------------------------------------
PEOPLE = "".join(f"用户{n},1380013{n:04d}\n" for n in range(12))


def _counted(db, data_dir, case, folder, names=("一.csv", "13800138000名单.csv")) -> list:
    """Two spreadsheets of the same people registered and counted into 其他个人信息 (the second's name holds a
    phone number, masked in what the window says)."""
    items = []
    headers = ("手机号码", "电话", "手机")  # the same people, the files not the same (registered once each)
    for name, header in zip(names, headers, strict=False):
        path = folder / name
        path.write_text(f"姓名,{header}\n" + PEOPLE, encoding="utf-8")
        items.append(add_evidence(db, data_dir, case.id, path, kind="customer_list", collected_on="2026-03-10",
                                  collector="陈志强"))
    for item in items:
        apply_count(db, data_dir, case.id, item.id, "other", stated="replace")
    assert get_case(db, case.id).records_other == 12
    return [get_evidence(db, item.id) for item in items]


def _state(db, case, items) -> tuple:
    return (get_case(db, case.id).records_other, [get_evidence(db, item.id) for item in items],
            len(case_events(db, case.id)))


@pytest.fixture
def cancelled_while_reading(monkeypatch):
    """A runner that runs each task at once, and the officer's Cancel pressed while the task reads a stored file."""
    import workstation.filestore as filestore
    from ui.task_runner import ImmediateRunner

    runner = ImmediateRunner()
    read_file = filestore.read_file

    def reading(*args, **kwargs):
        runner.cancel_token.cancel()
        return read_file(*args, **kwargs)

    monkeypatch.setattr(filestore, "read_file", reading)
    return runner


@pytest.fixture
def reading_threads(monkeypatch):
    """The threads the stored files are read on, in turn."""
    import threading

    import workstation.filestore as filestore

    threads = []
    read_file = filestore.read_file

    def reading(*args, **kwargs):
        threads.append(threading.current_thread())
        return read_file(*args, **kwargs)

    monkeypatch.setattr(filestore, "read_file", reading)
    return threads


def _section(db, data_dir, case, prompts, qtbot, runner):
    from ui.case_evidence import CaseEvidence

    section = CaseEvidence(db, data_dir, case, prompts, runner=runner)
    qtbot.addWidget(section)
    return section


def test_a_recipient_changed_is_counted_again_in_the_background(db, data_dir, make_case, prompts, tmp_path, qtbot,
                                                                english, reading_threads):
    import threading

    from ui.case_evidence import EvidenceDialog
    from ui.task_runner import TaskRunner

    case = make_case()
    first, second = _counted(db, data_dir, case, tmp_path)
    update_and_recount(db, data_dir, first.id, recipient="甲")  # the first list sold to 甲
    reading_threads.clear()
    runner = TaskRunner()
    dialog = EvidenceDialog(db, data_dir, case, prompts, item=get_evidence(db, second.id), runner=runner)
    qtbot.addWidget(dialog)
    dialog.recipient.setText("乙")
    try:
        dialog.save()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    finally:
        runner.wait()
    assert prompts.errors == [] and dialog.saved.recipient == "乙"
    assert get_evidence(db, second.id).recipient == "乙"
    assert get_case(db, case.id).records_other == 24  # the same people sold to 甲 and to 乙 count twice
    assert "乙" in get_evidence(db, second.id).count_note
    # both lists read again, neither on the window's thread
    assert len(reading_threads) == 2 and threading.main_thread() not in reading_threads


def test_a_cancel_while_the_recipient_s_count_is_made_changes_nothing(db, data_dir, make_case, prompts, tmp_path,
                                                                      qtbot, english, cancelled_while_reading):
    from ui.case_evidence import EvidenceDialog

    case = make_case()
    items = _counted(db, data_dir, case, tmp_path)
    before = _state(db, case, items)
    dialog = EvidenceDialog(db, data_dir, case, prompts, item=items[1], runner=cancelled_while_reading)
    qtbot.addWidget(dialog)
    dialog.recipient.setText("乙")
    dialog.save()
    assert prompts.infos == ["Cancelled; nothing was changed."] and prompts.errors == []
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.saved is None
    assert _state(db, case, items) == before


def test_voiding_a_counted_item_reads_the_others_in_the_background(db, data_dir, make_case, prompts, tmp_path,
                                                                   qtbot, english, reading_threads):
    import threading

    from ui.task_runner import TaskRunner

    case = make_case()
    items = _counted(db, data_dir, case, tmp_path, names=("一.csv", "二.csv", "三.csv"))
    reading_threads.clear()
    runner = TaskRunner()
    section = _section(db, data_dir, case, prompts, qtbot, runner)
    section.view.selectRow(2)
    prompts.texts.append("误登记")
    prompts.confirm_answer = True
    try:
        section.void_selected()
        qtbot.waitUntil(lambda: get_evidence(db, items[2].id).void_reason == "误登记", timeout=20_000)
        qtbot.waitUntil(lambda: section.model.records[2].void_reason == "误登记", timeout=20_000)
    finally:
        runner.wait()
    assert prompts.errors == []
    assert get_case(db, case.id).records_other == 12
    assert "证据三.csv已作废" in case_events(db, case.id)[-1].note
    assert reading_threads and threading.main_thread() not in reading_threads


def test_a_cancel_while_a_void_counts_again_changes_nothing(db, data_dir, make_case, prompts, tmp_path, qtbot,
                                                            english, cancelled_while_reading):
    case = make_case()
    items = _counted(db, data_dir, case, tmp_path, names=("一.csv", "二.csv", "三.csv"))
    before = _state(db, case, items)
    section = _section(db, data_dir, case, prompts, qtbot, cancelled_while_reading)
    section.view.selectRow(2)
    prompts.texts.append("误登记")
    prompts.confirm_answer = True
    section.void_selected()
    assert prompts.infos == ["Cancelled; nothing was changed."] and prompts.errors == []
    assert _state(db, case, items) == before
    assert section.model.records[2].void_reason == ""


def test_a_blank_reason_is_refused_naming_the_file_masked(db, data_dir, make_case, prompts, tmp_path, qtbot,
                                                          english):
    from ui.task_runner import ImmediateRunner

    case = make_case()
    items = _counted(db, data_dir, case, tmp_path)
    section = _section(db, data_dir, case, prompts, qtbot, ImmediateRunner())
    section.view.selectRow(1)
    prompts.texts.append("  ")
    section.void_selected()
    name = mask_text("13800138000名单.csv")
    assert name != "13800138000名单.csv"
    assert prompts.errors == [f"Say why evidence item 2 ({name}) is void: the reason is kept with it."]
    assert get_evidence(db, items[1].id).void_reason == ""
