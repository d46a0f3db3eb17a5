"""Passphrase fields shared by the first-start, encryption, login, lock and security dialogs: password echo,
each field's error in a red line under it, and the check that a new passphrase is long enough and was typed
the same way twice."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from ui.layouts import error_label
from workstation.errors import ValidationError
from workstation.i18n import _
from workstation.security import keyring


def person_named(typed: str) -> str:
    """The officer's name ``typed`` gives (``store.agencies.offered_officer_name``: spaces inside a Chinese name left
    out), refused under "officer" as `init --officer` refuses it when it is no person's name (admin, 123, A)."""
    from workstation.store.agencies import offered_officer_name, officer_name_error

    name = offered_officer_name(typed)
    if not name:
        raise ValidationError({"officer": officer_name_error(typed)})
    return name


def still_typing(text: str) -> bool:
    """Whether ``text`` is a name being typed, not yet one to check: a single Chinese character (the surname)."""
    from workstation.store.agencies import PERSON_NAME, person_name

    text = person_name(text)
    return len(text) == 1 and re.fullmatch(PERSON_NAME, text) is not None


def password_edit(name: str) -> QLineEdit:
    """A line edit that shows dots instead of what is typed."""
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class FieldForm(QWidget):
    """Named fields in a form, each with the line under it that says what is wrong with it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}

    def add(self, name: str, label: str, edit: QLineEdit) -> QLineEdit:
        edit.setObjectName(name)
        self.edits[name] = edit
        self.errors[name] = error_label(name)
        self.form.addRow(label, edit)
        self.form.addRow("", self.errors[name])
        return edit

    def text(self, name: str) -> str:
        return self.edits[name].text()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field (a field not named is cleared)."""
        for name, label in self.errors.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)

    def error_text(self, name: str) -> str:
        return self.errors[name].text() if self.errors[name].isVisibleTo(self) else ""


class NewPassphraseForm(FieldForm):
    """The current passphrase (optional), an officer's name (optional), a new passphrase and its repetition. ``checked()`` gives (officer,
    passphrase) when they are acceptable, else None with the reasons shown at the fields; after a first
    check every keystroke checks again, so an error disappears as soon as it is corrected. The officer's name is
    checked as it is typed (``officer_named``: the name it gives, or a ValidationError under "officer"; by default a
    person's name, as `init --officer` takes it), so that admin is refused before the passphrase is typed."""

    def __init__(self, officer: str | None = None, passphrase_label: str = "", old: bool = False,
                 parent: QWidget | None = None, officer_named: Callable[[str], str] = person_named):
        super().__init__(parent)
        self.officer_named = officer_named
        if old:
            self.add("old", _("Current passphrase"), password_edit("old"))
        if officer is not None:
            self.add("officer", _("Officer"), QLineEdit(officer))
        self.add("passphrase", passphrase_label or _("Passphrase"), password_edit("passphrase"))
        self.add("repeat", _("Passphrase again"), password_edit("repeat"))
        self.edits["passphrase"].setPlaceholderText(_("at least {n} characters, spaces not counted").format(
            n=keyring.MIN_PASSPHRASE))
        self._checking = False
        for edit in self.edits.values():
            edit.textChanged.connect(self._recheck)
        if "officer" in self.edits:
            self.edits["officer"].textChanged.connect(self._officer_typed)

    def _recheck(self) -> None:
        if self._checking:
            self.show_errors(self.problems())

    def _officer_typed(self) -> None:
        """The name's error as it is typed, before any check of the whole form (which then shows every field's)."""
        if self._checking:
            return
        text = self.text("officer")
        error = "" if not text.strip() or still_typing(text) else self._officer_problem()
        self.errors["officer"].setText(error)
        self.errors["officer"].setVisible(bool(error))

    def _officer_problem(self) -> str:
        """What is wrong with the officer's name typed ('' when it names an officer)."""
        try:
            self.officer_named(self.text("officer"))
        except ValidationError as exc:
            return exc.errors.get("officer") or " ".join(exc.errors.values())
        return ""

    def problems(self) -> dict[str, str]:
        """What is wrong with the fields now, by field name."""
        errors: dict[str, str] = {}
        if "old" in self.edits and not self.text("old"):
            errors["old"] = _("Give your current passphrase.")
        if "officer" in self.edits and not self.text("officer").strip():
            errors["officer"] = _("Give the officer's name.")
        elif "officer" in self.edits and (problem := self._officer_problem()):
            errors["officer"] = problem
        try:
            keyring.check_passphrase(self.text("passphrase"))
        except ValidationError as exc:
            errors.update(exc.errors)
        if "passphrase" not in errors and self.text("repeat") != self.text("passphrase"):
            errors["repeat"] = _("The two passphrases differ: type the same passphrase twice.")
        return errors

    def checked(self) -> tuple[str, str] | None:
        self._checking = True
        errors = self.problems()
        self.show_errors(errors)
        if errors:
            return None
        officer = self.officer_named(self.text("officer")) if "officer" in self.edits else ""
        return officer, self.text("passphrase")

    def clear_passphrases(self) -> None:
        self._checking = False
        for name in ("old", "passphrase", "repeat"):
            if name in self.edits:
                self.edits[name].clear()
        self.show_errors({})
