# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters' hand-out and a station's copy made before the station took it: the station's bundle says which
version it last held in common with headquarters, so a stale copy is a conflict instead of undoing headquarters'
newer value, while the ordinary round trips still merge without conflicts; format 1 bundles still import."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import (  # noqa: F401
    STATIONS,
    case_figures,
    dirs,
    edit_case,
    export,
    import_,
    refused,
    shared_once,
    take_headquarters_card,
    template,
)

CASE = STATIONS["shunde"][2]


def _conflicts(capsys, dirs) -> list[dict]:
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")


def _station_works_on_while_headquarters_corrects(capsys, dirs) -> None:
    """Shunde sends its case (s1); headquarters corrects the fine and hands everything out (h1); the station goes
    on with its case before it takes that hand-out (s2). Its copy grew from s1, which headquarters holds, so the
    station's own change is taken and headquarters' correction stays, with nothing to choose."""
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    edit_case(dirs / "hq", CASE, fine_fen=700_000)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    edit_case(dirs / "shunde", CASE, records_other=480)
    export(capsys, dirs, "shunde", "s2.bundle")
    merged = import_(capsys, dirs, "s2.bundle")
    assert merged["by_table"]["cases"] == {"new": 0, "updated": 1, "unchanged": 0, "conflicts": 0}
    assert case_figures(dirs / "hq", CASE) == (700_000, 480, "")


def test_a_copy_made_before_the_station_took_the_hand_out_does_not_undo_headquarters_value(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    _station_works_on_while_headquarters_corrects(capsys, dirs)
    assert _conflicts(capsys, dirs) == []
    # the next hand-out brings headquarters' correction to the station
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["conflicts"] == 0
    assert case_figures(dirs / "shunde", CASE) == (700_000, 480, "")
    # from then on the station's changes come in as plain updates again
    edit_case(dirs / "shunde", CASE, facts="当事人已承认")
    export(capsys, dirs, "shunde", "s3.bundle")
    merged = import_(capsys, dirs, "s3.bundle")
    assert merged["by_table"]["cases"] == {"new": 0, "updated": 1, "unchanged": 0, "conflicts": 0}
    assert case_figures(dirs / "hq", CASE) == case_figures(dirs / "shunde", CASE) == (700_000, 480, "当事人已承认")


def _sent_again_after_a_lost_bundle(capsys, dirs, names_headquarters: bool = True) -> dict:
    """Headquarters corrects the fine and hands out; the station, not having taken it, changes its count in a
    bundle that is lost and its facts in the next, then sends everything again: its copy grew from a version
    headquarters never had. Returns the merge of the full bundle. The station takes headquarters' card, or
    without ``names_headquarters`` only trusts it."""
    if names_headquarters:
        take_headquarters_card(capsys, dirs)
    else:
        run_json(capsys, "--data-dir", dirs / "shunde", "station", "trust", dirs / "hq.card")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    edit_case(dirs / "hq", CASE, fine_fen=700_000)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    edit_case(dirs / "shunde", CASE, records_other=480)
    export(capsys, dirs, "shunde", "lost.bundle")
    (dirs / "lost.bundle").unlink()
    edit_case(dirs / "shunde", CASE, facts="当事人已承认")
    export(capsys, dirs, "shunde", "everything.bundle", "--all")
    return import_(capsys, dirs, "everything.bundle")


@pytest.mark.parametrize("names_headquarters", [True, False], ids=["named", "only-trusted"])
def test_a_copy_grown_from_a_version_headquarters_never_had_is_a_conflict_in_every_differing_field(
        capsys, dirs, names_headquarters):
    # which side changed a field is not known for such a copy: headquarters keeps its values and lists them all;
    # once resolved, the hand-out brings the analyst's choice to the station without a conflict there, also at a
    # station that only trusts headquarters' card (whose hand-out names the hand-out h1, kept as the base while
    # the conflict was open, as the version it grew from: the station never had it, but headquarters had
    # imported all the station sent)
    merged = _sent_again_after_a_lost_bundle(capsys, dirs, names_headquarters)
    assert merged["by_table"]["cases"] == {"new": 0, "updated": 0, "unchanged": 0, "conflicts": 1}
    assert case_figures(dirs / "hq", CASE) == (700_000, 300, "")
    found = {c["field"]: (c["local"], c["incoming"]) for c in _conflicts(capsys, dirs)}
    assert found == {"fine_fen": (700_000, 500_000), "records_other": (300, 480), "facts": ("", "当事人已承认")}
    # the analyst keeps headquarters' fine and takes the station's count and facts; the next hand-out brings both
    for conflict in _conflicts(capsys, dirs):
        side = "--keep-local" if conflict["field"] == "fine_fen" else "--take-incoming"
        run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], side)
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["conflicts"] == 0
    assert case_figures(dirs / "shunde", CASE) == case_figures(dirs / "hq", CASE) == (700_000, 480, "当事人已承认")
    edit_case(dirs / "shunde", CASE, facts="当事人已整改")
    export(capsys, dirs, "shunde", "s3.bundle")
    merged = import_(capsys, dirs, "s3.bundle")
    assert merged["by_table"]["cases"] == {"new": 0, "updated": 1, "unchanged": 0, "conflicts": 0}
    assert _conflicts(capsys, dirs) == []


