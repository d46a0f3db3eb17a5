"""Encrypting data and restoring into a new data directory tell the officer what became of the unencrypted copies:
those the encrypted backup's rotation removed are counted and audited as removed, the backup restored from that cannot
be removed is never also said removed, and a restore whose encryption fails leaves a folder that was empty as it was
(a new data directory can be made in it, not one refused as having lost its database)."""

from __future__ import annotations

import json
from pathlib import Path

from tests import backup_fixtures
from tests.backup_fixtures import PASS, backup_of
from tests.helpers import open_db, run
from workstation.backup import save_backup_settings
from workstation.backup_restore import restore_into_new
from workstation.errors import WorkstationError
from workstation.security import access, keyring, session

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def removed_entries(data: Path) -> list[str]:
    db = open_db(data)
    try:
        return [r[0] for r in db.execute("SELECT entity_id FROM audit WHERE entity = 'security' AND action = "
                                         "'plaintext_copy_removed' ORDER BY seq")]
    finally:
        db.conn.close()


def usb_backup(copy_template, tmp_path) -> Path:
    """An unencrypted backup of the plain demo written to a chosen folder (a USB stick)."""
    return Path(backup_of(copy_template("plain", "old laptop"), folder=tmp_path / "usb")["path"])


def test_an_unencrypted_backup_the_encrypted_backups_rotation_removed_is_counted_and_audited(
        capsys, copy_template, monkeypatch, english):
    data = copy_template("plain")
    save_backup_settings(data, keep=1)  # the encrypted backup made before they go rotates the unencrypted one away
    old = Path(backup_of(data)["path"])
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, out, err = run(capsys, "--data-dir", data, "security", "encrypt", "--officer", "罗建华", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert not old.exists() and result["plaintext_copies_removed"] == 1
    assert result["backups_note"] == (f"The unencrypted backups were removed; an encrypted backup takes their place: "
                                      f"{result['backup']}.")
    assert removed_entries(data) == [old.name]


def test_a_restored_backup_that_cannot_be_removed_is_not_also_said_removed(copy_template, tmp_path, monkeypatch,
                                                                          english):
    source = usb_backup(copy_template, tmp_path)
    original = Path.unlink

    def refused(self, *args, **kwargs):
        if self == source:
            raise PermissionError(13, "Permission denied")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", refused)
    result = restore_into_new(tmp_path / "new laptop", source, PASS)
    assert source.exists() and keyring.state(tmp_path / "new laptop") == "encrypted"
    assert result["backups_note"] == (
        f"An encrypted backup was made in place of the unencrypted backups: {result['backup']}.\n"
        f"The unencrypted backup {source} could not be removed (permission denied): delete it by hand.")


def test_a_restore_whose_encryption_fails_leaves_an_empty_folder_as_it_was(capsys, copy_template, tmp_path,
                                                                           monkeypatch, english):
    import builtins

    source = usb_backup(copy_template, tmp_path)
    laptop = tmp_path / "new laptop"
    laptop.mkdir()
    real_open = open

    class Full:
        """A stored file's encrypted copy on a disk that fills up as it is written."""

        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, _chunk):
            raise OSError(28, "No space left on device")

    def opening(path, mode="r", *args, **kwargs):
        fh = real_open(path, mode, *args, **kwargs)
        return Full(fh) if "files.encrypting" in str(path) and "w" in mode else fh

    with monkeypatch.context() as patch:
        patch.setattr(builtins, "open", opening)
        try:
            restore_into_new(laptop, source, PASS)
        except WorkstationError as exc:
            assert "is full" in exc.message, exc.message
        else:
            raise AssertionError("the encryption did not fail")
    session._KEYS.clear()
    assert list(laptop.iterdir()) == [] and source.exists() and not access.journal_path(laptop).exists()
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, _out, err = run(capsys, "--data-dir", laptop, "init", "--agency", "440605")
    assert code == 0, err  # a new data directory, not one refused as having lost its database
