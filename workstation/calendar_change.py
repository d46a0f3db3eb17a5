"""One change of the calendar folder — a yearly holiday file imported, or one removed — and what it changes, as
`calendar import`, `calendar remove` and the deadline board's 导入节假日文件… and 移除节假日文件… all do it
(``change_calendar``): the running deadlines counted on the calendar as it is (the only step a Cancel may stop:
nothing is changed yet), the file imported or removed (audited), the interviews' usual rectification deadlines
counted again, the running deadlines counted on the new calendar, and what is then said — the days that changed,
the deadlines they moved (earlier first, the first ``MOVED_SHOWN`` listed), the steps now inside a party's statement
period, the interviews' and the leads' documents now off the count. ``change_calendar_task``: the same with a
connection of its own, for the window's task runner."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.progress import CancelToken, ProgressFn, check_cancel

#: the moved deadlines listed to the officer; the others are counted ("… and N more"), the JSON gives them all
MOVED_SHOWN = 30


@dataclass
class CalendarChange:
    """What ``change_calendar`` did and found."""

    year: int
    file: Path  # the file written (<year>.toml), or the file removed
    data: object = None  # the YearData imported (None for a removal)
    given: object = None  # the YearData of the calendar folder's file the import replaced (``folder_year``), if any
    copy_left: bool = False  # the copy named otherwise the import replaced could not be taken out
    changes: list = field(default_factory=list)  # the DayChange of the year
    moved: list = field(default_factory=list)  # every MovedDeadline, earlier first
    moved_lines: list[str] = field(default_factory=list)  # the first MOVED_SHOWN of them, "… and N more"
    inside: list = field(default_factory=list)  # steps_inside_statement_periods
    recounted: list[str] = field(default_factory=list)  # the interviews whose rectification deadline was counted again
    recount_problem: str = ""  # why they could not be (read-only data, the database locked): "" when they were
    interview_lines: list[str] = field(default_factory=list)
    records_off_calendar: list = field(default_factory=list)
    notice_lines: list[str] = field(default_factory=list)
    notice_ids: list[str] = field(default_factory=list)

    def parts(self) -> list[list[str]]:
        """What the change is said with after its headline (and an import's holidays), each part a paragraph of the
        window's message: the days changed, the deadlines moved (capped), the steps now inside a statement period,
        the interviews' and the leads' documents now off the count."""
        from workstation.law.redated import steps_lines
        from workstation.workdays import change_lines

        return [change_lines(self.changes), self.moved_lines, steps_lines(self.inside), self.interview_lines,
                self.notice_lines]

    def lines(self) -> list[str]:
        """``parts`` one line after the other."""
        return [line for part in self.parts() for line in part]

    def note_documents(self, db) -> None:
        """The interviews' documents (``recounted``: those whose rectification deadline was counted again) and the
        leads' documents now off the count, said and listed (``interview_lines`` … ``notice_ids``): after a change,
        and when a file in use is imported again (nothing changed, the documents still off the count said)."""
        from workstation.leads_workflow import notice_calendar_lines
        from workstation.store.interviews import interview_calendar_lines

        interviews = interview_calendar_lines(db, self.recounted)
        self.interview_lines, self.records_off_calendar = list(interviews.lines), interviews.off_calendar
        self.notice_lines, self.notice_ids = notice_calendar_lines(db)

    def as_dict(self) -> dict:
        """The JSON both commands give of it (every moved deadline)."""
        return {"year": self.year, "file": str(self.file),
                "changed_days": [change.as_dict() for change in self.changes],
                "moved_deadlines": [m.as_dict() for m in self.moved], "notices_off_calendar": self.notice_ids,
                "steps_inside_statement_periods": self.inside, "recounted_interviews": self.recounted,
                "records_off_calendar": self.records_off_calendar}


def change_calendar(db, data_dir: Path, *, source: Path | None = None, replace: bool = False,
                    year: int | None = None, file: Path | None = None, limit: int | None = MOVED_SHOWN,
                    progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> CalendarChange:
    """Import the yearly file ``source`` (``workdays.import_year_file``, ``replace`` as it takes it) or remove the
    file of ``year`` (``file``, else the one the calendar reads it from: ``workdays.removed_file``; refused when
    there is none), counting the running deadlines before and after (``clocks.board``) to name those moved. A bad
    file, a year given already without ``replace``, a file missing: WorkstationError, nothing changed. ``cancel``
    is heard only until the file is changed (its token then closed, so that the window greys its Cancel out);
    ``progress`` is told of the counts."""
    from workstation import clocks
    from workstation.collector import collections_held
    from workstation.law.redated import steps_inside_statement_periods
    from workstation.store.interviews import recount_rectification_defaults
    from workstation.workdays import (
        calendar_year,
        checked_year_file,
        day_changes,
        default_calendar,
        import_year_file,
        remove_year_file,
        removed_file,
        with_year,
        year_file,
    )

    report = progress or (lambda done, total, message: None)
    data_dir = Path(data_dir)
    if source is not None:
        data = checked_year_file(Path(source), importing=True)
        # read again first if a file was dropped in or taken out by hand since the calendar was read
        calendar, given = calendar_year(data_dir, data.year)
        change = CalendarChange(data.year, year_file(data_dir, data.year), data, given=given)
        counted = bool(day_changes(calendar, with_year(calendar, data), data.year))
    else:
        target = Path(file) if file is not None else removed_file(data_dir, year)
        if not target.is_file():  # refused before the deadlines are counted
            raise WorkstationError(_("{file} does not exist: the calendar folder has no file of {year} to "
                                     "remove.").format(file=target, year=year))
        calendar, given = calendar_year(data_dir, year)  # read again first if changed by hand since
        change = CalendarChange(year, target)
        # a file the calendar refused (ignored) changes no day when it goes: nothing to count
        counted = given is not None and Path(given.origin).resolve() == target.resolve()
    with collections_held():  # two counts of every running deadline held at once (``clocks.board``'s hold widened)
        check_cancel(cancel)
        report(0, 0, _("Counting the deadlines before the holiday file changes…"))
        before = clocks.board(db, progress=progress, cancel=cancel) if counted else []
        check_cancel(cancel)
        if cancel is not None:
            cancel.close()  # from here on the calendar folder changes: not to be stopped halfway
        report(0, 0, _("Changing the holiday file; the deadlines are then counted again…"))
        if source is not None:
            import_year_file(data_dir, Path(source), replace=replace, db=db)  # audited in db's log
            if change.given is not None and Path(change.given.origin) != change.file:
                change.copy_left = Path(change.given.origin).exists()
        else:
            remove_year_file(data_dir, year, db=db, file=change.file)  # audited in db's log
        now = default_calendar(data_dir)
        change.changes = day_changes(calendar, now, change.year)
        try:
            change.recounted = recount_rectification_defaults(db)
        except WorkstationError as exc:  # read-only data, or another program holding the lock: counted as stored
            change.recount_problem = exc.message
        if change.changes and counted:
            change.moved = clocks.moved_deadlines(before, clocks.board(db, progress=progress))
        del before
    change.moved_lines = clocks.moved_lines(db, change.moved, limit) if change.changes else []
    change.inside = steps_inside_statement_periods(db, [change.year]) if change.changes else []
    change.note_documents(db)
    return change


def change_calendar_task(database: Path, *, progress: ProgressFn, cancel: CancelToken, **change) -> CalendarChange:
    """``change_calendar`` with a connection of its own (the window's task runner: a write)."""
    from workstation.db import open_database

    db = open_database(database)
    try:
        return change_calendar(db, Path(database).parent, progress=progress, cancel=cancel, **change)
    finally:
        db.conn.close()
