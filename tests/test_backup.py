"""Backups and repair: consistent backups made while the data is open, rotated, encrypted without a byte of
plaintext; a backup of another station, a flipped byte or a truncated file refused with nothing changed; a restore
that keeps the current data and rolls back when interrupted; kill -9 during a backup; the unclean-shutdown check."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import (
    OPEN_CASE,
    PASS,
    backup_of,
    crash_with_the_data_open,
    data_digest,
    full_check_of,
    open_db,
    quiet_cli,
    secrets_of_demo,
)
from workstation import backup_restore
from workstation.backup import (
    BackupRefused,
    backup_settings,
    create_backup,
    due_backup,
    last_good_backup,
    list_backups,
    restore_backup,
    verify_backup,
)
from workstation.backup_format import HEADER_SIZE
from workstation.cli import main
from workstation.repair import full_check, mark_closed, mark_open, open_elsewhere, quick_check, was_unclean
from workstation.security import keyring, session

PROJECT = Path(__file__).resolve().parent.parent
templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def evidence(data_dir: Path) -> int:
    """The evidence items registered besides the demo's own (its cases past their investigation hold theirs)."""
    from workstation.demo import demo_evidence, evidence_id, load_seed

    demo = [evidence_id(case["id"], n) for case in load_seed()["cases"]
            for n in range(1, len(demo_evidence(case)) + 1)]
    db = open_db(data_dir)
    try:
        return db.execute("SELECT COUNT(*) FROM evidence WHERE id NOT IN (SELECT value FROM json_each(?))",
                          [json.dumps(demo)]).fetchone()[0]
    finally:
        db.conn.close()


def work_on(data_dir: Path, tmp_path: Path, name: str = "新证据.txt") -> None:
    """An officer's work after the backup: a new evidence file (a new stored file and records)."""
    path = tmp_path / name
    path.write_text(f"{name} {os.urandom(8).hex()}", encoding="utf-8")
    assert quiet_cli("--data-dir", data_dir, "evidence", "add", OPEN_CASE, path, "--kind", "other") == 0


def another_station(data_dir: Path) -> None:
    db = open_db(data_dir)
    db.execute("UPDATE stations SET id = 'd0000000-0000-4000-8000-000000000000' WHERE role = 'self'")
    db.conn.close()


def refused_in_one_line(exc_info, name: str) -> str:
    message = exc_info.value.message
    assert name in message and "\n" not in message
    return message


# create, list, rotate --------------------------------------------------------------------------------------------
def test_backups_are_listed_newest_first_and_rotated_per_station(copy_template, tmp_path, english):
    data = copy_template("plain")
    other = copy_template("plain", "other")
    another_station(other)
    usb = tmp_path / "usb"
    db = open_db(data)
    made = [create_backup(db, data, usb, keep=2) for _ in range(3)]
    db.conn.close()
    assert len({m["id"] for m in made}) == 3  # several in the same second get their own names
    listed = list_backups(data)  # the folder and keep were remembered
    assert [b["id"] for b in listed] == [made[2]["id"], made[1]["id"]]
    assert made[2]["removed"] == [made[0]["id"]]
    assert all(b["valid"] and not b["encrypted"] and b["size"] > HEADER_SIZE for b in listed)
    assert [b["files"] for b in listed] == [made[2]["files"], made[1]["files"]]  # the station's keys not counted
    assert made[2]["files"] == len([p for p in (data / "files").rglob("*") if p.is_file()])
    assert backup_settings(data)["folder"] == str(usb) and backup_settings(data)["keep"] == 2
    # another station's backups on the same stick are never rotated away by this one
    foreign = backup_of(other, folder=tmp_path / "elsewhere")
    shutil.copy(foreign["path"], usb)
    backup_of(data)
    assert len([b for b in list_backups(data) if b["station"] == foreign["station"]]) == 1
    assert len(list_backups(data)) == 3
    assert not due_backup(data)


def test_backup_command_line(capsys, copy_template, tmp_path):
    data = copy_template("plain")
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--keep", "3", "--json")
    assert code == 0, err
    created = json.loads(out)
    assert {"path", "id", "size"} <= set(created) and Path(created["path"]).is_file()
    code, out, err = run(capsys, "--data-dir", data, "backup", "list", "--json")
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [created["id"]] and {"id", "created", "size"} <= set(rows[0])
    code, out, err = run(capsys, "--data-dir", data, "backup", "verify", created["id"], "--json")
    assert code == 0 and json.loads(out)["valid"] is True
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full", "--json")
    assert code == 0 and json.loads(out) == {"ok": True, "problems": [], "full": True}
    assert not (data / ".open").exists()  # the command closed cleanly
    db = open_db(data)
    db.execute("UPDATE settings SET value = '1:0' WHERE key = 'audit_head'")
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--json")
    assert code == 1 and json.loads(out)["ok"] is False and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [["create", "--keep", "0"], ["create", "--keep", "many"], ["restore", "no-such"],
                                  ["restore", "../workstation.db"], ["list", "--folder", "/no/such/stick"]])
