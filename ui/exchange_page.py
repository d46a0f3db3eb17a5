"""The exchange page (交换): this station's identity and key fingerprint, headquarters' key, the stations trusted
here; exporting a signed bundle for headquarters and importing stations' bundles with a preview before they
are merged; the history of both; the conflicts a merge kept for the analyst to resolve; and the number blocks
(号段) known here — at a station those it holds (entered with 添加号段…), at headquarters those it allocated.

Bundles are read, planned, written and merged through the task runner, each task with its own connection."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.bundle_dialogs import (
    BUNDLE_FILTERS,
    ExportDialog,
    MergePreviewDialog,
    conflict_fields,
    fields_in_conflict,
    safe_file_part,
)
from ui.bundle_tasks import export_task, merge_task, plan_task, read_card_task, replan_task
from ui.dialog_once import exec_once
from ui.layouts import enable_or_say_why, error_text, heading, plain_label, scrolled_body
from ui.merge_plan_model import field_label, show_value, table_label
from ui.pages import read_only_table
from ui.record_model import DISPLAY_ROLE, TOOLTIP_ROLE, RecordTableModel
from ui.task_runner import keeping_token
from workstation.audit import no_officer_text
from workstation.bundle import (
    deleted_note,
    last_export,
    list_conflicts,
    list_imports,
    reopen_conflict,
    reopen_refusal,
    resolve_conflict,
    settled_note,
    undecided_note,
)
from workstation.bundle.conflict_text import conflict_station, record_names
from workstation.bundle.details_part import details_note
from workstation.bundle.import_log import (
    case_counts,
    cases_text,
    last_imports,
    list_refusals,
    merge_summary,
    record_if_refused,
    record_refusal,
)
from workstation.bundle.merge import EarlierBundleMissing, PlanOutdated, undecided_deletions_note
from workstation.bundle.station_card import agency_kept_text, agency_question, card_note
from workstation.bundle.writer import holds_text, nothing_new_note, removed_parts_note
from workstation.documents.number_blocks import add_block, known_type_codes, list_blocks, withdraw_block
from workstation.errors import Cancelled, WorkstationError, shortened
from workstation.exports_sent import before_m034_note, case_numbers_text, exports_before_m034, sent_exports
from workstation.fullwidth import tidy_spaces
from workstation.i18n import N_, _, ngettext
from workstation.output import written_text
from workstation.records import short_time
from workstation.station import (
    agency_change,
    distinct_labels,
    earlier_withdrawal_text,
    earlier_withdrawals,
    ensure_station,
    headquarters,
    key_withdrawn,
    list_stations,
    same_fingerprint,
    same_station_trusted,
    set_headquarters,
    station_label,
    this_station,
    trust_station,
    trusted_stations,
    untrust_station,
    withdrawal,
    withdrawal_text,
    withdrawn_key_refusal,
    write_card,
)
from workstation.station_role import (
    HEADQUARTERS,
    STATION,
    installation_role,
    own_agency,
    role_text,
    set_installation_role,
    unset_headquarters_stations,
)
from workstation.store import get_agency, list_agencies

ROLE_LABELS = {"self": N_("This station"), "hq": N_("Headquarters"), "trusted": N_("Trusted station")}
SCOPE_LABELS = {"changed": N_("Changed since the last export"), "all": N_("Everything"), "cases": N_("Chosen cases")}
CARD_FILTERS = N_("Station cards (*.card *.json);;All files (*)")
TRUST_FILTERS = N_("Station cards and bundles (*.card *.json *.bundle);;All files (*)")


def served_stations(db, data_dir: Path) -> int:
    """How many stations this workstation is headquarters for: the stations it trusts, when its role was set to
    headquarters and it names no headquarters of its own; 0 at a station (whatever stations it trusts)."""
    if headquarters(db) is not None or not installation_role(db, data_dir).headquarters:
        return 0
    return len(trusted_stations(db))


def _block_station(block: dict) -> str:
    """The station holding a number block: its name (未命名 for one never named; with its fingerprint's first group
    when two stations share the name), else its id."""
    return block.get("station_label") or (station_label(block["station_name"]) if block["station_name"]
                                          else block["station"])


class StationRow:
    """A row of the 站点 list: the station (its fields read through), whether its key was withdrawn here
    (``withdrawal``) and its name as lists show it (``distinct_labels``)."""

    def __init__(self, station, withdrawn: dict | None, label: str, last_import: dict | None = None):
        self.station, self.withdrawn, self.label = station, withdrawn, label
        # the last bundle imported from the station: {"imported_at", "created_at"} (when it was made there)
        self.last_import = last_import

    def __getattr__(self, name):
        return getattr(self.station, name)


def station_rows(db) -> list[StationRow]:
    stations = list_stations(db)
    labels = distinct_labels(stations, unnamed_fingerprint=False)
    last = last_imports(db)
    return [StationRow(s, withdrawal(db, s), labels[s.id], last.get(s.id)) for s in stations]


def _last_import(row, key: str) -> str:
    """When the last bundle of the station was imported here (``imported_at``) or made there (``created_at``): "—"
    for none, and for this station itself."""
    last = getattr(row, "last_import", None)
    return short_time(last[key]) or "—" if last and row.role != "self" else "—"


def _role_text(row) -> str:
    if getattr(row, "withdrawn", None):
        return _("Key withdrawn {date}").format(date=short_time(row.withdrawn.get("at")))
    return _(ROLE_LABELS.get(row.role, row.role))


def _count(row: dict, key: str) -> str:
    return "" if row.get("refused") else str(row[key])


def import_log(db) -> list[dict]:
    """The 导入记录 list: the bundles merged here and those refused here, newest first; a merge with the counts of
    its cases (kept since this version: "—" for one made before)."""
    kept = case_counts(db)
    rows = [{**r, "cases": kept.get(r["id"])} for r in list_imports(db)]
    rows += [{"imported_at": r.get("at", ""), "file_name": r.get("file", ""), "station_name": r.get("station", ""),
              "refused": r.get("reason") or "?"} for r in list_refusals(db)]
    return sorted(rows, key=lambda r: str(r["imported_at"]), reverse=True)


#: the characters of a result the 导入记录 list shows: a refusal's reason can run to 300 characters, which made the
#: column 1,200 px wide and pushed the cases and counts off screen; the whole text is the cell's tooltip
RESULT_CHARS = 36


def _refused_word(template: str) -> str:
    """已拒收, as the prefix “已拒收：{reason}” says it."""
    return template.split("{")[0].strip(" :：")


def _result_text(row: dict) -> str:
    """Merged, or refused with the reason (the whole text: the cell's tooltip); a reason that says the bundle was
    refused already (most do: “…已拒收：请站点重新导出”) is not told so twice."""
    reason = row.get("refused")
    if not reason:
        return _("Merged")
    template = _("Refused: {reason}")
    word = _refused_word(template)
    return reason if word and word.casefold() in str(reason).casefold() else template.format(reason=reason)


#: where a reason's clauses end: Chinese punctuation, or Latin punctuation before a space or the end (not the dot of
#: a file name)
CLAUSE_END = re.compile(r"([；：，。！？]|[;:,.!?](?=\s|$))")


def _without_clauses_saying(text: str, word: str) -> str:
    """``text`` without its clauses that say ``word`` (“…不完整；案卷包已拒收：请站点重新导出。” → “…不完整；请站点重新导出。”),
    each with the punctuation after it; the last one's closing punctuation kept."""
    parts = CLAUSE_END.split(text)
    clauses = [(parts[i], parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]
    kept: list[tuple[str, str]] = []
    for at, (clause, end) in enumerate(clauses):
        if word.casefold() not in clause.casefold():
            kept.append((clause, end))
        elif kept and not any(later.strip() for later, _end in clauses[at + 1:]):
            kept[-1] = (kept[-1][0], end)  # the sentence's end (。) after the clause before
    return "".join(clause + end for clause, end in kept).strip()


def _result_cell(row: dict) -> str:
    """The 结果 cell: Merged, or the refusal word first (已拒收：…) whatever the reason says and wherever it says it,
    then the reason without the clause that says it nor the file name the 文件 column shows, shortened (the whole
    text is the tooltip, ``_result_text``)."""
    reason = row.get("refused")
    if not reason:
        return _("Merged")
    template = _("Refused: {reason}")
    word = _refused_word(template)
    rest = _without_clauses_saying(str(reason), word) if word else str(reason)
    name = str(row.get("file_name") or "")
    if name and rest.startswith(name):  # “x.bundle：清单不完整…”: the file is the cell beside it
        after = rest[len(name):].lstrip()
        if CLAUSE_END.match(after):
            rest = after[1:].lstrip()
    text = template.format(reason=rest) if rest else word
    # whole up to RESULT_CHARS characters; a longer one cut to RESULT_CHARS with its “…”
    return text if len(text) <= RESULT_CHARS else shortened(text, RESULT_CHARS - 1)


#: the header of the conflicts' incoming value: the station's at headquarters, headquarters' at a station
INCOMING_HEADER = N_("Station's value")


class ConflictsModel(RecordTableModel):
    """The 冲突 list: the incoming value's column says whose it is (``from_headquarters``: at a station, whose
    conflicts come from headquarters' hand-outs)."""

    from_headquarters = False

    def headerData(self, section: int, orientation, role: int = DISPLAY_ROLE):
        if self.from_headquarters and role == DISPLAY_ROLE and 0 <= section < len(self.columns) \
                and self.columns[section][0] == INCOMING_HEADER and orientation == Qt.Orientation.Horizontal:
            return _("Headquarters' value")
        return super().headerData(section, orientation, role)

    def set_from_headquarters(self, value: bool) -> None:
        if value != self.from_headquarters:
            self.from_headquarters = value
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)


class ImportLogModel(RecordTableModel):
    """The 导入记录 list: a cell's tooltip is its whole text (a refusal's reason, shown shortened)."""

    def data(self, index, role: int = DISPLAY_ROLE):
        if role == TOOLTIP_ROLE and index.isValid() and 0 <= index.row() < len(self.records) \
                and self.columns[index.column()][0] == N_("Result"):
            return _result_text(self.records[index.row()])
        return super().data(index, role)


def _models(names=dict):
    """The columns of the page's tables; ``names()`` gives the names of the parties and cases the open conflicts
    name by id (``record_names``: an interview's party results)."""
    stations = [(N_("Role"), _role_text), (N_("Station"), lambda s: getattr(s, "label", None) or station_label(s.name)),
                (N_("Fingerprint"), lambda s: s.fingerprint), (N_("Trusted at"), lambda s: short_time(s.trusted_at) or "—"),
                # which station is behind: when its last bundle was made there and imported here (the number of
                # its audit entries received said nothing to the analyst)
                (N_("Last bundle made"), lambda s: _last_import(s, "created_at"),
                 lambda s: str((getattr(s, "last_import", None) or {}).get("created_at") or "")),
                (N_("Last imported"), lambda s: _last_import(s, "imported_at"),
                 lambda s: str((getattr(s, "last_import", None) or {}).get("imported_at") or ""))]
    exports = [(N_("Exported at"), lambda r: short_time(r["created_at"])),
               (N_("Scope"), lambda r: _(SCOPE_LABELS.get(r["scope"], r["scope"]))),
               (N_("Cases"), lambda r: str(r["cases"])), (N_("Files"), lambda r: str(r["files"])),
               (N_("Encrypted"), lambda r: _("Yes") if r["encrypted"] else _("No")),
               (N_("File"), lambda r: r["path"]),
               (N_("By"), lambda r: r["created_by_officer"] or no_officer_text()),
               (N_("Sent to"), lambda r: r["destination_text"]),
               (N_("Case numbers"), lambda r: case_numbers_text(r["case_names"]))]
    # a merge's counts are of records of every kind (parties, case records…): its cases are said first; a bundle
    # refused here is listed with its reason, its counts left empty
    imports = [(N_("Imported at"), lambda r: short_time(r["imported_at"])), (N_("File"), lambda r: r["file_name"]),
               (N_("Station"), lambda r: station_label(r["station_name"]) if r["station_name"] or
                not r.get("refused") else "—"),
               (N_("Result"), _result_cell),
               (N_("Cases"), lambda r: "—" if r.get("refused") or r.get("cases") is None else cases_text(r["cases"])),
               (N_("Records new"), lambda r: _count(r, "new")), (N_("Records updated"), lambda r: _count(r, "updated")),
               (N_("Records unchanged"), lambda r: _count(r, "unchanged")),
               (N_("Records in conflict"), lambda r: _count(r, "conflicts")),
               (N_("By"), lambda r: "" if r.get("refused") else r["imported_by_officer"] or no_officer_text())]
    conflicts = [(N_("Record"), lambda c: c.label), (N_("Kind"), lambda c: table_label(c.table)),
                 (N_("Field"), lambda c: field_label(c.field, c.table)),
                 (N_("Value here"), lambda c: show_value(c.field, c.local, names(), c.table)),
                 (INCOMING_HEADER, lambda c: show_value(c.field, c.incoming, names(), c.table)),
                 # the version both sides held before they changed it, as the merge preview shows it
                 (N_("Last shared value"), lambda c: show_value(c.field, c.base, names(), c.table)),
                 (N_("Station"), conflict_station),
                 (N_("Detected"), lambda c: short_time(c.detected_at))]
    blocks = [(N_("Agency"), lambda b: b["agency_name"]), (N_("Type"), lambda b: b["type"]),
              (N_("Year"), lambda b: str(b["year"])), (N_("Serials"), lambda b: f"{b['from']}–{b['to']}"),
              (N_("Station"), lambda b: _("{station} (this station)").format(station=_block_station(b))
               if b["own"] else _block_station(b)),
              (N_("Used"), lambda b: f"{b['issued']} / {b['to'] - b['from'] + 1}"),
              (N_("Sequence"), lambda b: b["sequence"]),
              (N_("Allocated by"), lambda b: b["allocated_by"] or _("not signed in"))]
    return stations, exports, imports, conflicts, blocks


class ExchangePage(QWidget):
    """Bundles between this station and headquarters; ``records_changed`` fires when a merge or a resolved
    conflict changed the records, so the window reloads its lists; ``conflicts_changed`` whenever a conflict was
    settled or reopened, whichever value it kept (the statistics count the open conflicts)."""

    records_changed = Signal()
    conflicts_changed = Signal()

    def __init__(self, db, data_dir: Path, prompts, runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.data_dir, self.prompts, self.runner = db, Path(data_dir), prompts, runner
        self._queue: list[str] = []
        # the bundle being checked or merged; the bundles of this batch put back after the others because an
        # earlier bundle of their station was missing (it may come later in the same batch), each with the number
        # of bundles merged when it was: it is put back again only once another one was merged since
        self._current: str | None = None
        self._put_back: dict[str, int] = {}
        self._merged_count = 0
        self._confirmed: set[tuple[str, str]] = set()  # (station, key) the officer trusted during this batch
        self._settled = None  # the conflict settled last, with what it was (Settled), while it can be reopened
        self._settled_text = ""
        try:
            ensure_station(db, self.data_dir)
            self.station_error = ""
        except WorkstationError as exc:
            self.station_error = exc.message
        self.conflict_names: dict[str, str] = {}  # the parties and cases the open conflicts name (record_names)
        stations, exports, imports, conflicts, blocks = _models(lambda: self.conflict_names)
        self.stations_model = RecordTableModel(stations, self)
        self.exports_model = RecordTableModel(exports, self)
        self.imports_model = ImportLogModel(imports, self)
        self.conflicts_model = ConflictsModel(conflicts, self)
        self.blocks_model = RecordTableModel(blocks, self)
        self.buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(scrolled_body(self))  # scrolled on a laptop's short screen, not taller than it
        layout.addWidget(heading(_("Exchange")))
        layout.addWidget(self._station_box())
        layout.addLayout(self._bundle_row())
        layout.addWidget(self._tabs(), 1)
        self.refresh()

    # construction ----------------------------------------------------------------------------------------
    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons[name] = button
        return button

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def _station_box(self) -> QGroupBox:
        box = QGroupBox(_("This station"))
        self.station_name = self._label("station_name")
        self.station_agency = self._label("station_agency")
        self.station_id = self._label("station_id")
        self.station_fingerprint = self._label("station_fingerprint")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(20)
        font.setBold(True)
        self.station_fingerprint.setFont(font)
        self.station_fingerprint.setToolTip(_("Read this out on the phone when headquarters trusts this station."))
        self.hq_status = self._label("hq_status")
        self.role_status = self._label("role_status")
        form = QFormLayout()
        form.addRow(_("Station name"), self.station_name)
        form.addRow(_("Station agency"), self.station_agency)
        form.addRow(_("Station id"), self.station_id)
        form.addRow(_("Key fingerprint"), self.station_fingerprint)
        form.addRow(_("Role"), self.role_status)
        form.addRow(_("Headquarters"), self.hq_status)
        row = QHBoxLayout()
        row.addWidget(self._button(_("N&ame and agency…"), "rename_station", self.rename_station))
        row.addWidget(self._button(_("Export this station's car&d…"), "export_card", self.export_card))
        row.addWidget(self._button(_("Set headquarters' &key…"), "set_headquarters", self.set_headquarters))
        row.addWidget(self._button(_("&Trust a station…"), "trust_station", self.trust_station))
        row.addWidget(self._button(_("&Role…"), "set_role", self.set_role))
        row.addStretch(1)
        column = QVBoxLayout(box)
        column.addLayout(form)
        column.addWidget(self._role_notice())
        column.addLayout(row)
        return box

    def _role_notice(self) -> QWidget:
        """Shown at an installation set up before the role existed that works as headquarters did (it names no
        headquarters and merged stations' bundles) but has no role set: it is a station until told otherwise."""
        self.role_notice_box = QWidget()
        self.role_notice_box.setObjectName("role_notice_box")
        self.role_notice = self._label("role_notice")
        self.role_notice.setStyleSheet("color: #9a5b00; font-weight: bold;")
        row = QHBoxLayout(self.role_notice_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.role_notice, 1)
        row.addWidget(self._button(_("&Make this installation headquarters…"), "make_headquarters",
                                   self.make_headquarters))
        self.role_notice_box.setHidden(True)
        return self.role_notice_box

    def _bundle_row(self) -> QHBoxLayout:
        self.export_action = QAction(_("Export case bundle…"), self)
        self.export_action.setObjectName("export_bundle_action")
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.export_action.triggered.connect(lambda _checked=False: self.export_bundle())
        self.addAction(self.export_action)
        export = self._button(_("&Export case bundle…"), "export_bundle", self.export_bundle)
        export.setToolTip(_("Shortcut: {keys}").format(
            keys=QKeySequence("Ctrl+Shift+E").toString(QKeySequence.SequenceFormat.NativeText)))
        row = QHBoxLayout()
        row.addWidget(export)
        row.addWidget(self._button(_("&Import case bundles…"), "import_bundle", self.import_bundles))
        row.addStretch(1)
        return row

    def _tabs(self) -> QTabWidget:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("exchange_tabs")
        self.stations_view = read_only_table(self.stations_model)
        self.stations_view.setObjectName("stations")
        self.stations_view.setAccessibleName(plain_label(_("&Stations")))  # its tab's name, said by a screen reader
        self.exports_view = read_only_table(self.exports_model)
        self.exports_view.setObjectName("exports")
        self.exports_view.setAccessibleName(plain_label(_("E&xported bundles")))  # each named by its tab, as above
        self.imports_view = read_only_table(self.imports_model)
        self.imports_view.setObjectName("imports")
        self.imports_view.setAccessibleName(plain_label(_("Im&ported bundles")))
        self.conflicts_view = read_only_table(self.conflicts_model)
        self.conflicts_view.setObjectName("conflicts")
        self.conflicts_view.setAccessibleName(plain_label(_("Co&nflicts")))
        self.conflicts_view.selectionModel().currentRowChanged.connect(lambda *_args: self._conflict_selected())
        conflicts_tab = QWidget()
        column = QVBoxLayout(conflicts_tab)
        self.conflicts_note = note = QLabel()
        note.setWordWrap(True)
        column.addWidget(note)
        column.addWidget(self.conflicts_view, 1)
        self.no_conflicts = self._label("no_conflicts")
        self.no_conflicts.setText(_("No conflicts waiting to be settled."))
        self.no_conflicts.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.no_conflicts)
        self.settled_note = self._label("settled_note")
        column.addWidget(self.settled_note)
        row = QHBoxLayout()
        row.addWidget(self._button(_("Keep the &value here"), "keep_local", partial(self.resolve, False)))
        row.addWidget(self._button(_("Take the stati&on's value"), "take_incoming", partial(self.resolve, True)))
        row.addWidget(self._button(_("&Undo"), "reopen_conflict", self.reopen))
        row.addStretch(1)
        column.addLayout(row)
        undo = QShortcut(QKeySequence.StandardKey.Undo, conflicts_tab)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.reopen)
        stations_tab = QWidget()
        column = QVBoxLayout(stations_tab)
        column.addWidget(self.stations_view, 1)
        row = QHBoxLayout()
        row.addWidget(self._button(_("Withdraw trust in ke&y…"), "untrust_station", self.untrust_station))
        row.addStretch(1)
        column.addLayout(row)
        self.tabs.addTab(stations_tab, _("&Stations"))
        exports_tab = QWidget()
        column = QVBoxLayout(exports_tab)
        column.addWidget(self.exports_view, 1)
        # said once, not per row: the exports written before m034 do not record their cases nor where they went
        self.exports_note = self._label("exports_note")
        column.addWidget(self.exports_note)
        self.tabs.addTab(exports_tab, _("E&xported bundles"))
        self.tabs.addTab(self.imports_view, _("Im&ported bundles"))
        self.tabs.addTab(conflicts_tab, _("Co&nflicts"))
        self.tabs.addTab(self._blocks_tab(), _("Number b&locks"))
        return self.tabs

    def _blocks_tab(self) -> QWidget:
        """The number blocks (号段) known here, read only; a station enters the block headquarters gave it."""
        self.blocks_view = read_only_table(self.blocks_model)
        self.blocks_view.setObjectName("number_blocks")
        self.blocks_view.setAccessibleName(plain_label(_("Number b&locks")))  # its tab's name, for a screen reader
        tab = QWidget()
        column = QVBoxLayout(tab)
        note = QLabel(_("Blocks of 文号 serials headquarters allocated to stations: a station holding blocks of a "
                        "sequence issues inside them only; one without skips the other stations' blocks. Blocks "
                        "travel in bundles both ways."))
        note.setWordWrap(True)
        column.addWidget(note)
        column.addWidget(self.blocks_view, 1)
        row = QHBoxLayout()
        row.addWidget(self._button(_("Add number &block…"), "add_number_block", self.add_number_block))
        row.addWidget(self._button(_("Allocate n&umber block…"), "allocate_number_block", self.allocate_number_block))
        row.addWidget(self._button(_("&Withdraw number block…"), "withdraw_number_block", self.withdraw_number_block))
        row.addStretch(1)
        column.addLayout(row)
        self.blocks_view.selectionModel().currentRowChanged.connect(lambda *_args: self._block_selected())
        return tab

    # showing ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the station, headquarters' key, the stations, both histories, the open conflicts and the number
        blocks."""
        self.refresh_after_export()
        self.imports_model.set_records(import_log(self.db))
        conflicts = list_conflicts(self.db)
        self.conflict_names = record_names(self.db, conflicts)
        self.conflicts_model.set_records(conflicts)
        names = {a.code: a.name for a in list_agencies(self.db)}
        self.blocks_model.set_records([{**b, "agency_name": names.get(b["agency"], b["agency"])}
                                       for b in list_blocks(self.db)])
        at_headquarters = installation_role(self.db, self.data_dir).headquarters
        enable_or_say_why(self.buttons["add_number_block"], _(
            "Headquarters hands out number blocks with “{button}”; a station enters here the block it was "
            "given.").format(button=_("Allocate number block…")) if at_headquarters else None)
        enable_or_say_why(self.buttons["allocate_number_block"], None if at_headquarters else _(
            "Only headquarters allocates number blocks; a station enters the block it was given with “{button}”.")
            .format(button=_("Add number block…")))
        self._block_selected()
        for view in (self.imports_view, self.conflicts_view, self.blocks_view):
            if view.model().rowCount():  # an empty list keeps its columns' widths rather than shrinking them
                view.resizeColumnsToContents()
        conflicts = self.conflicts_model.records
        self.no_conflicts.setHidden(bool(conflicts))
        if self._settled is not None and reopen_refusal(self.db, self._settled) is not None:
            self._settled = None  # the record changed since (a merge, an edit): the settlement stays
        self._show_settled()
        self.tabs.setTabText(3, conflicts_tab_title(len(conflicts), len({(c.table, c.record_id) for c in conflicts})))
        self._show_conflict_words(not at_headquarters)
        self._conflict_selected()

    def _show_conflict_words(self, at_station: bool) -> None:
        """At a station the conflicts are with headquarters' values (its hand-outs), at headquarters with the
        stations': the 冲突 tab's note, column and button say whose."""
        self.conflicts_model.set_from_headquarters(at_station)
        self.conflicts_note.setText(_(
            "A field changed both here and at headquarters since they last shared it: the value held here was kept. "
            "Keep it, or take headquarters' value.") if at_station else _(
            "A field changed both here and at a station since they last shared it: the value held here was kept. "
            "Keep it, or take the station's value."))
        self.buttons["take_incoming"].setText(_("Take head&quarters' value") if at_station else _(
            "Take the stati&on's value"))

    def refresh_after_export(self) -> None:
        """Reload what an export changes: this station (a first export gives it its identity), the stations and the
        export history; the imports, conflicts and number blocks stay as read."""
        self._show_station()
        self.stations_model.set_records(station_rows(self.db))
        exports = sent_exports(self.db)
        self.exports_model.set_records(exports)
        older = exports_before_m034(exports)
        self.exports_note.setText(before_m034_note(older) if older else "")
        self.exports_note.setHidden(not older)
        for view in (self.stations_view, self.exports_view):
            view.resizeColumnsToContents()

    def _show_station(self) -> None:
        station = this_station(self.db)
        role = installation_role(self.db, self.data_dir)
        if station is None:
            for label in (self.station_name, self.station_agency, self.station_id, self.station_fingerprint):
                label.setText("—")
            self.station_name.setText(self.station_error or _("This station has no identity yet."))
        else:
            # at headquarters without an agency chosen, the city bureau it works as (own_agency)
            agency_id = station.agency_id or own_agency(self.db)
            agency = get_agency(self.db, agency_id) if agency_id else None
            self.station_name.setText(station_label(station.name))
            text = f"{agency.name}（{agency.code}）" if agency else "—"
            if agency and not station.agency_id and role.headquarters:
                text = _("{agency} (no agency chosen: headquarters works as the city bureau)").format(agency=text)
            self.station_agency.setText(text)
            self.station_id.setText(station.id)
            self.station_fingerprint.setText(station.fingerprint)
        self.role_status.setText(page_role_text(role))
        merged_from = unset_headquarters_stations(self.db, self.data_dir, role)  # the role file read once
        self.role_notice.setText(role_notice(merged_from) if merged_from else "")
        self.role_notice_box.setHidden(not merged_from)
        hq = headquarters(self.db)
        served = served_stations(self.db, self.data_dir)
        if hq is not None:
            text = tidy_spaces(_("Bundles are encrypted to {name} (fingerprint {fingerprint}).").format(
                name=station_label(hq.name), fingerprint=hq.fingerprint))
        elif role.headquarters:  # with no station trusted yet as well: not a laptop missing headquarters' key
            text = ngettext("This workstation is headquarters itself ({n} station trusted). Each hand-out is made "
                            "for one station, holds its records only and is encrypted to its key.",
                            "This workstation is headquarters itself ({n} stations trusted). Each hand-out is made "
                            "for one station, holds its records only and is encrypted to its key.",
                            served).format(n=served)
        else:
            text = _("Not set: bundles are not encrypted. Set headquarters' key from its station card.")
        self.hq_status.setText(text)
        # headquarters encrypts to no headquarters of its own: 设置总部密钥… is a station's button
        self.buttons["set_headquarters"].setHidden(role.headquarters and hq is None)

    def _conflict_selected(self) -> None:
        why = None if self.selected_conflict() is not None else _("Select a conflict in the list first.")
        enable_or_say_why(self.buttons["keep_local"], why)
        enable_or_say_why(self.buttons["take_incoming"], why)

    def _show_settled(self) -> None:
        """The undo of the conflict settled last, offered while nothing changed its record since."""
        keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(QKeySequence.SequenceFormat.NativeText)
        self.settled_note.setText(_("{settled} To reopen the conflict, click “{button}” ({keys}).").format(
            settled=self._settled_text, button=_("Undo"), keys=keys) if self._settled is not None else "")
        self.settled_note.setHidden(self._settled is None)
        enable_or_say_why(self.buttons["reopen_conflict"], None if self._settled is not None else _(
            "No conflict was settled here since the page opened, or its record changed since: there is nothing to "
            "undo."))
        if self._settled is not None:
            self.buttons["reopen_conflict"].setToolTip(_("Reopen the conflict settled last ({keys}).").format(
                keys=keys))

    def selected_conflict(self):
        index = self.conflicts_view.currentIndex()
        return self.conflicts_model.records[index.row()] if index.isValid() else None

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, WorkstationError):
            raise exc
        said_for_window(self.db, exc)
        if isinstance(exc, Cancelled):  # asked for by the officer: no error
            self.prompts.info(self, exc.message)
            return
        self.prompts.error(self, exc.message)

    # station identity ------------------------------------------------------------------------------------
    def rename_station(self) -> None:
        """Name this station and choose its agency (they travel in its card and its bundles)."""
        station = this_station(self.db)
        name = self.prompts.ask_text(self, _("Name and agency"), _("Station name"), station.name if station else "")
        if name is None:
            return
        name = name.strip()
        if not name:
            self.prompts.error(self, _("Station name: this field is required."))
            return
        agencies = list_agencies(self.db)
        current = next((i for i, a in enumerate(agencies) if station and a.id == station.agency_id), 0)
        index = self.prompts.choose_item(self, _("Name and agency"), _("Station agency"),
                                         [f"{a.name}（{a.code}）" for a in agencies], current)
        if index is None:
            return
        # the rule `init --agency` follows: numbers issued in the old agency's name are not left behind silently
        change = agency_change(self.db, agencies[index].id)
        if change and change.numbers_issued and not self.prompts.confirm(self, _(
                "This station works for {old} ({old_code}) and has issued 文号 or case numbers in its name. Change "
                "its agency to {new} ({code})? The numbers already issued stay as they are.").format(
                    old=change.old.name, old_code=change.old.code, new=change.new.name, code=change.new.code)):
            return
        try:
            ensure_station(self.db, self.data_dir, name=name, agency_id=agencies[index].id)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        self.refresh()
        if change:  # its officers stay at the old agency: said, as `init --agency` says it
            from workstation.store.agencies import officers_left_note

            if note := officers_left_note(self.db, change.old, change.new):
                self.prompts.info(self, note)

    def set_role(self) -> None:
        """Make this installation headquarters or a station (said on the page; audited)."""
        roles = [STATION, HEADQUARTERS]
        current = roles.index(installation_role(self.db, self.data_dir).role)
        index = self.prompts.choose_item(self, _("Role"), _("This installation is"),
                                         [_("a station (sends its bundles to headquarters)"),
                                          _("headquarters (merges the stations' bundles and hands them out)")],
                                         current)
        if index is None:
            return
        try:
            set_installation_role(self.db, self.data_dir, roles[index])
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        self.refresh()

    def make_headquarters(self) -> None:
        """Set the role of an installation that was taken for headquarters before roles were set, once the officer
        confirmed it is headquarters (audited)."""
        if not self.prompts.confirm(self, _("Make this installation headquarters? Its bundles then hand out to every "
                                            "station the records merged from the stations' bundles. The change is "
                                            "recorded in the audit log; “Role…” sets it back to a station.")):
            return
        try:
            set_installation_role(self.db, self.data_dir, HEADQUARTERS)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        self.refresh()

    def export_card(self) -> None:
        """Write this station's public card for headquarters (or, at headquarters, for the laptops)."""
        station = this_station(self.db)
        name = "站点名片-" + safe_file_part(station.name if station else "") + ".card"
        path = self.prompts.save_file(self, _("Export this station's card"), name, _(CARD_FILTERS))
        if not path:
            return
        try:
            card = write_card(self.db, self.data_dir, Path(path))
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        self.prompts.info(self, "\n".join([written_text(path), _("Key fingerprint: {fingerprint}").format(
            fingerprint=card["fingerprint"])]))
        self.refresh()

    def set_headquarters(self, done=None) -> None:
        """Take headquarters' card as the key bundles are encrypted to, after the officer checked its fingerprint;
        ``done`` (the export dialog's) is then called with the key set."""
        done = done if callable(done) else None  # a button's clicked(bool) passes its checked state
        path = self.prompts.open_file(self, _("Headquarters' station card"), _(CARD_FILTERS))
        if path:
            self.runner.run(_("Reading the station card"), partial(read_card_task, self.data_dir, path),
                            partial(self._hq_card_read, done=done), self._failed, self)

    def _hq_card_read(self, card: dict, done=None) -> None:
        current = headquarters(self.db)
        if current is not None and not same_fingerprint(current.fingerprint, card["fingerprint"]):
            # a card carrying headquarters' id but another key would take the bundles unasked: No is the default
            question = tidy_spaces(_(
                "A different key is already set for headquarters: {old_name}, key fingerprint\n\n{old}\n\nThis card "
                "of headquarters {name} carries another key, fingerprint\n\n{fingerprint}\n\nBundles would from now "
                "on be encrypted to the new key, readable only by whoever holds it. Replace the key only when "
                "headquarters has told you it has a new key and reads out this new fingerprint. Replace "
                "it?").format(old_name=station_label(current.name), old=current.fingerprint,
                              name=station_label(card["name"]), fingerprint=card["fingerprint"]))
            if not self.prompts.confirm(self, question, destructive=True):
                return
        else:
            question = tidy_spaces(_("Headquarters {name} has the key fingerprint\n\n{fingerprint}\n\nCompare it "
                                     "with the fingerprint headquarters reads out. Encrypt this station's bundles to "
                                     "this key?").format(name=station_label(card["name"]),
                                                         fingerprint=card["fingerprint"]))
            # the first time, headquarters' key trusted for good (its signature, its holiday files) on the officer's
            # word: No is the default, as for a station's, so that Enter never takes a fingerprint nobody compared;
            # the card of the key set already takes nothing new: Yes
            if not self.prompts.confirm(self, question, destructive=current is None):
                return
        try:
            set_headquarters(self.db, card, confirmed=True)  # asked, both fingerprints shown: a new key is taken
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
        self.refresh()
        if done is not None and headquarters(self.db) is not None:
            done(headquarters(self.db))

    def trust_station(self) -> None:
        """Trust a station's key from its card or a bundle it signed, after the officer compared fingerprints."""
        path = self.prompts.open_file(self, _("Station card or bundle to trust"), _(TRUST_FILTERS))
        if path:
            self.runner.run(_("Reading the station card"), partial(read_card_task, self.data_dir, path),
                            self._card_read, self._failed, self)

    def _card_read(self, card: dict) -> None:
        said = key_withdrawn(self.db, card["sign_key"])
        if said is not None:  # never trusted again, even from a bundle it signed (a lost laptop has the key)
            self.prompts.error(self, withdrawn_refusal(card, said))
            return
        # a key trusted for good on the officer's word: No is the default, so that Enter pressed out of habit never
        # trusts a fingerprint nobody compared
        if not self.prompts.confirm(self, trust_question(card, earlier_withdrawals(self.db, card)), destructive=True):
            return
        try:
            same = same_station_trusted(self.db, card)
            trust_station(self.db, card)
            for old in same:  # a replaced laptop: its old key would still be accepted
                if self.prompts.confirm(self, replaces_question(card, old)):
                    untrust_station(self.db, old.id, _("replaced by the key {fingerprint}").format(
                        fingerprint=card["fingerprint"]))
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
        self.refresh()

    def untrust_station(self) -> None:
        """Withdraw trust in the chosen station's key (a lost or replaced laptop) after the officer confirmed it,
        naming the station and its fingerprint, and gave a reason (audited): its bundles are refused from then
        on (the key is never trusted again), the records merged from it stay."""
        index = self.stations_view.currentIndex()
        row = self.stations_model.records[index.row()] if index.isValid() else None
        if row is None or row.role != "trusted" or row.withdrawn:
            self.prompts.error(self, _("Choose a trusted station in the list first: only the key of a station "
                                       "trusted here can be withdrawn."))
            return
        title = _("Withdraw trust in key")
        if not self.prompts.confirm(self, untrust_question(row), destructive=True):
            return
        reason = self.prompts.ask_text(self, title, _("Reason (kept in the audit log), e.g. laptop lost"))
        if reason is None:
            return
        try:
            untrust_station(self.db, row.id, reason)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
        self.refresh()

    # export ----------------------------------------------------------------------------------------------
    def export_bundle(self) -> None:
        """Ask what to export and where, then write the bundle with progress and Cancel."""
        station = this_station(self.db)
        dialog = ExportDialog(self.db, self.prompts, station.name if station else "", headquarters(self.db),
                              last_export(self.db), self, served=served_stations(self.db, self.data_dir),
                              set_key=self.set_headquarters)
        if exec_once(dialog) != QDialog.DialogCode.Accepted:
            return
        self.run_export(dialog.path, case_ids=dialog.case_ids, everything=dialog.everything,
                        encrypt=dialog.encrypt, for_station=dialog.for_station)

    def run_export(self, path: str, *, case_ids: list[str] | None = None, everything: bool = False,
                   encrypt: bool | None = False, for_station: str | None = None) -> None:
        tokens: list = []  # the task's Cancel: pressed once the export could no longer be stopped, it is said
        work = keeping_token(partial(export_task, self.data_dir, path, case_ids=case_ids, everything=everything,
                                     encrypt=encrypt, for_station=for_station), tokens)
        self.runner.run(_("Exporting case bundle"), work, partial(self._exported, tokens=tokens),
                        self._export_failed, self)

    def _exported(self, result: dict, tokens: list | None = None) -> None:
        self.refresh_after_export()
        meant = result.get("for")
        if meant:  # headquarters' hand-out for one station
            encrypted = tidy_spaces((_(", for station {station}, encrypted to its key") if result["encrypted"] else
                                     _(", for station {station}, not encrypted")).format(
                station=station_label(meant["name"])))
        else:
            encrypted = _(", encrypted to headquarters") if result["encrypted"] else ""
        text = written_text(result["path"], holds_text(result, encrypted))
        if tokens and tokens[0].cancelled:
            text = _("Cancel came too late: the bundle was already being recorded as sent.") + "\n" + text
        if removed_parts_note(result):
            text += "\n" + removed_parts_note(result)
        if result.get("nothing_new"):  # written all the same: it carries the blocks (and headquarters' receipts)
            text = nothing_new_note(result, installation_role(self.db, self.data_dir).headquarters) + "\n\n" + text
        for said in result.get("details_warnings") or ():  # a 联系电话 saved before the present checks: sent all the
            text += "\n\n" + _("Warning: {message}").format(message=said)  # same, and said as `bundle export` does
        self.prompts.info(self, text)

    def _export_failed(self, exc: BaseException) -> None:
        self._failed(exc)
        self.refresh()

    # import ----------------------------------------------------------------------------------------------
    def import_bundles(self, paths: list[str] | None = None) -> None:
        """Verify, preview and merge each chosen bundle in turn."""
        if paths is None:
            paths = self._choose_bundles()
        self._queue = [str(p) for p in paths if p]
        self._put_back, self._confirmed, self._merged_count = {}, set(), 0
        self._next_bundle()

    def _choose_bundles(self) -> list[str]:
        several = getattr(self.prompts, "open_files", None)  # prompts that can only choose one file still work
        if several is not None:
            return several(self, _("Import case bundles"), _(BUNDLE_FILTERS)) or []
        one = self.prompts.open_file(self, _("Import case bundles"), _(BUNDLE_FILTERS))
        return [one] if one else []

    def _next_bundle(self) -> None:
        if not self._queue:
            return
        path = self._queue.pop(0)
        self._current = path
        tokens: list = []  # the task's Cancel: pressed as its plan ended, the preview is not opened
        self.runner.run(_("Checking {file}").format(file=Path(path).name),
                        keeping_token(partial(plan_task, self.data_dir, path), tokens),
                        partial(self._planned, tokens=tokens), self._import_failed, self)

    def _planned(self, preview, tokens: list | None = None) -> None:
        if tokens and tokens[-1].cancelled:  # Cancel pressed once the work had ended: heard all the same
            preview.close()
            self._import_failed(Cancelled(_("Cancelled; nothing was changed.")))
            return
        if preview.plan is None:
            self._offer_trust(preview)
            return
        name = preview.path.name
        if preview.plan.already_imported:
            preview.close()
            self.prompts.info(self, _("{file} was already imported; nothing changes.").format(file=name))
            self._next_bundle()
            return
        dialog = MergePreviewDialog(preview.plan, name, preview.bundle.manifest.get("created_at"), self,
                                    notes=preview.notes, from_headquarters=preview.bundle.from_headquarters)
        # deleted once closed: a child of the page, it kept its whole plan for the page's life (a batch of 16
        # bundles held every preview's plan at once)
        if exec_once(dialog) != QDialog.DialogCode.Accepted:
            preview.close()
            self._next_bundle()
            return
        change = preview.plan.card_change
        if change is not None and change.moved:  # a trusted station's new agency: taken only on the officer's word,
            # No the default (it decides which records the laptop is handed: Enter out of habit keeps them as they are)
            preview.plan.take_agency = self.prompts.confirm(self, agency_question(change, station_label(
                change.old_name, preview.plan.station["fingerprint"])), destructive=True)
        tokens: list = []  # the task's Cancel: pressed once the merge could no longer be stopped, it is said
        self.runner.run(_("Merging {file}").format(file=name),
                        keeping_token(partial(merge_task, self.data_dir, preview), tokens),
                        partial(self._merged, name, conflict_fields(preview.plan), tokens=tokens,
                                station=preview.plan.station["name"]), self._import_failed, self)

    def _offer_trust(self, preview) -> None:
        said = key_withdrawn(self.db, preview.card["sign_key"])
        if said is not None:  # a withdrawn key under another station id: refused before it is asked about
            from workstation.bundle.reader import BundleRefused

            preview.close()
            self._import_failed(BundleRefused(_("{name} is refused: {why}").format(
                name=preview.path.name, why=withdrawn_refusal(preview.card, said))))
            return
        key = (preview.card["id"], preview.card["sign_key"])
        # the trust is recorded by the merge: a bundle put back after the others is not asked about again
        if key not in self._confirmed:
            question = trust_intro(preview) + "\n\n" + trust_question(preview.card,
                                                                       earlier_withdrawals(self.db, preview.card))
            if not self.prompts.confirm(self, question, destructive=True):  # No the default, as from a card
                preview.close()
                self._next_bundle()
                return
            self._confirmed.add(key)
        tokens: list = []
        self.runner.run(_("Checking {file}").format(file=preview.path.name),
                        keeping_token(partial(replan_task, self.data_dir, preview), tokens),
                        partial(self._planned, tokens=tokens), self._import_failed, self)

    def _merged(self, name: str, fields: int, result: dict, tokens: list | None = None, station: str = "") -> None:
        self._merged_count += 1
        self.refresh()
        self.records_changed.emit()
        # the cases first, then the records of every kind the counts are of (parties, case records…)
        text = merge_summary(name, result)
        if result["conflicts"]:  # records, like the other counts; the fields in them are the lines under 冲突
            text += "\n" + _("The {fields} in conflict are listed under Conflicts.").format(
                fields=fields_in_conflict(fields))
        if result.get("deleted"):  # among the updated: the records the station deleted, deleted here too
            text += "\n" + deleted_note(result["deleted"])
        if result.get("settled"):
            text += "\n" + settled_note(result["settled"])
        if result.get("undecided"):
            text += "\n" + undecided_note(result["undecided"], station=result.get("undecided_station"))
        if result.get("undecided_deletions"):  # kept, or kept deleted, until headquarters decides
            text += "\n" + undecided_deletions_note(result["undecided_deletions"])
        if result.get("numbering_hold"):  # headquarters' hand-out lifted the numbering hold, or did not (why)
            text += "\n" + result["numbering_hold"]["message"]
        if note := details_note(result.get("agency_details")):  # the station's document details taken or kept
            text += "\n" + note
        for entry in (result.get("calendar") or {}).get("years", ()):  # holiday files taken, kept, counted otherwise
            text += "\n" + entry["message"]
        if result.get("blocks_ignored"):  # number blocks of a sender that is not this station's headquarters
            text += "\n" + result["blocks_ignored"]
        # a trusted station's new name taken, its new agency taken or kept (as the officer answered)
        said = result.get("station_card")
        for note in (card_note(said, station, planned=False), agency_kept_text(said, station, window=True)):
            if note:
                text += "\n" + note
        if tokens and tokens[0].cancelled:
            text = _("Cancel came too late: the merge was already being saved.") + "\n" + text
        self.prompts.info(self, text)
        self._next_bundle()

    def _import_failed(self, exc: BaseException) -> None:
        if isinstance(exc, PlanOutdated):  # changed while the preview was open: checked again, its new preview shown
            self.prompts.info(self, outdated_preview_text(Path(self._current).name))
            self._queue.insert(0, self._current)
            self.refresh()
            self._next_bundle()
            return
        if isinstance(exc, EarlierBundleMissing) and self._queue \
                and self._put_back.get(self._current, -1) < self._merged_count:
            # chosen together with the bundles before it, in another order: tried again after the others
            self._put_back[self._current] = self._merged_count
            self._queue.append(self._current)
            self._next_bundle()
            return
        said_for_window(self.db, exc)  # a command the refusal names, said as this page's button
        if isinstance(exc, EarlierBundleMissing):
            # listed as the window says it (the export dialog's words rather than the command line's)
            record_refusal(self.db, Path(self._current).name, missing_bundle_advice(exc), exc.station or "")
        else:
            # every refused bundle — tampered, truncated, damaged, encrypted for another key or with no key here —
            # is listed in the 导入记录 list (the time, the file, the station when known, why); no case data changes
            record_if_refused(self.db, Path(self._current).name, exc)
        if isinstance(exc, EarlierBundleMissing):
            self.prompts.error(self, missing_bundle_advice(exc))
        elif isinstance(exc, Cancelled):
            if not self._go_on_after_cancel():
                self._queue.clear()
        else:
            self._failed(exc)
        self.refresh()
        self._next_bundle()

    def _go_on_after_cancel(self) -> bool:
        """The officer cancelled the bundle being checked or merged (nothing of it changed): say which and, when
        others of the batch remain, ask whether to go on with them (No, the default: they are left unchecked)."""
        said = _("{file}: cancelled; nothing was changed.").format(file=Path(self._current).name)
        if not self._queue:
            self.prompts.info(self, said)
            return False
        left = len(self._queue)
        question = ngettext("Go on with the remaining {n} bundle?", "Go on with the remaining {n} bundles?",
                            left).format(n=left)
        return self.prompts.confirm(self, said + "\n\n" + question, destructive=True)

    # conflicts -------------------------------------------------------------------------------------------
    def resolve(self, take_incoming: bool) -> None:
        """Keep the value held here, or take the station's, for the chosen conflict."""
        conflict = self.selected_conflict()
        if conflict is None:
            return
        values = {"record": conflict.label, "kind": table_label(conflict.table),
                  "field": field_label(conflict.field, conflict.table),
                  "here": show_value(conflict.field, conflict.local, self.conflict_names, conflict.table),
                  "station_value": show_value(conflict.field, conflict.incoming, self.conflict_names,
                                             conflict.table),
                  "station": station_label(conflict.station_name) if conflict.station_name
                  else conflict.station_id[:8]}
        from_headquarters = self.conflicts_model.from_headquarters  # at a station: headquarters' hand-out
        if from_headquarters:
            question = _("Take the value of headquarters {station} for {kind} {record}, field {field}: "
                         "{station_value} replaces {here} held here?") if take_incoming else _(
                "Keep the value held here for {kind} {record}, field {field}: {here} stays, and the value of "
                "headquarters {station}, {station_value}, is set aside?")
        else:
            question = _("Take the value of station {station} for {kind} {record}, field {field}: {station_value} "
                         "replaces {here} held here?") if take_incoming else _(
                "Keep the value held here for {kind} {record}, field {field}: {here} stays, and the value of station "
                "{station}, {station_value}, is set aside?")
        if not self.prompts.confirm(self, tidy_spaces(question.format(**values))):
            return
        try:
            settled = resolve_conflict(self.db, conflict.id, take_incoming)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        self._settled = settled if reopen_refusal(self.db, settled) is None else None
        taken = _("{kind} {record}, field {field}: headquarters' value {station_value} was taken.") \
            if from_headquarters else _("{kind} {record}, field {field}: the station's value {station_value} was "
                                        "taken.")
        self._settled_text = tidy_spaces((taken if take_incoming else _(
            "{kind} {record}, field {field}: the value held here, {here}, was kept.")).format(**values))
        row = self.conflicts_view.currentIndex().row()
        self.refresh()
        if self.conflicts_model.rowCount():  # the next conflict is chosen, ready to be resolved in turn
            self.conflicts_view.selectRow(min(row, self.conflicts_model.rowCount() - 1))
        self.conflicts_changed.emit()  # settled either way: one conflict fewer open
        if take_incoming:
            self.records_changed.emit()

    def reopen(self) -> None:
        """Undo the settlement of the conflict settled last: its record gets back its value, and the conflict is
        listed again, chosen (refused, saying why, when the record changed since)."""
        settled = self._settled
        if settled is None:
            return
        self._settled = None
        try:
            reopen_conflict(self.db, settled)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            self.refresh()
            return
        self.refresh()
        rows = [i for i, c in enumerate(self.conflicts_model.records) if c.id in settled.conflict_ids]
        if rows:
            self.conflicts_view.selectRow(rows[0])
        self.conflicts_changed.emit()  # open again, whichever value it had kept
        if settled.status == "took_incoming":
            self.records_changed.emit()

    # number blocks ---------------------------------------------------------------------------------------
    def selected_block(self) -> dict | None:
        index = self.blocks_view.currentIndex()
        return self.blocks_model.records[index.row()] if index.isValid() else None

    def _block_selected(self) -> None:
        enable_or_say_why(self.buttons["withdraw_number_block"], None if self.selected_block() is not None else _(
            "Choose the number block to withdraw in the list."))

    def _ask_block(self, title: str, agencies: list, current: int) -> tuple[str, str, int, int, int] | None:
        """Ask for a block's agency (one of ``agencies``), type code, year and serials: (agency code, type code,
        year, first, last), None when cancelled or refused (said here as the page asks for them)."""
        import re

        from workstation.records import today

        agency = self.prompts.choose_item(self, title, _("Agency"), [f"{a.name}（{a.code}）" for a in agencies],
                                          current)
        if agency is None:
            return None
        try:  # the codes of the chosen agency's bureau (agencies.toml may set its own)
            codes = known_type_codes(self.db, agencies[agency].id)
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            return None
        code = self.prompts.choose_item(self, title, _("Document type code"), codes,
                                        codes.index("处") if "处" in codes else 0)
        if code is None:
            return None
        year = self.prompts.ask_text(self, title, _("Year"), today()[:4])
        if year is None:
            return None
        serials = self.prompts.ask_text(self, title, _("Serials (first–last, e.g. 101-200)"))
        if serials is None:
            return None
        if not year.strip().isdigit():
            self.prompts.error(self, _("Year: give it in full, e.g. 2026."))
            return None
        found = re.fullmatch(r"\s*(\d+)\s*(?:[-–—~～至到]\s*(\d+)\s*)?", serials)
        if found is None:
            self.prompts.error(self, _("Serials: give the first and the last serial of the block, e.g. 101-200."))
            return None
        first = int(found.group(1))
        last = int(found.group(2) or found.group(1))
        # said here as the page asks for them: add_block's own wording names the command line's --from and --to
        if first < 1:
            self.prompts.error(self, _("Serials: a block starts at serial 1 or above, e.g. 101-200."))
            return None
        if first > last:
            self.prompts.error(self, _("Serials: {first}–{last} ends before it starts: give the first serial, then "
                                       "the last, e.g. 101-200.").format(first=first, last=last))
            return None
        return agencies[agency].code, codes[code], int(year), first, last

    def allocate_number_block(self) -> None:
        """Headquarters allocates a number block to a station it trusts, picked by name: the agency one of the
        station's (its own or one of its town offices'), with the checks of `numbers allocate` (audited). This
        installation is offered last: headquarters numbers a station's sequence inside a block of its own only
        (``number_blocks.numbering_stations``), of any agency."""
        from workstation.documents.numbering import numbering_owner

        title = _("Allocate number block")
        stations = trusted_stations(self.db)  # a withdrawn key's station is not offered
        if not stations:
            self.prompts.error(self, _("No station is trusted here yet: a block is allocated to a station whose "
                                       "card or bundle headquarters trusted."))
            return
        own = this_station(self.db)
        agencies = list_agencies(self.db)
        names = {a.id: a.name for a in agencies}
        labels = distinct_labels(stations, unnamed_fingerprint=False)
        offered = [f"{labels[s.id]}（{names[s.agency_id]}）" if s.agency_id in names else labels[s.id] for s in stations]
        if own is not None:
            stations = [*stations, own]
            offered.append(_("{station} (this installation)").format(station=station_label(own.name)))
        chosen = self.prompts.choose_item(self, title, _("Station"), offered)
        if chosen is None:
            return
        station = stations[chosen]
        if station.agency_id and station is not own:
            owner = numbering_owner(self.db, station.agency_id)
            agencies = [a for a in agencies if numbering_owner(self.db, a.id) == owner]
        current = next((i for i, a in enumerate(agencies) if a.id == station.agency_id), 0)
        stored = self._store_block(title, agencies, current, station.id, "allocate")
        if stored is not None:
            self.prompts.info(self, _("Number block allocated to {station}: {sequence}{first}–{last}号.").format(
                station=station_label(station.name), sequence=stored["sequence"], first=stored["from"],
                last=stored["to"]))

    def withdraw_number_block(self) -> None:
        """Withdraw the chosen block, none of whose serials was issued (headquarters: any block; a station: one it
        entered), after the officer confirmed; the next bundle carries the withdrawal (audited)."""
        block = self.selected_block()
        if block is None:
            return
        text = _("{sequence}{first}–{last}号 of {station}").format(
            sequence=block["sequence"], first=block["from"], last=block["to"], station=_block_station(block))
        if not self.prompts.confirm(self, _("Withdraw the number block {block}? Its serials are no longer reserved "
                                            "for the station, and the next bundle carries the withdrawal.").format(
                block=text), destructive=True):
            return
        try:
            withdraw_block(self.db, agency_code=block["agency"], type_code=block["type"], year=block["year"],
                           first=block["from"], last=block["to"],
                           headquarters=installation_role(self.db, self.data_dir).headquarters)
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            return
        self.refresh()
        self.prompts.info(self, _("Number block withdrawn: {block}.").format(block=text))

    def add_number_block(self) -> None:
        """Enter the number block headquarters gave this station (on paper or by phone): agency, type code, year
        and serials, with the checks of `numbers add-block` (audited)."""
        station = this_station(self.db)
        if station is None:
            self.prompts.error(self, self.station_error or _("This station has no identity yet."))
            return
        agencies = list_agencies(self.db)
        current = next((i for i, a in enumerate(agencies) if a.id == station.agency_id), 0)
        stored = self._store_block(_("Add number block"), agencies, current, station.id, "add_block")
        if stored is not None:
            self.prompts.info(self, _("Number block stored: {sequence}{first}–{last}号.").format(
                sequence=stored["sequence"], first=stored["from"], last=stored["to"]))

    def _store_block(self, title: str, agencies, current: int, station_id: str, action: str) -> dict | None:
        """Ask for a block (``_ask_block``) and store it for ``station_id`` with the checks of the command line
        (``action``: allocate at headquarters, add_block at a station); the block as the refreshed list shows it,
        None when the officer cancelled or it was refused (said)."""
        asked = self._ask_block(title, agencies, current)
        if asked is None:
            return None
        agency_code, type_code, year, first, last = asked
        try:
            block = add_block(self.db, agency_code=agency_code, type_code=type_code, year=year, first=first,
                              last=last, station_id=station_id, action=action)
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            return None
        self.refresh()
        return next(b for b in self.blocks_model.records if b["id"] == block.id)  # as refresh listed it


