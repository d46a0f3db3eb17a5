"""Parsing ahead, off the window's thread, the data the first case opened reads: the sixty-odd document forms (its
documents section lists them, with what the case refuses of each) and the legal data (its legal assessment). The
window starts this once its first screen has painted (``ui.main_window``), so that the first case it opens no
longer parses them on the window's thread (about 0.3–0.4 s of the first opening's 0.4–0.7 s).

The thread only reads and parses files into the caches every later caller takes them from
(``formkit.spec.load_forms``, ``law.data.load``, ``law.catalogue.norms``), each guarded so that a caller asking
while the background parses waits for that parse instead of doing it again. The modules it needs are imported
here, by whoever imports this module (the window's thread), not by the thread: two threads importing the same
modules in a circle could each be handed a module half made. A broken form or legal data file is not reported
here: the window names it where it is used, as before."""

from __future__ import annotations

import logging
import threading

from workstation import clocks  # noqa: F401 - imported by form checks (``spec``) that the thread runs
from workstation.formkit.spec import load_forms
from workstation.law import catalogue
from workstation.law import data as law_data

LOG = logging.getLogger("workstation.warmup")
#: the legal data files a case's workspace reads (resources/law)
LAW_FILES = ("catalogue", "clocks", "criminal", "discretion", "thresholds")

_STARTING = threading.Lock()
_started: threading.Thread | None = None


def warm_case_data() -> None:
    """Parse the forms and the legal data into their caches now (errors left to the window's own readers)."""
    try:
        load_forms()
        for name in LAW_FILES:
            law_data.load(name)
        catalogue.norms()
    except Exception as exc:  # noqa: BLE001 - the window says what is wrong where it reads the file itself
        LOG.warning("data not parsed ahead: %s", type(exc).__name__)


def start_warming() -> threading.Thread | None:
    """Start ``warm_case_data`` on a daemon thread, once per process; the thread, or None when it was started
    before (a second window, a window started again after a restore)."""
    global _started
    with _STARTING:
        if _started is not None:
            return None
        _started = threading.Thread(target=warm_case_data, name="warm-case-data", daemon=True)
        _started.start()
        return _started
