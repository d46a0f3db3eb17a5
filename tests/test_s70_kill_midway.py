"""Long work killed midway (SIGKILL, as ``test_crash14``), then the next command: a `backup restore` killed before it
replaced the data is named, with the data unchanged and the restore to be done again; a backup killed once it was
whole and in place is said to be kept, never also as unfinished work whose result was not saved; a `leads screen`
killed midway is named as cut off."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests import backup_fixtures, test_read_only_data
from tests.backup_fixtures import OPEN_CASE, open_db
from tests.test_crash14 import consistent, killed, posix
from tests.test_full_disk import counts, run

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
read_only_copy = test_read_only_data.read_only_copy

CUT_OFF = "Cut off when the workstation last stopped without closing"
NOT_SAVED = "What it had not completed was not saved"


def evidence(data: Path) -> int:
    db = open_db(data)
    try:
        return db.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
    finally:
        db.conn.close()


def _staged(data: Path) -> list[Path]:
    return sorted((data / "backups").glob(".restore-*"))


# (1) a restore killed before it replaced the data ---------------------------------------------------------------
@posix
def test_a_restore_killed_before_it_replaced_the_data_is_named_by_the_next_command(copy_template, tmp_path, capsys,
                                                                                  english):
    data = copy_template("plain")
    code, out, err = run(capsys, "--data-dir", data, "--json", "backup", "create")
    assert code == 0, err
    backup_id = json.loads(out)["id"]
    extra = tmp_path / "补充材料.txt"
    extra.write_text("备份之后登记的材料", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data, "evidence", "add", OPEN_CASE, extra, "--kind", "other")
    assert code == 0, err
    before, evidence_before = counts(data), evidence(data)
    # killed once the backup is unpacked: the staging folder holds its database, nothing is swapped yet
    killed("workstation.backup_restore._check_restored_database:1", "--data-dir", data, "backup", "restore",
           backup_id)
    [staging] = _staged(data)
    assert (staging / "workstation.db").is_file()
    assert counts(data) == before

    code, out, err = run(capsys, "--data-dir", data, "cases", "list")
    assert code == 0, err
    assert f"The restore of {backup_id} was cut off before it replaced the data" in err, err
    assert "the data is as it was before the restore" in err and "Restore the backup again" in err
    assert NOT_SAVED not in err  # not said twice, nor as work whose result is to be checked
    assert not _staged(data) and counts(data) == before and evidence(data) == evidence_before
    consistent(data)
    # said once; `backup check` (as the window's start) does not contradict it
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0 and "restore" not in err.lower(), err
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0 and NOT_SAVED not in err and "Restoring" not in err, err
    # the restore done again is done
    code, out, err = run(capsys, "--data-dir", data, "backup", "restore", backup_id)
    assert code == 0, err
    assert evidence(data) == evidence_before - 1


@posix
def test_backup_check_as_the_first_command_after_a_killed_restore_names_it(copy_template, capsys, english):
    data = copy_template("plain")
    code, out, err = run(capsys, "--data-dir", data, "--json", "backup", "create")
    assert code == 0, err
    backup_id = json.loads(out)["id"]
    killed("workstation.backup_restore._check_restored_database:1", "--data-dir", data, "backup", "restore",
           backup_id)
    assert _staged(data)
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full")
    assert code == 0, err
    assert f"The restore of {backup_id} was cut off before it replaced the data" in err, err
    assert NOT_SAVED not in err and not _staged(data)


@posix
def test_a_restore_killed_before_it_staged_anything_is_named_as_cut_off(copy_template, capsys, english):
    data = copy_template("plain")
    code, out, err = run(capsys, "--data-dir", data, "--json", "backup", "create")
    assert code == 0, err
    backup_id = json.loads(out)["id"]
    killed("workstation.backup_restore.read_payload:1", "--data-dir", data, "backup", "restore", backup_id)
    code, out, err = run(capsys, "--data-dir", data, "cases", "list")
    assert code == 0, err
    assert CUT_OFF in err and f"Restoring the backup {backup_id}" in err, err


@posix
def test_a_restore_killed_once_the_restored_data_was_in_place_is_finished_and_not_said_to_be_unfinished(
        copy_template, capsys, english):
    data = copy_template("plain")
    code, out, err = run(capsys, "--data-dir", data, "--json", "backup", "create")
    assert code == 0, err
    backup_id = json.loads(out)["id"]
    killed("workstation.backup_restore._after_swap:1", "--data-dir", data, "backup", "restore", backup_id)
    assert (data / "backups" / "restore-journal.json").is_file()
    code, out, err = run(capsys, "--data-dir", data, "cases", "list")
    assert code == 0, err
    assert backup_id in err and "before it replaced the data" not in err, err
    assert NOT_SAVED not in err and "Restoring" not in err, err
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0 and NOT_SAVED not in err, err


def test_the_window_says_a_restore_noted_by_the_command_line_left_the_data_as_it_was(english):
    from ui.backup_dialogs import cut_off_kept

    assert cut_off_kept("Restoring the backup workstation-backup-1-20261207-163535").startswith(
        "the data is as it was before the restore")


# (2) a backup killed once it was whole and in place --------------------------------------------------------------
@posix
def test_a_backup_killed_after_it_was_in_place_is_not_also_said_to_be_unfinished(copy_template, capsys, english):
    data = copy_template("plain")
    killed("workstation.backup.save_backup_settings:1", "--data-dir", data, "backup", "create")
    assert list((data / "backups").glob(".backup-made-*.json"))
    [marker] = (data / ".open").glob("*.json")
    assert json.loads(marker.read_text(encoding="utf-8"))["work"] == ["Backing up"]
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0, err
    assert "was cut off after it had been written in full" in err
    assert NOT_SAVED not in err and "Backing up" not in err, err
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0, err
    assert NOT_SAVED not in err and "Backing up" not in err, err


@posix
def test_backup_check_first_after_a_backup_killed_in_place_says_it_is_kept_and_nothing_else(copy_template, capsys,
                                                                                             english):
    data = copy_template("plain")
    killed("workstation.backup.save_backup_settings:1", "--data-dir", data, "backup", "create")
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0, err
    assert "was cut off after it had been written in full" in err
    assert NOT_SAVED not in err and CUT_OFF not in err, err


@posix
def test_a_backup_killed_before_it_was_in_place_is_still_named_as_cut_off(copy_template, capsys, english):
    data = copy_template("plain")
    killed("workstation.backup._replace:1", "--data-dir", data, "backup", "create")
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0, err
    assert CUT_OFF in err and "Backing up" in err, err


def _window_says(started, data) -> list[str]:
    """What the window's start says after the crash: its message boxes, up to what the sweep at opening found
    (said once the window has painted)."""
    from tests.conftest import ScriptedPrompts

    prompts = ScriptedPrompts()
    window = started(data, prompts)
    assert window is not None and prompts.errors == [], prompts.errors
    window.say_swept()  # as once the window has painted
    started.close(window)
    return prompts.infos


@posix
def test_the_window_started_after_a_backup_killed_in_place_says_only_that_it_is_kept(copy_template, started, english):
    data = copy_template("plain")
    killed("workstation.backup.save_backup_settings:1", "--data-dir", data, "backup", "create")
    [made] = list((data / "backups").glob("*.wsbackup"))
    infos = _window_says(started, data)
    said = "\n".join(infos)
    assert f"The backup {made.name[:-len('.wsbackup')]} was cut off after it had been written in full: it is whole " \
           "and kept" in said, infos
    assert "no backup was made" not in said and "Backing up" not in said, infos
    assert "It did not finish" not in said, infos  # no other work was running: nothing named as cut off


@posix
def test_the_window_started_after_a_backup_killed_before_it_was_in_place_names_it_as_not_made(copy_template, started,
                                                                                              english):
    data = copy_template("plain")
    killed("workstation.backup._replace:1", "--data-dir", data, "backup", "create")
    infos = _window_says(started, data)
    said = "\n".join(infos)
    assert "Backing up: no backup was made: make one again" in said, infos
    assert "written in full" not in said, infos


# (3) leads screen ------------------------------------------------------------------------------------------------
@posix
def test_the_command_after_a_killed_screening_names_it(copy_template, capsys, english):
    data = copy_template("plain")
    before = counts(data)
    killed("workstation.screening.screen._regroup:1", "--data-dir", data, "leads", "screen")
    assert counts(data) == before
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0, err
    assert CUT_OFF in err and "Screening complaints" in err, err


# (4) the final read's findings: `backup restore` first after a killed restore, the window's start ------------------
def _killed_restore(capsys, data: Path) -> str:
    """A restore killed once the backup is unpacked into its staging folder, before it replaced the data; its id."""
    code, out, err = run(capsys, "--data-dir", data, "--json", "backup", "create")
    assert code == 0, err
    backup_id = json.loads(out)["id"]
    killed("workstation.backup_restore._check_restored_database:1", "--data-dir", data, "backup", "restore",
           backup_id)
    assert _staged(data)
    return backup_id


@posix
def test_backup_restore_as_the_first_command_after_a_killed_restore_names_it(copy_template, capsys, english):
    from workstation.repair import swept

    data = copy_template("plain")
    backup_id = _killed_restore(capsys, data)
    swept()  # nothing kept from earlier commands of this test process
    code, out, err = run(capsys, "--data-dir", data, "backup", "restore", backup_id)
    assert code == 0, err
    said = f"The restore of {backup_id} was cut off before it replaced the data"
    assert said in err, err
    assert err.index(said) < err.index("restore finished"), err  # said before this restore's own lines
    assert not _staged(data)
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0 and "cut off" not in err, err  # said once


@posix
def test_the_window_started_after_a_killed_restore_says_it_left_the_data_as_it_was(copy_template, started, capsys,
                                                                                  english):
    data = copy_template("plain")
    backup_id = _killed_restore(capsys, data)
    infos = _window_says(started, data)
    said = "\n".join(infos)
    assert f"The restore of {backup_id} was cut off before it replaced the data: the data is as it was before the " \
           "restore. Restore the backup again if it is still wanted." in said, infos
    assert "It did not finish" not in said, infos  # not also named as work cut off
    assert not _staged(data)


@posix
def test_the_start_finding_problems_after_a_killed_restore_still_says_it_left_the_data_as_it_was(
        copy_template, capsys, english):
    from tests.conftest import ScriptedPrompts
    from ui.backup_dialogs import startup_check
    from workstation.repair import mark_closed, swept

    data = copy_template("plain")
    backup_id = _killed_restore(capsys, data)
    swept()
    db = open_db(data)
    try:
        prompts = ScriptedPrompts()  # the restore of the last good backup offered is declined
        startup_check(None, db, data, prompts, problems=["*** in database main ***\nPage 7: never used"])
        said = swept()  # what the window says once it has painted (``MainWindow.say_swept``)
    finally:
        mark_closed(data)
        db.conn.close()
    assert len(prompts.confirmations) == 1, prompts.confirmations
    assert any(f"The restore of {backup_id} was cut off before it replaced the data" in note for note in said), said
    assert not _staged(data)


# (5) a killed restore's staging folder that cannot be removed ----------------------------------------------------
@pytest.fixture
def cannot_remove(read_only_copy):
    """cannot_remove(data) → ``data`` (or a copy of it) whose backups folder's contents cannot be removed: its folders
    made read-only, or, for root (who writes through file permissions), a copy on a disk mounted read-only."""
    locked: list[Path] = []

    def make(data: Path) -> Path:
        if os.geteuid() == 0:
            return read_only_copy(data)
        for folder in [data / "backups", *_staged(data)]:
            folder.chmod(0o555)
            locked.append(folder)
        return data

    yield make
    for folder in locked:
        folder.chmod(0o755)


@posix
def test_a_killed_restores_staging_folder_that_cannot_be_removed_is_not_said_to_be_swept(copy_template, capsys,
                                                                                       cannot_remove, english):
    from workstation.backup import remove_stale_staging

    data = copy_template("plain")
    backup_id = _killed_restore(capsys, data)
    data = cannot_remove(data)
    [staging] = _staged(data)
    code, out, err = run(capsys, "--data-dir", data, "cases", "list")
    assert code == 0, err
    assert "was cut off before it replaced the data" not in err, err  # the restore's copy of the data is still there
    assert CUT_OFF in err and f"Restoring the backup {backup_id}" in err, err  # named as work cut off instead
    assert staging.is_dir() and remove_stale_staging(data) == [] and staging.is_dir()
