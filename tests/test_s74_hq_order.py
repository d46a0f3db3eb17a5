"""Headquarters' figures do not depend on the order it imports the stations' bundles in (hq_analyst audit).

Each station loaded the demo, so every station holds a copy of every demo record: the station whose bundle arrives
first becomes the station each record was "received from". A station's later deletion of a record of its own agency
(or of an office under it) is still its deletion: merged, whichever station sent the record first. A deletion of a
record the deleting station neither owns nor sent is listed as a conflict, never dropped without a word.

An incremental bundle made before an ``--all`` bundle of the same station (nothing audited between them, so both end
at the same entry of its log) is refused after it, as any older bundle is.

``stats`` says the agency it counted and how its figures count by date, with or without --agency or a period."""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path

import pytest

from tests.data_digest import data_digest
from tests.helpers import open_db, run, run_json
from tests.test_bundle_common_base import _as_written_by

NH, SD = "440605", "440606"


@pytest.fixture
def net(tmp_path, cli_station) -> Path:
    """Headquarters (role set, nothing imported) and the demo stations 南海 (nh) and 顺德 (sd), each with its agency."""
    cli_station(tmp_path / "hq", ["init", "--station-name", "市局"], ["station", "role", "headquarters"])
    cli_station(tmp_path / "nh", ["init", "--agency", NH, "--station-name", "nh"], ["demo", "--without-complaints"])
    cli_station(tmp_path / "sd", ["init", "--agency", SD, "--station-name", "sd"], ["demo", "--without-complaints"])
    return tmp_path


def _export(capsys, net: Path, station: str, name: str, *extra) -> Path:
    path = net / f"{name}.bundle"
    run_json(capsys, "--data-dir", net / station, "bundle", "export", "-o", path, *extra)
    return path


def _hq(net: Path, name: str) -> Path:
    """A copy of the fresh headquarters, to import the bundles into in one order."""
    gc.collect()
    return Path(shutil.copytree(net / "hq", net / name))


def _import(capsys, hq: Path, *bundles: Path) -> list[dict]:
    return [run_json(capsys, "--data-dir", hq, "bundle", "import", path, "--trust") for path in bundles]


def _one(data_dir: Path, sql: str) -> str:
    db = open_db(data_dir)
    try:
        return db.execute(sql).fetchone()[0]
    finally:
        db.conn.close()


def _held(data_dir: Path, table: str, key: str) -> bool:
    db = open_db(data_dir)
    try:
        return db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [key]).fetchone() is not None
    finally:
        db.conn.close()


def _activity_of(data_dir: Path, code: str) -> str:
    return _one(data_dir, "SELECT p.id FROM publicity p JOIN agencies a ON a.id = p.agency_id "
                          f"WHERE a.code = '{code}' ORDER BY p.id LIMIT 1")


def _publicity(capsys, hq: Path) -> dict:
    return run_json(capsys, "--data-dir", hq, "stats")["publicity"]


# ---- 1. a station's deletion of its own record, whichever station sent the record first --------------------------

def test_a_station_s_deletion_of_its_own_activity_holds_whichever_station_sent_it_first(capsys, net):
    nh1, sd1 = _export(capsys, net, "nh", "nh1"), _export(capsys, net, "sd", "sd1")
    activity = _activity_of(net / "nh", NH)
    run_json(capsys, "--data-dir", net / "nh", "publicity", "delete", activity, "--reason", "误录")
    nh2 = _export(capsys, net, "nh", "nh2")
    nh_all = _export(capsys, net, "nh", "nhAll", "--all")

    first = _hq(net, "hqA")  # nh first: the deletion was merged before
    _import(capsys, first, nh1, sd1, nh2)
    expected = _publicity(capsys, first)
    assert not _held(first, "publicity", activity)

    later = _hq(net, "hqE")  # sd first: its copy is the one "received"
    *_, result = _import(capsys, later, sd1, nh1, nh2)
    assert result["deleted"] == 1 and result["conflicts"] == 0
    assert not _held(later, "publicity", activity)
    assert _publicity(capsys, later) == expected  # the 统计 page, `stats` and the 通报 count the same

    whole = _hq(net, "hqD")  # sd first, then nh's full bundle made after the deletion
    *_, result = _import(capsys, whole, sd1, nh_all)
    assert result["deleted"] == 1 and result["conflicts"] == 0
    assert not _held(whole, "publicity", activity)
    assert _publicity(capsys, whole) == expected


