"""The idle lock: after a set number of minutes without keyboard or mouse input every window of the workstation
is covered (the main window's content hidden, editors' and dialogs' titles replaced) and the lock dialog asks for
the passphrase of the officer who logged in — or another officer's, who then becomes the one acting. Unlocking
uncovers everything as it was; 退出 keeps the open editors' text as drafts and closes the application — when a
dialog holds text typed and not saved (a case, a party, an interview…) it first names them (unlocking goes back to
them, to save), and only a second 退出 (仍然退出) drops it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from ui.login import LoginDialog
from workstation.errors import WorkstationError
from workstation.i18n import _, join_names
from workstation.security import access, keyring

CHECK_INTERVAL_MS = 5000
INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
})
#: platforms whose clipboard lives in this process (``ownsClipboard`` is always False there): what it holds was copied
#: in the workstation
IN_PROCESS_CLIPBOARD = ("offscreen", "minimal")
#: the format of the lock's ``placeholder``
LOCKED_FORMAT = "application/x-workstation-locked"
NOT_COVERED = (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen)
# while locked, only the lock dialog gets these: a message box that a finished task opens behind the lock must not
# take an Enter, a click or a shortcut
BLOCKED_WHILE_LOCKED = INPUT_EVENTS | {
    QEvent.Type.KeyRelease, QEvent.Type.MouseButtonRelease, QEvent.Type.ShortcutOverride, QEvent.Type.Shortcut,
    QEvent.Type.TouchEnd, QEvent.Type.TabletRelease, QEvent.Type.ContextMenu,
}


def placeholder() -> QMimeData:
    """What the clipboard holds while the workstation is locked, in place of what was copied in it: nothing to paste
    (no text), yet not empty — a clipboard manager refills an empty clipboard with its last item."""
    data = QMimeData()
    data.setData(LOCKED_FORMAT, b"locked")
    return data


def _owns(clipboard: QClipboard, mode: QClipboard.Mode) -> bool:
    """Whether the workstation put what ``clipboard`` holds in ``mode`` there."""
    if mode == QClipboard.Mode.Selection:
        return clipboard.supportsSelection() and clipboard.ownsSelection()
    return clipboard.ownsClipboard() or QGuiApplication.platformName() in IN_PROCESS_CLIPBOARD


def idle_clock() -> float:
    """Seconds on a clock that goes on while the laptop sleeps: CLOCK_BOOTTIME where there is one (Linux), whose
    monotonic clock stands still during a suspend — a laptop closed for an hour would otherwise still count as
    used a minute ago when opened again, and show the data until the set minutes passed after waking. Elsewhere
    the monotonic clock."""
    boot = getattr(time, "CLOCK_BOOTTIME", None)
    if boot is not None and hasattr(time, "clock_gettime"):
        try:
            return time.clock_gettime(boot)
        except OSError:  # a kernel without it
            pass
    return time.monotonic()


class IdleLock(QObject):
    """Watches the input of the whole application and locks ``window`` (and every other window) after
    ``minutes`` without any (0: never), counted on ``clock`` (``idle_clock``: the time asleep counts too).
    ``check_idle()`` is what the timer calls; ``lock()`` locks at once."""

    locked_changed = Signal(bool)

    def __init__(self, window, data_dir: Path, officer: str, minutes: int, *,
                 quit_app: Callable[[], None] | None = None, clock: Callable[[], float] | None = None):
        super().__init__(window)
        self.window, self.data_dir, self.officer = window, Path(data_dir), officer
        self.clock, self.quit_app = clock or idle_clock, quit_app or QApplication.quit
        self.minutes = 0
        self.last_input = self.clock()
        self.dialog: LoginDialog | None = None
        self._covers: dict[QWidget, tuple[QWidget, str]] = {}
        self._focus: QWidget | None = None
        self._active: QWidget | None = None
        self._central_visible = True
        self._quitting = False
        self._quit_warned = False
        self._clipboard: dict[QClipboard.Mode, QMimeData] = {}  # what was copied here, kept while locked
        self._clipboard_of = ""  # the officer who copied it: only they get it back
        self._cursor = QCursor.pos()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check_idle)
        QApplication.instance().installEventFilter(self)
        self.set_minutes(minutes)

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def set_minutes(self, minutes: int) -> None:
        """Lock after ``minutes`` without input from now on (0: never)."""
        self.minutes = int(minutes)
        self.last_input = self.clock()
        if self.minutes > 0:
            self.timer.start()
        else:
            self.timer.stop()

    def stop(self) -> None:
        """Stop watching (the application is closing)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # watching -------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self.dialog is not None and kind in BLOCKED_WHILE_LOCKED and not self._in_lock_dialog(watched):
            return True  # input meant for a covered window is dropped
        if kind in INPUT_EVENTS:
            if self.dialog is None:
                self.last_input = self.clock()
        elif self.dialog is not None:
            if kind == QEvent.Type.Resize and watched in self._covers:
                self._covers[watched][0].setGeometry(watched.rect())
            elif kind == QEvent.Type.Close and watched in self._covers and not self._quitting:
                event.ignore()  # a covered window stays until the workstation is unlocked or quit
                return True
            elif kind == QEvent.Type.Show and watched.isWidgetType() and watched.isWindow():
                QTimer.singleShot(0, self._cover_new_windows)
        return False

    def _in_lock_dialog(self, watched: QObject) -> bool:
        dialog = self.dialog
        if watched is dialog or watched is dialog.windowHandle():
            return True
        return watched.isWidgetType() and dialog.isAncestorOf(watched)

    def check_idle(self) -> bool:
        """Lock when nobody used the keyboard or the mouse for the set minutes; True when it locked."""
        if self.is_locked or self.minutes <= 0:
            return False
        cursor = QCursor.pos()
        if cursor != self._cursor:  # a mouse moved over no window of ours is input too
            self._cursor, self.last_input = cursor, self.clock()
        if self.clock() - self.last_input < self.minutes * 60:
            return False
        self.lock()
        return True

    # locking --------------------------------------------------------------------------------------------
    def lock(self) -> None:
        """Cover every window and ask for a passphrase."""
        if self.is_locked:
            return
        app = QApplication.instance()
        for _attempt in range(8):  # open menus and completers close
            popup = app.activePopupWidget()
            if popup is None:
                break
            popup.close()
        self._focus, self._active = app.focusWidget(), app.activeWindow()
        clear_passphrase_fields()  # whoever unlocks next finds none typed by the officer before
        self._empty_clipboard()
        db = getattr(self.window, "db", None)
        if db is not None:  # who left the register is neither offered nor let in
            access.follow_register(db, self.data_dir)
        from workstation.audit import current_actor

        acting = current_actor()  # the officer acting, as named now (renamed in the register since the unlock)
        if acting != self.officer and acting in keyring.officers(self.data_dir, on_duty=True):
            self.officer = acting
        self._clipboard_of = acting
        self.dialog = LoginDialog(self.data_dir, officer=self.officer, locked=True, parent=self.window)
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.unlocked.connect(self._unlocked)
        self.dialog.quit_requested.connect(self.quit_asked)
        self._quit_warned = False
        central = self.window.centralWidget()
        self._central_visible = central is not None and not central.isHidden()
        if central is not None:
            central.hide()
        self._cover_new_windows()
        self.dialog.show()  # a window shown last stands on top: no raise() (not every platform has it)
        self.dialog.activateWindow()
        self.locked_changed.emit(True)

    def _empty_clipboard(self) -> None:
        """Take off the clipboard (and the X11 selection) what the workstation put there — a party's identity number
        copied would else be pasted into another program at the locked laptop — keeping a copy in memory for the
        officer who unlocks (``_give_clipboard_back``). What another program put there is left alone. Our
        ``placeholder()`` takes its place rather than nothing: a clipboard manager that refills an emptied clipboard
        with what was copied last (KDE Klipper's "prevent empty clipboard", on by default) would bring it back."""
        clipboard = QGuiApplication.clipboard()
        self._clipboard = {}
        for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):
            if not _owns(clipboard, mode):
                continue
            held = clipboard.mimeData(mode)
            if held is None or not held.formats() or held.hasFormat(LOCKED_FORMAT):
                continue
            kept = QMimeData()
            for kind in held.formats():
                kept.setData(kind, held.data(kind))
            self._clipboard[mode] = kept
            clipboard.setMimeData(placeholder(), mode)

    def _give_clipboard_back(self, officer: str) -> None:
        """Put back what the lock took from the clipboard — only for the officer who copied it, and only where the
        lock's placeholder is still ours (nothing was copied meanwhile); another officer unlocking finds the
        placeholder, which holds nothing to paste, and the copy is dropped."""
        kept, self._clipboard = self._clipboard, {}
        if officer != self._clipboard_of:
            return
        clipboard = QGuiApplication.clipboard()
        for mode, data in kept.items():
            now = clipboard.mimeData(mode)
            if _owns(clipboard, mode) and now is not None and now.hasFormat(LOCKED_FORMAT):
                clipboard.setMimeData(data, mode)

    def _cover_new_windows(self) -> None:
        if self.dialog is None:
            return
        added = False
        for widget in QApplication.topLevelWidgets():
            if widget is self.dialog or widget in self._covers or not widget.isVisible() or \
                    widget.windowType() in NOT_COVERED:
                continue
            self._cover(widget)
            added = True
        if added and self.dialog.isVisible():  # a window that appeared later must not stand above the lock
            self.dialog.hide()
            self.dialog.show()

    def _cover(self, window: QWidget) -> None:
        cover = QWidget(window)
        cover.setObjectName("lock_cover")
        cover.setAutoFillBackground(True)
        label = QLabel(_("Locked"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("font-size: 20pt; color: #666;")
        QVBoxLayout(cover).addWidget(label)
        cover.setGeometry(window.rect())
        cover.raise_()
        cover.show()
        self._covers[window] = (cover, window.windowTitle())
        window.destroyed.connect(lambda _obj=None, w=window: self._covers.pop(w, None))
        window.setWindowTitle(_("Case-file workstation (locked)"))

    def covered(self) -> list[QWidget]:
        """The windows covered now."""
        return [w for w in self._covers if shiboken6.isValid(w)]

    # unlocking ------------------------------------------------------------------------------------------
    def _unlocked(self, officer: str) -> None:
        """Uncover everything as it was; the officer who unlocked acts from now on — whoever acted before (as the
        audit log names them: renamed meanwhile, it is still them), and whatever the lock had asked for. Another
        officer is told of the dialogs holding what the one before typed and did not save."""
        from workstation.audit import current_actor

        db = getattr(self.window, "db", None)
        if getattr(self.window, "read_only_banner", None) is not None:
            db = None  # opened read only: nothing can be written into its audit log
        before = current_actor()
        unsaved = self.unsaved_dialogs() if officer != before else []  # named by their titles before the lock
        if db is not None:  # the wrong passphrases tried at the lock, before the officer who unlocked it acts
            from workstation.security.events import audit_failed_logins

            audit_failed_logins(db, self.data_dir)
        if officer != before:  # another officer acts from now on: the audit log says so
            try:
                access.switch_officer(db, officer, before)
            except WorkstationError:  # a database refusing the write (disk full) does not keep the officer out
                access.act_as(officer)
        else:
            access.act_as(officer)
        self.officer = officer
        self._give_clipboard_back(officer)
        for window, (cover, title) in list(self._covers.items()):
            if shiboken6.isValid(window):
                window.setWindowTitle(title)
                cover.hide()
                cover.deleteLater()
        self._covers.clear()
        central = self.window.centralWidget()
        if central is not None and self._central_visible:
            central.show()
        dialog, self.dialog = self.dialog, None
        dialog.deleteLater()
        if self._active is not None and shiboken6.isValid(self._active) and self._active.isVisible():
            self._active.activateWindow()
        if self._focus is not None and shiboken6.isValid(self._focus) and self._focus.isVisible():
            self._focus.setFocus()
        self._focus = self._active = None
        self.last_input = self.clock()
        self.locked_changed.emit(False)
        if unsaved:
            self._tell_unsaved(unsaved, before, officer)

    def _tell_unsaved(self, unsaved: list[str], before: str, officer: str) -> None:
        """Tell ``officer``, who unlocked in place of ``before``, of the dialogs holding what was typed and not saved
        (as 退出 on the lock names them): saving it now records it as theirs."""
        prompts = getattr(self.window, "prompts", None)
        if prompts is None:
            return
        prompts.info(self.window, _(
            "Not saved: {dialogs} still hold what {before} typed and did not save. Saving it now records it in the "
            "audit log as {officer}'s: save it only if it is yours to save, else close the dialog without saving (or "
            "leave it for {before}, who unlocks with their own passphrase).").format(
            dialogs=join_names(unsaved), before=keyring.shown_name(before), officer=keyring.shown_name(officer)))

    def unsaved_dialogs(self) -> list[str]:
        """The open dialogs holding text typed and not saved (quitting drops it; the document editors' text is kept
        as drafts instead), each named by its title as before the lock and — a dialog of a case — the case's number,
        else its party: 「记录期限事项」（佛南市监立〔2026〕9号）."""
        from ui.layouts import AsksBeforeDropping

        titles = []
        for widget in QApplication.topLevelWidgets():
            if widget is self.dialog or not isinstance(widget, AsksBeforeDropping) or not widget.isVisible():
                continue
            widget.commit_typing()  # a name still being typed in a table's open cell counts as typed
            if widget._loaded is not None and widget.typed() != widget._loaded:
                title = self._covers[widget][1] if widget in self._covers else widget.windowTitle()
                untitled = _("(untitled dialog)")
                named = f"「{title or untitled}」"
                case = case_of_dialog(widget)
                which = case_label(case) if case is not None else ""
                titles.append(_("{dialog} ({case})").format(dialog=named, case=which)
                              if which and which not in title else named)
        return titles

    def quit_asked(self) -> None:
        """退出 on the lock: at once when nothing typed would be lost; else the lock dialog first names the dialogs
        whose text would be lost and offers to unlock to save it, and a second 退出 (仍然退出) quits."""
        unsaved, running = self.unsaved_dialogs(), self.running_work()
        if (unsaved or running) and not self._quit_warned and self.dialog is not None:
            self._quit_warned = True
            said = []
            if unsaved:
                said.append(_("Not saved: what was typed in {dialogs} is lost when the workstation quits now. Unlock "
                              "to go back and save it; to give it up, click Quit anyway.").format(
                    dialogs="、".join(unsaved)))
            if running:  # quitting closes its progress dialog, which cancels it, with no one left to say so
                said.append(_("Still running: {work} is cancelled when the workstation quits now (what it had not "
                              "finished is not kept; start it again later). Unlock to let it finish; to stop it, "
                              "click Quit anyway.").format(work="、".join(running)))
            self.dialog.show_message("\n".join(said))
            self.dialog.quit_button.setText(_("Quit anyway"))
            return
        self.quit()

    def running_work(self) -> list[str]:
        """The long work running with its progress shown (an import, the demo, a backup), each named 「by its
        title」 as before the lock covered it: quitting cancels it."""
        from PySide6.QtWidgets import QProgressDialog

        return [f"「{self._covers[widget][1] if widget in self._covers else widget.windowTitle()}」"
                for widget in QApplication.topLevelWidgets()
                if isinstance(widget, QProgressDialog) and widget.isVisible()]

    def quit(self) -> None:
        """Keep what the open editors hold as drafts, then close the application."""
        self._quitting = True
        for editor in list(getattr(self.window, "editors", [])):
            editor.save_draft()
        if self.dialog is not None:
            self.dialog.locked = False
            self.dialog.close()
        # the work running cancelled, as the lock said (``quit_asked``), even when an editor keeps the window open
        self.window.runner.cancel_all()
        self.window.close()
        self.stop()
        self.quit_app()


def clear_passphrase_fields() -> None:
    """Empty every passphrase field of the open windows (a field showing dots: ``passphrase_fields.password_edit``):
    a passphrase typed before the lock is no one's to use after it. The errors under a passphrase form's fields
    (``NewPassphraseForm``) go with them; an error shown for another such field (the workstation's passphrase to
    take over, the login's) stays until it is checked again — it names no passphrase."""
    from PySide6.QtWidgets import QLineEdit

    from ui.passphrase_fields import NewPassphraseForm

    widgets = QApplication.allWidgets()
    for widget in widgets:
        if isinstance(widget, NewPassphraseForm) and shiboken6.isValid(widget):
            widget.clear_passphrases()
    for widget in widgets:
        if isinstance(widget, QLineEdit) and shiboken6.isValid(widget) and \
                widget.echoMode() != QLineEdit.EchoMode.Normal and widget.text():
            widget.clear()


def case_of_dialog(widget: QWidget):
    """The case a dialog belongs to: its own (``case``; the case editor's ``original``), else the one of the window
    or page it was opened from (a case's workspace); None for a dialog of no case (a party, an interview…)."""
    node = widget
    while node is not None:
        for name in ("case", "original"):
            case = getattr(node, name, None)
            if hasattr(case, "case_number") and hasattr(case, "party_names"):
                return case
        node = node.parentWidget()
    return None


def case_label(case) -> str:
    """A case as the lock names it: its number, else (not filed yet) its parties, masked and cut."""
    from workstation.masking import mask_text

    return case.case_number or mask_text(case.party_names or "")[:24]
