"""The dialogs of the exchange page: what a bundle to headquarters holds (the cases changed since the last
export, everything, or chosen cases; the file; encryption to headquarters' key), and the preview of a bundle
received — counts per table and the tree of records and fields — before the officer merges it."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.access_keys import letter_of, with_fixed_letter
from ui.layouts import AsksBeforeDropping, buddy_label, fit_to_screen
from ui.merge_plan_model import STATUS_COLOURS, MergePlanModel, table_label
from workstation.bundle.details_part import details_note
from workstation.bundle.merge import (
    MergePlan,
    deleted_note,
    older_bundle_note,
    settled_note,
    undecided_deletions_note,
    undecided_note,
)
from workstation.bundle.station_card import card_note, card_summary
from workstation.bundle.writer import (
    HandoutScope,
    changed_case_ids,
    last_export,
    trusted_stations,
    unencrypted_note,
)
from workstation.fullwidth import tidy_spaces
from workstation.i18n import N_, _, ngettext
from workstation.records import short_time, today
from workstation.station import distinct_labels, station_label, unnamed
from workstation.store import CaseFilter, list_cases

CASES_LISTED = 200
# the highest the preview's table of counts grows before it scrolls
COUNTS_HEIGHT = 260
# an export list item's case number, party and 案由 (the party taken off its start), fitted to the width shown
CASE_PARTS_ROLE = Qt.ItemDataRole.UserRole + 1
BUNDLE_FILTERS = N_("Case bundles (*.bundle);;All files (*)")




def safe_file_part(text: str) -> str:
    """``text`` without the characters a file name may not hold (on Windows too)."""
    return re.sub(r'[\\/:*?"<>|\s]+', "", text) or "station"


def conflict_fields(plan: MergePlan) -> int:
    """How many fields the merge of ``plan`` keeps in conflict: one line each under 冲突 (a record in conflict
    may hold several)."""
    return sum(len(change.conflicting) for change in plan.changes)


def fields_in_conflict(fields: int) -> str:
    """The number of fields in conflict, in the unit the 冲突 tab counts them in."""
    return ngettext("{n} field", "{n} fields", fields).format(n=fields)


def conflicts_tab_text(fields: int, records: int) -> str:
    """The 冲突 tab's title: the fields listed in it and the records they belong to (what the merge summaries count
    as “in conflict”)."""
    if not fields:
        return _("Conflicts")
    return _("Conflicts ({fields} in {records})").format(
        fields=fields_in_conflict(fields), records=ngettext("{n} record", "{n} records", records).format(n=records))


def cause_after_party(cause: str, party_names: str) -> str:
    """The 案由 without the party's name it usually begins with (佛山市某某有限公司涉嫌… → 涉嫌…), which the list
    shows beside it already."""
    for name in (party_names, *party_names.split("、")):
        if name and cause.startswith(name) and len(cause) > len(name):
            return cause[len(name):].lstrip("，,：: ")
    return cause


def default_bundle_name(station_name: str, for_station: str | None = None) -> str:
    """案卷包-南海区局-20261130.bundle; headquarters' hand-out is named for the station it is for,
    案卷包-给南海区局-20261130.bundle, so that the hand-outs for two stations on one USB stick do not collide."""
    if for_station is not None:
        return f"案卷包-给{safe_file_part(for_station)}-{today().replace('-', '')}.bundle"
    return f"案卷包-{safe_file_part(station_name)}-{today().replace('-', '')}.bundle"


class ExportDialog(AsksBeforeDropping, QDialog):
    """The scope, file and encryption of one export; read ``case_ids``, ``everything``, ``path``, ``encrypt``.
    Cancel, Esc or closing asks before dropping the cases ticked or another choice made."""

    def __init__(self, db, prompts, station_name: str, headquarters, last: dict | None,
                 parent: QWidget | None = None, *, served: int = 0, set_key=None):
        """``served``: how many stations this workstation is headquarters for (it trusts them and names no
        headquarters of its own, ``served_stations``): its bundles are then signed, not encrypted, and the
        dialog says so instead of offering the encryption to a headquarters' key. ``set_key(done)``: sets
        headquarters' key from its card (the exchange page's 设置总部密钥…), then calls ``done`` with the key
        set (``headquarters_set``); offered when an unencrypted bundle is about to be written."""
        super().__init__(parent)
        self.set_key = set_key
        self.at_headquarters = headquarters is None and served > 0
        self.db, self.prompts, self.station_name = db, prompts, station_name
        self.chosen: set[str] = set()
        self._asked_path = ""  # the file last chosen in the save dialog, which asked before replacing it
        self.setWindowTitle(_("Export case bundle"))
        fit_to_screen(self, 640, 600)
        # at headquarters a hand-out is for one station (``writer.handout_station``): which one is asked first
        self.stations = trusted_stations(db) if self.at_headquarters else []
        self.for_box = QComboBox()
        self.for_box.setObjectName("for_station")
        labels = distinct_labels(self.stations)  # a replaced laptop's two keys told apart, the newest first
        for station in self.stations:
            self.for_box.addItem(labels[station.id], station.id)
        self.for_note = QLabel(self)  # shown before it is laid out: with its dialog, not as a window
        self.for_note.setObjectName("for_note")
        self.for_note.setWordWrap(True)
        self.scope_changed = QRadioButton()
        self.scope_changed.setObjectName("scope_changed")
        self._last = last
        self._station_chosen()
        # Alt letters: 上次导出后的变更(&N) 全部(&E) 所选案件(&S), 文件(&F) 选择(&O)…, 加密…(&C), 导出(&X), at
        # headquarters 给站点(&T) (取消: Esc); tests/test_s71_hq_gui.py checks that no two share one
        self.scope_all = QRadioButton(with_fixed_letter(_("Everything"), "E"))
        self.scope_all.setObjectName("scope_all")
        self.scope_cases = QRadioButton(with_fixed_letter(_("Chosen cases"), "S"))
        self.scope_cases.setObjectName("scope_cases")
        self.scope = QButtonGroup(self)
        for button in (self.scope_changed, self.scope_all, self.scope_cases):
            self.scope.addButton(button)
        self.scope_changed.setChecked(True)
        self.search = QLineEdit()
        self.search.setObjectName("case_search")
        self.search.setPlaceholderText(_("Search by case number, party or cause"))
        self.cases = QListWidget()
        self.cases.setObjectName("export_cases")
        self.cases.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # each line fits the list's width (``_fit_texts``): the 案由 is shortened, never scrolled to
        self.cases.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("chosen_count")
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("bundle_path")
        self.path_edit.setPlaceholderText(self.default_name())
        choose = QPushButton(with_fixed_letter(_("Choose…"), "O"))
        choose.setObjectName("choose_path")
        choose.clicked.connect(self.choose_path)
        self.encrypt_box = QCheckBox(self)  # with its dialog: shown without a parent, it would be a window of its own
        self.encrypt_box.setObjectName("encrypt")
        self.headquarters_set(headquarters)
        self.encrypt_note = self.for_note
        self.encrypt_note.setWordWrap(True)
        self.encrypt_box.setVisible(not self.at_headquarters)
        self.encrypt_note.setVisible(self.at_headquarters)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(with_fixed_letter(_("Export"), "X"))
        self.buttons.accepted.connect(self.accept_export)
        self.buttons.rejected.connect(self.reject)
        self._layout(choose)
        self.search.textChanged.connect(self.load_cases)
        self.cases.itemChanged.connect(self._item_changed)
        self.cases.itemDoubleClicked.connect(self._toggle)
        self.scope.buttonToggled.connect(lambda *_args: self._update())
        self.for_box.currentIndexChanged.connect(lambda *_args: self._station_chosen())
        self.load_cases()
        self.mark_loaded()

    def _station_chosen(self) -> None:
        """The changes since the last hand-out for the station chosen (at headquarters), counting its own cases,
        and what the hand-out holds and how it is encrypted; elsewhere the changes since the last export."""
        station = self.chosen_station
        if hasattr(self, "path_edit"):  # laid out after the first call
            self.path_edit.setPlaceholderText(self.default_name())
        last = last_export(self.db, station.id) if station is not None else self._last
        since = last["at"] if last else None
        changed = changed_case_ids(self.db, since)
        if station is not None:
            # as the hand-out will hold them: everything (none before) carries again what moved away from it
            changed = HandoutScope(self.db, station, again=since is None).own("cases", changed)
        self.scope_changed.setText(with_fixed_letter(
            _("Changed since the last export on {when} ({n} cases)").format(when=short_time(since), n=len(changed))
            if last else _("Changed since the last export (there was none: everything, {n} cases)").format(
                n=len(changed)), "N"))
        if station is None:
            return
        if getattr(self, "cases", None) is not None:  # another station: its own cases to choose from
            self.chosen.clear()
            self.load_cases()
        name = station_label(station.name, station.fingerprint)
        self.for_note.setText(tidy_spaces(
            (_("The hand-out holds the records of station {station} only (its own agency and the offices under "
               "it), encrypted to its key (fingerprint {fingerprint}); another station cannot open it.")
             if station.box_key else
             _("The hand-out holds the records of station {station} only (its own agency and the offices under "
               "it). Its card carries no encryption key, so the hand-out is signed, not encrypted: trust its "
               "current card to encrypt it.")).format(station=name, fingerprint=station.fingerprint)))

    @property
    def chosen_station(self):
        """The trusted station the hand-out is for (at headquarters), else None."""
        index = self.for_box.currentIndex()
        return self.stations[index] if self.stations and index >= 0 else None

    def default_name(self) -> str:
        """The file name offered: after this station, or at headquarters after the station the hand-out is for."""
        station = self.chosen_station
        if station is None:
            return default_bundle_name(self.station_name)
        return default_bundle_name(self.station_name, station_label(station.name, station.fingerprint))

    def headquarters_set(self, headquarters) -> None:
        """Offer the encryption to ``headquarters``' key (ticked), or say it needs that key first (None)."""
        # 加密(&C)… once it can be ticked: the letter put in the sentence (the translation's own, else added), not in
        # the name or fingerprint filled in (a fingerprint's "C" underlined would be misread), whose "&" is doubled
        # to be shown as it is
        sentence = _("Encrypt to headquarters {name} (fingerprint {fingerprint})")
        if letter_of(sentence) is None:
            sentence = with_fixed_letter(sentence, "C")
        self.encrypt_box.setText(tidy_spaces(
            sentence.format(name=station_label(headquarters.name).replace("&", "&&"),
                            fingerprint=headquarters.fingerprint)
            if headquarters else _("Encrypt (set headquarters' key on the exchange page first)")))
        self.encrypt_box.setChecked(headquarters is not None)
        self.encrypt_box.setEnabled(headquarters is not None)

    def typed(self) -> tuple:
        """What closing would drop: the scope, the cases ticked, the file and the encryption chosen."""
        scope = next(b.objectName() for b in (self.scope_changed, self.scope_all, self.scope_cases) if b.isChecked())
        return (scope, sorted(self.chosen), self.path_edit.text().strip(), self.encrypt_box.isChecked(),
                self.for_box.currentIndex())

    def _layout(self, choose: QPushButton) -> None:
        scope_box = QGroupBox(_("What the bundle holds"))
        column = QVBoxLayout(scope_box)
        for button in (self.scope_changed, self.scope_all, self.scope_cases):
            column.addWidget(button)
        column.addWidget(self.search)
        column.addWidget(self.cases, 1)
        column.addWidget(self.chosen_label)
        file_row = QHBoxLayout()
        file_row.addWidget(buddy_label(_("&File"), self.path_edit))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(choose)
        layout = QVBoxLayout(self)
        if self.at_headquarters:
            for_row = QFormLayout()
            for_row.addRow(with_fixed_letter(_("For station"), "T"), self.for_box)
            layout.addLayout(for_row)
        layout.addWidget(scope_box, 1)
        layout.addLayout(file_row)
        layout.addWidget(self.encrypt_box)
        layout.addWidget(self.for_note)
        layout.addWidget(self.buttons)

    def load_cases(self) -> None:
        """The cases matching the search (at most CASES_LISTED), ticked when chosen; at headquarters those of the
        station the hand-out is for (its agency and the offices under it)."""
        self.cases.blockSignals(True)
        self.cases.clear()
        station = self.chosen_station
        rows = [] if station is not None and not station.agency_id else list_cases(
            self.db, CaseFilter(search=self.search.text(), agency_id=station.agency_id if station else None,
                                agency_tree=True), limit=CASES_LISTED)
        for row in rows:
            parts = (row.case_number or _("not filed"), row.party_names, cause_after_party(row.cause, row.party_names))
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setData(CASE_PARTS_ROLE, parts)
            item.setToolTip(f"{parts[0]}　{parts[1]}\n{row.cause}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row.id in self.chosen else Qt.CheckState.Unchecked)
            self.cases.addItem(item)
        self.cases.blockSignals(False)
        self._fit_texts()
        self._update()

    def _fit_texts(self) -> None:
        """Each case as 案件编号　当事人　案由 within the list's width: the 案由 (without the party it begins
        with) shortened with …, the party too when even it does not fit; the whole of both in the tooltip."""
        metrics = self.cases.fontMetrics()
        # the check box and the margins before the text
        width = self.cases.viewport().width() - self.cases.style().pixelMetric(
            QStyle.PixelMetric.PM_IndicatorWidth) - 4 * self.cases.style().pixelMetric(
            QStyle.PixelMetric.PM_FocusFrameHMargin) - 12
        self.cases.blockSignals(True)
        for index in range(self.cases.count()):
            item = self.cases.item(index)
            number, party, cause = item.data(CASE_PARTS_ROLE)
            head = f"{number}　"
            party = metrics.elidedText(party, Qt.TextElideMode.ElideRight,
                                       max(width - metrics.horizontalAdvance(head), 0))
            head += party
            room = width - metrics.horizontalAdvance(head + "　")
            cause = metrics.elidedText(cause, Qt.TextElideMode.ElideRight, room) \
                if cause and room > metrics.horizontalAdvance("涉嫌…") else ""
            item.setText(f"{head}　{cause}" if cause and cause != "…" else head)
        self.cases.blockSignals(False)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_texts()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._fit_texts()

    def choose_cases(self, case_ids) -> None:
        """Tick these cases (and choose the 'chosen cases' scope)."""
        self.chosen |= set(case_ids)
        self.scope_cases.setChecked(True)
        self.load_cases()

    def _item_changed(self, item: QListWidgetItem) -> None:
        case_id = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen.add(case_id)
        else:
            self.chosen.discard(case_id)
        self._update()

    def _toggle(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _update(self) -> None:
        chosen_scope = self.scope_cases.isChecked()
        self.search.setEnabled(chosen_scope)
        self.cases.setEnabled(chosen_scope)
        self.chosen_label.setText(_("{n} cases chosen").format(n=len(self.chosen)))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not chosen_scope or bool(self.chosen))

    def choose_path(self) -> bool:
        # a name without its folder offered in the documents folder (``Prompts.save_file``), not the working folder
        path = self.prompts.save_file(self, _("Export case bundle"), self.path_edit.text().strip()
                                      or self.default_name(), _(BUNDLE_FILTERS))
        if path:
            self.path_edit.setText(path)
            self._asked_path = path
        return bool(path)

    def accept_export(self) -> None:
        """Export to the file typed or chosen: a name typed without its folder (it would land in the program's
        working folder, which the officer never sees) is placed in the save dialog, and a file typed that is there
        already is replaced only when the officer says so (it may be a bundle headquarters has not imported yet)."""
        if not Path(self.path).is_absolute() and not self.choose_path():
            return
        if Path(self.path).is_file() and self.path != self._asked_path and not self.prompts.confirm(
                self, _("{path} already exists. Replace it with this bundle?").format(path=self.path)):
            return
        if not self.encrypt and not self.at_headquarters and not self._plain_confirmed():
            return
        self.accept()

    def _plain_confirmed(self) -> bool:
        """Whether the officer, told what an unencrypted bundle lays open, writes it all the same; else they may
        encrypt it instead (headquarters' key set: tick the box; not set: set it from headquarters' card, and the
        box is ticked once it is)."""
        has_key = self.encrypt_box.isEnabled()
        encrypt = _("Encrypt it") if has_key else _("Set headquarters' key…")
        options = [encrypt, _("Export unencrypted"), _("Cancel")]
        if not has_key and self.set_key is None:
            options.pop(0)
        question = unencrypted_note(advice=False) + "\n\n" + _("Export it unencrypted all the same?")
        choice = self.prompts.choose(self, question, options)
        if choice is None or options[choice] == _("Cancel"):
            return False
        if options[choice] == _("Export unencrypted"):
            return True
        if has_key:
            self.encrypt_box.setChecked(True)
        else:
            self.set_key(self.headquarters_set)
        return False

    @property
    def path(self) -> str:
        return self.path_edit.text().strip()

    @property
    def case_ids(self) -> list[str] | None:
        return sorted(self.chosen) if self.scope_cases.isChecked() else None

    @property
    def everything(self) -> bool:
        return self.scope_all.isChecked()

    @property
    def encrypt(self) -> bool | None:
        """None at headquarters: the hand-out is encrypted to the station's key when its card carries one."""
        if self.at_headquarters:
            return None
        return self.encrypt_box.isEnabled() and self.encrypt_box.isChecked()

    @property
    def for_station(self) -> str | None:
        """The id of the station the hand-out is for (at headquarters), else None."""
        station = self.chosen_station
        return station.id if station is not None else None


def _sender_intro(card: dict, file_name: str, made: str, from_headquarters: bool) -> str:
    """The preview's first line: the file, who made it (headquarters for its hand-out, else the station) and when."""
    fingerprint = card["fingerprint"]
    if from_headquarters:
        if unnamed(card["name"]):
            return _("{file}: from an unnamed headquarters (fingerprint {fingerprint}), made {when}.").format(
                file=file_name, fingerprint=fingerprint, when=made)
        return _("{file}: from headquarters {name} (fingerprint {fingerprint}), made {when}.").format(
            file=file_name, name=card["name"], fingerprint=fingerprint, when=made)
    if unnamed(card["name"]):  # not "from station Station" (来自站点站点)
        return _("{file}: from an unnamed station (fingerprint {fingerprint}), made {when}.").format(
            file=file_name, fingerprint=fingerprint, when=made)
    return _("{file}: from station {name} (fingerprint {fingerprint}), made {when}.").format(
        file=file_name, name=card["name"], fingerprint=fingerprint, when=made)


class MergePreviewDialog(QDialog):
    """What merging a bundle would do — counts per table and the tree of records and fields — with Merge and
    Cancel. ``from_headquarters``: the bundle is headquarters' hand-out (``Bundle.from_headquarters``), introduced
    as coming from headquarters, not from a station."""

    def __init__(self, plan: MergePlan, file_name: str, created_at: str | None, parent: QWidget | None = None,
                 notes: tuple[str, ...] = (), from_headquarters: bool = False):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(_("Preview of {file}").format(file=file_name))
        fit_to_screen(self, 1000, 700)
        intro = _sender_intro(plan.station, file_name, short_time(created_at), from_headquarters)
        if plan.station_status != "trusted":
            intro += "\n" + (_("Headquarters will be trusted with this key when you merge.") if from_headquarters
                             else _("The station will be trusted with this key when you merge."))
        # a trusted station's new name (taken) and agency (asked about when Merge is pressed), as its card says
        if note := card_note(card_summary(plan.card_change, plan.take_agency), plan.station["name"], planned=True,
                             window=True):
            intro += "\n" + note
        counts = plan.counts()
        if counts["conflicts"]:  # records, like the other counts; the fields in them are the lines under 冲突
            text = intro + "\n" + _(
                "{new} new, {updated} updated, {unchanged} unchanged, {conflicts} in conflict ({fields} in all: each "
                "keeps the value held here and is listed under Conflicts for you to resolve).").format(
                fields=fields_in_conflict(conflict_fields(plan)), **counts)
        else:
            text = intro + "\n" + _("{new} new, {updated} updated, {unchanged} unchanged, {conflicts} in conflict (a "
                                    "conflict keeps the value held here and is listed for you to resolve).").format(
                **counts)
        if counts["deleted"]:  # among the updated: the records the station deleted, which the merge deletes too
            text += "\n" + deleted_note(counts["deleted"], planned=True)
        if plan.settled:
            text += "\n" + settled_note(len(plan.settled), planned=True)
        if plan.older_format:
            text += "\n" + older_bundle_note()
        if plan.undecided:
            text += "\n" + undecided_note(plan.undecided, planned=True, station=plan.undecided_station)
        if plan.undecided_deletions:  # kept, or kept deleted, until headquarters decides
            text += "\n" + undecided_deletions_note(plan.undecided_deletions, planned=True)
        if note := details_note(plan.details.summary(), planned=True):  # the station's document details
            text += "\n" + note
        for note in notes:  # holiday files the merge would take or keep, number blocks it would not take
            text += "\n" + note
        summary = QLabel(text)
        summary.setObjectName("preview_summary")
        summary.setWordWrap(True)
        self.counts_table = self._counts_table()
        self.model = MergePlanModel(plan, hide_unchanged=False, parent=self)
        self.tree = QTreeView()
        self.tree.setObjectName("preview_tree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        # the record or field named in full takes the width the values leave (佛南市监立〔2026〕501号 · 修改 …, cut at
        # a fixed 260 px while 处理 stood mostly empty); the values keep their widths, still resizable by hand
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(column, {1: 90, 5: 130}.get(column, 150))
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # in a dialog narrower than 1,000 px the values' fixed widths left the record column ~90 px ("佛顺…"): the
        # three value columns give up width first, down to 60 px, so that the case number and field stay readable
        self._record_width = self._needed_record_width()
        # the viewport's resize, not the tree's: a filter on the tree runs before the tree lays out its viewport, so
        # it read the width the viewport had before (~100 px on the first show) and pinned the values to 60 px
        # ("案卷包中的值" cut to "案卷包中的") however wide the dialog was
        self.tree.viewport().installEventFilter(self)
        self.hide_unchanged = QCheckBox(with_fixed_letter(_("Hide unchanged records"), "H"))
        self.hide_unchanged.setObjectName("hide_unchanged")
        self.hide_unchanged.toggled.connect(self._hide_unchanged)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(with_fixed_letter(_("Merge"), "M"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("merge")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.counts_table)
        layout.addWidget(self.hide_unchanged)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        self._expand()

    #: the widest the record column asks for (a longer label is cut with "…", its whole text the tooltip)
    RECORD_WIDTH_CAP = 420
    VALUE_WIDTH, VALUE_WIDTH_MIN = 150, 60

    def _needed_record_width(self) -> int:
        """The width the record column needs for the records' labels (two levels down) and the fields' names
        (three levels down) of the first 500 changes, capped at ``RECORD_WIDTH_CAP``."""
        from workstation.bundle.conflict_text import field_label

        metrics, indent = self.tree.fontMetrics(), self.tree.indentation()
        widths = [0]
        for change in self.plan.changes[:500]:
            widths.append(metrics.horizontalAdvance(change.label or "") + 2 * indent)
            widths += [metrics.horizontalAdvance(field_label(f.field, change.table)) + 3 * indent
                       for f in change.fields[:50]]
        return min(max(widths) + 24, self.RECORD_WIDTH_CAP)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """Narrow the three value columns (down to ``VALUE_WIDTH_MIN``) so the record column keeps the width it
        needs; past that, the record column keeps it all the same and the tree scrolls sideways."""
        header = self.tree.header()
        room = self.tree.viewport().width() - self.tree.columnWidth(1) - self.tree.columnWidth(5)
        value = max(self.VALUE_WIDTH_MIN, min(self.VALUE_WIDTH, (room - self._record_width) // 3))
        for column in (2, 3, 4):
            self.tree.setColumnWidth(column, value)
        if room - 3 * value >= self._record_width:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(0, self._record_width)

    def _counts_table(self) -> QTableWidget:
        by_table = self.plan.by_table()
        headers = [_("Record type"), _("New"), _("Updated"), _("Unchanged"), _("Conflict")]
        table = QTableWidget(len(by_table), len(headers))
        table.setObjectName("preview_counts")
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab goes on to the records (arrows move in the counts)
        for row, (name, counts) in enumerate(by_table.items()):
            table.setItem(row, 0, QTableWidgetItem(table_label(name)))
            for column, (key, status) in enumerate((("new", "new"), ("updated", "updated"),
                                                    ("unchanged", "unchanged"), ("conflicts", "conflict")), start=1):
                item = QTableWidgetItem(str(counts[key]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if counts[key] and status != "unchanged":
                    item.setForeground(QColor(STATUS_COLOURS[status]))
                table.setItem(row, column, item)
        # the columns share the dialog's width (the counts are short: left to their contents they leave the
        # rest of the row empty), and the rows are as high as their text, all shown up to the cap
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
        table.setMaximumHeight(min(table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth(),
                                   COUNTS_HEIGHT))
        return table

    def _hide_unchanged(self, hide: bool) -> None:
        self.model.set_hide_unchanged(hide)
        self._expand()

    def _expand(self) -> None:
        """Open the tables and records with conflicts, so what needs the officer's eye shows first; a table's
        row spans the columns (its name and counts)."""
        by_table = self.plan.by_table()
        for row in range(self.model.rowCount()):
            table = self.model.index(row, 0)
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            if by_table[self.model.root.children[row].table]["conflicts"]:
                self.tree.expand(table)
                for child in range(self.model.rowCount(table)):
                    record = self.model.index(child, 0, table)
                    if self.model.data(record, Qt.ItemDataRole.UserRole) == "conflict":
                        self.tree.expand(record)
