"""Security events in the audit log: wrong passphrases, a passphrase given, changed or withdrawn, another officer
taking over at the idle lock, the idle-lock time set, the keyring put back from a backup, the data encrypted and
each unencrypted copy that encryption removed. Each is one hash-chained entry of entity ``security`` whose
``entity_id`` names the officer concerned (or the minutes set, the backup whose keyring was put back, the copy
removed) and whose ``after`` digest covers the details — never a passphrase. The entity is none of the shared
records a bundle's merge acts on (as ``reveal``'s and ``restore``'s entries), so headquarters stores these entries
with the rest of the station's audit log and changes nothing for them.

A change of the keyring is noted in the keyring itself, in the same write as the change (``keyring.note_change``),
until the audit log has it (``record_changes``): a program killed between the two leaves the note, and the next
opening writes the entry, so the log and the keyring never disagree."""

from __future__ import annotations

from pathlib import Path

from workstation import audit

ENTITY = "security"
LOGIN_FAILED = "login_failed"
PASSPHRASE_GIVEN = "passphrase_given"
PASSPHRASE_CHANGED = "passphrase_changed"
PASSPHRASE_WITHDRAWN = "passphrase_withdrawn"
OFFICER_SWITCHED = "officer_switched"
IDLE_LOCK_SET = "idle_lock_set"
KEYRING_PUT_BACK = "keyring_put_back"
DATA_ENCRYPTED = "data_encrypted"
PLAINTEXT_COPY_REMOVED = "plaintext_copy_removed"
#: who a wrong passphrase is recorded as tried by: nobody known — whoever typed it opened nothing, and the officer who
#: opens the data next did not necessarily type it. No officer's name (as ``keyring.STATION_ENTRY`` it is written
#: between asterisks), so the audit list shows it as it shows any entry of no officer: "not signed in / command line"
NOBODY = "*not signed in*"
ACTIONS = (LOGIN_FAILED, PASSPHRASE_GIVEN, PASSPHRASE_CHANGED, PASSPHRASE_WITHDRAWN, OFFICER_SWITCHED, IDLE_LOCK_SET,
           KEYRING_PUT_BACK, DATA_ENCRYPTED, PLAINTEXT_COPY_REMOVED)


def shown_subject(entity: str, subject: str) -> str:
    """The record an audit entry names, as `audit list` shows it: a security event's subject that is the
    workstation's passphrase by its key (``keyring.STATION_ENTRY``) shown by its name (``keyring.shown_name``)."""
    from workstation.security import keyring

    return keyring.shown_name(subject) if entity == ENTITY else subject


def _after(action: str, subject: str, detail: dict | None) -> dict:
    """What an event's entry records (its ``after`` digest covers it)."""
    return {"action": action, "subject": subject, **(detail or {})}


def record(db, action: str, subject: str, detail: dict | None = None, actor: str | None = None,
           at: str | None = None) -> None:
    """Append one security event (in its own transaction, or the caller's); ``at``: when it happened, for one
    written later (a wrong passphrase, a change of the keyring noted in it), which `audit list` then shows."""
    with db.atomic():
        audit.append(db, action, ENTITY, subject, None, _after(action, subject, detail), actor, at)


def record_once(db, action: str, subject: str, detail: dict | None = None, actor: str | None = None,
                at: str | None = None) -> bool:
    """``record`` unless the log holds this very entry already (the same action, subject and details: a run that
    finishes one cut off after it wrote some); whether it was written."""
    with db.atomic():
        if db.execute("SELECT 1 FROM audit WHERE entity = ? AND entity_id = ? AND action = ? AND after_digest = ? "
                      "LIMIT 1", [ENTITY, subject, action, audit.digest(_after(action, subject, detail))]
                      ).fetchone() is not None:
            return False
        record(db, action, subject, detail, actor, at)
    return True


def record_in(data_dir: Path, entries: list[tuple[str, str, dict]], what: str) -> bool:
    """Write ``entries`` (action, subject, details) into the audit log of the data in ``data_dir``, each once
    (``record_once``: a run that finishes one cut off writes only those missing), with a connection of its own.
    False when the database cannot take them now: logged, naming ``what`` was not written."""
    import logging

    from workstation.db import driver
    from workstation.db.connection import connect
    from workstation.errors import WorkstationError
    from workstation.paths import database_path

    try:
        db = connect(database_path(data_dir))
        try:
            with db.atomic():
                for action, subject, detail in entries:
                    record_once(db, action, subject, detail)
        finally:
            db.conn.close()
    except (WorkstationError, OSError, *driver.Error) as exc:
        logging.getLogger("workstation.security").warning("%s not written into the audit log yet: %s", what,
                                                          type(exc).__name__)
        return False
    return True


def record_changes(db, data_dir: Path) -> int:
    """Write the changes of the keyring noted in it (``keyring.note_change``) into the audit log, each once, under the
    officer who made them and at the time they were made (the entry's time, as `audit list` shows it); then forget
    them in the keyring. Returns how many were written now (one a killed program had written already is not written
    twice)."""
    from workstation.security import keyring

    changes = keyring.unaudited_changes(data_dir)
    if not changes:
        return 0
    written = 0
    with db.atomic():
        for change in changes:
            detail = {**change.get("detail", {}), "change": change.get("id", ""), "changed_at": change.get("at", "")}
            written += record_once(db, change["action"], change["subject"], detail, change.get("actor") or None,
                                   change.get("at"))
    keyring.forget_changes(data_dir, [c.get("id") for c in changes])
    return written


def record_failed_logins(db, data_dir: Path) -> int:
    """Write the wrong passphrases the keyring counted since the database was last open (they happen before it can
    be opened) into the audit log, one entry each at the time it was typed, and forget them in the keyring; returns
    how many. Each is recorded as tried by ``NOBODY`` (its subject: the officer chosen for the try), never under the
    officer opening the data now, who did not necessarily type it. Nothing is written for a database opened
    read-only or data not encrypted."""
    from workstation.security import keyring

    failures = keyring.unaudited_failures(data_dir)
    if not failures:
        return 0
    with db.atomic():
        for failure in failures:
            record(db, LOGIN_FAILED, failure.get("officer") or "", {"failed_at": failure.get("at", "")}, NOBODY,
                   failure.get("at"))
    keyring.forget_unaudited_failures(data_dir, len(failures))
    return len(failures)


def audit_failed_logins(db, data_dir: Path) -> None:
    """``record_failed_logins`` and ``record_changes`` at best: a database that cannot be written now — full,
    read-only, locked by another program — keeps the wrong passphrases and the changes in the keyring for the next
    time, the log says so, and the caller (the window's start, its lock, a command, a change of passphrase) goes
    on."""
    import logging

    from workstation.data_folder import on_read_only_disk
    from workstation.db import driver
    from workstation.errors import WorkstationError

    if on_read_only_disk(data_dir):
        return
    try:
        record_failed_logins(db, data_dir)
        record_changes(db, data_dir)
    except WorkstationError as exc:
        logging.getLogger("workstation").warning("wrong passphrases not audited: %s", exc.message)
    except driver.Error as exc:  # a failure ``db.explained`` does not know, raised as the driver's own
        logging.getLogger("workstation").warning("wrong passphrases not audited: %s", type(exc).__name__)
