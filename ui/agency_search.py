"""Finding an agency in a list of agencies by typing (``ui.layouts.add_agency`` makes every such list so): all 38 names
begin with 佛山市, so a drop-down's own type-ahead never got past the first, and a drop-down that cannot be edited
takes no Chinese from an input method. The list is editable, as ``ui.form_chooser`` is: typing any part of a name
(through an input method too) pops up the agencies containing it; Enter chooses the first (an exact name first) and
only chooses it, the next Enter pressing the dialog's button; leaving the field, or a Ctrl key (Ctrl+S), chooses the
one agency its text names and otherwise shows the agency chosen before again; Esc puts the chosen agency back. Text
that names no agency is never kept: the item's data (the agency's id) is always the agency the field shows. Closed,
the drop-down reads the chosen agency's name; open, it indents a town office under its bureau, as the list of matches
does.

Made in two steps, so that the window's first paint (which fills the case list's and the deadline board's agency
filters) waits for nothing more than an editable drop-down: ``searchable`` only makes the list editable and has the
application say when the keyboard comes to it; there, at its first focus, ``AgencySearch`` makes the completer and
watches the keys. Nothing here takes the ``Qt`` namespace before then."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox

# a dynamic property of a list of agencies: WAITING until the keyboard first comes to it, then MADE
_PROPERTY = "agency_search"
_WAITING, _MADE = 1, 2
_watched: list = []  # the application whose focus changes are watched (one connection for every list)


def searchable(combo: QComboBox) -> None:
    """Make ``combo`` (a list of agencies) one to type part of a name into; the rest is made at its first focus."""
    combo.setEditable(True)
    # without the prefix completer an editable drop-down makes (it filters again at every item added, before the
    # first paint too, and all names begin with 佛山市): ``AgencySearch`` sets its own at the first focus
    combo.setCompleter(None)
    combo.setProperty(_PROPERTY, _WAITING)
    _watch_focus()


def _watch_focus() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None or any(watched is app for watched in _watched):
        return
    app.focusChanged.connect(_focus_changed)
    _watched[:] = [app]


def _focus_changed(_old, new) -> None:
    """The keyboard came to ``new``: a list of agencies it comes to for the first time gets its search (later focus
    changes are the search's own to handle)."""
    if isinstance(new, QComboBox) and new.property(_PROPERTY) == _WAITING:
        new.setProperty(_PROPERTY, _MADE)
        AgencySearch(new).select_all_soon()


class AgencySearch(QObject):
    """The search of one list of agencies (a child of its combo box, watching its events): see the module."""

    def __init__(self, combo: QComboBox):
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtWidgets import QCompleter

        from ui.layouts import IndentedAgencies, fit_agency_list

        super().__init__(combo)
        self.setObjectName("agency_search")
        self.combo = combo
        self._qt, self._event = Qt, QEvent
        # typed text is never added as an item (set here: taking the enum first builds it, ~0.6 ms before the paint)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(combo.model(), self)
        completer.setObjectName("agency_completer")
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(combo.maxVisibleItems())
        combo.setCompleter(completer)  # instead of the prefix completion an editable combo box makes (佛山市 for all)
        popup = completer.popup()
        # a window of the combo box, as its own list is, not a window of none: one that deletes the windows left
        # without a parent (the tests do) deleted it under the completer, which deletes it again
        popup.setParent(combo, popup.windowFlags())
        popup.setItemDelegate(IndentedAgencies(popup))  # a town office indented under its bureau, as in the list
        fit_agency_list(combo)  # when the focus came before the event loop fitted the list
        popup.setMinimumWidth(combo.view().minimumWidth())  # as wide as the open list: the names seen whole
        combo.lineEdit().returnPressed.connect(self.choose_typed)  # Enter in the list of matches ends here
        from PySide6.QtGui import QKeySequence

        from ui.redo_key import platform_redo_keys, redo_keys

        self._key, standard = QKeySequence, QKeySequence.StandardKey
        self._field_keys = [*QKeySequence.keyBindings(standard.Undo), *platform_redo_keys()]  # the line edit's own
        self._history_keys = [*self._field_keys, *redo_keys()]  # and Ctrl+Y: a dialog's undo history's
        combo.installEventFilter(self)

    # what the field holds ----------------------------------------------------------------------------------------
    def chosen_text(self) -> str:
        """The name of the agency chosen ("" while none is: the first steps)."""
        row = self.combo.currentIndex()
        return self.combo.itemText(row) if row >= 0 else ""

    def typing(self) -> bool:
        """Whether the field shows something typed instead of the agency chosen."""
        return self.combo.lineEdit().text() != self.chosen_text()

    def matches(self, text: str) -> list[int]:
        """The rows whose name contains ``text`` (any case), in the list's order, an exact name first."""
        wanted = text.strip().casefold()
        if not wanted:
            return []
        enabled = self._qt.ItemFlag.ItemIsEnabled
        model = self.combo.model()
        rows = [row for row in range(self.combo.count())
                if wanted in self.combo.itemText(row).casefold() and model.flags(model.index(row, 0)) & enabled]
        return sorted(rows, key=lambda row: self.combo.itemText(row).strip().casefold() != wanted)

    # what the keys do --------------------------------------------------------------------------------------------
    def choose_typed(self) -> None:
        """Enter: the first agency containing what was typed; none containing it keeps the one chosen."""
        rows = self.matches(self.combo.lineEdit().text())
        if rows:
            self.combo.setCurrentIndex(rows[0])
        self.show_chosen()

    def settle(self) -> None:
        """Leaving the field: the one agency its text names (an exact name, or a part no other name holds) is chosen;
        any other text gives way to the agency chosen before."""
        if not self.typing():
            return
        text = self.combo.lineEdit().text()
        rows = self.matches(text)
        exact = [row for row in rows if self.combo.itemText(row).strip().casefold() == text.strip().casefold()]
        one = exact[:1] or (rows if len(rows) == 1 else [])
        if one:
            self.combo.setCurrentIndex(one[0])
        self.show_chosen(select=False)

    def show_chosen(self, select: bool = True) -> None:
        """The chosen agency's name in the field again, the list of matches closed; selected (``select``), so that
        what is typed next replaces it."""
        popup = self.combo.completer().popup() if self.combo.completer() is not None else None
        if popup is not None and popup.isVisible():
            popup.hide()
        edit = self.combo.lineEdit()
        if edit.text() != self.chosen_text():
            edit.setText(self.chosen_text())
        if select:
            edit.selectAll()

    def select_all_soon(self) -> None:
        """Select the name shown once the focus has come (a click would else put the cursor in it): typing
        replaces it."""
        from PySide6.QtCore import QTimer

        edit = self.combo.lineEdit()
        QTimer.singleShot(0, edit, edit.selectAll)

    def _own_popup_open(self) -> bool:
        """Whether the keyboard went to a popup of the field's own (the list of matches, the open list): the typing
        goes on there. Any other popup (a menu) is leaving the field."""
        from PySide6.QtWidgets import QApplication

        popup = QApplication.activePopupWidget()
        if popup is None:
            return False
        completer = self.combo.completer()
        return (completer is not None and popup is completer.popup()) or popup is self.combo.view().window()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if not watched.inherits("QComboBox"):  # a combo box being deleted, its focus taken in ~QWidget: no more one
            return False
        kind, Qt, types = event.type(), self._qt, self._event.Type  # noqa: N806 (Qt's name)
        if kind == types.FocusIn:
            if event.reason() != Qt.FocusReason.PopupFocusReason:
                self.select_all_soon()
        elif kind == types.FocusOut:
            # the field's own popup goes on with the typing; a menu (文件→打印…) takes the keyboard with the same
            # reason, and is leaving the field
            if event.reason() != Qt.FocusReason.PopupFocusReason or not self._own_popup_open():
                self.settle()
        elif kind == types.KeyPress and self.typing():
            plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                self.choose_typed()  # only chosen: the dialog's button waits for the next Enter
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.show_chosen()  # the next Esc closes the dialog
                return True
        elif kind == types.ShortcutOverride:
            key = self._key(event.keyCombination())
            if key in self._history_keys:
                # Ctrl+Z takes back what is being typed in the field; else it is the dialog's (its undo history
                # steps through its fields wherever the keyboard is), as before the field could be typed into
                if self.typing() and key in self._field_keys:
                    event.accept()
                else:
                    event.ignore()
                return True
            if self.typing() and _ends_typing(event, Qt):
                self.settle()  # a shortcut about to act on the dialog (Ctrl+S) reads the agency chosen
        return False


def _ends_typing(event, Qt) -> bool:  # noqa: N803 (Qt's name)
    """Whether ``event`` (a key about to be taken as a shortcut) is a Ctrl key that is no editing key of the field
    (Ctrl+V, Ctrl+← …; the undo keys are seen to before)."""
    if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return False
    keys = Qt.Key
    return event.key() not in (keys.Key_A, keys.Key_C, keys.Key_V, keys.Key_X,
                               keys.Key_Left, keys.Key_Right, keys.Key_Home, keys.Key_End, keys.Key_Backspace,
                               keys.Key_Delete, keys.Key_Insert, keys.Key_Control, keys.Key_Shift)
