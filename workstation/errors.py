"""User-facing failures: every refusal an officer can act on is a WorkstationError with a clear message."""

from __future__ import annotations

import re


class WorkstationError(Exception):
    """A failure caused by input or state, with a message that names the file, row or field and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(WorkstationError):
    """An option given a value outside its fixed list of allowed values (a sector, a status, an import profile):
    the command line's usage error, exit 2, with the allowed values named in the message."""


class DatabaseError(WorkstationError):
    """The database file cannot be used (not SQLite, corrupt, locked, or from a newer version)."""


class DiskFull(DatabaseError):
    """The disk holding the database filled up during a change, which was rolled back; ``path`` is the database
    file."""

    def __init__(self, message: str, path):
        super().__init__(message)
        self.path = path

    def not_imported(self, file: str, done: list[str] | tuple = ()) -> DiskFull:
        """The same failure said of an import: ``file`` was not imported, the files of ``done`` stay imported."""
        from workstation.i18n import _

        if done:
            message = _("{file} was not imported: the disk holding {path} is full. Free some space on that disk, "
                        "then import it again; the files imported before it ({files}) stay imported.").format(
                file=file, path=self.path, files="、".join(done))
        else:
            message = _("{file} was not imported: the disk holding {path} is full. Free some space on that disk, "
                        "then import it again.").format(file=file, path=self.path)
        return DiskFull(message, self.path)


class ValidationError(WorkstationError):
    """One or more fields are invalid; ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, str]):
        from workstation.i18n import _

        self.errors = dict(errors)
        super().__init__(join_reasons(_("{field}: {message}").format(field=field, message=msg)
                                      for field, msg in self.errors.items()))


# the full stops a reason may end with, dropped before the separator that joins it to the next one
_STOPS = ("。", ".", "；", ";")


def join_reasons(reasons) -> str:
    """Several reasons as one line, the way the user's language joins clauses: "A；B；C。" in Chinese ("A; B; C."
    in English). Each reason's own full stop is dropped before the separator (never "。；"), the last one's kept;
    a line break inside a reason becomes a space, so that a refusal stays one line."""
    from workstation.i18n import _

    items = [" ".join(str(reason).split()) for reason in reasons]
    items = [item[:-1] if item.endswith(_STOPS) and n < len(items) - 1 else item for n, item in enumerate(items)]
    return _("; ").join(items)


def join_sentences(sentences) -> str:
    """Whole sentences as one text: after a Chinese full stop the next follows directly ("…。…。"), after any
    other ending with a space, as English writes them."""
    text = ""
    for sentence in sentences:
        sentence = " ".join(str(sentence).split())
        if text and sentence:
            text += "" if text.endswith(("。", "！", "？", "；")) else " "
        text += sentence
    return text


#: the text-direction controls (Arabic letter mark, LRM/RLM, embeddings, overrides, isolates) as a regular
#: expression's class: with one, a text quoted or shown shows a telephone number or a name reversed. Messages show
#: them escaped (``visibly``), stored texts leave them out (``importing.tables.UNSAFE_TEXT``)
DIRECTION_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: what a message shows escaped: the control characters but tab and line break (an ESC sequence quoted from a file
#: would recolour, move or clear the officer's terminal; a carriage return would write over the start of the line)
#: and the text-direction controls (a U+202E quoted from a file shows the rest of the line reversed)
_UNSHOWABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{DIRECTION_CONTROLS}]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visibly(text: str) -> str:
    """``text`` with its control characters (but tab and line break) and text-direction controls written as their
    escapes (ESC as ``\\x1b``, U+202E as ``\\u202e``): a message quoting a file's content shown as it is, its
    hidden characters seen and named, not acted on by the terminal or the text layout."""
    return _UNSHOWABLE.sub(_escape, text) if _UNSHOWABLE.search(text) else text


#: a character Python holds for a byte that was not UTF-8 (a surrogate): a file name from an archive made on Windows,
#: a value the terminal sent in another encoding
_NOT_UTF8 = re.compile("[\ud800-\udfff]")


def undecodable(text: str) -> bool:
    """Whether ``text`` holds bytes that were not UTF-8 (Python keeps them as surrogates): it cannot be written to the
    database, a file or the screen as it is."""
    return _NOT_UTF8.search(text) is not None


def shown_undecodable(text: str) -> str:
    """``text`` as a message can show it: each byte that was not UTF-8 shown as \ufffd."""
    return _NOT_UTF8.sub("\ufffd", text)


def undecodable_name() -> str:
    """Why a file whose name is not UTF-8 is refused, and what to do: the command line says it of any option naming
    such a file (``cli._undecodable_option``)."""
    from workstation.i18n import _

    return _("the file's name is not UTF-8 (as archives made on Windows often give): rename it and try again.")


def undecodable_text() -> str:
    """Why a value the terminal passed in bytes that are not UTF-8 (held as surrogates) is refused, and what to do:
    said of the option holding it (``cli._search_checked``, and any option whose value reached the database)."""
    from workstation.i18n import _

    return _("the text is not UTF-8 (the terminal sent other bytes): type it again in a terminal set to UTF-8.")


class TransitionRefused(WorkstationError):
    """A procedure transition is not allowed in the case's state or its legal conditions are not met."""


