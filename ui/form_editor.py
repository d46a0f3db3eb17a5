"""The document editor: any form of ``forms/`` edited field by field (one widget per field type), with the
PDF preview beside it re-rendered off the GUI thread shortly after typing stops, undo/redo, inline errors in
Chinese (under a field once it was edited and left, under all of them when Issue is tried: ``ui.field_errors``),
autosave of the draft every few seconds and on focus change, print, save as PDF or DOCX, and issue
(文号, frozen). An issued document opens read-only with its number, issue time and sha256.

Legal help for decisions and notices (the penalty norm, the provisions violated, the discretion, the criminal
threshold warning) comes from the case's assessment (``workstation.law.case_law``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui import redo_key
from ui.access_keys import give_letters, with_fixed_letter
from ui.field_errors import FieldErrors
from ui.field_widgets import FieldWidget, changed_span, field_widget, part_name
from ui.item_grid import GridField
from ui.layouts import (
    close_keys,
    error_label,
    error_text,
    fit_to_screen,
    plain_label,
    say_why_disabled,
    shortcut_hint,
    warning_label,
    write_and_say,
)
from ui.refused_action import answer_when_refused
from workstation.documents.addressee import PARTY_KEY
from workstation.documents.casefile import offered_file_name
from workstation.documents.compose import compose
from workstation.errors import DatabaseError, ValidationError, WorkstationError, join_sentences
from workstation.formkit.follow import read_amounts
from workstation.formkit.grid import grid_help, repeat_columns
from workstation.formkit.party_rows import PARTY_ROWS, one_party_fields, several_party_fields
from workstation.formkit.refusals import sheet_values
from workstation.formkit.spec import FormSpec
from workstation.formkit.template import left_blank
from workstation.formkit.values import (
    NORM_SOURCES,
    addressed_as,
    case_context,
    default_values,
    document_reference,
    field_errors,
    recorded_day,
    resumed_values,
)
from workstation.i18n import _
from workstation.interview_register import document_principal_warning, principal_inputs
from workstation.masking import mask_text
from workstation.money import yuan_input
from workstation.on_the_spot_payment import collection_errors
from workstation.records import short_time
from workstation.store import drafts

PREVIEW_DELAY_MS = 600
#: the fields whose amounts one of several parties' notice or decision takes its law from (``FormEditor._own_law``)
OWN_AMOUNTS = ("fine_fen", "confiscated_fen")
AUTOSAVE_DELAY_MS = drafts.KEEP_AFTER_MS  # as long as a dialog keeps what is typed in it


@dataclass(frozen=True)
class PreviewJob:
    """What the preview renders, captured on the GUI thread: no database is touched while rendering."""

    form: FormSpec
    values: dict
    context: dict
    case_number: str
    agency: str
    generation: int
    data_dir: object = None  # the folder a missing character's warning names (``glyphs.draft_warnings``)
    note: str = ""  # said under the preview as it stands, worked out on the GUI thread (``store.evidence.nothing_new_note``)


def render_preview(job: PreviewJob) -> tuple[bytes, int, str]:
    """The PDF of the values as they stand (a field in error prints empty, a required one still empty as a
    ruled blank for handwriting: ``sheet_values``), its page count, and the warning on characters it prints as
    blank boxes (no installed font has them: ``glyphs.draft_warnings``) and on a 决定书 stating no evidence, which
    is refused when issued (``stage_rules.evidence_gap``), "" for none."""
    from workstation.documents.glyphs import document_missing_glyphs, draft_warnings
    from workstation.documents.pdf_writer import render_pdf
    from workstation.documents.stage_rules import evidence_gap

    shown = sheet_values(job.form, job.values, job.context)
    decided = shown.get("decided_on")  # (a date left to write by hand is no day)
    document = compose(job.form, shown, agency=job.agency, case_number=job.case_number,
                       date=str(decided if decided and not left_blank(decided) else job.context["today"]))
    result = render_pdf(document)
    gap = evidence_gap(job.form.id, job.values)
    return result.data, result.pages, "\n".join([*draft_warnings(document_missing_glyphs(document), job.data_dir),
                                                 *([gap] if gap else []), *([job.note] if job.note else [])])


class _PreviewSignals(QObject):
    done = Signal(int, bytes, int, str)
    failed = Signal(int, str)


class _PreviewRun(QRunnable):
    def __init__(self, job: PreviewJob):
        super().__init__()
        # deleted by its pool once run (its signals stay with the editor's ``_run`` until the next rendering): one
        # kept by the pool instead would stay with it, and its editor, for every pause in the typing
        self.job, self.signals = job, _PreviewSignals()

    def run(self) -> None:
        try:
            data, pages, glyphs = render_preview(self.job)
        except Exception as exc:  # noqa: BLE001 - shown in the editor's status line, never lost
            self.signals.failed.emit(self.job.generation, str(exc))
        else:
            self.signals.done.emit(self.job.generation, data, pages, glyphs)


#: the resolution the pages are rendered at for printing, at most: a 1200-dpi printer was given 1200-dpi images (two
#: pages took 21 s and 1 GB) where 600 prints the same on paper
PRINT_DPI = 600


def print_resolution(printer_dpi: int) -> float:
    """The resolution to render the pages at for a printer of ``printer_dpi``: its own, or a whole fraction of it no
    more than ``PRINT_DPI`` (1200 → 600, 720 → 360), so that a pixel covers whole printer dots."""
    return printer_dpi / -(-printer_dpi // PRINT_DPI)


def pages_to_print(printer, count: int) -> list[int]:
    """The indexes of the pages of a document of ``count`` pages to print on ``printer``: those of the range chosen in
    the print dialog (its from and to, counted from 1), else all; last first when the printer is set to."""
    from PySide6.QtPrintSupport import QPrinter

    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        pages = list(range(printer.fromPage() - 1, min(printer.toPage() or count, count)))
    else:
        pages = list(range(count))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


def render_for_printing(data: bytes, pages: list[int], dpi: float, handoff, stop, progress, cancel) -> int:
    """Render the ``pages`` (indexes) of the PDF ``data`` at ``dpi`` on white, one after the other, off the GUI
    thread: each is put in ``handoff`` (a queue of one: at most one page waits, while the GUI thread draws the one
    before on the printer) and reported to ``progress``. The PDF is loaded here, not the preview's document, which is
    loaded anew as the officer types. Stops (``Cancelled``) at ``stop`` (the progress dialog's Cancel) or ``cancel``,
    also while waiting for the page before to be taken; returns the pages rendered."""
    import queue

    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImage, QPainter

    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    try:
        for done, index in enumerate(pages, 1):
            stop.check()
            cancel.check()
            size = document.pagePointSize(index)
            drawn = document.render(index, QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72)))
            page = QImage(drawn.size(), QImage.Format.Format_RGB888)  # no alpha: 3/4 of the memory, drawn faster
            page.fill(Qt.GlobalColor.white)
            painter = QPainter(page)
            painter.drawImage(0, 0, drawn)
            painter.end()
            del drawn
            while True:
                stop.check()
                cancel.check()
                try:
                    handoff.put(page, timeout=0.05)
                    break
                except queue.Full:
                    continue
            progress(done, len(pages), "")
    finally:
        document.close()
    return len(pages)


class _FieldChange(QUndoCommand):
    """One field's change; typing in the same row of the same field (one question or answer of a 询问笔录, one
    cell of an item table: ``row``) without a pause of two seconds merges into one step, a value put in by a
    picker or a button is a step of its own. Long typing still splits: after a line break or a sentence's end
    (。？！), and once a merged step has gone on for ``RUN_SECONDS`` since its first keystroke. The fields that
    follow what is typed (the 罚没款合计 after an amount: ``follows``, {name: (before, after)}) change in the same step, so that an amount
    typed is undone and redone whole, as a date is, not keystroke by keystroke."""

    MERGE_SECONDS = 2.0
    RUN_SECONDS = 5.0
    BREAKS = "\n。？！?!"

    def __init__(self, editor: FormEditor, name: str, before, after, typed: bool = True, row=(0, "", "")):
        import time

        super().__init__(_("Edit {label}").format(label=editor.form.field(name).label))
        self.editor, self.name, self.before, self.after = editor, name, before, after
        self.first = True
        self.typed = typed
        # the row typed in (``FieldWidget.step_row``; None: rows added or removed) and what the keystroke typed there
        self.row, typed_text = row[0], _typed_text(row[1], row[2])
        self.at = self.began = time.monotonic()
        self.ends_sentence = typed_text[-1:] in tuple(self.BREAKS)
        self.starts_line = typed_text.startswith("\n")  # a new line's first keystroke (a line break kept no space)
        self.follows: dict[str, tuple] = {}

    def id(self) -> int:
        return abs(hash(self.name)) % (2 ** 31)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _FieldChange) or other.name != self.name or not (self.typed and other.typed) \
                or self.row is None or other.row != self.row or self.ends_sentence or other.starts_line \
                or other.at - self.at > self.MERGE_SECONDS or other.at - self.began > self.RUN_SECONDS:
            return False
        self.after, self.at, self.ends_sentence = other.after, other.at, other.ends_sentence
        for name, (before, after) in other.follows.items():
            self.follows[name] = (self.follows.get(name, (before, after))[0], after)
        return True

    def redo(self) -> None:
        if self.first:  # the widget already shows the new value
            self.first = False
            return
        for name, (_before, after) in self.follows.items():
            self.editor.apply_value(name, after)
        self.editor.apply_value(self.name, self.after)  # last: the keyboard goes back to the field typed in

    def undo(self) -> None:
        for name, (before, _after) in reversed(self.follows.items()):
            self.editor.apply_value(name, before)
        self.editor.apply_value(self.name, self.before)


def _same_value(value, other) -> bool:
    """Whether a field's value is ``other`` (a default): empty as None or "" alike."""
    return value == other or (value in (None, "") and other in (None, ""))


def own_law(db, case, party: str | None, form: FormSpec, values: dict, context: dict,
            known: dict | None = None) -> tuple[dict, dict, dict[str, tuple]] | None:
    """In a case with several parties, the notice or decision of ``party`` (``stage_rules.FINING_FORMS``) rests on
    the law of the amounts it proposes or imposes, as it is checked and printed (``drafts.own_amounts_context``):
    (the fine and illegal gains confiscated ``values`` give, read as the core reads them; ``context`` rebuilt on
    them; {name: (default before, default now)} of the fields whose default changed with it). None otherwise (no
    case or party, another form, the amounts ``known`` already, those ``context`` was built on)."""
    from workstation.documents.drafts import own_amounts
    from workstation.documents.stage_rules import FINING_FORMS

    if case is None or party is None or form.id not in FINING_FORMS:
        return None
    amounts = own_amounts(form, values, context)
    if amounts == known:
        return None
    own = case_context(db, case, party, amounts=amounts)
    before, after = default_values(form, context), default_values(form, own)
    return amounts, own, {name: (before.get(name), value) for name, value in after.items()
                          if not _same_value(value, before.get(name))}


def following_own_law(values: dict, changes: dict[str, tuple]) -> dict:
    """``values`` with each field of ``changes`` (``own_law``'s) still holding the default of the law before taking
    that of the party's own: a text the officer wrote stays."""
    return {**values, **{name: after for name, (before, after) in changes.items()
                         if _same_value(values.get(name), before)}}


def _typed_text(before, after) -> str:
    """The text ``after`` has in place of ``before``'s (what a keystroke typed), '' for values that are not text."""
    if not isinstance(before, str) or not isinstance(after, str):
        return ""
    same, tail = changed_span(before, after)
    return after[same:len(after) - tail]


def display_values(form: FormSpec, values: dict) -> dict:
    """Stored (checked) values as the editor shows them: amounts in yuan."""
    shown = dict(values)
    for field in form.fields:
        value = shown.get(field.name)
        if field.type == "money" and isinstance(value, int):
            shown[field.name] = yuan_input(value)
    return shown



def _whole_day(value) -> bool:
    """Whether the date ``value`` as typed is whole, not a day it passes through as it is typed: a digit more would
    make no other day (2026-11-5 and 2026-11-15 are whole, 2026-11-1 is not yet)."""
    text = str(value or "").rstrip()
    return not (text[-1:].isdigit() and recorded_day(text + "0"))


