"""The 文书 page's register of issued documents (发文登记, ``workstation.document_register``): a search over 文号,
title, case number, party and agency, a state, a year, a document type and an agency filter, the count found, the list
newest first (read a page at a time as it scrolls, each page following on from the last row read; a click on the
成文日期 or 文号 header sorts by it, one on another header goes back to the issue time), a double-click (or
Enter) opening the case, lead or interview the document belongs to, and the export of everything found as CSV (in the
background, with a progress dialog and Cancel)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from ui.access_keys import with_fixed_letter
from ui.column_fit import ColumnFitter
from ui.layouts import WrappingRow, add_agency, enable_or_say_why, said_not_written, said_written
from ui.pages import read_only_table
from ui.record_model import Column, RecordTableModel, figure_column
from ui.task_runner import only_reading
from workstation.document_register import (
    PAGE,
    STATE_FILTERS,
    STATES,
    count_found,
    export_register,
    issue_years,
    register_forms,
    registered_documents,
)
from workstation.errors import WorkstationError
from workstation.i18n import N_, _, ngettext
from workstation.records import today
from workstation.store import list_agencies

COLUMNS = [
    Column(N_("Dated"), lambda d: d.dated or "—"),
    Column(N_("文号"), lambda d: d.number or "—"),
    Column(N_("Document"), lambda d: d.title),
    Column(N_("Case or matter"), lambda d: d.subject),
    Column(N_("Party"), lambda d: d.parties or "—"),
    Column(N_("Agency"), lambda d: d.agency or "—"),
    # none for a 文号 taken without a document
    figure_column(N_("Pages"), lambda d: d.pages, lambda d: f"{d.pages:,}" if d.kind == "document" else "—"),
    Column(N_("State"), lambda d: d.state_label),
    Column(N_("Note"), lambda d: d.note or "—"),
]


class RegisterModel(RecordTableModel):
    """The documents found, a page at a time: Qt asks for the next page as the view scrolls near its end. Each page
    follows on from the last row read (its place in the order, ``registered_documents(after=…)``), so that a document
    issued meanwhile (from another window or the command line) neither lists a row twice nor pushes one out of the
    list; ``changed()`` (the box's ``stale``) seen true as a page is read emits ``went_stale``, for the list to be
    read again with what was issued meanwhile. ``sort``: the order (``SORTS``) and whether descending, as the header
    last asked (``sort``): read again from the first page in it."""

    went_stale = Signal()
    #: the columns a click on the header sorts by (the order of ``registered_documents``); any other: the issue time
    SORTED_COLUMNS = {0: "dated", 1: "number"}

    def __init__(self, db, parent=None, changed: Callable[[], bool] | None = None):
        super().__init__(COLUMNS, parent)
        self.db = db
        self.changed = changed
        self.filters: tuple[str, ...] = ("", "", "", "", "")
        self._exhausted = True
        self._stale_said = False  # ``went_stale`` emitted since the list was loaded
        self.order: tuple[str, bool] = ("issued", True)  # newest first until a header is clicked

    def load(self, search: str, state: str, year: str, form: str = "", agency: str = "") -> None:
        self.filters = (search, state, year, form, agency)
        self._stale_said = False
        first = registered_documents(self.db, search, state, year, limit=PAGE, form=form, agency=agency,
                                     sort=self.order[0], descending=self.order[1])
        self._exhausted = len(first) < PAGE
        self.set_records(first)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Read the list again from its first page in the order of ``column`` (成文日期 or 文号; any other, or none:
        the issue time, newest first), ascending or descending: the rows are read a page at a time, so the order is
        the database's (``registered_documents(sort=…)``), never the rows read so far sorted."""
        wanted = (self.SORTED_COLUMNS[column], order == Qt.SortOrder.DescendingOrder) \
            if column in self.SORTED_COLUMNS else ("issued", True)
        if wanted != self.order:
            self.order = wanted
            self.load(*self.filters)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: B008, N802 - Qt's own default argument and name
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        if not self._stale_said and self.changed is not None and self.changed():
            self._stale_said = True  # read again once the view is done asking (queued): the rows issued meanwhile
            self.went_stale.emit()
        search, state, year, form, agency = self.filters
        more = registered_documents(self.db, search, state, year, limit=PAGE, form=form, agency=agency,
                                    after=self.records[-1] if self.records else None, sort=self.order[0],
                                    descending=self.order[1])
        self._exhausted = len(more) < PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self.records), len(self.records) + len(more) - 1)
            self.records.extend(more)
            self.endInsertRows()


