"""The Progress/Cancel protocol of long work: a plain callable for progress and a token for cancelling."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from workstation.errors import Cancelled
from workstation.i18n import _

ProgressFn = Callable[[int, int, str], None]
T = TypeVar("T")


def no_progress(done: int, total: int, message: str) -> None:
    """Progress sink that ignores every report."""


class CancelToken:
    """Thread-safe flag that long work polls; the GUI sets it from its Cancel button."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._closed = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def close(self) -> None:
        """Say that the work has reached a step it cannot stop in (its commit): a Cancel now is not heard, so the
        window disables its Cancel button (``closed``) at the next progress report."""
        self._closed.set()

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise Cancelled when cancellation was requested (work then rolls back its transaction)."""
        if self._event.is_set():
            raise Cancelled(_("Cancelled; nothing was changed."))


def check_cancel(cancel: CancelToken | None) -> None:
    """``cancel.check()`` for work that may be given no token (None: it is not cancelled)."""
    if cancel is not None:
        cancel.check()


def waiting(call: Callable[[], T], tick: Callable[[], None] | None, poll: float = 0.05) -> T:
    """The result of ``call()``, a long call that gives no news of itself (python-calamine parsing a whole sheet,
    which releases the GIL meanwhile), run on a thread of its own while this one calls ``tick`` first and then
    every ``poll`` seconds until it ends: a tick that raises (Cancelled) abandons the call, which runs on to its
    end unheard; else the call's result or its exception. Without a tick the call is simply made."""
    if tick is None:
        return call()
    tick()
    outcome: list[tuple[bool, object]] = []
    done = threading.Event()

    def run() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as exc:  # noqa: BLE001 - raised again on the waiting thread
            outcome.append((False, exc))
        finally:
            done.set()

    threading.Thread(target=run, name="waited-for call", daemon=True).start()
    while not done.wait(poll):
        tick()
    ok, value = outcome[0]
    if not ok:
        raise value  # type: ignore[misc]
    return value  # type: ignore[return-value]


def cancellable(call: Callable[[], T], cancel: CancelToken | None, poll: float = 0.05) -> T:
    """``waiting`` with ``cancel`` polled: Cancelled as soon as the token is set."""
    return waiting(call, None if cancel is None else cancel.check, poll)

