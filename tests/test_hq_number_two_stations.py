# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""The same complaints sent to headquarters by one station without their work-order numbers and by another with
them: headquarters keeps one copy of each, carrying the number (the numbered station's copy), whichever bundle
arrives first; the number-less copy it held is deleted (audited) with what referred to it re-pointed, merging the
bundles again changes nothing, and headquarters' hand-out brings no second copy to either station."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from tests.test_complaints12 import NUMBERS, ROWS, fuller, plain
from workstation.bundle.tables import LINKED_LEADS_KEY


def _send_both(capsys, dirs, order, *, at="hq"):
    """Nanhai imports the day's export without numbers, Shunde the one with them; each screens and sends its
    bundle (once); headquarters (``at``) imports them in ``order``: {station: merge summary}."""
    if not (dirs / "shunde.bundle").exists():
        run_json(capsys, "--data-dir", dirs / "nanhai", "complaints", "import", plain(dirs / "无编号.csv"))
        run_json(capsys, "--data-dir", dirs / "shunde", "complaints", "import", fuller(dirs / "工单.csv"))
        for station in ("nanhai", "shunde"):
            run_json(capsys, "--data-dir", dirs / station, "leads", "screen")
            export(capsys, dirs, station, f"{station}.bundle")
    return {station: import_(capsys, dirs, f"{station}.bundle", at=at) for station in order}


def _complaints(data_dir) -> list[tuple]:
    db = open_db(data_dir)
    try:
        return [tuple(r) for r in db.execute("SELECT id, external_id, lead_id, same_as FROM complaints "
                                             "ORDER BY received_at, text")]
    finally:
        db.conn.close()


def _ids(data_dir) -> list[str]:
    db = open_db(data_dir)
    try:
        return [r[0] for r in db.execute("SELECT id FROM complaints ORDER BY received_at, text")]
    finally:
        db.conn.close()


def _linked_leads(data_dir) -> dict:
    db = open_db(data_dir)
    try:
        row = db.execute("SELECT value FROM settings WHERE key = ?", [LINKED_LEADS_KEY]).fetchone()
        return json.loads(row[0]) if row else {}
    finally:
        db.conn.close()


def _state(capsys, dirs, at="hq") -> tuple:
    stats = run_json(capsys, "--data-dir", dirs / at, "stats")
    return _complaints(dirs / at), _linked_leads(dirs / at), stats["leads"], stats["complaints"]


@pytest.mark.parametrize("order", [("nanhai", "shunde"), ("shunde", "nanhai")])
def test_headquarters_keeps_one_numbered_copy_whichever_station_s_bundle_arrives_first(capsys, dirs, order):
    merged = _send_both(capsys, dirs, order)
    assert all(m["conflicts"] == 0 for m in merged.values())
    held = _complaints(dirs / "hq")
    assert [n for _id, n, _lead, _same in held] == NUMBERS
    assert [cid for cid, *_rest in held] == _ids(dirs / "shunde")
    # the harassment call each station grouped into a lead counts once at headquarters, as at each station
    stats = run_json(capsys, "--data-dir", dirs / "hq", "stats")
    assert stats["leads"]["total"] == run_json(capsys, "--data-dir", dirs / "shunde", "stats")["leads"]["total"]
    assert stats["complaints"]["imported"] == 3
    # Nanhai's lead is linked to a complaint still held
    links = _linked_leads(dirs / "hq")
    assert links and set(links.values()) <= set(_ids(dirs / "shunde"))


def test_both_arrival_orders_end_in_the_same_state(capsys, dirs):
    shutil.copytree(dirs / "hq", dirs / "hq2")
    _send_both(capsys, dirs, ("nanhai", "shunde"))
    _send_both(capsys, dirs, ("shunde", "nanhai"), at="hq2")
    assert _state(capsys, dirs) == _state(capsys, dirs, "hq2")


def test_the_number_less_copy_is_deleted_audited_and_what_referred_to_it_follows(capsys, dirs):
    run_json(capsys, "--data-dir", dirs / "nanhai", "complaints", "import", plain(dirs / "无编号.csv", ROWS[:1]))
    run_json(capsys, "--data-dir", dirs / "shunde", "complaints", "import",
             fuller(dirs / "工单.csv", ROWS[:1], NUMBERS[:1]))
    export(capsys, dirs, "nanhai", "nanhai.bundle")
    assert import_(capsys, dirs, "nanhai.bundle")["by_table"]["complaints"]["new"] == 1
    (nanhai_copy,) = _ids(dirs / "hq")
    hq = open_db(dirs / "hq")
    with hq.atomic():  # the same complaint through the consumer council, linked to Nanhai's copy
        hq.execute("INSERT INTO complaints (id, source, external_id, text, created_at, same_as) VALUES "
                   "('council-copy', 'consumer_council', 'TS001', ?, '2026-03-05T17:00:00+08:00', ?)",
                   [ROWS[0][2], nanhai_copy])
    hq.conn.close()
    export(capsys, dirs, "shunde", "shunde.bundle")
    merged = import_(capsys, dirs, "shunde.bundle")
    assert merged["conflicts"] == 0
    (shunde_copy,) = _ids(dirs / "shunde")
    hq = open_db(dirs / "hq")
    try:
        assert hq.execute("SELECT id, external_id FROM complaints WHERE source = '12345'").fetchall() == [
            (shunde_copy, NUMBERS[0])]
        assert hq.execute("SELECT same_as FROM complaints WHERE id = 'council-copy'").fetchone()[0] == shunde_copy
        actions = hq.execute("SELECT action, entity_id FROM audit WHERE entity = 'complaints' AND action LIKE "
                             "'merge_%' ORDER BY seq").fetchall()
        assert ("merge_delete", nanhai_copy) in actions and ("merge_update", "council-copy") in actions
        assert actions.index(("merge_create", shunde_copy)) < actions.index(("merge_delete", nanhai_copy))
    finally:
        hq.conn.close()


@pytest.mark.parametrize("order", [("nanhai", "shunde"), ("shunde", "nanhai")])
def test_merging_the_bundles_again_and_everything_again_changes_nothing(capsys, dirs, order):
    _send_both(capsys, dirs, order)
    before = _state(capsys, dirs)
    for station in order:
        assert import_(capsys, dirs, f"{station}.bundle")["already_imported"] is True
        export(capsys, dirs, station, f"{station}-all.bundle", "--all")
    for station in order:
        merged = import_(capsys, dirs, f"{station}-all.bundle")
        assert merged["by_table"]["complaints"]["new"] == 0
        assert merged["by_table"]["complaints"]["updated"] == 0
    assert _state(capsys, dirs) == before


@pytest.mark.parametrize("order", [("nanhai", "shunde"), ("shunde", "nanhai")])
def test_headquarters_hand_out_brings_no_second_copy_to_either_station(capsys, dirs, order):
    _send_both(capsys, dirs, order)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    for station in ("nanhai", "shunde"):
        before = _ids(dirs / station)
        take_headquarters_card(capsys, dirs, station)
        merged = import_(capsys, dirs, "h1.bundle", at=station)
        assert merged["by_table"]["complaints"]["new"] == 0
        assert len(_ids(dirs / station)) == 3 and _ids(dirs / station) == before
    # and what the stations send next adds nothing at headquarters
    before = _state(capsys, dirs)
    for station in ("nanhai", "shunde"):
        export(capsys, dirs, station, f"{station}-2.bundle", "--all")
        assert import_(capsys, dirs, f"{station}-2.bundle")["by_table"]["complaints"]["new"] == 0
    assert _state(capsys, dirs) == before


def test_a_station_holding_the_number_less_copy_from_a_hand_out_takes_the_numbered_one_in_its_place(capsys, dirs):
    run_json(capsys, "--data-dir", dirs / "禅城", "init", "--agency", "440604", "--station-name", "禅城区局")
    take_headquarters_card(capsys, dirs, "禅城")
    run_json(capsys, "--data-dir", dirs / "nanhai", "complaints", "import", plain(dirs / "无编号.csv"))
    export(capsys, dirs, "nanhai", "nanhai.bundle")
    import_(capsys, dirs, "nanhai.bundle")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    assert import_(capsys, dirs, "h1.bundle", at="禅城")["by_table"]["complaints"]["new"] == 3
    run_json(capsys, "--data-dir", dirs / "shunde", "complaints", "import", fuller(dirs / "工单.csv"))
    export(capsys, dirs, "shunde", "shunde.bundle")
    import_(capsys, dirs, "shunde.bundle")
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    import_(capsys, dirs, "h2.bundle", at="禅城")
    assert [(cid, n) for cid, n, _lead, _same in _complaints(dirs / "禅城")] == \
        [(cid, n) for cid, n, _lead, _same in _complaints(dirs / "hq")] == list(zip(_ids(dirs / "shunde"), NUMBERS,
                                                                                  strict=True))