def test_a_clock_event_of_a_case_of_an_office_under_the_station_is_deleted_too(capsys, net):
    nh1, sd1 = _export(capsys, net, "nh", "nh1"), _export(capsys, net, "sd", "sd1")
    event = _one(net / "nh", "SELECT e.id FROM clock_events e JOIN cases c ON c.id = e.case_id JOIN agencies a "
                             "ON a.id = c.agency_id WHERE a.code = '440605011' ORDER BY e.id LIMIT 1")
    run_json(capsys, "--data-dir", net / "nh", "clocks", "remove", event, "--reason", "误录")
    nh2 = _export(capsys, net, "nh", "nh2")
    hq = _hq(net, "hqE")
    *_, result = _import(capsys, hq, sd1, nh1, nh2)
    assert result["deleted"] == 1 and result["conflicts"] == 0
    assert not _held(hq, "clock_events", event)


@pytest.fixture
def laptop(tmp_path, cli_station) -> Path:
    """Headquarters, 南海 (nh) with the demo, and a laptop of no agency (lp) that took nh's first bundle (nh1)."""
    cli_station(tmp_path / "hq", ["init", "--station-name", "市局"], ["station", "role", "headquarters"])
    cli_station(tmp_path / "nh", ["init", "--agency", NH, "--station-name", "nh"], ["demo", "--without-complaints"])
    cli_station(tmp_path / "lp", ["init", "--station-name", "lp"])
    return tmp_path


def test_a_deletion_of_another_station_s_record_it_never_sent_is_a_conflict_not_dropped(capsys, laptop):
    # the laptop: of no agency (a station of an agency may not delete another agency's activity), no demo
    nh1 = _export(capsys, laptop, "nh", "nh1")
    # the laptop took nh's bundle directly, then deleted its copy of one of nh's activities
    _import(capsys, laptop / "lp", nh1)
    activity = _activity_of(laptop / "lp", NH)
    run_json(capsys, "--data-dir", laptop / "lp", "publicity", "delete", activity, "--reason", "误录")
    lp1 = _export(capsys, laptop, "lp", "lp1")
    hq = laptop / "hq"
    _, result = _import(capsys, hq, nh1, lp1)
    assert result["conflicts"] == 1 and result["deleted"] == 0
    assert _held(hq, "publicity", activity)  # nh's activity stays until the analyst decides
    conflicts = run_json(capsys, "--data-dir", hq, "bundle", "conflicts")
    assert [(c["table"], c["record_id"]) for c in conflicts] == [("publicity", activity)]
    # taken, the laptop's deletion deletes it here
    run_json(capsys, "--data-dir", hq, "bundle", "resolve", conflicts[0]["id"], "--take-incoming")
    assert not _held(hq, "publicity", activity)


def _without_digests(data_dir: Path, bundle: Path) -> Path:
    """``bundle`` as an older workstation wrote it, stating no versions its copies grew from (bases.json naming no
    headquarters and no digests), signed again with the station's key: a deletion in it is judged by what
    headquarters holds alone."""
    target = bundle.with_name(f"old-{bundle.name}")
    _as_written_by(data_dir, bundle, target, lambda manifest, members: members.update(
        {"bases.json": json.dumps({"headquarters": None, "records": {}}).encode("utf-8")}))
    return target


