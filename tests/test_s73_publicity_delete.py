"""Deleting a publicity activity (宣传) keeps it, with its reason, the officer and the time, and brings it back
later — after the window that deleted it was closed, or from the command line (`publicity restore`) — as clock
events removed with a reason are kept and put back: a deletion without a reason is refused, changing nothing; the
deletion still travels to headquarters in the bundle, and the activity put back travels as a row again."""

from __future__ import annotations

import json

import pytest

from tests.helpers import NANHAI_STATIONS, copy_of, hq_and_two_nanhai_stations, open_db, run, run_json
from workstation.audit import digest

REASON = "重复录入"


def publicity_figures(capsys, data_dir) -> dict:
    return run_json(capsys, "--data-dir", data_dir, "stats")["publicity"]


def audit_count(data_dir) -> int:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    finally:
        db.conn.close()


@pytest.fixture
def station(cli_station, tmp_path):
    return cli_station(tmp_path / "station")


def most_flyers(capsys, station) -> dict:
    listed = run_json(capsys, "--data-dir", station, "publicity", "list")
    return max(listed, key=lambda row: (row["flyers"], row["sms"], row["id"]))


def test_deleted_with_a_reason_it_is_kept_and_restored_with_the_same_figures(station, capsys, english):
    before = publicity_figures(capsys, station)
    gone = most_flyers(capsys, station)
    assert gone["flyers"] > 0
    deleted = run_json(capsys, "--data-dir", station, "publicity", "delete", gone["id"], "--reason", REASON)
    assert deleted == {**gone, "reason": REASON}
    after = publicity_figures(capsys, station)
    assert after["campaigns"] == before["campaigns"] - 1 and after["flyers"] == before["flyers"] - gone["flyers"]
    assert gone["id"] not in {row["id"] for row in run_json(capsys, "--data-dir", station, "publicity", "list")}
    # each command opens the database anew: the deleted activity is kept, with its reason, officer and time
    [kept] = run_json(capsys, "--data-dir", station, "publicity", "list", "--deleted")
    assert {k: kept[k] for k in gone} == gone
    assert kept["reason"] == REASON and kept["removed_at"][:4].isdigit() and kept["removed_by"]
    assert kept["restored_as"] is None
    code, out, _err = run(capsys, "--data-dir", station, "publicity", "list", "--deleted")
    assert code == 0 and REASON in out and gone["title"] in out and gone["id"] in out

    restored = run_json(capsys, "--data-dir", station, "publicity", "restore", gone["id"])
    assert restored["restored_from"] == gone["id"] and restored["id"] != gone["id"]
    assert {k: restored[k] for k in gone if k != "id"} == {k: gone[k] for k in gone if k != "id"}
    assert publicity_figures(capsys, station) == before
    [kept] = run_json(capsys, "--data-dir", station, "publicity", "list", "--deleted")
    assert kept["restored_as"] == restored["id"]
    # put back once: a second restore would count it twice
    code, out, err = run(capsys, "--data-dir", station, "publicity", "restore", gone["id"])
    assert (code, out) == (1, "") and restored["id"] in err
    assert publicity_figures(capsys, station) == before
    assert run_json(capsys, "--data-dir", station, "audit", "verify")["valid"]


def test_the_audit_log_names_the_reason_and_the_deletion(station, capsys, english):
    gone = most_flyers(capsys, station)
    run_json(capsys, "--data-dir", station, "publicity", "delete", gone["id"], "--reason", REASON)
    db = open_db(station)
    try:
        actions = db.execute("SELECT action, entity, before_digest, after_digest FROM audit WHERE entity_id = ? "
                             "ORDER BY seq", [gone["id"]]).fetchall()
        cursor = db.execute("SELECT * FROM removed_publicity WHERE id = ?", [gone["id"]])
        kept = dict(zip([c[0] for c in cursor.description], cursor.fetchone(), strict=True))
    finally:
        db.conn.close()
    # the deletion as before (it travels to headquarters), and the kept record with its reason
    assert ("delete", "publicity") in {(a, e) for a, e, _b, _a in actions}
    [(_action, _entity, _before, after)] = [row for row in actions if row[1] == "removed_publicity"]
    assert kept["reason"] == REASON and json.loads(kept["publicity_json"])["title"] == gone["title"]
    assert after == digest(kept) and after != digest({**kept, "reason": "另一个理由"})
    listed = run_json(capsys, "--data-dir", station, "audit", "list", "--entity", "removed_publicity")["entries"]
    assert [e["entity_id"] for e in listed] == [gone["id"]]
    code, out, _err = run(capsys, "--data-dir", station, "audit", "list", "--limit", "3")
    assert code == 0 and "Deleted publicity activity" in out


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_without_a_reason_the_deletion_is_refused_and_nothing_changes(station, capsys, english, reason):
    before, entries = publicity_figures(capsys, station), audit_count(station)
    gone = most_flyers(capsys, station)
    extra = [] if reason is None else ["--reason", reason]
    code, out, err = run(capsys, "--data-dir", station, "publicity", "delete", gone["id"], *extra)
    assert (code, out) == (1, "") and "--reason" in err, err
    assert publicity_figures(capsys, station) == before and audit_count(station) == entries
    assert run_json(capsys, "--data-dir", station, "publicity", "list", "--deleted") == []


