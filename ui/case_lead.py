"""The case workspace's section on the lead a case was filed from: the complaints grouped into the lead (they are
linked to the case only through it), counted and listed read-only — received, channel, the complainant's number
masked and a snippet of the text with its numbers masked — with a button that opens the lead on the leads page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.access_keys import CASE_PAGE_KEYS, case_key_hint, with_fixed_letter
from ui.pages import read_only_table
from ui.record_model import RecordTableModel
from workstation.errors import join_sentences
from workstation.i18n import N_, _, ngettext
from workstation.leads_workflow import lead_complaints, target_of
from workstation.masking import mask_text
from workstation.store.complaints import shown_received
from workstation.vocabulary import shown_label

# the complaints listed; a lead grouping more says how many the list leaves out
LISTED = 200


class CaseLeadBox(QGroupBox):
    """The lead a case was filed from and its complaints; ``open_lead(lead_id)`` shows the lead."""

    def __init__(self, db, lead: dict, open_lead: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(_("Lead this case was filed from"), parent)
        self.lead_id = lead["id"]
        count, complaints = lead_complaints(db, lead["id"], LISTED)
        target = mask_text(target_of(lead))
        received = (lead["received_at"] or "")[:10]
        source = shown_label("lead_sources", lead["source"]) if lead["source"] else "—"
        if lead["assigned_on"]:
            said = _("Lead: {target}; received on {received} ({source}), assigned on {assigned}.").format(
                target=target, received=received, source=source, assigned=lead["assigned_on"])
        else:
            said = _("Lead: {target}; received on {received} ({source}).").format(
                target=target, received=received, source=source)
        if not count:
            said += "\n" + _("No complaints are linked to this lead.")
        else:
            linked = ngettext("{n} complaint is linked to the lead.", "{n} complaints are linked to the lead.",
                              count).format(n=count)
            if count > len(complaints):
                linked = join_sentences([linked, _("The first {shown} are listed.").format(shown=len(complaints))])
            said += "\n" + linked
        self.summary = QLabel(said)
        self.summary.setObjectName("lead_summary")
        self.summary.setWordWrap(True)
        self.model = RecordTableModel([
            (N_("Received"), lambda c: shown_received(c.received_at)),
            (N_("Channel"), lambda c: c.channel),
            (N_("Complainant"), lambda c: c.complainant),
            (N_("Text"), lambda c: c.snippet),
        ], self)
        self.model.set_records(complaints)
        self.view = read_only_table(self.model)
        self.view.setObjectName("lead_complaints")
        self.view.setMinimumHeight(120)
        self.view.resizeColumnsToContents()
        # 打开线索(&'): the case tab's letters and digits are taken (``CASE_PAGE_KEYS``)
        self.open_button = QPushButton(with_fixed_letter(_("Open lead"), CASE_PAGE_KEYS["open_lead"]))
        self.open_button.setObjectName("open_lead")
        # the key named: in Chinese the mark under "'" is barely seen
        self.open_button.setToolTip(case_key_hint(_("Open lead"), "open_lead"))
        self.open_button.clicked.connect(lambda _checked=False: open_lead(self.lead_id))
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view)
        # hidden once it is in the layout: a widget without a parent hidden (or shown) is a window of its own,
        # which takes the keyboard from the main window while the case's workspace is built
        self.view.setHidden(not complaints)