def test_bad_backup_input_is_one_line_and_changes_nothing(capsys, copy_template, argv):
    data = copy_template("plain")
    before = data_digest(data)
    code, out, err = run(capsys, "--data-dir", data, "backup", *argv)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert data_digest(data) == before and list_backups(data) == []


@pytest.mark.parametrize("keep", ["0", "many", "2.5", "400"])
def test_a_bad_keep_count_names_the_option(capsys, copy_template, keep, english):
    data = copy_template("plain")
    before = data_digest(data)
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--keep", keep)
    assert (code, out) == (1, "")
    assert err == f"Error: --keep: Keep {keep} backups? Give a whole number from 1 to 365.\n"
    assert data_digest(data) == before and list_backups(data) == []


# restore -------------------------------------------------------------------------------------------------------
def test_restore_brings_back_the_data_and_keeps_the_current_data(capsys, copy_template, tmp_path, english):
    data = copy_template("plain")
    made = backup_of(data)
    work_on(data, tmp_path)
    assert evidence(data) == 2
    stored_after = sorted(p.name for p in (data / "files").rglob("*") if p.is_file())
    code, out, err = run(capsys, "--data-dir", data, "backup", "restore", made["id"], "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["restored"] == made["id"] and Path(result["kept"]).parent == data / "backups"
    assert Path(result["kept"]).name.startswith("replaced-")
    assert evidence(data) == 1
    assert len(list((data / "files").rglob("*/*"))) == len(stored_after) - 1
    kept = Path(result["kept"])
    assert evidence(kept) == 2  # the replaced data, whole, beside the backups
    assert sorted(p.name for p in (kept / "files").rglob("*") if p.is_file()) == stored_after
    assert not list((data / "backups").glob(".restore-*")) and not (data / "backups" / "restore-journal.json").exists()
    assert full_check_of(data) == []


def test_an_encrypted_backup_holds_no_plaintext_and_restores(copy_template, english):
    data = copy_template("encrypted")
    made = backup_of(data)
    raw = Path(made["path"]).read_bytes()
    assert made["encrypted"] and b"workstation.db" not in raw and b"files/" not in raw
    assert [n.decode() for n in secrets_of_demo() if n in raw] == []
    plain = copy_template("plain", "plain")
    plain_raw = Path(backup_of(plain)["path"]).read_bytes()
    assert [n for n in secrets_of_demo() if n in plain_raw]  # the same search finds names in a plaintext backup
    assert verify_backup(data, made["path"])["encrypted"]
    restore_backup(data, made["id"])
    db = open_db(data)
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 36 and full_check(db, data) == []
    db.conn.close()


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
def test_a_backup_restores_on_a_new_laptop_with_an_officers_passphrase(capsys, monkeypatch, copy_template, tmp_path,
                                                                        kind, english):
    data = copy_template(kind)
    made = backup_of(data)
    stick = tmp_path / "stick"
    stick.mkdir()
    backup = Path(shutil.copy(made["path"], stick))
    laptop = tmp_path / "new laptop"
    if kind == "encrypted":
        code, _out, err = run(capsys, "--data-dir", laptop, "backup", "restore", backup)
        assert code == 1 and "give the passphrase" in err and not laptop.exists()
        monkeypatch.setenv("WORKSTATION_PASSPHRASE", "not the passphrase at all")
        code, _out, err = run(capsys, "--data-dir", laptop, "backup", "restore", backup)
        assert code == 1 and "opens none of the keys" in err and not laptop.exists()
        monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
        session._KEYS.clear()
    damaged = stick / "damaged.wsbackup"
    raw = bytearray(backup.read_bytes())
    raw[-100] ^= 0x01  # in the payload
    damaged.write_bytes(bytes(raw))
    code, _out, err = run(capsys, "--data-dir", laptop, "backup", "restore", damaged)
    assert code == 1 and "damaged.wsbackup" in err and not laptop.exists()
    session._KEYS.clear()
    code, out, err = run(capsys, "--data-dir", laptop, "backup", "restore", backup, "--json")
    assert code == 0, err
    assert json.loads(out)["restored"] == made["id"]
    for name in ("sign.key", "box.key"):  # the same station: its keys came along
        assert (laptop / "station" / name).read_bytes() == (data / "station" / name).read_bytes()
    session._KEYS.clear()
    code, out, err = run(capsys, "--data-dir", laptop, "cases", "list", "--json")
    assert code == 0, err
    assert len(json.loads(out)) == 36
    code, out, _err = run(capsys, "--data-dir", laptop, "station", "show", "--json")
    code_here, out_here, _err = run(capsys, "--data-dir", data, "station", "show", "--json")
    assert code == code_here == 0 and json.loads(out)["id"] == json.loads(out_here)["id"]
    db = open_db(laptop)
    assert evidence(laptop) == 1 and full_check(db, laptop) == []
    db.conn.close()


def test_a_keyring_of_many_officers_travels_in_a_longer_header(capsys, monkeypatch, copy_template, tmp_path, english):
    from workstation.security import keyring

    data = copy_template("encrypted")
    key = session.require_key(data)
    for n in range(30):
        keyring.add_officer(data, key, f"执法人员{n:02d}", f"passphrase number {n:02d}")
    made = backup_of(data)
    raw = Path(made["path"]).read_bytes()
    assert raw[HEADER_SIZE:2 * HEADER_SIZE].strip(b"\0")  # the header needed more than one block
    assert verify_backup(data, made["path"])["valid"]
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", "passphrase number 29")
    session._KEYS.clear()
    laptop = tmp_path / "laptop"
    code, out, err = run(capsys, "--data-dir", laptop, "backup", "restore", made["path"], "--json")
    assert code == 0, err
    assert json.loads(out)["officer"] == "执法人员29"
    assert len(keyring.officers(laptop)) == 31


def restore_elsewhere_said(message: str, path: str) -> None:
    """The refusal says how the backup can be restored after all: into a new data directory."""
    assert "restore the backup into a new data directory instead" in message
    assert f'run `backup restore "{path}" --data-dir NEW_FOLDER`' in message
    assert "choose Restore from a backup… in its first-start dialog" in message


def window_way_said(message: str, path: str) -> None:
    """The window's wording of that way out: its own first-start dialog first, the command only as an aside."""
    assert "\n" not in message
    way = message.index("start the workstation on a new, empty data folder and choose Restore from a backup… in its "
                        "first-start dialog")
    assert way < message.index(f'`backup restore "{path}" --data-dir NEW_FOLDER`')
    assert "run `backup restore" not in message


def named(data_dir: Path, name: str) -> None:
    db = open_db(data_dir)
    db.execute("UPDATE stations SET name = ? WHERE role = 'self'", [name])
    db.conn.close()


def test_a_backup_of_another_station_is_refused(capsys, copy_template, tmp_path, english):
    here = copy_template("plain", "here")
    there = copy_template("plain", "there")
    another_station(there)
    named(there, "there")
    foreign = backup_of(there)
    before = data_digest(here)
    with pytest.raises(BackupRefused, match="made by another station, station there:") as refused:
        verify_backup(here, foreign["path"])
    restore_elsewhere_said(refused_in_one_line(refused, Path(foreign["path"]).name), foreign["path"])
    window_way_said(refused.value.window_message, foreign["path"])
    with pytest.raises(BackupRefused, match="made by another station, station there:"):
        restore_backup(here, foreign["path"])
    code, out, err = run(capsys, "--data-dir", here, "backup", "restore", foreign["path"])
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    restore_elsewhere_said(err, foreign["path"])
    assert "station there:" in err and "(d0000000)" not in err
    assert data_digest(here) == before
    # as the refusal says: into a new data directory it is restored, the other station's data whole
    code, out, err = run(capsys, "backup", "restore", foreign["path"], "--data-dir", tmp_path / "new", "--json")
    assert code == 0, err
    assert json.loads(out)["restored"] == foreign["id"] and evidence(tmp_path / "new") == 1
    # an encrypted backup in plaintext data, and the other way round
    encrypted = backup_of(copy_template("encrypted", "sealed"))
    with pytest.raises(BackupRefused, match="is encrypted and the data here is not") as refused:
        verify_backup(here, encrypted["path"])
    restore_elsewhere_said(refused_in_one_line(refused, Path(encrypted["path"]).name), encrypted["path"])
    with pytest.raises(BackupRefused, match="is not encrypted") as refused:
        verify_backup(tmp_path / "sealed", foreign["path"])
    restore_elsewhere_said(refused_in_one_line(refused, Path(foreign["path"]).name), foreign["path"])


def test_the_refusal_of_another_station_s_backup_names_an_unnamed_or_unknown_station(copy_template, monkeypatch,
                                                                                  english):
    from workstation import backup
    from workstation.station import station_label, this_station

    here = copy_template("plain", "here")
    there = copy_template("plain", "there")
    another_station(there)
    named(there, "Station")  # the name a station gets when none was given: said by its key's fingerprint
    db = open_db(there)
    fingerprint = this_station(db).fingerprint
    db.conn.close()
    foreign = backup_of(there)
    with pytest.raises(BackupRefused) as refused:
        verify_backup(here, foreign["path"])
    label = station_label("Station", fingerprint)  # the unnamed-station wording used everywhere
    assert " ".join(fingerprint.split()[:2]) in label
    # an unnamed station, not "station unnamed" (由其他站点未命名…制作)
    said = f"made by another station, an unnamed one (fingerprint {' '.join(fingerprint.split()[:2])}…):"
    assert said in refused.value.message and said in refused.value.window_message
    # a backup saying nothing of its station but its id (made by an earlier version), of a station unknown here
    monkeypatch.setattr(backup, "_station_card", lambda db: {})
    earlier = backup_of(there)
    with pytest.raises(BackupRefused) as refused:
        verify_backup(here, earlier["path"])
    assert "was made by another station, not this one: it cannot be restored" in refused.value.message
    assert "(d0000000)" not in refused.value.message
    window_way_said(refused.value.window_message, earlier["path"])


def padded(data_dir: Path, size: int = 3 << 20) -> None:
    """Make the database larger than a few MiB, so that its copy takes several steps."""
    db = open_db(data_dir)
    db.execute("CREATE TABLE padding (x BLOB)")
    db.execute("INSERT INTO padding VALUES (randomblob(?))", [size])
    db.conn.close()


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
def test_the_backup_reports_its_progress_by_bytes_while_the_database_goes_into_it(copy_template, kind, english):
    data = copy_template(kind)
    padded(data)
    reports = []
    made = backup_of(data, progress=lambda done, total, message: reports.append((done, total, message)))
    steps = [r[2] for r in reports]
    assert list(dict.fromkeys(steps)) == ["Copying the database", "Writing the database into the backup",
                                          "Adding the stored files", "Backup written"]
    *counted, last = reports
    total = counted[0][1]
    assert {r[1] for r in counted} == {total} and last[:2] == (1, 1)
    dones = [r[0] for r in counted]
    assert dones == sorted(dones) and dones[-1] <= total
    writing = [done for done, _total, message in counted if message == "Writing the database into the backup"]
    assert len(writing) >= 3 and len(set(writing)) == len(writing)  # a report every MiB, each further on
    assert writing[0] * 2 >= total - (4 << 10) and writing[-1] < total  # after the copy: halfway, by bytes
    assert Path(made["path"]).is_file()


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
def test_cancel_while_the_database_goes_into_the_backup_leaves_nothing(copy_template, kind, english):
    from workstation.errors import Cancelled
    from workstation.progress import CancelToken

    data = copy_template(kind)
    padded(data)
    cancel, seen = CancelToken(), []

    def progress(done, total, message):
        if message == "Writing the database into the backup":
            seen.append(done)
            if len(seen) == 2:  # in the middle of the database
                cancel.cancel()

    db = open_db(data)
    try:
        with pytest.raises(Cancelled):
            create_backup(db, data, progress=progress, cancel=cancel)
    finally:
        db.conn.close()
    assert len(seen) == 2  # stopped at the next look, with more of the database to go
    assert not list((data / "backups").iterdir())  # no backup, no .part, no staging copy
    assert backup_settings(data)["last_backup"] is None


def test_cancel_until_the_backup_is_renamed_into_place_is_honoured(copy_template, monkeypatch, english):
    from workstation import backup
    from workstation.errors import Cancelled
    from workstation.progress import CancelToken

    data = copy_template("plain")
    cancel = CancelToken()
    write = backup.write_archive

    def written_then_cancelled(*args, **kwargs):
        header = write(*args, **kwargs)
        cancel.cancel()  # the archive is whole, not yet the backup
        return header

    monkeypatch.setattr(backup, "write_archive", written_then_cancelled)
    db = open_db(data)
    try:
        with pytest.raises(Cancelled):
            create_backup(db, data, cancel=cancel)
    finally:
        db.conn.close()
    assert not list((data / "backups").iterdir()) and list_backups(data) == []


def test_a_restore_into_a_new_data_directory_keeps_no_empty_replaced_folder(capsys, copy_template, tmp_path,
                                                                             english):
    data = copy_template("plain")
    made = backup_of(data)
    laptop = tmp_path / "new laptop"
    code, out, err = run(capsys, "--data-dir", laptop, "backup", "restore", made["path"], "--json")
    assert code == 0, err
    assert json.loads(out)["kept"] is None  # nothing was replaced, so nothing is kept
    assert not list((laptop / "backups").glob("replaced-*")) and evidence(laptop) == 1
    # a data directory set up but never opened (a keyring, no database): nothing to replace either
    keyring_only = tmp_path / "set up"
    keyring.choose_plaintext(keyring_only)
    code, out, err = run(capsys, "--data-dir", keyring_only, "backup", "restore", made["path"])
    assert code == 0, err
    made_at = made["created"][:16].replace("T", " ")
    assert out.strip().splitlines()[0] == \
        f"{made['id']} (the backup made {made_at}) restored; there was no data here to replace."
    assert not list((keyring_only / "backups").glob("replaced-*")) and evidence(keyring_only) == 1
    # data that was there is kept, as before
    code, out, err = run(capsys, "--data-dir", laptop, "backup", "restore", made["path"])
    assert code == 0, err
    kept = next((laptop / "backups").glob("replaced-*"))
    assert out.strip().splitlines()[0] == \
        f"{made['id']} (the backup made {made_at}) restored; the data it replaced is kept in {kept}."
    assert evidence(kept) == 1


def test_an_unencrypted_backup_comes_into_a_new_data_directory_only_as_chosen(capsys, monkeypatch, copy_template,
                                                                              tmp_path, english):
    made = backup_of(copy_template("plain"))
    monkeypatch.delenv("WORKSTATION_PLAINTEXT")
    laptop = tmp_path / "new laptop"
    code, out, err = run(capsys, "--data-dir", laptop, "backup", "restore", made["path"])
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and not laptop.exists()
    assert "is not encrypted: give a passphrase" in err and "--plaintext" in err
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)  # encrypted with it, as `init` creates a data directory
    code, out, err = run(capsys, "--data-dir", laptop, "backup", "restore", made["path"], "--json")
    assert code == 0, err
    assert keyring.state(laptop) == "encrypted" and keyring.officers(laptop) == [json.loads(out)["officer"]]
    raw = b"".join(p.read_bytes() for p in laptop.rglob("*") if p.is_file())
    assert [n.decode() for n in secrets_of_demo() if n in raw] == []
    session._KEYS.clear()
    code, out, err = run(capsys, "--data-dir", laptop, "cases", "list", "--json")
    assert code == 0 and len(json.loads(out)) == 36, err
    # cancelled between the restore and its encryption: the folder is left as it was, nothing unencrypted in it
    from workstation.backup_restore import restore_into_new
    from workstation.errors import Cancelled
    from workstation.progress import CancelToken

    empty = tmp_path / "empty laptop"
    (empty / "logs").mkdir(parents=True)
    token = CancelToken()

    def cancel_once_restored(done, total, message):
        if message == "Backup restored":
            token.cancel()

    with pytest.raises(Cancelled):
        restore_into_new(empty, made["path"], PASS, progress=cancel_once_restored, cancel=token)
    assert [p.name for p in empty.iterdir()] == ["logs"] and session.key_for(empty) is None
    monkeypatch.delenv("WORKSTATION_PASSPHRASE")
    code, out, err = run(capsys, "--data-dir", tmp_path / "demo laptop", "backup", "restore", made["path"],
                         "--plaintext")
    assert code == 0, err
    assert keyring.state(tmp_path / "demo laptop") == "plaintext" and evidence(tmp_path / "demo laptop") == 1


