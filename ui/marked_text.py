"""A list cell whose text has marked pieces (the words a search found): painted highlighted as the complaint's
pane below the list marks them, and never written into the text (brackets such as 【】 would read as the
complaint's own)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPalette, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

#: the role giving a cell's marked pieces: [(start, end), …] in its display text
MARKS_ROLE = Qt.ItemDataRole.UserRole + 7
#: the highlight of a marked piece (the pane's)
MARK_BACKGROUND = "#fff3cd"


class MarkedTextDelegate(QStyledItemDelegate):
    """Paints a cell's display text on one line, elided at the right as Qt elides it, with the pieces its model
    gives in ``MARKS_ROLE`` on the highlight background; a cell without marks is painted as usual."""

    def paint(self, painter, option, index) -> None:
        marks = index.data(MARKS_ROLE)
        if not marks:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)  # background, selection
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, opt.widget) + 1
        rect = rect.adjusted(margin, 0, -margin, 0)
        shown = QFontMetrics(opt.font).elidedText(text, Qt.TextElideMode.ElideRight, max(rect.width(), 0))
        kept = len(shown) - 1 if shown != text else len(shown)  # the characters before the ellipsis
        layout = self.marked_layout(shown, opt.font, marks, kept)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1e6)  # one line: the text was elided to fit
        layout.endLayout()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setClipRect(rect)
        painter.setPen(opt.palette.color(role))
        layout.draw(painter, QPointF(rect.left(), rect.top() + (rect.height() - line.height()) / 2))
        painter.restore()

    @staticmethod
    def marked_layout(shown: str, font, marks, kept: int) -> QTextLayout:
        """A layout of the text ``shown`` with its marked pieces (``marks``: [(start, end), …] in characters, as
        ``marked_pieces`` gives them) on the highlight background, as far as its first ``kept`` characters (those
        before the ellipsis). Qt counts the places of a layout in UTF-16 units: an emoji or a rare CJK character
        (Ext-B, 𠀀) is two of them, so each place is counted again in those units."""
        layout = QTextLayout(shown, font)
        marked = QTextCharFormat()
        marked.setBackground(QColor(MARK_BACKGROUND))
        marked.setForeground(QColor("black"))  # readable on the highlight, the row selected or not
        ranges = []
        for start, end in marks:
            end = min(end, kept)
            if start < end:
                piece = QTextLayout.FormatRange()
                piece.start, piece.length = utf16_units(shown[:start]), utf16_units(shown[start:end])
                piece.format = marked
                ranges.append(piece)
        layout.setFormats(ranges)
        return layout


def utf16_units(text: str) -> int:
    """How many UTF-16 units ``text`` is (a character beyond the Basic Multilingual Plane, an emoji or 𠀀, is two):
    Qt's places in a text (a layout's, a ``QTextCursor``'s, a ``QLineEdit``'s caret) are counted in those units,
    Python's in characters, so ``utf16_units(text[:i])`` is Qt's place of Python's index ``i``."""
    return len(text) + sum(ord(ch) > 0xFFFF for ch in text)
