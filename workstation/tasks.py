"""Long work packaged for a background thread: each task opens its own database connection (a connection
never crosses threads), reports progress and honours cancellation, and closes the connection."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workstation.db import open_database
from workstation.importing.register import RegisterResult, import_register
from workstation.progress import CancelToken, ProgressFn

if TYPE_CHECKING:
    from workstation.store.complaints import ComplaintCount


def import_register_task(database: Path, file: str | Path, *, skip_invalid: bool = False, dry_run: bool = False,
                         progress: ProgressFn, cancel: CancelToken) -> RegisterResult:
    """Import a case register on the calling thread with a connection of its own."""
    db = open_database(database)
    try:
        return import_register(db, file, skip_invalid=skip_invalid, dry_run=dry_run, progress=progress,
                               cancel=cancel)
    finally:
        db.conn.close()


def load_demo_task(database: Path, *, progress: ProgressFn, cancel: CancelToken) -> dict[str, int]:
    """Load the demo data set with a connection of its own."""
    from workstation.demo import load_demo

    db = open_database(database)
    try:
        return load_demo(db, progress=progress, cancel=cancel)
    finally:
        db.conn.close()


def import_complaints_task(database: Path, paths: list[str], *, profile: str | None = None,
                           mapping: dict | None = None, progress: ProgressFn, cancel: CancelToken,
                           despite_header: bool = False, last_step: bool = True):
    """Import complaint exports with a connection of its own (``last_step`` as ``import_complaints`` takes it)."""
    from workstation.importing.complaints import import_complaints

    db = open_database(database)
    try:
        return import_complaints(db, paths, profile=profile, mapping=mapping, progress=progress, cancel=cancel,
                                 despite_header=despite_header, last_step=last_step)
    finally:
        db.conn.close()


def screen_task(database: Path, *, progress: ProgressFn, cancel: CancelToken):
    """Screen the imported complaints and group them into leads with a connection of its own."""
    from workstation.screening import screen

    db = open_database(database)
    try:
        return screen(db, progress=progress, cancel=cancel)
    finally:
        db.conn.close()


def apply_rules_task(database: Path, data_dir: Path, text: str, *, progress: ProgressFn, cancel: CancelToken):
    """Put edited screening rules in force (screen again, index the numbers again) with a connection of its own."""
    from workstation.screening import apply_rules

    db = open_database(database)
    try:
        return apply_rules(db, data_dir, text, progress=progress, cancel=cancel)
    finally:
        db.conn.close()


def preview_rules_task(database: Path, text: str, *, limit: int = 20, progress: ProgressFn, cancel: CancelToken):
    """What edited screening rules would flag differently from those in force (nothing written), with a connection
    of its own: the rules editor's preview, which reads every complaint."""
    from workstation.screening.screen import preview_rules

    db = open_database(database)
    try:
        return preview_rules(db, text, limit=limit, progress=progress, cancel=cancel)
    finally:
        db.conn.close()


def campaign_report_task(database: Path, out_path: str | Path, fmt: str, *, date_from: str | None = None,
                         date_to: str | None = None, agency_id: str | None = None, own: bool = False,
                         period_label: str | None = None, freeze_as: str | None = None, progress: ProgressFn,
                         cancel: CancelToken, all_agencies: bool = False) -> dict:
    """Write the campaign progress report (and freeze its period when asked) with a connection of its own; with
    ``all_agencies``, of every record held here (the statistics page's “All agencies”), not the station's agency.
    A Cancel is heard while the figures are gathered, inside their queries too (``write_campaign_report``)."""
    from workstation.reports.campaign import write_campaign_report

    db = open_database(database)
    try:
        return write_campaign_report(db, out_path, fmt, date_from=date_from, date_to=date_to, agency_id=agency_id,
                                     own=own, period_label=period_label, freeze_as=freeze_as, progress=progress,
                                     cancel=cancel, all_agencies=all_agencies)
    finally:
        db.conn.close()


def live_changes_task(database: Path, period_label: str, *, progress: ProgressFn, cancel: CancelToken) -> dict:
    """How the live figures of a frozen report period differ from its frozen ones (nothing written), with a
    connection of its own: the report dialog's note, which gathers the whole report's figures again."""
    from workstation.reports.drift import live_changes

    cancel.check()  # the dialog closed while this waited its turn
    db = open_database(database)
    try:
        return live_changes(db, period_label, progress=progress, cancel=cancel)
    finally:
        db.conn.close()


