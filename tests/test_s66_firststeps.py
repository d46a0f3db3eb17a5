# ruff: noqa: F811 - the fixtures imported are used by name
"""First steps audit (s66): a colleague saved first in the first steps' officers dialog does not take the first
start's passphrase unasked (asked, No by default, each new officer until one bears its name or the officer says
Yes); an agency typed but not chosen is kept as typed, said to be no agency and saves nothing (not the agency chosen
before); station keys that cannot be written save nothing and are said in the dialog; ``--demo`` refused still
offers the officers step; a wrong passphrase on a read-only disk says the tries as stored and that it was not
counted, never that it was."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.test_s61_keyboard import _list, accepted, focus, press, typed_with_input_method
from tests.test_s63_firststeps import _first_start, encrypting  # noqa: F401 (fixture)
from tests.test_ui_login import PASS, driving, make_encrypted, windows  # noqa: F401 (fixtures)
from workstation.errors import WorkstationError
from workstation.security import keyring
from workstation.store import agency_id_for_code, get_setting, list_officers

# the list of matches an agency typed pops up: the offscreen platform's warnings
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing|propagateSizeHints)")

SHISHAN = "440605124"
NANHAI = "440605"


def _visible_texts(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget))


# ---- 1. the first start's passphrase is not handed to a colleague ----------------------------------------------

def _officers_saved(qtbot, windows, data_dir, prompts, *names):
    """The first start as 陈志明, the station's agency chosen, then ``names`` saved in turn in the officers dialog."""
    from ui.app import first_steps

    window = windows(data_dir, show=driving(qtbot, _first_start("陈志明")), prompts=prompts)

    def station(dialog) -> None:
        dialog.choose(agency_id_for_code(NANHAI))
        dialog.continue_button.click()

    def officers(dialog) -> None:
        for number, name in enumerate(names, 1):
            dialog.name.setText(name)
            dialog.cert_no.setText(f"4406051000{number}")
            dialog.save()
        dialog.accept()

    first_steps(window, "陈志明", driving(qtbot, station, officers, lambda dialog: dialog.reject()))
    return window


@pytest.mark.gui
def test_a_colleague_saved_first_does_not_take_the_first_start_passphrase(encrypting, qtbot, windows, data_dir,
                                                                         english):
    from tests.conftest import ScriptedPrompts

    prompts = ScriptedPrompts()  # Enter on the question: its default, No
    window = _officers_saved(qtbot, windows, data_dir, prompts, "黄丽娟", "陈志明")
    assert {o.name for o in list_officers(window.db)} == {"黄丽娟", "陈志明"}
    assert keyring.officers(data_dir) == ["陈志明"]  # still his, now an officer of the register bears it
    assert keyring.unlock(data_dir, PASS)[0] == "陈志明"
    assert len(prompts.confirmations) == 1 and "黄丽娟" in prompts.confirmations[0]
    assert prompts.destructive == prompts.confirmations  # No is the default answer


@pytest.mark.gui
def test_a_corrected_name_takes_it_only_when_the_officer_says_so(encrypting, qtbot, windows, data_dir, english):
    from tests.conftest import ScriptedPrompts

    prompts = ScriptedPrompts()
    prompts.confirm_answers = [False, True]  # not 黄丽娟's; 陈智明's, the name corrected
    _officers_saved(qtbot, windows, data_dir, prompts, "黄丽娟", "陈智明")
    assert len(prompts.confirmations) == 2 and "陈智明" in prompts.confirmations[1]
    assert keyring.officers(data_dir) == ["陈智明"]
    assert keyring.unlock(data_dir, PASS)[0] == "陈智明"


