"""The 约谈 page: the register of administrative interviews with businesses and associations — sortable by any
column, searched by party, subject, attendee or 文号 (Ctrl+F), filtered by state (已安排 scheduled, 已约谈 held),
with the lead each was held because of, overdue follow-ups highlighted and counted — and, for the selected
interview, the summary of the meeting under the list, its documents issued (约谈通知书 to each party, 约谈记录 for one
party — for a joint interview, for the party the officer chooses — and 约谈纪要 for several), its follow-up recorded
and its escalation to a case."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.column_fit import ColumnFitter
from ui.dialog_once import exec_once
from ui.layouts import (
    bring_to_front,
    buddy_label,
    enable_or_say_why,
    error_text,
    heading,
    open_editor_of,
    plain_label,
    said_not_written,
    said_written,
)
from ui.pages import read_only_table, size_columns_by_sample
from ui.record_model import Column, RecordTableModel
from ui.table_menu import add_table_menu
from ui.task_runner import NewestWork, only_reading
from workstation.case_reference import case_named
from workstation.db.connection import immediate
from workstation.documents.casefile import offered_file_name
from workstation.documents.interview_documents import (
    RECEIPT,
    check_interview_issue,
    chosen_for_each_party,
    interview_form_refusal,
    interview_forms,
    issue_interview_document,
    issued_twice_refusal,
    party_named_in,
)
from workstation.errors import ValidationError, WorkstationError, join_reasons, join_sentences
from workstation.i18n import N_, _, ngettext
from workstation.interview_register import (
    follow_up_outcomes,
    outcome_cell,
    principal_warning,
    register_search_texts,
)
from workstation.masking import mask_text, rules_in_force
from workstation.output import check_output, refuse_folder
from workstation.records import short_time, today
from workstation.station_role import own_agency
from workstation.store import create_case, get_agency, get_case, get_party, list_agencies
from workstation.store.cases import search_terms
from workstation.store.interviews import (
    OUTCOME_LABELS,
    PENDING_LABELS,
    RegisterLinks,
    SeveralCases,
    absence_cleared_note,
    absent_refusal,
    absent_without_notice,
    case_prefill,
    deadline_unconfirmed_years,
    early_escalation,
    escalate_to_case,
    escalation_case,
    escalations_in_force,
    follow_up_overdue,
    interview_state,
    kept_drafts,
    lead_summary,
    list_interviews,
    mark_absent,
    not_held_refusal,
    other_party_case,
    party_results,
    past_unrecorded,
    record_recount,
    rectification_calendar_warning,
    rectified_follow_up,
    register_links,
    rest_day_label,
    rest_day_warning,
    restore_interview,
    restore_refusal,
    rolled_to,
    search_texts_found,
    stale_notice_mark,
    void_interview,
    void_refusal,
)
from workstation.vocabulary import shown_label, shown_labels

OVERDUE_COLOUR = "#f8d7da"
PAST_SCHEDULED_COLOUR = "#fff3cd"  # scheduled, its day passed, not recorded as held
VOID_COLOUR = "#8a8a8a"  # the text of a voided interview, shown when the register shows them
MAX_COLUMN_WIDTH = 280
SHARED_COLUMNS = (2, 3, 5)  # subject, parties, follow-up: they share the width the others leave (tooltip whole)
LAST_COLUMNS = (6, 8)  # documents issued and lead: what a narrow window leaves to the scroll bar
# the columns' places, left to right: the interviewing agency after the date, the follow-up's outcome after it, the
# state before the documents
COLUMN_ORDER = (0, 9, 1, 2, 3, 4, 5, 10, 7, 6, 8)
SUMMARY_SHOWN = 400  # the characters of a summary shown under the list; a longer one is cut (tooltip whole)
#: the documents whose button opens the document editor rather than issuing at once: the 约谈记录 prints the end time
#: of the meeting, which the register does not keep and which it is not issued without (required_to_issue)
WRITTEN_IN_EDITOR = ("interview_record",)


class InterviewRow:
    """One row of the register: the interview with its party names, documents and follow-up state; the phone and
    ID numbers written in its texts are masked as in every list (the interview dialog shows them whole)."""

    def __init__(self, db, interview, on: str, agencies: dict | None = None, links: RegisterLinks | None = None,
                 calendar=None, rules=None):
        """``agencies`` ({id: Agency}), ``links`` (``register_links``: the parties, cases, leads and documents),
        ``calendar`` (the data directory's working-day calendar) and ``rules`` (the screening rules masking numbers,
        ``rules_in_force``), read once for the whole register, give the row without a query of its own; without them
        they are read."""
        self.interview = interview
        links = links or register_links(db, [interview])
        self._rules = rules if rules is not None else rules_in_force()
        self.party_names = "、".join(links.party_names.get(p, p) for p in interview.party_ids)
        self.parties = mask_text(self.party_names, self._rules)
        self.documents = links.documents.get(interview.id, [])
        # a case 待立案 has no number yet: the interview is escalated to a case 未立案
        self.case_number = links.case_numbers.get(interview.case_id, interview.case_id) if interview.case_id else ""
        # where each party of a joint interview stands when they differ: {party name: (result, case number)}
        self.party_results = {links.party_names.get(r.party_id, r.party_id): (
            f"{r.follow_up_on or ''} {r.follow_up_result}".strip() if r.follow_up_result else "",
            links.case_numbers.get(r.case_id, r.case_id) if r.case_id else "")
            for r in party_results(interview)} if interview.party_results else {}
        self.void = interview.status == "void"
        # overdue once the deadline in force passed: the later day an issued 约谈记录's working days end on now
        self.overdue = follow_up_overdue(interview, on, db, calendar=calendar, documents=self.documents) \
            and not self.void
        self.links = links  # the register's, for its search (``register_found``)
        # scheduled, its day passed and not recorded as held (nor voided): was it held, or put off?
        self.past_scheduled = past_unrecorded(interview, on)
        agency = (agencies or {}).get(interview.agency_id) or get_agency(db, interview.agency_id)
        self.agency = agency.short_name or agency.name
        self.agency_parent = agency.parent_id
        self.state = interview_state(interview, on)
        lead = links.leads.get(interview.lead_id) if interview.lead_id else None
        self.lead = lead_summary(lead) if lead else (interview.lead_id or "")
        # the usual deadline counted through a year without holiday data, or one typed in on a day of such a year
        # that may be a rest day (only an awaited report's is counted on)
        self.due_unconfirmed = bool(not interview.follow_up_result and not interview.case_id
                                    and deadline_unconfirmed_years(db, interview, calendar=calendar))
        # an issued 约谈记录 whose printed 截止日期 is no longer the end of its working days on the calendar now in
        # force (a holiday file imported since): marked until it is voided and issued again
        self.recount = None if self.void else record_recount(db, interview, calendar=calendar,
                                                             documents=self.documents)
        # typed in on a rest day of a year whose holidays are known: the working day it runs to, as the board counts
        self.rolled = None if self.void else rolled_to(db, interview.rectification_due, calendar)
        # made once, here (on the worker thread reading the register): what the search looks in, and what the
        # subject and 跟进结论 columns show and sort by — a keystroke or a click on a header of a register of
        # thousands then only compares them (rebuilt each time, they held the window up a second)
        self.search_texts = register_search_texts(interview, links, self.lead)
        self.subject = mask_text(interview.subject, self._rules)
        self.outcome_text = self.outcome()

    def due_text(self) -> str:
        """The rectification deadline as the column shows it: marked 日历待核实 when counted through a year
        without holiday data, or typed in on a day of such a year that may be a rest day
        (``deadline_unconfirmed_years``); typed in on a rest day of a known year, with the working day it runs to
        (``rolled_to``), as the register's export and the deadline board have it."""
        due = self.interview.rectification_due or "—"
        if self.due_unconfirmed:
            due += _(" (calendar unconfirmed)")
        if self.rolled is not None:
            due += _(" ({rest}: runs to {date})").format(rest=rest_day_label(self.rolled[0]), date=self.rolled[1])
        if self.recount is not None:
            due += _(" (约谈记录 prints {printed}; {days} working days now end {date})").format(
                printed=self.recount.printed, days=self.recount.days, date=self.recount.due)
        return due

    def _each_party(self) -> str:
        """The follow-up column of a joint interview whose parties stand differently (one escalated, another
        rectified): each party with its own, masked; '' when they all stand alike."""
        if len(set(self.party_results.values())) < 2:
            return ""
        return _("; ").join(_("{party}: {result}").format(
            party=mask_text(name), result=_("escalated to case {number}").format(number=case) if case
            else mask_text(result) or "—") for name, (result, case) in self.party_results.items())

    def found(self, terms) -> bool:
        """Whether the search's ``terms`` (``store.cases.search_terms`` of what was typed, read once for the
        register) are all found in the row's texts, made once (``register_search_texts``)."""
        return search_texts_found(self.search_texts, terms)

    def outcome(self) -> str:
        """The 跟进结论 column: the outcome chosen for the follow-up (``OUTCOME_LABELS``), a party not rectified or
        not verified still awaited said so (``PENDING_LABELS``: to be escalated, to be verified again); of a joint
        interview whose parties stand differently, each party's; "—" before any follow-up."""
        def word(outcome: str, awaited: bool) -> str:
            return _(PENDING_LABELS[outcome] if awaited and outcome in PENDING_LABELS else OUTCOME_LABELS[outcome])

        if not follow_up_outcomes(self.interview):  # none followed up: no party's name to mask
            return "—"
        names = {p: mask_text(self.links.party_names.get(p, p), self._rules) for p in self.interview.party_ids}
        return outcome_cell(self.interview, word, names, _("{party}: {result}"), _("; ")) or "—"

    def follow_up(self) -> str:
        i = self.interview
        if self.void:
            return _("void: {reason}").format(reason=mask_text(i.void_reason))
        if each_party := self._each_party():
            return each_party
        if self.case_number:
            return _("escalated to case {number}").format(number=self.case_number)
        if i.follow_up_result:
            return f"{i.follow_up_on or ''} {mask_text(i.follow_up_result)}".strip()
        if self.past_scheduled:  # was it held, did the party not come, or was it put off?
            return _("interview day passed, no outcome recorded")
        if self.overdue:  # since the deadline in force: the later day the 约谈记录's working days end on now
            due = self.recount.due if self.recount is not None and self.recount.due > (i.rectification_due or "") \
                else i.rectification_due
            return _("overdue: no follow-up since {date}").format(date=due)
        return _("planned {date}").format(date=i.follow_up_on) if i.follow_up_on else "—"

    def documents_text(self) -> str:
        """The issued documents by title and 文号; those without a 文号 (the 约谈记录 of each party of a joint
        interview) by the party they were written for; a 约谈通知书 summoning to another day or time than the
        interview's (moved since it was issued: ``stale_notice_mark``) marked with the one it printed."""
        several = len(self.interview.party_ids) > 1

        def named(d) -> str:
            text = f"{d.title} {d.number}" if d.number else f"{d.title}（{d.values['party_name']}）" \
                if several and d.values.get("party_name") else d.title
            return text + stale_notice_mark(self.interview, d)  # as `interviews list` and `docs register` mark it

        return _("; ").join(named(d) for d in self.documents if d.status == "issued") or "—"


