"""The demo loaded at two stations (a training round): headquarters merging both stations' bundles holds each demo
case's history once, not a 'created' event from each station."""

from __future__ import annotations

from tests.helpers import open_db, run_json


def test_the_demo_of_two_stations_merges_its_case_events_once(capsys, tmp_path):
    hq = tmp_path / "hq"
    run_json(capsys, "--data-dir", hq, "init", "--station-name", "佛山市局")
    run_json(capsys, "--data-dir", hq, "station", "role", "headquarters")
    merged = []
    for name, agency in (("nanhai", "440605"), ("shunde", "440606")):
        station = tmp_path / name
        run_json(capsys, "--data-dir", station, "init", "--agency", agency, "--station-name", name)
        run_json(capsys, "--data-dir", station, "demo", "--without-complaints")
        run_json(capsys, "--data-dir", station, "bundle", "export", "-o", tmp_path / f"{name}.bundle")
        merged.append(run_json(capsys, "--data-dir", hq, "bundle", "import", tmp_path / f"{name}.bundle",
                               "--trust"))
    # each case's creation, the service of the notice of the two cases at the notice stage and of the seven decided
    # with a warning alone (the warning they were told of), and the performance of the 28 performed or closed
    assert merged[0]["by_table"]["case_events"]["new"] == 36 + 2 + 7 + 28
    assert merged[1]["by_table"]["case_events"] == {"new": 0, "updated": 0, "unchanged": 73, "conflicts": 0}
    db = open_db(hq)
    events = db.execute("SELECT COUNT(*), COUNT(DISTINCT case_id) FROM case_events WHERE kind = 'created'").fetchone()
    db.conn.close()
    assert events == (36, 36)
