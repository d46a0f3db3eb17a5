"""Choosing a document type among some sixty: a list in procedural order with the stage of the procedure as a
heading above the first form of each stage (``workstation.formkit.stages``), each form's ``description`` as its
tooltip, and typing part of a title narrowing the list to the titles containing it, Enter choosing the first. A
form the case refuses before any value is typed (``workstation.formkit.refusals.case_refusal``: the 封条 under a
扣押 decision) is listed greyed out, the refusal its tooltip, and cannot be chosen."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QCompleter, QStyledItemDelegate, QWidget

from workstation.formkit.stages import in_procedural_order, stage_of
from workstation.i18n import _

#: the translated stage heading shown above an item, set on the first form of each stage only
HEADING_ROLE = Qt.ItemDataRole.UserRole + 20
#: the translated stage of every item
STAGE_ROLE = Qt.ItemDataRole.UserRole + 21


class StageHeadingDelegate(QStyledItemDelegate):
    """Draws an item with its stage heading (``HEADING_ROLE``) in a band above it, in bold and never highlighted:
    the list stays one item per form, the headings being no items that could be chosen."""

    def _band(self, option) -> int:
        return option.fontMetrics.height() + 6

    def sizeHint(self, option, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(HEADING_ROLE):
            size.setHeight(size.height() + self._band(option))
        return size

    def paint(self, painter, option, index: QModelIndex) -> None:
        heading = index.data(HEADING_ROLE)
        if not heading:
            super().paint(painter, option, index)
            return
        band = self._band(option)
        painter.save()
        top = QRect(option.rect.left(), option.rect.top(), option.rect.width(), band)
        painter.fillRect(top, option.palette.alternateBase())
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(option.palette.color(option.palette.ColorRole.Text))
        painter.drawText(top.adjusted(4, 0, -4, 0), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         heading)
        painter.restore()
        item = type(option)(option)
        item.rect = QRect(option.rect.left(), option.rect.top() + band, option.rect.width(),
                          option.rect.height() - band)
        super().paint(painter, item, index)


class FormChooser(QComboBox):
    """The document types of ``forms`` (specs) in procedural order, each item's data its form id: an ordinary
    combo box (``findData``, ``currentData``, ``setCurrentIndex`` …) whose text can be typed into. Typing part of
    a title pops up the titles containing it; Enter chooses the first (the exact title first), and leaving the
    field without choosing shows the form chosen before again. ``refuse`` lists the forms a case refuses greyed out
    with the reason as their tooltip; they cannot be chosen."""

    def __init__(self, forms, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setItemDelegate(StageHeadingDelegate(self))
        last_stage = None
        for form in in_procedural_order(forms):
            row = self.count()
            self.addItem(form.title, form.id)
            stage = _(stage_of(form))
            self.setItemData(row, stage, STAGE_ROLE)
            if stage != last_stage:
                self.setItemData(row, stage, HEADING_ROLE)
                last_stage = stage
            if form.shown_description():
                self.setItemData(row, form.shown_description(), Qt.ItemDataRole.ToolTipRole)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText(_("Type part of a title"))
        self.lineEdit().returnPressed.connect(self.choose_typed)
        self.currentIndexChanged.connect(self._show_description)
        self._show_description()

    def matches(self, text: str) -> list[int]:
        """The rows whose title contains ``text`` (any case), in the list's order: an exact title first."""
        wanted = text.strip().casefold()
        if not wanted:
            return []
        rows = [row for row in range(self.count()) if wanted in self.itemText(row).casefold() and self.offered(row)]
        return sorted(rows, key=lambda row: self.itemText(row).casefold() != wanted)

    def refuse(self, refusals: dict[str, str]) -> None:
        """List the forms ``refusals`` names ({form id: why the case refuses it}, an empty reason none) greyed out,
        the reason their tooltip: they can no longer be chosen. The form chosen stays chosen even when refused: the
        caller chooses another (``offered(currentIndex())``)."""
        for row in range(self.count()):
            reason = refusals.get(self.itemData(row))
            if reason:
                self.setItemData(row, _("Not for this case: {reason}").format(reason=reason),
                                 Qt.ItemDataRole.ToolTipRole)
                self.model().item(row).setEnabled(False)
        self._show_description()

    def offered(self, row: int) -> bool:
        """Whether the form of ``row`` can be chosen (not refused for this case)."""
        return bool(self.model().item(row).flags() & Qt.ItemFlag.ItemIsEnabled)

    def refusal(self, form_id: str) -> str | None:
        """The tooltip of a form listed greyed out (why the case refuses it), None for a form offered."""
        row = self.findData(form_id)
        return None if row < 0 or self.offered(row) else self.itemData(row, Qt.ItemDataRole.ToolTipRole)

    def choose_typed(self) -> None:
        """Enter: choose the first title containing what was typed; nothing matching keeps the form chosen."""
        rows = self.matches(self.lineEdit().text())
        if rows:
            self.setCurrentIndex(rows[0])
        self.completer().popup().hide()
        self.setEditText(self.chosen_title())

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # typing replaces the title shown
            from ui.layouts import call_soon

            call_soon(self.lineEdit(), self.lineEdit().selectAll)  # gone with the field if it goes first

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason and self.lineEdit().text() != self.chosen_title():
            self.setEditText(self.chosen_title())  # what is shown is what Write…, Issue… use

    def chosen_title(self) -> str:
        """The title of the form chosen (``currentText`` is what was typed)."""
        return self.itemText(self.currentIndex())

    def _show_description(self) -> None:
        description = self.currentData(Qt.ItemDataRole.ToolTipRole) or ""
        hint = _("Type part of a title to narrow the list; Enter chooses the first match.")
        self.setToolTip(f"{description}\n{hint}" if description else hint)

    def heading_rows(self) -> dict[int, str]:
        """{row: stage heading} of the rows a heading is drawn above."""
        return {row: self.itemData(row, HEADING_ROLE) for row in range(self.count()) if self.itemData(row, HEADING_ROLE)}

