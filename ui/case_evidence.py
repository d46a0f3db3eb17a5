"""The evidence section of a case workspace: the case's evidence register as a table, the dialog to add a file
(or change how an item is described), counting the distinct records of a spreadsheet into the case's record
counts with the computation shown, saving a copy of a stored file where the officer chooses, and voiding an item
registered by mistake (作废…, greyed out in the register with its reason). Storing, counting and saving a copy of a
large file run in the background with progress and Cancel, and so do the counts made again when a counted item's
recipient changes or a counted item is voided (its case's other counted files read again)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.access_keys import with_fixed_letter
from ui.date_edits import DateEdit
from ui.dialog_once import exec_once
from ui.dialog_undo import FieldsHistory
from ui.layouts import (
    AsksBeforeDropping,
    enable_or_say_why,
    error_label,
    list_join,
    report_failure,
    say_written,
    show_field_errors,
    stored_now,
)
from ui.masked_value import MaskedRecordModel, add_reveal_action
from ui.pages import read_only_table
from ui.record_model import DISPLAY_ROLE, TOOLTIP_ROLE
from ui.task_runner import ImmediateRunner
from workstation.errors import Cancelled, ValidationError, WorkstationError, join_reasons, join_sentences
from workstation.evidence_count import (
    ASK,
    ASK_KEY,
    KEEP,
    REPLACE,
    RecordCount,
    StatedCount,
    apply_count,
    concerned,
    count_evidence,
    count_refusal,
    counted_as,
    counted_register,
    counts_refusal,
    figured_count,
    figures_current,
    numbered_copy_error,
    proposed_category,
    unread_items,
    unvoid_and_recount,
    update_and_recount,
    void_and_recount,
    void_count_effects,
)
from workstation.i18n import N_, _
from workstation.masking import mask_text
from workstation.records import Evidence, today
from workstation.store import get_case
from workstation.store.evidence import (
    changed_since,
    check_evidence_file,
    closed_register_refusal,
    collection_floor,
    counted_parts,
    decided_day,
    default_collector,
    evidence_errors,
    get_evidence,
    item_number,
    list_evidence,
    missing_copies,
    proposed_kind,
    recipient_key,
    restore_missing_copy,
    restored_text,
    save_copy,
    stored_copy_missing,
    sum_text,
    unvoid_consequences,
    unvoid_refusal,
    void_consequences,
    void_refusal,
    voided_text,
)
from workstation.vocabulary import shown_label, shown_labels

FIELDS = ("kind", "source", "collected_on", "collector", "description", "recipient")


def restoring_only() -> str:
    """What the Add button of a closed case's register still does while a stored copy is missing."""
    return _("Only the original file of an item whose stored copy is missing from the data folder is taken: its copy "
             "is put back, and nothing else changes.")


#: the Alt letters of the register's buttons: none a case's procedure action (``ui.access_keys.ACTION_LETTERS``), the
#: window's menus or the case page's tabs (``ui.case_workspace.WINDOW_LETTERS``) answer to, so that those keep theirs
#: on every case; 作废(&V) as the documents' 作废 has it, the others among the few letters none of those takes
BUTTON_LETTERS = {"add_evidence": "J", "edit_evidence": "B", "count_records": "K", "save_evidence": "Y",
                  "void_evidence": "V"}
SHOWN_NAMES = 3  # the files named in the dialog describing several at once, the others said by their number


def masked(exc: BaseException) -> BaseException:
    """``exc`` as the window says it: the phone and ID numbers in its message masked (``mask_text``), as the register
    shows the file names and reasons it names (the command line, which lists them whole, says it as raised). A copy of
    the same type, so that what it is (a Cancel, a copy put back) is still told; anything else as it is."""
    if not isinstance(exc, WorkstationError):
        return exc
    shown = type(exc).__new__(type(exc))
    shown.__dict__.update(exc.__dict__)
    shown.message = mask_text(exc.message)
    shown.args = (shown.message,)
    if isinstance(exc, ValidationError):
        shown.errors = {field: mask_text(text) for field, text in exc.errors.items()}
    return shown


def offered_name(file_name: str) -> str:
    """The name Save as… offers for a copy of a file: masked as the register shows it, the stars written ＊ (a * is
    no character of a file name on Windows), as the name offered for a case file masks its party
    (``documents.casefile.case_file_name``); the officer may type another."""
    return mask_text(file_name).replace("*", "＊")


CATEGORY_CODES = {"trace": "C", "sensitive": "D", "other": "E"}


def proposed(item: Evidence) -> str:
    """The category the count dialog proposes: the one the item was counted into, else the one its kind holds (a
    call log's 通信记录 D, ``proposed_category``)."""
    return item.record_category or proposed_category(item.kind)


VOID_COLOUR = "#8a8a8a"  # the text of a voided item, as the interviews register greys a voided interview


def size_text(size: int) -> str:
    if size < 1024:
        return _("{n} bytes").format(n=size)
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class EvidenceModel(MaskedRecordModel):
    """The case's evidence items as rows, numbered in register order; phone and ID numbers written in the file
    name, source or description masked until revealed; a voided item greyed out, its note saying why."""

    def __init__(self, parent=None):
        super().__init__([
            (N_("File"), lambda e: self.shown(e, "file_name")),
            (N_("Kind"), lambda e: shown_label("evidence_kinds", e.kind)),
            (N_("Source"), lambda e: self.shown(e, "source")),
            (N_("Collected on"), lambda e: e.collected_on or ""),
            (N_("Collector"), lambda e: e.collector),
            (N_("Description"), lambda e: self.shown(e, "description")),
            (N_("Size"), lambda e: size_text(e.size)),
            (N_("SHA-256"), lambda e: e.sha256[:12]),
            (N_("Records counted"), lambda e: "" if e.record_count is None else
             f"{e.record_count:,}（{CATEGORY_CODES.get(e.record_category, '')}）"),
            (N_("Provided to"), lambda e: self.shown(e, "recipient")),
            (N_("Note"), lambda e: _("void: {reason}").format(reason=mask_text(e.void_reason)) if e.void_reason
             else ""),
        ], "evidence", ("file_name", "source", "description", "recipient"), parent)
        self.hash_column = [header for header, _text in self.columns].index(N_("SHA-256"))
        self.numbers: dict[str, int] = {}  # each item's number in the register, by its id

    def set_records(self, records) -> None:
        """Show the case's register (``list_evidence``: in the order of its item numbers), each row headed by its
        item's number, kept with the item whatever order the rows are shown in."""
        records = list(records)
        self.numbers = {item.id: n for n, item in enumerate(records, 1)}
        super().set_records(records)

    def headerData(self, section: int, orientation, role: int = DISPLAY_ROLE):
        """The column heads, and at each row its item's number: the number the timeline, the 证据提取单's 序号 and
        ``evidence count``/``evidence set`` give it."""
        from PySide6.QtCore import Qt

        if orientation == Qt.Orientation.Vertical and role == DISPLAY_ROLE and 0 <= section < len(self.records):
            return str(self.numbers.get(self.records[section].id, ""))
        return super().headerData(section, orientation, role)

    def data(self, index, role: int = DISPLAY_ROLE):
        """The cells as ``MaskedRecordModel`` shows them; the SHA-256 cell shows 12 characters, its tooltip the
        whole fingerprint (as the 电子数据证据提取笔录 prints it); a voided item's row is grey."""
        from PySide6.QtCore import Qt

        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and 0 <= index.row() < len(self.records):
            return QBrush(QColor(VOID_COLOUR)) if self.records[index.row()].void_reason else None
        if role == TOOLTIP_ROLE and index.isValid() and index.column() == self.hash_column \
                and 0 <= index.row() < len(self.records):
            return self.records[index.row()].sha256
        return super().data(index, role)


