"""What is typed in the text fields of a dialog — an interview's, a case's or a lead's — kept as a draft while it is
typed (``drafts.TypedDraft``), one way for the three dialogs (``KeepsTyping``)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from workstation.i18n import _
from workstation.store.drafts import KEEP_AFTER_MS, Draft, TypedDraft


class KeepsTyping:
    """Mixed into a dialog before ``AsksBeforeDropping``: what is typed in its fields (``_kept_boxes``) is kept as a
    draft a moment after the typing (the fields that differ from what the dialog was filled with, as each
    ``mark_loaded`` sets it): offered back at the next start after a crash or a kill, removed once saved or discarded
    (``done``). The dialog gives ``typing_kind``, ``_kept_boxes``, ``_typing_owner`` (the record edited; None: a new
    one) and ``_typing_about`` (what the draft's title names after the window's)."""

    typing_kind = ""

    def _kept_boxes(self) -> dict[str, QLineEdit | QPlainTextEdit]:
        raise NotImplementedError

    def _typing_owner(self) -> str | None:
        raise NotImplementedError

    def _typing_about(self) -> str:
        return ""

    def mark_loaded(self) -> None:
        super().mark_loaded()
        self._keep_typing()

    def _keep_typing(self) -> None:
        if not hasattr(self, "typing_kept"):
            self.typing_kept = TypedDraft(self.db, self.typing_kind, self._typing_owner(), {})
            self.typing_timer = QTimer(self)
            self.typing_timer.setSingleShot(True)
            self.typing_timer.setInterval(KEEP_AFTER_MS)
            self.typing_timer.timeout.connect(self.keep_typing)
            for box in self._kept_boxes().values():
                box.textChanged.connect(self._typing)
        self.typing_kept.loaded = self.kept_texts()

    def _typing(self) -> None:
        if not self.typing_timer.isActive():
            self.typing_timer.start()

    def kept_texts(self) -> dict[str, str]:
        """What the fields kept as a draft hold, by name."""
        return {name: (box.toPlainText() if isinstance(box, QPlainTextEdit) else box.text())
                for name, box in self._kept_boxes().items()}

    def keep_typing(self) -> None:
        self.typing_timer.stop()
        about = self._typing_about().strip()
        self.typing_kept.keep(self.kept_texts(), f"{self.windowTitle()} — {about}" if about else self.windowTitle())

    def continue_draft(self, draft: Draft) -> None:
        """Put back what was typed in ``draft`` (offered back after a crash), each field as if typed again (Ctrl+Z
        takes it back), and go on keeping into it. A field saved since with other text than it held when the typing
        began (another window, the command line) is said before its text is put back over it."""
        self.typing_kept.continue_from(draft)
        boxes = self._kept_boxes()
        texts = draft.values.get("texts") or {}
        began_from = draft.values.get("loaded") or {}
        changed = [name for name in texts if name in boxes and name in began_from
                   and began_from[name] != self.typing_kept.loaded.get(name, "")]
        for name, text in texts.items():
            box = boxes.get(name)
            if isinstance(box, QPlainTextEdit) and not box.isReadOnly():
                box.setPlainText(text)
            elif isinstance(box, QLineEdit) and not box.isReadOnly():
                box.setText(text)
        if changed:
            self.prompts.info(self, _(
                "Since “{title}” was typed, some of its fields were saved with other text (in another window or on the "
                "command line): what was typed is put back in their place; Ctrl+Z in a field brings back what was "
                "saved.").format(title=draft.title))

    def done(self, result: int) -> None:
        """Saved or discarded: what was kept of the typing is removed."""
        if hasattr(self, "typing_kept"):
            self.typing_timer.stop()
            self.typing_kept.drop()
        super().done(result)
