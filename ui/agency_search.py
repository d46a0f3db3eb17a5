"""Finding an agency in a list of agencies by typing (``ui.layouts.add_agency`` makes every such list so): all 38 names
begin with 佛山市, so a drop-down's own type-ahead never got past the first, and a drop-down that cannot be edited
takes no Chinese from an input method. The list is editable, as ``ui.form_chooser`` is: typing any part of a name
(through an input method too) pops up the agencies containing it; Enter chooses the first (an exact name first) and
only chooses it, the next Enter pressing the dialog's button; leaving the field, or a Ctrl key (Ctrl+S), chooses the
one agency its text names; Esc puts the chosen agency back. Text that names no one agency (none, or several) is
never taken for one, nor silently replaced by the agency chosen before, which a Save clicked at once would then have
saved: it stays in the field, in red, and no agency is chosen (the item's data None, so that a dialog's Save or
Continue, requiring one, refuses), until one is chosen or Esc puts the one before back (``names_no_agency``). A
list that keeps its choice, as its window says (``searchable(combo, keeps_choice=True)``: a filter, the window of an
agency's details), saves nothing by it: there such text gives way to the agency chosen before. The item's data is
always the agency the field shows, or None. A list never told which it is is taken for one that saves
(``AgencySearch.saves_choice``). A short name as the agencies' register gives it (南海区局, 狮山所: ``agency.short_name``,
which ``ui.layouts.add_agency`` keeps in each item), whole or in part, finds its agency in a list of full names too;
so does the official name of a town office's 镇/街道 (桂城街道, 石湾镇街道, 南庄镇: ``agency.town``), and a district's
name typed whole (南海区: ``agency.district``, kept for its bureau only) chooses its bureau, not one of the town
offices whose full names hold it too. Closed, the drop-down reads the chosen agency's name; open, it indents a town
office under its bureau, as the list of matches does.

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
# a dynamic property of a list whose field holds text naming no agency, no agency chosen (``names_no_agency``)
_NAMES_NONE = "agency_search_names_none"
# a dynamic property: True for a list keeping its choice (a filter: text naming no agency gives way to the one
# chosen), False for one whose choice a dialog saves (``searchable``'s ``keeps_choice``)
_KEEPS_CHOICE = "agency_search_keeps_choice"
# an agency's item: its short name as the agencies' register gives it (南海区局, 狮山所: ``agency.short_name``, put
# there by ``ui.layouts.add_agency``), which the search finds it by too, whatever name the list shows
SHORT_NAME_ROLE = 0x0100 + 18  # Qt.ItemDataRole.UserRole + 18, as a number: the Qt namespace waits for the first focus
# an agency's item: the official name of the place it serves as the agencies' register gives it, a town office's
# 镇/街道 (桂城街道, 石湾镇街道, 南庄镇: ``agency.town``) and a district bureau's district (南海区: ``agency.district``),
# put there by ``ui.layouts.add_agency``: typed whole it names that one agency (a district's name, part of each of its
# town offices' full names, names its bureau), typed in part it finds it as any name does
PLACE_ROLE = 0x0100 + 19  # Qt.ItemDataRole.UserRole + 19


def names_none_message() -> str:
    """What a list of agencies whose field names none says (its tooltip, and the first steps under it)."""
    from workstation.i18n import _

    return _("Choose an agency from the list: the text typed names none.")


def names_no_agency(combo: QComboBox) -> bool:
    """Whether the field of ``combo`` (a list of agencies) was left holding text that names no one agency, no agency
    chosen: a dialog says so and saves nothing."""
    return bool(combo.property(_NAMES_NONE)) and combo.currentIndex() < 0 and bool(combo.lineEdit().text())


def settle_typed(combo: QComboBox) -> None:
    """Take what is typed in ``combo``'s field as leaving it does (``AgencySearch.settle``), for a Save called
    without the field left; nothing when its search was never made (nothing was typed)."""
    search = combo.findChild(AgencySearch, "agency_search")
    if search is not None:
        search.settle()


def searchable(combo: QComboBox, *, keeps_choice: bool | None = None) -> None:
    """Make ``combo`` (a list of agencies) one to type part of a name into; the rest is made at its first focus.

    ``keeps_choice`` is the window's to say, once its list is filled (``ui.layouts.add_agency`` says nothing):
    True for a list whose choice nothing saves (a filter, the window of an agency's details), where text naming no
    agency gives way to the one chosen before; False for one whose choice a dialog saves, where it is kept in red, no
    agency chosen (see the module). None leaves what was said before; a list never told is taken as False
    (``AgencySearch.saves_choice``), the safe reading: at worst a filter left untold shows typed text in red and no
    agency, where the other reading would have a dialog save the agency chosen before in place of the text typed.
    Nothing is guessed from the list's items."""
    if keeps_choice is not None:
        combo.setProperty(_KEEPS_CHOICE, keeps_choice)
    if combo.property(_PROPERTY) is not None:  # made searchable already (by ``add_agency``): only said which list
        return
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
        self._before: int | None = None  # the row chosen before text naming no agency was left in the field
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
        combo.currentIndexChanged.connect(self._index_changed)
        # an agency put back with the combo box's signals blocked (a dialog's undo) changes the field's text only
        combo.lineEdit().textChanged.connect(self._text_changed)
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

    def names(self, row: int) -> list[str]:
        """The names ``row`` is found by, casefolded: its text, its tooltip (a filter's full name), its short name
        from the agencies' register (``SHORT_NAME_ROLE``) and the official name of its 镇/街道 or district
        (``PLACE_ROLE``)."""
        names = [self.combo.itemText(row)]
        for role in (self._qt.ItemDataRole.ToolTipRole, SHORT_NAME_ROLE, PLACE_ROLE):
            name = self.combo.itemData(row, role)
            if isinstance(name, str) and name.strip():
                names.append(name)
        return [name.strip().casefold() for name in names]

    def is_exact(self, row: int, text: str) -> bool:
        """Whether ``text`` is a name of ``row`` (its own, full or short), as typed, any case."""
        return text.strip().casefold() in self.names(row)

    def matches(self, text: str) -> list[int]:
        """The rows a name of which (``names``) contains ``text`` (any case), in the list's order, an exact name
        first."""
        wanted = text.strip().casefold()
        if not wanted:
            return []
        enabled = self._qt.ItemFlag.ItemIsEnabled
        model = self.combo.model()
        rows = [row for row in range(self.combo.count())
                if any(wanted in name for name in self.names(row)) and model.flags(model.index(row, 0)) & enabled]
        return sorted(rows, key=lambda row: not self.is_exact(row, wanted))

    def saves_choice(self) -> bool:
        """Whether the list chooses an agency a dialog saves, as its window said (``searchable``'s
        ``keeps_choice``); not said (None), it does: a list never told is taken for one whose choice is saved."""
        return not self.combo.property(_KEEPS_CHOICE)

    # what the keys do --------------------------------------------------------------------------------------------
    def choose_typed(self) -> None:
        """Enter: the first agency containing what was typed; text none contains is kept, no agency chosen (in a
        filter: the one chosen kept)."""
        rows = self.matches(self.combo.lineEdit().text())
        if rows:
            self.combo.setCurrentIndex(rows[0])
        elif self.combo.lineEdit().text().strip() and self.saves_choice():
            self.choose_none()
            return
        self.show_chosen()

    def settle(self) -> None:
        """Leaving the field: the one agency its text names (an exact name, or a part no other name holds) is chosen;
        any other text is kept, no agency chosen (in a filter: it gives way to the agency chosen before)."""
        if not self.typing():
            return
        text = self.combo.lineEdit().text()
        rows = self.matches(text)
        exact = [row for row in rows if self.is_exact(row, text)]
        one = exact[:1] or (rows if len(rows) == 1 else [])
        if one:
            self.combo.setCurrentIndex(one[0])
        elif text.strip() and self.saves_choice():
            self.choose_none()
            return
        self.show_chosen(select=False)

    def choose_none(self) -> None:
        """The text typed kept in the field, naming no one agency: no agency chosen (the one before kept for Esc),
        the text shown in red and the field's tooltip saying to choose from the list."""
        edit = self.combo.lineEdit()
        text, row = edit.text(), self.combo.currentIndex()
        if row >= 0:
            self._before = row
        self._hide_popup()
        self.combo.setProperty(_NAMES_NONE, True)
        if row >= 0:
            self.combo.setCurrentIndex(-1)  # empties the field (the dialog's handlers run: its Save refuses)
        if self.combo.currentIndex() >= 0:  # a handler put an agency back: that one is shown
            self._mark(False)
            self.show_chosen(select=False)
            return
        if edit.text() != text:
            edit.setText(text)
        self._mark(True)

    def _mark(self, none: bool) -> None:
        """Show (``none``) or take away the mark of text naming no agency."""
        self.combo.setProperty(_NAMES_NONE, none)
        edit = self.combo.lineEdit()
        edit.setStyleSheet("color: #b00020;" if none else "")
        edit.setToolTip(names_none_message() if none else "")
        self.combo.editTextChanged.emit(edit.text())  # a dialog listening (the first steps) reads the mark again

    def _index_changed(self, row: int) -> None:
        """An agency chosen (from the list of matches, by Ctrl+Z…): the mark of text naming none goes."""
        if row >= 0 and self.combo.property(_NAMES_NONE):
            self._mark(False)

    def _text_changed(self, _text: str) -> None:
        """The field's text changed with an agency chosen (a dialog's undo, its signals blocked): the mark goes."""
        if self.combo.currentIndex() >= 0 and self.combo.property(_NAMES_NONE):
            self._mark(False)

    def put_back(self) -> None:
        """Esc: the agency chosen before (also after text naming none was left in the field) shown again."""
        if self.combo.currentIndex() < 0 and self._before is not None and self._before < self.combo.count():
            self.combo.setCurrentIndex(self._before)
        self.show_chosen()

    def show_chosen(self, select: bool = True) -> None:
        """The chosen agency's name in the field again, the list of matches closed; selected (``select``), so that
        what is typed next replaces it."""
        self._hide_popup()
        edit = self.combo.lineEdit()
        if edit.text() != self.chosen_text():
            edit.setText(self.chosen_text())
        if self.combo.property(_NAMES_NONE):
            self._mark(False)
        if select:
            edit.selectAll()

    def _hide_popup(self) -> None:
        popup = self.combo.completer().popup() if self.combo.completer() is not None else None
        if popup is not None and popup.isVisible():
            popup.hide()

    def select_all_soon(self) -> None:
        """Select the name shown once the focus has come (a click would else put the cursor in it): typing
        replaces it."""
        from ui.layouts import call_soon

        edit = self.combo.lineEdit()
        call_soon(edit, edit.selectAll)  # gone with the field if it goes first (not kept all day: ``call_soon``)

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
                self.put_back()  # the next Esc closes the dialog
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
