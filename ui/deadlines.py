"""The deadline board (the window's home tab) and the deadlines table shared with the case workspace: every
running statutory deadline with its state, due date, what it is for, how it was counted and its source."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpacerItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.access_keys import with_fixed_letter
from ui.agency_search import searchable
from ui.layouts import WrappingRow, add_agency, buddy_label, say_written
from ui.layouts import heading as layout_heading
from ui.pages import read_only_table
from ui.record_model import (
    ALIGNMENT_ROLE,
    BACKGROUND_ROLE,
    DISPLAY_ROLE,
    SORT_ROLE,
    TOOLTIP_ROLE,
    Column,
    RecordTableModel,
    sorted_rows,
)
from ui.task_runner import NewestWork, only_reading
from workstation.i18n import N_, _, ngettext
from workstation.store import list_agencies, list_officers, open_cases_of_officer

if TYPE_CHECKING:  # loaded when the deadlines are first counted, after the window's first paint
    from workstation import clocks

STATE_COLOURS = {"overdue": "#f8d7da", "expired": "#fde2c8", "due_soon": "#fff3cd", "stopped": "#e2e3e5",
                 "missing": "#f8d7da", "late": "#fde2c8"}
# the board's groups: what is overdue, what falls due this week, what comes later, what is stopped or unknown
# (a clock stopped by a hearing is paused, 暂停计时: only a suspension is 中止)
GROUPS = (("all", N_("All running deadlines")), ("overdue", N_("Overdue or expired")),
          ("week", N_("Due within 7 days")), ("later", N_("Later")),
          ("stopped", N_("Paused, suspended or not computable")))
# the board's columns shared out of the room the others leave, elided with their whole text as tooltip: the party,
# the time limit and its legal source (at 1,024 pixels the source would otherwise be cut off at the edge)
PARTY, OFFICERS, TIME_LIMIT, SOURCE = 4, 5, 6, 7
SHARED = (PARTY, TIME_LIMIT, SOURCE)
STATE_WIDTH, OFFICERS_WIDTH = 150, 110  # the least the state column takes, the most the officers'
# the roles the deadlines' model answers; the others (font, decoration, check state…: the view asks each cell for
# seven when it measures a column) are answered None before the row is looked up
ANSWERED_ROLES = frozenset((DISPLAY_ROLE, TOOLTIP_ROLE, BACKGROUND_ROLE, ALIGNMENT_ROLE, SORT_ROLE))
RELEASED_AT_ONCE = 8_000  # the deadlines of a count replaced that are freed in one turn of the event loop (~3 ms)
#: how often a board or a case's deadlines left shown look whether the day has changed since they were counted (a
#: window left open overnight): then they are counted again (``day_watch``)
DAY_WATCH_MS = 60_000


def days_text(d: clocks.Deadline) -> str:
    from workstation.board_export import remaining_text

    return remaining_text(d)


def _state_text(d: clocks.Deadline) -> str:
    from workstation.board_export import state_text

    return state_text(d)


def _case_text(d: clocks.Deadline) -> str:
    from workstation.board_export import case_text

    return case_text(d)


def _due_key(d: clocks.Deadline):
    return d.due_ord if d.due_ord is not None else 10 ** 9  # a clock stopped or not computable after every day


#: the computation ``_left_key`` converts a stopped clock's days left with, by (the day counted on, the data
#: folder) and the calendar it was made with: the data folder's, as the deadlines were counted
_LEFT_ENGINES: dict = {}


def _left_key(d: clocks.Deadline, data_dir: Path | None = None):
    """Remaining as the board sorts it, in calendar days as ``clocks.due_within_days`` counts them: a stopped clock
    by the day it would end were it counted again from today on the calendar of ``data_dir`` (its days left are of
    its own unit: 3 working days, 3 months), one not started (awaiting a challenge's end) or not computable after
    every counted one."""
    if d.state == "stopped":
        from workstation.clocks import calendar_days_left

        left = calendar_days_left(d, _left_engine(data_dir))
    else:
        left = d.days_left
    return 10 ** 9 if left is None else left


def _left_engine(data_dir: Path | None = None):
    """The computation of today on the calendar of ``data_dir`` (None: the shipped one), kept for the day and while
    that calendar is the one loaded (``_LEFT_ENGINES``: a yearly file imported makes a new one)."""
    from workstation.workdays import default_calendar

    on = _today()
    calendar = default_calendar(data_dir)
    key = (on, data_dir)
    kept = _LEFT_ENGINES.get(key)
    if kept is None or kept[0] is not calendar:
        import datetime as dt

        from workstation.clocks import _Engine

        if len(_LEFT_ENGINES) > 8 or any(day != on for day, _folder in _LEFT_ENGINES):
            _LEFT_ENGINES.clear()
        kept = _LEFT_ENGINES[key] = (calendar, _Engine(calendar, dt.date.fromisoformat(on).toordinal()))
    return kept[1]


def _remaining_key(data_dir: Path | None):
    """The Remaining column's sort key on the calendar of ``data_dir`` (``_left_key``)."""
    if data_dir is None:
        return _left_key
    return lambda d: _left_key(d, data_dir)


def _today() -> str:
    from workstation.records import today

    return today()


def day_watch(widget: QWidget, look, interval: int = DAY_WATCH_MS) -> QTimer:
    """A timer calling ``look`` every ``interval`` ms (by default once a minute: ``DAY_WATCH_MS``) while ``widget`` is
    shown: deadlines left shown past midnight are counted again by it once the day has changed (``look`` compares the
    day they were counted on with today, the program's day: ``records.today``); the window's look at another
    program's change (``MainWindow.look_for_changes``) is made by it too."""
    timer = QTimer(widget)
    timer.setInterval(interval)
    timer.timeout.connect(lambda: look() if widget.isVisible() else None)
    timer.start()
    return timer


def counted_text(d: clocks.Deadline, data_dir: Path | None = None) -> str:
    """How ``d`` was counted (``Deadline.calculation``) as the board and the case show it, with, for court
    enforcement's period (T16) still running, the latest day to serve the 催告书 for the court to be applied to in
    time (``enforcement.demand_by_note``), before its source."""
    text = d.calculation()
    if d.clock != "T16":
        return text
    from workstation.enforcement import demand_by_note

    note = demand_by_note(d, data_dir)
    if not note:
        return text
    lines = text.split("\n")
    return "\n".join([*lines[:-1], note, *lines[-1:]])


def _identity(d: clocks.Deadline) -> tuple:
    """What a deadline is, whatever its days left: its rule of its case, lead or interview, event and party."""
    return d.rule.id, d.case_id, d.lead_id, d.interview_id, d.event_id, d.party_id


def board_rows_task(database: Path, *, progress, cancel, sort: tuple[int, bool] | None = None,
                    **filters) -> tuple[list, dict, dict]:
    """The board's deadlines (``tasks.board_task``), the State text of each by the deadline's id (as
    ``DeadlineModel.know_state_texts`` keeps them), and each group's rows (``board_groups``), all worked out on the
    worker thread: on the GUI thread, wording 100,000 deadlines froze the window for seconds after every count, and
    sorting them into groups with their texts and calendar note for another third of a second. ``sort``: the
    (column, descending) the board's rows are sorted by (a header clicked), which the groups are sorted by here:
    on the GUI thread, sorting 128,000 rows again took most of a second after each count."""
    from workstation import tasks
    from workstation.collector import collections_held

    # no garbage collection while the count, its names, texts and groups are made (the hold of ``clocks.board``
    # widened to them): each of the full collections that 100,000 new deadlines set off walks every object of the
    # process holding the interpreter's lock, the window frozen meanwhile for a quarter of a second and more
    with collections_held():
        deadlines = tasks.board_task(database, progress=progress, cancel=cancel, **filters)
        cancel.check()
        # by id, text alone: a (deadline, text) pair a row was another object for each collection to walk; one
        # string for each distinct text, so that the window drops the dict of a count it replaces without freeing
        # 100,000 strings
        texts: dict[int, str] = {}
        distinct: dict[str, str] = {}
        # a case's, a lead's or an interview's row is worded by its rule, state, end, calendar and details alone:
        # each such combination worded once (a 责令改正通知书's row, by its document, is worded each time, as is one
        # whose detail cannot be a key: T8's next instalment holds a Deadline, which is not hashable)
        worded: dict[tuple, str] = {}
        for d in deadlines:
            key = None if d.document_id else (id(d.rule), d.state, d.done_ord is None, d.confirmed, d.detail)
            try:
                text = worded.get(key) if key is not None else None
            except TypeError:
                key = text = None
            if text is None:
                text = _state_text(d)
                if key is not None:
                    worded[key] = text
            texts[id(d)] = distinct.setdefault(text, text)
        cancel.check()
        return deadlines, texts, board_groups(deadlines, texts, Path(database).parent, sort)


def board_groups(deadlines: list, texts: dict, data_dir: Path | None,
                 sort: tuple[int, bool] | None = None) -> dict[str, tuple[list, set[str], str]]:
    """{group key of GROUPS: (its deadlines in board order, or sorted by ``sort`` as the board's model sorts them,
    their distinct State texts, the calendar note of them)}; ``texts`` as ``board_rows_task`` words them. What the
    board shows when a group is chosen, so that neither a count arriving nor a group chosen goes through every
    deadline on the GUI thread."""
    from workstation.clocks import DUE_SOON_DAYS, calendar_note

    rows: dict[str, list] = {key: [] for key, _text in GROUPS if key != "all"}
    for deadline in deadlines:
        rows[group_of(deadline, DUE_SOON_DAYS)].append(deadline)
    rows = {"all": deadlines, **rows}
    if sort is not None:
        column = deadline_columns(True, lambda d: texts[id(d)], data_dir)[sort[0]]
        rows = {key: [shown[r] for r in sorted_rows(shown, column, sort[1])] for key, shown in rows.items()}
    return {key: (shown, {texts[id(d)] for d in shown}, calendar_note(shown, data_dir))
            for key, shown in rows.items()}


def deadline_columns(with_case: bool, state_text, data_dir: Path | None = None) -> list[Column]:
    """The columns of a deadlines table (``DeadlineModel``), the State worded by ``state_text``, Remaining sorted on
    the calendar of ``data_dir`` (the deadlines' data folder; None: the shipped calendar)."""
    columns = [
        Column(N_("State"), state_text),
        Column(N_("Deadline"), lambda d: d.due or "—", _due_key),
        Column(N_("Remaining"), days_text, _remaining_key(data_dir)),
        Column(N_("Time limit"), lambda d: d.limit_text),
        Column(N_("Legal source"), lambda d: d.source),
    ]
    if with_case:  # the case, who it concerns (masked as in the case list) and who handles it
        columns[3:3] = [Column(N_("Case"), _case_text),
                        Column(N_("Party"), lambda d: d.party_label or "—"),
                        Column(N_("Officers"), lambda d: d.officers or "—")]
    return columns


def release_later(deadlines: list) -> None:
    """Free ``deadlines`` (a count the board replaces) ``RELEASED_AT_ONCE`` at a time, each part in its own turn of
    the event loop, once their holders let them go: freeing the 128,000 deadlines of a city's count at once held the
    window up for 50–75 ms after each recount. Holds a copy: the list given is not changed."""
    left = list(deadlines)

    def free_part() -> None:
        del left[-RELEASED_AT_ONCE:]
        if left:
            QTimer.singleShot(0, free_part)

    if left:
        QTimer.singleShot(0, free_part)


def group_of(d: clocks.Deadline, due_soon_days: int) -> str:
    """The board's group of ``d``; ``due_soon_days`` is ``clocks.DUE_SOON_DAYS``."""
    if d.state in ("overdue", "expired"):
        return "overdue"
    if d.state in ("stopped", "missing"):
        return "stopped"
    return "week" if d.days_left is not None and d.days_left <= due_soon_days else "later"


class DeadlineModel(RecordTableModel):
    """Deadlines as rows, coloured by state, with how each was counted as its tooltip."""

    def __init__(self, with_case: bool = True, parent=None):
        # each deadline's State text, by the record's id (the record kept beside it, so that an id reused by another
        # object is never taken for it): its wording reads the vocabulary and the deadline's details, a freeze of
        # seconds when the board's 100,000 rows were worded again for every width, sort and group chosen
        self._states: dict[int, tuple[object, str]] = {}
        # the State texts of the board's last count, worded with it off the GUI thread, by id: the count's list is
        # kept with them, so no other object has one of their ids meanwhile (``know_state_texts``)
        self._counted: list = []
        self._counted_texts: dict[int, str] = {}
        self.with_case = with_case
        self.data_dir: Path | None = None  # the data folder whose calendar sorts Remaining (``set_data_dir``)
        super().__init__(deadline_columns(with_case, self.state_text), parent)

    def set_data_dir(self, data_dir: Path | None) -> None:
        """Sort Remaining on the calendar of ``data_dir``, the deadlines' data folder (a stopped clock's working
        days left counted with its holidays, as the deadlines were), not on the shipped one alone."""
        if data_dir == self.data_dir:
            return
        self.data_dir = data_dir
        self.columns = deadline_columns(self.with_case, self.state_text, data_dir)
        self._specs = [Column(*column) for column in self.columns]

    def state_text(self, d: clocks.Deadline) -> str:
        """The State column's text of ``d`` (``board_export.state_text``), worded once and kept."""
        counted = self._counted_texts.get(id(d))
        if counted is not None:
            return counted
        kept = self._states.get(id(d))
        if kept is not None and kept[0] is d:
            return kept[1]
        if len(self._states) > 4 * len(self.records) + 1_000:  # a case's table counted again and again
            self._states = {id(r): self._states[id(r)] for r in self.records if id(r) in self._states}
        text = _state_text(d)
        self._states[id(d)] = (d, text)
        return text

    def state_texts(self, records) -> set[str]:
        """The State texts of ``records``, each once. A record whose id is kept is the record kept (it holds it
        alive: no other object has its id meanwhile), so the texts of a count are read without a call a row."""
        counted, states = self._counted_texts, self._states
        try:
            return {counted[id(d)] if id(d) in counted else states[id(d)][1] for d in records}
        except KeyError:  # some not worded yet
            return {self.state_text(d) for d in records}

    def know_state_texts(self, deadlines: list, texts: dict[int, str]) -> None:
        """Keep the State texts of a count worded off the GUI thread (``board_rows_task``: {id: text} of
        ``deadlines``) in place of those kept."""
        self._counted, self._counted_texts = deadlines, texts
        self._states = {}

    def sort(self, column: int, order=None) -> None:
        """As the records' model sorts, with no garbage collection meanwhile: sorting the board's 100,000 rows makes
        as many keys, which set off collections walking every object of the window (a full one among them, a
        quarter of a second more on a header click); dropped with the sort, they are never walked at all."""
        from workstation.collector import collections_held

        with collections_held():
            super().sort(column, order)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE):
        if role not in ANSWERED_ROLES or not index.isValid() or not (0 <= index.row() < len(self.records)):
            return None
        deadline = self.records[index.row()]
        if role == TOOLTIP_ROLE:  # the source whole where it is elided; elsewhere how the deadline was counted
            if self.with_case and index.column() == SOURCE:
                return deadline.source
            if self.with_case and index.column() == PARTY:
                return deadline.party_label or None
            if self.with_case and index.column() == TIME_LIMIT:  # elided too: the whole title above the counting
                return f"{deadline.limit_text}\n{counted_text(deadline, self.data_dir)}"
            return counted_text(deadline, self.data_dir)
        if role == BACKGROUND_ROLE:
            colour = STATE_COLOURS.get(deadline.state)
            return QBrush(QColor(colour)) if colour else None
        return super().data(index, role)


