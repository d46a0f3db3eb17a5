"""The leads page's tab of related complaints in no lead: the complaints screening found to concern personal
information that no lead groups, each with the reason (``workstation.screening.without_lead``), the count of each
reason above the list, and the complaint's text below it; numbers masked until revealed (audited)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from ui.masked_value import MaskedRecordModel, add_reveal_action
from ui.pages import WIDTH_SAMPLE_ROWS, read_only_table, size_columns_by_sample  # noqa: F401 - named here too (tests)
from ui.task_runner import NewestWork
from workstation.i18n import N_, _
from workstation.screening.complaint import rules_for
from workstation.screening.without_lead import REASONS, complaints_without_lead, reason_counts
from workstation.vocabulary import label


class WithoutLeadModel(MaskedRecordModel):
    """Related complaints in no lead (``ComplaintWithoutLead``), the complainant's number and the numbers in the
    text masked until revealed."""

    def __init__(self, parent=None):
        self.category_label = str
        columns = [
            (N_("Received"), lambda r: r.received_at[:16] or "—"),
            (N_("Work order"), lambda r: r.external_id or "—"),
            (N_("Source"), lambda r: label("lead_sources", r.source) if r.source else "—"),
            (N_("Complainant"), lambda r: self.shown(r, "complainant_phone") or "—"),
            (N_("Category"), lambda r: self.category_label(r.category)),
            (N_("Why in no lead"), lambda r: _(REASONS[r.reason])),
            (N_("Text"), lambda r: " ".join(self.shown(r, "text").split())),
        ]
        super().__init__(columns, "complaint", ("complainant_phone", "text"), parent)


class WithoutLeadTab(QWidget):
    """The list of related complaints in no lead with why; ``refresh`` reads it again: in the background when the
    tab has a ``runner`` (ui.task_runner) and the ``database`` file (a million complaints take most of a second),
    else at once."""

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
        size_columns_by_sample(self.view)
        add_reveal_action(self.view, self.reveal)
        self.text = QTextBrowser()
        self.text.setObjectName("without_lead_text")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(0, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(splitter, 1)
        self.view.selectionModel().currentRowChanged.connect(lambda *_args: self._show_text())

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
        self.model.category_label = rules_for(self.db).category_label
        self.model.set_records(complaints)
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), 360))
        self.text.clear()
        if not complaints:
            self.counts.setText(_("Every complaint screening found to concern personal information is in a lead."))
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
