"""The keyring of a data directory: whether its database and files are encrypted, and the database key wrapped
once per officer by a key derived from that officer's passphrase.

The database key is 32 random bytes. Each officer's entry holds an Argon2id salt and cost (64 MiB, 3 passes,
4 lanes by default: about 0.2 s here), and the database key sealed with AES-256-GCM under the derived key, so a
wrong passphrase fails to open the seal and nothing else. Changing a passphrase re-seals one entry; the data is
never re-encrypted, and neither withdrawing nor changing a passphrase changes the database key: a backup made before
still opens with the passphrase of its day, and the key it gives opens later backups too (``withdrawn_message`` says
so). A passphrase suspended (its officer left) opens nothing here, nor a backup made while it was suspended.
Failed attempts are counted in the keyring and make the next attempt wait longer.

A change of the passphrases (one given, changed or withdrawn) is noted in the keyring in the same write, for the
audit log (``note_change``): until the log has it the note stays, so a program killed between the two never leaves
a change the log does not show (``events.record_changes`` writes it at the next opening).

Two programs may change the keyring at once (two copies of the workstation, or a command run beside the window):
each change takes ``keyring.lock`` and reads the keyring again under it, so one never writes over the other's
change nor its half-written file (``workstation.shared_file``).

``keyring.json`` lives beside the database; without it (a data directory of an earlier version) the database is
plaintext, which the window offers to encrypt."""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path

from workstation.data_folder import on_read_only_disk
from workstation.errors import WorkstationError, join_sentences, os_reason
from workstation.i18n import _
from workstation.records import short_time
from workstation.shared_file import exclusive, write_whole

KEYRING_NAME = "keyring.json"
LOCK_NAME = "keyring.lock"
VERSION = 1
DEFAULT_COST = {"memory_kib": 65536, "iterations": 3, "lanes": 4}
MIN_PASSPHRASE = 8
FREE_TRIES = 3  # wrong passphrases in a row before each further try waits
MAX_WAIT = 300  # seconds
PLAINTEXT_ENV = "WORKSTATION_PLAINTEXT"


#: the name of the passphrase the data was made with before any officer was named (``init`` from the command line
#: without ``--officer``): shown as the workstation's passphrase — never as the computer's account, which is no
#: officer — until an officer of the register takes it over (``take_over``)
STATION_ENTRY = "*workstation*"


def shown_name(name: str) -> str:
    """How a keyring entry's name is shown: the officer's name, or what stands for the workstation's passphrase."""
    return _("the workstation's passphrase (no officer yet)") if name == STATION_ENTRY else name


def entry_named(data_dir: Path, typed: str) -> str | None:
    """The keyring entry of ``data_dir`` that ``typed`` names: an officer's name, or the workstation's passphrase by
    the name it is shown (``shown_name``, in full or short) as well as by its key; None when it names no entry."""
    names = officers(data_dir)
    typed = (typed or "").strip()
    if typed in names:
        return typed
    if STATION_ENTRY in names and typed.casefold() in {
            shown_name(STATION_ENTRY).casefold(), _("the workstation's passphrase").casefold()}:
        return STATION_ENTRY
    return None


def shown_names(data_dir: Path) -> str:
    """The entries that have a passphrase in ``data_dir``, as they are shown (``shown_name``), for a message."""
    return "、".join(map(shown_name, officers(data_dir)))


class WrongPassphrase(WorkstationError):
    """The passphrase does not open the keyring (its message says how long to wait before the next try).
    ``counted``: whether it was counted as a wrong try (not an empty one, one made while the tries wait, nor one on
    a read-only disk, where the count cannot be kept)."""

    def __init__(self, message: str, counted: bool = False):
        super().__init__(message)
        self.counted = counted


class OffDuty(WrongPassphrase):
    """The officer named, or whose passphrase was given, left (deactivated in the officers' register): their
    passphrase opens nothing until they are taken back on duty. Not counted as a wrong passphrase: it is theirs.
    ``officer``: their name."""

    def __init__(self, message: str, officer: str = ""):
        super().__init__(message)
        self.officer = officer


class Locked(WorkstationError):
    """The data directory is encrypted and has not been unlocked in this process."""


class Damaged(WorkstationError):
    """keyring.json is there but damaged: cut off, emptied, not JSON, or of a version or shape this program never
    writes (not one a newer version wrote, nor one that cannot be read). Its message names the file and the way
    back (``damaged_message``)."""


def keyring_path(data_dir: Path) -> Path:
    return Path(data_dir) / KEYRING_NAME


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text)


