"""The case list's item model: lists every case of the filtered, sorted case list (the view's scrollbar spans them
all, so that dragging it to the bottom or Ctrl+End shows the last case) and reads each page of them when one of its
rows is first shown, so 100,000 cases open as fast as the first page; only the pages read last are kept
(``KEPT_PAGES``), a page dropped read again when shown. A case kept selected through a sort far down the new order
is found by its position and only its page read. Cell texts are formatted once, on first display, a block of rows at
a time. A filter, a search or a sort is read in the background (``read_listing``: its first page, its count and
the place of the case selected) and shown when it arrives (``show``), the page's choice (``lister``)."""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from workstation.i18n import N_, _
from workstation.masking import mask_text
from workstation.money import figures
from workstation.penalty_terms import PROPOSING_STATUSES
from workstation.progress import CancelToken, ProgressFn
from workstation.store import CaseFilter, count_cases
from workstation.store.cases import case_page, case_place, case_position, case_rowids, case_rows
from workstation.store.sort_keys import WARNED_STATUSES
from workstation.vocabulary import shown_labels

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# raw row fields, as returned by case_page (the order of CaseRow)
ID, NUMBER, PARTIES, CAUSE, SECTOR, DISTRICT, AGENCY, STATUS, FILED, RECORDS, PENALTIES, UNDECIDED, REVOKED = range(13)
# (sort key of the store, header message id), in the order of the texts of row_texts()
COLUMNS = (
    ("case_number", N_("Case number")), ("party_names", N_("Party")), ("cause", N_("Cause")),
    ("sector", N_("Sector")), ("district", N_("District")), ("status", N_("Status")),
    ("filed_on", N_("Filed on")), ("records_total", N_("Records")),
    ("penalties_fen", N_("Fines and confiscation")),
)
TOOLTIP_COLUMNS = (1, 2)
NUMERIC_COLUMNS = (7, 8)
PENALTY_COLUMN = 8
MUTED = QColor(Qt.GlobalColor.darkGray)
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
CASE_ID = int(CASE_ID_ROLE)
RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
COLUMN_COUNT = len(COLUMNS)
INDEX_CACHE_SIZE = 20_000
FORMAT_BLOCK = 32  # rows whose cell texts are formatted together (those of rows 0–31, 32–63, …)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
# the statuses between the notice and the decision: a case there with nothing decided shows, muted, the penalty it
# proposed ("拟 ¥2,000.00"), not ¥0.00 as if nothing were proposed
PROPOSING = PROPOSING_STATUSES  # the same as the sort's (penalty_terms.shown_penalties_sql)
# the statuses a decision may stand in: a case there with no amount decided shows 警告 when its decisions in force
# impose a warning alone (found for a block of rows in one query), else —
DECIDED = WARNED_STATUSES  # the same as the sort's (store.sort_keys.warned_sql)
# the statuses at which a case's recorded amount is always one decided (penalty_terms.DECIDED_STATUS): at any other
# an amount shown may be one no decision imposed (``_show_undecided``)
COUNTED = ("penalty_decided", "served", "performed")
# a case closed (or archived) with an amount recorded counts it unless it ended by 不予处罚, 终止调查, 不予立案 or a
# transfer to the police with no decision (penalty_terms.DECIDED_STATUS): the page says which (its UNDECIDED column,
# ``penalty_terms.ENDED_UNDECIDED_SQL``), so that the list asks the database nothing more for blocks of closed cases
ENDED = ("closed", "archived")
NOTHING = "—"
# a case whose decision the party's reconsideration or lawsuit revoked (撤销) shows 已撤销, muted, in place of the amount
# the statistics no longer count (``penalty_terms.listed_penalties_sql``: the page says how much, its REVOKED column);
# one declared void (确认无效, ``clocks.VOID``: found for a block of rows in one query,
# ``penalty_terms.cases_declared_void``) shows 已确认无效; one party's revoked and another's declared void, both
REVOKED_TEXT = N_("revoked")
VOID_TEXT = N_("declared void")
MIXED_TEXT = N_("revoked or declared void")
# the raw row of a case listed and deleted since (``case_rows`` finds it no more): shown as such, with no case id, and
# not read again at each paint; the list read again (``rows_gone``) drops it
GONE = (None, "", "", "", "", "", "", "", "", 0, 0, 0, 0)
GONE_TEXT = N_("(deleted)")
_ROOT = QModelIndex()


