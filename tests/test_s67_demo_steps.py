"""The demo's cases record their procedure steps on the seed's days (``demo._record_steps``): each case's recorded
steps end at its status, its timeline holds the days it shows, and 撤销上一步 offers to undo its last step."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tests.helpers import move_program_clock, open_db, run_json
from workstation import procedure, step_undo
from workstation.demo import DEMO_STEPS, demo_step_id, load_demo, load_seed
from workstation.store import case_events, get_case

DAYS = {"notice_served_on": "pre_notice", "decided_on": "penalty_decided", "served_on": "served",
        "performed_on": "performed", "closed_on": "closed"}


def _case_id(number: str) -> str:
    return next(item["id"] for item in load_seed()["cases"] if item["case_number"] == number)


def test_each_demo_case_s_recorded_steps_end_at_its_status_on_its_days(demo_db):
    for item in load_seed()["cases"]:
        steps = [e for e in case_events(demo_db, item["id"]) if e.kind == "transition"]
        expected = [(item[field], status) for field, status in DAYS.items() if item.get(field)]
        assert [(e.on_date, e.to_status) for e in steps] == expected, item["case_number"]
        status = get_case(demo_db, item["id"]).status
        assert status == item["status"]
        if steps:
            assert steps[-1].to_status == status, item["case_number"]
        # each step leaves the status the next one starts from (the review and the statement period's end, whose
        # days the seed does not hold, apart)
        for before, after in zip(steps, steps[1:], strict=False):
            assert (before.to_status, after.from_status) in {(before.to_status, before.to_status),
                                                             ("pre_notice", "decision_pending")}


def test_undo_on_a_decided_demo_case_offers_its_decision(demo_db):
    case = get_case(demo_db, _case_id("佛顺市监立〔2026〕8号"))
    assert case.status == "penalty_decided"
    assert step_undo.undo_refusal(demo_db, case) is None
    name, day, back = step_undo.last_step_named(demo_db, case)
    assert day == "2026-11-13" == case.decided_on
    assert step_undo.step_name(step_undo.last_step(demo_db, case.id), case) == "decide_penalty"
    undone = procedure.undo_last_step(demo_db, case.id, "演示：撤销决定")
    assert undone.status == "decision_pending" and undone.decided_on is None


def test_the_timeline_holds_the_decision_and_its_service(demo_db):
    for number, days in (("佛顺市监立〔2026〕8号", {"2026-11-13": "penalty_decided"}),
                         ("佛南市监立〔2026〕8号", {"2026-11-10": "penalty_decided", "2026-11-12": "served"}),
                         ("佛禅市监立〔2026〕6号", {"2026-11-06": "penalty_decided", "2026-11-11": "served"})):
        timeline = {(e.on_date, e.to_status) for e in case_events(demo_db, _case_id(number))}
        assert set(days.items()) <= timeline, number


def test_a_closed_demo_case_records_each_step_from_its_notice_to_its_closing(demo_db):
    item = next(item for item in load_seed()["cases"] if item["case_number"] == "佛三市监立〔2026〕1号")
    steps = [(e.on_date, e.from_status, e.to_status) for e in case_events(demo_db, item["id"])
             if e.kind == "transition"]
    assert steps == [("2026-04-02", "under_review", "pre_notice"),
                     ("2026-04-14", "decision_pending", "penalty_decided"),
                     ("2026-04-15", "penalty_decided", "served"), ("2026-04-25", "served", "performed"),
                     ("2026-05-18", "performed", "closed")]


def test_loading_the_demo_twice_adds_no_step(demo_db, data_dir):
    before = demo_db.execute("SELECT COUNT(*) FROM case_events").fetchone()[0]
    load_demo(demo_db, complaints=False, data_dir=data_dir)
    assert demo_db.execute("SELECT COUNT(*) FROM case_events").fetchone()[0] == before


def _steps_in_order(item: dict) -> list[str]:
    """The ids of a seed case's 'created' event and its recorded steps, in the order they were taken."""
    return [demo_step_id(item["id"], "created")] + [demo_step_id(item["id"], step)
                                                     for step, field, _source, _target in DEMO_STEPS if item.get(field)]


def _recorded_order(db, case_id: str) -> list[str]:
    return [e.id for e in case_events(db, case_id) if e.kind in ("created", "transition")]


def test_a_demo_case_s_steps_keep_their_order_at_headquarters_on_a_coarse_clock(capsys, tmp_path, monkeypatch):
    # a clock that does not move (as Windows' 1–15.6 ms one between steps recorded microseconds apart): the steps
    # would share their case's creation stamp, and headquarters, inserting the merged rows in id order, would read
    # them scrambled (ORDER BY at, rowid)
    move_program_clock(monkeypatch, dt.datetime(2027, 6, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    hq = tmp_path / "hq"
    run_json(capsys, "--data-dir", hq, "init", "--station-name", "佛山市局")
    run_json(capsys, "--data-dir", hq, "station", "role", "headquarters")
    stations = []
    for name, agency in (("nanhai", "440605"), ("shunde", "440606")):
        station = tmp_path / name
        run_json(capsys, "--data-dir", station, "init", "--agency", agency, "--station-name", name)
        run_json(capsys, "--data-dir", station, "demo", "--without-complaints")
        run_json(capsys, "--data-dir", station, "bundle", "export", "-o", tmp_path / f"{name}.bundle")
        run_json(capsys, "--data-dir", hq, "bundle", "import", tmp_path / f"{name}.bundle", "--trust")
        stations.append(station)
    seed = load_seed()["cases"]
    for folder in (*stations, hq):
        db = open_db(folder)
        try:
            for item in seed:
                assert _recorded_order(db, item["id"]) == _steps_in_order(item), (folder.name, item["case_number"])
                stamps = [e.at for e in case_events(db, item["id"]) if e.kind in ("created", "transition")]
                assert stamps == sorted(set(stamps)), (folder.name, item["case_number"])  # each its own, rising
        finally:
            db.conn.close()


def test_the_new_demo_over_an_old_demo_database_adds_no_step(demo_db, data_dir):
    # a database holding the old demo (its cases recorded the notice's service and the performance alone): its cases
    # are present, so loading the new demo records none of their steps again — nor the ones they lack
    old = [demo_step_id(item["id"], step) for item in load_seed()["cases"]
           for step in ("decided", "decision_served", "closed")]
    demo_db.execute(f"DELETE FROM case_events WHERE id IN ({', '.join('?' * len(old))})", old)
    before = demo_db.execute("SELECT COUNT(*) FROM case_events").fetchone()[0]
    load_demo(demo_db, complaints=False, data_dir=data_dir)
    assert demo_db.execute("SELECT COUNT(*) FROM case_events").fetchone()[0] == before
    assert demo_db.execute(f"SELECT COUNT(*) FROM case_events WHERE id IN ({', '.join('?' * len(old))})",
                           old).fetchone()[0] == 0
    assert demo_db.execute("SELECT case_id, to_status, on_date FROM case_events WHERE kind = 'transition' "
                           "GROUP BY case_id, to_status, on_date HAVING COUNT(*) > 1").fetchall() == []
