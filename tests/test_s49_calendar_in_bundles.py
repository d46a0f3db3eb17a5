# ruff: noqa: F811 - the fixtures imported from test_yearfix are used by name
"""Headquarters' holiday calendar travels in its bundles: a hand-out carries the year files headquarters imported
(``calendar/<year>.toml``, listed and signed in the manifest like every member); the station takes a year it has no
file for (checked, audited as an import naming the bundle, the rectification defaults counted again), says nothing
of an identical file, and keeps its own when it differs, saying how to take headquarters' copy. A station's bundle
says with which holiday data it counted each year, and headquarters warns of a year counted otherwise. The bundles
are of format 3: an older program refuses them saying to install the current version."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_yearfix import CAL_2027, _december_interview, january_4  # noqa: F401
from workstation.workdays import reload_calendars

OTHER_2027 = CAL_2027.replace("to = 2027-01-05", "to = 2027-01-03")  # 元旦 1–3 January
STATION = "南海区局"


@pytest.fixture(autouse=True)
def _calendars_forgotten():
    reload_calendars()
    yield
    reload_calendars()


def _named_headquarters(capsys, dirs: Path) -> None:
    """The station names headquarters and trusts its card (its bundles go to it, its hand-outs are taken)."""
    run_json(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / "hq.card")
    run_json(capsys, "--data-dir", dirs / "station", "station", "trust", dirs / "hq.card")


def _import_year(capsys, data_dir: Path, text: str, *extra) -> None:
    source = data_dir.parent / f"source-{data_dir.name}.toml"
    source.write_text(text, encoding="utf-8")
    run_json(capsys, "--data-dir", data_dir, "calendar", "import", source, *extra)


def _hand_out(capsys, dirs: Path, name: str, *extra) -> Path:
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / name, "--all", "--for", STATION,
             *extra)
    return dirs / name


def _calendar_audit(data_dir: Path) -> list[tuple]:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT action, entity_id, after_digest FROM audit WHERE entity = 'calendar' "
                          "ORDER BY seq").fetchall()
    finally:
        db.conn.close()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_hand_out_carries_headquarters_year_files_and_the_station_takes_a_year_it_lacks(
        capsys, station_and_hq_dirs, english):
    from workstation.audit import digest
    from workstation.bundle import open_bundle
    from workstation.station import box_private_key

    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    _import_year(capsys, dirs / "hq", CAL_2027)
    bundle = _hand_out(capsys, dirs, "h1.bundle")
    with open_bundle(bundle, box_private_key(dirs / "station")) as opened:
        members = opened.manifest["members"]
        assert opened.manifest["format_version"] == 3
    # the imported file, listed with its sha256; the shipped 2026 is not carried
    assert members["calendar/2027.toml"] == {"sha256": _sha(CAL_2027), "size": len(CAL_2027.encode("utf-8"))}
    assert [m for m in members if m.startswith("calendar/")] == ["calendar/2027.toml"]
    result = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle)
    years = result["calendar"]["years"]
    assert [(e["year"], e["status"]) for e in years] == [(2027, "imported")]
    target = dirs / "station" / "calendar" / "2027.toml"
    assert target.read_text(encoding="utf-8") == CAL_2027
    # audited as an import, naming the bundle it came from
    assert _calendar_audit(dirs / "station") == [
        ("import", "2027", digest({"year": 2027, "file": "2027.toml", "sha256": _sha(CAL_2027),
                                   "source": "h1.bundle"}))]
    # the same file again: nothing done, nothing said
    bundle = _hand_out(capsys, dirs, "h2.bundle")
    code, out, err = run(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle)
    assert code == 0, err
    assert "2027" not in out
    assert len(_calendar_audit(dirs / "station")) == 1


def test_a_station_file_that_differs_is_kept_and_the_summary_says_how_to_take_headquarters(
        capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    _import_year(capsys, dirs / "hq", CAL_2027)
    _import_year(capsys, dirs / "station", OTHER_2027)
    target = dirs / "station" / "calendar" / "2027.toml"
    bundle = _hand_out(capsys, dirs, "h1.bundle")
    result = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle, "--dry-run")
    assert [(e["year"], e["status"]) for e in result["calendar"]["years"]] == [(2027, "differs")]
    code, out, err = run(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle)
    assert code == 0, err
    assert target.read_text(encoding="utf-8") == OTHER_2027  # never replaced silently
    line = next(line for line in out.splitlines() if "2027" in line and "differs" in line)
    assert "headquarters" in line.lower()
    command = line[line.index("calendar import "):].rstrip("`.。 ")
    copy = Path(command[len("calendar import "):-len(" --replace")])
    assert command.endswith(" --replace") and copy.read_text(encoding="utf-8") == CAL_2027
    assert copy.is_relative_to(dirs / "station") and copy.parent != target.parent
    # the command given takes headquarters' file; the next hand-out then says nothing
    run_json(capsys, "--data-dir", dirs / "station", *command.split(" ")[:2], copy, "--replace")
    assert target.read_text(encoding="utf-8") == CAL_2027
    again = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", _hand_out(capsys, dirs, "h2.bundle"))
    assert again["calendar"]["years"] == []


def test_taking_headquarters_year_counts_the_rectification_defaults_again(
        capsys, station_and_hq_dirs, january_4, english):
    from workstation.store.interviews import get_interview

    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    db = open_db(dirs / "station")
    try:
        interview = _december_interview(db)
        assert get_interview(db, interview.id).rectification_due == "2027-01-12"
    finally:
        db.conn.close()
    _import_year(capsys, dirs / "hq", CAL_2027)
    result = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", _hand_out(capsys, dirs, "h1.bundle"))
    assert result["calendar"]["recounted_interviews"] == [interview.id]
    db = open_db(dirs / "station")
    try:
        assert get_interview(db, interview.id).rectification_due == "2027-01-14"
    finally:
        db.conn.close()


def _rewritten(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    change(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if name.startswith("files/") else None)
    return target


def test_an_altered_year_file_in_a_hand_out_is_refused(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    _import_year(capsys, dirs / "hq", CAL_2027)
    plain = _hand_out(capsys, dirs, "plain.bundle", "--plain")
    altered = _rewritten(plain, dirs / "altered.bundle",
                         lambda members: members.update({"calendar/2027.toml": OTHER_2027.encode("utf-8")}))
    code, _out, err = run(capsys, "--data-dir", dirs / "station", "bundle", "import", altered)
    assert code == 1 and "calendar/2027.toml" in err and "sha256" in err
    assert not (dirs / "station" / "calendar" / "2027.toml").exists()


def test_headquarters_warns_of_a_year_the_station_counted_otherwise(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    _import_year(capsys, dirs / "hq", CAL_2027)
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "s1.bundle")
    from workstation.bundle import open_bundle
    from workstation.station import box_private_key

    with open_bundle(dirs / "s1.bundle", box_private_key(dirs / "hq")) as opened:
        counted = opened.manifest["calendar"]
        year = int(opened.manifest["created_at"][:4])
    assert counted[str(year)] in ("shipped", "none")
    assert counted["2027"] in ("shipped", "none")
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "s1.bundle")
    warned = [e for e in result["calendar"]["years"] if e["year"] == 2027]
    assert len(warned) == 1 and STATION in warned[0]["message"] and "2027" in warned[0]["message"]
    # a different file at the station: warned too; the same file: nothing said
    _import_year(capsys, dirs / "station", OTHER_2027)
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "s2.bundle")
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "s2.bundle")
    assert [e["status"] for e in result["calendar"]["years"] if e["year"] == 2027] == ["station_differs"]
    _import_year(capsys, dirs / "station", CAL_2027, "--replace")
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "s3.bundle")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "s3.bundle")
    assert code == 0, err
    assert "2027" not in out


def _as_format_2(dirs: Path, source: Path, target: Path) -> Path:
    """``source`` as a bundle of the version before: format 2, no calendar members nor manifest key."""
    from workstation.station import signing_key

    def change(members):
        manifest = json.loads(members["manifest.json"])
        manifest["format_version"] = 2
        manifest.pop("calendar", None)
        for name in [m for m in manifest["members"] if m.startswith("calendar/")]:
            manifest["members"].pop(name)
            members.pop(name)
        members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
        members["manifest.sig"] = base64.b64encode(signing_key(dirs / "station").sign(members["manifest.json"]))

    return _rewritten(source, target, change)


def test_an_older_bundle_without_calendar_imports_saying_nothing_of_it(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    _import_year(capsys, dirs / "hq", CAL_2027)
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "s1.bundle", "--plain")
    old = _as_format_2(dirs, dirs / "s1.bundle", dirs / "old.bundle")
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", old)
    assert result["new"] > 0 and result["calendar"]["years"] == []


def test_an_older_program_refuses_a_bundle_of_format_3_saying_to_install_the_current_version(
        capsys, station_and_hq_dirs, monkeypatch, english):
    from workstation.bundle import reader, writer

    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    _import_year(capsys, dirs / "hq", CAL_2027)
    bundle = _hand_out(capsys, dirs, "h1.bundle")
    assert writer.FORMAT_VERSION == 3 and 2 in writer.READABLE_FORMATS
    monkeypatch.setattr(reader, "READABLE_FORMATS", (1, 2))  # what the version before reads
    code, _out, err = run(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle)
    assert code == 1 and "format version 3" in err and "install the current version" in err
    assert not (dirs / "station" / "calendar" / "2027.toml").exists()