def interviews_recounted_lines(db) -> list[str]:
    """After a holiday file was imported or removed: the interviews' usual rectification deadlines counted again
    (``recount_rectification_defaults``: read-only data, or another program holding the lock, leaves them for the
    board's next count) and what `calendar import` says of them (``interview_calendar_lines``: those counted again,
    and those whose issued 约谈记录 prints a day now earlier than the count, with what to do)."""
    from workstation.errors import WorkstationError
    from workstation.store.interviews import interview_calendar_lines, recount_rectification_defaults

    try:
        recounted = recount_rectification_defaults(db)
    except WorkstationError:
        recounted = []
    return interview_calendar_lines(db, recounted).lines


def _change_calendar(parent, prompts, db, change: dict, said, failed_text: str, runner=None,
                     database: Path | None = None, on_done=None) -> bool:
    """Import or remove a holiday file (``calendar_change.change_calendar`` with ``change``): with ``runner`` and the
    ``database`` file through the task runner as a write (its progress shown, Cancel heard only until the file is
    changed), else at once; then ``said(result)`` told the officer and ``on_done()`` called (the board counted
    again). A refusal is said with ``failed_text`` ({reason}); a Cancel says nothing was changed. Whether it was
    done (with a runner: started)."""
    from functools import partial

    from workstation import clocks
    from workstation.calendar_change import change_calendar, change_calendar_task
    from workstation.errors import Cancelled, WorkstationError

    def done(result) -> None:
        prompts.info(parent, said(result))
        if on_done is not None:
            on_done()

    def failed(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):  # the officer's own, before anything changed
            prompts.info(parent, exc.message)
        elif isinstance(exc, WorkstationError):
            prompts.error(parent, failed_text.format(reason=exc.message))
        elif isinstance(exc, OSError):
            prompts.error(parent, failed_text.format(reason=exc))
        else:
            raise exc

    if runner is None or database is None:
        try:
            result = change_calendar(db, clocks.data_dir_of(db), **change)
        except (WorkstationError, OSError) as exc:
            failed(exc)
            return False
        done(result)
        return True
    runner.run(_("Changing the holiday calendar"), partial(change_calendar_task, database, **change), done, failed,
               parent)
    return True


