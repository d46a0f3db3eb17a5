"""The question-and-answer list of an inquiry record, typed live with the keyboard: Enter in a question goes
to its answer, Ctrl+Enter in an answer starts the next question, Alt+Up/Alt+Down move a pair, Ctrl+Shift+Delete
removes it, Ctrl+Shift+Q inserts standard questions (``resources/inquiry/questions.toml``) worded for the kind of
party the case is about (``workstation.documents.inquiry_questions``)."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.access_keys import with_fixed_letter
from ui.field_widgets import FieldWidget, changed_span, part_name
from ui.marked_text import utf16_units
from workstation.documents.inquiry_questions import standard_questions
from workstation.errors import WorkstationError
from workstation.formkit.qa import format_pairs, parse_pairs
from workstation.formkit.spec import FieldSpec
from workstation.i18n import _


class _Pair(QFrame):
    """One question with its answer."""

    def __init__(self, owner: QAList):
        super().__init__()
        self.owner = owner
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.number = QLabel()
        self.question = QLineEdit()
        self.question.setPlaceholderText(_("Question (Enter: go to the answer)"))
        self.answer = QPlainTextEdit()
        self.answer.setPlaceholderText(_("Answer (Ctrl+Enter: next question)"))
        self.answer.setFixedHeight(64)
        self.answer.setTabChangesFocus(True)
        tools = QHBoxLayout()
        self.tools: list[QToolButton] = []
        for text, tip, slot in (("↑", _("Move up (Alt+Up)"), lambda: owner.move(self, -1)),
                                ("↓", _("Move down (Alt+Down)"), lambda: owner.move(self, 1)),
                                ("✕", _("Remove this pair (Ctrl+Shift+Delete)"), lambda: owner.remove(self))):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            button.setEnabled(not owner.read_only)
            tools.addWidget(button)
            self.tools.append(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        top = QHBoxLayout()
        top.addWidget(self.number)
        top.addWidget(QLabel(_("Q:")))  # as the record prints it: 问：
        top.addWidget(self.question, 1)
        top.addLayout(tools)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(_("A:")))  # 答：
        bottom.addWidget(self.answer, 1)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self.question.returnPressed.connect(self.answer.setFocus)
        self.question.textChanged.connect(owner.changed)
        self.answer.textChanged.connect(owner.changed)
        self.answer.textChanged.connect(self._fit)
        for widget in (self.question, self.answer):
            widget.installEventFilter(owner)

    def _fit(self) -> None:
        lines = max(2, min(12, self.answer.document().size().toSize().height() or 2))
        self.answer.setFixedHeight(int(lines * self.answer.fontMetrics().lineSpacing() + 16))

    def pair(self) -> tuple[str, str]:
        return self.question.text(), self.answer.toPlainText()


class QAList(QWidget):
    """The pairs, editable and reorderable; ``changed`` fires on every edit. The standard questions offered are
    those for a party of ``party_kind`` (the case's first party; empty: a company's wording)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, party_kind: str = ""):
        super().__init__(parent)
        self.whole_step = False  # True while ``changed`` tells of pairs inserted, moved or removed, not typed
        self.access_name = ""  # the field's label, before each box's number in its accessible name (``name_boxes``)
        self.read_only = False  # an issued document's pairs: neither typed in nor added, moved or removed
        self.pairs: list[_Pair] = []
        self.rows = QVBoxLayout()
        self.rows.setSpacing(4)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(with_fixed_letter(_("Next question"), "Q"))  # 下一问(&Q)
        self.add_button.setObjectName("qa_add")
        self.add_button.clicked.connect(lambda: self.insert_after(self._current(), focus=True))
        self.standard_button = QPushButton(with_fixed_letter(_("Insert standard questions…"), "S"))
        self.standard_button.setObjectName("qa_standard")
        self.standard_menu = QMenu(self)
        self._fill_standard_menu(party_kind)
        self.standard_button.setMenu(self.standard_menu)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.standard_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.rows)
        layout.addLayout(buttons)
        offer = QShortcut(QKeySequence("Ctrl+Shift+Q"), self)  # its context set apart: see ``item_grid``
        offer.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        offer.activated.connect(self._offer_standard)
        self.insert_after(None)

    def _fill_standard_menu(self, party_kind: str) -> None:
        try:
            library = standard_questions(party_kind)
        except WorkstationError as exc:  # a broken library leaves typing alone and says what to correct
            self.standard_menu.addAction(exc.message).setEnabled(False)
            self.standard_button.setToolTip(exc.message)
            return
        # each group and question numbered with its Alt key (&1 … &9, then &A …), so that the keyboard picks one
        for number, (title, questions) in enumerate(library):
            sub = self.standard_menu.addMenu(_numbered(number, title))
            sub.addAction("&0 " + _("All questions of this group")).triggered.connect(
                lambda _checked=False, qs=questions: self.insert_questions(qs))
            sub.addSeparator()
            for index, question in enumerate(questions):
                sub.addAction(_numbered(index, question)).triggered.connect(
                    lambda _checked=False, q=question: self.insert_questions((q,)))

    def _offer_standard(self) -> None:
        if self.standard_button.isEnabled():
            self.standard_button.showMenu()

    def standard_menu_questions(self) -> dict[str, list[str]]:
        """{group title: questions} as the 插入常用问题 menu offers them."""
        return {_unnumbered(sub.title()): [_unnumbered(a.text()) for a in sub.actions() if not a.isSeparator()][1:]
                for sub in (a.menu() for a in self.standard_menu.actions()) if sub is not None}

    # editing ------------------------------------------------------------------------------------------------
    def _current(self) -> _Pair | None:
        focused = self.focusWidget()
        return next((p for p in self.pairs if focused in (p.question, p.answer)), None) or \
            (self.pairs[-1] if self.pairs else None)

    def insert_after(self, pair: _Pair | None, question: str = "", focus: bool = False) -> _Pair:
        new = _Pair(self)
        new.question.setText(question)
        new.question.setCursorPosition(0)  # a long standard question shows its beginning, not its end
        index = self.pairs.index(pair) + 1 if pair in self.pairs else len(self.pairs)
        self.pairs.insert(index, new)
        self.rows.insertWidget(index, new)
        self._renumber()
        if focus:
            (new.answer if question else new.question).setFocus()
        self.changed.emit()
        return new

    def insert_questions(self, questions) -> None:
        """Add standard questions after the current pair (an empty current pair takes the first): one step.
        Nothing is added to an issued document's pairs."""
        if self.read_only:
            return
        current = self._current()
        first = None
        blocker = self.blockSignals(True)
        try:
            for question in questions:
                if current is not None and not any(current.pair()):
                    current.question.setText(question)
                    current.question.setCursorPosition(0)
                    target = current
                else:
                    target = self.insert_after(current, question)
                first = first or target
                current = target
        finally:
            self.blockSignals(blocker)
        self._step_changed()
        if first is not None:
            first.answer.setFocus()

    def _step_changed(self) -> None:
        """Tell of a change that is a step of its own (pairs inserted, moved or removed), not of typing."""
        self.whole_step = True
        try:
            self.changed.emit()
        finally:
            self.whole_step = False

    def move(self, pair: _Pair, step: int) -> None:
        index = self.pairs.index(pair)
        target = index + step
        if not 0 <= target < len(self.pairs):
            return
        self.pairs.insert(target, self.pairs.pop(index))
        self.rows.removeWidget(pair)
        self.rows.insertWidget(target, pair)
        self._renumber()
        pair.question.setFocus()
        self._step_changed()

    def remove(self, pair: _Pair) -> None:
        index = self.pairs.index(pair)
        self.pairs.pop(index)
        self.rows.removeWidget(pair)
        pair.setParent(None)
        pair.deleteLater()
        if not self.pairs:
            blocker = self.blockSignals(True)
            try:
                self.insert_after(None)
            finally:
                self.blockSignals(blocker)
        else:
            self.pairs[min(index, len(self.pairs) - 1)].question.setFocus()
        self._renumber()
        self._step_changed()

    def name_boxes(self, name: str) -> None:
        """Name each question's and answer's box after the field's label ``name``, with its number (询问内容：问题1,
        询问内容：回答1), which a screen reader says as the keyboard reaches it; renumbered as pairs come and go."""
        self.access_name = name
        self._renumber()

    def _box_name(self, part: str) -> str:
        return part_name(self.access_name, part) if self.access_name else part

    def _renumber(self) -> None:
        for number, pair in enumerate(self.pairs, start=1):
            pair.number.setText(f"{number}.")
            pair.question.setAccessibleName(self._box_name(_("Question {n}").format(n=number)))
            pair.answer.setAccessibleName(self._box_name(_("Answer {n}").format(n=number)))
        self._chain_tabs()

    def _chain_tabs(self) -> None:
        """Tab goes from a question to its answer, from an answer to the next question and from the last answer
        to 下一问: pairs added later (and moved) would else come in the order Qt met them, after the preview."""
        chain = [w for pair in self.pairs for w in (pair.question, pair.answer)]
        chain += [self.add_button, self.standard_button]
        for before, after in pairwise(chain):
            if before.window() is after.window():
                QWidget.setTabOrder(before, after)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and not self.read_only:
            pair = next((p for p in self.pairs if watched in (p.question, p.answer)), None)
            key, mods = event.key(), event.modifiers()
            enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if pair is not None:
                if enter and mods & Qt.KeyboardModifier.ControlModifier:
                    following = self.pairs.index(pair) + 1
                    if following < len(self.pairs) and not any(self.pairs[following].pair()):
                        self.pairs[following].question.setFocus()
                    else:
                        self.insert_after(pair, focus=True)
                    return True
                if mods & Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                    self.move(pair, -1 if key == Qt.Key.Key_Up else 1)
                    return True
                if key == Qt.Key.Key_Delete and mods & Qt.KeyboardModifier.ControlModifier \
                        and mods & Qt.KeyboardModifier.ShiftModifier:
                    self.remove(pair)
                    return True
        return super().eventFilter(watched, event)

    # value ----------------------------------------------------------------------------------------------------
    def pairs_text(self) -> str:
        return format_pairs([p.pair() for p in self.pairs])

    def set_pairs(self, pairs: list[tuple[str, str]]) -> int:
        """Show ``pairs``, keeping the boxes of the pairs that stay as they are (an undo changes one answer, not
        the whole list: the keyboard stays in the box it was in). The pairs shown before that differ are given
        their new text or removed, the new ones inserted where they differ; the index of the first pair that
        differs is returned (the number of pairs when none does)."""
        pairs = list(pairs) or [("", "")]
        before = [p.pair() for p in self.pairs]
        same = min(len(before), len(pairs))
        start = next((n for n in range(same) if before[n] != pairs[n]), same)
        tail = 0
        while tail < same - start and before[-1 - tail] == pairs[-1 - tail]:
            tail += 1
        old_end, new_end = len(before) - tail, len(pairs) - tail
        blocker = self.blockSignals(True)
        try:
            kept = min(old_end - start, new_end - start)
            for offset in range(kept):  # a box given its new text only where it differs
                row, (question, answer) = self.pairs[start + offset], pairs[start + offset]
                if row.question.text() != question:
                    row.question.setText(question)
                    row.question.setCursorPosition(0)
                if row.answer.toPlainText() != answer:
                    row.answer.setPlainText(answer)
            for row in self.pairs[start + kept:old_end]:  # pairs no longer there
                self.rows.removeWidget(row)
                row.setParent(None)
                row.deleteLater()
            del self.pairs[start + kept:old_end]
            anchor = self.pairs[start + kept - 1] if start + kept else None
            for question, answer in pairs[start + kept:new_end]:  # pairs come back
                anchor = self.insert_after(anchor, question)
                anchor.answer.setPlainText(answer)
        finally:
            self.blockSignals(blocker)
        self._renumber()
        return start


