"""The leads page: complaints imported from hotline and consumer-council exports, screened and grouped into
leads; each lead assigned (交办) with its notice, watched on its 15-working-day clock, and decided — a case filed,
not filed with the reason, or referred with the transfer letter; and a search over every complaint's text."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyle,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.column_fit import ColumnFitter, cell_width, text_width
from ui.complaint_verdict import add_verdict_actions, corrected_mark, marked_data
from ui.date_edits import DateEdit
from ui.dialog_once import exec_once
from ui.dialog_undo import FieldsHistory
from ui.layouts import (
    AsksBeforeDropping,
    WrappingRow,
    bring_to_front,
    buddy_label,
    enable_or_say_why,
    error_label,
    error_text,
    heading,
    list_join,
    open_editor_of,
    plain_label,
    report_failure,
    show_field_errors,
)
from ui.lead_complaint_picker import show_modally
from ui.lead_dialog import ReporterToldDialog
from ui.leads_without_lead import WithoutLeadTab, no_complaint_text
from ui.marked_text import MARKS_ROLE, MarkedTextDelegate
from ui.masked_value import MaskedRecordModel, add_reveal_action, reveal_fields
from ui.pages import WIDTH_SAMPLE_ROWS, read_only_table, size_columns_by_sample  # noqa: F401 - named here too (tests)
from ui.record_model import BACKGROUND_ROLE, DISPLAY_ROLE, TOOLTIP_ROLE
from ui.table_menu import add_table_menu
from ui.task_runner import NewestWork, only_reading
from workstation import clocks
from workstation.errors import WorkstationError, join_sentences
from workstation.i18n import N_, _, ngettext
from workstation.leads_workflow import decided_label, lead_state, lead_state_label
from workstation.masking import mask_text
from workstation.paths import database_path
from workstation.records import short_time, today
from workstation.store import list_agencies
from workstation.store.complaints import (
    complaints_of_lead,
    count_complaints_of_lead,
    marked_pieces,
    shown_received,
    shown_spans,
    snippet,
)
from workstation.store.leads import complaint_totals, lead_holds, lead_rows
from workstation.vocabulary import shown_label

SEARCH_DELAY_MS = 250
#: the complaints found (besides those in view) whose cells size the search list's columns
COMPLAINT_WIDTH_SAMPLE = 50
# the shares of the leads page's height of the lead list and of the pane of the selected lead's complaints: before a
# lead is selected (the pane says only to select one), and once one is: some ten lines of its complaints at 1366×768
PANE_UNSELECTED, PANE_SELECTED = (6, 1), (3, 2)
# the complaints of a lead shown at a time under it; "Show more" adds the next as many (a lead may group thousands)
LEAD_COMPLAINTS_PAGE = 200


def unbroken(text: str) -> str:
    """``text`` (plain) as rich text kept on one line where it is wrapped: in <nobr>, which keeps words together, and
    a word joiner (U+2060, not shown) between its Chinese characters, which <nobr> lets Qt break between; so that a
    link such as 另有212件相关投诉未成线索：查看原因 moves to the next line whole, not leaving 查看原因 cut off."""
    glued = "".join(ch + ("\u2060" if nxt and not (ch.isascii() and nxt.isascii()) else "")
                    for ch, nxt in zip(text, [*text[1:], ""], strict=True))
    return f"<nobr>{escape(glued)}</nobr>"


#: the roles the lead and complaint lists never answer, which sizing a column asks of each of its cells (a font, a
#: colour, a check box, an icon, a size of its own): answered without the work of a cell's text; as plain numbers,
#: since every look-up of a PySide6 enum's member goes through its feature hook (a few microseconds, thousands of
#: times a refresh)
UNANSWERED_ROLES = frozenset({1, 4, 5, 6, 9, 10, 11, 12, 13})  # Decoration, WhatsThis, StatusTip, Font, Foreground,
#                                                               CheckState, AccessibleText/Description, SizeHint
OVERDUE_COLOUR = "#f8d7da"  # an undecided lead past its time limit


def label_key(row: dict) -> tuple[str, bool]:
    """What a lead's label depends on: its ``lead_state`` and whether it was decided on the spot (``lead_rows``'
    ``on_the_spot``: 已当场处罚, not 已立案)."""
    return lead_state(row), bool(row.get("on_the_spot"))


def state_labels(rows: list[dict]) -> dict[tuple[str, bool], str]:
    """{``label_key``: its label} of the states the leads of ``rows`` are in, each label worked out once."""
    labels: dict[tuple[str, bool], str] = {}
    for row in rows:
        key = label_key(row)
        if key not in labels:
            labels[key] = lead_state_label(row)
    return labels


def shown_day(day: str | None, confirmed: bool = True, overdue: bool = False) -> str:
    """A lead's deadline as its cell in the list says it: the day, " (calendar unconfirmed)" when counted through a
    year without holiday data, " (overdue)" once it passed undone; "—" for none."""
    if not day:
        return "—"
    return day + ("" if confirmed else _(" (calendar unconfirmed)")) + (_(" (overdue)") if overdue else "")


class LeadModel(MaskedRecordModel):
    """Leads as rows (dicts of the leads table plus their T1 deadline); undecided overdue ones highlighted; the
    numbers, and the numbers written in the description, masked until revealed."""

    def __init__(self, agencies: dict[str, str], parent=None):
        columns = [
            (N_("Received"), lambda r: r["received_at"][:10]),
            (N_("Source"), lambda r: shown_label("lead_sources", r["source"])),
            (N_("Numbers"), lambda r: self.shown(r, "phones" if r["phones"] else "target_phone") or "—"),
            # a party named by a number (号码13812345678的使用人) shows it masked, here and in the cell's tooltip
            (N_("Business"), lambda r: mask_text(r["businesses"] or r["target_name"], self.rules) or "—"),
            (N_("Complaints"), lambda r: str(r["complaint_count"] or "—")),
            (N_("District"), lambda r: r["district"] or "—"),
            (N_("Sector"), lambda r: shown_label("sectors", r["sector"]) if r["sector"] else "—"),
            (N_("Assigned to"), lambda r: agencies.get(r["agency_id"], "—")),
            (N_("Status"), lead_state_label),  # 立案中 while the case opened for it awaits filing
            # 日历待核实 when counted through a year without data; 已逾期 in words, not only by the row's colour
            # (which the selection hides, and a screen reader does not say)
            (N_("Decide by"), lambda r: shown_day(r["due"], r.get("due_confirmed", True), r.get("overdue"))),
            # T24 of a named report decided, said as the T1 date is
            (N_("Tell by"), lambda r: shown_day(r.get("tell_by"), r.get("tell_confirmed", True),
                                                r.get("tell_overdue"))),
            (N_("Description"), lambda r: self.shown(r, "description")),
            (N_("Reporter"), lambda r: self.shown(r, "complainant_phone") or self.shown(r, "reporter_name") or "—"),
        ]
        super().__init__(columns, "lead", ("phones", "target_phone", "description", "complainant_phone",
                                           "reporter_name", "reporter_address"), parent)

    #: the headers kept short (the list fits a 1024-pixel-wide window) said in full when pointed at
    HEADER_TIPS = {"Decide by": N_("Decide whether to file by (T1: 15 working days from the assignment, else the "
                                   "receipt, plus an approved extension)"),
                   "Tell by": N_("Tell the named reporter of the decision by (T24: 5 working days from it)")}

    #: what a header click sorts by where the cell text would sort wrong: the count as a number (not "10" before
    #: "9", "—" for none first), the days as dates (a lead with none first, ascending)
    SORT_KEYS = {"Received": lambda r: r["received_at"] or "", "Complaints": lambda r: r["complaint_count"] or 0,
                 "Decide by": lambda r: r["due"] or None, "Tell by": lambda r: r.get("tell_by") or None}

    @classmethod
    def sort_value(cls, column, record):
        key = cls.SORT_KEYS.get(column.header)
        return key(record) if key is not None else super().sort_value(column, record)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal and \
                0 <= section < len(self.columns) and self.columns[section][0] in self.HEADER_TIPS:
            return _(self.HEADER_TIPS[self.columns[section][0]])
        return super().headerData(section, orientation, role)

    def data(self, index, role: int = DISPLAY_ROLE):
        if role in UNANSWERED_ROLES:  # asked for every cell each time the columns are sized: answered at once
            return None
        if role == BACKGROUND_ROLE and index.isValid() and 0 <= index.row() < len(self.records):
            record = self.records[index.row()]
            return QBrush(QColor(OVERDUE_COLOUR)) if record["overdue"] or record.get("tell_overdue") else None
        if role == TOOLTIP_ROLE and index.isValid() and 0 <= index.row() < len(self.records) and \
                self.columns[index.column()][0] == "Decide by" and self.records[index.row()]["overdue"]:
            # said in words, not only by the row's colour (which the selection's hides)
            record = self.records[index.row()]  # the day (and its calendar caution), without the cell's "overdue"
            return _("{due}: overdue, whether to file was not decided by this day (T1).").format(
                due=shown_day(record["due"], record.get("due_confirmed", True)))
        if role == TOOLTIP_ROLE and index.isValid() and 0 <= index.row() < len(self.records) and \
                self.columns[index.column()][0] == "Numbers":
            # the column is as wide as one number (NUMBERS_WIDTH): the others, cut off, are listed in the tip
            shown = super().data(index, DISPLAY_ROLE) or ""
            return "\n".join(shown.split()) if len(shown.split()) > 1 else None
        return super().data(index, role)


#: the lead list's short columns, sized to their widest value in any lead (``_short_column_texts``), and what each
#: one's text depends on
SHORT_COLUMNS = {"Source": lambda r: r["source"], "Status": lead_state, "Sector": lambda r: r["sector"],
                 "District": lambda r: r["district"], "Assigned to": lambda r: r["agency_id"]}
#: the widest a column of the lead list is sized to its contents; the 简要情况 (Description) takes the room the others
#: leave (``LeadColumnFitter``), and a long business name is given more when the window has room to spare
COLUMN_CAP = 320
#: the widest the Numbers column is sized to: one number with room for "…" (a lead of several numbers is cut there
#: and lists them all in its tooltip), so that three numbers do not push the Description out of the window
NUMBERS_WIDTH = "0757****5678 …"
#: the narrowest the Business column is made to keep the deadline columns in a narrow window: a company name cut
#: after its first characters (the whole name is in the cell's tooltip); narrow enough for a 1024-pixel window to
#: keep the deadline columns of an overdue lead, which say （已逾期） (session 75)
BUSINESS_FLOOR = "佛山市某某某…"
#: the room the Description keeps before a long business name is widened beyond ``COLUMN_CAP``
DESCRIPTION_ROOM = 480


class LeadColumnFitter(ColumnFitter):
    """The lead list's columns fill its width: the Description (简要情况) takes what the others leave, not the
    Reporter column last (blank on most leads), and goes past the right edge (scrolled to) when a narrow window has
    no room for it; with room to spare, a long business name the list cut at ``COLUMN_CAP`` is widened first, up to
    its whole width (``business_wants``), the Description keeping at least ``DESCRIPTION_ROOM``."""

    def __init__(self, view, description: int, business: int):
        super().__init__(view, (description,))
        self.description, self.business = description, business
        self.business_wants = 0  # the width the widest business name of the rows sampled needs

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        if self.business not in self.dragged and self.description not in self.dragged:
            others = sum(header.sectionSize(c) for c in range(header.count())
                         if c not in (self.description, self.business) and not header.isSectionHidden(c))
            spare = self.view.viewport().width() - others - COLUMN_CAP - DESCRIPTION_ROOM
            width = min(self.business_wants, COLUMN_CAP + max(spare, 0)) if self.business_wants > COLUMN_CAP \
                else header.sectionSize(self.business)
            # the columns left of the Description (its deadlines among them) stay in a narrow window: the business
            # gives up what they lack, down to BUSINESS_FLOOR (the name is cut, whole in its tooltip)
            left = sum(header.sectionSize(c) for c in range(header.count()) if c != self.business
                       and not header.isSectionHidden(c) and header.visualIndex(c) < header.visualIndex(self.description))
            floor = text_width(self.view, [BUSINESS_FLOOR])
            width = min(width, max(self.view.viewport().width() - left, floor, 0)) if width > floor else width
            with self.quiet():
                header.resizeSection(self.business, width)
        super().fit()


class ComplaintModel(MaskedRecordModel):
    """Complaints found by a search (``ComplaintHit``): the complainant's number comes masked from the store,
    the numbers in the text are masked here (before the snippet is cut, so that no number is cut in half).
    Pages of ``PAGE`` hits are fetched as the view scrolls: by ``read_more`` when set (the leads page reads them in
    the background and hands them to ``add_found``), else here."""

    PAGE = 200

    def __init__(self, parent=None):
        columns = [
            (N_("Received"), lambda r: shown_received(r.received_at)),  # a date-only export: the date alone
            (N_("Work order"), lambda r: r.external_id),
            (N_("Complainant"),
             lambda r: self.revealed.get(r.id, {}).get("complainant_phone") or r.complainant or "—"),
            (N_("Text"), lambda r: self.marked_text(r)[0]),
            (N_("Screening result"), self.screening_result),  # shown before the text (``SCREENING_COLUMN``)
        ]
        super().__init__(columns, "complaint", ("complainant_phone", "text"), parent)
        self._db, self._text, self._exhausted = None, "", True
        # each row's Text cell (its snippet masked, and its marks) by complaint and whether its numbers are shown:
        # worked out once, not again for each of the roles a cell is asked for as it is sized and painted
        self._marked: dict[tuple[str, bool], tuple[str, list[tuple[int, int]]]] = {}
        self._results: dict[str, str] = {}  # each row's screening result, by complaint
        self.verdicts: dict[str, dict] = {}  # the officer's verdicts on the complaints listed (marked 人工更正)
        # reads the next page of the search (its query, the complaints listed) and hands it to ``add_found``
        self.read_more: Callable[[str, int], None] | None = None

    TEXT_COLUMN = 3
    WORK_ORDER_COLUMN = 1
    SCREENING_COLUMN = 4

    def screening_result(self, record) -> str:
        """What screening made of the complaint (相关, 不相关, not screened yet), 已更正 when an officer corrected it,
        and the lead it is in (named by its numbers, masked, else its business)."""
        said = self._results.get(record.id)
        if said is not None:  # worked out once a list (and again when the verdicts are read)
            return said
        said = _("Relevant") if record.category else _("Not relevant") if record.screened else _("Not screened")
        if record.id in self.verdicts:
            said = _("Corrected: {result}").format(result=said)
        if record.lead_id and record.lead_name:
            said = _("{result}, lead {lead}").format(
                result=said, lead=mask_text(record.lead_name.replace(" ", "、"), self.rules))
        self._results[record.id] = said
        return said

    def marked_text(self, record) -> tuple[str, list[tuple[int, int]]]:
        """The Text cell of ``record``: its snippet as shown (masked unless revealed) and where every word of the
        search is in it, which ``MarkedTextDelegate`` highlights (``MARKS_ROLE``). A complaint the search found by
        the business complained of alone (被投诉方, which the text does not write) has that name before the text,
        labelled as the pane below labels it, masked as the text is and the words marked in it: the row says why it
        was found. So does one whose snippet marks some words of the search but not one the name holds (鸿运 推销:
        推销 in the text, 鸿运 in the name alone)."""
        revealed = "text" in self.revealed.get(record.id, {})
        key = (record.id, revealed)
        marked = self._marked.get(key)
        if marked is None:
            shown = self.shown(record, "text")
            marked = marked_pieces(snippet(record.text, list(record.words), shown=shown, rules=record.rules))
            if (name := record.target_name.strip()) and record.words:
                unmarked = self._unmarked_words(record, shown, len(marked[1]))
                if unmarked:
                    marked = self._with_party(marked, name, name if revealed else mask_text(name, self.rules),
                                              record, unmarked) or marked
            self._marked[key] = marked
        return marked

    @staticmethod
    def _unmarked_words(record, shown: str, marks: int) -> list[str]:
        """The words of the search that none of the first ``marks`` marks of the text (those its snippet shows, in
        order: ``snippet``) holds; ``shown`` the text as shown."""
        spans = shown_spans(record.text, shown, list(record.words), record.rules)[:marks]
        return [word for word in record.words
                if not any(start <= a and b <= end for a, b in shown_spans(record.text, shown, [word], record.rules)
                           for start, end in spans)]

    @staticmethod
    def _with_party(marked: tuple[str, list[tuple[int, int]]], name: str, shown_name: str, record,
                    unmarked: list[str]) -> tuple[str, list[tuple[int, int]]] | None:
        """``marked`` (a snippet without its marks, and the marks) after the business complained of as shown
        (``shown_name``), every word of the search marked in the name and the snippet's marks kept; None when none
        of the words ``unmarked`` (those the snippet does not mark) is in the name."""
        if not shown_spans(name, shown_name, unmarked, record.rules):
            return None
        text, text_marks = marked
        marks = shown_spans(name, shown_name, list(record.words), record.rules)
        party = _("{column}: {value}").format(column=_("Complained-about party"), value="\0")
        cell = _("{party} | {text}").format(party=party, text="\1")
        name_at, text_at = cell.index("\0"), cell.index("\1")
        if text_at < name_at:  # a language writing the text first
            name_at += len(text) - 1
        else:
            text_at += len(shown_name) - 1
        cell = cell.replace("\1", text).replace("\0", shown_name)
        return cell, sorted([(name_at + start, name_at + end) for start, end in marks]
                            + [(text_at + start, text_at + end) for start, end in text_marks])

    def set_records(self, records) -> None:
        self._marked, self._results = {}, {}  # another search: other words marked, other results
        super().set_records(records)

    def data(self, index, role: int = DISPLAY_ROLE):
        if role in UNANSWERED_ROLES:  # asked for every cell each time the columns are sized: answered at once
            return None
        if role == MARKS_ROLE:
            if index.isValid() and index.column() == self.TEXT_COLUMN and 0 <= index.row() < len(self.records):
                return self.marked_text(self.records[index.row()])[1]
            return None
        value = super().data(index, role)
        if role in (DISPLAY_ROLE, TOOLTIP_ROLE):
            return marked_data(self, index, role, self.verdicts, self.WORK_ORDER_COLUMN, value)
        return value

    def read_verdicts(self) -> None:
        """Read the officer's verdicts on the complaints listed again."""
        from workstation.screening.verdict import verdicts_of

        self.verdicts = verdicts_of(self._db, [r.id for r in self.records]) if self._db is not None else {}
        self._results = {}  # a verdict corrected says so in the result

    @property
    def searched(self) -> str:
        """The query the rows shown were found for."""
        return self._text

    def masked_fields(self, record) -> list[str]:
        return ["complainant_phone"] * bool(record.complainant) + ["text"] * (mask_text(record.text) != record.text)

    def first_page(self, at_least: int = 0) -> int:
        """How many complaints the first page of a search reads: a page, or as many as the list had loaded."""
        return max(self.PAGE, at_least)

    def show_found(self, db, text: str, rows: list, limit: int, verdicts: dict[str, dict]) -> None:
        """Show ``rows``, the first ``limit`` complaints found for ``text`` (fewer: all of them), with the officer's
        ``verdicts`` on them; the next pages are read from ``db`` as the view scrolls."""
        self._db, self._text = db, text
        self._exhausted = len(rows) < limit
        self.verdicts = verdicts  # before the rows: a cell drawn as they are set says 人工更正 already
        self.set_records(rows)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: B008 - Qt's own default argument
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        if self.read_more is not None:
            self.read_more(self._text, len(self.records))
        else:
            self.fetch_page_now()

    def fetch_page_now(self) -> None:
        """Read the next page of the search here, on the calling thread, on the list's own connection (kept open:
        its page cache is left as it is, ``search_complaints``'s ``kept_connection``)."""
        from workstation.store.complaints import search_complaints

        if self._exhausted:
            return
        more = search_complaints(self._db, self._text, limit=self.PAGE, offset=len(self.records), kept_connection=True)
        self._exhausted = len(more) < self.PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self.records), len(self.records) + len(more) - 1)
            self.records.extend(more)
            self.read_verdicts()
            self.endInsertRows()

    def add_found(self, text: str, offset: int, rows: list, verdicts: dict[str, dict]) -> bool:
        """Append ``rows``, the page found for ``text`` from ``offset`` on (``read_more``), with the officer's
        ``verdicts`` on them; False, nothing changed, when the list is no longer the one the page continues (another
        query searched, or the list read again, since it was asked for)."""
        if text != self._text or offset != len(self.records) or self._exhausted:
            return False
        self._exhausted = len(rows) < self.PAGE
        if rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self.records.extend(rows)
            self.verdicts.update(verdicts)
            self.endInsertRows()
        return True


