"""A record one station deletes stays deleted everywhere: headquarters passes a deletion it merged (or took in a
conflict) on in its hand-outs, so that another station of the same agency holding a copy deletes it too; and a
station's copy of a record headquarters deleted is not added back there as new — an unchanged copy is dropped, a
copy changed since is a conflict of the deletion, the record staying deleted until the analyst takes the copy."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import NANHAI_STATIONS, copy_of, hq_and_two_nanhai_stations, open_db, run_json

STATIONS = NANHAI_STATIONS


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return hq_and_two_nanhai_stations(tmp_path_factory.mktemp("hq-and-two-nanhai-stations"))


@pytest.fixture
def dirs(template, tmp_path):
    return copy_of(template, tmp_path)


def sent(capsys, dirs, station, name, *extra):
    """A station's bundle for headquarters, imported there; headquarters' summary."""
    run_json(capsys, "--data-dir", dirs / station, "bundle", "export", "-o", dirs / name, *extra)
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / name)


def handed_out(capsys, dirs, station, name):
    """Headquarters' hand-out for ``station``, imported there; the station's summary."""
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "--for", STATIONS[station], "-o", dirs / name)
    return run_json(capsys, "--data-dir", dirs / station, "bundle", "import", dirs / name)


def publicity(place: Path) -> dict:
    """{activity id: participants} as ``place`` holds them."""
    db = open_db(place)
    try:
        return dict(db.execute("SELECT id, participants FROM publicity").fetchall())
    finally:
        db.conn.close()


def shared_activity(capsys, dirs) -> str:
    """Station a records a publicity activity and sends it; b holds a copy from headquarters' hand-out. Its id."""
    added = run_json(capsys, "--data-dir", dirs / "a", "publicity", "add", "--date", "2026-11-20", "--title",
                     "社区宣传", "--kind", "street", "--flyers", "500")
    sent(capsys, dirs, "a", "a1.bundle")
    handed_out(capsys, dirs, "b", "hb1.bundle")
    assert set(publicity(dirs / "b")) == {added["id"]}
    return added["id"]


def deleted_at_a(capsys, dirs, activity: str) -> None:
    """Station a deletes the activity and sends the deletion: headquarters deletes it too."""
    run_json(capsys, "--data-dir", dirs / "a", "publicity", "delete", activity, "--reason", "误录")
    sent(capsys, dirs, "a", "a2.bundle")
    assert publicity(dirs / "hq") == {}


def edited_at_b(dirs, activity: str, participants: int = 30) -> None:
    from workstation.store.publicity import get_publicity, save_publicity

    db = open_db(dirs / "b")
    try:
        save_publicity(db, replace(get_publicity(db, activity), participants=participants))
    finally:
        db.conn.close()


def open_conflicts(capsys, place: Path) -> list[dict]:
    return run_json(capsys, "--data-dir", place, "bundle", "conflicts")


def test_a_deletion_headquarters_merged_reaches_the_other_station_in_its_hand_out(capsys, dirs):
    activity = shared_activity(capsys, dirs)
    deleted_at_a(capsys, dirs, activity)
    handed_out(capsys, dirs, "b", "hb2.bundle")
    assert publicity(dirs / "b") == {}
    assert open_conflicts(capsys, dirs / "b") == []
    # nothing comes back to headquarters, nor from there to a
    assert sent(capsys, dirs, "b", "b1.bundle", "--all")["new"] == 0
    assert publicity(dirs / "hq") == {}
    handed_out(capsys, dirs, "a", "ha1.bundle")
    assert publicity(dirs / "a") == {}


def test_a_deletion_reaching_a_station_that_changed_its_copy_since_is_a_conflict_there(capsys, dirs):
    activity = shared_activity(capsys, dirs)
    deleted_at_a(capsys, dirs, activity)
    edited_at_b(dirs, activity)  # not sent yet: headquarters deleted the activity without seeing it
    handed_out(capsys, dirs, "b", "hb2.bundle")
    assert publicity(dirs / "b") == {activity: 30}
    assert [(c["table"], c["field"], c["local"], c["incoming"]) for c in open_conflicts(capsys, dirs / "b")] == [
        ("publicity", "_deleted", False, True)]


def test_an_unchanged_copy_of_a_record_deleted_at_headquarters_is_not_added_back(capsys, dirs):
    activity = shared_activity(capsys, dirs)
    deleted_at_a(capsys, dirs, activity)
    # b re-sends everything before it took the hand-out carrying the deletion
    merged = sent(capsys, dirs, "b", "b1.bundle", "--all")
    assert (merged["new"], merged["conflicts"]) == (0, 0)
    assert publicity(dirs / "hq") == {}
    assert run_json(capsys, "--data-dir", dirs / "hq", "stats")["publicity"]["flyers"] == 0
    handed_out(capsys, dirs, "a", "ha1.bundle")
    assert publicity(dirs / "a") == {}
    handed_out(capsys, dirs, "b", "hb2.bundle")  # and b takes the deletion after all
    assert publicity(dirs / "b") == {}


