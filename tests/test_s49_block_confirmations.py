# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""When a withdrawn number block (号段) needs no confirmation from its station before its range goes to another
station: withdrawn before any hand-out carried it, or withdrawn by the station itself (its own copy, entered with
`numbers add-block`); headquarters' way out for a lost laptop (`numbers allocate --despite-withdrawal`, audited); a
block restored at headquarters is no longer handed out as withdrawn; a station's refusal of another station's block
does not reach headquarters as its own."""

from __future__ import annotations

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from tests.test_number_blocks_withdraw import _blocks, _numbers, _station_id
from tests.test_s49_block_withdrawals import (
    _allocate,
    _hq_blocks,
    _issue_at_shunde,
    _refused_allocation,
)


def _round_trips(capsys, dirs, times=1, start=0):
    for i in range(start, start + times):
        export(capsys, dirs, "hq", f"h{i}.bundle", "--all")
        import_(capsys, dirs, f"h{i}.bundle", at="shunde")
        export(capsys, dirs, "shunde", f"s{i}.bundle")
        import_(capsys, dirs, f"s{i}.bundle")


def test_a_block_withdrawn_before_any_hand_out_frees_its_range_at_once(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    shunde, other = _station_id(capsys, dirs / "shunde"), _station_id(capsys, dirs / "hq")
    _allocate(capsys, dirs, 1, 50, shunde)  # a slip: meant for the other station
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "处", 1, 50))
    _round_trips(capsys, dirs, 2)
    assert _blocks(capsys, dirs / "shunde") == []
    _allocate(capsys, dirs, 1, 50, other)
    assert _hq_blocks(capsys, dirs) == [(1, 50, other)]


def test_a_block_withdrawn_after_a_hand_out_still_waits_for_the_station(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    shunde, other = _station_id(capsys, dirs / "shunde"), _station_id(capsys, dirs / "hq")
    _allocate(capsys, dirs, 1, 50, shunde)
    export(capsys, dirs, "hq", "h.bundle", "--all")  # left headquarters, not yet imported there
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "处", 1, 50))
    _refused_allocation(capsys, dirs, 1, 50, other)


def test_the_station_withdrawing_its_own_entry_of_the_block_gives_it_up(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    shunde, other = _station_id(capsys, dirs / "shunde"), _station_id(capsys, dirs / "hq")
    _allocate(capsys, dirs, 1, 50, shunde)
    export(capsys, dirs, "hq", "h.bundle", "--all")  # the hand-out left; the station enters the paper notice
    run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("add-block", "440606", "处", 1, 50))
    run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("withdraw", "440606", "处", 1, 50))
    export(capsys, dirs, "shunde", "s.bundle")
    import_(capsys, dirs, "s.bundle")
    assert _hq_blocks(capsys, dirs) == []
    _round_trips(capsys, dirs, 1)
    _allocate(capsys, dirs, 1, 50, other)
    assert _hq_blocks(capsys, dirs) == [(1, 50, other)]


def test_headquarters_allocates_despite_an_unconfirmed_withdrawal_audited(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    shunde, other = _station_id(capsys, dirs / "shunde"), _station_id(capsys, dirs / "hq")
    _allocate(capsys, dirs, 1, 50, shunde)
    export(capsys, dirs, "hq", "h.bundle", "--all")
    import_(capsys, dirs, "h.bundle", at="shunde")
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "处", 1, 50))
    assert "--despite-withdrawal" in _refused_allocation(capsys, dirs, 1, 50, other)  # the laptop was lost
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440606", "处", 1, 50), "--station", other,
             "--despite-withdrawal")
    assert _hq_blocks(capsys, dirs) == [(1, 50, other)]
    db = open_db(dirs / "hq")
    try:
        assert db.execute("SELECT 1 FROM audit WHERE entity = 'number_block' AND action = 'allocate_despite_withdrawal'"
                          ).fetchone() is not None
    finally:
        db.conn.close()


def test_a_block_restored_at_headquarters_is_no_longer_handed_out_as_withdrawn(capsys, dirs, english):
    from workstation.documents.number_blocks import block_withdrawals, withdrawn_blocks

    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    _allocate(capsys, dirs, 4, 10, shunde, "询")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    _issue_at_shunde(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "询", 4, 10))
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    import_(capsys, dirs, "h2.bundle", at="shunde")  # refused there: a number of it is issued
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    assert _hq_blocks(capsys, dirs) == [(4, 10, shunde)]  # restored as the station's
    db = open_db(dirs / "hq")
    try:
        (held,) = db.execute("SELECT id FROM number_blocks").fetchone()
        assert held not in withdrawn_blocks(db)
        assert held not in {w["id"] for w in block_withdrawals(db)}
    finally:
        db.conn.close()


def test_a_station_s_conflict_over_another_station_s_block_is_not_its_refusal(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    other = _station_id(capsys, dirs / "hq")
    run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("add-block", "440606", "处", 1, 50))
    _allocate(capsys, dirs, 1, 50, other)  # headquarters does not know of Shunde's entry yet
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    assert import_(capsys, dirs, "h1.bundle", at="shunde")["conflicts"] >= 1
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    conflicts = [c for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
                 if c["table"] == "number_blocks"]
    assert not any("refused" in str(c["incoming"]) for c in conflicts), conflicts


def test_another_station_takes_a_block_restored_at_headquarters_back(capsys, dirs, english):
    from tests.test_s49_handout_blocks import _second_shunde_station

    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    _second_shunde_station(capsys, dirs)
    take_headquarters_card(capsys, dirs, "shunde2")
    _allocate(capsys, dirs, 4, 10, shunde, "询")
    for name, at in (("h1.bundle", "shunde"), ("g1.bundle", "shunde2")):
        export(capsys, dirs, "hq", name, "--all")
        import_(capsys, dirs, name, at=at)
    assert [(b[1], b[2]) for b in _blocks(capsys, dirs / "shunde2")] == [(4, 10)]  # Shunde's: skipped there
    _issue_at_shunde(capsys, dirs)  # before the withdrawal reached Shunde
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "询", 4, 10))
    for name, at in (("h2.bundle", "shunde"), ("g2.bundle", "shunde2")):
        export(capsys, dirs, "hq", name, "--all")
        import_(capsys, dirs, name, at=at)
    assert _blocks(capsys, dirs / "shunde2") == []  # the second laptop took the withdrawal
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    assert _hq_blocks(capsys, dirs) == [(4, 10, shunde)]  # restored as Shunde's
    export(capsys, dirs, "hq", "g3.bundle", "--all")
    import_(capsys, dirs, "g3.bundle", at="shunde2")
    assert [(b[1], b[2]) for b in _blocks(capsys, dirs / "shunde2")] == [(4, 10)]  # taken back: skipped again
