"""Small helpers for rebuilding parts of a window."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

# QStyle is imported where it is used: taking the class from the module builds its nine enums' ~560 members, some
# milliseconds of the start (page headings are built before the first paint)
from PySide6.QtWidgets import QLabel, QLayout, QStyledItemDelegate, QWidget

if TYPE_CHECKING:  # the page headings are on the start's path; the dialog helpers look these up when used
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QDialogButtonBox


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of ``layout`` now, so lookups no longer find the old ones. Each is hidden
    first: Qt shows a widget added to a layout at its next turn, and one taken out before then, parentless, would
    show as a window of its own (taking the keyboard from the window) until it is deleted."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


class AsksBeforeDropping:
    """Mixed into a dialog before QDialog: Cancel, Esc or the close button drop what the officer typed only when
    the officer says so; one whose button saves asks to save, discard or cancel (``reject``). The dialog gives
    ``typed()`` (what its fields hold, comparable with ``==``) and records with ``mark_loaded()`` what they held when
    it filled them (no field shows an error yet then, Ctrl+Y redoes in its fields, and Ctrl+S or Ctrl+Enter press its
    Save: ``ui.save_keys``)."""

    _loaded = None

    def typed(self):
        raise NotImplementedError

    def mark_loaded(self) -> None:
        from ui.field_errors import FieldErrors
        from ui.redo_key import add_redo_key
        from ui.save_keys import add_save_keys

        self._loaded = self.typed()
        history = getattr(self, "fields_history", None)
        if history is not None:  # filled by the dialog: nothing the officer did to undo yet
            history.settle()
        for errors in self.findChildren(FieldErrors):  # nothing edited yet: no error line shows
            errors.mark_loaded()
        add_redo_key(self)  # Ctrl+Y redoes what Ctrl+Z undid, on every platform
        add_save_keys(self)

    def commit_typing(self) -> None:
        """Make what is still being typed part of ``typed()`` (a table's cell still open), before asking."""

    def may_drop_changes(self) -> bool:
        """True when nothing typed would be lost, or the officer agrees to lose it (always without prompts)."""
        from workstation.i18n import _

        self.commit_typing()
        prompts = getattr(self, "prompts", None)
        return prompts is None or self.typed() == self._loaded or prompts.confirm(
            self, _("Discard the changes you made?"), destructive=True)

    def reject(self) -> None:
        self.commit_typing()
        if self._offers_to_save():
            self._save_or_drop()
        elif self.may_drop_changes():
            super().reject()

    def _offers_to_save(self) -> bool:
        """Whether closing asks to save, drop or keep what was typed: a dialog whose button saves (``ui.save_keys``)
        holding changes; one whose button carries out a step (导出, a procedure action) or a plain OK only asks
        before dropping them."""
        from ui.save_keys import _saves, save_button

        if getattr(self, "prompts", None) is None or self.typed() == self._loaded:
            return False
        button = save_button(self)
        return button is not None and button.isVisible() and _saves(button)

    def _save_or_drop(self) -> None:
        """Ask, as the document editor does on closing: Save saves (and closes, unless a field refuses it: then
        the dialog stays with what was typed and says what is wrong), Discard closes without saving, Cancel keeps
        the dialog as it is."""
        from ui.save_keys import press_save
        from workstation.i18n import _

        choice = self.prompts.choose(self, _("Save the changes you made?"),
                                     [_("&Save"), _("&Discard changes"), _("Cancel")])
        if choice == 1:
            super().reject()
        elif choice == 0:
            press_save(self)
            if self.isVisible() and self.typed() == self._loaded:  # saved, the dialog still open (the officers')
                super().reject()


def stored_now(db, record, get: Callable):
    """``record`` as stored now (``get(db, record.id)``): the page opening an editor on it holds it as it last read
    it, which another window or process may have saved since (reopened after a refusal, the same stale copy would be
    refused again). None for None; one not stored (a new record, or one deleted meanwhile) as given: an editor
    holds it as what it opened, not as a new record: the ``changed_since`` of a store whose records may be deleted
    (publicity) refuses saving over one deleted meanwhile, which would store it again under its old id."""
    from workstation.errors import NotFound

    if record is None:
        return None
    try:
        return get(db, record.id)
    except NotFound:
        return record


def enter_calls(widget: QWidget, action: Callable[[], None]) -> QObject:
    """Make Enter (Return or the keypad's Enter) in ``widget`` call ``action`` instead of reaching its dialog,
    whose default button would save it: a dialog's party search adds the party found. The filter is a child of
    ``widget`` and lives as long as it; it is returned for tests."""
    from PySide6.QtCore import QEvent, QObject, Qt

    class EnterFilter(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                action()
                return True
            return super().eventFilter(watched, event)

    keys = EnterFilter(widget)
    keys.setObjectName("enter_calls")
    widget.installEventFilter(keys)
    return keys


def tab_in_screen_order(box: QDialogButtonBox) -> None:
    """Make Tab go through ``box``'s buttons as the screen shows them, left to right: the platform's layout puts
    them in its own order (恢复默认规则 | 保存 | 预览 | 取消), Tab would else follow the order they were added in."""
    from itertools import pairwise

    from PySide6.QtWidgets import QAbstractButton

    layout = box.layout()
    shown = [w for w in (layout.itemAt(i).widget() for i in range(layout.count())) if isinstance(w, QAbstractButton)]
    # the buttons keep their place among the dialog's other controls: after what came before the first of them
    head = next((b for b in shown if b.previousInFocusChain() not in shown), None)
    before = head.previousInFocusChain() if head is not None else None
    if before is not None and before is not box.window() and shown:
        QWidget.setTabOrder(before, shown[0])
    for first, second in pairwise(shown):
        QWidget.setTabOrder(first, second)


def error_label(name: str = "", hidden: bool = True) -> QLabel:
    """The red line under a field that says what is wrong with it."""
    label = QLabel()
    label.setObjectName(f"{name}_error" if name else "error")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.setVisible(not hidden)
    return label


def warning_label(field: str) -> QLabel:
    """The line under a field saying what to check in its valid value (hidden while there is nothing)."""
    label = QLabel()
    label.setObjectName(f"{field}_warning")
    label.setStyleSheet("color: #8a4b00;")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_field_errors(labels: dict[str, QLabel], errors: dict[str, str], buttons: QDialogButtonBox | QAbstractButton,
                      fields: dict | None = None) -> dict[str, str]:
    """Put each field's error in the label under it and enable Save (the dialog box's, or the button given) only
    without errors. A line shows once its field was edited and left, or after the officer tried to save; see
    ``ui.field_errors``, which finds each line's field above it in its form unless ``fields`` names it. Returns
    ``errors``."""
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.field_errors import FieldErrors

    save = buttons.button(QDialogButtonBox.StandardButton.Save) if isinstance(buttons, QDialogButtonBox) else buttons
    FieldErrors.of(labels, save, fields).show(errors)
    return errors


def shortcut_hint(text: str, keys) -> str:
    """``text`` followed by the key that does the same, as tooltips show it: "编辑案件 (Ctrl+E)". ``keys`` is a
    QAction (its first shortcut) or a key sequence as text; ``text`` alone when there is none. A text ending in a
    full stop loses it: the key follows the words ("打印工作通报 (Ctrl+P)"), never a 。 and a space."""
    from PySide6.QtGui import QKeySequence

    sequence = keys if isinstance(keys, str) else keys.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    if not sequence:
        return text
    return f"{text.removesuffix('。').removesuffix('.')} ({sequence})"


def close_keys() -> list:
    """The keys that close a tab or a document: Ctrl+W first, as the menus show it and F1 tells it, then the
    platform's other bindings (Ctrl+F4)."""
    from PySide6.QtGui import QKeySequence

    first = QKeySequence("Ctrl+W")
    return [first, *(key for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Close) if key != first)]


def list_join(items) -> str:
    """``items`` as a list inside a sentence, the way the user's language writes one: "甲、乙、丙" in Chinese ("a, b, c"
    in English); "" for none."""
    from workstation.i18n import join_names

    return join_names(items)


def enable_or_say_why(widget: QWidget, why: str | None) -> None:
    """Enable ``widget`` when ``why`` is None, else grey it out with ``why`` as its tooltip: a greyed-out button
    says what to do first. The tooltip it had when first asked comes back once it is usable again."""
    usable = widget.property("usable_tip")
    if usable is None:
        usable = widget.toolTip()
        widget.setProperty("usable_tip", usable)
    widget.setEnabled(why is None)
    widget.setToolTip(usable if why is None else why)


def without_alt_letter(text: str) -> str:
    """A label's or button's text as a screen reader should say it, without its Alt letter: "提取时间(&O)" →
    "提取时间", "&Browse" → "Browse", "A && B" → "A & B" (&& is an & shown), "打开日历文件夹(&/)" → "打开日历文件夹" (a
    punctuation key where no letter is left)."""
    return re.sub(r"\(&([^\s&])\)|(?<!&)&(?=[^\s&])", "", text).replace("&&", "&").strip()


def plain_label(text: str) -> str:
    """A menu item's text as its tooltip shows it, without its letter mark and dots: "导入案件台账(&I)…" →
    "导入案件台账", "&Import case register…" → "Import case register"."""
    return without_alt_letter(text).rstrip("…").strip()


def say_why_disabled(action, why: str) -> None:
    """Keep ``action``'s tooltip saying ``why`` while it is greyed out, and its own text (with its key) while it can
    be used: an action whose text its owner changes (an undo stack's "撤销 键入") follows that text."""

    from shiboken6 import isValid

    def update() -> None:
        if not isValid(action):  # told of a change as its window is destroyed
            return
        # setting the tip it has already is no change, so this does not call itself again
        action.setToolTip(shortcut_hint(plain_label(action.text()), action) if action.isEnabled() else why)

    action.changed.connect(update)
    update()


# the room a window's title bar and borders take beside its size, which Qt knows only once the window is shown
WINDOW_FRAME = (16, 40)
QLAYOUT_WIDE = 1 << 20  # a width no row reaches: every part of a ``WrappingRow`` on one row
FIT_TO_FIELDS = "fit_to_fields"  # the object name of ``fit_to_fields``' watcher, which ``FieldErrors`` looks for


def scrolled_fields(body: QWidget) -> QWidget:
    """``body`` (a dialog's fields) in a frame that scrolls it top to bottom when the screen is too short for it, its
    width followed: the dialog opens on its first field, not on the frame."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QScrollArea

    scroll = QScrollArea()
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(body)
    return scroll


class _Body(QWidget):
    """A page's body in its scroll area (``scrolled_body``): as tall as the area, scrolled only once the area is
    shorter than the body's least height. With a wrapped note in it the area would keep it at its preferred height
    instead (``heightForWidth``), scrolling where the lists used to shrink."""

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        layout = self.layout()
        least = layout.minimumHeightForWidth(width) if layout is not None else -1
        return least if least >= 0 else super().heightForWidth(width)


def scrolled_body(page: QWidget) -> QWidget:
    """The body of ``page``, filling it, scrolled when the window is shorter than its lists need: on a laptop's
    short screen (1366 × 768 at 125 %, less the taskbar) the window stays within the screen instead of growing to the
    page's least height (the 文书 and exchange pages)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFrame, QVBoxLayout

    body = _Body()
    scroll = scrolled_fields(body)
    scroll.setObjectName("page_scroll")
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return body


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` × ``height``, or less where its screen's free area is smaller: a laptop at
    1366 × 768 and 125 % has 1093 × 614 less the taskbar, and a window taller than that hides its buttons."""
    screen = window.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - WINDOW_FRAME[0]), min(height, room.height() - WINDOW_FRAME[1])
    window.resize(width, height)


def grow_to(window: QWidget, needed: int) -> None:
    """Grow ``window`` to ``needed`` in height (never shorter), up to its screen's free height less its title bar,
    moved up when it would reach below the free area, or its buttons would be under the taskbar."""
    room = window.screen().availableGeometry() if window.screen() is not None else None
    if room is not None:
        needed = min(needed, room.height() - WINDOW_FRAME[1])
    if needed <= window.height():
        return
    window.resize(window.width(), needed)
    below = window.frameGeometry().bottom() - room.bottom() if room is not None else 0
    if below > 0:
        window.move(window.x(), max(room.top(), window.y() - below))


def fit_to_fields(window: QWidget, scroll: QWidget, width: int | None = None) -> None:
    """Make ``window`` as tall as its fields in ``scroll`` (``scrolled_fields``) need to show whole, with what lies
    outside them (its buttons), ``width`` wide (else as wide as it asks): no larger than its screen's free area
    (``fit_to_screen``), where the fields scroll and the buttons stay in view. Lines shown in the fields later (a
    warning, an error) grow the window with them as a dialog laid out without the scrolling grew, up to the free
    area's height, moved up rather than reaching below it; once shown, only by what the fields grew by (a window the
    user made shorter stays shorter by as much), and it never shrinks by itself."""
    _fields_fit()(window, scroll).natural(width)


@cache
def _fields_fit() -> type:
    """The class of ``fit_to_fields``' watcher, made on first use (QtCore's classes are not looked up before the
    first paint)."""
    from PySide6.QtCore import QObject

    class FieldsFit(_FieldsFit, QObject):
        pass

    return FieldsFit


class _FieldsFit:
    """``fit_to_fields``: the window's fields heard as they are laid out again (and the window as it is shown)."""

    def __init__(self, window: QWidget, scroll: QWidget):
        super().__init__(scroll)
        self.setObjectName(FIT_TO_FIELDS)
        self.window, self.scroll = window, scroll
        self.seen: int | None = None  # the fields' height when the window last grew (or not) to show them
        scroll.widget().installEventFilter(self)
        window.installEventFilter(self)

    def _fields_height(self, width: int) -> int:
        """The height the fields take at ``width`` (their preferred one: wrapped lines whole)."""
        body = self.scroll.widget()
        wanted = body.heightForWidth(width) if body.hasHeightForWidth() and width > 0 else -1
        return wanted if wanted > 0 else body.sizeHint().height()

    def natural(self, width: int | None) -> None:
        """Before the window is shown: its size with the fields whole, within the screen's free area."""
        window, scroll = self.window, self.scroll
        frame = 2 * scroll.frameWidth()
        body_hint, hint, scroll_hint = scroll.widget().sizeHint(), window.sizeHint(), scroll.sizeHint()
        outside = hint.height() - scroll_hint.height()
        beside = hint.width() - scroll_hint.width()  # the window's width beside the fields' scroll area
        if width is None:
            width = max(hint.width(), body_hint.width() + frame + beside)
        height = outside + frame + self._fields_height(width - beside - frame)
        screen = window.screen()
        if screen is not None and height > screen.availableGeometry().height() - WINDOW_FRAME[1]:
            width += scroll.verticalScrollBar().sizeHint().width()  # the fields scroll: room for the bar
        fit_to_screen(window, max(width, window.minimumWidth()), height)

    def grow(self) -> None:
        """Once shown: grow the window until its fields show whole, up to the free area's height, moved up when it
        would reach below it. After the first time only by what the fields grew by since (a warning shown): a window
        the user made shorter keeps the height they gave it, with the warning's room added."""
        window = self.window
        viewport = self.scroll.viewport()
        fields = self._fields_height(viewport.width())
        hidden = fields - viewport.height()  # what of the fields lies out of view
        grown, self.seen = (hidden if self.seen is None else min(hidden, fields - self.seen)), fields
        grow_to(window, window.height() + grown)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        from PySide6.QtCore import QEvent

        kind = event.type()
        if kind == QEvent.Type.LayoutRequest and watched is self.scroll.widget() or \
                kind == QEvent.Type.Show and watched is self.window:
            if self.window.isVisible():
                self.grow()
        return False


class WrappingRow(QLayout):
    """A page's bar of filters and buttons on one row where the page is wide enough, its parts going on to a
    second row (and further) where it is not: a laptop at 150 % (1366 × 768, 911 logical pixels) has no room for
    the bars of wider screens. A part is a widget or a layout kept whole (a filter with its label:
    ``add_together``), laid out at its preferred width, the last on a row narrower down to its least width rather
    than going on to the next row; a part added with ``stretch`` takes the room its row leaves. Parts added with
    ``on_right`` keep to the right edge of the row they end, as after a stretch; ``end_row`` starts a new row
    unless the parts before it took more than one already. Hidden parts take no room; the widgets stay the page's
    children, in the order they were added.

    The page must give the widget below the row (its table) the stretch (``addWidget(table, 1)``): the row keeps
    QLayout's ``expandingDirections``, both ways, so in a page where nothing else has a stretch it would take the
    spare height, its rows at the top and a gap under them. (Overriding it is no way out: its answer, an orientation,
    makes PySide6's Qt namespace before the first paint, which ``tests/test_startup.py`` forbids.)"""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._items: list = []
        self._right: set[int] = set()  # ids of the parts kept to the right
        self._breaks: set[int] = set()  # ids of the parts after an ``end_row``
        self._stretched: set[int] = set()  # ids of the parts taking the room left on their row
        self._break_next = False
        self.setContentsMargins(0, 0, 0, 0)

    # filling ------------------------------------------------------------------------------------------------
    def add_together(self, *widgets: QWidget, on_right: bool = False, stretch: bool = False) -> QLayout:
        """Add ``widgets`` as one part, never split between rows (a label and its drop-down); with ``stretch`` the
        part takes the room its row leaves (a search box)."""
        from PySide6.QtWidgets import QHBoxLayout

        part = QHBoxLayout()
        part.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            part.addWidget(widget)
        self.addChildLayout(part)
        self.addItem(part)
        self._mark(part, on_right)
        if stretch:
            self._stretched.add(id(part))
            part.setStretch(len(widgets) - 1, 1)  # the last widget (the box) wider, not its label
        return part

    def add(self, widget: QWidget, on_right: bool = False) -> None:
        """Add ``widget`` as a part of its own."""
        self.addWidget(widget)
        self._mark(self._items[-1], on_right)

    def end_row(self) -> None:
        """The parts added next start a new row, unless those before took more than one row already: on a narrow
        page they go on after them, taking fewer rows."""
        self._break_next = True

    def _mark(self, item, on_right: bool) -> None:
        if on_right:
            self._right.add(id(item))
        if self._break_next:
            self._breaks.add(id(item))
            self._break_next = False

    # QLayout ------------------------------------------------------------------------------------------------
    def addItem(self, item) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802 (Qt's name)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802 (Qt's name)
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        for marks in (self._right, self._breaks, self._stretched):
            marks.discard(id(item))
        return item

    # (QLayout's expandingDirections kept: see the class's note; the pages give their tables the stretch)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return self._arrange(width, None)

    def _gap(self) -> int:
        spacing = self.spacing()
        return spacing if spacing >= 0 else 6

    def _shown(self) -> list:
        return [item for item in self._items if not item.isEmpty()]

    def sizeHint(self):  # noqa: N802 (Qt's name): as wide as its widest row where nothing wraps
        from PySide6.QtCore import QSize

        gap, margins = self._gap(), self.contentsMargins()
        widest = max((sum(wide for _item, wide in row) + gap * (len(row) - 1) for row in self._rows(QLAYOUT_WIDE)
                      if row), default=0)
        return QSize(widest + margins.left() + margins.right(), self._arrange(QLAYOUT_WIDE, None))

    def minimumSize(self):  # noqa: N802 (Qt's name): as wide as the widest part, as tall as the rows ``end_row`` makes
        from PySide6.QtCore import QSize

        margins = self.contentsMargins()
        return QSize(max((item.minimumSize().width() for item in self._shown()), default=0) + margins.left()
                     + margins.right(),
                     self._arrange(QLAYOUT_WIDE, None))

    def setGeometry(self, rect) -> None:  # noqa: N802 (Qt's name)
        super().setGeometry(rect)
        self._arrange(rect.width(), rect)

    def _rows(self, width: int) -> list[list[tuple]]:
        """The parts shown, row by row, each with its width, for rows ``width`` wide."""
        gap, rows, used = self._gap(), [[]], 0
        wrapped = False  # the parts since the last ``end_row`` took more than one row
        for item in self._shown():
            if id(item) in self._breaks:
                if rows[-1] and not wrapped:
                    rows.append([])
                    used = 0
                wrapped = False
            wide = min(item.sizeHint().width(), width)
            room = width - used - (gap if rows[-1] else 0)
            if rows[-1] and wide > room:
                if room >= item.minimumSize().width():  # the row's last part, narrower
                    wide = room
                else:
                    rows.append([])
                    used, room, wrapped = 0, width, True
            used += (gap if rows[-1] else 0) + wide
            rows[-1].append((item, wide))
        return rows

    def _arrange(self, width: int, rect) -> int:
        """Lay the parts out in ``rect`` (None: only measure); the height they take at ``width``."""
        from PySide6.QtCore import QRect

        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        gap, top = self._gap(), margins.top()
        rows = self._rows(inner)
        for number, row in enumerate(rows):
            tall = max((item.sizeHint().height() for item, _wide in row), default=0)
            if rect is not None:
                x = rect.x() + margins.left()
                spare = inner - sum(wide for _item, wide in row) - gap * (len(row) - 1)
                stretched = next((item for item, _wide in row if id(item) in self._stretched), None)
                for index, (item, wide) in enumerate(row):
                    if item is stretched and spare > 0:  # the room the row leaves
                        wide += spare
                        spare = 0
                    # the parts on the right, the row's last: the rest of its room before them
                    if spare > 0 and all(id(after) in self._right for after, _wide in row[index:]):
                        x += spare
                        spare = 0
                    high = tall if item.layout() is not None else min(item.sizeHint().height(), tall)
                    item.setGeometry(QRect(x, rect.y() + top + (tall - high) // 2, wide, high))
                    x += wide + gap
            top += tall + (gap if number < len(rows) - 1 else 0)
        return top + margins.bottom()


# an agency's item in a drop-down: a town office, listed under its district bureau (a role of its own: the
# dashboard's filter keeps another at UserRole + 1)
UNDER_ROLE = 0x0100 + 17  # Qt.ItemDataRole.UserRole + 17, as a number: the Qt namespace is not made before the first paint
# whether an agency drop-down's open list waits to be fitted to its names (a dynamic property of the combo box)
_FIT_WAITING = "agency_list_fit_waiting"


class IndentedAgencies(QStyledItemDelegate):
    """The open list of agencies indents a town office under its bureau by two characters; the closed drop-down
    shows the chosen agency's name without leading blanks (``add_agency``)."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        if index.data(UNDER_ROLE):
            option.rect.setLeft(option.rect.left() + chinese_width(self.parent(), 2))

    def sizeHint(self, option, index):
        hint = super().sizeHint(option, index)
        if index.data(UNDER_ROLE):  # the indent is room the name needs too
            hint.setWidth(hint.width() + chinese_width(self.parent(), 2))
        return hint


def add_agency(combo: QComboBox, agency, name: str | None = None) -> None:
    """Add ``agency`` to ``combo`` as every list of agencies shows it: ``name`` (else its full name), its id the
    item's data, its short name (``agency.short_name``, from the agencies' register) at ``SHORT_NAME_ROLE`` and the
    official name of its 镇/街道 (a town office's ``agency.town``) or district (a bureau's ``agency.district``) at
    ``PLACE_ROLE``; in the open list a town office is indented under its district bureau, closed it reads plainly.
    The list is searched by typing any part of a name, the short name and the place's name too (``ui.agency_search``),
    its data staying the agency chosen. Whether it keeps its choice (a filter) or has it saved is its window's to say
    (``searchable``'s ``keeps_choice``)."""
    from ui.agency_search import PLACE_ROLE, SHORT_NAME_ROLE, searchable

    if not isinstance(combo.itemDelegate(), IndentedAgencies):
        combo.setItemDelegate(IndentedAgencies(combo))
        searchable(combo)
    combo.addItem(agency.name if name is None else name, agency.id)
    combo.setItemData(combo.count() - 1, agency.level == "town", UNDER_ROLE)
    combo.setItemData(combo.count() - 1, agency.short_name or "", SHORT_NAME_ROLE)
    # the place it serves, by its official name: a town office's 镇/街道 (桂城街道), a district bureau's district
    # (南海区; a town office's district is not its own: 南海区 names the bureau); the city bureau none
    place = agency.town if agency.level == "town" else agency.district if agency.level == "district" else ""
    combo.setItemData(combo.count() - 1, place or "", PLACE_ROLE)
    # the open list is made as wide as its widest name with the indent (the drop-down sizes it by the names alone, and
    # an indented town office's name would lose its end to "…") once the agencies are in, from the event loop, where
    # the officer opens it (the search, made at the list's first focus, fits it first if it comes before): measuring
    # the board's 38 names took ~7 ms before the first paint
    if not combo.property(_FIT_WAITING):
        from functools import partial

        combo.setProperty(_FIT_WAITING, True)
        call_soon(combo, partial(fit_agency_list, combo)).setObjectName("agency_list_fitting")


def call_soon(owner: QObject, slot: Callable[[], object]):
    """Call ``slot`` at the event loop's next turn unless ``owner`` is deleted first; returns the waiting timer.
    The timer is ``owner``'s child, so it and ``slot`` (which may hold ``owner``, a ``partial`` of it) go with
    ``owner``; once it has fired it deletes itself. ``QTimer.singleShot(0, owner, slot)`` kept ``slot``, and the
    dead ``owner``'s Python wrapper with it, for the rest of the day when ``owner`` went first (a dialog made and
    dropped before it was shown)."""
    from PySide6.QtCore import QTimer

    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.timeout.connect(slot)
    timer.timeout.connect(timer.deleteLater)
    timer.start(0)
    return timer


def fit_agency_list(combo: QComboBox) -> None:
    """Make the open list of ``combo`` (a list of ``add_agency``) as wide as its widest name with its indent, and the
    scroll bar when the list scrolls, unless it was fitted since its last agency was added."""
    if not combo.property(_FIT_WAITING):
        return
    combo.setProperty(_FIT_WAITING, False)
    view = combo.view()
    room = view.sizeHintForColumn(0) + 2 * view.frameWidth()
    if combo.count() > combo.maxVisibleItems():  # room for the scroll bar (its width, the style's scroll bar extent,
        # asked of the bar: QStyle's enums, made on first use, cost ~8 ms)
        room += view.verticalScrollBar().sizeHint().width()
    view.setMinimumWidth(room)


def chinese_width(widget: QWidget, characters: int) -> int:
    """The width of ``characters`` Chinese characters in ``widget``'s font (a list's names seen whole)."""
    return widget.fontMetrics().horizontalAdvance("国") * characters


def heading(text: str) -> QLabel:
    """A page heading (pass the translated text: ``heading(_("Deadlines"))``)."""
    return QLabel(f"<h2>{text}</h2>")


def buddy_label(text: str, field: QWidget) -> QLabel:
    """The label in front of a filter or search field, with its Alt letter (``_("&Status")``, "办理状态(&S)"):
    Alt+the letter puts the focus in ``field``."""
    label = QLabel(text)
    label.setBuddy(field)
    return label


def error_text(exc) -> str:
    """What an officer reads of a refused change (a ``WorkstationError``): a field error's messages without the
    fields' internal names (``served_on: …``), any other refusal's message as it is."""
    from workstation.errors import ValidationError, join_reasons

    return join_reasons(exc.errors.values()) if isinstance(exc, ValidationError) else exc.message


def show_refusal(dialog: QWidget, prompts, exc, labels: dict[str, QLabel],
                 buttons: QDialogButtonBox | QAbstractButton, names: Callable[[str], str] | None = None) -> None:
    """Say why the core refused to save what ``dialog`` holds (a ``WorkstationError``): a field error's messages
    (``ValidationError``) under their fields (``labels``, as ``show_field_errors`` shows them: at once, the focus on the
    first, each kept until its field is changed); one of a field without a line in a message, after the field's
    label (``names``: the label of a field's internal name; without it, or a label, the message alone), never after
    its internal name (``uscc: …``); any other refusal as ``error_text`` says it."""
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.field_errors import FieldErrors
    from workstation.errors import ValidationError, join_reasons
    from workstation.i18n import _

    if not isinstance(exc, ValidationError):
        prompts.error(dialog, error_text(exc))
        return
    on_lines = {field: message for field, message in exc.errors.items() if field in labels}
    if on_lines:
        save = buttons.button(QDialogButtonBox.StandardButton.Save) if isinstance(buttons, QDialogButtonBox) \
            else buttons
        FieldErrors.of(labels, save).refuse(on_lines)
    others = [(names(field) if names is not None else "", message) for field, message in exc.errors.items()
              if field not in labels]
    if others:
        prompts.error(dialog, join_reasons(_("{label}: {error}").format(label=label, error=message) if label
                                           else message for label, message in others))


def report_failure(widget: QWidget, prompts, exc: BaseException) -> None:
    """Tell the officer why background work started from ``widget`` ended early: a cancel is news (an information
    box), a refusal an error (``error_text``); nothing when the widget was deleted meanwhile; a bug is raised
    again."""
    from shiboken6 import isValid

    from workstation.errors import Cancelled, WorkstationError

    if not isinstance(exc, WorkstationError):
        raise exc
    if not isValid(widget):
        return
    if isinstance(exc, Cancelled):  # the officer's own choice, not a failure
        prompts.info(widget, exc.message)
    else:
        prompts.error(widget, error_text(exc))


def say_written(widget: QWidget, prompts, written, *more: str) -> None:
    """Say where a file the officer asked for went, as every file written is said (``output.written_text``:
    已写入 …, then ``more``, what it holds)."""
    from workstation.output import written_text

    prompts.info(widget, written_text(written, *more))


def said_written(widget: QWidget, prompts, written) -> None:
    """``say_written`` of a file written in the background (the ``on_done`` of ``TaskRunner.run``): nothing when
    ``widget``'s window closed meanwhile, nobody to tell."""
    from shiboken6 import isValid

    if isValid(widget):
        say_written(widget, prompts, written)


def said_not_written(widget: QWidget, prompts, exc: BaseException) -> None:
    """Why a file to be written in the background was not (the ``on_error`` of ``TaskRunner.run``): a refusal said
    as an error; nothing for the officer's own Cancel (nothing was written) or when ``widget``'s window closed
    meanwhile; a bug is raised again."""
    from shiboken6 import isValid

    from workstation.errors import Cancelled, WorkstationError

    if not isinstance(exc, WorkstationError):
        raise exc
    if not isinstance(exc, Cancelled) and isValid(widget):
        prompts.error(widget, exc.message)


def write_and_say(widget: QWidget, prompts, target: str, data: bytes) -> Path | None:
    """Write ``data`` whole to the file the officer chose (``output.write_output``) and say where it went
    (``say_written``); a refusal (a missing folder, a full disk) is said instead, and nothing is written. Returns
    the file written, None when refused."""
    from workstation.errors import WorkstationError
    from workstation.output import write_output

    try:
        written = write_output(target, data)
    except WorkstationError as exc:
        prompts.error(widget, exc.message)
        return None
    say_written(widget, prompts, written)
    return written


def open_editor_of(widget: QWidget, writes: Callable[[QWidget], bool]) -> QWidget | None:
    """The document editor open in ``widget``'s window (``MainWindow.editors``) that is still writing (not showing
    an issued document) and for which ``writes(editor)`` holds; None when there is none."""
    from shiboken6 import isValid

    for editor in getattr(widget.window(), "editors", []):
        if isValid(editor) and editor.isVisible() and editor.document is None and writes(editor):
            return editor
    return None


def bring_to_front(window: QWidget) -> QWidget:
    """Show ``window`` (restored if minimised) above the others and give it the keyboard; returns it."""
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
    return window


def search_box_key(event, search, view, model, run_search=None, pending: bool = False, enter: bool = False) -> bool:
    """The keys of a list's search box (``event`` one it receives): Down or PageDown (and Enter with ``enter``) put
    the keyboard on the first row ``view`` lists — a search typed and not yet run (``pending``) run first with
    ``run_search`` —; Escape clears a search typed, listing everything again with ``run_search``. Whether the key was
    taken (with Ctrl or Alt held, none is)."""
    from PySide6.QtCore import QEvent, Qt

    if event.type() != QEvent.Type.KeyPress or event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
        return False
    keys = (Qt.Key.Key_Down, Qt.Key.Key_PageDown) + ((Qt.Key.Key_Return, Qt.Key.Key_Enter) if enter else ())
    if event.key() in keys:
        if pending and run_search is not None:
            run_search()
        if model.rowCount():
            view.setFocus(Qt.FocusReason.OtherFocusReason)
            view.selectRow(0)
            view.scrollTo(model.index(0, 0))
        return True
    if event.key() == Qt.Key.Key_Escape and search.text():
        search.clear()
        if run_search is not None:
            run_search()
        return True
    return False