@dataclass(frozen=True)
class Listing:
    """The case list for ``flt`` as read (``read_listing``): its first page, how many cases match (None: not counted,
    asked for when first needed), and the row of the case ``kept`` selected through the change with the page holding
    it (``kept_start`` on) — its row None when the filter leaves it out; the rowids of every case listed."""

    flt: CaseFilter
    rows: list[tuple]
    total: int | None = None
    kept: str | None = None
    kept_row: int | None = None
    kept_start: int = 0
    kept_page: tuple[tuple, ...] = ()
    # the rowids of every case listed, in list order (``case_rowids``): each page then read by them, quickly, not by
    # LIMIT/OFFSET; None when only the first page was read (``set_filter``)
    rowids: array | None = None


def read_listing(database: Path, flt: CaseFilter, page: int, kept: str | None = None, *, progress: ProgressFn,
                 cancel: CancelToken) -> Listing:
    """The case list for ``flt`` read with a connection of its own (a task of the window's runner): the rowids of its
    cases in order (``case_rowids``: their count, and every later page read by them in milliseconds, where
    LIMIT/OFFSET sorted every case matching again, 1–3 s a page deep in a search of 100,000 cases), its first
    ``page`` rows, and where the case ``kept`` is in it (its page read when past the first). Over 100,000 cases a
    search of two characters or one finding nothing takes most of a second, which the window froze for at each pause
    in typing; ``cancel`` (another query typed) stops the query running."""
    from workstation.db import open_database
    from workstation.reports.drift import interruptible

    cancel.check()  # another query typed meanwhile: this one is no longer wanted
    # only read: no write lock taken to check it is free (``reader``), which failed while another program imports
    db = open_database(database, create=False, upgrade=False, reader=True)
    try:
        with interruptible(db, cancel):
            return listing_of(db, flt, page, kept)
    finally:
        db.conn.close()


def listing_of(db, flt: CaseFilter, page: int, kept: str | None = None) -> Listing:
    """The case list for ``flt`` read on ``db`` (``read_listing``'s work): its first ``page`` rows — all of a list
    shorter than a page, read by one query —, else the rowids of all its cases in order too, and the place of the case
    ``kept`` with its page; all read in one snapshot (``Database.reading``), so that the first page and the rowids
    after it agree whatever another program commits meanwhile."""
    with db.reading():
        return _listing_of(db, flt, page, kept)


def _listing_of(db, flt: CaseFilter, page: int, kept: str | None) -> Listing:
    rows = case_page(db, flt, page, 0)
    kept_row = next((row for row, raw in enumerate(rows) if raw[ID] == kept), None) if kept else None
    if len(rows) < page:  # every case read: no page to read later, no rowid needed
        return Listing(flt, rows, len(rows), kept, kept_row)
    rowids = case_rowids(db, flt)
    total = len(rowids)
    if kept_row is not None or kept is None or total <= page:  # in the first page, or in none
        return Listing(flt, rows, total, kept, kept_row, rowids=rowids)
    position = case_place(db, rowids, kept)
    if position is None:  # the filter leaves it out
        return Listing(flt, rows, total, kept, rowids=rowids)
    start = position - position % page
    found = tuple(case_rows(db, rowids[start:start + page]))
    here = found[position - start] is not None
    return Listing(flt, rows, total, kept, position if here else None, start, found, rowids)


def row_texts(raw: tuple, sectors: dict[str, str], statuses: dict[str, str]) -> tuple[str, ...]:
    """What each column shows for one raw row of ``case_page``; a phone or ID number written in a party's name
    (a natural person's sometimes holds one) or in the cause (a case filed from a lead about a number is named
    after it) masked as in every list (the case and party dialogs show it whole)."""
    return (raw[NUMBER] or _("not filed"), mask_text(raw[PARTIES]), mask_text(raw[CAUSE]), sectors.get(raw[SECTOR], raw[SECTOR]), raw[DISTRICT],
            statuses.get(raw[STATUS], raw[STATUS]), raw[FILED] or "", f"{raw[RECORDS]:,}",
            figures(raw[PENALTIES]) if raw[PENALTIES] else _(REVOKED_TEXT) if raw[REVOKED] else NOTHING)


