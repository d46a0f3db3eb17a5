"""Dialogs made for one use: run, then deleted, so that a window kept open all day does not keep every dialog it
ever showed (each one a child of its parent until that parent goes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog


def exec_once(dialog: QDialog, made: bool = True) -> int:
    """``dialog.exec()``, the dialog deleted once the caller is done with it (at the event loop's next turn: what it
    recorded can still be read meanwhile). ``made``: False for a dialog the caller was handed (a test's scripted
    one), which stays with whoever made it."""
    try:
        return dialog.exec()
    finally:
        if made:
            dialog.deleteLater()
