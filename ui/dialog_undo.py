"""One undo history for an editor dialog (the case's, the interview's): each edit a command that puts back what the
dialog showed before it, consecutive typing in one field one step, and Ctrl+Z / the redo keys taken from the text
fields so that they step through that history wherever the keyboard is."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from ui import redo_key


class DialogEdit(QUndoCommand):
    """One edit of what ``dialog`` shows, undone by ``dialog.put(key, before)`` and redone by ``dialog.put(key,
    after)``; edits typed one after another in the same field (``typing``, same ``key``) merge into one step."""

    TYPING = 1  # the id of the commands that merge: typing in one field

    def __init__(self, dialog, key, before, after, typing: bool = False):
        super().__init__()
        self.dialog, self.key, self.before, self.after, self.typing = dialog, key, before, after, typing
        self.done = True  # pushed once made: its first redo has nothing to do

    def id(self) -> int:
        return self.TYPING if self.typing else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, DialogEdit) or other.dialog is not self.dialog or other.key != self.key:
            return False
        self.after = other.after
        return True

    def undo(self) -> None:
        self.dialog.put(self.key, self.before)
        self.done = False

    def redo(self) -> None:
        if not self.done:
            self.dialog.put(self.key, self.after)
        self.done = True


class UndoKeysToDialog(QObject):
    """An event filter for a dialog's text fields that leaves Ctrl+Z and the redo keys (the platform's and Ctrl+Y)
    to the dialog's own undo shortcuts: the dialog has one history, so Ctrl+Z in a field takes back the last edit
    wherever it was (typing, a tick, a choice, a row added or removed)."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.keys = [*redo_key.redo_keys(), *QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)]

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.ShortcutOverride and QKeySequence(event.keyCombination()) in self.keys:
            event.ignore()  # not claimed by the field: the key goes on to the dialog's shortcut
            return True
        return False


def bind_undo_keys(dialog: QWidget, stack: QUndoStack, name: str) -> None:
    """Ctrl+Z undoes and the redo keys (the platform's and Ctrl+Y, ``ui.redo_key``) redo ``stack`` anywhere in
    ``dialog``: shortcuts named ``{name}_undo`` and ``{name}_redo``."""
    undo = QShortcut(dialog)
    undo.setObjectName(f"{name}_undo")
    undo.setKeys(QKeySequence.StandardKey.Undo)
    undo.activated.connect(stack.undo)
    redo = QShortcut(dialog)
    redo.setObjectName(f"{name}_redo")
    redo.setKeys(redo_key.redo_keys())  # Ctrl+Y too: the dialog binds it itself
    redo.activated.connect(stack.redo)
