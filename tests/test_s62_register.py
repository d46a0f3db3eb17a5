"""Issue-2 bad-input audit (s62), the register import: the progress dialog stays up and modal through the step that
can no longer be cancelled (and Ctrl+C on the command line is not heard there either, as it says); a file whose
content is not what its name says is told so; a file of mixed encodings read as UTF-8 is told what to do; a missing
file is said with its next step; an amount written in brackets as accounts write a negative one is refused as
negative, not as a note."""

import signal
import threading

import openpyxl
import pytest

from tests.helpers import run, run_json
from tests.test_register_import import GOOD, HEADER, register_rows, write_csv
from workstation.errors import ImportRefused
from workstation.importing.register import import_register, register_amount

# ---- item 1: the step that can no longer be cancelled --------------------------------------------------------------


@pytest.mark.gui
def test_the_progress_dialog_stays_up_and_modal_until_the_work_really_ends(qtbot):
    from PySide6.QtWidgets import QProgressDialog, QWidget

    from ui.task_runner import TaskRunner

    parent, runner, results = QWidget(), TaskRunner(), []
    qtbot.addWidget(parent)
    parent.show()
    started, saving, release = threading.Event(), threading.Event(), threading.Event()

    def work(*, progress, cancel):
        progress(1, 3, "writing")
        started.wait(30)
        cancel.close()
        progress(3, 3, "saving; it can no longer be cancelled")  # the last report: its value is the maximum
        saving.set()
        release.wait(30)  # the commit, seconds long
        return "done"

    runner.run("import", work, results.append, results.append, parent)
    dialog = parent.findChild(QProgressDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=30000)  # shown after its minimum duration
    started.set()
    assert saving.wait(30)
    qtbot.waitUntil(lambda: dialog.labelText() == "saving; it can no longer be cancelled", timeout=30000)
    qtbot.wait(200)  # the report handled, and the events after it
    assert dialog.isVisible() and dialog.isModal() and not results  # was: hidden at once by its auto-reset
    release.set()
    qtbot.waitUntil(lambda: bool(results), timeout=30000)
    assert results == ["done"] and runner.wait(30000)
    from shiboken6 import isValid

    assert not isValid(dialog) or not dialog.isVisible()


def test_ctrl_c_while_the_import_is_saved_does_not_undo_it(station, tmp_path, capsys, monkeypatch, english):
    """The command line says the saving can no longer be cancelled: a Ctrl+C then was heard all the same and rolled
    the import back ("Interrupted; nothing was changed.")."""
    from workstation.importing import register

    class Interrupted(register.AuditWriter):
        def flush(self):  # the audit entries written just before the commit: Ctrl+C pressed meanwhile
            signal.raise_signal(signal.SIGINT)
            return super().flush()

    monkeypatch.setattr(register, "AuditWriter", Interrupted)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        path = write_csv(tmp_path / "台账.csv", register_rows(GOOD[:2], total=False))
        code, _out, err = run(capsys, "--data-dir", station, "cases", "import", path)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back once the command is done
    finally:
        signal.signal(signal.SIGINT, previous)
    assert code == 0, err
    assert "Interrupted" not in err and "2 rows: 2 imported" in err + _out


def test_ctrl_c_while_a_complaint_import_is_saved_does_not_undo_it(station, tmp_path, capsys, monkeypatch, english):
    """The complaints import says so too ("Saving the import; it can no longer be cancelled"): a Ctrl+C then was
    heard all the same and rolled it back."""
    from tests.test_s44_complaint_import_cancel import export
    from workstation.importing import complaints

    saving = complaints._FileImport._saving

    def interrupted(self, total):  # the import said past stopping, its commit still to come: Ctrl+C pressed
        saving(self, total)
        signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(complaints._FileImport, "_saving", interrupted)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        path = export(tmp_path, "热线.csv", 3)
        code, out, err = run(capsys, "--data-dir", station, "complaints", "import", path)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back once the command is done
    finally:
        signal.signal(signal.SIGINT, previous)
    assert code == 0, err
    assert "Interrupted" not in err
    assert run_json(capsys, "--data-dir", station, "stats")["complaints"]["imported"] == 3


@pytest.fixture
def station(cli_station, tmp_path):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"])


# ---- item 2: content and name that do not agree --------------------------------------------------------------------


def test_a_csv_named_xlsx_is_told_to_be_renamed(db, tmp_path, english):
    path = write_csv(tmp_path / "台账.xlsx", register_rows())
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert refused.value.message == ("台账.xlsx is really a file of type CSV whose name ends in .xlsx: rename it to 台账.csv "
                                     "and import it again.")