def import_calendar_file(parent, prompts, db, *, runner=None, database: Path | None = None, on_done=None) -> bool:
    """导入节假日文件…: the officer chooses a yearly .toml; it is checked (a bad one refused naming its file, line
    and fix, nothing copied), copied to ``<data>/calendar/<year>.toml`` (replacing the file of the calendar folder
    that gives that year — ``<year>.toml`` or a copy named otherwise, as the folder's reader took it —, or the
    holidays the program already has for it — the package built in, a shipped file —, only after asking, the
    question naming the days that change; a ``<year>.toml`` the calendar refused, only after asking too) through
    ``_change_calendar`` (``runner``, ``database`` and ``on_done`` as it takes them). Then said: the holidays taken,
    the days that change, the running deadlines they move (earlier first, the first ``MOVED_SHOWN``), and the
    interviews' and leads' documents now off the count. Whether a file was added (with a runner: its import
    started)."""
    from workstation import clocks
    from workstation.errors import WorkstationError
    from workstation.workdays import (
        calendar_year,
        change_lines,
        checked_year_file,
        day_changes,
        days_in_use,
        in_use_text,
        origin_text,
        program_year,
        with_year,
        year_file,
        year_lines,
    )

    data_dir = clocks.data_dir_of(db)
    chosen = prompts.open_file(parent, _("Import holiday file"), _("Holiday files (*.toml)"))
    if not chosen or data_dir is None:
        return False
    try:
        data = checked_year_file(Path(chosen), importing=True)
        target = year_file(data_dir, data.year)
        # what the calendar folder's reader took: a <year>.toml it refused gives nothing (it is overwritten, of no
        # use), a copy named otherwise that it reads ("2027 - 副本.toml") gives the year
        calendar, given = calendar_year(data_dir, data.year)
        if (in_use := days_in_use(given, data)) is not None:  # the days in use: no Replace? asked
            prompts.info(parent, "\n\n".join([in_use_text(in_use, Path(chosen)),
                                               *(_("Check: {warning}").format(warning=w) for w in data.warnings)]))
            return False
        known = program_year(calendar, data.year, data_dir)  # the package built in, a shipped file
        replace = given is not None or known is not None
        changes = day_changes(calendar, with_year(calendar, data), data.year)
        refused = given is None and target.exists()  # a <year>.toml the calendar refused: overwritten by the import
        if given is not None:
            question = _("{file} already gives the holidays of {year}. Replace it with {chosen}?").format(
                file=given.origin, year=data.year, chosen=chosen)
        elif refused:
            question = _("{file} is in the calendar folder, but the calendar refuses it (it is ignored until fixed: "
                         "the deadline board says why). Replace it with {chosen}?").format(file=target, chosen=chosen)
        elif known is not None:
            question = _("The holidays of {year} are already given by {where}. Replace them with {chosen}?").format(
                year=data.year, where=origin_text(known, data_dir), chosen=chosen)
        if (replace or refused) and not prompts.confirm(
                parent, "\n\n".join([question, "\n".join(change_lines(changes))]), destructive=True):
            return False
    except WorkstationError as exc:
        prompts.error(parent, _("The holiday file was not imported: {reason}").format(reason=exc.message))
        return False
    except OSError as exc:
        prompts.error(parent, _("The holiday file was not imported: {reason}").format(reason=exc))
        return False
    done = _("The holidays of {year} were replaced ({file}); the deadlines are counted again.") if replace else \
        _("The holidays of {year} were added ({file}); the deadlines are counted again.")

    def said(result) -> str:
        # the holidays and make-up working days taken, to be checked against the notice by eye, the days that
        # changed and the deadlines they moved (a first import of a year too); a make-up working day on a weekday:
        # imported, but said, so that the officer checks it
        if given is not None and Path(given.origin) != target:  # a copy named otherwise, replaced
            copy = _("{file} could not be removed from the calendar folder: remove it by hand, else the calendar "
                     "ignores both files of {year}.") if result.copy_left else \
                _("{file}, which gave the holidays of {year} until now, was removed from the calendar folder.")
            copied = [copy.format(file=given.origin, year=data.year)]
        else:
            copied = []
        return "\n\n".join([done.format(year=data.year, file=target), *copied,
                             "\n".join(year_lines(data.holidays, data.workdays)),
                             *("\n".join(part) for part in result.parts() if part),
                             *(_("Check: {warning}").format(warning=w) for w in data.warnings)])

    return _change_calendar(parent, prompts, db, {"source": Path(chosen), "replace": replace}, said,
                            _("The holiday file was not imported: {reason}"), runner, database, on_done)


def _removable_files(data_dir: Path, calendar) -> list[tuple[int, Path, bool]]:
    """The yearly files of the calendar folder an officer may remove, in order of year: (year, file, whether the
    calendar reads it) — each file it takes a year from (``workdays.folder_year``: ``<year>.toml`` or a copy named
    otherwise, "2027 - 副本.toml"), and each ``<year>.toml`` it refused (ignored until fixed)."""
    from workstation.workdays import CALENDAR_DIR, folder_year

    read = {year: Path(data.origin) for year in calendar.years
            if (data := folder_year(calendar, year, data_dir)) is not None}
    folder = data_dir / CALENDAR_DIR
    refused = [(int(path.stem), path, False) for path in (sorted(folder.glob("*.toml")) if folder.is_dir() else [])
               if path.stem.isdigit() and len(path.stem) == 4 and path not in read.values()]
    return sorted([*((year, path, True) for year, path in read.items()), *refused], key=lambda item: item[:2])


def remove_calendar_file(parent, prompts, db, *, runner=None, database: Path | None = None, on_done=None) -> bool:
    """移除节假日文件…: the officer chooses one of the yearly files of the calendar folder (``_removable_files``: those
    the calendar reads a year from, whatever their name, and the ``<year>.toml`` it refused); asked first, the
    question naming where that year's holidays then come from and the days that change, it is taken out
    (``workdays.remove_year_file``: audited) and the loaded calendars forgotten, so the caller's next count goes
    without it (``_change_calendar``: ``runner``, ``database`` and ``on_done`` as it takes them); then the running
    deadlines moved are said, as an import says them. Whether a file was removed (with a runner: its removal
    started)."""
    from workstation import clocks
    from workstation.workdays import (
        CALENDAR_DIR,
        CalendarFileError,
        WorkCalendar,
        change_lines,
        checked_year_file,
        day_changes,
        default_calendar,
        origin_text,
        reload_if_changed,
    )

    data_dir = clocks.data_dir_of(db)
    if data_dir is None:
        return False
    folder = data_dir / CALENDAR_DIR
    reload_if_changed(data_dir)
    calendar = default_calendar(data_dir)
    files = _removable_files(data_dir, calendar)
    if not files:
        prompts.info(parent, _("The calendar folder has no holiday file to remove: the holidays counted are those "
                               "supplied with the program. “{button}” adds one.").format(
            button=_("Import holiday file…")))
        return False
    index = prompts.choose(parent, _("Remove the holiday file of which year?"),
                           [_("{year} ({file})").format(year=year, file=path) if read else
                            _("{year} ({file}, refused: not read)").format(year=year, file=path)
                            for year, path, read in files])
    if index is None:
        return False
    year, target, read = files[index]
    if not read:  # refused, so ignored: its removal changes no day
        after, then = calendar, _("the holidays of {year} do not change: the calendar ignores that file").format(
            year=year)
    else:
        # what the calendar then reads for the year, as `calendar remove` finds it once the file is gone
        # (``workdays.read_year_folder``): another file of the calendar folder giving it when it is the only one (a
        # stray copy, "2027 - 副本.toml"; two or more are all ignored), else what the program itself has
        others = []
        for path in sorted(folder.glob("*.toml")):
            try:
                data = checked_year_file(path) if path != target else None
            except (CalendarFileError, OSError):
                continue
            if data is not None and data.year == year:
                others.append(data)
        other = others[0] if len(others) == 1 else None
        fallback = other or default_calendar(None).years.get(year)
        after = WorkCalendar({**{y: d for y, d in calendar.years.items() if y != year},
                              **({year: fallback} if fallback is not None else {})}, (), calendar.festivals)
        if other is not None:
            then = _("the holidays of {year} then come from {other}, another file of the calendar folder (remove it "
                     "too if it should not be used)").format(year=year, other=other.origin)
        elif fallback is not None:
            then = _("the holidays of {year} then come from {where}").format(year=year,
                                                                            where=origin_text(fallback, None))
        else:
            then = _("{year} is then counted without holiday data").format(year=year)
    changes = day_changes(calendar, after, year)
    question = _("Remove {file}? {then}; the deadlines are counted again.").format(file=target, then=then)
    if not prompts.confirm(parent, "\n\n".join([question, "\n".join(change_lines(changes))]), destructive=True):
        return False

    def said(result) -> str:
        return "\n\n".join([_("The holiday file of {year} was removed ({file}); the deadlines are counted "
                               "again.").format(year=year, file=target),
                             *("\n".join(part) for part in result.parts() if part)])

    return _change_calendar(parent, prompts, db, {"year": year, "file": target}, said,
                            _("The holiday file was not removed: {reason}"), runner, database, on_done)


