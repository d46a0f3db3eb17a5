"""A modifier key a test's simulated key click leaves held in Qt's keyboard state is let go before the next test
(``tests/conftest.py``, ``release_held_keys``): with Shift still held, ``selectRow`` in the next test selected no
row, and a test that passed alone failed after tests/test_ui_leads.py. The two tests below run in this order."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QStandardItemModel
from PySide6.QtWidgets import QLineEdit, QTableView

pytestmark = pytest.mark.gui


def test_a_redo_typed_with_ctrl_and_shift_leaves_shift_held_in_qt(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.ShiftModifier  # what the next test inherits


def test_the_next_test_starts_with_no_key_held_and_selects_the_row_it_asks_for(qtbot):
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
    model = QStandardItemModel(3, 2)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectRow(0)
    view.selectRow(2)
    assert [index.row() for index in view.selectionModel().selectedRows()] == [2]