def test_a_backup_sealed_under_another_key_is_refused(copy_template, english):
    from workstation.security.access import encrypt_data_dir

    first, second = copy_template("plain", "first"), copy_template("plain", "second")
    for data in (first, second):  # the same station, each encrypted with a key of its own
        encrypt_data_dir(data, PASS)
    other_key = backup_of(second)
    before = data_digest(first)
    with pytest.raises(BackupRefused, match="cannot be opened with this data directory's key") as refused:
        verify_backup(first, other_key["path"])
    restore_elsewhere_said(refused_in_one_line(refused, Path(other_key["path"]).name), other_key["path"])
    with pytest.raises(BackupRefused):
        restore_backup(first, other_key["path"])
    assert data_digest(first) == before


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
@pytest.mark.parametrize("where", ["header", "padding", "payload", "last byte"])
def test_one_flipped_byte_is_refused(copy_template, kind, where, english):
    data = copy_template(kind)
    made = backup_of(data)
    path = Path(made["path"])
    raw = bytearray(path.read_bytes())
    offset = {"header": 40, "padding": HEADER_SIZE - 5, "payload": HEADER_SIZE + len(raw) // 2,
              "last byte": len(raw) - 1}[where]
    offset = min(offset, len(raw) - 1)
    raw[offset] ^= 0x01
    path.write_bytes(bytes(raw))
    before = data_digest(data)
    with pytest.raises(BackupRefused, match="is damaged") as refused:
        verify_backup(data, path)
    refused_in_one_line(refused, path.name)
    assert not list_backups(data)[0]["valid"] or where in ("payload", "last byte")
    with pytest.raises(BackupRefused, match="is damaged"):
        restore_backup(data, made["id"])
    assert data_digest(data) == before and not list((data / "backups").glob("replaced-*"))


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
@pytest.mark.parametrize("keep", [7, 100, HEADER_SIZE + 10, -1])
def test_a_truncated_backup_is_refused(capsys, monkeypatch, copy_template, kind, keep, english):
    data = copy_template(kind)
    made = backup_of(data)
    path = Path(made["path"])
    path.write_bytes(path.read_bytes()[:keep])
    before = data_digest(data)
    with pytest.raises(BackupRefused, match="truncated|not a workstation backup") as refused:
        verify_backup(data, path)
    refused_in_one_line(refused, path.name)
    session._KEYS.clear()  # the command line unlocks the data itself
    if kind == "encrypted":
        monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, out, err = run(capsys, "--data-dir", data, "backup", "restore", made["id"])
    assert code == 1 and path.name in err and len(err.strip().splitlines()) == 1
    assert data_digest(data) == before


