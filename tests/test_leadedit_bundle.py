# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A lead corrected at a station reaches headquarters as an update through ``bundle export``/``import`` (its update
time stamped by the correction), and a lead corrected on both sides, the same field differently, becomes a conflict
headquarters resolves, its own value kept meanwhile: never a silent overwrite."""

from __future__ import annotations

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import dirs, export, import_, template  # noqa: F401

RECEIVED = "2026-03-02 10:00"


def lead_at(data_dir, lead_id: str) -> dict:
    db = open_db(data_dir)
    try:
        row = db.execute("SELECT description, received_at, phones FROM leads WHERE id = ?", [lead_id]).fetchone()
    finally:
        db.conn.close()
    return dict(zip(("description", "received_at", "phones"), row, strict=True))


def test_a_corrected_lead_reaches_headquarters_as_an_update_and_one_corrected_on_both_sides_is_a_conflict(capsys,
                                                                                                          dirs):
    nanhai, hq = dirs / "nanhai", dirs / "hq"
    lead = run_json(capsys, "--data-dir", nanhai, "leads", "add", "--source", "report", "--received", RECEIVED,
                    "--description", "来电举报：推销贷款", "--target-phone", "13800001111")["id"]
    export(capsys, dirs, "nanhai", "n1.bundle")
    assert import_(capsys, dirs, "n1.bundle")["conflicts"] == 0
    assert lead_at(hq, lead)["description"] == "来电举报：推销贷款"
    # the station corrects the receipt time and the number: the next bundle carries the lead, taken as an update
    run_json(capsys, "--data-dir", nanhai, "leads", "edit", lead, "--received", "2026-03-01 09:00",
             "--target-phone", "13800001112")
    export(capsys, dirs, "nanhai", "n2.bundle")
    merged = import_(capsys, dirs, "n2.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["leads"]["updated"] == 1
    assert lead_at(hq, lead) == {"description": "来电举报：推销贷款", "received_at": "2026-03-01T09:00:00+08:00",
                                 "phones": "13800001112"}
    # both ends correct the description, differently: headquarters keeps its own and records the conflict
    run_json(capsys, "--data-dir", hq, "leads", "edit", lead, "--description", "来电举报：推销贷款（市局核实）")
    run_json(capsys, "--data-dir", nanhai, "leads", "edit", lead, "--description", "来电举报：推销贷款和理财")
    export(capsys, dirs, "nanhai", "n3.bundle")
    merged = import_(capsys, dirs, "n3.bundle")
    assert merged["conflicts"] == 1
    assert lead_at(hq, lead)["description"] == "来电举报：推销贷款（市局核实）"
    conflicts = {(c["field"], c["local"], c["incoming"]) for c in run_json(capsys, "--data-dir", hq, "bundle",
                                                                           "conflicts")}
    assert conflicts == {("description", "来电举报：推销贷款（市局核实）", "来电举报：推销贷款和理财")}
    for data_dir in (nanhai, hq):
        assert run_json(capsys, "--data-dir", data_dir, "audit", "verify")["valid"]