def add_evidence_task(database: Path, data_dir: Path, case_id: str, path: str | Path, values: dict, *,
                      progress: ProgressFn, cancel: CancelToken):
    """Read, fingerprint and keep an evidence file (``values`` describe it) with a connection of its own."""
    from workstation.store.evidence import add_evidence

    db = open_database(database)
    try:
        return add_evidence(db, data_dir, case_id, path, **values, progress=progress, cancel=cancel)
    finally:
        db.conn.close()


def board_task(database: Path, *, on: str | None = None, agency_id: str | None = None, officer_id: str | None = None,
               progress: ProgressFn, cancel: CancelToken):
    """The deadline board's running deadlines as of ``on`` (``clocks.board``, today without it; nothing written) with
    a connection of its own, each with its party and officers (``board_export.name_rows``)."""
    from workstation import clocks
    from workstation.board_export import name_rows
    from workstation.screening.rules import rules_held

    cancel.check()  # counted again meanwhile (a filter changed): this count is no longer wanted
    db = open_database(database)
    try:
        with rules_held():  # each lead's name masked with the rules file looked at once, not once a lead
            deadlines = clocks.board(db, on=on, agency_id=agency_id, officer_id=officer_id, progress=progress,
                                     cancel=cancel)
            cancel.check()
            name_rows(db, deadlines)
            return deadlines
    finally:
        db.conn.close()


def _interruptible(db, cancel: CancelToken) -> None:
    """Let ``cancel`` stop the query running on ``db`` (a task's own connection): SQLite's progress handler aborts
    it, and the task's ``cancel.check()`` on the error then says Cancelled."""
    db.conn.set_progress_handler(lambda: 1 if cancel.cancelled else 0, 10_000)


def without_lead_task(database: Path, *, progress: ProgressFn, cancel: CancelToken):
    """The related complaints in no lead with why (``screening.without_lead``; nothing written) with a connection of
    its own: the leads page's tab, which reads every related complaint."""
    from workstation.db import driver
    from workstation.screening.without_lead import complaints_without_lead

    cancel.check()  # read again meanwhile: this reading is no longer wanted
    db = open_database(database)
    try:
        _interruptible(db, cancel)
        try:
            return complaints_without_lead(db, cancel=cancel)
        except driver.OperationalError:
            cancel.check()  # "interrupted": stopped for the cancel
            raise
    finally:
        db.conn.close()


#: the complaint search's count of a query with a digit stops above this many (``complaint_count_task``)
COUNT_LIMIT = 1000


def complaint_count_task(database: Path, text: str, *, progress: ProgressFn, cancel: CancelToken
                         ) -> ComplaintCount:
    """How many complaints the complaint search finds for ``text`` (``store.complaints.count_complaints``) with a
    connection of its own: a query of one or two characters has no index and reads every complaint's text. A query
    with a digit is counted up to ``COUNT_LIMIT`` (then "more than"): each text it matches is tested where the list
    shows it (masked), which for a common digit took 10 seconds over 300,000 complaints; one without a digit is
    counted exactly (by the index, or a scan of the texts testing none)."""
    from workstation.db import driver
    from workstation.store.complaints import ComplaintCount, count_complaints, search_words

    cancel.check()  # another query typed meanwhile: this count is no longer wanted
    limit = COUNT_LIMIT if any(ch.isdigit() for word in search_words(text) for ch in word) else None
    db = open_database(database)
    try:
        _interruptible(db, cancel)
        try:
            n = count_complaints(db, text, limit)
            return ComplaintCount(limit, True) if limit is not None and n > limit else ComplaintCount(n, False)
        except driver.OperationalError:
            cancel.check()
            raise
    finally:
        db.conn.close()


def complaint_search_task(database: Path, text: str, limit: int, *, offset: int = 0, progress: ProgressFn,
                          cancel: CancelToken) -> tuple[list, dict[str, dict]]:
    """The first ``limit`` complaints the complaint search finds for ``text`` (``store.complaints.search_complaints``,
    newest first) — or the ``limit`` after the first ``offset``, a further page of the list — and the officer's
    verdicts on them (``screening.verdict.verdicts_of``), with a connection of its own: over a million complaints a
    search can take most of a second, which the window would freeze for while the officer types or scrolls."""
    from workstation.db import driver
    from workstation.screening.verdict import verdicts_of
    from workstation.store.complaints import search_complaints

    cancel.check()  # another query typed meanwhile: this search is no longer wanted
    db = open_database(database)
    try:
        _interruptible(db, cancel)
        try:
            rows = search_complaints(db, text, limit=limit, offset=offset)
            cancel.check()
            return rows, verdicts_of(db, [r.id for r in rows])
        except driver.OperationalError:
            cancel.check()  # "interrupted": stopped for the cancel
            raise
    finally:
        db.conn.close()


