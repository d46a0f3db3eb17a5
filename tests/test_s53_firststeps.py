# ruff: noqa: F811 - the fixtures imported from test_ui_login are used by name
"""The first start and the first steps, as an audit of them found them: the name given at the first start (and to
the offer to encrypt, and to `security encrypt --officer`) is an officer's, checked as `init --officer` checks it
while it is typed, and the encryption is audited under that officer; the officers' register takes only names
(黄 丽娟 is 黄丽娟) and certificate numbers with six digits in a row (第…号 said to be dropped); the first steps offer
本局文书信息, and a document printing an empty 联系电话 is warned of; a data folder that cannot be made is refused
before the first-start dialog asks anything; `init --agency` renames a station named after its former agency; the
officers' dialog of the first steps closes without asking when nothing was typed."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from PySide6.QtWidgets import QDialog, QLabel

from tests.helpers import run, run_json
from tests.test_ui_login import PASS, _encryption, driving, windows  # noqa: F401 (fixtures)
from ui.app import first_steps
from ui.gate import gain_access
from ui.officers_dialog import OfficersDialog
from ui.setup_dialog import EncryptDialog, SetupDialog
from ui.task_runner import ImmediateRunner
from workstation.agency_details import set_agency_details
from workstation.db import open_database
from workstation.errors import WorkstationError
from workstation.paths import database_path
from workstation.security import keyring
from workstation.store import agency_id_for_code, list_officers, set_setting

pytestmark = pytest.mark.gui

NOT_A_NAME = "“{name}” is not an officer's name: give the name as it is on the enforcement certificate, e.g. 陈志强."
NOT_REGISTERED = "“{name}” is no officer of the officers' register"
NANHAI, GUICHENG = "440605", "440605011"
OPEN_CASE = "佛南市监立〔2026〕9号"  # of the demo, under investigation
NO_PHONE = "The 询问通知书 prints no 联系电话"


def accepted(dialog: QDialog) -> bool:
    return dialog.result() == QDialog.DialogCode.Accepted


def fill(dialog, name: str) -> None:
    dialog.fields.edits["officer"].setText(name)
    dialog.fields.edits["passphrase"].setText(PASS)
    dialog.fields.edits["repeat"].setText(PASS)


# ---- 1. the first start's name, the offer to encrypt, `security encrypt --officer` ------------------------------

def test_the_first_start_refuses_a_name_that_is_no_officers_as_it_is_typed(qtbot, tmp_path, prompts, english):
    data = tmp_path / "new"
    dialog = SetupDialog(data, prompts)
    qtbot.addWidget(dialog)
    officer = dialog.fields.edits["officer"]
    officer.setText("admin")  # before: taken, and every change then audited as nobody's
    assert dialog.fields.error_text("officer") == NOT_A_NAME.format(name="admin")
    officer.setText("黄")  # her surname typed first: nothing said yet
    assert dialog.fields.error_text("officer") == ""
    fill(dialog, "admin")
    dialog.action_button.click()
    assert not accepted(dialog) and keyring.state(data) == "none"
    assert dialog.fields.error_text("officer") == NOT_A_NAME.format(name="admin")
    officer.setText("黄 丽娟")  # a space the input method left: the same name
    assert dialog.fields.error_text("officer") == ""
    dialog.action_button.click()
    assert accepted(dialog) and dialog.officer == "黄丽娟" and keyring.officers(data) == ["黄丽娟"]


def test_the_command_line_refuses_the_same_names(tmp_path, capsys, english):
    code, _out, err = run(capsys, "--data-dir", tmp_path / "new", "init", "--agency", NANHAI, "--officer", "admin",
                          "--plaintext")
    assert code == 1 and "“admin” is not an officer's name: give the name as it is on the enforcement certificate" in err


@pytest.fixture
def earlier_demo(data_dir, database_template):
    """A plaintext data directory holding the demo's officers (罗建华 among them), as an earlier version left it."""
    shutil.copyfile(database_template("demo"), database_path(data_dir))
    assert keyring.state(data_dir) == "none"
    return data_dir


def encryption_actor(data_dir: Path) -> list[str]:
    from workstation.security import session

    db = open_database(database_path(data_dir))
    try:
        return [r[0] for r in db.execute("SELECT actor FROM audit WHERE action = 'data_encrypted'")]
    finally:
        db.conn.close()
        session._KEYS.clear()


