"""The login dialog of an encrypted data directory (see ``ui.gate`` for when it is shown), which also serves as
the unlock dialog of the idle lock. A wrong passphrase is refused in the dialog, and the next try waits as long
as the keyring says (the button counts down)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.layouts import error_label
from ui.passphrase_fields import password_edit
from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.security import access, keyring


class LoginDialog(QDialog):
    """An officer and their passphrase. As the login (``locked=False``) 退出 rejects it; as the idle lock's
    dialog (``locked=True``) it cannot be dismissed: 解锁 or 退出 (``quit_requested``)."""

    unlocked = Signal(str)
    quit_requested = Signal()

    def __init__(self, data_dir: Path, officer: str = "", message: str = "", locked: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir, self.locked = Path(data_dir), locked
        self.officer_name = ""
        self.setObjectName("lock_dialog" if locked else "login_dialog")
        self.setWindowTitle(_("Workstation locked") if locked else _("Log in"))
        intro = QLabel(_("The workstation is locked. Give your passphrase to continue, or another officer's "
                         "passphrase to continue as them.") if locked else
                       _("The data of this workstation is encrypted. Choose your name and give your passphrase."))
        intro.setWordWrap(True)
        self.officer = QComboBox()
        self.officer.setObjectName("officer")
        names = keyring.officers(self.data_dir, on_duty=True)  # not who left: their passphrase opens nothing
        for name in names:  # the workstation's passphrase no officer took over yet is said as such
            self.officer.addItem(keyring.shown_name(name), name)
        preferred = officer or access.default_officer()
        if preferred in names:
            self.officer.setCurrentIndex(names.index(preferred))
        self.passphrase = password_edit("passphrase")
        self.message = error_label("message")
        form = QFormLayout()
        form.addRow(_("Officer"), self.officer)
        form.addRow(_("Passphrase"), self.passphrase)
        form.addRow("", self.message)
        self.login_button = QPushButton(_("Unlock") if locked else _("Log in"))
        self.login_button.setObjectName("login")
        self.login_button.setDefault(True)
        self.quit_button = QPushButton(_("Quit"))
        self.quit_button.setObjectName("quit")  # Enter on it when it has the keyboard quits (autoDefault)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.resize(440, self.sizeHint().height())
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self.update_wait)
        # Enter in the passphrase field presses the default button (登录, 解锁): once. Connected to returnPressed
        # too, it tried the passphrase a second time, empty, and the officer read only "口令为空"
        self.login_button.clicked.connect(self.attempt)
        self.quit_button.clicked.connect(self.quit)
        if message:
            self.show_message(message)
        self.update_wait()
        self.passphrase.setFocus()

    def show_message(self, text: str) -> None:
        """Show ``text`` under the passphrase, the dialog growing when it wraps to more lines than there is room
        for (else the buttons cover its second line)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        layout = self.layout()
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def attempt(self) -> bool:
        """Try the passphrase: accept the dialog when it opens the data, else say why and clear the field."""
        if not self.login_button.isEnabled():
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            officer = access.unlock(self.data_dir, self.passphrase.text(), self.officer.currentData() or None)
        except WorkstationError as exc:
            self.passphrase.clear()
            self.show_message(exc.message)
            self.update_wait()
            self.passphrase.setFocus()  # clicking the button took it: the next try is typed at once
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.passphrase.clear()
        self.show_message("")
        self.officer_name = officer
        self.accept()
        self.unlocked.emit(officer)
        return True

    def wait_seconds(self) -> int:
        return int(keyring.failure_delay(self.data_dir) + 0.999)

    def update_wait(self) -> None:
        """Disable the button while the keyring makes the next try wait, counting the seconds down on it."""
        seconds = self.wait_seconds()
        label = _("Unlock") if self.locked else _("Log in")
        if seconds > 0:
            self.login_button.setEnabled(False)
            self.login_button.setText(_("{action} (wait {seconds} s)").format(action=label, seconds=seconds))
            if not self.countdown.isActive():
                self.countdown.start()
            return
        self.countdown.stop()
        self.login_button.setEnabled(True)
        self.login_button.setText(label)

    def quit(self) -> None:
        if self.locked:
            self.quit_requested.emit()
        else:
            super().reject()

    def reject(self) -> None:
        if not self.locked:  # Esc does not dismiss the lock
            super().reject()

    def closeEvent(self, event) -> None:
        if self.locked and self.isVisible():
            event.ignore()
            return
        self.countdown.stop()
        super().closeEvent(event)
