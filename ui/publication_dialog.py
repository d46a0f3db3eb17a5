"""The review of a publication copy (公示版) before it is saved: the text as it will be published, what was
processed marked in it; the names of natural persons it still gives whole that the decision's wording suggests
(``publication.unmasked_names``), ticked to be masked; and a field for any other name written only in the decision.
Each change composes the copy again a moment after the last keystroke; a name that cannot be masked (not a name, the
party's own, one the decision writes nowhere) says why under the field and greys out Save. Save… (Ctrl+S or Ctrl+Enter)
hands the copy shown to the caller, which asks where to write it; Esc or Cancel drop the names ticked or typed only when
the officer says so."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.layouts import AsksBeforeDropping, enable_or_say_why, fit_to_screen
from ui.marked_text import utf16_units
from workstation.documents.publication import (
    MASKED_NAME,
    PublicationCopy,
    publication_reminder,
    unmasked_names,
)
from workstation.documents.publication_review import typed_names
from workstation.errors import WorkstationError, join_sentences
from workstation.i18n import _

#: how long after the last keystroke the copy is composed again (each composition takes a few tens of milliseconds)
RECOMPOSE_MS = 300
#: what the preview marks as processed: a name given as its surname and 某 (王某某, 欧阳某某, 阿某某某·某某某:
#: ``publication.MASKED_NAME``), a number or an address with stars (138****8000, 1101**********002X, 佛山市禅城区****:
#: the stars alone; a passport or permit number: H1*****78)
PROCESSED = re.compile(rf"{MASKED_NAME}|[0-9A-Za-z]*\*{{2,}}[0-9A-Za-z]*")
PROCESSED_BACKGROUND = "#fff1a8"


class PublicationDialog(AsksBeforeDropping, QDialog):
    """The review of ``copy``, the publication copy of ``name`` (a decision's 文号 and title); ``compose(names)``
    composes it again with those further names masked (``publication.publication_copy``), raising a
    ``WorkstationError`` for a name it refuses; ``chosen`` (the names typed, the suggestions unticked) the review
    kept when the copy was last saved (``publication_review``), offered again. After Save…, ``copy`` is the copy
    shown."""

    def __init__(self, prompts, parent: QWidget | None, name: str, copy: PublicationCopy,
                 compose: Callable[[tuple[str, ...]], PublicationCopy], chosen: tuple[str, frozenset] | None = None):
        super().__init__(parent)
        self.prompts, self.copy, self._compose = prompts, copy, compose
        chosen = chosen or ("", frozenset())
        self.setWindowTitle(_("Publication copy of {document}").format(document=name))
        # what the masking does (``publication.masker``), no more: an address or a number written otherwise is
        # the officer's to find (said alike by `docs publication`)
        note = QLabel(join_sentences([publication_reminder(), _(
            "A name written only in the decision is not known to the workstation: tick it below or type it.")]))
        note.setObjectName("note")
        note.setWordWrap(True)
        self.suggested = QListWidget()
        self.suggested.setObjectName("suggested_names")
        for found in unmasked_names(copy):
            item = QListWidgetItem(_("{name} — “…{context}…”").format(name=found.name, context=found.context))
            item.setData(Qt.ItemDataRole.UserRole, found.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            # masked unless the officer says it is no name (``chosen``: as when this copy was last saved)
            item.setCheckState(Qt.CheckState.Unchecked if found.name in chosen[1] else Qt.CheckState.Checked)
            self.suggested.addItem(item)
        suggested_label = QLabel(_("&Names found in the text, masked when ticked:") if self.suggested.count()
                                 else _("No other name could be recognised automatically: read the whole text before "
                                        "publishing."))
        suggested_label.setBuddy(self.suggested)
        self.suggested.setVisible(self.suggested.count() > 0)
        self.suggested.setMaximumHeight(120)
        self.names = QLineEdit()
        self.names.setObjectName("names")
        self.names.setPlaceholderText(_("e.g. 李明、欧阳娜娜、阿依古丽·买买提"))
        names_label = QLabel(_("&Other names to mask:"))
        names_label.setBuddy(self.names)
        self.error = QLabel()
        self.error.setObjectName("names_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("preview")
        self.preview.setReadOnly(True)
        self._show(copy.text())
        preview_label = QLabel(_("&Text as published:"))
        preview_label.setBuddy(self.preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save.setObjectName("save")
        self.save.setText(_("&Save…"))
        self.save.setToolTip(_("Choose where to write the copy: a file ending in .txt as text to paste into the "
                               "system's form, one ending in .docx (added when the name has none) as DOCX"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (note, suggested_label, self.suggested, names_label, self.names, self.error, preview_label,
                       self.preview, self.buttons):
            layout.addWidget(widget)
        fit_to_screen(self, 720, 640)  # a laptop's short screen: the preview shorter, Save and Cancel in view
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(RECOMPOSE_MS)
        self.timer.timeout.connect(self.recompose)
        self.names.textEdited.connect(self._later)
        self.suggested.itemChanged.connect(self._later)
        self.names.setFocus()
        self.names.setText(chosen[0])  # the choices kept when this copy was last saved
        if self.suggested.count() or chosen[0]:  # the names ticked and typed masked from the first text shown
            self.recompose()
        self.mark_loaded()

    def typed(self):
        ticked = tuple(self.suggested.item(row).checkState() == Qt.CheckState.Checked
                       for row in range(self.suggested.count()))
        return self.names.text().strip(), ticked

    def choices(self) -> tuple[str, frozenset]:
        """What the officer typed and the names suggested that were unticked: kept with the decision when the copy is
        saved (``publication_review``) and offered again the next time (``chosen``), so that its .txt and its DOCX,
        and a copy written another day, mask the same names."""
        unticked = frozenset(self.suggested.item(row).data(Qt.ItemDataRole.UserRole)
                             for row in range(self.suggested.count())
                             if self.suggested.item(row).checkState() != Qt.CheckState.Checked)
        return self.names.text().strip(), unticked

    def chosen_names(self) -> tuple[str, ...]:
        """The names to mask: those ticked, then those typed."""
        ticked = [self.suggested.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.suggested.count())
                  if self.suggested.item(row).checkState() == Qt.CheckState.Checked]
        return tuple(dict.fromkeys([*ticked, *typed_names(self.names.text())]))

    def _later(self, *_args) -> None:
        enable_or_say_why(self.save, None)  # Save… meanwhile composes it at once, and keeps a refusal (``accept``)
        self.timer.start()

    def recompose(self) -> None:
        """Compose the copy with the names chosen and show it; a name refused is said under the field, Save greyed
        out with the same reason, and the text shown stays the last one composed."""
        self.timer.stop()
        try:
            self.copy = self._compose(self.chosen_names())
        except WorkstationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            enable_or_say_why(self.save, exc.message)
            return
        self.error.hide()
        enable_or_say_why(self.save, None)
        scrolled = self.preview.verticalScrollBar().value()
        self._show(self.copy.text())
        self.preview.verticalScrollBar().setValue(scrolled)

    def _show(self, text: str) -> None:
        """Show ``text`` in the preview, what was processed (王某某, 138****8000, 佛山市禅城区****) marked."""
        self.preview.setPlainText(text)
        marked = []
        for found in PROCESSED.finditer(text):
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(QColor(PROCESSED_BACKGROUND))
            selection.cursor = QTextCursor(self.preview.document())
            # Qt's places are UTF-16 units: after 𠀀 or an emoji a regex's index would mark one unit to the left
            selection.cursor.setPosition(utf16_units(text[:found.start()]))
            selection.cursor.setPosition(utf16_units(text[:found.end()]), QTextCursor.MoveMode.KeepAnchor)
            marked.append(selection)
        self.preview.setExtraSelections(marked)

    def processed(self) -> list[str]:
        """The pieces of text the preview marks as processed, in order."""
        return [selection.cursor.selectedText() for selection in self.preview.extraSelections()]

    def accept(self) -> None:
        if self.timer.isActive():  # typed a moment ago: the copy written is the one asked for
            self.recompose()
        if self.save.isEnabled():
            super().accept()
