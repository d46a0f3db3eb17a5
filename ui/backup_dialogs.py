"""Backups in the window: the 备份 dialog (the list of backups, 立即备份 with progress and Cancel, the folder and how
many to keep, 检查数据库完整性, the data kept before restores in ``replaced_dialog``), the restore wizard (choose a
backup → check it, and what would refuse its restore → confirm, saying where the current data is kept → restore,
the window closing its database connection and reopening the restored data), the check at start after an unclean
shutdown, and the automatic daily backup."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.access_keys import with_fixed_letter
from ui.layouts import fit_to_screen, say_written
from ui.task_runner import keeping_token, wait_for
from workstation.backup import (
    MAX_KEEP,
    backup_folder,
    backup_settings,
    check_writable,
    close_database,
    create_backup_task,
    damaged_note,
    data_age_days,
    days_since_backup,
    due_backup,
    incomplete_note,
    incomplete_warning,
    last_backup_gone,
    last_good_backup,
    list_backups,
    on_the_data_disk,
    other_folders_note,
    plaintext_left_note,
    removed_note,
    reopen_database,
    replaced_name,
    restore_task,
    save_backup_settings,
)
from workstation.backup_format import BackupNotRecorded
from workstation.compaction import (
    compact_database,
    disk_free,
    few_free_pages_text,
    page_figures,
    refusal,
    space_needed,
    worth_compacting,
)
from workstation.errors import Cancelled, WorkstationError, join_sentences
from workstation.i18n import N_, _, ngettext
from workstation.output import written_text
from workstation.paths import backups_dir, database_path
from workstation.records import short_time, today
from workstation.repair import (
    BACKUP_TITLES,
    RESTORE_TITLES,
    ImportLeftovers,
    IndexMismatch,
    UnnamedFiles,
    clear_stopped,
    clear_unclean,
    full_check_task,
    interrupted_work,
    keep_unrepaired,
    mark_open,
    noted_as,
    quick_check,
    stopped_without_closing,
    sweep_restores_not_made,
    unrepaired,
    was_unclean,
)

LOG = logging.getLogger("workstation.ui.backup")
BACKUP_FILTERS = N_("Backups (*.wsbackup);;All files (*)")
#: the Alt letters of the dialog's buttons (关闭 has C): 立即备份(&B) 恢复(&R)… 仅恢复密钥环(&Y)… 检查数据库完整性(&K)
#: 恢复前保留的数据(&D)… 选择文件夹(&F)… 默认文件夹(&T)
BUTTON_LETTERS = {"backup_now": "B", "restore": "R", "keyring": "Y", "check": "K", "replaced": "D",
                  "choose_folder": "F", "default_folder": "T"}
COLUMNS = (N_("Created"), N_("Size"), N_("Station"), N_("Encrypted"), N_("State"))
LISTED_PROBLEMS = 5
# a failed automatic backup is said in a message box, not only in the status bar, once the last backup is this old
STALE_BACKUP_DAYS = 7


when = short_time  # an ISO time as the officer reads it: 2026-11-30 10:12


def when_made(stamp: str | None) -> str:
    """When a backup was made, to the second (two backups made in the same minute are told apart): 2026-11-30
    10:12:05."""
    return (stamp or "")[:19].replace("T", " ")


def refusal_text(exc: WorkstationError) -> str:
    """A refusal as the window says it: a backup of another station gets the window's way out, not a command."""
    return getattr(exc, "window_message", None) or exc.message


def size_text(size: int) -> str:
    if size >= 1 << 20:
        return _("{n:.1f} MB").format(n=size / (1 << 20))
    return _("{n} KB").format(n=max(1, round(size / 1024)))


def kept_folder(data_dir: Path, name: str) -> str:
    return str(backups_dir(Path(data_dir)) / name)


def restored_text(result: dict, data_dir: Path | None = None) -> str:
    """What a restore tells the officer: the backup's time, where the data it replaced is kept (if any), and what
    the restored data lacks and what to do before taking a number again (``restore_advice``)."""
    from workstation.backup_restore import restore_advice

    if result.get("kind") == "migration":  # a copy an update made: the database alone
        text = _("The copy of the database made before the update of {created} was restored; the stored files stay "
                 "as they were.").format(created=when_made(result["created"]))
        if result.get("kept"):
            text = join_sentences([text, _("The data it replaced is kept in {folder}.").format(folder=result["kept"])])
    elif result.get("kept"):
        text = _("The backup made {created} was restored. The data it replaced is kept in {folder}.").format(
            created=when_made(result["created"]), folder=result["kept"])
    else:
        text = _("The backup made {created} was restored; there was no data here to replace.").format(
            created=when_made(result["created"]))
    text += "\n\n" + restore_advice(result, data_dir)
    if result.get("backup") and data_dir is not None:  # encrypted here: the unencrypted backups left are named
        left = plaintext_left_note(Path(data_dir), exclude=[item["path"] for item in result.get("backups_left", [])])
        text += "\n" + left if left else ""
    return text


def left_out_text(db, created: str) -> str:
    """The paragraph a restore's question adds: the work done after the backup was made is not in it, and the
    bundles exported since (named): headquarters will refuse the station's further bundles unless the replaced data
    is put back, and numbers wait for a hand-out made after it imported them (``workstation.numbering_hold``)."""
    from workstation.backup_restore import exports_since, sent_list

    text = _("The work done after {created} — cases, leads, complaints, interviews, publicity activities, documents, "
             "evidence registered, case numbers, document numbers and bundles — is not in this "
             "backup.").format(created=when_made(created))
    try:
        sent = exports_since(db, created) if db is not None else []
    except Exception:  # noqa: BLE001 - the question is asked all the same
        LOG.warning("bundles exported since the backup not read", exc_info=True)
        sent = []
    if sent:
        text = join_sentences([text, _(
            "Exported since: {bundles}. After the restore headquarters will refuse this station's further bundles "
            "(its audit log no longer continues the one they carried), until the data the restore replaces, which is "
            "kept, is put back; and before filing a case or issuing a document, headquarters' hand-out made after it "
            "imported those bundles must be imported, so that no number is given twice.").format(
            bundles=sent_list(sent))])
    return "\n\n" + text