def test_a_copy_changed_after_the_deletion_is_a_conflict_and_stays_deleted_until_taken(capsys, dirs):
    activity = shared_activity(capsys, dirs)
    deleted_at_a(capsys, dirs, activity)
    edited_at_b(dirs, activity)
    merged = sent(capsys, dirs, "b", "b1.bundle")
    assert (merged["new"], merged["conflicts"]) == (0, 1)
    assert publicity(dirs / "hq") == {}
    assert run_json(capsys, "--data-dir", dirs / "hq", "stats")["publicity"]["flyers"] == 0
    [conflict] = open_conflicts(capsys, dirs / "hq")
    assert (conflict["table"], conflict["field"], conflict["local"], conflict["incoming"]) == (
        "publicity", "_deleted_here", True, False)
    assert conflict["record"] == "社区宣传"  # named as the station's copy names it, though not held here
    # the same copy sent again raises no second conflict
    assert sent(capsys, dirs, "b", "b2.bundle", "--all")["conflicts"] == 0
    assert len(open_conflicts(capsys, dirs / "hq")) == 1

    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--take-incoming")
    assert publicity(dirs / "hq") == {activity: 30}
    # the analyst's choice goes to both stations, the one that deleted the activity too
    handed_out(capsys, dirs, "a", "ha1.bundle")
    assert publicity(dirs / "a") == {activity: 30}
    handed_out(capsys, dirs, "b", "hb2.bundle")
    assert publicity(dirs / "b") == {activity: 30}


def test_keeping_the_deletion_deletes_the_station_s_copy_with_the_next_hand_out(capsys, dirs):
    activity = shared_activity(capsys, dirs)
    deleted_at_a(capsys, dirs, activity)
    edited_at_b(dirs, activity)
    handed_out(capsys, dirs, "b", "hb2.bundle")
    [kept] = open_conflicts(capsys, dirs / "b")
    run_json(capsys, "--data-dir", dirs / "b", "bundle", "resolve", kept["id"], "--keep-local")  # b keeps its copy
    sent(capsys, dirs, "b", "b1.bundle")
    [conflict] = open_conflicts(capsys, dirs / "hq")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--keep-local")
    assert publicity(dirs / "hq") == {}
    handed_out(capsys, dirs, "b", "hb3.bundle")
    assert publicity(dirs / "b") == {}
    assert open_conflicts(capsys, dirs / "b") == []


def test_taking_the_station_s_copy_can_be_undone_and_the_record_is_deleted_again(capsys, dirs):
    from workstation.bundle import list_conflicts, reopen_conflict, reopen_refusal, resolve_conflict

    activity = shared_activity(capsys, dirs)
    deleted_at_a(capsys, dirs, activity)
    edited_at_b(dirs, activity)
    sent(capsys, dirs, "b", "b1.bundle")
    db = open_db(dirs / "hq")
    try:
        [conflict] = list_conflicts(db)
        settled = resolve_conflict(db, conflict.id, take_incoming=True)
        assert db.execute("SELECT participants FROM publicity WHERE id = ?", [activity]).fetchone() == (30,)
        assert reopen_refusal(db, settled) is None
        reopen_conflict(db, settled)
        assert db.execute("SELECT 1 FROM publicity WHERE id = ?", [activity]).fetchone() is None
        assert [c.id for c in list_conflicts(db)] == [conflict.id]
    finally:
        db.conn.close()


def _case_with_testing(dirs) -> tuple[str, str]:
    """A case of station a with a testing period (检测) that stops its 90-day clock: (case id, event id)."""
    from tests.test_bundle_hq import _add_case
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    _add_case(dirs / "a", "440605", "佛南市监立〔2026〕501号", "91440605MA4UJ8TK17")
    db = open_db(dirs / "a")
    try:
        (case_id,) = db.execute("SELECT id FROM cases").fetchone()
        event = record_clock_event(db, ClockEvent(case_id=case_id, kind="testing", starts_on="2026-04-01",
                                                  ends_on="2026-04-20", note="委托检测"))
    finally:
        db.conn.close()
    return case_id, event.id


def _t2_due(place: Path, case_id: str) -> str:
    from workstation import clocks
    from workstation.store import get_case

    db = open_db(place)
    try:
        return next(d.due for d in clocks.case_clocks(db, get_case(db, case_id), on="2026-05-01") if d.clock == "T2")
    finally:
        db.conn.close()


def test_a_deleted_testing_period_leaves_the_other_station_s_deadlines_too(capsys, dirs):
    from workstation.store.clock_events import delete_clock_event

    case_id, event_id = _case_with_testing(dirs)
    sent(capsys, dirs, "a", "a1.bundle")
    handed_out(capsys, dirs, "b", "hb1.bundle")
    stopped = _t2_due(dirs / "b", case_id)
    db = open_db(dirs / "a")
    try:
        delete_clock_event(db, event_id, "录入错误")
    finally:
        db.conn.close()
    sent(capsys, dirs, "a", "a2.bundle")
    running = _t2_due(dirs / "hq", case_id)
    assert running < stopped and _t2_due(dirs / "a", case_id) == running
    handed_out(capsys, dirs, "b", "hb2.bundle")
    assert _t2_due(dirs / "b", case_id) == running
    # b's full bundle does not bring the period back to headquarters
    sent(capsys, dirs, "b", "b1.bundle", "--all")
    assert _t2_due(dirs / "hq", case_id) == running
