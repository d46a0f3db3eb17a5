"""Starting the GUI: the QApplication in Chinese (with Qt's own zh_CN translations), the protection of the data
directory (first-start passphrase, login, or the offer to encrypt an earlier version's data), its database, the
main window and its idle lock. A database that cannot be opened is explained in a message box."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from workstation.errors import WorkstationError
from workstation.i18n import _, language
from workstation.paths import database_path, resolve_data_dir

LOG = logging.getLogger("workstation.ui")


def install_qt_translations(app: QApplication) -> QTranslator | None:
    """Load Qt's zh_CN catalogue so standard buttons read 确定 / 取消 / 保存."""
    if not language().startswith("zh"):
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        app.installTranslator(translator)
        return translator
    return None


def install_error_dialog(data_dir, show=None) -> None:
    """Show any error that escapes a window action in a message box instead of losing it on stderr: database
    failures (disk full, damaged, locked) with their explanation, anything else as an internal error with the
    details in the log. The failed action was rolled back by its transaction."""
    from workstation.db.connection import database_failure

    show = show or (lambda text: QMessageBox.critical(None, _("Case-file workstation"), text))

    def handle(exc_type, exc, tb) -> None:
        known = exc if isinstance(exc, WorkstationError) else database_failure(exc, database_path(data_dir))
        if known is not None:
            LOG.info("action refused: %s", type(exc).__name__)
            show(known.message)
            return
        LOG.error("unexpected error", exc_info=(exc_type, exc, tb))
        show(_("Internal error in the workstation; details are in the log in {path}.").format(
            path=data_dir / "logs"))

    sys.excepthook = handle


def _daily_backup(window) -> None:
    from ui.backup_dialogs import maybe_backup

    maybe_backup(window)


def start(data_dir, passphrase: str | None, runner, prompts, *, demo: bool = False, show=None, quit_app=None):
    """The main window on ``data_dir`` once the officer may see it: first-start passphrase, offer to encrypt an
    earlier version's data, or login (see ui.login.gain_access); the idle lock when the data is encrypted; with
    ``demo`` the demo data is loaded after the first paint into a database holding no case yet. None when the
    officer quit; a WorkstationError when the database cannot be opened."""
    from ui.login import gain_access, run_dialog
    from ui.main_window import MainWindow
    from workstation.db import open_database
    from workstation.security.access import act_as, idle_lock_minutes
    from workstation.store import count_cases, ensure_reference_data

    granted = gain_access(data_dir, passphrase, runner, prompts, show or run_dialog)
    if granted is None:
        return None
    db = open_database(database_path(data_dir))
    try:
        ensure_reference_data(db)
        act_as(granted.officer)
        from workstation.repair import mark_open, was_unclean

        if was_unclean(data_dir):  # a quick integrity check, and the last good backup offered if it fails
            from ui.backup_dialogs import startup_check

            startup_check(None, db, data_dir, prompts)
        else:
            mark_open(data_dir)
        window = MainWindow(db=db, data_dir=data_dir, runner=runner, prompts=prompts)
        # the daily backup, in the background once the window is up
        window.first_painted.connect(lambda: QTimer.singleShot(1000, window, lambda: _daily_backup(window)))
        if granted.mode == "encrypted":
            from ui.idle_lock import IdleLock

            window.idle_lock = IdleLock(window, data_dir, granted.officer, idle_lock_minutes(db), quit_app=quit_app)
        if demo and count_cases(db) == 0:
            window.first_painted.connect(window.load_demo)
    except BaseException:
        db.conn.close()
        raise
    return window


def main(argv: list[str] | None = None) -> int:
    """Run the window on the data directory of ``--data-dir`` / WORKSTATION_HOME / the platform default."""
    parser = argparse.ArgumentParser(prog="workstation-gui")
    parser.add_argument("--data-dir")
    parser.add_argument("--passphrase-file")  # else WORKSTATION_PASSPHRASE; with neither the login dialog asks
    parser.add_argument("--demo", action="store_true")  # load the demo data into a database without cases
    args = parser.parse_args(argv or [])
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(_("Case-file workstation"))
    app.setOrganizationName("case-file-workstation")
    install_qt_translations(app)
    data_dir = resolve_data_dir(args.data_dir)

    from ui.prompts import Prompts
    from ui.task_runner import TaskRunner
    from workstation.log import setup_logging
    from workstation.security.access import passphrase_from

    runner, prompts = TaskRunner(), Prompts()
    install_error_dialog(data_dir)
    try:
        window = start(data_dir, passphrase_from(args.passphrase_file), runner, prompts, demo=args.demo)
    except WorkstationError as exc:
        QMessageBox.critical(None, _("Case-file workstation"), exc.message)
        runner.wait()
        return 1
    if window is None:  # the officer quit at the login or first-start dialog
        runner.wait()
        return 0
    window.show()
    # logging is not needed to paint the first screen; set it up right after
    window.first_painted.connect(lambda: setup_logging(data_dir))
    if os.environ.get("WORKSTATION_EXIT_AFTER_PAINT"):  # benchmarks and start-up tests
        window.first_painted.connect(lambda: print("PAINTED", time.time(), flush=True))
        window.first_painted.connect(lambda: QTimer.singleShot(0, app.quit))
    code = app.exec()
    if window.idle_lock is not None:
        window.idle_lock.stop()
    window.shutdown()
    window.db.conn.close()
    from workstation.repair import mark_closed

    mark_closed(data_dir)
    return code
