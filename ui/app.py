"""Starting the GUI: the QApplication in Chinese (with Qt's own zh_CN translations), the protection of the data
directory (first-start passphrase, login, or the offer to encrypt an earlier version's data), its database, the
main window and its idle lock. A database that cannot be opened is explained in a message box."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from typing import TYPE_CHECKING

# The core that opens the database is imported here, Qt only inside the functions below: PySide6's import hook
# reads the source of every module imported after PySide6 (for its __feature__ switches), so loading the core
# first saves ~5 ms of the start. What the start takes from it is named here too: an import inside a function run
# after Qt has it read all the same.
from workstation.collector import hold_until_started, started
from workstation.db import open_database
from workstation.db.connection import (
    NeedsRestore,
    database_failure,
    holds_no_database,
    refuse_lost,
    set_migration_notice,
)
from workstation.errors import WorkstationError
from workstation.i18n import _, language
from workstation.paths import data_dir_kept, database_path, resolve_data_dir, use_data_dir
from workstation.repair import WINDOW, mark_closed, mark_open, set_program, was_unclean
from workstation.security.access import act_as, idle_lock_minutes, passphrase_from
from workstation.store import ensure_reference_data

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QApplication

LOG = logging.getLogger("workstation.ui")


def install_qt_translations(app: QApplication) -> QTranslator | None:
    """Load Qt's zh_CN catalogue so standard buttons read 确定 / 取消 / 保存."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if not language().startswith("zh"):
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        app.installTranslator(translator)
        return translator
    return None


