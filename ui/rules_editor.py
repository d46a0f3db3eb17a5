"""Editing the screening rules (``resources/screening/rules.toml``, an officer's copy kept in the data
directory): the text with undo, a preview of what the change would flag differently over every stored complaint
before anything is saved, and saving (checked first: a malformed rule is named and nothing is written)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.layouts import AsksBeforeDropping
from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.masking import mask_text


class RulesEditor(AsksBeforeDropping, QDialog):
    """The rules as text; Preview shows the effect, Save keeps them for the next screening."""

    def __init__(self, db, data_dir: Path, prompts, parent: QWidget | None = None):
        from workstation.screening.rules import rules_path

        super().__init__(parent)
        self.db, self.data_dir, self.prompts = db, Path(data_dir), prompts
        self.saved = False
        self.setWindowTitle(_("Screening rules"))
        self.resize(1000, 760)
        self.text = QPlainTextEdit(rules_path(self.data_dir).read_text(encoding="utf-8"))
        self.text.setObjectName("rules_text")
        self.text.setFont(QFont("monospace"))
        self.result = QPlainTextEdit()
        self.result.setObjectName("rules_preview")
        self.result.setReadOnly(True)
        self.result.setPlaceholderText(_("Preview shows which complaints the edited rules would flag differently."))
        preview = QPushButton(_("Preview"))
        preview.setObjectName("preview_rules")
        preview.clicked.connect(self.preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(preview, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.text)
        splitter.addWidget(self.result)
        splitter.setStretchFactor(0, 3)
        layout = QVBoxLayout(self)
        hint = QLabel(_("Categories with their keywords and exclusions, operator service numbers, sector hints. "
                        "Saved rules apply from the next screening; complaints are screened again with them."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.mark_loaded()

    def typed(self) -> str:
        return self.text.toPlainText()

    def go_to_fault(self, exc: WorkstationError) -> None:
        """Put the cursor at the start of the line a refused rule is on (the message names it)."""
        line = getattr(exc, "line", None)
        block = self.text.document().findBlockByNumber(line - 1) if line else None
        if block is None or not block.isValid():
            return
        self.text.setTextCursor(QTextCursor(block))
        self.text.centerCursor()
        self.text.setFocus()

    def preview(self) -> bool:
        """Show what the edited rules flag differently; False (and the faulty key named) when they are wrong."""
        from workstation.screening.screen import preview_rules

        try:
            result = preview_rules(self.db, self.text.toPlainText(), limit=20)
        except WorkstationError as exc:
            self.result.setPlainText(exc.message)
            self.go_to_fault(exc)
            return False
        lines = [_("Flagged now: {before}; with the edited rules: {after} (newly flagged {added}, no longer flagged "
                   "{removed}, another category {changed}).").format(
            before=result.flagged_before, after=result.flagged_after, added=result.added_count,
            removed=result.removed_count, changed=result.changed_count)]
        # the categories by their labels: before as the rules in force name them, after as the edited ones do
        from workstation.screening.rules import load_rules, parse_rules, rules_path

        current, edited = load_rules(rules_path(self.data_dir)), parse_rules(self.text.toPlainText())
        for title, items in ((_("Newly flagged:"), result.added), (_("No longer flagged:"), result.removed),
                             (_("Another category:"), result.changed)):
            if items:
                lines += ["", title] + [
                    f"{item.id}  [{current.category_label(item.before) if item.before else '—'} → "
                    f"{edited.category_label(item.after) if item.after else '—'}]  {mask_text(item.text)[:80]}"
                    for item in items]
        self.result.setPlainText("\n".join(lines))
        return True

    def save(self) -> None:
        from workstation.screening.rules import save_rules

        try:
            save_rules(self.data_dir, self.text.toPlainText())
        except WorkstationError as exc:
            self.go_to_fault(exc)
            self.prompts.error(self, exc.message)
            return
        self.saved = True
        self.accept()
