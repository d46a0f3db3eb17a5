"""Command-line defects of a first-start walk: a data directory in a folder the account may not open (or write in)
is refused in one line naming it, with nothing made; `init --station-name` says when it renames the station and
refuses an empty name; `station headquarters` given a file that is no station card says where headquarters' card
comes from."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.helpers import run, run_json

ADVICE = "Give a folder you may read and write with --data-dir (or WORKSTATION_HOME)."


@pytest.fixture
def locked(tmp_path, monkeypatch):
    """A folder the account may not open: whatever lies in it cannot be looked at or made (root ignores
    permissions, so the system's refusal is simulated)."""
    folder = tmp_path / "someone-else"
    folder.mkdir()
    real_stat, real_mkdir = os.stat, os.mkdir

    def refuse(path) -> None:
        if Path(os.fspath(path)).is_relative_to(folder) and Path(os.fspath(path)) != folder:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

    def stat(path, *args, **kwargs):
        refuse(path)
        return real_stat(path, *args, **kwargs)

    def mkdir(path, *args, **kwargs):
        refuse(path)
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "mkdir", mkdir)
    return folder


@pytest.mark.parametrize("command", [["init"], ["demo"], ["cases", "import", "台账.csv"],
                                     ["backup", "restore", "workstation-backup-1"], ["stats"]])
def test_a_data_dir_in_a_folder_the_account_may_not_open_is_refused_in_one_line(locked, tmp_path, capsys, english,
                                                                               command):
    data = locked / "data"
    code, out, err = run(capsys, *command, "--data-dir", data)  # before: a PermissionError traceback
    assert (code, out) == (1, "")
    assert err == f"Error: The data folder {data} cannot be opened: permission denied. {ADVICE}\n"
    assert list(locked.iterdir()) == [] and list(tmp_path.iterdir()) == [locked]


def test_a_data_dir_that_cannot_be_made_is_refused_and_the_folders_made_for_it_are_removed(tmp_path, monkeypatch,
                                                                                          capsys, english):
    data = tmp_path / "new" / "station" / "data"
    real_mkdir = os.mkdir

    def mkdir(path, *args, **kwargs):  # the folder above it is one the account may not write in
        if Path(os.fspath(path)) == data:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    code, out, err = run(capsys, "init", "--data-dir", data)
    assert (code, out) == (1, "")  # before: "cannot write …/data/keyring.json", a file in a folder that is not there
    assert err == f"Error: The data folder {data} cannot be made: permission denied. {ADVICE}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605", "--station-name", "南海站"])


def station_name(capsys, station) -> str:
    return run_json(capsys, "station", "show", "--data-dir", station)["name"]


def test_init_says_when_it_renames_the_station(station, capsys, english):
    code, out, err = run(capsys, "init", "--station-name", "  南海区局狮山站 ", "--data-dir", station)
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == ["The station's name changed from 南海站 to 南海区局狮山站."]  # before: silent
    assert station_name(capsys, station) == "南海区局狮山站"
    result = run_json(capsys, "init", "--station-name", "南海站", "--data-dir", station)
    assert result["station_renamed"] == {"from": "南海区局狮山站", "to": "南海站"}
    code, out, err = run(capsys, "init", "--station-name", "南海站", "--data-dir", station)
    assert code == 0 and len(out.splitlines()) == 1  # the same name: nothing to say


@pytest.mark.parametrize("name", ["", "   "])
def test_init_refuses_an_empty_station_name(station, tmp_path, capsys, english, name):
    code, out, err = run(capsys, "init", "--station-name", name, "--data-dir", station)
    assert (code, out) == (1, "")  # before: accepted ("   " became the name)
    assert err == ("Error: --station-name: The name is empty: give the station's name, or leave the option out to "
                   "keep the name it has.\n")
    assert station_name(capsys, station) == "南海站"
    new = tmp_path / "new"
    assert run(capsys, "init", "--station-name", name, "--data-dir", new) == (1, "", err)
    assert not new.exists()


def test_station_headquarters_given_no_card_says_where_headquarters_card_comes_from(station, tmp_path, capsys,
                                                                                    english):
    notes = tmp_path / "总部.card"
    notes.write_text("总部的名片在邮件里", encoding="utf-8")
    code, out, err = run(capsys, "station", "headquarters", notes, "--data-dir", station)
    assert (code, out) == (1, "")
    assert err == (f"Error: {notes} is not a station card. Headquarters' card is the small file headquarters writes "
                   "of itself with `station export -o FILE` (its name, agency and public keys): ask headquarters for "
                   "that file and give it to `station headquarters`.\n")
    assert run_json(capsys, "station", "show", "--data-dir", station)["headquarters"] is None
