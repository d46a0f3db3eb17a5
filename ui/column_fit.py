"""Columns of a list that fit its width: the long texts (a party's name, a cause, a subject) share the room the
other columns leave, elided with the whole text as tooltip; columns of little weight, placed last, are given up
to them (scrolled to) when a narrow window has no room for everything, so that a 1,024-pixel laptop still shows
the key columns. A column the officer drags keeps its width from then on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

MINIMUM_SHARE = 120  # the least a shared column gets: some eight characters of a name
TEXT_PADDING = 16  # a cell's margins around its text, with room to spare


def text_width(view: QTableView, texts: Iterable[str]) -> int:
    """The width a column needs to show the widest of ``texts`` whole in ``view``'s font, with room to spare
    (``TEXT_PADDING``): the usual measure of a column's default width. Where every pixel counts — columns that must
    end at a window's edge — ``cell_width`` measures as tight as Qt does."""
    metrics = view.fontMetrics()
    return max((metrics.horizontalAdvance(text) for text in texts), default=0) + TEXT_PADDING


def cell_width(view: QTableView, texts: Iterable[str]) -> int:
    """The width a column of ``view`` needs to show the widest of ``texts`` whole, measured as Qt measures a cell
    when it sizes a column to its contents (``sizeHintForColumn``: the text, the item's margins, the grid line),
    without ``text_width``'s room to spare. For columns that must fit exactly — the leads' deadline columns end at
    the edge of a 1024-pixel-wide window (``ui.leads_page.BUSINESS_FLOOR``); elsewhere ``text_width``."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
    widths = []
    for text in texts:
        option.text = text
        widths.append(view.style().sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, option, QSize(), view).width())
    return max(widths, default=0) + (1 if view.showGrid() else 0)


class ColumnFitter(QObject):
    """Keeps ``view``'s ``shared`` columns sized so that the visible columns fill its width: each time the view
    is resized they share what the other columns leave (at least ``minimum`` each); when that is too little, the
    ``expendable`` columns (which must come last in the view) are left to the horizontal scroll bar. The columns
    the officer resized are ``dragged``: a shared one among them is no longer fitted."""

    def __init__(self, view: QTableView, shared: Sequence[int], expendable: Sequence[int] = (),
                 minimum: int = MINIMUM_SHARE):
        super().__init__(view)
        self.view, self.shared, self.expendable, self.minimum = view, tuple(shared), tuple(expendable), minimum
        self.dragged: set[int] = set()
        self._quiet = False
        header = view.horizontalHeader()
        header.setStretchLastSection(False)  # the fit fills the width; a stretched last column would fight it
        header.sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)

    @contextmanager
    def quiet(self):
        """Resize columns from code (a default width, a saved state) without counting it as the officer's."""
        before, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = before

    def _resized(self, column: int, _old: int, _new: int) -> None:
        header = self.view.horizontalHeader()
        # a last column stretched over the width left (a list that keeps its stretch) is resized with the view
        stretched = header.stretchLastSection() and header.visualIndex(column) == header.count() - 1
        if not self._quiet and not stretched:
            self.dragged.add(column)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        """Share the room the other visible columns leave among the shared columns not dragged."""
        header = self.view.horizontalHeader()
        fitted = [c for c in self.shared if c not in self.dragged and not header.isSectionHidden(c)]
        if not fitted:
            return
        others = [c for c in range(header.count()) if c not in fitted and not header.isSectionHidden(c)]
        room = self.view.viewport().width() - sum(header.sectionSize(c) for c in others)
        if room < self.minimum * len(fitted):  # the expendable columns go past the right edge
            room += sum(header.sectionSize(c) for c in self.expendable if c in others)
        room = max(room, self.minimum * len(fitted))
        share, rest = divmod(room, len(fitted))
        with self.quiet():
            for index, column in enumerate(fitted):
                header.resizeSection(column, share + (rest if index == len(fitted) - 1 else 0))
