"""The windows a GUI test leaves are deleted at that test's end (``tests/conftest.py``: ``delete_left_windows``), so a
window whose deletion goes wrong fails its own test, not whichever later test first runs an event loop: those closed
by pytest-qt, those no fixture knew of, and the windows inside them."""

import pytest

from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QWidget
from shiboken6 import isValid

from tests.conftest import delete_left_windows

pytestmark = pytest.mark.gui

LEFT: list[QWidget] = []  # what the first test below leaves for the second to look at


def test_the_windows_left_closed_unknown_or_inside_another_are_deleted(qtbot):
    closed = QWidget()
    qtbot.addWidget(closed)
    closed.show()
    closed.close()
    closed.deleteLater()  # as pytest-qt leaves a window it closes: deleted at Qt's next event loop
    unknown = QMainWindow()
    unknown.show()
    inner = QDialog(unknown)  # a window of its own, inside the other
    inner.show()
    delete_left_windows()
    assert not any(isValid(window) for window in (closed, unknown, inner))
    assert QApplication.topLevelWidgets() == []


def test_a_test_leaves_a_window_behind(qtbot):
    kept = QMainWindow()
    kept.show()
    LEFT.append(kept)
    registered = QWidget()
    qtbot.addWidget(registered)
    LEFT.append(registered)


def test_the_next_test_finds_the_windows_of_the_one_before_deleted():
    assert LEFT and not any(isValid(window) for window in LEFT)
    assert QApplication.topLevelWidgets() == []
