"""The evidence audit (session 61): Save then Esc while a file is being stored neither closes the dialog nor stores
twice, and the progress dialog of work whose window went away raises nothing; 统计信息条数… is greyed out while its
count runs; a file that changes while it is read is refused in a plaintext data folder as in an encrypted one; the
progress of an encrypted store goes once from 0 to 100 %; phone numbers in a file's name are masked in what the
window says of it (and in the name Save as… offers); the void confirmation says it cannot be undone; a photo is
1张 on the 证据提取单; the evidence buttons and the dialog's fields have Alt letters, Delete voids, and several files
are added at once."""

from __future__ import annotations

import csv
import hashlib
import io
import threading
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QWidget

from tests.conftest import ScriptedPrompts
from ui.prompts import documents_folder
from workstation import filestore
from workstation.errors import WorkstationError
from workstation.store import get_case
from workstation.store.evidence import (
    add_evidence,
    extraction_row,
    get_evidence,
    list_evidence,
    void_evidence,
)

KEY = bytes(range(32))
PHONE_FILE = "客户13800138000通话截图.jpg"
SAVE = QDialogButtonBox.StandardButton.Save


def _held_reading(monkeypatch) -> threading.Event:
    """Each evidence file read waits, after its first step, until the event returned is set: the work is under way
    meanwhile, as a recording of hundreds of MB is."""
    from workstation.store import evidence

    real, go = evidence.evidence_chunks, threading.Event()

    def held(path, message, **kwargs):
        for n, chunk in enumerate(real(path, message, **kwargs)):
            if n == 1:
                assert go.wait(30)
            yield chunk

    monkeypatch.setattr(evidence, "READ_CHUNK", 64)
    monkeypatch.setattr(evidence, "evidence_chunks", held)
    return go


def _sheet(folder, name="客户信息表.csv"):
    text = io.StringIO()
    csv.writer(text).writerows([["姓名", "联系电话"], ["甲", "13800138000"], ["乙", "13900139000"]])
    path = folder / name
    path.write_bytes(text.getvalue().encode("utf-8"))
    return path


# 1. Save then Esc, Save twice, 统计信息条数… twice --------------------------------------------------------------------

