# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""The party of a reconsideration or litigation in a column of its own (m022, ``clock_events.party_id``): a database
of the version before (the party kept in ``clock``) is moved over when opened, bundles carry the column (and one
from a station of the version before still names the party), and an event of a party removed from the case since
says so and can still be ended."""

from __future__ import annotations

from dataclasses import replace

from tests.helpers import open_db
from tests.test_bundle_hq import dirs, export, import_, template  # noqa: F401
from tests.test_multiparty13 import EMPLOYEE, decided_case, serve
from workstation.db import schema
from workstation.law.case_law import case_law
from workstation.records import ClockEvent
from workstation.store import get_case, update_case
from workstation.store.cases import case_timeline
from workstation.store.clock_events import end_clock_event, record_clock_event

OLD_CLOCK_EVENTS = next(s for s in schema.CLOCKS if "CREATE TABLE clock_events" in s)
OLD_COLUMNS = "id, case_id, kind, clock, starts_on, ends_on, days, approved_on, approved_by, created_at, updated_at"


def _as_before_m022(db, *, undo_migration: bool = True) -> None:
    """Give ``clock_events`` the shape it had before m022 (no ``party_id``; the table must be empty) and, if asked,
    forget that m022 ran, so that it runs when the database is opened again."""
    assert db.execute("SELECT COUNT(*) FROM clock_events").fetchone()[0] == 0
    with db.atomic():
        db.execute("DROP TABLE clock_events")
        db.execute(OLD_CLOCK_EVENTS)
        db.execute("CREATE INDEX clock_events_case ON clock_events(case_id, starts_on)")
        if undo_migration:
            db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm022_clock_event_party'")
            # nor has it the columns added since (m047's no_fine: m047 adds it again, and the triggers the DROP took)
            db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm047_clock_event_no_fine'")
            db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm061_seizure_extension_measure'")  # measure_id


def _insert_old(db, event_id, case_id, kind, clock, starts_on="2026-03-30", ends_on="2026-04-02", days=0,
                approved_on=None, approved_by=""):
    with db.atomic():
        db.execute(f"INSERT INTO clock_events ({OLD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                   "'2026-04-03T09:00:00+08:00', '2026-04-03T09:00:00+08:00')",
                   [event_id, case_id, kind, clock, starts_on, ends_on, days, approved_on, approved_by])


def test_opening_a_database_of_the_version_before_moves_the_party_out_of_clock(db, data_dir, make_case):
    case, company, employee = decided_case(db, data_dir, make_case)
    serve(db, case, "2026-03-12", company, employee)
    _as_before_m022(db)
    _insert_old(db, "own", case.id, "reconsideration", company)
    _insert_old(db, "whole", case.id, "litigation", "", starts_on="2026-04-03", ends_on="2026-04-03")
    _insert_old(db, "gone", case.id, "litigation", "no-such-party", starts_on="2026-04-04", ends_on="2026-04-04")
    _insert_old(db, "ext", case.id, "extension", "T1", starts_on="2026-02-25", days=15, approved_on="2026-02-25",
                approved_by="局长")
    db.conn.close()
    db = open_db(data_dir)  # m022 runs
    try:
        rows = {r[0]: (r[1], r[2]) for r in db.execute("SELECT id, clock, party_id FROM clock_events")}
        assert rows == {"own": ("", company), "whole": ("", None), "gone": ("", None), "ext": ("T1", None)}
        # the company's own reconsideration (4 days) pauses its surcharge only; the two whole-case days both
        law = case_law(db, get_case(db, case.id), on="2026-04-06")
        assert {p.party_id: p.surcharge.paused_days for p in law.parties} == {company: 6, employee: 2}
    finally:
        db.conn.close()


def _station_case(data_dir):
    """Nanhai's case and its one party, with the station's database open; its decision counts as served on
    2026-03-09, so that a reconsideration may begin after it."""
    db = open_db(data_dir)
    case_id, party_id = db.execute("SELECT case_id, party_id FROM case_parties").fetchone()
    db.execute("UPDATE cases SET served_on = '2026-03-09' WHERE id = ?", [case_id])
    return db, case_id, party_id


def test_a_bundle_carries_the_party_of_a_reconsideration(capsys, dirs):
    db, case_id, party_id = _station_case(dirs / "nanhai")
    record_clock_event(db, ClockEvent(case_id=case_id, kind="reconsideration", party_id=party_id,
                                      starts_on="2026-03-10", ends_on="2026-03-12"))
    db.conn.close()
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    hq = open_db(dirs / "hq")
    try:
        assert hq.execute("SELECT clock, party_id FROM clock_events WHERE case_id = ?", [case_id]).fetchall() == [
            ("", party_id)]
    finally:
        hq.conn.close()


def test_a_bundle_of_a_station_of_the_version_before_still_names_the_party(capsys, dirs):
    db, case_id, party_id = _station_case(dirs / "nanhai")
    _as_before_m022(db, undo_migration=False)  # the station's tables as the version before wrote them
    _insert_old(db, "old", case_id, "reconsideration", party_id, starts_on="2026-03-10", ends_on="2026-03-12")
    db.conn.close()
    export(capsys, dirs, "nanhai", "old.bundle")
    import_(capsys, dirs, "old.bundle")
    hq = open_db(dirs / "hq")
    try:
        assert hq.execute("SELECT clock, party_id FROM clock_events WHERE id = 'old'").fetchall() == [("", party_id)]
    finally:
        hq.conn.close()


def test_a_reconsideration_of_a_party_removed_from_the_case_says_so_and_can_still_be_ended(db, data_dir, make_case,
                                                                                         english):
    case, company, employee = decided_case(db, data_dir, make_case)
    serve(db, case, "2026-03-12", company, employee)
    event = record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", party_id=employee,
                                              starts_on="2026-03-30"))
    before = [entry.text for entry in case_timeline(db, get_case(db, case.id))]
    assert f"Administrative reconsideration of {EMPLOYEE} since 2026-03-30" in before
    # the employee is taken off the case (its decision voided first: a party a decision stands for stays on it)
    from workstation.documents.issuing import case_documents, void_document

    void_document(db, next(d.id for d in case_documents(db, case.id) if d.form_id == "penalty_decision"
                           and d.values.get("party_id") == employee), "当事人认定错误")
    update_case(db, replace(get_case(db, case.id), party_ids=[company]))
    lines = [entry.text for entry in case_timeline(db, get_case(db, case.id))]
    assert f"Administrative reconsideration of {EMPLOYEE} (no longer a party to the case) since 2026-03-30" in lines
    ended = end_clock_event(db, event.id, "2026-04-02")  # not refused for naming a party no longer on the case
    assert (ended.party_id, ended.ends_on) == (employee, "2026-04-02")


def test_a_bundle_carries_the_party_of_a_reconsideration_though_it_left_the_case(capsys, dirs):
    from workstation.records import Party
    from workstation.store import save_party

    db, case_id, party_id = _station_case(dirs / "nanhai")
    other = save_party(db, Party(name="陈某", kind="person")).id
    update_case(db, replace(get_case(db, case_id), party_ids=[party_id, other]))
    record_clock_event(db, ClockEvent(case_id=case_id, kind="reconsideration", party_id=other,
                                      starts_on="2026-03-10", ends_on="2026-03-12"))
    update_case(db, replace(get_case(db, case_id), party_ids=[party_id]))  # taken off the case since
    db.conn.close()
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    hq = open_db(dirs / "hq")
    try:
        assert hq.execute("SELECT party_id FROM clock_events WHERE case_id = ?", [case_id]).fetchall() == [(other,)]
        assert hq.execute("SELECT name FROM parties WHERE id = ?", [other]).fetchone() == ("陈某",)
    finally:
        hq.conn.close()
