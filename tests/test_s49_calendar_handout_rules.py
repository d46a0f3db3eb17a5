# ruff: noqa: F811 - the fixtures imported from test_yearfix are used by name
"""Which holiday files a station takes from a bundle, and what it says: a file taken from headquarters' hand-out and
left unchanged is replaced by headquarters' correction (a file the station imported or edited itself is kept); year
files are taken only from the station's own headquarters (a bundle of format 2 holding one is refused); removing a
year file while a stray copy of it is left names the copy now used."""

from __future__ import annotations

import base64
import json

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_s49_calendar_in_bundles import (
    OTHER_2027,
    _calendar_audit,
    _hand_out,
    _import_year,
    _named_headquarters,
    _rewritten,
    _sha,
)
from tests.test_yearfix import CAL_2027, _december_interview, january_4  # noqa: F401
from workstation.workdays import reload_calendars


@pytest.fixture(autouse=True)
def _calendars_forgotten():
    reload_calendars()
    yield
    reload_calendars()


def _years(result: dict) -> list[tuple]:
    return [(e["year"], e["status"]) for e in result["calendar"]["years"]]


def test_a_file_taken_from_headquarters_is_replaced_by_its_correction(
        capsys, station_and_hq_dirs, january_4, english):
    from workstation.audit import digest
    from workstation.store.interviews import get_interview

    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    target = dirs / "station" / "calendar" / "2027.toml"
    _import_year(capsys, dirs / "hq", OTHER_2027)  # 元旦 1–3 January: the count it gives is the one without data
    first = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", _hand_out(capsys, dirs, "h1.bundle"))
    assert _years(first) == [(2027, "imported")]
    db = open_db(dirs / "station")
    try:
        interview = _december_interview(db)
        assert get_interview(db, interview.id).rectification_due == "2027-01-12"
    finally:
        db.conn.close()
    # headquarters corrects 2027 (元旦 1–5 January); its next hand-out carries the correction, which the station takes
    _import_year(capsys, dirs / "hq", CAL_2027, "--replace")
    bundle = _hand_out(capsys, dirs, "h2.bundle")
    dry = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle, "--dry-run")
    assert _years(dry) == [(2027, "replaced")] and target.read_text(encoding="utf-8") == OTHER_2027
    second = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle)
    assert _years(second) == [(2027, "replaced")]
    assert "h2.bundle" in second["calendar"]["years"][0]["message"]
    assert target.read_text(encoding="utf-8") == CAL_2027
    assert not (dirs / "station" / "headquarters-calendar" / "2027.toml").exists()
    assert _calendar_audit(dirs / "station")[-1] == (
        "replace", "2027", digest({"year": 2027, "file": "2027.toml", "sha256": _sha(CAL_2027),
                                   "source": "h2.bundle"}))
    assert second["calendar"]["recounted_interviews"] == [interview.id]
    db = open_db(dirs / "station")
    try:
        assert get_interview(db, interview.id).rectification_due == "2027-01-14"
    finally:
        db.conn.close()


def test_a_copy_put_aside_then_taken_by_the_command_given_counts_as_headquarters(
        capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    target = dirs / "station" / "calendar" / "2027.toml"
    _import_year(capsys, dirs / "station", OTHER_2027)
    _import_year(capsys, dirs / "hq", CAL_2027)
    result = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", _hand_out(capsys, dirs, "h1.bundle"))
    command = result["calendar"]["years"][0]["command"].split(" ")
    run_json(capsys, "--data-dir", dirs / "station", *command)
    assert run_json(capsys, "--data-dir", dirs / "station", "bundle", "import",
                    _hand_out(capsys, dirs, "h2.bundle"))["calendar"]["years"] == []
    corrected = CAL_2027.replace("测试用通知", "测试用通知（更正）").replace("to = 2027-01-05", "to = 2027-01-04")
    _import_year(capsys, dirs / "hq", corrected, "--replace")
    again = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", _hand_out(capsys, dirs, "h3.bundle"))
    assert _years(again) == [(2027, "replaced")] and target.read_text(encoding="utf-8") == corrected


def test_a_file_taken_from_headquarters_then_edited_at_the_station_is_kept(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    target = dirs / "station" / "calendar" / "2027.toml"
    _import_year(capsys, dirs / "hq", CAL_2027)
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", _hand_out(capsys, dirs, "h1.bundle"))
    edited = CAL_2027.replace("测试用通知", "测试用通知（本站改）")
    target.write_text(edited, encoding="utf-8")
    _import_year(capsys, dirs / "hq", OTHER_2027, "--replace")
    result = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", _hand_out(capsys, dirs, "h2.bundle"))
    assert _years(result) == [(2027, "differs")] and "--replace" in result["calendar"]["years"][0]["command"]
    assert target.read_text(encoding="utf-8") == edited


def test_year_files_are_taken_only_from_the_station_s_own_headquarters(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    target = dirs / "station" / "calendar" / "2027.toml"
    # trusted, but not named this station's headquarters: its year files are not taken
    run_json(capsys, "--data-dir", dirs / "station", "station", "trust", dirs / "hq.card")
    _import_year(capsys, dirs / "hq", CAL_2027)
    bundle = _hand_out(capsys, dirs, "h1.bundle", "--plain")
    dry = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle, "--dry-run")
    assert _years(dry) == [(None, "not_headquarters")]
    code, out, err = run(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle)
    assert code == 0, err
    lines = [line for line in out.splitlines() if "holiday" in line.lower()]
    assert len(lines) == 1 and "headquarters" in lines[0].lower()
    assert not target.exists()
    assert _calendar_audit(dirs / "station") == []
    # once it is named headquarters, the same bundle's year files are taken
    run_json(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / "hq.card")
    again = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle)
    assert _years(again) == [(2027, "imported")] and target.read_text(encoding="utf-8") == CAL_2027


def test_a_bundle_of_format_2_holding_a_year_file_is_refused(capsys, station_and_hq_dirs, english):
    from workstation.station import signing_key

    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    _import_year(capsys, dirs / "hq", CAL_2027)
    plain = _hand_out(capsys, dirs, "plain.bundle", "--plain")

    def change(members):
        manifest = json.loads(members["manifest.json"])
        manifest["format_version"] = 2
        manifest.pop("calendar", None)
        members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
        members["manifest.sig"] = base64.b64encode(signing_key(dirs / "hq").sign(members["manifest.json"]))

    old = _rewritten(plain, dirs / "old.bundle", change)
    code, _out, err = run(capsys, "--data-dir", dirs / "station", "bundle", "import", old)
    assert code == 1 and "calendar/2027.toml" in err
    assert not (dirs / "station" / "calendar" / "2027.toml").exists()


def test_removing_a_year_file_names_the_stray_copy_now_used(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    station = dirs / "station"
    _import_year(capsys, station, CAL_2027)
    stray = station / "calendar" / "2027 - 副本.toml"
    stray.write_text(OTHER_2027, encoding="utf-8")
    result = run_json(capsys, "--data-dir", station, "calendar", "remove", "2027")
    assert result["confirmed"] is True and result["now_from"] == str(stray)
    reload_calendars()
    # the copy gives 2027 now: importing the year again replaces it (--replace), as 2027.toml, the copy deleted
    _import_year(capsys, station, CAL_2027, "--replace")
    assert not stray.exists()
    stray.write_text(OTHER_2027, encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", station, "calendar", "remove", "2027")
    assert code == 0, err
    assert str(stray) in out and "supplied with the program" not in out