class RestoreWizard:
    """The steps of a restore, each through the prompts and the task runner: choose → verify → confirm → restore.

    ``host`` is the main window (``data_dir``, ``prompts``, ``runner``, ``release_database()`` and
    ``reopen_database()``); ``on_finished`` runs after a restore (to refresh a list)."""

    def __init__(self, host, parent: QWidget, on_finished=None):
        self.host, self.parent, self.on_finished = host, parent, on_finished
        self.prompts, self.runner, self.data_dir = host.prompts, host.runner, Path(host.data_dir)

    def start(self, path: str | None = None) -> None:
        path = path or self.choose()
        if path:
            self.verify(path)

    def choose(self) -> str | None:
        try:
            rows = [r for r in list_backups(self.data_dir) if r["valid"]]
        except WorkstationError as exc:
            self.prompts.error(self.parent, exc.message)
            rows = []
        items = [_("{created} · {size}{encrypted}").format(
            created=when_made(r["created"]), size=size_text(r["size"]),
            encrypted=_(" · encrypted") if r["encrypted"] else "")
            + (" · " + _("pre-update copy") if r.get("kind") == "migration" else "") for r in rows]
        items.append(_("Another backup file…"))
        index = self.prompts.choose_item(self.parent, _("Restore a backup"), _("Which backup should be restored?"),
                                         items)
        if index is None:
            return None
        if index == len(rows):
            return self.prompts.open_file(self.parent, _("Choose a backup file"), _(BACKUP_FILTERS))
        return rows[index]["path"]

    def verify(self, path: str) -> None:
        """Check the backup before asking to replace the current data with it: every byte, and what the restore
        would refuse later and can tell now (``check_restorable``: another station's backup, a newer version's
        database, the data open in another workstation) — refused here, the replacement is never asked."""
        from workstation.backup_restore import check_restorable  # a backup, or a copy an update made

        # the check's Cancel: pressed as its last bytes were read, the work still returns; confirm then stops
        tokens: list = []
        self.runner.run(_("Checking the backup"), keeping_token(partial(check_restorable, self.data_dir, path),
                                                                tokens),
                        partial(self.confirm, path, tokens=tokens), self.refused, self.parent)

    def refused(self, exc: BaseException) -> None:
        if not isinstance(exc, WorkstationError):
            raise exc
        if isinstance(exc, Cancelled):  # asked for by the officer: no error
            self.prompts.info(self.parent, exc.message)
            return
        self.prompts.error(self.parent, refusal_text(exc))

    def confirm(self, path: str, info: dict, tokens: list | None = None) -> None:
        """Ask to replace the current data with the backup checked (``info``); not asked when the officer cancelled
        the check (``tokens``: its CancelToken), even once it had ended: the wizard stops, nothing changed."""
        if tokens and tokens[0].cancelled:
            self.prompts.info(self.parent, _("Cancelled; nothing was changed."))
            return
        keep_as = replaced_name()
        question = _("Restore the backup made {created} ({size})?\n\nThe current database and stored files are not "
                     "deleted: they are kept in {folder}.\nOpen case tabs and document editors close, and the window "
                     "shows the restored data.").format(created=when_made(info["created"]), size=size_text(info["size"]),
                                                        folder=kept_folder(self.data_dir, keep_as))
        if info.get("kind") == "migration":  # a copy an update made: the database alone
            question = _("The file is the copy of the database made before an update: only the database is "
                         "restored, the stored files stay as they are.") + "\n\n" + question
        question += left_out_text(getattr(self.host, "db", None), info["created"])
        unsaved = unsaved_editors_text(self.host)
        if not self.prompts.confirm(self.parent, question + unsaved, destructive=True):
            return
        if not self.host.release_database(drop_unsaved=bool(unsaved)):
            self.prompts.info(self.parent, _("A document editor is still open: save or close it, then restore."))
            return
        self.runner.run(_("Restoring the backup"), partial(restore_task, self.data_dir, path, keep_as=keep_as),
                        self.restored, self.restore_failed, self.parent)

    def restored(self, result: dict) -> None:
        self.host.reopen_database()
        self.prompts.info(self.parent, restored_text(result, self.data_dir))
        if self.on_finished is not None:
            self.on_finished()

    def restore_failed(self, exc: BaseException) -> None:
        self.host.reopen_database()  # the current data is as it was: the window goes on with it
        if not isinstance(exc, WorkstationError):
            raise exc
        if isinstance(exc, Cancelled):  # asked for by the officer: no error
            self.prompts.info(self.parent, exc.message)
            return
        self.prompts.error(self.parent, refusal_text(exc))


def unsaved_editors_text(host) -> str:
    """The paragraph a restore's (or put-back's) question adds when open document editors hold changes not saved:
    they are lost, as the data they would be saved into is replaced; "" when there are none."""
    names = host.unsaved_editors() if hasattr(host, "unsaved_editors") else []
    if not names:
        return ""
    return "\n\n" + _("Not saved, and lost if you go on: the changes in {documents}. Their drafts are kept in the "
                       "database being replaced, so saving them now would not keep them either: to keep working on "
                       "them, cancel.").format(documents="、".join(f"「{n}」" for n in names))


def folder_usable(folder: Path) -> bool:
    """Whether a backup can be written into ``folder``: a folder, or one that would be made in a folder that is
    there (a chosen folder on a drive that is not plugged in, or a file of that name, is not)."""
    return folder.is_dir() or (not folder.exists() and folder.parent.is_dir())