class _LeavingWatcher(QObject):
    """Tells the editor when the officer leaves a box of one of its fields (its FocusOut), so that what was
    typed is autosaved at once. Watching each box instead of the application's focusChanged: that signal is
    also sent for widgets being destroyed, which PySide6 cannot wrap safely (a crash when a window closes).
    It also leaves the undo and redo keys to the editor's Undo and Redo: the document has one history, so Ctrl+Z
    in any box takes back the last step wherever it was (a question-and-answer pair removed, a provision picked
    from the catalogue), not only what that box had typed."""

    BOXES = (QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QComboBox, QAbstractButton,
             QAbstractItemView)  # an item table's grid

    def __init__(self, editor: FormEditor):
        super().__init__(editor)
        self.editor = editor

    def watch(self, root: QWidget) -> None:
        for box in [root, *root.findChildren(QWidget)]:
            if isinstance(box, self.BOXES):
                box.installEventFilter(self)  # installing again only moves it first: no second call

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FocusOut and isValid(self.editor) and self.editor.isVisible():
            self.editor.field_left()
        if event.type() == QEvent.Type.ShortcutOverride and isValid(self.editor) and self._undo_key(event):
            # what a cell of an item table still open typed is a step of its own first: Ctrl+Z takes it back
            self.editor._commit_open_cells()
            event.ignore()  # not claimed by the box: the key goes on to the editor's action
            return True
        return False

    def _undo_key(self, event) -> bool:
        if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
            return True
        return QKeySequence(event.keyCombination()) in self.editor.redo_action.shortcuts()  # Ctrl+Y as well