# restore interrupted -------------------------------------------------------------------------------------------
SWAP_STEPS = 3  # files aside, the restored files in, the restored database in (no -wal after a clean close)


@pytest.mark.parametrize("step", range(1, SWAP_STEPS + 1))
def test_a_restore_interrupted_during_the_swap_leaves_the_current_data_as_it_was(copy_template, monkeypatch, step,
                                                                                tmp_path, english):
    data = copy_template("plain")
    made = backup_of(data)
    work_on(data, tmp_path)
    before = data_digest(data)
    calls = []
    real = backup_restore._replace

    def power_cut(source, target):
        calls.append(target)
        if len(calls) == step:
            raise OSError(5, "Input/output error")
        real(source, target)

    monkeypatch.setattr(backup_restore, "_replace", power_cut)
    with pytest.raises(BackupRefused, match="could not be replaced .the disk reported an input/output error.; the current data was put back"):
        restore_backup(data, made["id"])
    assert len(calls) == step
    assert data_digest(data) == before and evidence(data) == 2
    assert not list((data / "backups").glob("replaced-*")) and not list((data / "backups").glob(".restore-*"))
    assert not (data / "backups" / "restore-journal.json").exists()
    monkeypatch.setattr(backup_restore, "_replace", real)
    restore_backup(data, made["id"])
    assert evidence(data) == 1