@pytest.mark.gui
def test_after_a_no_only_a_name_like_the_first_start_s_is_asked_about(encrypting, qtbot, windows, data_dir, english):
    """After the first No the colleagues saved next are not asked about one by one (a name the first start took,
    as a login name would be, sharing nothing with theirs); a name sharing a character with 陈志明 (the name
    corrected: 陈智明) still is."""
    from tests.conftest import ScriptedPrompts

    prompts = ScriptedPrompts()
    _officers_saved(qtbot, windows, data_dir, prompts, "黄丽娟", "李伟", "王芳")
    assert len(prompts.confirmations) == 1 and "黄丽娟" in prompts.confirmations[0]
    assert keyring.officers(data_dir) == ["陈志明"]


# ---- 2. an agency typed but not chosen ---------------------------------------------------------------------------

@pytest.mark.gui
def test_the_first_steps_keep_an_agency_typed_but_not_chosen_and_save_nothing(qtbot, db, data_dir, english):
    dialog, combo, _short, _filter = _list(qtbot, db, data_dir, "first steps")
    dialog.choose(agency_id_for_code(SHISHAN))
    focus(qtbot, combo)
    combo.lineEdit().selectAll()
    typed_with_input_method("顺德")  # the district bureau and its town offices: no one agency
    press(qtbot, Qt.Key.Key_Tab)
    assert combo.lineEdit().text() == "顺德" and combo.currentData() is None  # kept, and no agency chosen
    assert "Choose an agency from the list" in _visible_texts(dialog)
    assert not dialog.continue_button.isEnabled()
    dialog.save()  # as Ctrl+S or a click would
    assert not accepted(dialog) and get_setting(db, "station_agency") is None
    focus(qtbot, combo)
    press(qtbot, Qt.Key.Key_Escape)  # Esc puts the agency chosen before back
    assert combo.currentData() == agency_id_for_code(SHISHAN) and dialog.isVisible()
    assert "Choose an agency from the list" not in _visible_texts(dialog)


@pytest.mark.gui
def test_the_officers_dialog_saves_no_officer_under_an_agency_typed_but_not_chosen(qtbot, db, data_dir):
    dialog, combo, _short, _filter = _list(qtbot, db, data_dir, "officers dialog")
    combo.setCurrentIndex(combo.findData(agency_id_for_code(NANHAI)))
    dialog.name.setText("李伟")
    dialog.cert_no.setText("44060610003")
    focus(qtbot, combo)
    typed_with_input_method("佛山市顺德区市场监督管理局X")
    press(qtbot, Qt.Key.Key_Tab)
    assert combo.lineEdit().text() == "佛山市顺德区市场监督管理局X" and combo.currentData() is None
    dialog.save_button.click()
    dialog.save()
    assert list_officers(db) == []


@pytest.mark.gui
def test_the_officers_dialog_settles_the_typed_agency_before_a_direct_save(qtbot, db, data_dir):
    dialog, combo, _short, _filter = _list(qtbot, db, data_dir, "officers dialog")
    combo.setCurrentIndex(combo.findData(agency_id_for_code(NANHAI)))
    dialog.name.setText("李伟")
    dialog.cert_no.setText("44060610003")
    focus(qtbot, combo)
    typed_with_input_method("顺德X")
    dialog.save()  # a click taking no keyboard (macOS): the field never left
    assert list_officers(db) == []
    assert combo.currentData() is None and combo.lineEdit().text() == "顺德X"


@pytest.mark.gui
@pytest.mark.parametrize("short, code", [("狮山所", SHISHAN), ("南海区局", NANHAI)])
def test_a_short_name_typed_chooses_its_agency(qtbot, db, data_dir, short, code):
    dialog, combo, _short, _filter = _list(qtbot, db, data_dir, "first steps")
    focus(qtbot, combo)
    typed_with_input_method(short)
    press(qtbot, Qt.Key.Key_Tab)
    assert combo.currentData() == agency_id_for_code(code)


def _register(db, data_dir):
    from tests.conftest import ScriptedPrompts
    from ui.document_register import DocumentRegisterBox

    return DocumentRegisterBox(db, ScriptedPrompts())


def _details(db, data_dir):
    from tests.conftest import ScriptedPrompts
    from ui.agency_details_dialog import AgencyDetailsDialog

    return AgencyDetailsDialog(db, prompts=ScriptedPrompts())