def _open_path(path: Path) -> bool:
    """``path`` (a folder, a file) opened as the system opens it: the file manager, the program that edits such
    files. Whether it could be."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_calendar_folder(db) -> None:
    """打开日历文件夹: the calendar folder of the data directory in the file manager (made if missing)."""
    from workstation import clocks
    from workstation.workdays import CALENDAR_DIR

    data_dir = clocks.data_dir_of(db)
    if data_dir is None:
        return
    folder = data_dir / CALENDAR_DIR
    folder.mkdir(parents=True, exist_ok=True)
    _open_path(folder)


def new_calendar_file(parent, prompts, db) -> Path | None:
    """新建年度节假日文件…: the officer chooses a year (this year, the next — the first without holiday data offered
    first — or the one after) and where to save it (a save dialog: outside the calendar folder, whose files are taken
    unchecked and unsaid); a commented file of that year to fill in from the State Council's notice
    (``workdays.write_year_template``: how to write dates, the example shipped with the program by its full path) is
    written there and opened to be edited (else its folder), the officer told to import it once filled in. The file
    written, None when none was."""
    from workstation import clocks
    from workstation.errors import WorkstationError
    from workstation.records import today
    from workstation.workdays import (
        FIXED_HOLIDAYS_SINCE,
        default_calendar,
        example_file,
        reload_if_changed,
        write_year_template,
    )

    data_dir = clocks.data_dir_of(db)
    if data_dir is None:
        return None
    reload_if_changed(data_dir)
    calendar = default_calendar(data_dir)
    this = int(today()[:4])
    years = [year for year in (this, this + 1, this + 2) if year >= FIXED_HOLIDAYS_SINCE]
    items = [str(year) if calendar.confirmed(year) else _("{year} (no holiday data yet)").format(year=year)
             for year in years]
    current = next((i for i, year in enumerate(years) if year > this and not calendar.confirmed(year)),
                   years.index(this + 1) if this + 1 in years else 0)
    index = prompts.choose_item(parent, _("New holiday file"), _("Write a holiday file to fill in for which year?"),
                                items, current)
    if index is None:
        return None
    year = years[index]
    chosen = prompts.save_file(parent, _("New holiday file"), str(Path.home() / f"{year}.toml"),
                               _("Holiday files (*.toml)"))
    if not chosen:
        return None
    try:  # the save dialog asked before replacing a file there
        written = write_year_template(Path(chosen), year, data_dir=data_dir, overwrite=True)
    except WorkstationError as exc:
        prompts.error(parent, _("No holiday file was made: {reason}").format(reason=exc.message))
        return None
    if not _open_path(written):  # no program set to edit .toml files: the folder holding it
        _open_path(written.parent)
    say_written(parent, prompts, written, _(
        "Fill it in from the State Council's notice on the holidays of {year}: its comments say how (dates as "
        "YYYY-MM-DD, half-width hyphens, no quotes), and {example}, shipped with the program, is an example filled "
        "in. Then import it with “{button}”: it is checked, and the days it changes and the running deadlines they "
        "move are listed.").format(year=year, example=example_file(), button=_("Import holiday file…")))
    return written


#: the fewest rows a deadlines table shows, however large the font and however long the note above it
MIN_ROWS = 5


class CalendarNote(QLabel):
    """The calendar note above a deadlines table: one line, cut with "…", until opened whole (``set_opened``, by
    详情… beside it). Its text is the whole note all the same, as a screen reader says it. (Word-wrapped, at 18 pt
    on a 1366×768 laptop, it took seven lines and left the table room for one row.)"""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.opened = False

    def set_opened(self, opened: bool) -> None:
        self.opened = opened
        self.setWordWrap(opened)  # its size asked again
        self.update()

    def line_height(self) -> int:
        """The height of one line of the note, with its margins."""
        margins = self.contentsMargins()
        return margins.top() + margins.bottom() + self.fontMetrics().height()

    def sizeHint(self):  # noqa: N802 (Qt's name)
        if self.opened:
            return super().sizeHint()
        return QSize(min(super().sizeHint().width(), self.fontMetrics().averageCharWidth() * 80), self.line_height())

    def minimumSizeHint(self):  # noqa: N802 (Qt's name)
        if self.opened:
            return super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("……"), self.line_height())

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.opened:
            super().paintEvent(event)
            return
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QPainter

        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(" ".join(self.text().split()), Qt.TextElideMode.ElideRight, rect.width())
        painter = QPainter(self)
        self.style().drawItemText(painter, rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                  self.palette(), self.isEnabled(), shown, self.foregroundRole())
        painter.end()


class NoteArea(QScrollArea):
    """The calendar note's place: one line high while the note is cut; opened, as high as its whole text at the
    width given, less when the page has no room for it (scrolled then, the table keeping ``MIN_ROWS`` rows)."""

    def __init__(self, note: CalendarNote, parent: QWidget | None = None):
        super().__init__(parent)
        self.note = note
        self.setWidget(note)
        self.setWidgetResizable(True)
        # without the ``Qt`` and ``QFrame`` namespaces (realised only when a note is painted): no frame, and no
        # horizontal scroll bar (the note wraps, or is cut with "…")
        self.setProperty("frameShape", 0)  # QFrame.Shape.NoFrame
        self.setProperty("horizontalScrollBarPolicy", 1)  # Qt.ScrollBarPolicy.ScrollBarAlwaysOff

    def _least(self) -> int:
        """The least height given: one line cut, or two of the opened note (scrolled)."""
        return self.note.line_height() + (self.note.fontMetrics().lineSpacing() if self.note.opened else 0)

    def _wanted(self) -> int:
        if not self.note.opened:
            return self.note.sizeHint().height()
        return self.note.heightForWidth(max(self.viewport().width(), self.note.fontMetrics().averageCharWidth() * 20))

    def sizeHint(self):  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        hint.setHeight(self._wanted())
        return hint

    def minimumSizeHint(self):  # noqa: N802 (Qt's name)
        hint = super().minimumSizeHint()
        hint.setHeight(min(self._least(), self._wanted()))
        return hint

    def fit(self) -> None:
        """As high as the note wants at most (one line cut, or its whole text), asked of the layout again."""
        self.setMaximumHeight(self._wanted())
        self.updateGeometry()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.note.opened and event.size().width() != event.oldSize().width():
            self.fit()  # as high as the text wraps at the new width


class DeadlineTable(QWidget):
    """A deadlines table with the selected deadline's calculation shown under it."""

    activated = Signal(object)  # the deadline double-clicked or entered
    import_calendar = Signal()  # 导入节假日文件… pressed under the calendar note (``offer_calendar_actions``)
    open_calendar_folder = Signal()  # 打开日历文件夹 pressed
    new_calendar_file = Signal()  # 新建年度节假日文件… pressed

    def __init__(self, with_case: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = DeadlineModel(with_case, self)
        # Until its first deadlines are set, the view shows the same header from a model of Qt's own: Qt asks a
        # Python model for its header with a Qt.Orientation, and converting it creates PySide6's whole ``Qt``
        # namespace (~16 ms), which the board, painted in the window's first paint, should not wait for.
        self._header_only = QStandardItemModel(0, self.model.columnCount(), self)
        self._header_only.setHorizontalHeaderLabels([_(column[0]) for column in self.model.columns])
        self.view = read_only_table(self._header_only)
        self.view.setObjectName("deadlines")
        self.view.setAccessibleName(_("Deadlines"))  # said by a screen reader on reaching it
        # the board: party, time limit and source share the width left, elided (whole as tooltip) — fitted from its
        # first deadlines on: a fitter filters the view's events, which realises PySide6's QEvent.Type enum (~15 ms)
        # before the window's first paint
        self.fitter = None
        self._fits = with_case
        if with_case:
            self.view.setWordWrap(False)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("deadline_calculation")
        self.detail.setAccessibleName(_("How the deadline was counted"))
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(_("Select a deadline to see how it was counted."))
        splitter = self.splitter = QSplitter()
        splitter.setObjectName("deadlines_splitter")
        splitter.setProperty("orientation", 2)  # Qt.Orientation.Vertical, set without the ``Qt`` namespace
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        # the split the officer moves is kept from one session to the next (``splitter_state``); the page's own is not
        self.split_sized = False
        splitter.splitterMoved.connect(self._split_moved)
        # the columns as the officer left them last time (``restore_header``), laid out with the first deadlines
        self._saved_header: tuple | None = None
        # which years were counted without holiday data, and the file that gives them (``clocks.calendar_note``)
        # one line, cut, beside 详情… (``note_details``) that shows it whole: the table keeps its rows at a large font
        self.note = CalendarNote()
        self.note.setObjectName("calendar_note")
        self.note.setStyleSheet("color: #8a4b00;")
        self.note.setVisible(False)
        self.note_details = QPushButton(_("Details…"))
        self.note_details.setObjectName("calendar_note_details")
        self.note_details.setToolTip(_("Show the whole calendar note, or one line of it again"))
        self._details_key = ""  # its Alt key where the owner gives one (``set_details_key``), kept as its text changes
        self.note_details.setVisible(False)
        self.note_details.clicked.connect(self._open_note)
        # beside the note, where the owner offers them (the board): add the year's file without copying by hand
        self.import_button = QPushButton(_("Import holiday file…"))
        self.import_button.setObjectName("import_calendar")
        self.import_button.setToolTip(_("Check a yearly holiday file (.toml) and add it to the calendar folder of the "
                                        "data directory; the deadlines are then counted again"))
        self.import_button.clicked.connect(self.import_calendar.emit)
        self.folder_button = QPushButton(_("Open calendar folder"))
        self.folder_button.setObjectName("open_calendar_folder")
        self.folder_button.setToolTip(_("Open the calendar folder of the data directory, where the yearly holiday "
                                        "files are kept"))
        self.folder_button.clicked.connect(self.open_calendar_folder.emit)
        # the year's file to fill in, written for the officer (how to write it, the example's full path)
        self.new_file_button = QPushButton(_("New holiday file of a year…"))
        self.new_file_button.setObjectName("new_calendar_file")
        self.new_file_button.setToolTip(_("Save a commented holiday file of a year, to fill in from the State "
                                          "Council's notice and then import"))
        self.new_file_button.clicked.connect(self.new_calendar_file.emit)
        self.note_actions = QWidget()
        actions = QHBoxLayout(self.note_actions)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.new_file_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.folder_button)
        actions.addStretch(1)
        self.note_actions.setVisible(False)
        self._calendar_actions = False
        self._state_texts: set[str] | None = None  # the State texts of the rows shown, when known (``set_deadlines``)
        # what the board's columns were last measured from (``_width_sample``) and the widths they were given
        self._measured: tuple | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.note_area = NoteArea(self.note)
        self.note_area.setVisible(False)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_area, 1)
        beside = QVBoxLayout()  # 详情… at the note's first line, the opened note not held to the button's height
        beside.addWidget(self.note_details)
        beside.addSpacerItem(QSpacerItem(0, 0))  # may grow, but takes no room the table would have
        note_row.addLayout(beside)
        layout.addLayout(note_row)
        layout.addWidget(self.note_actions)
        layout.addWidget(splitter)
        self.view.activated.connect(lambda index: self.activated.emit(self.model.records[index.row()]))

    def _open_note(self) -> None:
        """详情… pressed: the calendar note shown whole (word-wrapped), or cut to one line again."""
        self.note.set_opened(not self.note.opened)
        self._show_details_text()
        self.note_area.fit()

    def set_details_key(self, key: str) -> None:
        """详情… (收起详情 once opened) answers to Alt+``key``, free where the table is shown (a letter on the board,
        a punctuation key on a case tab, whose letters and digits are taken)."""
        self._details_key = key
        self._show_details_text()

    def _show_details_text(self) -> None:
        text = _("Hide details") if self.note.opened else _("Details…")
        self.note_details.setText(with_fixed_letter(text, self._details_key) if self._details_key else text)

    def _keep_rows(self) -> None:
        """The table at least ``MIN_ROWS`` rows high (with its header and a horizontal scroll bar) at any font,
        whatever the note, the calculation under it or the splitter leave it."""
        view = self.view
        view.setMinimumHeight(MIN_ROWS * view.verticalHeader().defaultSectionSize()
                              + view.horizontalHeader().sizeHint().height()
                              + view.horizontalScrollBar().sizeHint().height() + 2 * view.frameWidth())

    def _split_moved(self, _position: int, _index: int) -> None:
        self.split_sized = True

    def splitter_state(self):
        """The table's and the calculation's sizes as the officer left them (``view_state.splitter_state``); None
        when the officer did not move them."""
        from ui.view_state import splitter_state

        return splitter_state(self.splitter, self.split_sized)

    def restore_splitter(self, state) -> None:
        """Size the table and the calculation as the officer left them last time (``splitter_state``)."""
        from ui.view_state import restore_splitter

        if restore_splitter(self.splitter, state):
            self.split_sized = True

    def header_state(self) -> tuple | None:
        """The columns as the officer left them (``view_state.header_state``); before the first deadlines laid them
        out, what ``restore_header`` was given (None when nothing was)."""
        if self.fitter is None:
            return self._saved_header
        from ui.view_state import header_state

        return header_state(self.fitter)

    def restore_header(self, state, dragged) -> None:
        """The columns as the officer left them last time (``header_state``, ``view_state.restore_header``), laid
        out with the first deadlines (before them, the view shows a header of its own)."""
        if self.fitter is None:
            self._saved_header = (state, dragged)
        else:
            from ui.view_state import restore_header

            restore_header(self.fitter, state, dragged)
            self._size_columns()

    def selected_identity(self):
        """Which deadline is selected (``_identity``), None when none is."""
        if self.view.model() is not self.model or self.view.selectionModel() is None:
            return None
        rows = self.view.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.model.records):
            return None
        return _identity(self.model.records[rows[0].row()])

    def set_data_dir(self, data_dir: Path | None) -> None:
        """The data folder the deadlines shown are counted in: Remaining sorts on its calendar."""
        self.model.set_data_dir(data_dir)

    def offer_calendar_actions(self, letters: str = "") -> None:
        """Show 新建年度节假日文件…, 导入节假日文件… and 打开日历文件夹 under the calendar note whenever it is shown
        (signals ``new_calendar_file``, ``import_calendar`` and ``open_calendar_folder``); ``letters``: their Alt
        keys in that order (letters, or the case tab's punctuation keys), free where the table is shown (none given:
        none)."""
        for button, letter in zip((self.new_file_button, self.import_button, self.folder_button), letters,
                                  strict=False):
            button.setText(with_fixed_letter(button.text(), letter))
        self._calendar_actions = True
        self.note_actions.setVisible(self.note.isVisibleTo(self))

    def set_deadlines(self, deadlines, note: str = "", state_texts: set[str] | None = None,
                      order: tuple[int, bool] | None = None) -> None:
        """Show ``deadlines``; ``note`` is what the calendar behind them leaves unconfirmed (shown above them);
        ``state_texts`` their distinct State texts when already known (else read from every row); ``order`` the
        (column, descending) they are sorted by already (``board_groups``). The deadline selected stays selected,
        and in view, when it is still shown (F5, a recount); else the first."""
        kept = self.selected_identity()
        self._state_texts = state_texts
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.note_area.setVisible(bool(note))
        self.note_details.setVisible(bool(note))
        self.note_area.fit()  # as high as the new text wants, when opened
        self._keep_rows()  # in the font of the moment
        self.note_actions.setVisible(bool(note) and self._calendar_actions)
        if note:  # the file it names can be copied
            flags = self.note.textInteractionFlags()
            self.note.setTextInteractionFlags(flags | flags.TextSelectableByMouse)
        self.model.set_records(deadlines, order)
        if self.view.model() is not self.model:  # the first deadlines: the records' model takes the header's place
            # imported here, with the first deadlines: PySide6 makes its QAction, QShortcut and QKeySequence (with its 71
            # standard keys) when they are first taken from QtGui, ~1.5 ms that the first paint does not need
            from ui.table_menu import add_table_menu

            self.view.setModel(self.model)
            self.view.selectionModel().currentRowChanged.connect(self._show_detail)
            add_table_menu(self.view)  # sorting and columns by the Menu key or Shift+F10 (after the first paint)
            self._header_only.deleteLater()
            if self._fits:  # a click on a header sorts by it (arrow shown); until then, the groups' order
                from ui.column_fit import ColumnFitter

                self.fitter = ColumnFitter(self.view, SHARED)
                if self._saved_header is not None:  # the board's own sort below, not the one saved
                    from ui.view_state import restore_header

                    restore_header(self.fitter, *self._saved_header)
                    self._saved_header = None
                header = self.view.horizontalHeader()
                header.setSortIndicator(-1, header.sortIndicatorOrder())
                header.setSortIndicatorShown(True)
                self.view.setSortingEnabled(True)
        if not self._fits:
            self.view.resizeColumnsToContents()
        else:
            self._size_columns()
        self.detail.clear()
        if deadlines:
            row = 0 if kept is None else self._row_of(kept)
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def _row_of(self, identity: tuple) -> int:
        """The row of the deadline whose ``_identity`` is ``identity``, 0 when none is shown: the rows of its case
        found by ``operator.indexOf`` (no Python code a row: making and comparing the identity of each of 100,000
        rows took ~40 ms), then the one of them that it is."""
        from operator import attrgetter, indexOf

        records, case_id = self.model.records, identity[1]
        case_ids = map(attrgetter("case_id"), records)
        row = -1
        while True:
            try:
                row += indexOf(case_ids, case_id) + 1  # the items before the next of the case, and that one
            except ValueError:
                return 0
            if _identity(records[row]) == identity:
                return row

    def _width_sample(self, columns: list[int]) -> tuple:
        """What the view would measure ``columns`` from (``resizeColumnToContents``): each one's distinct texts in
        the rows it samples (those in view and ``WIDTH_SAMPLE_ROWS`` around them; here a few more on each side), in
        the view's font. Equal samples give equal widths."""
        from ui.pages import WIDTH_SAMPLE_ROWS

        records = self.model.records
        top = max(0, self.view.verticalHeader().visualIndexAt(0))
        bottom = self.view.verticalHeader().visualIndexAt(self.view.viewport().height())
        in_view = bottom - top + 1 if self.view.isVisible() and bottom >= 0 else WIDTH_SAMPLE_ROWS
        around = WIDTH_SAMPLE_ROWS + 2
        rows = records[max(0, top - around):top + max(in_view, WIDTH_SAMPLE_ROWS) + around]
        specs = self.model._specs
        return (self.view.font().toString(), tuple(columns),
                tuple(frozenset(map(specs[c].text, rows)) for c in columns))

    def _size_columns(self) -> None:
        """The board's columns: the short ones as wide as their texts (of the first rows), the party, time limit and
        source sharing the rest (``ColumnFitter``), never less than a few characters. The short ones are measured
        again only when the texts they are measured from or their widths changed (a recount of 100,000 deadlines
        mostly shows the same first rows: measuring them took ~20 ms)."""
        from ui.pages import size_columns_by_sample

        size_columns_by_sample(self.view)
        with self.fitter.quiet():
            # the state (0) is given its own width below, unless dragged: it is not measured
            measured = [c for c in range(1, self.model.columnCount())
                        if c not in SHARED and c not in self.fitter.dragged]
            sample = self._width_sample(measured)
            if self._measured is None or self._measured != (sample, [self.view.columnWidth(c) for c in measured]):
                for column in measured:
                    self.view.resizeColumnToContents(column)
            # several officers elide past a few words, leaving the shared columns their room at 1,024 pixels; the
            # state is as wide as the longest of every row (not only those sampled): its marks 日历待核实 and
            # 末日可能为休息日 must be read, not cut off
            if OFFICERS not in self.fitter.dragged:
                self.view.setColumnWidth(OFFICERS, min(self.view.columnWidth(OFFICERS), OFFICERS_WIDTH))
            self._measured = (sample, [self.view.columnWidth(c) for c in measured])
            if 0 not in self.fitter.dragged:
                self.view.setColumnWidth(0, self._state_width())
        self.fitter.fit()

    def _state_width(self) -> int:
        """The State column's width: the longest state of every row with its marks (not only of the rows sampled),
        as far as the room the other columns leave allows, the shared ones keeping their least share
        (``column_fit.MINIMUM_SHARE``); never less than ``STATE_WIDTH``. A state still cut off in a narrow window
        is whole in its row's tooltip."""
        from PySide6.QtWidgets import QStyle

        from ui.column_fit import MINIMUM_SHARE
        from workstation.clocks import OPEN_STATES
        from workstation.vocabulary import shown_label

        texts = self._state_texts if self._state_texts is not None else self.model.state_texts(self.model.records)
        metrics = self.view.fontMetrics()
        margin = 2 * self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 12
        widest = max((metrics.horizontalAdvance(t) + margin for t in texts), default=0)
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(1, self.model.columnCount())
                     if c not in SHARED and not header.isSectionHidden(c))
        room = self.view.viewport().width() - others - MINIMUM_SHARE * len(SHARED)
        if room >= STATE_WIDTH:
            return max(STATE_WIDTH, min(widest, room))
        # less room than STATE_WIDTH (the days overdue of a deadline months past widen 剩余): the state takes that
        # room, its word (已逾期, 期限已届满) still whole — kept at STATE_WIDTH, the table ran off its edge
        words = (shown_label("deadline_states", state) for state in OPEN_STATES)
        return min(STATE_WIDTH, max(room, max(metrics.horizontalAdvance(text) for text in words) + margin))

    def select_clock(self, clock: str, party_id: str | None = None) -> bool:
        """Select the row of the clock ``clock`` (of the party ``party_id`` where the clock is counted per party);
        whether one was found."""
        records = self.model.records
        row = next((i for i, d in enumerate(records) if d.clock == clock and (d.party_id or None) == (party_id or None)),
                   next((i for i, d in enumerate(records) if d.clock == clock), None))
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _show_detail(self, current: QModelIndex, _previous=None) -> None:
        if current.isValid():
            deadline = self.model.records[current.row()]
            number = _case_text(deadline)
            self.detail.setPlainText(f"{number}  {deadline.limit_text}\n"
                                     + counted_text(deadline, self.model.data_dir))


