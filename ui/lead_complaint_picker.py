"""The picker of a lead's complaints that 更正筛查结论… opens when no complaint is selected in the lead's pane: every
complaint of the lead (not only those the pane loaded), each with its work-order number, the time it was received
and a longer part of its text (masked, the whole in its tooltip), narrowed by a search box on the number or the
text as shown. The officer picks one or more."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.i18n import _
from workstation.masking import mask_text
from workstation.screening.complaint import rules_for
from workstation.store.complaints import shown_received

#: how much of a complaint's text a row shows (the whole text is its tooltip)
TEXT_SHOWN = 120
#: how many rows the list shows at most: a search narrows a bigger lead
ROWS_SHOWN = 1000


def show_modally(dialog: QDialog) -> bool:
    """Show ``dialog`` modally; True when it was accepted (tests drive the dialog instead)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def lead_complaints_for_picking(db, lead_id: str) -> list[dict]:
    """Every complaint of the lead as the picker lists it, oldest first: {id, external_id, received_at, shown (the
    text masked, on one line)}; a complaint stored twice listed once, as the pane lists them."""
    from workstation.store.complaints import complaints_of_lead, count_complaints_of_lead

    return [{**c, "shown": mask_text(" ".join(c["text"].split()))}
            for c in complaints_of_lead(db, lead_id, max(count_complaints_of_lead(db, lead_id), 1))]


def matching(complaints: list[dict], query: str, rules=None) -> list[dict]:
    """The complaints whose number or text holds every word of ``query`` as the complaint search finds it (either
    case, full-width or not; a whole or masked number however the text writes it, never by its hidden digits:
    ``store.complaints.complaints_holding``, with ``rules`` the screening rules in force)."""
    from workstation.store.complaints import complaints_holding

    return complaints_holding(complaints, query, rules)


class LeadComplaintPicker(QDialog):
    """Pick complaints of one lead: a search box over a list of them; OK with one or more selected."""

    def __init__(self, db, lead_id: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.complaints = lead_complaints_for_picking(db, lead_id)
        self.rules = rules_for(db)  # the screening rules in force: the area code a local number of a search takes
        self.shown: list[dict] = []
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setObjectName("lead_complaint_search")
        self.search.setPlaceholderText(_("Work-order number or words of the text"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("lead_complaint_list")
        self.table.setHorizontalHeaderLabels([_("Work order"), _("Received"), _("Complaint")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda *_args: self.accept())
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.search.textChanged.connect(self.fill)
        self.table.itemSelectionChanged.connect(self._enable)
        self.resize(900, 520)
        self.fill()

    def fill(self) -> None:
        """List the complaints the search finds (at most ``ROWS_SHOWN``) and say how many."""
        found = matching(self.complaints, self.search.text(), self.rules)
        self.shown = found[:ROWS_SHOWN]
        self.table.setRowCount(len(self.shown))
        for row, complaint in enumerate(self.shown):
            text = complaint["shown"]
            cells = (complaint["external_id"] or "—", shown_received(complaint["received_at"]),
                     text if len(text) <= TEXT_SHOWN else text[:TEXT_SHOWN] + "…")
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        if len(found) > len(self.shown):
            self.count.setText(_("{shown} of {found} complaints shown: search to narrow them.").format(
                shown=len(self.shown), found=len(found)))
        else:
            self.count.setText(_("{found} of the lead's {total} complaints.").format(found=len(found),
                                                                                  total=len(self.complaints)))
        if len(self.shown) == 1:
            self.table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen()))

    def chosen(self) -> list[dict]:
        """The complaints selected, in the list's order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.shown[row] for row in rows if row < len(self.shown)]

    def keyPressEvent(self, event) -> None:
        """Down from the search box goes to the list."""
        if event.key() == Qt.Key.Key_Down and self.search.hasFocus() and self.shown:
            self.table.setFocus()
            if not self.chosen():
                self.table.selectRow(0)
            return
        super().keyPressEvent(event)
