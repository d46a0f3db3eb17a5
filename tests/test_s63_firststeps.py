# ruff: noqa: F811 - the fixtures imported from test_ui_login are used by name
"""First steps audit (s63): the demo is not added silently into a workstation an officer set up (officers of its own,
a station agency chosen, number blocks), yet `bash .ci/bootstrap app` (``--demo``) still loads it into a new data
directory; the name corrected in the first-steps officers dialog takes the first start's passphrase with it; 文件 →
加载演示数据 says what it added; the complaint lists of an empty database say to import complaints."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from tests.test_ui_login import FAST, PASS, driving, windows  # noqa: F401 (fixtures)
from workstation.i18n import _, ngettext
from workstation.records import Officer
from workstation.security import keyring
from workstation.store import agency_id_for_code, list_officers, save_officer, set_setting

NANHAI = "440605"


def _two_officers(db) -> None:
    for name, cert in (("陈志明", "44060510001"), ("黄丽娟", "44060510002")):
        save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency_id_for_code(NANHAI)))


def _officers_said(n: int) -> str:
    return ngettext("{n} officer of its own", "{n} officers of its own", n).format(n=n)


@pytest.fixture
def encrypting(monkeypatch):
    """New data directories are encrypted (as ``test_ui_login``'s), Argon2id cheap; keys forgotten afterwards."""
    from workstation.security import session

    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    monkeypatch.setenv("WORKSTATION_ACTOR", "tester")
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    yield
    session._KEYS.clear()


@pytest.fixture
def set_up_station(tmp_path, cli_station):
    """A station set up with its agency and two officers of its own, holding no case (the audit's g2)."""
    from workstation.db import open_database
    from workstation.paths import database_path

    station = cli_station(tmp_path / "station", ["init", "--agency", NANHAI])
    db = open_database(database_path(station))
    try:
        _two_officers(db)
    finally:
        db.conn.close()
    return station


# ---- 1. the demo into a station set up -----------------------------------------------------------------------

def test_officers_number_blocks_and_the_station_agency_count_as_the_folder_s_own(db):
    from workstation.demo import records_not_from_demo
    from workstation.documents.number_blocks import add_block
    from workstation.records import today
    from workstation.station import ensure_station

    assert set(records_not_from_demo(db).values()) == {0}
    _two_officers(db)
    assert records_not_from_demo(db)["officers"] == 2
    set_setting(db, "station_agency", agency_id_for_code(NANHAI))
    assert records_not_from_demo(db)["station_agency"] == 1
    station = ensure_station(db, db.file().parent)
    add_block(db, agency_code=NANHAI, type_code="立", year=int(today()[:4]), first=1, last=50, station_id=station.id,
              action="add_block")
    assert records_not_from_demo(db)["number_blocks"] == 1


def test_the_demo_s_own_officers_are_not_the_folder_s(demo_db):
    from workstation.demo import records_not_from_demo

    assert set(records_not_from_demo(demo_db).values()) == {0}


def test_the_demo_command_refuses_a_station_with_officers_of_its_own(set_up_station, capsys, english):
    code, out, err = run(capsys, "--data-dir", set_up_station, "demo", "--without-complaints")
    assert (code, out) == (1, "")
    assert "--into-existing" in err and _officers_said(2) in err
    assert run_json(capsys, "--data-dir", set_up_station, "cases", "list") == []
    result = run_json(capsys, "--data-dir", set_up_station, "demo", "--without-complaints", "--into-existing")
    assert result["added"]["cases"] == 36


def test_the_demo_command_still_loads_into_a_folder_only_initialised_with_its_agency(tmp_path, cli_station, capsys):
    """`init --agency` then `demo` (a training machine, and the scripts of the tests): the command names the demo
    itself, and no officer, number block or case of the folder's own is there to be mixed with it."""
    station = cli_station(tmp_path / "station", ["init", "--agency", NANHAI])
    assert run_json(capsys, "--data-dir", station, "demo", "--without-complaints")["added"]["cases"] == 36


def _started(qtbot, window):
    with qtbot.waitSignal(window.first_painted):
        window.show()
    qtbot.wait(20)
    return window


@pytest.mark.gui
def test_a_start_with_demo_leaves_a_station_set_up_and_says_what_it_holds(set_up_station, qtbot, windows, english):
    from tests.conftest import ScriptedPrompts
    from workstation.store import count_cases

    prompts = ScriptedPrompts()
    window = _started(qtbot, windows(set_up_station, prompts=prompts, demo=True))
    assert count_cases(window.db) == 0 and len(list_officers(window.db)) == 2
    message = window.statusBar().currentMessage()
    assert "The demo data was not loaded" in message and _officers_said(2) in message
    assert "--data-dir" in message and "Load demo data" in message  # what to do: another folder, or the menu
    assert prompts.infos == [message]  # as the command line refuses it: the day's backup soon takes the status bar
    assert prompts.confirmations == [] and prompts.errors == []


@pytest.mark.gui
def test_a_start_with_demo_leaves_a_station_whose_agency_was_chosen(tmp_path, cli_station, qtbot, windows, english):
    from ui.first_steps import needs_first_steps
    from workstation.store import count_cases

    station = cli_station(tmp_path / "station", ["init", "--agency", NANHAI])
    offered = []

    def officers_step(dialog) -> bool:  # the demo refused: the officers step offered still (s66)
        offered.append(type(dialog).__name__)
        dialog.reject()
        return False

    window = _started(qtbot, windows(station, demo=True, show=officers_step))
    assert count_cases(window.db) == 0 and needs_first_steps(window.db)
    message = window.prompts.infos[0] if window.prompts.infos else window.statusBar().currentMessage()
    assert "The demo data was not loaded" in message and _("this workstation's agency chosen") in message
    qtbot.waitUntil(lambda: offered == ["OfficersDialog"])


def _first_start(name: str):
    def fill(dialog) -> None:
        dialog.fields.edits["officer"].setText(name)
        dialog.fields.edits["passphrase"].setText(PASS)
        dialog.fields.edits["repeat"].setText(PASS)
        dialog.action_button.click()

    return fill


@pytest.mark.gui
def test_the_readme_s_first_command_loads_the_demo_into_a_new_folder_and_says_so(encrypting, qtbot, data_dir,
                                                                                  windows, english):
    """`bash .ci/bootstrap app` on a new data directory: the first start (name, passphrase), then the demo, whose
    loading is said when it ends; started so again on the folder holding only the demo, nothing is refused."""
    from tests.conftest import ScriptedPrompts
    from workstation.security import session
    from workstation.store import count_cases

    prompts = ScriptedPrompts()
    window = windows(data_dir, show=driving(qtbot, _first_start("陈志强")), prompts=prompts, demo=True)
    with qtbot.waitSignal(window.first_painted):
        window.show()
    qtbot.waitUntil(lambda: count_cases(window.db) == 36)
    assert [text for text in prompts.infos if text.startswith("Demo data: 36 cases, 31 leads")]
    window.close()
    session._KEYS.clear()

    def login(dialog):
        dialog.passphrase.setText(PASS)
        dialog.login_button.click()

    again = _started(qtbot, windows(data_dir, show=driving(qtbot, login), demo=True))
    assert count_cases(again.db) == 36
    assert "The demo data was not loaded" not in again.statusBar().currentMessage()


# ---- 3. 文件 → 加载演示数据 says what it did ------------------------------------------------------------------------

@pytest.mark.gui
def test_the_demo_loaded_again_from_the_menu_says_nothing_was_added(demo_db, make_window, prompts, english,
                                                                     monkeypatch):
    from workstation import demo

    real = demo.load_demo  # (``demo_db`` holds the demo without its complaints)
    monkeypatch.setattr(demo, "load_demo", lambda db, **kwargs: real(db, **{**kwargs, "complaints": False}))
    window = make_window(demo_db)
    prompts.confirm_answer = True
    window.offer_demo()
    assert prompts.infos[-1].startswith("The demo data is loaded already (36 cases")
    assert prompts.infos[-1].endswith("nothing was added.")


@pytest.mark.gui
def test_the_demo_loaded_from_the_menu_says_what_it_added(db, make_window, prompts, english, monkeypatch):
    from workstation import demo

    real = demo.load_demo
    monkeypatch.setattr(demo, "load_demo", lambda db, **kwargs: real(db, **{**kwargs, "complaints": False}))
    window = make_window(db)
    prompts.confirm_answer = True
    window.offer_demo()
    assert prompts.infos[-1].startswith("Demo data: 36 cases, 31 leads")
    assert prompts.infos[-1].endswith("0 complaints added.")


# ---- 2. the name corrected in the first steps takes the passphrase with it -----------------------------------

def _first_steps(qtbot, windows, data_dir, typed_first: str, *officers_saved: str, prompts=None):
    """The window started on a new data directory with ``typed_first`` at the first start, the station's agency
    chosen and ``officers_saved`` added in the officers dialog (the first over the name it offered)."""
    from PySide6.QtWidgets import QLabel

    from ui.app import first_steps

    window = windows(data_dir, show=driving(qtbot, _first_start(typed_first)), prompts=prompts)
    window.show()
    seen = {}

    def station(dialog) -> None:
        dialog.choose(agency_id_for_code("440605011"))
        dialog.continue_button.click()

    def officers(dialog) -> None:
        seen["offered"] = dialog.name.text()
        for number, name in enumerate(officers_saved, 1):
            dialog.name.setText(name)
            dialog.cert_no.setText(f"4406050110{number}")
            dialog.save()
        seen["note"] = "\n".join(label.text() for label in dialog.findChildren(QLabel))
        dialog.accept()

    first_steps(window, typed_first, driving(qtbot, station, officers, lambda dialog: dialog.reject()))
    return window, seen


@pytest.mark.gui
def test_the_first_officer_saved_under_a_corrected_name_takes_the_first_start_passphrase(encrypting, qtbot,
                                                                                          windows, data_dir, english):
    from tests.conftest import ScriptedPrompts
    from workstation.audit import current_actor

    prompts = ScriptedPrompts()
    prompts.confirm_answer = True  # asked (s66: a colleague's name is never given it unasked), No the default
    window, seen = _first_steps(qtbot, windows, data_dir, "陈志明", "陈智明", "黄丽娟", prompts=prompts)
    assert prompts.destructive == prompts.confirmations and len(prompts.confirmations) == 1
    assert seen["offered"] == "陈志明"
    assert keyring.officers(data_dir) == ["陈智明"]
    assert keyring.unlock(data_dir, PASS, "陈智明")[0] == "陈智明"
    assert current_actor() == "陈智明"  # what is registered now is registered by the officer of the register
    assert "陈智明" in seen["note"] and "陈志明" in seen["note"]  # said in the dialog
    assert {o.name for o in list_officers(window.db)} == {"陈智明", "黄丽娟"}


@pytest.mark.gui
def test_the_first_officer_saved_under_the_first_start_name_changes_nothing(encrypting, qtbot, windows,
                                                                             data_dir):
    _window, _seen = _first_steps(qtbot, windows, data_dir, "陈志明", "陈志明", "黄丽娟")
    assert keyring.officers(data_dir) == ["陈志明"]


@pytest.mark.gui
def test_with_another_passphrase_in_the_keyring_the_officer_is_asked_first(encrypting, qtbot, windows, data_dir,
                                                                            english):
    from tests.conftest import ScriptedPrompts
    from ui.app import first_steps
    from workstation.security import session

    prompts = ScriptedPrompts()
    prompts.confirm_answer = False
    window = windows(data_dir, show=driving(qtbot, _first_start("陈志明")), prompts=prompts)
    keyring.add_officer(data_dir, session.require_key(data_dir), "罗建华", PASS + "2")

    def station(dialog) -> None:
        dialog.choose(agency_id_for_code("440605011"))
        dialog.continue_button.click()

    def officers(dialog) -> None:
        dialog.name.setText("陈智明")
        dialog.cert_no.setText("44060501101")
        dialog.save()
        dialog.accept()

    first_steps(window, "陈志明", driving(qtbot, station, officers, lambda dialog: dialog.reject()))
    assert len(prompts.confirmations) == 1 and "陈志明" in prompts.confirmations[0]
    assert sorted(keyring.officers(data_dir)) == ["罗建华", "陈志明"]  # answered No: as it was


# ---- 4. the complaint lists of an empty database -------------------------------------------------------------

@pytest.mark.gui
def test_an_empty_database_s_complaint_lists_say_to_import_complaints(db, make_window, english):
    page = make_window(db).leads_page
    page.tabs.setCurrentWidget(page.without_lead)
    page.without_lead.refresh()
    said = page.without_lead.counts.text()
    assert "No complaint has been imported yet" in said and "Import complaints" in said
    assert "is in a lead" not in said
    page.tabs.setCurrentWidget(page.search_tab)
    assert "No complaint has been imported yet" in page.search_count.text()


@pytest.mark.gui
def test_the_complaint_lists_drop_the_sentence_once_complaints_are_imported(db, make_window, tmp_path, english):
    from tests.test_s49_demo_guard import OWN_CSV
    from workstation.importing.complaints import import_complaints

    page = make_window(db).leads_page
    assert "No complaint has been imported yet" in page.search_count.text()
    path = tmp_path / "own.csv"
    path.write_text(OWN_CSV, encoding="utf-8-sig")
    import_complaints(db, [path])
    page.refresh()
    assert page.search_count.text() == ""
    page.without_lead.refresh()
    assert "No complaint has been imported yet" not in page.without_lead.counts.text()
