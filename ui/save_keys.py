"""Ctrl+S, Ctrl+Enter and Ctrl+Return save a dialog from any of its fields, as WPS and Word save with Ctrl+S: in a
text box Enter starts a new line, and without them the keyboard would Tab its way to 保存. Every dialog that asks
before dropping what was typed gets them (``ui.layouts.AsksBeforeDropping``), and its 保存 gets an Alt letter,
保存(&S), where no other control of the dialog uses S. Pressed while Save is greyed out, they show what is wrong
(``ui.field_errors``), as a click on it does. Ctrl+S only where the button saves; a dialog whose button carries out
a step (导出, 打印, 合并, a procedure action) takes Ctrl+Enter alone; a plain 确定/应用 (a reason typed, a choice
confirmed) gets neither and keeps Enter: a key that says more than the button does would surprise."""

from __future__ import annotations

import re

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox, QLabel, QPushButton

from workstation.i18n import _

KEYS = ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter")
OBJECT_NAME = "save_keys"
# the buttons of a dialog's button box that save or carry out what it is for, in the order looked for
SAVING = (QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Ok,
          QDialogButtonBox.StandardButton.Apply)
MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def save_button(dialog: QDialog) -> QAbstractButton | None:
    """The button that saves ``dialog``: its button box's Save (else OK, else Apply), else its default button."""
    for box in dialog.findChildren(QDialogButtonBox):
        if box.window() is not dialog:
            continue
        for which in SAVING:
            if box.button(which) is not None:
                return box.button(which)
    return next((b for b in dialog.findChildren(QPushButton) if b.isDefault() and b.window() is dialog), None)


def press_save(dialog: QDialog) -> None:
    """Press ``dialog``'s save button; while it is greyed out, show the errors that keep it so instead."""
    from ui.field_errors import OBJECT_NAME as ERRORS
    from ui.field_errors import FieldErrors

    button = save_button(dialog)
    if button is None or not button.isVisible():
        return
    if button.isEnabled():
        button.click()
        return
    errors = button.findChild(FieldErrors, ERRORS)
    if errors is not None:
        errors.reveal()


def _letters(dialog: QDialog) -> set[str]:
    texts = [w.text() for w in dialog.findChildren(QAbstractButton)] + [w.text() for w in dialog.findChildren(QLabel)]
    return {m.group(1).upper() for text in texts for m in [MNEMONIC.search(text)] if m}


def _letter_save(dialog: QDialog, button: QAbstractButton) -> None:
    """Give the saving button the letter S where S is free in the dialog: a button box's standard Save becomes
    保存(&S); a dialog's own default button that says it saves (保存执法人员) becomes 保存执法人员(&S), "&Save officer"."""
    if MNEMONIC.search(button.text()) or "S" in _letters(dialog):
        return
    box = button.parent()
    if isinstance(box, QDialogButtonBox) and box.standardButton(button) == QDialogButtonBox.StandardButton.Save:
        button.setText(_("&Save"))
    elif not isinstance(box, QDialogButtonBox) and isinstance(button, QPushButton) and button.isDefault() \
            and _saves(button):
        from ui.access_keys import with_fixed_letter

        button.setText(with_fixed_letter(button.text(), "S"))


def _saves(button: QAbstractButton) -> bool:
    """Whether ``button`` saves: a button box's standard Save, or a button whose text says 保存 / Save."""
    box = button.parent()
    if isinstance(box, QDialogButtonBox) and box.standardButton(button) == QDialogButtonBox.StandardButton.Save:
        return True
    text = button.text().replace("&", "")
    return "保存" in text or "save" in text.lower()


def _plain(button: QAbstractButton) -> bool:
    """Whether ``button`` is a button box's standard OK or Apply still named as the box names it (确定, 应用): it
    neither saves nor says what step it takes."""
    box = button.parent()
    if not isinstance(box, QDialogButtonBox):
        return False
    which = box.standardButton(button)
    if which not in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Apply):
        return False
    fresh = QDialogButtonBox(which)  # kept while its button's text is read
    return button.text() == fresh.button(which).text()


def carries_out_step(dialog: QDialog, button: QAbstractButton) -> bool:
    """Whether ``button`` carries out ``dialog``'s step: renamed for it (导出, 打印), or in a dialog that says so with
    ``carries_out_step = True`` (a procedure action's, whose OK takes the action)."""
    return bool(getattr(dialog, "carries_out_step", False)) or not _plain(button)


def add_save_keys(dialog: QDialog) -> QShortcut | None:
    """Give ``dialog`` the save keys (once, with the Alt letter of its Save); None when it has no save button,
    binds Ctrl+S itself, or its button is a plain OK or Apply (``carries_out_step``)."""
    from ui.redo_key import _binds

    found = next((c for c in dialog.children() if isinstance(c, QShortcut) and c.objectName() == OBJECT_NAME), None)
    if found is not None:
        return found
    button = save_button(dialog)
    if button is None or _binds(dialog, QKeySequence(KEYS[0])):
        return None
    saves = _saves(button)
    if not saves and not carries_out_step(dialog, button):
        return None  # 确定 of a reason or a choice: Enter, as in any dialog
    _letter_save(dialog, button)
    shortcut = QShortcut(dialog)
    shortcut.setObjectName(OBJECT_NAME)
    # Ctrl+S only where the button saves: in a dialog that carries out a step (a procedure action, an export, a
    # print) "save" would do something else than the key says
    keys = KEYS if saves else KEYS[1:]
    shortcut.setKeys([QKeySequence(key) for key in keys])
    shortcut.activated.connect(lambda: press_save(dialog))
    return shortcut