@pytest.mark.gui
@pytest.mark.parametrize("make", [_register, _details], ids=["document register", "document details"])
def test_a_filter_and_the_details_window_keep_the_agency_chosen(qtbot, db, data_dir, make):
    from tests.test_ui_keyboard import active

    widget = make(db, data_dir)
    qtbot.addWidget(widget)
    active(qtbot, widget)
    combo = widget.agency
    shunde = agency_id_for_code("440606")
    combo.setCurrentIndex(combo.findData(shunde))
    shown = combo.currentText()
    focus(qtbot, combo)
    combo.lineEdit().selectAll()
    typed_with_input_method("不存在的所")
    press(qtbot, Qt.Key.Key_Tab)
    assert combo.currentData() == shunde and combo.lineEdit().text() == shown
    assert combo.lineEdit().styleSheet() == ""


@pytest.mark.gui
def test_the_lead_dialog_keeps_an_agency_typed_but_not_chosen_and_saves_nothing(qtbot, db, prompts):
    from tests.test_ui_keyboard import active
    from ui.agency_search import names_none_message
    from ui.lead_dialog import LeadDialog
    from workstation.store.leads import list_leads

    dialog = LeadDialog(db, prompts)
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    assert dialog.agency.currentData() is None  # "— none —": no station agency
    dialog.description.setPlainText("SMS about flats")
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code(NANHAI)))
    focus(qtbot, dialog.agency)
    dialog.agency.lineEdit().selectAll()
    typed_with_input_method("不存在的所")
    dialog.save()  # the field never left
    assert dialog.agency.lineEdit().text() == "不存在的所" and dialog.agency.currentIndex() < 0
    assert not accepted(dialog) and list_leads(db) == []
    assert names_none_message() in _visible_texts(dialog)


@pytest.mark.gui
def test_an_undo_choosing_an_agency_takes_the_red_mark_away(qtbot, db, data_dir):
    from ui.agency_search import names_no_agency

    dialog, combo, _short, _filter = _list(qtbot, db, data_dir, "case dialog")
    row = combo.findData(agency_id_for_code(NANHAI))
    combo.setCurrentIndex(row)
    focus(qtbot, combo)
    combo.lineEdit().selectAll()
    typed_with_input_method("不存在的所")
    press(qtbot, Qt.Key.Key_Tab)
    assert names_no_agency(combo) and combo.lineEdit().styleSheet()
    dialog.put("agency", (row, dialog.lists()))  # what the dialog's undo does (its signals blocked)
    assert combo.currentData() == agency_id_for_code(NANHAI)
    assert combo.lineEdit().styleSheet() == "" and not combo.lineEdit().toolTip()


# ---- 2b. short names from the register; every list of agencies says whether it keeps its choice -----------------

@pytest.mark.gui
@pytest.mark.parametrize("typed", ["狮城所", "狮城"], ids=["exact", "part"])
def test_a_short_name_is_found_as_the_register_gives_it(qtbot, db, data_dir, typed):
    """The short name comes from the agencies' register (``agency.short_name``), not from the full name: an agency
    renamed there (狮山所 → 狮城所, its full name unchanged) is found by the new one, whole or in part."""
    db.execute("UPDATE agencies SET short_name = '狮城所' WHERE code = ?", [SHISHAN])
    dialog, combo, _short, _filter = _list(qtbot, db, data_dir, "first steps")
    focus(qtbot, combo)
    typed_with_input_method(typed)
    press(qtbot, Qt.Key.Key_Tab)
    assert combo.currentData() == agency_id_for_code(SHISHAN)


