"""The command-line contract (shared/CLI.md) as the audit of 2026-12-05 found it broken: Ctrl+C after the work was
saved said "nothing was changed" with exit 1 (which CLI.md keeps for nothing changed) — it now says the work done
before the interrupt is saved, exit 130, and an interrupt that saved nothing still says nothing changed; Ctrl+C as a
transaction of ``atomic`` commits is too late to undo it, and the command goes on to say what it saved; Ctrl+C as the
command ends (its database closing) prints no traceback; a bundle that cannot be read (an input/output error) is refused naming the
file, not an internal error; an empty --from, --to, --district or --trace is refused naming the option rather than
read as no limit or as 0; a refusal leaves no log in the folder of another program's SQLite database; and a business
name written with a rare character (𠮷, 䶮) is screened whole, and withheld from the log as any Chinese text."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import run
from workstation.paths import database_path

COMPLAINTS = """工单编号,受理时间,来电号码,诉求人,诉求地址,内容描述,被反映对象,所属区
GD0001,2026-11-02 09:10,13800138000,张先生,佛山市禅城区祖庙路1号,本人经常接到佛山市禅城区𠮷祥房产有限公司的推销电话13912345678，严重骚扰,佛山市禅城区𠮷祥房产有限公司,禅城区
GD0002,2026-11-03 10:00,13700137000,李女士,佛山市禅城区祖庙路2号,佛山市禅城区𠮷祥房产有限公司用13912345678一直打电话推销楼盘，泄露我的个人信息,佛山市禅城区𠮷祥房产有限公司,禅城区
"""


def count(data_dir: Path, table: str) -> int:
    conn = sqlite3.connect(database_path(data_dir))
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def station(data_dir, capsys):
    assert run(capsys, "--data-dir", data_dir, "init", "--plaintext")[0] == 0
    return data_dir


@pytest.fixture
def complaints_file(tmp_path):
    path = tmp_path / "投诉.csv"
    path.write_text(COMPLAINTS, encoding="utf-8")
    return path


def interrupted_after(monkeypatch, module, name):
    """``module.name`` doing its work, then Ctrl+C arriving the moment it returns (its work saved)."""
    real = getattr(module, name)

    def interrupted(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(module, name, interrupted)


class _Connection:
    """A connection on which Ctrl+C arrives at the COMMIT of a write transaction: ``before`` it is executed (the
    transaction is rolled back, nothing of it saved) or once it is done (saved)."""

    def __init__(self, conn, *, before: bool):
        self._conn = conn
        self.before = before
        self.fired = False

    def execute(self, sql, *args):
        if sql == "COMMIT" and not self.fired and self.before:
            self.fired = True
            raise KeyboardInterrupt
        cursor = self._conn.execute(sql, *args)
        if sql == "COMMIT" and not self.fired:
            self.fired = True
            raise KeyboardInterrupt
        return cursor

    def __getattr__(self, name):
        return getattr(self._conn, name)


def interrupted_at_commit(monkeypatch, *, before: bool) -> list:
    """The complaints import run on a ``_Connection``; the connections made, to see that the interrupt came."""
    from workstation.importing import complaints

    real = complaints.import_complaints
    made = []

    def importing(db, *args, **kwargs):
        made.append(_Connection(db.conn, before=before))
        db.conn = made[-1]
        try:
            return real(db, *args, **kwargs)
        finally:
            db.conn = made[-1]._conn

    monkeypatch.setattr(complaints, "import_complaints", importing)
    return made


# 1. Ctrl+C after the work is saved

def test_ctrl_c_once_the_complaints_are_imported_says_they_are_saved(station, complaints_file, capsys, monkeypatch,
                                                                      english):
    from workstation.importing import complaints

    interrupted_after(monkeypatch, complaints, "import_complaints")
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", complaints_file)
    assert count(station, "complaints") == 2
    assert "nothing was changed" not in err
    assert "Interrupted; what was done before the interrupt is saved: check it with `audit list`" in err
    assert code == 130  # not 1, which CLI.md keeps for nothing changed


def test_ctrl_c_before_the_import_saved_anything_says_nothing_changed(station, complaints_file, capsys, monkeypatch,
                                                                      english):
    made = interrupted_at_commit(monkeypatch, before=True)
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", complaints_file)
    assert made and made[0].fired
    assert count(station, "complaints") == 0  # its rows were written, then rolled back
    assert err.strip().splitlines()[-1] == "Interrupted; nothing was changed."
    assert code == 1


def test_ctrl_c_once_a_dry_run_returned_says_nothing_changed(station, complaints_file, capsys, monkeypatch, english):
    from workstation.importing import complaints

    interrupted_after(monkeypatch, complaints, "import_complaints")  # its rows written in a savepoint, undone
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", complaints_file, "--dry-run")
    assert count(station, "complaints") == 0
    assert err.strip().splitlines()[-1] == "Interrupted; nothing was changed."
    assert code == 1


def test_ctrl_c_as_the_import_commits_is_too_late_and_the_import_is_reported(station, complaints_file, capsys,
                                                                            monkeypatch, english):
    made = interrupted_at_commit(monkeypatch, before=False)
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", complaints_file, "--json")
    assert made and made[0].fired
    assert count(station, "complaints") == 2
    assert code == 0, err
    assert json.loads(out)["imported"] == 2


def test_ctrl_c_once_the_demo_is_loaded_into_new_data_keeps_it_and_says_so(data_dir, capsys, monkeypatch, english):
    from workstation import demo

    interrupted_after(monkeypatch, demo, "load_demo")
    code, out, err = run(capsys, "--data-dir", data_dir, "demo", "--without-complaints")
    assert "Interrupted; what was done before the interrupt is saved" in err
    assert code == 130
    assert count(data_dir, "cases") == 36  # the new data kept, as said


def test_ctrl_c_once_a_backup_is_restored_says_the_data_was_replaced(station, complaints_file, capsys, monkeypatch,
                                                                     english):
    from workstation import backup

    assert run(capsys, "--data-dir", station, "backup", "create")[0] == 0
    code, out, err = run(capsys, "--data-dir", station, "backup", "list", "--json")
    backup_id = json.loads(out)[0]["id"]
    assert run(capsys, "--data-dir", station, "complaints", "import", complaints_file)[0] == 0
    interrupted_after(monkeypatch, backup, "restore_backup")
    code, out, err = run(capsys, "--data-dir", station, "backup", "restore", backup_id)
    assert count(station, "complaints") == 0  # the backup's data is in place
    assert "Interrupted; what was done before the interrupt is saved" in err
    assert code == 130


# 2. Ctrl+C as the command ends

def ctrl_c():
    """Ctrl+C pressed now: SIGINT to this process, raised (by default) as KeyboardInterrupt at once."""
    os.kill(os.getpid(), signal.SIGINT)


@pytest.mark.parametrize("during", ["the database's close", "the data marked closed"])
def test_ctrl_c_as_the_command_ends_prints_no_traceback(station, capsys, monkeypatch, during, english):
    from workstation import cli, repair
    from workstation.db import driver

    fired = []
    if during == "the database's close":
        real, real_open = driver._HeldConnection.close, cli._open

        def opening(args, **kwargs):  # the command's database, closed as it ends
            db = real_open(args, **kwargs)
            db.conn.ends_command = True
            return db

        def close(self):
            real(self)  # folds the -wal in: the moment a Ctrl+C came in the audit
            if getattr(self, "ends_command", False) and not fired:
                fired.append(True)
                ctrl_c()

        monkeypatch.setattr(cli, "_open", opening)
        monkeypatch.setattr(driver._HeldConnection, "close", close)
    else:
        real_closed = repair.mark_closed

        def mark_closed(data_dir):
            fired.append(True)
            ctrl_c()
            real_closed(data_dir)

        monkeypatch.setattr(repair, "mark_closed", mark_closed)
    try:
        code, out, err = run(capsys, "--data-dir", station, "stats", "--json")
    except KeyboardInterrupt:
        pytest.fail("the interrupt went out of the command, with its traceback")
    assert fired
    assert code == 0 and json.loads(out)["cases"]["total"] == 0
    assert not driver.holds_open(database_path(station))  # closed all the same
    assert not (station / repair.MARKER).exists()  # and marked closed


# 3. a bundle that cannot be read

@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs a file whose reading fails (Linux)")
@pytest.mark.parametrize("action", ["verify", "import"])
def test_a_bundle_that_cannot_be_read_is_refused_naming_it(station, tmp_path, capsys, action, english):
    bundle = tmp_path / "来自南海.bundle"
    bundle.symlink_to("/proc/self/mem")  # opens, and every read of it fails (EIO)
    code, out, err = run(capsys, "--data-dir", station, "bundle", action, bundle)
    assert code == 1
    assert "Internal error" not in err
    assert err.startswith(f"Error: {bundle} cannot be read: ")
    assert "input/output error" in err


# 4. empty option values

@pytest.mark.parametrize("argv, option", [
    (["stats", "--from", ""], "--from"),
    (["stats", "--to", " "], "--to"),
    (["stats", "export", "-o", "统计.csv", "--from", ""], "--from"),
    (["report", "campaign", "-o", "通报.pdf", "--to", ""], "--to"),
    (["cases", "list", "--district", ""], "--district"),
    (["law", "criminal", "--trace", ""], "--trace"),
    (["law", "criminal", "--trace", "6000", "--gains", ""], "--gains"),
])
def test_an_empty_option_value_is_refused_naming_the_option(station, tmp_path, capsys, monkeypatch, argv, option,
                                                           english):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--data-dir", station, *argv)
    assert code == 1, (out, err)
    assert err.startswith(f"Error: {option}: ") and "empty" in err
    assert out == ""
    assert not (tmp_path / "统计.csv").exists() and not (tmp_path / "通报.pdf").exists()


def test_options_left_out_still_mean_no_limit(station, capsys, english):
    assert run(capsys, "--data-dir", station, "stats")[0] == 0
    assert run(capsys, "--data-dir", station, "cases", "list")[0] == 0
    assert run(capsys, "--data-dir", station, "law", "criminal", "--trace", "50")[0] == 0


# 5. no log in another program's folder

def test_a_refusal_leaves_no_log_in_the_folder_of_another_programs_database(tmp_path, capsys, english):
    folder = tmp_path / "other"
    folder.mkdir()
    conn = sqlite3.connect(folder / "workstation.db")
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "--data-dir", folder, "stats")
    assert code == 1 and "another program" in err
    assert sorted(p.name for p in folder.iterdir()) == ["workstation.db"]


def test_the_workstations_own_data_keeps_its_log(station, capsys):
    assert run(capsys, "--data-dir", station, "stats")[0] == 0
    assert (station / "logs" / "workstation.log").is_file()


# 6. business names with rare characters

@pytest.mark.parametrize("rare", ["𠮷", "䶮", "\U0002a6a5"])
def test_a_business_name_with_a_rare_character_is_screened_whole(station, tmp_path, capsys, rare, english):
    path = tmp_path / "投诉.csv"
    path.write_text(COMPLAINTS.replace("𠮷", rare), encoding="utf-8")
    assert run(capsys, "--data-dir", station, "complaints", "import", path)[0] == 0
    code, out, err = run(capsys, "--data-dir", station, "leads", "screen", "--json")
    assert code == 0, err
    businesses = {name for lead in json.loads(out)["leads"] for name in lead["businesses"]}
    assert f"佛山市禅城区{rare}祥房产有限公司" in businesses
    assert "祥房产有限公司" not in businesses


def test_the_log_withholds_a_name_written_with_a_rare_character():
    from workstation.log import scrub

    assert scrub("当事人王𠮷明") == "[zh:6]"
