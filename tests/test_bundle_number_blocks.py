# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Number blocks (号段) travel in bundles: a station's bundle tells headquarters the blocks it entered, headquarters'
hand-out tells each station the blocks allocated; the same block allocated at headquarters and entered at the
station (two ids) is one block on both sides; a block overlapping a different one held here is a conflict, never
taken, which the analyst can only keep; a bundle of the version before blocks still merges."""

from __future__ import annotations

import json

import pytest

from tests.helpers import beijing_year, open_db, run, run_json
from tests.test_bundle_common_base import _as_written_by
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401

YEAR = beijing_year()


def _station_id(capsys, data_dir) -> str:
    return run_json(capsys, "--data-dir", data_dir, "station", "show")["id"]


def _allocate(capsys, dirs, first, last, station):
    return run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--agency", "440606", "--type", "处",
                    "--year", YEAR, "--from", first, "--to", last, "--station", station)


def _enter(capsys, dirs, first, last, station="shunde"):
    return run_json(capsys, "--data-dir", dirs / station, "numbers", "add-block", "--agency", "440606", "--type",
                    "处", "--year", YEAR, "--from", first, "--to", last)


def _blocks(capsys, data_dir) -> list[tuple]:
    return [(b["from"], b["to"], b["station"]) for b in run_json(capsys, "--data-dir", data_dir, "numbers", "blocks")]


def _merged_blocks(data_dir) -> list[str]:
    db = open_db(data_dir)
    try:
        return [r[0] for r in db.execute("SELECT entity_id FROM audit WHERE action = 'merge_create' "
                                         "AND entity = 'number_blocks' ORDER BY seq")]
    finally:
        db.conn.close()


def test_blocks_travel_station_to_headquarters_and_back_and_one_block_entered_twice_stays_one(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    entered = _enter(capsys, dirs, 101, 200)  # the station's own entry of a block it was given by phone
    same = _allocate(capsys, dirs, 301, 400, shunde)  # allocated at headquarters, and entered at the station too
    _enter(capsys, dirs, 301, 400)
    export(capsys, dirs, "shunde", "s1.bundle")
    merged = import_(capsys, dirs, "s1.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["number_blocks"] == {
        "new": 1, "updated": 0, "unchanged": 1, "conflicts": 0}
    assert _blocks(capsys, dirs / "hq") == [(101, 200, shunde), (301, 400, shunde)]
    assert _merged_blocks(dirs / "hq") == [entered["id"]]  # audited as a merged record
    assert run_json(capsys, "--data-dir", dirs / "hq", "audit", "verify")["valid"]
    # headquarters allocates another block to the station and one to Nanhai: the hand-out brings both
    nanhai = _station_id(capsys, dirs / "nanhai")
    _allocate(capsys, dirs, 401, 500, shunde)
    run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--agency", "440605", "--type", "处",
             "--year", YEAR, "--from", 1, "--to", 50, "--station", nanhai)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    back = import_(capsys, dirs, "h1.bundle", at="shunde")
    assert back["conflicts"] == 0 and back["by_table"]["number_blocks"]["new"] == 2
    assert _blocks(capsys, dirs / "shunde") == [(1, 50, nanhai), (101, 200, shunde), (301, 400, shunde),
                                                (401, 500, shunde)]
    assert same["id"] not in {b["id"] for b in run_json(capsys, "--data-dir", dirs / "shunde", "numbers", "blocks")}
    # taking the same hand-out and sending again changes nothing
    export(capsys, dirs, "shunde", "s2.bundle")
    again = import_(capsys, dirs, "s2.bundle")
    assert again["conflicts"] == 0 and again["by_table"]["number_blocks"]["new"] == 0
    assert len(_blocks(capsys, dirs / "hq")) == 4


def test_a_block_overlapping_a_different_one_held_here_is_a_conflict_never_taken(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    _enter(capsys, dirs, 101, 200)  # mistyped at the station: headquarters gave it 150–250
    _allocate(capsys, dirs, 150, 250, shunde)
    export(capsys, dirs, "shunde", "s1.bundle")
    merged = import_(capsys, dirs, "s1.bundle")
    assert merged["conflicts"] == 1 and merged["by_table"]["number_blocks"]["conflicts"] == 1
    assert _blocks(capsys, dirs / "hq") == [(150, 250, shunde)]  # never both
    conflicts = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert [(c["table"], c["field"], c["record"]) for c in conflicts] == [
        ("number_blocks", "_number_block", f"佛顺市监处〔{YEAR}〕101–200号 (station 顺德区局)")]
    assert conflicts[0]["local"] == f"佛顺市监处〔{YEAR}〕150–250号 (station 顺德区局)"
    assert conflicts[0]["incoming"] == f"佛顺市监处〔{YEAR}〕101–200号 (station 顺德区局)"
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflicts[0]["id"],
                          "--take-incoming")
    assert code == 1 and "is never taken (two stations would issue the same 文号)" in err and err.count("\n") == 1
    assert _blocks(capsys, dirs / "hq") == [(150, 250, shunde)]
    # the station's next bundle carries the block again: the open conflict is not repeated
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 1
    assert len(run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")) == 1
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflicts[0]["id"], "--keep-local")
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts") == []
    assert _blocks(capsys, dirs / "hq") == [(150, 250, shunde)]


def _before_blocks(manifest: dict, members: dict) -> None:
    """As the version before number blocks wrote it: no blocks member, no m024 in its schema."""
    members.pop("records/number_blocks.json")
    manifest["counts"].pop("number_blocks")
    manifest["schema"] = [name for name in manifest["schema"] if not name.startswith("m024")]


@pytest.mark.parametrize("at", ["hq", "shunde"])
def test_a_bundle_of_the_version_before_blocks_still_merges(capsys, dirs, at):
    take_headquarters_card(capsys, dirs)
    _enter(capsys, dirs, 101, 200)
    if at == "hq":  # a station's bundle
        export(capsys, dirs, "shunde", "s1.bundle", "--plain")
        _as_written_by(dirs / "shunde", dirs / "s1.bundle", dirs / "old.bundle", _before_blocks)
    else:  # headquarters' hand-out
        export(capsys, dirs, "shunde", "s1.bundle")
        import_(capsys, dirs, "s1.bundle")
        export(capsys, dirs, "hq", "h1.bundle", "--all")
        _as_written_by(dirs / "hq", dirs / "h1.bundle", dirs / "old.bundle", _before_blocks)
    merged = import_(capsys, dirs, "old.bundle", at=at)
    assert merged["conflicts"] == 0 and "number_blocks" not in merged["by_table"]
    assert len(_blocks(capsys, dirs / at)) == (0 if at == "hq" else 1)


def test_the_bundle_members_list_the_blocks(capsys, dirs):
    _enter(capsys, dirs, 7, 9)
    export(capsys, dirs, "shunde", "s1.bundle", "--plain")
    import zipfile

    with zipfile.ZipFile(dirs / "s1.bundle") as archive:
        rows = json.loads(archive.read("records/number_blocks.json"))
    assert [(r["first_serial"], r["last_serial"], r["type_code"]) for r in rows] == [(7, 9, "处")]


def test_blocks_of_two_agencies_with_the_same_serials_are_both_taken(capsys, dirs):
    """The serials of one agency's sequence never clash with another agency's (佛顺市监处〔…〕1–50 and
    佛南市监处〔…〕1–50 are different 文号): a hand-out bringing both adds both."""
    take_headquarters_card(capsys, dirs)
    shunde, nanhai = _station_id(capsys, dirs / "shunde"), _station_id(capsys, dirs / "nanhai")
    _allocate(capsys, dirs, 1, 50, shunde)
    run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--agency", "440605", "--type", "处",
             "--year", YEAR, "--from", 1, "--to", 50, "--station", nanhai)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    back = import_(capsys, dirs, "h1.bundle", at="shunde")
    assert back["conflicts"] == 0 and back["by_table"]["number_blocks"]["new"] == 2
    assert sorted(_blocks(capsys, dirs / "shunde")) == sorted([(1, 50, shunde), (1, 50, nanhai)])


def test_a_block_ending_past_the_largest_serial_is_refused_in_one_line(capsys, dirs, english):  # noqa: F811

    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--agency", "440606", "--type",
                          "处", "--year", YEAR, "--from", "1", "--to", "99999999999999999999", "--station",
                          _station_id(capsys, dirs / "shunde"))
    assert code == 1 and err.startswith("Error: --to: Serial 99999999999999999999 is too large") and err.count("\n") == 1