def load(data_dir: Path) -> dict | None:
    """The keyring's content, or None when the data directory has none; refused (WorkstationError) when a newer
    version of the program wrote it (its ``version`` beyond ``VERSION``), or as damaged (``Damaged``) when its version
    or shape is not one this version writes."""
    path = keyring_path(data_dir)
    if path.exists() and not path.is_file():  # reading a pipe in its place would wait for ever
        raise WorkstationError(_("{path} is not a file but a folder, a pipe or a device: move it out of the data "
                                 "directory and restore the keyring from a backup of the data directory.").format(
            path=path))
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise WorkstationError(_("{path} cannot be read: {reason}").format(path=path, reason=os_reason(exc))) from None
    except UnicodeDecodeError:  # bytes changed: no longer the UTF-8 text it was written as
        text = ""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    if isinstance(data, dict) and _whole(data.get("version"), VERSION + 1, float("inf")):
        # refused before its shape is judged: a later version may write a keyring this one cannot read (as a newer
        # database is refused), and calling it damaged would send the officer to a backup for nothing
        raise WorkstationError(_("{path} was written by a newer version of the workstation: install that version (or "
                                 "a later one) to open this data directory.").format(path=path))
    if not isinstance(data, dict) or not _whole(data.get("version"), 1, VERSION) or \
            data.get("mode") not in ("encrypted", "plaintext") or (data["mode"] == "encrypted" and not _well_formed(data)):
        raise Damaged(damaged_words(path))
    return data


def damaged_words(path: Path) -> str:
    """What a damaged keyring.json at ``path`` gets from any command: the ways back (``damaged_message`` says more
    at the window's start)."""
    return _("{path} is damaged: restore it from a backup of the data directory (for encrypted data, `backup restore "
             "ID --keyring-only` puts back only the keyring and keeps the work done since the backup).").format(
        path=path)


def damaged(data_dir: Path) -> bool:
    """Whether ``data_dir`` has a keyring.json that is damaged (``Damaged``): not one that is missing, good, of a
    newer version, or that cannot be read now."""
    try:
        load(data_dir)
    except Damaged:
        return True
    except WorkstationError:
        return False
    return False


def damaged_message(data_dir: Path) -> str:
    """What the window's start says of a damaged keyring.json when it put nothing back (``ui.gate``): beside encrypted
    data, the way back that keeps the work done since the latest backup (``backup restore ID --keyring-only``, which
    keeps the damaged file aside), or, with no backup found, what to do instead; beside other data, ``load``'s
    refusal."""
    from workstation.backup import backup_folder, keyring_missing, latest_backup

    path = keyring_path(data_dir)
    if not keyring_missing(data_dir):  # beside no encrypted database (a damaged keyring counts as a missing one)
        return damaged_words(path)
    try:
        backup = latest_backup(data_dir)
    except (WorkstationError, OSError):
        backup = None
    if backup is None or not backup.get("encrypted"):
        try:
            folder = backup_folder(data_dir)
        except (WorkstationError, OSError):
            folder = Path(data_dir) / "backups"
        return _("{path} is damaged, and no backup of this data was found in {folder}: the encrypted data here cannot "
                 "be opened without its keyring. Leave the database and the damaged file where they are (deleting "
                 "them loses the data). Put keyring.json back from a copy of this data directory if there is one; "
                 "else plug in the drive that holds the backups (or choose their folder) and run `backup restore ID "
                 "--keyring-only`, with the passphrase an officer had when the backup was made.").format(
            path=path, folder=folder)
    return _("{path} is damaged, so the encrypted data here cannot be opened. The backup {id} (made {created}) carries "
             "the keyring as it was then: start the workstation again and accept putting it back, or run `backup "
             "restore {id} --keyring-only`. Either puts back only that keyring, after checking that it opens the "
             "database here, keeps the data with the work done since the backup, and keeps the damaged file aside as "
             "keyring.json.damaged-…. It needs the passphrase an officer had when the backup was made.").format(
        path=path, id=backup["id"], created=short_time(backup.get("created")))


#: the Argon2id cost an entry may name, inclusive: beyond it a damaged or altered keyring would have the program
#: ask for more memory or time than any workstation sets (the default is 64 MiB, 3 passes, 4 lanes)
COST_BOUNDS = {"memory_kib": (8, 4 << 20), "iterations": (1, 100), "lanes": (1, 64)}


def _whole(value, low: float, high: float) -> bool:
    return type(value) is int and low <= value <= high


def _sized(value, sizes) -> bool:
    """Whether ``value`` is base64 text of a number of bytes in ``sizes``."""
    import binascii

    if not isinstance(value, str) or not value.isascii():
        return False
    try:
        return len(base64.b64decode(value, validate=True)) in sizes
    except binascii.Error:
        return False


def well_formed_entry(entry) -> bool:
    """Whether a keyring entry (of a keyring here or one a backup carries) has the shape the program writes: an
    officer's name, its salt, nonce and seal as text, and an Argon2id cost within ``COST_BOUNDS``."""
    if not isinstance(entry, dict) or not isinstance(entry.get("officer"), str) or not entry["officer"]:
        return False
    if not all(_sized(entry.get(field), sizes) for field, sizes in (("salt", range(8, 1025)), ("nonce", (12,)),
                                                                       ("sealed", (48,)))):
        return False  # the salt, the AES-GCM nonce and the sealed key with its tag, as written
    cost = entry.get("cost")
    if not isinstance(cost, dict) or not all(_whole(cost.get(k), *COST_BOUNDS[k]) for k in COST_BOUNDS):
        return False
    return cost["memory_kib"] >= 8 * cost["lanes"] and isinstance(entry.get("off_duty", False), bool) and \
        isinstance(entry.get("sealed_as", "x"), str) and bool(entry.get("sealed_as", "x")) and \
        isinstance(entry.get(HOLDER, "x"), str) and bool(entry.get(HOLDER, "x"))


