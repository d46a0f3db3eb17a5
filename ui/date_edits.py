"""The date and date-time fields of every dialog: Tab and Shift+Tab leave them in one press, as they leave any other
field. Qt's own move from the year to the month and the day first (a 接收时间 took five Tabs to leave); the arrow
keys Left and Right still move between the parts, Up and Down change the one chosen. The box typed in inside them
has the name the field has (its own accessible name, else its label's text), which a screen reader says on
reaching it: Qt names it by nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QDateTimeEdit, QLabel, QWidget

from ui.layouts import without_alt_letter


def _own_name(edit: QAbstractSpinBox) -> str:
    """The date field's name: its accessible name, else the text of the label whose buddy it is (beside it, as a
    form layout places it), without its Alt letter ("提取时间(&O)" is said 提取时间)."""
    if edit.accessibleName():
        return edit.accessibleName()
    parent = edit.parentWidget()
    labels = [] if parent is None else [w for w in parent.findChildren(QLabel) if w.buddy() is edit]
    return without_alt_letter(labels[0].text()) if labels else ""


def _name_box(edit: QAbstractSpinBox) -> None:
    name = _own_name(edit)
    box = edit.lineEdit()
    if name and box is not None and box.accessibleName() != name:
        box.setAccessibleName(name)


class DateEdit(QDateEdit):
    """A ``QDateEdit`` that Tab leaves at once; the box inside it is named as it is."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        return QAbstractSpinBox.focusNextPrevChild(self, next)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt's name)
        QWidget.setAccessibleName(self, name)
        _name_box(self)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        _name_box(self)  # by then beside its label
        super().showEvent(event)


class DateTimeEdit(QDateTimeEdit):
    """A ``QDateTimeEdit`` that Tab leaves at once; the box inside it is named as it is."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        return QAbstractSpinBox.focusNextPrevChild(self, next)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt's name)
        QWidget.setAccessibleName(self, name)
        _name_box(self)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        _name_box(self)
        super().showEvent(event)
