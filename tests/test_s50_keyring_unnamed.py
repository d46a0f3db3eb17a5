# ruff: noqa: F811 - the fixtures imported from test_keyring_put_back are used by name
"""Putting back the keyring from a backup of another station that was never named names it as an unnamed station
(it said "another station (未命名（指纹…）)"), as restoring such a backup does; nothing changes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_keyring_put_back import _fast_keys, cli, copy_template, lost, state_of, templates  # noqa: F401


def test_the_keyring_of_an_unnamed_station_s_backup_is_refused_naming_it_unnamed(lost, capsys, monkeypatch, tmp_path,
                                                                                  english):
    data, _backup = lost
    other = tmp_path / "other"
    code, _out, err = cli(capsys, monkeypatch, other, "init")
    assert code == 0, err
    code, out, err = cli(capsys, monkeypatch, other, "backup", "create", "--json")
    assert code == 0, err
    foreign = Path(json.loads(out)["path"])
    before = state_of(data)
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", foreign, "--keyring-only")
    assert code == 1 and "made by another station, an unnamed one (fingerprint " in err, err
    assert "nothing was changed" in err and state_of(data) == before