def page_role_text(role) -> str:
    """``role_text`` as the exchange page says it: a role not set, or not read, is set with the page's “Role…”
    button (the command line's sentence names ``station role headquarters`` and this very page)."""
    if role.unreadable:
        return _("This installation works as a station: {why}. At headquarters, set the role again with "
                 "“{button}”.").format(why=role.unreadable, button=_("Role…"))
    if not role.explicit:
        return _("This installation is a station (no role was set). At headquarters, set it with “{button}”.").format(
            button=_("Role…"))
    return role_text(role)


def role_notice(stations: int) -> str:
    """What the exchange page says at an installation with no role set that names no headquarters and merged the
    bundles of ``stations`` stations (``station_role.unset_headquarters_stations``)."""
    return ngettext("No role is set: this installation works as a station, although it names no headquarters and has "
                    "merged the bundles of {n} station. If it is headquarters, make it so, or its bundles are not "
                    "headquarters' hand-outs.",
                    "No role is set: this installation works as a station, although it names no headquarters and has "
                    "merged the bundles of {n} stations. If it is headquarters, make it so, or its bundles are not "
                    "headquarters' hand-outs.", stations).format(n=stations)


def outdated_preview_text(file: str) -> str:
    """What the page says when the data changed while a bundle's preview was open (``PlanOutdated``)."""
    return _("{file}: the records here changed while its preview was open (another bundle was merged, or an officer "
             "changed a record), so nothing of it was merged. It is checked again now: look at its new preview "
             "before merging it.").format(file=file)