def test_the_offer_to_encrypt_takes_an_officer_of_the_register_and_audits_the_encryption_as_theirs(
        qtbot, earlier_demo, windows, english):
    def encrypt(dialog):
        officer = dialog.fields.edits["officer"]
        officer.setText("admin")
        assert dialog.fields.error_text("officer").startswith(NOT_REGISTERED.format(name="admin"))
        fill(dialog, "王五")  # a person's name, but nobody of this station's register
        dialog.action_button.click()
        assert dialog.fields.error_text("officer").startswith(NOT_REGISTERED.format(name="王五"))
        assert keyring.state(earlier_demo) == "none"
        officer.setText("罗建华")
        assert dialog.fields.error_text("officer") == ""
        dialog.action_button.click()

    window = windows(earlier_demo, show=driving(qtbot, encrypt))
    assert keyring.officers(earlier_demo) == ["罗建华"] and window.idle_lock.officer == "罗建华"
    actors = [r[0] for r in window.db.execute("SELECT actor FROM audit WHERE action = 'data_encrypted'")]
    assert actors == ["罗建华"]  # before: the computer's account ("tester" here): 未登录/命令行 in the log


def test_the_offer_to_encrypt_with_nobody_registered_takes_a_persons_name(qtbot, data_dir, database_template,
                                                                          prompts):
    shutil.copyfile(database_template("plain"), database_path(data_dir))  # no officer yet
    dialog = EncryptDialog(data_dir, ImmediateRunner(), prompts)
    qtbot.addWidget(dialog)
    dialog.fields.edits["officer"].setText("admin")
    assert "admin" in dialog.fields.error_text("officer")
    dialog.fields.edits["officer"].setText("黄丽娟")
    assert dialog.fields.error_text("officer") == ""


def test_security_encrypt_names_an_officer_of_the_register_and_is_audited_as_theirs(earlier_demo, capsys,
                                                                                    monkeypatch, english):
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    for name in ("admin", "王五"):
        code, out, err = run(capsys, "--data-dir", earlier_demo, "security", "encrypt", "--officer", name)
        assert (code, out) == (1, "") and "--officer" in err and NOT_REGISTERED.format(name=name) in err
        assert keyring.state(earlier_demo) == "none"
    code, _out, err = run(capsys, "--data-dir", earlier_demo, "security", "encrypt", "--officer", "44060514331")
    assert code == 0, err  # by certificate number: the register's name
    assert keyring.officers(earlier_demo) == ["罗建华"]
    assert encryption_actor(earlier_demo) == ["罗建华"]  # before: the account's


# ---- 2. the officers' register takes names only -------------------------------------------------------------------

@pytest.mark.parametrize("name", ["admin", "123", "A", "Huang Lijuan", "黄"])
def test_the_register_refuses_what_is_no_name(db, prompts, qtbot, english, name):
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.name.setText(name)
    dialog.cert_no.setText("44060501101")
    dialog.save()
    assert dialog.errors["name"].text() == NOT_A_NAME.format(name=name)
    assert list_officers(db) == []


def test_a_space_inside_a_chinese_name_is_no_second_person(db, prompts, qtbot, english):
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.name.setText("黄 丽娟")
    dialog.cert_no.setText("44060501101")
    dialog.save()
    assert [o.name for o in list_officers(db)] == ["黄丽娟"]
    dialog.name.setText("黄丽娟")  # the same person again, without a number to tell two apart
    dialog.save()
    assert "黄丽娟 is already an officer of this agency" in dialog.errors["name"].text()
    dialog.name.setText("黄　丽娟")  # a full-width space
    assert "黄丽娟 is already an officer of this agency" in dialog.errors["name"].text()
    assert len(list_officers(db)) == 1


# ---- 5. certificate numbers ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("cert", ["0000", "1-2-3-4", "----1111", "ABCD1234", "000000", "4406", "1-2-3-4-5-6"])
def test_a_number_without_six_digits_in_a_row_is_no_certificate(db, prompts, qtbot, english, cert):
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.name.setText("黄丽娟")
    dialog.cert_no.setText(cert)
    assert dialog.errors["cert_no"].text() == (
        f"“{cert}” is not an enforcement certificate number: type the number printed on the certificate (at least 6 "
        "digits in a row, not all zeros; letters, dashes and a prefix such as 粤 may be part of it).")
    assert not dialog.save_button.isEnabled()


