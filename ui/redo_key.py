"""Ctrl+Y redoes in the text fields of a window, as Ctrl+Z undoes. Qt binds redo to Ctrl+Y on Windows only; on
the Linux desktops (统信UOS and 麒麟 among them) its redo is Ctrl+Shift+Z alone, and officers used to WPS and Word
press Ctrl+Y. The main window and every dialog that asks before dropping what was typed get the key (see
``ui.layouts.AsksBeforeDropping``), unless the platform's redo has it already or the window binds it itself (the
document editor binds it to its own Redo, ``redo_keys``)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

KEY = "Ctrl+Y"
OBJECT_NAME = "redo_ctrl_y"


def platform_redo_keys() -> list[QKeySequence]:
    """The keys Qt's text fields redo with on this platform."""
    return QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)


def redo_keys() -> list[QKeySequence]:
    """The platform's redo keys and Ctrl+Y, for a window's own Redo action."""
    keys = platform_redo_keys()
    return keys if QKeySequence(KEY) in keys else [*keys, QKeySequence(KEY)]


def redo_in_focus(window: QWidget | None = None) -> None:
    """Redo the last change undone in the text field that has the focus; in any other control, what ``window``'s
    ``redo_outside_text`` redoes, if it has one (the case editor's party and officer edits)."""
    widget = QApplication.focusWidget()
    if isinstance(widget, QAbstractSpinBox):  # its text is typed in a line edit of its own
        widget = widget.findChild(QLineEdit)
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
        widget.redo()
    elif callable(getattr(window, "redo_outside_text", None)):
        window.redo_outside_text()


def _binds(window: QWidget, key: QKeySequence) -> bool:
    """``window`` binds ``key`` itself (not one of its own windows, as the main window's document editors)."""

    def inside(thing) -> bool:
        owner = thing.parent()
        while isinstance(owner, QWidget) and owner is not window:
            if owner.isWindow():
                return False
            owner = owner.parentWidget()
        return True

    actions = (key in action.shortcuts() for action in window.findChildren(QAction) if inside(action))
    return any(actions) or any(key in s.keys() for s in window.findChildren(QShortcut) if inside(s))


def add_redo_key(window: QWidget) -> QShortcut | None:
    """Give ``window`` Ctrl+Y for ``redo_in_focus`` (once); None where the text fields redo with Ctrl+Y already
    or the window binds it itself (two bindings of one key would make both dead)."""
    key = QKeySequence(KEY)
    if key in platform_redo_keys():
        return None
    found = next((c for c in window.children() if isinstance(c, QShortcut) and c.objectName() == OBJECT_NAME), None)
    if found is not None or _binds(window, key):
        return found
    shortcut = QShortcut(key, window)
    shortcut.setObjectName(OBJECT_NAME)
    shortcut.activated.connect(lambda: redo_in_focus(window))
    return shortcut