def show_error(text: str) -> None:
    """A message box with ``text`` (QMessageBox is imported here: its class is not needed before an error)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, _("Case-file workstation"), text)


def install_error_dialog(data_dir, show=None, start_logging=None) -> None:
    """Show any error that escapes a window action in a message box instead of losing it on stderr: database
    failures (disk full, damaged, locked) with their explanation, anything else as an internal error with the
    details in the log (set up first by ``start_logging`` when given: the error may come before the log was).
    The failed action was rolled back by its transaction."""
    show = show or show_error

    def handle(exc_type, exc, tb) -> None:
        if start_logging is not None:
            start_logging()
        known = exc if isinstance(exc, WorkstationError) else database_failure(exc, database_path(data_dir))
        if known is not None:
            LOG.info("action refused: %s", type(exc).__name__)
            show(known.message)
            return
        LOG.error("unexpected error", exc_info=(exc_type, exc, tb))
        show(_("Internal error in the workstation; details are in the log in {path}.").format(
            path=data_dir / "logs"))

    sys.excepthook = handle


DAILY_BACKUP_LOOK_MS = 60 * 60 * 1000  # how often an open window looks whether the daily backup is due


def _daily_backup(window) -> None:
    """The automatic backup; while the first steps are asked it waits for them (``_offer_first_steps``): the first
    backup of a new workstation is named after its station, not made before the station exists."""
    from ui.backup_dialogs import maybe_backup

    if getattr(window, "first_steps_open", False):
        return
    maybe_backup(window)


def check_after_unclean_shutdown(data_dir, runner) -> list[str] | None:
    """The quick check of the start after an unclean shutdown, run by ``runner`` (off the GUI thread, with its
    progress dialog) while the start waits in an event loop, so the screen stays drawn on a large database and
    no window exists yet to work in. Its problems (empty: none), or None when the officer cancelled it."""
    from functools import partial

    from ui.task_runner import wait_for
    from workstation.errors import Cancelled
    from workstation.repair import quick_check_task

    if not database_path(data_dir).is_file() or holds_no_database(database_path(data_dir)):
        return []  # no database to check (or an empty file a first start cut off left): opening it makes a new one
    try:
        return wait_for(runner, _("Checking the database"), partial(quick_check_task, database_path(data_dir)))
    except Cancelled:
        return None


def start(data_dir, passphrase: str | None, runner, prompts, *, demo: bool = False, show=None, quit_app=None):
    """The main window on ``data_dir`` once the officer may see it: first-start passphrase, offer to encrypt an
    earlier version's data, or login (see ui.gate.gain_access); the idle lock when the data is encrypted; with
    ``demo`` the demo data is loaded after the first paint into a database holding no case yet. None when the
    officer quit; a WorkstationError when the database cannot be opened."""
    from ui.gate import gain_access, run_dialog
    from workstation.repair import refuse_while_restoring

    # another program restoring a backup into the data: refused before the login (``open_database`` refuses it too)
    refuse_while_restoring(data_dir)
    told: set[int] = set()  # the other windows the officer was asked about
    read_only = open_read_only(data_dir, prompts, told)
    if read_only is None:
        return None
    if not os.path.exists(os.path.join(data_dir, "keyring.json")):
        # no keyring: the first-start dialog would ask for a passphrase and write one for data that may be lost
        # (another program's files/ or backups/ here): refused or restored before it is shown
        try:
            refuse_lost(database_path(data_dir))
        except NeedsRestore as exc:
            if not _restore_offered(exc, data_dir, prompts, runner):
                return None
    granted = gain_access(data_dir, passphrase, runner, prompts, show or run_dialog)
    if granted is None:
        return None
    act_as(granted.officer)
    # A database missing or emptied where data was kept is not made anew: the latest backup is offered instead.
    try:
        refuse_lost(database_path(data_dir))
    except NeedsRestore as exc:
        from workstation.security.access import forget_new

        try:
            restored = _restore_offered(exc, data_dir, prompts, runner)
        except NeedsRestore:
            forget_new(data_dir)  # the keyring this start made for the new database goes with its refusal
            raise
        if not restored:
            forget_new(data_dir)
            return None
    if not read_only:
        # a window started at the same time as this one, whose officer logged in (or set the data up) while this
        # one stood at its login or first-start dialog: its open marker is there now, so it is asked about as at the
        # start of a second window, before this one's own marker (``mark_open``) says it has the data open
        read_only = open_read_only(data_dir, prompts, told)
        if read_only is None:
            from workstation.security.access import forget_new

            forget_new(data_dir)  # a keyring this start made for a database not made yet (none when another has it)
            return None
    if read_only:
        return _start_opened(data_dir, granted, runner, prompts, demo=demo, show=show or run_dialog,
                             quit_app=quit_app, read_only=read_only)
    if holds_no_database(database_path(data_dir)):  # a first start: what it makes is removed again if it fails
        try:
            return _start_opened(data_dir, granted, runner, prompts, demo=demo, show=show or run_dialog,
                                 quit_app=quit_app)
        except BaseException:
            _undo_first_start(data_dir)
            raise
    return _start_opened(data_dir, granted, runner, prompts, demo=demo, show=show or run_dialog, quit_app=quit_app)


def open_read_only(data_dir, prompts, told: set[int]) -> str | None:
    """Whether the window opens the data read only, and why (the banner's text; "" when it opens to work in): on a
    read-only disk, or when the officer chose it because another window of the workstation has the data open
    (its open marker, ``workstation.repair.other_windows``). None when the officer chose to quit instead. The
    other window cannot be brought to the front from here: it is another process, and desktops refuse to let a
    program raise another one's window. ``told``: the windows the officer was asked about already (and chose to
    open anyway), not asked about again; those asked about now are added to it."""
    from workstation.data_folder import on_read_only_disk
    from workstation.repair import other_windows

    if on_read_only_disk(data_dir):
        return _("Read only: the data directory is on a read-only disk, so nothing can be changed here. To work on "
                 "the data, copy the data directory to a writable disk, or remove the read-only protection, and "
                 "start the workstation again.")
    windows = [pid for pid in other_windows(data_dir) if pid not in told]
    if not windows:
        return ""
    told.update(windows)
    choice = prompts.choose(None, _("This data directory is already open in another window of the workstation "
                                    "(process {pid}). Two windows changing the same cases can get in each other's "
                                    "way: use the window that is open (this one cannot bring it to the front), or "
                                    "open this one read only to look things up.").format(pid=windows[0]),
                            [_("Open read only"), _("Open anyway"), _("Quit")])
    if choice == 0:
        return _("Read only: this data is open in another window of the workstation, where changes are made. Close "
                 "that window and start again to work here.")
    if choice == 1:
        return ""
    return None


def _restore_offered(exc, data_dir, prompts, runner) -> bool:
    """Offer the backup a NeedsRestore names; True once restored, False when the officer declined (told how to
    restore later). Without a backup to offer the refusal itself is raised, to be shown and end the start. The
    backup's check and its restore run in ``runner``, with progress and Cancel."""
    from ui.backup_dialogs import offer_lost_restore

    outcome = offer_lost_restore(None, exc, data_dir, prompts, runner)
    if outcome == "none":
        raise exc
    return outcome == "restored"


