# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A number block (号段) goes only to a station of the agency whose numbers it holds (or of one of its town
offices): headquarters' `numbers allocate` and a station's `numbers add-block` refuse another agency's block naming
both agencies, and one arriving in a bundle is a conflict, never taken, the preview naming the block's agency.
`numbers allocate --station` takes the station's name too; a block records the officer acting (`--officer`), never
the operating-system account."""

from __future__ import annotations

import json

from tests.helpers import beijing_year, db_digest, open_db, run, run_json
from tests.test_bundle_common_base import _as_written_by
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401

YEAR = beijing_year()


def _numbers(action: str, agency: str, first: int, last: int, type_code: str = "处") -> list:
    return ["numbers", action, "--agency", agency, "--type", type_code, "--year", YEAR, "--from", first, "--to", last]


def _station_id(capsys, data_dir) -> str:
    return run_json(capsys, "--data-dir", data_dir, "station", "show")["id"]


def test_headquarters_refuses_a_block_of_another_agency_naming_both_and_stores_nothing(capsys, dirs, english):
    nanhai = _station_id(capsys, dirs / "nanhai")
    before = db_digest(dirs / "hq")
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440606", 401, 500, "立"),
                          "--station", nanhai)
    assert code == 1 and err.count("\n") == 1
    assert f"佛顺市监立〔{YEAR}〕401–500" in err and "佛山市顺德区市场监督管理局（440606）" in err
    assert "station 南海区局 works for 佛山市南海区市场监督管理局（440605）" in err
    assert db_digest(dirs / "hq") == before
    # the station's own agency, and one of its town offices (numbered in the district's name), are taken
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440605", 401, 500, "立"), "--station", nanhai)
    town = run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440605011", 1, 9), "--station", nanhai)
    assert town["sequence"] == f"佛南市监处〔{YEAR}〕"


def test_a_station_refuses_to_enter_a_block_of_another_agency(capsys, dirs, english):
    before = db_digest(dirs / "nanhai")
    code, _out, err = run(capsys, "--data-dir", dirs / "nanhai", *_numbers("add-block", "440606", 900, 950))
    assert code == 1 and err.count("\n") == 1
    assert "佛山市顺德区市场监督管理局（440606）" in err and "佛山市南海区市场监督管理局（440605）" in err
    assert db_digest(dirs / "nanhai") == before
    assert run_json(capsys, "--data-dir", dirs / "nanhai", "numbers", "blocks") == []


def test_allocate_takes_the_station_by_name_and_says_plainly_when_none_has_it(capsys, dirs, english):
    shunde = _station_id(capsys, dirs / "shunde")
    stored = run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440606", 1, 50), "--station",
                      "顺德区局")
    assert stored["station"] == shunde and stored["station_name"] == "顺德区局"
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440606", 51, 60), "--station",
                          "顺德区")
    assert code == 1 and "No station “顺德区” is known here" in err
    assert len(run_json(capsys, "--data-dir", dirs / "hq", "numbers", "blocks")) == 1


def test_a_block_records_the_officer_named_never_the_system_account(capsys, dirs, monkeypatch):
    monkeypatch.delenv("WORKSTATION_ACTOR", raising=False)  # the command line run as the system account
    db = open_db(dirs / "shunde")
    try:
        officer = db.execute("SELECT name FROM officers WHERE active = 1 ORDER BY name LIMIT 1").fetchone()[0]
    finally:
        db.conn.close()
    plain = run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("add-block", "440606", 1, 50))
    named = run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("add-block", "440606", 51, 60), "--officer",
                     officer)
    assert plain["allocated_by"] == "" and named["allocated_by"] == officer
    db = open_db(dirs / "shunde")
    try:
        stored = dict(db.execute("SELECT first_serial, allocated_by FROM number_blocks").fetchall())
        # a block of an earlier version that kept the system account: not shown
        db.execute("UPDATE number_blocks SET allocated_by = 'root' WHERE first_serial = 1")
        db.conn.commit()
    finally:
        db.conn.close()
    assert stored == {1: "", 51: officer}
    listed = run_json(capsys, "--data-dir", dirs / "shunde", "numbers", "blocks")
    assert [b["allocated_by"] for b in listed] == ["", officer]
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", *_numbers("add-block", "440606", 61, 70),
                          "--officer", "无此人")
    assert code == 1 and "--officer" in err
    assert len(run_json(capsys, "--data-dir", dirs / "shunde", "numbers", "blocks")) == 2


def test_a_bundled_block_of_another_agency_is_a_conflict_named_with_its_agency(capsys, dirs, english):
    """A Nanhai laptop of an earlier version entered Shunde's numbers: headquarters does not take the block."""
    from workstation.bundle.merge import plan_merge
    from workstation.bundle.reader import open_bundle

    run_json(capsys, "--data-dir", dirs / "nanhai", *_numbers("add-block", "440605", 900, 950))
    export(capsys, dirs, "nanhai", "n1.bundle", "--plain")
    hq = open_db(dirs / "hq")
    try:
        shunde_agency = hq.execute("SELECT id FROM agencies WHERE code = '440606'").fetchone()[0]
    finally:
        hq.conn.close()

    def shunde_s_numbers(manifest: dict, members: dict) -> None:
        rows = json.loads(members["records/number_blocks.json"])
        members["records/number_blocks.json"] = json.dumps(
            [{**r, "agency_id": shunde_agency} for r in rows], ensure_ascii=False).encode()

    _as_written_by(dirs / "nanhai", dirs / "n1.bundle", dirs / "n1x.bundle", shunde_s_numbers)
    hq = open_db(dirs / "hq")
    try:
        plan = plan_merge(hq, open_bundle(dirs / "n1x.bundle"))
    finally:
        hq.conn.close()
    blocks = [c for c in plan.changes if c.table == "number_blocks"]
    assert [(c.status, c.label) for c in blocks] == [("conflict", f"佛顺市监处〔{YEAR}〕900–950")]
    assert blocks[0].fields[0].local == "Station 南海区局 works for 佛山市南海区市场监督管理局（440605）"
    merged = import_(capsys, dirs, "n1x.bundle")
    assert merged["by_table"]["number_blocks"]["conflicts"] == 1
    assert run_json(capsys, "--data-dir", dirs / "hq", "numbers", "blocks") == []
    conflicts = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflicts[0]["id"],
                          "--take-incoming")
    assert code == 1 and run_json(capsys, "--data-dir", dirs / "hq", "numbers", "blocks") == []


def test_a_hand_out_block_for_a_station_of_its_own_agency_is_still_taken(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440606", 1, 50), "--station", shunde)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    assert import_(capsys, dirs, "h1.bundle", at="shunde")["by_table"]["number_blocks"]["new"] == 1
