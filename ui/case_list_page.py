"""The case list: filters (status, sector, district, agency), search by party name, case number or cause, the lazily
fetched sortable table, and the count of matching cases. A search, a filter or a sort is read in the background
(``CaseListPage.read``): over 100,000 cases one took most of a second, which the window froze for at each pause in
typing."""

from __future__ import annotations

import time
from functools import partial

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import case_model
from ui.agency_search import searchable
from ui.case_model import CASE_ID_ROLE, CaseTableModel
from ui.column_fit import ColumnFitter, text_width
from ui.layouts import add_agency, buddy_label, plain_label, shortcut_hint
from ui.table_menu import add_table_menu
from ui.task_runner import NewestWork, only_reading
from ui.view_state import header_state, restore_header
from workstation.db.connection import change_mark
from workstation.i18n import _
from workstation.store import CaseFilter, list_agencies
from workstation.store.sort_keys import text_sort_key
from workstation.vocabulary import shown_labels

SHARED_COLUMNS = (1, 2)  # party and cause: they share the width the other columns leave, elided (tooltip whole)
LAST_COLUMNS = (3, 4)  # sector and district: the columns a narrow window leaves to the scroll bar
COLUMN_ORDER = (0, 1, 2, 5, 6, 7, 8, 3, 4)  # the columns' places, left to right
EARLIER_WIDTHS = (170, 260, 280, 90, 70, 80, 90, 70)  # the widths of the columns before they were fitted
KEPT_COLUMNS = (0, 1)  # case number and party: a case must be recognisable in the list, so they cannot be hidden


