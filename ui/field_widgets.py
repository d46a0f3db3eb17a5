"""One widget per form field type (the registry the form editor builds from): each gives its value as the
officer typed it, takes a value, and reports changes. Amounts show their uppercase (大写) as they are typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ui.layouts import without_alt_letter
from workstation.formkit.spec import FieldSpec
from workstation.i18n import _
from workstation.money import uppercase
from workstation.records import now, short_time
from workstation.validators import parse_amount_fen


def date_placeholder() -> str:
    """The grey text of an empty date field: the form to type, never a sample date that reads as filled in."""
    return _("YYYY-MM-DD")


def datetime_placeholder() -> str:
    """The grey text of an empty date-and-time field (as ``date_placeholder``)."""
    return _("YYYY-MM-DD hh:mm")


def changed_span(old: str, new: str) -> tuple[int, int]:
    """How many characters ``old`` and ``new`` share at their start and, after that, at their end: what lies between
    in ``new`` is what a keystroke, an undo or a redo put in place of ``old``'s."""
    same = 0
    while same < min(len(old), len(new)) and old[same] == new[same]:
        same += 1
    tail = 0
    while tail < min(len(old), len(new)) - same and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return same, tail


def part_name(field: str, part: str) -> str:
    """The accessible name of a part of a field that has a name of its own (a button's text, an item table's column):
    the field's label, then the part's, so that a screen reader says which field the part belongs to."""
    return _("{field}: {part}").format(field=field, part=part)


def _reached_by_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


class FieldWidget(QObject):
    """The editor's handle on one field: ``widget`` to place, ``value()``/``set_value()``, ``changed``;
    ``name_for_access`` names its controls for screen readers."""

    changed = Signal()
    whole_step = False  # True while ``changed`` tells of a step not typed (a question-and-answer pair removed)
    places_caret = False  # True when ``set_value`` puts the caret where the value changed (else the editor puts it last)

    def __init__(self, field: FieldSpec, widget: QWidget, parent: QObject | None = None):
        super().__init__(parent)
        self.field, self.widget = field, widget
        self.focus_widget: QWidget = widget
        self.access_name = ""  # the field's label, which names its controls (``name_for_access``)

    def name_for_access(self, name: str) -> None:
        """Give the field's controls their accessible names, which screen readers say as the keyboard reaches them
        (a field's box placed beside its label has none of its own: Qt names a box only by a label beside it in the
        same parent): ``focus_widget`` and every other box of the field the keyboard reaches (a checkbox, an item
        table, a question's and an answer's boxes) ``name``, the field's label; a button of it ``name`` with its
        text (``part_name``: 送达时间：现在); a part named already keeps its name. A question-and-answer pair added later
        is named by its list as it is added (``QAField``), a table's cell opened for typing by its grid."""
        self.access_name = name
        self.focus_widget.setAccessibleName(name)
        self._name_parts()

    def _name_parts(self) -> None:
        name, window = self.access_name, self.widget.window()
        if not name:
            return
        for part in [self.widget, *self.widget.findChildren(QWidget)]:
            if part.accessibleName() or not _reached_by_tab(part) or part.window() is not window:
                continue  # named already, passed by Tab, or in a pop-up (a drop-down's list)
            text = without_alt_letter(part.text()) \
                if isinstance(part, QAbstractButton) and not isinstance(part, QCheckBox) else ""
            part.setAccessibleName(part_name(name, text) if text else name)

    def value(self):
        raise NotImplementedError

    def set_value(self, value) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not read_only)

    def step_row(self, old, new):
        """Which row of the field a change from ``old`` to ``new`` touches and that row's text before and after, for
        undo steps that merge only the typing of one row: (0, old, new) for a one-value field; (None, '', '') when
        rows were added or removed, or several changed."""
        return 0, old, new


