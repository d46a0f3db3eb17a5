"""The publicity log (宣传) on the statistics page: the activities of the chosen period and agency with their
totals, sortable by any column; adding, editing and deleting activities (Delete in the table, every row selected,
with the reason asked; each deletion made since the page opened undone in turn, the latest first, with Ctrl+Z or
Undo delete, and any deletion, however long ago, brought back from Bring back deleted…) and exporting the log as
listed to CSV; ``publicity_changed`` tells the dashboard to recount."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.dialog_once import exec_once
from ui.layouts import enable_or_say_why, plain_label, say_written
from ui.pages import read_only_table, size_columns_by_sample
from ui.publicity_dialog import PublicityDialog, refusal_text
from ui.record_model import Column, RecordTableModel, figure_column
from workstation.errors import NotFound, ValidationError, WorkstationError, join_sentences
from workstation.i18n import N_, _
from workstation.records import Publicity
from workstation.store import (
    list_agencies,
    list_publicity,
)
from workstation.store.publicity import (
    COUNT_FIELDS,
    activity_named,
    delete_publicities,
    deletion_refusal,
    export_publicity,
    get_publicity,
    listed_date,
    other_agency_refusal,
    publicity_scope,
    reason_shown,
    removed_publicities,
    restore_deleted_publicity,
    restore_publicities,
    restored_twins,
    shown_figure_name,
    totals_text,
)
from workstation.vocabulary import shown_label

#: the deleted activities Bring back deleted… offers at most, the latest deleted (a drop-down of thousands is no help)
OFFERED = 200


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
        # the deletions made here since the page opened, the latest last, each the activities deleted together (as
        # stored when deleted): undone in turn, the latest first
        self.deleted: list[list[Publicity]] = []
        self.model = PublicityModel({a.id: a.short_name for a in list_agencies(db)}, self)
        self.view = read_only_table(self.model)
        self.view.setObjectName("publicity")
        self.view.setAccessibleName(plain_label(_("Publ&icity")))  # its tab's name, said by a screen reader
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
                                 (_("Bring bac&k deleted…"), "deleted_publicity", self.restore_deleted),
                                 (_("Export to CS&V…"), "export_publicity", lambda: self.export())):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[name] = button
        row.insertStretch(5, 1)  # the export apart from the editing buttons
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
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
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
        ids = [r.id for r in self.model.records]  # the rows as shown: the model sorts them (any column clicked)
        if select in ids:
            self.view.selectRow(ids.index(select))
        self._update_buttons()

    def selected(self) -> Publicity | None:
        index = self.view.currentIndex()
        return self.model.records[index.row()] if index.isValid() else None

    def selected_id(self) -> str | None:
        item = self.selected()
        return item.id if item else None

    def selected_items(self) -> list[Publicity]:
        """The activities of every row selected, in the order listed (the current one when none is selected)."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        if rows:
            return [self.model.records[row] for row in rows if row < len(self.model.records)]
        item = self.selected()
        return [item] if item else []

    def _update_buttons(self) -> None:
        item = self.selected()
        why = _("Select an activity first.") if item is None else other_agency_refusal(self.db, item.agency_id)
        enable_or_say_why(self.buttons["edit_publicity"], why)
        items = self.selected_items()
        if not items:
            why = _("Select an activity first.")
        else:
            # each agency asked once: Ctrl+A selects thousands of activities of a handful of agencies
            agencies = dict.fromkeys(i.agency_id for i in items)
            why = next((refusal for a in agencies if (refusal := other_agency_refusal(self.db, a))), None)
        enable_or_say_why(self.buttons["delete_publicity"], why)
        self.buttons["undo_delete"].setEnabled(bool(self.deleted))
        self.buttons["undo_delete"].setToolTip(self._undo_tip())

    def _undo_tip(self) -> str:
        """What 撤销删除 brings back: the latest deletion not undone yet."""
        if not self.deleted:
            return _("No activity was deleted here since the page opened: there is nothing to bring back.")
        last = self.deleted[-1]
        if len(last) == 1:
            return _("Bring back “{title}” of {date} (Ctrl+Z).").format(title=last[0].title, date=last[0].held_on)
        return _("Bring back the {count} activities deleted together (Ctrl+Z).").format(count=len(last))

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
        """Delete the activities of every row selected, after one question naming the activity, or how many, which
        asks the reason (kept with them: ``delete_publicities``); cancelled or left blank, nothing is deleted."""
        items = self.selected_items()
        if not items or any(self._deleted_elsewhere(item) for item in items):
            return
        if refusal := deletion_refusal(self.db, items):  # the Delete key works when the button is greyed
            self.prompts.error(self, refusal)
            return
        if len(items) == 1:
            question = _("Delete the publicity activity “{title}” of {date}? Say why: the reason is kept with it, and "
                         "“Bring back deleted…” restores it later.").format(title=items[0].title,
                                                                          date=items[0].held_on)
        else:
            question = _("Delete the {count} selected publicity activities? Say why: the reason is kept with them. "
                         "Undo delete (Ctrl+Z) brings them all back until the workstation is closed; after that, "
                         "“Bring back deleted…” brings them back one at a time (`publicity restore` on the command "
                         "line).").format(count=len(items))
        reason = self.prompts.ask_text(self, _("Delete the activity"), question, "")
        if reason is None:
            return
        try:
            deleted = delete_publicities(self.db, [item.id for item in items], reason)
        except NotFound:  # deleted elsewhere between the question and the deletion: nothing was deleted
            for item in items:
                if self._deleted_elsewhere(item):  # said, the log read again
                    break
            return
        except ValidationError as exc:  # no reason typed
            self.prompts.error(self, join_sentences(list(exc.errors.values())))
            return
        except WorkstationError as exc:
            self.prompts.error(self, refusal_text(exc))
            return
        self.deleted.append(deleted)  # as stored when deleted: a correction made elsewhere since the log was read
        self.refresh()  # comes back
        self.publicity_changed.emit()

    def undo_delete(self) -> None:
        """Bring back the activities of the latest deletion made here and not undone yet, with the fields they had, as
        new records (``restore_publicities``: the deletion may have left in a bundle already, and headquarters keeps
        a record it deleted deleted); one dated after today (a station's clock ahead) too, as it was accepted once.
        When the log holds some of them again (entered again since), the officer is asked first, as the editor asks,
        naming each: bring them back all the same, keep those deleted (the others deleted with them brought back; the
        deletion before it is undone next) or cancel. One that cannot be brought back (a field no longer valid) is
        said, and may be kept deleted, lest it block every deletion before it."""
        if not self.deleted:
            return
        items = self.deleted[-1]
        allow = False
        if twins := restored_twins(self.db, items):
            answer = self.prompts.choose(self, self._twins_question(items, twins),
                                         [_("Bring back anyway"), _("Keep it deleted"), _("Cancel")])
            if answer == 1:  # those entered again kept deleted, the others brought back
                entered = {id(item) for item, _twin in twins}
                items = [item for item in items if id(item) not in entered]
                if not items:
                    self.deleted.pop()
                    self._update_buttons()
                    return
            elif answer == 0:
                allow = True
            else:
                return
        try:
            restored = restore_publicities(self.db, items, allow_duplicate=allow)
        except WorkstationError as exc:
            text = refusal_text(exc)
            if len(items) > 1:
                text = _("The {count} activities deleted together were not brought back: {reason}").format(
                    count=len(items), reason=text)
            self.prompts.error(self, text)
            question = _("Keep it deleted, so that Undo delete goes on to the deletion made before it?")
            if self.prompts.choose(self, question, [_("Keep it deleted"), _("Cancel")]) == 0:
                self.deleted.pop()
                self._update_buttons()
            return
        self.deleted.pop()
        self.refresh(select=restored[0].id)
        self.publicity_changed.emit()

    def restore_deleted(self) -> None:
        """Bring back one of the activities deleted with a reason and not brought back yet, however long ago (after
        a restart too: ``removed_publicities``) of the period and agency shown, chosen from them — each named with its
        date, agency, why and when it was deleted; the latest ``OFFERED`` deleted when there are more, the others
        left to `publicity list --deleted` and `publicity restore` — as a new record (``restore_deleted_publicity``).
        When the log holds it again (entered again since), the officer is asked first, as Undo delete asks."""
        kept = removed_publicities(self.db, *self.period, own=self.own, restored=False)  # the latest deleted first
        if not kept:
            self.prompts.info(self, _("No deleted publicity activity of the period and agency shown is waiting to be "
                                      "brought back."))
            return
        label = _("Bring back the activity:")
        if len(kept) > OFFERED:  # thousands deleted by Ctrl+A: a drop-down of the latest, the command for the rest
            label = _("Bring back the activity (the {shown} deleted latest of {count}: `publicity list --deleted` "
                      "lists them all, and `publicity restore ID` brings back any):").format(shown=OFFERED,
                                                                                      count=len(kept))
            kept = kept[:OFFERED]
        agencies = {a.id: a.short_name for a in list_agencies(self.db)}
        lines = [_("{date} “{title}” of {agency} — deleted on {day}: {reason}").format(
            date=removed.item.held_on, title=removed.item.title, agency=agencies.get(removed.item.agency_id, "—"),
            day=removed.removed_at[:10], reason=reason_shown(removed)) for removed in kept]
        chosen = self.prompts.choose_item(self, _("Deleted activities"), label, lines)
        if chosen is None:
            return
        item = kept[chosen].item
        allow = False
        if twins := restored_twins(self.db, [item]):
            answer = self.prompts.choose(self, self._twins_question([item], twins),
                                         [_("Bring back anyway"), _("Cancel")])
            if answer != 0:
                return
            allow = True
        try:
            restored = restore_deleted_publicity(self.db, item.id, allow_duplicate=allow)
        except WorkstationError as exc:
            self.prompts.error(self, refusal_text(exc))
            return
        # brought back here: no longer one for Undo delete to bring back
        self.deleted = [group for group in ([i for i in group if i.id != item.id] for group in self.deleted) if group]
        self.refresh(select=restored.id)
        self.publicity_changed.emit()
        self._say_if_not_listed(restored)

    def _twins_question(self, items: list[Publicity], twins: list[tuple[Publicity, Publicity]]) -> str:
        """What ``undo_delete`` asks when the log holds ``twins`` of the deleted ``items`` again: each named."""
        if len(items) == 1:
            return _("{activity} is in the publicity log again (entered again since it was deleted?): bringing back "
                     "the deleted one records it a second time, and the statistics count it twice.").format(
                activity=activity_named(self.db, twins[0][1]))
        question = _("Of the {count} activities deleted together, these are in the publicity log again (entered again "
                     "since they were deleted?): {activities}. Bringing them back records them a second time, and the "
                     "statistics count them twice.").format(
            count=len(items), activities="; ".join(activity_named(self.db, twin) for _item, twin in twins))
        if others := len(items) - len(twins):
            question = join_sentences([question, _("Keep it deleted brings back the other {count} only.").format(
                count=others)])
        return question

    def export(self, path: str | None = None) -> None:
        """Write the activities as listed (the period, agency and sort order shown) with their totals to a CSV
        file the officer chooses."""
        date_from, date_to, agency = self.period
        period = f"{date_from or ''}–{date_to or ''}" if (date_from or date_to) else _("whole campaign")
        # the agency shown named (南海区局, 南海区局（仅本级）): the files of each district told apart
        scope = publicity_scope(self.db, agency, self.own)
        name = (_("Publicity log {scope} {period}.csv").format(scope=scope, period=period) if scope
                else _("Publicity log {period}.csv").format(period=period))
        path = path or self.prompts.save_file(self, _("Export the publicity log"), name, _("CSV (*.csv)"))
        if not path:
            return
        items = list(self.model.records)  # the model keeps its records in the order shown
        try:
            written = export_publicity(self.db, items, path, scope=scope)
        except WorkstationError as exc:
            self.prompts.error(self, refusal_text(exc))
            return
        say_written(self, self.prompts, written)
