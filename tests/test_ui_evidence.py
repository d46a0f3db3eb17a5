"""The evidence section of a case workspace, driven as an officer would: adding a file through the dialog,
the inline refusal of a future date, an empty file refused before anything is asked, counting a customer list
into the case's records with the computation shown, and saving a copy of a stored file."""

import csv
import io

import pytest

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from tests.helpers import beijing_qdate, refusals_read
from ui.case_evidence import CountDialog, EvidenceDialog, EvidenceModel
from workstation.store import get_case
from workstation.store.evidence import add_evidence, list_evidence

ROWS = [["姓名", "联系电话"], ["甲", "13800138000"], ["乙", "+86 139 0013 9000"], ["甲", "138-0013-8000"],
        ["丁", "1380013"], ["戊", ""]]


@pytest.fixture
def sheet(tmp_path):
    text = io.StringIO()
    csv.writer(text).writerows(ROWS)
    path = tmp_path / "客户信息表.csv"
    path.write_bytes(text.getvalue().encode("gb18030"))
    return path


@pytest.fixture
def workspace(db, make_case, make_window):
    case = make_case()
    return make_window(db).open_case(case.id)


def cells(model, row):
    return [model.data(model.index(row, column)) for column in range(model.columnCount())]


def test_adding_a_file_through_the_dialog_shows_it_in_the_table(db, workspace, prompts, sheet, qtbot):
    prompts.files.append(str(sheet))
    seen = {}

    def fill_and_save():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EvidenceDialog)
        seen["collector"] = dialog.collector.text()
        dialog.kind.setCurrentIndex(dialog.kind.findData("customer_list"))
        dialog.source.setText("当事人办公电脑")
        dialog.collected_on.setDate(QDate(2026, 3, 10))
        dialog.description.setText("导出的客户名单")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(0, fill_and_save)
    workspace.evidence.findChild(QPushButton, "add_evidence").click()
    assert seen["collector"] == "陈志强、黄丽娟"  # the case's officers, as the form prints them
    model = workspace.window().case_tabs.currentWidget().evidence.model
    assert model.rowCount() == 1
    item = list_evidence(db, workspace.case_id)[0]
    assert cells(model, 0) == ["客户信息表.csv", "客户名单", "当事人办公电脑", "2026-03-10", "陈志强、黄丽娟",
                               "导出的客户名单", model.data(model.index(0, 6)), item.sha256[:12], "", "", ""]
    assert prompts.errors == []


def test_a_future_date_is_shown_at_the_field_and_save_is_disabled(db, workspace, prompts, sheet, qtbot, english):
    dialog = EvidenceDialog(db, workspace.data_dir, workspace.case, prompts, path=str(sheet))
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()
    dialog.collected_on.setDate(beijing_qdate().addDays(3))
    assert not save.isEnabled()
    assert "in the future" in dialog.errors["collected_on"].text()
    assert not dialog.errors["collected_on"].isHidden()


def test_an_empty_file_is_refused_before_anything_is_asked(db, workspace, prompts, tmp_path, english):
    empty = tmp_path / "空文件.xlsx"
    empty.write_bytes(b"")
    prompts.files.append(str(empty))
    workspace.evidence.findChild(QPushButton, "add_evidence").click()
    assert len(prompts.errors) == 1 and "空文件.xlsx is empty (0 bytes)" in prompts.errors[0]
    assert list_evidence(db, workspace.case_id) == []