def _well_formed(data: dict) -> bool:
    """Whether an encrypted keyring has the shape the program writes (its entries, and its count of failures)."""
    entries = data.get("entries")
    if not isinstance(entries, list) or not entries or not all(well_formed_entry(e) for e in entries):
        return False
    if all(e.get("off_duty") for e in entries):
        return False  # the last passphrase that opens the data is never suspended (``_refuse_none_left``)
    if not _whole(data.get("failures", 0), 0, 1 << 31):
        return False
    last = data.get("last_failure", 0)
    if isinstance(last, bool) or not isinstance(last, int | float) or not 0 <= last < 1e12:
        return False
    return isinstance(data.get(UNAUDITED, []), list) and isinstance(data.get(CHANGES, []), list)


def exclusive_lock(data_dir: Path):
    """Hold the keyring's lock while reading, changing and writing it (waits for another program's change)."""
    return exclusive(Path(data_dir) / LOCK_NAME, keyring_path(data_dir))


def _save(data_dir: Path, data: dict) -> None:
    """Write the keyring whole or not at all; the caller holds ``exclusive_lock``."""
    write_whole(keyring_path(data_dir), json.dumps(data, ensure_ascii=False, indent=1))


def state(data_dir: Path) -> str:
    """'encrypted', 'plaintext' (chosen explicitly), or 'none' (no keyring: new, or from an earlier version)."""
    data = load(data_dir)
    return "none" if data is None else data["mode"]


def _derive(passphrase: str, salt: bytes, cost: dict) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    return Argon2id(salt=salt, length=32, iterations=int(cost["iterations"]), lanes=int(cost["lanes"]),
                    memory_cost=int(cost["memory_kib"])).derive(passphrase.encode("utf-8"))


#: the officer id (of the officers' register) of the officer an entry's passphrase was given to: written since
#: namesakes may both be on duty (two 王芳 of two bureaus), when the name alone does not tell whose it is. An entry of
#: an earlier version has none and goes by its name (``holder_id``); a version before this one reads an entry with it
#: as it reads any other (the field is not bound to the seal, which stays the name's).
HOLDER = "officer_id"


def _seal(key: bytes, officer: str, passphrase: str, cost: dict, holder: str | None = None) -> dict:
    import secrets

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from workstation.records import now

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_derive(passphrase, salt, cost)).encrypt(nonce, key, officer.encode("utf-8"))
    entry = {"officer": officer, "salt": _b64(salt), "cost": dict(cost), "nonce": _b64(nonce), "sealed": _b64(sealed),
             "created_at": now()}
    if holder:
        entry[HOLDER] = holder
    return entry


def holder_id(data_dir: Path, officer: str) -> str | None:
    """The officer id recorded as the holder of the passphrase of the name ``officer`` (``HOLDER``); None when it has
    none (given by an earlier version, or before the officer was in the register) or the name has no passphrase."""
    data = load(data_dir) or {}
    return next((e.get(HOLDER) for e in data.get("entries", []) if e.get("officer") == officer), None)


def _sealed_as(entry: dict) -> str:
    """The name ``entry``'s key was sealed under (bound to the seal): the officer's, or the name they had before the
    officers' register renamed them (``rename_officer``) until their passphrase is sealed again."""
    return entry.get("sealed_as") or entry["officer"]


def _open_seal(entry: dict, passphrase: str) -> bytes | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        derived = _derive(passphrase, _unb64(entry["salt"]), entry["cost"])
        return AESGCM(derived).decrypt(_unb64(entry["nonce"]), _unb64(entry["sealed"]), _sealed_as(entry).encode())
    except (InvalidTag, ValueError, KeyError, TypeError):
        return None


def check_passphrase(passphrase: str | None, field: str = "passphrase") -> str:
    """The passphrase if it is acceptable, else a ValidationError naming ``field``: at least ``MIN_PASSPHRASE``
    characters besides spaces (eight spaces and an x guard nothing). Only a new passphrase is checked: one given
    before this rule still opens the data, and can be changed."""
    from workstation.errors import ValidationError

    if not passphrase or not passphrase.strip():
        raise ValidationError({field: _("The passphrase is empty.")})
    if len("".join(passphrase.split())) < MIN_PASSPHRASE:
        raise ValidationError({field: _("The passphrase needs at least {n} characters, not counting spaces.").format(
            n=MIN_PASSPHRASE)})
    return passphrase


