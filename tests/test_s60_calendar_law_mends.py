# ruff: noqa: F811 - the station fixture imported from test_s51_law_data is used by name
"""Mends of the calendar and legal data change: `law files` lists the files of encrypted data without its
passphrase (the audit of hand changes is at best); a `law copy --force` the disk refuses leaves the bureau's copy in
use; a refusal of a changed amount names the figure to write back as the file writes it, in fen; the window's question
before removing a year file names another file of the calendar folder giving that year, as the command line does; and
`calendar import --replace` over a file of the calendar folder lists the days that change."""

from __future__ import annotations

import errno
import re
import shutil

import pytest

from tests.helpers import full_2027, run
from tests.test_s51_law_data import station  # noqa: F401
from workstation import paths
from workstation.law import data as law_data
from workstation.security import keyring, session
from workstation.workdays import reload_calendars

PASS = "correct horse battery"
FAST = {"memory_kib": 1024, "iterations": 1, "lanes": 1}


@pytest.fixture(autouse=True)
def _calendars_forgotten():
    reload_calendars()
    yield
    reload_calendars()


def _copy(folder, name: str, old: str, new: str):
    text = paths.resource("law", f"{name}.toml").read_text(encoding="utf-8")
    assert old in text, old
    target = folder / "law" / f"{name}.toml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def _problem(name: str) -> str:
    problems = [p for p in law_data.problems() if f"{name}.toml" in p]
    assert len(problems) == 1, law_data.problems()
    return problems[0]


# ---- 1. law files on encrypted data, without the passphrase ----------------------------------------------------------

@pytest.fixture
def encrypted(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    monkeypatch.setattr(law_data, "_PARSED", {})
    data = tmp_path / "secure"
    code, _out, err = run(capsys, "--data-dir", data, "init", "--agency", "440605")
    assert code == 0, err
    session._KEYS.clear()
    previous = paths.use_data_dir(data)
    yield data
    paths.use_data_dir(previous)
    session._KEYS.clear()


def test_law_files_lists_the_files_of_encrypted_data_without_its_passphrase(encrypted, capsys, monkeypatch,
                                                                             english):
    (encrypted / "law").mkdir()
    copied = _copy(encrypted, "discretion", "# ", "#  ")
    monkeypatch.delenv("WORKSTATION_PASSPHRASE")
    code, out, err = run(capsys, "--data-dir", encrypted, "law", "files")
    assert code == 0, err
    assert f"discretion: the bureau's copy {copied}" in out, out
    assert "clocks: the shipped file" in out, out
    assert "audited the next time the data is opened" in err, err  # the audit left for later is said


# ---- 2. a law copy --force the disk refuses -------------------------------------------------------------------------

def test_a_law_copy_force_the_disk_refuses_leaves_the_bureau_s_copy_in_use(db, station, capsys, monkeypatch, english):
    edited = _copy(station, "clocks", "# ", "#  ")
    text = edited.read_text(encoding="utf-8")

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", disk_full)
    code, _out, err = run(capsys, "--data-dir", station, "law", "copy", "clocks", "--force")
    assert code == 1 and "cannot be made" in err, err
    assert edited.read_text(encoding="utf-8") == text  # the bureau's copy still where the program reads it
    assert sorted(p.name for p in (station / "law").iterdir()) == ["clocks.toml"]  # nothing moved aside or left half
    actions = [row[0] for row in db.execute("SELECT action FROM audit WHERE entity = 'law'")]
    assert "replace" not in actions


def test_a_law_copy_force_still_keeps_the_replaced_copy_and_puts_the_shipped_file_in_place(db, station, capsys,
                                                                                          english):
    edited = _copy(station, "clocks", "# ", "#  ")
    text = edited.read_text(encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", station, "law", "copy", "clocks", "--force")
    assert code == 0, err
    assert edited.read_bytes() == paths.resource("law", "clocks.toml").read_bytes()
    (kept,) = sorted((station / "law").glob("clocks.*T*.toml"))
    assert kept.read_text(encoding="utf-8") == text and str(kept) in out
    assert sorted(p.name for p in (station / "law").iterdir()) == sorted(["clocks.toml", kept.name])


# ---- 3. the figure to write back, in fen as the file writes it ------------------------------------------------------

def test_a_changed_fine_range_is_to_be_written_back_in_fen(station, english):
    _copy(station, "catalogue", "no_gains_fen = [0, 50_000_000]", "no_gains_fen = [0, 30_000_000]")
    problem = _problem("catalogue")
    assert "write [0, 50_000_000] ([¥0.00, ¥500,000.00]) back" in problem, problem


def test_a_raised_hearing_amount_is_to_be_written_back_in_fen(station, english):
    _copy(station, "thresholds", "organisation_fen = 10_000_000        # ¥100,000",
          "organisation_fen = 20_000_000")
    problem = _problem("thresholds")
    assert "write 10_000_000 (¥100,000.00) back or less" in problem, problem


def test_a_changed_period_is_to_be_written_back_as_it_was(station, english):
    t4 = 'title = "当事人陈述、申辩及申请听证"\nperiod = 5\nunit = "wd"'
    _copy(station, "clocks", t4, t4.replace("period = 5", "period = 3"))
    assert re.search(r"write 5 back\b", _problem("clocks"))


# ---- 6. the window and the command line say the same --------------------------------------------------------------

OTHER_2027 = full_2027("测试：另一份2027文件").replace(
    "workdays = [2027-02-20, 2027-09-26, 2027-10-09]", "workdays = [2027-09-26, 2027-10-09]")


def test_the_window_s_removal_question_names_another_file_of_the_calendar_folder(db, data_dir, prompts, english):
    from ui.deadlines import remove_calendar_file

    folder = data_dir / "calendar"
    folder.mkdir(exist_ok=True)
    (folder / "2027.toml").write_text(full_2027(), encoding="utf-8")
    stray = folder / "2027 - 副本.toml"
    stray.write_text(OTHER_2027, encoding="utf-8")
    prompts.choices.append(0)
    prompts.confirm_answer = False
    assert not remove_calendar_file(None, prompts, db)
    (asked,) = prompts.destructive
    assert str(stray) in asked, asked
    assert "1 day changes" in asked and "2027-02-20" in asked, asked  # the make-up day the other file lacks


def test_the_command_line_names_the_same_file_the_window_named(db, data_dir, capsys, english):
    folder = data_dir / "calendar"
    folder.mkdir(exist_ok=True)
    (folder / "2027.toml").write_text(full_2027(), encoding="utf-8")
    stray = folder / "2027 - 副本.toml"
    stray.write_text(OTHER_2027, encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "remove", "2027")
    assert code == 0, err
    assert str(stray) in out, out


def test_replacing_a_file_of_the_calendar_folder_lists_the_days_that_change(db, data_dir, capsys, tmp_path,
                                                                            english):
    folder = data_dir / "calendar"
    folder.mkdir(exist_ok=True)
    (folder / "2027.toml").write_text(full_2027(), encoding="utf-8")
    source = tmp_path / "source.toml"
    source.write_text(OTHER_2027, encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "import", source, "--replace")
    assert code == 0, err
    assert "1 day changes between working day and rest day" in out, out
    assert re.search(r"2027-02-20 \(\w+\): working day → rest day", out), out