@pytest.mark.gui
def test_save_then_esc_while_the_file_is_stored_keeps_the_dialog_and_stores_it_once(
        db, data_dir, make_case, prompts, qtbot, tmp_path, monkeypatch):
    from ui.case_evidence import EvidenceDialog
    from ui.task_runner import TaskRunner

    case = make_case()
    path = tmp_path / "放弃测试.mp3"
    path.write_bytes(b"ID3 a call " * 100)
    go = _held_reading(monkeypatch)
    runner = TaskRunner()
    dialog = EvidenceDialog(db, data_dir, get_case(db, case.id), prompts, path=str(path), runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.description.setText("通话录音")  # typed: closing would ask
    prompts.choices.append(1)  # 放弃修改, were it asked
    save = dialog.buttons.button(SAVE)
    save.click()
    save.click()  # twice
    QTest.keyClick(dialog.description, Qt.Key.Key_Return)  # and Enter
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # then Esc at once
    dialog.reject()  # the close button
    assert dialog.isVisible() and prompts.offered == []  # nothing asked: the dialog waits for the store
    assert not save.isEnabled()
    go.set()
    assert runner.wait(30000)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    qtbot.wait(100)  # a second add's end, were there one, is heard
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [item.file_name for item in list_evidence(db, case.id)] == ["放弃测试.mp3"]
    assert prompts.errors == [] and prompts.infos == []


@pytest.mark.gui
def test_a_refused_store_gives_the_dialog_back(db, data_dir, make_case, prompts, qtbot, tmp_path, english):
    from ui.case_evidence import EvidenceDialog
    from ui.task_runner import TaskRunner

    case = make_case()
    path = tmp_path / "录音.mp3"
    path.write_bytes(b"ID3 a call")
    add_evidence(db, data_dir, case.id, path, kind="recording")
    runner = TaskRunner()
    dialog = EvidenceDialog(db, data_dir, get_case(db, case.id), prompts, path=str(path), runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(runner.task_finished, timeout=10000):
        dialog.buttons.button(SAVE).click()
    assert len(prompts.errors) == 1 and "is already evidence item 1" in prompts.errors[0]
    assert dialog.isVisible() and dialog.buttons.button(SAVE).isEnabled()
    dialog.reject()  # nothing typed: closes
    assert not dialog.isVisible()


@pytest.mark.gui
def test_a_progress_dialog_gone_with_its_window_while_the_work_runs_raises_nothing(qtbot):
    from shiboken6 import delete

    from ui.task_runner import TaskRunner

    runner, parent, go, ended = TaskRunner(), QWidget(), threading.Event(), []

    def work(progress, cancel):
        progress(1, 4, "step 1")
        assert go.wait(30)
        progress(2, 4, "step 2")
        return "done"

    runner.run("Work", work, ended.append, ended.append, parent)
    qtbot.wait(100)  # its first report heard
    delete(parent)  # the window closed: its progress dialog goes with it
    go.set()
    qtbot.waitUntil(lambda: ended == ["done"], timeout=10000)
    assert runner.wait(10000)


@pytest.mark.gui
def test_count_records_is_greyed_out_while_its_count_runs(db, data_dir, make_case, make_window, prompts, qtbot,
                                                          tmp_path):
    from ui.case_evidence import CountDialog
    from ui.task_runner import TaskRunner

    case = make_case()
    add_evidence(db, data_dir, case.id, _sheet(tmp_path), kind="customer_list")
    runner = TaskRunner()
    workspace = make_window(db, runner=runner).open_case(case.id)
    section = workspace.evidence
    section.view.selectRow(0)
    shown = []

    def close_counts():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, CountDialog) and dialog not in shown:
            shown.append(dialog)
            dialog.reject()

    timer = QTimer()
    timer.timeout.connect(close_counts)
    timer.start(20)
    button = section.buttons["count_records"]
    button.click()
    assert not button.isEnabled()
    button.click()  # a second click while the first count runs
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10000)
    assert runner.wait(10000)
    qtbot.wait(300)
    timer.stop()
    assert len(shown) == 1 and prompts.errors == []
    assert section.buttons["count_records"].isEnabled()


# 2. a file that changes while it is read --------------------------------------------------------------------------

def _changing(path, change):
    """A progress that ``change``s the file at ``path`` once its first step was read (another program writing it)."""
    seen = []

    def progress(done, total, message):
        seen.append(done)
        if len(seen) == 1:
            change(path)

    return progress


def _cut_short(path):
    with path.open("r+b") as fh:
        fh.truncate(100)


def _grown(path):  # still being recorded
    with path.open("ab") as fh:
        fh.write(b"more of the call")


@pytest.mark.parametrize("change", [_cut_short, _grown], ids=["truncated", "grown"])
def test_a_file_that_changes_while_it_is_stored_is_refused_in_a_plaintext_folder(
        db, data_dir, make_case, tmp_path, monkeypatch, english, change):
    from workstation.store import evidence

    monkeypatch.setattr(evidence, "READ_CHUNK", 1024)
    recording = tmp_path / "会被截断.mp3"
    recording.write_bytes(b"\x01" * 10_000)
    case = make_case()
    with pytest.raises(WorkstationError) as refused:
        add_evidence(db, data_dir, case.id, recording, kind="recording", progress=_changing(recording, change))
    assert refused.value.message == ("会被截断.mp3 was not stored: it changed while it was being stored: add it again "
                                     "once nothing is writing to it.")
    assert list_evidence(db, case.id) == []
    assert not [p for p in (data_dir / "files").rglob("*") if p.is_file()] if (data_dir / "files").exists() else True


