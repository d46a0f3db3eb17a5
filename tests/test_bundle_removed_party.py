# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A party taken off a case after a step was recorded or a document issued for it: the bundle still carries the
party (the step's ``case_events.party_id``, the document's recorded party in its values), so that headquarters
takes the bundle and keeps the step and the document's party, and headquarters' hand-out carries it on to the
other stations."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.helpers import open_db
from tests.test_bundle_hq import STATIONS, dirs, export, import_, take_headquarters_card, template  # noqa: F401
from tests.test_law_guards import APPEARANCE
from workstation import party_notices
from workstation.documents.addressee import PARTY_KEY
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.procedure import _party_events
from workstation.records import Party
from workstation.store import get_case, save_party, update_case

CASE = STATIONS["nanhai"][2]


def _second_party(data_dir) -> tuple:
    """Nanhai's database (open), its case with a second party 陈某 added, the case's first party and 陈某's id."""
    db = open_db(data_dir)
    case_id, first = db.execute("SELECT case_id, party_id FROM case_parties").fetchone()
    other = save_party(db, Party(name="陈某", kind="person", id_number="11010519491231002X",
                                 address="佛山市南海区桂城街道1号")).id
    case = update_case(db, replace(get_case(db, case_id), party_ids=[first, other]))
    return db, case, first, other


def _taken_off(db, case, first) -> None:
    update_case(db, replace(get_case(db, case.id), party_ids=[first]))
    db.conn.close()


def _party_name(data_dir, party_id) -> tuple | None:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT name FROM parties WHERE id = ?", [party_id]).fetchone()
    finally:
        db.conn.close()


def test_a_step_recorded_for_a_party_taken_off_the_case_since_reaches_headquarters(capsys, dirs):
    db, case, first, other = _second_party(dirs / "nanhai")
    _party_events(db, case, party_notices.SERVED, (other,), "2026-03-10", "")
    _taken_off(db, case, first)
    export(capsys, dirs, "nanhai", "n1.bundle")
    merged = import_(capsys, dirs, "n1.bundle")
    assert merged["by_table"]["case_events"]["new"] >= 1
    hq = open_db(dirs / "hq")
    try:
        assert hq.execute("SELECT party_id, on_date FROM case_events WHERE case_id = ? AND kind = ?",
                          [case.id, party_notices.SERVED]).fetchall() == [(other, "2026-03-10")]
    finally:
        hq.conn.close()
    assert _party_name(dirs / "hq", other) == ("陈某",)
    # headquarters' hand-out carries the party on to a station that never held it
    take_headquarters_card(capsys, dirs, "shunde")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    shunde = open_db(dirs / "shunde")
    try:
        assert shunde.execute("SELECT party_id FROM case_events WHERE case_id = ? AND kind = ?",
                              [case.id, party_notices.SERVED]).fetchall() == [(other,)]
    finally:
        shunde.conn.close()
    assert _party_name(dirs / "shunde", other) == ("陈某",)


def test_a_document_issued_to_a_party_taken_off_the_case_since_keeps_its_party_at_headquarters(capsys, dirs):
    db, case, first, other = _second_party(dirs / "nanhai")
    document = issue_document(db, dirs / "nanhai", case, find_form("inquiry_notice"), APPEARANCE, party_id=other)
    assert json.loads(db.execute("SELECT values_json FROM documents WHERE id = ?",
                                 [document.id]).fetchone()[0])[PARTY_KEY] == other
    _taken_off(db, case, first)
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    assert _party_name(dirs / "hq", other) == ("陈某",)
    take_headquarters_card(capsys, dirs, "shunde")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    assert _party_name(dirs / "shunde", other) == ("陈某",)