def _undo_first_start(data_dir) -> None:
    """A first start that failed (a full disk) leaves nothing behind: the half-made database with its WAL and
    shared-memory files, the open marker and the keyring made for it."""
    from workstation.db.connection import discard_new_database
    from workstation.security.access import forget_new

    discard_new_database(database_path(data_dir))
    mark_closed(data_dir)
    forget_new(data_dir)


def _start_opened(data_dir, granted, runner, prompts, *, demo: bool, show, quit_app, read_only: str = ""):
    """``start`` once the officer has access: the check after an unclean shutdown, the database (a damaged one
    offered its latest backup), the main window."""
    from PySide6.QtCore import QTimer

    from ui.main_window import MainWindow

    if read_only:
        return _start_read_only(data_dir, granted, runner, prompts, read_only, quit_app=quit_app)

    # After an unclean shutdown the quick check comes first: nothing (migrations, reference data) is written into
    # a database a crash may have damaged before it was checked and, when damaged, the last good backup offered.
    unclean = was_unclean(data_dir)
    problems = None
    if unclean:
        from workstation.repair import recover_cut_off_restore

        recover_cut_off_restore(data_dir)  # a restore cut off by the crash: the check reads the data it left
        problems = check_after_unclean_shutdown(data_dir, runner)
        if problems is None:  # cancelled: the data is not opened unchecked
            prompts.info(None, _("The database check was cancelled, so the workstation closes without opening "
                                 "the data. The check runs again at the next start."))
            return None
    set_migration_notice(_updating_dialog)  # an earlier version's database: its update said while it runs
    try:
        try:
            db = open_database(database_path(data_dir), upgrade=not unclean)
        except NeedsRestore as exc:  # damaged: its latest backup offered
            if not _restore_offered(exc, data_dir, prompts, runner):
                return None
            problems = None  # the restored data is checked anew
            db = open_database(database_path(data_dir), upgrade=not unclean)
    finally:
        set_migration_notice(None)
    try:
        if unclean:  # the last good backup offered if the check found problems
            from ui.backup_dialogs import startup_check
            from workstation.db.connection import upgrade_database

            startup_check(None, db, data_dir, prompts, problems=problems, runner=runner)
            set_migration_notice(_updating_dialog)
            try:
                upgrade_database(db, database_path(data_dir), problems)  # refused while problems are left unrepaired
            except WorkstationError:
                mark_closed(data_dir)  # closed on purpose: the next start says the problems are still not repaired
                raise
            finally:
                set_migration_notice(None)
        else:
            mark_open(data_dir)
        ensure_reference_data(db)
        if granted.mode == "encrypted":  # the wrong passphrases tried before this start
            from workstation.security.events import audit_failed_logins

            audit_failed_logins(db, data_dir)
        window = MainWindow(db=db, data_dir=data_dir, runner=runner, prompts=prompts)
        # legal data and holiday files changed by hand since the log last recorded them are audited by the deadline
        # board's first count, once the window is up (``workstation.law.trail``): not on the way to the first paint
        # the daily backup, in the background once the window is up, and again each time a day has passed since the
        # last one: a window left open for days (locked overnight) backs up daily all the same
        window.first_painted.connect(lambda: QTimer.singleShot(1000, window, lambda: _daily_backup(window)))
        daily = QTimer(window)
        daily.setObjectName("daily_backup_timer")
        daily.setInterval(DAILY_BACKUP_LOOK_MS)
        daily.timeout.connect(lambda: _daily_backup(window))
        window.first_painted.connect(daily.start)
        if granted.mode == "encrypted":
            from ui.idle_lock import IdleLock

            window.idle_lock = IdleLock(window, data_dir, granted.officer, idle_lock_minutes(db), quit_app=quit_app)
        loading = False  # the demo being loaded (--demo on a folder holding nothing of its own)
        if demo:
            from workstation.demo import demo_cut_off, records_not_from_demo
            from workstation.store import count_cases

            # a database holding nothing of its own, or one whose demo load was cut off (its complaints not all in):
            # completed. The officer's own records are not mixed with made-up ones silently, nor is a station set up
            # in its first steps (its agency chosen, its officers, its number blocks: ``records_not_from_demo``),
            # which --demo (every `bash .ci/bootstrap app`) would fill with the demo's cases: the status bar says why
            own = records_not_from_demo(db)
            loading = demo_cut_off(db) or (count_cases(db) == 0 and not any(own.values()))
            if loading:
                window.first_painted.connect(window.load_demo)
            elif any(own.values()) and count_cases(db) == own["cases"]:  # said only where no demo case is in
                message = _demo_not_loaded(data_dir, own)
                from functools import partial

                window.first_painted.connect(lambda: QTimer.singleShot(0, window, partial(
                    _say_demo_not_loaded, window, message)))
        if not loading:  # the demo refused too (README's first command): the first steps when pending
            _offer_first_steps(window, granted.officer, show)
    except BaseException:
        db.conn.close()
        raise
    return window


