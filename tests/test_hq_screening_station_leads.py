"""Screening at headquarters leaves the stations' leads as the stations made them: complaints headquarters holds
about the number of a station's lead (registered by hand, or screened and still open) make a lead of headquarters'
own instead of joining or regrouping the station's, so the station's lead is unchanged there and the station's next
bundle merges without conflicts."""

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from workstation.store.base import fetch_dicts

NUMBER = "13800138000"
HEADERS = "投诉编号,投诉时间,联系电话,投诉内容\n"
# the city's hotline export headquarters imports itself: two work orders about the station's number
AT_HQ = (
    HEADERS + "Q1,2026-03-05 10:00:00,13900139101,13800138000呼死你式来电，一天几十个\n"
    "Q2,2026-03-06 11:00:00,13900139102,138-0013-8000又是呼死你式来电\n"
)
# the station's own export, about the same number, received on other days
AT_STATION = (
    HEADERS + "S1,2026-03-02 10:00:00,13900139001,13800138000呼死你式来电，半夜也打\n"
    "S2,2026-03-03 11:00:00,13900139002,138 0013 8000呼死你式来电不停\n"
)
LATER = HEADERS + "S3,2026-03-09 09:00:00,13900139003,13800138000又是呼死你式来电\n"


def _import_and_screen(capsys, place, path, text):
    path.write_text(text, encoding="utf-8")
    run_json(capsys, "--data-dir", place, "complaints", "import", path, "--profile", "consumer_council")
    return run_json(capsys, "--data-dir", place, "leads", "screen")


def _lead(place, lead_id):
    db = open_db(place)
    try:
        return fetch_dicts(db, "SELECT * FROM leads WHERE id = ?", [lead_id])[0]
    finally:
        db.conn.close()


def _lead_of(place):
    """{work order: its lead} as ``place`` holds them."""
    db = open_db(place)
    try:
        return dict(db.execute("SELECT external_id, lead_id FROM complaints").fetchall())
    finally:
        db.conn.close()


def _compared(lead):
    return {k: lead[k] for k in ("complaint_count", "first_at", "last_at", "description", "phones", "status")}


def test_complaints_at_headquarters_about_a_station_s_hand_lead_leave_it_as_the_station_made_it(
    capsys,
    dirs,  # noqa: F811
):
    station = dirs / "shunde"
    take_headquarters_card(capsys, dirs)
    lead = run_json(
        capsys,
        "--data-dir",
        station,
        "leads",
        "add",
        "--source",
        "report",
        "--received",
        "2026-03-01T09:00",
        "--description",
        "群众来信反映被骚扰",
        "--target-phone",
        NUMBER,
    )["id"]
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    before = _lead(dirs / "hq", lead)

    result = _import_and_screen(capsys, dirs / "hq", dirs / "hq.csv", AT_HQ)
    # not joined: its count, dates and words as the station sent them
    assert _lead(dirs / "hq", lead) == before
    own = _lead_of(dirs / "hq")
    assert own["Q1"] == own["Q2"] and own["Q1"] not in (None, lead)
    assert [item["complaint_ids"] for item in result["leads"]] == [["Q1", "Q2"]]

    # the station's own complaints about the number join its lead there, and its next bundle merges cleanly
    _import_and_screen(capsys, station, dirs / "station.csv", AT_STATION)
    assert _lead(station, lead)["complaint_count"] == 2
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    assert _compared(_lead(dirs / "hq", lead)) == _compared(_lead(station, lead))
    held = _lead_of(dirs / "hq")
    assert (held["S1"], held["S2"]) == (lead, lead) and held["Q1"] == own["Q1"]


def test_headquarters_screening_does_not_regroup_a_station_s_open_screened_lead(capsys, dirs):  # noqa: F811
    station = dirs / "shunde"
    take_headquarters_card(capsys, dirs)
    _import_and_screen(capsys, station, dirs / "station.csv", AT_STATION)
    lead = _lead_of(station)["S1"]
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    before = _lead(dirs / "hq", lead)
    assert before["group_key"] and before["status"] == "registered"

    _import_and_screen(capsys, dirs / "hq", dirs / "hq.csv", AT_HQ)
    assert _lead(dirs / "hq", lead) == before
    held = _lead_of(dirs / "hq")
    assert (held["S1"], held["S2"]) == (lead, lead)
    assert held["Q1"] == held["Q2"] and held["Q1"] not in (None, lead)

    # the station screens a later complaint into its lead: headquarters takes it without a conflict
    _import_and_screen(capsys, station, dirs / "later.csv", LATER)
    assert _lead(station, lead)["complaint_count"] == 3
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    assert _compared(_lead(dirs / "hq", lead)) == _compared(_lead(station, lead))
    assert _lead_of(dirs / "hq")["S3"] == lead
