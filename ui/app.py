"""Starting the GUI: the QApplication in Chinese (with Qt's own zh_CN translations), the database of the data
directory, and the main window. A database that cannot be opened is explained in a message box."""

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


def main(argv: list[str] | None = None) -> int:
    """Run the window on the data directory of ``--data-dir`` / WORKSTATION_HOME / the platform default."""
    parser = argparse.ArgumentParser(prog="workstation-gui")
    parser.add_argument("--data-dir")
    parser.add_argument("--passphrase-file")  # accepted like the command line's; the database is not encrypted yet
    args = parser.parse_args(argv or [])
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(_("Case-file workstation"))
    app.setOrganizationName("case-file-workstation")
    install_qt_translations(app)
    data_dir = resolve_data_dir(args.data_dir)

    from workstation.db import open_database
    from workstation.log import setup_logging
    from workstation.store import ensure_reference_data

    try:
        db = open_database(database_path(data_dir))
        ensure_reference_data(db)
    except WorkstationError as exc:
        QMessageBox.critical(None, _("Case-file workstation"), exc.message)
        return 1
    from ui.main_window import MainWindow
    from ui.prompts import Prompts
    from ui.task_runner import TaskRunner

    install_error_dialog(data_dir)
    window = MainWindow(db=db, data_dir=data_dir, runner=TaskRunner(), prompts=Prompts())
    window.show()
    # logging is not needed to paint the first screen; set it up right after
    window.first_painted.connect(lambda: setup_logging(data_dir))
    if os.environ.get("WORKSTATION_EXIT_AFTER_PAINT"):  # benchmarks and start-up tests
        window.first_painted.connect(lambda: print("PAINTED", time.time(), flush=True))
        window.first_painted.connect(lambda: QTimer.singleShot(0, app.quit))
    code = app.exec()
    window.shutdown()
    db.conn.close()
    return code
