"""The bundle exchange as the officer meets it (audit hq_gui): the save and open dialogs open in the documents
folder, never in the program's working folder (System32 when started from a shortcut); trusting a new station's key
has No as its default button, so that Enter never trusts a fingerprint nobody compared; and the export and report
dialogs give every input an Alt letter of its own."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from tests.helpers import copy_station_and_hq, open_db
from ui.access_keys import letter_of
from ui.bundle_dialogs import ExportDialog
from ui.exchange_page import ExchangePage
from ui.task_runner import ImmediateRunner
from workstation.bundle.writer import last_export
from workstation.station import headquarters, this_station, trusted_stations

pytestmark = pytest.mark.gui


def documents() -> Path:
    """The documents folder as the officer's desktop names it (under the test's own home)."""
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    assert folder.is_absolute() and folder.is_relative_to(os.environ["HOME"])
    return folder


@pytest.fixture(autouse=True)
def desktop_documents(_isolated_home):
    """The test's home with its documents folder, as a desktop account has it once the officer has used it."""
    documents().mkdir(parents=True, exist_ok=True)


@pytest.fixture
def fresh_home(tmp_path, monkeypatch):
    """A fresh account's home: empty, no documents folder yet (Qt names ~/Documents all the same)."""
    home = tmp_path / "fresh"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    assert not documents().exists()
    return home


@pytest.fixture(scope="module")
def template(station_and_hq_template):
    return station_and_hq_template()


@pytest.fixture
def dirs(template, tmp_path, monkeypatch):
    made = copy_station_and_hq(template, tmp_path)
    working = tmp_path / "program"  # the program's working folder, where a bare name would land
    working.mkdir()
    monkeypatch.chdir(working)
    return made


@pytest.fixture
def opened(qtbot):
    """opened(data_dir, prompts) → (db, page): the exchange page; the connections are closed afterwards."""
    dbs = []

    def make(data_dir: Path, prompts):
        db = open_db(data_dir)
        dbs.append(db)
        page = ExchangePage(db, data_dir, prompts, ImmediateRunner())
        qtbot.addWidget(page)
        return db, page

    yield make
    for db in dbs:
        db.conn.close()


@pytest.fixture
def export_dialog(dirs, qtbot, prompts):
    db = open_db(dirs / "station")
    dialog = ExportDialog(db, prompts, this_station(db).name, headquarters(db), last_export(db))
    qtbot.addWidget(dialog)
    yield dialog
    db.conn.close()


# 1. the file dialogs open in the documents folder

def test_the_bundle_save_dialog_offers_its_name_in_the_documents_folder(export_dialog, prompts):
    export_dialog.choose_path()  # 选择(&O)…, cancelled
    offered = Path(prompts.offered_names[-1])
    assert offered.is_absolute() and offered.parent == documents()
    assert offered.name == export_dialog.default_name()


def test_a_bundle_name_typed_without_its_folder_is_offered_in_the_documents_folder(export_dialog, prompts):
    export_dialog.path_edit.setText("南海.bundle")
    export_dialog.accept_export()  # the save dialog opens on the name typed; cancelled, nothing is exported
    assert prompts.offered_names[-1] == str(documents() / "南海.bundle")
    assert export_dialog.result() != ExportDialog.DialogCode.Accepted


def test_the_station_card_is_offered_in_the_documents_folder(dirs, opened, prompts):
    _db, page = opened(dirs / "station", prompts)
    page.export_card()  # cancelled
    offered = Path(prompts.offered_names[-1])
    assert offered.is_absolute() and offered.parent == documents() and offered.suffix == ".card"


def test_the_open_and_save_dialogs_start_in_the_documents_folder(monkeypatch):
    from ui.prompts import Prompts

    started = []

    def open_one(parent, title, folder, filters):
        started.append(folder)
        return "", ""

    def open_several(parent, title, folder, filters):
        started.append(folder)
        return [], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_one)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_several)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", open_one)
    prompts = Prompts()
    assert prompts.open_file(None, "导入案卷包", "*.bundle") is None
    assert prompts.open_files(None, "导入案卷包", "*.bundle") == []
    assert prompts.save_file(None, "导出", "案卷包.bundle", "*.bundle") is None
    assert prompts.save_file(None, "导出", "/media/u盘/案卷包.bundle", "*.bundle") is None
    assert started == [str(documents()), str(documents()), str(documents() / "案卷包.bundle"),
                       "/media/u盘/案卷包.bundle"]


