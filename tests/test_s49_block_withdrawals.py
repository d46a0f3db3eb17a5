# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A withdrawal of a number block (号段) the station refused: the station's next bundle brings the block back to
headquarters as the station's (a conflict there), and the range is not given to another station until the station
confirmed giving the block up; a station's refusal of a block reaches headquarters as a conflict; a station takes
blocks and withdrawals from its designated headquarters only."""

from __future__ import annotations

from tests.helpers import run, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from tests.test_number_blocks_withdraw import YEAR, _blocks, _issued_outside_blocks, _numbers, _station_id
from tests.test_numbering_hold import SHUNDE_CASE, _summons


def _allocate(capsys, dirs, first, last, station, type_code="处"):
    return run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440606", type_code, first, last),
                    "--station", station)


def _refused_allocation(capsys, dirs, first, last, station, type_code="处") -> str:
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440606", type_code, first, last),
                          "--station", station)
    assert code != 0
    return err


def _issue_at_shunde(capsys, dirs) -> str:
    """A 询问通知书 issued at Shunde for its case: its 文号."""
    out = dirs / f"inquiry{len(list(dirs.glob('inquiry*.pdf')))}.pdf"
    return run_json(capsys, "--data-dir", dirs / "shunde", "docs", "issue", SHUNDE_CASE, "--form", "inquiry_notice",
                    "--values", _summons(dirs), "-o", out)["number"]


def _block_refused_at_shunde(capsys, dirs) -> str:
    """Shunde, having issued 处 1 and 2 outside its blocks, refuses the block 1–5 headquarters allocates it (one
    conflict there): Shunde's station id."""
    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    _issued_outside_blocks(dirs / "shunde", "440606", 1)
    _issued_outside_blocks(dirs / "shunde", "440606", 2)
    _allocate(capsys, dirs, 1, 5, shunde)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    assert import_(capsys, dirs, "h1.bundle", at="shunde")["conflicts"] == 1
    return shunde


def _hq_blocks(capsys, dirs) -> list[tuple]:
    return [(b["from"], b["to"], b["station"]) for b in run_json(capsys, "--data-dir", dirs / "hq", "numbers",
                                                                  "blocks")]


def test_a_refused_withdrawal_brings_the_block_back_to_headquarters_and_blocks_reallocation(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    shunde, other = _station_id(capsys, dirs / "shunde"), _station_id(capsys, dirs / "hq")  # of the city bureau
    _allocate(capsys, dirs, 4, 10, shunde, "询")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    # issued at the station, not yet seen at headquarters
    assert [_issue_at_shunde(capsys, dirs) for _ in range(2)] == [
        f"佛顺市监询〔{YEAR}〕4号", f"佛顺市监询〔{YEAR}〕5号"]
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "询", 4, 10))
    # not confirmed by the station yet: the range goes to no other station
    refused = _refused_allocation(capsys, dirs, 6, 10, other, "询")
    assert "顺德区局" in refused and "4–10" in refused
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["conflicts"] == 1  # refused at the station
    export(capsys, dirs, "shunde", "s1.bundle")
    merged = import_(capsys, dirs, "s1.bundle")
    assert merged["by_table"]["number_blocks"]["conflicts"] >= 1
    assert _hq_blocks(capsys, dirs) == [(4, 10, shunde)]  # the station's again: its numbers are not given twice
    conflicts = [c for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
                 if c["table"] == "number_blocks"]
    assert conflicts and any("5号" in str(c["incoming"]) for c in conflicts)
    _refused_allocation(capsys, dirs, 6, 10, other, "询")


def test_a_withdrawal_the_station_applied_frees_the_range(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    shunde, other = _station_id(capsys, dirs / "shunde"), _station_id(capsys, dirs / "hq")  # of the city bureau
    _allocate(capsys, dirs, 1, 50, shunde)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "处", 1, 50))
    _refused_allocation(capsys, dirs, 1, 50, other)
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    import_(capsys, dirs, "h2.bundle", at="shunde")
    assert _blocks(capsys, dirs / "shunde") == []
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    _allocate(capsys, dirs, 1, 50, other)
    assert _hq_blocks(capsys, dirs) == [(1, 50, other)]


def test_a_station_s_refusal_of_a_block_reaches_headquarters(capsys, dirs, english):
    _block_refused_at_shunde(capsys, dirs)
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    conflicts = [c for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
                 if c["table"] == "number_blocks"]
    assert len(conflicts) == 1
    assert "顺德区局" in conflicts[0]["incoming"] and "2号" in conflicts[0]["incoming"]
    assert "1–5" in conflicts[0]["local"]
    # the same refusal in the next bundle is not recorded again
    export(capsys, dirs, "shunde", "s2.bundle")
    import_(capsys, dirs, "s2.bundle")
    assert len([c for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
                if c["table"] == "number_blocks"]) == 1


def test_a_station_takes_blocks_and_withdrawals_from_its_designated_headquarters_only(capsys, dirs):
    run_json(capsys, "--data-dir", dirs / "shunde", "station", "trust", dirs / "hq.card")  # not named headquarters
    shunde = _station_id(capsys, dirs / "shunde")
    _allocate(capsys, dirs, 1, 50, shunde)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    result = import_(capsys, dirs, "h1.bundle", at="shunde")
    assert _blocks(capsys, dirs / "shunde") == []
    assert "station headquarters" in result["blocks_ignored"]  # the import says why the blocks were not taken