def missing_bundle_advice(exc: EarlierBundleMissing) -> str:
    """Why a bundle continuing one not imported here is refused, and what to do: the command line's wording
    (``merge.missing_text``), with the export dialog's choice where the command line names ``bundle export --all``. A
    hand-out of this station's headquarters is made again by headquarters."""
    values = {"holds": _("What the bundle holds"), "everything": _("Everything")}
    how = _("at headquarters: “{everything}” under “{holds}”") if getattr(exc, "headquarters", False) else _(
        "“{everything}” under “{holds}”")
    return exc.said(how.format(**values))


def said_for_window(db, exc: BaseException) -> None:
    """A refusal that tells the officer to type a command, said instead with this page's button, as
    ``missing_bundle_advice`` does (``exc``'s message changed in place): a bundle signed with a withdrawn key
    (``station trust FILE`` → 信任站点…), one encrypted for another installation's key (``station headquarters FILE``
    → 设置总部密钥…), a station card given as a bundle (its ``window_message``). Any other error is left as it is."""
    from workstation.bundle.envelope import NotForThisKey, not_for_this_key_text
    from workstation.bundle.reader import BundleRefused

    if isinstance(exc, NotForThisKey):
        if exc.message == not_for_this_key_text(exc.file):  # the general reason (not_for_here keeps it)
            exc.message = not_for_this_key_text(exc.file, window=True)
            exc.args = (exc.message,)
        return
    if not isinstance(exc, BundleRefused):
        return
    if exc.window_message:
        exc.message = exc.window_message
        exc.args = (exc.message,)
        return
    for station in list_stations(db):
        said = withdrawal(db, station)
        if said is None:
            continue
        command = tidy_spaces(withdrawal_text(station, said))
        if command in exc.message:
            exc.message = exc.message.replace(command, tidy_spaces(withdrawal_text(station, said, window=True)))
            exc.args = (exc.message,)
            return


