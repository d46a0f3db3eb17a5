"""A case's district is its agency's (m023): a database of a version that kept the old agency's district when a
case was handed on is repaired when opened, a bundle's case takes its agency's district when merged, and resolving
a conflict over the agency brings the district with it."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.helpers import CASE, copy_station_and_hq, open_db, run, run_json
from workstation.stats import campaign_stats
from workstation.store import agency_id_for_code, find_case

NANHAI, SHUNDE, LUNJIAO, CITY = "440605", "440606", "440606003", "440600"


def _hand_on_as_before(db, case_id: str, code: str, stamp: str | None = None) -> None:
    """Hand the case to the agency of ``code`` as versions before 2026-11-30 did: the old district stays."""
    with db.atomic():
        if stamp is None:
            db.execute("UPDATE cases SET agency_id = ? WHERE id = ?", [agency_id_for_code(code), case_id])
        else:
            db.execute("UPDATE cases SET agency_id = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                       [agency_id_for_code(code), stamp, case_id])


def test_opening_a_database_of_the_version_before_gives_each_case_its_agencys_district(demo_db, data_dir):
    nanhai = [r[0] for r in demo_db.execute("SELECT id FROM cases WHERE district = '南海区' ORDER BY id")]
    to_shunde, to_town, to_city, stays = nanhai[:4]
    for case_id, code in ((to_shunde, SHUNDE), (to_town, LUNJIAO), (to_city, CITY)):
        _hand_on_as_before(demo_db, case_id, code)
    assert campaign_stats(demo_db)["cases"]["by_district"]["南海区"] == 9  # counted where they were before
    stamps = dict(demo_db.execute("SELECT id, updated_at FROM cases"))
    audited = demo_db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    with demo_db.atomic():
        demo_db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm023_case_district_follows_agency'")
    demo_db.conn.close()
    db = open_db(data_dir)  # m023 runs
    try:
        districts = dict(db.execute("SELECT id, district FROM cases"))
        assert [districts[c] for c in (to_shunde, to_town, to_city, stays)] == ["顺德区", "顺德区", "", "南海区"]
        by_district = campaign_stats(db)["cases"]["by_district"]
        assert (by_district["南海区"], by_district["顺德区"], by_district[""]) == (6, 11, 1)
        # a repair like m021's: nothing audited, no case looks edited (its next bundle does not carry it again)
        assert dict(db.execute("SELECT id, updated_at FROM cases")) == stamps
        assert db.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == audited
        assert db.execute("SELECT COUNT(*) FROM cases c JOIN agencies a ON a.id = c.agency_id "
                          "WHERE c.district != a.district").fetchone()[0] == 0
    finally:
        db.conn.close()


@pytest.fixture(scope="module")
def template(station_and_hq_template):
    return station_and_hq_template()


@pytest.fixture
def dirs(capsys, template, tmp_path):
    """The station's demo merged at headquarters once."""
    dirs = copy_station_and_hq(template, tmp_path)
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    _exchange(capsys, dirs, "one.bundle")
    return dirs


def _exchange(capsys, dirs, name: str) -> dict:
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / name)
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / name)


def _case(data_dir) -> tuple[str, str]:
    db = open_db(data_dir)
    try:
        case = find_case(db, CASE)
        return db.execute("SELECT code FROM agencies WHERE id = ?", [case.agency_id]).fetchone()[0], case.district
    finally:
        db.conn.close()


def _hand_on(data_dir, code: str, *, as_before: bool = False) -> None:
    from dataclasses import replace

    from workstation.records import now
    from workstation.store import update_case

    db = open_db(data_dir)
    try:
        case = find_case(db, CASE)
        if as_before:
            _hand_on_as_before(db, case.id, code, now())
        else:
            update_case(db, replace(case, agency_id=agency_id_for_code(code)))
    finally:
        db.conn.close()


def test_a_case_a_station_of_the_version_before_handed_on_takes_its_new_agencys_district(capsys, dirs):
    _hand_on(dirs / "station", SHUNDE, as_before=True)
    assert _case(dirs / "station") == (SHUNDE, "南海区")
    merged = _exchange(capsys, dirs, "two.bundle")
    assert merged["by_table"]["cases"]["updated"] == 1 and merged["conflicts"] == 0
    assert _case(dirs / "hq") == (SHUNDE, "顺德区")


def test_a_new_case_of_a_station_of_the_version_before_takes_its_agencys_district(capsys, tmp_path, template):
    dirs = copy_station_and_hq(template, tmp_path)
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    _hand_on(dirs / "station", LUNJIAO, as_before=True)
    merged = _exchange(capsys, dirs, "one.bundle")
    assert merged["by_table"]["cases"]["new"] == 36
    assert _case(dirs / "hq") == (LUNJIAO, "顺德区")


def _both_hand_on(capsys, dirs) -> dict:
    """Headquarters hands the case to Shunde, the station to the city bureau: a conflict over the agency only."""
    _hand_on(dirs / "hq", SHUNDE)
    _hand_on(dirs / "station", CITY)
    _exchange(capsys, dirs, "two.bundle")
    conflicts = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert [c["field"] for c in conflicts] == ["agency_id"]
    return conflicts[0]


def test_taking_the_stations_agency_in_a_conflict_takes_its_district(capsys, dirs):
    conflict = _both_hand_on(capsys, dirs)
    assert _case(dirs / "hq") == (SHUNDE, "顺德区")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--take-incoming")
    assert _case(dirs / "hq") == (CITY, "")
    stats = run_json(capsys, "--data-dir", dirs / "hq", "stats")
    assert stats["cases"]["by_district"]["市局本级"] == 1


def test_keeping_the_agency_held_here_keeps_its_district(capsys, dirs):
    conflict = _both_hand_on(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--keep-local")
    assert _case(dirs / "hq") == (SHUNDE, "顺德区")


def _old_conflict(data_dir, field: str, local, incoming) -> str:
    """An open conflict as versions before kept one (over the district too)."""
    db = open_db(data_dir)
    try:
        case_id = find_case(db, CASE).id
        station, import_id = db.execute("SELECT station_id, id FROM bundle_imports").fetchone()
        conflict_id = str(uuid.uuid4())
        with db.atomic():
            db.execute("INSERT INTO conflicts (id, tbl, record_id, field, local_value, incoming_value, base_value, "
                       "station_id, import_id, detected_at) VALUES (?, 'cases', ?, ?, ?, ?, NULL, ?, ?, "
                       "'2026-11-01T09:00:00+08:00')",
                       [conflict_id, case_id, field, json.dumps(local), json.dumps(incoming, ensure_ascii=False),
                        station, import_id])
        return conflict_id
    finally:
        db.conn.close()


def test_an_older_conflict_over_the_district_follows_the_agency(capsys, dirs, english):
    agency = _old_conflict(dirs / "hq", "agency_id", agency_id_for_code(NANHAI), agency_id_for_code(SHUNDE))
    district = _old_conflict(dirs / "hq", "district", "南海区", "顺德区")
    # the district alone cannot leave its agency's
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", district, "--take-incoming")
    assert code != 0 and "A case's district is its agency's (南海区局: 南海区)" in err
    assert _case(dirs / "hq") == (NANHAI, "南海区")
    # taking the station's agency takes its district and settles the district's conflict with it
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", agency, "--take-incoming")
    assert _case(dirs / "hq") == (SHUNDE, "顺德区")
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts") == []