def test_a_station_that_edited_a_third_station_s_record_then_deleted_it_is_a_conflict(capsys, laptop):
    """Changing a record is no making of it: the laptop's edit, then its deletion, of nh's activity is listed for
    the analyst, not merged as though the activity were the laptop's own."""
    nh1 = _export(capsys, laptop, "nh", "nh1")
    _import(capsys, laptop / "lp", nh1)
    activity = _activity_of(laptop / "lp", NH)
    run_json(capsys, "--data-dir", laptop / "lp", "publicity", "edit", activity, "--flyers", "7")
    hq = laptop / "hq"
    _import(capsys, hq, nh1, _without_digests(laptop / "lp", _export(capsys, laptop, "lp", "lp1")))
    assert _one(hq, f"SELECT flyers FROM publicity WHERE id = '{activity}'") == 900  # nh's figure stays
    run_json(capsys, "--data-dir", laptop / "lp", "publicity", "delete", activity, "--reason", "误录")
    [result] = _import(capsys, hq, _without_digests(laptop / "lp", _export(capsys, laptop, "lp", "lp2")))
    assert result["conflicts"] == 1 and result["deleted"] == 0
    assert _held(hq, "publicity", activity)
    conflicts = run_json(capsys, "--data-dir", hq, "bundle", "conflicts")
    assert ("publicity", activity, "_deleted") in [(c["table"], c["record_id"], c["field"]) for c in conflicts]


def test_an_edit_and_a_deletion_in_one_bundle_are_a_conflict_too(capsys, laptop):
    nh1 = _export(capsys, laptop, "nh", "nh1")
    _import(capsys, laptop / "lp", nh1)
    activity = _activity_of(laptop / "lp", NH)
    run_json(capsys, "--data-dir", laptop / "lp", "publicity", "edit", activity, "--flyers", "7")
    run_json(capsys, "--data-dir", laptop / "lp", "publicity", "delete", activity, "--reason", "误录")
    lp1 = _without_digests(laptop / "lp", _export(capsys, laptop, "lp", "lp1"))
    hq = laptop / "hq"
    _, result = _import(capsys, hq, nh1, lp1)
    assert result["conflicts"] == 1 and result["deleted"] == 0
    assert _held(hq, "publicity", activity)


def test_a_version_the_sender_sent_once_makes_no_later_version_its_own(capsys, laptop):
    """The laptop sent its change of nh's activity; nh changed the activity since. The version headquarters holds
    now is nh's, never one the laptop held: the laptop's deletion of its copy is a conflict, not a deletion of
    nh's activity."""
    nh1 = _export(capsys, laptop, "nh", "nh1")
    _import(capsys, laptop / "lp", nh1)
    activity = _activity_of(laptop / "lp", NH)
    run_json(capsys, "--data-dir", laptop / "lp", "publicity", "edit", activity, "--flyers", "7")
    lp1 = _export(capsys, laptop, "lp", "lp1")
    hq = laptop / "hq"
    _import(capsys, hq, nh1, lp1)
    assert _one(hq, f"SELECT flyers FROM publicity WHERE id = '{activity}'") == 7
    run_json(capsys, "--data-dir", laptop / "nh", "publicity", "edit", activity, "--sms", "12")
    _import(capsys, hq, _export(capsys, laptop, "nh", "nh2"))
    assert _one(hq, f"SELECT sms FROM publicity WHERE id = '{activity}'") == 12
    run_json(capsys, "--data-dir", laptop / "lp", "publicity", "delete", activity, "--reason", "误录")
    lp2 = _without_digests(laptop / "lp", _export(capsys, laptop, "lp", "lp2"))
    [result] = _import(capsys, hq, lp2)
    assert result["conflicts"] == 1 and result["deleted"] == 0
    assert _held(hq, "publicity", activity)
    # the version held in common now is not one the laptop sent: its having sent another makes it no owner
    from workstation.bundle.merge import _bases, _sender_had

    laptop_id = _one(laptop / "lp", "SELECT value FROM settings WHERE key = 'station_id'")
    db = open_db(hq)
    try:
        assert db.execute("SELECT 1 FROM sync_versions WHERE tbl = 'publicity' AND record_id = ? AND station_id = ?",
                          [activity, laptop_id]).fetchone() is not None  # the laptop did send a version of it
        cursor = db.execute("SELECT * FROM publicity WHERE id = ?", [activity])
        here = dict(zip([c[0] for c in cursor.description], cursor.fetchone(), strict=True))
        base, _station = _bases(db, "publicity", [activity])[activity]
        assert (base["flyers"], base["sms"]) == (7, 20000)  # the laptop's version is still the one in common
        assert _sender_had(db, "publicity", here, laptop_id, frozenset(), set(), base)
        # had nh's change (sms 12) been the version in common, the laptop never held it
        assert (here["flyers"], here["sms"]) == (7, 12)
        assert not _sender_had(db, "publicity", here, laptop_id, frozenset(), set(), here)
    finally:
        db.conn.close()


