"""Choosing the exports to import: the files (hotline .xlsx, consumer-council .csv …), for each the channel it
comes from (recognised from its header, or chosen) and the column of each field — shown for the file selected,
editable (a field set to "(none)" by the officer is not imported, whatever its header; a header whose
complaint-text column is not recognised offers its columns to choose from), and remembered for the channel once
imported (a cancelled import writes nothing, not even them). The channel and columns the officer chose for a header
are offered again for a file with the same header while the window is open (``ColumnChoices``), whether the wizard
was closed or the import cancelled. Several exports can be chosen at once, or dropped on the wizard from the file manager: each is
read and added in turn, a refused one named with its reason while the others are added. Each file's header is read
when it is added, in the background with progress and Cancel (a hotline workbook of 100,000s of rows is parsed whole
when it is opened): a file the import would refuse whatever the officer chose is not added. The list names each
file's channel and about how many rows it holds (a workbook's sheet size, a CSV's estimate from its first 64 kB; a
CSV is never read whole for it); beside each field's column are its first values in the file (from the rows read
with the header), numbers masked as lists show them."""

from __future__ import annotations

import dataclasses
from functools import cache, partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.layouts import AsksBeforeDropping, fit_to_screen, list_join, scrolled_fields
from ui.task_runner import ImmediateRunner
from workstation.errors import Cancelled, WorkstationError
from workstation.i18n import _, ngettext


def guess_mapping(header: list[str], remembered: dict[str, str | None] | None,
                  chosen_for: dict[str, str] | None = None) -> dict[str, str | None]:
    """{field: header text} as the import reads ``header``: from the synonyms (``header_columns``), then from the
    remembered mapping where it applies (``remembered_choices``: where the synonyms find no column, or for the
    header it was chosen for, ``chosen_for``); "" when neither finds a column, None for a field remembered as not
    imported for this header."""
    return _guess(header, remembered, chosen_for)[0]


def _guess(header: list[str], remembered: dict[str, str | None] | None,
           chosen_for: dict[str, str] | None) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """``guess_mapping`` and, of it, {field: header text or None} decided by the remembered mapping."""
    from workstation.importing.complaints import complaint_spec, header_columns, remembered_choices

    columns = header_columns(header)
    applied = remembered_choices(header, columns, remembered or {}, chosen_for or {})
    used = {f: None if c is None else header[c] for f, c in applied.items()}
    columns.update({f: c for f, c in applied.items() if c is not None})
    mapping = {f: (None if f in applied and applied[f] is None else header[columns[f]] if f in columns else "")
               for f in complaint_spec()["fields"]}
    return mapping, used


def _read_export_header(database: str, path: str, profile: str | None, seen: dict, *, progress, cancel):
    """The header of ``path`` as the import would read it, with a connection of its own (this runs on the task
    runner's thread), read so that a header whose complaint-text column or channel is not recognised still
    offers its columns to choose from; ``seen`` gets the task's cancel token, so that a Cancel pressed as the read
    ends still adds nothing."""
    from workstation.db.connection import connect
    from workstation.importing.complaints import read_header

    seen["cancel"] = cancel
    progress(0, 0, _("Reading {file}").format(file=Path(path).name))
    db = connect(Path(database), journal=False)  # it only reads the remembered mappings
    try:
        header = read_header(db, path, profile=profile, cancel=cancel, partial=True)
    finally:
        db.conn.close()
    cancel.check()
    return header