def test_a_file_rewritten_in_place_at_the_same_size_is_refused(db, data_dir, make_case, tmp_path, monkeypatch,
                                                                english):
    import os

    from workstation.store import evidence

    monkeypatch.setattr(evidence, "READ_CHUNK", 1024)
    recording = tmp_path / "录音.mp3"
    recording.write_bytes(b"\x01" * 10_000)

    def rewrite(path):
        with path.open("r+b") as fh:
            fh.write(b"\x02" * 10_000)
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))  # a later time, whatever the clock

    with pytest.raises(WorkstationError, match="changed while it was being stored"):
        add_evidence(db, data_dir, make_case().id, recording, kind="recording", progress=_changing(recording, rewrite))


# 3. an encrypted store's progress ----------------------------------------------------------------------------------

def test_an_encrypted_store_reports_one_progress_from_0_to_100_checking_then_storing(
        db, data_dir, make_case, tmp_path, monkeypatch, english):
    from workstation.store import evidence

    monkeypatch.setattr(filestore, "files_key", lambda _data_dir: KEY)
    monkeypatch.setattr(evidence, "READ_CHUNK", 4096)
    recording = tmp_path / "big.mp4"
    content = bytes(range(256)) * 80  # 20 KiB: five steps
    recording.write_bytes(content)
    reports = []
    item = add_evidence(db, data_dir, make_case().id, recording, kind="recording",
                        progress=lambda done, total, message: reports.append((done, total, message)))
    assert item.sha256 == hashlib.sha256(content).hexdigest()
    fractions = [done / total for done, total, _m in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1  # never back
    labels = [message for _d, _t, message in reports]
    assert labels == ["Checking big.mp4"] * 5 + ["Storing big.mp4"] * 5
    assert [f for f, label in zip(fractions, labels, strict=True) if label.startswith("Checking")][-1] == 0.5


def test_a_plaintext_store_still_reports_one_pass_as_storing(db, data_dir, make_case, tmp_path, monkeypatch, english):
    from workstation.store import evidence

    monkeypatch.setattr(evidence, "READ_CHUNK", 4096)
    recording = tmp_path / "big.mp4"
    recording.write_bytes(b"\x03" * 4096 * 3)
    reports = []
    add_evidence(db, data_dir, make_case().id, recording, kind="recording",
                 progress=lambda done, total, message: reports.append((done, total, message)))
    assert reports == [(4, 12, "Storing big.mp4"), (8, 12, "Storing big.mp4"), (12, 12, "Storing big.mp4")]


# 4. phone numbers masked in what the window says -------------------------------------------------------------------

@pytest.fixture
def phone_file(tmp_path):
    path = tmp_path / PHONE_FILE
    path.write_bytes(b"\xff\xd8\xff a screenshot")
    return path


def _add_in_dialog(section, prompts, path):
    """添加证据… of ``path``, its dialog saved as it opens."""
    from ui.case_evidence import EvidenceDialog

    prompts.files.append(str(path))

    def save():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EvidenceDialog)
        dialog.buttons.button(SAVE).click()
        if dialog.isVisible():  # refused: left open with what was typed
            dialog.done(0)

    QTimer.singleShot(0, save)
    section.buttons["add_evidence"].click()