def create_encrypted(data_dir: Path, officer: str, passphrase: str, *, cost: dict | None = None,
                     key: bytes | None = None, holder: str | None = None) -> bytes:
    """Make an encrypted keyring with ``officer`` as its first entry; returns the (new, random) database key.
    ``holder``: their officer id, recorded with it (``HOLDER``) when the register tells who they are."""
    if load(data_dir) is not None:
        raise WorkstationError(_("This data directory already has a keyring."))
    check_passphrase(passphrase)
    officer = _officer_name(officer)
    if key is None:
        import secrets

        key = secrets.token_bytes(32)
    entry = _seal(key, officer, passphrase, cost or DEFAULT_COST, holder)
    with exclusive_lock(data_dir):
        if load(data_dir) is not None:  # made meanwhile by another program: its key is the data's
            raise WorkstationError(_("This data directory already has a keyring."))
        _save(data_dir, {"version": VERSION, "mode": "encrypted", "entries": [entry], "failures": 0,
                         "last_failure": 0})
    return key


def choose_plaintext(data_dir: Path) -> None:
    """Record the explicit choice to keep this data directory unencrypted."""
    from workstation.records import now

    with exclusive_lock(data_dir):
        data = load(data_dir)
        if data is not None and data["mode"] == "encrypted":
            raise WorkstationError(_("This data directory is encrypted; it cannot be switched to plaintext."))
        _save(data_dir, {"version": VERSION, "mode": "plaintext", "entries": [], "chosen_at": now()})


def _officer_name(officer: str) -> str:
    from workstation.errors import ValidationError

    officer = (officer or "").strip()
    if not officer:
        raise ValidationError({"officer": _("The officer's name is empty.")})
    return officer


def officers(data_dir: Path, *, on_duty: bool = False) -> list[str]:
    """The officers who have a passphrase here; with ``on_duty`` only those whose passphrase opens the data now (not
    those suspended because they left, see ``set_off_duty``)."""
    data = load(data_dir)
    return [e["officer"] for e in data.get("entries", []) if not (on_duty and e.get("off_duty"))] if data else []


def _refuse_none_left(entries: list[dict]) -> None:
    if not any(not e.get("off_duty") for e in entries):
        raise WorkstationError(_("This is the last passphrase that opens the data: without it nobody could open the "
                                 "data any more. Give another officer on duty a passphrase first."))


def off_duty_message(officer: str) -> str:
    return _("{name} left (deactivated in the officers' register): their passphrase no longer opens the data. An "
             "officer on duty can take them back on duty in Enforcement officers.").format(name=officer)


def suspended_in_backup_message(officer: str, file: str, *, restoring: bool = True) -> str:
    """Why the passphrase of ``officer``, suspended in the keyring the backup ``file`` carries (they had left when it
    was made), opens nothing in it; ``restoring``: the backup was being restored, else its keyring put back."""
    if restoring:
        return _("{name} had left when {file} was made: their passphrase was suspended then and opens nothing in it; "
                 "nothing was restored. Give the passphrase of an officer who was on duty then.").format(
            name=officer, file=file)
    return _("{name} had left when {file} was made: their passphrase was suspended then and opens nothing in it; "
             "nothing was changed. Give the passphrase of an officer who was on duty then.").format(
        name=officer, file=file)


def withdrawn_message(officer: str) -> str:
    """What withdrawing ``officer``'s passphrase did, and what it could not undo: the data key stays the same, so the
    backups made before still open with it, and the key taken out of one of them opens the later ones too."""
    return _("The passphrase of {name} was withdrawn: it no longer opens the data here. The data key stays the same, "
             "so the backups made before keep opening with it, and whoever holds one of them and this passphrase can "
             "take the key out of it — a key that opens the backups made from now on too. Keep the earlier backups "
             "where {name} cannot reach them.").format(name=shown_name(officer))


def withdrawal_question(officer: str) -> str:
    """The question asked before ``officer``'s passphrase is withdrawn (``withdrawn_message`` says why so)."""
    return _("Withdraw the passphrase of {name}? It will no longer open the data here; {name} can be given a new one "
             "while on duty. The backups made before keep opening with it, and the data key stays the same: keep "
             "those backups where {name} cannot reach them.").format(name=shown_name(officer))


def set_off_duty(data_dir: Path, officer: str, off_duty: bool, *, change: dict | None = None,
                 holder: str | None = None) -> bool:
    """Suspend the passphrase of ``officer``, who left (``off_duty``), or let it open the data again once they are back
    on duty; True when the keyring changed (False: no passphrase of theirs, or already so). Suspending the last
    passphrase that opens the data is refused. ``change``: the note of it for the audit log (``note_change``), written
    with it; ``holder``: the officer id recorded with it from now on (``HOLDER``: the officer who left, when the name
    alone did not tell whose it was)."""
    with exclusive_lock(data_dir):
        data = _encrypted_keyring(data_dir)
        entries = data["entries"]
        if not any(e["officer"] == officer and bool(e.get("off_duty")) != off_duty for e in entries):
            return False
        changed = []
        for entry in entries:
            entry = dict(entry)
            if entry["officer"] == officer:
                entry.pop("off_duty", None)
                if off_duty:
                    entry["off_duty"] = True
                if holder:
                    entry[HOLDER] = holder
            changed.append(entry)
        _refuse_none_left(changed)
        data["entries"] = changed
        _save(data_dir, _noted(data, change))
        return True