def trust_intro(preview) -> str:
    """Why a bundle waits for the officer's trust, without the fingerprint of its key: the trust question that
    follows shows that one once, grouped for reading out (the refusal from the merge speaks to the command line)."""
    station = station_label(preview.card["name"], preview.card["fingerprint"])
    if preview.key_changed:
        return tidy_spaces(_("{file}: the key of station {station} has changed since it was trusted here (the key "
                             "trusted until now has the fingerprint {old}).").format(
            file=preview.path.name, station=station, old=preview.old_fingerprint))
    return tidy_spaces(_("{file} is signed by station {station}, which is not trusted here yet.").format(
        file=preview.path.name, station=station))


def untrust_question(station) -> str:
    """What the officer confirms before trust in a station's key is withdrawn."""
    return tidy_spaces(_("Withdraw trust in the key of station {name} (fingerprint {fingerprint}, trusted {date})?\n\n"
                         "Bundles signed with this key will be refused from now on; the records already merged from "
                         "it are kept. The key is not trusted again: to be trusted again, the station makes a new "
                         "key and sends its new card.").format(
        name=station_label(station.name), fingerprint=station.fingerprint, date=short_time(station.trusted_at) or "—"))


def replaces_question(card: dict, old) -> str:
    """Asked when a card trusted has the name and agency of a station already trusted with another key."""
    return tidy_spaces(_("Station {name} of the same agency is already trusted with another key (fingerprint "
                         "{old}, trusted {date}). Does this card replace that laptop? If so, withdraw trust in the "
                         "old key now: bundles signed with it will be refused.").format(
        name=station_label(card["name"]), old=old.fingerprint, date=short_time(old.trusted_at) or "—"))


