"""Small helpers for rebuilding parts of a window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:  # the page headings are on the start's path; the dialog helpers look these up when used
    from collections.abc import Callable

    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QDialogButtonBox, QLayout, QWidget


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of ``layout`` now, so lookups no longer find the old ones."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


class AsksBeforeDropping:
    """Mixed into a dialog before QDialog: Cancel, Esc or the close button drop what the officer typed only when
    the officer says so. The dialog gives ``typed()`` (what its fields hold, comparable with ``==``) and records
    with ``mark_loaded()`` what they held when it filled them."""

    _loaded = None

    def typed(self):
        raise NotImplementedError

    def mark_loaded(self) -> None:
        self._loaded = self.typed()

    def may_drop_changes(self) -> bool:
        """True when nothing typed would be lost, or the officer agrees to lose it (always without prompts)."""
        from workstation.i18n import _

        prompts = getattr(self, "prompts", None)
        return prompts is None or self.typed() == self._loaded or prompts.confirm(
            self, _("Discard the changes you made?"))

    def reject(self) -> None:
        if self.may_drop_changes():
            super().reject()


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


def error_label(name: str = "", hidden: bool = True) -> QLabel:
    """The red line under a field that says what is wrong with it."""
    label = QLabel()
    label.setObjectName(f"{name}_error" if name else "error")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.setVisible(not hidden)
    return label


def show_field_errors(labels: dict[str, QLabel], errors: dict[str, str], buttons: QDialogButtonBox) -> None:
    """Put each field's error in the label under it (hidden when none) and enable Save only without errors."""
    from PySide6.QtWidgets import QDialogButtonBox

    for field, label in labels.items():
        label.setText(errors.get(field, ""))
        label.setVisible(field in errors)
    buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not errors)


def heading(text: str) -> QLabel:
    """A page heading (pass the translated text: ``heading(_("Deadlines"))``)."""
    return QLabel(f"<h2>{text}</h2>")


def error_text(exc) -> str:
    """What an officer reads of a refused change (a ``WorkstationError``): a field error's messages without the
    fields' internal names (``served_on: …``), any other refusal's message as it is."""
    from workstation.errors import ValidationError

    return "；".join(exc.errors.values()) if isinstance(exc, ValidationError) else exc.message
