"""Logging to ``<data dir>/logs/workstation.log`` (rotated). Log lines carry events, counts and ids, never
names, phone or ID numbers or free text from cases. ``PersonalDataFilter`` is the safety net on the file: it
masks every phone and ID number and every run of 11 or more digits, and withholds Chinese text (names,
addresses and complaint text are written in it; the log's own messages are English), in the message, its
arguments, a logged exception and a stack."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from workstation.paths import logs_dir

LOGGER = logging.getLogger("workstation")
# until a data directory is known, records go nowhere (never to stderr as bare tracebacks)
LOGGER.addHandler(logging.NullHandler())

LONG_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d{11,}(?![0-9A-Za-z])")
# CJK ideographs and punctuation, full-width forms: the text of names, addresses, complaints and facts; the rare
# ideographs of names (𠮷: Extensions B–H, as ``store.agencies.HAN``) too
CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U000323af]+")
WITHHELD = "[withheld]"


def scrub(text: str) -> str:
    """``text`` as the log may keep it: phone and ID numbers masked, long digit runs masked but for their last
    four digits, Chinese text replaced by its length (``[zh:3]``)."""
    if not text:
        return text
    from workstation.masking import mask_text

    try:
        text = mask_text(text)
    except Exception:  # noqa: BLE001 - the safety net must never fail a log call; the cruder masks below remain
        pass
    text = LONG_DIGITS.sub(lambda m: "*" * (len(m.group()) - 4) + m.group()[-4:], text)
    return CJK_RUN.sub(lambda m: f"[zh:{len(m.group())}]", text)


class PersonalDataFilter(logging.Filter):
    """Scrubs each record before a handler writes it: the formatted message (arguments merged in), the
    formatted exception and the stack; a record that cannot be formatted is kept as its event name only."""

    def __init__(self, formatter: logging.Formatter | None = None):
        super().__init__()
        self.formatter = formatter or logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = scrub(record.getMessage())
        except Exception:  # noqa: BLE001 - a bad format string must not put its arguments in the file
            message = WITHHELD
        record.msg, record.args = message, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def _not_written(_record: logging.LogRecord) -> None:
    """A record the log file refused (a disk turned full or read only, a rotation that failed) is lost, silently:
    never Python's "--- Logging error ---" and traceback on the command line's stderr beside the command's own
    one-line reason — the full disk is said there, and in the window, by what it refused."""


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
    handler.handleError = _not_written
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    handler.setFormatter(formatter)
    handler.addFilter(PersonalDataFilter(formatter))
    for old in [h for h in LOGGER.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        LOGGER.removeHandler(old)
        old.close()
    LOGGER.addHandler(handler)
    LOGGER.setLevel(level)
    return path