class ImportRefused(WorkstationError):
    """A file could not be imported; ``errors`` lists every bad row as {row, field, message}."""

    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.errors = list(errors or [])


class NotFound(WorkstationError):
    """A record named by the user does not exist."""


class Cancelled(WorkstationError):
    """Long work was cancelled by the user; everything it wrote was rolled back."""


#: the most characters of a value or a file's name a refusal quotes (``shortened``): a name pasted whole, a value of
#: 10,000 characters, is not repeated whole on one line
QUOTED_LENGTH = 80


def shortened(text: str, limit: int = QUOTED_LENGTH) -> str:
    """``text`` as a refusal quotes it: its first ``limit`` characters and "…" when it is longer."""
    text = str(text)
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def shortened_path(path, limit: int = QUOTED_LENGTH) -> str:
    """A file's path as a refusal quotes it, shortened in the middle when longer than ``limit`` characters: the
    start of its folders, "…", and its last part — the file's name the officer needs to know which file is meant —
    whole, or, itself longer than ``limit``, its start and its end (the extension). A text without a folder
    (a value, a backup's id) is ``shortened``."""
    text = str(path)
    if len(text) <= limit:
        return text
    cut = max(text.rfind("/"), text.rfind("\\"))
    if cut < 0:
        return shortened(text, limit)
    name = text[cut:]  # with its separator
    if len(name) > limit:
        end = max(limit // 4, 1)
        name = name[:limit - end] + "…" + name[-end:]
    return text[:max(limit - len(name), limit // 4)] + "…" + name


def name_too_long(exc: BaseException) -> bool:
    """Whether ``exc`` says a file's name (or a part of its path) is longer than the system takes: 255 bytes, some
    85 Chinese characters."""
    import errno

    return isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG


def os_reason(exc: BaseException) -> str:
    """Why a file operation failed, in the user's language: the C library's ``strerror`` is English whatever the
    language, and a message box should not switch to it in mid-sentence. Other failures give their own text."""
    import errno

    from workstation.i18n import _

    if in_use_by_another(exc, strict=True):  # Windows' sharing violation: its errno says only EACCES
        return _("it is in use by another program")
    number = getattr(exc, "errno", None)
    reasons = {
        errno.ENOENT: _("there is no such file or folder"),
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("permission denied"),
        errno.ENOSPC: _("the disk is full"),
        errno.EDQUOT: _("the disk quota is used up"),
        errno.EROFS: _("the disk is read-only"),
        errno.EISDIR: _("it is a folder"),
        errno.ENOTDIR: _("a part of the path is not a folder"),
        errno.EEXIST: _("it exists already"),
        errno.EBUSY: _("it is in use by another program"),
        errno.ETXTBSY: _("it is in use by another program"),
        errno.EIO: _("the disk reported an input/output error"),
        errno.ENAMETOOLONG: _("the name is too long"),
        errno.EMFILE: _("too many files are open"),
        errno.ENFILE: _("too many files are open"),
        errno.ENOTEMPTY: _("the folder is not empty"),
        errno.EXDEV: _("it is on another disk"),
        errno.EFBIG: _("the file is too large for that disk"),
    }
    if number in reasons:
        return reasons[number]
    return getattr(exc, "strerror", None) or str(exc)


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the disk quota) is full: ENOSPC or EDQUOT, or SQLite's SQLITE_FULL."""
    import errno

    if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc).lower()
    return type(exc).__module__.startswith(("sqlite3", "sqlcipher3")) and "disk" in text and "full" in text


#: Windows' errors of a file another program holds open (ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION)
IN_USE_WINERRORS = (32, 33)


def in_use_by_another(exc: BaseException, *, strict: bool = False) -> bool:
    """Whether ``exc`` may say that the file written is open in another program: Windows' sharing or lock
    violation, or (but with ``strict``) a permission denied or a busy file replacing a file that exists — Windows
    refuses to replace a file WPS or a PDF reader holds open with "access denied"."""
    import errno
    import os

    if getattr(exc, "winerror", None) in IN_USE_WINERRORS:
        return True
    if strict or getattr(exc, "errno", None) not in (errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY):
        return False
    target = getattr(exc, "filename2", None) or getattr(exc, "filename", None)  # a rename's target, else the file
    return bool(target) and os.path.isfile(target)


def with_advice(message: str, exc: BaseException, folder, *, elsewhere: bool = False) -> str:
    """``message`` (why a file could not be written), followed by what to do when ``exc`` says the disk is full:
    free space on the disk holding ``folder`` (or, with ``elsewhere``, choose another folder); with ``elsewhere``
    (a path the officer chose), also when the path is a folder or the file too large for the disk; when the
    file may be open in another program (``in_use_by_another``), to close it there; and when writing there is not
    permitted, to choose another folder (``elsewhere``) or to be let write in ``folder``; and when the disk is
    read-only, to choose another disk (``elsewhere``) or to move the data folder to one that can be written."""
    import errno

    from workstation.i18n import _

    if in_use_by_another(exc):
        advice = _("It may be open in another program, such as WPS or a PDF reader: close it there, then try again.")
        return _("{message}. {advice}").format(message=message, advice=advice)

    if getattr(exc, "errno", None) == errno.EISDIR and elsewhere:  # the officer's path names a folder
        advice = _("Give the name of the file to write, not that of a folder, then try again.")
        return _("{message}. {advice}").format(message=message, advice=advice)
    if getattr(exc, "errno", None) in (errno.EACCES, errno.EPERM):  # not allowed to write there (not a file open)
        advice = _("You may not write in that folder: choose another folder, such as your Documents folder, then try "
                   "again.") if elsewhere else _("Ask whoever looks after this computer to let you write in {folder}, "
                                                 "then try again.").format(folder=folder)
        return _("{message}. {advice}").format(message=message, advice=advice)
    if getattr(exc, "errno", None) == errno.EROFS:  # a write-protected stick, a CD, a share mounted read-only
        advice = _("The disk is read-only: choose a folder on another disk, then try again.") if elsewhere else \
            _("The disk holding {folder} is read-only (a write-protected USB stick, a CD, a network folder shared "
              "read-only): move the data folder to a disk you can write to, or make that disk writable, then try "
              "again.").format(folder=folder)
        return _("{message}. {advice}").format(message=message, advice=advice)
    if getattr(exc, "errno", None) == errno.EFBIG and elsewhere:  # a FAT32 stick: free space would not help
        advice = _("Choose a folder on another disk (a USB stick formatted as FAT32 takes no file of 4 GB or more), "
                   "then try again.")
        return _("{message}. {advice}").format(message=message, advice=advice)
    if not disk_full(exc):
        return message
    if elsewhere:
        advice = _("Free some space on the disk holding {folder}, or choose another folder, then try again.")
    else:
        advice = _("Free some space on the disk holding {folder}, then try again.")
    return _("{message}. {advice}").format(message=message, advice=advice.format(folder=folder))
