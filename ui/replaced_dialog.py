"""The 恢复前保留的数据 dialog of the 备份 dialog: the data sets restores kept aside (when they were replaced, by
which backup, their size and how many cases they hold) and 放回, which puts one back in place of the current data;
that is kept aside in turn, so a put-back can be undone the same way. A set is kept until the officer removes it
(移除, asked first: it may hold work no backup holds). The window closes its database connection for
the swap and reopens the data put back, or the current data when the put-back was refused."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.backup_dialogs import size_text, when
from workstation.backup import replaced_name
from workstation.backup_replaced import list_replaced, put_back_task, remove_replaced_task, removed_text
from workstation.errors import WorkstationError
from workstation.i18n import N_, _

COLUMNS = (N_("Replaced"), N_("Replaced by"), N_("Size"), N_("Cases"), N_("Folder"))


def replaced_by_text(row: dict) -> str:
    """What replaced the set, as the officer reads it."""
    if row["kind"] == "restore":
        return _("the backup made {created}").format(created=when(row["by_created"]))
    if row["kind"] == "put_back":
        return _("putting back the data replaced {when}").format(when=when(row["by_created"]))
    return _("a restore (not recorded)")


def cases_text(row: dict) -> str:
    if row["problem"]:
        return row["problem"]
    return _("not readable now") if row["cases"] is None else str(row["cases"])


class ReplacedDialog(QDialog):
    """The data sets kept by restores, and 放回; ``host`` is the main window (``data_dir``, ``prompts``,
    ``runner``, ``release_database()`` and ``reopen_database()``); ``on_finished`` runs after a put-back."""

    def __init__(self, host, parent: QWidget | None = None, on_finished=None):
        super().__init__(parent)
        self.host, self.prompts, self.runner = host, host.prompts, host.runner
        self.data_dir, self.on_finished, self.rows = Path(host.data_dir), on_finished, []
        self.setWindowTitle(_("Data kept before restores"))
        self.resize(760, 360)
        self.intro = QLabel()
        self.intro.setObjectName("replaced_intro")
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("replaced")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.put_back_button = QPushButton(_("Put back…"))
        self.put_back_button.setObjectName("put_back")
        self.put_back_button.clicked.connect(self.put_back)
        self.remove_button = QPushButton(_("Remove…"))
        self.remove_button.setObjectName("remove_replaced")
        self.remove_button.clicked.connect(self.remove)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        actions = QHBoxLayout()
        actions.addWidget(self.put_back_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.rows = list_replaced(self.data_dir)
        self.intro.setText(_(
            "A restore keeps the data it replaces here. If the wrong backup was restored, put back the data it "
            "replaced: the current data is kept here in turn. Each is kept until you remove it."))
        self.table.setRowCount(len(self.rows))
        for row, kept in enumerate(self.rows):
            values = (when(kept["replaced_at"]), replaced_by_text(kept), size_text(kept["size"]), cases_text(kept),
                      kept["path"])
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, kept["name"])
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.put_back_button.setEnabled(self.selected() is not None)
        self.remove_button.setEnabled(self.selected() is not None)

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def put_back(self) -> None:
        row = self.selected()
        if row is None:
            return
        keep_as = replaced_name()
        cases = "" if row["cases"] is None else _(" ({n} cases)").format(n=row["cases"])
        question = _("Put back the data replaced {when} by {what}{cases}?\n\nThe current database and stored "
                     "files are not deleted: they are kept in {folder}, so this can be undone the same way.\nOpen "
                     "case tabs and document editors close, and the window shows the data put back.").format(
            when=when(row["replaced_at"]), what=replaced_by_text(row), cases=cases,
            folder=self.data_dir / "backups" / keep_as)
        from ui.backup_dialogs import unsaved_editors_text

        unsaved = unsaved_editors_text(self.host)
        # the current data is replaced (kept aside): No is the default, so that Enter pressed out of habit changes nothing
        if not self.prompts.confirm(self, question + unsaved, destructive=True):
            return
        if not self.host.release_database(drop_unsaved=bool(unsaved)):
            self.prompts.info(self, _("A document editor is still open: save or close it, then put the data back."))
            return
        self.runner.run(_("Putting the data back"), partial(put_back_task, self.data_dir, row["name"],
                                                            keep_as=keep_as), self._done, self._failed, self)

    def remove(self) -> None:
        row = self.selected()
        if row is None:
            return
        cases = "" if row["cases"] is None else _(" ({n} cases)").format(n=row["cases"])
        question = _("Remove the data replaced {when} by {what}{cases}?\n\nIt may hold work that no backup holds "
                     "(the work done since the last backup before that restore). It is deleted for good: this "
                     "cannot be undone.").format(when=when(row["replaced_at"]), what=replaced_by_text(row),
                                                 cases=cases)
        if not self.prompts.confirm(self, question, destructive=True):  # deleted for good: Enter keeps it
            return
        self.runner.run(_("Removing the data kept"), partial(remove_replaced_task, self.data_dir, row["name"]),
                        self._removed, self._remove_failed, self)

    def _removed(self, result: dict) -> None:
        self.refresh()
        self.prompts.info(self, removed_text(result))

    def _remove_failed(self, exc: BaseException) -> None:
        self.refresh()
        if not isinstance(exc, WorkstationError):
            raise exc
        self.prompts.error(self, exc.message)

    def _done(self, result: dict) -> None:
        self.host.reopen_database()
        self.refresh()
        if result["kept"]:
            text = _("The data replaced {when} is back. The data it replaced is kept in {folder}.").format(
                when=when(result["replaced_at"]), folder=result["kept"])
        else:
            text = _("The data replaced {when} is back.").format(when=when(result["replaced_at"]))
        from workstation.backup_replaced import put_back_advice

        # the work since the restore is not in the data put back (kept aside), its numbers stay taken: said as
        # `backup put-back` says it
        advice = put_back_advice(result)
        self.prompts.info(self, f"{text}\n\n{advice}" if advice else text)
        if self.on_finished is not None:
            self.on_finished()

    def _failed(self, exc: BaseException) -> None:
        self.host.reopen_database()  # the current data is as it was: the window goes on with it
        self.refresh()
        if not isinstance(exc, WorkstationError):
            raise exc
        self.prompts.error(self, exc.message)
