"""Asking for the date and, where the law requires one, the reason of a procedure action; a date the procedure
refuses (not yet come, before the case's latest step, inside the party's statement period) is said under the field
as the officer picks it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from ui.layouts import AsksBeforeDropping, error_label
from workstation.i18n import _
from workstation.records import today

# why the action cannot be recorded with a date (ISO text), None when it can
DateCheck = Callable[[str], "str | None"]


class TransitionDialog(AsksBeforeDropping, QDialog):
    """Date (default today) and reason of one action; OK stays disabled until a required reason is given and
    ``check`` accepts the date. Cancel or Esc after typing asks before the typing is thrown away."""

    def __init__(self, transition, parent: QWidget | None = None, check: DateCheck | None = None, prompts=None):
        super().__init__(parent)
        self.transition, self.check, self.prompts = transition, check, prompts
        self.setWindowTitle(transition.label)
        self.setMinimumWidth(440)  # a refusal cites dates and articles: room for it in a few lines
        form = QFormLayout(self)
        form.addRow(QLabel(_("Action: {action}").format(action=transition.label)))
        self.date = QDateEdit(QDate.fromString(today(), "yyyy-MM-dd"))  # the day in Asia/Shanghai
        self.date.setObjectName("date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        date_label = QLabel(_("&Date"))
        date_label.setBuddy(self.date)
        form.addRow(date_label, self.date)
        self.date_error = error_label("date")
        form.addRow("", self.date_error)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(_("Reason (required)") if transition.needs_reason else _("Note (optional)"))
        reason_label = QLabel(_("&Reason") if transition.needs_reason else _("&Note"))
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.mark_loaded()
        self.reason.textChanged.connect(self._update)
        self.date.dateChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        refusal = self.check(self.answer()[0]) if self.check is not None else None
        self.date_error.setText(refusal or "")
        self.date_error.setVisible(bool(refusal))
        ok = not refusal and (not self.transition.needs_reason or bool(self.reason.toPlainText().strip()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def accept(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():  # Enter in the date field too
            super().accept()

    def typed(self) -> tuple[str, str]:
        return self.answer()

    def answer(self) -> tuple[str, str]:
        return self.date.date().toString("yyyy-MM-dd"), self.reason.toPlainText().strip()


def ask_transition(parent: QWidget, transition, check: DateCheck | None = None,
                   prompts=None) -> tuple[str, str] | None:
    """Show the dialog; (date, reason) or None when cancelled."""
    dialog = TransitionDialog(transition, parent, check=check, prompts=prompts)
    return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