def filter_officers(db, agency_id: str | None) -> list[tuple[str, str]]:
    """(id, text) of the officers the board's officer filter offers for ``agency_id`` (None: all): those on duty,
    then those deactivated who still hold open cases (``open_cases_of_officer``), 罗建华（已停用）; a name listed
    twice is told apart by the officer's agency (罗建华（顺德区局）), or by the certificate number where namesakes are
    of one agency."""
    from collections import Counter

    listed = [officer for officer in list_officers(db, agency_id, with_inactive=True)
              if officer.active or open_cases_of_officer(db, officer.id)]
    names = Counter(officer.name for officer in listed)
    agencies: dict[str, str] = {}
    if any(n > 1 for n in names.values()):
        agencies = {agency.id: agency.short_name or agency.name for agency in list_agencies(db)}
    # the namesakes each agency has: two of one agency are told apart by their certificates
    of_agency = Counter((officer.name, officer.agency_id) for officer in listed)
    offered = []
    for officer in listed:
        text = officer.name
        if names[officer.name] > 1:
            which = agencies.get(officer.agency_id, "")
            if of_agency[officer.name, officer.agency_id] > 1 or not which:
                which = officer.cert_no or _("no enforcement certificate")
            text = _("{name} ({which})").format(name=officer.name, which=which)
        if not officer.active:
            text = _("{officer} (deactivated)").format(officer=text)
        offered.append((officer.id, text))
    return offered


