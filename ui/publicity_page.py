"""The publicity log (宣传) on the statistics page: the activities of the chosen period and agency with their
totals, sortable by any column; adding, editing and deleting an activity (Delete in the table, a deletion undone
with Ctrl+Z or 撤销删除) and exporting the log as listed to CSV; ``publicity_changed`` tells the dashboard to
recount."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.dialog_once import exec_once
from ui.layouts import enable_or_say_why, say_written
from ui.pages import read_only_table, size_columns_by_sample
from ui.publicity_dialog import PublicityDialog, refusal_text
from ui.record_model import Column, RecordTableModel, figure_column
from workstation.errors import NotFound, WorkstationError
from workstation.i18n import N_, _
from workstation.records import Publicity
from workstation.store import (
    delete_publicity,
    list_agencies,
    list_publicity,
)
from workstation.store.publicity import (
    COUNT_FIELDS,
    export_publicity,
    get_publicity,
    listed_date,
    other_agency_refusal,
    restore_publicity,
    shown_figure_name,
    totals_text,
)
from workstation.vocabulary import shown_label


class PublicityModel(RecordTableModel):
    """Publicity activities as rows; the counts right-aligned and sorted as numbers."""

    def __init__(self, agencies: dict[str, str], parent=None):
        columns = [
            # one dated after today (a station's clock ahead) marked so, sorted by the ISO date
            Column(N_("Date"), listed_date, lambda p: p.held_on),
            Column(N_("Organising agency"), lambda p: agencies.get(p.agency_id, "—")),
            Column(N_("Name of the activity"), lambda p: p.title),
            Column(N_("Kind"), lambda p: shown_label("publicity_kinds", p.kind)),
            # the figures named as in the editor and the CSV, with their units (宣传资料（份）)
            *(figure_column(shown_figure_name(field, unit=True), lambda p, f=field: getattr(p, f)) for field in COUNT_FIELDS),
        ]
        super().__init__(columns, parent)


class PublicityTab(QWidget):
    """The log of publicity activities for a period (``set_period``), with its totals."""

    publicity_changed = Signal()

    def __init__(self, db, prompts, parent: QWidget | None = None, *, load: bool = True):
        """``load``: list the activities at once (of the whole campaign); the statistics page, which sets the
        period it shows right after (``set_period``), does not have thousands of them read twice."""
        super().__init__(parent)
        self.db, self.prompts = db, prompts
        self.period: tuple[str | None, str | None, str | None] = (None, None, None)
        self.own = False
        self.deleted: Publicity | None = None  # the activity last deleted here, until its deletion is undone
        self.model = PublicityModel({a.id: a.short_name for a in list_agencies(db)}, self)
        self.view = read_only_table(self.model)
        self.view.setObjectName("publicity")
        size_columns_by_sample(self.view)  # thousands of activities: sized by a sample, not a thousand rows each refresh
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # the latest first
        self.view.setSortingEnabled(True)  # a click on a header sorts by that column
        self.totals = QLabel()
        self.totals.setObjectName("publicity_totals")
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for text, name, slot in ((_("&New activity…"), "new_publicity", self.new_activity),
                                 (_("&Edit…"), "edit_publicity", self.edit_activity),
                                 (_("&Delete…"), "delete_publicity", self.delete_activity),
                                 (_("&Undo delete"), "undo_delete", self.undo_delete),
                                 (_("Export to CS&V…"), "export_publicity", lambda: self.export())):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[name] = button
        row.insertStretch(4, 1)  # the export apart from the editing buttons
        # keys of this tab only (Ctrl+N is the window's 新建案件): Delete in the table, Ctrl+Z anywhere in the log
        for key, target, context, slot in (
                (QKeySequence.StandardKey.Delete, self.view, Qt.ShortcutContext.WidgetShortcut, self.delete_activity),
                (QKeySequence.StandardKey.Undo, self, Qt.ShortcutContext.WidgetWithChildrenShortcut, self.undo_delete)):
            shortcut = QShortcut(key, target)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.totals)
        self.view.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())
        self.view.activated.connect(lambda _index: self.edit_activity())
        if load:
            self.refresh()
        else:
            self._update_buttons()

    def set_period(self, date_from: str | None, date_to: str | None, agency_id: str | None,
                   own: bool = False) -> None:
        """Show the activities of a period by an agency and its offices (with ``own``, by the agency itself)."""
        self.period, self.own = (date_from, date_to, agency_id), own
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """Reload the activities of the period, keeping (or moving to) the activity ``select``."""
        select = select or self.selected_id()
        items = list_publicity(self.db, *self.period, own=self.own)
        self.model.set_records(items)
        self.view.resizeColumnsToContents()
        self.totals.setText(totals_text(items))  # the activities dated after today listed, not counted
        ids = [i.id for i in items]
        if select in ids:
            self.view.selectRow(ids.index(select))
        self._update_buttons()

    def selected(self) -> Publicity | None:
        index = self.view.currentIndex()
        return self.model.records[index.row()] if index.isValid() else None

    def selected_id(self) -> str | None:
        item = self.selected()
        return item.id if item else None

    def _update_buttons(self) -> None:
        item = self.selected()
        why = _("Select an activity first.") if item is None else other_agency_refusal(self.db, item.agency_id)
        for name in ("edit_publicity", "delete_publicity"):
            enable_or_say_why(self.buttons[name], why)
        self.buttons["undo_delete"].setEnabled(self.deleted is not None)
        self.buttons["undo_delete"].setToolTip(_("Bring back “{title}” of {date} (Ctrl+Z).").format(
            title=self.deleted.title, date=self.deleted.held_on) if self.deleted else _(
            "No activity was deleted here since the page opened: there is nothing to bring back."))

    def new_activity(self) -> None:
        dialog = PublicityDialog(self.db, self.prompts, parent=self)
        if exec_once(dialog) == QDialog.DialogCode.Accepted and dialog.saved_publicity:
            self.refresh(select=dialog.saved_publicity.id)
            self.publicity_changed.emit()
            self._say_if_not_listed(dialog.saved_publicity)

    def edit_activity(self) -> None:
        item = self.selected()
        if item is None:
            return
        if refusal := other_agency_refusal(self.db, item.agency_id):  # opened by Enter or a double click too
            self.prompts.info(self, refusal)
            return
        if self._deleted_elsewhere(item):  # an editor on it would only have its save refused
            return
        dialog = PublicityDialog(self.db, self.prompts, item, parent=self)  # read again as it opens
        if exec_once(dialog) == QDialog.DialogCode.Accepted and dialog.saved_publicity:
            self.refresh(select=item.id)
            self.publicity_changed.emit()
            self._say_if_not_listed(dialog.saved_publicity)
        elif dialog.changed_elsewhere:  # refused: the log and its totals show the activity as saved (or deleted)
            self.refresh(select=item.id)  # elsewhere
            self.publicity_changed.emit()

    def _deleted_elsewhere(self, item: Publicity) -> bool:
        """Whether the listed ``item`` is no longer stored (deleted by ``publicity delete``, another window or a
        bundle from headquarters since the log was read): if so, say so, naming it by its title and date, and read
        the log and its totals again."""
        try:
            get_publicity(self.db, item.id)
            return False
        except NotFound:
            pass
        self.prompts.error(self, _("The publicity activity “{title}” of {date} was deleted elsewhere: the log now "
                                   "lists the activities as they are stored.").format(title=item.title,
                                                                                      date=item.held_on))
        self.refresh()
        self.publicity_changed.emit()
        return True

    def _say_if_not_listed(self, item: Publicity) -> None:
        """An activity saved with a date or agency outside the statistics filter is not in the log: say so, lest
        the officer thinks it lost and enters it again."""
        if item.id not in {p.id for p in self.model.records}:
            self.prompts.info(self, _("The publicity activity “{title}” of {date} was saved. It is not listed here "
                                      "because its date or agency lies outside the period and agency chosen above."
                                      ).format(title=item.title, date=item.held_on))

    def delete_activity(self) -> None:
        item = self.selected()
        if item is None or self._deleted_elsewhere(item) or not self.prompts.confirm(
                self, _("Delete the publicity activity “{title}” of {date}?").format(title=item.title,
                                                                                    date=item.held_on),
                destructive=True):
            return
        try:
            deleted = delete_publicity(self.db, item.id)
        except NotFound:  # deleted elsewhere between the question and the deletion
            self._deleted_elsewhere(item)
            return
        except WorkstationError as exc:
            self.prompts.error(self, refusal_text(exc))
            return
        self.deleted = deleted  # as stored when deleted: a correction made elsewhere since the log was read comes back
        self.refresh()
        self.publicity_changed.emit()

    def undo_delete(self) -> None:
        """Bring back the activity last deleted here with the fields it had, as a new record (``restore_publicity``:
        the deletion may have left in a bundle already, and headquarters keeps a record it deleted deleted); one
        dated after today (a station's clock ahead) too, as it was accepted once."""
        item = self.deleted
        if item is None:
            return
        try:
            restored = restore_publicity(self.db, item)
        except WorkstationError as exc:
            self.prompts.error(self, refusal_text(exc))
            return
        self.deleted = None
        self.refresh(select=restored.id)
        self.publicity_changed.emit()

    def export(self, path: str | None = None) -> None:
        """Write the activities as listed (the period, agency and sort order shown) with their totals to a CSV
        file the officer chooses."""
        date_from, date_to, _agency = self.period
        name = _("Publicity log {period}.csv").format(
            period=f"{date_from or ''}–{date_to or ''}" if (date_from or date_to) else _("whole campaign"))
        path = path or self.prompts.save_file(self, _("Export the publicity log"), name, _("CSV (*.csv)"))
        if not path:
            return
        items = list(self.model.records)  # the model keeps its records in the order shown
        try:
            written = export_publicity(self.db, items, path)
        except WorkstationError as exc:
            self.prompts.error(self, refusal_text(exc))
            return
        say_written(self, self.prompts, written)
