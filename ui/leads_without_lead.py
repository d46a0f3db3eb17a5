"""The leads page's tab of related complaints in no lead: the complaints screening found to concern personal
information that no lead groups, each with the reason (``workstation.screening.without_lead``), the count of each
reason above the list, and the complaint's text below it; numbers masked until revealed (audited)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.complaint_verdict import add_verdict_actions, marked_data
from ui.layouts import plain_label
from ui.masked_value import MaskedRecordModel, add_reveal_action
from ui.pages import WIDTH_SAMPLE_ROWS, read_only_table, size_columns_by_sample  # noqa: F401 - named here too (tests)
from ui.task_runner import NewestWork
from workstation.i18n import N_, _
from workstation.screening.complaint import rules_for
from workstation.screening.without_lead import REASONS, complaints_without_lead, mentioned_lead, reason_counts
from workstation.store.complaints import shown_received
from workstation.vocabulary import shown_label


def no_complaint_text() -> str:
    """What the lists of complaints (by keyword, related yet in no lead) say while no complaint has been imported:
    how to import them (the leads page's button)."""
    from ui.layouts import plain_label

    return _("No complaint has been imported yet: click “{import_}” to import the exports of the 12345 hotline or "
             "the consumer council.").format(import_=plain_label(_("&Import complaints…")) + "…")


class WithoutLeadModel(MaskedRecordModel):
    """Related complaints in no lead (``ComplaintWithoutLead``), the complainant's number and the numbers in the
    text masked until revealed."""

    def __init__(self, parent=None):
        self.category_label = str
        columns = [
            (N_("Received"), lambda r: shown_received(r.received_at) or "—"),
            (N_("Work order"), lambda r: r.external_id or "—"),
            (N_("Source"), lambda r: shown_label("lead_sources", r.source) if r.source else "—"),
            (N_("Complainant"), lambda r: self.shown(r, "complainant_phone") or "—"),
            (N_("Category"), lambda r: self.category_label(r.category)),
            (N_("Why in no lead"), lambda r: _(REASONS[r.reason])),
            (N_("Text"), lambda r: " ".join(self.shown(r, "text").split())),
        ]
        super().__init__(columns, "complaint", ("complainant_phone", "text"), parent)
        self.verdicts: dict[str, dict] = {}  # the officer's verdicts on the complaints listed (marked 人工更正)

    CATEGORY_COLUMN = 4

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        value = super().data(index, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return marked_data(self, index, role, self.verdicts, self.CATEGORY_COLUMN, value)
        return value


class LeadPicker(QDialog):
    """并入线索…'s choice of the lead: a search over the leads offered (a business, a date), their list, and OK only
    once a lead is chosen, so that Enter never adds the complaints to a lead nobody picked. ``current``: the lead
    offered (the one the complaints name), None for none."""

    def __init__(self, items: list[str], current: int | None, question: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Add to a lead"))
        self.search = QLineEdit()
        self.search.setObjectName("lead_picker_search")
        self.search.setPlaceholderText(_("Business or date"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("lead_picker_list")
        self.list.addItems(items)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemSelectionChanged.connect(self._chosen_changed)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        asked = QLabel(question)
        asked.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(asked)
        row = QHBoxLayout()
        label = QLabel(_("Search (&Q)"))
        label.setBuddy(self.search)
        row.addWidget(label)
        row.addWidget(self.search, 1)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        if current is not None:
            self.list.setCurrentRow(current)
        else:
            self.list.setCurrentRow(-1)
        self._chosen_changed()
        self.search.setFocus()
        self.resize(560, 420)

    def picked(self) -> int | None:
        """The row of the lead chosen (shown, not filtered out), None when none is."""
        items = self.list.selectedItems()
        return self.list.row(items[0]) if items and not items[0].isHidden() else None

    def _chosen_changed(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.picked() is not None)

    def _filter(self, text: str) -> None:
        """Only the leads holding every word typed are listed; a lead chosen that the search hides is no longer
        chosen."""
        words = text.casefold().split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(not all(w in item.text().casefold() for w in words))
            if item.isHidden() and item.isSelected():
                item.setSelected(False)
        self._chosen_changed()

    def eventFilter(self, watched, event) -> bool:
        """Down from the search goes to the first lead listed."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            shown = [row for row in range(self.list.count()) if not self.list.item(row).isHidden()]
            if shown:
                self.list.setFocus(Qt.FocusReason.OtherFocusReason)
                self.list.setCurrentRow(shown[0])
            return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        if self.picked() is not None:  # Enter with no lead chosen: nothing
            super().accept()


class WithoutLeadTab(QWidget):
    """The list of related complaints in no lead with why; ``refresh`` reads it again: in the background when the
    tab has a ``runner`` (ui.task_runner) and the ``database`` file (a million complaints take most of a second),
    else at once. 生成线索… makes a new lead of the complaints selected, 并入线索… adds them to a lead of their business
    (``lead_made`` says which lead)."""

    lead_made = Signal(str)
    verdict_changed = Signal()

    def __init__(self, db, prompts, parent: QWidget | None = None, *, runner=None, database: Path | None = None):
        super().__init__(parent)
        self.db, self.prompts, self.runner, self.database = db, prompts, runner, database
        self.reading = NewestWork(self, runner)  # the reading running, if any (see ``refresh``)
        self.stale = True  # read when first shown, and again when shown after the complaints changed
        self.counts = QLabel()
        self.counts.setObjectName("without_lead_counts")
        self.counts.setWordWrap(True)
        self.model = WithoutLeadModel(self)
        self.view = read_only_table(self.model)
        self.view.setObjectName("complaints_without_lead")
        self.view.setAccessibleName(plain_label(_("Related, &yet in no lead")))  # its tab's name, for a screen reader
        size_columns_by_sample(self.view)
        add_reveal_action(self.view, self.reveal)
        # on every complaint selected, asked once, as the lead pane's (several selected as for 生成线索…)
        self.verdict_actions = add_verdict_actions(
            self.view, self._current, lambda cid: cid in self.model.verdicts, db=db, prompts=prompts,
            changed=self._verdict_changed, selected=self.selected)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several into one lead
        self.make_lead_button = QPushButton(_("Make a lead of them (&X)…"))
        self.make_lead_button.setObjectName("make_lead")
        self.make_lead_button.setToolTip(_("Make a new lead of the complaints selected (Ctrl+click or Shift+click "
                                           "selects several), summarised the way screening summarises a lead"))
        self.make_lead_button.setEnabled(False)
        self.make_lead_button.clicked.connect(self.make_lead)
        self.join_lead_button = QPushButton(_("&Join them to a lead…"))
        self.join_lead_button.setObjectName("join_lead")
        self.join_lead_button.setToolTip(_("Add the complaints selected to a lead, not decided yet, of the business "
                                           "they are about: each complaint then names that business, so that "
                                           "screening keeps it in the lead"))
        self.join_lead_button.setEnabled(False)
        self.join_lead_button.clicked.connect(self.join_lead)
        self.text = QTextBrowser()
        self.text.setObjectName("without_lead_text")
        self.text.setAccessibleName(_("Complaint text"))  # the complaint selected, as the keyword tab's pane is named
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(0, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(splitter, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.make_lead_button)
        buttons.addWidget(self.join_lead_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.view.selectionModel().currentRowChanged.connect(lambda *_args: self._show_text())
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._selection_changed())

    def _selection_changed(self) -> None:
        chosen = bool(self.selected())
        self.make_lead_button.setEnabled(chosen)
        self.join_lead_button.setEnabled(chosen)

    def join_lead(self) -> None:
        """Add the complaints selected to a lead of the business they are about, chosen from the leads not decided
        yet that name a business; the leads page then shows it (``lead_made``)."""
        from workstation.errors import WorkstationError
        from workstation.masking import mask_text
        from workstation.screening.screen import add_complaints_to_lead, leads_to_join

        chosen = self.selected()
        if not chosen:
            return
        leads = leads_to_join(self.db)
        if not leads:
            self.prompts.error(self, _("No lead not decided yet names a business: make a lead of the complaints "
                                       "instead."))
            return
        items = [_("{business} (received {date}, {n} complaints)").format(
            business=mask_text(lead["businesses"].replace(" ", "、") or lead["target_name"]),
            date=lead["received_at"][:10], n=lead["complaint_count"] or 0) for lead in leads]
        # offered: the lead whose business or number the complaints name, else none (Enter then takes nothing)
        dialog = LeadPicker(items, mentioned_lead(leads, [c.text for c in chosen]), _(
            "The lead of the business the {n} complaints selected are about:").format(n=len(chosen)), self)
        picked = dialog.picked() if dialog.exec() == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        if picked is None:
            return
        try:
            add_complaints_to_lead(self.db, leads[picked]["id"], [c.id for c in chosen])
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        self.stale = True
        self.lead_made.emit(leads[picked]["id"])

    def _current(self):
        index = self.view.currentIndex()
        return self.model.records[index.row()] if index.isValid() and index.row() < len(self.model.records) else None

    def _verdict_changed(self) -> None:
        """An officer's verdict was recorded or removed: the list is read again (a complaint judged not related
        leaves it), and the leads page told (``verdict_changed``)."""
        self.stale = True
        self.verdict_changed.emit()
        if self.stale:
            self.refresh()

    def selected(self) -> list:
        """The complaints selected, in the list's order."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.model.records[row] for row in rows if row < len(self.model.records)]

    def make_lead(self) -> None:
        """Make a new lead of the complaints selected, after the officer confirms, the way screening makes one; the
        leads page then shows it (``lead_made``)."""
        from workstation.errors import WorkstationError
        from workstation.screening.screen import lead_from_complaints

        chosen = self.selected()
        if not chosen:
            return
        from workstation.screening.without_lead import name_nobody

        if name_nobody(self.db, [c.id for c in chosen]):  # a lead about nobody: said before it is made
            question = _("The {n} complaints selected name no telephone number and no business: the lead would have "
                         "no target, and a case filed from it needs its party entered. Make the lead anyway?")
        else:
            question = _("Make a new lead of the {n} complaints selected? It is registered like a lead screening "
                         "finds, and screening leaves it as it is.")
        if not self.prompts.confirm(self, question.format(n=len(chosen))):
            return
        try:
            lead_id = lead_from_complaints(self.db, [c.id for c in chosen])
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        self.stale = True
        self.lead_made.emit(lead_id)

    def refresh(self) -> None:
        """Read the related complaints in no lead again and say how many there are for each reason; in the
        background, a reading still running is cancelled first (its list would be stale) and the list shown stays
        until the new one is read."""
        self.stale = False
        if self.runner is None or self.database is None:
            self._show(complaints_without_lead(self.db))
            return
        from workstation import tasks

        if not self.model.records:  # nothing shown yet: say that it is being read
            self.counts.setText(_("Reading the related complaints in no lead…"))
        self.reading.start(_("Reading the related complaints in no lead"),
                           partial(tasks.without_lead_task, self.database), self._show, self._not_read)

    def stop(self) -> None:
        """Cancel the reading running, if any (its result is then dropped, and the list is read again when next
        shown)."""
        if self.reading.running:
            self.stale = True
        self.reading.stop()

    def _not_read(self, exc: BaseException) -> None:
        from ui.layouts import report_failure
        from workstation.errors import Cancelled

        self.stale = True  # read again when next shown
        if not isinstance(exc, Cancelled):
            report_failure(self, self.prompts, exc)

    def _show(self, complaints) -> None:
        """List ``complaints`` (``complaints_without_lead``) and say how many there are for each reason."""
        from workstation.screening.verdict import verdicts_of

        self.model.category_label = rules_for(self.db).category_label
        self.model.verdicts = verdicts_of(self.db, [c.id for c in complaints])
        self.model.set_records(complaints)
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), 360))
        self.text.clear()
        if not complaints:
            from workstation.store.leads import complaint_totals

            # nothing imported is not all of it in leads: said how to begin
            self.counts.setText(_("Every complaint screening found to concern personal information is in a lead.")
                                if complaint_totals(self.db)[0] else no_complaint_text())
            return
        reasons = _("; ").join(_("{reason}: {n}").format(reason=_(REASONS[key]), n=n)
                           for key, n in reason_counts(complaints).items() if n)
        self.counts.setText(_("{n} complaints concern personal information but are in no lead, so no officer is "
                              "following them up as a lead. Why: {reasons}.").format(n=len(complaints), reasons=reasons))

    def reveal(self) -> None:
        """Show the selected complaint's numbers unmasked (audited)."""
        index = self.view.currentIndex()
        if index.isValid() and self.model.reveal_row(self.db, self.prompts, self, index.row()) is not None:
            self._show_text()

    def _show_text(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.text.setPlainText(self.model.shown(self.model.records[index.row()], "text"))