NUMBERS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _numbered(index: int, text: str) -> str:
    """A menu entry's text with its Alt key in front: "&1 基本情况" (an "&" of the text itself kept as one)."""
    plain = text.replace("&", "&&")
    return f"&{NUMBERS[index]} {plain}" if index < len(NUMBERS) else plain


def _unnumbered(text: str) -> str:
    """The text ``_numbered`` wrote, without its number."""
    if len(text) > 3 and text[0] == "&" and text[1] in NUMBERS and text[2] == " ":
        text = text[3:]
    return text.replace("&&", "&")


def _differs_at(old: str, new: str) -> int:
    """Where in ``new`` the caret goes after an undo or redo turned ``old`` into it: at the end of what changed
    (where text was taken away, or after the text brought back), as in a text field's own undo."""
    return len(new) - changed_span(old, new)[1]


class QAField(FieldWidget):
    """The editor's handle on a ``qa`` field; its standard questions are worded for a party of ``party_kind``."""

    places_caret = True  # ``set_value`` puts the caret where the change is: the editor leaves it there

    def __init__(self, field: FieldSpec, parent=None, party_kind: str = ""):
        self.list = QAList(party_kind=party_kind)
        super().__init__(field, self.list, parent)
        self.list.changed.connect(self.changed)
        self.focus_widget = self.list.pairs[0].question

    @property
    def whole_step(self) -> bool:
        return self.list.whole_step

    def name_for_access(self, name: str) -> None:
        """The field's controls named as every field's are, but each question's and answer's box with its number
        too (``QAList.name_boxes``): the label alone named every box alike."""
        super().name_for_access(name)
        self.list.name_boxes(name)

    def value(self):
        return self.list.pairs_text()

    def set_value(self, value) -> None:
        """Show ``value``'s pairs (an undo or redo: only the pairs that differ change). ``focus_widget`` becomes
        the box of the first pair that differs — its answer when only the answer does — with the caret where its
        text begins to differ, so that the officer goes on typing where the change is."""
        try:
            pairs = parse_pairs(value or "")
        except ValueError:
            pairs = [(str(value), "")]
        if format_pairs(pairs) == self.value():
            return
        before = [p.pair() for p in self.list.pairs]
        focused = self.list.focusWidget()
        moving = next((p.pair() for p in self.list.pairs if focused in (p.question, p.answer)), None)
        changed = min(self.list.set_pairs(pairs), len(self.list.pairs) - 1)
        shown = [p.pair() for p in self.list.pairs]
        if moving is not None and len(before) == len(shown) and sorted(before) == sorted(shown) \
                and moving in shown and shown.index(moving) != before.index(moving):
            changed = shown.index(moving)  # a pair moved back (or again): the keyboard follows it, not the one displaced
        row = self.list.pairs[changed]
        old = before[changed] if changed < len(before) and len(before) == len(self.list.pairs) else None
        if old is not None and old[0] == row.question.text() and old[1] != row.answer.toPlainText():
            text = row.answer.toPlainText()
            cursor = row.answer.textCursor()
            cursor.setPosition(utf16_units(text[:_differs_at(old[1], text)]))  # Qt counts UTF-16 units
            row.answer.setTextCursor(cursor)
            self.focus_widget = row.answer
        else:
            if old is not None:
                question = row.question.text()
                row.question.setCursorPosition(utf16_units(question[:_differs_at(old[0], question)]))
            self.focus_widget = row.question
        self.list._step_changed()  # put in whole (a picker, an undo): a step of its own, as a line's new text

    def step_row(self, old, new):
        """The question (its index, 0) or answer (its index, 1) that a change typed touches, with its text before and
        after; None for pairs added, removed or moved."""
        try:
            before, after = parse_pairs(old or ""), parse_pairs(new or "")
        except ValueError:
            return None, "", ""
        if len(before) != len(after):
            return None, "", ""
        touched = [(i, part) for i, (a, b) in enumerate(zip(before, after, strict=True)) for part in (0, 1)
                   if a[part] != b[part]]
        if len(touched) != 1:
            return None, "", ""
        i, part = touched[0]
        return touched[0], before[i][part], after[i][part]

    def set_read_only(self, read_only: bool) -> None:
        self.list.read_only = read_only
        for pair in self.list.pairs:
            pair.question.setReadOnly(read_only)
            pair.answer.setReadOnly(read_only)
            for button in pair.tools:
                button.setEnabled(not read_only)
        self.list.add_button.setEnabled(not read_only)
        self.list.standard_button.setEnabled(not read_only)
