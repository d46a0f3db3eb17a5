"""Damaged encrypted data, second round (session 25): a keyring.json whose shape or numbers were damaged, and a
backup whose header carries such a keyring (its check computed again), are refused as damaged naming the file:
nothing opened, no wrong passphrase counted, nothing changed — never an internal error, nor a cost that has the
program ask for gigabytes of memory or minutes of time."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS, data_digest
from tests.helpers import run
from workstation.security import session

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def cli(capsys, monkeypatch, data: Path, *argv):
    """The command line as a new process would run it, with the right passphrase: nothing unlocked yet."""
    session._KEYS.clear()
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    return run(capsys, "--data-dir", data, *argv)


def files_of(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in data.iterdir() if p.is_file() and p.name.startswith("keyring")}


def _set(path: list, value):
    def change(keyring: dict) -> None:
        target = keyring
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    return change


DAMAGE = {
    "entries not a list": _set(["entries"], "x"),
    "entries empty": _set(["entries"], []),
    "an entry not an object": _set(["entries"], [1]),
    "officer not text": _set(["entries", 0, "officer"], None),
    "salt not text": _set(["entries", 0, "salt"], 5),
    "seal cut short": lambda k: k["entries"][0].__setitem__("sealed", k["entries"][0]["sealed"][:-4]),
    "nonce not base64": _set(["entries", 0, "nonce"], "!" * 16),
    "salt of 4 bytes": _set(["entries", 0, "salt"], "AAAAAA=="),
    "cost not an object": _set(["entries", 0, "cost"], "x"),
    "cost passes beyond any set": _set(["entries", 0, "cost", "iterations"], 101),
    "cost lanes beyond any set": _set(["entries", 0, "cost", "lanes"], 65),
    "cost memory below Argon2's": _set(["entries", 0, "cost", "memory_kib"], 7),
    "cost memory as text": _set(["entries", 0, "cost", "memory_kib"], "65536"),
    "every passphrase suspended": _set(["entries", 0, "off_duty"], True),
    "failures as text": _set(["failures"], "x"),
    "failures beyond reason": _set(["failures"], 10 ** 40),
    "last failure a list": _set(["last_failure"], [1]),
    "unaudited failures a number": _set(["unaudited_failures"], 5),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_keyring_damaged_in_its_shape_is_refused_at_start_naming_it(copy_template, capsys, monkeypatch, english,
                                                                      damage):
    """Each was an internal error (TypeError, ValueError, MemoryError after a minute), or a wrong passphrase
    counted against the officer for a seal cut short or a cost no workstation sets."""
    data = copy_template("encrypted")
    keyring_file = data / "keyring.json"
    content = json.loads(keyring_file.read_text(encoding="utf-8"))
    DAMAGE[damage](content)
    keyring_file.write_text(json.dumps(content), encoding="utf-8")
    before = files_of(data), (data / "workstation.db").read_bytes()
    code, _out, err = cli(capsys, monkeypatch, data, "cases", "list")
    assert code == 1, err
    assert err.strip() == (f"Error: {keyring_file} is damaged: restore it from a backup of the data directory (for encrypted data, "
        "`backup restore ID --keyring-only` puts back only the keyring and keeps the work done since the backup)."), err
    assert (files_of(data), (data / "workstation.db").read_bytes()) == before


def test_a_keyring_that_is_no_longer_utf8_is_damaged(copy_template, capsys, monkeypatch, english):
    data = copy_template("encrypted")
    keyring_file = data / "keyring.json"
    raw = bytearray(keyring_file.read_bytes())
    raw[raw.index(b'"officer"') + 2] = 0xA2  # a byte that starts no UTF-8 character
    keyring_file.write_bytes(bytes(raw))
    before = files_of(data)
    code, _out, err = cli(capsys, monkeypatch, data, "cases", "list")
    assert code == 1, err
    assert err.strip() == (f"Error: {keyring_file} is damaged: restore it from a backup of the data directory (for encrypted data, "
        "`backup restore ID --keyring-only` puts back only the keyring and keeps the work done since the backup)."), err
    assert files_of(data) == before


def test_wrong_passphrases_beyond_count_wait_the_longest_at_once():
    from workstation.security.keyring import MAX_WAIT, _wait_after

    assert [_wait_after(n) for n in (2, 3, 4, 10, 11)] == [0, 2, 4, 256, MAX_WAIT]
    assert _wait_after(10 ** 40) == MAX_WAIT  # was 2 ** 10**40 computed: a MemoryError after a minute


def _altered_backup(backup: Path, change) -> Path:
    """The backup with ``change(keyring carried)`` made in its header, the header's check computed again."""
    from workstation import backup_format as bf

    header = bf.read_header(backup)
    room = header["header_size"]
    fields = {k: v for k, v in header.items() if k != "check"}
    change(fields["keyring"])
    body = json.dumps({**fields, "check": bf.header_check(fields)}, ensure_ascii=False, sort_keys=True).encode()
    head = bf.MAGIC + struct.pack(">I", len(body)) + body
    altered = backup.with_name("altered.wsbackup")
    altered.write_bytes(head + b"\0" * (room - len(head)) + backup.read_bytes()[room:])
    return altered


@pytest.mark.parametrize("damage", ["entries not a list", "an entry not an object", "officer not text",
                                    "cost passes beyond any set", "cost memory as text", "every passphrase suspended"])
def test_a_backup_carrying_a_damaged_keyring_is_damaged(copy_template, capsys, monkeypatch, english, damage):
    data = copy_template("encrypted")
    code, out, err = cli(capsys, monkeypatch, data, "backup", "create", "--json")
    assert code == 0, err
    altered = _altered_backup(Path(json.loads(out)["path"]), DAMAGE[damage])
    before = data_digest(data), files_of(data), sorted(p.name for p in data.iterdir())
    for command in (["verify"], ["restore"]):
        code, _out, err = cli(capsys, monkeypatch, data, "backup", *command, altered)
        assert code == 1, err
        assert err.strip().splitlines()[-1] == ("Error: altered.wsbackup is damaged: its content does not match its "
                                                "checksums. Use another backup."), err
    assert (data_digest(data), files_of(data), sorted(p.name for p in data.iterdir())) == before


@pytest.mark.parametrize("damage", ["every passphrase suspended", "cost passes beyond any set"])
def test_putting_back_a_damaged_keyring_of_a_backup_is_refused(copy_template, capsys, monkeypatch, english, damage):
    """keyring.json lost: `backup restore ID --keyring-only` put back a carried keyring whose only passphrase was
    suspended (the data then opened for nobody), or counted a cost no workstation sets as a wrong passphrase."""
    data = copy_template("encrypted")
    code, out, err = cli(capsys, monkeypatch, data, "backup", "create", "--json")
    assert code == 0, err
    made = json.loads(out)
    backup = Path(made["path"])
    altered = _altered_backup(backup, DAMAGE[damage])
    altered.replace(backup)
    (data / "keyring.json").unlink()
    before = data_digest(data), sorted(p.name for p in data.iterdir())
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", made["id"], "--keyring-only")
    assert code == 1, err
    assert err.strip().splitlines()[-1] == (f"Error: {backup.name} is damaged: its content does not match its "
                                            "checksums. Use another backup."), err
    assert (data_digest(data), sorted(p.name for p in data.iterdir())) == before
