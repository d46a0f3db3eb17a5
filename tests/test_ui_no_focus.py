"""A test that sends a key to ``QApplication.focusWidget()`` while no widget has the keyboard (its dialog is not the
active window) fails on its own instead of ending the whole run: QTest aborts the process on a key or a click sent
to None (``tests/conftest.py``, ``_refuse_a_missing_widget``)."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

pytestmark = pytest.mark.gui

NO_FOCUS = None  # what QApplication.focusWidget() returns while no window of the test is active


@pytest.mark.parametrize("send", [
    lambda qtbot: qtbot.keyClick(NO_FOCUS, Qt.Key.Key_Tab),
    lambda qtbot: qtbot.keyClicks(NO_FOCUS, "Li"),
    lambda qtbot: qtbot.keyEvent(QTest.KeyAction.Click, NO_FOCUS, Qt.Key.Key_A),
    lambda qtbot: qtbot.mouseClick(NO_FOCUS, Qt.MouseButton.LeftButton),
], ids=["keyClick", "keyClicks", "keyEvent", "mouseClick"])
def test_a_key_or_click_for_no_widget_fails_the_test_only(qtbot, send):
    with pytest.raises(AssertionError, match="no widget to send it to"):
        send(qtbot)


def test_a_widget_given_is_typed_into_as_before(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    qtbot.keyClicks(field, "Li")
    qtbot.keyEvent(QTest.KeyAction.Click, field, Qt.Key.Key_A)
    assert field.text() == "Lia"
