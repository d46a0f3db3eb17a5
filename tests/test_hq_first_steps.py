"""Headquarters with no agency chosen works as the city bureau (``station_role.own_agency``): its first steps do not
ask it to choose an agency but still ask for its officers, F1 says it works as the city bureau, and a new officer's
agency is the city bureau; a station keeps being asked for its agency first."""

from __future__ import annotations

import pytest

from ui.first_steps import StationAgencyDialog, needs_first_steps, offer_first_steps
from ui.officers_dialog import OfficersDialog
from workstation.records import Officer
from workstation.station_role import HEADQUARTERS, STATION, set_installation_role
from workstation.store import agency_by_code, save_officer

pytestmark = pytest.mark.gui

CITY = "440600"  # 佛山市市场监督管理局
NANHAI = "440605"  # 佛山市南海区市场监督管理局


def _first_steps(window) -> list:
    """The dialogs the first steps show, each closed unsaved (以后再说, or the officers dialog closed)."""
    shown = []

    def show(dialog) -> bool:
        shown.append(dialog)
        return False

    offer_first_steps(window, "陈志明", show)
    return shown


def test_headquarters_without_an_agency_is_asked_for_its_officers_only(db, data_dir, make_window):
    set_installation_role(db, data_dir, HEADQUARTERS)
    window = make_window(db)
    assert needs_first_steps(db)  # no officer yet: that step still applies
    shown = _first_steps(window)
    assert [type(d) for d in shown] == [OfficersDialog]  # no agency to choose: it works as the city bureau
    assert shown[0].name.text() == "陈志明"
    assert shown[0].agency.currentData() == agency_by_code(db, CITY).id


@pytest.mark.parametrize("role", [None, STATION])
def test_a_station_without_an_agency_is_still_asked_for_it_first(db, data_dir, make_window, role):
    if role:
        set_installation_role(db, data_dir, role)
    shown = _first_steps(make_window(db))
    assert [type(d) for d in shown] == [StationAgencyDialog]  # not now: the officers wait for the agency


def test_headquarters_with_an_agency_chosen_gives_new_officers_that_agency(db, data_dir, qtbot, prompts):
    from workstation.station import ensure_station

    set_installation_role(db, data_dir, HEADQUARTERS)
    ensure_station(db, data_dir, agency_id=agency_by_code(db, NANHAI).id)  # what 名称和所属单位… does
    assert not needs_first_steps(db)
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.agency.currentData() == agency_by_code(db, NANHAI).id  # the agency chosen wins


def test_f1_at_headquarters_does_not_say_to_choose_an_agency(db, data_dir, make_window, prompts, english):
    window = make_window(db)
    window.about()
    assert "choose the agency of this workstation" in prompts.infos[-1]  # a station is told to
    set_installation_role(db, data_dir, HEADQUARTERS)
    window.about()
    text = prompts.infos[-1]
    assert "choose the agency of this workstation" not in text
    assert "works as the city bureau" in text and "Exchange → Name and agency…" in text


def _new_officer_after_editing_one_of_nanhai(db, qtbot, prompts) -> str:
    """The agency a new officer is given after the dialog showed an officer of 南海区局."""
    save_officer(db, Officer(name="何嘉明", cert_no="44060512501", agency_id=agency_by_code(db, NANHAI).id))
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    assert dialog.agency.currentData() == agency_by_code(db, NANHAI).id
    dialog.new_button.click()
    return dialog.agency.currentData()


def test_a_new_officer_at_headquarters_without_an_agency_is_the_city_bureaus(db, data_dir, qtbot, prompts):
    set_installation_role(db, data_dir, HEADQUARTERS)
    assert _new_officer_after_editing_one_of_nanhai(db, qtbot, prompts) == agency_by_code(db, CITY).id


def test_a_new_officer_at_a_station_without_an_agency_keeps_the_agency_shown(db, data_dir, qtbot, prompts):
    set_installation_role(db, data_dir, STATION)
    assert _new_officer_after_editing_one_of_nanhai(db, qtbot, prompts) == agency_by_code(db, NANHAI).id
