"""The document editor's fields are named for screen readers: every control of the field area that the keyboard
reaches (a field's box, a checkbox, an item table, the parts of a field made of several, a question-and-answer
pair added later, a table cell open for typing) has an accessible name, taken from the field's label; each label
points at its field's box (its buddy), so that a label's Alt letter reaches the box; a date edit of a dialog gives
the box inside it the name it has."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractItemView, QFormLayout, QLabel, QWidget

from workstation.formkit.spec import load_forms
from workstation.store import find_case

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation
FORMS = sorted(load_forms()[0])


def accessible_name(widget: QWidget) -> str:
    """What a screen reader says a control is: its accessible name, else the name Qt gives it (a button's text, a
    label's beside it). A drop-down's name as given here is read on Windows; on Linux Qt says its current choice."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return widget.accessibleName() or (interface.text(QAccessible.Text.Name) if interface is not None else "")


def reached_by_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def unnamed(area: QWidget) -> list[str]:
    """The controls under ``area`` the keyboard reaches that have no accessible name."""
    return [f"{type(w).__name__}#{w.objectName()}" for w in area.findChildren(QWidget)
            if reached_by_tab(w) and w.window() is area.window() and not accessible_name(w).strip()]


@pytest.fixture
def editor(demo_db, opened, qtbot):
    def make(form_id):
        made = opened(demo_db, form_id, find_case(demo_db, CASE))
        made.show()
        qtbot.waitExposed(made)
        return made

    return make


def test_all_forms_are_checked():
    assert len(FORMS) > 50 and {"penalty_decision", "inquiry_notice", "inquiry_record"} <= set(FORMS)


@pytest.mark.parametrize("form_id", FORMS)
def test_every_control_of_the_fields_has_an_accessible_name(editor, form_id):
    opened = editor(form_id)
    area = opened.fields_area.widget()
    assert [w for w in area.findChildren(QWidget) if reached_by_tab(w)]  # something was looked at
    assert unnamed(area) == []
    for field in opened.form.fields:
        focus = opened.fields[field.name].focus_widget
        assert field.label in accessible_name(focus), field.name
        labels = [label for label in area.findChildren(QLabel) if label.buddy() is focus]
        assert labels and labels[0].text().startswith(field.label), field.name


def test_a_checkbox_field_is_named_by_its_label(editor):
    opened = editor("inquiry_notice")
    box = opened.fields["bring_id"].focus_widget
    label = next(f.label for f in opened.form.fields if f.name == "bring_id")
    assert accessible_name(box) == label


def test_question_and_answer_pairs_added_later_are_named(editor):
    opened = editor("inquiry_record")
    qa = next(f for f in opened.form.fields if f.type == "qa")
    field = opened.fields[qa.name]
    field.list.add_button.click()
    field.list.insert_questions(("你叫什么名字？", "你的职务？"))
    field.set_value("问：一\n答：甲\n问：二\n答：乙\n问：三\n答：丙\n问：四\n答：丁\n问：五\n答：戊")
    assert len(field.list.pairs) >= 5
    assert unnamed(opened.fields_area.widget()) == []
    assert all(qa.label in accessible_name(pair.answer) for pair in field.list.pairs)


def test_a_cell_open_for_typing_in_an_item_table_is_named_by_its_column(editor):
    from ui.item_grid import GridField

    opened = editor("seized_items_list")
    name, grid = next((n, w) for n, w in opened.fields.items() if isinstance(w, GridField))
    grid.table.setCurrentCell(0, 1)
    grid.table.edit(grid.table.currentIndex())
    cell = grid.table.indexWidget(grid.table.currentIndex())  # the cell's box, open for typing
    assert grid.table.state() == QAbstractItemView.State.EditingState and grid.table.isAncestorOf(cell)
    label = next(f.label for f in opened.form.fields if f.name == name)
    assert label in accessible_name(cell) and grid.heads[1] in accessible_name(cell)


def test_the_box_inside_a_date_edit_has_the_date_edits_name(qtbot):
    from ui.date_edits import DateEdit, DateTimeEdit

    dialog = QWidget()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    labelled, named, timed = DateEdit(), DateEdit(), DateTimeEdit()
    form.addRow("立案日期", labelled)
    form.addRow(named)
    form.addRow("接收时间", timed)
    named.setAccessibleName("办结日期")
    dialog.show()
    qtbot.waitExposed(dialog)
    assert accessible_name(labelled.lineEdit()) == "立案日期"
    assert accessible_name(named.lineEdit()) == "办结日期"
    assert accessible_name(timed.lineEdit()) == "接收时间"
    assert unnamed(dialog) == []


def test_a_date_field_s_name_has_no_alt_letter_in_it(qtbot):
    """"提取时间(&O)" is said 提取时间: the letter in brackets is no part of the name a screen reader reads."""
    from ui.access_keys import with_fixed_letter
    from ui.date_edits import DateEdit

    window = QWidget()
    qtbot.addWidget(window)
    form = QFormLayout(window)
    date = DateEdit()
    form.addRow(with_fixed_letter("提取时间", "O"), date)
    window.show()
    qtbot.waitUntil(lambda: bool(date.lineEdit().accessibleName()))
    assert date.lineEdit().accessibleName() == "提取时间"


@pytest.mark.parametrize(("text", "said"), [("选择(&B)", "选择"), ("&Browse", "Browse"), ("A && B(&C)", "A & B")])
def test_a_part_s_button_is_named_without_its_alt_letter(qtbot, text, said):
    from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton

    from ui.field_widgets import FieldWidget, part_name

    holder = QWidget()
    qtbot.addWidget(holder)
    row = QHBoxLayout(holder)
    box, button = QLineEdit(), QPushButton(text)
    row.addWidget(box)
    row.addWidget(button)
    field = FieldWidget(None, holder, holder)  # the spec is not read in naming
    field.focus_widget = box
    field.name_for_access("承诺日期")
    assert button.accessibleName() == part_name("承诺日期", said)
