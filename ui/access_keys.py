"""Alt letters for buttons whose texts come from data (a case's procedure actions change with its state): each gets
a letter no other control shown with it answers to, written the way the language writes it — "&File a case" in
English, "立案(&A)" in Chinese, whose words have no letter of their own."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar, QWidget

MNEMONIC = re.compile(r"(?<!&)&([^&\s])")  # "&Status", "办理状态(&S)"; "&&" is a plain "&"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def letter_of(text: str) -> str | None:
    """The Alt letter of ``text`` (upper case), None when it has none."""
    found = MNEMONIC.search(text)
    return found.group(1).upper() if found else None


def letters_in(widget: QWidget, leave_out=()) -> set[str]:
    """The Alt letters of the buttons, labels with a buddy and tab titles inside ``widget`` (hidden ones too: they
    show once their section does), but not those of the widgets in ``leave_out``."""
    texts = []
    for child in widget.findChildren(QWidget):
        if child in leave_out:
            continue
        if isinstance(child, QAbstractButton) or (isinstance(child, QLabel) and child.buddy() is not None):
            texts.append(child.text())
        elif isinstance(child, QTabBar):
            texts += [child.tabText(i) for i in range(child.count())]
    return {letter for text in texts for letter in [letter_of(text)] if letter}


def with_letter(text: str, taken: set[str], hint: str = "") -> tuple[str, str | None]:
    """``text`` with an Alt letter not in ``taken``, and that letter: the first free letter of its own words (an
    English label), else the first free one of ``hint`` (the action's name: "suspend" → "中止调查(&S)…"), else of
    the alphabet, written after it before a closing "…"; ``text`` unchanged and None when it has a letter already
    or every letter is taken. A literal "&" is doubled first."""
    if letter_of(text):
        return text, None
    plain = text.replace("&", "&&")
    for index, char in enumerate(plain):
        if char.isascii() and char.isalpha() and char.upper() not in taken and (index == 0 or plain[index - 1] != "&"):
            return plain[:index] + "&" + plain[index:], char.upper()
    free = next((letter for letter in hint.upper() + LETTERS if letter in LETTERS and letter not in taken), None)
    if free is None:
        return text, None
    stem, dots = (plain[:-1], "…") if plain.endswith("…") else (plain, "")
    return f"{stem}(&{free}){dots}", free


def give_letters(buttons, taken: set[str]) -> None:
    """Give each of ``buttons`` in turn an Alt letter not in ``taken`` nor given to one before it (a button that
    has one keeps it), its object name ("action_suspend") the hint of ``with_letter``; ``taken`` gains the letters
    given."""
    for button in buttons:
        own = letter_of(button.text())
        if own:
            taken.add(own)
            continue
        hint = button.objectName().removeprefix("action_")
        text, letter = with_letter(button.text(), taken, hint)
        if letter:
            button.setText(text)
            taken.add(letter)
