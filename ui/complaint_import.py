"""Choosing the exports to import: the files (hotline .xlsx, consumer-council .csv …), the channel they come
from (recognised from their header), and the column of each field — shown for the first file, editable (a field
set to "(none)" by the officer is not imported, whatever its header), and remembered for the channel once
imported. Each file's header is read when it is added, in the background with progress and Cancel (a hotline
workbook of 100,000s of rows is parsed whole when it is opened): a file the import would refuse is not added."""

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

from ui.task_runner import ImmediateRunner
from workstation.errors import Cancelled, WorkstationError
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

    # a header text names a column by its whole text or, under a merged group ("诉求人信息 / 来电号码"), by its
    # sub-header, as the import reads it; the first column so named wins, a whole text before a sub-header
    present = {normalize_header(h.rsplit(" / ", 1)[-1]): h for h in reversed(header) if h}
    present.update({normalize_header(h): h for h in reversed(header) if h})
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


def _read_export_header(database: str, path: str, profile: str | None, seen: dict, *, progress, cancel):
    """The header of ``path`` as the import would read it, with a connection of its own (this runs on the task
    runner's thread); ``seen`` gets the task's cancel token, so that a Cancel pressed as the read ends still
    adds nothing."""
    from workstation.db.connection import connect
    from workstation.importing.complaints import read_header

    seen["cancel"] = cancel
    progress(0, 0, _("Reading {file}").format(file=Path(path).name))
    db = connect(Path(database), journal=False)  # it only reads the remembered mappings
    try:
        header = read_header(db, path, profile=profile, cancel=cancel)
    finally:
        db.conn.close()
    cancel.check()
    return header


class ComplaintImportDialog(QDialog):
    """The files, the channel and the column mapping of one import; ``paths``, ``profile()``, ``mapping()``.
    ``unmapped`` holds the fields explicitly not imported: set to "(none)" by the officer, or remembered so.
    ``runner`` reads each added file's header (an ``ImmediateRunner`` when none is given); ``reading`` is the
    file being read, during which nothing else can be added, removed or imported."""

    def __init__(self, db, prompts, parent: QWidget | None = None, runner=None):
        from workstation.importing.complaints import complaint_spec, profile_names

        super().__init__(parent)
        self.db, self.prompts = db, prompts
        self.runner = runner if runner is not None else ImmediateRunner(self)
        self.paths: list[str] = []
        self.header: list[str] = []
        self.unmapped: set[str] = set()
        self.reading: str | None = None
        self._reading_token: dict = {}
        self._headers: dict[str, list[str]] = {}  # the header texts of each file added
        self._found: str | None = None
        self.setWindowTitle(_("Import complaints"))
        self.resize(760, 640)
        self.files = QListWidget()
        self.files.setObjectName("import_files")
        self.add_button = add = QPushButton(_("Add file…"))
        add.setObjectName("add_file")
        add.clicked.connect(lambda: self.add_file())
        self.remove_button = remove = QPushButton(_("Remove"))
        remove.setObjectName("remove_file")
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
        """Read the header of an export in the background (progress and Cancel) and add the file once it is
        read; a file the import would refuse is not added and its reason is shown."""
        if self.reading:
            return
        path = path or self.prompts.open_file(self, _("Add a complaint export"),
                                              _("Exports (*.xlsx *.xls *.csv);;All files (*)"))
        if not path:
            return
        if any(Path(p).resolve() == Path(path).resolve() for p in self.paths):
            self.prompts.error(self, _("{file} is already in the list.").format(file=Path(path).name))
            return
        # the channel chosen applies to the first file; later files are recognised from their own header
        profile = None if self.paths else self.profile_box.currentData() or None
        self.reading, self._reading_token = path, {}
        self._update()
        database = self.db.execute("PRAGMA database_list").fetchone()[2]
        work = partial(_read_export_header, database, path, profile, self._reading_token)
        self.runner.run(_("Reading {file}").format(file=Path(path).name), work,
                        partial(self._header_read, path, self._reading_token), partial(self._header_refused, path),
                        self)

    def _header_read(self, path: str, seen: dict, header) -> None:
        if self.reading != path:
            return  # the dialog was closed meanwhile
        self.reading = None
        token = seen.get("cancel")
        if token is not None and token.cancelled:  # Cancel pressed as the read ended
            self._update()
            return
        self._headers[path] = [t for t in header.texts if t]
        self.paths.append(path)
        self.files.addItem(Path(path).name)
        if len(self.paths) == 1:
            self._show_header()
        self._update()

    def _header_refused(self, path: str, exc: BaseException) -> None:
        if self.reading != path:
            return
        self.reading = None
        self._update()
        if isinstance(exc, Cancelled):
            return  # the officer cancelled: nothing was added
        if not isinstance(exc, WorkstationError):
            raise exc
        self.prompts.error(self, exc.message)

    def remove_file(self) -> None:
        row = self.files.currentRow()
        if row < 0 or self.reading:
            return
        self.files.takeItem(row)
        self._headers.pop(self.paths.pop(row), None)
        if row == 0:
            self._show_header()
        self._update()

    def _show_header(self) -> None:
        """Offer the columns of the first file (read when it was added) and recognise its channel."""
        from workstation.importing.complaints import detect_profile, saved_profiles

        self.header = self._headers.get(self.paths[0], []) if self.paths else []
        for combo in self.columns.values():
            combo.clear()
            combo.addItem(_("(none)"), "")
            for text in self.header:
                combo.addItem(text, text)
        found = detect_profile(self.header, saved_profiles(self.db)) if self.header else None
        self.detected.setText(_("Recognised as: {label}").format(label=self.profile_box.itemText(
            self.profile_box.findData(found))) if found else "")
        self._found = found
        self._load_mapping()

    def _load_mapping(self) -> None:
        from workstation.importing.complaints import load_profile

        name = self.profile()
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
        reading = bool(self.reading)
        ok = bool(self.paths) and not reading and bool(self.columns["text"].currentData())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.add_button.setEnabled(not reading)
        self.remove_button.setEnabled(not reading and bool(self.paths))

    def profile(self) -> str | None:
        return self.profile_box.currentData() or self._found

    def mapping(self) -> dict[str, str | None] | None:
        """The columns chosen for the first file ({field: header}, None for a field not to import; a field left
        at "(none)" because no column was found is left out, for the header synonyms of later exports), None
        when nothing was read."""
        if not self.header:
            return None
        return {field: combo.currentData() or None for field, combo in self.columns.items()
                if combo.currentData() or field in self.unmapped}

    def accept_import(self) -> None:
        if self.reading or not self.paths:
            return  # not on a half-read file
        self.accept()

    def done(self, result: int) -> None:
        """Closing while a header is read cancels the read; its file is not added."""
        token = self._reading_token.get("cancel") if self.reading else None
        self.reading = None
        if token is not None:
            token.cancel()
        super().done(result)
