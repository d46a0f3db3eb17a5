"""Editing the screening rules (``resources/screening/rules.toml``, an officer's copy kept in the data
directory): the text with undo, a preview of what the change would flag differently over every stored complaint
before anything is saved, and saving (checked first: a malformed rule is named and nothing is written). Restore
defaults puts the shipped rules back in the editor — asked first, with what they would change, and undoable — and
saving them removes the edited copy, so the shipped file is in force again."""

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
        self.text.setTabChangesFocus(True)  # Tab goes on to Preview and Save (the rules indent with spaces)
        self.result = QPlainTextEdit()
        self.result.setObjectName("rules_preview")
        self.result.setReadOnly(True)
        self.result.setPlaceholderText(_("Preview shows which complaints the edited rules would flag differently."))
        preview = QPushButton(_("Preview"))
        preview.setObjectName("preview_rules")
        preview.clicked.connect(self.preview)
        restore = QPushButton(_("Restore shipped rules…"))
        restore.setObjectName("restore_rules")
        restore.setToolTip(_("Put the rules shipped with the application back in the editor; Save puts them in force."))
        restore.clicked.connect(self.restore_shipped)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(preview, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(restore, QDialogButtonBox.ButtonRole.ResetRole)
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
        try:
            lines = self.preview_lines(self.text.toPlainText())
        except WorkstationError as exc:
            self.result.setPlainText(exc.message)
            self.go_to_fault(exc)
            return False
        self.result.setPlainText("\n".join(lines))
        return True

    def preview_lines(self, text: str, summary: str | None = None) -> list[str]:
        """What the rules ``text`` would flag differently from those in force: the counts on the first line (worded
        by ``summary``, default: as edited rules), then the complaints concerned; WorkstationError when the text
        is no valid rules."""
        from workstation.screening.screen import preview_rules

        result = preview_rules(self.db, text, limit=20)
        lines = [(summary or _("Flagged now: {before}; with the edited rules: {after} (newly flagged {added}, no "
                               "longer flagged {removed}, another category {changed}).")).format(
            before=result.flagged_before, after=result.flagged_after, added=result.added_count,
            removed=result.removed_count, changed=result.changed_count)]
        # the categories by their labels: before as the rules in force name them, after as the edited ones do
        from workstation.screening.rules import load_rules, parse_rules, rules_path

        current, edited = load_rules(rules_path(self.data_dir)), parse_rules(text)
        for title, items in ((_("Newly flagged:"), result.added), (_("No longer flagged:"), result.removed),
                             (_("Another category:"), result.changed)):
            if items:
                lines += ["", title] + [
                    f"{item.id}  [{current.category_label(item.before) if item.before else '—'} → "
                    f"{edited.category_label(item.after) if item.after else '—'}]  {mask_text(item.text)[:80]}"
                    for item in items]
        return lines

    def restore_shipped(self) -> bool:
        """Replace the text with the shipped rules once the officer agrees, told what they would change; the
        replacement is one step Ctrl+Z takes back, and nothing is in force before Save. False when nothing was
        replaced."""
        from workstation.screening.rules import shipped_rules_path

        shipped = shipped_rules_path().read_text(encoding="utf-8")
        if self.typed() == shipped:
            self.prompts.info(self, _("The editor already shows the shipped rules.") + (
                " " + _("Save puts them in force again.") if self._edited_copy().is_file() else ""))
            return False
        try:
            lines = self.preview_lines(shipped, _(
                "Flagged now: {before}; with the shipped rules: {after} (newly flagged {added}, no longer flagged "
                "{removed}, another category {changed})."))
        except WorkstationError as exc:  # a damaged installation: say so, change nothing
            self.prompts.error(self, exc.message)
            return False
        if not self.prompts.confirm(self, _(
                "Replace the rules in the editor with the shipped rules?\n{effect}\nCtrl+Z takes the replacement "
                "back; Save puts the shipped rules in force again.").format(effect=lines[0])):
            return False
        cursor = self.text.textCursor()
        cursor.beginEditBlock()  # one step for undo, unlike setPlainText, which forgets the undo history
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(shipped)
        cursor.endEditBlock()
        self.text.moveCursor(QTextCursor.MoveOperation.Start)
        self.result.setPlainText("\n".join(lines))
        return True

    def _edited_copy(self) -> Path:
        from workstation.screening.rules import RULES_PARTS

        return self.data_dir.joinpath(*RULES_PARTS)

    def save(self) -> None:
        from workstation.screening.rules import restore_shipped_rules, save_rules, shipped_rules_path

        try:
            if self.typed() == shipped_rules_path().read_text(encoding="utf-8"):
                restore_shipped_rules(self.data_dir)  # no copy: the shipped file, and its later updates, apply
            else:
                save_rules(self.data_dir, self.text.toPlainText())
        except WorkstationError as exc:
            self.go_to_fault(exc)
            self.prompts.error(self, exc.message)
            return
        self.saved = True
        self.accept()
