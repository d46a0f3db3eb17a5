"""A town office's first start on a new laptop: after the passphrase the window asks which agency the workstation
works for and then for its officers (the name given at the first start filled in), so the first case is the
office's own with officers to file it; 以后再说 changes nothing and asks again; the agency chosen later on the
exchange page is the default of new cases too; F1 names the first steps and where they are."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QDialog

from ui.app import start
from ui.case_dialog import CaseDialog
from ui.first_steps import StationAgencyDialog, needs_first_steps
from ui.layouts import plain_label
from ui.officers_dialog import OfficersDialog
from ui.task_runner import ImmediateRunner
from workstation.i18n import _
from workstation.records import Officer
from workstation.security import keyring, session
from workstation.station import ensure_station
from workstation.store import agency_id_for_code, get_setting, list_officers, save_officer

pytestmark = pytest.mark.gui

NANZHUANG = "440604100"  # 佛山市禅城区市场监督管理局南庄市场监督管理所
PASS = "town-office-2026"


@pytest.fixture
def first_start(qtbot, monkeypatch, data_dir, prompts):
    """``first_start(*steps)``: the window started on an empty data directory (encrypted, cheap Argon2id), shown,
    each dialog handed in turn to the next step; returns (window, names of the dialogs shown)."""
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    monkeypatch.setenv("WORKSTATION_ACTOR", "Administrator")
    monkeypatch.setattr(keyring, "DEFAULT_COST", {"memory_kib": 1024, "iterations": 1, "lanes": 1})
    made = []

    def run(*steps):
        queue, seen = list(steps), []

        def show(dialog: QDialog) -> bool:
            qtbot.addWidget(dialog)
            seen.append(dialog.objectName() or type(dialog).__name__)
            queue.pop(0)(dialog)
            return dialog.result() == QDialog.DialogCode.Accepted

        window = start(data_dir, None, ImmediateRunner(), prompts, show=show)
        qtbot.addWidget(window)
        made.append(window)
        window.show()
        qtbot.waitUntil(lambda: not queue, timeout=5000)
        return window, seen

    yield run
    for window in made:
        window.idle_lock.stop()
        window.shutdown()
        window.db.conn.close()
    session._KEYS.clear()


def set_up(dialog):
    dialog.fields.edits["officer"].setText("陈志明")
    dialog.fields.edits["passphrase"].setText(PASS)
    dialog.fields.edits["repeat"].setText(PASS)
    dialog.action_button.click()


def test_the_first_start_asks_for_the_station_agency_and_the_officers_before_the_first_case(first_start, prompts):
    town = agency_id_for_code(NANZHUANG)

    def agency(dialog):
        assert not dialog.continue_button.isEnabled()  # nothing chosen for the officer: the city bureau is no default
        dialog.choose(town)
        dialog.continue_button.click()

    def officers(dialog):
        assert dialog.name.text() == "陈志明"  # the name given a moment ago
        assert dialog.agency.currentData() == town
        dialog.cert_no.setText("44060410001")
        dialog.save_button.click()
        dialog.name.setText("梁晓彤")
        dialog.cert_no.setText("44060410002")
        dialog.save_button.click()
        dialog.reject()

    window, seen = first_start(set_up, agency, officers, lambda details: details.reject())
    assert seen == ["setup_dialog", "station_dialog", "OfficersDialog", "agency_details_dialog"]
    db = window.db
    assert get_setting(db, "station_agency") == town
    assert {(o.name, o.agency_id) for o in list_officers(db)} == {("陈志明", town), ("梁晓彤", town)}
    case = CaseDialog(db, prompts)
    assert case.agency.currentData() == town
    assert case.officers.count() == 2  # the two officers to file the first case with
    # a new case is numbered when filed (立案), in the district's numbers, not the city bureau's
    from workstation.store import next_case_number

    assert case.case_number.placeholderText() == "未立案：立案时自动编号"
    assert next_case_number(db, case.agency.currentData()).startswith("佛禅市监")


def test_not_now_changes_nothing_and_the_next_start_asks_again(first_start, data_dir):
    window, seen = first_start(set_up, lambda dialog: dialog.reject())
    assert seen == ["setup_dialog", "station_dialog"]
    assert get_setting(window.db, "station_agency") is None and list_officers(window.db) == []
    assert needs_first_steps(window.db)


def test_a_database_with_an_officer_or_a_station_agency_is_not_asked(db, data_dir):
    assert needs_first_steps(db)
    save_officer(db, Officer(name="陈志强", cert_no="44060512001", agency_id=agency_id_for_code("440605")))
    assert not needs_first_steps(db)


def test_the_agency_dialog_names_the_station_after_its_agency(db, data_dir, qtbot):
    dialog = StationAgencyDialog(db, data_dir)
    qtbot.addWidget(dialog)
    dialog.choose(agency_id_for_code(NANZHUANG))
    dialog.continue_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    from workstation.station import this_station

    assert this_station(db).name == "南庄所" and this_station(db).agency_id == agency_id_for_code(NANZHUANG)


def test_the_agency_chosen_on_the_exchange_page_is_the_default_of_new_cases_and_officers(db, data_dir, prompts,
                                                                                            qtbot):
    town = agency_id_for_code(NANZHUANG)
    ensure_station(db, data_dir, name="南庄所", agency_id=town)  # what 名称和所属单位… does
    case, officers = CaseDialog(db, prompts), OfficersDialog(db, prompts)
    qtbot.addWidget(case)
    qtbot.addWidget(officers)
    assert case.agency.currentData() == town and officers.agency.currentData() == town


def test_f1_names_the_first_steps_with_the_menus_items(demo_db, make_window, prompts):
    window = make_window(demo_db)
    window.about()
    text = prompts.infos[-1]
    assert str(window.data_dir) in text
    for menu, name in (("Case", "officers"), ("Case", "new_case"), ("File", "import_register")):
        from PySide6.QtGui import QAction

        assert _(menu) + " → " + plain_label(window.findChild(QAction, name).text()) in text
    assert _("Exchange") + " → " + _("Name and agency…") in text
