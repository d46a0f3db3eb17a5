"""The documents section of a case workspace: draft any document type as PDF or DOCX from the case, issue
it (it takes its 文号 and is frozen), and in the list of the case's issued documents (a table: a case may hold
hundreds) open the one selected, save its PDF exactly as issued, void it with its reason (its 文号 too), write its
correction (a new document superseding it) or, for a 行政处罚决定书 that is published, its publication copy (公示版)
— a record the other side signed (询问笔录, 现场笔录 …, ``signed_record`` in its form) is only voided, never
corrected."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.access_keys import CASE_PAGE_KEYS, with_fixed_letter
from ui.form_chooser import FormChooser
from ui.layouts import bring_to_front, chinese_width, open_editor_of, say_written, write_and_say
from ui.pages import read_only_table, size_columns_by_sample
from ui.record_model import Column, RecordTableModel
from workstation.documents.addressee import PARTY_KEY, addressed_to_party
from workstation.documents.casefile import offered_file_name
from workstation.documents.drafts import draft_document, render_document
from workstation.documents.issuing import (
    NumberMoved,
    corrected_refusal,
    document_name,
    document_pdf,
    documents_of_case,
    issue_document,
    void_consequences,
    void_document,
    void_refusal,
)
from workstation.documents.publication import (
    publication_copy,
    publication_file_name,
    publication_refusal,
    publication_target,
    write_publication_copy,
)
from workstation.documents.publication_review import review_to_offer
from workstation.errors import WorkstationError, join_sentences
from workstation.formkit.spec import load_forms
from workstation.formkit.values import document_date, document_reference
from workstation.i18n import N_, _, ngettext
from workstation.masking import mask_text
from workstation.money import chinese_date
from workstation.store import parties_of_case


def issue_question(form, number: str = "", chosen: bool = False) -> str:
    """The question asked before ``form`` is issued: a document of a numbered type takes the next 文号, or the one of
    the serial the officer chose (``chosen``), named when known (``number``); the others (笔录, 审批表, 送达回证, the
    archive forms) take none and are only frozen, and the question does not say otherwise."""
    if not form.type_code:
        return _("Issue {title}? It is kept as it stands (this document type has no 文号) and cannot be edited "
                 "afterwards.").format(title=form.title)
    if chosen:
        if number:
            return _("Issue {title}? It takes the 文号 of the serial chosen, {number}, and cannot be edited "
                     "afterwards.").format(title=form.title, number=number)
        return _("Issue {title}? It takes the 文号 of the serial chosen below and cannot be edited "
                 "afterwards.").format(title=form.title)
    if number:
        return _("Issue {title}? It takes the next 文号, {number}, and cannot be edited afterwards.").format(
            title=form.title, number=number)
    return _("Issue {title}? It takes the next 文号 and cannot be edited afterwards.").format(title=form.title)


def issue_summary(form, values: dict | None) -> str:
    """What the question before issuing shows of the document (its form's ``confirm`` fields, as checked): one line
    "label：value" each for those holding a value — the addressee, the penalty with its amounts in figures and in
    words (罚款：¥150,000.00（壹拾伍万元整）, the label without its unit) —, so that a document issued without opening
    its editor is not issued blind; "" for a form naming none."""
    from workstation.money import figures, uppercase

    lines = []
    for name in form.confirm if values is not None else ():
        field, value = form.field(name), values.get(name)
        if value in (None, "", 0, False):
            continue
        caption = field.label
        if field.type == "money":
            caption = caption.removesuffix("（元）").removesuffix("(元)").strip()
            value = f"{figures(int(value))}（{uppercase(int(value)).removeprefix('人民币')}）"
        elif field.type == "bool":
            value = _("yes")
        lines.append(f"{caption}：{value}")
    return "\n".join([_("Check what it says:"), *lines]) if lines else ""


def confirm_case_issue(prompts, parent, db, case, form, party: str | None = None,
                       values: dict | None = None, corrects=None,
                       moved=None, on: str | None = None) -> tuple[bool, int | None, str | None]:
    """Ask before ``case``'s ``form`` is issued, from its editor or from the case's documents list alike: a document
    taking a 文号 names the one it takes and may take a serial of the sequence chosen by hand instead
    (``prompts.confirm_issue``, refused at its field as `docs issue --serial`); ``party`` the addressee named when
    the case has several; ``values`` the checked values to be issued, whose ``confirm`` fields the question shows
    (``issue_summary``); ``corrects`` the issued document a correction replaces, named after the 文号 it takes;
    ``moved`` the ``issuing.NumberMoved`` of the confirmation before, whose 文号 another took meanwhile: said first,
    the question naming the 文号 taken now; ``on`` the day ``values`` were checked (their ``context["today"]``), which
    dates a document bearing the day it is issued. (confirmed, the serial chosen or None for the next number, the
    文号 confirmed — the next one, or that of the serial chosen — to be issued as ``issue_document(number_shown=…)``,
    else None)."""
    summary = issue_summary(form, values)
    if form.id == "penalty_decision" and values is not None:
        from workstation.penalty_terms import redo_decision_warning, unrecorded_proposal_warning

        # not refused: facts other than those of the notice served on the party, or a notice served on paper before
        # the workstation kept its penalty (Penalty Law arts. 44, 62); decided anew with no 告知书 served since the
        # order to decide anew (art. 62), as `docs issue` tells
        summary = "\n\n".join(part for part in (redo_decision_warning(db, case, values),
                                                 unrecorded_proposal_warning(db, case, values), summary) if part)
    if values is not None:  # not refused: what the officer is told before issuing (a transfer below the thresholds)
        from workstation.documents.stage_rules import CORRECTS, stage_warnings

        # a correction is not warned of as repeating the document it replaces (``stage_rules.CORRECTS``)
        told = {**values, CORRECTS: corrects.id} if corrects is not None else values
        summary = "\n\n".join([*stage_warnings(db, case, form.id, told), *([summary] if summary else [])])

    def question(number: str = "", chosen: bool = False) -> str:
        text = issue_question(form, number, chosen)
        if corrects is not None:
            text = _("{question} It replaces {document}, which stays in the case file marked corrected.").format(
                question=text, document=corrects.number or corrects.title)
        text = _("{question} It is addressed to {party}.").format(question=text, party=party) if party else text
        text = f"{text}\n\n{summary}" if summary else text
        return f"{moved.message}\n\n{text}" if moved is not None else text

    if not form.type_code:
        return prompts.confirm(parent, question()), None, None
    from workstation.documents.numbering import document_type_code, next_number, number_year
    from workstation.formkit.values import document_date

    # the 文号 of the year its 落款 bears (``numbering.number_year``; one dated the day it is issued, of ``on``)
    year = number_year(document_date(form, values, on or "")) if values is not None else None
    try:
        number = next_number(db, case.agency_id, document_type_code(db, case.agency_id, form), year)
    except WorkstationError:  # its number blocks used up: said by the refusal when issued
        number = ""
    check = serial_check(db, case.agency_id, form, year)
    confirmed, serial = prompts.confirm_issue(parent, question, number, check)
    if confirmed and serial is not None:  # the 文号 of the serial typed, as confirmed: issued as that or not at all
        return confirmed, serial, check(serial)[0]
    return confirmed, serial, number if confirmed and serial is None and number else None


def party_as_written_confirmed(prompts, parent, form, values: dict, context: dict) -> bool:
    """Whether ``form`` is issued naming the party as ``values`` (a draft's, as the editor shows them or as kept)
    have it: True at once when they hold what the party's record (in ``context``) holds now; else a 名称, 住所,
    法定代表人 or code written otherwise, or the party corrected since the draft was written, is named with the
    record's (``party_record_differences``), and the officer says (No: not issued). Asked alike from the editor and
    from the documents list issuing a kept draft; personal numbers are shown masked."""
    from workstation.formkit.values import party_record_differences, source_value

    differing = party_record_differences(form, values, context)
    if not differing:
        return True
    lines = "\n".join(_("{label}: “{written}” here, “{recorded}” in the party's record").format(
        label=field.label, written=mask_text(str(values.get(field.name) or "")),
        recorded=mask_text(str(source_value(field.source, context) or ""))) for field in differing)
    return prompts.confirm(parent, _(
        "The party is not named here as its record names it now (corrected since this was written?):\n{fields}\n"
        "Issue it naming the party as written here?").format(fields=lines))


def issue_asking_again(prompts, parent, confirm, issue):
    """Issue once the officer confirms, from the case's documents list or from the editor alike: ``confirm(moved)``
    asks (``confirm_case_issue``: confirmed, the serial chosen, the 文号 shown), ``issue(serial, shown)`` issues; when
    another took the 文号 shown meanwhile (``issuing.NumberMoved``) the officer is asked again, naming the one taken
    now. What ``issue`` returned, or None when the officer gave up or it was refused (said)."""
    moved = None
    while True:
        confirmed, serial, shown = confirm(moved)
        if not confirmed:
            return None
        try:
            return issue(serial, shown)
        except NumberMoved as exc:
            moved = exc
        except WorkstationError as exc:
            prompts.error(parent, exc.message)
            return None


def offer_clock_event(prompts, parent, db, case, form, document, issued: str) -> bool:
    """After ``document`` of ``case`` was issued (``issued`` says so): when its form records a clock event
    (``records_event``: the 催告书 starts T15 …) ask in one question whether to record it now; Yes opens the case's
    clock-event dialog with the event chosen and the document's date (``event_date``) filled in, for the officer to
    correct to the day of service or approval, the latest of its ``event_until`` dates as the event's end (a
    deferral's approved end), and in a case with several parties the party the document was written for as the
    event's, for a kind naming one (whose goods the 实施行政强制措施决定书 seizes or the 检测期间告知书 says are tested;
    ``clock_events.names_party``) — for the extension of a seizure, the party of the measure the 延长 decision names
    (``measures.extended_party``) and that measure (``clock_events.extended_seizure``: its T14 alone); No records
    nothing. An event counted from the document's service whose service is not recorded (a 催告书 not yet served,
    ``EventFill.unserved``) is not offered: the officer is told what to record first. Returns whether it asked or
    told (else nothing was said)."""
    from workstation.clock_event_fill import event_from_document

    fill = event_from_document(db, case, form, document)
    if fill is None:
        return False
    from ui.case_clocks import ClockEventDialog
    from workstation.formkit.spec import END_EVENT, event_name
    from workstation.store import get_case

    if fill.kind == END_EVENT:
        return _offer_end(prompts, parent, db, case, fill.clock, fill.on, issued, fill.party)
    name = event_name(fill.kind, fill.clock)
    if fill.unserved:  # a 催告书 not served yet: T15 counts from its service, never from today (as on the command line)
        prompts.info(parent, join_sentences([issued, fill.unserved, _(
            "Nothing is recorded now: once it is served, record “{event}” on the case's 期限 tab, dated the day it "
            "was served.").format(event=name)]))
        return True
    if not prompts.confirm(parent, _("{issued} Record the clock event “{event}” now?").format(issued=issued,
                                                                                          event=name)):
        return True
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts, parent, kind=fill.kind, clock=fill.clock or None,
                              on=fill.on, until=fill.until or None, days=fill.days, approved_by=fill.approved_by,
                              party=fill.party, measure=fill.measure)
    dialog.exec()  # saved or cancelled there: its checks apply as when recorded from the 期限 section
    return True


def _offer_end(prompts, parent, db, case, kind: str, on: str, issued: str, party: str | None = None) -> bool:
    """A release issued (``records_event = "end:preservation"``): when the case's event of ``kind`` still runs (in a
    case with several parties, the one of the ``party`` the release was written for, else the whole case's:
    ``clock_events.running_events``), ask whether to end it now, or which when several run; Yes opens the dialog
    ending it with the release's date filled in (its checks apply as in the 期限 section), No changes nothing. A
    partial release (``measures.partly_released``: the document it names, issued here, still holds goods) offers
    nothing: the officer is told what is still held, the event left running. Nor is a running event offered whose
    own document still holds goods (``measures.held_refusal``: another decision's seizure): when none is left, the
    officer is told why. Returns whether it asked or told (nothing runs: nothing asked)."""
    from dataclasses import replace

    from PySide6.QtWidgets import QDialog

    from ui.case_clocks import EndEventDialog
    from workstation.formkit.measures import held_refusal, partial_release_text
    from workstation.store import get_case
    from workstation.store.clock_events import end_clock_event, running_events

    running = running_events(db, case.id, kind, party)
    if not running:
        return False
    left = partial_release_text(db, case, kind, party, issued)  # as `docs issue` tells it
    if left is not None:
        prompts.info(parent, left)
        return True
    current = get_case(db, case.id)
    held = {event.id: held_refusal(db, current, event) for event in running}
    told = join_sentences([issued, *dict.fromkeys(filter(None, held.values()))])
    if not (running := [event for event in running if not held[event.id]]):  # each still holds goods of its own
        prompts.info(parent, told)
        return True
    # those still holding goods left out of the choice: the officer told why, before the question
    chosen = _event_to_end(prompts, parent, db, running, told)
    if chosen is None:
        return True
    dialog = EndEventDialog(db, get_case(db, case.id), replace(chosen, ends_on=on or None), parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        try:
            end_clock_event(db, chosen.id, dialog.value())
        except WorkstationError as exc:
            prompts.error(parent, exc.message)
    return True


def _event_to_end(prompts, parent, db, running: list, issued: str):
    """The one of the ``running`` events (of one kind) the officer ends on the release ``issued``: asked whether to
    end it when one runs, which when several do (the seizures of several parties' goods, the release naming none);
    None when answered No or cancelled."""
    from workstation.store.clock_events import describe
    from workstation.vocabulary import shown_label

    event = shown_label("clock_events", running[0].kind)
    if len(running) > 1:
        index = prompts.choose_item(parent, _("End the event"), _(
            "{issued} Which “{event}” does the release end?").format(issued=issued, event=event),
            [describe(each, db) for each in running])
        return None if index is None else running[index]
    if not prompts.confirm(parent, _("{issued} End the clock event “{event}” recorded from {date} now?").format(
            issued=issued, event=event, date=running[0].starts_on)):
        return None
    return running[0]


def chosen_target(prompts, parent, title: str, name: str, suffix: str) -> str | None:
    """The file chosen (offered as ``name``) to write a ``suffix`` file to: its extension added when none was typed,
    one naming another format refused, saying so (``output_names``: a 决定书.docx holding PDF bytes opens nowhere);
    None when none is. The documents list's and the editor's Save as alike."""
    from workstation.output_names import output_format, with_extension

    target = prompts.save_file(parent, title, name, f"{suffix.upper()} (*.{suffix})")
    if not target:
        return None
    target = with_extension(target, suffix)
    try:
        output_format(target, (suffix,))
    except WorkstationError as exc:
        prompts.error(parent, exc.message)
        return None
    return target


def _kept_at(draft, length: int) -> str:
    """When ``draft`` was last kept, to the minute (16) or the second (19): what tells two drafts apart."""
    return draft.saved_at[:length].replace("T", " ")


def issued_text(form, document) -> str:
    """What is said once ``document`` of ``form`` was issued."""
    if document.number:
        return _("{title} issued as {number}.").format(title=form.title, number=document.number)
    return _("{title} issued.").format(title=form.title)


def serial_check(db, agency_id: str, form, year: int | None = None):
    """``check(serial)``: the 文号 of ``serial`` for ``form`` issued under ``agency_id`` and why it cannot be taken
    (``issuing.number_refusal``: the refusals of `docs issue --serial`), None when it can; ``year`` the 文号's
    (``numbering.number_year`` of the document's date; None: this year)."""
    from workstation.documents.issuing import number_refusal
    from workstation.documents.numbering import document_type_code, format_number, numbering_agency
    from workstation.records import today

    def check(serial: int) -> tuple[str, str | None]:
        number = format_number(numbering_agency(db, agency_id)[1], document_type_code(db, agency_id, form),
                               year or int(today()[:4]), serial)
        return number, number_refusal(db, agency_id, form, serial, year)

    return check


#: the rows the list of issued documents shows before it scrolls in itself (the workspace is one scrolling page)
LISTED_ROWS = 12
TITLE_WIDTH = 28  # characters of the widest title column (a 决定书 and a long company name)


class DocumentsModel(RecordTableModel):
    """The case's issued documents, oldest first (``documents_of_case``' order: the lead's 案件来源登记表 the case
    was filed from among them): its 文号 (— without one), its title with the party it is addressed to in a case of
    several parties, the date it bears (its 落款, a record's own day: ``document_date``, as ``docs list`` and the
    卷内文件目录 date it), its pages, and a note
    saying it is void (with the reason) or which issued correction replaced it (as the timeline marks them). Only the
    rows in view are asked for their texts: a case of 300 documents builds no widget per document."""

    def __init__(self, documents, parties, parent=None):
        names = {party.id: party.name for party in parties}
        forms = load_forms()[0]

        def dated(document) -> str:
            return document_date(forms.get(document.form_id), document.values, document.issued_at[:10])

        named = {document.id: document_name(document) for document in documents}
        # a document an issued correction replaces is marked so, as on the timeline
        corrected_by = {d.supersedes_id: d.id for d in documents if d.supersedes_id and d.status == "issued"}

        def title(document) -> str:
            party = document.values.get(PARTY_KEY) if len(names) > 1 else None
            return f"{document.title}（{mask_text(names[party])}）" if party in names else document.title

        def note(document) -> str:
            if document.status == "void":
                # as the interviews register says, its numbers masked as every list shows them
                return _("void: {reason}").format(reason=mask_text(document.void_reason))
            if document.id in corrected_by:
                return _("corrected by {document}").format(document=named[corrected_by[document.id]])
            return ""

        super().__init__([
            Column(N_("Document number"), lambda d: document_reference(d.number, d.values) or "—"),
            Column(N_("Document"), title),
            Column(N_("Dated"), lambda d: chinese_date(dated(d)), dated),
            Column(N_("Pages"), lambda d: str(d.pages), lambda d: d.pages, True),
            Column(N_("Note"), note),
        ], parent)
        self.set_records(documents)

    def row_texts(self, row: int) -> list[str]:
        """The cells of ``row`` as the list shows them."""
        return [column.text(self.records[row]) for column in self._specs]


def void_asked(parent, prompts, db, document, stays: str):
    """作废… of the window: why ``document`` is voided asked (required: an empty reason is refused saying so), what
    follows said with ``stays`` (where it stays, marked void) and confirmed, then voided: the document as voided, or
    None when it was not (a refusal said, or the officer gave up)."""
    from ui.layouts import error_text

    refusal = void_refusal(db, document)
    if refusal:
        prompts.error(parent, refusal)
        return None
    name = document_name(document)
    reason = prompts.ask_text(parent, _("Void {document}").format(document=name),
                              _("Why is {document} void? (kept with it and its 文号)").format(document=name))
    if reason is None:
        return None
    if not reason.strip():
        prompts.error(parent, _("Say why {document} is void: the reason is kept with it.").format(document=name))
        return None
    question = join_sentences([_("Void {document}?").format(document=document_name(document)),
                               *void_consequences(db, document), stays])
    if not prompts.confirm(parent, question, destructive=True):
        return None
    try:
        return void_document(db, document.id, reason)
    except WorkstationError as exc:
        prompts.error(parent, error_text(exc))
        return None


def case_refusals(db, case, forms) -> dict[str, str]:
    """{form id: why drafting it for ``case`` is refused before any value is typed} (for its first party): by
    what the case gives a field (``case_refusal``), or by the case's stage, whatever the values
    (``stage_rules.state_refusal``: the 当场行政处罚决定书 of a filed case; ``procedure.decision_exclusion``: the
    不予行政处罚决定书 of a case decided with a penalty), so the officer does not fill in a
    document that issuing would refuse. ``forms``: the form specs ({id: spec})."""
    from workstation.documents.stage_rules import state_refusal
    from workstation.formkit.refusals import case_refusal
    from workstation.formkit.values import case_context
    from workstation.procedure import decision_exclusion

    try:
        context = case_context(db, case)
    except WorkstationError:  # the chooser offers every form; drafting says what is wrong
        return {}
    refusals = {form.id: case_refusal(form, context) or state_refusal(db, case, form.id)
                or decision_exclusion(db, case, form.id)  # the other decision made: the two exclude
                for form in forms.values() if form.kind != "interview"}
    return {form_id: reason for form_id, reason in refusals.items() if reason}


def case_refusals_task(database: Path, case, forms, *, progress, cancel) -> dict[str, str]:
    """``case_refusals`` with a connection of its own (nothing written), for the background: the whole case's
    context they are worked out from takes most of a second to read for a case of 800 evidence items."""
    from workstation.db import open_database
    from workstation.reports.drift import interruptible

    cancel.check()  # the case rebuilt or its tab closed meanwhile: no longer wanted
    # only read: no write lock taken to check it is free (``reader``), which failed while another program imports
    db = open_database(database, create=False, upgrade=False, reader=True)
    try:
        with interruptible(db, cancel):  # cancelled while reading (``CaseDocuments.stop_reading``): stops at once
            return case_refusals(db, case, forms)
    finally:
        db.conn.close()


class CaseDocuments(QGroupBox):
    """Drafting and issuing the case's documents, and the list of those issued with what can be done to the one
    selected; ``on_issued`` is called after a document was issued or voided."""

    def __init__(self, db, data_dir: Path, case, prompts, on_issued=None, open_editor=None,
                 parent: QWidget | None = None, runner=None):
        super().__init__(_("Documents"), parent)
        from ui.task_runner import ImmediateRunner

        self.db, self.data_dir, self.case, self.prompts = db, Path(data_dir), case, prompts
        # the window's task runner: the case file is printed in the background with progress and Cancel
        self.runner = runner or ImmediateRunner(self)
        self.on_issued = on_issued
        self.open_editor = open_editor
        self.forms, _broken = load_forms()
        # read once: the list, and the form the case needs next; the lead's 案件来源登记表 is the case's own
        self.listed = documents_of_case(db, case.id)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        # in procedural order under stage headings, typing part of a title narrows it (ui/form_chooser.py); the
        # 约谈 documents are issued from the interview register instead, and the 举报处理结果告知书 from the lead
        # a form the case refuses before any value is typed is greyed out with the reason (the 封条 under 扣押):
        # worked out in the background with a window's runner (the whole case read), the list offering every form
        # meanwhile; writing, printing or issuing a form before then waits for them (``refusal_of``). The form the
        # case needs next is chosen at once, and gives way only if the case turns out to refuse it
        self.form_choice = FormChooser(f for f in self.forms.values()
                                       if f.kind != "interview" and f.id != "report_result_notice")
        self.form_choice.setObjectName("form_choice")
        self.refused: dict[str, str] | None = None  # None while being worked out
        self.reading_refusals = None  # the background reading them (``NewestWork``), None without one
        self._choosing = False  # the section choosing the form itself, not the officer
        self.officer_chose = False
        self.form_choice.currentIndexChanged.connect(self._officer_chose)
        self._start_at_next_form()
        self._read_refusals()
        chooser_label = QLabel(with_fixed_letter(_("Document"), "M"))  # 文书(&M): Alt+M, the chooser
        chooser_label.setBuddy(self.form_choice)
        row.addWidget(chooser_label)
        row.addWidget(self.form_choice, 1)
        narrow = chinese_width(self.form_choice, 12)  # the lists show their texts whole
        # a case with several parties: each receives its own notice, decision, 送达回证 … (the first by default)
        self.parties = parties_of_case(db, case.id)
        self.party_label = QLabel(_("Party"))
        self.party_choice = QComboBox()
        self.party_choice.setObjectName("party_choice")
        for choice in (self.form_choice, self.party_choice):  # shrinking on a small screen, not widening the case
            choice.setMinimumWidth(narrow)
        for party in self.parties:
            self.party_choice.addItem(mask_text(party.name), party.id)
        for widget in (self.party_label, self.party_choice):
            row.addWidget(widget)
        self.form_choice.currentIndexChanged.connect(self._party_choice_enabled)
        self._party_choice_enabled()
        layout.addLayout(row)
        # shown once in the box: one shown before it has a parent is a window of its own for a moment, which takes
        # the keyboard from the main window (nothing has it once the workspace of a case with several parties is
        # built again, and its Alt keys do nothing)
        for widget in (self.party_label, self.party_choice):
            widget.setVisible(len(self.parties) > 1)
        # Alt+1 … Alt+5, left to right: the letters of a case tab are taken by the window's menus and tabs, the
        # procedure actions (``ui.access_keys.ACTION_LETTERS``) and the evidence register; a row of their own under
        # the chooser, so that their digits do not widen the case past a 1024-pixel screen
        row = QHBoxLayout()
        for key, (text, name, slot) in enumerate(((_("Write…"), "write", self.write),
                                                  (_("Draft PDF…"), "draft_pdf", lambda: self.save_draft("pdf")),
                                                  (_("Draft DOCX…"), "draft_docx", lambda: self.save_draft("docx")),
                                                  (_("Issue…"), "issue", self.issue),
                                                  (_("Case file PDF…"), "casefile", self.save_case_file)), 1):
            button = QPushButton(with_fixed_letter(text, str(key)))
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        # the issued documents: a table whose rows are painted as they come into view, and one row of buttons
        # acting on the document selected (Enter or a double-click opens it); none shown while none was issued
        self.model = DocumentsModel(self.listed, self.parties, self)
        self.view = read_only_table(self.model)
        self.view.setObjectName("documents_table")
        self.view.activated.connect(lambda _index: self._on_selected(self.open_issued))  # Enter, a double-click
        size_columns_by_sample(self.view)
        self.view.resizeColumnsToContents()
        # a long party name is cut short (its whole title in the row's tooltip) rather than pushing the note aside
        self.view.setColumnWidth(1, min(self.view.columnWidth(1), chinese_width(self.view, TITLE_WIDTH)))
        self._fit_rows()
        actions = QHBoxLayout()
        self.document_buttons: dict[str, QPushButton] = {}
        self.document_actions: dict[str, QAction] = {}
        for text, name, slot in ((_("Open"), "open_document", self.open_issued),
                                 (_("Save PDF…"), "save_document", self.save_issued),
                                 (_("Correct…"), "correct_document", self.correct),
                                 (_("Void…"), "void_document", self.void),
                                 (_("Publication copy…"), "publication_copy", self.save_publication_copy)):
            # Alt+- Alt+= Alt+[ Alt+] Alt+\: the case tab's letters and digits are taken (``CASE_PAGE_KEYS``)
            button = QPushButton(with_fixed_letter(text, CASE_PAGE_KEYS[name]))
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, slot=slot: self._on_selected(slot))
            actions.addWidget(button)
            self.document_buttons[name] = button
            action = QAction(text, self.view)  # the same on the row's context menu (right-click, the Menu key)
            action.setObjectName(name)
            action.triggered.connect(lambda _checked=False, slot=slot: self._on_selected(slot))
            self.view.addAction(action)
            self.document_actions[name] = action
        actions.addStretch(1)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._document_actions_offered())
        layout.addWidget(self.view)
        layout.addLayout(actions)
        for widget in (self.view, *self.document_buttons.values()):
            widget.setVisible(bool(self.listed))
        self._document_actions_offered()

    def _form(self):
        return self.forms[self.form_choice.currentData()]

    def _read_refusals(self) -> None:
        """Work out the forms the case refuses (``case_refusals``): in the background on a window's runner (the
        list shows them greyed out once known), at once without one (the tests' ``ImmediateRunner``)."""
        from ui.task_runner import ImmediateRunner, NewestWork, only_reading

        if isinstance(self.runner, ImmediateRunner):
            self._show_refusals(self._refusals())
            return
        from workstation.paths import database_path

        self.reading_refusals = NewestWork(self, self.runner)
        self.reading_refusals.start(_("Reading the case"), only_reading(partial(
            case_refusals_task, database_path(self.data_dir), self.case, self.forms)),
            self._show_refusals, self._refusals_not_read)

    def stop_reading(self) -> None:
        """Cancel the background reading of the refusals, its result dropped: the section is about to be deleted (the
        workspace rebuilt, its tab closed), so that its read no longer holds up the window's other reads."""
        if self.reading_refusals is not None:
            self.reading_refusals.stop()

    def _refusals_not_read(self, _exc: BaseException) -> None:
        """The background reading failed (or was cancelled): worked out here, on the window's connection."""
        if self.refused is None:
            self._show_refusals(self._refusals())

    def _show_refusals(self, refusals: dict[str, str]) -> None:
        """List the forms ``refusals`` names greyed out, the reason their tooltip (``FormChooser.refuse``); the
        form chosen stays unless refused, then gives way to the one the case needs next (a refused form is never
        chosen)."""
        if self.refused is not None:
            return
        self.stop_reading()
        self.refused = refusals
        self.form_choice.refuse(refusals)
        if not self.form_choice.offered(self.form_choice.currentIndex()):
            self._start_at_next_form()

    def _refusals(self) -> dict[str, str]:
        """{form id: why drafting it for this case is refused before any value is typed} (``case_refusals``),
        worked out now on the window's connection."""
        return case_refusals(self.db, self.case, self.forms)

    def refusal_of(self, form_id: str) -> str | None:
        """Why the case refuses ``form_id`` before any value is typed, None when it does not: worked out now when
        the background has not yet said (the officer writing, printing or issuing it before then)."""
        if self.refused is None:
            self._show_refusals(self._refusals())
        return self.refused.get(form_id)

    def _refused_said(self, form) -> bool:
        """Whether ``form`` is refused for this case, said when it is (nothing written, printed or issued)."""
        reason = self.refusal_of(form.id)
        if reason:
            self.prompts.error(self, _("Not for this case: {reason}").format(reason=reason))
        return bool(reason)

    def _start_at_next_form(self) -> None:
        """Choose the document the case most likely needs next from its status and what it issued
        (resources/documents/next_forms.toml), never one refused; the officer's own choice (``choose``, or any
        form chosen in the list) is kept from then on: ``choice`` gives it, the table's default it does not."""
        from workstation.formkit.stages import starting_form

        self.officer_chose = False
        offered_rows = [row for row in range(self.form_choice.count()) if self.form_choice.offered(row)]
        try:
            issued = {d.form_id for d in self.listed if d.status == "issued"}
            offered = {self.form_choice.itemData(row) for row in offered_rows}
            start = starting_form(self.case.status, issued, offered)
        except WorkstationError as exc:  # a broken table: the list starts at its first form
            import logging

            logging.getLogger("workstation.ui").warning("%s", exc.message)
            start = None
        # as FormChooser starts: at its first form offered when the table names none (or one refused)
        if start is None and offered_rows and not self.form_choice.offered(self.form_choice.currentIndex()):
            start = self.form_choice.itemData(offered_rows[0])
        if start is not None:
            self._choosing = True
            try:
                self.form_choice.setCurrentIndex(self.form_choice.findData(start))
            finally:
                self._choosing = False

    def _officer_chose(self) -> None:
        if not self._choosing:
            self.officer_chose = True

    def choice(self) -> tuple[str | None, str | None, str | None]:
        """(form id, party id, issued document id) chosen now, for ``choose`` once the section is rebuilt; the form
        id None while the officer has chosen none (the section then starts at the one the case's status needs
        next), the document id None while no document of the list is selected."""
        form_id = self.form_choice.currentData() if self.officer_chose else None
        document = self.selected_document()
        return form_id, self.party_choice.currentData(), document.id if document is not None else None

    def choose(self, form_id: str | None, party_id: str | None = None, document_id: str | None = None) -> None:
        """Choose the document type ``form_id`` and the party ``party_id`` again, each only when it is still
        offered (else the one the case needs next stays chosen); a form chosen so is the officer's choice. The
        issued document ``document_id`` is selected in the list again (the row just voided stays in view)."""
        for combo, data in ((self.form_choice, form_id), (self.party_choice, party_id)):
            index = combo.findData(data) if data is not None else -1
            if index >= 0 and (combo is not self.form_choice or self.form_choice.offered(index)):
                combo.setCurrentIndex(index)
                if combo is self.form_choice:
                    self.officer_chose = True
        if document_id is not None:
            self.select_document(document_id)

    # the list of issued documents ------------------------------------------------------------------------------
    def _fit_rows(self) -> None:
        """As high as its rows, up to ``LISTED_ROWS`` of them (then it scrolls): a case of three documents shows
        three rows, not an empty box, and one of 300 does not make the workspace a page of 300 rows."""
        rows = max(1, min(self.model.rowCount(), LISTED_ROWS))
        row_height = self.view.verticalHeader().defaultSectionSize()
        height = self.view.horizontalHeader().sizeHint().height() + rows * row_height + 2 * self.view.frameWidth()
        self.view.setFixedHeight(height)

    def selected_document(self):
        """The issued document selected in the list, None when none is."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.records[rows[0].row()] if rows else None

    def select_document(self, document_id: str) -> bool:
        """Select the issued document ``document_id`` in the list and bring it into view; False when it is not
        listed."""
        row = next((n for n, document in enumerate(self.model.records) if document.id == document_id), None)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _current_changed(self, current, _previous) -> None:
        """The row the keyboard reached is the one acted on: Tab into the list makes its first row current without
        selecting it (Qt), which would leave the buttons greyed out beside a row that looks chosen."""
        if current.isValid() and not self.view.selectionModel().isRowSelected(current.row()):
            self.view.selectRow(current.row())

    def _on_selected(self, act) -> None:
        """``act(document)`` on the document selected; none selected: said, nothing done."""
        document = self.selected_document()
        if document is None:
            self.prompts.info(self, _("Select a document in the list first."))
            return
        act(document)

    def _document_actions_offered(self) -> None:
        """The buttons (and the row's context menu) as they apply to the document selected: each greyed out saying
        why when it does not (作废… of a void one, 更正… of a void one, of one an issued correction replaced, of a
        record the other side signed); all greyed out while none is selected."""
        document = self.selected_document()
        if document is None:
            why = _("Select a document in the list first.")
            offered = {name: (False, why) for name in self.document_buttons}
        else:
            name = document_name(document)
            correct_refusal = self._correction_refusal(document)
            void_refusal_ = void_refusal(self.db, document)
            publication_refusal_ = publication_refusal(self.db, document)
            offered = {
                "open_document": (True, _("Open {document} (Enter)").format(document=name)),
                "save_document": (True, _("Save the PDF of {document} exactly as issued.").format(document=name)),
                "correct_document": (correct_refusal is None, correct_refusal or _(
                    "Write a correction of {document}: a new document starting from its values, which replaces it "
                    "once issued.").format(document=name)),
                "void_document": (void_refusal_ is None, void_refusal_ or _(
                    "Withdraw {document}, saying why; its 文号 is never given again.").format(document=name)),
                "publication_copy": (publication_refusal_ is None, publication_refusal_ or _(
                    "Write the publication copy (公示版) of {document} for 国家企业信用信息公示系统: its information "
                    "summary, then its text with personal information masked, reviewed first (a name written only in "
                    "the decision masked too), as DOCX or as text to paste.").format(
                    document=name)),
            }
        for name, (enabled, tip) in offered.items():
            for widget in (self.document_buttons[name], self.document_actions[name]):
                widget.setEnabled(enabled)
                widget.setToolTip(tip)

    def _party_choice_enabled(self) -> None:
        """The party is chosen for a document written for one party; a document of the whole case has none."""
        form = self.forms.get(self.form_choice.currentData())
        enabled = form is not None and addressed_to_party(form)
        self.party_choice.setEnabled(enabled)
        self.party_choice.setToolTip("" if enabled else _("This document is written for the whole case."))

    def _party(self, form) -> str | None:
        """The id of the party chosen for ``form``: None in a case with one party, or for a whole-case form."""
        if len(self.parties) < 2 or not addressed_to_party(form):
            return None
        return self.party_choice.currentData()

    def write(self):
        """Open the chosen document in the editor, continuing a kept draft if the officer wants (several kept: the
        one chosen). An editor already writing it is brought to the front instead, not a second one opened."""
        form = self._form()
        party = self._party(form)
        editor = self._editor_writing(form, party)
        if editor is not None:
            return bring_to_front(editor)
        if self._refused_said(form):
            return None
        chosen, draft = self._kept_draft(form, party, _(
            "A draft of {title} was kept on {time}. Continue it? (No starts a new one from the case.)"),
            _("A new one from the case"))
        if not chosen:
            return None
        return self._editor(form, draft=draft, party_id=party)

    def write_form(self, form_id: str, party_id: str | None = None):
        """Choose the document type ``form_id`` (and the party ``party_id``, when given) and write it as Write…
        does (``write``): for a step's offer to draft its document. A form the case refuses is said so (“Not for
        this case”) and nothing is written — not the form the list chose in its place; one not loaded (its file
        missing or broken) is said so too."""
        form = self.forms.get(form_id)
        if form is None:
            self.prompts.error(self, _("The form file {id} is missing or broken: fix it on the Documents page "
                                       "first.").format(id=form_id))
            return None
        if self._refused_said(form):
            return None
        self.choose(form_id, party_id)
        return self.write()

    def _editor_writing(self, form, party: str | None):
        """The editor open in this window writing a new ``form`` of the case for ``party`` (not a correction), None
        when there is none (``layouts.open_editor_of``)."""
        return open_editor_of(self, lambda editor: editor.case is not None and editor.case.id == self.case.id
                              and editor.form.id == form.id and editor.corrects is None
                              and editor.case_party == party)

    def _being_written(self, form, party: str | None) -> bool:
        """Whether ``form`` (for ``party``) is being written in an open editor: then issued or printed from there,
        with what was typed in it — the editor brought to the front and the officer told so."""
        editor = self._editor_writing(form, party)
        if editor is None:
            return False
        bring_to_front(editor)
        self.prompts.info(editor, _("{document} is being written in its own window, brought to the front: issue it or "
                                    "save it as PDF or DOCX there, with what was typed in it.").format(
            document=editor.document_name()))
        return True

    def _kept_draft(self, form, party: str | None, question: str, fresh: str):
        """The draft kept of ``form`` (for ``party``) the officer goes on from: one kept is asked about
        (``question``, with {title} and {time}: No goes on without it), several are listed newest first, ``fresh``
        (going on without any) last. (False, None) when the officer cancelled the list, else (True, the draft or
        None)."""
        from workstation.store.drafts import saved_drafts

        kept = saved_drafts(self.db, form.id, case_id=self.case.id, party_id=party,
                            first_party=party == self.parties[0].id if party else False)
        if not kept:
            return True, None
        title = form.title if party is None else f"{form.title}（{self.party_choice.currentText()}）"
        if len(kept) == 1:
            asked = question.format(title=title, time=_kept_at(kept[0], 16))
            return True, kept[0] if self.prompts.confirm(self, asked) else None
        chosen = self.prompts.choose_item(self, _("Drafts kept"), ngettext(
            "{count} draft of {title} is kept. Which one?", "{count} drafts of {title} are kept. Which one?",
            len(kept)).format(count=len(kept), title=title),
            [_("The draft kept on {time}").format(time=_kept_at(draft, 19)) for draft in kept] + [fresh])
        if chosen is None:
            return False, None
        return True, kept[chosen] if chosen < len(kept) else None

    def _kept_values(self, form, party: str | None, draft) -> dict:
        """The values ``draft`` holds as its editor continues them (``resumed_values``: a default an earlier version of
        the form gave, or the party's or the case's details changed since and never typed, as now; one of several
        parties' notice or decision, the fields still holding the case's law holding that of its own amounts,
        ``form_editor.own_law``), with its party."""
        from ui.form_editor import kept_draft_values

        values = kept_draft_values(self.db, self.case, form, party, draft)[2]
        kept = {field.name: values.get(field.name) for field in form.fields}
        if PARTY_KEY in draft.values or party is not None:
            kept[PARTY_KEY] = party or draft.values[PARTY_KEY]
        return kept

    def open_issued(self, document) -> None:
        self._editor(self.forms.get(document.form_id) or self._form(), document=document)

    def _editor(self, form, draft=None, document=None, party_id=None):
        if self.open_editor is not None:
            if party_id is None:
                return self.open_editor(self.case, form, draft=draft, document=document)
            return self.open_editor(self.case, form, draft=draft, document=document, party_id=party_id)
        from ui.form_editor import FormEditor

        editor = FormEditor(self.db, self.data_dir, self.case, form, self.prompts, draft=draft, document=document,
                            party_id=party_id, parent=self.window())
        editor.setWindowFlag(editor.windowFlags().Window)
        on_issued = self.on_issued  # the workspace may have rebuilt this section by the time the editor issues
        if on_issued:  # the timeline and the list show what the editor issued at once
            editor.issued.connect(lambda _document: on_issued())
        editor.show()
        return editor

    def _correction_refusal(self, document) -> str | None:
        """Why ``document`` is not corrected from here, None when it can be: a void one is replaced by a new one
        (Write…), a record the other side signed never is (``signed_record_refusal``: a further record is written),
        one an issued correction replaces already is corrected through that correction, and a document
        type whose form file is missing or broken cannot be written."""
        if document.status == "void":
            return _("{document} is void: write a new document instead of correcting it.").format(
                document=document_name(document))
        refusal = corrected_refusal(self.db, document)
        if refusal:
            return refusal
        if document.form_id not in self.forms:
            return _("The form file of {title} ({id}) is missing or broken: fix it on the Documents page first.").format(
                title=document.title, id=document.form_id)
        return None

    def correct(self, document) -> None:
        """Open the editor on a copy of ``document``'s values; issued, it supersedes ``document``."""
        refusal = self._correction_refusal(document)
        if refusal:
            self.prompts.error(self, refusal)
            return
        form = self.forms[document.form_id]
        if self.open_editor is not None:
            return self.open_editor(self.case, form, corrects=document)
        from ui.form_editor import FormEditor

        editor = FormEditor(self.db, self.data_dir, self.case, form, self.prompts, corrects=document,
                            parent=self.window())
        editor.setWindowFlag(editor.windowFlags().Window)
        on_issued = self.on_issued
        if on_issued:
            editor.issued.connect(lambda _document: on_issued())
        editor.show()
        return editor

    def void(self, document) -> None:
        """Void ``document``: its reason asked (required), what follows said and confirmed, then the section, the
        timeline and the case's actions refreshed. A refusal changes nothing."""
        if void_asked(self, self.prompts, self.db, document,
                      _("It stays in the case file marked void; this cannot be undone.")) is None:
            return
        if self.on_issued:  # the list, the timeline and the actions offered follow
            self.on_issued()

    def _target(self, title: str, name: str, suffix: str) -> str | None:
        return chosen_target(self.prompts, self, title, name, suffix)

    def save_draft(self, fmt: str) -> None:
        """The draft PDF or DOCX of the chosen document: from the draft kept of it when the officer says so (else
        from the case's values alone); one being written in an open editor is printed from there."""
        form = self._form()
        party = self._party(form)
        if self._being_written(form, party):
            return
        if self._refused_said(form):
            return
        chosen, draft = self._kept_draft(form, party, _(
            "A draft of {title} was kept on {time}. Print what it holds? (No prints it from the case's values "
            "alone.)"), _("None: print it from the case's values alone"))
        if not chosen:
            return
        try:
            overrides = self._kept_values(form, party, draft) if draft is not None else None
            rendered = render_document(draft_document(self.db, self.case, form, overrides, party_id=party), fmt)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        target = self._target(_("Save draft"), f"{offered_file_name(form.title)}（草稿）.{fmt}", fmt)
        if target:
            self._write(target, rendered.data)

    def issue(self) -> None:
        """Issue the chosen document: from the draft kept of it when the officer says so — the draft then closed as
        issued, as issuing from its editor closes it —, else from the case's values alone; one being written in an
        open editor is issued from there."""
        from workstation.documents.issuing import check_issue
        from workstation.store.drafts import DraftChanged, issuing_from

        form = self._form()
        party = self._party(form)
        if self._being_written(form, party):
            return
        if self._refused_said(form):
            return
        chosen, draft = self._kept_draft(form, party, _(
            "A draft of {title} was kept on {time}. Issue what it holds? (No issues it from the case's values "
            "alone, and the draft stays kept.)"), _("None: issue it from the case's values alone"))
        if not chosen:
            return
        try:  # every refusal (procedure, missing fields, hearing box, notice, maximum) said before asking to confirm
            overrides = self._kept_values(form, party, draft) if draft is not None else None
            values, context = check_issue(self.db, self.case, form, overrides, party_id=party)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        # the draft names the party otherwise than its record does now: asked first, as the editor asks
        if draft is not None and not party_as_written_confirmed(self.prompts, self, form, overrides, context):
            return

        # checked again from the same values, as of the day they were checked and shown: the day turning meanwhile
        # (New Year's midnight) changes neither their date nor the year of the 文号 confirmed
        day = context.get("today")

        def issued_from_draft(serial, shown):
            if draft is None:
                return issue_document(self.db, self.data_dir, self.case, form, party_id=party, serial=serial,
                                      number_shown=shown, today=day)
            try:  # the draft closed as issued, or nothing done
                with issuing_from(self.db, draft.id, overrides, expected=draft.saved_at):
                    return issue_document(self.db, self.data_dir, self.case, form, overrides, party_id=party,
                                          serial=serial, number_shown=shown, today=day)
            except DraftChanged:  # an editor in another window wrote it since it was chosen: said, nothing issued
                raise DraftChanged(_("The draft “{title}” was changed in another window after it was chosen here: "
                                     "nothing was issued. Choose Issue again to issue what it holds now.").format(
                    title=draft.title or form.title)) from None

        # several parties: the question says whose it is; it shows the addressee and penalty issued unseen
        issued = issue_asking_again(
            self.prompts, self,
            lambda moved: confirm_case_issue(
                self.prompts, self, self.db, self.case, form,
                self.party_choice.currentText() if party is not None else None, values, moved=moved,
                on=context.get("today")),
            issued_from_draft)
        if issued is None:
            return
        said = issued_text(form, issued)
        if not offer_clock_event(self.prompts, self, self.db, self.case, form, issued, said):
            self.prompts.info(self, said)
        if self.on_issued:
            self.on_issued()

    def save_case_file(self) -> None:
        """Ask where to save the whole case file (卷宗) as one PDF, refused first when it cannot be printed, then print
        it in the background with a progress dialog naming each document added and a Cancel (cancelled, no file is
        written)."""
        from functools import partial

        from workstation.documents.casefile import case_file_name, case_file_refusal
        from workstation.paths import database_path
        from workstation.tasks import case_file_task

        if refusal := case_file_refusal(self.db, self.case):
            self.prompts.error(self, refusal)
            return
        target = self._target(_("Save case file"), case_file_name(self.db, self.case) + ".pdf", "pdf")
        if not target:
            return
        work = partial(case_file_task, database_path(self.data_dir), self.data_dir, self.case.id, target)
        self.runner.run(_("Printing the case file"), work, self._case_file_saved, self._case_file_failed, self)

    def _case_file_saved(self, result) -> None:
        from shiboken6 import isValid

        if isValid(self):
            path, case_file = result
            say_written(self, self.prompts, path, ngettext(
                "The case file has {pages} page.", "The case file has {pages} pages.", case_file.pages).format(
                pages=case_file.pages))

    def _case_file_failed(self, exc: BaseException) -> None:
        from shiboken6 import isValid

        from ui.layouts import report_failure
        from workstation.errors import Cancelled

        if isinstance(exc, Cancelled) and isValid(self):
            self.prompts.info(self, _("Printing the case file was cancelled: no file was written."))
            return
        report_failure(self, self.prompts, exc)

    def save_issued(self, document) -> None:
        target = self._target(_("Save issued document"), f"{offered_file_name(document.number or document.title)}.pdf",
                              "pdf")
        if target:
            try:
                self._write(target, document_pdf(self.db, self.data_dir, document.id))
            except WorkstationError as exc:
                self.prompts.error(self, exc.message)

    def save_publication_copy(self, document) -> None:
        """Write the publication copy (公示版) of the 行政处罚决定书 ``document`` where the officer chooses, once
        reviewed (``PublicationDialog``: further names to mask ticked or typed): a file ending in .txt as text to paste
        into the system's form, one ending in .docx as DOCX (.docx added to a name without it, asking before replacing
        a file so named), one named as another format (.pdf) refused (``publication.publication_target``); a decision
        that is not published (void, corrected, a warning alone) is refused with the reason before anything is
        shown."""
        from ui.publication_dialog import PublicationDialog

        try:
            copy = publication_copy(self.db, self.data_dir, document)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        review = review_to_offer(self.db, document)  # the names chosen when its copy (or the corrected one's) was saved
        dialog = PublicationDialog(self.prompts, self, document_name(document), copy, lambda names: publication_copy(
            self.db, self.data_dir, document, names=names), (review.typed, review.kept_whole) if review else None)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        copy = dialog.copy
        target = self.prompts.save_file(self, _("Save publication copy"), publication_file_name(document, "docx"),
                                        "DOCX (*.docx);;TXT (*.txt)")
        if not target:
            return
        try:  # the format its name says: .txt as text, .docx or no extension as DOCX, another format's refused
            fmt, path = publication_target(target)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        if path != target and Path(path).exists() and not self.prompts.confirm(  # .docx added: not asked of yet
                self, _("{file} already exists. Replace it with this publication copy?").format(file=path)):
            return
        try:  # the review kept with the copy written, or neither: so that its other format, or a copy another day,
            # masks the same names
            written = write_publication_copy(self.db, copy, *dialog.choices(), path, fmt)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        say_written(self, self.prompts, written)

    def _write(self, target: str, data: bytes) -> None:
        write_and_say(self, self.prompts, target, data)