# ---- 2. an incremental bundle made before a full one ---------------------------------------------------------------

def test_a_changed_since_bundle_made_before_a_full_one_is_refused_after_it(capsys, net, english):
    nh1 = _export(capsys, net, "nh", "nh1")
    activity = _activity_of(net / "nh", NH)
    run_json(capsys, "--data-dir", net / "nh", "publicity", "edit", activity, "--flyers", "7")
    nh2 = _export(capsys, net, "nh", "nh2")  # the edit, then nothing audited before the full bundle
    nh_all = _export(capsys, net, "nh", "nhAll", "--all")

    hq = _hq(net, "hqD")
    _import(capsys, hq, nh1, nh_all)
    # an officer at headquarters corrects the figure since: an older bundle must not bring the station's back
    run_json(capsys, "--data-dir", hq, "publicity", "edit", activity, "--flyers", "9")
    before = data_digest(hq)
    code, out, err = run(capsys, "--data-dir", hq, "bundle", "import", nh2, "--trust")
    assert code == 1, out
    assert "nh2.bundle is older than a bundle already imported from station nh" in err
    # told older by the times of making alone: both are named, so that a clock set back between them shows
    made = {path.name: _manifest_time(path) for path in (nh2, nh_all)}
    assert (f"By the sender's clock, nh2.bundle was made at {made['nh2.bundle']} and the bundle already imported "
            f"at {made['nhAll.bundle']}.") in " ".join(err.split()), err
    assert data_digest(hq) == before
    assert _one(hq, f"SELECT flyers FROM publicity WHERE id = '{activity}'") == 9

    # in the order they were made, both are taken: the full bundle after the changed-since one
    other = _hq(net, "hqF")
    _import(capsys, other, nh1)
    assert _import(capsys, other, nh2)[0]["updated"] == 1
    assert _import(capsys, other, nh_all)[0]["already_imported"] is False
    assert _one(other, f"SELECT flyers FROM publicity WHERE id = '{activity}'") == 7


def _manifest_time(bundle: Path) -> str:
    """When ``bundle`` was made, as a refusal names it: 2026-11-30 10:12:05."""
    import json
    import zipfile

    with zipfile.ZipFile(bundle) as archive:
        return json.loads(archive.read("manifest.json"))["created_at"][:19].replace("T", " ")


# ---- 3. `stats` says its scope and its date basis -----------------------------------------------------------------

def test_stats_without_agency_or_period_names_its_scope_and_date_basis(capsys, net, english):
    hq = net / "hq"
    _import(capsys, hq, _export(capsys, net, "nh", "nh1"))
    code, out, err = run(capsys, "--data-dir", hq, "stats")
    assert code == 0, err
    lines = out.splitlines()
    assert "Agency counted: all agencies (every record held here)." in lines
    assert any(line.startswith("The whole campaign, whatever the dates:") for line in lines), out
    code, out, err = run(capsys, "--data-dir", hq, "stats", "--from", "2026-01-01")
    lines = out.splitlines()
    assert "Agency counted: all agencies (every record held here)." in lines
    assert any(line.startswith("In the period, cases count by their filing date") for line in lines), out
    assert not any(line.startswith("The whole campaign") for line in lines)
    code, out, err = run(capsys, "--data-dir", hq, "stats", "--agency", NH)
    lines = out.splitlines()
    assert lines[-1] == "Agency counted: 佛山市南海区市场监督管理局 with the offices under it."
    assert any(line.startswith("The whole campaign, whatever the dates:") for line in lines), out
    # --json as CLI.md has it, nothing added
    result = run_json(capsys, "--data-dir", hq, "stats")
    assert "scope" not in result and "basis" not in result