class LeadExtensionDialog(AsksBeforeDropping, QDialog):
    """Record the approved extension of a lead's T1 verification period: by how many working days, approved on
    which day and by whom; each field says what is wrong with it as the officer types (the rules of clocks.toml's
    T1, as for a case), and Save stays disabled until nothing is. The rules allow one extension: for a lead
    already extended the dialog corrects the recorded extension (``correcting``), and says so."""

    FIELDS = ("days", "approved_on", "approved_by")

    def __init__(self, db, lead: dict, prompts, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.lead, self.prompts = db, lead, prompts
        self.saved: dict | None = None
        self.correcting = bool(lead["extension_days"])
        rule = clocks.rule("T1")
        self.setWindowTitle(_("Correct the recorded extension") if self.correcting
                            else _("Extend the verification period"))
        self.days = QSpinBox()
        self.days.setObjectName("days")
        self.days.setRange(0, 3650)
        self.days.setValue(lead["extension_days"] or rule.extension_days)
        self.approved_on = DateEdit(QDate.fromString(lead["extension_approved_on"] or "", "yyyy-MM-dd")
                                     if lead["extension_approved_on"] else QDate.fromString(today(), "yyyy-MM-dd"))
        self.approved_on.setObjectName("approved_on")
        self.approved_on.setCalendarPopup(True)
        self.approved_on.setDisplayFormat("yyyy-MM-dd")
        self.approved_by = QLineEdit(lead["extension_approved_by"] or "")
        self.approved_by.setObjectName("approved_by")
        self.approved_by.setPlaceholderText(rule.extension_approval)
        self.errors = {field: error_label(field) for field in self.FIELDS}
        form = QFormLayout()
        for field, text, widget in (("days", _("Extended by (working days)"), self.days),
                                    ("approved_on", _("Approved on"), self.approved_on),
                                    ("approved_by", _("Approved by"), self.approved_by)):
            form.addRow(text, widget)
            form.addRow("", self.errors[field])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        said = _("T1 {title}: {period}, extended once with approval by at most {limit}.").format(
            title=rule.title, period=rule.unit_text(), limit=rule.unit_text(rule.extension_limit))
        if self.correcting:
            said += "\n" + _("This lead was already extended by {days}, approved on {date} by {who}: what is saved "
                              "here replaces that record as a correction (the change is audited).").format(
                days=rule.unit_text(lead["extension_days"]), date=lead["extension_approved_on"] or "—",
                who=lead["extension_approved_by"] or "—")
        self.what = what = QLabel(said)
        what.setObjectName("extension_rule")
        what.setWordWrap(True)
        # approved after T1's end as counted through a year without holiday data: said, not refused
        self.warning = QLabel("")
        self.warning.setObjectName("extension_warning")
        self.warning.setWordWrap(True)
        self.warning.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        for signal in (self.days.valueChanged, self.approved_on.dateChanged, self.approved_by.textChanged):
            signal.connect(self.validate)
        self.validate()
        # Ctrl+Z takes back the last change of any field (the days, the day approved, who approved), Ctrl+Y redoes it
        self.fields_history = FieldsHistory(self, {"days": self.days, "approved_on": self.approved_on,
                                                   "approved_by": self.approved_by}, "lead_extension")
        self.mark_loaded()

    def values(self) -> tuple[int, str, str]:
        return self.days.value(), self.approved_on.date().toString("yyyy-MM-dd"), self.approved_by.text()

    def typed(self) -> tuple:
        return self.values()

    def validate(self) -> dict[str, str]:
        from workstation.leads_workflow import lead_extension_errors, lead_extension_warning

        errors = lead_extension_errors(self.db, self.lead, *self.values(), correcting=self.correcting)
        shown = dict(errors)
        if "status" in shown:  # a lead decided meanwhile: said where the officer looks
            shown["days"] = shown.pop("status")
        show_field_errors(self.errors, shown, self.buttons)
        warning = "" if "approved_on" in errors else lead_extension_warning(self.db, self.lead, self.values()[1])
        self.warning.setText(warning)
        self.warning.setVisible(bool(warning))
        return errors

    def save(self) -> None:
        from workstation.leads_workflow import extend_lead

        try:
            self.saved = extend_lead(self.db, self.lead["id"], *self.values(), correct=self.correcting)
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            return
        self.accept()


class ReporterToldCorrectionDialog(ReporterToldDialog):
    """Correct the record that the named reporter of a lead was told the decision (T24), a day or way entered
    wrongly: the record shown to change, checked as a new one is, and why it is corrected (required, kept in the
    lead's history with the record replaced); Save replaces the record, audited as a correction."""

    FIELDS = ("reporter_told_on", "reporter_told_how", "reason")

    def __init__(self, db, lead: dict, prompts, parent: QWidget | None = None):
        super().__init__(db, lead, prompts, parent)
        from workstation.leads_workflow import REPORTER_TOLD_HOW

        self.setWindowTitle(_("Correct the record of the reporter told"))
        for widget in (self.declined, self.declined_reason, self.told_form.labelForField(self.declined_reason),
                       self.errors["reporter_declined_reason"]):  # a record of the reporter told is corrected here
            widget.hide()
        self.told_on.setDate(QDate.fromString(lead["reporter_told_on"] or "", "yyyy-MM-dd"))
        self.how.setCurrentIndex(max(self.how.findData(lead["reporter_told_how"] or ""), 0))
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        form = QFormLayout()  # its error label made with the others (``FIELDS``)
        form.addRow(_("Why corrected"), self.reason)
        form.addRow("", self.errors["reason"])
        self.layout().insertLayout(self.layout().count() - 1, form)
        how = REPORTER_TOLD_HOW.get(lead["reporter_told_how"] or "")
        recorded = _("{date} ({how})").format(date=lead["reporter_told_on"], how=_(how)) if how \
            else lead["reporter_told_on"]
        self.what.setText(self.what.text() + "\n" + _(
            "The reporter is recorded as told on {told}: what is saved here replaces that record as a correction, "
            "and the record replaced is kept with the reason in the lead's history.").format(told=recorded))
        self.reason.textChanged.connect(self.validate)
        self.validate()
        self.mark_loaded()

    def typed(self) -> tuple:
        return (*self.values(), self.reason.text() if hasattr(self, "reason") else "")

    def validate(self) -> dict[str, str]:
        from workstation.leads_workflow import reporter_correction_errors

        if not hasattr(self, "reason"):  # the base dialog's own check, before the reason field is made
            return super().validate()
        errors = reporter_correction_errors(self.lead, *self.values(), self.reason.text())
        self.say_late_told({field: text for field, text in errors.items() if field != "reason"})  # the day's own
        return show_field_errors(self.errors, errors, self.buttons)

    def save(self) -> None:
        from workstation.leads_workflow import tell_reporter

        if self.validate():
            return
        try:
            self.saved = tell_reporter(self.db, self.lead["id"], *self.values(), correct=True,
                                       reason=self.reason.text())
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            return
        self.accept()


def _refused_rows(refused: list) -> str | None:
    """Every row the refused files of an import could not read (their ``errors``), one line each — "第5行，受理时间：…。"
    — under the file's name when several files were refused: the message names only each file's first (None when
    no row is named: a file refused whole, at a row too — extra cells, an unclosed quote — whose error names no
    field, says why in the message, not again here)."""
    lines: list[str] = []
    named = [(f, rows) for f in refused if (rows := f.refused_row_lines())]
    for f, rows in named:
        if len(named) > 1:
            lines.append(f"{f.file}:")
        lines += rows
    return "\n".join(lines) or None


def _import_files(database: Path, plan: list[tuple[str, str | None, dict | None]], *, progress, cancel,
                  despite_header: bool = False):
    """Import the exports one file at a time, each with the channel and columns chosen for it in the dialog (None:
    recognised from its own header, where a file of the same channel then finds the columns just remembered), so
    that a hotline .xlsx and a council .csv dropped in together both import; ``despite_header``: the officer
    confirmed a channel chosen against its file's header."""
    from workstation import tasks
    from workstation.errors import Cancelled, DiskFull
    from workstation.importing.complaints import cancelled_midway, file_progress

    result = None
    for number, (path, profile, mapping) in enumerate(plan):
        try:
            done = tasks.import_complaints_task(database, [path], profile=profile, mapping=mapping,
                                                progress=file_progress(progress, number, len(plan)), cancel=cancel,
                                                despite_header=despite_header, last_step=number == len(plan) - 1)
        except DiskFull as exc:  # said of this file by the import; the files before it stay imported
            imported = [f.file for f in result.files if not f.refused] if result is not None else []
            raise exc.not_imported(Path(path).name, imported) from None
        except Cancelled:
            done = [f for f in result.files if not f.refused] if result is not None else []
            if done:
                raise cancelled_midway(Path(path).name, [f.file for f in done],
                                       [Path(p).name for p, _profile, _mapping in plan[number + 1:]],
                                       any(f.imported or f.updated for f in done)) from None
            raise
        if result is None:
            result = done
        else:
            result.files.extend(done.files)
    return result


class LeadsPage(QWidget):
    """Leads and complaints; ``case_opened`` fires when a lead's case should be shown. Enter or a double-click
    on a lead takes its next step (``activate_lead``)."""

    case_opened = Signal(str)
    leads_changed = Signal()  # the leads were read again after a change: their deadlines and figures may differ
    # the screening rules were saved in the rules editor: they say what a telephone number is, so every list masking
    # numbers (the case list's parties and causes) shows them again by the rules now in force
    rules_saved = Signal()

    def __init__(self, db, data_dir: Path, prompts, runner, open_editor=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.data_dir, self.prompts, self.runner = db, Path(data_dir), prompts, runner
        self.import_choices = None  # the import wizard's ColumnChoices, made when it is first opened
        self.open_editor = open_editor
        self.agencies = {a.id: a.short_name for a in list_agencies(db)}
        self.model = LeadModel(self.agencies, self)
        self.view = read_only_table(self.model)
        add_table_menu(self.view)  # sorting and columns by the Menu key or Shift+F10
        self.view.setObjectName("leads")
        self.view.setAccessibleName(_("Leads"))  # said by a screen reader on reaching it (Qt names a table by nothing)
        self.first_control = self.view  # Ctrl+2: the lead list, not the tab bar above it (``MainWindow.go_to_page``)
        size_columns_by_sample(self.view)
        # a header click sorts the list (the counts as numbers, the days as dates); newest received first as read
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().sortIndicatorChanged.connect(lambda column, _order: self._fit_sorted(column))
        names = [name for name, _value in self.model.columns]
        self.fitter = LeadColumnFitter(self.view, names.index("Description"), names.index("Business"))
        self._sized_for, self._sized_widths = None, {}  # what the columns were last sized to (``_size_to_contents``)
        self._deadlines_for, self._deadlines = None, []  # what the deadlines were last counted for (``_lead_deadlines``)
        add_reveal_action(self.view, self.reveal_lead)
        self.view.activated.connect(self.activate_lead)  # Enter, and a double-click
        self.revealed_complaints: dict[str, str] = {}
        self.summary = QLabel()
        self.summary.setObjectName("leads_summary")
        self.summary.setWordWrap(True)  # the figures and the screening's outcome: wrapped, not widening the window
        self.summary.linkActivated.connect(lambda _link: self.tabs.setCurrentWidget(self.without_lead))
        self.buttons: dict[str, QPushButton] = {}
        # two rows, so that the page fits a 1024-pixel-wide window: bringing leads in (registered, imported,
        # screened) with, on the right, the documents of the lead selected; then what is done with that lead. Every
        # button keeps its Alt letter. Where the window is narrower still (a laptop at 150 %: 911 pixels) the
        # buttons wrap, those of the second row going on after the first's (three rows, not four)
        top = WrappingRow()
        intake = ("new_lead", "edit_lead", "import_complaints", "screen", "rules")
        for text, name, slot in ((_("&New lead…"), "new_lead", lambda _checked=False: self.new_lead()),
                                 (_("Edit lead (&6)…"), "edit_lead", lambda _checked=False: self.edit_lead()),
                                 (_("&Import complaints…"), "import_complaints", self.import_complaints),
                                 (_("&Screen and group"), "screen", self.screen),
                                 (_("Screening r&ules…"), "rules", self.edit_rules),
                                 (_("&Assign…"), "assign", self.assign),
                                 (_("Assignment no&tice…"), "assignment_notice",
                                  lambda _checked=False: self.write("assignment_notice")),
                                 (_("Open &document…"), "open_document", lambda _checked=False: self.open_document()),
                                 (_("&Extend T1…"), "extend", self.extend),
                                 (_("Fi&le a case"), "file", self.file_case),
                                 (_("N&ot file…"), "not_file", self.not_file),
                                 (_("&Refer…"), "refer", self.refer),
                                 (_("Ad&vise the reporter…"), "tell_reporter",
                                  lambda _checked=False: self.tell_reporter()),
                                 (_("O&pen case"), "open_case", self.open_case)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            self.buttons[name] = button
        # the lead's internal forms (案件来源登记表, 不予立案审批表, 有关事项审批表): a button's menu of them, each greyed
        # out with the reason while the lead cannot have it
        self.forms_menu = QMenu(self)
        self.forms_menu.setObjectName("lead_forms_menu")
        self.forms_menu.setToolTipsVisible(True)  # a greyed-out form says why
        self.form_actions = {}
        from workstation.formkit import spec
        from workstation.leads_workflow import LEAD_FORMS, LEAD_LETTERS

        for form_id in LEAD_FORMS:
            if form_id in LEAD_LETTERS:
                continue
            # the title read from the form's TOML (parsed once): the drafts, and with them reportlab, are imported
            # when a form is written, not to build the page
            action = self.forms_menu.addAction(spec.load_form(spec.FORMS / f"{form_id}.toml").title + "…")
            action.setObjectName(form_id)
            action.triggered.connect(lambda _checked=False, f=form_id: self.write(f))
            self.form_actions[form_id] = action
        forms = QPushButton(_("Registers and approval ta&bles…"))
        forms.setObjectName("lead_forms")
        forms.setToolTip(_("The lead's internal forms: the case source register, the non-filing approval and the "
                           "matter approval (extending the verification period); and the letter telling a named "
                           "reporter what became of the report (举报处理结果告知书)."))
        forms.setMenu(self.forms_menu)
        self.buttons["lead_forms"] = forms
        # a document issued for the lead (交办通知书, 案件移送函, 不予立案审批表 …) voided with its reason, as a case's
        # are in its documents; beside the lead's forms, the row of its actions being full
        self.void_button = QPushButton(_("Void document (&7)…"))
        self.void_button.setObjectName("void_lead_document")
        self.void_button.setToolTip(_("Void a document issued for the lead, saying why: its 文号 is never given again; "
                                      "voiding the transfer letter that referred the lead reopens it."))
        self.void_button.clicked.connect(lambda _checked=False: self.void_lead_document())
        for name in intake:
            top.add(self.buttons[name])
        # the lead's documents, on the right of the first row
        top.add_together(self.buttons["open_document"], self.void_button, forms, on_right=True)
        top.end_row()
        for name in self.buttons:
            if name not in intake and name not in ("open_document", "lead_forms"):
                top.add(self.buttons[name])
        self.detail = QTextBrowser()
        self.detail.setObjectName("lead_detail")
        self.detail.setAccessibleName(_("Details of the lead selected"))
        self.lead_verdicts: dict[str, dict] = {}  # the officer's verdicts on the lead's complaints shown
        self.lead_verdict_actions: list[QAction] = []  # shown after Copy and Select all (``_detail_menu``)
        for name, text, clear in (("correct_lead_verdict", _("Correct the screening result…"), False),
                                  ("clear_lead_verdict", _("Restore the automatic result"), True)):
            action = QAction(text, self.detail)
            action.setObjectName(name)
            action.triggered.connect(lambda _checked=False, clear=clear: self.correct_lead_complaint(clear))
            self.detail.addAction(action)
            self.lead_verdict_actions.append(action)
        self.detail.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.detail.customContextMenuRequested.connect(self._detail_menu)
        self.lead_complaints: list[dict] = []  # the complaints of the selected lead shown so far
        # the complaints officers' corrections took out of the selected lead, and the blocks of the pane's text
        # each of those and of the lead's complaints takes: (first, last, complaint, taken out), by which a
        # selection in the pane names them; the block where the next complaint added would start
        self.lead_taken_out: list[dict] = []
        self.pane_spans: list[tuple[int, int, dict, bool]] = []
        self.pane_next_block = 0
        self.show_dialog = show_modally  # shows the picker of a lead's complaints modally (tests drive it instead)
        self.lead_docs: list = []  # the documents issued for the selected lead (IssuedDocument)
        self.lead_complaint_count = 0
        self._reading: tuple[str, int, int] | None = None  # (lead, complaints shown, scroll) kept through a refresh
        self.complaints_shown = QLabel()
        self.complaints_shown.setObjectName("lead_complaints_shown")
        self.more_complaints = QPushButton(_("Show &more complaints"))
        self.more_complaints.setObjectName("more_complaints")
        self.more_complaints.clicked.connect(lambda _checked=False: self.show_more_complaints())
        # the two verdict actions of the pane's context menu as buttons beside it too, enabled as those are (the pane's
        # heading of the complaints taken out names 恢复自动结论); the page's letters are all taken but Z: the second
        # one takes a digit, as the filters do
        self.verdict_buttons: dict[str, QPushButton] = {}
        more = QHBoxLayout()
        more.setContentsMargins(0, 0, 0, 0)
        more.addWidget(self.complaints_shown, 1)
        for action, text in zip(self.lead_verdict_actions, (_("Correct the screening result (&Z)…"),
                                                            _("Restore the automatic result (&5)")), strict=True):
            button = QPushButton(text)
            button.setObjectName(action.objectName() + "_button")
            button.setToolTip(_("On the complaints selected in the text above, else on those you pick."))
            button.clicked.connect(action.trigger)
            more.addWidget(button)
            self.verdict_buttons[action.objectName()] = button
        more.addWidget(self.more_complaints)
        # as low as two lines before a lead is selected (a sliver the list does not miss at 700 pixels high)
        self.detail.setMinimumHeight(self.detail.fontMetrics().lineSpacing() * 2 + 2 * self.detail.frameWidth())
        pane = QWidget()
        pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(0, 0, 0, 0)
        pane_layout.addWidget(self.detail, 1)
        pane_layout.addLayout(more)
        # the list comes first: the pane of the lead's complaints is small until a lead is selected (the list then
        # keeps two thirds), and may be dragged shut; once dragged, or restored from the last session
        # (``restore_splitter``), its size is the officer's
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("leads_splitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([PANE_UNSELECTED[0], PANE_UNSELECTED[1]])
        self.pane_sized = False  # the officer sized the pane (dragged it, or a session's sizes restored)
        self.laid_out = False  # shown once: the split set in ``showEvent``
        self.splitter.splitterMoved.connect(lambda *_args: setattr(self, "pane_sized", True))
        self.all_leads: list[dict] = []  # every lead read by ``refresh``; the list shows those the filters keep
        filters = self._lead_filter_bar()
        # a data folder with no lead yet: what to do, where the empty table would be
        self.empty_note = QLabel()
        self.empty_note.setObjectName("leads_empty")
        self.empty_note.setWordWrap(True)
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_note.hide()
        leads_tab = QWidget()
        column = QVBoxLayout(leads_tab)
        column.addWidget(self.summary)
        column.addLayout(top)
        column.addLayout(filters)
        column.addWidget(self.splitter, 1)
        column.addWidget(self.empty_note, 1)
        # the tabs' Alt letters are none of the buttons' above (shown with the tabs) nor the menus' (F, C, G, H)
        self.tabs = QTabWidget()
        self.tabs.addTab(leads_tab, _("Lead &worklist"))
        self.search_stale = False  # the complaints changed since the search list was read
        self.stale_elsewhere = False  # another program changed the records since the leads were read (``mark_stale``)
        self.search_tab = self._search_tab()
        self.tabs.addTab(self.search_tab, _("Complaints by &keyword"))
        self.without_lead = WithoutLeadTab(db, prompts, runner=runner, database=database_path(self.data_dir))
        self.without_lead.lead_made.connect(self._lead_made)
        self.without_lead.verdict_changed.connect(self._verdict_corrected_without_lead)
        self.tabs.addTab(self.without_lead, _("Related, &yet in no lead"))
        self.tabs.currentChanged.connect(lambda _index: self._tab_shown())
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Leads")))
        layout.addWidget(self.tabs, 1)
        self.view.selectionModel().currentRowChanged.connect(lambda *_args: self._selected_changed())
        self.refresh()

    # the list's search and filters ---------------------------------------------------------------------------
    def _lead_filter_bar(self) -> WrappingRow:
        """Search (numbers, business, description: the stored values, masked as shown) and the status, district,
        sector and channel filters over the leads read; Down from the search goes to the first lead found, Escape
        clears it."""
        self.lead_search = QLineEdit()
        self.lead_search.setObjectName("lead_search")
        self.lead_search.setPlaceholderText(_("Number, business or description"))
        self.lead_search.setToolTip(_("Find leads by a number or part of one, the business or the description "
                                      "(the numbers are searched whole, though shown masked)."))
        self.lead_search.setClearButtonEnabled(True)
        self.lead_filters: dict[str, QComboBox] = {}
        bar = WrappingRow()  # (on a narrow window the filters go on to a second row)
        bar.add_together(buddy_label(_("Search (&Q)"), self.lead_search), self.lead_search, stretch=True)
        # each filter behind its label: the page's letters are all taken (its buttons, tabs, search and the menus),
        # so Alt+1 … Alt+4 reach them, left to right
        for name, everything, text in (("status", _("All statuses"), _("Status (&1)")),
                                       ("district", _("All districts"), _("District (&2)")),
                                       ("sector", _("All sectors"), _("Sector (&3)")),
                                       ("source", _("All channels"), _("Source (&4)"))):
            combo = QComboBox()
            combo.setObjectName(f"lead_{name}_filter")
            combo.addItem(everything, None)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _index: self.apply_lead_filters())
            self.lead_filters[name] = combo
            bar.add_together(buddy_label(text, combo), combo)
        self.leads_shown = QLabel()
        self.leads_shown.setObjectName("leads_shown")
        bar.add(self.leads_shown)
        self._lead_search_timer = QTimer(self)
        self._lead_search_timer.setSingleShot(True)
        self._lead_search_timer.setInterval(SEARCH_DELAY_MS)
        self._lead_search_timer.timeout.connect(self.apply_lead_filters)
        self.lead_search.textChanged.connect(lambda _text: self._lead_search_timer.start())
        self.lead_search.returnPressed.connect(self.apply_lead_filters)
        self.lead_search.installEventFilter(self)
        return bar

    def _fill_lead_filters(self, rows: list[dict]) -> None:
        """Offer in each filter the values the leads have (the one chosen kept, even when no lead has it now)."""
        values = {
            "status": {label: label for label in state_labels(rows).values()},
            "district": {d: d for d in {r["district"] for r in rows} if d},
            "sector": {k: shown_label("sectors", k) for k in {r["sector"] for r in rows} if k},  # each key once
            "source": {k: shown_label("lead_sources", k) for k in {r["source"] for r in rows}},
        }
        for name, combo in self.lead_filters.items():
            chosen = combo.currentData()
            offered = dict(sorted(values[name].items(), key=lambda item: item[1]))
            if chosen is not None and chosen not in offered:
                offered[chosen] = combo.currentText()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in offered.items():
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen is not None else 0)
            combo.blockSignals(False)

    def lead_filtered(self) -> bool:
        """Whether the search or a filter leaves leads out of the list."""
        return bool(self.lead_search.text().strip()) or any(c.currentData() is not None
                                                             for c in self.lead_filters.values())

    def _lead_wanted(self) -> dict:
        """{filter: the value chosen, None for all} (read once for a list, not once a lead)."""
        return {name: combo.currentData() for name, combo in self.lead_filters.items()}

    def _kept_leads(self, rows: list[dict]) -> list[dict]:
        """The leads of ``rows`` that ``_lead_kept`` keeps, the filters chosen read once."""
        wanted = self._lead_wanted()
        return [r for r in rows if self._lead_kept(r, wanted)]

    def _lead_kept(self, lead: dict, wanted: dict | None = None) -> bool:
        """Whether ``lead`` passes the filters chosen and holds every word searched (``lead_holds``: a number's
        digits found in its numbers however it was typed, 0757-8583 finds 075785836433, or as lists mask it,
        130****9670)."""
        wanted = wanted if wanted is not None else self._lead_wanted()
        if wanted["status"] is not None and lead_state_label(lead) != wanted["status"]:
            return False
        for name in ("district", "sector", "source"):
            if wanted[name] is not None and lead[name] != wanted[name]:
                return False
        return lead_holds(lead, self.lead_search.text())

    def apply_lead_filters(self) -> None:
        """Show the leads the search and filters keep, the lead selected kept selected while it is shown."""
        self._lead_search_timer.stop()
        chosen = self.selected_id()
        self.model.set_records(self._kept_leads(self.all_leads))
        self._say_leads_shown()
        ids = [r["id"] for r in self.model.records]
        if chosen in ids:
            self.view.selectRow(ids.index(chosen))
            self.view.scrollTo(self.view.currentIndex())
        self._selected_changed()

    def clear_lead_filters(self) -> None:
        """Every lead listed again: the search cleared, each filter back to all."""
        self.lead_search.blockSignals(True)
        self.lead_search.clear()
        self.lead_search.blockSignals(False)
        for combo in self.lead_filters.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.apply_lead_filters()

    def filter_state(self) -> str:
        """The filters chosen (status, district, sector, channel: each one's value, none for all), as JSON, kept with
        the window geometry so that the list comes back filtered as it was left; the search is not kept (it may
        hold a phone or ID number, which ui.ini must not)."""
        return json.dumps({name: combo.currentData() for name, combo in self.lead_filters.items()
                           if combo.currentData() is not None}, ensure_ascii=False, sort_keys=True)

    def restore_filters(self, state) -> None:
        """Choose again the filters of ``filter_state`` and list the leads they keep; a value no lead has any more
        (a district whose leads were all merged away), or a state that is not what ``filter_state`` writes, leaves
        its filter at all."""
        try:
            chosen = json.loads(state) if isinstance(state, str) and state else {}
        except ValueError:
            chosen = {}
        if not isinstance(chosen, dict):
            return
        for name, combo in self.lead_filters.items():
            row = combo.findData(chosen[name]) if isinstance(chosen.get(name), str) else -1
            if row > 0:
                combo.blockSignals(True)
                combo.setCurrentIndex(row)
                combo.blockSignals(False)
        self.apply_lead_filters()

    def _say_leads_shown(self) -> None:
        shown, total = self.model.rowCount(), len(self.all_leads)
        self.leads_shown.setText(_("{shown} of {total} leads shown").format(shown=shown, total=total)
                                 if self.lead_filtered() else "")

    def eventFilter(self, watched, event) -> bool:
        """In the lead search: Down or PageDown goes to the first lead found, Escape clears the search; the same in
        the complaint search (``_complaint_search_key``)."""
        if watched is getattr(self, "search", None) and event.type() == QEvent.Type.KeyPress and \
                not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return self._complaint_search_key(event) or super().eventFilter(watched, event)
        if watched is getattr(self, "lead_search", None) and event.type() == QEvent.Type.KeyPress and \
                not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                if self._lead_search_timer.isActive():  # typed, not searched yet: the results first
                    self.apply_lead_filters()
                if self.model.rowCount():
                    self.view.setFocus(Qt.FocusReason.OtherFocusReason)
                    self.view.selectRow(0)
                    self.view.scrollTo(self.model.index(0, 0))
                return True
            if event.key() == Qt.Key.Key_Escape and self.lead_search.text():
                self.lead_search.clear()
                self.apply_lead_filters()
                return True
        return super().eventFilter(watched, event)

    # leads -------------------------------------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        """Read the leads again, the lead ``select`` (default: the one selected) selected; when it is the lead shown,
        the officer's place is kept: as many of its complaints shown as before, the pane and the list scrolled as
        they were."""
        select = select or self.selected_id()
        self.stale_elsewhere = False
        shown = self.lead_complaints[0].get("lead_id") if self.lead_complaints else None
        self._reading = (select, len(self.lead_complaints), self.detail.verticalScrollBar().value()) \
            if select and select == shown else None
        list_scroll = self.view.verticalScrollBar().value()
        self.revealed_complaints = {}
        self.lead_complaints = []  # read again: screening may have regrouped them
        rows = lead_rows(self.db)
        counted = self._lead_deadlines(rows)
        dues = {d.lead_id: d for d in counted if d.clock == "T1"}
        tells = {d.lead_id: d for d in counted if d.clock == "T24"}  # the named reporter to be told (T24)
        for row in rows:
            deadline, tell = dues.get(row["id"]), tells.get(row["id"])
            row["due"] = deadline.due if deadline else ""
            row["due_confirmed"] = deadline.confirmed if deadline else True  # False: counted in a year without data
            row["overdue"] = bool(deadline and deadline.state == "overdue")
            row["tell_by"] = tell.due if tell else ""
            row["tell_confirmed"] = tell.confirmed if tell else True  # False: counted in a year without data
            row["tell_overdue"] = bool(tell and tell.state == "overdue")
        self.all_leads = rows
        self._fill_lead_filters(rows)
        self.model.set_records(self._kept_leads(rows))
        self._say_leads_shown()
        with self.fitter.quiet():  # sized from code, not by the officer: the fit goes on
            dragged = {c: self.view.columnWidth(c) for c in self.fitter.dragged}
            header = self.view.horizontalHeader()
            # sized without the room of the sort arrow, which only the column sorted by needs (``_fit_sorted``): with
            # it in every header the list no longer fits a 1024-pixel-wide window
            header.setSortIndicatorShown(False)
            self._size_to_contents()
            self.fitter.business_wants = self.view.columnWidth(self.fitter.business)
            numbers = [name for name, _value in self.model.columns].index("Numbers")
            numbers_cap = self.view.fontMetrics().horizontalAdvance(NUMBERS_WIDTH) + 2 * self.view.style().pixelMetric(
                QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
            for column in range(self.model.columnCount()):
                cap = numbers_cap if column == numbers else COLUMN_CAP
                self.view.setColumnWidth(column, dragged.get(column, min(self.view.columnWidth(column), cap)))
            # the short columns as wide as their widest value in any lead, not that of the rows sampled (a count of
            # three digits past the first 200 rows was cut to "3…"); the deadlines measured as Qt sizes a column
            deadlines = {c for c, (name, _value) in enumerate(self.model.columns) if name in ("Decide by", "Tell by")}
            for column, texts in self._short_column_texts(rows).items():
                if column not in dragged:
                    measure = cell_width if column in deadlines else text_width
                    self.view.setColumnWidth(column, max(self.view.columnWidth(column), header.sectionSizeHint(column),
                                                         measure(self.view, texts)))
            header.setSortIndicatorShown(True)
        self._fit_sorted(header.sortIndicatorSection())
        self.splitter.setVisible(bool(rows))
        self.empty_note.setVisible(not rows)
        if not rows:
            self.empty_note.setText(_("No leads yet: click “{import_}” to import the exports of the 12345 hotline "
                                      "or the consumer council, or “{new}” to register a lead.").format(
                import_=plain_label(self.buttons["import_complaints"].text()) + "…",
                new=plain_label(self.buttons["new_lead"].text()) + "…"))
        counts, labels = {}, state_labels(rows)
        for row in rows:
            state = labels[label_key(row)]
            counts[state] = counts.get(state, 0) + 1
        complaints, related, in_leads = complaint_totals(self.db)  # as the statistics count them
        self._say_no_complaint(not complaints)
        self.summary.setVisible(bool(rows or complaints))  # nothing to count yet: the empty list says what to do
        overdue = sum(1 for r in rows if r["overdue"])
        states = list_join(_("{state} {n}").format(state=k, n=v) for k, v in counts.items()) or "—"
        # past its verification period (T1: 15 working days, 30 once extended) with no decision whether to file
        text = _("{n} leads ({states}); {overdue} past the verification period without a decision whether to file; "
                 "{complaints} complaints imported, {related} of them concern personal information, {in_leads} of "
                 "those grouped into leads.").format(
            n=len(rows), states=states, overdue=overdue, complaints=complaints, related=related, in_leads=in_leads)
        from workstation.leads_workflow import assigned_late, reassigned_late

        late = reassigned_late(self.db)  # re-assigned after a deadline had passed: that lateness is not wiped out
        if late:
            text += ngettext(" {n} lead was re-assigned after the deadline of the office it was first assigned to had "
                             "passed (see its history).", " {n} leads were re-assigned after the deadline of the "
                             "office they were first assigned to had passed (see their history).", late).format(n=late)
        late = assigned_late(self.db)  # first assigned after its T1 from the receipt had ended: kept likewise
        if late:
            text += ngettext(" {n} lead was assigned after its verification period had ended (see its history).",
                             " {n} leads were assigned after their verification period had ended (see their "
                             "history).", late).format(n=late)
        if related > in_leads:  # the others, and why, are listed on their own tab: the summary links to it
            text = escape(text) + " <a href='without_lead'>{}</a>".format(unbroken(_(
                "{n} related complaints are in no lead: see why").format(n=related - in_leads)))
        self.summary.setText(text)
        if select:
            self.select(select)
        self._selected_changed()
        self._reading = None
        self.view.verticalScrollBar().setValue(list_scroll)  # the list where it was, the selected lead in view
        if self.view.currentIndex().isValid():
            self.view.scrollTo(self.view.currentIndex())
        # the complaints may have changed too (an import, a screening, rules put in force, a merge): the search
        # list is read again now when it shows, else when its tab is next opened
        self.search_stale = self.without_lead.stale = True
        self._tab_shown()
        self.leads_changed.emit()

    def _tab_shown(self) -> None:
        """Read the list of the tab shown again when the complaints changed since it was read."""
        shown = self.tabs.currentWidget()
        if shown is self.search_tab and self.search_stale:
            self.refresh_search()
        elif shown is self.without_lead and self.without_lead.stale:
            self.without_lead.refresh()

    def selected(self) -> dict | None:
        index = self.view.currentIndex()
        return self.model.records[index.row()] if index.isValid() else None

    def selected_id(self) -> str | None:
        row = self.selected() if hasattr(self, "model") else None
        return row["id"] if row else None

    def select(self, lead_id: str) -> None:
        """Select ``lead_id`` in the list; a lead the search or a filter leaves out is shown with every lead again
        (a lead just made or chosen elsewhere must be seen)."""
        ids = [r["id"] for r in self.model.records]
        if lead_id not in ids and any(r["id"] == lead_id for r in self.all_leads):
            self.clear_lead_filters()
            ids = [r["id"] for r in self.model.records]
        if lead_id in ids:
            self.tabs.setCurrentIndex(0)
            self.view.selectRow(ids.index(lead_id))

    def _lead_deadlines(self, rows: list[dict]) -> list:
        """The T1 and T24 deadlines of the leads (``clocks.lead_deadlines``), the dates only: the list names each lead
        in its own columns. Counted again only when a lead, the day, the calendar or a rule changed since the last
        refresh (a visit of the page with nothing changed counts nothing)."""
        engine = clocks.engine_for(self.db)
        counted_for = (engine.today, engine.cal, clocks.rule("T1"), clocks.rule("T24"),
                       [tuple(row.values()) for row in rows])
        if counted_for != self._deadlines_for:
            self._deadlines = clocks.lead_deadlines(self.db, engine, with_filing=True, labelled=False)
            self._deadlines_for = counted_for
        return self._deadlines

    def _size_to_contents(self) -> None:
        """Size the columns to the rows sampled (``size_columns_by_sample``), but the Description, which the fitter
        gives the room the others leave whatever its text; when the list shows the same leads, in the same order,
        font, language and place as when last sized (a visit, a refresh with nothing changed), the widths found then
        are given again rather than each sampled cell laid out anew (a third of a second for a few thousand leads)."""
        from workstation.i18n import language

        view = self.view
        sized_for = (language(), view.font().toString(), view.isVisible(), view.viewport().height(),
                     view.verticalScrollBar().value(), sorted(self.agencies.items()),
                     [tuple(record.values()) for record in self.model.records])
        if sized_for == self._sized_for:
            for column, width in self._sized_widths.items():
                view.setColumnWidth(column, width)
            return
        for column in range(self.model.columnCount()):
            if column != self.fitter.description:
                view.resizeColumnToContents(column)
        self._sized_for = sized_for
        self._sized_widths = {c: view.columnWidth(c) for c in range(self.model.columnCount())
                              if c != self.fitter.description}

    def _short_column_texts(self, rows: list[dict]) -> dict[int, list[str]]:
        """The widest value each short column holds in any lead, not only in the rows sampled: the channels, statuses,
        sectors, districts and offices of the leads, the largest count of complaints, and the deadlines with what
        follows their day (日历待核实, 已逾期: an overdue lead past the rows sampled, the list being newest first, was
        cut to "2026-03-09（已…")."""
        names = [name for name, _value in self.model.columns]
        # each column's text worked out for one lead of each value it shows, not for every lead
        present = {name: sorted({text(r) for r in {SHORT_COLUMNS[name](r): r for r in rows}.values()}) or ["—"]
                   for name, text in self.model.columns if name in SHORT_COLUMNS}
        # the days all as wide: one text for each calendar caution and lateness a deadline is shown with
        for name, day, confirmed, overdue in (("Decide by", "due", "due_confirmed", "overdue"),
                                              ("Tell by", "tell_by", "tell_confirmed", "tell_overdue")):
            present[name] = ["—", *{(r.get(confirmed, True), bool(r.get(overdue))): shown_day(
                r[day], r.get(confirmed, True), r.get(overdue)) for r in rows if r.get(day)}.values()]
        return {**{names.index(name): texts for name, texts in present.items()},
                names.index("Complaints"): [str(max((r["complaint_count"] or 0 for r in rows), default=0))]}

    def _fit_sorted(self, column: int) -> None:
        """The column the list is sorted by at least as wide as its header with the sort arrow (the others are
        sized without it), unless the officer sized it; the Description takes up the difference."""
        header = self.view.horizontalHeader()
        if 0 <= column < header.count() and column not in self.fitter.dragged and \
                header.sectionSize(column) < header.sectionSizeHint(column):
            with self.fitter.quiet():
                header.resizeSection(column, header.sectionSizeHint(column))
        self.fitter.fit()

    def _selected_changed(self) -> None:
        lead = self.selected()
        open_ = lead is not None and lead["status"] in ("registered", "assigned")
        if lead is None or open_:
            why = _("Select a lead first.") if lead is None else None
        else:  # decided: say how, and which leads these buttons are for
            why = _("The lead is {status}: only a registered or assigned lead can still be assigned, extended, filed "
                    "or referred.").format(status=lead_state_label(lead))
        for name in ("assign", "extend", "file", "not_file", "refer", "assignment_notice"):
            enable_or_say_why(self.buttons[name], why)
        if open_ and lead["case_id"]:  # 立案中: decided with its case, its T1 counted (and extended) there
            for name in ("assign", "extend", "file", "not_file", "refer"):
                enable_or_say_why(self.buttons[name], _(
                    "A case was opened for this lead and awaits filing: the lead is filed, or not filed, with that "
                    "case (Open case)."))
        withdrawing = lead is not None and lead["status"] == "not_filed"  # the button withdraws the decision
        self.buttons["not_file"].setText(_("Withdraw n&ot filing…") if withdrawing else _("N&ot file…"))
        if withdrawing:
            from workstation.leads_workflow import withdrawal_refusal

            enable_or_say_why(self.buttons["not_file"], withdrawal_refusal(self.db, lead))
        # the rules allow one extension: a lead extended already has its extension corrected, not another added
        self.buttons["extend"].setText(_("Correct T1 &extension…") if lead and lead["extension_days"]
                                       else _("&Extend T1…"))
        if open_:
            from workstation.leads_workflow import notice_refusal, others_lead_refusal

            # re-assigned by headquarters to another agency: that agency decides it, and counts its T1
            if others := others_lead_refusal(self.db, lead):
                for name in ("assign", "extend", "file", "not_file", "refer"):
                    enable_or_say_why(self.buttons[name], others)
            refusal = notice_refusal(self.db, lead)
            if refusal:
                enable_or_say_why(self.buttons["assignment_notice"], refusal)
            if not lead["agency_id"]:  # its case would have no bureau to be filed by: greyed out, not refused later
                enable_or_say_why(self.buttons["file"], _(
                    "Assign the lead to a bureau or office first: its case is filed by the agency it is assigned to."))
            if not lead["case_id"] and not others:
                from workstation.leads_workflow import not_filing_refusal

                # no bureau to issue its 不予立案审批表: greyed out, saying why, as decide_lead refuses it
                if refusal := not_filing_refusal(self.db, lead):
                    enable_or_say_why(self.buttons["not_file"], refusal)
        from workstation.leads_workflow import reporter_correction_refusal, reporter_refusal

        # the reporter is told once: a lead recorded told has its record corrected, not another added
        told = bool(lead and lead["reporter_told_on"])
        self.buttons["tell_reporter"].setText(_("Correct reporter ad&vised…") if told
                                              else _("Ad&vise the reporter…"))
        enable_or_say_why(self.buttons["tell_reporter"], _("Select a lead first.") if lead is None
                          else reporter_correction_refusal(lead) if told else reporter_refusal(lead))
        enable_or_say_why(self.buttons["open_case"], _("Select a lead first.") if lead is None else None
                          if lead["case_id"] else _("No case was filed from this lead."))
        from workstation.leads_workflow import lead_documents

        self.lead_docs = lead_documents(self.db, lead["id"]) if lead is not None else []
        enable_or_say_why(self.void_button, _("Select a lead first.") if lead is None else None
                          if any(d.status == "issued" for d in self.lead_docs) else
                          _("No document issued for this lead is in force: there is nothing to void."))
        # a lead referred while its transfer letter was left unissued (the editor closed, the draft kept): the
        # letter is still written from here
        letter_unissued = self._transfer_letter_unissued(lead)
        self.buttons["refer"].setText(_("T&ransfer letter…") if letter_unissued else _("&Refer…"))
        if letter_unissued:
            enable_or_say_why(self.buttons["refer"], None)
        from workstation.leads_workflow import lead_form_refusal

        enable_or_say_why(self.buttons["lead_forms"], _("Select a lead first.") if lead is None else None)
        from workstation.leads_register import edit_refusal

        enable_or_say_why(self.buttons["edit_lead"], _("Select a lead first.") if lead is None
                          else edit_refusal(self.db, lead))
        for form_id, action in self.form_actions.items():
            enable_or_say_why(action, _("Select a lead first.") if lead is None
                              else lead_form_refusal(self.db, lead, form_id))
        enable_or_say_why(self.buttons["open_document"], _("Select a lead first.") if lead is None else None
                          if self.lead_docs else _("No document (assignment notice, transfer letter) was issued for "
                                                   "this lead yet."))
        if lead is None:
            self.lead_complaints, self.lead_complaint_count, self.lead_taken_out = [], 0, []
            self.lead_verdicts = {}
            self.detail.setPlainText(_("Select a lead to see its complaints."))
            self._say_complaints_shown()
            return
        self._size_pane_for_a_lead()
        reading = self._reading if self._reading and self._reading[0] == lead["id"] else None  # refreshed while this lead is read
        if not self.lead_complaints or self.lead_complaints[0].get("lead_id") != lead["id"]:
            self.lead_complaint_count = count_complaints_of_lead(self.db, lead["id"])
            self.lead_complaints = [{**c, "lead_id": lead["id"]} for c in complaints_of_lead(
                self.db, lead["id"], max(LEAD_COMPLAINTS_PAGE, reading[1] if reading else 0))]
        self._read_lead_verdicts()
        texts = [self._complaint_line(c) for c in self.lead_complaints]
        lines = [self.model.shown(lead, "description"), ""]
        if lead.get("reporter_address"):  # the reporter's name and address (m056): masked until revealed
            lines.insert(1, _("Reporter's address: {address}").format(
                address=self.model.shown(lead, "reporter_address")))
        if lead["complainant_phone"]:  # registered by hand with the reporter's number: masked until revealed
            lines.insert(1, _("Reporter's phone: {phone}").format(phone=self.model.shown(lead, "complainant_phone")))
        if lead.get("reporter_name"):
            lines.insert(1, _("Reporter: {name}").format(name=self.model.shown(lead, "reporter_name")))
        if not lead["group_key"] and (lead["phones"] or lead["target_phone"]):  # a hand lead's numbers complained
            # of (a screened lead's are its complaints', listed below): masked until revealed, as in the list
            field = "phones" if lead["phones"] else "target_phone"
            lines.insert(1, _("Number reported: {phones}").format(phones=self.model.shown(lead, field)))
        from workstation.screening.hand_leads import decided_leads_about

        for earlier in decided_leads_about(self.db, lead):  # not joined, being decided: named, for the officer to weigh
            lines.insert(1, self._earlier_lead_line(earlier))
        if lead["extension_days"] and lead["due"]:
            lines.append(_("T1 extended by {days} working days, approved on {date} by {who}; decide by {due}.").format(
                days=lead["extension_days"], date=lead["extension_approved_on"], who=lead["extension_approved_by"],
                due=lead["due"]))
        elif lead["extension_days"]:  # decided: no deadline any more
            lines.append(_("T1 extended by {days} working days, approved on {date} by {who}.").format(
                days=lead["extension_days"], date=lead["extension_approved_on"], who=lead["extension_approved_by"]))
        if open_ and lead["overdue"]:  # its day gone: said with its lateness, a calendar unconfirmed cautioned there
            lines.append(self._overdue_line(lead))
        elif lead["due"] and not lead.get("due_confirmed", True):
            lines.append(_("Decide whether to file by {due} (calendar unconfirmed): it is counted through a year "
                           "without holiday data; check it against the State Council's holiday notice.").format(
                due=lead["due"]))
        elif open_ and lead["due"] and not lead["extension_days"]:
            lines.append(_("Decide whether to file by {due} (T1).").format(due=lead["due"]))  # said for every open lead
        if lead["decision"]:
            from workstation.leads_workflow import full_stop, printed_reason

            decided = {"decision": lead_state_label(lead), "date": lead["decided_on"] or "",
                       "to": (" → " + lead["referred_to"]) if lead["referred_to"] else ""}
            reason = mask_text(printed_reason(lead)).strip()
            lines.append(_("Decision: {decision} on {date}{to}, reason: {reason}").format(
                reason=full_stop(reason), **decided) if reason else _("Decision: {decision} on {date}{to}").format(
                **decided))
            from workstation.leads_workflow import late_decision_line

            if late := late_decision_line(self.db, lead):  # made after its T1 ended (逾期作出决定), with that day
                lines.append(late)
        if lead["reporter_told_on"]:
            from workstation.leads_workflow import REPORTER_TOLD_HOW

            how = REPORTER_TOLD_HOW.get(lead["reporter_told_how"])
            lines.append(_("Reporter told of the decision on {date} ({how}) (T24).").format(
                date=lead["reporter_told_on"], how=_(how)) if how else _(
                "Reporter told of the decision on {date} (T24).").format(date=lead["reporter_told_on"]))
            from workstation.leads_workflow import late_told_line

            if late_told := late_told_line(self.db, lead):  # told after T24 ended (逾期告知), with its last day
                lines.append(late_told)
        elif lead.get("reporter_declined_on"):  # T24 does not apply: the reporter asked not to be told
            lines.append(_("The reporter asked on {date} not to be told of the outcome: {reason} (T24 does not "
                           "apply).").format(date=lead["reporter_declined_on"],
                                             reason=mask_text(lead.get("reporter_declined_reason") or "") or "—"))
        elif lead["tell_by"]:
            lines.append(_("Tell the reporter of the decision by {date} (T24, {period}).").format(
                date=lead["tell_by"] + ("" if lead.get("tell_confirmed", True) else _(" (calendar unconfirmed)")),
                period=clocks.rule("T24").unit_text()))
        if open_ and not lead["case_id"]:
            from workstation.store.drafts import saved_draft

            if saved_draft(self.db, "case_transfer_letter", lead_id=lead["id"]) is not None:
                lines.append(_("A transfer letter (案件移送函) is drafted but not issued: the lead is not referred "
                               "until it is (Refer… continues the draft)."))
        lines += self._interview_lines(lead["id"])
        lines += self._assignment_lines(lead)
        if lines[-1]:  # a decision or an extension of a lead never assigned: set apart from the complaints too
            lines.append("")
        taken = self._taken_out_lines(lead["id"])
        self.pane_spans = []
        self.pane_next_block = "\n".join(lines).count("\n") + 1  # the block the next line starts
        if taken:
            self.pane_next_block += 1  # its heading
            self._span_lines(self.lead_taken_out, taken[1:-1], True)
            self.pane_next_block += 1  # the blank line after them
        lines += taken
        self._span_lines(self.lead_complaints, texts, False)
        lines += texts or [_("No complaints are linked to this lead.")]
        self.detail.setPlainText("\n".join(lines))
        if reading:
            self.detail.verticalScrollBar().setValue(reading[2])
        self._say_complaints_shown()

    def _overdue_line(self, lead: dict) -> str:
        """What the pane says of an open lead past its T1 (``overdue_t1_line``: by how many working days) and what
        this page lets the officer do about it — the buttons ``_selected_changed`` enabled (through the same
        refusals: ``not_filing_refusal``, ``others_lead_refusal``…) just before, so the advice names no button greyed
        out and leaves none out: a lead being filed is decided with its case; one never assigned is assigned (交办,
        its lateness kept in its history) or decided; an assigned one is decided now, the decision kept as made
        late — or its extension recorded, if one was approved in time and it has none yet."""
        from workstation.errors import join_sentences
        from workstation.i18n import join_names
        from workstation.leads_workflow import overdue_t1_line

        def button(name: str) -> str:  # as the page shows it, its dots kept (it asks more)
            text = self.buttons[name].text()
            return plain_label(text) + ("…" if text.endswith("…") else "")

        def usable(name: str) -> bool:  # enabled on this page (the window itself may be greyed out while busy)
            return self.buttons[name].isEnabledTo(self)

        def either(names: list[str]) -> str:  # "A, B or C" ("甲、乙或丙")
            return names[0] if len(names) == 1 else join_names(names[:-1]) + _(" or ") + names[-1]

        decide = [button(name) for name in ("file", "not_file", "refer") if usable(name)]
        if lead["case_id"]:
            todo = _("Decide it with the case opened for it: file that case or decline to file it ({open_case}).").format(
                open_case=plain_label(self.buttons["open_case"].text()))
        elif not lead["agency_id"] and usable("assign"):
            todo = (_("Assign it now ({assign}) to the bureau or office to verify it, or decide it now ({decide}): the "
                      "assignment or the decision is recorded as made after the period ended.").format(
                          assign=button("assign"), decide=either(decide)) if decide else
                    _("Assign it now ({assign}) to the bureau or office to verify it: the assignment is recorded as "
                      "made after the period ended.").format(assign=button("assign")))
        elif decide:
            todo = _("Decide it now ({decide}): a decision not to file or a referral is recorded as made late.").format(
                decide=either(decide))
        else:  # another agency's to decide: its buttons say so
            todo = ""
        if not lead["case_id"] and not lead["extension_days"] and usable("extend"):  # one extension, approved in time
            todo = join_sentences([todo, _("If an extension was approved before the period ended, record it first "
                                           "({extend}).").format(extend=button("extend"))])
        return join_sentences([overdue_t1_line(self.db, lead, lead["due"], confirmed=lead.get("due_confirmed", True)),
                               todo])

    def _size_pane_for_a_lead(self) -> None:
        """Give the pane of the lead's complaints its third of the page once a lead is selected, unless the officer
        sized it; the lead selected kept in view."""
        self._share_pane(PANE_SELECTED)
        if self.view.currentIndex().isValid():
            self.view.scrollTo(self.view.currentIndex())

    def _share_pane(self, shares: tuple[int, int]) -> None:
        """Split the height between the list and the pane in ``shares``, unless the officer sized them or the pane
        has that share already (or more: a lead selected keeps its pane)."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if self.pane_sized or not total or sizes[1] * shares[0] >= sizes[0] * shares[1]:
            return
        self.splitter.setSizes([total * shares[0] // sum(shares), total * shares[1] // sum(shares)])

    def mark_stale(self) -> None:
        """Another program changed the records (``MainWindow.changed_elsewhere``): the leads read again now when the
        page is shown and no dialog is open over it (a lead being edited), else when it is next shown; the complaint
        lists of the other tabs when theirs is shown (``_tab_shown``)."""
        self.stale_elsewhere = True
        self.search_stale = self.without_lead.stale = True
        if self.isVisible() and QApplication.activeModalWidget() is None:
            self._read_changed_elsewhere()

    def _read_changed_elsewhere(self) -> None:
        """The leads read again for another program's change, ``leads_changed`` not told: the window told the board
        and the statistics itself (``MainWindow.look_for_changes``)."""
        blocker = QSignalBlocker(self)
        self.refresh()
        blocker.unblock()

    def showEvent(self, event) -> None:
        """Laid out for the first time: the list takes the height the pane does not need yet (``PANE_UNSELECTED``;
        a share Qt would not keep from before the page had a size); read again when another program changed the
        records while it was hidden (``mark_stale``)."""
        super().showEvent(event)
        if self.stale_elsewhere:
            self._read_changed_elsewhere()
        if not self.laid_out:
            self.laid_out = True
            sizes = self.splitter.sizes()
            if not self.pane_sized and sum(sizes):
                shares = PANE_SELECTED if self.selected() is not None else PANE_UNSELECTED
                self.splitter.setSizes([sum(sizes) * shares[0] // sum(shares), sum(sizes) * shares[1] // sum(shares)])

    def splitter_state(self):
        """The list's and the pane's sizes as the officer left them (``view_state.splitter_state``), kept with the
        window geometry; None when the officer did not size them (the page's own split is not kept)."""
        from ui.view_state import splitter_state

        return splitter_state(self.splitter, self.pane_sized)

    def restore_splitter(self, state) -> None:
        """Size the list and the pane as the officer left them last time (``splitter_state``); a state kept by an
        earlier version, which did not tell the officer's split from the page's own (and restored left the pane of a
        lead selected at the three lines it has before one is), is left."""
        from ui.view_state import restore_splitter

        if restore_splitter(self.splitter, state):
            self.pane_sized = True

    def _transfer_letter_unissued(self, lead: dict | None) -> bool:
        """Whether ``lead`` was referred and no transfer letter of it is issued (``lead_docs`` read for it)."""
        return lead is not None and lead["status"] == "referred" and not any(
            d.form_id == "case_transfer_letter" and d.status == "issued" for d in self.lead_docs)

    def _earlier_lead_line(self, earlier: dict) -> str:
        """The pane's note on an earlier lead about the same number or business that screening made this lead apart
        from (``decided_leads_about``): registered by hand or screened, when it was received, to whom and when it was
        assigned, its state — no number, which the note need not show."""
        values = {"date": (earlier["received_at"] or "")[:10], "status": decided_label(self.db, earlier),
                  "agency": self.agencies.get(earlier["agency_id"] or "", "—"), "assigned": earlier["assigned_on"]}
        assigned = bool(earlier["agency_id"] and earlier["assigned_on"])
        if not earlier["group_key"] and assigned:
            text = _("A lead registered by hand about the same number or business, received on {date} and assigned "
                     "to {agency} on {assigned}, is {status} already: screening made this lead apart from it.")
        elif not earlier["group_key"]:
            text = _("A lead registered by hand about the same number or business, received on {date}, is {status} "
                     "already: screening made this lead apart from it.")
        elif assigned:
            text = _("An earlier lead screened from complaints about the same number or business, received on {date} "
                     "and assigned to {agency} on {assigned}, is {status} already: it keeps the complaints it held, "
                     "and screening made this lead of those screened since.")
        else:
            text = _("An earlier lead screened from complaints about the same number or business, received on {date}, "
                     "is {status} already: it keeps the complaints it held, and screening made this lead of those "
                     "screened since.")
        return text.format(**values)

    def _assignment_lines(self, lead: dict) -> list[str]:
        """Where and when the lead was assigned (交办), and its documents issued here or brought by a bundle (the
        notice headquarters assigned it with), one line each, then a blank line before the complaints."""
        from workstation.leads_workflow import (
            assignment_history,
            history_line,
            late_assignment_history,
            late_assignment_line,
            referral_history,
            referral_line,
            reporter_told_history,
            reporter_told_line,
            withdrawal_history,
            withdrawal_line,
        )

        # a re-assignment's reason, as a withdrawal's, may write the reporter's number or ID number: masked as the
        # decision's lines are
        lines = [mask_text(history_line(self.db, entry)) for entry in assignment_history(self.db, lead["id"])]
        # first assigned after its T1, counted from its receipt, had ended: that missed deadline kept
        lines += [late_assignment_line(self.db, entry) for entry in late_assignment_history(self.db, lead["id"])]
        lines += [mask_text(withdrawal_line(entry)) for entry in withdrawal_history(self.db, lead["id"])]
        lines += [mask_text(referral_line(entry)) for entry in referral_history(self.db, lead["id"])]
        lines += [mask_text(reporter_told_line(entry)) for entry in reporter_told_history(self.db, lead["id"])]
        if lead["agency_id"] and lead["assigned_on"]:
            lines.append(_("Assigned to {agency} on {date}.").format(
                agency=self.agencies.get(lead["agency_id"], "—"), date=lead["assigned_on"]))
        for document in self.lead_docs:
            text = _("Issued: {title} {number} on {date}") if document.status == "issued" else \
                _("Void: {title} {number} (issued on {date})")
            if not document.number:  # an internal form (no 文号): no space left where its number would stand
                text = text.replace(" {number}", "{number}")
            lines.append(text.format(title=document.title, number=document.number or "",
                                     date=document.issued_at[:10]))
        return [*lines, ""] if lines else []

    def _interview_lines(self, lead_id: str) -> list[str]:
        """The administrative interviews (约谈) held or scheduled because of the lead, one line each."""
        from workstation.store.interviews import interview_state, interviews_of_lead

        return [_("Interview {date}: {subject} ({state})").format(
                    date=i.held_on, subject=mask_text(i.subject), state=shown_label("interview_states", interview_state(i)))
                for i in interviews_of_lead(self.db, lead_id)]

    def _complaint_line(self, complaint: dict) -> str:
        mark = corrected_mark() if complaint["id"] in self.lead_verdicts else ""
        return "  ".join((shown_received(complaint["received_at"], seconds=True), complaint["external_id"] + mark,
                          self.revealed_complaints.get(complaint["id"]) or mask_text(complaint["text"])))

    def _read_lead_verdicts(self) -> None:
        """The officer's verdicts on the lead's complaints shown: marked 人工更正 on their lines, and who corrected
        them, when and why in the pane's tooltip."""
        from workstation.screening.verdict import verdict_note, verdicts_of

        self.lead_verdicts = verdicts_of(self.db, [c["id"] for c in self.lead_complaints])
        self.detail.setToolTip("\n".join(
            f"{c['external_id'] or c['id']}: {verdict_note(self.lead_verdicts[c['id']])}"
            for c in self.lead_complaints if c["id"] in self.lead_verdicts))

    def _taken_out_lines(self, lead_id: str) -> list[str]:
        """The complaints officers' corrections took out of the lead (still out of it), under a heading, each with
        who took it out, when and why, then a blank line; [] when none was."""
        from workstation.screening.verdict import taken_out_of, verdict_note

        self.lead_taken_out = taken_out_of(self.db, lead_id)
        if not self.lead_taken_out:
            return []
        heading = ngettext("{n} complaint was taken out of this lead by an officer's correction (Restore the "
                           "automatic result puts it back):",
                           "{n} complaints were taken out of this lead by officers' corrections (Restore the "
                           "automatic result puts them back):", len(self.lead_taken_out)).format(
            n=len(self.lead_taken_out))
        return [heading, *(" ".join("  ".join((shown_received(c["received_at"], seconds=True), c["external_id"] or "—",
                                               mask_text(" ".join((c["text"] or "").split()))[:60],
                                               verdict_note(c))).splitlines())
                           for c in self.lead_taken_out), ""]

    def _selected_in_pane(self) -> tuple[list[dict], list[dict]]:
        """The lead's complaints shown and the complaints taken out of it whose lines the selection in the pane
        touches ([], [] without a selection)."""
        cursor = self.detail.textCursor()
        if not cursor.hasSelection():
            return [], []
        document = self.detail.document()
        first = document.findBlock(cursor.selectionStart()).blockNumber()
        last = document.findBlock(cursor.selectionEnd()).blockNumber()
        touched = [(c, out) for start, end, c, out in self.pane_spans if start <= last and end >= first]
        return [c for c, out in touched if not out], [c for c, out in touched if out]

    def _span_lines(self, complaints: list[dict], lines: list[str], taken_out: bool) -> None:
        """Note the blocks the pane's ``lines`` of ``complaints`` take, from ``pane_next_block`` on."""
        for complaint, line in zip(complaints, lines, strict=False):
            blocks = line.count("\n") + 1
            self.pane_spans.append((self.pane_next_block, self.pane_next_block + blocks - 1, complaint, taken_out))
            self.pane_next_block += blocks

    def _detail_menu(self, pos) -> None:
        """The lead pane's context menu: the text's own (Copy, Select all), then 更正筛查结论… and 恢复自动结论 on one
        of the lead's complaints shown (the second only while one of them was corrected)."""
        menu = self.detail.createStandardContextMenu(pos)
        menu.addSeparator()
        self._enable_verdict_actions()
        correct, clear = self.lead_verdict_actions
        menu.addAction(correct)
        menu.addAction(clear)
        menu.exec(self.detail.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _enable_verdict_actions(self) -> None:
        """更正筛查结论… while the lead shows complaints and is undecided (a decided lead keeps its complaints: the
        core's refusal says so), 恢复自动结论 while one of them (or one taken out) was corrected: the context menu's
        actions and the buttons beside the pane alike."""
        from workstation.screening.verdict import lead_correction_refusal

        first = _("Select a lead with complaints first.")
        lead = self.selected() if self.lead_complaints else None
        whys = (lead_correction_refusal(self.db, lead) if lead else first,
                None if self.lead_verdicts or self.lead_taken_out else first if not self.lead_complaints else _(
                    "No complaint of this lead is shown whose screening result an officer corrected."))
        for action, why in zip(self.lead_verdict_actions, whys, strict=True):  # greyed out, each says why
            enable_or_say_why(action, why)
            enable_or_say_why(self.verdict_buttons[action.objectName()], why)

    def correct_lead_complaint(self, clear: bool = False) -> None:
        """更正筛查结论… on the lead's complaints selected in the pane, else on those picked from all of the lead's
        complaints (``LeadComplaintPicker``, with a search); 恢复自动结论 (``clear``) on the corrected complaints
        selected in the pane (those taken out of the lead among them), else on one picked from them."""
        from ui.complaint_verdict import ask_and_correct_many, clear_corrections
        from workstation.screening.verdict import lead_correction_refusal

        lead = self.selected()
        if lead is None:
            self.prompts.error(self, _("Select a lead with complaints first."))
            return
        if not clear and (refusal := lead_correction_refusal(self.db, lead)):  # said before anything is asked
            self.prompts.error(self, refusal)
            return
        shown, out = self._selected_in_pane()
        if clear:
            picked = [c for c in shown if c["id"] in self.lead_verdicts] + out
            if not picked:
                corrected = [c for c in self.lead_complaints if c["id"] in self.lead_verdicts] + self.lead_taken_out
                if not corrected:
                    self.prompts.error(self, _("No complaint of this lead is shown whose screening result an "
                                               "officer corrected."))
                    return
                items = [f"{c['external_id'] or '—'}  {mask_text(' '.join(c['text'].split()))[:60]}"
                         for c in corrected]
                index = self.prompts.choose_item(self, _("Restore the automatic result"),
                                                 _("Which complaint of the lead:"), items)
                if index is None:
                    return
                picked = [corrected[index]]
        else:
            picked = shown
            if not picked:
                if not self.lead_complaint_count:
                    self.prompts.error(self, _("Select a lead with complaints first."))
                    return
                from ui.lead_complaint_picker import LeadComplaintPicker

                picker = LeadComplaintPicker(self.db, lead["id"], _("Correct the screening result"), self)
                try:
                    if not self.show_dialog(picker):
                        return
                    picked = picker.chosen()
                finally:
                    picker.deleteLater()
                if not picked:
                    return
        action = clear_corrections if clear else ask_and_correct_many
        if action(self, self.db, self.prompts, [(c["id"], c["external_id"] or c["id"]) for c in picked]):
            self._verdict_changed()

    def _say_complaints_shown(self) -> None:
        """How many of the lead's complaints the pane shows, and "Show more" while some are not shown."""
        shown, count = len(self.lead_complaints), self.lead_complaint_count
        lead = self.selected()
        counted = (lead["complaint_count"] or 0) if lead else 0
        if 0 < counted < count:  # the list counts a complaint received through two channels once: say why it differs
            said = _("Complaints shown: {shown} of {count}; {same} of them repeat a complaint received through another "
                     "channel, so the lead counts {counted}.").format(shown=shown, count=count, same=count - counted,
                                                                      counted=counted)
        else:
            said = _("Complaints shown: {shown} of {count}.").format(shown=shown, count=count) if count else ""
        self.complaints_shown.setText(said)
        self.more_complaints.setVisible(shown < count)
        self._enable_verdict_actions()

    def show_more_complaints(self) -> None:
        """Add the next page of the selected lead's complaints to the pane (masked, as the others), keeping the
        place the officer is reading."""
        lead = self.selected()
        if lead is None or len(self.lead_complaints) >= self.lead_complaint_count:
            return
        more = [{**c, "lead_id": lead["id"]} for c in complaints_of_lead(
            self.db, lead["id"], LEAD_COMPLAINTS_PAGE, offset=len(self.lead_complaints))]
        self.lead_complaints.extend(more)
        self._read_lead_verdicts()
        scroll = self.detail.verticalScrollBar().value()
        cursor = self.detail.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        added = [self._complaint_line(c) for c in more]
        cursor.insertText("".join("\n" + line for line in added))
        self._span_lines(more, added, False)
        self.detail.verticalScrollBar().setValue(scroll)
        if not more:  # complaints were ungrouped meanwhile: count them again
            self.lead_complaint_count = count_complaints_of_lead(self.db, lead["id"])
        self._say_complaints_shown()

    def activate_lead(self, index: QModelIndex | None = None) -> None:
        """What Enter or a double-click on a lead does, as the buttons allow it: open its case when it was filed as
        one, start its assignment (交办) while it is not assigned, else show its complaints; nothing is decided
        from here."""
        if index is not None and index.isValid() and index.row() != self.view.currentIndex().row():
            self.view.selectRow(index.row())
        lead = self.selected()
        if lead is None:
            return
        if self.buttons["open_case"].isEnabled():
            self.open_case()
        elif lead["status"] == "registered" and self.buttons["assign"].isEnabled():
            self.assign()
        else:
            self.show_detail()

    def show_detail(self) -> None:
        """Bring the selected lead's complaints into view (the pane opened again if it was dragged shut) and give
        them the keyboard focus."""
        sizes = self.splitter.sizes()
        if sizes[1] == 0 and sum(sizes):
            self.splitter.setSizes([sum(sizes) * 3 // 4, max(sum(sizes) // 4, 1)])
        self.detail.moveCursor(QTextCursor.MoveOperation.Start)
        self.detail.setFocus(Qt.FocusReason.OtherFocusReason)

    def reveal_lead(self) -> None:
        """Show the selected lead's numbers, and those in its complaints' text, unmasked (each reveal audited)
        until the list is reloaded."""
        index = self.view.currentIndex()
        if not index.isValid() or self.model.reveal_row(self.db, self.prompts, self, index.row()) is None:
            return
        for complaint in list(self.lead_complaints):  # those shown: each reveal is audited
            revealed = reveal_fields(self.db, self.prompts, self, "complaint", complaint["id"],
                                     {"text": complaint["text"]})
            if revealed is None:
                break
            self.revealed_complaints.update({complaint["id"]: revealed["text"]} if revealed else {})
        self._selected_changed()

    def _act(self, fn, *args, **kwargs):
        from workstation.leads_workflow import LeadChanged

        lead = self.selected()
        if lead is None:
            return None
        try:
            result = fn(self.db, lead["id"], *args, **kwargs)
        except WorkstationError as exc:
            if isinstance(exc, LeadChanged):  # changed elsewhere while the officer answered: shown as it is now
                self.refresh(select=lead["id"])
            self.prompts.error(self, error_text(exc))
            return None
        self.refresh(select=lead["id"])
        return result

    def _changed_elsewhere(self, lead: dict) -> bool:
        """Whether ``lead`` (the row shown) was changed by another window or program since the list was read — its
        state, decision, agency, assignment, case or time of change no longer as shown (``changed_since_shown``),
        or the lead gone: then the leads are read again, the officer told so, and the step asks nothing and does
        nothing, never acting on what the officer did not see."""
        from workstation.errors import NotFound
        from workstation.leads_workflow import get_lead_row, gone_refusal, shown_state, stale_refusal

        try:
            stored = get_lead_row(self.db, lead["id"])
        except NotFound:
            stored = None
        # said in the core's words (``stale_refusal``), as a change caught in its transaction is (``_act``)
        refusal = stale_refusal(stored, shown_state(lead)) if stored is not None else None
        if stored is not None and refusal is None:
            return False
        self.refresh(select=lead["id"])
        self.prompts.error(self, gone_refusal(lead) if stored is None else refusal)
        return True

    def _in_conflict(self, lead: dict) -> bool:
        """Whether the lead's decision or assignment is in open conflict with a station's copy: said before anything
        is asked (``leads_workflow.lead_conflict_refusal``), as deciding or assigning it would be refused."""
        from workstation.leads_workflow import lead_conflict_refusal

        refusal = lead_conflict_refusal(self.db, lead)
        if refusal:
            self.prompts.error(self, refusal)
        return bool(refusal)

    def assign(self) -> None:
        """Assign the lead to a district bureau or town office (交办), then offer its notice."""
        from workstation.leads_workflow import (
            assign_lead,
            assigning_bureau,
            district_warning,
            get_lead_row,
            late_assignment_summary,
            offered_to_assign,
            reassign_summary,
            replaced_assignment,
            same_authority,
            shown_state,
            suspected_district,
        )

        lead = self.selected()
        if lead is None or self._changed_elsewhere(lead) or self._in_conflict(lead):
            return
        # the lead as stored, as ``leads assign`` reads it: the list's district is its holder's when none is suspected
        stored = get_lead_row(self.db, lead["id"])
        # never the city bureau; nor, for a lead the bureau that received it still counts its T1 from, that bureau or
        # the agency holding it (its T1 would start again: ``leads_workflow.restart_refusal``)
        bureau = assigning_bureau(self.db)  # the station's bureau, worked out once for all the agencies offered
        choices = [a for a in list_agencies(self.db)
                   if a.level != "city" and offered_to_assign(self.db, lead, a.id, bureau=bureau)]
        names = [a.name for a in choices]  # some forty bureaus and offices: a drop-down list, not a button each
        # offered first: the agency it is assigned to already, else the bureau of the district its complaints name,
        # else the station's own agency (its town offices just below it) — not the first of forty, another district's
        # bureau, which an officer pressing Enter would assign every lead naming no district to
        from workstation.station_role import own_agency

        current = next((n for n, a in enumerate(choices) if a.id == lead["agency_id"]), None)
        if current is None and (district := suspected_district(self.db, stored)):  # as the warning reads it: 顺德区
            current = next((n for n, a in enumerate(choices) if a.level == "district" and a.district == district), None)
        if current is None:
            own = own_agency(self.db)
            current = next((n for n, a in enumerate(choices) if a.id == own), None)
        if current is None:  # none (headquarters, its city bureau not listed; a station with no agency chosen):
            # no agency preselected but a placeholder, last (the agencies keep their places), assigning nothing
            names.append(_("(choose the bureau or office)"))
            current = len(choices)
        choice = self.prompts.choose_item(self, _("Assign…"), _("Assign the lead to:"), names, current)
        if choice == len(choices):
            self.prompts.error(self, _("Choose the bureau or office the lead is assigned to: it was not assigned."))
            return
        if choice is None or not 0 <= choice < len(choices):
            return
        # another district's bureau or office than the lead's suspected district: asked, as a warning (allowed)
        if (warning := district_warning(self.db, stored, choices[choice].id)) and not self.prompts.confirm(
                self, warning + _(" Assign it to {agency} all the same?").format(agency=choices[choice].name)):
            return
        reason = ""
        # None: assigned there today already, or on a day not recorded (now recorded) — no re-assignment
        assigned = replaced_assignment(self.db, lead, choices[choice].id)
        within = same_authority(self.db, lead["agency_id"], choices[choice].id)  # T1 goes on inside one bureau
        if assigned is not None:  # 改派: the officer is told what it replaces, and why is asked and kept
            question = _(" Re-assign it to {agency}? Inside the same bureau, its verification period goes on.") \
                if within else _(" Re-assign it to {agency}? Its new verification period counts from today.")
            if not self.prompts.confirm(self, reassign_summary(self.db, assigned) + question.format(
                    agency=choices[choice].name)):
                return
            reason = self.prompts.ask_text(self, _("Re-assign…"), _(
                "Why is the lead re-assigned (kept with its earlier assignment)?"))
            if reason is None:  # cancelled: nothing said
                return
            reason = reason.strip()
            if not reason:
                self.prompts.error(self, _("The lead was not re-assigned: a re-assignment needs its reason."))
                return
        elif late := late_assignment_summary(self.db, lead):  # its T1 from the receipt ended: said, and kept
            question = _(" Assign it to {agency}? Inside the same bureau, its verification period goes on.") \
                if within else _(" Assign it to {agency}? Its new verification period counts from today.")
            if not self.prompts.confirm(self, late + question.format(agency=choices[choice].name)):
                return
        # what the officer was told rests on the lead as shown: refused if another program changes it meanwhile
        if self._act(assign_lead, choices[choice].id, reason=reason, expected=shown_state(lead)) is not None and \
                self.prompts.confirm(self, _("Write the assignment notice (案件交办通知书) now?")):
            self.write("assignment_notice")

    def new_lead(self, dialog=None) -> None:
        """Register a lead received otherwise than in an export (a report, a referral, an inspection finding); it
        shows selected in the list, its T1 counted from the day it was received."""
        from ui.lead_dialog import LeadDialog

        shown = dialog or LeadDialog(self.db, self.prompts, self)
        if exec_once(shown, made=dialog is None) == QDialog.DialogCode.Accepted and shown.saved is not None:
            self.refresh(select=shown.saved.id)

    def edit_lead(self, dialog=None) -> None:
        """Correct the selected lead registered by hand (修改线索) in 新建线索's dialog filled with its values; it
        stays selected, showing what was saved, its T1 (and the deadline board's) moved with a corrected receipt
        time. Its numbers show whole there to be corrected: they are revealed first, each reveal audited as Show
        full numbers audits it. Enter and a double-click keep starting the assignment (``activate_lead``): a
        correction is asked for, not the next step of the lead."""
        from ui.lead_dialog import LeadDialog
        from workstation.leads_register import edit_refusal
        from workstation.leads_workflow import get_lead_row

        lead = self.selected()
        if lead is None:
            return
        refusal = edit_refusal(self.db, lead)
        if refusal:
            self.prompts.error(self, refusal)
            return
        made = dialog is None
        if made:
            personal = {field: lead[field] or "" for field in ("description", "phones", "target_phone",
                                                               "complainant_phone")}
            if reveal_fields(self.db, self.prompts, self, "lead", lead["id"], personal) is None:
                return
            dialog = LeadDialog(self.db, self.prompts, self, lead=get_lead_row(self.db, lead["id"]))
        if exec_once(dialog, made=made) == QDialog.DialogCode.Accepted and dialog.changed:
            self.refresh(select=lead["id"])

    def extend(self, dialog: LeadExtensionDialog | None = None) -> None:
        """Record the approved extension of the selected lead's 15 working days (T1); its deadline follows."""
        lead = self.selected()
        if lead is None:
            return
        shown = dialog or LeadExtensionDialog(self.db, lead, self.prompts, self)
        if exec_once(shown, made=dialog is None) == QDialog.DialogCode.Accepted:
            self.refresh(select=lead["id"])

    def write(self, form_id: str, lead: dict | None = None):
        """Open the document ``form_id`` of ``lead`` (default: the lead selected) — its assignment notice, transfer
        letter or one of its internal forms — in the document editor; a draft of it kept for the lead is offered to
        continue. An editor already writing it is brought to the front instead. A form the lead cannot have is
        refused, saying why. The matter approval, issued for 延长核查期限, offers to record the extension
        (``offer_extension``)."""
        from workstation.documents.drafts import find_form
        from workstation.leads_workflow import lead_form_refusal
        from workstation.store.drafts import saved_draft

        lead = lead or self.selected()
        if lead is None:
            return None
        refusal = lead_form_refusal(self.db, lead, form_id)
        if refusal:
            self.prompts.error(self, refusal)
            return None
        editor = self._open_editor_of(form_id, lead["id"])
        if editor is not None:  # being written already: that window brought to the front, not a second editor
            return bring_to_front(editor)
        form = find_form(form_id)
        draft = saved_draft(self.db, form_id, lead_id=lead["id"])
        if draft is not None and not self.prompts.confirm(self, _(
                "A draft of {title} was kept on {time}. Continue it? (No starts a new one from the lead.)").format(
                title=form.title, time=short_time(draft.saved_at))):
            draft = None
        if self.open_editor is not None:
            editor = self.open_editor(None, form, draft=draft, lead_id=lead["id"])
        else:
            from ui.form_editor import FormEditor

            editor = FormEditor(self.db, self.data_dir, None, form, self.prompts, draft=draft, lead_id=lead["id"],
                                parent=self.window())
            editor.show()
        if editor is not None:  # None: it could not be opened, and the officer was told why
            editor.issued.connect(lambda _document, i=lead["id"]: self.refresh(select=i))
            if form_id == "matter_approval":
                editor.issued.connect(lambda document, i=lead["id"]: self.offer_extension(i, document))
            if form_id == "report_result_notice":
                editor.issued.connect(lambda document, i=lead["id"]: self.offer_reporter_told(i, document))
        return editor

    def offer_reporter_told(self, lead_id: str, document, dialog=None) -> bool:
        """After the lead's 举报处理结果告知书 was issued: ask whether to record the reporter told (T24) by letter; Yes
        opens the dialog recording it with the letter's date, for the officer to correct to the day it was sent.
        Nothing is asked when T24 does not apply (a lead referred) or the reporter was told already. Returns whether
        it asked."""
        from ui.lead_dialog import ReporterToldDialog
        from workstation.leads_workflow import get_lead_row, reporter_refusal

        lead = get_lead_row(self.db, lead_id)
        if reporter_refusal(lead):
            return False
        if not self.prompts.confirm(self, _("The 举报处理结果告知书 is issued. Record now that the reporter was told "
                                            "of the decision by letter (T24)?")):
            return True
        shown = dialog or ReporterToldDialog(self.db, lead, self.prompts, self)
        day = str(document.values.get("issued_on") or "")[:10]
        if day:
            shown.told_on.setDate(QDate.fromString(day, "yyyy-MM-dd"))
        shown.how.setCurrentIndex(shown.how.findData("letter"))
        shown.mark_loaded()
        if exec_once(shown, made=dialog is None) == QDialog.DialogCode.Accepted:
            self.refresh(select=lead_id)
        return True

    def offer_extension(self, lead_id: str, document, dialog: LeadExtensionDialog | None = None) -> bool:
        """After the lead's 有关事项审批表 was issued for 延长核查期限 (the form's ``records_event``): ask whether to
        record the extension now; Yes opens the extension dialog (the lead's T1 is extended there, through
        ``extend_lead``, not a case's clock events) with the day it was submitted as the approval day, for the
        officer to correct to the day the head approved it. Nothing is asked for another matter, a lead decided or
        one extended already. Returns whether it asked."""
        from workstation.documents.drafts import find_form
        from workstation.leads_workflow import OPEN_STATUSES, get_lead_row

        if find_form("matter_approval").event_for(document.values) != ("extension", "T1"):
            return False
        lead = get_lead_row(self.db, lead_id)
        if lead["status"] not in OPEN_STATUSES or lead["extension_days"]:
            return False
        if not self.prompts.confirm(self, _("The 有关事项审批表 is issued. Record the approved extension of the "
                                            "verification period (T1) now?")):
            return True
        shown = dialog or LeadExtensionDialog(self.db, lead, self.prompts, self)
        day = str(document.values.get("proposed_on") or "")[:10]
        if day:
            shown.approved_on.setDate(QDate.fromString(day, "yyyy-MM-dd"))
            shown.mark_loaded()
        if exec_once(shown, made=dialog is None) == QDialog.DialogCode.Accepted:
            self.refresh(select=lead_id)
        return True

    def _open_editor_of(self, form_id: str, lead_id: str):
        """The document editor open in this window writing the lead's ``form_id`` (``layouts.open_editor_of``)."""
        return open_editor_of(self, lambda editor: editor.lead_id == lead_id and editor.form.id == form_id)

    def open_document(self):
        """Open a document issued for the selected lead (its assignment notice or transfer letter, issued here or
        at headquarters) read-only in the document editor, to read, print or save; with several, the officer
        chooses which. Returns the editor, None when none was opened."""
        from workstation.documents.drafts import find_form
        from workstation.leads_workflow import lead_documents

        lead = self.selected()
        documents = lead_documents(self.db, lead["id"]) if lead is not None else []
        if not documents:
            return None
        chosen = 0
        if len(documents) > 1:
            chosen = self.prompts.choose_item(self, _("Open document"), _("Document of the lead:"), [
                f"{d.title} {d.number or ''}（{d.issued_at[:10]}）" + (_(" (void)") if d.status != "issued" else "")
                for d in documents], len(documents) - 1)
            if chosen is None:
                return None
        document = documents[chosen]
        form = find_form(document.form_id)
        if self.open_editor is not None:
            return self.open_editor(None, form, document=document, lead_id=lead["id"])
        from ui.form_editor import FormEditor

        editor = FormEditor(self.db, self.data_dir, None, form, self.prompts, document=document, lead_id=lead["id"],
                            parent=self.window())
        editor.show()
        return editor

    def void_lead_document(self) -> None:
        """Void a document issued for the selected lead (the officer chooses which when there are several): its
        reason asked (required), what follows said and confirmed — the lead reopened when its transfer letter withdraws
        its referral — then the lead shown again and, when it was reopened, told so. A refusal changes nothing."""
        from workstation.documents.issuing import (
            document_name,
        )
        from workstation.errors import join_sentences
        from workstation.leads_workflow import lead_documents, void_effects

        lead = self.selected()
        documents = [d for d in lead_documents(self.db, lead["id"]) if d.status == "issued"] if lead else []
        if not documents:
            return
        chosen = 0
        if len(documents) > 1:
            chosen = self.prompts.choose_item(self, _("Void document"), _("Document of the lead to void:"), [
                f"{d.title} {d.number or ''}（{d.issued_at[:10]}）" for d in documents], len(documents) - 1)
            if chosen is None:
                return
        document = documents[chosen]
        from ui.case_documents import void_asked

        reopened = void_effects(self.db, document)  # read before the void changes them
        voided = void_asked(self, self.prompts, self.db, document,
                            _("It stays with the lead marked void; this cannot be undone."))
        if voided is None:
            return
        self.refresh(select=lead["id"])  # its state, its documents and the actions offered follow
        if reopened:
            self.prompts.info(self, join_sentences([_("{document} is void: {reason}.").format(
                document=document_name(voided), reason=voided.void_reason.rstrip("。. ")), *reopened]))

    def file_case(self) -> None:
        """Open the lead's case (its party, the complaints linked) and show it to be filed, once the officer
        confirmed it: the lead is then decided with that case, no longer referred or not filed here."""
        from workstation.leads_workflow import file_case_from_lead, names_no_party, shown_state

        lead = self.selected()
        if lead is None or self._changed_elsewhere(lead) or self._in_conflict(lead):
            return
        if not self.prompts.confirm(self, _(
                "Open a case to file {lead}? The lead is then filed, or not filed, with that case: it can no longer "
                "be referred or decided not to be filed on this page.").format(
                lead=self.lead_name(lead))):
            return
        if names_no_party(lead):  # nobody to file against: the officer enters the party
            from ui.party_dialog import PartyDialog

            self.prompts.info(self, _("The lead names no business and no telephone number: enter the party of its "
                                      "case (its name and kind) to open the case."))
            dialog = PartyDialog(self.db, self.prompts, parent=self)
            try:
                party = dialog.saved_party if self.show_dialog(dialog) else None
            finally:
                dialog.deleteLater()
            if party is None:
                return
            # the lead confirmed is the one filed: refused if another program changes it meanwhile
            case = self._act(file_case_from_lead, party_id=party.id, expected=shown_state(lead))
        else:
            case = self._act(file_case_from_lead, expected=shown_state(lead))
        if case is not None:
            self.case_opened.emit(case.id)

    def lead_name(self, lead: dict) -> str:
        """The lead as the officer knows it in a question: who it is about and when it was received."""
        from workstation.leads_workflow import target_of

        return _("the lead about {target} received on {date}").format(target=mask_text(target_of(lead)),
                                                                       date=lead["received_at"][:10])

    def not_file(self) -> None:
        """Decide not to file the selected lead (不予立案) on the day and with the reason asked together, once the
        officer confirmed it naming the lead and the reason, then offer its 不予立案审批表 (``offer_non_filing_approval``)
        as an assignment offers its notice; a lead not filed has the button withdraw that decision instead
        (``withdraw``)."""
        from workstation.leads_workflow import (
            approval_day_warning,
            decide_lead,
            late_decision_warning,
            not_filing_refusal,
            shown_state,
        )

        lead = self.selected()
        if lead is None or self._changed_elsewhere(lead):
            return
        if lead["status"] == "not_filed":
            self.withdraw()
            return
        if self._in_conflict(lead):
            return
        if refusal := not_filing_refusal(self.db, lead):  # no bureau for its 不予立案审批表: assigned first
            self.prompts.error(self, refusal)
            return
        earliest = lead["assigned_on"] or lead["received_at"][:10]
        answer = self.prompts.ask_dated_text(self, _("Not file"), _(
            "On which day was the lead decided not to be filed (not before {date}), and why?").format(date=earliest),
            earliest)
        if answer is None:
            return
        day, reason = answer
        # decided after its T1 ended: said before it is done (the pane keeps it, 逾期作出决定), not refused
        late = late_decision_warning(self.db, lead, "not_file", day)
        # its 不予立案审批表 in force approves another day: said with it too, as `leads decide` notes it
        other_day = approval_day_warning(self.db, lead, "not_file", day)
        if reason.strip() and not self.prompts.confirm(self, _(
                "Decide not to file {lead}, for this reason: “{reason}”? Its verification period (T1) stops; the "
                "decision can be withdrawn later (Withdraw not filing…) while no case depends on it.").format(
                lead=self.lead_name(lead), reason=reason.strip()) + "".join(
                f"\n\n{said}" for said in (late, other_day) if said)):
            return
        # the lead confirmed is the one decided: refused if another program changes it meanwhile
        if self._act(decide_lead, "not_file", on=day, reason=reason, expected=shown_state(lead)) is not None:
            self.offer_non_filing_approval(lead["id"])

    def offer_non_filing_approval(self, lead_id: str):
        """After the lead was decided not to be filed: ask whether to write its 不予立案审批表 now (Yes by default, as
        the assignment notice is offered); Yes opens the editor drawn from the lead with the reason just recorded.
        Nothing is asked when one was issued for the lead already (written before the decision). Returns the editor
        opened, None when none was."""
        from workstation.leads_workflow import get_lead_row, lead_documents

        if any(d.form_id == "non_filing_approval" and d.status == "issued" for d in lead_documents(self.db, lead_id)):
            return None
        if not self.prompts.confirm(self, _("Write the 不予立案审批表 (approval not to file) now?")):
            return None
        # the lead decided, not the one selected: a status filter chosen may have taken it out of the list
        return self.write("non_filing_approval", get_lead_row(self.db, lead_id))

    def withdraw(self) -> None:
        """Withdraw the decision not to file the selected lead (撤销不予立案), on the day and with the reason asked
        together, once confirmed: the lead
        is assigned (or registered) again, its T1 counting as before."""
        from workstation.leads_workflow import (
            reopened_status,
            shown_state,
            withdraw_not_filing,
            withdrawal_refusal,
        )

        lead = self.selected()
        if lead is None or self._changed_elsewhere(lead):
            return
        refusal = withdrawal_refusal(self.db, lead)
        if refusal:
            self.prompts.error(self, refusal)
            return
        answer = self.prompts.ask_dated_text(self, _("Withdraw not filing"), _(
            "On which day is the decision not to file the lead withdrawn, and why (kept in its history)?"),
            lead["decided_on"] or None)
        if answer is None:
            return
        day, reason = answer
        back = shown_label("lead_statuses", reopened_status(lead))
        told = _(" The reporter was told of it on {date}: tell them of the new decision too.").format(
            date=lead["reporter_told_on"]) if lead["reporter_told_on"] else ""
        told += self._voided_with_withdrawal(lead)
        if reason.strip() and not self.prompts.confirm(self, _(
                "Withdraw the decision of {date} not to file {lead} (“{decided}”), for this reason: “{reason}”? The "
                "lead is {status} again and its verification period (T1) counts as before.").format(
                date=lead["decided_on"] or "—", lead=self.lead_name(lead), decided=mask_text(lead["decision_reason"]),
                reason=reason.strip(), status=back) + told):
            return
        # the decision confirmed is the one withdrawn: refused if another program changes the lead meanwhile
        self._act(withdraw_not_filing, reason, on=day, expected=shown_state(lead))

    def _voided_with_withdrawal(self, lead: dict) -> str:
        """What the confirmation of a withdrawal adds of the 不予立案审批表 it voids (``withdrawn_approvals``), ""
        when none is in force."""
        from workstation.documents.issuing import document_name
        from workstation.leads_workflow import withdrawn_approvals

        approvals = withdrawn_approvals(self.db, lead)
        if not approvals:
            return ""
        return _(" {documents} no longer stands and is voided with the decision: a new decision not to file is "
                 "approved on a new one.").format(documents="、".join(_("{document} (issued {date})").format(
                     document=document_name(d), date=d.issued_at[:10]) for d in approvals))

    def refer(self) -> None:
        """Write the lead's transfer letter (案件移送函) to the competent agency: the lead is recorded referred (已移送)
        when the letter is issued (``issue_lead_document``), to the agency it is addressed to; closed without issuing,
        the lead stays as it was, its draft kept, and the pane says so. A letter being written is brought to the
        front. A lead whose letter no bureau could issue (never assigned, on a station without an agency) is
        assigned first; one whose decision is in open conflict with a station's copy is refused before anything is
        asked (``_in_conflict``), as issuing the letter would be."""
        from workstation.documents.jurisdiction import receiver_name
        from workstation.leads_workflow import (
            issuing_agency,
            late_decision_warning,
            police_referral_warning,
            referral_refusal,
            transfer_receiver,
        )
        from workstation.store.drafts import saved_draft

        lead = self.selected()
        if lead is None or self._changed_elsewhere(lead):
            return
        if self._transfer_letter_unissued(lead):  # referred already (earlier versions): its letter written
            self.write("case_transfer_letter")
            return
        if self._in_conflict(lead):  # its decision in conflict with a station's: said before anything is asked
            return
        editor = self._open_editor_of("case_transfer_letter", lead["id"])
        if editor is not None:  # being written: that window brought to the front, the agency not asked again
            bring_to_front(editor)
            return
        if issuing_agency(self.db, lead, "case_transfer_letter") is None:
            self.prompts.error(self, _("Assign the lead to a bureau or office first: the transfer letter (案件移送函) "
                                       "carries that bureau's name and 文号, and a referred lead cannot be assigned "
                                       "any more."))
            return
        draft = saved_draft(self.db, "case_transfer_letter", lead_id=lead["id"])
        kept = str((draft.values if draft is not None else {}).get("receiver") or "")
        question = _("Agency the lead is referred to (the lead is recorded as referred when its transfer letter is "
                     "issued):")
        # its T1 ended: said first (the letter dated today refers it late; its issue says so again for its day)
        late = late_decision_warning(self.db, lead, "refer")
        asked, to = f"{late}\n\n{question}" if late else question, kept or transfer_receiver(lead)
        while True:  # 广东省通信管理局 proposed for an operator's conduct; one refused is said as the box is asked again
            to = self.prompts.ask_text(self, _("Refer"), asked, to)
            if not to:
                return
            to = receiver_name(self.db, to)  # an agency's code as its name, as `leads decide --refer` writes it
            refusal = referral_refusal(self.db, lead, to)
            if refusal is None:
                # to the police: a suspected crime goes with a 涉嫌犯罪案件移送书 once filed (a warning: allowed)
                police = police_referral_warning(to)
                if not police or self.prompts.confirm(
                        self, police + _(" Refer the lead to {agency} all the same?").format(agency=to)):
                    break
                refusal = police  # not referred so: the box asked again, the warning said above it
            asked = f"{refusal}\n\n{question}"
        editor = self.write("case_transfer_letter")  # the lead stays open until the letter is issued
        if editor is None:  # its letter cannot be written (told why): the lead is not referred without it
            return
        editor.set_field("receiver", to)
        editor.closed.connect(lambda _draft, i=lead["id"]: self.refresh(select=i) if self.selected_id() == i else None)

    def tell_reporter(self, dialog=None) -> None:
        """Record that the named reporter of the selected lead, filed or not filed, was told the decision (T24); a
        lead recorded told already has that record corrected (``ReporterToldCorrectionDialog``)."""
        lead = self.selected()
        if lead is None:
            return
        made = ReporterToldCorrectionDialog if lead["reporter_told_on"] else ReporterToldDialog
        shown = dialog or made(self.db, lead, self.prompts, self)
        if exec_once(shown, made=dialog is None) == QDialog.DialogCode.Accepted:
            self.refresh(select=lead["id"])

    def open_case(self) -> None:
        lead = self.selected()
        if lead and lead["case_id"]:
            self.case_opened.emit(lead["case_id"])

    # import and screening ----------------------------------------------------------------------------------
    def import_complaints(self) -> None:
        """Choose exports and their profile, import them with progress and Cancel, then screen."""
        from ui.complaint_import import ColumnChoices, ComplaintImportDialog

        if self.import_choices is None:  # the columns chosen stay chosen for the next time the wizard opens
            self.import_choices = ColumnChoices()
        dialog = ComplaintImportDialog(self.db, self.prompts, self, runner=self.runner, choices=self.import_choices)
        if exec_once(dialog) != QDialog.DialogCode.Accepted or not dialog.paths:
            return
        self.run_import(dialog.paths, plan=dialog.plan(), despite_header=dialog.despite_header)

    def run_import(self, paths: list[str], profile: str | None = None, mapping: dict | None = None, *,
                   plan: list[tuple[str, str | None, dict | None]] | None = None,
                   despite_header: bool = False) -> None:
        """Import the files in the background (progress and Cancel), then screen what was imported: each with
        the channel and columns of ``plan`` (the import dialog's), else the first with ``profile`` and
        ``mapping`` and the others recognised from their own header."""
        if not paths:
            return
        if plan is None:
            plan = [(path, profile, mapping) if n == 0 else (path, None, None) for n, path in enumerate(paths)]
        work = partial(_import_files, database_path(self.data_dir), list(plan), despite_header=despite_header)
        # the files' names in the open marker: a start after a crash names the files to import again
        title = _("Importing complaints {files}").format(files=list_join(Path(p).name for p, _p, _m in plan))
        self.runner.run(title, work, self._imported, self._import_failed, self)

    def _import_failed(self, exc: BaseException) -> None:
        """A cancelled import writes nothing of the files it did not finish, not even the columns chosen for them
        ("nothing was changed" stays true): the window still offers them for the same header
        (``import_choices``) until it closes. Cancelled after files that stored complaints (they stay imported,
        with their columns remembered), the officer is asked whether to screen them into leads now, as a finished
        import does: a Cancel starts no long work unasked."""
        from shiboken6 import isValid

        from workstation.errors import Cancelled
        from workstation.importing.complaints import CancelledMidway

        if isinstance(exc, Cancelled) and isValid(self):
            if isinstance(exc, CancelledMidway) and exc.stored:
                question = _("Their complaints are not grouped into leads yet. Screen and group them now? (Otherwise "
                             "click “{screen}” later.)").format(screen=plain_label(self.buttons["screen"].text()))
                if self.prompts.confirm(self, f"{exc.message}\n\n{question}"):
                    self.screen()  # its end reads the leads again
                else:
                    self.refresh()
                return
        self._failed(exc)

    def _imported(self, result) -> None:
        from workstation.importing.complaints import complaint_spec

        refused = result.refused
        lines = [_("{imported} complaints imported, {duplicates} duplicates left out.").format(
            imported=result.as_dict()["imported"], duplicates=result.as_dict()["duplicates"])]
        if result.files and not refused and all(f.already_imported_note() for f in result.files):
            lines = []  # every file was imported before: said of each below, not as a count of 0 imported
        labels = {name: spec["label"] for name, spec in complaint_spec()["profiles"].items()}
        for f in result.files:  # each file's channel and counts, and the complaints sent through two channels
            if note := f.already_imported_note():
                # and how to import it again (撤回导入…), read wrongly the first time (none for a file given twice)
                lines += [note, redo] if (redo := f.redo_note()) else [note]
            elif not f.refused:
                # the complaints also sent through another channel are among those imported, not more of them
                said = _("{file} ({profile}): {rows} rows, {imported} imported (of which {same} the same complaint "
                         "as one sent through another channel), {duplicates} duplicates.") if f.same_as else \
                    _("{file} ({profile}): {rows} rows, {imported} imported, {duplicates} duplicates.")
                lines.append(said.format(file=f.file, profile=labels.get(f.profile, f.profile), rows=f.rows,
                                         imported=f.imported, duplicates=f.duplicates, same=f.same_as))
                if f.repeated:
                    lines.append(f.repeated_note())
                if f.same_numbers:  # another complaint under the number of a row above: left out, named
                    lines.append(f.same_number_note())
                if note := f.remembered_note():  # columns the channel's remembered choices decided, said so
                    lines.append(note)
                if f.updated:
                    lines.append(f.updated_note())
                if f.cleaned:
                    lines.append(f.cleaned_note())
            if not f.refused and f.sheets_left_out:  # a workbook's sheets whose complaints are not among them
                lines.append(f.sheets_note())
        for f in refused:  # one line each naming the file and its first bad row (a row's error alone names neither)
            lines.append(_("Not imported: {reason}").format(reason=" ".join(f.refused.split())))
        message, details = "\n".join(lines), _refused_rows(refused)
        if refused and not result.as_dict()["imported"] and not result.as_dict()["duplicates"]:
            # nothing could be imported: not a success to acknowledge
            self.prompts.error(self, message, details=details)
        else:
            self.prompts.info(self, message, details=details)
        # a run that stored nothing (files refused, or imported already) leaves nothing to screen: a screening run
        # then would only write its audit entry
        if any(f.imported or f.updated for f in result.files):
            self.screen()

    def _failed(self, exc: BaseException) -> None:
        report_failure(self, self.prompts, exc)
        self.refresh()

    def edit_rules(self) -> None:
        """Edit the screening rules with a preview; Save screens the complaints again with them (in the editor, with
        progress and Cancel) and the list shows the leads they make, the selected lead kept."""
        from ui.rules_editor import RulesEditor

        editor = RulesEditor(self.db, self.data_dir, self.prompts, self, runner=self.runner)
        accepted = editor.exec() == QDialog.DialogCode.Accepted
        if editor.saved:
            self.rules_saved.emit()
        if accepted and editor.saved and editor.screened is not None:
            self._screened(editor.screened)

    def screen(self) -> None:
        from workstation import tasks

        work = partial(tasks.screen_task, database_path(self.data_dir))
        self.runner.run(_("Screening complaints"), work, self._screened, self._failed, self)

    def _lead_made(self, lead_id: str) -> None:
        """A lead made of related complaints in no lead: the list read again, the new lead selected, and the
        complaints left in no lead read again when their tab is next shown."""
        self.refresh(select=lead_id)

    def _screened(self, result) -> None:
        # the summary refreshed gives the complaints imported, those related and the leads: said once, there; what
        # the screening itself changed is added
        done = _("Screening done: {created} new leads, {updated} leads updated.").format(
            created=result.created, updated=result.updated)
        if result.removed:
            done = join_sentences([done, _("{n} leads left without complaints were removed.").format(
                n=result.removed)])
        if result.joined:  # complaints about what a lead registered by hand names: in that lead, not a new one
            done = join_sentences([done, result.joined_note()])
        if result.extended_kept:  # leads kept for their approved extension of T1: complaints went elsewhere
            done = join_sentences([done, result.kept_note()])
        if result.drafts_kept:  # leads left without complaints kept, emptied, for a document draft of theirs
            done = join_sentences([done, result.drafts_note()])
        self.refresh()
        self.summary.setText(self.summary.text() + "  " + done)

    # search ------------------------------------------------------------------------------------------------
    def _search_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.search = QLineEdit()
        self.search.setObjectName("complaint_search")
        self.search.setPlaceholderText(_("Search the complaints' text (two characters are enough)"))
        self.search_count = QLabel()
        self.no_complaint = False  # none imported yet (``refresh``): the count's place says how to import them
        self.counting_found = NewestWork(self, self.runner)  # the count of the complaints found running, if any
        # a count that ended before the search it counts for listed its complaints: (query, count), shown by ``_found``
        self.count_held: tuple[str, object] | None = None
        # the search running, if any (its first page read in the background: ``run_search``), the query it is for, and
        # whether the officer asked for its first complaint (Down in the search) before it arrived
        self.searching = NewestWork(self, self.runner)
        self.searching_for: str | None = None
        self._first_when_found = False
        # the next page of the complaints found being read (scrolled to the end of those listed), and which
        self.reading_more = NewestWork(self, self.runner)
        self.more_for: tuple[str, int] | None = None
        self.complaint_model = ComplaintModel(self)
        self.complaint_model.read_more = self._read_more_found
        self.complaint_view = read_only_table(self.complaint_model)
        self.complaint_view.setObjectName("complaints")
        self.complaint_view.setAccessibleName(_("Complaints"))
        # its columns sized to the complaints in view and a few more, not to the whole page found (each row's snippet
        # worked out and masked to be measured): dates, work orders and masked numbers are all as wide, and the
        # snippets are cut to one length
        self.complaint_view.horizontalHeader().setResizeContentsPrecision(COMPLAINT_WIDTH_SAMPLE)
        # the screening result before the text, which keeps the width left (the last section shown stretches)
        self.complaint_view.horizontalHeader().moveSection(ComplaintModel.SCREENING_COLUMN, ComplaintModel.TEXT_COLUMN)
        self.complaint_view.activated.connect(self.open_complaint_lead)  # Enter, and a double-click
        add_reveal_action(self.complaint_view, self.reveal_complaint)
        self.verdict_actions = add_verdict_actions(
            self.complaint_view, self._current_complaint, lambda cid: cid in self.complaint_model.verdicts, db=self.db,
            prompts=self.prompts, changed=self._verdict_changed)
        self.complaint_view.setItemDelegateForColumn(ComplaintModel.TEXT_COLUMN, MarkedTextDelegate(self.complaint_view))
        self.snippet = QTextBrowser()
        self.snippet.setObjectName("complaint_text")
        self.snippet.setAccessibleName(_("Complaint text"))
        # below the text: its channel, file and row, what screening made of it, its other channels, its raw row
        self.complaint_origin = QLabel()
        self.complaint_origin.setObjectName("complaint_origin")
        self.complaint_origin.setWordWrap(True)
        self.complaint_origin.setTextFormat(Qt.TextFormat.PlainText)
        self.complaint_origin.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        search_row = QHBoxLayout()
        search_row.addWidget(buddy_label(_("&Search"), self.search))  # Alt+S: the leads tab's button is hidden here
        search_row.addWidget(self.search, 1)
        withdraw = QPushButton(_("&Quash an import…"))  # the import history: one file's import taken back
        withdraw.setObjectName("withdraw_import")
        withdraw.clicked.connect(lambda _checked=False: self.withdraw_import())
        search_row.addWidget(withdraw)
        layout.addLayout(search_row)
        layout.addWidget(self.search_count)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.complaint_view)
        splitter.addWidget(self.snippet)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.complaint_origin)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda: self.search_timer.start())
        self.search.returnPressed.connect(lambda: self.run_search())
        self.search.installEventFilter(self)  # Down into the complaints found, Escape clears the search
        self.complaint_view.selectionModel().currentRowChanged.connect(lambda *_args: self._show_complaint())
        return tab

    def withdraw_import(self) -> None:
        """Pick one import of the import history and take it back after a confirmation: its complaints removed,
        and the leads screening made of them alone (``workstation.importing.complaint_withdraw``); a refusal says
        why and changes nothing."""
        from workstation.errors import WorkstationError
        from workstation.importing.complaint_withdraw import (
            complaint_imports,
            shown_time,
            withdraw_import,
            withdrawal_refusal,
        )

        imports = complaint_imports(self.db)
        if not imports:
            self.prompts.info(self, _("No complaint file was imported here."))
            return
        items = [ngettext("{time}  {file} ({n} complaint)", "{time}  {file} ({n} complaints)", i["complaints"]).format(
            time=shown_time(i["imported_at"]), file=i["file"], n=i["complaints"]) for i in imports]
        index = self.prompts.choose_item(self, _("Withdraw an import"), _("Import to take back (newest first):"),
                                         items)
        if index is None:
            return
        chosen = imports[index]
        if refusal := withdrawal_refusal(self.db, chosen):
            self.prompts.error(self, refusal)
            return
        if not self.prompts.confirm(self, ngettext(
                "Withdraw the import of {file} on {time}? Its {n} complaint is removed, and a lead screening made of "
                "it alone. This cannot be undone.",
                "Withdraw the import of {file} on {time}? Its {n} complaints are removed, and the leads screening "
                "made of them alone. This cannot be undone.", chosen["complaints"]).format(
                file=chosen["file"], time=shown_time(chosen["imported_at"]), n=chosen["complaints"]),
                destructive=True):
            return
        try:
            result = withdraw_import(self.db, chosen["imported_at"])
        except WorkstationError as exc:
            self.prompts.error(self, str(exc))
            return
        self.refresh()
        self.run_search()
        self.prompts.info(self, result.summary())

    def _complaint_search_key(self, event) -> bool:
        """Down or PageDown in the complaint search goes to the first complaint found (searched first when typed
        and not yet searched), Escape clears the search; True when the key was taken."""
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            text = self.search.text().strip()
            if self.search_timer.isActive() or text != (self.searching_for if self.searching.running
                                                        else self.complaint_model.searched):
                self.run_search()
            if self.searching.running:  # the first complaint found once the search has found it
                self._first_when_found = True
            else:
                self._go_to_first_found()
            return True
        if event.key() == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            self.run_search()
            return True
        return False

    def _go_to_first_found(self) -> None:
        """The keyboard to the first complaint found, selected (none found: it stays in the search)."""
        if self.complaint_model.rowCount():
            self.complaint_view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.complaint_view.selectRow(0)
            self.complaint_view.scrollTo(self.complaint_model.index(0, 0))

    def open_complaint_lead(self, index: QModelIndex | None = None) -> None:
        """Enter (or a double-click) on a complaint found: its lead selected on the lead worklist, every lead listed
        again if the search or a filter left it out; a complaint in no lead has its whole text shown below, the
        keyboard there."""
        if index is not None and index.isValid() and index.row() != self.complaint_view.currentIndex().row():
            self.complaint_view.selectRow(index.row())
        hit = self._current_complaint()
        if hit is None:
            return
        if hit.lead_id and any(r["id"] == hit.lead_id for r in self.all_leads):
            self.select(hit.lead_id)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._show_complaint()
        self.snippet.setFocus(Qt.FocusReason.OtherFocusReason)

    def run_search(self, keep_place: bool = False) -> None:
        """Find complaints whose text holds the query (trigram index from three characters, a scan below): the first
        page in the background (``tasks.complaint_search_task``; most of a second over a million complaints), the
        complaints found before staying listed, and the officer typing on, until it arrives; a search still running
        is cancelled, what it finds dropped (its query is no longer the one typed). With ``keep_place`` (the
        complaints changed under the same query) the officer's place is kept: as many rows loaded as before, the
        selected complaint selected again while it still matches, the list scrolled as it was."""
        from workstation import tasks

        self.search_timer.stop()
        self.search_stale = False
        self._first_when_found = False
        self.searching.stop()
        self.searching_for = None
        self._stop_reading_more()  # a page of the list about to be replaced
        text = self.search.text().strip()
        keep_place = keep_place and text == self.complaint_model.searched  # a query typed meanwhile: its own search
        limit = self.complaint_model.first_page(len(self.complaint_model.records) if keep_place else 0)
        if not text:  # nothing to read
            self._found(text, keep_place, limit, ([], {}))
        else:
            self.searching_for = text
            # a read (``only_reading``): beside the count, never behind it on the one thread of writes
            self.searching.start(_("Searching the complaints"),
                                 only_reading(partial(tasks.complaint_search_task, database_path(self.data_dir), text,
                                                      limit)),
                                 partial(self._found, text, keep_place, limit), self._not_found)
        self._count_found(text, keep_place)

    def _read_more_found(self, text: str, offset: int) -> None:
        """Read the next page of the complaints found for ``text``, from ``offset`` on, in the background (the view
        scrolled to the end of those listed): a page of a query of one or two characters scans the complaints' text
        (0.1–0.3 s at the tenth page of a common one over a million complaints, a second or more past the few of a
        rare one), which the window would freeze for. Asked again while it runs, nothing more is read; asked while a
        search runs (the view at the end of the rows still shown), neither: the list is about to be replaced, and
        the page would hold the one task thread only to be dropped."""
        from workstation import tasks

        if self.searching.running or (self.reading_more.running and self.more_for == (text, offset)):
            return
        self.more_for = (text, offset)
        self.reading_more.start(_("Searching the complaints"),
                                only_reading(partial(tasks.complaint_search_task, database_path(self.data_dir), text,
                                                     self.complaint_model.PAGE, offset=offset)),
                                partial(self._more_found, text, offset), self._more_not_found)

    def _more_found(self, text: str, offset: int, found: tuple[list, dict[str, dict]]) -> None:
        """Add the page read (``_read_more_found``) below the complaints listed, unless the list changed since."""
        self.more_for = None
        rows, verdicts = found
        self.complaint_model.add_found(text, offset, rows, verdicts)

    def _more_not_found(self, exc: BaseException) -> None:
        from workstation.errors import Cancelled

        self.more_for = None
        if not isinstance(exc, Cancelled):
            report_failure(self, self.prompts, exc)

    def _stop_reading_more(self) -> None:
        """Cancel the page of the list being read, if any; what it ends with is dropped."""
        self.reading_more.stop()
        self.more_for = None

    def _not_found(self, exc: BaseException) -> None:
        """The search failed (not cancelled): said; the complaints listed before stay. The count running beside it
        is stopped: what it would end with (the same failure, as a rule) is not said twice."""
        from workstation.errors import Cancelled

        self.searching_for = None
        self.count_held = None  # its query's complaints are not listed: never shown over the others
        if not isinstance(exc, Cancelled):
            self.counting_found.stop()
            self.search_count.setText("")
            report_failure(self, self.prompts, exc)

    def _found(self, text: str, keep_place: bool, limit: int, found: tuple[list, dict[str, dict]]) -> None:
        """Show the first page of the complaints found for ``text`` (``run_search``), the officer's place kept with
        ``keep_place`` as it is now — where the officer selected or scrolled to while the search ran."""
        self.searching_for = None
        view, model = self.complaint_view, self.complaint_model
        keep_place = keep_place and text == model.searched
        index = view.currentIndex()
        selected = model.records[index.row()].id if keep_place and index.isValid() and \
            index.row() < len(model.records) else None
        loaded, scroll = (len(model.records), view.verticalScrollBar().value()) if keep_place else (0, 0)
        was_at = self._scroll_units(index.row()) if selected else 0
        rows, verdicts = found
        model.show_found(self.db, text, rows, limit, verdicts)
        if self.count_held is not None and self.count_held[0] == text:  # counted first: shown with its rows
            self._counted(self.count_held[1])
        if not keep_place:
            view.resizeColumnsToContents()
        row = self._find_loaded(selected, loaded + 5 * model.PAGE) if selected else None
        if row is not None:  # selected again, and shown where it was although complaints came in above it
            view.selectRow(row)
            scroll += self._scroll_units(row) - was_at
        else:  # nothing selected: no complaint's text stays in the pane below
            self.snippet.clear()
            self.complaint_origin.clear()
        view.verticalScrollBar().setValue(scroll)
        if self._first_when_found:  # Down pressed in the search while it ran
            self._first_when_found = False
            self._go_to_first_found()

    def _count_found(self, text: str, keep_count: bool) -> None:
        """Count the complaints found for ``text`` in the background (a query of one or two characters has no index:
        most of a second over a million complaints); a count still running is cancelled (its query is no longer
        the one typed). With ``keep_count`` (the same query read again) the count shown stays until the new one
        arrives, else it says that it is counting."""
        from workstation import tasks

        self.counting_found.stop()
        self.count_held = None
        if not text:
            self.search_count.setText("")
            self._say_no_complaint()
            return
        if not keep_count:
            self.search_count.setText(_("Counting the complaints found…"))
        # a read: the next page of the list is read beside it (a count of a one-digit search reads every text)
        self.counting_found.start(_("Counting the complaints found"),
                                  only_reading(partial(tasks.complaint_count_task, database_path(self.data_dir), text)),
                                  partial(self._counted, text=text), self._not_counted)

    def _say_no_complaint(self, none: bool | None = None) -> None:
        """While no complaint has been imported (``none``, given by ``refresh``) and nothing is searched, the count
        of the complaints found says how to import them (``no_complaint_text``); taken away once some are."""
        if none is not None:
            self.no_complaint = none
        if self.search.text().strip():
            return
        said = no_complaint_text()
        if self.no_complaint:
            self.search_count.setText(said)
        elif self.search_count.text() == said:
            self.search_count.setText("")

    def stop_counting(self) -> None:
        """Cancel the background work running, if any (the window closing): the search of the complaints, the count
        of those found and the reading of the related complaints in no lead (and a search typed, not yet run); what
        they end with is dropped, and each list is read again when next shown."""
        if self.counting_found.running or self.searching.running or self.search_timer.isActive():
            self.search_timer.stop()  # a search typed and not yet run
            self.searching.stop()  # the list shown stays; read again when next shown
            self.searching_for = None
            self.counting_found.stop()
            self.count_held = None
            self.search_count.setText("")
            self.search_stale = True
        self._stop_reading_more()  # the list stays as it is: scrolled to its end again, the page is asked again
        self.without_lead.stop()

    def _counted(self, counted, text: str | None = None) -> None:
        """Show the count of the complaints found for ``text`` (``tasks.complaint_count_task``; None: those listed):
        "more than" when it stopped at its cap (a search with a digit). Counted before the search listed them (the
        list still shows the complaints of the query before), the count is held until it does (``_found``): a label
        over another query's rows would tell the officer of complaints not listed, or none of those that are."""
        if text is not None and text != self.complaint_model.searched:
            self.count_held = (text, counted)
            return
        self.count_held = None
        if counted.more:
            self.search_count.setText(_("More than {n} complaints found").format(n=f"{counted.n:,}"))
        else:
            self.search_count.setText(_("{n} complaints found").format(n=counted.n))

    def _not_counted(self, exc: BaseException) -> None:
        """The count failed (not cancelled): said, and the search running beside it stopped (``_not_found``)."""
        from workstation.errors import Cancelled

        self.search_count.setText("")
        if not isinstance(exc, Cancelled):
            self.searching.stop()
            self.searching_for = None
            self._first_when_found = False
            report_failure(self, self.prompts, exc)

    def _find_loaded(self, complaint_id: str, up_to: int) -> int | None:
        """The row of the complaint ``complaint_id`` in the search list, more rows fetched while it is not among
        them (at most ``up_to`` loaded: a complaint that no longer matches is not looked for everywhere)."""
        model = self.complaint_model
        while True:
            rows = [n for n, hit in enumerate(model.records) if hit.id == complaint_id]
            if rows or not model.canFetchMore() or len(model.records) >= up_to:
                return rows[0] if rows else None
            model.fetch_page_now()  # now: the row is selected right after

    def _scroll_units(self, row: int) -> int:
        """Where ``row`` of the search list starts, in the units of its scroll bar (rows or pixels)."""
        view = self.complaint_view
        if view.verticalScrollMode() == view.ScrollMode.ScrollPerItem:
            return row
        return view.verticalHeader().sectionPosition(row)

    def _current_complaint(self):
        index = self.complaint_view.currentIndex()
        return self.complaint_model.records[index.row()] if index.isValid() and \
            index.row() < len(self.complaint_model.records) else None

    def _verdict_corrected_without_lead(self) -> None:
        """A verdict corrected in the list of related complaints in no lead: the leads and the search read again."""
        self.refresh()
        self.search_stale = True
        self.refresh_search()

    def _verdict_changed(self) -> None:
        """An officer's verdict on a complaint was recorded or removed: the leads, their complaints and the lists
        of complaints are read again (the complaint may have left its lead)."""
        self.without_lead.stale = True
        self.refresh()
        self.run_search(keep_place=True)

    def refresh_search(self) -> None:
        """Read the search list again after the complaints changed, with the same query and the officer's place
        kept (``run_search``); nothing to read while no query is typed."""
        if not self.search.text().strip() and not self.complaint_model.records:
            self.search_stale = False
            return
        self.run_search(keep_place=True)

    def reveal_complaint(self) -> None:
        """Show the selected complaint's number and the numbers in its text unmasked (audited)."""
        index = self.complaint_view.currentIndex()
        if index.isValid() and self.complaint_model.reveal_row(self.db, self.prompts, self, index.row()) is not None:
            self._show_complaint()

    def _show_complaint(self) -> None:
        """The whole text of the chosen complaint with every occurrence of the query highlighted, after the business
        it is about (被投诉方) when its file named one: the search finds that name too, which the text may not write."""
        index = self.complaint_view.currentIndex()
        if not index.isValid():
            return
        hit = self.complaint_model.records[index.row()]
        text = self.complaint_model.shown(hit, "text")
        html = self._marked_html(hit.text, text, hit)
        if hit.target_name.strip():  # masked as the text is, until the officer reveals it
            name = hit.target_name.strip()
            shown_name = name if "text" in self.complaint_model.revealed.get(hit.id, {}) else mask_text(name)
            label = escape(_("{column}: {value}").format(column=_("Complained-about party"), value="\0"))
            html = label.replace("\0", self._marked_html(name, shown_name, hit)) + "<br/>" + html
        self.snippet.setHtml(html)
        self.complaint_origin.setText(self._origin_text(hit))

    @staticmethod
    def _marked_html(stored: str, shown: str, hit) -> str:
        """``shown`` (``stored`` as the pane shows it, masked or not) as HTML, every word of the query ``hit`` was
        found for highlighted: found as the search finds it (Latin letters in either case) in the stored text, and
        marked where it stands in the text shown, on the masked digits of a number it is part of."""
        pieces, last = [], 0
        for start, end in shown_spans(stored, shown, list(hit.words), hit.rules):
            pieces += [escape(shown[last:start]), f"<b style='background:#fff3cd'>{escape(shown[start:end])}</b>"]
            last = end
        return "".join(pieces) + escape(shown[last:])

    def _origin_text(self, hit) -> str:
        """Where the complaint ``hit`` came from (channel, file and row), what screening made of it, the other
        channels it came through and its row as imported, the numbers masked unless the officer revealed them."""
        from workstation.board_export import label_rules
        from workstation.store.complaints import complaint_origin

        origin = complaint_origin(self.db, hit.id)
        if origin is None:
            return ""
        shown = (lambda value: value) if hit.id in self.complaint_model.revealed else mask_text

        def where(file: str, row, sheet: str = "") -> str:
            if sheet:  # a workbook of several sheets: the row the sheet numbers
                return _("{file}, sheet {sheet}, row {row}").format(file=file, sheet=sheet, row=row) if row else \
                    _("{file}, sheet {sheet}").format(file=file, sheet=sheet)
            return _("{file}, row {row}").format(file=file, row=row) if row else file

        channel = shown_label("lead_sources", origin["source"])
        lines = [_("Channel: {channel}; imported from {where}.").format(
            channel=channel, where=where(origin["source_file"], origin["source_row"], origin.get("source_sheet", "")))
            if origin["source_file"] else _("Channel: {channel}.").format(channel=channel)]
        category, lead = origin["category"], origin["lead"]
        if not origin["screened"]:
            lines.append(_("Screening: not screened yet."))
        elif not category:
            lines.append(_("Screening: not about personal information."))
        else:
            category = label_rules(self.db).category_label(category)  # shipped rules if the copy is unreadable
            lines.append(_("Screening: {category}, in the lead received {received} ({who}).").format(
                category=category, received=(lead["received_at"] or "")[:10],
                who=mask_text(lead["phones"] or lead["businesses"] or lead["target_name"] or "") or "—")
                if lead else _("Screening: {category}, in no lead.").format(category=category))
            from workstation.screening.complaint import grouped_by_names

            if grouped_by_names(self.db, hit.id):
                lines.append(_("Grouped by number or name: its text names no keyword of the category, but it names "
                               "a number or business of the lead's complaints. Review it."))
        from workstation.screening.verdict import verdict_note

        note = verdict_note(self.complaint_model.verdicts.get(hit.id) or {})
        if note:
            lines.append(note)
        for other in origin["others"]:
            lines.append(_("The same complaint came through {channel} too: work order {number}, {where}.").format(
                channel=shown_label("lead_sources", other["source"]), number=other["external_id"] or "—",
                where=where(other["source_file"], other["source_row"], other.get("source_sheet", "")) or "—"))
        if origin["raw"]:
            from workstation.importing.complaints import complainant_columns
            from workstation.masking import mask_field

            # the caller's column masked as a number (a landline without its 0, 75786123457, is none in a text)
            callers = complainant_columns(origin["raw"], origin["complainant_phone"])
            caller = shown if hit.id in self.complaint_model.revealed else partial(mask_field, "complainant_phone")
            lines.append(_("Row as imported: {cells}").format(cells=_("; ").join(
                _("{column}: {value}").format(column=column,
                                              value=(caller if column in callers else shown)(str(value)))
                for column, value in origin["raw"].items())))
        return "\n".join(lines)