def test_counting_a_customer_list_shows_the_computation_and_sets_the_case_count(db, data_dir, workspace, sheet,
                                                                                  prompts, qtbot):
    add_evidence(db, data_dir, workspace.case_id, sheet, kind="customer_list", collected_on="2026-03-10")
    workspace.reload()
    workspace.evidence.view.selectRow(0)
    shown = {}

    def check_and_apply():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CountDialog)
        shown["steps"] = dialog.findChild(type(dialog.result), "steps").text()
        dialog.category.setCurrentIndex(dialog.category.findData("sensitive"))
        shown["result"] = dialog.result.text()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).click()

    QTimer.singleShot(0, check_and_apply)
    workspace.evidence.findChild(QPushButton, "count_records").click()
    assert shown["steps"] == ("1. 共 5 行（表头在第 1 行）\n2. 手机号码列“联系电话”有效号码 3 个（空白 1 行，格式不符 1 个）\n"
                              "3. 格式不符的 1 个未计入，在第 5 行，请对照原文件核实\n4. 重复 1 个，去重后 2 条\n"
                              "5. 按人员计（其他个人信息，如姓名、电话、身份证号码，同一人只计一条）：去重后 2 人（按记录计为 2 条，"
                              "不作为本类条数）")
    assert "客户信息表.csv 2 = 2 条" in shown["result"]
    assert get_case(db, workspace.case_id).records_sensitive == 2
    model = workspace.window().case_tabs.currentWidget().evidence.model
    assert cells(model, 0)[-3] == "2（D）"
    assert prompts.errors == []


def test_a_stored_file_is_saved_where_the_officer_chooses(db, data_dir, workspace, sheet, prompts, tmp_path):
    add_evidence(db, data_dir, workspace.case_id, sheet, collected_on="2026-03-10")
    workspace.reload()
    workspace.evidence.view.selectRow(0)
    target = tmp_path / "out" / "副本.csv"
    target.parent.mkdir()
    prompts.files.append(str(target))
    workspace.evidence.findChild(QPushButton, "save_evidence").click()
    assert target.read_bytes() == sheet.read_bytes()
    assert prompts.errors == []


def test_a_copy_saved_says_where_it_went_as_every_file_written(db, data_dir, workspace, sheet, prompts, tmp_path,
                                                               chinese):
    """另存为… says where the copy went in the words of every file the workstation writes (已写入 …); a folder that
    is not there is refused instead, nothing said of a file."""
    add_evidence(db, data_dir, workspace.case_id, sheet, collected_on="2026-03-10")
    workspace.reload()
    workspace.evidence.view.selectRow(0)
    target = tmp_path / "另存 副本.csv"
    prompts.files.append(str(target))
    workspace.evidence.findChild(QPushButton, "save_evidence").click()
    assert target.read_bytes() == sheet.read_bytes()
    assert prompts.infos == [f"已写入 {target}。"] and prompts.errors == []
    prompts.files.append(str(tmp_path / "没有的文件夹" / "副本.csv"))
    workspace.evidence.findChild(QPushButton, "save_evidence").click()
    assert len(prompts.infos) == 1 and len(prompts.errors) == 1 and "没有的文件夹" in prompts.errors[0]


def test_nothing_selected_greys_the_item_buttons_saying_so(english, workspace, prompts):
    for name in ("edit_evidence", "count_records", "save_evidence", "void_evidence"):
        button = workspace.evidence.findChild(QPushButton, name)
        assert not button.isEnabled() and button.toolTip() == "Select an evidence item first."
    workspace.evidence.count_selected()  # asked for otherwise: said, nothing done
    assert prompts.infos == ["Select an evidence item first."] and prompts.errors == []


def test_the_evidence_model_passes_the_model_tester(qtmodeltester, db, data_dir, make_case, sheet):
    case = make_case()
    add_evidence(db, data_dir, case.id, sheet, collected_on="2026-03-10")
    model = EvidenceModel()
    model.set_records(list_evidence(db, case.id))
    qtmodeltester.check(model)