class DeadlineBoard(QWidget):
    """The home tab: running deadlines of every open case, by agency and officer, overdue first, then this
    week, then later. Computed once the window has painted (``start``), then again after changes while it is
    shown, or when it is next shown."""

    clock_opened = Signal(str, str, str)  # a case's deadline opened: (case id, clock id, party id or "")
    lead_opened = Signal(str)
    interview_opened = Signal(str)  # an interview's rectification report awaited
    painted = Signal()  # its first paint (the window's first paint: the board is its home tab)
    calendar_changed = Signal()  # a holiday file imported or removed here: the open cases' deadlines moved with it

    def __init__(self, db, parent: QWidget | None = None, *, runner=None, database: Path | None = None,
                 prompts=None):
        """With a ``runner`` (ui.task_runner) and the ``database`` file, the deadlines are counted off the GUI thread
        with their progress in the summary and a Cancel button beside it; without, at once (as in small tests).
        ``prompts`` asks where the printed or exported list goes (``ui.prompts.Prompts`` by default)."""
        super().__init__(parent)
        self.db, self.runner, self.database = db, runner, database
        if prompts is None:
            from ui.prompts import Prompts

            prompts = Prompts()
        self.prompts = prompts
        self.counted_on = ""  # the day the deadlines shown were counted on (ISO)
        self.counting_on = ""  # the day the count running (if any) counts them on
        self.counting = NewestWork(self, runner)  # the count running, if any (see ``refresh``)
        self._painted = False
        self.deadlines: list[clocks.Deadline] = []
        self._grouped: tuple[list, dict[str, list]] | None = None  # (deadlines, their rows by group: ``_counted``)
        self._prepared: dict | None = None  # each group's rows, texts and note from the count (``board_groups``)
        self._prepared_order: tuple[int, bool] | None = None  # the sort of those rows (``set_deadlines``'s order)
        self.stale = True
        self.started = False
        self._rectification_recounted = False  # the interviews' rectification deadlines counted again once
        heading = layout_heading(_("Deadlines"))
        self.summary = QLabel(_("Counting the deadlines…"))
        self.summary.setObjectName("deadline_summary")
        self.count_button = QPushButton(_("Cancel"))  # while counting; "Count again" after a cancelled count
        self.count_button.setObjectName("deadline_count_button")
        self.count_button.setVisible(False)
        self.count_button.clicked.connect(self._count_button_pressed)
        self.problems = QLabel()
        self.problems.setObjectName("calendar_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b00020;")
        self.problems.setVisible(False)
        # beside the calendar's problems, what mends them: a wrong file imported again (replaced), the folder opened
        self.problems_actions = QWidget()
        self.problems_actions.setObjectName("calendar_problems_actions")
        problem_buttons = QHBoxLayout(self.problems_actions)
        problem_buttons.setContentsMargins(0, 0, 0, 0)
        # Alt letters none of the board's others (the note's N I M, the filters', the menus'): 导入(&U), 打开(&K)
        for text, name, slot, letter in (
                (_("Import holiday file…"), "problems_import_calendar", self.import_calendar, "U"),
                (_("Open calendar folder"), "problems_open_calendar_folder", self.open_calendar_folder, "K")):
            button = QPushButton(with_fixed_letter(text, letter))
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            problem_buttons.addWidget(button)
        self.problems_actions.setVisible(False)
        self.group = QComboBox()
        self.group.setObjectName("deadline_group")
        for key, text in GROUPS:
            self.group.addItem(_(text), key)
        self.agency = QComboBox()
        self.agency.setObjectName("deadline_agency")
        self.officer = QComboBox()
        self.officer.setObjectName("deadline_officer")
        self.officer.setToolTip(_("An officer's deadlines are those of the cases the officer handles and of the "
                                  "interviews the officer held. Leads are a bureau's, not an officer's: they show "
                                  "under all officers."))
        self._fill_filters()
        # one row where the window is wide enough; on a laptop at 150 % (911 pixels) the buttons on a second row
        filters = WrappingRow()
        # Alt letters: none of the menus' (F, C, G, H) nor the window's tabs' (D, L)
        for text, widget in ((_("&Show"), self.group), (_("&Agency"), self.agency), (_("&Officer"), self.officer)):
            filters.add_together(buddy_label(text, widget), widget)
        # the weekly 期限提醒 handed out: what the board shows for its filter, as a PDF to print or a sheet
        self.print_button = QPushButton(_("&Print list…"))
        self.print_button.setObjectName("print_deadlines")
        self.print_button.setToolTip(_("Save the deadlines shown (this group, agency and officer) as a PDF to print "
                                       "and hand out (Ctrl+P)"))
        self.print_button.clicked.connect(lambda: self.print_list())
        self.export_button = QPushButton(_("E&xport…"))
        self.export_button.setObjectName("export_deadlines")
        self.export_button.setToolTip(_("Write the deadlines shown (this group, agency and officer) to an Excel "
                                        "(XLSX) or CSV file"))
        self.export_button.clicked.connect(lambda: self.export_list())
        # 导入节假日文件… and 打开日历文件夹 always on the board (a year's file added early, a wrong one replaced),
        # not only under the note of a year without holiday data; its menu filled after the first paint
        # (``_fill_calendar_menu``: taking QAction from QtGui costs the first paint ~1.5 ms)
        from PySide6.QtWidgets import QMenu

        self.calendar_button = QPushButton(_("Holida&y calendar"))  # Alt letters taken here: F C G H D L S A O P X
        self.calendar_button.setObjectName("calendar_actions")
        self.calendar_button.setToolTip(_("Write a yearly holiday file (.toml) to fill in, import or remove one, or "
                                          "open the calendar folder"))
        self.calendar_button.setMenu(QMenu(self.calendar_button))
        # the three buttons kept together on the right, on the filters' row or under it
        filters.add_together(self.print_button, self.export_button, self.calendar_button, on_right=True)
        self.table = DeadlineTable(with_case=True)
        self.table.activated.connect(self._open)
        # the 节假日日历 menu's letters (N, I), but O the 经办人 filter's: 打开日历文件夹(&M)
        self.table.offer_calendar_actions("NIM")
        self.table.set_details_key("E")  # 详情(&E)…: none of the board's others (D the window's tab)
        self.table.import_calendar.connect(lambda: self.import_calendar())
        self.table.open_calendar_folder.connect(lambda: self.open_calendar_folder())
        self.table.new_calendar_file.connect(lambda: self.new_calendar_file())
        self.empty = QLabel()  # what to do next when the board has nothing to show
        self.empty.setObjectName("deadlines_empty")
        self.empty.setWordWrap(True)
        self.empty.setVisible(False)
        hint = QLabel(_("Double-click a deadline to open its case, lead or interview. Party deadlines that end on a "
                        "rest day move to the next working day; internal limits are only flagged."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.count_button)
        layout.addLayout(summary_row)
        problems_row = QHBoxLayout()
        problems_row.addWidget(self.problems, 1)
        problems_row.addWidget(self.problems_actions)
        layout.addLayout(problems_row)
        layout.addLayout(filters)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self.group.currentIndexChanged.connect(self._show)
        self.agency.currentIndexChanged.connect(self._agency_chosen)
        self.officer.currentIndexChanged.connect(self.refresh)
        # left shown past midnight: counted again once the day has changed (``out_of_date``)
        self.day_watch = day_watch(self, self._count_again_if_out_of_date)

    def out_of_date(self) -> bool:
        """Whether the deadlines shown (or being counted) were counted on another day than today, the window left
        open overnight: their days left, groups and states, and the day a handout names, would be that day's."""
        day = self.counting_on if self.counting.running else self.counted_on
        return bool(day) and day != _today()

    def _count_again_if_out_of_date(self) -> None:
        if self.started and self.out_of_date():
            self.refresh()

    def _counted_today(self) -> bool:
        """Before a list is printed or exported: the deadlines counted again when the day has changed since they were
        counted, so that the list is today's and names today. Whether they are (at once without a runner); with one,
        the officer is told to print or export once the new count is shown."""
        if not self.out_of_date():
            return True
        self.refresh()
        if not self.stale and not self.counting.running:
            return True
        self.prompts.error(self, _("The day has changed since the deadlines were counted: they are being counted "
                                   "again for {today}. Print or export the list once it is shown.").format(
            today=_today()))
        return False

    def import_calendar(self, parent: QWidget | None = None) -> bool:
        """导入节假日文件… (``import_calendar_file``: with the board's runner in the background), then the deadlines
        counted again, the window's open cases following (``_calendar_changed``); ``parent`` what its questions and
        progress are shown over (the window, for a case tab's deadlines), else the board. Whether a file was
        added (with a runner: its import started)."""
        return import_calendar_file(parent or self, self.prompts, self.db, runner=self.runner, database=self.database,
                                    on_done=self._calendar_changed)

    def remove_calendar(self) -> bool:
        """移除节假日文件… (``remove_calendar_file``: with the board's runner in the background), then the deadlines
        counted again. Whether a file was removed (with a runner: its removal started)."""
        return remove_calendar_file(self, self.prompts, self.db, runner=self.runner, database=self.database,
                                    on_done=self._calendar_changed)

    def _calendar_changed(self) -> None:
        """A holiday file imported or removed: the interviews' rectification deadlines counted again on the calendar
        now (``_read_calendar_again``) before anything shows them, then the open cases (their tabs, their editors)
        shown moved with it (``calendar_changed``) and the deadlines counted again once: in a window, with its open
        cases (``MainWindow.refresh`` marks this board stale: counted at once when shown, else when next shown); a
        board on its own (nothing receiving ``calendar_changed``), at once."""
        from PySide6.QtCore import QMetaMethod

        self._rectification_recounted = False  # the calendar read again: its interviews counted again too
        self._read_calendar_again()  # before the window's pages read them again (the interviews page among them)
        if self.isSignalConnected(QMetaMethod.fromSignal(self.calendar_changed)):
            self.calendar_changed.emit()  # the window shows its open cases again and marks this board stale
        else:
            self.refresh()

    def open_calendar_folder(self) -> None:
        open_calendar_folder(self.db)

    def new_calendar_file(self) -> Path | None:
        """新建年度节假日文件… (``new_calendar_file``: saved outside the calendar folder, to import once filled in;
        nothing counted again). The file written, None when none was."""
        return new_calendar_file(self, self.prompts, self.db)

    def _fill_calendar_menu(self) -> None:
        """The board's 节假日日历 menu: 新建年度节假日文件…, 导入节假日文件…, 移除节假日文件… and 打开日历文件夹 (once,
        after the first paint)."""
        menu = self.calendar_button.menu()
        if menu.actions():
            return
        for text, name, slot in ((_("&New holiday file of a year…"), "new_calendar_file", self.new_calendar_file),
                                 (_("&Import holiday file…"), "import_calendar", self.import_calendar),
                                 (_("&Remove holiday file…"), "remove_calendar", self.remove_calendar),
                                 (_("&Open calendar folder"), "open_calendar_folder", self.open_calendar_folder)):
            action = menu.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())

    def _open(self, d) -> None:
        if d.interview_id:
            self.interview_opened.emit(d.interview_id)
        elif d.lead_id:
            self.lead_opened.emit(d.lead_id)
        else:  # the case, at its deadlines with this one selected
            self.clock_opened.emit(d.case_id, d.clock, d.party_id or "")

    def _fill_filters(self) -> None:
        """The agency filter: every agency by its short name as the case list names them, a town office (市场监管所)
        indented under its district bureau (``add_agency``), the full name as each one's tooltip; then the officers."""
        self.agency.addItem(_("All agencies"), None)
        for agency in list_agencies(self.db):
            add_agency(self.agency, agency, agency.short_name or agency.name)
            self.agency.setItemData(self.agency.count() - 1, agency.name, TOOLTIP_ROLE)
        searchable(self.agency, keeps_choice=True)  # a filter: text naming no agency gives way to the one chosen
        self._fill_officers()

    def _fill_officers(self) -> None:
        """The officer filter lists the officers of the agency chosen (a bureau with its town offices), or all;
        the officer chosen stays chosen while still listed, else the filter goes back to all officers. After those
        on duty, those deactivated who still hold open cases, to be found and replaced in them (``filter_officers``).
        """
        chosen = self.officer.currentData()
        blocked = self.officer.blockSignals(True)
        try:
            self.officer.clear()
            self.officer.addItem(_("All officers"), None)
            for officer_id, text in filter_officers(self.db, self.agency.currentData()):
                self.officer.addItem(text, officer_id)
            self.officer.setCurrentIndex(max(self.officer.findData(chosen), 0) if chosen else 0)
        finally:
            self.officer.blockSignals(blocked)

    def reload_officers(self) -> None:
        """The officers' register changed (officers added at the first start or under 案件 → 执法人员, one
        deactivated): the officer filter lists them as they now are, the one chosen staying chosen while listed."""
        self._fill_officers()

    def _agency_chosen(self) -> None:
        self._fill_officers()
        self.refresh()

    def start(self) -> None:
        """Compute the board for the first time, once the window has appeared: from the event loop, so that
        whatever else waits for the first paint is not held up by it."""
        QTimer.singleShot(0, self._start)

    def _start(self) -> None:
        self.started = True
        if self.stale:
            self.refresh()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.started and (self.stale or self.out_of_date()):  # shown again on a later day: counted again
            self.refresh()

    def mark_stale(self) -> None:
        """The cases changed: recompute now if the board is shown, else when it is next shown."""
        self.stale = True
        if self.started and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Count the deadlines again for the filters: in the background when the board has a runner (a count still
        running is cancelled first: its figures would be stale), else at once."""
        from workstation import clocks

        self.stale = False
        self._read_calendar_again()
        self.table.set_data_dir(clocks.data_dir_of(self.db))  # Remaining sorted on this data folder's calendar
        agency_id, officer_id = self.agency.currentData(), self.officer.currentData()
        day = _today()  # counted as of the day the count starts (a count running past midnight is of that day)
        self.counting_on = day
        if self.runner is None or self.database is None:
            from workstation.board_export import name_rows

            deadlines = clocks.board(self.db, on=day, agency_id=agency_id, officer_id=officer_id)
            name_rows(self.db, deadlines)
            self._counted(deadlines, day)
            return
        from functools import partial

        self.summary.setText(_("Counting the deadlines…"))
        self.count_button.setText(_("Cancel"))
        self.count_button.setEnabled(True)
        self.count_button.setVisible(True)
        # a read (``only_reading``): a page's own reading, the 约谈 register's, is not held up behind it
        sort = self.table.model.sorted_by  # the rows sorted as shown with the count, off the GUI thread
        work = only_reading(partial(board_rows_task, self.database, on=day, agency_id=agency_id,
                                    officer_id=officer_id, sort=sort))
        self.counting.start(_("Counting the deadlines"), work, partial(self._finished, day, sort), self._not_counted,
                            self._progressed)

    def _read_calendar_again(self) -> None:
        """Before a count: read the calendar folder again when a yearly file was dropped in (or changed) since it
        was read (``workdays.reload_if_changed``), and count again the interviews' usual rectification deadlines
        counted in a year whose holidays are now known (``recount_rectification_defaults``; not on read-only
        data) — at the board's first count and after the folder changed, not at every refresh."""
        from workstation import clocks
        from workstation.errors import WorkstationError
        from workstation.law.trail import audit_hand_changes
        from workstation.store.interviews import recount_rectification_defaults
        from workstation.workdays import reload_if_changed

        data_dir = clocks.data_dir_of(self.db)
        if data_dir is not None:  # a legal data or holiday file edited by hand since the log last had it: audited
            audit_hand_changes(self.db, data_dir)
        reloaded = reload_if_changed(data_dir)
        if not reloaded and self._rectification_recounted:
            return  # the calendar is as it was at the last recount: nothing to count again
        try:
            recount_rectification_defaults(self.db)
        except WorkstationError:  # read-only data, or another program holding the lock: counted as stored
            return
        self._rectification_recounted = True

    def stop(self) -> None:
        """Cancel the count running, if any (its result is then dropped)."""
        self.counting.stop()

    def _progressed(self, done: int, total: int, message: str) -> None:
        if total:
            self.summary.setText(_("Counting the deadlines… {message} ({percent}%)").format(
                message=message, percent=done * 100 // total))

    def _finished(self, day: str, sort: tuple[int, bool] | None, counted: tuple) -> None:
        deadlines, texts, groups = counted
        self.count_button.setVisible(False)
        self.table.model.know_state_texts(deadlines, texts)
        self._counted(deadlines, day, groups, sort)

    def _not_counted(self, exc: BaseException) -> None:
        from workstation.errors import Cancelled

        self.count_button.setVisible(False)
        if not isinstance(exc, Cancelled):
            raise exc
        self.stale = True
        self.summary.setText(_("Counting the deadlines was cancelled: the list below may be out of date."))
        self.count_button.setText(_("Count again"))
        self.count_button.setVisible(True)

    def _count_button_pressed(self) -> None:
        """Cancel the count running, or count again after a cancelled one."""
        if self.counting.running:
            self.counting.cancel()
            self.count_button.setEnabled(False)  # the work stops at its next look at the token
        else:
            self.refresh()

    def _counted(self, deadlines, day: str, prepared: dict | None = None,
                 order: tuple[int, bool] | None = None) -> None:
        """Show ``deadlines``, counted as of ``day`` (ISO: the day their count started, which the hand-out names);
        ``prepared``: their groups as ``board_groups`` sorts them out (on the worker thread), else sorted here;
        ``order``: the sort of the rows of each of those groups."""
        from workstation import clocks

        if self.deadlines is not deadlines:
            release_later(self.deadlines)  # freed a part at a time once every list below has let them go
        self.deadlines = deadlines
        self.counted_on = day
        from workstation.law.data import problems as law_problems
        from workstation.workdays import default_calendar

        data_dir = clocks.data_dir_of(self.db)
        problems = default_calendar(data_dir).problems
        # a bureau's copy of a legal data file that its checks refused (the shipped values counted in its place)
        refused = law_problems(data_dir)
        self.problems.setText("\n".join([*(_("Holiday calendar: {problem}").format(problem=p) for p in problems),
                                         *refused]))
        self.problems.setVisible(bool(problems or refused))
        self.problems_actions.setVisible(bool(problems))
        self._fill_calendar_menu()
        self._prepared, self._prepared_order = prepared, order
        if prepared is not None:
            groups = {key: prepared[key][0] for key, _text in GROUPS if key != "all"}
        else:
            groups = {key: [] for key, _text in GROUPS if key != "all"}
            for deadline in self.deadlines:
                groups[group_of(deadline, clocks.DUE_SOON_DAYS)].append(deadline)
        self._grouped = (self.deadlines, groups)  # each group's rows, sorted out once for the groups chosen later
        counts = {key: len(rows) for key, rows in groups.items()}
        self.summary.setText(_("Overdue or expired: {overdue} · due within 7 days: {week} · later: {later} · "
                               "paused, suspended or not computable: {stopped}").format(**counts))
        self._show()

    def _show(self) -> None:
        from workstation.clocks import DUE_SOON_DAYS, calendar_note, data_dir_of

        key = self.group.currentData()
        prepared = self._prepared if self._grouped is not None and self._grouped[0] is self.deadlines else None
        if prepared is not None:  # rows, State texts and calendar note worked out with the count
            shown, texts, note = prepared[key]
            self.table.set_deadlines(shown, note, texts, self._prepared_order)
        else:
            if key == "all":
                shown = self.deadlines
            elif self._grouped is not None and self._grouped[0] is self.deadlines:
                shown = self._grouped[1][key]
            else:
                shown = [d for d in self.deadlines if group_of(d, DUE_SOON_DAYS) == key]
            self.table.set_deadlines(shown, calendar_note(shown, data_dir_of(self.db)))
        self.empty.setText(self._empty_text() if not shown else "")
        self.empty.setVisible(not shown)

    # the list handed out ---------------------------------------------------------------------------------
    def shown(self) -> list:
        """The deadlines the table shows, in its order (a header clicked sorts them)."""
        return list(self.table.model.records)

    def handout_title(self) -> str:
        """The title of the printed or exported list, naming the filter: 期限提醒（七日内到期 · 南海区局 · 全部办案人员）."""
        from workstation.board_export import handout_title

        # the agency chosen, not what its field shows (a name half typed is no agency: the list is the chosen one's)
        agency = self.agency.itemText(self.agency.currentIndex())
        return handout_title(self.group.currentText(), agency, self.officer.currentText())

    def _file_name(self, suffix: str) -> str:
        parts = [_("Deadline reminder list"), self.group.currentText()]
        parts += [combo.itemText(combo.currentIndex()) for combo in (self.agency, self.officer) if combo.currentData()]
        return "_".join([*parts, self.counted_on or _today()]) + suffix

    def print_list(self, path: str | None = None) -> str:
        """Ctrl+P on the board: the deadlines shown as a PDF (the documents' own writer), titled with the filter and
        the day counted on — today: counted again first when the day has changed (``_counted_today``) —, to print
        and hand out. Returns the file written, "" when none."""
        if not self._counted_today():
            return ""
        path = path or self.prompts.save_file(self, _("Print the deadline list"), self._file_name(".pdf"),
                                              "PDF (*.pdf)")
        return self._write(path, "pdf") if path else ""

    def export_list(self, path: str | None = None) -> str:
        """The deadlines shown as XLSX or CSV (by the file's extension), titled as printed (counted again first when
        the day has changed)."""
        if not self._counted_today():
            return ""
        path = path or self.prompts.save_file(self, _("Export the deadline list"), self._file_name(".xlsx"),
                                              _("Excel (*.xlsx);;CSV (*.csv)"))
        return self._write(path, None) if path else ""

    def _write(self, path: str, fmt: str | None) -> str:
        """Write the list shown to ``path``: with the board's runner in the background (a PDF of thousands of rows
        takes a while), else at once. Returns the file written once done ("" while it is being written)."""
        from functools import partial

        from workstation.board_export import handout_task
        from workstation.clocks import data_dir_of

        if self.stale or self.counting.running:
            self.prompts.error(self, _("The deadlines are still being counted: wait until the list is shown, then "
                                       "print or export it again."))
            return ""
        shown = self.shown()
        work = partial(handout_task, path, self.handout_title(), self.counted_on or _today(), shown,
                       data_dir_of(self.db), fmt)
        self._written = ""
        done = partial(self._handout_written, len(shown))
        if self.runner is None:
            try:
                done(work(progress=None, cancel=None))
            except Exception as exc:  # noqa: BLE001 - said as the runner's failure is
                self._handout_failed(exc)
        else:
            self.runner.run(_("Writing the deadline list"), work, done, self._handout_failed, self)
        return self._written

    def _handout_written(self, n: int, written) -> None:
        self._written = str(written)
        say_written(self, self.prompts, written,
                    ngettext("It lists {n} deadline.", "It lists {n} deadlines.", n).format(n=n))

    def _handout_failed(self, exc: BaseException) -> None:
        from workstation.errors import Cancelled, WorkstationError

        if isinstance(exc, Cancelled):  # the officer's own Cancel: said as what it left, not as an error
            self.prompts.info(self, _("The deadline list was cancelled: no file was written."))
            return
        if not isinstance(exc, WorkstationError):
            raise exc
        self.prompts.error(self, exc.message)

    def _empty_text(self) -> str:
        """Why the board shows nothing, and on a board with nothing at all where deadlines come from."""
        if self.deadlines:
            return _("No deadline in this group: choose “{all}” to see the others.").format(all=_(GROUPS[0][1]))
        if self.agency.currentData() or self.officer.currentData():
            return _("No running deadline for the agency or officer chosen.")
        from ui.layouts import plain_label

        def menu(*items: str) -> str:
            return " → ".join(plain_label(_(item)) for item in items)

        return _("No running deadline yet. Deadlines appear here as soon as there is work with a time limit: "
                 "complaints imported and screened into leads, or a lead registered ({leads}); a case created "
                 "({new_case}) or a case register imported ({register}).").format(
            leads=_("Leads"), new_case=menu("&Case", "&New case…"), register=menu("&File", "&Import case register…"))
