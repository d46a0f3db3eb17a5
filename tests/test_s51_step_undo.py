"""撤销上一步 (session 51) across bundles and after 当场处罚: a step a station recorded and sent to headquarters is not
undone at headquarters (the station's next bundle would bring it back, the case's status at headquarters differing
from the station's): headquarters is told which station records the case, to ask it. A station's step already sent
stays refused (its timeline event travels appended only, so headquarters would keep it, payment and all), saying so
and what the officer can still do; a step not yet sent is undone and the next bundle brings the undoing, headquarters
then agreeing with the station. The fine collected on the spot with 当场处罚 is not undone (it goes with the
decision's document), and the message of an undone step names a case not filed by its party and cause."""

from __future__ import annotations

import pytest

from tests.helpers import figures, open_db, run, run_json, send_bundle
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.payments import Payment
from workstation.store import get_case

UPHELD = "佛南市监立〔2026〕8号"  # 已送达 at the station (the demo's)


def _timeline(data_dir, number: str) -> list[tuple]:
    db = open_db(data_dir)
    try:
        return [tuple(row) for row in db.execute(
            "SELECT e.id, e.kind, e.from_status, e.to_status, e.on_date FROM case_events e JOIN cases c ON "
            "c.id = e.case_id WHERE c.case_number = ? ORDER BY e.at, e.rowid", [number])]
    finally:
        db.conn.close()


def _case(data_dir, number: str) -> tuple:
    db = open_db(data_dir)
    try:
        return tuple(db.execute("SELECT status, served_on, closed_on FROM cases WHERE case_number = ?",
                                [number]).fetchone())
    finally:
        db.conn.close()


def _open_conflicts(data_dir) -> int:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT COUNT(*) FROM conflicts WHERE status = 'open'").fetchone()[0]
    finally:
        db.conn.close()


# ---- headquarters ---------------------------------------------------------------------------------------------------

def test_headquarters_does_not_undo_a_station_s_step_and_asks_for_the_station(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    station, hq = dirs / "station", dirs / "hq"
    run_json(capsys, "--data-dir", station, "cases", "transition", UPHELD, "record_performance", "--date",
             "2026-12-01")
    assert send_bundle(capsys, dirs, "b1.bundle")["conflicts"] == 0
    code, _out, err = run(capsys, "--data-dir", hq, "cases", "transition", UPHELD, "undo", "--reason", "日期错")
    assert code == 1 and "Ask 南海区局" in err, err
    assert _case(hq, UPHELD)[0] == "performed"
    db = open_db(hq)
    try:
        case = db.execute("SELECT id FROM cases WHERE case_number = ?", [UPHELD]).fetchone()[0]
        refusal = procedure.undo_refusal(db, get_case(db, case))
        assert refusal and "南海区局" in refusal
        with pytest.raises(TransitionRefused):
            procedure.undo_last_step(db, case, "日期错")
    finally:
        db.conn.close()
    # the station goes on; headquarters follows it, with the same timeline and no conflict
    run_json(capsys, "--data-dir", station, "cases", "transition", UPHELD, "close", "--date", "2026-12-03",
             "--reason", "结案")
    assert send_bundle(capsys, dirs, "b2.bundle")["conflicts"] == 0
    assert _case(hq, UPHELD) == _case(station, UPHELD) == ("closed", "2026-11-12", "2026-12-03")
    assert _timeline(hq, UPHELD) == _timeline(station, UPHELD)
    assert _open_conflicts(hq) == 0


# ---- the station ----------------------------------------------------------------------------------------------------

def test_a_step_the_station_sent_is_refused_saying_what_can_be_done(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    station = dirs / "station"
    run_json(capsys, "--data-dir", station, "cases", "transition", UPHELD, "record_performance", "--date",
             "2026-12-01")
    send_bundle(capsys, dirs, "b1.bundle")
    code, _out, err = run(capsys, "--data-dir", station, "cases", "transition", UPHELD, "undo", "--reason", "日期错")
    assert code == 1 and "b1.bundle" in err and "can no longer be undone" in err, err
    assert "Record the correction there" not in err  # headquarters cannot: the station's next bundle undoes it
    assert _case(station, UPHELD)[0] == "performed"


def test_a_step_undone_before_its_bundle_reaches_headquarters_as_undone(capsys, station_and_hq_dirs):
    dirs = station_and_hq_dirs
    station, hq = dirs / "station", dirs / "hq"
    send_bundle(capsys, dirs, "b1.bundle")
    run_json(capsys, "--data-dir", station, "cases", "transition", UPHELD, "record_performance", "--date",
             "2026-12-01")
    run_json(capsys, "--data-dir", station, "cases", "transition", UPHELD, "undo", "--reason", "日期错")
    run_json(capsys, "--data-dir", station, "cases", "transition", UPHELD, "record_performance", "--date",
             "2026-11-30")
    assert send_bundle(capsys, dirs, "b2.bundle")["conflicts"] == 0
    assert _case(hq, UPHELD) == _case(station, UPHELD)
    assert _timeline(hq, UPHELD) == _timeline(station, UPHELD)
    assert figures(capsys, hq) == figures(capsys, station)


# ---- 当场处罚 with the fine collected ----------------------------------------------------------------------------

def test_the_fine_collected_on_the_spot_is_not_undone(db, data_dir, make_case, english):
    from tests.test_on_the_spot_payment import COLLECTED, _issue

    case = make_case()
    _issue(db, data_dir, case, **COLLECTED)
    assert procedure.apply(db, case.id, "decide_on_the_spot").status == "performed"
    refusal = procedure.undo_refusal(db, get_case(db, case.id))
    assert refusal and "is not undone: what it recorded comes with its document" in refusal
    with pytest.raises(TransitionRefused):
        procedure.undo_last_step(db, case.id, "误录")
    after = get_case(db, case.id)
    assert (after.status, after.served_on) == ("performed", "2026-03-10")


def test_a_fine_paid_at_the_bank_after_the_spot_decision_is_undone_naming_the_case(db, data_dir, make_case, capsys,
                                                                                   english):
    from tests.test_on_the_spot_payment import _issue

    case = make_case()
    _issue(db, data_dir, case)
    assert procedure.apply(db, case.id, "decide_on_the_spot").status == "served"
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-10", payment=Payment(paid_fen=10_000),
                    in_full=True)
    assert procedure.undo_refusal(db, get_case(db, case.id)) is None
    code, out, err = run(capsys, "cases", "transition", case.id, "undo", "--reason", "误录", "--data-dir", data_dir)
    assert code == 0, err
    named = get_case(db, case.id)
    assert named.status == "served" and not named.case_number
    assert out.startswith(f"(not filed: {named.party_names}, {named.cause})"), out
