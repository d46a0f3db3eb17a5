"""The Progress/Cancel protocol of long work: a plain callable for progress and a token for cancelling."""

from __future__ import annotations

import threading
from collections.abc import Callable

from workstation.errors import Cancelled
from workstation.i18n import _

ProgressFn = Callable[[int, int, str], None]


def no_progress(done: int, total: int, message: str) -> None:
    """Progress sink that ignores every report."""


class CancelToken:
    """Thread-safe flag that long work polls; the GUI sets it from its Cancel button."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise Cancelled when cancellation was requested (work then rolls back its transaction)."""
        if self._event.is_set():
            raise Cancelled(_("Cancelled; nothing was changed."))