def _say_demo_not_loaded(window, message: str) -> None:
    """Say why ``--demo`` loaded nothing (``_demo_not_loaded``) as the command line refuses it, in a message box, and
    in the status bar until the next message there (the day's first backup takes it a second after the start)."""
    window.statusBar().showMessage(message)
    window.prompts.info(window, message)


def _demo_not_loaded(data_dir, own: dict[str, int]) -> str:
    """Why ``--demo`` left the data directory as it was: the officer's own records there (``records_not_from_demo``)
    are not mixed with the demo's made-up ones, which could not be taken out again."""
    from ui.layouts import plain_label
    from workstation.demo import own_records_said
    from workstation.i18n import join_names

    held = join_names([text.format(n=n) for text, n in own_records_said(own)])
    return _("The demo data was not loaded: the data directory {folder} already holds records that are not demo data "
             "({records}), and the demo's made-up records could not be removed from it again. Start with --demo "
             "--data-dir and an empty folder to look at the demo, or add it here all the same with {menu}.").format(
        folder=data_dir, records=held, menu=plain_label(_("&File")) + " → " + plain_label(_("Load &demo data")))


def _updating_dialog(data_dir):
    """The update of an earlier version's database (its copy, then its migrations: up to a minute on a large one)
    runs before any window: a dialog shown, and painted, before it starts says so until it ends; the update is named
    in the open marker meanwhile. The update blocks this thread, so the dialog has no Cancel."""
    from contextlib import contextmanager

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from workstation.repair import noted_update

    @contextmanager
    def shown():
        dialog = QProgressDialog(_("Updating the database to this version of the workstation; do not close the "
                                   "program…"), "", 0, 0)
        dialog.setWindowTitle(_("Updating the database"))
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setValue(0)
        dialog.show()
        for _round in range(3):  # shown and painted before this thread is busy
            QApplication.processEvents()
        try:
            with noted_update(data_dir):
                yield
        finally:
            dialog.close()
            dialog.deleteLater()

    return shown()


def _start_read_only(data_dir, granted, runner, prompts, banner: str, *, quit_app):
    """The main window on the database opened read only, saying so in ``banner``: no check after an unclean shutdown
    (it would offer a restore, which writes; nothing written here can make damage worse), no migration (refused
    with the reason), no daily backup, demo data or first steps."""
    from ui.main_window import MainWindow

    db = open_database(database_path(data_dir), read_only=True)
    try:
        mark_open(data_dir)  # best effort: a read-only disk keeps no marker
        window = MainWindow(db=db, data_dir=data_dir, runner=runner, prompts=prompts)
        window.show_read_only(banner)
        if granted.mode == "encrypted":
            from ui.idle_lock import IdleLock

            window.idle_lock = IdleLock(window, data_dir, granted.officer, idle_lock_minutes(db), quit_app=quit_app)
    except BaseException:
        db.conn.close()
        raise
    return window


def _offer_first_steps(window, officer: str, show) -> None:
    """On a database with neither a station agency nor an officer, ask for them once the window is up (looked at
    after the first paint: the module and its queries are not on the start's path)."""
    from functools import partial

    from PySide6.QtCore import QTimer

    window.first_painted.connect(lambda: QTimer.singleShot(0, window, partial(first_steps, window, officer, show)))