def rename_officer(data_dir: Path, officer: str, new_name: str, *, change: dict | None = None) -> bool:
    """Give ``officer``'s passphrase the name the officers' register now gives them (``new_name``), so that it keeps
    following the register (leaving withdraws or suspends it, the login and the lock offer it under that name); the
    same passphrase opens it. True when the keyring changed (False: no passphrase of theirs). A ValidationError under
    "name" when ``new_name`` has a passphrase here already. ``change``: the note of it for the audit log."""
    from workstation.errors import ValidationError

    new_name = _officer_name(new_name)
    with exclusive_lock(data_dir):
        data = _encrypted_keyring(data_dir)
        if new_name == officer or not any(e["officer"] == officer for e in data["entries"]):
            return False
        if any(e["officer"] == new_name for e in data["entries"]):
            raise ValidationError({"name": _("{name} already has a passphrase here: withdraw one of the two "
                                             "passphrases (File → Passphrases and security) before giving {old} "
                                             "this name.").format(name=new_name, old=officer)})
        renamed = []
        for entry in data["entries"]:
            if entry["officer"] == officer:
                entry = {**entry, "officer": new_name, "sealed_as": _sealed_as(entry)}
                if entry["sealed_as"] == new_name:  # renamed back to the name it was sealed under
                    entry.pop("sealed_as")
            renamed.append(entry)
        data["entries"] = renamed
        _save(data_dir, _noted(data, change))
        return True


def _wait_after(failures: int) -> int:
    """Seconds the next attempt waits after ``failures`` wrong passphrases in a row: none before ``FREE_TRIES`` of
    them, then 2, 4, 8 … up to 5 minutes."""
    return 0 if failures < FREE_TRIES else min(2 ** min(failures - FREE_TRIES + 1, MAX_WAIT.bit_length()), MAX_WAIT)


def failure_delay(data_dir: Path) -> float:
    """Seconds still to wait before the next attempt: 0 for the first three failures, then 2, 4, 8 … up to 5 min."""
    data = load(data_dir) or {}
    wait = _wait_after(int(data.get("failures", 0)))
    if not wait:
        return 0.0
    # a failure recorded while the clock ran ahead (a wrong date set, then corrected) counts as made now: never
    # more than the wait itself, or everyone would be locked out until the clock caught up
    return min(float(wait), max(0.0, float(data.get("last_failure", 0)) + wait - time.time()))


def wrong_passphrase_message(failures: int) -> str:
    """What a wrong passphrase answers after ``failures`` wrong ones in a row: that nothing was opened, and how
    many tries are left before the next one must wait, or how long it waits — nothing about the keyring itself."""
    left = FREE_TRIES - failures
    if left >= 2:
        return _("Wrong passphrase; nothing was opened or changed. {n} more tries are left before the next one "
                 "must wait.").format(n=left)
    if left == 1:
        return _("Wrong passphrase; nothing was opened or changed. One more try is left before the next one must "
                 "wait.")
    return _("Wrong passphrase; nothing was opened or changed. The next try must wait {seconds} seconds.").format(
        seconds=_wait_after(failures))


def _encrypted_keyring(data_dir: Path) -> dict:
    data = load(data_dir)
    if data is None or data["mode"] != "encrypted":
        raise WorkstationError(_("This data directory is not encrypted."))
    return data


def _record_failure(data_dir: Path, officer: str | None = None) -> int:
    """Count one more wrong passphrase; returns how many there have been in a row. Each is also kept (when, and
    the officer chosen) until the audit log of the database takes it (``unaudited_failures``); not called on a
    read-only disk, where the count cannot be kept (``unlock``)."""
    with exclusive_lock(data_dir):
        data = _encrypted_keyring(data_dir)
        data["failures"] = int(data.get("failures", 0)) + 1
        data["last_failure"] = time.time()
        from workstation.records import now

        _save(data_dir, _with_pending(data, UNAUDITED, {"at": now(), "officer": officer or ""}))
        return data["failures"]


UNAUDITED = "unaudited_failures"
MAX_UNAUDITED = 500  # the latest kept when the database is not opened for a long time


def unaudited_failures(data_dir: Path) -> list[dict]:
    """The wrong passphrases not yet written into the audit log, oldest first: {"at", "officer"} each ("officer":
    the one chosen for the try, "" when none was)."""
    return _pending(data_dir, UNAUDITED, lambda _failure: True)


def forget_unaudited_failures(data_dir: Path, count: int) -> None:
    """Forget the first ``count`` wrong passphrases kept: the audit log has them now (a try made meanwhile stays)."""
    if count > 0:
        _forget_pending(data_dir, UNAUDITED, lambda kept: kept[count:])


# What the audit log does not have yet is kept in the keyring under UNAUDITED (wrong passphrases, which happen before
# the database can be opened) and CHANGES (``note_change``), each the latest MAX_UNAUDITED, until the log takes it.
def _with_pending(data: dict, name: str, entry: dict) -> dict:
    """``data`` with ``entry`` added to its list ``name`` of what the audit log does not have yet (the latest kept)."""
    data[name] = [*list(data.get(name, []))[-(MAX_UNAUDITED - 1):], entry]
    return data


