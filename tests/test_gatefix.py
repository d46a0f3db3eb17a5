"""Refused before anything is offered, and import results an officer can read: the encryption of an earlier
version's data is offered only for a database this version can open (a newer version's file or one that is not
SQLite is refused untouched); progress reported after a task's dialog closed is dropped; a lock held by another
program is not blamed on a workstation; a newer version's refusal names no internal schema; the damaged database's
message says "put it back" only when the file is gone; the encoding refusal names the command line's option; a
register with only its header is refused; a re-import counts the rows that differ from the stored cases; the rows
left out for their errors are told apart and listed; long details open a wide box."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from PySide6.QtCore import QCoreApplication, QEvent

from tests.helpers import locked_by_another_copy, run
from tests.test_register_import import GOOD, HEADER, USCC_A, register_rows, write_csv
from workstation.errors import DatabaseError
from workstation.importing.register import import_register, warning_counts
from workstation.paths import database_path
from workstation.security import keyring


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# 1. the offer to encrypt comes after the checks of the plaintext start ------------------------------------------
def newer_version(data_dir: Path, template: Path) -> None:
    shutil.copyfile(template, database_path(data_dir))
    conn = sqlite3.connect(database_path(data_dir))
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('workstation', 'm999_future_thing', '2027-01-01')")
    conn.commit()
    conn.close()


def text_file(data_dir: Path, template: Path) -> None:
    database_path(data_dir).write_text("这不是数据库，是一份说明。\n", encoding="utf-8")


def random_bytes(data_dir: Path, template: Path) -> None:
    database_path(data_dir).write_bytes(bytes((i * 73 + 41) % 256 for i in range(8192)))


UNUSABLE = {"newer version": (newer_version, "written by a newer version of the workstation"),
            "text file": (text_file, "is not a workstation database"),
            "random bytes": (random_bytes, "is not a workstation database")}


@pytest.mark.gui
@pytest.mark.parametrize("kind", list(UNUSABLE))
def test_a_file_this_version_cannot_open_is_refused_untouched_before_encryption_is_offered(
        qtbot, data_dir, database_template, prompts, monkeypatch, english, kind):
    from ui.gate import gain_access
    from ui.task_runner import ImmediateRunner

    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    make, said = UNUSABLE[kind]
    make(data_dir, database_template("plain"))
    before = digest(database_path(data_dir))
    offered = []

    def show(dialog):
        offered.append(dialog.objectName())
        return False

    with pytest.raises(DatabaseError) as refused:
        gain_access(data_dir, None, ImmediateRunner(), prompts, show)
    assert said in refused.value.message and str(database_path(data_dir)) in refused.value.message
    assert "m999" not in refused.value.message
    assert offered == []  # no 现在加密吗？ for a file that cannot be opened
    assert digest(database_path(data_dir)) == before
    assert not (data_dir / "keyring.json").exists() and not (data_dir / "files").exists()
    assert keyring.state(data_dir) == "none"


@pytest.mark.gui
def test_a_sound_earlier_database_is_still_offered_encryption(qtbot, data_dir, database_template, prompts,
                                                               monkeypatch):
    from ui.gate import gain_access
    from ui.task_runner import ImmediateRunner

    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    shutil.copyfile(database_template("plain"), database_path(data_dir))
    offered = []

    def show(dialog):
        qtbot.addWidget(dialog)
        offered.append(dialog.objectName())
        return False

    assert gain_access(data_dir, None, ImmediateRunner(), prompts, show).mode == "plaintext"
    assert offered == ["encrypt_dialog"]


# 2. progress arriving after the dialog closed -------------------------------------------------------------------
@pytest.mark.gui
def test_progress_reported_after_the_task_dialog_closed_is_dropped(qtbot):
    from ui.task_runner import TaskRunner

    runner = TaskRunner()
    reports, results = [], []

    def work(progress, cancel):
        reports.append(progress)
        progress(1, 2, "copying")
        return "done"

    runner.run("Import", work, results.append, results.append)
    assert runner.wait(10000)
    qtbot.waitUntil(lambda: results == ["done"])
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # the dialog is deleted now
    with qtbot.capture_exceptions() as raised:
        reports[0](2, 2, "late report of the finished work")  # as the worker thread's last report, arriving late
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents()
    assert raised == []


# 3. a lock held by another program ----------------------------------------------------------------------------
def test_a_lock_held_by_a_program_other_than_the_workstation_names_another_program(station_dir, capsys, english):
    with locked_by_another_copy(station_dir):  # a plain sqlite3 connection: no open marker of the workstation
        code, out, err = run(capsys, "demo", "--data-dir", station_dir)
    assert code == 1
    assert "is locked by another program (a database viewer, backup or sync software, say)" in err
    assert "copy of the workstation" not in err


@pytest.fixture
def station_dir(tmp_path, capsys):
    assert run(capsys, "--data-dir", tmp_path / "data", "init", "--plaintext")[0] == 0
    return tmp_path / "data"


# 4. start-up wording -------------------------------------------------------------------------------------------
def test_a_newer_version_is_refused_without_its_schema_name_and_says_to_install_it(tmp_path, database_template,
                                                                                    capsys, english):
    data = tmp_path / "data"
    data.mkdir()
    newer_version(data, database_template("plain"))
    code, out, err = run(capsys, "cases", "list", "--data-dir", data)
    assert code == 1
    assert err == (f"Error: {database_path(data)} was written by a newer version of the workstation: install that "
                   "version (or a later one) to open it.\n")


def test_put_it_back_is_said_only_when_the_database_file_is_gone(tmp_path, english):
    from workstation.db.connection import NeedsRestore

    data = tmp_path / "data"
    data.mkdir()
    present = database_path(data)
    present.write_bytes(b"SQLite format 3\x00" + b"\x00\xff" * 3000)
    damaged = NeedsRestore("damaged", present).message
    assert "put it back" not in damaged and "somewhere safe and ask for technical help" in damaged
    present.unlink()
    gone = NeedsRestore("missing", present).message
    assert "if the file was moved away put it back" in gone


# 5. the encoding refusal names the option ----------------------------------------------------------------------
def test_the_command_line_encoding_refusal_names_the_encoding_option(station_dir, tmp_path, capsys, english):
    path = write_csv(tmp_path / "台账.csv", register_rows(), "gb18030")
    code, out, err = run(capsys, "--data-dir", station_dir, "cases", "import", path, "--encoding", "utf-8")
    assert code == 1
    assert "import it again with --encoding gb18030 (or --encoding auto)" in err


# 6. a register with only its header ----------------------------------------------------------------------------
def test_a_register_with_only_a_header_is_refused_naming_the_file(station_dir, tmp_path, capsys, english):
    path = write_csv(tmp_path / "空台账.csv", [HEADER])
    code, out, err = run(capsys, "--data-dir", station_dir, "cases", "import", path)
    assert (code, out) == (1, "")
    assert "空台账.csv holds only a header row and no case rows" in err and "right sheet" in err


@pytest.mark.gui
def test_the_window_refuses_a_register_with_only_a_header(make_window, db, tmp_path, prompts, english):
    path = write_csv(tmp_path / "空台账.csv", register_rows([], total=False))
    make_window(db).import_register(str(path))
    assert not prompts.infos
    assert len(prompts.errors) == 1 and "空台账.csv holds only a header row and no case rows" in prompts.errors[0]


# 7. a re-import counts the rows that differ -------------------------------------------------------------------
def test_a_reimport_counts_the_rows_that_differ_from_the_stored_cases_and_lists_them_first(db, tmp_path, english):
    import_register(db, write_csv(tmp_path / "台账.csv", register_rows()))
    changed = [list(row) for row in GOOD]
    changed[2][10] = "6,000"  # 罚款金额 corrected in the register since
    result = import_register(db, write_csv(tmp_path / "again.csv", register_rows(changed)))
    assert (result.imported, result.skipped) == (0, 4)
    counts = warning_counts(result.warnings)
    assert counts[0] == "4 rows were not imported as their cases are stored already."
    assert counts[1] == "Of these, 1 row differs from the stored case: check it (listed first below)."


def test_counts_are_grouped_in_thousands():
    from workstation import i18n

    warnings = [{"row": n, "field": "案件编号", "message": "stored", "skipped": True, "differs": n < 5}
                for n in range(2, 3005)]
    previous = i18n.language()
    i18n.set_language("en")
    try:
        counts = warning_counts(warnings)
    finally:
        i18n.set_language(previous)
    assert counts[0].startswith("3,003 rows were not imported")


# 8. only the valid rows imported ------------------------------------------------------------------------------
@pytest.mark.gui
def test_the_rows_left_out_for_their_errors_are_told_apart_and_listed(make_window, db, tmp_path, prompts, english):
    bad = list(GOOD[0])
    bad[7] = "2026-02-30"
    path = write_csv(tmp_path / "台账.csv", register_rows([bad, *GOOD[1:]]))
    prompts.confirm_answer = True  # "Import only the valid rows?" Yes, then the preview's "Import these cases now?"
    make_window(db).import_register(str(path))
    assert len(prompts.confirmations) == 2 and len(prompts.infos) == 1
    message, details = prompts.infos[0], prompts.details[-1]
    assert message.startswith("3 cases imported. 1 row with errors was not imported.\n")
    assert "skipped" not in message
    lines = details.splitlines()
    assert lines[0] == "Not imported, with errors (1 row): correct it and import it again."
    assert lines[1].startswith("row 4, 立案日期: 2026-02-30 is not a date in the calendar")


# 9. long details get a wide box --------------------------------------------------------------------------------
@pytest.mark.gui
def test_a_box_with_long_details_opens_wide_and_one_with_short_details_stays_small(qtbot):
    from PySide6.QtWidgets import QMessageBox

    from ui.prompts import DETAILS_SHARE, message_box

    line = f"第3行，统一社会信用代码：{USCC_A} 属于库中名为佛山市南海区誉嘉房地产代理有限公司的当事人，与台账不一致。"
    wide = message_box(None, QMessageBox.Icon.Information, "已导入案件3件。", "\n".join([line] * 40))
    short = message_box(None, QMessageBox.Icon.Information, "已导入案件3件。", "第3行：有误。")
    for box in (wide, short):
        qtbot.addWidget(box)
        box.show()
    qtbot.waitExposed(wide)
    screen = wide.screen().availableGeometry().width()
    assert wide.width() >= 0.6 * screen and wide.width() <= DETAILS_SHARE * screen + 60
    assert short.width() < 0.45 * screen
