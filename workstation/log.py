"""Logging to ``<data dir>/logs/workstation.log`` (rotated). Log lines carry events, counts and ids, never
names, phone or ID numbers or free text from cases. ``PersonalDataFilter`` is the safety net on the file: it
masks every phone and ID number and every run of 11 or more digits (with an ID number's closing X), and withholds Chinese text (names,
addresses and complaint text are written in it; the log's own messages are English), in the message, its
arguments, a logged exception and a stack. Each line bears its time in Beijing time with its zone
(``2026-12-08T00:29:44.123+08:00``, ``BeijingFormatter``), as the audit log and the documents do, whatever the
laptop's zone."""

from __future__ import annotations

import copy
import datetime as dt
import logging
import os
import re
import time
from pathlib import Path

from workstation.paths import logs_dir
from workstation.records import SHANGHAI

LOGGER = logging.getLogger("workstation")
# until a data directory is known, records go nowhere (never to stderr as bare tracebacks)
LOGGER.addHandler(logging.NullHandler())

# an ID number's check character X included: one mistyped (a 13th month) is no ID to ``mask_text`` but still one
LONG_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d{11,}[Xx]?(?![0-9A-Za-z])")
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


def beijing_time(seconds: float | None = None) -> time.struct_time:
    """``seconds`` since the epoch (default now) as Beijing time (UTC+8, ``records.SHANGHAI``), whatever the
    laptop's zone: a log formatter's ``converter``."""
    return dt.datetime.fromtimestamp(time.time() if seconds is None else seconds, SHANGHAI).timetuple()


class BeijingFormatter(logging.Formatter):
    """A log line's time in Beijing time, ISO with its milliseconds and zone (``2026-12-08T00:29:44.123+08:00``):
    the time the audit log (``records.now``) and the documents give the same moment, never the laptop's clock
    (on a laptop set to UTC, 8 hours behind)."""

    converter = staticmethod(beijing_time)
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03d+08:00"


def _not_written(_record: logging.LogRecord) -> None:
    """A record the log file refused (a disk turned full or read only, a rotation that failed) is lost, silently:
    never Python's "--- Logging error ---" and traceback on the command line's stderr beside the command's own
    one-line reason — the full disk is said there, and in the window, by what it refused."""


def _file_handler(path: Path) -> logging.Handler | None:
    """The rotating log file at ``path`` (its folder made), None when it cannot be written."""
    import logging.handlers

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.handleError = _not_written
    formatter = BeijingFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    handler.setFormatter(formatter)
    handler.addFilter(PersonalDataFilter(formatter))
    return handler


def _refused_as_lost(data_dir: Path) -> bool:
    """Whether ``data_dir`` is refused as lost data (``lost_data_found``): a command creating data there is refused,
    a restore brings the database back."""
    from workstation.db.connection import lost_data_found
    from workstation.paths import database_path

    try:
        return bool(lost_data_found(database_path(data_dir)))
    except OSError:
        return False


class _HeldUntilDatabase(logging.Handler):
    """The log of a data directory refused as lost data (``_refused_as_lost``): its records are held here until a
    database is there (a restore brought it back), then written to the log file with the ones after them; none came
    (the command refused), none is written and no log file is made in the folder refused. A record is held as the
    file would have it: scrubbed (``PersonalDataFilter``), its exception kept as text only — its traceback's frames,
    and their locals (a passphrase typed), are not kept meanwhile. Records beyond ``HELD_AT_MOST`` are dropped,
    and their number written to the file after the ones held."""

    HELD_AT_MOST = 10_000

    def __init__(self, data_dir: Path, path: Path):
        super().__init__()
        # named as the file, by its full path as a RotatingFileHandler is (``cli_new_data._close_log_in``)
        self.data_dir, self.baseFilename = Path(data_dir), os.path.abspath(path)
        self.held: list[logging.LogRecord] = []
        self.dropped = 0
        self.target: logging.Handler | None = None
        self.scrubbing = PersonalDataFilter(self.formatter)

    def _database_there(self) -> bool:
        from workstation.db.connection import holds_no_database
        from workstation.paths import database_path

        try:
            return not holds_no_database(database_path(self.data_dir))
        except OSError:
            return False

    def _open(self) -> bool:
        if self.target is None and self._database_there():
            self.target = _file_handler(Path(self.baseFilename))
            held, self.held = self.held, []
            dropped, self.dropped = self.dropped, 0
            if self.target is not None:
                for record in held:
                    self.target.handle(record)
                if dropped:
                    self.target.handle(LOGGER.makeRecord(
                        LOGGER.name, logging.WARNING, __file__, 0, "%d log records not kept (at most %d are held "
                        "while the data directory has no database)", (dropped, self.HELD_AT_MOST), None))
        return self.target is not None

    def emit(self, record: logging.LogRecord) -> None:
        if self._open():
            self.target.handle(record)
        elif len(self.held) < self.HELD_AT_MOST:
            record = copy.copy(record)  # the other handlers' record left as it is
            self.scrubbing.filter(record)  # its message and exception frozen as text, scrubbed
            record.exc_info = None  # the traceback's frames freed
            self.held.append(record)
        else:
            self.dropped += 1

    def close(self) -> None:
        self._open()
        self.held = []
        if self.target is not None:
            self.target.close()
        super().close()


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Send the workstation's log to a rotating file in the data directory; returns its path (None if the
    directory cannot be written, in which case logging stays off rather than failing the command). In a data
    directory refused as lost data the file is made only once a database is there (``_HeldUntilDatabase``)."""
    import logging.handlers

    path = logs_dir(data_dir) / "workstation.log"
    if _refused_as_lost(data_dir):
        handler = _HeldUntilDatabase(data_dir, path)
    else:
        handler = _file_handler(path)
        if handler is None:
            return None
    for old in [h for h in LOGGER.handlers if isinstance(h, logging.handlers.RotatingFileHandler | _HeldUntilDatabase)]:
        LOGGER.removeHandler(old)
        old.close()
    LOGGER.addHandler(handler)
    LOGGER.setLevel(level)
    return path
