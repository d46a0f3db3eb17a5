"""The case workspace: one case's parties, officers, key dates, infringing-record counts, amounts, facts and
timeline, with the procedure actions the law offers in its state (refused ones say why)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.access_keys import with_fixed_letter
from ui.case_dialog import field_label, received_before_assignment
from ui.dialog_once import exec_once
from ui.layouts import clear_layout, enable_or_say_why, error_text, list_join, shortcut_hint
from ui.masked_value import reveal_fields
from ui.party_dialog import PartyDialog
from workstation import procedure
from workstation.case_mark import case_mark
from workstation.db.connection import change_mark
from workstation.documents.stage_rules import in_window
from workstation.errors import WorkstationError
from workstation.i18n import N_, _, ngettext
from workstation.masking import mask_field, mask_text
from workstation.money import figures
from workstation.records import today
from workstation.store import get_agency, get_case, get_officer, parties_of_case
from workstation.store.cases import case_timeline
from workstation.vocabulary import shown_label

DATE_LABELS = (("lead_received_on", N_("Lead received")), ("filing_proposed_on", N_("Filing proposed on")),
               ("filed_on", N_("Filed")),
               ("review_on", N_("Sent to case or legal review")),
               ("notice_served_on", N_("Pre-penalty notice served")), ("decided_on", N_("Decided")),
               ("served_on", N_("Decision served on")), ("closed_on", N_("Closed")))
# actions recorded only once the party's statement period has ended (their date guard is
# procedure._statement_over_guard): every date their dialog lets the officer pick (today at the latest) is refused
# until then, so they are greyed out with the refusal of today, which names the period's last day — in a case with
# several parties, each party whose period still runs, with its own last day (the decision's, in a case with one
# party, that of the day its issued 行政处罚决定书 bears: procedure.date_refusal). Not the waiver, dated within that
# period (procedure._waiver_date_guard): one received then may be entered after it ran out, so its dialog opens and
# judges the day typed, as the hearing request's does
AFTER_STATEMENT_PERIOD = ("end_statement_period", "decide_penalty")
# 听证结束, greyed out the same way with the refusal of today: with no 听证通知书 issued (or the hearing it sets still to
# come) every day its dialog lets the officer pick is refused (procedure._conclude_hearing_guard), today the latest
HEARING_CONCLUSION = ("conclude_hearing",)
# the Alt letters shown with a case's workspace: the window's menus (文件 案件 转到 帮助) and the case page's tabs
# (期限 案件列表)
WINDOW_LETTERS = frozenset("FCGHDL")
# how often a shown workspace looks whether the case changed elsewhere or the day changed (``follow_if_out_of_date``)
WATCH_MS = 3000
# the timeline's newest entries listed at each rebuild; its first row 全部显示 (Enter or a double click) lists the
# earlier ones too
TIMELINE_SHOWN = 200


def _value(text: str, rich: bool = False) -> QLabel:
    """A selectable, wrapping value; plain text unless ``rich`` (then its data must be escaped): a "<" typed in
    a fact or a name would otherwise turn the label into HTML and hide what follows it."""
    widget = QLabel(text)
    widget.setTextFormat(widget.textFormat().RichText if rich else widget.textFormat().PlainText)
    widget.setWordWrap(True)
    widget.setTextInteractionFlags(widget.textInteractionFlags() | widget.textInteractionFlags().TextSelectableByMouse)
    return widget


class CaseWorkspace(QWidget):
    """Everything about one case; ``case_changed`` fires after an action or an edit."""

    case_changed = Signal(str)
    edit_requested = Signal(str)
    lead_opened = Signal(str)  # "Open lead" in the section of the lead the case was filed from
    party_saved = Signal(str)  # a party of the case saved (its id): the open cases naming it follow
    # rebuilt to show a change made elsewhere (the command line, another window): the window's tab title and the
    # board follow (the case's number, status or party may have changed)
    caught_up = Signal(str)

    def __init__(self, db, case_id: str, prompts, ask_transition, parent: QWidget | None = None, data_dir=None,
                 open_editor=None, runner=None):
        super().__init__(parent)
        self.open_editor, self.runner = open_editor, runner
        self.db, self.case_id, self.prompts, self.ask_transition = db, case_id, prompts, ask_transition
        self.data_dir = data_dir
        self.action_buttons: dict[str, QPushButton] = {}
        self.hold_hearing_button: QPushButton | None = None  # 举行听证…, at the hearing (``_hold_hearing_button``)
        # the 显示完整号码 and 编辑当事人… buttons of each party, then the facts' 显示完整号码 (None where there is none):
        # Alt+X and Alt+Q press those of the row the keyboard was last in (``_give_shared_keys``)
        self._key_rows: list[tuple[QPushButton | None, QPushButton | None]] = []
        self._key_row = 0
        # 全部显示 pressed in the timeline: it stays listed whole when the workspace is rebuilt (``_timeline_box``)
        self.timeline_whole = False
        # the window whose activation is watched (``eventFilter``, also told of those buttons' focus-in)
        self._watching: QWidget | None = None
        outer = QVBoxLayout(self)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        self.body = QWidget()
        scroll.setWidget(self.body)
        self.layout_ = QVBoxLayout(self.body)
        self.reload()
        # the case changed elsewhere (the command line, the exchange's worker, another tab) or the day changed past
        # midnight: looked at while the tab is shown (the watch runs from showEvent to hideEvent), and when it or its
        # window is shown or activated again
        self.watch = QTimer(self)
        self.watch.setInterval(WATCH_MS)
        self.watch.timeout.connect(self._watched)

    def reload(self) -> None:
        """Rebuild the workspace from the stored case (the screening rules read once for all its masked values).
        The keyboard stays where the officer was: on the control of the same name once rebuilt (the button just
        used, the evidence list), else on the case's first control, never on nothing (the control that had it is
        deleted with the rest). What it read is remembered (``_mark_read``, the day) for ``follow_if_out_of_date``."""
        from workstation.screening.rules import rules_held

        with rules_held():
            self._rebuild()
        self._mark_read()
        self._read_on = today()

    def _mark_read(self) -> None:
        """Remember the case as shown now: its own mark (``case_mark``) and the whole database's (``change_mark``,
        cheap: while it is unchanged the case's is not read again). Also after the workspace's own reveals, whose
        audit entries are no change to show."""
        self._read_at, self._db_read_at = case_mark(self.db, self.case_id), change_mark(self.db)

    def out_of_date(self) -> bool:
        """Whether the case changed since the workspace read it (another connection's commit or a change on the
        window's own one: the case, its parties, evidence, documents, clock events or lead; not another case's
        change), or the day did (its actions, reasons and deadlines are judged on the day)."""
        if today() != self._read_on:
            return True
        database = change_mark(self.db)
        if database == self._db_read_at:
            return False
        if case_mark(self.db, self.case_id) != self._read_at:
            return True
        self._db_read_at = database  # something else changed: not looked at again until the database changes
        return False

    def _being_used(self) -> bool:
        """Whether the officer is in the middle of something a rebuild would lose: a popup open (a context menu, a
        completer's list) or the keyboard in a control of the workspace they type in (the 文书 chooser with 告知
        typed). The watch looks again at its next tick."""
        if QApplication.activePopupWidget() is not None:
            return True
        widget = QApplication.focusWidget()
        if widget is None or not self.body.isAncestorOf(widget):
            return False
        if isinstance(widget, QComboBox):
            return widget.isEditable()
        if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
            return not widget.isReadOnly()
        return isinstance(widget, QAbstractSpinBox) and not widget.isReadOnly()

    def follow_if_out_of_date(self) -> bool:
        """Rebuild the workspace when it is out of date (``out_of_date``), scrolled where it was; not while a dialog
        is open (it may be one of the workspace's, whose parent the rebuild would delete): looked at again once it
        closes. Whether it was rebuilt."""
        if not isValid(self) or QApplication.activeModalWidget() is not None or self._being_used() \
                or not self.out_of_date():
            return False
        bar = self.scroll.verticalScrollBar()
        top = bar.value()
        self._catch_up()
        self.body.layout().activate()
        bar.setValue(min(top, bar.maximum()))
        return True

    def _catch_up(self) -> None:
        """Rebuild the workspace to show a change made elsewhere, and tell the window (``caught_up``)."""
        self.reload()
        self.caught_up.emit(self.case_id)

    def _watched(self) -> None:
        """The watch's look: the day changed (once a minute would do) or, while the window is the one used, the
        case changed elsewhere."""
        if not self.isVisible():
            return
        if self.window().isActiveWindow() or today() != self._read_on:  # the cheap look first
            self.follow_if_out_of_date()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.watch.start()
        window = self.window()
        if window is not self and window is not self._watching:
            window.installEventFilter(self)
            self._watching = window
        self.follow_if_out_of_date()  # its tab chosen again, the window shown again

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.watch.stop()  # another tab or page shown, the window hidden: nothing to look at until shown again
        super().hideEvent(event)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._watching and event.type() == QEvent.Type.WindowActivate and self.isVisible():
            QTimer.singleShot(0, self, self.follow_if_out_of_date)  # back from another program, the command line
        elif event.type() == QEvent.Type.FocusIn and watched is not self._watching:
            self._focus_moved(watched)  # a party's (or the facts') button
        return False  # the window's and the buttons' events go on as they were

    def _rebuild(self) -> None:
        focused = self._focused_name()
        # the document type (and party) chosen in the documents section, chosen again once it is rebuilt
        documents = getattr(self, "documents", None)
        chosen = documents.choice() if documents is not None and isValid(documents) else None
        self.stop_reading()  # the section's read of the case, no longer wanted once it is deleted
        clear_layout(self.layout_)
        self._key_rows, self._key_row = [], 0
        self.case = case = get_case(self.db, self.case_id)
        from workstation.leads_workflow import case_lead

        self.lead = case_lead(self.db, self.case_id)  # the lead it was filed from: its dates, its section
        # the cause masked as in the case list: a case filed from a lead about a number is named after it
        number = case.case_number or _("not filed")
        title = QLabel(f"<h2>{escape(number)}</h2><p>{escape(mask_text(case.cause))}</p>")
        title.setObjectName("case_title")
        title.setWordWrap(True)
        self.status_label = QLabel(_("Status: {status}").format(status=shown_label("statuses", case.status)))
        self.layout_.addWidget(title)
        self.layout_.addWidget(self.status_label)
        self.layout_.addWidget(self._actions_box())
        grid = QGridLayout()
        grid.addWidget(self._summary_box(), 0, 0)
        grid.addWidget(self._amounts_box(), 0, 1)
        grid.addWidget(self._parties_box(), 1, 0)
        grid.addWidget(self._officers_box(), 1, 1)
        self.layout_.addLayout(grid)
        self.layout_.addWidget(self._facts_box())
        self._add_lead_box()
        from ui.case_clocks import CaseClocks
        from ui.case_law import CaseLawBox

        transfer = self.action_buttons.get("transfer_to_police")
        self.law = CaseLawBox(self.db, case, self.prompts, changed=self._section_changed,
                              transfer=transfer.click if transfer is not None and transfer.isEnabled() else None)
        self.layout_.addWidget(self.law)

        self.clocks = CaseClocks(self.db, case, self.prompts, changed=self._section_changed,
                                 import_calendar=self._import_calendar)
        self.layout_.addWidget(self.clocks)
        if self.data_dir is not None:
            from ui.case_documents import CaseDocuments

            self.documents = CaseDocuments(self.db, self.data_dir, self.case, self.prompts,
                                           on_issued=self._section_changed, open_editor=self.open_editor,
                                           runner=self.runner)
            if chosen is not None:
                self.documents.choose(*chosen)
            case_file = self.documents.findChild(QPushButton, "casefile")
            from workstation.documents.casefile import no_documents_refusal, working_copy_note

            said = _("Save the whole case file (卷宗) as one PDF, to print")
            if note := working_copy_note(case):  # a case not closed: its file prints as a working copy, said so
                said = f"{said}\n{note}"
            case_file.setToolTip(shortcut_hint(said, "Ctrl+P"))

            # greyed out, saying why, while the case has issued nothing to bind (not an error after the click)
            enable_or_say_why(case_file, no_documents_refusal(self.db, case))
            self.layout_.addWidget(self.documents)
            from ui.case_evidence import CaseEvidence

            self.evidence = CaseEvidence(self.db, self.data_dir, case, self.prompts, changed=self._section_changed,
                                         runner=self.runner)
            self.layout_.addWidget(self.evidence)
        self.layout_.addWidget(self._timeline_box())
        self.layout_.addStretch(1)
        self._give_shared_keys()
        self._give_action_letters()
        if focused is not None:
            self._focus_again(focused)

    def _give_action_letters(self) -> None:
        """Alt letters for 编辑案件 and the procedure actions, which change with the case's state: none the window's
        menus, the case page's tabs or the workspace's other controls answer to."""
        from ui.access_keys import give_letters, letters_in

        buttons = [self.edit_button, *self.action_buttons.values(),
                   *([self.hold_hearing_button] if self.hold_hearing_button is not None else [])]
        give_letters(buttons, letters_in(self.body, leave_out=buttons) | WINDOW_LETTERS)

    def _give_shared_keys(self) -> None:
        """Alt+X on the 显示完整号码 of the row the keyboard was last in (a party's, the facts'; the first party's
        until then), on none while that row has nothing left to reveal: one key press unmasks, and audits, only the
        numbers the officer is looking at. Alt+Q on that party's 编辑当事人… (the first party's when it was in the
        facts). A case has too many such buttons for a letter each, none left on its tab. Each is as wide as with
        its letter, so that the row does not move as the letter goes."""
        for position, key in ((0, "X"), (1, "Q")):
            buttons = [row[position] for row in self._key_rows]
            shown = [b for b in buttons if b is not None and not b.isHidden()]
            here = buttons[self._key_row] if self._key_row < len(buttons) else None
            holder = here if here in shown else None if key == "X" else shown[0] if shown else None
            text = _("Show full numbers") if key == "X" else _("Edit party…")
            for button in buttons:
                if button is None:
                    continue
                if not button.minimumWidth():
                    button.setText(with_fixed_letter(text, key))
                    button.setMinimumWidth(button.sizeHint().width())
                button.setText(with_fixed_letter(text, key) if button is holder else text)

    def _key_row_of(self, reveal: QPushButton | None, edit: QPushButton | None) -> None:
        """A party's 显示完整号码 and 编辑当事人… (or the facts' 显示完整号码), which share Alt+X and Alt+Q with the
        others' (``_give_shared_keys``): the keyboard coming to them is told to ``eventFilter`` (their own focus-in,
        not the application-wide focusChanged, which is also told of widgets being destroyed)."""
        self._key_rows.append((reveal, edit))
        for button in (reveal, edit):
            if button is not None:
                button.installEventFilter(self)

    def _focus_moved(self, new) -> None:
        """The keyboard moved to a party's (or the facts') button: Alt+X and Alt+Q go to that row's."""
        for index, row in enumerate(self._key_rows):
            if new in row and index != self._key_row:
                self._key_row = index
                self._give_shared_keys()
                return

    def focus_first(self) -> None:
        """Put the keyboard on the case's first control (编辑案件 or its first procedure action): the case just
        opened takes it, so that Tab goes on through the case and Ctrl+W closes it."""
        self._focus_again("")

    def show_clock(self, clock: str, party_id: str | None = None) -> None:
        """Scroll to the deadlines section (期限) with the row of ``clock`` (of ``party_id``'s, where counted per
        party) selected and the keyboard on that table: a deadline opened from the board."""
        table = self.clocks.table
        table.select_clock(clock, party_id)
        table.view.setFocus()
        self._scroll_to(self.clocks)

    def show_document(self, document_id: str) -> None:
        """Scroll to the documents section with the issued document ``document_id`` selected and the keyboard on its
        list: a document opened from the register of issued documents (文书 page)."""
        documents = getattr(self, "documents", None)
        if documents is None:
            return
        if documents.select_document(document_id):
            documents.view.setFocus()
        self._scroll_to(documents)

    def _scroll_to(self, section: QWidget) -> None:
        """Bring ``section`` to the top of the workspace's scrolled area, now and once the tab is laid out."""
        from PySide6.QtCore import QTimer

        def scroll() -> None:
            if not isValid(section):  # the workspace was rebuilt or closed meanwhile
                return
            self.body.layout().activate()
            top = section.mapTo(self.body, section.rect().topLeft()).y()
            bar = self.scroll.verticalScrollBar()
            bar.setValue(min(top, bar.maximum()))

        scroll()
        QTimer.singleShot(0, self, scroll)  # again once the tab just opened is laid out at its size

    def _focused_name(self) -> str | None:
        """The name of the workspace's control that has the keyboard in its window (kept by the window while one
        of its dialogs is open), None when the keyboard is elsewhere."""
        widget = self.window().focusWidget()
        return widget.objectName() if widget is not None and self.body.isAncestorOf(widget) else None

    def _shown(self, widget: QWidget) -> bool:
        """``widget`` shows with the workspace: neither it nor a box holding it was hidden (one just built shows at
        Qt's next turn, so ``isVisible`` is still False for it)."""
        from PySide6.QtCore import Qt

        while widget is not None and widget is not self.body:
            if widget.isHidden() and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
                return False
            widget = widget.parentWidget()
        return True

    def _focus_again(self, name: str) -> None:
        from PySide6.QtCore import Qt

        usable = [w for w in self.body.findChildren(QWidget) if w.isEnabled() and self._shown(w)
                  and w.focusPolicy().value & Qt.FocusPolicy.TabFocus.value]
        same = [w for w in usable if name and w.objectName() == name]
        target = same[0] if same else None
        widget = self.body.nextInFocusChain()
        while target is None and widget is not self.body:  # else the case's first control, in the order Tab takes
            target = widget if widget in usable else None
            widget = widget.nextInFocusChain()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _actions_box(self) -> QGroupBox:
        box = QGroupBox(_("Procedure actions"))
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        edit = self.edit_button = QPushButton(_("Edit case…"))
        edit.setObjectName("edit_case")
        edit.setToolTip(shortcut_hint(_("Edit case…").rstrip("…"), "Ctrl+E"))  # the window's Edit case action
        edit.clicked.connect(lambda: self.edit_requested.emit(self.case_id))
        row.addWidget(edit)
        self.action_buttons.clear()
        self.hold_hearing_button = None
        refusals = []
        steps = procedure.available(self.db, self.case)
        # a review in force answering 否 (the review did not pass): 退回补充调查 offered first, the others still there
        failed = procedure.failed_review(self.db, self.case) if any(
            t.name == "return_for_investigation" for t, _why in steps) else None
        if failed is not None:
            steps.sort(key=lambda step: step[0].name != "return_for_investigation")
        for transition, refusal in steps:
            if procedure.redo_noticing_parties(self.db, self.case, transition.name) == []:
                continue  # the new notice of a party decided anew: no party left to serve it on, or to waive
            if refusal is None and transition.name in AFTER_STATEMENT_PERIOD + HEARING_CONCLUSION:
                refusal = procedure.date_refusal(self.db, self.case, transition.name, None)
            refusal = in_window(refusal)  # the window's own way to void a decision, not the command
            button = QPushButton(transition.label)
            button.setObjectName(f"action_{transition.name}")
            button.setEnabled(refusal is None)
            if refusal:
                button.setToolTip(refusal)
                if not transition.answers_an_order:
                    refusals.append(f"{transition.label}：{refusal}")
            elif failed is not None and transition.name == "return_for_investigation":
                from ui.transition_dialog import failed_review_text

                button.setToolTip(failed_review_text(failed))
            button.clicked.connect(lambda _checked=False, t=transition: self._apply(t))
            self.action_buttons[transition.name] = button
            if transition.name == "conclude_hearing" and self.case.status == "hearing":
                row.addWidget(self._hold_hearing_button())  # 举行听证…, recorded before 听证结束
            row.addWidget(button)
        row.addStretch(1)
        # 撤销上一步: the last step recorded (a wrong date pressed with OK) taken back; greyed out saying why not
        undo = self.undo_button = QPushButton(with_fixed_letter(_("Undo last step…"), "Z"))  # 撤销上一步(&Z)…
        undo.setObjectName("undo_step")
        undo.setToolTip(_("Undo the last procedure step recorded in this case (its status, dates and clock events "
                          "go back to what they were), to record it again with the right date"))
        enable_or_say_why(undo, procedure.undo_refusal(self.db, self.case))
        undo.clicked.connect(self._undo_step)
        row.addWidget(undo)
        layout.addLayout(row)
        if not self.action_buttons:
            layout.addWidget(QLabel(_("No further procedure actions in this state.")))
        self._transfer_next_step(layout)
        for text in refusals:
            note = QLabel(text)
            note.setWordWrap(True)
            note.setStyleSheet("color: #8a4b00;")
            layout.addWidget(note)
        return box

    def _hold_hearing_button(self) -> QPushButton:
        """举行听证… beside 听证结束: a clock event, not a step of ``procedure.available``, recorded by the deadlines
        section's dialog, opened with 举行听证 chosen (and the party, when one hearing is pending among several), dated
        the day its 听证通知书 sets (``ClockEventDialog._follow_hearing_day``)."""
        button = self.hold_hearing_button = QPushButton(_("Hold hearing…"))
        button.setObjectName("hold_hearing")
        button.setToolTip(_("Record the day the hearing was held (“{session}”), as {record} under {deadlines} "
                            "does; then conclude it").format(
            session=shown_label("clock_events", "hearing_session"), record=_("Record clock event…").rstrip("…"),
            deadlines=_("Deadlines")))
        button.clicked.connect(self._hold_hearing)
        return button

    def _hold_hearing(self) -> None:
        from ui.case_clocks import ClockEventDialog

        case = get_case(self.db, self.case_id)
        pending = list(procedure.pending_hearings(self.db, case))
        dialog = ClockEventDialog(self.db, case, self.prompts, self, kind="hearing_session",
                                  party=pending[0] if len(pending) == 1 else None)
        self.clocks.record(dialog, made=True)

    def _transfer_next_step(self, layout: QVBoxLayout) -> None:
        """A case sent to another authority by its 案件移送函 in force, still under investigation: 终止调查 is its next
        step, said under the actions' buttons (its clocks meanwhile 已移送，待终止)."""
        from workstation.clocks import TRANSFERRED_OUT_TEXT
        from workstation.documents.jurisdiction import awaiting_termination

        button = self.action_buttons.get("terminate")
        letter = awaiting_termination(self.db, self.case) if button is not None and button.isEnabled() else None
        if letter is None:
            return
        note = QLabel(_("Sent to {receiver} by the 案件移送函 {number}: next, “{terminate}” (the transfer as its reason), "
                        "then close the case. Its time limits meanwhile show “{state}”, not overdue.").format(
            receiver=letter.receiver, number=letter.number or _("(no number)"), terminate=button.text(),
            state=_(TRANSFERRED_OUT_TEXT)))
        note.setObjectName("transfer_next_step")
        note.setWordWrap(True)
        layout.insertWidget(1, note)

    def _summary_box(self) -> QGroupBox:
        case = self.case
        box = QGroupBox(_("Case"))
        form = QFormLayout(box)
        form.addRow(_("Sector"), _value(shown_label("sectors", case.sector)))
        form.addRow(_("Violations"), _value(list_join(shown_label("violations", v) for v in case.violations) or "—"))
        agency = get_agency(self.db, case.agency_id)
        form.addRow(_("Agency"), _value(agency.name))
        if case.procedure_kind == "simple":  # decided on the spot (当场处罚): never filed, so no filing date
            shown = _value(_("Simple procedure (decided on the spot)"))
            shown.setObjectName("procedure_kind")
            form.addRow(_("Procedure"), shown)
        for field, text in DATE_LABELS:
            shown = _value(self._received_text() if field == "lead_received_on" else getattr(case, field) or "—")
            shown.setObjectName(f"date_{field}")
            form.addRow(_(text), shown)
        # several parties: each party's own service, waiver and payment, read only (recorded by the actions)
        from workstation.party_decisions import party_steps

        for position, (name, steps) in enumerate(party_steps(self.db, case)):
            shown = _value(steps)
            shown.setObjectName(f"party_steps_{position}")
            form.addRow(name, shown)
        return box

    def _received_text(self) -> str:
        """The case's 线索接收日期 as shown: a lead assigned (交办) after it was received gives its case the
        assignment day there, since the lead's verification period (T1) counts from it and goes on in the case
        (``leads_workflow.t1_start``); the day the lead was received is said beside it, so that neither day is
        taken for the other."""
        day = self.case.lead_received_on
        received = received_before_assignment(day, self.lead)
        if received is None:
            return day or "—"
        return _("{assigned} (the day the lead was assigned; it was received on {received})").format(
            assigned=day, received=received)

    def _amounts_box(self) -> QGroupBox:
        case = self.case
        box = QGroupBox(_("Records and amounts"))
        form = QFormLayout(box)
        for field in ("trace", "sensitive", "other"):
            form.addRow(shown_label("record_categories", field), _value(f"{getattr(case, 'records_' + field):,}"))
        form.addRow(_("Infringing records in all"), _value(f"{case.records_total:,}"))
        from workstation.law.criminal import case_gains_fen

        # the gains the legal assessment weighs (its thresholds): what was confiscated was gained, when more than the
        # case records (a register imports only 没收违法所得)
        gains = case_gains_fen(case)
        form.addRow(_("Illegal gains"), _value(figures(gains) if gains == case.illegal_gains_fen else _(
            "{gains} (the illegal gains confiscated; the case records {recorded})").format(
            gains=figures(gains), recorded=figures(case.illegal_gains_fen))))
        # as decided: each party's 行政处罚决定书 in force once it is issued, else what the case records
        from workstation.penalty_terms import (
            cases_declared_void,
            decided_amounts,
            decided_warning_only,
            decisions_in_force,
            proposal_source,
            proposed_penalty,
            revoked_warnings,
            standing_amounts,
            undecided_ending,
        )

        fine, confiscated = decided_amounts(self.db, case)
        # told of in the notice and not decided yet: the proposed amounts, said to be proposed, never ¥0.00
        proposed = None if fine or confiscated else proposed_penalty(self.db, case)
        # a fine decided beside the warning may have been changed to none (变更): the warning stands alone
        warned = () if confiscated else decided_warning_only(self.db, case)
        unwarned = () if fine or confiscated or warned else revoked_warnings(self.db, case)
        if warned and fine:  # 处罚：警告, the fine decided beside it said to be changed to none
            fine_text = total_text = _("penalty: a warning ({numbers}); the fine of {decided} was changed to none on "
                                       "the party's reconsideration or lawsuit").format(
                numbers="、".join(warned), decided=figures(fine))
            confiscated_text = figures(0)
        elif warned:  # a warning decided alone: 处罚：警告, not ¥0.00
            fine_text = total_text = _("penalty: a warning ({numbers})").format(numbers="、".join(warned))
            confiscated_text = figures(0)
        elif unwarned:  # that warning revoked (or declared void, or both) on the party's reconsideration or lawsuit
            mixed: set[str] = set()
            void = case.id in cases_declared_void(self.db, [case.id], mixed)
            fine_text = total_text = (
                _("a warning ({numbers}), declared void on the party's reconsideration or lawsuit") if void else
                _("warnings ({numbers}), revoked or declared void on the party's reconsideration or lawsuit")
                if mixed else _("a warning ({numbers}), revoked on the party's reconsideration or lawsuit")).format(
                numbers="、".join(unwarned))
            confiscated_text = figures(0)
        elif left := self._warning_left_outside(case, fine, confiscated):  # decided outside, its fine changed to none
            fine_text = total_text = left
            confiscated_text = figures(0)
        elif proposed is not None and proposed.warning_only:
            # a decision written outside the workstation (the case records its day): the warning proposed was decided
            fine_text = total_text = _("penalty: a warning ({source})").format(source=proposal_source(
                proposed)) if case.decided_on else _("proposed penalty: a warning ({source}), not decided yet").format(
                source=proposal_source(proposed))
            confiscated_text = figures(0)
        elif (fine or confiscated) and (ending := undecided_ending(self.db, case)) is not None:
            # typed on the case and imposed by no decision (the case list's 拟, counted nowhere): proposed and not
            # decided yet, or not imposed, the case having ended without a penalty (closed or archived since too)
            ending = shown_label("statuses", ending) if ending else ""

            def each(amount: int) -> str:
                if not amount:
                    return figures(0)
                return _("{amount} not imposed ({ending})").format(amount=figures(amount), ending=ending) if ending \
                    else _("proposed {amount}, not decided yet").format(amount=figures(amount))

            fine_text, confiscated_text = each(fine), each(confiscated)
            total_text = (_("{amount} not imposed ({ending}): not counted") if ending else
                          _("proposed {amount} in all, not decided yet: not counted")).format(
                amount=figures(fine + confiscated), ending=ending)
        elif proposed is None:
            # a decision revoked on the party's reconsideration or lawsuit counts nothing, as in the list and the
            # statistics: what it imposed is said beside what stands; a fine changed (变更) shows as changed, the
            # fine decided beside it
            changed = standing_amounts(self.db, case, revoked=False) if fine or confiscated else (0, 0)
            standing = standing_amounts(self.db, case) if fine or confiscated else (0, 0)
            # declared void (确认无效) rather than revoked, or one party's revoked and another's declared void: said
            # so, counted as nothing all the same
            mixed = set()
            void = changed != standing and case.id in cases_declared_void(self.db, [case.id], mixed)
            fine_text, confiscated_text = (
                (_("{amount} ({revoked} declared void on the party's reconsideration or lawsuit)") if void else
                 _("{amount} ({revoked} revoked or declared void on the party's reconsideration or lawsuit)")
                 if mixed else _("{amount} ({revoked} revoked on the party's reconsideration or lawsuit)")).format(
                    amount=figures(left), revoked=figures(before - left)) if left != before
                else _("{amount} (changed on the party's reconsideration or lawsuit from {decided})").format(
                    amount=figures(left), decided=figures(decided)) if left != decided
                else figures(left)
                for left, before, decided in zip(standing, changed, (fine, confiscated), strict=True))
            revoked = sum(changed) - sum(standing)
            total_text = (_("{amount} ({revoked} declared void: not counted)") if void else _(
                "{amount} ({revoked} revoked or declared void: not counted)") if mixed else _(
                "{amount} ({revoked} revoked: not counted)")).format(
                amount=figures(sum(standing)), revoked=figures(revoked)) if revoked else figures(sum(standing))
        else:
            # each amount cites only the notices proposing it
            fine_text = _("proposed fine {amount} ({source})").format(
                amount=figures(proposed.fine_fen), source=proposal_source(proposed, "fine")) \
                if proposed.fine_fen else figures(0)
            confiscated_text = (_("proposed confiscation {amount} ({source})").format(
                amount=figures(proposed.confiscated_fen), source=proposal_source(proposed, "confiscated"))
                if proposed.confiscated_fen
                else figures(0))
            total_text = _("proposed {amount} in all, not decided yet").format(amount=figures(proposed.total_fen))
        shown = _value(fine_text)
        shown.setObjectName("fine")
        form.addRow(_("Fine"), shown)
        form.addRow(_("Confiscated illegal gains"), _value(confiscated_text))
        total = _value(total_text)
        total.setObjectName("penalties_total")
        form.addRow(_("Fines and confiscation"), total)
        parties = {party.id: party.name for party in parties_of_case(self.db, case.id)}
        if len(parties) > 1:
            for decision in decisions_in_force(self.db, case):
                form.addRow(_("Decided for {party}").format(party=parties.get(decision.party_id, "—")),
                            _value(self._party_decision_text(case, decision)))
        # each party's payments (of part too), the surcharge accrued and paid, money paid under a revoked decision
        from workstation.payments import payment_rows

        for position, (label, text) in enumerate(payment_rows(self.db, case)):
            shown = _value(text)
            shown.setObjectName(f"payments_{position}")
            form.addRow(label, shown)
        return box

    def _warning_left_outside(self, case, fine: int, confiscated: int) -> str:
        """For a case decided outside the workstation (its decision day recorded, no 行政处罚决定书 issued here) whose
        notice proposed a warning with the fine it records, the fine changed to none on the party's reconsideration or
        lawsuit and nothing confiscated: 处罚：警告 with the fine changed to none, as the case list shows 警告
        (``cases_warned_only``); "" for any other case."""
        from dataclasses import replace

        from workstation.penalty_terms import (
            decisions_in_force,
            proposal_source,
            proposed_penalty,
            standing_amounts,
        )

        if not fine or confiscated or not case.decided_on or decisions_in_force(self.db, case):
            return ""
        if standing_amounts(self.db, case, revoked=False) != (0, 0):  # not changed to none (or revoked instead)
            return ""
        # what its notice proposed, read as for a case recording no amount (which is what stands of it)
        proposed = proposed_penalty(self.db, replace(case, fine_fen=0, confiscated_fen=0))
        if proposed is None or not proposed.warning or proposed.confiscated_fen:
            return ""
        return _("penalty: a warning ({numbers}); the fine of {decided} was changed to none on the party's "
                 "reconsideration or lawsuit").format(numbers=proposal_source(proposed), decided=figures(fine))

    def _party_decision_text(self, case, decision) -> str:
        """One party's decision as the header lists it: its 文号 and amounts, said revoked (or declared void) when its
        (or the whole case's) reconsideration or lawsuit revoked it (or declared it void), its fine as changed (变更)
        beside the one decided."""
        from workstation.clocks import VOID
        from workstation.penalty_terms import changed_fine, party_decision_annulled

        terms = decision.terms
        changed = changed_fine(self.db, case, decision.party_id) if terms.fine_fen else None
        fine = figures(terms.fine_fen) if changed is None or changed == terms.fine_fen else _(
            "{amount} (changed on the party's reconsideration or lawsuit from {decided})").format(
            amount=figures(changed), decided=figures(terms.fine_fen))
        if terms.warning and not terms.fine_fen and not terms.confiscated_fen:  # 警告 alone, not "¥0.00, ¥0.00"
            text = _("{number}: a warning").format(number=decision.number)
        else:
            text = (_("{number}: a warning, fine {fine}, confiscated {confiscated}") if terms.warning else
                    _("{number}: fine {fine}, confiscated {confiscated}")).format(
                number=decision.number, fine=fine, confiscated=figures(terms.confiscated_fen))
        if terms.confiscated_property:
            text = _("{decision}; confiscated property: {property}").format(decision=text,
                                                                             property=terms.confiscated_property)
        if terms.other_penalty:
            text = _("{decision}; other penalty: {penalty}").format(decision=text, penalty=terms.other_penalty)
        if (annulled := party_decision_annulled(self.db, case, decision)) is not None:
            return (_("{decision} — declared void on the party's reconsideration or lawsuit: not counted")
                    if annulled.kind == VOID else
                    _("{decision} — revoked on the party's reconsideration or lawsuit: not counted")).format(
                decision=text)
        return text

    def _facts_box(self) -> QGroupBox:
        """The facts with the numbers written in them masked, and a Show button when there are any."""
        facts = QGroupBox(_("Facts"))
        layout = QVBoxLayout(facts)
        text = self.case.facts or _("(not yet written)")
        shown = _value(mask_text(text))
        shown.setObjectName("facts")
        layout.addWidget(shown)
        if mask_text(text) != text:
            button = QPushButton(_("Show full numbers"))  # Alt+X with the keyboard here (``_give_shared_keys``)
            button.setObjectName("reveal_facts")
            self._key_row_of(button, None)

            def show() -> None:
                revealed = reveal_fields(self.db, self.prompts, self, "case", self.case_id, {"facts": self.case.facts})
                if revealed is not None:
                    shown.setText(revealed.get("facts", self.case.facts))
                    button.hide()
                    self._give_shared_keys()  # Alt+X on no button while the keyboard is here
                    self._mark_read()  # its audit entry is no change elsewhere: the next look keeps it revealed

            button.clicked.connect(lambda _checked=False: show())
            layout.addWidget(button)
        return facts

    @staticmethod
    def _party_details(party, numbers: dict[str, str]) -> str:
        """Name in bold, then kind, code, legal representative, phone and address; the name, ID number and phone
        as ``numbers`` gives them (masked or revealed: a party found only by its number is named after it)."""
        details = [shown_label("party_kinds", party.kind), party.uscc or numbers["id_number"], party.legal_rep,
                   numbers["phone"], party.address]
        return f"<b>{escape(numbers['name'])}</b><br>" + escape(" · ".join(d for d in details if d))

    def _reveal_party(self, party, shown: QLabel, button: QPushButton) -> None:
        revealed = reveal_fields(self.db, self.prompts, self, "party", party.id,
                                 {"name": party.name, "id_number": party.id_number, "phone": party.phone})
        if revealed is not None:
            shown.setText(self._party_details(party, {"name": party.name, "id_number": party.id_number,
                                                      "phone": party.phone}))
            button.hide()
            self._give_shared_keys()  # Alt+X on no button while the keyboard is in this row
            self._mark_read()  # its audit entry is no change elsewhere: the next look keeps it revealed

    def _parties_box(self) -> QGroupBox:
        box = QGroupBox(_("Parties"))
        layout = QVBoxLayout(box)
        from workstation.screening.rules import rules_held

        # the buttons of the party the keyboard was last in (the first's until then) answer to Alt+X and Alt+Q: a
        # case tab has no letter for each party's (``_give_shared_keys``)
        for party in parties_of_case(self.db, self.case_id):
            with rules_held():  # the numbers masked with the rules file looked at once per party, not per number
                masked = {f: mask_field(f, getattr(party, f)) for f in ("id_number", "phone")} | {
                    "name": mask_text(party.name)}
            row = QHBoxLayout()
            shown = _value(self._party_details(party, masked), rich=True)
            shown.setObjectName(f"party_{party.id}")
            row.addWidget(shown, 1)
            reveal = None
            if any(masked[f] != getattr(party, f) for f in masked):
                reveal = QPushButton(_("Show full numbers"))
                reveal.setObjectName(f"reveal_party_{party.id}")
                reveal.setToolTip(_("Show this party's ID number and phone unmasked; this is recorded in the audit "
                                    "log."))
                reveal.clicked.connect(lambda _checked=False, p=party, s=shown, b=reveal: self._reveal_party(p, s, b))
                row.addWidget(reveal)
            edit = QPushButton(_("Edit party…"))
            edit.setObjectName(f"edit_party_{party.id}")
            edit.clicked.connect(lambda _checked=False, p=party: self._edit_party(p))
            row.addWidget(edit)
            self._key_row_of(reveal, edit)
            layout.addLayout(row)
        return box

    def _edit_party(self, party) -> None:
        """Edit ``party`` (the dialog reads it as stored now); a save refused because it was saved elsewhere since
        the dialog opened rebuilds the workspace too, showing the party as saved there, and offers to open it again
        as stored now with what the officer typed put back (``PartyDialog.put_typed``). Saved, the workspace is
        rebuilt and the window told once (``party_saved``, not ``case_changed`` as well): every open case naming the
        party (this one's editors, another case's tab and editors), the case list and the board follow, this tab,
        rebuilt already, not rebuilt again."""
        dialog = PartyDialog(self.db, self.prompts, party, parent=self)
        while True:
            if exec_once(dialog) == QDialog.DialogCode.Accepted:
                self.reload()
                self.party_saved.emit(party.id)
                return
            if not dialog.changed_elsewhere:
                return
            self._catch_up()  # the party as saved elsewhere: this tab and its title follow
            # nothing typed lost: offered again as stored now, with what was typed put back, as a case's editor is
            typed = dialog.typed_changes()
            if not typed or not self.prompts.confirm(self, _(
                    "Party “{name}” was changed elsewhere while you edited it, so what you typed was not saved: "
                    "{typed}. Open it again as it is stored now, with what you typed put back?").format(
                    name=mask_text(dialog.party.name), typed=list_join(typed.values()))):
                return
            reopened = PartyDialog(self.db, self.prompts, party, parent=self)
            reopened.put_typed(dialog, typed)
            dialog = reopened

    def _officers_box(self) -> QGroupBox:
        box = QGroupBox(_("Officers"))
        layout = QVBoxLayout(box)
        from workstation.store.cases import outside_agency_refusal

        for officer_id in self.case.officer_ids:
            officer = get_officer(self.db, officer_id)
            cert = officer.cert_no or _("no enforcement certificate")
            text = _("{name} (enforcement certificate {cert})").format(name=officer.name, cert=cert)
            # one who left or moved to another bureau no longer counts as the case's officer: said by the name
            if not officer.active:
                text = _("{officer} — left (deactivated)").format(officer=text)
            elif outside_agency_refusal(self.db, self.case.agency_id, officer) is not None:
                agency = get_agency(self.db, officer.agency_id)
                text = _("{officer} — now of {agency}").format(officer=text, agency=agency.short_name or agency.name)
            layout.addWidget(_value(text))
        if not self.case.officer_ids:
            layout.addWidget(_value(_("No officers assigned yet.")))
        return box

    def _add_lead_box(self) -> None:
        """The lead the case was filed from, with its complaints (linked to the case only through it)."""
        lead = self.lead
        self.lead_box = None
        if lead is not None:
            from ui.case_lead import CaseLeadBox

            self.lead_box = CaseLeadBox(self.db, lead, self.lead_opened.emit)
            self.layout_.addWidget(self.lead_box)

    def stop_reading(self) -> None:
        """Cancel what the workspace reads in the background (its documents section's refusals), its result dropped:
        before the section is rebuilt, and when the case's tab is closed."""
        documents = getattr(self, "documents", None)  # none before the first build, nor without a data directory
        if documents is not None and isValid(documents):
            documents.stop_reading()

    def _timeline_box(self) -> QGroupBox:
        """The case's timeline in date order: the newest ``TIMELINE_SHOWN`` entries, each note masked, below a first
        row 全部显示 that lists the earlier ones too when activated (Enter or a double click: the case page has no Alt
        key left for a button); masking the 1,500 notes of a big case at each rebuild held the window up. Once shown
        whole (``timeline_whole``) it is listed whole at each rebuild."""
        box = QGroupBox(_("Timeline"))
        layout = QVBoxLayout(box)
        self.timeline = QListWidget()
        self._timeline_entries = entries = case_timeline(self.db, self.case)
        earlier = 0 if self.timeline_whole else max(len(entries) - TIMELINE_SHOWN, 0)
        self.timeline_all: QListWidgetItem | None = None
        if earlier:
            self.timeline_all = QListWidgetItem(ngettext(
                "Show all ({n} earlier entry): press Enter or double-click",
                "Show all ({n} earlier entries): press Enter or double-click", earlier).format(n=earlier))
            font = self.timeline_all.font()
            font.setItalic(True)
            self.timeline_all.setFont(font)
            self.timeline.addItem(self.timeline_all)
        self.timeline.addItems(self._timeline_lines(entries[earlier:]))
        self.timeline.itemActivated.connect(self._timeline_activated)
        self.timeline.setMinimumHeight(140)
        layout.addWidget(self.timeline)
        return box

    def _timeline_activated(self, item: QListWidgetItem) -> None:
        if item is self.timeline_all:
            self.show_whole_timeline()

    @staticmethod
    def _timeline_lines(entries) -> list[str]:
        from workstation.screening.rules import rules_held

        lines = []
        with rules_held():  # each note masked with the rules file looked at once, not once for each of 3,000 lines
            for entry in entries:
                note = mask_text(entry.note) if entry.kind != "edited" else \
                    list_join(field_label(f) for f in entry.note.split(", "))
                text = f"{entry.on_date}  {entry.text}" + (f" — {note}" if note else "")
                lines.append(text + (f"   [{entry.actor}]" if entry.actor else ""))
        return lines

    def show_whole_timeline(self) -> None:
        """全部显示: list the timeline's earlier entries in place of its first row, the one selected kept in view."""
        if self.timeline_all is None:
            return
        self.timeline_whole = True
        self.timeline.takeItem(self.timeline.row(self.timeline_all))
        self.timeline_all = None
        shown = self.timeline.count()
        earlier = self._timeline_entries[:len(self._timeline_entries) - shown]
        for row, line in enumerate(self._timeline_lines(earlier)):
            self.timeline.insertItem(row, line)
        current = self.timeline.currentItem()
        if current is not None:
            self.timeline.scrollToItem(current)

    def _import_calendar(self) -> None:
        """导入节假日文件… under the deadlines' calendar note: in the main window, through its deadline board
        (``MainWindow.board``; the workspace is built before it is placed in the window, so the window is looked at
        when the button is pressed), whose import the interviews, the board and every open case follow; its
        questions, progress and result over the window, as this section may be built again meanwhile (a change
        found by the watch). A workspace on its own: its deadlines section imports the file itself."""
        from ui.main_window import MainWindow

        window = self.window()
        if isinstance(window, MainWindow):
            window.board.import_calendar(parent=window)
        else:
            self.clocks.import_here()

    def _section_changed(self) -> None:
        """A section (law, clocks, documents, evidence) changed the case: rebuild, and tell the window so the case
        list, dashboard and deadline board are refreshed too."""
        self.reload()
        self.case_changed.emit(self.case_id)

    def print_case_file(self) -> bool | str:
        """Ctrl+P on the case's tab: its documents section's 打印卷宗PDF… (the whole case file as one PDF, to save
        and print). False when the workspace has no documents section (no data folder), nothing asked; the
        button's reason (its tooltip) when it is greyed out, nothing asked either."""
        documents = getattr(self, "documents", None)
        if documents is None or not isValid(documents):
            return False
        button = documents.findChild(QPushButton, "casefile")
        if button is not None and not button.isEnabled():
            return button.toolTip()
        documents.save_case_file()
        return True

    def write_transfer(self) -> None:
        """Open the 涉嫌犯罪案件移送书 from the documents section, as its Write… button does (a kept draft is offered
        to continue)."""
        self.documents.write_form("police_transfer")

    def _undo_step(self) -> None:
        """撤销上一步: the reason asked, the step and its date named in the confirmation, then the case, its timeline and
        clocks shown as they are again (and the case list and board told)."""
        from workstation.step_undo import last_step, last_step_named, number_kept_void, number_kept_void_note

        case = get_case(self.db, self.case_id)
        refusal = procedure.undo_refusal(self.db, case)
        asked = last_step(self.db, self.case_id)  # the step named: only it is undone (another recorded since: refused)
        named = last_step_named(self.db, case, event=asked)
        if refusal or named is None:
            self.prompts.error(self, refusal or _("No procedure step is recorded in this case: there is nothing to "
                                                  "undo."))
            self.reload()  # refused on the case as stored: shown so, whatever changed elsewhere
            return
        step, day, back = named
        voided = number_kept_void(self.db, case)  # the filing undone: its number kept void, said before
        reason = self.prompts.ask_text(self, _("Undo last step"), _("Why is “{step}” (recorded with the date {date}) "
                                                                    "undone?").format(step=step, date=day))
        if reason is None:
            return
        question = _("Undo “{step}”, recorded with the date {date}? The case goes back to “{status}” and the step "
                     "can then be recorded again with the right date.").format(step=step, date=day, status=back)
        if voided:
            question = f"{question}\n{number_kept_void_note(voided)}"
        if not self.prompts.confirm(self, question, destructive=True):
            return
        try:
            procedure.undo_last_step(self.db, self.case_id, reason, expected_event_id=asked.id)
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            self.reload()  # refused on the case as stored (changed elsewhere meanwhile?): shown so
            return
        self.reload()
        self.case_changed.emit(self.case_id)

    def _redo_notice_warning(self):
        """The warning of deciding anew (作出行政处罚决定) with no 行政处罚告知书 served since the order to decide anew
        (``procedure.redo_notice_warning``), on the day picked. Not at 重新作出处理决定: the new notice comes after it."""
        def warning(on_date: str, party_id: str | None = None) -> tuple[str, str] | None:
            return procedure.redo_notice_warning(self.db, get_case(self.db, self.case_id), party_id, on_date)

        return warning

    def _apply(self, transition) -> None:
        def check(on_date: str, party_id: str | None = None) -> str | None:
            case = get_case(self.db, self.case_id)
            if transition.name == "redecide" and parties:  # for the party the order concerned (as ``--party``)
                refused = procedure.party_refusal(self.db, case, transition.name, party_id)
                if refused:
                    return refused
            return procedure.date_refusal(self.db, case, transition.name, on_date, party_id)

        from ui.transition_dialog import (
            archive_advice,
            archive_warning,
            closing_warning,
            conclusion_advice,
            conclusion_warning,
            decision_advice,
            filing_advice,
            filing_proposal,
            hearing_given_up_advice,
            joined_warnings,
            late_enforcement_warning,
            limitation_warning,
            no_decision_warning,
            no_notice_warning,
            on_the_spot_advice,
            party_choices,
            payment_check,
            referral_advice,
            return_advice,
            service_advice,
            termination_advice,
            transfer_advice,
            with_count_warning,
        )

        case = get_case(self.db, self.case_id)
        parties = party_choices(self.db, case, transition.name)
        warning = limitation_warning(case, transition.name, self.db)  # discovered when the lead was received
        extra: dict = {"parties": parties} if parties else {}
        if transition.name == "transfer_to_police":  # made with the 涉嫌犯罪案件移送书: named, or offered to write
            warning, extra["advice"] = transfer_advice(self.db, case, self.write_transfer
                                                       if self.data_dir is not None else None)
        if transition.name == "file":  # the day the filing was proposed for approval (立案呈批日期), optional
            extra["proposal"] = filing_proposal(case, self.db)
            extra["advice"] = filing_advice(self.db, case)  # the days its issued 立案审批表 bears
        if transition.name == "decline_filing":  # sent away by its 案件移送函: the referral, on the letter's day
            extra["advice"] = referral_advice(self.db, case)
        if transition.name == "decide_on_the_spot":  # the day its 当场行政处罚决定书 bears
            extra["advice"] = on_the_spot_advice(self.db, case)
        if transition.name == "decide_penalty":  # the day its issued 行政处罚决定书 bears
            extra["advice"] = decision_advice(self.db, case)
        # a service (送达告知书, 送达决定书) starts at the 送达日期 of the 送达回证 issued for that document and the party
        # chosen in the dialog
        if transition.name in procedure.SERVICE_STEPS:
            extra["advice"] = service_advice(self.db, case, transition.name)
        if transition.name == "conclude_hearing":  # whom it records as heard; an absent party is recorded first
            extra["advice"] = conclusion_advice(self.db, case)
        if transition.name in procedure.HEARING_GIVEN_UP:  # no hearing held: the reason says how
            extra["advice"] = hearing_given_up_advice(transition.name, several=len(parties) > 1)
        if transition.name in ("decide_penalty", "serve_decision"):  # no 决定书 issued: warned, not refused
            warning = no_decision_warning(self.db, case, transition.name)
        # no 结案审批表 issued, a penalty not yet published, case articles not handed over: warned, not refused
        if transition.name == "close":  # and, on the date picked, a 结案审批表 without 报请日期 issued after it
            warning = closing_warning(self.db, case)
        if transition.name == "archive":  # no 卷宗封面, 卷内文件目录 or 卷内备考表 issued: warned, not refused
            # and the day its 卷宗封面 gives, or that it gives none (not a warning)
            warning, extra["advice"] = archive_warning(self.db, case), archive_advice(self.db, case)
        if transition.name == "send_pre_notice":  # no 行政处罚告知书 in force (written on paper): warned, not refused
            warning = joined_warnings(no_notice_warning(self.db, case), warning)
        if transition.name == "apply_enforcement":  # after T16 ran out: the court may refuse it, warned
            warning = late_enforcement_warning(self.db, case)
        # no record, evidence or report, a 涉嫌犯罪案件移送书 not sent, no 不予行政处罚决定书 issued: warned
        if transition.name in ("conclude_investigation", "submit_review", "terminate", "decide_no_penalty"):
            warning = conclusion_warning(self.db, case, transition.name)
        if transition.name == "terminate":  # sent away by its 案件移送函: the letter named, the transfer the reason
            extra["advice"] = termination_advice(self.db, case)
        if transition.name == "return_for_investigation":  # the failed review it answers, its problems the reason
            extra["advice"] = return_advice(self.db, case)
        if transition.name == "record_performance":  # the amount paid and its voucher, checked against what is owed
            extra["payment"] = payment_check(self.db, case)
        if transition.name == "decide_penalty":
            # decided anew with no 行政处罚告知书 served since the order (Penalty Law art. 62): warned, not refused
            warning = joined_warnings(warning, self._redo_notice_warning())
        # a period of working days counted through a year without holiday data (日历待核实): said with the rest
        warning = with_count_warning(self.db, case, transition.name, warning)
        answer = self.ask_transition(self, transition, check, warning, **extra)
        if answer is None:
            return
        # the party who acts, in a case with several parties (None: all served), then the filing's proposal date,
        # then the payment typed and whether one short of what is owed is recorded as performed all the same
        on_date, reason, *more = answer
        party, proposed_on, payment, in_full = (*more, None, None, None, False)[:4]
        try:
            procedure.apply(self.db, self.case_id, transition.name, on_date=on_date, reason=reason,
                            party_id=party, proposed_on=proposed_on, payment=payment, in_full=bool(in_full))
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            self.reload()  # refused on the case as stored (changed elsewhere meanwhile?): shown so
            return
        self.reload()
        self.case_changed.emit(self.case_id)
        self._offer_decision_document(transition.name)

    def _offer_decision_document(self, action: str) -> None:
        """After 作出行政处罚决定 or 作出不予行政处罚决定 recorded here with no 行政处罚决定书 (不予行政处罚决定书) in force
        (``transition_dialog.decision_to_draft``): asked whether to draft it now — 起草行政处罚决定书 (Enter) opens it
        from the documents section as its Write… does (a kept draft offered to continue, an editor writing it brought
        to the front), its date and amounts prefilled as the editor prefills them; 以后再说 (Esc) leaves the case as
        recorded, a decision written on paper being lawful (``CaseDocuments.write_form``). Nothing without a
        documents section, nor for a form the case refuses (``CaseDocuments.refusal_of``). In a case with several
        parties, each party left undecided is offered in turn once the one before was opened; 以后再说 ends the
        series."""
        from ui.transition_dialog import decision_to_draft

        offered: set[str] = set()
        while True:
            documents = getattr(self, "documents", None)  # the section as it is now (rebuilt meanwhile?)
            if documents is None or not isValid(documents):
                return
            offer = decision_to_draft(self.db, get_case(self.db, self.case_id), action, documents.forms,
                                      offered=offered)
            # a form the case refuses (greyed out in the list) is not offered: drafting it would only be refused
            if offer is None or documents.refusal_of(offer.form_id):
                return
            if self.prompts.choose(self, offer.question, [offer.draft, offer.later]) != 0:
                return
            documents.write_form(offer.form_id, offer.party_id)
            if offer.party_id is None:  # the case's one party
                return
            offered.add(offer.party_id)