@pytest.mark.parametrize(("cert", "number"), [("第44060501101号", "44060501101"),
                                              ("粤执字第44060501101号", "粤执字44060501101")])
def test_the_words_around_the_number_are_said_to_be_dropped(db, prompts, qtbot, english, cert, number):
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.name.setText("黄丽娟")
    dialog.cert_no.setText(cert)
    assert dialog.errors["cert_no"].text() == f"“{cert}” holds the words around the number: drop 第 and 号 and type " \
                                              f"{number}."
    dialog.cert_no.setText(number)
    assert dialog.errors["cert_no"].text() == "" and dialog.save_button.isEnabled()


@pytest.mark.parametrize("cert", ["44060501101", "粤4406-0012-034", "４４０６０５０１１０１", "粤44060501101"])
def test_certificate_numbers_as_printed_are_taken(db, prompts, qtbot, english, cert):
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.name.setText("黄丽娟")
    dialog.cert_no.setText(cert)
    assert dialog.errors["cert_no"].text() == "" and dialog.save_button.isEnabled()


# ---- 3. and 7. the first steps: the officers closed unasked, then 本局文书信息 ---------------------------------------

def clear_phones(db) -> None:
    for code in (NANHAI, GUICHENG):
        set_agency_details(db, agency_id_for_code(code), {"contact_phone": "", "contact_address": ""})


def test_closing_the_first_steps_officers_with_the_name_offered_asks_nothing(db, make_window, prompts, qtbot):
    set_setting(db, "station_agency", agency_id_for_code(GUICHENG))
    window = make_window(db)
    seen = {}

    def officers(dialog):
        seen["name"] = dialog.name.text()
        dialog.show()
        dialog.reject()  # Esc, nothing typed

    show = driving(qtbot, officers)
    first_steps(window, "黄丽娟", show)
    assert seen["name"] == "黄丽娟"
    assert prompts.confirmations == [] and prompts.offered == []  # before: 是否保存所做的修改？


def test_the_first_steps_offer_the_bureaus_document_details_once_officers_are_added(db, make_window, prompts,
                                                                                    qtbot, english):
    set_setting(db, "station_agency", agency_id_for_code(GUICHENG))
    clear_phones(db)
    window = make_window(db)

    def officers(dialog):
        dialog.cert_no.setText("44060501101")
        dialog.save()
        dialog.accept()

    def details(dialog):
        assert "Enter them now, or later under" in dialog.findChild(QLabel, "first_steps_note").text()
        dialog.edits["contact_phone"].setText("0757-86280011")
        dialog.save()

    show = driving(qtbot, officers, details)
    first_steps(window, "黄丽娟", show)
    assert show.seen == ["", "agency_details_dialog"]  # before: never asked, and the first notice printed no phone
    from workstation.agency_details import document_details

    assert document_details(db, agency_id_for_code(GUICHENG))["contact_phone"] == "0757-86280011"


def test_the_document_details_step_can_be_left_for_later_and_is_not_shown_when_set(db, make_window, prompts,
                                                                                   qtbot):
    set_setting(db, "station_agency", agency_id_for_code(GUICHENG))
    window = make_window(db)

    def officers(dialog):
        dialog.cert_no.setText("44060501101")
        dialog.save()
        dialog.accept()

    show = driving(qtbot, officers)  # the test databases' bureaus have their telephone set
    first_steps(window, "黄丽娟", show)
    assert show.seen == [""]


