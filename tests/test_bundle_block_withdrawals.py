# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Withdrawals of number blocks (号段) travel in bundles both ways: headquarters' withdrawal removes the station's copy
of the block (allocated there or entered at the station under another id) unless the station issued a serial of it,
which is a conflict naming the highest, the block kept; a station's withdrawal of a block it entered removes it at
headquarters; merging again changes nothing; a bundle without withdrawals (an older version's) still merges, and a
withdrawal altered after signing is refused like any record."""

from __future__ import annotations

import json
import zipfile

from tests.helpers import db_digest, open_db, run_json
from tests.test_bundle_common_base import _as_written_by
from tests.test_bundle_hq import (  # noqa: F401
    _rewrite,
    dirs,
    export,
    import_,
    refused,
    take_headquarters_card,
    template,
)
from tests.test_number_blocks_withdraw import YEAR, _blocks, _issued_outside_blocks, _numbers, _station_id

MEMBER = "records/number_block_withdrawals.json"


def _withdrawal_audit(data_dir) -> list[str]:
    db = open_db(data_dir)
    try:
        return [r[0] for r in db.execute("SELECT entity_id FROM audit WHERE entity = 'number_block' "
                                         "AND action = 'merge_withdraw' ORDER BY seq")]
    finally:
        db.conn.close()


def _allocate(capsys, dirs, first, last, station):
    return run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440606", "处", first, last),
                    "--station", station)


def test_headquarters_withdrawal_reaches_the_station_and_merging_again_changes_nothing(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    _allocate(capsys, dirs, 1, 50, shunde)  # entered at the station by hand too: two ids, one block
    entered = run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("add-block", "440606", "处", 1, 50))
    _allocate(capsys, dirs, 51, 100, shunde)  # taken from the hand-out: the same id on both sides
    kept = _allocate(capsys, dirs, 101, 150, shunde)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    assert [(b[1], b[2]) for b in _blocks(capsys, dirs / "shunde")] == [(1, 50), (51, 100), (101, 150)]
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "处", 1, 50))
    handed = run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "处", 51, 100))
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    merged = import_(capsys, dirs, "h2.bundle", at="shunde")
    assert merged["conflicts"] == 0 and merged["by_table"]["number_blocks"]["updated"] == 2
    assert [(b[1], b[2]) for b in _blocks(capsys, dirs / "shunde")] == [(101, 150)]
    assert sorted(_withdrawal_audit(dirs / "shunde")) == sorted([entered["id"], handed["id"]])
    assert run_json(capsys, "--data-dir", dirs / "shunde", "audit", "verify")["valid"]
    # the same bundle again, and the next hand-out carrying the same withdrawals, change nothing
    before = db_digest(dirs / "shunde")
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["already_imported"]
    assert db_digest(dirs / "shunde") == before
    export(capsys, dirs, "hq", "h3.bundle", "--all")
    again = import_(capsys, dirs, "h3.bundle", at="shunde")
    assert again["conflicts"] == 0 and again["by_table"]["number_blocks"] == {
        "new": 0, "updated": 0, "unchanged": 1, "conflicts": 0}
    assert len(_withdrawal_audit(dirs / "shunde")) == 2
    assert [b["id"] for b in run_json(capsys, "--data-dir", dirs / "shunde", "numbers", "blocks")] == [kept["id"]]
    # the station's next bundle carries the blocks it still holds: headquarters does not get the withdrawn back
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    assert [(b[1], b[2]) for b in _blocks(capsys, dirs / "hq")] == [(101, 150)]


def test_a_withdrawal_of_a_block_the_station_issued_from_is_a_conflict_and_the_block_stays(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    _allocate(capsys, dirs, 1, 50, shunde)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    _issued_outside_blocks(dirs / "shunde", "440606", 3)  # issued at the station before its bundle reached HQ
    _issued_outside_blocks(dirs / "shunde", "440606", 7)
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "处", 1, 50))
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    merged = import_(capsys, dirs, "h2.bundle", at="shunde")
    assert merged["conflicts"] == 1 and merged["by_table"]["number_blocks"]["conflicts"] == 1
    assert [(b[1], b[2]) for b in _blocks(capsys, dirs / "shunde")] == [(1, 50)]
    [conflict] = run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "conflicts")
    assert (conflict["table"], conflict["field"]) == ("number_blocks", "_number_block")
    assert conflict["local"] == f"佛顺市监处〔{YEAR}〕1–50号 (station 顺德区局): issued here up to 7号"
    assert conflict["incoming"] == "Withdrawn at station 佛山市局"
    assert _withdrawal_audit(dirs / "shunde") == []
    # kept here: the next hand-out, which carries the withdrawal again, raises no conflict
    run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "resolve", conflict["id"], "--keep-local")
    export(capsys, dirs, "hq", "h3.bundle", "--all")
    assert import_(capsys, dirs, "h3.bundle", at="shunde")["conflicts"] == 0
    assert run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "conflicts") == []
    assert [(b[1], b[2]) for b in _blocks(capsys, dirs / "shunde")] == [(1, 50)]


def test_a_station_s_withdrawal_reaches_headquarters_and_only_of_its_own_blocks(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    shunde, nanhai = _station_id(capsys, dirs / "shunde"), _station_id(capsys, dirs / "nanhai")
    allocated = _allocate(capsys, dirs, 1, 50, shunde)  # and entered at the station under its own id
    run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("add-block", "440606", "处", 1, 50))
    other = run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440605", "处", 51, 100),
                     "--station", nanhai)
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    assert len(_blocks(capsys, dirs / "hq")) == 2
    run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("withdraw", "440606", "处", 1, 50))
    export(capsys, dirs, "shunde", "s2.bundle", "--plain")

    def naming_nanhai_s_block(manifest: dict, members: dict) -> None:  # a station withdrawing another's block
        withdrawals = json.loads(members[MEMBER])
        members[MEMBER] = json.dumps([*withdrawals, {"id": other["id"]}]).encode()

    _as_written_by(dirs / "shunde", dirs / "s2.bundle", dirs / "s2x.bundle", naming_nanhai_s_block)
    merged = import_(capsys, dirs, "s2x.bundle")
    assert merged["by_table"]["number_blocks"]["updated"] == 1 and merged["conflicts"] == 0
    assert [(b["from"], b["to"], b["station"]) for b in run_json(capsys, "--data-dir", dirs / "hq", "numbers",
                                                                  "blocks")] == [(51, 100, nanhai)]
    assert _withdrawal_audit(dirs / "hq") == [allocated["id"]]
    assert run_json(capsys, "--data-dir", dirs / "hq", "audit", "verify")["valid"]


def test_a_bundle_without_withdrawals_still_merges(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    _allocate(capsys, dirs, 1, 50, _station_id(capsys, dirs / "shunde"))
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "处", 1, 50))
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    _as_written_by(dirs / "hq", dirs / "h2.bundle", dirs / "old.bundle",
                   lambda manifest, members: members.pop(MEMBER))
    merged = import_(capsys, dirs, "old.bundle", at="shunde")
    assert merged["conflicts"] == 0 and not merged["already_imported"]
    assert [(b[1], b[2]) for b in _blocks(capsys, dirs / "shunde")] == [(1, 50)]  # no withdrawal came


def test_an_altered_or_malformed_withdrawal_is_refused(capsys, dirs, english):
    run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("add-block", "440606", "处", 1, 50))
    run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("withdraw", "440606", "处", 1, 50))
    export(capsys, dirs, "shunde", "good.bundle", "--plain")
    with zipfile.ZipFile(dirs / "good.bundle") as archive:
        [withdrawal] = json.loads(archive.read(MEMBER))
    assert (withdrawal["first_serial"], withdrawal["last_serial"], withdrawal["type_code"]) == (1, 50, "处")
    _rewrite(dirs / "good.bundle", dirs / "altered.bundle",
             lambda name, data: data.replace(b'"last_serial":50', b'"last_serial":60') if name == MEMBER else data)
    assert f"{MEMBER} does not match the sha256 in the signed manifest" in refused(capsys, dirs, "altered.bundle")

    def malformed(manifest: dict, members: dict) -> None:
        members[MEMBER] = json.dumps([{"id": withdrawal["id"], "first_serial": "1"}]).encode()

    _as_written_by(dirs / "shunde", dirs / "good.bundle", dirs / "malformed.bundle", malformed)
    assert f"{MEMBER} is not a list of withdrawn number blocks" in refused(capsys, dirs, "malformed.bundle")