def _pending(data_dir: Path, name: str, shaped) -> list[dict]:
    """The entries of the keyring's list ``name`` that the audit log does not have yet, oldest first: those of the
    shape ``shaped`` accepts (none when the data is not encrypted)."""
    data = load(data_dir) or {}
    if data.get("mode") != "encrypted":
        return []
    return [e for e in data.get(name, []) if isinstance(e, dict) and shaped(e)]


def _forget_pending(data_dir: Path, name: str, left) -> None:
    """Keep of the keyring's list ``name`` what ``left`` gives of it (the audit log has the rest now; one kept
    meanwhile by another program stays); nothing on a read-only disk."""
    if on_read_only_disk(data_dir):
        return
    with exclusive_lock(data_dir):
        data = _encrypted_keyring(data_dir)
        kept = left(list(data.get(name, [])))
        if kept:
            data[name] = kept
        else:
            data.pop(name, None)
        _save(data_dir, data)


def _clear_failures(data_dir: Path) -> None:
    if on_read_only_disk(data_dir):
        return  # nothing can be written there: the count stays as it was
    with exclusive_lock(data_dir):
        data = _encrypted_keyring(data_dir)
        if data.get("failures"):
            data["failures"], data["last_failure"] = 0, 0
            _save(data_dir, data)


def unlock(data_dir: Path, passphrase: str | None, officer: str | None = None) -> tuple[str, bytes]:
    """The officer whose passphrase it is and the database key; WrongPassphrase (counted) when it opens nothing."""
    data = _encrypted_keyring(data_dir)
    wait = failure_delay(data_dir)
    if wait > 0:
        raise WrongPassphrase(_("Too many wrong passphrases: try again in {seconds} seconds.").format(
            seconds=int(wait) + 1))
    if officer and any(e["officer"] == officer for e in data["entries"]) and all(
            e.get("off_duty") for e in data["entries"] if e["officer"] == officer):
        raise OffDuty(off_duty_message(officer), officer)
    if not passphrase:
        raise WrongPassphrase(_("The passphrase is empty."))
    for entry in data["entries"]:
        if (officer and entry["officer"] != officer) or entry.get("off_duty"):
            continue
        key = _open_seal(entry, passphrase)
        if key is not None:
            if data.get("failures"):
                _clear_failures(data_dir)
            return entry["officer"], key
    gone = None if officer else _suspended_owner(data["entries"], passphrase)
    if gone is not None:  # given without a name (a command): theirs, suspended; no wrong try
        raise OffDuty(off_duty_message(shown_name(gone)), gone)
    if on_read_only_disk(data_dir):  # nothing counted, so no tries left nor wait to speak of: each try says the same
        raise WrongPassphrase(join_sentences([
            _("Wrong passphrase; nothing was opened or changed."),
            _("This try was not counted: the data directory is on a read-only disk, where the count of wrong "
              "passphrases cannot be kept.")]), counted=False)
    raise WrongPassphrase(wrong_passphrase_message(_record_failure(data_dir, officer)), counted=True)


def _suspended_owner(entries: list, passphrase: str) -> str | None:
    """The officer whose suspended entry (``off_duty``: they left) ``passphrase`` opens, or None."""
    for entry in entries:
        if well_formed_entry(entry) and entry.get("off_duty") and _open_seal(entry, passphrase) is not None:
            return entry["officer"]
    return None


def open_entries(entries: list, passphrase: str | None, source: str) -> tuple[str, bytes]:
    """The officer and the database key of the first of ``entries`` (a keyring carried by a backup) that
    ``passphrase`` opens, an entry suspended then (its officer had left) never; OffDuty when it is such an entry's,
    WrongPassphrase naming ``source`` when it opens none."""
    if not passphrase:
        raise Locked(_("{file} is encrypted: give the passphrase of an officer of that station "
                       "(WORKSTATION_PASSPHRASE or --passphrase-file) to restore it.").format(file=source))
    for entry in entries:
        key = _open_seal(entry, passphrase) if well_formed_entry(entry) and not entry.get("off_duty") else None
        if key is not None:
            return entry["officer"], key
    gone = _suspended_owner(entries, passphrase)
    if gone is not None:
        raise OffDuty(suspended_in_backup_message(shown_name(gone), source), gone)
    raise WrongPassphrase(_("The passphrase opens none of the keys in {file}; nothing was restored.").format(
        file=source))


