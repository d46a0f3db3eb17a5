"""The descriptor kept open to read the header of a database file this process holds (``driver.read_header``) is
closed once the last connection on that file closes: it was kept until a later header read found the file free, so
after the window and its background tasks closed their connections (as before a restore) the process still held the
file — on Windows that blocks the restore's rename, and on POSIX the process kept a deleted file open."""

from __future__ import annotations

import getpass
import os

import pytest

from tests.helpers import run, run_json
from workstation.db import open_database
from workstation.db.connection import database_header
from workstation.db.driver import holds_open
from workstation.security import keyring, session

PASS = "correct horse battery"
FAST = {"memory_kib": 1024, "iterations": 1, "lanes": 1}


def _descriptors_on(path) -> list[str]:
    """The descriptors of this process open on the file at ``path``."""
    real = os.path.realpath(path)
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target == real or target == real + " (deleted)":
            found.append(target)
    return found


def test_no_descriptor_of_the_database_is_left_once_every_connection_is_closed(tmp_path):
    path = tmp_path / "workstation.db"
    window = open_database(path)  # the window's connection
    task = open_database(path)  # a background task's own, whose opening reads the header of the held file
    task.conn.close()
    window.conn.close()  # as before a restore
    assert not holds_open(path)
    assert _descriptors_on(path) == []


def test_the_header_descriptor_is_kept_while_another_connection_holds_the_file(tmp_path):
    """Closing one of two connections does not close the header descriptor under the other: that would drop the
    other's POSIX locks."""
    path = tmp_path / "workstation.db"
    window = open_database(path)
    try:
        window.execute("CREATE TABLE IF NOT EXISTS probe_s49 (x)")
        database_header(path)
        task = open_database(path)
        task.conn.close()
        assert holds_open(path)
        kept = _descriptors_on(path)
        assert kept  # SQLite's own and the header's
        assert database_header(path)[:6] == b"SQLite"
        assert len(_descriptors_on(path)) == len(kept)  # read through the one kept, none opened anew
    finally:
        window.conn.close()
    assert _descriptors_on(path) == []


# the workstation's passphrase changed from the command line ----------------------------------------------------
@pytest.fixture
def station_passphrase(tmp_path, monkeypatch, capsys):
    """Data encrypted by `init` given no --officer: its one passphrase is the workstation's, no officer's."""
    monkeypatch.delenv("WORKSTATION_ACTOR", raising=False)  # nobody signed in
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "root")
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    data = tmp_path / "secure"
    code, _out, err = run(capsys, "--data-dir", data, "init", "--agency", "440605")
    assert code == 0, err
    assert keyring.officers(data) == [keyring.STATION_ENTRY]
    session._KEYS.clear()
    yield data
    session._KEYS.clear()


def test_the_workstations_passphrase_changed_is_said_as_the_status_says_it(station_passphrase, tmp_path, capsys):
    """Said as `security status` and the window say it (本机口令（尚未指定执法人员）), never as the keyring's own
    name for it."""
    new = tmp_path / "new.txt"
    new.write_text("一个新的更长的口令\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", station_passphrase, "security", "change-passphrase",
                         "--new-passphrase-file", new)
    assert (code, err) == (0, "")
    assert out.startswith("本机口令已修改。")
    assert keyring.STATION_ENTRY not in out and "root" not in out
    session._KEYS.clear()
    back = tmp_path / "back.txt"
    back.write_text(PASS + "\n", encoding="utf-8")
    result = run_json(capsys, "--data-dir", station_passphrase, "--passphrase-file", new, "security",
                      "change-passphrase", "--new-passphrase-file", back)
    assert result["officer"] == keyring.shown_name(keyring.STATION_ENTRY)
