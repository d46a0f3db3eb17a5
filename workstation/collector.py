"""Python's cyclic garbage collector held off while a background task holds hundreds of thousands of records.

A full collection walks every container alive with the interpreter lock held: with the 270,000 records of a
bundle of 100,000 cases in memory each one took a fifth of a second and more, and one came every few seconds
while the bundle was read or written, so the window (whose thread waits for that lock) froze as often. The
records are plain dicts and lists that reference counting frees as soon as the task lets them go; the
collector runs again as before once the last such task ends."""

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
