"""One line of text asked of the officer: the reason an event is removed or a lead is not filed, the agency a lead is
referred to, a case number. Like the app's other dialogs, Esc, Cancel or the close button drop what was typed only
when the officer says so (``ui.layouts.AsksBeforeDropping``); Enter is OK."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.layouts import AsksBeforeDropping


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
