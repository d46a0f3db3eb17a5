"""The date and date-time fields of every dialog: Tab and Shift+Tab leave them in one press, as they leave any other
field. Qt's own move from the year to the month and the day first (a 接收时间 took five Tabs to leave); the arrow
keys Left and Right still move between the parts, Up and Down change the one chosen."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QDateTimeEdit


class DateEdit(QDateEdit):
    """A ``QDateEdit`` that Tab leaves at once."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        return QAbstractSpinBox.focusNextPrevChild(self, next)


class DateTimeEdit(QDateTimeEdit):
    """A ``QDateTimeEdit`` that Tab leaves at once."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        return QAbstractSpinBox.focusNextPrevChild(self, next)
