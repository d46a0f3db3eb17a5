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
        layout = QTextLayout(shown, opt.font)
        marked = QTextCharFormat()
        marked.setBackground(QColor(MARK_BACKGROUND))
        marked.setForeground(QColor("black"))  # readable on the highlight, the row selected or not
        ranges = []
        for start, end in marks:
            end = min(end, kept)
            if start < end:
                piece = QTextLayout.FormatRange()
                piece.start, piece.length, piece.format = start, end - start, marked
                ranges.append(piece)
        layout.setFormats(ranges)
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