class ColumnChoices:
    """The channel and columns the officer chose in the wizard, by header (the texts of its columns): a file with
    the same header added later, in this wizard or in one opened again, is offered them again, whatever became of
    the first (removed from the list, the wizard closed, its import cancelled). A choice of columns is no data: it
    lives as long as the window that holds this, and is written to the channel's remembered mapping only by an
    import that stores the file (a cancelled one writes nothing: "nothing was changed" stays true)."""

    def __init__(self) -> None:
        self._chosen: dict[tuple[str, ...], _ChosenFile] = {}

    def note(self, chosen: _ChosenFile) -> None:
        self._chosen[tuple(chosen.header)] = dataclasses.replace(chosen, columns=dict(chosen.columns),
                                                                 unmapped=set(chosen.unmapped))

    def recall(self, chosen: _ChosenFile) -> bool:
        """Give ``chosen`` the channel and columns chosen before for its header; False when none were."""
        before = self._chosen.get(tuple(chosen.header))
        if before is None:
            return False
        chosen.profile, chosen.columns, chosen.unmapped = before.profile, dict(before.columns), set(before.unmapped)
        return True


@dataclasses.dataclass
class _ChosenFile:
    """What the wizard knows and the officer chose for one added file: its header texts, the channel recognised
    from them (None: not recognised), the channel chosen ("": recognise), {field: header text} chosen ("": no
    column found, left to the header synonyms) and the fields set to "(none)" (not imported)."""

    header: list[str]
    found: str | None
    profile: str = ""
    samples: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    rows: int = 0
    rows_estimated: bool = False
    columns: dict[str, str] = dataclasses.field(default_factory=dict)
    unmapped: set[str] = dataclasses.field(default_factory=set)
    # {field: header text, or None} of the columns the channel's remembered choices decided (said in the wizard)
    remembered: dict[str, str | None] = dataclasses.field(default_factory=dict)

    def channel(self) -> str | None:
        return self.profile or self.found

    def mapping(self) -> dict[str, str | None]:
        """{field: header} of the columns chosen, None for a field not to import; a field for which no column
        was found is left out, for the header synonyms."""
        return {f: header or None for f, header in self.columns.items() if header or f in self.unmapped}


