"""A missing stored copy of an evidence file put back by adding the file again: a success, not an error — exit 0
with the restoring sentence (and ``"restored": true`` in --json) on the command line, a note and the dialog closed
in the window; no item is added either way."""

import json

import pytest

from tests.helpers import run
from workstation.filestore import file_path
from workstation.paths import database_path

CASE = "佛南市监立〔2026〕9号"  # a case of the demo, under investigation


@pytest.fixture
def station(cli_station, tmp_path):
    return cli_station(tmp_path / "station")


def items(data_dir) -> int:
    import sqlite3

    conn = sqlite3.connect(database_path(data_dir))
    try:
        return conn.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
    finally:
        conn.close()


def test_adding_the_file_of_a_missing_copy_again_restores_it_and_succeeds(station, tmp_path, capsys, english):
    sheet = tmp_path / "客户名单.csv"
    sheet.write_text("姓名,电话\n张三,13800138000\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", station, "evidence", "add", CASE, sheet, "--kind", "other", "--json")
    assert code == 0, err
    added = json.loads(out)
    stored = file_path(station, added["sha256"])
    stored.unlink()  # gone from the data folder
    held = items(station)
    code, out, err = run(capsys, "--data-dir", station, "evidence", "add", CASE, sheet, "--kind", "other")
    assert code == 0, err
    assert "its stored copy, which was missing from the data folder, was restored from the file given" in out
    assert "Error" not in err
    assert stored.read_bytes() == sheet.read_bytes()
    assert items(station) == held
    stored.unlink()
    code, out, err = run(capsys, "--data-dir", station, "evidence", "add", CASE, sheet, "--kind", "other", "--json")
    assert code == 0, err
    assert json.loads(out) | {"restored": True} == json.loads(out)
    assert json.loads(out)["id"] == added["id"]


def test_the_same_file_not_missing_is_still_refused(station, tmp_path, capsys, english):
    sheet = tmp_path / "客户名单.csv"
    sheet.write_text("姓名,电话\n张三,13800138000\n", encoding="utf-8")
    assert run(capsys, "--data-dir", station, "evidence", "add", CASE, sheet, "--kind", "other")[0] == 0
    code, _out, err = run(capsys, "--data-dir", station, "evidence", "add", CASE, sheet, "--kind", "other")
    assert code == 1
    assert "is already evidence item" in err


@pytest.mark.gui
def test_the_dialog_says_the_copy_was_restored_and_closes(db, data_dir, make_case, prompts, qtbot, tmp_path,
                                                          english):
    from PySide6.QtWidgets import QDialog

    from ui.case_evidence import EvidenceDialog
    from workstation.store.evidence import add_evidence, list_evidence

    case = make_case()
    sheet = tmp_path / "客户名单.csv"
    sheet.write_text("姓名,电话\n张三,13800138000\n", encoding="utf-8")
    first = add_evidence(db, data_dir, case.id, sheet)
    file_path(data_dir, first.sha256).unlink()
    dialog = EvidenceDialog(db, data_dir, case, prompts, path=str(sheet))
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert prompts.errors == []
    assert any("was restored from the file given" in text for text in prompts.infos)
    assert file_path(data_dir, first.sha256).read_bytes() == sheet.read_bytes()
    assert len(list_evidence(db, case.id)) == 1
