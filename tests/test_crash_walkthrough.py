"""The walkthrough of "impossible to lose data with" (the command line killed with SIGKILL at chosen moments, the disk
full, the output folder read-only): a restore killed once it had put the backup's data in place is finished by the
next start, the officer told so; a demo cut off between its records and its complaints is completed by the next
`demo`; the half-written copies of stored files a killed import left are removed once the check after it has run;
an output folder on a read-only disk is refused saying so and what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import backup_fixtures, test_full_disk
from tests.backup_fixtures import open_db
from tests.test_crash14 import consistent, killed, posix
from tests.test_full_disk import one_line, run
from workstation.numbering_hold import current_hold

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
read_only_medium = test_full_disk.read_only_medium


def restore_entries(data: Path) -> int:
    db = open_db(data)
    try:
        return db.execute("SELECT COUNT(*) FROM audit WHERE action = 'restore'").fetchone()[0]
    finally:
        db.conn.close()


def cases(data: Path) -> int:
    db = open_db(data)
    try:
        return db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    finally:
        db.conn.close()


# a restore killed after its swap ---------------------------------------------------------------------------------
@posix
def test_a_restore_killed_after_it_replaced_the_data_is_finished_by_the_next_start_and_said(copy_template, tmp_path,
                                                                                           capsys, english):
    data = copy_template("plain")
    run(capsys, "--data-dir", data, "bundle", "export", "--all", "-o", tmp_path / "sent.bundle")  # a station that sends
    made = json.loads(run(capsys, "--data-dir", data, "--json", "backup", "create")[1])
    # the backup's data in place, killed before the restore wrote its audit entry, its note and its numbering hold
    killed("workstation.backup_restore._place_station_keys:1", "--data-dir", data, "backup", "restore", made["path"])
    code, out, err = run(capsys, "--data-dir", data, "--json", "stats")
    assert code == 0
    assert "The restore of " in err and "was cut off after it had replaced the data, and was finished now" in err
    assert "numbering hold" in err
    consistent(data)
    assert restore_entries(data) == 1
    db = open_db(data)
    try:
        assert current_hold(db) is not None  # no number taken twice: the restore's hold is placed
    finally:
        db.conn.close()
    replaced = json.loads(run(capsys, "--data-dir", data, "--json", "backup", "replaced")[1])
    assert [r["kind"] for r in replaced] == ["restore"]  # the data it replaced can be put back, named
    assert not (data / "backups" / "restore-journal.json").exists()
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert "cut off" not in err  # said once


@posix
def test_a_restore_killed_before_it_replaced_the_data_leaves_it_and_says_so(copy_template, tmp_path, capsys,
                                                                           english):
    data = copy_template("plain")
    made = json.loads(run(capsys, "--data-dir", data, "--json", "backup", "create")[1])
    before = cases(data)
    killed("workstation.backup_restore._replace:2", "--data-dir", data, "backup", "restore", made["path"])
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0
    assert "was cut off before it replaced the data: the data is as it was before the restore" in err
    consistent(data)
    assert cases(data) == before and restore_entries(data) == 0
    assert json.loads(run(capsys, "--data-dir", data, "--json", "backup", "restore", made["path"])[1])["restored"]
    assert restore_entries(data) == 1


# a demo cut off between its records and its complaints -----------------------------------------------------------
def leads_of(capsys, data: Path) -> dict:
    code, out, err = run(capsys, "--data-dir", data, "--json", "stats")
    assert code == 0, err
    return json.loads(out)["leads"]


@posix
def test_a_demo_killed_before_its_complaints_is_completed_by_the_next_demo(tmp_path, capsys, english):
    data = tmp_path / "data"
    killed("workstation.importing.complaints.import_complaints:1", "--data-dir", data, "demo")
    consistent(data)
    assert leads_of(capsys, data)["by_status"] == {"registered": 31}  # the records are in, the complaints not
    code, out, err = run(capsys, "--data-dir", data, "--json", "demo")
    assert code == 0 and json.loads(out)["added"]["complaints"] == 13543
    leads = leads_of(capsys, data)
    assert leads["assigned"] == 31 and leads["decided"] == 28 and "registered" not in leads["by_status"]


def test_a_demo_whose_complaints_a_full_disk_refused_says_to_load_it_again_which_completes_it(tmp_path, capsys,
                                                                                              monkeypatch, english):
    from workstation.errors import DiskFull
    from workstation.importing import complaints

    data = tmp_path / "data"

    def full_disk(db, files, *args, **kwargs):
        raise DiskFull("", data / "workstation.db").not_imported(Path(files[0]).name)

    monkeypatch.setattr(complaints, "import_complaints", full_disk)
    err = one_line(*run(capsys, "--data-dir", data, "demo"), "The demo's complaints were not loaded",
                   str(data / "workstation.db"), "is full", "load the demo again")
    assert ".csv" not in err  # not the demo's temporary export, which the officer never saw
    monkeypatch.undo()
    assert json.loads(run(capsys, "--data-dir", data, "--json", "demo")[1])["added"]["complaints"] == 13543
    leads = leads_of(capsys, data)
    assert leads["assigned"] == 31 and leads["decided"] == 28


# the half-written stored file of a killed issue ------------------------------------------------------------------
@posix
def test_the_half_written_stored_file_of_a_killed_issue_goes_with_the_check_after_it(copy_template, tmp_path, capsys,
                                                                                   english):
    data = copy_template("plain")
    # killed while its PDF was being written into the file store, before it was renamed into place
    killed("os.fsync:1", "--data-dir", data, "docs", "issue", backup_fixtures.CASE, "--form", "penalty_decision",
           "-o", tmp_path / "killed.pdf")
    assert list((data / "files").glob("*/*.part"))
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0
    assert not list((data / "files").glob("*/*.part"))
    consistent(data)
    issued = json.loads(run(capsys, "--data-dir", data, "--json", "docs", "issue", backup_fixtures.CASE, "--form",
                            "penalty_decision", "-o", tmp_path / "issued.pdf")[1])
    assert (data / "files" / issued["sha256"][:2] / issued["sha256"]).is_file()


@posix
def test_an_evidence_file_half_copied_in_by_a_killed_add_goes_with_the_check_after_it(copy_template, tmp_path,
                                                                                     capsys, english):
    data = copy_template("plain")
    recording = tmp_path / "通话录音.wav"
    recording.write_bytes(b"RIFF" + bytes(range(256)) * 4096)
    # killed while the file was being copied into the store in steps (filestore.store_stream), before its rename
    killed("os.fsync:1", "--data-dir", data, "evidence", "add", backup_fixtures.OPEN_CASE, recording, "--kind", "recording")
    assert list((data / "files").glob(".adding-*.part"))
    code, _out, _err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0
    assert not list((data / "files").glob(".adding-*.part"))
    consistent(data)


# an output folder on a read-only disk ----------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["docs", "render", backup_fixtures.CASE, "--form", "filing_approval", "-o"],
                                     ["bundle", "export", "--all", "-o"], ["report", "campaign", "--format", "xlsx",
                                                                           "-o"]])
def test_an_output_folder_on_a_read_only_disk_is_refused_saying_so_and_what_to_do(capsys, copy_template,
                                                                                  read_only_medium, command, english):
    data = copy_template("plain")
    target = read_only_medium / "out.file"
    one_line(*run(capsys, "--data-dir", data, *command, target),
             f"{target} cannot be written: the disk is read-only. Choose another folder, then try again.")
    assert list(read_only_medium.iterdir()) == []