class FormEditor(QMainWindow):
    """One document of one case — or of one administrative interview (``interview``, with ``party_id`` for a
    notice to one of its parties) — being written; ``issued`` fires with the issued document. ``corrects``: a
    case's issued document this one corrects, its values the starting point, issued superseding it."""

    issued = Signal(object)
    closed = Signal(str)

    def __init__(self, db, data_dir: Path, case, form: FormSpec, prompts, *, draft: drafts.Draft | None = None,
                 document=None, interview=None, party_id: str | None = None, lead_id: str | None = None,
                 corrects=None, parent: QWidget | None = None, open_editor=None):
        super().__init__(parent)
        # the window's ``open_editor`` (``MainWindow.open_editor``): a document prepared from this one (the transfer
        # document of the law panel) opens through it, one of the window's editors as the case page's are
        self.open_editor = open_editor
        # closed, it goes with its fields, preview and thread pool: a window kept open all day opens hundreds
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # the first child, so the first deleted: no box of a field is left or deleted while it watches them
        self.leaving = _LeavingWatcher(self)
        self.db, self.data_dir, self.case, self.form, self.prompts = db, Path(data_dir), case, form, prompts
        self.interview, self.party_id, self.lead_id = interview, party_id, lead_id
        self.case_party: str | None = None  # the party of a case's document written for each party
        # one of several parties' notice or decision: the amounts its context (its law) was built on (``_own_law``)
        self.own_amounts: dict | None = None
        self._law_held = False  # while the case's values are taken (``refresh_from_case``): its law once after
        self.doc_label = form.title  # the document as titled: with its party when it is one of each party's
        self.document = document  # an issued document opens read-only
        self.withdrawn = ""  # an issued document no longer in force: why (void, or corrected by which), for its title
        self.issued_banner = ""  # an issued document: when, by whom, its SHA-256 (``_show_issued``)
        self.corrects = corrects  # the issued document a correction supersedes once issued
        if draft is not None and document is None and corrects is None:
            # as it is now: another window continuing it may have written it since the list it was chosen from
            draft = drafts.get_draft(db, draft.id)
        if lead_id is not None:
            from workstation.leads_workflow import get_lead_row, lead_context

            lead = get_lead_row(db, lead_id)
            self.context = lead_context(db, lead, form_id=form.id)
            # a lead's 案由 names its number: masked, as in the lists (the window title and the drafts list)
            self.owner_label, self.case_number = mask_text(str(self.context["case.cause"]))[:30], ""
        elif interview is not None:
            from workstation.formkit.interview_values import interview_context

            self.context = interview_context(db, interview, party_id)
            self.owner_label, self.case_number = interview.held_on + " " + mask_text(interview.subject)[:20], ""
            if party_id is not None and len(interview.party_ids) > 1:  # one of each party's: say whose
                self.doc_label = f"{form.title}（{self.context['interview.party.name']}）"
        else:
            # a case with several parties: the document is for one of them (their values record which)
            if draft is not None and document is None and corrects is None:  # a kept draft continued
                self.case_party, self.context, resumed, found = kept_draft_values(db, case, form, party_id, draft)
                if found is not None:  # its own law taken once here: ``_own_law`` below finds the same amounts
                    self.own_amounts = found[0]
            else:
                self.case_party = case_party(db, case, form, party_id, draft or document or corrects)
                self.context = case_context(db, case, self.case_party)
            # a case 待立案 has no number yet: its documents print the 案件编号 blank, the tab says 未立案
            self.owner_label, self.case_number = case.case_number or _("not filed"), case.case_number
            if self.case_party is not None:
                self.doc_label = f"{form.title}（{self.context['party.name']}）"
            if corrects is not None:  # the title says which document it corrects
                self._name_the_corrected(corrects)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        # the print running (``print_to``): its tokens, and whether the editor was closed meanwhile (``closeEvent``)
        self._print_job: dict | None = None
        self.generation = 0
        self.rendering = False
        self.pending = False
        self.pdf_bytes = b""
        self.pages = 0
        self.errors: dict[str, str] = {}
        self._applying = False
        self._typed = True
        self.undo_stack = QUndoStack(self)
        self.fields: dict[str, FieldWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        # the draft's saved_at as this editor last read or wrote it: another window writing it since is refused
        self.draft_seen: str | None = None
        self._draft_change_told = False  # that refusal said once (``_draft_changed``), not at every autosave
        if document is not None:
            values = display_values(form, document.values)
            self.draft = None
        elif corrects is not None:  # a copy of the corrected document's values, to change where it was wrong
            values = self._with_party(display_values(form, {**default_values(form, self.context),
                                                            **corrects.values}))
            self.draft = None
        elif draft is not None:
            values = resumed if case is not None and lead_id is None and interview is None else \
                resumed_values(form, draft.values, self.context, draft.defaults)
            self.draft = draft
            self.draft_seen = draft.saved_at
            if draft.status != "open":
                drafts.set_status(db, draft.id, "open")
        else:
            from workstation.documents.inquiry_times import opening_values

            # a new 询问笔录 starts at the time it is opened, written as the interview goes on (no form default)
            values = self._with_party(opening_values(form, default_values(form, self.context), self.context))
            self.draft = None  # opened below with the defaults as the fields show them
        if lead_id is not None and document is None:  # the lead's complaints received by the day it is dated
            from workstation.leads_workflow import lead_values_on

            self.context, dated = lead_values_on(db, lead_id, form, self.context, values)
            if draft is None and corrects is None:  # values kept or issued before are as the officer left them
                values = {**values, **dated}
        if document is None:  # one of several parties' notice or decision: the law of the amounts it holds
            values = following_own_law(values, self._own_law(values))
        self.values = {f.name: values.get(f.name) for f in form.fields}
        # what the case gave, the fields still showing it following the case (``refresh_from_case``): a kept draft
        # continued holds the officer's own text too, and only the fields holding what the case would give now are
        # the case's — the rest, typed, stay as typed when the case changes
        given = default_values(form, self.context) if self.draft is not None else None
        followed = [f.name for f in form.fields
                    if given is None or _same_value(values.get(f.name), given.get(f.name))]
        self._amounts_read = read_amounts(self.values)  # what the 罚没款合计 and the hearing box follow from
        self.touched = False  # a new draft closed untouched is thrown away, not kept
        self.new_draft = document is None and draft is None
        # a draft kept before (reopened, or saved with Ctrl+S since): discarding the changes goes back to it, never
        # throws it away — the autosaves wrote the changes into the same draft
        self.kept = draft is not None
        self._build()
        for name, widget in self.fields.items():
            widget.set_value(self.values[name])
            self.values[name] = widget.value()
        self._amounts_read = read_amounts(self.values) or self._amounts_read
        self.saved_values = self.current_values()
        if self.new_draft:  # holding these defaults unchanged, the draft is one the officer wrote nothing in
            owner = {"lead_id": lead_id} if lead_id is not None else \
                {"interview_id": interview.id} if interview is not None else {"case_id": case.id}
            self.draft = drafts.open_draft(db, form.id, self.saved_values, defaults=True,
                                           title=f"{self.doc_label} · {self.owner_label}", **owner)
            self.draft_seen = self.draft.saved_at
        self.case_values = {name: self.values[name] for name in followed}
        # the 文号 of the document a release (an extension, a 封条…) names, {source: 文号}: the fields drawn from that
        # document (its date, items…) show its defaults, and take another's when another 文号 is typed
        self._name_numbers()
        for name, widget in self.fields.items():
            widget.changed.connect(lambda n=name: self._field_changed(n))
            self.leaving.watch(widget.widget)
            if isinstance(widget, GridField):  # a cell's box is made as it opens (by Tab from the cell before too)
                widget.cell_opened.connect(self._cell_opened)
        self.autosave_timer = self._timer(AUTOSAVE_DELAY_MS, self.autosave)
        self.preview_timer = self._timer(PREVIEW_DELAY_MS, self.refresh_preview)
        # a document opens without red lines: a field's error shows once it was edited and left, all of them when
        # Issue is tried; Issue stays disabled meanwhile, its tooltip saying why
        self.field_errors = FieldErrors(self.error_labels, self.issue_action,
                                        {name: widget.widget for name, widget in self.fields.items()},
                                        names={field.name: field.label for field in self.form.fields})
        # and its key, its menu entry and its toolbar button, greyed out, all say the same why
        answer_when_refused(self.issue_action, self, self.say_why_not_issued)
        self.validate()
        if document is not None:
            self._show_issued(document)
        else:
            self.refresh_preview()
        if corrects is not None and document is None:
            self._show_correction()
        self._update_title()
        shown = [widget for name, widget in self.fields.items() if name not in self.one_party_hidden]
        if shown:  # the window opens with the keyboard in its first field, not on the frame around the fields
            shown[0].focus_widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # construction -----------------------------------------------------------------------------------------
    def _timer(self, msecs: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(msecs)
        timer.timeout.connect(slot)
        return timer

    def _build(self) -> None:
        fit_to_screen(self, 1400, 900)
        body = QWidget()
        column = QVBoxLayout(body)
        self.banner = QLabel()
        self.banner.setObjectName("editor_banner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        column.addWidget(self.banner)
        # an interview's 约谈记录 or 约谈纪要: a party with no attendee answering for it (PIPL art. 64), warned as the
        # interview's dialog warns (the interviews page before a 约谈记录 only), never refused
        # (``document_principal_warning``); worked out again only as what it reads changes (``principal_inputs``)
        self.principal_warning: QLabel | None = None
        self._principal_read: tuple | None = None
        if self.interview is not None:
            from workstation.store.interviews import RECORDS_HELD

            if self.form.id in RECORDS_HELD:
                self.principal_warning = warning_label("principal")
                column.addWidget(self.principal_warning)
        self.law_panel = self._law_panel()
        if self.law_panel is not None:
            column.addWidget(self.law_panel)
        sections: dict[str, QFormLayout] = {}
        # several parties: the sheet prints each party's rows in the place of the first party's fields, not shown
        self.one_party_hidden = set(one_party_fields(self.form)) if self.values.get(PARTY_ROWS) else set()
        # one party: the sheet prints its own rows, not those of several parties (their rows and totals), not shown
        several_hidden = set() if self.values.get(PARTY_ROWS) else set(several_party_fields(self.form))
        noted: set[str] = set()
        for field in self.form.fields:
            section = field.section or _("Document")
            if section not in sections:
                box = QGroupBox(section)
                sections[section] = QFormLayout(box)
                column.addWidget(box)
            if field.name in self.one_party_hidden and section not in noted:
                noted.add(section)
                note = QLabel(_("Several parties: see “{field}”.").format(
                    field=next(f.label for f in self.form.fields if f.name == PARTY_ROWS)))
                note.setObjectName("one_party_note")
                note.setWordWrap(True)
                sections[section].addRow(note)
            widget = field_widget(field, self, party_kind=str(self.context.get("party.kind") or ""),
                                  columns=repeat_columns(self.form, field.name))  # an item table: a grid
            widget.widget.setObjectName(f"field_{field.name}")
            hint = grid_help(self.form, field)  # an item table's help without the | of a values file
            widget.focus_widget.setToolTip(hint)
            label = QLabel(field.label + (" *" if field.required else ""))
            label.setToolTip(hint)
            # the label points at the field's box, not at the row around it (an Alt letter of the label reaches the
            # box); the box is named by the label (``field_widget``: Qt names a box only by a label in its parent)
            label.setBuddy(widget.focus_widget)
            error = error_label(field.name)
            holder = QWidget()
            stack = QVBoxLayout(holder)
            stack.setContentsMargins(0, 0, 0, 0)
            row = QHBoxLayout()
            row.addWidget(widget.widget, 1)
            for text, picker in self._pickers(field.name):
                button = QPushButton(text)
                button.setObjectName(f"pick_{field.name}")
                button.setAccessibleName(part_name(field.label, text))  # which field it fills, said with it
                button.clicked.connect(picker)
                row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            stack.addLayout(row)
            stack.addWidget(error)
            sections[section].addRow(label, holder)
            if field.name in self.one_party_hidden or field.name in several_hidden:
                sections[section].setRowVisible(holder, False)
            if field.read_only:  # its source's value (the agencies' register): not typed over
                widget.set_read_only(True)
            self.fields[field.name] = widget
            self.error_labels[field.name] = error
        column.addStretch(1)
        # an Alt letter for every button among the fields (现在, 从法律目录选择…): none of the menus' (D E), nor the
        # question-and-answer's (Q S) or the law panel's (P R), made up from its name where its text has none
        give_letters([b for b in body.findChildren(QPushButton) if b.text()], set("DEPQRS"))
        scroll = self.fields_area = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the preview to the first field, not the frame
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        # the document before the view, so freed before it: a view freed first is told of its document's end in
        # the middle of its own (a crash whenever an editor window is deleted)
        self.pdf = QPdfDocument(self)
        self.pdf_buffer = QBuffer(self)
        self.view = QPdfView()
        self.view.setObjectName("preview")
        self.view.setAccessibleName(_("Preview of the printed document"))
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # above the preview, when a style prints in a stand-in face (仿宋 in a Ming face): which, and where the
        # official fonts go; a small line kept while the editor is open, not a dialog each time
        self.fonts_note = QLabel(self._fonts_note())
        self.fonts_note.setObjectName("fonts_note")
        self.fonts_note.setWordWrap(True)
        self.fonts_note.setStyleSheet("color: #6b5200;")
        self.fonts_note.setVisible(bool(self.fonts_note.text()))
        # under it, while the draft holds a character no installed font has: which, in which field, what to do
        self.glyphs_note = QLabel()
        self.glyphs_note.setObjectName("glyphs_note")
        self.glyphs_note.setWordWrap(True)
        self.glyphs_note.setStyleSheet("color: #b00020;")
        self.glyphs_note.setVisible(False)
        preview_side = QWidget()
        preview_column = QVBoxLayout(preview_side)
        preview_column.setContentsMargins(0, 0, 0, 0)
        preview_column.addWidget(self.fonts_note)
        preview_column.addWidget(self.glyphs_note)
        preview_column.addWidget(self.view, 1)
        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(preview_side)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.autosave_label = QLabel()
        self.autosave_label.setObjectName("autosave_state")
        self.pages_label = QLabel()
        self.pages_label.setObjectName("pages")
        self.errors_label = QLabel()
        self.errors_label.setObjectName("errors_summary")
        self.errors_label.setStyleSheet("color: #b00020;")
        for widget in (self.errors_label, self.pages_label, self.autosave_label):
            self.statusBar().addPermanentWidget(widget)
        self._menus()

    def _fonts_note(self) -> str:
        """What the preview says of the faces standing in for official ones and of the font files skipped (damaged,
        unreadable: ``fonts.stand_in_note``); "" when no face stands in and no file was skipped, or when no font is
        usable at all (the preview's failure says so)."""
        from workstation.documents.fonts import resolve_fonts, stand_in_note, user_font_dir
        from workstation.paths import resolve_data_dir

        try:
            return stand_in_note(resolve_fonts(self.data_dir), user_font_dir(resolve_data_dir(self.data_dir)))
        except WorkstationError:
            return ""

    def _action(self, menu, text: str, slot, shortcut=None, name: str = "") -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, list):  # several keys: Close's Ctrl+W and Ctrl+F4
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setObjectName(name)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _menus(self) -> None:
        document = self.menuBar().addMenu(_("&Document"))
        self.save_action = self._action(document, _("&Save draft"), self.save_draft, QKeySequence.StandardKey.Save,
                                        "save_draft")
        self.print_action = self._action(document, _("P&rint…"), lambda: self.print_document(),
                                         QKeySequence.StandardKey.Print, "print")
        # Ctrl+Shift+S, the usual "save as", writes the PDF: the copy an officer files or sends
        self.pdf_action = self._action(document, _("Save as &PDF…"), lambda: self.save_as("pdf"), "Ctrl+Shift+S",
                                       "save_pdf")
        self.docx_action = self._action(document, _("Save as &DOCX…"), lambda: self.save_as("docx"), None,
                                        "save_docx")
        for action in (self.save_action, self.print_action, self.pdf_action, self.docx_action):  # the toolbar
            # shows them without the letter's mark
            action.setIconText(plain_label(action.text()) + ("…" if action.text().endswith("…") else ""))
            action.setToolTip(shortcut_hint(plain_label(action.text()), action))
        document.addSeparator()
        self.issue_action = self._action(document, _("&Issue…"), self.issue, "Ctrl+Shift+I", "issue")
        self.issue_action.setIconText(plain_label(self.issue_action.text()) + "…")
        self.issue_action.setToolTip(_("Take the 文号 and freeze the document"))
        document.addSeparator()
        self.close_action = self._action(document, _("&Close"), self.close, close_keys(), "close")
        self.close_action.setToolTip(shortcut_hint(plain_label(self.close_action.text()), self.close_action))
        edit = self.menuBar().addMenu(_("&Edit"))
        undo = self.undo_stack.createUndoAction(self, _("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, _("&Redo"))
        redo.setShortcuts(redo_key.redo_keys())  # Ctrl+Y too, where the platform redoes with Ctrl+Shift+Z alone
        edit.addAction(undo)
        edit.addAction(redo)
        say_why_disabled(undo, _("There is no change to undo."))
        say_why_disabled(redo, _("There is nothing to redo: Redo brings back a change that Undo took away."))
        self.undo_action, self.redo_action = undo, redo
        bar = self.addToolBar(_("Document"))
        for action in (self.save_action, self.print_action, self.pdf_action, self.docx_action, self.issue_action):
            bar.addAction(action)

    # legal help -------------------------------------------------------------------------------------------
    def _law(self):
        from workstation.law.case_law import case_law

        try:
            if self.case_party is not None:  # one of several parties: its own law, on its document's amounts
                return case_law(self.db, self.case, party_id=self.case_party, amounts=self.own_amounts)
            return case_law(self.db, self.case)
        except WorkstationError:
            return None

    def _law_panel(self) -> QWidget | None:
        """For decisions, notices and reports: the criminal warning with the transfer document, the penalty
        norm with its range and the discretion bands."""
        names = {f.name for f in self.form.fields}
        if self.case is None or self.document is not None or not names & {"basis", "violated", "discretion",
                                                                           "fine_fen"}:
            return None
        law = self._law()
        if law is None:
            return None
        box = QGroupBox(_("Law and discretion"))
        layout = QVBoxLayout(box)
        if law.criminal.transfer_suggested:
            warning = QLabel(_("The records or gains reach the criminal thresholds: the case should be transferred "
                               "to the police, not fined (Penalty Law arts. 27, 82).") + "\n"
                             + "\n".join(law.criminal.steps))
            warning.setObjectName("criminal_warning")
            warning.setWordWrap(True)
            warning.setStyleSheet("color: #b00020;")
            layout.addWidget(warning)
            prepare = QPushButton(with_fixed_letter(_("Prepare the transfer document (涉嫌犯罪案件移送书)…"), "R"))
            prepare.setObjectName("prepare_police_transfer")
            prepare.clicked.connect(self.prepare_transfer)
            layout.addWidget(prepare)
        self.cap_label = self._cap_label()
        if self.cap_label is not None:
            layout.addWidget(self.cap_label)
        choose = QPushButton(with_fixed_letter(_("Penalty and discretion…"), "P"))
        choose.setObjectName("penalty_choice")
        choose.setToolTip(_("Choose the norm, the circumstances, the tier and the fine on the case; the fields "
                            "that still show what the case gave follow."))
        choose.clicked.connect(self.choose_penalty)
        layout.addWidget(choose)
        if law.penalty is not None:
            from workstation.law import catalogue, discretion
            from workstation.law.case_law import basis_citation

            bands = discretion.tiers(law.penalty.range.min_fen, law.penalty.range.max_fen)
            text = (f"{basis_citation(law.penalty)}：{catalogue.range_text(law.penalty.range)}\n"
                    + "；".join(b.text for b in bands))
            if law.discretion is not None:
                text += "\n" + law.discretion.message
            elif law.discretion_problem:
                text += "\n" + law.discretion_problem
            info = QLabel(text)
            info.setObjectName("penalty_range")
            info.setWordWrap(True)
            layout.addWidget(info)
        return box

    def _cap_text(self) -> str:
        """The simple procedure's cap for the document's party (Penalty Law art. 51, ``thresholds.toml``), as the law
        panel of a form with a capped fine (``limit``) states it; "" for another form or a party of no known kind."""
        from workstation.law.thresholds import simple_procedure_limit
        from workstation.money import figures
        from workstation.vocabulary import shown_label

        kind = str(self.context.get("party.kind") or "")
        if not kind or not any(field.limit == "simple_procedure" for field in self.form.fields):
            return ""
        return _("Simple procedure (Penalty Law art. 51): a warning, or a fine of at most {limit} for this party "
                 "({kind}); a larger fine is decided under the ordinary procedure.").format(
            limit=figures(simple_procedure_limit(kind)), kind=shown_label("party_kinds", kind))

    def _cap_label(self) -> QLabel | None:
        text = self._cap_text()
        if not text:
            return None
        cap = QLabel(text)
        cap.setObjectName("simple_procedure_cap")
        cap.setWordWrap(True)
        return cap

    def _show_cap(self) -> None:
        """The cap line of the law panel says at once, as the fine is typed, when the fine is above it."""
        cap = getattr(self, "cap_label", None)
        if cap is None or not isValid(cap):
            return
        over = next((self.errors[f.name] for f in self.form.fields
                     if f.limit == "simple_procedure" and f.name in self.errors), "")
        cap.setText(self._cap_text() + (f"\n{over}" if over else ""))
        cap.setStyleSheet("color: #b00020;" if over else "")

    def choose_penalty(self, dialog=None) -> bool:
        """The case's penalty and discretion dialog; afterwards the fields still showing the case's values take
        the new ones (basis, provisions violated, discretion paragraph, amounts)."""
        from PySide6.QtWidgets import QDialog

        from ui.case_law import PenaltyChoiceDialog

        dialog = dialog or PenaltyChoiceDialog(self.db, self.case, self.prompts, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.refresh_from_case()
        return True

    def refresh_from_case(self) -> None:
        """Reload the case; every field the officer has not changed from what the case gave takes the case's
        new value (an undoable step each), and the law panel is redrawn."""
        from workstation.store import get_case

        self.case = get_case(self.db, self.case.id)
        self.context = case_context(self.db, self.case, self.case_party)
        self.own_amounts = None  # the context is the case's again: rebuilt on the amounts taken below
        numbered = self.case.case_number != self.case_number  # filed meanwhile: its number printed, the title says it
        self.owner_label, self.case_number = self.case.case_number or _("not filed"), self.case.case_number
        fresh = default_values(self.form, self.context)
        self._law_held = True  # the amounts taken first and the basis after would leave it the case's
        try:
            for name, widget in self.fields.items():
                if name in self.case_values and widget.value() == self.case_values[name] \
                        and fresh.get(name) is not None:
                    self.set_field(name, fresh[name])
                    self.case_values[name] = widget.value()
        finally:
            self._law_held = False
        self._follow_own_law()
        self._redraw_law_panel()
        if numbered:
            self._update_title()
            self.preview_timer.start()

    def _redraw_law_panel(self) -> None:
        if self.law_panel is not None:
            panel = self._law_panel()
            self.law_panel.parentWidget().layout().replaceWidget(self.law_panel, panel)
            self.law_panel.deleteLater()
            self.law_panel = panel

    def _own_law(self, values: dict) -> dict[str, tuple]:
        """In a case with several parties, the notice or decision of one of them (``stage_rules.FINING_FORMS``)
        rests on the law of the amounts it proposes or imposes, as it is checked and printed
        (``drafts.own_amounts_context``): with a fine or illegal gains confiscated in ``values`` (read as the core
        reads them) other than those the context was built on, the context is rebuilt on them; {name: (default
        before, default now)} of the fields whose default changed with it. {} otherwise (a case with one party,
        another form, the same amounts): the context as it is."""
        if self.document is not None:
            return {}
        found = own_law(self.db, self.case, self.case_party, self.form, values, self.context, self.own_amounts)
        if found is None:
            return {}
        self.own_amounts, self.context, changes = found
        return changes

    def _follow_own_law(self, follow: str = "step") -> dict[str, tuple]:
        """After the fine or the confiscation of one of several parties' notice or decision changed: its law on the
        amounts now typed (``_own_law``), and the fields still showing the default of the law before (the 处罚依据,
        违反的规定 …: what the case gave, ``case_values``) take the new one's — a text the officer wrote stays.
        ``follow``: "step", each as a step of its own; "typed", without a step, {name: (before, after)} returned
        for the typing's own step; "" (an undo or redo, which put back the fields themselves), the context only.
        The law panel is redrawn when the law changed."""
        if self._law_held:
            return {}
        law_keys = ("law.", "case.discretion")
        was = {key: value for key, value in self.context.items() if key.startswith(law_keys)}
        changes, done = self._own_law(self.current_values()), {}
        for name, (before, after) in changes.items():
            if name not in self.fields or name not in self.case_values \
                    or not _same_value(self.case_values[name], before):
                continue  # a value the officer wrote, not the case's
            if not follow or not _same_value(self.fields[name].value(), before):
                if not follow:  # undone or redone: the field shows the default of the amounts put back
                    self.case_values[name] = after
                continue
            shown = self.fields[name].value()
            if follow == "typed":
                self._applying = True
                try:
                    self.fields[name].set_value(after)
                finally:
                    self._applying = False
                self.values[name] = self.fields[name].value()
                done[name] = (shown, self.values[name])
            else:
                self.set_field(name, after)
            self.case_values[name] = self.fields[name].value()
        if changes or was != {key: value for key, value in self.context.items() if key.startswith(law_keys)}:
            self._redraw_law_panel()
        return done

    def _pickers(self, name: str) -> list[tuple[str, object]]:
        if self.document is not None or self.case is None:
            return []
        if self.form.field(name).source in NORM_SOURCES:  # worded as the field holds them
            return [(_("From the catalogue…"), lambda: self.pick_norms(name))]
        if name == "evidence" and self._evidence_available():
            return [(_("From the evidence…"), self.pick_evidence)]
        return []

    def _evidence_available(self) -> bool:
        try:
            from workstation.store import evidence  # noqa: F401 - the evidence register, when installed
        except ImportError:
            return False
        return True

    def pick_norms(self, name: str) -> None:
        """Fill the provisions violated or the penalty basis from the case's legal assessment, worded as the
        field holds them (a notice's sentence speaks to the party as its 称谓 field does)."""
        from ui.norm_picker import pick_norms

        you = self.current_values().get("you") or addressed_as(str(self.context.get("party.kind") or ""))
        text = pick_norms(self, self.db, self.case, self.form.field(name).source, str(you))
        if text is not None:
            self.set_field(name, text)

    def pick_evidence(self) -> None:
        from ui.norm_picker import pick_evidence

        text = pick_evidence(self, self.db, self.case)
        if text is not None:
            self.set_field("evidence", text)

    def prepare_transfer(self) -> None:
        """Open the 涉嫌犯罪案件移送书 of the case: through the window, which asks about its unsaved text on quitting,
        waits for its preview on shutting down and shows what it issues in the case's tab. One opened from here and
        still being written is brought to the front, not opened twice."""
        from shiboken6 import isValid

        from ui.layouts import bring_to_front
        from workstation.documents.drafts import find_form

        previous = getattr(self, "transfer_editor", None)
        if previous is not None and isValid(previous) and previous.isVisible() and previous.document is None:
            bring_to_front(previous)
            return
        form = find_form("police_transfer")
        if self.open_editor is not None:
            editor = self.open_editor(self.case, form)  # None, the reason said, when it cannot be opened
        else:  # an editor opened on its own (no window): the transfer document in a window of its own
            try:
                editor = FormEditor(self.db, self.data_dir, self.case, form, self.prompts, parent=self.parentWidget())
            except WorkstationError as exc:
                self.prompts.error(self, exc.message)
                return
            editor.show()
        if editor is not None:
            self.transfer_editor = editor

    # values -----------------------------------------------------------------------------------------------
    def current_values(self) -> dict:
        return self._with_party({name: widget.value() for name, widget in self.fields.items()})

    def _with_party(self, values: dict) -> dict:
        """The values with the party they are written for, in a case with several parties (kept in the draft, so
        that each party's draft is continued as its own, and issued with the document)."""
        return {**values, PARTY_KEY: self.case_party} if self.case_party is not None else values

    def set_field(self, name: str, value) -> None:
        """Put a value into a field as a picker does: an undoable step of its own."""
        self._typed = False
        try:
            self.fields[name].set_value(value)
        finally:
            self._typed = True

    def apply_value(self, name: str, value) -> None:
        """Put a value into a field without recording it (undo and redo). The keyboard, when it was in the fields,
        goes to the field changed, so the officer sees what came back (and is not left on a box just rebuilt)."""
        self._applying = True
        try:
            self.fields[name].set_value(value)
            self.values[name] = self.fields[name].value()
        finally:
            self._applying = False
        self.leaving.watch(self.fields[name].widget)  # the boxes of pairs built anew
        focus = QApplication.focusWidget()
        if focus is None or self.fields_area.isAncestorOf(focus) or focus is self.fields_area:
            box = self.fields[name].focus_widget
            box.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(box, QPlainTextEdit) and not self.fields[name].places_caret:
                box.moveCursor(box.textCursor().MoveOperation.End)
            self.fields_area.ensureWidgetVisible(box)
        self._after_change(at_once=True)

    def _field_changed(self, name: str) -> None:
        self.leaving.watch(self.fields[name].widget)  # a question-and-answer field adds boxes as it grows
        new = self.fields[name].value()
        old = self.values.get(name)
        if new == old:
            return
        self.values[name] = new
        self.touched = True
        whole = self.fields[name].whole_step  # pairs or rows added, moved or removed
        typed = self._typed and not whole
        if not self._applying:  # a pair removed or moved is a step of its own, as a value picked
            command = _FieldChange(self, name, old, new, typed=typed,
                                   row=self.fields[name].step_row(old, new) if typed else (None, "", ""))
            if typed:  # what follows an amount typed goes in the typing's own step
                command.follows = self._followed_in_step({**self.values, name: old})
                if name in OWN_AMOUNTS:  # and the basis of the law of the amounts typed
                    command.follows.update(self._follow_own_law("typed"))
            self.undo_stack.push(command)
            self._follow_choice(name, old, new)
            if not typed:
                self._follow_amounts({**self.values, name: old})
                if name in OWN_AMOUNTS:
                    self._follow_own_law()
        elif name in OWN_AMOUNTS:  # an undo's or redo's: the law of the amounts put back
            self._follow_own_law("")
        self._follow_lead_date(name, follow=not self._applying)  # an undo's: the context as of the day restored
        self._follow_number(name, follow=not self._applying)  # an undo's: the document of the 文号 restored
        # the amounts followed from next, kept while one is half typed (50, on its way to 50,000)
        self._amounts_read = read_amounts(self.values) or self._amounts_read
        self._after_change(at_once=whole and not self._applying)  # an undo's: by ``apply_value``

    def _follow_choice(self, name: str, old, new) -> None:
        """A field whose default follows the choice ``name`` holds (``choice_defaults``: the 不予行政处罚决定书's
        legal basis by its ground) and still shows the default of the choice before takes the new one's, as a
        step of its own; a text the officer wrote stays. A choice without a default of its own takes what the
        field's source gives (the 有关事项审批表's 事由 of an extension after that of a suspension)."""
        from workstation.formkit.values import choice_default

        for field in self.form.fields:
            if field.choice_field != name or field.name not in self.fields:
                continue
            before, after = choice_default(field, old, self.context), choice_default(field, new, self.context)
            if not isinstance(after, str) or before == after:
                continue
            from workstation.formkit.template import render

            shown = self.fields[field.name].value()
            if not shown or shown in (before, render(str(before), self.values)):  # {you} as printed
                self.set_field(field.name, render(after, self.values))

    def _follow_lead_date(self, name: str | None = None, follow: bool = True) -> None:
        """A lead's document tells the complaints received by the day it is dated (``leads_workflow.lead_values_on``):
        with a new date, the lead's context is as of that day, and its 案情简介 still the default of the day before
        takes the new day's as a step of its own (``follow``) — once the date typed in ``name`` is whole
        (``_whole_day``), not for each day it passes through as it is typed (2026-11-1 on the way to 2026-11-15),
        or once the field is left (no ``name``)."""
        if self.lead_id is None:
            return
        if name and follow and self.fields[name].field.type in ("date", "datetime") and not _whole_day(self.values[name]):
            return
        from workstation.leads_workflow import lead_values_on

        self.context, changes = lead_values_on(self.db, self.lead_id, self.form, self.context, self.current_values())
        if not follow or not changes:
            return
        # the 案件（线索）名称 and 案情简介 re-dated together: one step, a Ctrl+Z keeps them as they were
        self.undo_stack.beginMacro(_("Edit {label}").format(label="、".join(self.form.field(n).label for n in changes)))
        try:
            for field, value in changes.items():
                self.set_field(field, value)
        finally:
            self.undo_stack.endMacro()

    def _name_numbers(self) -> None:
        """``named_numbers``, {source: the 文号 its field holds}, of the fields naming a case's document whose
        defaults other fields draw (``measures.numbered_document``: a release's 实施行政强制措施决定书 or
        先行登记保存证据通知书); a draft naming another document than the last one is checked against the one named."""
        from workstation.formkit.measures import measures_context, numbered_document, same_number

        self.named_numbers: dict[str, str] = {}
        if self.case is None or self.document is not None or self.lead_id is not None or self.interview is not None:
            return
        self.named_numbers = {field.source: str(self.values.get(field.name) or "").strip()
                              for field in self.form.fields
                              if field.name in self.fields and field.source and numbered_document(field.source)}
        if any(number and not same_number(number, self.context.get(source))
               for source, number in self.named_numbers.items()):
            self.context.update(measures_context(self.db, self.case, self.context.get("party.id"), self.named_numbers))

    def _follow_number(self, name: str | None = None, follow: bool = True) -> None:
        """A release names the document it ends by its 文号 (``decision_no``, ``notice_no``) and draws that one's
        date, measure, objects and items (``measures_context``'s ``numbers``): with another 文号, the fields still
        showing the defaults of the document named before take the new one's, as one step of their own (``follow``)
        — once the 文号 typed in ``name`` is whole, that of a document of the case in force (``named_document``),
        not for each text it passes through as it is typed, or once the field is left (no ``name``: a 文号 of a
        document given on paper, whose date and items are then to be typed). A text the officer wrote stays."""
        from workstation.formkit.measures import (
            measures_context,
            named_document,
            numbered_document,
            same_number,
        )

        for field in self.form.fields:
            if field.source not in self.named_numbers or (name and field.name != name):
                continue
            typed, before = str(self.fields[field.name].value() or "").strip(), self.named_numbers[field.source]
            if not typed or typed == before or same_number(typed, before):  # emptied: the document named before until another is typed
                continue
            form_id, drawn = numbered_document(field.source)
            if follow and name and named_document(self.db, self.case, form_id, typed) is None:
                continue  # not whole yet (or one given on paper: taken once the field is left)
            self.named_numbers[field.source] = typed
            party = self.context.get("party.id")
            old = measures_context(self.db, self.case, party, {**self.named_numbers, field.source: before})
            new = measures_context(self.db, self.case, party, self.named_numbers)
            self.context.update(new)  # the fields are checked against the document named
            if not follow:  # an undo's or redo's: the fields as they were
                continue
            was, now = default_values(self.form, {**self.context, **old}), default_values(self.form, self.context)
            changes = {}
            for other in self.form.fields:
                if other.source not in drawn or other.name not in self.fields or was[other.name] == now[other.name]:
                    continue
                shown = self.fields[other.name].value()
                if shown == ("" if was[other.name] is None else was[other.name]):
                    changes[other.name] = now[other.name]
            if not changes:
                continue
            # the date, measure and items of the document named taken together: one step, a Ctrl+Z keeps them
            self.undo_stack.beginMacro(_("Edit {label}").format(
                label="、".join(self.form.field(n).label for n in changes)))
            try:
                for other, value in changes.items():
                    self.set_field(other, value)
            finally:
                self.undo_stack.endMacro()

    def _follow_amounts(self, before: dict) -> None:
        """The 罚没款合计 and the hearing box follow the fine and confiscation just typed (``formkit.follow``), each
        as a step of its own."""
        from workstation.formkit.follow import followed

        for name, value in {**followed(self.form, self.context.get("party.kind"), before, self.values,
                                       self.context.get("penalty.surcharge_basis"), self._amounts_read),
                            **self._unread_total(before)}.items():
            self.set_field(name, value)

    def _followed_in_step(self, before: dict) -> dict[str, tuple]:
        """The 罚没款合计 and the hearing box put to follow an amount as it is typed (``formkit.follow``), without a
        step of their own: {name: (value before, value after)} for the typing's step to undo and redo with it."""
        from workstation.formkit.follow import followed

        changes = {}
        for name, value in {**followed(self.form, self.context.get("party.kind"), before, self.values,
                                       self.context.get("penalty.surcharge_basis"), self._amounts_read),
                            **self._unread_total(before)}.items():
            was = self.fields[name].value()
            self._applying = True
            try:
                self.fields[name].set_value(value)
            finally:
                self._applying = False
            self.values[name] = self.fields[name].value()
            if self.values[name] != was:
                changes[name] = (was, self.values[name])
        return changes

    def _unread_total(self, before: dict) -> dict[str, object]:
        """{罚没款合计: None} when an amount just changed from ``before`` cannot be read (约1.5万) while the 罚没款合计
        still shows the sum of the amounts last read: emptied, not left stating what the amounts no longer say, and
        filled in again with their sum once they read (``formkit.follow``: an empty total follows them). {} otherwise:
        a total the officer wrote otherwise stays."""
        from workstation.formkit.follow import AMOUNT_FIELDS, TOTAL_FIELD

        if TOTAL_FIELD not in self.fields or not set(AMOUNT_FIELDS) <= set(self.fields) \
                or read_amounts(self.values) is not None \
                or all(before.get(name) == self.values.get(name) for name in AMOUNT_FIELDS):
            return {}
        from workstation.validators import parse_amount_fen

        last, shown = read_amounts(before) or self._amounts_read, self.fields[TOTAL_FIELD].value()
        try:  # a total written in 万 (1.5万) read as its field reads it
            following = last is not None and shown not in (None, "") and parse_amount_fen(shown) == sum(last)
        except ValueError:  # a total that is no amount either: the officer's, said under it
            following = False
        return {TOTAL_FIELD: None} if following else {}

    def _after_change(self, at_once: bool = False) -> None:
        """Check and retitle after a change, and keep it in the draft: typing once it pauses, a whole step (a pair
        or row added, moved or removed, an undo or redo) ``at_once``, so that a crash right after it finds it in the
        draft offered back at the next start."""
        self.validate()
        self._update_title()
        if self.draft is not None and at_once:
            self.autosave()
        elif self.draft is not None and not self.autosave_timer.isActive():
            self.autosave_timer.start()
        self.preview_timer.start()

    #: set by a restore the officer confirmed knowing this editor's unsaved text is lost: it closes without asking
    #: and writes nothing into the database the restore replaces
    drop_unsaved = False

    @property
    def dirty(self) -> bool:
        return self.document is None and self.current_values() != self.saved_values

    def validate(self) -> dict[str, str]:
        """Show each field's error under it; Issue is refused while any remains."""
        values = self.current_values()
        checked, self.errors = field_errors(self.form, values, self.context, in_yuan=True)
        # a fine collected on the spot where Penalty Law arts. 68, 70 do not allow it, said as it is typed
        self.errors = {**collection_errors(self.form.id, checked), **self.errors}
        self._show_cap()
        if self.document is None:
            self.field_errors.show(self.errors)
            self._show_principal_warning(values)
            said, wrong = "", self.wrong_fields()
            if wrong:  # named, as they may lie below the part of the form in view
                said = _("Issue is not possible: correct {fields}.").format(fields=wrong)
            elif self.errors:
                said = _("Issue is not possible: {n} field(s) to correct.").format(n=len(self.errors))
            self.errors_label.setText(said)
        return self.errors

    def _show_principal_warning(self, values: dict) -> None:
        """Say under the banner, as the attendees now read, whether no attendee of the party answers for it: worked
        out (a few queries) only when the attendees ``values`` give changed, a 约谈纪要's once."""
        if self.principal_warning is None:
            return
        read = principal_inputs(self.form.id, values)
        if read == self._principal_read:
            return
        self._principal_read = read
        text = document_principal_warning(self.db, self.interview, self.form.id, values, self.party_id)
        self.principal_warning.setText(text)
        self.principal_warning.setVisible(bool(text))

    def wrong_fields(self) -> str:
        """The labels of the fields now wrong, in the form's order, joined by 、 (a label two fields share once)."""
        return "、".join(dict.fromkeys(field.label for field in self.form.fields if field.name in self.errors))

    def document_name(self) -> str:
        """The document as the window title names it: its type (with its party when it is one of each party's),
        its 文号 once issued, and the case, interview or lead it belongs to."""
        shown = document_reference(self.document.number, self.document.values) if self.document is not None else None
        number = f" · {shown}" if shown else ""  # the pre-printed 编号 of a 当场行政处罚决定书 too
        withdrawn = f"（{self.withdrawn}）" if self.withdrawn else ""  # void, or corrected by another
        return f"{self.doc_label}{number}{withdrawn} — {self.owner_label}"

    def _update_title(self) -> None:
        self.setWindowTitle(("*" if self.dirty else "") + self.document_name())

    # autosave and closing ---------------------------------------------------------------------------------
    def autosave(self) -> str | None:
        """Write the values into the draft now (called shortly after typing and on focus change); returns why it
        could not be written (a full disk), shown beside the fields too, or None once written."""
        self.autosave_timer.stop()
        if self.draft is None:
            return None
        self._commit_open_cells()  # (its change is written at once, then again below)
        try:
            try:
                stamp = drafts.autosave(self.db, self.draft.id, self.current_values(), expected=self.draft_seen)
            except drafts.DraftChanged as exc:
                if not self._draft_changed(exc):
                    raise
                stamp = self.draft_seen
        except WorkstationError as exc:
            self.autosave_label.setText(_("Autosave failed: {reason}").format(reason=exc.message))
            return exc.message
        self.draft_seen = stamp
        self.autosave_label.setText(_("Autosaved at {time}").format(time=stamp[11:19]))
        return None

    def _draft_changed(self, refusal: WorkstationError, *, again: bool = False) -> bool:
        """The draft was written by another window continuing it too (``drafts.DraftChanged``): nothing was written
        over it, and what is typed here stays in the fields. Said once (the autosaves after it fail quietly, their
        label saying why), offering to keep what is typed here as a new draft, which this editor writes from then
        on. Whether that copy was kept (with the values now in the fields). ``again``: asked even when said before
        (closing and issuing, whose refusal drops or stops what the officer asked for)."""
        if self._draft_change_told and not again:
            return False
        self._draft_change_told = True
        if not self.prompts.confirm(self, join_sentences([refusal.message, _(
                "Keep what is typed here as a new draft?")])):
            return False
        old = self.draft
        copy = drafts.open_draft(self.db, old.form_id, self.current_values(), case_id=old.case_id,
                                 interview_id=old.interview_id, lead_id=old.lead_id, title=old.title)
        self.draft, self.draft_seen = copy, copy.saved_at
        self.statusBar().showMessage(_("What is typed here is kept as a new draft; the draft changed in the other "
                                       "window stays as it is there."), 8000)
        return True

    def _commit_open_cells(self) -> None:
        """A cell of an item table still being typed: its text made part of the values, as leaving it would."""
        for widget in self.fields.values():
            if isinstance(widget, GridField):
                widget.commit_open_cell()

    def _cell_opened(self, box: QWidget) -> None:
        """A cell of an item table opened for typing (``GridField.cell_opened``): watched as the fields' boxes are
        (Ctrl+Z the document's Undo, leaving it autosaved), and what is typed in it autosaved once the typing pauses,
        as a field's is (``autosave`` takes the cell's text into the values), so that a crash before the cell is left
        does not lose it."""
        self.leaving.watch(box)
        if isinstance(box, QLineEdit):
            box.textEdited.connect(self._cell_typed)

    def _cell_typed(self) -> None:
        if self.draft is not None and self.document is None and not self.autosave_timer.isActive():
            self.autosave_timer.start()

    def field_left(self) -> None:
        """The officer left one of the fields' boxes: what was typed in it is saved at once, and its error shows
        (also for the boxes a question-and-answer field adds as it grows)."""
        if self.autosave_timer.isActive():
            self.autosave()
        if self.document is None:
            self._follow_lead_date()  # a date left as typed (2026-11-1) though not whole (``_whole_day``)
            self._follow_number()  # a 文号 left as typed: one given on paper too
            self.field_errors.show(self.errors)

    def save_draft(self) -> None:
        """Keep the draft to continue later (Ctrl+S)."""
        if self.draft is None:
            return
        self._draft_change_told = False  # a draft changed elsewhere: keeping a copy offered again, as closing does
        failed = self.autosave()
        if failed is not None:  # a full disk: the draft keeps what it held, the editor stays marked unsaved
            self.prompts.error(self, _("The draft was not saved: {reason}").format(reason=failed))
            return
        self.saved_values = self.current_values()
        self.kept = True
        if self.lead_id is not None:
            said = _("Draft saved; it can be continued from the lead.")
        elif self.interview is not None:  # an interview's documents are written from the 约谈 page, not a case
            said = _("Draft saved; it can be continued from the interview on the Interviews page (Write a "
                     "document…).")
        else:
            said = _("Draft saved; it can be continued from the case.")
        self.statusBar().showMessage(said, 5000)
        self._update_title()

    def closeEvent(self, event) -> None:
        if self.draft is not None and not self.drop_unsaved:  # dropped: the database is about to be replaced
            self._commit_open_cells()  # what a cell still open holds counts as typed (a new draft is kept, or asked)
            if self.dirty:
                choice = self.prompts.choose(self, _("“{title}” has changes that are not saved as a draft.").format(
                    title=self.document_name()), [_("&Save draft"), _("&Discard changes"), _("Cancel")])
                if choice in (None, 2):
                    event.ignore()
                    return
                if choice == 0:
                    status, values = "saved", self.current_values()
                elif self.kept:  # the changes since it was kept dropped, the draft kept as it was
                    status, values = "saved", self.saved_values
                else:
                    status, values = "discarded", None
            elif self.new_draft and not self.touched:
                status, values = "discarded", None
            else:
                status, values = "saved", self.current_values()
            try:
                try:
                    drafts.set_status(self.db, self.draft.id, status, values, expected=self.draft_seen)
                except drafts.DraftChanged as exc:
                    # another window wrote the draft: left as it has it; what is typed here kept as a new draft when
                    # the officer wants it (asked again: closing drops it otherwise), else closed without writing
                    # (only when it holds values of its own: nothing typed, or the changes discarded, closes at once)
                    if status != "discarded" and values != self.saved_values and \
                            self._draft_changed(exc, again=True):
                        drafts.set_status(self.db, self.draft.id, status, values, expected=self.draft_seen)
            except WorkstationError as exc:  # the editor stays open with what was typed, to close again
                self.prompts.error(self, exc.message)
                event.ignore()
                return
        if self._print_job is not None:
            # closed while printing (the officer cannot click it behind the print's progress dialog: the idle
            # lock's Quit, which named the print as cancelled, closes it): cancelled as its Cancel does, the printer
            # job dropped, and deleted only once ``print_to``, still waiting in its loop below, has returned
            self._print_job["closed"] = True  # cancelled by ``shutdown`` below
            self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.shutdown()
        self.closed.emit(self.draft.id if self.draft else "")
        super().closeEvent(event)

    def _cancel_print(self) -> None:
        """Cancel the print running, as its progress dialog's Cancel does (``print_to`` then drops the job)."""
        job = self._print_job
        if job is not None:
            job["stop"].cancel()
            if job["token"] is not None:
                job["token"].cancel()

    def shutdown(self) -> None:
        """Stop the timers and wait for a preview being rendered (no thread outlives the editor). Nothing to stop
        once the editor was closed and deleted (``WA_DeleteOnClose``): its pool waited as it went."""
        if not isValid(self.pool):
            return
        self._cancel_print()  # its render thread ends at its next look (``print_to`` waits for it)
        self.autosave_timer.stop()
        self.preview_timer.stop()
        self.pool.waitForDone()

    # preview ----------------------------------------------------------------------------------------------
    def _nothing_new(self, values: dict) -> str:
        """A new record of an extraction whose every item is on an issued record already lists nothing by default:
        what the preview says of it (``store.evidence.nothing_new_note``), "" otherwise."""
        from workstation.store.evidence import RECORD_LISTS, nothing_new_note

        if self.case is None or self.form.id not in RECORD_LISTS:
            return ""
        return nothing_new_note(self.db, self.case, self.form.id, values) or ""

    def refresh_preview(self) -> None:
        """Render the current values off the GUI thread (one rendering at a time; the newest wins). An issued
        document shows the PDF it was issued as, never a draft rendering."""
        self.preview_timer.stop()
        if self.document is not None:
            self.pending = False
            return
        if self.rendering:
            self.pending = True
            return
        self.generation += 1
        self.rendering, self.pending = True, False
        values = self.current_values()
        job = PreviewJob(self.form, values, self.context, self.case_number, str(self.context["agency.name"]),
                         self.generation, self.data_dir, self._nothing_new(values))
        run = _PreviewRun(job)
        queued = Qt.ConnectionType.QueuedConnection
        run.signals.done.connect(self._preview_done, queued)
        run.signals.failed.connect(self._preview_failed, queued)
        self._run = run
        self.pool.start(run)

    def _preview_done(self, generation: int, data: bytes, pages: int, glyphs: str = "") -> None:
        self.rendering = False
        if generation == self.generation and self.document is None:  # a draft rendered as it was being issued
            self._load_pdf(data, pages)                                # is not shown over the issued PDF
            self.glyphs_note.setText(glyphs)
            self.glyphs_note.setVisible(bool(glyphs))
        if self.pending:
            self.refresh_preview()

    def _preview_failed(self, generation: int, message: str) -> None:
        self.rendering = False
        self.statusBar().showMessage(_("Preview failed: {reason}").format(reason=message), 10000)
        if self.pending:
            self.refresh_preview()

    def _load_pdf(self, data: bytes, pages: int) -> None:
        self.pdf_bytes, self.pages = data, pages
        self.pdf.close()
        self.pdf_buffer.close()
        self.pdf_buffer.setData(QByteArray(data))
        self.pdf_buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self.pdf_buffer)
        self.pages_label.setText(_("{n} pages").format(n=pages))

    def wait_for_preview(self) -> None:
        """Block until the preview in flight is shown (tests and printing)."""
        while self.rendering or self.pending or self.preview_timer.isActive():
            if self.preview_timer.isActive():
                self.refresh_preview()
            self.pool.waitForDone()
            QApplication.processEvents()

    # output -----------------------------------------------------------------------------------------------
    def _draft_document(self):
        if self.lead_id is not None:
            from workstation.leads_workflow import draft_lead_document

            return draft_lead_document(self.db, self.lead_id, self.form, self.current_values(), as_shown=True)
        if self.interview is not None:
            from workstation.documents.interview_documents import draft_interview_document

            return draft_interview_document(self.db, self.interview, self.form, self.current_values(), self.party_id)
        from workstation.documents.drafts import draft_document

        return draft_document(self.db, self.case, self.form, self.current_values())

    def _copy_of_withdrawn_confirmed(self) -> bool:
        """True unless the document is an issued one no longer in force (void, or replaced by a correction) and the
        officer declines the copy (asked with No as the default): its PDF and DOCX bear its 文号 and no mark, and a
        copy must not be served or relied on. Read again here: voided or corrected elsewhere since it was opened."""
        if self.document is None:
            return True
        self.show_withdrawn()
        if not self.withdrawn:
            return True
        from workstation.documents.issuing import withdrawn_copy_warning

        return self.prompts.confirm(self, join_sentences([
            withdrawn_copy_warning(self.document, self.withdrawn),
            _("Make the copy anyway (for the case file or a reply)?")]), destructive=True)

    def save_as(self, fmt: str) -> None:
        """Write the document as PDF or DOCX to a file the officer chooses: a draft as it stands (what a cell still
        being typed holds included), once checked as printing it is (``_printable``), an issued one as issued."""
        from ui.case_documents import chosen_target
        from workstation.documents.drafts import render_document

        if not self._copy_of_withdrawn_confirmed():
            return
        printed = self._printable(_(
            "These fields are empty: {fields}. Save a sheet to be filled in by hand, with them printed as ruled "
            "blanks? Issuing still needs them."))
        if printed is None:
            return
        try:
            if self.document is not None and fmt == "pdf":
                from workstation.documents.issuing import document_pdf

                data = document_pdf(self.db, self.data_dir, self.document.id)
            elif self.document is not None:  # a copy of the document as issued, with its 文号; the record stays frozen
                from workstation.documents.issuing import document_pdf, issued_docx

                # composed under the agency's name and case number it was issued under, not today's (those given
                # here only check a document issued by an earlier version against its PDF)
                data = issued_docx(self.document, self.form, agency=str(self.context["agency.name"]),
                                   case_number=self.case_number,
                                   issued_pdf=document_pdf(self.db, self.data_dir, self.document.id))
            elif printed == "sheet":
                data = self._handwriting_sheet(fmt)
            else:
                data = render_document(self._draft_document(), fmt).data
        except ValidationError as exc:  # a check of the core's besides the fields' own (``_printable``)
            self.prompts.error(self, _("Correct the fields first:\n{errors}").format(errors=exc.message))
            return
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        name = offered_file_name(self.document.number if self.document is not None and self.document.number
                                 else self.form.title)
        target = chosen_target(self.prompts, self, _("Save as {fmt}").format(fmt=fmt.upper()), f"{name}.{fmt}", fmt)
        if target:
            write_and_say(self, self.prompts, target, data)

    def _printable(self, question: str) -> str | None:
        """Whether the document may be printed or saved as it stands, what a cell still being typed holds taken in
        first: "whole" for an issued document and a draft whose fields are right; "sheet" for a draft refused only
        for required fields still empty (conclusions left to the people who reach them: the 听证报告's proposal, the
        法制审核表's opinions) that the officer, asked ``question`` naming them, chose to print as a sheet for
        handwriting (``sheet_values``: those fields as ruled blanks — issuing still needs them); None when a field
        is wrong, said naming each with its error (nothing printed where its value would go), or the sheet is
        declined. Save as PDF or DOCX and Print alike."""
        from workstation.formkit.refusals import empty_required

        self._commit_open_cells()
        if self.document is not None:
            return "whole"
        values = self.current_values()
        _checked, errors = field_errors(self.form, values, self.context, in_yuan=True)
        if not errors:
            return "whole"
        empty = empty_required(self.form, values, self.context)
        if set(errors) <= {field.name for field in empty} and self.prompts.confirm(
                self, question.format(fields="、".join(field.label for field in empty))):
            return "sheet"
        self.validate()
        self.field_errors.reveal()  # each under its field, the keyboard in the first
        labels = {field.name: field.label for field in self.form.fields}
        self.prompts.error(self, _("Correct the fields first:\n{errors}").format(
            errors=ValidationError({labels[name]: message for name, message in errors.items()}).message))
        return None

    def _handwriting_sheet(self, fmt: str) -> bytes:
        """The draft as a sheet for handwriting (``_printable``): the required fields still empty printed as ruled
        blanks, a date as one to write in (``refusals.handwriting_values``)."""
        from workstation.documents.drafts import render_document
        from workstation.formkit.values import document_date

        shown = sheet_values(self.form, self.current_values(), self.context)
        document = compose(self.form, shown, agency=str(self.context["agency.name"]), case_number=self.case_number,
                           date=document_date(self.form, shown, str(self.context["today"])))
        return render_document(document, fmt).data

    def print_document(self, printer=None) -> int:
        """Print the document as the preview shows it, once checked as Save as PDF checks it (``_printable``: a
        wrong field refused, required fields still empty printed as a sheet for handwriting when the officer says
        so), on ``printer`` or, without one, on the printer chosen in the print dialog (A4, both sides turned on the
        long edge by default, as a 公文 is printed; its pages offered from 1 to the last); returns the pages printed."""
        from PySide6.QtGui import QPageSize
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if not self._copy_of_withdrawn_confirmed():
            return 0
        if self._printable(_(
                "These fields are empty: {fields}. Print a sheet to be filled in by hand, with them printed as ruled "
                "blanks? Issuing still needs them.")) is None:
            return 0
        self.wait_for_preview()  # with what a cell still being typed held
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
            printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
            printer.setDocName(self.form.title)
            dialog = QPrintDialog(printer, self)
            dialog.setMinMax(1, max(self.pdf.pageCount(), 1))
            if not dialog.exec():
                return 0
        return self.print_to(printer)

    def _task_runner(self):
        """The task runner of the window the editor was opened from (``MainWindow.runner``); None without one."""
        widget = self.parentWidget()
        while widget is not None:
            runner = getattr(widget, "runner", None)
            if runner is not None:
                return runner
            widget = widget.parentWidget()
        return None

    def print_to(self, printer) -> int:
        """Print the previewed pages on ``printer`` at their true size: on paper of the document's size (A4, whatever
        the dialog chose), drawn 1:1 from the paper's corner (``setFullPage``: the printer's margins neither move nor
        shrink them), only those of the page range chosen (``pages_to_print``). Each page is rendered at the
        printer's resolution up to ``PRINT_DPI`` off the GUI thread (``render_for_printing`` on the window's task
        runner; at once, between the progress dialog's events, without one) and drawn on the printer on the GUI
        thread as it comes, under a progress dialog whose Cancel stops printing. Returns the pages printed (0 when
        the print job was cancelled and the printer dropped it)."""
        import queue
        from functools import partial

        from PySide6.QtCore import QEventLoop, QRectF, QSizeF
        from PySide6.QtGui import QPageLayout, QPageSize, QPainter
        from PySide6.QtWidgets import QProgressDialog

        from ui.task_runner import ImmediateRunner, only_reading
        from workstation.errors import Cancelled
        from workstation.progress import CancelToken

        count = self.pdf.pageCount()
        if not count:
            self.prompts.error(self, _("There is nothing to print: the document's preview could not be made."))
            return 0
        pages = pages_to_print(printer, count)
        if not pages:
            self.prompts.error(self, _("Pages {first} to {last} are not in the document, whose last page is {count}. "
                                       "Choose pages from 1 to {count}.").format(
                count=count, first=printer.fromPage(), last=printer.toPage()))
            return 0
        sizes = [self.pdf.pagePointSize(index) for index in pages]
        first = sizes[0]
        printer.setFullPage(True)
        printer.setPageSize(QPageSize(QSizeF(min(first.width(), first.height()), max(first.width(), first.height())),
                                      QPageSize.Unit.Point))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if first.width() > first.height()
                                   else QPageLayout.Orientation.Portrait)
        resolution = printer.resolution()
        painter = QPainter()
        if not painter.begin(printer):
            self.prompts.error(self, _("The printer cannot be started."))
            return 0
        total = len(pages)
        dialog = QProgressDialog(_("Printing page {n} of {total}…").format(n=1, total=total), _("Cancel"), 0, total,
                                 self)
        dialog.setObjectName("printing")
        dialog.setWindowTitle(_("Printing {document}").format(document=self.form.title))
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)  # nothing else happens while a job is open
        dialog.setMinimumDuration(0)
        stop = CancelToken()
        dialog.canceled.connect(stop.cancel)
        dialog.setValue(0)
        handoff: queue.Queue = queue.Queue(maxsize=1)
        drawn: list[int] = []
        failed: list[str] = []
        outcome: dict = {}
        loop = QEventLoop()

        def draw(done: int, _total: int, _message: str) -> None:
            try:
                image = handoff.get_nowait()
            except queue.Empty:
                return
            if stop.cancelled:
                return
            if drawn and not printer.newPage():
                failed.append(_("The printer did not take page {n}.").format(n=pages[len(drawn)] + 1))
                stop.cancel()
                return
            size = sizes[len(drawn)]
            painter.drawImage(QRectF(0, 0, size.width() * resolution / 72, size.height() * resolution / 72), image)
            drawn.append(done)
            if done < total:
                dialog.setLabelText(_("Printing page {n} of {total}…").format(n=done + 1, total=total))
            dialog.setValue(done)
            if not outcome.get("looping"):  # drawn as it is rendered, on this thread: Cancel is heard between pages
                QApplication.processEvents()

        def ended(kind: str, value) -> None:
            outcome[kind] = value
            loop.quit()

        runner = self._task_runner() or ImmediateRunner()
        job = self._print_job = {"stop": stop, "token": None, "closed": False, "cancelled": False}
        try:
            work = only_reading(partial(render_for_printing, self.pdf_bytes, pages,
                                        print_resolution(resolution), handoff, stop))
            token = runner.start(_("Printing {document}").format(document=self.form.title), work,
                                 partial(ended, "done"), partial(ended, "error"), draw)
            # the runner's token too: the only one looked at while the job waits behind other work (at the gate)
            dialog.canceled.connect(token.cancel)
            if "done" not in outcome and "error" not in outcome:
                outcome["looping"] = True
                job["token"] = token
                loop.exec()
                job["token"] = None
            if "done" not in outcome and "error" not in outcome:
                # the loop left before the job's end (the application quitting): the job cancelled and its thread
                # waited for, so that none outlives the window, nor waits for ever for its page to be taken
                stop.cancel()
                runner.join(token)  # cancels the runner's token too
                outcome["error"] = Cancelled(_("Printing cancelled."))
            dialog.canceled.disconnect(stop.cancel)
            dialog.canceled.disconnect(token.cancel)
            dialog.reset()
            dialog.deleteLater()
            error = outcome.get("error")
            if failed or error is not None or len(drawn) < total:  # a page rendered, its drawing cancelled: cancelled
                aborted = printer.abort()
                painter.end()
                if failed or not isinstance(error, Cancelled | None):
                    # closed meanwhile: told on the main window, where the officer looks now (the editor is hidden)
                    self.prompts.error(self.parentWidget() if job["closed"] else self, _(
                        "Printing failed: {reason}").format(
                        reason=failed[0] if failed else getattr(error, "message", None) or str(error)))
                else:
                    job["cancelled"] = True
                    self.statusBar().showMessage(_("Printing cancelled."), 10000)
                return 0 if aborted else len(drawn)
            painter.end()
            return len(drawn)
        finally:
            self._print_job = None
            if job["closed"]:  # closed meanwhile: said where the officer looks now, then deleted (``closeEvent``)
                parent = self.parentWidget()
                if isinstance(parent, QMainWindow) and parent.isVisible() and job["cancelled"]:
                    parent.statusBar().showMessage(_("Printing of “{document}” was cancelled: its window was "
                                                     "closed.").format(document=self.document_name()), 10000)
                self.deleteLater()

    def issue(self) -> None:
        """Take the 文号 and freeze the document as it stands (refused, with nothing taken, while a field is
        wrong)."""
        if self.document is not None:
            return
        self._commit_open_cells()  # what a cell still being typed holds is issued with the rest
        if self.validate():
            self.field_errors.reveal()
            wrong = self.wrong_fields()
            self.prompts.error(self, _("Correct these fields before issuing: {fields}.").format(fields=wrong)
                               if wrong else _("Correct the marked fields before issuing."))
            return
        refusal = self._issue_refusal()
        if refusal:  # said before the officer is asked to confirm taking a number
            corrected = self._correction_offered()
            if corrected is None:
                self.prompts.error(self, refusal)
                return
            from workstation.documents.issuing import document_name
            from workstation.errors import join_sentences

            if self.prompts.choose(self, join_sentences([refusal, _(
                    "It can be issued as the correction of {document} instead: it then replaces it.").format(
                    document=document_name(corrected))]), [_("Issue as correction of {number}").format(
                    number=corrected.number or corrected.title), _("Cancel")]) != 0:
                return
            self.corrects = corrected
            self._name_the_corrected(corrected)
            self._show_correction()
            self._update_title()
        if not self._party_as_written_confirmed() or not self._blanks_confirmed():
            return
        from ui.case_documents import issue_asking_again

        def issue(serial, shown):
            try:
                with drafts.issuing_from(self.db, self.draft.id, self.current_values(), expected=self.draft_seen):
                    return self._issue_values(serial, shown)
            except drafts.DraftChanged as exc:
                # another window wrote the draft: nothing issued, its draft left as it has it; what is typed here
                # kept as a new draft when the officer wants it (asked again, as at closing), to issue from then
                self._draft_changed(exc, again=True)
                return None

        # asked again, naming the 文号 taken now, when another took the one shown meanwhile
        document = issue_asking_again(self.prompts, self, self._confirm_issue, issue)
        if document is None:
            return
        self.draft = None
        self.document = document
        self.saved_values = self.current_values()
        self._show_issued(document)
        if self.case is not None and self.lead_id is None and self.interview is None:
            from ui.case_documents import issued_text, offer_clock_event

            # asked before the workspace follows, so that its deadlines show the event recorded
            offer_clock_event(self.prompts, self, self.db, self.case, self.form, document,
                              issued_text(self.form, document))
        self.issued.emit(document)

    def _party_as_written_confirmed(self) -> bool:
        """Whether the document is issued naming the party as its fields have it (``party_as_written_confirmed``:
        asked, as the documents list asks issuing a kept draft, when they name it otherwise than its record)."""
        from ui.case_documents import party_as_written_confirmed

        return party_as_written_confirmed(self.prompts, self, self.form, self.current_values(), self.context)

    def _blanks_confirmed(self) -> bool:
        """Whether the 立案审批表 of a case not filed yet is issued with its 案件编号 (and a 立案日期 not typed) printed
        blank: said (``procedure.unfiled_approval_warning``, the case as it stands now) and confirmed (No: not
        issued); True at once for any other document, and for a correction, which the case filed since prints
        whole."""
        if self.case is None or self.lead_id is not None or self.interview is not None or self.corrects is not None:
            return True
        from workstation.procedure import unfiled_approval_warning
        from workstation.store import get_case

        warning = unfiled_approval_warning(get_case(self.db, self.case.id), self.form.id, self.current_values())
        return warning is None or self.prompts.confirm(self, join_sentences([warning, _("Issue it now all the "
                                                                                        "same?")]))

    def _confirm_issue(self, moved=None) -> tuple[bool, int | None, str | None]:
        """Ask before issuing: a case's document taking a 文号 names the one it takes and may take a serial of the
        sequence chosen by hand instead (``case_documents.confirm_case_issue``, as the case's documents list asks);
        (confirmed, the serial chosen or None for the next number, the 文号 confirmed — the next one shown, or that
        of the serial typed — or None). The question shows what the documents list's shows: the party it is
        addressed to when the case has several, and the values of the form's ``confirm`` fields as checked (the
        addressee, the penalty with its amounts); ``moved`` the ``issuing.NumberMoved`` of the confirmation before
        (the 文号 it named taken meanwhile), said first."""
        from ui.case_documents import confirm_case_issue, issue_question

        if self.lead_id is not None or self.interview is not None:
            question = issue_question(self.form)
            if self.interview is not None:  # not refused: a 截止日期 counted on a calendar to be verified
                from workstation.store.interviews import rectification_calendar_warning

                warning = rectification_calendar_warning(self.db, self.interview, self.form.id,
                                                         values=self.current_values())
                question = f"{question}\n\n{warning}" if warning else question
            else:  # not refused either: the end of T1 the notice asks the result by, on a calendar to be verified
                from workstation.leads_workflow import lead_issue_warning

                warning = lead_issue_warning(self.db, self.lead_id, self.form, self.current_values())
                question = f"{question}\n\n{warning}" if warning else question
            return self.prompts.confirm(self, question), None, None
        checked, _errors = field_errors(self.form, self.current_values(), self.context)  # refused before if any
        party = str(self.context.get("party.name") or "") if self.case_party is not None else None
        return confirm_case_issue(self.prompts, self, self.db, self.case, self.form, party, checked, self.corrects,
                                  moved=moved)

    def _name_the_corrected(self, corrected) -> None:
        """The document's name in the title says which document it corrects (its 文号, else its title)."""
        self.doc_label = _("{title} (correcting {number})").format(title=self.doc_label,
                                                                    number=corrected.number or corrected.title)

    def _show_correction(self) -> None:
        """The banner of a correction: which document it corrects, and what issuing it does."""
        from workstation.documents.issuing import document_name

        self.banner.setText(_("Correction of {document}: it starts from that document's values; issued, it takes a "
                              "new 文号 and replaces it (the corrected one stays in the case file, marked "
                              "corrected).").format(document=document_name(self.corrects)))
        self.banner.setVisible(True)

    def _correction_offered(self) -> object | None:
        """The issued decision a refused 决定书 may correct instead, None when there is none: the party's decision of
        the same kind in force refuses a second one, and the core issues this one as its correction
        (``issuing.decision_to_correct``). Only for a case's document not already a correction."""
        from workstation.documents.issuing import decision_to_correct

        if self.case is None or self.lead_id is not None or self.interview is not None or self.corrects is not None:
            return None
        return decision_to_correct(self.db, self.case, self.form, self.current_values(), party_id=self.party_id,
                                   case_party=self.case_party)

    def _issue_refusal(self) -> str | None:
        """Why the document cannot be issued as it stands, None when it can; nothing is taken or written. A case's
        document: the procedure, a value, the hearing paragraph, the notice's or the law's maximum
        (``check_issue``); a lead's: no bureau to issue it under, a value (``check_lead_issue``); an interview's:
        its parties, a party without the code it prints, a value (``check_interview_issue``). Said as the window
        says it: the way to correct or void a document is 更正… or Void… in the case's documents (or this editor's
        offer to issue it as the correction), the command line's asked for by it alone (``for_command_line``)."""
        try:
            if self.lead_id is not None:
                from workstation.leads_workflow import check_lead_issue

                check_lead_issue(self.db, self.lead_id, self.form, self.current_values(), as_shown=True)
            elif self.interview is not None:
                from workstation.documents.interview_documents import check_interview_issue

                check_interview_issue(self.db, self.interview, self.form, self.current_values(), self.party_id)
            else:
                from workstation.documents.issuing import check_issue

                check_issue(self.db, self.case, self.form, self.current_values(), party_id=self.party_id,
                            supersedes=self.corrects.id if self.corrects is not None else None)
        except ValidationError as exc:  # a value: said under the fields it names too, the keyboard in the first
            self._refuse_fields(exc.errors)
            return error_text(exc)
        except WorkstationError as exc:
            return error_text(exc)
        return None

    def _refuse_fields(self, errors: dict[str, str]) -> None:
        """Issuing was refused for the values of the fields ``errors`` names — by their labels, as the core's checks
        name them (``missing_to_issue``, ``field_refusals``: 性别 contradicting the ID number), or by their names —:
        each message shown under its field, the keyboard in the first (``FieldErrors.refuse``), until anything in
        the form changes (correcting either of two fields that disagree ends it). A label two fields share marks
        those shown; a name of no field (the penalty's group) only the message box says."""
        by_label: dict[str, list[str]] = {}
        for field in self.form.fields:
            by_label.setdefault(field.label.strip().rstrip("：:"), []).append(field.name)
        named: dict[str, str] = {}
        for key, message in errors.items():
            names = [key] if key in self.error_labels else by_label.get(str(key).strip().rstrip("：:"), [])
            shown = [name for name in names if self.fields[name].widget.isVisibleTo(self)]
            for name in shown or names:
                named.setdefault(name, message)
        if named:
            self.field_errors.refuse(named, until_any_change=True)

    def say_why_not_issued(self) -> str:
        """Issue asked for while it is greyed out (by its key, its menu entry or its toolbar button): the status bar
        says why, the same each time; while fields are wrong they are all shown, the first one given the focus.
        Returns what was said."""
        if self.document is not None:
            message = self._issued_already()
        else:
            self.field_errors.reveal()
            labels = {field.name: field.label for field in self.form.fields}
            errors = {**self.field_errors.errors, **self.errors}  # with those issuing was refused for (``issue``)
            message = _("Issue is not possible until these fields are corrected: {errors}").format(
                errors=" ".join(f"{labels.get(name, name)}：{error}" for name, error in errors.items()))
        self.statusBar().showMessage(message, 15000)
        return message

    def _issued_already(self) -> str:
        if self.document.number:
            return _("{title} is issued already as {number}: an issued document is not issued again or changed; a "
                     "correction is a new document.").format(title=self.doc_label, number=self.document.number)
        return _("{title} is issued already: an issued document is not issued again or changed; a correction is a "
                 "new document.").format(title=self.doc_label)

    def _issue_values(self, serial: int | None = None, shown: str | None = None):
        """Issue the document as it stands, for its lead, interview or case (a case's with the 文号 of ``serial``
        when one was chosen, else refused as ``issuing.NumberMoved`` when the next 文号 ``shown`` was taken
        meanwhile)."""
        from workstation.documents.issuing import issue_document

        if self.lead_id is not None:
            from workstation.leads_workflow import issue_lead_document

            return issue_lead_document(self.db, self.data_dir, self.lead_id, self.form, self.current_values(),
                                       as_shown=True)
        if self.interview is not None:
            from workstation.documents.interview_documents import issue_interview_document

            return issue_interview_document(self.db, self.data_dir, self.interview, self.form,
                                            self.current_values(), self.party_id)
        return issue_document(self.db, self.data_dir, self.case, self.form, self.current_values(),
                              supersedes=self.corrects.id if self.corrects is not None else None, serial=serial,
                              number_shown=shown)

    def _withdrawn_text(self, document) -> tuple[str, str]:
        """(what the title adds, what the banner says first) of an issued ``document`` no longer in force: void
        (with its reason) or replaced by an issued correction (naming it); ("", "") while it is in force."""
        from workstation.documents.issuing import correction_of, document_name, get_document, withdrawn_state

        try:
            document = get_document(self.db, document.id)  # voided or corrected since the list was read
            correction = correction_of(self.db, document) if document.status == "issued" else None
            state = withdrawn_state(self.db, document, correction)
        except WorkstationError:
            return "", ""
        if document.status == "void":
            return state, _("VOID ({reason}): this document was withdrawn; it must not be served or relied on.").format(
                reason=document.void_reason)
        if correction is not None:
            return state, _("CORRECTED: replaced by {correction}, the one in force; this document must not be served "
                            "or relied on.").format(correction=document_name(correction))
        return "", ""

    def show_withdrawn(self) -> None:
        """The issued document shown read again: voided or replaced by a correction since (in the case's tab, another
        window, the command line), its title and banner say so (``_withdrawn_text``)."""
        if self.document is None:
            return
        self.withdrawn, withdrawn = self._withdrawn_text(self.document)
        self.banner.setText(join_sentences([withdrawn, self.issued_banner]))
        self._update_title()

    def _show_issued(self, document) -> None:
        from workstation.audit import no_officer_text
        from workstation.documents.issuing import document_pdf

        self.field_errors.stop()
        self.preview_timer.stop()  # a draft preview due or in flight gives way to the PDF issued
        self.pending = False
        for widget in self.fields.values():
            widget.set_read_only(True)
        for action in (self.save_action, self.issue_action):  # its PDF and DOCX are still saved, as issued
            action.setEnabled(False)
        self.issue_action.setToolTip(self._issued_already())
        self.undo_stack.clear()
        banner = _("Issued {number} on {time} by {who} · SHA-256 {sha}. Issued documents cannot be changed; a "
                   "correction is a new document.") if document.number else _(
            "Issued on {time} by {who} (no 文号 for this document type) · SHA-256 {sha}. Issued documents cannot be "
            "changed; a correction is a new document.")
        banner = banner.format(number=document.number, time=short_time(document.issued_at),
                               who=document.issued_by or no_officer_text(), sha=document.pdf_sha256)
        self.issued_banner = banner
        self.show_withdrawn()  # void or corrected: said first, and in the title
        self.banner.setVisible(True)
        self.errors_label.setText("")
        self.glyphs_note.setVisible(False)  # the issued PDF has a glyph for every character
        self._load_pdf(document_pdf(self.db, self.data_dir, document.id), document.pages)


def kept_draft_values(db, case, form: FormSpec, party_id: str | None, draft) -> tuple[str | None, dict, dict, tuple | None]:
    """A case's kept ``draft`` as its editor continues it: (its party, ``case_party``; the case's context for it; its
    values, ``resumed_values``, one of several parties' notice or decision the fields still holding the case's law
    holding that of its own amounts; ``own_law``'s finding, None when it found nothing)."""
    party = case_party(db, case, form, party_id, draft)
    context = case_context(db, case, party)
    values = resumed_values(form, draft.values, context, draft.defaults)
    found = own_law(db, case, party, form, values, context)
    if found is not None:
        context, values = found[1], following_own_law(values, found[2])
    return party, context, values, found


def case_party(db, case, form: FormSpec, party_id: str | None, kept=None) -> str | None:
    """The party of ``case`` a document of ``form`` is written for, when the case has several parties and the
    form is written for one of them (else None): ``party_id``, else the one a kept draft or an issued document
    (``kept``) records, else the first."""
    from workstation.documents.addressee import addressed_to_party
    from workstation.store import parties_of_case

    parties = parties_of_case(db, case.id)
    if len(parties) < 2 or not addressed_to_party(form):
        return None
    chosen = party_id or (kept.values.get(PARTY_KEY) if kept is not None else None)
    return chosen if chosen in {p.id for p in parties} else parties[0].id


def _draft_party(db, draft: drafts.Draft) -> tuple[str | None, str]:
    """The party a draft of an interview's document was written for, by the name its values print, when the
    document is one of each party's (a notice, the record of a joint interview), and that party's name; (None,
    "") otherwise, or when the draft names none of the interview's parties."""
    from workstation.documents.drafts import find_form
    from workstation.documents.interview_documents import chosen_for_each_party, party_named_in
    from workstation.store import get_party
    from workstation.store.interviews import get_interview

    try:
        interview, form = get_interview(db, draft.interview_id), find_form(draft.form_id)
    except WorkstationError:  # said when the draft is opened
        return None, ""
    if len(interview.party_ids) < 2 or not (form.id == "interview_notice" or chosen_for_each_party(form, interview)):
        return None, ""
    party_id = party_named_in(db, interview, form, draft.values)
    return party_id, get_party(db, party_id).name if party_id else ""


def recover_drafts(parent, db, prompts, open_editor) -> int:
    """Offer back every draft an editor held when the application stopped and the officer wrote in; returns how
    many were reopened. A draft opened and never written in (still the form's defaults) holds nothing to recover:
    it is discarded without asking, as closing its editor would have.
    ``open_editor(form, draft, case=…, interview=…, party_id=…, lead_id=…)`` opens one; a draft of a document
    written for each party of a joint interview opens for the party it names (raising the WorkstationError that
    keeps it from opening). A draft the officer declines or that cannot be opened is kept (saved), never thrown
    away; when the database refuses every change (a full disk, a read-only or locked file) the reason is said once
    and the drafts left stay open, offered again at the next start. What was typed in the dialog of an interview, a
    case or a lead is offered after them (``recover_typing``)."""
    from workstation.documents.drafts import find_form
    from workstation.store import get_case
    from workstation.store.interviews import get_interview

    reopened = 0
    left = drafts.left_open(db)
    typed, left = [d for d in left if drafts.typed_in_dialog(d)], [d for d in left if not drafts.typed_in_dialog(d)]
    for draft in [d for d in left if not d.untouched]:
        when = short_time(draft.saved_at)
        party_id, party_name = _draft_party(db, draft) if draft.interview_id else (None, "")
        title = draft.title if party_name in draft.title else f"{draft.title}（{party_name}）"
        if prompts.confirm(parent, _("The application stopped while “{title}” was being written (last autosaved at "
                                     "{time}). Open it again with the text recovered?").format(title=title,
                                                                                               time=when)):
            try:
                owner = {"lead_id": draft.lead_id} if draft.lead_id else \
                    {"interview": get_interview(db, draft.interview_id), "party_id": party_id} \
                    if draft.interview_id else {"case": get_case(db, draft.case_id)}
                open_editor(find_form(draft.form_id), draft, **owner)
            except DatabaseError as exc:
                prompts.error(parent, exc.message)
                return reopened
            except WorkstationError as exc:
                prompts.error(parent, exc.message)
            else:
                reopened += 1
                continue
        try:
            drafts.set_status(db, draft.id, "saved")
        except DatabaseError as exc:
            prompts.error(parent, exc.message)
            return reopened
    try:
        for draft in [d for d in left if d.untouched]:
            drafts.set_status(db, draft.id, "discarded")
    except DatabaseError as exc:
        prompts.error(parent, exc.message)
        return reopened
    return reopened + recover_typing(parent, db, prompts, typed)


def recover_typing(parent, db, prompts, typed: list[drafts.Draft]) -> int:
    """Offer back what was typed in the dialog of an interview, a case or a lead (``drafts.TypedDraft``) when the
    application stopped, each in turn: opened again with the text put back, where the officer saves or discards it as
    in any dialog (what it saved is shown: ``parent.refresh``); discarded; or left to be asked at the next start (Esc
    too). One typed for a record no longer held, or a lead that can no longer be corrected, is said with its text to
    copy, then discarded. Returns how many were opened again; a database refusing every change (a full disk …) is said
    once, the drafts left offered again at the next start."""
    from PySide6.QtWidgets import QDialog

    from ui.dialog_once import exec_once

    reopened = 0
    for draft in typed:
        texts = draft.values.get("texts") or {}
        try:
            if not texts:  # typing undone before the stop: nothing to offer
                drafts.remove_draft(db, draft.id)
                continue
            when = short_time(draft.saved_at)
            choice = prompts.choose(parent, _(
                "The application stopped while “{title}” was being typed (last kept at {time}). Open it again with "
                "what was typed put back?").format(title=draft.title, time=when),
                [_("&Open it again"), _("&Discard what was typed"), _("Ask at the next &start")])
            if choice == 1:
                drafts.remove_draft(db, draft.id)
            if choice != 0:
                continue
            try:
                dialog = dialog_for_draft(parent, db, prompts, draft)
            except DatabaseError:
                raise
            except WorkstationError as exc:
                prompts.error(parent, _("{reason} What was typed cannot be put back: it is shown below, to copy."
                                        ).format(reason=exc.message), details="\n\n".join(texts.values()))
                drafts.remove_draft(db, draft.id)
                continue
            if dialog is None:  # the officer declined revealing the lead's numbers: asked again at the next start
                continue
        except DatabaseError as exc:
            prompts.error(parent, exc.message)
            return reopened
        reopened += 1
        if exec_once(dialog) == QDialog.DialogCode.Accepted and hasattr(parent, "refresh"):
            parent.refresh()
    return reopened


def dialog_for_draft(parent, db, prompts, draft: drafts.Draft):
    """The dialog ``draft`` was typed in (``drafts.TypedDraft``), opened on its record as stored now (a new one for
    a new record), with what was typed put back and kept on into the same draft; not shown yet. A lead corrected
    shows its numbers whole, revealed first as 修改线索 reveals them (audited): None when that was refused. A record no
    longer held, or a lead that can no longer be corrected, is the WorkstationError saying so."""
    kind, owner = draft.form_id[len(drafts.DIALOG):], draft.values.get("owner_id")
    if kind == "interview":
        from ui.interview_dialog import InterviewDialog
        from workstation.store.interviews import get_interview

        dialog = InterviewDialog(db, prompts, get_interview(db, owner) if owner else None, parent=parent)
    elif kind == "case" and not owner and draft.values.get("escalation"):
        dialog = _escalated_case_dialog(parent, db, prompts, draft.values["escalation"])
    elif kind == "case":
        from ui.case_dialog import CaseDialog
        from workstation.store import get_case

        dialog = CaseDialog(db, prompts, get_case(db, owner) if owner else None, parent=parent)
    elif kind == "lead":
        from ui.lead_dialog import LeadDialog
        from workstation.leads_register import edit_refusal
        from workstation.leads_workflow import get_lead_row

        lead = get_lead_row(db, owner) if owner else None
        if lead is not None:
            from ui.masked_value import reveal_fields

            refusal = edit_refusal(db, lead)
            if refusal:
                raise WorkstationError(refusal)
            personal = {field: lead[field] or "" for field in ("description", "phones", "target_phone",
                                                               "complainant_phone")}
            if reveal_fields(db, prompts, parent, "lead", lead["id"], personal) is None:
                return None
            lead = get_lead_row(db, owner)
        dialog = LeadDialog(db, prompts, parent, lead=lead)
    else:
        raise WorkstationError(_("A draft of an unknown dialog ({kind}).").format(kind=kind))
    dialog.continue_draft(draft)
    return dialog


def _escalated_case_dialog(parent, db, prompts, escalation: dict):
    """The new case an interview was being escalated to (``CaseDialog.escalated_from``), opened again as the
    interviews page opens it (``_escalation_case_dialog``): its party, and what the interview gives, filled in; saved
    with the escalation to it in one transaction. An interview no longer held is the NotFound saying so."""
    from ui.interviews_page import _escalation_case_dialog
    from workstation.store.interviews import (
        case_prefill,
        escalate_to_case,
        get_interview,
        other_party_case,
        rectified_follow_up,
    )

    interview, party_id = get_interview(db, escalation["interview_id"]), escalation["party_id"]
    not_rectified = bool(rectified_follow_up(interview, party_id))

    def link(case_id: str) -> None:
        if refusal := other_party_case(db, interview, case_id, party_id):
            raise WorkstationError(refusal)
        escalate_to_case(db, interview.id, case_id, not_rectified=not_rectified)

    dialog = _escalation_case_dialog(db, prompts, link, parent=parent)
    dialog.add_party(party_id)
    dialog.start_from(**case_prefill(db, interview, party_id))
    dialog.escalated_from(interview.id, party_id)
    return dialog
