"""One undo history for an editor dialog (the case's, the interview's): each edit a command that puts back what the
dialog showed before it, consecutive typing in one field one step, and Ctrl+Z / the redo keys taken from the text
fields so that they step through that history wherever the keyboard is. ``FieldsHistory`` gives the same to a dialog
of plain fields (the party's, the lead's, the publicity activity's, the officers', the bureau's details, a clock event's): a choice
in a drop-down is taken back as typing is."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

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


class DialogEdits(QUndoCommand):
    """Edits of several fields of ``dialog`` made as one (``changes``: {key: (before, after)}): a choice that fills
    or ticks other fields as it is made (the kind of a clock event ticking 尚未结束) is taken back with them, in
    one step; undone and redone field by field in the dialog's order, the choice first, then once more for any
    field a later one changed again (a tick that rebuilds a drop-down's list, the choice put back before it)."""

    def __init__(self, dialog, changes: dict):
        super().__init__()
        self.dialog, self.changes = dialog, changes
        self.done = True

    def undo(self) -> None:
        self._show({key: before for key, (before, _after) in self.changes.items()})
        self.done = False

    def redo(self) -> None:
        if not self.done:
            self._show({key: after for key, (_before, after) in self.changes.items()})
        self.done = True

    def _show(self, values: dict) -> None:
        for key, value in values.items():
            self.dialog.put(key, value)
        for _round in range(len(values)):  # what a later field undid (a list rebuilt), put again till it holds
            off = [key for key, value in values.items() if self.dialog.shows(key) != value]
            if not off:
                break
            for key in off:
                self.dialog.put(key, values[key])


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


class FieldsHistory(QObject):
    """One undo history for ``fields`` ({key: widget}: line and text boxes, drop-downs, date and number boxes, tick boxes, lists
    of tick boxes) of
    ``dialog``: each change the officer makes is a step (typing in one field one step, a choice one), Ctrl+Z and the
    redo keys step through them wherever the keyboard is (shortcuts ``{name}_undo`` and ``{name}_redo``). What the
    dialog puts in its fields itself (filling them, another record chosen) is no step: it calls ``settle`` once
    done (``ui.layouts.AsksBeforeDropping.mark_loaded`` does), or ``put`` for one field. Made before the dialog's
    first ``mark_loaded``, whose Ctrl+Y would else be bound twice."""

    def __init__(self, dialog: QWidget, fields: dict[str, QWidget], name: str):
        super().__init__(dialog)
        self.fields = fields
        self.stack = QUndoStack(self)
        self._putting = False
        self._values = {key: _read(widget) for key, widget in fields.items()}
        keys = UndoKeysToDialog(self)
        for widget in fields.values():
            for box in (widget, *widget.findChildren(QLineEdit)):  # a date box's own line too
                box.installEventFilter(keys)
            _changed_signal(widget).connect(lambda *_args: self._record())
        bind_undo_keys(dialog, self.stack, name)

    def _record(self) -> None:
        """A step of what changed since the last one: the field whose signal came, and any other the dialog changed
        with it (a field filled or ticked by a choice, whose signal may come first) — one step for the one change
        the officer made."""
        if self._putting:
            return
        changed = {}
        for name, widget in self.fields.items():
            value = _read(widget)
            if self._values.get(name) != value:
                changed[name] = (self._values.get(name), value)
                self._values[name] = value
        if changed:
            self.stack.push(self._step(changed))

    def _step(self, changed: dict) -> QUndoCommand:
        """The step of ``changed`` ({key: (before, after)}, in the order of ``fields``): one field's edit (typing
        merging with the typing before it), or the edit of several fields as one."""
        if len(changed) == 1:
            (name, (before, after)), = changed.items()
            typing = isinstance(self.fields[name], QLineEdit | QPlainTextEdit | QAbstractSpinBox)  # dates too
            return DialogEdit(self, name, before, after, typing=typing)
        return DialogEdits(self, changed)

    def put(self, key: str, value) -> None:
        """Show ``value`` in the field of ``key`` without making it a step (an undo, a redo, the dialog's own
        filling), with the keyboard there when it was in the dialog."""
        widget = self.fields[key]
        self._putting = True
        try:
            _write(widget, value)
        finally:
            self._putting = False
        # what the dialog changed with it (the fields a choice fills) is what it shows now, no step of its own
        self._values = {name: _read(field) for name, field in self.fields.items()}
        if widget.isVisible() and widget.isEnabled():  # the officer sees what came back
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def shows(self, key: str):
        """What the field of ``key`` shows, as ``put`` takes it."""
        return _read(self.fields[key])

    def settle(self) -> None:
        """What the fields show now is where the history starts: no step before it is left to undo."""
        self._values = {key: _read(widget) for key, widget in self.fields.items()}
        self.stack.clear()


def _changed_signal(widget: QWidget):
    if isinstance(widget, QLineEdit):
        return widget.textChanged
    if isinstance(widget, QPlainTextEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTimeChanged
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        return widget.valueChanged
    if isinstance(widget, QListWidget):  # its items ticked or unticked
        return widget.itemChanged
    return widget.toggled  # a tick box


def _read(widget: QWidget):
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return _choice(widget)
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTime()
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        return widget.value()
    if isinstance(widget, QListWidget):
        return tuple(widget.item(row).checkState() for row in range(widget.count()))
    assert isinstance(widget, QAbstractButton)
    return widget.isChecked()


def _write(widget: QWidget, value) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText(value)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
        widget.moveCursor(widget.textCursor().MoveOperation.End)
    elif isinstance(widget, QComboBox):
        _choose(widget, value)
    elif isinstance(widget, QDateTimeEdit):
        widget.setDateTime(value)
    elif isinstance(widget, QSpinBox | QDoubleSpinBox):
        widget.setValue(value)
    elif isinstance(widget, QListWidget):
        for row, state in enumerate(value):
            widget.item(row).setCheckState(state)
    else:
        widget.setChecked(value)


def _choice(combo: QComboBox) -> tuple:
    """What ``combo`` shows, as found again when its list is rebuilt (its rows filled anew by a tick): the item's
    data when it has some, else its text, else the row."""
    row = combo.currentIndex()
    if row >= 0 and combo.itemData(row) is not None:
        return "data", combo.itemData(row)
    if row >= 0 and combo.itemText(row):
        return "text", combo.itemText(row)
    return "row", row


def _choose(combo: QComboBox, choice: tuple) -> None:
    """``combo`` showing ``choice`` (``_choice``) again; left as it is when its list no longer holds it."""
    how, value = choice
    if how == "row":  # -1: nothing chosen
        if value < combo.count():
            combo.setCurrentIndex(value)
        return
    shown = combo.itemData if how == "data" else combo.itemText
    row = next((row for row in range(combo.count()) if shown(row) == value), -1)
    if row >= 0:
        combo.setCurrentIndex(row)
