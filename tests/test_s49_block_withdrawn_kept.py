# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A block restored at headquarters under its station's id (the station's own entry of it) stays out of the
withdrawals after another block is withdrawn there: the new withdrawal keeps the stored entry of the restored one
(``remember_withdrawn``), by which ``block_withdrawals`` knows it is held again."""

from __future__ import annotations

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from tests.test_number_blocks_withdraw import _numbers, _station_id
from tests.test_s49_block_withdrawals import _allocate, _hq_blocks, _issue_at_shunde


def test_a_block_restored_under_the_station_s_id_stays_out_of_later_withdrawals(capsys, dirs, english):
    from workstation.documents.number_blocks import block_withdrawals, withdrawn_blocks

    take_headquarters_card(capsys, dirs)
    shunde, other = _station_id(capsys, dirs / "shunde"), _station_id(capsys, dirs / "hq")
    _allocate(capsys, dirs, 4, 10, shunde, "询")
    run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("add-block", "440606", "询", 4, 10))  # the paper notice
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")  # the same block: Shunde keeps its own entry of it
    _issue_at_shunde(capsys, dirs)
    db = open_db(dirs / "hq")
    try:
        (allocated,) = db.execute("SELECT id FROM number_blocks").fetchone()
    finally:
        db.conn.close()
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "询", 4, 10))
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    import_(capsys, dirs, "h2.bundle", at="shunde")  # refused there: a number of it is issued
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    assert _hq_blocks(capsys, dirs) == [(4, 10, shunde)]  # restored as the station's
    db = open_db(dirs / "hq")
    try:
        (held,) = db.execute("SELECT id FROM number_blocks").fetchone()
    finally:
        db.conn.close()
    assert held != allocated  # under Shunde's id
    _allocate(capsys, dirs, 1, 50, other)  # another block, withdrawn at headquarters afterwards
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "处", 1, 50))
    db = open_db(dirs / "hq")
    try:
        withdrawn = {w["id"] for w in block_withdrawals(db)}
        assert allocated not in withdrawn and held not in withdrawn
        assert allocated not in withdrawn_blocks(db)
        assert len(withdrawn) == 1  # the new withdrawal only
    finally:
        db.conn.close()