def test_the_folder_chooser_starts_in_the_documents_folder(monkeypatch):
    from ui.prompts import Prompts

    started = []

    def choose(parent, title, folder):
        started.append(folder)
        return ""

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    prompts = Prompts()
    assert prompts.choose_folder(None, "备份到") is None
    assert prompts.choose_folder(None, "备份到", "/media/u盘") is None
    assert started == [str(documents()), "/media/u盘"]


def test_the_encrypt_box_keeps_the_alt_letter_its_translation_puts(export_dialog, monkeypatch):
    from types import SimpleNamespace

    import ui.bundle_dialogs as dialogs

    hq = SimpleNamespace(name="佛山市局", fingerprint="C0FF EE12")  # a fingerprint's C never underlined
    said = "加密(&C)发送给总部{name}（指纹 {fingerprint}）"
    monkeypatch.setattr(dialogs, "_", lambda text: said if text.startswith("Encrypt to headquarters") else text)
    export_dialog.headquarters_set(hq)
    text = export_dialog.encrypt_box.text()
    assert text.startswith("加密(&C)发送给总部佛山市局") and text.count("&") == 1 and letter_of(text) == "C"
    monkeypatch.setattr(dialogs, "_", lambda text: text.replace("Encrypt to", "加密发送给"))  # none: one added
    export_dialog.headquarters_set(hq)
    text = export_dialog.encrypt_box.text()
    assert text.endswith("(&C)") and text.count("&") == 1


def test_a_fresh_account_without_a_documents_folder_is_offered_its_home(fresh_home, tmp_path, monkeypatch, qtbot):
    from ui.prompts import documents_folder, in_documents

    working = tmp_path / "program"  # the program's working folder, where Qt's dialog would fall back to
    working.mkdir()
    monkeypatch.chdir(working)
    assert documents_folder() == fresh_home and documents_folder().is_dir()
    assert in_documents("a.bundle") == str(fresh_home / "a.bundle")
    dialog = QFileDialog(None, "导出案卷包", in_documents("a.bundle"))  # the folder the officer is shown
    qtbot.addWidget(dialog)
    assert Path(dialog.directory().absolutePath()) == fresh_home


def test_the_open_dialog_of_a_fresh_account_starts_in_its_home(fresh_home, monkeypatch):
    from ui.prompts import Prompts

    started = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda parent, title, folder, filters: started.append(folder)
                        or ("", ""))
    assert Prompts().open_file(None, "导入案卷包", "*.bundle") is None
    assert started == [str(fresh_home)]


def test_a_name_typed_with_a_tilde_is_offered_in_the_home_folder(export_dialog, prompts, monkeypatch):
    from ui.prompts import Prompts, in_documents

    assert in_documents("~/案卷包.bundle") == str(Path.home() / "案卷包.bundle")
    assert in_documents("备份/案卷包.bundle") == str(documents() / "备份" / "案卷包.bundle")
    export_dialog.path_edit.setText("~/南海.bundle")
    export_dialog.accept_export()  # cancelled, nothing is exported
    assert prompts.offered_names[-1] == str(Path.home() / "南海.bundle")
    started = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, title, name, filters: started.append(name)
                        or ("", ""))
    assert Prompts().save_file(None, "导出", "~/案卷包.bundle", "*.bundle") is None
    assert started == [str(Path.home() / "案卷包.bundle")]


# 2. trusting a new station's key: No is the default button

@pytest.fixture
def questions(monkeypatch):
    """The Yes/No questions asked through Qt's box, answered No, each with its default button; other boxes
    recorded."""
    asked: list[tuple[str, object]] = []
    said: list[str] = []

    def question(parent, title, text, buttons=None, default=None):
        asked.append((text, default))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    for name in ("information", "critical", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *args: said.append(text))
    return asked


def test_trusting_the_station_of_a_bundle_imported_has_no_as_its_default(dirs, opened, prompts, questions):
    from ui.prompts import Prompts

    _db, station = opened(dirs / "station", prompts)
    station.run_export(str(dirs / "one.bundle"))
    assert prompts.errors == []
    db, page = opened(dirs / "hq", Prompts())
    page.import_bundles([str(dirs / "one.bundle")])
    assert len(questions) == 1 and "南海区局" in questions[0][0]
    assert questions[0][1] == QMessageBox.StandardButton.No
    assert [s.name for s in trusted_stations(db)] == []


