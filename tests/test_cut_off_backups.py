"""Backups and put-backs killed at bad moments (SIGKILL, as ``test_crash_walkthrough``): a backup killed once it was
in place but before it was recorded is recorded by the next command (the backup settings and the audit log), and said;
a put-back of replaced data cut off is finished (or left undone) by the next command, said and audited."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import open_db
from tests.test_crash14 import consistent, killed, posix
from tests.test_full_disk import run

templates, copy_template, _fast_keys = (
    backup_fixtures.templates,
    backup_fixtures.copy_template,
    backup_fixtures._fast_keys,
)


def audited(data: Path, action: str) -> list[tuple[str, str]]:
    """(entity id, digest of what it records) of the audit entries of ``action``, oldest first."""
    db = open_db(data)
    try:
        return db.execute(
            "SELECT entity_id, after_digest FROM audit WHERE action = ? ORDER BY seq", [action]
        ).fetchall()
    finally:
        db.conn.close()


# a backup killed once it was in place ----------------------------------------------------------------------------
@posix
@pytest.mark.parametrize(
    "kind, at",
    [
        ("plain", "workstation.backup.save_backup_settings:1"),
        ("plain", "workstation.backup._audit_backup:1"),
        ("encrypted", "workstation.backup.save_backup_settings:1"),
    ],
)
def test_a_backup_killed_after_it_was_in_place_is_recorded_by_the_next_command_and_said(
    copy_template, capsys, monkeypatch, english, kind, at
):
    data = copy_template(kind)
    if kind == "encrypted":
        monkeypatch.setenv("WORKSTATION_PASSPHRASE", backup_fixtures.PASS)
    before = (
        json.loads((data / "backup.json").read_text(encoding="utf-8"))
        if (data / "backup.json").exists()
        else {}
    )
    killed(at, "--data-dir", data, "backup", "create")
    [made] = [
        b
        for b in json.loads(run(capsys, "--data-dir", data, "--json", "backup", "list")[1])
        if b["created"] > (before.get("last_backup") or "")
    ]
    assert audited(data, "backup") == []

    code, out, err = run(capsys, "--data-dir", data, "--json", "stats")
    assert code == 0
    assert f"The backup {made['id']} was cut off after it had been written in full" in err
    assert "recorded now in the backup settings and the audit log" in err
    if kind == "plain":  # (SQLite's own checks read only unencrypted data)
        consistent(data)
    assert [entity for entity, _after in audited(data, "backup")] == [made["id"]]
    settings = json.loads((data / "backup.json").read_text(encoding="utf-8"))
    assert settings["last_backup"] == made["created"] and settings["last_path"] == made["path"]
    assert not list((data / "backups").glob(".backup-made-*"))
    # said once, recorded once; the backup restores
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert "cut off" not in err and len(audited(data, "backup")) == 1
    assert json.loads(run(capsys, "--data-dir", data, "--json", "backup", "verify", made["id"])[1])["valid"]


@posix
def test_a_backup_killed_before_it_was_in_place_leaves_nothing_to_record(copy_template, capsys, english):
    data = copy_template("plain")
    listed = json.loads(run(capsys, "--data-dir", data, "--json", "backup", "list")[1])
    killed("workstation.backup._replace:1", "--data-dir", data, "backup", "create")
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0
    assert "partial backup" in err and "written in full" not in err
    assert json.loads(run(capsys, "--data-dir", data, "--json", "backup", "list")[1]) == listed
    assert audited(data, "backup") == [] and not list((data / "backups").glob(".backup-made-*"))


@posix
def test_a_backup_killed_after_it_was_in_place_on_a_stick_not_plugged_in_is_recorded_once_the_stick_is_back(
    copy_template, tmp_path, capsys, english
):
    data = copy_template("plain")
    stick, away = tmp_path / "stick", tmp_path / "away"
    folder = stick / "备份"
    folder.mkdir(parents=True)
    at = "workstation.backup.save_backup_settings:1"
    killed(at, "--data-dir", data, "backup", "create", "--folder", folder)
    [made] = folder.glob("*.wsbackup")
    [note] = (data / "backups").glob(".backup-made-*.json")
    stick.rename(away)  # the stick pulled out before the next start
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0 and "cut off" not in err
    assert note.is_file() and audited(data, "backup") == []  # kept for an opening that finds the stick
    away.rename(stick)
    code, out, err = run(capsys, "--data-dir", data, "--json", "stats")
    assert code == 0
    assert f"The backup {made.stem} was cut off after it had been written in full" in err
    assert [entity for entity, _after in audited(data, "backup")] == [made.stem]
    settings = json.loads((data / "backup.json").read_text(encoding="utf-8"))
    assert settings["last_path"] == str(made) and settings["folder"] == str(folder)
    assert not note.exists()


# a put-back of replaced data cut off -----------------------------------------------------------------------------
EDIT = "（补正）"


def _restored_over_an_edit(capsys, data: Path) -> str:
    """The case edited after a backup, then that backup restored: the edit kept aside in a replaced set, whose name
    is returned."""
    made = json.loads(run(capsys, "--data-dir", data, "--json", "backup", "create")[1])
    db = open_db(data)
    db.execute("UPDATE cases SET cause = cause || ? WHERE case_number = ?", [EDIT, backup_fixtures.CASE])
    db.conn.commit()
    db.conn.close()
    restored = json.loads(run(capsys, "--data-dir", data, "--json", "backup", "restore", made["id"])[1])
    return Path(restored["kept"]).name


def _edited(data: Path) -> bool:
    db = open_db(data)
    try:
        return (
            db.execute("SELECT cause FROM cases WHERE case_number = ?", [backup_fixtures.CASE])
            .fetchone()[0]
            .endswith(EDIT)
        )
    finally:
        db.conn.close()


def _sets(capsys, data: Path) -> dict[str, dict]:
    return {
        r["name"]: r for r in json.loads(run(capsys, "--data-dir", data, "--json", "backup", "replaced")[1])
    }


@posix
def test_a_put_back_killed_after_it_replaced_the_data_is_finished_by_the_next_command_said_and_audited(
    copy_template, capsys, english
):
    data = copy_template("plain")
    name = _restored_over_an_edit(capsys, data)
    # the set's data in place, killed before the put-back noted the data it replaced and removed the set
    killed("workstation.backup_replaced.note_replaced:1", "--data-dir", data, "backup", "put-back", name)
    code, out, err = run(capsys, "--data-dir", data, "--json", "stats")
    assert code == 0
    assert f"The put-back of {name} (the data replaced " in err
    assert (
        "was cut off after it had replaced the data, and was finished now: the data is that set's; the data it "
        "replaced is kept in " in err
    )
    consistent(data)
    assert _edited(data)
    sets = _sets(capsys, data)
    assert name not in sets  # its data is the current data again
    [kept] = [r for r in sets.values() if r["kind"] == "put_back"]
    assert kept["by"] == name and kept["name"] in err
    assert [entity for entity, _after in audited(data, "put_back")] == [name]
    assert not (data / "backups" / "restore-journal.json").exists()
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert "cut off" not in err  # said once


@posix
def test_a_put_back_killed_before_it_replaced_the_data_leaves_it_and_says_so(copy_template, capsys, english):
    data = copy_template("plain")
    name = _restored_over_an_edit(capsys, data)
    killed("workstation.backup_restore._replace:2", "--data-dir", data, "backup", "put-back", name)
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0
    assert f"The put-back of {name} was cut off before it replaced the data: the data is as it was" in err
    consistent(data)
    assert not _edited(data) and list(_sets(capsys, data)) == [name] and audited(data, "put_back") == []
    assert (
        json.loads(run(capsys, "--data-dir", data, "--json", "backup", "put-back", name)[1])["put_back"]
        == name
    )
    assert _edited(data) and [entity for entity, _after in audited(data, "put_back")] == [name]


# the half-written output file of a killed program ----------------------------------------------------------------
@posix
def test_the_half_written_document_of_a_killed_program_goes_with_the_next_write_into_its_folder(
    copy_template, tmp_path, capsys, english
):
    data = copy_template("plain")
    out = tmp_path / "out"
    out.mkdir()
    mine = [
        out / "决定书.pdf.part",
        out / "notes.12.part",
        out / "草稿.ws12x.part",
    ]  # the officer's own files
    for path in mine:
        path.write_text("the officer's", encoding="utf-8")
    render = ("docs", "render", backup_fixtures.CASE, "--form", "filing_approval", "-o")
    killed("workstation.output._flush:1", "--data-dir", data, *render, out / "审批表.pdf")
    [left] = [p for p in out.iterdir() if p not in mine]
    assert left.name.startswith("审批表.pdf.ws") and left.name.endswith(".part")
    code, said, err = run(capsys, "--data-dir", data, *render, out / "另一份.pdf")
    assert code == 0, err
    assert sorted(out.iterdir()) == sorted([*mine, out / "另一份.pdf"])
    assert all(path.read_text(encoding="utf-8") == "the officer's" for path in mine)


def test_a_file_being_written_by_a_running_program_is_left_alone(tmp_path):
    from workstation.output import remove_stale_parts, write_output

    writing = tmp_path / f"通报.pdf.ws{os.getppid()}.part"  # the program that started this one is running
    writing.write_bytes(b"%PDF-")
    write_output(str(tmp_path / "统计.csv"), b"a,b\n")
    assert writing.is_file() and remove_stale_parts(tmp_path) == []