def interview_rows_task(database: Path, on: str, *, progress, cancel) -> list[InterviewRow]:
    """Every interview of the register as its rows (``InterviewRow``, counted as of ``on``), read with a
    connection of its own on the worker thread: a city's register of thousands of interviews, with their parties,
    documents and follow-ups, held the window up for a third of a second at each visit and change."""
    from workstation.clocks import data_dir_of
    from workstation.db import open_database
    from workstation.screening.rules import rules_held
    from workstation.workdays import default_calendar

    cancel.check()  # read again meanwhile: this reading is no longer wanted
    db = open_database(database)
    try:
        agencies = {a.id: a for a in list_agencies(db)}
        interviews = list_interviews(db, include_void=True)
        links = register_links(db, interviews)
        cancel.check()
        calendar = default_calendar(data_dir_of(db))  # once, not once per interview awaiting its report
        with rules_held():  # each text masked with the rules file looked at once, not once a row
            rules = rules_in_force()  # and found once: not the data directory's path again for each text masked
            return [InterviewRow(db, i, on, agencies, links, calendar, rules) for i in interviews]
    finally:
        db.conn.close()


class InterviewModel(RecordTableModel):
    """The register's rows; an overdue follow-up is painted in the warning colour."""

    def __init__(self, parent=None):
        columns = [
            Column(N_("Held on"), lambda r: r.interview.held_on),  # ISO dates: their text sorts as dates
            Column(N_("Kind"), lambda r: shown_label("interview_kinds", r.interview.kind)),
            Column(N_("Subject of the interview"), lambda r: r.subject),
            Column(N_("Parties interviewed"), lambda r: r.parties),
            Column(N_("Rectification due"), InterviewRow.due_text,
                   lambda r: r.interview.rectification_due),  # none ("—") before every date
            Column(N_("Follow-up"), InterviewRow.follow_up),
            Column(N_("Documents issued"), InterviewRow.documents_text),
            Column(N_("State"), lambda r: shown_label("interview_states", r.state)),
            Column(N_("Lead"), lambda r: r.lead or "—"),
            Column(N_("Interviewing agency"), lambda r: r.agency),  # last in the model, shown after the date
            Column(N_("Follow-up outcome"), lambda r: r.outcome_text),  # shown after the follow-up
        ]
        super().__init__(columns, parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and 0 <= index.row() < len(self.records):
            row = self.records[index.row()]
            return (QBrush(QColor(OVERDUE_COLOUR)) if row.overdue else
                    QBrush(QColor(PAST_SCHEDULED_COLOUR)) if row.past_scheduled else None)
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and 0 <= index.row() < len(self.records):
            return QBrush(QColor(VOID_COLOUR)) if self.records[index.row()].void else None
        return super().data(index, role)


def _voided_words(row: InterviewRow) -> str:
    """Why a voided interview is only read, and restored, not acted on: its greyed-out buttons and Enter say it."""
    return _("The interview was voided: {reason}").format(reason=row.interview.void_reason)


class InterviewsPage(QWidget):
    """The register of interviews and what can be done with the selected one. ``on`` fixes the day overdue
    follow-ups are counted on (default: today); ``on_case_changed(case_id)`` is told of a case an interview
    was escalated to; ``interviews_changed`` tells the rest of the window (the statistics) that an interview
    was added or changed here."""

    interviews_changed = Signal()

    def __init__(self, db, data_dir: Path, prompts, on: str | None = None, on_case_changed=None,
                 open_editor=None, parent: QWidget | None = None, *, runner=None, database: Path | None = None):
        """With a ``runner`` (ui.task_runner) and the ``database`` file, the register is read off the GUI thread
        (``interview_rows_task``); without, at once (as in small tests)."""
        super().__init__(parent)
        self.db, self.data_dir, self.prompts = db, Path(data_dir), prompts
        self.database = database
        self.reading = NewestWork(self, runner) if runner is not None and database is not None else None
        # while the register is read in the background: the interview to keep selected (``refresh``) and the one
        # to select, clearing a search that hides it (``select``), once it is shown
        self._keep: str | None = None
        self._select_after: str | None = None
        self.on, self.on_case_changed = on, on_case_changed
        self.open_editor = open_editor
        self.forms = interview_forms()
        # the documents issued with a button of their own; the notice's 送达回证 is written and issued from 编写文书…
        # (a fourth button would widen the row past a 1,024-pixel window)
        self.issued_by_button = [form for form in self.forms if form.id != RECEIPT]
        self.model = InterviewModel(self)
        self.view = read_only_table(self.model)
        add_table_menu(self.view)  # sorting and columns by the Menu key or Shift+F10
        self.view.setObjectName("interviews")
        self.view.setAccessibleName(_("Interviews"))  # said by a screen reader on reaching it
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # the latest first
        self.view.setSortingEnabled(True)  # a click on a header sorts by that column
        header = self.view.horizontalHeader()
        for visual, column in enumerate(COLUMN_ORDER):
            header.moveSection(header.visualIndex(column), visual)
        self.fitter = ColumnFitter(self.view, SHARED_COLUMNS, LAST_COLUMNS)
        # a city's register holds thousands of interviews: the columns are sized to the rows sampled, not to a
        # thousand rows on every keystroke of the search (a third of a second each)
        size_columns_by_sample(self.view)
        self.overdue_label = QLabel()
        self.overdue_label.setObjectName("overdue_summary")
        self.rows: list[InterviewRow] = []  # every interview; the table shows those the search finds
        self.search = QLineEdit()
        self.search.setObjectName("interview_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Find interviews by party, subject, attendee, place, 文号 or case number"))
        self.search.textChanged.connect(lambda _text: self.show_rows())
        self.search.installEventFilter(self)  # Enter or Down goes on to the interviews found, Escape clears
        self.found = QLabel()
        self.found.setObjectName("interview_search_count")
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("interview_state_filter")
        self.state_filter.addItem(_("All states"), None)
        for key, text in shown_labels("interview_states").items():
            if key != "void":  # the voided ones are shown by their own box
                self.state_filter.addItem(text, key)
        self.show_void = QCheckBox(_("Show voi&ded"))
        self.show_void.setObjectName("show_void")
        self.show_void.setToolTip(_("Show the interviews voided as entered by mistake, greyed out with their reason"))
        self.show_void.toggled.connect(lambda _checked: self.show_rows())
        self.state_filter.currentIndexChanged.connect(lambda _index: self.show_rows())
        self.reason = QLabel()
        self.reason.setObjectName("issue_reason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #8a4b00;")
        # the selected interview's summary of the meeting (约谈情况摘要), read without opening it, masked as in the list
        self.summary = QLabel()
        self.summary.setObjectName("interview_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setVisible(False)
        self.buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Administrative interviews")))
        hint = QLabel(_("Interviews (约谈) with businesses and associations: issue the notice, record the meeting, "
                        "follow up the rectification and escalate to a case when it was not done."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.overdue_label)
        layout.addLayout(self._button_row())
        layout.addWidget(self.reason)
        search_row = QHBoxLayout()  # Alt letters none of the buttons' above nor the menus' (F, C, G, H)
        search_row.addWidget(buddy_label(_("Sea&rch"), self.search))
        search_row.addWidget(self.search, 1)
        search_row.addWidget(buddy_label(_("S&tate"), self.state_filter))
        search_row.addWidget(self.state_filter)
        search_row.addWidget(self.show_void)
        search_row.addWidget(self.found)
        export = QPushButton(_("E&xport register…"))  # 导出台账: the interviews as listed, to CSV
        export.setObjectName("export_register")
        export.clicked.connect(lambda _checked=False: self.export_register())
        search_row.addWidget(export)
        layout.addLayout(search_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self.view.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())
        self.view.activated.connect(lambda _index: self.edit_interview())
        self.refresh()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        """In the search (which filters as it is typed): Enter, Down or PageDown puts the keyboard on the first
        interview found, where Enter opens it, as Down does in the case list's search; Escape clears a search
        typed."""
        from ui.layouts import search_box_key

        if watched is self.search and search_box_key(event, self.search, self.view, self.model, enter=True):
            return True
        return super().eventFilter(watched, event)

    def _button_row(self) -> QVBoxLayout:
        """The register's buttons in two rows — the interview and its documents, then what became of it — so that the
        page stays within a laptop's screen (one row of eleven buttons was wider than 1,077 pixels)."""
        rows = QVBoxLayout()
        row = QHBoxLayout()
        actions = [(_("New &interview…"), "new_interview", self.new_interview),
                   (_("&Edit…"), "edit_interview", self.edit_interview),
                   (_("&Write a document…"), "write", self.write_menu)]
        # a document's button has its number as its Alt key, Chinese style: "约谈通知书(&1)…" (its title is Chinese)
        actions += [(f"{form.title}(&{n})…" if n < 10 else form.title + "…", form.id,
                     lambda _checked=False, f=form: self.issue(f)) for n, form in enumerate(self.issued_by_button, 1)]
        outcome = [(_("Party did &not attend…"), "absent_interview", self.absent),
                   (_("F&ollow-up…"), "follow_up", self.follow_up),
                   (_("E&scalate to a case…"), "escalate", self.escalate),
                   (_("&Void…"), "void_interview", self.void),
                   # in the Void button's place, shown only for a voided interview selected (Show voided): a
                   # letter of its own (R is 搜索(&R)'s), the page's buttons, shown or hidden, sharing none
                   (_("&Unvoid…"), "restore_interview", self.restore)]
        for buttons in (actions, outcome):
            for text, name, slot in buttons:
                button = QPushButton(text)
                button.setObjectName(name)
                button.clicked.connect(slot)
                row.addWidget(button)
                self.buttons[name] = button
            row.addStretch(1)
            rows.addLayout(row)
            row = QHBoxLayout()
        self.buttons["restore_interview"].setVisible(False)
        return rows

    # the register ---------------------------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        """Reload the register (keeping or moving to the interview ``select``) and count overdue follow-ups: in the
        background with a runner (a reading still running is cancelled: the register changed since it began; the
        rows shown stay until the new ones arrive), else at once."""
        select = select or self.selected_id()
        self.stale_elsewhere = False
        day = self.on or today()
        if self.reading is not None:
            from functools import partial

            self._keep = select or self._keep  # one asked for by a reading this one replaces stays wanted
            if not self.rows:
                self.found.setText(_("Reading the interviews…"))
            # beside a count running (the board's at the start, the statistics'): ``only_reading``
            self.reading.start(_("Reading the interviews"),
                               only_reading(partial(interview_rows_task, self.database, day)), self._read,
                               self._not_read)
            return
        agencies = {a.id: a for a in list_agencies(self.db)}
        interviews = list_interviews(self.db, include_void=True)  # shown when the officer asks for them
        links = register_links(self.db, interviews)
        from workstation.clocks import data_dir_of
        from workstation.workdays import default_calendar

        calendar = default_calendar(data_dir_of(self.db))  # once, not once per interview awaiting its report
        rules = rules_in_force()  # the rules masking the numbers, once for the register
        self._show_register([InterviewRow(self.db, i, day, agencies, links, calendar, rules) for i in interviews],
                            select)

    def mark_stale(self) -> None:
        """Another program changed the records (``MainWindow.changed_elsewhere``): the register read again now when
        the page is shown and no dialog is open over it (an interview being edited), else when it is next shown."""
        self.stale_elsewhere = True
        if self.isVisible() and QApplication.activeModalWidget() is None:
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stale_elsewhere:  # another program changed the records while it was hidden (``mark_stale``)
            self.refresh()

    def stop_counting(self) -> None:
        """Cancel the reading of the register running, if any, and drop what it ends with (the window closing does
        not wait for it: ``MainWindow.shutdown``)."""
        if self.reading is not None:
            self.reading.stop()
        self._keep = self._select_after = None

    def _read(self, rows: list[InterviewRow]) -> None:
        """The register read in the background: shown keeping the interview selected (or to move to), and the one
        ``select`` asked for meanwhile selected as it selects."""
        keep, self._keep = self._keep, None
        wanted, self._select_after = self._select_after, None
        self._show_register(rows, keep)
        if wanted is not None:
            self.select(wanted)

    def _not_read(self, exc: BaseException) -> None:
        from workstation.errors import Cancelled

        self._keep = self._select_after = None
        self.found.setText("")
        if isinstance(exc, Cancelled):
            return
        if not isinstance(exc, WorkstationError):
            raise exc
        self.prompts.error(self, exc.message)

    def _show_register(self, rows: list[InterviewRow], select: str | None) -> None:
        """Show the register's ``rows`` with its overdue follow-ups counted, keeping or moving to ``select``."""
        self.rows = rows
        self.overdue_label.setText(self.overdue_text())
        own = own_agency(self.db)
        overdue = any(r.overdue for r in self.rows if self._own(r, own))
        self.overdue_label.setStyleSheet("color: #b00020; font-weight: bold;" if overdue else "")
        self.show_rows(select, fit=True)

    @staticmethod
    def _own(row: InterviewRow, own: str | None) -> bool:
        """Whether the interview of ``row`` is the agency ``own``'s (this station's, ``own_agency``, read once for
        the register) or one of its offices': all of them at a workstation with no agency chosen (``own`` None)."""
        return own is None or own in (row.interview.agency_id, row.agency_parent)

    def overdue_text(self) -> str:
        """The overdue follow-ups of this station's agency and its offices, counted over the whole register whatever
        the search shows and naming whose they are; those of other agencies the register holds are counted apart."""
        own = own_agency(self.db)
        mine = sum(1 for r in self.rows if r.overdue and self._own(r, own))
        others = sum(1 for r in self.rows if r.overdue and not self._own(r, own))
        whose = get_agency(self.db, own).name if own else _("all agencies")
        text = (ngettext("{agency}: {n} overdue follow-up, its row is highlighted.",
                         "{agency}: {n} overdue follow-ups, their rows are highlighted.", mine).format(agency=whose, n=mine)
                if mine else _("{agency}: no follow-up is overdue.").format(agency=whose))
        if others:
            text = join_sentences([text, _("Other agencies' interviews in the register: {n} overdue.").format(
                n=others)])
        past = sum(1 for r in self.rows if r.past_scheduled and self._own(r, own))
        if past:
            text = join_sentences([text, ngettext(
                "{n} interview's day has passed and it is not recorded as held yet (row in yellow).",
                "{n} interviews' days have passed and they are not recorded as held yet (rows in yellow).",
                past).format(n=past)])
        return text

    def show_rows(self, select: str | None = None, fit: bool = False) -> None:
        """Show the interviews the search finds (all without one), keeping or moving to the interview ``select``;
        with ``fit`` (the register reloaded), the columns sized to its rows again. A keystroke in the search keeps
        the widths: measuring the text of hundreds of rows again on each one held the typing up."""
        select = select or self.selected_id()
        text = self.search.text().strip()
        state = self.state_filter.currentData()
        void = self.show_void.isChecked()
        terms = search_terms(text)  # read once, each row's texts made as the register was read
        self.model.set_records([r for r in self.rows if (not terms or r.found(terms)) and state in (None, r.state)
                                and (void or not r.void)])
        if fit:
            with self.fitter.quiet():  # long subjects and party lists show whole as tooltips
                for column in range(self.model.columnCount()):
                    if column not in self.fitter.dragged:  # a column the officer resized stays so
                        self.view.resizeColumnToContents(column)
                        self.view.setColumnWidth(column, min(self.view.columnWidth(column), MAX_COLUMN_WIDTH))
            self.fitter.fit()
        total = sum(1 for r in self.rows if void or not r.void)
        self.found.setText(_("{n} of {total} interviews").format(n=self.model.rowCount(), total=total)
                           if text or state else "")
        ids = [r.interview.id for r in self.model.records]
        if select in ids:
            self.view.selectRow(ids.index(select))
        self._update_buttons()

    def selected_row(self) -> InterviewRow | None:
        index = self.view.currentIndex()
        return self.model.records[index.row()] if index.isValid() else None

    def selected_id(self) -> str | None:
        row = self.selected_row()
        return row.interview.id if row else None

    def select(self, interview_id: str) -> None:
        """Select the interview ``interview_id``, clearing a search that hides it (once the register being read in
        the background is shown)."""
        if self.reading is not None and self.reading.running:
            self._select_after = interview_id
            return
        if interview_id not in {r.interview.id for r in self.rows}:
            self.refresh()  # entered since the register was read
            if self.reading is not None and self.reading.running:
                self._select_after = interview_id
                return
        if interview_id not in {r.interview.id for r in self.model.records}:
            self.search.clear()
            self.state_filter.setCurrentIndex(0)
            if any(r.void for r in self.rows if r.interview.id == interview_id):
                self.show_void.setChecked(True)
        ids = [r.interview.id for r in self.model.records]
        if interview_id in ids:
            self.view.selectRow(ids.index(interview_id))

    def _show_summary(self, row: InterviewRow | None) -> None:
        """Show the summary of the meeting of the interview of ``row`` under the list, its numbers masked (a long one
        cut, whole in the tooltip); nothing without a selected interview or a summary."""
        text = mask_text(row.interview.summary.strip()) if row is not None else ""
        shown = text if len(text) <= SUMMARY_SHOWN else text[:SUMMARY_SHOWN] + "…"
        self.summary.setText(_("Summary of the meeting: {summary}").format(summary=shown) if text else "")
        self.summary.setToolTip(text if shown != text else "")
        self.summary.setVisible(bool(text))

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self._show_summary(row)
        voided = row is not None and row.void
        self.buttons["void_interview"].setVisible(not voided)  # Unvoid… in its place for a voided one
        self.buttons["restore_interview"].setVisible(voided)
        if voided:  # a voided interview is kept to be read, not acted on: only restored
            why = _voided_words(row)
            for button in self.buttons.values():
                if button not in (self.buttons["new_interview"], self.buttons["restore_interview"]):
                    enable_or_say_why(button, why)
            enable_or_say_why(self.buttons["restore_interview"], restore_refusal(self.db, row.interview))
            self.reason.setText(why)
            self.reason.setVisible(True)
            return
        reasons = []
        for name in ("edit_interview", "write"):
            enable_or_say_why(self.buttons[name], _("Select an interview first.") if row is None else None)
        enable_or_say_why(self.buttons["void_interview"], _("Select an interview first.") if row is None else
                          void_refusal(self.db, row.interview))
        enable_or_say_why(self.buttons["absent_interview"], _("Select an interview first.") if row is None else
                          _("The party's absence is recorded already.") if row.state == "absent" else
                          absent_refusal(self.db, row.interview))
        follow_up = self._follow_up_refusal(row)
        enable_or_say_why(self.buttons["follow_up"], _("Select an interview first.") if row is None else follow_up)
        if follow_up:
            reasons.append(follow_up)
        escalated = self._escalated_refusal(row, self.on)
        self.buttons["escalate"].setEnabled(row is not None and escalated is None)
        self.buttons["escalate"].setToolTip(escalated or _(
            "Link the interview to the case opened because it was not rectified."))
        if escalated:
            reasons.append(escalated)
        for form in self.issued_by_button:
            reason = _("Select an interview first.") if row is None else self._refusal(row.interview, form,
                                                                                       issuing=True)
            button = self.buttons[form.id]
            button.setEnabled(reason is None)
            button.setToolTip(reason or (_("Write the {title} in the document editor: its end time, which the "
                                           "register does not keep, is filled in there, then it is issued.") if form.id in WRITTEN_IN_EDITOR
                                         else _("Issue the {title}: it takes its 文号 and is frozen.") if form.type_code
                                         else _("Issue the {title}: it is frozen once issued (it takes no 文号)."))
                              .format(title=form.title))
            if reason and row is not None:
                reasons.append(f"{form.title}：{reason}")
        if row is None:
            reasons = [self._nothing_selected()]
        self.reason.setText("\n".join(reasons))
        self.reason.setVisible(bool(reasons))

    def _nothing_selected(self) -> str:
        """The line under the buttons while no interview is selected: on a register with no interview yet (a new
        workstation), how to register the first one; else to select one."""
        if not self.rows:
            return _(
                "No interview yet: click “{new}” to register an interview with a business or an association "
                "(its day, parties and subject); its notice, record and minutes are then issued here."
            ).format(new=plain_label(self.buttons["new_interview"].text()) + "…")
        return _("Select an interview to issue its documents, follow it up or escalate it.")

    def _refusal(self, interview, form, party_id: str | None = None, *, issuing: bool = False) -> str | None:
        """Why ``form`` cannot be written (``issuing``: issued) for ``interview`` (to ``party_id``); a record of a
        joint interview can be when it can for one of its parties (the officer chooses which), else it says why not
        for the first."""
        if party_id is None and chosen_for_each_party(form, interview):
            reasons = [interview_form_refusal(self.db, interview, form, p, issuing=issuing)
                       for p in interview.party_ids]
            return None if None in reasons else reasons[0]
        return interview_form_refusal(self.db, interview, form, party_id, issuing=issuing)

    def choose_party(self, interview, form) -> str | None:
        """The party the officer chooses to write ``form`` for, None when cancelled."""
        names = [get_party(self.db, p).name for p in interview.party_ids]
        chosen = self.prompts.choose_item(self, form.title, _(
            "A joint interview has a {title} for each party. Which party is this one for?").format(title=form.title),
            names)
        return None if chosen is None else interview.party_ids[chosen]

    def _follow_up_refusal(self, row: InterviewRow | None) -> str | None:
        """Why the follow-up of the interview of ``row`` cannot be recorded: it is scheduled, not held yet (None when
        it can)."""
        if row is None:
            return None
        refusal = not_held_refusal(row.interview, "follow_up", self.on)
        return _("Follow-up: {reason}").format(reason=refusal) if refusal else None

    def _escalated_refusal(self, row: InterviewRow | None, on: str | None = None) -> str | None:
        """Why the interview of ``row`` cannot be escalated (None when it can): it was already — each party to a case
        whose filing was not declined (``declined_escalations``: such an escalation has ended, and another case may
        be linked) —, or it is scheduled, not held yet (on ``on``, default today)."""
        if row is None:
            return None
        if row.interview.case_id and not self._not_escalated(row):
            return _("Escalate to a case: the interview was already escalated to case {number}.").format(
                number=row.case_number or row.interview.case_id)
        refusal = not_held_refusal(row.interview, "escalate", on)
        return _("Escalate to a case: {reason}").format(reason=refusal) if refusal else None

    def _not_escalated(self, row: InterviewRow) -> list:
        """The parties' results (``party_results``) of the interview of ``row`` not escalated, or escalated to a case
        whose filing was declined (``escalations_in_force``)."""
        return [r for r in escalations_in_force(self.db, party_results(row.interview)) if not r.case_id]

    def _changed(self, interview_id: str) -> None:
        self.refresh(select=interview_id)
        self.select(interview_id)  # one the search would hide (a new interview) is shown with the search cleared
        self.interviews_changed.emit()

    # actions --------------------------------------------------------------------------------------------
    def export_register(self, path: str | None = None) -> None:
        """Write the interviews as listed (search, state and order shown; voided ones left out) with a 合计 row
        to a CSV file the officer chooses (``workstation.interview_register``): with the page's runner in the
        background, with a progress dialog and Cancel, read with a connection of its own
        (``tasks.export_interview_register_task``: a city's register of thousands of interviews takes a while);
        without one, at once."""
        from functools import partial

        from workstation.interview_register import export_register
        from workstation.tasks import export_interview_register_task

        interviews = [r.interview for r in self.model.records if not r.void]
        title = _("Export the interview register")
        path = path or self.prompts.save_file(self, title,
                                              _("Interview register {date}.csv").format(date=self.on or today()),
                                              _("CSV (*.csv)"))
        if not path:
            return
        exported = partial(said_written, self, self.prompts)
        not_exported = partial(said_not_written, self, self.prompts)
        if self.reading is None:
            try:
                exported(export_register(self.db, interviews, path))
            except WorkstationError as exc:
                not_exported(exc)
            return
        # it reads the database and writes none of it: beside a count running (the board's at the start)
        work = only_reading(partial(export_interview_register_task, self.database, interviews, path))
        self.reading.runner.run(title, work, exported, not_exported, self)

    def new_interview(self) -> None:
        from ui.interview_dialog import InterviewDialog

        dialog = InterviewDialog(self.db, self.prompts, parent=self)
        if exec_once(dialog) == QDialog.DialogCode.Accepted and dialog.saved_interview:
            self._changed(dialog.saved_interview.id)

    def edit_interview(self) -> None:
        from ui.interview_dialog import InterviewDialog

        row = self.selected_row()
        if row is None:
            return
        if row.void:  # Enter or a double-click on a voided one (Show voided): kept to be read, not edited — said
            # as its greyed-out Edit… button says it
            self.prompts.info(self, _voided_words(row))
            return
        dialog = InterviewDialog(self.db, self.prompts, row.interview, parent=self)  # read again as it opens
        if exec_once(dialog) == QDialog.DialogCode.Accepted and dialog.saved_interview:
            self._changed(row.interview.id)
        elif dialog.changed_elsewhere:  # refused: the register shows it as saved elsewhere, to be reopened
            self.refresh(select=row.interview.id)

    def issue(self, form) -> None:
        """Issue ``form`` for the selected interview — a notice to each of its parties — every document checked
        first (``check_interview_issue``: one that would be refused is refused before any question), then asking
        where each PDF goes, so a cancel issues nothing."""
        row = self.selected_row()
        if row is None:
            return
        interview = row.interview
        if form.id in WRITTEN_IN_EDITOR:  # what the register does not keep is written first: in the editor
            party_id = None
            if chosen_for_each_party(form, interview):
                party_id = self.choose_party(interview, form)
                if party_id is None:
                    return
            self.write(form, party_id)
            return
        addressees = [None]
        if form.id == "interview_notice":  # each party not sent one yet (one in force is not issued twice)
            addressees = [p for p in interview.party_ids
                          if issued_twice_refusal(self.db, interview, form, p) is None] or interview.party_ids
        if chosen_for_each_party(form, interview) and form.id != "interview_notice":  # a joint interview's record
            party_id = self.choose_party(interview, form)
            if party_id is None:
                return
            addressees = [party_id]
        try:  # every document checked first: one that cannot be issued stops them all before any question
            for party_id in addressees:
                check_interview_issue(self.db, interview, form, party_id=party_id)
        except WorkstationError as exc:
            self.prompts.error(self, self._issue_refusal(form, exc))
            return
        # not refused: a deadline it prints counted through a year without holiday data (日历待核实)
        warning = rectification_calendar_warning(self.db, interview, form.id)
        if warning and not self.prompts.confirm(self, _("{warning} Issue it anyway?").format(warning=warning)):
            return
        # not refused either: a notice calling the party on a rest day (a weekend, a holiday)
        warning = rest_day_warning(self.db, interview, form.id)
        if warning and not self.prompts.confirm(self, _("{warning} Issue it anyway?").format(warning=warning)):
            return
        targets = []
        for party_id in addressees:
            suffix = get_party(self.db, party_id).name if party_id else interview.held_on
            target = self.prompts.save_file(self, _("Save the issued {title}").format(title=form.title),
                                            offered_file_name(f"{form.title}（{suffix}）") + ".pdf", "PDF (*.pdf)")
            if not target:
                return
            try:  # a folder that cannot take the PDF is refused before any 文号 is taken
                check_output(target)
                refuse_folder(target)
            except WorkstationError as exc:
                self.prompts.error(self, exc.message)
                return
            targets.append((party_id, target))
        self._issue_to(interview, form, targets)
        self.refresh(select=interview.id)

    @staticmethod
    def _issue_refusal(form, exc: WorkstationError) -> str:
        """Why ``form`` is not issued, as this page says it (it shows none of the document's fields): a missing or
        wrong value named by its field, with where to fill it in."""
        names = {f.label for f in form.fields}
        if not isinstance(exc, ValidationError) or not names & set(exc.errors):
            return error_text(exc)
        reasons = join_reasons(_("{field}: {message}").format(field=field, message=message) if field in names
                               else message for field, message in exc.errors.items())
        staff = {f.label for f in form.fields if f.source and (f.source.startswith(("interview.officer",
                                                                                    "interview.server"))
                                                               or f.source == "interview.recorder")}
        if not staff & set(exc.errors):  # the end time, the 约谈事由…: not drawn from the bureau's attendees
            return _("The {title} is not issued: {reasons} Fill them in with Write a document….").format(
                title=form.title, reasons=reasons)
        return _("The {title} is not issued: {reasons} Fill them in with Write a document…, or list the bureau's "
                 "staff among the interview's attendees with the interviewing agency as their organisation: the "
                 "interviewers, the contact and the recorder are taken from them.").format(title=form.title,
                                                                                          reasons=reasons)

    def _issue_to(self, interview, form, targets) -> None:
        """Issue and write each document; when one fails, say which were issued already along with why."""
        from workstation.documents.issuing import issue_to_file

        done = []
        for party_id, target in targets:
            try:  # a file that cannot be written gives its 文号 back
                issued, _written = issue_to_file(self.db, self.data_dir, target, lambda p=party_id:
                                                 issue_interview_document(self.db, self.data_dir, interview, form,
                                                                          party_id=p))
            except WorkstationError as exc:
                self.prompts.error(self, "\n".join([*done, exc.message]))
                return
            done.append(_("{title} issued as {number}: {file}").format(title=form.title, number=issued.number,
                                                                         file=target) if issued.number
                        else _("{title} issued: {file}").format(title=form.title, file=target))  # a record: no 文号
        self.prompts.info(self, "\n".join(done))

    def write_menu(self) -> None:
        """Choose a document of the selected interview (a notice or the record of a joint interview: for which
        party) and open it in the editor."""
        row = self.selected_row()
        if row is None:
            return
        menu = self.write_choices = self.build_write_menu(row)  # reachable by tests
        menu.exec(self.buttons["write"].mapToGlobal(self.buttons["write"].rect().bottomLeft()))

    def build_write_menu(self, row: InterviewRow):
        """The documents of ``row``'s interview to write, those for each party (a notice, the record of a joint
        interview) with a sub-menu of its parties; what cannot be written is greyed out, saying why."""
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        for form in self.forms:
            reason = self._refusal(row.interview, form)
            if reason is None and (form.id == "interview_notice" or chosen_for_each_party(form, row.interview)):
                sub = menu.addMenu(form.title)
                for party_id in row.interview.party_ids:
                    action = sub.addAction(get_party(self.db, party_id).name)
                    refusal = self._refusal(row.interview, form, party_id)
                    action.setEnabled(refusal is None)
                    action.setToolTip(refusal or "")
                    action.triggered.connect(lambda _checked=False, f=form, p=party_id: self.write(f, p))
                continue
            action = menu.addAction(form.title)
            action.setEnabled(reason is None)
            action.setToolTip(reason or "")
            action.triggered.connect(lambda _checked=False, f=form: self.write(f))
        return menu

    def write(self, form, party_id: str | None = None):
        """Open ``form`` of the selected interview (to ``party_id``) in the document editor, to edit, preview and
        issue it; a draft kept for it (for that party) is offered to continue. An editor already writing it is
        brought to the front instead."""
        row = self.selected_row()
        if row is None:
            return None
        editor = self._open_editor_of(form.id, row.interview, party_id)
        if editor is not None:  # being written already: that window brought to the front, not a second editor
            return bring_to_front(editor)
        # not refused: no attendee of the party answering for it (PIPL art. 64), told before its record is written
        warning = principal_warning(self.db, row.interview, party_id) if form.id in WRITTEN_IN_EDITOR else ""
        if warning and not self.prompts.confirm(self, _("{warning} Write it all the same?").format(warning=warning)):
            return None
        draft = next((d for d in kept_drafts(self.db, form.id, row.interview.id) if party_id is None
                      or party_named_in(self.db, row.interview, form, d.values) == party_id), None)
        if draft is not None and not self.prompts.confirm(self, _(
                "A draft of {title} was kept on {time}. Continue it? (No starts a new one from the interview.)"
        ).format(title=form.title, time=short_time(draft.saved_at))):
            draft = None
        if self.open_editor is not None:
            editor = self.open_editor(None, form, draft=draft, interview=row.interview, party_id=party_id)
        else:
            from ui.form_editor import FormEditor

            editor = FormEditor(self.db, self.data_dir, None, form, self.prompts, draft=draft,
                                interview=row.interview, party_id=party_id, parent=self.window())
            editor.show()
        if editor is not None:  # None: it could not be opened, and the officer was told why
            editor.issued.connect(lambda _document, i=row.interview.id: self.refresh(select=i))
        return editor

    def _open_editor_of(self, form_id: str, interview, party_id: str | None):
        """The document editor open in this window writing ``interview``'s ``form_id`` (to ``party_id``; with a
        single party, whichever it was opened for), as ``layouts.open_editor_of`` finds it."""

        def whose(party: str | None) -> str | None:  # one party: the document is that party's either way
            return party if len(interview.party_ids) > 1 else None

        return open_editor_of(self, lambda editor: editor.interview is not None and editor.interview.id == interview.id
                              and editor.form.id == form_id and whose(editor.party_id) == whose(party_id))

    def void(self) -> None:
        """Void the selected interview, entered by mistake, with its reason after the officer confirms: it leaves
        the register (shown greyed out with "Show voided"), the statistics and the deadline board."""
        row = self.selected_row()
        if row is None:
            return
        if refusal := void_refusal(self.db, row.interview):
            self.prompts.error(self, refusal)
            return
        reason = self.prompts.ask_text(self, _("Void the interview"), _(
            "Why is the interview of {date} ({parties}) void, e.g. entered twice or by mistake?").format(
            date=row.interview.held_on, parties=row.parties))
        if reason is None:
            return
        if not reason.strip():
            self.prompts.error(self, _("Say why the interview is voided."))
            return
        if not self.prompts.confirm(self, _(
                "Void the interview of {date} ({parties})? It is left out of the register, the statistics and the "
                "deadline board, and can no longer be edited; if it was voided by mistake, Unvoid… (with Show "
                "voided) brings it back.").format(date=row.interview.held_on, parties=row.parties),
                destructive=True):
            return
        try:
            void_interview(self.db, row.interview.id, reason)
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            return
        self.refresh()  # out of the register unless the voided ones are shown
        self.interviews_changed.emit()

    def restore(self) -> None:
        """Restore the selected voided interview (shown with Show voided), voided by mistake, after the officer
        confirms (``restore_interview``): it comes back in the register, the statistics and the deadline board."""
        row = self.selected_row()
        if row is None or not row.void:
            return
        if refusal := restore_refusal(self.db, row.interview):
            self.prompts.error(self, refusal)
            return
        if not self.prompts.confirm(self, _(
                "Restore the interview of {date} ({parties}), voided as {reason}? It comes back in the register, the "
                "statistics and the deadline board with everything recorded of it.").format(
                date=row.interview.held_on, parties=row.parties, reason=row.interview.void_reason)):
            return
        try:
            restore_interview(self.db, row.interview.id)
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            return
        self.refresh()
        self.interviews_changed.emit()

    def absent(self) -> None:
        """Record that the party summoned did not attend the selected interview (当事人未到场), with how that is known:
        it counts in the statistics as such, may be escalated to a case and gets no 约谈记录."""
        row = self.selected_row()
        if row is None:
            return
        if refusal := absent_refusal(self.db, row.interview):
            self.prompts.error(self, refusal)
            return
        # a party never summoned is not absent: asked first when no notice nor receipt of it is on record
        if (unsummoned := absent_without_notice(self.db, row.interview)) and not self.prompts.confirm(
                self, unsummoned + "\n\n" + _("Record the party's absence all the same?"), destructive=True):
            return
        reason = self.prompts.ask_text(self, _("Party did not attend"), _(
            "The party did not attend the interview of {date} ({parties}): how is that known, e.g. not attended "
            "after the notice was served?").format(date=row.interview.held_on, parties=row.parties))
        if reason is None:
            return
        try:
            mark_absent(self.db, row.interview.id, reason)
        except ValidationError as exc:
            self.prompts.error(self, join_reasons(exc.errors.values()))
            return
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            return
        self._changed(row.interview.id)
        if cleared := absence_cleared_note(row.interview):  # its commitments and deadline: none without a meeting
            self.prompts.info(self, cleared)

    def follow_up(self) -> None:
        from ui.interview_dialog import FollowUpDialog

        row = self.selected_row()
        if row is None:
            return
        if refusal := self._follow_up_refusal(row):  # the button is greyed out: a shortcut or a test still says why
            self.prompts.error(self, refusal)
            return
        dialog = FollowUpDialog(self.db, self.prompts, row.interview, parent=self)  # read again as it opens
        if exec_once(dialog) == QDialog.DialogCode.Accepted:
            self._changed(row.interview.id)
        elif dialog.changed_elsewhere:  # refused: the register shows it as saved elsewhere, to be reopened
            self.refresh(select=row.interview.id)

    def escalate(self) -> None:
        """Link the selected interview to the case opened because it was not rectified: an existing case by
        its number, or a new one entered now with the interview's parties."""
        row = self.selected_row()
        if row is None:
            return
        refusal = self._escalated_refusal(row, self.on)
        if refusal:  # before a new case is entered: it could not be linked
            self.prompts.error(self, refusal)
            return
        party_id = self._escalated_party(row)
        if party_id is None:
            return
        rectified = rectified_follow_up(row.interview, party_id)
        if rectified and not self.prompts.confirm(self, rectified + "\n\n" + _(
                "Was the rectification not made after all, so that the interview is escalated to a case?")):
            return
        # the party may still rectify — until its issued 约谈记录's working days end, when a holiday file moved that
        # day —: the officer says why not
        early = early_escalation(row.interview, self.on, db=self.db)
        if early and not self.prompts.confirm(self, early):
            return
        answer = self.prompts.ask_text(self, _("Escalate to a case"), _(
            "Case number of the case opened for this interview — a case not filed (未立案) by its party's name —; "
            "leave empty to create a new case:"))
        if answer is None:
            return
        def link(case_id: str) -> None:
            if refusal := other_party_case(self.db, row.interview, case_id, party_id):
                raise WorkstationError(refusal)
            escalate_to_case(self.db, row.interview.id, case_id, not_rectified=bool(rectified))

        try:
            if answer.strip():
                case_id = self._named_case(row.interview, answer)
                if case_id is not None:
                    link(case_id)
            else:  # saved together with the link: a refusal leaves no case behind
                case_id = self._new_case(row.interview, party_id, link)
            if case_id is None:
                return
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        self._changed(row.interview.id)
        if self.on_case_changed:
            self.on_case_changed(case_id)

    def _named_case(self, interview, answer: str) -> str | None:
        """The id of the case ``answer`` names (``escalation_case``: a number, an id, or a case not filed by its
        party); when it names several, the one the officer picks from them, None when cancelled."""
        try:
            return escalation_case(self.db, interview, answer)
        except SeveralCases as several:
            items = [self._case_item(case_id) for case_id in several.case_ids]
            picked = self.prompts.choose_item(self, _("Escalate to a case"), _(
                "“{text}” names several cases: pick the one opened for this interview.").format(text=answer.strip()),
                items)
            return None if picked is None else several.case_ids[picked]

    def _case_item(self, case_id: str) -> str:
        """A case as the pick among several names it: its number or party and cause, its status and its id (two
        cases not filed against one party may differ in nothing else)."""
        case = get_case(self.db, case_id)
        return _("{case}, {status}, id {id}").format(
            case=case_named(case.case_number, case.party_names, case.cause), status=shown_label("statuses", case.status),
            id=case.id)

    def _escalated_party(self, row: InterviewRow) -> str | None:
        """The party of the interview escalated now: its only party, or the one the officer picks among those of a
        joint interview not escalated yet (those whose follow-up found them not rectified first); None when
        cancelled."""
        waiting = self._not_escalated(row)
        if len(row.interview.party_ids) == 1 or len(waiting) == 1:
            return waiting[0].party_id if waiting else row.interview.party_ids[0]
        waiting.sort(key=lambda r: rectified_follow_up(row.interview, r.party_id) is not None)
        items = []
        for r in waiting:
            name = get_party(self.db, r.party_id).name
            items.append(_("{party} — follow-up: {result}").format(party=name, result=mask_text(r.follow_up_result))
                         if r.follow_up_result.strip() else name)
        picked = self.prompts.choose_item(self, _("Escalate to a case"), _(
            "Which party of this joint interview is escalated to a case? The others keep their own follow-up."),
            items)
        return None if picked is None else waiting[picked].party_id

    def _new_case(self, interview, party_id: str | None, link) -> str | None:
        """The id of the new case the officer enters for the interview's party ``party_id`` (its first by default),
        saved together with ``link(case_id)`` (the escalation to it) in one transaction: a refusal of the link saves
        no case and keeps the dialog open with what was typed; None when cancelled."""
        dialog = _escalation_case_dialog(self.db, self.prompts, link, parent=self)
        party_id = party_id or interview.party_ids[0]
        dialog.add_party(party_id)  # the party escalated, not the others of a joint interview
        # the 案由, sector, 线索接收日期, facts, officers and agency the interview gives; what it does not know is left
        # to choose (no sector guessed); all of it as loaded, so that Cancel with nothing typed closes at once
        dialog.start_from(**case_prefill(self.db, interview, party_id))
        dialog.escalated_from(interview.id, party_id)  # its draft of what is typed names the interview and party
        if exec_once(dialog) == QDialog.DialogCode.Accepted and dialog.saved_case:
            return dialog.saved_case.id
        return None


def _escalation_case_dialog(db, prompts, link, parent=None):
    """The case editor of a new case an interview is escalated to (``InterviewsPage._new_case``): its Save stores
    the case and, with ``link`` (given the case's id; raising WorkstationError to refuse), the escalation to it in
    one transaction, so that a refusal of the link — a case against another party of a joint interview, filed before
    the interview — stores nothing and the officer corrects the case in the dialog or cancels."""
    from ui.case_dialog import CaseDialog

    class EscalationCaseDialog(CaseDialog):
        def save(self) -> None:  # CaseDialog.save of a new case (nothing to compare, no number changed)
            case, errors = self.current()
            if errors or self.validate():
                return
            try:
                with immediate(self.db):  # the write lock at once: a 立 number taken is the case's, as create_case
                    saved = create_case(self.db, case)
                    link(saved.id)
            except WorkstationError as exc:
                self.prompts.error(self, exc.message + "\n\n" + _(
                    "The case was not saved: correct it here, or cancel."))
                return
            self.saved_case = saved
            self.accept()

    return EscalationCaseDialog(db, prompts, parent=parent)
