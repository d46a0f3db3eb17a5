"""One line of text asked of the officer: the reason an event is removed or a lead is not filed, the agency a lead is
referred to, a case number — or a day and a reason together (``DatedTextDialog``: the day a lead is not filed, or that
decision withdrawn). Like the app's other dialogs, Esc, Cancel or the close button drop what was typed only
when the officer says so (``ui.layouts.AsksBeforeDropping``); Enter is OK."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.date_edits import DateEdit
from ui.layouts import AsksBeforeDropping
from workstation.i18n import _


class TextDialog(AsksBeforeDropping, QDialog):
    """``label`` above a text box that holds ``default`` at first, then OK and Cancel; ``prompts`` asks before what
    was typed is dropped."""

    def __init__(self, prompts, parent: QWidget | None, title: str, label: str, default: str = ""):
        super().__init__(parent)
        self.prompts = prompts
        self.setWindowTitle(title)
        self.text = QLineEdit(default)
        self.text.setObjectName("text")
        caption = QLabel(label)
        caption.setWordWrap(True)
        caption.setBuddy(self.text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)  # room for a reason of a sentence or two
        self.text.setFocus()
        self.mark_loaded()

    def typed(self) -> str:
        """What the box holds; spaces alone are nothing to lose."""
        return self.text.text().strip()


class DatedTextDialog(TextDialog):
    """A ``TextDialog`` that asks for a day as well, above the text: ``day`` at first (today when None), never before
    ``earliest`` nor after today (the picker offers no other day)."""

    def __init__(self, prompts, parent: QWidget | None, title: str, label: str, earliest: str | None = None,
                 day: str | None = None):
        super().__init__(prompts, parent, title, label)
        from workstation.records import today

        latest = QDate.fromString(today(), "yyyy-MM-dd")
        self.date = DateEdit()
        self.date.setObjectName("date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(latest)
        if earliest:
            self.date.setMinimumDate(min(QDate.fromString(earliest[:10], "yyyy-MM-dd"), latest))
        self.date.setDate(QDate.fromString(day, "yyyy-MM-dd") if day else latest)
        caption = QLabel(_("&Date"))
        caption.setBuddy(self.date)
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.date)
        row.addStretch(1)
        self.layout().insertLayout(0, row)
        self.text.setFocus()

    def day(self) -> str:
        return self.date.date().toString("yyyy-MM-dd")