class Crash(BaseException):
    """The process dies here."""


@pytest.mark.parametrize("step", [*range(1, SWAP_STEPS + 1), "after"])
def test_a_crash_during_the_swap_is_undone_or_finished_at_the_next_start(copy_template, monkeypatch, step, tmp_path):
    data = copy_template("plain")
    made = backup_of(data)
    work_on(data, tmp_path)
    before, restored = data_digest(data), None
    calls = []
    real = backup_restore._replace

    def crash(source, target):
        calls.append(target)
        if len(calls) == step:
            raise Crash()
        real(source, target)

    def crash_after(folder):
        raise Crash()

    with monkeypatch.context() as m:
        if step == "after":  # the restored database is in place; the journal is not yet removed
            m.setattr(backup_restore, "fsync_dir", crash_after)
        else:
            m.setattr(backup_restore, "_replace", crash)
        m.setattr(backup_restore, "_undo", lambda *args, **kwargs: None)  # the process died: nothing rolled back
        m.setattr(shutil, "rmtree", lambda *args, **kwargs: None)
        with pytest.raises(Crash):
            restore_backup(data, made["id"])
        assert (data / "backups" / "restore-journal.json").exists()
        if step == "after":
            restored = evidence(data)
    mark_open(data)  # the next start
    mark_closed(data)
    if step == "after":  # finished, with what follows the swap (its audit entry): the backup's data, not the work
        assert evidence(data) == restored and data_digest(data) != before
        db = open_db(data)
        assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'restore'").fetchone()[0] == 1
        db.conn.close()
    else:
        assert data_digest(data) == before
    assert not (data / "backups" / "restore-journal.json").exists() and not list((data / "backups").glob(".restore-*"))
    db = open_db(data)
    assert quick_check(db) == []
    db.conn.close()


