"""What the audit log and the open markers keep of the data-safety work done outside the case records: a complaint
file imported, a backup made or restored (each one entry in the hash chain, saying what and who);
and the markers a killed command left, named by its work and cleared by a passing `backup check`."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests import backup_fixtures
from tests.helpers import open_db, run
from workstation import audit
from workstation.backup import backup_entry, create_backup, restore_backup
from workstation.backup_restore import restore_entry
from workstation.importing.complaints import import_complaints, import_entry
from workstation.repair import MARKER, boot_id

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)

HEADER = "投诉编号,投诉时间,投诉人,联系电话,被投诉方,投诉内容,投诉类别,处理状态"
ROWS = ["TS1,2026-03-06 10:00:00,张,13800138001,,骚扰电话,其他,已受理",
        "TS2,2026-03-06 11:00:00,李,13800138002,,推销电话,其他,已受理"]


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8"))
    return path


def entries(db, action: str) -> list[tuple]:
    return db.execute("SELECT entity, entity_id, actor, before_digest, after_digest FROM audit WHERE action = ? "
                      "ORDER BY seq", [action]).fetchall()


# --- complaint imports -----------------------------------------------------------------------------------------


def test_each_imported_complaint_file_leaves_one_audit_entry_with_its_counts(db, tmp_path):
    first = write_csv(tmp_path / "hotline-march.csv", ROWS)
    again = write_csv(tmp_path / "hotline-again.csv", [*ROWS, "TS3,2026-03-07 09:00:00,王,13800138003,,广告短信,其他,已受理"])
    result = import_complaints(db, [first, again])
    assert [(f.imported, f.duplicates) for f in result.files] == [(2, 0), (1, 2)]
    actor = audit.current_actor()
    found = entries(db, "import")
    assert [(e[0], e[1], e[2], e[3]) for e in found] == [("complaints", "hotline-march.csv", actor, ""),
                                                         ("complaints", "hotline-again.csv", actor, "")]
    assert [e[4] for e in found] == [audit.digest(import_entry(f, actor)) for f in result.files]
    assert import_entry(result.files[1], actor) == {
        "file": "hotline-again.csv", "profile": result.files[1].profile, "rows": 3, "imported": 1, "duplicates": 2,
        "updated": 0, "officer": actor}
    assert audit.verify(db)["valid"]
    # a file whose every row is stored already changes nothing and leaves no entry
    assert import_complaints(db, [first]).files[0].duplicates == 2
    assert len(entries(db, "import")) == 2


def test_a_dry_run_or_a_refused_complaint_file_leaves_no_audit_entry(db, tmp_path):
    import_complaints(db, [write_csv(tmp_path / "trial.csv", ROWS)], dry_run=True)
    refused = import_complaints(db, [write_csv(tmp_path / "bad.csv", ["TS9,not a time,张,13800138001,,骚扰,其他,"])])
    assert refused.files[0].refused
    assert entries(db, "import") == []


# --- backups and restores --------------------------------------------------------------------------------------


def test_a_backup_made_and_a_restore_are_in_the_audit_log_and_the_chain_stays_intact(capsys, copy_template):
    data = copy_template("plain")
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--json")
    assert code == 0, err
    made = json.loads(out)
    db = open_db(data)
    try:
        actor = audit.current_actor()
        found = entries(db, "backup")
        assert [(e[0], e[1], e[2]) for e in found] == [("database", made["id"], actor)]
        assert found[0][4] == audit.digest(backup_entry(made["id"], made["created"], Path(made["path"]).parent,
                                                         made["encrypted"], made["files"], actor))
        before_restore = db.execute("SELECT MAX(seq) FROM audit").fetchone()[0]
    finally:
        db.conn.close()
    code, out, err = run(capsys, "--data-dir", data, "backup", "restore", made["id"], "--json")
    assert code == 0, err
    restored = json.loads(out)
    db = open_db(data)
    try:
        # the restored log is the backup's (without the entry of the backup itself, made after it), then the restore
        assert entries(db, "backup") == []
        last = db.execute("SELECT seq, action, entity, entity_id, actor, after_digest FROM audit "
                          "ORDER BY seq DESC LIMIT 1").fetchone()
        assert last[0] == before_restore
        assert last[1:5] == ("restore", "database", made["id"], audit.current_actor())
        assert last[5] == audit.digest(restore_entry(made["id"], made["created"], restored["kept"],
                                                     audit.current_actor()))
    finally:
        db.conn.close()
    code, out, err = run(capsys, "--data-dir", data, "audit", "verify", "--json")
    assert code == 0 and json.loads(out)["valid"] is True, err


def test_a_restore_in_an_encrypted_data_directory_is_audited_too(copy_template):
    data = copy_template("encrypted")
    db = open_db(data)
    try:
        made = create_backup(db, data)
    finally:
        db.conn.close()
    restore_backup(data, made["id"])
    db = open_db(data)
    try:
        assert db.execute("SELECT action, entity_id FROM audit ORDER BY seq DESC LIMIT 1").fetchone() == \
            ("restore", made["id"])
        assert audit.verify(db)["valid"]
    finally:
        db.conn.close()


# --- open markers of killed commands ---------------------------------------------------------------------------


def gone_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def leave_marker(data: Path, work: list[str]) -> Path:
    folder = data / MARKER
    folder.mkdir(exist_ok=True)
    pid = gone_pid()
    marker = folder / f"{pid}.json"
    marker.write_text(json.dumps({"pid": pid, "time": time.time(), "boot": boot_id(), "program": "command",
                                  "work": work}), encoding="utf-8")
    return marker


def test_a_passing_backup_check_clears_a_killed_commands_marker_and_names_its_work(capsys, copy_template, english):
    data = copy_template("plain")
    marker = leave_marker(data, ["Importing complaints"])
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert (code, out) == (0, "No problems found.\n")
    assert "Importing complaints" in err
    assert not marker.exists() and list(data.glob(f"{MARKER}/*.json")) == []
    # the next check has nothing left to report
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0 and "Importing complaints" not in err


def test_a_failing_backup_check_keeps_the_database_marked_as_needing_a_check(capsys, copy_template, monkeypatch):
    from workstation import repair

    data = copy_template("plain")
    marker = leave_marker(data, [])
    monkeypatch.setattr(repair, "quick_check", lambda db: ["Database page 7 is damaged."])
    code, _out, _err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 1
    assert not marker.exists()  # the killed command's marker is replaced by the note of the problem not repaired
    assert repair.unrepaired(data)["problem"] == "Database page 7 is damaged." and repair.was_unclean(data)


def test_command_line_imports_and_backups_name_their_work_in_the_open_marker(capsys, copy_template, tmp_path,
                                                                              monkeypatch, english):
    from workstation import backup
    from workstation.importing import complaints

    data = copy_template("plain")
    seen: dict[str, list] = {}

    def markers() -> list:
        return [json.loads(p.read_text(encoding="utf-8")).get("work") for p in (data / MARKER).glob("*.json")]

    real_import, real_backup = complaints.import_complaints, backup.create_backup

    def importing(*args, **kwargs):
        seen["import"] = markers()
        return real_import(*args, **kwargs)

    def backing_up(*args, **kwargs):
        seen["backup"] = markers()
        return real_backup(*args, **kwargs)

    monkeypatch.setattr(complaints, "import_complaints", importing)
    monkeypatch.setattr(backup, "create_backup", backing_up)
    assert run(capsys, "--data-dir", data, "complaints", "import", write_csv(tmp_path / "h.csv", ROWS))[0] == 0
    assert run(capsys, "--data-dir", data, "backup", "create")[0] == 0
    assert seen == {"import": [["Importing complaints h.csv"]], "backup": [["Backing up"]]}  # the file named
    assert list(data.glob(f"{MARKER}/*.json")) == []  # each command closed its marker again
