"""keyring.json's own version: a keyring written by a newer version of the program is refused at start saying so
(as a newer database is); a version damaged or unknown as damaged. Nothing opened, nothing changed."""

from __future__ import annotations

import json

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS
from tests.helpers import run
from workstation.security import keyring, session

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def _with_version(copy_template, version, *, drop: bool = False):
    data = copy_template("encrypted")
    path = data / "keyring.json"
    content = json.loads(path.read_text(encoding="utf-8"))
    if drop:
        del content["version"]
    else:
        content["version"] = version
    path.write_text(json.dumps(content), encoding="utf-8")
    return data, path


def _start(capsys, monkeypatch, data):
    session._KEYS.clear()
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    return run(capsys, "--data-dir", data, "cases", "list")


def test_a_keyring_of_a_newer_version_is_refused_as_such(copy_template, capsys, monkeypatch, english):
    data, path = _with_version(copy_template, keyring.VERSION + 1)
    before = path.read_bytes(), (data / "workstation.db").read_bytes()
    code, _out, err = _start(capsys, monkeypatch, data)
    assert code == 1
    assert err.strip() == (f"Error: {path} was written by a newer version of the workstation: install that version "
                           "(or a later one) to open this data directory.")
    assert (path.read_bytes(), (data / "workstation.db").read_bytes()) == before


def test_a_newer_keyring_is_newer_even_in_a_shape_this_version_does_not_know(copy_template, english, tmp_path):
    (tmp_path / "keyring.json").write_text(json.dumps({"version": 7, "mode": "hardware-token"}), encoding="utf-8")
    with pytest.raises(keyring.WorkstationError, match="newer version of the workstation"):
        keyring.state(tmp_path)


@pytest.mark.parametrize("version", ["1", 0, -1, 1.0, True, None, [1]])
def test_a_damaged_version_is_a_damaged_keyring(copy_template, capsys, monkeypatch, english, version):
    data, path = _with_version(copy_template, version)
    code, _out, err = _start(capsys, monkeypatch, data)
    assert code == 1
    assert err.strip() == (f"Error: {path} is damaged: restore it from a backup of the data directory (for encrypted data, "
        "`backup restore ID --keyring-only` puts back only the keyring and keeps the work done since the backup).")


def test_a_keyring_without_its_version_is_damaged(copy_template, capsys, monkeypatch, english):
    data, path = _with_version(copy_template, None, drop=True)
    code, _out, err = _start(capsys, monkeypatch, data)
    assert code == 1
    assert err.strip() == (f"Error: {path} is damaged: restore it from a backup of the data directory (for encrypted data, "
        "`backup restore ID --keyring-only` puts back only the keyring and keeps the work done since the backup).")


def test_the_keyring_as_written_still_opens(copy_template, capsys, monkeypatch):
    data, _path = _with_version(copy_template, keyring.VERSION)
    code, _out, err = _start(capsys, monkeypatch, data)
    assert code == 0, err
