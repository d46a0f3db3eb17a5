"""An item table typed as a grid in the document editor: the field a table repeats row by row shows the table's
column heads and the rows of its value, cells typed, rows added and removed store the ``a | b | c`` text the
writers read (a | in a cell as ／), each cell changed is one undo step, and an issued document's grid is
read-only."""

from dataclasses import replace

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication

from tests.helpers import pdf_text
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents
from workstation.formkit.grid import grid_rows, grid_text, repeat_columns
from workstation.formkit.values import field_errors
from workstation.store import drafts, find_case, get_case

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation
HEADS = ("序号", "证据名称", "来源", "数量（页数）", "提取方式", "备注")
STORED = "1 | 营业执照复印件 | 当事人提供 | 1份 | 复印\n以下空白"


def test_the_heads_are_the_row_above_the_repeated_rows_else_numbered(english):
    form = find_form("evidence_extraction")
    assert repeat_columns(form, "items") == HEADS  # 数量\n（页数） on one line
    assert repeat_columns(find_form("collective_discussion"), "opinions") == ("发言人", "讨论意见")
    assert repeat_columns(form, "note") is None  # a multi-line field no table repeats stays a text box
    index = next(i for i, b in enumerate(form.blocks) if b.repeat == "items")
    headless = replace(form, blocks=tuple(replace(b, rows=()) if i == index else b for i, b in enumerate(form.blocks)))
    assert repeat_columns(headless, "items") == tuple(f"Column {n}" for n in range(1, 7))


def test_a_typed_value_becomes_rows_and_the_rows_the_text_the_writers_read():
    typed = "1|营业执照复印件 | 当事人提供｜1份\n\n以下空白\n2 | 现场照片 |"
    rows = grid_rows(typed, 6)
    assert rows == [["1", "营业执照复印件", "当事人提供", "1份", "", ""], ["以下空白"],
                    ["2", "现场照片", "", "", "", ""]]
    assert grid_text(rows, 6) == "1 | 营业执照复印件 | 当事人提供 | 1份\n以下空白\n2 | 现场照片"
    assert grid_text([["3", "", "", "", "", ""]], 6) == "3 |"  # stays in its column, not across the row
    # more columns than the table: the extra ones join the last, so nothing typed is lost
    assert grid_rows("1 | a | b | c | d | e | f", 6) == [["1", "a", "b", "c", "d", "e／f"]]
    assert grid_text([["1", "A|B", "x｜y", "", "", ""]], 6) == "1 | A／B | x／y"


@pytest.fixture
def grid_editor(demo_db, opened, qtbot):
    """The 证据提取单 of the demo case, shown, its items holding ``STORED`` as a kept draft continued."""

    def make(value=STORED):
        case = find_case(demo_db, CASE)
        first = opened(demo_db, "evidence_extraction", case)
        first.set_field("items", value)
        first.save_draft()
        draft = drafts.get_draft(demo_db, first.draft.id)
        first.draft = None  # continued below, not closed here
        ed = opened(demo_db, "evidence_extraction", case, draft=draft)
        ed.show()
        qtbot.waitExposed(ed)
        return ed

    return make


def _heads(table) -> tuple[str, ...]:
    return tuple(table.horizontalHeaderItem(c).text() for c in range(table.columnCount()))


def _focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def _type_cell(table, row: int, column: int, text: str) -> None:
    """Go to the cell, open it (F2), write ``text`` over what it held and end with Enter."""
    table.setCurrentCell(row, column)
    QTest.keyClick(table, Qt.Key.Key_F2)  # edit the cell
    editor = QApplication.focusWidget()
    editor.selectAll()
    editor.insert(text)  # (QTest types ASCII only)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate ends the edit queued


def test_the_grid_shows_the_heads_and_the_rows_of_a_stored_value(grid_editor):
    ed = grid_editor()
    grid = ed.fields["items"]
    table = grid.table
    assert _heads(table) == HEADS
    assert table.rowCount() == 2
    assert [table.item(0, c).text() for c in range(5)] == ["1", "营业执照复印件", "当事人提供", "1份", "复印"]
    assert table.item(1, 0).text() == "以下空白" and table.columnSpan(1, 0) == 6  # printed across the row
    assert grid.value() == STORED and not ed.dirty


