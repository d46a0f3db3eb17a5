"""The demo loaded at two stations (a training round): headquarters merging both stations' bundles holds each demo
case's history and evidence once, not a 'created' event or an evidence item from each station."""

from __future__ import annotations

from tests.helpers import DEMO_EVIDENCE_FILES, open_db, run_json
from workstation.demo import demo_evidence, load_seed


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
    # each case's creation, its steps on the seed's days (demo.DEMO_STEPS): the notice served in the 34 cases past
    # their investigation, the decision in the 32 decided, its service in the 30 served, the performance of the 28
    # performed or closed and the closing of the 26 closed; and the registration of each evidence item of the 34
    evidence = sum(len(demo_evidence(item)) for item in load_seed()["cases"])
    assert evidence == DEMO_EVIDENCE_FILES
    assert merged[0]["by_table"]["case_events"]["new"] == 36 + 34 + 32 + 30 + 28 + 26 + evidence
    assert merged[0]["by_table"]["evidence"]["new"] == evidence
    assert merged[1]["by_table"]["case_events"] == {"new": 0, "updated": 0, "unchanged": 186 + evidence,
                                                    "conflicts": 0}
    assert merged[1]["by_table"]["evidence"] == {"new": 0, "updated": 0, "unchanged": evidence, "conflicts": 0}
    db = open_db(hq)
    events = db.execute("SELECT COUNT(*), COUNT(DISTINCT case_id) FROM case_events WHERE kind = 'created'").fetchone()
    items = db.execute("SELECT COUNT(*), COUNT(DISTINCT case_id) FROM evidence").fetchone()
    db.conn.close()
    assert events == (36, 36) and items == (evidence, 34)