def test_a_notice_printing_an_empty_contact_phone_is_warned_not_refused(demo_db, data_dir, tmp_path, capsys,
                                                                        english):
    for (agency_id,) in demo_db.execute("SELECT id FROM agencies").fetchall():
        set_agency_details(demo_db, agency_id, {"contact_phone": ""})
    demo_db.conn.commit()
    values = tmp_path / "summons.json"
    values.write_text(json.dumps({"appear_on": "2026-12-20", "appear_time": "上午9时30分",
                                  "appear_place": "本局询问室"}, ensure_ascii=False), encoding="utf-8")
    result = run_json(capsys, "--data-dir", data_dir, "docs", "issue", OPEN_CASE, "--form", "inquiry_notice",
                      "--values", values, "-o", tmp_path / "notice.pdf")
    assert result["number"]  # issued all the same
    warned = [w for w in result.get("warnings", []) if w.startswith(NO_PHONE)]
    assert len(warned) == 1 and "本局文书信息" in warned[0] and "station details" in warned[0]
    set_agency_details(demo_db, agency_id_for_code(NANHAI), {"contact_phone": "0757-86280000"})
    demo_db.conn.commit()
    result = run_json(capsys, "--data-dir", data_dir, "docs", "issue", OPEN_CASE, "--form", "inquiry_notice",
                      "--values", values, "-o", tmp_path / "notice2.pdf")
    assert not [w for w in result.get("warnings", []) if w.startswith(NO_PHONE)]


# ---- 4. a data folder that cannot be made -------------------------------------------------------------------------

def test_a_data_folder_that_cannot_be_made_is_refused_before_the_first_start_dialog(tmp_path, monkeypatch, prompts,
                                                                                    english):
    data = tmp_path / "new" / "data"
    real_mkdir = os.mkdir

    def mkdir(path, *args, **kwargs):  # a folder the account may not write in (root ignores permissions)
        if Path(os.fspath(path)) == data:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    shown = []
    with pytest.raises(WorkstationError) as refused:
        gain_access(data, None, ImmediateRunner(), prompts, show=lambda d: shown.append(d.objectName()))
    assert shown == []  # before: the name and passphrase asked first, then “cannot write …/keyring.json”
    assert refused.value.message == (f"The data folder {data} cannot be made: permission denied. Give a folder you "
                                     "may read and write with --data-dir (or WORKSTATION_HOME).")
    assert list(tmp_path.iterdir()) == []  # what was made to find out is gone


def test_a_folder_that_can_be_made_is_not_made_before_the_first_start(tmp_path, prompts):
    data = tmp_path / "new" / "data"
    shown = []

    def leave(dialog):
        shown.append(dialog.objectName())
        assert not data.exists()  # quitting here leaves nothing behind
        return False

    assert gain_access(data, None, ImmediateRunner(), prompts, show=leave) is None
    assert shown == ["setup_dialog"] and list(tmp_path.iterdir()) == []


# ---- 6. `init --agency` renames a station named after its former agency --------------------------------------------

def test_init_agency_renames_a_station_named_after_the_former_agency(tmp_path, capsys, english):
    data = tmp_path / "station"
    assert run(capsys, "--data-dir", data, "init", "--agency", NANHAI, "--plaintext")[0] == 0
    assert run_json(capsys, "station", "show", "--data-dir", data)["name"] == "南海区局"
    result = run_json(capsys, "--data-dir", data, "init", "--agency", "440606")
    assert result["station_renamed"] == {"from": "南海区局", "to": "顺德区局"}  # before: still 南海区局
    assert run_json(capsys, "station", "show", "--data-dir", data)["name"] == "顺德区局"


def test_init_agency_keeps_a_name_the_officers_gave(tmp_path, capsys, english):
    data = tmp_path / "station"
    assert run(capsys, "--data-dir", data, "init", "--agency", NANHAI, "--station-name", "桂城一号机",
               "--plaintext")[0] == 0
    code, out, err = run(capsys, "--data-dir", data, "init", "--agency", "440606")
    assert code == 0 and "station's name changed" not in out
    assert run_json(capsys, "station", "show", "--data-dir", data)["name"] == "桂城一号机"


def test_encrypting_the_stored_files_reports_its_last_file(tmp_path):
    """The encryption's progress ends at 100 % of its stored files (it stopped at the last multiple of 50: 69 %)."""
    import hashlib

    from workstation.security.access import _seal_files

    files = tmp_path / "files"
    for n in range(73):
        data = f"file {n}".encode()
        digest = hashlib.sha256(data).hexdigest()
        (files / digest[:2]).mkdir(parents=True, exist_ok=True)
        (files / digest[:2] / digest).write_bytes(data)
    said: list[tuple[int, int]] = []
    assert _seal_files(files, tmp_path / "sealed", b"k" * 32, lambda done, total, message: said.append((done, total))) == 73
    assert said == [(50, 73), (73, 73)]