def test_trusting_a_station_from_its_card_has_no_as_its_default(dirs, opened, questions, monkeypatch):
    from ui.prompts import Prompts

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(dirs / "station.card"), ""))
    db, page = opened(dirs / "hq", Prompts())
    page.buttons["trust_station"].click()
    assert len(questions) == 1 and "南海区局" in questions[0][0]
    assert questions[0][1] == QMessageBox.StandardButton.No
    assert [s.name for s in trusted_stations(db)] == []


def test_setting_headquarters_key_from_its_card_has_no_as_its_default(dirs, opened, questions, monkeypatch):
    from ui.prompts import Prompts
    from workstation.station import read_card

    fingerprint = read_card(dirs / "hq.card")["fingerprint"]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(dirs / "hq.card"), ""))
    db, page = opened(dirs / "station", Prompts())
    page.buttons["set_headquarters"].click()  # Set headquarters' key…, the first time
    assert len(questions) == 1 and fingerprint in questions[0][0]
    assert questions[0][1] == QMessageBox.StandardButton.No
    assert headquarters(db) is None


# 3. Alt letters: one for every input, none twice

def reached(dialog: QWidget) -> dict[str, list[QWidget]]:
    """By Alt letter, the inputs it reaches: a button's own, a label's buddy."""
    found: dict[str, list[QWidget]] = {}
    for child in dialog.findChildren(QWidget):
        if isinstance(child, QAbstractButton):
            target = child
        elif isinstance(child, QLabel) and child.buddy() is not None:
            target = child.buddy()
        else:
            continue
        letter = letter_of(child.text())
        if letter:
            found.setdefault(letter, []).append(target)
    return found


def assert_unique(found: dict[str, list[QWidget]]) -> None:
    twice = {letter: [w.objectName() for w in widgets] for letter, widgets in found.items() if len(widgets) > 1}
    assert twice == {}


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_every_input_of_the_export_dialog_has_an_alt_letter_of_its_own(dirs, opened, prompts, qtbot, request,
                                                                        language):
    request.getfixturevalue(language)
    db, page = opened(dirs / "station", prompts)
    prompts.files.append(str(dirs / "hq.card"))  # headquarters' key set: the encryption can be ticked
    prompts.confirm_answer = True
    page.buttons["set_headquarters"].click()
    assert prompts.errors == [] and headquarters(db) is not None
    dialog = ExportDialog(db, prompts, this_station(db).name, headquarters(db), last_export(db))
    qtbot.addWidget(dialog)
    assert dialog.encrypt_box.isEnabled() and headquarters(db).fingerprint in dialog.encrypt_box.text()
    found = reached(dialog)
    assert_unique(found)
    targets = {widget for widgets in found.values() for widget in widgets}
    for field in (dialog.path_edit, dialog.encrypt_box, dialog.scope_changed, dialog.scope_all, dialog.scope_cases):
        assert field in targets, field.objectName()
    assert Counter(letter_of(w.text()) for w in dialog.findChildren(QLabel) if w.buddy() is dialog.path_edit) \
        == Counter({"F": 1})


def test_alt_f_in_the_export_dialog_puts_the_focus_in_the_file(export_dialog, qtbot, english):
    export_dialog.show()
    qtbot.waitExposed(export_dialog)
    export_dialog.activateWindow()
    export_dialog.scope_all.setFocus()
    qtbot.waitUntil(export_dialog.scope_all.hasFocus)
    qtbot.keyClick(export_dialog.scope_all, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert export_dialog.path_edit.hasFocus()


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_every_input_of_the_report_dialog_has_an_alt_letter_of_its_own(demo_db, prompts, qtbot, request, language):
    from ui.report_dialog import CampaignReportDialog

    request.getfixturevalue(language)
    dialog = CampaignReportDialog(demo_db, prompts, (None, None, None), "全部机关")
    qtbot.addWidget(dialog)
    found = reached(dialog)
    assert_unique(found)
    targets = {widget for widgets in found.values() for widget in widgets}
    printing = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    for field in (dialog.format, dialog.path, dialog.current, dialog.frozen, dialog.freeze, printing):
        assert field in targets, field.objectName() or field.text()
