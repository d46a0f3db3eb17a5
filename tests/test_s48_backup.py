"""Backups (found by the backup audit): a put-back of the data a restore replaced keeps taken the numbers the data it
replaces had taken since the restore (文号, case-number counters), as a restore does, also when it is finished at the
next start, and says that the work done since the restore is not in the data put back; the rotation of backups never
removes the only other backup that verifies in full while those it keeps fail their check; two backups made in the
same second never take the same file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import OPEN_CASE, backup_of, open_db
from tests.helpers import run, run_json
from workstation import backup, backup_restore
from workstation.backup import BackupRefused, list_backups, restore_backup, verify_backup
from workstation.backup_format import HEADER_SIZE
from workstation.backup_replaced import list_replaced, put_back
from workstation.repair import mark_closed, mark_open

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
SUMMONS = {"appear_on": "2026-12-20", "appear_time": "上午9时30分", "appear_place": "本局询问室"}


def issue(capsys, data: Path, tmp_path: Path, name: str) -> str:
    """An inquiry notice issued on the open case; its 文号."""
    values = tmp_path / "summons.json"
    values.write_text(json.dumps(SUMMONS, ensure_ascii=False), encoding="utf-8")
    run_json(capsys, "--data-dir", data, "docs", "issue", OPEN_CASE, "--form", "inquiry_notice", "--values", values,
             "-o", tmp_path / f"{name}.pdf")
    return taken(data)[-1]


def taken(data: Path) -> list[str]:
    """The 文号 of inquiry notices taken here (issued or kept taken as voided), in the order of their serials."""
    db = open_db(data)
    try:
        return [r[0] for r in db.execute("SELECT number FROM doc_numbers WHERE number LIKE '%询%' "
                                         "ORDER BY year, serial")]
    finally:
        db.conn.close()


def counter(data: Path) -> int:
    """The case-number counter of the year 2099 (only ``take_case_numbers`` counts there)."""
    db = open_db(data)
    try:
        row = db.execute("SELECT last FROM number_sequences WHERE kind = 'case' AND year = 2099").fetchone()
        return row[0] if row else 0
    finally:
        db.conn.close()


def take_case_numbers(data: Path, last: int) -> None:
    """Case numbers taken up to ``last`` (the counter, as filing cases moves it)."""
    db = open_db(data)
    agency = db.execute("SELECT id FROM agencies ORDER BY id").fetchone()[0]
    db.execute("INSERT INTO number_sequences (agency_id, kind, year, last) VALUES (?, 'case', 2099, ?) "
               "ON CONFLICT(agency_id, kind, year) DO UPDATE SET last = excluded.last", [agency, last])
    db.conn.close()


# 1. a put-back keeps taken the numbers taken since the restore ---------------------------------------------------
def test_a_put_back_keeps_taken_the_numbers_the_data_it_replaces_took_since_the_restore(capsys, copy_template,
                                                                                         tmp_path, english):
    data = copy_template("plain")
    made = run_json(capsys, "--data-dir", data, "backup", "create")
    first = issue(capsys, data, tmp_path, "i1")
    restored = run_json(capsys, "--data-dir", data, "backup", "restore", made["id"])
    second = issue(capsys, data, tmp_path, "i2")
    assert second != first  # the restore kept the first taken
    take_case_numbers(data, 5)  # case numbers taken since the restore too
    kept = Path(restored["kept"]).name
    result = run_json(capsys, "--data-dir", data, "backup", "put-back", kept)
    assert second in taken(data) and counter(data) == 5
    third = issue(capsys, data, tmp_path, "i3")
    assert third not in (first, second)
    assert result["numbers_carried"] == 1
    # the officer is told that the work done since the restore is not in the data put back
    when = result["replaced_at"][:16].replace("T", " ")
    assert f"The work done since {when}" in result["advice"] and result["kept"] in result["advice"]
    code, out, _err = run(capsys, "--data-dir", data, "backup", "put-back",
                          Path(result["kept"]).name)  # the put-back undone: the numbers taken since stay taken
    assert code == 0 and "is not in the data put back" in out
    assert {first, second, third} <= set(taken(data))


def test_a_put_back_finished_at_the_next_start_keeps_the_numbers_taken_too(capsys, copy_template, tmp_path,
                                                                          monkeypatch, english):
    data = copy_template("plain")
    made = backup_of(data)
    first = issue(capsys, data, tmp_path, "i1")
    kept = Path(restore_backup(data, made["id"])["kept"])
    second = issue(capsys, data, tmp_path, "i2")

    class Crash(BaseException):
        pass

    def crash_after(folder):
        raise Crash()

    with monkeypatch.context() as m:  # the set's database in place, the journal not yet removed: the process dies
        m.setattr(backup_restore, "fsync_dir", crash_after)
        m.setattr(backup_restore, "_undo", lambda *args, **kwargs: None)
        m.setattr(shutil, "rmtree", lambda *args, **kwargs: None)
        with pytest.raises(Crash):
            put_back(data, kept.name)
    code, _out, err = run(capsys, "--data-dir", data, "stats")  # the next start finishes it
    assert code == 0 and f"The put-back of {kept.name}" in err and "is not in the data put back" in err
    assert not kept.is_dir() and [r["kind"] for r in list_replaced(data)] == ["put_back"]
    assert second in taken(data)
    assert issue(capsys, data, tmp_path, "i3") not in (first, second)
    mark_open(data)
    mark_closed(data)


# 2. the rotation keeps a backup that verifies ---------------------------------------------------------------------
def damage(path: Path) -> None:
    """64 bytes overwritten in the middle of the backup's payload."""
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(HEADER_SIZE + (size - HEADER_SIZE) // 2)
        fh.write(b"\xa5" * 64)


def test_the_rotation_keeps_the_newest_backup_that_verifies_when_those_kept_are_damaged(capsys, copy_template,
                                                                                        english):
    data = copy_template("plain")
    good = run_json(capsys, "--data-dir", data, "backup", "create", "--keep", "2")
    bad = run_json(capsys, "--data-dir", data, "backup", "create")
    damage(Path(bad["path"]))
    with pytest.raises(BackupRefused, match="damaged"):
        verify_backup(data, bad["path"])
    code, out, err = run(capsys, "--data-dir", data, "backup", "create")
    assert code == 0, err
    assert Path(good["path"]).is_file()  # the only other backup that verifies stays
    assert bad["id"] in out and "damaged" in out
    listed = [b["id"] for b in list_backups(data)]
    assert good["id"] in listed and bad["id"] in listed
    result = run_json(capsys, "--data-dir", data, "backup", "create")  # once a good one is kept, the old ones go
    assert result["damaged"] == [] and good["id"] in result["removed"]
    assert Path(result["path"]).is_file()
    assert verify_backup(data, [b for b in list_backups(data) if b["id"] != result["id"]][0]["path"])["valid"]


def test_the_rotation_of_good_backups_removes_as_before(capsys, copy_template, english):
    data = copy_template("plain")
    made = [run_json(capsys, "--data-dir", data, "backup", "create", "--keep", "2") for _n in range(3)]
    assert made[2]["removed"] == [made[0]["id"]] and made[2]["damaged"] == []


# 3. two backups in the same second -------------------------------------------------------------------------------
def test_a_backup_never_takes_the_file_another_backup_put_in_place_meanwhile(capsys, copy_template, monkeypatch,
                                                                            english):
    data = copy_template("plain")
    other = backup_of(data)  # what the other process put in place: copied to our name just before our rename
    before = Path(other["path"]).read_bytes()
    real = backup.write_archive
    taken_names = []

    def write_then_the_other_finishes(part, *args, **kwargs):
        written = real(part, *args, **kwargs)
        final = part.with_name(part.name.rsplit(".", 2)[0])
        shutil.copy(other["path"], final)  # the other backup of the same second, in place first
        taken_names.append(final)
        return written

    monkeypatch.setattr(backup, "write_archive", write_then_the_other_finishes)
    made = run_json(capsys, "--data-dir", data, "backup", "create")
    [final] = taken_names
    assert made["path"] != str(final) and Path(made["path"]).is_file()
    assert final.read_bytes() == before  # the other backup is whole
    assert verify_backup(data, made["path"])["valid"]
    db = open_db(data)
    try:
        audited = [r[0] for r in db.execute("SELECT entity_id FROM audit WHERE action = 'backup'")]
    finally:
        db.conn.close()
    assert audited[-1] == made["id"] and not list(Path(made["path"]).parent.glob("*.part"))