def test_a_restore_is_refused_while_another_workstation_has_the_data_open(copy_template, english):
    data = copy_template("plain")
    made = backup_of(data)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from workstation.repair import mark_open; mark_open(sys.argv[1]); print('open', flush=True);"
        " time.sleep(60)"), str(data)], cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert open_elsewhere(data) == [holder.pid]
        with pytest.raises(BackupRefused, match=f"open in another running workstation .process {holder.pid}"):
            restore_backup(data, made["id"])
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert open_elsewhere(data) == [] and was_unclean(data)


# kill -9 during a backup -----------------------------------------------------------------------------------------
SLOW_BACKUP = """
import sys, time
from pathlib import Path
from workstation.backup import create_backup
from workstation.db import open_database

data = Path(sys.argv[1])
db = open_database(data / "workstation.db")

def slow(done, total, message):
    parts = list((data / "backups").glob("*.part"))
    if parts and parts[0].stat().st_size:
        print("writing", flush=True)
        time.sleep(60)

create_backup(db, data, progress=slow)
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_kill_9_during_a_backup_leaves_the_previous_backup_intact_and_restorable(copy_template, english):
    data = copy_template("plain")
    previous = backup_of(data)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_BACKUP, str(data)], cwd=PROJECT, stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        parts = list((data / "backups").glob("*.part"))
        assert len(parts) == 1 and parts[0].stat().st_size > 0
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert [b["id"] for b in list_backups(data)] == [previous["id"]]
    assert verify_backup(data, previous["path"])["valid"]
    assert backup_settings(data)["last_path"] == previous["path"]
    restore_backup(data, previous["id"])
    assert evidence(data) == 1
    # the next backup clears what the killed one left
    backup_of(data)
    assert not list((data / "backups").glob("*.part")) and not list((data / "backups").glob(".staging-*"))
    assert len(list_backups(data)) == 2


# unclean shutdown ----------------------------------------------------------------------------------------------
def test_an_unclean_shutdown_is_noticed_and_a_clean_one_is_not(copy_template):
    data = copy_template("plain")
    assert not was_unclean(data)
    mark_open(data)
    assert (data / ".open").is_dir() and not was_unclean(data)  # this process, running
    mark_closed(data)
    assert not (data / ".open").exists() and not was_unclean(data)
    crash_with_the_data_open(data)
    assert was_unclean(data)


def test_the_quick_check_finds_a_damaged_audit_chain_and_the_full_check_a_damaged_file(copy_template, english):
    data = copy_template("encrypted")
    db = open_db(data)
    assert quick_check(db) == [] and full_check(db, data) == []
    db.execute("UPDATE settings SET value = '1:0' WHERE key = 'audit_head'")
    assert quick_check(db) == ["The last audit entries were deleted or the chain head was altered."]
    stored = next(p for p in (data / "files").rglob("*") if p.is_file())
    raw = bytearray(stored.read_bytes())
    raw[-1] ^= 1
    stored.write_bytes(bytes(raw))
    problems = full_check(db, data)
    assert any(stored.name[:12] in p and "altered" in p for p in problems)
    db.conn.close()


def test_last_good_backup_skips_a_damaged_one(copy_template, english):
    data = copy_template("plain")
    good = backup_of(data)
    bad = backup_of(data)
    raw = bytearray(Path(bad["path"]).read_bytes())
    raw[HEADER_SIZE + 100] ^= 1
    Path(bad["path"]).write_bytes(bytes(raw))
    assert last_good_backup(data)["id"] == good["id"]


def test_encrypting_the_data_removes_its_unencrypted_backups(copy_template, tmp_path, english):
    from workstation.security.access import encrypt_data_dir

    data = copy_template("plain")
    other = copy_template("plain", "other")
    another_station(other)
    made = backup_of(data)
    kept = Path(restore_backup(data, made["id"])["kept"])  # the unencrypted data it replaced: backups/replaced-…
    foreign = Path(backup_of(other, folder=data / "backups")["path"])  # another station's, on the same medium
    assert [n for n in secrets_of_demo() if n in Path(made["path"]).read_bytes()]
    result = encrypt_data_dir(data, PASS)
    assert result["plaintext_copies_removed"] == 1
    assert not Path(made["path"]).exists() and foreign.exists()
    assert kept.is_dir()  # encrypted, not removed: it can still be put back (test_s44_encryption_safety)
    foreign.unlink()
    leaks = [p for p in data.rglob("*") if p.is_file() and "logs" not in p.parts
             and any(n in p.read_bytes() for n in secrets_of_demo())]
    assert leaks == []
    assert backup_of(data)["encrypted"]


def test_a_backup_to_a_stick_that_is_not_plugged_in_is_refused(copy_template, tmp_path, english):
    data = copy_template("plain")
    stick = tmp_path / "media" / "U盘" / "backups"
    with pytest.raises(BackupRefused, match="is not available: plug in the drive"):
        backup_of(data, folder=stick)
    assert not (tmp_path / "media").exists() and backup_settings(data)["folder"] is None
    assert not list((data / "backups").glob(".staging-*")) if (data / "backups").exists() else True


def test_a_cancelled_backup_or_restore_leaves_nothing(copy_template, tmp_path):
    from workstation.errors import Cancelled
    from workstation.progress import CancelToken

    data = copy_template("encrypted")
    previous = backup_of(data)
    settings = backup_settings(data)
    token = CancelToken()

    def cancel_midway(done, total, message):
        if done >= 1:
            token.cancel()

    with pytest.raises(Cancelled):
        backup_of(data, progress=cancel_midway, cancel=token)
    assert [b["id"] for b in list_backups(data)] == [previous["id"]] and backup_settings(data) == settings
    assert sorted(p.name for p in (data / "backups").iterdir()) == [Path(previous["path"]).name]
    work_on(data, tmp_path)
    before = data_digest(data)
    with pytest.raises(Cancelled):
        restore_backup(data, previous["id"], cancel=token)
    assert data_digest(data) == before and sorted(p.name for p in (data / "backups").iterdir()) == [
        Path(previous["path"]).name]


def test_an_unreadable_file_in_the_folder_is_listed_in_china_time_like_the_backups(tmp_path, monkeypatch):
    """A file whose header does not read is listed by its modification time in the time of the backups' headers
    (Asia/Shanghai), not the computer's zone: else it shows hours off and sorts among the backups wrongly."""
    import time

    from workstation.backup import describe_backup

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        junk = tmp_path / "junk.wsbackup"
        junk.write_bytes(b"not a backup")
        os.utime(junk, (1_780_000_000, 1_780_000_000))  # 2026-05-28 20:26:40 UTC
        row = describe_backup(junk)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert not row["valid"] and row["created"] == "2026-05-29T04:26:40+08:00"


