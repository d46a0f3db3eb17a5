"""A publicity activity deleted elsewhere (``publicity delete`` beside the window, another window, a bundle from
headquarters) while its editor was open is not stored again under its old id when the editor saves: the save is
refused, saying so, and the log reads the activities again. Deleting one already deleted elsewhere names it by its
title and date (never by its id) and drops the stale row. A new activity at a station with no agency set is the
signed-in officer's agency's, as a new interview is; with none known, the agency is left to be chosen."""

from __future__ import annotations

import datetime as dt

import pytest

from ui.publicity_dialog import PublicityDialog
from workstation.errors import WorkstationError
from workstation.records import Officer, Publicity, today
from workstation.store import agency_id_for_code, list_publicity, save_officer
from workstation.store.publicity import delete_publicity, get_publicity, save_publicity

NANHAI = agency_id_for_code("440605")
TITLE = "个人信息保护进社区宣传活动"


def days_ago(n: int) -> str:
    return (dt.date.fromisoformat(today()) - dt.timedelta(days=n)).isoformat()


def audit_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]


@pytest.fixture
def activity(db):
    return save_publicity(db, Publicity(agency_id=NANHAI, held_on=days_ago(3), title=TITLE, flyers=300, sms=0,
                                        participants=50))


def deleted_text(title: str = TITLE, date: str | None = None) -> str:
    return (f"The publicity activity “{title}” of {date or days_ago(3)} was deleted elsewhere since you opened it: "
            "nothing was saved. Copy what you typed if you need it.")


# 1. saved over an activity deleted elsewhere ------------------------------------------------------------------
def test_save_publicity_refuses_an_activity_deleted_since_it_was_loaded(db, other, activity, english):
    loaded = get_publicity(db, activity.id)
    delete_publicity(other, activity.id)  # ``publicity delete`` in another process
    entries = audit_count(db)
    with pytest.raises(WorkstationError) as refused:
        save_publicity(db, Publicity(**{**loaded.__dict__, "participants": 80}), loaded=loaded)
    assert refused.value.message == deleted_text()
    assert list_publicity(db) == [] and audit_count(db) == entries


def test_the_dialog_refuses_to_store_again_an_activity_deleted_elsewhere(db, other, activity, prompts, qtbot,
                                                                        english):
    dialog = PublicityDialog(db, prompts, get_publicity(db, activity.id))
    qtbot.addWidget(dialog)
    delete_publicity(other, activity.id)
    dialog.texts["participants"].setText("80")
    dialog.save()
    assert dialog.saved_publicity is None and dialog.result() != dialog.DialogCode.Accepted
    assert prompts.errors == [deleted_text()]
    assert dialog.changed_elsewhere  # the log reads the activities again
    assert list_publicity(db) == []


def test_the_log_drops_an_activity_its_editor_found_deleted(db, other, activity, prompts, qtbot, monkeypatch,
                                                           english):
    import ui.publicity_page as page

    tab = page.PublicityTab(db, prompts)
    qtbot.addWidget(tab)
    tab.view.selectRow(0)

    def typed_then_saved(dialog, made=True):
        delete_publicity(other, activity.id)  # while the editor is open
        dialog.texts["participants"].setText("80")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(page, "exec_once", typed_then_saved)
    tab.edit_activity()
    assert prompts.errors == [deleted_text()]
    assert tab.model.rowCount() == 0 and list_publicity(db) == []


def test_an_activity_deleted_before_its_editor_opens_is_not_opened(db, other, activity, prompts, qtbot,
                                                                  monkeypatch, english):
    import ui.publicity_page as page

    tab = page.PublicityTab(db, prompts)
    qtbot.addWidget(tab)
    tab.view.selectRow(0)
    delete_publicity(other, activity.id)
    opened = []
    monkeypatch.setattr(page, "exec_once", lambda dialog, made=True: opened.append(dialog) or 0)
    tab.edit_activity()
    assert opened == []
    assert prompts.errors == [f"The publicity activity “{TITLE}” of {days_ago(3)} was deleted elsewhere: the log "
                              "now lists the activities as they are stored."]
    assert tab.model.rowCount() == 0


# 3. deleted again ---------------------------------------------------------------------------------------------
def test_deleting_an_activity_deleted_elsewhere_names_it_and_drops_its_row(db, other, activity, prompts, qtbot,
                                                                          english):
    from ui.publicity_page import PublicityTab

    tab = PublicityTab(db, prompts)
    qtbot.addWidget(tab)
    tab.view.selectRow(0)
    delete_publicity(other, activity.id)
    prompts.confirm_answer = True
    tab.delete_activity()
    assert prompts.errors == [f"The publicity activity “{TITLE}” of {days_ago(3)} was deleted elsewhere: the log "
                              "now lists the activities as they are stored."]
    assert activity.id not in prompts.errors[0]
    assert tab.model.rowCount() == 0 and "0" in tab.totals.text()
    assert not tab.buttons["undo_delete"].isEnabled()  # this window deleted nothing to bring back


def test_an_activity_deleted_elsewhere_while_its_deletion_is_asked_about(db, other, activity, prompts, qtbot,
                                                                         monkeypatch, english):
    from ui.publicity_page import PublicityTab

    tab = PublicityTab(db, prompts)
    qtbot.addWidget(tab)
    tab.view.selectRow(0)

    def deleted_while_asked(parent, title, label, default=""):  # the reason asked
        delete_publicity(other, activity.id)
        return "误录"

    monkeypatch.setattr(prompts, "ask_text", deleted_while_asked)
    tab.delete_activity()
    assert prompts.errors == [f"The publicity activity “{TITLE}” of {days_ago(3)} was deleted elsewhere: the log "
                              "now lists the activities as they are stored."]
    assert tab.model.rowCount() == 0 and not tab.buttons["undo_delete"].isEnabled()


# 2. the agency of a new activity ------------------------------------------------------------------------------
def test_a_new_activity_is_the_signed_in_officers_agency_at_a_station_with_none(db, prompts, qtbot, monkeypatch):
    save_officer(db, Officer(name="霍国栋", cert_no="44060500123", agency_id=NANHAI))
    monkeypatch.setenv("WORKSTATION_ACTOR", "霍国栋")
    dialog = PublicityDialog(db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.agency.currentData() == NANHAI


def test_a_new_activity_of_no_known_agency_asks_for_one(db, prompts, qtbot, monkeypatch, english):
    monkeypatch.setenv("WORKSTATION_ACTOR", "nobody-known")
    dialog = PublicityDialog(db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.agency.currentIndex() == -1
    assert dialog.errors["agency_id"].text() == "Choose the agency that held the activity."
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