def test_round_trips_through_headquarters_merge_without_conflicts(capsys, dirs):
    shared_once(capsys, dirs)
    edit_case(dirs / "shunde", CASE, fine_fen=600_000)
    export(capsys, dirs, "shunde", "s2.bundle")
    merged = import_(capsys, dirs, "s2.bundle")
    assert merged["by_table"]["cases"]["updated"] == 1 and merged["conflicts"] == 0
    # headquarters hands out again (its copy of the case now counts one more version, the same content) while
    # the station, not having taken it, changes the case once more: an ordinary update
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    edit_case(dirs / "shunde", CASE, records_other=480)
    export(capsys, dirs, "shunde", "s3.bundle")
    merged = import_(capsys, dirs, "s3.bundle")
    assert merged["by_table"]["cases"]["updated"] == 1 and merged["conflicts"] == 0
    # headquarters' own correction travels out and the station's next change comes back, both without conflict
    edit_case(dirs / "hq", CASE, facts="市局更正")
    export(capsys, dirs, "hq", "h3.bundle", "--all")
    assert import_(capsys, dirs, "h3.bundle", at="shunde")["conflicts"] == 0
    edit_case(dirs / "shunde", CASE, fine_fen=650_000)
    export(capsys, dirs, "shunde", "s4.bundle")
    assert import_(capsys, dirs, "s4.bundle")["conflicts"] == 0
    assert case_figures(dirs / "hq", CASE) == case_figures(dirs / "shunde", CASE) == (650_000, 480, "市局更正")
    assert _conflicts(capsys, dirs) == []


def test_a_record_deleted_before_the_station_took_the_hand_out_is_a_conflict(capsys, dirs):
    from workstation.store.publicity import delete_publicity, get_publicity, save_publicity

    take_headquarters_card(capsys, dirs)
    added = run_json(capsys, "--data-dir", dirs / "shunde", "publicity", "add", "--date", "2026-03-08",
                     "--title", "社区宣传", "--flyers", "200")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    db = open_db(dirs / "hq")
    save_publicity(db, replace(get_publicity(db, added["id"]), flyers=260))  # corrected at headquarters
    db.conn.close()
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    db = open_db(dirs / "shunde")
    delete_publicity(db, added["id"])  # the station, not having seen the correction, drops the activity
    db.conn.close()
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 1
    assert [(c["table"], c["field"]) for c in _conflicts(capsys, dirs)] == [("publicity", "_deleted")]
    assert run_json(capsys, "--data-dir", dirs / "hq", "stats")["publicity"]["flyers"] == 260