def first_steps(window, officer: str, show) -> None:
    """The first steps when the database needs them; the automatic backup, due meanwhile, waits until they are
    done, so that the first backup is made of (and named after) the station set up."""
    from ui.first_steps import needs_first_steps, offer_first_steps

    if not needs_first_steps(window.db):
        return
    window.first_steps_open = True
    try:
        offer_first_steps(window, officer, show)
    finally:
        window.first_steps_open = False
    _daily_backup(window)


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    """The window's options. Without any (the usual start) no parser is built: argparse passes its texts through
    gettext, whose first look-ups for catalogues cost ~5 ms of the start. With some, argparse speaks the user's
    language, as the command line's does: its usage line, help and usage errors (exit 2)."""
    options = argparse.Namespace(data_dir=None, passphrase_file=None, demo=False)  # the defaults
    if argv:
        from workstation import cli_language
        from workstation.cli_language import argparse_in_user_language, non_empty_path

        with argparse_in_user_language():  # named as started: main.py, or the workstation-gui launcher
            parser = cli_language.UserLanguageParser(
                prog=cli_language.program_name("workstation-gui"),
                description=_("Open the window of the case-file workstation."))
            parser.add_argument("--data-dir", type=non_empty_path,
                                help=_("data directory (default: the platform's data directory or "
                                       "WORKSTATION_HOME)"))
            # else WORKSTATION_PASSPHRASE; with neither the login dialog asks
            parser.add_argument("--passphrase-file", type=non_empty_path,
                                help=_("file holding the passphrase of an encrypted database"))
            parser.add_argument("--demo", action="store_true",
                                help=_("load the demo data set into a database that holds no case yet (or complete a demo "
                                       "load that was cut off)"))
            parser.parse_args(argv, namespace=options)
    return options


def main(argv: list[str] | None = None) -> int:
    """Run the window on the data directory of ``--data-dir`` / WORKSTATION_HOME / the platform default; ``argv``
    None (the ``workstation-gui`` launcher) reads the options of the command line. That data directory is the
    program's while the window runs (``use_data_dir``): its documents use the fonts of its ``fonts`` folder."""
    # no garbage collection until the window's first paint (held already when main.py started the window, from before
    # the imports of this module): the start makes few objects that are garbage (``workstation.collector``)
    hold_until_started()
    try:
        with data_dir_kept():
            return _main(argv)
    finally:
        started()  # a start that showed no window (an error, the officer quit at the login), or one that ended early


def _main(argv: list[str] | None) -> int:
    from ui.pyside_support import import_pyside, quicken_pyside_import_hook

    import_pyside()  # its support modules' code from the cache when it holds them (not compiled again at each start)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    quicken_pyside_import_hook()

    args = parse_options(sys.argv[1:] if argv is None else argv)
    set_program(WINDOW)  # the open markers name this process a window: a second one started is warned
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(_("Case-file workstation"))
    app.setOrganizationName("case-file-workstation")
    install_qt_translations(app)
    data_dir = resolve_data_dir(args.data_dir)
    use_data_dir(data_dir)

    from ui.prompts import Prompts
    from ui.task_runner import TaskRunner

    runner, prompts = TaskRunner(), Prompts()
    logging_started = []

    def start_logging() -> None:  # once: right after the first paint, or at an error escaping before that
        if not logging_started:
            logging_started.append(True)
            # imported here: with logging.handlers ~10 ms of imports, none of them needed to paint the window
            from workstation.log import setup_logging

            setup_logging(data_dir)

    install_error_dialog(data_dir, start_logging=start_logging)
    try:
        window = start(data_dir, passphrase_from(args.passphrase_file), runner, prompts, demo=args.demo)
    except WorkstationError as exc:
        show_error(exc.message)
        runner.wait()
        return 1
    if window is None:  # the officer quit at the login or first-start dialog
        runner.wait()
        return 0
    window.show()
    # logging is not needed to paint the first screen; it is set up right after, from the event loop like the
    # board's count, so that nothing connected to the first paint waits for it (an error escaping before that
    # sets it up itself)
    window.first_painted.connect(lambda: QTimer.singleShot(0, start_logging))
    if os.environ.get("WORKSTATION_EXIT_AFTER_PAINT"):  # benchmarks and start-up tests
        window.first_painted.connect(lambda: print("PAINTED", time.time(), flush=True))
        window.first_painted.connect(lambda: QTimer.singleShot(0, app.quit))
    # garbage collected again once the window is painted, before the work that waited for the paint: the one
    # collection the start's objects then go through (~10 ms) comes after the paint (held through that work as well,
    # it took ~25 ms in one piece)
    window.first_painted.connect(started)
    code = app.exec()
    if window.idle_lock is not None:
        window.idle_lock.stop()
    window.shutdown()
    window.db.conn.close()
    mark_closed(data_dir)
    return code