class ComplaintImportDialog(AsksBeforeDropping, QDialog):
    """The files, and for each its channel and the column of each field: the columns of the file selected in the
    list are shown, editable (a field set to "(none)" by the officer is not imported, whatever its header; a
    column chosen applies to the other files of the channel with the same header), and remembered for the
    channel once imported. ``paths``, ``plan()`` (each file with its channel and mapping), and ``profile()`` /
    ``mapping()`` of the file shown. ``runner`` reads each added file's header (an ``ImmediateRunner`` when none
    is given); ``reading`` is the file being read, during which nothing else can be added, removed or imported.
    A file whose channel or complaint-text column is not recognised is shown so that the officer chooses them;
    Import waits until every file has both. Cancel, Esc or closing asks before dropping the files added; the
    channels and columns chosen stay in ``choices`` (the window's ``ColumnChoices``, else the wizard's own) for a
    file with the same header added again."""

    def __init__(self, db, prompts, parent: QWidget | None = None, runner=None, choices: ColumnChoices | None = None):
        from workstation.importing.complaints import complaint_spec, profile_names

        super().__init__(parent)
        self.db, self.prompts = db, prompts
        self.runner = runner if runner is not None else ImmediateRunner(self)
        self.choices = choices if choices is not None else ColumnChoices()
        self.paths: list[str] = []
        self.header: list[str] = []
        self.reading: str | None = None
        self._reading_token: dict = {}
        self._to_read: list[str] = []  # the files chosen or dropped together, still to be read after ``reading``
        self._chosen: dict[str, _ChosenFile] = {}
        self._shown: str | None = None  # the file whose channel and columns the widgets show
        # the officer confirmed the channels chosen for files whose header is plainly another channel's export
        self.despite_header = False
        self._loading = False
        # what the last column chosen took from another field of the file shown (said until the next choice)
        self.moved_note = ""
        self.setWindowTitle(_("Import complaints"))
        fit_to_screen(self, 760, 680)  # the columns whole with the list of files; scrolled on a short screen
        self.files = QListWidget()
        self.files.setObjectName("import_files")
        self.files.currentRowChanged.connect(self._show_file)
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
        self.detected.setWordWrap(True)
        self.columns: dict[str, QComboBox] = {}
        self.samples: dict[str, SampleLabel] = {}  # beside each field's column, its first values in the file
        self.field_labels: dict[str, QLabel] = {}  # each field's row, named by the file's own column once chosen
        self._rules = None  # masking's rules, loaded once for the samples shown (None: each value loads them)
        self.mapping_box = mapping_box = QGroupBox(_("Columns (of the file selected; remembered for the channel)"))
        form = QFormLayout(mapping_box)
        for name in complaint_spec()["fields"]:
            combo = QComboBox()
            combo.setObjectName(f"column_{name}")
            combo.activated.connect(partial(self._column_chosen, name))  # the officer's choice, not ours
            self.columns[name] = combo
            sample = SampleLabel()
            sample.setObjectName(f"sample_{name}")
            self.samples[name] = sample
            line = QHBoxLayout()
            line.addWidget(combo, 1)
            line.addWidget(sample, 1)
            field_label = QLabel(self._field_label(name, ""))
            field_label.setObjectName(f"field_{name}")
            self.field_labels[name] = field_label
            form.addRow(field_label, line)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Import"))
        self.buttons.accepted.connect(self.accept_import)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        # every channel the profiles know (12345, the consumer council, 12315 …), by its label
        channels = list_join(spec["label"] for spec in complaint_spec()["profiles"].values())
        self.intro = QLabel(_("Complaint exports of {channels} (.xlsx, .xls, or .csv in UTF-8 or GB18030); title rows "
                              "and total rows are skipped.").format(channels=channels))
        self.intro.setObjectName("import_intro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        layout.addWidget(self.files)
        layout.addLayout(row)
        channel = QHBoxLayout()
        channel.addWidget(QLabel(_("Channel")))
        channel.addWidget(self.profile_box, 1)
        layout.addLayout(channel)
        layout.addWidget(self.detected)
        # a row per field: scrolled on a laptop's short screen (1366 × 768 at 150 %), 导入 and Cancel in view
        self.mapping_scroll = scrolled_fields(mapping_box)
        self.mapping_scroll.setObjectName("mapping_scroll")
        self.mapping_scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.mapping_scroll)
        layout.addWidget(self.buttons)
        self.profile_box.currentIndexChanged.connect(self._profile_chosen)
        self.setAcceptDrops(True)  # exports dragged from the file manager are added as if chosen
        add.setFocus()  # the keyboard starts where the wizard does: Enter chooses the exports
        self._update()
        self.mark_loaded()

    def typed(self) -> list[tuple[str, str | None, dict[str, str | None]]]:
        """What closing would drop: the files added, each with the channel and columns chosen."""
        return self.plan()

    def add_file(self, path: str | None = None) -> None:
        """Add ``path``, else the exports the officer chooses (several at once where the prompts can choose
        several): ``add_files``."""
        if self.reading:
            return
        if path:
            chosen = [path]
        elif several := getattr(self.prompts, "open_files", None):
            chosen = several(self, _("Add complaint exports"), _("Exports (*.xlsx *.xls *.csv);;All files (*)"))
        else:
            chosen = [self.prompts.open_file(self, _("Add a complaint export"),
                                             _("Exports (*.xlsx *.xls *.csv);;All files (*)"))]
        self.add_files([p for p in chosen or [] if p])

    def add_files(self, paths: list[str]) -> None:
        """Read the header of each export in turn in the background (progress and Cancel) and add each file once
        it is read; a file the import would refuse whatever the officer chose, or one already in the list, is not
        added and named with its reason, the others are; Cancel stops the reading of those still to read."""
        if self.reading:
            return
        self._to_read = list(paths)
        self._read_next()

    def _read_next(self) -> None:
        """Start reading the next file still to read; the keyboard to what the officer does next once none is."""
        while self._to_read:
            path = self._to_read.pop(0)
            if any(Path(p).resolve() == Path(path).resolve() for p in self.paths):
                self.prompts.error(self, _("{file} is already in the list.").format(file=Path(path).name))
                continue
            self._read_header(path)
            return
        self._focus_next_step()

    def _focus_next_step(self) -> None:
        """The keyboard where the officer goes on once the files are read: the channel or the complaint text's
        column of the file shown when it still needs choosing, else the list, where Enter imports."""
        chosen = self._chosen.get(self._shown) if self._shown else None
        if chosen is not None and not chosen.channel():
            self.profile_box.setFocus()
        elif chosen is not None and not chosen.columns.get("text"):
            self.columns["text"].setFocus()
        elif self.paths:
            self.files.setFocus()

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Files dragged from the file manager are taken while no file is being read."""
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(u.isLocalFile() for u in urls) and not self.reading:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """The files dropped are added as if chosen with Add file…, in the order dropped."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths or self.reading:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files(paths)

    def _read_header(self, path: str) -> None:
        """Read the header of ``path`` in the background; the file is added once it is read (``_header_read``)."""
        # a channel chosen before any file was added applies to the first; later files are recognised from their
        # own header (and their channel chosen once they are in the list)
        profile = None if self.paths else self.profile_box.currentData() or None
        self.reading, self._reading_token = path, {}
        self._update()
        database = str(self.db.file())
        work = partial(_read_export_header, database, path, profile, self._reading_token)
        self.runner.run(_("Reading {file}").format(file=Path(path).name), work,
                        partial(self._header_read, path, self._reading_token, profile),
                        partial(self._header_refused, path), self)

    def _header_read(self, path: str, seen: dict, profile: str | None, header) -> None:
        from workstation.importing.complaints import detect_profile, saved_profiles

        if self.reading != path:
            return  # the dialog was closed meanwhile
        self.reading = None
        token = seen.get("cancel")
        if token is not None and token.cancelled:  # Cancel pressed as the read ended: no more files read either
            self._to_read = []
            self._update()
            return
        texts = [t for t in header.texts if t]
        chosen = _ChosenFile(texts, detect_profile(texts, saved_profiles(self.db)) if texts else None, profile or "",
                             samples=dict(header.samples), rows=header.rows, rows_estimated=header.rows_estimated)
        channel = chosen.channel()
        if not self.choices.recall(chosen):  # the officer's own choice for this header first
            chosen.columns, chosen.unmapped, chosen.remembered = _guessed(self.db, texts, channel)
        self._chosen[path] = chosen
        self.paths.append(path)
        self.files.addItem(Path(path).name)
        self._label_file(path)
        if len(self.paths) == 1 or self._needs(chosen):  # shown: the first file, or one that needs a choice
            self.files.setCurrentRow(len(self.paths) - 1)
            self._show_file(len(self.paths) - 1)
        self._update()
        self._read_next()

    def _header_refused(self, path: str, exc: BaseException) -> None:
        if self.reading != path:
            return
        self.reading = None
        self._update()
        if isinstance(exc, Cancelled):
            self._to_read = []
            return  # the officer cancelled: nothing was added, nor read after it
        if not isinstance(exc, WorkstationError):
            self._to_read = []
            raise exc
        self.prompts.error(self, exc.message)
        self._read_next()  # the other files chosen with it are still added

    def remove_file(self) -> None:
        row = self.files.currentRow()
        if row < 0 or self.reading:
            return
        path = self.paths.pop(row)
        self._chosen.pop(path, None)
        if self._shown == path:
            self._shown = None
        self.files.takeItem(row)
        # the list moves to the next file as the item is taken, while it still counts the item's row: shown here
        self._show_file(self.files.currentRow())

    # the file shown ------------------------------------------------------------------------------------------
    def _show_file(self, row: int) -> None:
        """Offer the channel and columns of the file in ``row`` of the list (read when it was added)."""
        self._shown = self.paths[row] if 0 <= row < len(self.paths) else None
        chosen = self._chosen.get(self._shown) if self._shown else None
        self.header = chosen.header if chosen else []
        self.moved_note = ""
        self._loading = True
        try:
            self.profile_box.setCurrentIndex(max(self.profile_box.findData(chosen.profile if chosen else ""), 0))
            for name, combo in self.columns.items():
                combo.clear()
                combo.addItem(_("(none)"), "")
                for text in self.header:
                    combo.addItem(text, text)
                combo.setCurrentIndex(max(combo.findData(chosen.columns.get(name) or "") if chosen else 0, 0))
        finally:
            self._loading = False
        self._show_samples()
        self._update()

    @staticmethod
    def _field_label(name: str, header: str) -> str:
        """A field's row as the file shown names it: the file's own column (a council's 联系电话, not the hotline's
        来电号码) with the field it is imported as, or the field alone when no column is chosen; * when required."""
        from workstation.importing.complaints import complaint_spec, field_label

        field = field_label(name)
        column = header.rsplit(" / ", 1)[-1].strip()  # under a merged group, its sub-header
        text = _("{column} (imported as {field})").format(column=column, field=field) if column else field
        return text + (" *" if name in complaint_spec()["required"] else "")

    def _show_samples(self) -> None:
        """Beside each field, the first values of the column chosen for it in the file shown, masked as lists show
        them (the caller's number as a number, the complainant's name and address as a lead's reporter's:
        ``MASKED_AS``)."""
        from workstation.masking import mask_field
        from workstation.screening.rules import RulesError, load_rules

        chosen = self._chosen.get(self._shown) if self._shown else None
        if chosen is not None and self._rules is None:
            try:
                self._rules = load_rules()
            except RulesError:  # each value masked then loads them itself
                self._rules = None
        for name, label in self.samples.items():
            header = self.columns[name].currentData() or ""
            self.field_labels[name].setText(self._field_label(name, header))
            values = [mask_field(MASKED_AS.get(name, name), _shown_value(name, v), self._rules)
                      for v in (chosen.samples.get(header, []) if chosen else [])]
            label.set_values(values, _("(empty in the first rows)") if header and not values else "")

    def _profile_chosen(self) -> None:
        """The officer chose the channel of the file shown: its columns are guessed again from what that channel
        remembers."""
        chosen = self._chosen.get(self._shown) if self._shown else None
        if self._loading or chosen is None:
            return
        chosen.profile = self.profile_box.currentData() or ""
        chosen.columns, chosen.unmapped, chosen.remembered = _guessed(self.db, chosen.header, chosen.channel())
        self.choices.note(chosen)
        self._show_file(self.paths.index(self._shown))
        self._label_file(self._shown)

    def _column_chosen(self, name: str, index: int) -> None:
        """The officer chose a column for field ``name``, or "(none)": then the field is not imported even where a
        header synonym would name a column for it. A column is read for one field only: one another field had is
        taken from it, which is set to "(none)" (not imported) and said so (``moved_note``) — else the import would
        read the column for one of the two without a word. The choice applies as well to the other files of the
        same channel whose header has that column."""
        chosen = self._chosen.get(self._shown) if self._shown else None
        if chosen is None:
            return
        header = self.columns[name].itemData(index) or ""
        taken: list[str] = []  # the fields of the file shown that had the column
        for path, other in self._chosen.items():
            if other is chosen or (other.channel() == chosen.channel() and (not header or header in other.header)):
                for field in [f for f, h in other.columns.items() if header and f != name and h == header]:
                    other.columns[field] = ""
                    other.unmapped.add(field)
                    other.remembered.pop(field, None)  # the officer's own choice now
                    if other is chosen:
                        taken.append(field)
                other.columns[name] = header
                (other.unmapped.discard if header else other.unmapped.add)(name)
                if other.remembered.get(name, "") != (header or None):
                    other.remembered.pop(name, None)  # the officer's own choice now
                self.choices.note(other)
                self._label_file(path)
        for field in taken:
            self.columns[field].setCurrentIndex(0)  # (none)
        self.moved_note = self._moved_text(header, name, taken)
        self._show_samples()
        self._update()

    @staticmethod
    def _moved_text(header: str, name: str, taken: list[str]) -> str:
        """What the wizard says when the column ``header`` chosen for ``name`` was taken from the fields ``taken``
        ('' for none)."""
        from workstation.importing.complaints import field_label

        if not taken:
            return ""
        return _("{column} is now imported as {field}, no longer as {other}: choose another column for {other}, or "
                 "leave it at “(none)”.").format(column=header, field=field_label(name),
                                                   other=list_join(field_label(f) for f in taken))

    # what is still to choose ---------------------------------------------------------------------------------
    @staticmethod
    def _needs(chosen: _ChosenFile) -> str:
        """What the officer must still choose for a file ("" when nothing)."""
        if not chosen.channel():
            return _("choose the channel")
        if not chosen.columns.get("text"):
            return _("choose the column of the complaint text")
        if sum(1 for header in chosen.columns.values() if header) < _min_fields():  # as the import refuses it
            return _("choose another column besides the complaint text (the work-order number, the time or the "
                     "caller's number)")
        return ""

    def _label_file(self, path: str) -> None:
        if path not in self.paths:
            return
        chosen = self._chosen[path]
        need = self._needs(chosen)
        channel = chosen.channel()
        parts = [Path(path).name]
        if channel:
            parts.append(self.profile_box.itemText(self.profile_box.findData(channel)) or channel)
        if chosen.rows_estimated:
            parts.append(ngettext("about {n} row", "about {n} rows", chosen.rows).format(n=chosen.rows))
        else:
            parts.append(ngettext("{n} row", "{n} rows", chosen.rows).format(n=chosen.rows))
        if need:
            parts.append(need)
        item = self.files.item(self.paths.index(path))
        item.setText(" — ".join(parts))

    def _update(self) -> None:
        reading = bool(self.reading)
        waiting = [p for p in self.paths if self._needs(self._chosen[p])]
        ok = bool(self.paths) and not reading and not waiting
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.add_button.setEnabled(not reading)
        self.remove_button.setEnabled(not reading and bool(self.paths))
        chosen = self._chosen.get(self._shown) if self._shown else None
        lines = []
        if chosen is not None and chosen.found:
            lines.append(_("Recognised as: {label}").format(
                label=self.profile_box.itemText(self.profile_box.findData(chosen.found))))
        if chosen is not None and chosen.remembered:
            from workstation.importing.complaints import field_label, remembered_columns

            lines.append(_("Columns remembered for the channel from an earlier import: {columns}").format(
                columns=remembered_columns(chosen.remembered, field_label)))
        if self.moved_note:  # the column just chosen was another field's
            lines.append(self.moved_note)
        for path in waiting:
            lines.append(_("{file}: {what} before importing.").format(file=Path(path).name,
                                                                       what=self._needs(self._chosen[path])))
        self.detected.setText("\n".join(lines))

    # what is imported ----------------------------------------------------------------------------------------
    def profile(self) -> str | None:
        """The channel of the file shown (chosen, else recognised)."""
        chosen = self._chosen.get(self._shown) if self._shown else None
        return chosen.channel() if chosen else self.profile_box.currentData() or None

    def mapping(self) -> dict[str, str | None] | None:
        """The columns chosen for the file shown ({field: header}, None for a field not to import; a field left
        at "(none)" because no column was found is left out, for the header synonyms of later exports), None
        when nothing was read."""
        chosen = self._chosen.get(self._shown) if self._shown else None
        return chosen.mapping() if chosen else None

    def plan(self) -> list[tuple[str, str | None, dict[str, str | None]]]:
        """Every file with the channel and the columns it is imported with, in the order of the list."""
        return [(p, self._chosen[p].channel(), self._chosen[p].mapping()) for p in self.paths]

    def accept_import(self) -> None:
        if self.reading or not self.paths or any(self._needs(self._chosen[p]) for p in self.paths):
            return  # not on a half-read file, nor one whose channel or text column is still to choose
        if (wrong := self.wrong_channels()) and not self.prompts.confirm(self, "\n".join([*wrong, _(
                "Import them as the channel chosen all the same?")]), destructive=True):
            return  # left open: the officer picks the right channel, or removes the file
        self.despite_header = bool(wrong)
        self.accept()

    def wrong_channels(self) -> list[str]:
        """One line for each file whose channel was chosen against a header that is plainly another channel's
        export (``contradicting_profile``): its complaints would be recorded as received through the wrong
        channel."""
        from workstation.importing.complaints import contradicting_profile, profile_label, saved_profiles

        saved = saved_profiles(self.db)
        lines = []
        for path in self.paths:
            chosen = self._chosen[path]
            if found := contradicting_profile(chosen.header, chosen.profile or None, saved):
                lines.append(_("{file}: the header is that of a {found} export, but {chosen} was chosen as its "
                               "channel.").format(file=Path(path).name, found=profile_label(found),
                                                  chosen=profile_label(chosen.profile)))
        return lines

    def done(self, result: int) -> None:
        """Closing while a header is read cancels the read; its file is not added."""
        token = self._reading_token.get("cancel") if self.reading else None
        self.reading, self._to_read = None, []
        if token is not None:
            token.cancel()
        super().done(result)