def adopt(data_dir: Path, carried: dict, *, leave_out: tuple | list | set = (),
          changes: list[dict] | None = None, over_damaged: bool = False) -> Path | None:
    """Write the keyring a backup carried into a new data directory (no failed attempts counted yet), without the
    passphrases of the officers ``leave_out`` names (withdrawn since the backup was made); ``changes``: the notes of
    that for the audit log (``note_change``), written with it. ``over_damaged``: a damaged keyring.json there
    (``Damaged``) is first moved aside as keyring.json.damaged-<time>, never overwritten nor deleted; returns where
    (None: there was none)."""
    with exclusive_lock(data_dir):
        kept = None
        if over_damaged and damaged(data_dir):
            kept = _set_aside_damaged(data_dir)
        if load(data_dir) is not None:
            raise WorkstationError(_("This data directory already has a keyring."))
        data = {"version": carried.get("version") or VERSION, "mode": "encrypted",
                "entries": [e for e in carried["entries"] if e.get("officer") not in leave_out], "failures": 0,
                "last_failure": 0}
        for change in changes or []:
            data = _noted(data, change)
        try:
            _save(data_dir, data)
        except BaseException as exc:
            if kept is not None:  # not written: the damaged file back where it was, as before
                try:
                    os.rename(kept, keyring_path(data_dir))
                except OSError as back:  # kept aside still: said where, and the put-back can be tried again
                    _say_kept_aside(exc, kept, back)
            raise
        return kept


def _say_kept_aside(exc: BaseException, kept: Path, back: OSError) -> None:
    """Add to ``exc`` (the keyring not written) that the damaged keyring.json could not be moved back from ``kept``,
    where it now is: the officer finds it there, and the put-back can be tried again."""
    note = _("The damaged keyring.json was moved aside to {kept} and cannot be moved back ({reason}): it is kept "
             "there. Try the put-back again, or move that file back to {path}.").format(
        kept=kept, reason=os_reason(back), path=kept.with_name(KEYRING_NAME))
    if isinstance(exc, WorkstationError):
        from workstation.leads_workflow import full_stop

        exc.message = join_sentences([full_stop(exc.message), note])
        exc.args = (exc.message,)
    else:
        exc.add_note(note)


def _set_aside_damaged(data_dir: Path) -> Path:
    """Move the damaged keyring.json of ``data_dir`` aside as keyring.json.damaged-<time> (Beijing time; a count
    added when that name is taken), for inspection; the caller holds ``exclusive_lock``. Refused naming the file when
    it cannot be moved (nothing changed)."""
    from workstation.records import program_time

    path = keyring_path(data_dir)
    stamp = program_time().strftime("%Y%m%d-%H%M%S")
    target, count = path.with_name(f"{KEYRING_NAME}.damaged-{stamp}"), 1
    while target.exists():
        count += 1
        target = path.with_name(f"{KEYRING_NAME}.damaged-{stamp}-{count}")
    try:
        os.rename(path, target)
    except OSError as exc:
        raise WorkstationError(_("The damaged {path} cannot be moved aside: {reason}. Nothing was changed.").format(
            path=path, reason=os_reason(exc))) from None
    return target


def add_officer(data_dir: Path, key: bytes, officer: str, passphrase: str, *, cost: dict | None = None,
                change: dict | None = None, holder: str | None = None) -> None:
    """Give another officer sharing this laptop a passphrase of their own (the data stays as it is); ``change``: the
    note of it for the audit log (``note_change``), written with it; ``holder``: their officer id, recorded with it
    (``HOLDER``)."""
    _encrypted_keyring(data_dir)
    officer = _officer_name(officer)
    check_passphrase(passphrase)
    _refuse_known(data_dir, officer)
    entry = _seal(key, officer, passphrase, cost or DEFAULT_COST, holder)
    with exclusive_lock(data_dir):
        data = _encrypted_keyring(data_dir)
        _refuse_known(data_dir, officer)  # given meanwhile in another program
        data["entries"].append(entry)
        _save(data_dir, _noted(data, change))


def set_holder(data_dir: Path, officer: str, holder: str | None, *, change: dict | None = None) -> bool:
    """Record ``holder`` (an officer id, ``HOLDER``) with the passphrase of the name ``officer`` — none: leave it as
    it is — and ``change``, the note of it for the audit log (``note_change``); False (nothing written) when the name
    has no passphrase here."""
    with exclusive_lock(data_dir):
        data = _encrypted_keyring(data_dir)
        entry = next((e for e in data["entries"] if e["officer"] == officer), None)
        if entry is None:
            return False
        if holder:
            entry[HOLDER] = holder
        _save(data_dir, _noted(data, change))
        return True


def _refuse_known(data_dir: Path, officer: str) -> None:
    if officer in officers(data_dir):
        from workstation.errors import ValidationError

        raise ValidationError({"officer": _("{name} already has a passphrase here.").format(name=officer)})