# 另存为… in the background: a recording of hundreds of MB no longer freezes the window while it is copied ------------
def _file_sha256(path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _recording(tmp_path, size: int = 3 * 1024 * 1024 + 100):
    """A 'recording' of a few 1 MiB steps and a bit, random so that its hash says it was copied whole."""
    import os

    path = tmp_path / "通话录音.wav"
    path.write_bytes(os.urandom(size))
    return path


def _saving_dialog(monkeypatch, cancel: bool = False):
    """The task runner's progress dialog, recording the labels and the maximum it shows; with ``cancel`` its Cancel
    button is clicked as soon as it shows a label, and ``released`` set then."""
    import threading

    from PySide6.QtWidgets import QProgressDialog

    seen: dict[str, list] = {"labels": [], "maximum": []}
    released = threading.Event()

    class Recording(QProgressDialog):
        def setMaximum(self, maximum):  # noqa: N802 - Qt's name
            seen["maximum"].append(maximum)
            super().setMaximum(maximum)

        def setLabelText(self, text):  # noqa: N802 - Qt's name
            seen["labels"].append(text)
            super().setLabelText(text)
            if cancel and not released.is_set():
                self.findChild(QPushButton, "progress_cancel").click()  # the officer's Cancel
                released.set()

    monkeypatch.setattr("ui.task_runner.QProgressDialog", Recording)
    return seen, released


def _save_in_the_window(db, data_dir, make_case, make_window, prompts, qtbot, target, recording):
    """另存为… clicked on ``recording`` registered as a case's evidence, in a window with a real task runner, the copy
    chosen as ``target``; returns once the task ended and its thread was joined."""
    from ui.task_runner import TaskRunner

    case = make_case()
    add_evidence(db, data_dir, case.id, recording, kind="recording", collected_on="2026-03-10")
    runner = TaskRunner()
    workspace = make_window(db, runner=runner).open_case(case.id)
    refusals_read(qtbot, workspace.documents)
    workspace.evidence.view.selectRow(0)
    prompts.files.append(str(target))
    try:
        with qtbot.waitSignal(runner.task_finished, timeout=10000):
            workspace.evidence.findChild(QPushButton, "save_evidence").click()
    finally:
        assert runner.wait(30000)


@pytest.mark.gui
def test_a_copy_is_saved_in_the_background_with_its_progress_in_bytes(db, data_dir, make_case, make_window, prompts,
                                                                       qtbot, tmp_path, monkeypatch, english):
    recording = _recording(tmp_path)
    seen, _released = _saving_dialog(monkeypatch)
    target = tmp_path / "copy" / "录音副本.wav"
    target.parent.mkdir()
    _save_in_the_window(db, data_dir, make_case, make_window, prompts, qtbot, target, recording)
    assert _file_sha256(target) == _file_sha256(recording)
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no .part left beside it
    assert prompts.infos == [f"{target} written."] and prompts.errors == []
    assert set(seen["labels"]) == {"Saving a copy of 通话录音.wav"}
    assert set(seen["maximum"]) == {3 * 1024 + 1}  # its KiB, counted as they are copied


@pytest.mark.gui
def test_cancel_while_saving_a_copy_leaves_no_file_and_says_so(db, data_dir, make_case, make_window, prompts, qtbot,
                                                               tmp_path, monkeypatch, english):
    from workstation import filestore

    recording = _recording(tmp_path)
    seen, released = _saving_dialog(monkeypatch, cancel=True)
    real_chunks = filestore.stored_chunks

    def held_chunks(*args, **kwargs):  # the second step is read only once Cancel was clicked: no race
        for n, chunk in enumerate(real_chunks(*args, **kwargs)):
            if n == 1:
                assert released.wait(30)
            yield chunk

    monkeypatch.setattr(filestore, "stored_chunks", held_chunks)
    target = tmp_path / "copy" / "录音副本.wav"
    target.parent.mkdir()
    _save_in_the_window(db, data_dir, make_case, make_window, prompts, qtbot, target, recording)
    assert seen["labels"] and released.is_set()
    assert list(target.parent.iterdir()) == []  # neither the copy nor its .part
    assert prompts.infos == ["Saving the copy was cancelled: no file was written."] and prompts.errors == []