def trust_question(card: dict, earlier: list[dict] = ()) -> str:
    """What the officer confirms before a station's key is trusted; naming the withdrawals of the station's
    ``earlier`` keys (``earlier_withdrawals``): a laptop set up anew after one was lost."""
    before = "".join(tidy_spaces(earlier_withdrawal_text(said)) + "\n\n" for said in earlier)
    return before + tidy_spaces(_("Station {name} signs with the key fingerprint\n\n{fingerprint}\n\nAsk the station "
                                  "to read its fingerprint out on the phone and compare every group. Trust this "
                                  "station?").format(name=station_label(card["name"]), fingerprint=card["fingerprint"]))


def withdrawn_refusal(card: dict, said: dict) -> str:
    """Why the window does not trust a key withdrawn here, naming the button the station writes its new card with."""
    return tidy_spaces(withdrawn_key_refusal(card, said, plain_label(_("Export this station's car&d…"))))


def conflicts_tab_title(fields: int, records: int) -> str:
    """The 冲突 tab's title with its Alt letter (Co&nflicts, 冲突(&N)): the fields listed in it and the records they
    belong to, as ``ui.bundle_dialogs.conflicts_tab_text`` counts them."""
    if not fields:
        return _("Co&nflicts")
    return _("Co&nflicts ({fields} in {records})").format(
        fields=fields_in_conflict(fields), records=ngettext("{n} record", "{n} records", records).format(n=records))
