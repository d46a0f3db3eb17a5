"""The two grids typed into (a document's item table, an interview's attendees): rows copied from Excel or WPS
pasted as rows and cells — a cell holding a line break (Alt+Enter) kept one cell —, one undo step; Delete and
Backspace clear the cells selected and Ctrl+X cuts them, one undo step; Ctrl+C copies the whole selection; an
error names the row the officer sees; an attendee's field never stores a tab or a line break."""

import re
from dataclasses import replace

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QTableWidgetSelectionRange

from tests.test_item_grid import _focus, grid_editor  # noqa: F401 (a fixture)
from tests.test_ui_keyboard import active
from ui.interview_dialog import InterviewDialog
from workstation.formkit.grid import pasted_rows
from workstation.store import find_case
from workstation.store.interviews import get_interview, interview_field_errors, list_interviews

CASE = "佛南市监立〔2026〕9号"
BLOCK = "张三\t电信公司\t经理\n李四\t电信公司\t法务\n"


def _clip(text: str) -> None:
    QApplication.clipboard().setText(text)


def _shown(table) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def _select(table, top, left, bottom, right) -> None:
    table.setCurrentCell(top, left)
    table.clearSelection()
    table.setRangeSelected(QTableWidgetSelectionRange(top, left, bottom, right), True)


# 2. the clipboard as Excel and WPS write it ---------------------------------------------------------------------
def test_a_cell_with_a_line_break_copied_from_a_spreadsheet_stays_one_cell():
    excel = '1\t"冻猪肉\n（进口）"\t5kg/箱\t10箱\r\n'
    assert pasted_rows(excel) == [["1", "冻猪肉\n（进口）", "5kg/箱", "10箱"]]
    # a quote in a quoted cell is doubled
    assert pasted_rows('2\t"12"" 显示器\n（二手）"\t1台\n') == [["2", '12" 显示器\n（二手）', "1台"]]
    assert pasted_rows('"a\nb"\n"c\nd"\n') == [["a\nb"], ["c\nd"]]


def test_plain_text_pastes_as_before():
    assert pasted_rows("a\tb\nc\td\n\n") == [["a", "b"], ["c", "d"]]
    assert pasted_rows("a\t\n") == [["a", ""]]
    assert pasted_rows("") == []
    assert pasted_rows('他说"好"\t2\n') == [['他说"好"', "2"]]  # a quote within a cell is a quote
    assert pasted_rows('"冻猪肉"') == [['"冻猪肉"']]  # quoted words from a document: no spreadsheet quoting
    assert pasted_rows('"冻猪肉\n牛肉') == [['"冻猪肉'], ["牛肉"]]  # never closed: lines as they are
    assert pasted_rows('"第一行\n第二行" 之后\n') == [['"第一行'], ['第二行" 之后']]


@pytest.fixture
def seized_grid(demo_db, opened, qtbot):
    """The 查封（扣押）物品清单 of the demo case, shown, its items emptied, the keyboard on their first cell: (editor,
    grid, table)."""
    ed = opened(demo_db, "seized_items_list", find_case(demo_db, CASE))
    ed.show()
    qtbot.waitExposed(ed)
    grid = ed.fields["items"]
    table = grid.table
    ed.set_field("items", "")
    _focus(qtbot, table)
    table.setCurrentCell(0, 0)
    return ed, grid, table


def test_the_item_grid_pastes_an_excel_row_with_a_line_break_in_its_columns(seized_grid):
    ed, grid, table = seized_grid
    _clip('1\t"冻猪肉\n（进口）"\t5kg/箱\t０箱\t\r\n')
    QTest.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert table.rowCount() == 1
    assert _shown(table)[0][:4] == ["1", "冻猪肉 （进口）", "5kg/箱", "０箱"]
    assert grid.value() == "1 | 冻猪肉 （进口） | 5kg/箱 | ０箱"
    assert "０箱" in ed.errors["items"]  # the quantity in its column, so flagged


# 3. the row the officer sees -------------------------------------------------------------------------------------
def test_an_item_grid_error_names_the_row_shown(seized_grid):
    ed, _grid, table = seized_grid
    _clip("1\t冻猪肉\t5kg/箱\t10箱\t\n\n3\t冻牛肉\t5kg/箱\t０箱\t\n")
    QTest.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    shown = _shown(table)
    bad = next(r for r, cells in enumerate(shown) if "０箱" in cells)
    named = re.search(r"第(\d+)行", ed.errors["items"])
    assert named is not None and int(named[1]) == bad + 1, (shown, ed.errors["items"])