def test_an_unknown_deleted_activity_is_not_restored(station, capsys, english):
    code, out, err = run(capsys, "--data-dir", station, "publicity", "restore", "no-such-id")
    assert (code, out) == (1, "") and "no-such-id" in err and "publicity list --deleted" in err


# ----- the bundle: the deletion travels as before, the activity put back as a row again -----

@pytest.fixture(scope="module")
def network(tmp_path_factory):
    return hq_and_two_nanhai_stations(tmp_path_factory.mktemp("hq-and-two-nanhai-s73"))


def held(place) -> dict:
    db = open_db(place)
    try:
        return {row[0]: tuple(row[1:]) for row in db.execute("SELECT id, title, flyers FROM publicity")}
    finally:
        db.conn.close()


def sent(capsys, dirs, name):
    run_json(capsys, "--data-dir", dirs / "a", "bundle", "export", "-o", dirs / name)
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / name)


def test_the_deletion_travels_to_headquarters_and_the_restore_as_the_row(network, tmp_path, capsys, english):
    dirs = copy_of(network, tmp_path)
    assert set(NANHAI_STATIONS) == {"a", "b"}
    added = run_json(capsys, "--data-dir", dirs / "a", "publicity", "add", "--date", "2026-11-20", "--title",
                     "社区宣传", "--kind", "street", "--flyers", "500")
    sent(capsys, dirs, "a1.bundle")
    assert held(dirs / "hq") == {added["id"]: ("社区宣传", 500)}
    run_json(capsys, "--data-dir", dirs / "a", "publicity", "delete", added["id"], "--reason", REASON)
    sent(capsys, dirs, "a2.bundle")
    assert held(dirs / "hq") == {}
    restored = run_json(capsys, "--data-dir", dirs / "a", "publicity", "restore", added["id"])
    sent(capsys, dirs, "a3.bundle")
    assert held(dirs / "hq") == {restored["id"]: ("社区宣传", 500)}
    assert publicity_figures(capsys, dirs / "hq")["flyers"] == 500


# ----- the window -----

@pytest.fixture
def tab(db, prompts, qtbot):
    from ui.publicity_page import PublicityTab
    from workstation.records import Publicity
    from workstation.store import agency_id_for_code, save_publicity

    agency = agency_id_for_code("440605")
    for day, title, flyers in (("2026-04-01", "进社区宣传", 300), ("2026-04-08", "进校园宣讲", 1200)):
        save_publicity(db, Publicity(agency_id=agency, held_on=day, title=title, kind="community", flyers=flyers,
                                     participants=40))
    widget = PublicityTab(db, prompts)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def select(tab, title: str):
    row = next(i for i, p in enumerate(tab.model.records) if p.title == title)
    tab.view.selectRow(row)
    return tab.selected()


def titles(db) -> set[str]:
    from workstation.store import list_publicity

    return {p.title for p in list_publicity(db)}


def test_the_window_asks_the_reason_and_deletes_nothing_without_one(tab, db, prompts, english):
    item = select(tab, "进校园宣讲")
    prompts.texts = [None]  # cancelled
    tab.buttons["delete_publicity"].click()
    assert item.title in prompts.questions[-1] and titles(db) == {"进社区宣传", "进校园宣讲"}
    prompts.texts = ["  "]  # no reason typed
    tab.buttons["delete_publicity"].click()
    assert prompts.errors and titles(db) == {"进社区宣传", "进校园宣讲"}
    assert not tab.buttons["undo_delete"].isEnabled()


def test_a_deletion_is_restored_after_the_window_is_closed(tab, db, prompts, qtbot, english):
    from ui.publicity_page import PublicityTab
    from workstation.stats import campaign_stats

    before = campaign_stats(db)["publicity"]
    select(tab, "进校园宣讲")
    prompts.texts = [REASON]
    with qtbot.waitSignal(tab.publicity_changed):
        tab.buttons["delete_publicity"].click()
    assert titles(db) == {"进社区宣传"} and campaign_stats(db)["publicity"]["flyers"] == before["flyers"] - 1200
    tab.close()
    reopened = PublicityTab(db, prompts)  # a restart: the window's undo holds nothing
    qtbot.addWidget(reopened)
    reopened.show()
    assert not reopened.buttons["undo_delete"].isEnabled()
    prompts.choices = [0]
    with qtbot.waitSignal(reopened.publicity_changed):
        reopened.buttons["deleted_publicity"].click()
    offered = prompts.offered[-1]
    assert any("进校园宣讲" in line and REASON in line for line in offered[1:])
    assert titles(db) == {"进社区宣传", "进校园宣讲"} and campaign_stats(db)["publicity"] == before
    # put back: no longer offered
    prompts.choices = [None]
    reopened.buttons["deleted_publicity"].click()
    assert len(prompts.offered) == 1 and prompts.infos[-1].startswith("No deleted publicity activity")


def test_ctrl_z_still_undoes_a_deletion_made_in_the_window(tab, db, prompts, english):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from workstation.store.publicity import removed_publicities

    tab.view.setFocus()
    select(tab, "进社区宣传")
    prompts.texts = [REASON]
    QTest.keyClick(tab.view, Qt.Key.Key_Delete)
    assert titles(db) == {"进校园宣讲"}
    QTest.keyClick(tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert titles(db) == {"进社区宣传", "进校园宣讲"}
    # the kept deletion says it was put back: not offered again
    [kept] = removed_publicities(db)
    assert kept.restored_as and kept.reason == REASON
