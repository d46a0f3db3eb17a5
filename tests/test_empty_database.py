# ruff: noqa: F811 - the fixtures imported from test_ui_login are used by name
"""An empty database file (0 bytes: a first start cut off before SQLite wrote its first page, or a file made by hand)
holds no data: the start treats it as a new data directory's database — the window asks the first-start passphrase
and creates it encrypted, never offering to encrypt "the data of an earlier version"; a command that needs data
says there is none and leaves the file as it was; `init` with a passphrase creates it encrypted, not unencrypted
behind the officer's back. An empty file beside a write-ahead log holding pages is not taken for "no database":
its commits may be all there is of the data."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run
from tests.test_ui_login import PASS, _encryption, driving, windows  # noqa: F401 (fixtures)
from workstation.db.connection import holds_no_database
from workstation.paths import database_path
from workstation.security import keyring

SQLITE_HEADER = b"SQLite format 3\x00"


@pytest.fixture
def empty(data_dir):
    database_path(data_dir).write_bytes(b"")
    return data_dir


@pytest.mark.gui
def test_the_window_on_an_empty_database_asks_the_first_start_passphrase_not_to_encrypt_old_data(qtbot, empty,
                                                                                               windows):
    def fill(dialog):
        assert dialog.objectName() == "setup_dialog"  # before: 现在加密吗？ for data that is not there
        dialog.fields.edits["officer"].setText("陈志强")
        dialog.fields.edits["passphrase"].setText(PASS)
        dialog.fields.edits["repeat"].setText(PASS)
        dialog.action_button.click()

    show = driving(qtbot, fill)
    window = windows(empty, show=show)
    assert show.seen == ["setup_dialog"] and window is not None
    assert keyring.state(empty) == "encrypted" and keyring.officers(empty) == ["陈志强"]
    header = database_path(empty).read_bytes()[:16]
    assert header and header != SQLITE_HEADER  # created, and encrypted


@pytest.mark.gui
def test_quitting_the_first_start_on_an_empty_database_leaves_the_file_as_it_was(qtbot, empty, windows):
    def leave(dialog):
        assert dialog.objectName() == "setup_dialog"
        dialog.reject()

    show = driving(qtbot, leave)
    assert windows(empty, show=show) is None
    assert database_path(empty).read_bytes() == b"" and keyring.state(empty) == "none"


def test_a_command_that_needs_data_says_there_is_none_and_leaves_the_empty_file(empty, capsys, english):
    code, out, err = run(capsys, "--data-dir", empty, "cases", "list")
    assert code == 1 and out == ""
    assert err.startswith(f"Error: There is no workstation data in {empty}")
    # before: an unencrypted database was made in the file, without a passphrase ever asked
    assert database_path(empty).read_bytes() == b""
    assert sorted(p.name for p in empty.iterdir()) == ["workstation.db"]


def test_init_with_a_passphrase_creates_the_empty_database_encrypted(empty, capsys, monkeypatch):
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, _out, err = run(capsys, "--data-dir", empty, "init")
    assert code == 0, err
    assert keyring.state(empty) == "encrypted"  # before: no keyring, the data kept unencrypted
    assert database_path(empty).read_bytes()[:16] != SQLITE_HEADER


def test_init_without_a_passphrase_creates_the_database_unencrypted_offering_encryption(empty, capsys, monkeypatch,
                                                                                       english):
    """`init` as CLI.md gives it (no passphrase, no --plaintext) creates the database, as HQ scripts expect: not
    encrypted, said on stderr with how to encrypt it, and no choice recorded, so the window and `security status`
    offer encryption (it was refused, exit 1)."""
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    code, out, err = run(capsys, "--data-dir", empty, "init", "--json")
    assert code == 0 and json.loads(out)["data_dir"] == str(empty)
    assert f"No passphrase was given, so the data in {empty} was created unencrypted" in err
    assert database_path(empty).read_bytes()[:16] == SQLITE_HEADER
    assert keyring.state(empty) == "none"  # not chosen: encryption is offered
    code, out, _err = run(capsys, "--data-dir", empty, "security", "status")
    assert code == 0 and "run `security encrypt`" in out
    code, _out, err = run(capsys, "--data-dir", empty, "init")  # once made, nothing more is said
    assert code == 0 and "No passphrase was given" not in err


def test_security_status_of_an_empty_database_says_no_data_yet(empty, capsys):
    code, out, _err = run(capsys, "--data-dir", empty, "security", "status", "--json")
    assert code == 0 and json.loads(out)["mode"] == "none"  # before: "plaintext"


def test_an_empty_file_beside_a_write_ahead_log_holding_pages_is_not_taken_for_no_database(empty):
    assert holds_no_database(database_path(empty))
    wal = empty / "workstation.db-wal"
    wal.write_bytes(b"")
    assert holds_no_database(database_path(empty))  # an empty log holds nothing either
    wal.write_bytes(b"\x37\x7f\x06\x82" + bytes(28))
    assert not holds_no_database(database_path(empty))


@pytest.mark.gui
def test_an_empty_database_left_by_a_first_start_that_crashed_is_made_anew(qtbot, empty, windows):
    """The first start killed before SQLite wrote a page leaves the empty file and its open marker: the next start
    is a first start again, not the check of damaged data."""
    from workstation import repair

    repair._write_marker(empty, {"pid": 2 ** 22 + 7, "time": 0, "boot": repair.boot_id(), "program": "window"})
    assert repair.was_unclean(empty)

    def fill(dialog):
        assert dialog.objectName() == "setup_dialog"
        dialog.fields.edits["officer"].setText("陈志强")
        dialog.fields.edits["passphrase"].setText(PASS)
        dialog.fields.edits["repeat"].setText(PASS)
        dialog.action_button.click()

    from tests.conftest import ScriptedPrompts

    show, prompts = driving(qtbot, fill), ScriptedPrompts()
    window = windows(empty, show=show, prompts=prompts)
    assert show.seen == ["setup_dialog"] and window is not None
    assert prompts.errors == []  # before: "the database check found problems … ask for technical help"
    assert not repair.was_unclean(empty)
    assert keyring.state(empty) == "encrypted" and window.db.execute("SELECT count(*) FROM agencies").fetchone()[0]
