"""Logging to ``<data dir>/logs/workstation.log`` (rotated). Log lines carry events, counts and ids, never
names, phone or ID numbers or free text from cases."""

from __future__ import annotations

import logging
from pathlib import Path

from workstation.paths import logs_dir

LOGGER = logging.getLogger("workstation")
# until a data directory is known, records go nowhere (never to stderr as bare tracebacks)
LOGGER.addHandler(logging.NullHandler())


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Send the workstation's log to a rotating file in the data directory; returns its path (None if the
    directory cannot be written, in which case logging stays off rather than failing the command)."""
    import logging.handlers

    path = logs_dir(data_dir) / "workstation.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    for old in [h for h in LOGGER.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        LOGGER.removeHandler(old)
        old.close()
    LOGGER.addHandler(handler)
    LOGGER.setLevel(level)
    return path
