# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters' hand-out for a station carries every number block (号段) of the station's agency, not only its own:
a station counting on its own (holding no block) then skips the blocks of the other stations of its bureau, whose
文号 share its sequence, and never issues one of their serials; it holds those blocks as another station's (never
issued from here, never withdrawn here) and drops them when headquarters withdraws them. Blocks of another agency's
sequence stay at headquarters. Taking headquarters' card again after its bundles were imported updates it in place
(a new key of the same headquarters too); a card of another headquarters is refused clearly once bundles of the
first were taken."""

from __future__ import annotations

import base64
import json

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import dirs, import_, take_headquarters_card, template  # noqa: F401
from tests.test_number_blocks_withdraw import YEAR, _issued_outside_blocks, _numbers, _station_id


def _second_shunde_station(capsys, dirs) -> str:
    """A second laptop of the Shunde bureau (顺德区局二组), trusted at headquarters; its id."""
    run_json(capsys, "--data-dir", dirs / "shunde2", "init", "--agency", "440606", "--station-name", "顺德区局二组")
    run_json(capsys, "--data-dir", dirs / "shunde2", "station", "export", "-o", dirs / "shunde2.card")
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "shunde2.card")
    return _station_id(capsys, dirs / "shunde2")


def _hand_out(capsys, dirs, name, station="顺德区局"):
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / name, "--for", station)
    return import_(capsys, dirs, name, at="shunde")


def _next_serial(data_dir) -> int | None:
    from workstation.documents.number_blocks import choose_serial

    db = open_db(data_dir)
    try:
        owner = db.execute("SELECT id FROM agencies WHERE code = '440606'").fetchone()[0]
        return choose_serial(db, owner, "处", int(YEAR))
    finally:
        db.conn.close()


def test_a_station_counting_on_its_own_skips_the_blocks_of_the_other_stations_of_its_bureau(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    second = _second_shunde_station(capsys, dirs)
    nanhai = _station_id(capsys, dirs / "nanhai")
    for serial in (1, 2):  # Shunde numbers on its own, holding no block
        _issued_outside_blocks(dirs / "shunde", "440606", serial)
    # headquarters gives the second Shunde laptop 6–10, and Nanhai (another bureau) a block of its own sequence
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440606", "处", 6, 10), "--station", second)
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440605", "处", 1, 50), "--station", nanhai)
    merged = _hand_out(capsys, dirs, "h1.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["number_blocks"]["new"] == 1
    blocks = run_json(capsys, "--data-dir", dirs / "shunde", "numbers", "blocks")
    assert [(b["agency"], b["from"], b["to"], b["station"], b["own"]) for b in blocks] == [
        ("440606", 6, 10, second, False)]
    # Shunde counts on 3, 4, 5, then past the second laptop's block: never its 6
    assert _next_serial(dirs / "shunde") == 3
    for serial in (3, 4, 5):
        _issued_outside_blocks(dirs / "shunde", "440606", serial)
    assert _next_serial(dirs / "shunde") == 11
    # the block is not Shunde's: it cannot withdraw it
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", *_numbers("withdraw", "440606", "处", 6, 10))
    assert code != 0 and "only headquarters withdraws it" in err
    # Shunde's bundle brings the block back to headquarters unchanged
    run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "export", "-o", dirs / "s1.bundle")
    back = import_(capsys, dirs, "s1.bundle")
    assert back["conflicts"] == 0 and back["by_table"]["number_blocks"]["new"] == 0
    assert {(b["from"], b["to"], b["station"]) for b in run_json(capsys, "--data-dir", dirs / "hq", "numbers",
                                                                "blocks")} == {(6, 10, second), (1, 50, nanhai)}
    assert shunde not in {b["station"] for b in run_json(capsys, "--data-dir", dirs / "hq", "numbers", "blocks")}
    # headquarters withdraws the second laptop's block: Shunde's copy goes too, and it counts on from 6
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "处", 6, 10))
    withdrawn = _hand_out(capsys, dirs, "h2.bundle")
    assert withdrawn["conflicts"] == 0
    assert run_json(capsys, "--data-dir", dirs / "shunde", "numbers", "blocks") == []
    assert _next_serial(dirs / "shunde") == 6


def test_a_station_holding_blocks_of_its_own_still_issues_inside_them_only(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    second = _second_shunde_station(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440606", "处", 1, 5), "--station", second)
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440606", "处", 6, 7), "--station", shunde)
    merged = _hand_out(capsys, dirs, "h1.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["number_blocks"]["new"] == 2
    assert _next_serial(dirs / "shunde") == 6
    for serial in (6, 7):
        _issued_outside_blocks(dirs / "shunde", "440606", serial)
    assert _next_serial(dirs / "shunde") is None  # used up: the other laptop's 1–5 are never taken here


# ---- taking headquarters' card again

def _hq_row(data_dir) -> dict:
    db = open_db(data_dir)
    try:
        row = db.execute("SELECT id, sign_key, fingerprint, role, audit_seq, audit_head FROM stations "
                         "WHERE role = 'hq'").fetchone()
        return dict(zip(("id", "sign_key", "fingerprint", "role", "audit_seq", "audit_head"), row, strict=True))
    finally:
        db.conn.close()


def _card_with_new_key(dirs, file_name, **changed) -> dict:
    """Headquarters' card with a new signing and encryption key (and ``changed`` fields)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from workstation.station import _raw_public, fingerprint

    card = json.loads((dirs / "hq.card").read_text(encoding="utf-8"))
    card["sign_key"] = base64.b64encode(_raw_public(Ed25519PrivateKey.generate())).decode("ascii")
    card["box_key"] = base64.b64encode(_raw_public(X25519PrivateKey.generate())).decode("ascii")
    card["fingerprint"] = fingerprint(card["sign_key"])
    card.update(changed)
    (dirs / file_name).write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
    return card