class CaseTableModel(QAbstractTableModel):
    """Rows of the case list for the current filter, loaded a page at a time. ``rows_gone``: a page read found cases
    listed deleted since (shown as ``GONE``): the list is stale."""

    rows_gone = Signal()

    PAGE = 200
    # the pages of rows kept read (10,000 rows at most): the first read of those beyond is dropped, as a view shows a
    # few dozen rows at once; 100,000 cases read whole held their rows and cell texts (~100 MB) for nothing
    KEPT_PAGES = 50

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self._db = db
        self._filter = CaseFilter()
        # the rows read, in list order, up to the last one read; None for a row not read yet (or whose page was
        # dropped: ``KEPT_PAGES``), read with its page when the view first asks for it. The list lists ``_n`` rows:
        # those past the last read are not held at all (100,000 rows of None and their cells' cost 5 ms a filter)
        self._rows: list[tuple | None] = []
        self._n = 0
        self._pages: OrderedDict[int, None] = OrderedDict()  # the first rows of the pages read, first read first
        self._counted = True  # whether ``_rows`` lists every case matching the filter (else only the first page)
        # what each cell shows, by cell number (see index(); [0] stands for no cell); None until its row is formatted,
        # and none held past the last block formatted
        self._cells: list[str | None] = [None]
        self._indexes: dict[tuple[int, int], QModelIndex] = {}
        self._loaded = False
        self._sectors, self._statuses = shown_labels("sectors"), shown_labels("statuses")
        self._proposed: set[int] = set()  # the rows whose amount is proposed, not decided
        self._undecided: set[int] = set()  # of them, those whose amount the case records, no decision imposed
        self._warning_revoked: set[int] = set()  # the rows whose warning alone was revoked (已撤销)
        self._void: set[int] = set()  # of the rows revoked (whole or in part), those declared void instead (已确认无效)
        self._mixed: set[int] = set()  # of them, those with one decision revoked and another declared void
        self._absent: str | None = None  # a case the listing shown found the filter leaves out (``show``)
        # the rowids of the cases listed, in order, when read in the background (``Listing.rowids``): a page is read
        # by them (``case_rows``), else by its offset in the sorted list (``case_page``)
        self._rowids: array | None = None
        # the filter last asked for (``ask``): the one shown, or the one being read for the list, which a sort changes
        self.wanted = self._filter
        # how a filter asked for is listed: read in the background and ``show``n when it arrives (the page's), or,
        # without one, read at once (``set_filter``)
        self.lister: Callable[[CaseFilter], None] | None = None

    @property
    def case_filter(self) -> CaseFilter:
        """The filter of the cases shown."""
        return self._filter

    def ask(self, flt: CaseFilter) -> None:
        """List the cases matching ``flt``: with ``lister``, once read in the background (the cases shown stay until
        then), else at once."""
        self.wanted = flt
        (self.lister or self.set_filter)(flt)

    def set_filter(self, flt: CaseFilter) -> None:
        """List the cases matching ``flt``, their first page read. They are counted when first asked for beyond it
        (``_count``): a search finding fewer than a page is counted by its page, not by running it again."""
        self.wanted = flt
        self.show(Listing(flt, case_page(self._db, flt, self.PAGE, 0)))

    def list_now(self, flt: CaseFilter) -> None:
        """List the cases matching ``flt`` read at once, on the window's connection, as in the background
        (``listing_of``: the rowids of all, so that every later page is read by them): a page without a runner."""
        self.wanted = flt
        self.show(listing_of(self._db, flt, self.PAGE))

    def show(self, listing: Listing) -> None:
        """List the cases of ``listing`` (``read_listing``): the model is reset here, the rows read, counted and the
        kept case's page taken as they are, no query run."""
        self.beginResetModel()
        self._filter = listing.flt
        self._rowids = listing.rowids
        self._rows = list(listing.rows)
        self._n = len(self._rows) if listing.total is None else max(listing.total, len(self._rows))
        self._pages = OrderedDict({0: None})
        self._cells = [None] * (len(self._rows) * COLUMN_COUNT + 1)
        self._proposed, self._undecided, self._warning_revoked = set(), set(), set()
        self._void, self._mixed = set(), set()
        self._counted = listing.total is not None or len(self._rows) < self.PAGE
        if listing.kept_page:
            self._put_page(listing.kept_start, listing.kept_page)
        self._absent = listing.kept if listing.kept is not None and listing.kept_row is None else None
        self._loaded = True
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self._filter)

    def total(self) -> int:
        """How many cases match the filter (all pages): every row is listed, so as many as the rows."""
        if not self._loaded:
            return count_cases(self._db, self._filter)
        return self._count()

    def _count(self) -> int:
        """The rows of the list, every case matching the filter listed (those beyond the first page unread) when
        first asked for."""
        if not self._counted:  # no rows signalled inserted: the count completes what the reset listed
            self._counted = True
            self._n = max(self._n, count_cases(self._db, self._filter))
        return self._n

    def unread(self) -> int:
        """How many of the rows listed are not read (never, or read and dropped)."""
        return self.rowCount() - sum(raw is not None for raw in self._rows)

    def _row(self, row: int) -> tuple | None:
        """The raw row ``row`` when read, else None (not read, or past the last row read)."""
        return self._rows[row] if row < len(self._rows) else None

    def rowCount(self, parent=_ROOT) -> int:
        return (self._n if self._counted else self._count()) if parent is _ROOT or not parent.isValid() else 0

    def columnCount(self, parent=_ROOT) -> int:
        return COLUMN_COUNT if parent is _ROOT or not parent.isValid() else 0

    def index(self, row: int, column: int, parent=_ROOT) -> QModelIndex:
        # Views ask for the index of every visible cell on every paint. Answer without Qt's hasIndex() (which
        # calls rowCount() and columnCount() back) and reuse indexes: creating one costs more than a lookup.
        # An index is only (row, column, cell number, model), so one made before a reset is still right after it.
        # Only indexes of valid cells are kept, so a cached one needs no other check than the row count (a reset
        # may shrink it). The cell number (row * COLUMN_COUNT + column + 1; an invalid index has 0) lets data()
        # find a cell's text by asking the index once instead of for its row and its column. Rows are only ever
        # reset, so Qt never moves a persistent index to another row, which would leave its number behind.
        key = (row, column)
        found = self._indexes.get(key)
        if found is not None:
            if row < self._n and (parent is _ROOT or not parent.isValid()):
                return found
        elif 0 <= row < (self._n if self._counted or row < self._n else self._count()) \
                and 0 <= column < COLUMN_COUNT and (parent is _ROOT or not parent.isValid()):
            if len(self._indexes) >= INDEX_CACHE_SIZE:
                self._indexes.clear()
            found = self._indexes[key] = self.createIndex(row, column, row * COLUMN_COUNT + column + 1)
            return found
        return QModelIndex()

    def row_of(self, case_id: str) -> int | None:
        """The row of ``case_id`` in the list as filtered and sorted, None when the filter leaves it out. A case not
        among the rows read is found by its rowid among those listed (``case_place``; without them, by one query for
        its position: ``case_position``) and only its page is read then, the others read when first shown. Near the
        end of 100,000 cases reading every row before it took 0.7–2.5 s."""
        for row, raw in enumerate(self._rows):
            if raw is not None and raw[ID] == case_id:
                return row
        if case_id == self._absent or self._counted and len(self._rows) == self._n and None not in self._rows:
            return None
        if self._rowids is not None:  # its place among the rowids listed: no count of the cases before it
            position = case_place(self._db, self._rowids, case_id)
        else:
            position = case_position(self._db, self._filter, case_id)
        if position is None or position >= self._count():
            return None
        self._read_holes(position, position + 1)
        raw = self._row(position)
        return position if raw is not None and raw[ID] == case_id else None

    def _read_holes(self, first: int, end: int) -> None:
        """Read the rows not read yet among ``first``..``end - 1``, a page at a time (rows ``PAGE * n`` on); a row
        the page comes back without (cases deleted meanwhile, read by offset) stays unread (``_put_page``); read by
        rowid, a case deleted since listed is ``GONE``."""
        rows = self._rows
        row = first
        while row < end:
            if row < len(rows) and rows[row] is not None:
                row += 1
                continue
            start = row - row % self.PAGE
            self._put_page(start, self._page(start))
            row = start + self.PAGE

    def _page(self, start: int) -> list:
        """The rows of the page from row ``start`` on: by the rowids listed when the list was read in the background
        (``case_rows``: milliseconds at any depth of any sort), else by its offset (``case_page``)."""
        if self._rowids is not None:
            page = case_rows(self._db, self._rowids[start:start + self.PAGE])
            if None in page:  # deleted since listed: shown so, not read again at each paint
                self.rows_gone.emit()
                return [GONE if raw is None else raw for raw in page]
            return page
        return case_page(self._db, self._filter, self.PAGE, start)

    def _put_page(self, start: int, page) -> None:
        """Take the rows ``page`` read from row ``start`` on where not read yet, none past those listed (cases added
        meanwhile); the first page read of more than ``KEPT_PAGES`` is dropped (``_drop``)."""
        rows = self._rows
        limit = min(start + len(page), self._n)
        if len(rows) < limit:
            rows.extend([None] * (limit - len(rows)))
        for offset, raw in enumerate(page[:limit - start]):
            if rows[start + offset] is None:
                rows[start + offset] = raw
        self._pages[start] = None
        self._pages.move_to_end(start)
        while len(self._pages) > max(self.KEPT_PAGES, 1):
            self._drop(next(iter(self._pages)))

    def _drop(self, start: int) -> None:
        """Forget the page of rows ``start``.. read (its rows and cell texts), to be read again when shown."""
        del self._pages[start]
        end = min(start + self.PAGE, len(self._rows))
        if end > start:
            self._rows[start:end] = [None] * (end - start)
        first, last = start * COLUMN_COUNT + 1, min(end * COLUMN_COUNT + 1, len(self._cells))
        if last > first:
            self._cells[first:last] = [None] * (last - first)
        for marked in (self._proposed, self._undecided, self._warning_revoked, self._void, self._mixed):
            marked.difference_update(range(start, end))

    def _raw(self, row: int) -> tuple | None:
        """The raw row ``row`` of the list, read with its page if it was not yet."""
        raw = self._row(row)
        if raw is None:
            self._read_holes(row, row + 1)
            raw = self._row(row)
        return raw

    def _cell_text(self, row: int, column: int) -> str:
        """What a cell of a valid row shows, formatting its block of rows first if needed: a view paints a
        screenful of rows at once, and a block is formatted in one loop for less than row by row."""
        cell = row * COLUMN_COUNT + column + 1
        text = self._cells[cell] if cell < len(self._cells) else None
        if text is None:
            if self._row(row) is None:  # not read yet: its page read when first shown (the block's other rows unread
                self._read_holes(row, row + 1)  # stay so till shown)
            rows, cells, sectors, statuses = self._rows, self._cells, self._sectors, self._statuses
            start = row - row % FORMAT_BLOCK
            end = min(start + FORMAT_BLOCK, len(rows))
            if len(cells) < end * COLUMN_COUNT + 1:  # the cells of the rows read, held up to the last
                cells.extend([None] * (end * COLUMN_COUNT + 1 - len(cells)))
            proposing, decided, recorded, annulled = [], [], [], []
            for r in range(start, end):
                first = r * COLUMN_COUNT + 1
                if cells[first] is None and rows[r] is GONE:
                    cells[first:first + COLUMN_COUNT] = (_(GONE_TEXT),) + ("",) * (COLUMN_COUNT - 1)
                elif cells[first] is None and rows[r] is not None:
                    cells[first:first + COLUMN_COUNT] = row_texts(rows[r], sectors, statuses)
                    if rows[r][REVOKED]:  # revoked, or declared void: which, asked once for the block
                        annulled.append(r)
                    if rows[r][REVOKED] and not rows[r][PENALTIES]:  # 已撤销: nothing proposed nor warned stands
                        continue
                    if not rows[r][PENALTIES] and rows[r][STATUS] in PROPOSING:
                        proposing.append(r)
                    elif not rows[r][PENALTIES] and rows[r][STATUS] in DECIDED:
                        decided.append(r)
                    elif rows[r][PENALTIES] and rows[r][STATUS] in ENDED:
                        if rows[r][UNDECIDED]:  # closed after 不予处罚 …: 拟, as the statistics count none
                            self._mark_undecided(r)
                    elif rows[r][PENALTIES] and rows[r][STATUS] not in COUNTED:
                        recorded.append(r)
            if recorded:  # an amount recorded but not decided (imported at 已告知 …): 拟, as the statistics count none
                self._show_undecided(recorded)
            if proposing:  # only the cases that kept a proposal are read whole: one query finds them for the block
                for r in self._with_proposal(proposing):
                    self._show_proposed(r)
            if decided:  # a warning decided alone is a penalty, not ¥0.00: one query for the block
                annulled += self._show_warnings(decided)
            if annulled:  # revoked, or declared void: one query for the block
                self._show_void(annulled)
            text = cells[cell] if cell < len(cells) else None
        return text if text is not None else ""

    def _with_proposal(self, rows: list[int]) -> list[int]:
        """Of ``rows`` (told of a penalty, nothing decided), those whose case keeps what it proposed, found in one
        query (``penalty_terms.cases_keeping_a_proposal``): a case imported from a register at the notice stage keeps
        none, and reading each whole would cost each row."""
        from workstation.penalty_terms import cases_keeping_a_proposal

        found = cases_keeping_a_proposal(self._db, [self._rows[r][ID] for r in rows])
        return [r for r in rows if self._rows[r][ID] in found]

    def _show_warnings(self, rows: list[int]) -> list[int]:
        """The penalty cells of ``rows`` (decided, no amount) whose decisions in force impose a warning alone, or,
        decided outside the workstation, whose notice proposed a warning alone (``cases_warned_only``): 警告. Returns
        the rows whose warning alone was revoked (已撤销), for ``_show_void`` to ask, with the block's others, whether
        it was declared void instead."""
        from workstation.penalty_terms import cases_warned_only

        revoked: set[str] = set()
        warned = cases_warned_only(self._db, [self._rows[r][ID] for r in rows], revoked)
        for r in rows:
            if self._rows[r][ID] in warned:
                self._cells[r * COLUMN_COUNT + PENALTY_COLUMN + 1] = _("warning")
            elif self._rows[r][ID] in revoked:  # the warning decided alone, revoked: 已撤销, muted
                self._cells[r * COLUMN_COUNT + PENALTY_COLUMN + 1] = _(REVOKED_TEXT)
                self._warning_revoked.add(r)
        return [r for r in rows if r in self._warning_revoked]

    def _show_void(self, rows: list[int]) -> None:
        """Of ``rows`` (a decided amount or a warning alone revoked, whole or in part), those whose decision was
        declared void instead (``penalty_terms.cases_declared_void``, one query): 已确认无效 in place of 已撤销, and
        their tooltip saying so; those with one decision revoked and another declared void, both."""
        from workstation.penalty_terms import cases_declared_void

        mixed: set[str] = set()
        void = cases_declared_void(self._db, [self._rows[r][ID] for r in rows], mixed)
        for r in rows:
            marked, text = ((self._void, VOID_TEXT) if self._rows[r][ID] in void
                            else (self._mixed, MIXED_TEXT) if self._rows[r][ID] in mixed else (None, ""))
            if marked is not None:
                marked.add(r)
                cell = r * COLUMN_COUNT + PENALTY_COLUMN + 1
                if self._cells[cell] == _(REVOKED_TEXT):
                    self._cells[cell] = _(text)

    def _show_undecided(self, rows: list[int]) -> None:
        """The penalty cells of ``rows`` (an amount shown, the status not one that is always decided) whose amount
        no decision imposed (``penalty_terms.cases_amount_undecided``): marked 拟 and muted, as a notice's."""
        from workstation.penalty_terms import cases_amount_undecided

        found = cases_amount_undecided(self._db, [self._rows[r][ID] for r in rows])
        for r in rows:
            if self._rows[r][ID] in found:
                self._mark_undecided(r)

    def _mark_undecided(self, row: int) -> None:
        """The penalty cell of ``row``, whose recorded amount no decision imposed: marked 拟 and muted."""
        self._cells[row * COLUMN_COUNT + PENALTY_COLUMN + 1] = _("proposed {amount}").format(
            amount=figures(self._rows[row][PENALTIES]))
        self._proposed.add(row)
        self._undecided.add(row)

    def _show_proposed(self, row: int) -> None:
        """The penalty cell of a case told of a penalty not yet decided: the proposed amount, marked 拟."""
        from workstation.penalty_terms import proposed_penalty
        from workstation.store import get_case

        proposed = proposed_penalty(self._db, get_case(self._db, self._rows[row][ID]))
        if proposed is not None:
            self._cells[row * COLUMN_COUNT + PENALTY_COLUMN + 1] = _("proposed: a warning") if proposed.warning_only \
                else _("proposed {amount}").format(amount=figures(proposed.total_fen))
            self._proposed.add(row)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY):
        # the view asks for every visible cell and role on each paint: keep the display path short
        if role == DISPLAY:
            try:
                text = self._cells[index.internalId()]
            except IndexError:  # an index kept from before a reset to fewer rows
                text = None
            if text is not None:
                return text
            row = index.row()
            return self._cell_text(row, index.column()) if 0 <= row < self._n else None
        row = index.row()
        if not 0 <= row < self._n:
            return None
        if role in (TOOLTIP, FOREGROUND) and index.column() == PENALTY_COLUMN:
            self._cell_text(row, PENALTY_COLUMN)  # formatted first: whether the amount is proposed is known then
        if role == TOOLTIP:
            column = index.column()
            if column == PENALTY_COLUMN and (raw := self._row(row)) is not None and raw[REVOKED]:
                return (_("{amount} decided was declared void on the party's reconsideration or lawsuit: neither the "
                          "list nor the statistics count it") if row in self._void else _(
                    "{amount} decided was revoked or declared void on the party's reconsideration or lawsuit: "
                    "neither the list nor the statistics count it") if row in self._mixed else _(
                    "{amount} decided was revoked on the party's reconsideration or lawsuit: neither the list nor the "
                    "statistics count it")).format(amount=figures(raw[REVOKED]))
            if column == PENALTY_COLUMN and row in self._warning_revoked:
                return _("The warning decided was declared void on the party's reconsideration or lawsuit") \
                    if row in self._void else _("The warnings decided were revoked or declared void on the party's "
                                                "reconsideration or lawsuit") \
                    if row in self._mixed else _("The warning decided was revoked on the party's reconsideration or "
                                                 "lawsuit")
            if column == PENALTY_COLUMN and row in self._undecided and self._rows[row][STATUS] in ENDED:
                return _("Recorded, but the case ended without a decision imposing it: the statistics do not count it")
            if column == PENALTY_COLUMN and row in self._undecided:
                return _("Recorded but not decided yet: the statistics do not count it")
            if column == PENALTY_COLUMN and row in self._proposed:
                return _("Proposed in the pre-penalty notice, not decided yet")
            return self._cell_text(row, column) if column in TOOLTIP_COLUMNS else None
        if role == FOREGROUND:
            return MUTED if index.column() == PENALTY_COLUMN and (row in self._proposed or self._revoked(row)) \
                else None
        if role == ALIGNMENT:
            return RIGHT if index.column() in NUMERIC_COLUMNS else None
        if role == CASE_ID:
            raw = self._raw(row)
            return raw[ID] if raw is not None else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY):
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section][1])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            # sorted as the filter last asked for, which may still be being read (``ask``)
            flt = replace(self.wanted, order_by=COLUMNS[column][0], descending=order == Qt.SortOrder.DescendingOrder)
            if flt != self.wanted or not self._loaded:  # the view re-sends the sort it shows; query only on change
                self.ask(flt)

    def _revoked(self, row: int) -> bool:
        """Whether ``row`` shows 已撤销 (or 已确认无效, or both): all its case's decided amount was revoked (or declared
        void), or the warning it decided alone."""
        raw = self._row(row)
        return raw is not None and (bool(raw[REVOKED]) and not raw[PENALTIES] or row in self._warning_revoked)

    def case_id(self, row: int) -> str:
        return self._raw(row)[ID]