class CaseListPage(QWidget):
    """Filter bar over the case table; emits ``case_opened`` with a case id on double-click or Enter. ``runner``: the
    task runner a search is read with (``read``); without one, the runner of the window the page is shown in."""

    case_opened = Signal(str)
    # how often the list shown looks whether another program changed the database (a cheap PRAGMA), read again only
    # while its window is active and the officer not at the list (``_check_while_shown``)
    CHANGE_CHECK_MS = 3000

    def __init__(self, db, parent: QWidget | None = None, runner=None):
        super().__init__(parent)
        self.db, self.runner = db, runner
        self.model = CaseTableModel(db, self)
        # the search, filter or sort being read, if any (``read``): a newer one cancels it and drops what it finds
        self.reading = NewestWork(self, runner)
        self._first_when_listed = False  # Down pressed in the search while it was read: its first case then
        self._stale = False  # a search dropped when the window closed: read again when the list is next shown
        self._automatic = False  # the read asked for is an automatic refresh (``check_changed``), not the officer's
        # an automatic refresh's list read while the officer was at the list, with the database's mark it was read
        # at: shown at the next look finding them away from it (``_check_while_shown``), dropped by any other read
        self._held: tuple | None = None
        self._pressed_at = float("-inf")  # the last mouse press on the rows (a double-click's second may follow)
        self.status_filter = self._combo(_("All statuses"), shown_labels("statuses").items())
        self.sector_filter = self._combo(_("All sectors"), shown_labels("sectors").items())
        agencies = list_agencies(db)
        # the districts in pinyin order (``text_sort_key``), the order the 辖区 column ranks the five districts in
        districts = sorted((a.district for a in agencies if a.level == "district"), key=text_sort_key)
        self.district_filter = self._combo(_("All districts"), [(district, district) for district in districts])
        # short names (南海区局, a town office's 桂城所 indented under it), the full one as each item's tooltip: the
        # longest full name made the filter so wide that the search box had no room left in a narrower window
        self.agency_filter = self._combo(_("All agencies"), [])
        for row, agency in enumerate(agencies, start=1):
            add_agency(self.agency_filter, agency, agency.short_name or agency.name)
            self.agency_filter.setItemData(row, agency.name, Qt.ItemDataRole.ToolTipRole)
        searchable(self.agency_filter, keeps_choice=True)  # a filter: text naming no agency gives way to the one chosen
        self.search = QLineEdit()
        # the search finds the cause (案由) too: said, or an officer would not think to search it
        # a short hint that a 1,024-pixel window shows whole beside the filters; the whole one is the tooltip
        self.search.setPlaceholderText(_("Party, number or cause"))
        self.search.setToolTip(shortcut_hint(_("Search party name, case number or cause"), "Ctrl+F"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        # the database as it was when the list was last read (``change_mark``'s data_version): another program's
        # commit since (the command line, a worker) reads it again when the list is next shown, its window activated,
        # or within ``CHANGE_CHECK_MS`` while the officer is not at it (``check_changed``); this window's own writes
        # refresh the list by their own signal (``MainWindow._cases_changed``), a draft saved not at all
        self._listed_at = change_mark(db)[0]
        self.model.set_filter(self.current_filter())  # the one query of start-up; the view's sort is the same
        self.model.lister = self.read  # every later filter, search and sort read in the background
        self.table = QTableView()
        self.table.setObjectName("case_list")
        self.table.setAccessibleName(plain_label(_("Case &list")))  # its tab's name, said by a screen reader
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # as loaded above
        self.table.setSortingEnabled(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move in it), as in every list
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # right-click on the header: which columns to show (a 1,024-pixel window shows sector and district only
        # scrolled to; an officer who needs them hides others), kept with the header state like the widths
        self.table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._show_column_menu)
        add_table_menu(self.table, self.column_menu)  # the same, and sorting, by the Menu key or Shift+F10
        self.fitter = ColumnFitter(self.table, SHARED_COLUMNS, LAST_COLUMNS)
        self._lay_out_columns()
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        # a sort, a filter or a search keeps the case selected selected, and in view, wherever it is still listed; the
        # same list read again (a refresh) keeps the rows in view where they were too (``_restore_selection``)
        self._kept_case: str | None = None
        self._kept_view: tuple | None = None
        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.model.modelReset.connect(self._restore_selection)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filters)
        self._change_timer = QTimer(self)
        self._change_timer.setInterval(self.CHANGE_CHECK_MS)
        self._change_timer.timeout.connect(self._check_while_shown)
        # a case listed found deleted as its page is read (shown as deleted meanwhile): the list read again, after the
        # paint that read it, when another program changed the database (a deletion of this window's refreshes it)
        self.model.rows_gone.connect(self._check_while_shown, Qt.ConnectionType.QueuedConnection)
        self.table.viewport().installEventFilter(self)  # the mouse pressed on the rows (``_idle``)

        bar = QHBoxLayout()
        # each field behind its label's Alt letter: none of the menus' (F, C, G, H) nor the tabs' (D, L)
        for text, widget in ((_("&Status"), self.status_filter), (_("Sec&tor"), self.sector_filter),
                             (_("D&istrict"), self.district_filter), (_("&Agency"), self.agency_filter)):
            bar.addWidget(buddy_label(text, widget))
            bar.addWidget(widget)
            widget.currentIndexChanged.connect(self.apply_filters)
        bar.addWidget(buddy_label(_("S&earch"), self.search))
        bar.addWidget(self.search, 1)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.apply_filters)
        self.search.installEventFilter(self)  # Down into the results, Escape clears the search
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._show_count()

    def _default_widths(self) -> dict[int, int]:
        """Each column but the shared ones as wide as its header or its widest text (of the cases loaded, of
        every sector and status, of a date, of a fine of millions), whichever is wider."""
        header = self.table.horizontalHeader()
        numbers = [self.model.index(row, 0).data() or "" for row in range(min(self.model.rowCount(), 200))]
        districts = [self.district_filter.itemText(row) for row in range(1, self.district_filter.count())]
        texts = {0: numbers, 3: shown_labels("sectors").values(), 4: districts, 5: shown_labels("statuses").values(),
                 6: ["2026-12-31"], 7: ["888,888"], 8: ["8,888,888.88"]}
        return {column: max(header.sectionSizeHint(column), text_width(self.table, samples))
                for column, samples in texts.items()}

    def _lay_out_columns(self) -> None:
        """The key columns first (number, party, cause, status, filing date, records, fines), sector and district
        last (they are filters above too), each sized to its content; party and cause share the rest."""
        header = self.table.horizontalHeader()
        with self.fitter.quiet():
            for visual, column in enumerate(COLUMN_ORDER):
                header.moveSection(header.visualIndex(column), visual)
            for column, width in self._default_widths().items():
                header.resizeSection(column, width)
            for column, width in zip(SHARED_COLUMNS, (220, 280), strict=True):  # till the view is shown
                header.resizeSection(column, width)
        self.fitter.fit()

    def column_menu(self) -> QMenu:
        """The header's context menu: a check for each column in the order shown (case number and party always
        shown, their checks disabled), then 恢复默认列 (every column, in the default order and widths)."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for visual in range(header.count()):
            column = header.logicalIndex(visual)
            action = QAction(self.model.headerData(column, Qt.Orientation.Horizontal), menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(column not in KEPT_COLUMNS)
            action.setData(column)
            action.toggled.connect(lambda shown, c=column: self.set_column_shown(c, shown))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(_("Restore default columns"), self.restore_default_columns)
        return menu

    def _show_column_menu(self, pos: QPoint) -> None:
        menu = self.column_menu()
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))
        menu.deleteLater()  # made anew at each right-click, from the columns as they are then

    def set_column_shown(self, column: int, shown: bool) -> None:
        """Show or hide one column (not the case number nor the party), at least as wide as its header when shown;
        the shared columns take up the room."""
        if column in KEPT_COLUMNS and not shown:
            return
        header = self.table.horizontalHeader()
        with self.fitter.quiet():
            header.setSectionHidden(column, not shown)
            if shown and header.sectionSize(column) < header.sectionSizeHint(column):
                header.resizeSection(column, max(self._default_widths().get(column, 0),
                                                 header.sectionSizeHint(column)))
        self.fitter.fit()

    def restore_default_columns(self) -> None:
        """Every column shown, in the default order and widths, party and cause fitted to the window again."""
        header = self.table.horizontalHeader()
        with self.fitter.quiet():
            for column in range(header.count()):
                header.setSectionHidden(column, False)
        self.fitter.dragged.clear()
        self._lay_out_columns()

    def eventFilter(self, watched, event) -> bool:
        """In the search box: Down or PageDown moves to the first case found (once found, when the search is still
        being read), Escape clears a search typed."""
        from ui.layouts import search_box_key

        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick) and \
                watched is self.table.viewport():
            self._pressed_at = time.monotonic()
            return False
        if watched is self.search and self._down_while_read(event):
            return True
        # typed, not searched yet: the results first
        if watched is self.search and search_box_key(event, self.search, self.table, self.model, self.apply_filters,
                                                     self._search_timer.isActive()):
            return True
        return super().eventFilter(watched, event)

    def _down_while_read(self, event) -> bool:
        """Down or PageDown in the search while its cases are read (typed and not yet searched: searched first): the
        keyboard goes to the first case found once the list arrives (``_listed``)."""
        if event.type() != QEvent.Type.KeyPress or event.key() not in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) or \
                event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        if self._search_timer.isActive():
            self.apply_filters()
        self._first_when_listed = self.reading.running
        return self._first_when_listed

    def header_state(self) -> tuple:
        """(header state, the columns the officer resized as text, "1,2"): what ``restore_header`` takes back
        (``view_state.header_state``)."""
        return header_state(self.fitter)

    def restore_header(self, state, dragged=None) -> bool:
        """The column widths, order and sort the user left (``cases/header``), each column then widened where it
        is narrower than its header (a state saved before a header grew would cut it off: 涉案信息（条）); a column
        the user made wider stays as wide (``view_state.restore_header``). ``dragged``: the party and cause columns the
        officer resized, "1,2" (the others are fitted to the window); None for a state saved before columns were
        fitted, whose columns still at that layout's widths take this one's. False when ``state`` is not a header
        state (nothing changes then)."""
        return restore_header(self.fitter, state, self._earlier_layout if dragged is None else dragged,
                              kept=KEPT_COLUMNS, every_width=True)

    def _earlier_layout(self) -> list[int]:
        """A header state saved before columns were fitted (every column at a fixed width, the last one stretched),
        restored: the columns still at that layout's widths take this one's, in this one's order; the shared columns
        the officer had resized then."""
        header = self.table.horizontalHeader()
        defaults = self._default_widths()
        for column, width in enumerate(EARLIER_WIDTHS):
            if header.sectionSize(column) == max(width, header.sectionSizeHint(column)) and column in defaults:
                header.resizeSection(column, defaults[column])
        header.resizeSection(8, defaults[8])
        for visual, column in enumerate(COLUMN_ORDER):
            header.moveSection(header.visualIndex(column), visual)
        return [c for c, width in zip(SHARED_COLUMNS, (260, 280), strict=True)
                if header.sectionSize(c) != max(width, header.sectionSizeHint(c))]

    @staticmethod
    def _combo(everything: str, items) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, None)
        for key, text in items:
            combo.addItem(text, key)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def current_filter(self) -> CaseFilter:
        """The filters and search chosen, in the sort last chosen (being read, maybe)."""
        old = self.model.wanted
        return CaseFilter(status=self.status_filter.currentData(), sector=self.sector_filter.currentData(),
                          district=self.district_filter.currentData(), agency_id=self.agency_filter.currentData(),
                          search=self.search.text().strip(), order_by=old.order_by, descending=old.descending)

    def apply_filters(self) -> None:
        """Reload the table for the chosen filters and search text (``read``)."""
        self._search_timer.stop()
        self.model.ask(self.current_filter())

    def _runner(self):
        """The runner the list is read with: the one given, else its window's (``MainWindow.runner``, whose shutdown
        waits for it); None on a page in no such window."""
        return self.runner if self.runner is not None else getattr(self.window(), "runner", None)

    def read(self, flt: CaseFilter) -> None:
        """List the cases of ``flt`` (a filter, a search or a sort chosen) once read in the background, its count and
        the place of the case selected with it (``case_model.read_listing``): the cases listed stay meanwhile, the
        count saying the list is being searched; a read still running is cancelled, what it finds dropped. Without a
        runner, or on a database in memory, the list is read at once. The database's mark (``change_mark``) is
        taken as the read starts and kept as the list's once the list is shown: a read failed or cancelled leaves the
        list stale, to be read again (``check_changed``). An automatic refresh (``check_changed``) says nothing
        below the list while read, and is shown only once the officer is away from the list (``_listed``)."""
        self._stale = False
        automatic, self._automatic = self._automatic, False
        self._held = None  # a newer list asked for
        mark = change_mark(self.db)[0]
        runner, database = self._runner(), self.db.file()
        if runner is None or database is None:
            self.reading.stop()
            self.model.list_now(flt)
            self._listed_at = mark
            self._show_count()
            return
        if not automatic:
            self.count_label.setText(_("Searching the cases…"))
        self.reading.runner = runner
        work = partial(case_model.read_listing, database, flt, self.model.PAGE, self.selected_case_id())
        self.reading.start(_("Searching the cases"), only_reading(work),
                           partial(self._listed, mark=mark, automatic=automatic), self._not_listed)

    def _listed(self, listing, mark: int, automatic: bool = False) -> None:
        """The list read (``read``) shown, with its count, and marked current as of ``mark`` (the database's as the
        read started); the first case selected when Down asked for it and the search still has the keyboard (not
        once the officer clicked a case in the list shown, or went elsewhere). An ``automatic`` refresh read while
        the officer is at the list (``_idle``: a scroll bar dragged, a dialog open, between the clicks of a
        double-click) is kept, shown at the next look finding them away (``_check_while_shown``)."""
        if automatic and not self._idle():
            self._held = (listing, mark)
            return
        self._held = None
        self.model.show(listing)
        self._listed_at = mark
        self._show_count()
        first, self._first_when_listed = self._first_when_listed, False
        if first and self.search.hasFocus():
            if self.model.rowCount():
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                self.table.selectRow(0)
                self.table.scrollTo(self.model.index(0, 0))

    def _not_listed(self, exc: BaseException) -> None:
        """The read failed: why, below the list, which stays as it was (a bug is raised again)."""
        from ui.layouts import error_text
        from workstation.errors import WorkstationError

        self._first_when_listed = False
        self.model.wanted = self.model.case_filter  # a sort chosen next sorts what is shown
        if not isinstance(exc, WorkstationError):
            self._show_count()  # of the cases still listed, not 正在搜索案件… till the next search
            raise exc
        self.count_label.setText(error_text(exc))

    def stop_counting(self) -> None:
        """Cancel the search being read, or typed and not yet read (the window closing); what it ends with is
        dropped, and the list read again when next shown."""
        if self.reading.running or self._search_timer.isActive():
            self._search_timer.stop()
            self.reading.stop()
            self._first_when_listed = False
            self._stale = True

    def hideEvent(self, event) -> None:
        """The window closing (the list hidden with it: not a switch of tab nor a minimise): the search running is
        cancelled (``stop_counting``), so that no work is left running for a closed window."""
        super().hideEvent(event)
        if not event.spontaneous() and not self.window().isVisible():
            self.stop_counting()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._change_timer.start()
        if self._stale:  # the search dropped when the window closed
            self.apply_filters()
        else:
            self._check_while_shown()

    def changeEvent(self, event) -> None:
        """The window activated (the officer back from the command line or another program): the list read again
        when the database changed meanwhile and the officer is not at the list (``_check_while_shown``)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isVisible() and self.isActiveWindow():
            self._check_while_shown()

    def _check_while_shown(self) -> None:
        """The one look at another program's change (the timer's, the list shown, its window activated, a case found
        deleted): only while the officer is away from the list (``_idle``), else left to the next look. A list an
        automatic refresh read meanwhile (``_held``) is shown then; else the list read again when the database
        changed (``check_changed``)."""
        if not self.isVisible():
            self._change_timer.stop()  # started again when shown
        elif not self._idle():
            return
        elif self._held is not None:
            listing, mark = self._held
            self._listed(listing, mark)
        else:
            self.check_changed()

    def _idle(self) -> bool:
        """Whether the officer is away from the list: its window active and not minimised, no button held, no popup
        (a menu, a filter's list) or dialog open, neither scroll bar being dragged, no double-click under way (the
        rows pressed within its interval)."""
        window = self.window()
        return (window.isActiveWindow() and not window.isMinimized()
                and QApplication.mouseButtons() == Qt.MouseButton.NoButton
                and QApplication.activePopupWidget() is None and QApplication.activeModalWidget() is None
                and not self.table.verticalScrollBar().isSliderDown()
                and not self.table.horizontalScrollBar().isSliderDown()
                and time.monotonic() - self._pressed_at > QApplication.doubleClickInterval() / 1000)

    def check_changed(self) -> bool:
        """Read the list again (``refresh``: the rows in view and the case selected stay where they are) when another
        program changed the database since it was read (``change_mark``'s data_version: a case imported, moved on
        or deleted by the command line or a worker); not while a search is typed or read, nor while a list read so
        waits to be shown (``_held``). True when read again: an automatic refresh (``read``, ``_listed``)."""
        if self._held is not None or self.reading.running or self._search_timer.isActive() or \
                change_mark(self.db)[0] == self._listed_at:
            return False
        self._automatic = True
        try:
            self.refresh()
        finally:
            self._automatic = False
        return True

    def _show_count(self) -> None:
        """The count of matching cases; when none, why, and on an empty database how cases come in."""
        total = self.model.total()
        text = _("{n} cases").format(n=f"{total:,}")
        shown = self.model.case_filter
        if total == 0 and shown == CaseFilter(order_by=shown.order_by, descending=shown.descending):
            from ui.layouts import plain_label

            def menu(*items: str) -> str:
                return " → ".join(plain_label(_(item)) for item in items)

            text = _("No case yet: create one ({new_case}), import a case register ({register}), or file one from a "
                     "lead ({leads}).").format(new_case=menu("&Case", "&New case…"),
                                               register=menu("&File", "&Import case register…"), leads=_("Leads"))
        elif total == 0:
            text = _("No case matches the filters or the search.")
        self.count_label.setText(text)

    def refresh(self) -> None:
        """Reload; the case selected stays selected where it is still listed (after editing it with Ctrl+E, Ctrl+E
        or Enter again acts on it, not on nothing), as through every sort, filter and search, and the rows in view
        stay in view (``_restore_selection``)."""
        self.apply_filters()

    def _keep_selection(self) -> None:
        """Before the table is reloaded: the case selected, and the list shown with the case at the top of the view,
        the scroll bars' places and whether the case selected is in view."""
        self._kept_case = self.selected_case_id()
        top = self.table.indexAt(QPoint(0, 0))
        rows = self.table.selectionModel().selectedRows()
        in_view = bool(rows) and self.table.viewport().rect().intersects(self.table.visualRect(rows[0]))
        self._kept_view = (self.model.case_filter, top.data(CASE_ID_ROLE) if top.isValid() else None,
                           self.table.verticalScrollBar().value(), self.table.horizontalScrollBar().value(), in_view)

    def _restore_selection(self) -> None:
        """After the table is reloaded: the case selected before selected again, wherever it is in the new order,
        while it is still listed. A sort, a filter or a search scrolls to it; the same list read again (a refresh:
        another program's change, the officer's own save) leaves the officer where they were, the case at the top
        of the view at the top still (else the view at the same place), not thrown back to the case selected —
        unless the case selected was in view and is no longer (an edit moved it in the sort): scrolled to then, so
        that Enter or Ctrl+E never act on a case out of sight."""
        chosen, self._kept_case = self._kept_case, None
        kept, self._kept_view = self._kept_view, None
        if kept is None or kept[0] != self.model.case_filter:
            if chosen:
                self.select_case(chosen)
            return
        _flt, top, vertical, horizontal, in_view = kept
        selected = self.select_case(chosen) if chosen else False  # scrolled to it, and back below
        row = self.model.row_of(top) if top else None
        self.table.doItemsLayout()
        if row is not None:
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        else:
            self.table.verticalScrollBar().setValue(vertical)
        if selected and in_view and (rows := self.table.selectionModel().selectedRows()):
            self.table.scrollTo(rows[0])  # EnsureVisible: no further than needed
        self.table.horizontalScrollBar().setValue(horizontal)

    def select_case(self, case_id: str) -> bool:
        """Select and show the row of ``case_id`` in the list as filtered and sorted, reading the page around it when
        it is further down than those read (``CaseTableModel.row_of``); False when the filter leaves it out."""
        row = self.model.row_of(case_id)
        if row is None:
            return False
        # the view laid out for the rows listed meanwhile first: scrolled before, it would see its last row (the
        # old end) in view and fetch the page after the one read, another sort of every case under 罚没金额
        self.table.doItemsLayout()
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected_case_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(CASE_ID_ROLE) if rows else None

    def _open_index(self, index: QModelIndex) -> None:
        case_id = index.siblingAtColumn(0).data(CASE_ID_ROLE) if index.isValid() else None
        if case_id is not None:  # None: a case deleted since listed (``case_model.GONE``)
            self.case_opened.emit(case_id)