# ---- found by the backup audit ------------------------------------------------------------------------------------
def test_a_chosen_backup_folder_not_plugged_in_is_refused_not_made_on_the_laptop(capsys, copy_template, tmp_path,
                                                                                 english):
    data = copy_template("plain")
    stick = tmp_path / "stick"
    stick.mkdir()
    code, _out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", stick)
    assert code == 0, err
    shutil.rmtree(stick)  # unplugged: its mount point's parent (/media/user) is still there
    code, _out, err = run(capsys, "--data-dir", data, "backup", "create")
    assert code == 1 and f"The backup folder {stick} is not available: plug in the drive" in err
    assert not stick.exists()


def test_a_backup_folder_named_relative_to_where_the_command_runs_is_remembered_whole(capsys, copy_template, tmp_path,
                                                                                      monkeypatch):
    from workstation.backup import backup_settings

    data = copy_template("plain")
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    code, _out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", "usb")
    assert code == 0, err
    assert backup_settings(data)["folder"] == str(tmp_path / "here" / "usb")
    monkeypatch.chdir(tmp_path)
    made = run(capsys, "--data-dir", data, "backup", "create", "--json")
    assert made[0] == 0 and json.loads(made[1])["path"].startswith(str(tmp_path / "here" / "usb"))


def test_a_restore_into_a_new_data_directory_is_audited_under_the_officer_who_opened_it(capsys, monkeypatch,
                                                                                        copy_template, tmp_path):
    data = copy_template("encrypted")
    made = backup_of(data)
    laptop = tmp_path / "new laptop"
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    monkeypatch.delenv("WORKSTATION_ACTOR", raising=False)
    session._KEYS.clear()
    code, out, err = run(capsys, "--data-dir", laptop, "backup", "restore", made["path"], "--json")
    assert code == 0, err
    officer = json.loads(out)["officer"]
    db = open_db(laptop)
    (actor,) = db.execute("SELECT actor FROM audit WHERE action LIKE '%restore%' ORDER BY seq DESC LIMIT 1").fetchone()
    db.conn.close()
    assert officer and actor == officer