# 4. Delete, Backspace and Ctrl+X ---------------------------------------------------------------------------------
def test_delete_clears_the_item_cells_selected_as_one_undo_step(grid_editor, qtbot):  # noqa: F811
    ed = grid_editor()
    grid, table = ed.fields["items"], ed.fields["items"].table
    _focus(qtbot, table)
    before = grid.value()
    _select(table, 0, 1, 0, 3)
    steps = ed.undo_stack.count()
    QTest.keyClick(table, Qt.Key.Key_Delete)
    assert _shown(table)[0][:5] == ["1", "", "", "", "复印"]
    assert ed.undo_stack.count() - steps == 1
    QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid.value() == before
    _select(table, 0, 4, 0, 4)
    QTest.keyClick(table, Qt.Key.Key_Backspace)
    assert _shown(table)[0][4] == ""
    assert table.state() != table.State.EditingState


def test_ctrl_x_cuts_the_item_cells_selected(grid_editor, qtbot):  # noqa: F811
    ed = grid_editor()
    grid, table = ed.fields["items"], ed.fields["items"].table
    _focus(qtbot, table)
    before = grid.value()
    _select(table, 0, 1, 0, 2)
    steps = ed.undo_stack.count()
    QTest.keyClick(table, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "营业执照复印件\t当事人提供\n"
    assert _shown(table)[0][1:3] == ["", ""]
    assert ed.undo_stack.count() - steps == 1
    QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid.value() == before


# 1, 4, 5. the attendees grid --------------------------------------------------------------------------------------
def _dialog(qtbot, db, prompts, interview=None):
    dialog = active(qtbot, InterviewDialog(db, prompts, interview))
    qtbot.addWidget(dialog)
    return dialog


def test_a_block_pasted_on_the_attendees_grid_fills_rows_as_one_step(db, prompts, qtbot):
    dialog = _dialog(qtbot, db, prompts)
    dialog.add_attendee("王芳", "市局", "科长")
    table = dialog.attendees
    _focus(qtbot, table)
    table.setCurrentCell(0, 0)
    before = dialog.attendee_rows()
    steps = dialog.undo_stack.count()
    _clip(BLOCK)
    QTest.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert _shown(table) == [["张三", "电信公司", "经理"], ["李四", "电信公司", "法务"]]
    assert dialog.undo_stack.count() - steps == 1
    QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.attendee_rows() == before


def test_a_block_pasted_in_an_attendee_cell_open_is_saved_as_rows(demo_db, prompts, qtbot):
    interview = list_interviews(demo_db)[0]
    dialog = _dialog(qtbot, demo_db, prompts, get_interview(demo_db, interview.id))
    stored = list(dialog.attendee_rows())
    dialog.findChild(QPushButton, "add_attendee").click()
    editor = QApplication.focusWidget()
    steps = dialog.undo_stack.count()
    _clip(BLOCK)
    QTest.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert dialog.undo_stack.count() - steps == 1
    dialog.save()
    saved = get_interview(demo_db, interview.id).attendees
    assert saved == stored + [{"name": "张三", "organisation": "电信公司", "post": "经理"},
                              {"name": "李四", "organisation": "电信公司", "post": "法务"}]


def test_text_of_several_lines_pasted_in_an_attendee_cell_is_one_line(db, prompts, qtbot):
    dialog = _dialog(qtbot, db, prompts)
    dialog.findChild(QPushButton, "add_attendee").click()
    editor = QApplication.focusWidget()
    _clip('"佛山市\n电信公司"\r\n')  # one spreadsheet cell with a line break
    QTest.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the cell's typing is committed once back in the event loop
    assert dialog.attendee_rows() == [{"name": "佛山市 电信公司", "organisation": "", "post": ""}]


def test_an_attendee_field_holding_a_tab_or_a_line_break_is_refused(demo_db, english):
    interview = list_interviews(demo_db)[0]
    interview = get_interview(demo_db, interview.id)
    pasted = replace(interview, attendees=[*interview.attendees,
                                           {"name": "张三", "organisation": "电信公司\n李四", "post": ""}])
    message = interview_field_errors(demo_db, pasted)["attendees"]
    assert f"Attendee {len(interview.attendees) + 1}" in message and "Organisation" in message
    tabbed = replace(interview, attendees=[{"name": "张三\t电信公司", "organisation": "", "post": ""}])
    message = interview_field_errors(demo_db, tabbed)["attendees"]
    assert "Attendee 1" in message and "Attendee name" in message
    assert "attendees" not in interview_field_errors(demo_db, interview)


def test_delete_and_ctrl_x_clear_the_attendee_cells_selected(db, prompts, qtbot):
    dialog = _dialog(qtbot, db, prompts)
    dialog.add_attendee("王芳", "市局", "科长")
    dialog.add_attendee("李明", "区局", "科员")
    table = dialog.attendees
    _focus(qtbot, table)
    before = dialog.attendee_rows()
    _select(table, 0, 1, 1, 2)
    steps = dialog.undo_stack.count()
    QTest.keyClick(table, Qt.Key.Key_Delete)
    assert _shown(table) == [["王芳", "", ""], ["李明", "", ""]]
    assert dialog.undo_stack.count() - steps == 1
    QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.attendee_rows() == before
    _select(table, 1, 0, 1, 1)
    QTest.keyClick(table, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "李明\t区局\n"
    assert _shown(table)[1] == ["", "", "科员"]
    _select(table, 0, 0, 0, 0)
    QTest.keyClick(table, Qt.Key.Key_Backspace)
    assert _shown(table)[0] == ["", "市局", "科长"]


def test_ctrl_c_copies_the_whole_attendee_selection(db, prompts, qtbot):
    dialog = _dialog(qtbot, db, prompts)
    dialog.add_attendee("王芳", "市局", "科长")
    dialog.add_attendee("李明", "区局", "科员")
    table = dialog.attendees
    _focus(qtbot, table)
    _select(table, 0, 0, 1, 2)
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "王芳\t市局\t科长\n李明\t区局\t科员\n"


# the final read's mends -----------------------------------------------------------------------------------------
LEGACY = "张三\t电信公司\t经理\n李四"  # a block pasted into one cell before attendees were checked


def _with_legacy_attendee(db):
    import json

    interview = get_interview(db, list_interviews(db)[0].id)
    stored = [*interview.attendees, {"name": LEGACY, "organisation": "", "post": ""}]
    db.execute("UPDATE interviews SET attendees = ? WHERE id = ?", [json.dumps(stored, ensure_ascii=False),
                                                                    interview.id])
    return get_interview(db, interview.id), stored


def test_an_interview_stored_with_a_pasted_block_in_an_attendee_can_take_a_follow_up(demo_db, english):
    from workstation.store.interviews import record_follow_up, save_interview

    interview, stored = _with_legacy_attendee(demo_db)
    assert "attendees" not in interview_field_errors(demo_db, interview, interview)
    done = record_follow_up(demo_db, interview.id, "2026-09-20", "已整改")
    assert done.follow_up_result == "已整改"
    assert get_interview(demo_db, interview.id).attendees == stored  # the old text kept as it was, none lost
    # kept on a correction too, moved up a row with the one before it removed
    saved = save_interview(demo_db, replace(get_interview(demo_db, interview.id), subject="约谈（更正）",
                                            attendees=stored[1:]))
    assert saved.attendees == stored[1:]
    # a block new or changed is still refused
    again = get_interview(demo_db, interview.id)
    changed = replace(again, attendees=[*again.attendees[:-1], {"name": LEGACY + "\t法务", "organisation": "",
                                                                 "post": ""}])
    assert "Attendee name" in interview_field_errors(demo_db, changed, again)["attendees"]
    added = replace(again, attendees=[*again.attendees, {"name": "王五", "organisation": "市局\n区局", "post": ""}])
    assert "Organisation" in interview_field_errors(demo_db, added, again)["attendees"]


def test_the_dialog_of_an_interview_stored_with_a_pasted_block_saves(demo_db, prompts, qtbot):
    interview, stored = _with_legacy_attendee(demo_db)
    dialog = _dialog(qtbot, demo_db, prompts, interview)
    dialog.subject.setText("约谈（更正）")
    dialog.save()
    assert get_interview(demo_db, interview.id).subject == "约谈（更正）"
    assert get_interview(demo_db, interview.id).attendees == stored


def test_lines_without_a_tab_pasted_in_an_open_attendee_cell_stay_in_that_cell(db, prompts, qtbot):
    dialog = _dialog(qtbot, db, prompts)
    dialog.add_attendee("王芳", "", "")
    table = dialog.attendees
    _focus(qtbot, table)
    table.setCurrentCell(0, 1)
    table.edit(table.currentIndex())
    editor = QApplication.focusWidget()
    _clip("佛山市电信公司\r\n禅城区分公司\r\n")  # an address of two lines, as a document or a column copies it
    QTest.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert dialog.attendee_rows() == [{"name": "王芳", "organisation": "佛山市电信公司 禅城区分公司", "post": ""}]
    assert table.rowCount() == 1


def test_a_paste_selects_only_the_cells_pasted(db, prompts, qtbot):
    dialog = _dialog(qtbot, db, prompts)
    dialog.add_attendee("王芳", "市局", "科长")
    dialog.add_attendee("李明", "区局", "科员")
    table = dialog.attendees
    _focus(qtbot, table)
    _select(table, 0, 2, 0, 2)
    table.setCurrentCell(1, 0)
    table.setRangeSelected(QTableWidgetSelectionRange(0, 2, 0, 2), True)  # a cell selected away from the paste
    _clip("张三\t电信公司\n")
    QTest.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert _shown(table)[1] == ["张三", "电信公司", "科员"]
    assert sorted((i.row(), i.column()) for i in table.selectedIndexes()) == [(1, 0), (1, 1)]


# the stop read's mends ------------------------------------------------------------------------------------------
def test_a_whole_item_row_deleted_goes_so_an_error_names_the_row_shown(seized_grid):
    ed, grid, table = seized_grid
    _clip("1\t冻猪肉\t5kg/箱\t10箱\t\n2\t冻羊肉\t5kg/箱\t2箱\t\n3\t冻牛肉\t5kg/箱\t０箱\t\n")
    QTest.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    before, steps = grid.value(), ed.undo_stack.count()
    _select(table, 1, 0, 1, table.columnCount() - 1)  # the whole second row
    QTest.keyClick(table, Qt.Key.Key_Delete)
    shown = _shown(table)
    assert table.rowCount() == 2 and shown[1][:4] == ["3", "冻牛肉", "5kg/箱", "０箱"]  # no blank row left
    named = re.search(r"第(\d+)行", ed.errors["items"])
    assert named is not None and int(named[1]) == 2, (shown, ed.errors["items"])
    assert ed.undo_stack.count() - steps == 1
    QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid.value() == before and table.rowCount() == 3
    # the last row cut: the grid keeps a row to type in
    ed.set_field("items", "1 | 冻猪肉")
    _select(table, 0, 0, 0, table.columnCount() - 1)
    QTest.keyClick(table, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert table.rowCount() == 1 and grid.value() == ""


def test_a_whole_attendee_row_cut_goes_so_an_error_names_the_row_shown(db, prompts, qtbot):
    dialog = _dialog(qtbot, db, prompts)
    dialog.add_attendee("王芳", "市局", "科长")
    dialog.add_attendee("李明", "区局", "科员")
    dialog.add_attendee("", "区局", "科员")  # no name: refused
    table = dialog.attendees
    _focus(qtbot, table)
    before, steps = _shown(table), dialog.undo_stack.count()
    _select(table, 1, 0, 1, 2)
    QTest.keyClick(table, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert _shown(table) == [["王芳", "市局", "科长"], ["", "区局", "科员"]]
    named = re.search(r"(?:Attendee |第)(\d+)", dialog.validate()["attendees"])
    assert named is not None and int(named[1]) == 2, dialog.validate()["attendees"]
    assert dialog.undo_stack.count() - steps == 1
    QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _shown(table) == before
    # a row only partly cleared stays
    _select(table, 0, 1, 0, 2)
    QTest.keyClick(table, Qt.Key.Key_Delete)
    assert _shown(table)[0] == ["王芳", "", ""] and table.rowCount() == 3


def _window_shortcut_gets(qtbot, holder, table, key, modifier=Qt.KeyboardModifier.NoModifier) -> bool:
    """Whether ``key`` pressed on ``table`` reaches a shortcut of the window ``holder``."""
    from PySide6.QtGui import QKeySequence, QShortcut

    got = []
    shortcut = QShortcut(QKeySequence(key | modifier), holder, lambda: got.append(True))
    try:
        _focus(qtbot, table)
        QTest.keyClick(table, key, modifier)
        return bool(got)
    finally:
        shortcut.setParent(None)
        shortcut.deleteLater()


@pytest.mark.parametrize(("key", "modifier"), [(Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
                                               (Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier),
                                               (Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier),
                                               (Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)])
def test_a_read_only_grid_leaves_its_editing_keys_to_the_window(seized_grid, db, prompts, qtbot, key, modifier):
    ed, grid, table = seized_grid
    ed.set_field("items", "1 | 冻猪肉")
    _clip("9\t冻羊肉\n")
    grid.set_read_only(True)
    table.setCurrentCell(0, 0)
    assert _window_shortcut_gets(qtbot, ed, table, key, modifier)
    assert grid.value() == "1 | 冻猪肉"
    grid.set_read_only(False)  # an editable grid takes them as its own
    assert not _window_shortcut_gets(qtbot, ed, table, key, modifier)

    dialog = _dialog(qtbot, db, prompts)
    dialog.add_attendee("王芳", "市局", "科长")
    attendees = dialog.attendees
    attendees.setEditTriggers(attendees.EditTrigger.NoEditTriggers)
    attendees.setCurrentCell(0, 0)
    assert _window_shortcut_gets(qtbot, dialog, attendees, key, modifier)
    assert _shown(attendees) == [["王芳", "市局", "科长"]]