class KeptSpinBox(QSpinBox):
    """保留份数: Enter takes the number typed and does no more; it never reaches the dialog, where it would press
    its default button (立即备份, whose rotation would remove the backups beyond the number)."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.interpretText()
            self.selectAll()
            event.accept()
            return
        super().keyPressEvent(event)


class FolderLabel(QLabel):
    """A folder's path on one line: shown whole where there is room, else shortened in the middle (the drive and the
    last folders kept, "…" between); ``text()`` and the tooltip are the whole path, which the context menu's Select
    All and Copy copy. Its least width is small, so that a long USB or network-share path does not widen its window
    past a laptop's screen (1366 × 768 at 150 % leaves 911 pixels)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 8)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        hint.setWidth(self.minimumWidth())
        return hint

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        room = self.contentsRect()
        if self.fontMetrics().horizontalAdvance(self.text()) <= room.width():
            super().paintEvent(event)  # whole, selectable as a label is
            return
        from PySide6.QtGui import QPainter

        painter = QPainter(self)
        painter.drawText(room, int(self.alignment()), self.shown_text())  # what it says it shows
        painter.end()

    def shown_text(self) -> str:
        """The path as the label shows it now (shortened in the middle when it lacks room)."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, self.contentsRect().width())


class BackupDialog(QDialog):
    """The 备份 dialog of the File menu; ``host`` is the main window (see RestoreWizard)."""

    def __init__(self, host, parent: QWidget | None = None):
        super().__init__(parent)
        self.host, self.prompts, self.runner, self.data_dir = host, host.prompts, host.runner, Path(host.data_dir)
        self.setWindowTitle(_("Backups"))
        fit_to_screen(self, 760, 480)  # within a laptop's screen at 150 % (911 × 472), Close in view
        self.folder_label = FolderLabel()  # a long path shortened in the middle, whole in its tooltip
        self.folder_label.setObjectName("backup_folder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keep = KeptSpinBox()
        self.keep.setObjectName("keep")
        self.keep.setRange(1, MAX_KEEP)
        # saved once the number is typed (Enter in the field, which only takes it, or leaving the field) or stepped,
        # not at each keystroke: 12 typed over 7 would keep 1 for a moment, each step audited
        self.keep.setKeyboardTracking(False)
        self.last_label = QLabel()
        self.last_label.setObjectName("last_backup")
        self.place_warning = QLabel(_("These backups are on the same disk as the data: if the laptop is lost or its "
                                      "disk breaks, they are lost with it. Choose a folder on a USB drive or a network "
                                      "share, or copy the backups there regularly."))
        self.place_warning.setObjectName("backup_place_warning")
        self.place_warning.setWordWrap(True)
        self.place_warning.setStyleSheet("color: #b00020;")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons (arrows move in the table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        # another data folder's backups of this station in the folder: named, with how they go (not at each backup)
        self.other_note = QLabel()
        self.other_note.setObjectName("other_folders_note")
        self.other_note.setWordWrap(True)
        self.other_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.other_note.hide()
        self.buttons = {}
        for name, text, slot in (("backup_now", _("Back up now"), self.backup_now),
                                 ("restore", _("Restore…"), self.restore),
                                 ("keyring", _("Put back the keyring only…"), self.put_back_keyring),
                                 ("check", _("Check database integrity"), self.check_integrity),
                                 ("replaced", _("Data kept before restores…"), self.show_replaced),
                                 ("choose_folder", _("Choose folder…"), self.choose_folder),
                                 ("default_folder", _("Default folder"), self.use_default_folder)):
            button = QPushButton(with_fixed_letter(text, BUTTON_LETTERS[name]))
            button.setObjectName(name)
            button.clicked.connect(slot)
            self.buttons[name] = button
        self._layout()
        self.refresh()
        self.keep.valueChanged.connect(self.keep_changed)

    def _layout(self) -> None:
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.buttons["choose_folder"])
        folder_row.addWidget(self.buttons["default_folder"])
        form = QFormLayout()
        form.addRow(_("Backup folder:"), folder_row)
        form.addRow(_("Backups to keep:"), self.keep)
        form.addRow(_("Last backup:"), self.last_label)
        form.addRow(self.place_warning)
        actions = QHBoxLayout()
        for name in ("backup_now", "restore", "keyring", "replaced", "check"):
            actions.addWidget(self.buttons[name])
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close_button = close.button(QDialogButtonBox.StandardButton.Close)
        close_button.setText(with_fixed_letter(close_button.text(), "C"))  # 关闭(&C), as Esc
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.other_note)
        layout.addLayout(actions)
        layout.addWidget(close)

    # the list ------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        settings = backup_settings(self.data_dir)
        folder = backup_folder(self.data_dir, settings)
        self.folder_label.setText(str(folder))
        # Enter backs up when there is a folder to back up into (but in 保留份数, where it only takes the number);
        # choosing one is the thing to do when there is not
        ready = folder_usable(folder)
        self.buttons["backup_now"].setDefault(ready)
        self.buttons["choose_folder"].setDefault(not ready)
        self.place_warning.setHidden(not on_the_data_disk(self.data_dir, folder))
        self.keep.blockSignals(True)
        self.keep.setValue(settings["keep"])
        self.keep.blockSignals(False)
        self.last_label.setText(when(settings["last_backup"]) or _("none yet"))
        self._show_keyring_button()
        try:
            self.rows = list_backups(self.data_dir)
        except WorkstationError as exc:
            self.rows = []
            self.last_label.setText(exc.message)
        note = other_folders_note(self.rows)
        self.other_note.setText(note)
        self.other_note.setHidden(not note)
        self.table.setRowCount(len(self.rows))
        for row, backup in enumerate(self.rows):
            station = backup["station"] or ""
            values = (when_made(backup["created"]), size_text(backup["size"]),
                      _("this station") if station and station == settings["station"] else station[:8],
                      (_("yes") if backup["encrypted"] else _("no")) if backup["valid"] else "",
                      # the header reads; a rotation that checked the whole file may have found it damaged
                      _("damaged") if backup.get("damaged") else
                      _("pre-update copy") if backup.get("kind") == "migration" and backup["valid"] else
                      _("readable") if backup["valid"] else backup["problem"])
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, backup["path"])
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # the keyboard starts on the default button (else on 选择文件夹…, the first button, which Enter would press)
        next(button for button in self.buttons.values() if button.isDefault()).setFocus()

    def _show_keyring_button(self) -> None:
        """Put back the keyring only…: shown where the data is encrypted, usable once its keyring.json is lost or
        damaged (``keyring_missing``; the tooltip says what it does and, while the keyring is there, why it is not
        needed)."""
        from workstation.backup import keyring_missing
        from workstation.security import session

        missing = keyring_missing(self.data_dir)
        try:
            encrypted = missing or session.encrypted(self.data_dir)
        except WorkstationError:  # a damaged keyring.json: the data is encrypted, the button says what it is for
            encrypted = True
        button = self.buttons["keyring"]
        button.setVisible(encrypted)
        button.setEnabled(missing)
        tip = _("Puts back only the keyring (keyring.json, which holds the key of the encrypted data) that the "
                "selected backup carries, when keyring.json is lost or damaged (a damaged one is kept aside, not "
                "deleted). The database and the stored files stay as they are, with the work done since the backup; "
                "it is first checked that the keyring opens them. It needs the passphrase an officer had when the "
                "backup was made.")
        if not missing:
            tip += "\n\n" + _("keyring.json is here, so there is nothing to put back: to go back to the data of a "
                               "backup, use Restore….")
        button.setToolTip(tip)

    def selected_path(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()]["path"] if rows else None

    # actions -------------------------------------------------------------------------------------------------
    def backup_now(self) -> None:
        self.keep.interpretText()  # a number typed and not yet taken (the field not left): kept before the rotation
        tokens = []  # the task's Cancel: pressed once the backup could no longer be stopped, the message says so

        def work(progress, cancel):
            tokens.append(cancel)
            return create_backup_task(database_path(self.data_dir), progress=progress, cancel=cancel)

        self.runner.run(_("Backing up"), work, lambda result: self._backed_up(result, tokens), self._failed, self)

    def _backed_up(self, result: dict, tokens: list | None = None) -> None:
        self.refresh()
        if hasattr(self.host, "statusBar"):  # a backup lacking stored files keeps the status bar's warning
            show_backup_warning(self.host, incomplete_warning(result) or None)
        if result.get("missing_files"):  # written, but lacking files gone from the data folder: said as a warning
            self.prompts.error(self, written_text(result["path"], incomplete_note(result)))
            return
        late = _("Cancel came too late to stop it: the backup was already complete.") \
            if tokens and tokens[0].cancelled else ""
        if result.get("damaged"):  # older backups the rotation found damaged: said as a warning, as the CLI says it
            self.prompts.error(self, written_text(result["path"], late, damaged_note(result), removed_note(result)))
            return
        say_written(self, self.prompts, result["path"], late, removed_note(result))

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, WorkstationError):
            raise exc
        if isinstance(exc, Cancelled):  # asked for by the officer: no error
            self.prompts.info(self, exc.message)
            return
        self.prompts.error(self, exc.message)

    def choose_folder(self) -> None:
        folder = self.prompts.choose_folder(self, _("Choose the backup folder"),
                                            str(backup_folder(self.data_dir)))
        if folder:
            try:  # a folder that cannot be written is not remembered: the daily backup would fail there every day
                check_writable(folder)
            except WorkstationError as exc:
                self.prompts.error(self, exc.message)
                return
            self._save(folder=folder)

    def use_default_folder(self) -> None:
        self._save(folder=None)

    def keep_changed(self, value: int) -> None:
        self._save(keep=value)

    def _save(self, **changes) -> None:
        try:
            save_backup_settings(self.data_dir, **changes)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
        self.refresh()

    def check_integrity(self) -> None:
        work = partial(full_check_task, database_path(self.data_dir))
        self.runner.run(_("Checking the database"), work, self._checked, self._failed, self)

    def _checked(self, problems: list[str]) -> None:
        # what killed bundle imports left: told first, as a note (the records are sound, no backup to restore)
        leftovers = [problem for problem in problems if isinstance(problem, ImportLeftovers)]
        problems = [problem for problem in problems if not isinstance(problem, ImportLeftovers)]
        if not problems:
            self.prompts.info(self, "\n\n".join(
                [_("The database, the audit log and every stored file are sound."), *leftovers]))
            return
        if leftovers:
            self.prompts.info(self, "\n\n".join(leftovers))
        listed = "\n".join(problems[:LISTED_PROBLEMS])
        more = len(problems) - LISTED_PROBLEMS
        if more > 0:
            listed += "\n" + _("… and {n} more.").format(n=more)
        unnamed = [problem for problem in problems if isinstance(problem, UnnamedFiles)]
        indexes = [problem for problem in problems if isinstance(problem, IndexMismatch)]
        if len(unnamed) + len(indexes) < len(problems):  # damage: only a good backup repairs it
            self.prompts.error(self, _("The check found problems:\n{problems}\n\nRestore a good backup to repair "
                                       "the data.").format(problems=listed))
            return
        if not indexes:  # only stored files no record names: not damage
            self._offer_removal(unnamed)
            return
        # search indexes out of step with sound records: rebuilt from them here, no backup needed
        listed = "\n".join(indexes[:LISTED_PROBLEMS])
        if self.prompts.confirm(self, _("The check found problems:\n{problems}\n\nRebuild the search indexes "
                                        "from the records now? Nothing else is changed.").format(problems=listed)):
            from workstation.repair import rebuild_search_indexes_task

            work = partial(rebuild_search_indexes_task, database_path(self.data_dir))
            self.runner.run(_("Rebuilding the search indexes"), work,
                            lambda tables: self._rebuilt(tables, unnamed), self._failed, self)
        elif unnamed:
            self._offer_removal(unnamed)

    def _rebuilt(self, tables: list[str], unnamed: list[str] | None = None) -> None:
        self.prompts.info(self, _("Search indexes rebuilt from the records: {indexes}.").format(
            indexes=", ".join(tables) or _("none")))
        if unnamed:
            self._offer_removal(unnamed)

    def _offer_removal(self, unnamed: list[str]) -> None:
        """Say what the stored files no record names are — left by adding work that was cut off, taking space and
        nothing else, the data sound — and offer to remove them (``remove_unnamed_files``, as `backup check --full
        --remove-unnamed`)."""
        finding = unnamed[0]
        count, size = getattr(finding, "count", 0), getattr(finding, "size", 0)
        question = ngettext(
            "The check found {n} stored file ({size}) that no record names. It was left by adding work that was "
            "interrupted (the program was stopped or crashed while adding it) and only takes space on the disk and "
            "in every backup; the records and the other files are sound, no backup needs restoring.\n\nRemove it "
            "now?",
            "The check found {n} stored files ({size}) that no record names. They were left by adding work that was "
            "interrupted (the program was stopped or crashed while adding them) and only take space on the disk and "
            "in every backup; the records and the other files are sound, no backup needs restoring.\n\nRemove them "
            "now?", count).format(n=count, size=size_text(size))
        if not self.prompts.confirm(self, question):
            return
        from workstation.repair import remove_unnamed_files_task

        work = partial(remove_unnamed_files_task, database_path(self.data_dir))
        self.runner.run(_("Removing the stored files no record names"), work, self._removed_unnamed, self._failed,
                        self)

    def _removed_unnamed(self, result: dict) -> None:
        text = ngettext("{n} stored file no record names removed ({size} freed).",
                        "{n} stored files no record names removed ({size} freed).", result["removed"]).format(
            n=result["removed"], size=size_text(result["freed"]))
        if result["left"]:
            from workstation.repair import unnamed_left_text

            text += "\n" + unnamed_left_text(result["left"])
        self.prompts.info(self, text)

    def restore(self) -> None:
        RestoreWizard(self.host, self, on_finished=self.refresh).start(self.selected_path())

    def put_back_keyring(self) -> None:
        """Put back only the keyring of the selected backup (else of the newest encrypted one listed) into the
        encrypted data that lost its keyring.json, asking first and then the passphrase of when it was made."""
        rows = [r for r in self.rows if r["valid"] and r["encrypted"]]
        chosen = self.selected_path()
        backup = next((r for r in rows if r["path"] == chosen), None) if chosen else (rows[0] if rows else None)
        if backup is None and chosen:
            self.prompts.error(self, _("Select an encrypted backup of this station in the list: only such a backup "
                                       "carries the keyring of the encrypted data."))
            return
        if backup is None:
            self.prompts.error(self, _("There is no encrypted backup in {folder} to take the keyring from: choose the "
                                       "folder that holds the backups (Choose folder…).").format(
                folder=self.folder_label.text()))
            return
        created = when_made(backup["created"])
        question = _("Put back only the keyring of the backup made {created} ({file})?\n\nkeyring.json holds the key "
                     "of the encrypted data in {path}; without it the data cannot be opened again (at the next start "
                     "or when the window is locked). The database and the stored files stay as they are, with the "
                     "work done since the backup; it is first checked that the keyring opens them. It needs the "
                     "passphrase an officer had when the backup was made.").format(
            created=created, file=Path(backup["path"]).name, path=self.data_dir)
        if not self.prompts.confirm(self, question):
            return
        if put_back_asking(self, self.data_dir, self.prompts, backup["path"], created) is not None:
            self.refresh()

    def show_replaced(self):
        """The data sets restores kept aside, and putting one back (undoing a restore)."""
        from ui.replaced_dialog import ReplacedDialog

        if getattr(self, "replaced_dialog", None) is None:
            self.replaced_dialog = ReplacedDialog(self.host, self, on_finished=self.refresh)
        self.replaced_dialog.refresh()
        self.replaced_dialog.open()
        return self.replaced_dialog


def compaction_question(figures: dict, free: int, folder: Path) -> str:
    """What 压缩数据库… asks before it starts: what the free pages are, what compacting gives back, the room it needs."""
    return _("The database file is {size} MB, of which {free_pages} free pages ({freed} MB) are kept but not used. "
             "Compacting rewrites the file without them and gives about {freed} MB back to the disk; the records "
             "stay as they are. It needs {needed} MB free on the disk of {folder} while it runs (there are {room} MB "
             "free). Other work waits until it has finished, and Cancel leaves the database as it was.\n\nCompact "
             "the database now?").format(
        size=f"{figures['file_bytes'] / (1 << 20):.1f}", free_pages=figures["free_pages"],
        freed=f"{figures['free_bytes'] / (1 << 20):.1f}", needed=f"{space_needed(figures) / (1 << 20):.1f}",
        folder=folder, room=f"{free / (1 << 20):.1f}")


def compacted_text(result: dict) -> str:
    """What 压缩数据库… says when it has finished."""
    return _("The database was compacted: the file went from {before} MB to {after} MB, {freed} MB given back to "
             "the disk.").format(**{k: f"{result[k] / (1 << 20):.1f}" for k in ("before", "after", "freed")})


def compact_task(database: Path, *, progress, cancel) -> dict:
    """``compact_database`` with a connection of its own (for the task runner)."""
    from workstation.db.connection import connect

    db = connect(database)
    try:
        return compact_database(db, Path(database).parent, progress=progress, cancel=cancel)
    finally:
        db.conn.close()


def offer_compaction(host, parent: QWidget) -> None:
    """压缩数据库… of the File menu (``host``: the main window): refused with the command's message when nothing is
    worth compacting, another program has the data open or the disk lacks the room; else asked with the figures,
    run in the task runner with progress and Cancel, and its result said."""
    data_dir, prompts = Path(host.data_dir), host.prompts
    figures = page_figures(host.db)
    if not worth_compacting(host.db):
        prompts.info(parent, few_free_pages_text(figures))
        return
    refused = refusal(figures, data_dir)
    if refused:
        prompts.error(parent, refused)
        return
    if not prompts.confirm(parent, compaction_question(figures, disk_free(data_dir), data_dir)):
        return

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, WorkstationError):
            raise exc
        if isinstance(exc, Cancelled):
            prompts.info(parent, _("Compaction cancelled: the database is as it was."))
            return
        prompts.error(parent, exc.message)

    host.runner.run(_("Compacting the database"), partial(compact_task, database_path(data_dir)),
                    lambda result: prompts.info(parent, compacted_text(result)), failed, parent)


# what long work cut off by a crash kept, by the titles the task runner or a command notes it under
# (``repair.note_work``): ((titles, …), what was kept and what to do); other work is told ``CUT_OFF_OTHER``
CUT_OFF_KINDS = (
    ((N_("Importing case register {file}"),),  # the file's name only: where it was is not recorded
     N_("nothing of it was imported (a case register is imported whole or not at all): import {file} again.")),
    ((N_("Importing case register"),),  # noted by an earlier version, which did not record the file
     N_("nothing of the case register was imported (it is imported whole or not at all): import the file again.")),
    ((N_("Importing complaints {files}"),),  # the files' names only: where they were is not recorded
     N_("of {files}, the files whose import had finished are kept (each file is saved on its own); the one being "
        "imported then was not: import {files} again — the complaints already stored are recognised and not stored "
        "twice.")),
    ((N_("Importing complaints"),),  # noted by an earlier version, which did not record the files
     N_("the complaint files whose import had finished are kept (each file is saved on its own); the file being "
        "imported then was not: import it again — complaints already stored are recognised and not stored twice.")),
    ((N_("Merging {file}"),), N_("nothing of the bundle was merged: check it and merge it again.")),
    (BACKUP_TITLES, N_("no backup was made: make one again ({backups}).")),
    ((*RESTORE_TITLES, N_("Putting the data back")),
     N_("the data is as it was before the restore: restore again if it is still needed.")),
    ((N_("Loading demo data"),),
     N_("what had been loaded is kept; load the demo again to complete it (File → Load demo data, or `demo`): "
        "nothing is added twice.")),
    ((N_("Compacting the database"),),
     N_("the database is as it was before the compaction, and the copy it was writing has been removed: compact "
        "again if it is still needed.")),
)
CUT_OFF_OTHER = N_("what it had not completed was not saved: check the result and do the work again where needed.")


def cut_off_kept(title: str) -> str:
    """What the long work noted as ``title`` kept when it was cut off, and what to do now: by its kind
    (``CUT_OFF_KINDS``, its title as noted in English or in Chinese, whatever the window's language now), else
    the general sentence."""
    from ui.layouts import plain_label

    for templates, kept in CUT_OFF_KINDS:
        found = noted_as(title, templates)  # as the command line matches it
        if found is not None:
            menu, item = plain_label(_("&File")), plain_label(_("&Backups…"))
            return _(kept).format(backups=f"{menu} → {item}…", **found)
    return _(CUT_OFF_OTHER)


def cut_off_text(titles: list[str]) -> str:
    """What the start says when work was running as the workstation stopped without closing and the database check
    found no damage: each work noted, with what it kept and what to do now."""
    lines = [_("{work}: {kept}").format(work=title, kept=cut_off_kept(title)) for title in titles]
    return _("The workstation was not closed properly last time, while this work was running. It did not finish; "
             "the database check found no damage.\n\n{work}").format(work="\n".join(lines))


def startup_check(parent: QWidget | None, db, data_dir: Path, prompts, problems: list[str] | None = None,
                  runner=None) -> None:
    """Call once the database is open (before the window uses it): after an unclean shutdown, run the quick check
    (unless its ``problems`` are given: the start runs it in the task runner) and, when it finds problems, offer
    to restore the last good backup (``db`` then holds the restored data);
    when it finds none but long work was running at the time (an import, a backup), say that it did not finish.
    The offered backup's check and its restore run in ``runner`` (progress and Cancel) when given.
    Problems not repaired (restore declined, no backup, restore failed) keep the database needing a check: bulk
    imports check it and refuse, and the next start checks it again; the officer is told so. Marks the database
    open in this process either way; safe to call always. Raises DatabaseError when the database cannot be opened
    again after a restore."""
    data_dir = Path(data_dir)
    opened = False
    try:
        if was_unclean(data_dir):
            problems = quick_check(db) if problems is None else problems
            if not problems:
                # marked open first, as a command does: what the opening finds of the work cut off (a backup whole
                # and in place, recorded; a restore that replaced nothing) it says itself (``swept``), and that work
                # is no longer named below as cut off, unfinished — never both. Damaged data is marked open only
                # once the backup offered is restored or declined: nothing is recorded into data it replaces
                opened = True
                mark_open(data_dir)
            else:
                # a restore killed before it replaced the data, said (``swept``) before the offered backup's check
                # sweeps its staging folder and the markers naming it are cleared below
                sweep_restores_not_made(data_dir)
            cut_off = interrupted_work(data_dir)
            LOG.info("unclean shutdown before this start: quick check found %s problems, %s tasks cut off",
                     len(problems), len(cut_off))
            if problems and not _offer_restore(parent, db, data_dir, prompts, problems, runner):
                if keep_unrepaired(data_dir, problems):  # else the markers stay: the check is not forgotten
                    clear_stopped(data_dir)
                return
            if cut_off and not problems:
                prompts.info(parent, cut_off_text(cut_off))
            clear_unclean(data_dir)
    finally:
        if not opened:  # a refusal of that marking (another program encrypts the data) is not repeated
            mark_open(data_dir)


def still_unchecked_text() -> str:
    """What problems left unrepaired at start mean for the officer's work until they are repaired."""
    return _("The problems are not repaired, so the database still counts as unchecked: case-register and complaint "
             "imports check it first and are refused while it has problems, and the next start checks it again. "
             "To repair it, restore a good backup under File → Backups….")


def _offer_restore(parent, db, data_dir: Path, prompts, problems: list[str], runner=None) -> bool:
    """Offer the last good backup for the ``problems`` the check found; whether the data was restored. Its check
    and restore run in ``runner``; either cancelled leaves the data as it was, still unchecked."""
    listed = "\n".join(problems[:LISTED_PROBLEMS])
    best = last_good_backup(data_dir)
    earlier = None if stopped_without_closing(data_dir) else unrepaired(data_dir)
    found = (earlier or {}).get("found") or "?"
    if best is None:
        if earlier is None:
            text = _("The workstation was not closed properly last time, and the database check found problems:\n"
                     "{problems}\n\nThere is no backup to restore. Copy the data directory {path} somewhere safe "
                     "and ask for technical help.").format(problems=listed, path=data_dir)
        else:
            text = _("The problems the database check found at an earlier start ({found}) are not repaired:\n"
                     "{problems}\n\nThere is no backup to restore. Copy the data directory {path} somewhere safe "
                     "and ask for technical help.").format(found=found, problems=listed, path=data_dir)
        prompts.error(parent, text + "\n\n" + still_unchecked_text())
        return False
    try:
        refused = _restore_refused(data_dir, best["path"], runner)
    except Cancelled as exc:
        prompts.info(parent, exc.message + "\n\n" + still_unchecked_text())
        return False
    if refused is not None:  # said before the replacement is asked, which could never happen
        if earlier is None:
            text = _("The workstation was not closed properly last time, and the database check found problems:\n"
                     "{problems}\n\nThe last good backup, made {created}, cannot be restored. {refusal}")
        else:
            text = _("The problems the database check found at an earlier start ({found}) are not repaired:\n"
                     "{problems}\n\nThe last good backup, made {created}, cannot be restored. {refusal}")
        prompts.error(parent, text.format(found=found, problems=listed, created=when_made(best["created"]),
                                          refusal=refused) + "\n\n" + still_unchecked_text())
        return False
    keep_as = replaced_name()
    if earlier is None:
        question = _("The workstation was not closed properly last time, and the database check found problems:\n"
                     "{problems}\n\nRestore the last good backup, made {created}? The current data is not "
                     "deleted: it is kept in {folder}.")
    else:
        question = _("The problems the database check found at an earlier start ({found}) are not repaired:\n"
                     "{problems}\n\nRestore the last good backup, made {created}? The current data is not "
                     "deleted: it is kept in {folder}.")
    if not prompts.confirm(parent, question.format(found=found, problems=listed, created=when_made(best["created"]),
                                                   folder=kept_folder(data_dir, keep_as))):
        prompts.info(parent, still_unchecked_text())
        return False
    close_database(db)
    try:
        result = wait_for(runner, _("Restoring the backup"),
                          partial(restore_task, data_dir, best["path"], keep_as=keep_as), parent)
    except Cancelled as exc:
        prompts.info(parent, exc.message + "\n\n" + still_unchecked_text())
        return False
    except WorkstationError as exc:
        prompts.error(parent, exc.message + "\n\n" + still_unchecked_text())
        return False
    finally:
        reopen_database(db, data_dir)  # the restored data, or the current data as it was
    prompts.info(parent, restored_text(result, data_dir))
    return True


def _restore_refused(data_dir: Path, path: str, runner=None) -> str | None:
    """What refuses the restore of the backup at ``path`` that is known before anything is replaced
    (``check_restorable``: a newer version's database, one that cannot be opened or fails its integrity check,
    another station's backup, the data open in another workstation), naming the file and what to do; None when
    it can be offered. Run in ``runner`` (progress and Cancel: a large backup's hashes take a while) by the
    offers at start, before their window exists; a cancelled check raises Cancelled."""
    from workstation.backup_restore import check_restorable  # a backup, or a copy an update made

    try:
        wait_for(runner, _("Checking the backup"), partial(check_restorable, data_dir, path))
    except Cancelled:
        raise
    except WorkstationError as exc:
        return refusal_text(exc)  # the window's wording, as the wizard says it (no command to type)
    return None


def offer_lost_restore(parent, exc, data_dir: Path, prompts, runner=None) -> str:
    """At start, the database missing, emptied or damaged where data was (``exc``: a NeedsRestore): offer to
    restore the latest backup it names, once ``check_restorable`` found nothing that would refuse it. Returns
    "restored", "declined" (nothing changed; the officer was told how to restore later: also when the check or
    the restore, run in ``runner`` with progress and Cancel, was cancelled), "refused" (the backup cannot be
    restored: said, nothing changed) or "none" (no backup to offer: the caller says ``exc``'s message)."""
    from workstation.backup import latest_backup

    backup = exc.backup
    if backup is None:
        return "none"
    copy_refused = ""
    while True:
        later = _("Nothing was changed and the workstation closes without opening the data. The restore is offered "
                  "again at the next start; from the command line it is `backup restore {id}`.").format(
            id=backup["id"])
        try:
            refused = _restore_refused(data_dir, backup["path"], runner)
        except Cancelled:
            prompts.info(parent, join_sentences([_("The check of the backup was cancelled."), later]))
            return "declined"
        if refused is None or backup.get("kind") != "migration":
            break
        # the copy an update made cannot be restored: the latest backup proper is offered instead, when there is one
        try:
            fallback = latest_backup(data_dir)
        except (OSError, WorkstationError):
            fallback = None
        if fallback is None:
            break
        copy_refused = _("The copy of the database made before an update ({file}) cannot be restored: "
                         "{refusal}").format(file=Path(backup["path"]).name, refusal=refused)
        backup = fallback
    reason = exc.reason + ("\n\n" + copy_refused if copy_refused else "")
    if refused is not None:  # said before the replacement is asked, which could never happen
        prompts.error(parent, _("{reason}\n\nThe latest backup, made {created}, cannot be restored. {refusal}\n\n"
                                "Nothing was changed and the workstation closes without opening the data.").format(
            reason=reason, created=when_made(backup["created"]), refusal=refused))
        return "refused"
    keep_as = replaced_name()
    question = _("{reason}\n\nRestore the latest backup, made {created} ({file})? Whatever is left of the current "
                 "database is not deleted: it is kept in {folder}.")
    if backup.get("kind") == "migration":  # the copy an update made, newer than any backup: the database alone
        question = _("{reason}\n\nRestore the copy of the database made before an update, on {created} ({file})? "
                     "Only the database comes back; the stored files stay as they are. Whatever is left of the "
                     "current database is not deleted: it is kept in {folder}.")
    question = question.format(reason=reason, created=when_made(backup["created"]),
                               file=Path(backup["path"]).name, folder=kept_folder(data_dir, keep_as))
    if not prompts.confirm(parent, question):
        prompts.info(parent, later)
        return "declined"
    try:
        result = wait_for(runner, _("Restoring the backup"),
                          partial(restore_task, data_dir, backup["path"], keep_as=keep_as), parent)
    except Cancelled:
        prompts.info(parent, join_sentences([_("The restore was cancelled."), later]))
        return "declined"
    prompts.info(parent, restored_text(result, data_dir))
    return "restored"


def offer_keyring_put_back(parent, data_dir: Path, prompts, passphrase: str | None = None, *,
                           damaged: bool = False) -> str | None:
    """At start, encrypted data whose keyring.json is missing (``damaged``: damaged, then kept aside as
    keyring.json.damaged-…, never deleted): offer to put back only the keyring of the latest backup, which keeps the
    data with the work done since the backup (``backup_restore.put_back_keyring`` checks that it opens the database
    first). Asks the passphrase an officer had when the backup was made (``passphrase``, given on the command line,
    is tried first) until one opens it or the officer gives up. Returns the officer whose passphrase opened it, the
    keyring back and the data unlocked; None when the data is not encrypted data that lost its keyring
    (``keyring_missing``), there is no backup to offer, the officer declined or the backup was refused (said): the
    caller then refuses the start saying what is missing or damaged."""
    from workstation.backup import keyring_missing, latest_backup
    from workstation.security.keyring import keyring_path

    if not keyring_missing(data_dir):
        return None
    backup = latest_backup(data_dir)
    if backup is None or not backup.get("encrypted"):
        return None
    created = when_made(backup["created"])
    if damaged:
        question = _("{path}, which holds the key of the encrypted data in {folder}, is damaged, so the data cannot "
                     "be opened.\n\nThe latest backup, made {created} ({file}), carries the keyring as it was then. "
                     "Put back only that keyring? The data stays as it is, with the work done since the backup; it is "
                     "first checked that the keyring opens it. The damaged file is not deleted: it is kept aside as "
                     "keyring.json.damaged-…. It needs the passphrase an officer had when the backup was made.")
    else:
        question = _("keyring.json, which holds the key of the encrypted data in {path}, is missing, so the data "
                     "cannot be opened.\n\nThe latest backup, made {created} ({file}), carries the keyring as it was "
                     "then. Put back only that keyring? The data stays as it is, with the work done since the backup; "
                     "it is first checked that the keyring opens it. It needs the passphrase an officer had when the "
                     "backup was made.")
    question = question.format(path=keyring_path(data_dir) if damaged else data_dir, folder=data_dir,
                               created=created, file=Path(backup["path"]).name)
    if not prompts.confirm(parent, question):
        return None
    result = put_back_asking(parent, data_dir, prompts, backup["path"], created, passphrase)
    return None if result is None else result["officer"]


def put_back_asking(parent, data_dir: Path, prompts, path: str, created: str,
                    passphrase: str | None = None) -> dict | None:
    """Put back the keyring of the backup at ``path`` (made ``created``), asking the passphrase an officer had then
    (``passphrase`` is tried first) until one opens it or the officer gives up; says the result. Returns
    ``put_back_keyring``'s result, or None (given up, or refused: said, nothing changed)."""
    from workstation.backup_restore import keyring_put_back_advice, put_back_keyring
    from workstation.security.keyring import WrongPassphrase

    tries = [passphrase] if passphrase else []
    while True:
        given = tries.pop(0) if tries else prompts.ask_passphrase(
            parent, _("Put back the keyring"),
            _("Passphrase of an officer as it was when the backup was made ({created}):").format(created=created))
        if not given:
            return None
        try:
            result = put_back_keyring(data_dir, path, given)
        except WrongPassphrase as exc:
            prompts.error(parent, exc.message)
            continue
        except WorkstationError as exc:
            prompts.error(parent, exc.message)
            return None
        prompts.info(parent, _("The keyring of the backup is back: the data opens again, with the work done since the "
                               "backup.") + "\n\n" + keyring_put_back_advice(result))
        return result


def no_backup_text(data_dir: Path) -> str:
    """The status bar's lasting warning after a failed backup: how old the last one is, and what to do."""
    settings = backup_settings(data_dir)
    if last_backup_gone(data_dir, settings):  # its age would tell of a backup there is no longer
        return _("The last backup, {path}, is no longer there: the automatic backup failed. Back up under File → "
                 "Backups….").format(path=settings["last_path"])
    days = days_since_backup(data_dir)
    if days is None:
        return _("No backup yet: the automatic backup failed. Back up under File → Backups….")
    return _("Last backup {when} ({days} days ago): the automatic backup failed. Back up under File → "
             "Backups….").format(when=when(backup_settings(data_dir)["last_backup"]), days=days)


def show_backup_warning(window, text: str | None) -> None:
    """Show ``text`` in the window's status bar until a backup succeeds (None: remove the warning). A message that
    vanishes after two minutes would let weeks pass without a backup unnoticed."""
    label = window.statusBar().findChild(QLabel, "backup_warning")
    if text is None:
        if label is not None:
            label.hide()
            label.setText("")
        return
    if label is None:
        label = QLabel()
        label.setObjectName("backup_warning")
        label.setStyleSheet("color: #b00020; font-weight: bold;")
        window.statusBar().insertPermanentWidget(0, label)  # first: the data directory's label may take the rest
    label.setText(text)
    label.setToolTip(text)
    label.show()


def maybe_backup(window) -> bool:
    """The automatic daily backup: when the last one is older than a day, back up in the task runner and say so in
    the status bar. A failure stays in the status bar until a backup succeeds, and when the last backup is older
    than ``STALE_BACKUP_DAYS`` it is also said in a message box. Returns whether a backup was started."""
    if not due_backup(Path(window.data_dir)):
        return False
    bar = window.statusBar()

    def done(result: dict) -> None:
        # a backup lacking stored files gone from the data folder: said until a whole one is made
        show_backup_warning(window, incomplete_warning(result) or None)
        # older backups the rotation found damaged are said too, and longer
        bar.showMessage(written_text(result["path"], _("It is the automatic daily backup."), damaged_note(result),
                                     removed_note(result)), 120000 if result.get("damaged") else 15000)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, WorkstationError):
            raise exc
        LOG.info("automatic backup refused: %s", type(exc).__name__)
        if isinstance(exc, BackupNotRecorded):  # the backup is there: "failed" would contradict its message
            bar.showMessage(_("The automatic backup was written but not recorded: {message}").format(
                message=exc.message), 120000)
            return
        bar.showMessage(_("The automatic backup failed: {message}").format(message=exc.message), 120000)
        data_dir = Path(window.data_dir)
        show_backup_warning(window, no_backup_text(data_dir))
        days = days_since_backup(data_dir)
        never = days is None  # no backup recorded: the data's own age counts the week (a station never backed up)
        if never:
            days = data_age_days(getattr(window, "db", None))
        # said in a message box once a day: an open window tries again every hour (the status bar keeps saying it)
        said_on = today()  # the program's day, Beijing time
        if days is not None and days >= STALE_BACKUP_DAYS and getattr(window, "stale_backup_said", None) != said_on:
            window.stale_backup_said = said_on
            unsaved = (_("No backup of this data is recorded, and it was begun {days} days ago: everything entered "
                         "exists only on this laptop.").format(days=days) if never else
                       _("The last backup was made {when}, {days} days ago: what was entered since then exists only "
                         "on this laptop.").format(when=when(backup_settings(data_dir)["last_backup"]), days=days))
            window.prompts.error(window, _(
                "The automatic backup failed: {message}\n\n{unsaved} Back up now under File → Backups… (plug in the "
                "backup drive, or choose another folder).").format(message=exc.message, unsaved=unsaved))

    window.runner.run(_("Automatic backup"), partial(create_backup_task, database_path(window.data_dir)), done,
                      failed, window)
    return True

