"""A start with no officer registered asks for the officers again: a station that chose its agency at the first start
and closed the officers dialog without adding anyone is shown that dialog alone at the next start, saying why, until
one is added. Headquarters, which may keep no officers of its own on purpose, is asked once and not again."""

from __future__ import annotations

import pytest

from ui.app import first_steps
from ui.first_steps import StationAgencyDialog, needs_first_steps
from ui.officers_dialog import OfficersDialog
from workstation.i18n import _
from workstation.records import Officer
from workstation.station import ensure_station
from workstation.station_role import HEADQUARTERS, set_installation_role
from workstation.store import agency_id_for_code, save_officer

pytestmark = pytest.mark.gui

GUICHENG = "440605011"


def start_steps(window, qtbot) -> list:
    """The first steps as a start without --demo runs them: the dialogs shown, each closed with nobody added."""
    shown = []

    def show(dialog) -> bool:
        qtbot.addWidget(dialog)
        shown.append(dialog)
        dialog.reject()
        return False

    first_steps(window, "黄丽娟", show)
    return shown


def note(dialog) -> str:
    from PySide6.QtWidgets import QLabel

    return dialog.findChild(QLabel, "first_steps_note").text()


MENU = _("Case") + " → " + _("Enforcement officers")


def test_a_station_that_chose_its_agency_but_added_no_officer_is_asked_for_officers_at_each_start(
    make_window, db, data_dir, qtbot
):
    ensure_station(
        db, data_dir, agency_id=agency_id_for_code(GUICHENG)
    )  # the first start's agency, then 以后再说
    window = make_window(db)
    for _start in range(2):
        assert needs_first_steps(db)
        shown = start_steps(window, qtbot)
        assert [type(d) for d in shown] == [OfficersDialog]  # the agency chosen is not asked again
        assert (
            shown[0].agency.currentData() == agency_id_for_code(GUICHENG) and shown[0].name.text() == "黄丽娟"
        )
        assert note(shown[0]) == _(
            "No enforcement officer is registered on this workstation yet: filing a case needs two, with their "
            "certificate numbers. Add them here, or later under {officers}; until one is added, each start asks "
            "again."
        ).format(officers=MENU)
    save_officer(db, Officer(name="黄丽娟", cert_no="44060501101", agency_id=agency_id_for_code(GUICHENG)))
    assert not needs_first_steps(db) and start_steps(window, qtbot) == []


def test_a_new_station_is_still_asked_for_its_agency_first(make_window, db, qtbot):
    shown = start_steps(make_window(db), qtbot)
    assert [type(d) for d in shown] == [StationAgencyDialog]
    assert needs_first_steps(db)  # 以后再说 changed nothing: asked again


def test_headquarters_that_closed_the_officers_dialog_is_not_asked_again(make_window, db, data_dir, qtbot):
    set_installation_role(db, data_dir, HEADQUARTERS)
    window = make_window(db)
    shown = start_steps(window, qtbot)
    assert [type(d) for d in shown] == [OfficersDialog]
    assert not needs_first_steps(db)
    assert note(shown[0]) == _(
        "No enforcement officer is registered at headquarters yet. It needs them only to file cases of its own: add "
        "them here, or close this dialog and you will not be asked again (add them later under {officers})."
    ).format(officers=MENU)
    assert start_steps(window, qtbot) == []  # the next start: no dialog
