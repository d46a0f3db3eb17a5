"""When a dialog shows what is wrong with its fields. A fresh form is not covered in red: a field's error line
appears once the officer has edited that field and moved on (and follows every change from then on), and
every error appears at once when the officer tries to save, with the focus on the first wrong field. Save
stays disabled while anything is wrong; its tooltip says what, and clicking it or pressing Enter is the
officer's attempt to save.

One ``FieldErrors`` per Save button, made by ``ui.layouts.show_field_errors`` on its first call: the dialogs
only say which errors there are. The field of an error line is the one above it in its form layout unless
the dialog names it. A window's action can stand for Save (the document editor's Issue): a click on its disabled
toolbar button is the attempt then, and Enter, which ends a line there, is not."""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

from workstation.i18n import _

OBJECT_NAME = "field_errors"
TYPED = (QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit)  # widgets whose edit ends when they are left
CONTROLS = (*TYPED, QComboBox, QAbstractItemView)  # whole controls: what Qt builds inside them is not looked at
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    """The widgets placed in ``layout`` and its nested layouts."""
    found = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is not None:
            found.append(item.widget())
        elif item.layout() is not None:
            found.extend(_layout_widgets(item.layout()))
    return found


def _form_of(layout: QLayout | None, label: QLabel) -> QFormLayout | None:
    """The form layout, ``layout`` or one nested in it, that holds ``label``."""
    if layout is None:
        return None
    if isinstance(layout, QFormLayout) and layout.indexOf(label) >= 0:
        return layout
    for index in range(layout.count()):
        found = _form_of(layout.itemAt(index).layout(), label)
        if found is not None:
            return found
    return None


def _field_row_above(line: QLabel) -> tuple[QFormLayout, int, QLayoutItem] | None:
    """The row of the field an error line ``line`` sits under — the nearest row above it in its form layout whose
    field is not a plain text line (another error line, a hint) —, as (its form, its row, its field's item); None
    when the line is not in a form or no such row is above it."""
    holder = line.parentWidget()
    form = _form_of(holder.layout() if holder is not None else None, line)
    if form is None:
        return None
    for above in range(form.getWidgetPosition(line)[0] - 1, -1, -1):
        item = form.itemAt(above, QFormLayout.ItemRole.FieldRole) or form.itemAt(
            above, QFormLayout.ItemRole.SpanningRole)
        if item is None or (item.layout() is None and (item.widget() is None or type(item.widget()) is QLabel)):
            continue  # another error line, a hint
        return form, above, item
    return None


def field_above(label: QLabel) -> list[QWidget]:
    """The widgets of the field an error line sits under (``_field_row_above``); [] when the line is not in a form."""
    found = _field_row_above(label)
    if found is None:
        return []
    item = found[2]
    return _layout_widgets(item.layout()) if item.layout() is not None else [item.widget()]


def form_label(line: QLabel, widgets: Iterable[QWidget] = ()) -> QLabel | None:
    """The label naming the field of the error line ``line`` as its form shows it: that of the row of its field in
    its form layout (the row ``field_above`` finds), else the label a widget of the field (``widgets``) is the buddy
    of; None for a field without one (a tick box saying what it is)."""
    found = _field_row_above(line)
    if found is not None:
        form, row = found[0], found[1]
        named = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if named is not None and isinstance(named.widget(), QLabel) and named.widget().text().strip():
            return named.widget()
    widgets = list(_inputs(widgets))
    window = widgets[0].window() if widgets else None
    return next((label for label in window.findChildren(QLabel) if label.buddy() in widgets), None) \
        if window is not None else None


def label_name(label: QLabel) -> str:
    """A field's label as a message names the field: without its Alt letter, the mark of a required field or a
    colon ("&Reason" → "Reason", "名称 *" → "名称", "期限：" → "期限")."""
    from ui.layouts import without_alt_letter

    return re.sub(r"\s*\*$", "", without_alt_letter(label.text())).strip().rstrip("：:").strip()