def dashboard_task(database: Path, *, agency_id: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, own: bool = False, progress: ProgressFn, cancel: CancelToken) -> dict:
    """The statistics page's figures for its filter (nothing written) with a connection of its own: ``stats``
    (``campaign_stats``, most of a second over a million complaints), ``months`` (``monthly``) and ``bureaus``
    (``agency_bureau_table``: the agency's units, as the statistics export and its report's table 3 list them).
    ``progress`` hears of each of the three as it begins, and of the end; a Cancel is heard between them and inside
    their queries."""
    from workstation.db import driver
    from workstation.i18n import _
    from workstation.reports.data import agency_bureau_table
    from workstation.stats import campaign_stats, monthly_in_period

    cancel.check()  # the filter changed meanwhile: these figures are no longer wanted
    db = open_database(database)
    try:
        _interruptible(db, cancel)
        try:
            progress(0, 3, _("Counting the figures"))
            stats = campaign_stats(db, agency_id, date_from, date_to, own=own, cancel=cancel)
            cancel.check()
            progress(1, 3, _("Counting the figures by month"))
            months = monthly_in_period(db, agency_id, date_from, date_to, own=own)
            cancel.check()
            progress(2, 3, _("Counting the evaluation table"))
            bureaus = agency_bureau_table(db, date_from, date_to, agency_id, own=own)
            cancel.check()
            progress(3, 3, _("Done"))
            return {"stats": stats, "months": months, "bureaus": bureaus}
        except driver.OperationalError:
            cancel.check()  # "interrupted": stopped for the cancel
            raise
    finally:
        db.conn.close()


def statistics_export_task(database: Path, path: str | Path, *, agency_id: str | None = None,
                           date_from: str | None = None, date_to: str | None = None, own: bool = False,
                           progress: ProgressFn, cancel: CancelToken) -> Path:
    """Write the statistics without personal data (``stats_export.export_statistics``; CSV or XLSX by the file's
    extension) with a connection of its own; cancelled, no file is left, not even in part."""
    from workstation.db import driver
    from workstation.stats_export import export_statistics

    cancel.check()
    db = open_database(database)
    try:
        _interruptible(db, cancel)
        try:
            return export_statistics(db, path, None, agency_id, date_from, date_to, own=own, progress=progress,
                                     cancel=cancel)
        except driver.OperationalError:
            cancel.check()
            raise
    finally:
        db.conn.close()


def case_file_task(database: Path, data_dir: Path, case_id: str, path: str | Path, *, progress: ProgressFn,
                   cancel: CancelToken):
    """Print the whole case file (卷宗) of the case ``case_id`` to ``path`` (``casefile.save_case_file``: whole or
    not at all) with a connection of its own: the path written and the case file."""
    from workstation.documents.casefile import save_case_file
    from workstation.store import get_case

    cancel.check()  # cancelled while it waited its turn
    db = open_database(database)
    try:
        return save_case_file(db, data_dir, get_case(db, case_id), path, progress=progress, cancel=cancel)
    finally:
        db.conn.close()


def export_document_register_task(database: Path, path: str | Path, search: str = "", state: str = "",
                                  year: str = "", form: str = "", agency: str = "", *, sort: str = "issued",
                                  descending: bool = True, progress: ProgressFn, cancel: CancelToken) -> Path:
    """Write the register of issued documents the filters find, in the order ``sort`` (``descending`` or not: the
    window's list as sorted), (``document_register.export_register``: whole or not
    at all) with a connection of its own: the window's task, run in the background (it only reads); a city's tens of
    thousands of documents take a while."""
    from workstation.document_register import export_register

    cancel.check()  # cancelled while it waited its turn
    db = open_database(database)
    try:
        return export_register(db, path, search, state, year, form, agency, sort=sort, descending=descending,
                               progress=progress, cancel=cancel)
    finally:
        db.conn.close()


def export_interview_register_task(database: Path, interviews: list, path: str | Path, *, progress: ProgressFn,
                                   cancel: CancelToken) -> Path:
    """Write the register of ``interviews`` as listed (``interview_register.export_register``: whole or not at all)
    with a connection of its own: a city's register of thousands of interviews takes a while."""
    from workstation.interview_register import export_register

    cancel.check()  # cancelled while it waited its turn
    db = open_database(database)
    try:
        return export_register(db, interviews, path, progress=progress, cancel=cancel)
    finally:
        db.conn.close()