@pytest.mark.gui
def test_numbers_in_a_file_s_name_are_masked_in_what_the_window_says_of_it(db, data_dir, make_case, make_window,
                                                                            prompts, phone_file, tmp_path, english):
    case = make_case()
    item = add_evidence(db, data_dir, case.id, phone_file, kind="photo")
    workspace = make_window(db).open_case(case.id)
    # the duplicate refused
    _add_in_dialog(workspace.evidence, prompts, phone_file)
    assert len(prompts.errors) == 1 and "138****8000" in prompts.errors[0] and "13800138000" not in prompts.errors[0]
    # Save as… offers the name as the register shows it (a * is no character of a file name on Windows)
    section = workspace.evidence
    section.view.selectRow(0)
    section.buttons["save_evidence"].click()
    assert [(Path(n).parent, Path(n).name) for n in prompts.offered_names] == [
        (documents_folder(), "客户138＊＊＊＊8000通话截图.jpg")]  # in the folder the dialog opens in
    # its stored copy gone, the file added again puts it back, said masked
    filestore.file_path(data_dir, item.sha256).unlink()
    section.refresh()
    prompts.files.append(str(phone_file))
    section.buttons["add_evidence"].click()
    assert len(prompts.infos) == 1 and "138****8000" in prompts.infos[0] and "13800138000" not in prompts.infos[0]
    # voided with a number in its reason: the greyed buttons say so masked
    void_evidence(db, item.id, "客户13900139000要求删除")
    section = workspace.window().case_tabs.currentWidget().evidence
    section.refresh()
    section.view.selectRow(0)
    for name in ("edit_evidence", "void_evidence"):
        tip = section.buttons[name].toolTip()
        assert "138****8000" in tip and "139****9000" in tip and "13800138000" not in tip, (name, tip)
    prompts.errors.clear()
    section.edit_selected()
    assert len(prompts.errors) == 1 and "13800138000" not in prompts.errors[0]


# smaller gaps ------------------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_void_confirmation_says_how_it_is_undone(db, data_dir, make_case, make_window, prompts, tmp_path,
                                                        english):
    case = make_case()
    item = add_evidence(db, data_dir, case.id, _sheet(tmp_path), kind="customer_list")
    section = make_window(db).open_case(case.id).evidence
    section.view.selectRow(0)
    prompts.texts.append("他案文件")
    prompts.confirm_answer = False
    section.buttons["void_evidence"].click()
    [asked] = prompts.destructive
    assert asked.endswith("It can be restored afterwards (select it, then “Unvoid…”) unless the same file is added "
                          "again in its place or the case is closed.")
    assert not get_evidence(db, item.id).void_reason


def test_a_photo_is_counted_in_zhang_on_the_extraction_list(db, data_dir, make_case, tmp_path, phone_file):
    case = make_case()
    photo = add_evidence(db, data_dir, case.id, phone_file, kind="photo", source="当事人手机")
    sheet = add_evidence(db, data_dir, case.id, _sheet(tmp_path), kind="customer_list", source="当事人电脑")
    assert extraction_row(1, photo).split(" | ")[3] == "1张"
    assert extraction_row(2, sheet).split(" | ")[3] == "1份"


@pytest.mark.gui
def test_the_evidence_buttons_and_fields_have_alt_letters_no_case_action_or_menu_takes(
        db, data_dir, make_case, make_window, prompts, tmp_path, qtbot):
    from ui.access_keys import ACTION_LETTERS, letter_of
    from ui.case_evidence import EvidenceDialog
    from ui.case_workspace import WINDOW_LETTERS

    case = make_case()
    workspace = make_window(db).open_case(case.id)
    letters = [letter_of(button.text()) for button in workspace.evidence.buttons.values()]
    assert None not in letters and len(set(letters)) == 5
    assert not set(letters) & (set(ACTION_LETTERS.values()) | WINDOW_LETTERS)
    # the case's own buttons keep the letters of their table
    assert letter_of(workspace.edit_button.text()) == "E"
    assert all(letter_of(b.text()) == ACTION_LETTERS[n] for n, b in workspace.action_buttons.items())
    dialog = EvidenceDialog(db, data_dir, get_case(db, case.id), prompts, path=str(_sheet(tmp_path)))
    qtbot.addWidget(dialog)
    fields = (dialog.kind, dialog.source, dialog.collected_on, dialog.collector, dialog.description, dialog.recipient)
    labels = [label for label in dialog.findChildren(QLabel) if label.buddy() in fields]
    assert len(labels) == 6
    letters = [letter_of(label.text()) for label in labels] + [letter_of(dialog.buttons.button(SAVE).text())]
    assert None not in letters and len(set(letters)) == 7


