"""Questions and messages to the user behind one object, so windows can be tested with scripted answers."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6 import QtWidgets  # its dialog classes are looked up when first shown, not on the start's path
from PySide6.QtWidgets import QWidget

from workstation.errors import visibly
from workstation.i18n import _


def message_box(parent: QWidget | None, icon, message: str, details: str) -> QtWidgets.QMessageBox:
    """A message box of a short ``message`` with ``details`` — one line a row, 3,000 of them after a large
    register — in its scrolling detail text, shown at once (the officer is to read them, select and copy them):
    the box stays as tall as a few lines of text, never taller than the screen, however many rows are listed."""
    box = QtWidgets.QMessageBox(icon, _("Case-file workstation"), message, QtWidgets.QMessageBox.StandardButton.Ok,
                                parent)
    box.setDetailedText(details)
    for button in box.buttons():  # Qt's 显示详细信息… button: the details are shown without asking for them
        if box.buttonRole(button) == QtWidgets.QMessageBox.ButtonRole.ActionRole:
            button.click()
            break
    _widen_for_details(box, parent, details)
    return box


_FILTER_EXTENSION = re.compile(r"\(\*\.(\w+)[^)]*\)")


def with_chosen_extension(path: str, chosen: str) -> str:
    """``path`` as the save dialog returned it, with the extension of the filter the officer chose when the name typed
    has none of a document or table format (``output_names.with_extension``): 统计 saved under "CSV (*.csv)" is
    统计.csv, not written as the first format offered. A name with such an extension, or a filter naming no
    extension of such a format (station cards, bundles, "All files (*)"), is left as typed: those dialogs check
    their own names."""
    from workstation.output_names import DOCUMENT_SUFFIXES, with_extension

    found = _FILTER_EXTENSION.search(chosen or "")
    if not path or not found or found.group(1).lower() not in DOCUMENT_SUFFIXES:
        return path
    return with_extension(path, found.group(1).lower())


DETAILS_SHARE = 0.7  # the share of the window (else the screen) that a box's details may take at most in width


def _widen_for_details(box: QtWidgets.QMessageBox, parent: QWidget | None, details: str) -> None:
    """Open ``box`` wide enough to show its longest line of ``details`` unbroken, up to DETAILS_SHARE of the width of
    the parent's window (of the screen without one): Qt's own width, a few hundred pixels, breaks each row listed
    into lines of a few words. A box whose details are short keeps its width."""
    edit = box.findChild(QtWidgets.QTextEdit)
    if edit is None:
        return
    metrics = edit.fontMetrics()
    longest = max((metrics.horizontalAdvance(line) for line in details.splitlines()), default=0)
    # the text's margins, the frame and the vertical scroll bar shown beside a long list
    wanted = longest + 2 * int(edit.document().documentMargin()) + 2 * edit.frameWidth() + \
        edit.verticalScrollBar().sizeHint().width() + metrics.averageCharWidth()
    window = parent.window() if parent is not None else None
    screen = (window.screen() if window is not None else None) or box.screen()
    area = screen.availableGeometry().width() if screen is not None else 1024
    if window is not None and window.isVisible():
        area = min(area, window.width())
    edit.setMinimumWidth(max(min(wanted, int(area * DETAILS_SHARE)), edit.minimumWidth()))


#: A message taller than this many lines in a message box shows its opening there and the rest in the box's scrolling
#: detail text (``long_message``): Qt's box grows with its text, past the 614 pixels a 1366 × 768 laptop at 125 %
#: leaves for a few hundred characters, and does not scroll.
MESSAGE_LINES = 16
#: the lines of a long message's opening shown above its details
OPENING_LINES = 6
#: about the width Qt's message box gives its text, in pixels, on which the lines are counted
TEXT_WIDTH = 300
#: the share of the screen's height a long message's details take at most (Qt gives details 100 pixels)
LONG_DETAILS_SHARE = 0.45
#: where a message may be cut: after a line, or a sentence or clause in Chinese or English
_PIECES = re.compile(r"(?<=[\n。！？；])|(?<=[.!?;] )")


def _lines(text: str, metrics) -> int:
    """How many lines ``text`` takes TEXT_WIDTH wide (a word longer than that broken, as Qt's box breaks it)."""
    from PySide6.QtCore import QRect, Qt

    height = metrics.boundingRect(QRect(0, 0, TEXT_WIDTH, 1_000_000), Qt.TextFlag.TextWrapAnywhere, text).height()
    return -(-height // max(metrics.lineSpacing(), 1))


def long_message(message: str, metrics) -> tuple[str, str] | None:
    """(opening, rest) of a ``message`` taking more than MESSAGE_LINES lines (``metrics``: the box's font): the
    opening its first lines or sentences up to OPENING_LINES lines — cut inside its first sentence only when that
    alone is longer, then ending in "…" —, the rest all that follows; None for a shorter message, shown whole."""
    if _lines(message, metrics) <= MESSAGE_LINES:
        return None
    pieces = [piece for piece in _PIECES.split(message) if piece]
    taken = 0
    while taken < len(pieces) and _lines("".join(pieces[:taken + 1]).rstrip(), metrics) <= OPENING_LINES:
        taken += 1
    if taken:
        return "".join(pieces[:taken]).rstrip(), "".join(pieces[taken:]).strip()
    low, high = 1, len(pieces[0])  # the first sentence alone is too long: as much of it as the lines hold
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if _lines(message[:middle] + "…", metrics) <= OPENING_LINES else (low, middle - 1)
    return message[:low].rstrip() + "…", message[low:].strip()


def _message(parent: QWidget | None, icon, message: str, static) -> None:
    """Show ``message`` with ``icon``: by ``static`` (Qt's own box: ``QMessageBox.critical`` …) when it is short;
    a long one (``long_message``) with its opening as the box's text and the rest in its detail text, shown at
    once, scrolling within LONG_DETAILS_SHARE of the screen, so that the box fits the screen with OK in view."""
    from PySide6.QtGui import QFontMetrics

    parts = long_message(message, QFontMetrics(QtWidgets.QApplication.font("QLabel")))
    if parts is None:
        static(parent, _("Case-file workstation"), message)
        return
    box = message_box(parent, icon, *parts)
    edit = box.findChild(QtWidgets.QTextEdit)
    if edit is not None:  # taller than Qt's 100 pixels, up to the share of the screen, as the rest needs
        from PySide6.QtCore import QRect, Qt

        screen = (parent.window().screen() if parent is not None else None) or box.screen()
        room = int(screen.availableGeometry().height() * LONG_DETAILS_SHARE) if screen is not None else 300
        margins = 2 * int(edit.document().documentMargin()) + 2 * edit.frameWidth()
        width = edit.minimumWidth() - margins - edit.verticalScrollBar().sizeHint().width()
        text = edit.fontMetrics().boundingRect(QRect(0, 0, max(width, TEXT_WIDTH), 1_000_000),
                                               Qt.TextFlag.TextWordWrap, parts[1]).height()
        edit.setFixedHeight(max(edit.height(), min(text + margins, room)))
    box.exec()


def documents_folder() -> Path:
    """The folder the file dialogs open in, and a name typed without one is offered in: the user's documents folder
    (else the home folder), not the program's working folder, which the officer never sees (the install folder, or
    System32 when started from a shortcut). Always a folder that exists: Qt names ~/Documents on a fresh account
    too, and its dialog, given a folder that is not there, falls back to the working folder."""
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def in_documents(name: str | Path) -> str:
    """``name`` as a save dialog offers it: a name without its folder in the documents folder, a full path (or one
    from the home folder, ~/…) as it is."""
    path = Path(name).expanduser()
    return str(path if path.is_absolute() else documents_folder() / path)


class Prompts:
    """Message boxes and file choosers shown to the officer; each file chooser opens in the documents folder."""

    def error(self, parent: QWidget | None, message: str, details: str | None = None) -> None:
        """``message`` with an error's icon; ``details`` (one line a row, however many) shown below it in a
        scrolling text (``message_box``). Control characters and text-direction controls quoted from a file are
        shown as escapes (``errors.visibly``): a U+202E would show a number reversed, an ESC as an empty box."""
        message, details = visibly(message), details and visibly(details)
        if details:
            message_box(parent, QtWidgets.QMessageBox.Icon.Critical, message, details).exec()
            return
        _message(parent, QtWidgets.QMessageBox.Icon.Critical, message, QtWidgets.QMessageBox.critical)

    def info(self, parent: QWidget | None, message: str, details: str | None = None) -> None:
        """``message``; ``details`` as ``error`` shows them."""
        message, details = visibly(message), details and visibly(details)
        if details:
            message_box(parent, QtWidgets.QMessageBox.Icon.Information, message, details).exec()
            return
        _message(parent, QtWidgets.QMessageBox.Icon.Information, message, QtWidgets.QMessageBox.information)

    def confirm(self, parent: QWidget | None, message: str, destructive: bool = False,
                details: str | None = None) -> bool:
        """True when the officer answers Yes. A ``destructive`` question (one that throws away what was typed, or
        what cannot be taken back) has No as its default button, so that Enter pressed out of habit keeps things
        as they are. ``details`` as ``error`` shows them."""
        message, details = visibly(message), details and visibly(details)
        buttons = QtWidgets.QMessageBox.StandardButton
        if details:
            box = message_box(parent, QtWidgets.QMessageBox.Icon.Question, message, details)
            box.setStandardButtons(buttons.Yes | buttons.No)
            box.setDefaultButton(buttons.No if destructive else buttons.Yes)
            return box.exec() == buttons.Yes
        answer = QtWidgets.QMessageBox.question(parent, _("Case-file workstation"), message,
                                                buttons.Yes | buttons.No, buttons.No if destructive else buttons.Yes)
        return answer == buttons.Yes

    def confirm_issue(self, parent: QWidget | None, question, number: str, check) -> tuple[bool, int | None]:
        """The confirmation before a case's document takes its 文号 ``number``, with the choice of a serial of the
        sequence (``ui.serial_dialog``; ``question(文号, chosen)``: the question naming the 文号 taken;
        ``check(serial)``: its 文号 and why it cannot be taken): (True, the serial chosen or None for the next
        number) when confirmed, (False, None) otherwise."""
        from ui.serial_dialog import IssueNumberDialog

        dialog = IssueNumberDialog(parent, question, number, check)
        try:
            if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
                return False, None
            return True, dialog.serial()
        finally:
            dialog.deleteLater()

    def save_file(self, parent: QWidget | None, title: str, name: str, filters: str) -> str | None:
        """The file chosen to save to, ``name`` offered (``in_documents``: a bare name in the documents folder)."""
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(parent, title, in_documents(name), filters)
        return with_chosen_extension(path, chosen) or None

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> str | None:
        path, _chosen = QtWidgets.QFileDialog.getOpenFileName(parent, title, str(documents_folder()), filters)
        return path or None

    def open_files(self, parent: QWidget | None, title: str, filters: str) -> list[str]:
        paths, _chosen = QtWidgets.QFileDialog.getOpenFileNames(parent, title, str(documents_folder()), filters)
        return list(paths)

    def choose_folder(self, parent: QWidget | None, title: str, start: str = "") -> str | None:
        """A folder picked by the officer (a USB stick for the backups), None when cancelled; the chooser opens in
        ``start``, else in the documents folder."""
        return QtWidgets.QFileDialog.getExistingDirectory(parent, title, start or str(documents_folder())) or None

    def ask_text(self, parent: QWidget | None, title: str, label: str, default: str = "") -> str | None:
        """A line typed by the officer (a reason, an agency, a case number), None when cancelled; Esc, Cancel or
        the close button ask before dropping what was typed (``ui.text_dialog``)."""
        from ui.text_dialog import TextDialog

        dialog = TextDialog(self, parent, title, label, default)
        try:
            accepted = dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
            return dialog.text.text() if accepted else None
        finally:
            dialog.deleteLater()

    def ask_dated_text(self, parent: QWidget | None, title: str, label: str,
                       earliest: str | None = None) -> tuple[str, str] | None:
        """(day, text) typed by the officer — the day today at first, never before ``earliest`` nor after today —,
        None when cancelled (``ui.text_dialog.DatedTextDialog``)."""
        from ui.text_dialog import DatedTextDialog

        dialog = DatedTextDialog(self, parent, title, label, earliest)
        try:
            accepted = dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
            return (dialog.day(), dialog.text.text()) if accepted else None
        finally:
            dialog.deleteLater()

    def ask_passphrase(self, parent: QWidget | None, title: str, label: str) -> str | None:
        """A passphrase typed without being shown, None when cancelled."""
        text, ok = QtWidgets.QInputDialog.getText(parent, title, label, QtWidgets.QLineEdit.EchoMode.Password)
        return text if ok else None

    def choose_item(self, parent: QWidget | None, title: str, label: str, items: list[str],
                    current: int = 0) -> int | None:
        """The index of the item picked from a drop-down list, None when cancelled."""
        text, ok = QtWidgets.QInputDialog.getItem(parent, title, label, items, current, False)
        return items.index(text) if ok and text in items else None

    def choose(self, parent: QWidget | None, message: str, options: list[str]) -> int | None:
        """The index of the option the officer chose (the last one is Cancel), None when closed."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, _("Case-file workstation"), message, parent=parent)
        buttons = [box.addButton(text, QMessageBox.ButtonRole.ActionRole) for text in options]
        box.setEscapeButton(buttons[-1])
        box.setDefaultButton(buttons[0])  # the first option, which keeps what was done (保存草稿), is Enter's
        box.exec()
        clicked = box.clickedButton()
        return buttons.index(clicked) if clicked in buttons else None