def void_task(database: Path, data_dir: Path, evidence_id: str, reason: str, *, progress, cancel) -> Evidence:
    """``void_and_recount`` with a connection of its own, for the task runner's thread (the case's other counted
    files may be read again, a list of millions of numbers taking minutes): the files are read first, their progress
    shown and a Cancel heard until then changing nothing, and the void written in one short transaction."""
    from workstation.db import open_database

    cancel.check()
    db = open_database(database)
    try:
        return void_and_recount(db, data_dir, evidence_id, reason, cancel=cancel, progress=progress)
    finally:
        db.conn.close()


def unvoid_task(database: Path, data_dir: Path, evidence_id: str, *, progress, cancel) -> Evidence:
    """``unvoid_and_recount`` with a connection of its own, for the task runner's thread, as ``void_task``: the
    case's counted files read again first (Cancel heard until then), the restore written in one short transaction."""
    from workstation.db import open_database

    cancel.check()
    db = open_database(database)
    try:
        return unvoid_and_recount(db, data_dir, evidence_id, cancel=cancel, progress=progress)
    finally:
        db.conn.close()


def count_task(data_dir: Path, item: Evidence, register: list[Evidence], category: str,
               earlier: list[Evidence] | None = None, *, key, progress, cancel) -> RecordCount:
    """Count ``item``'s records (``count_evidence``, with the case's other items counted into ``category`` or into
    its own read too) and work out the case's figures of ``category`` (``figured_count``), ``register`` being the
    case's counted register (``earlier``: as it was, when the item is being changed): the whole of a count the
    window then shows and applies, for the task runner's thread — no list of millions of people is compared on the
    window's. A Cancel changes nothing."""
    others = list({other.id: other for other in concerned([*(earlier or ()), *register], item,
                                                          (category, item.record_category))}.values())
    count = count_evidence(data_dir, item, key=key, others=others, progress=progress, cancel=cancel)
    return figured_count(data_dir, count, item, register, category, earlier, key=key, progress=progress,
                         cancel=cancel)


@dataclass
class Added:
    """What adding several files at once did (``add_files_task``): the items registered, the notes of stored copies
    put back (a file already evidence of the case whose copy was gone), the refusals of the files not registered,
    each naming its file, in the order chosen; ``cancelled`` when a Cancel left the files after them unread."""

    count: int
    items: list[Evidence] = dataclasses.field(default_factory=list)
    restored: list[str] = dataclasses.field(default_factory=list)
    refused: list[str] = dataclasses.field(default_factory=list)
    cancelled: bool = False


