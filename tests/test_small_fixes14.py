"""Small fixes: a file of one complaint imported again is not said to hold "every complaint" (均 in Chinese); the
shipped screening rules explain themselves in Chinese; the backup dialog's Enter backs up; an export onto a
folder says what to do; the editor's close question names the document as its window title does."""

import csv
import re

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from workstation.backup import backup_settings, list_backups, save_backup_settings

COUNCIL_HEADER = ["投诉时间", "联系电话", "投诉内容", "被投诉方"]
ONE_ROW = [["2026-03-05 14:22:10", "13800138000", "佛山某装饰公司天天打电话推销装修，严重骚扰", "某装饰公司"]]


@pytest.fixture
def one_complaint_imported(tmp_path):
    """A consumer-council export of one complaint, imported on 2 March; returns its path and the data directory."""
    from tests.helpers import open_db
    from workstation.importing.complaints import import_complaints

    path = tmp_path / "消委会投诉.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([COUNCIL_HEADER, *ONE_ROW])
    data = tmp_path / "站点"
    db = open_db(data)
    try:
        assert import_complaints(db, [str(path)]).imported == 1
        with db.atomic():
            db.execute("UPDATE complaints SET created_at = ?", ["2026-03-02T09:15:00+08:00"])
    finally:
        db.conn.close()
    return path, data


def test_a_file_of_one_complaint_imported_again_speaks_of_its_one_complaint(capsys, one_complaint_imported,
                                                                           tmp_path, english):
    from tests.helpers import run

    path, data = one_complaint_imported
    code, out, _err = run(capsys, "complaints", "import", path, "--data-dir", data)
    assert code == 0
    assert out.strip().splitlines()[0] == (f"{path} was imported already, on 2026-03-02: its one complaint is "
                                           "stored, it was not imported again.")  # the file named as typed
    copy = tmp_path / "副本.csv"
    copy.write_bytes(path.read_bytes())
    code, out, _err = run(capsys, "complaints", "import", copy, "--data-dir", data)
    assert code == 0
    assert out.strip().splitlines()[0] == (f"The one complaint in {copy} was imported already, on 2026-03-02 "
                                           "from 消委会投诉.csv; it was not imported again.")


def test_the_shipped_screening_rules_are_explained_in_chinese():
    from workstation.screening.rules import shipped_rules_path

    comments = [line for line in shipped_rules_path().read_text(encoding="utf-8").splitlines()
                if line.lstrip().startswith("#")]
    assert len(comments) > 30
    english_prose = [line for line in comments if re.search(r"[A-Za-z]+,? [A-Za-z]+ [A-Za-z]+", line)]
    assert english_prose == []
    assert all(line == "#" or re.search(r"[\u4e00-\u9fff]", line) for line in comments)


@pytest.mark.gui
def test_enter_in_the_backup_dialog_backs_up_when_the_folder_is_there(db, make_window, data_dir, qtbot, tmp_path):
    window = make_window(db)
    dialog = window.show_backups()
    qtbot.waitExposed(dialog)
    backup_now, choose = dialog.buttons["backup_now"], dialog.buttons["choose_folder"]
    assert backup_now.isDefault() and not choose.isDefault() and dialog.focusWidget() is backup_now
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert len(list_backups(data_dir)) == 1 and backup_settings(data_dir)["last_backup"]
    assert window.prompts.errors == []
    dialog.close()
    # the chosen folder is on a drive that is not plugged in: choosing another is what Enter does
    save_backup_settings(data_dir, folder=str(tmp_path / "未插入的U盘" / "备份"))
    dialog = window.show_backups()
    assert choose.isDefault() and not backup_now.isDefault() and dialog.focusWidget() is choose


def test_an_export_onto_a_folder_says_to_give_a_file_name(tmp_path, english):
    from workstation.errors import WorkstationError
    from workstation.output import StagedOutput, write_output

    folder = tmp_path / "通报.xlsx"
    folder.mkdir()
    with pytest.raises(WorkstationError) as refused:
        write_output(str(folder), b"data")
    assert refused.value.message == f"{folder} is a folder: give the name of the file to write."
    assert list(folder.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["通报.xlsx"]
    # a folder made under the file's name while it was being written (the work done meanwhile)
    target = tmp_path / "决定书.pdf"
    staged = StagedOutput(str(target))
    staged.write(b"%PDF")
    target.mkdir()
    with pytest.raises(WorkstationError) as refused:
        staged.finish()
    staged.discard()
    assert refused.value.message == (f"{target} cannot be written: it is a folder. Give the name of the file to "
                                     "write, not that of a folder, then try again.")


@pytest.mark.gui
def test_the_close_question_names_the_document_as_its_window_title_does(demo_db, opened, prompts, english):
    from workstation.store import find_case

    case = "佛南市监立〔2026〕9号"
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, case))
    editor.set_field("place", "询问室")
    prompts.choices = [2]  # cancel: the editor stays open
    assert not editor.close()
    question = prompts.offered[-1][0]
    assert question == f"“{editor.windowTitle().lstrip('*')}” has changes that are not saved as a draft."
    assert question.startswith(f"“{editor.form.title} — {case}”")
