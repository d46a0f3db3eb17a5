"""Findings of the s73 publicity read: the restore of a kept deletion is in the audit log, linking the new id to the
old one; a deletion without a reason keeps none (no Chinese placeholder), shown as "(no reason given)"; the reason
is checked once, after the agency refusal; the window's Bring back deleted… offers the deletions of the page's
period and agency, at most 200 of them."""

from __future__ import annotations

import pytest

from tests.helpers import run
from workstation.audit import digest
from workstation.errors import ValidationError, WorkstationError
from workstation.records import Publicity
from workstation.store import agency_id_for_code, list_publicity, save_publicity
from workstation.store.publicity import (
    delete_publicities,
    removed_publicities,
    restore_deleted_publicity,
)

NANHAI = agency_id_for_code("440605")
GUICHENG = agency_id_for_code("440605011")


def activity(**fields) -> Publicity:
    values = {"agency_id": NANHAI, "held_on": "2026-04-01", "title": "个人信息保护进社区",
              "kind": "community", "flyers": 100, "sms": 20, "participants": 30} | fields
    return Publicity(**values)


def kept_row(db, publicity_id) -> dict:
    cursor = db.execute("SELECT * FROM removed_publicity WHERE id = ?", [publicity_id])
    return dict(zip([c[0] for c in cursor.description], cursor.fetchone(), strict=True))


def test_the_restore_of_a_kept_deletion_is_audited_in_its_transaction(db):
    item = save_publicity(db, activity())
    delete_publicities(db, [item.id], "重复录入")
    before = kept_row(db, item.id)
    restored = restore_deleted_publicity(db, item.id)
    after = kept_row(db, item.id)
    assert after["restored_as"] == restored.id
    entries = db.execute("SELECT action, before_digest, after_digest FROM audit WHERE entity = 'removed_publicity' "
                         "AND entity_id = ? ORDER BY seq", [item.id]).fetchall()
    assert [e[0] for e in entries] == ["create", "update"]
    assert entries[1][1:] == (digest(before), digest(after))


def test_a_deletion_without_a_reason_keeps_none_and_is_listed_as_such(db, english):
    item = save_publicity(db, activity())
    delete_publicities(db, [item.id])  # a script calling the core, no reason asked
    [kept] = removed_publicities(db)
    assert kept.reason == "" and kept_row(db, item.id)["reason"] == ""


def test_the_command_line_lists_no_reason_as_such(cli_station, tmp_path, capsys, english):
    from tests.helpers import open_db, run_json

    station = cli_station(tmp_path / "station")
    gone = run_json(capsys, "--data-dir", station, "publicity", "list")[0]
    db = open_db(station)
    try:
        delete_publicities(db, [gone["id"]])
    finally:
        db.conn.close()
    code, out, _err = run(capsys, "--data-dir", station, "publicity", "list", "--deleted")
    assert code == 0 and "(no reason given)" in out and "未说明" not in out
    [row] = run_json(capsys, "--data-dir", station, "publicity", "list", "--deleted")
    assert row["reason"] == ""


@pytest.mark.parametrize("reason", ["", "  "])
def test_another_agencys_activity_is_refused_as_such_before_the_reason(db, english, reason):
    from workstation.store.base import set_setting

    other = save_publicity(db, activity(title="他局", agency_id=agency_id_for_code("440606")))
    set_setting(db, "station_agency", GUICHENG)
    with pytest.raises(WorkstationError) as refused:
        delete_publicities(db, [other.id], reason)
    assert not isinstance(refused.value, ValidationError) and "records the activities of its own" in str(refused.value)
    assert [p.title for p in list_publicity(db)] == ["他局"]


def test_a_blank_reason_is_refused_by_the_core_naming_the_field(db, english):
    item = save_publicity(db, activity())
    with pytest.raises(ValidationError) as refused:
        delete_publicities(db, [item.id], " ")
    assert set(refused.value.errors) == {"reason"} and len(list_publicity(db)) == 1


# ----- the window -----

def tab_of(db, prompts, qtbot):
    from ui.publicity_page import PublicityTab

    widget = PublicityTab(db, prompts)
    qtbot.addWidget(widget)
    return widget


def test_the_window_offers_the_deletions_of_the_period_and_agency_shown(db, prompts, qtbot, english):
    april = save_publicity(db, activity(title="四月宣传"))
    may = save_publicity(db, activity(title="五月宣传", held_on="2026-05-06"))
    other = save_publicity(db, activity(title="他局宣传", agency_id=agency_id_for_code("440606")))
    delete_publicities(db, [april.id, may.id, other.id], "重复录入")
    delete_publicities(db, [save_publicity(db, activity(title="无理由")).id])
    tab = tab_of(db, prompts, qtbot)
    tab.set_period("2026-04-01", "2026-04-30", NANHAI)
    tab.restore_deleted()
    lines = prompts.offered[-1][1:]
    assert any("四月宣传" in line for line in lines) and not any("五月宣传" in line for line in lines)
    assert not any("他局宣传" in line for line in lines)
    assert any("无理由" in line and "(no reason given)" in line for line in lines)
    tab.set_period("2026-05-01", "2026-05-31", agency_id_for_code("440606"))
    tab.restore_deleted()
    assert prompts.infos[-1].startswith("No deleted publicity activity")


def test_the_window_offers_at_most_200_and_says_where_the_others_are(db, prompts, qtbot, english):
    items = [save_publicity(db, activity(title=f"宣传{n}", flyers=n)) for n in range(203)]
    delete_publicities(db, [item.id for item in items], "批量录错")
    tab = tab_of(db, prompts, qtbot)
    prompts.choices = [0]
    tab.restore_deleted()
    label, *lines = prompts.offered[-1]
    assert len(lines) == 200 and "publicity list --deleted" in label and "203" in label
    assert len(list_publicity(db)) == 1


# the stop read's findings (sr_D) ---------------------------------------------------------------------------------
@pytest.mark.parametrize("count", [1, 2])
def test_the_delete_question_names_the_button_that_brings_them_back_after_a_restart(db, prompts, qtbot, english,
                                                                                    count):
    for n in range(count):
        save_publicity(db, activity(title=f"宣传{n}"))
    tab = tab_of(db, prompts, qtbot)
    tab.set_period("2026-04-01", "2026-04-30", NANHAI)
    tab.view.selectAll()
    prompts.texts = [None]  # cancelled: nothing deleted
    tab.buttons["delete_publicity"].click()
    question = prompts.questions[-1]
    button = tab.buttons["deleted_publicity"].text().replace("&", "")
    assert f"“{button}”" in question
    if count > 1:  # Undo delete lasts while the window is open; the button, and the command, after a restart too
        assert "Undo delete" in question and "`publicity restore`" in question
    assert len(list_publicity(db)) == count