class DocumentRegisterBox(QGroupBox):
    """The register on the 文书 page. ``open_document(document)``: show the case, lead or interview the document
    belongs to (the window's); ``prompts``: where the export asks for its file and says where it went; ``runner``:
    the task runner the export runs on (``ui.task_runner``; None: its window's ``runner``, at once without one)."""

    def __init__(self, db, prompts, open_document: Callable | None = None, parent=None, *, runner=None):
        super().__init__(_("Issued documents (发文登记)"), parent)
        self.db, self.prompts, self.open_document = db, prompts, open_document
        self.runner = runner  # the export's (``export``); None: its window's
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("register_search")
        self.search.setPlaceholderText(_("文号, document, case number or party"))
        self.search.setClearButtonEnabled(True)
        label = QLabel(_("Sea&rch issued"))
        label.setBuddy(self.search)
        row.addWidget(label)
        row.addWidget(self.search, 1)
        self.state = QComboBox()
        self.state.setObjectName("register_state")
        for state in STATE_FILTERS:
            self.state.addItem(_(STATES[state]) if state else _("All states"), state)
        self.year = QComboBox()
        self.year.setObjectName("register_year")
        self.year.addItem(_("All years"), "")
        # the document type and the agency (a district bureau with its town offices, as the case list filters)
        self.form = self._narrow_combo("register_form", 8)
        self.form.addItem(_("All document types"), "")
        for form_id, title in register_forms():
            self.form.addItem(title, form_id)
        self.agency = self._narrow_combo("register_agency", 6)
        self.agency.addItem(_("All agencies"), "")
        for agency in list_agencies(db):
            add_agency(self.agency, agency, agency.short_name or agency.name)
            self.agency.setItemData(self.agency.count() - 1, agency.name, Qt.ItemDataRole.ToolTipRole)
        from ui.agency_search import searchable

        searchable(self.agency, keeps_choice=True)  # a filter: text naming no agency gives way to the one chosen
        # each filter after its label, Alt+its letter the filter (the page's: 查找文书类型(&T), 查找已签发(&R); the
        # window's: F C G H D L), on a row under the search: with their labels they would widen the page past a
        # 1024-pixel screen
        layout.addLayout(row)
        # (on a laptop at 150 %, 911 pixels, the filters and the export go on to a second row)
        row = WrappingRow()
        for text, letter, combo in ((_("State"), "S", self.state), (_("Year"), "Y", self.year),
                                    (_("Document type"), "P", self.form), (_("Agency"), "A", self.agency)):
            label = QLabel(with_fixed_letter(text, letter))
            label.setBuddy(combo)
            row.add_together(label, combo)
        self.export_button = QPushButton(with_fixed_letter(_("Export register…"), "E"))
        self.export_button.setObjectName("register_export")
        self.export_button.clicked.connect(lambda: self.export())
        row.add(self.export_button, on_right=True)
        layout.addLayout(row)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.model = RegisterModel(db, self, changed=self.stale)
        self.model.went_stale.connect(self.refresh, Qt.ConnectionType.QueuedConnection)
        self.view = read_only_table(self.model)
        self.view.setObjectName("register_view")
        # a click on the 成文日期 or 文号 header sorts by it (``RegisterModel.sort``); on another, back to the issue
        # time, newest first, no header marked
        header = self.view.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_chosen)
        header.setToolTip(_("Click 成文日期 or 文号 to sort by it; any other heading lists the documents by issue "
                            "time, newest first."))
        # the columns the officer widens keep their width (kept from one session to the next: ``view_state``); the
        # others are sized to the documents listed, the last one stretched over the rest
        self.fitter = ColumnFitter(self.view, ())
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.activated.connect(self._opened)  # double-click or Enter
        layout.addWidget(self.view, 1)
        # a search is run a moment after the last keystroke, not at each one
        self._typed = QTimer(self)
        self._typed.setSingleShot(True)
        self._typed.setInterval(250)
        self._typed.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._typed.start)
        self.search.returnPressed.connect(self.refresh)
        self.search.installEventFilter(self)  # Down into the list, Esc clearing the search (``eventFilter``)
        for combo in (self.state, self.year, self.form, self.agency):
            combo.currentIndexChanged.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _narrow_combo(name: str, characters: int) -> QComboBox:
        """A filter as narrow as ``characters`` characters (its open list shows the names whole): a long title or
        agency name leaves the search its room."""
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(characters)
        return combo

    def _filters(self) -> tuple[str, str, str, str, str]:
        return (self.search.text(), self.state.currentData() or "", self.year.currentData() or "",
                self.form.currentData() or "", self.agency.currentData() or "")

    def refresh(self) -> None:
        """List the documents the search and filters find, with their count; the document selected stays selected
        and the list scrolled where it was (the officer back from the case a document opened, a document issued
        meanwhile listed)."""
        self._typed.stop()
        from workstation.db.connection import change_mark

        self._listed_at = change_mark(self.db)
        self._list_years()
        filters = self._filters()
        chosen, top, listed = self._place()
        self.model.load(*filters)
        documents, numbers = count_found(self.db, *filters)
        total = documents + numbers
        # the documents, and apart the numbers taken without one (a restore's), as the command line's export says
        found = ngettext("{n} document issued", "{n} documents issued", documents).format(n=f"{documents:,}")
        if numbers:
            found = _("; ").join([found, ngettext("{n} 文号 taken without a document here",
                                                  "{n} 文号 taken without a document here", numbers).format(
                n=f"{numbers:,}")])
        self.count_label.setText(found if any(filters) or total else
                                 _("No document has been issued yet: documents issued from a case, a lead or an "
                                   "interview are listed here with their 文号."))
        enable_or_say_why(self.export_button, None if total else _("No document issued matches: nothing to export."))
        with self.fitter.quiet():
            for column in range(len(COLUMNS) - 1):
                if column not in self.fitter.dragged:
                    self.view.resizeColumnToContents(column)
        self._place_again(chosen, top, listed)

    def stale(self) -> bool:
        """Whether the database changed since the list was read (``change_mark``: another connection's commit — the
        command line, the exchange's worker — or a change on the window's own connection)."""
        from workstation.db.connection import change_mark

        return change_mark(self.db) != self._listed_at

    def _place(self) -> tuple[str | None, str | None, int]:
        """The id of the document selected (None: none), of the one at the top of the list shown, and how many
        documents were read."""
        records = self.model.records
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        row = rows[0].row() if rows else -1
        top = self.view.rowAt(0)
        return (records[row].id if 0 <= row < len(records) else None,
                records[top].id if 0 <= top < len(records) else None, len(records))

    def _place_again(self, chosen: str | None, top: str | None, listed: int) -> None:
        """Select the document ``chosen`` again and scroll back to ``top`` (``_place``), reading as many pages as
        were read before to find them; a document no longer found is let go."""
        def row_of(document_id: str | None) -> int:
            if document_id is None:
                return -1
            ids = [d.id for d in self.model.records]
            while document_id not in ids and self.model.canFetchMore() and len(ids) < listed:
                self.model.fetchMore()
                ids = [d.id for d in self.model.records]
            return ids.index(document_id) if document_id in ids else -1

        chosen_row, top_row = row_of(chosen), row_of(top)
        if top_row < 0 and chosen_row < 0:
            return
        self.view.updateGeometries()  # the scroll range of the rows just listed, before scrolling in it
        if top_row >= 0:
            self.view.scrollTo(self.model.index(top_row, 0), self.view.ScrollHint.PositionAtTop)
        if chosen_row >= 0:
            self.view.selectRow(chosen_row)
            self.view.scrollTo(self.model.index(chosen_row, 0))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        """In the search, Down or PageDown puts the keyboard on the first document found (what was typed searched
        first), as in the case list's search; Esc clears the search (and lists every document again)."""
        from ui.layouts import search_box_key

        # typed, not searched yet: the documents found first
        if watched is self.search and search_box_key(event, self.search, self.view, self.model, self.refresh,
                                                     self._typed.isActive()):
            return True
        return super().eventFilter(watched, event)

    def _list_years(self) -> None:
        """The year filter offers the years documents were issued in, the first document of a new year included;
        the year chosen stays chosen."""
        years = issue_years(self.db)
        if years == [self.year.itemData(i) for i in range(1, self.year.count())]:
            return
        chosen = self.year.currentData()
        self.year.blockSignals(True)
        while self.year.count() > 1:
            self.year.removeItem(1)
        for year in years:
            self.year.addItem(year, year)
        self.year.setCurrentIndex(max(self.year.findData(chosen), 0))
        self.year.blockSignals(False)

    def _sort_chosen(self, column: int, _order) -> None:
        """A header clicked that the list does not sort by: its mark taken off (the list back in issue order)."""
        if column >= 0 and column not in RegisterModel.SORTED_COLUMNS:
            self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)

    def _opened(self, index: QModelIndex) -> None:
        if self.open_document is not None and index.isValid():
            self.open_document(self.model.records[index.row()])

    def export(self, path: str | None = None) -> None:
        """Write every document found (all pages, not only those shown) to a CSV file the officer chooses: through
        the window's task runner (``runner``, else its window's) with a progress dialog and Cancel, read with a
        connection of its own (``tasks.export_document_register_task``): a city's tens of thousands of documents take
        a while. Without a runner, or on a database in memory, at once. The list is read again first, so that the file
        holds what the officer sees (a document issued from another window or the command line included)."""
        from functools import partial

        from workstation import tasks
        from workstation.clocks import data_dir_of
        from workstation.paths import database_path

        if self.stale():  # listed again only when the data changed since (a page read)
            self.refresh()
        title = _("Export the register of issued documents")
        path = path or self.prompts.save_file(self, title, _("Issued documents {date}.csv").format(date=today()),
                                              _("CSV (*.csv)"))
        if not path:
            return
        runner = self.runner if self.runner is not None else getattr(self.window(), "runner", None)
        data_dir = data_dir_of(self.db)
        exported = partial(said_written, self, self.prompts)
        not_exported = partial(said_not_written, self, self.prompts)
        if runner is None or data_dir is None:
            try:
                exported(export_register(self.db, path, *self._filters(), sort=self.model.order[0],
                                         descending=self.model.order[1]))
            except WorkstationError as exc:
                not_exported(exc)
            return
        # it reads the database and writes none of it: beside a count running (the board's at the start)
        # in the order the list is sorted in (the header clicked)
        work = only_reading(partial(tasks.export_document_register_task, database_path(data_dir), path,
                                    *self._filters(), sort=self.model.order[0], descending=self.model.order[1]))
        runner.run(title, work, exported, not_exported, self)
