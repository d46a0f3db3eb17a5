"""The confirmation before a case's document takes its 文号: the question, naming the 文号 it takes (the next one, or
the one of the serial chosen), and the choice of a serial of the sequence (a number already taken on paper or in
another system, as `docs issue --serial N`), checked as it is typed with the same refusals, said under the field;
Issue stays greyed out while the serial is refused. A serial far past the next one (``numbering.SkipRefusal``: 120
typed for 12) is taken only once the officer ticks the box confirming the skip (as `--skip-serials`), the refusal
naming where numbering would continue."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.layouts import error_label
from workstation.documents.numbering import SkipRefusal, confirm_skip, skip_box_text
from workstation.i18n import _

# serial → (its 文号, why it cannot be taken or None)
SerialCheck = Callable[[int], tuple[str, str | None]]
# (the 文号 taken, "" while not known; whether it is a serial chosen by hand) → the question asked
IssueQuestion = Callable[[str, bool], str]


class IssueNumberDialog(QDialog):
    """``question`` (``case_documents.issue_question``) naming the 文号 taken as things stand, the 文号 ``number``
    the document takes by default, and an optional serial checked by ``check``; ``serial()`` the one chosen (None:
    the next number, as without the choice)."""

    def __init__(self, parent: QWidget | None, question: IssueQuestion, number: str, check: SerialCheck):
        super().__init__(parent)
        self.setWindowTitle(_("Issue"))
        self.automatic, self.check, self.ask = number, check, question
        self.question = QLabel()
        self.question.setObjectName("question")
        self.question.setWordWrap(True)
        self.use_serial = QCheckBox(_("Use a serial of my choice (a 文号 already taken on paper or in another system)"))
        self.use_serial.setObjectName("use_serial")
        self.serial_edit = QLineEdit()
        self.serial_edit.setObjectName("serial")
        # digits only, a serial too large kept as typed (1000000 for 100000): refused under the field with the
        # others, never cut to a serial the officer did not type (12 digits: int() reads any the field holds)
        self.serial_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), self.serial_edit))
        self.serial_edit.setPlaceholderText(_("serial, e.g. 12"))
        self.error = error_label("serial")
        self.skip = QCheckBox(skip_box_text())  # shown for a serial far past the next one only
        self.skip.setObjectName("skip_serials")
        self.skip.setHidden(True)
        confirm_skip(None)  # a skip confirmed in an earlier dialog is not this one's
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Issue"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.question, self.use_serial, self.serial_edit, self.error, self.skip, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(460)
        self.use_serial.toggled.connect(self._update)
        self.serial_edit.textChanged.connect(self._serial_typed)
        self.skip.toggled.connect(self._update)
        self._update()

    def _serial_typed(self) -> None:
        """Another serial typed: a skip confirmed was of the one before."""
        self.skip.blockSignals(True)
        self.skip.setChecked(False)
        self.skip.blockSignals(False)
        self._update()

    def accept(self) -> None:
        """Close, the skip of the serial chosen confirmed when its box is ticked (for the issue that follows)."""
        confirm_skip(self.serial() if self.serial() is not None and self.skip.isVisibleTo(self)
                     and self.skip.isChecked() else None)
        super().accept()

    def serial(self) -> int | None:
        """The serial chosen, None when the document takes the next number."""
        text = self.serial_edit.text().strip()
        return int(text) if self.use_serial.isChecked() and text.isdigit() else None

    def _update(self) -> None:
        """The question naming the 文号 taken as things stand, and the serial's refusal under its field (Issue greyed
        out meanwhile)."""
        chosen = self.use_serial.isChecked()
        self.serial_edit.setEnabled(chosen)
        number, refusal = self.automatic, None
        if chosen:
            serial = self.serial()
            if serial is None:
                number, refusal = "", _("Type the serial of the 文号 to take, or clear the choice to take the next one.")
            else:
                number, refusal = self.check(serial)
        skipping = isinstance(refusal, SkipRefusal)  # taken once the officer confirms skipping the serials between
        self.skip.setVisible(skipping)
        blocking = refusal if not (skipping and self.skip.isChecked()) else None
        number = number if blocking is None else ""  # a refused serial's 文号 is named in its refusal
        self.question.setText(self.ask(number, chosen))
        self.error.setText(refusal or "")
        self.error.setVisible(bool(refusal))
        self.serial_edit.setToolTip(refusal or "")
        self.ok.setEnabled(blocking is None)