def test_cells_typed_rows_added_and_removed_store_the_text_typed_before(grid_editor, demo_db, qtbot, monkeypatch):
    monkeypatch.setattr("ui.form_editor.AUTOSAVE_DELAY_MS", 100)
    ed = grid_editor()
    grid = ed.fields["items"]
    table = grid.table
    _focus(qtbot, table)
    _type_cell(table, 0, 3, "2份")
    assert grid.value() == "1 | 营业执照复印件 | 当事人提供 | 2份 | 复印\n以下空白"
    table.setCurrentCell(0, 5)
    QTest.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # a row after the first
    assert table.rowCount() == 3 and (table.currentRow(), table.currentColumn()) == (1, 0)
    assert grid.value() == "1 | 营业执照复印件 | 当事人提供 | 2份 | 复印\n以下空白"  # an empty row prints nothing
    _type_cell(table, 1, 0, "2")
    _type_cell(table, 1, 1, "现场照片|门头")
    assert table.item(1, 1).text() == "现场照片／门头"  # shown as it is kept
    assert grid.value() == "1 | 营业执照复印件 | 当事人提供 | 2份 | 复印\n2 | 现场照片／门头\n以下空白"
    assert ed.errors == {}
    qtbot.waitUntil(lambda: drafts.get_draft(demo_db, ed.draft.id).values["items"] == grid.value(), timeout=5000)
    ed.wait_for_preview()
    assert "现场照片／门头" in pdf_text(ed.pdf_bytes)
    table.setCurrentCell(0, 2)
    QTest.keyClick(table, Qt.Key.Key_Delete,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # the first row
    assert grid.value() == "2 | 现场照片／门头\n以下空白"
    grid.add_button.click()
    assert table.rowCount() == 3 and grid.value() == "2 | 现场照片／门头\n以下空白"
    steps = ed.undo_stack.count()
    table.setCurrentCell(1, 0)
    grid.remove_button.click()  # the empty row added: nothing printed changes, no step to undo
    assert table.rowCount() == 2 and ed.undo_stack.count() == steps
    table.setCurrentCell(1, 0)
    grid.remove_button.click()
    assert grid.value() == "2 | 现场照片／门头" and ed.undo_stack.count() == steps + 1


def test_each_cell_changed_is_one_undo_step_back_to_the_cell(grid_editor, qtbot):
    ed = grid_editor()
    grid, table = ed.fields["items"], ed.fields["items"].table
    _focus(qtbot, table)
    _type_cell(table, 0, 3, "2份")
    _type_cell(table, 0, 4, "拍照")  # within the two seconds that merge typing in a text box
    assert grid.value().startswith("1 | 营业执照复印件 | 当事人提供 | 2份 | 拍照")
    table.setCurrentCell(1, 0)
    QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid.value() == "1 | 营业执照复印件 | 当事人提供 | 2份 | 复印\n以下空白"
    assert (table.currentRow(), table.currentColumn()) == (0, 4)  # the keyboard on the cell restored
    ed.undo_stack.undo()
    assert grid.value() == STORED
    ed.undo_stack.redo()
    assert table.item(0, 3).text() == "2份"


def test_tab_goes_cell_to_cell_leaves_the_grid_at_its_end_and_ctrl_enter_keeps_the_cell_typed(grid_editor, qtbot):
    ed = grid_editor("1 | 营业执照复印件")
    table = ed.fields["items"].table
    _focus(qtbot, table)
    table.setCurrentCell(0, 0)
    QTest.keyClick(table, Qt.Key.Key_Tab)
    assert (table.currentRow(), table.currentColumn()) == (0, 1)
    table.setCurrentCell(0, 5)
    QTest.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus() and (table.currentRow(), table.currentColumn()) == (0, 5)
    _focus(qtbot, table)
    QTest.keyClick(table, Qt.Key.Key_F2)
    QApplication.focusWidget().insert("1份")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ed.fields["items"].value() == "1 | 营业执照复印件 |  |  |  | 1份"  # kept, and the next row begun
    assert table.rowCount() == 2 and (table.currentRow(), table.currentColumn()) == (1, 0)


def test_an_issued_documents_grid_is_read_only(demo_db, opened, prompts):
    case = find_case(demo_db, CASE)
    first = opened(demo_db, "evidence_extraction", case)
    first.set_field("items", STORED)
    assert field_errors(first.form, first.current_values(), first.context)[1] == {}
    prompts.confirm_answer = True
    first.issue()
    assert first.document is not None, prompts
    document = case_documents(demo_db, case.id)[-1]
    ed = opened(demo_db, "evidence_extraction", get_case(demo_db, case.id), document=document)
    grid = ed.fields["items"]
    assert grid.value() == STORED
    assert grid.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not grid.add_button.isEnabled() and not grid.remove_button.isEnabled()
    grid.add_row()
    grid.table.setCurrentCell(0, 0)
    grid.remove_row()
    assert grid.table.rowCount() == 2 and grid.value() == STORED