class SampleLabel(QLabel):
    """A field's first values in the file on one line, each cut to a few characters and the line to the label's
    width (it takes the room it is given, never widens the wizard), with the whole values as tooltip; ``shown``
    is the line before it is cut to the width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_values(self, values: list[str], none: str = "") -> None:
        """Show ``values`` (already masked), or ``none`` when there are none."""
        self.shown = " | ".join(_elided(v) for v in values) if values else none
        self.setToolTip("\n".join(values))
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        text = self.fontMetrics().elidedText(self.shown, Qt.TextElideMode.ElideRight, max(self.width(), 0))
        if text != self.text():
            self.setText(text)


@cache
def _min_fields() -> int:
    """How many columns a complaint export's header must name (the complaint text and at least one more)."""
    from workstation.importing.complaints import complaint_spec

    return complaint_spec()["min_fields"]


#: the import's fields masked in the samples as a lead's reporter's (m056): the complainant's name 张**, the address
#: its divisions and four stars; not in ``masking.NAME_FIELDS``/``ADDRESS_FIELDS`` themselves, where ``address`` is
#: a party's too (a firm's, shown whole where a bundle's conflict shows it)
MASKED_AS = {"complainant": "reporter_name", "address": "reporter_address"}


def _shown_value(name: str, value: str) -> str:
    """A sample as the import reads it where that differs from the text: an Excel serial in the time column
    (46086.75) as the date and time it is (2026-03-05 18:00:00 (46086.75))."""
    from workstation.importing.complaints import parse_received

    if name == "received_at" and value.replace(".", "", 1).isdigit():
        try:
            read = parse_received(value)
        except ValueError:
            return value
        return f"{read} ({value})" if read else value
    return value


def _elided(value: str, width: int = 20) -> str:
    """``value`` on one line, cut to ``width`` characters with "…" (the whole value is in the tooltip)."""
    value = " ".join(value.split())
    return value if len(value) <= width else value[:width - 1] + "…"


def _guessed(db, header: list[str], channel: str | None) -> tuple[dict[str, str], set[str], dict[str, str | None]]:
    """The columns ``guess_mapping`` finds for ``header`` with what ``channel`` remembers ("" for none), the fields
    remembered as not imported, and the columns the remembered choices decided."""
    from workstation.importing.complaints import profile_choices

    mapping, used = _guess(header, *profile_choices(db, channel))
    return {f: h or "" for f, h in mapping.items()}, {f for f, h in mapping.items() if h is None}, used
