"""Choosing the exports to import: the files (hotline .xlsx, consumer-council .csv …), the channel they come
from (recognised from their header), and the column of each field — shown for the first file, editable (a field
set to "(none)" by the officer is not imported, whatever its header), and remembered for the channel once
imported."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import WorkstationError
from workstation.i18n import N_, _

FIELD_LABELS = {"external_id": N_("Work-order number"), "received_at": N_("Accepted at"),
                "complainant_phone": N_("Caller's number"), "complainant": N_("Complainant"),
                "address": N_("Complainant's address"), "text": N_("Complaint text"),
                "target_name": N_("Complained-about party"), "channel_detail": N_("Source channel"),
                "kind": N_("Complaint type"), "district": N_("District written in the export")}


def guess_mapping(header: list[str], remembered: dict[str, str | None] | None) -> dict[str, str | None]:
    """{field: header text} from the remembered mapping where its headers are present, else from the synonyms
    ("" when neither finds a column); None for a field remembered as not imported."""
    from workstation.importing.complaints import complaint_spec
    from workstation.importing.tables import normalize_header

    present = {normalize_header(h): h for h in header if h}
    mapping = {}
    for field, wordings in complaint_spec()["fields"].items():
        chosen = (remembered or {}).get(field)
        if field in (remembered or {}) and chosen is None:
            mapping[field] = None
            continue
        if chosen and normalize_header(chosen) in present:
            mapping[field] = present[normalize_header(chosen)]
            continue
        mapping[field] = next((present[normalize_header(w)] for w in wordings if normalize_header(w) in present), "")
    return mapping


class ComplaintImportDialog(QDialog):
    """The files, the channel and the column mapping of one import; ``paths``, ``profile()``, ``mapping()``.
    ``unmapped`` holds the fields explicitly not imported: set to "(none)" by the officer, or remembered so."""

    def __init__(self, db, prompts, parent: QWidget | None = None):
        from workstation.importing.complaints import complaint_spec, profile_names

        super().__init__(parent)
        self.db, self.prompts = db, prompts
        self.paths: list[str] = []
        self.header: list[str] = []
        self.unmapped: set[str] = set()
        self.setWindowTitle(_("Import complaints"))
        self.resize(760, 640)
        self.files = QListWidget()
        self.files.setObjectName("import_files")
        add = QPushButton(_("Add file…"))
        add.setObjectName("add_file")
        add.clicked.connect(self.add_file)
        remove = QPushButton(_("Remove"))
        remove.clicked.connect(self.remove_file)
        self.profile_box = QComboBox()
        self.profile_box.setObjectName("profile")
        self.profile_box.addItem(_("Recognise from the header"), "")
        for name in profile_names():
            self.profile_box.addItem(complaint_spec()["profiles"][name]["label"], name)
        self.detected = QLabel()
        self.detected.setObjectName("detected_profile")
        self.columns: dict[str, QComboBox] = {}
        mapping_box = QGroupBox(_("Columns (of the first file; remembered for the channel)"))
        form = QFormLayout(mapping_box)
        for field in complaint_spec()["fields"]:
            combo = QComboBox()
            combo.setObjectName(f"column_{field}")
            combo.activated.connect(partial(self._column_chosen, field))  # the officer's choice, not ours
            self.columns[field] = combo
            form.addRow(_(FIELD_LABELS.get(field, field)) + (" *" if field in complaint_spec()["required"] else ""),
                        combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Import"))
        self.buttons.accepted.connect(self.accept_import)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Hotline work orders (.xlsx, .xls) and consumer-council exports (.csv in UTF-8 or "
                                  "GB18030); title rows and total rows are skipped.")))
        layout.addWidget(self.files)
        layout.addLayout(row)
        channel = QHBoxLayout()
        channel.addWidget(QLabel(_("Channel")))
        channel.addWidget(self.profile_box, 1)
        layout.addLayout(channel)
        layout.addWidget(self.detected)
        layout.addWidget(mapping_box)
        layout.addWidget(self.buttons)
        self.profile_box.currentIndexChanged.connect(self._load_mapping)
        self._update()

    def add_file(self, path: str | None = None) -> None:
        path = path or self.prompts.open_file(self, _("Add a complaint export"),
                                              _("Exports (*.xlsx *.xls *.csv);;All files (*)"))
        if not path:
            return
        self.paths.append(path)
        self.files.addItem(Path(path).name)
        if len(self.paths) == 1:
            self._read_header()
        self._update()

    def remove_file(self) -> None:
        row = self.files.currentRow()
        if row < 0:
            return
        self.files.takeItem(row)
        self.paths.pop(row)
        if row == 0:
            self._read_header()
        self._update()

    def _read_header(self) -> None:
        from workstation.importing.complaints import detect_profile, read_header, saved_profiles

        self.header = []
        if self.paths:
            try:
                self.header = [t for t in read_header(self.db, self.paths[0]).texts if t]
            except WorkstationError as exc:
                self.detected.setText(exc.message)
        for combo in self.columns.values():
            combo.clear()
            combo.addItem(_("(none)"), "")
            for text in self.header:
                if text:
                    combo.addItem(text, text)
        found = detect_profile(self.header, saved_profiles(self.db)) if self.header else None
        if found and not self.profile_box.currentData():
            self.detected.setText(_("Recognised as: {label}").format(label=self.profile_box.itemText(
                self.profile_box.findData(found))))
        self._found = found
        self._load_mapping()

    def _load_mapping(self) -> None:
        from workstation.importing.complaints import load_profile

        name = self.profile_box.currentData() or getattr(self, "_found", None)
        mapping = guess_mapping(self.header, load_profile(self.db, name) if name else None)
        self.unmapped = {field for field, header in mapping.items() if header is None}
        for field, combo in self.columns.items():
            combo.setCurrentIndex(max(combo.findData(mapping.get(field) or ""), 0))
        self._update()

    def _column_chosen(self, field: str, index: int) -> None:
        """The officer chose a column for ``field``, or "(none)": then the field is not imported even where a
        header synonym would name a column for it."""
        if self.columns[field].itemData(index):
            self.unmapped.discard(field)
        else:
            self.unmapped.add(field)
        self._update()

    def _update(self) -> None:
        ok = bool(self.paths) and (not self.header or bool(self.columns["text"].currentData()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def profile(self) -> str | None:
        return self.profile_box.currentData() or getattr(self, "_found", None)

    def mapping(self) -> dict[str, str | None] | None:
        """The columns chosen for the first file ({field: header}, None for a field not to import; a field left
        at "(none)" because no column was found is left out, for the header synonyms of later exports), None
        when nothing was read."""
        if not self.header:
            return None
        return {field: combo.currentData() or None for field, combo in self.columns.items()
                if combo.currentData() or field in self.unmapped}

    def accept_import(self) -> None:
        self.accept()