def _view_state(view: QAbstractItemView) -> tuple:
    model = view.model()
    if model is None:
        return ()
    root = QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)  # a list's is private
    cells = [model.index(row, column) for row in range(model.rowCount(root)) for column in range(columns)]
    return tuple((index.data(), index.data(Qt.ItemDataRole.CheckStateRole)) for index in cells)


def _inputs(widgets: Iterable[QWidget]):
    """The controls of a field: ``widgets`` and the widgets in them, but not the parts Qt builds inside a control
    (a date's line edit, a list's viewport), which Qt deletes on its own."""
    for widget in widgets:
        yield widget
        if not isinstance(widget, CONTROLS):
            yield from _inputs(child for child in widget.children() if isinstance(child, QWidget))


def _state(widgets: Iterable[QWidget]) -> tuple:
    """What the officer can change in ``widgets`` (texts, choices, ticks, list contents), to compare."""
    parts = []
    for widget in _inputs(widgets):
        if isinstance(widget, QLineEdit | QAbstractSpinBox):
            parts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            parts.append(widget.currentIndex())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            parts.append(widget.isChecked())
        elif isinstance(widget, QAbstractItemView):
            parts.append(_view_state(widget))
    return tuple(parts)


class FieldErrors(QObject):
    """The error lines of one form and its Save button (see the module's docstring). ``show(errors)`` after
    every change; ``mark_loaded()`` once the dialog has filled its fields; ``reveal()`` when the officer tries
    to save."""

    def __init__(self, labels: dict[str, QLabel], save: QAbstractButton | QAction,
                 fields: dict[str, QWidget | Iterable[QWidget]] | None = None, names: dict[str, str] | None = None):
        super().__init__(save)
        # {field: its label}: Save's tooltip names the field of each error (此项必填 alone says not which); a field
        # not named here is named by its label in the form (``form_label``), read when the tooltip is written (a
        # party's kind renames its fields)
        self.names = dict(names or {})
        self._form_labels: dict[str, QLabel | None] = {}
        self.setObjectName(OBJECT_NAME)
        self.labels, self.save = labels, save
        self.tooltip = save.toolTip()  # its own, shown again once nothing is wrong
        fields = fields or {}
        self.fields: dict[str, list[QWidget]] = {}
        for name, label in labels.items():
            given = fields.get(name)
            self.fields[name] = ([given] if isinstance(given, QWidget) else list(given)) if given is not None \
                else field_above(label)
        self.errors: dict[str, str] = {}
        # errors a save was refused with ({field: (message, what the field held then)}): kept till the field changes
        self.refused: dict[str, tuple[str, tuple]] = {}
        self.refused_whole: set[str] = set()  # those kept till anything in the form changes (``refuse``)
        self.loaded: dict[str, tuple] = {}
        self.edited: set[str] = set()
        self.touched: set[str] = set()
        self.dialog: QWidget | None = None  # the dialog of Save, once it is in one
        self.stopped = False
        # what the officer clicks: Save, or the buttons of an action (its menu entry cannot be clicked disabled)
        self.buttons = (save,) if isinstance(save, QAbstractButton) else tuple(
            button for button in save.associatedObjects() if isinstance(button, QAbstractButton))
        self.mark_loaded()
        for button in self.buttons:
            button.installEventFilter(self)
        self._watch_leaving()

    @classmethod
    def of(cls, labels: dict[str, QLabel], save: QAbstractButton | QAction, fields=None) -> FieldErrors:
        """The ``FieldErrors`` of ``save``, made on the first call."""
        found = save.findChild(cls, OBJECT_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
        return found if found is not None else cls(labels, save, fields)

    # what the officer did ---------------------------------------------------------------------------------
    def mark_loaded(self) -> None:
        """The fields hold what the dialog put in them: nothing is edited yet, no error line shows."""
        self.loaded = {name: _state(widgets) for name, widgets in self.fields.items()}
        self.refused.clear()
        self.refused_whole.clear()
        self.edited.clear()
        self.touched.clear()
        self._apply()

    def _watch_leaving(self) -> None:
        # A line or a date says it was left with editingFinished, a text box with its FocusOut; an application-
        # wide focusChanged would also be told of widgets being destroyed, which PySide6 cannot wrap safely.
        self.field_of: dict[QWidget, str] = {}
        for name, widgets in self.fields.items():
            for widget in _inputs(widgets):
                if isinstance(widget, TYPED[:2]):
                    widget.editingFinished.connect(self._left)
                elif isinstance(widget, TYPED[2:]):
                    widget.installEventFilter(self)
                else:
                    continue
                self.field_of[widget] = name

    def _left(self, widget: QObject | None = None) -> None:
        """A field's widget lost the focus (or Enter was pressed in a line): the field shows its error now if
        the officer edited it."""
        name = self.field_of.get(widget if widget is not None else self.sender())
        if name is None or name in self.touched or not isValid(self.save):  # (not while the dialog is destroyed)
            return
        if name not in self.edited and _state(self.fields[name]) != self.loaded.get(name):
            self.edited.add(name)
        if name in self.edited and not self._holds_focus(name, QApplication.focusWidget()):
            self.touched.add(name)
            self._apply()

    def _holds_focus(self, name: str, focus: QWidget | None) -> bool:
        return focus is not None and any(isValid(w) and (w is focus or w.isAncestorOf(focus)) for w in self.fields[name])

    def _note_edits(self) -> None:
        focus = QApplication.focusWidget()
        for name, widgets in self.fields.items():
            if name not in self.edited and _state(widgets) != self.loaded.get(name):
                self.edited.add(name)
            if name in self.edited and not (self._holds_focus(name, focus) and isinstance(focus, TYPED)):
                self.touched.add(name)  # left, changed from elsewhere, or a choice (no typing to finish)

    # showing ----------------------------------------------------------------------------------------------
    def show(self, errors: dict[str, str]) -> None:
        """Put each field's error in the line under it, shown for the fields the officer has edited and left;
        Save is enabled only without errors, and its tooltip lists them. An error a save was refused with stays
        until its field is changed (``refuse``)."""
        self.refused = {name: (message, state) for name, (message, state) in self.refused.items()
                        if self._refused_state(name) == state}
        self.refused_whole &= set(self.refused)
        self.errors = {**{name: message for name, (message, _state) in self.refused.items()}, **errors}
        window = self.save.window() if isinstance(self.save, QWidget) else None
        if window is not self.dialog and isinstance(window, QDialog):  # Enter there means Save
            if self.dialog is not None:
                self.dialog.removeEventFilter(self)
            self.dialog = window
            window.installEventFilter(self)
        self._note_edits()
        self._apply()

    def refuse(self, errors: dict[str, str], *, until_any_change: bool = False) -> None:
        """A save was refused with ``errors`` (what the core checks and the dialog could not, such as a code another
        window saved meanwhile): each shown under its field at once, the focus on the first, and kept, with Save
        disabled, until that field is changed — ``until_any_change``: until anything in the form is changed (a
        refusal over fields that disagree, a 性别 contradicting the ID number, which correcting either ends). Only
        the fields with a line here are taken."""
        taken = {name: message for name, message in errors.items() if name in self.labels}
        if until_any_change:
            self.refused_whole |= set(taken)
        else:
            self.refused_whole -= set(taken)
        self.refused.update({name: (message, self._refused_state(name)) for name, message in taken.items()})
        self.show({name: message for name, message in self.errors.items() if name not in errors})
        self.reveal()

    def _refused_state(self, name: str) -> tuple:
        """What the field of ``name`` holds, to tell when it changed; the whole form for a line whose field is not
        known, or refused ``until_any_change`` (its refusal then stays until anything changes)."""
        whole = name in self.refused_whole or not self.fields[name]
        return _state([w for widgets in self.fields.values() for w in widgets] if whole else self.fields[name])

    def stop(self) -> None:
        """The form cannot be edited any more (a document was issued): no line shows again, and Save is left as
        its window sets it."""
        self.stopped = True
        for label in self.labels.values():
            label.setVisible(False)

    def _apply(self) -> None:
        if self.stopped:
            return
        for name, label in self.labels.items():
            label.setText(self.errors.get(name, ""))
            label.setVisible(name in self.errors and name in self.touched)
        self._fit_dialog()
        self.save.setEnabled(not self.errors)
        if self.errors:
            action = re.sub(r"\(&\w\)|&|…|\.\.\.", "", self.save.text()).strip()  # 保存(&S) → 保存, 签发… → 签发
            self.save.setToolTip(_("Correct these first, then {action}:\n{errors}").format(
                action=action, errors="\n".join(self._named(name, error) for name, error in self.errors.items())))
        else:
            self.save.setToolTip(self.tooltip)

    def _named(self, name: str, error: str) -> str:
        """An error of the tooltip, after the label of its field when it is known (期限：此项必填。): the one the
        dialog gives, else the field's label in its form; not before a message that names the field already,
        anywhere and in any case (经营者身份证号码…的校验码错误, …统一社会信用代码中录错的字符)."""
        label = self.names.get(name, "").strip().rstrip("：:") or self._label_in_form(name)
        if not label or re.search(rf"(?<![A-Za-z]){re.escape(label)}(?![A-Za-z])", error, re.IGNORECASE):
            return error  # a word's letters alone are not its name (Phone in telephone)
        return _("{label}: {error}").format(label=label, error=error)

    def _label_in_form(self, name: str) -> str:
        """The label of the field of ``name`` as its form shows it now ("" without one), found once."""
        if name not in self._form_labels and name in self.labels:
            self._form_labels[name] = form_label(self.labels[name], self.fields.get(name, ()))
        label = self._form_labels.get(name)
        return label_name(label) if label is not None and isValid(label) else ""

    def _fit_dialog(self) -> None:
        """Grow the dialog, up to its screen's free height less its title bar, until its error lines show whole: a
        window's layout gives a wrapped line the height of one only, and the rest of it would lie under the next
        field. A dialog grown past the bottom of the screen's free area moves up, or its buttons would be under
        the taskbar (a laptop of 1366 × 768 at 125 % has 614 pixels in height)."""
        from ui.layouts import FIT_TO_FIELDS, grow_to

        window = self.dialog
        if window is None or not isValid(window) or not window.isVisible() or window.layout() is None:
            return
        if window.findChild(QObject, FIT_TO_FIELDS) is not None:  # its fields scroll: grown by their watcher alone
            return  # (``layouts.fit_to_fields``), or each keystroke would undo a height the officer chose
        window.layout().activate()
        grow_to(window, window.heightForWidth(window.width()))

    def reveal(self) -> bool:
        """The officer tries to save: show every error and put the focus on the first wrong field that can
        take it. True when there was an error."""
        if not self.errors or self.stopped:
            return False
        self.touched |= set(self.labels)
        self._apply()
        for name in self.labels:
            if name in self.errors and self._focus_field(name):
                break
        return True

    def _focus_field(self, name: str) -> bool:
        for widget in _inputs(self.fields[name]):
            if widget.isEnabled() and widget.isVisibleTo(widget.window()) and \
                    widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                self._scroll_to(widget)
                return True
        return False

    @staticmethod
    def _scroll_to(widget: QWidget) -> None:
        """Bring ``widget`` into view in its scroll area. The error lines just shown have not moved the fields yet:
        their layouts are laid out first, else the area scrolls to where the field was before they appeared."""
        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            parent.ensureWidgetVisible(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # a click on the disabled Save, or Enter reaching the dialog while Save is disabled (its default button
        # does nothing then): the officer tries to save
        save = self.__dict__.get("save")  # gone while the dialog is being destroyed
        if event.type() == QEvent.Type.FocusOut and watched in self.__dict__.get("field_of", {}):
            self._left(watched)
        elif save is not None and isValid(save) and not save.isEnabled():
            kind = event.type()
            if watched in self.__dict__.get("buttons", ()) and kind == QEvent.Type.MouseButtonRelease:
                self.reveal()
            elif watched is self.dialog and kind == QEvent.Type.KeyPress and event.key() in ENTER_KEYS:
                self.reveal()
                return True
        return super().eventFilter(watched, event)