def add_files_task(database: Path, data_dir: Path, case_id: str, paths, values: dict, *, progress,
                   cancel) -> Added:
    """Register each of the files ``paths`` as evidence of the case described by ``values``, one after another
    (``add_evidence``, each in its own transaction), with a connection of its own, for the task runner's thread: one
    progress over them all (their bytes, in KiB), saying which file of how many is being stored; a file refused (the
    same content registered already, unreadable, changed while it was read) is named and the others go on. A
    description refused (the same for every file: said before anything is stored) and a Cancel before any file was
    kept are raised, nothing changed; a Cancel later keeps the files registered before it (``Added.cancelled``).
    None registered and some refused: the refusals raised, nothing changed."""
    from workstation.db import open_database
    from workstation.store.evidence import StoredCopyRestored, add_evidence

    def kib(path: str) -> int:
        try:
            return max(1, -(-Path(path).stat().st_size // 1024))
        except OSError:  # refused when it is read, naming it
            return 1

    sizes = [kib(path) for path in paths]
    whole, before = sum(sizes), 0
    added = Added(len(paths))
    cancel.check()
    db = open_database(database)
    try:
        for n, (path, size) in enumerate(zip(paths, sizes, strict=True), 1):
            def report(done: int, total: int, message: str, before=before, size=size, n=n) -> None:
                share = size * done // total if total > 0 else 0
                progress(before + min(share, size), whole, _("{step} (file {n} of {count})").format(
                    step=message, n=n, count=added.count))

            try:
                added.items.append(add_evidence(db, data_dir, case_id, path, **values, progress=report,
                                                cancel=cancel))
            except StoredCopyRestored as done:  # a file of the case whose stored copy was gone: put back
                added.restored.append(done.message)
            except Cancelled:
                if not added.items and not added.restored:
                    raise
                added.cancelled = True
                break
            except ValidationError as exc:
                if not added.items and not added.restored:  # the description, the same for them all: nothing kept
                    raise
                added.refused.append(_named_refusal(path, join_reasons(exc.errors.values())))
            except WorkstationError as exc:
                added.refused.append(_named_refusal(path, exc.message))
            before += size
    finally:
        db.conn.close()
    if added.refused and not added.items and not added.restored:
        raise WorkstationError("\n".join(added.refused))
    return added


def _named_refusal(path: str, reasons: str) -> str:
    """A refusal of one file of several added together, naming the file unless it does already."""
    name = Path(path).name
    return reasons if name in reasons else _("{file}: {reasons}").format(file=name, reasons=reasons)


def restore_task(database: Path, data_dir: Path, case_id: str, path: str, *, progress,
                 cancel) -> tuple[Evidence | None, bool]:
    """``restore_missing_copy`` with a connection of its own, for the task runner's thread (a recording of several
    hundred MB is read to know whether it is the file of an item whose stored copy is gone): (that item, its copy
    put back, or None, nothing kept; whether it replaced a damaged copy)."""
    from workstation.db import open_database

    cancel.check()
    db = open_database(database)
    try:
        return restore_missing_copy(db, data_dir, case_id, path, progress=progress, cancel=cancel)
    finally:
        db.conn.close()


def ask_stated(prompts, parent: QWidget, refused: StatedCount) -> str | None:
    """Ask the officer whether the count replaces the case's figure its evidence did not give (typed by hand,
    imported) or leaves it as it is: REPLACE, KEEP, or None to count nothing."""
    choice = prompts.choose(parent, refused.message + "\n" + _("Replace it with the count, or keep it as the figure "
                                                                "used? Either is written in the count's note and on "
                                                                "the case's timeline."),
                            [_("Replace with the count"), _("Keep the case's figure"), _("Cancel")])
    return {0: REPLACE, 1: KEEP}.get(choice)


def apply_asking(prompts, parent: QWidget, apply) -> bool:
    """``apply(stated, count)`` with ASK and no count, and when it is refused for a figure of the case its evidence
    did not give, again as the officer answers ``ask_stated``, with the count the refusal made (the file is not read
    twice); False when the officer cancelled (nothing changed)."""
    try:
        apply(ASK, None)
    except StatedCount as refused:  # a figure the officer typed is never replaced without asking
        stated = ask_stated(prompts, parent, refused)
        if stated is None:
            return False
        apply(stated, refused.count)
    return True


class EvidenceDialog(AsksBeforeDropping, QDialog):
    """Describe a file being added as evidence (``path``), several chosen at once (``paths``: each registered with
    the same description, one after another, ``add_files_task``) or an item already registered (``item``): kind,
    source, collection date, collector, description and, for a file that is a separate sale or provision of records,
    to whom; each field saying what is wrong with it as the officer types. Changing the recipient of an item already
    counted makes the case's count again (``update_and_recount``), its files read in the background through
    ``runner`` with progress and Cancel (a Cancel changes nothing). While its work runs (a recording of hundreds of
    MB being stored) its buttons are greyed out and Esc and the close button are ignored: the file is stored, or
    refused and the dialog given back, never stored behind a dialog the officer closed discarding it."""

    def __init__(self, db, data_dir, case, prompts, path: str | None = None, item: Evidence | None = None,
                 parent: QWidget | None = None, runner=None, paths=None):
        super().__init__(parent)
        self.db, self.data_dir, self.case, self.prompts = db, data_dir, case, prompts
        self.runner = runner or ImmediateRunner(self)
        self.paths = [str(each) for each in paths] if paths else [path] if path else []
        path = self.paths[0] if self.paths else None
        self.busy = False  # True while its work runs (``_run``)
        # the day of the case's decision: no evidence is collected after it (the store refuses it)
        self.decided = decided_day(db, case)
        # as stored when it opens, not as the register last read it (another window's change)
        item = stored_now(db, item, get_evidence)
        self.path, self.item = path, item
        # the item as stored when opened: its save is refused when another process described it otherwise since
        self.loaded = item
        # True once a save was refused because the item was described otherwise elsewhere since it opened: the
        # register reads it again, so that it is reopened as stored
        self.changed_elsewhere = False
        self.saved: Evidence | None = None
        self.setWindowTitle(_("Add evidence") if item is None else _("Evidence item"))
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for key, text in shown_labels("evidence_kinds").items():
            self.kind.addItem(text, key)
        self.kind.setMaxVisibleItems(self.kind.count())  # every kind in sight, the legal categories too
        self.source = QLineEdit()
        self.source.setObjectName("source")
        self.source.setPlaceholderText(_("e.g. the party's office computer, the SMS platform's back office"))
        self.collected_on = DateEdit(QDate.fromString(today(), "yyyy-MM-dd"))  # Beijing's day, not the machine's
        self.collected_on.setObjectName("collected_on")
        self.collected_on.setCalendarPopup(True)
        self.collected_on.setDisplayFormat("yyyy-MM-dd")
        if floor := collection_floor(case):  # no day before the case's lead was received (the store refuses it)
            earliest = QDate.fromString(floor[0], "yyyy-MM-dd")
            if item is not None and item.collected_on:  # an item dated earlier before shows its day, to be corrected
                earliest = min(earliest, QDate.fromString(item.collected_on, "yyyy-MM-dd"))
            self.collected_on.setMinimumDate(earliest)
        self.collector = QLineEdit(self._officers())
        self.collector.setObjectName("collector")
        self.description = QLineEdit()
        self.description.setObjectName("description")
        self.recipient = QLineEdit()
        self.recipient.setObjectName("recipient")
        self.recipient.setPlaceholderText(_("only for a separate sale or provision of the records: the buyer or "
                                            "recipient"))
        self.recipient.setToolTip(_("The same records sold or provided to different recipients are counted for "
                                    "each (2017 interpretation, art. 11 para. 2); otherwise a record found in "
                                    "several files counts once (para. 3)."))
        if item is not None:
            self.kind.setCurrentIndex(max(self.kind.findData(item.kind), 0))
            self.source.setText(item.source)
            if item.collected_on:
                self.collected_on.setDate(QDate.fromString(item.collected_on, "yyyy-MM-dd"))
            self.collector.setText(item.collector)
            self.description.setText(item.description)
            self.recipient.setText(item.recipient)
        else:  # proposed from the files' type; none when it says nothing (or they differ): the officer chooses
            kinds = {proposed_kind(each) for each in self.paths}
            proposed = kinds.pop() if len(kinds) == 1 else None
            self.kind.setCurrentIndex(self.kind.findData(proposed) if proposed else -1)
            self.kind.setPlaceholderText(_("Choose the kind of this file"))
            self.kind.setToolTip(_("Proposed from the type of the file: change it if the file is something else."))
        for field in (self.source, self.recipient):  # wide enough to show the example typed in it whole
            field.setMinimumWidth(field.fontMetrics().horizontalAdvance(field.placeholderText()) + 24)
        self.errors = {field: error_label(field) for field in FIELDS}
        form = QFormLayout()
        if len(self.paths) > 1:  # the first few named, as the register's table masks them
            names = [mask_text(Path(each).name) for each in self.paths[:SHOWN_NAMES]]
            named = _("{n} files: {names}").format(n=len(self.paths), names=list_join(names)) + \
                ("…" if len(self.paths) > SHOWN_NAMES else "")
        else:
            named = mask_text(Path(path).name if path else item.file_name)  # masked as in the register's table
        shown_files = QLabel(named)
        shown_files.setWordWrap(True)
        form.addRow(_("File"), shown_files)
        # each field's label with its Alt letter; 保存(&S) takes S (``ui.save_keys``)
        for field, text, letter, widget in (("kind", _("Kind"), "K", self.kind),
                                            ("source", _("Source"), "U", self.source),
                                            ("collected_on", _("Collected on"), "O", self.collected_on),
                                            ("collector", _("Collector"), "L", self.collector),
                                            ("description", _("Description"), "D", self.description),
                                            ("recipient", _("Provided to"), "P", self.recipient)):
            form.addRow(with_fixed_letter(text, letter), widget)
            form.addRow("", self.errors[field])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Case {number}").format(number=case.case_number or _("not filed"))))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self.validate)
        self.collected_on.dateChanged.connect(self.validate)
        self.validate()
        # one undo history: Ctrl+Z takes back the kind chosen and the day as it does typing
        self.fields_history = FieldsHistory(self, {"kind": self.kind, "source": self.source,
                                                   "collected_on": self.collected_on, "collector": self.collector,
                                                   "description": self.description, "recipient": self.recipient},
                                            "evidence")
        self.mark_loaded()

    def _officers(self) -> str:
        return default_collector(self.db, self.case)  # as ``evidence add`` proposes them

    def typed(self) -> dict[str, str]:
        return self.values()

    def values(self) -> dict[str, str]:
        return {"kind": self.kind.currentData(), "source": self.source.text(),
                "collected_on": self.collected_on.date().toString("yyyy-MM-dd"), "collector": self.collector.text(),
                "description": self.description.text(), "recipient": self.recipient.text()}

    def validate(self) -> dict[str, str]:
        probe = Evidence(case_id=self.case.id, sha256="", file_name="", size=0, **self.values())
        # the case's first day is checked of a date given here, not of an item's date left as it was stored
        kept = self.item is not None and probe.collected_on == self.item.collected_on
        errors = evidence_errors(probe, None if kept else self.case, decided=None if kept else self.decided,
                                 stored=self.item)  # an old item's text kept as stored is not refused again
        show_field_errors(self.errors, errors, self.buttons)
        return errors

    def reject(self) -> None:
        """Esc, Cancel and the close button: ignored while the dialog's work runs (its progress shows, with its own
        Cancel); else as ``AsksBeforeDropping`` asks."""
        if not self.busy:
            super().reject()

    def _run(self, title: str, work, on_done, on_error) -> None:
        """Run ``work`` through the runner with its progress and Cancel, the dialog's buttons greyed out meanwhile
        (Save pressed again, or Enter, starts nothing) and given back once it ended, before ``on_done`` or
        ``on_error`` is told."""

        def ended(callback):
            def end(value) -> None:
                if isValid(self):
                    self.busy = False
                    self.buttons.setEnabled(True)
                callback(value)

            return end

        self.busy = True
        self.buttons.setEnabled(False)
        self.runner.run(title, work, ended(on_done), ended(on_error), self)

    def save(self) -> None:
        if self.busy:  # pressed again while the file is being stored
            return
        if self.item is None:  # reading and fingerprinting a recording of several hundred MB takes a while
            from workstation.paths import database_path
            from workstation.tasks import add_evidence_task

            if len(self.paths) > 1:
                work = partial(add_files_task, database_path(self.data_dir), self.data_dir, self.case.id, self.paths,
                               self.values())
                self._run(_("Storing {n} files").format(n=len(self.paths)), work, self._stored_all,
                          self._store_failed)
                return
            work = partial(add_evidence_task, database_path(self.data_dir), self.data_dir, self.case.id, self.path,
                           self.values())
            self._run(_("Storing {file}").format(file=mask_text(Path(self.path).name)), work, self._stored,
                      self._store_failed)
            return
        from workstation.filestore import files_key

        values = self.values()
        try:
            item = get_evidence(self.db, self.item.id)
            if not self._recounts(item, values):
                self._update(values, None)
                return
            key = files_key(self.data_dir)  # read here: the worker thread does not hold the session
        except WorkstationError as exc:
            self.prompts.error(self, mask_text(exc.message))
            return
        # the item's file and the case's other files counted into its category are read again, as counting it reads
        # them (another category's figure does not change), and the case's figure worked out with the recipient
        # given, there too: saving only writes it
        register = counted_register(self.db, item.case_id)
        planned = replace(item, recipient=values["recipient"])
        work = partial(count_task, self.data_dir, planned,
                       [planned if other.id == item.id else other for other in register], item.record_category,
                       register, key=key)
        self._run(_("Counting the records of {file}").format(file=mask_text(item.file_name)), work,
                  lambda count: self._update(values, count), self._recount_failed)

    def _recounts(self, item: Evidence, values: dict[str, str]) -> bool:
        """Whether saving ``values`` makes the case's count again, reading files (``update_and_recount``): a counted
        item given another recipient, in an open case (a closed case's refusal is said at once, nothing read)."""
        return item.record_count is not None and not item.void_reason \
            and counts_refusal(self.db, get_case(self.db, item.case_id)) is None \
            and recipient_key(replace(item, recipient=values["recipient"])) != recipient_key(item)

    def _update(self, values: dict[str, str], count: RecordCount | None) -> None:
        """Save ``values`` (``update_and_recount``), with the ``count`` read in the background when the case's count
        is made again; a figure typed by hand is asked about (``apply_asking``)."""
        if not isValid(self):
            return

        def save(stated: str, again) -> None:
            self.saved = update_and_recount(self.db, self.data_dir, self.item.id, stated=stated,
                                            count=count if again is None else again, loaded=self.loaded, **values)

        try:
            if not apply_asking(self.prompts, self, save):
                return
        except WorkstationError as exc:
            self.changed_elsewhere = changed_since(self.db, self.loaded) is not None
            self.prompts.error(self, mask_text(exc.message))
            return
        self.loaded = self.saved  # saved again, it is compared with what this save stored
        self.accept()

    def _recount_failed(self, exc: BaseException) -> None:
        """The count was cancelled or a file could not be read (its item named by its number): nothing was changed;
        the dialog stays open with what the officer typed."""
        report_failure(self, self.prompts, masked(numbered_copy_error(self.db, exc) if isValid(self) else exc))

    def _stored(self, item: Evidence) -> None:
        if isValid(self):
            self.saved = item
            self.accept()

    def _store_failed(self, exc: BaseException) -> None:
        """The file could not be kept: say why and leave the dialog open with what the officer typed. The file of
        an item whose stored copy was missing put that copy back: said as done, the dialog closed."""
        from workstation.store.evidence import StoredCopyRestored

        if isinstance(exc, StoredCopyRestored):
            if isValid(self):
                self.prompts.info(self, mask_text(exc.message))
                self.saved = exc.item  # no item added: the register as it was, its file readable again
                self.accept()
            return
        report_failure(self, self.prompts, masked(exc))

    def _stored_all(self, added: Added) -> None:
        """Several files were stored (``add_files_task``): what was put back, refused or left by a Cancel said, the
        dialog closed (the items registered are in the register)."""
        if not isValid(self):
            return
        if added.restored:
            self.prompts.info(self, mask_text("\n".join(added.restored)))
        if added.cancelled:
            self.prompts.info(self, _("Cancelled: {n} of {count} files were registered; the others were not.").format(
                n=len(added.items), count=added.count))
        if added.refused:
            self.prompts.error(self, mask_text("\n".join([_("{n} of {count} files were registered; these were not:"
                                                           ).format(n=len(added.items), count=added.count),
                                                         *added.refused])))
        self.saved = added.items[-1] if added.items else None
        self.accept()


class CountDialog(QDialog):
    """The computation of a spreadsheet's distinct records and the category they are counted into; the case's
    count of that category becomes the sum over its evidence, as shown before applying. ``count`` compares the item
    with the case's files counted into the category proposed and brings the case's figures of it
    (``count_task``); a category chosen instead has its files read and its figures worked out then, through
    ``runner`` (with progress and Cancel, Apply waiting meanwhile; a failure said through ``prompts`` and the category
    chosen before put back): no list of millions of people is compared on the window's thread. Without ``data_dir``
    nothing is read: the sum shown leaves out no record."""

    def __init__(self, db, item: Evidence, count: RecordCount, case, parent: QWidget | None = None, *,
                 data_dir: Path | None = None, runner=None, prompts=None):
        super().__init__(parent)
        self.db, self.item, self.count, self.case = db, item, count, case
        self.data_dir, self.runner, self.prompts = data_dir, runner or ImmediateRunner(self), prompts
        self.setWindowTitle(_("Count the records"))
        self.steps = steps = QLabel()
        steps.setObjectName("steps")
        steps.setWordWrap(True)
        self.category = QComboBox()
        self.category.setObjectName("category")
        for key, text in shown_labels("record_categories").items():
            self.category.addItem(f"{CATEGORY_CODES.get(key, '')} {text}", key)
        self.category.setCurrentIndex(max(self.category.findData(proposed(item)), 0))
        self.chosen = self.category.currentIndex()  # the category whose files were read
        self.refused = False  # rejected before shown: no figures could be worked out (``_compare_failed``)
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        apply = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        apply.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Counted into"), self.category)
        layout = QVBoxLayout(self)
        self.figure = QLabel()
        self.figure.setObjectName("figure")
        self.figure.setWordWrap(True)
        layout.addWidget(self.figure)
        layout.addWidget(steps)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)
        # Enter applies, as Enter saves in the other dialogs: a box makes no Apply its default, and a default set
        # before the box is in the dialog is forgotten
        apply.setDefault(True)
        self.category.currentIndexChanged.connect(lambda _index: self._category_chosen())
        self._category_chosen()

    def _current(self) -> bool:
        """Whether the count holds the figures of the category shown, worked out of the register as it is now: Apply
        is enabled only then (applying otherwise would compare the files on the window's thread)."""
        return figures_current(self.count, self.category.currentData(), counted_register(self.db, self.item.case_id))

    def exec(self) -> int:
        """The dialog shown, unless its figures could not be worked out while it was being made (rejected then)."""
        return QDialog.DialogCode.Rejected if self.refused else super().exec()

    def accept(self) -> None:
        """Apply: the figures shown carried into the case; without current figures nothing is applied (rejected)."""
        if self._current():
            super().accept()
        else:
            self.reject()

    def _category_chosen(self) -> None:
        """A category chosen: its figures shown when the count brought them (the register as it was then), else the
        files counted into it read and its figures worked out by the runner first (Apply waits for them)."""
        category = self.category.currentData()
        self._show_count()
        register = counted_register(self.db, self.item.case_id)
        if figures_current(self.count, category, register):
            self.chosen = self.category.currentIndex()
            self.buttons.button(QDialogButtonBox.StandardButton.Apply).setEnabled(True)
            self._show_result()
            return
        from workstation.filestore import files_key

        try:  # read here: the worker thread does not hold the session
            key = files_key(self.data_dir) if self.data_dir is not None and unread_items(
                self.count, self.item, register, category) else ASK_KEY
        except WorkstationError as exc:
            self._compare_failed(exc)
            return
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setEnabled(False)
        self.runner.run(_("Counting the records of {file}").format(file=mask_text(self.item.file_name)),
                        partial(figured_count, self.data_dir, self.count, self.item, register, category, key=key),
                        self._compared, self._compare_failed, self)

    def _compared(self, count: RecordCount) -> None:
        if not isValid(self):
            return
        self.count = count
        self.chosen = self.category.currentIndex()
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setEnabled(self._current())
        self._show_result()

    def _compare_failed(self, exc: BaseException) -> None:
        """The files of the category chosen could not be read (Cancel, a stored copy gone: named by its number):
        said, and the category whose files were read chosen again."""
        if not isValid(self):
            return
        self.category.blockSignals(True)
        self.category.setCurrentIndex(self.chosen)
        self.category.blockSignals(False)
        current = self._current()
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setEnabled(current)
        self._show_result()
        if self.prompts is not None:
            report_failure(self, self.prompts, exc if not isinstance(exc, WorkstationError)
                           else numbered_copy_error(self.db, exc))
        if not current:  # no figures to apply (the register changed since the count): nothing to do but close
            self.refused = True
            self.reject()

    def _show_count(self) -> RecordCount:
        """The file's figure and steps as the category chosen counts it (``counted_as``: C and D by records, E by
        people), with both figures said; the count so made."""
        shown = counted_as(self.count, self.category.currentData())
        base = shown.base or shown
        self.figure.setText(_("{file}: {n} distinct records").format(file=mask_text(self.item.file_name),
                                                                    n=f"{shown.distinct:,}") + (
            "\n" + _("Counted as records (one row, one record: call records, transactions): {records}; as distinct "
                     "people: {people}.").format(records=f"{base.records:,}", people=f"{base.distinct:,}")
            if base.record_rows else ""))
        # each step masked: a sheet's name may hold a phone number (工作表“业务员13912345678”), as a file's name may
        self.steps.setText("\n".join(f"{n}. {mask_text(step)}" for n, step in enumerate(shown.steps, 1)))
        return shown

    def _show_result(self) -> None:
        """The sum the case's figure of the category chosen becomes, from the figures the count holds (worked out by
        the runner: nothing compared here); nothing while they are not."""
        key = self.category.currentData()
        shown = self._show_count()
        figure = self.count.figures.get(key, {}).get(key)
        if figure is None:
            self.result.setText("")
            return
        planned = replace(self.item, record_count=shown.distinct, record_category=key)
        now = getattr(self.case, f"records_{key}")
        parts = [(mask_text(name), n) for name, n in counted_parts(self.db, planned, key)]
        shared = replace(figure.overlap, recipients=tuple(mask_text(name) for name in figure.overlap.recipients))
        after = figure.after
        typed = now not in (figure.before, after)
        self.result.setText(sum_text(key, parts, shared) + "\n" + (
            _("(the case now records {n}, a figure not counted from its evidence: you will be asked whether to "
              "replace it)") if typed else _("(the case now records {n})")).format(n=f"{now:,}"))


class CaseEvidence(QGroupBox):
    """The case's evidence register; ``changed`` is called after an item was added, changed or counted. Storing a
    new file, counting and saving a copy run through ``runner`` (the window's task runner, with progress and Cancel;
    immediate when none is given); while such work of the register runs, its buttons are greyed out saying so (a
    second click on 统计信息条数… would count again behind the first). Delete in the table voids the item selected,
    asking as 作废… does. Phone and ID numbers in what it says of an item are masked, as its table shows them."""

    def __init__(self, db, data_dir, case, prompts, changed=None, runner=None, parent: QWidget | None = None):
        super().__init__(_("Evidence"), parent)
        self.db, self.data_dir, self.case, self.prompts, self.changed = db, Path(data_dir), case, prompts, changed
        self.runner = runner or ImmediateRunner(self)
        self.working: str | None = None  # the title of the register's work running (``_run``), None when none is
        self.model = EvidenceModel(self)
        self.view = read_only_table(self.model)
        self.view.setObjectName("evidence_table")
        self.view.verticalHeader().setVisible(True)  # the items' numbers, as the timeline and the documents cite them
        self.view.setMinimumHeight(140)
        self.view.activated.connect(lambda _index: self.edit_selected())  # Enter, and a double-click
        add_reveal_action(self.view, self.reveal_selected)
        copy_hash = QAction(_("Copy SHA-256"), self.view)
        copy_hash.setObjectName("copy_sha256")
        copy_hash.setToolTip(_("Copy the selected file's whole SHA-256 fingerprint (the table shows its first 12 "
                               "characters)."))
        copy_hash.triggered.connect(lambda _checked=False: self.copy_hash())
        self.view.addAction(copy_hash)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for text, name, slot in ((_("Add evidence…"), "add_evidence", self.add),
                                 (_("Edit…"), "edit_evidence", self.edit_selected),
                                 (_("Count records…"), "count_records", self.count_selected),
                                 (_("Save as…"), "save_evidence", self.save_selected),
                                 (_("Void…"), "void_evidence", self.void_or_unvoid)):
            button = QPushButton(with_fixed_letter(text, BUTTON_LETTERS[name]))
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        # Delete in the table: 作废… of the item selected, its reason and confirmation asked as the button asks them
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setObjectName("void_key")
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.void_key)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._item_actions_offered())
        self.refresh()

    def refresh(self) -> None:
        self.case = get_case(self.db, self.case.id)
        self.model.set_records(list_evidence(self.db, self.case.id))
        # a closed register still takes the file of an item whose stored copy is gone, to put that copy back
        self.copies_missing = closed_register_refusal(self.case) is not None and \
            bool(missing_copies(self.db, self.data_dir, self.case.id))
        self._item_actions_offered()

    def _item_actions_offered(self) -> None:
        """The buttons acting on one item as they apply to the item selected, each greyed out saying why when it
        does not: all of them while none is selected, 编辑… and 统计信息条数… of a voided item (its copy is
        still saved; 作废… becomes 恢复… for it, greyed out while another item holds its file), 统计信息条数… of a file whose records cannot be counted (a recording, a photo), 统计信息条数… and
        另存为… of an item whose stored copy is gone from the data folder (adding the file again restores it), all but
        另存为… of a closed case, which keeps the register and the record counts it was closed with, and
        统计信息条数… of a decided case, whose decision was made on its record counts."""
        item = self._current()
        if self.working is not None:  # the register's work under way: nothing else started meanwhile
            for button in self.buttons.values():
                enable_or_say_why(button, _("Wait for the work under way to end: {work}.").format(work=self.working))
            return
        chosen = _("Select an evidence item first.") if item is None else None
        # masked as the register shows the item's name and reason
        voided = mask_text(voided_text(self.db, item)) if item is not None and item.void_reason else None
        closed = closed_register_refusal(self.case)
        enable_or_say_why(self.buttons["add_evidence"], None if self.copies_missing else closed)
        if closed and self.copies_missing:  # usable for that alone, and saying so
            self.buttons["add_evidence"].setToolTip(join_sentences([closed, restoring_only()]))
        enable_or_say_why(self.buttons["edit_evidence"], closed or chosen or voided)
        uncounted = count_refusal(mask_text(item.file_name)) if item is not None else None
        missing = stored_copy_missing(self.data_dir, item, self.model.numbers.get(item.id)) if item is not None \
            else None
        missing = mask_text(missing) if missing else None  # its file name masked, as the register shows it
        enable_or_say_why(self.buttons["count_records"], counts_refusal(self.db, self.case) or chosen or voided
                          or uncounted or missing)
        enable_or_say_why(self.buttons["save_evidence"], chosen or missing)
        # a voided item selected: 作废… becomes 恢复… (its void undone), its Alt letter kept (none is left on the page)
        restoring = item is not None and bool(item.void_reason)
        self.buttons["void_evidence"].setText(with_fixed_letter(_("Unvoid…") if restoring else _("Void…"),
                                                                BUTTON_LETTERS["void_evidence"]))
        refused = (unvoid_refusal if restoring else void_refusal)(self.db, item) if item is not None else None
        enable_or_say_why(self.buttons["void_evidence"], closed or chosen or (mask_text(refused) if refused else None))
        if restoring and self.buttons["void_evidence"].isEnabled():  # which item it restores, and why it was voided
            self.buttons["void_evidence"].setToolTip(mask_text(_("Restores evidence item {n} ({file}), voided: {reason}"
                                                                 ).format(n=self.model.numbers.get(item.id),
                                                                          file=item.file_name, reason=item.void_reason)))

    def _run(self, title: str, work, on_done, on_error) -> None:
        """Run the register's ``work`` through the runner (progress and Cancel), its buttons greyed out until it ended
        (``working``), then ``on_done`` or ``on_error`` told; nothing when the register went meanwhile (the case
        closed, or its page rebuilt)."""

        def ended(callback):
            def end(value) -> None:
                if isValid(self):
                    self.working = None
                    self._item_actions_offered()
                callback(value)

            return end

        self.working = title
        self._item_actions_offered()
        self.runner.run(title, work, ended(on_done), ended(on_error), self)

    def _current(self) -> Evidence | None:
        """The item selected in the table, None when none is (nothing said)."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.records[rows[0].row()] if rows else None

    def selected(self) -> Evidence | None:
        """The item selected in the table; with none, the officer is told to select one first (None)."""
        item = self._current()
        if item is None:
            self.prompts.info(self, _("Select an evidence item first."))
        return item

    def copy_hash(self) -> None:
        """Put the current item's whole SHA-256 on the clipboard."""
        from PySide6.QtGui import QGuiApplication

        index = self.view.currentIndex()
        if index.isValid():
            QGuiApplication.clipboard().setText(self.model.records[index.row()].sha256)

    def reveal_selected(self) -> None:
        """Show the numbers written in the selected item's file name, source and description (audited)."""
        index = self.view.currentIndex()
        if index.isValid():
            self.model.reveal_row(self.db, self.prompts, self, index.row())

    def add(self) -> None:
        """Add a file chosen as a new item, described in the dialog. The file of an item whose stored copy is gone
        from the data folder puts that copy back instead, nothing asked (``restore_missing_copy``), whatever the
        case's state: a closed register takes that file alone, a decided case's, although its day is today."""
        if self.working is not None:  # asked for otherwise (a shortcut)
            return
        refusal = closed_register_refusal(get_case(self.db, self.case.id))
        missing = missing_copies(self.db, self.data_dir, self.case.id)
        if refusal and not missing:  # asked for otherwise (a shortcut)
            self.prompts.error(self, refusal)
            return
        paths = self._chosen_files(several=refusal is None)
        if not paths:
            return
        refused = []  # an empty file or a folder: one chosen alone is refused before anything is asked
        for path in paths:
            try:
                check_evidence_file(path)
            except WorkstationError as exc:
                refused.append(_named_refusal(path, exc.message))
        if len(refused) == len(paths):  # nothing to describe: each named
            self.prompts.error(self, mask_text("\n".join(refused)))
            return
        # several chosen: the good ones are described and added, each refused one named with its reason when they
        # are stored (``add_files_task``)
        if len(paths) > 1:  # one description for them all (a file whose stored copy is gone puts it back)
            self._describe(EvidenceDialog(self.db, self.data_dir, self.case, self.prompts, paths=paths, parent=self,
                                          runner=self.runner))
            return
        path = paths[0]
        if missing:  # read first, in the background: is it the file of a copy gone?
            from workstation.paths import database_path

            work = partial(restore_task, database_path(self.data_dir), self.data_dir, self.case.id, path)
            self._run(_("Storing {file}").format(file=mask_text(Path(path).name)), work,
                      lambda restored: self._restored(path, *restored, refusal), self._restore_failed)
            return
        self._describe(EvidenceDialog(self.db, self.data_dir, self.case, self.prompts, path=path, parent=self,
                                      runner=self.runner))

    def _chosen_files(self, several: bool) -> list[str]:
        """The files the officer chose to add: several at once where the prompts offer it (the window's file dialog)
        and the register takes new items (``several``), else one (a closed register takes one file, whose stored
        copy it puts back); [] when none was."""
        choose_many = getattr(self.prompts, "open_files", None) if several else None
        if choose_many is not None:
            return [str(path) for path in choose_many(self, _("Add evidence"), _("All files (*)")) if path]
        path = self.prompts.open_file(self, _("Add evidence"), _("All files (*)"))
        return [path] if path else []

    def _restored(self, path: str, item: Evidence | None, repaired: bool, refusal: str | None) -> None:
        """The file chosen was read: the copy it put back (or replaced, ``repaired``) said, else the file refused as
        the closed register refuses it, else described as a new item."""
        if not isValid(self):
            return
        if item is not None:
            self.prompts.info(self, mask_text(restored_text(self.db, Path(path).name, item, repaired)))
            self._changed()
        elif refusal:
            self.prompts.error(self, refusal)
        else:
            self._describe(EvidenceDialog(self.db, self.data_dir, self.case, self.prompts, path=path, parent=self,
                                          runner=self.runner))

    def _restore_failed(self, exc: BaseException) -> None:
        report_failure(self, self.prompts, masked(exc))

    def edit_selected(self) -> None:
        if self.working is not None:  # Enter or a double-click while the register's work runs
            return
        item = self.selected()
        if item is not None and item.void_reason:
            self.prompts.error(self, mask_text(voided_text(self.db, item)))
        elif item is not None:
            self._describe(EvidenceDialog(self.db, self.data_dir, self.case, self.prompts, item=item, parent=self,
                                          runner=self.runner))

    def _describe(self, dialog: EvidenceDialog) -> None:
        if exec_once(dialog) == QDialog.DialogCode.Accepted:
            self._changed()
        elif dialog.changed_elsewhere:  # refused: the register shows the item as described elsewhere
            self.refresh()

    def count_selected(self) -> None:
        """Count the selected spreadsheet's records in the background (a list of a million rows takes a while),
        with progress and Cancel; then show the computation and carry it into the case if the officer applies it."""
        from workstation.filestore import files_key

        if self.working is not None:  # clicked again while its count runs
            return
        refusal = counts_refusal(self.db, get_case(self.db, self.case.id))
        if refusal:  # said before the file is read, not after the officer waited for its count
            self.prompts.error(self, refusal)
            return
        item = self.selected()
        if item is None:
            return
        if item.void_reason:
            self.prompts.error(self, mask_text(voided_text(self.db, item)))
            return
        try:
            key = files_key(self.data_dir)  # read here: the worker thread does not hold the session
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        # the items counted before into the category the dialog proposes are read too, and the case's figures of it
        # worked out there: a record in two of them is one record of the case (those of a category chosen instead
        # are read once it is chosen, ``CountDialog``); the window only shows them
        register = counted_register(self.db, self.case.id)
        item = next((other for other in register if other.id == item.id), item)
        work = partial(count_task, self.data_dir, item, register, proposed(item), key=key)
        self._run(_("Counting the records of {file}").format(file=mask_text(item.file_name)), work,
                  lambda count: self._counted(item, count), self._count_failed)

    def _count_failed(self, exc: BaseException) -> None:
        """The count was cancelled or refused: a stored copy gone names its item by its number."""
        report_failure(self, self.prompts, masked(numbered_copy_error(self.db, exc) if isValid(self) else exc))

    def _counted(self, item: Evidence, count: RecordCount) -> None:
        if not isValid(self):
            return
        dialog = CountDialog(self.db, item, count, self.case, self, data_dir=self.data_dir, runner=self.runner,
                             prompts=self.prompts)
        if exec_once(dialog) != QDialog.DialogCode.Accepted:
            return
        category, count = dialog.category.currentData(), dialog.count  # with the files of the category chosen
        try:
            if not apply_asking(self.prompts, self, lambda stated, _again: apply_count(
                    self.db, self.data_dir, self.case.id, item.id, category, count, stated=stated)):
                return
        except WorkstationError as exc:
            self.prompts.error(self, mask_text(exc.message))
            return
        self._changed()

    def save_selected(self) -> None:
        """Save a copy of the selected item's stored file where the officer chooses, in the background (a recording
        of hundreds of MB takes a while) with its progress in bytes and a Cancel: the copy is written whole or not at
        all (a Cancel leaves nothing at the place chosen), and said written only once it is."""
        from workstation.filestore import files_key
        from workstation.output import check_output

        if self.working is not None:
            return
        item = self.selected()
        if item is None:
            return
        target = self.prompts.save_file(self, _("Save a copy of the evidence"), offered_name(item.file_name),
                                        _("All files (*)"))
        if not target:
            return
        try:
            check_output(target)  # a missing folder is said at once, not after a progress dialog
            key = files_key(self.data_dir)  # read here: the worker thread does not hold the session
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        work = partial(save_copy, self.data_dir, item, target, key=key, number=self.model.numbers.get(item.id))
        self._run(_("Saving a copy of {file}").format(file=mask_text(item.file_name)), work, self._saved,
                  self._save_failed)

    def _saved(self, written: Path) -> None:
        if isValid(self):
            say_written(self, self.prompts, written)

    def _save_failed(self, exc: BaseException) -> None:
        from workstation.errors import Cancelled

        if isinstance(exc, Cancelled) and isValid(self):
            self.prompts.info(self, _("Saving the copy was cancelled: no file was written."))
            return
        report_failure(self, self.prompts, masked(exc))

    def void_selected(self) -> None:
        """Void the selected item registered by mistake: its reason asked (required), what follows said and
        confirmed; the register, the timeline and the case's counts follow. A refusal changes nothing."""
        if (chosen := self._chosen(void_refusal)) is None:
            return
        item, n, name = chosen
        reason = self.prompts.ask_text(self, _("Void evidence item {n}").format(n=n), _(
            "Why is evidence item {n} ({file}) void, e.g. the wrong screenshot or another case's file? (kept with "
            "it)").format(n=n, file=name))
        if reason is None:
            return
        if not reason.strip():
            self.prompts.error(self, _("Say why evidence item {n} ({file}) is void: the reason is kept with it."
                                       ).format(n=n, file=name))
            return
        question = join_sentences([_("Void evidence item {n} ({file})?").format(n=n, file=name),
                                   *void_consequences(self.db, item), *void_count_effects(self.db, item),
                                   _("It can be restored afterwards (select it, then “{button}”) unless the same file "
                                     "is added again in its place or the case is closed.").format(
                                       button=_("Unvoid…"))])
        if not self.prompts.confirm(self, question, destructive=True):
            return
        from workstation.paths import database_path

        # a counted item's void reads the case's other counted files again: in the background, with Cancel
        work = partial(void_task, database_path(self.data_dir), self.data_dir, item.id, reason)
        self._run(_("Voiding evidence item {n} ({file})").format(n=n, file=name), work, self._voided,
                  self._void_failed)

    def void_or_unvoid(self) -> None:
        """The 作废… button: 恢复… (``unvoid_selected``) while a voided item is selected, else 作废…."""
        item = self._current()
        if item is not None and item.void_reason:
            self.unvoid_selected()
        else:
            self.void_selected()

    def unvoid_selected(self) -> None:
        """Restore the selected voided item (its void undone, ``unvoid_and_recount``): what follows said and
        confirmed; the register, the timeline and the case's counts follow. A refusal changes nothing."""
        if (chosen := self._chosen(unvoid_refusal)) is None:
            return
        item, n, name = chosen
        question = join_sentences([_("Restore evidence item {n} ({file}), voided ({reason})?").format(
            n=n, file=name, reason=mask_text(item.void_reason)), *unvoid_consequences(self.db, item)])
        if not self.prompts.confirm(self, question):
            return
        from workstation.paths import database_path

        work = partial(unvoid_task, database_path(self.data_dir), self.data_dir, item.id)
        self._run(_("Restoring evidence item {n} ({file})").format(n=n, file=name), work, self._voided,
                  self._void_failed)

    def _chosen(self, refusal_of) -> tuple[Evidence, int, str] | None:
        """The selected item for voiding or restoring, its number and masked file name; None (the refusal of
        ``refusal_of`` said) when the register's work runs, nothing is selected or the step is refused."""
        if self.working is not None or (item := self.selected()) is None:
            return None
        if refusal := refusal_of(self.db, item):
            self.prompts.error(self, mask_text(refusal))
            return None
        return item, item_number(self.db, item), mask_text(item.file_name)

    def void_key(self) -> None:
        """Delete in the table: 作废… of the item selected, as its button does; while the button is greyed out, why
        it is said instead (a closed register, a voided item), nothing while the register's work runs."""
        if self.working is not None:
            return
        button = self.buttons["void_evidence"]
        if (item := self._current()) is not None and item.void_reason:  # its button restores it: not Delete
            if refusal := void_refusal(self.db, item):
                self.prompts.error(self, mask_text(refusal))
            return
        if button.isEnabled():
            self.void_selected()
        else:
            self.prompts.error(self, button.toolTip())

    def _voided(self, _item: Evidence) -> None:
        if isValid(self):
            self._changed()

    def _void_failed(self, exc: BaseException) -> None:
        """Cancelled, or refused (a counted file that cannot be read, the case closed meanwhile …): nothing was
        changed — an item being voided is still in force, one being restored still void."""
        report_failure(self, self.prompts, masked(exc))

    def _changed(self) -> None:
        self.refresh()
        if self.changed is not None:
            self.changed()

