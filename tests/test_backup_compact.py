"""A backup leaves the database's free pages out (``VACUUM INTO``), and ``backup compact`` gives them back to the
disk once (after m033 a big station's file kept its size), refused before anything changes when the disk lacks the
room."""

from __future__ import annotations

import json

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import backup_of, data_digest, full_check_of, open_db
from workstation.backup import restore_backup
from workstation.cli import main
from workstation.paths import database_path

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)

FREED = 8 << 20  # what ``with_free_pages`` frees: far more than the demo's own pages


def with_free_pages(data_dir) -> None:
    """Free about 8 MiB of pages, as a big delete (or m033 on a big station) does: the file keeps its size."""
    db = open_db(data_dir)
    try:
        db.execute("CREATE TABLE scratch (x BLOB)")
        db.conn.executemany("INSERT INTO scratch VALUES (randomblob(?))", [(4000,)] * (FREED // 4000))
        db.execute("DROP TABLE scratch")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert int(db.execute("PRAGMA freelist_count").fetchone()[0]) * 4096 >= FREED * 0.9
    finally:
        db.conn.close()


def contents(data_dir) -> dict[str, list]:
    """Every row of every table of the database, by table."""
    db = open_db(data_dir)
    try:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                           "'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
        return {t: sorted(map(repr, db.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}
    finally:
        db.conn.close()


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
def test_a_backup_leaves_the_free_pages_out_and_restores_the_same_data(copy_template, kind, english):
    data = copy_template(kind)
    with_free_pages(data)
    held = contents(data)
    file_size = database_path(data).stat().st_size
    made = backup_of(data)
    # the backup holds the pages in use, not the 8 MiB free (the demo's database is about 2 MiB)
    assert made["size"] < file_size - FREED * 0.8
    db = open_db(data)
    db.execute("UPDATE cases SET facts = '备份后改动' WHERE rowid = 1")
    db.conn.close()
    restore_backup(data, made["id"])
    # every row as before the backup; the audit log goes on (the backup and the restore are audited after the copy)
    restored = contents(data)
    audit = held.pop("audit")
    assert set(audit) < set(restored.pop("audit"))
    without_head = [{k: [r for r in rows if "audit_head" not in r] for k, rows in c.items()} for c in (restored, held)]
    assert without_head[0] == without_head[1]
    assert full_check_of(data) == []


def test_compact_gives_the_free_pages_back_and_keeps_every_row(capsys, copy_template, english):
    data = copy_template("plain")
    with_free_pages(data)
    held, before = contents(data), database_path(data).stat().st_size
    code, out, err = run(capsys, "--data-dir", data, "backup", "compact", "--json")
    assert code == 0, err
    result = json.loads(out)
    after = database_path(data).stat().st_size
    assert result == {"before": before, "after": after, "freed": before - after}
    assert after < before - FREED * 0.8
    assert contents(data) == held and full_check_of(data) == []
    assert not list(data.glob(".compact-*"))
    # once compacted there is nothing worth doing again: said, nothing changed
    code, out, _err = run(capsys, "--data-dir", data, "backup", "compact")
    assert code == 0 and out.startswith("The database has few free pages") and \
        database_path(data).stat().st_size == after


def test_compact_is_refused_when_the_disk_lacks_the_room(capsys, copy_template, monkeypatch, english):
    from workstation import compaction

    data = copy_template("plain")
    with_free_pages(data)
    before = data_digest(data)
    monkeypatch.setattr(compaction, "disk_free", lambda folder: 1 << 20)  # 1 MiB free on the data disk
    code, out, err = run(capsys, "--data-dir", data, "backup", "compact")
    assert (code, out) == (1, "")
    assert err.startswith("Error: Compacting the database needs ") and "which has 1.0 MiB" in err
    assert "Nothing was changed." in err and str(data) in err
    assert data_digest(data) == before and not list(data.glob(".compact-*"))


@pytest.mark.parametrize("stage", ["Writing a compact copy", "Putting the compact copy in place"])
def test_cancel_during_compaction_leaves_the_database_as_it_was(copy_template, stage, english):
    from workstation.compaction import compact_database
    from workstation.errors import Cancelled
    from workstation.progress import CancelToken

    data = copy_template("encrypted")
    with_free_pages(data)
    db = open_db(data)
    db.execute("CREATE TABLE padding (x BLOB)")  # pages in use enough for several looks at Cancel
    db.execute("INSERT INTO padding VALUES (randomblob(?))", [6 << 20])
    db.conn.close()
    held, size = contents(data), database_path(data).stat().st_size
    cancel, seen = CancelToken(), []

    def progress(done, total, message):
        seen.append(message)
        if message == stage:
            cancel.cancel()

    db = open_db(data)
    try:
        with pytest.raises(Cancelled):
            compact_database(db, data, progress=progress, cancel=cancel)
    finally:
        db.conn.close()
    assert stage in seen and not list(data.glob(".compact-*"))
    assert contents(data) == held and full_check_of(data) == []
    assert database_path(data).stat().st_size >= size - (1 << 20)  # not shortened


def _dead_pid() -> int:
    """The id of a process that has ended."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(done.stdout)


def test_a_copy_a_killed_compaction_left_is_removed_when_the_data_is_opened_and_said_once(capsys, copy_template,
                                                                                           english):
    import shutil

    data = copy_template("encrypted")
    database = database_path(data)
    dead = _dead_pid()
    left = [data / f".compact-{dead}-workstation.db", data / f".compact-{dead}-workstation.db-journal",
            data / ".compact-workstation.db"]  # the last as the first version of `backup compact` named it
    for path in left:
        shutil.copyfile(database, path)  # a whole copy of the (encrypted) data
    running = data / ".compact-1-workstation.db"  # process 1 runs: its compaction is at work and keeps its copy
    shutil.copyfile(database, running)
    held = contents(data)
    code, _out, err = run(capsys, "--data-dir", data, "audit", "verify")
    assert code == 0, err
    assert err.count("Note: A compact copy of the database that a compaction cut off last time had left in") == 1
    assert str(data) in err and "The database itself was not changed." in err
    assert not any(path.exists() for path in left) and running.exists()
    assert contents(data) == held
    # said once: the next opening finds nothing left to remove and says nothing of it
    code, _out, err = run(capsys, "--data-dir", data, "audit", "verify")
    assert code == 0 and "compact copy" not in err


def test_a_copy_is_found_by_name_without_importing_the_compaction_module(tmp_path):
    import subprocess
    import sys

    from tests.backup_fixtures import PROJECT

    code = ("import sys; from workstation.repair import mark_open, swept; mark_open(sys.argv[1]); "
            "print('workstation.compaction' in sys.modules, len(swept()))")
    data = tmp_path / "data"
    data.mkdir()
    clean = subprocess.run([sys.executable, "-c", code, str(data)], cwd=PROJECT, capture_output=True, text=True,
                           check=True)
    (data / f".compact-{_dead_pid()}-workstation.db").write_bytes(b"x" * 4096)
    dirty = subprocess.run([sys.executable, "-c", code, str(data)], cwd=PROJECT, capture_output=True, text=True,
                           check=True)
    assert (clean.stdout.split(), dirty.stdout.split()) == (["False", "0"], ["True", "1"])
    assert not list(data.glob(".compact-*"))


def test_compact_is_refused_while_another_program_has_the_data_open(capsys, copy_template, english):
    import subprocess
    import sys
    import time

    from workstation.repair import boot_id

    data = copy_template("plain")
    with_free_pages(data)
    before = data_digest(data)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        (data / ".open").mkdir(exist_ok=True)
        (data / ".open" / f"{other.pid}.json").write_text(json.dumps(
            {"pid": other.pid, "time": time.time(), "boot": boot_id(), "program": "window"}), encoding="utf-8")
        code, out, err = run(capsys, "--data-dir", data, "backup", "compact")
    finally:
        other.kill()
        other.wait()
    assert (code, out) == (1, "")
    assert f"the workstation's window open on the same data (process {other.pid})" in err
    assert err.startswith("Error: The database cannot be compacted while") and "Nothing was changed." in err
    assert data_digest(data) == before and not list(data.glob(".compact-*"))
