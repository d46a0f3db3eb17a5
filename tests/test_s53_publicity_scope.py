"""A station corrects and deletes only the publicity activities of the agencies it records for — another
district's figures count in that district's 各局考评, which keeps them — on the page (the buttons greyed with the
reason), on the command line and in the store; and an undone deletion brings back the activity as it was stored
when deleted, a correction made elsewhere after the log was read included."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import ScriptedPrompts
from tests.helpers import run
from ui.publicity_page import PublicityTab
from workstation.errors import WorkstationError
from workstation.records import Publicity
from workstation.store import agency_id_for_code, get_publicity, list_publicity, save_publicity
from workstation.store.base import set_setting
from workstation.store.publicity import delete_publicity, publicity_field_errors

NANHAI, SHUNDE = "440605", "440606"


def _activities(db) -> tuple[Publicity, Publicity]:
    own = save_publicity(db, Publicity(agency_id=agency_id_for_code(NANHAI), held_on="2026-04-01",
                                       title="进社区宣传", kind="community", flyers=300, participants=40))
    other = save_publicity(db, Publicity(agency_id=agency_id_for_code(SHUNDE), held_on="2026-04-02",
                                         title="顺德进校园宣讲", kind="community", flyers=100, participants=20))
    set_setting(db, "station_agency", agency_id_for_code(NANHAI))  # the station of 南海 from now on
    return own, other


def test_another_district_s_activity_is_neither_corrected_nor_deleted(db, english):
    own, other = _activities(db)
    errors = publicity_field_errors(db, replace(other, participants=1))
    assert set(errors) == {"agency_id"} and "that agency records and corrects its own" in errors["agency_id"]
    # given to this station's agency by the correction: still another district's activity
    assert set(publicity_field_errors(db, replace(other, agency_id=own.agency_id))) == {"agency_id"}
    with pytest.raises(WorkstationError, match="not those of"):
        delete_publicity(db, other.id)
    assert get_publicity(db, other.id) == other
    assert publicity_field_errors(db, replace(own, participants=1)) == {}


def test_the_command_line_refuses_it_too(db, data_dir, capsys, english):
    _own, other = _activities(db)
    code, _out, err = run(capsys, "--data-dir", data_dir, "publicity", "edit", other.id, "--participants", "5000")
    assert code == 1 and "not those of" in err, err
    code, _out, err = run(capsys, "--data-dir", data_dir, "publicity", "delete", other.id)
    assert code == 1 and "not those of" in err, err
    assert get_publicity(db, other.id) == other


def test_the_page_greys_correcting_and_deleting_another_district_s_activity(db, qtbot, english):
    own, other = _activities(db)
    prompts = ScriptedPrompts()
    tab = PublicityTab(db, prompts)
    qtbot.addWidget(tab)
    tab.show()
    ids = [p.id for p in tab.model.records]
    tab.view.selectRow(ids.index(other.id))
    for name in ("edit_publicity", "delete_publicity"):
        assert not tab.buttons[name].isEnabled() and "not those of" in tab.buttons[name].toolTip()
    tab.edit_activity()  # Enter or a double click: said, no editor opened
    assert "not those of" in prompts.infos[-1]
    tab.view.selectRow(ids.index(own.id))
    assert tab.buttons["edit_publicity"].isEnabled() and tab.buttons["delete_publicity"].isEnabled()


def test_undo_brings_back_the_activity_as_stored_when_deleted(db, qtbot, english):
    own, _other = _activities(db)
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    tab = PublicityTab(db, prompts)
    qtbot.addWidget(tab)
    tab.show()
    tab.view.selectRow([p.id for p in tab.model.records].index(own.id))
    save_publicity(db, replace(own, participants=5000))  # corrected elsewhere after the log was read
    tab.delete_activity()
    tab.undo_delete()
    [restored] = [p for p in list_publicity(db) if p.title == own.title]
    assert restored.participants == 5000