def change_passphrase(data_dir: Path, officer: str, old: str, new: str, *, cost: dict | None = None,
                      change: dict | None = None) -> None:
    """Seal the database key under ``officer``'s new passphrase; the data is not re-encrypted. ``change``: the note of
    it for the audit log (``note_change``), written with it."""
    from workstation.errors import ValidationError, disk_full

    check_passphrase(new, "new")
    name, key = unlock(data_dir, old, officer)
    if new == old:  # nothing would change, and the officer would believe it had
        raise ValidationError({"new": _("The new passphrase is the same as the current one: choose another; nothing "
                                        "was changed.")})
    sealed = _seal(key, name, new, cost or DEFAULT_COST)  # slow (Argon2id): before the lock, keeping no one waiting
    with exclusive_lock(data_dir):
        data = _encrypted_keyring(data_dir)
        # the entry as it is now: another program may have suspended, withdrawn or renamed it since it was checked
        current = next((e for e in data["entries"] if e["officer"] == name), None)
        if current is None:
            raise WrongPassphrase(_("{name} no longer has a passphrase here: it was withdrawn or renamed meanwhile "
                                    "(in another window or program). Nothing was changed.").format(
                name=shown_name(name)))
        if current.get("off_duty"):  # they left meanwhile: a new seal would lift the suspension
            raise OffDuty(off_duty_message(shown_name(name)), name)
        if current.get(HOLDER):  # sealed again under the same name, with the holder it had
            sealed[HOLDER] = current[HOLDER]
        data["entries"] = [sealed if e["officer"] == name else e for e in data["entries"]]
        try:
            _save(data_dir, _noted(data, change))
        except WorkstationError as exc:  # the keyring is as it was: the old passphrase still opens the data
            said = [exc.message, _("The passphrase was not changed: the current one still opens the data.")]
            if exc.__context__ is not None and disk_full(exc.__context__):
                said.append(_("Free some space on that disk, then change the passphrase again."))
            raise WorkstationError(join_sentences(said)) from None


def take_over(data_dir: Path, passphrase: str, officer: str, holder: str | None = None) -> bool:
    """Name the workstation's passphrase (``STATION_ENTRY``) after ``officer`` when ``passphrase`` is it: sealed again
    under their name with the same passphrase, so that it follows the officers' register. False (nothing changed)
    when there is no such entry or ``passphrase`` is not it; a ValidationError when ``officer`` has one already.
    ``holder``: their officer id, recorded with it (``HOLDER``)."""
    officer = _officer_name(officer)
    data = _encrypted_keyring(data_dir)
    entry = next((e for e in data["entries"] if e["officer"] == STATION_ENTRY), None)
    key = _open_seal(entry, passphrase) if entry is not None and passphrase else None
    if key is None:
        return False
    _refuse_known(data_dir, officer)
    sealed = _seal(key, officer, passphrase, entry["cost"], holder)
    with exclusive_lock(data_dir):
        data = _encrypted_keyring(data_dir)
        _refuse_known(data_dir, officer)  # given meanwhile in another program
        data["entries"] = [sealed if e["officer"] == STATION_ENTRY else e for e in data["entries"]]
        _save(data_dir, data)
    return True


def remove_officer(data_dir: Path, officer: str, *, change: dict | None = None) -> bool:
    """Withdraw ``officer``'s passphrase (it no longer opens the data here; the data and its key stay as they are, so
    the backups made before still open with it: ``withdrawn_message``); True when there was one. Withdrawing the
    last passphrase that opens the data is refused. ``change``: the note of it for the audit log (``note_change``),
    written with it."""
    with exclusive_lock(data_dir):
        data = _encrypted_keyring(data_dir)
        remaining = [e for e in data["entries"] if e["officer"] != officer]
        if len(remaining) == len(data["entries"]):
            return False
        _refuse_none_left(remaining)
        data["entries"] = remaining
        _save(data_dir, _noted(data, change))
        return True


CHANGES = "unaudited_changes"


def note_change(action: str, subject: str, detail: dict | None = None) -> dict:
    """The note of a change of the keyring for the audit log (an action of ``events``, the officer concerned and the
    details — never a passphrase), written into the keyring with the change: who made it and when, and an id that
    tells its entry from any other."""
    import secrets

    from workstation.audit import current_actor
    from workstation.records import now

    return {"id": secrets.token_hex(8), "action": action, "subject": subject, "detail": dict(detail or {}),
            "at": now(), "actor": current_actor()}


def _noted(data: dict, change: dict | None) -> dict:
    """``data`` with ``change`` added to the changes the audit log does not have yet (the latest kept)."""
    return data if change is None else _with_pending(data, CHANGES, change)


def unaudited_changes(data_dir: Path) -> list[dict]:
    """The changes noted in the keyring (``note_change``) that the audit log does not have yet, oldest first."""
    return _pending(data_dir, CHANGES, lambda c: isinstance(c.get("action"), str) and isinstance(c.get("subject"), str)
                    and isinstance(c.get("detail", {}), dict))


def forget_changes(data_dir: Path, ids: list) -> None:
    """Forget the changes of ``ids``: the audit log has them now (one noted meanwhile stays)."""
    if ids:
        _forget_pending(data_dir, CHANGES, lambda kept: [c for c in kept if not (isinstance(c, dict) and
                                                                                  c.get("id") in ids)])


def plaintext_allowed_by_environment() -> bool:
    """``WORKSTATION_PLAINTEXT=1``: a new data directory made by a command is kept unencrypted on purpose."""
    return os.environ.get(PLAINTEXT_ENV, "") in ("1", "yes", "true")