@pytest.mark.gui
def test_a_list_that_says_nothing_keeps_text_naming_none_even_with_an_item_that_is_no_agency(qtbot, db):
    """Not said (``searchable``'s ``keeps_choice``): the safe reading, a list whose choice is saved, whatever its
    items; an "All agencies" item no longer makes it taken for a filter."""
    from PySide6.QtWidgets import QComboBox, QLineEdit, QVBoxLayout, QWidget

    from tests.test_ui_keyboard import active
    from ui.agency_search import names_no_agency
    from ui.layouts import add_agency
    from workstation.store import list_agencies

    widget = QWidget()
    qtbot.addWidget(widget)
    combo = QComboBox()
    combo.addItem("All agencies", None)
    for agency in list_agencies(db):
        add_agency(combo, agency)
    layout = QVBoxLayout(widget)
    layout.addWidget(combo)
    layout.addWidget(QLineEdit())  # somewhere for Tab to go
    active(qtbot, widget)
    combo.setCurrentIndex(combo.findData(agency_id_for_code(NANHAI)))
    focus(qtbot, combo)
    combo.lineEdit().selectAll()
    typed_with_input_method("不存在的所")
    press(qtbot, Qt.Key.Key_Tab)
    assert combo.lineEdit().text() == "不存在的所" and combo.currentData() is None and names_no_agency(combo)


@pytest.mark.gui
@pytest.mark.parametrize("which", ["case list", "deadline board", "dashboard"])
def test_each_agency_filter_says_it_keeps_its_choice(qtbot, db, data_dir, which):
    widget, combo, _short, _filter = _list(qtbot, db, data_dir, which)
    shunde = agency_id_for_code("440606")
    combo.setCurrentIndex(combo.findData(shunde))
    shown = combo.currentText()
    focus(qtbot, combo)
    combo.lineEdit().selectAll()
    typed_with_input_method("不存在的所")
    press(qtbot, Qt.Key.Key_Tab)
    assert combo.currentData() == shunde and combo.lineEdit().text() == shown
    assert combo.lineEdit().styleSheet() == ""


def _interview(db):
    from tests.conftest import ScriptedPrompts
    from ui.interview_dialog import InterviewDialog

    return InterviewDialog(db, ScriptedPrompts())


def _publicity(db):
    from tests.conftest import ScriptedPrompts
    from ui.publicity_dialog import PublicityDialog

    return PublicityDialog(db, ScriptedPrompts())


@pytest.mark.gui
@pytest.mark.parametrize("make", [_interview, _publicity], ids=["interview", "publicity"])
def test_the_interview_and_publicity_dialogs_keep_an_agency_typed_but_not_chosen(qtbot, db, make):
    """A Save clicked straight from the field (the field never left) takes the text first: no agency chosen, the
    field says so, and the agency chosen before is not the one saved."""
    from tests.test_ui_keyboard import active
    from ui.agency_search import names_no_agency, names_none_message

    dialog = make(db)
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    combo = dialog.agency
    combo.setCurrentIndex(combo.findData(agency_id_for_code(NANHAI)))
    focus(qtbot, combo)
    combo.lineEdit().selectAll()
    typed_with_input_method("不存在的所")
    dialog.save()
    assert combo.lineEdit().text() == "不存在的所" and combo.currentData() is None and names_no_agency(combo)
    assert not accepted(dialog)
    assert names_none_message() in _visible_texts(dialog)


# ---- 3. station keys that cannot be written ------------------------------------------------------------------

def _station_folder_a_file(data_dir):
    from workstation.station import key_dir

    folder = key_dir(data_dir)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("x")  # keys cannot be written under it
    return folder


def test_station_keys_that_cannot_be_written_save_no_agency(db, data_dir):
    from workstation.station import ensure_station, this_station

    folder = _station_folder_a_file(data_dir)
    with pytest.raises(WorkstationError) as raised:
        ensure_station(db, data_dir, agency_id=agency_id_for_code(NANHAI))
    assert str(folder) in raised.value.message
    assert get_setting(db, "station_agency") is None and this_station(db) is None


