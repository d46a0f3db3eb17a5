"""Asking for the date and, where the law requires one, the reason of a procedure action."""

from __future__ import annotations

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

from workstation.i18n import _


class TransitionDialog(QDialog):
    """Date (default today) and reason of one action; OK stays disabled until a required reason is given."""

    def __init__(self, transition, parent: QWidget | None = None):
        super().__init__(parent)
        self.transition = transition
        self.setWindowTitle(transition.label)
        form = QFormLayout(self)
        form.addRow(QLabel(_("Action: {action}").format(action=transition.label)))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        form.addRow(_("Date"), self.date)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(_("Reason (required)") if transition.needs_reason else _("Note (optional)"))
        form.addRow(_("Reason") if transition.needs_reason else _("Note"), self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.reason.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = not self.transition.needs_reason or bool(self.reason.toPlainText().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def answer(self) -> tuple[str, str]:
        return self.date.date().toString("yyyy-MM-dd"), self.reason.toPlainText().strip()


def ask_transition(parent: QWidget, transition) -> tuple[str, str] | None:
    """Show the dialog; (date, reason) or None when cancelled."""
    dialog = TransitionDialog(transition, parent)
    return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