def test_headquarters_card_taken_again_after_its_bundles_were_imported_updates_it_in_place(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    _hand_out(capsys, dirs, "h1.bundle")
    taken = _hq_row(dirs / "shunde")
    assert taken["audit_seq"] > 0
    again = run_json(capsys, "--data-dir", dirs / "shunde", "station", "headquarters", dirs / "hq.card")
    assert again["id"] == taken["id"] and _hq_row(dirs / "shunde") == taken  # its audit position kept
    # a new key of the same headquarters: the row takes the key, and keeps what was received from it
    card = _card_with_new_key(dirs, "hq-new-key.card")
    # (the new key taken only with the fingerprint headquarters reads out, since session 57)
    renewed = run_json(capsys, "--data-dir", dirs / "shunde", "station", "headquarters", dirs / "hq-new-key.card",
                       "--fingerprint", card["fingerprint"])
    assert renewed["fingerprint"] == card["fingerprint"]
    assert _hq_row(dirs / "shunde") == {**taken, "sign_key": card["sign_key"], "fingerprint": card["fingerprint"]}
    assert run_json(capsys, "--data-dir", dirs / "shunde", "audit", "verify")["valid"]


def test_another_headquarters_card_is_refused_clearly_once_bundles_of_the_first_were_taken(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    _hand_out(capsys, dirs, "h1.bundle")
    taken = _hq_row(dirs / "shunde")
    _card_with_new_key(dirs, "other-hq.card", id="5d0c0f6e-0000-4000-8000-000000000001", name="另一总部")
    code, out, err = run(capsys, "--data-dir", dirs / "shunde", "station", "headquarters", dirs / "other-hq.card")
    assert code != 0 and "Traceback" not in out + err and "internal error" not in err.lower()
    assert "另一总部" in err and "佛山市局" in err
    assert _hq_row(dirs / "shunde") == taken  # nothing changed


def test_another_headquarters_card_replaces_one_no_bundle_came_from(capsys, dirs):
    run_json(capsys, "--data-dir", dirs / "shunde", "station", "headquarters", dirs / "hq.card")
    card = _card_with_new_key(dirs, "other-hq.card", id="5d0c0f6e-0000-4000-8000-000000000001", name="另一总部")
    run_json(capsys, "--data-dir", dirs / "shunde", "station", "headquarters", dirs / "other-hq.card",
             "--fingerprint", card["fingerprint"])
    assert _hq_row(dirs / "shunde")["id"] == card["id"]
    stations = run_json(capsys, "--data-dir", dirs / "shunde", "station", "list")
    assert [s["role"] for s in stations] == ["self", "hq"]