@pytest.mark.gui
def test_delete_in_the_register_starts_the_void(db, data_dir, make_case, make_window, prompts, tmp_path, qtbot,
                                                 english):
    from tests.test_ui_keyboard import active

    case = make_case()
    item = add_evidence(db, data_dir, case.id, _sheet(tmp_path), kind="customer_list")
    window = active(qtbot, make_window(db))
    section = window.open_case(case.id).evidence
    section.view.selectRow(0)
    section.view.setFocus()
    prompts.texts.append("他案文件")
    prompts.confirm_answer = True
    qtbot.keyClick(section.view, Qt.Key.Key_Delete)
    assert prompts.questions and prompts.questions[0].startswith("Why is evidence item 1 (客户信息表.csv) void")
    assert get_evidence(db, item.id).void_reason == "他案文件"


# several files at once ---------------------------------------------------------------------------------------------

class ManyFiles(ScriptedPrompts):
    """Prompts whose file dialog takes several files at once, as the window's does."""

    def __init__(self):
        super().__init__()
        self.many: list[list[str]] = []

    def open_files(self, parent, title, filters):
        return self.many.pop(0) if self.many else []


@pytest.mark.gui
def test_several_files_chosen_at_once_are_registered_with_one_description(db, data_dir, make_case, tmp_path, qtbot,
                                                                          english):
    from ui.case_evidence import CaseEvidence, EvidenceDialog
    from ui.task_runner import ImmediateRunner

    case = make_case()
    photos = []
    for n in range(3):
        photo = tmp_path / f"现场照片{n + 1}.jpg"
        photo.write_bytes(b"\xff\xd8\xff photo %d" % n)
        photos.append(photo)
    prompts = ManyFiles()
    prompts.many.append([str(p) for p in photos])
    runner = ImmediateRunner()
    section = CaseEvidence(db, data_dir, get_case(db, case.id), prompts, runner=runner)
    qtbot.addWidget(section)
    seen = {}

    def describe():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EvidenceDialog)
        seen["file"] = [label.text() for label in dialog.findChildren(QLabel) if "现场照片" in label.text()]
        seen["kind"] = dialog.kind.currentData()
        dialog.source.setText("当事人经营场所")
        dialog.description.setText("现场检查照片")
        dialog.buttons.button(SAVE).click()

    QTimer.singleShot(0, describe)
    section.buttons["add_evidence"].click()
    items = list_evidence(db, case.id)
    assert [(i.file_name, i.kind, i.source, i.description) for i in items] == [
        (p.name, "photo", "当事人经营场所", "现场检查照片") for p in photos]
    assert seen["kind"] == "photo" and seen["file"] and "3 files" in seen["file"][0]
    assert section.model.rowCount() == 3
    reports = [message for _d, _t, message in runner.progress_reports]
    assert reports[0].endswith("(file 1 of 3)") and reports[-1].endswith("(file 3 of 3)")  # which one, said
    fractions = [done / total for done, total, _m in runner.progress_reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1  # one progress for the three
    assert prompts.errors == []


@pytest.mark.gui
def test_several_files_one_refused_the_others_are_registered_and_the_refusal_named(db, data_dir, make_case, tmp_path,
                                                                                    qtbot, english):
    from ui.case_evidence import CaseEvidence, EvidenceDialog
    from ui.task_runner import ImmediateRunner

    case = make_case()
    first, second = tmp_path / "照片1.jpg", tmp_path / "照片2.jpg"
    first.write_bytes(b"\xff\xd8\xff one")
    second.write_bytes(b"\xff\xd8\xff two")
    add_evidence(db, data_dir, case.id, second, kind="photo")  # registered before
    prompts = ManyFiles()
    prompts.many.append([str(first), str(second)])
    section = CaseEvidence(db, data_dir, get_case(db, case.id), prompts, runner=ImmediateRunner())
    qtbot.addWidget(section)

    def describe():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EvidenceDialog)
        dialog.buttons.button(SAVE).click()

    QTimer.singleShot(0, describe)
    section.buttons["add_evidence"].click()
    assert [i.file_name for i in list_evidence(db, case.id)] == ["照片2.jpg", "照片1.jpg"]
    assert len(prompts.errors) == 1 and prompts.errors[0].startswith("1 of 2 files were registered")
    assert "照片2.jpg is already evidence item 1" in prompts.errors[0]
    assert section.model.rowCount() == 2


