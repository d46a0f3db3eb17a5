"""Python's cyclic garbage collector held off while a background task holds hundreds of thousands of records.

A full collection walks every container alive with the interpreter lock held: with the 270,000 records of a
bundle of 100,000 cases in memory each one took a fifth of a second and more, and one came every few seconds
while the bundle was read or written, so the window (whose thread waits for that lock) froze as often. The
records are plain dicts and lists that reference counting frees as soon as the task lets them go; the
collector runs again as before once the last such task ends.

The window's start holds it too, from before its imports until its first paint (``hold_until_started`` and
``started``): a start makes some 35,000 objects that mostly live as long as the window (Qt's bindings, the
modules, the widgets) and a few hundred that are garbage, yet the collector ran some forty times on the way to
the first paint (~8 ms in all, an eighth of what the workstation adds to an empty window's start); once, after
the paint, is enough."""

from __future__ import annotations

import contextlib
import gc
import threading

_lock = threading.Lock()
_holding = 0  # tasks inside ``collections_held`` now
_was_enabled = False  # whether automatic collection was on when the first of them began


@contextlib.contextmanager
def collections_held():
    """No automatic garbage collection inside (nested or in several threads: it resumes when the last one
    leaves, and only if it was on when the first one came in)."""
    global _holding, _was_enabled
    with _lock:
        if _holding == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holding += 1
    try:
        yield
    finally:
        with _lock:
            _holding -= 1
            if _holding == 0 and _was_enabled:
                gc.enable()


_start_hold: contextlib.ExitStack | None = None  # the start's ``collections_held`` (``hold_until_started``)


def hold_until_started() -> None:
    """No automatic garbage collection from now until ``started`` (the window's first paint, or the end of a
    start that shows no window): ``collections_held`` entered here and left there. Called again meanwhile:
    nothing more."""
    global _start_hold
    if _start_hold is None:
        hold = contextlib.ExitStack()
        hold.enter_context(collections_held())
        _start_hold = hold


def started() -> None:
    """End the hold of ``hold_until_started``: collection resumes unless a task still holds it (nothing when
    no start is held)."""
    global _start_hold
    hold, _start_hold = _start_hold, None
    if hold is not None:
        hold.close()