def test_a_workbook_named_csv_is_told_to_be_renamed(db, tmp_path, english):
    workbook = openpyxl.Workbook()
    for line in register_rows():
        workbook.active.append(line)
    path = tmp_path / "台账.csv"
    workbook.save(path)
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert refused.value.message == ("台账.csv is really a file of type XLSX whose name ends in .csv: rename it to 台账.xlsx "
                                     "and import it again.")


def test_a_complaint_export_that_is_a_workbook_named_csv_is_told_to_be_renamed(tmp_path, english):
    from workstation.importing.complaint_files import open_rows

    workbook = openpyxl.Workbook()
    workbook.active.append(["投诉编号", "投诉内容"])
    workbook.active.append(["1", "推销电话"])
    path = tmp_path / "工单.csv"
    workbook.save(path)
    with pytest.raises(ImportRefused) as refused:
        open_rows(path).close()
    assert "工单.csv is really a file of type XLSX whose name ends in .csv: rename it to 工单.xlsx" in refused.value.message


# ---- item 3: mixed encodings read as UTF-8 --------------------------------------------------------------------------


def test_a_file_of_mixed_encodings_read_as_utf8_is_told_to_be_saved_again_whole(db, tmp_path, english):
    path = tmp_path / "台账.csv"
    lines = register_rows(total=False)
    head = "\r\n".join(",".join(line) for line in lines[:4]) + "\r\n"
    tail = "\r\n".join(",".join(line) for line in lines[4:]) + "\r\n"
    path.write_bytes(head.encode("utf-8") + tail.encode("gb18030"))
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path, encoding="utf-8")
    assert refused.value.message == ("台账.csv, row 5: this row is not UTF-8 like the rows before it (the file mixes "
                                     "encodings): save the whole file again as UTF-8 CSV.")  # as with auto, once


# ---- item 4: a missing file -----------------------------------------------------------------------------------------


def test_a_missing_register_is_said_with_what_to_do(db, tmp_path, english):
    with pytest.raises(ImportRefused) as refused:
        import_register(db, tmp_path / "台账.xlsx")
    assert refused.value.message == (f"{tmp_path / '台账.xlsx'}: no such file (moved, renamed or deleted?): check "
                                     "where it is and choose it again; nothing was stored.")


def test_a_missing_complaint_export_is_said_with_what_to_do(tmp_path, english):
    from workstation.importing.complaint_files import check_export_path

    with pytest.raises(ImportRefused) as refused:
        check_export_path(tmp_path / "工单.csv")
    assert refused.value.message == (f"{tmp_path / '工单.csv'}: no such file (moved, renamed or deleted?): check "
                                     "where it is and choose it again; nothing was stored.")


def test_a_missing_file_is_said_alike_by_the_imports_and_the_evidence(db, tmp_path, english):
    from workstation.importing.complaint_files import check_export_path
    from workstation.store.evidence import unreadable

    path = tmp_path / "材料.csv"
    with pytest.raises(ImportRefused) as register:
        import_register(db, path)
    with pytest.raises(ImportRefused) as complaint:
        check_export_path(path)
    evidence = unreadable(path, FileNotFoundError(2, "No such file or directory"))
    assert register.value.message == complaint.value.message == evidence.message


# ---- item 5: an amount in brackets, as accounts write a negative one ------------------------------------------------


@pytest.mark.parametrize("cell", ["(500)", "（1,234.50）", "(¥500.00)", " (500元) "])
def test_an_amount_in_brackets_is_refused_as_negative(cell, english):
    with pytest.raises(ValueError) as refused:
        register_amount(cell)
    message = str(refused.value)
    assert "negative" in message and "note" not in message and cell.strip() in message


@pytest.mark.parametrize("cell", ["30,000元（已缴）", "【500】", "[500]", "(0)", "（-）", "()"])
def test_an_amount_with_a_note_in_brackets_is_still_told_to_move_the_note(cell, english):
    """Accounts write a negative amount in round brackets only, and none of nothing: 【500】 or (0) is no negative
    amount."""
    with pytest.raises(ValueError, match="holds a note in brackets"):
        register_amount(cell)


def test_a_register_row_with_a_bracketed_fine_is_refused_naming_it_negative(db, tmp_path, english):
    rows = [GOOD[0][:10] + ["(500)"] + GOOD[0][11:]]
    path = write_csv(tmp_path / "台账.csv", [HEADER, *rows])
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert "(500)" in refused.value.message and "negative" in refused.value.message
    assert "note" not in refused.value.message