class LineField(FieldWidget):
    """text, date, integer: one line of text (dates and numbers are checked by the form's rules)."""

    def __init__(self, field: FieldSpec, placeholder: str = "", parent=None):
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        super().__init__(field, self.edit, parent)
        self.edit.textChanged.connect(self.changed)

    def value(self):
        return self.edit.text()

    def set_value(self, value) -> None:
        text = "" if value is None else str(value)
        if text != self.edit.text():
            self.edit.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class TextField(FieldWidget):
    """multiline: a text box."""

    def __init__(self, field: FieldSpec, parent=None):
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(70)
        self.edit.setMaximumHeight(160)
        super().__init__(field, self.edit, parent)
        self.edit.textChanged.connect(self.changed)

    def value(self):
        return self.edit.toPlainText()

    def set_value(self, value) -> None:
        text = "" if value is None else str(value)
        if text != self.edit.toPlainText():
            self.edit.setPlainText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class DateTimeField(LineField):
    """datetime: a time to the minute, with a button for now."""

    def __init__(self, field: FieldSpec, parent=None):
        super().__init__(field, datetime_placeholder(), parent)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        self.now_button = QPushButton(_("Now"))
        self.now_button.setObjectName(f"{field.name}_now")
        self.now_button.clicked.connect(lambda: self.edit.setText(short_time(now())))
        row.addWidget(self.now_button)
        self.widget = holder
        self.focus_widget = self.edit

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.now_button.setEnabled(not read_only)


class MoneyField(LineField):
    """money: yuan as typed, with the uppercase amount shown beside it."""

    def __init__(self, field: FieldSpec, parent=None):
        super().__init__(field, "0.00", parent)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        self.upper = QLabel()
        self.upper.setObjectName(f"{field.name}_upper")
        row.addWidget(self.upper, 2)
        self.widget = holder
        self.focus_widget = self.edit
        self.edit.textChanged.connect(self._show_upper)

    def _show_upper(self) -> None:
        try:
            self.upper.setText(uppercase(parse_amount_fen(self.edit.text())) if self.edit.text().strip() else "")
        except ValueError:
            self.upper.setText("")


class BoolField(FieldWidget):
    """bool: a checkbox; it has no text beside it (its label is the row's), its accessible name is the label."""

    def __init__(self, field: FieldSpec, parent=None):
        self.box = QCheckBox()
        super().__init__(field, self.box, parent)
        self.box.toggled.connect(self.changed)

    def value(self):
        return self.box.isChecked()

    def set_value(self, value) -> None:
        self.box.setChecked(bool(value))


class ChoiceField(FieldWidget):
    def __init__(self, field: FieldSpec, parent=None):
        self.combo = QComboBox()
        if not field.required or field.default is None:  # nothing chosen until the officer chooses (听证报告)
            self.combo.addItem("", "")
        for choice in field.choices:
            self.combo.addItem(choice, choice)
        super().__init__(field, self.combo, parent)
        self.combo.currentIndexChanged.connect(self.changed)

    def value(self):
        return self.combo.currentData() or ""

    def set_value(self, value) -> None:
        index = self.combo.findData(value or "")
        if index < 0 and value:  # shown as held (a 封条's 扣押 from its decision), for the check to name it
            self.combo.addItem(str(value), str(value))
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))


def _qa(field: FieldSpec, parent=None, party_kind: str = "") -> FieldWidget:
    from ui.qa_widget import QAField

    return QAField(field, parent, party_kind)


REGISTRY: dict[str, Callable[..., FieldWidget]] = {
    "text": lambda f, parent=None: LineField(f, "", parent),
    "date": lambda f, parent=None: LineField(f, date_placeholder(), parent),
    "integer": lambda f, parent=None: LineField(f, "0", parent),
    "datetime": DateTimeField,
    "money": MoneyField,
    "multiline": TextField,
    "bool": BoolField,
    "choice": ChoiceField,
    "qa": _qa,
}


def field_widget(field: FieldSpec, parent=None, *, party_kind: str = "",
                 columns: tuple[str, ...] | None = None) -> FieldWidget:
    """The widget of a field's type; ``party_kind`` (the case's first party's) words the standard questions a
    ``qa`` field offers; a ``multiline`` field that a table of its form prints row by row is a grid under that
    table's column heads, ``columns`` (``workstation.formkit.grid.repeat_columns``). Its controls are named by the
    field's label (``FieldWidget.name_for_access``)."""
    if field.type == "qa":
        widget = _qa(field, parent, party_kind)
    elif field.type == "multiline" and columns:
        from ui.item_grid import GridField

        widget = GridField(field, columns, parent)
    else:
        widget = REGISTRY[field.type](field, parent=parent)
    widget.name_for_access(field.label)  # what a screen reader says on reaching its boxes
    return widget