@pytest.mark.gui
def test_several_files_all_empty_are_refused_before_anything_is_asked(db, data_dir, make_case, tmp_path,
                                                                      qtbot, english):
    # session 65: one empty file among good ones no longer blocks them (tests/test_s65_evidence.py); all of them
    # empty, nothing is asked
    from ui.case_evidence import CaseEvidence

    case = make_case()
    full, empty = tmp_path / "空1.jpg", tmp_path / "空.jpg"
    full.write_bytes(b"")
    empty.write_bytes(b"")
    prompts = ManyFiles()
    prompts.many.append([str(full), str(empty)])
    section = CaseEvidence(db, data_dir, get_case(db, case.id), prompts)
    qtbot.addWidget(section)
    section.buttons["add_evidence"].click()
    assert len(prompts.errors) == 1 and "空.jpg is empty" in prompts.errors[0]
    assert list_evidence(db, case.id) == []
    assert QApplication.activeModalWidget() is None


def test_a_cancel_among_several_files_keeps_those_registered_before_it_and_says_so(db, data_dir, make_case,
                                                                                   tmp_path, english):
    from ui.case_evidence import add_files_task
    from workstation.errors import Cancelled
    from workstation.paths import database_path
    from workstation.progress import CancelToken

    case = make_case()
    paths = []
    for n in range(3):
        path = tmp_path / f"照片{n + 1}.jpg"
        path.write_bytes(b"\xff\xd8\xff photo %d" % n)
        paths.append(str(path))
    values = {"kind": "photo", "description": "现场照片"}
    token = CancelToken()

    def progress(done, total, message):
        if message.endswith("(file 2 of 3)"):  # the officer's Cancel while the second is read
            token.cancel()

    added = add_files_task(database_path(data_dir), data_dir, case.id, paths, values, progress=progress,
                           cancel=token)
    assert added.cancelled and [i.file_name for i in added.items] == ["照片1.jpg"]
    assert [i.file_name for i in list_evidence(db, case.id)] == ["照片1.jpg"]
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):  # before any was kept: nothing changed
        add_files_task(database_path(data_dir), data_dir, case.id, paths[1:], values, progress=progress,
                       cancel=token)
    assert len(list_evidence(db, case.id)) == 1


def test_a_later_file_refused_among_several_is_named_in_its_refusal(db, data_dir, make_case, tmp_path, english):
    # the final read: a later file's refusal (a duplicate of the first, here) names that file, whatever the store's
    # message says
    from ui.case_evidence import add_files_task
    from workstation.paths import database_path
    from workstation.progress import CancelToken

    case = make_case()
    first, twin = tmp_path / "照片1.jpg", tmp_path / "同一张.jpg"
    first.write_bytes(b"\xff\xd8\xff the same photo")
    twin.write_bytes(b"\xff\xd8\xff the same photo")
    added = add_files_task(database_path(data_dir), data_dir, case.id, [str(first), str(twin)],
                           {"kind": "photo", "description": "现场照片"}, progress=lambda *a: None,
                           cancel=CancelToken())
    assert [i.file_name for i in added.items] == ["照片1.jpg"]
    assert len(added.refused) == 1 and "同一张.jpg" in added.refused[0]


def test_a_refusal_without_the_file_s_name_is_given_it(english):
    from ui.case_evidence import _named_refusal

    assert _named_refusal("/tmp/x/录音.mp3", "The date is in the future.") == "录音.mp3: The date is in the future."
    assert _named_refusal("/tmp/x/录音.mp3", "录音.mp3 is empty.") == "录音.mp3 is empty."  # named once