def _as_written_by(data_dir: Path, source: Path, target: Path, change) -> None:
    """``source`` rewritten by ``change(manifest, members)`` and signed again with the station's key, as an
    older or a faulty workstation would have written it."""
    from workstation.station import signing_key

    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    members.pop("manifest.sig")
    change(manifest, members)
    manifest["members"] = {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                           for name, data in sorted(members.items())}
    raw = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    with zipfile.ZipFile(target, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
        out.writestr("manifest.json", raw)
        out.writestr("manifest.sig", base64.b64encode(signing_key(data_dir).sign(raw)))


def new_case_column_travels(capsys, dirs, migration: str, column: str, value) -> None:
    """A case column added by ``migration`` travels to headquarters (``value`` set at the station), and a bundle
    of the version before it, without the column, merges: first bringing the case (the column left empty), then,
    sent after the value arrived, leaving it as it is."""
    number = STATIONS["shunde"][2]

    def before(manifest: dict, members: dict) -> None:  # as the version before ``migration`` wrote it
        manifest["schema"] = [name for name in manifest["schema"] if name != migration]
        cases = json.loads(members["records/cases.json"])
        for row in cases:
            row.pop(column)
        members["records/cases.json"] = json.dumps(cases, ensure_ascii=False).encode("utf-8")

    def at_hq():
        db = open_db(dirs / "hq")
        try:
            return db.execute(f"SELECT {column} FROM cases WHERE case_number = ?", [number]).fetchone()[0]
        finally:
            db.conn.close()

    export(capsys, dirs, "shunde", "s1.bundle", "--plain")
    _as_written_by(dirs / "shunde", dirs / "s1.bundle", dirs / "old1.bundle", before)
    assert import_(capsys, dirs, "old1.bundle")["by_table"]["cases"]["new"] == 1
    assert at_hq() is None
    edit_case(dirs / "shunde", number, **{column: value})
    export(capsys, dirs, "shunde", "s2.bundle", "--plain")
    merged = import_(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["cases"]["updated"] == 1
    assert at_hq() == value
    # an older bundle sent after says nothing of the column: headquarters keeps the value
    edit_case(dirs / "shunde", number, records_other=301)
    export(capsys, dirs, "shunde", "s3.bundle", "--plain")
    _as_written_by(dirs / "shunde", dirs / "s3.bundle", dirs / "old3.bundle", before)
    assert import_(capsys, dirs, "old3.bundle")["conflicts"] == 0
    assert at_hq() == value


def _format_1(manifest: dict, members: dict) -> None:
    manifest["format_version"] = 1
    members.pop("bases.json")


def test_a_format_1_bundle_still_imports_and_merges_as_before(capsys, dirs):
    export(capsys, dirs, "shunde", "s1.bundle", "--plain")
    _as_written_by(dirs / "shunde", dirs / "s1.bundle", dirs / "old1.bundle", _format_1)
    assert import_(capsys, dirs, "old1.bundle")["new"] > 0
    edit_case(dirs / "shunde", CASE, fine_fen=600_000)
    export(capsys, dirs, "shunde", "s2.bundle", "--plain")
    _as_written_by(dirs / "shunde", dirs / "s2.bundle", dirs / "old2.bundle", _format_1)
    merged = import_(capsys, dirs, "old2.bundle")
    assert merged["by_table"]["cases"]["updated"] == 1 and merged["conflicts"] == 0
    assert case_figures(dirs / "hq", CASE)[0] == 600_000


def test_a_bundle_with_unreadable_or_missing_common_versions_is_refused(capsys, dirs, english):
    export(capsys, dirs, "shunde", "s1.bundle", "--plain")

    def garbled(manifest, members):
        members["bases.json"] = b'{"headquarters": null, "records": {"cases": {"x": "not a digest"}}}'

    _as_written_by(dirs / "shunde", dirs / "s1.bundle", dirs / "garbled.bundle", garbled)
    assert "bases.json is not readable" in refused(capsys, dirs, "garbled.bundle")
    _as_written_by(dirs / "shunde", dirs / "s1.bundle", dirs / "missing.bundle",
                   lambda manifest, members: members.pop("bases.json"))
    assert "manifest is incomplete" in refused(capsys, dirs, "missing.bundle")


def test_a_station_re_sending_everything_before_it_took_the_latest_hand_out_raises_no_conflict(capsys, dirs):
    # both stations share their cases through headquarters; Nanhai's case changes and headquarters hands out again,
    # and Shunde, not having taken that hand-out, sends everything: its copy of Nanhai's case is the version
    # headquarters handed out before, which headquarters already has
    nanhai_case = STATIONS["nanhai"][2]
    for station in STATIONS:
        take_headquarters_card(capsys, dirs, station)
        export(capsys, dirs, station, f"{station}-1.bundle")
        import_(capsys, dirs, f"{station}-1.bundle")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    for station in STATIONS:
        import_(capsys, dirs, "h1.bundle", at=station)
    edit_case(dirs / "nanhai", nanhai_case, fine_fen=600_000)
    export(capsys, dirs, "nanhai", "nanhai-2.bundle")
    import_(capsys, dirs, "nanhai-2.bundle")
    edit_case(dirs / "hq", CASE, facts="市局更正")
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    export(capsys, dirs, "shunde", "shunde-2.bundle", "--all")
    merged = import_(capsys, dirs, "shunde-2.bundle")
    assert merged["by_table"]["cases"] == {"new": 0, "updated": 0, "unchanged": 2, "conflicts": 0}
    assert _conflicts(capsys, dirs) == []
    assert case_figures(dirs / "hq", nanhai_case)[0] == 600_000
    assert case_figures(dirs / "hq", CASE)[2] == "市局更正"


def test_a_station_that_never_took_headquarters_card_does_not_undo_headquarters_correction(capsys, dirs):
    # Shunde neither names nor trusts headquarters, and never takes a hand-out: its copy grew from what it sent
    _station_works_on_while_headquarters_corrects(capsys, dirs)


def _nanhai_takes_hand_outs_without_naming_headquarters(capsys, dirs):
    """Nanhai trusts headquarters' card to take its hand-outs, and never names it; both stations' cases are shared
    through headquarters (h0), and Nanhai re-sends everything once, its copy of Shunde's case unchanged."""
    run_json(capsys, "--data-dir", dirs / "nanhai", "station", "trust", dirs / "hq.card")
    for station in ("shunde", "nanhai"):
        export(capsys, dirs, station, f"{station}-1.bundle")
        import_(capsys, dirs, f"{station}-1.bundle")
    export(capsys, dirs, "hq", "h0.bundle", "--all")
    import_(capsys, dirs, "h0.bundle", at="nanhai")
    export(capsys, dirs, "nanhai", "nanhai-2.bundle", "--all")
    assert import_(capsys, dirs, "nanhai-2.bundle")["conflicts"] == 0


def test_a_station_re_sending_its_unchanged_copies_leaves_the_owner_s_next_change_a_plain_update(capsys, dirs):
    _nanhai_takes_hand_outs_without_naming_headquarters(capsys, dirs)
    edit_case(dirs / "shunde", CASE, fine_fen=800_000)
    export(capsys, dirs, "shunde", "shunde-2.bundle")
    merged = import_(capsys, dirs, "shunde-2.bundle")
    assert merged["by_table"]["cases"] == {"new": 0, "updated": 1, "unchanged": 0, "conflicts": 0}
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    assert import_(capsys, dirs, "h1.bundle", at="nanhai")["conflicts"] == 0
    assert case_figures(dirs / "hq", CASE)[0] == case_figures(dirs / "nanhai", CASE)[0] == 800_000


def test_a_hand_out_made_before_headquarters_took_a_station_s_change_does_not_undo_it_unnamed(capsys, dirs):
    # the same crossing as for a station naming headquarters, at a station that only trusts its card
    _nanhai_takes_hand_outs_without_naming_headquarters(capsys, dirs)
    number = STATIONS["nanhai"][2]
    edit_case(dirs / "nanhai", number, fine_fen=650_000)
    export(capsys, dirs, "nanhai", "nanhai-3.bundle")
    edit_case(dirs / "hq", number, facts="市局更正")
    export(capsys, dirs, "hq", "h1.bundle", "--all")  # before headquarters took nanhai-3
    assert import_(capsys, dirs, "h1.bundle", at="nanhai")["conflicts"] == 0
    assert case_figures(dirs / "nanhai", number) == (650_000, 300, "市局更正")
    import_(capsys, dirs, "nanhai-3.bundle")
    assert case_figures(dirs / "hq", number) == (650_000, 300, "市局更正")


def _older_naming_no_headquarters(manifest: dict, members: dict) -> None:
    # a station that had not taken headquarters' card gave no digests before "complete"
    members["bases.json"] = json.dumps({"headquarters": None, "records": {}}).encode("utf-8")


def older_bundle_after_a_round_trip(capsys, dirs) -> None:
    """Shunde, in the older format naming no headquarters, sends its case (old1.bundle, merged), takes
    headquarters' hand-out, changes the fine and facts and writes old2.bundle (not merged)."""
    export(capsys, dirs, "shunde", "s1.bundle", "--plain")
    _as_written_by(dirs / "shunde", dirs / "s1.bundle", dirs / "old1.bundle", _older_naming_no_headquarters)
    first = import_(capsys, dirs, "old1.bundle")
    assert first["new"] > 0 and first["older_format"] is False  # only new records: nothing to check
    run_json(capsys, "--data-dir", dirs / "shunde", "station", "trust", dirs / "hq.card")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    assert import_(capsys, dirs, "h1.bundle", at="shunde")["conflicts"] == 0
    edit_case(dirs / "shunde", CASE, fine_fen=600_000, facts="当事人已承认")
    export(capsys, dirs, "shunde", "s2.bundle", "--plain")
    _as_written_by(dirs / "shunde", dirs / "s2.bundle", dirs / "old2.bundle", _older_naming_no_headquarters)


def test_an_older_bundle_naming_no_headquarters_merges_as_before_and_the_preview_says_why(capsys, dirs, english):
    from tests.helpers import run

    older_bundle_after_a_round_trip(capsys, dirs)
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "old2.bundle", "--dry-run")
    assert code == 0 and "older version" in out and "cannot be detected as precisely" in out
    merged = import_(capsys, dirs, "old2.bundle")
    assert merged["older_format"] is True
    assert merged["by_table"]["cases"] == {"new": 0, "updated": 1, "unchanged": 0, "conflicts": 0}
    assert _conflicts(capsys, dirs) == []
    assert case_figures(dirs / "hq", CASE) == (600_000, 300, "当事人已承认")
    # the same change in the current format says nothing of an older version
    edit_case(dirs / "shunde", CASE, records_other=480)
    export(capsys, dirs, "shunde", "s3.bundle")
    assert import_(capsys, dirs, "s3.bundle")["older_format"] is False