def test_a_box_key_that_cannot_be_written_leaves_no_sign_key_either(db, data_dir, english):
    """"Nothing was saved" holds: both keys are written, or neither."""
    from workstation.station import BOX_KEY_FILE, SIGN_KEY_FILE, ensure_station, key_dir, this_station

    folder = key_dir(data_dir)
    (folder / (BOX_KEY_FILE + ".part")).mkdir(parents=True)  # the box key's file cannot be made
    with pytest.raises(WorkstationError) as raised:
        ensure_station(db, data_dir, agency_id=agency_id_for_code(NANHAI))
    assert "Nothing was saved" in raised.value.message
    assert not (folder / SIGN_KEY_FILE).exists() and not (folder / (SIGN_KEY_FILE + ".part")).exists()
    assert get_setting(db, "station_agency") is None and this_station(db) is None


@pytest.mark.gui
def test_the_first_steps_say_station_keys_that_cannot_be_written_and_save_nothing(qtbot, db, data_dir):
    from ui.first_steps import StationAgencyDialog
    from workstation.station import this_station

    folder = _station_folder_a_file(data_dir)
    dialog = StationAgencyDialog(db, data_dir)
    qtbot.addWidget(dialog)
    dialog.choose(agency_id_for_code(NANHAI))
    dialog.continue_button.click()  # raised out of the click before
    assert not accepted(dialog)
    assert str(folder) in _visible_texts(dialog)
    assert get_setting(db, "station_agency") is None and this_station(db) is None


# ---- 4. --demo refused still offers the officers step: tests/test_s63_firststeps.py (changed for it)


# ---- 5. a wrong passphrase on a read-only disk -----------------------------------------------------------------

@pytest.fixture
def read_only_encrypted(encrypting, data_dir, monkeypatch):
    make_encrypted(data_dir)
    monkeypatch.setattr(keyring, "on_read_only_disk", lambda _path: True)
    return data_dir


def test_a_wrong_passphrase_on_a_read_only_disk_says_the_stored_count_and_that_it_was_not_counted(
        read_only_encrypted, english):
    said = []
    for _try in range(4):
        with pytest.raises(keyring.WrongPassphrase) as raised:
            keyring.unlock(read_only_encrypted, "wrongwrong")
        said.append(raised.value.message)
        assert raised.value.counted is False
    assert len(set(said)) == 1  # the same each time: nothing is counted there
    assert "Wrong passphrase" in said[0] and "not counted" in said[0]
    assert "tries are left" not in said[0] and "must wait" not in said[0]  # no wait comes there


def test_a_stored_count_on_a_read_only_disk_promises_no_wait(encrypting, data_dir, monkeypatch, english):
    make_encrypted(data_dir)
    with keyring.exclusive_lock(data_dir):  # three wrong tries long ago: no wait now (failure_delay 0)
        data = keyring.load(data_dir)
        keyring._save(data_dir, {**data, "failures": 5, "last_failure": 1.0})
    monkeypatch.setattr(keyring, "on_read_only_disk", lambda _path: True)
    assert keyring.failure_delay(data_dir) == 0
    with pytest.raises(keyring.WrongPassphrase) as raised:
        keyring.unlock(data_dir, "wrongwrong")
    assert "must wait" not in raised.value.message and "not counted" in raised.value.message


def test_a_counted_wrong_passphrase_says_so(encrypting, data_dir, english):
    make_encrypted(data_dir)
    with pytest.raises(keyring.WrongPassphrase) as raised:
        keyring.unlock(data_dir, "wrongwrong")
    assert raised.value.counted is True and "not counted" not in raised.value.message


@pytest.mark.gui
def test_the_login_does_not_say_a_try_on_a_read_only_disk_was_counted(read_only_encrypted, qtbot, english):
    from ui.gate import _login

    seen = []

    def show(dialog) -> bool:
        qtbot.addWidget(dialog)
        seen.append(_visible_texts(dialog) + "\n".join(
            label.text() for label in dialog.findChildren(QLabel)))
        dialog.reject()
        return False

    assert _login(read_only_encrypted, "wrongwrong", show) is None
    assert seen and "not counted" in seen[0] and "counted as one try" not in seen[0]
    assert "WORKSTATION_PASSPHRASE" in seen[0]
